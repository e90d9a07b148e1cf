//! Puts `#[wasm_ledger::track]` on every function and method with a body
//! in a Rust source file, as text inserted before each signature (after its
//! attributes), so the rest of the file stays byte for byte as it was.

use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// The annotated source and how many functions were annotated.
pub fn annotate(source: &str) -> crate::Result<(String, usize)> {
    let file = syn::parse_file(source).map_err(|e| anyhow::anyhow!("does not parse: {e}"))?;
    let mut finder = Finder { at: Vec::new() };
    finder.visit_file(&file);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(source.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut offsets: Vec<usize> = finder
        .at
        .iter()
        .filter_map(|&(line, column)| {
            let start = *line_starts.get(line.checked_sub(1)?)?;
            let in_line = source[start..].char_indices().nth(column).map(|(i, _)| i)?;
            Some(start + in_line)
        })
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    let mut out = source.to_string();
    for &offset in offsets.iter().rev() {
        out.insert_str(offset, "#[wasm_ledger::track] ");
    }
    Ok((out, offsets.len()))
}

struct Finder {
    /// (1-based line, 0-based column in chars) of each signature.
    at: Vec<(usize, usize)>,
}

/// Attributes that leave a function a function (built-in, lint and tool
/// attributes, wasm-bindgen's): the annotation goes after them. Before any
/// other attribute macro, which may turn the function into something else
/// (`#[warnings::warning]` makes a struct of it): there the annotation goes
/// first, and the rewritten function keeps the other attribute.
fn leaves_a_function(attr: &syn::Attribute) -> bool {
    const KEPT: &[&str] = &[
        "doc",
        "inline",
        "cold",
        "cfg",
        "cfg_attr",
        "allow",
        "warn",
        "deny",
        "forbid",
        "expect",
        "must_use",
        "track_caller",
        "deprecated",
        "no_mangle",
        "export_name",
        "link_section",
        "target_feature",
        "rustfmt",
        "clippy",
        "wasm_bindgen",
        "instrument",
        "optimize",
        "unsafe",
    ];
    let path = attr.path();
    let first = path.segments.first().map(|s| s.ident.to_string());
    let last = path.segments.last().map(|s| s.ident.to_string());
    [first, last]
        .iter()
        .flatten()
        .any(|name| KEPT.contains(&name.as_str()))
}

impl Finder {
    fn record(
        &mut self,
        attrs: &[syn::Attribute],
        vis: Option<&syn::Visibility>,
        sig: &syn::Signature,
    ) {
        // `const fn` is refused by the macro: nothing crosses at compile time.
        if sig.constness.is_some() {
            return;
        }
        let span = match (attrs.iter().find(|a| !leaves_a_function(a)), vis) {
            (Some(a), _) => a.span(),
            (None, Some(v)) if !matches!(v, syn::Visibility::Inherited) => v.span(),
            _ => sig.span(),
        };
        let start = span.start();
        self.at.push((start.line, start.column));
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.record(&f.attrs, Some(&f.vis), &f.sig);
        visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if f.defaultness.is_none() {
            self.record(&f.attrs, Some(&f.vis), &f.sig);
        }
        visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if f.default.is_some() {
            self.record(&f.attrs, None, &f.sig);
        }
        visit::visit_trait_item_fn(self, f);
    }
}

#[cfg(test)]
mod tests {
    use super::annotate;

    #[test]
    fn an_attribute_macro_that_may_turn_a_function_into_something_else_comes_after_it() {
        let src = "/// Docs.\n#[warnings::warning]\n#[inline]\npub(crate) fn w() {}\n#[wasm_bindgen]\npub fn e() {}\n";
        let (out, n) = annotate(src).unwrap();
        assert_eq!(n, 2);
        assert!(
            out.contains(
                "#[wasm_ledger::track] #[warnings::warning]\n#[inline]\npub(crate) fn w()"
            ),
            "{out}"
        );
        assert!(
            out.contains("#[wasm_bindgen]\n#[wasm_ledger::track] pub fn e()"),
            "{out}"
        );
    }

    #[test]
    fn every_function_with_a_body_gets_the_attribute_after_its_attributes() {
        let src = "/// Docs.\n#[inline]\npub fn a() {}\nconst fn b() {}\nimpl S {\n    fn c(&self) { fn d() {} }\n}\ntrait T {\n    fn e(&self);\n    fn f(&self) {}\n}\nextern \"C\" { fn g(); }\n";
        let (out, n) = annotate(src).unwrap();
        assert_eq!(n, 4, "{out}");
        assert!(
            out.contains("#[inline]\n#[wasm_ledger::track] pub fn a()"),
            "{out}"
        );
        assert!(out.contains("const fn b()"), "{out}");
        assert!(
            out.contains("#[wasm_ledger::track] fn c(&self) { #[wasm_ledger::track] fn d() {} }"),
            "{out}"
        );
        assert!(out.contains("fn e(&self);"), "{out}");
        assert!(
            out.contains("#[wasm_ledger::track] fn f(&self) {}"),
            "{out}"
        );
        assert!(out.contains("extern \"C\" { fn g(); }"), "{out}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let (out, n) = annotate("const É: &str = \"é\"; fn a() {}\n").unwrap();
        assert_eq!(n, 1);
        assert!(out.ends_with("#[wasm_ledger::track] fn a() {}\n"), "{out}");
    }
}
