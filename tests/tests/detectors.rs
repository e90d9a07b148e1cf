//! The leak detectors on the classic mistakes, and on their fixes, in Node
//! and in headless Chromium. Each test resets the ledger and drives frames
//! itself; the tests share one ledger, so the harness runs them one after
//! another.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{WarningKind, testing, track};
use web_sys::{Event, EventTarget};

thread_local! {
    /// Allocations kept alive so that wasm memory really grows.
    static BALLAST: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// Grows wasm memory by at least `mib` MiB.
fn grow_memory(mib: usize) {
    BALLAST.with(|b| b.borrow_mut().push(vec![1u8; mib << 20]));
}

fn small_windows() {
    testing::reset();
    wasm_ledger::configure(wasm_ledger::Config {
        cache_window: 20,
        cache_growth: 10,
        live_window: 20,
        live_growth: 20,
        report_every: 0,
        ..Default::default()
    });
}

// ---- unreleased callbacks -------------------------------------------------

#[track]
fn forget_every_frame() {
    let tick = Closure::<dyn FnMut()>::new(|| ());
    tick.forget();
}

#[track]
fn forget_once_at_start_up() {
    let on_resize = Closure::<dyn FnMut()>::new(|| ());
    on_resize.forget();
}

struct Animation {
    callback: Option<Closure<dyn FnMut()>>,
}

#[track]
fn replace_each_frame(anim: &mut Animation, frame: usize) {
    // The old closure is dropped (released) when the new one takes its place.
    anim.callback = Some(Closure::new(move || {
        let _ = frame;
    }));
}

#[wasm_bindgen_test]
fn a_closure_forgotten_every_frame_is_an_unreleased_callback() {
    small_windows();
    testing::run_frames(5, |_| forget_every_frame());
    let w = testing::assert_warning(WarningKind::UnreleasedCallback, "forget_every_frame");
    assert!(
        w.message
            .starts_with("5 closures made, 5 still alive, over 5 frames"),
        "{}",
        w.message
    );
    assert_eq!(w.site.unwrap().file(), "tests/tests/detectors.rs");
}

#[wasm_bindgen_test]
fn a_closure_made_once_or_replaced_each_frame_is_fine() {
    small_windows();
    let mut anim = Animation { callback: None };
    forget_once_at_start_up();
    testing::run_frames(30, |i| replace_each_frame(&mut anim, i));
    testing::assert_no_warnings();
}

#[track]
fn on_every_click(target: &EventTarget, clicks: &Array) -> Result<(), JsValue> {
    // A listener made and forgotten per event: the classic leak.
    let clicks = clicks.clone();
    let listener = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        clicks.push(&e);
    });
    target.add_event_listener_with_callback("ping", listener.as_ref().unchecked_ref())?;
    listener.forget();
    Ok(())
}

/// A listener that removes itself when dropped, as gloo-events does.
struct Listener {
    target: EventTarget,
    callback: Closure<dyn FnMut(Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback("ping", self.callback.as_ref().unchecked_ref());
    }
}

#[track]
fn listen_for_one_frame(target: &EventTarget, seen: &Array) -> Result<Listener, JsValue> {
    let seen = seen.clone();
    let callback = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        seen.push(&e);
    });
    target.add_event_listener_with_callback("ping", callback.as_ref().unchecked_ref())?;
    Ok(Listener {
        target: target.clone(),
        callback,
    })
}

#[wasm_bindgen_test]
fn a_listener_made_and_forgotten_per_event_is_warned() {
    small_windows();
    let target = EventTarget::new().unwrap();
    let clicks = Array::new();
    testing::run_frames(4, |_| {
        on_every_click(&target, &clicks).unwrap();
        target.dispatch_event(&Event::new("ping").unwrap()).unwrap();
    });
    assert!(clicks.length() >= 4, "the listeners ran");
    testing::assert_warning(WarningKind::UnreleasedCallback, "on_every_click");
}

#[wasm_bindgen_test]
fn a_listener_removed_in_drop_is_fine() {
    small_windows();
    let target = EventTarget::new().unwrap();
    let seen = Array::new();
    testing::run_frames(10, |_| {
        let listener = listen_for_one_frame(&target, &seen).unwrap();
        target.dispatch_event(&Event::new("ping").unwrap()).unwrap();
        drop(listener);
    });
    assert_eq!(
        seen.length(),
        10,
        "each listener saw its own frame's event only"
    );
    testing::assert_no_warnings();
}

