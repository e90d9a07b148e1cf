//! `cargo xtask apps`: apps of our own, annotated, driven in headless
//! Chromium by a script, built twice: with the ledger on (a debug build, as
//! users run it) and off (`--cfg wasm_ledger_disable`: the annotations
//! expand to the code as written). Each must behave the same both ways:
//! the same console output from the app itself (`app: ..` lines) and the
//! same page text at the end (`app-dom: ..`). The ledger's report and
//! warnings of the annotated run are printed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::bail;

use crate::{browser, cmd, root, setup, wasm, Result};

/// An app and how to build and drive it.
pub struct App {
    pub name: &'static str,
    /// Its crate, from the repository's root.
    pub dir: &'static str,
    /// A member of the main workspace (built with `-p`), or a workspace of
    /// its own (its dependencies would weigh on every workspace build).
    pub member: bool,
    /// What its style is, for the table.
    pub style: &'static str,
    /// Part of `cargo xtask test`.
    pub in_test_command: bool,
}

pub const APPS: &[App] = &[
    App {
        name: "dom-todo",
        dir: "examples/dom-todo",
        member: false,
        style: "event-driven DOM: a form and a list, listeners added and removed",
        in_test_command: true,
    },
    App {
        name: "yew-todo",
        dir: "examples/yew-todo",
        member: false,
        style: "Yew 0.21: function components, hooks, callbacks",
        in_test_command: false,
    },
    App {
        name: "particles",
        dir: "examples/particles",
        member: true,
        style: "canvas and requestAnimationFrame, mouse and keyboard",
        in_test_command: true,
    },
];

/// What one run of an app printed.
#[derive(Default, Debug)]
pub struct Run {
    pub app_lines: Vec<String>,
    pub dom: Option<String>,
    pub report: Vec<String>,
    pub warnings: Vec<String>,
    pub done: bool,
}

pub struct Row {
    pub name: &'static str,
    pub annotated: usize,
    pub compiled: bool,
    pub same: bool,
    pub on: Run,
}

impl Row {
    pub fn ok(&self) -> bool {
        self.compiled && self.same && self.on.done && !self.on.report.is_empty()
    }
}

pub fn run() -> Result {
    let env = setup::run(setup::CHROMIUM)?;
    if !suite(&env, false)?.iter().all(Row::ok) {
        bail!("an app did not behave the same annotated as plain");
    }
    Ok(())
}

/// Builds, drives and compares each app (`fast`: only those of the test
/// command); prints the table.
pub fn suite(env: &setup::Env, fast: bool) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for app in APPS.iter().filter(|a| !fast || a.in_test_command) {
        println!("\n== app {} ({})", app.name, app.style);
        let mut runs = Vec::new();
        let mut compiled = true;
        for on in [true, false] {
            match build(env, app, on) {
                Ok(site) => runs.push(drive(env, &site)?),
                Err(e) => {
                    println!(
                        "  {} build failed: {e:#}",
                        if on { "annotated" } else { "plain" }
                    );
                    compiled = false;
                    runs.push(Run::default());
                }
            }
        }
        let off = runs.pop().unwrap_or_default();
        let on = runs.pop().unwrap_or_default();
        let same = on.done && off.done && on.app_lines == off.app_lines && on.dom == off.dom;
        println!("  the ledger's report of the annotated run:");
        for line in &on.report {
            println!("    {line}");
        }
        for w in &on.warnings {
            println!("    {w}");
        }
        if !same {
            println!("  annotated: {:?} / {:?}", on.app_lines, on.dom);
            println!("  plain:     {:?} / {:?}", off.app_lines, off.dom);
        }
        rows.push(Row {
            name: app.name,
            annotated: annotations(&root().join(app.dir).join("src")),
            compiled,
            same,
            on,
        });
    }
    println!("\n== apps, annotated vs plain, driven in headless Chromium");
    let yes = |b: bool| if b { "yes" } else { "NO" };
    let header = [
        "app",
        ">annotated",
        ">compiled",
        ">same",
        ">app lines",
        "report",
    ];
    let mut table = crate::table(&header);
    for r in &rows {
        let report = r.on.report.first().map(String::as_str);
        table.add_row([
            r.name.to_string(),
            r.annotated.to_string(),
            yes(r.compiled).into(),
            yes(r.same).into(),
            r.on.app_lines.len().to_string(),
            report.unwrap_or("(none)").into(),
        ]);
    }
    println!("{}", table.trim_fmt());
    Ok(rows)
}

