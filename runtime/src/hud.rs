//! The in-page HUD: a small panel in a corner of the page (`js/hud.js`),
//! drawn by the ledger at the frame (or turn) boundary, with the last
//! frames' crossings, live JS handles, closures alive, calls from JS into
//! wasm, bytes copied, frame time and wasm memory as numbers and graphs,
//! and the warnings, newest first.
//!
//! ```no_run
//! wasm_ledger::hud(); // one line, at start-up
//! wasm_ledger::hud_budget(500); // a line on the crossings graph
//! ```
//!
//! Click the panel to cycle it (graphs and warnings, numbers only, one
//! line); its corner button moves it to the next corner; a click on a
//! warning copies its `file:line:col`. It needs a page (no HUD in Node or
//! a worker) and the glue's JS snippets (not with `--cfg
//! wasm_ledger_estimate`); where it cannot draw, the console says why,
//! once. Its own calls into JS are not counted as the app's crossings, and
//! it draws at most once per frame or turn; in builds with the ledger off
//! there is nothing of it.

// This module is the HUD's public face: switching it on, and the corner it
// sits in. The panel's state, and each frame handed to `js/hud.js`, are in
// `panel`.

use crate::config::Config;
pub use crate::config::Corner;
use crate::ledger::{config, configure};

/// Shows the HUD (sets [`Config::hud`]).
pub fn hud() {
    configure(Config {
        hud: true,
        ..config()
    });
}

/// Shows the HUD with a line at `crossings` per frame on its crossings
/// graph (sets [`Config::hud`] and [`Config::hud_budget`]).
pub fn hud_budget(crossings: u64) {
    configure(Config {
        hud: true,
        hud_budget: crossings,
        ..config()
    });
}
