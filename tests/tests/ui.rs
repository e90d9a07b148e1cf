//! Compile-time behaviour of the attributes, pinned by trybuild: what must
//! compile (`ui/pass`) and the exact errors for misuse (`ui/fail`).
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
