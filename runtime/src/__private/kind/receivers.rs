//! The receivers family: does a method call on a value of this type cross into JS, and what is its result seen as? Its levels, its impls and the
//! macro generated code asks it through (see the table in
//! [`crate::__private`]).

use core::ops::Deref;
use wasm_bindgen::JsCast;

use crate::__private::{Skip, Ty};

/// The family's traits, imported as `_` by its macro (only their methods
/// are needed): the macro is the one place that knows the family's depth.
pub mod import {
    pub use super::{RecvDeref2Js as _, RecvDerefJs as _, RecvJs as _, RecvRust as _};
}

// Receivers: `(&&&&ty).__wl_receiver_is_js()`: does a method call on it cross?
// And `(&&&&ty).__wl_project_result(result_ty, &result)`: the result as seen
// by `__wl_produced` below: itself for a JS receiver, and `Skip` for any
// other, so a Rust method's result type (maybe not inferred yet, as in
// `iter.collect()`) is never asked a question.
macro_rules! receiver_level {
    ($trait:ident, $answer:expr, impl[$($gen:tt)*] for $self_ty:ty $(where [$($bound:tt)*])?) => {
        pub trait $trait {
            answer! {
                fn __wl_receiver_is_js(&self) -> bool {
                    $answer
                }
            }
            answer! {
                fn __wl_project_result<'v, R>(&self, result: Ty<R>, value: &'v R) -> (Ty<R>, &'v R) {
                    (result, value)
                }
            }
        }
        impl<$($gen)*> $trait for $self_ty $(where $($bound)*)? {}
    };
}
receiver_level!(RecvJs, true, impl[V: JsCast] for &&&Ty<V>);
receiver_level!(RecvDerefJs, true, impl[V: ?Sized + Deref] for &&Ty<V> where [V::Target: JsCast]);
receiver_level!(RecvDeref2Js, true,
    impl[V: ?Sized + Deref] for &Ty<V> where [V::Target: Deref, <V::Target as Deref>::Target: JsCast]);

pub trait RecvRust {
    answer! {
        fn __wl_receiver_is_js(&self) -> bool {
            false
        }
    }
    answer! {
        fn __wl_project_result<'v, R>(&self, _result: Ty<R>, _value: &'v R) -> (Ty<Skip>, &'v Skip) {
            (Ty::new(), &Skip)
        }
    }
}
impl<V: ?Sized> RecvRust for Ty<V> {}

/// `__wl::receiver_is_js!(ty)`: whether a method call on a receiver of
/// type token `ty` crosses into JS. Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_receiver_is_js {
    ($receiver:expr) => {{
        use $crate::__private::kind::receivers::import::*;
        (&&&&$receiver).__wl_receiver_is_js()
    }};
}

/// `__wl::project_result!(receiver, result_ty, &result)`: the result as
/// `result_produced!` is to see it (itself after a JS receiver, `Skip`
/// after any other). Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_project_result {
    ($receiver:expr, $result:expr, $value:expr) => {{
        use $crate::__private::kind::receivers::import::*;
        (&&&&$receiver).__wl_project_result($result, $value)
    }};
}
