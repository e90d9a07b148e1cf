//! Function calls, awaits and closures after the rewrite: inference that
//! flows backwards from later code, control flow inside arguments, and
//! closures handed to JS.

use std::collections::HashMap;
use std::str::FromStr;

use js_sys::{Array, Math, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_ledger::track;

fn takes_vec(v: Vec<u8>) -> usize {
    v.len()
}

fn takes_usize(n: usize) -> usize {
    n
}

#[track]
fn results_inferred_from_later_code(bytes: &[u8], text: &str) -> Result<usize, std::num::ParseIntError> {
    let collected = bytes.iter().copied().collect();
    let parsed = text.parse()?;
    let defaulted = Default::default();
    let from_str = u32::from_str(text)?;
    let sum = takes_vec(collected) + takes_usize(parsed) + takes_usize(defaulted);
    Ok(sum + from_str as usize)
}

#[track]
fn control_flow_inside_arguments(o: &Object, keys: &[&str]) -> Result<f64, JsValue> {
    let mut total = 0.0;
    for k in keys {
        if k.is_empty() {
            continue;
        }
        total += Reflect::get(o, &JsValue::from_str(k))?.as_f64().unwrap_or(Math::random());
        if total > 10.0 {
            return Ok(total);
        }
    }
    Ok(total)
}

#[track]
async fn awaits_inside_arguments(p: Promise, q: Promise) -> Result<JsValue, JsValue> {
    let list = Array::of2(&JsFuture::from(p).await?, &JsFuture::from(q).await?);
    Ok(list.into())
}

#[track]
fn closures_for_js(list: &Array) -> Result<(), JsValue> {
    let counter = std::rc::Rc::new(std::cell::Cell::new(0));
    let c = counter.clone();
    let on_event = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| c.set(c.get() + e.is_truthy() as u32));
    list.for_each(&mut |v, _, _| on_event.as_ref().unchecked_ref::<js_sys::Function>().call1(&JsValue::NULL, &v).map(|_| ()).unwrap_or(()));
    let boxed = Closure::wrap(Box::new(move |_: JsValue| counter.set(0)) as Box<dyn FnMut(JsValue)>);
    boxed.forget();
    let once = Closure::once_into_js(move || 1);
    let _ = once;
    drop(on_event);
    Ok(())
}

#[track]
fn handles_in_rust_collections(cache: &mut HashMap<u32, JsValue>, list: &Array) {
    for i in 0..list.length() {
        cache.insert(i, list.get(i));
    }
    let first = cache.get(&0).cloned();
    let _moved = cache.remove(&1);
    let _ = first.map(|v| v.is_undefined());
}

#[wasm_bindgen::prelude::wasm_bindgen]
#[track]
pub fn exported_with_track_below(n: u32) -> f64 {
    (0..n).map(|_| Math::random()).sum()
}

#[track]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn exported_with_track_above(n: u32) -> f64 {
    (0..n).map(|_| Math::random()).sum()
}

struct Store;

impl Store {
    fn get<T: FromStr>(key: &str) -> Result<T, ()> {
        key.parse().map_err(|_| ())
    }
}

#[track]
impl Store {
    /// A function generic in its return type, the type given by a later
    /// `let` through `?`.
    fn get_number(key: &str) -> Result<u32, ()> {
        let value: u32 = Self::get(key)?;
        Ok(value)
    }
}

fn main() {}
