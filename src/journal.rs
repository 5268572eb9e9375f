//! The durable journal (JSON Lines with checksums) and whole-ledger JSON snapshots.
//!
//! * [`Journal`] keeps a [`Ledger`] on disk: [`Journal::create`], [`Journal::open`],
//!   [`Journal::append`], [`Journal::retract`]. Its documentation states the
//!   [line format](Journal#line-format), the [durability](Journal#durability) guarantees of
//!   each [`Durability`] policy (set in [`JournalOptions`]), [crash
//!   recovery](Journal#crash-recovery) ([`Recovery`], [`Journal::repair`]) and the
//!   [concurrency model](Journal#concurrency).
//! * [`JournalReader`] replays a journal from bytes fed in pieces, into a [`Replay`].
//! * [`Ledger::to_snapshot_json`] and [`Ledger::from_snapshot_json`] save and load a whole
//!   ledger.
//! * Every failure is a [`JournalError`] naming the line or the file ([`ErrorPath`],
//!   [`IoError`]); the format names and versions are [`JOURNAL_FORMAT`], [`JOURNAL_VERSION`],
//!   [`SNAPSHOT_FORMAT`] and [`SNAPSHOT_VERSION`].
//!
//! Design: the [`Journal`] owns its [`Ledger`] (behind an `Arc`, for copy-on-write read
//! snapshots). `Journal::append` validates and applies the entry to the ledger with
//! `Ledger::append_then`, which calls back to write the line and rolls the ledger back exactly
//! as for a rejected entry if the write fails: the ledger is never ahead of the file, and a
//! rejected entry never reaches the file.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;

use crate::catalog::Catalog;
use crate::ledger::{Change, Entry, EntryId, Ledger, LedgerError, NewEntry};
use crate::provenance::Source;

/// The `format` field of a journal header.
pub const JOURNAL_FORMAT: &str = "materiel-journal";
/// The journal format version this build writes and reads.
pub const JOURNAL_VERSION: u32 = 1;
/// The `format` field of a ledger snapshot.
pub const SNAPSHOT_FORMAT: &str = "materiel-ledger-snapshot";
/// The snapshot format version this build writes and reads.
pub const SNAPSHOT_VERSION: u32 = 1;
/// Default longest journal line, newline excluded: 1 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 1 << 20;

const PREFIX: &[u8] = b"{\"crc32c\":\"";
const ENTRY_KEY: &[u8] = b"\",\"entry\":";
const HEADER_KEY: &[u8] = b"\",\"header\":";

// ---------------------------------------------------------------------------------------------
// CRC-32C (Castagnoli), reflected, table driven.

const CRC32C_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0x82F6_3B78
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// CRC-32C (Castagnoli) of `data`, as used by iSCSI, ext4 and SSE 4.2 `crc32`.
pub(crate) fn crc32c(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc = CRC32C_TABLE[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

// ---------------------------------------------------------------------------------------------
// Options, reports, errors.

/// When the journal asks the operating system to put appended lines on stable storage.
///
/// See [`Journal`'s durability section](Journal#durability).
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
    pub const fn new() -> Self {
        Self {
            durability: Durability::EveryEntry,
            repair: false,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
        }
    }
    /// Sets the durability policy.
    #[must_use]
    pub const fn durability(mut self, durability: Durability) -> Self {
        self.durability = durability;
        self
    }
    /// Whether [`Journal::open`] truncates a torn final line away (default `false`: it is
    /// reported and appends are refused until [`Journal::repair`]).
    #[must_use]
    pub const fn repair(mut self, repair: bool) -> Self {
        self.repair = repair;
        self
    }
    /// The longest line accepted on reading and writing, newline excluded (at least 256).
    #[must_use]
    pub const fn max_line_bytes(mut self, bytes: usize) -> Self {
        self.max_line_bytes = if bytes < 256 { 256 } else { bytes };
        self
    }
    /// The durability policy.
    pub const fn durability_policy(&self) -> Durability {
        self.durability
    }
    /// Whether opening repairs a torn tail.
    pub const fn repairs(&self) -> bool {
        self.repair
    }
    /// The longest line accepted.
    pub const fn line_limit(&self) -> usize {
        self.max_line_bytes
    }
}

/// A torn final line found on opening: what a crash in the middle of an append leaves.
///
/// The entries before it were recovered; the torn line was not taken for an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Recovery {
    /// The torn line's number, from 1 (the header is line 1).
    pub line: u64,
    /// The byte offset where the torn line starts: the length of the intact prefix.
    pub offset: u64,
    /// How many bytes the torn line has (its newline included, if it has one).
    pub bytes: u64,
    /// Why the line counts as torn.
    pub reason: String,
    /// Whether the torn bytes have been truncated away.
    pub repaired: bool,
}

