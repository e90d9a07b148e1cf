//! The compile-time checks of `#[track]` and `#[frame]`: boundary mistakes
//! that can be seen in the code itself, reported at the offending line.
//!
//! Stable Rust gives a macro no way to emit a warning, so each check is a
//! deprecated constant here: for every finding, the annotated function
//! names the constant with the span of the offending expression, and the
//! compiler's `deprecated` lint prints the check's name, the pitfall and the
//! fix there. A check is a warning by default, an error under
//! `#[track(deny(<check>))]` (or `deny(all)`) and silent under
//! `#[track(allow(<check>))]`. The constants are never evaluated and add
//! nothing to the build.
//!
//! The guide lists every check with an example and its fix ([`crate::guide::checks`]).

#![allow(non_upper_case_globals, missing_docs)]

#[deprecated(
    note = "a `Closure` made inside a loop makes a new JS function (and a slot in the function table) on every iteration; make it once before the loop and reuse it. If this is intended: #[track(allow(closure_in_loop))]"
)]
pub const closure_in_loop: () = ();

#[deprecated(
    note = "`forget()` / `into_js_value()` runs again and again here (a loop, a `#[frame]` function or a callback): each one gives JS another function that is never released (`into_js_value` at best when the JS GC takes it); make the closure once at start-up and keep it (a field, a `thread_local!`), or keep the `Closure` and drop it when it is done. If this is intended: #[track(allow(forget_per_frame))]"
)]
pub const forget_per_frame: () = ();

#[deprecated(
    note = "element by element across the boundary: one crossing per element; copy the whole buffer in one crossing (`copy_from` / `copy_to` / `to_vec` / `Uint8Array::from(&slice[..])`, `Array::from`). If this is intended: #[track(allow(per_element_copy))]"
)]
pub const per_element_copy: () = ();

#[deprecated(
    note = "a typed-array view of wasm memory kept beyond its statement: the next allocation may grow the memory, which detaches the view (it then reads zeros); use the view within the statement that makes it (`unsafe { dst.set(&Uint8Array::view(&buf), 0) }`), or copy (`Uint8Array::from(&buf[..])`). If this is intended: #[track(allow(view_escapes))]"
)]
pub const view_escapes: () = ();

#[deprecated(
    note = "a JS value built piece by piece in a loop of a `#[frame]` function: every value is boxed and every piece is a crossing, every frame; pass numbers through one typed array (a `Float32Array` of a flat `Vec<f32>`), or build the object once and update it. If this is intended: #[track(allow(boxing_in_loop))]"
)]
pub const boxing_in_loop: () = ();

#[deprecated(
    note = "a global fetched inside a loop: `window()`, `.document()`, `global()` and `Reflect::get` on a global cross into JS every iteration for a handle that never changes; fetch it once before the loop and reuse it. If this is intended: #[track(allow(uncached_global))]"
)]
pub const uncached_global: () = ();
