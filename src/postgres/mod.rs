//! A ledger shared by many writers in a PostgreSQL database (feature `postgres`).
//!
//! * [`PgStore`] keeps a [`Ledger`] replica of a ledger stored in a PostgreSQL schema:
//!   [`PgStore::create`], [`PgStore::open`], [`PgStore::append`], [`PgStore::extend`],
//!   [`PgStore::retract`], [`PgStore::refresh`], [`PgStore::wait_for_commits`].
//! * [`PgStore::checkpoint`] stores a checkpoint of the ledger in the database, so that opening
//!   reads only the entries after it ([`PgCheckpointStatus`]); [`PgStore::writers`] summarizes
//!   who wrote what.
//! * [`PgStore::copy_from_journal`] and [`PgStore::write_journal`] copy a ledger from a journal
//!   file into a database and back, line for line.
//! * [`PgOptions`] names the PostgreSQL schema and the writer's identity; every failure is a
//!   [`PgError`].
//!
//! Entries are stored as the journal's lines (wire format version
//! [`JOURNAL_VERSION`], each with its CRC-32C), one row per
//! entry, numbered by their [`EntryId`]. The tables are documented in ARCHITECTURE.md
//! ("PostgreSQL store").
//!
//! The connection uses the synchronous `postgres` crate without TLS: connect over a trusted
//! network, a Unix socket or an SSH tunnel (TLS is not supported yet; a connection string
//! asking for `sslmode=require` fails to connect).
//!
//! # Example
//!
//! ```no_run
//! use materiel::postgres::{PgOptions, PgStore};
//! use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
//!
//! let url = "postgres://analyst:secret@db.example/osint";
//! let options = PgOptions::new().schema("venezuela");
//! let mut store = PgStore::create(url, Catalog::reference(), &options)?;
//! let entry = NewEntry::new(
//!     "VEN".parse()?,
//!     PlatformRef::catalog("su-30mk2")?,
//!     EffectiveDate::year(2006)?,
//!     Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: None, condition: Default::default() },
//!     Source::new("SIPRI trade register", "A2".parse()?)?,
//!     "2025-01-01T00:00:00Z".parse()?,
//! );
//! store.append(entry)?;
//!
//! // Another analyst, elsewhere: the same ledger, kept up to date.
//! let mut other = PgStore::open(url, &options)?;
//! assert_eq!(other.len(), 1);
//! let new = other.wait_for_commits(std::time::Duration::from_secs(5))?;
//! println!("{new} entries committed by others since");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};
use std::io::Write as _;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Config, IsolationLevel, NoTls, Transaction};

use crate::catalog::Catalog;
use crate::codec::{self, CodecError, DEFAULT_MAX_LINE_BYTES, JOURNAL_VERSION};
use crate::journal::{self, Journal, JournalOptions};
use crate::ledger::{EntryId, Ledger, NewEntry};
use crate::provenance::Source;

mod checkpoint;
mod error;
mod schema;

pub use checkpoint::{IgnoredCheckpoint, PgCheckpointStatus};
pub use error::PgError;

/// The PostgreSQL schema [`PgOptions::new`] uses.
pub const DEFAULT_SCHEMA: &str = "materiel";
/// The database schema version this build creates and reads (newer ones are refused with
/// [`PgError::SchemaTooNew`]; older ones are migrated on opening).
pub const SCHEMA_VERSION: i32 = schema::SCHEMA_VERSION;

/// The interval of automatic checkpoints [`PgOptions::new`] sets: a writer whose append
/// crosses a multiple of this many entries stores a checkpoint.
pub const DEFAULT_CHECKPOINT_EVERY: u64 = 100_000;

/// Entries decoded per batch while loading.
const LOAD_BATCH: usize = 4096;
/// How long the look-up of a commit's outcome waits for the lock before giving up.
const RESOLVE_LOCK_TIMEOUT: &str = "30s";

/// How to create or open a [`PgStore`].
///
/// # Example
///
/// ```
/// use materiel::postgres::PgOptions;
///
/// let options = PgOptions::new().schema("team_ukraine").writer("ana@laptop").checkpoint_every(50_000);
/// assert_eq!(options.schema_name(), "team_ukraine");
/// assert_eq!(options.writer_identity(), "ana@laptop");
/// assert_eq!(options.checkpoint_interval(), 50_000);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PgOptions {
    schema: String,
    writer: Option<String>,
    checkpoint_every: u64,
    load_checkpoints: bool,
    connect_timeout: Duration,
}

/// How long [`PgOptions::new`] lets a connection attempt take when the connection string sets
/// no `connect_timeout`: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl Default for PgOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl PgOptions {
    /// Schema [`DEFAULT_SCHEMA`], the writer identity `user@host:pid`, a checkpoint every
    /// [`DEFAULT_CHECKPOINT_EVERY`] entries, checkpoints loaded on opening, connection
    /// attempts limited to [`DEFAULT_CONNECT_TIMEOUT`].
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::{PgOptions, DEFAULT_CHECKPOINT_EVERY, DEFAULT_SCHEMA};
    /// let options = PgOptions::new();
    /// assert_eq!(options.schema_name(), DEFAULT_SCHEMA);
    /// assert_eq!(options.checkpoint_interval(), DEFAULT_CHECKPOINT_EVERY);
    /// ```
    pub fn new() -> Self {
        Self {
            schema: DEFAULT_SCHEMA.to_owned(),
            writer: None,
            checkpoint_every: DEFAULT_CHECKPOINT_EVERY,
            load_checkpoints: true,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        }
    }
    /// How long a connection attempt (the first, and every reconnection) may take before it
    /// fails with [`PgError::Db`], when the connection string sets no `connect_timeout` of
    /// its own (which wins). Default [`DEFAULT_CONNECT_TIMEOUT`]; without a limit, a host
    /// that drops packets would hold the caller for the operating system's TCP timeout
    /// (minutes).
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// use materiel::postgres::{DEFAULT_CONNECT_TIMEOUT, PgOptions};
    ///
    /// assert_eq!(PgOptions::new().connect_timeout_limit(), DEFAULT_CONNECT_TIMEOUT);
    /// let patient = PgOptions::new().connect_timeout(Duration::from_secs(60));
    /// assert_eq!(patient.connect_timeout_limit(), Duration::from_secs(60));
    /// ```
    #[must_use]
    pub fn connect_timeout(mut self, limit: Duration) -> Self {
        self.connect_timeout = limit;
        self
    }
    /// The limit on a connection attempt when the connection string sets none.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// use materiel::postgres::PgOptions;
    /// let options = PgOptions::new().connect_timeout(Duration::from_secs(3));
    /// assert_eq!(options.connect_timeout_limit(), Duration::from_secs(3));
    /// ```
    pub fn connect_timeout_limit(&self) -> Duration {
        self.connect_timeout
    }
    /// Automatic checkpoints: after an append of this store's that crosses a multiple of `n`
    /// entries (and has committed), the store stores a checkpoint of its replica
    /// ([`PgStore::checkpoint`] without the refresh). `0` never does. Default
    /// [`DEFAULT_CHECKPOINT_EVERY`]. A failed automatic checkpoint never fails the append:
    /// [`PgStore::checkpoint_error`] reports it.
    #[must_use]
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::PgOptions;
    /// // A checkpoint every 10,000 entries; 0 turns automatic checkpoints off.
    /// assert_eq!(PgOptions::new().checkpoint_every(10_000).checkpoint_interval(), 10_000);
    /// assert_eq!(PgOptions::new().checkpoint_every(0).checkpoint_interval(), 0);
    /// ```
    pub fn checkpoint_every(mut self, n: u64) -> Self {
        self.checkpoint_every = n;
        self
    }
    /// Whether [`PgStore::open`] starts from the newest valid stored checkpoint (default
    /// `true`). With `false` it reads and checks every stored entry, as a verification does.
    #[must_use]
    ///
    /// # Example
    ///
    /// ```no_run
    /// use materiel::postgres::{PgCheckpointStatus, PgOptions, PgStore};
    /// let url = "postgres://analyst:secret@db.example/osint";
    /// // Read and check every stored entry, as an audit would.
    /// let audit = PgStore::open(url, &PgOptions::new().schema("venezuela").load_checkpoints(false))?;
    /// assert_eq!(audit.checkpoint_status(), &PgCheckpointStatus::Absent);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load_checkpoints(mut self, load: bool) -> Self {
        self.load_checkpoints = load;
        self
    }
    /// The PostgreSQL schema holding the ledger's tables: 1 to 50 characters among `a-z`,
    /// `0-9` and `_`, not starting with a digit (checked on connecting,
    /// [`PgError::SchemaName`]). One database can hold many ledgers, one per schema.
    #[must_use]
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::PgOptions;
    /// assert_eq!(PgOptions::new().schema("venezuela").schema_name(), "venezuela");
    /// ```
    pub fn schema(mut self, name: impl Into<String>) -> Self {
        self.schema = name.into();
        self
    }
    /// Who writes: stored with every entry this store appends (default `user@host:pid`, from
    /// `$USER`, `$HOSTNAME` or `/etc/hostname`, and the process id).
    #[must_use]
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::PgOptions;
    /// assert_eq!(PgOptions::new().writer("alice@desk").writer_identity(), "alice@desk");
    /// ```
    pub fn writer(mut self, identity: impl Into<String>) -> Self {
        self.writer = Some(identity.into());
        self
    }
    /// The schema name.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::{PgOptions, DEFAULT_CHECKPOINT_EVERY, DEFAULT_SCHEMA};
    /// assert_eq!(PgOptions::new().schema_name(), DEFAULT_SCHEMA);
    /// ```
    pub fn schema_name(&self) -> &str {
        &self.schema
    }
    /// The writer identity.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::PgOptions;
    /// // By default `user@host:pid`.
    /// assert!(PgOptions::new().writer_identity().contains('@'));
    /// ```
    pub fn writer_identity(&self) -> String {
        self.writer.clone().unwrap_or_else(default_writer)
    }
    /// The interval of automatic checkpoints, in entries (0: never).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::postgres::{PgOptions, DEFAULT_CHECKPOINT_EVERY, DEFAULT_SCHEMA};
    /// assert_eq!(PgOptions::new().checkpoint_interval(), DEFAULT_CHECKPOINT_EVERY);
    /// ```
    pub fn checkpoint_interval(&self) -> u64 {
        self.checkpoint_every
    }
}

