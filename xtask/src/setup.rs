//! Finds, and installs when missing, everything the demo and the tests need.
//! Idempotent: a second run only looks, and takes well under a second or
//! two. Each step prints what it found or what it does.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde_json::json;

use crate::{cmd, root, Result};

/// What was found: how to build for wasm32, and the browsers the command
/// asked for.
pub struct Env {
    pub wasm: Wasm,
    chromium: Option<Chromium>,
    firefox: Option<Firefox>,
}

/// Headless Chromium: the browser, its driver, and wasm-bindgen-test's
/// capabilities file for it.
pub struct Chromium {
    pub browser: PathBuf,
    pub driver: PathBuf,
    pub webdriver_json: PathBuf,
}

/// Headless Firefox, for the accuracy suites: geckodriver and the
/// capabilities file.
pub struct Firefox {
    pub driver: PathBuf,
    pub webdriver_json: PathBuf,
}

/// What a command uses, beyond a wasm32 toolchain and the locked
/// wasm-bindgen CLI: each command installs only that.
#[derive(Clone, Copy)]
pub struct Needs {
    pub node: bool,
    pub chromium: bool,
    pub firefox: bool,
}

const fn needs(node: bool, chromium: bool, firefox: bool) -> Needs {
    Needs {
        node,
        chromium,
        firefox,
    }
}

/// A wasm32 build and nothing else (warnings, package, identical, interp).
pub const BUILD: Needs = needs(false, false, false);
/// Builds run in Node (compat, soak).
pub const NODE: Needs = needs(true, false, false);
/// Pages in headless Chromium, no Node (demo, hud, apps, wholeapp, routes).
pub const CHROMIUM: Needs = needs(false, true, false);
/// Builds run in Node and in headless Chromium (bench, scenarios, realworld).
pub const NODE_CHROMIUM: Needs = needs(true, true, false);
/// Everything: `cargo xtask setup` and `cargo xtask test`.
pub const ALL: Needs = needs(true, true, true);

/// A way to build for wasm32-unknown-unknown.
pub enum Wasm {
    /// rustup's toolchain with its prebuilt wasm32 std.
    Rustup,
    /// Debian's rustc-web (a newer rustc that knows wasm32) building std
    /// from source (`-Zbuild-std`), linked with Debian's wasm-ld.
    Debian {
        cargo: PathBuf,
        rustc: PathBuf,
        linker: PathBuf,
    },
}

const TARGET: &str = "wasm32-unknown-unknown";
/// Node's `require` loads ES modules (the probe) from 20.19 on.
const NODE_MIN: (u32, u32) = (20, 19);

impl Env {
    /// `cargo <subcommand> --target wasm32-unknown-unknown ...`, with the
    /// flags and environment the chosen toolchain needs. Builds go to
    /// `target/wasm`, apart from host builds.
    pub fn wasm_cargo(&self, subcommand: &str) -> Command {
        let mut c = match &self.wasm {
            Wasm::Rustup => cmd::cargo(),
            Wasm::Debian { cargo, .. } => Command::new(cargo),
        };
        c.current_dir(root())
            .arg(subcommand)
            .args(["--target", TARGET]);
        c.env("CARGO_TARGET_DIR", root().join("target/wasm"));
        if let Wasm::Debian { rustc, linker, .. } = &self.wasm {
            c.arg("-Zbuild-std=std,panic_abort");
            c.env("RUSTC", rustc);
            c.env("RUSTC_BOOTSTRAP", "1");
            c.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", linker);
            // rustup's proxies must not pick the toolchain for Debian's cargo.
            c.env_remove("RUSTUP_TOOLCHAIN");
            c.env_remove("RUSTDOC");
        }
        c
    }

