//! Binding collection: the names the function's parameters and patterns
//! bind, and which of them surely hold a Rust value or a declared type, so
//! that the rewrite knows a place from a constant and a Rust receiver from
//! a possible JS one.

use std::collections::{HashMap, HashSet};

use crate::receiver::{Locals, is_local};
use crate::vocab::{
    Element, NUMBER_TYPES, RUST_CTORS, RUST_MACROS, RUST_TYPES, boxes_a_number, element, path_names,
};

/// What the rewrite knows of a function's names.
pub(crate) struct Scope {
    /// The function's parameters (and `self`) that no pattern of the body
    /// binds again: their names have the declared types everywhere.
    pub params: Vec<String>,
    /// Every local name: parameters and pattern bindings.
    pub locals: Locals,
    /// Names bound once in the function to a value whose type is, by its
    /// declaration or its initializer, a Rust type through which no JS
    /// method can be reached (`text: &str`, `let mut out = Vec::new()`):
    /// method calls on them are Rust calls, left as written.
    pub rust_typed: HashSet<String>,
    /// Where (the method's `(line, column)`) a JS array's `push`/`set`
    /// stores a Rust number boxed in the call (`push(&JsValue::from(x *
    /// 0.5))`), read from the body as written: the run-time per-element
    /// check judges only these, never strings, objects or nested arrays.
    pub numbers_stored: HashSet<(u32, u32)>,
}

impl Scope {
    /// The names of `sig` and `block` (before the rewrite adds any).
    pub(crate) fn of(sig: &syn::Signature, block: &syn::Block) -> Scope {
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
        let mut locals: Locals = bindings.bound.into_keys().collect();
        locals.extend(params.iter().cloned());
        Scope {
            params: declared,
            locals,
            rust_typed,
            numbers_stored: bindings.numbers_stored,
        }
    }

    /// Whether `expr` is a place rooted at a parameter or `self`, through
    /// fields and derefs: its type was written down.
    pub(crate) fn declared(&self, expr: &syn::Expr) -> bool {
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
}

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
            .is_some_and(|i| RUST_MACROS.iter().any(|m| i == m)),
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
/// times each name is bound, the `let`s that bind a name to a Rust type or
/// a Rust value (see [`Scope::rust_typed`]), and where a JS array store
/// boxes a number (see [`Scope::numbers_stored`]), in one walk.
#[derive(Default)]
struct Bindings {
    bound: HashMap<String, usize>,
    rust: Vec<String>,
    numbers_stored: HashSet<(u32, u32)>,
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
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        if element(&m.method.to_string()) == Some(Element::ArrayStore)
            && m.args.last().is_some_and(boxes_a_number)
        {
            self.numbers_stored
                .insert(crate::plan::position(m.method.span()));
        }
        syn::visit::visit_expr_method_call(self, m);
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}
