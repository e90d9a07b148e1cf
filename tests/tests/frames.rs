//! What a frame holds besides crossings, and what the ledger itself costs,
//! in Node and in headless Chromium.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{frame, probe, track};
use wasm_ledger_tests::measure;
use web_sys::{Event, EventTarget};

#[track]
fn grow_memory(list: &Array) -> usize {
    // 8 MiB more than anything before: linear memory has to grow.
    let big = vec![1u8; 8 << 20];
    list.push(&JsValue::from(big.len() as u32));
    big.iter().map(|&b| b as usize).sum()
}

#[wasm_bindgen_test]
fn memory_growth_and_live_handles_are_in_the_frame() {
    let list = Array::new();
    let (_, frame, _) = measure(|| grow_memory(&list));
    assert!(frame.memory_growth >= 8 << 20, "{frame:?}");
    let live = frame.live_handles.expect("wasm32 reports live handles");
    assert!(live > 0, "{frame:?}");
    assert!(frame.duration_ms.is_some());
}

#[frame]
fn quiet_frame(list: &Array) -> u32 {
    list.length()
}

#[wasm_bindgen_test]
fn a_report_every_n_frames_and_two_or_three_clock_reads_otherwise() {
    wasm_ledger::configure(wasm_ledger::Config {
        report_every: 5,
        ..Default::default()
    });
    let list = Array::new();
    // Align to a report boundary, then count the ledger's own calls over 10
    // frames: 2 clock reads a frame (the boundary, the end of the ledger's
    // own work), 3 where the probe does not time the call the frame
    // function runs in (the frame function's start; how the harness calls
    // a test decides), and 2 reports of 3 console calls each.
    while wasm_ledger::snapshot().frames_total % 5 != 0 {
        wasm_ledger::end_frame();
    }
    let (_, truth) = probe::measure(|| {
        for _ in 0..10 {
            quiet_frame(&list);
        }
    });
    wasm_ledger::configure(wasm_ledger::Config::default());
    assert_eq!(truth.of("length"), 10);
    let clock = truth.of("now");
    assert!(clock == 20 || clock == 30, "{truth:?}");
    assert_eq!(truth.of("groupCollapsed"), 2, "{truth:?}");
    assert_eq!(truth.of("table"), 2, "{truth:?}");
    assert_eq!(truth.of("groupEnd"), 2, "{truth:?}");
    assert_eq!(wasm_ledger::output_failures(), 0);
}

#[frame]
fn frame_on_click(list: &Array) -> u32 {
    list.push(&JsValue::TRUE);
    list.length()
}

/// A listener that runs `frames` frames at every click.
fn listen(target: &EventTarget, list: &Array, frames: u32) -> Closure<dyn FnMut()> {
    let list = list.clone();
    let on_click = Closure::<dyn FnMut()>::new(move || {
        for _ in 0..frames {
            frame_on_click(&list);
        }
    });
    target
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .unwrap();
    on_click
}

fn click(target: &EventTarget, times: u32) {
    for _ in 0..times {
        target
            .dispatch_event(&Event::new("click").unwrap())
            .unwrap();
    }
}

