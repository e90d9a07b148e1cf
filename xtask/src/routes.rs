//! `cargo xtask routes`: the quickstart's build routes, tried for real.
//!
//! `tests/fixtures/web-app` (annotated DOM updates, 120 frames when the
//! module starts) is built with trunk and with wasm-pack, each using the
//! wasm-bindgen CLI already installed (`trunk --offline`, `wasm-pack
//! --mode no-install`: nothing is downloaded), served, and loaded in
//! headless Chromium; the route passes when the page's console shows the
//! ledger's report. Both tools come from the crate registry.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::bail;

use crate::{browser, cmd, demo, root, setup, Result};

/// trunk 0.21.14: the newest that builds with Rust 1.95 (0.22 wants 1.96.1);
/// its own lock file, since newer lightningcss releases break it.
const TRUNK: (&str, &str, bool) = ("trunk", "0.21.14", true);
const WASM_PACK: (&str, &str, bool) = ("wasm-pack", "0.15.1", false);

/// One route's outcome: the report line the page printed, if it did.
pub struct Route {
    pub name: &'static str,
    pub report: Option<String>,
}

impl Route {
    /// The page reported, and counted exactly: the glue brought the probe.
    pub fn exact(&self) -> bool {
        self.report.as_deref().is_some_and(demo::counted_exactly)
    }
}

pub fn run() -> Result {
    let env = setup::run(setup::CHROMIUM)?;
    if !check(&env)?.iter().all(Route::exact) {
        bail!("a build route did not show the ledger's report");
    }
    Ok(())
}

pub fn check(env: &setup::Env) -> Result<Vec<Route>> {
    let app = root().join("tests/fixtures/web-app");
    let out = root().join("target/routes");
    let cargo_target = out.join("cargo");
    let mut routes = Vec::new();

    println!("\n== route: trunk build (tests/fixtures/web-app)");
    let trunk = setup::cargo_tool(TRUNK.0, TRUNK.1, TRUNK.2)?;
    let dist = out.join("trunk");
    let _ = std::fs::remove_dir_all(&dist);
    let mut build = Command::new(&trunk);
    build
        .current_dir(&app)
        .args(["build", "--offline", "--dist"])
        .arg(&dist)
        .arg("index.html")
        .env("CARGO_TARGET_DIR", &cargo_target);
    env.for_wasm(&mut build);
    cmd::run(&build)?;
    routes.push(Route {
        name: "trunk build",
        report: watch(env, &dist, "index.html")?,
    });

    println!("\n== route: wasm-pack build --dev --target web (tests/fixtures/web-app)");
    let wasm_pack = setup::cargo_tool(WASM_PACK.0, WASM_PACK.1, WASM_PACK.2)?;
    let site = out.join("wasm-pack");
    let _ = std::fs::remove_dir_all(&site);
    let mut build = Command::new(&wasm_pack);
    build
        .args([
            "build",
            "--dev",
            "--target",
            "web",
            "--no-typescript",
            "--mode",
            "no-install",
        ])
        .arg("--out-dir")
        .arg(site.join("pkg"))
        .arg(&app)
        .env("CARGO_TARGET_DIR", &cargo_target);
    env.for_wasm(&mut build);
    cmd::run(&build)?;
    fs_err::copy(app.join("wasm-pack.html"), site.join("index.html"))?;
    routes.push(Route {
        name: "wasm-pack build",
        report: watch(env, &site, "index.html")?,
    });

    println!("\n== build routes: the page's console in headless Chromium");
    for r in &routes {
        match &r.report {
            Some(line) if r.exact() => println!("  ok   {:<16} {line}", r.name),
            Some(line) => println!("  FAIL {:<16} estimated, not exact: {line}", r.name),
            None => println!("  FAIL {:<16} no ledger report in {WAIT_S} s", r.name),
        }
    }
    Ok(routes)
}

/// Serves `site`, opens `page` in headless Chromium and waits ([`WAIT_S`]
/// at most) for the ledger's report in its console. A page that printed
/// nothing at all (the browser never got to it: a start that hung on a
/// busy machine) is opened once more; one that printed lines but no
/// report is not, and fails.
/// Seconds to wait for a page's report (a busy 2-core machine has taken
/// more than 30 to start the browser).
const WAIT_S: u64 = 45;

fn watch(env: &setup::Env, site: &Path, page: &str) -> Result<Option<String>> {
    for attempt in 0..2 {
        let mut report = None;
        let mut lines = 0usize;
        browser::watch_page(env, site, page, Duration::from_secs(WAIT_S), |line| {
            println!("  console | {line}");
            lines += 1;
            let done = line.starts_with("[groupCollapsed] wasm-ledger ·");
            if done {
                report = Some(line);
            }
            done
        })?;
        if report.is_some() || lines > 0 || attempt == 1 {
            return Ok(report);
        }
        println!("  the page printed nothing in {WAIT_S} s (the browser never got to it): opening it once more");
    }
    Ok(None)
}
