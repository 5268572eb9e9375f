//! The durable journal (JSON Lines with checksums) and whole-ledger JSON snapshots.
//!
//! * [`Journal`] keeps a [`Ledger`] on disk: [`Journal::create`], [`Journal::open`],
//!   [`Journal::append`], [`Journal::retract`]. Its documentation states the
//!   [line format](Journal#line-format), the [durability](Journal#durability) guarantees of
//!   each [`Durability`] policy (set in [`JournalOptions`]), [crash
//!   recovery](Journal#crash-recovery) ([`Recovery`], [`Journal::repair`]) and the
//!   [concurrency model](Journal#concurrency).
//! * [`Journal::checkpoint`] writes a checkpoint next to the journal ([`checkpoint_path`]) so
//!   that opening replays only the lines after it; [`Journal::checkpoint_status`] says what
//!   opening did with it ([`CheckpointStatus`]). See [checkpoints](Journal#checkpoints).
//! * [`Journal::read`] reads a journal for queries, through its checkpoint, without a lock.
//! * [`JournalReader`] replays a journal from bytes fed in pieces, into a [`Replay`].
//! * [`Ledger::to_snapshot_json`] and [`Ledger::from_snapshot_json`] save and load a whole
//!   ledger; their failures are [`SnapshotError`]s.
//! * Every journal failure is a [`JournalError`] naming the line or the file ([`ErrorPath`],
//!   [`IoError`]); the format names and versions are [`JOURNAL_FORMAT`], [`JOURNAL_VERSION`],
//!   [`SNAPSHOT_FORMAT`] and [`SNAPSHOT_VERSION`].
//!
//! Design: the [`Journal`] owns its [`Ledger`] (behind an `Arc`, for copy-on-write read
//! snapshots). `Journal::append` validates and applies the entry to the ledger with
//! `Ledger::append_then`, which calls back to write the line and rolls the ledger back exactly
//! as for a rejected entry if the write fails: the ledger is never ahead of the file, and a
//! rejected entry never reaches the file. [`Journal::retract`] builds its entry with
//! [`Ledger::retraction`].

// Layers, for maintainers (ARCHITECTURE.md has the whole map):
//
// Each layer knows only the ones below it:
//
// 1. `frame` (private): checksummed JSON Lines frames, `{"crc32c":"<8 hex>","<key>":<payload>}`,
//    and the streaming, push-based frame reader that tells a torn tail from corruption. It
//    knows nothing of entries or ledgers.
// 2. `wire` (private): the versioned wire form of an entry (`EntryV1`): private serde
//    structs that spell out the version-1 JSON, converted to and from the public
//    `NewEntry` and `Entry`, so that the public types can change without changing the
//    bytes of a version-1 file.
// 3. The journal: `JournalReader` (frames -> wire entries -> `Ledger::append`) and
//    `Journal` (create, open, append, retract, sync, repair; durability and locking). A
//    file-system helper module (`fs`) holds temporary files, atomic replacement, directory
//    syncs and torn-tail side files.
// 4. Snapshots (`SnapshotError` and the `Ledger` snapshot methods), apart from the
//    journal: a JSON document whose entries are frames of the same wire form.
// 5. Checkpoints (`checkpoint`): the ledger's tables in binary, tied to the journal prefix
//    they cover; `Journal::open` goes through `checkpoint::open`.

use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;

use crate::catalog::Catalog;
use crate::ledger::{BatchError, EntryId, Ledger, LedgerError, NewEntry};
use crate::provenance::Source;

mod checkpoint;
mod fs;
mod replay;
mod snapshot;

use crate::codec::{self, CodecError};

pub use checkpoint::{CheckpointStatus, checkpoint_path};
pub use replay::JournalReader;
pub use snapshot::SnapshotError;

#[cfg(doc)]
use crate::ledger::Entry;

pub use crate::codec::{
    CHECKPOINT_VERSION, DEFAULT_MAX_LINE_BYTES, JOURNAL_FORMAT, JOURNAL_VERSION,
};
/// The `format` field of a ledger snapshot.
pub const SNAPSHOT_FORMAT: &str = "materiel-ledger-snapshot";
/// The snapshot format version this build writes and reads.
pub const SNAPSHOT_VERSION: u32 = 2;

// ---------------------------------------------------------------------------------------------
// Options, reports, errors.

/// When the journal asks the operating system to put appended lines on stable storage.
///
/// See [`Journal`'s durability section](Journal#durability).
///
/// # Example
///
/// ```
/// # use materiel::journal::{Journal, JournalOptions};
/// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
/// # let dir = tempfile::tempdir()?;
/// # let path = dir.path().join("ledger.journal");
/// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
/// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
/// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
/// use materiel::journal::Durability;
/// assert_eq!(Durability::default(), Durability::EveryEntry);
/// // Cheap appends, made durable together by `sync`.
/// let options = JournalOptions::new().durability(Durability::OnSync);
/// let mut journal = Journal::create(&path, Catalog::reference(), &options)?;
/// journal.append(delivery)?;
/// journal.sync()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Durability {
    /// `fdatasync` after every append, before `append` returns: an entry whose `append`
    /// returned `Ok` survives a crash or power loss (given honest storage).
    #[default]
    EveryEntry,
    /// Only on an explicit [`Journal::sync`]: appends are cheap, and a crash can lose any entry
    /// appended since the last successful `sync` (never an earlier one, never part of a line
    /// that is then taken for an entry).
    OnSync,
}

/// How to create or open a [`Journal`].
///
/// # Example
///
/// ```
/// use materiel::journal::{Durability, JournalOptions};
///
/// let options = JournalOptions::new()
///     .durability(Durability::OnSync)
///     .repair(true)
///     .max_line_bytes(64 * 1024);
/// assert!(options.repairs());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalOptions {
    durability: Durability,
    repair: bool,
    max_line_bytes: usize,
}

