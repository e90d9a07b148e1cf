//! `cargo xtask`: setup, demo and tests of wasm-ledger, with nothing to
//! install by hand. `cargo xtask help` lists the commands and their options
//! (the enum in `args.rs`).

mod annotate;
mod apps;
mod args;
mod bench;
mod browser;
mod buildtime;
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
mod size;
mod soak;
mod suites;
mod test;
mod warnings;
mod wasm;
mod wholeapp;

use std::path::PathBuf;
use std::process::ExitCode;

use args::Command;
use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result {
    match command {
        Command::Setup => setup::run(setup::ALL).map(|_| ()),
        Command::Test => test::run(),
        Command::Demo(options) => demo::run(options),
        Command::Hud { screenshot } => hud::run(screenshot),
        Command::Bench { runs } => bench::run(runs),
        Command::Size => size::run(),
        Command::Buildtime {
            crates,
            runs,
            optimised_macros,
        } => buildtime::run(crates, runs, optimised_macros),
        Command::Realworld => realworld::run(),
        Command::Soak { frames, every } => soak::run(frames, every),
        Command::Compat { versions, all } => compat::run(&versions, all),
        Command::Interp { wasm } => interp::run(wasm),
        Command::Modules => modules::run(),
        Command::Warnings => warnings::run(),
        Command::Package => package::run(),
        Command::Routes => routes::run(),
        Command::Apps => apps::run(),
        Command::Scenarios => scenarios::run(),
        Command::Wholeapp { apps } => wholeapp::run(apps),
        Command::Leaks { cases } => leaks::run(cases),
        Command::Identical => {
            let checks = identical::run(&setup::run(setup::BUILD)?)?;
            if !checks.iter().all(|(_, ok)| *ok) {
                anyhow::bail!("the release build with the ledger off is not the code as written");
            }
            Ok(())
        }
    }
}

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

type Result<T = ()> = anyhow::Result<T>;

/// A table as the commands print them (comfy-table, no lines): `header`
/// names the columns; a name written `>name` is aligned right.
fn table(header: &[&str]) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::NOTHING);
    t.set_header(header.iter().map(|h| h.trim_start_matches('>')));
    for (column, name) in t.column_iter_mut().zip(header) {
        if name.starts_with('>') {
            column.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    #[test]
    fn tables_align_their_columns() {
        let mut t = super::table(&["suite", ">passed", ""]);
        t.add_row(["host unit + doc tests", "145", ""]);
        t.add_row(["ui", "2", "<- FAILED"]);
        assert_eq!(
            t.trim_fmt(),
            " suite                  passed\n host unit + doc tests     145\n ui                          2  <- FAILED"
        );
    }
}
