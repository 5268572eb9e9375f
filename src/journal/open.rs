//! Creating, opening and reading a journal, its lock, and the temporary files killed writers
//! left next to it.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;

#[cfg(doc)]
use super::Durability;
use super::{
    CheckpointStatus, ErrorPath, Journal, JournalError, JournalOptions, Recovery, Replay,
    checkpoint, io_err, replay,
};
use crate::catalog::Catalog;
use crate::ledger::Ledger;
use crate::store::{self, Aborted, CopyError, LedgerStore, fs};

impl Journal {
    /// Creates a new, empty journal at `path` (see [durability](Journal#durability)).
    ///
    /// # Errors
    ///
    /// [`JournalError::Exists`] if a file is already there, [`JournalError::Io`] if the file
    /// or its directory cannot be written or synced.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{Journal, JournalError, JournalOptions};
    /// use materiel::Catalog;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("ledger.journal");
    /// let journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert!(journal.ledger().is_empty());
    /// // Creating over an existing file is refused.
    /// let again = Journal::create(&path, Catalog::reference(), &JournalOptions::new());
    /// assert!(matches!(again, Err(JournalError::Exists { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create(
        path: impl AsRef<Path>,
        catalog: Catalog,
        options: &JournalOptions,
    ) -> Result<Self, JournalError> {
        Self::create_with(
            path,
            Arc::new(Ledger::new(catalog)),
            &mut std::iter::empty(),
            options,
        )
    }

    /// Creates a new journal at `path` holding a copy of `from`'s entries, line for line: the
    /// journal's header, then each entry line exactly as `from` stores it (a copy of a journal
    /// is byte for byte the same file; see [`LedgerStore::entry_lines`]). Nothing is at `path`
    /// until the whole journal is written and synced (as for [`Journal::create`]): a copy that
    /// fails leaves nothing behind.
    ///
    /// # Errors
    ///
    /// [`CopyError::Target`] with [`JournalError::Exists`] if a file is already at `path` (or
    /// another [`JournalError`] writing it), [`CopyError::Source`] if `from` cannot be read,
    /// [`CopyError::Short`] or [`CopyError::Line`] if its lines are not those of its entries.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{Journal, JournalOptions};
    /// use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let first = dir.path().join("first.journal");
    /// let mut journal = Journal::create(&first, Catalog::reference(), &JournalOptions::new())?;
    /// journal.append(NewEntry::new(
    ///     "VEN".parse()?,
    ///     PlatformRef::catalog("su-30mk2")?,
    ///     EffectiveDate::year(2006)?,
    ///     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    ///     Source::new("a report", "B2".parse()?)?,
    ///     "2025-01-01T00:00:00Z".parse()?,
    /// ))?;
    /// let second = dir.path().join("second.journal");
    /// let copy = Journal::create_copy(&second, &mut journal, &JournalOptions::new())?;
    /// assert_eq!(copy.ledger().len(), 1);
    /// assert_eq!(std::fs::read(&first)?, std::fs::read(&second)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create_copy<S: LedgerStore + ?Sized>(
        path: impl AsRef<Path>,
        from: &mut S,
        options: &JournalOptions,
    ) -> Result<Self, CopyError<S::Error, JournalError>> {
        let path = path.as_ref();
        store::copy(from, |ledger, lines| {
            Self::create_with(path, ledger, lines, options)
        })
    }

    /// Creates a new journal at `path` whose body is `lines` (entry lines, newline excluded,
    /// written byte for byte), for `ledger`, the ledger of exactly those lines. Nothing is at
    /// `path` until header and body are written and synced; an [`Aborted`] line, a line over
    /// the line limit or a count of lines other than the ledger's stops it.
    fn create_with(
        path: impl AsRef<Path>,
        ledger: Arc<Ledger>,
        lines: &mut dyn Iterator<Item = Result<Vec<u8>, Aborted>>,
        options: &JournalOptions,
    ) -> Result<Self, JournalError> {
        let path = path.as_ref().to_path_buf();
        let epath = ErrorPath(Some(path.clone()));
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(JournalError::Exists { path: epath });
        }
        let header = replay::header_line();
        // The header goes to a file of this process's own, locked before anything is visible;
        // a hard link then puts it at `path` only if nothing is there (the loser of a race
        // gets `Exists`), and the temporary name is removed.
        let (tmp, mut file) = fs::create_temp(&path).map_err(|e| io_err(&epath, "create", 0, e))?;
        let mut len = header.len() as u64;
        let linked = lock(&file, &epath).and_then(|()| {
            let mut out = io::BufWriter::new(&file);
            out.write_all(&header)
                .map_err(|e| io_err(&epath, "write", 0, e))?;
            let mut count = 0u64;
            for line in lines {
                let mut line =
                    line.map_err(|e| io_err(&epath, "copy", len, io::Error::other(e)))?;
                if line.len() > options.max_line_bytes {
                    return Err(JournalError::EntryTooLong {
                        bytes: line.len(),
                        limit: options.max_line_bytes,
                    });
                }
                count += 1;
                line.push(b'\n');
                out.write_all(&line)
                    .map_err(|e| io_err(&epath, "write", len, e))?;
                len += line.len() as u64;
            }
            if count != ledger.len() as u64 {
                let e = io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{count} entry lines for a ledger of {} entries",
                        ledger.len()
                    ),
                );
                return Err(io_err(&epath, "copy", len, e));
            }
            out.into_inner()
                .map_err(|e| e.into_error())
                .and_then(|f| f.sync_all())
                .map_err(|e| io_err(&epath, "write", len, e))?;
            match std::fs::hard_link(&tmp, &path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(JournalError::Exists {
                    path: epath.clone(),
                }),
                Err(e) => Err(io_err(&epath, "link", 0, e)),
            }
        });
        let removed = std::fs::remove_file(&tmp);
        linked?;
        removed
            .and_then(|()| fs::sync_dir(&path))
            .map_err(|e| io_err(&epath, "sync", 0, e))?;
        file.seek(SeekFrom::End(0))
            .map_err(|e| io_err(&epath, "seek", 0, e))?;
        Ok(Self {
            path,
            epath,
            file,
            ledger,
            options: options.clone(),
            len,
            recovery: None,
            checkpoint: CheckpointStatus::Absent,
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
    /// # use materiel::journal::JournalError;
    /// journal.append(delivery)?;
    /// drop(journal);
    /// let journal = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(journal.ledger().len(), 1);
    /// // One writer at a time: the open journal is locked.
    /// let second = Journal::open(&path, Catalog::reference(), &JournalOptions::new());
    /// assert!(matches!(second, Err(JournalError::Locked { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(
        path: impl AsRef<Path>,
        catalog: Catalog,
        options: &JournalOptions,
    ) -> Result<Self, JournalError> {
        let path = path.as_ref().to_path_buf();
        let epath = ErrorPath(Some(path.clone()));
        let mut file = File::options()
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| io_err(&epath, "open", 0, e))?;
        lock(&file, &epath)?;
        // The journal's writer now: temporary files of earlier writers that were killed
        // (a checkpoint being written) are left-overs, unless a live process holds them.
        fs::remove_stale_temps(&path);
        let replayed = checkpoint::open(&mut file, &path, catalog, options, &epath, true)?;
        let mut journal = Self {
            path,
            epath,
            file,
            ledger: Arc::new(replayed.ledger),
            options: options.clone(),
            len: replayed.intact_bytes,
            recovery: replayed.recovery,
            checkpoint: replayed.checkpoint,
            poisoned: false,
        };
        if options.repair {
            journal.repair()?;
        }
        Ok(journal)
    }

    /// Reads the journal at `path` for queries, without opening it for writing: from its
    /// checkpoint and the lines after it when the checkpoint fits (see
    /// [checkpoints](Journal#checkpoints)), else in full. It takes no lock, so it works beside
    /// a writer, and writes nothing: a torn tail (or a line being written) is reported in
    /// [`Replay::recovery`], never repaired, and [`Replay::checkpoint`] says what was done
    /// with the checkpoint.
    ///
    /// # Errors
    ///
    /// As [`Journal::open`], but never [`JournalError::Locked`].
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{CheckpointStatus, Journal, JournalOptions};
    /// use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("ledger.journal");
    /// let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// journal.append(NewEntry::new(
    ///     "VEN".parse()?,
    ///     PlatformRef::catalog("su-30mk2")?,
    ///     EffectiveDate::year(2006)?,
    ///     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    ///     Source::new("a report", "B2".parse()?)?,
    ///     "2025-01-01T00:00:00Z".parse()?,
    /// ))?;
    /// journal.checkpoint()?;
    /// // The writer still holds the journal: reading it for a query works all the same.
    /// let replay = Journal::read(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(replay.ledger.len(), 1);
    /// assert!(matches!(replay.checkpoint, CheckpointStatus::Loaded { entries: 1, .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read(
        path: impl AsRef<Path>,
        catalog: Catalog,
        options: &JournalOptions,
    ) -> Result<Replay, JournalError> {
        let path = path.as_ref();
        let epath = ErrorPath(Some(path.to_path_buf()));
        let mut file = File::open(path).map_err(|e| io_err(&epath, "open", 0, e))?;
        checkpoint::open(&mut file, path, catalog, options, &epath, false)
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
        replay::replay(reader, catalog, options, &ErrorPath(None))
    }

    /// What opening did with the journal's checkpoint: none found, loaded, or ignored with
    /// the reason (a warning to show: the journal was then replayed in full). A journal just
    /// created has [`CheckpointStatus::Absent`].
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
    /// use materiel::journal::CheckpointStatus;
    /// assert_eq!(journal.checkpoint_status(), &CheckpointStatus::Absent);
    /// journal.append(delivery)?;
    /// journal.checkpoint()?;
    /// drop(journal);
    /// let journal = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert!(matches!(journal.checkpoint_status(), CheckpointStatus::Loaded { entries: 1, .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checkpoint_status(&self) -> &CheckpointStatus {
        &self.checkpoint
    }

    /// The torn tail found on opening, if any (with `repaired` telling whether it was
    /// truncated away, and `saved` where its bytes were kept).
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
    /// journal.append(delivery)?;
    /// drop(journal);
    /// let journal = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert!(journal.recovery().is_none()); // the file ended with an intact line
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`Recovery`] shows a torn tail.
    pub fn recovery(&self) -> Option<&Recovery> {
        self.recovery.as_ref()
    }

    /// The ledger of every entry appended so far.
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
    /// use materiel::AsOf;
    /// journal.append(delivery)?;
    /// let lot = journal.ledger().lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert_eq!(lot.in_service().value(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// A shared read snapshot of the ledger as it is now: O(1); the next append then clones
    /// the ledger once (see [concurrency](Journal#concurrency)).
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
    /// let before = journal.snapshot();
    /// journal.append(delivery)?;
    /// // The snapshot is unchanged by later appends, and can be sent to another thread.
    /// assert!(before.is_empty());
    /// assert_eq!(journal.snapshot().len(), 1);
    /// let reader = std::thread::spawn(move || before.len());
    /// assert_eq!(reader.join().ok(), Some(0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn snapshot(&self) -> Arc<Ledger> {
        Arc::clone(&self.ledger)
    }

    /// The ledger, closing the journal (without an `fsync`: call [`Journal::sync`] first under
    /// [`Durability::OnSync`]).
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
    /// journal.append(delivery)?;
    /// let ledger = journal.into_ledger();
    /// assert_eq!(ledger.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_ledger(self) -> Ledger {
        Arc::unwrap_or_clone(self.ledger)
    }

    /// The journal's path.
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
    /// assert_eq!(journal.path(), path);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The length in bytes of the intact journal (where the next line goes).
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
    /// let header_only = journal.len_bytes();
    /// journal.append(delivery)?;
    /// assert!(journal.len_bytes() > header_only);
    /// assert_eq!(journal.len_bytes(), std::fs::metadata(&path)?.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len_bytes(&self) -> u64 {
        self.len
    }

    /// The options it was opened with.
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
    /// use materiel::journal::Durability;
    /// assert_eq!(journal.options().durability_policy(), Durability::EveryEntry);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn options(&self) -> &JournalOptions {
        &self.options
    }
}

/// How long [`lock`] keeps trying a lock that another open file description holds.
///
/// A `flock` belongs to the open file description, and a child process that another thread of
/// this process is spawning shares every descriptor until it calls `exec` (which closes them:
/// std opens files close-on-exec). So a journal closed by this process can look locked for the
/// microseconds to milliseconds a concurrent spawn takes. Retrying for a moment tells that
/// apart from a real second writer, which holds the lock for as long as it runs.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(250);

/// Takes the journal's exclusive advisory lock (trying again for up to [`LOCK_PATIENCE`]), or
/// says that another writer holds it.
fn lock(file: &File, epath: &ErrorPath) -> Result<(), JournalError> {
    let start = std::time::Instant::now();
    let mut pause = std::time::Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_PATIENCE => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(std::time::Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(JournalError::Locked {
                    path: epath.clone(),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io_err(epath, "lock", 0, e)),
        }
    }
}