impl Default for JournalOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl JournalOptions {
    /// [`Durability::EveryEntry`], no repair, lines up to [`DEFAULT_MAX_LINE_BYTES`].
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{DEFAULT_MAX_LINE_BYTES, Durability, JournalOptions};
    /// let options = JournalOptions::new();
    /// assert_eq!(options, JournalOptions::default());
    /// assert_eq!(options.durability_policy(), Durability::EveryEntry);
    /// assert!(!options.repairs());
    /// assert_eq!(options.line_limit(), DEFAULT_MAX_LINE_BYTES);
    /// ```
    pub const fn new() -> Self {
        Self {
            durability: Durability::EveryEntry,
            repair: false,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
        }
    }
    /// Sets the durability policy.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{Durability, JournalOptions};
    /// let options = JournalOptions::new().durability(Durability::OnSync);
    /// assert_eq!(options.durability_policy(), Durability::OnSync);
    /// ```
    #[must_use]
    pub const fn durability(mut self, durability: Durability) -> Self {
        self.durability = durability;
        self
    }
    /// Whether [`Journal::open`] repairs a torn tail at once, keeping the bytes it cuts in a
    /// side file (default `false`: it is reported and appends are refused until
    /// [`Journal::repair`]). See [crash recovery](Journal#crash-recovery).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::JournalOptions;
    /// assert!(JournalOptions::new().repair(true).repairs());
    /// ```
    #[must_use]
    pub const fn repair(mut self, repair: bool) -> Self {
        self.repair = repair;
        self
    }
    /// The longest line accepted on reading and writing, newline excluded (at least 256).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::JournalOptions;
    /// assert_eq!(JournalOptions::new().max_line_bytes(64 * 1024).line_limit(), 65_536);
    /// assert_eq!(JournalOptions::new().max_line_bytes(10).line_limit(), 256); // the least
    /// ```
    #[must_use]
    pub const fn max_line_bytes(mut self, bytes: usize) -> Self {
        self.max_line_bytes = if bytes < 256 { 256 } else { bytes };
        self
    }
    /// The durability policy.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{Durability, JournalOptions};
    /// assert_eq!(JournalOptions::new().durability_policy(), Durability::EveryEntry);
    /// ```
    pub const fn durability_policy(&self) -> Durability {
        self.durability
    }
    /// Whether opening repairs a torn tail.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::JournalOptions;
    /// assert!(!JournalOptions::new().repairs());
    /// ```
    pub const fn repairs(&self) -> bool {
        self.repair
    }
    /// The longest line accepted.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{DEFAULT_MAX_LINE_BYTES, JournalOptions};
    /// assert_eq!(JournalOptions::new().line_limit(), DEFAULT_MAX_LINE_BYTES);
    /// ```
    pub const fn line_limit(&self) -> usize {
        self.max_line_bytes
    }
}

/// A torn tail found on opening: what a crash in the middle of an append, or before unsynced
/// pages reached the disk, leaves (see [crash recovery](Journal#crash-recovery)).
///
/// The tail runs from the first line that is not intact to the end of the file, and no intact
/// line follows it. The entries before it were recovered; nothing in the tail was taken for
/// an entry.
///
/// # Example
///
/// ```
/// # use materiel::journal::{Journal, JournalOptions};
/// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
/// # let dir = tempfile::tempdir()?;
/// # let path = dir.path().join("ledger.journal");
/// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
/// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
/// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
/// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
/// # journal.append(delivery)?;
/// # drop(journal);
/// use std::io::Write;
/// // A crash in the middle of an append leaves a torn last line.
/// std::fs::OpenOptions::new().append(true).open(&path)?.write_all(b"{\"crc32c\":\"0000")?;
/// let journal = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
/// let torn = journal.recovery().ok_or("expected a torn tail")?;
/// assert_eq!((torn.line, torn.bytes, torn.repaired), (3, 15, false));
/// assert_eq!(torn.offset, std::fs::metadata(&path)?.len() - 15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Recovery {
    /// The number of the tail's first line, from 1 (the header is line 1).
    pub line: u64,
    /// The byte offset where the tail starts: the length of the intact prefix.
    pub offset: u64,
    /// How many bytes the tail has, to the end of the file.
    pub bytes: u64,
    /// Why the tail's first line is not intact.
    pub reason: String,
    /// Whether the tail has been truncated away.
    pub repaired: bool,
    /// Where [`Journal::repair`] kept the bytes it cut: a side file next to the journal,
    /// `<journal file name>.torn-<offset>` (with `-<n>` added if that name is taken).
    /// `None` until repaired.
    pub saved: Option<PathBuf>,
}

impl fmt::Display for Recovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "torn tail from line {} at byte {} ({} bytes, {}): ",
            self.line, self.offset, self.bytes, self.reason,
        )?;
        match (&self.saved, self.repaired) {
            (Some(saved), true) => write!(f, "truncated away, kept in {}", saved.display()),
            (None, true) => f.write_str("truncated away"),
            (_, false) => f.write_str("not yet repaired"),
        }
    }
}

/// The result of replaying a journal from a reader: see [`Journal::read_from`].
///
/// # Example
///
/// ```
/// use materiel::journal::{CheckpointStatus, JournalOptions};
/// use materiel::{Catalog, Journal};
///
/// let header = "{\"crc32c\":\"bde17529\",\"header\":{\"format\":\"materiel-journal\",\"version\":1}}\n";
/// let replay = Journal::read_from(header.as_bytes(), Catalog::reference(), &JournalOptions::new())?;
/// assert!(replay.ledger.is_empty() && replay.recovery.is_none());
/// assert_eq!(replay.intact_bytes, header.len() as u64);
/// assert_eq!(replay.checkpoint, CheckpointStatus::Absent);
/// # Ok::<(), materiel::journal::JournalError>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Replay {
    /// The ledger of the intact entries.
    pub ledger: Ledger,
    /// The torn tail, if there was one.
    pub recovery: Option<Recovery>,
    /// The length in bytes of the intact prefix (header and entry lines).
    pub intact_bytes: u64,
    /// What was done with the journal's checkpoint: [`Journal::read`]
    /// uses one; [`Journal::read_from`] and [`JournalReader`]
    /// never do ([`CheckpointStatus::Absent`]).
    pub checkpoint: CheckpointStatus,
}

/// An I/O error, shared so that [`JournalError`] can be `Clone`.
///
/// # Example
///
/// ```
/// use materiel::journal::{Journal, JournalError, JournalOptions};
/// use materiel::Catalog;
/// let dir = tempfile::tempdir()?;
/// let opened = Journal::open(dir.path().join("missing.journal"), Catalog::reference(), &JournalOptions::new());
/// let Err(JournalError::Io { op, source, .. }) = opened else { panic!("expected an I/O error") };
/// assert_eq!(op, "open");
/// assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct IoError(Arc<io::Error>);

impl IoError {
    /// The underlying error.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalError, JournalOptions};
    /// # use materiel::Catalog;
    /// # let dir = tempfile::tempdir()?;
    /// let opened = Journal::open(dir.path().join("missing.journal"), Catalog::reference(), &JournalOptions::new());
    /// let Err(JournalError::Io { source, .. }) = opened else { panic!("expected an I/O error") };
    /// let io: &std::io::Error = source.get();
    /// assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self) -> &io::Error {
        &self.0
    }
    /// Its kind.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalError, JournalOptions};
    /// # use materiel::Catalog;
    /// # let dir = tempfile::tempdir()?;
    /// let opened = Journal::open(dir.path().join("missing.journal"), Catalog::reference(), &JournalOptions::new());
    /// let Err(JournalError::Io { source, .. }) = opened else { panic!("expected an I/O error") };
    /// assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kind(&self) -> io::ErrorKind {
        self.0.kind()
    }
}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for IoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl From<io::Error> for IoError {
    fn from(e: io::Error) -> Self {
        Self(Arc::new(e))
    }
}

/// The file a journal error is about (`<reader>` when replaying from a reader).
///
/// # Example
///
/// ```
/// use materiel::journal::{Journal, JournalError, JournalOptions};
/// use materiel::Catalog;
/// // Errors replaying from a reader name no file.
/// let replayed = Journal::read_from(&b"not a journal\n"[..], Catalog::reference(), &JournalOptions::new());
/// let Err(JournalError::Header { path, .. }) = replayed else { panic!("expected a header error") };
/// assert_eq!(path.path(), None);
/// assert_eq!(path.to_string(), "<reader>");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorPath(Option<PathBuf>);

