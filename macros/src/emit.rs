//! Tokens out: the instrumented and the plain version of the item, chosen
//! by `wasm_ledger::__if_enabled!` so that a build with the ledger off
//! compiles the item exactly as written.

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};

use crate::{args, check, item, rewrite};

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Track,
    Frame,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Track => "track",
            Kind::Frame => "frame",
        }
    }
}

pub(crate) fn expand(kind: Kind, args: TokenStream, input: TokenStream) -> TokenStream {
    match try_expand(kind, args, input.clone()) {
        Ok(tokens) => tokens,
        // Pass the item through unchanged with the error, so that the rest
        // of the crate (and rust-analyzer inside the function) keeps working.
        Err(error) => {
            let error = error.to_compile_error();
            quote!(#error #input)
        }
    }
}

fn try_expand(kind: Kind, args: TokenStream, input: TokenStream) -> syn::Result<TokenStream> {
    let _args = args::parse(kind.name(), args)?;
    let item = item::parse(input.clone())?;
    check::item(kind.name(), &item)?;
    let instrumented = match item {
        item::Item::Fn(mut f) => {
            instrument(kind, &f.sig.ident.to_string(), &mut f.block);
            f.into_token_stream()
        }
        item::Item::Impl(mut i) => {
            for member in &mut i.items {
                if let syn::ImplItem::Fn(f) = member {
                    let name = f.sig.ident.to_string();
                    instrument(kind, &name, &mut f.block);
                }
            }
            i.into_token_stream()
        }
        // `check::item` has already rejected it; never panic in a macro.
        item::Item::Other(other) => return Err(syn::Error::new_spanned(other, "unsupported item")),
    };
    Ok(quote! {
        ::wasm_ledger::__if_enabled! { { #instrumented } else { #input } }
    })
}

fn instrument(kind: Kind, func: &str, block: &mut syn::Block) {
    rewrite::block(func, block);
    if kind == Kind::Frame {
        let guard = syn::Ident::new("__wl_frame", Span::mixed_site());
        block.stmts.insert(0, syn::parse_quote! { let #guard = ::wasm_ledger::__private::FrameGuard::enter(); });
    }
}
