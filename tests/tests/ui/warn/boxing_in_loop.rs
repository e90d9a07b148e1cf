//! `boxing_in_loop` warns at a JS object built field by field in a loop of a
//! `#[frame]` function.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

struct Particle {
    x: f64,
    y: f64,
}

#[wasm_ledger::frame]
fn publish(particles: &[Particle], out: &Array) -> Result<(), JsValue> {
    for p in particles {
        let o = Object::new();
        Reflect::set(&o, &"x".into(), &p.x.into())?;
        Reflect::set(&o, &"y".into(), &p.y.into())?;
        out.push(&o);
    }
    Ok(())
}

fn main() {}

// trybuild keeps the compiler's output only for a build that fails: this
// fails it, after the checks above have warned.
compile_error!("end of the warnings");