    /// The environment a tool that runs cargo itself (trunk, wasm-pack)
    /// needs to build for wasm32 with the chosen toolchain: nothing with
    /// rustup's target; with Debian's, its cargo and rustc first on PATH,
    /// std built from source through cargo's config variables.
    pub fn for_wasm(&self, c: &mut Command) {
        if let Wasm::Debian { cargo, linker, .. } = &self.wasm {
            let path = std::env::var_os("PATH").unwrap_or_default();
            let mut dirs: Vec<PathBuf> = cargo.parent().map(PathBuf::from).into_iter().collect();
            dirs.extend(std::env::split_paths(&path));
            if let Ok(joined) = std::env::join_paths(dirs) {
                c.env("PATH", joined);
            }
            c.env("RUSTC_BOOTSTRAP", "1")
                .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
                .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", linker)
                .env_remove("RUSTUP_TOOLCHAIN");
        }
    }

    /// Chromium, if the command asked for it (`Needs::chromium`).
    pub fn chromium(&self) -> Result<&Chromium> {
        let asked = self.chromium.as_ref();
        asked.context("this command's setup did not ask for Chromium (setup::Needs)")
    }

    /// Firefox, if the command asked for it (`Needs::firefox`).
    pub fn firefox(&self) -> Result<&Firefox> {
        let asked = self.firefox.as_ref();
        asked.context("this command's setup did not ask for Firefox (setup::Needs)")
    }
}

/// Finds, and installs when missing, what a command `needs`.
pub fn run(needs: Needs) -> Result<Env> {
    let started = Instant::now();
    println!("== setup");
    let mut apt = Apt::default();
    let wasm = wasm_toolchain(&mut apt)?;
    if needs.node {
        node(&mut apt)?;
    }
    wasm_bindgen_cli()?;
    let chromium = match needs.chromium {
        true => Some(chromium(&mut apt)?),
        false => None,
    };
    let firefox = match needs.firefox {
        true => Some(Firefox {
            driver: firefox(&mut apt)?,
            webdriver_json: firefox_webdriver_json()?,
        }),
        false => None,
    };
    let seconds = started.elapsed().as_secs_f64();
    println!("== setup done in {seconds:.1} s\n");
    Ok(Env {
        wasm,
        chromium,
        firefox,
    })
}

/// `WASM_LEDGER_TOOLCHAIN=rustup` or `=debian` picks a route instead of
/// the default order (rustup's target when installed, then Debian's).
const CHOICE: &str = "WASM_LEDGER_TOOLCHAIN";

fn wasm_toolchain(apt: &mut Apt) -> Result<Wasm> {
    let add_target = || {
        let mut c = Command::new("rustup");
        c.args(["target", "add", TARGET]);
        c
    };
    match std::env::var(CHOICE).unwrap_or_default().as_str() {
        "" => {}
        "rustup" => {
            if !rustup_has_wasm_std() {
                cmd::run(&add_target())?;
            }
            println!("wasm32: rustup's {TARGET} target ({CHOICE}=rustup)");
            return Ok(Wasm::Rustup);
        }
        "debian" => {
            if debian_wasm().is_none() {
                apt.install(DEBIAN_WASM)?;
            }
            println!("wasm32: Debian's rustc-web with -Zbuild-std ({CHOICE}=debian)");
            return debian_wasm().context(INCOMPLETE_DEBIAN);
        }
        other => bail!("{CHOICE}={other}: expected `rustup` or `debian`"),
    }
    if rustup_has_wasm_std() {
        println!("wasm32: rustup's {TARGET} target is installed");
        return Ok(Wasm::Rustup);
    }
    if let Some(w) = debian_wasm() {
        println!("wasm32: Debian's rustc-web with -Zbuild-std (rustup's {TARGET} target is not installed)");
        return Ok(w);
    }
    if cmd::which("rustup").is_some() {
        println!("wasm32: trying `rustup target add {TARGET}` (60 s at most; it hangs where the network is closed)");
        let added = cmd::run_with_timeout(&add_target(), Duration::from_secs(60))?;
        if added && rustup_has_wasm_std() {
            return Ok(Wasm::Rustup);
        }
        println!("wasm32: rustup could not add the target; falling back to Debian's rustc-web");
    }
    apt.install(DEBIAN_WASM).with_context(|| {
        format!("no wasm32 toolchain: install rustup's target (`rustup target add {TARGET}`) or Debian's {}", DEBIAN_WASM.join(", "))
    })?;
    debian_wasm().context(INCOMPLETE_DEBIAN)
}

