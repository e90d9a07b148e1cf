//! The rewrite must not change what compiles: borrows, moves, temporaries,
//! inference, control flow, generics and methods all behave as written.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};
use wasm_ledger::{frame, track};

#[track]
fn temporaries_live_to_the_end_of_the_statement(cell: &RefCell<HashMap<u32, String>>, k: u32) -> Option<String> {
    // `borrow()` returns a temporary `Ref`; `get` borrows from it.
    cell.borrow().get(&k).cloned()
}

#[track]
fn two_phase_borrows_and_moves(mut v: Vec<usize>, s: String) -> (Vec<usize>, usize) {
    v.push(v.len());
    let n = s.into_bytes().len(); // `s` is moved by the call
    (v, n)
}

#[track]
fn unsized_places_and_slices(px: &mut [u8], i: usize) {
    px[i..i + 4].copy_from_slice(&[1, 2, 3, 4]);
    (&mut px[..2]).fill(0);
}

#[track]
fn question_mark_return_and_labels(list: &Array) -> Result<u32, JsValue> {
    let first = list.get(0);
    let n: f64 = first.as_f64().ok_or_else(|| JsValue::from_str("not a number"))?;
    'outer: for i in 0..3 {
        for j in 0..3 {
            if list.length() > i + j {
                break 'outer;
            }
        }
    }
    if n < 0.0 {
        return Ok(0);
    }
    Ok(n as u32)
}

#[track]
fn closures_infer_their_arguments(list: &Array) -> Vec<f64> {
    let mut out = Vec::new();
    list.for_each(&mut |v, _, _| out.push(v.as_f64().unwrap_or(0.0)));
    let doubled: Vec<f64> = out.iter().map(|x| x * 2.0).collect();
    doubled
}

#[track]
fn generics_and_impl_trait<T: JsCast + Clone>(value: &T, more: impl IntoIterator<Item = u8>) -> (JsValue, usize) {
    let js: &JsValue = value.as_ref();
    (js.clone(), more.into_iter().count())
}

#[track]
async fn async_functions_keep_working(list: Array) -> u32 {
    let n = list.length();
    std::future::ready(()).await;
    n + list.length()
}

struct Scene {
    nodes: HashMap<u32, Object>,
    list: Array,
}

#[track]
impl Scene {
    fn by_ref(&self) -> u32 {
        self.list.length() + self.nodes.len() as u32
    }

    fn by_mut(&mut self, k: u32) {
        self.nodes.entry(k).or_insert_with(Object::new);
        self.list.push(&JsValue::from(k));
    }

    fn by_value(self) -> Array {
        self.list
    }

    #[frame]
    fn per_frame(&mut self) {
        self.by_mut(1);
    }
}

fn main() {}
