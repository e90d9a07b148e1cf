//! `#[track(deny(per_element_copy))]` makes `per_element_copy` an error,
//! in a `while` loop as in a `for`.

use js_sys::Float32Array;

#[wasm_ledger::track(deny(per_element_copy))]
fn sum(samples: &Float32Array) -> f32 {
    let (mut i, mut total) = (0, 0.0);
    while i < samples.length() {
        total += samples.get_index(i);
        i += 1;
    }
    total
}

fn main() {}
