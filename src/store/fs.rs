//! File-system steps shared by the stores and the command line: temporary files of this
//! process's own, atomic replacement ([`write_atomically`]), directory syncs, side files for
//! torn tails, and the clean-up of temporary files a killed writer left behind.

use std::fs::{self, File};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Creates a new file next to `path` under a name no other process or call uses
/// (`.<name>.<pid>-<n>.tmp`), never replacing anything, and takes its exclusive lock: the
/// lock, held until the file is closed (or the process dies), tells [`remove_stale_temps`]
/// that its writer is alive.
pub(crate) fn create_temp(path: &Path) -> io::Result<(PathBuf, File)> {
    // A clean-up (`remove_stale_temps`, in another process) can find the new file in the
    // moment before it is locked and remove it: then take another name.
    for _ in 0..16 {
        let (tmp, file) = new_temp(path)?;
        match file.try_lock() {
            Ok(()) if still_at(&file, &tmp) => return Ok((tmp, file)),
            Ok(()) | Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
        }
        drop(file);
        let _ = fs::remove_file(&tmp);
    }
    Err(io::Error::new(
        io::ErrorKind::WouldBlock,
        "every new temporary file was taken by another process's clean-up",
    ))
}

/// Whether `file` is still the file at `path` (a clean-up may have removed it).
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_: &File, path: &Path) -> bool {
    path.exists()
}

