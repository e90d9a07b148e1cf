//! `#[track(deny(closure_in_loop))]` makes `closure_in_loop` an error; an
//! iterator's `for_each` is a loop too.

use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::*;

#[wasm_ledger::track(deny(closure_in_loop))]
fn callbacks(names: &[String]) -> Vec<JsValue> {
    let mut out = Vec::new();
    names.iter().for_each(|name| {
        let name = name.clone();
        out.push(Closure::once_into_js(move || name.len()));
    });
    out
}

fn main() {}
