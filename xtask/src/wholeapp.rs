//! `cargo xtask wholeapp`: framework apps whose handlers are written inline
//! in the framework's view macro (Leptos `view!`, Dioxus `rsx!`, Yew
//! `html!`), driven in headless Chromium, and what the ledger sees of the
//! whole app: the truth probe's total of calls into JS against the ledger's
//! (every annotated site and every row of the rest), how much of it the
//! sampled stacks attribute to a named Rust function and to a `file:line`
//! (built with DWARF kept, `wasm-bindgen --keep-debug`, and without), the
//! ten busiest lines; and, for an app with leaks behind `?leak`, each leak
//! warned at its `// leak: <kind>` line while the app as written raises
//! nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::bail;
use serde_json::Value;

use crate::{apps, browser, cmd, root, setup, wasm, Result};

/// A framework app of our own, in a workspace of its own.
pub struct App {
    pub name: &'static str,
    pub dir: &'static str,
    pub framework: &'static str,
    /// It has leaks behind `?leak`, marked `// leak: <kind>` in its source.
    pub leaks: bool,
    /// Driven when no `--apps` is given.
    pub default: bool,
}

pub const APPS: &[App] = &[
    App {
        name: "leptos-todo",
        dir: "examples/leptos-todo",
        framework: "Leptos 0.8, handlers inline in view!",
        leaks: true,
        default: true,
    },
    App {
        name: "dioxus-todo",
        dir: "examples/dioxus-todo",
        framework: "Dioxus 0.6, handlers inline in rsx!",
        leaks: true,
        default: true,
    },
    App {
        name: "yew-todo",
        dir: "examples/yew-todo",
        framework: "Yew 0.21, handlers in html!, components annotated",
        leaks: false,
        default: true,
    },
];

/// What one drive of an app reported (`app-whole: {json}`).
#[derive(Debug, Default)]
pub struct Whole {
    pub json: Value,
    /// What the page printed besides (read as `cargo xtask apps` reads it).
    pub page: apps::Run,
}

impl Whole {
    fn num(&self, key: &str) -> u64 {
        self.json[key].as_u64().unwrap_or(0)
    }
    fn whole(&self, key: &str) -> u64 {
        self.json["whole"][key].as_u64().unwrap_or(0)
    }
    fn share(&self, key: &str) -> f64 {
        let all = self.whole("sampled");
        if all == 0 {
            return 0.0;
        }
        100.0 * self.whole(key) as f64 / all as f64
    }
    /// The ledger's total equals the probe's, the ledger's own calls apart.
    pub fn equal(&self) -> bool {
        self.page.done
            && self.json["mode"] == "exact"
            && self.num("ledger") == self.num("truth").saturating_sub(self.num("own"))
    }
    /// The ledger's own calls into JS outside its output: at frame and
    /// turn ends, where it needs none.
    fn own_at_ends(&self) -> u64 {
        self.num("own").saturating_sub(self.num("own_output"))
    }
    fn warned_at(&self) -> Vec<(String, String)> {
        self.warnings()
            .into_iter()
            .map(|(k, at, _)| (k, at))
            .collect()
    }
    /// The ledger's warnings at the drive's end: (kind, `file:line`, message).
    pub fn warnings(&self) -> Vec<(String, String, String)> {
        let text = |w: &Value, k: &str| w[k].as_str().unwrap_or("").to_string();
        self.json["warnings"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|w| (text(w, "kind"), text(w, "at"), text(w, "message")))
            .collect()
    }
    /// The busiest lines: the sampled places by the line to act on (the
    /// app's, else the library's), calls summed, busiest first.
    fn lines(&self, n: usize) -> Vec<(String, u64)> {
        let mut by: BTreeMap<String, u64> = BTreeMap::new();
        for p in self.json["whole"]["places"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let text = |k: &str| p[k].as_str().unwrap_or("").to_string();
            let (function, at) = (text("function"), text("at"));
            let line = if !function.is_empty() {
                if at.is_empty() {
                    function
                } else {
                    format!("{at} ({})", short(&function))
                }
            } else if !text("library_at").is_empty() {
                format!("{} ({})", text("library_at"), short(&text("library")))
            } else {
                text("library")
            };
            *by.entry(line).or_insert(0) += p["calls"].as_u64().unwrap_or(0);
        }
        let mut v: Vec<(String, u64)> = by.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(n);
        v
    }
}

/// `a::b::c::{{closure}}` -> `c::{{closure}}`: the last two segments.
fn short(function: &str) -> String {
    let parts: Vec<&str> = function.split("::").collect();
    parts[parts.len().saturating_sub(2)..].join("::")
}

/// One app's row of the table.
pub struct Row {
    pub app: &'static App,
    pub dwarf: Whole,
    pub plain: Whole,
    pub leak: Option<Whole>,
    /// The `// leak:` lines of its source, and whether each was warned.
    pub leaks: Vec<(String, String, bool)>,
}

