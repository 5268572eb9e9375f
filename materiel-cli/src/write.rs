//! The commands that write: `init`, `verify`, `checkpoint`, `copy`, `import sipri`,
//! `import oryx`, `record`, `retract`.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use materiel::import::oryx::{self, Headline};
use materiel::import::sipri::{self, Options};
use materiel::jiff::Timestamp;
use materiel::journal::{CheckpointStatus, JournalOptions};
use materiel::ledger::LossCause;
use materiel::{Catalog, Change, EntryId, Journal, Ledger, NewEntry, PlatformRef, Source, Status};

use crate::args;
use crate::cli::{
    CauseArg, ChangeKind, CheckpointArgs, CopyArgs, EntryFlags, InitArgs, OryxArgs, RecordArgs,
    RetractArgs, SchemaArg, SipriArgs, VerifyArgs, WriterArg,
};
use crate::output::plural;
use crate::store::{self, Db, Target, Writer, catalog_path};
use crate::{Outcome, RejectedRows, UsageError, warn};

/// Files this size or larger get a progress bar (on a terminal).
const PROGRESS_BYTES: u64 = 1 << 20;

/// `materiel init`.
pub(crate) fn init(args: &InitArgs) -> Result<Outcome> {
    match Target::of_path(&args.location, &args.schema)? {
        Target::Journal(journal) => init_journal(&journal, args),
        Target::Postgres(db) => {
            let catalog = match &args.catalog {
                Some(path) => store::read_catalog(path)?,
                None => Catalog::reference(),
            };
            let platforms = catalog.len();
            db.create(catalog)?;
            match &args.catalog {
                Some(path) => say!(
                    "created a ledger in {db} (catalog of {platforms} platforms from {})",
                    path.display()
                ),
                None => {
                    say!("created a ledger in {db} (reference catalog of {platforms} platforms)")
                }
            }
            Ok(Outcome::Ok)
        }
    }
}

/// `materiel init JOURNAL`.
fn init_journal(journal: &Path, args: &InitArgs) -> Result<Outcome> {
    if std::fs::symlink_metadata(journal).is_ok() {
        bail!(
            "{}: already exists (nothing written); to use it, give it to the other commands \
             (--journal {}), `materiel verify {}` checks it; to start a new journal, pick \
             another name",
            journal.display(),
            journal.display(),
            journal.display()
        );
    }
    let side = catalog_path(journal);
    if side.exists() {
        bail!(
            "{}: a catalog side file is already there (left from an earlier journal?); \
             remove it first",
            side.display()
        );
    }
    let catalog = match &args.catalog {
        Some(path) => {
            let catalog = store::read_catalog(path)?;
            let json = catalog.to_json();
            store::write_atomically(&side, |w| {
                w.write_all(json.as_bytes())
                    .with_context(|| format!("cannot write {}", side.display()))
            })?;
            catalog
        }
        None => Catalog::reference(),
    };
    let platforms = catalog.len();
    if let Err(e) = Journal::create(journal, catalog, &JournalOptions::new()) {
        if args.catalog.is_some() {
            let _ = std::fs::remove_file(&side);
        }
        return Err(e).with_context(|| format!("cannot create journal {}", journal.display()));
    }
    let mut out = std::io::stdout().lock();
    write!(out, "created {} (", journal.display())?;
    match &args.catalog {
        Some(_) => write!(
            out,
            "catalog of {platforms} platforms in {}",
            side.display()
        )?,
        None => write!(out, "reference catalog of {platforms} platforms")?,
    }
    writeln!(out, ")")?;
    Ok(Outcome::Ok)
}

