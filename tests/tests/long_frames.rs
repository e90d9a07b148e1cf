//! Long frames and start-up, in Node and headless Chromium: a frame (or an
//! event's turn) that keeps the thread over the long-task line time after
//! time is warned at the site that crossed most in it; short ones, and the
//! ledger's own work, never are. And the probe's account of start-up.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;

use js_sys::Date;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{Compiled, WarningKind, frame, testing, track};
use web_sys::{Event, EventTarget};

thread_local! {
    static SPIN_LINE: Cell<u32> = const { Cell::new(0) };
}

/// Keeps the thread for `ms`, reading the clock (a crossing) as it goes.
#[rustfmt::skip]
#[track]
fn spin(ms: f64) -> u32 {
    let start = Date::now();
    let mut reads = 0u32;
    while Date::now() - start < ms { reads += 1; } SPIN_LINE.with(|l| l.set(line!()));
    reads
}

#[frame]
fn animation_frame(ms: f64) -> u32 {
    spin(ms)
}

fn quiet_ledger() {
    testing::reset();
    wasm_ledger::configure(wasm_ledger::Config {
        report_every: 0,
        ..Default::default()
    });
}

fn spin_site() -> String {
    format!("tests/tests/long_frames.rs:{}", SPIN_LINE.with(Cell::get))
}

#[wasm_bindgen_test]
fn frames_that_keep_the_thread_over_the_line_are_warned_at_the_busiest_site() {
    quiet_ledger();
    // Short frames: nothing, however many (and past the warm-up).
    for _ in 0..30 {
        animation_frame(2.0);
    }
    testing::assert_no_warnings();
    // One long frame now and then is not the app's (a collector, a busy
    // machine): nothing yet.
    animation_frame(70.0);
    testing::assert_no_warnings();
    for _ in 0..3 {
        animation_frame(2.0);
        animation_frame(70.0);
    }
    let w = testing::assert_warning(WarningKind::LongFrame, &spin_site());
    assert!(
        w.message.contains("ms of work, over the 50 ms line"),
        "{}",
        w.message
    );
    assert!(
        w.message.contains("in spin") || w.message.contains("spin ("),
        "{}",
        w.message
    );
    let snap = wasm_ledger::snapshot();
    let last = snap.frames.last().unwrap();
    assert!(last.app_ms().unwrap() >= 60.0, "{last:?}");
    assert!(last.app_ms().unwrap() < 1000.0, "{last:?}");
    assert!(snap.to_json().contains("\"kind\":\"long_frame\""));
    wasm_ledger::configure(wasm_ledger::Config::default());
}

#[wasm_bindgen_test]
fn the_line_is_configurable_and_zero_switches_it_off() {
    quiet_ledger();
    wasm_ledger::configure(wasm_ledger::Config {
        report_every: 0,
        long_frame_ms: 0,
        ..Default::default()
    });
    for _ in 0..30 {
        animation_frame(1.0);
    }
    for _ in 0..3 {
        animation_frame(2.0);
        animation_frame(60.0);
    }
    testing::assert_no_warnings();
    wasm_ledger::configure(wasm_ledger::Config {
        report_every: 0,
        long_frame_ms: 10,
        ..Default::default()
    });
    for _ in 0..3 {
        animation_frame(20.0);
    }
    testing::assert_warning(WarningKind::LongFrame, &spin_site());
    wasm_ledger::configure(wasm_ledger::Config::default());
}

#[wasm_bindgen_test]
fn an_event_handler_that_keeps_the_thread_is_a_long_turn() {
    assert!(wasm_ledger::exact(), "{:?}", wasm_ledger::estimate_reason());
    quiet_ledger();
    let target = EventTarget::new().unwrap();
    let ms = std::rc::Rc::new(Cell::new(1.0));
    let handler = {
        let ms = ms.clone();
        Closure::<dyn FnMut()>::new(move || {
            spin(ms.get());
        })
    };
    target
        .add_event_listener_with_callback("click", handler.as_ref().unchecked_ref())
        .unwrap();
    let click = || {
        target
            .dispatch_event(&Event::new("click").unwrap())
            .unwrap()
    };
    for _ in 0..30 {
        click();
    }
    testing::assert_no_warnings();
    ms.set(70.0);
    for _ in 0..3 {
        click();
    }
    let snap = wasm_ledger::snapshot();
    assert!(snap.turns, "{snap:?}");
    // Timed by the probe: the turn's work is the handler's.
    let last = snap.frames.last().unwrap();
    assert!(last.work_ms.unwrap() >= 60.0, "{last:?}");
    let w = testing::assert_warning(WarningKind::LongFrame, &spin_site());
    assert!(w.message.starts_with("turn "), "{}", w.message);
    drop(handler);
    wasm_ledger::configure(wasm_ledger::Config::default());
}

#[wasm_bindgen_test]
fn start_up_is_timed_by_the_probe() {
    assert!(wasm_ledger::exact(), "{:?}", wasm_ledger::estimate_reason());
    // The start-up record is asked for at the first boundary.
    wasm_ledger::end_frame();
    let startup = wasm_ledger::snapshot()
        .startup
        .expect("the probe timed start-up");
    assert_ne!(startup.compiled, Compiled::Unknown, "{startup:?}");
    let (compiled, instantiated) = (
        startup.compile_end_ms.unwrap(),
        startup.instantiate_end_ms.unwrap(),
    );
    assert!(startup.compile_start_ms.unwrap() <= compiled, "{startup:?}");
    assert!(
        compiled <= startup.instantiate_start_ms.unwrap(),
        "{startup:?}"
    );
    assert!(
        instantiated <= startup.first_rust_ms.unwrap(),
        "{startup:?}"
    );
    // The test runners serve the module as application/wasm (or read it
    // from disk): no warning.
    assert_eq!(startup.warning, None, "{startup:?}");
    assert!(
        startup.line().starts_with("start-up: "),
        "{}",
        startup.line()
    );
}
