//! Compile-time checks: finds the boundary mistakes that can be seen in
//! the code of an annotated function, by syntax before the rewrite, and
//! returns them as data ([`Finding`]s).
//!
//! `emit` reports each finding as a `deprecated` warning (an error under
//! `deny`) at the user's tokens.
//!
//! A "loop" is the body (and `while` condition) of `for`, `while` and
//! `loop`, and a closure given to an iterator's `for_each`, `map`, `filter`...
//! A callback's body (a closure given to a `Closure` constructor) starts
//! outside any loop: it runs once per event.

use std::collections::HashSet;

use proc_macro2::Span;
use syn::visit::{self, Visit};

use crate::check::{Check, Finding};
use crate::local_types::{Names, is_global, local_name, pat_name, strip_ref};
use crate::vocab::{
    Element, GLOBAL_METHODS, ITERATORS, PER_ITEM, REFLECT_GETS, REFLECT_SETS, STORE_METHODS,
    UNWRAPS, boxes_a_number, closure_ctor_name, element, fn_name_span, is_given, is_global_fn,
    mentions, owner_and_last, path_names, view_call,
};

/// The mistakes in `block`, the body of a function annotated with `#[frame]`
/// (`frame`) or `#[track]`.
pub(crate) fn find(frame: bool, sig: &syn::Signature, block: &syn::Block) -> Vec<Finding> {
    let mut finder = Finder {
        frame,
        loops: 0,
        callbacks: 0,
        names: Names::default(),
        skip: HashSet::new(),
        findings: Vec::new(),
    };
    for input in &sig.inputs {
        if let syn::FnArg::Typed(t) = input {
            finder.names.typed(&t.pat, &t.ty);
        }
    }
    finder.names.visit_block(block);
    finder.visit_block(block);
    // The function's value is returned.
    if let Some(syn::Stmt::Expr(tail, None)) = block.stmts.last() {
        finder.escaping_view(tail);
    }
    finder.findings
}

struct Finder {
    frame: bool,
    /// How many loops the visitor is in (0 in a callback's body).
    loops: u32,
    /// How many callback bodies the visitor is in.
    callbacks: u32,
    names: Names,
    /// Expressions already reported (or reported as part of an enclosing
    /// finding), by address: the tree is not moved while it is visited.
    skip: HashSet<*const ()>,
    findings: Vec<Finding>,
}

impl Finder {
    /// Reports `expr` once, at `span`.
    fn report<T>(&mut self, check: Check, expr: &T, span: Span) {
        if self.skip.insert((expr as *const T).cast()) {
            self.findings.push(Finding { check, span });
        }
    }

    /// Reports the call `expr`, at its function's name.
    fn report_call(&mut self, check: Check, call: &syn::ExprCall) {
        if let Some(span) = fn_name_span(call) {
            self.report(check, call, span);
        }
    }

    fn in_loop(&mut self, f: impl FnOnce(&mut Self)) {
        self.loops += 1;
        f(self);
        self.loops -= 1;
    }

    fn in_callback(&mut self, f: impl FnOnce(&mut Self)) {
        let loops = std::mem::replace(&mut self.loops, 0);
        self.callbacks += 1;
        f(self);
        self.callbacks -= 1;
        self.loops = loops;
    }

    /// `expr` leaves its statement (stored, returned): a view in it escapes.
    fn escaping_view(&mut self, expr: &syn::Expr) {
        if let Some(view) = view_call(expr) {
            self.report_call(Check::ViewEscapes, view);
        }
    }

