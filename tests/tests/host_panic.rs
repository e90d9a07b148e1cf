//! A panic inside tracked code, on the host, caught with `catch_unwind`:
//! the frame it was in still ends (its guard is dropped while unwinding),
//! nesting is back to zero, and the ledger keeps working.
#![cfg(not(target_arch = "wasm32"))]

use std::panic::{AssertUnwindSafe, catch_unwind};

use wasm_ledger::{frame, track};

#[track]
fn inner(n: u32) -> u32 {
    if n == 3 {
        panic!("boom at {n}");
    }
    n * 2
}

#[frame]
fn step(n: u32) -> u32 {
    inner(n) + 1
}

#[test]
fn a_panic_in_tracked_code_leaves_the_ledger_consistent() {
    wasm_ledger::end_frame();
    let before = wasm_ledger::snapshot().frames_total;
    let skipped = wasm_ledger::skipped();
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let results: Vec<_> = (0..6)
        .map(|n| catch_unwind(AssertUnwindSafe(|| step(n))))
        .collect();
    std::panic::set_hook(quiet);
    assert!(results[3].is_err(), "the panic reached the caller");
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 5);
    // One frame per call, the panicking one included: nesting did not leak
    // (a leaked level would make every later call a nested frame).
    assert_eq!(wasm_ledger::snapshot().frames_total - before, 6);
    // And it keeps working.
    wasm_ledger::testing::run_frames(10, |i| {
        step(i as u32 % 3);
    });
    assert_eq!(wasm_ledger::snapshot().frames_total - before, 6 + 10);
    assert_eq!(wasm_ledger::skipped(), skipped, "never found borrowed");
    wasm_ledger::testing::assert_no_warnings();
}
