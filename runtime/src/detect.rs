//! Where a leak is decided. Each detector looks at a finished frame (and the
//! window of frames before it) once, at the frame boundary, and raises a
//! [`Warning`] blamed on the source line that causes it.
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
//! - **long frame**: a frame or turn whose own work (the time the thread
//!   spent in wasm for it, the ledger's own work left out) passed
//!   `long_frame_ms`: the page could not repaint or answer input meanwhile.
//!   Names the sites that crossed most in it.

use std::collections::HashMap;
use std::collections::VecDeque;
use std::fmt::Write;

use crate::config::Config;
use crate::frame::Frame;
use crate::site::{Origin, Site};
use crate::tally::Mode;
use crate::warning::{Warning, WarningKind};

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

/// Frames (or turns) after start-up, or after a reset, whose long frames do
/// not count towards recurring ones: the engine is still warming up.
const WARM_UP: u64 = 30;

/// ...or this much time of frames, whichever ends first: where every frame
/// is slow, 30 of them would hide a page that has frozen for seconds.
const WARM_UP_MS: f64 = 2000.0;

/// Per-site memory of the detectors.
struct SiteState {
    site: &'static Site,
    created: u64,
    released: u64,
    /// Closures of this site handed to JS for good (`forget`,
    /// `into_js_value`, `once_into_js`).
    given: u64,
    /// Frames in which the unreleased closures of this site reached a new
    /// high.
    piling_frames: u64,
    high: u64,
    first_frame: u64,
    /// Closures alive at each frame end, for closures Rust keeps.
    alive: VecDeque<u64>,
    /// The last frame in which the site made, released or gave closures.
    active_frame: u64,
}

impl SiteState {
    /// A row of the whole app (closures made outside annotated code): its
    /// count of closures alive is sampled at each change, not each frame.
    fn by_change(&self) -> bool {
        self.site.origin() == Origin::Made
    }
}

/// What the detectors ask the probe when a warning needs it: the exported
/// objects alive, per type; how many of a whole-app row's closures nodes of
/// the page hold.
pub(crate) struct Ask<'a> {
    pub(crate) objects_by_type: &'a dyn Fn() -> Vec<(String, u64)>,
    pub(crate) page_held: &'a dyn Fn(&'static Site) -> Option<u64>,
    /// Of the live JS handles, those of the page (connected DOM nodes,
    /// closures listening on one).
    pub(crate) page_handles: &'a dyn Fn() -> Option<u64>,
    /// The views JS kept that Rust still holds and that are detached, by
    /// the site that made them; `None` where the probe cannot tell.
    pub(crate) detached_views: &'a dyn Fn() -> Option<Vec<(&'static Site, u64)>>,
}

/// Asks nothing: no exported objects, no page (the host's tests).
#[cfg(test)]
const NOTHING: Ask<'static> = Ask {
    objects_by_type: &Vec::new,
    page_held: &|_| None,
    page_handles: &|| None,
    detached_views: &|| None,
};

/// The detectors' state; lives in the ledger.
#[derive(Default)]
pub(crate) struct Detectors {
    sites: HashMap<usize, SiteState>,
    view_sites: Vec<&'static Site>,
    /// Sites and rows where the probe saw JS keep a view of wasm memory.
    kept_sites: Vec<&'static Site>,
    /// Length at each frame end, per insertion site into a handle collection.
    caches: HashMap<usize, VecDeque<u64>>,
    /// Live JS handles at each frame end.
    live: VecDeque<u64>,
    /// Exported objects alive at each frame end (exact mode).
    objects: VecDeque<u64>,
    pub(crate) warnings: Vec<Warning>,
    /// What the boundaries are: `frame`s, or `turn`s.
    unit: &'static str,
    /// Long frames so far, the longest one's own time, and the indices of
    /// the recent ones.
    long: u64,
    longest_ms: f64,
    recent_long: VecDeque<u64>,
    /// The frames' time so far (up to the end of the warm-up).
    warm_ms: f64,
}

impl Detectors {
    /// Looks at a finished frame (already in `history`, last); returns the
    /// warnings found for the first time. `objects_by_type` names the
    /// exported objects alive, per type, when a warning needs it; `mode` is
    /// the one the frame was counted in.
    pub(crate) fn observe(
        &mut self,
        frame: &Frame,
        history: &VecDeque<Frame>,
        pages: Option<u64>,
        config: &Config,
        ask: &Ask<'_>,
        mode: Mode,
    ) -> Vec<Warning> {
        self.unit = if frame.turn { "turn" } else { "frame" };
        let mut new = Vec::new();
        let (objects_by_type, page_held) = (ask.objects_by_type, ask.page_held);
        self.callbacks(frame, config, mode, page_held, &mut new);
        self.caches(frame, config, &mut new);
        self.live_handles(frame, history, config, ask.page_handles, &mut new);
        self.exported_objects(frame, config, objects_by_type, &mut new);
        self.views(frame, pages, ask.detached_views, &mut new);
        self.elements(frame, config, &mut new);
        self.long_frame(frame, config, &mut new);
        new
    }

