//! `cargo xtask realworld`: the rewrite on code we did not write.
//!
//! Takes published crates from the registry (their wasm-bindgen-test
//! suites come with them), copies each twice under `target/realworld`
//! (nothing is committed), puts `#[wasm_ledger::track]` on every function
//! and method of one copy, builds both for wasm32 and runs their own test
//! suites as they are meant to run (Node or headless Chromium); a crate
//! without tests is built plain only if its annotated copy fails. Prints a
//! table per crate: functions instrumented, whether they compiled, tests
//! passed with and without instrumentation, crossings the ledger saw.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::{annotate, cmd, root, setup, suites, Result};

/// A published crate of the corpus.
pub struct Crate {
    pub name: &'static str,
    pub version: &'static str,
    /// `--features` for both builds (`None`: the crate's defaults).
    pub features: Option<&'static str>,
    /// Run its own wasm tests (else build only: no tests shipped, or they
    /// need the network, closed here).
    pub tests: bool,
    /// Part of `cargo xtask test` (small and quick); the rest runs with
    /// `cargo xtask realworld` only.
    pub in_test_command: bool,
    /// Why it is build-only, when it is.
    pub why_build_only: &'static str,
    /// Added to both copies' manifests: what building it for wasm32 here
    /// needs (the same for the plain and the annotated copy).
    pub manifest_extra: &'static str,
}

const fn tested(
    name: &'static str,
    version: &'static str,
    features: Option<&'static str>,
) -> Crate {
    Crate {
        name,
        version,
        features,
        tests: true,
        in_test_command: true,
        why_build_only: "",
        manifest_extra: "",
    }
}

const fn built(
    name: &'static str,
    version: &'static str,
    features: Option<&'static str>,
    in_test_command: bool,
    why_build_only: &'static str,
) -> Crate {
    Crate {
        name,
        version,
        features,
        tests: false,
        in_test_command,
        why_build_only,
        manifest_extra: "",
    }
}

/// The corpus: crates that call into JS a lot, and the web crates of the
/// frameworks apps are built with.
pub const CRATES: &[Crate] = &[
    tested("gloo-events", "0.3.0", None),
    // Its suite waits on real timers: `cargo xtask realworld` runs it.
    Crate {
        in_test_command: false,
        ..tested("gloo-timers", "0.4.0", Some("futures"))
    },
    tested("gloo-utils", "0.3.0", Some("serde")),
    // Small suites of little JS: `cargo xtask realworld` runs them, the
    // test command does not (it keeps the suites that cross most).
    Crate {
        in_test_command: false,
        ..tested("gloo-console", "0.4.1", None)
    },
    Crate {
        in_test_command: false,
        ..tested("gloo-storage", "0.4.0", None)
    },
    built("gloo-render", "0.3.0", None, true, "no tests shipped"),
    built("gloo-file", "0.4.0", Some("futures"), true, "no tests shipped"),
    built("gloo-history", "0.3.0", Some("query"), true, "no tests shipped"),
    built("gloo-dialogs", "0.3.0", None, true, "no tests shipped"),
    built("gloo-net", "0.7.0", None, true, "its tests need an HTTP server on the network"),
    built("gloo-worker", "0.6.0", Some("futures"), true, "no tests shipped"),
    Crate {
        // Its property tests pull in getrandom 0.4, which needs its JS
        // backend named on wasm32-unknown-unknown.
        manifest_extra: "\n[dev-dependencies.getrandom_04]\npackage = \"getrandom\"\nversion = \"0.4\"\nfeatures = [\"wasm_js\"]\n",
        ..tested("serde-wasm-bindgen", "0.6.5", None)
    },
    built("wasm-bindgen-futures", "0.4.80", None, true, "no tests shipped"),
    built("console_error_panic_hook", "0.1.7", None, true, "its test panics on purpose"),
    built("web-time", "1.1.0", None, true, "no tests shipped"),
    built("tracing-wasm", "0.2.1", None, true, "no tests shipped"),
    built("tracing-web", "0.1.4", None, true, "no tests shipped"),
    built("wasm-tracing", "2.1.0", None, true, "no tests shipped"),
    built("send_wrapper", "0.6.0", None, true, "its tests start threads"),
    built("getrandom", "0.2.17", Some("js"), true, "no wasm tests shipped"),
    built("indexed_db_futures", "0.6.4", None, false, "its tests need a browser's IndexedDB harness from its repository"),
    built("ws_stream_wasm", "0.7.5", None, true, "its tests need a WebSocket server on the network"),
    built("wasm-timer", "0.2.5", None, true, "no wasm tests shipped"),
    built("wasm-streams", "0.7.0", None, true, "no tests shipped"),
    built("reactive_graph", "0.2.16", None, false, "a framework crate: build only, in `cargo xtask realworld`"),
    built("tachys", "0.2.19", None, false, "a framework crate: build only, in `cargo xtask realworld`"),
    built("leptos_dom", "0.8.8", None, false, "a framework crate: build only, in `cargo xtask realworld`"),
    built("yew", "0.21.0", Some("csr"), false, "a framework crate: build only, in `cargo xtask realworld`"),
    built("dioxus-web", "0.7.10", None, false, "a framework crate: build only, in `cargo xtask realworld`"),
    built("sycamore-web", "0.9.4", None, false, "a framework crate: build only, in `cargo xtask realworld`"),
];

