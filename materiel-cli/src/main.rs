//! `materiel`: a journal of equipment holdings from the command line.
//!
//! A downstream crate of `materiel`, using only its public API. See `materiel --help`, and the
//! README's section "From the command line". `cli.rs` lists every command and runs it; each
//! family of commands has a file of its own (its arguments and what it does); `ui.rs` is how
//! the command talks to its user.

use std::process::ExitCode;

use clap::FromArgMatches;

mod ui;

mod admin;
mod args;
mod baseline;
mod bounds;
mod catalog;
mod chart;
mod cli;
mod conflicts;
mod deliveries;
mod export;
mod filters;
mod flags;
mod import;
mod import_report;
mod losses;
mod output;
mod query;
mod ranking;
mod record;
mod reresolve;
mod rows;
mod scope;
mod store;

fn main() -> ExitCode {
    let matches = cli::command().get_matches();
    store::note_store_source(&matches);
    let cli = cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    ui::exit(cli.command.run())
}
