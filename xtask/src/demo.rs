//! `cargo xtask demo`: builds `examples/particles` for wasm, serves it, and
//! runs it in headless Chromium once per mode: as written, then with each
//! classic mistake switched on (`?leak=closure`, `cache`, `view`,
//! `per-element`, `all`). Prints what the page printed (the ledger's
//! warnings and its last report) and checks, per mode, that exactly the
//! matching warnings were raised, each naming the line marked
//! `// leak: <name>` in the example's source.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use crate::{cmd, root, serve, setup, Result};

/// The example's source, where the `// leak: <name>` marks are.
pub const SOURCE: &str = "examples/particles/src/lib.rs";

/// Each `?leak=` switch and the warnings it must raise, at its line; a
/// kind after `?` it may raise there, and no other mode may. Copying the
/// pixels one byte per call (614,400 crossings a frame) makes frames of
/// 50 to 150 ms, on either side of the long-task line as the machine is
/// quiet or busy: `long_frame` may come (the long-frame tests raise it for
/// certain).
pub const LEAKS: [(&str, &[&str]); 4] = [
    ("closure", &["unreleased_callback"]),
    ("cache", &["growing_cache"]),
    ("view", &["detached_view"]),
    ("per-element", &["per_element_copy", "?long_frame"]),
];

struct Options {
    seconds: u64,
    serve: bool,
    port: Option<u16>,
    /// One mode only (`none` for the app as written).
    leak: Option<String>,
    /// Where to write the last snapshot of each mode.
    json: Option<PathBuf>,
}

fn options(args: &crate::args::Args) -> Result<Options> {
    let leak = args.value("leak").map(str::to_string);
    if let Some(leak) = &leak {
        if leak != "none"
            && leak != "all"
            && leak != "mime"
            && !LEAKS.iter().any(|(n, _)| n == leak)
        {
            let names: Vec<&str> = LEAKS.iter().map(|(n, _)| *n).collect();
            return Err(format!(
                "--leak: unknown `{leak}`; one of: none, {}, all, mime",
                names.join(", ")
            ));
        }
    }
    Ok(Options {
        seconds: args.number("seconds")?,
        serve: args.flag("serve"),
        port: args.parsed("port")?,
        leak,
        json: args.value("json").map(PathBuf::from),
    })
}

/// One run of the page: its `?leak=` (None: as written), the warnings it
/// must raise, as `(kind, line)`, and whether the `.wasm` is served with
/// the wrong type (`text/plain`: the start-up warning must come).
struct Mode {
    leak: Option<String>,
    /// The warnings it must raise, at their lines.
    expected: Vec<(String, u32)>,
    /// The warnings it may raise besides, at their lines.
    allowed: Vec<(String, u32)>,
    wrong_type: bool,
}

impl Mode {
    fn name(&self) -> String {
        match &self.leak {
            _ if self.wrong_type => "wasm as text/plain".to_string(),
            Some(l) => format!("?leak={l}"),
            None => "as written".to_string(),
        }
    }
}

/// The line of the example marked `// leak: <leak>`.
pub fn leak_line(leak: &str) -> Result<u32> {
    let source =
        std::fs::read_to_string(root().join(SOURCE)).map_err(|e| format!("{SOURCE}: {e}"))?;
    let mark = format!("// leak: {leak}");
    let lines: Vec<usize> = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with(&mark))
        .map(|(i, _)| i + 1)
        .collect();
    match lines.as_slice() {
        [one] => Ok(*one as u32),
        _ => Err(format!(
            "{SOURCE}: expected one line marked `{mark}`, found {}",
            lines.len()
        )),
    }
}

