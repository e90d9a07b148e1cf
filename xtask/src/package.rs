//! `cargo xtask package`: the two crates users depend on are ready to
//! publish: `cargo package` and `cargo publish --dry-run` of
//! `wasm-ledger-macros` and `wasm-ledger`, in that order (cargo verifies
//! the runtime against the packaged macros), the packaged runtime carries
//! the truth probe it imports, and the docs build as docs.rs builds them
//! (`--cfg docsrs`, the browser-side features on, for wasm32).

use anyhow::bail;

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
    if !failed.is_empty() {
        bail!("not ready to publish: {failed:?}");
    }
    Ok(())
}

/// Each check and whether it passed.
pub fn check(env: &setup::Env) -> Result<Vec<(String, bool)>> {
    let mut checks = Vec::new();
    for args in [&["package"][..], &["publish", "--dry-run"]] {
        let mut c = cmd::cargo();
        c.args(args);
        for krate in CRATES {
            c.args(["-p", krate]);
        }
        // The working tree as it is (a clean clone in CI).
        c.arg("--allow-dirty");
        checks.push((format!("cargo {}", args.join(" ")), cmd::run(&c).is_ok()));
    }

    let mut list = cmd::cargo();
    list.args(["package", "--list", "-p", "wasm-ledger", "--allow-dirty"]);
    let listed = cmd::capture(&list).map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    let listed = listed.unwrap_or_default();
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
        cmd::run(&docs).is_ok(),
    ));
    Ok(checks)
}
