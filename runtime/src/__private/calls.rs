//! Calls: entering an annotated function, aiming exact mode at a call's
//! site, and counting a call's crossings and handles after it.

use core::sync::atomic::Ordering::Relaxed;

use crate::word::Word64;

use super::{Out, Produced, Ty};
use crate::site::Site;
use crate::tally::Counter;

/// Entries into annotated functions: a call that ran one is a call into
/// Rust, not JS, whatever its signature.
static TRACKED_ENTRIES: Word64 = Word64::new(0);

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
        aim_if(js(ty), site);
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
        count_after_method(
            receiver.js,
            receiver.crosses,
            super::MAKES_HANDLES,
            receiver.site,
            produced,
        );
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
