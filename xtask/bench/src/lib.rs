//! Workloads for `cargo xtask bench`. Each takes an iteration count and
//! returns a value that depends on every iteration, so nothing is optimised
//! away. Built twice: `--features ledger` (instrumented) and without (the
//! annotations compile to the code as written).

use std::hint::black_box;
use std::sync::Once;

use js_sys::Math;
use wasm_bindgen::prelude::*;

/// The lightest crossing, not annotated: the baseline.
#[wasm_bindgen]
pub fn plain_random(n: u32) -> f64 {
    let mut sum = 0.0;
    for _ in 0..n {
        sum += Math::random();
    }
    sum
}

/// The same loop, annotated: one counted crossing per iteration.
#[wasm_bindgen]
#[wasm_ledger::track]
pub fn tracked_random(n: u32) -> f64 {
    let mut sum = 0.0;
    for _ in 0..n {
        sum += Math::random();
    }
    sum
}

#[inline(never)]
fn tiny_plain(x: u32) -> u32 {
    black_box(x).wrapping_mul(3)
}

#[inline(never)]
#[wasm_ledger::track]
fn tiny_tracked(x: u32) -> u32 {
    black_box(x).wrapping_mul(3)
}

/// Calls a tiny function `n` times: the baseline for entering a function.
#[wasm_bindgen]
pub fn call_plain(n: u32) -> u32 {
    let mut acc = 0u32;
    for i in 0..n {
        acc = acc.wrapping_add(tiny_plain(i));
    }
    acc
}

/// The same from annotated code into an annotated function: the cost of
/// entering and leaving a tracked function (its entry count, the caller's
/// check).
#[wasm_bindgen]
#[wasm_ledger::track]
pub fn call_tracked(n: u32) -> u32 {
    let mut acc = 0u32;
    for i in 0..n {
        acc = acc.wrapping_add(tiny_tracked(i));
    }
    acc
}

#[inline(never)]
fn puffin_one() -> f64 {
    puffin::profile_function!();
    Math::random()
}

/// The lightest crossing inside a puffin scope.
#[wasm_bindgen]
pub fn puffin_random(n: u32) -> f64 {
    puffin::set_scopes_on(true);
    let mut sum = 0.0;
    for _ in 0..n {
        sum += puffin_one();
    }
    // One frame per run keeps puffin's memory bounded.
    puffin::GlobalProfiler::lock().new_frame();
    sum
}

#[inline(never)]
#[tracing::instrument(skip_all)]
fn traced_one() -> f64 {
    Math::random()
}

/// The lightest crossing inside a tracing span reported by tracing-wasm
/// (performance.mark / measure).
#[wasm_bindgen]
pub fn tracing_random(n: u32) -> f64 {
    static INIT: Once = Once::new();
    INIT.call_once(tracing_wasm::set_as_global_default);
    let mut sum = 0.0;
    for _ in 0..n {
        sum += traced_one();
    }
    sum
}

/// Whether this build is instrumented.
#[wasm_bindgen]
pub fn ledger_on() -> bool {
    wasm_ledger::ENABLED
}

/// Crossings the ledger counted so far (0 when off).
#[wasm_bindgen]
pub fn ledger_crossings() -> f64 {
    wasm_ledger::snapshot().current.crossings as f64
}
