//! Unreleased callbacks: `Closure`s that stay alive. Handed to JS for good,
//! a site's closures piling up in more than `callback_frames` frames are a
//! callback made per event; kept by Rust, they are judged as a collection
//! is, by whether their number keeps growing beyond what the page holds.

use std::collections::{HashMap, VecDeque};

use crate::detect::{keeps_growing, Detector, Finding, Input};
use crate::site::{Origin, Site};
use crate::warning::WarningKind;

/// Per-site memory of the detector.
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

/// The closures of every site that made, released or gave some.
#[derive(Default)]
pub(crate) struct Callbacks {
    sites: HashMap<usize, SiteState>,
}

impl Detector for Callbacks {
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
    fn observe(&mut self, input: &Input<'_>, found: &mut Vec<Finding>) {
        let (frame, config, mode, page_held) =
            (input.frame, input.config, input.mode, input.ask.page_held);
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
                    input.unit,
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
                    state.created, alive, frames, input.unit
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
                    input.unit,
                    if held > 0 {
                        format!(" ({held} of them held by nodes of the page)")
                    } else {
                        String::new()
                    }
                )
            };
            found.push(Finding {
                kind: WarningKind::UnreleasedCallback,
                site: Some(state.site),
                message,
            });
        }
    }
}
