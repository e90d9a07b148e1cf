//! The ledger's state and the frame boundary: the thread's frames, their
//! history and configuration, closing a frame (or turn), and the snapshot
//! of it all as plain data (the types are in `config` and `frame`).
//!
//! Counting happens on [`Site`]s; this module runs only at a frame boundary
//! (or when a user asks for a snapshot), so it may allocate and sort.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use crate::boundary::{self, Clock, Readings, ReportClock};
use crate::config::Config;
use crate::detect::Detectors;
use crate::frame::{sort_busiest_first, Frame, SiteTally, Snapshot};
use crate::output;
use crate::panel;
use crate::report::Report;
use crate::site::Site;
use crate::startup::Startup;
use crate::tally::{Mode, Tally};
use crate::warning::WarningKind;
use crate::{aim, exact, json, platform, rows};

#[derive(Default)]
struct Ledger {
    config: Config,
    next_index: u64,
    history: VecDeque<Frame>,
    /// What the last boundary kept for this one.
    clock: Clock,
    /// When the last periodic report was printed, and how many frames or
    /// turns had ended then.
    report_clock: ReportClock,
    detectors: Detectors,
    /// Start-up, asked of the probe once.
    startup: Option<Option<Startup>>,
    /// The start-up line still to go in a report.
    startup_unreported: bool,
    /// The HUD: shown, and drawn last when.
    hud: panel::State,
    /// The last boundary was a turn's end the probe called and timed: its
    /// own time is in the probe's slot.
    own_from_probe: bool,
    /// A frame that ended inside a call from JS that returns through the
    /// probe: its counts are taken, the rest of its boundary waits for the
    /// call's return, where the probe hands over the time.
    pending: Option<Taken>,
    /// The probe's counts of the ledger's own calls into JS (outside its
    /// output, in it) when the last report began.
    own_calls_at_report: (u32, u32),
}

/// A frame's counts, taken where it ended: every site's since the last
/// boundary, and what was read with them (all but the time).
struct Taken {
    sites: Vec<SiteTally>,
    elsewhere_sites: Vec<SiteTally>,
    readings: Readings,
}

thread_local! {
    static LEDGER: RefCell<Ledger> = RefCell::new(Ledger::default());
    /// Nesting depth of `#[frame]` functions: only the outermost one ends a
    /// frame, so a frame function may call another.
    static FRAME_DEPTH: Cell<u32> = const { Cell::new(0) };
    static FRAMES_MARKED: Cell<bool> = const { Cell::new(false) };
    /// A turn ended while no frame was marked.
    static TURNS: Cell<bool> = const { Cell::new(false) };
    /// Times the ledger could not do its work (re-entered while busy).
    static SKIPPED: Cell<u64> = const { Cell::new(0) };
    /// When the outermost `#[frame]` function was entered.
    static FRAME_START: Cell<Option<f64>> = const { Cell::new(None) };
    /// The ledger's own work since the last boundary outside it
    /// ([`snapshot`], [`Snapshot::to_json`] called by the app), in ms.
    static OWN_EXTRA: Cell<f64> = const { Cell::new(0.0) };
}

/// Changes the ledger's configuration.
///
/// ```
/// wasm_ledger::configure(wasm_ledger::Config { report_every: 120, ..Default::default() });
/// assert_eq!(wasm_ledger::config().report_every, 120);
/// ```
pub fn configure(config: Config) {
    exact::set_whole_app(config.whole_app);
    with_ledger(|l| {
        l.config = config;
        while l.history.len() > l.config.frame_window {
            l.history.pop_front();
        }
    });
}

/// The ledger's configuration.
///
/// ```
/// assert_eq!(wasm_ledger::config().frame_window, wasm_ledger::DEFAULT_FRAME_WINDOW);
/// ```
pub fn config() -> Config {
    LEDGER
        .try_with(|l| l.try_borrow().map(|l| l.config.clone()).unwrap_or_default())
        .unwrap_or_default()
}

