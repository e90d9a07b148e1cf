//! The instrumentation: every call in the body gets a `static` site, and
//! compile-time checks of its types decide what it counts.
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

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};

/// Methods that stay inside Rust even on a JS receiver: conversions
/// between handle types and std's reference plumbing. Left as written.
const PURE_METHODS: &[&str] = &[
    "as_ref",
    "as_mut",
    "unchecked_ref",
    "unchecked_into",
    "into",
    "borrow",
    "borrow_mut",
    "deref",
    "deref_mut",
];

/// Methods on JS receivers that make a new handle without crossing
/// (wasm-bindgen clones a handle inside wasm).
const NO_CROSSING: &[&str] = &["clone", "to_owned"];

/// Methods that move one element across (a typed array's `set_index`, a JS
/// array's `push`): many calls a frame from one site are a per-element copy.
const ELEMENT_METHODS: &[&str] = &["set_index", "get_index", "push", "get", "set", "at"];

/// Methods whose result is a value moved or cast from elsewhere, not a new
/// handle; also those whose result type may be inferred only later, which
/// must not be asked about (`dyn_into` with the type given downstream).
const NO_NEW_HANDLE: &[&str] = &[
    "dyn_into",
    "dyn_ref",
    "unchecked_into",
    "unchecked_ref",
    "into",
    "try_into",
    "unwrap",
    "expect",
    "unwrap_or",
    "unwrap_or_else",
    "unwrap_or_default",
    "unwrap_unchecked",
    "ok",
    "err",
    "ok_or",
    "ok_or_else",
    "map",
    "map_err",
    "and_then",
    "or",
    "or_else",
    "take",
    "replace",
    "pop",
    "pop_front",
    "pop_back",
    "remove",
    "swap_remove",
    "insert",
    "next",
    "next_back",
    "nth",
    "last",
    "into_inner",
    "get",
    "get_mut",
    "first",
    "iter",
    "collect",
    "parse",
    "sum",
    "product",
    "fold",
    "into_js_value",
    "try_from",
    "into_serde",
    "into_iter",
];

/// Static functions of JS namespaces and types that cross whatever their
/// signature says (`Math::random() -> f64`, `Date::now()`).
const JS_NAMESPACES: &[&str] = &[
    "Math",
    "JSON",
    "Reflect",
    "Atomics",
    "Date",
    "Number",
    "console",
    "Array",
    "Object",
    "JsValue",
    "JsString",
    "Promise",
    "JsFuture",
    "Uint8Array",
    "Int8Array",
    "Uint8ClampedArray",
    "Uint16Array",
    "Int16Array",
    "Uint32Array",
    "Int32Array",
    "Float32Array",
    "Float64Array",
    "BigInt64Array",
    "BigUint64Array",
    "ArrayBuffer",
    "DataView",
];

/// web-sys types whose constructors (`new`, `new_with_..`) are often
/// called by the type's name alone (`use web_sys::ImageData;`). Their result
/// is their own type, so it can be asked about at once.
const WEB_TYPES: &[&str] = &[
    "AbortController",
    "AudioContext",
    "Blob",
    "BroadcastChannel",
    "CustomEvent",
    "DomParser",
    "DomRect",
    "ErrorEvent",
    "Event",
    "EventSource",
    "EventTarget",
    "File",
    "FileReader",
    "FocusEvent",
    "FormData",
    "Headers",
    "HtmlImageElement",
    "ImageData",
    "InputEvent",
    "IntersectionObserver",
    "KeyboardEvent",
    "MessageChannel",
    "MouseEvent",
    "MutationObserver",
    "OffscreenCanvas",
    "Path2d",
    "PointerEvent",
    "ReadableStream",
    "Request",
    "RequestInit",
    "ResizeObserver",
    "Response",
    "TextDecoder",
    "TextEncoder",
    "TouchEvent",
    "Url",
    "UrlSearchParams",
    "WebSocket",
    "WheelEvent",
    "Worker",
    "WritableStream",
];

/// Functions of those that stay in Rust.
const JS_NO_CROSSING: &[&str] = &[
    "undefined",
    "null",
    "unchecked_from_js",
    "unchecked_from_js_ref",
    "global",
];

/// Free functions of `js_sys` and `web_sys`, often imported by name
/// (`use web_sys::window;`).
const JS_FREE_FUNCTIONS: &[&str] = &[
    "window",
    "eval",
    "parse_int",
    "parse_float",
    "is_finite",
    "decode_uri",
    "decode_uri_component",
    "encode_uri",
    "encode_uri_component",
    "escape",
    "unescape",
];

