//! Counting at call sites: the hot path's adds into a [`Site`]'s counters,
//! the process-wide list of the sites that ever counted, and a site's
//! counts read as a [`Tally`] in the [`Mode`] the caller gives.
//!
//! Counting is a relaxed atomic add on the site's `static` (a plain
//! load/add/store on wasm32 without threads). A site links itself into a
//! global intrusive list the first time it counts, so the frame boundary
//! can visit exactly the sites that ever ran, without a hash map or an
//! allocation on the hot path.

use core::ptr;
use core::sync::atomic::Ordering::{AcqRel, Acquire};
use core::sync::atomic::{AtomicPtr, Ordering::Relaxed};

use crate::site::Site;
use crate::tally::{Counter, Mode, Tally};
use crate::word::Word64;

/// Head of the list of sites that have counted at least once.
static SITES: AtomicPtr<Site> = AtomicPtr::new(ptr::null_mut());

impl Site {
    /// The address of the crossing counter, for the probe to add to in
    /// exact mode (a wasm32 address; meaningless elsewhere, never read).
    #[inline(always)]
    pub(crate) fn crossings_address(&'static self) -> u32 {
        &self.counts[Counter::Exact as usize] as *const Word64 as usize as u32
    }

    /// Counts one crossing at this site. This is the whole hot path.
    #[inline(always)]
    pub(crate) fn cross(&'static self) {
        self.add(Counter::Crossings, 1);
    }

    #[inline(always)]
    pub(crate) fn add(&'static self, counter: Counter, n: u64) {
        // In exact mode the probe counts crossings (`Counter::Exact`); the
        // estimate's count would be read by nothing.
        if matches!(counter, Counter::Crossings) && crate::exact::on() {
            return;
        }
        self.counts[counter as usize].fetch_add(n, Relaxed);
        if !self.linked.load(Relaxed) {
            self.link();
        }
    }

    #[cold]
    #[inline(never)]
    fn link(&'static self) {
        if self.linked.swap(true, AcqRel) {
            return;
        }
        let me = self as *const Site as *mut Site;
        let mut head = SITES.load(Acquire);
        loop {
            self.next.store(head, Relaxed);
            match SITES.compare_exchange_weak(head, me, AcqRel, Acquire) {
                Ok(_) => return,
                Err(now) => head = now,
            }
        }
    }

    /// Makes the site known to the ledger without counting anything.
    #[inline(always)]
    pub(crate) fn ensure_linked(&'static self) {
        if !self.linked.load(Relaxed) {
            self.link();
        }
    }

    /// Notes the length of the collection of JS handles this site inserted
    /// into.
    #[inline(always)]
    pub(crate) fn set_cache_len(&'static self, len: usize) {
        self.cache_len.store(len as u64, Relaxed);
        if !self.linked.load(Relaxed) {
            self.link();
        }
    }

    /// The length seen at the last insertion, if this site inserts JS
    /// handles into a collection.
    pub(crate) fn cache_len(&self) -> Option<u64> {
        Some(self.cache_len.load(Relaxed)).filter(|&n| n != u64::MAX)
    }

    /// Notes the memory size at which this site made a view.
    #[inline(always)]
    pub(crate) fn set_view_pages(&self, pages: u32) {
        self.view_pages.store(pages, Relaxed);
    }

    /// Memory pages when this site last made a view.
    pub(crate) fn view_pages(&self) -> u32 {
        self.view_pages.load(Relaxed)
    }

    /// Notes that this site's closures are released where the ledger cannot
    /// see it.
    #[inline(always)]
    pub(crate) fn mark_release_unseen(&self) {
        self.release_unseen.store(true, Relaxed);
    }

    pub(crate) fn release_unseen(&self) -> bool {
        self.release_unseen.load(Relaxed)
    }

    /// Everything counted here since the program started, as the ledger
    /// counts now (exact or estimated: see [`exact`](crate::exact())).
    pub fn total(&self) -> Tally {
        self.total_in(crate::exact::mode())
    }

