#[wasm_ledger::track(level = "debug")]
fn draw() {}

#[wasm_ledger::frame(every = 60)]
fn tick() {}

fn main() {}
