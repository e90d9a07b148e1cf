//! The wasm test suites as commands, and the counts they print: what
//! `test`, `compat`, `realworld` and `scenarios` share (a leaf: it uses
//! only `setup`).

use std::process::Command;

use crate::{setup, Result};

/// Where the wasm tests run.
#[derive(Clone, Copy)]
pub enum Engine {
    Node,
    Chromium,
    Firefox,
}

/// The suites run in Firefox too: every count checked against the probe.
pub const FIREFOX_SUITES: &[&str] = &[
    "accuracy",
    "bytes",
    "crossings",
    "exact",
    "probe_sees",
    "whole_app",
];

/// `cargo test` of the wasm test suites in `engine` (every suite in Node
/// and Chromium; the accuracy suites in Firefox); add `--test NAME` to pick
/// one in Node or Chromium.
pub fn wasm_tests(env: &setup::Env, engine: Engine) -> Result<Command> {
    let mut c = env.wasm_cargo("test");
    c.args(["-p", "wasm-ledger-tests"]);
    c.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    );
    match engine {
        Engine::Node => {}
        Engine::Chromium => {
            let chromium = env.chromium()?;
            c.env("WASM_BINDGEN_USE_BROWSER", "1");
            c.env("CHROMEDRIVER", &chromium.driver);
            c.env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &chromium.webdriver_json);
        }
        Engine::Firefox => {
            // The accuracy suites: every count against the probe.
            for t in FIREFOX_SUITES {
                c.args(["--test", t]);
            }
            let firefox = env.firefox()?;
            c.env("WASM_BINDGEN_USE_BROWSER", "1");
            c.env("GECKODRIVER", &firefox.driver);
            c.env_remove("CHROMEDRIVER");
            c.env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &firefox.webdriver_json);
        }
    }
    Ok(c)
}

/// Sums the `test result: ok. 3 passed; 0 failed; 1 ignored; ...` lines.
pub fn counts(out: &str) -> (u64, u64, u64) {
    let mut sum = (0, 0, 0);
    for line in out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("test result: "))
    {
        for part in line.split([';', '.']) {
            let mut words = part.split_whitespace();
            if let (Some(n), Some(what)) = (words.next(), words.next()) {
                let Ok(n) = n.parse::<u64>() else { continue };
                match what {
                    "passed" => sum.0 += n,
                    "failed" => sum.1 += n,
                    "ignored" => sum.2 += n,
                    _ => {}
                }
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_add_up_every_result_line() {
        let out = "test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
                   noise\n\
                   test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 filtered out; finished in 0.05s\n";
        assert_eq!(super::counts(out), (5, 1, 1));
    }
}
