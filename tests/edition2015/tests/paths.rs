//! The rewrite names its runtime and `core` by absolute path
//! (`::wasm_ledger::..`, `::core::..`). In edition 2015 such a path means a
//! module at the crate root, and this crate has neither: the generated
//! paths must resolve as in the later editions, wherever their tokens
//! point in the user's source. Compiling this file is the test.

#[macro_use]
extern crate wasm_ledger;

use std::panic;

#[track]
fn hook(info: &panic::PanicHookInfo) -> String {
    let message = info.to_string();
    message.trim().to_string()
}

#[track]
fn set_once() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let _ = hook(info);
    }));
    panic::set_hook(previous);
}

#[frame]
fn frame_in_2015(n: u32) -> u32 {
    let mut v = Vec::new();
    for i in 0..n {
        v.push(i);
    }
    v.iter().sum()
}

#[test]
fn annotated_code_runs_in_edition_2015() {
    set_once();
    assert_eq!(frame_in_2015(4), 6);
    if wasm_ledger::ENABLED {
        assert!(wasm_ledger::last_frame().is_some());
    }
}
