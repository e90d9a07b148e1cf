//! The attribute's own arguments: `#[track]` and `#[frame]` take none yet.

use proc_macro2::TokenStream;

/// Options given in `#[track(...)]`.
#[derive(Debug, Default)]
pub(crate) struct Args {}

pub(crate) fn parse(kind: &str, tokens: TokenStream) -> syn::Result<Args> {
    match tokens.into_iter().next() {
        None => Ok(Args {}),
        Some(first) => Err(syn::Error::new(
            first.span(),
            format!("`#[{kind}]` takes no arguments; write `#[wasm_ledger::{kind}]`"),
        )),
    }
}
