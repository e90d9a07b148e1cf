//! `cargo xtask`: setup, demo and tests of wasm-ledger, with nothing to
//! install by hand.
//!
//! ```text
//! cargo xtask demo [--leak L] [--serve] [--seconds N]   build the example, run it in headless Chromium per ?leak= mode
//! cargo xtask test                                       host tests, ui tests, wasm tests in Node and in headless Chromium
//! cargo xtask setup                                      install what the two above need (they call it themselves)
//! ```

mod annotate;
mod apps;
mod bench;
mod cmd;
mod compat;
mod demo;
mod hud;
mod identical;
mod package;
mod realworld;
mod routes;
mod scenarios;
mod serve;
mod setup;
mod soak;
mod test;
mod warnings;
mod webdriver;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  demo    build examples/particles for wasm, serve it, load it in headless Chromium as written
          and with each classic mistake switched on (?leak=closure|cache|view|per-element|all),
          print what the page printed (warnings, the last report) and check that each mode
          raised exactly its warning, at the line marked `// leak: <name>`
            --leak L      one mode only: none, closure, cache, view, per-element or all
            --seconds N   how long each mode runs (default 5)
            --serve       keep serving afterwards, for your own browser
            --port P      port to serve on (default: any free port; 8765 with --serve)
  hud     examples/particles with the in-page HUD in headless Chromium (chromedriver): the panel
          is drawn in a corner, its numbers are the snapshot's, ?leak=closure's warning is in it
          with its line, the app's frame time stays within budget
            --screenshot PATH   also write the screenshot there (the README's: docs/hud.png)
  test    host unit tests, trybuild ui tests, wasm tests in Node and in headless Chromium
  bench   what the ledger costs, beside puffin and tracing-wasm, in Node and headless Chromium
            --runs N      runs per workload (default 11)
  soak    a million frames of handle and closure churn in Node, the ledger on: prints the memory
          curve (wasm memory, live handles, frames kept, JS heap) and fails if anything grows
            --frames N    frames to run (default 1000000)
            --every N     frames between readings (default 100000)
  realworld  annotate every function of gloo crates from the registry, build them, run their tests
  compat  the wasm test suite (Node) against each supported wasm-bindgen, with its own CLI:
          prints version, what cargo resolved with it, built, tests passed, accuracy rows exact
            --versions A,B   versions to try (default: 0.2.100, 0.2.114, 0.2.130)
  warnings  clippy on the workspace, and the runtime, macros and example in every feature
          combination, debug and release, host and wasm32: fails on any warning
  package  cargo package and publish --dry-run of wasm-ledger-macros and wasm-ledger, the
          probe packaged, the docs built as docs.rs builds them
  routes  tests/fixtures/web-app built with trunk and with wasm-pack (the installed CLI, nothing
          downloaded), loaded in headless Chromium: its console must show the ledger's report
  apps    examples/dom-todo, yew-todo and particles, annotated and plain, driven in headless
          Chromium by a script: same console and page text both ways; the ledger's report
  scenarios  the scenario corpus (tests/tests/scenarios: leaks and clean look-alikes of every
          warning kind, frame- and event-driven) in Node and headless Chromium: prints recall
          (leaks warned at their line) and false alarms (warnings on clean scenarios)
  identical  only the check that a release build with the ledger off is byte-identical
  setup   install what demo and test need: a wasm32 toolchain, wasm-bindgen-cli (the locked
          version), Node, Chromium and chromedriver";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "setup" => setup::run().map(|_| ()),
        "test" => test::run(&args[1..]),
        "demo" => demo::run(&args[1..]),
        "hud" => hud::run(&args[1..]),
        "bench" => bench::run(&args[1..]),
        "realworld" => realworld::run(&args[1..]),
        "soak" => soak::run(&args[1..]),
        "compat" => compat::run(&args[1..]),
        "warnings" => warnings::run(&args[1..]),
        "package" => package::run(&args[1..]),
        "routes" => routes::run(&args[1..]),
        "apps" => apps::run(&args[1..]),
        "scenarios" => scenarios::run(&args[1..]),
        "identical" => setup::run()
            .and_then(|env| identical::run(&env))
            .and_then(|checks| {
                if checks.iter().all(|(_, ok)| *ok) {
                    Ok(())
                } else {
                    Err("the release build with the ledger off is not the code as written".into())
                }
            }),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

type Result<T = ()> = std::result::Result<T, String>;