/// `materiel verify`.
pub(crate) fn verify(args: &VerifyArgs) -> Result<Outcome> {
    let path = match Target::of_path(&args.location, &args.schema)? {
        Target::Journal(path) => path,
        Target::Postgres(db) => {
            if args.repair {
                return Err(UsageError(
                    "--repair applies to journals: a PostgreSQL store has no torn tail".to_owned(),
                )
                .into());
            }
            return verify_store(&db);
        }
    };
    let path = &path;
    let mut out = std::io::stdout().lock();
    if args.repair {
        let mut journal = store::open_any(path)?;
        let repaired = journal
            .repair()
            .with_context(|| format!("cannot repair {}", path.display()))?;
        summary(&mut out, path, journal.ledger(), journal.len_bytes())?;
        checkpoint_line(&mut out, journal.checkpoint_status())?;
        match repaired {
            Some(r) => {
                writeln!(out, "torn tail    repaired: {r}")?;
                if let Some(saved) = &r.saved {
                    writeln!(
                        out,
                        "side file    {} (the cut bytes; delete it once inspected)",
                        saved.display()
                    )?;
                }
            }
            None => writeln!(out, "torn tail    none: nothing to repair")?,
        }
        return Ok(Outcome::Ok);
    }
    let replay = store::replay(path)?;
    let intact = match &replay.recovery {
        Some(r) => r.offset,
        None => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    };
    summary(&mut out, path, &replay.ledger, intact)?;
    checkpoint_line(&mut out, &replay.checkpoint)?;
    match replay.recovery {
        None => {
            writeln!(out, "torn tail    none")?;
            Ok(Outcome::Ok)
        }
        Some(r) => {
            writeln!(out, "torn tail    {r}")?;
            writeln!(
                out,
                "             run `materiel verify --repair {}` to cut it (its bytes are kept \
                 in a side file next to the journal)",
                path.display()
            )?;
            Ok(Outcome::TornTail)
        }
    }
}

/// `materiel verify --store`: opens the store (every entry read and checked, checkpoints
/// left aside) and reports its entries, sequence and writers.
fn verify_store(db: &Db) -> Result<Outcome> {
    let mut store = db.open_checked()?;
    let writers = store
        .writers()
        .map_err(|e| db.error(e, "cannot list the writers of"))?;
    let ledger = store.ledger();
    let mut out = std::io::stdout().lock();
    writeln!(out, "store        {db}")?;
    writeln!(
        out,
        "catalog      stored ({} platforms)",
        ledger.catalog().len()
    )?;
    writeln!(out, "entries      {} (each checked)", ledger.len())?;
    writeln!(out, "holders      {}", ledger.holders().count())?;
    match ledger.latest_recorded() {
        Some(t) => writeln!(out, "latest       recorded {t}")?,
        None => writeln!(out, "latest       (no entry)")?,
    }
    writeln!(
        out,
        "sequence     {} (the next entry's id)",
        store.sequence()
    )?;
    writeln!(out, "writers      {}", writers.len())?;
    for w in &writers {
        writeln!(
            out,
            "             {}: {} ({}..{}), last committed {}",
            w.writer,
            plural(w.entries, "entry", "entries"),
            w.first,
            w.last,
            w.last_committed
        )?;
    }
    Ok(Outcome::Ok)
}

/// `materiel checkpoint`.
pub(crate) fn checkpoint(args: &CheckpointArgs) -> Result<Outcome> {
    let path = match Target::of_path(&args.location, &args.schema)? {
        Target::Journal(path) => path,
        Target::Postgres(db) => {
            let mut store = db.open()?;
            let covered = store
                .checkpoint()
                .map_err(|e| db.error(e, "cannot store a checkpoint in"))?;
            writeln!(
                std::io::stdout().lock(),
                "checkpoint of {} stored in {db}",
                plural(covered, "entry", "entries")
            )?;
            return Ok(Outcome::Ok);
        }
    };
    let path = &path;
    let mut journal = store::open_for_writing(path)?;
    if let Some(reason) = journal.checkpoint_status().warning() {
        warn(&format!(
            "{}: the earlier checkpoint was ignored ({reason}); replacing it",
            path.display()
        ));
    }
    let written = journal
        .checkpoint()
        .with_context(|| format!("cannot write a checkpoint of {}", path.display()))?;
    writeln!(
        std::io::stdout().lock(),
        "checkpoint of {} ({} journal bytes) written to {}",
        plural(journal.ledger().len() as u64, "entry", "entries"),
        journal.len_bytes(),
        written.display()
    )?;
    Ok(Outcome::Ok)
}

/// What verifying did with the journal's checkpoint: none, loaded (the lines it covers were
/// checked as one checksum, the lines after it replayed), or ignored and why (the whole
/// journal replayed).
fn checkpoint_line(out: &mut impl Write, status: &CheckpointStatus) -> Result<()> {
    match status {
        CheckpointStatus::Loaded {
            entries,
            journal_bytes,
            ..
        } => writeln!(
            out,
            "checkpoint   loaded ({}, {journal_bytes} journal bytes, checked as one checksum); \
             the lines after it replayed",
            plural(*entries, "entry", "entries")
        )?,
        CheckpointStatus::Ignored { reason, .. } => writeln!(
            out,
            "checkpoint   ignored ({reason}); the whole journal replayed (run `materiel \
             checkpoint` to write a new one)"
        )?,
        _ => writeln!(out, "checkpoint   none")?,
    }
    Ok(())
}