impl ErrorPath {
    /// The path of a file, for errors of the PostgreSQL store about journal files.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    pub(crate) fn file(path: &Path) -> Self {
        Self(Some(path.to_path_buf()))
    }
    /// The path, if the data came from a file.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{Journal, JournalError, JournalOptions};
    /// use materiel::Catalog;
    /// let dir = tempfile::tempdir()?;
    /// let missing = dir.path().join("missing.journal");
    /// let opened = Journal::open(&missing, Catalog::reference(), &JournalOptions::new());
    /// let Err(JournalError::Io { path, .. }) = opened else { panic!("expected an I/O error") };
    /// assert_eq!(path.path(), Some(missing.as_path()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn path(&self) -> Option<&Path> {
        self.0.as_deref()
    }
}

impl fmt::Display for ErrorPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(p) => write!(f, "{}", p.display()),
            None => f.write_str("<reader>"),
        }
    }
}

/// What went wrong creating, opening, reading or appending to a [`Journal`], or with a ledger
/// snapshot. Errors about stored data name the file, the line (from 1; the header is line 1)
/// and the byte offset where that line starts.
///
/// # Example
///
/// ```
/// # use materiel::journal::{Journal, JournalOptions};
/// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
/// # let dir = tempfile::tempdir()?;
/// # let path = dir.path().join("ledger.journal");
/// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
/// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
/// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
/// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
/// use materiel::journal::JournalError;
/// let again = Journal::create(&path, Catalog::reference(), &JournalOptions::new());
/// let Err(err) = again else { panic!("a second create must fail") };
/// assert!(matches!(err, JournalError::Exists { .. }));
/// assert!(err.to_string().ends_with("already exists; open it instead of creating it"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// The operating system failed (`op` says doing what).
    #[error("{path}: {op} failed at byte {offset}: {source}")]
    Io {
        /// The file.
        path: ErrorPath,
        /// What was being done (`"open"`, `"read"`, `"write"`, `"sync"`, ...).
        op: &'static str,
        /// The byte offset concerned (0 when not applicable).
        offset: u64,
        /// The error.
        source: IoError,
    },
    /// `create` found a file already at the path.
    #[error("{path}: already exists; open it instead of creating it")]
    Exists {
        /// The file.
        path: ErrorPath,
    },
    /// The header (line 1) is missing, torn, or not a supported journal header.
    #[error("{path}: line 1 (byte 0): bad journal header: {reason}")]
    Header {
        /// The file.
        path: ErrorPath,
        /// What was wrong.
        reason: String,
    },
    /// A line is not in the journal's line format (and is not part of a torn tail).
    #[error("{path}: line {line} (byte {offset}): malformed line: {reason}")]
    Malformed {
        /// The file.
        path: ErrorPath,
        /// The line number, from 1.
        line: u64,
        /// Where the line starts.
        offset: u64,
        /// What was wrong.
        reason: String,
    },
    /// A complete line's payload does not match its checksum, and an intact line follows (so
    /// it is not part of a torn tail).
    #[error(
        "{path}: line {line} (byte {offset}): checksum mismatch: line says {stored:08x}, payload has {computed:08x}"
    )]
    Checksum {
        /// The file.
        path: ErrorPath,
        /// The line number, from 1.
        line: u64,
        /// Where the line starts.
        offset: u64,
        /// The checksum written in the line.
        stored: u32,
        /// The checksum of the payload as read.
        computed: u32,
    },
    /// A line's checksum matches but its payload is not a valid entry.
    #[error("{path}: line {line} (byte {offset}): invalid entry: {message}")]
    Json {
        /// The file.
        path: ErrorPath,
        /// The line number, from 1.
        line: u64,
        /// Where the line starts.
        offset: u64,
        /// The JSON error.
        message: String,
    },
    /// An entry line carries another id than its position: a line was lost, repeated or moved.
    #[error(
        "{path}: line {line} (byte {offset}): entry has id {found}, expected {expected} (lines lost, repeated or reordered)"
    )]
    IdMismatch {
        /// The file.
        path: ErrorPath,
        /// The line number, from 1.
        line: u64,
        /// Where the line starts.
        offset: u64,
        /// The id the position gives.
        expected: EntryId,
        /// The id in the line.
        found: EntryId,
    },
    /// The ledger rejected a stored entry on replay.
    #[error("{path}: line {line} (byte {offset}): entry rejected by the ledger: {source}")]
    Rejected {
        /// The file.
        path: ErrorPath,
        /// The line number, from 1.
        line: u64,
        /// Where the line starts.
        offset: u64,
        /// Why.
        source: LedgerError,
    },
    /// A line longer than the limit, with an intact line after it (alone at the end of the
    /// file it is a torn tail). Reading it holds at most twice the limit in memory.
    #[error("{path}: line {line} (byte {offset}): line longer than the limit of {limit} bytes")]
    LineTooLong {
        /// The file.
        path: ErrorPath,
        /// The line number, from 1.
        line: u64,
        /// Where the line starts.
        offset: u64,
        /// The limit in bytes.
        limit: usize,
    },
    /// The ledger rejected an entry being appended; nothing was written.
    #[error("entry rejected: {0}")]
    Ledger(#[from] LedgerError),
    /// The ledger rejected an entry of a batch being appended ([`Journal::extend`]); nothing
    /// was written.
    #[error("batch rejected: {0}")]
    Batch(#[from] BatchError),
    /// An entry being appended would make a line longer than the limit; nothing was written.
    #[error("entry would take {bytes} bytes, over the line limit of {limit}")]
    EntryTooLong {
        /// The encoded line's length, newline excluded.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// Another `Journal` (in this process or another) has the file open for writing.
    #[error("{path}: the journal is open for writing elsewhere (its lock is held)")]
    Locked {
        /// The file.
        path: ErrorPath,
    },
    /// Appends are refused until the torn tail found on opening is repaired
    /// ([`Journal::repair`]).
    #[error("{path}: refusing to append before the torn tail is repaired: {recovery}")]
    NeedsRepair {
        /// The file.
        path: ErrorPath,
        /// The torn tail.
        recovery: Recovery,
    },
    /// An earlier failure left the file in an unknown state (a failed `fsync`, or a failed
    /// write that could not be truncated away); reopen the journal to see what is durable.
    #[error("{path}: journal unusable after an earlier I/O failure; reopen it")]
    Poisoned {
        /// The file.
        path: ErrorPath,
    },
}

impl JournalError {
    /// The line the error is about (from 1), when it is about one line.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// # use materiel::journal::JournalError;
    /// # let later = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2008)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// journal.append(delivery)?;
    /// journal.append(later)?;
    /// drop(journal);
    /// // Damage line 2 (the first entry); line 3 after it is intact, so this is no torn tail.
    /// let text = std::fs::read_to_string(&path)?.replacen("\"2006\"", "\"2007\"", 1);
    /// let replayed = Journal::read_from(text.as_bytes(), Catalog::reference(), &JournalOptions::new());
    /// let Err(err) = replayed else { panic!("damage before an intact line is an error") };
    /// assert!(matches!(err, JournalError::Checksum { .. }));
    /// assert_eq!(err.line(), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn line(&self) -> Option<u64> {
        match self {
            Self::Header { .. } => Some(1),
            Self::Malformed { line, .. }
            | Self::Checksum { line, .. }
            | Self::Json { line, .. }
            | Self::IdMismatch { line, .. }
            | Self::Rejected { line, .. }
            | Self::LineTooLong { line, .. } => Some(*line),
            _ => None,
        }
    }
    /// The byte offset where that line starts.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// # let later = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2008)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// journal.append(delivery)?;
    /// journal.append(later)?;
    /// drop(journal);
    /// let text = std::fs::read_to_string(&path)?.replacen("\"2006\"", "\"2007\"", 1);
    /// let Err(err) = Journal::read_from(text.as_bytes(), Catalog::reference(), &JournalOptions::new()) else {
    ///     panic!("damage before an intact line is an error");
    /// };
    /// // Line 2 starts right after the header line.
    /// let header = text.find('\n').ok_or("no header line")? as u64 + 1;
    /// assert_eq!(err.offset(), Some(header));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn offset(&self) -> Option<u64> {
        match self {
            Self::Header { .. } => Some(0),
            Self::Malformed { offset, .. }
            | Self::Checksum { offset, .. }
            | Self::Json { offset, .. }
            | Self::IdMismatch { offset, .. }
            | Self::Rejected { offset, .. }
            | Self::LineTooLong { offset, .. } => Some(*offset),
            _ => None,
        }
    }
}

