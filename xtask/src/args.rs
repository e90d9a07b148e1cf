//! The command line: one table of the commands and their options, parsed
//! with lexopt; the usage text is made from the same table, so it names
//! exactly what is parsed.

use std::ffi::OsString;
use std::fmt::{Display, Write as _};
use std::str::FromStr;

use crate::Result;

/// One option of a command: `--name VALUE`, or a flag when `value` is None.
pub struct Opt {
    pub name: &'static str,
    /// What the usage calls its value (`N`, `PATH`); None for a flag.
    pub value: Option<&'static str>,
    /// The value when the option is not given, shown in the usage.
    pub default: Option<&'static str>,
    pub help: &'static str,
}

/// One command: its name, what it does (lines of the usage) and its options.
pub struct Cmd {
    pub name: &'static str,
    pub summary: &'static [&'static str],
    pub options: &'static [Opt],
}

const fn flag(name: &'static str, help: &'static str) -> Opt {
    Opt {
        name,
        value: None,
        default: None,
        help,
    }
}

const fn value(
    name: &'static str,
    value: &'static str,
    default: Option<&'static str>,
    help: &'static str,
) -> Opt {
    Opt {
        name,
        value: Some(value),
        default,
        help,
    }
}

const fn cmd(name: &'static str, summary: &'static [&'static str], options: &'static [Opt]) -> Cmd {
    Cmd {
        name,
        summary,
        options,
    }
}

pub const COMMANDS: &[Cmd] = &[
    cmd(
        "demo",
        &[
            "build examples/particles for wasm, serve it, load it in headless Chromium as written",
            "and with each classic mistake switched on (?leak=closure|cache|view|per-element|all),",
            "print what the page printed (warnings, the last report) and check that each mode",
            "raised exactly its warning, at the line marked `// leak: <name>`",
        ],
        &[
            value(
                "leak",
                "L",
                None,
                "one mode only: none, closure, cache, view, per-element, all, or mime (the .wasm served as text/plain)",
            ),
            value("seconds", "N", Some("5"), "how long each mode runs"),
            flag("serve", "keep serving afterwards, for your own browser"),
            value(
                "port",
                "P",
                None,
                "port to serve on (default: any free port; 8765 with --serve)",
            ),
            value(
                "json",
                "PATH",
                None,
                "also write the last snapshot of each mode there, as JSON",
            ),
        ],
    ),
    cmd(
        "hud",
        &[
            "examples/particles with the in-page HUD in headless Chromium (chromedriver): the panel",
            "is drawn in a corner, its numbers are the snapshot's, ?leak=closure's warning is in it",
            "with its line, the app's frame time stays within budget",
        ],
        &[value(
            "screenshot",
            "PATH",
            None,
            "also write the screenshot there (the README's: docs/hud.png)",
        )],
    ),
    cmd(
        "test",
        &["host unit tests, trybuild ui tests, wasm tests in Node and in headless Chromium"],
        &[],
    ),
    cmd(
        "bench",
        &["what the ledger costs, beside puffin and tracing-wasm, in Node and headless Chromium"],
        &[value("runs", "N", Some("11"), "runs per workload")],
    ),
    cmd(
        "soak",
        &[
            "a million frames of handle and closure churn in Node, the ledger on: prints the memory",
            "curve (wasm memory, live handles, frames kept, JS heap) and fails if anything grows",
        ],
        &[
            value("frames", "N", Some("1000000"), "frames to run"),
            value("every", "N", Some("100000"), "frames between readings"),
        ],
    ),
    cmd(
        "realworld",
        &["annotate every function of gloo crates from the registry, build them, run their tests"],
        &[],
    ),
    cmd(
        "compat",
        &[
            "the wasm test suite (Node) against each supported wasm-bindgen, with its own CLI:",
            "prints version, what cargo resolved with it, built, tests passed, accuracy rows exact",
        ],
        &[
            value("versions", "A,B", Some("0.2.100,0.2.114,0.2.130"), "versions to try"),
            flag(
                "all",
                "every registry release from the oldest admitted, the app pinned to each",
            ),
        ],
    ),
    cmd(
        "modules",
        &["the module imports of runtime, macros and xtask, and any circle among them (fails on one)"],
        &[],
    ),
    cmd(
        "interp",
        &[
            "wasm-bindgen's descriptor interpreter: the ledger's code must stay off the path it",
            "walks (every admitted release's interpreter, at every opt level); builds the fixture",
            "at each level, or reads the modules given",
        ],
        &[value("wasm", "A,B", None, "modules to read instead (before wasm-bindgen ran)")],
    ),
    cmd(
        "warnings",
        &[
            "clippy on the workspace, and the runtime, macros and example in every feature",
            "combination, debug and release, host and wasm32: fails on any warning",
        ],
        &[],
    ),
    cmd(
        "package",
        &[
            "cargo package and publish --dry-run of wasm-ledger-macros and wasm-ledger, the",
            "probe packaged, the docs built as docs.rs builds them",
        ],
        &[],
    ),
    cmd(
        "routes",
        &[
            "tests/fixtures/web-app built with trunk and with wasm-pack (the installed CLI, nothing",
            "downloaded), loaded in headless Chromium: its console must show the ledger's report",
        ],
        &[],
    ),
    cmd(
        "apps",
        &[
            "examples/dom-todo, yew-todo and particles, annotated and plain, driven in headless",
            "Chromium by a script: same console and page text both ways; the ledger's report",
        ],
        &[],
    ),
    cmd(
        "wholeapp",
        &[
            "framework apps with their handlers inline in the view macro (Leptos, Dioxus, Yew), built",
            "with DWARF and without, driven in headless Chromium: the probe's total of calls into JS",
            "against the ledger's, the share attributed to a Rust function and to a line, the ten",
            "busiest lines; with ?leak, each framework-made leak warned at its line",
        ],
        &[value("apps", "A,B", None, "apps to drive (default: leptos-todo,dioxus-todo,yew-todo)")],
    ),
    cmd(
        "leaks",
        &[
            "leaks users really had (tests/leaks): each published crate's last release with a",
            "boundary leak and its first without, copied into target/leaks and every function",
            "annotated, driven by an app of ours in headless Chromium: the buggy release must be",
            "warned at the library's line, the fixed one must raise no warning",
        ],
        &[value("cases", "A,B", None, "cases to run (default: every case)")],
    ),
    cmd(
        "scenarios",
        &[
            "the scenario corpus (tests/tests/scenarios: leaks and clean look-alikes of every",
            "warning kind, frame- and event-driven) in Node and headless Chromium: prints recall",
            "(leaks warned at their line) and false alarms (warnings on clean scenarios)",
        ],
        &[],
    ),
    cmd(
        "identical",
        &["only the check that a release build with the ledger off is byte-identical"],
        &[],
    ),
    cmd(
        "setup",
        &[
            "install what demo and test need: a wasm32 toolchain, wasm-bindgen-cli (the locked",
            "version), Node, Chromium and chromedriver",
        ],
        &[],
    ),
];

/// The usage of every command.
pub fn usage() -> String {
    let mut out = String::from("usage: cargo xtask <command> [options]\n\ncommands:\n");
    for c in COMMANDS {
        describe(&mut out, c);
    }
    out.push_str(
        "  help    this text (also -h, --help; `cargo xtask <command> --help`: one command's)",
    );
    out
}

/// The usage of one command.
pub fn usage_of(c: &Cmd) -> String {
    let options = if c.options.is_empty() {
        ""
    } else {
        " [options]"
    };
    let mut out = format!("usage: cargo xtask {}{options}\n\n", c.name);
    describe(&mut out, c);
    out.truncate(out.trim_end().len());
    out
}

fn describe(out: &mut String, c: &Cmd) {
    for (i, line) in c.summary.iter().enumerate() {
        if i == 0 {
            // Names longer than the column get two spaces, as `realworld  ...`.
            let name = format!("{:<6}", c.name);
            let _ = writeln!(out, "  {name}  {line}");
        } else {
            let _ = writeln!(out, "          {line}");
        }
    }
    // The help of short options starts in one column, as `--leak L      one..`.
    let width = c
        .options
        .iter()
        .map(|o| spelled(o).len())
        .fold(11, usize::max);
    for o in c.options {
        let default = o
            .default
            .map(|d| format!(" (default {d})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "            {:<width$}   {}{default}",
            spelled(o),
            o.help
        );
    }
}

/// `--leak L`, `--serve`.
fn spelled(o: &Opt) -> String {
    match o.value {
        Some(v) => format!("--{} {v}", o.name),
        None => format!("--{}", o.name),
    }
}

/// What the command line asks for.
pub enum Invocation {
    /// Print this text and stop.
    Help(String),
    Run(Args),
}

/// A command and the options it was given.
pub struct Args {
    pub command: &'static Cmd,
    given: Vec<(&'static str, Option<String>)>,
}

impl Args {
    fn opt(&self, name: &str) -> &'static Opt {
        self.command
            .options
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| {
                panic!(
                    "`--{name}` is not an option of `{}` in the table",
                    self.command.name
                )
            })
    }

    /// Whether the flag `--name` was given.
    pub fn flag(&self, name: &str) -> bool {
        let opt = self.opt(name);
        debug_assert!(opt.value.is_none(), "`--{name}` takes a value");
        self.given.iter().any(|(n, _)| *n == opt.name)
    }

    /// The value of `--name`: the last one given, else its default.
    pub fn value(&self, name: &str) -> Option<&str> {
        let opt = self.opt(name);
        self.given
            .iter()
            .rev()
            .find(|(n, _)| *n == opt.name)
            .and_then(|(_, v)| v.as_deref())
            .or(opt.default)
    }

    /// [`Args::value`], parsed.
    pub fn parsed<T: FromStr>(&self, name: &str) -> Result<Option<T>>
    where
        T::Err: Display,
    {
        self.value(name)
            .map(|v| v.parse().map_err(|e| format!("--{name} `{v}`: {e}")))
            .transpose()
    }

    /// [`Args::parsed`] of an option with a default.
    pub fn number<T: FromStr>(&self, name: &str) -> Result<T>
    where
        T::Err: Display,
    {
        self.parsed(name)?
            .ok_or_else(|| format!("--{name} needs a value"))
    }
}

/// Parses `args` (without the program's name). An error names what is
/// wrong and ends with the usage.
pub fn parse(args: impl IntoIterator<Item = impl Into<OsString>>) -> Result<Invocation> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next().map_err(|e| with_usage(e, &usage()))? {
        None => return Err(format!("no command given\n\n{}", usage())),
        Some(Short('h') | Long("help")) => return Ok(Invocation::Help(usage())),
        Some(Value(name)) => {
            let name = name.string().map_err(|e| with_usage(e, &usage()))?;
            if name == "help" {
                return Ok(Invocation::Help(usage()));
            }
            COMMANDS
                .iter()
                .find(|c| c.name == name)
                .ok_or_else(|| format!("unknown command `{name}`\n\n{}", usage()))?
        }
        Some(other) => return Err(with_usage(other.unexpected(), &usage())),
    };
    let mut given = Vec::new();
    let wrong = |e: lexopt::Error| {
        with_usage(
            format!("`cargo xtask {}`: {e}", command.name),
            &usage_of(command),
        )
    };
    while let Some(arg) = parser.next().map_err(wrong)? {
        match arg {
            Short('h') | Long("help") => return Ok(Invocation::Help(usage_of(command))),
            Long(name) => {
                let opt = command
                    .options
                    .iter()
                    .find(|o| o.name == name)
                    .ok_or_else(|| wrong(arg.unexpected()))?;
                let value = match opt.value {
                    Some(_) => Some(parser.value().map_err(wrong)?.string().map_err(wrong)?),
                    None => None,
                };
                given.push((opt.name, value));
            }
            other => return Err(wrong(other.unexpected())),
        }
    }
    Ok(Invocation::Run(Args { command, given }))
}

