//! The futures family: the crossings of awaiting it? Its levels, its impls and the
//! macro generated code asks it through (see the table in
//! [`crate::__private`]).

use wasm_bindgen_futures::JsFuture;

use crate::__private::Ty;

/// The family's traits, imported as `_` by its macro (only their methods
/// are needed): the macro is the one place that knows the family's depth.
pub mod import {
    pub use super::{IsJsFuture as _, IsPromise as _, NotJsFuture as _};
}

// Futures: `(&&&ty).__wl_await_crossings()`: the crossings of awaiting it. A
// `JsFuture` settles (3); a `Promise` is first made into one (3 more).
pub trait IsJsFuture {
    answer! {
        fn __wl_await_crossings(&self) -> u64 {
            3
        }
    }
}
#[cfg(wasm_ledger_future_params = "2")]
impl<T, E> IsJsFuture for &&Ty<JsFuture<T, E>> {}
#[cfg(wasm_ledger_future_params = "1")]
impl<T> IsJsFuture for &&Ty<JsFuture<T>> {}
#[cfg(wasm_ledger_future_params = "0")]
impl IsJsFuture for &&Ty<JsFuture> {}
pub trait IsPromise {
    answer! {
        fn __wl_await_crossings(&self) -> u64 {
            6
        }
    }
}
#[cfg(wasm_ledger_promise_params = "2")]
impl<T, E> IsPromise for &Ty<js_sys::Promise<T, E>> {}
#[cfg(wasm_ledger_promise_params = "1")]
impl<T> IsPromise for &Ty<js_sys::Promise<T>> {}
#[cfg(wasm_ledger_promise_params = "0")]
impl IsPromise for &Ty<js_sys::Promise> {}
pub trait NotJsFuture {
    answer! {
        fn __wl_await_crossings(&self) -> u64 {
            0
        }
    }
}
impl<V: ?Sized> NotJsFuture for Ty<V> {}

/// `__wl::await_crossings!(ty)`: the crossings of awaiting a future of
/// this type. Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_await_crossings {
    ($future:expr) => {{
        use $crate::__private::kind::futures::import::*;
        (&&&$future).__wl_await_crossings()
    }};
}
