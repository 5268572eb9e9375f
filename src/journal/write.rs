//! Writing to a journal: append, extend, retract, sync, repair, checkpoint.

use std::fs::File;
use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;

#[cfg(doc)]
use super::checkpoint_path;
use super::{Durability, ErrorPath, Journal, JournalError, Recovery, checkpoint, io_err};
use crate::codec::{self, CodecError};
#[cfg(doc)]
use crate::ledger::LedgerError;
use crate::ledger::{EntryId, Ledger, NewEntry};
use crate::provenance::Source;
use crate::store::{EntryLines, LedgerStore, fs};

impl Journal {
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
    /// let id = journal.append(delivery.clone())?;
    /// assert_eq!(journal.ledger().get(id).map(|e| e.effective()), Some(EffectiveDate::year(2006)?));
    /// // A rejected entry (recorded before the latest one) writes nothing.
    /// let bytes = journal.len_bytes();
    /// let late = delivery.with_recorded("2024-01-01T00:00:00Z".parse()?);
    /// assert!(matches!(journal.append(late), Err(JournalError::Ledger(_))));
    /// assert_eq!(journal.len_bytes(), bytes);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
            let line = journal_line(id, entry, options.max_line_bytes)?;
            write_line(file, len, &line, options.durability, poisoned, epath)
        })
    }

    /// Validates a batch against the ledger as [`Ledger::extend`] does (all or none), writes
    /// its lines with one write (and one `fsync` at the end under
    /// [`Durability::EveryEntry`]), and returns the range of its ids.
    ///
    /// Atomic like [`Journal::append`]: a rejected batch writes nothing, and if writing or
    /// syncing fails the file is truncated back and the ledger rolls the whole batch back.
    /// After a crash in the middle of the write, opening finds a prefix of the batch's lines
    /// (the last one maybe torn, see [crash recovery](Journal#crash-recovery)).
    ///
    /// # Errors
    ///
    /// - [`JournalError::Batch`]: the ledger rejected an entry of the batch; nothing was
    ///   written.
    /// - [`JournalError::EntryTooLong`]: an entry's line would exceed the limit; nothing
    ///   changed.
    /// - [`JournalError::NeedsRepair`], [`JournalError::Poisoned`], [`JournalError::Io`]: as
    ///   for [`Journal::append`]; no entry of the batch is in the ledger.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{Journal, JournalOptions};
    /// use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("ledger.journal");
    /// let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// let entry = |year| NewEntry::new(
    ///     "VEN".parse().unwrap(),
    ///     PlatformRef::catalog("su-30mk2").unwrap(),
    ///     EffectiveDate::year(year).unwrap(),
    ///     Change::Delivered { count: Count::exact(2).unwrap(), into: Status::Operational, supplier: None, condition: Default::default() },
    ///     Source::new("a report", "B2".parse().unwrap()).unwrap(),
    ///     "2025-01-01T00:00:00Z".parse().unwrap(),
    /// );
    /// assert_eq!(journal.extend([entry(2006), entry(2008)])?, 0..2);
    /// drop(journal);
    /// let reopened = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(reopened.ledger().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn extend(
        &mut self,
        entries: impl IntoIterator<Item = NewEntry>,
    ) -> Result<std::ops::Range<u64>, JournalError> {
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
        let entries: Vec<NewEntry> = entries.into_iter().collect();
        Arc::make_mut(ledger).extend_then(entries, |start, entries| {
            if entries.is_empty() {
                return Ok(());
            }
            let mut lines = Vec::new();
            for (id, entry) in (start..).zip(entries) {
                let line = journal_line(EntryId::new(id), entry, options.max_line_bytes)?;
                lines.extend_from_slice(&line);
            }
            write_line(file, len, &lines, options.durability, poisoned, epath)
        })
    }

    /// Withdraws entry `target` (see [`Ledger::retract`]), through the journal.
    ///
    /// # Errors
    ///
    /// As [`Journal::append`]; an unknown target is [`LedgerError::UnknownEntry`].
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
    /// let id = journal.append(delivery)?;
    /// let correction = Source::new("analyst correction", "B2".parse()?)?;
    /// let fix = journal.retract(id, correction, "2025-02-01T00:00:00Z".parse()?, None)?;
    /// assert_eq!(journal.ledger().retracted_by(id), Some(fix));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn retract(
        &mut self,
        target: EntryId,
        source: Source,
        recorded: Timestamp,
        note: Option<String>,
    ) -> Result<EntryId, JournalError> {
        LedgerStore::retract(self, target, source, recorded, note)
    }

    /// Puts every line appended so far on stable storage (`fdatasync`).
    ///
    /// # Errors
    ///
    /// [`JournalError::Io`]; the journal is then poisoned (after a failed `fsync` the kernel
    /// may have dropped the unwritten data: reopen to see what is durable).
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
    /// use materiel::journal::Durability;
    /// let options = JournalOptions::new().durability(Durability::OnSync);
    /// let mut journal = Journal::create(&path, Catalog::reference(), &options)?;
    /// journal.append(delivery)?; // written, not yet on stable storage
    /// journal.sync()?; // now it is
    /// assert_eq!(Journal::read(&path, Catalog::reference(), &options)?.ledger.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
    /// # journal.append(delivery)?;
    /// # drop(journal);
    /// use std::io::Write;
    /// // A crash in the middle of an append leaves a torn last line.
    /// std::fs::OpenOptions::new().append(true).open(&path)?.write_all(b"{\"crc32c\":\"0000")?;
    /// let mut journal = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(journal.recovery().map(|torn| torn.repaired), Some(false));
    /// let repaired = journal.repair()?.ok_or("expected a torn tail")?;
    /// assert!(repaired.saved.is_some_and(|side_file| side_file.exists()));
    /// assert_eq!(journal.ledger().len(), 1); // appends are accepted again
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn repair(&mut self) -> Result<Option<Recovery>, JournalError> {
        let Some(recovery) = self.recovery.as_mut().filter(|r| !r.repaired) else {
            return Ok(None);
        };
        let saved = fs::save_tail(&self.path, &mut self.file, self.len)
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

    /// Writes a checkpoint of the ledger next to the journal (at
    /// [`checkpoint_path`]`(self.path())`), replacing any earlier one, and returns its path.
    /// Later opens load it and replay only the lines after it; see
    /// [checkpoints](Journal#checkpoints).
    ///
    /// It first puts the journal on stable storage (as [`Journal::sync`]), so a checkpoint
    /// never covers lines a crash could lose; it is written to a temporary file that is synced
    /// and renamed over the old one, so a crash leaves the old checkpoint or the new one.
    ///
    /// # Errors
    ///
    /// [`JournalError::Poisoned`]; [`JournalError::Io`] if syncing the journal (which poisons
    /// it, as for [`Journal::sync`]) or writing the checkpoint fails (the journal is
    /// unaffected then, and the old checkpoint, if any, is still in place).
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
    /// let entry = |year| NewEntry::new(
    ///     "VEN".parse().unwrap(),
    ///     PlatformRef::catalog("su-30mk2").unwrap(),
    ///     EffectiveDate::year(year).unwrap(),
    ///     Change::Delivered { count: Count::exact(2).unwrap(), into: Status::Operational, supplier: None, condition: Default::default() },
    ///     Source::new("a report", "B2".parse().unwrap()).unwrap(),
    ///     "2025-01-01T00:00:00Z".parse().unwrap(),
    /// );
    /// journal.append(entry(2006))?;
    /// let saved = journal.checkpoint()?;
    /// journal.append(entry(2008))?;
    /// drop(journal);
    ///
    /// let reopened = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(reopened.ledger().len(), 2);
    /// assert!(matches!(
    ///     reopened.checkpoint_status(),
    ///     CheckpointStatus::Loaded { entries: 1, .. }
    /// ));
    /// drop(reopened);
    ///
    /// // A damaged checkpoint is ignored, with the reason, and the journal replayed in full.
    /// std::fs::write(&saved, b"not a checkpoint")?;
    /// let reopened = Journal::open(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(reopened.ledger().len(), 2);
    /// assert!(reopened.checkpoint_status().warning().is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checkpoint(&mut self) -> Result<PathBuf, JournalError> {
        self.sync()?;
        if self.ledger.checkpoint_facts_readable().is_err() {
            // The checkpoint the ledger was loaded from has fact texts that cannot be read
            // (damaged, or changed since): its lines hold them, so the ledger is replayed
            // from them (the same entries) before a new checkpoint is written.
            let file = File::open(&self.path).map_err(|e| io_err(&self.epath, "open", 0, e))?;
            let limited = io::Read::take(&file, self.len);
            let catalog = self.ledger.catalog().clone();
            let replay = super::replay::replay(limited, catalog, &self.options, &self.epath)?;
            self.ledger = Arc::new(replay.ledger);
        }
        checkpoint::write(
            &self.path,
            &self.file,
            &self.ledger,
            self.len,
            self.options.line_limit(),
        )
        .map_err(|e| io_err(&self.epath, "write checkpoint", 0, e))
    }

    /// Refuses appends to a poisoned journal, or one with an unrepaired torn tail.
    pub(crate) fn writable(&self) -> Result<(), JournalError> {
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

/// The journal line of `entry` with id `id`, newline included, refused over `limit` bytes.
fn journal_line(id: EntryId, entry: &NewEntry, limit: usize) -> Result<Vec<u8>, JournalError> {
    let mut line = codec::bounded_entry_line(id, entry, limit)?;
    line.push(b'\n');
    Ok(line)
}

impl LedgerStore for Journal {
    type Error = JournalError;

    fn ledger(&self) -> &Ledger {
        &self.ledger
    }
    fn snapshot(&self) -> Arc<Ledger> {
        Arc::clone(&self.ledger)
    }
    fn append(&mut self, entry: NewEntry) -> Result<EntryId, JournalError> {
        Journal::append(self, entry)
    }
    fn extend(&mut self, entries: Vec<NewEntry>) -> Result<Range<u64>, JournalError> {
        Journal::extend(self, entries)
    }
    /// A journal has one writer, this one: there is nothing to load.
    fn refresh(&mut self) -> Result<usize, JournalError> {
        Ok(0)
    }
    fn sync(&mut self) -> Result<(), JournalError> {
        Journal::sync(self)
    }
    /// Writes the checkpoint file ([`Journal::checkpoint`]).
    fn checkpoint(&mut self) -> Result<u64, JournalError> {
        Journal::checkpoint(self)?;
        Ok(self.ledger.len() as u64)
    }
    /// The entry lines of the intact journal, read back from the file.
    fn entry_lines(&mut self) -> Result<EntryLines<'_, JournalError>, JournalError> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(0))
            .map_err(|e| io_err(&self.epath, "seek", 0, e))?;
        Ok(Box::new(Lines {
            reader: io::BufReader::with_capacity(1 << 16, file.take(self.len)),
            epath: &self.epath,
            expected: self.ledger.len() as u64,
            line: 0,
            offset: 0,
            done: false,
        }))
    }
}

