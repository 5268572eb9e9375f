//! What goes wrong with a journal: [`JournalError`], naming the file ([`ErrorPath`]) and the
//! line, with I/O errors shared ([`IoError`]).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[cfg(doc)]
use super::Journal;
use super::Recovery;
use crate::codec::CodecError;
use crate::ledger::{BatchError, EntryId, LedgerError};
use crate::store::StoreError;

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
pub struct ErrorPath(pub(super) Option<PathBuf>);

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

impl From<JournalError> for StoreError {
    /// The journal's error, with the ledger's refusal when that is what it is.
    fn from(e: JournalError) -> Self {
        match &e {
            JournalError::Ledger(refusal) => {
                let refusal = refusal.clone();
                StoreError::refused(e, refusal)
            }
            JournalError::Batch(batch) => {
                let refusal = batch.error.clone();
                StoreError::refused(e, refusal)
            }
            _ => StoreError::new(e),
        }
    }
}
