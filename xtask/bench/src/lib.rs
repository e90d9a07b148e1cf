//! Workloads for `cargo xtask bench`. Each takes an iteration count and
//! returns a value that depends on every iteration, so nothing is optimised
//! away. Built twice: `--features ledger` (instrumented) and without (the
//! annotations compile to the code as written).

use std::cell::RefCell;
use std::hint::black_box;
use std::sync::Once;

use js_sys::Math;
use wasm_bindgen::prelude::*;

/// The lightest crossing, not annotated: the baseline.
#[wasm_bindgen]
pub fn plain_random(n: u32) -> f64 {
    let mut sum = 0.0;
    for _ in 0..n {
        sum += Math::random();
    }
    sum
}

/// The same loop, annotated: one counted crossing per iteration.
#[wasm_bindgen]
#[wasm_ledger::track]
pub fn tracked_random(n: u32) -> f64 {
    let mut sum = 0.0;
    for _ in 0..n {
        sum += Math::random();
    }
    sum
}

#[inline(never)]
fn tiny_plain(x: u32) -> u32 {
    black_box(x).wrapping_mul(3)
}

#[inline(never)]
#[wasm_ledger::track]
fn tiny_tracked(x: u32) -> u32 {
    black_box(x).wrapping_mul(3)
}

/// Calls a tiny function `n` times: the baseline for entering a function.
#[wasm_bindgen]
pub fn call_plain(n: u32) -> u32 {
    let mut acc = 0u32;
    for i in 0..n {
        acc = acc.wrapping_add(tiny_plain(i));
    }
    acc
}

/// The same from annotated code into an annotated function: the cost of
/// entering and leaving a tracked function (its entry count, the caller's
/// check).
#[wasm_bindgen]
#[wasm_ledger::track]
pub fn call_tracked(n: u32) -> u32 {
    let mut acc = 0u32;
    for i in 0..n {
        acc = acc.wrapping_add(tiny_tracked(i));
    }
    acc
}

#[inline(never)]
fn puffin_one() -> f64 {
    puffin::profile_function!();
    Math::random()
}

/// The lightest crossing inside a puffin scope.
#[wasm_bindgen]
pub fn puffin_random(n: u32) -> f64 {
    puffin::set_scopes_on(true);
    let mut sum = 0.0;
    for _ in 0..n {
        sum += puffin_one();
    }
    // One frame per run keeps puffin's memory bounded.
    puffin::GlobalProfiler::lock().new_frame();
    sum
}

#[inline(never)]
#[tracing::instrument(skip_all)]
fn traced_one() -> f64 {
    Math::random()
}

/// The lightest crossing inside a tracing span reported by tracing-wasm
/// (performance.mark / measure).
#[wasm_bindgen]
pub fn tracing_random(n: u32) -> f64 {
    static INIT: Once = Once::new();
    INIT.call_once(tracing_wasm::set_as_global_default);
    let mut sum = 0.0;
    for _ in 0..n {
        sum += traced_one();
    }
    sum
}

thread_local! {
    static APP: RefCell<Option<particles::App>> = const { RefCell::new(None) };
}

/// Frames after which the example's fountain is full (20,000 particles):
/// its steady state, where every timed frame does the same work.
const EXAMPLE_STEADY: u32 = 400;

/// `n` frames of `examples/particles` as written (no leak), drawing with
/// `ctx` on `canvas` (a real canvas in the browser, stand-ins in Node). The
/// app is made once, brought to its steady state, and kept. The ledger's
/// periodic console report is off here: what it costs is measured on its
/// own (`console_reports`). Returns `n`.
#[wasm_bindgen]
pub fn example_frames(canvas: JsValue, ctx: JsValue, n: u32) -> u32 {
    example(canvas, ctx, n, false)
}

/// [`example_frames`] with the in-page HUD on: drawn at every frame (in
/// Node, which has no page, it only hands the frame over and is told so).
#[wasm_bindgen]
pub fn example_frames_hud(canvas: JsValue, ctx: JsValue, n: u32) -> u32 {
    example(canvas, ctx, n, true)
}

fn example(canvas: JsValue, ctx: JsValue, n: u32, hud: bool) -> u32 {
    if wasm_ledger::config().hud != hud {
        wasm_ledger::configure(wasm_ledger::Config { hud, ..wasm_ledger::config() });
    }
    APP.with(|app| {
        let mut app = app.borrow_mut();
        let app = app.get_or_insert_with(|| {
            wasm_ledger::configure(wasm_ledger::Config { report_every: 0, ..wasm_ledger::config() });
            let mut app =
                particles::App::new(canvas.unchecked_into(), ctx.unchecked_into(), particles::Leaks::default());
            for _ in 0..EXAMPLE_STEADY {
                app.frame();
            }
            app
        });
        for _ in 0..n {
            app.frame();
        }
        n
    })
}

