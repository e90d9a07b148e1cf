//! Closures: made, released (the guard moved into the closure), handed to
//! JS for good, and dropped while JS still holds one.

use crate::site::Site;
use crate::tally::Counter;

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
