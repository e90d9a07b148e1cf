//! What the ledger prints, built as plain data and text (tested on the
//! host); `output` puts it on the console.

use std::fmt::Write;

use crate::frame::{Frame, SiteTally, Snapshot};
use crate::tally::Tally;

/// A periodic report: a summary line and a table of the busiest sites.
#[derive(Debug, PartialEq)]
pub(crate) struct Report {
    /// What the rows are averaged over: `frame`, or `turn`.
    pub unit: &'static str,
    pub summary: String,
    /// Lines under the summary: how the numbers were taken.
    pub notes: Vec<String>,
    pub rows: Vec<Row>,
    /// Every warning so far, as kept up to date.
    /// The warnings raised so far, each as one "still active" line (each
    /// was printed in full, once, when raised).
    pub warnings: Vec<String>,
}

/// One line of the site table, averaged per frame over the reported frames.
#[derive(Debug, PartialEq)]
pub(crate) struct Row {
    pub function: &'static str,
    pub site: String,
    pub crossings: f64,
    pub handles: f64,
    pub closures: String,
    pub bytes: f64,
}

impl Report {
    /// The site table as a JSON array of rows, as `console.table` shows
    /// them: handed to JS in one string, parsed there in one call (built
    /// cell by cell in JS it took a call per cell and per string).
    #[cfg(any(test, all(target_arch = "wasm32", wasm_ledger_on)))]
    pub(crate) fn table_json(&self) -> String {
        use crate::json::{float, string};
        let mut out = String::from("[");
        for (i, r) in self.rows.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"function\":");
            string(&mut out, r.function);
            out.push_str(",\"site\":");
            string(&mut out, &r.site);
            for (what, v) in [("crossings", r.crossings), ("handles", r.handles)] {
                out.push(',');
                string(&mut out, &format!("{what}/{}", self.unit));
                out.push(':');
                float(&mut out, Some(v));
            }
            out.push_str(",\"closures\":");
            string(&mut out, &r.closures);
            out.push(',');
            string(&mut out, &format!("bytes/{}", self.unit));
            out.push(':');
            float(&mut out, Some(r.bytes));
            out.push('}');
        }
        out.push(']');
        out
    }

    /// The report over `recent` frames (the tail of `snap.frames`).
    pub fn new(snap: &Snapshot, recent: &[Frame], table_rows: usize) -> Report {
        if !snap.frames_marked || recent.is_empty() {
            return Report::one_long_frame(snap, table_rows);
        }
        let n = recent.len() as f64;
        let mut total = Tally::default();
        let mut elsewhere = Tally::default();
        let mut per_site: Vec<SiteTally> = Vec::new();
        for frame in recent {
            total.add(&frame.tally);
            elsewhere.add(&frame.elsewhere);
            for s in frame.sites.iter().chain(&frame.elsewhere_sites) {
                match per_site.iter_mut().find(|p| core::ptr::eq(p.site, s.site)) {
                    Some(p) => p.tally.add(&s.tally),
                    None => per_site.push(*s),
                }
            }
        }
        crate::order::most_first(&mut per_site, |s| s.tally.crossings);
        let (first, last) = (recent[0].index, recent[recent.len() - 1].index);
        let unit = if snap.turns { "turn" } else { "frame" };
        // The whole app: annotated code, and what the rest did (its calls
        // into JS by JS API, its closures by the line that made them).
        let outside = elsewhere.crossings;
        total.add(&elsewhere);
        let mode = match (snap.exact, outside) {
            (true, 0) => mode(snap).to_string(),
            (true, _) => format!(" (exact; {} outside annotated code)", per_frame(outside, n)),
            (false, _) => mode(snap).to_string(),
        };
        let mut summary = format!(
            "wasm-ledger · {unit}s {first}–{last} · {} crossings/{unit}{} · {} handles/{unit} · closures +{} −{} →JS {} · {}/{unit} copied{}",
            per_frame(total.crossings, n),
            mode,
            per_frame(total.handles, n),
            total.closures_created,
            total.closures_released,
            total.closures_given,
            bytes(total.bytes as f64 / n),
            directions(&total, n, unit),
        );
        let growth: u64 = recent.iter().map(|f| f.memory_growth).sum();
        if growth > 0 {
            let _ = write!(summary, " · memory +{}", bytes(growth as f64));
        }
        let overflow = recent.iter().map(|f| f.overflow_sites).max().unwrap_or(0);
        if overflow > 0 {
            let _ = write!(
                summary,
                " · up to {overflow} sites/frame beyond the cap (in the totals)"
            );
        }
        if let Some(live) = recent[recent.len() - 1].live_handles {
            let _ = write!(summary, " · {live} live handles");
        }
        let timed: Vec<f64> = recent.iter().filter_map(|f| f.duration_ms).collect();
        if !timed.is_empty() {
            let ms = timed.iter().sum::<f64>() / timed.len() as f64;
            // A frame's time is the frame; a turn's is mostly the wait for
            // the next event.
            let _ = if snap.turns {
                write!(summary, " · a turn every {ms:.1} ms")
            } else {
                write!(summary, " · {ms:.1} ms/frame")
            };
        }
        if snap.exact {
            let calls: u64 = recent.iter().map(|f| f.js_calls).sum();
            let _ = write!(summary, " · {} JS→wasm calls/{unit}", per_frame(calls, n));
            if let Some(live) = recent[recent.len() - 1].live_objects.filter(|&n| n > 0) {
                let _ = write!(summary, " · {live} exported objects alive");
            }
        }
        if !snap.warnings.is_empty() {
            let _ = write!(
                summary,
                " · {} warning{}",
                snap.warnings.len(),
                if snap.warnings.len() == 1 { "" } else { "s" }
            );
        }
        let mut notes = notes(snap);
        notes.extend(memory_note(snap, recent, unit, growth));
        notes.extend(whole_app_notes(snap, table_rows));
        Report {
            unit,
            summary,
            notes,
            rows: rows(&per_site, n, table_rows),
            warnings: snap.warnings.iter().map(|w| w.still_active(unit)).collect(),
        }
    }

    fn one_long_frame(snap: &Snapshot, table_rows: usize) -> Report {
        let t = &snap.current;
        // With the probe, an app without frames is judged by turns, from
        // the first one's end; with the estimate there are none.
        let why = if snap.exact {
            "no #[wasm_ledger::frame], no end_frame() and no turn ended yet"
        } else {
            "no #[wasm_ledger::frame] and no end_frame() yet; turns need the probe"
        };
        let summary = format!(
            "wasm-ledger · one long frame ({why}) · {} crossings{} · {} handles · closures +{} −{} →JS {} · {} copied{}",
            t.crossings,
            mode(snap),
            t.handles,
            t.closures_created,
            t.closures_released,
            t.closures_given,
            bytes(t.bytes as f64),
            directions(t, 1.0, "frame"),
        );
        let mut notes = notes(snap);
        notes.extend(whole_app_notes(snap, table_rows));
        let mut all: Vec<SiteTally> = snap.sites.iter().chain(&snap.elsewhere).copied().collect();
        crate::order::most_first(&mut all, |s| s.tally.crossings);
        Report {
            unit: "frame",
            summary,
            notes,
            rows: rows(&all, 1.0, table_rows),
            warnings: snap
                .warnings
                .iter()
                .map(|w| w.still_active("frame"))
                .collect(),
        }
    }

    /// The report as plain text lines (the host's output, and failing
    /// assertions of `testing`).
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.summary.clone()];
        lines.extend(self.notes.iter().cloned());
        lines.extend(self.warnings.iter().cloned());
        for r in &self.rows {
            lines.push(format!(
                "  {:>8} crossings/{u}  {:>6} handles/{u}  closures {:<12} {:>9}/{u}  {} ({})",
                r.crossings,
                r.handles,
                r.closures,
                bytes(r.bytes),
                r.function,
                r.site,
                u = self.unit
            ));
        }
        lines
    }
}

