//! `materiel import sipri` and `materiel import oryx`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use materiel::import::oryx::{self, Headline};
use materiel::import::sipri::{self, Options};
use materiel::jiff::Timestamp;
use materiel::jiff::civil::Date;
use materiel::{Change, EntryId, NewEntry, PlatformRef};

use crate::args::{self, parse_date, parse_recorded};
use crate::flags::WriteTarget;
use crate::output::plural;
use crate::store::{Target, Writer};
use crate::ui::{Outcome, RejectedRows, warn};

#[derive(Debug, Args)]
pub(crate) struct SipriArgs {
    /// The SIPRI export (CSV).
    pub(crate) file: PathBuf,
    #[command(flatten)]
    pub(crate) target: WriteTarget,
    /// Keep only rows whose recipient is NAME (SIPRI's spelling or holder id); repeatable.
    #[arg(long, value_name = "NAME")]
    pub(crate) recipient: Vec<String>,
    /// Stop at the first bad row; nothing is written (exit status 3).
    #[arg(long)]
    pub(crate) strict: bool,
    /// Record the entries at TIME (RFC 3339, or `now`) instead of the export's generation
    /// date: needed when the ledger has later entries (such as ones recorded by hand).
    #[arg(long, value_name = "TIME", value_parser = parse_recorded)]
    pub(crate) recorded: Option<Timestamp>,
    /// The edition's generation date (YYYY-MM-DD), for an export without its
    /// `Data generated:` line; an export that has one must name the same date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) edition_of: Option<Date>,
    /// List every name with the catalog platform it resolved to, and every unresolved
    /// name (by default the report sums them up and shows the unresolved names with the
    /// most units).
    #[arg(long)]
    pub(crate) list_names: bool,
}

#[derive(Debug, Args)]
pub(crate) struct OryxArgs {
    /// Event files, or directories holding them.
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) target: WriteTarget,
    /// Stop at the first bad row; nothing is written (exit status 3).
    #[arg(long)]
    pub(crate) strict: bool,
    /// Record the entries at TIME (RFC 3339, or `now`) instead of the end of the latest
    /// listing day: needed when the ledger has later entries (such as ones recorded by hand).
    #[arg(long, value_name = "TIME", value_parser = parse_recorded)]
    pub(crate) recorded: Option<Timestamp>,
    /// Oryx's totals_by_type.csv: print the reconciliation against its headline totals.
    #[arg(long, value_name = "FILE")]
    pub(crate) totals: Option<PathBuf>,
    /// List every name with the catalog platform it resolved to, and every unresolved
    /// name (by default the report sums them up and shows the unresolved names with the
    /// most units).
    #[arg(long)]
    pub(crate) list_names: bool,
}

