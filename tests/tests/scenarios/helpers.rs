//! Helpers that other modules' annotated code calls.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_ledger::track;
use web_sys::EventTarget;

pub const SOURCE: &str = include_str!("helpers.rs");
pub const FILE: &str = "tests/tests/scenarios/helpers.rs";

/// Adds a listener for the page's lifetime.
#[track]
pub fn listen_forever(target: &EventTarget, event: &str) {
    let cb = Closure::<dyn FnMut()>::new(|| ()); // leak: helper_listener
    target
        .add_event_listener_with_callback(event, cb.as_ref().unchecked_ref())
        .unwrap();
    cb.forget();
}
