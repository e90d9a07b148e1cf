//! The plan of a body's sites: one [`SitePlan`] per instrumented call (and
//! one for the body itself), in order of creation, and the closures whose
//! site is known by position (`cb.forget()` counts `cb` where it was made).

use std::collections::HashMap;

use proc_macro2::Span;

use crate::vocab::{closure_ctor_name, fn_name_span};

/// One call site, as its `static` declares it.
pub(crate) struct SitePlan {
    /// Where it is: its line and (1-based) column, see [`position`].
    pub line: u32,
    pub column: u32,
    /// The span of the call's name, for the `static` and errors.
    pub span: Span,
    /// What reports show besides the position (`(body)`, a collection's
    /// name); empty for none.
    pub label: String,
    /// An element-by-element method (see `vocab::ELEMENT_METHODS`).
    pub element: bool,
    /// An insertion into a collection the annotated item bounds.
    pub bounded: bool,
    /// A typed-array view dropped before its call returns (see `views`).
    pub view_dropped: bool,
}

impl SitePlan {
    /// A plain site at `span`.
    pub(crate) fn at(span: Span) -> SitePlan {
        let (line, column) = position(span);
        SitePlan {
            line,
            column,
            span,
            label: String::new(),
            element: false,
            bounded: false,
            view_dropped: false,
        }
    }
}

/// A span's `(line, column)` as sites record them (1-based column).
pub(crate) fn position(span: Span) -> (u32, u32) {
    let start = span.start();
    (start.line as u32, start.column as u32 + 1)
}

/// Where the site of a `Closure` constructor call is: at its last path
/// segment, as the call's rewrite places it. `None` if `call` is no
/// `Closure` constructor.
pub(crate) fn closure_site(call: &syn::ExprCall) -> Option<Span> {
    closure_ctor_name(call)?;
    fn_name_span(call)
}

/// The sites of one body, by index.
#[derive(Default)]
pub(crate) struct Sites {
    pub plans: Vec<SitePlan>,
    /// Locals bound by `let` to a `Closure` constructor's result, with the
    /// position of the constructor's site: `cb.forget()` counts the
    /// closure as given to JS there, where it was made.
    pub made_at: HashMap<String, (u32, u32)>,
    /// `Closure::new(..).forget()`: the position of `forget` -> that of the
    /// constructor's site.
    pub chained: HashMap<(u32, u32), (u32, u32)>,
}

impl Sites {
    /// Adds `plan`; its index.
    pub(crate) fn add(&mut self, plan: SitePlan) -> usize {
        self.plans.push(plan);
        self.plans.len() - 1
    }

    /// The `static` of site `i`, named by its place in the source:
    /// `__WL_SITE_4_8` for line 4, column 8 (`_1`, `_2`... after it for a
    /// second and third site at the same place).
    pub(crate) fn ident(&self, i: usize) -> syn::Ident {
        let plan = &self.plans[i];
        let at = (plan.line, plan.column);
        let before = self.plans[..i]
            .iter()
            .filter(|p| (p.line, p.column) == at)
            .count();
        let name = match before {
            0 => format!("__WL_SITE_{}_{}", at.0, at.1),
            k => format!("__WL_SITE_{}_{}_{k}", at.0, at.1),
        };
        syn::Ident::new(&name, Span::call_site())
    }

    /// The indices of the sites in source order (line, column, then the
    /// order they were planned in).
    pub(crate) fn in_source_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.plans.len()).collect();
        order.sort_by_key(|&i| (self.plans[i].line, self.plans[i].column, i));
        order
    }

    /// The index of the site already planned at `at`, if any.
    pub(crate) fn index_at(&self, at: (u32, u32)) -> Option<usize> {
        self.plans.iter().position(|s| (s.line, s.column) == at)
    }

    /// The index of the site of the constructor that made the closure
    /// `name` (a local bound to one by `let`), if that site exists.
    pub(crate) fn made(&self, name: &str) -> Option<usize> {
        self.index_at(*self.made_at.get(name)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closure_site_is_at_the_constructor_name() {
        let call: syn::ExprCall = syn::parse_str("Closure::<dyn FnMut()>::new(f)").unwrap();
        let at = closure_site(&call).map(position);
        assert_eq!(at, Some((1, 25)));
        let call: syn::ExprCall = syn::parse_str("Rc::new(f)").unwrap();
        assert!(closure_site(&call).is_none());
    }

    #[test]
    fn sites_are_found_again_by_position() {
        let mut sites = Sites::default();
        let span = Span::call_site();
        let first = sites.add(SitePlan::at(span));
        assert_eq!(sites.index_at(position(span)), Some(first));
        sites.made_at.insert("cb".into(), position(span));
        assert_eq!(sites.made("cb"), Some(first));
        assert_eq!(sites.made("other"), None);
    }
}
