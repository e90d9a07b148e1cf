//! Live handles growing: the module's live JS handle count grows over the
//! window beyond what the page holds, with no collection to blame: names
//! the sites that made the most handles in it. (A growing cache or
//! callbacks piling up explain growing handles: `Detectors` leaves this
//! finding out where one of those is found.)

use std::collections::VecDeque;
use std::fmt::Write;

use crate::detect::{keeps_growing, Detector, Finding, Input};
use crate::site::Site;
use crate::warning::WarningKind;

/// Live JS handles at each frame end.
#[derive(Default)]
pub(crate) struct LiveHandles {
    live: VecDeque<u64>,
}

impl Detector for LiveHandles {
    fn observe(&mut self, input: &Input<'_>, found: &mut Vec<Finding>) {
        let (frame, history, config, page_handles) = (
            input.frame,
            input.history,
            input.config,
            input.ask.page_handles,
        );
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
        let Some((first, last)) = grew else {
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
        crate::order::most_first(&mut makers, |m| m.1);
        let mut message = format!(
            "{} live JS handles, up from {} over the last {} {}s and never down; handles are made and kept somewhere",
            last, first, window, input.unit
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
        found.push(Finding {
            kind: WarningKind::LiveHandlesGrowing,
            site: makers.first().map(|m| m.0),
            message,
        });
    }
}
