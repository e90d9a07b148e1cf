//! Tokens out: the instrumented and the plain version of the item, chosen
//! by `wasm_ledger::__if_enabled!` so that a build with the ledger off
//! compiles the item exactly as written.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};

use crate::args::Level;
use crate::check::Finding;
use crate::{args, bounds, item, lint, rewrite, valid};

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
        Ok(tokens) => absolute_paths_resolve_everywhere(tokens),
        // Pass the item through unchanged with the error, so that the rest
        // of the crate (and rust-analyzer inside the function) keeps working.
        Err(error) => {
            let error = error.to_compile_error();
            quote!(#error #input)
        }
    }
}

/// `::wasm_ledger::__private::x` as `__wl::x`: every instrumented body
/// starts with `use ::wasm_ledger::__private as __wl;`, so the expansion a
/// user reads names the runtime once.
fn short_private_paths(tokens: TokenStream) -> TokenStream {
    use proc_macro2::TokenTree;
    replace_runs(tokens, &|prev, rest| {
        // Not preceded by a path segment (`a::b`, `<T>::x`); the `use` that
        // defines the alias is not shortened: it ends in `as`, not `::`.
        let leading = !matches!(prev, Some(TokenTree::Ident(_)))
            && !matches!(prev, Some(TokenTree::Punct(p)) if p.as_char() == '>');
        let shape = leading
            && path_sep(rest, 0)
            && ident_is(rest, 2, "wasm_ledger")
            && path_sep(rest, 3)
            && ident_is(rest, 5, "__private")
            && path_sep(rest, 6);
        shape.then(|| {
            let alias = TokenTree::Ident(proc_macro2::Ident::new("__wl", rest[2].span()));
            (vec![alias, rest[6].clone(), rest[7].clone()], 8)
        })
    })
}

/// The crates the generated code names by absolute path.
const ABSOLUTE: &[&str] = &["wasm_ledger", "core"];

/// `::wasm_ledger::..` and `::core::..` as an edition 2018+ crate reads them,
/// in every edition. A path's edition comes from its tokens' spans, and the
/// rewrite gives many tokens the user's span (so that errors point at the
/// user's line): in an edition 2015 crate, `::name` under such a span means
/// "the module `name` at the crate root", which is not there. The leading
/// `::` and the crate name keep their place in the source but resolve as
/// the macro's own tokens do, in this crate's edition (2024: an edition
/// 2024 crate's let chain around a generated call must still read as one).
fn absolute_paths_resolve_everywhere(tokens: TokenStream) -> TokenStream {
    replace_runs(tokens, &|_, rest| {
        let absolute = path_sep(rest, 0) && ABSOLUTE.iter().any(|name| ident_is(rest, 2, name));
        absolute.then(|| {
            let respanned = rest[..3]
                .iter()
                .map(|tree| {
                    let mut tree = tree.clone();
                    tree.set_span(tree.span().resolved_at(Span::call_site()));
                    tree
                })
                .collect();
            (respanned, 3)
        })
    })
}

/// What a run of tokens becomes, and how many tokens it spans, given the
/// token before it and the tokens from its start (`None`: left as it is).
type Replacer = dyn Fn(
    Option<&proc_macro2::TokenTree>,
    &[proc_macro2::TokenTree],
) -> Option<(Vec<proc_macro2::TokenTree>, usize)>;

