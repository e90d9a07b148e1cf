//! The whole app, in Node, headless Chromium and headless Firefox: code
//! that is not annotated (a library's, a framework's) is counted too. Every
//! call into JS it makes is counted at the row of its JS API, and the
//! ledger's totals equal the truth probe's; its stacks, sampled, name the
//! Rust function that made the calls; a closure it makes is counted at the
//! function that made it (and its line where the runner's build keeps
//! DWARF), and one made per event is warned there.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Math};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{Origin, WarningKind, testing};
use wasm_ledger_tests::measure_exact;
use web_sys::{Event, EventTarget};

/// Code that is not annotated, as a library's would be.
mod library {
    use super::*;

    #[inline(never)]
    pub fn build(n: u32) -> Array {
        let list = Array::new();
        for i in 0..n {
            list.push(&JsValue::from(i));
        }
        list
    }

    /// On every click, a listener made and forgotten: a leak made where
    /// nothing is annotated.
    #[inline(never)]
    pub fn leaky_listen(target: &EventTarget) {
        let on_over = Closure::<dyn FnMut()>::new(|| ());
        target
            .add_event_listener_with_callback("mouseover", on_over.as_ref().unchecked_ref())
            .unwrap();
        on_over.forget();
    }

    /// A listener made once, for the page's life.
    #[inline(never)]
    pub fn mount(target: &EventTarget, leaky: bool) {
        let inner = target.clone();
        let on_click = Closure::<dyn FnMut()>::new(move || {
            let _ = Math::random();
            if leaky {
                leaky_listen(&inner);
            }
        });
        target
            .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
            .unwrap();
        on_click.forget();
    }
}

fn row<'a>(frame: &'a wasm_ledger::Frame, api: &str) -> Option<&'a wasm_ledger::SiteTally> {
    frame
        .elsewhere_sites
        .iter()
        .find(|s| s.site.origin() == Origin::Api && s.site.to_string() == api)
}

#[wasm_bindgen_test]
fn every_call_outside_annotated_code_is_counted_by_js_api_and_the_totals_equal_the_probes() {
    let (len, frame, truth) = measure_exact(|| {
        let list = library::build(10);
        let _ = Math::random();
        list.length()
    });
    assert_eq!(len, 10);
    assert_eq!(frame.tally.crossings, 0, "nothing here is annotated");
    assert_eq!(
        frame.whole_app().crossings,
        truth.total,
        "the ledger's whole-app count is the probe's: {frame:#?} {truth:?}"
    );
    assert!(truth.total >= 13, "{truth:?}");
    let push = row(&frame, "Array.push").unwrap_or_else(|| panic!("no Array.push row: {frame:#?}"));
    assert_eq!(push.tally.crossings, 10);
    assert_eq!(
        row(&frame, "Math.random").map(|s| s.tally.crossings),
        Some(1)
    );
    assert_eq!(row(&frame, "new Array").map(|s| s.tally.crossings), Some(1));
    assert_eq!(
        row(&frame, "Array.length").map(|s| s.tally.crossings),
        Some(1)
    );
}

#[wasm_bindgen_test]
fn sampled_stacks_name_the_rust_function_that_made_the_calls() {
    let _ = measure_exact(|| library::build(40));
    assert!(wasm_ledger::set_exact(true));
    let whole = wasm_ledger::snapshot()
        .whole_app
        .expect("exact mode: the whole app");
    assert!(whole.names, "the test build keeps the name section");
    assert_eq!(whole.app_crate, "whole_app");
    let place = whole
        .places
        .iter()
        .find(|p| p.api == "Array.push")
        .unwrap_or_else(|| panic!("no sampled place for Array.push: {whole:#?}"));
    assert!(
        place.function.starts_with("whole_app::library::build"),
        "the first frame in the app's own code: {place:?}"
    );
    assert!(place.samples >= 1 && place.calls >= 40, "{place:?}");
    assert!(whole.share(whole.named_calls) >= 95.0, "{whole:#?}");
    if whole.dwarf && whole.lines {
        // The runner's build kept DWARF (wasm-bindgen-test-runner does, from
        // some release on): the line too, in this file.
        assert!(
            place.at.starts_with("tests/tests/whole_app.rs:"),
            "the line of the call, from DWARF: {place:?}"
        );
        assert!(whole.share(whole.line_calls) >= 90.0, "{whole:#?}");
    } else {
        assert!(
            whole.missing().is_some_and(|m| m.contains("--keep-debug")),
            "no DWARF here, and the report says how to keep it: {:?}",
            whole.missing()
        );
    }
}

fn click(target: &EventTarget, times: u32) {
    for _ in 0..times {
        target
            .dispatch_event(&Event::new("click").unwrap())
            .unwrap();
    }
}

fn quiet() {
    // Exact mode (a test before may have switched it off).
    assert!(
        wasm_ledger::set_exact(true),
        "{:?}",
        wasm_ledger::estimate_reason()
    );
    testing::reset();
    wasm_ledger::configure(wasm_ledger::Config {
        report_every: 0,
        ..Default::default()
    });
}

#[wasm_bindgen_test]
fn a_listener_made_per_click_outside_annotated_code_is_warned_at_the_function_that_made_it() {
    quiet();
    if !wasm_ledger::follows_closures() {
        // wasm-bindgen before 0.2.115: a closure's release is not seen, so
        // closures made outside annotated code are not counted (nor judged).
        return;
    }
    let button = EventTarget::new().unwrap();
    library::mount(&button, true);
    click(&button, 60);
    let w = testing::assert_warning(
        WarningKind::UnreleasedCallback,
        "whole_app::library::leaky_listen",
    );
    assert!(w.message.contains("not annotated"), "{}", w.message);
    let snap = wasm_ledger::snapshot();
    assert_eq!(
        snap.warnings.len(),
        1,
        "the click listener, made once, is not warned: {:?}",
        snap.warnings
    );
    let made = snap
        .elsewhere
        .iter()
        .find(|s| {
            s.site
                .func()
                .starts_with("whole_app::library::leaky_listen")
        })
        .unwrap_or_else(|| panic!("no row for the leaky line: {:#?}", snap.elsewhere));
    assert_eq!(made.site.origin(), Origin::Made);
    assert_eq!(made.tally.closures_created, 60);
}

#[wasm_bindgen_test]
fn the_same_listener_made_once_stays_unwarned_through_many_turns() {
    quiet();
    let button = EventTarget::new().unwrap();
    library::mount(&button, false);
    click(&button, 200);
    testing::assert_no_warnings();
    assert!(
        wasm_ledger::snapshot().frames_total >= 200,
        "a turn per click"
    );
}