/// Appended to each test file of the instrumented copy: what every site had
/// counted when it ran. wasm-bindgen-test runs the tests one at a time in
/// the reverse order of the wasm's exports, which the linker decides, not
/// their names: appended at the end, it ran last in serde-wasm-bindgen's
/// `tests/node.rs` and first in its `tests/browser.rs` (0 crossings), so
/// the totals are a lower bound.
const TOTALS_TEST: &str = r#"

#[wasm_bindgen_test::wasm_bindgen_test]
fn aaaa_wasm_ledger_totals() {
    // Every site's total: frames and turns have ended along the way.
    let snapshot = wasm_ledger::snapshot();
    let crossings: u64 = snapshot.sites.iter().map(|s| s.tally.crossings).sum();
    wasm_bindgen_test::console_log!(
        "wasm-ledger totals: {} crossings at {} sites",
        crossings,
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
    /// Both builds compiled (the plain one too: a crate that does not build
    /// here at all says nothing about the rewrite).
    plain_compiled: bool,
    /// What the compile-time checks found in the instrumented copy: (check,
    /// `file:line:col` in the crate).
    findings: Vec<(String, String)>,
    /// What the ledger warned while the crate's own tests ran: (kind,
    /// `file:line:col` in the crate), each once.
    warnings: Vec<(String, String)>,
}

pub fn run() -> Result {
    let env = setup::run(setup::NODE_CHROMIUM)?;
    let (_, bad) = suite(&env, Corpus::All)?;
    if bad > 0 {
        bail!("an instrumented crate did not compile, or passed fewer tests than without instrumentation");
    }
    Ok(())
}

/// Which part of the corpus to run.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Corpus {
    /// The crates marked `in_test_command`: what `cargo xtask test` runs.
    Fast,
    /// Every crate.
    All,
}

