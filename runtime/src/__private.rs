//! What `#[track]` and `#[frame]` expand to. Not a public API: names and
//! signatures change without notice.
//!
//! Whether a method call crosses into JS is decided by the type of its
//! receiver, at compile time, with autoref-based dispatch: the generated
//! code calls `(&&&&Receiver::<T>::..).__wl_cross(&SITE)` and the method
//! found first is the one whose impl matches `T`. Each level is its own
//! trait, so no two levels are ever applicable at the same autoref step:
//!
//! | level | receiver type `T`                        | counts |
//! |-------|------------------------------------------|--------|
//! | 0     | `JsValue` or any `JsCast` type           | yes    |
//! | 1     | derefs to one (`&E`, `&mut E`, `Rc<E>`)   | yes    |
//! | 2     | derefs twice to one (`&&E`, `&Rc<E>`)     | yes    |
//! | 3     | anything else                            | no     |
//!
//! A branch on a constant: after inlining, only `Site::cross` remains, or
//! nothing.

use core::marker::PhantomData;
use core::ops::Deref;

pub use crate::ledger::FrameGuard;
pub use crate::site::Site;

/// A zero-sized stand-in for a receiver of type `T`, made without reading
/// or moving the receiver.
pub struct Receiver<T: ?Sized>(PhantomData<*const T>);

impl<T: ?Sized> Receiver<T> {
    /// For a receiver that is a place (`x`, `self.a.b`): the pointer comes
    /// from `addr_of!`, which neither moves nor borrows it.
    #[inline(always)]
    pub fn of_place(_: *const T) -> Self {
        Receiver(PhantomData)
    }
}

/// For a receiver that is a value (`a.b()` in `a.b().c()`): the value goes
/// through unchanged, so temporaries live exactly as long as they did.
#[inline(always)]
pub fn pass<T>(value: T, note: impl FnOnce(Receiver<T>)) -> T {
    note(Receiver(PhantomData));
    value
}

/// For a receiver that is a place: the look at its type (a `()`), then the
/// call. A function and not a block, so the call's temporaries live exactly
/// as long as they did.
#[inline(always)]
pub fn after<R>(_looked: (), call: R) -> R {
    call
}

/// The dispatch traits; generated code imports them as `_`.
pub mod kind {
    use super::*;
    use wasm_bindgen::JsCast;

    pub trait JsReceiver {
        #[inline(always)]
        fn __wl_cross(&self, site: &'static Site) {
            site.cross()
        }
    }
    impl<T: JsCast> JsReceiver for &&&Receiver<T> {}

    pub trait JsDerefReceiver {
        #[inline(always)]
        fn __wl_cross(&self, site: &'static Site) {
            site.cross()
        }
    }
    impl<T: ?Sized + Deref> JsDerefReceiver for &&Receiver<T> where T::Target: JsCast {}

    pub trait JsDeref2Receiver {
        #[inline(always)]
        fn __wl_cross(&self, site: &'static Site) {
            site.cross()
        }
    }
    impl<T: ?Sized + Deref> JsDeref2Receiver for &Receiver<T>
    where
        T::Target: Deref,
        <T::Target as Deref>::Target: JsCast,
    {
    }

    pub trait RustReceiver {
        #[inline(always)]
        fn __wl_cross(&self, _site: &'static Site) {}
    }
    impl<T: ?Sized> RustReceiver for Receiver<T> {}
}

#[cfg(test)]
mod tests {
    use super::kind::{JsDeref2Receiver as _, JsDerefReceiver as _, JsReceiver as _, RustReceiver as _};
    use super::*;
    use std::rc::Rc;
    use wasm_bindgen::JsValue;

    // Dispatch happens where the type is concrete, as in generated code, so
    // this is a macro and not a generic function.
    macro_rules! crossings {
        ($receiver:expr) => {{
            let site: &'static Site = Box::leak(Box::new(Site::new("t", "t.rs", 1, 1)));
            let receiver = $receiver;
            (&&&&Receiver::of_place(::core::ptr::addr_of!(receiver))).__wl_cross(site);
            site.total_crossings()
        }};
    }

    #[test]
    fn js_types_count_through_references_and_smart_pointers() {
        // JsValue::UNDEFINED needs no JS on the host: only its type matters.
        let v = JsValue::UNDEFINED;
        assert_eq!(crossings!(&v), 1);
        assert_eq!(crossings!(&&v), 1);
        assert_eq!(crossings!(&Rc::new(JsValue::NULL)), 1);
        assert_eq!(crossings!(Rc::new(JsValue::NULL)), 1);
    }

    #[test]
    fn rust_types_do_not_count() {
        assert_eq!(crossings!(&vec![1u8]), 0);
        assert_eq!(crossings!(&"text"), 0);
        assert_eq!(crossings!(&Rc::new(5u32)), 0);
    }
}
