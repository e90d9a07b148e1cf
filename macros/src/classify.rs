//! Classification: whether a call crosses into JS, and what kind of call it
//! is. Every "is this call instrumented, and how" of the rewrite is decided
//! here, once per call; the plan and the code generation only carry it out.
//!
//! - A method call is looked at unless its method stays in Rust (casts,
//!   `__wl_*` of an enclosing attribute), its receiver is a name surely of
//!   a Rust type (unless it inserts into a watched collection), or its
//!   receiver cannot be named again (`v[next()]`). Whether it crosses is
//!   then its receiver's type's to say, at compile time.
//! - A function call is instrumented if it is a known JS function or a
//!   constructor of a known JS type (see [`call`]).
//! - A `Closure` constructor is always instrumented (see [`closure_ctor`]).
//! - Every `.await` is instrumented: its future's type says what it counts.

use crate::bindings::Scope;
use crate::receiver::{Receiver, pure_place_or_ref, receiver_kind, strip_parens};
use crate::vocab::{
    ARRAY_FROM_SLICE, COPIES_FROM_JS, Element, GENERATED_PREFIX, INSERTIONS, JS_FREE_FUNCTIONS,
    JS_NAMESPACES, JS_NO_CROSSING, NO_CROSSING, NO_NEW_HANDLE, PURE_METHODS, RUNTIME,
    SLICE_COPY_METHODS, TO_VEC, WEB_TYPES, closure_ctor_name, element, is_array_type, is_given,
    is_view, owner_and_last, path_names,
};

/// A method call the rewrite instruments.
pub(crate) struct Method<'a> {
    /// The receiver is a place (looked at through `addr_of!`), or a value
    /// (passed through); never [`Receiver::Opaque`].
    pub receiver: Receiver,
    /// It crosses if its receiver is JS (`clone` of a handle does not).
    pub crosses: bool,
    /// Its result may be asked about the handles it holds.
    pub handles: bool,
    /// It gives a `Closure` to JS for good (`forget`, `into_js_value`).
    pub gives_closure: bool,
    /// It moves one element (`set_index`, `push`..).
    pub element: bool,
    /// The slice a typed array copies in or out (`copy_from(&buf)`), if it
    /// is a place whose bytes can be counted.
    pub bytes_arg: Option<&'a syn::Expr>,
    /// The bytes it copies come from JS into wasm memory (`copy_to`,
    /// `to_vec`); otherwise they go out to JS (`copy_from`).
    pub bytes_from_js: bool,
    /// `to_vec()`: its result's bytes are counted.
    pub to_vec: bool,
    /// An insertion into a collection named by a parameter or a field,
    /// watched as a possible cache of JS handles.
    pub watched: bool,
}

/// How `call` is instrumented, or `None` to leave it as written.
pub(crate) fn method<'a>(call: &'a syn::ExprMethodCall, scope: &Scope) -> Option<Method<'a>> {
    let name = call.method.to_string();
    // `__wl_*` are ours, from an enclosing attribute.
    if PURE_METHODS.contains(&name.as_str()) || name.starts_with(GENERATED_PREFIX) {
        return None;
    }
    let watched = INSERTIONS.contains(&name.as_str()) && scope.declared(&call.receiver);
    // A Rust value's own method: nothing to count (a call that crosses
    // inside counts at the body in exact mode, as for any Rust call),
    // unless it is an insertion into a collection watched as a cache.
    if let syn::Expr::Path(p) = strip_parens(&call.receiver)
        && p.path
            .get_ident()
            .is_some_and(|i| scope.rust_typed.contains(&i.to_string()))
        && !watched
    {
        return None;
    }
    let receiver = receiver_kind(&call.receiver, &scope.locals);
    if let Receiver::Opaque = receiver {
        // A place whose re-evaluation could have side effects
        // (`v[next()]`): it can be neither looked at twice nor moved.
        return None;
    }
    let bytes_arg = match call.args.len() {
        1 if SLICE_COPY_METHODS.contains(&name.as_str()) => {
            pure_place_or_ref(&call.args[0], &scope.locals)
        }
        _ => None,
    };
    Some(Method {
        receiver,
        crosses: !NO_CROSSING.contains(&name.as_str()),
        handles: !NO_NEW_HANDLE.contains(&name.as_str()),
        gives_closure: is_given(&name),
        // As precise as the rule: numbers one per call, into or out of a
        // typed array, or boxed into a JS array; never strings, objects or
        // nested arrays, for which no bulk copy exists.
        element: match element(&name) {
            Some(Element::TypedIndex) => true,
            Some(Element::ArrayStore) => scope
                .numbers_stored
                .contains(&crate::plan::position(call.method.span())),
            _ => false,
        },
        bytes_arg,
        to_vec: name == TO_VEC && call.args.is_empty(),
        bytes_from_js: COPIES_FROM_JS.contains(&name.as_str()),
        watched,
    })
}

