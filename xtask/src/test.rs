//! `cargo xtask test`: every suite, then one table of counts.
//!
//! 1. host: unit and doc tests of every crate (the ledger core runs here);
//! 2. ui: trybuild compile tests of the attributes and checks, and a panic
//!    in tracked code on the host;
//! 3. not one warning: clippy on the workspace, and the runtime, macros and
//!    example in every feature combination, debug and release, host and
//!    wasm32 (`cargo xtask warnings`);
//! 4. ready to publish: `cargo package` and `cargo publish --dry-run` of
//!    both crates, the docs as docs.rs builds them (`cargo xtask package`);
//! 5. a release build with the ledger off is the code as written;
//! 6. wasm in Node, with the truth probe;
//! 7. the same wasm tests in headless Chromium, and the accuracy suites
//!    (accuracy, crossings, exact, probe_sees) in headless Firefox; the
//!    scenario corpus's score (recall, false alarms) read from the Node and
//!    Chromium runs (`cargo xtask scenarios` runs it alone);
//! 8. the wasm tests in Node against the oldest supported wasm-bindgen,
//!    with its own CLI (`cargo xtask compat` runs every version), and an
//!    app with its own lock file on an older wasm-bindgen, run in Node;
//! 9. the quickstart's build routes: trunk and wasm-pack, each page's
//!    console showing the ledger's report (`cargo xtask routes`);
//! 10. the demo: the example in headless Chromium as written (no warning)
//!     and with each `?leak=` mistake (exactly its warning, at its line);
//! 11. apps of our own (an event-driven DOM app, the particles canvas),
//!     driven by a script, the same annotated as plain (`cargo xtask apps`
//!     runs the Yew app too);
//! 12. the fast part of the real-world corpus: crates from the registry,
//!     every function annotated, compiled, their own test suites passing
//!     as before (`cargo xtask realworld` runs the framework crates too);
//! 13. a leak users had: a published crate's release with a boundary leak
//!     warned at its line, the release that fixed it silent (`cargo xtask
//!     leaks` runs every case).

use std::process::Command;
use std::time::Instant;

use anyhow::bail;

use crate::suites::{counts, wasm_tests, Engine};
use crate::{cmd, compat, setup, Result};

struct Step {
    name: &'static str,
    passed: u64,
    failed: u64,
    ignored: u64,
    ok: bool,
    seconds: f64,
}

/// Prints `heading` (if any) and runs `suite`, a suite of checks run by
/// xtask itself (not a cargo test binary): its step, `(passed, failed)`.
fn checks(
    steps: &mut Vec<Step>,
    name: &'static str,
    heading: &str,
    suite: impl FnOnce() -> Result<(usize, usize)>,
) -> Result {
    if !heading.is_empty() {
        println!("\n== {heading}");
    }
    let started = Instant::now();
    let (passed, failed) = suite()?;
    steps.push(Step {
        name,
        passed: passed as u64,
        failed: failed as u64,
        ignored: 0,
        ok: failed == 0,
        seconds: started.elapsed().as_secs_f64(),
    });
    Ok(())
}

/// (passed, failed) of named checks.
fn tally<T>(checks: &[(T, bool)]) -> (usize, usize) {
    let passed = checks.iter().filter(|(_, ok)| *ok).count();
    (passed, checks.len() - passed)
}

