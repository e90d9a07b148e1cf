//! A `Closure` handed to JS by reference, then dropped while JS holds it,
//! and one kept as long as JS may call it.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{WarningKind, track};
use web_sys::EventTarget;

use super::{clean, start, warned_at};

const SOURCE: &str = include_str!("held.rs");
const FILE: &str = "tests/tests/scenarios/held.rs";

#[track]
fn listen_briefly(target: &EventTarget) {
    let on_click = Closure::<dyn FnMut()>::new(|| ());
    target
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref()) // leak: dropped_while_held
        .unwrap();
}

#[wasm_bindgen_test]
fn leak_dropped_while_held__listener_dropped_at_the_end_of_its_scope() {
    start();
    let target = EventTarget::new().unwrap();
    listen_briefly(&target);
    warned_at(
        WarningKind::DroppedWhileHeld,
        FILE,
        SOURCE,
        "dropped_while_held",
    );
}

/// Keeps its listener as long as it lives.
pub struct Listening {
    _on_click: Closure<dyn FnMut()>,
}

#[track]
fn listen_kept(target: &EventTarget) -> Listening {
    let on_click = Closure::<dyn FnMut()>::new(|| ());
    target
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .unwrap();
    Listening {
        _on_click: on_click,
    }
}

#[wasm_bindgen_test]
fn clean_dropped_while_held__listener_kept_with_its_owner() {
    start();
    let target = EventTarget::new().unwrap();
    let kept = listen_kept(&target);
    super::dispatch(&target, "click", 3);
    clean();
    drop(kept);
}
