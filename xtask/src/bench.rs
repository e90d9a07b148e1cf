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
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What the HUD may add to examples/particles' instrumented frame
/// (release, Chromium): at most this ratio.
const HUD_BUDGET: f64 = 1.05;

use crate::{cmd, demo, root, serve, setup, Result};

/// One workload's ns per iteration.
#[derive(Clone, Copy, Debug, Default)]
struct Sample {
    median: f64,
    min: f64,
    max: f64,
}

/// Results of one build in one engine, by workload name.
type Results = BTreeMap<String, Sample>;

/// The ledger's memory over many frames of churn, in one engine.
#[derive(Clone, Copy, Debug, Default)]
struct Memory {
    frames: u64,
    after_1k: u64,
    after_10k: u64,
    after_all: u64,
    kept: u64,
    window: u64,
}

pub fn run(args: &crate::args::Args) -> Result {
    let runs: u32 = args.number("runs")?;
    let env = setup::run(setup::CHROMIUM)?;
    let out = root().join("target/bench");
    let site = out.join("site");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(&site).map_err(|e| e.to_string())?;
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
        std::fs::copy(bench.join(file), site.join(file)).map_err(|e| e.to_string())?;
    }
    let mut table: BTreeMap<String, Results> = BTreeMap::new();
    let mut debug: BTreeMap<String, Results> = BTreeMap::new();
    let mut memory: BTreeMap<String, Memory> = BTreeMap::new();
    println!("\n== Node ({runs} runs per workload)");
    // One Node process per profile: the builds of one profile run
    // interleaved in one engine, as in the browser.
    let node = |profile: &str| {
        cmd::result_line(
            Command::new("node")
                .arg(bench.join("node.mjs"))
                .arg(out.join("node").join(profile))
                .arg(runs.to_string())
                .arg(profile),
            "BENCH ",
            &format!("the Node bench, {profile} builds"),
        )
    };
    let (results, mem) = parse(&node("release")?)?;
    table.insert("Node".into(), results);
    memory.insert("Node".into(), mem.ok_or("no memory reading")?);
    debug.insert("Node".into(), parse(&node("debug")?)?.0);

    println!("== headless Chromium ({runs} runs per workload)");
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let url = format!(
        "http://{}/?runs={runs}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    let (tx, rx) = mpsc::channel();
    let served = site.clone();
    std::thread::spawn(move || serve::serve(listener, served, tx));
    let mut browser = demo::Browser::open(&env, &url)?;
    let deadline = Instant::now() + Duration::from_secs(1500);
    loop {
        let left = deadline
            .checked_duration_since(Instant::now())
            .ok_or("the browser bench did not finish in 25 minutes")?;
        let line = rx
            .recv_timeout(left)
            .map_err(|_| "the browser bench did not finish in 25 minutes")?;
        if let Some(json) = line.strip_prefix("BENCH ") {
            let (results, mem) = parse(json)?;
            table.insert("Chromium".into(), results);
            memory.insert("Chromium".into(), mem.ok_or("no memory reading")?);
        }
        if let Some(json) = line.strip_prefix("BENCH-DEBUG ") {
            debug.insert("Chromium".into(), parse(json)?.0);
            break;
        }
        if line.contains("[uncaught]") || line.contains("[error]") {
            return Err(format!("the browser bench failed: {line}"));
        }
    }
    browser.close();

    println!("== wasm size of examples/particles (release, after wasm-bindgen)");
    let sizes = sizes(&env)?;

    let (md, json) = render(&table, &debug, &memory, &sizes, runs);
    println!("\n{md}");
    std::fs::write(out.join("results.md"), &md).map_err(|e| e.to_string())?;
    std::fs::write(out.join("results.json"), &json).map_err(|e| e.to_string())?;
    println!(
        "written to {} and results.json",
        out.join("results.md").display()
    );
    Ok(())
}

