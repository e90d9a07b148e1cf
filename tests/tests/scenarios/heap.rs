//! Rust memory that only grows while the page stays the same size (counted
//! by `wasm_ledger::Alloc`), and its clean look-alikes: data that grows and
//! shrinks, a buffer that grew once (a high-water mark).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{WarningKind, track};
use web_sys::EventTarget;

use super::{by_turns, clean, dispatch, start, warned_at};

const SOURCE: &str = include_str!("heap.rs");
const FILE: &str = "tests/tests/scenarios/heap.rs";

type Handler = Box<dyn FnMut(u32)>;

thread_local! {
    static HANDLERS: RefCell<Vec<Handler>> = const { RefCell::new(Vec::new()) };
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static ROWS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// A list re-rendered on every event, as dioxus-core 0.5.0 did
/// (DioxusLabs/dioxus#2227): each render's new handlers are given to the
/// scope, which keeps them all, the old ones too, as long as it lives.
/// (Its body's site is the function's line: the marker stays on it.)
#[track]
#[rustfmt::skip]
fn render_list(round: u32) { // leak: render_keeps_handlers
    HANDLERS.with(|h| {
        let mut h = h.borrow_mut();
        for i in 0..20u32 {
            let label = format!("item {i} of round {round}");
            h.push(Box::new(move |n| {
                let _ = (n, label.len());
            }));
        }
    });
}

fn mount(target: &EventTarget, on_event: fn(u32)) {
    let mut round = 0;
    let listener = Closure::<dyn FnMut()>::new(move || {
        round += 1;
        on_event(round);
    });
    target
        .add_event_listener_with_callback("render", listener.as_ref().unchecked_ref())
        .unwrap();
    listener.forget();
}

#[wasm_bindgen_test]
fn leak_heap_growing__handlers_kept_for_every_render() {
    start();
    let target = EventTarget::new().unwrap();
    mount(&target, render_list);
    dispatch(&target, "render", 150);
    by_turns(150);
    warned_at(
        WarningKind::HeapGrowing,
        FILE,
        SOURCE,
        "render_keeps_handlers",
    );
}

/// The same list as dioxus-core 0.5.1 renders it: the old handlers go with
/// the render that replaces them.
#[track]
fn render_list_replacing(round: u32) {
    HANDLERS.with(|h| {
        let mut h = h.borrow_mut();
        h.clear();
        for i in 0..20u32 {
            let label = format!("item {i} of round {round}");
            h.push(Box::new(move |n| {
                let _ = (n, label.len());
            }));
        }
    });
}

#[wasm_bindgen_test]
fn clean_heap_growing__handlers_replaced_on_every_render() {
    start();
    let target = EventTarget::new().unwrap();
    mount(&target, render_list_replacing);
    dispatch(&target, "render", 150);
    by_turns(150);
    clean();
}

/// A buffer grown to the largest message seen, then reused: memory that
/// rose and stays, a high-water mark.
#[track]
fn decode_into_buffer(round: u32) {
    BUFFER.with(|b| {
        let mut b = b.borrow_mut();
        let wanted = 4096 * (round.min(20) as usize);
        if b.len() < wanted {
            b.resize(wanted, 0);
        }
        b[0] = round as u8;
    });
}

#[wasm_bindgen_test]
fn clean_heap_growing__a_buffer_grown_to_its_high_water_mark() {
    start();
    let target = EventTarget::new().unwrap();
    mount(&target, decode_into_buffer);
    dispatch(&target, "render", 150);
    by_turns(150);
    clean();
}

/// Rows added and removed as a user would: the data goes up and down.
#[track]
fn edit_rows(round: u32) {
    ROWS.with(|r| {
        let mut r = r.borrow_mut();
        if round % 40 < 25 {
            r.push(format!("row {round}: {}", "x".repeat(200)));
        } else {
            r.pop();
        }
    });
}

#[wasm_bindgen_test]
fn clean_heap_growing__rows_added_and_removed() {
    start();
    let target = EventTarget::new().unwrap();
    mount(&target, edit_rows);
    dispatch(&target, "render", 150);
    by_turns(150);
    clean();
}

thread_local! {
    static PAGE_ROWS: RefCell<Vec<(web_sys::Element, String)>> = const { RefCell::new(Vec::new()) };
}

/// A log view: each event adds a row to the page and its text to Rust's
/// list. Rust memory grows with the page: data, not a leak.
#[track]
fn append_log_row(list: &web_sys::Element, round: u32) {
    let document = list.owner_document().unwrap();
    let row = document.create_element("li").unwrap();
    let text = format!("entry {round}: {}", "x".repeat(300));
    row.set_text_content(Some(&text));
    list.append_child(&row).unwrap();
    PAGE_ROWS.with(|r| r.borrow_mut().push((row, text)));
}

#[wasm_bindgen_test]
fn clean_heap_growing__a_log_that_grows_with_the_page_in_a_page() {
    // A page is needed (Node has none: there, nothing grows with a page).
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    start();
    let document = root.owner_document().unwrap();
    let list = document.create_element("ul").unwrap();
    root.append_child(&list).unwrap();
    let add = EventTarget::new().unwrap();
    let on_add = {
        let list = list.clone();
        let mut round = 0;
        Closure::<dyn FnMut()>::new(move || {
            round += 1;
            append_log_row(&list, round);
        })
    };
    add.add_event_listener_with_callback("click", on_add.as_ref().unchecked_ref())
        .unwrap();
    dispatch(&add, "click", 150);
    by_turns(150);
    clean();
    let _ = root.remove_child(&list);
    PAGE_ROWS.with(|r| r.borrow_mut().clear());
    drop(on_add);
}
