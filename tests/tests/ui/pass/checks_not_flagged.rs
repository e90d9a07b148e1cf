//! The correct forms of what the compile-time checks flag, none flagged:
//! every finding is a `deprecated` warning, denied here for the whole file.
#![deny(deprecated)]

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::EventTarget;

/// A closure made outside the loop and reused inside.
#[wasm_ledger::track]
fn wire(buttons: &[EventTarget]) -> Closure<dyn FnMut()> {
    let on_click = Closure::<dyn FnMut()>::new(|| ());
    for button in buttons {
        button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref()).unwrap();
    }
    on_click
}

/// Made once at start-up and given to JS for the program's lifetime.
#[wasm_ledger::track]
fn start(window: &web_sys::Window) {
    let on_resize = Closure::<dyn FnMut()>::new(|| ());
    window.set_onresize(Some(on_resize.as_ref().unchecked_ref()));
    on_resize.forget();
}

/// `copy_from` in a loop over chunks: one crossing per chunk.
#[wasm_ledger::track]
fn upload(pixels: &Uint8Array, rgba: &[u8]) {
    for (i, chunk) in rgba.chunks(4096).enumerate() {
        let start = (i * 4096) as u32;
        pixels.subarray(start, start + chunk.len() as u32).copy_from(chunk);
    }
}

/// A view used within one statement.
#[wasm_ledger::track]
fn present(sink: &Uint8Array, pixels: &mut Vec<u8>) {
    unsafe { sink.set(&Uint8Array::view(pixels), 0) };
    pixels.reserve(1 << 20);
}

/// `window()` and the document fetched before the loop.
#[wasm_ledger::track]
fn label_all(ids: &[&str]) {
    let document = web_sys::window().unwrap().document().unwrap();
    for id in ids {
        if let Some(el) = document.get_element_by_id(id) {
            drop(el);
        }
    }
}

/// Built in a loop, but not every frame (`boxing_in_loop` is about frames);
/// a Rust `Vec` pushed to in a loop.
#[wasm_ledger::track]
fn settings(pairs: &[(&str, f64)]) -> Result<JsValue, JsValue> {
    let out = js_sys::Object::new();
    let mut seen = Vec::new();
    for (k, v) in pairs {
        Reflect::set(&out, &JsValue::from_str(k), &JsValue::from(*v))?;
        seen.push(*k);
    }
    Ok(out.into())
}

/// A whole array in one crossing, in a `#[frame]` function.
#[wasm_ledger::frame]
fn publish(xs: &[f64]) -> Array {
    let window = web_sys::window();
    let copied: Array = js_sys::Float64Array::from(xs).to_vec().into_iter().map(JsValue::from).collect();
    drop(window.map(|w| w.document()));
    copied
}

/// Strings, nested arrays and elements read as strings, one at a time:
/// no bulk copy applies, so no `per_element_copy`.
pub struct Item {
    pub title: String,
    pub tags: Vec<String>,
}

#[wasm_ledger::track]
fn rows(items: &[Item], table: &Array) -> Vec<String> {
    let out = Array::new();
    let mut titles = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let child = Array::new();
        child.push(&JsValue::from(&item.title));
        for tag in &item.tags {
            child.push(&JsValue::from_str(tag));
        }
        out.push(&child);
        out.push(&child.into());
        titles.extend(table.get(i as u32).as_string());
        let _ = Reflect::get(table, &JsValue::from(i as u32));
    }
    titles
}

/// Every check allowed, named or by `all`.
#[wasm_ledger::track(allow(closure_in_loop, per_element_copy))]
fn allowed(buttons: &[EventTarget], pixels: &Uint8Array) -> Vec<Closure<dyn FnMut()>> {
    let mut out = Vec::new();
    for (i, b) in buttons.iter().enumerate() {
        let c = Closure::<dyn FnMut()>::new(|| ());
        b.add_event_listener_with_callback("click", c.as_ref().unchecked_ref()).unwrap();
        pixels.set_index(i as u32, 0);
        out.push(c);
    }
    out
}

#[wasm_ledger::frame(allow(all))]
fn allowed_all() -> JsValue {
    let next = Closure::<dyn FnMut()>::once(|| ());
    next.into_js_value()
}

struct Frame {
    pixels: Vec<u8>,
}

#[wasm_ledger::track(deny(all), allow(view_escapes))]
impl Frame {
    fn view(&self) -> Uint8Array {
        unsafe { Uint8Array::view(&self.pixels) }
    }
}

fn main() {}
