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
//! | 4 | CRC-32C of those journal bytes |
//! | 8 | body length |
//! | n | body: the ledger's tables (`ledger/store/checkpoint.rs`) |
//! | 4 | CRC-32C of everything before |

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::replay::{self, JournalReader};
use super::{ErrorPath, JournalError, JournalOptions, Replay, fs, io_err};
use crate::catalog::Catalog;
use crate::ledger::Ledger;

/// The checkpoint format version this build writes and reads. Version 2 added the entries'
/// typed facts; version 3 keeps them as the ledger does, a source tag and opaque JSON
/// ([`Facts`](crate::ledger::Facts)). A checkpoint of another version is ignored (the
/// journal is replayed in full, and the next checkpoint is version 3).
pub const CHECKPOINT_VERSION: u32 = 3;

const MAGIC: &[u8; 8] = b"MTRLCKPT";
/// Magic, version, journal bytes, entries, prefix CRC, body length.
const HEADER_LEN: usize = 8 + 4 + 8 + 8 + 4 + 8;

/// What [`Journal::open`](super::Journal::open) did with the journal's checkpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckpointStatus {
    /// There was no checkpoint file: the journal was replayed in full.
    Absent,
    /// The checkpoint was loaded and only the lines after it were replayed.
    Loaded {
        /// The checkpoint file.
        path: PathBuf,
        /// The entries it held.
        entries: u64,
        /// The journal bytes it covered (header and entry lines).
        journal_bytes: u64,
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
            Self::Absent | Self::Loaded { .. } => None,
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

/// Writes the checkpoint of `ledger`, whose entries are the journal's first `journal_bytes`
/// bytes with CRC-32C `prefix_crc`, atomically (temporary file, rename, directory sync).
pub(crate) fn write(
    journal: &Path,
    ledger: &Ledger,
    journal_bytes: u64,
    prefix_crc: u32,
) -> io::Result<PathBuf> {
    let mut buf = Vec::with_capacity(HEADER_LEN + 32 * ledger.len() + 4);
    buf.extend_from_slice(MAGIC);
    buf.extend_from_slice(&CHECKPOINT_VERSION.to_le_bytes());
    buf.extend_from_slice(&journal_bytes.to_le_bytes());
    buf.extend_from_slice(&(ledger.len() as u64).to_le_bytes());
    buf.extend_from_slice(&prefix_crc.to_le_bytes());
    buf.extend_from_slice(&0u64.to_le_bytes());
    ledger.encode_checkpoint(&mut buf);
    let body = (buf.len() - HEADER_LEN) as u64;
    buf[HEADER_LEN - 8..HEADER_LEN].copy_from_slice(&body.to_le_bytes());
    let crc = crc32c::crc32c(&buf);
    buf.extend_from_slice(&crc.to_le_bytes());
    let path = checkpoint_path(journal);
    fs::write_atomically(&path, |out| out.write_all(&buf))?;
    Ok(path)
}

/// A checkpoint's header, its checksum verified.
struct Header<'a> {
    journal_bytes: u64,
    entries: u64,
    prefix_crc: u32,
    body: &'a [u8],
}

fn parse(data: &[u8]) -> Result<Header<'_>, String> {
    if data.len() < HEADER_LEN + 4 {
        return Err(format!("{} bytes, too short for a checkpoint", data.len()));
    }
    if &data[..8] != MAGIC {
        return Err("not a checkpoint file (bad magic)".into());
    }
    let (content, stored) = data.split_at(data.len() - 4);
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let u64_at = |i: usize| {
        let mut a = [0; 8];
        a.copy_from_slice(&data[i..i + 8]);
        u64::from_le_bytes(a)
    };
    let (stored, computed) = (u32_at(stored, 0), crc32c::crc32c(content));
    if stored != computed {
        return Err(format!(
            "checksum mismatch: file says {stored:08x}, content has {computed:08x}"
        ));
    }
    let version = u32_at(data, 8);
    if version != CHECKPOINT_VERSION {
        return Err(format!(
            "unsupported version {version} (this build reads version {CHECKPOINT_VERSION})"
        ));
    }
    let body_len = u64_at(32);
    let body = &content[HEADER_LEN..];
    if body.len() as u64 != body_len {
        return Err(format!(
            "body of {} bytes, header says {body_len}",
            body.len()
        ));
    }
    Ok(Header {
        journal_bytes: u64_at(12),
        entries: u64_at(20),
        prefix_crc: u32_at(data, 28),
        body,
    })
}

/// Reads `n` bytes of `file` from where it is, returning their CRC-32C (`Ok(None)` if the file
/// ends first).
fn crc_of(file: &mut impl Read, mut n: u64) -> io::Result<Option<u32>> {
    let mut buf = vec![0u8; 1 << 20];
    let mut crc = 0;
    while n > 0 {
        let want = buf.len().min(usize::try_from(n).unwrap_or(usize::MAX));
        let got = match file.read(&mut buf[..want]) {
            Ok(0) => return Ok(None),
            Ok(k) => k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        crc = crc32c::crc32c_append(crc, &buf[..got]);
        n -= got as u64;
    }
    Ok(Some(crc))
}

/// A [`Read`] that keeps the CRC-32C of the bytes read through it.
struct Crc<R> {
    inner: R,
    crc: u32,
}

impl<R: Read> Read for Crc<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.crc = crc32c::crc32c_append(self.crc, &buf[..n]);
        Ok(n)
    }
}