/// The builds measured: (name, profile, features, cfg). `on` is the ledger
/// estimating (the probe left out), `exact` the ledger as it comes. In
/// debug builds the ledger is on by default: `off` there is
/// `--cfg wasm_ledger_disable`.
const BUILDS: [(&str, &str, &[&str], &str); 7] = [
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
];

/// Builds `xtask/bench` (`profile`, with `features` and `--cfg cfg`) and
/// returns its wasm. Builds with the same `cfg` share a target directory
/// (their dependencies are the same); each cfg has its own, so that the
/// flags do not rebuild each other's.
pub fn build_workloads(
    env: &setup::Env,
    profile: &str,
    features: &[&str],
    cfg: &str,
) -> Result<PathBuf> {
    let dir = if cfg.is_empty() { "plain" } else { cfg };
    let target = root().join(format!("target/bench/target-{dir}"));
    let mut c = env.wasm_cargo("build");
    c.current_dir(root().join("xtask/bench"))
        .arg("--lib")
        .args(features)
        .env("CARGO_TARGET_DIR", &target);
    if profile == "release" {
        c.arg("--release");
    }
    if !cfg.is_empty() {
        let flags = std::env::var("RUSTFLAGS").unwrap_or_default();
        c.env("RUSTFLAGS", format!("{flags} --cfg {cfg}").trim());
    }
    cmd::run(&mut c)?;
    Ok(target.join(format!("wasm32-unknown-unknown/{profile}/bench.wasm")))
}

/// wasm-bindgen's output for `target` (`nodejs`, `web`) in `dir`.
pub fn bindgen(wasm: &Path, target: &str, dir: &Path) -> Result {
    cmd::run(
        Command::new("wasm-bindgen")
            .args(["--target", target, "--no-typescript", "--out-dir"])
            .arg(dir)
            .arg(wasm),
    )
}

/// `{"plain crossing":{"median":14.1,"min":..,"max":..},...,"memory":{..},
/// "exact_is_exact":true,"checks":{..}}`: the workloads' numbers, the
/// ledger's memory (release runs only) and the checks that the builds are
/// what they claim (off is off, on counted crossings).
fn parse(json: &str) -> Result<(Results, Option<Memory>)> {
    let doc: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("a bench result that is not JSON: {e}"))?;
    let entries = doc
        .as_object()
        .ok_or("a bench result that is not an object")?;
    let checks = entries.get("checks").ok_or("a result without checks")?;
    // Debug runs read no memory.
    let memory = match entries.get("memory") {
        Some(memory) => {
            let number = |key: &str| -> Result<u64> {
                memory[key]
                    .as_u64()
                    .ok_or_else(|| format!("no `{key}` in the memory result: {memory}"))
            };
            Some(Memory {
                frames: number("frames")?,
                after_1k: number("after_1k_bytes")?,
                after_10k: number("after_10k_bytes")?,
                after_all: number("after_all_bytes")?,
                kept: number("frames_kept")?,
                window: number("frame_window")?,
            })
        }
        None => None,
    };
    if doc["exact_is_exact"] != true {
        return Err("the exact-mode build loaded after the probe does not count exactly".into());
    }
    if checks["off_is_off"] != true
        || checks["on_is_on"] != true
        || checks["on_counted"].as_u64().is_none_or(|n| n == 0)
    {
        return Err(format!("the builds are not what they claim: {checks}"));
    }
    // Every other object is a workload's sample.
    let out = entries
        .iter()
        .filter(|(name, body)| !matches!(name.as_str(), "memory" | "checks") && body.is_object())
        .map(|(name, body)| {
            let field = |key: &str| body[key].as_f64().unwrap_or(f64::NAN);
            let sample = Sample {
                median: field("median"),
                min: field("min"),
                max: field("max"),
            };
            (name.clone(), sample)
        })
        .collect::<Results>();
    let mut out = out;
    // What one stack cost the probe (µs), kept as a sample of its own.
    if let Some(us) = doc["stack_capture_us"].as_f64().filter(|us| *us >= 0.0) {
        out.insert(
            STACK_CAPTURE.to_string(),
            Sample {
                median: us,
                min: us,
                max: us,
            },
        );
    }
    Ok((out, memory))
}

