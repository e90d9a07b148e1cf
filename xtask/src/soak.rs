//! `cargo xtask soak`: a million frames with handle and closure churn in
//! Node, the ledger on (release, `always-on`), reports every 60 frames as
//! configured by default. Prints the memory curve (start, every 100,000
//! frames, end): wasm memory, live JS handles, the frames the ledger keeps,
//! the JS heap after a full GC. Fails if wasm memory or live handles grow
//! after the first step (the ledger is bounded by its configuration, not by
//! the frames run), or if the ledger skipped a call or failed to print.

use std::process::Command;

use anyhow::{bail, Context};
use serde::Deserialize;

use crate::{bench, cmd, root, setup, Result};

/// One reading of the curve.
#[derive(Debug, Default, Clone, Copy, Deserialize)]
struct Reading {
    frame: u64,
    wasm_bytes: u64,
    live_handles: u64,
    frames_kept: u64,
    sites: u64,
    warnings: u64,
    skipped: u64,
    output_failures: u64,
    js_heap_bytes: u64,
}

pub fn run(frames: u64, every: u64) -> Result {
    for (name, n) in [("frames", frames), ("every", every)] {
        if n == 0 {
            bail!("--{name} needs a positive number");
        }
    }
    let env = setup::run(setup::NODE)?;
    let bench = root().join("xtask/bench");
    let out = root().join("target/soak");
    println!("== building the churn workload (xtask/bench), release, ledger on");
    let wasm = bench::build_workloads(&env, "release", &["--features", "ledger"], "")?;
    bench::bindgen(&wasm, "nodejs", &out.join("node"))?;

    println!("== {frames} frames in Node, a reading every {every}");
    let mut node = Command::new("node");
    node.arg("--expose-gc").arg(bench.join("soak.mjs"));
    node.arg(out.join("node/bench.js"));
    node.arg(frames.to_string()).arg(every.to_string());
    let json = cmd::result_line(&node, "SOAK ", "the soak")?;
    let readings = parse(&json)?;

    println!(
        "\n{:>9}  {:>12}  {:>12}  {:>11}  {:>5}  {:>12}",
        "frames", "wasm memory", "live handles", "frames kept", "sites", "JS heap"
    );
    for r in &readings {
        println!(
            "{:>9}  {:>8} KiB  {:>12}  {:>11}  {:>5}  {:>8} KiB",
            r.frame,
            r.wasm_bytes / 1024,
            r.live_handles,
            r.frames_kept,
            r.sites,
            r.js_heap_bytes / 1024
        );
    }
    let (first, last) = match (readings.get(1), readings.last()) {
        (Some(f), Some(l)) => (*f, *l),
        _ => bail!("the soak made fewer than two readings"),
    };
    let heap_growth = last.js_heap_bytes as i64 - first.js_heap_bytes as i64;
    println!(
        "\nafter the first step: wasm memory {:+} KiB, live handles {:+}, JS heap {:+} KiB; \
         {} warnings, {} skipped calls, {} output failures",
        (last.wasm_bytes as i64 - first.wasm_bytes as i64) / 1024,
        last.live_handles as i64 - first.live_handles as i64,
        heap_growth / 1024,
        last.warnings,
        last.skipped,
        last.output_failures
    );
    let mut problems = Vec::new();
    if last.wasm_bytes > first.wasm_bytes {
        problems.push("wasm memory grew after the first step");
    }
    if last.live_handles > first.live_handles {
        problems.push("live handles grew after the first step");
    }
    if last.frames_kept > first.frames_kept {
        problems.push("the ledger kept more frames over time");
    }
    if last.skipped > 0 || last.output_failures > 0 {
        problems.push("the ledger skipped calls or failed to print");
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("; "));
    }
    println!("flat: the ledger is bounded by its configuration, not by the frames run");
    Ok(())
}

/// `[{"frame":0,"wasm_bytes":..,..},..]`: every field of every reading.
fn parse(json: &str) -> Result<Vec<Reading>> {
    serde_json::from_str(json).with_context(|| format!("the soak's readings: {json}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn readings_are_parsed_by_key() {
        let r = super::parse(
            "[{\"frame\":0,\"wasm_bytes\":1,\"live_handles\":2,\"frames_kept\":3,\"sites\":4,\"warnings\":0,\"skipped\":0,\"output_failures\":0,\"js_heap_bytes\":5},\
              {\"frame\":10,\"wasm_bytes\":1,\"live_handles\":2,\"frames_kept\":3,\"sites\":4,\"warnings\":0,\"skipped\":0,\"output_failures\":0,\"js_heap_bytes\":6}]",
        )
        .unwrap();
        assert_eq!((r.len(), r[1].frame, r[1].js_heap_bytes), (2, 10, 6));
        assert!(super::parse("[{\"frame\":0}]").is_err());
    }
}
