//! Hostile conditions, in Node and in headless Chromium: JS calling tracked
//! Rust while a tracked call is running (through `dispatchEvent` and
//! through a promise), recursion 10,000 deep, tracked `async fn`s that span
//! frames and interleave, and a console that throws. The ledger never
//! panics, never finds itself borrowed twice (`skipped()` stays 0), and
//! attributes every crossing to the site that made it.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Math, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{frame, track};
use wasm_ledger_tests::{crossings_of, measure};
use web_sys::{Event, EventTarget};

#[track]
fn on_ping(event: &Event) -> f64 {
    let _ = event.type_(); // 1 crossing
    Math::random() // 1 crossing
}

#[track]
fn fire(target: &EventTarget, times: u32) -> u32 {
    let mut handled = 0;
    for _ in 0..times {
        let event = Event::new("ping").unwrap(); // 1 crossing
        if target.dispatch_event(&event).unwrap() {
            // 1 crossing, during which JS calls `on_ping`
            handled += 1;
        }
    }
    handled
}

#[wasm_bindgen_test]
fn reentry_through_dispatch_event_is_attributed_to_each_site() {
    let skipped = wasm_ledger::skipped();
    let target = EventTarget::new().unwrap();
    let listener = Closure::<dyn FnMut(Event)>::new(|e: Event| {
        on_ping(&e);
    });
    target
        .add_event_listener_with_callback("ping", listener.as_ref().unchecked_ref())
        .unwrap();
    let (handled, frame, truth) = measure(|| fire(&target, 5));
    assert_eq!(handled, 5);
    assert_eq!(crossings_of(&frame.sites, "fire"), 10, "{frame:?}");
    assert_eq!(crossings_of(&frame.sites, "on_ping"), 10, "{frame:?}");
    assert_eq!(truth.of("dispatchEvent"), 5);
    assert_eq!(truth.of("random"), 5);
    assert_eq!(frame.tally.crossings, 20);
    assert_eq!(
        wasm_ledger::skipped(),
        skipped,
        "the ledger was never found borrowed"
    );
}

#[track]
fn on_value(v: JsValue) {
    let _ = v.as_f64(); // 1 crossing (a number is read from JS)
    let _ = Math::random(); // 1 crossing
}

#[track]
async fn through_a_promise(callback: &Closure<dyn FnMut(JsValue)>) -> JsValue {
    let chained = Promise::resolve(&JsValue::from(1.0)).then(callback); // 2 crossings
    JsFuture::from(chained).await.unwrap()
}

#[wasm_bindgen_test]
async fn reentry_through_a_promise_is_attributed_to_each_site() {
    let skipped = wasm_ledger::skipped();
    let callback = Closure::<dyn FnMut(JsValue)>::new(on_value);
    let (before_chain, before_value) = (
        crossings_of(&wasm_ledger::snapshot().sites, "through_a_promise"),
        crossings_of(&wasm_ledger::snapshot().sites, "on_value"),
    );
    through_a_promise(&callback).await;
    assert_eq!(
        crossings_of(&wasm_ledger::snapshot().sites, "on_value") - before_value,
        2
    );
    // `resolve`, `then`, and the await of a `JsFuture` (its completion).
    assert!(crossings_of(&wasm_ledger::snapshot().sites, "through_a_promise") - before_chain >= 2);
    assert_eq!(wasm_ledger::skipped(), skipped);
}

#[track]
fn descend(depth: u32, list: &Array) -> u32 {
    let here = list.length(); // 1 crossing per level
    if depth == 0 {
        here
    } else {
        descend(depth - 1, list) + 1
    }
}

#[wasm_bindgen_test]
fn recursion_ten_thousand_deep_counts_every_level() {
    let list = Array::new();
    let (depth, frame, truth) = measure(|| descend(10_000, &list));
    assert_eq!(depth, 10_000);
    assert_eq!(crossings_of(&frame.sites, "descend"), 10_001);
    assert_eq!(truth.of("length"), 10_001);
}

/// A promise that resolves on a later turn of the event loop.
fn later() -> JsFuture {
    let promise = Promise::new(&mut |resolve, _| {
        let set_timeout: Function = Reflect::get(&js_sys::global(), &"setTimeout".into())
            .unwrap()
            .unchecked_into();
        set_timeout
            .call2(&JsValue::UNDEFINED, &resolve, &JsValue::from(0))
            .unwrap();
    });
    JsFuture::from(promise)
}

#[track]
fn round() -> f64 {
    Math::random() // 1 crossing
}

#[track]
async fn worker(rounds: u32) -> u32 {
    let mut done = 0;
    for _ in 0..rounds {
        round();
        later().await.unwrap(); // suspended: other workers and frames run
        done += 1;
    }
    done
}

#[frame]
fn tick() {}

#[wasm_bindgen_test]
async fn interleaved_async_fns_span_frames_and_count_exactly() {
    let skipped = wasm_ledger::skipped();
    let frames = wasm_ledger::snapshot().frames_total;
    let before = crossings_of(&wasm_ledger::snapshot().sites, "round");
    let (done_tx, done_rx) = futures_channel();
    for rounds in [3, 5, 7] {
        let done = done_tx.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let n = worker(rounds).await;
            done.borrow_mut().push(n);
        });
    }
    // Frames end while the workers are suspended between their rounds.
    while done_rx.borrow().len() < 3 {
        tick();
        later().await.unwrap();
    }
    let mut finished = done_rx.borrow().clone();
    finished.sort();
    assert_eq!(finished, [3, 5, 7]);
    assert!(
        wasm_ledger::snapshot().frames_total - frames >= 7,
        "the workers spanned frames"
    );
    assert_eq!(
        crossings_of(&wasm_ledger::snapshot().sites, "round") - before,
        15,
        "every round's crossing counted once"
    );
    assert_eq!(wasm_ledger::skipped(), skipped);
}

/// A shared list the spawned tasks report to (single-threaded).
fn futures_channel() -> (
    std::rc::Rc<std::cell::RefCell<Vec<u32>>>,
    std::rc::Rc<std::cell::RefCell<Vec<u32>>>,
) {
    let list = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    (list.clone(), list)
}

#[wasm_bindgen_test]
fn a_console_that_throws_is_silence_and_a_counter() {
    let console = Reflect::get(&js_sys::global(), &"console".into()).unwrap();
    let original = Reflect::get(&console, &"groupCollapsed".into()).unwrap();
    let throwing = Function::new_no_args("throw new Error('no console here')");
    Reflect::set(&console, &"groupCollapsed".into(), &throwing).unwrap();
    let failures = wasm_ledger::output_failures();
    wasm_ledger::end_frame();
    wasm_ledger::report(); // must not throw into the app, nor panic
    Reflect::set(&console, &"groupCollapsed".into(), &original).unwrap();
    assert_eq!(wasm_ledger::output_failures(), failures + 1);
    wasm_ledger::end_frame();
    assert!(
        wasm_ledger::snapshot().frames_total > 0,
        "the ledger keeps working"
    );
}
