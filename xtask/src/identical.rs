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

    let path_text = b"fixtures";
    let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    let checks = vec![
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
        (
            "release, ledger off: no source path in the wasm".to_string(),
            !contains(&annotated, path_text) && contains(&on, b"src/lib.rs"),
        ),
    ];
    for (what, ok) in &checks {
        println!("{} {what}", if *ok { "ok  " } else { "FAIL" });
    }
    Ok(checks)
}

fn build(env: &setup::Env, work: &Path, extra: &[&str]) -> Result<Vec<u8>> {
    let mut c = env.wasm_cargo("build");
    c.current_dir(work).args(["--release", "--lib"]).args(extra);
    c.env("CARGO_TARGET_DIR", work.join("target"));
    crate::cmd::run(&mut c)?;
    let wasm: PathBuf = work.join("target/wasm32-unknown-unknown/release/identical.wasm");
    std::fs::read(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))
}
