//! Where ledgers are kept: journals on disk (their catalog side file, read-only loading for
//! queries, opening for writes) and PostgreSQL stores, named by one [`Target`]; once opened,
//! any store is a [`Writer`] over the library's store seam (`materiel::store::DynStore`),
//! which never asks which store it holds. Files are written with the library's atomic write.

use std::ffi::OsString;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};
use clap::ArgMatches;
use clap::parser::ValueSource;
use materiel::jiff::{SignedDuration, Timestamp};
use materiel::journal::{CheckpointStatus, Durability, JournalOptions, Replay};
use materiel::postgres::{PgError, PgOptions, PgStore};
use materiel::store::{CopyError, DynStore, LedgerStore, StoreError};
use materiel::{Catalog, EntryId, Journal, Ledger, LedgerError, NewEntry, Source};

use crate::flags::{PathLocation, SchemaArg, TargetArgs, WriteTarget, WriterArg};
use crate::ui::{UsageError, warn};

/// Where a journal's own catalog is kept: `JOURNAL.catalog.json`, beside it.
pub(crate) fn catalog_path(journal: &Path) -> PathBuf {
    let mut name: OsString = journal.as_os_str().to_owned();
    name.push(".catalog.json");
    PathBuf::from(name)
}

/// Reads a catalog file (the JSON form of `Catalog`).
pub(crate) fn read_catalog(path: &Path) -> Result<Catalog> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read catalog {}", path.display()))?;
    Catalog::from_json(&text).with_context(|| format!("catalog {}", path.display()))
}

/// The catalog of the journal at `journal`: its side file if there is one, else the reference
/// catalog.
pub(crate) fn journal_catalog(journal: &Path) -> Result<Catalog> {
    let side = catalog_path(journal);
    if side.exists() {
        read_catalog(&side)
    } else {
        Ok(Catalog::reference())
    }
}

/// Checks that `journal` is an existing file, for a clear error before anything else.
fn require(journal: &Path) -> Result<()> {
    match std::fs::metadata(journal) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(_) => bail!("{}: not a journal file", journal.display()),
        Err(e) => Err(e).with_context(|| {
            format!(
                "cannot open journal {} (create one with `materiel init`)",
                journal.display()
            )
        }),
    }
}

/// A journal read for queries: the ledger of its intact entries, without taking its lock and
/// without writing. A torn tail is reported as a warning.
pub(crate) fn load(journal: &Path) -> Result<Ledger> {
    report(journal, replay(journal)?)
}

/// Warns when `replay` ignored the checkpoint of `journal`.
fn warn_ignored(journal: &Path, replay: &Replay) {
    if let Some(reason) = replay.checkpoint.warning() {
        warn(&format!(
            "{}: checkpoint ignored ({reason}); replayed the whole journal (run `materiel checkpoint` to write a new one)",
            journal.display()
        ));
    }
}

/// The ledger of `replay` (of `journal`), with the warnings [`load`] gives.
fn report(journal: &Path, replay: Replay) -> Result<Ledger> {
    warn_ignored(journal, &replay);
    if let Some(r) = &replay.recovery {
        warn(&format!(
            "{}: {r}; showing the intact entries (run `materiel verify --repair`)",
            journal.display()
        ));
    }
    Ok(replay.ledger)
}

/// Replays `journal` read-only, through its checkpoint when it fits, saying nothing: the
/// caller reports what [`Replay::checkpoint`] says.
pub(crate) fn replay(journal: &Path) -> Result<Replay> {
    require(journal)?;
    let catalog = journal_catalog(journal)?;
    // The error names the journal already.
    Ok(Journal::read(journal, catalog, &JournalOptions::new())?)
}

/// Reads `journal` read-only with only the slices of `holders`, saying nothing (`verify`).
pub(crate) fn replay_holders(
    journal: &Path,
    holders: impl IntoIterator<Item = materiel::HolderId>,
) -> Result<Replay> {
    require(journal)?;
    let catalog = journal_catalog(journal)?;
    let options = JournalOptions::new().only_holders(holders);
    Ok(Journal::read(journal, catalog, &options)?)
}