    /// A frame whose own work passed the long-task line: blamed on the site
    /// that crossed most in it (none when no annotated site crossed).
    fn long_frame(&mut self, frame: &Frame, config: &Config, new: &mut Vec<Warning>) {
        let warm = frame.index >= WARM_UP || self.warm_ms >= WARM_UP_MS;
        if !warm {
            self.warm_ms += frame.duration_ms.or(frame.app_ms()).unwrap_or(0.0);
        }
        if !frame.is_long(config) {
            return;
        }
        let ms = frame.app_ms().unwrap_or(0.0);
        self.long += 1;
        self.longest_ms = self.longest_ms.max(ms);
        // Recurring, or one that froze the page for all to see.
        let window = config.cache_window.max(1) as u64;
        // The first frames after start-up run while the engine still
        // compiles the hot code (debug builds: 50-60 ms now and then): they
        // do not count towards recurring (the first 30, or 2 s of frames).
        if warm {
            self.recent_long.push_back(frame.index);
        }
        while self
            .recent_long
            .front()
            .is_some_and(|&i| i + window <= frame.index)
        {
            self.recent_long.pop_front();
        }
        let recurring = self.recent_long.len() as u64 >= u64::from(config.long_frames.max(1));
        if !recurring && ms <= 4.0 * f64::from(config.long_frame_ms) {
            return;
        }
        let mut message = format!(
            "{u} {i} took {ms:.1} ms of work, over the {line} ms line (the ledger's own work, {own:.1} ms, left out): the page could not repaint or answer input meanwhile; {n} long {u}s so far ({r} in the last {window}), the longest {max:.1} ms.",
            u = self.unit,
            i = frame.index,
            line = config.long_frame_ms,
            own = frame.ledger_ms.unwrap_or(0.0),
            n = self.long,
            r = self.recent_long.len(),
            max = self.longest_ms,
        );
        let busiest: Vec<_> = frame
            .sites
            .iter()
            .filter(|s| s.tally.crossings > 0)
            .take(3)
            .collect();
        if busiest.is_empty() {
            message.push_str(" No annotated site crossed in it: the time went to Rust (or to JS called from code that is not annotated).");
        } else {
            message.push_str(" Crossed most in it:");
            for (i, s) in busiest.iter().enumerate() {
                let _ = write!(
                    message,
                    "{} {} ({}) {}",
                    if i == 0 { "" } else { "," },
                    s.site.func(),
                    s.site,
                    s.tally.crossings
                );
            }
            message.push('.');
        }
        message.push_str(" Spread the work over several frames (or move it to a worker), and cross less: one bulk call instead of many small ones.");
        raise(
            &mut self.warnings,
            new,
            WarningKind::LongFrame,
            busiest.first().map(|s| s.site),
            message,
            frame.index,
        );
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

    /// Closures that stay alive. Handed to JS for good (`forget`,
    /// `into_js_value`, `once_into_js`), a site's closures piling up in more
    /// than `callback_frames` frames are a callback made per event; kept by
    /// Rust (in a field, a list item: released when their owner goes), they
    /// are judged as a collection is, by whether their number keeps growing
    /// over `cache_window` frames (a list of items, each with its listeners,
    /// grows and shrinks with what the user does).
    ///
    /// Closures made where no annotated code ran are judged per line that
    /// made them (rows of origin `Made`), as closures Rust keeps (the probe
    /// cannot see a `forget`); those that nodes of the page hold, each on
    /// its own connected node (`page_held`), grow with the page and are
    /// left out of the count. A row with no line (`Lumped`) is never
    /// judged: it has no place to act on.
    fn callbacks(
        &mut self,
        frame: &Frame,
        config: &Config,
        mode: Mode,
        page_held: &dyn Fn(&'static Site) -> Option<u64>,
        new: &mut Vec<Warning>,
    ) {
        let made = frame
            .elsewhere_sites
            .iter()
            .filter(|s| s.site.origin() == Origin::Made);
        for s in frame.sites.iter().chain(made) {
            let t = &s.tally;
            if t.closures_created == 0 && t.closures_released == 0 && t.closures_given == 0 {
                continue;
            }
            // A site whose releases the estimate cannot see would look like
            // a leak; the probe sees every release.
            if s.site.release_unseen() && !mode.closures {
                continue;
            }
            let state = self
                .sites
                .entry(s.site as *const Site as usize)
                .or_insert_with(|| SiteState {
                    site: s.site,
                    created: 0,
                    released: 0,
                    given: 0,
                    piling_frames: 0,
                    high: 0,
                    first_frame: frame.index,
                    alive: VecDeque::new(),
                    active_frame: frame.index,
                });
            state.active_frame = frame.index;
            state.created += t.closures_created;
            state.released += t.closures_released;
            state.given += t.closures_given;
            let alive = state.created.saturating_sub(state.released);
            if alive > state.high {
                state.high = alive;
                state.piling_frames += 1;
            }
            if state.by_change() {
                // Its count, at each frame (or turn) in which it changed: a
                // framework's app has many turns per user action
                // (microtasks, the event itself), and only the changes say
                // whether closures pile up.
                let window = config.cache_growth.max(1) as usize + 1;
                state.alive.push_back(alive);
                while state.alive.len() > window {
                    state.alive.pop_front();
                }
            }
        }
        let window = config.cache_window.max(2);
        for state in self.sites.values_mut() {
            let alive = state.created.saturating_sub(state.released);
            let frames = frame.index - state.first_frame + 1;
            let message = if state.by_change() {
                // Judged in the frames it changes in: the last
                // `cache_growth` changes all made closures and released
                // none, beyond those nodes of the page hold (a list item's
                // own listeners grow with the page, not as a leak does).
                let growth = u64::from(config.cache_growth.max(1));
                let (Some(&first), Some(&last)) = (state.alive.front(), state.alive.back()) else {
                    continue;
                };
                let never_fell = state
                    .alive
                    .iter()
                    .zip(state.alive.iter().skip(1))
                    .all(|(a, b)| b > a);
                if state.active_frame != frame.index
                    || state.alive.len() as u64 <= growth
                    || !never_fell
                    || last < first.saturating_add(growth)
                {
                    continue;
                }
                let held = page_held(state.site).unwrap_or(0);
                if last.saturating_sub(held) < growth {
                    continue;
                }
                format!(
                    "{} closures made here by code that is not annotated, {} still alive, and the last {growth} \
                     {}s that changed them each made more and released none{}: a callback made per event. Make \
                     it once and reuse it, or keep what the library returns and drop it (or remove the listener) \
                     when done.",
                    state.created,
                    alive,
                    self.unit,
                    if held > 0 {
                        format!(" ({held} of them held by nodes of the page)")
                    } else {
                        String::new()
                    }
                )
            } else if state.given > 0 {
                // Judged (and its warning kept up to date) in the frames
                // it is active in.
                if state.active_frame != frame.index
                    || state.piling_frames < u64::from(config.callback_frames.max(2))
                    || alive < 2
                {
                    continue;
                }
                format!(
                    "{} closures made, {} still alive, over {} {}s: a callback made per event or per frame. \
                     Make it once and reuse it, or keep the `Closure` and drop it when done \
                     (remove the listener in `Drop`, as gloo-events' `EventListener` does).",
                    state.created, alive, frames, self.unit
                )
            } else {
                let growth = u64::from(config.cache_growth.max(1));
                let Some((first, last)) = keeps_growing(&mut state.alive, alive, window, growth)
                else {
                    continue;
                };
                // Listeners of the nodes on the page (a list's rows, each
                // with its own, released when the row goes) grow with the
                // page: only what the page does not hold is judged. Asked
                // of the probe only once the count has grown.
                let held = page_held(state.site).unwrap_or(0);
                if last.saturating_sub(held) < first.saturating_add(growth) {
                    continue;
                }

                format!(
                    "{} closures made, kept by Rust code (never handed to JS for good), and the ones alive went \
                     from {first} to {last} over the last {window} {}s without falling{}: each keeps its JS \
                     function and table slot. Drop the `Closure`s whose owner is gone (remove the listener in \
                     `Drop`), or make one and share it.",
                    state.created,
                    self.unit,
                    if held > 0 {
                        format!(" ({held} of them held by nodes of the page)")
                    } else {
                        String::new()
                    }
                )
            };
            raise(
                &mut self.warnings,
                new,
                WarningKind::UnreleasedCallback,
                Some(state.site),
                message,
                frame.index,
            );
        }
    }

    fn caches(&mut self, frame: &Frame, config: &Config, new: &mut Vec<Warning>) {
        let window = config.cache_window.max(2);
        for site in Site::all() {
            let Some(len) = site.cache_len() else {
                continue;
            };
            // The annotated code bounds it (removes from it, clears it, or
            // compares its length with a limit): it fills and stays.
            if site.is_bounded() {
                continue;
            }
            let lens = self.caches.entry(site as *const Site as usize).or_default();
            if let Some((first, last)) =
                keeps_growing(lens, len, window, u64::from(config.cache_growth.max(1)))
            {
                let what = if site.label().is_empty() {
                    "a collection"
                } else {
                    site.label()
                };
                let message = format!(
                    "`{what}` holds JS handles and grew from {first} to {last} entries over the last {window} {u}s \
                     without shrinking; each entry pins a JS object the garbage collector cannot free. Remove the \
                     entries you no longer need (`remove`, `retain`, `clear`), or bound it (an LRU).",
                    u = self.unit
                );
                raise(
                    &mut self.warnings,
                    new,
                    WarningKind::GrowingCache,
                    Some(site),
                    message,
                    frame.index,
                );
            }
        }
    }

    fn live_handles(
        &mut self,
        frame: &Frame,
        history: &VecDeque<Frame>,
        config: &Config,
        page_handles: &dyn Fn() -> Option<u64>,
        new: &mut Vec<Warning>,
    ) {
        let Some(live) = frame.live_handles else {
            return;
        };
        let window = config.live_window.max(2);
        let grew = keeps_growing(
            &mut self.live,
            u64::from(live),
            window,
            u64::from(config.live_growth),
        );
        // A growing cache or callbacks piling up already explain growing
        // handles.
        let blamed = self.warnings.iter().any(|w| {
            matches!(
                w.kind,
                WarningKind::GrowingCache | WarningKind::UnreleasedCallback
            )
        });
        let Some((first, last)) = grew.filter(|_| !blamed) else {
            return;
        };
        // Handles of the page (a list's rows, their listeners) grow with the
        // page: only what the page does not hold is judged. Asked of the
        // probe only once the count has grown.
        let page = page_handles().unwrap_or(0);
        if last.saturating_sub(page) < first.saturating_add(u64::from(config.live_growth)) {
            return;
        }
        // Blame the sites that made the most handles in the window.
        let mut makers: Vec<(&'static Site, u64)> = Vec::new();
        for f in history.iter().rev().take(window) {
            for s in f.sites.iter().filter(|s| s.tally.handles > 0) {
                match makers
                    .iter_mut()
                    .find(|(site, _)| core::ptr::eq(*site, s.site))
                {
                    Some((_, n)) => *n += s.tally.handles,
                    None => makers.push((s.site, s.tally.handles)),
                }
            }
        }
        makers.sort_by_key(|m| core::cmp::Reverse(m.1));
        let mut message = format!(
            "{} live JS handles, up from {} over the last {} {}s and never down; handles are made and kept somewhere",
            last, first, window, self.unit
        );
        for (i, (site, n)) in makers.iter().take(3).enumerate() {
            let _ = write!(
                message,
                "{}{} made by {} ({})",
                if i == 0 { ": " } else { ", " },
                n,
                site.func(),
                site
            );
        }
        message.push_str(
            ". Drop the handles you no longer need, or bound the collection that holds them.",
        );
        raise(
            &mut self.warnings,
            new,
            WarningKind::LiveHandlesGrowing,
            makers.first().map(|m| m.0),
            message,
            frame.index,
        );
    }

    /// Exported objects that JS keeps making and never frees: their
    /// finalization registry may never run while the page is busy
    /// (wasm-bindgen #3903), so only `free()` releases them. Judged like
    /// live handles: over `live_window` frames, never down, up by at least
    /// `live_growth`.
    fn exported_objects(
        &mut self,
        frame: &Frame,
        config: &Config,
        objects_by_type: &dyn Fn() -> Vec<(String, u64)>,
        new: &mut Vec<Warning>,
    ) {
        let Some(live) = frame.live_objects else {
            return;
        };
        let window = config.live_window.max(2);
        let Some((first, last)) = keeps_growing(
            &mut self.objects,
            live,
            window,
            u64::from(config.live_growth),
        ) else {
            return;
        };
        // Naming the types asks the probe (one call into JS): when first
        // found, then once a window while it goes on.
        let known = self
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::ExportedObjectsGrowing);
        if known && !frame.index.is_multiple_of(window as u64) {
            return;
        }
        let mut message = format!(
            "{last} exported objects alive, up from {first} over the last {window} {u}s and never down",
            u = self.unit
        );
        for (i, (ty, n)) in objects_by_type().iter().take(3).enumerate() {
            let _ = write!(message, "{}{n} {ty}", if i == 0 { ": " } else { ", " });
        }
        message.push_str(
            ". JS makes them and never calls `free()`; their finalization registry may never run while \
             the page is busy (wasm-bindgen #3903). Call `free()` when done (or `using` them), or keep \
             one and reuse it.",
        );
        raise(
            &mut self.warnings,
            new,
            WarningKind::ExportedObjectsGrowing,
            None,
            message,
            frame.index,
        );
    }

    fn elements(&mut self, frame: &Frame, config: &Config, new: &mut Vec<Warning>) {
        let limit = config.element_calls.max(1);
        for s in frame
            .sites
            .iter()
            .filter(|s| s.site.is_element() && s.tally.crossings >= limit)
        {
            let message = format!(
                "{} element-by-element calls from this line in {} {}, one crossing each; copy the whole \
                 buffer in one crossing (`copy_from`, `copy_to`, `to_vec`, `Uint8Array::from(&slice[..])`).",
                s.tally.crossings, self.unit, frame.index
            );
            raise(
                &mut self.warnings,
                new,
                WarningKind::PerElementCopy,
                Some(s.site),
                message,
                frame.index,
            );
        }
    }

    fn views(
        &mut self,
        frame: &Frame,
        pages: Option<u64>,
        detached: &dyn Fn() -> Option<Vec<(&'static Site, u64)>>,
        new: &mut Vec<Warning>,
    ) {
        // A site whose views are dropped by the call that made them keeps
        // none across a frame's end.
        for s in frame
            .sites
            .iter()
            .filter(|s| s.tally.views > 0 && !s.site.drops_its_views())
        {
            if !self.view_sites.iter().any(|v| core::ptr::eq(*v, s.site)) {
                self.view_sites.push(s.site);
            }
        }
        // Sites and rows whose views the probe saw JS keep: judged by what
        // the probe finds (held by Rust, and detached), not by the rule.
        for s in frame.sites.iter().chain(&frame.elsewhere_sites) {
            if s.tally.views_kept > 0 && !self.kept_sites.iter().any(|v| core::ptr::eq(*v, s.site))
            {
                self.kept_sites.push(s.site);
            }
        }
        let Some(pages) = pages else { return };
        if frame.memory_growth == 0 {
            return;
        }
        let found = if self.kept_sites.is_empty() {
            None
        } else {
            detached()
        };
        if let Some(found) = &found {
            for &(site, n) in found {
                let message = format!(
                    "wasm memory grew by {} bytes in {} {}, and {n} typed-array view{} of wasm memory made here                      {} still held and detached: {} zeros. Re-create the view from `memory.buffer` at each use, or copy                      (`to_vec`, `copy_to`).",
                    frame.memory_growth,
                    self.unit,
                    frame.index,
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "is" } else { "are" },
                    if n == 1 { "it reads" } else { "they read" },
                );
                raise(
                    &mut self.warnings,
                    new,
                    WarningKind::DetachedView,
                    Some(site),
                    message,
                    frame.index,
                );
            }
        }
        for &site in &self.view_sites {
            if found.is_some() && self.kept_sites.iter().any(|k| core::ptr::eq(*k, site)) {
                continue;
            }
            let made_now = frame.site(site).is_some_and(|t| t.views > 0);
            if u64::from(site.view_pages()) < pages && !made_now {
                let message = format!(
                    "wasm memory grew by {} bytes in {} {} after this site made a typed-array view; a view kept \
                     from before is detached and reads zeros. Re-create the view from `memory.buffer` at each use, or copy \
                     (`to_vec`, `copy_to`).",
                    frame.memory_growth, self.unit, frame.index
                );
                raise(
                    &mut self.warnings,
                    new,
                    WarningKind::DetachedView,
                    Some(site),
                    message,
                    frame.index,
                );
            }
        }
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
mod tests {
    use super::*;
    use crate::frame::SiteTally;
    use crate::tally::Tally;

    static MAKER: Site = Site::new("on_click", "src/app.rs", 40, 9);
    static ONCE: Site = Site::new("start", "src/app.rs", 10, 5);
    static VIEW: Site = Site::new("upload", "src/app.rs", 70, 13);
    static READ_VIEW: Site =
        Site::new("serialize_bytes", "src/ser.rs", 392, 41).dropping_its_views();

    fn frame(index: u64, sites: Vec<SiteTally>, live: u32, growth: u64) -> Frame {
        let mut tally = Tally::default();
        for s in &sites {
            tally.add(&s.tally);
        }
        Frame {
            index,
            tally,
            sites,
            elsewhere: Tally::default(),
            elsewhere_sites: Vec::new(),
            memory_growth: growth,
            live_handles: Some(live),
            duration_ms: None,
            overflow_sites: 0,
            js_calls: 0,
            live_objects: None,
            turn: false,
            work_ms: None,
            ledger_ms: None,
            memory_bytes: None,
        }
    }

    /// Closures made and released at `site`; those not released were
    /// handed to JS for good (`forget`).
    fn closures(site: &'static Site, created: u64, released: u64) -> SiteTally {
        SiteTally {
            site,
            tally: Tally {
                closures_created: created,
                closures_released: released,
                closures_given: created - released,
                ..Tally::default()
            },
        }
    }

    /// Closures made and released at `site`, kept by Rust (never given).
    fn kept(site: &'static Site, created: u64, released: u64) -> SiteTally {
        SiteTally {
            site,
            tally: Tally {
                closures_created: created,
                closures_released: released,
                ..Tally::default()
            },
        }
    }

    fn run(frames: Vec<Frame>, config: &Config) -> Detectors {
        run_asking(frames, config, &NOTHING)
    }

    /// [`run`], with what the detectors ask of the probe answered by `ask`.
    fn run_asking(frames: Vec<Frame>, config: &Config, ask: &Ask<'_>) -> Detectors {
        let mut d = Detectors::default();
        let mut history = VecDeque::new();
        for f in frames {
            history.push_back(f.clone());
            d.observe(&f, &history, Some(16), config, ask, Mode::default());
        }
        d
    }

    #[test]
    fn long_frames_warn_when_they_recur_or_freeze_the_page_and_never_for_the_ledgers_own_work() {
        let _serial = crate::tests::serial();
        static BUSY: Site = Site::new("draw", "src/draw.rs", 12, 9);
        let crossing = |n: u64| SiteTally {
            site: &BUSY,
            tally: Tally {
                crossings: n,
                ..Tally::default()
            },
        };
        // (index, work, the ledger's part of it).
        let timed = |i: u64, work: f64, ledger: f64| Frame {
            work_ms: Some(work),
            ledger_ms: Some(ledger),
            ..frame(i, vec![crossing(5000)], 10, 0)
        };
        let config = Config::default();
        let long = |frames: Vec<Frame>| -> Vec<Warning> {
            run(frames, &config)
                .warnings
                .into_iter()
                .filter(|w| w.kind == WarningKind::LongFrame)
                .collect()
        };
        // Start-up (frame 0) is the start-up line's; one 60 ms frame now
        // and then, or 70 ms of which 30 the ledger's, is nothing.
        let quiet: Vec<Frame> = (0..200)
            .map(|i| match i {
                0 => timed(i, 400.0, 0.0),
                50 | 180 => timed(i, 60.0, 0.0),
                _ => timed(i, 70.0, 30.0),
            })
            .collect();
        assert!(long(quiet).is_empty());
        // Three long frames within the window: warned at the busiest site.
        let recurring: Vec<Frame> = (0..80)
            .map(|i| {
                if i % 10 == 5 {
                    timed(i, 80.0, 1.0)
                } else {
                    timed(i, 10.0, 1.0)
                }
            })
            .collect();
        let w = long(recurring);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(core::ptr::eq(w[0].site.unwrap(), &BUSY));
        assert_eq!(w[0].first_frame, 55, "the warm-up's 5, 15, 25 do not count");
        assert!(
            w[0].message
                .starts_with("frame 75 took 79.0 ms of work, over the 50 ms line"),
            "{}",
            w[0].message
        );
        assert!(
            w[0].message.contains("draw (src/draw.rs:12:9) 5000"),
            "{}",
            w[0].message
        );
        // Every frame slow (150 ms, a page frozen for seconds): the
        // warm-up ends after 2 s of frames, long before 30 of them.
        let slow: Vec<Frame> = (0..25).map(|i| timed(i, 150.0, 0.0)).collect();
        let w = long(slow);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].first_frame, 16, "2 s after start: frames 14, 15, 16");
        // One frame over four times the line: at once.
        let frozen = vec![
            timed(0, 1.0, 0.0),
            timed(1, 10.0, 0.0),
            timed(2, 250.0, 0.0),
        ];
        assert_eq!(long(frozen).len(), 1);
        // Off with a line of 0.
        let off = Config {
            long_frame_ms: 0,
            ..Config::default()
        };
        let frozen = vec![timed(0, 1.0, 0.0), timed(1, 900.0, 0.0)];
        assert!(run(frozen, &off)
            .warnings
            .iter()
            .all(|w| w.kind != WarningKind::LongFrame));
    }

    #[test]
    fn exported_objects_that_only_grow_are_warned_and_a_freed_pool_is_not() {
        // Sites are process-wide: the cache detector sees every one.
        let _serial = crate::tests::serial();
        let config = Config {
            live_window: 10,
            live_growth: 20,
            ..Config::default()
        };
        let objects = |counts: &dyn Fn(u64) -> u64| {
            let mut d = Detectors::default();
            let mut history = VecDeque::new();
            for i in 0..30 {
                let f = Frame {
                    live_objects: Some(counts(i)),
                    ..frame(i, vec![], 10, 0)
                };
                history.push_back(f.clone());
                d.observe(
                    &f,
                    &history,
                    Some(16),
                    &config,
                    &Ask {
                        objects_by_type: &|| vec![("Particle".to_string(), counts(i))],
                        page_held: &|_| None,
                        page_handles: &|| None,
                        detached_views: &|| None,
                    },
                    Mode::default(),
                );
            }
            d.warnings
        };
        let growing = objects(&|i| 3 * i);
        assert_eq!(growing.len(), 1, "{growing:?}");
        assert_eq!(growing[0].kind, WarningKind::ExportedObjectsGrowing);
        assert!(
            growing[0].message.contains("Particle"),
            "{}",
            growing[0].message
        );
        assert!(
            objects(&|i| 50 + i % 7).is_empty(),
            "made and freed: no warning"
        );
        assert!(objects(&|_| 400).is_empty(), "many, but not growing");
    }

    #[test]
    fn a_closure_made_every_frame_and_kept_is_an_unreleased_callback() {
        // Sites are process-wide: the cache detector sees every one.
        let _serial = crate::tests::serial();
        let d = run(
            (0..5)
                .map(|i| frame(i, vec![closures(&MAKER, 1, 0)], 10, 0))
                .collect(),
            &Config::default(),
        );
        assert_eq!(d.warnings.len(), 1);
        let w = &d.warnings[0];
        assert_eq!(
            (w.kind, w.site.map(|s| s.line())),
            (WarningKind::UnreleasedCallback, Some(40))
        );
        assert!(
            w.message
                .starts_with("5 closures made, 5 still alive, over 5 frames"),
            "{}",
            w.message
        );
        assert_eq!(
            (w.first_frame, w.last_frame),
            (1, 4),
            "found in the second frame, kept up to date"
        );
    }

    /// A row of the whole app, as `rows` makes them.
    fn made_row(line: u32) -> &'static Site {
        Box::leak(Box::new(Site::whole_app(
            Origin::Made,
            "app::view::{{closure}}",
            "src/view.rs",
            line,
            9,
            "lib::listen",
        )))
    }

    /// Runs frames in which `row` makes one closure every 5th frame (and
    /// releases one when `release` says so), the rest idle (a framework's
    /// microtask turns); `held`: how many nodes of the page hold.
    fn made_every_fifth(
        row: &'static Site,
        frames: u64,
        release: &dyn Fn(u64) -> bool,
        held: &dyn Fn(&'static Site) -> Option<u64>,
    ) -> Vec<Warning> {
        let frames = (0..frames)
            .map(|i| {
                let mut f = frame(i, vec![], 10, 0);
                if i % 5 == 0 {
                    let mut t = closures(row, 1, u64::from(release(i))).tally;
                    t.closures_given = 0;
                    f.elsewhere_sites = vec![SiteTally {
                        site: row,
                        tally: t,
                    }];
                }
                f
            })
            .collect();
        let ask = Ask {
            objects_by_type: &Vec::new,
            page_held: held,
            page_handles: &|| None,
            detached_views: &|| None,
        };
        run_asking(frames, &Config::default(), &ask).warnings
    }

    #[test]
    fn closures_made_outside_annotated_code_are_judged_by_their_changes_per_line() {
        // One closure per user action, five turns per action: 40 actions
        // are 200 turns, the growth of 40 spread thinly over any window of
        // turns; the line's own changes show the pile.
        let leak = made_row(30);
        let w = made_every_fifth(leak, 200, &|_| false, &|_| Some(0));
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].kind, WarningKind::UnreleasedCallback);
        assert_eq!(w[0].site.map(|s| s.line()), Some(30));
        assert!(w[0].message.contains("not annotated"), "{}", w[0].message);
        // The same line releasing as it makes (items removed with their
        // listeners) is not a pile; nor are listeners each on its own node
        // of the page (a list that grows with the page).
        let replaced = made_row(31);
        assert!(made_every_fifth(replaced, 200, &|i| i % 10 == 0, &|_| Some(0)).is_empty());
        let page = made_row(32);
        assert!(made_every_fifth(page, 200, &|_| false, &|_| Some(40)).is_empty());
        // A row with no line is never judged: there is no place to act on.
        static LUMPED: Site =
            Site::whole_app(Origin::Lumped, "(unannotated)", "(unannotated)", 0, 0, "");
        assert!(made_every_fifth(&LUMPED, 200, &|_| false, &|_| Some(0)).is_empty());
    }

