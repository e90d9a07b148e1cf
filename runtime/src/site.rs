//! Call sites: where a crossing is counted.
//!
//! Every instrumented expression owns one `static Site`. Counting is a
//! relaxed atomic add on that static (a plain load/add/store on wasm32
//! without threads). A site links itself into a global intrusive list the
//! first time it counts, so the frame boundary can visit exactly the sites
//! that ever ran, without a hash map or an allocation on the hot path.

use core::ptr;
use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering::Relaxed};
use core::sync::atomic::Ordering::{AcqRel, Acquire};

/// One place in the user's source where annotated code calls into JS.
///
/// Sites are created by `#[wasm_ledger::track]` as `static`s; user code
/// never builds one by hand, but reads them through [`crate::snapshot`].
pub struct Site {
    func: &'static str,
    file: &'static str,
    line: u32,
    column: u32,
    crossings: AtomicU64,
    /// `crossings` when the last frame ended: the next frame's share is the
    /// difference, so no per-frame table of sites is needed.
    at_frame_end: AtomicU64,
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
    pub const fn new(func: &'static str, file: &'static str, line: u32, column: u32) -> Self {
        Site {
            func,
            file,
            line,
            column,
            crossings: AtomicU64::new(0),
            at_frame_end: AtomicU64::new(0),
            linked: AtomicBool::new(false),
            next: AtomicPtr::new(ptr::null_mut()),
        }
    }

    /// Counts one crossing at this site. This is the whole hot path.
    #[inline(always)]
    pub fn cross(&'static self) {
        self.crossings.fetch_add(1, Relaxed);
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

    /// Crossings counted here since the program started.
    pub fn total_crossings(&self) -> u64 {
        self.crossings.load(Relaxed)
    }

    /// Crossings since the previous call (the frame boundary's share).
    pub(crate) fn take_frame_crossings(&self) -> u64 {
        let now = self.crossings.load(Relaxed);
        let before = self.at_frame_end.swap(now, Relaxed);
        now.wrapping_sub(before)
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
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl core::fmt::Debug for Site {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Site")
            .field("func", &self.func)
            .field("at", &format_args!("{self}"))
            .field("crossings", &self.total_crossings())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_links_once_and_counts_every_crossing() {
        static A: Site = Site::new("a", "src/a.rs", 3, 9);
        static B: Site = Site::new("b", "src/b.rs", 4, 1);
        for _ in 0..5 {
            A.cross();
        }
        B.cross();
        let linked: Vec<_> = Site::all().filter(|s| s.file.starts_with("src/")).collect();
        assert_eq!(linked.iter().filter(|s| ptr::eq(**s, &A)).count(), 1);
        assert_eq!(linked.iter().filter(|s| ptr::eq(**s, &B)).count(), 1);
        assert_eq!(A.total_crossings(), 5);
        assert_eq!(A.to_string(), "src/a.rs:3:9");
    }
}
