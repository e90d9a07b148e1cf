//! Calls of Rust functions in annotated code, as written: local closures
//! and function values called in place, generic functions inferring from
//! their arguments and from the type the context expects (a closure whose
//! parameter types come from the helper's bound), a call negated in a match
//! arm, temporaries living as before. (An aim put in the callee,
//! `{ aim(site); helper }(args)`, broke the last three in gloo-file.)

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

fn with_text<R>(text: &str, f: impl FnOnce(String) -> R) -> R {
    f(text.to_string())
}

fn millis(n: u64) -> f64 {
    n as f64
}

#[track]
fn arms(r: Result<u64, u64>) -> f64 {
    match r {
        Ok(n) => millis(n),
        Err(n) => -millis(n),
    }
}

#[track]
fn inferred_from_the_bound() -> usize {
    with_text("abc", |value| value.len())
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
    assert_eq!(arms(Err(2)), -2.0);
    assert_eq!(inferred_from_the_bound(), 3);
    let mut k = 0;
    let _ = calls(
        move || {
            k += 1;
            k
        },
        |x| x * 2,
    );
}