/// Runs `f` on the ledger unless it is busy (a re-entrant call from inside
/// the ledger itself): then the work is skipped and counted, never a panic.
fn with_ledger<R>(f: impl FnOnce(&mut Ledger) -> R) -> Option<R> {
    let r = LEDGER
        .try_with(|l| l.try_borrow_mut().ok().map(|mut l| f(&mut l)))
        .ok()
        .flatten();
    if r.is_none() {
        let _ = SKIPPED.try_with(|s| s.set(s.get() + 1));
    }
    r
}

/// Ends the current frame: gathers what every site counted since the last
/// boundary, keeps the frame in the window and, every
/// [`Config::report_every`] frames, prints a report.
///
/// `#[wasm_ledger::frame]` calls this when the outermost frame function
/// returns; call it yourself if your app drives its own loop.
///
/// ```
/// wasm_ledger::end_frame();
/// assert!(wasm_ledger::snapshot().frames_marked);
/// ```
pub fn end_frame() {
    if !cfg!(wasm_ledger_on) {
        return;
    }
    // The first mark ends turns for good: the probe stops asking.
    if !FRAMES_MARKED.try_with(|m| m.replace(true)).unwrap_or(true) {
        exact::set_turns(false);
    }
    let before = aim::unaim();
    // A frame that ends inside a call from JS the probe times and ends
    // with a call to the ledger takes its counts now and the time when
    // that call returns: the boundary calls no clock of JS.
    // A frame still waiting for its call's return ends first.
    close_pending();
    if exact::returns_through_probe() {
        let taken = with_ledger(|l| {
            let readings = read_counts();
            let (sites, elsewhere_sites) = take_counts(l, readings.mode);
            l.pending = Some(Taken {
                sites,
                elsewhere_sites,
                readings,
            });
        });
        if taken.is_some() {
            exact::set_turns(true);
        }
    } else {
        close_unaimed(false);
    }
    aim::restore(before);
}

/// Closes the frame whose counts were taken where it ended and whose call
/// from JS has not returned yet (a reader wants the frame now, or a
/// second frame ends in the same call): with a clock of its own.
/// Then the probe calls the ledger at a call's return only if turns are
/// wanted.
fn close_pending() {
    if let Some(Some(pending)) = with_ledger(|l| l.pending.take()) {
        finish(pending, false);
        exact::set_turns(wants_turns());
    }
}

/// Whether a frame waits for its call's return.
fn has_pending() -> bool {
    LEDGER
        .try_with(|l| l.try_borrow().is_ok_and(|l| l.pending.is_some()))
        .unwrap_or(false)
}

/// Closes a frame still waiting for its time, before anything reads the
/// ledger's frames.
fn settle() {
    if cfg!(wasm_ledger_on) && has_pending() {
        let before = aim::unaim();
        close_pending();
        aim::restore(before);
    }
}

/// Whether boundaries are still turns: no frame was ever marked.
pub(crate) fn wants_turns() -> bool {
    !FRAMES_MARKED.try_with(Cell::get).unwrap_or(true)
}

/// Ends a turn: a call from JS into wasm that ran annotated code returned
/// to JS (the probe says so). Ignored once frames are marked: then frames
/// are the boundaries.
pub(crate) fn end_turn() {
    if !cfg!(wasm_ledger_on) || !wants_turns() {
        return;
    }
    let _ = TURNS.try_with(|t| t.set(true));
    close(true);
}

/// Watches the whole app: the one call an app with no annotation needs (at
/// start-up, anywhere before the first event). The ledger itself needs no
/// setup, but a crate that names nothing of `wasm_ledger` is not linked into
/// the module, and then nothing watches it; this call links it. From then on
/// every call into JS is counted by JS API, and the closures code that is
/// not annotated makes are counted at the lines that made them (see the
/// `whole` module's [`WholeApp`](crate::WholeApp)). Annotating functions
/// adds exact per-line counts and the compile-time checks.
///
/// Off (release builds by default) it is an empty inline function: the
/// call is gone from the module.
///
/// ```
/// wasm_ledger::init();
/// ```
#[inline]
pub fn init() {
    if cfg!(wasm_ledger_on) {
        init_on();
    }
}

