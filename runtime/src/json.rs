//! The snapshot as JSON ([`Snapshot::to_json`]): a stable document for
//! tools and tests.
//!
//! Schema, version 3. Fields are only ever added, never renamed or
//! removed: a reader of version 1 or 2 reads version 3. Those marked `2`
//! are new in version 2 (the exact-mode, turns and HUD releases), those
//! marked `3` in version 3 (the whole app: code that is not annotated);
//! the rest were in version 1.
//!
//! ```text
//! {
//!   "version": 3,
//!   "mode": "estimate" | "exact",  // crossings from the call sites' types, or counted by the probe
//! 2 "estimate_reason": str|null,   // why not exact
//!   "frames_marked": bool,         // false: everything so far is one long frame
//! 2 "turns": bool,                 // true: each entry of "frames" is a turn (no frames marked; exact mode)
//!   "frames_total": int,           // frames finished since the start
//!   "current": Tally,              // the frame under way
//!   "sites": [ { "id": int, "function": str, "file": str, "line": int, "column": int, "total": Tally,
//! 3             "origin": "annotated" | "api" | "made" | "lumped",  // see Origin: annotated sites first, then the whole app's rows
//! 3             "label": str } ],                                    // a row's library function, a site's collection
//!   "frames": [ { "index": int, "tally": Tally, "memory_growth": int, "live_handles": int|null,
//!                 "duration_ms": float|null,          // since the previous frame ended (idle time included)
//!                 "overflow_sites": int,              // beyond Config::frame_sites
//! 2               "js_calls": int,                    // calls from JS into wasm (exact mode)
//! 2               "live_objects": int|null,           // exported objects JS has not freed (exact mode)
//! 2               "turn": bool,                       // a turn, not a frame
//! 2               "work_ms": float|null,              // time the thread spent in wasm for it (idle time not)
//! 2               "ledger_ms": float|null,            // of work_ms, the ledger's own work
//! 2               "memory_bytes": int|null,           // wasm linear memory at its end
//! 3               "elsewhere": Tally,                 // what code that is not annotated did (its rows are in "sites")
//!                 "sites": [ { "site": id, "tally": Tally } ] } ],
//!   "warnings": [ { "kind": str, "site": id|null,
//! 3                 "function": str|null, "file": str|null, "line": int|null, "column": int|null,  // the site's place
//!                   "message": str, "first_frame": int, "last_frame": int } ]
//! }
//! kind: "unreleased_callback" | "growing_cache" | "live_handles_growing" | "detached_view" | "dropped_while_held" | "per_element_copy"
//!       | 2 "exported_objects_growing" | 2 "long_frame"
//! 2 "js_calls_by_export": { name: int },   // calls from JS into each export since the start (exact mode)
//! 2 "live_objects_by_type": { name: int }, // exported objects JS has not freed, per type (exact mode)
//! 2 "startup": null | {                    // exact mode: what start-up cost, ms since the time origin
//!     "compiled": "streaming" | "bytes" | "sync" | "unknown",
//!     "content_type": str|null, "url": str|null,
//!     "fetch_start_ms", "fetch_end_ms", "compile_start_ms", "compile_end_ms",
//!     "instantiate_start_ms", "instantiate_end_ms", "first_rust_ms": float|null,
//!     "streaming_refused": str|null,       // the Content-Type instantiateStreaming refused
//!     "warning": str|null }                // "served as text/plain: compile waited for the whole download..."
//! 3 "whole_app": null | {                  // exact mode: where calls outside annotated code came from (sampled)
//!     "names": bool, "dwarf": bool, "lines": bool, "app_crate": str,
//!     "stacks": int, "capture_us": int, "period": int,
//!     "sampled_calls": int, "samples": int, "named_calls": int, "app_calls": int, "line_calls": int,
//!     "missing": str|null,                 // what the build lacks to name Rust code, and how to keep it
//!     "places": [ { "calls": int, "samples": int, "api": str, "function": str, "at": str,
//!                   "library": str, "library_at": str } ] }  // busiest first
//! Tally = { "crossings", "handles", "closures_created", "closures_released",
//!           "closures_given", "bytes", 3 "bytes_to_js", 3 "bytes_from_js",
//!           "views", 3 "views_kept", 3 "views_lent", 2 "js_calls" }: ints
//! ```
//! `sites` is ordered by total crossings, busiest first; a frame's `sites`
//! refer to it by `id`.

use std::fmt::Write;

use crate::frame::Snapshot;
use crate::site::{Origin, Site};
use crate::startup::Startup;
use crate::tally::Tally;
use crate::whole::WholeApp;

/// The schema's version (see the module docs).
pub const VERSION: u32 = 3;

