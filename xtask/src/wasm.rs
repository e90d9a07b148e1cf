//! The recipes the commands share: a crate built for wasm32, its module
//! bound by wasm-bindgen, a site laid out to serve.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cmd, Result};

/// Runs `c` (a `cargo build` of `Env::wasm_cargo`) with its builds in
/// `target`, in release or debug: the module of the crate `name` it made.
pub fn build(c: &mut Command, target: &Path, release: bool, name: &str) -> Result<PathBuf> {
    if release {
        c.arg("--release");
    }
    cmd::run(c.env("CARGO_TARGET_DIR", target))?;
    let profile = if release { "release" } else { "debug" };
    let file = format!("{}.wasm", name.replace('-', "_"));
    Ok(target
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join(file))
}

/// `wasm-bindgen --target <target> <flags> --out-dir <dir> <wasm>`, the
/// CLI on PATH.
pub fn bindgen(wasm: &Path, target: &str, flags: &[&str], dir: &Path) -> Result {
    bindgen_with(Path::new("wasm-bindgen"), wasm, target, flags, dir)
}

/// [`bindgen`] with the CLI `program`.
pub fn bindgen_with(
    program: &Path,
    wasm: &Path,
    target: &str,
    flags: &[&str],
    dir: &Path,
) -> Result {
    let mut c = Command::new(program);
    c.args(["--target", target]).args(flags);
    cmd::run(c.arg("--out-dir").arg(dir).arg(wasm))
}

/// A site to serve, made anew: the wasm-bindgen output of `wasm` (web
/// target, no typescript, `flags` besides) in `pkg/` (the glue brings the
/// probe), then the pages of `www`.
pub fn site(wasm: &Path, flags: &[&str], www: &Path, site: &Path) -> Result {
    let _ = std::fs::remove_dir_all(site);
    let mut all = vec!["--no-typescript"];
    all.extend_from_slice(flags);
    bindgen(wasm, "web", &all, &site.join("pkg"))?;
    cmd::copy_dir(www, site)
}
