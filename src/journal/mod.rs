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
use crate::ledger::{Entry, EntryId, Ledger, LedgerError, NewEntry};
use crate::provenance::Source;

/// The `format` field of a journal header.
pub const JOURNAL_FORMAT: &str = "materiel-journal";
/// The journal format version this build writes and reads.
pub const JOURNAL_VERSION: u32 = 1;
/// The `format` field of a ledger snapshot.
pub const SNAPSHOT_FORMAT: &str = "materiel-ledger-snapshot";
/// The snapshot format version this build writes and reads.
pub const SNAPSHOT_VERSION: u32 = 2;
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
    crc32c_update(0, data)
}

/// The CRC-32C of the bytes whose CRC-32C is `crc`, followed by `data`.
fn crc32c_update(crc: u32, data: &[u8]) -> u32 {
    let mut crc = !crc;
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
    /// Whether [`Journal::open`] repairs a torn tail at once, keeping the bytes it cuts in a
    /// side file (default `false`: it is reported and appends are refused until
    /// [`Journal::repair`]). See [crash recovery](Journal#crash-recovery).
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

/// A torn tail found on opening: what a crash in the middle of an append, or before unsynced
/// pages reached the disk, leaves (see [crash recovery](Journal#crash-recovery)).
///
/// The tail runs from the first line that is not intact to the end of the file, and no intact
/// line follows it. The entries before it were recovered; nothing in the tail was taken for
/// an entry.
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
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Replay {
    /// The ledger of the intact entries.
    pub ledger: Ledger,
    /// The torn tail, if there was one.
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
/// limit; twice that while scanning a damaged region). The result does not depend on how the bytes are split into chunks;
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
    /// The damaged tail being scanned, once a line was not intact.
    tail: Option<Tail>,
    failed: Option<JournalError>,
}

/// A damaged region, from the first line that is not intact to the end of the input so far:
/// a torn tail if it reaches the end without an intact line in it, an error otherwise.
#[derive(Clone, Debug)]
struct Tail {
    /// The error naming the region's first line, returned if an intact line turns up.
    error: JournalError,
    /// Why that line is not intact.
    reason: String,
    /// The region's length so far.
    bytes: u64,
    /// The last bytes of the region's current line: at least the last `limit` (or all of
    /// them), at most twice that.
    window: Vec<u8>,
}

/// Whether `line` (newline excluded) ends with a whole entry frame whose checksum verifies,
/// starting anywhere in it.
fn ends_with_valid_frame(line: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = line[from..].windows(PREFIX.len()).position(|w| w == PREFIX) {
        if unframe(&line[from + i..], ENTRY_KEY).is_ok() {
            return true;
        }
        from += i + 1;
    }
    false
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
            tail: None,
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
    /// The first defect found that cannot be part of a torn tail (see
    /// [crash recovery](Journal#crash-recovery)); once an error is returned, every later call
    /// returns it again. A damaged line is reported when the intact line after it arrives
    /// (until then it may still be the start of a torn tail).
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
        while !data.is_empty() {
            if self.tail.is_some() {
                return self.feed_tail(data);
            }
            let Some(i) = data.iter().position(|&b| b == b'\n') else {
                if self.partial.len() + data.len() > self.limit {
                    let reason = format!("longer than the line limit of {} bytes", self.limit);
                    self.start_tail(self.too_long(), reason)?;
                    return self.feed_tail(data);
                }
                self.partial.extend_from_slice(data);
                return Ok(());
            };
            if self.partial.len() + i > self.limit {
                let reason = format!("longer than the line limit of {} bytes", self.limit);
                self.start_tail(self.too_long(), reason)?;
                return self.feed_tail(data);
            }
            let mut line = std::mem::take(&mut self.partial);
            line.extend_from_slice(&data[..i]);
            match self.take_line(&line)? {
                None => {
                    line.clear();
                    self.partial = line;
                    data = &data[i + 1..];
                }
                Some(e) => {
                    // The line goes to the tail, which then takes its newline.
                    self.partial = line;
                    let reason = e.reason();
                    self.start_tail(self.frame_error(e), reason)?;
                    data = &data[i..];
                }
            }
        }
        Ok(())
    }

    /// Starts a damaged region at the current line (whose bytes so far are in `partial`).
    fn start_tail(&mut self, error: JournalError, reason: String) -> Result<(), JournalError> {
        if self.lines == 0 {
            // The header is never a torn tail: `create` syncs it before the file appears.
            return Err(error);
        }
        let partial = std::mem::take(&mut self.partial);
        self.tail = Some(Tail {
            error,
            reason,
            bytes: 0,
            window: Vec::new(),
        });
        self.feed_tail(&partial)
    }

    /// Scans damaged bytes: an intact line among them makes the damage an error.
    fn feed_tail(&mut self, mut data: &[u8]) -> Result<(), JournalError> {
        let limit = self.limit;
        let Some(tail) = self.tail.as_mut() else {
            return Ok(());
        };
        while !data.is_empty() {
            let newline = data.iter().position(|&b| b == b'\n');
            let segment = &data[..newline.unwrap_or(data.len())];
            if segment.len() >= limit {
                tail.window.clear();
                tail.window
                    .extend_from_slice(&segment[segment.len() - limit..]);
            } else {
                tail.window.extend_from_slice(segment);
                if tail.window.len() > 2 * limit {
                    tail.window.drain(..tail.window.len() - limit);
                }
            }
            tail.bytes += segment.len() as u64;
            data = &data[segment.len()..];
            if newline.is_some() {
                tail.bytes += 1;
                data = &data[1..];
                let window = &tail.window[tail.window.len().saturating_sub(limit)..];
                if ends_with_valid_frame(window) {
                    return Err(tail.error.clone());
                }
                tail.window.clear();
            }
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

    /// Takes one complete line (newline excluded); a bad frame is returned, to start a
    /// damaged region.
    fn take_line(&mut self, line: &[u8]) -> Result<Option<FrameError>, JournalError> {
        let consumed = line.len() as u64 + 1;
        if self.lines == 0 {
            check_header(line, true, &self.path)?;
        } else {
            let payload = match unframe(line, ENTRY_KEY) {
                Ok(payload) => payload,
                Err(e) => return Ok(Some(e)),
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
        Ok(None)
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
                saved: None,
            })
        };
        let recovery = if let Some(tail) = &self.tail {
            torn(tail.bytes, tail.reason.clone())
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
        // The header goes to a file of this process's own, locked before anything is visible;
        // a hard link then puts it at `path` only if nothing is there (the loser of a race
        // gets `Exists`), and the temporary name is removed.
        let (tmp, mut file) = create_temp(&path).map_err(|e| io_err(&epath, "create", 0, e))?;
        let linked = lock(&file, &epath).and_then(|()| {
            file.write_all(&header)
                .and_then(|()| file.sync_all())
                .map_err(|e| io_err(&epath, "write", 0, e))?;
            match fs::hard_link(&tmp, &path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(JournalError::Exists {
                    path: epath.clone(),
                }),
                Err(e) => Err(io_err(&epath, "link", 0, e)),
            }
        });
        let removed = fs::remove_file(&tmp);
        linked?;
        removed
            .and_then(|()| sync_dir(&path))
            .map_err(|e| io_err(&epath, "sync", 0, e))?;
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
    /// torn tail, or [`JournalError::Io`].
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
        let entry = self.ledger.retraction(target, source, recorded, note)?;
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

    /// Repairs the torn tail found on opening: copies it to a side file next to the journal
    /// (named in [`Recovery::saved`]) and `fsync`s that, then truncates the journal to its
    /// intact prefix and `fsync`s it. Returns the report; `None` when there was nothing to
    /// repair. See [crash recovery](Journal#crash-recovery).
    ///
    /// # Errors
    ///
    /// [`JournalError::Io`] if the side file cannot be written, or the journal cannot be
    /// truncated or synced (the journal is left as it was if the side file fails).
    pub fn repair(&mut self) -> Result<Option<Recovery>, JournalError> {
        let Some(recovery) = self.recovery.as_mut().filter(|r| !r.repaired) else {
            return Ok(None);
        };
        let saved = save_tail(&self.path, &mut self.file, self.len)
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

    /// The torn tail found on opening, if any (with `repaired` telling whether it was
    /// truncated away, and `saved` where its bytes were kept).
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

/// Creates a new file next to `path` under a name no other process or call uses
/// (`.<name>.<pid>-<n>.tmp`), never replacing anything.
fn create_temp(path: &Path) -> io::Result<(PathBuf, File)> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    loop {
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => return Ok((tmp, file)),
            // A stray file from a process that had this pid before: try the next number.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < u64::MAX => {}
            Err(e) => return Err(e),
        }
    }
}

/// Writes to `path` through a synced temporary file of this process's own, a rename over
/// `path` and a directory sync.
fn write_atomically(
    path: &Path,
    epath: &ErrorPath,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), JournalError> {
    let (tmp, file) = create_temp(path).map_err(|e| io_err(epath, "create", 0, e))?;
    let result = (|| -> io::Result<()> {
        let mut out = io::BufWriter::new(file);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        sync_dir(path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io_err(epath, "write", 0, e)
    })
}

/// Copies the bytes of `file` from `offset` to its end into a new side file next to `path`
/// (`<name>.torn-<offset>`, or `<name>.torn-<offset>-<n>` if taken), synced, and returns
/// the side file's path.
fn save_tail(path: &Path, file: &mut File, offset: u64) -> io::Result<PathBuf> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut n = 0u32;
    let (side_path, mut side) = loop {
        let side_name = if n == 0 {
            format!("{name}.torn-{offset}")
        } else {
            format!("{name}.torn-{offset}-{n}")
        };
        let side_path = path.with_file_name(side_name);
        match File::options()
            .write(true)
            .create_new(true)
            .open(&side_path)
        {
            Ok(f) => break (side_path, f),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 10_000 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let copied = (|| -> io::Result<()> {
        file.seek(SeekFrom::Start(offset))?;
        io::copy(file, &mut side)?;
        side.sync_all()?;
        sync_dir(&side_path)
    })();
    if let Err(e) = copied {
        let _ = fs::remove_file(&side_path);
        return Err(e);
    }
    Ok(side_path)
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

impl Ledger {
    /// The whole ledger as one JSON document, in snapshot format version 2: one
    /// checksummed [`Entry`] (with its `id`) per line, in append order, then the entry count
    /// and a checksum of all entries. [`Ledger::from_snapshot_json`] reads it back.
    ///
    /// ```text
    /// {"format":"materiel-ledger-snapshot","version":2,"entries":[
    /// {"crc32c":"<8 hex>","entry":{"id":0,...}},
    /// {"crc32c":"<8 hex>","entry":{"id":1,...}}
    /// ],"count":2,"crc32c":"<8 hex>"}
    /// ```
    ///
    /// Each entry is framed as a journal line is (see [the line format](Journal#line-format)):
    /// the CRC-32C of the entry's exact bytes. The final `crc32c` is the CRC-32C of all entry
    /// payloads one after the other, so that a removed, added or edited entry is an error on
    /// loading, not another ledger. The keys come in exactly this order.
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
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write_snapshot(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Streams the snapshot to `out`, one entry at a time.
    fn write_snapshot(&self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\"format\":\"{SNAPSHOT_FORMAT}\",\"version\":{SNAPSHOT_VERSION},\"entries\":["
        )?;
        let mut all = 0u32;
        let mut count = 0u64;
        for (i, entry) in self.entries().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            // Entries are plain data (strings, integers, enums): encoding cannot fail.
            let payload = serde_json::to_vec(&entry).map_err(io::Error::other)?;
            all = crc32c_update(all, &payload);
            let line = frame(ENTRY_KEY, &payload);
            out.write_all(&line[..line.len() - 1])?;
            count += 1;
        }
        writeln!(out, "\n],\"count\":{count},\"crc32c\":\"{all:08x}\"}}")
    }

    /// Reads a snapshot written by [`Ledger::to_snapshot_json`], replaying every entry through
    /// [`Ledger::append`] over `catalog` (the same validation as live appends).
    ///
    /// Only snapshot format version 2 is read: version 1 snapshots had no checksums (replay
    /// the journal, or load them with `materiel` 0.1 and save them again).
    ///
    /// # Errors
    ///
    /// [`JournalError::Snapshot`] for bad JSON, format fields, count or whole-snapshot
    /// checksum, or an unknown key; [`JournalError::SnapshotEntry`] naming the index of the
    /// first entry that is not valid JSON, fails its checksum, is not a valid entry, has
    /// another id than its index, or is rejected by the ledger.
    pub fn from_snapshot_json(text: &str, catalog: Catalog) -> Result<Ledger, JournalError> {
        let mut de = serde_json::Deserializer::from_str(text);
        snapshot_from(&mut de, catalog, &ErrorPath(None))
    }

    /// Writes the snapshot ([`Ledger::to_snapshot_json`]) to `path` atomically, streaming it
    /// (a temporary file of this process's own, `fsync`, rename, directory `fsync`), replacing
    /// any file there.
    ///
    /// # Errors
    ///
    /// [`JournalError::Io`].
    pub fn save_snapshot(&self, path: impl AsRef<Path>) -> Result<(), JournalError> {
        let path = path.as_ref();
        write_atomically(path, &ErrorPath(Some(path.to_path_buf())), |out| {
            self.write_snapshot(out)
        })
    }

    /// Reads a snapshot file written by [`Ledger::save_snapshot`], streaming it: memory stays
    /// proportional to the ledger, never to a parsed copy of the file.
    ///
    /// # Errors
    ///
    /// [`JournalError::Io`], or as [`Ledger::from_snapshot_json`].
    pub fn load_snapshot(path: impl AsRef<Path>, catalog: Catalog) -> Result<Ledger, JournalError> {
        let path = path.as_ref();
        let epath = ErrorPath(Some(path.to_path_buf()));
        let file = File::open(path).map_err(|e| io_err(&epath, "open", 0, e))?;
        let mut de = serde_json::Deserializer::from_reader(io::BufReader::new(file));
        snapshot_from(&mut de, catalog, &epath)
    }
}

/// One entry of a snapshot, framed: its payload is checked against its checksum before it
/// is parsed as an entry.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotFrame {
    crc32c: String,
    entry: Box<serde_json::value::RawValue>,
}

/// Reads a snapshot from `de`, entry by entry.
fn snapshot_from<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
    catalog: Catalog,
    path: &ErrorPath,
) -> Result<Ledger, JournalError> {
    let mut failure = None;
    let visitor = SnapshotVisitor {
        catalog,
        path,
        failure: &mut failure,
    };
    let result = serde::Deserializer::deserialize_map(&mut *de, visitor).and_then(|ledger| {
        de.end()?;
        Ok(ledger)
    });
    result.map_err(|e| {
        failure.take().unwrap_or_else(|| JournalError::Snapshot {
            path: path.clone(),
            reason: e.to_string(),
        })
    })
}

/// Parses a checksum written as 8 lowercase hex digits.
fn parse_crc(hex: &str) -> Option<u32> {
    if hex.len() != 8 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
}

/// Visits the snapshot object; the precise error, when there is one, goes to `failure` (a
/// serde error carries only text).
struct SnapshotVisitor<'a> {
    catalog: Catalog,
    path: &'a ErrorPath,
    failure: &'a mut Option<JournalError>,
}

impl SnapshotVisitor<'_> {
    fn fail<E: serde::de::Error>(&mut self, error: JournalError) -> E {
        let e = E::custom(error.to_string());
        *self.failure = Some(error);
        e
    }
    fn bad<E: serde::de::Error>(&mut self, reason: String) -> E {
        let path = self.path.clone();
        self.fail(JournalError::Snapshot { path, reason })
    }
    fn key<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        map: &mut A,
        expected: &str,
    ) -> Result<(), A::Error> {
        match map.next_key::<String>()? {
            Some(key) if key == expected => Ok(()),
            Some(key) => Err(self.bad(format!("unexpected key {key:?}, expected {expected:?}"))),
            None => Err(self.bad(format!("missing key {expected:?}"))),
        }
    }
}