/// The snapshot as the document (see the module docs).
pub(crate) fn document(snap: &Snapshot) -> String {
    let mut out = String::with_capacity(256 + 128 * snap.frames.len());
    let all = || snap.sites.iter().chain(&snap.elsewhere);
    let id = |site: &Site| all().position(|s| core::ptr::eq(s.site, site));
    let _ = write!(
        out,
        "{{\"version\":{VERSION},\"mode\":\"{}\",\"frames_marked\":{},\"turns\":{},\"frames_total\":{}",
        if snap.exact { "exact" } else { "estimate" },
        snap.frames_marked,
        snap.turns,
        snap.frames_total
    );
    out.push_str(",\"estimate_reason\":");
    match snap.estimate_reason {
        Some(reason) => string(&mut out, reason),
        None => out.push_str("null"),
    }
    out.push_str(",\"current\":");
    tally(&mut out, &snap.current);
    out.push_str(",\"sites\":[");
    for (i, s) in all().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"id\":{i},\"origin\":\"{}\",\"label\":",
            origin(s.site.origin())
        );
        string(&mut out, s.site.label());
        out.push_str(",\"function\":");
        string(&mut out, s.site.func());
        out.push_str(",\"file\":");
        string(&mut out, s.site.file());
        let _ = write!(
            out,
            ",\"line\":{},\"column\":{},\"total\":",
            s.site.line(),
            s.site.column()
        );
        tally(&mut out, &s.tally);
        out.push('}');
    }
    out.push_str("],\"frames\":[");
    for (i, f) in snap.frames.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{{\"index\":{},\"tally\":", f.index);
        tally(&mut out, &f.tally);
        out.push_str(",\"elsewhere\":");
        tally(&mut out, &f.elsewhere);
        let _ = write!(
            out,
            ",\"memory_growth\":{},\"live_handles\":",
            f.memory_growth
        );
        match f.live_handles {
            Some(n) => {
                let _ = write!(out, "{n}");
            }
            None => out.push_str("null"),
        }
        out.push_str(",\"duration_ms\":");
        float(&mut out, f.duration_ms);
        let _ = write!(
            out,
            ",\"overflow_sites\":{},\"js_calls\":{},\"live_objects\":",
            f.overflow_sites, f.js_calls
        );
        match f.live_objects {
            Some(n) => {
                let _ = write!(out, "{n}");
            }
            None => out.push_str("null"),
        }
        let _ = write!(out, ",\"turn\":{},\"work_ms\":", f.turn);
        float(&mut out, f.work_ms);
        out.push_str(",\"ledger_ms\":");
        float(&mut out, f.ledger_ms);
        out.push_str(",\"memory_bytes\":");
        float(&mut out, f.memory_bytes.map(|b| b as f64));
        out.push_str(",\"sites\":[");
        let mut first = true;
        for s in f.sites.iter().chain(&f.elsewhere_sites) {
            let Some(id) = id(s.site) else { continue };
            if !first {
                out.push(',');
            }
            first = false;
            let _ = write!(out, "{{\"site\":{id},\"tally\":");
            tally(&mut out, &s.tally);
            out.push('}');
        }
        out.push_str("]}");
    }
    out.push_str("],\"warnings\":[");
    for (i, w) in snap.warnings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"kind\":");
        string(&mut out, w.kind.name());
        out.push_str(",\"site\":");
        match w.site.and_then(id) {
            Some(id) => {
                let _ = write!(out, "{id}");
            }
            None => out.push_str("null"),
        }
        // Its place, in the warning itself: a reader need not look the site
        // up (null without a site).
        match w.site {
            Some(site) => {
                out.push_str(",\"function\":");
                string(&mut out, site.func());
                out.push_str(",\"file\":");
                string(&mut out, site.file());
                let _ = write!(
                    out,
                    ",\"line\":{},\"column\":{}",
                    site.line(),
                    site.column()
                );
            }
            None => out.push_str(",\"function\":null,\"file\":null,\"line\":null,\"column\":null"),
        }
        out.push_str(",\"message\":");
        string(&mut out, &w.message);
        let _ = write!(
            out,
            ",\"first_frame\":{},\"last_frame\":{}}}",
            w.first_frame, w.last_frame
        );
    }
    out.push_str("],\"js_calls_by_export\":");
    counts(&mut out, &snap.js_calls_by_export);
    out.push_str(",\"live_objects_by_type\":");
    counts(&mut out, &snap.live_objects_by_type);
    out.push_str(",\"startup\":");
    match &snap.startup {
        Some(s) => startup(&mut out, s),
        None => out.push_str("null"),
    }
    out.push_str(",\"whole_app\":");
    match &snap.whole_app {
        Some(w) => whole_app(&mut out, w),
        None => out.push_str("null"),
    }
    out.push('}');
    out
}