/// Builds the app with the ledger on or off and lays out its site:
/// `www/`, then the wasm-bindgen output in `pkg/`.
fn build(env: &setup::Env, app: &App, on: bool) -> Result<PathBuf> {
    let mode = if on { "on" } else { "off" };
    let wasm = build_app(env, app.name, app.dir, app.member, on)?;
    let site = root()
        .join("target/apps/sites")
        .join(format!("{}-{mode}", app.name));
    wasm::site(&wasm, &[], &root().join(app.dir).join("www"), &site)?;
    // The whole app's measure, for the pages that load it.
    fs_err::write(site.join("whole.js"), WHOLE_JS)?;
    Ok(site)
}

/// A debug build of the app `name` in `dir` (a `member` of the workspace,
/// built with `-p`, or a workspace of its own), the ledger on or off, into
/// `target/apps/on` or `off`: its module.
pub fn build_app(
    env: &setup::Env,
    name: &str,
    dir: &str,
    member: bool,
    on: bool,
) -> Result<PathBuf> {
    let target = root()
        .join("target/apps")
        .join(if on { "on" } else { "off" });
    let mut c = env.wasm_cargo("build");
    if member {
        c.args(["-p", name, "--lib"]);
    } else {
        c.current_dir(root().join(dir));
    }
    if !on {
        c.env("RUSTFLAGS", "--cfg wasm_ledger_disable");
    }
    wasm::build(&mut c, &target, false, name)
}

/// Serves the site, opens `drive.html` (or `index.html`) and reads the
/// console until the driver says `app-done` (60 s at most).
fn drive(env: &setup::Env, site: &Path) -> Result<Run> {
    let page = if site.join("drive.html").is_file() {
        "drive.html"
    } else {
        "index.html"
    };
    let mut run = Run::default();
    let mut in_report = false;
    browser::watch_page(env, site, page, Duration::from_secs(60), |line| {
        read_line(&mut run, &mut in_report, line)
    })?;
    Ok(run)
}

/// Takes one relayed console line; true once the driver is done.
pub fn read_line(run: &mut Run, in_report: &mut bool, line: String) -> bool {
    let top = !line.starts_with(' ');
    if top && line.starts_with("[groupCollapsed] wasm-ledger") {
        // The newest report replaces the one before.
        run.report.clear();
        *in_report = true;
    } else if top {
        *in_report = false;
    }
    if *in_report {
        run.report.push(line);
        return false;
    }
    if let Some(text) = line.strip_prefix("[log] app-dom: ") {
        run.dom = Some(text.to_string());
    } else if line.starts_with("[log] app: ") {
        run.app_lines.push(line);
    } else if line.starts_with("[warn] wasm-ledger warning") {
        run.warnings.push(line);
    } else if line == "[log] app-done" {
        run.done = true;
        return true;
    } else if line.starts_with("[error]") || line.starts_with("[uncaught]") {
        println!("  console | {line}");
    }
    false
}

/// How many `#[track]` and `#[frame]` attributes the app's sources carry.
fn annotations(dir: &Path) -> usize {
    let files = cmd::rust_files(dir).unwrap_or_default();
    let texts = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap_or_default());
    let texts: Vec<String> = texts.collect();
    let attributes = ["#[track", "#[frame", "#[wasm_ledger::"];
    let lines = texts.iter().flat_map(|t| t.lines()).map(str::trim_start);
    lines
        .filter(|l| attributes.iter().any(|a| l.starts_with(a)))
        .count()
}

/// The measuring script every app's page loads.
pub const WHOLE_JS: &str = include_str!("whole.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_keeps_the_last_report_and_the_apps_own_lines() {
        let mut run = Run::default();
        let mut in_report = false;
        for line in [
            "[log] app: ready",
            "[groupCollapsed] wasm-ledger · frames 0–0 · 1 crossings/frame",
            "  add  src/lib.rs:3:4  1",
            "[groupEnd] ",
            "[log] app: added #1",
            "[warn] wasm-ledger warning [unreleased_callback] src/lib.rs:9:1 in f: ..",
            "[log] app-dom: add milk",
        ] {
            assert!(!read_line(&mut run, &mut in_report, line.to_string()));
        }
        assert!(read_line(
            &mut run,
            &mut in_report,
            "[log] app-done".to_string()
        ));
        assert_eq!(run.app_lines.len(), 2);
        assert_eq!(run.report.len(), 2);
        assert_eq!(run.warnings.len(), 1);
        assert_eq!(run.dom.as_deref(), Some("add milk"));
        assert!(run.done);
    }
}
