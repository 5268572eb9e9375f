//! One seam for every place a ledger is kept: the [`LedgerStore`] trait, which the
//! [`Journal`](crate::Journal), the PostgreSQL store (`PgStore`, feature `postgres`) and the
//! in-memory [`MemoryStore`] implement.
//!
//! * [`LedgerStore`]: read the ledger, append, extend, retract (written once, here, for every
//!   store), refresh, sync, checkpoint, and the stored entry lines a copy is made of.
//! * [`DynStore`] is any store behind one type, with one error type, [`StoreError`]
//!   ([`LedgerStore::boxed`]): a program that chooses its store at run time (the `materiel`
//!   command, bindings) holds one and never asks which it is.
//! * Copies between stores are line for line, byte for byte, and all or nothing:
//!   `Journal::create_copy`, `PgStore::create_copy` and [`MemoryStore::copy_of`] create a new
//!   store holding exactly the entry lines of any other; a failure is a [`CopyError`].
//! * [`write_atomically`] writes a file through a synced temporary file, a rename and a
//!   directory sync: the journal's checkpoints, snapshots and the command line's output
//!   files use it.
//!
//! # Example
//!
//! ```
//! use materiel::journal::{Journal, JournalOptions};
//! use materiel::store::{LedgerStore, MemoryStore};
//! use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
//!
//! /// Records a delivery in any store.
//! fn deliver<S: LedgerStore + ?Sized>(store: &mut S, year: i16) -> Result<(), S::Error> {
//!     store.append(NewEntry::new(
//!         "VEN".parse().unwrap(),
//!         PlatformRef::catalog("su-30mk2").unwrap(),
//!         EffectiveDate::year(year).unwrap(),
//!         Change::Delivered { count: Count::exact(2).unwrap(), into: Status::Operational, supplier: None, condition: Default::default() },
//!         Source::new("a report", "B2".parse().unwrap()).unwrap(),
//!         "2025-01-01T00:00:00Z".parse().unwrap(),
//!     ))?;
//!     store.sync()
//! }
//!
//! let dir = tempfile::tempdir()?;
//! let mut journal = Journal::create(dir.path().join("ledger.journal"), Catalog::reference(), &JournalOptions::new())?;
//! deliver(&mut journal, 2006)?;
//! let mut memory = MemoryStore::new(Catalog::reference());
//! deliver(&mut memory, 2006)?;
//! assert!(journal.ledger().entries().eq(memory.ledger().entries()));
//!
//! // Chosen at run time: one type for every store.
//! let mut any = journal.boxed();
//! deliver(&mut *any, 2008)?;
//! assert_eq!(any.ledger().len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Layering, for maintainers: this module sits on `ledger` and `codec` and below the stores
// (`journal`, `postgres`), which implement its trait and use its file-system helpers
// (`fs`) and copy engine (`copy`); it never names a store itself.

use std::ops::Range;
use std::sync::Arc;

use jiff::Timestamp;

use crate::ledger::{BatchError, EntryId, Ledger, LedgerError, NewEntry};
use crate::provenance::Source;

mod copy;
pub(crate) mod fs;
mod memory;

pub use copy::CopyError;
pub(crate) use copy::{Aborted, copy};
pub use fs::write_atomically;
pub use memory::MemoryStore;

/// The entry lines of a store, in order: each line without its newline, or the store's error.
pub type EntryLines<'a, E> = Box<dyn Iterator<Item = Result<Vec<u8>, E>> + 'a>;

/// Any store, chosen at run time, with one error type: see [`LedgerStore::boxed`].
pub type DynStore = Box<dyn LedgerStore<Error = StoreError> + Send>;

