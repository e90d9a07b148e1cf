struct App;

#[wasm_ledger::frame]
impl App {
    fn tick(&mut self) {}
}

fn main() {}
