//! Local types, guessed by syntax for the checks: which names of a function
//! are JS arrays, typed arrays, globals (the window, the document..), or
//! declared with some other type, from their declared types and
//! initializers.

use std::collections::HashSet;

use syn::visit::{self, Visit};

pub(crate) use crate::vocab::strip_ref;
use crate::vocab::{GLOBAL_TYPES, is_array_type, is_global_fn, path_names};

/// What the function's locals are, by name, from their types or
/// initializers (shadowing is not followed: best effort).
#[derive(Default)]
pub(crate) struct Names {
    /// `js_sys::Array`s.
    pub arrays: HashSet<String>,
    /// Typed arrays (`Uint8Array`, `Float32Array`...).
    pub typed: HashSet<String>,
    /// `window()`, `global()`, the document, and handles fetched from them.
    pub globals: HashSet<String>,
    /// Declared with a type that is none of these.
    pub other: HashSet<String>,
}

impl Names {
    pub(crate) fn typed(&mut self, pat: &syn::Pat, ty: &syn::Type) {
        let Some(name) = pat_name(pat) else { return };
        match type_name(ty).as_deref() {
            Some("Array") => self.arrays.insert(name),
            Some(t) if is_array_type(t) => self.typed.insert(name),
            Some(t) if GLOBAL_TYPES.contains(&t) => self.globals.insert(name),
            // A declared type of another kind: `get_index` on it is Rust's
            // (an `IndexSet`'s), not a typed array's.
            Some(_) => self.other.insert(name),
            None => false,
        };
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let syn::Pat::Type(t) = &local.pat {
            self.typed(&t.pat, &t.ty);
        }
        if let (Some(name), Some(init)) = (pat_name(&local.pat), &local.init) {
            if is_global(&init.expr) {
                self.globals.insert(name);
            } else if let Some(ty) = constructed(&init.expr) {
                if ty == "Array" {
                    self.arrays.insert(name);
                } else if is_array_type(&ty) {
                    self.typed.insert(name);
                }
            }
        }
        visit::visit_local(self, local);
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// The name a simple pattern binds (`x`, `mut x`, `x: T`).
pub(crate) fn pat_name(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Ident(i) => Some(i.ident.to_string()),
        syn::Pat::Type(t) => pat_name(&t.pat),
        _ => None,
    }
}

/// `&js_sys::Array` -> `Array`.
pub(crate) fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Reference(r) => type_name(&r.elem),
        syn::Type::Paren(p) => type_name(&p.elem),
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// `x`, `(x)`, `&x`, `&mut x` -> `x`.
pub(crate) fn local_name(expr: &syn::Expr) -> Option<String> {
    match strip_ref(expr) {
        syn::Expr::Path(p) if p.qself.is_none() => p.path.get_ident().map(|i| i.to_string()),
        _ => None,
    }
}

/// A global or a handle fetched from one: `window()`, `js_sys::global()`,
/// `window().unwrap().document().unwrap()`...
pub(crate) fn is_global(expr: &syn::Expr) -> bool {
    match strip_ref(expr) {
        syn::Expr::Call(c) => match &*c.func {
            syn::Expr::Path(p) => is_global_fn(&path_names(&p.path)),
            _ => false,
        },
        syn::Expr::MethodCall(m) => is_global(&m.receiver),
        syn::Expr::Try(t) => is_global(&t.expr),
        _ => false,
    }
}

/// The JS type an initializer constructs: `Array::new()`,
/// `js_sys::Float32Array::new_with_length(n)`, `Uint8Array::from(..)`.
pub(crate) fn constructed(expr: &syn::Expr) -> Option<String> {
    let syn::Expr::Call(c) = strip_ref(expr) else {
        return None;
    };
    let syn::Expr::Path(p) = &*c.func else {
        return None;
    };
    let segments = &p.path.segments;
    let last = segments.last()?.ident.to_string();
    let owner = segments.iter().nth_back(1)?.ident.to_string();
    (last.starts_with("new") || last == "from" || last.starts_with("of")).then_some(owner)
}
