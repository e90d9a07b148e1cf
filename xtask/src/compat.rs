//! `cargo xtask compat`: the runtime against the wasm-bindgen an app
//! already has.
//!
//! For each version, a copy of the runtime, the macros and the wasm test
//! suite goes to `target/compat/<version>/` as a workspace of its own that
//! pins `wasm-bindgen = "=<version>"` and leaves js-sys, web-sys,
//! wasm-bindgen-futures and wasm-bindgen-test as plain ranges, so cargo
//! picks the releases that go with it, as it would in a user's app. The
//! suite is built for wasm32 and run in Node with that version's own
//! wasm-bindgen-test-runner (kept beside the others, see
//! `setup::wasm_bindgen_cli_of`). Prints a table: version, what cargo
//! resolved, built, tests passed, accuracy rows exact.

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};

use crate::{cmd, root, setup, suites, wasm, Result};

/// The oldest supported version: the one `cargo xtask test` runs.
pub const OLDEST: &str = "0.2.100";

/// One release of each descriptor interpreter behaviour `compat --all`
/// found (see `interp.rs`), beside the oldest (its own interpreter crate,
/// closures described through `__wbindgen_describe_closure`) and the
/// workspace's own (0.2.130: branches of every kind): 0.2.112, i32 code
/// only, and closures and casts made through calls of the glue's own;
/// 0.2.120, i64 too, still no branch; 0.2.122, `br` and `br_if` but no
/// `br_table`. `cargo xtask test` runs their accuracy rows and the app on
/// each.
pub const QUICK: &[&str] = &["0.2.112", "0.2.120", "0.2.122"];

/// A release of wasm-bindgen on the registry.
pub struct Release {
    pub version: String,
    pub yanked: bool,
}

/// Every 0.2 release of wasm-bindgen from [`OLDEST`] on, oldest first, as
/// the registry's index lists them (yanked ones marked).
pub fn releases() -> Result<Vec<Release>> {
    let url = "https://index.crates.io/wa/sm/wasm-bindgen";
    let text = cmd::output("curl", &["-sSf", "--max-time", "60", url])
        .with_context(|| format!("could not read the registry's index ({url})"))?;
    let oldest = patch(OLDEST).unwrap_or(0);
    let mut out: Vec<Release> = text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|entry| {
            let version = entry.get("vers")?.as_str()?.to_string();
            let yanked = entry.get("yanked")?.as_bool()?;
            (patch(&version)? >= oldest).then_some(Release { version, yanked })
        })
        .collect();
    out.sort_by_key(|r| patch(&r.version));
    if out.is_empty() {
        bail!("the registry's index ({url}) lists no wasm-bindgen from {OLDEST} on");
    }
    Ok(out)
}

/// N of `0.2.N` (a release, not a pre-release).
fn patch(version: &str) -> Option<u32> {
    version.strip_prefix("0.2.")?.parse().ok()
}

/// One version's result.
#[derive(Default)]
pub struct Row {
    pub version: String,
    /// `js-sys 0.3.77, wasm-bindgen-futures 0.4.50`, as cargo resolved them.
    pub resolved: String,
    pub built: bool,
    pub passed: u64,
    pub failed: u64,
    /// Accuracy rows (tests of `tests/accuracy.rs`) passed, of all run.
    pub accuracy: (u64, u64),
    /// The app on this release (`tests/fixtures/older-app` pinned to it):
    /// built, bound by its CLI, true counts in Node; `None`: not tried.
    pub app: Option<bool>,
    pub seconds: f64,
}

impl Row {
    fn failed(version: &str) -> Row {
        Row {
            version: version.to_string(),
            failed: 1,
            app: Some(false),
            ..Row::default()
        }
    }

    pub fn ok(&self) -> bool {
        self.built
            && self.failed == 0
            && self.passed > 0
            && self.accuracy.0 == self.accuracy.1
            && self.app != Some(false)
    }
}

/// Which of the wasm test suite's binaries a run builds and runs.
#[derive(Clone, Copy)]
pub enum Tests {
    All,
    /// `tests/accuracy.rs` only (the quick set of `cargo xtask test`).
    Accuracy,
}

/// `tests/fixtures/older-app`: an app with its own lock file on this
/// wasm-bindgen (one of `args::COMPAT_VERSIONS`, so its CLI is the one compat builds).
pub const APP_VERSION: &str = "0.2.114";

