//! `cargo xtask demo`: builds `examples/particles` for wasm, serves it, runs
//! it in headless Chromium and prints what the page printed to its console.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::{cmd, root, serve, setup, Result};

struct Options {
    seconds: u64,
    serve: bool,
    port: Option<u16>,
}

fn options(args: &[String]) -> Result<Options> {
    let mut o = Options {
        seconds: 5,
        serve: false,
        port: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--serve" => o.serve = true,
            "--seconds" => {
                o.seconds = value("--seconds")?
                    .parse()
                    .map_err(|e| format!("--seconds: {e}"))?
            }
            "--port" => {
                o.port = Some(
                    value("--port")?
                        .parse()
                        .map_err(|e| format!("--port: {e}"))?,
                )
            }
            other => {
                return Err(format!(
                    "unknown demo option `{other}` (see `cargo xtask help`)"
                ))
            }
        }
    }
    Ok(o)
}

pub fn run(args: &[String]) -> Result {
    let opts = options(args)?;
    let env = setup::run()?;
    let site = build(&env)?;

    let port = opts.port.unwrap_or(if opts.serve { 8765 } else { 0 });
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on port {port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let url = format!("http://{addr}/");
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || serve::serve(listener, site, tx));
    println!("== serving {url}");

    println!(
        "== loading it in headless Chromium for {} s; the page's console:",
        opts.seconds
    );
    let mut browser = Browser::open(&env, &url)?;

    let (mut lines, mut reports) = (0u64, 0u64);
    // Run for the time asked, and longer (up to a limit) until the first
    // report arrives: a report comes every 60 frames.
    let started = Instant::now();
    let (asked, limit) = (
        Duration::from_secs(opts.seconds),
        Duration::from_secs(opts.seconds.max(30)),
    );
    let mut print = |line: String, reports: &mut u64| {
        lines += 1;
        if line.contains("wasm-ledger") {
            *reports += 1;
        }
        println!("  console | {line}");
    };
    loop {
        let elapsed = started.elapsed();
        let until = if reports == 0 { limit } else { asked };
        let Some(left) = until.checked_sub(elapsed) else {
            break;
        };
        match rx.recv_timeout(left) {
            Ok(line) => print(line, &mut reports),
            Err(_) => break,
        }
    }
    browser.close();
    // The relay flushes every 100 ms: take what was in flight.
    while let Ok(line) = rx.recv_timeout(Duration::from_millis(300)) {
        print(line, &mut reports);
    }
    println!("== {lines} console lines, {reports} from wasm-ledger");

    if opts.serve {
        println!(
            "== still serving {url} (the ledger writes to your browser's console); Ctrl-C to stop"
        );
        for line in rx {
            println!("  console | {line}");
        }
    }
    if reports == 0 {
        return Err("the page printed no wasm-ledger report (Chromium's own log: target/xtask/chromium.log)".into());
    }
    Ok(())
}

/// Headless Chromium on one page, with a profile of its own (removed when
/// closed); its own log goes to `target/xtask/chromium.log`.
pub struct Browser {
    child: std::process::Child,
    profile: PathBuf,
}

impl Browser {
    pub fn open(env: &setup::Env, url: &str) -> Result<Browser> {
        let profile = root().join(format!(
            "target/xtask/chromium-profile-{}",
            std::process::id()
        ));
        let log = std::fs::File::create(root().join("target/xtask/chromium.log"))
            .map_err(|e| e.to_string())?;
        let mut chromium = Command::new(&env.chromium);
        chromium
            .args(setup::CHROMIUM_ARGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url);
        cmd::echo(&chromium);
        let child = chromium
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start Chromium: {e}"))?;
        Ok(Browser { child, profile })
    }

    pub fn close(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.close();
    }
}

/// Builds the example and lays out the site: the page, the probe, and the
/// wasm-bindgen output in `pkg/`.
fn build(env: &setup::Env) -> Result<PathBuf> {
    println!("== building examples/particles for wasm32");
    cmd::run(env.wasm_cargo("build").args(["-p", "particles", "--lib"]))?;
    let wasm = root().join("target/wasm/wasm32-unknown-unknown/debug/particles.wasm");
    let site = root().join("target/demo");
    let _ = std::fs::remove_dir_all(&site);
    cmd::run(
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(site.join("pkg"))
            .arg(&wasm),
    )?;
    cmd::copy_dir(&root().join("examples/particles/www"), &site)?;
    std::fs::copy(root().join("runtime/js/probe.js"), site.join("probe.js"))
        .map_err(|e| format!("probe.js: {e}"))?;
    Ok(site)
}
