//! `cargo xtask bench`: what the ledger costs, measured in one run beside
//! its peers, in Node and in headless Chromium, release builds.
//!
//! Workloads (`xtask/bench`): the lightest crossing (`Math.random()` in a
//! loop) plain and instrumented, a call into a tiny function plain and
//! tracked, the lightest crossing under puffin and under tracing-wasm, and
//! `examples/particles`' frame plain and instrumented (a real canvas in
//! Chromium, do-nothing stand-ins in Node); then the ledger's memory after
//! 100,000 frames of handle and closure churn.
//! Every workload runs `--runs` times (default 11); the table gives the
//! median with min and max, as ratios to the plain crossing measured in the
//! same run. Then the wasm size of `examples/particles` with the ledger off
//! and on. Written to `target/bench/results.md` and `results.json`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::browser::Browser;
use crate::{cmd, root, serve, setup, wasm, Result};

/// What the HUD may add to examples/particles' instrumented frame
/// (release, Chromium): at most this ratio.
const HUD_BUDGET: f64 = 1.05;

/// One workload's ns per iteration.
#[derive(Clone, Copy, Debug, Default)]
struct Sample {
    median: f64,
    min: f64,
    max: f64,
}

impl Sample {
    /// `median (min–max)` with `digits` decimals.
    fn spread(&self, digits: usize) -> String {
        let (m, lo, hi) = (self.median, self.min, self.max);
        format!("{m:.digits$} ({lo:.digits$}–{hi:.digits$})")
    }
}

/// Results of one build in one engine, by workload name.
type Results = BTreeMap<String, Sample>;

/// The ledger's memory over many frames of churn, in one engine.
#[derive(Clone, Copy, Debug, Default, Deserialize)]
struct Memory {
    frames: u64,
    #[serde(rename = "after_1k_bytes")]
    after_1k: u64,
    #[serde(rename = "after_10k_bytes")]
    after_10k: u64,
    #[serde(rename = "after_all_bytes")]
    after_all: u64,
    #[serde(rename = "frames_kept")]
    kept: u64,
    #[serde(rename = "frame_window")]
    window: u64,
}

pub fn run(runs: u32) -> Result {
    let env = setup::run(setup::NODE_CHROMIUM)?;
    let out = root().join("target/bench");
    let site = out.join("site");
    let _ = std::fs::remove_dir_all(&site);
    fs_err::create_dir_all(&site)?;
    let bench = root().join("xtask/bench");

    println!("== building the workloads, release and debug: ledger off, on estimating, on as it comes (exact)");
    for (build, profile, features, cfg) in BUILDS {
        let wasm = build_workloads(&env, profile, features, cfg)?;
        bindgen(
            &wasm,
            "nodejs",
            &out.join(format!("node/{profile}/{build}")),
        )?;
        bindgen(&wasm, "web", &site.join(format!("{profile}/{build}")))?;
    }
    // The page and its suite (the probe comes with each build's glue).
    for file in ["suite.mjs", "index.html"] {
        fs_err::copy(bench.join(file), site.join(file))?;
    }
    let mut table: BTreeMap<String, Results> = BTreeMap::new();
    let mut debug: BTreeMap<String, Results> = BTreeMap::new();
    let mut memory: BTreeMap<String, Memory> = BTreeMap::new();
    println!("\n== Node ({runs} runs per workload)");
    // One Node process per profile: the builds of one profile run
    // interleaved in one engine, as in the browser.
    let node = |profile: &str| {
        let mut c = Command::new("node");
        c.arg(bench.join("node.mjs"))
            .arg(out.join("node").join(profile));
        c.arg(runs.to_string()).arg(profile);
        cmd::result_line(&c, "BENCH ", &format!("the Node bench, {profile} builds"))
    };
    let (results, mem) = parse(&node("release")?)?;
    table.insert("Node".into(), results);
    memory.insert("Node".into(), mem.context("no memory reading")?);
    debug.insert("Node".into(), parse(&node("debug")?)?.0);

    println!("== headless Chromium ({runs} runs per workload)");
    let (addr, rx) = serve::spawn(&site, 0)?;
    let mut browser = Browser::open(&env, &format!("http://{addr}/?runs={runs}"))?;
    let deadline = Instant::now() + Duration::from_secs(1500);
    loop {
        let late = "the browser bench did not finish in 25 minutes";
        let left = deadline
            .checked_duration_since(Instant::now())
            .context(late)?;
        let line = rx.recv_timeout(left).context(late)?;
        if let Some(json) = line.strip_prefix("BENCH ") {
            let (results, mem) = parse(json)?;
            table.insert("Chromium".into(), results);
            memory.insert("Chromium".into(), mem.context("no memory reading")?);
        }
        if let Some(json) = line.strip_prefix("BENCH-DEBUG ") {
            debug.insert("Chromium".into(), parse(json)?.0);
            break;
        }
        if line.contains("[uncaught]") || line.contains("[error]") {
            bail!("the browser bench failed: {line}");
        }
    }
    browser.close();

    println!("== wasm size of examples/particles (release, after wasm-bindgen)");
    let sizes = sizes(&env)?;

    let (md, json) = render(&table, &debug, &memory, &sizes, runs);
    println!("\n{md}");
    fs_err::write(out.join("results.md"), &md)?;
    fs_err::write(out.join("results.json"), json.to_string())?;
    let written = out.join("results.md");
    println!("written to {} and results.json", written.display());
    Ok(())
}

