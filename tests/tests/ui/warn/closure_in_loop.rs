//! `closure_in_loop` warns at the `Closure` made inside the loop.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::EventTarget;

#[wasm_ledger::track]
fn wire(buttons: &[EventTarget], handlers: &mut Vec<Closure<dyn FnMut()>>) {
    for (i, button) in buttons.iter().enumerate() {
        let on_click = Closure::<dyn FnMut()>::new(move || clicked(i));
        button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref()).unwrap();
        handlers.push(on_click);
    }
}

fn clicked(_: usize) {}

fn main() {}

// trybuild keeps the compiler's output only for a build that fails: this
// fails it, after the check above has warned.
compile_error!("end of the warnings");
