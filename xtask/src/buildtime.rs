//! `cargo xtask buildtime`: what annotating costs at compile time, where
//! users pay it, on every edit of a debug build.
//!
//! Takes crates of the real-world corpus from the registry, copies each
//! twice into `target/buildtime` (nothing is committed), puts
//! `#[wasm_ledger::track]` on every function and method of one copy, and
//! builds both for wasm32 in debug, as users do. Their dependencies (the
//! ledger's runtime among them for the annotated copy) are built once
//! first; then, the two copies interleaved run by run, each copy's crate is
//! built from clean (`cargo clean -p`) and incrementally after a one-line
//! edit. The
//! median of each is printed beside the other copy's, with their ratio,
//! and the macro's own expansion time per function, timed in a test of the
//! macro crate on the same annotated sources.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};

use crate::realworld::{self, Crate, CRATES};
use crate::{cmd, root, setup, Result};

/// The targets of issue 29: annotated / plain, clean and incremental.
const CLEAN_TARGET: f64 = 1.25;
const INCREMENTAL_TARGET: f64 = 1.10;

/// The line the edit appends to the crate's root file (a new item, so
/// rustc recompiles the crate and re-expands every attribute in it).
const EDIT: &str = "\n#[doc(hidden)] pub const __WASM_LEDGER_BUILDTIME_EDIT: u32 = ";

#[derive(Default)]
struct Row {
    name: String,
    functions: usize,
    /// Seconds of each build, per copy: [plain, annotated].
    clean: [Vec<f64>; 2],
    incremental: [Vec<f64>; 2],
    /// The macro's median microseconds per function, and its total ms.
    expansion: Option<(f64, f64)>,
    failure: Option<String>,
}

