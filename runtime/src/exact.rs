//! Exact mode and the truth probe's shared state: whether crossings are
//! counted by the probe (`js/probe.js`) at the running call site or
//! estimated, and what the probe counts itself.
//!
//! It is on wherever the ledger is (debug builds, or `always-on`): the
//! wasm-bindgen glue imports the probe, which is evaluated before the
//! module is instantiated and wraps every import of it. No feature, no
//! script tag, no setup. `--cfg wasm_ledger_estimate` leaves the probe
//! out (for wasm-bindgen's `--target no-modules`, which takes no JS
//! snippets); then, and wherever the probe could not wrap the imports, the
//! ledger estimates from the call sites' types and [`estimate_reason`]
//! (and every report) says why.
//!
//! The probe also sees every closure wasm-bindgen hands to JS (and every
//! release of one: the drop's call into JS, or JS finalizing a closure given
//! away), and counts it at the site aimed at when it was made, or, when no
//! annotated code ran, at the whole app's row of the line that made it (the
//! `rows` module); every call into JS made while no annotated code runs, at
//! the row of its JS API; and every call from JS into wasm (exported
//! functions, closures), kept in [`SLOT`] for the frame.
//! Where it counts is the `aim` module's business; this one knows no site.

use core::sync::atomic::{AtomicBool, AtomicU32, Ordering::Relaxed};

use crate::tally::Mode;
use crate::word::Word32;

/// What the probe reads and writes, as u32 words at the address
/// `__wasm_ledger_exact_slot` returns: `aim`, the address of the running
/// site's crossing counter (0: none); `on`; `unannotated`, the counter of
/// the row for closures made while no annotated code ran; then what the
/// probe counts itself: calls from JS into wasm (a u64 as two halves), and
/// exported objects JS made and freed.
#[repr(C)]
pub(crate) struct Slot {
    pub(crate) aim: Word32,
    on: Word32,
    unannotated: AtomicU32,
    js_calls_low: AtomicU32,
    js_calls_high: AtomicU32,
    objects_made: AtomicU32,
    objects_freed: AtomicU32,
    /// The probe follows closures (wasm-bindgen 0.2.115 on: every release
    /// goes through `_wbg_cb_unref`); before, the ledger keeps its own
    /// closure counts in exact mode too.
    closures: AtomicU32,
    /// 1 while the ledger wants turns: the probe calls `__wasm_ledger_turn`
    /// when a call from JS into wasm that ran annotated code returns to JS
    /// (no wasm below it). 0 once frames are marked.
    turns: AtomicU32,
    /// Microseconds the thread spent in the outermost calls from JS into
    /// wasm (wrapping): the probe adds each one's time when it returns.
    busy_us: AtomicU32,
    /// 1 while an outermost call from JS into wasm runs (2 if the probe
    /// calls `__wasm_ledger_turn` when it returns, where turns are wanted),
    /// and when it began (microseconds since the time origin, wrapping):
    /// the ledger adds the part of it under way.
    in_call: AtomicU32,
    call_start_us: AtomicU32,
    /// The whole app's row table (see `rows`): its address, its capacity
    /// in rows, and how many rows the probe has used.
    rows: AtomicU32,
    rows_cap: AtomicU32,
    rows_used: AtomicU32,
    /// 1 while the whole app is counted ([`Config::whole_app`](crate::Config::whole_app)).
    whole: AtomicU32,
    /// Microseconds the probe spent on its own work (the stacks it takes
    /// for the whole app), wrapping: the ledger's time, not the app's.
    probe_own_us: AtomicU32,
    /// The microseconds the ledger's work at the last turn's end took, as
    /// the probe timed its call (turns get their time from the probe).
    turn_own_us: AtomicU32,
    /// 1 while the ledger prints a report or draws the HUD: its output.
    output: AtomicU32,
    /// The ledger's own calls into JS the probe saw (wrapping): outside
    /// its output (the boundary's bookkeeping, which should need none),
    /// and in it.
    own_calls: AtomicU32,
    output_calls: AtomicU32,
}

pub(crate) static SLOT: Slot = Slot {
    aim: Word32::new(0),
    on: Word32::new(0),
    unannotated: AtomicU32::new(0),
    js_calls_low: AtomicU32::new(0),
    js_calls_high: AtomicU32::new(0),
    objects_made: AtomicU32::new(0),
    objects_freed: AtomicU32::new(0),
    closures: AtomicU32::new(0),
    turns: AtomicU32::new(0),
    busy_us: AtomicU32::new(0),
    in_call: AtomicU32::new(0),
    call_start_us: AtomicU32::new(0),
    rows: AtomicU32::new(0),
    rows_cap: AtomicU32::new(0),
    rows_used: AtomicU32::new(0),
    whole: AtomicU32::new(1),
    probe_own_us: AtomicU32::new(0),
    turn_own_us: AtomicU32::new(0),
    output: AtomicU32::new(0),
    own_calls: AtomicU32::new(0),
    output_calls: AtomicU32::new(0),
};

