//! A Leptos 0.8 todo list, a counter and a window listener, with every
//! handler written inline in `view!` and nothing annotated: the ledger sees
//! the framework's DOM work and the handlers only through the probe.
//!
//! With `?leak` in the page's address, two leaks a user could write: each
//! click on `#inc` asks Leptos for a window listener and drops its handle
//! without removing it (the closure is made inside Leptos), and each click
//! on `#add` makes a document listener inside `view!` and forgets it.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Whether the page asked for the leaks (`?leak`).
fn leaky() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.contains("leak"))
}

fn log(line: &str) {
    leptos::logging::log!("app: {line}");
}

#[component]
fn Counter(step: i32) -> impl IntoView {
    let (count, set_count) = signal(0);
    let leak = leaky();
    view! {
        <p class="counter">
            <button
                id="inc"
                on:click=move |_| {
                    set_count.update(|c| *c += step);
                    log(&format!("count {}", count.get_untracked()));
                    if leak {
                        let handle = window_event_listener(ev::resize, |_| ()); // leak: unreleased_callback (library)
                        std::mem::forget(handle);
                    }
                }
            >
                {format!("+{step}")}
            </button>
            <span id="count">{count}</span>
        </p>
    }
}

#[component]
fn TodoList() -> impl IntoView {
    let (todos, set_todos) = signal(Vec::<(u32, String, bool)>::new());
    let next = StoredValue::new(1u32);
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let leak = leaky();
    view! {
        <form on:submit=move |e: ev::SubmitEvent| {
            e.prevent_default();
            let Some(field) = input.get() else { return };
            let text = field.value().trim().to_string();
            if text.is_empty() {
                log("empty: not added");
                return;
            }
            field.set_value("");
            let id = next.get_value();
            next.set_value(id + 1);
            log(&format!("added #{id} {text:?}"));
            set_todos.update(|t| t.push((id, text, false)));
            if leak {
                let doc = document();
                let on_key = Closure::<dyn FnMut()>::new(|| ()); // leak: unreleased_callback (view)
                doc.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref()).unwrap();
                on_key.forget();
            }
        }>
            <input id="text" node_ref=input />
            <button id="add" type="submit">"Add"</button>
        </form>
        <ul>
            <For
                each=move || todos.get()
                key=|t| (t.0, t.2)
                children=move |(id, text, done)| {
                    view! {
                        <li data-id=id class:done=done>
                            <span class="text">{text}</span>
                            <button
                                class="toggle"
                                on:click=move |_| {
                                    set_todos.update(|t| {
                                        if let Some(e) = t.iter_mut().find(|e| e.0 == id) {
                                            e.2 = !e.2;
                                        }
                                    });
                                    log(&format!("toggled #{id}"));
                                }
                            >
                                "done"
                            </button>
                            <button
                                class="remove"
                                on:click=move |_| {
                                    set_todos.update(|t| t.retain(|e| e.0 != id));
                                    log(&format!("removed #{id}"));
                                }
                            >
                                "x"
                            </button>
                        </li>
                    }
                }
            />
        </ul>
        <p id="left">{move || format!("{} left", todos.get().iter().filter(|t| !t.2).count())}</p>
    }
}

#[component]
fn App() -> impl IntoView {
    let (width, set_width) = signal(0.0);
    // One window listener for the app's life: fine.
    let handle = window_event_listener(ev::resize, move |_| {
        set_width.set(window().inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(0.0));
    });
    on_cleanup(move || handle.remove());
    view! {
        <h1>"leptos-todo"</h1>
        <Counter step=1 />
        <TodoList />
        <p id="width">{move || format!("width {}", width.get())}</p>
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    // The one line the ledger needs in an app with no annotation.
    wasm_ledger::init();
    leptos::mount::mount_to_body(App);
}