/// The replay of a journal being opened (saying what was done with its checkpoint) and the
/// CRC-32C of its intact prefix.
pub(crate) struct Opened {
    pub(crate) replay: Replay,
    pub(crate) prefix_crc: u32,
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
) -> Result<Opened, JournalError> {
    let ckpt = checkpoint_path(path);
    let checkpoint = match std::fs::read(&ckpt) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => CheckpointStatus::Absent,
        Err(e) => CheckpointStatus::Ignored {
            path: ckpt,
            reason: format!("unreadable: {e}"),
        },
        Ok(data) => match resume(file, &data, catalog.clone(), epath) {
            Ok((ledger, header)) => {
                let mut reader =
                    JournalReader::resume(ledger, options, epath.clone(), header.journal_bytes);
                let mut crc = header.prefix_crc;
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
                    crc = crc32c::crc32c_append(crc, &buf[..n]);
                    reader.feed(&buf[..n])?;
                }
                let mut replay = reader.finish()?;
                let prefix_crc = intact_crc(file, &replay, at, crc, epath)?;
                replay.checkpoint = CheckpointStatus::Loaded {
                    path: ckpt,
                    entries: header.entries,
                    journal_bytes: header.journal_bytes,
                };
                return Ok(Opened { replay, prefix_crc });
            }
            Err(reason) => CheckpointStatus::Ignored { path: ckpt, reason },
        },
    };
    file.seek(SeekFrom::Start(0))
        .map_err(|e| io_err(epath, "seek", 0, e))?;
    let mut reader = Crc {
        inner: &*file,
        crc: 0,
    };
    let mut replay = replay::replay(&mut reader, catalog, options, epath)?;
    replay.checkpoint = checkpoint;
    let crc = reader.crc;
    let read = file
        .stream_position()
        .map_err(|e| io_err(epath, "seek", 0, e))?;
    let prefix_crc = intact_crc(file, &replay, read, crc, epath)?;
    Ok(Opened { replay, prefix_crc })
}

/// The CRC-32C of the intact prefix, given `crc` of the first `read` bytes: the same unless
/// there is a torn tail after the prefix, which is then read again without it.
fn intact_crc(
    file: &mut File,
    replay: &Replay,
    read: u64,
    crc: u32,
    epath: &ErrorPath,
) -> Result<u32, JournalError> {
    if replay.intact_bytes == read {
        return Ok(crc);
    }
    file.seek(SeekFrom::Start(0))
        .map_err(|e| io_err(epath, "seek", 0, e))?;
    crc_of(file, replay.intact_bytes)
        .map_err(|e| io_err(epath, "read", 0, e))?
        .ok_or_else(|| {
            io_err(
                epath,
                "read",
                0,
                io::Error::new(io::ErrorKind::UnexpectedEof, "file shrank while opening"),
            )
        })
}

/// Checks the checkpoint `data` against the journal `file` (reading its prefix, which
/// leaves the file positioned at the prefix's end) and loads its ledger; `Err` is why it does
/// not fit.
fn resume<'a>(
    file: &mut File,
    data: &'a [u8],
    catalog: Catalog,
    epath: &ErrorPath,
) -> Result<(Ledger, Header<'a>), String> {
    let header = parse(data)?;
    let len = file
        .metadata()
        .map_err(|e| format!("{epath}: cannot read the journal's length: {e}"))?
        .len();
    if len < header.journal_bytes {
        return Err(format!(
            "covers {} journal bytes but the journal has {len} (repaired or truncated below it?)",
            header.journal_bytes
        ));
    }
    // The prefix's checksum (reading it: ~0.1 s at 10^6 entries) runs on another thread
    // while this one rebuilds the ledger.
    let journal_bytes = header.journal_bytes;
    let shared: &File = file;
    let (crc, ledger) = std::thread::scope(|scope| {
        let crc = scope.spawn(move || {
            let mut reader = shared;
            reader
                .seek(SeekFrom::Start(0))
                .and_then(|_| crc_of(&mut reader, journal_bytes))
        });
        let ledger = Ledger::decode_checkpoint(catalog, header.body);
        let crc = crc
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the checksum thread panicked")));
        (crc, ledger)
    });
    crc.map_err(|e| format!("{epath}: cannot read the journal: {e}"))?
        .filter(|&crc| crc == header.prefix_crc)
        .ok_or_else(|| {
            format!(
                "the journal's first {} bytes differ from those it was written for (another journal, or the journal was rewritten)",
                header.journal_bytes
            )
        })?;
    let ledger = ledger.map_err(|e| format!("invalid content: {e}"))?;
    file.seek(SeekFrom::Start(journal_bytes))
        .map_err(|e| format!("{epath}: cannot seek in the journal: {e}"))?;
    if ledger.len() as u64 != header.entries {
        return Err(format!(
            "holds {} entries, header says {}",
            ledger.len(),
            header.entries
        ));
    }
    Ok((ledger, header))
}
