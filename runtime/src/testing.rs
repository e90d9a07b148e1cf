//! Assertions for tests, in the spirit of dhat's testing mode: reset the
//! ledger, run code for some frames, then assert what the ledger saw. A
//! failing assertion panics with the ledger's report, so the test output
//! shows why.
//!
//! ```no_run
//! use wasm_ledger::{testing, WarningKind};
//!
//! # fn tick() {}
//! testing::reset();
//! testing::run_frames(10, |_| tick());
//! testing::assert_no_warnings();
//! testing::assert_crossings_per_frame(None, 50);
//! ```

use crate::frame::Snapshot;
use crate::ledger::{self, reset as reset_ledger, snapshot, FrameGuard};
use crate::report::Report;
use crate::site::Site;
use crate::warning::{Warning, WarningKind};

/// Forgets every frame, warning and detector memory (sites keep their
/// totals), so a test starts from a clean ledger.
pub fn reset() {
    reset_ledger();
}

/// Runs `f` for `frames` frames, each call exactly one frame (`f` gets the
/// frame number, from 0); a `#[frame]` function that `f` calls is part of
/// it, not a frame of its own.
pub fn run_frames(frames: usize, mut f: impl FnMut(usize)) {
    for i in 0..frames {
        // A frame of its own, which a `#[frame]` function called by `f`
        // joins (nested), so each call is exactly one frame.
        let frame = FrameGuard::enter();
        f(i);
        drop(frame);
    }
}

/// Ends a turn, as the probe does when a call from JS into wasm that ran
/// annotated code returns to JS (for host tests of code measured by turns;
/// ignored once a frame was marked).
pub fn end_turn() {
    ledger::end_turn();
}

/// Panics (with the report) if any warning was raised.
#[track_caller]
pub fn assert_no_warnings() {
    let snap = snapshot();
    if !snap.warnings.is_empty() {
        fail(
            &snap,
            &format!("expected no warnings, found {}", snap.warnings.len()),
        );
    }
}

/// Panics (with the report) unless a warning of `kind` was raised at a site
/// matching `at`: `"file:line"`, `"file:line:column"`, or a function name.
/// Returns the warning.
#[track_caller]
pub fn assert_warning(kind: WarningKind, at: &str) -> Warning {
    let snap = snapshot();
    match snap
        .warnings
        .iter()
        .find(|w| w.kind == kind && w.site.is_some_and(|s| matches(s, at)))
    {
        Some(w) => w.clone(),
        None => fail(
            &snap,
            &format!("expected a `{}` warning at {at}", kind.name()),
        ),
    }
}

/// Panics (with the report) unless every finished frame in the window
/// crossed at most `budget` times, at the sites matching `at` (`None`: the
/// whole frame).
#[track_caller]
pub fn assert_crossings_per_frame(at: Option<&str>, budget: u64) {
    let snap = snapshot();
    for frame in &snap.frames {
        let crossings = match at {
            None => frame.crossings(),
            Some(at) => frame
                .sites
                .iter()
                .filter(|s| matches(s.site, at))
                .map(|s| s.tally.crossings)
                .sum(),
        };
        if crossings > budget {
            let what = at.map_or("the frame".to_string(), |a| format!("sites at {a}"));
            fail(
                &snap,
                &format!(
                    "frame {}: {what} crossed {crossings} times, over the budget of {budget}",
                    frame.index
                ),
            );
        }
    }
}

/// What is alive after one loop of [`assert_loops_leave_nothing`].
struct Alive {
    live_handles: Option<u64>,
    live_objects: Option<u64>,
    /// Closures alive per site (made and not released so far).
    closures: Vec<(&'static Site, u64)>,
}

impl Alive {
    fn now() -> Alive {
        let snap = snapshot();
        let last = snap.frames.last();
        Alive {
            live_handles: last.and_then(|f| f.live_handles).map(u64::from),
            live_objects: last.and_then(|f| f.live_objects),
            closures: snap
                .sites
                .iter()
                .chain(&snap.elsewhere)
                .map(|s| {
                    let t = &s.tally;
                    (
                        s.site,
                        t.closures_created.saturating_sub(t.closures_released),
                    )
                })
                .collect(),
        }
    }

