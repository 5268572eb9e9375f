//! `materiel export`: a table as CSV or JSON Lines.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use materiel::export::{self, Format};

use crate::args;
use crate::flags::{AsOfArgs, ExportFormat, TargetArgs};
use crate::scope::to_stdout;
use crate::store;
use crate::ui::Outcome;

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[command(subcommand)]
    pub(crate) table: ExportTable,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ExportTable {
    /// Every entry, in append order (retracted entries and retractions included; views do
    /// not apply).
    Entries(ExportOut),
    /// Holdings of one holder, or of every holder.
    Holdings {
        /// The holder (default: every holder).
        holder: Option<String>,
        #[command(flatten)]
        out: ExportOut,
        #[command(flatten)]
        view: AsOfArgs,
    },
    /// One lot's timeline.
    Timeline {
        /// The holder.
        holder: String,
        /// The platform.
        platform: String,
        #[command(flatten)]
        out: ExportOut,
        #[command(flatten)]
        view: AsOfArgs,
    },
    /// Open requests and orders of one holder, or of every holder.
    Pipeline {
        /// The holder (default: every holder).
        holder: Option<String>,
        #[command(flatten)]
        out: ExportOut,
        #[command(flatten)]
        view: AsOfArgs,
    },
}

/// Where and how an export goes.
#[derive(Debug, Args)]
pub(crate) struct ExportOut {
    #[command(flatten)]
    pub(crate) target: TargetArgs,
    /// csv (default) or json (JSON Lines).
    #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Csv)]
    pub(crate) format: ExportFormat,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// Writes one export table.
type WriteTable<'a> = dyn Fn(&mut dyn Write) -> Result<(), export::ExportError> + 'a;

/// `materiel export`.
pub(crate) fn export(a: &ExportArgs) -> Result<Outcome> {
    let (out, view) = match &a.table {
        ExportTable::Entries(out) => (out, None),
        ExportTable::Holdings { out, view, .. }
        | ExportTable::Timeline { out, view, .. }
        | ExportTable::Pipeline { out, view, .. } => (out, Some(view)),
    };
    let ledger = store::Target::of(&out.target)?.load()?;
    let at = view.map(AsOfArgs::as_of).unwrap_or_default();
    let format = match out.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Json => Format::JsonLines,
    };
    // Names are resolved before anything is written.
    let write: Box<WriteTable<'_>> = match &a.table {
        ExportTable::Entries(_) => Box::new(|w| export::entries(ledger, format, w)),
        ExportTable::Holdings { holder: None, .. } => {
            Box::new(|w| export::all_holdings(ledger, &at, format, w))
        }
        ExportTable::Holdings {
            holder: Some(name), ..
        } => {
            let holder = args::holder(ledger, name)?;
            Box::new(move |w| export::holdings(ledger, &holder, &at, format, w))
        }
        ExportTable::Pipeline { holder: None, .. } => {
            Box::new(|w| export::all_pipelines(ledger, &at, format, w))
        }
        ExportTable::Pipeline {
            holder: Some(name), ..
        } => {
            let holder = args::holder(ledger, name)?;
            Box::new(move |w| export::pipeline(ledger, &holder, &at, format, w))
        }
        ExportTable::Timeline {
            holder, platform, ..
        } => {
            let holder = args::holder(ledger, holder)?;
            let platform = args::platform(ledger, platform)?;
            Box::new(move |w| export::timeline(ledger, &holder, &platform, &at, format, w))
        }
    };
    match &out.output {
        None => to_stdout(|w| write(w))?,
        Some(path) => store::write_atomically(path, |w| {
            write(w).with_context(|| format!("cannot write {}", path.display()))
        })?,
    }
    Ok(Outcome::Ok)
}
