//! Call sites as data: what a [`Site`] is (its place in the source, what
//! it is about, and the counters it holds), built at compile time.
//!
//! Every instrumented expression owns one `static Site`. Counting into it,
//! the list of the sites that counted, and reading its counts are in
//! `sites`; this module holds no state and reads none.

use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU64};

use crate::word::{Flag, Word64};

use crate::tally::COUNTERS;

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
    pub(crate) counts: [Word64; COUNTERS],
    /// `counts` when the last frame ended: the next frame's share is the
    /// difference, so no per-frame table of sites is needed.
    pub(crate) at_frame_end: [AtomicU64; COUNTERS],
    /// Length of the collection this site inserts into, after the last
    /// insertion; `u64::MAX` until one holding JS handles is seen.
    pub(crate) cache_len: AtomicU64,
    /// Pages of wasm memory when this site last made a typed-array view.
    pub(crate) view_pages: AtomicU32,
    /// This site makes `Closure`s whose release cannot be seen (their body
    /// is not a closure literal the guard could go into).
    pub(crate) release_unseen: AtomicBool,
    /// An element-by-element method (`set_index`, `get_index`, `push`...).
    element: bool,
    /// An insertion into a collection that the annotated code bounds: it
    /// removes from it, clears it, or compares its length with a limit.
    bounded: bool,
    /// A typed-array view that the annotated code reads where it makes it
    /// and drops before its call returns: no frame can end while it lives.
    views_dropped: bool,
    /// Annotated code, or a row of the whole app (see [`Origin`]).
    origin: Origin,
    /// In the list of the sites that counted (see `sites`), and the next
    /// one in it.
    pub(crate) linked: Flag,
    pub(crate) next: AtomicPtr<Site>,
}

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
        const NONE: Word64 = Word64::new(0);
        Site {
            func,
            label,
            file,
            line,
            column,
            counts: [NONE; COUNTERS],
            at_frame_end: [ZERO; COUNTERS],
            cache_len: AtomicU64::new(u64::MAX),
            view_pages: AtomicU32::new(0),
            release_unseen: AtomicBool::new(false),
            element: false,
            bounded: false,
            views_dropped: false,
            origin: Origin::Annotated,
            linked: Flag::new(false),
            next: AtomicPtr::new(core::ptr::null_mut()),
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

    /// This site makes typed-array views that are dropped before the call
    /// that made them returns (see [`Site::drops_its_views`]).
    #[doc(hidden)]
    #[allow(clippy::declare_interior_mutable_const)]
    pub const fn dropping_its_views(mut self) -> Self {
        self.views_dropped = true;
        self
    }

    /// A row of the whole app: what code that is not annotated did, counted
    /// by the probe (see [`Origin`]).
    #[allow(clippy::declare_interior_mutable_const)]
    #[cfg_attr(not(all(target_arch = "wasm32", wasm_ledger_exact)), allow(dead_code))]
    pub(crate) const fn whole_app(
        origin: Origin,
        func: &'static str,
        file: &'static str,
        line: u32,
        column: u32,
        label: &'static str,
    ) -> Self {
        let mut site = Site::labelled(func, file, line, column, label);
        site.origin = origin;
        site
    }

    /// Whether this is a site of annotated code, or a row of the whole app.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// Whether this site is in annotated code.
    pub fn is_annotated(&self) -> bool {
        self.origin == Origin::Annotated
    }

    /// Whether the views this site makes are read where they are made and
    /// dropped before the call that made them returns (the macros see it in
    /// the code: not stored, returned, moved, captured or held across an
    /// `.await`): memory growing in a later frame cannot detach one of them.
    pub fn drops_its_views(&self) -> bool {
        self.views_dropped
    }

    /// Whether the collection this site inserts into is bounded by the
    /// annotated code (it removes from it, clears it, or compares its
    /// length with a limit): filling it is not a growing cache.
    pub fn is_bounded(&self) -> bool {
        self.bounded
    }

    /// Whether this is an element-by-element method's site.
    pub(crate) fn is_element(&self) -> bool {
        self.element
    }

    /// What the site is about, as written (`self.nodes`), or "".
    pub fn label(&self) -> &'static str {
        self.label
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
}

/// Where a [`Site`] comes from: annotated code (exact per line, counted
/// where the macro put a site), or the whole app, counted by the probe
/// where no annotated code ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A call site in a `#[track]`/`#[frame]` function.
    Annotated,
    /// A JS API called where no annotated code ran (`Node.appendChild`):
    /// its row holds the exact count of those calls; which Rust code made
    /// them is sampled (see [`Snapshot::whole_app`](crate::Snapshot::whole_app)).
    Api,
    /// A Rust line (the first frame in the app's own code of a creation
    /// stack, else the innermost library frame) where code that is not
    /// annotated made closures: their count, releases and calls from JS.
    Made,
    /// Closures made where no annotated code ran and whose creation stack
    /// named no Rust function (a build without a `name` section): counted,
    /// never judged, having no place to act on.
    Lumped,
}

impl core::fmt::Display for Site {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.line == 0 {
            // A row with no line: the JS API, the function, `(unannotated)`.
            return f.write_str(self.file);
        }
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl PartialEq for Site {
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self, other)
    }
}