fn summary(
    out: &mut impl Write,
    path: &Path,
    ledger: &materiel::Ledger,
    intact: u64,
) -> Result<()> {
    let side = catalog_path(path);
    writeln!(out, "journal      {}", path.display())?;
    if side.exists() {
        writeln!(
            out,
            "catalog      {} ({} platforms)",
            side.display(),
            ledger.catalog().len()
        )?;
    } else {
        writeln!(
            out,
            "catalog      reference ({} platforms)",
            ledger.catalog().len()
        )?;
    }
    writeln!(out, "entries      {}", ledger.len())?;
    writeln!(out, "holders      {}", ledger.holders().count())?;
    match ledger.latest_recorded() {
        Some(t) => writeln!(out, "latest       recorded {t}")?,
        None => writeln!(out, "latest       (no entry)")?,
    }
    writeln!(out, "intact bytes {intact}")?;
    Ok(())
}

/// Appends `entries` as one batch ([`Journal::extend`], [`PgStore::extend`]): one write and
/// one sync (or one transaction), all or nothing, so a failed import leaves the journal or
/// store as it was.
///
/// [`PgStore::extend`]: materiel::postgres::PgStore::extend
fn append_all(
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

/// A progress bar on standard error, drawn only on a terminal and for large inputs.
fn bar(len: u64, show: bool, template: &str) -> ProgressBar {
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

    let entries: Vec<NewEntry> = scratch
        .entries()
        .skip(before)
        .map(materiel::Entry::into_content)
        .collect();
    let count = entries.len() as u64;
    let report_text = sipri_report(&report, &entries);
    let writing = bar(count, show, "writing  {bar:40} {pos}/{len} entries");
    let range = append_all(&mut journal, entries, &writing)?;
    writing.finish_and_clear();

    let mut out = std::io::stdout().lock();
    write!(out, "{report_text}")?;
    match range {
        Some((first, last)) => writeln!(
            out,
            "appended {} ({first}..{last}) to {target}",
            plural(count, "entry", "entries")
        )?,
        None => writeln!(out, "appended no entry to {target}")?,
    }
    let rejected = report.counts.rejected.len();
    if rejected > 0 {
        warn(&format!(
            "{} rejected and skipped (listed above); --strict stops at the first",
            plural(rejected as u64, "row", "rows")
        ));
    }
    Ok(Outcome::Ok)
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

    let entries: Vec<NewEntry> = scratch
        .entries()
        .skip(before)
        .map(materiel::Entry::into_content)
        .collect();
    let count = entries.len() as u64;
    let writing = bar(count, show, "writing  {bar:40} {pos}/{len} entries");
    let range = append_all(&mut journal, entries, &writing)?;
    writing.finish_and_clear();

    let mut out = std::io::stdout().lock();
    write!(out, "{report}")?;
    if let (Some(headline), Some(path)) = (&headline, &totals) {
        writeln!(out, "reconciliation with {}:", path.display())?;
        let reconciliation = report.reconcile(headline);
        let text = reconciliation.to_string();
        writeln!(out, "{}", text.trim_end_matches('\n'))?;
        if reconciliation
            .rows
            .iter()
            .any(|r| r.difference.is_some_and(|d| d < 0))
        {
            writeln!(
                out,
                "a negative diff: Oryx's headline counts items these event files do not hold: the \
                 files are an excerpt or a subset of Oryx's lists (some event files or rows left \
                 out), or the totals file is newer than the event files (compare files of one \
                 snapshot); it is no sign of an error in the import"
            )?;
        }
    }
    match range {
        Some((first, last)) => writeln!(
            out,
            "appended {} ({first}..{last}) to {target}",
            plural(count, "entry", "entries")
        )?,
        None => writeln!(out, "appended no entry to {target}")?,
    }
    let rejected = report.counts.rejected.len();
    if rejected > 0 {
        warn(&format!(
            "{} rejected and skipped (listed above); --strict stops at the first",
            plural(rejected as u64, "row", "rows")
        ));
    }
    Ok(Outcome::Ok)
}

/// `materiel record`.
pub(crate) fn record(args: &RecordArgs) -> Result<Outcome> {
    let text = read_stdin(args.flags.change.is_some())?;
    let mut journal = Target::of_writer(&args.target)?.open_writer()?;
    let entry = match args.flags.change {
        Some(kind) => {
            if !text.trim().is_empty() {
                return Err(UsageError(
                    "the entry is given both as flags (--change) and as JSON on standard \
                     input: give one of them"
                        .to_owned(),
                )
                .into());
            }
            (
                entry_from_flags(&args.flags, kind, journal.ledger(), args.new_holder)?,
                args.flags.recorded.is_none(),
            )
        }
        None => {
            let (entry, stamped_now) = entry_from_json(text)?;
            check_json_holders(&entry, journal.ledger(), args.new_holder)?;
            (entry, stamped_now)
        }
    };
    let (entry, stamped_now) = entry;
    let id = journal
        .append_stamped(entry, stamped_now)
        .context("entry not recorded")?;
    journal.sync()?;
    say!("recorded entry {}", id.get());
    Ok(Outcome::Ok)
}

/// Standard input, read to its end; with `flags`, only when it is not a terminal (flags take
/// no input: whatever is piped in is checked to be empty).
fn read_stdin(flags: bool) -> Result<String> {
    let mut text = String::new();
    let stdin = std::io::stdin();
    if flags && stdin.is_terminal() {
        return Ok(text);
    }
    stdin
        .lock()
        .read_to_string(&mut text)
        .context("cannot read the entry from standard input")?;
    Ok(text)
}

/// The entry given as JSON (`recorded` defaults to now), and whether it was stamped now.
fn entry_from_json(text: String) -> Result<(NewEntry, bool)> {
    let mut value: serde_json::Value =
        serde_json::from_str(&text).context("standard input is not one JSON entry")?;
    let Some(object) = value.as_object_mut() else {
        bail!("standard input is not one JSON entry: expected an object");
    };
    let stamped_now = !object.contains_key("recorded");
    object
        .entry("recorded")
        .or_insert_with(|| serde_json::Value::String(Timestamp::now().to_string()));
    let entry = serde_json::from_value(value).map_err(|e| {
        anyhow::anyhow!(
            "standard input is not a valid entry: {}",
            json_hint(&e.to_string())
        )
    })?;
    Ok((entry, stamped_now))
}

/// A serde message about the JSON form of an entry with the library's internal wire type
/// names replaced by the form expected (`expected struct CountWire` -> `expected a count such
/// as {"value":2}...`).
fn json_hint(message: &str) -> String {
    const FORMS: [(&str, &str); 4] = [
        (
            "struct CountWire",
            "a count such as {\"value\":2} or {\"value\":2,\"basis\":\"at_least\"} (basis: \
             exact, at_least, up_to, about, estimate; the flag form takes --count 2 or \
             --count >=2)",
        ),
        (
            "struct LossCauseWire",
            "a cause such as {\"cause\":\"destroyed\"} or {\"cause\":\"captured\",\"by\":\"UKR\"}",
        ),
        (
            "struct SourceWire",
            "a source such as {\"citation\":\"news report\",\"grade\":\"C3\"}",
        ),
        (
            "struct GenericPlatformWire",
            "a platform id such as \"su-30mk2\" or {\"designation\":\"Mi-17\",\"kind\":\"aircraft\"}",
        ),
    ];
    FORMS
        .iter()
        .fold(message.to_owned(), |m, (wire, form)| m.replace(wire, form))
}

/// Refuses a holder, supplier, recipient or captor of an entry given as JSON that neither the
/// name table nor the ledger knows, unless `new` (`--new-holder`).
fn check_json_holders(entry: &NewEntry, ledger: &Ledger, new: bool) -> Result<()> {
    args::known_holder(ledger, entry.holder(), new, "holder")?;
    if let Some(s) = entry.change().supplier() {
        args::known_holder(ledger, s, new, "supplier")?;
    }
    match entry.change() {
        Change::Transferred { to, .. } => args::known_holder(ledger, to, new, "to")?,
        Change::Lost {
            cause: LossCause::Captured { by: Some(by) },
            ..
        } => args::known_holder(ledger, by, new, "by")?,
        _ => {}
    }
    Ok(())
}

/// The entry given as flags, for a change of `kind`. Clap has checked the flags every entry
/// and each kind require; this refuses those the kind does not take.
fn entry_from_flags(
    f: &EntryFlags,
    kind: ChangeKind,
    ledger: &Ledger,
    new: bool,
) -> Result<NewEntry> {
    let given: [(&str, bool); 8] = [
        ("--count", f.count.is_some()),
        ("--status", f.status.is_some()),
        ("--from", f.from.is_some()),
        ("--breakdown", !f.breakdown.is_empty()),
        ("--cause", f.cause.is_some()),
        ("--by", f.by.is_some()),
        ("--supplier", f.supplier.is_some()),
        ("--condition", f.condition.is_some()),
    ];
    let takes: &[&str] = match kind {
        ChangeKind::Ordered => &["--count", "--supplier", "--condition"],
        ChangeKind::Delivered => &["--count", "--status", "--supplier", "--condition"],
        ChangeKind::Status => &["--count", "--status", "--from"],
        ChangeKind::Assessed => &["--breakdown"],
        ChangeKind::Observed => &["--count", "--status"],
        ChangeKind::Lost => &["--count", "--from", "--cause", "--by"],
        ChangeKind::Retired | ChangeKind::Expended => &["--count", "--from"],
    };
    let name = kind
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_owned());
    if let Some((flag, _)) = given.iter().find(|(flag, g)| *g && !takes.contains(flag)) {
        return Err(UsageError(format!(
            "{flag} does not apply to --change {name} (it takes {})",
            takes.join(", ")
        ))
        .into());
    }
    // Clap requires these for the kinds that use them; a missing one here is a usage error
    // all the same.
    let need = |flag: &str| UsageError(format!("--change {name} needs {flag}"));
    let count = || f.count.ok_or_else(|| need("--count"));
    let from = || f.from.ok_or_else(|| need("--from"));
    let supplier = f
        .supplier
        .as_deref()
        .map(|s| args::new_holder(ledger, s, new, "--supplier"))
        .transpose()?;
    let condition = f.condition.unwrap_or_default();
    let change = match kind {
        ChangeKind::Ordered => Change::Ordered {
            count: count()?,
            supplier,
            condition,
        },
        ChangeKind::Delivered => Change::Delivered {
            count: count()?,
            into: f.status.unwrap_or(Status::Unknown),
            supplier,
            condition,
        },
        ChangeKind::Status => Change::StatusChanged {
            from: from()?,
            to: f.status.ok_or_else(|| need("--status"))?,
            count: count()?,
        },
        ChangeKind::Assessed => Change::Assessed {
            breakdown: f.breakdown.clone(),
        },
        ChangeKind::Observed => Change::Observed {
            count: f.count,
            status: f.status,
        },
        ChangeKind::Lost => {
            let cause = match f.cause.ok_or_else(|| need("--cause"))? {
                CauseArg::Destroyed => LossCause::Destroyed,
                CauseArg::Damaged => LossCause::Damaged,
                CauseArg::Abandoned => LossCause::Abandoned,
                CauseArg::Captured => LossCause::Captured {
                    by: f
                        .by
                        .as_deref()
                        .map(|s| args::new_holder(ledger, s, new, "--by"))
                        .transpose()?,
                },
            };
            if f.by.is_some() && !matches!(cause, LossCause::Captured { .. }) {
                return Err(UsageError("--by applies only to --cause captured".to_owned()).into());
            }
            Change::Lost {
                count: count()?,
                from: from()?,
                cause,
            }
        }
        ChangeKind::Retired => Change::Retired {
            count: count()?,
            from: from()?,
        },
        ChangeKind::Expended => Change::Expended {
            count: count()?,
            from: from()?,
        },
    };
    let holder = args::new_holder(
        ledger,
        f.holder.as_deref().unwrap_or_default(),
        new,
        "--holder",
    )?;
    let platform = args::platform(ledger, f.platform.as_deref().unwrap_or_default())?;
    let effective = f.date.ok_or_else(|| need("--date"))?;
    let grade = f.grade.ok_or_else(|| need("--grade"))?;
    let mut source = Source::new(f.source.as_deref().unwrap_or_default(), grade)
        .map_err(|e| UsageError(format!("--source: {e}")))?;
    if let Some(url) = &f.url {
        source = source.with_url(url.as_str());
    }
    if let Some(reference) = &f.reference {
        source = source.with_reference(reference.as_str());
    }
    let recorded = f.recorded.unwrap_or_else(Timestamp::now);
    let entry = NewEntry::new(holder, platform, effective, change, source, recorded);
    Ok(match &f.note {
        Some(note) => entry.with_note(note.as_str()),
        None => entry,
    })
}