/// The results' entry for what one stack cost the probe, in µs.
const STACK_CAPTURE: &str = "stack capture (µs)";

/// The whole app's rows of the table: a library's turn with the whole app
/// counted, against the same with only annotated code counted and with the
/// ledger off, and what one stack costs.
fn whole_app_rows(md: &mut String, json: &mut String, engine: &str, results: &Results) {
    let (Some(off), Some(whole), Some(annotated)) = (
        results.get("library turn, ledger off"),
        results.get("library turn, whole app"),
        results.get("library turn, annotated only"),
    ) else {
        return;
    };
    let _ = writeln!(
        md,
        "| {engine} | a library's turn (a call from JS into code that is not annotated, 64 calls into JS), ledger off | {:.0} ({:.0}–{:.0}) | |",
        off.median, off.min, off.max
    );
    let _ = writeln!(
        md,
        "| {engine} | the same, ledger on, only annotated code counted (`whole_app: false`) | {:.0} ({:.0}–{:.0}) | {:.3}x the ledger-off turn |",
        annotated.median,
        annotated.min,
        annotated.max,
        annotated.median / off.median
    );
    let _ = writeln!(
        md,
        "| {engine} | the same, the whole app counted (every call by JS API, stacks sampled) | {:.0} ({:.0}–{:.0}) | {:.3}x the annotated-only turn, {:.3}x the ledger-off turn |",
        whole.median,
        whole.min,
        whole.max,
        whole.median / annotated.median,
        whole.median / off.median
    );
    let _ = write!(
        json,
        ",\"library_turn\":{{\"off_ns\":{:.1},\"annotated_only_ns\":{:.1},\"whole_app_ns\":{:.1},\"whole_vs_annotated\":{:.4}}}",
        off.median,
        annotated.median,
        whole.median,
        whole.median / annotated.median
    );
    if let Some(us) = results.get(STACK_CAPTURE) {
        let _ = writeln!(
            md,
            "| {engine} | one stack taken by the probe (a sample, or a closure's creation), on average | {:.1} µs | |",
            us.median
        );
        let _ = write!(json, ",\"stack_capture_us\":{:.2}", us.median);
    }
}

/// (raw bytes, gzip bytes) of the example, off and on.
fn sizes(env: &setup::Env) -> Result<[(u64, u64); 2]> {
    let mut out = [(0, 0); 2];
    for (i, features) in [&[][..], &["--features", "wasm-ledger/always-on"][..]]
        .iter()
        .enumerate()
    {
        cmd::run(
            env.wasm_cargo("build")
                .args(["-p", "particles", "--lib", "--release"])
                .args(*features),
        )?;
        let dir = root().join(format!("target/bench/size-{i}"));
        bindgen(
            &root().join("target/wasm/wasm32-unknown-unknown/release/particles.wasm"),
            "web",
            &dir,
        )?;
        let wasm = dir.join("particles_bg.wasm");
        let raw = std::fs::metadata(&wasm).map_err(|e| e.to_string())?.len();
        let gz = Command::new("gzip")
            .arg("-9c")
            .arg(&wasm)
            .output()
            .map_err(|e| format!("gzip: {e}"))?;
        out[i] = (raw, gz.stdout.len() as u64);
    }
    Ok(out)
}

