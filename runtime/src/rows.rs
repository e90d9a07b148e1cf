//! The whole app's rows: what code that is not annotated did, counted by
//! the truth probe in a table in wasm memory, and turned into [`Site`]s at
//! the frame boundary.
//!
//! The probe counts every call into JS made while no annotated code runs
//! at the row of its JS API (`Node.appendChild`), and every closure made
//! there at the row of the Rust line that made it (its creation stack's
//! first frame in the app's own code). A row is eight u64 counters at the
//! offsets of a site's probe counters (crossings, closures made, released,
//! called from JS, bytes to JS and from JS, views lent and kept), so the probe bumps a row as it bumps an aimed site, one
//! add in wasm memory and nothing allocated. At each boundary the ledger
//! copies the rows that moved into their sites (made the first time,
//! named by the probe), and from there on a row is counted, reported and
//! judged as any site is.

use core::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::cell::RefCell;

use crate::site::Site;

/// Rows in the table: JS APIs and lines that made closures (the last one
/// is the overflow's).
pub(crate) const CAP: usize = 4096;

/// Counters in a row.
const ROW_COUNTERS: usize = crate::tally::PROBE_COUNTERS.len();

/// One row: crossings, closures created, released, called from JS, bytes
/// to JS and from JS, slices lent as views, views kept.
#[repr(C, align(8))]
pub(crate) struct Row([AtomicU64; ROW_COUNTERS]);

#[allow(clippy::declare_interior_mutable_const)]
const EMPTY: Row = Row([const { AtomicU64::new(0) }; ROW_COUNTERS]);

/// The table the probe counts into (its address and capacity are in the
/// slot).
pub(crate) static TABLE: [Row; CAP] = [EMPTY; CAP];

thread_local! {
    /// The site of each row, made the first time the row moved.
    static SITES: RefCell<Vec<Option<&'static Site>>> = const { RefCell::new(Vec::new()) };
}

/// The table's address and capacity, for the probe when it attaches.
#[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
pub(crate) fn table() -> (u32, u32) {
    (TABLE.as_ptr() as usize as u32, CAP as u32)
}

/// Copies the rows that moved since the last boundary into their sites
/// (making and linking the site of a row the first time), so that the
/// boundary's walk over the sites sees them. The ledger's own work: called
/// aimed at nothing. O(rows used).
pub(crate) fn sync() {
    let used = crate::exact::rows_used().min(CAP);
    if used == 0 {
        return;
    }
    let _ = SITES.try_with(|sites| {
        let Ok(mut sites) = sites.try_borrow_mut() else {
            return;
        };
        if sites.len() < used {
            sites.resize(used, None);
        }
        for (i, row) in TABLE.iter().enumerate().take(used) {
            let counts: [u64; ROW_COUNTERS] = core::array::from_fn(|k| row.0[k].load(Relaxed));
            if counts == [0; ROW_COUNTERS] {
                continue;
            }
            let site = match sites[i] {
                Some(site) => site,
                None => match make(i) {
                    Some(site) => {
                        sites[i] = Some(site);
                        site
                    }
                    None => continue,
                },
            };
            site.set_probe_counts(counts);
        }
    });
}

/// The site of row `i`, named by the probe; leaked (rows live as long as
/// the module, and are at most [`CAP`]).
fn make(i: usize) -> Option<&'static Site> {
    #[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
    {
        use crate::site::Origin;
        let name = crate::whole::RowName::parse(&crate::probe::row_name(i as u32))?;
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let site: &'static Site = Box::leak(Box::new(Site::whole_app(
            if name.made { Origin::Made } else { Origin::Api },
            leak(name.func),
            leak(name.file),
            name.line,
            name.column,
            leak(name.label),
        )));
        site.ensure_linked();
        Some(site)
    }
    #[cfg(not(all(target_arch = "wasm32", wasm_ledger_exact)))]
    {
        let _ = i;
        None
    }
}

/// Of the closures alive that `site` made, how many nodes of the page hold
/// (each listening on a connected DOM node, a few per node): closures that
/// grow with the page. `None` where the probe cannot tell. One call into
/// the probe.
pub(crate) fn page_held(site: &'static Site) -> Option<u64> {
    #[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
    {
        Some(u64::from(crate::probe::page_held(closures_address(site)?)))
    }
    #[cfg(not(all(target_arch = "wasm32", wasm_ledger_exact)))]
    {
        let _ = site;
        None
    }
}