/// Debian's packages for wasm32: a rustc that has the target, std's source
/// for -Zbuild-std, and a wasm linker (verified with lld 22).
const DEBIAN_WASM: &[&str] = &["rustc-web", "cargo-web", "rust-web-src", "lld-22"];

const INCOMPLETE_DEBIAN: &str = "Debian's rustc-web is installed but incomplete: need \
    /usr/bin/cargo, /usr/bin/rustc, /usr/lib/rustlib/src/rust/library and a wasm-ld";

fn rustup_has_wasm_std() -> bool {
    let Some(dir) = cmd::output("rustc", &["--print", "target-libdir", "--target", TARGET]) else {
        return false;
    };
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("libstd-"))
    })
}

fn debian_wasm() -> Option<Wasm> {
    let cargo = PathBuf::from("/usr/bin/cargo");
    let rustc = PathBuf::from("/usr/bin/rustc");
    let src = Path::new("/usr/lib/rustlib/src/rust/library/Cargo.lock");
    if !(cmd::is_executable(&cargo) && cmd::is_executable(&rustc) && src.is_file()) {
        return None;
    }
    let linker = wasm_ld()?;
    Some(Wasm::Debian {
        cargo,
        rustc,
        linker,
    })
}

/// `wasm-ld`, or the newest versioned `wasm-ld-N` Debian's lld-N installs.
fn wasm_ld() -> Option<PathBuf> {
    if let Some(p) = cmd::which("wasm-ld") {
        return Some(p);
    }
    let versioned = std::fs::read_dir("/usr/bin")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let v: u32 = name.strip_prefix("wasm-ld-")?.parse().ok()?;
            Some((v, e.path()))
        });
    versioned.max().map(|(_, p)| p)
}

fn node(apt: &mut Apt) -> Result {
    if let Some(v) = node_version().filter(|v| *v >= NODE_MIN) {
        println!("node: {}.{} found", v.0, v.1);
        return Ok(());
    }
    apt.install(&["nodejs"])?;
    match node_version() {
        Some(v) if v >= NODE_MIN => Ok(()),
        found => bail!(
            "Node {}.{} or newer is needed (found {found:?}); install it from your distribution or nodejs.org",
            NODE_MIN.0, NODE_MIN.1
        ),
    }
}

fn node_version() -> Option<(u32, u32)> {
    let v = cmd::output("node", &["--version"])?;
    let mut parts = v.trim_start_matches('v').split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// The wasm-bindgen version in Cargo.lock; the CLI must be exactly it.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = fs_err::read_to_string(root().join("Cargo.lock"))?;
    locked_version(&lock, "wasm-bindgen").context("wasm-bindgen is not in Cargo.lock")
}

/// The version of package `name` in a Cargo.lock's text (the first, if
/// there are several).
pub fn locked_version(lock: &str, name: &str) -> Option<String> {
    let lock: toml_edit::DocumentMut = lock.parse().ok()?;
    let packages = lock.get("package")?.as_array_of_tables()?;
    let package = packages
        .iter()
        .find(|p| p.get("name").and_then(|n| n.as_str()) == Some(name))?;
    Some(package.get("version")?.as_str()?.to_string())
}

fn wasm_bindgen_cli() -> Result {
    let want = locked_wasm_bindgen()?;
    let has = |bin: &str| cli_version(bin).as_deref() == Some(want.as_str());
    if has("wasm-bindgen") && has("wasm-bindgen-test-runner") {
        println!("wasm-bindgen-cli: {want} found (the locked version)");
        return Ok(());
    }
    println!("wasm-bindgen-cli: installing {want}, the version in Cargo.lock (about 3 minutes on 2 cores)");
    install_cli(&want, None)?;
    if !has("wasm-bindgen") {
        bail!("wasm-bindgen {want} was installed but another one comes first on PATH; put ~/.cargo/bin first");
    }
    Ok(())
}