impl Row {
    pub fn ok(&self) -> bool {
        self.dwarf.equal()
            && self.plain.equal()
            && self.dwarf.own_at_ends() == 0
            && self.plain.own_at_ends() == 0
            && self.dwarf.share("named") >= 95.0
            && self.dwarf.share("line") >= 90.0
            && self.dwarf.warned_at().is_empty()
            && self.leaks.iter().all(|l| l.2)
    }
}

pub fn run(only: Option<String>) -> Result {
    let env = setup::run(setup::CHROMIUM)?;
    let only: Option<Vec<&str>> = only.as_deref().map(|v| v.split(',').collect());
    let apps: Vec<&'static App> = APPS
        .iter()
        .filter(|a| match &only {
            Some(o) => o.contains(&a.name),
            None => a.default,
        })
        .collect();
    if !suite(&env, &apps)?.iter().all(Row::ok) {
        bail!("an app's whole-app account fell short (see the table)");
    }
    Ok(())
}

/// Builds, lays out (with DWARF and without), drives and prints each app.
pub fn suite(env: &setup::Env, apps: &[&'static App]) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for app in apps {
        println!("\n== whole app: {} ({})", app.name, app.framework);
        let wasm = match std::env::var_os("WASM_LEDGER_WHOLEAPP_WASM") {
            // A module built otherwise (the ledger off, to compare).
            Some(path) => PathBuf::from(path),
            // The app's debug build, the ledger on, as users run it.
            None => apps::build_app(env, app.name, app.dir, false, true)?,
        };
        let dwarf_site = lay_out(&wasm, app, "dwarf", true)?;
        let plain_site = lay_out(&wasm, app, "plain", false)?;
        let dwarf = drive(env, &dwarf_site, "")?;
        let plain = drive(env, &plain_site, "")?;
        let leak = if app.leaks {
            Some(drive(env, &dwarf_site, "?leak")?)
        } else {
            None
        };
        let mut leaks = Vec::new();
        if let Some(run) = &leak {
            for (kind, file, line) in markers(&root().join(app.dir).join("src"))? {
                let at = format!("{file}:{line}");
                let warned = run
                    .warned_at()
                    .iter()
                    .any(|(k, w)| k == &kind && (w == &at || w.ends_with(&format!("/{at}"))));
                leaks.push((kind, at, warned));
            }
        }
        for w in &dwarf.page.warnings {
            println!("  as written, warned: {w}");
        }
        for line in &dwarf.page.report {
            println!("  | {line}");
        }
        rows.push(Row {
            app,
            dwarf,
            plain,
            leak,
            leaks,
        });
    }
    print_table(&rows);
    Ok(rows)
}

fn print_table(rows: &[Row]) {
    println!("\n== the whole app, driven in headless Chromium (calls from wasm into JS)");
    let mut table = crate::table(&[
        "app",
        ">probe",
        ">ledger",
        ">equal",
        ">turns",
        ">own, ends",
        ">own, output",
        ">stacks",
        ">µs/stack",
        ">named fn",
        ">line DWARF",
        ">line no DWARF",
        ">annot.",
        ">1 in",
    ]);
    for r in rows {
        let d = &r.dwarf;
        let equal = d.equal() && r.plain.equal();
        table.add_row([
            r.app.name.to_string(),
            (d.num("truth") - d.num("own")).to_string(),
            d.num("ledger").to_string(),
            if equal { "yes" } else { "NO" }.to_string(),
            d.num("turns").to_string(),
            d.own_at_ends().to_string(),
            d.num("own_output").to_string(),
            d.whole("samples").to_string(),
            d.whole("capture_us").to_string(),
            format!("{:.1}%", d.share("named")),
            format!("{:.1}%", d.share("line")),
            format!("{:.1}%", r.plain.share("line")),
            d.num("annotated").to_string(),
            d.whole("period").to_string(),
        ]);
    }
    println!("{}", table.trim_fmt());
    println!("(probe: every call into JS the truth probe saw from instantiation to the end of the drive, the ledger's own calls apart; ledger: its sites' and rows' totals; own, ends / output: the ledger's own calls at frame and turn ends (0: the probe hands over the time) and in its output (reports, warnings, the HUD, snapshots); named fn, line: the share of the calls outside annotated code whose sampled stacks name a Rust function, a file:line; annot.: calls in annotated code, exact per line)");
    for r in rows {
        println!("\n  {}: the ten busiest lines (calls outside annotated code, estimated from the stacks)", r.app.name);
        for (line, calls) in r.dwarf.lines(10) {
            println!("    {calls:>7}  {line}");
        }
        if let Some(missing) = r.plain.json["whole"]["missing"].as_str() {
            println!("  without DWARF the report says: {missing}");
        }
        for (kind, at, warned) in &r.leaks {
            println!(
                "  ?leak: {kind} at {at}: {}",
                if *warned { "warned" } else { "NOT warned" }
            );
        }
        if let Some(leak) = &r.leak {
            for (k, at) in leak.warned_at() {
                println!("    warned: [{k}] {at}");
            }
            println!("    closures made outside annotated code, by line (made, released):");
            for m in leak.json["made"].as_array().into_iter().flatten().take(12) {
                println!(
                    "      {:>5} {:>5}  {}  ({})",
                    m[2],
                    m[3],
                    m[0].as_str().unwrap_or(""),
                    m[1].as_str().unwrap_or("")
                );
            }
        }
        for (k, at) in r.dwarf.warned_at() {
            println!("  as written, warned: [{k}] {at}");
        }
        println!(
            "  as written: {}",
            if r.dwarf.warned_at().is_empty() {
                "no warning".to_string()
            } else {
                format!("{} warnings (false alarms)", r.dwarf.warned_at().len())
            }
        );
    }
}

