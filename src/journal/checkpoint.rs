//! Journal checkpoints: the ledger's tables in a side file, tied to the journal prefix they
//! cover, so that opening replays only the lines after it (see
//! [`Journal`'s checkpoint section](super::Journal#checkpoints)).
//!
//! File layout (little-endian), `<journal file name>.checkpoint`:
//!
//! | bytes | field |
//! |---|---|
//! | 8 | magic `MTRLCKPT` |
//! | 4 | [`CHECKPOINT_VERSION`] |
//! | 8 | journal bytes covered (header and entry lines) |
//! | 8 | entries covered |
//! | 4 | CRC-32C of the last line those bytes end with, newline included |
//! | 8 | body length |
//! | 4 | CRC-32C of the header (the 40 bytes before) |
//! | n | body: the ledger's tables in sections, each with its CRC-32C in the body's table of contents (`ledger/store/checkpoint.rs`) |
//!
//! Version 4 ended with one CRC-32C of the whole file instead; version 5 checks the header
//! and each section on its own, so a reader can check the part it reads.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::replay::{self, JournalReader};
use super::{ErrorPath, JournalError, JournalOptions, Replay, io_err};
use crate::catalog::Catalog;
use crate::codec::{self, CHECKPOINT_VERSION, HEADER_KEY, frame};
use crate::holder::HolderId;
use crate::ledger::{CHECKPOINT_TOC_LEN, Entry, Ledger};
use crate::store::fs;

const MAGIC: &[u8; 8] = b"MTRLCKPT";
/// The version before holder slices, still read (whole).
const CHECKPOINT_V5: u32 = 5;
/// Magic, version, journal bytes, entries, last line's CRC, body length, the header's CRC.
const HEADER_LEN: usize = 8 + 4 + 8 + 8 + 4 + 8 + 4;

/// What [`Journal::open`](super::Journal::open) did with the journal's checkpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckpointStatus {
    /// There was no checkpoint file: the journal was replayed in full.
    Absent,
    /// The checkpoint was not looked at
    /// ([`JournalOptions::load_checkpoint(false)`](JournalOptions::load_checkpoint)): the
    /// journal was replayed in full, every line read and checked.
    NotRead,
    /// The checkpoint was loaded and only the lines after it were replayed.
    Loaded {
        /// The checkpoint file.
        path: PathBuf,
        /// The entries it held.
        entries: u64,
        /// The journal bytes it covered (header and entry lines).
        journal_bytes: u64,
        /// Why the holder slices asked for
        /// ([`JournalOptions::only_holders`](JournalOptions::only_holders)) were not used
        /// and the whole ledger was loaded instead; `None` when none were asked for.
        slices_unused: Option<String>,
    },
    /// Only the holder slices asked for
    /// ([`JournalOptions::only_holders`](JournalOptions::only_holders)) were loaded from
    /// the checkpoint, which covers the whole journal: the ledger is partial
    /// ([`Ledger::partial_holders`](crate::Ledger::partial_holders)).
    Sliced {
        /// The checkpoint file.
        path: PathBuf,
        /// The entries of the whole ledger.
        entries: u64,
        /// The journal bytes it covered (the whole journal).
        journal_bytes: u64,
        /// The holders loaded.
        holders: Vec<HolderId>,
    },
    /// The checkpoint was ignored, and the journal replayed in full: it failed its checksum,
    /// was unreadable or of another version, or does not match the journal (whose prefix
    /// differs: the journal was repaired or truncated below it, or is another journal).
    Ignored {
        /// The checkpoint file.
        path: PathBuf,
        /// Why it was ignored.
        reason: String,
    },
}

impl CheckpointStatus {
    /// The warning to show, when the checkpoint was ignored.
    pub fn warning(&self) -> Option<&str> {
        match self {
            Self::Ignored { reason, .. } => Some(reason),
            Self::Absent | Self::NotRead | Self::Loaded { .. } | Self::Sliced { .. } => None,
        }
    }
}

/// The checkpoint file of the journal at `journal`: `<journal file name>.checkpoint` next to
/// it.
///
/// # Example
///
/// ```
/// use std::path::Path;
/// use materiel::journal::checkpoint_path;
///
/// assert_eq!(
///     checkpoint_path(Path::new("data/ledger.journal")),
///     Path::new("data/ledger.journal.checkpoint"),
/// );
/// ```
pub fn checkpoint_path(journal: &Path) -> PathBuf {
    let mut name = journal.file_name().unwrap_or_default().to_os_string();
    name.push(".checkpoint");
    journal.with_file_name(name)
}