/// Replays every line of `journal` read-only, its checkpoint not read (`verify`: the lines a
/// checkpoint covers are otherwise not read).
pub(crate) fn replay_every_line(journal: &Path) -> Result<Replay> {
    require(journal)?;
    let catalog = journal_catalog(journal)?;
    let options = JournalOptions::new().load_checkpoint(false);
    Ok(Journal::read(journal, catalog, &options)?)
}

/// Opens `journal` for writing (taking its lock), with appends synced only on
/// [`Journal::sync`]; refuses a journal with an unrepaired torn tail.
pub(crate) fn open_for_writing(journal: &Path) -> Result<Journal> {
    require(journal)?;
    let catalog = journal_catalog(journal)?;
    let options = JournalOptions::new().durability(Durability::OnSync);
    let j = Journal::open(journal, catalog, &options)
        .with_context(|| format!("cannot open journal {} for writing", journal.display()))?;
    if let Some(r) = j.recovery().filter(|r| !r.repaired) {
        bail!(
            "{}: {r}; nothing written (run `materiel verify --repair` first)",
            journal.display()
        );
    }
    Ok(j)
}

/// Writes `path` atomically (the library's `store::write_atomically`: a temporary file in the
/// same directory, synced, renamed into place, the directory synced): on failure nothing is
/// left at `path` (and an existing file there is unchanged).
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.file_name().is_none() {
        bail!("{}: not a file name", path.display());
    }
    if path.is_dir() {
        bail!(
            "cannot write {}: it is a directory (give a file name)",
            path.display()
        );
    }
    if !dir.is_dir() {
        bail!(
            "cannot write {}: the directory {} does not exist",
            path.display(),
            dir.display()
        );
    }
    materiel::store::write_atomically(path, |out| {
        write(out)?;
        out.flush()
            .with_context(|| format!("cannot write {}", path.display()))
    })
    .with_context(|| format!("cannot write {}", path.display()))
}

/// Opens `journal` for writing (taking its lock) whatever its tail: for `verify --repair`.
pub(crate) fn open_any(journal: &Path) -> Result<Journal> {
    require(journal)?;
    let catalog = journal_catalog(journal)?;
    Journal::open(journal, catalog, &JournalOptions::new())
        .with_context(|| format!("cannot open journal {} for writing", journal.display()))
}

// ---------------------------------------------------------------------------------------------
// Targets: a journal file or a PostgreSQL store.

/// Whether `--store` got its value from `MATERIEL_STORE` rather than the command line (set
/// once by `main` from clap's matches).
static STORE_FROM_ENV: AtomicBool = AtomicBool::new(false);

/// Notes whether the subcommand's `--store` came from the environment: a `--journal` given
/// on the command line then wins over it instead of conflicting with it.
pub(crate) fn note_store_source(matches: &ArgMatches) {
    let mut leaf = matches;
    while let Some((_, sub)) = leaf.subcommand() {
        leaf = sub;
    }
    let from_env = leaf.ids().any(|id| id.as_str() == "store")
        && leaf.value_source("store") == Some(ValueSource::EnvVariable);
    STORE_FROM_ENV.store(from_env, Ordering::Relaxed);
    let schema_given = leaf.ids().any(|id| id.as_str() == "schema")
        && leaf.value_source("schema") == Some(ValueSource::CommandLine);
    SCHEMA_GIVEN.store(schema_given, Ordering::Relaxed);
}

/// Whether `--schema` was given on the command line (set once by `main`): with a journal it
/// is a usage error rather than ignored.
static SCHEMA_GIVEN: AtomicBool = AtomicBool::new(false);

/// Whether the subcommand's `--store` came from `MATERIEL_STORE`.
pub(crate) fn store_from_env() -> bool {
    STORE_FROM_ENV.load(Ordering::Relaxed)
}

/// A ledger in a PostgreSQL store: the connection string and the schema (and writer).
pub(crate) struct Db {
    url: String,
    options: PgOptions,
}

/// Where a command's ledger is.
pub(crate) enum Target {
    /// A journal file.
    Journal(PathBuf),
    /// A ledger in a PostgreSQL schema.
    Postgres(Db),
}