pub(crate) fn io_err(
    path: &ErrorPath,
    op: &'static str,
    offset: u64,
    e: io::Error,
) -> JournalError {
    JournalError::Io {
        path: path.clone(),
        op,
        offset,
        source: e.into(),
    }
}

impl From<CodecError> for JournalError {
    /// An entry that cannot be written: [`JournalError::EntryTooLong`], or
    /// [`JournalError::Json`] at no line.
    fn from(e: CodecError) -> Self {
        match e {
            CodecError::EntryTooLong { bytes, limit } => Self::EntryTooLong { bytes, limit },
            e => Self::Json {
                path: ErrorPath(None),
                line: 0,
                offset: 0,
                message: e.to_string(),
            },
        }
    }
}

/// The journal line of `entry` with id `id`, newline included, refused over `limit` bytes.
fn journal_line(id: EntryId, entry: &NewEntry, limit: usize) -> Result<Vec<u8>, JournalError> {
    let mut line = codec::bounded_entry_line(id, entry, limit)?;
    line.push(b'\n');
    Ok(line)
}

// ---------------------------------------------------------------------------------------------
// The journal.

/// A ledger kept durably in an append-only file: every accepted entry is one checksummed JSON
/// line, written before [`Journal::append`] returns.
///
/// The journal owns its [`Ledger`]: [`Journal::append`] is the only way in, so the ledger and
/// the file can never disagree. Read it with [`Journal::ledger`] or take a cheap shared
/// [`Journal::snapshot`].
///
/// # Line format
///
/// A journal is a UTF-8 [JSON Lines](https://jsonlines.org/) file: every line is a JSON object
/// ending in `\n`. Line 1 is the header; every other line is one entry, in append order:
///
/// ```text
/// {"crc32c":"bde17529","header":{"format":"materiel-journal","version":1}}
/// {"crc32c":"<8 hex>","entry":{"id":0,"holder":"VEN","platform":...,"change":{"kind":"delivered",...},...}}
/// ```
///
/// The layout is fixed byte for byte: `{"crc32c":"`, the CRC-32C (Castagnoli) of the payload
/// bytes as 8 lowercase hex digits, `","entry":` (or `","header":`), the payload (compact
/// JSON: the header, or an entry's version-1 wire form, the fields of an [`Entry`] with its
/// `id`, kept apart from the public types so that they can grow without changing version-1
/// files), `}` and a newline. The checksum covers
/// exactly the payload bytes between the key and the final `}`, so it is checked without
/// re-encoding; any other layout (uppercase hex, added spaces, reordered keys) is rejected.
/// An entry's `id` must equal its position (0 for line 2): a lost, repeated or moved line is
/// an error even when its checksum holds. The header's `format` is `"materiel-journal"` and
/// its `version` is [`JOURNAL_VERSION`]; other versions are refused.
///
/// # Durability
///
/// - [`Journal::create`] writes the header to a new file of this process's own in the same
///   directory (`.<name>.<pid>-<n>.tmp`, never an existing file), takes the
///   [lock](Journal#concurrency) on it and `fsync`s it, then hard-links it to the path, which
///   fails if anything is there, removes the temporary name and `fsync`s the directory (on
///   Unix). Of two processes (or threads) creating the same journal at once, exactly one
///   succeeds and the other gets [`JournalError::Exists`]; the winner's appends go to the file
///   at the path. After `create` returns, the journal exists with its header; a crash during
///   `create` leaves no journal (at most a stray `.*.tmp` file).
/// - [`Durability::EveryEntry`] (the default): `append` writes the whole line with one
///   `write` and calls `fdatasync` (`File::sync_data`) before returning `Ok`. Every entry whose
///   `append` returned `Ok` survives the process being killed (`kill -9`) and a machine crash
///   or power loss (given storage that honours `fsync`); a crash can only lose the entry being
///   appended, leaving at worst a torn tail.
/// - [`Durability::OnSync`]: `append` writes the line but does not `fsync`;
///   [`Journal::sync`] does. Killing the process loses nothing whose `append` returned `Ok`:
///   the lines are in the operating system's cache and reach the file (at worst the line being
///   written is torn). A machine crash or power loss can lose every entry appended since the
///   last successful `sync`: the file may end in a torn line, in pages of zeros, or in
///   garbage where unsynced pages did not reach the disk. Entries synced before are kept, and
///   opening recovers them with a torn tail report (see below), unless an unsynced line did
///   reach the disk *after* a lost page: that image is an error naming the first damaged
///   line, since repairing it would cut an intact line.
/// - Whatever the policy, the file only ever grows by whole lines, is never rewritten, and an
///   entry is only written after the ledger accepted it. Storage that lies about `fsync` or
///   corrupts data at rest is detected (checksums, ids) but not repaired.
///
/// # Crash recovery
///
/// [`Journal::open`] replays every line through [`Ledger::append`] (the same validation as
/// live appends). The *intact prefix* is the header and the entry lines, each ending in a
/// newline, whose frame and checksum hold. Whatever follows it, to the end of the file, is a
/// *torn tail* if no intact line follows in it: a line without its newline, a line failing
/// its checksum or frame, zeros, garbage, or a line longer than the limit, of any length
/// (what a crash during an append, or lost unsynced pages, leave). A torn tail is never taken
/// for an entry: opening returns the ledger of the intact prefix and a [`Recovery`] report
/// ([`Journal::recovery`]) naming its first line, its offset and its length. A complete line
/// that holds its checksum without its newline is part of the tail too: the newline is
/// written with the line, so that append never completed.
///
/// Without [`JournalOptions::repair`], the tail stays on disk and appends fail with
/// [`JournalError::NeedsRepair`] until [`Journal::repair`]; with it, `open` repairs at once.
/// Repairing first copies the tail, byte for byte, to a side file next to the journal,
/// `<name>.torn-<offset>` (named in [`Recovery::saved`]; `-<n>` is added if that name is
/// taken), `fsync`s it, and only then truncates the journal to its intact prefix and
/// `fsync`s it: a damaged final line cannot always be told from a torn write, so nothing is
/// destroyed.
///
/// Damage followed by an intact line is never a torn tail: if, after a line that is not
/// intact, the file still holds a complete line whose checksum verifies (even one run into
/// the damaged line, as when the newline between two lines is damaged), opening fails with an
/// error naming the first damaged line and its byte offset ([`JournalError::Checksum`],
/// [`JournalError::Malformed`] or [`JournalError::LineTooLong`]), and repair never cuts it.
/// Lines are checked for this within the line limit, so open a journal with a limit at least
/// that of its writer. Every other defect (bad JSON under a valid checksum, a wrong id, an
/// entry the ledger rejects, a bad header) is an error naming the line and byte offset at
/// once: no entry is ever skipped.
///
/// If `append` fails with an I/O error, the entry is rolled back out of the ledger and the
/// file is truncated back to its previous length; if that truncation, or an `fsync`, fails,
/// the journal is poisoned ([`JournalError::Poisoned`]): reopen it to see what is durable.
///
/// # Concurrency
///
/// One writer: a `Journal` is the only writer of its file. [`Journal::create`] and
/// [`Journal::open`] take an exclusive advisory lock on the file (`flock` on Unix,
/// `LockFileEx` on Windows), held until the `Journal` is dropped; a second `Journal` on the
/// same file, in this process or another, gets [`JournalError::Locked`] (after trying for a
/// quarter of a second: a child process being spawned by another thread briefly shares the
/// lock until it starts its program). Readers that only
/// replay ([`Journal::read`], [`Journal::read_from`], [`JournalReader`]) take no lock. Appends take `&mut self`, so readers in
/// the same process see a consistent prefix: [`Journal::ledger`] borrows the ledger between
/// appends, and [`Journal::snapshot`] returns an `Arc<Ledger>` that is `Send + Sync` and can be
/// handed to other threads. A snapshot costs one reference count; the first append after
/// taking one clones the whole ledger (copy-on-write, O(entries)), later appends do not until
/// the next snapshot. Other processes may read the file at any time with
/// [`Journal::read_from`]: they see a prefix of whole lines plus, at worst, a line being
/// written, which they report as torn.
///
/// # Checkpoints
///
/// Replaying a long journal takes time: every line is parsed, checksummed and validated
/// again (about 5 s for 10^6 entries). [`Journal::checkpoint`] writes the ledger's state to a
/// side file, [`checkpoint_path`] (`<journal file name>.checkpoint`), in a compact, versioned
/// ([`CHECKPOINT_VERSION`]), checksummed binary form: the interned holders, platforms,
/// sources and recorded times, every entry in its stored form, its note and its typed
/// facts. It records the length of
/// the journal prefix it covers, the number of entries in it and the CRC-32C of those bytes.
/// [`Journal::open`] then reads the checkpoint, checks the journal's prefix against it
/// (reading the prefix, but not parsing it), rebuilds the ledger's indexes from the stored
/// entries and replays only the lines after the prefix. [`Journal::checkpoint_status`] says
/// which happened.
///
/// The journal stays the source of truth; the checkpoint is derived from it. It can be
/// deleted at any time (the next open replays in full), and a checkpoint that fails its
/// checksum, has another version, holds a platform the catalog lacks, or does not match the
/// journal (a journal repaired or truncated below it, rewritten, or another journal
/// altogether) is ignored: the journal is replayed in full and
/// [`CheckpointStatus::Ignored`] gives the reason, a warning to show. Writing one is atomic
/// (a synced temporary file renamed over the old one), and it covers only lines on stable
/// storage, so a crash leaves the old checkpoint or the new one, both valid for the journal.
/// Loading trusts that the stored entries passed validation when they were appended (that is
/// what makes it fast); it checks only the structure (every reference, date, count and
/// retraction target), so a checkpoint edited by hand with its checksum recomputed could
/// give a ledger no replay gives. Delete it, or never write one, if that matters.
///
/// # Example
///
/// ```
/// use materiel::journal::JournalOptions;
/// use materiel::{
///     Catalog, Change, Count, EffectiveDate, Journal, NewEntry, PlatformRef, Source, Status,
/// };
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("ledger.jsonl");
/// let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
/// journal.append(NewEntry::new(
///     "VEN".parse()?,
///     PlatformRef::catalog("su-30mk2")?,
///     EffectiveDate::year(2006)?,
///     Change::Delivered { count: Count::exact(4)?, into: Status::Unknown, supplier: None, condition: Default::default() },
///     Source::new("SIPRI", "A2".parse()?)?,
///     "2025-03-10T00:00:00Z".parse()?,
/// ))?;
/// drop(journal);
///
/// let reopened = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
/// assert_eq!(reopened.ledger().len(), 1);
/// assert!(reopened.recovery().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    epath: ErrorPath,
    file: File,
    ledger: Arc<Ledger>,
    options: JournalOptions,
    /// Length of the intact file: where the next line goes.
    len: u64,
    /// CRC-32C of the intact file's `len` bytes (what a checkpoint is tied to).
    crc: u32,
    recovery: Option<Recovery>,
    checkpoint: CheckpointStatus,
    poisoned: bool,
}