impl fmt::Display for Recovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "torn final line {} at byte {} ({} bytes, {}): {}",
            self.line,
            self.offset,
            self.bytes,
            self.reason,
            if self.repaired {
                "truncated away"
            } else {
                "not yet repaired"
            }
        )
    }
}

/// The result of replaying a journal from a reader: see [`Journal::read_from`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Replay {
    /// The ledger of the intact entries.
    pub ledger: Ledger,
    /// The torn final line, if there was one.
    pub recovery: Option<Recovery>,
    /// The length in bytes of the intact prefix (header and entry lines).
    pub intact_bytes: u64,
}

/// An I/O error, shared so that [`JournalError`] can be `Clone`.
#[derive(Clone, Debug)]
pub struct IoError(Arc<io::Error>);

impl IoError {
    /// The underlying error.
    pub fn get(&self) -> &io::Error {
        &self.0
    }
    /// Its kind.
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorPath(Option<PathBuf>);

impl ErrorPath {
    /// The path, if the data came from a file.
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
    /// A line is not in the journal's line format (and is not a torn final line).
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
    /// A complete line's payload does not match its checksum.
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
    /// A line longer than the limit (reading stops there: nothing beyond the limit is read
    /// into memory).
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
    /// A snapshot is not valid JSON or lacks its format fields.
    #[error("{path}: bad ledger snapshot: {reason}")]
    Snapshot {
        /// The file.
        path: ErrorPath,
        /// What was wrong.
        reason: String,
    },
    /// A snapshot entry is not a valid entry, has the wrong id, or is rejected by the ledger.
    #[error("{path}: snapshot entry {index}: {reason}")]
    SnapshotEntry {
        /// The file.
        path: ErrorPath,
        /// The entry's index in `entries`, from 0.
        index: usize,
        /// What was wrong.
        reason: String,
        /// The ledger's rejection, if that was the reason.
        ledger: Option<LedgerError>,
    },
}

impl JournalError {
    /// The line the error is about (from 1), when it is about one line.
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

fn io_err(path: &ErrorPath, op: &'static str, offset: u64, e: io::Error) -> JournalError {
    JournalError::Io {
        path: path.clone(),
        op,
        offset,
        source: e.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Line encoding.

#[derive(serde::Serialize)]
struct EntryRef<'a> {
    id: EntryId,
    #[serde(flatten)]
    entry: &'a NewEntry,
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: String,
    version: u32,
}

fn frame(key: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut line = Vec::with_capacity(payload.len() + 32);
    line.extend_from_slice(PREFIX);
    line.extend_from_slice(format!("{:08x}", crc32c(payload)).as_bytes());
    line.extend_from_slice(key);
    line.extend_from_slice(payload);
    line.extend_from_slice(b"}\n");
    line
}

fn header_line() -> Vec<u8> {
    let payload = format!("{{\"format\":\"{JOURNAL_FORMAT}\",\"version\":{JOURNAL_VERSION}}}");
    frame(HEADER_KEY, payload.as_bytes())
}

fn entry_line(id: EntryId, entry: &NewEntry) -> Result<Vec<u8>, JournalError> {
    let payload = serde_json::to_vec(&EntryRef { id, entry }).map_err(|e| JournalError::Json {
        path: ErrorPath(None),
        line: 0,
        offset: 0,
        message: format!("cannot encode entry: {e}"),
    })?;
    Ok(frame(ENTRY_KEY, &payload))
}

/// Why a line's frame is bad.
#[derive(Clone, Debug)]
enum FrameError {
    Malformed(String),
    Checksum { stored: u32, computed: u32 },
}

impl FrameError {
    fn reason(&self) -> String {
        match self {
            Self::Malformed(reason) => reason.clone(),
            Self::Checksum { stored, computed } => {
                format!("checksum mismatch: line says {stored:08x}, payload has {computed:08x}")
            }
        }
    }
}

/// Splits a line (newline excluded) into its payload, checking the frame and checksum.
fn unframe<'a>(line: &'a [u8], key: &[u8]) -> Result<&'a [u8], FrameError> {
    let bad = |s: &str| FrameError::Malformed(s.to_owned());
    let rest = line
        .strip_prefix(PREFIX)
        .ok_or_else(|| bad("does not start with {\"crc32c\":\""))?;
    if rest.len() < 8 {
        return Err(bad("truncated checksum"));
    }
    let (hex, rest) = rest.split_at(8);
    let mut stored = 0u32;
    for &h in hex {
        let digit = match h {
            b'0'..=b'9' => h - b'0',
            b'a'..=b'f' => h - b'a' + 10,
            _ => return Err(bad("checksum is not 8 lowercase hex digits")),
        };
        stored = (stored << 4) | u32::from(digit);
    }
    let rest = rest.strip_prefix(key).ok_or_else(|| {
        FrameError::Malformed(format!(
            "expected {} after the checksum",
            String::from_utf8_lossy(key)
        ))
    })?;
    let payload = rest
        .strip_suffix(b"}")
        .ok_or_else(|| bad("does not end with }"))?;
    let computed = crc32c(payload);
    if computed != stored {
        return Err(FrameError::Checksum { stored, computed });
    }
    Ok(payload)
}

/// Replays a journal read from `reader` into a ledger over `catalog`.
fn replay(
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
/// limit). The result does not depend on how the bytes are split into chunks;
/// [`Journal::read_from`] is this reader fed from a [`Read`].
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
    limit: usize,
    /// Complete lines taken (the header included).
    lines: u64,
    /// Bytes of those lines: the intact prefix.
    offset: u64,
    /// The current line so far, without newline.
    partial: Vec<u8>,
    /// A complete line with a bad frame that is torn if nothing follows: (why, its bytes).
    pending: Option<(FrameError, u64)>,
    failed: Option<JournalError>,
}

impl JournalReader {
    /// A reader replaying into a new ledger over `catalog`, with `options`' line limit.
    pub fn new(catalog: Catalog, options: &JournalOptions) -> Self {
        Self::with_path(catalog, options, ErrorPath(None))
    }