fn with_usage(e: impl Display, usage: &str) -> String {
    format!("{e}\n\n{usage}")
}

/// The table's entry of `command`'s option `option` (for the commands'
/// own tests).
#[cfg(test)]
pub fn option_of(command: &str, option: &str) -> Option<&'static Opt> {
    COMMANDS
        .iter()
        .find(|c| c.name == command)?
        .options
        .iter()
        .find(|o| o.name == option)
}

#[cfg(test)]
mod tests {
    use super::{parse, usage, Args, Invocation, COMMANDS};

    fn run(line: &str) -> Args {
        match parse(line.split_whitespace()) {
            Ok(Invocation::Run(args)) => args,
            Ok(Invocation::Help(_)) => panic!("`{line}`: help"),
            Err(e) => panic!("`{line}`: {e}"),
        }
    }

    fn error(line: &str) -> String {
        match parse(line.split_whitespace()) {
            Err(e) => e,
            Ok(_) => panic!("`{line}` was accepted"),
        }
    }

    #[test]
    fn options_are_read_with_their_defaults() {
        let a = run("demo --leak closure --seconds=3 --serve");
        assert_eq!(a.command.name, "demo");
        assert_eq!(a.value("leak"), Some("closure"));
        assert_eq!(a.number::<u64>("seconds").unwrap(), 3);
        assert!(a.flag("serve"));
        assert_eq!(a.parsed::<u16>("port").unwrap(), None);
        let a = run("demo");
        assert_eq!(a.number::<u64>("seconds").unwrap(), 5);
        assert!(!a.flag("serve"));
        assert_eq!(a.value("json"), None);
        assert_eq!(run("bench").number::<u32>("runs").unwrap(), 11);
        assert_eq!(run("bench --runs 21").number::<u32>("runs").unwrap(), 21);
        let soak = run("soak --every 10");
        assert_eq!(soak.number::<u64>("frames").unwrap(), 1_000_000);
        assert_eq!(soak.number::<u64>("every").unwrap(), 10);
        // The last one given counts.
        assert_eq!(
            run("demo --port 1 --port 2").parsed::<u16>("port").unwrap(),
            Some(2)
        );
        assert!(run("demo --seconds x").number::<u64>("seconds").is_err());
    }

