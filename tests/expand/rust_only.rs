// A function that only does Rust: a `&str`, a `Vec`, an iterator.
#[wasm_ledger::track]
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text.split_whitespace() {
        out.push(w.to_lowercase());
    }
    out.sort();
    out
}
