//! Journals on disk: their catalog side file, read-only loading for queries, opening for
//! writes, and atomic file writes.

use std::ffi::OsString;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use materiel::journal::{Durability, JournalOptions, Recovery};
use materiel::{Catalog, Journal, Ledger};

use crate::warn;

/// Where a journal's own catalog is kept: `JOURNAL.catalog.json`, beside it.
pub(crate) fn catalog_path(journal: &Path) -> PathBuf {
    let mut name: OsString = journal.as_os_str().to_owned();
    name.push(".catalog.json");
    PathBuf::from(name)
}

/// Reads a catalog file (the JSON form of `Catalog`).
pub(crate) fn read_catalog(path: &Path) -> Result<Catalog> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read catalog {}", path.display()))?;
    Catalog::from_json(&text).with_context(|| format!("catalog {}", path.display()))
}

/// The catalog of the journal at `journal`: its side file if there is one, else the reference
/// catalog.
pub(crate) fn journal_catalog(journal: &Path) -> Result<Catalog> {
    let side = catalog_path(journal);
    if side.exists() {
        read_catalog(&side)
    } else {
        Ok(Catalog::reference())
    }
}

/// Checks that `journal` is an existing file, for a clear error before anything else.
fn require(journal: &Path) -> Result<()> {
    match std::fs::metadata(journal) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(_) => bail!("{}: not a journal file", journal.display()),
        Err(e) => Err(e).with_context(|| {
            format!(
                "cannot open journal {} (create one with `materiel init`)",
                journal.display()
            )
        }),
    }
}

/// A journal read for queries: the ledger of its intact entries, without taking its lock and
/// without writing. A torn tail is reported as a warning.
pub(crate) fn load(journal: &Path) -> Result<Ledger> {
    let (ledger, recovery) = read(journal)?;
    if let Some(r) = recovery {
        warn(&format!(
            "{}: {r}; showing the intact entries (run `materiel verify --repair`)",
            journal.display()
        ));
    }
    Ok(ledger)
}

/// Replays `journal` read-only, through its checkpoint when it fits (a checkpoint that does
/// not is a warning): its ledger and torn tail, if any.
pub(crate) fn read(journal: &Path) -> Result<(Ledger, Option<Recovery>)> {
    require(journal)?;
    let catalog = journal_catalog(journal)?;
    // The error names the journal already.
    let replay = Journal::read(journal, catalog, &JournalOptions::new())?;
    if let Some(reason) = replay.checkpoint.warning() {
        warn(&format!(
            "{}: checkpoint ignored ({reason}); replayed the whole journal (run `materiel checkpoint` to write a new one)",
            journal.display()
        ));
    }
    Ok((replay.ledger, replay.recovery))
}

/// Opens `journal` for writing (taking its lock), with appends synced only on
/// [`Journal::sync`]; refuses a journal with an unrepaired torn tail.
pub(crate) fn open_for_writing(journal: &Path) -> Result<Journal> {
    require(journal)?;
    let catalog = journal_catalog(journal)?;
    let options = JournalOptions::new().durability(Durability::OnSync);
    let j = Journal::open(journal, catalog, &options)
        .with_context(|| format!("cannot open journal {} for writing", journal.display()))?;
    if let Some(r) = j.recovery().filter(|r| !r.repaired) {
        bail!(
            "{}: {r}; nothing written (run `materiel verify --repair` first)",
            journal.display()
        );
    }
    Ok(j)
}

/// Writes `path` through a temporary file in the same directory, renamed into place once
/// `write` succeeded: on failure nothing is left at `path` (and an existing file there is
/// unchanged).
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&File>) -> Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .with_context(|| format!("{}: not a file name", path.display()))?;
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| -> Result<()> {
        let file =
            File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        let mut out = std::io::BufWriter::new(&file);
        write(&mut out)?;
        out.flush()
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        drop(out);
        file.sync_all()
            .with_context(|| format!("cannot sync {}", tmp.display()))?;
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Opens `journal` for writing (taking its lock) whatever its tail: for `verify --repair`.
pub(crate) fn open_any(journal: &Path) -> Result<Journal> {
    require(journal)?;
    let catalog = journal_catalog(journal)?;
    Journal::open(journal, catalog, &JournalOptions::new())
        .with_context(|| format!("cannot open journal {} for writing", journal.display()))
}
