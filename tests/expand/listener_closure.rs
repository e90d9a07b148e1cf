// A listener closure, made, handed to JS, and kept.
#[wasm_ledger::track]
fn listen(target: &web_sys::EventTarget, keep: &mut Vec<Closure<dyn FnMut()>>) -> Result<(), JsValue> {
    let on_click = Closure::<dyn FnMut()>::new(move || {});
    target.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    keep.push(on_click);
    Ok(())
}
