//! `cargo xtask modules`: the module imports of each crate (`runtime`,
//! `macros`, `xtask`), and any circle among them.
//!
//! A module's imports are the modules of its crate it names: `crate::x`,
//! `crate::{x, y}`, `super::x` (in a top-level file, `super` is the crate
//! root), comments left out; a module in a directory (`detect/mod.rs` and
//! the files under it) is one module. Names of the crate root's own items
//! (`crate::Result`) are not modules and are not edges. A circle is a
//! cycle of such edges; `cargo xtask test` fails on one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::bail;

use crate::{cmd, root, Result};

/// The crates whose modules are checked, by their source directory.
pub const CRATES: &[&str] = &["runtime/src", "macros/src", "xtask/src"];

/// A crate's modules and what each imports.
pub type Graph = BTreeMap<String, BTreeSet<String>>;

/// The import graph of the top-level modules in `dir`.
pub fn graph(dir: &Path) -> Result<Graph> {
    let mut sources = BTreeMap::new();
    let read = |path: &Path| fs_err::read_to_string(path);
    for entry in fs_err::read_dir(dir)?.flatten() {
        let path = entry.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && stem != "lib" && stem != "main" {
            sources.insert(stem.to_string(), read(&path)?);
        } else if path.join("mod.rs").is_file() {
            // A module in a directory: its `mod.rs` and every file under it
            // are that one module; in those below `mod.rs`, `super::` is a
            // module of the directory, not the crate root.
            let mut text = read(&path.join("mod.rs"))?;
            for file in cmd::rust_files(&path)? {
                if file != path.join("mod.rs") {
                    text.push('\n');
                    text.push_str(&read(&file)?.replace("super::", "parent::"));
                }
            }
            sources.insert(stem.to_string(), text);
        }
    }
    let names: BTreeSet<String> = sources.keys().cloned().collect();
    Ok(sources
        .iter()
        .map(|(module, text)| (module.clone(), imports(text, &names, module)))
        .collect())
}

/// The modules among `names` that `text` names through `crate::` or
/// `super::` (comments left out), other than `own`.
fn imports(text: &str, names: &BTreeSet<String>, own: &str) -> BTreeSet<String> {
    // Each line without its comment and its string literals (a test's
    // input text is not an import).
    let code: String = text
        .lines()
        .map(|l| {
            let l = l.split("//").next().unwrap_or("");
            l.split('"').step_by(2).collect::<Vec<_>>().join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    for prefix in ["crate::", "super::"] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(prefix) {
            rest = &rest[at + prefix.len()..];
            let named: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .map(|p| p.trim().split("::").next().unwrap_or("").trim())
                    .collect(),
                None => vec![rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("")],
            };
            for name in named {
                if name != own && names.contains(name) {
                    out.insert(name.to_string());
                }
            }
        }
    }
    out
}

/// A circle of imports in `graph`, as the modules along it (the first
/// repeated at the end); `None` when there is none.
pub fn circle(graph: &Graph) -> Option<Vec<String>> {
    // Depth first; `path` is the chain being walked.
    fn walk(
        graph: &Graph,
        at: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == at) {
            let mut c = path[i..].to_vec();
            c.push(at.to_string());
            return Some(c);
        }
        if done.contains(at) {
            return None;
        }
        path.push(at.to_string());
        for next in graph.get(at).into_iter().flatten() {
            if let Some(c) = walk(graph, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(at.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|m| walk(graph, m, &mut Vec::new(), &mut done))
}

/// Prints each crate's graph; (crates without a circle, crates with one).
pub fn check() -> Result<(usize, usize)> {
    let (mut clean, mut circled) = (0, 0);
    for dir in CRATES {
        let graph = graph(&root().join(dir))?;
        println!("{dir}:");
        for (module, uses) in &graph {
            let uses: Vec<&str> = uses.iter().map(String::as_str).collect();
            println!(
                "  {module} → {}",
                if uses.is_empty() {
                    "(none)".to_string()
                } else {
                    uses.join(", ")
                }
            );
        }
        match circle(&graph) {
            None => {
                println!("  no circle");
                clean += 1;
            }
            Some(c) => {
                println!("  CIRCLE: {}", c.join(" → "));
                circled += 1;
            }
        }
    }
    Ok((clean, circled))
}

pub fn run() -> Result {
    match check()? {
        (_, 0) => Ok(()),
        (_, n) => bail!("{n} crate(s) with a circle of module imports"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn imports_are_read_from_paths_groups_and_super_but_not_comments() {
        let text = "use crate::{cmd, setup::Env, Result};\nuse super::site::Site;\n// crate::ledger is only a comment\nfn f() { crate::report::print(); }";
        let found = imports(
            text,
            &names(&["cmd", "setup", "site", "ledger", "report", "own"]),
            "own",
        );
        assert_eq!(found, names(&["cmd", "setup", "site", "report"]));
    }

    #[test]
    fn a_circle_is_found_and_a_tree_is_not() {
        let mut g: Graph = BTreeMap::new();
        g.insert("a".into(), names(&["b"]));
        g.insert("b".into(), names(&["c"]));
        g.insert("c".into(), names(&[]));
        assert_eq!(circle(&g), None);
        g.insert("c".into(), names(&["a"]));
        assert_eq!(circle(&g).unwrap(), ["a", "b", "c", "a"]);
    }
}
