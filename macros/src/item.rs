//! The annotated item, as plain data: a function, or an `impl` block whose
//! methods are all instrumented.

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};

pub(crate) enum Item {
    Fn(syn::ItemFn),
    Impl(syn::ItemImpl),
    /// Anything else, kept for the error message and to be passed through.
    Other(syn::Item),
}

impl Parse for Item {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        Ok(match input.parse::<syn::Item>()? {
            syn::Item::Fn(f) => Item::Fn(f),
            syn::Item::Impl(i) => Item::Impl(i),
            other => Item::Other(other),
        })
    }
}

/// A method inside `impl` or a trait-less function in a block is parsed as
/// `ImplItemFn` when it has no body-less form; `syn::Item` handles both.
pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Item> {
    syn::parse2(tokens)
}