/// `user@host:pid`.
fn default_writer() -> String {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned());
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    format!("{user}@{host}:{}", std::process::id())
}

/// A token no other append carries: the process id, the time, a per-process counter and a
/// per-process random value.
fn new_token() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    format!("{:x}-{nanos:x}-{n:x}-{random:016x}", std::process::id())
}

/// One writer's share of a ledger's entries ([`PgStore::writers`]).
///
/// # Example
///
/// ```no_run
/// # use materiel::postgres::{PgOptions, PgStore};
/// # let url = "postgres://analyst:secret@db.example/osint";
/// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
/// for w in store.writers()? {
///     println!("{}: {} entries ({}..{}), last at {}", w.writer, w.entries, w.first, w.last, w.last_committed);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WriterSummary {
    /// The writer identity stored with its entries ([`PgOptions::writer`]).
    pub writer: String,
    /// How many entries it wrote.
    pub entries: u64,
    /// Its first entry.
    pub first: EntryId,
    /// Its last entry.
    pub last: EntryId,
    /// When its last entry was committed (the server's clock).
    pub last_committed: Timestamp,
}

/// A ledger stored in a PostgreSQL database, shared by any number of writers, each with its
/// own `PgStore` (in one process or many, on one machine or many).
///
/// Each `PgStore` keeps a replica of the ledger in memory ([`PgStore::ledger`]), loaded by
/// [`PgStore::open`] and brought up to date by [`PgStore::refresh`] and by every append.
///
/// # Writing
///
/// An append ([`append`](PgStore::append), [`extend`](PgStore::extend),
/// [`retract`](PgStore::retract)) is one transaction that
///
/// 1. takes the ledger's write lock (the row of the `meta` table, `SELECT ... FOR UPDATE`:
///    writers queue for it; the server releases it if the writer's process or connection
///    dies),
/// 2. catches up on the entries other writers committed since this replica last read,
///    checking each (sequence numbers contiguous, CRC-32C, wire form, id equal to the sequence
///    number, accepted by the ledger),
/// 3. validates the new entries against the caught-up replica, as [`Ledger::append`] does,
/// 4. inserts their rows, notifies listeners and commits.
///
/// So the committed order is one valid history: every rule of the ledger (no count negative
/// on any day, recorded time never going backwards, retractions) holds across all writers,
/// and a writer that lost a race gets the ledger's error against the current state (the entry
/// now drives a count negative because someone else recorded a loss first). A rejected append
/// leaves the database (and the replica) unchanged.
///
/// An append that returned `Ok` is committed. If the commit itself fails, the replica rolls
/// the entries back; if the connection was lost during the commit (closed, or ended by the
/// server with a `FATAL` error such as `57P01` during a shutdown, which can come after the
/// commit landed), the store reconnects once and looks for the append's token under the
/// write lock: found, the append did commit and
/// returns `Ok`; absent, it did not and the error is returned. If the outcome cannot be
/// learned, [`PgError::CommitUnknown`] carries the token for [`PgStore::committed`]; the next
/// [`refresh`](PgStore::refresh) loads the entries if they landed. After any connection error
/// the next operation reconnects.
///
/// # Reading
///
/// [`PgStore::open`] loads the newest valid checkpoint and streams the entries after it;
/// [`PgStore::refresh`] loads those committed since;
/// [`PgStore::wait_for_commits`] waits for a commit (`LISTEN`/`NOTIFY`) and loads it.
/// [`PgStore::snapshot`] is an O(1) read snapshot for other threads, as for [`Journal`].
///
/// # Checkpoints
///
/// A checkpoint is the replica's state after the first `n` entries, stored in the database
/// (the journal checkpoint's binary form, CRC-32C'd), tied to those entries by the CRC-32C of
/// entry `n - 1`'s stored line and the ledger's creation time. [`PgStore::checkpoint`] stores
/// one; writers store one every [`PgOptions::checkpoint_every`] entries. Opening uses the
/// newest one that is intact, of this build's format and matches the entries; one that does
/// not is ignored, with its reason in [`PgStore::checkpoint_status`], and an older one (or
/// every entry) is read instead. The entries a checkpoint covers are not checked row by row
/// on opening: [`PgOptions::load_checkpoints`]`(false)` reads and checks every entry.
///
/// # Security
///
/// No TLS yet (see the [module documentation](self)). The schema name is checked to be a plain
/// identifier; every value goes to the server as a query parameter.
///
/// # Example
///
/// ```no_run
/// use materiel::postgres::{PgOptions, PgStore};
/// use materiel::{Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
///
/// let url = "postgres://analyst:secret@db.example/osint";
/// // Two analysts on one ledger, each with a store of their own.
/// let mut alice = PgStore::open(url, &PgOptions::new().schema("venezuela").writer("alice"))?;
/// let mut bob = PgStore::open(url, &PgOptions::new().schema("venezuela").writer("bob"))?;
/// alice.append(NewEntry::new(
///     "VEN".parse()?,
///     PlatformRef::catalog("su-30mk2")?,
///     EffectiveDate::year(2006)?,
///     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
///     Source::new("illustrative report", "B2".parse()?)?,
///     jiff::Timestamp::now(),
/// ))?;
/// assert_eq!(bob.refresh()?, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PgStore {
    config: Config,
    client: Option<Client>,
    schema: String,
    /// The quoted schema name, for SQL text.
    quoted: String,
    writer: String,
    ledger: Arc<Ledger>,
    /// Whether the current connection has issued `LISTEN`.
    listening: bool,
    /// [`PgOptions::checkpoint_every`].
    checkpoint_every: u64,
    /// What opening did with the stored checkpoints.
    checkpoint_status: PgCheckpointStatus,
    /// The failure of the last automatic checkpoint, until one succeeds.
    checkpoint_error: Option<PgError>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("schema", &self.schema)
            .field("writer", &self.writer)
            .field("entries", &self.ledger.len())
            .field("connected", &self.client.is_some())
            .finish_non_exhaustive()
    }
}

