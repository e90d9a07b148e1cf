//! `cargo xtask scenarios`: the scenario corpus (`tests/tests/scenarios`)
//! in Node and headless Chromium, scored. Each scenario is a wasm test
//! named `leak_<kind>__<what>` (passes when its warning is raised at the
//! line marked `// leak: ..`) or `clean_<kind>__<what>` (passes when no
//! warning is raised). Recall: leaks warned at the right line; false
//! alarms: clean scenarios that raised a warning. Those named `.._in_a_page`
//! need a page's DOM and are scored in the browser only.

use std::collections::BTreeMap;

use anyhow::bail;

use crate::suites::{wasm_tests, Engine};
use crate::{cmd, setup, Result};

/// One engine's results.
pub struct Score {
    pub engine: &'static str,
    /// Per warning kind: (leaks warned, leaks, clean warned, clean).
    pub kinds: BTreeMap<String, [u32; 4]>,
    /// Scenarios that did not pass, by test name.
    pub missed: Vec<String>,
}

impl Score {
    fn total(&self, i: usize) -> u32 {
        self.kinds.values().map(|k| k[i]).sum()
    }

    /// Every leak warned at its line, no clean scenario warned, and a
    /// corpus that is one: at least 30 scenarios, half of each.
    pub fn perfect(&self) -> bool {
        let (warned, leaks, alarms, clean) =
            (self.total(0), self.total(1), self.total(2), self.total(3));
        warned == leaks && alarms == 0 && leaks + clean >= 30 && leaks >= 15 && clean >= 15
    }
}

pub fn run() -> Result {
    let env = setup::run(setup::NODE_CHROMIUM)?;
    let scores = score(&env)?;
    print(&scores);
    if scores.iter().all(Score::perfect) {
        Ok(())
    } else {
        bail!("the scenario score is not 100% recall with 0 false alarms")
    }
}

/// Runs the corpus in Node and in headless Chromium.
pub fn score(env: &setup::Env) -> Result<Vec<Score>> {
    let mut scores = Vec::new();
    for (engine, name) in ENGINES {
        println!("\n== scenarios in {name}");
        let mut c = wasm_tests(env, engine)?;
        c.args(["--test", "scenarios"]);
        // A failing scenario is a miss or a false alarm, scored below; the
        // run itself must have run the corpus.
        let (out, _) = cmd::tee(&c, false)?;
        scores.push(of_run(name, &out)?);
    }
    Ok(scores)
}

/// Where the corpus is scored, and the name each engine is shown by.
pub const ENGINES: [(Engine, &str); 2] = [
    (Engine::Node, "Node"),
    (Engine::Chromium, "headless Chromium"),
];

/// The score of a run of the wasm tests in `engine` (the scenarios' lines
/// among the rest: the test command scores its own runs).
pub fn of_run(engine: &'static str, out: &str) -> Result<Score> {
    let score = parse(engine, out);
    if score.total(1) + score.total(3) == 0 {
        bail!("no scenario ran in {engine}");
    }
    Ok(score)
}

/// Reads `test module::leak_kind__what ... ok` lines.
fn parse(engine: &'static str, out: &str) -> Score {
    let mut kinds: BTreeMap<String, [u32; 4]> = BTreeMap::new();
    let mut missed = Vec::new();
    for line in out.lines() {
        let Some(rest) = line.trim().strip_prefix("test ") else {
            continue;
        };
        let Some((name, outcome)) = rest.split_once(" ... ") else {
            continue;
        };
        let test = name.rsplit("::").next().unwrap_or(name);
        // A scenario that needs a page (its name ends so) returns at once
        // where there is none: not scored there.
        if engine == "Node" && test.ends_with("_in_a_page") {
            continue;
        }
        let (class, kind) = match test.split_once("__").map(|(head, _)| head) {
            Some(head) if head.starts_with("leak_") => ("leak", &head[5..]),
            Some(head) if head.starts_with("clean_") => ("clean", &head[6..]),
            _ => continue,
        };
        let passed = outcome.trim() == "ok";
        let k = kinds.entry(kind.to_string()).or_default();
        if class == "leak" {
            k[1] += 1;
            k[0] += u32::from(passed);
        } else {
            k[3] += 1;
            k[2] += u32::from(!passed);
        }
        if !passed {
            missed.push(name.to_string());
        }
    }
    Score {
        engine,
        kinds,
        missed,
    }
}

pub fn print(scores: &[Score]) {
    println!("\n| engine | warning kind | leaks warned at their line | clean scenarios warned (false alarms) |");
    println!("|---|---|---|---|");
    for s in scores {
        for (kind, [warned, leaks, alarms, clean]) in &s.kinds {
            println!(
                "| {} | `{kind}` | {warned}/{leaks} | {alarms}/{clean} |",
                s.engine
            );
        }
        let (warned, leaks, alarms, clean) = (s.total(0), s.total(1), s.total(2), s.total(3));
        println!(
            "| {} | **all** ({} scenarios) | **{warned}/{leaks} ({:.0}% recall)** | **{alarms}/{clean}** |",
            s.engine,
            leaks + clean,
            100.0 * f64::from(warned) / f64::from(leaks.max(1))
        );
    }
    for s in scores {
        for m in &s.missed {
            println!("{}: did not pass: {m}", s.engine);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_are_scored_by_class_and_kind() {
        let out = "test callbacks::leak_unreleased_callback__a ... ok\n\
                   test callbacks::leak_unreleased_callback__b ... FAIL\n\
                   test caches::clean_growing_cache__ring ... ok\n\
                   test caches::clean_growing_cache__lru ... FAIL\n\
                   test callbacks::clean_unreleased_callback__rows_in_a_page ... ok\n\
                   test other ... ok\n";
        let s = super::parse("Node", out);
        assert!(
            super::of_run("Node", "test other ... ok\n").is_err(),
            "no scenario ran"
        );
        assert_eq!(s.kinds["unreleased_callback"], [1, 2, 0, 0]);
        assert_eq!(s.kinds["growing_cache"], [0, 0, 1, 2]);
        assert_eq!(s.missed.len(), 2);
        assert!(!s.perfect());
    }
}
