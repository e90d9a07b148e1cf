//! The instrumentation's walk over a body: every call in it gets a
//! `static` site, and compile-time checks of its types decide what it
//! counts. The stages: `bindings` (the names of the function) -> `views`
//! (the typed-array views gone when their call returns) -> `classify` (is a
//! call instrumented, and how) -> `plan` (its
//! [`SitePlan`]) -> `codegen` (its tokens); `receiver` sorts receivers.
//!
//! The rewrite never changes what the user's code means:
//! - a method receiver that is a place (`el`, `self.nodes`, `*r`, `v[i]`)
//!   is looked at with `addr_of!`, which neither moves nor borrows it;
//! - a receiver that is a value (`a.b()` in `a.b().c()`) goes through an
//!   identity function, so its temporaries live exactly as long as before;
//! - calls are wrapped in functions, never in blocks or closures, so `?`,
//!   `return`, `break` and `.await` in arguments behave as written;
//! - nested `fn` items, `const` contexts and macro arguments are left alone.
//!
//! What a call counts:
//! - a method call crosses if its receiver is a JS type (or a reference or
//!   smart pointer to one), unless the method stays in Rust (casts, `clone`);
//! - a function call crosses if it is a known JS function (in `js_sys` or
//!   `web_sys`, a static of a JS type or namespace such as `Math::random`, a
//!   free function such as `window()`) or a constructor (`X::new..`) that
//!   returns a JS value, unless it ran annotated code (then its crossings
//!   were counted inside);
//! - either one creates handles for the JS values its result holds;
//! - `Closure` constructors count a closure (and its release, when its body
//!   is a closure literal); `forget` and `into_js_value` count it as given
//!   to JS; typed-array copies count bytes; `view`s are counted;
//! - `.await` on a `JsFuture` counts the crossings of its completion.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use syn::visit_mut::{self, VisitMut};

use crate::bindings::Scope;
use crate::plan::{SitePlan, Sites, closure_site, position};
use crate::receiver::{Receiver, strip_parens};
use crate::vocab::is_given;
use crate::{classify, codegen};

/// Rewrites `block` in place. `func` names the function in reports.
/// `bounded`: the collections the annotated item bounds (see `bounds`).
pub(crate) fn block(
    func: &str,
    sig: &syn::Signature,
    block: &mut syn::Block,
    bounded: &HashSet<String>,
) {
    let mut rewriter = Rewriter {
        scope: Scope::of(sig, block),
        bounded,
        views_dropped: crate::views::dropped_by_their_call(block),
        sites: Sites::default(),
    };
    // The body's own site, at the function's name: in exact mode, what no
    // instrumented call crosses for (`.into()`, macro arguments, drops).
    let body = rewriter.site(SitePlan {
        label: "(body)".to_string(),
        ..SitePlan::at(sig.ident.span())
    });
    rewriter.guard_held_closures(block);
    rewriter.visit_block_mut(block);
    let prelude = codegen::prelude(func, &rewriter.sites, &body);
    block.stmts.splice(0..0, prelude);
}