/// A place a ledger is kept: a journal file ([`Journal`](crate::Journal)), a PostgreSQL
/// schema (`PgStore`, feature `postgres`), memory ([`MemoryStore`]).
///
/// A store owns its [`Ledger`] and is the only way entries get in: every append is validated
/// by the ledger first, and an entry the ledger refuses is never stored. What "stored" means
/// (a line synced to a file, a committed row) and what each error is belong to the store:
/// see each implementation.
///
/// # Example
///
/// ```
/// use materiel::store::{LedgerStore, MemoryStore};
/// use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
///
/// let mut store = MemoryStore::new(Catalog::reference());
/// let id = store.append(NewEntry::new(
///     "VEN".parse()?,
///     PlatformRef::catalog("su-30mk2")?,
///     EffectiveDate::year(2006)?,
///     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
///     Source::new("a report", "B2".parse()?)?,
///     "2025-01-01T00:00:00Z".parse()?,
/// ))?;
/// let withdrawn = store.retract(id, Source::new("correction", "B2".parse()?)?, "2025-02-01T00:00:00Z".parse()?, None)?;
/// assert_eq!(store.ledger().retracted_by(id), Some(withdrawn));
/// assert_eq!(store.entry_lines()?.count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait LedgerStore {
    /// What goes wrong. A refusal by the ledger converts from [`LedgerError`], and every
    /// store's error converts into [`StoreError`] (see [`LedgerStore::boxed`]).
    type Error: std::error::Error + From<LedgerError> + Into<StoreError> + Send + Sync + 'static;

    /// The ledger as this store holds it (a shared store's: as of its last read or write).
    fn ledger(&self) -> &Ledger;

    /// A shared read snapshot of the ledger: O(1); the next append then clones the ledger
    /// once (copy on write).
    fn snapshot(&self) -> Arc<Ledger>;

    /// Validates `entry` against the ledger, stores it and returns its id.
    ///
    /// # Errors
    ///
    /// The ledger's refusal (nothing was stored), or the store's failure to store it (the
    /// entry is then not in the ledger either).
    fn append(&mut self, entry: NewEntry) -> Result<EntryId, Self::Error>;

    /// Validates a batch as [`Ledger::extend`] does (all or none), stores it, and returns the
    /// range of its ids.
    ///
    /// # Errors
    ///
    /// As [`LedgerStore::append`]; a rejected or failed batch stores nothing.
    fn extend(&mut self, entries: Vec<NewEntry>) -> Result<Range<u64>, Self::Error>;

    /// Withdraws entry `target` (see [`Ledger::retract`]): brings the ledger up to date
    /// ([`LedgerStore::refresh`]), builds the retraction with [`Ledger::retraction`] and
    /// appends it. Every store retracts through this one definition.
    ///
    /// # Errors
    ///
    /// As [`LedgerStore::append`]; an unknown target is [`LedgerError::UnknownEntry`].
    fn retract(
        &mut self,
        target: EntryId,
        source: Source,
        recorded: Timestamp,
        note: Option<String>,
    ) -> Result<EntryId, Self::Error> {
        self.refresh()?;
        let entry = self.ledger().retraction(target, source, recorded, note)?;
        self.append(entry)
    }

    /// Loads the entries other writers stored since this store last read, and returns how
    /// many. A store with one writer (a journal, memory) has none: `Ok(0)`.
    ///
    /// # Errors
    ///
    /// The store's failure to read, or a stored entry that is damaged or refused.
    fn refresh(&mut self) -> Result<usize, Self::Error>;

    /// Makes every append so far durable (a journal under
    /// [`Durability::OnSync`](crate::journal::Durability::OnSync) syncs its file; a store
    /// whose appends are durable when they return does nothing).
    ///
    /// # Errors
    ///
    /// The store's failure to sync.
    fn sync(&mut self) -> Result<(), Self::Error>;

    /// Stores a checkpoint of the ledger, so that opening the store later reads only the
    /// entries after it; returns how many entries it covers. A store without checkpoints
    /// (memory) stores none and returns `Ok(0)`.
    ///
    /// # Errors
    ///
    /// The store's failure to write the checkpoint; the entries are unaffected.
    fn checkpoint(&mut self) -> Result<u64, Self::Error>;

    /// The failure of the last checkpoint the store wrote by itself after an append (the
    /// append succeeded all the same: opening then reads more entries), if it failed.
    fn checkpoint_failure(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        None
    }

    /// Whether other writers may store entries while this store is open (a PostgreSQL store:
    /// yes; a journal, which is locked for writing, or memory: no). An append of a shared
    /// store can then be refused for what another writer just stored (a recorded time
    /// later than its own).
    fn is_shared(&self) -> bool {
        false
    }

    /// The stored line of every entry of [`LedgerStore::ledger`], in order, byte for byte,
    /// newline excluded: what a copy of the store is made of.
    ///
    /// # Errors
    ///
    /// The store's failure to read; the iterator yields the store's error for a line that
    /// cannot be read or is out of place, or when the lines end early.
    fn entry_lines(&mut self) -> Result<EntryLines<'_, Self::Error>, Self::Error>;

    /// This store as a [`DynStore`]: one type for any store, whose errors are
    /// [`StoreError`]s.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::store::{DynStore, LedgerStore, MemoryStore};
    /// use materiel::Catalog;
    ///
    /// let stores: Vec<DynStore> = vec![
    ///     MemoryStore::new(Catalog::reference()).boxed(),
    ///     MemoryStore::new(Catalog::default()).boxed(),
    /// ];
    /// assert!(stores.iter().all(|s| s.ledger().is_empty()));
    /// ```
    fn boxed(self) -> DynStore
    where
        Self: Sized + Send + 'static,
    {
        Box::new(Erased(self))
    }
}

/// A store whose errors are [`StoreError`]s.
struct Erased<S>(S);

impl<S: LedgerStore> LedgerStore for Erased<S> {
    type Error = StoreError;