fn origin(o: Origin) -> &'static str {
    match o {
        Origin::Annotated => "annotated",
        Origin::Api => "api",
        Origin::Made => "made",
        Origin::Lumped => "lumped",
    }
}

fn whole_app(out: &mut String, w: &WholeApp) {
    let _ = write!(
        out,
        "{{\"names\":{},\"dwarf\":{},\"lines\":{},\"app_crate\":",
        w.names, w.dwarf, w.lines
    );
    string(out, &w.app_crate);
    let _ = write!(
        out,
        ",\"stacks\":{},\"capture_us\":{},\"period\":{},\"sampled_calls\":{},\"samples\":{},\"named_calls\":{},\"app_calls\":{},\"line_calls\":{},\"missing\":",
        w.stacks, w.capture_us, w.period, w.sampled_calls, w.samples, w.named_calls, w.app_calls, w.line_calls
    );
    match w.missing() {
        Some(m) => string(out, &m),
        None => out.push_str("null"),
    }
    out.push_str(",\"places\":[");
    for (i, p) in w.places.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{{\"calls\":{},\"samples\":{}", p.calls, p.samples);
        for (name, v) in [
            ("api", &p.api),
            ("function", &p.function),
            ("at", &p.at),
            ("library", &p.library),
            ("library_at", &p.library_at),
        ] {
            let _ = write!(out, ",\"{name}\":");
            string(out, v);
        }
        out.push('}');
    }
    out.push_str("]}");
}

fn startup(out: &mut String, s: &Startup) {
    out.push_str("{\"compiled\":");
    string(out, s.compiled.name());
    let texts = [
        ("content_type", &s.content_type),
        ("url", &s.url),
        ("streaming_refused", &s.streaming_refused),
        ("warning", &s.warning),
    ];
    for (name, v) in texts {
        let _ = write!(out, ",\"{name}\":");
        match v {
            Some(v) => string(out, v),
            None => out.push_str("null"),
        }
    }
    let times = [
        ("fetch_start_ms", s.fetch_start_ms),
        ("fetch_end_ms", s.fetch_end_ms),
        ("compile_start_ms", s.compile_start_ms),
        ("compile_end_ms", s.compile_end_ms),
        ("instantiate_start_ms", s.instantiate_start_ms),
        ("instantiate_end_ms", s.instantiate_end_ms),
        ("first_rust_ms", s.first_rust_ms),
    ];
    for (name, v) in times {
        let _ = write!(out, ",\"{name}\":");
        float(out, v);
    }
    out.push('}');
}

/// A number, or `null` (also for what JSON cannot hold: NaN, infinities).
pub(crate) fn float(out: &mut String, v: Option<f64>) {
    match v {
        Some(v) if v.is_finite() => {
            let _ = write!(out, "{v}");
        }
        _ => out.push_str("null"),
    }
}

/// `{"name":n,...}`.
fn counts(out: &mut String, pairs: &[(String, u64)]) {
    out.push('{');
    for (i, (name, n)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, name);
        let _ = write!(out, ":{n}");
    }
    out.push('}');
}

fn tally(out: &mut String, t: &Tally) {
    let _ = write!(
        out,
        "{{\"crossings\":{},\"handles\":{},\"closures_created\":{},\"closures_released\":{},\"closures_given\":{},\"bytes\":{},\"bytes_to_js\":{},\"bytes_from_js\":{},\"views\":{},\"views_kept\":{},\"views_lent\":{},\"js_calls\":{}}}",
        t.crossings,
        t.handles,
        t.closures_created,
        t.closures_released,
        t.closures_given,
        t.bytes,
        t.bytes_to_js,
        t.bytes_from_js,
        t.views,
        t.views_kept,
        t.views_lent,
        t.js_calls
    );
}