/// One stored entry as read: its sequence number and line.
type Row = (i64, String);

/// Inserts entries (the first id, the entries) and commits: what a write's validation calls.
type Commit<'a> = Box<dyn FnOnce(u64, &[NewEntry]) -> Result<(), PgError> + 'a>;

impl PgStore {
    /// Creates a new, empty ledger over `catalog` in the schema named by `options` of the
    /// database at `url` (a `postgres://user:password@host/db` URL or a `key=value`
    /// connection string): creates the schema and its tables if needed and stores the catalog,
    /// so every writer validates against the same one.
    ///
    /// # Errors
    ///
    /// [`PgError::Exists`] if the schema already holds a ledger; [`PgError::SchemaTooNew`];
    /// [`PgError::Url`], [`PgError::SchemaName`], [`PgError::Db`].
    ///
    /// # Example
    ///
    /// ```no_run
    /// use materiel::postgres::{PgError, PgOptions, PgStore};
    /// use materiel::Catalog;
    /// let url = "postgres://analyst:secret@db.example/osint";
    /// let options = PgOptions::new().schema("venezuela");
    /// let store = PgStore::create(url, Catalog::reference(), &options)?;
    /// assert!(store.is_empty());
    /// // A second create on the same schema is refused.
    /// assert!(matches!(PgStore::create(url, Catalog::reference(), &options), Err(PgError::Exists { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create(url: &str, catalog: Catalog, options: &PgOptions) -> Result<Self, PgError> {
        let mut store = Self::connect(url, options, Ledger::new(catalog))?;
        store.create_meta()?;
        Ok(store)
    }

    /// Opens the ledger in the schema named by `options` of the database at `url`: reads its
    /// catalog (migrating an older database schema first), loads the newest stored checkpoint
    /// that is intact and matches the stored entries (see [checkpoints](PgStore#checkpoints)),
    /// then reads the entries after it, checking each; without a usable checkpoint, every
    /// entry. [`PgStore::checkpoint_status`] tells which, and why checkpoints were ignored.
    ///
    /// # Errors
    ///
    /// [`PgError::NoLedger`] if the schema holds none; [`PgError::SchemaTooNew`],
    /// [`PgError::WireVersion`], [`PgError::Catalog`]; a damaged stored entry is
    /// [`PgError::Sequence`], [`PgError::Corrupt`] or [`PgError::Rejected`], naming its
    /// sequence number; [`PgError::Url`], [`PgError::SchemaName`], [`PgError::Db`].
    ///
    /// # Example
    ///
    /// ```no_run
    /// use materiel::postgres::{PgOptions, PgStore};
    /// use materiel::AsOf;
    /// let store = PgStore::open("postgres://analyst:secret@db.example/osint", &PgOptions::new().schema("venezuela"))?;
    /// let holdings = store.ledger().holdings(&"VEN".parse()?, &AsOf::latest());
    /// println!("{} platforms, {} entries", holdings.len(), store.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(url: &str, options: &PgOptions) -> Result<Self, PgError> {
        // The catalog is read from the database below.
        let mut store = Self::connect(url, options, Ledger::new(Catalog::default()))?;
        let catalog = store.read_meta()?;
        let mut ledger = None;
        if options.load_checkpoints {
            let (schema, quoted) = (store.schema.clone(), store.quoted.clone());
            let (loaded, status) = checkpoint::load(store.client()?, &schema, &quoted, &catalog)?;
            ledger = loaded;
            store.checkpoint_status = status;
        }
        store.ledger = Arc::new(ledger.unwrap_or_else(|| Ledger::new(catalog)));
        store.refresh()?;
        Ok(store)
    }

    /// Copies the journal at `journal` into a new ledger in the schema named by `options`
    /// (created as by [`PgStore::create`] over `catalog`): its entry lines are stored byte for
    /// byte, in one transaction. The journal is replayed first (so a damaged journal copies
    /// nothing) and must have no torn tail (repair it with [`Journal::repair`] first).
    ///
    /// # Errors
    ///
    /// [`PgError::Journal`] for a journal that cannot be read or replayed or has a torn tail
    /// ([`JournalError::NeedsRepair`](crate::journal::JournalError::NeedsRepair)); then as
    /// [`PgStore::create`]. On error the schema holds no ledger.
    ///
    /// # Example
    ///
    /// ```no_run
    /// use materiel::postgres::{PgOptions, PgStore};
    /// use materiel::Catalog;
    /// let store = PgStore::copy_from_journal("ven.journal", Catalog::reference(),
    ///     "postgres://analyst:secret@db.example/osint", &PgOptions::new().schema("venezuela"))?;
    /// println!("copied {} entries", store.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn copy_from_journal(
        journal: impl AsRef<Path>,
        catalog: Catalog,
        url: &str,
        options: &PgOptions,
    ) -> Result<Self, PgError> {
        let path = journal.as_ref();
        let epath = journal::ErrorPath::file(path);
        // Opening locks the journal against writers for the copy, and refuses a torn tail.
        let opened = Journal::open(path, catalog.clone(), &JournalOptions::new())?;
        if let Some(recovery) = opened.recovery() {
            return Err(journal::JournalError::NeedsRepair {
                path: epath,
                recovery: recovery.clone(),
            }
            .into());
        }
        let mut store = Self::connect(url, options, Ledger::new(catalog))?;
        let (schema, quoted) = (store.schema.clone(), store.quoted.clone());
        let writer = store.writer.clone();
        let token = new_token();
        let catalog_json = store.ledger.catalog().to_json();
        let entries = opened.ledger().len() as u64;
        {
            let client = store.client()?;
            schema::migrate(client, &schema)?;
            let mut tx = begin(client, &schema)?;
            insert_meta(&mut tx, &quoted, &schema, &catalog_json)?;
            let file =
                std::fs::File::open(path).map_err(|e| journal::io_err(&epath, "open", 0, e))?;
            let mut lines =
                std::io::BufRead::split(std::io::BufReader::with_capacity(1 << 16, file), b'\n');
            // The header, checked by opening.
            lines.next();
            let mut copy = CopyRows::new(&mut tx, &quoted, &schema, &writer, &token)?;
            for (seq, entry) in (0u64..).zip(opened.ledger().entries()) {
                let line = match lines.next() {
                    Some(Ok(line)) => line,
                    Some(Err(e)) => return Err(journal::io_err(&epath, "read", 0, e).into()),
                    None => {
                        let e = std::io::Error::new(
                            std::io::ErrorKind::UnexpectedEof,
                            "the journal is shorter than when it was opened",
                        );
                        return Err(journal::io_err(&epath, "read", 0, e).into());
                    }
                };
                copy.row(seq, entry.recorded(), &line)?;
            }
            copy.finish()?;
            notify(&mut tx, &schema, entries)?;
            tx.commit().map_err(|source| PgError::Db {
                schema: schema.clone(),
                op: "commit",
                source,
            })?;
        }
        store.ledger = Arc::new(opened.into_ledger());
        Ok(store)
    }

    /// Writes the ledger's entries, as this store's replica holds them, to a new journal file
    /// at `path`: each entry's stored line byte for byte, after the journal header; synced
    /// before it appears at `path`. Returns the number of entries written.
    ///
    /// # Errors
    ///
    /// [`PgError::Journal`] if a file is already at `path`
    /// ([`JournalError::Exists`](crate::journal::JournalError::Exists)) or writing fails;
    /// [`PgError::Corrupt`], [`PgError::Sequence`] if a stored line is damaged (nothing is
    /// then left at `path`); [`PgError::Db`].
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// use materiel::journal::{Journal, JournalOptions};
    /// let written = store.write_journal("ven-archive.journal")?;
    /// // The journal holds no catalog: open it with the store's.
    /// let copy = Journal::open("ven-archive.journal", store.ledger().catalog().clone(), &JournalOptions::new())?;
    /// assert_eq!(copy.ledger().len() as u64, written);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_journal(&mut self, path: impl AsRef<Path>) -> Result<u64, PgError> {
        let r = self.write_journal_inner(path.as_ref());
        self.after(r)
    }

    fn write_journal_inner(&mut self, path: &Path) -> Result<u64, PgError> {
        let count = self.ledger.len() as u64;
        let ledger = Ledger::clone(&self.ledger);
        let schema = self.schema.clone();
        let sql = format!(
            "SELECT seq, line FROM {}.entries WHERE seq < $1 ORDER BY seq",
            self.quoted
        );
        let client = self.client()?;
        let db = |op| {
            let schema = schema.clone();
            move |source| PgError::Db { schema, op, source }
        };
        let limit = count as i64;
        let mut rows = client
            .query_raw(&sql, [&limit as &(dyn postgres::types::ToSql + Sync)])
            .map_err(db("read entries"))?;
        let mut failure: Option<PgError> = None;
        let mut expected = 0u64;
        let mut lines = std::iter::from_fn(|| {
            if failure.is_some() {
                return None;
            }
            let next = rows.next().map_err(db("read entries")).and_then(|row| {
                row.map(|row| -> Result<Row, PgError> {
                    Ok((
                        row.try_get(0).map_err(db("read entries"))?,
                        row.try_get(1).map_err(db("read entries"))?,
                    ))
                })
                .transpose()
            });
            let checked = next.and_then(|row| {
                let Some((seq, line)) = row else {
                    return Ok(None);
                };
                if seq != expected as i64 {
                    return Err(PgError::Sequence {
                        schema: schema.clone(),
                        expected,
                        found: seq,
                    });
                }
                codec::verify_entry_line(line.as_bytes()).map_err(|e| PgError::Corrupt {
                    schema: schema.clone(),
                    seq: expected,
                    reason: e.to_string(),
                })?;
                expected += 1;
                Ok(Some(line.into_bytes()))
            });
            match checked {
                Ok(line) => line.map(Ok),
                Err(e) => {
                    failure = Some(e);
                    // Abort the journal: it must not appear with a partial body.
                    Some(Err(journal::JournalError::Header {
                        path: journal::ErrorPath::file(path),
                        reason: "copy from the database failed".to_owned(),
                    }))
                }
            }
        });
        let written = Journal::create_with(path, ledger, &mut lines, &JournalOptions::new());
        if let Some(e) = failure {
            return Err(e);
        }
        written?;
        if expected != count {
            // Entries vanished from the database: it is append-only, so only by tampering.
            let _ = std::fs::remove_file(path);
            return Err(PgError::Sequence {
                schema,
                expected,
                found: -1,
            });
        }
        Ok(count)
    }

    /// Validates `entry` against the ledger caught up with every committed entry, commits it,
    /// and returns its id (its sequence number in the database). See
    /// [writing](PgStore#writing).
    ///
    /// # Errors
    ///
    /// - [`PgError::Ledger`]: the ledger rejected the entry; nothing was written.
    /// - [`PgError::Codec`]: the entry's line would be longer than the line limit
    ///   ([`DEFAULT_MAX_LINE_BYTES`]); nothing was written.
    /// - [`PgError::Sequence`], [`PgError::Corrupt`], [`PgError::Rejected`]: catching up found
    ///   a damaged stored entry; nothing was written.
    /// - [`PgError::Db`]: the database failed; nothing was committed.
    /// - [`PgError::CommitUnknown`]: the connection was lost while committing and the outcome
    ///   could not be learned.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// # use materiel::{Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let delivery = |year| -> Result<NewEntry, Box<dyn std::error::Error>> { Ok(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("illustrative report", "B2".parse()?)?, jiff::Timestamp::now())) };
    /// let id = store.append(delivery(2006)?)?;
    /// assert_eq!(store.ledger().get(id).map(|e| e.id()), Some(id));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn append(&mut self, entry: NewEntry) -> Result<EntryId, PgError> {
        let range = self.write(|ledger, insert| {
            ledger
                .append_then(entry, |id, e| insert(id.get(), std::slice::from_ref(e)))
                .map(|id| id.get()..id.get() + 1)
        })?;
        self.auto_checkpoint(&range);
        Ok(EntryId::new(range.start))
    }

    /// Validates a batch against the caught-up ledger as [`Ledger::extend`] does and commits
    /// it in one transaction, all or nothing; returns the range of its ids.
    ///
    /// # Errors
    ///
    /// As [`PgStore::append`], with [`PgError::Batch`] naming the rejected entry.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// # use materiel::{Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let delivery = |year| -> Result<NewEntry, Box<dyn std::error::Error>> { Ok(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("illustrative report", "B2".parse()?)?, jiff::Timestamp::now())) };
    /// // One transaction: both entries or neither.
    /// let ids = store.extend([delivery(2006)?, delivery(2008)?])?;
    /// assert_eq!(ids.end - ids.start, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn extend(
        &mut self,
        entries: impl IntoIterator<Item = NewEntry>,
    ) -> Result<Range<u64>, PgError> {
        let entries: Vec<NewEntry> = entries.into_iter().collect();
        let range = self.write(|ledger, insert| {
            ledger.extend_then(entries, |start, entries| insert(start, entries))
        })?;
        self.auto_checkpoint(&range);
        Ok(range)
    }

    /// After a committed write of `range`: stores a checkpoint if the write crossed a
    /// multiple of the interval, keeping the failure for [`PgStore::checkpoint_error`].
    fn auto_checkpoint(&mut self, range: &Range<u64>) {
        let every = self.checkpoint_every;
        if every == 0 || range.end / every == range.start / every {
            return;
        }
        let r = self.store_checkpoint();
        self.checkpoint_error = self.after(r).err();
    }

    /// Refreshes the replica, then stores its checkpoint in the database (the `checkpoints`
    /// table), so that [`PgStore::open`] reads only the entries after it; returns the entries
    /// it covers (0 for an empty ledger, which stores nothing). It takes no write lock: a
    /// checkpoint is a function of the entries it covers, so two stores checkpointing the same
    /// entries store one. The newest three checkpoints are kept, older ones deleted (they are
    /// derived: the entries stay).
    ///
    /// Writers store one automatically every [`PgOptions::checkpoint_every`] entries.
    ///
    /// # Errors
    ///
    /// As [`PgStore::refresh`]; [`PgError::Db`].
    ///
    /// # Example
    ///
    /// ```no_run
    /// use materiel::postgres::{PgOptions, PgStore};
    ///
    /// let url = "postgres://analyst:secret@db.example/osint";
    /// let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// let covered = store.checkpoint()?;
    /// // The next reader loads the checkpoint, then only the entries after it.
    /// let reader = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// assert!(reader.checkpoint_status().loaded() >= Some(covered));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checkpoint(&mut self) -> Result<u64, PgError> {
        let r = self.refresh_inner().and_then(|_| self.store_checkpoint());
        self.after(r)
    }

    fn store_checkpoint(&mut self) -> Result<u64, PgError> {
        let Self {
            client,
            config,
            schema,
            quoted,
            writer,
            ledger,
            listening,
            ..
        } = self;
        let client = connected(client, config, schema, listening)?;
        checkpoint::store(client, schema, quoted, writer, ledger)
    }

    /// What [`PgStore::open`] did with the stored checkpoints: which one it loaded, and why
    /// newer ones were ignored. [`PgCheckpointStatus::Absent`] for a store created or copied
    /// rather than opened.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// if let Some(covered) = store.checkpoint_status().loaded() {
    ///     println!("started from a checkpoint of {covered} entries");
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checkpoint_status(&self) -> &PgCheckpointStatus {
        &self.checkpoint_status
    }

    /// Why the last automatic checkpoint ([`PgOptions::checkpoint_every`]) failed, if it did;
    /// cleared by the next automatic checkpoint that succeeds. The append that triggered it
    /// had committed.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// # use materiel::{Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let delivery = |year| -> Result<NewEntry, Box<dyn std::error::Error>> { Ok(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("illustrative report", "B2".parse()?)?, jiff::Timestamp::now())) };
    /// store.append(delivery(2006)?)?;
    /// if let Some(e) = store.checkpoint_error() {
    ///     eprintln!("the entry committed, but the automatic checkpoint failed: {e}");
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checkpoint_error(&self) -> Option<&PgError> {
        self.checkpoint_error.as_ref()
    }

    /// Withdraws entry `target` (see [`Ledger::retract`]): catches up, builds the retraction
    /// with [`Ledger::retraction`] and appends it.
    ///
    /// # Errors
    ///
    /// As [`PgStore::append`]; an unknown target is
    /// [`LedgerError::UnknownEntry`](crate::LedgerError::UnknownEntry).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// use materiel::{EntryId, Source};
    /// let source = Source::new("desk review", "A1".parse()?)?;
    /// store.retract(EntryId::new(12), source, jiff::Timestamp::now(), Some("duplicate".into()))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn retract(
        &mut self,
        target: EntryId,
        source: Source,
        recorded: Timestamp,
        note: Option<String>,
    ) -> Result<EntryId, PgError> {
        self.refresh()?;
        let entry = self.ledger.retraction(target, source, recorded, note)?;
        self.append(entry)
    }

    /// Loads the entries committed (by anyone) since this replica last read; returns how many.
    ///
    /// # Errors
    ///
    /// [`PgError::Sequence`], [`PgError::Corrupt`], [`PgError::Rejected`] naming the first
    /// damaged entry; the replica then holds a prefix of the entries before it (loading goes
    /// by batches of up to 4096); [`PgError::Db`].
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// let new = store.refresh()?;
    /// println!("{new} entries committed by others since the last read");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn refresh(&mut self) -> Result<usize, PgError> {
        let r = self.refresh_inner();
        self.after(r)
    }

    fn refresh_inner(&mut self) -> Result<usize, PgError> {
        let Self {
            client,
            config,
            schema,
            quoted,
            ledger,
            listening,
            ..
        } = self;
        let client = connected(client, config, schema, listening)?;
        catch_up(client, Arc::make_mut(ledger), schema, quoted)
    }

    /// Waits up to `timeout` for other writers to commit, then loads what they committed;
    /// returns how many entries were loaded (0 when none came in time). Entries committed
    /// before the call and not yet loaded are loaded at once. It listens for the
    /// notifications appends send (`LISTEN`), so it wakes as soon as a commit lands.
    ///
    /// # Errors
    ///
    /// As [`PgStore::refresh`].
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// use std::time::Duration;
    /// // Follow the ledger for ten rounds of up to 30 s each.
    /// for _ in 0..10 {
    ///     let new = store.wait_for_commits(Duration::from_secs(30))?;
    ///     if new > 0 {
    ///         println!("{new} new entries; the ledger now holds {}", store.len());
    ///     }
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_for_commits(&mut self, timeout: Duration) -> Result<usize, PgError> {
        let r = self.wait_inner(timeout);
        self.after(r)
    }

    fn wait_inner(&mut self, timeout: Duration) -> Result<usize, PgError> {
        let deadline = Instant::now() + timeout;
        let channel = channel(&self.schema);
        let schema = self.schema.clone();
        let db = |op| {
            let schema = schema.clone();
            move |source| PgError::Db { schema, op, source }
        };
        if !self.listening {
            let client = self.client()?;
            client
                .batch_execute(&format!("LISTEN \"{channel}\""))
                .map_err(db("listen"))?;
            self.listening = true;
        }
        loop {
            // Notifications already queued are for commits the refresh below loads.
            {
                let client = self.client()?;
                let mut notes = client.notifications();
                while notes
                    .iter()
                    .next()
                    .map_err(db("read notifications"))?
                    .is_some()
                {}
            }
            let loaded = self.refresh_inner()?;
            if loaded > 0 {
                return Ok(loaded);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(0);
            }
            let client = self.client()?;
            let mut notes = client.notifications();
            if notes
                .timeout_iter(left)
                .next()
                .map_err(db("wait for notifications"))?
                .is_none()
            {
                return Ok(0);
            }
        }
    }

    /// Whether the append that carried `token` (from [`PgError::CommitUnknown`]) was
    /// committed: the range of its entries' ids, or `None`. It waits for the ledger's write
    /// lock first, so a commit still in flight has landed or failed by the time it answers.
    ///
    /// # Errors
    ///
    /// [`PgError::Db`] (the outcome is still unknown then).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// # use materiel::{Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let delivery = |year| -> Result<NewEntry, Box<dyn std::error::Error>> { Ok(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("illustrative report", "B2".parse()?)?, jiff::Timestamp::now())) };
    /// use materiel::postgres::PgError;
    /// match store.append(delivery(2006)?) {
    ///     Err(PgError::CommitUnknown { token, .. }) => match store.committed(&token)? {
    ///         Some(ids) => println!("it did commit, as entries {ids:?}"),
    ///         None => println!("it did not commit: append it again"),
    ///     },
    ///     other => { other?; }
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn committed(&mut self, token: &str) -> Result<Option<Range<u64>>, PgError> {
        let r = self.committed_inner(token);
        self.after(r)
    }

    fn committed_inner(&mut self, token: &str) -> Result<Option<Range<u64>>, PgError> {
        let schema = self.schema.clone();
        let sql = format!(
            "SELECT min(seq), count(*) FROM {}.entries WHERE token = $1",
            self.quoted
        );
        let quoted = self.quoted.clone();
        let client = self.client()?;
        let db = |op| {
            let schema = schema.clone();
            move |source| PgError::Db { schema, op, source }
        };
        let mut tx = begin(client, &schema)?;
        tx.batch_execute(&format!(
            "SET LOCAL lock_timeout = '{RESOLVE_LOCK_TIMEOUT}'"
        ))
        .map_err(db("look up a commit"))?;
        lock(&mut tx, &quoted, &schema)?;
        let row = tx
            .query_one(&sql, &[&token])
            .map_err(db("look up a commit"))?;
        let first: Option<i64> = row.try_get(0).map_err(db("look up a commit"))?;
        let count: i64 = row.try_get(1).map_err(db("look up a commit"))?;
        tx.rollback().map_err(db("look up a commit"))?;
        Ok(first.map(|first| first as u64..(first + count) as u64))
    }

    /// Who wrote the entries of the replica: one summary per writer identity, in order of
    /// their first entry. It refreshes the replica first, then counts the entries below its
    /// [`sequence`](PgStore::sequence), so the counts add up to [`PgStore::len`].
    ///
    /// # Errors
    ///
    /// As [`PgStore::refresh`]; [`PgError::Db`].
    ///
    /// # Example
    ///
    /// ```no_run
    /// use materiel::postgres::{PgOptions, PgStore};
    ///
    /// let url = "postgres://analyst:secret@db.example/osint";
    /// let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// for w in store.writers()? {
    ///     println!(
    ///         "{}: {} entries ({}..{}), last commit {}",
    ///         w.writer, w.entries, w.first, w.last, w.last_committed
    ///     );
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn writers(&mut self) -> Result<Vec<WriterSummary>, PgError> {
        let r = self.refresh_inner().and_then(|_| self.writers_inner());
        self.after(r)
    }

    fn writers_inner(&mut self) -> Result<Vec<WriterSummary>, PgError> {
        let schema = self.schema.clone();
        let below = self.sequence() as i64;
        let sql = format!(
            "SELECT writer, count(*), min(seq), max(seq),
                    (extract(epoch FROM max(committed_at)) * 1000000)::bigint
             FROM {}.entries WHERE seq < $1 GROUP BY writer ORDER BY min(seq)",
            self.quoted
        );
        let db = |source| PgError::Db {
            schema: schema.clone(),
            op: "list writers",
            source,
        };
        let rows = self.client()?.query(&sql, &[&below]).map_err(db)?;
        rows.iter()
            .map(|row| {
                let micros: i64 = row.try_get(4).map_err(db)?;
                let last_committed =
                    Timestamp::from_microsecond(micros).map_err(|e| PgError::Corrupt {
                        schema: schema.clone(),
                        seq: 0,
                        reason: format!("commit time out of range: {e}"),
                    })?;
                Ok(WriterSummary {
                    writer: row.try_get(0).map_err(db)?,
                    entries: row.try_get::<_, i64>(1).map_err(db)? as u64,
                    first: EntryId::new(row.try_get::<_, i64>(2).map_err(db)? as u64),
                    last: EntryId::new(row.try_get::<_, i64>(3).map_err(db)? as u64),
                    last_committed,
                })
            })
            .collect()
    }

    /// The ledger replica: every entry loaded so far.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// use materiel::AsOf;
    /// let lot = store.ledger().lot(&"VEN".parse()?, &materiel::PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// println!("{} in service", lot.in_service());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// A shared read snapshot of the replica as it is now: O(1); the next change then clones
    /// the ledger once.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// let snapshot = store.snapshot();
    /// // Queries on another thread while this one goes on appending.
    /// let reader = std::thread::spawn(move || snapshot.len());
    /// store.refresh()?;
    /// let _ = reader.join();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn snapshot(&self) -> Arc<Ledger> {
        Arc::clone(&self.ledger)
    }

    /// The replica, closing the connection.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// let ledger = store.into_ledger();
    /// println!("{} entries", ledger.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_ledger(self) -> Ledger {
        Arc::unwrap_or_clone(self.ledger)
    }

    /// The writer identity stored with this store's entries.
    ///
    /// # Example
    ///
    /// ```no_run
    /// use materiel::postgres::{PgOptions, PgStore};
    /// let options = PgOptions::new().schema("venezuela").writer("alice@desk");
    /// let store = PgStore::open("postgres://analyst:secret@db.example/osint", &options)?;
    /// assert_eq!(store.writer(), "alice@desk");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn writer(&self) -> &str {
        &self.writer
    }

    /// The PostgreSQL schema holding the ledger.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// assert_eq!(store.schema(), "venezuela");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// How many entries the replica holds.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// println!("{} entries loaded", store.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.ledger.len()
    }

    /// Whether the replica holds no entry.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// if store.is_empty() {
    ///     println!("nothing recorded yet");
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.ledger.is_empty()
    }

    /// The sequence number the next entry loaded or appended will have (the replica's
    /// length).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// // The id the next entry committed (by anyone) will get, as far as this replica knows.
    /// assert_eq!(store.sequence(), store.len() as u64);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sequence(&self) -> u64 {
        self.ledger.len() as u64
    }

    // -----------------------------------------------------------------------------------------

    fn connect(url: &str, options: &PgOptions, ledger: Ledger) -> Result<Self, PgError> {
        let config = driver_config(url, options)?;
        let schema = options.schema_name().to_owned();
        if !schema::valid_name(&schema) {
            return Err(PgError::SchemaName { name: schema });
        }
        let mut store = Self {
            config,
            client: None,
            quoted: schema::quoted(&schema),
            schema,
            writer: options.writer_identity(),
            ledger: Arc::new(ledger),
            listening: false,
            checkpoint_every: options.checkpoint_every,
            checkpoint_status: PgCheckpointStatus::Absent,
            checkpoint_error: None,
        };
        store.client()?;
        Ok(store)
    }

    /// The connection, made anew if there is none.
    fn client(&mut self) -> Result<&mut Client, PgError> {
        connected(
            &mut self.client,
            &self.config,
            &self.schema,
            &mut self.listening,
        )
    }

    /// Drops the connection after an error that leaves it unusable.
    fn after<T>(&mut self, r: Result<T, PgError>) -> Result<T, PgError> {
        if let Err(e) = &r
            && e.connection_lost()
        {
            self.client = None;
            self.listening = false;
        }
        r
    }

    fn create_meta(&mut self) -> Result<(), PgError> {
        let (schema, quoted) = (self.schema.clone(), self.quoted.clone());
        let catalog_json = self.ledger.catalog().to_json();
        let client = self.client()?;
        schema::migrate(client, &schema)?;
        let mut tx = begin(client, &schema)?;
        insert_meta(&mut tx, &quoted, &schema, &catalog_json)?;
        tx.commit().map_err(|source| PgError::Db {
            schema,
            op: "commit",
            source,
        })
    }

    fn read_meta(&mut self) -> Result<Catalog, PgError> {
        let (schema, quoted) = (self.schema.clone(), self.quoted.clone());
        let client = self.client()?;
        let db = |source| PgError::Db {
            schema: schema.clone(),
            op: "read meta",
            source,
        };
        match schema::version(client, &schema)? {
            None => {
                return Err(PgError::NoLedger { schema });
            }
            Some(v) if v > SCHEMA_VERSION => {
                return Err(PgError::SchemaTooNew {
                    schema,
                    found: v,
                    supported: SCHEMA_VERSION,
                });
            }
            Some(v) if v < SCHEMA_VERSION => schema::migrate(client, &schema)?,
            Some(_) => {}
        }
        let rows = client
            .query(
                &format!("SELECT catalog::text, wire_version FROM {quoted}.meta"),
                &[],
            )
            .map_err(db)?;
        let Some(row) = rows.first() else {
            return Err(PgError::NoLedger { schema });
        };
        let catalog: String = row.try_get(0).map_err(db)?;
        let wire: i32 = row.try_get(1).map_err(db)?;
        if i64::from(wire) != i64::from(JOURNAL_VERSION) {
            return Err(PgError::WireVersion {
                schema,
                found: wire,
                supported: JOURNAL_VERSION,
            });
        }
        Catalog::from_json(&catalog).map_err(|source| PgError::Catalog { schema, source })
    }

    /// One write transaction: lock, catch up, then `apply` validates the entries against the
    /// replica and calls the insert-and-commit closure it is given.
    fn write(
        &mut self,
        apply: impl FnOnce(&mut Ledger, Commit<'_>) -> Result<Range<u64>, PgError>,
    ) -> Result<Range<u64>, PgError> {
        let token = new_token();
        let r = self.write_once(&token, apply);
        let r = match r {
            Err(e @ PgError::Db { op: "commit", .. }) if e.connection_lost() => {
                self.client = None;
                self.listening = false;
                self.resolve(&token, e)
            }
            r => r,
        };
        self.after(r)
    }

    fn write_once(
        &mut self,
        token: &str,
        apply: impl FnOnce(&mut Ledger, Commit<'_>) -> Result<Range<u64>, PgError>,
    ) -> Result<Range<u64>, PgError> {
        let Self {
            client,
            config,
            schema,
            quoted,
            writer,
            ledger,
            listening,
            ..
        } = self;
        let client = connected(client, config, schema, listening)?;
        let mut tx = begin(client, schema)?;
        let ledger = Arc::make_mut(ledger);
        lock(&mut tx, quoted, schema)?;
        catch_up(&mut tx, ledger, schema, quoted)?;
        let insert = move |start: u64, entries: &[NewEntry]| -> Result<(), PgError> {
            insert_entries(&mut tx, quoted, schema, writer, token, start, entries)?;
            notify(&mut tx, schema, start + entries.len() as u64)?;
            tx.commit().map_err(|source| PgError::Db {
                schema: schema.clone(),
                op: "commit",
                source,
            })
        };
        apply(ledger, Box::new(insert))
    }

    /// After a commit whose outcome is unknown: look the token up on a new connection.
    fn resolve(&mut self, token: &str, error: PgError) -> Result<Range<u64>, PgError> {
        match self.committed_inner(token) {
            Ok(Some(range)) => {
                self.refresh_inner()?;
                Ok(range)
            }
            Ok(None) => Err(error),
            Err(lookup) => Err(PgError::CommitUnknown {
                schema: self.schema.clone(),
                token: token.to_owned(),
                source: Box::new(lookup),
            }),
        }
    }
}

/// The driver's configuration for `url`: the connection string's own settings, and the
/// options' connect timeout where it sets none.
fn driver_config(url: &str, options: &PgOptions) -> Result<Config, PgError> {
    let mut config: Config = url.parse().map_err(|source| PgError::Url { source })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(options.connect_timeout);
    }
    Ok(config)
}