    #[test]
    fn closures_rust_keeps_are_judged_by_growth_not_by_piling() {
        // Sites are process-wide: the cache detector sees every one.
        let _serial = crate::tests::serial();
        static ITEM: Site = Site::new("add", "src/todo.rs", 64, 47);
        let config = Config {
            cache_window: 20,
            cache_growth: 5,
            ..Config::default()
        };
        // A list whose items keep their listeners: six added, two removed,
        // then quiet.
        let mut frames: Vec<Frame> = (0..6)
            .map(|i| frame(i, vec![kept(&ITEM, 1, 0)], 10, 0))
            .collect();
        frames.extend((6..8).map(|i| frame(i, vec![kept(&ITEM, 0, 1)], 10, 0)));
        frames.extend((8..40).map(|i| frame(i, vec![], 10, 0)));
        let d = run(frames, &config);
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        // Kept, one more every frame, never released: warned once the
        // window is full.
        static HOARD: Site = Site::new("hoard", "src/todo.rs", 90, 9);
        let d = run(
            (0..30)
                .map(|i| frame(i, vec![kept(&HOARD, 1, 0)], 10, 0))
                .collect(),
            &config,
        );
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        assert!(
            d.warnings[0].message.contains("kept by Rust code"),
            "{}",
            d.warnings[0].message
        );
    }

