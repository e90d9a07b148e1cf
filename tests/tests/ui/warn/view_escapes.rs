//! `view_escapes` warns at a view kept beyond the statement that made it.

use js_sys::Uint8Array;

struct Frame {
    pixels: Vec<u8>,
    view: Option<Uint8Array>,
}

impl Frame {
    #[wasm_ledger::track]
    fn present(&mut self, sink: &Uint8Array) {
        let view = unsafe { Uint8Array::view(&self.pixels) };
        self.pixels.reserve(1 << 20); // may grow memory: `view` is detached
        sink.set(&view, 0);
    }

    #[wasm_ledger::track]
    fn keep(&mut self) {
        self.view = Some(unsafe { Uint8Array::view(&self.pixels) });
    }
}

fn main() {}

// trybuild keeps the compiler's output only for a build that fails: this
// fails it, after the checks above have warned.
compile_error!("end of the warnings");
