//! Corner cases the rewrite once got wrong, each pinned here.

use std::future::Future;

use wasm_bindgen::JsValue;
use wasm_ledger::track;

#[allow(non_upper_case_globals)]
const limit: u32 = 5;

#[track]
fn promoted_constants() -> (i32, &'static [&'static str]) {
    // `[1, 2, 3]` and `["a", "b"]` are promoted to constants: the borrow
    // outlives the statement.
    let it = [1, 2, 3].iter();
    let names: &'static [&'static str] = ["a", "b"].as_slice();
    (it.sum::<i32>(), names)
}

#[track]
fn lowercase_constants_are_not_places() -> u32 {
    limit.count_ones()
}

#[track]
fn results_typed_by_the_caller(v: JsValue) -> Result<f64, JsValue> {
    let n: f64 = v.try_into()?;
    Ok(n)
}

fn assert_send<F: Future + Send>(f: F) -> F {
    f
}

#[track]
async fn awaits_inside_arguments_stay_send(v: &mut Vec<u32>, g: impl Future<Output = u32> + Send) {
    v.push(g.await);
}

fn spawnable(v: &mut Vec<u32>) -> impl Future<Output = ()> + Send + '_ {
    assert_send(awaits_inside_arguments_stay_send(v, async { 1 }))
}

const W: usize = 12;

#[track]
fn array_lengths_in_types() -> usize {
    let a: [u8; W.div_ceil(8)] = [0; 2];
    a.len()
}

#[derive(Clone, Copy)]
struct P {
    x: u32,
}

impl P {
    fn bump(&mut self) {
        self.x += 1;
    }
}

#[track]
fn receivers_from_macros() -> u32 {
    let mut p = P { x: 0 };
    macro_rules! pt {
        () => {
            p
        };
    }
    pt!().bump();
    p.x
}

fn main() {
    let _ = (promoted_constants(), lowercase_constants_are_not_places(), array_lengths_in_types());
    assert_eq!(receivers_from_macros(), 1, "the macro's place is bumped, not a copy");
    let mut v = Vec::new();
    let _ = spawnable(&mut v);
    let _ = results_typed_by_the_caller;
    let _ = results_coerce_in_context;
    let v = vec![1u32, 2, 3, 4];
    assert_eq!(indexed_by_a_moved_range(&v, 1..3), (2, 2), "the range is moved once, by the call");
    let mut rows = vec![vec![1u8], vec![2]];
    assert_eq!(indexed_mutably(&mut rows, 1), 2);
}

/// A receiver indexed by a variable the index moves (`new[range]`, as
/// dioxus-core's diff does): looked at through a clone of it, so the call
/// itself moves it once, as written.
#[track]
fn indexed_by_a_moved_range(new: &[u32], range: std::ops::Range<usize>) -> (usize, u32) {
    let start = range.start;
    let n = new[range].iter().count();
    (n, new[start])
}

/// The same through a mutable index (`IndexMut`): a method taking `&mut self`.
#[track]
fn indexed_mutably(rows: &mut [Vec<u8>], at: usize) -> usize {
    rows[at].push(9);
    rows[at].len()
}

/// A call's result coerces as written: `&Object` or `&Uint8Array` where a
/// `&JsValue` is expected, `&Vec<u8>` where a `&[u8]` is.
#[track]
fn results_coerce_in_context(src: &js_sys::Uint8Array, dst: &js_sys::Uint8Array) -> Result<usize, JsValue> {
    let _ = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))?;
    dst.set(&src.subarray(0, 4), 0);
    dst.set(&js_sys::Uint8Array::new_with_length(4), 4);
    let bytes: &[u8] = &src.to_vec();
    Ok(bytes.len())
}
