//! `cargo xtask package`: the two crates users depend on are ready to
//! publish: `cargo package` and `cargo publish --dry-run` of
//! `wasm-ledger-macros` and `wasm-ledger`, in that order (cargo verifies
//! the runtime against the packaged macros), the packaged runtime carries
//! the truth probe it imports, and the docs build as docs.rs builds them
//! (`--cfg docsrs`, the browser-side features on, for wasm32).

use std::process::Command;

use crate::{cmd, root, setup, Result};

/// The crates, in the order they must be published.
const CRATES: [&str; 2] = ["wasm-ledger-macros", "wasm-ledger"];

/// Files the packaged runtime must carry besides its sources.
const RUNTIME_FILES: [&str; 5] = [
    "js/probe.js",
    "js/hud.js",
    "build.rs",
    "LICENSE-MIT",
    "LICENSE-APACHE",
];

pub fn run() -> Result {
    let env = setup::run(setup::BUILD)?;
    let checks = check(&env)?;
    let failed: Vec<&String> = checks
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(n, _)| n)
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("not ready to publish: {failed:?}"))
    }
}

/// Each check and whether it passed.
pub fn check(env: &setup::Env) -> Result<Vec<(String, bool)>> {
    let cargo = cmd::cargo;
    let both = |c: &mut Command| {
        for krate in CRATES {
            c.args(["-p", krate]);
        }
        // The working tree as it is (a clean clone in CI).
        c.arg("--allow-dirty");
    };
    let mut checks = Vec::new();

    let mut package = cargo();
    package.arg("package");
    both(&mut package);
    checks.push(("cargo package".to_string(), cmd::run(&mut package).is_ok()));

    let mut publish = cargo();
    publish.args(["publish", "--dry-run"]);
    both(&mut publish);
    checks.push((
        "cargo publish --dry-run".to_string(),
        cmd::run(&mut publish).is_ok(),
    ));

    let mut list = cargo();
    list.args(["package", "--list", "-p", "wasm-ledger", "--allow-dirty"]);
    let listed = list
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
        .unwrap_or_default();
    for file in RUNTIME_FILES {
        let has = listed.lines().any(|l| l == file);
        println!(
            "packaged runtime carries {file}: {}",
            if has { "yes" } else { "NO" }
        );
        checks.push((format!("packaged {file}"), has));
    }

    // As docs.rs builds it: nightly features through RUSTC_BOOTSTRAP, a
    // target dir of its own so the host builds keep their flags.
    let mut docs = env.wasm_cargo("doc");
    docs.args([
        "-p",
        "wasm-ledger",
        "--no-deps",
        "--features",
        "probe,exact",
    ])
    .env("RUSTC_BOOTSTRAP", "1")
    .env("RUSTDOCFLAGS", "--cfg docsrs -D warnings")
    .env("CARGO_TARGET_DIR", root().join("target/docsrs"));
    checks.push((
        "docs as docs.rs builds them".to_string(),
        cmd::run(&mut docs).is_ok(),
    ));
    Ok(checks)
}
