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
/// `#[inline]` in debug builds, `#[inline(always)]` otherwise.
macro_rules! hot {
    ($(#[$attr:meta])* $vis:vis fn $($rest:tt)*) => {
        $(#[$attr])*
        #[cfg_attr(debug_assertions, inline)]
        #[cfg_attr(not(debug_assertions), inline(always))]
        $vis fn $($rest)*
    };
}

use core::marker::PhantomData;
use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

pub use crate::ledger::FrameGuard;
pub use crate::site::Site;
use crate::tally::Counter;

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

/// Entries into annotated functions: a call that ran one is a call into
/// Rust, not JS, whatever its signature.
static TRACKED_ENTRIES: AtomicU64 = AtomicU64::new(0);

hot! {
    /// First statement of every instrumented function: counts the entry, and
    /// puts exact mode's aim back as it was when the function returns or
    /// unwinds.
    pub fn enter(body: &'static Site) -> Entered {
        TRACKED_ENTRIES.fetch_add(1, Relaxed);
        #[cfg(wasm_ledger_exact)]
        return Entered(crate::aim::enter(body));
        #[cfg(not(wasm_ledger_exact))]
        {
            let _ = body;
            Entered(())
        }
    }
}

/// An instrumented function's stay (see [`enter`]): with exact mode, what
/// to put back on leaving; without it, nothing at all.
#[cfg(wasm_ledger_exact)]
pub struct Entered((u32, u32));

/// An instrumented function's stay (see [`enter`]): with exact mode, what
/// to put back on leaving; without it, nothing at all.
#[cfg(not(wasm_ledger_exact))]
pub struct Entered(());

#[cfg(wasm_ledger_exact)]
impl Drop for Entered {
    hot! {
        fn drop(&mut self) {
            crate::aim::leave(self.0);
        }
    }
}

hot! {
    /// Read before a function call, compared after it; aims exact mode at the
    /// call's site, and keeps the aim it replaced for [`count_function_call`] to put back.
    pub fn before_call(site: &'static Site) -> BeforeCall {
        let aim = crate::aim::aim_from(site);
        BeforeCall {
            entries: TRACKED_ENTRIES.load(Relaxed),
            aim,
        }
    }
}

/// What [`before_call`] saw before a call: the entries into annotated
/// functions so far, and exact mode's aim.
#[derive(Clone, Copy)]
pub struct BeforeCall {
    entries: u64,
    aim: u32,
}

hot! {
    /// Aims exact mode at `site` (before an await).
    pub fn aim(site: &'static Site) {
        crate::aim::aim(site);
    }
}

hot! {
    /// Aims exact mode at `site` before a method call on a JS receiver (`js`,
    /// a constant after inlining: calls on Rust values cost nothing).
    pub fn aim_if(js: bool, site: &'static Site) {
        if js {
            crate::aim::aim(site);
        }
    }
}

hot! {
    /// [`aim_if`] for a place receiver, whose type token `ty` is asked by `js`
    /// (a closure, so that in a debug build the question stays out of the
    /// caller's frame: deep recursion through annotated code keeps its depth).
    /// Returns the token, so the receiver is looked at once.
    pub fn aim_at_js_receiver<T: ?Sized>(
        ty: Ty<T>,
        js: impl FnOnce(Ty<T>) -> bool,
        site: &'static Site,
    ) -> Ty<T> {
        if js(ty) {
            crate::aim::aim(site);
        }
        ty
    }
}

hot! {
    /// Back to the function's body after a method call on a JS receiver.
    pub fn back_if(js: bool) {
        if js {
            crate::aim::back();
        }
    }
}

hot! {
    /// Counts one crossing at `site` if `crosses` (a constant after inlining).
    pub fn cross_if(crosses: bool, site: &'static Site) {
        if crosses {
            site.cross();
        }
    }
}

hot! {
    /// A receiver that is a value (`a.b()` in `a.b().c()`): the value goes
    /// through unchanged, so its temporaries live exactly as long as before.
    pub fn inspect_value<T>(value: T, note: impl FnOnce(Ty<T>, &T)) -> T {
        note(Ty::new(), &value);
        value
    }
}

/// A call's result, read back with [`Out::into_inner`]: a method's
/// receiver is type-checked without the type its context expects, so the
/// call's type is inferred from the call alone and then coerces as written
/// (`&Uint8Array::new(..)` or `&js_sys::global()` passed where a `&JsValue`
/// is expected: through a generic function's return, the expectation would
/// reach the argument and forbid the deref coercion). A method and not a
/// field read: the wrapper is consumed at once (no temporary of it outlives
/// the call's own), and the statement `list.push(v);` stays a call to lints
/// such as clippy's `unnecessary_operation`.
pub struct Out<R>(R);

impl<R> Out<R> {
    hot! {
        /// The call's result.
        pub fn into_inner(self) -> R {
            self.0
        }
    }
}

hot! {
    /// A method call: `before` is evaluated first (a look at the receiver's
    /// type, never a read of it), then the call, then `after` sees both.
    /// A function and not a block, so the call's temporaries live exactly as
    /// long as they did.
    pub fn observe_method_call<B, R>(before: B, call: R, after: impl FnOnce(B, Ty<R>, &R)) -> Out<R> {
        after(before, Ty::new(), &call);
        Out(call)
    }
}

/// A method call's receiver, looked at before the call: its type token,
/// whether it is JS (then exact mode aims at the call's site), whether the
/// method crosses at all.
pub struct Receiver<V: ?Sized> {
    ty: Ty<V>,
    js: bool,
    crosses: bool,
    site: &'static Site,
    /// Exact mode's aim before this call's (see [the `aim` module](mod@crate::aim)).
    before: u32,
}

hot! {
    /// Looks at a method call's receiver (`is_js` asks its type, in a closure
    /// so that a debug build keeps the question out of the caller's frame).
    pub fn look_at_receiver<V: ?Sized>(
        site: &'static Site,
        crosses: bool,
        ty: Ty<V>,
        is_js: impl FnOnce(Ty<V>) -> bool,
    ) -> Receiver<V> {
        let js = is_js(ty);
        let before = if js {
            crate::aim::aim_from(site)
        } else {
            crate::aim::NOT_AIMING
        };
        Receiver {
            ty,
            js,
            crosses,
            site,
            before,
        }
    }
}

hot! {
    /// After a method call: back to the function's body, one crossing if the
    /// receiver is JS and the method crosses, and the handles `result` says the
    /// call produced (it sees the receiver's and the result's type tokens).
    pub fn count_method_call<V: ?Sized, R>(
        receiver: Receiver<V>,
        call: R,
        result: impl FnOnce(Ty<V>, Ty<R>, &R) -> Produced,
    ) -> Out<R> {
        if receiver.js {
            crate::aim::restore(receiver.before);
        }
        let produced = result(receiver.ty, Ty::new(), &call);
        if receiver.js && receiver.crosses {
            receiver.site.cross();
        }
        if produced.handles > 0 {
            receiver.site.add(Counter::Handles, produced.handles);
        }
        Out(call)
    }
}

hot! {
    /// The result of a method that moves or casts (`dyn_into`, `unwrap`): no
    /// new handle, and its type is not asked (it may be inferred only later).
    pub fn no_new_handles<V: ?Sized, R>(_: Ty<V>, _: Ty<R>, _: &R) -> Produced {
        Produced::default()
    }
}

hot! {
    /// A function call: it crossed if it is a known JS function (`known_js_function`) or
    /// its result is a JS value, unless it ran annotated Rust (`entries`
    /// changed: then the crossings inside were counted where they happened).
    pub fn count_function_call<R>(
        before: BeforeCall,
        bytes: u64,
        known_js_function: bool,
        value: R,
        site: &'static Site,
        note: impl FnOnce(Ty<R>, &R) -> Produced,
    ) -> Out<R> {
        crate::aim::restore(before.aim);
        let produced = note(Ty::new(), &value);
        if TRACKED_ENTRIES.load(Relaxed) == before.entries {
            let crossings = if produced.crossings > 0 {
                produced.crossings
            } else {
                known_js_function as u64
            };
            if crossings > 0 {
                site.add(Counter::Crossings, crossings);
                if bytes > 0 {
                    site.add(Counter::BytesToJs, bytes);
                }
            }
            if produced.handles > 0 {
                site.add(Counter::Handles, produced.handles);
            }
        }
        Out(value)
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

hot! {
    /// After a method call: one crossing if the receiver was JS and the method
    /// crosses; the handles its result holds if the method makes new ones.
    pub fn count_after_method(
        receiver_js: bool,
        crosses: bool,
        makes_handles: bool,
        site: &'static Site,
        produced: Produced,
    ) {
        if receiver_js && crosses {
            site.cross();
        }
        if makes_handles && produced.handles > 0 {
            site.add(Counter::Handles, produced.handles);
        }
    }
}

hot! {
    /// `.await` on a `JsFuture`: when the promise settles, wasm-bindgen releases
    /// the two callbacks `JsFuture::from` made (two crossings) and wakes the
    /// task through a microtask (one crossing; shared when several tasks wake
    /// in the same tick).
    pub fn count_await(crossings: u64, site: &'static Site) {
        if crossings > 0 {
            site.add(Counter::Crossings, crossings);
        }
    }
}

hot! {
    /// Bytes a typed-array copy moved out of wasm memory into JS at `site`
    /// (`copy_from`).
    pub fn count_bytes_to_js(moved: bool, n: u64, site: &'static Site) {
        if moved && n > 0 {
            site.add(Counter::BytesToJs, n);
        }
    }
}

hot! {
    /// Bytes a typed-array copy moved from JS into wasm memory at `site`
    /// (`copy_to`, `to_vec`).
    pub fn count_bytes_from_js(moved: bool, n: u64, site: &'static Site) {
        if moved && n > 0 {
            site.add(Counter::BytesFromJs, n);
        }
    }
}

/// Whether the wasm-bindgen in use makes a typed-array view in one call
/// into JS (`wasm_bindgen::__rt::wbg_cast`); before it, `view` made three
/// (the memory object, its buffer, the constructor). For tests that pin
/// the glue's own calls.
pub const VIEW_BY_CAST: bool = cfg!(wasm_ledger_view_by_cast);

hot! {
    /// A typed-array view of wasm memory made at `site`.
    pub fn count_view(site: &'static Site) {
        site.add(Counter::Views, 1);
        // Before wasm-bindgen's one-call cast, `view` asked JS for the memory
        // object and its buffer before the constructor the call counts.
        #[cfg(not(wasm_ledger_view_by_cast))]
        site.add(Counter::Crossings, 2);
        if let Some(pages) = crate::platform::memory_pages() {
            site.set_view_pages(pages as u32);
        }
    }
}

hot! {
    /// After an insertion (`insert`, `push`...) into a collection: its length,
    /// if it holds JS handles (`len` is `None` for any other collection).
    pub fn record_cache_len(site: &'static Site, len: Option<usize>) {
        if let Some(len) = len {
            site.set_cache_len(len);
        }
    }
}

/// A collection whose elements (or values) are JS handles.
pub trait HandleCollection {
    fn handle_len(&self) -> usize;
}
#[cfg(wasm_ledger_on)]
mod collections {
    use super::HandleCollection;
    use std::collections::{BTreeMap, HashMap, VecDeque};
    use wasm_bindgen::JsCast;

    impl<T: JsCast> HandleCollection for Vec<T> {
        fn handle_len(&self) -> usize {
            self.len()
        }
    }
    impl<T: JsCast> HandleCollection for VecDeque<T> {
        fn handle_len(&self) -> usize {
            self.len()
        }
    }
    impl<K, V: JsCast, S> HandleCollection for HashMap<K, V, S> {
        fn handle_len(&self) -> usize {
            self.len()
        }
    }
    impl<K, V: JsCast> HandleCollection for BTreeMap<K, V> {
        fn handle_len(&self) -> usize {
            self.len()
        }
    }
}

hot! {
    /// A `Closure` handed to JS for good (`forget`, `into_js_value`) at `site`,
    /// if the receiver is a closure.
    pub fn closure_given_to_js(is_closure: bool, site: &'static Site) {
        if is_closure {
            site.add(Counter::ClosuresGiven, 1);
        }
    }
}

hot! {
    /// A `Closure` made at a site where its body could not be seen (not a
    /// closure literal): counted as created; its release is not observed.
    pub fn closure_created(site: &'static Site) {
        site.add(Counter::ClosuresCreated, 1);
        site.mark_release_unseen();
    }
}

/// Moved into the Rust closure a `Closure` wraps: counts the closure as
/// created, and as released when the Rust side is dropped (the `Closure`
/// was dropped, or JS collected a closure given with `into_js_value`).
pub struct ClosureGuard(&'static Site);

impl ClosureGuard {
    hot! {
        pub fn new(site: &'static Site) -> ClosureGuard {
            site.add(Counter::ClosuresCreated, 1);
            ClosureGuard(site)
        }
    }

    hot! {
        /// Called first in the closure body, so that the closure captures the
        /// guard (by move).
        pub fn __wl_keep(&self) {}
    }
}

impl Drop for ClosureGuard {
    fn drop(&mut self) {
        self.0.add(Counter::ClosuresReleased, 1);
    }
}

/// Put after `let cb = Closure::..` when the macro saw `cb` handed to JS by
/// reference and then left to be dropped with its scope (see the macros'
/// `held.rs`). Declared after `cb`, it is dropped just before it; armed,
/// it raises the "dropped while JS still holds it" warning.
pub struct Held(core::cell::Cell<Option<&'static Site>>);

impl Held {
    hot! {
        #[allow(clippy::new_without_default)]
        pub fn new() -> Held {
            Held(core::cell::Cell::new(None))
        }
    }

    hot! {
        /// The closure was handed to JS at `site`.
        pub fn __wl_arm(&self, site: &'static Site) {
            site.ensure_linked();
            self.0.set(Some(site));
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(site) = self.0.get() {
            crate::ledger::raise_now(crate::warning::WarningKind::DroppedWhileHeld, site);
        }
    }
}

/// The length in bytes of a slice, array or vector (through references).
pub trait ByteLen {
    fn byte_len(&self) -> u64;
}
impl<E> ByteLen for [E] {
    fn byte_len(&self) -> u64 {
        core::mem::size_of_val(self) as u64
    }
}
impl<E, const N: usize> ByteLen for [E; N] {
    fn byte_len(&self) -> u64 {
        core::mem::size_of_val(self) as u64
    }
}
impl<E> ByteLen for Vec<E> {
    fn byte_len(&self) -> u64 {
        self.as_slice().byte_len()
    }
}
impl<E> ByteLen for Box<[E]> {
    fn byte_len(&self) -> u64 {
        (**self).byte_len()
    }
}
impl<T: ByteLen + ?Sized> ByteLen for &T {
    fn byte_len(&self) -> u64 {
        (**self).byte_len()
    }
}
impl<T: ByteLen + ?Sized> ByteLen for &mut T {
    fn byte_len(&self) -> u64 {
        (**self).byte_len()
    }
}

/// The dispatch traits; generated code imports them as `_`. Only when the
/// ledger is on: off, nothing refers to them, and the crates they name
/// (wasm-bindgen-futures) are not linked.
#[cfg(wasm_ledger_on)]
pub mod kind {
    use super::*;

    /// Each family's traits, imported as `_` (only their methods are
    /// needed) by the family's macro below, the one place that knows the
    /// family's depth.
    pub mod receivers {
        pub use super::{RecvDeref2Js as _, RecvDerefJs as _, RecvJs as _, RecvRust as _};
    }
    /// See [`receivers`].
    pub mod results {
        pub use super::{
            ResultBoth as _, ResultErr as _, ResultFuture as _, ResultJs as _, ResultOk as _,
            ResultOption as _, ResultRust as _,
        };
    }
    /// See [`receivers`].
    pub mod closures {
        pub use super::{IsClosure as _, IsClosureRef as _, NotClosure as _};
    }
    /// See [`receivers`].
    pub mod futures {
        pub use super::{IsJsFuture as _, IsPromise as _, NotJsFuture as _};
    }
    /// See [`receivers`].
    pub mod caches {
        pub use super::{CacheDeref as _, CacheOwned as _, NotCache as _};
    }
    /// See [`receivers`].
    pub mod bytes {
        pub use super::{Bytes as _, NoBytes as _};
    }
    use core::ops::Deref;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    /// One level of a yes/no question about a type: a trait with one
    /// provided method answering `$answer`, implemented for `$self_ty`.
    macro_rules! level {
        ($trait:ident :: $method:ident = $answer:expr; impl[$($gen:tt)*] for $self_ty:ty $(where [$($bound:tt)*])?) => {
            pub trait $trait {
                hot! {
                    fn $method(&self) -> bool {
                        $answer
                    }
                }
            }
            impl<$($gen)*> $trait for $self_ty $(where $($bound)*)? {}
        };
    }

    // Receivers: `(&&&&ty).__wl_receiver_is_js()`: does a method call on it cross?
    // And `(&&&&ty).__wl_project_result(result_ty, &result)`: the result as seen
    // by `__wl_produced` below: itself for a JS receiver, and `Skip` for any
    // other, so a Rust method's result type (maybe not inferred yet, as in
    // `iter.collect()`) is never asked a question.
    macro_rules! receiver_level {
        ($trait:ident, $answer:expr, impl[$($gen:tt)*] for $self_ty:ty $(where [$($bound:tt)*])?) => {
            pub trait $trait {
                hot! {
                    fn __wl_receiver_is_js(&self) -> bool {
                        $answer
                    }
                }
                hot! {
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
        hot! {
            fn __wl_receiver_is_js(&self) -> bool {
                false
            }
        }
        hot! {
            fn __wl_project_result<'v, R>(&self, _result: Ty<R>, _value: &'v R) -> (Ty<Skip>, &'v Skip) {
                (Ty::new(), &Skip)
            }
        }
    }
    impl<V: ?Sized> RecvRust for Ty<V> {}

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

    // Futures: `(&&&ty).__wl_await_crossings()`: the crossings of awaiting it. A
    // `JsFuture` settles (3); a `Promise` is first made into one (3 more).
    pub trait IsJsFuture {
        hot! {
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
        hot! {
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
        hot! {
            fn __wl_await_crossings(&self) -> u64 {
                0
            }
        }
    }
    impl<V: ?Sized> NotJsFuture for Ty<V> {}

    // Collections of handles: `(&&&ty).__wl_cache_len(&collection)`.
    pub trait CacheOwned<V: ?Sized> {
        fn __wl_cache_len(&self, c: &V) -> Option<usize>;
    }
    impl<V: HandleCollection> CacheOwned<V> for &&Ty<V> {
        hot! {
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
        hot! {
            fn __wl_cache_len(&self, c: &V) -> Option<usize> {
                Some((**c).handle_len())
            }
        }
    }
    pub trait NotCache<V: ?Sized> {
        hot! {
            fn __wl_cache_len(&self, _c: &V) -> Option<usize> {
                None
            }
        }
    }
    impl<V: ?Sized> NotCache<V> for Ty<V> {}

    // Bytes: `(&&ty).__wl_byte_len(value)`.
    pub trait Bytes<V: ?Sized> {
        fn __wl_byte_len(&self, value: &V) -> u64;
    }
    impl<V: ?Sized + ByteLen> Bytes<V> for &Ty<V> {
        hot! {
            fn __wl_byte_len(&self, value: &V) -> u64 {
                value.byte_len()
            }
        }
    }
    pub trait NoBytes<V: ?Sized> {
        hot! {
            fn __wl_byte_len(&self, _value: &V) -> u64 {
                0
            }
        }
    }
    impl<V: ?Sized> NoBytes<V> for Ty<V> {}

    // Results: `(&&&&&&&ty).__wl_produced(&value)`.
    pub trait ResultJs<V> {
        hot! {
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
        hot! {
            fn __wl_produced(&self, value: &Option<T>) -> Produced {
                Produced {
                    crossings: 1,
                    handles: value.is_some() as u64,
                }
            }
        }
    }

    pub trait ResultBoth<V> {
        hot! {
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
        hot! {
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
        hot! {
            fn __wl_produced(&self, value: &Result<T, E>) -> Produced {
                Produced {
                    crossings: 1,
                    handles: value.is_err() as u64,
                }
            }
        }
    }

    pub trait ResultFuture<V> {
        hot! {
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
        hot! {
            fn __wl_produced(&self, _value: &V) -> Produced {
                Produced::default()
            }
        }
    }
    impl<V> ResultRust<V> for Ty<V> {}
}

// The dispatch macros: generated code writes `__wl::receiver_is_js!(ty)`
// and never an autoref depth. Each macro imports its family's traits and
// calls the family's method at the depth of its first level (see the table
// in the module docs): the depth and the impls it selects live here only.

/// `__wl::receiver_is_js!(ty)`: whether a method call on a receiver of
/// type token `ty` crosses into JS. Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_receiver_is_js {
    ($receiver:expr) => {{
        use $crate::__private::kind::receivers::*;
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
        use $crate::__private::kind::receivers::*;
        (&&&&$receiver).__wl_project_result($result, $value)
    }};
}

/// `__wl::result_produced!(result_ty, &result)`: the crossings and handles
/// a call with this result made. Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_result_produced {
    ($result:expr, $value:expr) => {{
        use $crate::__private::kind::results::*;
        (&&&&&&&$result).__wl_produced($value)
    }};
}

/// `__wl::is_closure!(ty)`: whether the type token's type is a `Closure`
/// (or a reference to one). Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_is_closure {
    ($ty:expr) => {{
        use $crate::__private::kind::closures::*;
        (&&&$ty).__wl_is_closure()
    }};
}

/// `__wl::await_crossings!(ty)`: the crossings of awaiting a future of
/// this type. Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_await_crossings {
    ($future:expr) => {{
        use $crate::__private::kind::futures::*;
        (&&&$future).__wl_await_crossings()
    }};
}

/// `__wl::cache_len!(ty, &collection)`: the collection's length if it
/// holds JS handles, else `None`. Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_cache_len {
    ($ty:expr, $collection:expr) => {{
        use $crate::__private::kind::caches::*;
        (&&&$ty).__wl_cache_len($collection)
    }};
}

/// `__wl::byte_len!(ty, &value)`: the bytes of a slice, array or vector
/// (0 for any other value). Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! __wl_byte_len {
    ($ty:expr, $value:expr) => {{
        use $crate::__private::kind::bytes::*;
        (&&$ty).__wl_byte_len($value)
    }};
}

pub use crate::__wl_await_crossings as await_crossings;
pub use crate::__wl_byte_len as byte_len;
pub use crate::__wl_cache_len as cache_len;
pub use crate::__wl_is_closure as is_closure;
pub use crate::__wl_project_result as project_result;
pub use crate::__wl_receiver_is_js as receiver_is_js;
pub use crate::__wl_result_produced as result_produced;

#[cfg(all(test, wasm_ledger_on))]
mod tests {
    use super::*;
    use std::rc::Rc;
    use wasm_bindgen::JsValue;

    // Dispatch happens where the type is concrete, as in generated code, so
    // these are macros and not generic functions.
    macro_rules! recv {
        ($value:expr) => {{
            let value = $value;
            receiver_is_js!(Ty::of_place(::core::ptr::addr_of!(value)))
        }};
    }
    macro_rules! result {
        ($value:expr) => {{
            let value = $value;
            let p = result_produced!(Ty::of_place(::core::ptr::addr_of!(value)), &value);
            (p.crossings, p.handles)
        }};
    }
    macro_rules! bytes {
        ($value:expr) => {{
            let value = $value;
            byte_len!(Ty::of_place(::core::ptr::addr_of!(value)), &value)
        }};
    }

    #[test]
    fn js_receivers_cross_through_references_and_smart_pointers() {
        // JsValue::UNDEFINED needs no JS on the host: only its type matters.
        let v = JsValue::UNDEFINED;
        assert!(recv!(&v));
        assert!(recv!(&&v));
        assert!(recv!(Rc::new(JsValue::NULL)));
        assert!(recv!(&Rc::new(JsValue::NULL)));
        assert!(recv!(JsValue::NULL));
    }

    #[test]
    fn rust_receivers_do_not_cross() {
        assert!(!recv!(&vec![1u8]));
        assert!(!recv!(&"text"));
        assert!(!recv!(Rc::new(5u32)));
    }

    #[test]
    fn results_say_how_many_handles() {
        assert_eq!(result!(JsValue::NULL), (1, 1));
        assert_eq!(result!(Some(JsValue::NULL)), (1, 1));
        assert_eq!(result!(None::<JsValue>), (1, 0));
        assert_eq!(result!(Ok::<JsValue, JsValue>(JsValue::NULL)), (1, 1));
        assert_eq!(result!(Ok::<JsValue, String>(JsValue::NULL)), (1, 1));
        assert_eq!(result!(Err::<JsValue, String>(String::new())), (1, 0));
        assert_eq!(result!(Ok::<bool, JsValue>(true)), (1, 0));
        assert_eq!(result!(Err::<bool, JsValue>(JsValue::NULL)), (1, 1));
        assert_eq!(result!(5u32), (0, 0));
        assert_eq!(result!(Some(5u32)), (0, 0));
        assert_eq!(result!(Ok::<u8, String>(1)), (0, 0));
    }

    #[test]
    fn byte_lengths_through_references() {
        assert_eq!(bytes!(&[0u32; 4]), 16);
        assert_eq!(bytes!(&vec![0u8; 10][..]), 10);
        assert_eq!(bytes!(vec![0f64; 3]), 24);
        assert_eq!(bytes!(&mut [0u8; 2]), 2);
        assert_eq!(bytes!(5u32), 0);
    }

    #[test]
    fn closures_are_recognised() {
        use wasm_bindgen::closure::Closure;
        // Making a Closure needs JS: look at the types only.
        let owned: Ty<Closure<dyn FnMut()>> = Ty::new();
        assert!(is_closure!(owned));
        let by_ref: Ty<&Closure<dyn FnMut(u32)>> = Ty::new();
        assert!(is_closure!(by_ref));
        let number: Ty<u8> = Ty::new();
        assert!(!is_closure!(number));
        let future: Ty<wasm_bindgen_futures::JsFuture> = Ty::new();
        assert_eq!(await_crossings!(future), 3);
        let promise: Ty<js_sys::Promise> = Ty::new();
        assert_eq!(await_crossings!(promise), 6);
        assert_eq!(await_crossings!(number), 0);
    }
}
