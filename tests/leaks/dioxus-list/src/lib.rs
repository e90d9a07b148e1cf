//! A list of 20 rows, each with a click handler, shown and hidden on every
//! step (a toggle button), the page coming back to the same size every
//! second step. Rust memory is counted by the line that allocated it.

use dioxus::prelude::*;
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOC: wasm_ledger::Alloc = wasm_ledger::Alloc::system();

fn app() -> Element {
    let mut shown = use_signal(|| true);
    let mut picked = use_signal(|| 0u32);
    rsx! {
        button { id: "toggle", onclick: move |_| shown.toggle(), "toggle" }
        p { "picked {picked}" }
        ul {
            if shown() {
                for i in 0..20u32 {
                    li { key: "{i}", onclick: move |_| picked.set(i), "row {i}" }
                }
            }
        }
    }
}

#[wasm_bindgen(inline_js = "export function click(id) { const e = document.getElementById(id); if (e) e.click(); }")]
extern "C" {
    fn click(id: &str);
}

/// How many steps the page runs, and the pause between two (ms).
#[wasm_bindgen]
pub fn plan() -> Vec<u32> {
    vec![300, 5]
}

#[wasm_bindgen]
pub fn step(i: u32) {
    if i == 0 {
        dioxus::launch(app);
    } else {
        click("toggle");
    }
}
