//! `cargo xtask leaks`: leaks users really shipped, found at the library's
//! line, and silence on the release that fixed them.
//!
//! Each case is a leak across the boundary that a public tracker records as
//! found by hand and fixed in a release. A small driver app of ours
//! (`tests/leaks/<case>/`) exercises the buggy path: renders frames,
//! cancels timeouts, re-renders a list. It is built twice from the
//! registry, against the last release with the bug and the first with the
//! fix. The library's sources are copied at run time into `target/leaks`
//! (nothing of them is committed), every function and method of the copy
//! annotated as `cargo xtask realworld` does, and patched in for the whole
//! build; the rest of the app is seen by whole-app attribution. Each build
//! is driven in headless Chromium; the buggy release must be warned at the
//! library's line that makes the leaked closure or holds the growing state,
//! the fixed one must raise no warning at all over the same drive.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};

use crate::{annotate, apps, browser, cmd, root, setup, wasm, wholeapp, Result};

/// One leak of the corpus.
pub struct Case {
    /// The driver's directory under `tests/leaks/`.
    pub name: &'static str,
    /// The project and its tracker's reference.
    pub project: &'static str,
    pub tracker: &'static str,
    /// The library whose sources are copied and annotated.
    pub krate: &'static str,
    /// The last release with the leak, and the first without.
    pub buggy: &'static str,
    pub fixed: &'static str,
    /// The driver's features for the fixed release (where the library's
    /// API changed between the two).
    pub fixed_features: &'static str,
    /// Other crates of the driver's set to another release for the fixed
    /// build (a fix that spans two crates of the project).
    pub fixed_pins: &'static [(&'static str, &'static str)],
    /// What the driver does.
    pub drive: &'static str,
    /// What the buggy release must be warned of: the kind, and the place
    /// in the library (`file:line` of the buggy release) the warning names.
    pub kind: &'static str,
    pub at: &'static str,
    /// Part of `cargo xtask test` (quick to build); the rest runs with
    /// `cargo xtask leaks` only.
    pub in_test_command: bool,
}

pub const CASES: &[Case] = &[
    Case {
        name: "leptos-timeout",
        project: "Leptos",
        tracker: "leptos-rs/leptos#2330",
        krate: "leptos_dom",
        buggy: "0.6.6",
        fixed: "0.6.7",
        fixed_features: "",
        fixed_pins: &[],
        drive: "150 timeouts set and cleared before they fire",
        kind: "unreleased_callback",
        at: "src/helpers.rs:240",
        in_test_command: true,
    },
    Case {
        name: "leptos-frame",
        project: "Leptos",
        tracker: "leptos-rs/leptos#2330",
        krate: "leptos_dom",
        buggy: "0.6.6",
        fixed: "0.6.7",
        fixed_features: "",
        fixed_pins: &[],
        drive: "150 animation frames requested and cancelled before they come",
        kind: "unreleased_callback",
        at: "src/helpers.rs:131",
        in_test_command: false,
    },
    Case {
        name: "dioxus-handlers",
        project: "Dioxus",
        tracker: "DioxusLabs/dioxus#2227",
        krate: "dioxus-core",
        buggy: "0.5.0",
        fixed: "0.5.1",
        fixed_features: "",
        // The fix's `GenerationalBox::leak` and `recycle`.
        fixed_pins: &[("generational-box", "0.5.1")],
        drive: "a list of 20 items with handlers re-rendered 300 times",
        kind: "heap_growing",
        at: "src/events.rs:201",
        in_test_command: false,
    },
    Case {
        name: "dioxus-list",
        project: "Dioxus",
        tracker: "DioxusLabs/dioxus#3421",
        krate: "dioxus-core",
        buggy: "0.6.1",
        fixed: "0.6.2",
        fixed_features: "",
        // The fix is dioxus-html's; the whole of Dioxus moves to 0.6.2.
        fixed_pins: &[
            ("dioxus", "0.6.2"),
            ("dioxus-web", "0.6.2"),
            ("dioxus-html", "0.6.2"),
            ("dioxus-hooks", "0.6.2"),
            ("dioxus-signals", "0.6.2"),
            ("dioxus-core-macro", "0.6.2"),
            ("dioxus-config-macro", "0.6.2"),
            ("dioxus-interpreter-js", "0.6.2"),
            ("dioxus-rsx", "0.6.2"),
            ("dioxus-html-internal-macro", "0.6.2"),
            ("dioxus-cli-config", "0.6.2"),
            ("dioxus-core-types", "0.6.2"),
            ("dioxus-devtools", "0.6.2"),
            ("dioxus-devtools-types", "0.6.2"),
            ("dioxus-document", "0.6.2"),
            ("dioxus-history", "0.6.2"),
            ("dioxus-lib", "0.6.2"),
            ("generational-box", "0.6.2"),
        ],
        drive: "20 rows with handlers shown and hidden 150 times each",
        kind: "heap_growing",
        at: "src/events.rs:442",
        in_test_command: false,
    },
    Case {
        name: "eframe-raf",
        project: "egui",
        tracker: "emilk/egui#4551",
        krate: "eframe",
        buggy: "0.27.2",
        fixed: "0.28.0",
        fixed_features: "fixed",
        fixed_pins: &[],
        drive: "an app repainting every frame for 2 s",
        kind: "unreleased_callback",
        at: "src/web/web_runner.rs:197",
        in_test_command: false,
    },
];

