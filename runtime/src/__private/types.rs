//! The plain types generated code passes around: a type token ([`Ty`]),
//! what a Rust method's result is seen as ([`Skip`]), a call's result
//! ([`Out`]) and what it produced ([`Produced`]).

use core::marker::PhantomData;

/// A zero-sized stand-in for a value of type `T`, made without reading or
/// moving the value.
pub struct Ty<T: ?Sized>(PhantomData<fn() -> *const T>);

impl<T: ?Sized> Ty<T> {
    hot! {
        /// For a place (`x`, `self.a.b`): the pointer comes from `addr_of!`,
        /// which neither moves nor borrows it.
        pub fn of_place(_: *const T) -> Self {
            Ty(PhantomData)
        }
    }

    hot! {
        pub(crate) fn new() -> Self {
            Ty(PhantomData)
        }
    }
}

/// What a Rust method's result is seen as: not JS, no question asked.
pub struct Skip;

impl<T: ?Sized> Clone for Ty<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: ?Sized> Copy for Ty<T> {}

/// A call's result, read back with [`Out::into_inner`]: a method's
/// receiver is type-checked without the type its context expects, so the
/// call's type is inferred from the call alone and then coerces as written
/// (`&Uint8Array::new(..)` or `&js_sys::global()` passed where a `&JsValue`
/// is expected: through a generic function's return, the expectation would
/// reach the argument and forbid the deref coercion). A method and not a
/// field read: the wrapper is consumed at once (no temporary of it outlives
/// the call's own), and the statement `list.push(v);` stays a call to lints
/// such as clippy's `unnecessary_operation`.
pub struct Out<R>(pub(super) R);

impl<R> Out<R> {
    hot! {
        /// The call's result.
        pub fn into_inner(self) -> R {
            self.0
        }
    }
}

/// What a call's result says about the call.
#[derive(Clone, Copy, Default)]
pub struct Produced {
    /// The crossings a call with this result made (0: not a JS result).
    pub crossings: u64,
    /// JS handles the result holds.
    pub handles: u64,
}

// A call's flags, by name: generated code never writes a bare `true`.

/// The method can cross into JS (when its receiver is JS).
pub const CROSSES: bool = true;
/// The method stays in Rust whatever its receiver (`as_ref`, `clone`...).
pub const STAYS_IN_RUST: bool = false;
/// The method's JS result is a new handle.
pub const MAKES_HANDLES: bool = true;
/// The method moves or casts a handle (`unwrap`, `dyn_into`): none new.
pub const MOVES_HANDLES: bool = false;
/// The function is a JS one (`js_sys`, `web_sys`, a JS type's static).
pub const JS_FUNCTION: bool = true;
/// The function may be Rust: it crossed only if its result is JS.
pub const MAYBE_RUST: bool = false;
/// The receiver is a `Closure` (known from its constructor).
pub const A_CLOSURE: bool = true;
/// A call that copies no bytes a typed array's types show.
pub const NO_BYTES: u64 = 0;
