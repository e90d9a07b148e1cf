//! Receiver analysis: whether the receiver of a method call (or a slice
//! argument) is a place the rewrite may look at again through `addr_of!`,
//! a value it may pass through an identity function, or neither.

use crate::vocab::{PRIVATE, RUNTIME};

/// The names every pattern of the function binds, parameters included: a
/// lower-case path that is not one of these is a constant or a function
/// item, not a place.
pub(crate) type Locals = std::collections::HashSet<String>;

#[derive(Clone, Copy)]
pub(crate) enum Receiver {
    /// A place that can be named again without side effects: looked at
    /// through `addr_of!`, never moved.
    Place,
    /// A value (a call, a literal, an operator...): passed through.
    Value,
    /// A place with side effects or of unknown kind (statics, `v[f()]`):
    /// left as written, uncounted.
    Opaque,
}

pub(crate) fn receiver_kind(expr: &syn::Expr, locals: &Locals) -> Receiver {
    match expr {
        syn::Expr::Path(p) if is_local(p, locals) => Receiver::Place,
        syn::Expr::Path(_) => Receiver::Opaque,
        syn::Expr::Paren(p) => receiver_kind(&p.expr, locals),
        // `__private::count_function_call(..).into_inner()`, an instrumented call: a value.
        syn::Expr::MethodCall(m) if is_out(m) => Receiver::Value,
        syn::Expr::Field(f) => pure_place(&f.base, locals),
        syn::Expr::Index(i) => match (pure_place(&i.expr, locals), is_pure(&i.index)) {
            (Receiver::Place, true) => Receiver::Place,
            _ => Receiver::Opaque,
        },
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => pure_place(&u.expr, locals),
        // A macro or a `$e:expr` fragment may expand to a place, which
        // `inspect_value` would move; literals, arrays and tuples may be promoted to
        // constants, which `inspect_value` would make temporaries. None is JS.
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

/// `::wasm_ledger::__private::count_function_call(..).into_inner()` (or
/// `count_method_call`, `observe_method_call`): the
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
        && p.path.segments[0].ident == RUNTIME
        && p.path.segments[1].ident == PRIVATE
}

fn pure_place(expr: &syn::Expr, locals: &Locals) -> Receiver {
    match receiver_kind(expr, locals) {
        Receiver::Place => Receiver::Place,
        _ => Receiver::Opaque,
    }
}

/// An argument that is a pure place (`chunk`) or a reference to one
/// (`&buf`, `&mut buf[..n]`): the place, which can be looked at again.
pub(crate) fn pure_place_or_ref<'e>(arg: &'e syn::Expr, locals: &Locals) -> Option<&'e syn::Expr> {
    let place = match arg {
        syn::Expr::Reference(r) => &*r.expr,
        other => other,
    };
    matches!(receiver_kind(place, locals), Receiver::Place).then_some(place)
}

/// A local variable or `self` (lower-case by convention; upper-case paths
/// are constants and statics).
pub(crate) fn is_local(p: &syn::ExprPath, locals: &Locals) -> bool {
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

/// The place as the rewrite looks at it again before the call (its type
/// token, a slice's length): the same place, with each variable an index
/// names read through a clone (`new[range]` -> `new[Clone::clone(&range)]`),
/// so that looking does not move what the call itself then moves. An index
/// is a variable of a `Copy` type, a range, a key: their clone is the value.
pub(crate) fn looked_at(place: &syn::Expr) -> syn::Expr {
    match place {
        syn::Expr::Index(i) => {
            let mut i = i.clone();
            *i.expr = looked_at(&i.expr);
            *i.index = cloned_paths(&i.index);
            syn::Expr::Index(i)
        }
        syn::Expr::Field(f) => {
            let mut f = f.clone();
            *f.base = looked_at(&f.base);
            syn::Expr::Field(f)
        }
        syn::Expr::Paren(p) => {
            let mut p = p.clone();
            *p.expr = looked_at(&p.expr);
            syn::Expr::Paren(p)
        }
        syn::Expr::Unary(u) => {
            let mut u = u.clone();
            *u.expr = looked_at(&u.expr);
            syn::Expr::Unary(u)
        }
        other => other.clone(),
    }
}

/// An index's variables (those not under a `&`), each read through a clone.
fn cloned_paths(expr: &syn::Expr) -> syn::Expr {
    match expr {
        syn::Expr::Path(_) => syn::parse_quote!(::core::clone::Clone::clone(&#expr)),
        syn::Expr::Paren(p) => {
            let mut p = p.clone();
            *p.expr = cloned_paths(&p.expr);
            syn::Expr::Paren(p)
        }
        syn::Expr::Binary(b) => {
            let mut b = b.clone();
            *b.left = cloned_paths(&b.left);
            *b.right = cloned_paths(&b.right);
            syn::Expr::Binary(b)
        }
        syn::Expr::Unary(u) if !matches!(u.op, syn::UnOp::Deref(_)) => {
            let mut u = u.clone();
            *u.expr = cloned_paths(&u.expr);
            syn::Expr::Unary(u)
        }
        syn::Expr::Cast(c) => {
            let mut c = c.clone();
            *c.expr = cloned_paths(&c.expr);
            syn::Expr::Cast(c)
        }
        syn::Expr::Range(r) => {
            let mut r = r.clone();
            r.start = r.start.as_deref().map(|e| Box::new(cloned_paths(e)));
            r.end = r.end.as_deref().map(|e| Box::new(cloned_paths(e)));
            syn::Expr::Range(r)
        }
        other => other.clone(),
    }
}

/// `(a + b)` as a function argument needs no parentheses (and would trip
/// `unused_parens` on the user's span).
pub(crate) fn strip_parens(expr: &syn::Expr) -> &syn::Expr {
    match expr {
        syn::Expr::Paren(p) => strip_parens(&p.expr),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let looked = |src: &str| {
            let e = looked_at(&syn::parse_str(src).unwrap());
            quote::quote!(#e).to_string().replace(' ', "")
        };
        assert_eq!(
            looked("new[range]"),
            "new[::core::clone::Clone::clone(&range)]"
        );
        assert_eq!(
            looked("self.px[i..i + 4]"),
            "self.px[::core::clone::Clone::clone(&i)..::core::clone::Clone::clone(&i)+4]"
        );
        assert_eq!(looked("v[&k]"), "v[&k]");
        assert_eq!(looked("v[0].x"), "v[0].x");
        for opaque in [
            "X", "crate::X", "v[f()]", "f().x", "*g()", "limit", "\"s\"", "vec![1]", "[1, 2]",
            "(1, 2)",
        ] {
            assert_eq!(kind(opaque), "opaque", "{opaque}");
        }
    }
}
