// A half-typed body is kept as written (the function still instrumented), so the rest of the crate
// (and rust-analyzer inside the function) keeps working; its syntax error
// is reported once, by rustc, not a second time by the attribute.
#[wasm_ledger::track]
fn draw(list: &js_sys::Array) {
    let n = list.length() + ;
}

fn main() {}