/// Writes the checkpoint of `ledger`, whose entries are the first `journal_bytes` bytes of
/// the journal `file` (at `journal`), atomically (temporary file, rename, directory sync).
/// It is tied to the last line of those bytes, read back from the file.
pub(crate) fn write(
    journal: &Path,
    file: &File,
    ledger: &Ledger,
    journal_bytes: u64,
    limit: usize,
) -> io::Result<PathBuf> {
    let last_line_crc = match line_ending_at(file, journal_bytes, limit)? {
        Boundary::Line { bytes, .. } => crc32c::crc32c(&bytes),
        Boundary::InsideLine | Boundary::TooLong => {
            return Err(io::Error::other(format!(
                "the journal's first {journal_bytes} bytes do not end with a whole line"
            )));
        }
    };
    let mut buf = Vec::with_capacity(HEADER_LEN + 32 * ledger.len());
    buf.extend_from_slice(MAGIC);
    buf.extend_from_slice(&CHECKPOINT_VERSION.to_le_bytes());
    buf.extend_from_slice(&journal_bytes.to_le_bytes());
    buf.extend_from_slice(&(ledger.len() as u64).to_le_bytes());
    buf.extend_from_slice(&last_line_crc.to_le_bytes());
    buf.extend_from_slice(&0u64.to_le_bytes());
    buf.extend_from_slice(&0u32.to_le_bytes());
    ledger
        .encode_checkpoint(&mut buf)
        .map_err(io::Error::other)?;
    let body = (buf.len() - HEADER_LEN) as u64;
    buf[HEADER_LEN - 12..HEADER_LEN - 4].copy_from_slice(&body.to_le_bytes());
    let crc = crc32c::crc32c(&buf[..HEADER_LEN - 4]);
    buf[HEADER_LEN - 4..HEADER_LEN].copy_from_slice(&crc.to_le_bytes());
    let path = checkpoint_path(journal);
    fs::write_atomically(&path, |out| out.write_all(&buf))?;
    Ok(path)
}

/// A checkpoint's header, its checksum verified.
struct Header {
    journal_bytes: u64,
    entries: u64,
    last_line_crc: u32,
    body_len: u64,
}

/// The header at the start of `data`, checked (magic, version, checksum).
fn parse(data: &[u8]) -> Result<Header, String> {
    if data.len() < HEADER_LEN {
        return Err(format!("{} bytes, too short for a checkpoint", data.len()));
    }
    if &data[..8] != MAGIC {
        return Err("not a checkpoint file (bad magic)".into());
    }
    let u32_at = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
    let u64_at = |i: usize| {
        let mut a = [0; 8];
        a.copy_from_slice(&data[i..i + 8]);
        u64::from_le_bytes(a)
    };
    let version = u32_at(8);
    if version != CHECKPOINT_VERSION && version != CHECKPOINT_V5 {
        return Err(format!(
            "unsupported version {version} (this build reads versions {CHECKPOINT_V5} and {CHECKPOINT_VERSION})"
        ));
    }
    let (stored, computed) = (
        u32_at(HEADER_LEN - 4),
        crc32c::crc32c(&data[..HEADER_LEN - 4]),
    );
    if stored != computed {
        return Err(format!(
            "header checksum mismatch: file says {stored:08x}, header has {computed:08x}"
        ));
    }
    Ok(Header {
        journal_bytes: u64_at(12),
        entries: u64_at(20),
        last_line_crc: u32_at(28),
        body_len: u64_at(32),
    })
}

/// A checkpoint file read as loading reads it: its header, and its body but the fact texts,
/// which stay in `file` until read.
struct Loaded {
    header: Header,
    data: Arc<Vec<u8>>,
    file: File,
}

/// Reads the checkpoint at `path` as loading does; the outer `Err` is an I/O error (the
/// file is absent or unreadable), the inner one why the file is not a checkpoint of this
/// version.
fn read(path: &Path) -> io::Result<Result<Loaded, String>> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    let mut data = Vec::new();
    (&mut file)
        .take((HEADER_LEN + CHECKPOINT_TOC_LEN) as u64)
        .read_to_end(&mut data)?;
    let header = match parse(&data) {
        Ok(h) => h,
        Err(e) => return Ok(Err(e)),
    };
    if len - HEADER_LEN as u64 != header.body_len {
        return Ok(Err(format!(
            "body of {} bytes, header says {}",
            len - HEADER_LEN as u64,
            header.body_len
        )));
    }
    let (loaded, total) = match Ledger::checkpoint_loaded_len(&data[HEADER_LEN..]) {
        Ok(lens) => lens,
        Err(e) => return Ok(Err(format!("invalid content: {e}"))),
    };
    if total as u64 != header.body_len {
        return Ok(Err(format!(
            "sections of {total} bytes, header says the body has {}",
            header.body_len
        )));
    }
    let rest = (HEADER_LEN + loaded).saturating_sub(data.len());
    data.reserve_exact(rest);
    (&mut file).take(rest as u64).read_to_end(&mut data)?;
    Ok(Ok(Loaded {
        header,
        data: Arc::new(data),
        file,
    }))
}

