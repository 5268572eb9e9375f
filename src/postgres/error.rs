//! [`PgError`]: everything that can go wrong with a [`PgStore`](super::PgStore).

use crate::catalog::CatalogError;
use crate::codec::CodecError;
use crate::journal::JournalError;
use crate::ledger::{BatchError, LedgerError};
use crate::store::StoreError;

/// What went wrong creating, opening, reading or appending to a [`PgStore`](super::PgStore).
/// Errors about the database name the PostgreSQL schema holding the ledger and, when about
/// one stored entry, its sequence number (its [`EntryId`](crate::EntryId)).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PgError {
    /// The driver or the server failed while doing `op` (`"connect"`, `"insert entry"`,
    /// `"commit"`, `"load entries"`, ...). After a lost connection the next operation
    /// reconnects.
    #[error("PostgreSQL schema {schema}: {op} failed: {}", describe(source))]
    Db {
        /// The PostgreSQL schema.
        schema: String,
        /// What was being done.
        op: &'static str,
        /// The driver's error (with the server's message, code and detail when it has one).
        source: postgres::Error,
    },
    /// The connection string could not be parsed.
    #[error("invalid PostgreSQL connection string: {}", describe(source))]
    Url {
        /// The driver's error.
        source: postgres::Error,
    },
    /// The schema name is not a plain lower-case identifier.
    #[error(
        "invalid PostgreSQL schema name {name:?}: expected 1 to 50 characters among a-z, 0-9 and _, not starting with a digit"
    )]
    SchemaName {
        /// The name given.
        name: String,
    },
    /// [`PgStore::create`](super::PgStore::create) found a ledger already in the schema.
    #[error("PostgreSQL schema {schema}: already holds a ledger; open it instead of creating it")]
    Exists {
        /// The PostgreSQL schema.
        schema: String,
    },
    /// [`PgStore::open`](super::PgStore::open) found no ledger in the schema.
    #[error("PostgreSQL schema {schema}: holds no materiel ledger (create one first)")]
    NoLedger {
        /// The PostgreSQL schema.
        schema: String,
    },
    /// The database was made by a newer version of this crate.
    #[error(
        "PostgreSQL schema {schema}: database schema version {found} is newer than this build knows ({supported}); upgrade materiel"
    )]
    SchemaTooNew {
        /// The PostgreSQL schema.
        schema: String,
        /// The version in the database.
        found: i32,
        /// The newest version this build knows.
        supported: i32,
    },
    /// The stored entries are in a wire format version this build does not read.
    #[error(
        "PostgreSQL schema {schema}: entries are in wire format version {found}, this build reads version {supported}"
    )]
    WireVersion {
        /// The PostgreSQL schema.
        schema: String,
        /// The version in the database.
        found: i32,
        /// The version this build reads and writes.
        supported: u32,
    },
    /// The catalog stored in the database is not a valid catalog.
    #[error("PostgreSQL schema {schema}: stored catalog is invalid: {source}")]
    Catalog {
        /// The PostgreSQL schema.
        schema: String,
        /// Why.
        source: CatalogError,
    },
    /// The stored entries are not numbered 0, 1, 2, ... in order: an entry was skipped
    /// (a gap), repeated or put out of order.
    #[error(
        "PostgreSQL schema {schema}: expected the entry with seq {expected}, found seq {found} (entries missing, repeated or out of order)"
    )]
    Sequence {
        /// The PostgreSQL schema.
        schema: String,
        /// The sequence number that should come next.
        expected: u64,
        /// The one found.
        found: i64,
    },
    /// A stored entry's line is damaged (checksum, frame layout, wire form) or carries another
    /// id than its sequence number.
    #[error("PostgreSQL schema {schema}: entry seq {seq}: {reason}")]
    Corrupt {
        /// The PostgreSQL schema.
        schema: String,
        /// The entry's sequence number.
        seq: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// The ledger rejected a stored entry while loading or catching up.
    #[error("PostgreSQL schema {schema}: entry seq {seq} rejected by the ledger: {source}")]
    Rejected {
        /// The PostgreSQL schema.
        schema: String,
        /// The entry's sequence number.
        seq: u64,
        /// Why.
        source: LedgerError,
    },
    /// The ledger, caught up with every committed entry, rejected the entry being appended;
    /// nothing was written.
    #[error("entry rejected: {0}")]
    Ledger(#[from] LedgerError),
    /// The ledger, caught up with every committed entry, rejected an entry of the batch being
    /// appended; nothing was written.
    #[error("batch rejected: {0}")]
    Batch(#[from] BatchError),
    /// Reading or writing a journal file failed (copying a ledger from or to a journal).
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// An entry's line could not be written: it would be longer than the line limit
    /// ([`DEFAULT_MAX_LINE_BYTES`](crate::codec::DEFAULT_MAX_LINE_BYTES)); nothing was
    /// written.
    #[error(transparent)]
    Codec(#[from] CodecError),
    /// Sending rows to the server failed (an error of the connection that is not the
    /// driver's own).
    #[error("PostgreSQL schema {schema}: sending rows failed: {source}")]
    Send {
        /// The schema.
        schema: String,
        /// The error.
        source: std::io::Error,
    },
    /// The connection was lost while committing and could not be re-established to learn
    /// whether the commit landed. The entries are not in this store's ledger;
    /// [`PgStore::refresh`](super::PgStore::refresh) loads them if they did land, and
    /// [`PgStore::committed`](super::PgStore::committed) tells, given the token.
    #[error(
        "PostgreSQL schema {schema}: connection lost while committing; outcome unknown (token {token}): {source}"
    )]
    CommitUnknown {
        /// The PostgreSQL schema.
        schema: String,
        /// The append's token, stored with its rows if they were committed.
        token: String,
        /// The error that prevented learning the outcome.
        source: Box<PgError>,
    },
}

/// The driver's error in words: the server's message, code and detail for a server error (its
/// `Display` says only "db error"), otherwise the error and its causes.
fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut text = format!("{} ({}: {})", db.message(), db.severity(), db.code().code());
        if let Some(detail) = db.detail() {
            text.push_str(": ");
            text.push_str(detail);
        }
        return text;
    }
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

impl PgError {
    /// Whether this is a driver error after which the connection should not be reused: the
    /// connection closed, an I/O or protocol error, or the server ending the session (a `FATAL`
    /// or `PANIC` error, such as `57P01 terminating connection due to administrator command`
    /// from a shutdown: sent in reply to a `COMMIT` that has already landed, it says nothing
    /// of the commit's outcome).
    pub(crate) fn connection_lost(&self) -> bool {
        match self {
            Self::Db { source, .. } => {
                source.is_closed()
                    || source.as_db_error().is_none_or(|db| {
                        matches!(
                            db.parsed_severity(),
                            Some(
                                postgres::error::Severity::Fatal | postgres::error::Severity::Panic
                            )
                        )
                    })
            }
            Self::CommitUnknown { .. } => true,
            _ => false,
        }
    }
}

impl From<PgError> for StoreError {
    /// The store's error, with the ledger's refusal when that is what it is.
    fn from(e: PgError) -> Self {
        match &e {
            PgError::Ledger(refusal) => {
                let refusal = refusal.clone();
                StoreError::refused(e, refusal)
            }
            PgError::Batch(batch) => {
                let refusal = batch.error.clone();
                StoreError::refused(e, refusal)
            }
            _ => StoreError::new(e),
        }
    }
}
