//! `uncached_global` warns at a global fetched inside a loop.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

#[wasm_ledger::track]
fn label_all(ids: &[&str]) {
    for id in ids {
        let document = web_sys::window().unwrap().document().unwrap();
        if let Some(el) = document.get_element_by_id(id) {
            drop(el);
        }
    }
}

#[wasm_ledger::track]
fn clock(n: usize) -> f64 {
    let mut sum = 0.0;
    for _ in 0..n {
        let perf = Reflect::get(&js_sys::global(), &JsValue::from_str("performance")).unwrap();
        sum += perf.as_f64().unwrap_or(0.0);
    }
    sum
}

fn main() {}

// trybuild keeps the compiler's output only for a build that fails: this
// fails it, after the checks above have warned.
compile_error!("end of the warnings");
