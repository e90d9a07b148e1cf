//! The dispatch families, asked where the types are concrete.

use super::*;
use std::rc::Rc;
use wasm_bindgen::JsValue;

// Dispatch happens where the type is concrete, as in generated code, so
// these are macros and not generic functions.
macro_rules! recv {
    ($value:expr) => {{
        let value = $value;
        receiver_is_js!(Ty::of_place(::core::ptr::addr_of!(value)))
    }};
}
macro_rules! result {
    ($value:expr) => {{
        let value = $value;
        let p = result_produced!(Ty::of_place(::core::ptr::addr_of!(value)), &value);
        (p.crossings, p.handles)
    }};
}
macro_rules! bytes {
    ($value:expr) => {{
        let value = $value;
        byte_len!(Ty::of_place(::core::ptr::addr_of!(value)), &value)
    }};
}

#[test]
fn js_receivers_cross_through_references_and_smart_pointers() {
    // JsValue::UNDEFINED needs no JS on the host: only its type matters.
    let v = JsValue::UNDEFINED;
    assert!(recv!(&v));
    assert!(recv!(&&v));
    assert!(recv!(Rc::new(JsValue::NULL)));
    assert!(recv!(&Rc::new(JsValue::NULL)));
    assert!(recv!(JsValue::NULL));
}

#[test]
fn rust_receivers_do_not_cross() {
    assert!(!recv!(&vec![1u8]));
    assert!(!recv!(&"text"));
    assert!(!recv!(Rc::new(5u32)));
}

#[test]
fn results_say_how_many_handles() {
    assert_eq!(result!(JsValue::NULL), (1, 1));
    assert_eq!(result!(Some(JsValue::NULL)), (1, 1));
    assert_eq!(result!(None::<JsValue>), (1, 0));
    assert_eq!(result!(Ok::<JsValue, JsValue>(JsValue::NULL)), (1, 1));
    assert_eq!(result!(Ok::<JsValue, String>(JsValue::NULL)), (1, 1));
    assert_eq!(result!(Err::<JsValue, String>(String::new())), (1, 0));
    assert_eq!(result!(Ok::<bool, JsValue>(true)), (1, 0));
    assert_eq!(result!(Err::<bool, JsValue>(JsValue::NULL)), (1, 1));
    assert_eq!(result!(5u32), (0, 0));
    assert_eq!(result!(Some(5u32)), (0, 0));
    assert_eq!(result!(Ok::<u8, String>(1)), (0, 0));
}

#[test]
fn byte_lengths_through_references() {
    assert_eq!(bytes!(&[0u32; 4]), 16);
    assert_eq!(bytes!(&vec![0u8; 10][..]), 10);
    assert_eq!(bytes!(vec![0f64; 3]), 24);
    assert_eq!(bytes!(&mut [0u8; 2]), 2);
    assert_eq!(bytes!(5u32), 0);
}

#[test]
fn closures_are_recognised() {
    use wasm_bindgen::closure::Closure;
    // Making a Closure needs JS: look at the types only.
    let owned: Ty<Closure<dyn FnMut()>> = Ty::new();
    assert!(is_closure!(owned));
    let by_ref: Ty<&Closure<dyn FnMut(u32)>> = Ty::new();
    assert!(is_closure!(by_ref));
    let number: Ty<u8> = Ty::new();
    assert!(!is_closure!(number));
    let future: Ty<wasm_bindgen_futures::JsFuture> = Ty::new();
    assert_eq!(await_crossings!(future), 3);
    let promise: Ty<js_sys::Promise> = Ty::new();
    assert_eq!(await_crossings!(promise), 6);
    assert_eq!(await_crossings!(number), 0);
}
