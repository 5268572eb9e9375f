//! How entries are written as bytes, the same in every store: checksummed frames, the
//! versioned wire form of an entry, and the entry line that joins them.
//!
//! A journal file holds one entry line per entry after its header line; a PostgreSQL store
//! holds the same bytes, one row per entry; a [`MemoryStore`](crate::store::MemoryStore)
//! keeps them in memory. So a ledger is copied from one store to another byte for byte.
//!
//! * [`entry_line`] writes an entry's line, [`decode_entry_line`] checks one (its CRC-32C,
//!   its layout, its wire form) and reads the entry back. Every failure is a [`CodecError`].
//! * [`JOURNAL_FORMAT`] and [`JOURNAL_VERSION`] name the line format (a journal's header
//!   carries them, a PostgreSQL store's `meta` row the version); [`CHECKPOINT_VERSION`] is
//!   the version of the checkpoints every store writes; [`DEFAULT_MAX_LINE_BYTES`] bounds a
//!   line.
//!
//! An entry line is `{"crc32c":"<8 hex>","entry":<payload>}`: the CRC-32C (Castagnoli) of the
//! payload bytes as 8 lowercase hex digits, then the payload, the entry's version-1 wire form
//! (compact JSON). The layout is fixed byte for byte; see [the journal's line
//! format](crate::journal::Journal#line-format).
//!
//! # Example
//!
//! ```
//! use materiel::codec::{self, CodecError};
//! use materiel::{Change, Count, EffectiveDate, EntryId, NewEntry, PlatformRef, Source, Status};
//!
//! let entry = NewEntry::new(
//!     "VEN".parse()?,
//!     PlatformRef::catalog("su-30mk2")?,
//!     EffectiveDate::year(2006)?,
//!     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
//!     Source::new("a report", "B2".parse()?)?,
//!     "2025-01-01T00:00:00Z".parse()?,
//! );
//! let line = codec::entry_line(EntryId::new(0), &entry)?;
//! assert!(line.starts_with(b"{\"crc32c\":\""));
//! let back = codec::decode_entry_line(&line)?;
//! assert_eq!((back.id(), back.content()), (EntryId::new(0), &entry));
//! // One changed byte and the checksum no longer holds.
//! let edited = String::from_utf8(line)?.replace("2006", "2007");
//! assert!(matches!(codec::decode_entry_line(edited.as_bytes()), Err(CodecError::Checksum { .. })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Layers, for maintainers: `frame` (checksummed JSON Lines frames and the streaming reader
// that tells a torn tail from damage; domain-free) <- `wire` (the versioned wire form of an
// entry: private serde structs spelling out the version-1 JSON) <- this module (entry lines).
// The stores sit above: `journal` and `postgres` never encode or decode an entry but here.

pub(crate) mod frame;
pub(crate) mod wire;

use crate::ledger::{Entry, EntryId, NewEntry};

/// The `format` field of a journal header.
pub const JOURNAL_FORMAT: &str = "materiel-journal";
/// The version of the entry line format (the wire form) this build writes and reads: a
/// journal's header says it, and so does a PostgreSQL store's `meta` row.
pub const JOURNAL_VERSION: u32 = 1;
/// The checkpoint format version this build writes and reads, in journal checkpoint files and
/// in a PostgreSQL store's `checkpoints` table. Version 2 added the entries' typed facts;
/// version 3 keeps them as the ledger does, a source tag and opaque JSON
/// ([`Facts`](crate::ledger::Facts)); version 4 writes sources in a binary form of their own
/// rather than JSON, and its facts are checked as JSON when they are first written out rather
/// than on loading; version 5 puts the tables in sections (core, sources, notes, facts), each
/// with its CRC-32C, and leaves the sources, notes and facts in the checkpoint's bytes until a
/// query reads them. A checkpoint of another version is ignored (the entries are read in full,
/// and the next checkpoint is this version).
pub const CHECKPOINT_VERSION: u32 = 6;
/// Default longest entry line, newline excluded: 1 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 1 << 20;

/// The frame key of a journal's header line.
pub(crate) const HEADER_KEY: &str = "header";
/// The frame key of an entry line (and of a snapshot entry).
pub(crate) const ENTRY_KEY: &str = "entry";

/// Why an entry line could not be written, or a line is not an intact entry line.
///
/// Its text is the defect in words, as stores quote it after saying where the line is.
///
/// # Example
///
/// ```
/// use materiel::codec::{decode_entry_line, CodecError};
///
/// let err = decode_entry_line(b"{\"crc32c\":\"0000").unwrap_err();
/// assert_eq!(err, CodecError::Malformed { reason: "truncated checksum".to_owned() });
/// assert_eq!(err.to_string(), "truncated checksum");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodecError {
    /// The line is not in the frame layout.
    #[error("{reason}")]
    Malformed {
        /// What is wrong.
        reason: String,
    },
    /// The payload does not match the checksum written in the line.
    #[error("checksum mismatch: line says {stored:08x}, payload has {computed:08x}")]
    Checksum {
        /// The checksum written in the line.
        stored: u32,
        /// The checksum of the payload as read.
        computed: u32,
    },
    /// A line read is longer than the limit.
    #[error("longer than the line limit of {limit} bytes")]
    LineTooLong {
        /// The limit in bytes, newline excluded.
        limit: usize,
    },
    /// The checksum holds but the payload is not a valid entry (bad JSON, an unknown field, a
    /// value out of range).
    #[error("invalid entry: {message}")]
    Invalid {
        /// What was wrong.
        message: String,
    },
    /// An entry being written would make a line longer than the limit.
    #[error("entry would take {bytes} bytes, over the line limit of {limit}")]
    EntryTooLong {
        /// The encoded line's length, newline excluded.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// An entry could not be encoded (it cannot happen with the entries the ledger accepts:
    /// they are plain data).
    #[error("cannot encode entry: {message}")]
    Encode {
        /// The encoder's error.
        message: String,
    },
}