/// `materiel retract`.
pub(crate) fn retract(args: &RetractArgs) -> Result<Outcome> {
    let source = Source::new(args.citation.as_str(), args.grade)
        .map_err(|e| crate::UsageError(format!("--citation: {e}")))?;
    let mut journal = Target::of_writer(&args.target)?.open_writer()?;
    let recorded = args.recorded.unwrap_or_else(Timestamp::now);
    let id = journal
        .retract_stamped(
            EntryId::new(args.id),
            &source,
            recorded,
            args.recorded.is_none(),
            Some(&args.why),
        )
        .with_context(|| format!("entry {} not retracted", args.id))?;
    journal.sync()?;
    say!("recorded retraction {} of entry {}", id.get(), args.id);
    Ok(Outcome::Ok)
}

/// Whether a side of `materiel copy` is a database.
fn is_database(side: &str) -> bool {
    side.starts_with("postgres://") || side.starts_with("postgresql://")
}

/// `materiel copy FROM TO`: the source opened as any store (a journal locked, its torn tail
/// refused; a database), then copied line for line into a new ledger or journal, all or
/// nothing (the library's store seam).
pub(crate) fn copy(args: &CopyArgs) -> Result<Outcome> {
    let schema = SchemaArg {
        schema: args.schema.clone(),
    };
    let writer = WriterArg {
        writer: args.writer.clone(),
    };
    match (is_database(&args.from), is_database(&args.to)) {
        (false, true) => {
            let db = Db::new(&args.to, &schema, &writer);
            let mut source = Target::Journal(PathBuf::from(&args.from)).open_writer()?;
            let store = db.create_copy(&mut source, &args.from)?;
            say!(
                "copied {} from {} to {db}",
                plural(store.len() as u64, "entry", "entries"),
                args.from
            );
        }
        (true, false) => {
            let db = Db::new(&args.from, &schema, &writer);
            let journal = Path::new(&args.to);
            let side = catalog_path(journal);
            if std::fs::symlink_metadata(journal).is_ok() {
                bail!(
                    "{}: already exists; copy into a new journal (nothing copied)",
                    journal.display()
                );
            }
            if std::fs::symlink_metadata(&side).is_ok() {
                bail!(
                    "{}: a catalog side file is already there (left from an earlier journal?); \
                     remove it first (nothing copied)",
                    side.display()
                );
            }
            let target = Target::Postgres(db);
            let mut source = target.open_writer()?;
            // The catalog goes beside the journal first, so the journal never appears without
            // it; it is removed again if the journal cannot be written.
            let json = source.ledger().catalog().to_json();
            store::write_atomically(&side, |w| {
                w.write_all(json.as_bytes())
                    .with_context(|| format!("cannot write {}", side.display()))
            })?;
            let copied =
                Journal::create_copy(journal, &mut **source.store_mut(), &JournalOptions::new());
            let written = match copied {
                Ok(copy) => copy.ledger().len() as u64,
                Err(e) => {
                    let _ = std::fs::remove_file(&side);
                    let doing = format!(
                        "cannot write journal {} (nothing copied) from {target}",
                        journal.display()
                    );
                    return Err(anyhow::Error::new(e).context(doing));
                }
            };
            say!(
                "copied {} from {target} to {} (catalog in {})",
                plural(written, "entry", "entries"),
                journal.display(),
                side.display()
            );
        }
        (true, true) => {
            return Err(UsageError(
                "both sides are databases: copy through a journal (FROM to a journal, then \
                 that journal to TO)"
                    .to_owned(),
            )
            .into());
        }
        (false, false) => {
            return Err(UsageError(
                "neither side is a database (postgres://... or postgresql://...): \
                 to copy a journal, copy its file"
                    .to_owned(),
            )
            .into());
        }
    }
    Ok(Outcome::Ok)
}
