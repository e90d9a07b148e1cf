// A type error inside an annotated function is reported on the user's
// line, as if the attribute were not there.
#[wasm_ledger::track]
fn draw(list: &js_sys::Array) {
    list.push(5);
}

fn main() {}