/// What `[profile.dev.package.wasm-ledger] opt-level = 3` in a user's
/// Cargo.toml does, given to cargo on its command line.
const RUNTIME_OPTIMISED: [&str; 2] = ["--config", "profile.dev.package.wasm-ledger.opt-level=3"];

/// The builds measured: (name, profile, cargo arguments, cfg). `on` is the
/// ledger estimating (the probe left out), `exact` the ledger as it comes.
/// In debug builds the ledger is on by default: `off` there is
/// `--cfg wasm_ledger_disable`; `fast` is `exact` with the ledger's own
/// crate optimised, as a user may choose for it alone.
const BUILDS: [(&str, &str, &[&str], &str); 8] = [
    ("off", "release", &[], ""),
    // The plain code with `App::step` kept out of line: a control of how
    // much code shape alone moves the example's frame.
    ("layout", "release", &["--features", "layout-control"], ""),
    (
        "on",
        "release",
        &["--features", "ledger"],
        "wasm_ledger_estimate",
    ),
    ("exact", "release", &["--features", "ledger"], ""),
    ("off", "debug", &[], "wasm_ledger_disable"),
    ("on", "debug", &[], "wasm_ledger_estimate"),
    ("exact", "debug", &[], ""),
    ("fast", "debug", &RUNTIME_OPTIMISED, ""),
];

/// Builds `xtask/bench` (`profile`, with cargo arguments `features` and
/// `--cfg cfg`) and returns its wasm. Builds with the same `cfg` share a
/// target directory (their dependencies are the same); each cfg has its
/// own, so that the flags do not rebuild each other's, and so has the
/// runtime optimised.
pub fn build_workloads(
    env: &setup::Env,
    profile: &str,
    features: &[&str],
    cfg: &str,
) -> Result<PathBuf> {
    let dir = match cfg {
        _ if features == RUNTIME_OPTIMISED => "runtime-optimised",
        "" => "plain",
        cfg => cfg,
    };
    let target = root().join(format!("target/bench/target-{dir}"));
    let mut c = env.wasm_cargo("build");
    c.current_dir(root().join("xtask/bench"))
        .arg("--lib")
        .args(features);
    if !cfg.is_empty() {
        let flags = std::env::var("RUSTFLAGS").unwrap_or_default();
        c.env("RUSTFLAGS", format!("{flags} --cfg {cfg}").trim());
    }
    wasm::build(&mut c, &target, profile == "release", "bench")
}

/// wasm-bindgen's output for `target` (`nodejs`, `web`) in `dir`.
pub fn bindgen(wasm: &Path, target: &str, dir: &Path) -> Result {
    wasm::bindgen(wasm, target, &["--no-typescript"], dir)
}

