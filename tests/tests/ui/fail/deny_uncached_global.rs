//! `#[track(deny(uncached_global))]` makes `uncached_global` an error.

use web_sys::Window;

#[wasm_ledger::track(deny(uncached_global))]
fn titles(window: &Window, times: u32) -> Vec<String> {
    (0..times).map(|_| window.document().map(|d| d.title()).unwrap_or_default()).collect()
}

fn main() {}