    fn method(&mut self, call: &syn::ExprMethodCall) {
        let name = call.method.to_string();
        let span = call.method.span();
        let is_array = local_name(&call.receiver).is_some_and(|r| self.names.arrays.contains(&r));
        let in_loop = self.loops > 0;
        match name.as_str() {
            _ if is_given(&name)
                && call.args.is_empty()
                && (in_loop || self.frame || self.callbacks > 0) =>
            {
                self.report(Check::ForgetPerFrame, call, span);
            }
            _ if element(&name) == Some(Element::TypedIndex)
                && in_loop
                && !local_name(&call.receiver).is_some_and(|r| self.names.other.contains(&r)) =>
            {
                self.report(Check::PerElementCopy, call, span)
            }
            // A JS array filled in a loop: numbers one by one belong in a
            // typed array; anything, every frame, is boxing.
            _ if element(&name) == Some(Element::ArrayStore) && in_loop && is_array => {
                if self.frame {
                    self.report(Check::BoxingInLoop, call, span);
                } else if call.args.last().is_some_and(boxes_a_number) {
                    self.report(Check::PerElementCopy, call, span);
                }
            }
            // An element read as a number, one at a time: a typed array
            // (or `to_vec` of one) reads them all at once.
            "as_f64" if in_loop && call.args.is_empty() => match element_get(&call.receiver) {
                Some(Read::Method(get))
                    if local_name(&get.receiver)
                        .is_some_and(|r| self.names.arrays.contains(&r)) =>
                {
                    self.report(Check::PerElementCopy, get, get.method.span());
                }
                Some(Read::Reflect(get))
                    if get
                        .args
                        .first()
                        .map(strip_ref)
                        .is_some_and(|t| self.is_array(t)) =>
                {
                    self.report_call(Check::PerElementCopy, get);
                }
                _ => {}
            },
            _ if in_loop && call.args.is_empty() && GLOBAL_METHODS.contains(&name.as_str()) => {
                // `window().unwrap().document()`: one finding for the chain.
                if let Some(root) = root_call(&call.receiver).filter(|_| is_global(&call.receiver))
                {
                    self.skip.insert((root as *const syn::ExprCall).cast());
                }
                self.report(Check::UncachedGlobal, call, span);
            }
            _ => {}
        }
        if STORE_METHODS.contains(&name.as_str()) {
            for arg in &call.args {
                self.escaping_view(arg);
            }
        }
    }

    fn call(&mut self, call: &syn::ExprCall, path: &syn::Path) {
        let segments = path_names(path);
        let Some((owner, last)) = owner_and_last(&segments) else {
            return;
        };
        let in_loop = self.loops > 0;
        let target = call.args.first().map(strip_ref);
        match (owner, last) {
            (_, "window" | "global") if in_loop && is_global_fn(&segments) => {
                self.report_call(Check::UncachedGlobal, call);
            }
            (Some("Reflect"), f) if REFLECT_GETS.contains(&f) && in_loop => {
                let Some(target) = target else { return };
                if is_global(target)
                    || local_name(target).is_some_and(|n| self.names.globals.contains(&n))
                {
                    // `Reflect::get(&global(), ..)`: one finding, here.
                    if let Some(inner) = root_call(target) {
                        self.skip.insert((inner as *const syn::ExprCall).cast());
                    }
                    self.report_call(Check::UncachedGlobal, call);
                }
                // On an array: a per-element copy when read as a number
                // (`.as_f64()`, found from the method).
            }
            (Some("Reflect"), f) if REFLECT_SETS.contains(&f) && in_loop => {
                let number = call.args.iter().nth(2).is_some_and(boxes_a_number);
                if number && target.is_some_and(|t| self.is_array(t)) {
                    self.report_call(Check::PerElementCopy, call);
                } else if self.frame {
                    self.report_call(Check::BoxingInLoop, call);
                }
            }
            (Some("JsValue"), "from_serde") if in_loop && self.frame => {
                self.report_call(Check::BoxingInLoop, call)
            }
            (_, "to_value")
                if in_loop && self.frame && segments.iter().any(|s| s == "serde_wasm_bindgen") =>
            {
                self.report_call(Check::BoxingInLoop, call)
            }
            _ => {}
        }
    }

