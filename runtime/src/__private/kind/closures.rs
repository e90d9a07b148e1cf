//! The closures family: is it a `Closure`? Its levels, its impls and the
//! macro generated code asks it through (see the table in
//! [`crate::__private`]).

use core::ops::Deref;

use crate::__private::Ty;

/// The family's traits, imported as `_` by its macro (only their methods
/// are needed): the macro is the one place that knows the family's depth.
pub mod import {
    pub use super::{IsClosure as _, IsClosureRef as _, NotClosure as _};
}

// Closures: `(&&&ty).__wl_is_closure()`.
// Since wasm-bindgen 0.2.109 `Closure<T>` is `ScopedClosure<'static, T>`
// and borrowed ones exist; before, every closure is a `Closure<T>`.
#[cfg(wasm_ledger_scoped_closure)]
use wasm_bindgen::closure::ScopedClosure;
#[cfg(wasm_ledger_scoped_closure)]
level!(IsClosure::__wl_is_closure = true; impl['a, F: ?Sized] for &&Ty<ScopedClosure<'a, F>>);
#[cfg(wasm_ledger_scoped_closure)]
level!(IsClosureRef::__wl_is_closure = true;
    impl['a, V: ?Sized + Deref<Target = ScopedClosure<'a, F>>, F: ?Sized] for &Ty<V>);
#[cfg(not(wasm_ledger_scoped_closure))]
use wasm_bindgen::closure::Closure;
#[cfg(not(wasm_ledger_scoped_closure))]
level!(IsClosure::__wl_is_closure = true; impl[F: ?Sized] for &&Ty<Closure<F>>);
#[cfg(not(wasm_ledger_scoped_closure))]
level!(IsClosureRef::__wl_is_closure = true;
    impl[V: ?Sized + Deref<Target = Closure<F>>, F: ?Sized] for &Ty<V>);
level!(NotClosure::__wl_is_closure = false; impl[V: ?Sized] for Ty<V>);

/// `__wl::is_closure!(ty)`: whether the type token's type is a `Closure`
/// (or a reference to one). Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_is_closure {
    ($ty:expr) => {{
        use $crate::__private::kind::closures::import::*;
        (&&&$ty).__wl_is_closure()
    }};
}
