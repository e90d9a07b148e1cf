//! Which typed-array views of wasm memory are gone before the call that
//! made them returns: the views the `detached_view` warning can leave out,
//! since no frame or turn can end while one of them is alive.
//!
//! A view (`Uint8Array::view(..)`, `view_mut_raw(..)`) is dropped by its
//! call when it is
//! - a temporary read where it is made: the receiver of a method that
//!   reads or copies it (`Uint8Array::view(&b).to_vec()`), or lent (`&`,
//!   `as_ref()`) to a method (`dest.set(&Uint8Array::view(&b), 0)`) or to
//!   a typed array's or `Array`'s constructor, which copies it, in a
//!   statement with no `.await`;
//! - or bound by `let v = ..` (or `let v = &..`), and every later mention
//!   of `v` in its block reads it the same way (`v.copy_to(..)`,
//!   `Uint8Array::new(v.as_ref())`, `gl.buffer_data_with_array_buffer_view(t, &v, u)`,
//!   `println!("{v:?}")`), outside any loop, closure or other macro, with
//!   no `.await` after it in the block.
//!
//! Anything else may outlive the call and is watched as before: stored,
//! returned, moved, cloned, `&mut v` (which can move it out), lent to any
//! other function (`JsValue::from(&v)` and `Some(&v)` hand the loan back),
//! `subarray`, `buffer`, captured, held across `.await`. A method lent the
//! view is taken to keep no clone of it (a JS method that keeps the object,
//! such as `Array::push`, is not seen).

use std::collections::HashSet;

use quote::ToTokens;
use syn::visit::{self, Visit};

use crate::local_types::pat_name;
use crate::plan::position;
use crate::vocab::{
    AWAITING_MACROS, FORMAT_MACROS, VIEW_LENDS, VIEW_READS, fn_name_span, is_array_type,
    is_view_call, mentions, owner_and_last, path_names, view_call,
};

/// The positions (see [`position`]) of the view calls in `block` that are
/// dropped before the call of the function returns.
pub(crate) fn dropped_by_their_call(block: &syn::Block) -> HashSet<(u32, u32)> {
    let mut finder = Finder {
        found: HashSet::new(),
        all: Vec::new(),
        awaits: false,
    };
    finder.visit_block(block);
    // Sites are told apart by position: one shared with a view that may be
    // kept (tokens of one macro's expansion) is watched.
    let kept: HashSet<(u32, u32)> = finder
        .all
        .iter()
        .filter(|(call, _)| !finder.found.contains(call))
        .map(|(_, at)| *at)
        .collect();
    finder
        .all
        .iter()
        .map(|(_, at)| *at)
        .filter(|at| !kept.contains(at))
        .collect()
}

struct Finder {
    /// The view calls dropped by their call, by address in the block.
    found: HashSet<*const syn::ExprCall>,
    /// Every view call in the block, with its position.
    all: Vec<(*const syn::ExprCall, (u32, u32))>,
    /// The statement being visited has an `.await`.
    awaits: bool,
}

impl Finder {
    fn found(&mut self, view: &syn::ExprCall) {
        self.found.insert(view);
    }

