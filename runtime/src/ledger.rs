//! The ledger: frames, their history, and the frame boundary.
//!
//! Counting happens on [`Site`]s; this module only runs at a frame boundary
//! (or when a user asks for a snapshot), so it may allocate and sort.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use crate::output;
use crate::report;
use crate::site::Site;

/// How many finished frames the ledger keeps for [`snapshot`].
pub const DEFAULT_FRAME_WINDOW: usize = 600;

/// One finished frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// 0 for the first frame, counting up.
    pub index: u64,
    /// Crossings counted in annotated code during the frame.
    pub crossings: u64,
    /// The sites that crossed during the frame, busiest first.
    pub sites: Vec<SiteCount>,
}

/// Crossings of one site within one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SiteCount {
    /// Where.
    pub site: &'static Site,
    /// How many.
    pub crossings: u64,
}

impl PartialEq for Site {
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self, other)
    }
}

/// What the ledger holds: the recent frames and how frames are delimited.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// The most recent finished frames, oldest first (at most the frame
    /// window).
    pub frames: Vec<Frame>,
    /// Frames finished since the program started (including those that
    /// dropped out of the window).
    pub frames_total: u64,
    /// False while no frame boundary was ever marked: then everything so far
    /// is one long frame.
    pub frames_marked: bool,
}

#[derive(Default)]
struct Ledger {
    next_index: u64,
    history: VecDeque<Frame>,
}

thread_local! {
    static LEDGER: RefCell<Ledger> = RefCell::new(Ledger::default());
    /// Nesting depth of `#[frame]` functions: only the outermost one ends a
    /// frame, so a frame function may call another.
    static FRAME_DEPTH: Cell<u32> = const { Cell::new(0) };
    static FRAMES_MARKED: Cell<bool> = const { Cell::new(false) };
    /// Times the ledger could not do its work (re-entered while busy).
    static SKIPPED: Cell<u64> = const { Cell::new(0) };
}

/// Ends the current frame: gathers every site's crossings since the last
/// boundary, keeps the frame in the window and prints its report line.
///
/// `#[wasm_ledger::frame]` calls this when the outermost frame function
/// returns; call it yourself if your app drives its own loop.
///
/// ```
/// wasm_ledger::end_frame();
/// assert!(wasm_ledger::snapshot().frames_marked);
/// ```
pub fn end_frame() {
    FRAMES_MARKED.with(|m| m.set(true));
    let frame = finish_frame();
    if let Some(frame) = frame {
        output::line(&report::frame_line(&frame));
    }
}

fn finish_frame() -> Option<Frame> {
    let mut sites: Vec<SiteCount> = Site::all()
        .filter_map(|site| {
            let crossings = site.take_frame_crossings();
            (crossings > 0).then_some(SiteCount { site, crossings })
        })
        .collect();
    sites.sort_by(|a, b| {
        b.crossings
            .cmp(&a.crossings)
            .then_with(|| (a.site.file(), a.site.line(), a.site.column()).cmp(&(b.site.file(), b.site.line(), b.site.column())))
    });
    let crossings = sites.iter().map(|s| s.crossings).sum();
    LEDGER
        .try_with(|ledger| {
            let Ok(mut ledger) = ledger.try_borrow_mut() else {
                SKIPPED.with(|s| s.set(s.get() + 1));
                return None;
            };
            let frame = Frame { index: ledger.next_index, crossings, sites };
            ledger.next_index += 1;
            if ledger.history.len() == DEFAULT_FRAME_WINDOW {
                ledger.history.pop_front();
            }
            ledger.history.push_back(frame.clone());
            Some(frame)
        })
        .ok()
        .flatten()
}

/// The ledger's recent frames as plain data.
///
/// ```
/// let snapshot = wasm_ledger::snapshot();
/// assert!(snapshot.frames.len() <= wasm_ledger::DEFAULT_FRAME_WINDOW);
/// ```
pub fn snapshot() -> Snapshot {
    let frames_marked = FRAMES_MARKED.with(Cell::get);
    LEDGER
        .try_with(|ledger| match ledger.try_borrow() {
            Ok(ledger) => Snapshot {
                frames: ledger.history.iter().cloned().collect(),
                frames_total: ledger.next_index,
                frames_marked,
            },
            Err(_) => Snapshot { frames_marked, ..Snapshot::default() },
        })
        .unwrap_or_default()
}

/// The last finished frame, if any.
///
/// ```
/// wasm_ledger::end_frame();
/// assert!(wasm_ledger::last_frame().is_some());
/// ```
pub fn last_frame() -> Option<Frame> {
    LEDGER
        .try_with(|ledger| ledger.try_borrow().ok().and_then(|l| l.history.back().cloned()))
        .ok()
        .flatten()
}

/// Held for the duration of a `#[frame]` function; the outermost one ends
/// the frame when it is dropped (also on early return, `?` and unwinding).
#[doc(hidden)]
pub struct FrameGuard(());

impl FrameGuard {
    #[doc(hidden)]
    #[inline]
    pub fn enter() -> FrameGuard {
        let _ = FRAME_DEPTH.try_with(|d| d.set(d.get().saturating_add(1)));
        FrameGuard(())
    }
}

impl Drop for FrameGuard {
    fn drop(&mut self) {
        let outermost = FRAME_DEPTH
            .try_with(|d| {
                let depth = d.get().saturating_sub(1);
                d.set(depth);
                depth == 0
            })
            .unwrap_or(false);
        if outermost {
            end_frame();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Sites are process-wide statics and tests run on several threads, so
    // every assertion here looks only at sites this test owns.
    #[test]
    fn a_frame_holds_the_crossings_since_the_last_boundary() {
        let _serial = crate::tests::serial();
        static HOT: Site = Site::new("hot", "tests/ledger_frames.rs", 10, 5);
        static COLD: Site = Site::new("cold", "tests/ledger_frames.rs", 20, 5);
        let mine = |f: &Frame, s: &'static Site| f.sites.iter().find(|c| core::ptr::eq(c.site, s)).map(|c| c.crossings);

        for _ in 0..3 {
            HOT.cross();
        }
        COLD.cross();
        end_frame();
        let first = last_frame().unwrap();
        assert_eq!(mine(&first, &HOT), Some(3));
        assert_eq!(mine(&first, &COLD), Some(1));

        HOT.cross();
        end_frame();
        let second = last_frame().unwrap();
        assert_eq!(second.index, first.index + 1);
        assert_eq!(mine(&second, &HOT), Some(1));
        assert_eq!(mine(&second, &COLD), None, "a quiet site is not in the frame");
        assert!(snapshot().frames_marked);
    }

    #[test]
    fn nested_frame_guards_end_one_frame() {
        let _serial = crate::tests::serial();
        let before = snapshot().frames_total;
        {
            let _outer = FrameGuard::enter();
            let _inner = FrameGuard::enter();
        }
        assert_eq!(snapshot().frames_total, before + 1);
    }

    #[test]
    fn the_window_is_bounded() {
        let _serial = crate::tests::serial();
        for _ in 0..DEFAULT_FRAME_WINDOW + 10 {
            end_frame();
        }
        let snap = snapshot();
        assert_eq!(snap.frames.len(), DEFAULT_FRAME_WINDOW);
        assert!(snap.frames_total >= (DEFAULT_FRAME_WINDOW + 10) as u64);
    }
}
