//! The attributes of [wasm-ledger](https://docs.rs/wasm-ledger). Depend on
//! `wasm-ledger`, which re-exports them; this crate is its compiler-side
//! half.
//!
//! A pipeline, one stage per module:
//! `args` (attribute options) -> `item` (the annotated item) ->
//! `check` (misuse of the attribute as spanned errors) -> `lint` (boundary
//! mistakes in the body, as warnings or errors at the user's line) ->
//! `bounds` (the collections the item bounds) -> `rewrite` (instrument the
//! body) -> `emit` (tokens out, on/off selection).

mod args;
mod bounds;
mod check;
mod emit;
#[cfg(test)]
mod golden;
mod held;
mod item;
mod lint;
mod rewrite;

use proc_macro::TokenStream;

/// See `wasm_ledger::track`.
#[proc_macro_attribute]
pub fn track(args: TokenStream, input: TokenStream) -> TokenStream {
    emit::expand(emit::Kind::Track, args.into(), input.into()).into()
}

/// See `wasm_ledger::frame`.
#[proc_macro_attribute]
pub fn frame(args: TokenStream, input: TokenStream) -> TokenStream {
    emit::expand(emit::Kind::Frame, args.into(), input.into()).into()
}
