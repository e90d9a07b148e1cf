//! Callbacks: closures made per frame or per event and never released,
//! from every constructor and idiom, and their clean look-alikes.

use std::cell::RefCell;

use js_sys::{Array, Function};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::ScopedClosure;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{WarningKind, frame, testing, track};
use web_sys::EventTarget;

use super::{by_turns, clean, dispatch, start, warned_at};
use crate::helpers;

const SOURCE: &str = include_str!("callbacks.rs");
const FILE: &str = "tests/tests/scenarios/callbacks.rs";

fn leak(name: &str) {
    warned_at(WarningKind::UnreleasedCallback, FILE, SOURCE, name);
}

// ---- frame-driven leaks ----------------------------------------------------

#[frame(allow(forget_per_frame))]
fn tick_new_forgotten() {
    let tick = Closure::<dyn FnMut()>::new(|| ()); // leak: new_forgotten
    tick.forget();
}

#[wasm_bindgen_test]
fn leak_unreleased_callback__new_forgotten_every_frame() {
    start();
    testing::run_frames(10, |_| tick_new_forgotten());
    leak("new_forgotten");
}

#[frame(allow(forget_per_frame))]
fn tick_wrap_box() -> JsValue {
    let n = 3;
    let cb = Closure::wrap(Box::new(move || n) as Box<dyn FnMut() -> i32>); // leak: wrap_box
    cb.into_js_value()
}

#[wasm_bindgen_test]
fn leak_unreleased_callback__wrap_box_into_js_value_every_frame() {
    start();
    let kept = Array::new();
    testing::run_frames(10, |_| {
        kept.push(&tick_wrap_box());
    });
    leak("wrap_box");
    // Handed to JS (`into_js_value`) counts where it was made, beside the
    // closures the site made.
    let made_here = super::site_at(FILE, SOURCE, "wrap_box");
    assert_eq!(
        (made_here.closures_created, made_here.closures_given),
        (10, 10)
    );
}

#[frame(allow(forget_per_frame))]
fn tick_once_forgotten() {
    let once = Closure::once(|| ()); // leak: once_forgotten
    once.forget();
}

#[wasm_bindgen_test]
fn leak_unreleased_callback__once_forgotten_every_frame() {
    start();
    testing::run_frames(10, |_| tick_once_forgotten());
    leak("once_forgotten");
}

thread_local! {
    /// A JS array that keeps what it is given: the callbacks are never called.
    static PENDING: Array = Array::new();
}

#[frame]
fn tick_once_into_js(pending: &Array) {
    let later = Closure::once_into_js(|| ()); // leak: once_into_js
    pending.push(&later);
}

#[wasm_bindgen_test]
fn leak_unreleased_callback__once_into_js_never_called() {
    start();
    PENDING.with(|p| testing::run_frames(10, |_| tick_once_into_js(p)));
    leak("once_into_js");
}

// ---- event-driven leaks (turns) ---------------------------------------------

/// A click counter that adds a `mouseover` listener on every click and
/// forgets it.
#[track(allow(forget_per_frame))]
fn mount_click_counter(button: &EventTarget) {
    let target = button.clone();
    let on_click = Closure::<dyn FnMut()>::new(move || {
        let on_over = Closure::<dyn FnMut()>::new(|| ()); // leak: click_adds_listener
        target
            .add_event_listener_with_callback("mouseover", on_over.as_ref().unchecked_ref())
            .unwrap();
        on_over.forget();
    });
    button
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .unwrap();
    on_click.forget();
}

#[wasm_bindgen_test]
fn leak_unreleased_callback__click_adds_a_listener_each_time() {
    start();
    let button = EventTarget::new().unwrap();
    mount_click_counter(&button);
    dispatch(&button, "click", 150);
    by_turns(150);
    leak("click_adds_listener");
}

/// A paint app: each stroke adds a move handler, a named function, and
/// forgets it.
fn on_move() {}

