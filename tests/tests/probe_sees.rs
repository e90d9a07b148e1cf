//! What the probe sees besides crossings, in exact mode, in Node, headless
//! Chromium and headless Firefox: every closure wasm-bindgen hands to JS,
//! counted at the annotated site running when it was made, whatever made it
//! (a closure literal, a named function, `Box::new(..)`; a helper that is
//! not annotated counts at the calling function's body site); its release (the drop) counted against that site; the
//! closures made while no annotated code ran at the whole app's row of the function that made them;
//! calls from JS into closures, at the site that made them; and exported
//! objects JS holds and has not freed.
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{Origin, SiteTally, Tally, WarningKind, track};
use wasm_ledger_tests::measure_exact;

/// Everything counted on `line` of `func` in a frame's sites.
fn at(sites: &[SiteTally], func: &str, line: u32) -> Tally {
    let mut t = Tally::default();
    for s in sites
        .iter()
        .filter(|s| s.site.func() == func && s.site.line() == line)
    {
        t.add(&s.tally);
    }
    t
}

fn on_tick() {}

/// A library helper: not annotated, makes a closure for its caller.
fn make_listener() -> Closure<dyn FnMut()> {
    Closure::new(|| ())
}

/// Three closures not made from a literal the macro could go into, each
/// dropped: the lines of the two made here, and the function's own line
/// (the helper's closure counts at its body site: calls of Rust functions
/// are not aimed at).
// Each closure and its `line!()` on one line: kept as written.
const BODY_LINE: u32 = line!() + 3;
#[rustfmt::skip]
#[track]
fn named_boxed_and_from_a_helper() -> [u32; 3] {
    let a = Closure::<dyn FnMut()>::new(on_tick); let named = line!();
    let b = Closure::wrap(Box::new(move || ()) as Box<dyn FnMut()>); let boxed = line!();
    let c = make_listener();
    drop(a);
    drop(b);
    drop(c);
    [named, boxed, BODY_LINE]
}

#[wasm_bindgen_test]
fn closures_from_any_constructor_are_made_and_released_at_their_line() {
    let (lines, frame, truth) = measure_exact(named_boxed_and_from_a_helper);
    for line in lines {
        let t = at(&frame.sites, "named_boxed_and_from_a_helper", line);
        assert_eq!(
            (t.closures_created, t.closures_released),
            (1, 1),
            "line {line}: {frame:#?}"
        );
    }
    assert_eq!(frame.tally.closures_created, 3, "{frame:#?}");
    assert_eq!(frame.crossings(), truth.total, "{frame:#?} vs {truth:?}");
}

/// A closure kept by JS for good: made, never released.
// Each closure and its `line!()` on one line: kept as written.
#[rustfmt::skip]
#[track]
fn given_away() -> (JsValue, u32) {
    let v = Closure::wrap(Box::new(move || ()) as Box<dyn FnMut()>).into_js_value(); let line = line!();
    (v, line)
}

#[wasm_bindgen_test]
fn a_closure_given_away_is_made_and_not_released() {
    let ((_v, line), frame, _) = measure_exact(given_away);
    let t = at(&frame.sites, "given_away", line);
    assert_eq!(
        (t.closures_created, t.closures_released),
        (1, 0),
        "{frame:#?}"
    );
}

#[wasm_bindgen_test]
fn closures_made_outside_annotated_code_are_counted_at_the_function_that_made_them() {
    let (_, frame, _) = measure_exact(|| {
        let c = Closure::<dyn FnMut()>::new(|| ());
        drop(c);
    });
    // Not annotated: a row of the whole app, named by the creation stack's
    // first frame in this crate (the test's own closure), never lumped.
    let row = frame
        .elsewhere_sites
        .iter()
        .find(|s| s.site.origin() == Origin::Made)
        .unwrap_or_else(|| panic!("no row for the closure's maker: {frame:#?}"));
    assert!(
        row.site
            .func()
            .starts_with("probe_sees::closures_made_outside_annotated_code_are_counted_at_the_function_that_made_them"),
        "{row:#?}"
    );
    assert_eq!(
        (row.tally.closures_created, row.tally.closures_released),
        (1, 1)
    );
    assert!(
        frame
            .elsewhere_sites
            .iter()
            .all(|s| s.site.origin() != Origin::Lumped),
        "nothing lumped: {frame:#?}"
    );
    assert_eq!(frame.tally.closures_created, 0, "annotated code made none");
    assert_eq!(
        frame.whole_app().closures_created,
        1,
        "the whole app's totals add up"
    );
}