    fn with_path(catalog: Catalog, options: &JournalOptions, path: ErrorPath) -> Self {
        Self {
            ledger: Ledger::new(catalog),
            path,
            limit: options.max_line_bytes,
            lines: 0,
            offset: 0,
            partial: Vec::new(),
            pending: None,
            failed: None,
        }
    }

    /// The ledger of the complete lines fed so far.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// The length of the complete, valid lines fed so far.
    pub fn intact_bytes(&self) -> u64 {
        self.offset
    }

    /// Takes the next chunk of the journal.
    ///
    /// # Errors
    ///
    /// The first defect found that cannot be a torn final line (see
    /// [crash recovery](Journal#crash-recovery)); once an error is returned, every later call
    /// returns it again.
    pub fn feed(&mut self, data: &[u8]) -> Result<(), JournalError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let result = self.feed_inner(data);
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        result
    }

    fn too_long(&self) -> JournalError {
        if self.lines == 0 {
            JournalError::Header {
                path: self.path.clone(),
                reason: format!("line longer than the limit of {} bytes", self.limit),
            }
        } else {
            JournalError::LineTooLong {
                path: self.path.clone(),
                line: self.lines + 1,
                offset: self.offset,
                limit: self.limit,
            }
        }
    }

    fn feed_inner(&mut self, mut data: &[u8]) -> Result<(), JournalError> {
        if data.is_empty() {
            return Ok(());
        }
        if let Some((e, _)) = self.pending.take() {
            return Err(self.frame_error(e));
        }
        while !data.is_empty() {
            let Some(i) = data.iter().position(|&b| b == b'\n') else {
                if self.partial.len() + data.len() > self.limit {
                    return Err(self.too_long());
                }
                self.partial.extend_from_slice(data);
                return Ok(());
            };
            if self.partial.len() + i > self.limit {
                return Err(self.too_long());
            }
            let more = i + 1 < data.len();
            if self.partial.is_empty() {
                self.take_line(&data[..i], more)?;
            } else {
                let mut line = std::mem::take(&mut self.partial);
                line.extend_from_slice(&data[..i]);
                self.take_line(&line, more)?;
                line.clear();
                self.partial = line;
            }
            data = &data[i + 1..];
        }
        Ok(())
    }

