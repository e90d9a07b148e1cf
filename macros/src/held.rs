//! "Dropped while JS still holds it": a `Closure` bound to a local, handed
//! to JS by reference (`add_event_listener_with_callback(.., cb.as_ref()
//! .unchecked_ref())`, `set_onclick(Some(..))`, a promise's `then(&cb)`),
//! and then dropped at the end of its scope: JS keeps calling a function
//! whose Rust side is gone ("closure invoked recursively or after being
//! dropped").
//!
//! Found by syntax, best effort: in one block, `let cb = Closure::..(..);`,
//! a later statement that hands `cb` to a JS method by reference, and no
//! statement that moves `cb` away (into a field, a collection, a return
//! value, a closure) or gives it to JS for good (`forget`,
//! `into_js_value`). Then a guard goes in after the `let` (so it is dropped
//! just before `cb`) and is armed after the handing-over statement; dropped
//! armed, it raises the warning at the handing-over site. `drop(cb)` is a
//! drop like the end of the scope.

use proc_macro2::Span;
use syn::visit::{self, Visit};

use crate::vocab::{HANDOVER_PREFIXES, closure_ctor_name, is_given};

/// One place to guard: insert the guard after statement `let_at`, arm it
/// after statement `handed_at`; `span` is the handing-over call's method.
pub(crate) struct Held {
    pub let_at: usize,
    pub handed_at: usize,
    pub span: Span,
    pub name: syn::Ident,
}

/// The closures of `stmts` (one block) that are handed to JS by reference
/// and then dropped with the block.
pub(crate) fn find(stmts: &[syn::Stmt]) -> Vec<Held> {
    let mut out = Vec::new();
    for (i, stmt) in stmts.iter().enumerate() {
        let syn::Stmt::Local(local) = stmt else {
            continue;
        };
        let syn::Pat::Ident(pat) = &local.pat else {
            continue;
        };
        let Some(init) = &local.init else { continue };
        if !is_closure_ctor(&init.expr) {
            continue;
        }
        let name = &pat.ident;
        let mut handed = None;
        let mut escapes = false;
        for (j, later) in stmts.iter().enumerate().skip(i + 1) {
            let mut uses = Uses {
                name,
                handed: None,
                escapes: false,
                depth_closure: 0,
            };
            uses.visit_stmt(later);
            escapes |= uses.escapes;
            if handed.is_none() {
                handed = uses.handed.map(|span| (j, span));
            }
            // A new binding of the same name ends this one's story.
            if let syn::Stmt::Local(l) = later
                && matches!(&l.pat, syn::Pat::Ident(p) if p.ident == *name)
            {
                break;
            }
        }
        if let (Some((handed_at, span)), false) = (handed, escapes) {
            out.push(Held {
                let_at: i,
                handed_at,
                span,
                name: name.clone(),
            });
        }
    }
    out
}

/// A constructor whose result is a `Closure` the block owns. Not
/// `once_into_js` (and its variants): that gives the function to JS for
/// good, as a `JsValue`, and it frees itself once called; dropping the
/// handle leaves JS's function alive.
fn is_closure_ctor(expr: &syn::Expr) -> bool {
    matches!(expr, syn::Expr::Call(call)
        if closure_ctor_name(call).is_some_and(|name| !name.contains("into_js")))
}

/// How a statement uses the closure variable.
struct Uses<'a> {
    name: &'a syn::Ident,
    /// The span of a JS method that was handed a reference to it.
    handed: Option<Span>,
    /// It was moved away, or given to JS for good.
    escapes: bool,
    depth_closure: usize,
}

impl Uses<'_> {
    fn is_name(&self, e: &syn::Expr) -> bool {
        matches!(e, syn::Expr::Path(p) if p.path.is_ident(self.name))
    }

    /// `cb`, `&cb`, `cb.as_ref()`, `cb.as_ref().unchecked_ref()`,
    /// `Some(cb.as_ref().unchecked_ref())`: a reference to the closure.
    fn refers(&self, e: &syn::Expr) -> bool {
        match e {
            syn::Expr::Reference(r) => self.is_name(&r.expr) || self.refers(&r.expr),
            syn::Expr::MethodCall(m) => self.is_name(&m.receiver) || self.refers(&m.receiver),
            syn::Expr::Call(c) => c.args.iter().any(|a| self.refers(a)),
            syn::Expr::Paren(p) => self.refers(&p.expr),
            _ => false,
        }
    }
}

