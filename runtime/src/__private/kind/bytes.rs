//! The bytes family: the bytes a typed array copies from or to it? Its levels, its impls and the
//! macro generated code asks it through (see the table in
//! [`crate::__private`]).

use crate::__private::{ByteLen, Ty};

/// The family's traits, imported as `_` by its macro (only their methods
/// are needed): the macro is the one place that knows the family's depth.
pub mod import {
    pub use super::{Bytes as _, NoBytes as _};
}

// Bytes: `(&&ty).__wl_byte_len(value)`.
pub trait Bytes<V: ?Sized> {
    fn __wl_byte_len(&self, value: &V) -> u64;
}
impl<V: ?Sized + ByteLen> Bytes<V> for &Ty<V> {
    answer! {
        fn __wl_byte_len(&self, value: &V) -> u64 {
            value.byte_len()
        }
    }
}
pub trait NoBytes<V: ?Sized> {
    answer! {
        fn __wl_byte_len(&self, _value: &V) -> u64 {
            0
        }
    }
}
impl<V: ?Sized> NoBytes<V> for Ty<V> {}

/// `__wl::byte_len!(ty, &value)`: the bytes of a slice, array or vector
/// (0 for any other value). Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_byte_len {
    ($ty:expr, $value:expr) => {{
        use $crate::__private::kind::bytes::import::*;
        (&&$ty).__wl_byte_len($value)
    }};
}