pub fn run() -> Result {
    let env = setup::run(setup::ALL)?;
    let env = &env;
    let mut steps = Vec::new();

    let mut host = cmd::cargo();
    host.args(["test", "--workspace", "--exclude", "wasm-ledger-tests"]);
    steps.push(step("host unit + doc tests", &host)?.0);

    let mut ui = cmd::cargo();
    ui.args(["test", "-p", "wasm-ledger-tests"]);
    ui.args(["--test", "ui", "--test", "host_panic"]);
    steps.push(step("ui tests (trybuild), host panic", &ui)?.0);

    let heading = "no circle of module imports (cargo xtask modules)";
    checks(
        &mut steps,
        "no circle of module imports",
        heading,
        crate::modules::check,
    )?;
    let heading = "not one warning (cargo xtask warnings)";
    checks(&mut steps, "no warning, every feature set", heading, || {
        let outcome = crate::warnings::check(env)?;
        Ok((outcome.builds - outcome.dirty.len(), outcome.dirty.len()))
    })?;
    let heading = "ready to publish (cargo xtask package)";
    checks(&mut steps, "package + publish --dry-run", heading, || {
        Ok(tally(&crate::package::check(env)?))
    })?;
    let heading = "release with the ledger off is byte-identical";
    checks(&mut steps, "release off = code as written", heading, || {
        Ok(tally(&crate::identical::run(env)?))
    })?;

    // The scenario corpus is among these suites: its score is read from
    // the same runs.
    let mut node = wasm_tests(env, Engine::Node)?;
    let (node, node_out) = step("wasm tests in Node", node.arg("--tests"))?;
    steps.push(node);
    let mut chromium = wasm_tests(env, Engine::Chromium)?;
    let (chromium, chromium_out) =
        step("wasm tests in headless Chromium", chromium.arg("--tests"))?;
    steps.push(chromium);
    let firefox = wasm_tests(env, Engine::Firefox)?;
    steps.push(step("accuracy wasm tests in headless Firefox", &firefox)?.0);

    let heading = "the scenario corpus: recall and false alarms (cargo xtask scenarios)";
    checks(
        &mut steps,
        "scenario score (Node, Chromium)",
        heading,
        || {
            let [(_, node_name), (_, chromium_name)] = crate::scenarios::ENGINES;
            let scores = vec![
                crate::scenarios::of_run(node_name, &node_out)?,
                crate::scenarios::of_run(chromium_name, &chromium_out)?,
            ];
            crate::scenarios::print(&scores);
            let perfect = scores.iter().filter(|s| s.perfect()).count();
            Ok((perfect, scores.len() - perfect))
        },
    )?;

    let row = compat::suite(env, compat::OLDEST, compat::Tests::All)?;
    compat::print_table(std::slice::from_ref(&row));
    steps.push(Step {
        name: "wasm tests, oldest wasm-bindgen",
        passed: row.passed,
        failed: row.failed,
        ignored: 0,
        ok: row.ok(),
        seconds: row.seconds,
    });

    // One release of each descriptor interpreter behaviour: the accuracy
    // rows, and the app pinned to it (built, bound by its CLI, run).
    let started = Instant::now();
    let mut rows = Vec::new();
    for v in compat::QUICK {
        let mut row = compat::suite(env, v, compat::Tests::Accuracy)?;
        row.app = Some(compat::app_on(env, v)?.ok());
        rows.push(row);
    }
    compat::print_table(&rows);
    let app_failed = |r: &compat::Row| u64::from(r.app != Some(true));
    steps.push(Step {
        name: "accuracy and app, each interpreter",
        passed: rows.iter().map(|r| r.passed + 1 - app_failed(r)).sum(),
        failed: rows.iter().map(|r| r.failed + app_failed(r)).sum(),
        ignored: 0,
        ok: rows.iter().all(compat::Row::ok),
        seconds: started.elapsed().as_secs_f64(),
    });

    let heading =
        "the ledger off the descriptor interpreter's path, every opt level (cargo xtask interp)";
    checks(
        &mut steps,
        "off the interpreter's path (opt levels)",
        heading,
        || Ok(tally(&crate::interp::fixtures(env)?)),
    )?;
    checks(&mut steps, "app on older wasm-bindgen (Node)", "", || {
        let app = compat::app(env)?;
        let frames = app.frames.iter().filter(|(l, p)| l == p && *l > 0).count();
        Ok((frames + usize::from(app.reported), usize::from(!app.ok())))
    })?;
    checks(&mut steps, "trunk and wasm-pack routes", "", || {
        let routes = crate::routes::check(env)?;
        let shown = routes.iter().filter(|r| r.exact()).count();
        Ok((shown, routes.len() - shown))
    })?;
    let heading = "the demo: each ?leak= mode raises exactly its warning (cargo xtask demo)";
    checks(
        &mut steps,
        "demo modes (headless Chromium)",
        heading,
        || crate::demo::check(env),
    )?;
    let heading = "the in-page HUD in headless Chromium, with a screenshot (cargo xtask hud)";
    checks(
        &mut steps,
        "HUD screenshot (headless Chromium)",
        heading,
        || crate::hud::check(env),
    )?;
    let heading = "apps driven in headless Chromium, annotated vs plain (cargo xtask apps)";
    checks(&mut steps, "apps: annotated = plain", heading, || {
        let apps = crate::apps::suite(env, true)?;
        let same = apps.iter().filter(|a| a.ok()).count();
        Ok((same, apps.len() - same))
    })?;
    let heading = "real-world crates, every function annotated (cargo xtask realworld)";
    checks(
        &mut steps,
        "real-world crates instrumented",
        heading,
        || crate::realworld::suite(env, crate::realworld::Corpus::Fast),
    )?;

    let heading =
        "leaks users had: the buggy release warned, the fixed one silent (cargo xtask leaks)";
    checks(
        &mut steps,
        "leaks users had (buggy / fixed)",
        heading,
        || crate::leaks::quick(env),
    )?;

    println!("\n== summary");
    let mut table = crate::table(&["suite", ">passed", ">failed", ">ignored", ">seconds", ""]);
    for s in &steps {
        table.add_row([
            s.name.to_string(),
            s.passed.to_string(),
            s.failed.to_string(),
            s.ignored.to_string(),
            format!("{:.1}", s.seconds),
            if s.ok { "" } else { "<- FAILED" }.into(),
        ]);
    }
    println!("{}", table.trim_fmt());
    let passed: u64 = steps.iter().map(|s| s.passed).sum();
    let failed: u64 = steps.iter().map(|s| s.failed).sum();
    let broken: Vec<&str> = steps.iter().filter(|s| !s.ok).map(|s| s.name).collect();
    println!("\n{passed} passed, {failed} failed");
    if !broken.is_empty() || failed > 0 {
        bail!("failed: {}", broken.join(", "));
    }
    Ok(())
}

/// Runs a cargo test suite, streaming what it prints: its step, and what
/// it printed.
fn step(name: &'static str, cmd: &Command) -> Result<(Step, String)> {
    println!("\n== {name}");
    let started = Instant::now();
    let (out, ok) = cmd::tee(cmd, false)?;
    let (passed, failed, ignored) = counts(&out);
    // A suite that builds nothing or runs nothing is a failure, not a pass.
    let ok = ok && passed > 0;
    let step = Step {
        name,
        passed,
        failed,
        ignored,
        ok,
        seconds: started.elapsed().as_secs_f64(),
    };
    Ok((step, out))
}
