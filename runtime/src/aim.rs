//! Aiming: which site the truth probe counts the next calls into JS at.
//!
//! Annotated code *aims* at a site before each instrumented call: it stores
//! the address of the site's crossing counter in the probe's slot (see
//! [the `exact` module](mod@crate::exact)). The probe reads the slot at the start of each import
//! call and adds one to that counter in wasm memory. So a call that crosses
//! three times inside a library helper counts three, where the estimate
//! (from the call's types) counts one. An annotated function aims at its
//! own *body* site on entry, and back at it after each instrumented call,
//! so crossings that no instrumented call makes (`.into()`, calls in macro
//! arguments, drops) are its body's; it puts the aim back as it found it
//! when it returns (or unwinds), so crossings of code that is not annotated
//! are attributed to no site.

use core::sync::atomic::Ordering::Relaxed;

use crate::exact::{on, BODY, SLOT};
use crate::site::Site;

/// Where closures made while no annotated code runs are counted when their
/// creation stack names no Rust function (elsewhere, at the row of the line
/// that made them: `rows`).
#[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
static UNANNOTATED: Site = Site::whole_app(
    crate::site::Origin::Lumped,
    "(unannotated)",
    "(unannotated)",
    0,
    0,
    "",
);

/// The aim while the ledger does its own work: the probe counts nothing
/// (its reports, the clock, the HUD are not the app's crossings). Not a
/// counter's address (those are 8-aligned).
pub(crate) const OWN_AIM: u32 = 1;

/// The `(unannotated)` row, known to the ledger from now on: the address
/// of its crossing counter, for the probe when it attaches.
#[cfg(all(target_arch = "wasm32", wasm_ledger_exact))]
pub(crate) fn unannotated() -> u32 {
    UNANNOTATED.ensure_linked();
    UNANNOTATED.crossings_address()
}

/// What [`enter`] and [`aim_from`] return when exact mode is off: nothing
/// to put back.
pub(crate) const NOT_AIMING: u32 = u32::MAX;

/// Points the slot at `site`'s crossing counter (exact mode is on).
#[inline(always)]
fn point_at(site: &'static Site) {
    // The probe adds to the counter without linking the site.
    site.ensure_linked();
    SLOT.aim.store(site.crossings_address(), Relaxed);
}

/// Aims at `site`: the next calls into JS are its own. Off exact mode, a
/// load and a branch. Exact mode is the common case: inline.
#[inline(always)]
pub(crate) fn aim(site: &'static Site) {
    if on() {
        point_at(site);
    }
}

/// Entering an annotated function whose body site is `body`: aims at it,
/// and returns what to put back on leaving.
#[cfg(wasm_ledger_exact)]
#[inline(always)]
pub(crate) fn enter(body: &'static Site) -> (u32, u32) {
    if on() {
        let before = (SLOT.aim.load(Relaxed), BODY.load(Relaxed));
        point_at(body);
        BODY.store(body.crossings_address(), Relaxed);
        before
    } else {
        (NOT_AIMING, 0)
    }
}

/// Leaving it: the aim and body as they were.
#[cfg(wasm_ledger_exact)]
#[inline(always)]
pub(crate) fn leave(before: (u32, u32)) {
    if before.0 != NOT_AIMING {
        SLOT.aim.store(before.0, Relaxed);
        BODY.store(before.1, Relaxed);
    }
}

/// Aims at `site` and returns the aim it replaces, for [`restore`] after
/// the call: a call in another call's arguments
/// (`list.push(&JsValue::from(x))`) hands the aim back to the outer call,
/// whose own crossing comes after.
#[inline(always)]
pub(crate) fn aim_from(site: &'static Site) -> u32 {
    if on() {
        let before = SLOT.aim.load(Relaxed);
        point_at(site);
        before
    } else {
        NOT_AIMING
    }
}

/// The ledger's own work begins: it is aimed at [`OWN_AIM`] while it runs
/// (its reports and the HUD are not the app's crossings, annotated or
/// not). Returns the aim to [`restore`] after.
pub(crate) fn unaim() -> u32 {
    if on() {
        SLOT.aim.swap(OWN_AIM, Relaxed)
    } else {
        NOT_AIMING
    }
}

/// After an instrumented call: the aim as [`aim_from`] found it.
#[inline(always)]
pub(crate) fn restore(before: u32) {
    if before != NOT_AIMING && on() {
        SLOT.aim.store(before, Relaxed);
    }
}

/// After an instrumented call: back to the running function's body.
#[inline(always)]
pub(crate) fn back() {
    if on() {
        SLOT.aim.store(BODY.load(Relaxed), Relaxed);
    }
}
