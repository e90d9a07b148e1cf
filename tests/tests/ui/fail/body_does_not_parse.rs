// A half-typed body: the tokens pass through with the error, so the rest of
// the crate (and rust-analyzer inside the function) keeps working; only
// the syntax error is reported, once by the attribute and once by rustc.
#[wasm_ledger::track]
fn draw(list: &js_sys::Array) {
    let n = list.length() + ;
}

fn main() {}
