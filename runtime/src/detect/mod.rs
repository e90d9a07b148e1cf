//! Where a leak is decided. Each detector (one file each, behind
//! [`Detector`]) looks at a finished frame (and the window of frames before
//! it) once, at the frame boundary, with its own state only, and returns its
//! findings; [`Detectors`] raises them as [`Warning`]s blamed on the source
//! line that causes it. Every detector sees the same [`Input`] (the warnings
//! raised before this frame, never those of another detector in it), so
//! their order does not matter.
//!
//! - **unreleased callback**: a site whose `Closure`s stay alive (never
//!   released, or given to JS for good) and pile up in more than one frame;
//!   a closure made once at start-up is not one.
//! - **growing handle cache**: a collection of JS handles that annotated
//!   code inserts into (`self.nodes.insert(k, el)`) only grows over the
//!   window: names the collection as written and the insertion site.
//! - **live handles growing**: `externref_heap_live_count()` grows over the
//!   window with no collection to blame: names the sites that made the most
//!   handles in it.
//! - **detached view**: wasm memory grew after a site made a typed-array
//!   view, and the site did not make a new one in that frame: a view kept
//!   from before reads zeros now. A site whose views the macros see read
//!   and dropped within their call (`Site::drops_its_views`) keeps none.
//! - **per-element copy**: an element-by-element method (`set_index`,
//!   `get_index`, a JS array's `push`/`get`/`set`) called from one site at
//!   least `element_calls` times in a frame: one crossing per element where
//!   a bulk copy crosses once.
//! - **heap growing**: a site's Rust bytes alive (counted by
//!   [`Alloc`](crate::Alloc), when the app installs it) keep growing over
//!   the window while the page stays the same size.
//! - **long frame**: a frame or turn whose own work (the time the thread
//!   spent in wasm for it, the ledger's own work left out) passed
//!   `long_frame_ms`: the page could not repaint or answer input meanwhile.
//!   Names the sites that crossed most in it.

mod caches;
mod callbacks;
mod elements;
mod heap;
mod live_handles;
mod long_frame;
mod objects;
mod views;

use std::collections::VecDeque;

use crate::config::Config;
use crate::frame::Frame;
use crate::site::Site;
use crate::tally::Mode;
use crate::warning::{Warning, WarningKind};

/// What every detector is given at a frame boundary, read once.
pub(crate) struct Input<'a> {
    /// The finished frame (already last in `history`).
    pub(crate) frame: &'a Frame,
    pub(crate) history: &'a VecDeque<Frame>,
    /// Wasm memory, in 64 KiB pages.
    pub(crate) pages: Option<u64>,
    pub(crate) config: &'a Config,
    pub(crate) ask: &'a Ask<'a>,
    /// The mode the frame was counted in.
    pub(crate) mode: Mode,
    /// What the boundaries are: `frame`s, or `turn`s.
    pub(crate) unit: &'static str,
    /// The warnings raised before this frame.
    pub(crate) active: &'a [Warning],
    /// See [`Ask::cache_lens`].
    pub(crate) cache_lens: &'a [(&'static Site, u64)],
    /// See [`Ask::heap`].
    pub(crate) heap: &'a [(&'static Site, u64)],
}

/// A leak found in a frame: what kind, where, and the message to print.
pub(crate) struct Finding {
    pub(crate) kind: WarningKind,
    pub(crate) site: Option<&'static Site>,
    pub(crate) message: String,
}

/// One detector: its own state, updated by each finished frame, and the
/// findings of that frame.
pub(crate) trait Detector {
    fn observe(&mut self, input: &Input<'_>, found: &mut Vec<Finding>);
}

/// Adds `now` to the last `window` samples; `Some((first, last))` when the
/// count keeps growing: the window is full, the count never fell, it rose
/// by at least `growth`, it rose in each quarter of the window, and it is
/// still rising at the end (its last eighth set a new high). A count that
/// filled to a bound and stays there (a ring, a pool, an LRU once full),
/// one that jumped once (a page built at start-up), or one that falls now
/// and then (a map cleared from time to time) is not growing.
fn keeps_growing(
    samples: &mut VecDeque<u64>,
    now: u64,
    window: usize,
    growth: u64,
) -> Option<(u64, u64)> {
    samples.push_back(now);
    while samples.len() > window {
        samples.pop_front();
    }
    if samples.len() < window {
        return None;
    }
    let (first, last) = (samples[0], samples[samples.len() - 1]);
    let never_fell = samples
        .iter()
        .zip(samples.iter().skip(1))
        .all(|(a, b)| b >= a);
    // Never fell: a part of the window rose when it ends higher than it
    // began.
    let n = samples.len();
    let rose = |from: usize, to: usize| samples[to.min(n - 1)] > samples[from.min(n - 1)];
    let every_quarter = (0..4).all(|q| rose(q * n / 4, (q + 1) * n / 4));
    let still_rising = rose(n - 1 - (n / 8).max(1), n - 1);
    (never_fell && every_quarter && still_rising && last >= first.saturating_add(growth))
        .then_some((first, last))
}

/// What the detectors ask the probe when a warning needs it: the exported
/// objects alive, per type; how many of a whole-app row's closures nodes of
/// the page hold.
pub(crate) struct Ask<'a> {
    pub(crate) objects_by_type: &'a dyn Fn() -> Vec<(String, u64)>,
    pub(crate) page_held: &'a dyn Fn(&'static Site) -> Option<u64>,
    /// Of the closures alive a site made, those JS alone holds, which its
    /// garbage collector frees (see `rows::js_frees`).
    pub(crate) js_frees: &'a dyn Fn(&'static Site) -> Option<u64>,
    /// Of the live JS handles, those of the page (connected DOM nodes,
    /// closures listening on one).
    pub(crate) page_handles: &'a dyn Fn() -> Option<u64>,
    /// The views JS kept that Rust still holds and that are detached, by
    /// the site that made them; `None` where the probe cannot tell.
    pub(crate) detached_views: &'a dyn Fn() -> Option<Vec<(&'static Site, u64)>>,
    /// The length of each collection of JS handles annotated code inserts
    /// into, by its insertion site (read from the sites, not the frame:
    /// a cache is sampled in frames that do not insert too).
    pub(crate) cache_lens: &'a dyn Fn() -> Vec<(&'static Site, u64)>,
    /// Each annotated site's Rust bytes alive (empty unless the app
    /// installed [`Alloc`](crate::Alloc)); read each frame, from wasm memory.
    pub(crate) heap: &'a dyn Fn() -> Vec<(&'static Site, u64)>,
    /// How many elements the page has (`None`: no page).
    pub(crate) page_nodes: &'a dyn Fn() -> Option<u64>,
}