    fn frame_error(&self, e: FrameError) -> JournalError {
        let (path, line, offset) = (self.path.clone(), self.lines + 1, self.offset);
        match e {
            FrameError::Checksum { stored, computed } => JournalError::Checksum {
                path,
                line,
                offset,
                stored,
                computed,
            },
            FrameError::Malformed(reason) => JournalError::Malformed {
                path,
                line,
                offset,
                reason,
            },
        }
    }

    /// Takes one complete line (newline excluded); `more` says whether bytes follow it.
    fn take_line(&mut self, line: &[u8], more: bool) -> Result<(), JournalError> {
        let consumed = line.len() as u64 + 1;
        if self.lines == 0 {
            check_header(line, true, &self.path)?;
        } else {
            let payload = match unframe(line, ENTRY_KEY) {
                Ok(payload) => payload,
                Err(e) if more => return Err(self.frame_error(e)),
                Err(e) => {
                    self.pending = Some((e, consumed));
                    return Ok(());
                }
            };
            let (path, line_no, offset) = (&self.path, self.lines + 1, self.offset);
            let entry: Entry = serde_json::from_slice(payload).map_err(|e| JournalError::Json {
                path: path.clone(),
                line: line_no,
                offset,
                message: e.to_string(),
            })?;
            let expected = EntryId::new(self.ledger.len() as u64);
            if entry.id() != expected {
                return Err(JournalError::IdMismatch {
                    path: path.clone(),
                    line: line_no,
                    offset,
                    expected,
                    found: entry.id(),
                });
            }
            self.ledger
                .append(entry.into_content())
                .map_err(|source| JournalError::Rejected {
                    path: path.clone(),
                    line: line_no,
                    offset,
                    source,
                })?;
        }
        self.lines += 1;
        self.offset += consumed;
        Ok(())
    }

    /// Ends the input: a pending or unterminated final line is reported as torn.
    ///
    /// # Errors
    ///
    /// An error from [`JournalReader::feed`], or [`JournalError::Header`] when the input ended
    /// before a complete header.
    pub fn finish(self) -> Result<Replay, JournalError> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        if self.lines == 0 {
            if self.partial.is_empty() {
                return Err(JournalError::Header {
                    path: self.path,
                    reason: "empty file".into(),
                });
            }
            check_header(&self.partial, false, &self.path)?;
        }
        let torn = |bytes: u64, reason: String| {
            Some(Recovery {
                line: self.lines + 1,
                offset: self.offset,
                bytes,
                reason,
                repaired: false,
            })
        };
        let recovery = if let Some((e, bytes)) = &self.pending {
            torn(*bytes, e.reason())
        } else if !self.partial.is_empty() {
            let reason = match unframe(&self.partial, ENTRY_KEY) {
                Ok(_) => {
                    "no trailing newline (the line checks, but its append never completed)".into()
                }
                Err(e) => format!("no trailing newline, {}", e.reason()),
            };
            torn(self.partial.len() as u64, reason)
        } else {
            None
        };
        Ok(Replay {
            ledger: self.ledger,
            recovery,
            intact_bytes: self.offset,
        })
    }
}

