//! Collections of JS handles: ones that only grow, and the bounded ones
//! that look like them while they fill (a ring, an LRU, a map cleared now
//! and then, one bounded by another method).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::rc::Rc;

use js_sys::Object;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::{WarningKind, frame, testing, track};
use web_sys::EventTarget;

use super::{by_turns, clean, dispatch, start, warned_at};

const SOURCE: &str = include_str!("caches.rs");
const FILE: &str = "tests/tests/scenarios/caches.rs";

fn leak(name: &str) {
    warned_at(WarningKind::GrowingCache, FILE, SOURCE, name);
}

// ---- leaks -----------------------------------------------------------------

struct Labels {
    /// Keyed by a text that changes every frame: never hit, never removed.
    nodes: HashMap<String, JsValue>,
}

#[track]
impl Labels {
    fn label(&mut self, frame: usize) {
        let node: JsValue = Object::new().into();
        self.nodes.insert(format!("score {frame}"), node); // leak: hashmap_never_cleared
    }
}

#[wasm_bindgen_test]
fn leak_growing_cache__hashmap_keyed_by_a_changing_text() {
    start();
    let mut labels = Labels {
        nodes: HashMap::new(),
    };
    testing::run_frames(60, |i| labels.label(i));
    leak("hashmap_never_cleared");
}

#[frame]
fn tick_btree(cache: &mut BTreeMap<u64, JsValue>, frame: u64) {
    cache.insert(frame, Object::new().into()); // leak: btreemap_grows
}

#[wasm_bindgen_test]
fn leak_growing_cache__btreemap_filled_every_frame() {
    start();
    let mut cache = BTreeMap::new();
    testing::run_frames(60, |i| tick_btree(&mut cache, i as u64));
    leak("btreemap_grows");
}

/// An undo history of every click's target, never trimmed.
struct History {
    entries: Vec<JsValue>,
}

#[track]
impl History {
    fn record(&mut self, entry: JsValue) {
        self.entries.push(entry); // leak: history_vec
    }
}

#[track]
fn mount_history(button: &EventTarget, history: Rc<RefCell<History>>) {
    let on_click = Closure::<dyn FnMut()>::new(move || {
        history.borrow_mut().record(Object::new().into());
    });
    button
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .unwrap();
    on_click.forget();
}

#[wasm_bindgen_test]
fn leak_growing_cache__vec_of_handles_grows_on_every_click() {
    start();
    let button = EventTarget::new().unwrap();
    let history = Rc::new(RefCell::new(History {
        entries: Vec::new(),
    }));
    mount_history(&button, history.clone());
    dispatch(&button, "click", 60);
    by_turns(60);
    leak("history_vec");
}

// ---- bounded look-alikes ---------------------------------------------------

#[frame]
fn tick_ring(recent: &mut VecDeque<JsValue>) {
    recent.push_back(Object::new().into());
    if recent.len() > 32 {
        recent.pop_front();
    }
}

#[wasm_bindgen_test]
fn clean_growing_cache__ring_of_32() {
    start();
    let mut recent = VecDeque::new();
    testing::run_frames(200, |_| tick_ring(&mut recent));
    clean();
}

/// An LRU of 1,000 handles, a new key every other frame: it fills over
/// 2,000 frames, then evicts.
struct Lru {
    map: HashMap<u32, JsValue>,
    order: VecDeque<u32>,
}

const CAPACITY: usize = 1000;

#[track]
impl Lru {
    fn get_or_make(&mut self, key: u32) -> JsValue {
        if let Some(hit) = self.map.get(&key) {
            return hit.clone();
        }
        if self.map.len() >= CAPACITY
            && let Some(old) = self.order.pop_front()
        {
            self.map.remove(&old);
        }
        let made: JsValue = Object::new().into();
        self.map.insert(key, made.clone());
        self.order.push_back(key);
        made
    }
}

#[wasm_bindgen_test]
fn clean_growing_cache__lru_of_1000_filling_over_2000_frames() {
    start();
    let mut lru = Lru {
        map: HashMap::new(),
        order: VecDeque::new(),
    };
    testing::run_frames(2400, |i| {
        lru.get_or_make((i / 2) as u32);
    });
    assert_eq!(lru.map.len(), CAPACITY);
    clean();
}

#[frame]
fn tick_cleared(seen: &mut HashMap<usize, JsValue>, frame: usize) {
    if frame % 500 == 499 {
        seen.clear();
    }
    seen.insert(frame, Object::new().into());
}

#[wasm_bindgen_test]
fn clean_growing_cache__map_cleared_every_500_frames() {
    start();
    let mut seen = HashMap::new();
    testing::run_frames(1200, |i| tick_cleared(&mut seen, i));
    clean();
}

/// Filled by one method, trimmed by another.
struct Thumbnails {
    images: Vec<JsValue>,
}

#[track]
impl Thumbnails {
    fn add(&mut self) {
        self.images.push(Object::new().into());
    }

    fn trim(&mut self) {
        self.images.truncate(64);
    }
}

#[wasm_bindgen_test]
fn clean_growing_cache__bounded_by_another_method() {
    start();
    let mut thumbs = Thumbnails { images: Vec::new() };
    testing::run_frames(300, |i| {
        thumbs.add();
        if i % 100 == 99 {
            thumbs.trim();
        }
    });
    clean();
}
