//! A check both allowed and denied, or listed twice, is an error.

#[wasm_ledger::track(deny(view_escapes), allow(view_escapes))]
fn draw() {}

#[wasm_ledger::track(allow(per_element_copy, per_element_copy))]
fn copy() {}

fn main() {}
