//! Code generation: the token templates of the rewrite. Each function
//! writes one instrumented form (a method call, a JS function call, a
//! `Closure` constructor, an `.await`, a guard, the body's prelude of
//! `static` sites) from what classification and the plan decided; none of
//! them decides anything.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::classify::{self, Takes};
use crate::plan::{SitePlan, Sites};
use crate::receiver::{Receiver, looked_at, strip_parens};
use crate::vocab::is_box_new;

/// Site `name` as a `&'static Site`, spanned at the call it counts.
pub(crate) fn site_ref(name: &syn::Ident, span: Span) -> TokenStream {
    quote_spanned!(span=> &#name)
}

/// Site `name` as a `&'static Site`, for a call other than its own (the
/// constructor's site of a closure given to JS).
pub(crate) fn other_site_ref(name: &syn::Ident) -> TokenStream {
    quote!(&#name)
}

/// A flag of a call, by its name in the runtime (`__wl::CROSSES`), never a
/// bare `true` in generated code.
fn flag(on: bool, yes: &str, no: &str) -> TokenStream {
    let name = syn::Ident::new(if on { yes } else { no }, Span::call_site());
    quote!(::wasm_ledger::__private::#name)
}

/// A local that user code cannot name (mixed-site hygiene).
fn mixed(name: &str) -> syn::Ident {
    syn::Ident::new(name, Span::mixed_site())
}

/// The statements that go before the body: the runtime's module named
/// once, one `static` per site (declared once at the top of the body, as
/// items are visible in the whole block, closures included, so every use
/// of a site is the same counter), and the body's entry at `body`.
pub(crate) fn prelude(func: &str, sites: &Sites, body: &TokenStream) -> Vec<syn::Stmt> {
    let mut prelude: Vec<syn::Stmt> = vec![
        // The runtime's generated-code module, named once (emit shortens
        // every `::wasm_ledger::__private::` below to `__wl::`). Its
        // dispatch macros import their own traits.
        syn::parse_quote! {
            #[allow(unused_imports)]
            use ::wasm_ledger::__private as __wl;
        },
    ];
    for i in sites.in_source_order() {
        prelude.push(site_static(func, &sites.ident(i), &sites.plans[i]));
    }
    prelude.push(syn::parse_quote! { let __wl_entered = ::wasm_ledger::__private::enter(#body); });
    prelude
}

/// `static __WL_SITE_4_8: Site = ..;`
fn site_static(func: &str, name: &syn::Ident, plan: &SitePlan) -> syn::Stmt {
    let SitePlan {
        line,
        column,
        span,
        label,
        element,
        bounded,
        view_dropped,
    } = plan;
    let (line, column) = (
        proc_macro2::Literal::u32_unsuffixed(*line),
        proc_macro2::Literal::u32_unsuffixed(*column),
    );
    let site = if *element {
        quote_spanned!(*span=> ::wasm_ledger::__private::Site::element(#func, ::core::file!(), #line, #column, #label))
    } else if label.is_empty() {
        quote_spanned!(*span=> ::wasm_ledger::__private::Site::new(#func, ::core::file!(), #line, #column))
    } else {
        quote_spanned!(*span=> ::wasm_ledger::__private::Site::labelled(#func, ::core::file!(), #line, #column, #label))
    };
    let site = if *bounded {
        quote_spanned!(*span=> #site.bounded())
    } else {
        site
    };
    let site = if *view_dropped {
        quote_spanned!(*span=> #site.dropping_its_views())
    } else {
        site
    };
    syn::parse_quote_spanned! {*span=>
        static #name: ::wasm_ledger::__private::Site = #site;
    }
}

/// The bytes of a slice the call copies, counted from its place (`buf` of
/// `copy_from(&buf)`).
fn bytes_of(place: &syn::Expr, span: Span) -> TokenStream {
    let place = looked_at(place);
    quote_spanned! {span=>
        ::wasm_ledger::__private::byte_len!(::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(#place)), &#place)
    }
}

/// A method call. `site` is its own site; `made`, for a call that gives a
/// closure to JS, the site where the closure was made, if known.
pub(crate) fn method(
    call: &syn::ExprMethodCall,
    how: &classify::Method,
    site: TokenStream,
    made: Option<TokenStream>,
) -> syn::Expr {
    let span = call.method.span();
    let classify::Method {
        receiver,
        crosses,
        handles,
        gives_closure,
        element: _,
        bytes_arg,
        to_vec,
        bytes_from_js,
        watched,
    } = *how;
    let syn::ExprMethodCall {
        attrs,
        receiver: recv,
        dot_token,
        method,
        turbofish,
        paren_token: _,
        args,
    } = call;
    let args_list = args.iter();
    let (recv_ty, ty, value) = (mixed("__wl_recv"), mixed("__wl_ty"), mixed("__wl_value"));
    let crosses_flag = flag(crosses, "CROSSES", "STAYS_IN_RUST");
    let handles_flag = flag(handles, "MAKES_HANDLES", "MOVES_HANDLES");

    if let Receiver::Value = receiver {
        let recv = strip_parens(recv);
        let note = if gives_closure {
            let made = made.unwrap_or_else(|| site.clone());
            quote_spanned!(span=> ::wasm_ledger::__private::closure_given_to_js(::wasm_ledger::__private::is_closure!(#recv_ty), #made))
        } else {
            quote_spanned!(span=> ::wasm_ledger::__private::cross_if(#crosses_flag && ::wasm_ledger::__private::receiver_is_js!(#recv_ty), #site))
        };
        return syn::parse_quote_spanned! {span=>
            #(#attrs)*
            ::wasm_ledger::__private::inspect_value(#recv, |#recv_ty, _| {
                ::wasm_ledger::__private::aim_if(::wasm_ledger::__private::receiver_is_js!(#recv_ty), #site);
                #note
            })
                #dot_token #method #turbofish (#(#args_list),*)
        };
    }

    // A place receiver: its type token is made before the call and seen
    // after it, with the result.
    let bytes_before = match bytes_arg {
        Some(arg) => bytes_of(arg, span),
        None => quote!(::wasm_ledger::__private::NO_BYTES),
    };
    let bytes_n = mixed("__wl_bytes");
    let cache_n = mixed("__wl_cache");
    // Methods that move or cast are not asked about their result: it may
    // be inferred only later (`let n: f64 = v.try_into()?`).
    let result = if handles {
        quote_spanned!(span=> ::wasm_ledger::__private::result_produced!(#ty, #value))
    } else {
        quote_spanned!(span=> ::wasm_ledger::__private::Produced::default())
    };
    // An insertion into a collection named by a parameter or a field: its
    // length, read just before (a shared look that ends at once), if it
    // holds JS handles (growing caches).
    let cache = if watched {
        let recv = looked_at(recv);
        quote_spanned!(span=> ::wasm_ledger::__private::cache_len!(::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(#recv)), &#recv))
    } else {
        quote!(::core::option::Option::<usize>::None)
    };
    let plain_method = !(gives_closure || bytes_arg.is_some() || to_vec || watched);
    let looked = looked_at(recv);
    if plain_method {
        // The common case, in two calls: the receiver looked at (and
        // exact mode aimed) before the call, the result after it.
        let result = if handles {
            quote_spanned!(span=> |#recv_ty, #ty, #value| {
                let (#ty, #value) = ::wasm_ledger::__private::project_result!(#recv_ty, #ty, #value);
                ::wasm_ledger::__private::result_produced!(#ty, #value)
            })
        } else {
            quote_spanned!(span=> ::wasm_ledger::__private::no_new_handles)
        };
        return syn::parse_quote_spanned! {span=>
            #(#attrs)*
            ::wasm_ledger::__private::count_method_call(
                ::wasm_ledger::__private::look_at_receiver(
                    #site,
                    #crosses_flag,
                    ::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(#looked)),
                    |#recv_ty| ::wasm_ledger::__private::receiver_is_js!(#recv_ty),
                ),
                #recv #dot_token #method #turbofish (#(#args_list),*),
                #result,
            ).into_inner()
        };
    }
    let after = if gives_closure {
        let made = made.unwrap_or_else(|| site.clone());
        quote_spanned! {span=> ::wasm_ledger::__private::closure_given_to_js(::wasm_ledger::__private::is_closure!(#recv_ty), #made) }
    } else {
        let result_bytes = if to_vec {
            quote_spanned!(span=> ::wasm_ledger::__private::byte_len!(#ty, #value))
        } else {
            quote_spanned!(span=> #bytes_n)
        };
        let count_bytes = if bytes_from_js {
            quote_spanned!(span=> count_bytes_from_js)
        } else {
            quote_spanned!(span=> count_bytes_to_js)
        };
        quote_spanned! {span=>
            {
                let (#ty, #value) = ::wasm_ledger::__private::project_result!(#recv_ty, #ty, #value);
                let __wl_js = ::wasm_ledger::__private::receiver_is_js!(#recv_ty);
                ::wasm_ledger::__private::back_if(__wl_js);
                ::wasm_ledger::__private::count_after_method(__wl_js, #crosses_flag, #handles_flag, #site, #result);
                ::wasm_ledger::__private::#count_bytes(__wl_js, #result_bytes, #site);
                ::wasm_ledger::__private::record_cache_len(#site, #cache_n);
            }
        }
    };
    syn::parse_quote_spanned! {span=>
        #(#attrs)*
        ::wasm_ledger::__private::observe_method_call(
            (
                // The receiver's type token, made once; exact mode aims
                // at this site first if the receiver is JS.
                ::wasm_ledger::__private::aim_at_js_receiver(
                    ::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(#looked)),
                    |__wl_t| ::wasm_ledger::__private::receiver_is_js!(__wl_t),
                    #site,
                ),
                #bytes_before,
                #cache,
            ),
            #recv #dot_token #method #turbofish (#(#args_list),*),
            #[allow(unused_variables)]
            |(#recv_ty, #bytes_n, #cache_n), #ty, #value| #after,
        ).into_inner()
    }
}

/// A JS function call (or a JS type's constructor), at `span`.
pub(crate) fn call(
    call: &syn::ExprCall,
    how: &classify::Call,
    site: TokenStream,
    span: Span,
) -> syn::Expr {
    let known_js_function = flag(how.known_js_function, "JS_FUNCTION", "MAYBE_RUST");
    let bytes = match how.bytes_arg {
        Some(arg) => bytes_of(arg, span),
        None => quote!(::wasm_ledger::__private::NO_BYTES),
    };
    let (ty, value) = (mixed("__wl_ty"), mixed("__wl_value"));
    let mut note = quote_spanned!(span=> ::wasm_ledger::__private::result_produced!(#ty, #value));
    if how.view {
        note = quote_spanned!(span=> { ::wasm_ledger::__private::count_view(#site); #note });
    }
    let attrs = &call.attrs;
    let mut plain = call.clone();
    plain.attrs.clear();
    syn::parse_quote_spanned! {span=>
        #(#attrs)*
        ::wasm_ledger::__private::count_function_call(
            ::wasm_ledger::__private::before_call(#site),
            #bytes,
            #known_js_function,
            #plain,
            #site,
            #[allow(unused_variables)]
            |#ty, #value| #note,
        ).into_inner()
    }
}

/// `Closure::new(|e| ..)`: one crossing (the JS function is made), one
/// closure created; with a closure literal, the guard moved into it counts
/// the creation and reports the release.
pub(crate) fn closure_ctor(
    call: &syn::ExprCall,
    how: &classify::ClosureCtor,
    site: TokenStream,
    guarded: bool,
) -> syn::Expr {
    let span = call.func.span();
    let given = if how.gives_closure {
        quote!(::wasm_ledger::__private::closure_given_to_js(::wasm_ledger::__private::A_CLOSURE, #site);)
    } else {
        quote!()
    };
    let created = if guarded && given.is_empty() {
        quote!(::wasm_ledger::__private::Produced::default())
    } else if guarded {
        quote!({
            #given
            ::wasm_ledger::__private::Produced::default()
        })
    } else {
        quote!({
            ::wasm_ledger::__private::closure_created(#site);
            #given
            ::wasm_ledger::__private::Produced::default()
        })
    };
    let mut plain = call.clone();
    let attrs = std::mem::take(&mut plain.attrs);
    syn::parse_quote_spanned! {span=>
        #(#attrs)*
        ::wasm_ledger::__private::count_function_call(::wasm_ledger::__private::before_call(#site), ::wasm_ledger::__private::NO_BYTES, ::wasm_ledger::__private::JS_FUNCTION, #plain, #site, |_, _| #created).into_inner()
    }
}

/// Puts a guard into the closure literal a `Closure` constructor takes, if
/// it takes one: whether it did.
pub(crate) fn guard_closure_arg(
    call: &mut syn::ExprCall,
    how: &classify::ClosureCtor,
    site: &TokenStream,
) -> bool {
    match how.takes {
        Takes::Borrowed => false,
        Takes::Boxed => call
            .args
            .first_mut()
            .and_then(boxed_closure)
            .is_some_and(|c| guard(c, site)),
        Takes::Closure => call.args.first_mut().is_some_and(|a| guard(a, site)),
    }
}

/// `Box::new(|..| ..)` -> the closure literal inside.
fn boxed_closure(arg: &mut syn::Expr) -> Option<&mut syn::Expr> {
    let syn::Expr::Call(c) = arg else { return None };
    let syn::Expr::Path(p) = &*c.func else {
        return None;
    };
    if is_box_new(&p.path) && c.args.len() == 1 {
        c.args.first_mut()
    } else {
        None
    }
}

/// Moves a guard into a closure literal: `|e| body` becomes
/// `{ let guard = ..; move |e| { guard.keep(); body } }`. Only for the
/// `'static` constructors, whose closures can capture nothing by reference,
/// so making them `move` changes nothing else.
fn guard(arg: &mut syn::Expr, site: &TokenStream) -> bool {
    let syn::Expr::Closure(closure) = arg else {
        return false;
    };
    if closure.asyncness.is_some() || closure.constness.is_some() {
        return false;
    }
    let g = mixed("__wl_guard");
    let body = &closure.body;
    let new_body: syn::Expr = syn::parse_quote!({ #g.__wl_keep(); #body });
    let mut c = closure.clone();
    c.capture = Some(syn::Token![move](closure.or1_token.span));
    *c.body = new_body;
    *arg = syn::parse_quote! {
        {
            let #g = ::wasm_ledger::__private::ClosureGuard::new(#site);
            #c
        }
    };
    true
}

/// `.await` on a future: its completion's crossings counted at `site`.
pub(crate) fn await_expr(a: &syn::ExprAwait, site: TokenStream) -> syn::Expr {
    let span = a.await_token.span();
    let ty = mixed("__wl_ty");
    let base = strip_parens(&a.base);
    let attrs = &a.attrs;
    syn::parse_quote_spanned! {span=>
        #(#attrs)*
        ::wasm_ledger::__private::inspect_value(#base, |#ty, _| {
            ::wasm_ledger::__private::aim(#site);
            ::wasm_ledger::__private::count_await(::wasm_ledger::__private::await_crossings!(#ty), #site)
        }).await
    }
}

/// The guard of a closure held by a block (see `held.rs`): made after its
/// `let` (so it is dropped just before the closure), armed after the
/// statement that hands it to JS.
pub(crate) fn held_guard(name: &syn::Ident, site: &TokenStream) -> (syn::Stmt, syn::Stmt) {
    let guard = syn::Ident::new(&format!("__wl_held_{name}"), Span::mixed_site());
    (
        syn::parse_quote!(let #guard = ::wasm_ledger::__private::Held::new();),
        syn::parse_quote!(#guard.__wl_arm(#site);),
    )
}