/// Of the closures alive that `site` made, how many JS alone holds (handed
/// over with `into_js_value`, their function no longer in Rust's hands, and
/// listening on nothing still there): its garbage collector frees them once
/// it runs, so they are not a leak however many wait for it. `None` where
/// the probe cannot tell. One call into the probe.
pub(crate) fn js_frees(site: &'static Site) -> Option<u64> {
    #[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
    {
        crate::probe::js_frees(closures_address(site)?).map(u64::from)
    }
    #[cfg(not(all(target_arch = "wasm32", wasm_ledger_exact)))]
    {
        let _ = site;
        None
    }
}

/// How many elements the page has; `None` where there is no page (Node) or
/// no probe. One call into the probe.
pub(crate) fn page_nodes() -> Option<u64> {
    #[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
    {
        crate::probe::page_nodes()
    }
    #[cfg(not(all(target_arch = "wasm32", wasm_ledger_exact)))]
    {
        None
    }
}

/// Where the probe counted `site`'s closures: for a row (origin `Made`), at
/// the row's counter in the table; for an annotated site, at the site's own.
#[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
fn closures_address(site: &'static Site) -> Option<u32> {
    let row = SITES
        .try_with(|sites| {
            sites
                .try_borrow()
                .ok()?
                .iter()
                .position(|s| s.is_some_and(|s| core::ptr::eq(s, site)))
        })
        .ok()
        .flatten();
    Some(match row {
        Some(i) => TABLE.get(i)?.0.as_ptr() as usize as u32,
        None => site.crossings_address(),
    })
}

/// Of the module's live JS handles, how many are of the page (connected
/// DOM nodes, closures listening on one); `None` where the probe cannot
/// tell. One call into the probe.
pub(crate) fn page_handles() -> Option<u64> {
    #[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
    if crate::exact::on() {
        return Some(u64::from(crate::probe::page_handles()));
    }
    None
}

/// The views JS kept (a view cast, an `ImageData` on a Rust slice) that
/// Rust still holds and that memory's growth detached, by the site or row
/// that made them, and how many; `None` where the probe cannot tell. One
/// call into the probe.
pub(crate) fn detached_views() -> Option<Vec<(&'static Site, u64)>> {
    #[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
    if crate::exact::on() {
        let found = crate::probe::views_detached()?;
        if found.is_empty() {
            return Some(Vec::new());
        }
        let base = TABLE.as_ptr() as usize as u32;
        let size = core::mem::size_of::<Row>() as u32;
        let row_site = |address: u32| -> Option<&'static Site> {
            let offset = address.checked_sub(base)?;
            let i = (offset / size) as usize;
            if offset % size != 0 || i >= CAP {
                return None;
            }
            SITES
                .try_with(|sites| sites.try_borrow().ok()?.get(i).copied().flatten())
                .ok()
                .flatten()
        };
        return Some(
            found
                .into_iter()
                .filter_map(|(address, n)| {
                    let site = row_site(address)
                        .or_else(|| Site::all().find(|s| s.crossings_address() == address))?;
                    Some((site, n))
                })
                .collect(),
        );
    }
    None
}

/// The probe's account of the whole app: how it names Rust code, and the
/// sampled places of calls into JS made outside annotated code (at most
/// `limit`; 0: all). `None` outside exact mode. Two calls into the probe.
pub(crate) fn whole_app(limit: u32) -> Option<crate::whole::WholeApp> {
    #[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
    if crate::exact::on() {
        return Some(crate::whole::WholeApp::parse(
            &crate::probe::whole_app(),
            &crate::probe::attribution(limit),
        ));
    }
    let _ = limit;
    None
}

impl Site {
    /// A row's counts, as the probe counted them in the table, into the
    /// site's probe counters.
    fn set_probe_counts(&'static self, counts: [u64; ROW_COUNTERS]) {
        for (counter, n) in crate::tally::PROBE_COUNTERS.into_iter().zip(counts) {
            self.counts[counter as usize].store(n, Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tally::{COUNTERS, PROBE_COUNTERS};

    #[test]
    fn a_row_is_laid_out_as_a_sites_probe_counters() {
        // The probe finds a row's counters at the offsets it uses from an
        // aimed site's crossing counter: one after another, as in a row.
        assert_eq!(core::mem::size_of::<Row>(), 8 * ROW_COUNTERS);
        let first = PROBE_COUNTERS[0] as usize;
        for (k, counter) in PROBE_COUNTERS.iter().enumerate() {
            assert_eq!(*counter as usize, first + k, "{counter:?}");
        }
        assert!(first + ROW_COUNTERS <= COUNTERS);
    }
}
