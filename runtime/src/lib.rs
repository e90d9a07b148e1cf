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
//! The [`guide`] has the full rules ([`guide::counting`]), the table of
//! operations counted exactly (tested against a probe of every wasm
//! import), and the known differences.
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
pub mod guide;
pub mod hud;
pub mod testing;

// Plain data: the ledger's model, built and read without its state.
mod config;
mod frame;
mod order;
mod site;
mod startup;
mod tally;
mod warning;
mod whole;
// Data to text: the printed report and the JSON document.
mod json;
mod report;

// State, and what reads or writes the world around: counting at sites,
// exact mode and the probe's aim, the detectors, the ledger and its frame
// boundary, the HUD panel, the console, the clock and wasm memory.
mod aim;
mod boundary;
mod detect;
mod exact;
mod heap;
mod ledger;
mod output;
mod panel;
mod platform;
mod rows;
mod sites;
mod word;

#[cfg(all(target_arch = "wasm32", any(wasm_ledger_exact, feature = "probe")))]
pub mod probe;

#[doc(hidden)]
pub mod __private;

#[cfg(test)]
mod tests;

pub use config::{Config, DEFAULT_FRAME_WINDOW};
pub use exact::{estimate_reason, exact, follows_closures, set_exact};
pub use frame::{Frame, SiteTally, Snapshot};
pub use heap::Alloc;
pub use hud::{hud, hud_budget, Corner};
pub use ledger::{
    config, configure, end_frame, init, last_frame, report, reset, skipped, snapshot,
};
pub use output::failures as output_failures;
pub use site::{Origin, Site};
pub use startup::{Compiled, Startup};
pub use tally::Tally;
pub use warning::{Warning, WarningKind};
pub use whole::{Place, WholeApp};

/// Counts what an annotated function costs at the wasm/JS boundary, at each
/// call site of its body.
///
/// Put it on a free function, a method, an associated function, or an
/// `impl` block (then every method in it). Inside the body, every call that
/// crosses into JS (a method on a JS value, a JS function or constructor,
/// an `.await` of a JS promise), every `Closure` made or released and every
/// typed-array copy or view is registered at its own `file:line:col`. What
/// crosses is decided at compile time from the types at the call site; the
/// guide has the rules ([`guide::counting`]). Calls to Rust code, and into functions that are
/// not annotated, are left as written.
///
/// In builds without the ledger (release builds, unless the `always-on`
/// feature is on), the function is emitted exactly as written. The
/// rewrite never changes what the body does: its values, its drop order,
/// its `?`, `return` and `.await` stay as they are.
///
/// # Options
///
/// The compile-time checks (boundary mistakes visible in the body, see
/// [`checks`]) warn by default. Two options change that, each at most once,
/// each taking a list of check names or `all`:
///
/// | option | effect |
/// |---|---|
/// | `deny(<check>, ..)` | these checks are errors (`deny(all)`: every check) |
/// | `allow(<check>, ..)` | these checks are silent (`allow(all)`: every check) |
///
/// A named check overrides `all`: `#[track(deny(all), allow(view_escapes))]`.
/// Naming one check in both is an error, and so is an unknown check or
/// option (with the closest name suggested). The checks: `closure_in_loop`,
/// `forget_per_frame`, `per_element_copy`, `view_escapes`,
/// `boxing_in_loop`, `uncached_global`.
///
/// # Examples
///
/// ```no_run
/// use wasm_ledger::track;
///
/// #[track]
/// fn label(el: &web_sys::Element, text: &str) {
///     el.set_text_content(Some(text)); // one crossing, counted at this line
/// }
///
/// struct Chart {
///     ctx: web_sys::CanvasRenderingContext2d,
/// }
///
/// #[track(deny(per_element_copy))] // every method of the block
/// impl Chart {
///     fn bar(&self, x: f64, h: f64) {
///         self.ctx.fill_rect(x, 0.0, 1.0, h);
///     }
/// }
/// # fn main() {}
/// ```
///
/// A denied check is an error at the offending line: a `Closure` made on
/// every iteration of a loop does not compile under
/// `deny(closure_in_loop)`:
///
/// ```compile_fail
/// use wasm_bindgen::prelude::*;
///
/// #[wasm_ledger::track(deny(closure_in_loop))]
/// fn callbacks(n: usize) -> Vec<JsValue> {
///     let mut out = Vec::new();
///     for i in 0..n {
///         out.push(Closure::once_into_js(move || i)); // error here
///     }
///     out
/// }
/// # fn main() {}
/// ```
///
/// Misuse is a compile error pointing at it: `#[track]` on a `const fn`
/// (const evaluation never calls into JS), on an item that is not a
/// function or `impl` block, or with an unknown option:
///
/// ```compile_fail
/// #[wasm_ledger::track(ignore(all))] // error: unknown option `ignore`
/// fn f() {}
/// # fn main() {}
/// ```
pub use wasm_ledger_macros::track;

/// Marks the function the app calls once per frame (a
/// `requestAnimationFrame` callback, a game loop's tick): it is counted as
/// [`track`] counts, and the frame ends when the outermost `#[frame]`
/// function returns.
///
/// At the end of each frame the ledger closes it: it keeps the frame's
/// tallies (crossings, handles, closures, bytes, time), runs the detectors
/// (unreleased callbacks, growing caches, live handles, long frames...),
/// and every `report_every` frames prints a report to the console (and
/// draws the HUD when it is on, see [`hud()`]). A `#[frame]` function
/// called inside another one joins the outer frame. Apps with no frame
/// loop need no `#[frame]`: each call from JS into annotated code is then a
/// turn, judged like a frame; or call [`end_frame`] from your own loop.
///
/// # Options
///
/// The same as [`track`]'s: `deny(<check>, ..)` and `allow(<check>, ..)`,
/// or `all`. Checks that look for work repeated every frame
/// (`forget_per_frame`, `boxing_in_loop`) know that a `#[frame]` body runs
/// again and again.
///
/// # Examples
///
/// ```no_run
/// use wasm_ledger::{frame, track};
///
/// #[track]
/// fn draw(ctx: &web_sys::CanvasRenderingContext2d, x: f64) {
///     ctx.fill_rect(x, 0.0, 4.0, 4.0);
/// }
///
/// #[frame(deny(all))] // every check is an error in the frame function
/// fn on_animation_frame(ctx: &web_sys::CanvasRenderingContext2d, t: f64) {
///     draw(ctx, t % 100.0);
/// } // the frame ends here
/// # fn main() {}
/// ```
///
/// One function is the frame's entry point, so `#[frame]` on an `impl`
/// block is an error (put it on the method):
///
/// ```compile_fail
/// struct App;
///
/// #[wasm_ledger::frame]
/// impl App {
///     fn tick(&mut self) {}
/// }
/// # fn main() {}
/// ```
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
