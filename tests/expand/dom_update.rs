// A DOM update: two method calls on a JS receiver, one through a field.
#[wasm_ledger::track]
fn render(el: &web_sys::Element, count: u32) {
    el.set_text_content(Some(&count.to_string()));
    el.set_class_name("counter");
}
