//! The ledger's crossing counts against the truth probe, in Node and in
//! headless Chromium (the same test binary; `cargo xtask test` runs it
//! under both).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::probe;
use wasm_ledger_tests::{Holder, fill, mixed, tick};

/// The ledger's crossings for what `f` does, in a frame of its own, and the
/// probe's count for the same calls.
fn ledger_and_probe<R>(f: impl FnOnce() -> R) -> (u64, probe::Counts) {
    assert!(
        probe::installed(),
        "the truth probe was not loaded before the wasm module"
    );
    wasm_ledger::end_frame(); // whatever ran before belongs to another frame
    let (_, truth) = probe::measure(f);
    wasm_ledger::end_frame();
    (
        wasm_ledger::last_frame()
            .expect("a frame just ended")
            .crossings(),
        truth,
    )
}

#[wasm_bindgen_test]
fn method_calls_on_handles_match_the_probe() {
    let list = Array::new();
    let value = JsValue::from_str("x");
    let (ours, truth) = ledger_and_probe(|| fill(&list, &value, 10));
    assert_eq!(truth.total, 11, "probe saw {truth:?}");
    assert_eq!(truth.of("push"), 10);
    assert_eq!(ours, truth.total);
}

#[wasm_bindgen_test]
fn value_receivers_fields_and_rust_calls() {
    let list = Array::of2(&JsValue::from(1), &JsValue::from(2));
    let holder = Holder {
        extra: Array::of1(&JsValue::from(3)),
        object: Object::new(),
        maybe: Some(JsValue::from(0)),
    };
    let (ours, truth) = ledger_and_probe(|| mixed(&list, &holder));
    assert_eq!(truth.of("keys"), 1, "probe saw {truth:?}");
    assert_eq!(ours, truth.total, "probe saw {truth:?}");
}

#[wasm_bindgen_test]
fn a_frame_function_ends_one_frame_with_its_crossings() {
    let list = Array::new();
    let value = JsValue::from(7);
    wasm_ledger::end_frame();
    let before = wasm_ledger::snapshot().frames_total;
    let (_, truth) = probe::measure(|| tick(&list, &value));
    let snapshot = wasm_ledger::snapshot();
    assert_eq!(snapshot.frames_total, before + 1);
    let frame = snapshot.frames.last().unwrap();
    assert_eq!(frame.crossings(), 4);
    assert_eq!(
        frame.crossings(),
        truth.of("push") + truth.of("length"),
        "probe saw {truth:?}"
    );
    // A frame with no report due costs the ledger no call into JS where
    // the call from JS it runs in returns through the probe (which hands
    // over the time then; the snapshot after it here settles the frame);
    // else two or three, all the clock: at the boundary, at the end of its
    // own work, and the frame function's start where the probe is not
    // timing the call it runs in (how a harness calls a test decides).
    // (The test harness captures console output by calling back into
    // wasm, so the probe's total also holds the harness's calls.)
    let clock = truth.of("now");
    assert!(
        clock == 0 || (2..=3).contains(&clock),
        "probe saw {truth:?}"
    );
    assert_eq!(truth.of("groupCollapsed"), 0, "probe saw {truth:?}");
}
