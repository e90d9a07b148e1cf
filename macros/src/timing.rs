//! The macro's own expansion time per function, on code it did not write:
//! `cargo xtask buildtime` copies registry crates into `target/`, puts
//! `#[wasm_ledger::track]` on every function, and runs this (ignored) test
//! with `WASM_LEDGER_TIME_DIRS` naming their `src` directories. Every
//! annotated function and method is expanded as rustc would hand it to the
//! attribute, built as this crate is in a debug build (proc macros get no
//! optimisation there either), and timed. It prints one line per directory:
//! `expansion: <dir> <functions> fns <µs per function, median> <total ms>`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::emit::{Kind, expand};

/// The items the attribute is on, as rustc hands them over: the function
/// or method without our attribute.
fn annotated(file: &syn::File) -> Vec<TokenStream> {
    fn ours(attrs: &mut Vec<syn::Attribute>) -> bool {
        let before = attrs.len();
        attrs.retain(|a| {
            let last = a.path().segments.last().map(|s| s.ident.to_string());
            !(last.as_deref() == Some("track") && a.path().segments.len() == 2)
        });
        attrs.len() != before
    }
    /// The item as the attribute gets it, if our attribute is on it.
    fn take<T: Clone + ToTokens>(
        item: &T,
        attrs: fn(&mut T) -> &mut Vec<syn::Attribute>,
        out: &mut Vec<TokenStream>,
    ) {
        let mut item = item.clone();
        if ours(attrs(&mut item)) {
            out.push(item.to_token_stream());
        }
    }
    fn walk(items: &[syn::Item], out: &mut Vec<TokenStream>) {
        for item in items {
            match item {
                syn::Item::Fn(f) => take(f, |f| &mut f.attrs, out),
                syn::Item::Impl(i) => {
                    for it in &i.items {
                        if let syn::ImplItem::Fn(f) = it {
                            take(f, |f| &mut f.attrs, out);
                        }
                    }
                }
                syn::Item::Trait(t) => {
                    for it in &t.items {
                        if let syn::TraitItem::Fn(f) = it {
                            take(f, |f| &mut f.attrs, out);
                        }
                    }
                }
                syn::Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        walk(inner, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&file.items, &mut out);
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Microseconds each expansion took: each item expanded `runs` times, its
/// fastest kept (the least disturbed by the machine).
fn time_items(items: &[TokenStream], runs: usize) -> Vec<f64> {
    items
        .iter()
        .map(|item| {
            (0..runs.max(1))
                .map(|_| {
                    let input = item.clone();
                    let start = Instant::now();
                    let out = expand(Kind::Track, TokenStream::new(), input);
                    let us = start.elapsed().as_secs_f64() * 1e6;
                    drop(out);
                    us
                })
                .fold(f64::INFINITY, f64::min)
        })
        .collect()
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[test]
#[ignore = "run by `cargo xtask buildtime` on the corpus it lays out"]
fn expansion_time_per_function() {
    let Some(dirs) = std::env::var_os("WASM_LEDGER_TIME_DIRS") else {
        panic!("WASM_LEDGER_TIME_DIRS names no directory");
    };
    for dir in std::env::split_paths(&dirs) {
        let mut files = Vec::new();
        rust_files(&dir, &mut files);
        let mut items = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a corpus file reads");
            // A file that does not parse on its own (`include!`d pieces) is
            // not a place the attribute runs.
            if let Ok(parsed) = syn::parse_file(&text) {
                items.extend(annotated(&parsed));
            }
        }
        let mut us = time_items(&items, 3);
        let total_ms = us.iter().sum::<f64>().max(0.0) / 1000.0;
        let med = median(&mut us);
        println!(
            "expansion: {} {} fns {:.1} us {:.1} ms",
            dir.display(),
            items.len(),
            med,
            total_ms
        );
    }
}

#[test]
fn the_annotated_items_are_found_without_the_attribute() {
    let file: syn::File = syn::parse_str(
        "#[wasm_ledger::track] fn a() {}\nfn b() {}\nimpl S { #[wasm_ledger::track] fn c(&self) {} }\nmod m { #[wasm_ledger::track] pub fn d() {} }\n",
    )
    .unwrap();
    let items = annotated(&file);
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|t| !t.to_string().contains("track")));
    let us = time_items(&items, 1);
    assert_eq!(us.len(), 3);
    assert!(us.iter().all(|t| t.is_finite() && *t >= 0.0));
}