#[track]
fn listen_then_drop(target: &EventTarget) -> Result<(), JsValue> {
    let on_pong = Closure::<dyn FnMut(Event)>::new(|_e: Event| ());
    target.add_event_listener_with_callback("pong", on_pong.as_ref().unchecked_ref())?;
    Ok(())
} // `on_pong` is dropped here, while the target still points at it

#[wasm_bindgen_test]
fn a_closure_dropped_while_a_listener_points_at_it_is_warned() {
    small_windows();
    let target = EventTarget::new().unwrap();
    listen_then_drop(&target).unwrap();
    let w = testing::assert_warning(WarningKind::DroppedWhileHeld, "listen_then_drop");
    let source = include_str!("detectors.rs");
    let line = source
        .lines()
        .position(|l| l.contains("target.add_event_listener_with_callback(\"pong\""))
        .unwrap() as u32
        + 1;
    assert_eq!(
        w.site.unwrap().line(),
        line,
        "blamed on the line that handed it to JS"
    );
    assert!(
        w.message
            .contains("closure invoked recursively or after being dropped"),
        "{}",
        w.message
    );
}

#[track]
fn run_later_once(target: &EventTarget) -> Result<(), JsValue> {
    // Given to JS for good: the handle goes, the function stays and frees
    // itself once called.
    let later = Closure::once_into_js(move || ());
    target.add_event_listener_with_callback("ping", later.unchecked_ref())?;
    Ok(())
}

#[wasm_bindgen_test]
fn a_function_given_to_js_for_good_is_not_dropped_while_held() {
    small_windows();
    let target = EventTarget::new().unwrap();
    run_later_once(&target).unwrap();
    target.dispatch_event(&Event::new("ping").unwrap()).unwrap();
    testing::assert_no_warnings();
}

// ---- handle caches and live handles ---------------------------------------

struct Scene {
    nodes: std::collections::HashMap<u32, JsValue>,
    next: u32,
}

impl Scene {
    #[track]
    fn remember_every_node(&mut self) {
        // One handle per thing ever touched, never cleared.
        for _ in 0..2 {
            self.next += 1;
            self.nodes.insert(self.next, js_sys::Object::new().into());
        }
    }
}

#[track]
fn keep_every_handle(kept: &mut Vec<JsValue>, frame: usize) {
    for i in 0..3 {
        kept.push(JsValue::from_str(&format!("node {frame}.{i}")));
    }
}

#[track]
fn bounded_cache(cache: &mut std::collections::VecDeque<JsValue>, frame: usize) {
    cache.push_back(JsValue::from(frame as f64));
    if cache.len() > 8 {
        cache.pop_front();
    }
}

#[track]
fn leak_handles_out_of_sight(frame: usize) {
    // Handles kept where no collection shows them.
    for i in 0..3 {
        std::mem::forget(JsValue::from_str(&format!("{frame}.{i}")));
    }
}

#[wasm_bindgen_test]
fn a_map_of_handles_filled_every_frame_is_a_growing_cache() {
    small_windows();
    let mut scene = Scene {
        nodes: Default::default(),
        next: 0,
    };
    testing::run_frames(30, |_| scene.remember_every_node());
    let w = testing::assert_warning(WarningKind::GrowingCache, "remember_every_node");
    assert!(
        w.message
            .starts_with("`self.nodes` holds JS handles and grew from"),
        "{}",
        w.message
    );
    let source = include_str!("detectors.rs");
    let line = source
        .lines()
        .position(|l| l.contains("self.nodes.insert(self.next"))
        .unwrap() as u32
        + 1;
    assert_eq!(w.site.unwrap().line(), line, "blamed on the insertion");
}

#[wasm_bindgen_test]
fn a_vec_of_handles_that_only_grows_is_a_growing_cache() {
    small_windows();
    let mut kept = Vec::new();
    testing::run_frames(30, |i| keep_every_handle(&mut kept, i));
    let w = testing::assert_warning(WarningKind::GrowingCache, "keep_every_handle");
    assert!(
        w.message.starts_with("`kept` holds JS handles"),
        "{}",
        w.message
    );
}

