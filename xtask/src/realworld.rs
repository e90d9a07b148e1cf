//! `cargo xtask realworld`: the rewrite on code we did not write.
//!
//! Takes published crates from the registry (their wasm-bindgen-test
//! suites come with them), copies each twice under `target/realworld`
//! (nothing is committed), puts `#[wasm_ledger::track]` on every function
//! and method of one copy, builds both for wasm32 and runs their own test
//! suites as they are meant to run (Node or headless Chromium). Prints a
//! table per crate: functions instrumented, whether they compiled, tests
//! passed with and without instrumentation, crossings the ledger saw.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{annotate, cmd, root, setup, Result};

/// (crate, version, run its tests?)
const CRATES: &[(&str, &str, bool)] = &[
    ("gloo-events", "0.3.0", true),
    ("gloo-timers", "0.4.0", true),
    ("gloo-utils", "0.3.0", true),
    ("gloo-console", "0.4.1", true),
    ("gloo-storage", "0.4.0", true),
    ("gloo-render", "0.3.0", false),
];

/// Appended to each test file of the instrumented copy. The runner invokes
/// tests in descending order of name, so this one comes last; async tests
/// still running then are not in its totals (a lower bound).
const TOTALS_TEST: &str = r#"

#[wasm_bindgen_test::wasm_bindgen_test]
fn aaaa_wasm_ledger_totals() {
    let snapshot = wasm_ledger::snapshot();
    wasm_bindgen_test::console_log!(
        "wasm-ledger totals: {} crossings at {} sites",
        snapshot.current.crossings,
        snapshot.sites.len()
    );
}
"#;

#[derive(Default)]
struct Row {
    name: String,
    functions: usize,
    compiled: bool,
    plain: Option<(u64, u64)>,
    instrumented: Option<(u64, u64)>,
    crossings: u64,
    sites: u64,
}

pub fn run(args: &[String]) -> Result {
    if let Some(a) = args.first() {
        return Err(format!(
            "`cargo xtask realworld` takes no arguments (got `{a}`)"
        ));
    }
    let env = setup::run()?;
    let (good, _) = suite(&env)?;
    if good == CRATES.len() {
        Ok(())
    } else {
        Err("an instrumented crate did not compile, or passed fewer tests than without instrumentation".into())
    }
}

/// Runs every crate; returns how many were good (compiled when
/// instrumented, passing at least the tests they pass without) and how
/// many were not.
pub fn suite(env: &setup::Env) -> Result<(usize, usize)> {
    let work = root().join("target/realworld");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let sources = fetch(&work)?;

    let mut rows = Vec::new();
    for (&(name, version, run_tests), src) in CRATES.iter().zip(&sources) {
        println!("\n== {name} {version}");
        let mut row = Row {
            name: format!("{name} {version}"),
            ..Row::default()
        };
        for instrumented in [false, true] {
            let dir = work.join(format!(
                "{name}-{}",
                if instrumented {
                    "instrumented"
                } else {
                    "plain"
                }
            ));
            prepare(src, &dir, instrumented, &mut row)?;
            let mut c = env.wasm_cargo(if run_tests { "test" } else { "build" });
            c.current_dir(&dir).arg("--all-features");
            c.env(
                "CARGO_TARGET_DIR",
                work.join(if instrumented {
                    "target-instrumented"
                } else {
                    "target-plain"
                }),
            );
            if run_tests {
                // Unit and integration tests; doctests do not run on wasm32.
                c.args(["--tests", "--", "--nocapture"]);
                c.env(
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                    "wasm-bindgen-test-runner",
                );
                c.env("CHROMEDRIVER", &env.chromedriver);
                c.env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &env.webdriver_json);
            }
            let (out, ok) = cmd::run_tee(&mut c)?;
            let compiled =
                !out.contains("could not compile") && (ok || out.contains("test result"));
            if instrumented {
                row.compiled = compiled && (run_tests || ok);
            }
            if run_tests {
                let (passed, failed, _) = crate::test::counts(&out);
                let result = Some((passed, failed));
                if instrumented {
                    let extra = test_files(&dir).len() as u64;
                    row.instrumented = result.map(|(p, f)| (p.saturating_sub(extra), f));
                    for line in out
                        .lines()
                        .filter_map(|l| l.split("wasm-ledger totals: ").nth(1))
                    {
                        let mut words = line.split_whitespace();
                        row.crossings += words
                            .next()
                            .and_then(|w| w.parse::<u64>().ok())
                            .unwrap_or(0);
                        row.sites += words
                            .nth(2)
                            .and_then(|w| w.parse::<u64>().ok())
                            .unwrap_or(0);
                    }
                } else {
                    row.plain = result;
                }
            }
        }
        rows.push(row);
    }

    println!("\n== real-world crates, every function and method annotated");
    println!(
        "{:<20} {:>10} {:>9} {:>16} {:>20} {:>10} {:>6}",
        "crate",
        "functions",
        "compiled",
        "tests (plain)",
        "tests (instrumented)",
        "crossings",
        "sites"
    );
    let show = |r: Option<(u64, u64)>| {
        r.map_or("build only".to_string(), |(p, f)| {
            format!("{p} passed, {f} failed")
        })
    };
    let mut good = 0;
    for r in &rows {
        println!(
            "{:<20} {:>10} {:>9} {:>16} {:>20} {:>10} {:>6}",
            r.name,
            r.functions,
            if r.compiled { "yes" } else { "NO" },
            show(r.plain),
            show(r.instrumented),
            r.crossings,
            r.sites
        );
        let same = match (r.plain, r.instrumented) {
            (Some((p, _)), Some((i, _))) => i >= p,
            (None, None) => true,
            _ => false,
        };
        good += usize::from(r.compiled && same);
    }
    Ok((good, rows.len() - good))
}

