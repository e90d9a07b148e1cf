// A method pushing JS values into `self.cache`.
struct Scene {
    cache: Vec<JsValue>,
}

#[wasm_ledger::track]
impl Scene {
    fn remember(&mut self, node: &web_sys::Node) {
        self.cache.push(node.clone().into());
    }
}