#[wasm_bindgen_test]
fn a_frame_run_by_a_call_from_js_makes_no_call_into_js_of_its_own() {
    // Between reports, a frame that ends in a call from JS needs nothing
    // from JS: its counts are taken where it ends, and the probe hands
    // over the time when the call returns.
    let was = wasm_ledger::exact();
    assert!(wasm_ledger::set_exact(true), "the probe attached");
    wasm_ledger::testing::reset();
    wasm_ledger::configure(wasm_ledger::Config {
        report_every: 0,
        ..Default::default()
    });
    let (target, list) = (EventTarget::new().unwrap(), Array::new());
    let on_click = listen(&target, &list, 1);
    click(&target, 3);
    let before = wasm_ledger::snapshot().frames_total;
    let ((), truth) = probe::measure(|| click(&target, 40));
    let frame = wasm_ledger::last_frame().expect("a frame");
    let snap = wasm_ledger::snapshot();
    assert_eq!(truth.of("push"), 40, "{truth:?}");
    assert_eq!(
        truth.own, 0,
        "the ledger's own calls into JS over 40 frames: {truth:?}"
    );
    assert_eq!(snap.frames_total, before + 40);
    // Each frame holds its own two crossings, timed by the probe.
    assert_eq!(frame.tally.crossings, 2, "{frame:?}");
    assert!(frame.duration_ms.is_some_and(|ms| ms >= 0.0), "{frame:?}");
    assert!(!frame.turn);
    // With reports: the only calls of its own are its output's, counted
    // apart (a report is 3 console calls and its strings).
    wasm_ledger::configure(wasm_ledger::Config {
        report_every: 5,
        ..Default::default()
    });
    while wasm_ledger::snapshot().frames_total % 5 != 0 {
        click(&target, 1);
    }
    let ((), truth) = probe::measure(|| click(&target, 20));
    assert_eq!(truth.of("groupCollapsed"), 4, "{truth:?}");
    assert!(truth.own_output >= 12, "{truth:?}");
    assert_eq!(
        truth.own, truth.own_output,
        "the ledger's own calls outside its reports: {truth:?}"
    );
    drop(on_click);
    wasm_ledger::configure(wasm_ledger::Config::default());
    wasm_ledger::set_exact(was);
}

#[wasm_bindgen_test]
fn two_frames_in_one_call_from_js_are_two_frames() {
    // The first waits for the call's return until the second begins: then
    // it closes with a clock of its own, holding only its own crossings.
    let was = wasm_ledger::exact();
    assert!(wasm_ledger::set_exact(true), "the probe attached");
    wasm_ledger::testing::reset();
    let (target, list) = (EventTarget::new().unwrap(), Array::new());
    let on_click = listen(&target, &list, 2);
    let before = wasm_ledger::snapshot().frames_total;
    click(&target, 5);
    let snap = wasm_ledger::snapshot();
    assert_eq!(snap.frames_total, before + 10);
    let last = snap.frames.iter().rev().take(10).collect::<Vec<_>>();
    assert_eq!(last.len(), 10, "{} frames kept", snap.frames.len());
    for frame in last {
        assert_eq!(frame.tally.crossings, 2, "{frame:?}");
        // The first frame since the reset has no previous boundary.
        assert!(frame.index == 0 || frame.duration_ms.is_some(), "{frame:?}");
    }
    drop(on_click);
    wasm_ledger::set_exact(was);
}

#[track]
async fn across_awaits(list: Array, p: Promise) -> u32 {
    let before = list.length();
    let _ = JsFuture::from(p).await;
    list.push(&JsValue::NULL);
    before + list.length()
}

#[wasm_bindgen_test]
async fn crossings_after_an_await_go_to_their_own_site() {
    let list = Array::new();
    wasm_ledger::end_frame();
    across_awaits(list, Promise::resolve(&JsValue::NULL)).await;
    wasm_ledger::end_frame();
    let frame = wasm_ledger::last_frame().unwrap();
    let at = |line: u32, col: u32| {
        frame
            .sites
            .iter()
            .find(|s| s.site.line() == line && s.site.column() == col)
            .map(|s| s.tally.crossings)
    };
    let src_line = |needle: &str| {
        include_str!("frames.rs")
            .lines()
            .position(|l| l.contains(needle))
            .unwrap() as u32
            + 1
    };
    let push = src_line("list.push(&JsValue::NULL);");
    assert_eq!(
        at(push, 10),
        Some(1),
        "push after the await, at its own line: {frame:?}"
    );
    assert!(frame.sites.iter().all(|s| s.site.func() == "across_awaits"));
}

#[wasm_bindgen_test]
fn the_snapshot_as_json() {
    let list = Array::new();
    measure(|| quiet_frame(&list));
    let json = wasm_ledger::snapshot().to_json();
    let parsed = js_sys::JSON::parse(&json).expect("valid JSON");
    let frames = js_sys::Reflect::get(&parsed, &"frames".into()).unwrap();
    assert!(Array::is_array(&frames));
    assert!(json.contains("\"function\":\"quiet_frame\""), "{json}");
}