/// Runs the corpus; returns how many crates were good (compiled when
/// instrumented, passing at least the tests they pass without) and how
/// many were not.
pub fn suite(env: &setup::Env, corpus: Corpus) -> Result<(usize, usize)> {
    let work = root().join("target/realworld");
    fs_err::create_dir_all(&work)?;
    let crates: Vec<&Crate> = CRATES
        .iter()
        .filter(|c| corpus == Corpus::All || c.in_test_command)
        .collect();
    let sources = fetch(&work, &crates)?;

    let mut rows = Vec::new();
    for (krate, src) in crates.iter().zip(&sources) {
        let name = format!("{} {}", krate.name, krate.version);
        println!("\n== {name}");
        let mut row = Row {
            name,
            ..Row::default()
        };
        // The annotated copy first. A crate without tests to compare is
        // built plain only when its annotated copy fails to build: to tell
        // the rewrite's fault from a crate that does not build here.
        for instrumented in [true, false] {
            if !instrumented && !krate.tests && row.compiled {
                row.plain_compiled = true;
                continue;
            }
            run_copy(env, &work, krate, src, instrumented, &mut row)?;
        }
        rows.push(row);
    }

    println!("\n== real-world crates, every function and method annotated");
    let mut table = crate::table(&[
        "crate",
        ">functions",
        ">compiled",
        ">tests (plain)",
        ">tests (instrumented)",
        ">crossings",
        ">sites",
        "",
    ]);
    let show = |r: Option<(u64, u64)>| {
        r.map_or("build only".to_string(), |(p, f)| {
            format!("{p} passed, {f} failed")
        })
    };
    let mut good = 0;
    for (r, krate) in rows.iter().zip(&crates) {
        let mut notes = Vec::new();
        if !krate.why_build_only.is_empty() {
            notes.push(format!("build only: {}", krate.why_build_only));
        }
        if !r.plain_compiled {
            notes.push("the plain copy did not build here".to_string());
        }
        table.add_row([
            r.name.clone(),
            r.functions.to_string(),
            if r.compiled { "yes" } else { "NO" }.into(),
            show(r.plain),
            show(r.instrumented),
            r.crossings.to_string(),
            r.sites.to_string(),
            notes.join("; "),
        ]);
        let same = match (r.plain, r.instrumented) {
            (Some((p, _)), Some((i, _))) => i >= p,
            (None, None) => true,
            _ => false,
        };
        good += usize::from(r.compiled && same);
    }
    println!("{}", table.trim_fmt());
    list(
        "what the compile-time checks found in the annotated copies",
        "check",
        &rows,
        |r| &r.findings,
    );
    list(
        "what the ledger warned while the crates' own tests ran",
        "warning",
        &rows,
        |r| &r.warnings,
    );
    Ok((good, rows.len() - good))
}

/// Builds one copy of `krate` (annotated or plain) in `work` and runs its
/// own tests, if it has them: what it did goes into `row`.
fn run_copy(
    env: &setup::Env,
    work: &Path,
    krate: &Crate,
    src: &Path,
    instrumented: bool,
    row: &mut Row,
) -> Result {
    let copy = if instrumented {
        "instrumented"
    } else {
        "plain"
    };
    let dir = work.join(format!("{}-{copy}", krate.name));
    let functions = prepare(src, &dir, krate.manifest_extra, instrumented)?;
    if instrumented {
        row.functions = functions;
    }
    let mut c = env.wasm_cargo(if krate.tests { "test" } else { "build" });
    c.current_dir(&dir);
    if let Some(features) = krate.features {
        c.args(["--features", features]);
    }
    c.env("CARGO_TARGET_DIR", work.join(format!("target-{copy}")));
    if krate.tests {
        // Unit and integration tests; doctests do not run on wasm32.
        c.args(["--tests", "--", "--nocapture"]);
        c.env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        );
        let chromium = env.chromium()?;
        c.env("CHROMEDRIVER", &chromium.driver);
        c.env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &chromium.webdriver_json);
    }
    // stderr too: the checks' findings are compiler warnings.
    let (out, ok) = cmd::tee(&c, true)?;
    let compiled = !out.contains("could not compile") && (ok || out.contains("test result"));
    let compiled = compiled && (krate.tests || ok);
    let (passed, failed, _) = suites::counts(&out);
    let tests = krate.tests.then_some((passed, failed));
    if !instrumented {
        row.plain_compiled = compiled;
        row.plain = tests;
        return Ok(());
    }
    row.compiled = compiled;
    row.findings = findings(&out);
    if krate.tests {
        // The totals test appended to each test file is not the crate's.
        let extra = test_files(&dir).len() as u64;
        row.instrumented = Some((passed.saturating_sub(extra), failed));
        row.warnings = warnings(&out);
        let totals = out
            .lines()
            .filter_map(|l| l.split("wasm-ledger totals: ").nth(1));
        for line in totals {
            // `N crossings at M sites`.
            let mut words = line.split_whitespace();
            let mut number = |n| words.nth(n).and_then(|w| w.parse::<u64>().ok());
            row.crossings += number(0).unwrap_or(0);
            row.sites += number(2).unwrap_or(0);
        }
    }
    Ok(())
}