/// A JSON string, escaped.
pub(crate) fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Frame, SiteTally};
    use crate::warning::{Warning, WarningKind};

    static S: Site = Site::new("draw \"fast\"", "src\\lib.rs", 3, 7);
    static ROW: Site =
        Site::whole_app(Origin::Api, "(not annotated)", "Node.appendChild", 0, 0, "");

    #[test]
    fn the_document_has_the_documented_shape() {
        let t = Tally {
            crossings: 2,
            handles: 1,
            ..Tally::default()
        };
        let snap = Snapshot {
            frames: vec![Frame {
                index: 4,
                tally: t,
                sites: vec![SiteTally { site: &S, tally: t }],
                elsewhere: t,
                elsewhere_sites: vec![SiteTally { site: &ROW, tally: t }],
                memory_growth: 65536,
                live_handles: Some(9),
                duration_ms: Some(16.5),
                overflow_sites: 0,
                js_calls: 3,
                live_objects: Some(1),
                turn: false,
                work_ms: Some(12.5),
                ledger_ms: Some(0.25),
                memory_bytes: None,
            }],
            frames_total: 5,
            frames_marked: true,
            turns: false,
            current: Tally::default(),
            sites: vec![SiteTally { site: &S, tally: t }],
            elsewhere: vec![SiteTally { site: &ROW, tally: t }],
            whole_app: Some(WholeApp::parse(
                "names=1\ndwarf=1\nlines=1\napp_crate=todo\nstacks=3\ncapture_us=20\nperiod=1",
                "#\t2\t2\t2\t2\t2\n2\t2\tNode.appendChild\ttodo::row\tsrc/lib.rs:9\ttachys::mount\t",
            )),
            warnings: vec![Warning {
                kind: WarningKind::DetachedView,
                site: Some(&S),
                message: "grew".into(),
                first_frame: 4,
                last_frame: 4,
            }],
            exact: false,
            estimate_reason: Some("no probe"),
            js_calls_by_export: vec![("tick".into(), 60)],
            live_objects_by_type: vec![],
            startup: Startup::parse(
                "how=bytes\nurl=http://x/a.wasm\nrefusedType=text/plain\nfetchStart=1\nfetchEnd=9.5\nwarning=served as text/plain",
            ),
        };
        let t_json = "{\"crossings\":2,\"handles\":1,\"closures_created\":0,\"closures_released\":0,\"closures_given\":0,\"bytes\":0,\"bytes_to_js\":0,\"bytes_from_js\":0,\"views\":0,\"views_kept\":0,\"views_lent\":0,\"js_calls\":0}";
        let zero = "{\"crossings\":0,\"handles\":0,\"closures_created\":0,\"closures_released\":0,\"closures_given\":0,\"bytes\":0,\"bytes_to_js\":0,\"bytes_from_js\":0,\"views\":0,\"views_kept\":0,\"views_lent\":0,\"js_calls\":0}";
        let expected = format!(
            "{{\"version\":3,\"mode\":\"estimate\",\"frames_marked\":true,\"turns\":false,\"frames_total\":5,\"estimate_reason\":\"no probe\",\"current\":{zero},\
             \"sites\":[{{\"id\":0,\"origin\":\"annotated\",\"label\":\"\",\"function\":\"draw \\\"fast\\\"\",\"file\":\"src\\\\lib.rs\",\"line\":3,\"column\":7,\"total\":{t_json}}},\
             {{\"id\":1,\"origin\":\"api\",\"label\":\"\",\"function\":\"(not annotated)\",\"file\":\"Node.appendChild\",\"line\":0,\"column\":0,\"total\":{t_json}}}],\
             \"frames\":[{{\"index\":4,\"tally\":{t_json},\"elsewhere\":{t_json},\"memory_growth\":65536,\"live_handles\":9,\"duration_ms\":16.5,\"overflow_sites\":0,\"js_calls\":3,\"live_objects\":1,\
             \"turn\":false,\"work_ms\":12.5,\"ledger_ms\":0.25,\"memory_bytes\":null,\"sites\":[{{\"site\":0,\"tally\":{t_json}}},{{\"site\":1,\"tally\":{t_json}}}]}}],\"warnings\":[{{\"kind\":\"detached_view\",\"site\":0,\
             \"function\":\"draw \\\"fast\\\"\",\"file\":\"src\\\\lib.rs\",\"line\":3,\"column\":7,\
             \"message\":\"grew\",\"first_frame\":4,\"last_frame\":4}}],\
             \"js_calls_by_export\":{{\"tick\":60}},\"live_objects_by_type\":{{}},\
             \"startup\":{{\"compiled\":\"bytes\",\"content_type\":null,\"url\":\"http://x/a.wasm\",\"streaming_refused\":\"text/plain\",\
             \"warning\":\"served as text/plain\",\"fetch_start_ms\":1,\"fetch_end_ms\":9.5,\"compile_start_ms\":null,\"compile_end_ms\":null,\
             \"instantiate_start_ms\":null,\"instantiate_end_ms\":null,\"first_rust_ms\":null}},\
             \"whole_app\":{{\"names\":true,\"dwarf\":true,\"lines\":true,\"app_crate\":\"todo\",\"stacks\":3,\"capture_us\":20,\"period\":1,\
             \"sampled_calls\":2,\"samples\":2,\"named_calls\":2,\"app_calls\":2,\"line_calls\":2,\"missing\":null,\
             \"places\":[{{\"calls\":2,\"samples\":2,\"api\":\"Node.appendChild\",\"function\":\"todo::row\",\"at\":\"src/lib.rs:9\",\"library\":\"tachys::mount\",\"library_at\":\"\"}}]}}}}"
        );
        assert_eq!(document(&snap), expected);
    }
}