fn new_temp(path: &Path) -> io::Result<(PathBuf, File)> {
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

/// Writes the file at `path` atomically: `write` fills a temporary file next to it (a name of
/// this process's own, `.<name>.<pid>-<n>.tmp`, locked while it is written), which is then
/// synced, renamed over `path` and made durable by syncing the directory (on Unix). A crash
/// leaves the old file or the new one, never a mixture; on failure the temporary file is
/// removed and `path` is as it was. A journal's checkpoints and ledger snapshots are written
/// with it, and so are the command line's output files.
///
/// A temporary file that a killed writer left next to a journal is removed the next time the
/// journal is opened for writing.
///
/// # Errors
///
/// `write`'s error, or an I/O error creating, syncing or renaming the file (converted with
/// `From<io::Error>`).
///
/// # Example
///
/// ```
/// use std::io::Write;
/// use materiel::store::write_atomically;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("holdings.csv");
/// write_atomically(&path, |out| out.write_all(b"holder,count\nVEN,24\n"))?;
/// assert_eq!(std::fs::read_to_string(&path)?, "holder,count\nVEN,24\n");
/// // A failed write leaves the file as it was, and no temporary file behind.
/// let failed = write_atomically(&path, |out| {
///     out.write_all(b"half")?;
///     Err(std::io::Error::other("the source went away"))
/// });
/// assert!(failed.is_err());
/// assert_eq!(std::fs::read_to_string(&path)?, "holder,count\nVEN,24\n");
/// assert_eq!(std::fs::read_dir(dir.path())?.count(), 1);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_atomically<E: From<io::Error>>(
    path: impl AsRef<Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    let path = path.as_ref();
    let (tmp, file) = create_temp(path)?;
    let result = (|| -> Result<(), E> {
        let mut out = io::BufWriter::new(file);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        sync_dir(path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Removes the temporary files that writers of the file at `path` left behind when they were
/// killed (`.<name>.<pid>-<n>.tmp`, and those of its side files named `<name>.<suffix>`, such
/// as `.<name>.checkpoint.<pid>-<n>.tmp`): those whose lock no process holds. A file another
/// process is still writing is locked by it, and spared. Returns the files removed; a file
/// that cannot be inspected or removed is left alone.
///
/// The caller holds the lock of the file at `path` (it opened it for writing): a temporary
/// name that is another link to that very file (a creator killed between linking the journal
/// into place and removing its temporary name) is removed too, since its lock is the caller's.
pub(crate) fn remove_stale_temps(path: &Path) -> Vec<PathBuf> {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(listing) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for item in listing.flatten() {
        let file_name = item.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        if !is_temp_of(&name, file_name) {
            continue;
        }
        let candidate = item.path();
        // Only plain files: never follow a link out of the directory.
        let Ok(meta) = fs::symlink_metadata(&candidate) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        if same_file(&meta, path) {
            if fs::remove_file(&candidate).is_ok() {
                removed.push(candidate);
            }
            continue;
        }
        let Ok(file) = File::options().read(true).open(&candidate) else {
            continue;
        };
        // Held: its writer is alive. Taken: no process holds it, so its writer is gone (a
        // lock dies with its process). The lock is kept while removing, so a writer cannot
        // have taken it over in between (a writer locks only the file it created).
        if file.try_lock().is_ok() && fs::remove_file(&candidate).is_ok() {
            removed.push(candidate);
        }
    }
    if !removed.is_empty() {
        let _ = sync_dir(path);
    }
    removed
}

/// Whether `meta` is the metadata of the file at `path` (another link to it).
#[cfg(unix)]
fn same_file(meta: &fs::Metadata, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &Path) -> bool {
    false
}

/// Whether `file_name` is a temporary file of `name` or of one of its side files:
/// `.<name>[.<suffix>].<digits>-<digits>.tmp`.
fn is_temp_of(name: &str, file_name: &str) -> bool {
    let Some(rest) = file_name
        .strip_prefix('.')
        .and_then(|r| r.strip_prefix(name))
        .and_then(|r| r.strip_prefix('.'))
        .and_then(|r| r.strip_suffix(".tmp"))
    else {
        return false;
    };
    let tag = rest.rsplit('.').next().unwrap_or(rest);
    let Some((pid, n)) = tag.split_once('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(pid) && digits(n)
}

/// Copies the bytes of `file` from `offset` to its end into a new side file next to `path`
/// (`<name>.torn-<offset>`, or `<name>.torn-<offset>-<n>` if taken), synced, and returns
/// the side file's path.
pub(crate) fn save_tail(path: &Path, file: &mut File, offset: u64) -> io::Result<PathBuf> {
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
pub(crate) fn sync_dir(path: &Path) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub(crate) fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised() {
        for yes in [
            ".j.jsonl.12-0.tmp",
            ".j.jsonl.checkpoint.4242-17.tmp",
            ".j.jsonl.catalog.json.1-2.tmp",
        ] {
            assert!(is_temp_of("j.jsonl", yes), "{yes}");
        }
        for no in [
            "j.jsonl",
            ".j.jsonl.tmp",
            ".j.jsonl.checkpoint.tmp",
            ".j.jsonl.12.tmp",
            ".j.jsonl.x-1.tmp",
            ".other.jsonl.12-0.tmp",
            ".j.jsonl.12-0.tmp.bak",
            "j.jsonl.torn-73",
        ] {
            assert!(!is_temp_of("j.jsonl", no), "{no}");
        }
    }

    #[test]
    fn a_temporary_file_held_open_is_spared_and_a_stale_one_removed() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("j.jsonl");
        std::fs::write(&path, b"").expect("the journal");
        let (held, file) = create_temp(&checkpoint_like(&path)).expect("a temporary file");
        let stale = dir.path().join(".j.jsonl.checkpoint.999999-3.tmp");
        std::fs::write(&stale, b"half a checkpoint").expect("a stale file");
        let unrelated = dir.path().join(".other.99-1.tmp");
        std::fs::write(&unrelated, b"").expect("another file");
        assert_eq!(remove_stale_temps(&path), vec![stale.clone()]);
        assert!(held.exists() && !stale.exists() && unrelated.exists());
        drop(file);
        assert_eq!(remove_stale_temps(&path), vec![held.clone()]);
        assert!(!held.exists() && path.exists());
    }

    fn checkpoint_like(path: &Path) -> PathBuf {
        path.with_file_name("j.jsonl.checkpoint")
    }
}
