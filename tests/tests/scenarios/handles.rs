//! Live JS handles that keep growing with no collection to blame, and the
//! clean look-alikes: handles made and dropped, a page built once.

use std::cell::RefCell;

use js_sys::Object;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{WarningKind, frame, testing, track};
use web_sys::EventTarget;

use super::{by_turns, clean, dispatch, start, warned_at};

const SOURCE: &str = include_str!("handles.rs");
const FILE: &str = "tests/tests/scenarios/handles.rs";

thread_local! {
    /// Kept where no annotated insertion shows it.
    static KEPT: RefCell<Vec<JsValue>> = const { RefCell::new(Vec::new()) };
}

fn keep(v: JsValue) {
    KEPT.with(|k| k.borrow_mut().push(v));
}

#[frame]
fn tick_leak_handles() {
    for _ in 0..3 {
        let o = Object::new(); // leak: handles_kept_per_frame
        keep(o.into());
    }
}

#[wasm_bindgen_test]
fn leak_live_handles_growing__kept_out_of_sight_every_frame() {
    start();
    testing::run_frames(60, |_| tick_leak_handles());
    warned_at(
        WarningKind::LiveHandlesGrowing,
        FILE,
        SOURCE,
        "handles_kept_per_frame",
    );
    KEPT.with(|k| k.borrow_mut().clear());
}

#[track]
fn mount_leaky_search(input: &EventTarget) {
    let on_input = Closure::<dyn FnMut()>::new(|| {
        for _ in 0..3 {
            let result = Object::new(); // leak: handles_kept_per_event
            keep(result.into());
        }
    });
    input
        .add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())
        .unwrap();
    on_input.forget();
}

#[wasm_bindgen_test]
fn leak_live_handles_growing__kept_out_of_sight_on_every_event() {
    start();
    let input = EventTarget::new().unwrap();
    mount_leaky_search(&input);
    dispatch(&input, "input", 60);
    by_turns(60);
    warned_at(
        WarningKind::LiveHandlesGrowing,
        FILE,
        SOURCE,
        "handles_kept_per_event",
    );
    KEPT.with(|k| k.borrow_mut().clear());
}

#[frame]
fn tick_made_and_dropped() -> usize {
    let mut n = 0;
    for _ in 0..10 {
        let o = Object::new();
        n += Object::keys(&o).length() as usize;
    }
    n
}

#[wasm_bindgen_test]
fn clean_live_handles_growing__made_and_dropped_every_frame() {
    start();
    testing::run_frames(100, |_| {
        tick_made_and_dropped();
    });
    clean();
}

#[track]
fn build_page(count: usize) -> Vec<JsValue> {
    (0..count).map(|_| Object::new().into()).collect()
}

#[frame]
fn tick_steady(page: &[JsValue]) -> usize {
    page.len()
}

#[wasm_bindgen_test]
fn clean_live_handles_growing__page_built_once_at_start_up() {
    start();
    let page = build_page(500);
    testing::run_frames(100, |_| {
        tick_steady(&page);
    });
    clean();
}
