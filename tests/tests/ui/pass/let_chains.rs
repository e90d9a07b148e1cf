//! Edition 2024's let chains in annotated code: the rewrite's tokens around
//! a call in a chain must not make the chain read as older-edition code.

use wasm_ledger::track;

struct Reader {
    cancel_on_drop: bool,
    inner: Option<Vec<u8>>,
}

impl Drop for Reader {
    #[track]
    fn drop(&mut self) {
        if self.cancel_on_drop
            && let Some(inner) = self.inner.take()
            && let Some(first) = inner.first().copied()
        {
            let _ = first;
        }
    }
}

#[track]
fn chain(v: &[u32]) -> u32 {
    if let Some(x) = v.first()
        && let Some(y) = v.last().map(|y| y * 2)
        && x < &y
    {
        x + y
    } else {
        0
    }
}

#[track]
fn while_chain(mut v: Vec<u32>) -> u32 {
    let mut sum = 0;
    while let Some(x) = v.pop()
        && x > 1
    {
        sum += x;
    }
    sum
}

fn main() {
    drop(Reader { cancel_on_drop: true, inner: Some(vec![1]) });
    assert_eq!(chain(&[1, 2]), 5);
    assert_eq!(while_chain(vec![1, 2, 3]), 5);
}