/// The bytes copied by direction, and the slices lent as views, after the
/// total: ` (1.0 KiB to JS, 12 B from JS; 3 slices lent as views)`; empty
/// when nothing moved.
fn directions(t: &Tally, n: f64, unit: &str) -> String {
    let mut out = String::new();
    if t.bytes > 0 {
        let _ = write!(
            out,
            " ({} to JS, {} from JS",
            bytes(t.bytes_to_js as f64 / n),
            bytes(t.bytes_from_js as f64 / n)
        );
    }
    if t.views_kept > 0 {
        out.push_str(if out.is_empty() { " (" } else { "; " });
        let kept = per_frame(t.views_kept, n);
        let s = if kept == "1" { "" } else { "s" };
        let _ = write!(out, "{kept} view{s} of wasm memory kept by JS/{unit}");
    }
    if t.views_lent > 0 {
        out.push_str(if out.is_empty() { " (" } else { "; " });
        let lent = per_frame(t.views_lent, n);
        let s = if lent == "1" { " " } else { "s " };
        let _ = write!(out, "{lent} slice{s}lent as views/{unit}, zero-copy");
    }
    if !out.is_empty() {
        out.push(')');
    }
    out
}

/// How the numbers were taken, when it is not the usual way: the estimate,
/// and why.
fn notes(snap: &Snapshot) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(reason) = snap.estimate_reason.filter(|_| !snap.exact) {
        notes.push(format!(
            "crossings and closures estimated from the call sites' types, not counted by the probe: {reason}; \
             bytes are typed-array copies only (strings and vectors are counted by the probe)"
        ));
    }
    let list = |pairs: &[(String, u64)]| {
        pairs
            .iter()
            .take(5)
            .map(|(name, n)| format!("{name} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !snap.js_calls_by_export.is_empty() {
        notes.push(format!(
            "calls from JS into exported functions since the start: {}",
            list(&snap.js_calls_by_export)
        ));
    }
    if !snap.live_objects_by_type.is_empty() {
        notes.push(format!(
            "exported objects JS holds (not freed): {}",
            list(&snap.live_objects_by_type)
        ));
    }
    notes
}

/// The ledger's own calls into JS since the last report began, as the
/// probe counted them: the bookkeeping at frame and turn ends (none where
/// the probe hands over the time), and the output (reports, the HUD).
pub(crate) fn own_calls_note(bookkeeping: u32, output: u32) -> String {
    format!(
        "the ledger's own calls into JS since the last report: {bookkeeping} at frame and turn ends, \
         {output} in its output (reports, the HUD); neither is in the counts above"
    )
}

/// Where the calls into JS made outside annotated code came from, since
/// the start: the sampled Rust places, busiest first (at most `limit`), how
/// much of it has a Rust function, the app's own code, a line; and what the
/// build lacks to say more.
fn whole_app_notes(snap: &Snapshot, limit: usize) -> Vec<String> {
    let Some(w) = &snap.whole_app else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    if let Some(missing) = w.missing() {
        notes.push(missing);
    }
    if w.sampled_calls == 0 || w.places.is_empty() {
        return notes;
    }
    notes.push(format!(
        "outside annotated code, where the calls into JS came from since the start (estimated from {} sampled stacks, \
         1 call in {} at most; {:.0}% named a Rust function, {:.0}% the app's own code, {:.0}% a line):",
        w.samples,
        w.period.max(1),
        w.share(w.named_calls),
        w.share(w.app_calls),
        w.share(w.line_calls),
    ));
    for p in w.places.iter().take(limit.max(1)) {
        notes.push(format!(
            "  {:>8} calls  {:<28} {}  ({} sample{})",
            p.calls,
            p.api,
            p.describe(),
            p.samples,
            if p.samples == 1 { "" } else { "s" }
        ));
    }
    notes
}

/// When wasm memory grew in the reported frames (by `growth` bytes): what that means, beside
/// what a leak would show. Linear memory never shrinks, so memory that rose
/// and stays is a high-water mark; a leak is a count that keeps growing.
fn memory_note(snap: &Snapshot, recent: &[Frame], unit: &str, growth: u64) -> Option<String> {
    if growth == 0 {
        return None;
    }
    let mut note = format!(
        "wasm memory grew by {} in these {unit}s: linear memory never shrinks, so memory that rose and then \
         stays flat is a high-water mark, not a leak; a leak is a count that keeps growing",
        bytes(growth as f64)
    );
    let live: Vec<u32> = recent.iter().filter_map(|f| f.live_handles).collect();
    if let (Some(first), Some(last)) = (live.first(), live.last()) {
        let _ = write!(note, " · live JS handles {first} → {last}");
    }
    let alive: u64 = snap
        .sites
        .iter()
        .map(|s| {
            s.tally
                .closures_created
                .saturating_sub(s.tally.closures_released)
        })
        .sum();
    let _ = write!(note, " · closures alive {alive}");
    let objects: Vec<u64> = recent.iter().filter_map(|f| f.live_objects).collect();
    if let (Some(first), Some(last)) = (objects.first(), objects.last()) {
        let _ = write!(note, " · exported objects {first} → {last}");
    }
    let leaks = snap.warnings.iter().any(|w| {
        use crate::warning::WarningKind::*;
        matches!(
            w.kind,
            UnreleasedCallback | GrowingCache | LiveHandlesGrowing | ExportedObjectsGrowing
        )
    });
    note.push_str(if leaks {
        " (see the warnings)"
    } else {
        " (none keeps growing: no leak found)"
    });
    Some(note)
}

/// Which crossings these are: counted by the probe, or estimated from the
/// call sites' types.
fn mode(snap: &Snapshot) -> &'static str {
    if snap.exact {
        " (exact)"
    } else {
        " (estimated)"
    }
}

