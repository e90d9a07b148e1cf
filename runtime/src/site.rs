//! Call sites: where a crossing (and every other event) is counted.
//!
//! Every instrumented expression owns one `static Site`. Counting is a
//! relaxed atomic add on that static (a plain load/add/store on wasm32
//! without threads). A site links itself into a global intrusive list the
//! first time it counts, so the frame boundary can visit exactly the sites
//! that ever ran, without a hash map or an allocation on the hot path.

use core::ptr;
use core::sync::atomic::Ordering::{AcqRel, Acquire};
use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU64, Ordering::Relaxed};

use crate::tally::{Counter, Mode, Tally, COUNTERS};

/// One place in the user's source where annotated code calls into JS,
/// creates a handle or a closure, or moves bytes.
///
/// Sites are created by `#[wasm_ledger::track]` as `static`s; user code
/// never builds one by hand, but reads them through [`crate::snapshot`].
pub struct Site {
    func: &'static str,
    /// What the site is about, as written (the collection of an insertion:
    /// `self.nodes`); empty for most sites.
    label: &'static str,
    file: &'static str,
    line: u32,
    column: u32,
    counts: [AtomicU64; COUNTERS],
    /// `counts` when the last frame ended: the next frame's share is the
    /// difference, so no per-frame table of sites is needed.
    at_frame_end: [AtomicU64; COUNTERS],
    /// Length of the collection this site inserts into, after the last
    /// insertion; `u64::MAX` until one holding JS handles is seen.
    cache_len: AtomicU64,
    /// Pages of wasm memory when this site last made a typed-array view.
    view_pages: AtomicU32,
    /// This site makes `Closure`s whose release cannot be seen (their body
    /// is not a closure literal the guard could go into).
    release_unseen: AtomicBool,
    /// An element-by-element method (`set_index`, `get_index`, `push`...).
    element: bool,
    /// An insertion into a collection that the annotated code bounds: it
    /// removes from it, clears it, or compares its length with a limit.
    bounded: bool,
    linked: AtomicBool,
    next: AtomicPtr<Site>,
}

/// Head of the list of sites that have counted at least once.
static SITES: AtomicPtr<Site> = AtomicPtr::new(ptr::null_mut());

impl Site {
    /// A site at `file:line:column` inside the function `func`.
    ///
    /// `column` is 1-based, as in compiler diagnostics.
    #[doc(hidden)]
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn new(func: &'static str, file: &'static str, line: u32, column: u32) -> Self {
        Site::labelled(func, file, line, column, "")
    }

    /// A site with a label: what it is about, as written.
    #[doc(hidden)]
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn labelled(
        func: &'static str,
        file: &'static str,
        line: u32,
        column: u32,
        label: &'static str,
    ) -> Self {
        const ZERO: AtomicU64 = AtomicU64::new(0);
        Site {
            func,
            label,
            file,
            line,
            column,
            counts: [ZERO; COUNTERS],
            at_frame_end: [ZERO; COUNTERS],
            cache_len: AtomicU64::new(u64::MAX),
            view_pages: AtomicU32::new(0),
            release_unseen: AtomicBool::new(false),
            element: false,
            bounded: false,
            linked: AtomicBool::new(false),
            next: AtomicPtr::new(ptr::null_mut()),
        }
    }

    /// A site of an element-by-element method (`set_index`, `get_index`,
    /// `push`, `get`, `set`): many calls in one frame are a per-element copy.
    #[doc(hidden)]
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn element(
        func: &'static str,
        file: &'static str,
        line: u32,
        column: u32,
        label: &'static str,
    ) -> Self {
        let mut site = Site::labelled(func, file, line, column, label);
        site.element = true;
        site
    }

    /// This site inserts into a collection that the annotated code bounds
    /// (see [`Site::is_bounded`]).
    #[doc(hidden)]
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn bounded(mut self) -> Self {
        self.bounded = true;
        self
    }

    /// Whether the collection this site inserts into is bounded by the
    /// annotated code (it removes from it, clears it, or compares its
    /// length with a limit): filling it is not a growing cache.
    pub fn is_bounded(&self) -> bool {
        self.bounded
    }

    /// The address of the crossing counter, for the probe to add to in
    /// exact mode (a wasm32 address; meaningless elsewhere, never read).
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn crossings_address(&'static self) -> u32 {
        &self.counts[Counter::Exact as usize] as *const AtomicU64 as usize as u32
    }

    /// Whether this is an element-by-element method's site.
    pub(crate) fn is_element(&self) -> bool {
        self.element
    }

    /// Counts one crossing at this site. This is the whole hot path.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn cross(&'static self) {
        self.add(Counter::Crossings, 1);
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
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
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn ensure_linked(&'static self) {
        if !self.linked.load(Relaxed) {
            self.link();
        }
    }

    /// Notes the length of the collection of JS handles this site inserted
    /// into.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
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

    /// What the site is about, as written (`self.nodes`), or "".
    pub fn label(&self) -> &'static str {
        self.label
    }

    /// Notes the memory size at which this site made a view.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn set_view_pages(&self, pages: u32) {
        self.view_pages.store(pages, Relaxed);
    }

    /// Memory pages when this site last made a view.
    pub(crate) fn view_pages(&self) -> u32 {
        self.view_pages.load(Relaxed)
    }

    /// Notes that this site's closures are released where the ledger cannot
    /// see it.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn mark_release_unseen(&self) {
        self.release_unseen.store(true, Relaxed);
    }

    pub(crate) fn release_unseen(&self) -> bool {
        self.release_unseen.load(Relaxed)
    }

    /// The annotated function the site is in.
    pub fn func(&self) -> &'static str {
        self.func
    }

    /// The source file, as `file!()` gives it.
    pub fn file(&self) -> &'static str {
        self.file
    }

    /// 1-based line.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// 1-based column.
    pub fn column(&self) -> u32 {
        self.column
    }

    /// Everything counted here since the program started, as the ledger
    /// counts now (exact or estimated: see [`crate::exact`]).
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

impl core::fmt::Display for Site {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.line == 0 {
            // The `(unannotated)` row: no place in the source.
            return f.write_str(self.file);
        }
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl core::fmt::Debug for Site {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Site")
            .field("func", &self.func)
            .field("at", &format_args!("{self}"))
            .field("total", &self.total())
            .finish()
    }
}

impl PartialEq for Site {
    fn eq(&self, other: &Self) -> bool {
        ptr::eq(self, other)
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
        A.add(Counter::Bytes, 64);
        B.add(Counter::Handles, 1);
        let linked: Vec<_> = Site::all().filter(|s| s.file.starts_with("src/")).collect();
        assert_eq!(linked.iter().filter(|s| ptr::eq(**s, &A)).count(), 1);
        assert_eq!(linked.iter().filter(|s| ptr::eq(**s, &B)).count(), 1);
        assert_eq!(
            A.total(),
            Tally {
                crossings: 5,
                bytes: 64,
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
