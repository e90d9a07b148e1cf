//! Puts `#[wasm_ledger::track]` on every function and method with a body
//! in a Rust source file, as text inserted before each signature (after its
//! attributes), so the rest of the file stays byte for byte as it was.

use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// The annotated source and how many functions were annotated.
pub fn annotate(source: &str) -> Result<(String, usize), String> {
    let file = syn::parse_file(source).map_err(|e| format!("does not parse: {e}"))?;
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

impl Finder {
    fn record(&mut self, vis: Option<&syn::Visibility>, sig: &syn::Signature) {
        // `const fn` is refused by the macro: nothing crosses at compile time.
        if sig.constness.is_some() {
            return;
        }
        let span = match vis {
            Some(v) if !matches!(v, syn::Visibility::Inherited) => v.span(),
            _ => sig.span(),
        };
        let start = span.start();
        self.at.push((start.line, start.column));
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.record(Some(&f.vis), &f.sig);
        visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if f.defaultness.is_none() {
            self.record(Some(&f.vis), &f.sig);
        }
        visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if f.default.is_some() {
            self.record(None, &f.sig);
        }
        visit::visit_trait_item_fn(self, f);
    }
}

#[cfg(test)]
mod tests {
    use super::annotate;

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