fn check_header(line: &[u8], terminated: bool, path: &ErrorPath) -> Result<(), JournalError> {
    let bad = |reason: String| JournalError::Header {
        path: path.clone(),
        reason,
    };
    let payload = unframe(line, HEADER_KEY).map_err(|e| match e {
        FrameError::Malformed(r) => bad(r),
        FrameError::Checksum { stored, computed } => bad(format!(
            "checksum mismatch: line says {stored:08x}, payload has {computed:08x}"
        )),
    })?;
    if !terminated {
        return Err(bad("no trailing newline".into()));
    }
    let header: Header =
        serde_json::from_slice(payload).map_err(|e| bad(format!("invalid header JSON: {e}")))?;
    if header.format != JOURNAL_FORMAT {
        return Err(bad(format!(
            "format is {:?}, expected {JOURNAL_FORMAT:?}",
            header.format
        )));
    }
    if header.version != JOURNAL_VERSION {
        return Err(bad(format!(
            "unsupported version {} (this build reads version {JOURNAL_VERSION})",
            header.version
        )));
    }
    Ok(())
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
/// JSON: an [`Entry`] with its `id`, or the header), `}` and a newline. The checksum covers
/// exactly the payload bytes between the key and the final `}`, so it is checked without
/// re-encoding; any other layout (uppercase hex, added spaces, reordered keys) is rejected.
/// An entry's `id` must equal its position (0 for line 2): a lost, repeated or moved line is
/// an error even when its checksum holds. The header's `format` is `"materiel-journal"` and
/// its `version` is [`JOURNAL_VERSION`]; other versions are refused.
///
/// # Durability
///
/// - [`Journal::create`] writes the header to a temporary file in the same directory,
///   `fsync`s it, renames it into place and `fsync`s the directory (on Unix): after `create`
///   returns, the journal exists with its header, and a crash during `create` leaves no
///   journal (at most a stray `*.creating` file).
/// - [`Durability::EveryEntry`] (the default): `append` writes the whole line with one
///   `write` and calls `fdatasync` (`File::sync_data`) before returning `Ok`. Every entry whose
///   `append` returned `Ok` is on stable storage; a crash can only lose the entry being
///   appended, which at worst leaves a torn final line.
/// - [`Durability::OnSync`]: `append` writes the line but does not `fsync`;
///   [`Journal::sync`] does. A crash (of the machine, not just the process) can lose every
///   entry appended since the last successful `sync`, and leave a torn final line; entries
///   before it are kept.
/// - Whatever the policy, the file only ever grows by whole lines, is never rewritten, and an
///   entry is only written after the ledger accepted it. Storage that lies about `fsync` or
///   corrupts data at rest is detected (checksums, ids) but not repaired.
///
/// # Crash recovery
///
/// [`Journal::open`] replays every line through [`Ledger::append`] (the same validation as
/// live appends). The final line is *torn* if it has no trailing newline, or fails its
/// checksum or frame: what a crash during an append leaves (including a zero-filled tail).
/// A torn final line is never taken for an entry: opening returns the ledger of the intact
/// prefix and a [`Recovery`] report ([`Journal::recovery`]) naming the line, its offset and
/// size. Without [`JournalOptions::repair`], the bytes stay on disk and appends fail with
/// [`JournalError::NeedsRepair`] until [`Journal::repair`] truncates them; with it, `open`
/// truncates them and `fsync`s. Every other defect (a checksum mismatch or bad frame on a line
/// that is not the last, bad JSON under a valid checksum, a wrong id, an entry the ledger
/// rejects, a bad header, a line over the limit) is an error naming the line and byte offset:
/// no entry is ever skipped.
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
/// same file, in this process or another, gets [`JournalError::Locked`]. Readers that only
/// replay ([`Journal::read_from`], [`JournalReader`]) take no lock. Appends take `&mut self`, so readers in
/// the same process see a consistent prefix: [`Journal::ledger`] borrows the ledger between
/// appends, and [`Journal::snapshot`] returns an `Arc<Ledger>` that is `Send + Sync` and can be
/// handed to other threads. A snapshot costs one reference count; the first append after
/// taking one clones the whole ledger (copy-on-write, O(entries)), later appends do not until
/// the next snapshot. Other processes may read the file at any time with
/// [`Journal::read_from`]: they see a prefix of whole lines plus, at worst, a line being
/// written, which they report as torn.
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
    recovery: Option<Recovery>,
    poisoned: bool,
}

