//! What every query shares: the ledger and holder it is about, its view and format, and
//! writing an export table to standard output.

use std::io::Write;

use anyhow::{Context, Result};
use materiel::export::{self, Format};
use materiel::{HolderId, Ledger};

use crate::args;
use crate::flags::{OutputFormat, View};
use crate::store;

/// The export format of a query's `--format`, or `None` for a table.
pub(crate) fn export_format(format: OutputFormat) -> Option<Format> {
    match format {
        OutputFormat::Table => None,
        OutputFormat::Csv => Some(Format::Csv),
        OutputFormat::Json => Some(Format::JsonLines),
    }
}
/// Writes an export table to standard output.
pub(crate) fn to_stdout(
    write: impl FnOnce(&mut dyn Write) -> Result<(), export::ExportError>,
) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    write(&mut out).context("cannot write to standard output")?;
    out.flush().context("cannot write to standard output")
}
/// A holder's heading, by its canonical name whatever the spelling given: `Venezuela (VEN)`,
/// or the id of a holder the name table does not know (`rostec`).
pub(crate) fn holder_title(holder: &HolderId) -> String {
    let name = args::holder_name(holder);
    if name == holder.as_str() {
        name
    } else {
        format!("{name} ({holder})")
    }
}
/// What every holder query starts from: the ledger, the holder named, the view's
/// date and knowledge time, and the format to export in (`None` for a table).
pub(crate) struct Scope {
    pub(crate) ledger: &'static Ledger,
    pub(crate) holder: HolderId,
    pub(crate) at: materiel::AsOf,
    pub(crate) format: Option<Format>,
}

impl Scope {
    /// Loads the ledger of `view` and resolves `holder` in it.
    pub(crate) fn open(view: &View, holder: &str) -> Result<Self> {
        let ledger = store::Target::of(&view.target)?.load_for(Some(holder))?;
        let holder = args::holder(ledger, holder)?;
        Ok(Self {
            holder,
            at: view.as_of.as_of(),
            format: export_format(view.format),
            ledger,
        })
    }
}