/// The notification channel of a schema.
fn channel(schema: &str) -> String {
    format!("materiel.{schema}")
}

/// `client`, connecting first if there is none (or it was closed).
fn connected<'c>(
    client: &'c mut Option<Client>,
    config: &Config,
    schema: &str,
    listening: &mut bool,
) -> Result<&'c mut Client, PgError> {
    if client.as_ref().is_some_and(Client::is_closed) {
        *client = None;
    }
    match client {
        Some(client) => Ok(client),
        None => {
            *listening = false;
            let made = config.connect(NoTls).map_err(|source| PgError::Db {
                schema: schema.to_owned(),
                op: "connect",
                source,
            })?;
            Ok(client.insert(made))
        }
    }
}

/// A read-committed transaction (each statement sees every commit before it, which the
/// catch-up after the lock relies on, whatever the server's default isolation).
fn begin<'c>(client: &'c mut Client, schema: &str) -> Result<Transaction<'c>, PgError> {
    client
        .build_transaction()
        .isolation_level(IsolationLevel::ReadCommitted)
        .start()
        .map_err(|source| PgError::Db {
            schema: schema.to_owned(),
            op: "begin transaction",
            source,
        })
}

/// Takes the ledger's write lock (the `meta` row) for the transaction.
fn lock(tx: &mut Transaction<'_>, quoted: &str, schema: &str) -> Result<(), PgError> {
    let rows = tx
        .query(
            &format!("SELECT wire_version FROM {quoted}.meta FOR UPDATE"),
            &[],
        )
        .map_err(|source| PgError::Db {
            schema: schema.to_owned(),
            op: "take the write lock",
            source,
        })?;
    if rows.is_empty() {
        return Err(PgError::NoLedger {
            schema: schema.to_owned(),
        });
    }
    Ok(())
}

