//! What `#[track]` and `#[frame]` expand to. Not a public API: names and
//! signatures change without notice.
//!
//! Every decision that depends on a type is made at compile time with
//! autoref-based dispatch: the generated code writes, say,
//! `__wl::receiver_is_js!(ty)`, which expands to
//! `(&&&&ty).__wl_receiver_is_js()`, and the method found first is the one
//! whose impl matches `T` of `ty: Ty<T>`. Each level is its own trait,
//! implemented for `Ty<T>` under as many `&` as levels follow it, so no two
//! levels are ever applicable at the same autoref step; the macro calls at
//! the depth of level 0. The depths are written here only (the macros
//! below and the impls in [`kind`]): the macros crate names the macros.
//! The results are constants: after inlining only the counter increments
//! remain, or nothing.
//!
//! | family (macro, depth) | decides | levels, first match wins |
//! |---|---|---|
//! | receivers (`receiver_is_js!`, 4) | does a method call on it cross? | 0 `JsValue` or any `JsCast` type: yes; 1 derefs to one (`&E`, `&mut E`, `Rc<E>`): yes; 2 derefs twice to one (`&&E`, `&Rc<E>`): yes; 3 anything else: no |
//! | receivers (`project_result!`, 4) | what the result is seen as | 0-2 (JS receiver): the result itself; 3 (Rust receiver): `Skip`, never asked (its type may be inferred only later) |
//! | results (`result_produced!`, 7) | is it a JS value, how many crossings and handles did the call produce? | 0 `T: JsCast`: one, one handle; 1 `Option<T>`: one handle if `Some`; 2 `Result<T, E>` both JS: one handle; 3 `Result<T, _>`: one if `Ok`; 4 `Result<_, E>`: one if `Err`; 5 `JsFuture`: three crossings (two callbacks, `then`), no handle; 6 anything else: none |
//! | closures (`is_closure!`, 3) | is it a `Closure`? | 0 `Closure<F>` (`ScopedClosure<'a, F>` since wasm-bindgen 0.2.109): yes; 1 derefs to one: yes; 2 anything else: no |
//! | futures (`await_crossings!`, 3) | the crossings of awaiting it | 0 `JsFuture`: 3 (it settles: two callbacks released, one wake); 1 `Promise`: 6 (made into a `JsFuture` first); 2 anything else: 0 |
//! | caches (`cache_len!`, 3) | its length, if it is a collection of JS handles | 0 `Vec`, `VecDeque`, `HashMap`, `BTreeMap` of `JsCast` elements or values: `Some(len)`; 1 derefs to one: `Some(len)`; 2 anything else: `None` |
//! | bytes (`byte_len!`, 2) | the bytes a typed array copies from or to it | 0 a slice, array, `Vec` or `Box<[E]>` (through references): its size; 1 anything else: 0 |

/// The inlining of every function generated code calls, on one `fn` item:
/// `#[inline]` in debug builds, `#[inline(always)]` otherwise. Generated
/// code calls these from the annotated function's own body: in a debug
/// build they stay out of its frame, so deep recursion keeps its depth.
macro_rules! hot {
    ($(#[$attr:meta])* $vis:vis fn $($rest:tt)*) => {
        $(#[$attr])*
        #[cfg_attr(debug_assertions, inline)]
        #[cfg_attr(not(debug_assertions), inline(always))]
        $vis fn $($rest)*
    };
}

/// The answers of the dispatch families (`kind`), on one `fn` item:
/// `#[inline(always)]` in every build. Each is a constant or a field read,
/// asked only inside a helper's closure (never in the annotated function's
/// own frame), so inlining them costs a debug build no stack, and saves it a
/// call per question.
#[cfg(wasm_ledger_on)]
macro_rules! answer {
    ($(#[$attr:meta])* $vis:vis fn $($rest:tt)*) => {
        $(#[$attr])*
        #[inline(always)]
        $vis fn $($rest)*
    };
}

mod bytes;
mod caches;
mod calls;
mod closures;
#[cfg(wasm_ledger_on)]
pub mod kind;
#[cfg(all(test, wasm_ledger_on))]
mod tests;
mod types;

pub use bytes::*;
pub use caches::*;
pub use calls::*;
pub use closures::*;
pub use types::*;

pub use crate::ledger::FrameGuard;
pub use crate::site::Site;

// The dispatch macros: generated code writes `__wl::receiver_is_js!(ty)`
// and never an autoref depth (each is defined with its family, in `kind`).
#[cfg(wasm_ledger_on)]
pub use crate::{
    __wl_await_crossings as await_crossings, __wl_byte_len as byte_len,
    __wl_cache_len as cache_len, __wl_is_closure as is_closure,
    __wl_project_result as project_result, __wl_receiver_is_js as receiver_is_js,
    __wl_result_produced as result_produced,
};