/// `n` console reports of the ledger as it stands (after the example's
/// frames: its sites, a full window): what one periodic report costs.
#[wasm_bindgen]
pub fn console_reports(n: u32) -> u32 {
    for _ in 0..n {
        wasm_ledger::report();
    }
    n
}

#[wasm_ledger::track]
fn churn(list: &js_sys::Array, i: u32) {
    // A handle made and dropped, a closure made and dropped, a crossing.
    let v = JsValue::from_f64(f64::from(i));
    list.push(&v);
    let c = Closure::<dyn FnMut()>::new(move || {});
    drop(c);
    list.pop();
}

/// The ledger's memory over `frames` frames of churn (a handle, a closure
/// and three crossings per frame at three sites), reports off: wasm memory
/// in bytes after the first 1,000 and 10,000 frames and after all of them,
/// and the frames the ledger keeps. Flat (after the allocator has settled)
/// means bounded by configuration (`frame_window`), not by the frames run.
#[wasm_bindgen]
pub fn ledger_memory(frames: u32) -> String {
    let config = wasm_ledger::config();
    wasm_ledger::configure(wasm_ledger::Config { report_every: 0, ..config.clone() });
    let list = js_sys::Array::new();
    let memory = || wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>().buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length();
    let (mut after_1k, mut after_10k) = (0, 0);
    for i in 0..frames {
        churn(&list, i);
        wasm_ledger::end_frame();
        match i + 1 {
            1_000 => after_1k = memory(),
            10_000 => after_10k = memory(),
            _ => {}
        }
    }
    // Read before the snapshot below, whose copy of the window is the
    // caller's memory, not the ledger's.
    let after_all = memory();
    let kept = wasm_ledger::snapshot().frames.len();
    wasm_ledger::configure(config);
    format!(
        "{{\"frames\":{frames},\"after_1k_bytes\":{after_1k},\"after_10k_bytes\":{after_10k},\"after_all_bytes\":{after_all},\"frames_kept\":{kept},\"frame_window\":{}}}",
        wasm_ledger::config().frame_window
    )
}

/// `frames` frames of churn at the ledger's default configuration (a report
/// every 60 frames): the soak's step. Returns the frames finished so far.
#[wasm_bindgen]
pub fn soak_frames(frames: u32) -> f64 {
    thread_local! {
        static LIST: js_sys::Array = js_sys::Array::new();
    }
    LIST.with(|list| {
        for i in 0..frames {
            churn(list, i);
            wasm_ledger::end_frame();
        }
    });
    wasm_ledger::snapshot().frames_total as f64
}

/// The soak's readings: wasm memory in bytes, live JS handles owned by
/// wasm, frames the ledger keeps, warnings, the ledger's skipped calls and
/// output failures.
#[wasm_bindgen]
pub fn soak_reading() -> String {
    let memory = wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length();
    let snap = wasm_ledger::snapshot();
    format!(
        "{{\"wasm_bytes\":{memory},\"live_handles\":{},\"frames_kept\":{},\"sites\":{},\"warnings\":{},\"skipped\":{},\"output_failures\":{}}}",
        wasm_bindgen::externref_heap_live_count(),
        snap.frames.len(),
        snap.sites.len(),
        snap.warnings.len(),
        wasm_ledger::skipped(),
        wasm_ledger::output_failures()
    )
}

/// A library's turn: a call from JS into code that is not annotated (a
/// framework's event handler, its DOM update), which makes 64 calls into JS.
/// The bench calls it from JS, one turn per call.
#[wasm_bindgen]
pub fn library_turn() -> f64 {
    let mut sum = 0.0;
    for _ in 0..64 {
        sum += js_sys::Math::random();
    }
    sum
}

/// Counts the whole app, or only annotated code (`Config::whole_app`); no
/// periodic report.
#[wasm_bindgen]
pub fn set_whole_app(on: bool) {
    let c = wasm_ledger::config();
    if c.whole_app != on || c.report_every != 0 {
        wasm_ledger::configure(wasm_ledger::Config { whole_app: on, report_every: 0, ..c });
    }
}

/// What one stack cost the probe on average so far (µs; -1 without it).
#[wasm_bindgen]
pub fn stack_capture_us() -> f64 {
    wasm_ledger::snapshot().whole_app.map(|w| w.capture_us as f64).unwrap_or(-1.0)
}

/// Whether this instance counts crossings exactly (the probe attached).
#[wasm_bindgen]
pub fn ledger_exact() -> bool {
    wasm_ledger::exact()
}

/// Whether this build is instrumented.
#[wasm_bindgen]
pub fn ledger_on() -> bool {
    wasm_ledger::ENABLED
}

/// Crossings the ledger counted so far, at every site (0 when off).
#[wasm_bindgen]
pub fn ledger_crossings() -> f64 {
    wasm_ledger::snapshot().sites.iter().map(|s| s.tally.crossings).sum::<u64>() as f64
}
