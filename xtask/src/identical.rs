//! "Off costs exactly nothing": the release wasm of an annotated crate is
//! byte-identical to the same crate with the annotations removed.
//!
//! `tests/fixtures/identical` is copied to one fixed place and built three
//! times there (the same path, so the same crate hashes): annotated, with
//! the annotation lines blanked, and annotated with the `always-on` feature
//! (which must differ, or the comparison proves nothing).

use std::path::Path;

use anyhow::Context;

use crate::{root, setup, wasm, Result};

/// The checks, each `(what, passed)`.
pub fn run(env: &setup::Env) -> Result<Vec<(String, bool)>> {
    let work = root().join("target/xtask/identical");
    let src = root().join("tests/fixtures/identical");
    let _ = std::fs::remove_dir_all(work.join("src"));
    fs_err::create_dir_all(work.join("src"))?;
    for file in ["Cargo.toml", "src/lib.rs"] {
        let text = fs_err::read_to_string(src.join(file))?;
        // The fixture sits three levels below the root; its copy, too.
        fs_err::write(
            work.join(file),
            text.replace(
                "../../../runtime",
                &root().join("runtime").to_string_lossy(),
            ),
        )?;
    }
    // The main lock file pins the same dependency versions.
    fs_err::copy(root().join("Cargo.lock"), work.join("Cargo.lock"))?;

    let annotated = build(env, &work, &[])?;
    let lib = work.join("src/lib.rs");
    let text = fs_err::read_to_string(&lib)?;
    // Each annotation line becomes an empty line, so that every other line
    // keeps its number (panic locations are part of the binary).
    let is_annotation =
        |l: &str| matches!(l.trim(), "#[wasm_ledger::track]" | "#[wasm_ledger::frame]");
    let removed = text.lines().filter(|l| is_annotation(l)).count();
    let plain_text: String = text
        .lines()
        .map(|l| {
            if is_annotation(l) {
                "\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    fs_err::write(&lib, plain_text)?;
    let plain = build(env, &work, &[])?;
    fs_err::write(&lib, &text)?;
    let on = build(env, &work, &["--features", "wasm-ledger/always-on"])?;

    // What the ledger would leave in a binary: its crate's symbols (in the
    // name section), its strings (report and warning texts, its source
    // paths) and the call sites' file paths (data).
    let markers: [&[u8]; 4] = [b"wasm_ledger", b"wasm-ledger", b"runtime/src", b"__wl_"];
    let found = |wasm: &[u8], section: &str| -> Result<Vec<String>> {
        let bytes = sections(wasm)?
            .into_iter()
            .filter(|(name, _)| name == section)
            .flat_map(|(_, b)| b.iter().copied())
            .collect::<Vec<u8>>();
        Ok(markers
            .iter()
            .filter(|m| bytes.windows(m.len()).any(|w| w == **m))
            .map(|m| String::from_utf8_lossy(m).into_owned())
            .collect())
    };
    let mut checks = vec![
        (
            format!("{removed} annotations removed from the fixture"),
            removed >= 4,
        ),
        (
            format!(
                "release, ledger off: annotated == plain ({} bytes)",
                annotated.len()
            ),
            annotated == plain,
        ),
        (
            format!(
                "release, always-on: differs ({} bytes, +{})",
                on.len(),
                on.len() as i64 - plain.len() as i64
            ),
            on != plain,
        ),
    ];
    for section in ["data", "name"] {
        let off = found(&annotated, section)?;
        let on = found(&on, section)?;
        checks.push((
            format!(
                "release, ledger off: no ledger code or source path in the {section} section (found: {}; always-on has: {})",
                if off.is_empty() { "none".to_string() } else { off.join(", ") },
                on.join(", ")
            ),
            // The always-on build shows the search finds them.
            off.is_empty() && !on.is_empty(),
        ));
    }
    for (what, ok) in &checks {
        println!("{} {what}", if *ok { "ok  " } else { "FAIL" });
    }
    Ok(checks)
}

/// The standard sections' names, in the order of their ids.
const SECTIONS: &str =
    "custom type import function table memory global export start element code data datacount tag";

/// The sections of a wasm module, as `(name, contents)`: the standard ones
/// by their names (`data`, `code`, `tag`...), custom ones by their own
/// (`name`), each with its contents (a custom section's after its name).
fn sections(wasm: &[u8]) -> Result<Vec<(String, &[u8])>> {
    use wasmparser::Payload;
    let mut out = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload.context("a malformed wasm module")?;
        if let Payload::CustomSection(custom) = &payload {
            out.push((custom.name().to_string(), custom.data()));
            continue;
        }
        // The header, the code section's functions (inside "code"), the
        // end: not sections.
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        let name = SECTIONS.split(' ').nth(id.into()).unwrap_or("unknown");
        let contents = usize::try_from(range.start)
            .ok()
            .zip(usize::try_from(range.end).ok())
            .and_then(|(start, end)| wasm.get(start..end))
            .context("a truncated wasm section")?;
        out.push((name.to_string(), contents));
    }
    Ok(out)
}

fn build(env: &setup::Env, work: &Path, extra: &[&str]) -> Result<Vec<u8>> {
    let mut c = env.wasm_cargo("build");
    c.current_dir(work).arg("--lib").args(extra);
    let wasm = wasm::build(&mut c, &work.join("target"), true, "identical")?;
    Ok(fs_err::read(wasm)?)
}

#[cfg(test)]
mod tests {
    /// A module with a type, a tag (section 13), a data and a `name` section.
    fn module() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]); // type: one `func () -> ()`
        wasm.extend([13, 3, 1, 0, 0]); // tag: one exception of type 0
        wasm.extend([11, 5, 1, 1, 2, b'h', b'i']); // data: one passive segment "hi"
        wasm.extend([0, 16, 4]); // custom, 16 bytes, a name of 4
        wasm.extend(b"namewasm_ledger");
        wasm
    }

    #[test]
    fn sections_are_named_with_their_contents() {
        let wasm = module();
        let sections = super::sections(&wasm).unwrap();
        let names: Vec<&str> = sections.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["type", "tag", "data", "name"]);
        assert_eq!(sections[2].1, [1, 1, 2, b'h', b'i']);
        assert_eq!(sections[3].1, b"wasm_ledger");
    }

    #[test]
    fn what_is_not_a_whole_module_is_an_error() {
        let wasm = module();
        assert!(super::sections(&wasm[..wasm.len() - 3]).is_err());
        assert!(super::sections(b"\0asx\x01\0\0\0").is_err());
    }
}
