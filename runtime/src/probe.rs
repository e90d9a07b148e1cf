//! The Rust side of the truth probe (`js/probe.js`).
//!
//! Wherever the ledger is on (and with the `probe` feature in any build),
//! wasm-bindgen's glue imports the probe before it instantiates the module,
//! so every call from wasm into JS is counted per import name. The probe is
//! the ground truth that the ledger's own counts are tested against, and
//! what counts them in exact mode.
//!
//! ```ignore
//! let counts = wasm_ledger::probe::measure(|| draw(&ctx));
//! assert_eq!(counts.total, 3);
//! ```

use std::collections::BTreeMap;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/probe.js")]
extern "C" {
    #[wasm_bindgen(js_name = probeBegin)]
    fn probe_begin();
    #[wasm_bindgen(js_name = probeEnd)]
    fn probe_end() -> String;
    #[wasm_bindgen(js_name = probeInstances)]
    fn probe_instances() -> u32;
    #[wasm_bindgen(js_name = probeJsName)]
    fn probe_js_name(import: &str) -> String;
    #[wasm_bindgen(js_name = probeLoaded)]
    fn probe_loaded() -> bool;
    #[wasm_bindgen(js_name = probeExports)]
    fn probe_exports() -> String;
    #[wasm_bindgen(js_name = probeObjects)]
    fn probe_objects() -> String;
    #[wasm_bindgen(js_name = probeStartup)]
    fn probe_startup() -> String;
    #[wasm_bindgen(js_name = probeRowName)]
    fn probe_row_name(row: u32) -> String;
    #[wasm_bindgen(js_name = probeAttribution)]
    fn probe_attribution(limit: u32) -> String;
    #[wasm_bindgen(js_name = probeWholeApp)]
    fn probe_whole_app() -> String;
    #[wasm_bindgen(js_name = probePageHeld)]
    fn probe_page_held(word: u32) -> u32;
    #[wasm_bindgen(js_name = probePageNodes)]
    fn probe_page_nodes() -> i32;
    #[wasm_bindgen(js_name = probeJsFrees)]
    fn probe_js_frees(word: u32) -> i32;
    #[wasm_bindgen(js_name = probePageHandles)]
    fn probe_page_handles() -> u32;
    #[wasm_bindgen(js_name = probeViewsDetached)]
    fn probe_views_detached() -> String;
}

/// Whether the probe is there (a call into it: it keeps the import, so the
/// glue loads the probe).
#[cfg(wasm_ledger_exact)]
pub(crate) fn loaded() -> bool {
    probe_loaded()
}

/// Calls from JS into each exported function since the start, as the probe
/// counted them (closures are counted at the sites that made them).
pub fn js_calls_by_export() -> BTreeMap<String, u64> {
    counts(&probe_exports())
}

/// Exported `#[wasm_bindgen]` objects JS made and has not freed, per type
/// (`free()` not called, finalization not run), as the probe counted them.
pub fn live_objects_by_type() -> BTreeMap<String, u64> {
    let mut live = counts(&probe_objects());
    live.retain(|_, n| *n > 0);
    live
}

/// What the module's start-up cost, as the probe timed it (`key=value`
/// lines; see [`crate::Startup`]).
#[cfg(wasm_ledger_exact)]
pub(crate) fn startup() -> String {
    probe_startup()
}

/// What row `row` of the whole app's table is: kind, function, file,
/// line, column, label, tab-separated (see `rows`).
#[cfg(wasm_ledger_exact)]
pub(crate) fn row_name(row: u32) -> String {
    probe_row_name(row)
}

/// The sampled places of the calls into JS made where no annotated code
/// ran, busiest first, at most `limit` (see `whole`).
#[cfg(wasm_ledger_exact)]
pub(crate) fn attribution(limit: u32) -> String {
    probe_attribution(limit)
}

/// How the probe locates Rust code in this module (`key=value` lines).
#[cfg(wasm_ledger_exact)]
pub(crate) fn whole_app() -> String {
    probe_whole_app()
}