#[inline(never)]
fn init_on() {
    // Nothing to start: the probe attaches when the module is instantiated
    // and calls the ledger at the end of each turn. Keeps the ledger's
    // exports (and with them the glue's import of the probe) in the module.
    let _ = exact::exact();
}

/// Called once by the probe when it instantiates the module, with the
/// probe's version: the slot's address, and exact mode on (0, and the
/// estimate, if the versions differ).
#[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
#[no_mangle]
pub extern "C" fn __wasm_ledger_exact_slot(probe_api: u32) -> u32 {
    let slot = exact::attach(probe_api, aim::unannotated, rows::table());
    if slot != 0 {
        exact::set_turns(wants_turns());
    }
    slot
}

/// Called by the probe when a call from JS into wasm in which annotated
/// code counted something returns to JS: the end of a turn. Never
/// counted at a site (the probe aims at none while it runs).
#[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
#[no_mangle]
pub extern "C" fn __wasm_ledger_turn(now_ms: f64, live_handles: f64) {
    // A frame ended in the call that returned: it closes now, with the
    // probe's time. With no such frame (one read in that call closed
    // already) and frames marked, the time is nobody's.
    let pending = has_pending();
    if !pending && !wants_turns() {
        exact::set_turns(false);
        return;
    }
    let _ = PROBE_NOW.try_with(|n| n.set(Some(now_ms)));
    if live_handles >= 0.0 {
        let _ = PROBE_LIVE.try_with(|n| n.set(Some(live_handles as u32)));
    }
    if pending {
        settle();
    } else {
        end_turn();
    }
}

thread_local! {
    /// The time the probe handed to the turn's end (ms since the time
    /// origin): the boundary reads no clock of its own then.
    static PROBE_NOW: Cell<Option<f64>> = const { Cell::new(None) };
    /// The live handle count the probe handed to the turn's end, where the
    /// glue counts them in JS (older wasm-bindgen): asked of JS by JS.
    static PROBE_LIVE: Cell<Option<u32>> = const { Cell::new(None) };
    /// The last JSON handed to the probe, and where it is: (address, length).
    #[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
    static JSON_OUT: RefCell<(String, [u32; 2])> = const { RefCell::new((String::new(), [0; 2])) };
}

/// Called by the probe for `__wasmLedgerProbe.snapshot()` (tools, the
/// devtools console): [`snapshot`]'s JSON, kept until the next call; returns
/// the address of its (address, length) pair.
#[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
#[no_mangle]
pub extern "C" fn __wasm_ledger_snapshot_json() -> u32 {
    let json = snapshot().to_json();
    JSON_OUT
        .try_with(|out| {
            let Ok(mut out) = out.try_borrow_mut() else {
                return 0;
            };
            out.0 = json;
            out.1 = [out.0.as_ptr() as usize as u32, out.0.len() as u32];
            out.1.as_ptr() as usize as u32
        })
        .unwrap_or(0)
}

/// Closes the frame (or turn) under way, aimed at no site.
fn close(turn: bool) {
    let before = aim::unaim();
    close_unaimed(turn);
    aim::restore(before);
}

fn close_unaimed(turn: bool) {
    let readings = read_counts();
    let Some((sites, elsewhere_sites)) = with_ledger(|l| take_counts(l, readings.mode)) else {
        return;
    };
    let taken = Taken {
        sites,
        elsewhere_sites,
        readings,
    };
    finish(taken, turn);
}