fn modes(only: Option<&str>) -> Result<Vec<Mode>> {
    let line_of = leak_line;
    // (must, may) for these leaks.
    type Expected = (Vec<(String, u32)>, Vec<(String, u32)>);
    let expect = |leaks: &[&str]| -> Result<Expected> {
        let (mut must, mut may) = (Vec::new(), Vec::new());
        for (leak, kinds) in LEAKS.iter().filter(|(l, _)| leaks.contains(l)) {
            for kind in kinds.iter() {
                match kind.strip_prefix('?') {
                    Some(kind) => may.push((kind.to_string(), line_of(leak)?)),
                    None => must.push((kind.to_string(), line_of(leak)?)),
                }
            }
        }
        Ok((must, may))
    };
    let all: Vec<&str> = LEAKS.iter().map(|(l, _)| *l).collect();
    let mut modes = vec![Mode {
        leak: None,
        expected: Vec::new(),
        allowed: Vec::new(),
        wrong_type: false,
    }];
    for leak in &all {
        let (expected, allowed) = expect(&[leak])?;
        modes.push(Mode {
            leak: Some(leak.to_string()),
            expected,
            allowed,
            wrong_type: false,
        });
    }
    let (expected, allowed) = expect(&all)?;
    modes.push(Mode {
        leak: Some("all".into()),
        expected,
        allowed,
        wrong_type: false,
    });
    // The app as written, its `.wasm` served as text/plain.
    modes.push(Mode {
        leak: None,
        expected: Vec::new(),
        allowed: Vec::new(),
        wrong_type: true,
    });
    Ok(match only {
        None => modes,
        Some("none") => modes.into_iter().take(1).collect(),
        Some("mime") => modes.into_iter().filter(|m| m.wrong_type).collect(),
        Some(one) => modes
            .into_iter()
            .filter(|m| m.leak.as_deref() == Some(one) && !m.wrong_type)
            .collect(),
    })
}

pub fn run(args: &crate::args::Args) -> Result {
    let opts = options(args)?;
    let env = setup::run(setup::CHROMIUM)?;
    let (failed, url, rx) = run_modes(&env, &opts, true)?;
    if opts.serve {
        println!(
            "== still serving {url} (add ?leak=closure|cache|view|per-element|all; the ledger writes to your browser's console); Ctrl-C to stop"
        );
        for line in rx {
            println!("  console | {line}");
        }
    }
    match failed {
        0 => Ok(()),
        n => Err(format!(
            "{n} demo mode(s) did not raise exactly the warnings expected"
        )),
    }
}

/// The demo as a suite, for `cargo xtask test`: every mode, printing only
/// the verdicts and warnings. `(passed, failed)` modes.
pub fn check(env: &setup::Env) -> Result<(usize, usize)> {
    let opts = Options {
        seconds: 4,
        serve: false,
        port: None,
        leak: None,
        json: None,
    };
    let total = modes(None)?.len();
    let (failed, _, _) = run_modes(env, &opts, false)?;
    Ok((total - failed, failed))
}

fn run_modes(
    env: &setup::Env,
    opts: &Options,
    verbose: bool,
) -> Result<(usize, String, Receiver<String>)> {
    let site = build(env)?;
    let modes = modes(opts.leak.as_deref())?;
    let port = opts.port.unwrap_or(if opts.serve { 8765 } else { 0 });
    let (addr, rx) = serve::spawn(&site, port)?;
    let url = format!("http://{addr}/");
    println!("== serving {url}");

    let mut verdicts = Vec::new();
    let mut snapshots = Vec::new();
    for mode in &modes {
        let seen = run_mode(env, &url, &rx, mode, opts.seconds, verbose)?;
        verdicts.push((mode.name(), judge(mode, &seen)));
        if let Some(json) = seen.json {
            snapshots.push(serde_json::json!({ "mode": mode.name(), "snapshot": json }));
        }
    }
    if let Some(path) = &opts.json {
        let doc = serde_json::json!({ "schema": SCHEMA, "modes": snapshots });
        let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!(
            "\n== wrote the last snapshot of {} modes to {}",
            snapshots.len(),
            path.display()
        );
    }
    println!("\n== demo: each mode and the warnings it raised");
    let mut failed = 0;
    for (name, verdict) in &verdicts {
        let mark = if verdict.is_ok() { "ok  " } else { "FAIL" };
        let text = match verdict {
            Ok(text) | Err(text) => text,
        };
        failed += usize::from(verdict.is_err());
        println!("  {mark} {name:<20} {text}");
    }
    Ok((failed, url, rx))
}

