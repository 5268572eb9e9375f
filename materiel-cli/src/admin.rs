//! The commands that look after a ledger: `init`, `verify`, `checkpoint`, `copy`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;
use materiel::journal::{CheckpointStatus, JournalOptions};
use materiel::postgres::DEFAULT_SCHEMA;
use materiel::{Catalog, Journal};

use crate::flags::{PathLocation, SchemaArg, WriterArg};
use crate::output::plural;
use crate::store::{self, Db, Target, catalog_path};
use crate::ui::{Outcome, UsageError, say, warn};

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The journal file to create (must not exist), or --store.
    #[command(flatten)]
    pub(crate) location: PathLocation,
    #[command(flatten)]
    pub(crate) schema: SchemaArg,
    /// A catalog in JSON (materiel::Catalog's form) instead of the reference catalog.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalog: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The journal file, or --store.
    #[command(flatten)]
    pub(crate) location: PathLocation,
    #[command(flatten)]
    pub(crate) schema: SchemaArg,
    /// Cut a torn tail, keeping its bytes in a side file next to the journal (journals only).
    #[arg(long)]
    pub(crate) repair: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CheckpointArgs {
    /// The journal file, or --store.
    #[command(flatten)]
    pub(crate) location: PathLocation,
    #[command(flatten)]
    pub(crate) schema: SchemaArg,
}

#[derive(Debug, Args)]
pub(crate) struct CopyArgs {
    /// Copy from: a journal file, or a postgres:// or postgresql:// URL.
    pub(crate) from: String,
    /// Copy to (must hold nothing yet): a journal file, or a postgres:// or postgresql:// URL.
    pub(crate) to: String,
    /// The PostgreSQL schema of the database side (one database can hold many ledgers).
    #[arg(long, value_name = "NAME", default_value = DEFAULT_SCHEMA)]
    pub(crate) schema: String,
    /// Copying into a database: the writer identity stored with each entry copied
    /// [default: USER@HOST:PID].
    #[arg(long, value_name = "NAME")]
    pub(crate) writer: Option<String>,
}

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
    // Every line read and checked, then the checkpoint looked at as queries look at it.
    let replay = store::replay_every_line(path)?;
    let checkpoint = store::replay(path)?.checkpoint;
    let intact = match &replay.recovery {
        Some(r) => r.offset,
        None => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    };
    summary(&mut out, path, &replay.ledger, intact)?;
    checkpoint_line(&mut out, &checkpoint)?;
    if matches!(checkpoint, CheckpointStatus::Loaded { .. }) && replay.recovery.is_none() {
        slices_line(&mut out, path, &replay.ledger)?;
    }
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
/// What opening did with the journal's checkpoint: none, loaded (it fits the last line it
/// covers; the lines after it replayed), or ignored and why (the whole journal replayed).
/// (`verify` also reads every line, whatever this says.)
fn checkpoint_line(out: &mut impl Write, status: &CheckpointStatus) -> Result<()> {
    match status {
        CheckpointStatus::Loaded {
            entries,
            journal_bytes,
            ..
        } => writeln!(
            out,
            "checkpoint   loaded ({}, {journal_bytes} journal bytes, tied to the last line it \
             covers); the lines after it replayed",
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
/// The checkpoint's holder slices, as a per-holder query reads them: every holder's slice
/// read and checked (checksums, structure), and together they must hold every entry of the
/// journal's lines, as written.
fn slices_line(out: &mut impl Write, path: &Path, ledger: &materiel::Ledger) -> Result<()> {
    let holders: Vec<materiel::HolderId> = ledger.holders().cloned().collect();
    let sliced = store::replay_holders(path, holders.iter().cloned())?;
    match &sliced.checkpoint {
        CheckpointStatus::Sliced { .. } if sliced.ledger.entries().eq(ledger.entries()) => {
            writeln!(
                out,
                "slices       {} read and checked; together they hold every entry",
                plural(holders.len() as u64, "holder's slice", "holders' slices")
            )?
        }
        CheckpointStatus::Sliced { .. } => writeln!(
            out,
            "slices       read, but together they differ from the journal's entries (run \
             `materiel checkpoint` to write new ones)"
        )?,
        CheckpointStatus::Loaded {
            slices_unused: Some(reason),
            ..
        } => writeln!(
            out,
            "slices       not used ({reason}); a query about one holder loads the whole \
             ledger (run `materiel checkpoint` to write new ones)"
        )?,
        _ => {}
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
