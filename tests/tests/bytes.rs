//! The bytes that cross the boundary, in exact mode, in Node, headless
//! Chromium and headless Firefox: every kind of copy done N times by a
//! function of its own, and the ledger's count equal to the bytes the glue
//! moved (known here by construction: N times the data's UTF-8 or element
//! length), by direction, at the annotated call's site and, where nothing
//! is annotated, at the whole app's row of the JS API. A `&[T]` argument JS
//! reads in place is a view lent (zero-copy), not bytes.
#![cfg(target_arch = "wasm32")]

use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{Frame, Tally, track};
use wasm_ledger_tests::measure_exact;

/// How many times each function does its copy.
const N: usize = 20;

#[wasm_bindgen(inline_js = "
export function take_vec(v) { return v.length; }
export function give_vec(n) { return new Uint8Array(n).fill(7); }
export function give_f64s(n) { return new Float64Array(n).fill(0.5); }
export function read_slice(v) { return v.length; }
export function take_opt(s) { return s === undefined ? 0 : s.length; }
export function give_string(n, unit) { return unit.repeat(n); }
")]
extern "C" {
    fn take_vec(v: Vec<u8>) -> u32;
    fn give_vec(n: u32) -> Vec<u8>;
    fn give_f64s(n: u32) -> Vec<f64>;
    fn read_slice(v: &[u8]) -> u32;
    fn take_opt(s: Option<&str>) -> u32;
    fn give_string(n: u32, unit: &str) -> String;
}

/// A string of `len` bytes, some of them in characters of two and three
/// bytes (UTF-8 longer than UTF-16: the glue's slow path).
fn text(len: usize) -> String {
    let mut s: String = "é€".repeat(len / 10);
    while s.len() < len {
        s.push('a');
    }
    s
}

#[track]
fn strings_to_js(s: &str) -> u32 {
    let mut n = 0;
    for _ in 0..N {
        let v = JsValue::from_str(s);
        let j = JsString::from(s);
        n += take_opt(Some(s)) + j.length() + u32::from(v.is_string());
    }
    n
}

#[track]
fn strings_from_js(js: &JsValue, unit: &str) -> usize {
    let mut n = 0;
    for _ in 0..N {
        n += js.as_string().map_or(0, |s| s.len());
        n += give_string(100, unit).len();
    }
    n
}

#[track]
fn json_and_uri(json: &str, uri: &str) -> u32 {
    let mut n = 0;
    for _ in 0..N {
        let parsed = js_sys::JSON::parse(json).unwrap();
        let decoded = js_sys::decode_uri_component(uri).unwrap();
        n += u32::from(parsed.is_object()) + decoded.length();
    }
    n
}

#[track]
fn vectors(v: &[u8]) -> u32 {
    let mut n = 0;
    for _ in 0..N {
        n += take_vec(v.to_vec());
        n += give_vec(64).len() as u32;
        n += give_f64s(8).len() as u32;
    }
    n
}

#[track]
fn typed_arrays(u: &Uint8Array, buf: &mut [u8]) -> usize {
    let mut n = 0;
    for _ in 0..N {
        u.copy_from(buf);
        u.copy_to(buf);
        n += u.to_vec().len();
        n += Uint8Array::from(&buf[..]).length() as usize;
    }
    n
}

#[track]
fn slices_lent(v: &[u8]) -> u32 {
    let mut n = 0;
    for _ in 0..N {
        n += read_slice(v);
    }
    n
}

/// The same copies where nothing is annotated (a library's code).
mod library {
    use super::*;

    #[inline(never)]
    pub fn strings(s: &str, js: &JsValue) -> usize {
        let mut n = 0;
        for _ in 0..N {
            n += JsString::from(s).length() as usize;
            n += js.as_string().map_or(0, |s| s.len());
        }
        n
    }

    /// Views JS keeps: a typed-array view of wasm memory and, in a
    /// browser, an `ImageData` made on a Rust slice (its pixels are wasm
    /// memory: they detach when memory grows).
    #[inline(never)]
    pub fn views(pixels: &[u8], image: bool) -> u32 {
        let mut n = 0;
        for _ in 0..N {
            // SAFETY: read at once, before anything allocates.
            let view = unsafe { Uint8Array::view(pixels) };
            n += view.length();
            if image {
                let img =
                    web_sys::ImageData::new_with_u8_clamped_array(wasm_bindgen::Clamped(pixels), 4)
                        .unwrap();
                n += img.width();
            }
        }
        n
    }

    #[inline(never)]
    pub fn vectors(v: &[u8]) -> u32 {
        let mut n = 0;
        for _ in 0..N {
            n += take_vec(v.to_vec());
            n += give_vec(64).len() as u32;
            n += read_slice(v);
        }
        n
    }
}

/// What the annotated function `func` counted, over its sites.
fn of(frame: &Frame, func: &str) -> Tally {
    let mut t = Tally::default();
    for s in frame.sites.iter().filter(|s| s.site.func() == func) {
        t.add(&s.tally);
    }
    t
}

fn moved(t: &Tally) -> (u64, u64, u64) {
    (t.bytes_to_js, t.bytes_from_js, t.views_lent)
}