/// What a journal holds just before a byte offset.
#[derive(Debug)]
enum Boundary {
    /// The byte before the offset is not a newline.
    InsideLine,
    /// The line that ends there is longer than the line limit.
    TooLong,
    /// The line that ends there: where it starts, and its bytes, newline included.
    Line { start: u64, bytes: Vec<u8> },
}

/// The journal's line that ends at byte `end` of `file` (its newline the byte before `end`),
/// read back from the file: a few kilobytes, whatever the journal's length.
fn line_ending_at(file: &File, end: u64, limit: usize) -> io::Result<Boundary> {
    // The line (at most `limit` bytes and its newline) and the newline before it.
    let most = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(2);
    let mut size: u64 = 8 << 10;
    loop {
        let size_now = size.min(most).min(end);
        let start = end - size_now;
        let mut buf = vec![0u8; usize::try_from(size_now).map_err(io::Error::other)?];
        let mut reader = file;
        reader.seek(SeekFrom::Start(start))?;
        reader.read_exact(&mut buf)?;
        if buf.last() != Some(&b'\n') {
            return Ok(Boundary::InsideLine);
        }
        let body = &buf[..buf.len() - 1];
        let line_start = match memchr::memrchr(b'\n', body) {
            Some(i) => i + 1,
            None if start == 0 => 0,
            None if size_now == most => return Ok(Boundary::TooLong),
            None => {
                size = size.saturating_mul(8);
                continue;
            }
        };
        if buf.len() - 1 - line_start > limit {
            return Ok(Boundary::TooLong);
        }
        buf.drain(..line_start);
        return Ok(Boundary::Line {
            start: start + line_start as u64,
            bytes: buf,
        });
    }
}

/// Checks line `number` (from 1; newline excluded) as a journal's header: its frame and
/// payload.
fn check_line(number: u64, line: &[u8], limit: usize) -> Result<(), String> {
    if line.len() > limit {
        return Err(format!("longer than the line limit of {limit} bytes"));
    }
    debug_assert_eq!(number, 1);
    let payload = frame::verify(line, HEADER_KEY).map_err(|d| d.reason())?;
    replay::check_header(payload)
}

/// Replays the journal `file` (at `path`, opened for reading at least) into a ledger over
/// `catalog`: from its checkpoint and the lines after it when the checkpoint is valid and
/// matches, else in full.
pub(crate) fn open(
    file: &mut File,
    path: &Path,
    catalog: Catalog,
    options: &JournalOptions,
    epath: &ErrorPath,
    writer: bool,
) -> Result<Replay, JournalError> {
    let ckpt = checkpoint_path(path);
    let mut slices_unused = None;
    if let Some(holders) = options.holders_only().filter(|_| !writer)
        && options.loads_checkpoint()
    {
        match sliced(
            file,
            &ckpt,
            catalog.clone(),
            holders,
            options.line_limit(),
            epath,
        ) {
            Ok(replay) => return Ok(replay),
            Err(reason) => slices_unused = Some(reason),
        }
    }
    let read = options.loads_checkpoint().then(|| read(&ckpt));
    let checkpoint = match read {
        None => CheckpointStatus::NotRead,
        Some(Err(e)) if e.kind() == io::ErrorKind::NotFound => CheckpointStatus::Absent,
        Some(Err(e)) => CheckpointStatus::Ignored {
            path: ckpt,
            reason: format!("unreadable: {e}"),
        },
        Some(Ok(Err(reason))) => CheckpointStatus::Ignored { path: ckpt, reason },
        Some(Ok(Ok(read))) => {
            match resume(file, read, catalog.clone(), options.line_limit(), epath) {
                Ok((ledger, header)) => match tail(file, ledger, &header, options, epath) {
                    Ok(mut replay) => {
                        replay.checkpoint = CheckpointStatus::Loaded {
                            path: ckpt,
                            entries: header.entries,
                            journal_bytes: header.journal_bytes,
                            slices_unused,
                        };
                        return Ok(replay);
                    }
                    // Only the checkpoint's content can make the ledger refuse a line after it
                    // that a full replay accepts (its frame, id and position are the journal's
                    // own): the full replay decides.
                    Err(JournalError::Rejected {
                        line, source: e, ..
                    }) => CheckpointStatus::Ignored {
                        path: ckpt,
                        reason: format!(
                            "its ledger refuses the entry of line {line} after it ({e}): not the ledger of the lines it covers"
                        ),
                    },
                    Err(e) => return Err(e),
                },
                Err(reason) => CheckpointStatus::Ignored { path: ckpt, reason },
            }
        }
    };
    file.seek(SeekFrom::Start(0))
        .map_err(|e| io_err(epath, "seek", 0, e))?;
    let mut replay = replay::replay(&mut &*file, catalog, options, epath)?;
    replay.checkpoint = checkpoint;
    Ok(replay)
}

