//! "Off costs exactly nothing": the release wasm of an annotated crate is
//! byte-identical to the same crate with the annotations removed.
//!
//! `tests/fixtures/identical` is copied to one fixed place and built three
//! times there (the same path, so the same crate hashes): annotated, with
//! the annotation lines blanked, and annotated with the `always-on` feature
//! (which must differ, or the comparison proves nothing).

use std::path::{Path, PathBuf};

use crate::{root, setup, Result};

/// The checks, each `(what, passed)`.
pub fn run(env: &setup::Env) -> Result<Vec<(String, bool)>> {
    let work = root().join("target/xtask/identical");
    let src = root().join("tests/fixtures/identical");
    let _ = std::fs::remove_dir_all(work.join("src"));
    std::fs::create_dir_all(work.join("src")).map_err(|e| e.to_string())?;
    for file in ["Cargo.toml", "src/lib.rs"] {
        let text = std::fs::read_to_string(src.join(file)).map_err(|e| format!("{file}: {e}"))?;
        // The fixture sits three levels below the root; its copy, too.
        std::fs::write(
            work.join(file),
            text.replace(
                "../../../runtime",
                &root().join("runtime").to_string_lossy(),
            ),
        )
        .map_err(|e| e.to_string())?;
    }
    // The main lock file pins the same dependency versions.
    std::fs::copy(root().join("Cargo.lock"), work.join("Cargo.lock")).map_err(|e| e.to_string())?;

    let annotated = build(env, &work, &[])?;
    let lib = work.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
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
    std::fs::write(&lib, plain_text).map_err(|e| e.to_string())?;
    let plain = build(env, &work, &[])?;
    std::fs::write(&lib, &text).map_err(|e| e.to_string())?;
    let on = build(env, &work, &["--features", "wasm-ledger/always-on"])?;

    // What the ledger would leave in a binary: its crate's symbols (in the
    // name section), its strings (report and warning texts, its source
    // paths) and the call sites' file paths (data).
    let markers: [&[u8]; 4] = [b"wasm_ledger", b"wasm-ledger", b"runtime/src", b"__wl_"];
    let found = |wasm: &[u8], section: &str| -> Result<Vec<String>> {
        let bytes = sections(wasm)?
            .into_iter()
            .filter(|(name, _)| name == section)
            .flat_map(|(_, b)| b)
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

/// The sections of a wasm module, as `(name, contents)`: the standard ones
/// by their names (`data`, `code`...), custom ones by their own (`name`).
fn sections(wasm: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let leb = |at: &mut usize| -> Result<usize> {
        let (mut value, mut shift) = (0usize, 0);
        loop {
            let byte = *wasm.get(*at).ok_or("a truncated wasm module")?;
            *at += 1;
            value |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
            if shift > 35 {
                return Err("a malformed wasm module".into());
            }
        }
    };
    const NAMES: [&str; 13] = [
        "custom",
        "type",
        "import",
        "function",
        "table",
        "memory",
        "global",
        "export",
        "start",
        "element",
        "code",
        "data",
        "datacount",
    ];
    let mut at = 8;
    let mut out = Vec::new();
    while at < wasm.len() {
        let id = wasm[at] as usize;
        at += 1;
        let size = leb(&mut at)?;
        let body = wasm.get(at..at + size).ok_or("a truncated wasm section")?;
        let mut name = NAMES.get(id).copied().unwrap_or("unknown").to_string();
        let mut contents = body.to_vec();
        if id == 0 {
            let mut inner = at;
            let len = leb(&mut inner)?;
            name = String::from_utf8_lossy(
                wasm.get(inner..inner + len)
                    .ok_or("a truncated section name")?,
            )
            .into_owned();
            contents = wasm[inner + len..at + size].to_vec();
        }
        out.push((name, contents));
        at += size;
    }
    Ok(out)
}

fn build(env: &setup::Env, work: &Path, extra: &[&str]) -> Result<Vec<u8>> {
    let mut c = env.wasm_cargo("build");
    c.current_dir(work).args(["--release", "--lib"]).args(extra);
    c.env("CARGO_TARGET_DIR", work.join("target"));
    crate::cmd::run(&mut c)?;
    let wasm: PathBuf = work.join("target/wasm32-unknown-unknown/release/identical.wasm");
    std::fs::read(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))
}