fn render(
    table: &BTreeMap<String, Results>,
    debug: &BTreeMap<String, Results>,
    memory: &BTreeMap<String, Memory>,
    sizes: &[(u64, u64); 2],
    runs: u32,
) -> (String, String) {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "### wasm-ledger overhead (release; median of {runs} interleaved runs, min–max)\n"
    );
    let _ = writeln!(
        md,
        "| engine | workload | ns per iteration | ratio to the plain crossing |"
    );
    let _ = writeln!(md, "|---|---|---|---|");
    let mut json = format!("{{\"runs\":{runs},\"engines\":{{");
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
    for (ei, (engine, results)) in table.iter().enumerate() {
        let Some(base) = results.get("plain crossing").copied() else {
            continue;
        };
        if ei > 0 {
            json.push(',');
        }
        let _ = write!(json, "\"{engine}\":{{");
        for (i, (label, name)) in rows.iter().enumerate() {
            let Some(s) = results.get(*name) else {
                continue;
            };
            let ratio = s.median / base.median;
            let _ = writeln!(
                md,
                "| {engine} | {label} | {:.1} ({:.1}–{:.1}) | {ratio:.2}x |",
                s.median, s.min, s.max
            );
            if i > 0 {
                json.push(',');
            }
            let _ = write!(
                json,
                "\"{label}\":{{\"median_ns\":{:.3},\"min_ns\":{:.3},\"max_ns\":{:.3},\"ratio\":{ratio:.4}}}",
                s.median, s.min, s.max
            );
        }
        if let (Some(plain), Some(tracked)) =
            (results.get("plain call"), results.get("tracked call"))
        {
            let cost = tracked.median - plain.median;
            let _ = writeln!(
                md,
                "| {engine} | entering and leaving a tracked function | {cost:+.2} (a plain call {:.2}, a tracked one {:.2}) | |",
                plain.median, tracked.median
            );
            let _ = write!(json, ",\"enter_leave_ns\":{cost:.3}");
        }
        if let (Some(plain), Some(on)) = (
            results.get("example frame"),
            results.get("example frame, instrumented"),
        ) {
            let ratio = on.median / plain.median;
            let _ = writeln!(
                md,
                "| {engine} | examples/particles' frame, plain | {:.0} ({:.0}–{:.0}) | |",
                plain.median, plain.min, plain.max
            );
            let _ = writeln!(
                md,
                "| {engine} | examples/particles' frame, instrumented, exact (periodic report off) | {:.0} ({:.0}–{:.0}) | {ratio:.3}x the plain frame |",
                on.median, on.min, on.max
            );
            if let Some(h) = results.get("example frame, instrumented, HUD") {
                let page = if engine == "Node" {
                    " (no page: handed over only)"
                } else {
                    ""
                };
                let _ = writeln!(
                    md,
                    "| {engine} | the same with the in-page HUD drawn every frame{page} | {:.0} ({:.0}–{:.0}) | {:+.0} ns/frame for the HUD: {:.3}x the instrumented frame, budget {HUD_BUDGET}x |",
                    h.median,
                    h.min,
                    h.max,
                    h.median - on.median,
                    h.median / on.median
                );
                let _ = write!(
                    json,
                    ",\"hud_ns_per_frame\":{:.1},\"hud_ratio\":{:.4}",
                    h.median - on.median,
                    h.median / on.median
                );
            }
            if let Some(c) = results.get("example frame, layout control") {
                let _ = writeln!(
                    md,
                    "| {engine} | examples/particles' frame, plain, `App::step` not inlined (a control: code shape alone) | {:.0} ({:.0}–{:.0}) | {:.3}x the plain frame |",
                    c.median,
                    c.min,
                    c.max,
                    c.median / plain.median
                );
                let _ = write!(
                    json,
                    ",\"layout_control_ratio\":{:.4}",
                    c.median / plain.median
                );
            }
            if let Some(r) = results.get("console report") {
                let _ = writeln!(
                    md,
                    "| {engine} | one console report of the ledger (by default every 60 frames) | {:.0} ({:.0}–{:.0}) | {:.3}x the plain frame, at one report per 60 frames |",
                    r.median,
                    r.min,
                    r.max,
                    (on.median + r.median / 60.0) / plain.median
                );
                let _ = write!(json, ",\"console_report_ns\":{:.1}", r.median);
            }
            let _ = write!(
                json,
                ",\"example_frame\":{{\"plain_median_ns\":{:.1},\"instrumented_median_ns\":{:.1},\"ratio\":{ratio:.4}}}",
                plain.median, on.median
            );
        }
        whole_app_rows(&mut md, &mut json, engine, results);
        if let Some(m) = memory.get(engine) {
            let _ = write!(
                json,
                ",\"ledger_memory\":{{\"frames\":{},\"after_1k_bytes\":{},\"after_10k_bytes\":{},\"after_all_bytes\":{},\"frames_kept\":{},\"frame_window\":{}}}",
                m.frames, m.after_1k, m.after_10k, m.after_all, m.kept, m.window
            );
        }
        json.push('}');
    }
    json.push_str("},\"debug\":{");
    let _ = writeln!(
        md,
        "\n### The same in debug builds (`cargo build`: what users run; a twentieth of the iterations)\n"
    );
    let _ = writeln!(md, "| engine | workload | ns per iteration | ratio |");
    let _ = writeln!(md, "|---|---|---|---|");
    for (ei, (engine, results)) in debug.iter().enumerate() {
        if ei > 0 {
            json.push(',');
        }
        let _ = write!(json, "\"{engine}\":{{");
        let debug_rows = [
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
                "examples/particles' frame, instrumented, exact, HUD drawn every frame",
                "example frame, instrumented, HUD",
                "example frame",
            ),
        ];
        let mut first = true;
        for (label, name, against) in debug_rows {
            let (Some(s), Some(b)) = (results.get(name), results.get(against)) else {
                continue;
            };
            let ratio = s.median / b.median;
            let of = if against == "plain crossing" {
                "the ledger-off crossing"
            } else {
                "the ledger-off frame"
            };
            let _ = writeln!(
                md,
                "| {engine} | {label} | {:.1} ({:.1}–{:.1}) | {ratio:.2}x {of} |",
                s.median, s.min, s.max
            );
            if !first {
                json.push(',');
            }
            first = false;
            let _ = write!(
                json,
                "\"{label}\":{{\"median_ns\":{:.3},\"ratio\":{ratio:.4}}}",
                s.median
            );
        }
        json.push('}');
    }
    let _ = writeln!(
        md,
        "\n| engine | ledger memory: wasm memory after 1,000 frames | after 10,000 | after all frames | growth after 10,000 | frames kept (`frame_window`) |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|");
    for (engine, m) in memory {
        let _ = writeln!(
            md,
            "| {engine} | {} KiB | {} KiB | {} KiB after {} frames | {:+} KiB | {} ({}) |",
            m.after_1k / 1024,
            m.after_10k / 1024,
            m.after_all / 1024,
            m.frames,
            (m.after_all as i64 - m.after_10k as i64) / 1024,
            m.kept,
            m.window
        );
    }
    let [(off_raw, off_gz), (on_raw, on_gz)] = *sizes;
    let _ = writeln!(
        md,
        "\n| examples/particles, release, after wasm-bindgen | raw bytes | gzip -9 bytes |"
    );
    let _ = writeln!(md, "|---|---|---|");
    let _ = writeln!(md, "| ledger off (default): byte-identical to the unannotated build (`cargo xtask identical`, in the test command) | {off_raw} | {off_gz} |");
    let _ = writeln!(md, "| ledger on (`always-on`) | {on_raw} | {on_gz} |");
    let _ = writeln!(
        md,
        "| added | +{} | +{} |",
        on_raw as i64 - off_raw as i64,
        on_gz as i64 - off_gz as i64
    );
    let _ = write!(
        json,
        "}},\"size\":{{\"off_raw\":{off_raw},\"off_gzip\":{off_gz},\"on_raw\":{on_raw},\"on_gzip\":{on_gz}}}}}"
    );
    let _ = writeln!(md, "\nMade by `cargo xtask bench --runs {runs}`.");
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
}
