//! File-system steps shared by the journal and the snapshots: temporary files of this
//! process's own, atomic replacement, directory syncs, side files for torn tails.

use std::fs::{self, File};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Creates a new file next to `path` under a name no other process or call uses
/// (`.<name>.<pid>-<n>.tmp`), never replacing anything.
pub(crate) fn create_temp(path: &Path) -> io::Result<(PathBuf, File)> {
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
/// `path` and a directory sync; the temporary file is removed on failure.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let (tmp, file) = create_temp(path)?;
    let result = (|| -> io::Result<()> {
        let mut out = io::BufWriter::new(file);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        sync_dir(path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
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