/// `{"plain crossing":{"median":14.1,"min":..,"max":..},...,"memory":{..},
/// "exact_is_exact":true,"checks":{..}}`: the workloads' numbers, the
/// ledger's memory (release runs only) and the checks that the builds are
/// what they claim (off is off, on counted crossings).
fn parse(json: &str) -> Result<(Results, Option<Memory>)> {
    let doc: Value = serde_json::from_str(json).context("a bench result that is not JSON")?;
    let entries = doc
        .as_object()
        .context("a bench result that is not an object")?;
    let checks = entries.get("checks").context("a result without checks")?;
    // Debug runs read no memory.
    let memory = match entries.get("memory") {
        Some(m) => Some(Memory::deserialize(m).with_context(|| format!("the memory result: {m}"))?),
        None => None,
    };
    if doc["exact_is_exact"] != true {
        bail!("the exact-mode build loaded after the probe does not count exactly");
    }
    if checks["off_is_off"] != true
        || checks["on_is_on"] != true
        || checks["on_counted"].as_u64().is_none_or(|n| n == 0)
    {
        bail!("the builds are not what they claim: {checks}");
    }
    // Every other object is a workload's sample.
    let mut out: Results = entries
        .iter()
        .filter(|(name, body)| !matches!(name.as_str(), "memory" | "checks") && body.is_object())
        .map(|(name, body)| {
            let field = |key: &str| body[key].as_f64().unwrap_or(f64::NAN);
            let (median, min, max) = (field("median"), field("min"), field("max"));
            (name.clone(), Sample { median, min, max })
        })
        .collect();
    // What one stack cost the probe (µs), kept as a sample of its own.
    if let Some(us) = doc["stack_capture_us"].as_f64().filter(|us| *us >= 0.0) {
        let one = Sample {
            median: us,
            min: us,
            max: us,
        };
        out.insert(STACK_CAPTURE.to_string(), one);
    }
    Ok((out, memory))
}

/// The results' entry for what one stack cost the probe, in µs.
const STACK_CAPTURE: &str = "stack capture (µs)";

/// (raw bytes, gzip bytes) of the example, off and on; the table of what
/// each part adds (`cargo xtask size` prints it alone).
fn sizes(env: &setup::Env) -> Result<[(u64, u64); 2]> {
    let [off, on] = crate::size::build(env)?;
    crate::size::print(&fs_err::read(&off)?, &fs_err::read(&on)?)?;
    Ok([
        crate::size::raw_and_gzip(&off)?,
        crate::size::raw_and_gzip(&on)?,
    ])
}

/// `x` with `digits` decimals, as the JSON gives it (as `{:.digits$}`
/// prints it).
fn round(x: f64, digits: usize) -> f64 {
    format!("{x:.digits$}").parse().unwrap_or(f64::NAN)
}

/// A row of a markdown table (an empty cell as `| |`).
fn md_row(md: &mut String, cells: &[&str]) {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| {
            if c.is_empty() {
                " ".into()
            } else {
                format!(" {c} ")
            }
        })
        .collect();
    let _ = writeln!(md, "|{}|", cells.join("|"));
}