pub fn run(names: Option<String>, runs: u32, optimised: bool) -> Result {
    let env = setup::run(setup::BUILD)?;
    let picked: Vec<&Crate> = match &names {
        Some(list) => {
            let wanted: Vec<&str> = list.split(',').collect();
            CRATES.iter().filter(|c| wanted.contains(&c.name)).collect()
        }
        None => CRATES.iter().filter(|c| c.in_test_command).collect(),
    };
    if picked.is_empty() {
        bail!("no crate of the corpus is named {names:?}");
    }
    let work = root().join("target/buildtime");
    fs_err::create_dir_all(&work)?;
    let sources = realworld::fetch(&work, &picked)?;

    // One crate at a time: the crates' workspaces share a target
    // directory per copy, and the ledger's runtime, a path dependency, is
    // rebuilt when another workspace built it last. Each crate's untimed
    // first build of both copies takes that, then its timed builds run,
    // interleaved between the copies.
    let mut rows = Vec::new();
    for (krate, src) in picked.iter().zip(&sources) {
        let mut row = Row {
            name: format!("{} {}", krate.name, krate.version),
            ..Row::default()
        };
        for (i, copy) in COPIES.iter().enumerate() {
            let dir = copy_dir(&work, krate, i);
            let n = realworld::prepare(src, &dir, krate.manifest_extra, i == 1)?;
            if i == 1 {
                row.functions = n;
            }
            println!(
                "== {} {copy}: dependencies, then {} timed runs",
                row.name,
                runs.max(1)
            );
            if let Err(e) = build(&env, &work, krate, i, optimised) {
                row.failure = Some(format!("{copy} copy: {e:#}"));
            }
        }
        for run in 0..runs.max(1) {
            if row.failure.is_some() {
                break;
            }
            // The copy that goes first alternates.
            let order = if run % 2 == 0 { [0, 1] } else { [1, 0] };
            for i in order {
                let timed = clean_build(&env, &work, krate, i, optimised).and_then(|clean| {
                    Ok((clean, edited_build(&env, &work, krate, i, run, optimised)?))
                });
                match timed {
                    Ok((clean, incremental)) => {
                        row.clean[i].push(clean);
                        row.incremental[i].push(incremental);
                    }
                    Err(e) => row.failure = Some(format!("{} copy: {e:#}", COPIES[i])),
                }
            }
        }
        rows.push(row);
    }

    let dirs: Vec<PathBuf> = picked
        .iter()
        .zip(&rows)
        .filter(|(_, r)| r.failure.is_none())
        .map(|(k, _)| copy_dir(&work, k, 1).join("src"))
        .collect();
    // The builds' table is printed whatever the timing test does; its
    // failure fails the command after it.
    let (expansions, timing_failed) = match expansion_times(&dirs, optimised) {
        Ok(times) => (times, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    for (krate, row) in picked.iter().zip(&mut rows) {
        let dir = copy_dir(&work, krate, 1).join("src");
        row.expansion = expansions
            .iter()
            .find(|(d, _, _)| Path::new(d) == dir)
            .map(|(_, us, ms)| (*us, *ms));
    }
    print_table(&rows, runs.max(1), optimised);
    if let Some(e) = timing_failed {
        return Err(e.context("the macro's expansion time is not known"));
    }
    if let Some(r) = rows.iter().find(|r| r.failure.is_some()) {
        bail!(
            "{} did not build: {}",
            r.name,
            r.failure.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

const COPIES: [&str; 2] = ["plain", "annotated"];

fn copy_dir(work: &Path, krate: &Crate, copy: usize) -> PathBuf {
    work.join(format!("{}-{}", krate.name, COPIES[copy]))
}

/// A copy's target directory: the crates of one copy share their
/// dependencies; optimised macros have their own.
fn target_dir(work: &Path, copy: usize, optimised: bool) -> PathBuf {
    let macros = if optimised { "-macros-o3" } else { "" };
    work.join(format!("target-{}{macros}", COPIES[copy]))
}

/// `cargo build --lib` of one copy for wasm32, debug, into its copy's
/// target directory (the crates of one copy share their dependencies).
fn build(
    env: &setup::Env,
    work: &Path,
    krate: &Crate,
    copy: usize,
    optimised: bool,
) -> Result<f64> {
    let mut c = env.wasm_cargo("build");
    c.current_dir(copy_dir(work, krate, copy)).arg("--lib");
    if let Some(features) = krate.features {
        c.args(["--features", features]);
    }
    c.env("CARGO_TARGET_DIR", target_dir(work, copy, optimised));
    if optimised {
        c.env("CARGO_PROFILE_DEV_BUILD_OVERRIDE_OPT_LEVEL", "3");
    }
    let started = Instant::now();
    let out = cmd::capture(&c)?;
    let seconds = started.elapsed().as_secs_f64();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = err.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!("cargo build failed:\n{}", tail.join("\n"));
    }
    Ok(seconds)
}

/// The crate built with nothing of its own kept: its incremental cache
/// removed and its root file touched, so rustc compiles it anew (its
/// dependencies stay built). Not `cargo clean -p`: that removes every
/// package of the name, and the registry's release of a corpus crate may
/// be a dependency of the ledger's runtime too (wasm-bindgen-futures is).
fn clean_build(
    env: &setup::Env,
    work: &Path,
    krate: &Crate,
    copy: usize,
    optimised: bool,
) -> Result<f64> {
    let incremental =
        target_dir(work, copy, optimised).join("wasm32-unknown-unknown/debug/incremental");
    let prefix = format!("{}-", krate.name.replace('-', "_"));
    for entry in fs_err::read_dir(&incremental)?.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            fs_err::remove_dir_all(entry.path())?;
        }
    }
    let lib = copy_dir(work, krate, copy).join("src/lib.rs");
    let text = fs_err::read(&lib)?;
    fs_err::write(&lib, text)?;
    build(env, work, krate, copy, optimised)
}

/// One line of the crate's root file changed (a constant's value), then
/// built: the incremental rebuild after an edit.
fn edited_build(
    env: &setup::Env,
    work: &Path,
    krate: &Crate,
    copy: usize,
    run: u32,
    optimised: bool,
) -> Result<f64> {
    let lib = copy_dir(work, krate, copy).join("src/lib.rs");
    let text = fs_err::read_to_string(&lib).context("the crate's root file is src/lib.rs")?;
    let kept = text.split(EDIT).next().unwrap_or(&text);
    fs_err::write(&lib, format!("{kept}{EDIT}{run};\n"))?;
    build(env, work, krate, copy, optimised)
}

/// The macro's expansion time on the annotated sources under each of
/// `dirs`: (directory, median µs per function, total ms).
fn expansion_times(dirs: &[PathBuf], optimised: bool) -> Result<Vec<(String, f64, f64)>> {
    if dirs.is_empty() {
        return Ok(Vec::new());
    }
    let build = if optimised { "release" } else { "debug" };
    println!("== the macro's expansion time per function (its test, {build} build)");
    let mut c = cmd::cargo();
    c.current_dir(root()).arg("test");
    if optimised {
        c.arg("--release");
    }
    c.args([
        "-p",
        "wasm-ledger-macros",
        "--lib",
        "timing::expansion_time_per_function",
    ])
    .args(["--", "--ignored", "--nocapture", "--exact"])
    .env("WASM_LEDGER_TIME_DIRS", std::env::join_paths(dirs)?);
    let out = cmd::capture(&c)?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!(
            "the expansion timing test failed:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(text.lines().filter_map(expansion_line).collect())
}

/// `expansion: <dir> <n> fns <µs> us <ms> ms`.
fn expansion_line(line: &str) -> Option<(String, f64, f64)> {
    let rest = line.strip_prefix("expansion: ")?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let n = words.len();
    if n < 7 || words[n - 1] != "ms" || words[n - 3] != "us" {
        return None;
    }
    let dir = words[..n - 6].join(" ");
    Some((dir, words[n - 4].parse().ok()?, words[n - 2].parse().ok()?))
}

fn median(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(plain), Some(annotated)) if plain > 0.0 => Some(annotated / plain),
        _ => None,
    }
}

fn print_table(rows: &[Row], runs: u32, optimised: bool) {
    println!(
        "\n== debug build time for wasm32, every function annotated vs plain (median of {runs}, interleaved; dependencies built; proc macros {})",
        if optimised { "optimised: [profile.dev.build-override] opt-level = 3" } else { "as cargo builds them in debug, unoptimised" }
    );
    let mut t = crate::table(&[
        "crate",
        ">fns",
        ">clean plain s",
        ">annotated s",
        ">ratio",
        ">incr. plain s",
        ">annotated s",
        ">ratio",
        ">expand µs/fn",
        ">expand ms",
    ]);
    let s = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.2}"));
    let x = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.2}x"));
    let mut sums = [[0.0; 2]; 2];
    let mut fns = 0;
    for r in rows {
        if let Some(f) = &r.failure {
            t.add_row([
                r.name.clone(),
                r.functions.to_string(),
                format!("FAILED: {}", f.lines().next().unwrap_or("")),
            ]);
            continue;
        }
        let c = [median(&r.clean[0]), median(&r.clean[1])];
        let i = [median(&r.incremental[0]), median(&r.incremental[1])];
        for k in 0..2 {
            sums[0][k] += c[k].unwrap_or(0.0);
            sums[1][k] += i[k].unwrap_or(0.0);
        }
        fns += r.functions;
        t.add_row([
            r.name.clone(),
            r.functions.to_string(),
            s(c[0]),
            s(c[1]),
            x(ratio(c[0], c[1])),
            s(i[0]),
            s(i[1]),
            x(ratio(i[0], i[1])),
            r.expansion.map_or("-".into(), |(us, _)| format!("{us:.0}")),
            r.expansion.map_or("-".into(), |(_, ms)| format!("{ms:.0}")),
        ]);
    }
    let total_ms: f64 = rows
        .iter()
        .filter_map(|r| r.expansion)
        .map(|(_, ms)| ms)
        .sum();
    t.add_row([
        "all".to_string(),
        fns.to_string(),
        s(Some(sums[0][0])),
        s(Some(sums[0][1])),
        x(ratio(Some(sums[0][0]), Some(sums[0][1]))),
        s(Some(sums[1][0])),
        s(Some(sums[1][1])),
        x(ratio(Some(sums[1][0]), Some(sums[1][1]))),
        if fns > 0 {
            format!("{:.0}", total_ms * 1000.0 / fns as f64)
        } else {
            "-".into()
        },
        format!("{total_ms:.0}"),
    ]);
    println!("{}", t.trim_fmt());
    println!(
        "(targets: clean at most {CLEAN_TARGET:.2}x, incremental at most {INCREMENTAL_TARGET:.2}x; expand: the macro's time per function, median of each crate's, and in all; the 'all' row's µs/fn is the total over the functions)"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expansion_lines_are_read_with_spaces_in_the_path() {
        let line = "expansion: /a b/src 12 fns 35.5 us 0.9 ms";
        assert_eq!(
            expansion_line(line),
            Some(("/a b/src".to_string(), 35.5, 0.9))
        );
        assert_eq!(expansion_line("expansion: x"), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(ratio(Some(2.0), Some(3.0)), Some(1.5));
        assert_eq!(ratio(Some(0.0), Some(3.0)), None);
    }
}
