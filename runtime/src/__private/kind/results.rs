//! The results family: is it a JS value, and how many crossings and handles did the call produce? Its levels, its impls and the
//! macro generated code asks it through (see the table in
//! [`crate::__private`]).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::__private::{Produced, Ty};

/// The family's traits, imported as `_` by its macro (only their methods
/// are needed): the macro is the one place that knows the family's depth.
pub mod import {
    pub use super::{
        ResultBoth as _, ResultErr as _, ResultFuture as _, ResultJs as _, ResultOk as _,
        ResultOption as _, ResultRust as _,
    };
}

// Results: `(&&&&&&&ty).__wl_produced(&value)`.
pub trait ResultJs<V> {
    answer! {
        fn __wl_produced(&self, _value: &V) -> Produced {
            Produced {
                crossings: 1,
                handles: 1,
            }
        }
    }
}
impl<V: JsCast> ResultJs<V> for &&&&&&Ty<V> {}

pub trait ResultOption<V> {
    fn __wl_produced(&self, value: &V) -> Produced;
}
impl<T: JsCast> ResultOption<Option<T>> for &&&&&Ty<Option<T>> {
    answer! {
        fn __wl_produced(&self, value: &Option<T>) -> Produced {
            Produced {
                crossings: 1,
                handles: value.is_some() as u64,
            }
        }
    }
}

pub trait ResultBoth<V> {
    answer! {
        fn __wl_produced(&self, _value: &V) -> Produced {
            Produced {
                crossings: 1,
                handles: 1,
            }
        }
    }
}
impl<T: JsCast, E: JsCast> ResultBoth<Result<T, E>> for &&&&Ty<Result<T, E>> {}

pub trait ResultOk<V> {
    fn __wl_produced(&self, value: &V) -> Produced;
}
impl<T: JsCast, E> ResultOk<Result<T, E>> for &&&Ty<Result<T, E>> {
    answer! {
        fn __wl_produced(&self, value: &Result<T, E>) -> Produced {
            Produced {
                crossings: 1,
                handles: value.is_ok() as u64,
            }
        }
    }
}

pub trait ResultErr<V> {
    fn __wl_produced(&self, value: &V) -> Produced;
}
impl<T, E: JsCast> ResultErr<Result<T, E>> for &&Ty<Result<T, E>> {
    answer! {
        fn __wl_produced(&self, value: &Result<T, E>) -> Produced {
            Produced {
                crossings: 1,
                handles: value.is_err() as u64,
            }
        }
    }
}

pub trait ResultFuture<V> {
    answer! {
        fn __wl_produced(&self, _value: &V) -> Produced {
            // `JsFuture::from(promise)`: two callbacks made, `then` called.
            Produced {
                crossings: 3,
                handles: 0,
            }
        }
    }
}
#[cfg(wasm_ledger_future_params = "2")]
impl<T, E> ResultFuture<JsFuture<T, E>> for &Ty<JsFuture<T, E>> {}
#[cfg(wasm_ledger_future_params = "1")]
impl<T> ResultFuture<JsFuture<T>> for &Ty<JsFuture<T>> {}
#[cfg(wasm_ledger_future_params = "0")]
impl ResultFuture<JsFuture> for &Ty<JsFuture> {}

pub trait ResultRust<V> {
    answer! {
        fn __wl_produced(&self, _value: &V) -> Produced {
            Produced::default()
        }
    }
}
impl<V> ResultRust<V> for Ty<V> {}

/// `__wl::result_produced!(result_ty, &result)`: the crossings and handles
/// a call with this result made. Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_result_produced {
    ($result:expr, $value:expr) => {{
        use $crate::__private::kind::results::import::*;
        (&&&&&&&$result).__wl_produced($value)
    }};
}