/// `Closure`/`ScopedClosure` constructors. Those taking a closure by value
/// (`new`, `own`, `once`...) get a guard moved into a closure literal, so
/// the release is seen; `wrap` takes a `Box` of one.
const CLOSURE_CTORS: &[&str] = &[
    "new",
    "own",
    "wrap",
    "once",
    "once_into_js",
    "borrow",
    "borrow_mut",
    "new_aborting",
    "own_aborting",
    "wrap_aborting",
    "once_aborting",
    "once_into_js_aborting",
    "borrow_aborting",
    "borrow_mut_aborting",
    "own_assert_unwind_safe",
    "wrap_assert_unwind_safe",
    "once_assert_unwind_safe",
    "once_into_js_assert_unwind_safe",
    "borrow_assert_unwind_safe",
    "borrow_mut_assert_unwind_safe",
];

/// The names of a path's segments: `js_sys::Reflect::get` -> `["js_sys",
/// "Reflect", "get"]` (generic arguments left out).
pub(crate) fn path_names(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

/// If `call` is a `Closure`/`ScopedClosure` constructor
/// (`Closure::<dyn FnMut()>::new(..)`), the constructor's name.
pub(crate) fn closure_ctor_name(call: &syn::ExprCall) -> Option<String> {
    let syn::Expr::Path(func) = &*call.func else {
        return None;
    };
    match path_names(&func.path).as_slice() {
        [.., ty, ctor]
            if matches!(ty.as_str(), "Closure" | "ScopedClosure")
                && CLOSURE_CTORS.contains(&ctor.as_str()) =>
        {
            Some(ctor.clone())
        }
        _ => None,
    }
}

/// Rewrites `block` in place. `func` names the function in reports.
/// `bounded`: the collections the annotated item bounds (see `bounds`).
pub(crate) fn block(
    func: &str,
    sig: &syn::Signature,
    block: &mut syn::Block,
    bounded: &std::collections::HashSet<String>,
) {
    // Parameters have declared types: a collection they name can be asked
    // about its elements (a local's element type may not be inferred yet).
    let params: Vec<String> = sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Receiver(_) => Some("self".to_string()),
            syn::FnArg::Typed(t) => match &*t.pat {
                syn::Pat::Ident(i) => Some(i.ident.to_string()),
                _ => None,
            },
        })
        .collect();
    let bindings = Bindings::of(block);
    // A parameter's declared type holds for its name only where no pattern
    // of the body binds the name again: a closure parameter or a `let`
    // that shadows it (`|mut acc, x| acc.push(x)` beside a parameter
    // `acc`) may have a type inferred only later, and a question asked of
    // it would commit to an answer too early.
    let declared: Vec<String> = params
        .iter()
        .filter(|p| !bindings.bound.contains_key(*p))
        .cloned()
        .collect();
    // Names bound once in the whole function with a Rust type: a parameter
    // the body never binds again, or a `let` of the body bound only there.
    let rust_typed = sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) if is_rust_type(&t.ty) => match &*t.pat {
                syn::Pat::Ident(i) => Some(i.ident.to_string()),
                _ => None,
            },
            _ => None,
        })
        .filter(|p| declared.contains(p))
        .chain(
            bindings
                .rust
                .iter()
                .filter(|n| bindings.bound.get(*n) == Some(&1) && !params.contains(n))
                .cloned(),
        )
        .collect();
    // Every name a pattern binds: a lower-case path that is not one of
    // these is a constant or a function item, not a place.
    let mut locals: std::collections::HashSet<String> = bindings.bound.into_keys().collect();
    locals.extend(params.iter().cloned());
    let mut rewriter = Rewriter {
        sites: Vec::new(),
        params: declared,
        locals,
        rust_typed,
        bounded,
        made_at: std::collections::HashMap::new(),
        chained: std::collections::HashMap::new(),
    };
    // The body's own site, at the function's name: in exact mode, what no
    // instrumented call crosses for (`.into()`, macro arguments, drops).
    let body = rewriter.site(sig.ident.span());
    if let Some(last) = rewriter.sites.last_mut() {
        last.3 = "(body)".to_string();
    }
    rewriter.guard_held_closures(block);
    rewriter.visit_block_mut(block);
    let mut prelude: Vec<syn::Stmt> =
        vec![syn::parse_quote! { let __wl_entered = ::wasm_ledger::__private::enter(#body); }];
    // One `static` per site, declared once at the top of the body (items
    // are visible in the whole block, closures included), so every use of
    // a site is the same counter.
    for (i, (line, column, span, label, element, bounded)) in rewriter.sites.iter().enumerate() {
        let name = site_name(i);
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
        prelude.insert(
            0,
            syn::parse_quote_spanned! {*span=>
                static #name: ::wasm_ledger::__private::Site = #site;
            },
        );
    }
    if !rewriter.sites.is_empty() {
        prelude.insert(
            0,
            syn::parse_quote! {
                #[allow(unused_imports)]
                use ::wasm_ledger::__private::kind::prelude::*;
            },
        );
    }
    // The runtime's generated-code module, named once (emit shortens every
    // `::wasm_ledger::__private::` below to `__wl::`).
    prelude.insert(
        0,
        syn::parse_quote! {
            #[allow(unused_imports)]
            use ::wasm_ledger::__private as __wl;
        },
    );
    block.stmts.splice(0..0, prelude);
}

struct Rewriter<'b> {
    /// Line, column, span, label, whether it is an element-by-element
    /// method and whether it inserts into a bounded collection, of each
    /// site, in order of creation.
    sites: Vec<(u32, u32, Span, String, bool, bool)>,
    /// The function's parameters (and `self`) that no pattern of the body
    /// binds again: their names have the declared types everywhere.
    params: Vec<String>,
    /// Every local name: parameters and pattern bindings.
    locals: std::collections::HashSet<String>,
    /// Names bound once in the function to a value whose type is, by its
    /// declaration or its initializer, a Rust type through which no JS
    /// method can be reached (`text: &str`, `let mut out = Vec::new()`):
    /// method calls on them are Rust calls, left as written.
    rust_typed: std::collections::HashSet<String>,
    /// The collections the annotated item bounds.
    bounded: &'b std::collections::HashSet<String>,
    /// Locals bound by `let` to a `Closure` constructor's result, with the
    /// line and column of the constructor's site: `cb.forget()` counts the
    /// closure as given to JS there, where it was made.
    made_at: std::collections::HashMap<String, (u32, u32)>,
    /// `Closure::new(..).forget()`: the position of `forget` -> that of the
    /// constructor's site.
    chained: std::collections::HashMap<(u32, u32), (u32, u32)>,
}

fn site_name(i: usize) -> syn::Ident {
    syn::Ident::new(&format!("__WL_SITE_{i}"), Span::call_site())
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        // A closure literal given to a `Closure` constructor gets its guard
        // before its body is rewritten (the body is rewritten as usual).
        let closure_site = match expr {
            syn::Expr::Call(call) => self.guard_closure_ctor(call),
            _ => None,
        };
        // `Closure::new(..).forget()`: given to JS where it is made.
        if let syn::Expr::MethodCall(m) = expr
            && matches!(m.method.to_string().as_str(), "forget" | "into_js_value")
            && let syn::Expr::Call(ctor) = strip_parens(&m.receiver)
            && let Some(made) = ctor_site_at(ctor)
        {
            self.chained.insert(position(m.method.span()), made);
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
            syn::Expr::Call(call) if closure_site.is_some() => {
                closure_site.map(|(site, guarded)| closure_ctor(call, site, guarded))
            }
            syn::Expr::Call(call) => self.call(call),
            syn::Expr::Await(a) => self.await_expr(a),
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
            (syn::Pat::Ident(p), Some(syn::Expr::Call(call))) if ctor_site_at(call).is_some() => {
                ctor_site_at(call).map(|at| (p.ident.to_string(), at))
            }
            (syn::Pat::Ident(p), _) => {
                // Bound again to something else.
                self.made_at.remove(&p.ident.to_string());
                None
            }
            _ => None,
        };
        visit_mut::visit_local_mut(self, local);
        if let Some((name, at)) = made {
            self.made_at.insert(name, at);
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
    fn method_call(&mut self, call: &syn::ExprMethodCall) -> Option<syn::Expr> {
        let name = call.method.to_string();
        // `__wl_*` are ours, from an enclosing attribute.
        if PURE_METHODS.contains(&name.as_str()) || name.starts_with("__wl_") {
            return None;
        }
        // A Rust value's own method: nothing to count (a call that crosses
        // inside counts at the body in exact mode, as for any Rust call),
        // unless it is an insertion into a collection watched as a cache.
        if let syn::Expr::Path(p) = strip_parens(&call.receiver)
            && p.path
                .get_ident()
                .is_some_and(|i| self.rust_typed.contains(&i.to_string()))
            && !self.watched_insertion(&name, &call.receiver)
        {
            return None;
        }
        let receiver = receiver_kind(&call.receiver, &self.locals);
        if let Receiver::Opaque = receiver {
            // A place whose re-evaluation could have side effects
            // (`v[next()]`): it can be neither looked at twice nor moved.
            return None;
        }
        let span = call.method.span();
        let site = self.site(span);
        if ELEMENT_METHODS.contains(&name.as_str())
            && let Some(last) = self.sites.last_mut()
        {
            last.4 = true;
        }
        let crosses = !NO_CROSSING.contains(&name.as_str());
        let handles = !NO_NEW_HANDLE.contains(&name.as_str());
        let given = matches!(name.as_str(), "forget" | "into_js_value");
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

        if let Receiver::Value = receiver {
            let recv = strip_parens(recv);
            let note = if given {
                let made = self
                    .chained
                    .get(&position(span))
                    .and_then(|at| self.site_at(*at))
                    .unwrap_or_else(|| site.clone());
                quote_spanned!(span=> ::wasm_ledger::__private::given((&&&#recv_ty).__wl_closure(), #made))
            } else {
                quote_spanned!(span=> ::wasm_ledger::__private::cross_if(#crosses && (&&&&#recv_ty).__wl_recv(), #site))
            };
            return Some(syn::parse_quote_spanned! {span=>
                #(#attrs)*
                ::wasm_ledger::__private::pass(#recv, |#recv_ty, _| {
                    ::wasm_ledger::__private::aim_if((&&&&#recv_ty).__wl_recv(), #site);
                    #note
                })
                    #dot_token #method #turbofish (#(#args_list),*)
            });
        }

        // A place receiver: its type token is made before the call and seen
        // after it, with the result.
        let bytes_arg = match (name.as_str(), args.len()) {
            ("copy_from" | "copy_to", 1) => pure_place_or_ref(&args[0], &self.locals),
            _ => None,
        };
        let bytes_before = match bytes_arg {
            Some(arg) => quote_spanned! {span=>
                (&&::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(#arg))).__wl_bytes(&#arg)
            },
            None => quote!(0u64),
        };
        let bytes_n = mixed("__wl_bytes");
        let cache_n = mixed("__wl_cache");
        // Methods that move or cast are not asked about their result: it may
        // be inferred only later (`let n: f64 = v.try_into()?`).
        let result = if handles {
            quote_spanned!(span=> (&&&&&&&#ty).__wl_result(#value))
        } else {
            quote_spanned!(span=> ::wasm_ledger::__private::Produced::default())
        };
        // An insertion into a collection named by a parameter or a field: its
        // length, read just before (a shared look that ends at once), if it
        // holds JS handles (growing caches).
        let watched = self.watched_insertion(&name, recv);
        let cache = if watched {
            if let Some(last) = self.sites.last_mut() {
                last.3 = crate::bounds::text(recv);
                last.5 = self.bounded.contains(&last.3);
            }
            quote_spanned!(span=> (&&&::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(#recv))).__wl_cache_len(&#recv))
        } else {
            quote!(::core::option::Option::<usize>::None)
        };
        let to_vec = name == "to_vec" && args.is_empty();
        let plain_method = !(given || bytes_arg.is_some() || to_vec || watched);
        if plain_method {
            // The common case, in two calls: the receiver looked at (and
            // exact mode aimed) before the call, the result after it.
            let result = if handles {
                quote_spanned!(span=> |#recv_ty, #ty, #value| {
                    let (#ty, #value) = (&&&&#recv_ty).__wl_project(#ty, #value);
                    (&&&&&&&#ty).__wl_result(#value)
                })
            } else {
                quote_spanned!(span=> ::wasm_ledger::__private::no_result)
            };
            return Some(syn::parse_quote_spanned! {span=>
                #(#attrs)*
                ::wasm_ledger::__private::method(
                    ::wasm_ledger::__private::receiver(
                        #site,
                        #crosses,
                        ::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(#recv)),
                        |#recv_ty| (&&&&#recv_ty).__wl_recv(),
                    ),
                    #recv #dot_token #method #turbofish (#(#args_list),*),
                    #result,
                ).into_inner()
            });
        }
        let after = if given {
            let made = self.made_site(recv).unwrap_or_else(|| site.clone());
            quote_spanned! {span=> ::wasm_ledger::__private::given((&&&#recv_ty).__wl_closure(), #made) }
        } else {
            let result_bytes = if name == "to_vec" && args.is_empty() {
                quote_spanned!(span=> (&&#ty).__wl_bytes(#value))
            } else {
                quote_spanned!(span=> #bytes_n)
            };
            quote_spanned! {span=>
                {
                    let (#ty, #value) = (&&&&#recv_ty).__wl_project(#ty, #value);
                    let __wl_js = (&&&&#recv_ty).__wl_recv();
                    ::wasm_ledger::__private::back_if(__wl_js);
                    ::wasm_ledger::__private::count_method(__wl_js, #crosses, #handles, #site, #result);
                    ::wasm_ledger::__private::bytes(__wl_js, #result_bytes, #site);
                    ::wasm_ledger::__private::cache(#site, #cache_n);
                }
            }
        };
        Some(syn::parse_quote_spanned! {span=>
            #(#attrs)*
            ::wasm_ledger::__private::then(
                (
                    // The receiver's type token, made once; exact mode aims
                    // at this site first if the receiver is JS.
                    ::wasm_ledger::__private::aim_with(
                        ::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(#recv)),
                        |__wl_t| (&&&&__wl_t).__wl_recv(),
                        #site,
                    ),
                    #bytes_before,
                    #cache,
                ),
                #recv #dot_token #method #turbofish (#(#args_list),*),
                #[allow(unused_variables)]
                |(#recv_ty, #bytes_n, #cache_n), #ty, #value| #after,
            ).into_inner()
        })
    }

    fn call(&mut self, call: &mut syn::ExprCall) -> Option<syn::Expr> {
        let syn::Expr::Path(func) = &*call.func else {
            return None;
        };
        if func.qself.is_some() {
            return None;
        }
        let segments = path_names(&func.path);
        let last = segments.last()?.as_str();
        let penultimate = segments.len().checked_sub(2).map(|i| segments[i].as_str());
        let root = segments[0].as_str();
        // Tuple structs and variants (`Some(x)`, `Wrapper(el)`) build values
        // in Rust.
        if last.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        let span = func
            .path
            .segments
            .last()
            .map(|s| s.ident.span())
            .unwrap_or_else(|| call.span());
        let js_type = penultimate.is_some_and(|p| JS_NAMESPACES.contains(&p));
        if js_type && JS_NO_CROSSING.contains(&last) {
            return None;
        }
        // `JsValue::from(true)` is a constant.
        if penultimate == Some("JsValue")
            && last == "from"
            && matches!(call.args.first(), Some(syn::Expr::Lit(l)) if matches!(l.lit, syn::Lit::Bool(_)))
        {
            return None;
        }
        // Our own calls, from an enclosing attribute or a closure guard.
        if root == "wasm_ledger" {
            return None;
        }
        let single = segments.len() == 1;
        let named = root == "js_sys"
            || root == "web_sys"
            || js_type
            || (single && JS_FREE_FUNCTIONS.contains(&last));
        // Whether the result's type may be asked about: only where it is
        // surely known when the call is type-checked. A function generic in
        // its return type (`T::deserialize()`, `Self::get::<T>()` with `T`
        // inferred from later code) must not be asked: the question would
        // be answered too early, for the wrong type. So: the known JS
        // functions, and constructors of known JS types
        // (`ImageData::new_with_..`), whose result is their own type. Not
        // any `Type::new*`: `Trait::new(..)` has a `Self` inferred later,
        // and `Box::new(|x| ..)` / `Arc::new(..)` take the closure's
        // signature and the unsized coercion of its result from the type
        // the context expects, which a wrapper around the call would hide.
        let constructor =
            penultimate.is_some_and(|p| WEB_TYPES.contains(&p)) && last.starts_with("new");
        let classify = named || constructor;
        if !classify {
            return None;
        }
        let site = self.site(span);
        let named = u64::from(named);
        let view = matches!(last, "view" | "view_mut_raw")
            && penultimate.is_some_and(|p| p.ends_with("Array"));
        let bytes = match (last, call.args.len()) {
            ("new_from_slice" | "from", 1) if penultimate.is_some_and(|p| p.ends_with("Array")) => {
                pure_place_or_ref(&call.args[0], &self.locals).map(|arg| {
                    quote_spanned!(span=> (&&::wasm_ledger::__private::Ty::of_place(::core::ptr::addr_of!(#arg))).__wl_bytes(&#arg))
                })
            }
            _ => None,
        }
        .unwrap_or_else(|| quote!(0u64));
        let (ty, value) = (mixed("__wl_ty"), mixed("__wl_value"));
        let mut note = if classify {
            quote_spanned!(span=> (&&&&&&&#ty).__wl_result(#value))
        } else {
            quote_spanned!(span=> ::wasm_ledger::__private::Produced::default())
        };
        if view {
            note = quote_spanned!(span=> { ::wasm_ledger::__private::view(#site); #note });
        }
        let attrs = &call.attrs;
        let mut plain = call.clone();
        plain.attrs.clear();
        Some(syn::parse_quote_spanned! {span=>
            #(#attrs)*
            ::wasm_ledger::__private::call(
                ::wasm_ledger::__private::entries(#site),
                #bytes,
                #named,
                #plain,
                #site,
                #[allow(unused_variables)]
                |#ty, #value| #note,
            ).into_inner()
        })
    }

    /// If `call` is a `Closure` constructor: its site, and whether a guard
    /// went into its closure literal.
    fn guard_closure_ctor(&mut self, call: &mut syn::ExprCall) -> Option<(TokenStream, bool)> {
        let ctor = closure_ctor_name(call)?;
        let syn::Expr::Path(func) = &*call.func else {
            return None;
        };
        let span = func.path.segments.last()?.ident.span();
        let site = self.site(span);
        let guarded = if ctor.starts_with("borrow") {
            false
        } else if ctor.starts_with("wrap") {
            call.args
                .first_mut()
                .and_then(boxed_closure)
                .is_some_and(|c| guard(c, &site))
        } else {
            call.args.first_mut().is_some_and(|a| guard(a, &site))
        };
        Some((site, guarded))
    }

    fn await_expr(&mut self, a: &syn::ExprAwait) -> Option<syn::Expr> {
        let span = a.await_token.span();
        let site = self.site(span);
        let ty = mixed("__wl_ty");
        let base = strip_parens(&a.base);
        let attrs = &a.attrs;
        Some(syn::parse_quote_spanned! {span=>
            #(#attrs)*
            ::wasm_ledger::__private::pass(#base, |#ty, _| {
                ::wasm_ledger::__private::aim(#site);
                ::wasm_ledger::__private::awaited((&&&#ty).__wl_future(), #site)
            }).await
        })
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
                    let site = self.0.site(h.span);
                    let guard =
                        syn::Ident::new(&format!("__wl_held_{}", h.name), Span::mixed_site());
                    block
                        .stmts
                        .insert(h.handed_at + 1, syn::parse_quote!(#guard.__wl_arm(#site);));
                    block.stmts.insert(
                        h.let_at + 1,
                        syn::parse_quote!(let #guard = ::wasm_ledger::__private::Held::new();),
                    );
                }
            }
            fn visit_item_mut(&mut self, _: &mut syn::Item) {}
        }
        Blocks(self).visit_block_mut(block);
    }

    /// Whether `expr` is a place rooted at a parameter or `self`, through
    /// fields and derefs: its type was written down.
    /// An insertion (`insert`, `push`..) into a collection named by a
    /// parameter or a field: watched as a possible cache of JS handles.
    fn watched_insertion(&self, method: &str, recv: &syn::Expr) -> bool {
        matches!(method, "insert" | "push" | "push_back" | "push_front") && self.declared(recv)
    }

    fn declared(&self, expr: &syn::Expr) -> bool {
        match expr {
            syn::Expr::Path(p) => {
                is_local(p, &self.locals) && self.params.iter().any(|n| p.path.is_ident(n))
            }
            syn::Expr::Field(f) => self.declared(&f.base),
            syn::Expr::Paren(p) => self.declared(&p.expr),
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => self.declared(&u.expr),
            _ => false,
        }
    }

    /// The site of the constructor that made the closure `recv` names (a
    /// local bound to one by `let`), if that site exists.
    fn made_site(&self, recv: &syn::Expr) -> Option<TokenStream> {
        let syn::Expr::Path(p) = strip_parens(recv) else {
            return None;
        };
        let at = self.made_at.get(&p.path.get_ident()?.to_string())?;
        self.site_at(*at)
    }

    /// The site already made at `(line, column)`, if any.
    fn site_at(&self, at: (u32, u32)) -> Option<TokenStream> {
        let index = self.sites.iter().position(|s| (s.0, s.1) == at)?;
        let name = site_name(index);
        Some(quote!(&#name))
    }

    /// A new site for the expression at `span`, as a `&'static Site`.
    fn site(&mut self, span: Span) -> TokenStream {
        let (line, column) = position(span);
        self.sites
            .push((line, column, span, String::new(), false, false));
        let name = site_name(self.sites.len() - 1);
        quote_spanned!(span=> &#name)
    }
}

/// Rust types no JS method can be reached through (no `Deref` to a JS
/// type): std's strings, collections, cells, `Option` and `Result`, and
/// the primitives (the numbers in [`NUMBER_TYPES`]).
const RUST_TYPES: &[&str] = &[
    "str",
    "String",
    "Vec",
    "VecDeque",
    "HashMap",
    "HashSet",
    "BTreeMap",
    "BTreeSet",
    "BinaryHeap",
    "Cell",
    "RefCell",
    "Option",
    "Result",
    "bool",
    "char",
];

/// Rust's number types: Rust types too, and what a value cast with `as`
/// is a number of (the checks' `per_element_copy`).
pub(crate) const NUMBER_TYPES: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32",
    "f64",
];

/// Constructors and macros whose result is one of [`RUST_TYPES`].
const RUST_CTORS: &[(&str, &str)] = &[
    ("Vec", "new"),
    ("Vec", "with_capacity"),
    ("String", "new"),
    ("String", "with_capacity"),
    ("String", "from"),
    ("VecDeque", "new"),
    ("VecDeque", "with_capacity"),
    ("HashMap", "new"),
    ("HashMap", "with_capacity"),
    ("HashSet", "new"),
    ("BTreeMap", "new"),
    ("BTreeSet", "new"),
];

/// Whether a declared type is one of [`RUST_TYPES`] or [`NUMBER_TYPES`]
/// (behind references):
/// `&str`, `&mut Vec<JsValue>`, `[u8]`, `u32`.
fn is_rust_type(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Reference(r) => is_rust_type(&r.elem),
        syn::Type::Paren(p) => is_rust_type(&p.elem),
        syn::Type::Slice(_) | syn::Type::Array(_) => true,
        syn::Type::Path(p) if p.qself.is_none() => p.path.segments.last().is_some_and(|s| {
            let name = s.ident.to_string();
            RUST_TYPES.contains(&name.as_str()) || NUMBER_TYPES.contains(&name.as_str())
        }),
        _ => false,
    }
}

/// Whether an initializer makes one of [`RUST_TYPES`]: `Vec::new()`,
/// `String::from(..)`, `vec![..]`, `format!(..)`, a literal.
fn makes_rust_value(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Lit(_) => true,
        syn::Expr::Macro(m) => m
            .mac
            .path
            .get_ident()
            .is_some_and(|i| i == "vec" || i == "format"),
        syn::Expr::Call(c) => match &*c.func {
            syn::Expr::Path(p) => {
                let names = path_names(&p.path);
                let n = names.len();
                n >= 2
                    && RUST_CTORS
                        .iter()
                        .any(|(t, f)| names[n - 2] == *t && names[n - 1] == *f)
            }
            _ => false,
        },
        _ => false,
    }
}

/// The patterns of a function's body (nested items left out): how many
/// times each name is bound, and the `let`s that bind a name to a Rust type
/// or a Rust value (see [`Rewriter::rust_typed`]).
#[derive(Default)]
struct Bindings {
    bound: std::collections::HashMap<String, usize>,
    rust: Vec<String>,
}

impl Bindings {
    fn of(block: &syn::Block) -> Bindings {
        let mut b = Bindings::default();
        syn::visit::Visit::visit_block(&mut b, block);
        b
    }
}

impl<'ast> syn::visit::Visit<'ast> for Bindings {
    fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
        *self.bound.entry(p.ident.to_string()).or_default() += 1;
        syn::visit::visit_pat_ident(self, p);
    }
    fn visit_local(&mut self, l: &'ast syn::Local) {
        let (name, typed) = match &l.pat {
            syn::Pat::Type(t) => match &*t.pat {
                syn::Pat::Ident(i) => (Some(&i.ident), is_rust_type(&t.ty)),
                _ => (None, false),
            },
            syn::Pat::Ident(i) => (Some(&i.ident), false),
            _ => (None, false),
        };
        let made = l
            .init
            .as_ref()
            .is_some_and(|i| i.diverge.is_none() && makes_rust_value(&i.expr));
        if let Some(name) = name
            && (typed || made)
        {
            self.rust.push(name.to_string());
        }
        syn::visit::visit_local(self, l);
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// `Closure::new(|e| ..)`: one crossing (the JS function is made), one
/// closure created; with a closure literal, the guard moved into it counts
/// the creation and reports the release.
fn closure_ctor(call: &syn::ExprCall, site: TokenStream, guarded: bool) -> syn::Expr {
    let span = call.func.span();
    // `Closure::once_into_js` hands the closure to JS as it makes it.
    let given = if closure_ctor_name(call).as_deref() == Some("once_into_js") {
        quote!(::wasm_ledger::__private::given(true, #site);)
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
        ::wasm_ledger::__private::call(::wasm_ledger::__private::entries(#site), 0u64, 1u64, #plain, #site, |_, _| #created).into_inner()
    }
}

/// A span's `(line, column)` as sites record them (1-based column).
fn position(span: Span) -> (u32, u32) {
    let start = span.start();
    (start.line as u32, start.column as u32 + 1)
}

/// Where the site of a `Closure` constructor call is: at its last path
/// segment, as the call's rewrite places it.
fn ctor_site_at(call: &syn::ExprCall) -> Option<(u32, u32)> {
    closure_ctor_name(call)?;
    let syn::Expr::Path(f) = &*call.func else {
        return None;
    };
    f.path.segments.last().map(|seg| position(seg.ident.span()))
}

/// A local that user code cannot name (mixed-site hygiene).
fn mixed(name: &str) -> syn::Ident {
    syn::Ident::new(name, Span::mixed_site())
}

/// `Box::new(|..| ..)` -> the closure literal inside.
fn boxed_closure(arg: &mut syn::Expr) -> Option<&mut syn::Expr> {
    let syn::Expr::Call(c) = arg else { return None };
    let syn::Expr::Path(p) = &*c.func else {
        return None;
    };
    let names = path_names(&p.path);
    if names.len() >= 2
        && names[names.len() - 2] == "Box"
        && names[names.len() - 1] == "new"
        && c.args.len() == 1
    {
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

fn receiver_kind(expr: &syn::Expr, locals: &Locals) -> Receiver {
    match expr {
        syn::Expr::Path(p) if is_local(p, locals) => Receiver::Place,
        syn::Expr::Path(_) => Receiver::Opaque,
        syn::Expr::Paren(p) => receiver_kind(&p.expr, locals),
        // `__private::call(..).into_inner()`, an instrumented call: a value.
        syn::Expr::MethodCall(m) if is_out(m) => Receiver::Value,
        syn::Expr::Field(f) => pure_place(&f.base, locals),
        syn::Expr::Index(i) => match (pure_place(&i.expr, locals), is_pure(&i.index)) {
            (Receiver::Place, true) => Receiver::Place,
            _ => Receiver::Opaque,
        },
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => pure_place(&u.expr, locals),
        // A macro or a `$e:expr` fragment may expand to a place, which
        // `pass` would move; literals, arrays and tuples may be promoted to
        // constants, which `pass` would make temporaries. None is JS.
        syn::Expr::Macro(_)
        | syn::Expr::Group(_)
        | syn::Expr::Lit(_)
        | syn::Expr::Array(_)
        | syn::Expr::Tuple(_)
        | syn::Expr::Repeat(_)
        | syn::Expr::Reference(_) => Receiver::Opaque,
        _ => Receiver::Value,
    }
}

type Locals = std::collections::HashSet<String>;

/// `::wasm_ledger::__private::call(..).into_inner()` (or `then`): the
/// result of a call this rewrite instrumented, moved out of its `Out`
/// wrapper.
fn is_out(m: &syn::ExprMethodCall) -> bool {
    let syn::Expr::Call(c) = &*m.receiver else {
        return false;
    };
    let syn::Expr::Path(p) = &*c.func else {
        return false;
    };
    m.method == "into_inner"
        && m.args.is_empty()
        && p.path.leading_colon.is_some()
        && p.path.segments.len() == 3
        && p.path.segments[0].ident == "wasm_ledger"
        && p.path.segments[1].ident == "__private"
}

fn pure_place(expr: &syn::Expr, locals: &Locals) -> Receiver {
    match receiver_kind(expr, locals) {
        Receiver::Place => Receiver::Place,
        _ => Receiver::Opaque,
    }
}

/// An argument that is a pure place (`chunk`) or a reference to one
/// (`&buf`, `&mut buf[..n]`): the place, which can be looked at again.
fn pure_place_or_ref<'e>(arg: &'e syn::Expr, locals: &Locals) -> Option<&'e syn::Expr> {
    let place = match arg {
        syn::Expr::Reference(r) => &*r.expr,
        other => other,
    };
    matches!(receiver_kind(place, locals), Receiver::Place).then_some(place)
}

/// A local variable or `self` (lower-case by convention; upper-case paths
/// are constants and statics).
fn is_local(p: &syn::ExprPath, locals: &Locals) -> bool {
    p.qself.is_none()
        && p.path.leading_colon.is_none()
        && p.path.segments.len() == 1
        && p.path.segments[0].arguments.is_none()
        && locals.contains(&p.path.segments[0].ident.to_string())
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
                ":: wasm_ledger :: __private :: method (:: wasm_ledger :: __private :: receiver ("
            ),
            "{out}"
        );
    }

    #[test]
    fn a_value_receiver_passes_through() {
        let out = rewritten(quote!(window().document()));
        assert!(
            out.contains(
                ":: wasm_ledger :: __private :: pass (:: wasm_ledger :: __private :: call ("
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
        assert!(rewritten(src).ends_with(":: wasm_ledger :: __private :: enter (& __WL_SITE_0) ; let a = [0u8 ; N . pow (2)] ; let b = const { X . len () } ; }"));
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
            assert!(!out.contains("__private :: call"), "{src}: {out}");
        }
        for src in [
            quote!(Math::random()),
            quote!(JsValue::from(1.5)),
            quote!(web_sys::window()),
            quote!(window()),
            quote!(ImageData::new_with_u8_clamped_array_and_sh(data, 2, 2)),
        ] {
            let out = rewritten(src.clone());
            assert!(out.contains("__private :: call"), "{src}: {out}");
        }
        assert!(!rewritten(quote!(JsValue::from(true))).contains("__private :: call"));
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
        assert_eq!(out.matches("__wl_cache_len").count(), 2, "{out}");
        assert!(out.contains("\"self.nodes\""), "{out}");
        assert!(out.contains("\"kept\""), "{out}");
    }

    #[test]
    fn receivers_are_sorted_into_places_values_and_opaque_places() {
        let locals: Locals = ["x", "self", "r", "v", "_x", "i", "k", "p"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let kind = |src: &str| match receiver_kind(&syn::parse_str(src).unwrap(), &locals) {
            Receiver::Place => "place",
            Receiver::Value => "value",
            Receiver::Opaque => "opaque",
        };
        for place in [
            "x",
            "self",
            "self.a.b",
            "(*r)",
            "v[0]",
            "v[i]",
            "_x",
            "self.px[i..i + 4]",
            "v[&k]",
        ] {
            assert_eq!(kind(place), "place", "{place}");
        }
        for value in ["f()", "a.b()", "(p.x + p.vx)", "x.0.f()"] {
            assert_eq!(kind(value), "value", "{value}");
        }
        for opaque in [
            "X", "crate::X", "v[f()]", "f().x", "*g()", "limit", "\"s\"", "vec![1]", "[1, 2]",
            "(1, 2)",
        ] {
            assert_eq!(kind(opaque), "opaque", "{opaque}");
        }
    }
}