/// Replays the lines after the prefix a checkpoint covers (`file` is positioned at its end)
/// into `ledger`, the checkpoint's.
fn tail(
    file: &mut File,
    ledger: Ledger,
    header: &Header,
    options: &JournalOptions,
    epath: &ErrorPath,
) -> Result<Replay, JournalError> {
    let mut reader = JournalReader::resume(ledger, options, epath.clone(), header.journal_bytes);
    let mut buf = vec![0u8; 64 * 1024];
    let mut at = header.journal_bytes;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_err(epath, "read", at, e)),
        };
        at += n as u64;
        reader.feed(&buf[..n])?;
    }
    reader.finish()
}

/// Checks the checkpoint `data` against the journal `file` and loads its ledger, leaving the
/// file positioned at the end of the prefix it covers; `Err` is why it does not fit.
///
/// A checkpoint fits when the journal is at least as long as the prefix it claims to cover,
/// that prefix ends with a whole line, and that line, read back from the journal, is the one
/// it was written for (its CRC-32C), intact (its frame's checksum), and the entry of the
/// checkpoint's last id (or, for a checkpoint of no entry, the header), equal to the
/// checkpoint's last entry. Those are the journal's own bytes: a checkpoint that claims
/// anything else is ignored, and never decides where the journal's lines start, which are
/// damaged or which are a torn tail. The lines before the last one are not read: a journal
/// only grows by whole lines and is only ever cut to an intact prefix (a repair), so a
/// journal whose line at that offset is still that entry still holds that prefix (see the
/// `Journal` documentation's checkpoint section for what this does not catch).
fn resume(
    file: &mut File,
    read: Loaded,
    catalog: Catalog,
    limit: usize,
    epath: &ErrorPath,
) -> Result<(Ledger, Header), String> {
    let Loaded {
        header,
        data,
        file: checkpoint,
    } = read;
    let last = tie(file, &header, limit, epath)?;
    let entries = header.entries;
    let body = HEADER_LEN..data.len();
    let texts = Some((checkpoint, HEADER_LEN as u64));
    let ledger = Ledger::decode_checkpoint(catalog, &data, body, texts)
        .map_err(|e| format!("invalid content: {e}"))?;
    if ledger.len() as u64 != entries {
        return Err(format!(
            "holds {} entries, header says {entries}",
            ledger.len()
        ));
    }
    if let Some(entry) = last
        && !ledger
            .get(entry.id())
            .is_some_and(|ours| same_entry(ours, entry.clone()))
    {
        return Err(format!(
            "its last entry differs from the journal's line {} (entry {})",
            entries + 1,
            entry.id().get()
        ));
    }
    file.seek(SeekFrom::Start(header.journal_bytes))
        .map_err(|e| format!("{epath}: cannot seek in the journal: {e}"))?;
    Ok((ledger, header))
}