/// A closure that JS calls three times.
// Each closure and its `line!()` on one line: kept as written.
#[rustfmt::skip]
#[track]
fn called_by_js() -> u32 {
    let c = Closure::<dyn FnMut()>::new(|| ()); let line = line!();
    let f: &Function = c.as_ref().unchecked_ref();
    for _ in 0..3 {
        let _ = f.call0(&JsValue::NULL);
    }
    line
}

#[wasm_bindgen_test]
fn calls_from_js_into_a_closure_count_at_the_site_that_made_it() {
    let (line, frame, _) = measure_exact(called_by_js);
    let t = at(&frame.sites, "called_by_js", line);
    assert_eq!(t.js_calls, 3, "{frame:#?}");
    assert!(frame.js_calls >= 3, "{frame:#?}");
}

/// One listener per frame, boxed, forgotten: the leak the issue quotes.
// Each closure and its `line!()` on one line: kept as written.
#[rustfmt::skip]
#[track]
fn listener_forgotten(target: &web_sys::EventTarget) -> u32 {
    let cb = Closure::wrap(Box::new(move || ()) as Box<dyn FnMut()>); let line = line!();
    target
        .add_event_listener_with_callback("tick", cb.as_ref().unchecked_ref())
        .unwrap();
    cb.forget();
    line
}

#[wasm_bindgen_test]
fn a_boxed_closure_forgotten_every_frame_is_warned_at_its_line() {
    assert!(wasm_ledger::set_exact(true));
    wasm_ledger::reset();
    let target = web_sys::EventTarget::new().unwrap();
    let mut line = 0;
    for _ in 0..8 {
        line = listener_forgotten(&target);
        wasm_ledger::end_frame();
    }
    let warnings = wasm_ledger::snapshot().warnings;
    wasm_ledger::set_exact(false);
    let w = warnings
        .iter()
        .find(|w| w.kind == WarningKind::UnreleasedCallback)
        .unwrap_or_else(|| panic!("not warned: {warnings:#?}"));
    let site = w.site.expect("a site");
    assert_eq!((site.func(), site.line()), ("listener_forgotten", line));
}

/// An exported type JS gets objects of.
#[wasm_bindgen]
pub struct Particle {
    #[allow(dead_code)]
    x: f64,
}

#[wasm_bindgen_test]
fn exported_objects_js_holds_are_counted_until_freed() {
    assert!(wasm_ledger::set_exact(true));
    wasm_ledger::end_frame();
    let before = wasm_ledger::last_frame()
        .and_then(|f| f.live_objects)
        .unwrap_or(0);
    let particles = || {
        wasm_ledger::probe::live_objects_by_type()
            .get("Particle")
            .copied()
            .unwrap_or(0)
    };
    let particles_before = particles();
    let objects: Vec<JsValue> = (0..4)
        .map(|i| JsValue::from(Particle { x: f64::from(i) }))
        .collect();
    wasm_ledger::end_frame();
    let made = wasm_ledger::last_frame().and_then(|f| f.live_objects);
    for o in &objects[..3] {
        let free: Function = Reflect::get(o, &"free".into()).unwrap().unchecked_into();
        free.call0(o).unwrap();
    }
    wasm_ledger::end_frame();
    let after = wasm_ledger::last_frame().and_then(|f| f.live_objects);
    let particles_after = particles();
    wasm_ledger::set_exact(false);
    assert_eq!(made, Some(before + 4));
    assert_eq!(after, Some(before + 1));
    assert_eq!(particles_after, particles_before + 1);
}

#[wasm_bindgen_test]
fn exported_objects_js_never_frees_are_warned_when_they_only_grow() {
    assert!(wasm_ledger::set_exact(true));
    let config = wasm_ledger::config();
    wasm_ledger::configure(wasm_ledger::Config {
        live_window: 10,
        live_growth: 20,
        ..config.clone()
    });
    wasm_ledger::reset();
    let mut kept = Vec::new();
    for i in 0..15 {
        for _ in 0..3 {
            kept.push(JsValue::from(Particle { x: f64::from(i) }));
        }
        wasm_ledger::end_frame();
    }
    let snap = wasm_ledger::snapshot();
    for o in &kept {
        let free: Function = Reflect::get(o, &"free".into()).unwrap().unchecked_into();
        free.call0(o).unwrap();
    }
    wasm_ledger::configure(config);
    wasm_ledger::set_exact(false);
    let w = snap
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::ExportedObjectsGrowing)
        .unwrap_or_else(|| panic!("not warned: {:#?}", snap.warnings));
    assert!(w.message.contains("Particle"), "{}", w.message);
    assert!(
        snap.live_objects_by_type
            .iter()
            .any(|(ty, n)| ty == "Particle" && *n >= 45),
        "{:?}",
        snap.live_objects_by_type
    );
}