impl<'de> serde::de::Visitor<'de> for SnapshotVisitor<'_> {
    type Value = Ledger;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a ledger snapshot object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<Ledger, A::Error> {
        self.key(&mut map, "format")?;
        let format: String = map.next_value()?;
        if format != SNAPSHOT_FORMAT {
            return Err(self.bad(format!(
                "format is {format:?}, expected {SNAPSHOT_FORMAT:?}"
            )));
        }
        self.key(&mut map, "version")?;
        let version: u32 = map.next_value()?;
        if version != SNAPSHOT_VERSION {
            return Err(self.bad(format!(
                "unsupported version {version} (this build reads version {SNAPSHOT_VERSION})"
            )));
        }
        self.key(&mut map, "entries")?;
        let (ledger, all) = map.next_value_seed(EntriesSeed {
            ledger: Ledger::new(self.catalog.clone()),
            path: self.path,
            failure: &mut *self.failure,
        })?;
        self.key(&mut map, "count")?;
        let count: u64 = map.next_value()?;
        if count != ledger.len() as u64 {
            return Err(self.bad(format!(
                "count says {count} entries, the snapshot has {}",
                ledger.len()
            )));
        }
        self.key(&mut map, "crc32c")?;
        let stored: String = map.next_value()?;
        let Some(stored) = parse_crc(&stored) else {
            return Err(self.bad(format!(
                "final crc32c {stored:?} is not 8 lowercase hex digits"
            )));
        };
        if stored != all {
            return Err(self.bad(format!(
                "checksum of all entries mismatch: snapshot says {stored:08x}, entries have {all:08x}"
            )));
        }
        if let Some(key) = map.next_key::<String>()? {
            return Err(self.bad(format!("unexpected key {key:?} after \"crc32c\"")));
        }
        Ok(ledger)
    }
}

