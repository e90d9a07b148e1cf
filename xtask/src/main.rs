//! `cargo xtask`: setup, demo and tests of wasm-ledger, with nothing to
//! install by hand. `cargo xtask help` lists the commands and their options
//! (the table in `args.rs`).

mod annotate;
mod apps;
mod args;
mod bench;
mod cmd;
mod compat;
mod demo;
mod hud;
mod identical;
mod interp;
mod leaks;
mod modules;
mod package;
mod realworld;
mod routes;
mod scenarios;
mod serve;
mod setup;
mod soak;
mod suites;
mod test;
mod warnings;
mod webdriver;
mod wholeapp;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let given: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if given.is_empty() {
        eprintln!("{}", args::usage());
        return ExitCode::from(2);
    }
    let result = match args::parse(given) {
        Ok(args::Invocation::Run(args)) => run(&args),
        Ok(args::Invocation::Help(usage)) => {
            println!("{usage}");
            Ok(())
        }
        Err(message) => Err(message),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &args::Args) -> Result {
    match args.command.name {
        "setup" => setup::run(setup::ALL).map(|_| ()),
        "test" => test::run(),
        "demo" => demo::run(args),
        "hud" => hud::run(args),
        "bench" => bench::run(args),
        "realworld" => realworld::run(),
        "soak" => soak::run(args),
        "compat" => compat::run(args),
        "interp" => interp::run(args),
        "modules" => modules::run(),
        "warnings" => warnings::run(),
        "package" => package::run(),
        "routes" => routes::run(),
        "apps" => apps::run(),
        "scenarios" => scenarios::run(),
        "wholeapp" => wholeapp::run(args),
        "leaks" => leaks::run(args),
        "identical" => setup::run(setup::BUILD)
            .and_then(|env| identical::run(&env))
            .and_then(|checks| {
                if checks.iter().all(|(_, ok)| *ok) {
                    Ok(())
                } else {
                    Err("the release build with the ledger off is not the code as written".into())
                }
            }),
        other => unreachable!("`{other}` is in the table of commands but has no code"),
    }
}

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

type Result<T = ()> = std::result::Result<T, String>;
