//! Decides once whether the ledger is on, as `cfg(wasm_ledger_on)`: in
//! builds with debug assertions unless `--cfg wasm_ledger_disable`, and
//! always with the `always-on` feature. Off, the crate links nothing into
//! the user's wasm: no JS imports, no exports, no data.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(wasm_ledger_on)");
    println!("cargo::rustc-check-cfg=cfg(wasm_ledger_disable)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CARGO_CFG_WASM_LEDGER_DISABLE");
    let debug = std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_some();
    let disabled = std::env::var_os("CARGO_CFG_WASM_LEDGER_DISABLE").is_some();
    let always = std::env::var_os("CARGO_FEATURE_ALWAYS_ON").is_some();
    if always || (debug && !disabled) {
        println!("cargo::rustc-cfg=wasm_ledger_on");
    }
}
