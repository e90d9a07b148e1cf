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

    fn alive(&self) -> u64 {
        self.created.saturating_sub(self.released)
    }

    /// A row of the whole app, judged in the frames it changes in: the last
    /// `cache_growth` changes all made closures and released none, beyond
    /// those nodes of the page hold (a list item's own listeners grow with
    /// the page, not as a leak does).
    fn judge_by_change(&self, input: &Input<'_>) -> Option<String> {
        let growth = u64::from(input.config.cache_growth.max(1));
        let (Some(&first), Some(&last)) = (self.alive.front(), self.alive.back()) else {
            return None;
        };
        let never_fell = self
            .alive
            .iter()
            .zip(self.alive.iter().skip(1))
            .all(|(a, b)| b > a);
        if self.active_frame != input.frame.index
            || self.alive.len() as u64 <= growth
            || !never_fell
            || last < first.saturating_add(growth)
        {
            return None;
        }
        let held = (input.ask.page_held)(self.site).unwrap_or(0);
        let freed = (input.ask.js_frees)(self.site).unwrap_or(0);
        if last.saturating_sub(held).saturating_sub(freed) < growth {
            return None;
        }
        Some(format!(
            "{} closures made here by code that is not annotated, {} still alive, and the last {growth} \
             {}s that changed them each made more and released none{}: a callback made per event. Make \
             it once and reuse it, or keep what the library returns and drop it (or remove the listener) \
             when done.",
            self.created,
            self.alive(),
            input.unit,
            held_note(held)
        ))
    }

    /// Closures handed to JS for good, judged (and the warning kept up to
    /// date) in the frames the site is active in: alive ones piling up in
    /// more than `callback_frames` frames.
    fn judge_given(&self, input: &Input<'_>) -> Option<String> {
        let alive = self.alive();
        if self.active_frame != input.frame.index
            || self.piling_frames < u64::from(input.config.callback_frames.max(2))
            || alive < 2
        {
            return None;
        }
        // Handed over with `into_js_value` and then let go by JS (a timeout
        // cleared): JS's garbage collector frees them, however many wait.
        let freed = (input.ask.js_frees)(self.site).unwrap_or(0);
        if alive.saturating_sub(freed) < 2 {
            return None;
        }
        Some(format!(
            "{} closures made, {} still alive, over {} {}s: a callback made per event or per frame. \
             Make it once and reuse it, or keep the `Closure` and drop it when done \
             (remove the listener in `Drop`, as gloo-events' `EventListener` does).",
            self.created,
            alive,
            input.frame.index - self.first_frame + 1,
            input.unit
        ))
    }

    /// Closures Rust keeps, judged as a collection is: their number keeps
    /// growing over `cache_window` frames, beyond those the listeners of
    /// the page's nodes hold (a list's rows, each with its own, released
    /// when the row goes). The probe is asked only once the count has grown.
    fn judge_kept(&mut self, input: &Input<'_>) -> Option<String> {
        let growth = u64::from(input.config.cache_growth.max(1));
        let window = input.config.cache_window.max(2);
        let alive = self.alive();
        let (first, last) = keeps_growing(&mut self.alive, alive, window, growth)?;
        let held = (input.ask.page_held)(self.site).unwrap_or(0);
        let freed = (input.ask.js_frees)(self.site).unwrap_or(0);
        if last.saturating_sub(held).saturating_sub(freed) < first.saturating_add(growth) {
            return None;
        }
        Some(format!(
            "{} closures made, kept by Rust code (never handed to JS for good), and the ones alive went \
             from {first} to {last} over the last {window} {}s without falling{}: each keeps its JS \
             function and table slot. Drop the `Closure`s whose owner is gone (remove the listener in \
             `Drop`), or make one and share it.",
            self.created,
            input.unit,
            held_note(held)
        ))
    }
}

/// ` (3 of them held by nodes of the page)`, or nothing.
fn held_note(held: u64) -> String {
    if held > 0 {
        format!(" ({held} of them held by nodes of the page)")
    } else {
        String::new()
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
        let (frame, config, mode) = (input.frame, input.config, input.mode);
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
        for state in self.sites.values_mut() {
            let message = if state.by_change() {
                state.judge_by_change(input)
            } else if state.given > 0 {
                state.judge_given(input)
            } else {
                state.judge_kept(input)
            };
            let Some(message) = message else {
                continue;
            };
            found.push(Finding {
                kind: WarningKind::UnreleasedCallback,
                site: Some(state.site),
                message,
            });
        }
    }
}
