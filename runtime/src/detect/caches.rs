//! Growing handle caches: a collection of JS handles that annotated code
//! inserts into (`self.nodes.insert(k, el)`) and never bounds, that only
//! grows over the window: names the collection as written and the
//! insertion site.

use std::collections::{HashMap, VecDeque};

use crate::detect::{keeps_growing, Detector, Finding, Input};
use crate::site::Site;
use crate::warning::WarningKind;

/// Length at each frame end, per insertion site into a handle collection.
#[derive(Default)]
pub(crate) struct Caches {
    caches: HashMap<usize, VecDeque<u64>>,
}

impl Detector for Caches {
    fn observe(&mut self, input: &Input<'_>, found: &mut Vec<Finding>) {
        let config = input.config;
        let window = config.cache_window.max(2);
        for &(site, len) in input.cache_lens {
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
                    u = input.unit
                );
                found.push(Finding {
                    kind: WarningKind::GrowingCache,
                    site: Some(site),
                    message,
                });
            }
        }
    }
}