    fn ledger(&self) -> &Ledger {
        self.0.ledger()
    }
    fn snapshot(&self) -> Arc<Ledger> {
        self.0.snapshot()
    }
    fn append(&mut self, entry: NewEntry) -> Result<EntryId, StoreError> {
        self.0.append(entry).map_err(Into::into)
    }
    fn extend(&mut self, entries: Vec<NewEntry>) -> Result<Range<u64>, StoreError> {
        self.0.extend(entries).map_err(Into::into)
    }
    fn retract(
        &mut self,
        target: EntryId,
        source: Source,
        recorded: Timestamp,
        note: Option<String>,
    ) -> Result<EntryId, StoreError> {
        self.0
            .retract(target, source, recorded, note)
            .map_err(Into::into)
    }
    fn refresh(&mut self) -> Result<usize, StoreError> {
        self.0.refresh().map_err(Into::into)
    }
    fn sync(&mut self) -> Result<(), StoreError> {
        self.0.sync().map_err(Into::into)
    }
    fn checkpoint(&mut self) -> Result<u64, StoreError> {
        self.0.checkpoint().map_err(Into::into)
    }
    fn checkpoint_failure(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.0.checkpoint_failure()
    }
    fn is_shared(&self) -> bool {
        self.0.is_shared()
    }
    fn entry_lines(&mut self) -> Result<EntryLines<'_, StoreError>, StoreError> {
        let lines = self.0.entry_lines().map_err(Into::into)?;
        Ok(Box::new(lines.map(|line| line.map_err(Into::into))))
    }
    fn boxed(self) -> DynStore
    where
        Self: Sized + Send + 'static,
    {
        Box::new(self)
    }
}

/// Any store's error, behind one type ([`DynStore`]'s): its text and source are the store's
/// own error's; [`StoreError::refusal`] says whether the ledger refused the entry, and
/// [`StoreError::downcast_ref`] gives the store's own error.
///
/// # Example
///
/// ```
/// use materiel::journal::{Journal, JournalError, JournalOptions};
/// use materiel::store::LedgerStore;
/// use materiel::{Catalog, EntryId, LedgerError, Source};
///
/// let dir = tempfile::tempdir()?;
/// let mut store = Journal::create(dir.path().join("j.jsonl"), Catalog::reference(), &JournalOptions::new())?.boxed();
/// let err = store
///     .retract(EntryId::new(9), Source::new("fix", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?, None)
///     .unwrap_err();
/// assert!(matches!(err.refusal(), Some(LedgerError::UnknownEntry { .. })));
/// assert!(matches!(err.downcast_ref::<JournalError>(), Some(JournalError::Ledger(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct StoreError {
    error: Box<dyn std::error::Error + Send + Sync + 'static>,
    refusal: Option<LedgerError>,
}

impl StoreError {
    /// A store's error that is not the ledger's refusal of an entry.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::store::StoreError;
    /// let err = StoreError::new(std::io::Error::other("disk full"));
    /// assert_eq!(err.to_string(), "disk full");
    /// assert!(err.refusal().is_none());
    /// ```
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self {
            error: Box::new(error),
            refusal: None,
        }
    }

    /// A store's error reporting that the ledger refused an entry (`refusal`): nothing was
    /// stored.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::store::StoreError;
    /// use materiel::{EntryId, LedgerError};
    /// let refused = LedgerError::UnknownEntry { entry: EntryId::new(3) };
    /// let err = StoreError::refused(refused.clone(), refused.clone());
    /// assert_eq!(err.refusal(), Some(&refused));
    /// ```
    pub fn refused(
        error: impl std::error::Error + Send + Sync + 'static,
        refusal: LedgerError,
    ) -> Self {
        Self {
            error: Box::new(error),
            refusal: Some(refusal),
        }
    }

    /// The ledger's refusal, when the ledger refused the entry (or an entry of the batch)
    /// being stored.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::store::{LedgerStore, MemoryStore};
    /// use materiel::{Catalog, Change, Count, EffectiveDate, LedgerError, NewEntry, PlatformRef, Source, Status};
    ///
    /// let mut store = MemoryStore::new(Catalog::reference()).boxed();
    /// let loss = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    ///     Change::Retired { count: Count::exact(1)?, from: Status::Operational },
    ///     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
    /// let err = store.append(loss).unwrap_err();
    /// assert!(matches!(err.refusal(), Some(LedgerError::NegativeCount { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn refusal(&self) -> Option<&LedgerError> {
        self.refusal.as_ref()
    }

    /// The store's own error, if it is an `E` (such as a
    /// [`JournalError`](crate::journal::JournalError)).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::store::StoreError;
    /// let err = StoreError::new(std::io::Error::other("disk full"));
    /// assert_eq!(err.downcast_ref::<std::io::Error>().map(|e| e.kind()), Some(std::io::ErrorKind::Other));
    /// ```
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        self.error.downcast_ref::<E>()
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error.source()
    }
}

impl From<LedgerError> for StoreError {
    fn from(e: LedgerError) -> Self {
        Self::refused(e.clone(), e)
    }
}

impl From<BatchError> for StoreError {
    fn from(e: BatchError) -> Self {
        let refusal = e.error.clone();
        Self::refused(e, refusal)
    }
}

impl From<crate::codec::CodecError> for StoreError {
    fn from(e: crate::codec::CodecError) -> Self {
        Self::new(e)
    }
}