/// What one drive printed.
#[derive(Default, Debug)]
pub struct Drive {
    /// The build failed (its error), or the drive did not finish.
    pub failure: Option<String>,
    /// The ledger's warnings at the drive's end: (kind, `file:line` in the
    /// library's copy, or as the ledger named it, message).
    pub warnings: Vec<(String, String, String)>,
    /// The warnings as the console printed them.
    pub printed: Vec<String>,
    /// The last report, as printed.
    pub report: Vec<String>,
    pub seconds: f64,
}

/// One case, both releases.
pub struct Row {
    pub case: &'static Case,
    pub buggy: Drive,
    pub fixed: Drive,
}

impl Row {
    /// Warned of its kind at its line on the buggy release.
    pub fn found(&self) -> bool {
        self.buggy.failure.is_none()
            && self
                .buggy
                .warnings
                .iter()
                .any(|(kind, at, _)| kind == self.case.kind && at == self.case.at)
    }

    /// No warning at all on the fixed release.
    pub fn silent(&self) -> bool {
        self.fixed.failure.is_none() && self.fixed.warnings.is_empty()
    }
}

pub fn run(names: Option<String>) -> Result {
    let env = setup::run(setup::CHROMIUM)?;
    let started = Instant::now();
    let only: Option<Vec<&str>> = names.as_deref().map(|v| v.split(',').collect());
    let cases: Vec<&'static Case> = CASES
        .iter()
        .filter(|c| only.as_ref().is_none_or(|o| o.contains(&c.name)))
        .collect();
    if cases.is_empty() {
        bail!("no case is named {names:?}");
    }
    let rows = suite(&env, &cases)?;
    println!(
        "\n`cargo xtask leaks` took {:.0} s (setup apart)",
        started.elapsed().as_secs_f64()
    );
    if !rows.iter().all(|r| r.found() && r.silent()) {
        bail!("a buggy release was not warned at its line, or a fixed one was warned");
    }
    Ok(())
}

/// The cases of `cargo xtask test`: (buggy releases warned at their line
/// and fixed ones silent, those that were not).
pub fn quick(env: &setup::Env) -> Result<(usize, usize)> {
    let cases: Vec<&'static Case> = CASES.iter().filter(|c| c.in_test_command).collect();
    let rows = suite(env, &cases)?;
    let good = rows
        .iter()
        .map(|r| usize::from(r.found()) + usize::from(r.silent()))
        .sum::<usize>();
    Ok((good, 2 * rows.len() - good))
}

/// Builds and drives each case on both releases; prints the table.
pub fn suite(env: &setup::Env, cases: &[&'static Case]) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for &case in cases {
        println!(
            "\n== leak {} ({}, {}): {} {}",
            case.name, case.project, case.tracker, case.krate, case.buggy
        );
        let buggy = drive(env, case, case.buggy);
        report(&buggy);
        println!(
            "\n== leak {}: {} {} (fixed)",
            case.name, case.krate, case.fixed
        );
        let fixed = drive(env, case, case.fixed);
        report(&fixed);
        rows.push(Row { case, buggy, fixed });
    }
    print_table(&rows);
    Ok(rows)
}

fn report(d: &Drive) {
    if let Some(f) = &d.failure {
        println!("  FAILED: {f}");
    }
    for line in &d.report {
        println!("    {line}");
    }
    for w in &d.printed {
        println!("    {w}");
    }
    if d.failure.is_none() && d.printed.is_empty() {
        println!("    (no warning)");
    }
}