/// What a mode's page printed that the verdict needs.
#[derive(Default)]
struct Seen {
    /// `(kind, file, line)` of each warning, as first raised.
    warnings: Vec<(String, String, u32)>,
    reports: u64,
    /// Reports whose crossings are counted by the probe, not estimated.
    exact: u64,
    /// The last snapshot the page printed (`wasm-ledger-json {..}`).
    json: Option<serde_json::Value>,
    /// A snapshot came after the last warning.
    json_fresh: bool,
    /// The probe's start-up warning, as printed.
    startup_warning: Option<String>,
}

/// The snapshot schema's version the demo reads.
const SCHEMA: u64 = 3;

/// Loads the page in `mode` and reads its console until the time is up and
/// a report and the expected warnings have arrived (or a limit passes).
fn run_mode(
    env: &setup::Env,
    url: &str,
    rx: &Receiver<String>,
    mode: &Mode,
    seconds: u64,
    verbose: bool,
) -> Result<Seen> {
    // The page prints its snapshot every second (`?json`).
    let query = match &mode.leak {
        Some(l) => format!("?leak={l}&json"),
        None => "?json".to_string(),
    };
    let prefix = if mode.wrong_type { serve::AS_TEXT } else { "" };
    let expects: Vec<String> = mode
        .expected
        .iter()
        .map(|(k, l)| format!("{k} at {SOURCE}:{l}"))
        .collect();
    println!(
        "\n== {} for {seconds} s in headless Chromium; expects {}",
        mode.name(),
        if expects.is_empty() {
            "no warning".to_string()
        } else {
            expects.join(", ")
        }
    );
    // What a previous page relayed late is not this one's.
    while rx.recv_timeout(Duration::from_millis(200)).is_ok() {}
    let mut browser = Browser::open(env, &format!("{url}{prefix}{query}"))?;
    let mut seen = Seen::default();
    let mut report: Vec<String> = Vec::new();
    let mut in_report = false;
    let mut take = |line: String, seen: &mut Seen| {
        let top = !line.starts_with(' ');
        if top && line.starts_with("[groupCollapsed] wasm-ledger") {
            seen.reports += 1;
            seen.exact += u64::from(counted_exactly(&line));
            report.clear();
            in_report = true;
        } else if top {
            in_report = false;
        }
        if in_report {
            report.push(line);
            return;
        }
        if let Some(json) = line.strip_prefix("[log] wasm-ledger-json ") {
            seen.json = serde_json::from_str(json).ok();
            seen.json_fresh = seen.json.is_some();
            return;
        }
        if let Some(w) = line.strip_prefix("[warn] wasm-ledger start-up: ") {
            seen.startup_warning = Some(w.to_string());
        }
        if let Some(w) = warning(&line) {
            seen.warnings.push(w);
            seen.json_fresh = false;
        }
        if verbose
            || line.contains("wasm-ledger warning")
            || line.starts_with("[error]")
            || line.starts_with("[uncaught]")
        {
            println!("  console | {line}");
        }
    };
    let started = Instant::now();
    let (asked, limit) = (
        Duration::from_secs(seconds),
        Duration::from_secs(seconds.max(30)),
    );
    loop {
        let expected_all = mode.expected.iter().all(|(kind, line)| {
            seen.warnings
                .iter()
                .any(|(k, f, l)| k == kind && l == line && f.ends_with(SOURCE))
        });
        let until = if seen.reports > 0 && expected_all && seen.json_fresh {
            asked
        } else {
            limit
        };
        let Some(left) = until.checked_sub(started.elapsed()) else {
            break;
        };
        match rx.recv_timeout(left) {
            Ok(line) => take(line, &mut seen),
            Err(_) => break,
        }
    }
    browser.close();
    // The relay flushes every 100 ms: take what was in flight.
    while let Ok(line) = rx.recv_timeout(Duration::from_millis(300)) {
        take(line, &mut seen);
    }
    if verbose {
        println!("  the last report:");
        for line in &report {
            println!("  console | {line}");
        }
    }
    Ok(seen)
}