/// The crates' sources, fetched from the registry by a throwaway project.
fn fetch(work: &Path) -> Result<Vec<PathBuf>> {
    let dir = work.join("fetch");
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let deps: String = CRATES
        .iter()
        .map(|(n, v, _)| format!("{n} = \"={v}\"\n"))
        .collect();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"fetch\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n{deps}\n[workspace]\n"),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/lib.rs"), "").map_err(|e| e.to_string())?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    cmd::run(Command::new(&cargo).current_dir(&dir).arg("fetch"))?;
    let meta = Command::new(&cargo)
        .current_dir(&dir)
        .args(["metadata", "--format-version", "1"])
        .output()
        .map_err(|e| e.to_string())?;
    let meta = String::from_utf8_lossy(&meta.stdout);
    CRATES
        .iter()
        .map(|(n, v, _)| {
            let needle = format!("{n}-{v}/Cargo.toml\"");
            meta.split("\"manifest_path\":\"")
                .find_map(|s| {
                    s.split_once('"')
                        .map(|(p, _)| p)
                        .filter(|p| format!("{p}\"").ends_with(&needle))
                })
                .map(|p| {
                    PathBuf::from(p)
                        .parent()
                        .map(PathBuf::from)
                        .unwrap_or_default()
                })
                .ok_or_else(|| format!("{n} {v} is not in the fetched metadata"))
        })
        .collect()
}

/// A fresh copy of `src` in `dir`, standalone, with the main lock file's
/// versions (so wasm-bindgen matches the CLI); annotated if `instrumented`.
fn prepare(src: &Path, dir: &Path, instrumented: bool, row: &mut Row) -> Result {
    let _ = std::fs::remove_dir_all(dir);
    cmd::copy_dir(src, dir)?;
    let manifest = dir.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    toml.push_str("\n[workspace]\n");
    if instrumented {
        toml.push_str(&format!(
            "\n[dependencies.wasm-ledger]\npath = {:?}\n",
            root().join("runtime")
        ));
    }
    std::fs::write(&manifest, toml).map_err(|e| e.to_string())?;
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    if !instrumented {
        return Ok(());
    }
    row.functions = 0;
    for file in rust_files(&dir.join("src")) {
        let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
        let (annotated, n) =
            annotate::annotate(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        row.functions += n;
        std::fs::write(&file, annotated).map_err(|e| e.to_string())?;
    }
    for file in test_files(dir) {
        let mut text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
        text.push_str(TOTALS_TEST);
        std::fs::write(&file, text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The integration test files (`tests/*.rs`) of the crate in `dir`.
fn test_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("tests"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}
