//! `forget_per_frame` warns at a `forget()` that runs every frame.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_ledger::frame]
fn on_frame(window: &web_sys::Window) {
    let next = Closure::<dyn FnMut()>::once(move || ());
    window.request_animation_frame(next.as_ref().unchecked_ref()).unwrap();
    next.forget();
}

fn main() {}

// trybuild keeps the compiler's output only for a build that fails: this
// fails it, after the check above has warned.
compile_error!("end of the warnings");
