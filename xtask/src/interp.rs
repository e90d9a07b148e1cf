//! Where wasm-bindgen's descriptor interpreter walks, and whether the
//! ledger's code is on that path.
//!
//! The CLI finds each type's descriptor by *running* wasm code: every
//! function that calls the `__wbindgen_describe_cast` import (a closure's
//! or a cast's descriptor, from 0.2.101 on), every `__wbindgen_describe_*`
//! export, and (0.2.100) each function that calls
//! `__wbindgen_describe_closure`. Its interpreter knows a subset of wasm,
//! and which subset changed from release to release: up to 0.2.11x, i32
//! constants, locals, globals, `i32.add`/`sub`, loads and stores, calls and
//! blocks, and nothing that branches; 0.2.115–0.2.12x add i64 constants and
//! more arithmetic, still no branch; 0.2.130 follows branches. Code the
//! ledger put where it walks is a panic in the user's CLI
//! (`wasm_ledger::__private::enter: non-i32 constant`).
//!
//! [`check`] reads a module (before wasm-bindgen ran) and walks from every
//! root as the interpreter would, entering every call a root can reach
//! along any path (the newest interpreter takes branches the oldest stop
//! at), and returns each ledger function reached, with the chain of calls
//! that reaches it and the instructions in it that the oldest interpreter
//! cannot run.

use std::collections::{HashMap, HashSet};

use crate::Result;

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

/// What the oldest interpreter (0.2.101–0.2.114) runs: straight-line i32
/// code on the stack (see the module's doc). `None` for what it runs.
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
        | O::Block { .. }
        | O::Try { .. }
        | O::TryTable { .. }
        | O::End
        | O::Nop => None,
        other => Some(format!("{other:?}").split([' ', '{']).next().unwrap_or("?").to_string()),
    }
}

/// Walks `wasm` (a module as rustc and wasm-ld made it, before
/// wasm-bindgen) from every root of the descriptor interpreter.
pub fn check(wasm: &[u8]) -> Result<Walk> {
    use wasmparser::{KnownCustom, Name, Operator, Payload, TypeRef};
    let bad = |e: wasmparser::BinaryReaderError| format!("a malformed wasm module: {e}");
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
                bodies.push(Body { calls, uninterpretable: odd });
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
    let name = |f: u32| names.get(&f).cloned().unwrap_or_else(|| format!("function[{f}]"));
    // The calls `__wbindgen_skip_interpret_calls` makes (the module's
    // constructors): the interpreter steps over them.
    let skip: HashSet<u32> = exports
        .iter()
        .filter(|(n, _)| n == "__wbindgen_skip_interpret_calls")
        .filter_map(|(_, f)| local(*f))
        .flat_map(|b| b.calls.iter().copied())
        .collect();
    let marks: HashSet<u32> = describe.iter().copied().chain(cast).chain(closure).collect();
    let mut roots: Vec<u32> = exports
        .iter()
        .filter(|(n, _)| n.starts_with("__wbindgen_describe_"))
        .map(|(_, f)| *f)
        .collect();
    for (i, body) in bodies.iter().enumerate() {
        if body.calls.iter().any(|c| Some(*c) == cast || Some(*c) == closure) {
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
            findings.push(Finding { chain, uninterpretable: odd });
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
    Ok(Walk { roots: roots.len(), reached: parent.len(), findings })
}

pub fn run(args: &crate::args::Args) -> Result {
    let Some(list) = args.value("wasm") else {
        return Err("give --wasm A,B".into());
    };
    let mut clean = true;
    for path in list.split(',') {
        let wasm = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let walk = check(&wasm)?;
        println!("{path}: {} roots, {} functions reached, {} of the ledger's", walk.roots, walk.reached, walk.findings.len());
        for f in &walk.findings {
            clean = false;
            println!("  {}\n    cannot run: {}", f.chain.join(" → "), f.uninterpretable.join(", "));
        }
    }
    if clean { Ok(()) } else { Err("the ledger's code is on the descriptor interpreter's path".into()) }
}
