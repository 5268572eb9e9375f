//! Replaying a journal: [`JournalReader`] turns the frames of [`super::frame::FrameReader`]
//! into entries (through [`super::wire`]) and appends them to a ledger, mapping framing
//! damage and torn tails to [`JournalError`] and [`Recovery`].

use std::fmt;
use std::io::{self, Read};
use std::path::PathBuf;

#[cfg(doc)]
use super::Journal;
use super::{CheckpointStatus, ErrorPath, JournalError, JournalOptions, io_err};
use crate::catalog::Catalog;
use crate::codec::frame::{self, Damage, Defect, FrameReader, Pos, ReadError};
use crate::codec::wire;
use crate::codec::{ENTRY_KEY, HEADER_KEY, JOURNAL_FORMAT, JOURNAL_VERSION};
use crate::ledger::{EntryId, Ledger};

/// The header's payload: `{"format":"materiel-journal","version":1}`.
#[derive(serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct Header {
    format: String,
    version: u32,
}

crate::map_only::map_only!(Header, "struct Header");

/// The header line, newline included.
pub(crate) fn header_line() -> Vec<u8> {
    let payload = format!("{{\"format\":\"{JOURNAL_FORMAT}\",\"version\":{JOURNAL_VERSION}}}");
    frame::write(HEADER_KEY, payload.as_bytes())
}

/// Checks a header's payload.
pub(crate) fn check_header(payload: &[u8]) -> Result<(), String> {
    let header: Header =
        serde_json::from_slice(payload).map_err(|e| format!("invalid header JSON: {e}"))?;
    if header.format != JOURNAL_FORMAT {
        return Err(format!(
            "format is {:?}, expected {JOURNAL_FORMAT:?}",
            header.format
        ));
    }
    if header.version != JOURNAL_VERSION {
        return Err(format!(
            "unsupported version {} (this build reads version {JOURNAL_VERSION})",
            header.version
        ));
    }
    Ok(())
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

/// Replays a journal read from `reader` into a ledger over `catalog`.
pub(crate) fn replay(
    mut reader: impl Read,
    catalog: Catalog,
    options: &JournalOptions,
    path: &ErrorPath,
) -> Result<Replay, JournalError> {
    let mut state = JournalReader::with_path(catalog, options, path.clone());
    let mut buf = vec![0u8; 64 * 1024];
    let mut read_so_far = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_err(path, "read", read_so_far, e)),
        };
        read_so_far += n as u64;
        state.feed(&buf[..n])?;
    }
    state.finish()
}

/// A push-based journal reader: feed it the journal's bytes in chunks of any size, then
/// [`finish`](JournalReader::finish) it.
///
/// It applies each complete line to its ledger as soon as the line's newline arrives, so it can
/// follow a journal another process is appending to: [`JournalReader::ledger`] is always the
/// ledger of the whole lines fed so far. It holds at most one line in memory (up to the line
/// limit; twice that while scanning a damaged region). The result does not depend on how the
/// bytes are split into chunks; [`Journal::read_from`](super::Journal::read_from) is this
/// reader fed from a [`Read`].
///
/// # Example
///
/// ```
/// use materiel::journal::{JournalOptions, JournalReader};
/// use materiel::Catalog;
///
/// let mut reader = JournalReader::new(Catalog::reference(), &JournalOptions::new());
/// reader.feed(b"{\"crc32c\":\"bde17529\",\"header\":{\"format\":")?;
/// reader.feed(b"\"materiel-journal\",\"version\":1}}\n")?;
/// assert_eq!(reader.intact_bytes(), 73);
/// let replay = reader.finish()?;
/// assert!(replay.ledger.is_empty() && replay.recovery.is_none());
/// # Ok::<(), materiel::journal::JournalError>(())
/// ```
#[derive(Clone, Debug)]
pub struct JournalReader {
    ledger: Ledger,
    path: ErrorPath,
    frames: FrameReader,
    failed: Option<JournalError>,
}

impl JournalReader {
    /// A reader replaying into a new ledger over `catalog`, with `options`' line limit.
    pub fn new(catalog: Catalog, options: &JournalOptions) -> Self {
        Self::with_path(catalog, options, ErrorPath(None))
    }

    pub(crate) fn with_path(catalog: Catalog, options: &JournalOptions, path: ErrorPath) -> Self {
        Self {
            ledger: Ledger::new(catalog),
            path,
            frames: FrameReader::new(HEADER_KEY, ENTRY_KEY, options.line_limit()),
            failed: None,
        }
    }

    /// A reader that takes up a journal after the prefix a checkpoint covers: `ledger` holds
    /// its entries, whose lines (and the header) end at byte `offset`.
    pub(crate) fn resume(
        ledger: Ledger,
        options: &JournalOptions,
        path: ErrorPath,
        offset: u64,
    ) -> Self {
        let lines = ledger.len() as u64 + 1;
        Self {
            ledger,
            path,
            frames: FrameReader::resume(HEADER_KEY, ENTRY_KEY, options.line_limit(), lines, offset),
            failed: None,
        }
    }

