//! Replaying a journal: [`JournalReader`] turns the frames of [`super::frame::FrameReader`]
//! into entries (through [`super::wire`]) and appends them to a ledger, mapping framing
//! damage and torn tails to [`JournalError`] and [`Recovery`].

use std::io::{self, Read};

use super::{CheckpointStatus, ErrorPath, JournalError, JournalOptions, Recovery, Replay, io_err};
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
fn check_header(payload: &[u8]) -> Result<(), String> {
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
