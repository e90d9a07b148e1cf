//! Rust memory by the line that allocated it, for the apps that ask:
//! [`Alloc`], a global allocator around the app's own.
//!
//! A leak across the boundary is not always a JS object: a framework that
//! keeps every event handler it was ever given (dioxus-core 0.5.0 gave each
//! one to its scope) leaks Rust memory while the page stays the same size.
//! Wasm memory only grows, so its size cannot tell such a leak from a
//! high-water mark. [`Alloc`] can: each block carries the site that was
//! running when it was allocated (the site exact mode aims at: an annotated
//! function's call or its body), and each site's bytes alive are kept in a
//! table. The `heap_growing` warning names the site whose bytes alive keep
//! growing while the page does not.
//!
//! ```no_run
//! // In the app's crate, for debug builds (where the ledger is on):
//! #[cfg(debug_assertions)]
//! #[global_allocator]
//! static ALLOC: wasm_ledger::Alloc = wasm_ledger::Alloc::system();
//! ```
//!
//! It costs a header of 16 bytes (or the block's alignment, if larger) per
//! block, a load of the aim and an add into a table per allocation and
//! free: the counter, never a timer. Blocks allocated while no annotated
//! code runs (and the ledger's own) are counted nowhere.

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, Ordering::Relaxed};

/// A global allocator that counts each site's bytes alive, around `A` (by
/// default the system allocator).
///
/// Each block carries the site that was running when it was allocated
/// (the site exact mode aims at), and each site's bytes alive are counted;
/// the `heap_growing` warning names the site whose bytes alive keep growing
/// while the page stays the same size (see the guide's
/// [warnings](crate::guide::warnings)). A header of 16 bytes (or the block's
/// alignment) per block; a load and an add per allocation and free.
///
/// ```no_run
/// #[cfg(debug_assertions)]
/// #[global_allocator]
/// static ALLOC: wasm_ledger::Alloc = wasm_ledger::Alloc::system();
/// ```
pub struct Alloc<A = std::alloc::System> {
    inner: A,
}

impl Alloc<std::alloc::System> {
    /// Around the system allocator.
    pub const fn system() -> Self {
        Alloc {
            inner: std::alloc::System,
        }
    }
}

impl<A> Alloc<A> {
    /// Around `inner` (an app's own allocator).
    pub const fn new(inner: A) -> Self {
        Alloc { inner }
    }
}

/// The header before each block: room for the site's key, keeping the
/// block's alignment.
fn header(layout: Layout) -> usize {
    layout.align().max(16)
}

/// The layout of the block with its header, or `None` on overflow.
fn with_header(layout: Layout) -> Option<Layout> {
    let h = header(layout);
    Layout::from_size_align(layout.size().checked_add(h)?, layout.align().max(16)).ok()
}

// SAFETY: every block handed out is `inner`'s block moved past a header of
// `header(layout)` bytes, which keeps its alignment (the header is a
// multiple of it); `dealloc` moves back by the same amount, computed from
// the same layout, and frees with the same layout it allocated with.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Alloc<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(outer) = with_header(layout) else {
            return core::ptr::null_mut();
        };
        // SAFETY: `outer` has a non-zero size (the header).
        let base = unsafe { self.inner.alloc(outer) };
        if base.is_null() {
            return base;
        }
        let key = running();
        // SAFETY: the block is at least `header` bytes more than asked; the
        // key goes in the header's last 4 bytes (aligned to 4).
        unsafe {
            let block = base.add(header(layout));
            (block.sub(4) as *mut u32).write(key);
            count(key, layout.size() as i64);
            block
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: `block` came from `alloc` with this layout (GlobalAlloc's
        // contract), so its header is there and `outer` is valid.
        unsafe {
            let key = (block.sub(4) as *const u32).read();
            count(key, -(layout.size() as i64));
            let outer = Layout::from_size_align_unchecked(
                layout.size() + header(layout),
                layout.align().max(16),
            );
            self.inner.dealloc(block.sub(header(layout)), outer);
        }
    }
}

/// The key of what runs now: the aimed site's counter address, or 0 (no
/// annotated code, or the ledger's own work).
fn running() -> u32 {
    let aim = crate::exact::SLOT.aim.load(Relaxed);
    if aim <= crate::aim::OWN_AIM {
        0
    } else {
        aim
    }
}

/// Slots of the table: a site's key and its bytes alive.
const SLOTS: usize = 4096;

struct Entry {
    key: AtomicU32,
    live: AtomicI64,
}

#[allow(clippy::declare_interior_mutable_const)]
const EMPTY: Entry = Entry {
    key: AtomicU32::new(0),
    live: AtomicI64::new(0),
};

static TABLE: [Entry; SLOTS] = [EMPTY; SLOTS];

/// Whether any block was counted: the app installed [`Alloc`].
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// Adds `bytes` to the site `key`'s bytes alive (nothing for key 0, or
/// when the table is full: those blocks are counted nowhere).
fn count(key: u32, bytes: i64) {
    if key == 0 {
        return;
    }
    INSTALLED.store(true, Relaxed);
    let mut i = (key.wrapping_mul(0x9E37_79B1) >> 20) as usize % SLOTS;
    for _ in 0..SLOTS {
        let e = &TABLE[i];
        let k = e.key.load(Relaxed);
        if k == key
            || (k == 0
                && e.key
                    .compare_exchange(0, key, Relaxed, Relaxed)
                    .map_or_else(|now| now == key, |_| true))
        {
            e.live.fetch_add(bytes, Relaxed);
            return;
        }
        i = (i + 1) % SLOTS;
    }
}

/// Each site's bytes alive, by its key (the address of its crossing
/// counter); empty unless the app installed [`Alloc`].
pub(crate) fn live_by_key() -> Vec<(u32, u64)> {
    if !INSTALLED.load(Relaxed) {
        return Vec::new();
    }
    TABLE
        .iter()
        .filter_map(|e| {
            let k = e.key.load(Relaxed);
            (k != 0).then(|| (k, e.live.load(Relaxed).max(0) as u64))
        })
        .collect()
}

/// Each annotated site's bytes alive (see [`live_by_key`]).
pub(crate) fn live_by_site() -> Vec<(&'static crate::site::Site, u64)> {
    let live = live_by_key();
    if live.is_empty() {
        return Vec::new();
    }
    let by_key: std::collections::HashMap<u32, u64> = live.into_iter().collect();
    crate::site::Site::all()
        .filter_map(|s| Some((s, *by_key.get(&s.crossings_address())?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sites_bytes_alive_are_its_blocks_not_yet_freed() {
        let _serial = crate::tests::serial();
        let (a, b) = (0x1000_0008u32, 0x1000_0010u32);
        count(a, 100);
        count(b, 40);
        count(a, 28);
        count(a, -100);
        count(0, 1_000);
        let live = live_by_key();
        assert!(live.contains(&(a, 28)), "{live:?}");
        assert!(live.contains(&(b, 40)), "{live:?}");
        count(a, -28);
        count(b, -40);
    }

    #[test]
    fn blocks_keep_their_alignment_and_come_back_whole() {
        let alloc = Alloc::system();
        for (size, align) in [(1, 1), (24, 8), (3, 32), (100, 64), (4096, 4096)] {
            let layout = Layout::from_size_align(size, align).unwrap();
            // SAFETY: a non-zero layout; freed with the same one.
            unsafe {
                let p = alloc.alloc(layout);
                assert!(!p.is_null());
                assert_eq!(p as usize % align, 0, "{size} {align}");
                p.write_bytes(0xAB, size);
                alloc.dealloc(p, layout);
            }
        }
    }
}