/// Replays the `entries` array into `ledger`, returning it and the checksum of all payloads.
struct EntriesSeed<'a> {
    ledger: Ledger,
    path: &'a ErrorPath,
    failure: &'a mut Option<JournalError>,
}

impl<'de> serde::de::DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = (Ledger, u32);

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for EntriesSeed<'_> {
    type Value = (Ledger, u32);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of checksummed entries")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let Self {
            mut ledger,
            path,
            failure,
        } = self;
        let mut all = 0u32;
        let mut index = 0usize;
        let mut fail = |index: usize, reason: String, rejected: Option<LedgerError>| {
            let error = JournalError::SnapshotEntry {
                path: path.clone(),
                index,
                reason,
                ledger: rejected,
            };
            let e = <A::Error as serde::de::Error>::custom(error.to_string());
            *failure = Some(error);
            e
        };
        loop {
            let frame = match seq.next_element::<SnapshotFrame>() {
                Ok(Some(frame)) => frame,
                Ok(None) => break,
                Err(e) => return Err(fail(index, e.to_string(), None)),
            };
            let payload = frame.entry.get().as_bytes();
            let computed = crc32c(payload);
            match parse_crc(&frame.crc32c) {
                Some(stored) if stored == computed => {}
                Some(stored) => {
                    return Err(fail(
                        index,
                        format!(
                            "checksum mismatch: entry says {stored:08x}, payload has {computed:08x}"
                        ),
                        None,
                    ));
                }
                None => {
                    return Err(fail(
                        index,
                        format!("crc32c {:?} is not 8 lowercase hex digits", frame.crc32c),
                        None,
                    ));
                }
            }
            all = crc32c_update(all, payload);
            let entry: Entry = serde_json::from_slice(payload)
                .map_err(|e| fail(index, format!("invalid entry: {e}"), None))?;
            if entry.id().get() != index as u64 {
                return Err(fail(
                    index,
                    format!("has id {}, expected #{index}", entry.id()),
                    None,
                ));
            }
            ledger
                .append(entry.into_content())
                .map_err(|e| fail(index, format!("rejected by the ledger: {e}"), Some(e)))?;
            index += 1;
        }
        Ok((ledger, all))
    }
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
