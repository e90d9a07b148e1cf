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

/// Code that is not annotated, as a library's would be: the probe sees the
/// views JS keeps wherever they are made, and names the line.
mod library {
    use js_sys::Uint8Array;

    /// A meter that keeps the view of its samples it made first.
    pub struct Meter {
        pub samples: Vec<u8>,
        pub view: Option<Uint8Array>,
    }

    #[inline(never)]
    pub fn level(meter: &mut Meter) -> u32 {
        let samples = &meter.samples;
        // SAFETY: the mistake under test: kept beyond its statement.
        let view = meter
            .view
            .get_or_insert_with(|| unsafe { Uint8Array::view(samples) }); // leak: library_view
        view.length()
    }

    /// Pixels drawn each frame through an `ImageData` made on them (its
    /// data is wasm memory), used and dropped at once: the page's usual
    /// `put_image_data` path.
    #[inline(never)]
    pub fn paint(pixels: &[u8]) -> u32 {
        let image = web_sys::ImageData::new_with_u8_clamped_array(wasm_bindgen::Clamped(pixels), 2)
            .unwrap();
        image.width()
    }

    /// The same image made once and kept: its pixels detach when memory
    /// grows.
    #[inline(never)]
    pub fn keep_image(kept: &mut Option<web_sys::ImageData>, pixels: &[u8]) -> u32 {
        let image = kept.get_or_insert_with(|| {
            web_sys::ImageData::new_with_u8_clamped_array(wasm_bindgen::Clamped(pixels), 2).unwrap() // leak: kept_image
        });
        // Reading its pixels now would throw: they are detached.
        image.width()
    }
}

/// Where the probe names the Rust line of code that is not annotated (the
/// build keeps DWARF), the warning is at the marked line; elsewhere at the
/// function that made it.
fn warned_at_line_or_in(kind: WarningKind, name: &str, func: &str) {
    let snap = wasm_ledger::snapshot();
    let lines = snap.whole_app.as_ref().is_some_and(|w| w.dwarf && w.lines);
    if lines {
        warned_at(kind, FILE, SOURCE, name);
    } else {
        let w = snap
            .warnings
            .iter()
            .find(|w| w.kind == kind && w.site.is_some_and(|s| s.func().contains(func)));
        assert!(
            w.is_some(),
            "expected a `{}` warning in {func}: {:#?}",
            kind.name(),
            snap.warnings
        );
    }
}

#[wasm_bindgen_test]
fn leak_detached_view__kept_by_code_not_annotated() {
    start();
    let mut meter = library::Meter {
        samples: vec![3u8; 256],
        view: None,
    };
    testing::run_frames(10, |i| {
        if i == 5 {
            grow_memory(4);
        }
        library::level(&mut meter);
    });
    warned_at_line_or_in(WarningKind::DetachedView, "library_view", "library::level");
    BALLAST.with(|b| b.borrow_mut().clear());
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "
export function ensure_image_data() {
  if (typeof globalThis.ImageData === 'function') return;
  // Node has no ImageData: one that keeps its pixels as a browser's does.
  globalThis.ImageData = class ImageData {
    constructor(data, width) { this.data = data; this.width = width; this.height = data.length / 4 / width; }
  };
}
")]
extern "C" {
    /// A browser's `ImageData`, or in Node one that keeps the array it is
    /// made on as its pixels, as a browser's does.
    fn ensure_image_data();
}

#[wasm_bindgen_test]
fn leak_detached_view__an_image_kept_on_wasm_memory() {
    start();
    ensure_image_data();
    let pixels = vec![9u8; 2 * 2 * 4];
    let mut kept = None;
    testing::run_frames(10, |i| {
        if i == 5 {
            grow_memory(4);
        }
        library::keep_image(&mut kept, &pixels);
    });
    warned_at_line_or_in(
        WarningKind::DetachedView,
        "kept_image",
        "library::keep_image",
    );
    BALLAST.with(|b| b.borrow_mut().clear());
}

#[wasm_bindgen_test]
fn clean_detached_view__an_image_made_on_wasm_memory_each_frame() {
    start();
    ensure_image_data();
    let pixels = vec![9u8; 2 * 2 * 4];
    testing::run_frames(10, |i| {
        // Memory grows between the frames that paint.
        if i == 5 {
            grow_memory(4);
        }
        if i % 3 == 0 {
            assert_eq!(library::paint(&pixels), 2);
        }
    });
    clean();
    BALLAST.with(|b| b.borrow_mut().clear());
}
