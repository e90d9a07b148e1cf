//! Exact mode: the truth probe (`js/probe.js`) counts every call from wasm
//! into JS at the call site that is running.
//!
//! Annotated code *aims* at a site before each instrumented call: it stores
//! the address of the site's crossing counter in [`SLOT`]. The probe, which
//! wraps every import of the module, reads the slot at the start of each
//! import call and adds one to that counter in wasm memory. So a call that
//! crosses three times inside a library helper counts three, where the
//! estimate (from the call's types) counts one. An annotated function aims
//! at its own *body* site on entry, and back at it after each instrumented
//! call, so crossings that no instrumented call makes (`.into()`, calls in
//! macro arguments, drops) are its body's; it puts the aim back as it found
//! it when it returns (or unwinds), so crossings of code that is not
//! annotated are attributed to no site.
//!
//! All of it only with the crate's `exact` feature; without it, annotated
//! code does none of this and the probe only counts totals.
//!
//! The probe finds the slot through the exported function
//! `__wasm_ledger_exact_slot` when it instantiates the module, which also
//! switches exact mode on; without the probe the slot is never read, and
//! the estimate counts as before. Off exact mode, aiming is a load and a
//! branch; method calls on Rust receivers do not aim at all (a Rust call
//! that crosses inside counts at the function's body).

use core::sync::atomic::{AtomicBool, AtomicU32, Ordering::Relaxed};

use crate::site::Site;

/// The probe's view: `aim`, the address of the running site's crossing
/// counter (0: none), then `on`, whether exact mode counts.
#[repr(C)]
pub(crate) struct Slot {
    aim: AtomicU32,
    on: AtomicU32,
}

pub(crate) static SLOT: Slot = Slot {
    aim: AtomicU32::new(0),
    on: AtomicU32::new(0),
};

/// Whether the probe asked for the slot.
static ATTACHED: AtomicBool = AtomicBool::new(false);

/// The body site of the annotated function that is running (its crossing
/// counter's address), aimed at between its instrumented calls.
static BODY: AtomicU32 = AtomicU32::new(0);

/// Called once by the probe when it instantiates the module: the slot's
/// address, and exact mode on.
#[cfg(all(target_arch = "wasm32", wasm_ledger_on, feature = "exact"))]
#[no_mangle]
pub extern "C" fn __wasm_ledger_exact_slot() -> u32 {
    ATTACHED.store(true, Relaxed);
    SLOT.on.store(1, Relaxed);
    &SLOT as *const Slot as usize as u32
}

/// Whether crossings are counted exactly, by the probe (`true`), or
/// estimated from the call sites' types.
pub fn exact() -> bool {
    on()
}

/// Switches exact mode on or off; it can be on only with the `exact`
/// feature and the probe loaded before the module. Returns whether exact
/// mode is now on.
pub fn set_exact(on: bool) -> bool {
    let on = on && ATTACHED.load(Relaxed);
    // Functions entered while it was off put nothing back: start clean.
    SLOT.aim.store(0, Relaxed);
    BODY.store(0, Relaxed);
    SLOT.on.store(u32::from(on), Relaxed);
    on
}

/// What [`enter`] returns when exact mode is off: nothing to put back.
#[cfg(feature = "exact")]
const NOT_AIMING: u32 = u32::MAX;

#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn on() -> bool {
    cfg!(feature = "exact") && SLOT.on.load(Relaxed) != 0
}

/// Aims at `site`: the next calls into JS are its own. Off exact mode, a
/// load and a branch.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn aim(site: &'static Site) {
    if on() {
        aim_exact(site);
    }
}

#[cold]
#[inline(never)]
fn aim_exact(site: &'static Site) {
    // The probe adds to the counter without linking the site.
    site.ensure_linked();
    SLOT.aim.store(site.crossings_address(), Relaxed);
}

/// Entering an annotated function whose body site is `body`: aims at it,
/// and returns what to put back on leaving. Off exact mode, a load and a
/// branch; the rest is out of line. Only with the `exact` feature: without
/// it, entering aims at nothing.
#[cfg(feature = "exact")]
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn enter(body: &'static Site) -> (u32, u32) {
    if on() {
        enter_exact(body)
    } else {
        (NOT_AIMING, 0)
    }
}

#[cfg(feature = "exact")]
#[cold]
#[inline(never)]
fn enter_exact(body: &'static Site) -> (u32, u32) {
    let before = (SLOT.aim.load(Relaxed), BODY.load(Relaxed));
    body.ensure_linked();
    SLOT.aim.store(body.crossings_address(), Relaxed);
    BODY.store(body.crossings_address(), Relaxed);
    before
}

/// Leaving it: the aim and body as they were.
#[cfg(feature = "exact")]
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn leave(before: (u32, u32)) {
    if before.0 != NOT_AIMING {
        leave_exact(before);
    }
}

#[cfg(feature = "exact")]
#[cold]
#[inline(never)]
fn leave_exact(before: (u32, u32)) {
    SLOT.aim.store(before.0, Relaxed);
    BODY.store(before.1, Relaxed);
}

/// After an instrumented call: back to the running function's body.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn back() {
    if on() {
        SLOT.aim.store(BODY.load(Relaxed), Relaxed);
    }
}
