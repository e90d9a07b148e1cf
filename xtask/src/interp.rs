//! Where wasm-bindgen's descriptor interpreter walks, and whether the
//! ledger's code is on that path.
//!
//! The CLI finds each type's descriptor by *running* wasm code: every
//! function that calls the `__wbindgen_describe_cast` import (a closure's
//! or a cast's descriptor, from 0.2.101 on), every `__wbindgen_describe_*`
//! export, and (0.2.100) each function that calls
//! `__wbindgen_describe_closure`. Its interpreter knows a subset of wasm,
//! and which subset changed from release to release (read from each
//! release's `interpreter/mod.rs`):
//!
//! | releases | runs |
//! |---|---|
//! | 0.2.100–0.2.104 | i32 constants, locals, globals, `i32.add`/`sub`, loads, stores, calls |
//! | 0.2.105–0.2.118 | the same and blocks (`try` from 0.2.107) |
//! | 0.2.120–0.2.121 | i64 constants, unary and a few more binary operators; no branch |
//! | 0.2.122–0.2.125 | `br` and `br_if`; no `br_table`, `if`, `loop` |
//! | 0.2.126 on | branches of every kind, `select`, 32 binary operators |
//!
//! Code the ledger put where it walks is a panic in the user's CLI
//! (`wasm_ledger::__private::enter: non-i32 constant`).
//!
//! [`check`] reads a module (before wasm-bindgen ran) and walks from every
//! root as the interpreter would, entering every call a root can reach
//! along any path (the newest interpreter takes branches the oldest stop
//! at), and returns each ledger function reached, with the chain of calls
//! that reaches it and the instructions in it that the oldest interpreter
//! cannot run.

use std::collections::{HashMap, HashSet};

use anyhow::{anyhow, bail};

use crate::{root, setup, wasm, Result};

/// What the walk found: the ledger's functions on the interpreter's path.
#[derive(Debug)]
pub struct Finding {
    /// `root → … → wasm_ledger::…`, by the name section's names.
    pub chain: Vec<String>,
    /// Instructions of the ledger's function that the oldest admitted
    /// interpreter cannot run (`i64.const`, `br_table`...).
    pub uninterpretable: Vec<String>,
}

/// One local function: the calls it makes and what it uses that the oldest
/// interpreter cannot run.
struct Body {
    calls: Vec<u32>,
    uninterpretable: Vec<String>,
}

/// Roots, the functions reached from them, and the ledger's among them.
pub struct Walk {
    pub roots: usize,
    pub reached: usize,
    pub findings: Vec<Finding>,
}

/// Whether a function (by its name-section name, demangled as rustc's
/// legacy mangling prints it) is the ledger's runtime.
fn is_ledger(name: &str) -> bool {
    let name = name.trim_start_matches('<');
    name.starts_with("wasm_ledger::") || name.contains(" as wasm_ledger::")
}

/// What the oldest interpreter (0.2.100–0.2.104) runs: straight-line i32
/// code, no block (see the module's doc). `None` for what it runs.
fn uninterpretable(op: &wasmparser::Operator) -> Option<String> {
    use wasmparser::Operator as O;
    match op {
        O::I32Const { .. }
        | O::LocalGet { .. }
        | O::LocalSet { .. }
        | O::LocalTee { .. }
        | O::GlobalGet { .. }
        | O::GlobalSet { .. }
        | O::I32Add
        | O::I32Sub
        | O::I32Load { .. }
        | O::I32Load8S { .. }
        | O::I32Load8U { .. }
        | O::I32Store { .. }
        | O::I32Store8 { .. }
        | O::I64Store { .. }
        | O::Return
        | O::Drop
        | O::Call { .. }
        | O::ReturnCall { .. }
        | O::End
        | O::Nop => None,
        other => Some(
            format!("{other:?}")
                .split([' ', '{'])
                .next()
                .unwrap_or("?")
                .to_string(),
        ),
    }
}