    #[test]
    fn closures_rust_keeps_for_the_nodes_of_the_page_grow_with_the_page() {
        // A todo list whose rows each keep three listeners (released when
        // the row goes): 40 rows added, none removed, and every listener
        // on its own connected node.
        let _serial = crate::tests::serial();
        static ROW: Site = Site::new("row", "src/todos.rs", 103, 21);
        static HOARDED: Site = Site::new("on_input", "src/todos.rs", 140, 13);
        let config = Config {
            cache_window: 20,
            cache_growth: 5,
            ..Config::default()
        };
        let judge = |site: &'static Site, held: &dyn Fn(&'static Site) -> Option<u64>| {
            let frames = (0..40)
                .map(|i| frame(i, vec![kept(site, 3, 0)], 10, 0))
                .collect();
            let ask = Ask {
                objects_by_type: &Vec::new,
                page_held: held,
                page_handles: &|| None,
                detached_views: &|| None,
            };
            run_asking(frames, &config, &ask).warnings
        };
        // Every one held by a node of the page: the page, not a leak.
        assert!(judge(&ROW, &|_| Some(120)).is_empty());
        // Held by nothing on the page (kept in a Vec, listening nowhere):
        // warned at its line.
        let w = judge(&HOARDED, &|_| Some(0));
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].site.map(|s| s.line()), Some(140));
    }

    #[test]
    fn a_closure_made_once_or_replaced_each_frame_is_not() {
        // Sites are process-wide: the cache detector sees every one.
        let _serial = crate::tests::serial();
        let mut frames = vec![frame(0, vec![closures(&ONCE, 1, 0)], 10, 0)];
        frames.extend((1..10).map(|i| frame(i, vec![closures(&MAKER, 1, 1)], 10, 0)));
        assert!(run(frames, &Config::default()).warnings.is_empty());
    }

    #[test]
    fn live_handles_growing_over_the_window_name_the_makers() {
        // Sites are process-wide: the cache detector sees every one.
        let _serial = crate::tests::serial();
        let config = Config {
            live_window: 10,
            live_growth: 20,
            ..Config::default()
        };
        let maker = |n| SiteTally {
            site: &MAKER,
            tally: Tally {
                handles: n,
                ..Tally::default()
            },
        };
        let d = run(
            (0..12)
                .map(|i| frame(i, vec![maker(3)], 10 + 3 * i as u32, 0))
                .collect(),
            &config,
        );
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        assert_eq!(d.warnings[0].kind, WarningKind::LiveHandlesGrowing);
        assert!(
            d.warnings[0]
                .message
                .contains("30 made by on_click (src/app.rs:40:9)"),
            "{}",
            d.warnings[0].message
        );
        // Up and down again: no warning.
        let d = run(
            (0..12)
                .map(|i| frame(i, vec![], if i % 2 == 0 { 10 } else { 40 }, 0))
                .collect(),
            &config,
        );
        assert!(d.warnings.is_empty());
        // The same growth, every new handle a node of the page (a list's
        // rows) or a closure listening on one: the page, not a leak.
        // (`page`: the handles of the page when the probe is asked, at the
        // end: all 33 new ones, or none.)
        let grow = |page: u64| {
            let frames = (0..12u64)
                .map(|i| frame(i, vec![maker(3)], 10 + 3 * i as u32, 0))
                .collect();
            let ask = Ask {
                objects_by_type: &Vec::new,
                page_held: &|_| None,
                page_handles: &|| Some(page),
                detached_views: &|| None,
            };
            run_asking(frames, &config, &ask).warnings
        };
        assert!(grow(33).is_empty());
        assert_eq!(grow(0).len(), 1);
    }

    #[test]
    fn a_collection_of_handles_that_only_grows_is_a_growing_cache() {
        // Sites are process-wide: the cache detector sees every one.
        let _serial = crate::tests::serial();
        static NODES: Site = Site::labelled("remember", "src/app.rs", 90, 9, "self.nodes");
        let config = Config {
            cache_window: 10,
            cache_growth: 5,
            live_window: 10,
            live_growth: 5,
            ..Config::default()
        };
        let mut d = Detectors::default();
        let mut history = VecDeque::new();
        for i in 0..12u64 {
            NODES.set_cache_len(i as usize * 2);
            let f = frame(i, vec![], 10 + 2 * i as u32, 0);
            history.push_back(f.clone());
            d.observe(&f, &history, Some(16), &config, &NOTHING, Mode::default());
        }
        let caches: Vec<_> = d
            .warnings
            .iter()
            .filter(|w| w.site.is_some_and(|s| core::ptr::eq(s, &NODES)))
            .collect();
        assert_eq!(caches.len(), 1, "{:?}", d.warnings);
        assert_eq!(caches[0].kind, WarningKind::GrowingCache);
        assert!(
            caches[0]
                .message
                .starts_with("`self.nodes` holds JS handles and grew from 4 to 22 entries"),
            "{}",
            caches[0].message
        );
        assert!(
            !d.warnings
                .iter()
                .any(|w| w.kind == WarningKind::LiveHandlesGrowing),
            "the cache explains the live handles"
        );
    }

    /// The growing-cache warnings of a collection whose length, at frame
    /// `i`, is `len(i)`, over `frames` frames.
    fn cache_warnings(site: &'static Site, frames: u64, len: &dyn Fn(u64) -> u64) -> usize {
        let config = Config {
            cache_window: 40,
            cache_growth: 10,
            ..Config::default()
        };
        let mut d = Detectors::default();
        let mut history = VecDeque::new();
        for i in 0..frames {
            site.set_cache_len(len(i) as usize);
            let f = frame(i, vec![], 10, 0);
            history.push_back(f.clone());
            d.observe(&f, &history, Some(16), &config, &NOTHING, Mode::default());
        }
        d.warnings
            .iter()
            .filter(|w| {
                w.kind == WarningKind::GrowingCache
                    && w.site.is_some_and(|s| core::ptr::eq(s, site))
            })
            .count()
    }

    #[test]
    fn a_collection_that_fills_to_its_bound_is_not_growing_and_one_that_goes_on_is() {
        // Sites are process-wide: the cache detector sees every one.
        let _serial = crate::tests::serial();
        static RING: Site = Site::labelled("ring", "src/app.rs", 100, 9, "self.ring");
        static CLEARED: Site = Site::labelled("seen", "src/app.rs", 110, 9, "self.seen");
        static LEAK: Site = Site::labelled("leak", "src/app.rs", 120, 9, "self.all");
        static SLOW: Site = Site::labelled("slow", "src/app.rs", 130, 9, "self.slow");
        static LRU: Site = Site::labelled("lru", "src/app.rs", 140, 9, "self.lru").bounded();
        static CLEARED_RARELY: Site =
            Site::labelled("seen", "src/app.rs", 150, 9, "self.seen").bounded();
        // A ring of 32: fills in 32 frames, then stays.
        assert_eq!(cache_warnings(&RING, 300, &|i| i.min(32)), 0);
        // A map cleared more often than the window is long: it falls.
        assert_eq!(cache_warnings(&CLEARED, 300, &|i| i % 30), 0);
        // Cleared every 500 frames: any window between looks unbounded, so
        // it is the code's own `clear()` that tells (`.bounded()`).
        assert_eq!(cache_warnings(&CLEARED_RARELY, 1200, &|i| i % 500), 0);
        // Unbounded, one a frame: warned once the window is full.
        assert_eq!(cache_warnings(&LEAK, 41, &|i| i), 1);
        assert_eq!(
            cache_warnings(&LEAK, 39, &|i| i),
            0,
            "not before the window is full"
        );
        // Slower, a step every few frames, still growing at the end.
        assert_eq!(cache_warnings(&SLOW, 200, &|i| i / 3), 1);
        // An LRU the code bounds, filling slowly over longer than the window.
        assert_eq!(cache_warnings(&LRU, 300, &|i| (i / 2).min(1000)), 0);
    }

    /// A frame's tally of `site`: one view made.
    fn one_view(site: &'static Site) -> SiteTally {
        SiteTally {
            site,
            tally: Tally {
                views: 1,
                ..Tally::default()
            },
        }
    }

    #[test]
    fn a_view_made_before_memory_grew_is_detached() {
        // Sites are process-wide: the cache detector sees every one.
        let _serial = crate::tests::serial();
        VIEW.set_view_pages(8);
        let view = one_view(&VIEW);
        let d = run(
            vec![frame(0, vec![view], 10, 0), frame(1, vec![], 10, 65536)],
            &Config::default(),
        );
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].kind.name(), "detached_view");
        // Re-made in the frame memory grew (after growing): fine.
        VIEW.set_view_pages(16);
        let d = run(
            vec![frame(0, vec![view], 10, 0), frame(1, vec![view], 10, 65536)],
            &Config::default(),
        );
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn a_view_dropped_by_its_call_is_never_detached() {
        // serde-wasm-bindgen's `serialize_bytes`: a view made in one turn,
        // copied and dropped; memory grows in a later one.
        let _serial = crate::tests::serial();
        READ_VIEW.set_view_pages(8);
        let view = one_view(&READ_VIEW);
        let d = run(
            vec![frame(0, vec![view], 10, 0), frame(1, vec![], 10, 65536)],
            &Config::default(),
        );
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn views_js_keeps_are_judged_by_what_the_probe_finds_held_and_detached() {
        let _serial = crate::tests::serial();
        static KEPT: Site = Site::new("paint", "src/paint.rs", 40, 17);
        // Made by annotated code (the rule would judge it) and seen by the
        // probe as kept.
        KEPT.set_view_pages(8);
        let made = SiteTally {
            site: &KEPT,
            tally: Tally {
                views: 1,
                views_kept: 1,
                ..Tally::default()
            },
        };
        let frames = || vec![frame(0, vec![made], 10, 0), frame(1, vec![], 10, 65536)];
        let asking = |found: &dyn Fn() -> Option<Vec<(&'static Site, u64)>>| {
            let ask = Ask {
                detached_views: found,
                ..NOTHING
            };
            run_asking(frames(), &Config::default(), &ask).warnings
        };
        // Dropped before memory grew: the probe finds none held, so none.
        assert!(asking(&|| Some(Vec::new())).is_empty());
        // Still held, and detached: warned at the site that made it.
        let warned = asking(&|| Some(vec![(&KEPT, 2)]));
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert_eq!(warned[0].kind, WarningKind::DetachedView);
        assert!(core::ptr::eq(warned[0].site.unwrap(), &KEPT));
        assert!(
            warned[0].message.contains("2 typed-array views"),
            "{}",
            warned[0].message
        );
        // Where the probe cannot tell: the rule, as before.
        assert_eq!(asking(&|| None).len(), 1);
    }

    static PIXEL: Site = Site::element("blit", "src/app.rs", 90, 16, "");

    fn crossings(site: &'static Site, n: u64) -> SiteTally {
        SiteTally {
            site,
            tally: Tally {
                crossings: n,
                ..Tally::default()
            },
        }
    }

    #[test]
    fn many_element_calls_from_one_line_are_a_per_element_copy() {
        // Sites are process-wide: the cache detector sees every one.
        let _serial = crate::tests::serial();
        let config = Config::default();
        // Below the limit, or many calls from a site that is not
        // element-by-element: nothing.
        let d = run(
            vec![
                frame(0, vec![crossings(&PIXEL, 999)], 10, 0),
                frame(1, vec![crossings(&ONCE, 5000)], 10, 0),
            ],
            &config,
        );
        assert!(d.warnings.is_empty());
        let d = run(
            vec![frame(0, vec![crossings(&PIXEL, 4096)], 10, 0)],
            &config,
        );
        assert_eq!(d.warnings.len(), 1);
        let w = &d.warnings[0];
        assert_eq!(
            (w.kind, w.site.map(|s| s.line())),
            (WarningKind::PerElementCopy, Some(90))
        );
        assert!(
            w.message.starts_with("4096 element-by-element calls"),
            "{}",
            w.message
        );
    }
}
