//! The vocabulary every stage shares: the names of methods, functions and
//! types the macros know (which ones cross into JS, which stay in Rust, which
//! move one element, which are Rust's own types), and helpers that read
//! paths by those names. One table per meaning, used by the rewrite, the
//! checks, `held` and `bounds` alike.

/// Methods that stay inside Rust even on a JS receiver: conversions
/// between handle types and std's reference plumbing. Left as written.
pub(crate) const PURE_METHODS: &[&str] = &[
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
pub(crate) const NO_CROSSING: &[&str] = &["clone", "to_owned"];

/// What an element-by-element method moves, and so which check looks at
/// it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Element {
    /// A typed array's `set_index` / `get_index`: a per-element copy in a
    /// loop, unless the receiver is declared as a Rust type.
    TypedIndex,
    /// A JS array's `push` / `set`: boxing (per frame) or a per-element copy
    /// of numbers, in a loop on an array.
    ArrayStore,
    /// A JS array's `get`: a per-element copy when read as a number.
    ArrayGet,
    /// A JS array's `at`: counted as an element site only.
    ArrayAt,
}

/// Methods that move one element across (a typed array's `set_index`, a JS
/// array's `push`): many calls a frame from one site are a per-element copy.
pub(crate) const ELEMENT_METHODS: &[(&str, Element)] = &[
    ("set_index", Element::TypedIndex),
    ("get_index", Element::TypedIndex),
    ("push", Element::ArrayStore),
    ("set", Element::ArrayStore),
    ("get", Element::ArrayGet),
    ("at", Element::ArrayAt),
];

/// What `method` moves, if it is one of [`ELEMENT_METHODS`].
pub(crate) fn element(method: &str) -> Option<Element> {
    ELEMENT_METHODS
        .iter()
        .find(|(name, _)| *name == method)
        .map(|(_, kind)| *kind)
}

/// Methods that give a `Closure` to JS for good (JS owns it from then on).
pub(crate) const GIVEN_METHODS: &[&str] = &["forget", "into_js_value"];

/// Whether `method` gives a `Closure` to JS for good.
pub(crate) fn is_given(method: &str) -> bool {
    GIVEN_METHODS.contains(&method)
}

/// Methods of a typed array that copy a Rust slice in or out, by their
/// one argument (`copy_from(&buf)`): their bytes are counted.
pub(crate) const SLICE_COPY_METHODS: &[&str] = &["copy_from", "copy_to"];

/// A typed array's method that copies it all out into a `Vec`: its result's
/// bytes are counted.
pub(crate) const TO_VEC: &str = "to_vec";

/// The copies among those whose bytes come from JS into wasm memory (the
/// others take a Rust slice out to JS).
pub(crate) const COPIES_FROM_JS: &[&str] = &["copy_to", TO_VEC];

/// Insertions into a collection: into one named by a parameter or a field,
/// watched as a possible cache of JS handles.
pub(crate) const INSERTIONS: &[&str] = &["insert", "push", "push_back", "push_front"];

