//! Exact mode, in Node and in headless Chromium: with the probe loaded
//! before the module, every call into JS made while annotated code runs is
//! counted at the call site that made it, library helpers' inner calls
//! included, and the per-site counts add up exactly to the probe's total.
//! Where the estimate is known to differ (accuracy.rs pins it), exact mode
//! is right.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Math, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::track;
use wasm_ledger_tests::{
    closure_dropped, conversions_by_into_and_in_macros, copies, crossings_of, measure,
    measure_exact,
};

/// The crossings of the one site of `func` on `line`.
fn at(frame: &wasm_ledger::Frame, func: &str, line: u32) -> u64 {
    frame
        .sites
        .iter()
        .filter(|s| s.site.func() == func && s.site.line() == line)
        .map(|s| s.tally.crossings)
        .sum()
}

#[wasm_bindgen_test]
fn a_helper_that_crosses_several_times_counts_every_crossing() {
    let u = Uint8Array::new_with_length(16);
    let mut buf = [0u8; 16];
    let (_, estimate, truth) = measure(|| copies(&u, &mut buf));
    assert_eq!(estimate.crossings(), 3, "the estimate: one per call");
    let (_, exact, truth_again) = measure_exact(|| copies(&u, &mut buf));
    assert_eq!(truth_again, truth);
    assert!(truth.total >= 6, "{truth:?}");
    assert_eq!(exact.crossings(), truth.total, "{exact:?} vs {truth:?}");
    assert!(exact.sites.iter().all(|s| s.site.func() == "copies"));
    // Each helper's crossings at its own line.
    let line = exact.sites.iter().map(|s| s.site.line()).min().unwrap_or(0);
    assert!(at(&exact, "copies", line + 1) >= 2, "copy_to: {exact:?}");
}

#[wasm_bindgen_test]
fn conversions_and_macro_arguments_count_at_the_function_body() {
    let list = Array::new();
    let (_, estimate, _) = measure(|| conversions_by_into_and_in_macros(&list));
    assert_eq!(estimate.crossings(), 0, "not seen by the estimate");
    let (_, exact, truth) = measure_exact(|| conversions_by_into_and_in_macros(&list));
    assert_eq!(truth.total, 2, "{truth:?}");
    assert_eq!(exact.crossings(), 2, "{exact:?}");
    let body = exact
        .sites
        .iter()
        .find(|s| s.site.label() == "(body)")
        .expect("the body's site");
    assert_eq!(body.tally.crossings, 2);
}

#[track]
fn helper(list: &Array) -> u32 {
    // Code that is not annotated, called from annotated code: its
    // crossings are the caller's (here its body's: `untracked(..)` is not a
    // call the rewrite instruments).
    untracked(list) + untracked(list)
}

fn untracked(list: &Array) -> u32 {
    // 3 crossings: the number is boxed in JS, pushed, and the length read.
    list.push(&JsValue::from(1));
    list.length()
}

#[track]
fn outer(list: &Array) -> u32 {
    let n = list.length(); // 1, here
    n + helper(list) + list.length() // 6 inside `helper`, counted there, then 1 here
}

#[wasm_bindgen_test]
fn code_not_annotated_counts_where_annotated_code_called_it() {
    let list = Array::new();
    let (_, exact, truth) = measure_exact(|| outer(&list));
    assert_eq!(exact.crossings(), truth.total, "{exact:?} vs {truth:?}");
    assert_eq!(crossings_of(&exact.sites, "helper"), 6, "{exact:?}");
    assert_eq!(crossings_of(&exact.sites, "outer"), 2, "{exact:?}");
}

#[wasm_bindgen_test]
fn a_drop_is_counted_where_the_function_dropped_it() {
    let (_, estimate, truth) = measure(closure_dropped);
    assert_eq!(truth.total, 2, "made, then released: {truth:?}");
    assert_eq!(
        estimate.crossings(),
        1,
        "the estimate does not see the drop"
    );
    let (_, exact, _) = measure_exact(closure_dropped);
    assert_eq!(exact.crossings(), 2, "{exact:?}");
}

// Element by element on purpose: many crossings to count.
#[track(allow(per_element_copy))]
fn busy(list: &Array, n: u32) -> f64 {
    let mut sum = 0.0;
    for _ in 0..n {
        sum += Math::random(); // 1
        list.push(&JsValue::from(sum)); // 2: the number is boxed in JS, then pushed
    }
    sum + f64::from(list.length())
}

#[wasm_bindgen_test]
fn per_site_counts_add_up_to_the_probe_total() {
    let list = Array::new();
    let (_, exact, truth) = measure_exact(|| busy(&list, 100));
    let per_site: u64 = exact.sites.iter().map(|s| s.tally.crossings).sum();
    assert_eq!(per_site, truth.total);
    assert_eq!(exact.crossings(), truth.total);
    assert_eq!(truth.total, 301);
    let snap = wasm_ledger::snapshot();
    assert!(!snap.exact, "measure_exact switches back to the estimate");
    assert!(snap.to_json().contains("\"mode\":\"estimate\""));
    assert!(wasm_ledger::set_exact(true));
    assert!(
        wasm_ledger::snapshot()
            .to_json()
            .contains("\"mode\":\"exact\"")
    );
    wasm_ledger::set_exact(false);
}
