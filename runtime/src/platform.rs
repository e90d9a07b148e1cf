//! What the ledger reads from its surroundings once per frame. None of it
//! is a crossing except the clock (one JS call per frame).

/// Milliseconds from a monotonic clock (`performance.now()`), if any.
pub(crate) fn now_ms() -> Option<f64> {
    #[cfg(all(target_arch = "wasm32", wasm_ledger_on))]
    {
        wasm::now().ok()
    }
    #[cfg(all(target_arch = "wasm32", not(wasm_ledger_on)))]
    {
        None
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::OnceLock;
        use std::time::Instant;
        static START: OnceLock<Instant> = OnceLock::new();
        Some(START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0)
    }
}

/// Pages (64 KiB) of wasm linear memory: `memory.size`, an instruction, not
/// a call into JS.
pub(crate) fn memory_pages() -> Option<u64> {
    #[cfg(target_arch = "wasm32")]
    {
        Some(core::arch::wasm32::memory_size(0) as u64)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// Live JS handles owned by wasm; kept by wasm-bindgen in wasm, no crossing.
pub(crate) fn live_handles() -> Option<u32> {
    #[cfg(target_arch = "wasm32")]
    {
        Some(wasm_bindgen::externref_heap_live_count())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

#[cfg(all(target_arch = "wasm32", wasm_ledger_on))]
mod wasm {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = performance, js_name = now)]
        pub fn now() -> Result<f64, JsValue>;
    }
}