/// Files this size or larger get a progress bar (on a terminal).
pub(crate) const PROGRESS_BYTES: u64 = 1 << 20;
/// Appends `entries` as one batch ([`Journal::extend`], [`PgStore::extend`]): one write and
/// one sync (or one transaction), all or nothing, so a failed import leaves the journal or
/// store as it was.
///
/// [`PgStore::extend`]: materiel::postgres::PgStore::extend
pub(crate) fn append_all(
    writer: &mut Writer,
    entries: Vec<NewEntry>,
    bar: &ProgressBar,
) -> Result<Option<(EntryId, EntryId)>> {
    let count = entries.len() as u64;
    let ids = writer
        .extend(entries)
        .with_context(|| format!("cannot append to {}", writer.noun()))?;
    writer.sync()?;
    bar.inc(count);
    Ok((!ids.is_empty()).then(|| (EntryId::new(ids.start), EntryId::new(ids.end - 1))))
}
/// The entries an import added to its scratch ledger (those after the first `before`), as new
/// entries for the journal or store.
pub(crate) fn new_entries(scratch: &materiel::Ledger, before: usize) -> Vec<NewEntry> {
    scratch
        .entries()
        .skip(before)
        .map(materiel::Entry::into_content)
        .collect()
}
/// The end of every import: appends `entries` in one batch ([`append_all`], with a progress
/// bar when `show`), then prints `report`, the range appended to `target` and a warning
/// counting the `rejected` rows the report listed.
pub(crate) fn finish_import(
    writer: &mut Writer,
    entries: Vec<NewEntry>,
    show: bool,
    report: &str,
    target: &Target,
    rejected: usize,
) -> Result<Outcome> {
    let count = entries.len() as u64;
    let writing = bar(count, show, "writing  {bar:40} {pos}/{len} entries");
    let range = append_all(writer, entries, &writing)?;
    writing.finish_and_clear();

    let mut out = std::io::stdout().lock();
    write!(out, "{report}")?;
    match range {
        Some((first, last)) => writeln!(
            out,
            "appended {} ({first}..{last}) to {target}",
            plural(count, "entry", "entries")
        )?,
        None => writeln!(out, "appended no entry to {target}")?,
    }
    if rejected > 0 {
        warn(&format!(
            "{} rejected and skipped (listed above); --strict stops at the first",
            plural(rejected as u64, "row", "rows")
        ));
    }
    Ok(Outcome::Ok)
}
/// A progress bar on standard error, drawn only on a terminal and for large inputs.
pub(crate) fn bar(len: u64, show: bool, template: &str) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}
/// `materiel import sipri`.
pub(crate) fn import_sipri(args: &SipriArgs) -> Result<Outcome> {
    let target = Target::of_writer(&args.target)?;
    let mut journal = target.open_writer()?;
    // The library imports into a `Ledger` (all or nothing in strict mode); the writer's
    // ledger cannot be lent out mutably, so the import runs on a copy that sees the journal's
    // entries (recorded times must not go backwards; ids continue from the journal's), and
    // its new entries then reach the journal or store in one batch.
    let mut scratch = journal.ledger().clone();
    let before = scratch.len();

    let mut options = Options::new().strict(args.strict);
    for r in &args.recipient {
        options = options.recipient(r.clone());
    }
    if let Some(t) = args.recorded {
        options = options.recorded(t);
    }
    if let Some(d) = args.edition_of {
        options = options.edition(d);
    }
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("cannot open {}", args.file.display()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let show = len >= PROGRESS_BYTES;
    let reading = bar(
        len,
        show,
        "reading  {bar:40} {bytes}/{total_bytes} {elapsed}",
    );
    let result = sipri::import(&mut scratch, reading.wrap_read(file), &options);
    reading.finish_and_clear();
    let report = match result {
        Ok(report) => report,
        Err(e @ (sipri::Error::Row(_) | sipri::Error::Ledger { .. })) => {
            return Err(RejectedRows(format!(
                "{}: {e}; strict import stopped, nothing written to {target}",
                args.file.display(),
            ))
            .into());
        }
        Err(sipri::Error::RecordedBeforeLedger { recorded, latest }) => {
            let default = if args.recorded.is_some() {
                "--recorded"
            } else {
                "the export's generation date"
            };
            bail!(args::recorded_too_early(
                &args.file.display().to_string(),
                default,
                recorded,
                latest
            ));
        }
        Err(e @ sipri::Error::Preamble { line: 11, .. }) if args.edition_of.is_none() => {
            bail!(
                "cannot import {} (nothing written): {e}; an export without its \
                 `Data generated:` line imports with --edition-of DATE",
                args.file.display()
            );
        }
        Err(e) => {
            return Err(e).with_context(|| {
                format!("cannot import {} (nothing written)", args.file.display())
            });
        }
    };

    let entries = new_entries(&scratch, before);
    let report_text =
        crate::import_report::abridge(&sipri_report(&report, &entries), args.list_names);
    finish_import(
        &mut journal,
        entries,
        show,
        &report_text,
        &target,
        report.counts.rejected.len(),
    )
}
/// The SIPRI import report, each matched designation saying where rows moved to a variant
/// went (`Su-30MK -> su-30mk (3 rows -> su-30mk2 by variant rule: recipient VEN)`), from the
/// deliveries the import appended.
fn sipri_report(report: &sipri::Report, entries: &[NewEntry]) -> String {
    // (designation, variant, recipient) -> delivery rows
    let mut moved: Vec<((String, String, String), u64)> = Vec::new();
    for e in entries {
        let (Ok(Some(deal)), Change::Delivered { .. }, PlatformRef::Catalog(id)) =
            (sipri::SipriDeal::of(e), e.change(), e.platform())
        else {
            continue;
        };
        let resolved = report
            .matched_designations
            .iter()
            .find(|(d, _)| *d == deal.designation);
        if resolved.is_none_or(|(_, family)| family == id) {
            continue;
        }
        let key = (deal.designation, id.to_string(), e.holder().to_string());
        match moved.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => moved.push((key, 1)),
        }
    }
    let mut text = report.to_string().replace(
        " moved to a variant)",
        " recorded as a variant by a rule, below)",
    );
    for ((designation, variant, recipient), n) in &moved {
        let Some((_, family)) = report
            .matched_designations
            .iter()
            .find(|(d, _)| d == designation)
        else {
            continue;
        };
        let line = format!("    {designation} -> {family}\n");
        let rows = if *n == 1 { "row" } else { "rows" };
        let with = format!(
            "    {designation} -> {family} ({n} {rows} -> {variant} by variant rule: recipient \
             {recipient})\n"
        );
        text = text.replacen(&line, &with, 1);
    }
    text
}
/// The Oryx totals file a directory may hold.
const ORYX_TOTALS: &str = "totals_by_type.csv";
/// The event files named by `paths` (a directory stands for the [`oryx::EVENT_FILES`] it
/// holds), and the totals file: `totals`, or else the first directory's `totals_by_type.csv`.
fn oryx_inputs(
    paths: &[PathBuf],
    totals: Option<&Path>,
) -> Result<(Vec<PathBuf>, Option<PathBuf>)> {
    let mut files = Vec::new();
    let mut found_totals = totals.map(Path::to_path_buf);
    for path in paths {
        if path.is_dir() {
            let present: Vec<PathBuf> = oryx::EVENT_FILES
                .iter()
                .map(|f| path.join(f))
                .filter(|p| p.is_file())
                .collect();
            if present.is_empty() {
                bail!(
                    "{}: none of {} in the directory (nothing written)",
                    path.display(),
                    oryx::EVENT_FILES.join(", ")
                );
            }
            files.extend(present);
            let side = path.join(ORYX_TOTALS);
            if found_totals.is_none() && side.is_file() {
                found_totals = Some(side);
            }
        } else {
            files.push(path.clone());
        }
    }
    Ok((files, found_totals))
}
/// `materiel import oryx`.
pub(crate) fn import_oryx(args: &OryxArgs) -> Result<Outcome> {
    let target = Target::of_writer(&args.target)?;
    let (files, totals) = oryx_inputs(&args.paths, args.totals.as_deref())?;
    // The headline is read first: a bad totals file stops the import before any work.
    let headline = match &totals {
        Some(path) => Some(Headline::read_file(path).with_context(|| {
            format!(
                "cannot read Oryx's totals {} (nothing written)",
                path.display()
            )
        })?),
        None => None,
    };
    let mut journal = target.open_writer()?;
    // A scratch copy of the journal's ledger, as for SIPRI: nothing reaches the journal
    // unless the whole import succeeds.
    let mut scratch = journal.ledger().clone();
    let before = scratch.len();

    let mut options = oryx::Options::new().strict(args.strict);
    if let Some(t) = args.recorded {
        options = options.recorded(t);
    }
    let len: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let show = len >= PROGRESS_BYTES;
    let report = match oryx::import_files(&mut scratch, &files, &options) {
        Ok(report) => report,
        Err(e @ (oryx::Error::Row { .. } | oryx::Error::Ledger { .. })) => {
            return Err(RejectedRows(format!(
                "{e}; strict import stopped, nothing written to {target}"
            ))
            .into());
        }
        Err(oryx::Error::RecordedBeforeLedger { recorded, latest }) => {
            let default = if args.recorded.is_some() {
                "--recorded"
            } else {
                "the end of the latest listing day"
            };
            bail!(args::recorded_too_early(
                "the Oryx files",
                default,
                recorded,
                latest
            ));
        }
        Err(e) => {
            return Err(e).context("cannot import the Oryx files (nothing written)");
        }
    };

    let mut text = crate::import_report::abridge(&report.to_string(), args.list_names);
    if let (Some(headline), Some(path)) = (&headline, &totals) {
        use std::fmt::Write as _;
        let reconciliation = report.reconcile(headline);
        let table = reconciliation.to_string();
        // Writing to a String cannot fail.
        let _ = writeln!(text, "reconciliation with {}:", path.display());
        let _ = writeln!(text, "{}", table.trim_end_matches('\n'));
        if reconciliation
            .rows
            .iter()
            .any(|r| r.difference.is_some_and(|d| d < 0))
        {
            let _ = writeln!(
                text,
                "a negative diff: Oryx's headline counts items these event files do not hold: the \
                 files are an excerpt or a subset of Oryx's lists (some event files or rows left \
                 out), or the totals file is newer than the event files (compare files of one \
                 snapshot); it is no sign of an error in the import"
            );
        }
    }
    finish_import(
        &mut journal,
        new_entries(&scratch, before),
        show,
        &text,
        &target,
        report.counts.rejected.len(),
    )
}
