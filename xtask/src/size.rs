//! `cargo xtask size`: what the ledger adds to a release module, part by
//! part, read from the module itself.
//!
//! Builds `examples/particles` in release twice, the ledger off (as users
//! ship) and on (`wasm-ledger/always-on`), binds both with wasm-bindgen,
//! and splits each module's bytes: each function body's size goes to the
//! part its name in the name section says it belongs to (the ledger's
//! module, `core::fmt`, `alloc`, another crate), and every other section
//! (data, the name section itself, the tables) is a part of its own. The
//! table lists the parts by the bytes the on-build adds there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::anyhow;

use crate::{cmd, root, setup, wasm, Result};

pub fn run() -> Result {
    let env = setup::run(setup::BUILD)?;
    let [off, on] = build(&env)?;
    let (off, on) = (fs_err::read(off)?, fs_err::read(on)?);
    print(&off, &on)
}

/// The example's two release modules after wasm-bindgen: [off, on].
pub fn build(env: &setup::Env) -> Result<[PathBuf; 2]> {
    let builds: [&[&str]; 2] = [&[], &["--features", "wasm-ledger/always-on"]];
    let mut out = [PathBuf::new(), PathBuf::new()];
    for (i, features) in builds.iter().enumerate() {
        let mut c = env.wasm_cargo("build");
        c.args(["-p", "particles", "--lib"]).args(*features);
        let built = wasm::build(&mut c, &root().join("target/wasm"), true, "particles")?;
        let dir = root().join(format!("target/bench/size-{i}"));
        wasm::bindgen(&built, "web", &["--no-typescript"], &dir)?;
        out[i] = dir.join("particles_bg.wasm");
    }
    Ok(out)
}

/// (raw, gzip -9) bytes of a file.
pub fn raw_and_gzip(wasm: &Path) -> Result<(u64, u64)> {
    let raw = fs_err::metadata(wasm)?.len();
    let mut gzip = Command::new("gzip");
    gzip.arg("-9c").arg(wasm);
    Ok((raw, cmd::capture(&gzip)?.stdout.len() as u64))
}

/// Prints the parts' table of the two modules, by bytes added.
pub fn print(off: &[u8], on: &[u8]) -> Result {
    let (off_parts, on_parts) = (parts(off)?, parts(on)?);
    let mut names: Vec<&String> = on_parts.keys().chain(off_parts.keys()).collect();
    names.sort();
    names.dedup();
    let get = |m: &BTreeMap<String, u64>, k: &str| m.get(k).copied().unwrap_or(0) as i64;
    let mut rows: Vec<(&String, i64, i64)> = names
        .into_iter()
        .map(|n| (n, get(&off_parts, n), get(&on_parts, n)))
        .collect();
    rows.sort_by_key(|(n, off, on)| (-(on - off), (*n).clone()));
    println!(
        "\n== what the ledger adds to examples/particles (release, after wasm-bindgen), by part"
    );
    let mut t = crate::table(&["part", ">off bytes", ">on bytes", ">added"]);
    let (mut total_off, mut total_on) = (0, 0);
    for (name, off, on) in &rows {
        total_off += off;
        total_on += on;
        if on == off {
            continue;
        }
        t.add_row([
            (*name).clone(),
            off.to_string(),
            on.to_string(),
            format!("{:+}", on - off),
        ]);
    }
    t.add_row([
        "all (the module)".to_string(),
        total_off.to_string(),
        total_on.to_string(),
        format!("{:+}", total_on - total_off),
    ]);
    println!("{}", t.trim_fmt());
    println!("(functions by the crate and module their names in the name section give, `fn:` rows; other sections by name, `section:` rows; parts the ledger leaves as they are not shown)");
    Ok(())
}