impl Target {
    /// The target named by `journal` and `store` (clap has checked that at least one is
    /// given): a `--store` from the environment yields to a `--journal`; both on the command
    /// line is a usage error. `Ok(None)` when neither is given.
    pub(crate) fn resolve(
        journal: Option<&Path>,
        store: Option<&str>,
        schema: &SchemaArg,
        writer: Option<&WriterArg>,
    ) -> Result<Option<Self>, UsageError> {
        match (journal, store) {
            (Some(_), Some(_)) if !store_from_env() => Err(UsageError(
                "give either a journal or --store, not both".to_owned(),
            )),
            (Some(_), _) if SCHEMA_GIVEN.load(Ordering::Relaxed) => Err(UsageError(
                "--schema applies to a PostgreSQL store (--store): a journal has no schema"
                    .to_owned(),
            )),
            (Some(_), _) if writer.is_some_and(|w| w.writer.is_some()) => Err(UsageError(
                "--writer applies to a PostgreSQL store (--store): a journal does not record \
                 writers"
                    .to_owned(),
            )),
            (Some(path), _) => Ok(Some(Self::Journal(path.to_path_buf()))),
            (None, Some(url)) => {
                let default = WriterArg { writer: None };
                Ok(Some(Self::Postgres(Db::new(
                    url,
                    schema,
                    writer.unwrap_or(&default),
                ))))
            }
            (None, None) => Ok(None),
        }
    }

    /// The target of `init` or `verify` (`JOURNAL` or `--store`).
    pub(crate) fn of_path(location: &PathLocation, schema: &SchemaArg) -> Result<Self> {
        Self::resolve(
            location
                .journal
                .as_deref()
                .or(location.journal_flag.as_deref()),
            location.store.as_deref(),
            schema,
            None,
        )?
        .ok_or_else(|| UsageError("give a journal or --store".to_owned()).into())
    }

    /// The target of a query (`--journal` or `--store`).
    pub(crate) fn of(args: &TargetArgs) -> Result<Self> {
        Self::with_writer(args, None)
    }

    /// The target of a writing command (`--journal` or `--store`, `--writer`).
    pub(crate) fn of_writer(args: &WriteTarget) -> Result<Self> {
        Self::with_writer(&args.target, Some(&args.writer))
    }

    fn with_writer(args: &TargetArgs, writer: Option<&WriterArg>) -> Result<Self> {
        let l = &args.location;
        Self::resolve(
            l.journal.as_deref(),
            l.store.as_deref(),
            &args.schema,
            writer,
        )?
        .ok_or_else(|| UsageError("give a journal (--journal) or --store".to_owned()).into())
    }

    /// The ledger, read-only, for a query: a journal's intact entries (a torn tail is a
    /// warning), or every entry of a store, each checked.
    ///
    /// The ledger is leaked: a query's process ends right after it answers, and freeing a
    /// large ledger's many small allocations one by one took about 35 ms on a 68,000-entry
    /// journal (BENCHMARKS.md, "The command line"); the operating system takes the memory
    /// back at once.
    pub(crate) fn load(&self) -> Result<&'static Ledger> {
        let ledger = match self {
            Self::Journal(path) => load(path)?,
            Self::Postgres(db) => db.open()?.into_ledger(),
        };
        Ok(Box::leak(Box::new(ledger)))
    }

    /// The ledger a question about the holder named `name` needs: for a journal whose
    /// checkpoint covers it, only that holder's slice (the entries touching its lots; the
    /// library falls back to the whole ledger, silently, when the slice cannot be used);
    /// otherwise, or when `name` is not a country name or code (a holder resolved from the
    /// ledger's own list), the whole ledger.
    pub(crate) fn load_for(&self, name: Option<&str>) -> Result<&'static Ledger> {
        let holder = name.and_then(materiel::import::holder);
        match (self, holder) {
            (Self::Journal(path), Some(holder)) => {
                require(path)?;
                let catalog = journal_catalog(path)?;
                let options = JournalOptions::new().only_holders([holder]);
                let replay = Journal::read(path, catalog, &options)?;
                let ledger = report(path, replay)?;
                Ok(Box::leak(Box::new(ledger)))
            }
            _ => self.load(),
        }
    }

    /// Opens the ledger for appending: a journal locked for writing, or a store.
    pub(crate) fn open_writer(&self) -> Result<Writer> {
        Ok(match self {
            Self::Journal(path) => {
                let journal = open_for_writing(path)?;
                let checkpointed = match journal.checkpoint_status() {
                    CheckpointStatus::Loaded { entries, .. } => *entries,
                    _ => 0,
                };
                Writer {
                    store: journal.boxed(),
                    noun: "the journal",
                    label: path.display().to_string(),
                    checkpointed: Some(checkpointed),
                }
            }
            Self::Postgres(db) => {
                let store = db.open()?;
                let label = format!("PostgreSQL schema {}", store.schema());
                Writer {
                    store: store.boxed(),
                    noun: "the store",
                    label,
                    checkpointed: None,
                }
            }
        })
    }
}