/// The rows of one engine's release results: the markdown, and the same
/// numbers in `json`.
fn engine_rows(md: &mut String, json: &mut Map<String, Value>, engine: &str, results: &Results) {
    let Some(base) = results.get("plain crossing").copied() else {
        return;
    };
    let mut row = |cells: &[&str]| md_row(md, &[&[engine], cells].concat());
    let rows: [(&str, &str); 6] = [
        ("lightest crossing (Math.random), plain", "plain crossing"),
        (
            "lightest crossing, instrumented, estimating (`--cfg wasm_ledger_estimate`)",
            "tracked crossing",
        ),
        (
            "lightest crossing, instrumented as it comes: exact (the glue loads the probe)",
            "exact crossing",
        ),
        (
            "lightest crossing, annotated, ledger off",
            "annotated crossing, ledger off",
        ),
        (
            "lightest crossing in puffin's profile_function!",
            "puffin crossing",
        ),
        (
            "lightest crossing in tracing's `#[instrument]` + tracing-wasm",
            "tracing-wasm crossing",
        ),
    ];
    for (label, name) in rows {
        let Some(s) = results.get(name) else {
            continue;
        };
        let ratio = s.median / base.median;
        row(&[label, &s.spread(1), &format!("{ratio:.2}x")]);
        let (median, min, max) = (round(s.median, 3), round(s.min, 3), round(s.max, 3));
        let sample =
            json!({ "median_ns": median, "min_ns": min, "max_ns": max, "ratio": round(ratio, 4) });
        json.insert(label.into(), sample);
    }
    if let (Some(plain), Some(tracked)) = (results.get("plain call"), results.get("tracked call")) {
        let cost = tracked.median - plain.median;
        let (p, t) = (plain.median, tracked.median);
        let value = format!("{cost:+.2} (a plain call {p:.2}, a tracked one {t:.2})");
        row(&["entering and leaving a tracked function", &value, ""]);
        json.insert("enter_leave_ns".into(), json!(round(cost, 3)));
    }
    if let (Some(plain), Some(on)) = (
        results.get("example frame"),
        results.get("example frame, instrumented"),
    ) {
        let ratio = on.median / plain.median;
        row(&["examples/particles' frame, plain", &plain.spread(0), ""]);
        row(&[
            "examples/particles' frame, instrumented, exact (periodic report off)",
            &on.spread(0),
            &format!("{ratio:.3}x the plain frame"),
        ]);
        if let Some(h) = results.get("example frame, instrumented, HUD") {
            let page = if engine == "Node" {
                " (no page: handed over only)"
            } else {
                ""
            };
            let (extra, hud_ratio) = (h.median - on.median, h.median / on.median);
            row(&[
                &format!("the same with the in-page HUD drawn every frame{page}"),
                &h.spread(0),
                &format!("{extra:+.0} ns/frame for the HUD: {hud_ratio:.3}x the instrumented frame, budget {HUD_BUDGET}x"),
            ]);
            json.insert("hud_ns_per_frame".into(), json!(round(extra, 1)));
            json.insert("hud_ratio".into(), json!(round(hud_ratio, 4)));
        }
        if let Some(c) = results.get("example frame, layout control") {
            let control = c.median / plain.median;
            row(&[
                "examples/particles' frame, plain, `App::step` not inlined (a control: code shape alone)",
                &c.spread(0),
                &format!("{control:.3}x the plain frame"),
            ]);
            json.insert("layout_control_ratio".into(), json!(round(control, 4)));
        }
        if let Some(r) = results.get("console report") {
            let per_frame = (on.median + r.median / 60.0) / plain.median;
            row(&[
                "one console report of the ledger (by default every 60 frames)",
                &r.spread(0),
                &format!("{per_frame:.3}x the plain frame, at one report per 60 frames"),
            ]);
            json.insert("console_report_ns".into(), json!(round(r.median, 1)));
        }
        let frame = json!({ "plain_median_ns": round(plain.median, 1), "instrumented_median_ns": round(on.median, 1), "ratio": round(ratio, 4) });
        json.insert("example_frame".into(), frame);
    }
    // The whole app's rows: a library's turn with the whole app counted,
    // against the same with only annotated code counted and with the
    // ledger off, and what one stack costs.
    let (Some(off), Some(whole), Some(annotated)) = (
        results.get("library turn, ledger off"),
        results.get("library turn, whole app"),
        results.get("library turn, annotated only"),
    ) else {
        return;
    };
    row(&["a library's turn (a call from JS into code that is not annotated, 64 calls into JS), ledger off", &off.spread(0), ""]);
    let (of_off, of_annotated) = (
        annotated.median / off.median,
        whole.median / annotated.median,
    );
    row(&[
        "the same, ledger on, only annotated code counted (`whole_app: false`)",
        &annotated.spread(0),
        &format!("{of_off:.3}x the ledger-off turn"),
    ]);
    let whole_of_off = whole.median / off.median;
    row(&[
        "the same, the whole app counted (every call by JS API, stacks sampled)",
        &whole.spread(0),
        &format!(
            "{of_annotated:.3}x the annotated-only turn, {whole_of_off:.3}x the ledger-off turn"
        ),
    ]);
    let turn = json!({ "off_ns": round(off.median, 1), "annotated_only_ns": round(annotated.median, 1), "whole_app_ns": round(whole.median, 1), "whole_vs_annotated": round(of_annotated, 4) });
    json.insert("library_turn".into(), turn);
    if let Some(us) = results.get(STACK_CAPTURE) {
        let label = "one stack taken by the probe (a sample, or a closure's creation), on average";
        row(&[label, &format!("{:.1} µs", us.median), ""]);
        json.insert("stack_capture_us".into(), json!(round(us.median, 2)));
    }
}