/// The rest of a boundary, once its counts are taken: the time, the
/// finished frame and its detectors, then the sinks. The time comes from
/// the probe where it called the ledger at a call's return (it times the
/// ledger's work there too, and the boundary calls no clock of JS), else
/// from the clock.
fn finish(taken: Taken, turn: bool) {
    let Taken {
        sites,
        elsewhere_sites,
        mut readings,
    } = taken;
    let from_probe = PROBE_NOW.try_with(Cell::take).ok().flatten();
    let probe_timed = from_probe.is_some();
    let now_ms = from_probe.or_else(platform::now_ms);
    readings.now_ms = now_ms;
    readings.busy_us = exact::busy_us(now_ms);
    readings.live_handles = PROBE_LIVE
        .try_with(Cell::take)
        .ok()
        .flatten()
        .or_else(platform::live_handles);
    let Some((found, due)) = with_ledger(|l| {
        // The probe timed the last boundary, at its call's return: that is
        // the ledger's own time there.
        if l.own_from_probe {
            l.clock.own_ms = Some(exact::turn_own_ms());
        }
        l.own_from_probe = probe_timed;
        boundary_steps(l, &readings, turn, sites, elsewhere_sites)
    }) else {
        return;
    };
    sinks(&found, due, &readings, probe_timed);
}

/// Everything the boundary needs from the world but the time (and the
/// live handles, which may come with it), read once where the frame (or
/// turn) ends; no call into JS.
fn read_counts() -> Readings {
    let mode = exact::mode();
    Readings {
        now_ms: None,
        pages: platform::memory_pages(),
        // With the time: the probe hands it over at a call's return where
        // the glue counts handles in JS (older wasm-bindgen).
        live_handles: None,
        busy_us: 0,
        probe_own_us: exact::probe_own_us(),
        js_calls: exact::js_calls(),
        objects: mode.exact.then(exact::objects),
        frame_start_ms: FRAME_START.try_with(Cell::take).ok().flatten(),
        own_extra_ms: OWN_EXTRA.try_with(|e| e.replace(0.0)).unwrap_or(0.0),
        mode,
    }
}

/// The sites' counts since the last boundary, into the lists of the frame
/// the window lets go of (once it is full: no allocation per frame).
fn take_counts(l: &mut Ledger, mode: Mode) -> (Vec<SiteTally>, Vec<SiteTally>) {
    let window = l.config.frame_window.max(1);
    let (mut sites, mut elsewhere_sites) = (Vec::new(), Vec::new());
    while l.history.len() >= window {
        if let Some(old) = l.history.pop_front() {
            sites = old.sites;
            elsewhere_sites = old.elsewhere_sites;
        }
    }
    take_sites(mode, &mut sites, &mut elsewhere_sites);
    (sites, elsewhere_sites)
}

/// The sites' counts since the last boundary, annotated ones and the rest,
/// into `sites` and `elsewhere_sites` (cleared first).
fn take_sites(mode: Mode, sites: &mut Vec<SiteTally>, elsewhere_sites: &mut Vec<SiteTally>) {
    sites.clear();
    elsewhere_sites.clear();
    // The whole app's rows, as the probe counted them, into their sites.
    rows::sync();
    for site in Site::all() {
        let tally = site.take_frame(mode);
        if tally.is_empty() {
            continue;
        }
        if site.is_annotated() {
            sites.push(SiteTally { site, tally });
        } else {
            elsewhere_sites.push(SiteTally { site, tally });
        }
    }
}