impl std::fmt::Display for Target {
    /// The journal's path, or `PostgreSQL schema NAME at URL` without its password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Journal(path) => write!(f, "{}", path.display()),
            Self::Postgres(db) => db.fmt(f),
        }
    }
}

impl Db {
    /// The store at `url`, schema `schema`, writer `writer` (default: the library's).
    pub(crate) fn new(url: &str, schema: &SchemaArg, writer: &WriterArg) -> Self {
        let mut options = PgOptions::new().schema(schema.schema.as_str());
        if let Some(name) = &writer.writer {
            options = options.writer(name.as_str());
        }
        Self {
            url: url.to_owned(),
            options,
        }
    }

    /// Opens the ledger: loads its newest valid checkpoint (warning about those ignored), then
    /// reads and checks every stored entry after it.
    pub(crate) fn open(&self) -> Result<PgStore> {
        let store =
            PgStore::open(&self.url, &self.options).map_err(|e| self.error(e, "cannot open"))?;
        for ignored in store.checkpoint_status().ignored() {
            warn(&format!("{self}: {ignored}"));
        }
        Ok(store)
    }

    /// Opens the ledger reading and checking every stored entry, checkpoints left aside.
    pub(crate) fn open_checked(&self) -> Result<PgStore> {
        let options = self.options.clone().load_checkpoints(false);
        PgStore::open(&self.url, &options).map_err(|e| self.error(e, "cannot open"))
    }

    /// Creates an empty ledger over `catalog`.
    pub(crate) fn create(&self, catalog: Catalog) -> Result<PgStore> {
        PgStore::create(&self.url, catalog, &self.options)
            .map_err(|e| self.error(e, "cannot create a ledger in"))
    }

    /// Creates a new ledger holding a copy of `from` (named `what` in messages), line for
    /// line.
    pub(crate) fn create_copy(&self, from: &mut Writer, what: &str) -> Result<PgStore> {
        let doing = format!("cannot copy {what} (nothing copied) to");
        PgStore::create_copy(&self.url, &mut *from.store, &self.options).map_err(|e| match e {
            CopyError::Target(e) => self.error(e, &doing),
            e => anyhow::Error::new(e).context(format!("{doing} {self}")),
        })
    }

    /// `e`, after `doing` and this store's name: a usage error (status 2) for a connection
    /// string or schema name that is not valid, a runtime error otherwise.
    pub(crate) fn error(&self, e: PgError, doing: &str) -> anyhow::Error {
        match e {
            PgError::Url { .. } => UsageError(format!(
                "{doing} {self}: {e}; expected a postgres:// or postgresql:// URL \
                 (postgres://USER:PASSWORD@HOST/DB) or a key=value connection string \
                 (\"host=/run/postgresql dbname=osint\")"
            ))
            .into(),
            PgError::SchemaName { .. } => UsageError(format!("{doing} {self}: {e}")).into(),
            // These do not name the schema; the others begin with it, so the context names
            // only the database.
            e @ (PgError::Ledger(_) | PgError::Batch(_) | PgError::Journal(_)) => {
                anyhow::Error::new(e).context(format!("{doing} {self}"))
            }
            e => anyhow::Error::new(e)
                .context(format!("{doing} the database at {}", redact(&self.url))),
        }
    }
}

