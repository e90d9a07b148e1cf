//! `per_element_copy` warns at each element-by-element copy in a loop.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsValue;

#[wasm_ledger::track]
fn upload(pixels: &Uint8Array, rgba: &[u8]) {
    for (i, byte) in rgba.iter().enumerate() {
        pixels.set_index(i as u32, *byte);
    }
}

#[wasm_ledger::track]
fn to_js(values: &[f64]) -> Array {
    let out = Array::new();
    for v in values {
        out.push(&JsValue::from(*v));
    }
    out
}

fn main() {}

// trybuild keeps the compiler's output only for a build that fails: this
// fails it, after the checks above have warned.
compile_error!("end of the warnings");