/// The boundary, as steps: the finished frame from the sites and the
/// readings (a pure function), into the window; the detectors' new
/// warnings; whether a periodic report is due.
fn boundary_steps(
    l: &mut Ledger,
    readings: &Readings,
    turn: bool,
    sites: Vec<SiteTally>,
    elsewhere_sites: Vec<SiteTally>,
) -> (Vec<crate::warning::Warning>, bool) {
    let mode = readings.mode;
    let (figures, clock) = boundary::figures(readings, l.clock, turn);
    l.clock = clock;
    let frame = boundary::frame(
        l.next_index,
        turn,
        sites,
        elsewhere_sites,
        l.config.frame_sites,
        readings,
        &figures,
    );
    l.history.push_back(frame);
    l.next_index += 1;
    if l.startup.is_none() && mode.exact {
        let startup = exact::startup();
        l.startup_unreported = startup.is_some();
        l.startup = Some(startup);
    }
    let Ledger {
        detectors,
        history,
        config,
        ..
    } = &mut *l;
    let found = match history.back() {
        Some(frame) => detectors.observe(
            frame,
            history,
            readings.pages,
            config,
            &crate::detect::Ask {
                objects_by_type: &exact::live_objects_by_type,
                page_held: &rows::page_held,
                js_frees: &rows::js_frees,
                page_handles: &rows::page_handles,
                detached_views: &rows::detached_views,
                cache_lens: &crate::detect::cache_lens,
                heap: &crate::heap::live_by_site,
                page_nodes: &rows::page_nodes,
            },
            mode,
        ),
        None => Vec::new(),
    };
    if l.config.frame_window == 0 {
        l.history.clear();
    }
    let (due, report_clock) = boundary::report_due(
        l.next_index,
        l.config.report_every,
        turn,
        l.config.report_interval_ms,
        readings.now_ms,
        l.report_clock,
    );
    l.report_clock = report_clock;
    (found, due)
}

/// The finished frame's sinks: each new warning printed once, the periodic
/// report when due, the HUD; then the ledger's own time at this boundary,
/// for the next one.
fn sinks(found: &[crate::warning::Warning], due: bool, readings: &Readings, probe_timed: bool) {
    for w in found {
        output::warn(&w.line());
    }
    if due {
        report();
    }
    let _ = with_ledger(|l| {
        let Ledger {
            hud,
            history,
            config,
            detectors,
            ..
        } = &mut *l;
        if let Some(frame) = history.back() {
            exact::as_output(|| hud.frame(config, frame, &detectors.warnings, readings.mode));
        }
        l.clock.own_ms = match (readings.now_ms, probe_timed) {
            // The probe writes it when this boundary's call returns.
            (_, true) => None,
            (Some(start), false) => platform::now_ms().map(|end| (end - start).max(0.0)),
            (None, false) => None,
        };
        l.clock.own_in_call = !probe_timed;
    });
    // The reports printed in here are in `own_ms` already.
    let _ = OWN_EXTRA.try_with(|e| e.set(0.0));
}

/// Prints the report for the frames since the last report (or the last
/// [`Config::report_every`] frames): one collapsed console group with a
/// summary line and a table of the busiest sites.
///
/// ```
/// wasm_ledger::report(); // nothing to report yet: prints a one-line summary
/// ```
pub fn report() {
    if !cfg!(wasm_ledger_on) {
        return;
    }
    exact::as_output(|| {
        settle();
        let before = aim::unaim();
        report_unaimed();
        aim::restore(before);
    });
}

fn report_unaimed() {
    // What the ledger itself called in JS since the last report began, as
    // the probe counted it.
    let own_now = exact::own_calls();
    let config = config();
    // Only the frames the report covers are copied, not the whole window.
    let snap = snapshot_last(
        config.report_every.max(1) as usize,
        config.table_rows as u32,
    );
    let mut report = Report::new(&snap, &snap.frames, config.table_rows);
    // Start-up is told once, in the first report after it is known.
    if with_ledger(|l| core::mem::take(&mut l.startup_unreported)) == Some(true) {
        if let Some(s) = &snap.startup {
            report.notes.insert(0, s.line());
        }
    }
    if let Some(at) = with_ledger(|l| core::mem::replace(&mut l.own_calls_at_report, own_now)) {
        if snap.exact {
            let (bookkeeping, out) = (own_now.0.wrapping_sub(at.0), own_now.1.wrapping_sub(at.1));
            report
                .notes
                .push(crate::report::own_calls_note(bookkeeping, out));
        }
    }
    output::report(&report);
}