/// The version a wasm-bindgen CLI binary reports (`wasm-bindgen 0.2.130`).
fn cli_version(bin: impl AsRef<std::ffi::OsStr>) -> Option<String> {
    cmd::output(bin, &["--version"]).and_then(|v| v.split_whitespace().nth(1).map(String::from))
}

/// `cargo install wasm-bindgen-cli --version V`, into `root` if given (else
/// cargo's own bin directory). No --locked: the CLI's own lock file names a
/// crate version the registry may lack; cargo resolves a compatible one.
fn install_cli(version: &str, root: Option<&Path>) -> Result {
    let mut c = cmd::cargo();
    c.args(["install", "wasm-bindgen-cli", "--version", version]);
    c.arg("--force");
    if let Some(root) = root {
        // One target directory for every version's build: releases share
        // most of their dependencies, so each after the first builds in
        // about a minute instead of three.
        c.arg("--root").arg(root);
        c.arg("--target-dir").arg(cli_cache().join("target"));
    }
    cmd::run(&c)
}

fn chromium(apt: &mut Apt) -> Result<Chromium> {
    let find = || {
        let names = ["chromium", "chromium-browser", "google-chrome"];
        let browser = names.iter().find_map(|b| cmd::which(b));
        let driver = std::env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .or_else(|| cmd::which("chromedriver"));
        browser.zip(driver)
    };
    let (browser, driver) = match find() {
        Some(found) => found,
        None => {
            apt.install(&["chromium", "chromium-driver"])?;
            find().context(
                "Chromium and chromedriver are needed: install Debian's chromium and chromium-driver",
            )?
        }
    };
    println!("chromium: {} and {}", browser.display(), driver.display());
    let caps = json!({ "goog:chromeOptions": { "args": CHROMIUM_ARGS } });
    Ok(Chromium {
        browser,
        driver,
        webdriver_json: write_webdriver_json("webdriver.json", &caps.to_string())?,
    })
}

/// Headless Chromium that does not reach for the network (closed here, and
/// slow to fail) and runs as root.
pub const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
];

/// The geckodriver the wasm tests in Firefox use (from the crate registry).
const GECKODRIVER: &str = "0.37.1";

/// Debian's Firefox ESR and geckodriver from the crate registry (about two
/// minutes to build): the third engine of the wasm tests.
fn firefox(apt: &mut Apt) -> Result<PathBuf> {
    let browser = || cmd::which("firefox-esr").or_else(|| cmd::which("firefox"));
    if browser().is_none() {
        apt.install(&["firefox-esr"])?;
    }
    let installed = cargo_tool("geckodriver", GECKODRIVER, false)?;
    let browser = browser()
        .context("Firefox is needed for the wasm tests in Firefox: install Debian's firefox-esr")?;
    println!("firefox: {} and {}", browser.display(), installed.display());
    Ok(installed)
}

/// Headless Firefox kept off the network (closed here).
fn firefox_webdriver_json() -> Result<PathBuf> {
    write_webdriver_json(
        "webdriver-firefox.json",
        r#"{"moz:firefoxOptions":{"args":["-headless"],"prefs":{"network.proxy.type":0,"app.update.enabled":false,"datareporting.policy.dataSubmissionEnabled":false,"toolkit.telemetry.enabled":false}}}"#,
    )
}

/// Writes a webdriver capabilities file under `target/xtask`.
fn write_webdriver_json(file: &str, json: &str) -> Result<PathBuf> {
    let dir = root().join("target/xtask");
    fs_err::create_dir_all(&dir)?;
    let path = dir.join(file);
    fs_err::write(&path, format!("{json}\n"))?;
    Ok(path)
}