const N64: u64 = N as u64;

#[wasm_bindgen_test]
fn strings_handed_to_js_count_their_utf8_length() {
    let s = text(1000);
    assert_eq!(s.len(), 1000);
    let (_, frame, _) = measure_exact(|| strings_to_js(&s));
    let t = of(&frame, "strings_to_js");
    // `JsValue::from_str`, `JsString::from`, an `Option<&str>` argument.
    assert_eq!(moved(&t), (3 * 1000 * N64, 0, 0), "{frame:#?}");
    assert_eq!(t.bytes, t.bytes_to_js);
}

#[wasm_bindgen_test]
fn strings_from_js_count_their_utf8_length() {
    let js = JsValue::from_str(&text(1000));
    // 100 of "é": 200 bytes of UTF-8 for 100 UTF-16 units.
    let (n, frame, _) = measure_exact(|| strings_from_js(&js, "é"));
    assert_eq!(n, (1000 + 200) * N);
    let t = of(&frame, "strings_from_js");
    // `as_string()` and a `String` result; the `&str` argument of
    // `give_string` goes to JS.
    assert_eq!(moved(&t), (2 * N64, 1200 * N64, 0), "{frame:#?}");
}

#[wasm_bindgen_test]
fn json_and_uri_arguments_count_as_strings() {
    let json = format!("{{\"k\":\"{}\"}}", "v".repeat(990));
    let uri = "%20".repeat(300);
    let (_, frame, _) = measure_exact(|| json_and_uri(&json, &uri));
    let t = of(&frame, "json_and_uri");
    assert_eq!(
        moved(&t),
        ((json.len() + uri.len()) as u64 * N64, 0, 0),
        "{frame:#?}"
    );
}

#[wasm_bindgen_test]
fn vectors_by_value_are_copies_and_slices_are_lent() {
    let v = vec![1u8; 500];
    let (_, frame, _) = measure_exact(|| vectors(&v));
    let t = of(&frame, "vectors");
    // A `Vec<u8>` passed (500 out), a `Vec<u8>` and a `Vec<f64>` returned
    // (64 and 8 × 8 in).
    assert_eq!(moved(&t), (500 * N64, (64 + 64) * N64, 0), "{frame:#?}");

    let (_, frame, _) = measure_exact(|| slices_lent(&v));
    assert_eq!(moved(&of(&frame, "slices_lent")), (0, 0, N64), "{frame:#?}");
}

#[wasm_bindgen_test]
fn typed_array_copies_count_each_way() {
    let u = Uint8Array::new_with_length(256);
    let mut buf = [3u8; 256];
    let (_, frame, _) = measure_exact(|| typed_arrays(&u, &mut buf));
    let t = of(&frame, "typed_arrays");
    // Out: `copy_from`, `Uint8Array::from`; in: `copy_to`, `to_vec`.
    assert_eq!(moved(&t), (512 * N64, 512 * N64, 0), "{frame:#?}");
}

#[wasm_bindgen_test]
fn copies_where_nothing_is_annotated_count_at_the_whole_apps_rows() {
    let s = text(300);
    let js = JsValue::from_str(&text(700));
    let v = vec![9u8; 100];
    let (_, frame, _) = measure_exact(|| library::strings(&s, &js) + library::vectors(&v) as usize);
    assert_eq!(frame.tally.bytes, 0, "nothing here is annotated");
    let whole = frame.whole_app();
    assert_eq!(
        moved(&whole),
        ((300 + 100) * N64, (700 + 64) * N64, N64),
        "{frame:#?}"
    );
}

#[wasm_bindgen_test]
fn views_js_keeps_are_counted_as_kept_not_as_bytes() {
    let pixels = vec![0u8; 4 * 4 * 4];
    // `ImageData` is a browser's (not Node's).
    let image = js_sys::Reflect::has(&js_sys::global(), &"ImageData".into()).unwrap_or(false);
    let (_, frame, _) = measure_exact(|| library::views(&pixels, image));
    let whole = frame.whole_app();
    // A view: one cast (or, before wasm-bindgen's, a typed array made on
    // memory's buffer).
    let images = if image { N64 } else { 0 };
    assert_eq!(
        (whole.bytes, whole.views_kept, whole.views_lent),
        (0, N64 + images, 0),
        "{frame:#?}"
    );
}

#[wasm_bindgen_test]
fn strings_js_hands_to_a_closure_count_as_bytes_from_js() {
    // JS calls a closure with a string: the glue writes it into wasm memory.
    let seen = std::rc::Rc::new(std::cell::Cell::new(0));
    let counted = seen.clone();
    let on_text =
        Closure::<dyn FnMut(String)>::new(move |s: String| counted.set(counted.get() + s.len()));
    let f: &js_sys::Function = on_text.as_ref().unchecked_ref();
    let arg = JsValue::from_str(&text(400));
    let (_, frame, _) = measure_exact(|| {
        for _ in 0..N {
            f.call1(&JsValue::NULL, &arg).unwrap();
        }
    });
    assert_eq!(seen.get(), 400 * N);
    assert_eq!(frame.whole_app().bytes_from_js, 400 * N64, "{frame:#?}");
}
