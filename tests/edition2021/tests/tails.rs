//! Code the rewrite must keep compiling under edition 2021 rules, which most
//! published crates still use and this crate's 2024 edition hides: there, a
//! block's tail expression keeps its temporaries until after the block's
//! locals are dropped, so a temporary the rewrite added around a call that
//! borrows a block local (a wrapper of its result, say) would outlive the
//! local (E0597). Compiling this file is the test; running it checks the
//! results are the plain code's.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::UnwrapThrowExt;
use wasm_ledger::track;

struct Source {
    pulled: u32,
}

impl Source {
    async fn pull(&mut self, by: u32) -> u32 {
        self.pulled += by;
        self.pulled
    }

    fn peek(&self) -> &u32 {
        &self.pulled
    }
}

/// An async block whose tail awaits a call that borrows the block's local.
#[track]
#[allow(clippy::await_holding_refcell_ref)] // the shape that broke, as found
fn awaited_tail_borrowing_a_block_local(
    cell: Rc<RefCell<Source>>,
) -> impl std::future::Future<Output = u32> {
    async move {
        let mut inner = cell.try_borrow_mut().unwrap_throw();
        inner.pull(2).await
    }
}

/// A block whose tail is a method call on (a borrow of) the block's local.
#[track]
fn tail_call_borrowing_a_block_local(cell: &RefCell<Source>) -> u32 {
    let n = {
        let inner = cell.borrow();
        *inner.peek()
    };
    n + {
        let v = [1u32, 2, 3];
        v.iter().map(|x| x * 2).sum::<u32>()
    }
}

/// A function body whose tail borrows one of its locals.
#[track]
fn body_tail_borrowing_a_local(cell: &RefCell<Vec<u32>>) -> usize {
    let inner = cell.borrow();
    inner.iter().filter(|&&x| x > 1).count()
}

/// Polls a future that never waits (the ones above do not).
fn ready<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
    fn noop(_: *const ()) {}
    fn clone(p: *const ()) -> RawWaker {
        RawWaker::new(p, &VTABLE)
    }
    static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    // SAFETY: the vtable's functions do nothing with the pointer.
    let waker = unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &VTABLE)) };
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(&waker)) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the future waited"),
    }
}

#[test]
fn tails_keep_their_meaning() {
    let source = Rc::new(RefCell::new(Source { pulled: 1 }));
    assert_eq!(
        ready(awaited_tail_borrowing_a_block_local(source.clone())),
        3
    );
    assert_eq!(tail_call_borrowing_a_block_local(&source), 3 + 12);
    assert_eq!(body_tail_borrowing_a_local(&RefCell::new(vec![1, 2, 3])), 2);
}