#[track(allow(forget_per_frame))]
fn mount_canvas(canvas: &EventTarget) {
    let target = canvas.clone();
    let on_down = Closure::<dyn FnMut()>::new(move || {
        let moving = Closure::<dyn FnMut()>::new(on_move); // leak: stroke_named_fn
        target
            .add_event_listener_with_callback("pointermove", moving.as_ref().unchecked_ref())
            .unwrap();
        moving.forget();
    });
    canvas
        .add_event_listener_with_callback("pointerdown", on_down.as_ref().unchecked_ref())
        .unwrap();
    on_down.forget();
}

#[wasm_bindgen_test]
fn leak_unreleased_callback__stroke_adds_a_named_fn_handler() {
    start();
    let canvas = EventTarget::new().unwrap();
    mount_canvas(&canvas);
    dispatch(&canvas, "pointerdown", 20);
    by_turns(20);
    leak("stroke_named_fn");
}

/// A todo list: each edit adds a `window`-wide listener through a helper of
/// another module (annotated too), and forgets it.
#[track]
fn mount_todo(input: &EventTarget, window: &EventTarget) {
    let window = window.clone();
    let on_edit = Closure::<dyn FnMut()>::new(move || {
        helpers::listen_forever(&window, "resize");
    });
    input
        .add_event_listener_with_callback("input", on_edit.as_ref().unchecked_ref())
        .unwrap();
    on_edit.forget();
}