impl Journal {
    /// Creates a new, empty journal at `path` (see [durability](Journal#durability)).
    ///
    /// # Errors
    ///
    /// [`JournalError::Exists`] if a file is already there, [`JournalError::Io`] if the file
    /// or its directory cannot be written or synced.
    pub fn create(
        path: impl AsRef<Path>,
        catalog: Catalog,
        options: &JournalOptions,
    ) -> Result<Self, JournalError> {
        let path = path.as_ref().to_path_buf();
        let epath = ErrorPath(Some(path.clone()));
        if fs::symlink_metadata(&path).is_ok() {
            return Err(JournalError::Exists { path: epath });
        }
        let header = header_line();
        write_atomically(&path, &header, &epath)?;
        let mut file = File::options()
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| io_err(&epath, "open", 0, e))?;
        lock(&file, &epath)?;
        file.seek(SeekFrom::End(0))
            .map_err(|e| io_err(&epath, "seek", 0, e))?;
        Ok(Self {
            path,
            epath,
            file,
            ledger: Arc::new(Ledger::new(catalog)),
            options: options.clone(),
            len: header.len() as u64,
            recovery: None,
            poisoned: false,
        })
    }

    /// Opens the journal at `path`, replaying it into a ledger over `catalog` (see
    /// [crash recovery](Journal#crash-recovery)).
    ///
    /// # Errors
    ///
    /// A [`JournalError`] naming the line and byte offset of the first defect that is not a
    /// torn final line, or [`JournalError::Io`].
    pub fn open(
        path: impl AsRef<Path>,
        catalog: Catalog,
        options: &JournalOptions,
    ) -> Result<Self, JournalError> {
        let path = path.as_ref().to_path_buf();
        let epath = ErrorPath(Some(path.clone()));
        let file = File::options()
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| io_err(&epath, "open", 0, e))?;
        lock(&file, &epath)?;
        let replayed = replay(&file, catalog, options, &epath)?;
        let mut journal = Self {
            path,
            epath,
            file,
            ledger: Arc::new(replayed.ledger),
            options: options.clone(),
            len: replayed.intact_bytes,
            recovery: replayed.recovery,
            poisoned: false,
        };
        if options.repair {
            journal.repair()?;
        }
        Ok(journal)
    }

    /// Replays a journal from any reader (a file opened read-only, bytes in memory) without
    /// opening it for writing. Torn tails are reported in [`Replay::recovery`], never
    /// repaired; errors name the path `<reader>`.
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
        replay(reader, catalog, options, &ErrorPath(None))
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
    pub fn append(&mut self, entry: NewEntry) -> Result<EntryId, JournalError> {
        self.writable()?;
        let Self {
            file,
            ledger,
            options,
            len,
            poisoned,
            epath,
            ..
        } = self;
        Arc::make_mut(ledger).append_then(entry, |id, entry| {
            let line = entry_line(id, entry)?;
            if line.len() - 1 > options.max_line_bytes {
                return Err(JournalError::EntryTooLong {
                    bytes: line.len() - 1,
                    limit: options.max_line_bytes,
                });
            }
            write_line(file, len, &line, options.durability, poisoned, epath)
        })
    }

    /// Withdraws entry `target` (see [`Ledger::retract`]), through the journal.
    ///
    /// # Errors
    ///
    /// As [`Journal::append`]; an unknown target is [`LedgerError::UnknownEntry`].
    pub fn retract(
        &mut self,
        target: EntryId,
        source: Source,
        recorded: Timestamp,
        note: Option<String>,
    ) -> Result<EntryId, JournalError> {
        let Some(original) = self.ledger.get(target) else {
            return Err(LedgerError::UnknownEntry { entry: target }.into());
        };
        let mut entry = NewEntry::new(
            original.holder().clone(),
            original.platform().clone(),
            original.effective(),
            Change::Retracted { entry: target },
            source,
            recorded,
        );
        entry.note = note;
        self.append(entry)
    }

    /// Puts every line appended so far on stable storage (`fdatasync`).
    ///
    /// # Errors
    ///
    /// [`JournalError::Io`]; the journal is then poisoned (after a failed `fsync` the kernel
    /// may have dropped the unwritten data: reopen to see what is durable).
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

    /// Truncates a torn final line away (and `fsync`s), returning its report; `None` when there
    /// was nothing to repair.
    ///
    /// # Errors
    ///
    /// [`JournalError::Io`] if the file cannot be truncated or synced.
    pub fn repair(&mut self) -> Result<Option<Recovery>, JournalError> {
        let Some(recovery) = self.recovery.as_mut().filter(|r| !r.repaired) else {
            return Ok(None);
        };
        self.file
            .set_len(self.len)
            .map_err(|e| io_err(&self.epath, "truncate", self.len, e))?;
        self.file
            .sync_data()
            .map_err(|e| io_err(&self.epath, "sync", self.len, e))?;
        recovery.repaired = true;
        Ok(Some(recovery.clone()))
    }

    /// The torn final line found on opening, if any (with `repaired` telling whether it was
    /// truncated away).
    pub fn recovery(&self) -> Option<&Recovery> {
        self.recovery.as_ref()
    }

    /// The ledger of every entry appended so far.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// A shared read snapshot of the ledger as it is now: O(1); the next append then clones
    /// the ledger once (see [concurrency](Journal#concurrency)).
    pub fn snapshot(&self) -> Arc<Ledger> {
        Arc::clone(&self.ledger)
    }

    /// The ledger, closing the journal (without an `fsync`: call [`Journal::sync`] first under
    /// [`Durability::OnSync`]).
    pub fn into_ledger(self) -> Ledger {
        Arc::unwrap_or_clone(self.ledger)
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The length in bytes of the intact journal (where the next line goes).
    pub fn len_bytes(&self) -> u64 {
        self.len
    }

    /// The options it was opened with.
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
    len: &mut u64,
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
    Ok(())
}