/// What the app printed: per frame, the ledger's and the probe's crossings.
pub struct App {
    pub frames: Vec<(u64, u64)>,
    /// The ledger's periodic report reached the console.
    pub reported: bool,
    pub exact: bool,
}

impl App {
    pub fn ok(&self) -> bool {
        self.frames.len() == 3
            && self
                .frames
                .iter()
                .all(|&(ledger, probe)| ledger == probe && ledger > 0)
            && self.reported
            && self.exact
    }
}

pub fn run(list: &str, all: bool) -> Result {
    let (versions, yanked): (Vec<Release>, Vec<Release>) = if all {
        releases()?.into_iter().partition(|r| !r.yanked)
    } else {
        let version = |v: &str| Release {
            version: v.trim().to_string(),
            yanked: false,
        };
        (list.split(',').map(version).collect(), Vec::new())
    };
    let env = setup::run(setup::NODE)?;
    let started = Instant::now();
    let mut rows = Vec::new();
    for Release { version: v, .. } in &versions {
        // With --all, a release that fails (its CLI does not build, its
        // CLI panics) is a row that failed, and the others still run.
        let mut row = match suite(&env, v, Tests::All) {
            Ok(row) => row,
            Err(e) if all => {
                println!("wasm-bindgen {v}: {e:#}");
                Row::failed(v)
            }
            Err(e) => return Err(e),
        };
        // With --all, the app on every release; otherwise the one of its
        // own lock file, below.
        if all {
            row.app = Some(app_on(&env, v).map(|a| a.ok()).unwrap_or_else(|e| {
                println!("the app on wasm-bindgen {v}: {e:#}");
                false
            }));
        }
        rows.push(row);
    }
    print_table(&rows);
    for Release { version: v, .. } in &yanked {
        println!("{v:<13} yanked on the registry: cargo never picks it (a lock file may hold it; not tried)");
    }
    println!(
        "({} releases in {:.0} s)",
        rows.len(),
        started.elapsed().as_secs_f64()
    );
    let app = if all { None } else { Some(app(&env)?) };
    if !rows.iter().all(Row::ok) || !app.is_none_or(|a| a.ok()) {
        bail!("the wasm test suite does not pass against every wasm-bindgen version");
    }
    Ok(())
}

pub fn print_table(rows: &[Row]) {
    println!("\n== wasm-bindgen versions (cargo xtask compat)");
    let mut table = crate::table(&[
        "wasm-bindgen",
        "resolved with it",
        "built",
        ">passed",
        ">failed",
        ">accuracy",
        ">app",
        ">seconds",
    ]);
    for r in rows {
        let app = match r.app {
            Some(true) => "true",
            Some(false) => "FAIL",
            None => "-",
        };
        table.add_row([
            r.version.clone(),
            r.resolved.clone(),
            if r.built { "yes" } else { "NO" }.into(),
            r.passed.to_string(),
            r.failed.to_string(),
            format!("{}/{}", r.accuracy.0, r.accuracy.1),
            app.into(),
            format!("{:.1}", r.seconds),
        ]);
    }
    println!("{}", table.trim_fmt());
}

/// Where every version's builds go: one directory, so that what does not
/// depend on wasm-bindgen (syn, serde...) is built once for all.
fn shared_target() -> std::path::PathBuf {
    root().join("target/compat/target")
}

