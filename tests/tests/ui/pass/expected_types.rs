//! Calls whose meaning depends on the type their context expects: the
//! rewrite must not put a wrapper between the call and that expectation.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use wasm_ledger::track;

/// A trait's constructor called by the trait's name: `Self` is inferred
/// from how the value is used later (gloo-worker's `ReactorScoped::new`).
trait Scoped {
    fn new(capacity: usize) -> Self;
}

impl Scoped for Vec<u8> {
    fn new(capacity: usize) -> Self {
        Vec::with_capacity(capacity)
    }
}

fn takes_bytes(v: Vec<u8>) -> usize {
    v.capacity()
}

#[track]
fn trait_constructor_with_self_inferred_later() -> usize {
    let scoped = Scoped::new(8);
    takes_bytes(scoped)
}

/// A closure boxed where a `dyn Fn(&T)` is expected: its signature is
/// higher-ranked only because the expected type says so (dioxus-web's
/// `set_hook(Box::new(|info| ..))`).
#[track]
fn boxed_closure_for_a_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let _ = info.location();
    }));
    std::panic::set_hook(previous);
}

type Action<I, O> = Arc<dyn Fn(&I) -> Pin<Box<dyn Future<Output = O> + Send>> + Send + Sync>;

struct Actions<I, O> {
    run: Action<I, O>,
    count: Rc<dyn Fn() -> usize>,
}

/// An `Arc::new(closure)` whose result coerces to the field's unsized type,
/// and whose tail (`Box::pin(..)`) coerces to the expected return type
/// (reactive_graph's actions).
#[track]
fn arc_closure_into_a_field<I: Clone + Send + Sync + 'static>(base: u32) -> Actions<I, u32> {
    Actions {
        run: Arc::new(move |input: &I| {
            let _copy = input.clone();
            Box::pin(async move { base })
        }),
        count: Rc::new(move || base as usize),
    }
}

fn main() {
    assert_eq!(trait_constructor_with_self_inferred_later(), 8);
    boxed_closure_for_a_hook();
    let actions = arc_closure_into_a_field::<String>(3);
    assert_eq!((actions.count)(), 3);
    let _ = (actions.run)(&String::new());
}
