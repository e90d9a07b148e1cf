//! Detached views: a view of wasm memory kept across a memory growth reads
//! zeros. With the probe, the views JS keeps that Rust still holds and
//! that are detached; elsewhere, by the rule: memory grew after a site made
//! a view, and it made no new one in that frame.

use crate::detect::{Detector, Finding, Input};
use crate::site::Site;
use crate::warning::WarningKind;

/// The sites that made views.
#[derive(Default)]
pub(crate) struct Views {
    view_sites: Vec<&'static Site>,
    /// Sites and rows where the probe saw JS keep a view of wasm memory.
    kept_sites: Vec<&'static Site>,
}

impl Detector for Views {
    fn observe(&mut self, input: &Input<'_>, found: &mut Vec<Finding>) {
        let (frame, pages, detached) = (input.frame, input.pages, input.ask.detached_views);
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
        let held = if self.kept_sites.is_empty() {
            None
        } else {
            detached()
        };
        if let Some(held) = &held {
            for &(site, n) in held {
                let message = format!(
                    "wasm memory grew by {} bytes in {} {}, and {n} typed-array view{} of wasm memory made here \
                     {} still held and detached: {} zeros. Re-create the view from `memory.buffer` at each use, or \
                     copy (`to_vec`, `copy_to`).",
                    frame.memory_growth,
                    input.unit,
                    frame.index,
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "is" } else { "are" },
                    if n == 1 { "it reads" } else { "they read" },
                );
                found.push(Finding {
                    kind: WarningKind::DetachedView,
                    site: Some(site),
                    message,
                });
            }
        }
        for &site in &self.view_sites {
            if held.is_some() && self.kept_sites.iter().any(|k| core::ptr::eq(*k, site)) {
                continue;
            }
            let made_now = frame.site(site).is_some_and(|t| t.views > 0);
            if u64::from(site.view_pages()) < pages && !made_now {
                let message = format!(
                    "wasm memory grew by {} bytes in {} {} after this site made a typed-array view; a view kept \
                     from before is detached and reads zeros. Re-create the view from `memory.buffer` at each use, or copy \
                     (`to_vec`, `copy_to`).",
                    frame.memory_growth, input.unit, frame.index
                );
                found.push(Finding {
                    kind: WarningKind::DetachedView,
                    site: Some(site),
                    message,
                });
            }
        }
    }
}