#[wasm_bindgen_test]
fn live_handles_growing_with_no_collection_to_blame_name_the_makers() {
    small_windows();
    testing::run_frames(30, leak_handles_out_of_sight);
    let w = testing::assert_warning(WarningKind::LiveHandlesGrowing, "leak_handles_out_of_sight");
    assert!(
        w.message.contains("made by leak_handles_out_of_sight"),
        "{}",
        w.message
    );
}

#[wasm_bindgen_test]
fn a_bounded_cache_of_handles_is_fine() {
    small_windows();
    let mut cache = std::collections::VecDeque::new();
    testing::run_frames(60, |i| bounded_cache(&mut cache, i));
    testing::assert_no_warnings();
}

// ---- views ----------------------------------------------------------------

// The compile-time check flags both (a view kept beyond its statement);
// here the run-time detector is what is under test.
#[track(allow(view_escapes))]
fn make_view(buf: &[u8]) -> Uint8Array {
    // SAFETY: kept on purpose in the test that shows the mistake.
    unsafe { Uint8Array::view(buf) }
}

#[track(allow(view_escapes))]
fn sum_through_a_fresh_view(buf: &[u8]) -> u32 {
    // SAFETY: made at the use, after any allocation, used at once.
    let view = unsafe { Uint8Array::view(buf) };
    view.length()
}

#[wasm_bindgen_test]
fn a_view_kept_across_memory_growth_is_detached() {
    small_windows();
    let buf = vec![7u8; 64];
    let kept = make_view(&buf);
    testing::run_frames(3, |i| {
        if i == 1 {
            grow_memory(4);
        }
    });
    testing::assert_warning(WarningKind::DetachedView, "make_view");
    assert_eq!(
        kept.length(),
        0,
        "the kept view is detached: it reads nothing"
    );
}

#[wasm_bindgen_test]
fn a_view_remade_at_each_use_is_fine() {
    small_windows();
    let buf = vec![7u8; 64];
    testing::run_frames(3, |i| {
        if i == 1 {
            grow_memory(4);
        }
        assert_eq!(sum_through_a_fresh_view(&buf), 64);
    });
    testing::assert_no_warnings();
}

/// A list's row, as a list-shaped app keeps it: its node and its listener,
/// released together when the row is removed.
struct ListRow {
    _node: EventTarget,
    _on_click: Closure<dyn FnMut()>,
}

thread_local! {
    static LIST: RefCell<Vec<ListRow>> = const { RefCell::new(Vec::new()) };
}

#[track]
fn add_list_row(leak: bool) {
    let node = EventTarget::new().unwrap();
    let on_click = Closure::<dyn FnMut()>::new(|| ());
    node.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .unwrap();
    if leak {
        // A second listener each add, given to JS for good: left behind.
        let on_key = Closure::<dyn FnMut()>::new(|| ());
        node.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())
            .unwrap();
        on_key.forget();
    }
    LIST.with(|l| {
        l.borrow_mut().push(ListRow {
            _node: node,
            _on_click: on_click,
        })
    });
}

#[track]
fn remove_list_row() {
    LIST.with(|l| l.borrow_mut().pop());
}

#[wasm_bindgen_test]
fn the_loop_test_passes_an_action_its_undo_takes_back() {
    testing::reset();
    let grew = testing::what_loops_leave(10, || add_list_row(false), remove_list_row);
    if wasm_ledger::follows_closures() {
        assert!(grew.is_empty(), "{grew:?}");
    } else {
        // With the glue of releases before 0.2.115 (whose closures the
        // probe cannot follow), one live handle a loop stays, which this
        // test does not explain (seen in `cargo xtask compat --all` from
        // 0.2.100 on); there, nothing else may grow.
        assert!(
            grew.iter().all(|g| g.starts_with("live JS handles")),
            "{grew:?}"
        );
    }
}

#[wasm_bindgen_test]
#[should_panic(expected = "in add_list_row 2 → 11")]
fn the_loop_test_names_what_an_undo_leaves_behind() {
    testing::reset();
    testing::assert_loops_leave_nothing(10, || add_list_row(true), remove_list_row);
}
