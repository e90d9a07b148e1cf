// An async fn awaiting a `JsFuture`.
#[wasm_ledger::track]
async fn fetch_text(window: &web_sys::Window, url: &str) -> Result<JsValue, JsValue> {
    let response = JsFuture::from(window.fetch_with_str(url)).await?;
    Ok(response)
}