/// Builds and runs the wasm test suite (or its accuracy rows) in Node
/// against `version`.
pub fn suite(env: &setup::Env, version: &str, tests: Tests) -> Result<Row> {
    println!("\n== compat: the wasm test suite against wasm-bindgen {version}");
    let started = Instant::now();
    let cli = setup::wasm_bindgen_cli_of(version)?;
    let dir = root().join("target/compat").join(version);
    workspace(&dir, version)?;
    let mut c = env.wasm_cargo("test");
    c.current_dir(&dir)
        .args(["-p", "wasm-ledger-tests", "--no-fail-fast"]);
    match tests {
        Tests::All => c.arg("--tests"),
        Tests::Accuracy => c.args(["--test", "accuracy"]),
    };
    c.env("CARGO_TARGET_DIR", shared_target()).env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        cli.join("wasm-bindgen-test-runner"),
    );
    let (out, ok) = cmd::tee(&c, true)?;
    let (passed, failed, _) = suites::counts(&out);
    Ok(Row {
        version: version.to_string(),
        resolved: resolved(&dir.join("Cargo.lock")),
        built: ok || passed + failed > 0,
        passed,
        failed: if ok { failed } else { failed.max(1) },
        accuracy: accuracy(&out),
        app: None,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Builds `tests/fixtures/older-app` for wasm32 with its own lock file,
/// binds it with the CLI of its wasm-bindgen, runs it in Node and reads
/// what it printed.
pub fn app(env: &setup::Env) -> Result<App> {
    println!("\n== an app of its own on wasm-bindgen {APP_VERSION} (tests/fixtures/older-app)");
    let dir = root().join("tests/fixtures/older-app");
    let lock = fs_err::read_to_string(dir.join("Cargo.lock"))?;
    let locked = setup::locked_version(&lock, "wasm-bindgen");
    if locked.as_deref() != Some(APP_VERSION) {
        bail!("older-app's lock file has wasm-bindgen {locked:?}, not {APP_VERSION}");
    }
    let target = root().join("target/compat/older-app");
    run_app(env, &dir, APP_VERSION, &target)
}

/// `tests/fixtures/older-app` with wasm-bindgen pinned to `version` (a copy
/// in `target/compat/apps/<version>`, its lock file made anew), built in a
/// debug build, bound by that release's own CLI and run in Node.
pub fn app_on(env: &setup::Env, version: &str) -> Result<App> {
    println!("\n== the app on wasm-bindgen {version} (tests/fixtures/older-app, pinned)");
    let dir = root().join("target/compat/apps").join(version);
    let _ = std::fs::remove_dir_all(&dir);
    cmd::copy_dir(
        &root().join("tests/fixtures/older-app/src"),
        &dir.join("src"),
    )?;
    let manifest = fs_err::read_to_string(root().join("tests/fixtures/older-app/Cargo.toml"))?;
    let mut doc: toml_edit::DocumentMut = manifest.parse().context("older-app's Cargo.toml")?;
    let deps = doc
        .get_mut("dependencies")
        .and_then(|d| d.as_table_like_mut())
        .context("older-app's Cargo.toml has no [dependencies]")?;
    set_version(deps, "wasm-bindgen", &format!("={version}"));
    if let Some(ledger) = deps
        .get_mut("wasm-ledger")
        .and_then(|d| d.as_table_like_mut())
    {
        ledger.insert(
            "path",
            toml_edit::value(root().join("runtime").display().to_string()),
        );
    }
    fs_err::write(dir.join("Cargo.toml"), doc.to_string())?;
    run_app(env, &dir, version, &shared_target())
}

fn run_app(env: &setup::Env, dir: &Path, version: &str, target: &Path) -> Result<App> {
    let cli = setup::wasm_bindgen_cli_of(version)?;
    let mut build = env.wasm_cargo("build");
    let wasm = wasm::build(build.current_dir(dir), target, false, "older-app")?;
    let pkg = target.join(format!("older-app-pkg-{version}"));
    wasm::bindgen_with(&cli.join("wasm-bindgen"), &wasm, "nodejs", &[], &pkg)?;
    let mut node = std::process::Command::new("node");
    node.current_dir(&pkg).arg("older_app.js");
    let (out, ok) = cmd::tee(&node, true)?;
    if !ok {
        bail!("older-app on wasm-bindgen {version} failed in Node");
    }
    let app = read_app(&out);
    println!(
        "older-app on wasm-bindgen {version}: frames (ledger, probe) {:?}, exact {}, report printed {}: {}",
        app.frames,
        app.exact,
        app.reported,
        if app.ok() { "true counts" } else { "NOT TRUE" }
    );
    Ok(app)
}

/// `older-app: frame 0: ledger 35 crossings, probe 35 (exact mode: true)`.
fn read_app(out: &str) -> App {
    let mut app = App {
        frames: Vec::new(),
        reported: out.lines().any(|l| l.starts_with("wasm-ledger · frames")),
        exact: true,
    };
    for line in out.lines().filter(|l| l.starts_with("older-app: frame ")) {
        let number = |after: &str| {
            line.split(after)
                .nth(1)?
                .split_whitespace()
                .next()?
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse::<u64>()
                .ok()
        };
        if let (Some(ledger), Some(probe)) = (number("ledger "), number("probe ")) {
            app.frames.push((ledger, probe));
            app.exact &= line.ends_with("(exact mode: true)");
        }
    }
    app
}

/// Whether `0.2.N` has N below `patch`.
fn version_below(version: &str, patch: u32) -> bool {
    version
        .strip_prefix("0.2.")
        .and_then(|p| p.parse::<u32>().ok())
        .is_some_and(|p| p < patch)
}

/// Writes the version's workspace: the runtime, the macros and the tests,
/// copied, under a manifest that pins only wasm-bindgen. Its lock file is
/// made anew each time (cargo picks the rest).
fn workspace(dir: &Path, version: &str) -> Result {
    let _ = std::fs::remove_dir_all(dir.join("runtime"));
    let _ = std::fs::remove_dir_all(dir.join("macros"));
    let _ = std::fs::remove_dir_all(dir.join("tests"));
    let _ = std::fs::remove_file(dir.join("Cargo.lock"));
    for member in ["runtime", "macros"] {
        cmd::copy_dir(&root().join(member), &dir.join(member))?;
    }
    // The wasm suite only: the ui tests and fixtures are host matters.
    fs_err::create_dir_all(dir.join("tests"))?;
    for part in ["Cargo.toml", "src", "tests"] {
        let from = root().join("tests").join(part);
        let to = dir.join("tests").join(part);
        if from.is_dir() {
            cmd::copy_dir(&from, &to)?;
        } else {
            fs_err::copy(&from, &to)?;
        }
    }
    let _ = std::fs::remove_dir_all(dir.join("tests/tests/ui"));
    // Closures as the probe sees them need wasm-bindgen 0.2.115 on (one
    // `_wbg_cb_unref` for every release); before, the ledger counts them
    // as the estimate does, and these suites do not apply: the probe's own,
    // and the scenario corpus, which judges closures of every constructor
    // (and uses `ScopedClosure`, new in 0.2.115).
    if version_below(version, 115) {
        let _ = std::fs::remove_file(dir.join("tests/tests/probe_sees.rs"));
        let _ = std::fs::remove_dir_all(dir.join("tests/tests/scenarios"));
    }
    let manifest = fs_err::read_to_string(root().join("Cargo.toml"))?;
    Ok(fs_err::write(
        dir.join("Cargo.toml"),
        manifest_for(&manifest, version)?,
    )?)
}

/// The workspace manifest with only the runtime, macros and tests as
/// members, wasm-bindgen pinned to `version` and the crates that go with
/// it as ranges.
fn manifest_for(manifest: &str, version: &str) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = manifest
        .parse()
        .context("the workspace Cargo.toml does not parse")?;
    let workspace = doc
        .get_mut("workspace")
        .and_then(|w| w.as_table_like_mut())
        .context("the workspace Cargo.toml has no [workspace]")?;
    workspace.insert(
        "members",
        toml_edit::value(toml_edit::Array::from_iter(["macros", "runtime", "tests"])),
    );
    let deps = workspace
        .get_mut("dependencies")
        .and_then(|d| d.as_table_like_mut())
        .context("the workspace Cargo.toml has no [workspace.dependencies]")?;
    if !set_version(deps, "wasm-bindgen", &format!("={version}")) {
        bail!("the workspace Cargo.toml has no `wasm-bindgen` dependency to pin");
    }
    for (name, range) in [
        ("js-sys", "0.3"),
        ("web-sys", "0.3"),
        ("wasm-bindgen-test", "0.3"),
        ("wasm-bindgen-futures", "0.4"),
    ] {
        set_version(deps, name, range);
    }
    Ok(doc.to_string())
}

/// Sets the version requirement of the dependency `name` in `deps`, written
/// as a string or as a table with `version`, keeping its other keys; false
/// if there is no such dependency.
fn set_version(deps: &mut dyn toml_edit::TableLike, name: &str, version: &str) -> bool {
    let Some(dep) = deps.get_mut(name) else {
        return false;
    };
    match dep.as_table_like_mut() {
        Some(table) => {
            table.insert("version", toml_edit::value(version));
        }
        None => {
            let decor = dep.as_value().map(|v| v.decor().clone());
            *dep = toml_edit::value(version);
            if let (Some(decor), Some(v)) = (decor, dep.as_value_mut()) {
                *v.decor_mut() = decor;
            }
        }
    }
    true
}

/// `js-sys 0.3.77, wasm-bindgen-futures 0.4.50` from a lock file.
fn resolved(lock: &Path) -> String {
    let Ok(text) = fs_err::read_to_string(lock) else {
        return "(no lock file)".into();
    };
    ["js-sys", "wasm-bindgen-futures"]
        .iter()
        .map(|name| {
            let v = setup::locked_version(&text, name).unwrap_or_else(|| "?".into());
            format!("{name} {v}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The accuracy binary's result: (passed, passed + failed). Cargo prints
/// `Running tests/accuracy.rs (...)` before each binary's results.
fn accuracy(out: &str) -> (u64, u64) {
    let mut in_accuracy = false;
    let mut section = String::new();
    for line in out.lines() {
        if let Some(rest) = line.trim().strip_prefix("Running ") {
            in_accuracy = rest.starts_with("tests/accuracy.rs");
            continue;
        }
        if in_accuracy {
            section.push_str(line);
            section.push('\n');
        }
    }
    let (passed, failed, _) = suites::counts(&section);
    (passed, passed + failed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_manifest_pins_wasm_bindgen_only() {
        let m = "[workspace]\nmembers = [\"a\"]\n[workspace.dependencies]\nwasm-bindgen = \"=0.2.130\"\njs-sys = \"0.3.107\"\nwasm-bindgen-futures = \"0.4.80\"\nsyn = \"2\"\n";
        let out = super::manifest_for(m, "0.2.100").unwrap();
        assert!(out.contains("wasm-bindgen = \"=0.2.100\"\n"));
        assert!(out.contains("js-sys = \"0.3\"\n"));
        assert!(out.contains("wasm-bindgen-futures = \"0.4\"\n"));
        assert!(out.contains("syn = \"2\"\n"));
        assert!(out.contains("members = [\"macros\", \"runtime\", \"tests\"]\n"));
        assert!(super::manifest_for("[workspace]\n", "0.2.100").is_err());
        assert!(super::manifest_for("[package]\nname = \"a\"\n", "0.2.100").is_err());
        // A table keeps its other keys, and comments stay where they were.
        let m = "[workspace]\n[workspace.dependencies]\n# pinned\nwasm-bindgen = { version = \"=0.2.130\", default-features = false }\n";
        let out = super::manifest_for(m, "0.2.114").unwrap();
        assert!(
            out.contains(
                "# pinned\nwasm-bindgen = { version = \"=0.2.114\", default-features = false }\n"
            ),
            "{out}"
        );
        // The repository's own manifest.
        let ours = fs_err::read_to_string(crate::root().join("Cargo.toml")).unwrap();
        let out = super::manifest_for(&ours, "0.2.100").unwrap();
        assert!(out.contains("wasm-bindgen = \"=0.2.100\"\n"), "{out}");
        assert!(out.contains("# Pinned exactly"), "{out}");
    }

    #[test]
    fn the_app_must_print_true_counts() {
        let good = "older-app: frame 0 says hello\nolder-app: frame 0: ledger 35 crossings, probe 35 (exact mode: true)\nolder-app: frame 1: ledger 37 crossings, probe 37 (exact mode: true)\nolder-app: frame 2: ledger 39 crossings, probe 39 (exact mode: true)\nwasm-ledger · frames 0–5 · ...\n";
        let app = super::read_app(good);
        assert_eq!(app.frames, vec![(35, 35), (37, 37), (39, 39)]);
        assert!(app.ok());
        assert!(!super::read_app(&good.replace("probe 37", "probe 38")).ok());
        assert!(!super::read_app(&good.replace("true)", "false)")).ok());
        assert!(!super::read_app(&good.replace("wasm-ledger · frames", "nothing")).ok());
    }

    #[test]
    fn accuracy_counts_only_its_binary() {
        let out = "     Running tests/crossings.rs (x)\ntest result: ok. 4 passed; 0 failed; 0 ignored\n     Running tests/accuracy.rs (y)\ntest result: FAILED. 9 passed; 1 failed; 0 ignored\n     Running tests/exact.rs (z)\ntest result: ok. 3 passed; 0 failed; 0 ignored\n";
        assert_eq!(super::accuracy(out), (9, 10));
    }
}