fn insert_meta(
    tx: &mut Transaction<'_>,
    quoted: &str,
    schema: &str,
    catalog_json: &str,
) -> Result<(), PgError> {
    let db = |source| PgError::Db {
        schema: schema.to_owned(),
        op: "create ledger",
        source,
    };
    let wire = JOURNAL_VERSION as i32;
    let inserted = tx
        .execute(
            &format!(
                "INSERT INTO {quoted}.meta (catalog, wire_version) VALUES ($1::text::json, $2)
                 ON CONFLICT (id) DO NOTHING"
            ),
            &[&catalog_json, &wire],
        )
        .map_err(db)?;
    let stray = tx
        .query_one(
            &format!("SELECT EXISTS (SELECT 1 FROM {quoted}.entries)"),
            &[],
        )
        .map_err(db)?
        .try_get::<_, bool>(0)
        .map_err(db)?;
    if inserted == 0 || stray {
        return Err(PgError::Exists {
            schema: schema.to_owned(),
        });
    }
    Ok(())
}

/// The recorded time as text for the derived `recorded_at` column, `None` before year 1 (the
/// column is for SQL users; the line is the truth).
fn recorded_text(t: Timestamp) -> Option<String> {
    (t.as_second() >= -62_135_596_800).then(|| t.to_string())
}

