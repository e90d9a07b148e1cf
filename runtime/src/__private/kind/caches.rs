//! The caches family: its length, if it is a collection of JS handles? Its levels, its impls and the
//! macro generated code asks it through (see the table in
//! [`crate::__private`]).

use core::ops::Deref;

use crate::__private::{HandleCollection, Ty};

/// The family's traits, imported as `_` by its macro (only their methods
/// are needed): the macro is the one place that knows the family's depth.
pub mod import {
    pub use super::{CacheDeref as _, CacheOwned as _, NotCache as _};
}

// Collections of handles: `(&&&ty).__wl_cache_len(&collection)`.
pub trait CacheOwned<V: ?Sized> {
    fn __wl_cache_len(&self, c: &V) -> Option<usize>;
}
impl<V: HandleCollection> CacheOwned<V> for &&Ty<V> {
    answer! {
        fn __wl_cache_len(&self, c: &V) -> Option<usize> {
            Some(c.handle_len())
        }
    }
}
pub trait CacheDeref<V: ?Sized> {
    fn __wl_cache_len(&self, c: &V) -> Option<usize>;
}
impl<V: ?Sized + Deref> CacheDeref<V> for &Ty<V>
where
    V::Target: HandleCollection,
{
    answer! {
        fn __wl_cache_len(&self, c: &V) -> Option<usize> {
            Some((**c).handle_len())
        }
    }
}
pub trait NotCache<V: ?Sized> {
    answer! {
        fn __wl_cache_len(&self, _c: &V) -> Option<usize> {
            None
        }
    }
}
impl<V: ?Sized> NotCache<V> for Ty<V> {}

/// `__wl::cache_len!(ty, &collection)`: the collection's length if it
/// holds JS handles, else `None`. Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_cache_len {
    ($ty:expr, $collection:expr) => {{
        use $crate::__private::kind::caches::import::*;
        (&&&$ty).__wl_cache_len($collection)
    }};
}