impl Journal {
    /// Creates a new, empty journal at `path` (see [durability](Journal#durability)).
    ///
    /// # Errors
    ///
    /// [`JournalError::Exists`] if a file is already there, [`JournalError::Io`] if the file
    /// or its directory cannot be written or synced.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{Journal, JournalError, JournalOptions};
    /// use materiel::Catalog;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("ledger.journal");
    /// let journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert!(journal.ledger().is_empty());
    /// // Creating over an existing file is refused.
    /// let again = Journal::create(&path, Catalog::reference(), &JournalOptions::new());
    /// assert!(matches!(again, Err(JournalError::Exists { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create(
        path: impl AsRef<Path>,
        catalog: Catalog,
        options: &JournalOptions,
    ) -> Result<Self, JournalError> {
        Self::create_with(path, Ledger::new(catalog), &mut std::iter::empty(), options)
    }

    /// Creates a new journal at `path` whose body is `lines` (entry lines, newline excluded,
    /// written byte for byte), for `ledger`, the ledger of exactly those lines. Nothing is at
    /// `path` until header and body are written and synced. The PostgreSQL store writes a
    /// journal with it.
    pub(crate) fn create_with(
        path: impl AsRef<Path>,
        ledger: Ledger,
        lines: &mut dyn Iterator<Item = Result<Vec<u8>, JournalError>>,
        options: &JournalOptions,
    ) -> Result<Self, JournalError> {
        let path = path.as_ref().to_path_buf();
        let epath = ErrorPath(Some(path.clone()));
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(JournalError::Exists { path: epath });
        }
        let header = replay::header_line();
        // The header goes to a file of this process's own, locked before anything is visible;
        // a hard link then puts it at `path` only if nothing is there (the loser of a race
        // gets `Exists`), and the temporary name is removed.
        let (tmp, mut file) = fs::create_temp(&path).map_err(|e| io_err(&epath, "create", 0, e))?;
        let mut len = header.len() as u64;
        let mut crc = crc32c::crc32c(&header);
        let linked = lock(&file, &epath).and_then(|()| {
            let mut out = io::BufWriter::new(&file);
            out.write_all(&header)
                .map_err(|e| io_err(&epath, "write", 0, e))?;
            for line in lines {
                let mut line = line?;
                line.push(b'\n');
                out.write_all(&line)
                    .map_err(|e| io_err(&epath, "write", len, e))?;
                len += line.len() as u64;
                crc = crc32c::crc32c_append(crc, &line);
            }
            out.into_inner()
                .map_err(|e| e.into_error())
                .and_then(|f| f.sync_all())
                .map_err(|e| io_err(&epath, "write", len, e))?;
            match std::fs::hard_link(&tmp, &path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(JournalError::Exists {
                    path: epath.clone(),
                }),
                Err(e) => Err(io_err(&epath, "link", 0, e)),
            }
        });
        let removed = std::fs::remove_file(&tmp);
        linked?;
        removed
            .and_then(|()| fs::sync_dir(&path))
            .map_err(|e| io_err(&epath, "sync", 0, e))?;
        file.seek(SeekFrom::End(0))
            .map_err(|e| io_err(&epath, "seek", 0, e))?;
        Ok(Self {
            path,
            epath,
            file,
            ledger: Arc::new(ledger),
            options: options.clone(),
            len,
            crc,
            recovery: None,
            checkpoint: CheckpointStatus::Absent,
            poisoned: false,
        })
    }

    /// Opens the journal at `path`, replaying it into a ledger over `catalog` (see
    /// [crash recovery](Journal#crash-recovery)).
    ///
    /// # Errors
    ///
    /// A [`JournalError`] naming the line and byte offset of the first defect that is not a
    /// torn tail, or [`JournalError::Io`].
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// # use materiel::journal::JournalError;
    /// journal.append(delivery)?;
    /// drop(journal);
    /// let journal = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(journal.ledger().len(), 1);
    /// // One writer at a time: the open journal is locked.
    /// let second = Journal::open(&path, Catalog::reference(), &JournalOptions::new());
    /// assert!(matches!(second, Err(JournalError::Locked { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(
        path: impl AsRef<Path>,
        catalog: Catalog,
        options: &JournalOptions,
    ) -> Result<Self, JournalError> {
        let path = path.as_ref().to_path_buf();
        let epath = ErrorPath(Some(path.clone()));
        let mut file = File::options()
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| io_err(&epath, "open", 0, e))?;
        lock(&file, &epath)?;
        let opened = checkpoint::open(&mut file, &path, catalog, options, &epath)?;
        let replayed = opened.replay;
        let mut journal = Self {
            path,
            epath,
            file,
            ledger: Arc::new(replayed.ledger),
            options: options.clone(),
            len: replayed.intact_bytes,
            crc: opened.prefix_crc,
            recovery: replayed.recovery,
            checkpoint: replayed.checkpoint,
            poisoned: false,
        };
        if options.repair {
            journal.repair()?;
        }
        Ok(journal)
    }

    /// Reads the journal at `path` for queries, without opening it for writing: from its
    /// checkpoint and the lines after it when the checkpoint fits (see
    /// [checkpoints](Journal#checkpoints)), else in full. It takes no lock, so it works beside
    /// a writer, and writes nothing: a torn tail (or a line being written) is reported in
    /// [`Replay::recovery`], never repaired, and [`Replay::checkpoint`] says what was done
    /// with the checkpoint.
    ///
    /// # Errors
    ///
    /// As [`Journal::open`], but never [`JournalError::Locked`].
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{CheckpointStatus, Journal, JournalOptions};
    /// use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("ledger.journal");
    /// let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// journal.append(NewEntry::new(
    ///     "VEN".parse()?,
    ///     PlatformRef::catalog("su-30mk2")?,
    ///     EffectiveDate::year(2006)?,
    ///     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    ///     Source::new("a report", "B2".parse()?)?,
    ///     "2025-01-01T00:00:00Z".parse()?,
    /// ))?;
    /// journal.checkpoint()?;
    /// // The writer still holds the journal: reading it for a query works all the same.
    /// let replay = Journal::read(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(replay.ledger.len(), 1);
    /// assert!(matches!(replay.checkpoint, CheckpointStatus::Loaded { entries: 1, .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read(
        path: impl AsRef<Path>,
        catalog: Catalog,
        options: &JournalOptions,
    ) -> Result<Replay, JournalError> {
        let path = path.as_ref();
        let epath = ErrorPath(Some(path.to_path_buf()));
        let mut file = File::open(path).map_err(|e| io_err(&epath, "open", 0, e))?;
        Ok(checkpoint::open(&mut file, path, catalog, options, &epath)?.replay)
    }

    /// Replays a journal from any reader (a file opened read-only, bytes in memory) without
    /// opening it for writing. Torn tails are reported in [`Replay::recovery`], never
    /// repaired (and nothing is written); errors name the path `<reader>`.
    ///
    /// # Errors
    ///
    /// As [`Journal::open`].
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::JournalOptions;
    /// use materiel::{Catalog, Journal};
    ///
    /// let text = "{\"crc32c\":\"bde17529\",\"header\":{\"format\":\"materiel-journal\",\"version\":1}}\n{\"crc32c\":\"0000";
    /// let replay = Journal::read_from(text.as_bytes(), Catalog::reference(), &JournalOptions::new())?;
    /// assert!(replay.ledger.is_empty());
    /// let torn = replay.recovery.expect("the second line is torn");
    /// assert_eq!((torn.line, torn.offset, torn.bytes), (2, 73, 15));
    /// # Ok::<(), materiel::journal::JournalError>(())
    /// ```
    pub fn read_from(
        reader: impl Read,
        catalog: Catalog,
        options: &JournalOptions,
    ) -> Result<Replay, JournalError> {
        replay::replay(reader, catalog, options, &ErrorPath(None))
    }

    /// Validates `entry` against the ledger, writes its line (and `fsync`s under
    /// [`Durability::EveryEntry`]), and returns its id.
    ///
    /// # Errors
    ///
    /// - [`JournalError::Ledger`]: the ledger rejected the entry; nothing was written.
    /// - [`JournalError::EntryTooLong`]: the line would exceed the limit; nothing changed.
    /// - [`JournalError::NeedsRepair`], [`JournalError::Poisoned`]: appends are refused.
    /// - [`JournalError::Io`]: writing or syncing failed; the entry is not in the ledger (see
    ///   [durability](Journal#durability) for what is on disk).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// # use materiel::journal::JournalError;
    /// let id = journal.append(delivery.clone())?;
    /// assert_eq!(journal.ledger().get(id).map(|e| e.effective()), Some(EffectiveDate::year(2006)?));
    /// // A rejected entry (recorded before the latest one) writes nothing.
    /// let bytes = journal.len_bytes();
    /// let late = delivery.with_recorded("2024-01-01T00:00:00Z".parse()?);
    /// assert!(matches!(journal.append(late), Err(JournalError::Ledger(_))));
    /// assert_eq!(journal.len_bytes(), bytes);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn append(&mut self, entry: NewEntry) -> Result<EntryId, JournalError> {
        self.writable()?;
        let Self {
            file,
            ledger,
            options,
            len,
            crc,
            poisoned,
            epath,
            ..
        } = self;
        Arc::make_mut(ledger).append_then(entry, |id, entry| {
            let line = journal_line(id, entry, options.max_line_bytes)?;
            write_line(file, (len, crc), &line, options.durability, poisoned, epath)
        })
    }

    /// Validates a batch against the ledger as [`Ledger::extend`] does (all or none), writes
    /// its lines with one write (and one `fsync` at the end under
    /// [`Durability::EveryEntry`]), and returns the range of its ids.
    ///
    /// Atomic like [`Journal::append`]: a rejected batch writes nothing, and if writing or
    /// syncing fails the file is truncated back and the ledger rolls the whole batch back.
    /// After a crash in the middle of the write, opening finds a prefix of the batch's lines
    /// (the last one maybe torn, see [crash recovery](Journal#crash-recovery)).
    ///
    /// # Errors
    ///
    /// - [`JournalError::Batch`]: the ledger rejected an entry of the batch; nothing was
    ///   written.
    /// - [`JournalError::EntryTooLong`]: an entry's line would exceed the limit; nothing
    ///   changed.
    /// - [`JournalError::NeedsRepair`], [`JournalError::Poisoned`], [`JournalError::Io`]: as
    ///   for [`Journal::append`]; no entry of the batch is in the ledger.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{Journal, JournalOptions};
    /// use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("ledger.journal");
    /// let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// let entry = |year| NewEntry::new(
    ///     "VEN".parse().unwrap(),
    ///     PlatformRef::catalog("su-30mk2").unwrap(),
    ///     EffectiveDate::year(year).unwrap(),
    ///     Change::Delivered { count: Count::exact(2).unwrap(), into: Status::Operational, supplier: None, condition: Default::default() },
    ///     Source::new("a report", "B2".parse().unwrap()).unwrap(),
    ///     "2025-01-01T00:00:00Z".parse().unwrap(),
    /// );
    /// assert_eq!(journal.extend([entry(2006), entry(2008)])?, 0..2);
    /// drop(journal);
    /// let reopened = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(reopened.ledger().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn extend(
        &mut self,
        entries: impl IntoIterator<Item = NewEntry>,
    ) -> Result<std::ops::Range<u64>, JournalError> {
        self.writable()?;
        let Self {
            file,
            ledger,
            options,
            len,
            crc,
            poisoned,
            epath,
            ..
        } = self;
        let entries: Vec<NewEntry> = entries.into_iter().collect();
        Arc::make_mut(ledger).extend_then(entries, |start, entries| {
            if entries.is_empty() {
                return Ok(());
            }
            let mut lines = Vec::new();
            for (id, entry) in (start..).zip(entries) {
                let line = journal_line(EntryId::new(id), entry, options.max_line_bytes)?;
                lines.extend_from_slice(&line);
            }
            write_line(
                file,
                (len, crc),
                &lines,
                options.durability,
                poisoned,
                epath,
            )
        })
    }

    /// Withdraws entry `target` (see [`Ledger::retract`]), through the journal.
    ///
    /// # Errors
    ///
    /// As [`Journal::append`]; an unknown target is [`LedgerError::UnknownEntry`].
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// let id = journal.append(delivery)?;
    /// let correction = Source::new("analyst correction", "B2".parse()?)?;
    /// let fix = journal.retract(id, correction, "2025-02-01T00:00:00Z".parse()?, None)?;
    /// assert_eq!(journal.ledger().retracted_by(id), Some(fix));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn retract(
        &mut self,
        target: EntryId,
        source: Source,
        recorded: Timestamp,
        note: Option<String>,
    ) -> Result<EntryId, JournalError> {
        let entry = self.ledger.retraction(target, source, recorded, note)?;
        self.append(entry)
    }

    /// Puts every line appended so far on stable storage (`fdatasync`).
    ///
    /// # Errors
    ///
    /// [`JournalError::Io`]; the journal is then poisoned (after a failed `fsync` the kernel
    /// may have dropped the unwritten data: reopen to see what is durable).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// use materiel::journal::Durability;
    /// let options = JournalOptions::new().durability(Durability::OnSync);
    /// let mut journal = Journal::create(&path, Catalog::reference(), &options)?;
    /// journal.append(delivery)?; // written, not yet on stable storage
    /// journal.sync()?; // now it is
    /// assert_eq!(Journal::read(&path, Catalog::reference(), &options)?.ledger.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sync(&mut self) -> Result<(), JournalError> {
        if self.poisoned {
            return Err(JournalError::Poisoned {
                path: self.epath.clone(),
            });
        }
        self.file.sync_data().map_err(|e| {
            self.poisoned = true;
            io_err(&self.epath, "sync", self.len, e)
        })
    }

    /// Repairs the torn tail found on opening: copies it to a side file next to the journal
    /// (named in [`Recovery::saved`]) and `fsync`s that, then truncates the journal to its
    /// intact prefix and `fsync`s it. Returns the report; `None` when there was nothing to
    /// repair. See [crash recovery](Journal#crash-recovery).
    ///
    /// # Errors
    ///
    /// [`JournalError::Io`] if the side file cannot be written, or the journal cannot be
    /// truncated or synced (the journal is left as it was if the side file fails).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// # journal.append(delivery)?;
    /// # drop(journal);
    /// use std::io::Write;
    /// // A crash in the middle of an append leaves a torn last line.
    /// std::fs::OpenOptions::new().append(true).open(&path)?.write_all(b"{\"crc32c\":\"0000")?;
    /// let mut journal = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(journal.recovery().map(|torn| torn.repaired), Some(false));
    /// let repaired = journal.repair()?.ok_or("expected a torn tail")?;
    /// assert!(repaired.saved.is_some_and(|side_file| side_file.exists()));
    /// assert_eq!(journal.ledger().len(), 1); // appends are accepted again
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn repair(&mut self) -> Result<Option<Recovery>, JournalError> {
        let Some(recovery) = self.recovery.as_mut().filter(|r| !r.repaired) else {
            return Ok(None);
        };
        let saved = fs::save_tail(&self.path, &mut self.file, self.len)
            .map_err(|e| io_err(&self.epath, "save torn tail", self.len, e))?;
        self.file
            .set_len(self.len)
            .map_err(|e| io_err(&self.epath, "truncate", self.len, e))?;
        self.file
            .sync_data()
            .map_err(|e| io_err(&self.epath, "sync", self.len, e))?;
        recovery.repaired = true;
        recovery.saved = Some(saved);
        Ok(Some(recovery.clone()))
    }

    /// Writes a checkpoint of the ledger next to the journal (at
    /// [`checkpoint_path`]`(self.path())`), replacing any earlier one, and returns its path.
    /// Later opens load it and replay only the lines after it; see
    /// [checkpoints](Journal#checkpoints).
    ///
    /// It first puts the journal on stable storage (as [`Journal::sync`]), so a checkpoint
    /// never covers lines a crash could lose; it is written to a temporary file that is synced
    /// and renamed over the old one, so a crash leaves the old checkpoint or the new one.
    ///
    /// # Errors
    ///
    /// [`JournalError::Poisoned`]; [`JournalError::Io`] if syncing the journal (which poisons
    /// it, as for [`Journal::sync`]) or writing the checkpoint fails (the journal is
    /// unaffected then, and the old checkpoint, if any, is still in place).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{CheckpointStatus, Journal, JournalOptions};
    /// use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("ledger.journal");
    /// let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// let entry = |year| NewEntry::new(
    ///     "VEN".parse().unwrap(),
    ///     PlatformRef::catalog("su-30mk2").unwrap(),
    ///     EffectiveDate::year(year).unwrap(),
    ///     Change::Delivered { count: Count::exact(2).unwrap(), into: Status::Operational, supplier: None, condition: Default::default() },
    ///     Source::new("a report", "B2".parse().unwrap()).unwrap(),
    ///     "2025-01-01T00:00:00Z".parse().unwrap(),
    /// );
    /// journal.append(entry(2006))?;
    /// let saved = journal.checkpoint()?;
    /// journal.append(entry(2008))?;
    /// drop(journal);
    ///
    /// let reopened = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(reopened.ledger().len(), 2);
    /// assert!(matches!(
    ///     reopened.checkpoint_status(),
    ///     CheckpointStatus::Loaded { entries: 1, .. }
    /// ));
    /// drop(reopened);
    ///
    /// // A damaged checkpoint is ignored, with the reason, and the journal replayed in full.
    /// std::fs::write(&saved, b"not a checkpoint")?;
    /// let reopened = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(reopened.ledger().len(), 2);
    /// assert!(reopened.checkpoint_status().warning().is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checkpoint(&mut self) -> Result<PathBuf, JournalError> {
        self.sync()?;
        checkpoint::write(&self.path, &self.ledger, self.len, self.crc)
            .map_err(|e| io_err(&self.epath, "write checkpoint", 0, e))
    }

    /// What opening did with the journal's checkpoint: none found, loaded, or ignored with
    /// the reason (a warning to show: the journal was then replayed in full). A journal just
    /// created has [`CheckpointStatus::Absent`].
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// use materiel::journal::CheckpointStatus;
    /// assert_eq!(journal.checkpoint_status(), &CheckpointStatus::Absent);
    /// journal.append(delivery)?;
    /// journal.checkpoint()?;
    /// drop(journal);
    /// let journal = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert!(matches!(journal.checkpoint_status(), CheckpointStatus::Loaded { entries: 1, .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checkpoint_status(&self) -> &CheckpointStatus {
        &self.checkpoint
    }

    /// The torn tail found on opening, if any (with `repaired` telling whether it was
    /// truncated away, and `saved` where its bytes were kept).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// journal.append(delivery)?;
    /// drop(journal);
    /// let journal = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert!(journal.recovery().is_none()); // the file ended with an intact line
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`Recovery`] shows a torn tail.
    pub fn recovery(&self) -> Option<&Recovery> {
        self.recovery.as_ref()
    }

    /// The ledger of every entry appended so far.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// use materiel::AsOf;
    /// journal.append(delivery)?;
    /// let lot = journal.ledger().lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert_eq!(lot.in_service().value(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// A shared read snapshot of the ledger as it is now: O(1); the next append then clones
    /// the ledger once (see [concurrency](Journal#concurrency)).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// let before = journal.snapshot();
    /// journal.append(delivery)?;
    /// // The snapshot is unchanged by later appends, and can be sent to another thread.
    /// assert!(before.is_empty());
    /// assert_eq!(journal.snapshot().len(), 1);
    /// let reader = std::thread::spawn(move || before.len());
    /// assert_eq!(reader.join().ok(), Some(0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn snapshot(&self) -> Arc<Ledger> {
        Arc::clone(&self.ledger)
    }

    /// The ledger, closing the journal (without an `fsync`: call [`Journal::sync`] first under
    /// [`Durability::OnSync`]).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// journal.append(delivery)?;
    /// let ledger = journal.into_ledger();
    /// assert_eq!(ledger.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_ledger(self) -> Ledger {
        Arc::unwrap_or_clone(self.ledger)
    }

    /// The journal's path.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(journal.path(), path);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The length in bytes of the intact journal (where the next line goes).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// let header_only = journal.len_bytes();
    /// journal.append(delivery)?;
    /// assert!(journal.len_bytes() > header_only);
    /// assert_eq!(journal.len_bytes(), std::fs::metadata(&path)?.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len_bytes(&self) -> u64 {
        self.len
    }

    /// The options it was opened with.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::journal::{Journal, JournalOptions};
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// # let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// use materiel::journal::Durability;
    /// assert_eq!(journal.options().durability_policy(), Durability::EveryEntry);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn options(&self) -> &JournalOptions {
        &self.options
    }

    fn writable(&self) -> Result<(), JournalError> {
        if self.poisoned {
            return Err(JournalError::Poisoned {
                path: self.epath.clone(),
            });
        }
        match &self.recovery {
            Some(r) if !r.repaired => Err(JournalError::NeedsRepair {
                path: self.epath.clone(),
                recovery: r.clone(),
            }),
            _ => Ok(()),
        }
    }
}