/// `tokens` with every run that `replace` matches (it sees the token before
/// the run and the tokens from its start) replaced by what it returns, with
/// the number of tokens the run spans; groups are walked into.
fn replace_runs(tokens: TokenStream, replace: &Replacer) -> TokenStream {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        let prev = i.checked_sub(1).map(|p| &trees[p]);
        if let Some((with, len)) = replace(prev, &trees[i..]) {
            out.extend(with);
            i += len;
            continue;
        }
        out.push(match &trees[i] {
            TokenTree::Group(g) => {
                let mut group =
                    proc_macro2::Group::new(g.delimiter(), replace_runs(g.stream(), replace));
                group.set_span(g.span());
                TokenTree::Group(group)
            }
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}

/// `::` at `trees[i..i + 2]`.
fn path_sep(trees: &[proc_macro2::TokenTree], i: usize) -> bool {
    use proc_macro2::{Spacing, TokenTree};
    matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
        && matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
}

fn ident_is(trees: &[proc_macro2::TokenTree], i: usize, name: &str) -> bool {
    matches!(trees.get(i), Some(proc_macro2::TokenTree::Ident(id)) if id == name)
}

fn try_expand(kind: Kind, args: TokenStream, input: TokenStream) -> syn::Result<TokenStream> {
    let Some((instrumented, plain)) = versions(kind, args, input.clone())? else {
        return Ok(input);
    };
    Ok(quote! {
        ::wasm_ledger::__if_enabled! { { #instrumented } else { #plain } }
    })
}

/// The item instrumented, and as written (both with the checks' findings);
/// `None` for an item to leave exactly as it is (a `wasm-bindgen` export
/// shim, an item that does not parse).
pub(crate) fn versions(
    kind: Kind,
    args: TokenStream,
    input: TokenStream,
) -> syn::Result<Option<(TokenStream, TokenStream)>> {
    let args = args::parse(kind.name(), args)?;
    // An item that does not parse: a function whose signature does is
    // instrumented with its body kept as tokens (`item::parse`); anything
    // else passes through as written. Either way rustc reports the syntax
    // error itself, once, at the user's tokens, with no second error of
    // ours, and the rest of the crate (and rust-analyzer inside the
    // function) keeps working.
    let Ok(item) = item::parse(input) else {
        return Ok(None);
    };
    valid::item(kind.name(), &item)?;
    let (instrumented, plain) = match item {
        // `#[wasm_bindgen]` above `#[track]` hands the attribute on to the
        // functions it generates for an export: the shim JS calls, and the
        // descriptor (`__wbindgen_describe_<name>`) that the wasm-bindgen
        // CLI runs in its interpreter, which some releases' interpreters
        // cannot run the ledger's code in (0.2.112: "non-i32 constant").
        // Neither is the user's code.
        item::Item::Fn(f) if is_generated_by_wasm_bindgen(&f.sig.ident) => {
            return Ok(None);
        }
        item::Item::Fn(mut f) => {
            let mut plain = f.clone();
            let checks = lint(kind, &args, &f.sig, &f.block);
            let bounded = bounds::bounded([&*f.block]);
            instrument(
                kind,
                &f.sig.ident.to_string(),
                &f.sig,
                &mut f.block,
                &bounded,
            );
            prepend(&mut f.block, &checks);
            prepend(&mut plain.block, &checks);
            (
                short_private_paths(f.into_token_stream()),
                plain.into_token_stream(),
            )
        }
        item::Item::Impl(mut i) => {
            let mut plain = i.clone();
            // A collection one method fills and another empties (`evict`).
            let bounded = bounds::bounded(i.items.iter().filter_map(|m| match m {
                syn::ImplItem::Fn(f) => Some(&f.block),
                _ => None,
            }));
            for (member, plain_member) in i.items.iter_mut().zip(&mut plain.items) {
                // A method with its own `#[frame]` or `#[track]` is left to
                // that attribute, so it is instrumented (and checked) once.
                if let (syn::ImplItem::Fn(f), syn::ImplItem::Fn(plain_f)) = (member, plain_member)
                    && !f.attrs.iter().any(is_ours)
                {
                    let checks = lint(Kind::Track, &args, &f.sig, &f.block);
                    let name = f.sig.ident.to_string();
                    instrument(kind, &name, &f.sig, &mut f.block, &bounded);
                    prepend(&mut f.block, &checks);
                    prepend(&mut plain_f.block, &checks);
                }
            }
            (
                short_private_paths(i.into_token_stream()),
                plain.into_token_stream(),
            )
        }
        // `check::item` has already rejected it; never panic in a macro.
        item::Item::Other(other) => return Err(syn::Error::new_spanned(other, "unsupported item")),
    };
    Ok(Some((instrumented, plain)))
}

/// A function `#[wasm_bindgen]` generated from the user's, which carries
/// the user's attributes (ours among them): its export shim and its
/// descriptor.
fn is_generated_by_wasm_bindgen(ident: &syn::Ident) -> bool {
    let name = ident.to_string();
    name.starts_with("__wasm_bindgen_generated") || name.starts_with("__wbindgen_")
}

/// The compile-time checks' findings in a body, as statements that report
/// them (in both versions of the item: they are compile-time only).
fn lint(kind: Kind, args: &args::Args, sig: &syn::Signature, block: &syn::Block) -> Vec<syn::Stmt> {
    report(&lint::find(kind == Kind::Frame, sig, block), args)
}

/// How a finding is reported (see `lint`): at the top of the function's
/// body, a `const _` naming `wasm_ledger::checks::<check>` (a deprecated
/// constant) with the span of the offending expression, so the compiler's
/// `deprecated` lint warns at the user's line with the check's name, the
/// pitfall and the fix (stable Rust has no warning API for macros). Under
/// `deny` the same item carries `#[deny(deprecated)]`, spanned at the
/// user's `deny(..)`, so it is an error pointing at both. Nothing of it
/// reaches the binary.
/// The statements that report `findings` under `args`, for the top of the
/// function's body.
pub(crate) fn report(findings: &[Finding], args: &args::Args) -> Vec<syn::Stmt> {
    findings
        .iter()
        .filter_map(|f| {
            let level = match args.level(f.check) {
                Level::Allow => return None,
                Level::Warn => TokenStream::new(),
                Level::Deny(span) => {
                    let lint = syn::Ident::new("deprecated", span);
                    quote_spanned!(span=> #[deny(#lint)])
                }
            };
            let name = syn::Ident::new(f.check.name(), f.span);
            Some(syn::parse_quote! { #level const _: () = ::wasm_ledger::checks::#name; })
        })
        .collect()
}

fn prepend(block: &mut syn::Block, stmts: &[syn::Stmt]) {
    block.stmts.splice(0..0, stmts.iter().cloned());
}

/// `#[track]`, `#[frame]`, `#[wasm_ledger::track]`, `#[wasm_ledger::frame]`.
fn is_ours(attr: &syn::Attribute) -> bool {
    let path = attr.path();
    // `#[cfg_attr(cond, wasm_ledger::frame)]`: ours when the condition holds.
    if path.is_ident("cfg_attr") {
        let tokens = attr.meta.to_token_stream().to_string();
        return tokens.contains("wasm_ledger :: track") || tokens.contains("wasm_ledger :: frame");
    }
    let last = path.segments.last().map(|s| s.ident.to_string());
    let first = path.segments.first().map(|s| s.ident.to_string());
    matches!(last.as_deref(), Some("track" | "frame"))
        && (path.segments.len() == 1 || first.as_deref() == Some("wasm_ledger"))
}

fn instrument(
    kind: Kind,
    func: &str,
    sig: &syn::Signature,
    block: &mut syn::Block,
    bounded: &std::collections::HashSet<String>,
) {
    rewrite::block(func, sig, block, bounded);
    if kind == Kind::Frame {
        let guard = syn::Ident::new("__wl_frame", Span::mixed_site());
        block.stmts.insert(
            0,
            syn::parse_quote! { let #guard = ::wasm_ledger::__private::FrameGuard::enter(); },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Check;

    fn expand_track(item: TokenStream) -> String {
        expand(Kind::Track, TokenStream::new(), item).to_string()
    }

    #[test]
    fn a_view_dropped_by_its_call_gets_a_site_that_says_so() {
        // Parsed from text, so that each token has its own line and column.
        let item: TokenStream = "fn bytes(v: &[u8], keep: &mut Option<Uint8Array>) -> JsValue {
            let view = unsafe { Uint8Array::view(v) };
            *keep = Some(unsafe { Uint8Array::view_mut_raw(p, n) });
            JsValue::from(Uint8Array::new(view.as_ref()))
        }"
        .parse()
        .unwrap();
        let out = expand_track(item);
        assert_eq!(out.matches(". dropping_its_views ()").count(), 1, "{out}");
        let dropped = out.find(". dropping_its_views ()").unwrap();
        let site = &out[out[..dropped].rfind("Site :: new").unwrap()..dropped];
        assert!(site.trim_end().ends_with(", 2 , 45)"), "{site}");
    }

    #[test]
    fn the_item_is_passed_through_as_the_off_branch() {
        let out = expand_track(quote!(
            fn f(el: &Element) {
                el.set_id("x");
            }
        ));
        let off = out.split(" else ").nth(1).unwrap();
        assert!(off.contains("el . set_id (\"x\")"), "{out}");
        assert!(!off.contains("__private"), "{out}");
    }

    #[test]
    fn a_method_with_its_own_attribute_is_instrumented_once() {
        let out = expand_track(quote!(impl App {
            fn draw(&self) { self.ctx.fill(); }
            #[wasm_ledger::frame]
            fn tick(&self) { self.ctx.fill(); }
        }));
        let on = out.split(" else ").next().unwrap();
        assert_eq!(on.matches("__wl :: look_at_receiver").count(), 1, "{out}");
    }

    #[test]
    fn a_method_with_our_attribute_behind_cfg_attr_is_left_to_it() {
        let out = expand_track(quote!(impl App {
            #[cfg_attr(debug_assertions, wasm_ledger::frame)]
            fn tick(&self) { self.ctx.fill(); }
        }));
        let on = out.split(" else ").next().unwrap();
        assert_eq!(on.matches("__wl :: look_at_receiver").count(), 0, "{out}");
    }

    #[test]
    fn wasm_bindgen_export_shims_are_left_alone() {
        let shim = quote!(
            pub unsafe extern "C-unwind" fn __wasm_bindgen_generated_f(a: u32) {
                g((a,)).h();
            }
        );
        assert_eq!(expand_track(shim.clone()), shim.to_string());
    }

    #[test]
    fn findings_are_reported_in_both_versions() {
        let out = expand(
            Kind::Track,
            quote!(allow(view_escapes)),
            quote!(
                fn wire(bs: &[E]) {
                    for b in bs {
                        let _ = Closure::new(|| ());
                    }
                }
            ),
        )
        .to_string();
        assert_eq!(out.matches("checks :: closure_in_loop").count(), 2, "{out}");
        let plain = expand_track(quote!(
            fn wire(bs: &[E]) {
                let c = Closure::new(|| ());
            }
        ));
        assert!(!plain.contains("checks ::"), "{plain}");
    }

    #[test]
    fn a_body_that_does_not_parse_is_kept_as_tokens_without_an_error_of_ours() {
        let item = quote!(
            fn draw(list: &js_sys::Array) {
                let n = list.length() + ;
            }
        );
        let out = expand_track(item.clone());
        assert!(!out.contains("compile_error"), "{out}");
        // The signature is instrumented (the function is entered), the body
        // is there as written, in both versions, and nothing in it is.
        assert!(
            out.contains("let __wl_entered = __wl :: enter (& __WL_SITE_1_1) ;"),
            "{out}"
        );
        let body = "let n = list . length () + ;";
        assert_eq!(out.matches(body).count(), 2, "{out}");
        assert!(out.ends_with(&format!("else {{ {} }} }}", item)), "{out}");
        // A frame function: the same, with its frame.
        let out = expand(Kind::Frame, TokenStream::new(), item.clone()).to_string();
        assert!(!out.contains("compile_error"), "{out}");
        assert_eq!(out.matches(body).count(), 2, "{out}");
        assert!(!out.contains("Site :: new (\"length\""), "{out}");
        // An async function: the same.
        let out = expand_track(quote!(
            async fn load(p: js_sys::Promise) {
                let v = wasm_bindgen_futures::JsFuture::from(p).await + ;
            }
        ));
        assert!(!out.contains("compile_error"), "{out}");
        assert_eq!(
            out.matches("JsFuture :: from (p) . await + ;").count(),
            2,
            "{out}"
        );
        // An impl block whose method does not parse passes through whole.
        let block = quote!(
            impl A {
                fn f(&self) { let n = + ; }
            }
        );
        assert_eq!(expand_track(block.clone()), block.to_string());
        // An option's mistake is still the attribute's to report.
        let out = expand(Kind::Track, quote!(every = 60), item).to_string();
        assert_eq!(out.matches("compile_error").count(), 1, "{out}");
    }

    #[test]
    fn errors_keep_the_item() {
        let out = expand(
            Kind::Frame,
            quote!(every = 60),
            quote!(
                fn tick() {}
            ),
        )
        .to_string();
        assert!(out.contains("compile_error"), "{out}");
        assert!(out.contains("fn tick"), "{out}");
    }

    #[test]
    fn reports_follow_the_levels() {
        let findings = vec![
            Finding {
                check: Check::ViewEscapes,
                span: Span::call_site(),
            },
            Finding {
                check: Check::ClosureInLoop,
                span: Span::call_site(),
            },
        ];
        let args = crate::args::parse("track", quote!(allow(view_escapes), deny(closure_in_loop)))
            .unwrap();
        let out = report(&findings, &args);
        assert_eq!(out.len(), 1);
        let text = quote!(#(#out)*).to_string();
        assert_eq!(
            text,
            "# [deny (deprecated)] const _ : () = :: wasm_ledger :: checks :: closure_in_loop ;"
        );
    }
}
