//! Long frames: a frame or turn whose own work passed `long_frame_ms`
//! (the page could not repaint or answer input meanwhile), when they recur
//! or one froze the page; names the sites that crossed most in it.

use std::collections::VecDeque;
use std::fmt::Write;

use crate::detect::{Detector, Finding, Input};
use crate::warning::WarningKind;

/// Frames (or turns) after start-up, or after a reset, whose long frames do
/// not count towards recurring ones: the engine is still warming up.
const WARM_UP: u64 = 30;

/// ...or this much time of frames, whichever ends first: where every frame
/// is slow, 30 of them would hide a page that has frozen for seconds.
const WARM_UP_MS: f64 = 2000.0;

/// Long frames so far, the longest one's own time, and the indices of the
/// recent ones.
#[derive(Default)]
pub(crate) struct LongFrames {
    long: u64,
    longest_ms: f64,
    recent_long: VecDeque<u64>,
    /// The frames' time so far (up to the end of the warm-up).
    warm_ms: f64,
}

impl Detector for LongFrames {
    /// A frame whose own work passed the long-task line: blamed on the site
    /// that crossed most in it (none when no annotated site crossed).
    fn observe(&mut self, input: &Input<'_>, found: &mut Vec<Finding>) {
        let (frame, config) = (input.frame, input.config);
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
            u = input.unit,
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
        found.push(Finding {
            kind: WarningKind::LongFrame,
            site: busiest.first().map(|s| s.site),
            message,
        });
    }
}
