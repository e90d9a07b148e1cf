//! `cargo xtask warnings`: not one compiler or clippy warning, anywhere a
//! user can build us.
//!
//! `cargo clippy --workspace --all-targets` on the host, then the runtime,
//! the macros and the example in every combination of their features, in
//! debug and release, on the host and on wasm32 (the example, a wasm app,
//! on wasm32 only; clippy where the toolchain has it, `cargo check` on
//! Debian's). A build that prints a warning fails the step, and the
//! warnings are listed.

use std::process::Command;
use std::time::Instant;

use anyhow::bail;

use crate::{cmd, setup, Result};

/// Each crate checked alone, with the features whose every subset it must
/// build with (no default features, then each subset added).
const CRATES: &[(&str, &[&str])] = &[
    ("wasm-ledger", &["always-on", "probe"]),
    ("wasm-ledger-macros", &[]),
    ("particles", &["start"]),
];

pub struct Outcome {
    pub builds: usize,
    /// `(build, warnings or error)` of each build that was not clean.
    pub dirty: Vec<(String, Vec<String>)>,
}

pub fn run() -> Result {
    let env = setup::run(setup::BUILD)?;
    let outcome = check(&env)?;
    if !outcome.dirty.is_empty() {
        bail!(
            "{} of {} builds warned",
            outcome.dirty.len(),
            outcome.builds
        );
    }
    println!("{} builds, not one warning", outcome.builds);
    Ok(())
}

pub fn check(env: &setup::Env) -> Result<Outcome> {
    let started = Instant::now();
    let mut outcome = Outcome {
        builds: 0,
        dirty: Vec::new(),
    };
    let host = || {
        let mut c = cmd::cargo();
        c.arg("clippy");
        c
    };
    let mut all = host();
    all.args(["--workspace", "--all-targets"]);
    build(&mut outcome, "clippy --workspace --all-targets", &mut all)?;

    let wasm_has_clippy = matches!(env.wasm, setup::Wasm::Rustup);
    for (krate, features) in CRATES {
        for subset in subsets(features) {
            let list = subset.join(",");
            for release in [false, true] {
                for wasm in [false, true] {
                    // A proc-macro crate builds for the host only.
                    if wasm && *krate == "wasm-ledger-macros" {
                        continue;
                    }
                    // The example is a wasm app: its host build is the
                    // workspace's clippy above.
                    if !wasm && *krate == "particles" {
                        continue;
                    }
                    let mut c = if wasm {
                        env.wasm_cargo(if wasm_has_clippy { "clippy" } else { "check" })
                    } else {
                        host()
                    };
                    c.args(["-p", krate, "--no-default-features"]);
                    if !list.is_empty() {
                        c.args(["--features", &list]);
                    }
                    if release {
                        c.arg("--release");
                    }
                    if !wasm {
                        c.arg("--all-targets");
                    }
                    let name = format!(
                        "{krate} [{}] {} {}",
                        if list.is_empty() {
                            "no features"
                        } else {
                            &list
                        },
                        if release { "release" } else { "debug" },
                        if wasm { "wasm32" } else { "host" },
                    );
                    build(&mut outcome, &name, &mut c)?;
                }
            }
        }
    }
    println!(
        "warnings: {} builds in {:.0} s, {} with warnings",
        outcome.builds,
        started.elapsed().as_secs_f64(),
        outcome.dirty.len()
    );
    for (name, lines) in &outcome.dirty {
        println!("  {name}:");
        for l in lines {
            println!("    {l}");
        }
    }
    Ok(outcome)
}

/// Runs one build; its warnings (cargo replays those of crates it does not
/// rebuild) or its failure make it dirty.
fn build(outcome: &mut Outcome, name: &str, c: &mut Command) -> Result {
    c.args(["--message-format", "short"]);
    println!("warnings: {name}");
    let output = cmd::capture(c)?;
    outcome.builds += 1;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut lines: Vec<String> = stderr
        .lines()
        .filter(|l| l.contains("warning:") || l.contains("error:") || l.contains("error["))
        // The per-crate totals repeat what the lines above them say.
        .filter(|l| !l.contains(" generated ") && !l.contains("could not compile"))
        .map(str::to_string)
        .collect();
    if !output.status.success() && lines.is_empty() {
        lines.push(format!("failed ({})", output.status));
        lines.extend(stderr.lines().rev().take(5).map(str::to_string));
    }
    if !lines.is_empty() {
        cmd::echo(c);
        outcome.dirty.push((name.to_string(), lines));
    }
    Ok(())
}

/// Every subset of `items`, the empty one first.
fn subsets<'a>(items: &[&'a str]) -> Vec<Vec<&'a str>> {
    (0..1usize << items.len())
        .map(|mask| {
            items
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, f)| *f)
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_subset_once() {
        let s = super::subsets(&["a", "b", "c"]);
        assert_eq!(s.len(), 8);
        assert_eq!(s[0], Vec::<&str>::new());
        assert!(s.contains(&vec!["a", "c"]));
        assert_eq!(s[7], vec!["a", "b", "c"]);
    }
}