impl<'ast> Visit<'ast> for Uses<'_> {
    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        match e {
            syn::Expr::MethodCall(m) if self.is_name(&m.receiver) => {
                let method = m.method.to_string();
                if is_given(&method) || self.depth_closure > 0 {
                    self.escapes = true;
                }
                m.args.iter().for_each(|a| self.visit_expr(a));
                return;
            }
            syn::Expr::MethodCall(m) => {
                let method = m.method.to_string();
                if HANDOVER_PREFIXES.iter().any(|p| method.starts_with(p))
                    && m.args.iter().any(|a| self.refers(a))
                {
                    self.handed.get_or_insert(m.method.span());
                }
            }
            syn::Expr::Reference(r) if self.is_name(&r.expr) => {
                if self.depth_closure > 0 {
                    self.escapes = true;
                }
                return;
            }
            // `drop(cb)` drops it here, as the end of the scope would.
            syn::Expr::Call(c)
                if matches!(&*c.func, syn::Expr::Path(p) if p.path.is_ident("drop"))
                    && c.args.len() == 1
                    && self.is_name(&c.args[0]) =>
            {
                return;
            }
            syn::Expr::Path(_) if self.is_name(e) => {
                self.escapes = true;
                return;
            }
            syn::Expr::Closure(c) => {
                self.depth_closure += 1;
                self.visit_expr(&c.body);
                self.depth_closure -= 1;
                return;
            }
            syn::Expr::Macro(m) => {
                // Inside a macro the use cannot be told apart: assume moved.
                if m.mac
                    .tokens
                    .clone()
                    .into_iter()
                    .any(|t| matches!(t, proc_macro2::TokenTree::Ident(ref i) if i == self.name))
                {
                    self.escapes = true;
                }
                return;
            }
            _ => {}
        }
        visit::visit_expr(self, e);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        if m.tokens
            .clone()
            .into_iter()
            .any(|t| matches!(t, proc_macro2::TokenTree::Ident(ref i) if i == self.name))
        {
            self.escapes = true;
        }
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(body: &str) -> usize {
        let block: syn::Block = syn::parse_str(&format!("{{ {body} }}")).unwrap();
        find(&block.stmts).len()
    }

    #[test]
    fn a_listener_closure_dropped_with_its_block_is_found() {
        assert_eq!(
            found(
                "let cb = Closure::<dyn FnMut()>::new(|| ()); t.add_event_listener_with_callback(\"x\", cb.as_ref().unchecked_ref())?;"
            ),
            1
        );
        assert_eq!(
            found(
                "let cb = Closure::new(f); el.set_onclick(Some(cb.as_ref().unchecked_ref())); drop(cb);"
            ),
            1
        );
        assert_eq!(found("let cb = Closure::new(f); let p = p.then(&cb);"), 1);
    }

    #[test]
    fn kept_or_forgotten_closures_are_not() {
        assert_eq!(
            found(
                "let cb = Closure::new(f); t.add_event_listener_with_callback(\"x\", cb.as_ref().unchecked_ref())?; cb.forget();"
            ),
            0
        );
        assert_eq!(
            found(
                "let cb = Closure::new(f); t.add_event_listener_with_callback(\"x\", cb.as_ref().unchecked_ref())?; self.cb = Some(cb);"
            ),
            0
        );
        assert_eq!(
            found(
                "let cb = Closure::new(f); t.add_event_listener_with_callback(\"x\", cb.as_ref().unchecked_ref())?; Ok(Listener { cb })"
            ),
            0
        );
        assert_eq!(
            found(
                "let cb = Closure::new(f); t.add_event_listener_with_callback(\"x\", cb.as_ref().unchecked_ref())?; keep(vec![cb]);"
            ),
            0
        );
        assert_eq!(
            found("let cb = Closure::new(f); call_now(cb.as_ref().unchecked_ref());"),
            0,
            "not handed to JS for later"
        );
    }

    #[test]
    fn a_function_given_to_js_for_good_is_not() {
        for ctor in [
            "once_into_js",
            "once_into_js_aborting",
            "once_into_js_assert_unwind_safe",
        ] {
            assert_eq!(
                found(&format!(
                    "let later = Closure::{ctor}(move || ()); w.set_timeout_with_callback(later.unchecked_ref())?;"
                )),
                0,
                "{ctor}"
            );
        }
    }
}