impl From<frame::Defect> for CodecError {
    fn from(defect: frame::Defect) -> Self {
        match defect {
            frame::Defect::Malformed(reason) => Self::Malformed { reason },
            frame::Defect::Checksum { stored, computed } => Self::Checksum { stored, computed },
            frame::Defect::TooLong { limit } => Self::LineTooLong { limit },
        }
    }
}

/// The entry line of `entry` with id `id`, newline excluded: what a journal writes (with its
/// newline) and a PostgreSQL store keeps in a row.
///
/// # Errors
///
/// [`CodecError::Encode`], which entries the ledger accepts never give.
///
/// # Example
///
/// ```
/// use materiel::codec::entry_line;
/// use materiel::{Change, EffectiveDate, EntryId, NewEntry, PlatformRef, Source};
///
/// let seen = NewEntry::new(
///     "VEN".parse()?,
///     PlatformRef::catalog("su-30mk2")?,
///     EffectiveDate::year(2008)?,
///     Change::Observed { count: None, status: None },
///     Source::new("a report", "B2".parse()?)?,
///     "2025-01-01T00:00:00Z".parse()?,
/// );
/// let line = String::from_utf8(entry_line(EntryId::new(7), &seen)?)?;
/// assert!(line.contains(",\"entry\":{\"id\":7,\"holder\":\"VEN\""));
/// assert!(line.ends_with("}}"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn entry_line(id: EntryId, entry: &NewEntry) -> Result<Vec<u8>, CodecError> {
    let payload = wire::encode(id, entry).map_err(|e| CodecError::Encode {
        message: e.to_string(),
    })?;
    let mut line = frame::write(ENTRY_KEY, &payload);
    line.pop();
    Ok(line)
}

/// [`entry_line`], refused when longer than `limit` bytes.
pub(crate) fn bounded_entry_line(
    id: EntryId,
    entry: &NewEntry,
    limit: usize,
) -> Result<Vec<u8>, CodecError> {
    let line = entry_line(id, entry)?;
    if line.len() > limit {
        return Err(CodecError::EntryTooLong {
            bytes: line.len(),
            limit,
        });
    }
    Ok(line)
}

/// Checks that `line` (newline excluded) is an intact entry line and reads its entry.
///
/// # Errors
///
/// [`CodecError::Malformed`] or [`CodecError::Checksum`] when the frame does not hold,
/// [`CodecError::Invalid`] when its payload is not a valid entry.
///
/// # Example
///
/// ```
/// use materiel::codec::{decode_entry_line, CodecError};
///
/// // The checksum holds, but an entry has more fields than its id.
/// let line = br#"{"crc32c":"a362c423","entry":{"id":0}}"#;
/// let err = decode_entry_line(line).unwrap_err();
/// assert!(matches!(&err, CodecError::Invalid { message } if message.starts_with("missing field")), "{err}");
/// // Another checksum: the line was damaged.
/// let damaged = br#"{"crc32c":"a362c424","entry":{"id":0}}"#;
/// assert!(matches!(decode_entry_line(damaged), Err(CodecError::Checksum { stored: 0xa362c424, .. })));
/// ```
pub fn decode_entry_line(line: &[u8]) -> Result<Entry, CodecError> {
    let payload = frame::verify(line, ENTRY_KEY)?;
    wire::decode(payload).map_err(|message| CodecError::Invalid { message })
}

/// Checks only that `line` (newline excluded) is an intact entry frame (its layout and
/// CRC-32C), without reading the entry.
pub(crate) fn verify_entry_line(line: &[u8]) -> Result<(), CodecError> {
    frame::verify(line, ENTRY_KEY)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defects_read_as_before() {
        assert_eq!(
            CodecError::from(frame::Defect::TooLong { limit: 256 }).to_string(),
            frame::Defect::TooLong { limit: 256 }.reason()
        );
        let checksum = frame::Defect::Checksum {
            stored: 1,
            computed: 2,
        };
        assert_eq!(
            CodecError::from(checksum.clone()).to_string(),
            checksum.reason()
        );
        let malformed = frame::Defect::Malformed("does not end with }".into());
        assert_eq!(
            CodecError::from(malformed.clone()).to_string(),
            malformed.reason()
        );
    }
}
