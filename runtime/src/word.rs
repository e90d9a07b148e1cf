//! The words the hot path reads and writes at every crossing: the probe's
//! aim and switch, the running body, the entries into annotated functions,
//! a site's counters and whether it is linked.
//!
//! On wasm32 without threads (what wasm-bindgen apps are) a word is a plain
//! cell: a debug build, where users run the ledger, reads and writes it in
//! place, where an atomic's `load` or `fetch_add` is a call three deep
//! (`AtomicU64::fetch_add`, `atomic_add`, the intrinsic), none inlined at
//! opt-level 0. Release builds compile both to the same instructions.
//! Elsewhere (the host's tests run on threads; wasm32 with the `atomics`
//! feature shares memory between workers) a word is the relaxed atomic it
//! stands for. Either way it has the API of the atomic, `Ordering` included,
//! so the code that uses it reads the same.

#[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
pub(crate) use core::sync::atomic::{AtomicBool as Flag, AtomicU32 as Word32, AtomicU64 as Word64};

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
pub(crate) use cells::{Flag, Word32, Word64};

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod cells {
    use core::cell::UnsafeCell;
    use core::sync::atomic::Ordering;

    macro_rules! cell {
        ($(#[$doc:meta])* $name:ident($t:ty)) => {
            $(#[$doc])*
            #[repr(transparent)]
            pub(crate) struct $name(UnsafeCell<$t>);

            // One thread: nothing else reads or writes it while Rust does
            // (JS, the probe, runs only inside a call Rust makes, and the
            // word's address is handed to it, so the compiler reads the
            // word again after every such call).
            unsafe impl Sync for $name {}

            // The atomic's API: which of it a word's users need depends on
            // the features built.
            #[allow(dead_code)]
            impl $name {
                pub(crate) const fn new(v: $t) -> Self {
                    Self(UnsafeCell::new(v))
                }
                #[inline(always)]
                pub(crate) fn load(&self, _: Ordering) -> $t {
                    // SAFETY: one thread, and no reference into the cell
                    // outlives this read.
                    unsafe { *self.0.get() }
                }
                #[inline(always)]
                pub(crate) fn store(&self, v: $t, _: Ordering) {
                    // SAFETY: as `load`.
                    unsafe { *self.0.get() = v }
                }
                #[inline(always)]
                pub(crate) fn swap(&self, v: $t, _: Ordering) -> $t {
                    // SAFETY: as `load`.
                    unsafe {
                        let old = *self.0.get();
                        *self.0.get() = v;
                        old
                    }
                }
            }
        };
    }

    cell!(
        /// A `u32` word ([`AtomicU32`](core::sync::atomic::AtomicU32)'s API).
        Word32(u32)
    );
    cell!(
        /// A `u64` counter ([`AtomicU64`](core::sync::atomic::AtomicU64)'s API).
        Word64(u64)
    );
    cell!(
        /// A flag ([`AtomicBool`](core::sync::atomic::AtomicBool)'s API).
        Flag(bool)
    );

    impl Word64 {
        #[inline(always)]
        pub(crate) fn fetch_add(&self, n: u64, o: Ordering) -> u64 {
            let v = self.load(o);
            self.store(v.wrapping_add(n), o);
            v
        }
    }
}