/// The version of the probe's side of the slot this runtime speaks; the
/// probe passes its own when it attaches.
#[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
const PROBE_API: u32 = 11;

/// Whether the probe attached to this module.
static ATTACHED: AtomicBool = AtomicBool::new(false);
/// The probe that tried to attach spoke another version.
static MISMATCH: AtomicBool = AtomicBool::new(false);
/// `set_exact(false)` was called.
static SWITCHED_OFF: AtomicBool = AtomicBool::new(false);

/// The body site of the annotated function that is running (its crossing
/// counter's address), aimed at between its instrumented calls.
pub(crate) static BODY: Word32 = Word32::new(0);

/// The probe attaches, with its version (see the ledger's
/// `__wasm_ledger_exact_slot`): the slot's address, and exact mode on; 0,
/// and the estimate, if the versions differ or the probe is not there.
/// `unannotated` gives the address of the crossing counter of the row for
/// closures made while no annotated code runs, asked only once attached.
#[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
pub(crate) fn attach(probe_api: u32, unannotated: impl FnOnce() -> u32, rows: (u32, u32)) -> u32 {
    if probe_api != PROBE_API {
        MISMATCH.store(true, Relaxed);
        return 0;
    }
    // The probe answering through the module's own import of it: that
    // import is also what makes every ledger build's glue load the probe.
    if !crate::probe::loaded() {
        return 0;
    }
    ATTACHED.store(true, Relaxed);
    SLOT.unannotated.store(unannotated(), Relaxed);
    SLOT.rows.store(rows.0, Relaxed);
    SLOT.rows_cap.store(rows.1, Relaxed);
    SLOT.on.store(1, Relaxed);
    &SLOT as *const Slot as usize as u32
}

/// Whether the probe counts the whole app (see `Config::whole_app`).
pub(crate) fn set_whole_app(on: bool) {
    SLOT.whole.store(u32::from(on), Relaxed);
}

/// The probe's wrapping count of microseconds spent on its own work.
pub(crate) fn turn_own_ms() -> f64 {
    f64::from(SLOT.turn_own_us.load(Relaxed)) / 1000.0
}

pub(crate) fn probe_own_us() -> u32 {
    SLOT.probe_own_us.load(Relaxed)
}

/// Runs `f` as the ledger's output (a report, a warning, the HUD, a
/// snapshot the app asked for): the probe counts the calls into JS it
/// makes apart from the ledger's other calls. Nests.
pub(crate) fn as_output<R>(f: impl FnOnce() -> R) -> R {
    let outer = SLOT.output.swap(1, Relaxed);
    let out = f();
    SLOT.output.store(outer, Relaxed);
    out
}

/// The ledger's own calls into JS so far, as the probe counted them
/// (wrapping): outside its output, and in it.
pub(crate) fn own_calls() -> (u32, u32) {
    (
        SLOT.own_calls.load(Relaxed),
        SLOT.output_calls.load(Relaxed),
    )
}

/// How many rows of the whole app's table the probe has used.
pub(crate) fn rows_used() -> usize {
    SLOT.rows_used.load(Relaxed) as usize
}

/// Whether the probe should report turns (see [`Slot::turns`]).
pub(crate) fn set_turns(on: bool) {
    SLOT.turns.store(u32::from(on), Relaxed);
}

/// Whether crossings are counted exactly, by the probe (`true`), or
/// estimated from the call sites' types ([`estimate_reason`] says why).
pub fn exact() -> bool {
    on()
}

/// Why crossings are estimated rather than counted by the probe, or `None`
/// in exact mode.
///
/// ```
/// // On the host there is no probe: the ledger estimates.
/// assert!(wasm_ledger::estimate_reason().is_some());
/// ```
pub fn estimate_reason() -> Option<&'static str> {
    if on() {
        return None;
    }
    Some(if !cfg!(wasm_ledger_on) {
        "the ledger is off in this build"
    } else if !cfg!(wasm_ledger_exact) {
        "built with `--cfg wasm_ledger_estimate`: the probe is left out"
    } else if !cfg!(target_arch = "wasm32") {
        "not a wasm32 build: there is no probe"
    } else if SWITCHED_OFF.load(Relaxed) {
        "switched off with `set_exact(false)`"
    } else if MISMATCH.load(Relaxed) {
        "the probe (js/probe.js) loaded is of another wasm-ledger version"
    } else if !probe_loaded() {
        "the probe (js/probe.js) did not load"
    } else {
        "the probe loaded after the module was instantiated, or the module was instantiated \
         without WebAssembly.instantiate, instantiateStreaming or new WebAssembly.Instance \
         (a bundler's own wasm loader): it could not wrap the imports"
    })
}

