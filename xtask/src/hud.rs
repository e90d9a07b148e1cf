//! `cargo xtask hud`: the in-page HUD in headless Chromium, checked as a
//! person would look at it. Builds `examples/particles`, opens it with
//! `?hud&leak=closure` through chromedriver, and once the leak is warned,
//! in one synchronous script reads the panel and the ledger's snapshot,
//! then takes a screenshot. Checks: the panel is on the page, in a corner,
//! and drawn (the screenshot has its text and graphs where the panel is);
//! its numbers are the snapshot's for the frame it shows; the warning is in
//! it with its `file:line:col`; the ledger's own work, the HUD's drawing
//! included, stays within its share of the app's frame time (a ratio of
//! one run: the machine's load moves both).
//! `--screenshot PATH` also writes the PNG there (the README's picture: `--screenshot docs/hud.png`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde_json::Value;

use crate::browser::Session;
use crate::{demo, root, serve, setup, Result};

/// The ledger's own work at each boundary, the HUD's drawing included, as a
/// share of the app's own frame time (medians of the same frames, one
/// run): at most this. The bench measures the HUD's cost on its own.
pub const LEDGER_SHARE: f64 = 0.25;
const WIDTH: u32 = 960;
const HEIGHT: u32 = 560;

pub fn run(shot: Option<PathBuf>) -> Result {
    let env = setup::run(setup::CHROMIUM)?;
    let site = demo::build(&env)?;
    let checks = check_site(&env, &site, shot.as_deref())?;
    print(&checks);
    if !checks.iter().all(|(_, ok, _)| *ok) {
        bail!("the HUD is not what the ledger counted");
    }
    Ok(())
}

/// For `cargo xtask test`: `(passed, failed)` checks.
pub fn check(env: &setup::Env) -> Result<(usize, usize)> {
    let site = demo::build(env)?;
    let checks = check_site(env, &site, None)?;
    print(&checks);
    let passed = checks.iter().filter(|(_, ok, _)| *ok).count();
    Ok((passed, checks.len() - passed))
}

fn print(checks: &[(String, bool, String)]) {
    println!("\n== the HUD in headless Chromium (examples/particles?hud&leak=closure)");
    for (name, ok, detail) in checks {
        println!(
            "  {} {name:<44} {detail}",
            if *ok { "ok  " } else { "FAIL" }
        );
    }
}

/// What the page showed, read in one synchronous script.
const READ: &str = r#"
const panel = document.getElementById('wasm-ledger-hud');
const snapshot = JSON.parse(window.wasmLedgerSnapshot());
if (!panel) return { snapshot, panel: null };
const r = panel.getBoundingClientRect();
return {
  snapshot,
  panel: {
    frame: Number(panel.dataset.frame),
    unit: panel.dataset.unit,
    rect: [r.left, r.top, r.width, r.height],
    shown: getComputedStyle(panel).display !== 'none' && getComputedStyle(panel).visibility !== 'hidden',
    rows: [...panel.querySelectorAll('[data-metric]')].map((row) => ({
      metric: row.dataset.metric,
      value: Number(row.dataset.value),
      text: row.children[1].textContent,
    })),
    warnings: [...panel.querySelectorAll('[data-kind]')].map((w) => ({ kind: w.dataset.kind, place: w.dataset.place, text: w.textContent })),
  },
  viewport: [innerWidth, innerHeight],
};
"#;

fn check_site(
    env: &setup::Env,
    site: &std::path::Path,
    shot: Option<&std::path::Path>,
) -> Result<Vec<(String, bool, String)>> {
    let (addr, _console) = serve::spawn(site, 0)?;
    let leak_line = demo::leak_line("closure")?;
    let place = format!("{}:{leak_line}:", demo::SOURCE);

    let mut browser = Session::chromium(env, WIDTH, HEIGHT)?;
    browser.open(&format!("http://{addr}/index.html?hud&leak=closure"))?;
    // Until the leak is in the panel and 120 frames more have passed.
    let started = Instant::now();
    let mut warned_at: Option<u64> = None;
    let page = loop {
        std::thread::sleep(Duration::from_millis(500));
        let page = browser.script(READ)?;
        let total = page["snapshot"]["frames_total"].as_u64().unwrap_or(0);
        let warned = page["panel"]["warnings"]
            .as_array()
            .is_some_and(|ws| ws.iter().any(|w| w["kind"] == "unreleased_callback"));
        if warned && warned_at.is_none() {
            warned_at = Some(total);
        }
        if warned_at.is_some_and(|at| total >= at + 120) {
            break page;
        }
        if started.elapsed() > Duration::from_secs(60) {
            break page;
        }
    };
    let png = browser.screenshot()?;
    drop(browser);
    let write = |path: &std::path::Path| -> Result {
        fs_err::create_dir_all(path.parent().unwrap_or(path))?;
        Ok(fs_err::write(path, &png)?)
    };
    write(&root().join("target/xtask/hud.png"))?;
    if let Some(path) = shot {
        write(path)?;
        println!("== wrote {}", path.display());
    }
    Ok(judge(&page, &png, &place))
}

