//! The attributes of [wasm-ledger](https://docs.rs/wasm-ledger). Depend on
//! `wasm-ledger`, which re-exports them; this crate is its compiler-side
//! half.
//!
//! A pipeline, one stage per module:
//! `args` (attribute options) -> `item` (the annotated item) ->
//! `valid` (misuse of the attribute as spanned errors) -> `lint` (boundary
//! mistakes in the body, found as data: `check::Finding`s, with the help of
//! `local_types`) -> `bounds` (the collections the item bounds) ->
//! `rewrite` (instrument the body: `bindings` -> `classify` -> `plan` ->
//! `codegen`, with `receiver` and `held`) -> `emit` (tokens out: findings
//! reported, on/off selection). `vocab` holds the names every stage
//! shares.

mod args;
mod bindings;
mod bounds;
mod check;
mod classify;
mod codegen;
mod emit;
#[cfg(test)]
mod golden;
mod held;
mod item;
mod lint;
mod local_types;
mod plan;
mod receiver;
mod rewrite;
#[cfg(test)]
mod timing;
mod valid;
mod views;
mod vocab;

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
