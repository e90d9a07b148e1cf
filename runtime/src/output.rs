//! Where reports go: the browser console on wasm32 (a collapsed group with
//! a summary and a `console.table` of sites); on the host (unit tests,
//! native builds of shared code) stderr, only when `WASM_LEDGER_STDERR` is
//! set.
//!
//! Printing must never break the user's app: a console that throws (or is
//! missing, as in some workers) is counted in [`failures`] and otherwise
//! ignored.

use std::cell::Cell;

use crate::report::Report;

thread_local! {
    static FAILURES: Cell<u64> = const { Cell::new(0) };
}

/// How many reports could not be printed.
pub fn failures() -> u64 {
    FAILURES.try_with(Cell::get).unwrap_or(0)
}

fn failed() {
    let _ = FAILURES.try_with(|f| f.set(f.get() + 1));
}

/// A report, printed. Like a warning, the ledger's output: the probe counts
/// the calls into JS it makes apart from the ledger's other calls.
pub(crate) fn report(report: &Report) {
    if !crate::exact::as_output(|| print(report)) {
        failed();
    }
}

/// A warning, once, when first found (`console.warn`).
pub(crate) fn warn(line: &str) {
    let ok = crate::exact::as_output(|| {
        #[cfg(all(target_arch = "wasm32", wasm_ledger_on))]
        let ok = console::warn(line).is_ok();
        #[cfg(not(all(target_arch = "wasm32", wasm_ledger_on)))]
        let ok = host_lines(&[line.to_string()]);
        ok
    });
    if !ok {
        failed();
    }
}

#[cfg(all(target_arch = "wasm32", wasm_ledger_on))]
fn print(report: &Report) -> bool {
    // The table crosses as one string, parsed by JS in one call.
    let table = || {
        js_sys::JSON::parse(&report.table_json()).is_ok_and(|rows| console::table(&rows).is_ok())
    };
    console::group_collapsed(&report.summary).is_ok()
        && report.notes.iter().all(|n| console::log(n).is_ok())
        && (report.rows.is_empty() || table())
        // Printed with `console.warn` once, when raised; listed here.
        && report.warnings.iter().all(|w| console::log(w).is_ok())
        && console::group_end().is_ok()
}

/// Off, the ledger prints nothing and imports nothing from JS.
#[cfg(all(target_arch = "wasm32", not(wasm_ledger_on)))]
fn print(_report: &Report) -> bool {
    true
}

#[cfg(not(target_arch = "wasm32"))]
fn print(report: &Report) -> bool {
    host_lines(&report.lines())
}

#[cfg(not(all(target_arch = "wasm32", wasm_ledger_on)))]
fn host_lines(lines: &[String]) -> bool {
    use std::io::Write;
    use std::sync::OnceLock;
    static ECHO: OnceLock<bool> = OnceLock::new();
    if cfg!(target_arch = "wasm32")
        || !*ECHO.get_or_init(|| std::env::var_os("WASM_LEDGER_STDERR").is_some())
    {
        return true;
    }
    let mut err = std::io::stderr().lock();
    lines.iter().all(|l| writeln!(err, "{l}").is_ok())
}

#[cfg(all(target_arch = "wasm32", wasm_ledger_on))]
mod console {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = console, js_name = groupCollapsed)]
        pub fn group_collapsed(label: &str) -> Result<(), JsValue>;
        #[wasm_bindgen(catch, js_namespace = console, js_name = table)]
        pub fn table(data: &JsValue) -> Result<(), JsValue>;
        #[wasm_bindgen(catch, js_namespace = console, js_name = groupEnd)]
        pub fn group_end() -> Result<(), JsValue>;
        #[wasm_bindgen(catch, js_namespace = console, js_name = warn)]
        pub fn warn(line: &str) -> Result<(), JsValue>;
        #[wasm_bindgen(catch, js_namespace = console, js_name = log)]
        pub fn log(line: &str) -> Result<(), JsValue>;
    }
}
