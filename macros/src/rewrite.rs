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
use quote::quote_spanned;
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
            // `__wl_cross` is our own, from an enclosing attribute.
            if PURE_METHODS.iter().any(|m| call.method == m) || call.method == "__wl_cross" {
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
        let receiver = match receiver_kind(&call.receiver) {
            Receiver::Place => Receiver::Place,
            Receiver::Value => Receiver::Value,
            // A place whose re-evaluation could have side effects
            // (`v[next()]`): it can be neither looked at twice nor moved.
            Receiver::Opaque => return syn::Expr::MethodCall(call.clone()),
        };
        self.sites += 1;
        let span = call.method.span();
        let site = self.site(span);
        let syn::ExprMethodCall { attrs, receiver: recv, dot_token, method, turbofish, paren_token: _, args } = call;
        let args = args.iter();
        match receiver {
            Receiver::Place => syn::parse_quote_spanned! {span=>
                #(#attrs)*
                ::wasm_ledger::__private::after(
                    (&&&&::wasm_ledger::__private::Receiver::of_place(::core::ptr::addr_of!(#recv))).__wl_cross(#site),
                    #recv #dot_token #method #turbofish (#(#args),*),
                )
            },
            _ => {
                let r = syn::Ident::new("__wl_receiver", Span::mixed_site());
                let recv = strip_parens(recv);
                syn::parse_quote_spanned! {span=>
                    #(#attrs)*
                    ::wasm_ledger::__private::pass(#recv, |#r| (&&&&#r).__wl_cross(#site))
                        #dot_token #method #turbofish (#(#args),*)
                }
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

enum Receiver {
    /// A place that can be named again without side effects: looked at
    /// through `addr_of!`, never moved.
    Place,
    /// A value (a call, a literal, an operator...): passed through.
    Value,
    /// A place with side effects or of unknown kind (statics, `v[f()]`):
    /// left as written, uncounted.
    Opaque,
}

fn receiver_kind(expr: &syn::Expr) -> Receiver {
    match expr {
        syn::Expr::Path(p) if is_local(p) => Receiver::Place,
        syn::Expr::Path(_) => Receiver::Opaque,
        syn::Expr::Paren(p) => receiver_kind(&p.expr),
        syn::Expr::Field(f) => pure_place(&f.base),
        syn::Expr::Index(i) => match (pure_place(&i.expr), is_pure(&i.index)) {
            (Receiver::Place, true) => Receiver::Place,
            _ => Receiver::Opaque,
        },
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => pure_place(&u.expr),
        _ => Receiver::Value,
    }
}

fn pure_place(expr: &syn::Expr) -> Receiver {
    match receiver_kind(expr) {
        Receiver::Place => Receiver::Place,
        _ => Receiver::Opaque,
    }
}

/// A local variable or `self` (lower-case by convention; upper-case paths
/// are constants and statics).
fn is_local(p: &syn::ExprPath) -> bool {
    p.qself.is_none()
        && p.path.leading_colon.is_none()
        && p.path.segments.len() == 1
        && p.path.segments[0].arguments.is_none()
        && p.path.segments[0].ident.to_string().starts_with(|c: char| c.is_lowercase() || c == '_')
}

/// An index expression that can be evaluated twice with the same result
/// and no side effects: literals, paths, and arithmetic, ranges and
/// references of those.
fn is_pure(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Lit(_) | syn::Expr::Path(_) => true,
        syn::Expr::Paren(p) => is_pure(&p.expr),
        syn::Expr::Field(f) => is_pure(&f.base),
        syn::Expr::Binary(b) => is_pure(&b.left) && is_pure(&b.right),
        syn::Expr::Unary(u) => is_pure(&u.expr),
        syn::Expr::Cast(c) => is_pure(&c.expr),
        syn::Expr::Reference(r) => is_pure(&r.expr),
        syn::Expr::Range(r) => {
            r.start.as_deref().is_none_or(is_pure) && r.end.as_deref().is_none_or(is_pure)
        }
        _ => false,
    }
}

/// `(a + b)` as a function argument needs no parentheses (and would trip
/// `unused_parens` on the user's span).
fn strip_parens(expr: &syn::Expr) -> &syn::Expr {
    match expr {
        syn::Expr::Paren(p) => strip_parens(&p.expr),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn rewritten(body: TokenStream) -> String {
        let mut b: syn::Block = syn::parse2(quote!({ #body })).unwrap();
        block("f", &mut b);
        quote!(#b).to_string()
    }

    #[test]
    fn a_place_receiver_is_looked_at_not_moved() {
        let out = rewritten(quote!(el.set_id("x")));
        assert!(out.contains("of_place (:: core :: ptr :: addr_of ! (el))"), "{out}");
        assert!(out.contains(":: wasm_ledger :: __private :: after ("), "{out}");
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
    fn receivers_are_sorted_into_places_values_and_opaque_places() {
        let kind = |src: &str| match receiver_kind(&syn::parse_str(src).unwrap()) {
            Receiver::Place => "place",
            Receiver::Value => "value",
            Receiver::Opaque => "opaque",
        };
        for place in ["x", "self", "self.a.b", "(*r)", "v[0]", "v[i]", "_x", "self.px[i..i + 4]", "v[&k]"] {
            assert_eq!(kind(place), "place", "{place}");
        }
        for value in ["f()", "a.b()", "(p.x + p.vx)", "\"s\"", "vec![1]", "x.0.f()"] {
            assert_eq!(kind(value), "value", "{value}");
        }
        for opaque in ["X", "crate::X", "v[f()]", "f().x", "*g()"] {
            assert_eq!(kind(opaque), "opaque", "{opaque}");
        }
    }
}