    fn closures_at(&self, site: &'static Site) -> u64 {
        self.closures
            .iter()
            .find(|(s, _)| core::ptr::eq(*s, site))
            .map_or(0, |(_, n)| *n)
    }
}

/// Runs `action` and then `undo`, `loops` times (at least 3), each pair one
/// frame, after one warm-up pair; panics (with the report) naming what grew
/// in every loop: live JS handles (with the sites that made the most),
/// closures alive at a site, exported objects JS holds. In the spirit of
/// BLeak and memlab: an action and its undo (add a row, remove it) must
/// leave nothing behind, however many times they run.
///
/// ```no_run
/// # fn add_row() {}
/// # fn remove_row() {}
/// wasm_ledger::testing::reset();
/// wasm_ledger::testing::assert_loops_leave_nothing(10, add_row, remove_row);
/// ```
#[track_caller]
pub fn assert_loops_leave_nothing(loops: usize, action: impl FnMut(), undo: impl FnMut()) {
    let loops = loops.max(3);
    let grew = what_loops_leave(loops, action, undo);
    if !grew.is_empty() {
        fail(
            &snapshot(),
            &format!(
                "after {loops} loops of an action and its undo, these grew in every loop: {}",
                grew.join("; ")
            ),
        );
    }
}

/// What [`assert_loops_leave_nothing`] judges, without judging: one line
/// per thing that grew in every one of `loops` loops (at least 3), each
/// starting with what it is (`live JS handles`, `closures alive made at`,
/// `exported objects`). Empty when the loops left nothing behind.
pub fn what_loops_leave(
    loops: usize,
    mut action: impl FnMut(),
    mut undo: impl FnMut(),
) -> Vec<String> {
    let loops = loops.max(3);
    let mut one = || {
        let frame = FrameGuard::enter();
        action();
        undo();
        drop(frame);
        Alive::now()
    };
    let _warm = one();
    let readings: Vec<Alive> = (0..loops).map(|_| one()).collect();
    let every = |of: &dyn Fn(&Alive) -> Option<u64>| {
        readings
            .windows(2)
            .all(|w| matches!((of(&w[0]), of(&w[1])), (Some(a), Some(b)) if b > a))
    };
    let (first, last) = (&readings[0], &readings[readings.len() - 1]);
    let mut grew = Vec::new();
    if every(&|a| a.live_handles) {
        let snap = snapshot();
        let mut makers: Vec<(&'static Site, u64)> = Vec::new();
        for f in snap.frames.iter().rev().take(loops) {
            for s in f
                .sites
                .iter()
                .chain(&f.elsewhere_sites)
                .filter(|s| s.tally.handles > 0)
            {
                match makers.iter_mut().find(|(m, _)| core::ptr::eq(*m, s.site)) {
                    Some((_, n)) => *n += s.tally.handles,
                    None => makers.push((s.site, s.tally.handles)),
                }
            }
        }
        crate::order::most_first(&mut makers, |m| m.1);
        let by: Vec<String> = makers
            .iter()
            .take(3)
            .map(|(s, n)| format!("{n} made by {} ({s})", s.func()))
            .collect();
        grew.push(format!(
            "live JS handles {} → {}{}",
            first.live_handles.unwrap_or(0),
            last.live_handles.unwrap_or(0),
            if by.is_empty() {
                String::new()
            } else {
                format!(" ({})", by.join(", "))
            }
        ));
    }
    for (site, _) in &last.closures {
        if every(&|a| Some(a.closures_at(site))) {
            grew.push(format!(
                "closures alive made at {site} in {} {} → {}",
                site.func(),
                first.closures_at(site),
                last.closures_at(site)
            ));
        }
    }
    if every(&|a| a.live_objects) {
        grew.push(format!(
            "exported objects JS holds {} → {}",
            first.live_objects.unwrap_or(0),
            last.live_objects.unwrap_or(0)
        ));
    }
    grew
}

fn matches(site: &Site, at: &str) -> bool {
    let full = site.to_string();
    at == site.func()
        || at == full
        || full
            .strip_prefix(at)
            .is_some_and(|rest| rest.starts_with(':'))
        || {
            // "file:line" without the column
            let line = format!("{}:{}", site.file(), site.line());
            at == line
        }
}

#[track_caller]
fn fail(snap: &Snapshot, why: &str) -> ! {
    let report = Report::new(snap, &snap.frames, 20).lines().join("\n");
    let warnings: Vec<String> = snap.warnings.iter().map(Warning::line).collect();
    panic!(
        "wasm-ledger: {why}\n\nwarnings:\n{}\n\nreport:\n{report}",
        warnings.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_and_site_matching() {
        let _serial = crate::tests::serial();
        static HOT: Site = Site::new("hot_loop", "src/testing_t.rs", 5, 9);
        reset();
        run_frames(3, |i| {
            for _ in 0..=i {
                HOT.cross();
            }
        });
        assert_no_warnings();
        assert_crossings_per_frame(Some("hot_loop"), 3);
        assert_crossings_per_frame(Some("src/testing_t.rs:5"), 3);
        let over = std::panic::catch_unwind(|| {
            assert_crossings_per_frame(Some("src/testing_t.rs:5:9"), 2)
        });
        let message = *over.unwrap_err().downcast::<String>().unwrap();
        assert!(
            message.contains("crossed 3 times, over the budget of 2"),
            "{message}"
        );
        assert!(message.contains("report:"), "{message}");
        let missing =
            std::panic::catch_unwind(|| assert_warning(WarningKind::DetachedView, "hot_loop"));
        assert!(missing.is_err());
    }

    #[test]
    fn a_loop_that_leaves_a_closure_behind_is_named_and_one_that_undoes_it_passes() {
        use crate::tally::Counter;
        let _serial = crate::tests::serial();
        static ADD: Site = Site::new("add_row", "src/list.rs", 12, 5);
        reset();
        // Each row's listener made by the action and released by the undo.
        assert_loops_leave_nothing(
            10,
            || ADD.add(Counter::ClosuresCreated, 1),
            || ADD.add(Counter::ClosuresReleased, 1),
        );
        // The undo forgets one: a closure left behind every loop.
        static LEAK: Site = Site::new("add_row_leaking", "src/list.rs", 30, 9);
        let left = std::panic::catch_unwind(|| {
            assert_loops_leave_nothing(
                10,
                || LEAK.add(Counter::ClosuresCreated, 2),
                || LEAK.add(Counter::ClosuresReleased, 1),
            )
        });
        let message = *left.unwrap_err().downcast::<String>().unwrap();
        assert!(
            message.contains(
                "grew in every loop: closures alive made at src/list.rs:30:9 in add_row_leaking"
            ),
            "{message}"
        );
    }
}