/// The lengths of the collections of JS handles the sites insert into.
pub(crate) fn cache_lens() -> Vec<(&'static Site, u64)> {
    Site::all()
        .filter_map(|site| Some((site, site.cache_len()?)))
        .collect()
}

/// Asks nothing: no exported objects, no page (the host's tests).
#[cfg(test)]
const NOTHING: Ask<'static> = Ask {
    objects_by_type: &Vec::new,
    page_held: &|_| None,
    js_frees: &|_| None,
    page_handles: &|| None,
    detached_views: &|| None,
    cache_lens: &cache_lens,
    heap: &Vec::new,
    page_nodes: &|| None,
};

/// The detectors and the warnings they raised; lives in the ledger.
#[derive(Default)]
pub(crate) struct Detectors {
    callbacks: callbacks::Callbacks,
    caches: caches::Caches,
    live_handles: live_handles::LiveHandles,
    objects: objects::ExportedObjects,
    views: views::Views,
    elements: elements::Elements,
    long_frames: long_frame::LongFrames,
    heap: heap::Heap,
    pub(crate) warnings: Vec<Warning>,
}

impl Detectors {
    /// Looks at a finished frame (already in `history`, last); returns the
    /// warnings found for the first time. `ask` answers what a detector
    /// needs of the probe; `mode` is the one the frame was counted in.
    pub(crate) fn observe(
        &mut self,
        frame: &Frame,
        history: &VecDeque<Frame>,
        pages: Option<u64>,
        config: &Config,
        ask: &Ask<'_>,
        mode: Mode,
    ) -> Vec<Warning> {
        let cache_lens = (ask.cache_lens)();
        let heap = (ask.heap)();
        let input = Input {
            frame,
            history,
            pages,
            config,
            ask,
            mode,
            unit: if frame.turn { "turn" } else { "frame" },
            active: &self.warnings,
            cache_lens: &cache_lens,
            heap: &heap,
        };
        let mut found = Vec::new();
        let detectors: [&mut dyn Detector; 8] = [
            &mut self.callbacks,
            &mut self.caches,
            &mut self.live_handles,
            &mut self.objects,
            &mut self.views,
            &mut self.elements,
            &mut self.long_frames,
            &mut self.heap,
        ];
        for d in detectors {
            d.observe(&input, &mut found);
        }
        // A growing cache or callbacks piling up already explain growing
        // handles.
        let explains = |kind: WarningKind| {
            matches!(
                kind,
                WarningKind::GrowingCache | WarningKind::UnreleasedCallback
            )
        };
        if found.iter().any(|f| explains(f.kind)) || self.warnings.iter().any(|w| explains(w.kind))
        {
            found.retain(|f| f.kind != WarningKind::LiveHandlesGrowing);
        }
        let mut new = Vec::new();
        for f in found {
            raise(
                &mut self.warnings,
                &mut new,
                f.kind,
                f.site,
                f.message,
                frame.index,
            );
        }
        new
    }

    /// A warning raised where it happens (not at a frame boundary); `Some`
    /// the first time.
    pub(crate) fn raise_now(
        &mut self,
        kind: WarningKind,
        site: &'static Site,
        frame: u64,
    ) -> Option<Warning> {
        let message = match kind {
            WarningKind::DroppedWhileHeld => "a `Closure` handed to JS here was dropped at the end of its scope while JS \
                still holds it: JS's next call fails with \"closure invoked recursively or after being dropped\". \
                Keep it alive as long as JS may call it (store it, and remove the listener in `Drop`), or, if it lives \
                as long as the page, give it to JS for good with `forget`."
                .to_string(),
            _ => String::new(),
        };
        let mut new = Vec::new();
        raise(
            &mut self.warnings,
            &mut new,
            kind,
            Some(site),
            message,
            frame,
        );
        new.pop()
    }
}

/// Adds or refreshes the warning of `kind` at `site`.
fn raise(
    all: &mut Vec<Warning>,
    new: &mut Vec<Warning>,
    kind: WarningKind,
    site: Option<&'static Site>,
    message: String,
    frame: u64,
) {
    let same = |w: &Warning| {
        w.kind == kind && w.site.map(|s| s as *const Site) == site.map(|s| s as *const Site)
    };
    match all.iter_mut().find(|w| same(w)) {
        Some(w) => {
            w.message = message;
            w.last_frame = frame;
        }
        None => {
            let w = Warning {
                kind,
                site,
                message,
                first_frame: frame,
                last_frame: frame,
            };
            all.push(w.clone());
            new.push(w);
        }
    }
}

#[cfg(test)]
mod tests;
