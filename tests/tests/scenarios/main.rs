//! The scenario corpus: small apps of our own, each a leak or a clean
//! look-alike, run as wasm tests in Node and headless Chromium. A leak
//! scenario passes when its warning is raised at the line marked
//! `// leak: <scenario>` (found in the module's own source); a clean one
//! passes when no warning is raised at all. Test names say which:
//! `leak_<kind>__<what>` and `clean_<kind>__<what>`, so `cargo xtask
//! scenarios` reads recall (leaks warned at the right line) and false
//! alarms (warnings on clean scenarios) from the runner's results.
//!
//! Frame-driven scenarios run `testing::run_frames`; event-driven ones
//! dispatch events from the test, so that each listener call is a turn.
#![cfg(target_arch = "wasm32")]
// `leak_<kind>__<what>`: the double underscore parts kind from scenario.
#![allow(non_snake_case)]

mod caches;
mod callbacks;
mod copies;
mod frames;
mod handles;
mod heap;
mod held;
mod helpers;
mod objects;
mod views;

use wasm_ledger::{Config, WarningKind, testing};

/// Rust memory counted by the line that allocated it (the `heap_growing`
/// scenarios), as an app opts in.
#[global_allocator]
static ALLOC: wasm_ledger::Alloc = wasm_ledger::Alloc::system();
use web_sys::{Event, EventTarget};

/// A clean ledger with windows short enough for a test.
pub fn start() {
    testing::reset();
    wasm_ledger::configure(Config {
        report_every: 0,
        callback_frames: 2,
        cache_window: 40,
        cache_growth: 10,
        live_window: 40,
        live_growth: 40,
        ..Config::default()
    });
}

/// The line of `source` marked `// leak: <name>` (1-based).
fn marked_line(source: &str, name: &str) -> u32 {
    let marker = format!("// leak: {name}");
    let found: Vec<usize> = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with(&marker))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(found.len(), 1, "one `{marker}` line in the module");
    found[0] as u32
}

/// Asserts a warning of `kind` at the line of `file` marked for `name`.
pub fn warned_at(kind: WarningKind, file: &str, source: &str, name: &str) {
    let line = marked_line(source, name);
    testing::assert_warning(kind, &format!("{file}:{line}"));
}

/// What the site on the line marked for `name` counted since the start.
pub fn site_at(file: &str, source: &str, name: &str) -> wasm_ledger::Tally {
    let line = marked_line(source, name);
    wasm_ledger::snapshot()
        .sites
        .iter()
        .filter(|s| s.site.file() == file && s.site.line() == line)
        .fold(wasm_ledger::Tally::default(), |mut t, s| {
            t.add(&s.tally);
            t
        })
}

/// Asserts a warning of `kind` (one that names no site).
pub fn warned(kind: WarningKind) {
    let snap = wasm_ledger::snapshot();
    assert!(
        snap.warnings.iter().any(|w| w.kind == kind),
        "expected a `{}` warning, found {:?}",
        kind.name(),
        snap.warnings
    );
}

/// Asserts that no warning was raised.
pub fn clean() {
    testing::assert_no_warnings();
}

/// Dispatches `times` events of `kind` at `target`, from the test (not from
/// annotated code): each listener call is a turn.
pub fn dispatch(target: &EventTarget, kind: &str, times: u32) {
    for _ in 0..times {
        let event = Event::new(kind).unwrap();
        target.dispatch_event(&event).unwrap();
    }
}

/// Asserts that the scenario ran by turns (no frame was marked).
pub fn by_turns(at_least: u64) {
    let snap = wasm_ledger::snapshot();
    assert!(
        snap.turns,
        "an event-driven scenario is judged by turns (exact: {}, {:?})",
        snap.exact, snap.estimate_reason
    );
    assert!(snap.frames_total >= at_least, "{} turns", snap.frames_total);
}
