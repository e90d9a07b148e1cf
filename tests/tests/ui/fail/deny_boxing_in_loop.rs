//! `#[frame(deny(boxing_in_loop))]` makes `boxing_in_loop` an error.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

#[wasm_ledger::frame(deny(boxing_in_loop))]
fn stats(counts: &[(String, u32)]) -> Result<Object, JsValue> {
    let out = Object::new();
    for (name, n) in counts {
        Reflect::set(&out, &JsValue::from_str(name), &JsValue::from(*n))?;
    }
    Ok(out)
}

fn main() {}