/// Asks the probe whether it is there; the call also keeps its import in
/// the glue (the glue loads the probe before the module because of it).
fn probe_loaded() -> bool {
    #[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
    return crate::probe::loaded();
    #[cfg(not(all(target_arch = "wasm32", wasm_ledger_exact)))]
    false
}

/// Switches exact mode on or off; it can be on only where the probe
/// attached (see [`estimate_reason`]). Returns whether exact mode is now on.
pub fn set_exact(on: bool) -> bool {
    let on = on && ATTACHED.load(Relaxed);
    SWITCHED_OFF.store(!on && ATTACHED.load(Relaxed), Relaxed);
    // Functions entered while it was off put nothing back: start clean.
    SLOT.aim.store(0, Relaxed);
    BODY.store(0, Relaxed);
    SLOT.on.store(u32::from(on), Relaxed);
    on
}

/// Whether closures are counted by the probe: exact mode, with a
/// wasm-bindgen whose closures it can follow.
pub(crate) fn closures_seen() -> bool {
    on() && SLOT.closures.load(Relaxed) != 0
}

/// Whether the probe follows closures (exact mode, with wasm-bindgen
/// 0.2.115 or newer, whose every closure release goes through one import):
/// then closures made outside annotated code are counted at the lines that
/// made them, and judged there.
pub fn follows_closures() -> bool {
    closures_seen()
}

/// How a site's counters are read now: exact mode, and whether the probe
/// follows closures. Read once where data is built, and passed on.
pub(crate) fn mode() -> Mode {
    Mode {
        exact: on(),
        closures: closures_seen(),
    }
}

/// Calls from JS into wasm since the start (exported functions and
/// closures), as the probe counted them; 0 outside exact mode.
pub(crate) fn js_calls() -> u64 {
    let low = u64::from(SLOT.js_calls_low.load(Relaxed));
    let high = u64::from(SLOT.js_calls_high.load(Relaxed));
    (high << 32) | low
}

/// The probe's wrapping count of microseconds spent in calls from JS into
/// wasm until `now_ms` (the same clock as the probe's), the call under way
/// included: the ledger takes differences.
pub(crate) fn busy_us(now_ms: Option<f64>) -> u32 {
    let done = SLOT.busy_us.load(Relaxed);
    match now_ms {
        Some(now) if SLOT.in_call.load(Relaxed) != 0 => {
            let now_us = (now * 1000.0) as u64 as u32;
            done.wrapping_add(now_us.wrapping_sub(SLOT.call_start_us.load(Relaxed)))
        }
        _ => done,
    }
}

/// Whether the probe is timing a call from JS into wasm now (then the
/// ledger needs no clock of its own for the frame's work).
pub(crate) fn timing() -> bool {
    on() && SLOT.in_call.load(Relaxed) != 0
}

/// Whether the call from JS into wasm under way returns through the probe,
/// which then calls `__wasm_ledger_turn` with the time if turns are wanted
/// (not the start function's: start-up is frame 0).
pub(crate) fn returns_through_probe() -> bool {
    on() && SLOT.in_call.load(Relaxed) == 2
}

/// The probe's account of start-up (exact mode, once it attached).
pub(crate) fn startup() -> Option<crate::startup::Startup> {
    #[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
    if on() {
        return crate::startup::Startup::parse(&crate::probe::startup());
    }
    None
}

/// Exported `#[wasm_bindgen]` objects JS made and freed (by `free()` or
/// by its finalization registry) since the start, as the probe counted.
pub(crate) fn objects() -> (u64, u64) {
    (
        u64::from(SLOT.objects_made.load(Relaxed)),
        u64::from(SLOT.objects_freed.load(Relaxed)),
    )
}

/// Calls from JS into each exported function since the start, busiest
/// first (exact mode; empty otherwise). One call into the probe.
pub(crate) fn js_calls_by_export() -> Vec<(String, u64)> {
    #[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
    if on() {
        return busiest_first(crate::probe::js_calls_by_export());
    }
    Vec::new()
}

/// Exported objects JS made and has not freed, per type, most first
/// (exact mode; empty otherwise). One call into the probe.
pub(crate) fn live_objects_by_type() -> Vec<(String, u64)> {
    #[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
    if on() {
        return busiest_first(crate::probe::live_objects_by_type());
    }
    Vec::new()
}

#[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
fn busiest_first(counts: std::collections::BTreeMap<String, u64>) -> Vec<(String, u64)> {
    // The map gives them by name: ties stay in that order.
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    crate::order::most_first(&mut v, |e| e.1);
    v
}

/// Whether exact mode is on now: the probe counts crossings.
#[inline(always)]
pub(crate) fn on() -> bool {
    cfg!(wasm_ledger_exact) && SLOT.on.load(Relaxed) != 0
}