    /// The ledger of the complete lines fed so far.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// The length of the complete, valid lines fed so far.
    pub fn intact_bytes(&self) -> u64 {
        self.frames.intact_bytes()
    }

    /// Takes the next chunk of the journal.
    ///
    /// # Errors
    ///
    /// The first defect found that cannot be part of a torn tail (see
    /// [crash recovery](super::Journal#crash-recovery)); once an error is returned, every
    /// later call returns it again. A damaged line is reported when the intact line after it
    /// arrives (until then it may still be the start of a torn tail).
    pub fn feed(&mut self, data: &[u8]) -> Result<(), JournalError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let Self {
            ledger,
            path,
            frames,
            ..
        } = self;
        let result = frames
            .feed(data, |pos, payload| take_line(ledger, path, pos, payload))
            .map_err(|e| match e {
                ReadError::Damaged(damage) => damaged(path, damage),
                ReadError::Rejected(e) => e,
            });
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        result
    }

    /// Ends the input: a damaged region or unterminated final line that reached the end
    /// without an intact line after it is reported as a torn tail.
    ///
    /// # Errors
    ///
    /// An error from [`JournalReader::feed`], or [`JournalError::Header`] when the input ended
    /// before a complete header.
    pub fn finish(self) -> Result<Replay, JournalError> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        let ending = self.frames.finish().map_err(|d| damaged(&self.path, d))?;
        Ok(Replay {
            ledger: self.ledger,
            recovery: ending.torn.map(|torn| Recovery {
                line: torn.pos.line,
                offset: torn.pos.offset,
                bytes: torn.bytes,
                reason: torn.reason,
                repaired: false,
                saved: None,
            }),
            intact_bytes: ending.intact_bytes,
            checkpoint: CheckpointStatus::Absent,
        })
    }
}

/// Takes one intact line's payload: the header at line 1, an entry after it.
fn take_line(
    ledger: &mut Ledger,
    path: &ErrorPath,
    pos: Pos,
    payload: &[u8],
) -> Result<(), JournalError> {
    if pos.line == 1 {
        return check_header(payload).map_err(|reason| JournalError::Header {
            path: path.clone(),
            reason,
        });
    }
    let (line, offset) = (pos.line, pos.offset);
    let entry = wire::decode(payload).map_err(|message| JournalError::Json {
        path: path.clone(),
        line,
        offset,
        message,
    })?;
    let expected = EntryId::new(ledger.len() as u64);
    if entry.id() != expected {
        return Err(JournalError::IdMismatch {
            path: path.clone(),
            line,
            offset,
            expected,
            found: entry.id(),
        });
    }
    ledger
        .append(entry.into_content())
        .map_err(|source| JournalError::Rejected {
            path: path.clone(),
            line,
            offset,
            source,
        })?;
    Ok(())
}

/// The error for damage that is not a torn tail.
fn damaged(path: &ErrorPath, Damage { pos, defect }: Damage) -> JournalError {
    let path = path.clone();
    let (line, offset) = (pos.line, pos.offset);
    if line == 1 {
        let reason = match defect {
            Defect::TooLong { limit } => format!("line longer than the limit of {limit} bytes"),
            other => other.reason(),
        };
        return JournalError::Header { path, reason };
    }
    match defect {
        Defect::Malformed(reason) => JournalError::Malformed {
            path,
            line,
            offset,
            reason,
        },
        Defect::Checksum { stored, computed } => JournalError::Checksum {
            path,
            line,
            offset,
            stored,
            computed,
        },
        Defect::TooLong { limit } => JournalError::LineTooLong {
            path,
            line,
            offset,
            limit,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Journal;

    #[test]
    fn header_round_trips() {
        let line = header_line();
        assert_eq!(line.last(), Some(&b'\n'));
        let payload = frame::verify(&line[..line.len() - 1], HEADER_KEY).expect("a frame");
        check_header(payload).expect("valid header");
        let text = String::from_utf8(line).expect("utf-8");
        assert_eq!(
            text,
            "{\"crc32c\":\"bde17529\",\"header\":{\"format\":\"materiel-journal\",\"version\":1}}\n"
        );
    }

    #[test]
    fn empty_and_headerless_inputs_are_header_errors() {
        let opts = JournalOptions::new();
        for input in [&b""[..], b"\n", b"{}\n", b"garbage"] {
            let err =
                Journal::read_from(input, Catalog::reference(), &opts).expect_err("not a journal");
            assert!(matches!(err, JournalError::Header { .. }), "{err}");
            assert_eq!(err.line(), Some(1));
        }
    }
}