    /// Crossings counted here since the program started, as the ledger
    /// counts now: [`total`](Site::total)'s `crossings`.
    pub fn total_crossings(&self) -> u64 {
        self.crossings_in(crate::exact::mode())
    }

    /// Everything counted here since the program started, read in `mode`.
    pub(crate) fn total_in(&self, mode: Mode) -> Tally {
        Tally::from_counts(core::array::from_fn(|i| self.counts[i].load(Relaxed)), mode)
    }

    /// Crossings counted here since the program started, read in `mode`
    /// (one counter, not the whole tally).
    pub(crate) fn crossings_in(&self, mode: Mode) -> u64 {
        self.counts[Counter::crossings(mode) as usize].load(Relaxed)
    }

    /// What was counted since the previous call (the frame boundary's
    /// share), read in `mode`.
    pub(crate) fn take_frame(&self, mode: Mode) -> Tally {
        Tally::from_counts(
            core::array::from_fn(|i| {
                let now = self.counts[i].load(Relaxed);
                now.wrapping_sub(self.at_frame_end[i].swap(now, Relaxed))
            }),
            mode,
        )
    }

    /// What was counted since the last frame boundary, without taking it,
    /// read in `mode`.
    pub(crate) fn since_frame_end(&self, mode: Mode) -> Tally {
        Tally::from_counts(
            core::array::from_fn(|i| {
                self.counts[i]
                    .load(Relaxed)
                    .wrapping_sub(self.at_frame_end[i].load(Relaxed))
            }),
            mode,
        )
    }

    /// Every site that has counted at least once, most recently linked first.
    pub(crate) fn all() -> impl Iterator<Item = &'static Site> {
        let mut at = SITES.load(Acquire) as *const Site;
        core::iter::from_fn(move || {
            // SAFETY: only `&'static Site`s are ever linked, and never unlinked.
            let site = unsafe { at.as_ref() }?;
            at = site.next.load(Acquire);
            Some(site)
        })
    }
}

impl core::fmt::Debug for Site {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Site")
            .field("func", &self.func())
            .field("at", &format_args!("{self}"))
            .field("total", &self.total())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_links_once_and_counts_every_event() {
        static A: Site = Site::new("a", "src/a.rs", 3, 9);
        static B: Site = Site::new("b", "src/b.rs", 4, 1);
        for _ in 0..5 {
            A.cross();
        }
        A.add(Counter::BytesToJs, 64);
        B.add(Counter::Handles, 1);
        let linked: Vec<_> = Site::all()
            .filter(|s| s.file().starts_with("src/"))
            .collect();
        assert_eq!(linked.iter().filter(|s| ptr::eq(**s, &A)).count(), 1);
        assert_eq!(linked.iter().filter(|s| ptr::eq(**s, &B)).count(), 1);
        assert_eq!(
            A.total(),
            Tally {
                crossings: 5,
                bytes: 64,
                bytes_to_js: 64,
                ..Tally::default()
            }
        );
        assert_eq!(A.to_string(), "src/a.rs:3:9");
    }

    #[test]
    fn total_crossings_are_the_totals_crossings_in_either_mode() {
        static S: Site = Site::new("s", "src/modes.rs", 1, 1);
        // The estimate's count, and the probe's (it adds to `Exact` in wasm
        // memory, where it is aimed).
        S.add(Counter::Crossings, 2);
        S.add(Counter::Exact, 5);
        let estimate = Mode::default();
        let exact = Mode {
            exact: true,
            closures: false,
        };
        let closures = Mode {
            exact: true,
            closures: true,
        };
        for mode in [estimate, exact, closures] {
            assert_eq!(S.crossings_in(mode), S.total_in(mode).crossings, "{mode:?}");
        }
        assert_eq!(S.crossings_in(estimate), 2);
        assert_eq!(S.crossings_in(exact), 5, "exact mode: the probe's count");
        assert_eq!(S.total_crossings(), S.total().crossings);
    }
}