/// Every check, named, with what was seen.
fn judge(page: &Value, png: &[u8], place: &str) -> Vec<(String, bool, String)> {
    let mut checks = Vec::new();
    let mut check =
        |name: &str, ok: bool, detail: String| checks.push((name.to_string(), ok, detail));
    let snap = &page["snapshot"];
    let panel = &page["panel"];
    if panel.is_null() {
        check(
            "the panel is on the page",
            false,
            "no #wasm-ledger-hud".into(),
        );
        return checks;
    }
    // On the page, in a corner, whole.
    let rect: Vec<f64> = panel["rect"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    let (vw, vh) = (
        page["viewport"][0].as_f64().unwrap_or(0.0),
        page["viewport"][1].as_f64().unwrap_or(0.0),
    );
    let in_corner = rect.len() == 4
        && rect[2] > 150.0
        && rect[3] > 100.0
        && rect[0] >= 0.0
        && rect[1] >= 0.0
        && rect[0] + rect[2] <= vw
        && rect[1] + rect[3] <= vh
        && (rect[0] < 20.0 || vw - (rect[0] + rect[2]) < 20.0)
        && (rect[1] < 20.0 || vh - (rect[1] + rect[3]) < 20.0);
    check(
        "the panel is on the page, in a corner",
        panel["shown"] == true && in_corner,
        format!("{rect:?} in {vw}x{vh}"),
    );

    // Drawn: the screenshot has text and graph lines inside the panel.
    match Image::decode(png) {
        Ok(img) if rect.len() == 4 => {
            let px = img.pixels(
                rect[0] as u32,
                rect[1] as u32,
                rect[2] as u32,
                rect[3] as u32,
            );
            let text = px.iter().filter(|p| p.iter().all(|c| *c > 150)).count();
            let graph = px
                .iter()
                .filter(|p| {
                    p[1] > 140 && p[1] as i32 > p[0] as i32 + 10 && p[1] as i32 > p[2] as i32 + 10
                })
                .count();
            check(
                "the screenshot shows it drawn",
                text > 300 && graph > 30,
                format!(
                    "{text} text pixels, {graph} graph pixels in {}x{} (target/xtask/hud.png)",
                    img.width, img.height
                ),
            );
        }
        Ok(_) => check(
            "the screenshot shows it drawn",
            false,
            "no panel rectangle".into(),
        ),
        Err(e) => check("the screenshot shows it drawn", false, format!("{e:#}")),
    }

    // Its numbers are the snapshot's for the frame it shows.
    let shown = panel["frame"].as_u64();
    let frames = snap["frames"].as_array().cloned().unwrap_or_default();
    let frame = frames.iter().find(|f| f["index"].as_u64() == shown);
    let Some(frame) = frame else {
        check(
            "its numbers are the snapshot's",
            false,
            format!("frame {shown:?} is not in the snapshot"),
        );
        return checks;
    };
    let num = |v: &Value| v.as_f64().unwrap_or(-1.0);
    let app_ms = match (frame["work_ms"].as_f64(), frame["ledger_ms"].as_f64()) {
        (Some(w), l) => (w - l.unwrap_or(0.0)).max(0.0),
        _ => -1.0,
    };
    let sites = snap["sites"].as_array().cloned().unwrap_or_default();
    let alive: f64 = sites
        .iter()
        .map(|s| num(&s["total"]["closures_created"]) - num(&s["total"]["closures_released"]))
        .sum();
    // The whole app's crossings: annotated code's and the rest's.
    let crossings = num(&frame["tally"]["crossings"]) + num(&frame["elsewhere"]["crossings"]);
    let expected = [
        ("crossings", crossings),
        ("live_handles", num(&frame["live_handles"])),
        ("closures_alive", alive),
        ("js_calls", num(&frame["js_calls"])),
        ("bytes", num(&frame["tally"]["bytes"])),
        ("work_ms", app_ms),
        ("memory", num(&frame["memory_bytes"])),
    ];
    let rows = panel["rows"].as_array().cloned().unwrap_or_default();
    let mut differ = Vec::new();
    for (metric, want) in expected {
        let row = rows.iter().find(|r| r["metric"] == metric);
        let got = row.map(|r| num(&r["value"]));
        let text = row.and_then(|r| r["text"].as_str()).unwrap_or("");
        // The number drawn is the value (counts as written, with commas).
        let drawn_ok = match metric {
            "bytes" | "memory" | "work_ms" => !text.is_empty(),
            _ => text.replace(',', "").parse::<f64>().ok() == got.map(f64::round),
        };
        let close = got.is_some_and(|g| (g - want).abs() <= 1e-6 * want.abs().max(1.0));
        if !close || !drawn_ok {
            differ.push(format!(
                "{metric}: panel {got:?} ({text:?}), snapshot {want}"
            ));
        }
    }
    check(
        "its numbers are the snapshot's",
        differ.is_empty(),
        if differ.is_empty() {
            format!(
                "frame {}: {} crossings, {} live handles, {alive} closures alive, {} JS->wasm, {app_ms:.2} ms",
                shown.unwrap_or(0),
                crossings,
                num(&frame["live_handles"]),
                num(&frame["js_calls"])
            )
        } else {
            differ.join("; ")
        },
    );

    // The warning, with its line.
    let warnings = panel["warnings"].as_array().cloned().unwrap_or_default();
    let found = warnings.iter().find(|w| {
        w["kind"] == "unreleased_callback"
            && w["place"].as_str().is_some_and(|p| p.starts_with(place))
    });
    check(
        "?leak=closure's warning is in it, with its line",
        // Drawn with its whole place (`examples/particles/src/lib.rs:203:48`),
        // wrapped where it is long.
        found.is_some_and(|w| w["text"].as_str().is_some_and(|t| t.contains(place))),
        match found {
            Some(w) => format!(
                "{} {}",
                w["kind"].as_str().unwrap_or(""),
                w["place"].as_str().unwrap_or("")
            ),
            None => format!("not found among {warnings:?}"),
        },
    );

    // The app's own frame time stays within the budget, and no frame is long.
    let mut own: Vec<f64> = frames
        .iter()
        .rev()
        .take(120)
        .filter_map(|f| Some(f["work_ms"].as_f64()? - f["ledger_ms"].as_f64().unwrap_or(0.0)))
        .collect();
    let mut ledger: Vec<f64> = frames
        .iter()
        .rev()
        .take(120)
        .filter_map(|f| f["ledger_ms"].as_f64())
        .collect();
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v.get(v.len() / 2).copied()
    };
    let long = snap["warnings"]
        .as_array()
        .map(|ws| ws.iter().filter(|w| w["kind"] == "long_frame").count())
        .unwrap_or(0);
    let (app, theirs) = (median(&mut own), median(&mut ledger));
    let share = match (app, theirs) {
        (Some(a), Some(l)) if a > 0.0 => Some(l / a),
        _ => None,
    };
    check(
        "the ledger and HUD stay within their share",
        share.is_some_and(|s| s <= LEDGER_SHARE),
        format!(
            "the app {} ms/frame, the ledger and HUD {} ms/frame ({}, budget {:.0}%), over {} frames; {long} long-frame warnings (the machine's load: not judged here)",
            app.map(|m| format!("{m:.2}")).unwrap_or("?".into()),
            theirs.map(|m| format!("{m:.2}")).unwrap_or("?".into()),
            share.map(|s| format!("{:.1}%", s * 100.0)).unwrap_or("?".into()),
            LEDGER_SHARE * 100.0,
            own.len(),
        ),
    );
    checks
}

/// A decoded RGBA image.
struct Image {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

impl Image {
    fn decode(png_bytes: &[u8]) -> Result<Image> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
        let mut reader = decoder.read_info().context("png")?;
        let mut buf = vec![0; reader.output_buffer_size().context("png: too large")?];
        let info = reader.next_frame(&mut buf).context("png")?;
        buf.truncate(info.buffer_size());
        let rgba = match info.color_type.samples() {
            4 => buf,
            3 => buf
                .chunks_exact(3)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect(),
            n => bail!("png: {n} channels"),
        };
        Ok(Image {
            width: info.width,
            height: info.height,
            rgba,
        })
    }

    /// The pixels of a rectangle (clipped to the image), as RGB.
    fn pixels(&self, x: u32, y: u32, w: u32, h: u32) -> Vec<[u8; 3]> {
        let mut out = Vec::new();
        for row in y..(y + h).min(self.height) {
            for col in x..(x + w).min(self.width) {
                let i = ((row * self.width + col) * 4) as usize;
                out.push([self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]]);
            }
        }
        out
    }
}
