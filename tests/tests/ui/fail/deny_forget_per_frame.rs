//! `#[track(deny(forget_per_frame))]` makes `forget_per_frame` an error; a
//! callback's body runs per event, so a closure given away there leaks per
//! event.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Event, EventTarget};

#[wasm_ledger::track(deny(forget_per_frame))]
fn start(target: &EventTarget, other: EventTarget) -> Closure<dyn FnMut(Event)> {
    let on_event = Closure::<dyn FnMut(Event)>::new(move |_event: Event| {
        let inner = Closure::<dyn FnMut()>::new(|| ());
        other.add_event_listener_with_callback("ping", inner.as_ref().unchecked_ref()).unwrap();
        let _ = inner.into_js_value();
    });
    target.add_event_listener_with_callback("click", on_event.as_ref().unchecked_ref()).unwrap();
    on_event
}

fn main() {}