/// Whether a report's summary line says its crossings were counted by the
/// probe (`4 crossings/frame (exact)`, or `6 crossings/frame (exact; 2
/// outside annotated code)`), not estimated.
pub fn counted_exactly(summary: &str) -> bool {
    summary.contains(" (exact)") || summary.contains(" (exact; ")
}

/// What follows `wasm-ledger warning [` in a warning's line (`kind]
/// file:line:col in f: ..`): its kind and its place.
pub fn kind_and_place(rest: &str) -> Option<(&str, &str)> {
    let (kind, rest) = rest.split_once("] ")?;
    Some((kind, rest.split_whitespace().next()?))
}

/// `[warn] wasm-ledger warning [kind] file:line:col in f: ..` at the top
/// level (a warning as first raised, not its copy in a report).
fn warning(line: &str) -> Option<(String, String, u32)> {
    let (kind, place) = kind_and_place(line.strip_prefix("[warn] wasm-ledger warning [")?)?;
    let mut parts = place.rsplitn(3, ':');
    let (_column, line, file) = (parts.next()?, parts.next()?, parts.next()?);
    Some((kind.to_string(), file.to_string(), line.parse().ok()?))
}

/// `Ok(what was raised)` if exactly the expected warnings were.
fn judge(mode: &Mode, seen: &Seen) -> std::result::Result<String, String> {
    let mut raised: Vec<String> = seen
        .warnings
        .iter()
        .map(|(k, f, l)| format!("{k} at {f}:{l}"))
        .collect();
    raised.sort();
    // What it may raise, raised or not, is neither missing nor extra.
    let may: Vec<String> = mode
        .allowed
        .iter()
        .map(|(k, l)| format!("{k} at {SOURCE}:{l}"))
        .collect();
    let judged: Vec<String> = raised
        .iter()
        .filter(|r| !may.contains(r))
        .cloned()
        .collect();
    let mut expected: Vec<String> = mode
        .expected
        .iter()
        .map(|(k, l)| format!("{k} at {SOURCE}:{l}"))
        .collect();
    expected.sort();
    let shown = if raised.is_empty() {
        "no warning".to_string()
    } else {
        raised.join(", ")
    };
    if seen.reports == 0 {
        Err(format!("no report arrived; raised {shown}"))
    } else if let Err(e) = judge_json(mode, seen) {
        Err(e)
    } else if seen.exact < seen.reports {
        Err(format!(
            "{} of {} reports estimated, not exact (the glue did not bring the probe)",
            seen.reports - seen.exact,
            seen.reports
        ))
    } else if judged == expected {
        Ok(shown)
    } else {
        let want = if expected.is_empty() {
            "no warning".to_string()
        } else {
            expected.join(", ")
        };
        Err(format!("raised {shown}; expected {want}"))
    }
}

