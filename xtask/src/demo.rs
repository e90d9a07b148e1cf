//! `cargo xtask demo`: builds `examples/particles` for wasm, serves it, and
//! runs it in headless Chromium once per mode: as written, then with each
//! classic mistake switched on (`?leak=closure`, `cache`, `view`,
//! `per-element`, `all`). Prints what the page printed (the ledger's
//! warnings and its last report) and checks, per mode, that exactly the
//! matching warnings were raised, each naming the line marked
//! `// leak: <name>` in the example's source.

use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::args::Demo as Options;
use crate::browser::Browser;
use crate::{root, serve, setup, wasm, Result};

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
    let source = fs_err::read_to_string(root().join(SOURCE))?;
    let mark = format!("// leak: {leak}");
    let lines: Vec<usize> = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with(&mark))
        .map(|(i, _)| i + 1)
        .collect();
    match lines.as_slice() {
        [one] => Ok(*one as u32),
        _ => bail!(
            "{SOURCE}: expected one line marked `{mark}`, found {}",
            lines.len()
        ),
    }
}

fn modes(only: Option<&str>) -> Result<Vec<Mode>> {
    // The mode of `?leak=<leak>`, with what `leaks` must and may raise.
    let mode = |leak: Option<&str>, leaks: &[&str], wrong_type| -> Result<Mode> {
        let (mut expected, mut allowed) = (Vec::new(), Vec::new());
        for (leak, kinds) in LEAKS.iter().filter(|(l, _)| leaks.contains(l)) {
            for kind in kinds.iter() {
                match kind.strip_prefix('?') {
                    Some(kind) => allowed.push((kind.to_string(), leak_line(leak)?)),
                    None => expected.push((kind.to_string(), leak_line(leak)?)),
                }
            }
        }
        let leak = leak.map(str::to_string);
        Ok(Mode {
            leak,
            expected,
            allowed,
            wrong_type,
        })
    };
    let all: Vec<&str> = LEAKS.iter().map(|(l, _)| *l).collect();
    let mut modes = vec![mode(None, &[], false)?];
    for leak in &all {
        modes.push(mode(Some(leak), &[leak], false)?);
    }
    modes.push(mode(Some("all"), &all, false)?);
    // The app as written, its `.wasm` served as text/plain.
    modes.push(mode(None, &[], true)?);
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

pub fn run(opts: Options) -> Result {
    let names: Vec<&str> = LEAKS.iter().map(|(n, _)| *n).collect();
    if let Some(leak) = opts.leak.as_deref() {
        if !["none", "all", "mime"].contains(&leak) && !names.contains(&leak) {
            let names = names.join(", ");
            bail!("--leak: unknown `{leak}`; one of: none, {names}, all, mime");
        }
    }
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
    if failed > 0 {
        bail!("{failed} demo mode(s) did not raise exactly the warnings expected");
    }
    Ok(())
}

/// The demo as a suite, for `cargo xtask test`: every mode, printing only
/// the verdicts and warnings. `(passed, failed)` modes.
pub fn check(env: &setup::Env) -> Result<(usize, usize)> {
    let opts = Options {
        seconds: 4,
        ..Options::default()
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
        fs_err::write(path, serde_json::to_string_pretty(&doc)?)?;
        println!(
            "\n== wrote the last snapshot of {} modes to {}",
            snapshots.len(),
            path.display()
        );
    }
    println!("\n== demo: each mode and the warnings it raised");
    let mut failed = 0;
    for (name, verdict) in &verdicts {
        let (mark, text) = match verdict {
            Ok(text) => ("ok  ", text.clone()),
            Err(e) => ("FAIL", format!("{e:#}")),
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
    let (name, expects) = (mode.name(), listed(&at_source(&mode.expected)));
    println!("\n== {name} for {seconds} s in headless Chromium; expects {expects}");
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

/// `kind at examples/particles/src/lib.rs:line` of each warning.
fn at_source(warnings: &[(String, u32)]) -> Vec<String> {
    let at = |(k, l): &(String, u32)| format!("{k} at {SOURCE}:{l}");
    warnings.iter().map(at).collect()
}

/// The items, or `no warning`.
fn listed(items: &[String]) -> String {
    match items {
        [] => "no warning".to_string(),
        _ => items.join(", "),
    }
}

/// `Ok(what was raised)` if exactly the expected warnings were.
fn judge(mode: &Mode, seen: &Seen) -> Result<String> {
    let mut raised: Vec<String> = (seen.warnings.iter())
        .map(|(k, f, l)| format!("{k} at {f}:{l}"))
        .collect();
    raised.sort();
    // What it may raise, raised or not, is neither missing nor extra.
    let may = at_source(&mode.allowed);
    let judged: Vec<&String> = raised.iter().filter(|r| !may.contains(r)).collect();
    let mut expected = at_source(&mode.expected);
    expected.sort();
    let shown = listed(&raised);
    if seen.reports == 0 {
        bail!("no report arrived; raised {shown}");
    }
    judge_json(mode, seen)?;
    if seen.exact < seen.reports {
        let estimated = seen.reports - seen.exact;
        bail!(
            "{estimated} of {} reports estimated, not exact (the glue did not bring the probe)",
            seen.reports
        );
    }
    if judged != expected.iter().collect::<Vec<_>>() {
        bail!("raised {shown}; expected {}", listed(&expected));
    }
    Ok(shown)
}

/// The page's last snapshot: schema 3, exact, the same warnings as the
/// console; start-up compiled while streaming, or, with the wrong type,
/// the start-up warning in the console and in the JSON.
fn judge_json(mode: &Mode, seen: &Seen) -> Result {
    let json = seen.json.as_ref();
    let json = json.context("the page printed no snapshot (wasm-ledger-json)")?;
    let (version, kind) = (&json["version"], &json["mode"]);
    if version.as_u64() != Some(SCHEMA) || kind != "exact" {
        bail!("the snapshot is version {version} in mode {kind}, expected {SCHEMA}, exact");
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
    let at = |(k, _, l): &(String, String, u32)| format!("{k} at {l}");
    let mut console: Vec<String> = seen.warnings.iter().map(at).collect();
    console.sort();
    // The relay posts in batches that may arrive out of order: the
    // snapshot may be older than the last warning, never newer.
    if let Some(extra) = kinds.iter().find(|k| !console.contains(k)) {
        bail!("the snapshot warns {extra}, which the console never did ({console:?})");
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
            bail!("served as text/plain, expected the start-up warning in the console and the JSON; console: {said:?}, startup: {startup}");
        }
    } else if startup["compiled"] != "streaming"
        || !startup["warning"].is_null()
        || seen.startup_warning.is_some()
    {
        bail!("expected a streaming start-up and no start-up warning; startup: {startup}");
    }
    Ok(())
}

/// Builds the example and lays out the site: the page, the probe, and the
/// wasm-bindgen output in `pkg/`.
pub fn build(env: &setup::Env) -> Result<PathBuf> {
    println!("== building examples/particles for wasm32");
    let mut c = env.wasm_cargo("build");
    c.args(["-p", "particles", "--lib"]);
    let wasm = wasm::build(&mut c, &root().join("target/wasm"), false, "particles")?;
    let site = root().join("target/demo");
    wasm::site(&wasm, &[], &root().join("examples/particles/www"), &site)?;
    Ok(site)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_tables_leak_option_names_every_mode() {
        let leak = crate::args::option_of("demo", "leak").expect("demo --leak");
        let help = leak.get_help().expect("its help").to_string();
        for name in super::LEAKS.iter().map(|(n, _)| n) {
            assert!(help.contains(name), "{name}");
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
