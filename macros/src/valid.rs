//! Validation: misuses of the attribute itself (on a `const fn`, `#[frame]`
//! on an `impl` block, on something that is not a function), each as a
//! `syn::Error` pointing at the offending tokens.

use quote::ToTokens;

use crate::item::Item;

pub(crate) fn item(kind: &str, item: &Item) -> syn::Result<()> {
    match item {
        Item::Fn(f) => signature(kind, &f.sig),
        Item::Impl(i) => {
            if kind == "frame" {
                return Err(syn::Error::new_spanned(
                    i.impl_token,
                    "`#[frame]` marks one function, the per-frame entry point; put it on that method, not on the `impl` block",
                ));
            }
            let mut errors: Option<syn::Error> = None;
            for item in &i.items {
                if let syn::ImplItem::Fn(f) = item
                    && let Err(e) = signature(kind, &f.sig)
                {
                    match &mut errors {
                        Some(all) => all.combine(e),
                        None => errors = Some(e),
                    }
                }
            }
            errors.map_or(Ok(()), Err)
        }
        Item::Other(other) => Err(syn::Error::new_spanned(
            first_tokens(other),
            format!(
                "`#[{kind}]` goes on a function{}",
                if kind == "track" {
                    " or an `impl` block"
                } else {
                    ""
                }
            ),
        )),
    }
}

fn signature(kind: &str, sig: &syn::Signature) -> syn::Result<()> {
    if let Some(c) = &sig.constness {
        return Err(syn::Error::new_spanned(
            c,
            format!(
                "`#[{kind}]` cannot count calls in a `const fn`: const evaluation never calls into JS"
            ),
        ));
    }
    Ok(())
}

/// The item's leading keyword, so the error underlines `struct Foo`, not
/// the whole body.
fn first_tokens(item: &syn::Item) -> proc_macro2::TokenStream {
    item.to_token_stream()
        .into_iter()
        .take_while(|t| !matches!(t, proc_macro2::TokenTree::Group(_)))
        .collect()
}
