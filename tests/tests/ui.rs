//! Compile-time behaviour of the attributes, pinned by trybuild: what must
//! compile (`ui/pass`), the exact errors for misuse and denied checks
//! (`ui/fail`), and the exact warnings of the checks (`ui/warn`: trybuild
//! records output only for builds that fail, so each ends with a
//! `compile_error!` after the code that warns).
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
    t.compile_fail("tests/ui/warn/*.rs");
}