/// Prints `title` with the count, then each crate's (`what`, where) pairs
/// that `pick` takes from its row.
fn list(title: &str, what: &str, rows: &[Row], pick: impl Fn(&Row) -> &Vec<(String, String)>) {
    let mut table = crate::table(&["crate", what, "at"]);
    for r in rows {
        for (what, at) in pick(r) {
            table.add_row([r.name.as_str(), what, at]);
        }
    }
    println!("\n== {title}: {}", table.row_count());
    if table.row_count() > 0 {
        println!("{}", table.trim_fmt());
    }
}

/// The ledger's run-time warnings in a test run's output
/// (`wasm-ledger warning [kind] file:line:col in func: ...`), each kind and
/// place once.
fn warnings(out: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    for rest in out
        .lines()
        .filter_map(|l| l.split("wasm-ledger warning [").nth(1))
    {
        let Some((kind, at)) = crate::demo::kind_and_place(rest) else {
            continue;
        };
        let warning = (kind.to_string(), at.to_string());
        if !found.contains(&warning) {
            found.push(warning);
        }
    }
    found
}

/// The checks' findings in cargo's output: each is a `deprecated` warning
/// naming `wasm_ledger::checks::<check>`, with its location on the next
/// `-->` line. Deduplicated (a test build and a lib build report the same).
fn findings(out: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut check: Option<String> = None;
    for line in out.lines() {
        if let Some(rest) = line
            .split("deprecated constant `wasm_ledger::checks::")
            .nth(1)
        {
            check = rest.split('`').next().map(str::to_string);
        } else if let (Some(c), Some(at)) = (&check, line.trim().strip_prefix("--> ")) {
            let f = (c.clone(), at.trim().to_string());
            if !found.contains(&f) {
                found.push(f);
            }
            check = None;
        }
    }
    found
}

/// The crates' sources, fetched from the registry by a throwaway project.
pub fn fetch(work: &Path, crates: &[&Crate]) -> Result<Vec<PathBuf>> {
    let dir = work.join("fetch");
    fs_err::create_dir_all(dir.join("src"))?;
    let deps: String = crates
        .iter()
        .map(|c| format!("{} = \"={}\"\n", c.name, c.version))
        .collect();
    fs_err::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"fetch\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n{deps}\n[workspace]\n"),
    )
    ?;
    fs_err::write(dir.join("src/lib.rs"), "")?;
    cmd::run(cmd::cargo().current_dir(&dir).arg("fetch"))?;
    // The host's cargo (`$CARGO`), as every other step.
    let meta = cargo_metadata::MetadataCommand::new()
        .current_dir(&dir)
        .manifest_path(dir.join("Cargo.toml"))
        .exec()
        .context("cargo metadata of the fetched crates")?;
    crates
        .iter()
        .map(|c| source_dir(&meta, c.name, c.version))
        .collect()
}

/// The directory of package `name` at `version` in cargo's metadata.
fn source_dir(meta: &cargo_metadata::Metadata, name: &str, version: &str) -> Result<PathBuf> {
    meta.packages
        .iter()
        .find(|p| p.name == name && p.version.to_string() == version)
        .and_then(|p| p.manifest_path.parent())
        .map(|dir| dir.as_std_path().to_path_buf())
        .with_context(|| format!("{name} {version} is not in the fetched metadata"))
}