    fn is_array(&self, expr: &syn::Expr) -> bool {
        local_name(expr)
            .is_some_and(|n| self.names.arrays.contains(&n) || self.names.typed.contains(&n))
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        self.visit_expr(&f.expr);
        self.in_loop(|s| s.visit_block(&f.body));
    }

    fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
        self.in_loop(|s| {
            s.visit_expr(&w.cond);
            s.visit_block(&w.body);
        });
    }

    fn visit_expr_loop(&mut self, l: &'ast syn::ExprLoop) {
        self.in_loop(|s| s.visit_block(&l.body));
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.method(call);
        self.visit_expr(&call.receiver);
        let per_item = PER_ITEM.contains(&call.method.to_string().as_str())
            && (call.method == "for_each"
                || call.method == "try_for_each"
                || is_iterator(&call.receiver));
        for arg in &call.args {
            if per_item && matches!(arg, syn::Expr::Closure(_)) {
                self.in_loop(|s| s.visit_expr(arg));
            } else {
                self.visit_expr(arg);
            }
        }
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        let syn::Expr::Path(func) = &*call.func else {
            return visit::visit_expr_call(self, call);
        };
        let path = &func.path;
        // Every `Closure` constructor makes a JS function.
        if closure_ctor_name(call).is_some() {
            if self.loops > 0 {
                self.report_call(Check::ClosureInLoop, call);
            }
            // Its body runs per event, not per iteration.
            return self.in_callback(|s| {
                for arg in &call.args {
                    s.visit_expr(arg);
                }
            });
        }
        self.call(call, path);
        visit::visit_expr_call(self, call);
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        // `let v = view(..);` and `v` named by a later statement.
        for (i, stmt) in block.stmts.iter().enumerate() {
            let syn::Stmt::Local(local) = stmt else {
                continue;
            };
            let (Some(name), Some(init)) = (pat_name(&local.pat), &local.init) else {
                continue;
            };
            // `let v = &view(..)` keeps the temporary alive as long as `v`.
            let Some(view) = view_call(strip_ref(&init.expr)) else {
                continue;
            };
            // Used in the next statement only, not in a loop of it: the
            // view is made, copied or read and gone before anything else
            // runs (serde-wasm-bindgen's `serialize_bytes`); any later use
            // keeps it across code that may grow memory.
            let next_in_loop = block.stmts.get(i + 1).is_some_and(|next| {
                matches!(
                    next,
                    syn::Stmt::Expr(
                        syn::Expr::ForLoop(_) | syn::Expr::While(_) | syn::Expr::Loop(_),
                        _
                    )
                ) && names(next, &name)
            });
            let later = block
                .stmts
                .iter()
                .skip(i + 2)
                .any(|later| names(later, &name));
            if next_in_loop || later {
                self.report_call(Check::ViewEscapes, view);
            }
        }
        visit::visit_block(self, block);
    }

    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        self.escaping_view(&a.right);
        visit::visit_expr_assign(self, a);
    }

    fn visit_field_value(&mut self, f: &'ast syn::FieldValue) {
        self.escaping_view(&f.expr);
        visit::visit_field_value(self, f);
    }

    fn visit_expr_return(&mut self, r: &'ast syn::ExprReturn) {
        if let Some(e) = &r.expr {
            self.escaping_view(e);
        }
        visit::visit_expr_return(self, r);
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        // A closure returns its body's value.
        self.escaping_view(&c.body);
        visit::visit_expr_closure(self, c);
    }

    // Nested items are not part of the annotated function.
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// An element read one at a time.
enum Read<'a> {
    /// `arr.get(i)`
    Method(&'a syn::ExprMethodCall),
    /// `Reflect::get(&arr, ..)`
    Reflect(&'a syn::ExprCall),
}

/// The read under `arr.get(i).as_f64()` or `Reflect::get(&arr, &k)?.as_f64()`,
/// through `.unwrap()`, `.expect(..)` and `?`: an element used as a number.
fn element_get(expr: &syn::Expr) -> Option<Read<'_>> {
    match expr {
        syn::Expr::Paren(p) => element_get(&p.expr),
        syn::Expr::Try(t) => element_get(&t.expr),
        syn::Expr::MethodCall(m)
            if element(&m.method.to_string()) == Some(Element::ArrayGet) && m.args.len() == 1 =>
        {
            Some(Read::Method(m))
        }
        syn::Expr::MethodCall(m) if UNWRAPS.contains(&m.method.to_string().as_str()) => {
            element_get(&m.receiver)
        }
        syn::Expr::Call(c) => match &*c.func {
            syn::Expr::Path(p) => {
                let names = path_names(&p.path);
                matches!(names.as_slice(), [.., owner, f] if owner == "Reflect" && f == "get")
                    .then_some(Read::Reflect(c))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The call at the root of a method chain.
fn root_call(expr: &syn::Expr) -> Option<&syn::ExprCall> {
    match strip_ref(expr) {
        syn::Expr::Call(c) => Some(c),
        syn::Expr::MethodCall(m) => root_call(&m.receiver),
        syn::Expr::Try(t) => root_call(&t.expr),
        _ => None,
    }
}

/// A method chain on an iterator (or a range).
fn is_iterator(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::MethodCall(m) => {
            ITERATORS.contains(&m.method.to_string().as_str()) || is_iterator(&m.receiver)
        }
        syn::Expr::Paren(p) => is_iterator(&p.expr),
        syn::Expr::Range(_) => true,
        _ => false,
    }
}

/// Whether `stmt` names the local `name` (macro arguments included, by
/// their tokens).
fn names(stmt: &syn::Stmt, name: &str) -> bool {
    struct Finds<'n>(&'n str, bool);
    impl<'ast> Visit<'ast> for Finds<'_> {
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            self.1 |= p.path.is_ident(self.0);
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            self.1 |= mentions(m.tokens.clone(), self.0);
        }
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut finds = Finds(name, false);
    finds.visit_stmt(stmt);
    finds.1
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::TokenStream;
    use quote::quote;

    /// The checks found in `body` of `sig`, in order.
    fn found(frame: bool, sig: TokenStream, body: TokenStream) -> Vec<&'static str> {
        let sig: syn::Signature = syn::parse2(sig).unwrap();
        let block: syn::Block = syn::parse2(quote!({ #body })).unwrap();
        find(frame, &sig, &block)
            .iter()
            .map(|f| f.check.name())
            .collect()
    }

    fn track(body: TokenStream) -> Vec<&'static str> {
        found(
            false,
            quote!(fn f(px: &Uint8Array, arr: &js_sys::Array, data: &[u8])),
            body,
        )
    }

    fn frame(body: TokenStream) -> Vec<&'static str> {
        found(true, quote!(fn tick(&mut self)), body)
    }

    #[test]
    fn closures_made_in_loops() {
        assert_eq!(
            track(quote!(for i in 0..3 {
                let c = Closure::<dyn FnMut()>::new(move || log(i));
                keep(c);
            })),
            ["closure_in_loop"]
        );
        assert_eq!(
            track(quote!(while go() {
                ScopedClosure::borrow(&f);
            })),
            ["closure_in_loop"]
        );
        assert_eq!(
            track(quote!(xs.iter().for_each(|x| {
                Closure::once(move || x);
            }))),
            ["closure_in_loop"]
        );
        // Made once, used in the loop; `Option::map` is not a loop.
        assert!(track(quote!(let c = Closure::new(|| {}); for el in els { el.set_onclick(Some(c.as_ref().unchecked_ref())); })).is_empty());
        assert!(track(quote!(let c = cb.map(|f| Closure::new(f));)).is_empty());
        // A loop inside a callback is the callback's own business.
        assert!(
            track(quote!(let c = Closure::new(move || { for x in 0..3 { draw(x); } });)).is_empty()
        );
    }

    #[test]
    fn forgets_that_repeat() {
        assert_eq!(
            frame(quote!(Closure::once(move || {}).forget();)),
            ["forget_per_frame"]
        );
        assert_eq!(
            track(quote!(for el in els {
                let c = make();
                c.forget();
            })),
            ["forget_per_frame"]
        );
        assert_eq!(
            track(quote!(let c = Closure::new(move || { Closure::once(|| {}).into_js_value(); });)),
            ["forget_per_frame"]
        );
        // Once, at start-up.
        assert!(track(quote!(let c = Closure::new(move || {}); c.forget();)).is_empty());
    }

    #[test]
    fn element_by_element_copies() {
        assert_eq!(
            track(quote!(for i in 0..n {
                px.set_index(i, data[i as usize]);
            })),
            ["per_element_copy"]
        );
        assert_eq!(
            track(quote!(for v in data {
                arr.push(&JsValue::from(*v));
            })),
            ["per_element_copy"]
        );
        assert_eq!(
            track(quote!(for i in 0..n {
                total += arr.get(i).as_f64().unwrap();
            })),
            ["per_element_copy"]
        );
        // Handles collected one by one have no bulk form.
        assert!(
            track(quote!(for el in els {
                arr.push(el);
            }))
            .is_empty()
        );
        assert_eq!(
            track(
                quote!(let out = Array::new(); for v in data { Reflect::set(&out, &i.into(), &(*v).into()); })
            ),
            ["per_element_copy"]
        );
        assert_eq!(
            track(quote!((0..n).map(|i| px.get_index(i)).sum::<u8>())),
            ["per_element_copy"]
        );
        // Strings, nested arrays, values of unknown type, and elements read
        // as anything but numbers have no bulk form.
        assert!(
            track(quote!(for item in items {
                arr.push(&JsValue::from(&item.title));
                arr.push(&JsValue::from_str(&item.title));
                arr.push(&inner.into());
                arr.push(&JsValue::from(row));
                let _ = arr.get(i).as_string();
                let _ = Reflect::get(&arr, &i.into());
                Reflect::set(&arr, &i.into(), &name.into());
            }))
            .is_empty()
        );
        assert_eq!(
            track(quote!(for i in 0..n {
                arr.push(&JsValue::from(i as f64 * 0.5));
                arr.push(&(x + 1.0).into());
                Reflect::set(&arr, &i.into(), &JsValue::from_f64(v));
                sum += Reflect::get(&arr, &i.into())
                    .unwrap()
                    .as_f64()
                    .unwrap_or(0.0);
            })),
            [
                "per_element_copy",
                "per_element_copy",
                "per_element_copy",
                "per_element_copy"
            ]
        );
        // `get_index` of a declared Rust type (indexmap's `IndexSet`).
        assert!(
            found(
                false,
                quote!(fn diff(from: &IndexSet<u32>, to: &FxIndexSet<u32>)),
                quote!(for i in 0..n {
                    if from.get_index(i) != to.get_index(i) {
                        changed += 1;
                    }
                })
            )
            .is_empty()
        );
        // A Rust Vec, and a bulk copy per chunk.
        assert!(track(quote!(let mut v = Vec::new(); for x in data { v.push(*x); })).is_empty());
        assert!(
            track(quote!(for (i, chunk) in data.chunks(64).enumerate() {
                px.subarray(0, 64).copy_from(chunk);
            }))
            .is_empty()
        );
    }

    #[test]
    fn views_kept_beyond_their_statement() {
        assert_eq!(
            track(quote!(let v = unsafe { Uint8Array::view(&buf) }; grow(); ctx.put(&v);)),
            ["view_escapes"]
        );
        assert_eq!(
            track(quote!(self.view = unsafe { js_sys::Float32Array::view(&self.buf) };)),
            ["view_escapes"]
        );
        assert_eq!(
            track(quote!(unsafe { Uint8Array::view(&buf) })),
            ["view_escapes"]
        );
        assert_eq!(
            track(quote!(return Some(unsafe { Uint8Array::view_mut_raw(p, n) });)),
            ["view_escapes"]
        );
        assert_eq!(
            track(quote!(views.push(unsafe { Uint8Array::view(&buf) });)),
            ["view_escapes"]
        );
        assert_eq!(
            track(
                quote!(let v = unsafe { Uint8Array::view(&buf) }; let n = 1; println!("{:?} {n}", v);)
            ),
            ["view_escapes"]
        );
        // Used by a loop right after: the loop's body may grow memory.
        assert_eq!(
            track(
                quote!(let v = unsafe { Uint8Array::view(&buf) }; for i in 0..n { out.push(v.get_index(i)); })
            ),
            ["view_escapes", "per_element_copy"]
        );
        // Made, then copied by the next statement (serde-wasm-bindgen's
        // `serialize_bytes`): gone before anything else runs.
        assert!(
            track(quote!(
                let view = unsafe { Uint8Array::view(v) };
                if as_arrays {
                    Ok(JsValue::from(Array::from(view.as_ref())))
                } else {
                    Ok(JsValue::from(Uint8Array::new(view.as_ref())))
                }
            ))
            .is_empty()
        );
        assert_eq!(
            track(quote!(let v = &unsafe { Uint8Array::view(&buf) }; grow(); ctx.put(v);)),
            ["view_escapes"]
        );
        // Used within its statement.
        assert!(track(quote!(unsafe { px.set(&Uint8Array::view(&buf), 0) }; let n = unsafe { Uint8Array::view(&buf) }.length();)).is_empty());
    }

    #[test]
    fn boxing_in_frame_loops() {
        assert_eq!(
            frame(quote!(for p in &self.ps {
                let o = Object::new();
                Reflect::set(&o, &"x".into(), &p.x.into());
            })),
            ["boxing_in_loop"]
        );
        assert_eq!(
            frame(quote!(for p in &self.ps {
                send(serde_wasm_bindgen::to_value(p));
            })),
            ["boxing_in_loop"]
        );
        assert_eq!(
            frame(quote!(for p in &self.ps {
                send(JsValue::from_serde(p));
            })),
            ["boxing_in_loop"]
        );
        assert_eq!(
            found(
                true,
                quote!(fn f(out: &Array)),
                quote!(for p in ps {
                    out.push(&p.to_js());
                })
            ),
            ["boxing_in_loop"]
        );
        // Outside a loop, or not per frame.
        assert!(frame(quote!(let v = serde_wasm_bindgen::to_value(&self.ps);)).is_empty());
        assert!(
            track(quote!(for p in ps {
                Reflect::set(&o, &"x".into(), &p.into());
            }))
            .is_empty()
        );
    }

    #[test]
    fn globals_fetched_in_loops() {
        assert_eq!(
            track(quote!(for i in 0..n {
                web_sys::window().unwrap();
            })),
            ["uncached_global"]
        );
        assert_eq!(
            track(quote!(for i in 0..n {
                let d = win.document();
            })),
            ["uncached_global"]
        );
        assert_eq!(
            track(quote!(for i in 0..n {
                let d = window().unwrap().document().unwrap();
            })),
            ["uncached_global"]
        );
        assert_eq!(
            track(quote!(loop {
                Reflect::get(&js_sys::global(), &"performance".into());
            })),
            ["uncached_global"]
        );
        assert_eq!(
            track(quote!(let g = js_sys::global(); while x { Reflect::get(&g, &k); })),
            ["uncached_global"]
        );
        // Fetched before the loop.
        assert!(track(quote!(let doc = window().unwrap().document().unwrap(); for i in 0..n { doc.create_element("p"); })).is_empty());
        assert!(track(quote!(let w = window().map(|w| w.document());)).is_empty());
    }

    #[test]
    fn nested_items_are_not_checked() {
        assert!(
            track(quote!(
                fn inner() {
                    for x in 0..3 {
                        window();
                    }
                }
            ))
            .is_empty()
        );
    }
}
