//! Which collections the annotated code bounds: it removes from them,
//! clears them, or compares their length with a limit
//! (`if self.order.len() >= CAP { .. }`). An insertion into one of them is
//! not judged as a growing cache: a ring, an LRU or a map cleared now and
//! then fills and stays, however long it takes to fill.

use std::collections::HashSet;

use syn::visit::Visit;

use crate::vocab::REMOVALS;

/// The collections (as written: `self.nodes`, `cache`) that `blocks`
/// bound.
pub(crate) fn bounded<'a>(blocks: impl IntoIterator<Item = &'a syn::Block>) -> HashSet<String> {
    let mut finder = Finder::default();
    for block in blocks {
        finder.visit_block(block);
    }
    finder.found
}

#[derive(Default)]
struct Finder {
    found: HashSet<String>,
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if REMOVALS.contains(&call.method.to_string().as_str()) {
            self.found.insert(text(&call.receiver));
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_binary(&mut self, bin: &'ast syn::ExprBinary) {
        use syn::BinOp::*;
        if matches!(bin.op, Lt(_) | Le(_) | Gt(_) | Ge(_) | Eq(_)) {
            for side in [&*bin.left, &*bin.right] {
                if let Some(recv) = length_of(side) {
                    self.found.insert(text(recv));
                }
            }
        }
        syn::visit::visit_expr_binary(self, bin);
    }

    // An item nested in the body is not this code.
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// `c` of `c.len()` (through parentheses).
fn length_of(expr: &syn::Expr) -> Option<&syn::Expr> {
    match expr {
        syn::Expr::Paren(p) => length_of(&p.expr),
        syn::Expr::MethodCall(m) if m.method == "len" && m.args.is_empty() => Some(&m.receiver),
        _ => None,
    }
}

/// A place as the rewrite names a collection: `self . nodes` ->
/// `self.nodes`, the expression as the user wrote it.
pub(crate) fn text(expr: &syn::Expr) -> String {
    let expr = match expr {
        syn::Expr::Paren(p) => &*p.expr,
        e => e,
    };
    quote::quote!(#expr)
        .to_string()
        .replace(" . ", ".")
        .replace("* ", "*")
        .replace("( ", "(")
        .replace(" )", ")")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(body: &str) -> Vec<String> {
        let block: syn::Block = syn::parse_str(body).unwrap();
        let mut v: Vec<String> = bounded([&block]).into_iter().collect();
        v.sort();
        v
    }

    #[test]
    fn removals_and_length_limits_bound_a_collection() {
        assert_eq!(
            of("{ self.ring.push_back(x); if self.ring.len() > 32 { self.ring.pop_front(); } }"),
            ["self.ring"]
        );
        assert_eq!(
            of("{ if (cache.len()) >= CAP { evict(); } cache.insert(k, v); }"),
            ["cache"]
        );
        assert_eq!(
            of("{ if frame % 500 == 0 { self.seen.clear(); } self.seen.insert(k, v); }"),
            ["self.seen"]
        );
        assert_eq!(
            of("{ let n = self.nodes.len(); self.nodes.insert(k, v); log(n); }"),
            Vec::<String>::new(),
            "reading the length is not a limit"
        );
        assert_eq!(
            of("{ fn inner(v: &mut Vec<u8>) { v.clear() } self.nodes.insert(k, v); }"),
            Vec::<String>::new(),
            "a nested item is other code"
        );
    }
}