    /// A call's argument: a view made and lent there is read by the call.
    fn argument(&mut self, arg: &syn::Expr) {
        if !self.awaits
            && let Some(view) = lent(arg).and_then(view_call)
        {
            self.found(view);
        }
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_block(&mut self, block: &'ast syn::Block) {
        for (i, stmt) in block.stmts.iter().enumerate() {
            let outer = self.awaits;
            let stmt_awaits = has_await(stmt);
            self.awaits = outer || stmt_awaits;
            self.visit_stmt(stmt);
            self.awaits = outer;
            // `let v = view(..);` read by the rest of the block only.
            let syn::Stmt::Local(local) = stmt else {
                continue;
            };
            let (Some(name), Some(init)) = (pat_name(&local.pat), &local.init) else {
                continue;
            };
            let value = match unwrap(&init.expr) {
                syn::Expr::Reference(r) => &*r.expr,
                other => other,
            };
            let Some(view) = view_call(value) else {
                continue;
            };
            if init.diverge.is_none() && !stmt_awaits && read_only_by(&block.stmts[i + 1..], &name)
            {
                self.found(view);
            }
        }
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        if !self.awaits
            && VIEW_READS.contains(&m.method.to_string().as_str())
            && let Some(view) = view_call(&m.receiver)
        {
            self.found(view);
        }
        for arg in &m.args {
            self.argument(arg);
        }
        visit::visit_expr_method_call(self, m);
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if is_view_call(c)
            && let Some(span) = fn_name_span(c)
        {
            self.all.push((c, position(span)));
        }
        if copies(&c.func) {
            for arg in &c.args {
                self.argument(arg);
            }
        }
        visit::visit_expr_call(self, c);
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        // A closure's body runs when it is called: its own statements, or
        // its one expression (an async closure's may await).
        let body_awaits =
            !matches!(*c.body, syn::Expr::Block(_)) && awaits(|a| a.visit_expr(&c.body));
        let outer = std::mem::replace(&mut self.awaits, body_awaits);
        visit::visit_expr_closure(self, c);
        self.awaits = outer;
    }

    fn visit_expr_async(&mut self, a: &'ast syn::ExprAsync) {
        let outer = std::mem::replace(&mut self.awaits, false);
        visit::visit_expr_async(self, a);
        self.awaits = outer;
    }

    // Nested items are not part of the annotated function.
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// Whether every mention of the local `name` in `rest` (the statements
/// after its `let`) reads it, and none is in a loop, closure or macro
/// that does not format; a `let` binding `name` again from a value that
/// does not mention it ends its reach.
fn read_only_by(rest: &[syn::Stmt], name: &str) -> bool {
    let mut uses = Uses {
        name,
        ok: true,
        depth: 0,
    };
    for (i, stmt) in rest.iter().enumerate() {
        if has_await(stmt) {
            // Alive until the block ends: across the `.await`.
            return false;
        }
        uses.visit_stmt(stmt);
        if !uses.ok {
            return false;
        }
        // Bound again, from a value that does not borrow it: later
        // mentions are the new value (the hidden one lives on unread).
        if let syn::Stmt::Local(l) = stmt
            && binds(&l.pat, name)
            && !l
                .init
                .as_ref()
                .is_some_and(|i| mentions(i.expr.to_token_stream(), name))
        {
            return !rest[i + 1..].iter().any(has_await);
        }
    }
    true
}

/// Checks each mention of a local: `ok` stays true while every one reads it.
struct Uses<'n> {
    name: &'n str,
    ok: bool,
    /// Inside a loop or closure (relative to the `let`).
    depth: usize,
}

impl Uses<'_> {
    fn is_name(&self, expr: &syn::Expr) -> bool {
        matches!(unwrap(expr), syn::Expr::Path(p) if p.path.is_ident(self.name))
    }

    /// A call's argument that lends the local: `&v`, `v.as_ref()`.
    fn lent(&self, arg: &syn::Expr) -> bool {
        lent(arg).is_some_and(|e| self.is_name(e))
    }

    /// The arguments of a call; `lends`: the callee may be lent the local.
    fn args<'a>(&mut self, args: impl IntoIterator<Item = &'a syn::Expr>, lends: bool) {
        for arg in args {
            if lends && self.depth == 0 && self.lent(arg) {
                continue;
            }
            self.visit_expr(arg);
        }
    }

    fn nested(&mut self, f: impl FnOnce(&mut Self)) {
        self.depth += 1;
        f(self);
        self.depth -= 1;
    }
}

impl<'ast> Visit<'ast> for Uses<'_> {
    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        // A mention not taken apart below: moved, copied out, or anything.
        if p.path.is_ident(self.name) {
            self.ok = false;
        }
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let method = m.method.to_string();
        if self.depth == 0 && self.is_name(&m.receiver) && VIEW_READS.contains(&method.as_str()) {
            // `v.copy_to(..)`: its arguments may still mention `v`.
            self.args(&m.args, true);
            return;
        }
        self.visit_expr(&m.receiver);
        self.args(&m.args, true);
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        self.visit_expr(&c.func);
        self.args(&c.args, copies(&c.func));
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        if !mentions(m.tokens.clone(), self.name) {
            return;
        }
        let formats = m
            .path
            .segments
            .last()
            .is_some_and(|l| FORMAT_MACROS.contains(&l.ident.to_string().as_str()));
        // A formatting macro reads its arguments by reference: `v` itself
        // (or `name = v`) is read; any other argument is checked as code.
        let args = m.parse_body_with(
            syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
        );
        match args {
            Ok(args) if formats && self.depth == 0 => {
                for arg in &args {
                    let arg = match arg {
                        syn::Expr::Assign(a) => &*a.right,
                        other => other,
                    };
                    if !self.is_name(arg) {
                        self.visit_expr(arg);
                    }
                }
            }
            _ => self.ok = false,
        }
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        self.nested(|s| visit::visit_expr_closure(s, c));
    }

    fn visit_expr_async(&mut self, a: &'ast syn::ExprAsync) {
        self.nested(|s| visit::visit_expr_async(s, a));
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.visit_expr(&f.expr);
        self.nested(|s| s.visit_block(&f.body));
    }

    fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
        self.nested(|s| {
            s.visit_expr(&w.cond);
            s.visit_block(&w.body);
        });
    }

    fn visit_expr_loop(&mut self, l: &'ast syn::ExprLoop) {
        self.nested(|s| s.visit_block(&l.body));
    }

    fn visit_item(&mut self, item: &'ast syn::Item) {
        // A `macro_rules!` of the body may take the local.
        if let syn::Item::Macro(m) = item
            && mentions(m.mac.tokens.clone(), self.name)
        {
            self.ok = false;
        }
    }
}