/// The debug builds' rows: (label, workload, the workload it is against).
const DEBUG_ROWS: [(&str, &str, &str); 8] = [
    (
        "lightest crossing, ledger off (`--cfg wasm_ledger_disable`)",
        "plain crossing",
        "plain crossing",
    ),
    (
        "lightest crossing, instrumented, estimating",
        "tracked crossing",
        "plain crossing",
    ),
    (
        "lightest crossing, instrumented as it comes: exact",
        "exact crossing",
        "plain crossing",
    ),
    (
        "lightest crossing, exact, the ledger's crate at opt-level 3",
        "exact crossing, runtime optimised",
        "plain crossing",
    ),
    (
        "examples/particles' frame, ledger off",
        "example frame",
        "example frame",
    ),
    (
        "examples/particles' frame, instrumented, exact",
        "example frame, instrumented",
        "example frame",
    ),
    (
        "examples/particles' frame, instrumented, exact, the ledger's crate at opt-level 3",
        "example frame, instrumented, runtime optimised",
        "example frame",
    ),
    (
        "examples/particles' frame, instrumented, exact, HUD drawn every frame",
        "example frame, instrumented, HUD",
        "example frame",
    ),
];

fn render(
    table: &BTreeMap<String, Results>,
    debug: &BTreeMap<String, Results>,
    memory: &BTreeMap<String, Memory>,
    sizes: &[(u64, u64); 2],
    runs: u32,
) -> (String, Value) {
    let mut md = format!(
        "### wasm-ledger overhead (release; median of {runs} interleaved runs, min–max)\n\n"
    );
    md.push_str("| engine | workload | ns per iteration | ratio to the plain crossing |\n");
    md.push_str("|---|---|---|---|\n");
    let mut engines = Map::new();
    for (engine, results) in table {
        if !results.contains_key("plain crossing") {
            continue;
        }
        let mut json = Map::new();
        engine_rows(&mut md, &mut json, engine, results);
        if let Some(m) = memory.get(engine) {
            let m = json!({ "frames": m.frames, "after_1k_bytes": m.after_1k, "after_10k_bytes": m.after_10k, "after_all_bytes": m.after_all, "frames_kept": m.kept, "frame_window": m.window });
            json.insert("ledger_memory".into(), m);
        }
        engines.insert(engine.clone(), json.into());
    }
    md.push_str("\n### The same in debug builds (`cargo build`: what users run; a twentieth of the iterations)\n\n");
    md.push_str("| engine | workload | ns per iteration | ratio |\n|---|---|---|---|\n");
    let mut debug_json = Map::new();
    for (engine, results) in debug {
        let mut json = Map::new();
        for (label, name, against) in DEBUG_ROWS {
            let (Some(s), Some(b)) = (results.get(name), results.get(against)) else {
                continue;
            };
            let ratio = s.median / b.median;
            let of = if against == "plain crossing" {
                "the ledger-off crossing"
            } else {
                "the ledger-off frame"
            };
            md_row(
                &mut md,
                &[engine, label, &s.spread(1), &format!("{ratio:.2}x {of}")],
            );
            let sample = json!({ "median_ns": round(s.median, 3), "ratio": round(ratio, 4) });
            json.insert(label.into(), sample);
        }
        debug_json.insert(engine.clone(), json.into());
    }
    md.push_str("\n| engine | ledger memory: wasm memory after 1,000 frames | after 10,000 | after all frames | growth after 10,000 | frames kept (`frame_window`) |\n");
    md.push_str("|---|---|---|---|---|---|\n");
    for (engine, m) in memory {
        let growth = (m.after_all as i64 - m.after_10k as i64) / 1024;
        md_row(
            &mut md,
            &[
                engine,
                &format!("{} KiB", m.after_1k / 1024),
                &format!("{} KiB", m.after_10k / 1024),
                &format!("{} KiB after {} frames", m.after_all / 1024, m.frames),
                &format!("{growth:+} KiB"),
                &format!("{} ({})", m.kept, m.window),
            ],
        );
    }
    let [(off_raw, off_gz), (on_raw, on_gz)] = *sizes;
    let _ = writeln!(
        md,
        "\n| examples/particles, release, after wasm-bindgen | raw bytes | gzip -9 bytes |\n|---|---|---|"
    );
    let _ = writeln!(md, "| ledger off (default): byte-identical to the unannotated build (`cargo xtask identical`, in the test command) | {off_raw} | {off_gz} |");
    let _ = writeln!(md, "| ledger on (`always-on`) | {on_raw} | {on_gz} |");
    let (raw, gz) = (on_raw as i64 - off_raw as i64, on_gz as i64 - off_gz as i64);
    let _ = writeln!(md, "| added | +{raw} | +{gz} |");
    let _ = writeln!(md, "\nMade by `cargo xtask bench --runs {runs}`.");
    let size =
        json!({ "off_raw": off_raw, "off_gzip": off_gz, "on_raw": on_raw, "on_gzip": on_gz });
    let json = json!({ "runs": runs, "engines": engines, "debug": debug_json, "size": size });
    (md, json)
}