/// The line of `entry` with id `seq`, newline excluded, checked against the line limit.
fn line_of(seq: u64, entry: &NewEntry) -> Result<String, PgError> {
    let line = codec::bounded_entry_line(EntryId::new(seq), entry, DEFAULT_MAX_LINE_BYTES)?;
    String::from_utf8(line).map_err(|e| {
        PgError::Codec(CodecError::Encode {
            message: format!("entry line is not UTF-8: {e}"),
        })
    })
}

fn insert_entries(
    tx: &mut Transaction<'_>,
    quoted: &str,
    schema: &str,
    writer: &str,
    token: &str,
    start: u64,
    entries: &[NewEntry],
) -> Result<(), PgError> {
    if let [entry] = entries {
        let line = line_of(start, entry)?;
        let seq = start as i64;
        tx.execute(
            &format!(
                "INSERT INTO {quoted}.entries (seq, recorded_at, writer, token, line)
                 VALUES ($1, $2::text::timestamptz, $3, $4, $5)"
            ),
            &[
                &seq,
                &recorded_text(entry.recorded()),
                &writer,
                &token,
                &line,
            ],
        )
        .map_err(|source| PgError::Db {
            schema: schema.to_owned(),
            op: "insert entry",
            source,
        })?;
        return Ok(());
    }
    let mut copy = CopyRows::new(tx, quoted, schema, writer, token)?;
    for (seq, entry) in (start..).zip(entries) {
        copy.row(seq, entry.recorded(), line_of(seq, entry)?.as_bytes())?;
    }
    copy.finish()
}