#[wasm_bindgen_test]
fn leak_unreleased_callback__edit_adds_a_listener_through_a_helper() {
    start();
    let (input, window) = (EventTarget::new().unwrap(), EventTarget::new().unwrap());
    mount_todo(&input, &window);
    dispatch(&input, "input", 25);
    by_turns(25);
    warned_at(
        WarningKind::UnreleasedCallback,
        helpers::FILE,
        helpers::SOURCE,
        "helper_listener",
    );
}

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout` and `clearTimeout`: the browser's timer is a
    /// number, Node's an object.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &JsValue, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(timer: &JsValue);
}

/// A debounced search box, as leptos_dom 0.6.6 wrote `set_timeout_with_handle`
/// (leptos-rs/leptos#2330): each key schedules a search and clears the
/// one before. `Closure::once_into_js` keeps the closure alive until it
/// runs; a cleared timeout never runs it.
#[track]
fn mount_debounced_search(input: &EventTarget) {
    let on_key = Closure::<dyn FnMut()>::new(move || {
        let search = Closure::once_into_js(move || ()); // leak: once_into_js_cleared
        let id = set_timeout(&search, 10_000);
        clear_timeout(&id);
    });
    input
        .add_event_listener_with_callback("keyup", on_key.as_ref().unchecked_ref())
        .unwrap();
    on_key.forget();
}

#[wasm_bindgen_test]
fn leak_unreleased_callback__once_into_js_given_to_a_cleared_timeout() {
    start();
    let input = EventTarget::new().unwrap();
    mount_debounced_search(&input);
    dispatch(&input, "keyup", 30);
    by_turns(30);
    leak("once_into_js_cleared");
}

// ---- clean look-alikes ------------------------------------------------------

/// Twenty listeners made at start-up and forgotten: they live as long as
/// the page. (The compile-time checks read only syntax: a loop is a loop.)
#[track(allow(closure_in_loop, forget_per_frame))]
fn mount_toolbar(buttons: &[EventTarget]) {
    for button in buttons {
        let on_click = Closure::<dyn FnMut()>::new(|| {
            let _ = js_sys::Math::random();
        });
        button
            .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
            .unwrap();
        on_click.forget();
    }
}

#[wasm_bindgen_test]
fn clean_unreleased_callback__listeners_made_once_at_start_up() {
    start();
    let buttons: Vec<EventTarget> = (0..20).map(|_| EventTarget::new().unwrap()).collect();
    mount_toolbar(&buttons);
    for _ in 0..8 {
        for b in &buttons {
            dispatch(b, "click", 1);
        }
    }
    by_turns(160);
    clean();
}

struct Animation {
    callback: Option<Closure<dyn FnMut()>>,
}

#[frame]
fn tick_replace(anim: &mut Animation, i: usize) {
    anim.callback = Some(Closure::new(move || {
        let _ = i;
    }));
}

#[wasm_bindgen_test]
fn clean_unreleased_callback__kept_in_a_struct_and_replaced() {
    start();
    let mut anim = Animation { callback: None };
    testing::run_frames(20, |i| tick_replace(&mut anim, i));
    clean();
}

/// A component whose listener is removed (and released) when it is dropped.
struct Tooltip {
    target: EventTarget,
    on_over: Closure<dyn FnMut()>,
}

impl Drop for Tooltip {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            "mouseover",
            self.on_over.as_ref().unchecked_ref(),
        );
    }
}

#[track]
fn tooltip(target: &EventTarget) -> Tooltip {
    let on_over = Closure::<dyn FnMut()>::new(|| ());
    target
        .add_event_listener_with_callback("mouseover", on_over.as_ref().unchecked_ref())
        .unwrap();
    Tooltip {
        target: target.clone(),
        on_over,
    }
}

thread_local! {
    static TOOLTIP: RefCell<Option<Tooltip>> = const { RefCell::new(None) };
}

#[track]
fn mount_hover(button: &EventTarget) {
    let target = button.clone();
    let on_click = Closure::<dyn FnMut()>::new(move || {
        // The old tooltip is dropped: its listener removed, its closure released.
        let next = tooltip(&target);
        TOOLTIP.with(|t| *t.borrow_mut() = Some(next));
    });
    button
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .unwrap();
    on_click.forget();
}

#[wasm_bindgen_test]
fn clean_unreleased_callback__listener_removed_in_drop() {
    start();
    let button = EventTarget::new().unwrap();
    mount_hover(&button);
    dispatch(&button, "click", 50);
    by_turns(50);
    TOOLTIP.with(|t| t.borrow_mut().take());
    clean();
}

#[frame]
fn tick_borrowed(each: &Function, values: &Array) -> u32 {
    let mut sum = 0u32;
    let mut add = |v: JsValue| sum += v.as_f64().unwrap_or(0.0) as u32;
    let visit = ScopedClosure::<dyn FnMut(JsValue)>::borrow_mut(&mut add);
    let _ = each.call1(values, visit.as_ref());
    drop(visit);
    sum
}

#[wasm_bindgen_test]
fn clean_unreleased_callback__borrow_mut_every_frame() {
    start();
    let values = Array::of3(&1.into(), &2.into(), &3.into());
    let for_each: Function = js_sys::Reflect::get(&values, &"forEach".into())
        .unwrap()
        .unchecked_into();
    testing::run_frames(10, |_| {
        assert_eq!(tick_borrowed(&for_each, &values), 6);
    });
    clean();
}

#[frame]
fn tick_once_called() {
    let once = Closure::once(|| ());
    let f: &Function = once.as_ref().unchecked_ref();
    let _ = f.call0(&JsValue::NULL);
}

#[wasm_bindgen_test]
fn clean_unreleased_callback__once_called_and_dropped() {
    start();
    testing::run_frames(10, |_| tick_once_called());
    clean();
}

#[frame]
fn tick_once_into_js_called() {
    let later: Function = Closure::once_into_js(|| ()).unchecked_into();
    let _ = later.call0(&JsValue::NULL);
}

#[wasm_bindgen_test]
fn clean_unreleased_callback__once_into_js_called() {
    start();
    testing::run_frames(10, |_| tick_once_into_js_called());
    clean();
}

#[frame]
fn tick_wrap_kept(slot: &mut Option<Closure<dyn FnMut()>>) {
    *slot = Some(Closure::wrap(Box::new(|| ()) as Box<dyn FnMut()>));
}

#[wasm_bindgen_test]
fn clean_unreleased_callback__wrap_box_kept_one_frame() {
    start();
    let mut slot = None;
    testing::run_frames(10, |_| tick_wrap_kept(&mut slot));
    clean();
}

fn on_resize() {}

#[track]
fn mount_resize(window: &EventTarget) {
    let cb = Closure::<dyn FnMut()>::new(on_resize);
    window
        .add_event_listener_with_callback("resize", cb.as_ref().unchecked_ref())
        .unwrap();
    cb.forget();
}

#[wasm_bindgen_test]
fn clean_unreleased_callback__named_fn_once_at_start_up() {
    start();
    let window = EventTarget::new().unwrap();
    mount_resize(&window);
    dispatch(&window, "resize", 30);
    by_turns(30);
    clean();
}

/// A list whose items keep their own listener, released with the item
/// (`examples/dom-todo`'s shape): the closures alive follow the items.
struct Row {
    _on_click: Closure<dyn FnMut()>,
}

thread_local! {
    static ROWS: RefCell<Vec<Row>> = const { RefCell::new(Vec::new()) };
}

#[track]
fn add_row(row_target: &EventTarget) {
    let on_click = Closure::<dyn FnMut()>::new(|| ());
    row_target
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .unwrap();
    ROWS.with(|r| {
        r.borrow_mut().push(Row {
            _on_click: on_click,
        })
    });
}

#[track]
fn mount_list(add: &EventTarget, remove: &EventTarget) {
    let rows = EventTarget::new().unwrap();
    let on_add = Closure::<dyn FnMut()>::new(move || add_row(&rows));
    add.add_event_listener_with_callback("click", on_add.as_ref().unchecked_ref())
        .unwrap();
    let on_remove = Closure::<dyn FnMut()>::new(|| {
        ROWS.with(|r| r.borrow_mut().pop());
    });
    remove
        .add_event_listener_with_callback("click", on_remove.as_ref().unchecked_ref())
        .unwrap();
    // The list's own two listeners live as long as the page.
    on_add.forget();
    on_remove.forget();
}

#[wasm_bindgen_test]
fn clean_unreleased_callback__list_items_keep_their_listeners() {
    start();
    let (add, remove) = (EventTarget::new().unwrap(), EventTarget::new().unwrap());
    mount_list(&add, &remove);
    // As a user would: a few items, some removed, more added, for a while.
    for round in 0..30 {
        dispatch(&add, "click", 2 + round % 3);
        dispatch(&remove, "click", 2 + round % 3);
    }
    dispatch(&add, "click", 6);
    dispatch(&remove, "click", 2);
    by_turns(188);
    clean();
    ROWS.with(|r| r.borrow_mut().clear());
}

/// A list that only grows (a todo list filled and never emptied), each row
/// a node of the page with its own listeners, kept by Rust and released
/// with the row: the closures alive grow with the page, not as a leak does.
struct PageRow {
    _node: web_sys::Element,
    _on_click: Closure<dyn FnMut()>,
    _on_dblclick: Closure<dyn FnMut()>,
    _on_keydown: Closure<dyn FnMut()>,
}

thread_local! {
    static PAGE_ROWS: RefCell<Vec<PageRow>> = const { RefCell::new(Vec::new()) };
}

#[track]
fn add_page_row(list: &web_sys::Element) {
    let Some(document) = list.owner_document() else {
        return;
    };
    let node = document.create_element("li").unwrap();
    list.append_child(&node).unwrap();
    let listen = |event: &str| {
        let c = Closure::<dyn FnMut()>::new(|| ());
        node.add_event_listener_with_callback(event, c.as_ref().unchecked_ref())
            .unwrap();
        c
    };
    let row = PageRow {
        _on_click: listen("click"),
        _on_dblclick: listen("dblclick"),
        _on_keydown: listen("keydown"),
        _node: node.clone(),
    };
    PAGE_ROWS.with(|r| r.borrow_mut().push(row));
}

#[wasm_bindgen_test]
fn clean_unreleased_callback__rows_of_the_page_keep_their_listeners_in_a_page() {
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
        Closure::<dyn FnMut()>::new(move || add_page_row(&list))
    };
    add.add_event_listener_with_callback("click", on_add.as_ref().unchecked_ref())
        .unwrap();
    // 60 rows added one click at a time, none removed: 180 listeners.
    dispatch(&add, "click", 60);
    by_turns(60);
    clean();
    let _ = root.remove_child(&list);
    PAGE_ROWS.with(|r| r.borrow_mut().clear());
    drop(on_add);
}

/// A list-shaped app on a page: each row a node with its own listeners,
/// kept by Rust and released with the row; `leak` also forgets one
/// listener per row added (given to JS for good, never released).
#[track(allow(forget_per_frame))]
fn add_listed_row(list: &web_sys::Element, leak: bool) {
    add_page_row(list);
    if leak {
        let Some(node) = list.last_element_child() else {
            return;
        };
        let on_focus = Closure::<dyn FnMut()>::new(|| ()); // leak: forgotten_per_row
        node.add_event_listener_with_callback("focus", on_focus.as_ref().unchecked_ref())
            .unwrap();
        on_focus.forget();
    }
}

#[track]
fn remove_listed_row(list: &web_sys::Element) {
    if let Some(node) = list.last_element_child() {
        node.remove();
    }
    PAGE_ROWS.with(|r| r.borrow_mut().pop());
}

/// A page's list, with buttons that add and remove rows (each click a
/// turn); `None` where there is no page (Node).
fn listed_page(
    leak: bool,
) -> Option<(
    web_sys::Element,
    EventTarget,
    EventTarget,
    Vec<Closure<dyn FnMut()>>,
)> {
    let root = web_sys::window()?.document()?.document_element()?;
    let list = root.owner_document()?.create_element("ul").ok()?;
    root.append_child(&list).ok()?;
    let (add, remove) = (EventTarget::new().ok()?, EventTarget::new().ok()?);
    let on_add = {
        let list = list.clone();
        Closure::<dyn FnMut()>::new(move || add_listed_row(&list, leak))
    };
    let on_remove = {
        let list = list.clone();
        Closure::<dyn FnMut()>::new(move || remove_listed_row(&list))
    };
    add.add_event_listener_with_callback("click", on_add.as_ref().unchecked_ref())
        .ok()?;
    remove
        .add_event_listener_with_callback("click", on_remove.as_ref().unchecked_ref())
        .ok()?;
    Some((list, add, remove, vec![on_add, on_remove]))
}

#[wasm_bindgen_test]
fn clean_unreleased_callback__200_rows_added_then_removed_in_a_page() {
    start();
    let Some((list, add, remove, _buttons)) = listed_page(false) else {
        return;
    };
    // Unwarned at every point: after each of 200 adds, and each of 200
    // removes.
    for i in 0..400u32 {
        dispatch(if i < 200 { &add } else { &remove }, "click", 1);
        let warnings = wasm_ledger::snapshot().warnings;
        assert!(
            warnings.is_empty(),
            "after {} adds and {} removes: {warnings:#?}",
            (i + 1).min(200),
            (i + 1).saturating_sub(200)
        );
    }
    assert_eq!(list.child_element_count(), 0);
    by_turns(400);
    clean();
    list.remove();
}

#[wasm_bindgen_test]
fn leak_unreleased_callback__a_listener_left_per_row_added_in_a_page() {
    start();
    let Some((list, add, _remove, _buttons)) = listed_page(true) else {
        return;
    };
    // Warned at its line within 10 adds.
    dispatch(&add, "click", 10);
    leak("forgotten_per_row");
    list.remove();
    PAGE_ROWS.with(|r| r.borrow_mut().clear());
}

/// The same search box as leptos_dom 0.6.7 fixed it: `into_js_value` hands
/// the closure to JS alone, and once the timeout is cleared JS holds it no
/// longer; its garbage collector frees it when it runs (maybe not during the
/// test: they are alive until then, and no leak).
#[track]
fn mount_debounced_search_fixed(input: &EventTarget) {
    let on_key = Closure::<dyn FnMut()>::new(move || {
        let search = Closure::<dyn FnMut()>::new(move || ()).into_js_value();
        let id = set_timeout(&search, 10_000);
        clear_timeout(&id);
    });
    input
        .add_event_listener_with_callback("keyup", on_key.as_ref().unchecked_ref())
        .unwrap();
    on_key.forget();
}

#[wasm_bindgen_test]
fn clean_unreleased_callback__into_js_value_given_to_a_cleared_timeout() {
    start();
    let input = EventTarget::new().unwrap();
    mount_debounced_search_fixed(&input);
    dispatch(&input, "keyup", 30);
    by_turns(30);
    clean();
}