/// The ledger's contents as plain data: a window of recent frames, every
/// site's totals, and the frame under way.
///
/// ```
/// let snapshot = wasm_ledger::snapshot();
/// assert!(snapshot.frames.len() <= wasm_ledger::config().frame_window);
/// let json = snapshot.to_json();
/// assert!(json.starts_with("{\"version\":3,"));
/// ```
pub fn snapshot() -> Snapshot {
    // The app asked for it: the ledger's output, like a report.
    exact::as_output(|| {
        settle();
        let before = aim::unaim();
        let started = platform::now_ms();
        let snap = snapshot_last(usize::MAX, SNAPSHOT_PLACES);
        own_work_since(started);
        aim::restore(before);
        snap
    })
}

/// The ledger's own work outside a boundary, begun at `started`: not the
/// app's in its frame's time (see [`Frame::ledger_ms`]).
pub(crate) fn own_work_since(started: Option<f64>) {
    if let (Some(start), Some(end)) = (started, platform::now_ms()) {
        let _ = OWN_EXTRA.try_with(|e| e.set(e.get() + (end - start)));
    }
}

/// The whole app's sampled places a [`snapshot`] holds, busiest first.
const SNAPSHOT_PLACES: u32 = 200;

/// [`snapshot`] with at most the last `frames` frames, and the whole app's
/// `places` busiest places.
fn snapshot_last(frames: usize, places: u32) -> Snapshot {
    let turns = TURNS.try_with(Cell::get).unwrap_or(false) && wants_turns();
    let frames_marked = FRAMES_MARKED.try_with(Cell::get).unwrap_or(false) || turns;
    // Read once: every tally of the snapshot is in the mode it reports.
    let mode = exact::mode();
    rows::sync();
    let (mut sites, mut elsewhere): (Vec<SiteTally>, Vec<SiteTally>) = Site::all()
        .map(|site| SiteTally {
            site,
            tally: site.total_in(mode),
        })
        .partition(|s| s.site.is_annotated());
    sort_busiest_first(&mut sites);
    sort_busiest_first(&mut elsewhere);
    let mut current = Tally::default();
    for s in &sites {
        current.add(&s.site.since_frame_end(mode));
    }
    let whole_app = rows::whole_app(places.max(1));
    LEDGER
        .try_with(|ledger| match ledger.try_borrow() {
            Ok(ledger) => Snapshot {
                frames: ledger
                    .history
                    .iter()
                    .skip(ledger.history.len().saturating_sub(frames))
                    .cloned()
                    .collect(),
                frames_total: ledger.next_index,
                frames_marked,
                turns,
                current,
                sites,
                elsewhere,
                whole_app,
                warnings: ledger.detectors.warnings.clone(),
                exact: mode.exact,
                estimate_reason: exact::estimate_reason(),
                js_calls_by_export: exact::js_calls_by_export(),
                live_objects_by_type: exact::live_objects_by_type(),
                startup: ledger.startup.clone().flatten(),
            },
            Err(_) => Snapshot {
                frames_marked,
                turns,
                current,
                sites,
                elsewhere,
                whole_app,
                exact: mode.exact,
                estimate_reason: exact::estimate_reason(),
                ..Snapshot::default()
            },
        })
        .unwrap_or_default()
}

impl Snapshot {
    /// The snapshot as a JSON document (schema in the `json` module docs,
    /// version 2).
    ///
    /// ```
    /// let json = wasm_ledger::snapshot().to_json();
    /// assert!(json.contains("\"frames_marked\":"));
    /// ```
    pub fn to_json(&self) -> String {
        // The ledger's own work, wherever it is called from: not counted;
        // the app asked for it: the ledger's output.
        let before = aim::unaim();
        let out = exact::as_output(|| {
            let started = platform::now_ms();
            let out = json::document(self);
            own_work_since(started);
            out
        });
        aim::restore(before);
        out
    }
}

/// Raises a warning found outside a frame boundary (a drop), printed once.
pub(crate) fn raise_now(kind: WarningKind, site: &'static Site) {
    if let Some(Some(w)) = with_ledger(|l| {
        let frame = l.next_index;
        l.detectors.raise_now(kind, site, frame)
    }) {
        output::warn(&w.line());
    }
}

