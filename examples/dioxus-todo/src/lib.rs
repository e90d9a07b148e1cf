//! A Dioxus todo list and a counter, with every handler written inline in
//! `rsx!` and nothing annotated: the ledger sees the framework's DOM work
//! (Dioxus batches it through its own JS interpreter) and the handlers
//! only through the probe.
//!
//! With `?leak` in the page's address, each click on `#inc` makes a
//! document listener inside `rsx!` and forgets it.

use dioxus::prelude::*;
use wasm_bindgen::prelude::*;

fn leaky() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.contains("leak"))
}

fn log(line: &str) {
    web_sys_log(&format!("app: {line}"));
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = log)]
    fn web_sys_log(s: &str);
}

#[component]
fn Counter(step: i32) -> Element {
    let mut count = use_signal(|| 0);
    let leak = leaky();
    rsx! {
        p { class: "counter",
            button {
                id: "inc",
                onclick: move |_| {
                    count += step;
                    log(&format!("count {count}"));
                    if leak {
                        let doc = web_sys::window().unwrap().document().unwrap();
                        let on_key = Closure::<dyn FnMut()>::new(|| ()); // leak: unreleased_callback (view)
                        doc.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref()).unwrap();
                        on_key.forget();
                    }
                },
                "+{step}"
            }
            span { id: "count", "{count}" }
        }
    }
}

#[derive(Clone, PartialEq)]
struct Entry {
    id: u32,
    text: String,
    done: bool,
}

#[component]
fn TodoList() -> Element {
    let mut todos = use_signal(Vec::<Entry>::new);
    let mut next = use_signal(|| 1u32);
    let mut text = use_signal(String::new);
    let items: Vec<Entry> = todos.read().clone();
    let left = items.iter().filter(|e| !e.done).count();
    rsx! {
        // A button, not a form: a form's submit would reload the page
        // when the browser's default is not prevented in time.
        div { class: "new",
            input { id: "text", value: "{text}", oninput: move |e| text.set(e.value()) }
            button {
                id: "add",
                onclick: move |_| {
                    let t = text.read().trim().to_string();
                    if t.is_empty() {
                        log("empty: not added");
                        return;
                    }
                    text.set(String::new());
                    let id = *next.read();
                    next.set(id + 1);
                    log(&format!("added #{id} {t:?}"));
                    todos.write().push(Entry { id, text: t, done: false });
                },
                "Add"
            }
        }
        ul {
            for entry in items {
                li { key: "{entry.id}", "data-id": "{entry.id}", "data-done": "{entry.done}",
                    span { class: "text", "{entry.text}" }
                    button {
                        class: "toggle",
                        onclick: move |_| {
                            let mut list = todos.write();
                            if let Some(e) = list.iter_mut().find(|e| e.id == entry.id) {
                                e.done = !e.done;
                            }
                            drop(list);
                            log(&format!("toggled #{}", entry.id));
                        },
                        "done"
                    }
                    button {
                        class: "remove",
                        onclick: move |_| {
                            todos.write().retain(|e| e.id != entry.id);
                            log(&format!("removed #{}", entry.id));
                        },
                        "x"
                    }
                }
            }
        }
        p { id: "left", "{left} left" }
    }
}

#[component]
fn App() -> Element {
    rsx! {
        h1 { "dioxus-todo" }
        Counter { step: 1 }
        TodoList {}
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    // The one line the ledger needs in an app with no annotation.
    wasm_ledger::init();
    dioxus::launch(App);
}
