//! Typed-array views of wasm memory: one kept across a memory growth, and
//! one made again at each use.

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

fn grow_memory(mib: usize) {
    BALLAST.with(|b| b.borrow_mut().push(vec![1u8; mib << 20]));
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
