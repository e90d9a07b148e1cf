//! The command line (clap): one enum of the commands, their options as
//! fields; `cargo xtask help` is made from the same doc comments, so it
//! names exactly what is parsed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Setup, demo and tests of wasm-ledger, with nothing to install by hand.
#[derive(Parser)]
#[command(
    bin_name = "cargo xtask",
    arg_required_else_help = true,
    args_override_self = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// build examples/particles for wasm, serve it, load it in headless Chromium as written
    /// and with each classic mistake switched on (?leak=closure|cache|view|per-element|all),
    /// print what the page printed (warnings, the last report) and check that each mode
    /// raised exactly its warning, at the line marked `// leak: <name>`
    #[command(verbatim_doc_comment)]
    Demo(Demo),
    /// examples/particles with the in-page HUD in headless Chromium (chromedriver): the panel
    /// is drawn in a corner, its numbers are the snapshot's, ?leak=closure's warning is in it
    /// with its line, the app's frame time stays within budget
    #[command(verbatim_doc_comment)]
    Hud {
        /// also write the screenshot there (the README's: docs/hud.png)
        #[arg(long, value_name = "PATH")]
        screenshot: Option<PathBuf>,
    },
    /// host unit tests, trybuild ui tests, wasm tests in Node and in headless Chromium
    Test,
    /// what the ledger costs, beside puffin and tracing-wasm, in Node and headless Chromium
    Bench {
        /// runs per workload
        #[arg(long, value_name = "N", default_value_t = 11)]
        runs: u32,
    },
    /// debug build time for wasm32 of crates of the real-world corpus, every function annotated
    /// against plain: clean and incremental after a one-line edit, interleaved, and the macro's
    /// own expansion time per function
    #[command(verbatim_doc_comment)]
    Buildtime {
        /// crates of the corpus to build (default: those `cargo xtask test` builds)
        #[arg(long, value_name = "A,B")]
        crates: Option<String>,
        /// builds per copy and kind
        #[arg(long, value_name = "N", default_value_t = 3)]
        runs: u32,
        /// both copies with proc macros built optimised ([profile.dev.build-override] opt-level = 3)
        #[arg(long)]
        optimised_macros: bool,
    },
    /// what the ledger adds to examples/particles' release module, part by part (its functions
    /// by crate and module from the name section, its other sections), off against on
    #[command(verbatim_doc_comment)]
    Size,
    /// a million frames of handle and closure churn in Node, the ledger on: prints the memory
    /// curve (wasm memory, live handles, frames kept, JS heap) and fails if anything grows
    #[command(verbatim_doc_comment)]
    Soak {
        /// frames to run
        #[arg(long, value_name = "N", default_value_t = 1_000_000)]
        frames: u64,
        /// frames between readings
        #[arg(long, value_name = "N", default_value_t = 100_000)]
        every: u64,
    },
    /// annotate every function of gloo crates from the registry, build them, run their tests
    Realworld,
    /// the wasm test suite (Node) against each supported wasm-bindgen, with its own CLI:
    /// prints version, what cargo resolved with it, built, tests passed, accuracy rows exact
    #[command(verbatim_doc_comment)]
    Compat {
        /// versions to try
        #[arg(long, value_name = "A,B", default_value = COMPAT_VERSIONS)]
        versions: String,
        /// every registry release from the oldest admitted, the app pinned to each
        #[arg(long)]
        all: bool,
    },
    /// the module imports of runtime, macros and xtask, and any circle among them (fails on one)
    Modules,
    /// wasm-bindgen's descriptor interpreter: the ledger's code must stay off the path it
    /// walks (every admitted release's interpreter, at every opt level); builds the fixture
    /// at each level, or reads the modules given
    #[command(verbatim_doc_comment)]
    Interp {
        /// modules to read instead (before wasm-bindgen ran)
        #[arg(long, value_name = "A,B")]
        wasm: Option<String>,
    },
    /// clippy on the workspace, and the runtime, macros and example in every feature
    /// combination, debug and release, host and wasm32: fails on any warning
    #[command(verbatim_doc_comment)]
    Warnings,
    /// cargo package and publish --dry-run of wasm-ledger-macros and wasm-ledger, the
    /// probe packaged, the docs built as docs.rs builds them
    #[command(verbatim_doc_comment)]
    Package,
    /// tests/fixtures/web-app built with trunk and with wasm-pack (the installed CLI, nothing
    /// downloaded), loaded in headless Chromium: its console must show the ledger's report
    #[command(verbatim_doc_comment)]
    Routes,
    /// examples/dom-todo, yew-todo and particles, annotated and plain, driven in headless
    /// Chromium by a script: same console and page text both ways; the ledger's report
    #[command(verbatim_doc_comment)]
    Apps,
    /// framework apps with their handlers inline in the view macro (Leptos, Dioxus, Yew), built
    /// with DWARF and without, driven in headless Chromium: the probe's total of calls into JS
    /// against the ledger's, the share attributed to a Rust function and to a line, the ten
    /// busiest lines; with ?leak, each framework-made leak warned at its line
    #[command(verbatim_doc_comment)]
    Wholeapp {
        /// apps to drive (default: leptos-todo,dioxus-todo,yew-todo)
        #[arg(long, value_name = "A,B")]
        apps: Option<String>,
    },
    /// leaks users really had (tests/leaks): each published crate's last release with a
    /// boundary leak and its first without, copied into target/leaks and every function
    /// annotated, driven by an app of ours in headless Chromium: the buggy release must be
    /// warned at the library's line, the fixed one must raise no warning
    #[command(verbatim_doc_comment)]
    Leaks {
        /// cases to run (default: every case)
        #[arg(long, value_name = "A,B")]
        cases: Option<String>,
    },
    /// the scenario corpus (tests/tests/scenarios: leaks and clean look-alikes of every
    /// warning kind, frame- and event-driven) in Node and headless Chromium: prints recall
    /// (leaks warned at their line) and false alarms (warnings on clean scenarios)
    #[command(verbatim_doc_comment)]
    Scenarios,
    /// only the check that a release build with the ledger off is byte-identical
    Identical,
    /// install what demo and test need: a wasm32 toolchain, wasm-bindgen-cli (the locked
    /// version), Node, Chromium and chromedriver
    #[command(verbatim_doc_comment)]
    Setup,
}

