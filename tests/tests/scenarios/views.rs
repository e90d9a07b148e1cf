//! Typed-array views of wasm memory: one kept across a memory growth (in a
//! field, or returned by the function that made it), one made again at
//! each use, and one copied where it is made in some frames only (memory
//! then grows in a frame that made none).

use std::cell::RefCell;

use js_sys::Uint8Array;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{WarningKind, frame, testing, track};

use super::{clean, start, warned_at};

const SOURCE: &str = include_str!("views.rs");
const FILE: &str = "tests/tests/scenarios/views.rs";

thread_local! {
    /// Allocations kept so that wasm memory really grows.
    static BALLAST: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// Allocates until wasm memory has grown by at least `mib` MiB: memory
/// that earlier tests allocated and freed is used up first, so the growth
/// happens whatever ran before.
fn grow_memory(mib: usize) {
    let pages = || core::arch::wasm32::memory_size::<0>();
    let target = pages() + mib * 16;
    while pages() < target {
        BALLAST.with(|b| b.borrow_mut().push(vec![1u8; 1 << 20]));
    }
}

struct Meter {
    samples: Vec<u8>,
    view: Option<Uint8Array>,
}

#[track(allow(view_escapes))]
impl Meter {
    fn level(&mut self) -> u32 {
        let samples = &self.samples;
        // SAFETY: the mistake under test: kept beyond its statement.
        let view = self
            .view
            .get_or_insert_with(|| unsafe { Uint8Array::view(samples) }); // leak: kept_view
        view.length()
    }
}

#[frame]
fn tick_meter(meter: &mut Meter, frame: usize) -> u32 {
    if frame == 5 {
        grow_memory(4);
    }
    meter.level()
}

#[wasm_bindgen_test]
fn leak_detached_view__kept_across_memory_growth() {
    start();
    let mut meter = Meter {
        samples: vec![3u8; 256],
        view: None,
    };
    testing::run_frames(10, |i| {
        tick_meter(&mut meter, i);
    });
    warned_at(WarningKind::DetachedView, FILE, SOURCE, "kept_view");
    BALLAST.with(|b| b.borrow_mut().clear());
}

#[track(allow(view_escapes))]
fn level_now(samples: &[u8]) -> u32 {
    // SAFETY: made at the use, after any allocation, used at once.
    let view = unsafe { Uint8Array::view(samples) };
    view.length()
}

#[frame]
fn tick_fresh(samples: &[u8], frame: usize) -> u32 {
    if frame == 5 {
        grow_memory(4);
    }
    level_now(samples)
}

#[wasm_bindgen_test]
fn clean_detached_view__made_again_at_each_use() {
    start();
    let samples = vec![3u8; 256];
    testing::run_frames(10, |i| {
        assert_eq!(tick_fresh(&samples, i), 256);
    });
    clean();
    BALLAST.with(|b| b.borrow_mut().clear());
}

/// Returns the view it makes: the caller decides how long it lives.
#[track(allow(view_escapes))]
fn view_of(samples: &[u8]) -> Uint8Array {
    // SAFETY: the mistake under test: the caller keeps it.
    unsafe { Uint8Array::view(samples) } // leak: returned_view
}

#[frame]
fn tick_returned(kept: &mut Option<Uint8Array>, samples: &[u8], frame: usize) -> u32 {
    if frame == 5 {
        grow_memory(4);
    }
    if frame < 3 {
        *kept = Some(view_of(samples));
    }
    kept.as_ref().map_or(0, |v| v.length())
}

#[wasm_bindgen_test]
fn leak_detached_view__returned_and_kept_by_the_caller() {
    start();
    let samples = vec![3u8; 256];
    let mut kept = None;
    testing::run_frames(10, |i| {
        tick_returned(&mut kept, &samples, i);
    });
    warned_at(WarningKind::DetachedView, FILE, SOURCE, "returned_view");
    BALLAST.with(|b| b.borrow_mut().clear());
}

/// serde-wasm-bindgen's `serialize_bytes`: the view is copied into a JS
/// array of its own at once and dropped with the call.
#[track]
fn bytes_to_js(bytes: &[u8]) -> Uint8Array {
    // SAFETY: copied before anything else runs.
    let view = unsafe { Uint8Array::view(bytes) };
    Uint8Array::new(view.as_ref())
}

#[frame]
fn tick_copied(out: &mut Vec<Uint8Array>, bytes: &[u8], frame: usize) {
    if frame < 3 {
        out.push(bytes_to_js(bytes));
    }
    if frame == 5 {
        grow_memory(4);
    }
}

#[wasm_bindgen_test]
fn clean_detached_view__copied_where_made_in_some_frames_only() {
    start();
    let bytes = vec![7u8; 64];
    let mut out = Vec::new();
    testing::run_frames(10, |i| tick_copied(&mut out, &bytes, i));
    clean();
    assert!(out.iter().all(|a| a.length() == 64 && a.get_index(63) == 7));
    BALLAST.with(|b| b.borrow_mut().clear());
}