/// `www/` and the bound module in `pkg/` (with `--keep-debug` or without),
/// and the measuring script beside the driver.
fn lay_out(wasm: &Path, app: &App, tag: &str, keep_debug: bool) -> Result<PathBuf> {
    let site = root()
        .join("target/apps/sites")
        .join(format!("{}-{tag}", app.name));
    let flags: &[&str] = if keep_debug { &["--keep-debug"] } else { &[] };
    wasm::site(wasm, flags, &root().join(app.dir).join("www"), &site)?;
    fs_err::write(site.join("whole.js"), apps::WHOLE_JS)?;
    Ok(site)
}

fn drive(env: &setup::Env, site: &Path, query: &str) -> Result<Whole> {
    let mut run = Whole::default();
    let mut in_report = false;
    let page = format!("index.html{query}");
    browser::watch_page(env, site, &page, Duration::from_secs(90), |line| {
        read_line(&mut run, &mut in_report, line)
    })?;
    if !run.page.done {
        println!("  the drive of {} did not finish", site.display());
    }
    Ok(run)
}

/// One line the page printed: the `app-whole:` measure here, the rest as
/// `cargo xtask apps` reads it; true once the driver is done.
pub fn read_line(run: &mut Whole, in_report: &mut bool, line: String) -> bool {
    if std::env::var_os("WASM_LEDGER_VERBOSE").is_some() {
        println!("  page | {line}");
    }
    if let Some(json) = line.strip_prefix("[log] app-whole: ") {
        *in_report = false;
        run.json = serde_json::from_str(json).unwrap_or(Value::Null);
        if run.json["error"].is_string() {
            println!("  {}", run.json["error"]);
        }
        return false;
    }
    apps::read_line(&mut run.page, in_report, line)
}

/// `// leak: <kind>` markers in the sources under `dir`: (kind, path from
/// the crate's root, line).
fn markers(dir: &Path) -> Result<Vec<(String, String, usize)>> {
    let mut out = Vec::new();
    let crate_root = dir.parent().unwrap_or(dir).to_path_buf();
    for path in cmd::rust_files(dir)? {
        let text = fs_err::read_to_string(&path)?;
        let rel = path.strip_prefix(&crate_root).unwrap_or(&path);
        let rel = rel.to_string_lossy().into_owned();
        for (i, line) in text.lines().enumerate() {
            if let Some(rest) = line.split("// leak: ").nth(1) {
                let kind = rest.split_whitespace().next().unwrap_or("").to_string();
                out.push((kind, rel.clone(), i + 1));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drive_reads_the_whole_app_line_and_the_busiest_lines() {
        let mut run = Whole::default();
        let mut in_report = false;
        let json = r#"{"mode":"exact","truth":110,"own":10,"own_output":10,"ledger":100,"annotated":4,"turns":9,
            "whole":{"sampled":96,"named":96,"line":90,"places":[
              {"calls":50,"function":"app::Row::{{closure}}","at":"src/lib.rs:9","library":"tachys::x"},
              {"calls":40,"function":"app::Row::{{closure}}","at":"src/lib.rs:9","library":"tachys::y"},
              {"calls":6,"function":"","at":"","library":"wbg_futures::queue","library_at":"q.rs:4"}]},
            "warnings":[{"kind":"unreleased_callback","at":"src/lib.rs:30","message":"m"}]}"#
            .replace('\n', "");
        assert!(!read_line(
            &mut run,
            &mut in_report,
            format!("[log] app-whole: {json}")
        ));
        assert!(read_line(&mut run, &mut in_report, "[log] app-done".into()));
        assert!(run.equal(), "100 = 110 - 10");
        assert_eq!(run.own_at_ends(), 0, "all 10 of its own in its output");
        assert_eq!(run.share("named"), 100.0);
        assert_eq!(
            run.lines(10),
            vec![
                ("src/lib.rs:9 (Row::{{closure}})".to_string(), 90),
                ("q.rs:4 (wbg_futures::queue)".to_string(), 6)
            ]
        );
        assert_eq!(
            run.warned_at(),
            vec![(
                "unreleased_callback".to_string(),
                "src/lib.rs:30".to_string()
            )]
        );
    }
}