/// Checks that `header`'s checkpoint is tied to the journal `file`: the journal is long
/// enough and its line ending where the checkpoint ends is the one it was written for (its
/// CRC-32C; the header, or an intact entry line holding the checkpoint's last entry, which
/// is returned for the caller to compare with the ledger's).
fn tie(
    file: &File,
    header: &Header,
    limit: usize,
    epath: &ErrorPath,
) -> Result<Option<Entry>, String> {
    let len = file
        .metadata()
        .map_err(|e| format!("{epath}: cannot read the journal's length: {e}"))?
        .len();
    let (bytes, entries) = (header.journal_bytes, header.entries);
    if len < bytes {
        return Err(format!(
            "covers {bytes} journal bytes but the journal has {len} (repaired or truncated below it?)"
        ));
    }
    if bytes == 0 {
        return Err("covers 0 journal bytes: not even the header".to_owned());
    }
    let (start, line) = match line_ending_at(file, bytes, limit)
        .map_err(|e| format!("{epath}: cannot read the journal: {e}"))?
    {
        Boundary::InsideLine => {
            return Err(format!(
                "covers {bytes} journal bytes, which end inside a line"
            ));
        }
        Boundary::TooLong => {
            return Err(format!(
                "covers {bytes} journal bytes, whose last line is longer than the line limit of {limit} bytes"
            ));
        }
        Boundary::Line { start, bytes } => (start, bytes),
    };
    if crc32c::crc32c(&line) != header.last_line_crc {
        return Err(format!(
            "the journal's line ending at byte {bytes} differs from the one it was written for (another journal, or the journal was rewritten)"
        ));
    }
    let text = &line[..line.len() - 1];
    let last = if start == 0 {
        check_line(1, text, limit).map_err(|reason| {
            format!("covers the journal's header, which is not intact ({reason})")
        })?;
        if entries != 0 {
            return Err(format!(
                "covers {bytes} journal bytes, which are the header alone, but says they hold the header and {entries} entries"
            ));
        }
        None
    } else {
        let entry = codec::decode_entry_line(text).map_err(|e| {
            format!(
                "covers {bytes} journal bytes, whose last line (line {} by its count) is not intact ({e}): only a full replay says what it is",
                entries.saturating_add(1)
            )
        })?;
        if Some(entry.id().get()) != entries.checked_sub(1) {
            return Err(format!(
                "covers {bytes} journal bytes, whose last line holds entry {}, but says they hold the header and {entries} entries",
                entry.id().get()
            ));
        }
        Some(entry)
    };
    Ok(last)
}

/// Loads only the holder slices of `holders` from the checkpoint `ckpt` of the journal
/// `file`; `Err` says why not (the caller then loads the whole ledger).
fn sliced(
    file: &File,
    ckpt: &Path,
    catalog: Catalog,
    holders: &[HolderId],
    limit: usize,
    epath: &ErrorPath,
) -> Result<Replay, String> {
    let unreadable = |e: io::Error| format!("the checkpoint is unreadable: {e}");
    let mut checkpoint = File::open(ckpt).map_err(unreadable)?;
    let len = checkpoint.metadata().map_err(unreadable)?.len();
    let mut data = Vec::new();
    (&mut checkpoint)
        .take((HEADER_LEN + CHECKPOINT_TOC_LEN) as u64)
        .read_to_end(&mut data)
        .map_err(unreadable)?;
    let header = parse(&data)?;
    if len - HEADER_LEN as u64 != header.body_len {
        return Err("its body's length differs from its header's".into());
    }
    let (_, total) = Ledger::checkpoint_loaded_len(&data[HEADER_LEN..])?;
    if total as u64 != header.body_len {
        return Err("its sections' length differs from its header's".into());
    }
    let journal_len = file
        .metadata()
        .map_err(|e| format!("{epath}: cannot read the journal's length: {e}"))?
        .len();
    if journal_len != header.journal_bytes {
        return Err("the journal has lines after the checkpoint".into());
    }
    let last = tie(file, &header, limit, epath)?;
    let entries = usize::try_from(header.entries).map_err(|e| e.to_string())?;
    let ledger = Ledger::decode_slices(
        catalog,
        &checkpoint,
        HEADER_LEN as u64,
        &data[HEADER_LEN..],
        holders,
        entries,
    )?;
    if let Some(entry) = last
        && let Some(ours) = ledger.get(entry.id())
        && !same_entry(ours, entry)
    {
        return Err("its last entry differs from the journal's last line".into());
    }
    Ok(Replay {
        ledger,
        recovery: None,
        intact_bytes: header.journal_bytes,
        checkpoint: CheckpointStatus::Sliced {
            path: ckpt.to_path_buf(),
            entries: header.entries,
            journal_bytes: header.journal_bytes,
            holders: holders.to_vec(),
        },
    })
}

/// True when two entries are equal, their facts compared without reading the whole of a
/// checkpoint's fact texts (`Facts::same_as`).
fn same_entry(a: Entry, b: Entry) -> bool {
    let (mut a, mut b) = (a.into_content(), b.into_content());
    let facts = (a.facts.take(), b.facts.take());
    a == b
        && match facts {
            (None, None) => true,
            (Some(x), Some(y)) => x.same_as(&y),
            _ => false,
        }
}