/// Walks `wasm` (a module as rustc and wasm-ld made it, before
/// wasm-bindgen) from every root of the descriptor interpreter.
pub fn check(wasm: &[u8]) -> Result<Walk> {
    use wasmparser::{KnownCustom, Name, Operator, Payload, TypeRef};
    let bad = |e: wasmparser::BinaryReaderError| anyhow!("a malformed wasm module: {e}");
    let mut imported = 0u32;
    let mut describe = HashSet::new();
    let mut cast = None;
    let mut closure = None;
    let mut exports: Vec<(String, u32)> = Vec::new();
    let mut bodies: Vec<Body> = Vec::new();
    let mut names: HashMap<u32, String> = HashMap::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload.map_err(bad)? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import.map_err(bad)?;
                    if !matches!(import.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        continue;
                    }
                    if import.module == "__wbindgen_placeholder__" {
                        match import.name {
                            "__wbindgen_describe" => {
                                describe.insert(imported);
                            }
                            "__wbindgen_describe_cast" => cast = Some(imported),
                            "__wbindgen_describe_closure" => closure = Some(imported),
                            _ => {}
                        }
                    }
                    imported += 1;
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export.map_err(bad)?;
                    if export.kind == wasmparser::ExternalKind::Func {
                        exports.push((export.name.to_string(), export.index));
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let mut calls = Vec::new();
                let mut odd = Vec::new();
                let mut ops = body.get_operators_reader().map_err(bad)?;
                while !ops.eof() {
                    let op = ops.read().map_err(bad)?;
                    match op {
                        Operator::Call { function_index }
                        | Operator::ReturnCall { function_index } => calls.push(function_index),
                        _ => {}
                    }
                    if let Some(what) = uninterpretable(&op) {
                        if !odd.contains(&what) {
                            odd.push(what);
                        }
                    }
                }
                bodies.push(Body {
                    calls,
                    uninterpretable: odd,
                });
            }
            Payload::CustomSection(custom) => {
                if let KnownCustom::Name(reader) = custom.as_known() {
                    for part in reader {
                        if let Ok(Name::Function(map)) = part {
                            for naming in map.flatten() {
                                // rustc's names are mangled (`_ZN11wasm_ledger…E`).
                                let shown = format!("{:#}", rustc_demangle::demangle(naming.name));
                                names.insert(naming.index, shown);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let local = |f: u32| f.checked_sub(imported).and_then(|i| bodies.get(i as usize));
    let name = |f: u32| {
        names
            .get(&f)
            .cloned()
            .unwrap_or_else(|| format!("function[{f}]"))
    };
    // The calls `__wbindgen_skip_interpret_calls` makes (the module's
    // constructors): the interpreter steps over them.
    let skip: HashSet<u32> = exports
        .iter()
        .filter(|(n, _)| n == "__wbindgen_skip_interpret_calls")
        .filter_map(|(_, f)| local(*f))
        .flat_map(|b| b.calls.iter().copied())
        .collect();
    let marks: HashSet<u32> = describe
        .iter()
        .copied()
        .chain(cast)
        .chain(closure)
        .collect();
    let mut roots: Vec<u32> = exports
        .iter()
        .filter(|(n, _)| n.starts_with("__wbindgen_describe_"))
        .map(|(_, f)| *f)
        .collect();
    for (i, body) in bodies.iter().enumerate() {
        if body
            .calls
            .iter()
            .any(|c| Some(*c) == cast || Some(*c) == closure)
        {
            roots.push(imported + i as u32);
        }
    }
    roots.sort_unstable();
    roots.dedup();
    // Breadth first from every root, keeping how each function was first
    // reached, so a finding says which chain of calls leads to it.
    let mut parent: HashMap<u32, Option<u32>> = roots.iter().map(|r| (*r, None)).collect();
    let mut queue: std::collections::VecDeque<u32> = roots.iter().copied().collect();
    let mut findings = Vec::new();
    while let Some(f) = queue.pop_front() {
        let Some(body) = local(f) else { continue };
        let fname = name(f);
        if is_ledger(&fname) {
            let mut chain = vec![fname];
            let mut at = f;
            while let Some(Some(p)) = parent.get(&at) {
                chain.push(name(*p));
                at = *p;
            }
            chain.reverse();
            // What the ledger's function runs, all the way down.
            let mut odd: Vec<String> = Vec::new();
            let mut seen = HashSet::from([f]);
            let mut stack = vec![f];
            while let Some(g) = stack.pop() {
                let Some(b) = local(g) else { continue };
                for what in &b.uninterpretable {
                    if !odd.contains(what) {
                        odd.push(what.clone());
                    }
                }
                for &c in &b.calls {
                    if !marks.contains(&c) && !skip.contains(&c) && seen.insert(c) {
                        stack.push(c);
                    }
                }
            }
            findings.push(Finding {
                chain,
                uninterpretable: odd,
            });
            // What the ledger's function calls is the ledger's path too:
            // reported through it, not again.
            continue;
        }
        for &c in &body.calls {
            if marks.contains(&c) || skip.contains(&c) || parent.contains_key(&c) {
                continue;
            }
            parent.insert(c, Some(f));
            queue.push_back(c);
        }
    }
    Ok(Walk {
        roots: roots.len(),
        reached: parent.len(),
        findings,
    })
}

/// The optimisation levels the fixture is built at (the ledger on: a dev
/// profile, debug assertions on).
pub const LEVELS: &[&str] = &["0", "1", "2", "3", "s", "z"];

/// `tests/fixtures/interp-app` built at `level` (the fixture and the ledger
/// at that level: wasm-bindgen's generic code, the descriptors among it, is
/// compiled in the fixture; the other crates stay at the dev profile's, so
/// that js-sys is built once for all levels), walked.
fn fixture(env: &setup::Env, level: &str) -> Result<Walk> {
    let mut c = env.wasm_cargo("build");
    c.current_dir(root().join("tests/fixtures/interp-app"))
        .arg("--lib");
    let value = if level.parse::<u8>().is_ok() {
        level.to_string()
    } else {
        format!("\"{level}\"")
    };
    for package in ["interp-app", "wasm-ledger"] {
        c.arg("--config")
            .arg(format!("profile.dev.package.{package}.opt-level={value}"));
    }
    let wasm = wasm::build(&mut c, &root().join("target/interp"), false, "interp-app")?;
    check(&fs_err::read(&wasm)?)
}

/// The fixture at every level in [`LEVELS`], walked and printed: (level,
/// whether the ledger is off the path).
pub fn fixtures(env: &setup::Env) -> Result<Vec<(&'static str, bool)>> {
    let mut out = Vec::new();
    for level in LEVELS {
        println!("\n== interp: tests/fixtures/interp-app at opt-level {level}");
        let walk = fixture(env, level)?;
        out.push((*level, show(&format!("opt-level {level}"), &walk)));
    }
    Ok(out)
}

/// Prints a walk; true when the ledger is off the path (and there was a
/// path: a module with no root would prove nothing).
fn show(what: &str, walk: &Walk) -> bool {
    println!(
        "{what}: {} roots, {} functions reached, {} of the ledger's",
        walk.roots,
        walk.reached,
        walk.findings.len()
    );
    for f in &walk.findings {
        println!("  {}", f.chain.join(" → "));
        if !f.uninterpretable.is_empty() {
            let (shown, more) = (f.uninterpretable.len().min(8), f.uninterpretable.len());
            let more = if more > 8 {
                format!(" and {} more", more - 8)
            } else {
                String::new()
            };
            let shown = f.uninterpretable[..shown].join(", ");
            println!("    the oldest interpreter cannot run: {shown}{more}");
        }
    }
    walk.roots > 0 && walk.findings.is_empty()
}

pub fn run(wasm: Option<String>) -> Result {
    let mut clean = true;
    match wasm {
        Some(list) => {
            for path in list.split(',') {
                let wasm = fs_err::read(path)?;
                clean &= show(path, &check(&wasm)?);
            }
        }
        None => {
            let env = setup::run(setup::BUILD)?;
            clean = fixtures(&env)?.iter().all(|(_, ok)| *ok);
        }
    }
    if !clean {
        bail!("the ledger's code is on the path wasm-bindgen's descriptor interpreter walks (or nothing was walked)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// A module with `__wbindgen_describe` imported, a descriptor export
    /// (function 1) that calls function 2, named `name` (mangled) and
    /// holding one `i64.const`.
    fn module(name: &str) -> Vec<u8> {
        let section = |id: u8, body: Vec<u8>| {
            let mut s = vec![id, body.len() as u8];
            s.extend(body);
            s
        };
        let string = |s: &str| {
            let mut v = vec![s.len() as u8];
            v.extend(s.as_bytes());
            v
        };
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend(section(1, vec![2, 0x60, 0, 0, 0x60, 1, 0x7f, 0]));
        let mut import = vec![1];
        import.extend(string("__wbindgen_placeholder__"));
        import.extend(string("__wbindgen_describe"));
        import.extend([0, 1]);
        wasm.extend(section(2, import));
        wasm.extend(section(3, vec![2, 0, 0]));
        let mut export = vec![1];
        export.extend(string("__wbindgen_describe_f"));
        export.extend([0, 1]);
        wasm.extend(section(7, export));
        // 1: call 2; i32.const 7; call 0 (describe). 2: i64.const 1; drop.
        let one = [0, 0x10, 2, 0x41, 7, 0x10, 0, 0x0b];
        let two = [0, 0x42, 1, 0x1a, 0x0b];
        let mut code = vec![2, one.len() as u8];
        code.extend(one);
        code.push(two.len() as u8);
        code.extend(two);
        wasm.extend(section(10, code));
        let mut names = vec![2, 1];
        names.extend(string("__wbindgen_describe_f"));
        names.push(2);
        names.extend(string(name));
        let mut custom = string("name");
        custom.push(1);
        custom.push(names.len() as u8);
        custom.extend(names);
        wasm.extend(section(0, custom));
        wasm
    }

    #[test]
    fn the_ledgers_function_under_a_descriptor_is_found_with_its_chain() {
        let walk = super::check(&module(
            "_ZN11wasm_ledger9__private5enter17h0123456789abcdefE",
        ))
        .unwrap();
        assert_eq!((walk.roots, walk.reached), (1, 2));
        assert_eq!(walk.findings.len(), 1);
        assert_eq!(
            walk.findings[0].chain,
            ["__wbindgen_describe_f", "wasm_ledger::__private::enter"]
        );
        assert_eq!(walk.findings[0].uninterpretable, ["I64Const"]);
    }

    #[test]
    fn other_code_under_a_descriptor_is_not_the_ledgers() {
        let walk =
            super::check(&module("_ZN4core3ptr13drop_in_place17h0123456789abcdefE")).unwrap();
        assert_eq!((walk.roots, walk.reached), (1, 2));
        assert!(walk.findings.is_empty());
    }
}