/// The module's bytes by part: `fn: <crate::module>` for function bodies,
/// `section: <name>` for the rest (section headers included).
pub fn parts(wasm: &[u8]) -> Result<BTreeMap<String, u64>> {
    use wasmparser::{KnownCustom, Name, Payload};
    let bad = |e: wasmparser::BinaryReaderError| anyhow!("a malformed wasm module: {e}");
    let mut imported = 0u32;
    let mut bodies: Vec<u64> = Vec::new();
    let mut names: BTreeMap<u32, String> = BTreeMap::new();
    let mut out: BTreeMap<String, u64> = BTreeMap::new();
    let mut accounted = 0u64;
    let add = |out: &mut BTreeMap<String, u64>, k: String, n: u64| {
        *out.entry(k).or_default() += n;
    };
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(bad)?;
        match &payload {
            Payload::ImportSection(reader) => {
                for import in reader.clone().into_imports() {
                    let import = import.map_err(bad)?;
                    if matches!(
                        import.ty,
                        wasmparser::TypeRef::Func(_) | wasmparser::TypeRef::FuncExact(_)
                    ) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let r = body.range();
                bodies.push(r.end - r.start);
            }
            Payload::CustomSection(custom) => {
                if let KnownCustom::Name(reader) = custom.as_known() {
                    for part in reader {
                        if let Ok(Name::Function(map)) = part {
                            for naming in map.flatten() {
                                names.insert(naming.index, part_of(naming.name));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        if let Some((id, range)) = payload.as_section() {
            let name = match &payload {
                Payload::CustomSection(c) => format!("section: custom {}", c.name()),
                _ => format!("section: {}", section_name(id)),
            };
            let len = range.end - range.start;
            accounted += len;
            add(&mut out, name, len);
        }
    }
    // The code section's bodies go to their functions' parts; what is left
    // of it (its header, the bodies' sizes) stays the section's.
    let mut in_bodies = 0;
    for (i, size) in bodies.iter().enumerate() {
        let index = imported + i as u32;
        let part = names
            .get(&index)
            .cloned()
            .unwrap_or_else(|| "fn: (no name)".into());
        add(&mut out, part, *size);
        in_bodies += size;
    }
    if let Some(code) = out.get_mut("section: code") {
        *code = code.saturating_sub(in_bodies);
    }
    // The module's header (magic, version) and each section's (id, size).
    let headers = (wasm.len() as u64).saturating_sub(accounted);
    add(&mut out, "section: (headers)".into(), headers);
    Ok(out)
}

/// A function's part: its crate and first module (`wasm_ledger::json`,
/// `core::fmt`), from its demangled name; trait impls by the impl's type.
fn part_of(mangled: &str) -> String {
    let name = format!("{:#}", rustc_demangle::demangle(mangled));
    // `<T as Trait>::f` and `<impl Trait for T>::f`: the type's path.
    let path = match name.strip_prefix('<') {
        Some(rest) => rest
            .strip_prefix("impl ")
            .and_then(|r| r.split(" for ").nth(1))
            .unwrap_or(rest)
            .trim_start_matches(['&', '*'])
            .trim_start_matches("mut ")
            .trim_start_matches("dyn ")
            .to_string(),
        None => name.clone(),
    };
    let segments: Vec<&str> = path
        .split("::")
        .map(|s| {
            s.split(['<', ' ', '>', '(', ')', '[', ']', ','])
                .next()
                .unwrap_or("")
        })
        .take_while(|s| !s.is_empty())
        .collect();
    match segments.as_slice() {
        [] => "fn: (other)".to_string(),
        [one] if !one.starts_with(|c: char| c.is_alphabetic() || c == '_') => "fn: (other)".into(),
        [krate] => format!("fn: {krate}"),
        [krate, module, ..] if module.chars().next().is_some_and(char::is_lowercase) => {
            format!("fn: {krate}::{module}")
        }
        [krate, ..] => format!("fn: {krate}"),
    }
}

fn section_name(id: u8) -> &'static str {
    match id {
        1 => "type",
        2 => "import",
        3 => "function",
        4 => "table",
        5 => "memory",
        6 => "global",
        7 => "export",
        8 => "start",
        9 => "element",
        10 => "code",
        11 => "data",
        12 => "data count",
        13 => "tag",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_go_to_their_crate_and_module() {
        assert_eq!(
            part_of("_ZN11wasm_ledger4json8document17h0123456789abcdefE"),
            "fn: wasm_ledger::json"
        );
        assert_eq!(part_of("core::fmt::write"), "fn: core::fmt");
        assert_eq!(
            part_of("<wasm_ledger::site::Site as core::fmt::Debug>::fmt"),
            "fn: wasm_ledger::site"
        );
        assert_eq!(
            part_of("<impl core::fmt::Debug for wasm_ledger::frame::Frame>::fmt"),
            "fn: wasm_ledger::frame"
        );
        assert_eq!(part_of("dlmalloc::Dlmalloc<A>::malloc"), "fn: dlmalloc");
        assert_eq!(part_of("__wbindgen_malloc"), "fn: __wbindgen_malloc");
    }

    #[test]
    fn a_module_is_split_into_its_parts_exactly() {
        // (module (func $a) (func $b)) with names a and b, by hand.
        let body = [0x02, 0x00, 0x0b];
        let mut m = vec![0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
        m.extend([0x01, 0x04, 0x01, 0x60, 0x00, 0x00]); // type: () -> ()
        m.extend([0x03, 0x03, 0x02, 0x00, 0x00]); // two functions of type 0
        m.extend([0x0a, 0x07, 0x02]); // code: two bodies
        m.extend(body);
        m.extend(body);
        // name section: "name", function names subsection.
        let names = [0x01, 0x07, 0x02, 0x00, 0x01, b'a', 0x01, 0x01, b'b'];
        let mut custom = vec![0x04, b'n', b'a', b'm', b'e'];
        custom.extend(names);
        m.push(0x00);
        m.push(custom.len() as u8);
        m.extend(custom);
        let parts = parts(&m).unwrap();
        // Each body's bytes after its size (locals, `end`).
        assert_eq!(parts["fn: a"], 2);
        assert_eq!(parts["fn: b"], 2);
        assert_eq!(parts.values().sum::<u64>(), m.len() as u64, "{parts:?}");
    }
}
