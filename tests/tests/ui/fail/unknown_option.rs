//! Options other than `allow(..)` and `deny(..)` are errors, with the
//! nearest option suggested.

#[wasm_ledger::track(alow(view_escapes))]
fn draw() {}

#[wasm_ledger::frame(every = 60)]
fn tick() {}

fn main() {}
