#![cfg(target_arch = "wasm32")]
use js_sys::{Array, Object, Reflect, Math, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_ledger::probe;

fn show(name: &str, f: impl FnOnce()) {
    let (_, c) = probe::measure(f);
    web_sys_log(&format!("ROW {name}: {} {:?}", c.total, c.by_name));
}
fn web_sys_log(s: &str) { js_sys::eval(&format!("console.log({:?})", s)).ok(); }

#[wasm_bindgen_test]
fn table() {
    let arr = Array::new();
    let obj = Object::new();
    let v = JsValue::from_str("k");
    let n = JsValue::from(1.5);
    show("method length", || { arr.length(); });
    show("method push", || { arr.push(&v); });
    show("static Math.random", || { Math::random(); });
    show("ctor Array::new", || { let _ = Array::new(); });
    show("ctor Object::new", || { let _ = Object::new(); });
    show("from_str", || { let _ = JsValue::from_str("x"); });
    show("from f64", || { let _ = JsValue::from(2.5); });
    show("from bool", || { let _ = JsValue::from(true); });
    show("as_f64", || { let _ = n.as_f64(); });
    show("as_string", || { let _ = v.as_string(); });
    show("is_undefined", || { let _ = v.is_undefined(); });
    show("clone", || { let _ = v.clone(); });
    show("drop", { let c = v.clone(); move || drop(c) });
    show("dyn_into Array", { let a: JsValue = arr.clone().into(); move || { let _ = a.dyn_into::<Array>(); } });
    show("dyn_ref Array", || { let _ = n.dyn_ref::<Array>(); });
    show("is_instance_of", || { let _ = n.is_instance_of::<Array>(); });
    show("unchecked_ref", || { let _: &Array = v.unchecked_ref(); });
    show("Reflect::get", || { let _ = Reflect::get(&obj, &v); });
    show("Reflect::set", || { let _ = Reflect::set(&obj, &v, &n); });
    show("Uint8Array::new_with_length", || { let _ = Uint8Array::new_with_length(16); });
    let u = Uint8Array::new_with_length(16);
    let mut buf = [0u8; 16];
    show("copy_to", || { u.copy_to(&mut buf); });
    show("copy_from", || { u.copy_from(&buf); });
    show("to_vec", || { let _ = u.to_vec(); });
    show("from slice", || { let _ = Uint8Array::from(&buf[..]); });
    show("view", || { let _ = unsafe { Uint8Array::view(&buf) }; });
    show("set_index", || { u.set_index(0, 1); });
    show("get_index", || { let _ = u.get_index(0); });
    show("global", || { let _ = js_sys::global(); });
    show("eq", || { let _ = v == n; });
    show("Array::of2", || { let _ = Array::of2(&v, &n); });
    show("Object::keys", || { let _ = Object::keys(&obj); });
    show("JsString from", || { let _ = js_sys::JsString::from("abc"); });
    show("string into JsValue", || { let _: JsValue = "abc".into(); });
    show("as_bool", || { let _ = n.as_bool(); });
    show("is_function", || { let _ = n.is_function(); });
    show("externref count", || { let _ = wasm_bindgen::externref_heap_live_count(); });
    show("memory", || { let _ = wasm_bindgen::memory(); });
    use wasm_bindgen::closure::Closure;
    show("Closure::new", || { let c = Closure::<dyn FnMut()>::new(|| ()); std::mem::forget(c); });
    let c = Closure::<dyn FnMut()>::new(|| ());
    show("closure as_ref", || { let _ = c.as_ref(); });
    show("closure drop", move || { drop(c); });
    let c2 = Closure::<dyn FnMut()>::new(|| ());
    show("closure forget", move || { c2.forget(); });
    let c3 = Closure::<dyn FnMut()>::new(|| ());
    show("closure into_js_value", move || { let _ = c3.into_js_value(); });
    show("Closure::once_into_js", || { let _ = Closure::once_into_js(|| ()); });
}

#[wasm_bindgen_test]
async fn awaits() {
    let p = js_sys::Promise::resolve(&JsValue::from(1));
    probe_begin_raw();
    let f = wasm_bindgen_futures::JsFuture::from(p);
    let c1 = probe_counts_raw();
    let _ = f.await;
    let c2 = probe_counts_raw();
    web_sys_log(&format!("ROW JsFuture::from: {c1}; after await: {c2}"));
}
fn probe_begin_raw() { js_sys::eval("__wasmLedgerProbe.begin()").unwrap(); }
fn probe_counts_raw() -> String { js_sys::eval("JSON.stringify(__wasmLedgerProbe.counts())").unwrap().as_string().unwrap() }
