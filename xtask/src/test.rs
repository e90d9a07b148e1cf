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

use crate::suites::{counts, wasm_tests, Engine};
use crate::{cmd, setup, Result};

struct Step {
    name: &'static str,
    passed: u64,
    failed: u64,
    ignored: u64,
    ok: bool,
    seconds: f64,
}

impl Step {
    /// A suite of checks run by xtask itself (not a cargo test binary).
    fn checks(name: &'static str, passed: usize, failed: usize, started: Instant) -> Step {
        Step {
            name,
            passed: passed as u64,
            failed: failed as u64,
            ignored: 0,
            ok: failed == 0,
            seconds: started.elapsed().as_secs_f64(),
        }
    }
}

pub fn run() -> Result {
    let env = setup::run(setup::ALL)?;
    let host_cargo = cmd::cargo;
    let mut steps = Vec::new();

    let mut host = host_cargo();
    host.args(["test", "--workspace", "--exclude", "wasm-ledger-tests"]);
    steps.push(step("host unit + doc tests", &mut host)?);

    let mut ui = host_cargo();
    ui.args([
        "test",
        "-p",
        "wasm-ledger-tests",
        "--test",
        "ui",
        "--test",
        "host_panic",
    ]);
    steps.push(step("ui tests (trybuild), host panic", &mut ui)?);

    println!("\n== no circle of module imports (cargo xtask modules)");
    let started = Instant::now();
    let (clean, circled) = crate::modules::check()?;
    steps.push(Step::checks(
        "no circle of module imports",
        clean,
        circled,
        started,
    ));

    let wasm_tests = |engine: Engine| wasm_tests(&env, engine);
    println!("\n== not one warning (cargo xtask warnings)");
    let started = Instant::now();
    let outcome = crate::warnings::check(&env)?;
    steps.push(Step::checks(
        "no warning, every feature set",
        outcome.builds - outcome.dirty.len(),
        outcome.dirty.len(),
        started,
    ));

    println!("\n== ready to publish (cargo xtask package)");
    let started = Instant::now();
    let checks = crate::package::check(&env)?;
    let failed = checks.iter().filter(|(_, ok)| !ok).count();
    steps.push(Step::checks(
        "package + publish --dry-run",
        checks.len() - failed,
        failed,
        started,
    ));

    println!("\n== release with the ledger off is byte-identical");
    let started = Instant::now();
    let checks = crate::identical::run(&env)?;
    let failed = checks.iter().filter(|(_, ok)| !ok).count();
    steps.push(Step::checks(
        "release off = code as written",
        checks.len() - failed,
        failed,
        started,
    ));

    // The scenario corpus is among these suites: its score is read from
    // the same runs.
    let (node, node_out) = step_with_output(
        "wasm tests in Node",
        wasm_tests(Engine::Node)?.arg("--tests"),
    )?;
    steps.push(node);
    let (chromium, chromium_out) = step_with_output(
        "wasm tests in headless Chromium",
        wasm_tests(Engine::Chromium)?.arg("--tests"),
    )?;
    steps.push(chromium);
    steps.push(step(
        "accuracy wasm tests in headless Firefox",
        &mut wasm_tests(Engine::Firefox)?,
    )?);

    println!("\n== the scenario corpus: recall and false alarms (cargo xtask scenarios)");
    let started = Instant::now();
    let [(_, node_name), (_, chromium_name)] = crate::scenarios::ENGINES;
    let scores = vec![
        crate::scenarios::of_run(node_name, &node_out)?,
        crate::scenarios::of_run(chromium_name, &chromium_out)?,
    ];
    crate::scenarios::print(&scores);
    let perfect = scores.iter().filter(|s| s.perfect()).count();
    steps.push(Step::checks(
        "scenario score (Node, Chromium)",
        perfect,
        scores.len() - perfect,
        started,
    ));

    let row = crate::compat::suite(&env, crate::compat::OLDEST, crate::compat::Tests::All)?;
    crate::compat::print_table(std::slice::from_ref(&row));
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
    for v in crate::compat::QUICK {
        let mut row = crate::compat::suite(&env, v, crate::compat::Tests::Accuracy)?;
        row.app = Some(crate::compat::app_on(&env, v)?.ok());
        rows.push(row);
    }
    crate::compat::print_table(&rows);
    steps.push(Step {
        name: "accuracy and app, each interpreter",
        passed: rows
            .iter()
            .map(|r| r.passed + u64::from(r.app == Some(true)))
            .sum(),
        failed: rows
            .iter()
            .map(|r| r.failed + u64::from(r.app != Some(true)))
            .sum(),
        ignored: 0,
        ok: rows.iter().all(crate::compat::Row::ok),
        seconds: started.elapsed().as_secs_f64(),
    });

    println!("\n== the ledger off the descriptor interpreter's path, every opt level (cargo xtask interp)");
    let started = Instant::now();
    let walks = crate::interp::fixtures(&env)?;
    let clean = walks.iter().filter(|(_, ok)| *ok).count();
    steps.push(Step::checks(
        "off the interpreter's path (opt levels)",
        clean,
        walks.len() - clean,
        started,
    ));

    let started = Instant::now();
    let app = crate::compat::app(&env)?;
    steps.push(Step::checks(
        "app on older wasm-bindgen (Node)",
        app.frames.iter().filter(|(l, p)| l == p && *l > 0).count() + usize::from(app.reported),
        usize::from(!app.ok()),
        started,
    ));

    let started = Instant::now();
    let routes = crate::routes::check(&env)?;
    let shown = routes.iter().filter(|r| r.exact()).count();
    steps.push(Step::checks(
        "trunk and wasm-pack routes",
        shown,
        routes.len() - shown,
        started,
    ));

    println!("\n== the demo: each ?leak= mode raises exactly its warning (cargo xtask demo)");
    let started = Instant::now();
    let (good, bad) = crate::demo::check(&env)?;
    steps.push(Step::checks(
        "demo modes (headless Chromium)",
        good,
        bad,
        started,
    ));

    println!("\n== the in-page HUD in headless Chromium, with a screenshot (cargo xtask hud)");
    let started = Instant::now();
    let (good, bad) = crate::hud::check(&env)?;
    steps.push(Step::checks(
        "HUD screenshot (headless Chromium)",
        good,
        bad,
        started,
    ));

    println!("\n== apps driven in headless Chromium, annotated vs plain (cargo xtask apps)");
    let started = Instant::now();
    let apps = crate::apps::suite(&env, true)?;
    let same = apps.iter().filter(|a| a.ok()).count();
    steps.push(Step::checks(
        "apps: annotated = plain",
        same,
        apps.len() - same,
        started,
    ));

    println!("\n== real-world crates, every function annotated (cargo xtask realworld)");
    let started = Instant::now();
    let (good, bad) = crate::realworld::suite(&env, crate::realworld::Corpus::Fast)?;
    steps.push(Step::checks(
        "real-world crates instrumented",
        good,
        bad,
        started,
    ));

    println!(
        "\n== leaks users had: the buggy release warned, the fixed one silent (cargo xtask leaks)"
    );
    let started = Instant::now();
    let (good, bad) = crate::leaks::quick(&env)?;
    steps.push(Step::checks(
        "leaks users had (buggy / fixed)",
        good,
        bad,
        started,
    ));

    println!("\n== summary");
    println!(
        "{:<34} {:>7} {:>7} {:>8} {:>8}",
        "suite", "passed", "failed", "ignored", "seconds"
    );
    for s in &steps {
        let mark = if s.ok { "" } else { "  <- FAILED" };
        println!(
            "{:<34} {:>7} {:>7} {:>8} {:>8.1}{mark}",
            s.name, s.passed, s.failed, s.ignored, s.seconds
        );
    }
    let passed: u64 = steps.iter().map(|s| s.passed).sum();
    let failed: u64 = steps.iter().map(|s| s.failed).sum();
    let broken: Vec<&str> = steps.iter().filter(|s| !s.ok).map(|s| s.name).collect();
    println!("\n{passed} passed, {failed} failed");
    if broken.is_empty() && failed == 0 {
        Ok(())
    } else {
        Err(format!("failed: {}", broken.join(", ")))
    }
}

fn step(name: &'static str, cmd: &mut Command) -> Result<Step> {
    step_with_output(name, cmd).map(|(step, _)| step)
}

/// [`step`], and what the suite printed.
fn step_with_output(name: &'static str, cmd: &mut Command) -> Result<(Step, String)> {
    println!("\n== {name}");
    let started = Instant::now();
    let (out, ok) = cmd::run_tee(cmd)?;
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
