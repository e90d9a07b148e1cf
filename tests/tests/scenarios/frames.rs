//! Long frames: work that keeps the thread over the long-task line frame
//! after frame (or event after event), and its clean look-alikes: the same
//! work split over frames, one slow frame now and then, a slow start-up.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Date, Math};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{WarningKind, frame, testing, track};
use web_sys::EventTarget;

use super::{by_turns, clean, dispatch, start, warned_at};

const SOURCE: &str = include_str!("frames.rs");
const FILE: &str = "tests/tests/scenarios/frames.rs";

/// Measures rows (one crossing each) for at least `ms`.
#[frame]
fn layout(list: &Array, ms: f64) {
    let start = Date::now();
    loop {
        let _ = Math::random() * f64::from(list.length()); // leak: layout_every_frame
        if Date::now() - start >= ms {
            break;
        }
    }
}

#[wasm_bindgen_test]
fn leak_long_frame__a_layout_of_70_ms_every_frame() {
    start();
    let list = Array::new();
    // Past the warm-up (the first 30 frames), then long frame after frame.
    testing::run_frames(35, |i| layout(&list, if i < 30 { 1.0 } else { 70.0 }));
    warned_at(WarningKind::LongFrame, FILE, SOURCE, "layout_every_frame");
}

#[wasm_bindgen_test]
fn clean_long_frame__the_same_work_split_over_frames() {
    start();
    let list = Array::new();
    // 350 ms of work as 35 frames of 10 ms.
    testing::run_frames(35, |_| layout(&list, 10.0));
    clean();
}

#[wasm_bindgen_test]
fn clean_long_frame__one_slow_frame_now_and_then() {
    start();
    let list = Array::new();
    // One 80 ms frame in forty (a collector, a busy machine): not the app's.
    testing::run_frames(80, |i| layout(&list, if i % 40 == 20 { 80.0 } else { 1.0 }));
    clean();
}

#[track]
fn mount_search(input: &EventTarget, results: Array, ms: Rc<Cell<f64>>) {
    let on_input = Closure::<dyn FnMut()>::new(move || {
        let start = Date::now();
        loop {
            let _ = Math::random() * f64::from(results.length()); // leak: filter_per_keystroke
            if Date::now() - start >= ms.get() {
                break;
            }
        }
    });
    input
        .add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())
        .unwrap();
    on_input.forget();
}

#[wasm_bindgen_test]
fn leak_long_frame__a_search_filter_of_70_ms_per_keystroke() {
    start();
    let input = EventTarget::new().unwrap();
    let ms = Rc::new(Cell::new(1.0));
    mount_search(&input, Array::new(), ms.clone());
    // Past the warm-up (the first 30 turns), then long keystroke after keystroke.
    dispatch(&input, "input", 30);
    ms.set(70.0);
    dispatch(&input, "input", 4);
    by_turns(34);
    warned_at(WarningKind::LongFrame, FILE, SOURCE, "filter_per_keystroke");
}

#[wasm_bindgen_test]
fn clean_long_frame__a_quick_filter_per_keystroke() {
    start();
    let input = EventTarget::new().unwrap();
    mount_search(&input, Array::new(), Rc::new(Cell::new(2.0)));
    dispatch(&input, "input", 30);
    by_turns(30);
    clean();
}