/// Writes `line` at `len`; on failure truncates back (or poisons) and returns the error.
fn write_line(
    file: &mut File,
    (len, crc): (&mut u64, &mut u32),
    line: &[u8],
    durability: Durability,
    poisoned: &mut bool,
    epath: &ErrorPath,
) -> Result<(), JournalError> {
    let written = file
        .seek(SeekFrom::Start(*len))
        .and_then(|_| file.write_all(line));
    if let Err(e) = written {
        if file.set_len(*len).is_err() {
            *poisoned = true;
        }
        return Err(io_err(epath, "write", *len, e));
    }
    if durability == Durability::EveryEntry
        && let Err(e) = file.sync_data()
    {
        // After a failed fsync the page cache state is unknown: roll back what we can and
        // refuse further appends.
        *poisoned = true;
        let _ = file.set_len(*len);
        return Err(io_err(epath, "sync", *len, e));
    }
    *len += line.len() as u64;
    *crc = crc32c::crc32c_append(*crc, line);
    Ok(())
}

/// How long [`lock`] keeps trying a lock that another open file description holds.
///
/// A `flock` belongs to the open file description, and a child process that another thread of
/// this process is spawning shares every descriptor until it calls `exec` (which closes them:
/// std opens files close-on-exec). So a journal closed by this process can look locked for the
/// microseconds to milliseconds a concurrent spawn takes. Retrying for a moment tells that
/// apart from a real second writer, which holds the lock for as long as it runs.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(250);

/// Takes the journal's exclusive advisory lock (trying again for up to [`LOCK_PATIENCE`]), or
/// says that another writer holds it.
fn lock(file: &File, epath: &ErrorPath) -> Result<(), JournalError> {
    let start = std::time::Instant::now();
    let mut pause = std::time::Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_PATIENCE => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(std::time::Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(JournalError::Locked {
                    path: epath.clone(),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io_err(epath, "lock", 0, e)),
        }
    }
}
