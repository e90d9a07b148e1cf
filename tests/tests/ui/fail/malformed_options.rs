//! `allow`/`deny` take a list of check names.

#[wasm_ledger::track(allow)]
fn a() {}

#[wasm_ledger::track(deny())]
fn b() {}

#[wasm_ledger::track(deny(view_escapes = true))]
fn c() {}

#[wasm_ledger::track(allow("view_escapes"))]
fn d() {}

fn main() {}
