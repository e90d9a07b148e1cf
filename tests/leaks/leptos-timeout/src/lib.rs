//! Schedules a timeout and clears it before it fires, once per step (a
//! debounced search box does this on every key).

use std::time::Duration;

use leptos_dom::helpers::set_timeout_with_handle;
use wasm_bindgen::prelude::*;

/// How many steps the page runs, and the pause between two (ms).
#[wasm_bindgen]
pub fn plan() -> Vec<u32> {
    vec![150, 5]
}

#[wasm_bindgen]
pub fn step(i: u32) {
    let handle = set_timeout_with_handle(
        move || web_sys_log(i),
        Duration::from_millis(10_000),
    )
    .expect("a timeout");
    handle.clear();
}

fn web_sys_log(i: u32) {
    // Never runs: the timeout is cleared.
    let _ = i;
}
