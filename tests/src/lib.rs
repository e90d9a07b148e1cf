//! Annotated code that the integration tests measure: each function's
//! crossings are compared with the truth probe's count.

use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;
use wasm_ledger::{frame, track};

/// `n` pushes and one length read: `n + 1` crossings, all on place
/// receivers.
#[track]
pub fn fill(list: &Array, value: &JsValue, n: u32) -> u32 {
    for _ in 0..n {
        list.push(value);
    }
    list.length()
}

/// Method calls on value receivers (`list.concat(..)` is a temporary), on
/// fields, through `Option`, next to Rust method calls that must not count.
#[track]
#[allow(clippy::vec_init_then_push)] // a Rust `push` beside the JS calls, on purpose
pub fn mixed(list: &Array, holder: &Holder) -> usize {
    let mut names = Vec::new(); // Rust: not counted
    names.push(1u8); // Rust: not counted
    let joined = list.concat(&holder.extra).length(); // 2 crossings
    let own = Object::keys(&holder.object).length(); // 2: a static of a JS type, then a method
    if let Some(first) = holder.maybe.as_ref() {
        let _ = first.is_falsy(); // 1 crossing
    }
    let _: &JsValue = list.as_ref(); // pure: not counted
    names.len() + joined as usize + own as usize
}

/// Handles held in Rust fields.
pub struct Holder {
    /// Another array.
    pub extra: Array,
    /// A plain object.
    pub object: Object,
    /// An optional handle.
    pub maybe: Option<JsValue>,
}

/// A per-frame entry point.
#[frame]
pub fn tick(list: &Array, value: &JsValue) -> u32 {
    fill(list, value, 3)
}

/// Runs `f` in a frame of its own and returns its result, the ledger's
/// frame and the truth probe's count of the same calls.
#[cfg(target_arch = "wasm32")]
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, wasm_ledger::Frame, wasm_ledger::probe::Counts) {
    // These tests check the estimate; the probe would make it exact.
    wasm_ledger::set_exact(false);
    measure_in_mode(f)
}

/// [`measure`] in exact mode: the probe counts every crossing at the call
/// site that is running.
#[cfg(target_arch = "wasm32")]
pub fn measure_exact<R>(
    f: impl FnOnce() -> R,
) -> (R, wasm_ledger::Frame, wasm_ledger::probe::Counts) {
    assert!(
        wasm_ledger::set_exact(true),
        "exact mode needs the probe, attached at instantiation"
    );
    let out = measure_in_mode(f);
    wasm_ledger::set_exact(false);
    out
}

#[cfg(target_arch = "wasm32")]
fn measure_in_mode<R>(
    f: impl FnOnce() -> R,
) -> (R, wasm_ledger::Frame, wasm_ledger::probe::Counts) {
    use wasm_ledger::probe;
    assert!(
        probe::installed(),
        "the truth probe was not loaded before the wasm module"
    );
    wasm_ledger::end_frame(); // whatever ran before belongs to another frame
    let (result, truth) = probe::measure(f);
    wasm_ledger::end_frame();
    (
        result,
        wasm_ledger::last_frame().expect("a frame just ended"),
        truth,
    )
}

/// Helpers that cross more than once per call (the estimate counts one
/// each; exact mode, every crossing).
#[track]
pub fn copies(u: &Uint8Array, buf: &mut [u8]) -> Vec<u8> {
    u.copy_to(buf);
    u.copy_from(buf);
    u.to_vec()
}

/// Crossings no instrumented call makes: a conversion through `.into()` and
/// a call inside a macro's arguments.
#[track]
pub fn conversions_by_into_and_in_macros(list: &Array) -> (JsValue, String) {
    let v: JsValue = "text".into();
    (v, format!("{}", list.length()))
}

/// A `Closure` made, then dropped: its release calls into JS.
#[track]
pub fn closure_dropped() {
    let c = Closure::<dyn FnMut()>::new(|| ());
    drop(c);
}

/// Crossings counted at every site of the function `func` in `sites` (a
/// frame's, or the snapshot's totals).
pub fn crossings_of(sites: &[wasm_ledger::SiteTally], func: &str) -> u64 {
    sites
        .iter()
        .filter(|s| s.site.func() == func)
        .map(|s| s.tally.crossings)
        .sum()
}