/// A function call the rewrite instruments: a JS function or a JS type's
/// constructor.
pub(crate) struct Call<'a> {
    /// A known JS function (in `js_sys`/`web_sys`, of a JS namespace, or a
    /// free function such as `window()`): it crosses whatever its
    /// signature says. A constructor of a JS type otherwise.
    pub known_js_function: bool,
    /// A typed array's `view`.
    pub view: bool,
    /// The slice a typed array is made from (`Uint8Array::from(&buf)`), if
    /// it is a place whose bytes can be counted.
    pub bytes_arg: Option<&'a syn::Expr>,
}

/// How `call` is instrumented, or `None` to leave it as written.
///
/// Only calls whose result's type may be asked about are: only where it is
/// surely known when the call is type-checked. A function generic in its
/// return type (`T::deserialize()`, `Self::get::<T>()` with `T` inferred
/// from later code) must not be asked: the question would be answered too
/// early, for the wrong type. So: the known JS functions, and constructors
/// of known JS types (`ImageData::new_with_..`), whose result is their own
/// type. Not any `Type::new*`: `Trait::new(..)` has a `Self` inferred later,
/// and `Box::new(|x| ..)` / `Arc::new(..)` take the closure's signature and
/// the unsized coercion of its result from the type the context expects,
/// which a wrapper around the call would hide.
pub(crate) fn call<'a>(call: &'a syn::ExprCall, scope: &Scope) -> Option<Call<'a>> {
    let syn::Expr::Path(func) = &*call.func else {
        return None;
    };
    if func.qself.is_some() {
        return None;
    }
    let segments = path_names(&func.path);
    let (penultimate, last) = owner_and_last(&segments)?;
    let root = segments[0].as_str();
    // Tuple structs and variants (`Some(x)`, `Wrapper(el)`) build values
    // in Rust.
    if last.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
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
    if root == RUNTIME {
        return None;
    }
    let single = segments.len() == 1;
    let known_js_function = root == "js_sys"
        || root == "web_sys"
        || js_type
        || (single && JS_FREE_FUNCTIONS.contains(&last));
    let constructor =
        penultimate.is_some_and(|p| WEB_TYPES.contains(&p)) && last.starts_with("new");
    if !(known_js_function || constructor) {
        return None;
    }
    let bytes_arg = match call.args.len() {
        1 if ARRAY_FROM_SLICE.contains(&last) && penultimate.is_some_and(is_array_type) => {
            pure_place_or_ref(&call.args[0], &scope.locals)
        }
        _ => None,
    };
    Some(Call {
        known_js_function,
        view: is_view(penultimate, last),
        bytes_arg,
    })
}

/// A `Closure` constructor call: always instrumented (one crossing, one
/// closure created).
pub(crate) struct ClosureCtor {
    /// What it takes, and so whether a guard can go into a closure literal.
    pub takes: Takes,
    /// `Closure::once_into_js` hands the closure to JS as it makes it.
    pub gives_closure: bool,
}

/// What a `Closure` constructor takes.
pub(crate) enum Takes {
    /// A closure by value (`new`, `own`, `once`..): a literal gets a guard.
    Closure,
    /// A `Box` of one (`wrap`): a literal inside `Box::new` gets a guard.
    Boxed,
    /// A closure by reference (`borrow`..): no guard.
    Borrowed,
}

/// `call` as a `Closure` constructor, if it is one.
pub(crate) fn closure_ctor(call: &syn::ExprCall) -> Option<ClosureCtor> {
    let ctor = closure_ctor_name(call)?;
    let takes = if ctor.starts_with("borrow") {
        Takes::Borrowed
    } else if ctor.starts_with("wrap") {
        Takes::Boxed
    } else {
        Takes::Closure
    };
    Some(ClosureCtor {
        takes,
        gives_closure: ctor == "once_into_js",
    })
}