/// The entry lines of a journal file, read from its start (the header skipped) to the end of
/// its intact prefix.
struct Lines<'a> {
    reader: io::BufReader<io::Take<&'a File>>,
    epath: &'a ErrorPath,
    /// The entries the journal holds: there must be as many lines.
    expected: u64,
    /// Lines read, the header included.
    line: u64,
    /// Where the next line starts.
    offset: u64,
    done: bool,
}

impl Iterator for Lines<'_> {
    type Item = Result<Vec<u8>, JournalError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            let mut line = Vec::new();
            let read = self.reader.read_until(b'\n', &mut line);
            let failed = match read {
                Ok(0) if self.line == self.expected + 1 => None,
                Ok(0) => Some(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the journal is shorter than when it was opened",
                )),
                Ok(_) if line.last() != Some(&b'\n') => Some(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the journal's last line has no newline",
                )),
                Ok(n) => {
                    let (number, offset) = (self.line + 1, self.offset);
                    self.line = number;
                    self.offset += n as u64;
                    if number == 1 {
                        continue; // the header
                    }
                    line.pop();
                    // Read back from the file: checked again, as on opening.
                    if let Err(e) = codec::verify_entry_line(&line) {
                        self.done = true;
                        let path = self.epath.clone();
                        return Some(Err(match e {
                            CodecError::Checksum { stored, computed } => JournalError::Checksum {
                                path,
                                line: number,
                                offset,
                                stored,
                                computed,
                            },
                            e => JournalError::Malformed {
                                path,
                                line: number,
                                offset,
                                reason: e.to_string(),
                            },
                        }));
                    }
                    return Some(Ok(line));
                }
                Err(e) => Some(e),
            };
            self.done = true;
            return failed.map(|e| Err(io_err(self.epath, "read", self.offset, e)));
        }
    }
}
