//! Apps with no frame loop, judged by turns (Node, headless Chromium): each
//! call from JS into wasm that starts while no annotated code runs (here:
//! an event listener, dispatched by the test) is a turn, and the detectors
//! judge turns as they judge frames. Closures made once at start-up stay
//! unwarned however many there are; one made and forgotten per event is
//! warned at its line.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;

use js_sys::Math;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{WarningKind, testing, track};
use web_sys::{Event, EventTarget};

thread_local! {
    /// The line of the closure a click handler leaks.
    static LEAK_LINE: Cell<u32> = const { Cell::new(0) };
}

fn click(target: &EventTarget, times: u32) {
    for _ in 0..times {
        let event = Event::new("click").unwrap();
        target.dispatch_event(&event).unwrap();
    }
}

/// A click counter that, on every click, adds a `mouseover` listener and
/// forgets it: one closure a click, none released.
#[rustfmt::skip]
#[track(allow(forget_per_frame))]
fn mount_leaky_counter(button: &EventTarget) {
    let target = button.clone();
    let on_click = Closure::<dyn FnMut()>::new(move || {
        let on_over = Closure::<dyn FnMut()>::new(|| ()); LEAK_LINE.with(|l| l.set(line!()));
        target.add_event_listener_with_callback("mouseover", on_over.as_ref().unchecked_ref()).unwrap();
        on_over.forget();
    });
    button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref()).unwrap();
    // Made once, for the page's life: fine.
    on_click.forget();
}

/// Twenty listeners made at start-up and forgotten (they live as long as
/// the page); the click handler makes nothing.
#[track(allow(closure_in_loop, forget_per_frame))]
fn mount_buttons(buttons: &[EventTarget]) {
    for button in buttons {
        let on_click = Closure::<dyn FnMut()>::new(|| {
            let _ = Math::random();
        });
        button
            .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
            .unwrap();
        on_click.forget();
    }
}

fn small_windows() {
    testing::reset();
    wasm_ledger::configure(wasm_ledger::Config {
        report_every: 0,
        ..Default::default()
    });
}

#[wasm_bindgen_test]
fn a_listener_added_and_forgotten_on_every_click_is_warned_at_its_line() {
    // Turns are marked by the probe, which comes with the glue.
    assert!(wasm_ledger::exact(), "{:?}", wasm_ledger::estimate_reason());
    small_windows();
    let button = EventTarget::new().unwrap();
    mount_leaky_counter(&button);
    click(&button, 150);
    let snap = wasm_ledger::snapshot();
    assert!(snap.turns, "no frame was marked: the boundaries are turns");
    assert!(
        snap.frames_total >= 150,
        "one turn per click: {}",
        snap.frames_total
    );
    let at = format!("tests/tests/turns.rs:{}", LEAK_LINE.with(Cell::get));
    let w = testing::assert_warning(WarningKind::UnreleasedCallback, &at);
    assert!(w.message.contains("over"), "{}", w.message);
    assert_eq!(
        snap.warnings.len(),
        1,
        "the click listener, made once at start-up, is not warned: {:?}",
        snap.warnings
    );
    assert!(snap.to_json().contains("\"turns\":true"));
}

#[wasm_bindgen_test]
fn listeners_made_once_at_start_up_stay_unwarned_through_many_turns() {
    assert!(wasm_ledger::exact(), "{:?}", wasm_ledger::estimate_reason());
    small_windows();
    let buttons: Vec<EventTarget> = (0..20).map(|_| EventTarget::new().unwrap()).collect();
    mount_buttons(&buttons);
    for _ in 0..10 {
        for b in &buttons {
            click(b, 1);
        }
    }
    let snap = wasm_ledger::snapshot();
    assert!(snap.turns);
    assert!(snap.frames_total >= 200, "{}", snap.frames_total);
    testing::assert_no_warnings();
}

#[wasm_bindgen_test]
fn a_marked_frame_ends_turns() {
    assert!(wasm_ledger::exact(), "{:?}", wasm_ledger::estimate_reason());
    small_windows();
    let button = EventTarget::new().unwrap();
    mount_buttons(std::slice::from_ref(&button));
    click(&button, 3);
    let turns = wasm_ledger::snapshot().frames_total;
    assert!(turns >= 3, "{turns}");
    wasm_ledger::end_frame();
    click(&button, 5);
    let snap = wasm_ledger::snapshot();
    assert!(!snap.turns, "frames from the first end_frame() on");
    assert_eq!(snap.frames_total, turns + 1, "clicks are no longer frames");
}

#[wasm_bindgen_test]
fn a_turns_end_makes_no_call_into_js_of_its_own() {
    // Between reports, a turn's end needs nothing from JS: the probe hands
    // it the time and times the ledger's work there itself.
    assert!(wasm_ledger::exact(), "{:?}", wasm_ledger::estimate_reason());
    small_windows();
    let buttons: Vec<EventTarget> = (0..2).map(|_| EventTarget::new().unwrap()).collect();
    mount_buttons(&buttons);
    click(&buttons[0], 5);
    let ((), truth) = wasm_ledger::probe::measure(|| click(&buttons[1], 40));
    let snap = wasm_ledger::snapshot();
    assert!(
        snap.turns && snap.frames_total >= 40,
        "{} turns",
        snap.frames_total
    );
    // The app's own calls: a `Math.random` per click (and the test's
    // `new Event`, `dispatchEvent`).
    assert!(truth.of("random") >= 40, "{truth:?}");
    assert_eq!(
        truth.own, 0,
        "the ledger's own calls into JS over 40 turns: {truth:?}"
    );
}