struct Rewriter<'b> {
    /// The function's names.
    scope: Scope,
    /// The collections the annotated item bounds.
    bounded: &'b HashSet<String>,
    /// Where the typed-array views dropped by their call are made.
    views_dropped: HashSet<(u32, u32)>,
    /// The sites planned so far.
    sites: Sites,
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        // A closure literal given to a `Closure` constructor gets its guard
        // before its body is rewritten (the body is rewritten as usual).
        let closure = match expr {
            syn::Expr::Call(call) => self.guard_closure_ctor(call),
            _ => None,
        };
        // `Closure::new(..).forget()`: given to JS where it is made.
        if let syn::Expr::MethodCall(m) = expr
            && is_given(&m.method.to_string())
            && let syn::Expr::Call(ctor) = strip_parens(&m.receiver)
            && let Some(made) = closure_site(ctor)
        {
            self.sites
                .chained
                .insert(position(m.method.span()), position(made));
        }
        match expr {
            // Const contexts run at compile time, where nothing crosses.
            syn::Expr::Const(_) => return,
            syn::Expr::Repeat(r) => {
                self.visit_expr_mut(&mut r.expr);
                return;
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
        let replacement = match expr {
            syn::Expr::MethodCall(call) => self.method_call(call),
            syn::Expr::Call(call) => match closure {
                Some((how, site, guarded)) => {
                    Some(codegen::closure_ctor(call, &how, site, guarded))
                }
                None => self.call(call),
            },
            syn::Expr::Await(a) => {
                let site = self.site(SitePlan::at(a.await_token.span));
                Some(codegen::await_expr(a, site))
            }
            _ => None,
        };
        if let Some(r) = replacement {
            *expr = r;
        }
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        // `let cb = Closure::new(..)`: where `cb` was made (the site of the
        // constructor's last path segment, as the call's rewrite names it).
        let made = match (
            &local.pat,
            local.init.as_ref().map(|i| strip_parens(&i.expr)),
        ) {
            (syn::Pat::Ident(p), init) => {
                let at = match init {
                    Some(syn::Expr::Call(call)) => closure_site(call),
                    _ => None,
                };
                if at.is_none() {
                    // Bound again to something else.
                    self.sites.made_at.remove(&p.ident.to_string());
                }
                at.map(|span| (p.ident.to_string(), position(span)))
            }
            _ => None,
        };
        visit_mut::visit_local_mut(self, local);
        if let Some((name, at)) = made {
            self.sites.made_at.insert(name, at);
        }
    }

    // Nested items are not part of the annotated function.
    fn visit_item_mut(&mut self, _: &mut syn::Item) {}

    // Types hold only const contexts (`[u8; N.div_ceil(8)]`).
    fn visit_type_mut(&mut self, _: &mut syn::Type) {}

    // `::<{ N + 1 }>` is a const context too.
    fn visit_generic_argument_mut(&mut self, _: &mut syn::GenericArgument) {}
}

