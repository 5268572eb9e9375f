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
// Below the journal, `crate::codec` writes and checks entry lines (frames of the versioned wire
// form) and `crate::store` holds the seam every store implements and the file-system helpers
// (temporary files, atomic replacement, directory syncs, torn-tail side files). Here, each
// file knows only the ones above it in this list:
//
// 1. `options` (`Durability`, `JournalOptions`) and `error` (`JournalError`, `IoError`,
//    `ErrorPath`).
// 2. `replay`: `JournalReader` (frames -> wire entries -> `Ledger::append`) and its results,
//    `Replay` and `Recovery`.
// 3. The journal: the `Journal` type (this file), opening it (`open`: create, open, read,
//    locking, the stale temporary files of killed writers) and writing to it (`write`:
//    append, extend, retract, sync, repair, checkpoint; the `LedgerStore` implementation and
//    copies).
// 4. Snapshots (`snapshot`: `SnapshotError` and the `Ledger` snapshot methods), apart from
//    the journal: a JSON document whose entries are frames of the same wire form.
// 5. Checkpoints (`checkpoint`): the ledger's tables in binary, tied to the last line of the
//    journal prefix they cover; `Journal::open` goes through `checkpoint::open`.

use std::fs::File;
use std::path::PathBuf;
use std::sync::Arc;

use crate::ledger::Ledger;

mod checkpoint;
mod error;
mod open;
mod options;
mod replay;
mod snapshot;
mod write;

pub use checkpoint::{CheckpointStatus, checkpoint_path};
pub use error::{ErrorPath, IoError, JournalError};
pub use options::{Durability, JournalOptions};
pub use replay::{JournalReader, Recovery, Replay};
pub use snapshot::SnapshotError;

pub(crate) use error::io_err;

#[cfg(doc)]
use crate::ledger::{Entry, NewEntry};

pub use crate::codec::{
    CHECKPOINT_VERSION, DEFAULT_MAX_LINE_BYTES, JOURNAL_FORMAT, JOURNAL_VERSION,
};
/// The `format` field of a ledger snapshot.
pub const SNAPSHOT_FORMAT: &str = "materiel-ledger-snapshot";
/// The snapshot format version this build writes and reads.
pub const SNAPSHOT_VERSION: u32 = 2;

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
/// sources and recorded times, every entry in its stored form, its note and its facts. It
/// records the length of the journal prefix it covers, the number of entries in it and the
/// CRC-32C of the last line of that prefix. [`Journal::open`] then reads the checkpoint,
/// checks it against the journal's bytes at the end of that prefix (reading that one line,
/// not the lines before it), rebuilds the ledger's indexes from the stored entries and replays
/// only the lines after the prefix. [`Journal::checkpoint_status`] says which happened.
/// Version 5 keeps its tables in sections, each with its own checksum; opening reads all but
/// the last, the entries' facts' text, which stays in the file and is read (and checked
/// against its checksum) when a fact is first read, so a query that reads no facts reads
/// about two fifths of the file. Damage to that section is therefore found where facts are
/// read: reading them typed or exporting them is an error saying why, and
/// [`Journal::checkpoint`] replays the journal's lines before writing a new checkpoint.
///
/// The journal stays the source of truth; the checkpoint is derived from it. It can be
/// deleted at any time (the next open replays in full), and a checkpoint that fails its
/// checksum, has another version, holds a platform the catalog lacks, or does not match the
/// journal (a journal repaired or truncated below it, rewritten, or another journal
/// altogether) is ignored: the journal is replayed in full and
/// [`CheckpointStatus::Ignored`] gives the reason, a warning to show. What a checkpoint says
/// of the journal is checked against the journal's own bytes: the prefix it covers must end
/// with a whole line, the line it was written for (its CRC-32C), intact (its frame and
/// checksum), holding the entry of the checkpoint's last id, equal to the checkpoint's last
/// entry (the header, for a checkpoint of no entry), and its ledger must accept the lines
/// after it; one that does not fit is ignored. A journal only grows by whole lines and is
/// only cut back to an intact prefix (a repair), so a journal that still holds that line at
/// that offset holds the prefix it ends. What this does not see is damage to a line before
/// the last one covered (a disk's bit rot, an edit by hand): the checkpoint, which holds those
/// entries as they were, answers for them. [`JournalOptions::load_checkpoint`]`(false)` reads
/// and checks every line instead (as `materiel verify` does). So a checkpoint
/// never decides where a line starts, which line is damaged or what a torn tail is: a
/// repair never cuts a line because of it. Writing one is atomic (a synced temporary file,
/// locked while it is written, renamed over the old one), and it covers only lines on stable
/// storage, so a crash leaves the old checkpoint or the new one, both valid for the journal;
/// a temporary file left by a writer that was killed is removed when the journal is next
/// opened for writing (one another live process still holds is spared). Loading trusts that
/// the stored entries passed validation when they were appended (that is what makes it
/// fast); it checks only the structure (every reference, date, count and retraction target),
/// so a checkpoint edited by hand with its checksums recomputed could give a ledger no replay
/// gives. Delete it, or never write one, if that matters.
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
    checkpoint: CheckpointStatus,
    poisoned: bool,
}