/// `cargo xtask compat`'s versions: the oldest release supported, one from
/// the middle (the first whose promises are typed, `Promise<T>`), and the
/// newest (the workspace's own, `Promise<T, E>`). Between the first two,
/// closures became `ScopedClosure` (0.2.109).
pub const COMPAT_VERSIONS: &str = "0.2.100,0.2.114,0.2.130";

/// `cargo xtask demo`'s options.
#[derive(Args, Default)]
pub struct Demo {
    /// one mode only: none, closure, cache, view, per-element, all, or mime (the .wasm served as text/plain)
    #[arg(long, value_name = "L")]
    pub leak: Option<String>,
    /// how long each mode runs
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub seconds: u64,
    /// keep serving afterwards, for your own browser
    #[arg(long)]
    pub serve: bool,
    /// port to serve on (default: any free port; 8765 with --serve)
    #[arg(long, value_name = "P")]
    pub port: Option<u16>,
    /// also write the last snapshot of each mode there, as JSON
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
}

/// The help of `command`'s option `option` (for the commands' own tests).
#[cfg(test)]
pub fn option_of(command: &str, option: &str) -> Option<clap::Arg> {
    use clap::CommandFactory;
    let cli = Cli::command();
    let mut options = cli.find_subcommand(command)?.get_arguments();
    options.find(|a| a.get_long() == Some(option)).cloned()
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::{Cli, Command};

    fn run(line: &str) -> Command {
        let words = std::iter::once("xtask").chain(line.split_whitespace());
        match Cli::try_parse_from(words) {
            Ok(cli) => cli.command,
            Err(e) => panic!("`{line}`: {e}"),
        }
    }

    fn error(line: &str) -> String {
        let words = std::iter::once("xtask").chain(line.split_whitespace());
        match Cli::try_parse_from(words) {
            Err(e) => e.render().to_string(),
            Ok(_) => panic!("`{line}` was accepted"),
        }
    }

    #[test]
    fn the_table_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn options_are_read_with_their_defaults() {
        let Command::Demo(a) = run("demo --leak closure --seconds=3 --serve") else {
            panic!("not demo");
        };
        assert_eq!(a.leak.as_deref(), Some("closure"));
        assert_eq!((a.seconds, a.serve, a.port), (3, true, None));
        let Command::Demo(a) = run("demo") else {
            panic!("not demo");
        };
        assert_eq!((a.seconds, a.serve, a.json), (5, false, None));
        assert!(matches!(run("bench"), Command::Bench { runs: 11 }));
        assert!(matches!(
            run("bench --runs 21"),
            Command::Bench { runs: 21 }
        ));
        let soak = run("soak --every 10");
        assert!(matches!(
            soak,
            Command::Soak {
                frames: 1_000_000,
                every: 10
            }
        ));
        // The last one given counts.
        let Command::Demo(a) = run("demo --port 1 --port 2") else {
            panic!("not demo");
        };
        assert_eq!(a.port, Some(2));
        assert!(error("demo --seconds x").contains("--seconds"));
        let Command::Compat { versions, all } = run("compat") else {
            panic!("not compat");
        };
        assert_eq!((versions.as_str(), all), (super::COMPAT_VERSIONS, false));
    }

    #[test]
    fn what_is_not_in_the_table_is_refused_with_a_way_to_the_usage() {
        for (line, says) in [
            ("", "Usage: cargo xtask"),
            ("frobnicate", "unrecognized subcommand 'frobnicate'"),
            ("demo --lek closure", "--lek"),
            ("demo --leak", "--leak"),
            ("demo --serve=yes", "--serve"),
            ("test extra", "extra"),
            ("test -x", "-x"),
            ("bench --seconds 3", "--seconds"),
        ] {
            let e = error(line);
            assert!(e.contains(says), "`{line}`: {e}");
            let helped = e.contains("Usage: cargo xtask") || e.contains("try '--help'");
            assert!(helped, "`{line}`: {e}");
        }
    }

    #[test]
    fn the_help_names_every_command_and_option() {
        let text = Cli::command().render_help().to_string();
        for c in Cli::command().get_subcommands() {
            assert!(text.contains(&format!("\n  {} ", c.get_name())), "{text}");
            let help = c.clone().render_help().to_string();
            for a in c.get_arguments().filter_map(|a| a.get_long()) {
                assert!(help.contains(&format!("--{a}")), "{a}: {help}");
            }
        }
        let demo = error("demo --help");
        assert!(
            demo.contains("--seconds <N>") && demo.contains("[default: 5]"),
            "{demo}"
        );
        assert!(!demo.contains("--runs"), "{demo}");
    }
}
