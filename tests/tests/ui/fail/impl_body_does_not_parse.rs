// A method of a `#[track]` impl block that does not parse: as for a
// function, the block passes through as written and rustc alone reports
// the syntax error.
struct Chart;

#[wasm_ledger::track]
impl Chart {
    fn draw(&self, list: &js_sys::Array) {
        let n = list.length() * ;
    }
}

fn main() {}