fn print_table(rows: &[Row]) {
    println!("\n== leaks users had, on the release with the bug and the first without");
    println!(
        "{:<18} {:<24} {:<16} {:<28} {:<52} fixed",
        "case", "tracker", "library", "buggy / fixed", "warned on buggy (kind, line)"
    );
    for r in rows {
        let c = r.case;
        let warned = if r.found() {
            format!("{} {}", c.kind, c.at)
        } else if let Some(f) = &r.buggy.failure {
            format!("NO: {}", first_line(f))
        } else {
            let got = listed(&r.buggy);
            format!("NO (got: {})", if got.is_empty() { "none" } else { &got })
        };
        let fixed = if r.silent() {
            "silent".to_string()
        } else if let Some(f) = &r.fixed.failure {
            format!("NO: {}", first_line(f))
        } else {
            format!("WARNED: {}", listed(&r.fixed))
        };
        println!(
            "{:<18} {:<24} {:<16} {:<28} {:<52} {}",
            c.name,
            c.tracker,
            c.krate,
            format!("{} / {}", c.buggy, c.fixed),
            warned,
            fixed
        );
        println!("{:<18} drive: {}", "", c.drive);
    }
}

/// A drive's warnings as `kind file:line`, comma-separated.
fn listed(d: &Drive) -> String {
    let got: Vec<String> = d
        .warnings
        .iter()
        .map(|(k, a, _)| format!("{k} {a}"))
        .collect();
    got.join(", ")
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// Builds the case's driver against `version` of its library (the copy
/// annotated) and drives it.
fn drive(env: &setup::Env, case: &'static Case, version: &str) -> Drive {
    let started = Instant::now();
    let mut d = match build(env, case, version).and_then(|site| watch(env, &site)) {
        Ok(d) => d,
        Err(e) => Drive {
            failure: Some(format!("{e:#}")),
            ..Drive::default()
        },
    };
    d.seconds = started.elapsed().as_secs_f64();
    d
}

/// The work directory of a case's build on one release.
fn work(case: &Case, version: &str) -> PathBuf {
    root()
        .join("target/leaks")
        .join(format!("{}-{version}", case.name))
}

/// Lays out the driver's workspace, copies the library's release in and
/// annotates it, builds for wasm32 and lays out the site: its directory.
fn build(env: &setup::Env, case: &Case, version: &str) -> Result<PathBuf> {
    let dir = work(case, version);
    let _ = fs_err::remove_dir_all(&dir);
    let driver = dir.join("driver");
    let ours = root().join("tests/leaks").join(case.name);
    cmd::copy_dir(&ours.join("src"), &driver.join("src"))?;
    let manifest = fs_err::read_to_string(ours.join("Cargo.toml"))?;
    let mut manifest = driver_manifest(&manifest, case.krate, version, &root().join("runtime"))?;
    if version == case.fixed {
        for (name, pin) in case.fixed_pins {
            manifest = driver_manifest(&manifest, name, pin, &root().join("runtime"))?;
        }
    }
    fs_err::write(driver.join("Cargo.toml"), &manifest)?;
    // The main lock file's versions first, so wasm-bindgen is the one whose
    // CLI setup installed wherever the library allows it.
    fs_err::copy(root().join("Cargo.lock"), driver.join("Cargo.lock"))?;
    cmd::run(cmd::cargo().current_dir(&driver).arg("fetch"))?;

    // The library's sources, copied beside the driver and annotated.
    let meta = cargo_metadata::MetadataCommand::new()
        .current_dir(&driver)
        .manifest_path(driver.join("Cargo.toml"))
        .exec()
        .context("cargo metadata of the driver")?;
    let src = meta
        .packages
        .iter()
        .find(|p| p.name == case.krate && p.version.to_string() == version)
        .and_then(|p| p.manifest_path.parent())
        .map(|d| d.as_std_path().to_path_buf())
        .ok_or_else(|| {
            anyhow!(
                "{} {version} is not in the driver's dependencies",
                case.krate
            )
        })?;
    let copy = dir.join("library");
    cmd::copy_dir(&src, &copy)?;
    let mut functions = 0;
    for file in cmd::rust_files(&copy.join("src"))? {
        let text = fs_err::read_to_string(&file)?;
        let (annotated, n) =
            annotate::annotate(&text).with_context(|| file.display().to_string())?;
        functions += n;
        fs_err::write(&file, annotated)?;
    }
    let lib_manifest = copy.join("Cargo.toml");
    let mut toml = fs_err::read_to_string(&lib_manifest)?;
    toml.push_str(&format!(
        "\n[dependencies.wasm-ledger]\npath = {:?}\n",
        root().join("runtime")
    ));
    fs_err::write(&lib_manifest, toml)?;
    manifest.push_str(&format!(
        "\n[patch.crates-io]\n{} = {{ path = {:?} }}\n",
        case.krate,
        copy.to_string_lossy()
    ));
    fs_err::write(driver.join("Cargo.toml"), manifest)?;
    println!(
        "  {} {version}: {functions} functions and methods annotated in {}",
        case.krate,
        copy.display()
    );

    // Built as users run the ledger: a debug build.
    let target = root().join("target/leaks/target");
    let mut c = env.wasm_cargo("build");
    c.current_dir(&driver);
    if version == case.fixed && !case.fixed_features.is_empty() {
        c.args(["--features", case.fixed_features]);
    }
    let module = wasm::build(&mut c, &target, false, "leak-driver")?;
    let lock = fs_err::read_to_string(driver.join("Cargo.lock"))?;
    let bindgen = setup::locked_version(&lock, "wasm-bindgen")
        .context("the driver's lock file names no wasm-bindgen")?;
    let cli = setup::wasm_bindgen_cli_of(&bindgen)?;
    let site = dir.join("site");
    wasm::bindgen_with(
        &cli.join("wasm-bindgen"),
        &module,
        "web",
        &["--no-typescript", "--keep-debug"],
        &site.join("pkg"),
    )?;
    cmd::copy_dir(&root().join("tests/leaks/www"), &site)?;
    fs_err::write(site.join("whole.js"), apps::WHOLE_JS)?;
    Ok(site)
}

/// Serves the site and reads what the page prints until the driver is done.
fn watch(env: &setup::Env, site: &Path) -> Result<Drive> {
    let mut run = wholeapp::Whole::default();
    let mut in_report = false;
    browser::watch_page(env, site, "index.html", Duration::from_secs(120), |line| {
        wholeapp::read_line(&mut run, &mut in_report, line)
    })?;
    let mut d = Drive {
        printed: run.page.warnings.clone(),
        report: run.page.report.clone(),
        ..Drive::default()
    };
    if !run.page.done {
        d.failure = Some("the drive did not finish in 120 s".into());
    }
    let prefix = format!(
        "{}/",
        site.parent().unwrap_or(site).join("library").display()
    );
    for (kind, at, message) in run.warnings() {
        let at = at.strip_prefix(&prefix).unwrap_or(&at).to_string();
        d.warnings.push((kind, at, message));
    }
    Ok(d)
}

/// The driver's manifest for `version` of `krate`: the dependency set to
/// exactly that release (its features kept), the ledger's runtime by its
/// absolute path (the driver is built in `target/leaks`).
fn driver_manifest(manifest: &str, krate: &str, version: &str, runtime: &Path) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = manifest.parse().context("the driver's manifest")?;
    let deps = doc["dependencies"]
        .as_table_like_mut()
        .context("the driver's manifest has no [dependencies]")?;
    let exact = format!("={version}");
    match deps.get_mut(krate) {
        Some(item) if item.is_str() => *item = toml_edit::value(exact),
        Some(item) => match item.as_table_like_mut() {
            Some(t) => {
                t.insert("version", toml_edit::value(exact));
            }
            None => bail!("the driver's dependency on {krate} is neither a version nor a table"),
        },
        None => bail!("the driver does not depend on {krate}"),
    }
    let ledger = deps
        .get_mut("wasm-ledger")
        .and_then(|i| i.as_table_like_mut())
        .context("the driver does not depend on wasm-ledger by path")?;
    ledger.insert("path", toml_edit::value(runtime.to_string_lossy().as_ref()));
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drivers_manifest_names_the_release_and_the_runtime() {
        let m = "[package]\nname = \"d\"\n\n[dependencies]\nlib = { version = \"=0.1.0\", features = [\"x\"] }\nwasm-ledger = { path = \"../../../runtime\" }\n";
        let out = driver_manifest(m, "lib", "0.2.0", Path::new("/r/runtime")).unwrap();
        assert!(
            out.contains(r#"lib = { version = "=0.2.0", features = ["x"] }"#),
            "{out}"
        );
        assert!(
            out.contains(r#"wasm-ledger = { path = "/r/runtime" }"#),
            "{out}"
        );
        assert!(driver_manifest(m, "other", "0.2.0", Path::new("/r")).is_err());
    }

    #[test]
    fn every_case_has_a_driver_that_depends_on_its_library() {
        for case in CASES {
            let dir = root().join("tests/leaks").join(case.name);
            let m = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
            driver_manifest(&m, case.krate, case.fixed, Path::new("/r")).unwrap();
            assert!(dir.join("src/lib.rs").is_file(), "{}", case.name);
        }
    }
}
