//! A Yew counter and todo list. Components, their callbacks and the helpers
//! are all annotated: Yew's own calls into the DOM run inside them, so the
//! ledger sees what a framework app pays per event.

use wasm_bindgen::prelude::*;
use wasm_ledger::track;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[track]
fn log(line: &str) {
    web_sys::console::log_1(&JsValue::from_str(&format!("app: {line}")));
}

#[derive(Properties, PartialEq)]
struct CounterProps {
    step: i32,
}

#[track]
#[function_component(Counter)]
fn counter(props: &CounterProps) -> Html {
    let count = use_state(|| 0);
    let onclick = {
        let count = count.clone();
        let step = props.step;
        Callback::from(move |_: MouseEvent| {
            let next = *count + step;
            log(&format!("count {next}"));
            count.set(next);
        })
    };
    html! {
        <p class="counter">
            <button id="inc" {onclick}>{ format!("+{}", props.step) }</button>
            <span id="count">{ *count }</span>
        </p>
    }
}

#[derive(Clone, PartialEq)]
struct Entry {
    id: u32,
    text: String,
    done: bool,
}

#[track]
fn toggle(list: &[Entry], id: u32) -> Vec<Entry> {
    list.iter()
        .map(|e| {
            let mut e = e.clone();
            if e.id == id {
                e.done = !e.done;
            }
            e
        })
        .collect()
}

#[track]
#[function_component(TodoList)]
fn todo_list() -> Html {
    let entries = use_state(Vec::<Entry>::new);
    let next = use_state(|| 1u32);
    let input = use_node_ref();
    let onsubmit = {
        let (entries, next, input) = (entries.clone(), next.clone(), input.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else { return };
            let text = field.value().trim().to_string();
            if text.is_empty() {
                log("empty: not added");
                return;
            }
            field.set_value("");
            let mut list = (*entries).clone();
            list.push(Entry { id: *next, text: text.clone(), done: false });
            log(&format!("added #{} {text:?}", *next));
            next.set(*next + 1);
            entries.set(list);
        })
    };
    let items = entries.iter().map(|e| {
        let ontoggle = {
            let (entries, id) = (entries.clone(), e.id);
            Callback::from(move |_: MouseEvent| {
                let list = toggle(&entries, id);
                log(&format!("#{id} toggled; {} done", list.iter().filter(|e| e.done).count()));
                entries.set(list);
            })
        };
        let onremove = {
            let (entries, id) = (entries.clone(), e.id);
            Callback::from(move |_: MouseEvent| {
                let list: Vec<Entry> = entries.iter().filter(|e| e.id != id).cloned().collect();
                log(&format!("removed #{id}; {} left", list.len()));
                entries.set(list);
            })
        };
        html! {
            <li key={e.id} data-id={e.id.to_string()} class={classes!(e.done.then_some("done"))}>
                <span>{ e.text.clone() }</span>
                <button class="toggle" onclick={ontoggle}>{ "done" }</button>
                <button class="remove" onclick={onremove}>{ "remove" }</button>
            </li>
        }
    });
    html! {
        <>
            <form id="form" {onsubmit}>
                <input id="text" ref={input} autocomplete="off" />
                <button id="add" type="submit">{ "add" }</button>
            </form>
            <ul id="list">{ for items }</ul>
        </>
    }
}

#[track]
#[function_component(App)]
fn app() -> Html {
    html! {
        <main>
            <Counter step={2} />
            <TodoList />
        </main>
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<App>::new().render();
    log("ready");
}

/// Called by the driver at the end: the ledger's report of the whole run.
#[wasm_bindgen]
pub fn report() {
    wasm_ledger::report();
}