/// Methods whose result is a value moved or cast from elsewhere, not a new
/// handle; also those whose result type may be inferred only later, which
/// must not be asked about (`dyn_into` with the type given downstream).
pub(crate) const NO_NEW_HANDLE: &[&str] = &[
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
pub(crate) const JS_NAMESPACES: &[&str] = &[
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
pub(crate) const WEB_TYPES: &[&str] = &[
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
pub(crate) const JS_NO_CROSSING: &[&str] = &[
    "undefined",
    "null",
    "unchecked_from_js",
    "unchecked_from_js_ref",
    "global",
];

/// Free functions of `js_sys` and `web_sys`, often imported by name
/// (`use web_sys::window;`).
pub(crate) const JS_FREE_FUNCTIONS: &[&str] = &[
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

/// wasm-bindgen's closure types.
pub(crate) const CLOSURE_TYPES: &[&str] = &["Closure", "ScopedClosure"];

/// `Closure`/`ScopedClosure` constructors. Those taking a closure by value
/// (`new`, `own`, `once`...) get a guard moved into a closure literal, so
/// the release is seen; `wrap` takes a `Box` of one.
pub(crate) const CLOSURE_CTORS: &[&str] = &[
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
            if CLOSURE_TYPES.contains(&ty.as_str()) && CLOSURE_CTORS.contains(&ctor.as_str()) =>
        {
            Some(ctor.clone())
        }
        _ => None,
    }
}

/// Rust types no JS method can be reached through (no `Deref` to a JS
/// type): std's strings, collections, cells, `Option` and `Result`, and
/// the primitives (the numbers in [`NUMBER_TYPES`]).
pub(crate) const RUST_TYPES: &[&str] = &[
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

/// Macros whose result is one of [`RUST_TYPES`].
pub(crate) const RUST_MACROS: &[&str] = &["vec", "format"];

/// Constructors whose result is one of [`RUST_TYPES`].
pub(crate) const RUST_CTORS: &[(&str, &str)] = &[
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
/// Iterator methods whose closure runs once per item.
pub(crate) const PER_ITEM: &[&str] = &[
    "for_each",
    "try_for_each",
    "map",
    "filter",
    "filter_map",
    "flat_map",
    "fold",
    "try_fold",
    "inspect",
    "any",
    "all",
    "find",
    "find_map",
    "position",
    "take_while",
    "skip_while",
    "map_while",
    "scan",
    "for_each_init",
];

/// Methods that make or pass on an iterator: a receiver chain containing
/// one is an iterator (so its `map` is per item, unlike `Option::map`).
pub(crate) const ITERATORS: &[&str] = &[
    "iter",
    "iter_mut",
    "into_iter",
    "chunks",
    "chunks_exact",
    "chunks_mut",
    "chunks_exact_mut",
    "windows",
    "enumerate",
    "zip",
    "rev",
    "step_by",
    "skip",
    "take",
    "chain",
    "chars",
    "bytes",
    "lines",
    "keys",
    "values",
    "values_mut",
    "drain",
    "split",
    "cycle",
    "copied",
    "cloned",
    "par_iter",
];

/// Methods that fetch a handle that never changes (`Window`'s).
pub(crate) const GLOBAL_METHODS: &[&str] = &["document", "performance", "navigator"];

/// Methods that keep their by-value argument.
pub(crate) const STORE_METHODS: &[&str] = &[
    "push",
    "push_back",
    "push_front",
    "insert",
    "set",
    "replace",
    "extend",
];
/// Methods that hand a callback to JS, which keeps it.
pub(crate) const HANDOVER_PREFIXES: &[&str] = &[
    "add_event_listener",
    "set_on",
    "then",
    "catch",
    "finally",
    "set_timeout",
    "set_interval",
    "request_animation_frame",
    "request_idle_callback",
    "queue_microtask",
    "observe",
];

/// Methods that take entries out of a collection (std's, and those of the
/// common crates: `indexmap`, `lru`, `hashlink`).
pub(crate) const REMOVALS: &[&str] = &[
    "clear",
    "drain",
    "extract_if",
    "pop",
    "pop_back",
    "pop_first",
    "pop_front",
    "pop_last",
    "pop_lru",
    "remove",
    "remove_entry",
    "retain",
    "retain_mut",
    "shift_remove",
    "split_off",
    "swap_remove",
    "swap_remove_back",
    "swap_remove_front",
    "truncate",
];

/// Methods of Rust's numbers whose result is a number.
pub(crate) const NUMERIC_METHODS: &[&str] = &[
    "abs",
    "ceil",
    "clamp",
    "cos",
    "exp",
    "floor",
    "fract",
    "ln",
    "log10",
    "log2",
    "max",
    "min",
    "mul_add",
    "powf",
    "powi",
    "round",
    "signum",
    "sin",
    "sqrt",
    "tan",
    "trunc",
    "wrapping_add",
    "wrapping_mul",
    "wrapping_sub",
];

/// Functions of a typed array type that make a view of wasm memory.
pub(crate) const VIEW_FNS: &[&str] = &["view", "view_mut_raw"];

/// Methods of a typed array that read, write or copy it and return nothing
/// of it: a view they are called on is not kept by them. (`fill` and
/// `copy_within` return the array itself; `for_each`, `find`... hand it to
/// a callback.)
pub(crate) const VIEW_READS: &[&str] = &[
    "at",
    "byte_length",
    "byte_offset",
    "copy_from",
    "copy_to",
    "copy_to_uninit",
    "get_index",
    "includes",
    "index_of",
    "join",
    "last_index_of",
    "length",
    "raw_copy_to_ptr",
    "set",
    "set_index",
    "slice",
    "to_locale_string",
    "to_string",
    "to_vec",
];

/// Methods that lend the view itself (`&JsValue`, `&Object`): a view so
/// lent is read only if the loan goes straight into a call's arguments.
pub(crate) const VIEW_LENDS: &[&str] = &["as_ref", "unchecked_ref"];

/// Macros that take their arguments by reference.
pub(crate) const FORMAT_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "eprint",
    "eprintln",
    "format",
    "format_args",
    "panic",
    "print",
    "println",
    "write",
    "writeln",
];

/// Macros that await inside (a view alive across one outlives its turn).
pub(crate) const AWAITING_MACROS: &[&str] =
    &["join", "try_join", "select", "select_biased", "pending"];

/// Functions of a typed array type that copy a Rust slice into a new
/// array, by their one argument (`Uint8Array::from(&buf[..])`).
pub(crate) const ARRAY_FROM_SLICE: &[&str] = &["new_from_slice", "from"];

/// Whether a type's name is a typed array's or `Array`'s (`Float32Array`).
pub(crate) fn is_array_type(name: &str) -> bool {
    name.ends_with("Array")
}

/// `Uint8Array::view`, `js_sys::Float32Array::view_mut_raw`: a view of
/// wasm memory, by the last two names of the path.
pub(crate) fn is_view(owner: Option<&str>, function: &str) -> bool {
    VIEW_FNS.contains(&function) && owner.is_some_and(is_array_type)
}

/// `Uint8Array::view(..)` / `view_mut_raw(..)`, possibly inside `unsafe { }`,
/// a block, parentheses or `Some(..)`: the one rule for what a view call
/// is, for the checks and for the views analysis.
pub(crate) fn view_call(expr: &syn::Expr) -> Option<&syn::ExprCall> {
    match expr {
        syn::Expr::Paren(p) => view_call(&p.expr),
        syn::Expr::Group(g) => view_call(&g.expr),
        syn::Expr::Unsafe(u) => tail(&u.block).and_then(view_call),
        syn::Expr::Block(b) => tail(&b.block).and_then(view_call),
        syn::Expr::Call(c) if is_view_call(c) => Some(c),
        syn::Expr::Call(c) => match &*c.func {
            syn::Expr::Path(p) if p.path.is_ident("Some") && c.args.len() == 1 => {
                view_call(&c.args[0])
            }
            _ => None,
        },
        _ => None,
    }
}

/// Whether the call `c` itself is `Uint8Array::view(..)` or
/// `view_mut_raw(..)`.
pub(crate) fn is_view_call(c: &syn::ExprCall) -> bool {
    let syn::Expr::Path(p) = &*c.func else {
        return false;
    };
    let segments = &p.path.segments;
    let Some(last) = segments.last().map(|s| s.ident.to_string()) else {
        return false;
    };
    let owner = segments.iter().nth_back(1).map(|s| s.ident.to_string());
    is_view(owner.as_deref(), &last)
}

/// A block's value: its last statement, if an expression without `;`.
pub(crate) fn tail(block: &syn::Block) -> Option<&syn::Expr> {
    match block.stmts.last() {
        Some(syn::Stmt::Expr(e, None)) => Some(e),
        _ => None,
    }
}

/// Types of the handles a window gives that never change.
pub(crate) const GLOBAL_TYPES: &[&str] = &["Window", "Document", "Performance", "Navigator"];

/// `Reflect`'s functions that read a property.
pub(crate) const REFLECT_GETS: &[&str] = &["get", "get_u32", "get_f64", "get_with_ref_key"];

/// `Reflect`'s functions that write a property.
pub(crate) const REFLECT_SETS: &[&str] = &["set", "set_u32", "set_f64", "set_with_receiver"];

/// The methods of an `Option` or `Result` through which an element read is
/// still that read (`arr.get(i).unwrap()`).
pub(crate) const UNWRAPS: &[&str] = &["unwrap", "expect", "unwrap_or_default"];

/// `window`, `web_sys::window`, `js_sys::global`.
pub(crate) fn is_global_fn(segments: &[String]) -> bool {
    match segments {
        [f] => f == "window",
        [.., module, f] => {
            (module == "web_sys" && f == "window") || (module == "js_sys" && f == "global")
        }
        [] => false,
    }
}

/// The runtime's crate and its module for generated code: a path
/// `::wasm_ledger::__private::..` is ours.
pub(crate) const RUNTIME: &str = "wasm_ledger";

/// See [`RUNTIME`].
pub(crate) const PRIVATE: &str = "__private";

/// Prefix of the methods and locals the macros generate (`__wl_keep`): a
/// call to one comes from an enclosing attribute.
pub(crate) const GENERATED_PREFIX: &str = "__wl_";

/// The last two names of a path, `(owner, function)`: `js_sys::Reflect::get`
/// -> `(Some("Reflect"), "get")`.
pub(crate) fn owner_and_last(segments: &[String]) -> Option<(Option<&str>, &str)> {
    let last = segments.last()?.as_str();
    let owner = segments.len().checked_sub(2).map(|i| segments[i].as_str());
    Some((owner, last))
}

/// Whether the tokens name `ident`.
pub(crate) fn mentions(tokens: proc_macro2::TokenStream, ident: &str) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == ident,
        proc_macro2::TokenTree::Group(g) => mentions(g.stream(), ident),
        _ => false,
    })
}

/// `Box::new(x)`, by the path of the function called.
pub(crate) fn is_box_new(path: &syn::Path) -> bool {
    let names = path_names(path);
    names.len() >= 2 && names[names.len() - 2] == "Box" && names[names.len() - 1] == "new"
}

/// The span of a call's function name, the last segment of its path
/// (`new` of `Closure::<dyn FnMut()>::new(..)`): where its site is and where
/// a check's finding underlines it.
pub(crate) fn fn_name_span(call: &syn::ExprCall) -> Option<proc_macro2::Span> {
    let syn::Expr::Path(func) = &*call.func else {
        return None;
    };
    func.path.segments.last().map(|s| s.ident.span())
}

pub(crate) fn strip_ref(expr: &syn::Expr) -> &syn::Expr {
    match expr {
        syn::Expr::Reference(r) => strip_ref(&r.expr),
        syn::Expr::Paren(p) => strip_ref(&p.expr),
        syn::Expr::Group(g) => strip_ref(&g.expr),
        other => other,
    }
}

/// `JsValue::from(x)`, `JsValue::from_f64(x)`, `x.into()` (by reference or
/// not): a Rust number made a JS value.
pub(crate) fn boxes_a_number(expr: &syn::Expr) -> bool {
    match strip_ref(expr) {
        syn::Expr::Call(c) => match &*c.func {
            syn::Expr::Path(p) => {
                let names = path_names(&p.path);
                match names.as_slice() {
                    [.., ty, f] if ty == "JsValue" && f == "from_f64" => true,
                    [.., ty, f] if ty == "JsValue" && f == "from" => {
                        c.args.first().is_some_and(is_number)
                    }
                    _ => false,
                }
            }
            _ => false,
        },
        syn::Expr::MethodCall(m) => {
            m.method == "into" && m.args.is_empty() && is_number(&m.receiver)
        }
        _ => false,
    }
}

/// A number by its syntax: a numeric literal, a cast to a numeric type,
/// arithmetic, a numeric method (`abs`, `sqrt`..), or a copy out of a
/// reference (`*v`, as iterating over a slice of numbers gives). A name
/// alone is not known to be one (`JsValue::from(&item.title)` is a string).
pub(crate) fn is_number(expr: &syn::Expr) -> bool {
    use syn::BinOp::*;
    match expr {
        syn::Expr::Lit(l) => matches!(l.lit, syn::Lit::Int(_) | syn::Lit::Float(_)),
        syn::Expr::Paren(p) => is_number(&p.expr),
        syn::Expr::Group(g) => is_number(&g.expr),
        syn::Expr::Cast(c) => match &*c.ty {
            syn::Type::Path(t) => t
                .path
                .get_ident()
                .is_some_and(|i| NUMBER_TYPES.contains(&i.to_string().as_str())),
            _ => false,
        },
        syn::Expr::Unary(u) => match u.op {
            syn::UnOp::Neg(_) => is_number(&u.expr),
            syn::UnOp::Deref(_) => true,
            _ => false,
        },
        syn::Expr::Binary(b) => {
            matches!(b.op, Add(_) | Sub(_) | Mul(_) | Div(_) | Rem(_))
                && (is_number(&b.left) || is_number(&b.right))
        }
        syn::Expr::MethodCall(m) => NUMERIC_METHODS.contains(&m.method.to_string().as_str()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_methods_have_one_kind_each() {
        assert_eq!(element("set_index"), Some(Element::TypedIndex));
        assert_eq!(element("push"), Some(Element::ArrayStore));
        assert_eq!(element("get"), Some(Element::ArrayGet));
        assert_eq!(element("at"), Some(Element::ArrayAt));
        assert_eq!(element("length"), None);
        for (i, (name, _)) in ELEMENT_METHODS.iter().enumerate() {
            assert!(
                ELEMENT_METHODS[i + 1..]
                    .iter()
                    .all(|(other, _)| other != name),
                "{name} is listed twice"
            );
        }
    }

    #[test]
    fn paths_are_read_by_their_names() {
        let path: syn::Path = syn::parse_quote!(js_sys::Reflect::get);
        assert_eq!(path_names(&path), ["js_sys", "Reflect", "get"]);
        assert_eq!(
            owner_and_last(&path_names(&path)),
            Some((Some("Reflect"), "get"))
        );
        assert!(is_box_new(&syn::parse_quote!(std::boxed::Box::new)));
        assert!(!is_box_new(&syn::parse_quote!(new)));
        assert!(is_view(Some("Uint8Array"), "view"));
        assert!(!is_view(Some("Vec"), "view"));
        let call: syn::ExprCall = syn::parse_quote!(Closure::<dyn FnMut()>::once(f));
        assert_eq!(closure_ctor_name(&call).as_deref(), Some("once"));
        assert!(fn_name_span(&call).is_some());
        let call: syn::ExprCall = syn::parse_quote!(Closure::forget(f));
        assert_eq!(closure_ctor_name(&call), None);
    }
}