/// Forgets every frame, warning and detector memory, and starts a new frame
/// (for tests: see [`crate::testing`]). Sites keep their totals. As at
/// start-up, the boundaries are turns again until a frame is marked.
pub fn reset() {
    for site in Site::all() {
        // Only the mark moves: what was taken is dropped, in any mode.
        site.take_frame(Mode::default());
    }
    let _ = FRAMES_MARKED.try_with(|m| m.set(false));
    let _ = TURNS.try_with(|t| t.set(false));
    exact::set_turns(true);
    let config = config();
    with_ledger(|l| {
        let old = core::mem::take(l);
        *l = Ledger {
            config,
            startup: old.startup,
            // The probe's counters go on: the next frame counts from here.
            clock: Clock {
                busy_us: old.clock.busy_us,
                probe_own_us: old.clock.probe_own_us,
                js_calls: old.clock.js_calls,
                ..Clock::default()
            },
            hud: old.hud.reset(),
            ..Ledger::default()
        };
    });
}

/// The last finished frame, if any.
///
/// ```
/// wasm_ledger::end_frame();
/// assert!(wasm_ledger::last_frame().is_some());
/// ```
pub fn last_frame() -> Option<Frame> {
    // A frame still waiting for its time closes for the reader, as output.
    exact::as_output(settle);
    LEDGER
        .try_with(|ledger| {
            ledger
                .try_borrow()
                .ok()
                .and_then(|l| l.history.back().cloned())
        })
        .ok()
        .flatten()
}

/// How many times the ledger skipped work because it was busy (a report
/// that re-entered it). Zero in a healthy app.
pub fn skipped() -> u64 {
    SKIPPED.try_with(Cell::get).unwrap_or(0)
}

/// Held for the duration of a `#[frame]` function; the outermost one ends
/// the frame when it is dropped (also on early return, `?` and unwinding).
#[doc(hidden)]
pub struct FrameGuard(());

impl FrameGuard {
    #[doc(hidden)]
    #[inline]
    pub fn enter() -> FrameGuard {
        let outermost = FRAME_DEPTH
            .try_with(|d| d.replace(d.get().saturating_add(1)) == 0)
            .unwrap_or(false);
        // The frame function's own time, where the probe is not timing
        // the call from JS it runs in (a test harness, the estimate).
        // A frame still waiting for its call's return ends before this one
        // begins (two frames in one call from JS).
        if outermost {
            settle();
        }
        if outermost && !exact::timing() {
            // The ledger's own call: not the app's crossing.
            let before = aim::unaim();
            let _ = FRAME_START.try_with(|s| s.set(platform::now_ms()));
            aim::restore(before);
        }
        FrameGuard(())
    }
}