/// Writes `data` to `path` through a synced temporary file, a rename and a directory sync.
fn write_atomically(path: &Path, data: &[u8], epath: &ErrorPath) -> Result<(), JournalError> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".creating");
    let tmp = path.with_file_name(tmp_name);
    let result = (|| -> io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_dir(path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io_err(epath, "create", 0, e)
    })
}

#[cfg(unix)]
fn sync_dir(path: &Path) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Snapshots.

#[derive(serde::Deserialize)]
struct SnapshotIn {
    format: String,
    version: u32,
    entries: Vec<serde_json::Value>,
}

impl Ledger {
    /// The whole ledger as one JSON document: `{"format":"materiel-ledger-snapshot",
    /// "version":1,"entries":[...]}` with one [`Entry`] (with its `id`) per line, in append
    /// order. [`Ledger::from_snapshot_json`] reads it back.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{Catalog, Ledger};
    ///
    /// let ledger = Ledger::new(Catalog::reference());
    /// let json = ledger.to_snapshot_json();
    /// let back = Ledger::from_snapshot_json(&json, Catalog::reference())?;
    /// assert!(back.is_empty());
    /// # Ok::<(), materiel::journal::JournalError>(())
    /// ```
    pub fn to_snapshot_json(&self) -> String {
        let mut out = format!(
            "{{\"format\":\"{SNAPSHOT_FORMAT}\",\"version\":{SNAPSHOT_VERSION},\"entries\":["
        );
        for (i, entry) in self.entries().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            // Entries are plain data (strings, integers, enums): encoding cannot fail.
            match serde_json::to_string(&entry) {
                Ok(json) => out.push_str(&json),
                Err(e) => out.push_str(&format!("{{\"encoding_error\":{:?}}}", e.to_string())),
            }
        }
        out.push_str("\n]}\n");
        out
    }

    /// Reads a snapshot written by [`Ledger::to_snapshot_json`], replaying every entry through
    /// [`Ledger::append`] over `catalog` (the same validation as live appends).
    ///
    /// # Errors
    ///
    /// [`JournalError::Snapshot`] for bad JSON or format fields,
    /// [`JournalError::SnapshotEntry`] naming the index of the first entry that is invalid,
    /// has another id than its index, or is rejected by the ledger.
    pub fn from_snapshot_json(text: &str, catalog: Catalog) -> Result<Ledger, JournalError> {
        snapshot_from(text, catalog, &ErrorPath(None))
    }

    /// Writes [`Ledger::to_snapshot_json`] to `path` atomically (temporary file, `fsync`,
    /// rename, directory `fsync`), replacing any file there.
    ///
    /// # Errors
    ///
    /// [`JournalError::Io`].
    pub fn save_snapshot(&self, path: impl AsRef<Path>) -> Result<(), JournalError> {
        let path = path.as_ref();
        write_atomically(
            path,
            self.to_snapshot_json().as_bytes(),
            &ErrorPath(Some(path.to_path_buf())),
        )
    }

    /// Reads a snapshot file written by [`Ledger::save_snapshot`].
    ///
    /// # Errors
    ///
    /// [`JournalError::Io`], or as [`Ledger::from_snapshot_json`].
    pub fn load_snapshot(path: impl AsRef<Path>, catalog: Catalog) -> Result<Ledger, JournalError> {
        let path = path.as_ref();
        let epath = ErrorPath(Some(path.to_path_buf()));
        let text = fs::read_to_string(path).map_err(|e| io_err(&epath, "read", 0, e))?;
        snapshot_from(&text, catalog, &epath)
    }
}