/// Debian packages, installed with one `apt-get update` per setup.
#[derive(Default)]
struct Apt {
    updated: bool,
}

impl Apt {
    fn install(&mut self, packages: &[&str]) -> Result {
        let missing = packages.join(", ");
        if cmd::which("apt-get").is_none() {
            bail!("missing {missing}: there is no apt-get here to install them");
        }
        let root = cmd::output("id", &["-u"]).as_deref() == Some("0");
        if !root && cmd::which("sudo").is_none() {
            let list = packages.join(" ");
            bail!("missing {missing}: run as root, or `apt-get install {list}`");
        }
        let apt = |args: &[&str]| {
            let mut c = Command::new(if root { "apt-get" } else { "sudo" });
            if !root {
                c.arg("apt-get");
            }
            c.env("DEBIAN_FRONTEND", "noninteractive").args(args);
            c
        };
        if !self.updated {
            println!("apt: updating the package lists");
            cmd::run(&apt(&["update", "-q"]))?;
            self.updated = true;
        }
        println!("apt: installing {missing}");
        let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
        args.extend_from_slice(packages);
        cmd::run(&apt(&args))
    }
}

/// Where `cargo xtask compat` keeps the wasm-bindgen CLIs of other
/// versions, one directory each, so that they never meet on PATH (outside
/// `target/`: a clean checkout builds each once per machine, not per clone).
fn cli_cache() -> PathBuf {
    std::env::var_os("WASM_LEDGER_CLI_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").unwrap_or_else(|| ".".into());
            PathBuf::from(home).join(".cache/wasm-ledger/wasm-bindgen-cli")
        })
}

/// The directory holding `wasm-bindgen` and `wasm-bindgen-test-runner` of
/// exactly `version`, built from the registry the first time (about three
/// minutes on 2 cores).
pub fn wasm_bindgen_cli_of(version: &str) -> Result<PathBuf> {
    let root = cli_cache().join(version);
    let bin = root.join("bin");
    let both = |dir: &Path| {
        let is = |name: &str| cli_version(dir.join(name)).as_deref() == Some(version);
        is("wasm-bindgen") && is("wasm-bindgen-test-runner")
    };
    if both(&bin) {
        println!("wasm-bindgen-cli {version}: {}", bin.display());
        return Ok(bin);
    }
    // The workspace's own version is the one setup put on PATH.
    if locked_wasm_bindgen().ok().as_deref() == Some(version) {
        let runner = cmd::which("wasm-bindgen-test-runner");
        if let Some(dir) = runner.and_then(|p| Some(p.parent()?.to_path_buf())) {
            if cli_version(dir.join("wasm-bindgen-test-runner")).as_deref() == Some(version) {
                let shown = dir.display();
                println!("wasm-bindgen-cli {version}: {shown} (the locked version)");
                return Ok(dir);
            }
        }
    }
    println!(
        "wasm-bindgen-cli {version}: building it into {} (about 3 minutes on 2 cores)",
        root.display()
    );
    install_cli(version, Some(&root))?;
    if !both(&bin) {
        let shown = bin.display();
        bail!("wasm-bindgen-cli {version} was installed in {shown} but does not answer");
    }
    Ok(bin)
}

/// A tool from the crate registry (`cargo install NAME --version V`), built
/// once into ~/.cargo/bin; `locked` builds it with its own lock file.
pub fn cargo_tool(name: &str, version: &str, locked: bool) -> Result<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    let bin = home.join("bin").join(name);
    let has = cmd::output(&bin, &["--version"])
        .is_some_and(|v| v.split_whitespace().any(|w| w == version));
    if has {
        println!("{name} {version}: {}", bin.display());
        return Ok(bin);
    }
    println!("{name} {version}: installing from the crate registry (a few minutes on 2 cores)");
    let mut c = cmd::cargo();
    c.args(["install", name, "--version", version, "--force"]);
    if locked {
        c.arg("--locked");
    }
    cmd::run(&c)?;
    Ok(bin)
}