/// Rows streamed into `entries` with `COPY ... FROM STDIN` (text format).
struct CopyRows<'a> {
    writer: postgres::CopyInWriter<'a>,
    buf: Vec<u8>,
    prefix: String,
    schema: &'a str,
}

impl<'a> CopyRows<'a> {
    fn new(
        tx: &'a mut Transaction<'_>,
        quoted: &str,
        schema: &'a str,
        writer: &str,
        token: &str,
    ) -> Result<Self, PgError> {
        let copy = tx
            .copy_in(&format!(
                "COPY {quoted}.entries (seq, recorded_at, writer, token, line) FROM STDIN"
            ))
            .map_err(|source| PgError::Db {
                schema: schema.to_owned(),
                op: "insert entries",
                source,
            })?;
        let mut prefix = String::new();
        copy_escape(&mut prefix, writer.as_bytes());
        prefix.push('\t');
        copy_escape(&mut prefix, token.as_bytes());
        prefix.push('\t');
        Ok(Self {
            writer: copy,
            buf: Vec::with_capacity(1 << 16),
            prefix,
            schema,
        })
    }

    fn row(&mut self, seq: u64, recorded: Timestamp, line: &[u8]) -> Result<(), PgError> {
        let mut text = String::with_capacity(line.len() + 128);
        let _ = write!(text, "{seq}\t");
        match recorded_text(recorded) {
            Some(t) => text.push_str(&t),
            None => text.push_str("\\N"),
        }
        text.push('\t');
        text.push_str(&self.prefix);
        copy_escape(&mut text, line);
        text.push('\n');
        self.buf.extend_from_slice(text.as_bytes());
        if self.buf.len() >= 1 << 16 {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), PgError> {
        let r = self.writer.write_all(&self.buf);
        self.buf.clear();
        r.map_err(
            |e| match e.into_inner().map(|e| e.downcast::<postgres::Error>()) {
                // The writer's errors are the driver's, wrapped.
                Some(Ok(source)) => PgError::Db {
                    schema: self.schema.to_owned(),
                    op: "insert entries",
                    source: *source,
                },
                Some(Err(other)) => PgError::Send {
                    schema: self.schema.to_owned(),
                    source: std::io::Error::other(other),
                },
                None => PgError::Send {
                    schema: self.schema.to_owned(),
                    source: std::io::Error::other("the connection refused the rows"),
                },
            },
        )
    }

    fn finish(mut self) -> Result<(), PgError> {
        self.flush()?;
        self.writer
            .finish()
            .map(|_| ())
            .map_err(|source| PgError::Db {
                schema: self.schema.to_owned(),
                op: "insert entries",
                source,
            })
    }
}

/// Appends `bytes` (UTF-8) to `out` escaped for `COPY`'s text format.
fn copy_escape(out: &mut String, bytes: &[u8]) {
    for ch in String::from_utf8_lossy(bytes).chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// Tells listeners that the ledger now has `len` entries (delivered on commit).
fn notify(tx: &mut Transaction<'_>, schema: &str, len: u64) -> Result<(), PgError> {
    tx.execute(
        "SELECT pg_notify($1, $2)",
        &[&channel(schema), &len.to_string()],
    )
    .map_err(|source| PgError::Db {
        schema: schema.to_owned(),
        op: "notify",
        source,
    })?;
    Ok(())
}

/// Anything that runs queries: a client or a transaction.
trait Query {
    fn rows_from(&mut self, sql: &str, from: i64)
    -> Result<postgres::RowIter<'_>, postgres::Error>;
}

impl Query for Client {
    fn rows_from(
        &mut self,
        sql: &str,
        from: i64,
    ) -> Result<postgres::RowIter<'_>, postgres::Error> {
        self.query_raw(sql, [&from as &(dyn postgres::types::ToSql + Sync)])
    }
}

impl Query for Transaction<'_> {
    fn rows_from(
        &mut self,
        sql: &str,
        from: i64,
    ) -> Result<postgres::RowIter<'_>, postgres::Error> {
        self.query_raw(sql, [&from as &(dyn postgres::types::ToSql + Sync)])
    }
}