impl Drop for FrameGuard {
    fn drop(&mut self) {
        let outermost = FRAME_DEPTH
            .try_with(|d| {
                let depth = d.get().saturating_sub(1);
                d.set(depth);
                depth == 0
            })
            .unwrap_or(false);
        if outermost {
            end_frame();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tally::Counter;

    // Sites are process-wide statics and tests run on several threads, so
    // every assertion here looks only at sites this test owns, and tests
    // that end frames take turns.
    #[test]
    fn a_frame_holds_what_was_counted_since_the_last_boundary() {
        let _serial = crate::tests::serial();
        static HOT: Site = Site::new("hot", "tests/ledger_frames.rs", 10, 5);
        static COLD: Site = Site::new("cold", "tests/ledger_frames.rs", 20, 5);
        for _ in 0..3 {
            HOT.cross();
        }
        HOT.add(Counter::Handles, 2);
        COLD.cross();
        end_frame();
        let first = last_frame().unwrap();
        assert_eq!(
            first.site(&HOT),
            Some(Tally {
                crossings: 3,
                handles: 2,
                ..Tally::default()
            })
        );
        assert_eq!(first.site(&COLD).map(|t| t.crossings), Some(1));
        assert!(
            first.sites.iter().position(|s| core::ptr::eq(s.site, &HOT))
                < first
                    .sites
                    .iter()
                    .position(|s| core::ptr::eq(s.site, &COLD))
        );

        HOT.cross();
        assert_eq!(
            snapshot().current.crossings,
            1,
            "the frame under way is in the snapshot"
        );
        end_frame();
        let second = last_frame().unwrap();
        assert_eq!(second.index, first.index + 1);
        assert_eq!(second.site(&HOT).map(|t| t.crossings), Some(1));
        assert_eq!(second.site(&COLD), None, "a quiet site is not in the frame");
        assert!(snapshot().frames_marked);
        assert_eq!(
            snapshot()
                .sites
                .iter()
                .find(|s| core::ptr::eq(s.site, &HOT))
                .unwrap()
                .tally
                .crossings,
            4
        );
    }

    #[test]
    fn without_frames_the_boundaries_are_turns_until_a_frame_is_marked() {
        let _serial = crate::tests::serial();
        static CLICK: Site = Site::new("on_click", "tests/ledger_turns.rs", 7, 5);
        reset();
        configure(Config {
            report_every: 0,
            ..Config::default()
        });
        for _ in 0..3 {
            CLICK.cross();
            end_turn();
        }
        let snap = snapshot();
        assert!(snap.turns && snap.frames_marked);
        assert_eq!(snap.frames_total, 3);
        assert!(snap
            .frames
            .iter()
            .all(|f| f.turn && f.site(&CLICK).is_some()));
        let report = crate::report::Report::new(&snap, &snap.frames, 20);
        assert!(
            report.summary.starts_with("wasm-ledger · turns 0–2 · "),
            "{}",
            report.summary
        );
        assert!(report.lines()[1..]
            .iter()
            .any(|l| l.contains("crossings/turn")));
        end_frame();
        CLICK.cross();
        end_turn();
        let snap = snapshot();
        assert!(!snap.turns, "a marked frame ends turns");
        assert_eq!(snap.frames_total, 4, "the turn after it was ignored");
        configure(Config::default());
        reset();
    }

    #[test]
    fn nested_frame_guards_end_one_frame() {
        let _serial = crate::tests::serial();
        let before = snapshot().frames_total;
        {
            let _outer = FrameGuard::enter();
            let _inner = FrameGuard::enter();
        }
        assert_eq!(snapshot().frames_total, before + 1);
    }

    #[test]
    fn sites_beyond_the_cap_are_counted_not_kept() {
        let _serial = crate::tests::serial();
        configure(Config {
            frame_sites: 10,
            report_every: 0,
            ..Config::default()
        });
        end_frame();
        // 50 distinct sites, the first crossing most.
        let sites: Vec<&'static Site> = (0..50u32)
            .map(|i| &*Box::leak(Box::new(Site::new("many", "tests/cap.rs", i + 1, 1))))
            .collect();
        for (i, site) in sites.iter().enumerate() {
            for _ in 0..(50 - i) {
                site.cross();
            }
        }
        end_frame();
        let frame = last_frame().unwrap();
        configure(Config::default());
        assert_eq!(frame.sites.len(), 10);
        assert_eq!(frame.overflow_sites, 40);
        assert_eq!(
            frame.tally.crossings,
            (1..=50).sum::<u64>(),
            "every crossing is in the totals"
        );
        assert_eq!(frame.sites[0].site.line(), 1, "the busiest are kept");
        let report = crate::report::Report::new(&snapshot(), &[frame], 20);
        assert!(
            report
                .summary
                .contains("up to 40 sites/frame beyond the cap"),
            "{}",
            report.summary
        );
    }

    #[test]
    fn the_window_is_bounded_by_configuration() {
        let _serial = crate::tests::serial();
        configure(Config {
            frame_window: 50,
            report_every: 0,
            ..Config::default()
        });
        for _ in 0..60 {
            end_frame();
        }
        let snap = snapshot();
        assert_eq!(snap.frames.len(), 50);
        assert!(snap.frames_total >= 60);
        configure(Config::default());
    }
}