impl std::fmt::Display for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "PostgreSQL schema {} at {}",
            self.options.schema_name(),
            redact(&self.url)
        )
    }
}

/// A connection string without its password, to show in messages: a URL loses the password
/// of its user information and its query parameters; a `key=value` string keeps only
/// `host`, `port`, `dbname` and `user`.
pub(crate) fn redact(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        let rest = rest.split_once('?').map_or(rest, |(r, _)| r);
        let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
        let authority = match authority.rsplit_once('@') {
            Some((userinfo, host)) => {
                let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
                format!("{user}@{host}")
            }
            None => authority.to_owned(),
        };
        let path = if path.is_empty() {
            String::new()
        } else {
            format!("/{path}")
        };
        return format!("{scheme}://{authority}{path}");
    }
    // key=value pairs, values possibly 'single quoted' with \' and \\ escapes.
    let mut kept = Vec::new();
    let mut chars = url.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let key: String =
            std::iter::from_fn(|| chars.next_if(|c| *c != '=' && !c.is_whitespace())).collect();
        if key.is_empty() {
            break;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next_if_eq(&'=').is_none() {
            break;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '\'' => break,
                    c => value.push(c),
                }
            }
        } else {
            value.extend(std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace())));
        }
        if ["host", "port", "dbname", "user"].contains(&key.as_str()) {
            kept.push(format!("{key}={value}"));
        }
    }
    if kept.is_empty() {
        "the connection string given".to_owned()
    } else {
        kept.join(" ")
    }
}

/// An open ledger to append to, whichever store it is: a journal (synced by
/// [`Writer::sync`]) or a PostgreSQL store (each append one committed transaction).
pub(crate) struct Writer {
    store: DynStore,
    /// `the journal` or `the store`, for messages.
    noun: &'static str,
    /// The journal's path or the store's schema, for messages.
    label: String,
    /// A journal's: how many entries its checkpoint covers (0 without one), kept up to date
    /// by [`Writer::sync`]. `None` for a PostgreSQL store, whose writers store checkpoints
    /// themselves.
    checkpointed: Option<u64>,
}

/// A journal gets a new checkpoint once this many entries are past its last one: after every
/// write command that appended anything. A per-holder question reads the checkpoint's holder
/// slices only when the checkpoint covers the whole journal (a line after it means the whole
/// ledger is read: about 40 ms instead of 6 at 10^5 entries, BENCHMARKS.md "Holder slices"),
/// and a checkpoint at 10^5 entries costs a write command about 0.2 s of CPU (the same
/// section). Was 1,000 before the slices, when replaying a short tail cost a query little.
pub(crate) const CHECKPOINT_AFTER: u64 = 1;

impl Writer {
    /// The ledger as the writer holds it (a store's: caught up when opened or last written).
    pub(crate) fn ledger(&self) -> &Ledger {
        self.store.ledger()
    }

