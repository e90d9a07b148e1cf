//! `#[track(deny(view_escapes))]` makes `view_escapes` an error: a view
//! returned to the caller outlives its statement.

use js_sys::Float32Array;

struct Mesh {
    vertices: Vec<f32>,
}

impl Mesh {
    #[wasm_ledger::track(deny(view_escapes))]
    fn vertices(&self) -> Float32Array {
        unsafe { Float32Array::view(&self.vertices) }
    }
}

fn main() {}
