//! Golden expansion tests: each file of `tests/expand/*.rs` holds annotated
//! items; what `#[track]` / `#[frame]` makes of them with the ledger on (the
//! version `cargo expand` shows in a debug build) is pretty-printed and
//! compared with `tests/expand/<name>.expanded.rs`.
//! `WASM_LEDGER_BLESS=1 cargo test -p wasm-ledger-macros golden` writes them
//! anew; the diff is then the change to review.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::emit::{Kind, versions};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/expand")
}

/// The annotated items of a source file, expanded, as one pretty file.
fn expand_file(source: &str) -> String {
    let file = syn::parse_file(source).expect("a golden case must parse");
    let mut out = Vec::new();
    for item in file.items {
        let kind = match &item {
            syn::Item::Fn(f) => kind_of(&f.attrs),
            syn::Item::Impl(i) => kind_of(&i.attrs),
            _ => None,
        };
        let Some((kind, args)) = kind else {
            out.push(item);
            continue;
        };
        let mut item = item;
        strip_ours(&mut item);
        let expanded = versions(kind, args, item.to_token_stream())
            .expect("a golden case must expand")
            .expect("not a wasm-bindgen shim")
            .0;
        let parsed: syn::File = syn::parse2(expanded).expect("the expansion must parse");
        out.extend(parsed.items);
    }
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: out,
    })
}

fn kind_of(attrs: &[syn::Attribute]) -> Option<(Kind, TokenStream)> {
    attrs.iter().find_map(|a| {
        let last = a.path().segments.last()?.ident.to_string();
        let kind = match last.as_str() {
            "track" => Kind::Track,
            "frame" => Kind::Frame,
            _ => return None,
        };
        let args = match &a.meta {
            syn::Meta::List(l) => l.tokens.clone(),
            _ => TokenStream::new(),
        };
        Some((kind, args))
    })
}

fn strip_ours(item: &mut syn::Item) {
    let ours = |a: &syn::Attribute| {
        a.path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "track" || s.ident == "frame")
    };
    match item {
        syn::Item::Fn(f) => f.attrs.retain(|a| !ours(a)),
        syn::Item::Impl(i) => i.attrs.retain(|a| !ours(a)),
        _ => {}
    }
}

/// Lines of the expansion per call site it instruments (the function's own
/// body site left out), for the record.
fn lines_per_site(expanded: &str) -> (usize, usize) {
    let sites = expanded.matches("static __WL_SITE_").count();
    let functions = expanded.matches("::enter(").count();
    (expanded.lines().count(), sites.saturating_sub(functions))
}

/// Lines and tokens of a Rust text, how a change to the expansion is sized:
/// a run of joint punctuation (`::`, `&&`, `&&&&`) is one token, a group
/// counts its two delimiters.
fn size(text: &str) -> (usize, usize) {
    fn tokens(stream: TokenStream) -> usize {
        let mut n = 0;
        let mut joint = false;
        for tree in stream {
            match tree {
                proc_macro2::TokenTree::Group(g) => n += 2 + tokens(g.stream()),
                proc_macro2::TokenTree::Punct(p) => {
                    n += usize::from(!joint);
                    joint = p.spacing() == proc_macro2::Spacing::Joint;
                    continue;
                }
                _ => n += 1,
            }
            joint = false;
        }
        n
    }
    let stream = text.parse().unwrap_or_default();
    (text.lines().count(), tokens(stream))
}

/// "81 → 83 lines, 481 → 447 tokens": the change from `old` to `new`.
fn resized(old: &str, new: &str) -> String {
    let ((l0, t0), (l1, t1)) = (size(old), size(new));
    format!("{l0} → {l1} lines, {t0} → {t1} tokens")
}

#[test]
fn sizes_count_lines_and_tokens() {
    assert_eq!(size("a::b(&&x)"), (1, 7));
    assert_eq!(size("x\n&& y\n"), (2, 3));
    assert_eq!(
        resized("f(&&&&x).g()", "f!(x)"),
        "1 → 1 lines, 9 → 5 tokens"
    );
}

#[test]
fn expansions_match_their_golden_files() {
    let bless = std::env::var_os("WASM_LEDGER_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/expand")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "rs")
                && !p.to_string_lossy().ends_with(".expanded.rs")
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "the golden cases are missing: {cases:?}");
    let mut wrong = Vec::new();
    for case in &cases {
        let source = std::fs::read_to_string(case).unwrap();
        let expanded = expand_file(&source);
        let golden = case.with_extension("expanded.rs");
        let (lines, sites) = lines_per_site(&expanded);
        println!(
            "{}: {} lines of source, {lines} expanded, {sites} call sites",
            case.file_name().unwrap().to_string_lossy(),
            source.lines().count(),
        );
        let old = std::fs::read_to_string(&golden);
        if bless {
            if let Some(old) = old.as_ref().ok().filter(|old| **old != expanded) {
                println!("  written anew: {}", resized(old, &expanded));
            }
            std::fs::write(&golden, &expanded).unwrap();
            continue;
        }
        match old {
            Ok(want) if want == expanded => {}
            Ok(want) => wrong.push(format!(
                "{} differs from its expansion ({})",
                golden.display(),
                resized(&want, &expanded)
            )),
            Err(_) => wrong.push(format!("{} is missing", golden.display())),
        }
    }
    assert!(
        wrong.is_empty(),
        "{}\n(WASM_LEDGER_BLESS=1 cargo test -p wasm-ledger-macros golden writes them anew)",
        wrong.join("\n")
    );
}