    #[test]
    fn what_is_not_in_the_table_is_refused_with_the_usage() {
        for (line, says) in [
            ("", "no command"),
            ("frobnicate", "unknown command `frobnicate`"),
            ("demo --lek closure", "--lek"),
            ("demo --leak", "--leak"),
            ("demo --serve=yes", "--serve"),
            ("test extra", "extra"),
            ("test -x", "-x"),
            ("bench --seconds 3", "--seconds"),
        ] {
            let e = error(line);
            assert!(e.contains(says), "`{line}`: {e}");
            assert!(e.contains("usage: cargo xtask"), "`{line}`: {e}");
        }
    }

    #[test]
    fn help_is_the_usage() {
        for line in ["help", "--help", "-h"] {
            match parse(line.split_whitespace()) {
                Ok(Invocation::Help(text)) => assert_eq!(text, usage()),
                _ => panic!("`{line}` is not help"),
            }
        }
        match parse(["demo", "--help"]) {
            Ok(Invocation::Help(text)) => {
                assert!(text.starts_with("usage: cargo xtask demo [options]"));
                assert!(text.contains("--seconds N") && !text.contains("--runs"));
            }
            _ => panic!("`demo --help` is not help"),
        }
    }

    #[test]
    fn the_usage_names_every_command_and_option() {
        let text = usage();
        for c in COMMANDS {
            assert!(text.contains(&format!("\n  {} ", c.name)), "{}", c.name);
            for o in c.options {
                assert!(text.contains(&format!("--{}", o.name)), "--{}", o.name);
                if let Some(d) = o.default {
                    assert!(text.contains(&format!("(default {d})")), "{d}");
                }
            }
        }
        assert!(text.contains("\n  demo    build examples/particles"));
        assert!(text.contains("\n            --leak L      one mode only"));
    }

    #[test]
    fn the_demos_leak_option_comes_first() {
        // Its help names every mode: `demo::tests` checks it against the
        // demo's own list (here, the table would import the command).
        assert_eq!(COMMANDS[0].options[0].name, "leak");
    }
}
