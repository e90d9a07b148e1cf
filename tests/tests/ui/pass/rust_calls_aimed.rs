//! Calls of Rust functions get exact mode's aim in their callee expression
//! (`{ aim(site); helper }(args)`): what they mean must not change. Local
//! closures and function values are called in place (never moved into a
//! block), generic functions still infer from their arguments and from the
//! type the context expects, and temporaries live as before.

use wasm_bindgen::closure::Closure;
use wasm_ledger::track;

fn make_listener() -> Closure<dyn FnMut()> {
    Closure::new(|| ())
}

fn parse<T: std::str::FromStr + Default>(s: &str) -> T {
    s.parse().unwrap_or_default()
}

fn first<'a>(s: &'a String) -> &'a str {
    &s[..1]
}

mod helpers {
    pub fn twice(f: &mut dyn FnMut()) {
        f();
        f();
    }
}

#[track]
fn calls(mut count: impl FnMut() -> u32, apply: fn(u32) -> u32) -> u32 {
    let mut n = 0;
    let mut bump = || n += 1;
    bump();
    bump();
    helpers::twice(&mut bump);
    let a = count();
    let b = count();
    let parsed: u64 = parse("7");
    let boxed: Box<dyn Fn(u32) -> u32> = Box::new(|x| x + 1);
    let text = String::from("xy");
    let head = first(&text);
    apply(a + b) + parsed as u32 + boxed(1) + head.len() as u32 + n
}

/// Compiled only: making a `Closure` needs JS.
#[track]
#[allow(dead_code)]
fn listener() {
    let listener = make_listener();
    drop(listener);
}

fn main() {
    let mut k = 0;
    let _ = calls(
        move || {
            k += 1;
            k
        },
        |x| x * 2,
    );
}
