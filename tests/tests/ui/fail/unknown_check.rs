//! A check that does not exist is an error, with the nearest check
//! suggested and the full list.

#[wasm_ledger::track(allow(closure_in_loops))]
fn draw() {}

#[wasm_ledger::frame(deny(everything))]
fn tick() {}

fn main() {}
