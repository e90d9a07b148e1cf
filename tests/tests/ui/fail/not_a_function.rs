#[wasm_ledger::track]
struct Scene {
    width: u32,
}

#[wasm_ledger::frame]
mod frames {}

fn main() {}