fn rows(sites: &[SiteTally], n: f64, limit: usize) -> Vec<Row> {
    sites
        .iter()
        .take(limit)
        .map(|s| Row {
            function: s.site.func(),
            site: s.site.to_string(),
            crossings: round(s.tally.crossings as f64 / n),
            handles: round(s.tally.handles as f64 / n),
            closures: format!(
                "+{} −{} →JS {}",
                s.tally.closures_created, s.tally.closures_released, s.tally.closures_given
            ),
            bytes: round(s.tally.bytes as f64 / n),
        })
        .collect()
}

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn per_frame(count: u64, frames: f64) -> String {
    let v = round(count as f64 / frames);
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

pub(crate) fn bytes(b: f64) -> String {
    if b >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", b / (1024.0 * 1024.0))
    } else if b >= 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{b:.0} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Site;

    static DRAW: Site = Site::new("draw", "src/lib.rs", 12, 9);
    static INPUT: Site = Site::new("input", "src/lib.rs", 30, 5);

    fn frame(index: u64, draw: u64, input: u64) -> Frame {
        let d = Tally {
            crossings: draw,
            bytes: 4096 + 1024,
            bytes_to_js: 4096,
            bytes_from_js: 1024,
            views_lent: 3,
            ..Tally::default()
        };
        let i = Tally {
            crossings: input,
            handles: 1,
            ..Tally::default()
        };
        let mut tally = d;
        tally.add(&i);
        Frame {
            index,
            tally,
            sites: vec![
                SiteTally {
                    site: &DRAW,
                    tally: d,
                },
                SiteTally {
                    site: &INPUT,
                    tally: i,
                },
            ],
            elsewhere: Tally::default(),
            elsewhere_sites: Vec::new(),
            memory_growth: 0,
            live_handles: Some(12),
            duration_ms: Some(16.0),
            overflow_sites: 0,
            js_calls: 0,
            live_objects: None,
            turn: false,
            work_ms: None,
            ledger_ms: None,
            memory_bytes: None,
        }
    }

    #[test]
    fn the_report_averages_per_frame_and_names_the_busiest_sites() {
        let frames = vec![frame(60, 40, 2), frame(61, 42, 2)];
        let snap = Snapshot {
            frames: frames.clone(),
            frames_total: 62,
            frames_marked: true,
            ..Snapshot::default()
        };
        let report = Report::new(&snap, &frames, 20);
        assert_eq!(
            report.summary,
            "wasm-ledger · frames 60–61 · 43 crossings/frame (estimated) · 1 handles/frame · closures +0 −0 →JS 0 · 5.0 KiB/frame copied (4.0 KiB to JS, 1.0 KiB from JS; 3 slices lent as views/frame, zero-copy) · 12 live handles · 16.0 ms/frame"
        );
        assert_eq!(report.rows.len(), 2);
        assert_eq!(report.rows[0].function, "draw");
        assert_eq!(report.rows[0].site, "src/lib.rs:12:9");
        assert_eq!(report.rows[0].crossings, 41.0);
        assert_eq!(report.rows[1].handles, 1.0);
        // What console.table gets, in one string.
        assert_eq!(
            report.table_json(),
            format!(
                "[{{\"function\":\"draw\",\"site\":\"src/lib.rs:12:9\",\"crossings/frame\":41,\"handles/frame\":0,\"closures\":\"{}\",\"bytes/frame\":5120}},\
                 {{\"function\":\"input\",\"site\":\"src/lib.rs:30:5\",\"crossings/frame\":2,\"handles/frame\":1,\"closures\":\"{}\",\"bytes/frame\":0}}]",
                report.rows[0].closures, report.rows[1].closures
            )
        );
    }

    #[test]
    fn the_whole_app_is_in_the_summary_the_rows_and_the_notes() {
        static ROW: Site = Site::whole_app(
            crate::site::Origin::Api,
            "(not annotated)",
            "Node.insertBefore",
            0,
            0,
            "",
        );
        let mut frames = vec![frame(60, 40, 2), frame(61, 42, 2)];
        for f in &mut frames {
            f.elsewhere = Tally {
                crossings: 100,
                ..Tally::default()
            };
            f.elsewhere_sites = vec![SiteTally {
                site: &ROW,
                tally: f.elsewhere,
            }];
        }
        let snap = Snapshot {
            frames: frames.clone(),
            frames_total: 62,
            frames_marked: true,
            exact: true,
            whole_app: Some(crate::whole::WholeApp::parse(
                "names=1\ndwarf=1\nlines=1\nperiod=4",
                "#\t200\t10\t200\t150\t190\n\
                 200\t10\tNode.insertBefore\ttodo::row\tsrc/todos.rs:55\ttachys::mount\t",
            )),
            ..Snapshot::default()
        };
        let report = Report::new(&snap, &frames, 20);
        assert!(
            report
                .summary
                .contains("143 crossings/frame (exact; 100 outside annotated code)"),
            "{}",
            report.summary
        );
        assert_eq!(
            report.rows[0].site, "Node.insertBefore",
            "busiest first, annotated or not"
        );
        assert_eq!(report.rows[0].function, "(not annotated)");
        let notes = report.notes.join("\n");
        assert!(notes.contains("10 sampled stacks, 1 call in 4 at most; 100% named a Rust function, 75% the app's own code, 95% a line"), "{notes}");
        assert!(
            notes.contains("todo::row — src/todos.rs:55 → tachys::mount"),
            "{notes}"
        );
    }

    #[test]
    fn memory_that_grew_is_told_apart_from_a_leak() {
        let mut frames = vec![frame(60, 40, 2), frame(61, 42, 2)];
        frames[0].memory_growth = 131_072;
        let snap = Snapshot {
            frames: frames.clone(),
            frames_total: 62,
            frames_marked: true,
            ..Snapshot::default()
        };
        let note = Report::new(&snap, &frames, 20)
            .notes
            .into_iter()
            .find(|n| n.starts_with("wasm memory grew by 128.0 KiB"))
            .expect("a note on the growth");
        assert!(note.contains("a high-water mark, not a leak"), "{note}");
        assert!(note.contains("live JS handles 12 → 12"), "{note}");
        assert!(
            note.ends_with("(none keeps growing: no leak found)"),
            "{note}"
        );
        // No growth, no note.
        let steady = vec![frame(62, 40, 2)];
        assert!(Report::new(&snap, &steady, 20).notes.is_empty());
    }

    #[test]
    fn without_frames_the_report_says_it_is_one_long_frame() {
        let snap = Snapshot {
            current: Tally {
                crossings: 7,
                ..Tally::default()
            },
            sites: vec![SiteTally {
                site: &DRAW,
                tally: Tally {
                    crossings: 7,
                    ..Tally::default()
                },
            }],
            ..Snapshot::default()
        };
        let report = Report::new(&snap, &[], 20);
        assert!(
            report.summary.contains("one long frame"),
            "{}",
            report.summary
        );
        assert!(report.summary.contains("7 crossings"), "{}", report.summary);
        assert_eq!(report.rows.len(), 1);
        assert_eq!(report.lines().len(), 2);
    }
}
