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
    syn::parse2(tokens.clone()).or_else(|e| opaque_fn(tokens).ok_or(e))
}

/// A function whose signature parses and whose body does not (a half-typed
/// body, or syntax newer than syn's): its body is kept as tokens, after
/// the instrumented function's first statements, so the function is still
/// entered and counted as annotated (and the plain version is the item as
/// written), and rustc reports the body's syntax error once, at the user's
/// tokens. Nothing inside the body is rewritten or checked.
fn opaque_fn(tokens: TokenStream) -> Option<Item> {
    let parser = |input: ParseStream| {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        let vis: syn::Visibility = input.parse()?;
        let sig: syn::Signature = input.parse()?;
        let body;
        let brace_token = syn::braced!(body in input);
        let body: TokenStream = body.parse()?;
        let block = syn::Block {
            brace_token,
            stmts: vec![syn::Stmt::Expr(syn::Expr::Verbatim(body), None)],
        };
        Ok(syn::ItemFn {
            attrs,
            vis,
            sig,
            block: Box::new(block),
        })
    };
    syn::parse::Parser::parse2(parser, tokens)
        .ok()
        .map(Item::Fn)
}