fn snapshot_from(text: &str, catalog: Catalog, path: &ErrorPath) -> Result<Ledger, JournalError> {
    let snap: SnapshotIn = serde_json::from_str(text).map_err(|e| JournalError::Snapshot {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    if snap.format != SNAPSHOT_FORMAT {
        return Err(JournalError::Snapshot {
            path: path.clone(),
            reason: format!("format is {:?}, expected {SNAPSHOT_FORMAT:?}", snap.format),
        });
    }
    if snap.version != SNAPSHOT_VERSION {
        return Err(JournalError::Snapshot {
            path: path.clone(),
            reason: format!(
                "unsupported version {} (this build reads version {SNAPSHOT_VERSION})",
                snap.version
            ),
        });
    }
    let mut ledger = Ledger::new(catalog);
    for (index, value) in snap.entries.into_iter().enumerate() {
        let bad = |reason: String, ledger: Option<LedgerError>| JournalError::SnapshotEntry {
            path: path.clone(),
            index,
            reason,
            ledger,
        };
        let entry: Entry =
            serde_json::from_value(value).map_err(|e| bad(format!("invalid entry: {e}"), None))?;
        if entry.id().get() != index as u64 {
            return Err(bad(
                format!("has id {}, expected #{index}", entry.id()),
                None,
            ));
        }
        ledger
            .append(entry.into_content())
            .map_err(|e| bad(format!("rejected by the ledger: {e}"), Some(e)))?;
    }
    Ok(ledger)
}

/// Takes the journal's exclusive advisory lock, or says who holds it.
fn lock(file: &File, epath: &ErrorPath) -> Result<(), JournalError> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(fs::TryLockError::WouldBlock) => Err(JournalError::Locked {
            path: epath.clone(),
        }),
        Err(fs::TryLockError::Error(e)) => Err(io_err(epath, "lock", 0, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_check_value() {
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc32c(b""), 0);
    }

    #[test]
    fn header_round_trips() {
        let line = header_line();
        assert_eq!(line.last(), Some(&b'\n'));
        let body = &line[..line.len() - 1];
        assert!(unframe(body, HEADER_KEY).is_ok());
        check_header(body, true, &ErrorPath(None)).expect("valid header");
        let text = String::from_utf8(line).expect("utf-8");
        assert!(text.starts_with("{\"crc32c\":\""));
        serde_json::from_str::<serde_json::Value>(&text).expect("a JSON line");
    }

    #[test]
    fn uppercase_hex_is_rejected() {
        let line = header_line();
        let mut body = line[..line.len() - 1].to_vec();
        for b in &mut body[PREFIX.len()..PREFIX.len() + 8] {
            b.make_ascii_uppercase();
        }
        if body != line[..line.len() - 1] {
            assert!(unframe(&body, HEADER_KEY).is_err());
        }
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