/// The page's last snapshot: schema 3, exact, the same warnings as the
/// console; start-up compiled while streaming, or, with the wrong type,
/// the start-up warning in the console and in the JSON.
fn judge_json(mode: &Mode, seen: &Seen) -> std::result::Result<(), String> {
    let Some(json) = &seen.json else {
        return Err("the page printed no snapshot (wasm-ledger-json)".into());
    };
    if json["version"].as_u64() != Some(SCHEMA) || json["mode"] != "exact" {
        return Err(format!(
            "the snapshot is version {} in mode {}, expected {SCHEMA}, exact",
            json["version"], json["mode"]
        ));
    }
    let sites = json["sites"].as_array().cloned().unwrap_or_default();
    let mut kinds: Vec<String> = json["warnings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|w| {
            let line = w["site"]
                .as_u64()
                .and_then(|i| sites.get(i as usize))
                .and_then(|s| s["line"].as_u64())
                .unwrap_or(0);
            format!("{} at {line}", w["kind"].as_str().unwrap_or("?"))
        })
        .collect();
    kinds.sort();
    let mut console: Vec<String> = seen
        .warnings
        .iter()
        .map(|(k, _, l)| format!("{k} at {l}"))
        .collect();
    console.sort();
    // The relay posts in batches that may arrive out of order: the
    // snapshot may be older than the last warning, never newer.
    if let Some(extra) = kinds.iter().find(|k| !console.contains(k)) {
        return Err(format!(
            "the snapshot warns {extra}, which the console never did ({console:?})"
        ));
    }
    let startup = &json["startup"];
    if mode.wrong_type {
        let in_json = startup["warning"].as_str().unwrap_or("");
        let said = seen.startup_warning.as_deref().unwrap_or("");
        if startup["streaming_refused"] != "text/plain"
            || startup["compiled"] != "bytes"
            || !in_json.starts_with("served as text/plain: compile waited for the whole download")
            || said != in_json
        {
            return Err(format!(
                "served as text/plain, expected the start-up warning in the console and the JSON; console: {said:?}, startup: {startup}"
            ));
        }
    } else if startup["compiled"] != "streaming"
        || !startup["warning"].is_null()
        || seen.startup_warning.is_some()
    {
        return Err(format!(
            "expected a streaming start-up and no start-up warning; startup: {startup}"
        ));
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
        let mut chromium = Command::new(&env.chromium()?.browser);
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
pub fn build(env: &setup::Env) -> Result<PathBuf> {
    println!("== building examples/particles for wasm32");
    cmd::run(env.wasm_cargo("build").args(["-p", "particles", "--lib"]))?;
    let wasm = root().join("target/wasm/wasm32-unknown-unknown/debug/particles.wasm");
    let site = root().join("target/demo");
    lay_out_site(&wasm, &root().join("examples/particles/www"), &site)?;
    Ok(site)
}

/// A site to serve, made anew: the pages of `www` and the wasm-bindgen
/// output of `wasm` (web target) in `pkg/` (the glue brings the probe).
pub fn lay_out_site(wasm: &Path, www: &Path, site: &Path) -> Result {
    let _ = std::fs::remove_dir_all(site);
    cmd::run(
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(site.join("pkg"))
            .arg(wasm),
    )?;
    cmd::copy_dir(www, site)?;
    Ok(())
}

/// Serves `site`, opens `page` in headless Chromium and hands each line its
/// console prints to `on_line` until that returns true or `limit` passes.
pub fn watch_page(
    env: &setup::Env,
    site: &Path,
    page: &str,
    limit: Duration,
    mut on_line: impl FnMut(String) -> bool,
) -> Result {
    let (addr, rx) = serve::spawn(site, 0)?;
    let mut browser = Browser::open(env, &format!("http://{addr}/{page}"))?;
    let started = Instant::now();
    while let Some(left) = limit.checked_sub(started.elapsed()) {
        let Ok(line) = rx.recv_timeout(left) else {
            break;
        };
        if on_line(line) {
            break;
        }
    }
    browser.close();
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_tables_leak_option_names_every_mode() {
        let leak = crate::args::option_of("demo", "leak").expect("demo --leak");
        for name in super::LEAKS.iter().map(|(n, _)| n) {
            assert!(leak.help.contains(name), "{name}");
        }
    }

    use super::*;

    #[test]
    fn warnings_are_read_from_the_top_level_only() {
        let line = "[warn] wasm-ledger warning [growing_cache] examples/particles/src/lib.rs:251:27 in text_width: ..";
        assert_eq!(
            warning(line),
            Some((
                "growing_cache".into(),
                "examples/particles/src/lib.rs".into(),
                251
            ))
        );
        assert_eq!(warning(&format!("  {line}")), None);
    }

    #[test]
    fn every_leak_is_marked_once_in_the_example() {
        let modes = modes(None).unwrap();
        assert_eq!(modes.len(), 7);
        assert!(modes[0].expected.is_empty());
        assert_eq!(modes[5].expected.len(), 4);
        assert_eq!(modes[4].allowed.len(), 1);
        assert_eq!(modes[4].allowed[0].0, "long_frame");
        assert_eq!(modes[5].allowed, modes[4].allowed);
        assert!(modes[0].allowed.is_empty());
        assert!(modes[6].wrong_type && modes[6].expected.is_empty());
    }

    #[test]
    fn a_mode_passes_only_with_exactly_its_warnings() {
        let mode = Mode {
            leak: Some("view".into()),
            expected: vec![("detached_view".into(), 7)],
            allowed: vec![("long_frame".into(), 7)],
            wrong_type: false,
        };
        // The page's snapshot, with the same warnings.
        let json = |w: &[(&str, u32)]| {
            serde_json::json!({
                "version": 3, "mode": "exact",
                "sites": w.iter().map(|(_, l)| serde_json::json!({ "line": l })).collect::<Vec<_>>(),
                "warnings": w.iter().enumerate().map(|(i, (k, _))| serde_json::json!({ "kind": k, "site": i })).collect::<Vec<_>>(),
                "startup": { "compiled": "streaming", "warning": null },
            })
        };
        let seen = |w: &[(&str, u32)]| Seen {
            warnings: w
                .iter()
                .map(|(k, l)| (k.to_string(), SOURCE.to_string(), *l))
                .collect(),
            reports: 1,
            exact: 1,
            json: Some(json(w)),
            json_fresh: true,
            startup_warning: None,
        };
        assert!(judge(&mode, &seen(&[("detached_view", 7)])).is_ok());
        assert!(judge(&mode, &seen(&[("detached_view", 8)])).is_err());
        assert!(judge(&mode, &seen(&[("detached_view", 7), ("growing_cache", 9)])).is_err());
        // What it may raise: with or without it, but only at its line.
        assert!(judge(&mode, &seen(&[("detached_view", 7), ("long_frame", 7)])).is_ok());
        assert!(judge(&mode, &seen(&[("detached_view", 7), ("long_frame", 8)])).is_err());
        assert!(judge(&mode, &seen(&[("long_frame", 7)])).is_err());
        assert!(judge(
            &mode,
            &Seen {
                reports: 0,
                exact: 0,
                ..seen(&[("detached_view", 7)])
            }
        )
        .is_err());
        // A snapshot that warns what the console never did is a failure; an
        // older one (fewer warnings) is not.
        let newer = json(&[("detached_view", 7), ("growing_cache", 9)]);
        assert!(judge(
            &mode,
            &Seen {
                json: Some(newer),
                ..seen(&[("detached_view", 7)])
            }
        )
        .is_err());
        assert!(judge(
            &mode,
            &Seen {
                json: Some(json(&[])),
                ..seen(&[("detached_view", 7)])
            }
        )
        .is_ok());
        assert!(judge(
            &mode,
            &Seen {
                json: None,
                ..seen(&[("detached_view", 7)])
            }
        )
        .is_err());
        // Served as text/plain: only with the start-up warning, in both.
        let wrong = Mode {
            leak: None,
            expected: vec![],
            allowed: vec![],
            wrong_type: true,
        };
        assert!(judge(&wrong, &seen(&[])).is_err());
        let said = "served as text/plain: compile waited for the whole download, then took 9.0 ms";
        let mut refused = json(&[]);
        refused["startup"] = serde_json::json!({ "compiled": "bytes", "streaming_refused": "text/plain", "warning": said });
        let ok = Seen {
            json: Some(refused),
            startup_warning: Some(said.into()),
            ..seen(&[])
        };
        assert!(judge(&wrong, &ok).is_ok());
        // An estimated report is a failure: the demo runs exact as written.
        assert!(judge(
            &mode,
            &Seen {
                exact: 0,
                ..seen(&[("detached_view", 7)])
            }
        )
        .is_err());
    }
}
