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
}