/// Whether the pattern binds `name`.
fn binds(pat: &syn::Pat, name: &str) -> bool {
    struct Binds<'n>(&'n str, bool);
    impl<'ast> Visit<'ast> for Binds<'_> {
        fn visit_pat_ident(&mut self, i: &'ast syn::PatIdent) {
            self.1 |= i.ident == self.0;
            visit::visit_pat_ident(self, i);
        }
    }
    let mut b = Binds(name, false);
    b.visit_pat(pat);
    b.1
}

/// Whether `stmt` has an `.await` of its own (not one inside a closure or
/// an async block it only makes).
fn has_await(stmt: &syn::Stmt) -> bool {
    awaits(|a| a.visit_stmt(stmt))
}

/// Whether what `visit` walks has an `.await` of its own.
fn awaits(visit: impl FnOnce(&mut Awaits)) -> bool {
    let mut a = Awaits(false);
    visit(&mut a);
    a.0
}

/// Finds an `.await` (or a macro that awaits inside).
struct Awaits(bool);

impl<'ast> Visit<'ast> for Awaits {
    fn visit_expr_await(&mut self, _: &'ast syn::ExprAwait) {
        self.0 = true;
    }
    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
    fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let name = m.path.segments.last().map(|s| s.ident.to_string());
        self.0 |= mentions(m.tokens.clone(), "await")
            || name.is_some_and(|n| AWAITING_MACROS.contains(&n.as_str()));
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// What an argument lends: `x` of `&x` (not `&mut x`, which can move the
/// value out) or of `x.as_ref()`.
fn lent(arg: &syn::Expr) -> Option<&syn::Expr> {
    match unwrap(arg) {
        syn::Expr::Reference(r) if r.mutability.is_none() => Some(&r.expr),
        syn::Expr::MethodCall(m)
            if m.args.is_empty() && VIEW_LENDS.contains(&m.method.to_string().as_str()) =>
        {
            Some(&m.receiver)
        }
        _ => None,
    }
}

/// Whether a function called at `func` copies what it is lent into a JS
/// array of its own (`Uint8Array::new(&v)`, `Array::from(v.as_ref())`):
/// a typed array's or `Array`'s constructor. Any other function may hand
/// the loan back (`JsValue::from(&v)` clones it, `Some(&v)` keeps it).
fn copies(func: &syn::Expr) -> bool {
    let syn::Expr::Path(p) = unwrap(func) else {
        return false;
    };
    let names = path_names(&p.path);
    let Some((Some(owner), last)) = owner_and_last(&names) else {
        return false;
    };
    is_array_type(owner) && (last == "new" || last == "from" || last.starts_with("new_"))
}

/// `expr` without parentheses and invisible groups.
fn unwrap(expr: &syn::Expr) -> &syn::Expr {
    match expr {
        syn::Expr::Paren(p) => unwrap(&p.expr),
        syn::Expr::Group(g) => unwrap(&g.expr),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// How many of the block's view calls are dropped by their call.
    fn dropped(body: proc_macro2::TokenStream) -> usize {
        let block: syn::Block = syn::parse2(quote!({ #body })).unwrap();
        dropped_by_their_call(&block).len()
    }

    #[test]
    fn views_read_where_they_are_made_are_dropped_by_their_call() {
        // serde-wasm-bindgen's `serialize_bytes`.
        assert_eq!(
            dropped(quote!(
                let view = unsafe { Uint8Array::view(v) };
                if as_arrays {
                    Ok(JsValue::from(Array::from(view.as_ref())))
                } else {
                    Ok(JsValue::from(Uint8Array::new(view.as_ref())))
                }
            )),
            1
        );
        assert_eq!(
            dropped(quote!(let n = unsafe { Uint8Array::view(&b) }.to_vec();)),
            1
        );
        assert_eq!(
            dropped(quote!(unsafe { px.set(&Uint8Array::view(&b), 0) };)),
            1
        );
        assert_eq!(
            dropped(quote!(
                let v = &unsafe { js_sys::Float32Array::view(&pts) };
                gl.buffer_data_with_array_buffer_view(T, v, U);
                v.length()
            )),
            0,
            "a loan of the reference `v` is not `&v`: kept as before"
        );
        assert_eq!(
            dropped(quote!(
                let v = unsafe { js_sys::Float32Array::view(&pts) };
                gl.buffer_data_with_array_buffer_view(T, &v, U);
                println!("{} {:?}", v.length(), v);
                v.copy_to(&mut out[..v.length() as usize]);
            )),
            1
        );
        // Shadowed: the later `v` is another value.
        assert_eq!(
            dropped(quote!(
                let v = unsafe { Uint8Array::view(&b) };
                let n = v.length();
                let v = n + 1;
                keep(v);
            )),
            1
        );
    }

    #[test]
    fn views_that_may_outlive_their_call_are_watched() {
        for body in [
            quote!(self.view = unsafe { Uint8Array::view(&b) };),
            quote!(let v = unsafe { Uint8Array::view(&b) }; self.v = v;),
            quote!(let v = unsafe { Uint8Array::view(&b) }; v),
            quote!(unsafe { Uint8Array::view(&b) }),
            quote!(return Some(unsafe { Uint8Array::view(&b) });),
            quote!(views.push(unsafe { Uint8Array::view(&b) });),
            quote!(let v = unsafe { Uint8Array::view(&b) }; let w = v.clone(); keep(w);),
            quote!(let v = unsafe { Uint8Array::view(&b) }; keep(v.subarray(0, 4));),
            quote!(let v = unsafe { Uint8Array::view(&b) }; let cb = move || v.length();),
            quote!(let v = unsafe { Uint8Array::view(&b) }; for i in 0..n { v.get_index(i); }),
            quote!(let v = unsafe { Uint8Array::view(&b) }; tick().await; v.length();),
            quote!(let v = unsafe { Uint8Array::view(&b) }; v.length(); tick().await;),
            quote!(send(&unsafe { Uint8Array::view(&b) }).await;),
            quote!(let v = unsafe { Uint8Array::view(&b) }; keep!(v);),
            quote!(let v = unsafe { Uint8Array::view(&b) }; cell.set(Some(v));),
            quote!(self.cache.get_or_insert_with(|| unsafe { Uint8Array::view(&b) }).length();),
            quote!(let v = unsafe { Uint8Array::view(&b) }; let same = v.fill(0, 0, 4); keep(same);),
            quote!(let v = unsafe { Uint8Array::view(&b) }; v.length(); futures::join!(a, b);),
            // Calls that hand the loan back, or move the view out.
            quote!(let v = unsafe { Uint8Array::view(&b) }; Ok(JsValue::from(&v))),
            quote!(return Ok(JsValue::from(&unsafe { Uint8Array::view(&b) }));),
            quote!(let v = unsafe { Uint8Array::view(&b) }; self.k = Clone::clone(&v);),
            quote!(let v = unsafe { Uint8Array::view(&b) }; keep(Uint8Array::subarray(&v, 0, 4));),
            quote!(let v = unsafe { Uint8Array::view(&b) }; self.k = Some(&v).cloned();),
            quote!(let v = unsafe { Uint8Array::view(&b) }; self.k = std::mem::take(&mut v);),
            quote!(std::mem::swap(&mut self.c, &mut unsafe { Uint8Array::view(&b) });),
            quote!(let r = Some(&unsafe { Uint8Array::view(&b) }); tick().await; r.unwrap().length();),
            // A formatting macro whose argument stores it.
            quote!(let v = unsafe { Uint8Array::view(&b) }; assert!(self.views.insert(k, v).is_none());),
            quote!(let v = unsafe { Uint8Array::view(&b) }; println!("{:?}", self.keep.replace(v));),
            // Bound again from a borrow of it.
            quote!(let v = unsafe { Uint8Array::view(&b) }; let v = Some(&v); tick().await; self.k = v.cloned();),
            quote!(let v = unsafe { Uint8Array::view(&b) }; let v: &Uint8Array = identity(&v); self.k = v.clone();),
            // An async closure's one expression awaits with the view alive.
            quote!(let f = async move || sink(&unsafe { Uint8Array::view(&b) }).await;),
            // A `macro_rules!` of the body takes it.
            quote!(let v = unsafe { Uint8Array::view(&b) }; macro_rules! steal { () => { s.k = Some(v) } } steal!();),
        ] {
            assert_eq!(dropped(body.clone()), 0, "{body}");
        }
    }

    #[test]
    fn a_closure_body_is_its_own_call() {
        assert_eq!(
            dropped(quote!(
                let cb = Closure::new(move || {
                    let v = unsafe { Uint8Array::view(&b) };
                    out.set(&v, 0);
                });
            )),
            1
        );
    }
}
