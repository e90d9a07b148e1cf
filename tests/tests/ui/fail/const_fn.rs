#[wasm_ledger::track]
const fn size() -> usize {
    4
}

fn main() {}