    /// `the journal` or `the store`.
    pub(crate) fn noun(&self) -> &'static str {
        self.noun
    }

    /// The store, for a copy from it.
    pub(crate) fn store_mut(&mut self) -> &mut DynStore {
        &mut self.store
    }

    /// Appends one entry (durable once [`Writer::sync`] returns).
    pub(crate) fn append(&mut self, entry: NewEntry) -> Result<EntryId> {
        Ok(self.store.append(entry)?)
    }

    /// Appends a batch, all or nothing; returns the range of its ids.
    pub(crate) fn extend(&mut self, entries: Vec<NewEntry>) -> Result<Range<u64>> {
        Ok(self.store.extend(entries)?)
    }

    /// Withdraws entry `target` by appending a retraction.
    pub(crate) fn retract(
        &mut self,
        target: EntryId,
        source: Source,
        recorded: Timestamp,
        note: Option<String>,
    ) -> Result<EntryId> {
        Ok(self.store.retract(target, source, recorded, note)?)
    }

    /// Appends `entry`, whose recorded time is `now` when `stamped_now`: on a shared store,
    /// when another writer committed a later recorded time between the stamp and the append
    /// (the ledger refuses recorded time going backwards), the entry is stamped again, with
    /// the later of now and the ledger's latest recorded time (if that is at most a minute
    /// ahead of this clock), and appended again (a few times at most). An explicit recorded
    /// time is never changed.
    pub(crate) fn append_stamped(&mut self, entry: NewEntry, stamped_now: bool) -> Result<EntryId> {
        self.restamped(stamped_now, entry.recorded(), |w, t| {
            w.append(entry.clone().with_recorded(t))
        })
    }

    /// [`Writer::retract`] with the same re-stamping as [`Writer::append_stamped`].
    pub(crate) fn retract_stamped(
        &mut self,
        target: EntryId,
        source: &Source,
        recorded: Timestamp,
        stamped_now: bool,
        note: Option<&str>,
    ) -> Result<EntryId> {
        self.restamped(stamped_now, recorded, |w, t| {
            w.retract(target, source.clone(), t, note.map(str::to_owned))
        })
    }

    fn restamped(
        &mut self,
        stamped_now: bool,
        mut recorded: Timestamp,
        mut write: impl FnMut(&mut Self, Timestamp) -> Result<EntryId>,
    ) -> Result<EntryId> {
        /// Attempts before the refusal is reported.
        const ATTEMPTS: usize = 5;
        /// How far ahead of this clock another writer's recorded time may be for an entry
        /// stamped now to take it (clocks of several machines differ a little); an entry
        /// recorded further ahead is not another writer's "now", and the refusal stands.
        const SKEW: SignedDuration = SignedDuration::from_secs(60);
        let mut attempt = 1;
        loop {
            match write(self, recorded) {
                Err(e) if stamped_now && attempt < ATTEMPTS && self.overtaken(&e) => {
                    let now = Timestamp::now();
                    match self.ledger().latest_recorded() {
                        Some(latest) if latest > now => {
                            if latest.duration_since(now) > SKEW {
                                return Err(e);
                            }
                            recorded = latest;
                        }
                        _ => recorded = now,
                    }
                    attempt += 1;
                }
                r => return r,
            }
        }
    }

    /// Whether `e` is a shared store's refusal of a recorded time older than another
    /// writer's.
    fn overtaken(&self, e: &anyhow::Error) -> bool {
        self.store.is_shared()
            && matches!(
                e.downcast_ref::<StoreError>().and_then(StoreError::refusal),
                Some(LedgerError::RecordedOutOfOrder { .. })
            )
    }

    /// Makes the appends durable (a journal is synced; a store's appends are committed
    /// already), and warns about an automatic checkpoint that failed after an append (only a
    /// warning: opening reads more entries until the next one).
    pub(crate) fn sync(&mut self) -> Result<()> {
        self.store
            .sync()
            .with_context(|| format!("cannot sync {}", self.noun))?;
        if let Some(e) = self.store.checkpoint_failure() {
            warn(&format!(
                "{}: the automatic checkpoint failed (the entries are committed): {e}",
                self.label
            ));
        }
        self.keep_checkpoint();
        Ok(())
    }

    /// Writes a journal's checkpoint when [`CHECKPOINT_AFTER`] entries or more are past the
    /// last one, so that queries read the journal through it without being asked to
    /// (`materiel checkpoint`). A failure is only a warning: the entries are synced already,
    /// and queries then replay more of the journal.
    fn keep_checkpoint(&mut self) {
        let Some(covered) = self.checkpointed else {
            return;
        };
        let len = self.store.ledger().len() as u64;
        if len.saturating_sub(covered) < CHECKPOINT_AFTER {
            return;
        }
        match self.store.checkpoint() {
            Ok(n) => self.checkpointed = Some(n),
            Err(e) => warn(&format!(
                "{}: cannot write its checkpoint (the entries are written; queries replay the \
                 journal instead, and `materiel checkpoint` writes one): {e}",
                self.label
            )),
        }
    }
}