impl Rewriter<'_> {
    /// Plans a new site; it as a `&'static Site`.
    fn site(&mut self, plan: SitePlan) -> TokenStream {
        let span = plan.span;
        let i = self.sites.add(plan);
        codegen::site_ref(&self.sites.ident(i), span)
    }

    fn method_call(&mut self, call: &syn::ExprMethodCall) -> Option<syn::Expr> {
        let how = classify::method(call, &self.scope)?;
        let span = call.method.span();
        let mut plan = SitePlan {
            element: how.element,
            ..SitePlan::at(span)
        };
        if how.watched {
            plan.label = crate::bounds::text(&call.receiver);
            plan.bounded = self.bounded.contains(&plan.label);
        }
        let site = self.site(plan);
        // Given to JS: counted where the closure was made, if that is known.
        let made = match how.receiver {
            _ if !how.gives_closure => None,
            Receiver::Value => self
                .sites
                .chained
                .get(&position(span))
                .and_then(|at| self.sites.index_at(*at)),
            _ => match strip_parens(&call.receiver) {
                syn::Expr::Path(p) => p
                    .path
                    .get_ident()
                    .and_then(|name| self.sites.made(&name.to_string())),
                _ => None,
            },
        };
        Some(codegen::method(
            call,
            &how,
            site,
            made.map(|i| codegen::other_site_ref(&self.sites.ident(i))),
        ))
    }

    fn call(&mut self, call: &syn::ExprCall) -> Option<syn::Expr> {
        let how = classify::call(call, &self.scope)?;
        let span = crate::vocab::fn_name_span(call)?;
        let site = self.site(SitePlan {
            view_dropped: how.view && self.views_dropped.contains(&position(span)),
            ..SitePlan::at(span)
        });
        Some(codegen::call(call, &how, site, span))
    }

    /// If `call` is a `Closure` constructor: how, its site, and whether a
    /// guard went into its closure literal.
    fn guard_closure_ctor(
        &mut self,
        call: &mut syn::ExprCall,
    ) -> Option<(classify::ClosureCtor, TokenStream, bool)> {
        let how = classify::closure_ctor(call)?;
        let span = closure_site(call)?;
        let site = self.site(SitePlan::at(span));
        let guarded = codegen::guard_closure_arg(call, &how, &site);
        Some((how, site, guarded))
    }

    /// Puts the guards of `held` in every block (see `held.rs`), before
    /// the rest of the rewrite.
    fn guard_held_closures(&mut self, block: &mut syn::Block) {
        struct Blocks<'r, 'b>(&'r mut Rewriter<'b>);
        impl VisitMut for Blocks<'_, '_> {
            fn visit_block_mut(&mut self, block: &mut syn::Block) {
                visit_mut::visit_block_mut(self, block);
                let found = crate::held::find(&block.stmts);
                // From the last, so the earlier indexes stay right.
                for h in found.into_iter().rev() {
                    let site = self.0.site(SitePlan::at(h.span));
                    let (make, arm) = codegen::held_guard(&h.name, &site);
                    block.stmts.insert(h.handed_at + 1, arm);
                    block.stmts.insert(h.let_at + 1, make);
                }
            }
            fn visit_item_mut(&mut self, _: &mut syn::Item) {}
        }
        Blocks(self).visit_block_mut(block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn rewritten(body: TokenStream) -> String {
        let mut b: syn::Block = syn::parse2(quote!({ #body })).unwrap();
        let bounded = crate::bounds::bounded([&b]);
        block(
            "f",
            &syn::parse_quote!(fn f(&mut self, kept: &mut Vec<JsValue>, el: &Element, v: JsValue)),
            &mut b,
            &bounded,
        );
        quote!(#b).to_string()
    }

    #[test]
    fn a_place_receiver_is_looked_at_not_moved() {
        let out = rewritten(quote!(el.set_id("x")));
        assert!(
            out.contains("of_place (:: core :: ptr :: addr_of ! (el))"),
            "{out}"
        );
        assert!(
            out.contains(
                ":: wasm_ledger :: __private :: count_method_call (:: wasm_ledger :: __private :: look_at_receiver ("
            ),
            "{out}"
        );
    }

    #[test]
    fn a_value_receiver_passes_through() {
        let out = rewritten(quote!(window().document()));
        assert!(
            out.contains(
                ":: wasm_ledger :: __private :: inspect_value (:: wasm_ledger :: __private :: count_function_call ("
            ),
            "{out}"
        );
    }

    #[test]
    fn pure_conversions_and_nested_items_are_left_alone() {
        let src =
            quote!(let e: &Element = v.unchecked_ref(); fn inner(x: &JsValue) { x.is_null(); });
        let out = rewritten(src.clone());
        assert!(!out.contains("receiver ("), "{out}");
        assert!(
            out.contains("fn inner (x : & JsValue) { x . is_null () ; }"),
            "{out}"
        );
    }

    #[test]
    fn const_contexts_are_left_alone() {
        let src = quote!(let a = [0u8; N.pow(2)]; let b = const { X.len() };);
        let out = rewritten(src);
        assert!(
            out.ends_with("; let a = [0u8 ; N . pow (2)] ; let b = const { X . len () } ; }"),
            "{out}"
        );
        assert_eq!(
            out.matches("static __WL_SITE_").count(),
            1,
            "the body's own only: {out}"
        );
    }

    #[test]
    fn ctors_and_generic_returns_are_not_classified() {
        for src in [
            quote!(Some(x)),
            quote!(Wrapper(el)),
            quote!(Default::default()),
            quote!(serde_json::from_str(s)),
            quote!(Self::get(&key)),
            quote!(make_element(&doc)),
        ] {
            let out = rewritten(src.clone());
            assert!(
                !out.contains("__private :: count_function_call"),
                "{src}: {out}"
            );
        }
        for src in [
            quote!(Math::random()),
            quote!(JsValue::from(1.5)),
            quote!(web_sys::window()),
            quote!(window()),
            quote!(ImageData::new_with_u8_clamped_array_and_sh(data, 2, 2)),
        ] {
            let out = rewritten(src.clone());
            assert!(
                out.contains("__private :: count_function_call"),
                "{src}: {out}"
            );
        }
        assert!(
            !rewritten(quote!(JsValue::from(true))).contains("__private :: count_function_call")
        );
    }

    #[test]
    fn closure_literals_get_a_guard() {
        let out = rewritten(quote!(Closure::<dyn FnMut()>::new(|| tick())));
        assert!(out.contains("ClosureGuard :: new"), "{out}");
        assert!(out.contains("move | |"), "{out}");
        let out = rewritten(quote!(Closure::wrap(
            Box::new(move |e: Event| handle(e)) as Box<dyn FnMut(Event)>
        )));
        assert!(
            out.contains("closure_created"),
            "a cast hides the literal: {out}"
        );
        let out = rewritten(quote!(Closure::wrap(Box::new(move |e: Event| handle(e)))));
        assert!(out.contains("ClosureGuard :: new"), "{out}");
    }

    #[test]
    fn insertions_into_declared_collections_are_watched() {
        let out = rewritten(
            quote!(self.nodes.insert(k, el); kept.push(v); let mut local = Vec::new(); local.push(v)),
        );
        assert_eq!(out.matches("__private :: cache_len !").count(), 2, "{out}");
        assert!(out.contains("\"self.nodes\""), "{out}");
        assert!(out.contains("\"kept\""), "{out}");
    }
}
