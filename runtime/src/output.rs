//! Where reports go: the browser console on wasm32; on the host (unit tests,
//! native builds of shared code) stderr, only when `WASM_LEDGER_STDERR` is set.
//!
//! Printing must never break the user's app: a console that throws (or is
//! missing, as in some workers) is counted in [`failures`] and otherwise
//! ignored.

use std::cell::Cell;

thread_local! {
    static FAILURES: Cell<u64> = const { Cell::new(0) };
}

/// How many report lines could not be printed.
pub fn failures() -> u64 {
    FAILURES.try_with(Cell::get).unwrap_or(0)
}

#[cfg(target_arch = "wasm32")]
mod console {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = console, js_name = log)]
        pub fn log(line: &str) -> Result<(), JsValue>;
    }
}

pub(crate) fn line(text: &str) {
    #[cfg(target_arch = "wasm32")]
    let ok = console::log(text).is_ok();
    #[cfg(not(target_arch = "wasm32"))]
    let ok = {
        use std::io::Write;
        static ECHO: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        !*ECHO.get_or_init(|| std::env::var_os("WASM_LEDGER_STDERR").is_some())
            || writeln!(std::io::stderr(), "{text}").is_ok()
    };
    if !ok {
        let _ = FAILURES.try_with(|f| f.set(f.get() + 1));
    }
}