#[cfg(test)]
mod tests {
    const RESULT: &str = r#"{"plain crossing":{"median":14.5,"min":13,"max":20,"runs":3,"n":1000},"tracked call":{"median":2,"min":1,"max":3,"runs":3,"n":1000},"memory":{"frames":100000,"after_1k_bytes":10,"after_10k_bytes":20,"after_all_bytes":30,"frames_kept":120,"frame_window":120},"exact_is_exact":true,"checks":{"off_is_off":true,"on_is_on":true,"on_counted":35}}"#;

    #[test]
    fn samples_memory_and_checks_are_read() {
        let (results, memory) = super::parse(RESULT).unwrap();
        assert_eq!(results.len(), 2);
        let plain = results["plain crossing"];
        assert_eq!((plain.median, plain.min, plain.max), (14.5, 13.0, 20.0));
        let memory = memory.unwrap();
        assert_eq!(
            (memory.frames, memory.after_all, memory.window),
            (100_000, 30, 120)
        );
    }

    #[test]
    fn a_debug_result_has_no_memory() {
        let debug = r#"{"plain crossing":{"median":1,"min":1,"max":1},"exact_is_exact":true,"checks":{"off_is_off":true,"on_is_on":true,"on_counted":3}}"#;
        let (results, memory) = super::parse(debug).unwrap();
        assert_eq!((results.len(), memory.is_none()), (1, true));
    }

    #[test]
    fn builds_that_are_not_what_they_claim_fail() {
        for (from, to) in [
            (r#""on_counted":35"#, r#""on_counted":0"#),
            (r#""off_is_off":true"#, r#""off_is_off":false"#),
            (r#""exact_is_exact":true"#, r#""exact_is_exact":false"#),
            (r#""frame_window":120"#, r#""window":120"#),
        ] {
            assert!(super::parse(&RESULT.replace(from, to)).is_err(), "{to}");
        }
        assert!(super::parse("BENCH {").is_err());
    }

    #[test]
    fn the_tables_rows_are_markdown() {
        let mut md = String::new();
        super::md_row(&mut md, &["Node", "a", "1.0 (1.0–1.0)", ""]);
        assert_eq!(md, "| Node | a | 1.0 (1.0–1.0) | |\n");
    }
}
