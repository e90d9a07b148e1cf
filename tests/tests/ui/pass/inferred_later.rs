//! A value whose type is known only later than the line that uses it: the
//! rewrite must not ask a question about that type there (the question
//! would commit to an answer for an inference variable, and fail when the
//! variable is resolved), and the temporaries it adds must not outlive the
//! block they are in.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsValue, UnwrapThrowExt};
use wasm_ledger::track;

/// A fold whose accumulator starts as `(Vec::new(), Vec::new())`, named like
/// a parameter it shadows: the element types are known only once the fold's
/// closure pushes into them.
#[track]
fn fold_accumulator_shadowing_a_parameter(acc: u32, items: &[u32]) -> usize {
    let (strong, weak) = items.iter().fold((Vec::new(), Vec::new()), |mut acc, &n| {
        let m_strong: Rc<dyn Fn()> = Rc::new(move || {
            let _ = n;
        });
        let m_weak = Rc::downgrade(&m_strong);
        acc.0.push(m_strong);
        acc.1.push(m_weak);
        acc
    });
    strong.len() + weak.len() + acc as usize
}

/// The same with a `let` that shadows a parameter.
#[track]
fn let_shadowing_a_parameter(cache: &mut Vec<JsValue>, n: u32) -> usize {
    cache.push(JsValue::NULL);
    let mut cache = Vec::new();
    for i in 0..n {
        cache.push(Rc::new(i));
    }
    cache.len()
}

/// A local collection whose element type comes from a later statement.
#[track]
fn local_collection_typed_later() -> usize {
    let mut pending = Vec::new();
    let mut names = std::collections::HashMap::new();
    pending.push(Default::default());
    names.insert("a", Default::default());
    let first: Rc<RefCell<String>> = pending.remove(0);
    let count: u64 = names["a"];
    first.borrow().len() + count as usize
}

struct Source {
    pulled: u32,
}

impl Source {
    async fn pull(&mut self, by: u32) -> u32 {
        self.pulled += by;
        self.pulled
    }
}

/// A call result awaited as a block's tail, borrowing a local of that block.
#[track]
async fn awaited_tail_borrowing_a_block_local(cell: Rc<RefCell<Source>>) -> u32 {
    let pulled = async move {
        let mut inner = cell.try_borrow_mut().unwrap_throw();
        inner.pull(2).await
    };
    pulled.await
}

/// The same without an await: a method call on a block local as its tail.
#[track]
fn tail_call_borrowing_a_block_local(cell: &RefCell<Vec<u32>>) -> usize {
    let n = {
        let inner = cell.borrow();
        inner.iter().filter(|&&x| x > 1).count()
    };
    n + {
        let v = vec![1, 2, 3];
        v.iter().map(|x| x * 2).sum::<u32>() as usize
    }
}

fn main() {
    assert_eq!(fold_accumulator_shadowing_a_parameter(1, &[1, 2]), 5);
    assert_eq!(let_shadowing_a_parameter(&mut Vec::new(), 3), 3);
    let _ = local_collection_typed_later;
    let _ = awaited_tail_borrowing_a_block_local;
    let _ = tail_call_borrowing_a_block_local;
}