/// A fresh copy of `src` in `dir`, standalone, with the main lock file's
/// versions (so wasm-bindgen matches the CLI); annotated if `instrumented`:
/// how many functions and methods were.
pub fn prepare(src: &Path, dir: &Path, extra: &str, instrumented: bool) -> Result<usize> {
    let _ = std::fs::remove_dir_all(dir);
    cmd::copy_dir(src, dir)?;
    let manifest = dir.join("Cargo.toml");
    let mut toml = fs_err::read_to_string(&manifest)?;
    toml.push_str("\n[workspace]\n");
    toml.push_str(extra);
    if instrumented {
        toml.push_str(&format!(
            "\n[dependencies.wasm-ledger]\npath = {:?}\n",
            root().join("runtime")
        ));
    }
    fs_err::write(&manifest, toml)?;
    fs_err::copy(root().join("Cargo.lock"), dir.join("Cargo.lock"))?;
    if !instrumented {
        return Ok(0);
    }
    let mut functions = 0;
    for file in cmd::rust_files(&dir.join("src")).unwrap_or_default() {
        let text = fs_err::read_to_string(&file)?;
        let (annotated, n) =
            annotate::annotate(&text).with_context(|| file.display().to_string())?;
        functions += n;
        fs_err::write(&file, annotated)?;
    }
    for file in test_files(dir) {
        let mut text = fs_err::read_to_string(&file)?;
        text.push_str(TOTALS_TEST);
        fs_err::write(&file, text)?;
    }
    Ok(functions)
}

/// The integration test files (`tests/*.rs`) of the crate in `dir`.
fn test_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs_err::read_dir(dir.join("tests"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    #[test]
    fn findings_are_read_from_the_compilers_warnings() {
        let out = "warning: use of deprecated constant `wasm_ledger::checks::per_element_copy`: element by element\n\
                   \x20 --> src/lib.rs:10:5\n\
                   warning: unused variable\n\
                   \x20 --> src/lib.rs:3:1\n\
                   warning: use of deprecated constant `wasm_ledger::checks::per_element_copy`: element by element\n\
                   \x20 --> src/lib.rs:10:5\n";
        assert_eq!(
            super::findings(out),
            [(
                "per_element_copy".to_string(),
                "src/lib.rs:10:5".to_string()
            )]
        );
    }

    #[test]
    fn run_time_warnings_are_read_from_the_tests_output_once_each() {
        let out = "Invoking test: common::a\n\
                   wasm-ledger warning [detached_view] src/ser.rs:392:41 in serialize_bytes: wasm memory grew\n\
                   console | [warn] wasm-ledger warning [growing_cache] src/lib.rs:9:5 in f: `self.m` holds\n\
                   wasm-ledger warning [detached_view] src/ser.rs:392:41 in serialize_bytes: again\n";
        assert_eq!(
            super::warnings(out),
            [
                ("detached_view".to_string(), "src/ser.rs:392:41".to_string()),
                ("growing_cache".to_string(), "src/lib.rs:9:5".to_string())
            ]
        );
    }

    #[test]
    fn a_package_is_found_by_name_and_version() {
        // The workspace's own metadata: serde_json at its locked version.
        let lock = fs_err::read_to_string(crate::root().join("Cargo.lock")).unwrap();
        let version = crate::setup::locked_version(&lock, "serde_json").unwrap();
        let meta = cargo_metadata::MetadataCommand::new()
            .manifest_path(crate::root().join("Cargo.toml"))
            .exec()
            .unwrap();
        let dir = super::source_dir(&meta, "serde_json", &version).unwrap();
        assert!(dir.join("Cargo.toml").is_file(), "{}", dir.display());
        assert!(dir.ends_with(format!("serde_json-{version}")));
        assert!(super::source_dir(&meta, "serde_json", "0.0.1").is_err());
        assert!(super::source_dir(&meta, "no-such-crate", &version).is_err());
    }
}
