//! A todo list written directly against web-sys: a form adds items, each
//! item has a "done" toggle and a remove button whose listeners live exactly
//! as long as the item (kept in the item, removed with it), and one hover
//! listener on the list is made once at start-up. Every function is
//! annotated; the app runs the same with the ledger on or off.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_ledger::track;
use web_sys::{Document, Element, Event, HtmlInputElement};

/// One item: its element and the listeners that must go with it.
struct Item {
    element: Element,
    toggle: Closure<dyn FnMut(Event)>,
    remove: Closure<dyn FnMut(Event)>,
}

#[derive(Default)]
struct Todo {
    next_id: u32,
    items: BTreeMap<u32, Item>,
    done: u32,
}

type Shared = Rc<RefCell<Todo>>;

thread_local! {
    static APP: RefCell<Option<(Document, Element, Shared)>> = const { RefCell::new(None) };
}

#[track]
fn log(line: &str) {
    web_sys::console::log_1(&JsValue::from_str(&format!("app: {line}")));
}

#[track]
fn add(document: &Document, list: &Element, todo: &Shared, text: &str) -> Result<(), JsValue> {
    let id = {
        let mut t = todo.borrow_mut();
        t.next_id += 1;
        t.next_id
    };
    let li = document.create_element("li")?;
    li.set_attribute("data-id", &id.to_string())?;
    let label = document.create_element("span")?;
    label.set_text_content(Some(text));
    let toggle_button = document.create_element("button")?;
    toggle_button.set_text_content(Some("done"));
    toggle_button.set_class_name("toggle");
    let remove_button = document.create_element("button")?;
    remove_button.set_text_content(Some("remove"));
    remove_button.set_class_name("remove");
    li.append_child(&label)?;
    li.append_child(&toggle_button)?;
    li.append_child(&remove_button)?;
    list.append_child(&li)?;

    let for_toggle = todo.clone();
    let toggle = Closure::<dyn FnMut(Event)>::new(move |_e: Event| toggled(&for_toggle, id));
    toggle_button.add_event_listener_with_callback("click", toggle.as_ref().unchecked_ref())?;
    let for_remove = todo.clone();
    let remove = Closure::<dyn FnMut(Event)>::new(move |_e: Event| removed(&for_remove, id));
    remove_button.add_event_listener_with_callback("click", remove.as_ref().unchecked_ref())?;
    todo.borrow_mut().items.insert(
        id,
        Item {
            element: li,
            toggle,
            remove,
        },
    );
    log(&format!("added #{id} {text:?}"));
    Ok(())
}

#[track]
fn toggled(todo: &Shared, id: u32) {
    let mut t = todo.borrow_mut();
    let Some(item) = t.items.get(&id) else { return };
    let now_done = item.element.class_list().toggle("done").unwrap_or(false);
    if now_done {
        t.done += 1;
    } else {
        t.done -= 1;
    }
    log(&format!("#{id} done: {now_done}; {} of {} done", t.done, t.items.len()));
}

#[track]
fn removed(todo: &Shared, id: u32) {
    // Detach the item now; its listeners are dropped after this event.
    let item = todo.borrow_mut().items.remove(&id);
    let Some(item) = item else { return };
    if item.element.class_list().contains("done") {
        todo.borrow_mut().done -= 1;
    }
    item.element.remove();
    let left = todo.borrow().items.len();
    log(&format!("removed #{id}; {left} left"));
    // The closures are still running (this is one of them): release them
    // once the event is over.
    let keep = Rc::new(RefCell::new(Some(item)));
    let later = Closure::once_into_js(move || {
        if let Some(item) = keep.borrow_mut().take() {
            let Item { toggle, remove, .. } = item;
            drop((toggle, remove));
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback(later.unchecked_ref());
    }
}

#[track]
fn submitted(event: Event) {
    event.prevent_default();
    APP.with(|app| {
        let app = app.borrow();
        let Some((document, list, todo)) = app.as_ref() else { return };
        let Some(input) = document
            .get_element_by_id("text")
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let text = input.value();
        if text.trim().is_empty() {
            log("empty: not added");
            return;
        }
        input.set_value("");
        if let Err(e) = add(document, list, todo, text.trim()) {
            log(&format!("could not add: {e:?}"));
        }
    });
}

/// Start-up: the form's listener and the list's hover listener are made
/// once, for the page's life.
#[wasm_bindgen(start)]
#[track]
pub fn start() -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let list = document.get_element_by_id("list").ok_or("no #list")?;
    let form = document.get_element_by_id("form").ok_or("no #form")?;
    let on_submit = Closure::<dyn FnMut(Event)>::new(submitted);
    form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref())?;
    on_submit.forget();
    let hovered = Rc::new(RefCell::new(0u32));
    let on_hover = Closure::<dyn FnMut(Event)>::new(move |_e: Event| {
        *hovered.borrow_mut() += 1;
    });
    list.add_event_listener_with_callback("mouseover", on_hover.as_ref().unchecked_ref())?;
    on_hover.forget();
    APP.with(|app| *app.borrow_mut() = Some((document, list, Shared::default())));
    log("ready");
    Ok(())
}

/// Called by the driver at the end: the ledger's report of the whole run.
#[wasm_bindgen]
pub fn report() {
    wasm_ledger::report();
}