/// Loads the entries with `seq >= ledger.len()` into `ledger`, checking each; returns how
/// many. Entries are decoded and applied in batches ([`Ledger::extend`]).
fn catch_up(
    q: &mut impl Query,
    ledger: &mut Ledger,
    schema: &str,
    quoted: &str,
) -> Result<usize, PgError> {
    let db = |source| PgError::Db {
        schema: schema.to_owned(),
        op: "load entries",
        source,
    };
    let start = ledger.len() as u64;
    let sql = format!("SELECT seq, line FROM {quoted}.entries WHERE seq >= $1 ORDER BY seq");
    let mut rows = q.rows_from(&sql, start as i64).map_err(db)?;
    let mut batch: Vec<NewEntry> = Vec::with_capacity(LOAD_BATCH);
    let mut next = start;
    let mut batch_start = start;
    while let Some(row) = rows.next().map_err(db)? {
        let seq: i64 = row.try_get(0).map_err(db)?;
        let line: &str = row.try_get(1).map_err(db)?;
        if seq != next as i64 {
            apply(ledger, &mut batch, batch_start, schema)?;
            return Err(PgError::Sequence {
                schema: schema.to_owned(),
                expected: next,
                found: seq,
            });
        }
        let corrupt = |reason| PgError::Corrupt {
            schema: schema.to_owned(),
            seq: next,
            reason,
        };
        let decoded = codec::decode_entry_line(line.as_bytes())
            .map_err(|e| e.to_string())
            .and_then(|entry| {
            if entry.id().get() == next {
                Ok(entry)
            } else {
                Err(format!(
                    "the line carries id {}, not its sequence number (a line was moved or copied)",
                    entry.id()
                ))
            }
        });
        let entry = match decoded {
            Ok(entry) => entry,
            Err(reason) => {
                apply(ledger, &mut batch, batch_start, schema)?;
                return Err(corrupt(reason));
            }
        };
        batch.push(entry.into_content());
        next += 1;
        if batch.len() == LOAD_BATCH {
            apply(ledger, &mut batch, batch_start, schema)?;
            batch_start = next;
        }
    }
    apply(ledger, &mut batch, batch_start, schema)?;
    Ok((next - start) as usize)
}

/// Applies a batch of stored entries (the first with id `start`), all or none.
fn apply(
    ledger: &mut Ledger,
    batch: &mut Vec<NewEntry>,
    start: u64,
    schema: &str,
) -> Result<(), PgError> {
    let entries = std::mem::take(batch);
    ledger.extend(entries).map_err(|err| PgError::Rejected {
        schema: schema.to_owned(),
        seq: start + err.index as u64,
        source: err.error,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connect_timeout_applies_where_the_connection_string_sets_none() {
        let url = "postgres://analyst@db.example/osint";
        let config = driver_config(url, &PgOptions::new()).expect("a valid URL");
        assert_eq!(config.get_connect_timeout(), Some(&DEFAULT_CONNECT_TIMEOUT));
        let short = PgOptions::new().connect_timeout(Duration::from_secs(2));
        let config = driver_config(url, &short).expect("a valid URL");
        assert_eq!(config.get_connect_timeout(), Some(&Duration::from_secs(2)));
        // The connection string's own setting wins, in both forms.
        for own in [
            "postgres://analyst@db.example/osint?connect_timeout=3",
            "host=db.example user=analyst dbname=osint connect_timeout=3",
        ] {
            let config = driver_config(own, &short).expect("a valid connection string");
            assert_eq!(
                config.get_connect_timeout(),
                Some(&Duration::from_secs(3)),
                "{own}"
            );
        }
        assert!(matches!(
            driver_config("mysql://x", &short),
            Err(PgError::Url { .. })
        ));
    }
}
