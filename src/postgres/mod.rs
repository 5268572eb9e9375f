//! A ledger shared by many writers in a PostgreSQL database (feature `postgres`).
//!
//! * [`PgStore`] keeps a [`Ledger`] replica of a ledger stored in a PostgreSQL schema:
//!   [`PgStore::create`], [`PgStore::open`], [`PgStore::append`], [`PgStore::extend`],
//!   [`PgStore::retract`], [`PgStore::refresh`], [`PgStore::wait_for_commits`].
//! * [`PgStore::checkpoint`] stores a checkpoint of the ledger in the database, so that opening
//!   reads only the entries after it ([`PgCheckpointStatus`]); [`PgStore::writers`] summarizes
//!   who wrote what.
//! * [`PgStore::create_copy`] makes a new ledger in the database from any store's entry lines
//!   (a journal, a [`MemoryStore`](crate::store::MemoryStore), another database), byte for
//!   byte; [`PgStore::copy_from_journal`] and [`PgStore::write_journal`] copy a ledger from a
//!   journal file into a database and back.
//! * `PgStore` is a [`LedgerStore`], as the journal is: code written against the trait, or a
//!   [`DynStore`](crate::store::DynStore), works with either.
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

use std::ops::Range;
use std::sync::Arc;

use jiff::Timestamp;
use postgres::{Client, Config, IsolationLevel, NoTls, Transaction};

use crate::catalog::Catalog;
use crate::codec::JOURNAL_VERSION;
use crate::ledger::{EntryId, Ledger, NewEntry};
use crate::store::{EntryLines, LedgerStore};

mod checkpoint;
mod copy;
mod error;
mod listen;
mod options;
mod schema;
mod write;

pub use checkpoint::{IgnoredCheckpoint, PgCheckpointStatus};
pub use error::PgError;
pub use options::{DEFAULT_CHECKPOINT_EVERY, DEFAULT_CONNECT_TIMEOUT, DEFAULT_SCHEMA, PgOptions};

#[cfg(doc)]
use crate::journal::Journal;
use options::driver_config;

/// The database schema version this build creates and reads (newer ones are refused with
/// [`PgError::SchemaTooNew`]; older ones are migrated on opening).
pub const SCHEMA_VERSION: i32 = schema::SCHEMA_VERSION;

/// Entries decoded per batch while loading.
const LOAD_BATCH: usize = 4096;

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
}

/// `client`, connecting first if there is none (or it was closed).
pub(super) fn connected<'c>(
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
pub(super) fn begin<'c>(client: &'c mut Client, schema: &str) -> Result<Transaction<'c>, PgError> {
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

pub(super) fn insert_meta(
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

impl LedgerStore for PgStore {
    type Error = PgError;

    fn ledger(&self) -> &Ledger {
        &self.ledger
    }
    fn snapshot(&self) -> Arc<Ledger> {
        Arc::clone(&self.ledger)
    }
    fn append(&mut self, entry: NewEntry) -> Result<EntryId, PgError> {
        PgStore::append(self, entry)
    }
    fn extend(&mut self, entries: Vec<NewEntry>) -> Result<Range<u64>, PgError> {
        PgStore::extend(self, entries)
    }
    fn refresh(&mut self) -> Result<usize, PgError> {
        PgStore::refresh(self)
    }
    /// Every append is committed when it returns: nothing to do.
    fn sync(&mut self) -> Result<(), PgError> {
        Ok(())
    }
    fn checkpoint(&mut self) -> Result<u64, PgError> {
        PgStore::checkpoint(self)
    }
    fn checkpoint_failure(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.checkpoint_error
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + Send + Sync + 'static))
    }
    /// Other writers commit entries while this store is open.
    fn is_shared(&self) -> bool {
        true
    }
    /// The stored lines; they borrow the connection, so a connection lost while reading them
    /// is noticed (and replaced) by the next operation.
    fn entry_lines(&mut self) -> Result<EntryLines<'_, PgError>, PgError> {
        self.stored_lines()
    }
}
