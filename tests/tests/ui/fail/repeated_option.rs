//! An option given twice is an error: one list per option.

#[wasm_ledger::track(allow(view_escapes), allow(closure_in_loop))]
fn draw() {}

fn main() {}
