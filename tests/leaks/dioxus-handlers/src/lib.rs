//! A list of 20 items, each with its own click handler, re-rendered on
//! every step (a counter bumped by a button), the page the same size all
//! along. Rust memory is counted by the line that allocated it.

use dioxus::prelude::*;
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOC: wasm_ledger::Alloc = wasm_ledger::Alloc::system();

fn app() -> Element {
    let mut round = use_signal(|| 0u32);
    let mut picked = use_signal(|| 0u32);
    rsx! {
        button { id: "bump", onclick: move |_| round += 1, "re-render" }
        p { "picked {picked}" }
        ul {
            for i in 0..20u32 {
                li { key: "{i}", onclick: move |_| picked.set(i + round()), "item {i} of round {round}" }
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
        click("bump");
    }
}
