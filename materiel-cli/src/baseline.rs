//! `materiel import baseline`: a user's own table of counts held, imported as claims.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;
use materiel::import::baseline::{self, Options};
use materiel::jiff::Timestamp;

use crate::args::{self, parse_recorded};
use crate::flags::WriteTarget;
use crate::import::{PROGRESS_BYTES, finish_import, new_entries};
use crate::store::Target;
use crate::ui::{Outcome, RejectedRows};

#[derive(Debug, Args)]
pub(crate) struct BaselineArgs {
    /// The baseline table (CSV: holder, platform, date, count, qualifier, source, grade,
    /// optionally note).
    pub(crate) file: PathBuf,
    #[command(flatten)]
    pub(crate) target: WriteTarget,
    /// Stop at the first bad row; nothing is written (exit status 3).
    #[arg(long)]
    pub(crate) strict: bool,
    /// Record the claims at TIME (RFC 3339, or `now`, the default).
    #[arg(long, value_name = "TIME", value_parser = parse_recorded)]
    pub(crate) recorded: Option<Timestamp>,
}

/// `materiel import baseline`.
pub(crate) fn import_baseline(args: &BaselineArgs) -> Result<Outcome> {
    let target = Target::of_writer(&args.target)?;
    let mut journal = target.open_writer()?;
    // A scratch copy of the journal's ledger, as for SIPRI: nothing reaches the journal
    // unless the whole import succeeds.
    let mut scratch = journal.ledger().clone();
    let before = scratch.len();
    let mut options = Options::new().strict(args.strict);
    if let Some(t) = args.recorded {
        options = options.recorded(t);
    }
    let len = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    let report = match baseline::import_file(&mut scratch, &args.file, &options) {
        Ok(report) => report,
        Err(e @ (baseline::Error::Row { .. } | baseline::Error::Ledger { .. })) => {
            return Err(RejectedRows(format!(
                "{e}; strict import stopped, nothing written to {target}"
            ))
            .into());
        }
        Err(baseline::Error::RecordedBeforeLedger { recorded, latest }) => {
            let default = if args.recorded.is_some() {
                "--recorded"
            } else {
                "now"
            };
            bail!(args::recorded_too_early(
                &args.file.display().to_string(),
                default,
                recorded,
                latest
            ));
        }
        Err(e) => {
            return Err(e).with_context(|| {
                format!("cannot import {} (nothing written)", args.file.display())
            });
        }
    };
    finish_import(
        &mut journal,
        new_entries(&scratch, before),
        len >= PROGRESS_BYTES,
        &report.to_string(),
        &target,
        report.counts.rejected.len(),
    )
}
