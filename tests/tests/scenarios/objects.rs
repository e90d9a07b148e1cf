//! Exported `#[wasm_bindgen]` objects handed to JS: kept and never freed,
//! or freed when done.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{WarningKind, frame, testing};

use super::{clean, start, warned};

/// An object of the app's own, exported to JS.
#[wasm_bindgen]
pub struct Spark {
    energy: f64,
}

#[wasm_bindgen]
impl Spark {
    pub fn energy(&self) -> f64 {
        self.energy
    }
}

#[frame(allow(boxing_in_loop))]
fn emit(into: &Array, frame: usize) {
    for k in 0..3 {
        let spark = JsValue::from(Spark {
            energy: (frame + k) as f64,
        });
        into.push(&spark);
    }
}

#[wasm_bindgen_test]
fn leak_exported_objects_growing__made_every_frame_never_freed() {
    start();
    let kept = Array::new();
    testing::run_frames(60, |i| emit(&kept, i));
    warned(WarningKind::ExportedObjectsGrowing);
    free_all(&kept);
}

/// Calls `free()` on every object of `list`, as JS code done with them
/// would.
fn free_all(list: &Array) {
    for obj in list.iter() {
        let free: Function = Reflect::get(&obj, &"free".into()).unwrap().unchecked_into();
        free.call0(&obj).unwrap();
    }
    list.set_length(0);
}

#[wasm_bindgen_test]
fn clean_exported_objects_growing__made_every_frame_and_freed() {
    start();
    let batch = Array::new();
    testing::run_frames(60, |i| {
        emit(&batch, i);
        free_all(&batch);
    });
    clean();
}
