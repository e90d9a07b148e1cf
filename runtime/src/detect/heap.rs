//! Rust memory that only grows: a site whose bytes alive (counted by
//! [`Alloc`](crate::Alloc), when the app installs it) keep growing over
//! `cache_window` frames while the page stays the same size. A list that
//! grows with what the user adds grows the page with it; memory that rose
//! and stays (a high-water mark: a buffer grown once, a pool) stops
//! growing; neither is a leak.

use std::collections::HashMap;
use std::collections::VecDeque;

use crate::detect::{keeps_growing, Detector, Finding, Input};
use crate::site::Site;
use crate::warning::WarningKind;

/// How many bytes alive a site must gain, beyond what it held when its
/// growth was first seen, with the page the same size, to be warned.
const GROWTH: u64 = 16 * 1024;

/// How many elements more the page may have and still be "the same size"
/// (at least; or a sixteenth of it).
const PAGE_SLACK: u64 = 8;

struct SiteState {
    samples: VecDeque<u64>,
    /// When its growth was first seen: the page's size then (`None`: no
    /// page) and its bytes alive.
    base: Option<(Option<u64>, u64)>,
}

#[derive(Default)]
pub(crate) struct Heap {
    sites: HashMap<usize, SiteState>,
}

impl Detector for Heap {
    fn observe(&mut self, input: &Input<'_>, found: &mut Vec<Finding>) {
        let window = input.config.cache_window.max(2);
        for &(site, live) in input.heap {
            let s = self
                .sites
                .entry(site as *const Site as usize)
                .or_insert_with(|| SiteState {
                    samples: VecDeque::new(),
                    base: None,
                });
            let Some((first, _)) = keeps_growing(&mut s.samples, live, window, GROWTH / 4) else {
                continue;
            };
            let page = (input.ask.page_nodes)();
            let Some((base_page, base_live)) = s.base else {
                s.base = Some((page, live));
                continue;
            };
            let grew_with_page = match (base_page, page) {
                (Some(b), Some(now)) => now > b + PAGE_SLACK.max(b / 16),
                _ => false,
            };
            if grew_with_page {
                // Data that grows with the page: judged afresh from here.
                s.base = Some((page, live));
                continue;
            }
            if live < base_live.saturating_add(GROWTH) {
                continue;
            }
            let page_text = match page {
                Some(n) => format!("while the page stayed the same size ({n} elements)"),
                None => "with no page growing beside it".to_string(),
            };
            found.push(Finding {
                kind: WarningKind::HeapGrowing,
                site: Some(site),
                message: format!(
                    "Rust memory allocated here and still alive went from {} to {} over the last {window} {}s \
                     without falling, {page_text}: state kept for every render or event and never dropped \
                     (wasm memory only grows, so its size alone cannot tell this from a high-water mark). Drop \
                     what the old ones own when they go (a handler with the node it listens on), or reuse one.",
                    crate::report::bytes(first as f64),
                    crate::report::bytes(live as f64),
                    input.unit
                ),
            });
        }
    }
}
