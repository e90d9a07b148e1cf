//! The instrumentation: every method call in the body gets a site and a
//! compile-time check of its receiver's type.
//!
//! The rewrite never changes what the user's code means:
//! - a receiver that is a place (`el`, `self.nodes`, `*r`, `v[i]`) is looked
//!   at with `addr_of!`, which neither moves nor borrows it, in a tuple
//!   element evaluated just before the call;
//! - a receiver that is a value (`a.b()` in `a.b().c()`) goes through an
//!   identity function, so its temporaries live exactly as long as before;
//! - nested `fn` items, `const` contexts and macro arguments are left alone.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::visit_mut::{self, VisitMut};

/// Methods that stay inside Rust even on a JS receiver: conversions between
/// handle types and std's reference plumbing.
const PURE_METHODS: &[&str] = &["as_ref", "as_mut", "unchecked_ref", "unchecked_into", "into", "borrow", "borrow_mut", "deref", "deref_mut"];

/// Rewrites `block` in place. `func` names the function in reports.
pub(crate) fn block(func: &str, block: &mut syn::Block) {
    let mut rewriter = Rewriter { func: func.to_owned(), sites: 0 };
    rewriter.visit_block_mut(block);
    if rewriter.sites > 0 {
        let imports: syn::Stmt = syn::parse_quote! {
            #[allow(unused_imports)]
            use ::wasm_ledger::__private::kind::{
                JsReceiver as _, JsDerefReceiver as _, JsDeref2Receiver as _, RustReceiver as _,
            };
        };
        block.stmts.insert(0, imports);
    }
}

struct Rewriter {
    func: String,
    sites: usize,
}

impl VisitMut for Rewriter {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        match expr {
            // Const contexts run at compile time, where nothing crosses.
            syn::Expr::Const(_) => return,
            syn::Expr::Repeat(r) => {
                self.visit_expr_mut(&mut r.expr);
                return;
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
        if let syn::Expr::MethodCall(call) = expr {
            if PURE_METHODS.iter().any(|m| call.method == m) {
                return;
            }
            let replacement = self.method_call(call);
            *expr = replacement;
        }
    }

    // Nested items are not part of the annotated function.
    fn visit_item_mut(&mut self, _: &mut syn::Item) {}

    // `::<{ N + 1 }>` is a const context too.
    fn visit_generic_argument_mut(&mut self, _: &mut syn::GenericArgument) {}
}

impl Rewriter {
    fn method_call(&mut self, call: &syn::ExprMethodCall) -> syn::Expr {
        self.sites += 1;
        let span = call.method.span();
        let site = self.site(span);
        let receiver = &call.receiver;
        let note = if is_place(receiver) {
            quote_spanned! {span=>
                (&&&&::wasm_ledger::__private::Receiver::of_place(::core::ptr::addr_of!(#receiver))).__wl_cross(#site)
            }
        } else {
            // The value is rebuilt as `pass(receiver, ...)`; see below.
            quote! {}
        };
        let syn::ExprMethodCall { attrs, receiver: _, dot_token, method, turbofish, paren_token: _, args } = call;
        let args = args.iter();
        if note.is_empty() {
            let r = Span::mixed_site();
            let r = syn::Ident::new("__wl_receiver", r);
            syn::parse_quote_spanned! {span=>
                #(#attrs)*
                ::wasm_ledger::__private::pass(#receiver, |#r| (&&&&#r).__wl_cross(#site))
                    #dot_token #method #turbofish (#(#args),*)
            }
        } else {
            syn::parse_quote_spanned! {span=>
                #(#attrs)*
                (#note, #receiver #dot_token #method #turbofish (#(#args),*)).1
            }
        }
    }

    /// A `static` site for the expression at `span`, as a `&'static Site`.
    fn site(&self, span: Span) -> TokenStream {
        let start = span.start();
        let line = start.line as u32;
        let column = start.column as u32 + 1;
        let func = &self.func;
        quote_spanned! {span=>
            {
                static __WL_SITE: ::wasm_ledger::__private::Site =
                    ::wasm_ledger::__private::Site::new(#func, ::core::file!(), #line, #column);
                &__WL_SITE
            }
        }
    }
}

/// Whether `expr` names a place that can be looked at again without side
/// effects: a local (lower-case path), `self`, a field, a deref or an index
/// by a literal or a local, of such a place.
fn is_place(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Path(p) => {
            p.qself.is_none()
                && p.path.leading_colon.is_none()
                && p.path.segments.len() == 1
                && p.path.segments[0].arguments.is_none()
                && p.path.segments[0]
                    .ident
                    .to_string()
                    .starts_with(|c: char| c.is_lowercase() || c == '_')
        }
        syn::Expr::Field(f) => is_place(&f.base),
        syn::Expr::Paren(p) => is_place(&p.expr),
        syn::Expr::Unary(u) => matches!(u.op, syn::UnOp::Deref(_)) && is_place(&u.expr),
        syn::Expr::Index(i) => is_place(&i.expr) && (matches!(&*i.index, syn::Expr::Lit(_)) || is_place(&i.index)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(body: TokenStream) -> String {
        let mut b: syn::Block = syn::parse2(quote!({ #body })).unwrap();
        block("f", &mut b);
        quote!(#b).to_string()
    }

    #[test]
    fn a_place_receiver_is_looked_at_not_moved() {
        let out = rewritten(quote!(el.set_id("x")));
        assert!(out.contains("of_place (:: core :: ptr :: addr_of ! (el))"), "{out}");
        assert!(out.contains(". 1"), "{out}");
    }

    #[test]
    fn a_value_receiver_passes_through() {
        let out = rewritten(quote!(window().document()));
        assert!(out.contains(":: wasm_ledger :: __private :: pass (window ()"), "{out}");
    }

    #[test]
    fn pure_conversions_and_nested_items_are_left_alone() {
        let src = quote!(let e: &Element = v.unchecked_ref(); fn inner(x: &JsValue) { x.is_null(); });
        assert_eq!(rewritten(src.clone()), quote!({ #src }).to_string());
    }

    #[test]
    fn const_contexts_are_left_alone() {
        let src = quote!(let a = [0u8; N.pow(2)]; let b = const { X.len() };);
        assert_eq!(rewritten(src.clone()), quote!({ #src }).to_string());
    }

    #[test]
    fn places() {
        for place in ["x", "self", "self.a.b", "(*r)", "v[0]", "v[i]", "_x"] {
            assert!(is_place(&syn::parse_str(place).unwrap()), "{place}");
        }
        for value in ["f()", "X", "a.b()", "v[f()]", "crate::X", "x.0.f()"] {
            assert!(!is_place(&syn::parse_str(value).unwrap()), "{value}");
        }
    }
}