/// Of the module's live JS handles, how many are of the page (connected DOM
/// nodes, closures listening on one).
#[cfg(wasm_ledger_exact)]
pub(crate) fn page_handles() -> u32 {
    probe_page_handles()
}

/// The views JS kept that Rust still holds and that are detached, as
/// `(address of the making site's or row's crossing counter, how many)`;
/// `None` where the probe cannot tell (no externref table).
#[cfg(wasm_ledger_exact)]
pub(crate) fn views_detached() -> Option<Vec<(u32, u64)>> {
    let text = probe_views_detached();
    if text == "?" {
        return None;
    }
    Some(
        text.lines()
            .filter_map(|l| l.split_once('='))
            .filter_map(|(w, n)| Some((w.parse::<u32>().ok()?.checked_mul(4)?, n.parse().ok()?)))
            .collect(),
    )
}

/// Of the closures alive made where the crossing counter at `address`
/// counts (a site's or a row's), how many nodes of the page hold.
#[cfg(wasm_ledger_exact)]
pub(crate) fn page_held(address: u32) -> u32 {
    probe_page_held(address >> 2)
}

/// Of the closures alive made where the crossing counter at `address`
/// counts, how many JS alone holds, for its garbage collector to free;
/// `None` where the probe cannot tell.
#[cfg(wasm_ledger_exact)]
pub(crate) fn js_frees(address: u32) -> Option<u32> {
    u32::try_from(probe_js_frees(address >> 2)).ok()
}

/// How many elements the page has; `None` without a document.
#[cfg(wasm_ledger_exact)]
pub(crate) fn page_nodes() -> Option<u64> {
    u64::try_from(probe_page_nodes()).ok()
}

/// `name=count` lines (names are JS identifiers), as the probe writes them.
fn counts(text: &str) -> BTreeMap<String, u64> {
    text.lines()
        .filter_map(|line| line.rsplit_once('='))
        .map(|(name, n)| (name.to_string(), n.parse().unwrap_or(0)))
        .collect()
}

/// Calls from wasm into JS seen by the probe during one measurement.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// All calls.
    pub total: u64,
    /// Of `total`, the ledger's own (its reports, the HUD, its clock).
    pub own: u64,
    /// Of `own`, those its output made: printing reports, drawing the HUD.
    /// The rest is the bookkeeping at frame and turn ends, which makes none
    /// where the probe hands over the time.
    pub own_output: u64,
    /// Calls per JS function name (`random`, `setAttribute`...), taken from
    /// the import names wasm-bindgen generates.
    pub by_name: BTreeMap<String, u64>,
}

impl Counts {
    /// Calls of one JS function name.
    pub fn of(&self, name: &str) -> u64 {
        self.by_name.get(name).copied().unwrap_or(0)
    }
}

/// Whether the probe wrapped this module's imports (it was loaded before
/// instantiation).
pub fn installed() -> bool {
    probe_instances() > 0
}

/// Runs `f` and returns what it called in JS, as counted by the probe.
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, Counts) {
    begin();
    let result = f();
    (result, end())
}

/// Zeroes the probe's counts and starts counting (for measurements that
/// span an `.await`; otherwise [`measure`]).
pub fn begin() {
    probe_begin();
}

/// Stops counting and returns the counts since [`begin`]. They come as
/// text in one call into the probe (reading an object would make calls
/// into JS of its own, which the whole app's count would see).
pub fn end() -> Counts {
    read(&probe_end())
}

/// `total=N`, then `import=calls` lines, as the probe's `probeEnd` writes them.
fn read(text: &str) -> Counts {
    let mut total = 0;
    let (mut own, mut own_output) = (0, 0);
    let mut by_name = BTreeMap::new();
    for (key, n) in text.lines().filter_map(|l| l.rsplit_once('=')) {
        let n: u64 = n.parse().unwrap_or(0);
        match key {
            "total" => total = n,
            "own" => own = n,
            "own_output" => own_output = n,
            _ => *by_name.entry(probe_js_name(key)).or_insert(0) += n,
        }
    }
    Counts {
        total,
        own,
        own_output,
        by_name,
    }
}
