//! # wasm-ledger
//!
//! Counts what annotated Rust code costs at the wasm/JS boundary: every call
//! into JS (a *crossing*), every JS handle and `Closure` made, every byte
//! copied to or from a typed array, per call site and per frame; and warns,
//! naming the line, about the leaks that cross the boundary.
//!
//! ```no_run
//! use wasm_ledger::{frame, track};
//!
//! #[track]
//! fn draw(ctx: &web_sys::CanvasRenderingContext2d, points: &[(f64, f64)]) {
//!     for &(x, y) in points {
//!         ctx.fill_rect(x, y, 1.0, 1.0); // one crossing per point, counted here
//!     }
//! }
//!
//! #[frame]
//! fn on_animation_frame(ctx: &web_sys::CanvasRenderingContext2d) {
//!     draw(ctx, &[(1.0, 2.0)]);
//! } // the frame ends here; every 60 frames the console gets a report
//! ```
//!
//! No frame loop (forms, lists, framework components)? Then each call from
//! JS into wasm that runs annotated code (an event handler, a timer, a
//! promise continuation, an exported function) is a *turn*, and turns are
//! judged and reported as frames are ([`Snapshot::turns`]).
//!
//! Read the numbers with [`snapshot`] (or [`Snapshot::to_json`]), the
//! warnings in [`Snapshot::warnings`], and assert on them in tests with
//! [`testing`].
//!
//! ## On and off
//! Annotated functions are instrumented in builds with debug assertions
//! (`cargo build`), and emitted exactly as written otherwise
//! (`cargo build --release`: the wasm is byte-identical to the crate without
//! the annotations). The `always-on` feature instruments release builds
//! too; `RUSTFLAGS="--cfg wasm_ledger_disable"` turns it off in debug builds.
//!
//! ## Compile-time checks
//! Inside annotated functions, boundary mistakes visible in the code (a
//! `Closure` made in a loop, `forget` every frame, element-by-element
//! copies, a typed-array view kept beyond its statement, boxing in a frame
//! loop, a global fetched in a loop) are warnings at the offending line;
//! `#[track(deny(..))]` makes them errors, `#[track(allow(..))]` silences
//! them. See [`checks`].
//!
//! ## What is counted
//! Method calls on JS receivers, JS functions and constructors, awaits of
//! JS promises, closures made and released, typed-array copies and views;
//! every decision is made at compile time from the types at the call site.
//! The README has the full rules, the table of operations counted exactly
//! (tested against a probe of every wasm import), and the known differences.
//!
//! ## Exact by default
//! Wherever the ledger is on, the wasm-bindgen glue imports the truth probe
//! (`js/probe.js`), which is evaluated before the module is instantiated and
//! wraps its imports: the probe counts every call into JS at the call site
//! that is running (library helpers' inner calls, macro arguments, `.into()`
//! and drops included), every closure wasm-bindgen hands to JS and every
//! release of one, and every call from JS into wasm. No feature, no script
//! tag. Where the probe cannot wrap the imports (a bundler's own wasm
//! loader; `--cfg wasm_ledger_estimate`, needed for wasm-bindgen's
//! `--target no-modules`), crossings are estimated from the call sites'
//! types, and reports say so and why ([`exact`](exact()), [`estimate_reason`],
//! [`set_exact`]).

#![warn(missing_docs)]
// docs.rs marks each feature- or target-gated item with what it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod checks;
pub mod hud;
pub mod testing;

// Plain data: the ledger's model, built and read without its state.
mod config;
mod frame;
mod site;
mod startup;
mod tally;
mod warning;
// Data to text: the printed report and the JSON document.
mod json;
mod report;

// State, and what reads or writes the world around: counting at sites,
// exact mode and the probe's aim, the detectors, the ledger and its frame
// boundary, the HUD panel, the console, the clock and wasm memory.
mod aim;
mod detect;
mod exact;
mod ledger;
mod output;
mod panel;
mod platform;
mod sites;

#[cfg(all(target_arch = "wasm32", any(wasm_ledger_exact, feature = "probe")))]
pub mod probe;

#[doc(hidden)]
pub mod __private;

#[cfg(test)]
mod tests;

pub use config::{Config, DEFAULT_FRAME_WINDOW};
pub use exact::{estimate_reason, exact, set_exact};
pub use frame::{Frame, SiteTally, Snapshot};
pub use hud::{hud, hud_budget, Corner};
pub use ledger::{config, configure, end_frame, last_frame, report, reset, skipped, snapshot};
pub use output::failures as output_failures;
pub use site::Site;
pub use startup::{Compiled, Startup};
pub use tally::Tally;
pub use warning::{Warning, WarningKind};

/// Counts the calls into JS that an annotated function makes.
///
/// Works on a free function, a method, or an `impl` block (every method).
/// See the crate documentation for what counts.
pub use wasm_ledger_macros::track;

/// Marks the function the app calls once per frame: like [`track`], and the
/// frame ends when the outermost `#[frame]` function returns.
pub use wasm_ledger_macros::frame;

/// Chooses the instrumented or the plain version of an annotated function.
/// Generated code only.
#[doc(hidden)]
#[macro_export]
#[cfg(wasm_ledger_on)]
macro_rules! __if_enabled {
    ({ $($on:tt)* } else { $($off:tt)* }) => { $($on)* };
}

/// Chooses the instrumented or the plain version of an annotated function.
/// Generated code only.
#[doc(hidden)]
#[macro_export]
#[cfg(not(wasm_ledger_on))]
macro_rules! __if_enabled {
    ({ $($on:tt)* } else { $($off:tt)* }) => { $($off)* };
}

/// Whether annotated functions are instrumented in this build.
///
/// ```
/// assert_eq!(wasm_ledger::ENABLED, cfg!(debug_assertions));
/// ```
pub const ENABLED: bool = cfg!(wasm_ledger_on);
