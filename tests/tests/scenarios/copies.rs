//! Element-by-element copies, many a frame or an event, and the bulk copy
//! that replaces them.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{WarningKind, frame, testing, track};
use web_sys::EventTarget;

use super::{by_turns, clean, dispatch, start, warned_at};

const SOURCE: &str = include_str!("copies.rs");
const FILE: &str = "tests/tests/scenarios/copies.rs";

#[frame(allow(per_element_copy))]
fn upload_by_element(js: &Uint8Array, pixels: &[u8]) {
    for (i, byte) in pixels.iter().enumerate() {
        js.set_index(i as u32, *byte); // leak: set_index_loop
    }
}

#[wasm_bindgen_test]
fn leak_per_element_copy__set_index_in_a_loop_every_frame() {
    start();
    let pixels = vec![9u8; 4096];
    let js = Uint8Array::new_with_length(4096);
    testing::run_frames(3, |_| upload_by_element(&js, &pixels));
    warned_at(WarningKind::PerElementCopy, FILE, SOURCE, "set_index_loop");
}

#[track(allow(per_element_copy))]
fn mount_chart(button: &EventTarget, out: Array) {
    let on_click = Closure::<dyn FnMut()>::new(move || {
        out.set_length(0);
        for i in 0..2000 {
            out.push(&JsValue::from(i as f64 * 0.5)); // leak: push_numbers_per_event
        }
    });
    button
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .unwrap();
    on_click.forget();
}

#[wasm_bindgen_test]
fn leak_per_element_copy__numbers_pushed_one_by_one_on_an_event() {
    start();
    let button = EventTarget::new().unwrap();
    mount_chart(&button, Array::new());
    dispatch(&button, "click", 3);
    by_turns(3);
    warned_at(
        WarningKind::PerElementCopy,
        FILE,
        SOURCE,
        "push_numbers_per_event",
    );
}

#[frame]
fn upload_in_bulk(js: &Uint8Array, pixels: &[u8]) {
    js.copy_from(pixels);
}

#[wasm_bindgen_test]
fn clean_per_element_copy__one_bulk_copy_every_frame() {
    start();
    let pixels = vec![9u8; 4096];
    let js = Uint8Array::new_with_length(4096);
    testing::run_frames(3, |_| upload_in_bulk(&js, &pixels));
    clean();
}

/// (The compile-time check flags any element loop; the run-time one counts.)
#[frame(allow(per_element_copy))]
fn few_elements(js: &Uint8Array) -> u32 {
    let mut sum = 0;
    for i in 0..16 {
        sum += u32::from(js.get_index(i));
    }
    sum
}

#[wasm_bindgen_test]
fn clean_per_element_copy__a_few_elements_a_frame() {
    start();
    let js = Uint8Array::new_with_length(16);
    testing::run_frames(20, |_| {
        few_elements(&js);
    });
    clean();
}

/// A todo item as an app keeps it.
struct Item {
    id: u32,
    title: String,
    done: bool,
}

/// Saves the list as nested JS arrays (`[[title, done, id], ...]`) every
/// turn, as a todo app does before `JSON.stringify` to local storage:
/// strings, booleans and nested arrays, for which no bulk copy exists.
#[track]
fn save(items: &[Item], out: &Array) {
    out.set_length(0);
    for item in items {
        let child = Array::new();
        child.push(&JsValue::from(&item.title));
        child.push(&JsValue::from(item.done));
        child.push(&JsValue::from(item.id));
        out.push(&child);
    }
}

#[wasm_bindgen_test]
fn clean_per_element_copy__nested_arrays_of_strings_saved_every_turn() {
    start();
    let items: Vec<Item> = (0..1500)
        .map(|id| Item {
            id,
            title: format!("item {id}"),
            done: id % 3 == 0,
        })
        .collect();
    let out = Array::new();
    let button = EventTarget::new().unwrap();
    let on_click = Closure::<dyn FnMut()>::new(move || save(&items, &out));
    button
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .unwrap();
    // 1,500 items: 6,000 stores a turn, more than `element_calls` per line.
    dispatch(&button, "click", 5);
    by_turns(5);
    clean();
    drop(on_click);
}
