//! [`MemoryStore`]: a store that keeps its entry lines in memory, for tests and for a ledger
//! built before it is copied somewhere durable.

use std::ops::Range;
use std::sync::Arc;

use super::{Aborted, CopyError, EntryLines, LedgerStore, StoreError, copy};
use crate::catalog::Catalog;
use crate::codec::{self, DEFAULT_MAX_LINE_BYTES};
use crate::ledger::{EntryId, Ledger, NewEntry};

/// A [`LedgerStore`] in memory: the ledger and each entry's line, as a journal or a
/// PostgreSQL store would hold it ([`codec::entry_line`]), so that a copy through it is byte
/// for byte. Nothing is durable; [`sync`](LedgerStore::sync) and
/// [`checkpoint`](LedgerStore::checkpoint) do nothing.
///
/// # Example
///
/// ```
/// use materiel::journal::{Journal, JournalOptions};
/// use materiel::store::{LedgerStore, MemoryStore};
/// use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
///
/// let mut memory = MemoryStore::new(Catalog::reference());
/// memory.append(NewEntry::new(
///     "VEN".parse()?,
///     PlatformRef::catalog("su-30mk2")?,
///     EffectiveDate::year(2006)?,
///     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
///     Source::new("a report", "B2".parse()?)?,
///     "2025-01-01T00:00:00Z".parse()?,
/// ))?;
/// // Written down once it is right.
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("ledger.journal");
/// let journal = Journal::create_copy(&path, &mut memory, &JournalOptions::new())?;
/// assert!(journal.ledger().entries().eq(memory.ledger().entries()));
/// let text = std::fs::read(&path)?;
/// assert!(text.ends_with(&[memory.lines()[0].as_slice(), b"\n"].concat()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct MemoryStore {
    ledger: Arc<Ledger>,
    lines: Vec<Vec<u8>>,
}

impl MemoryStore {
    /// An empty store over `catalog`.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::store::{LedgerStore, MemoryStore};
    /// use materiel::Catalog;
    /// assert!(MemoryStore::new(Catalog::reference()).ledger().is_empty());
    /// ```
    pub fn new(catalog: Catalog) -> Self {
        Self {
            ledger: Arc::new(Ledger::new(catalog)),
            lines: Vec::new(),
        }
    }

    /// A new store holding a copy of `from`'s entries, line for line.
    ///
    /// # Errors
    ///
    /// [`CopyError::Source`] when `from` cannot be read, [`CopyError::Short`] or
    /// [`CopyError::Line`] when its lines are not those of its entries.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{Journal, JournalOptions};
    /// use materiel::store::{LedgerStore, MemoryStore};
    /// use materiel::Catalog;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let mut journal = Journal::create(dir.path().join("j.jsonl"), Catalog::reference(), &JournalOptions::new())?;
    /// let copy = MemoryStore::copy_of(&mut journal)?;
    /// assert!(copy.ledger().is_empty() && copy.lines().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn copy_of<S: LedgerStore + ?Sized>(
        from: &mut S,
    ) -> Result<Self, CopyError<S::Error, StoreError>> {
        copy(from, |ledger, lines| {
            let lines = lines
                .collect::<Result<Vec<_>, Aborted>>()
                .map_err(StoreError::new)?;
            Ok(Self { ledger, lines })
        })
    }

    /// The entry lines, newline excluded, in order.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::store::MemoryStore;
    /// use materiel::Catalog;
    /// assert!(MemoryStore::new(Catalog::reference()).lines().is_empty());
    /// ```
    pub fn lines(&self) -> &[Vec<u8>] {
        &self.lines
    }
}

impl LedgerStore for MemoryStore {
    type Error = StoreError;

    fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    fn snapshot(&self) -> Arc<Ledger> {
        Arc::clone(&self.ledger)
    }

    fn append(&mut self, entry: NewEntry) -> Result<EntryId, StoreError> {
        let lines = &mut self.lines;
        Arc::make_mut(&mut self.ledger).append_then(entry, |id, entry| {
            lines.push(codec::bounded_entry_line(
                id,
                entry,
                DEFAULT_MAX_LINE_BYTES,
            )?);
            Ok(())
        })
    }

    fn extend(&mut self, entries: Vec<NewEntry>) -> Result<Range<u64>, StoreError> {
        let lines = &mut self.lines;
        Arc::make_mut(&mut self.ledger).extend_then(entries, |start, entries| {
            let mut new = Vec::with_capacity(entries.len());
            for (id, entry) in (start..).zip(entries) {
                new.push(codec::bounded_entry_line(
                    EntryId::new(id),
                    entry,
                    DEFAULT_MAX_LINE_BYTES,
                )?);
            }
            lines.append(&mut new);
            Ok(())
        })
    }

    fn refresh(&mut self) -> Result<usize, StoreError> {
        Ok(0)
    }

    fn sync(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    fn checkpoint(&mut self) -> Result<u64, StoreError> {
        Ok(0)
    }

    fn entry_lines(&mut self) -> Result<EntryLines<'_, StoreError>, StoreError> {
        Ok(Box::new(self.lines.iter().cloned().map(Ok)))
    }
}
