//! The operational-status ledger: append-only, bitemporal, sourced and graded.
//!
//! * [`Ledger`] holds the entries and answers the queries ([`Ledger::lot`],
//!   [`Ledger::holdings`], [`Ledger::readiness`], [`Ledger::timeline`], ...).
//! * An entry is written as a [`NewEntry`]: a holder, a [`PlatformRef`], an
//!   [`EffectiveDate`], a [`Change`] (delivery, status change, loss, transfer, procurement
//!   step, assessment...) with its [`Count`]s and [`Status`]es, a
//!   [`Source`] and a recorded time. The ledger gives it an
//!   [`EntryId`] and keeps it as an [`Entry`].
//! * A query reads an [`AsOf`] (valid date, transaction time, minimum grade) and returns a
//!   [`LotState`], [`Holdings`], a [`Readiness`], [`TimelineStep`]s, [`PipelineItem`]s or the
//!   [`Provenance`] behind a number.
//! * A rejected append or retraction returns a [`LedgerError`] and leaves the ledger as it was.
//!
//! The crate documentation explains the two kinds of time, back-dated entries and
//! retractions.

// Layers, for maintainers (ARCHITECTURE.md has the whole map):
//
// From the bottom up; each layer uses only those below it.
//
// 1. **Public types**: `change.rs` (`Change`, `PlatformRef`, and the shape check of a
//    change), `values.rs` (`Status`, `Count`, `Basis`, ...), `claims.rs` (`Quantity`,
//    `Decision`), `entry.rs` (`NewEntry`, `Entry`), `time.rs` (`EffectiveDate`, `AsOf`),
//    `error.rs` (`LedgerError`).
// 2. **Index** (`index/`): one lot's entries as `(key, packed effect)` elements in sorted
//    blocks (a head, a B-tree of sealed blocks with running aggregates, a tail); knows
//    nothing of entries but their effect.
// 3. **Store** (`store/`, crate-private): records, interned values and lots behind typed
//    handles; the one mapping each way between a `Change` and its stored form
//    (`store/record.rs`); appending, indexing, the negative-count check and rollback; and
//    the seam queries read through (`store/view.rs`: a lot, its state at an `AsOf`, its
//    visible entries).
// 4. **Ledger and queries**: this file (the `Ledger` type, append and retraction rules)
//    and `query.rs` (holdings, timelines, pipeline, provenance, capacity; their answer
//    types in `lot_state.rs`), `bounds.rs` and `conflicts.rs` (claims that disagree),
//    written against the seam only.
//
// To add a change kind: add the variant to `Change` and follow the compiler through its
// exhaustive matches: in `change.rs` (`Change::name`, `Change::count`,
// `Change::supplier`, `moves_counts`, the shape check `check`, `Display`) and in
// `store/record.rs` (the stored `Op` variant, `Store::encode`, `Store::decode`,
// `Record::effect`, `Record::lots`); then its tests. A query that cares about the new kind
// (`pipeline` matches every kind) shows up too. To add a query: a method on `Ledger` in
// `query.rs` that takes lots from `Store::lot` or `Store::lots_of` and reads
// `LotView::state_in` (counts at an `AsOf`) or `LotView::visible` (the entries the view sees,
// as `Entry`s, or folded into an aggregate); it never names a record or a table.

mod batch;
mod bounds;
mod captured;
pub(crate) mod change;
mod change_examples;
mod checkpoint;
pub(crate) mod claims;
mod conflicts;
pub(crate) mod entry;
mod error;
mod facts;
mod family;
mod group;
mod group_rows;
pub(crate) mod index;
mod losses;
mod lot_state;
mod pipeline;
pub(crate) mod query;
mod reresolve;
mod store;
pub(crate) mod time;
mod values;

use jiff::Timestamp;

use crate::catalog::Catalog;
use crate::provenance::{Grade, Source};

pub use batch::BatchError;
pub use bounds::{Bounds, PointPolicy, Support, SupportOrigin};
pub use captured::CapturedHeld;
pub use change::{
    Basis, Change, Condition, Count, GenericPlatform, LossCause, PlatformRef, RequestKind, Status,
};
pub(crate) use checkpoint::CHECKPOINT_TOC_LEN;
pub use claims::{Decision, Quantity};
pub use conflicts::Conflict;
pub use entry::{Entry, EntryId, NewEntry};
pub use error::LedgerError;
pub use facts::{FactSchema, Facts, FactsError};
pub use family::FamilyHoldings;
pub use group::{
    Bucket, Delivery, GroupBy, GroupError, GroupFilter, GroupKey, GroupRow, HoldingsGroup, ValueSum,
};
pub use losses::{CapturedLot, LossRow};
pub use pipeline::{Pipeline, Remainder};
pub use query::{
    Capacity, Holdings, LotState, Observation, PipelineItem, Possessed, Provenance, Readiness,
    TimelineStep,
};
pub use reresolve::Reresolution;
use store::Store;
pub use time::{AsOf, EffectiveDate, Precision};

/// Largest count one entry may carry (10^9): sums over any number of entries then fit `i64`.
pub const MAX_COUNT: u64 = 1_000_000_000;

/// The operational-status ledger.
///
/// An append-only record of [`NewEntry`]s about who holds what, validated against a
/// [`Catalog`] and against every other entry, and indexed per lot (holder x platform) for
/// as-of queries. See the [crate documentation](crate) for the bitemporal model.
///
/// # Example
///
/// ```
/// use jiff::{civil::date, Timestamp};
/// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let sipri = Source::new("SIPRI Arms Transfers Database", "A2".parse()?)?;
/// let t: Timestamp = "2025-03-10T00:00:00Z".parse()?;
/// ledger.append(NewEntry::new(
///     "VEN".parse()?,
///     PlatformRef::catalog("su-30mk2")?,
///     EffectiveDate::year(2006)?,
///     Change::Delivered { count: Count::estimate(4)?, into: Status::Unknown, supplier: Some("RUS".parse()?), condition: Default::default() },
///     sipri.clone(),
///     t,
/// ))?;
/// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::valid(date(2007, 1, 1)));
/// assert_eq!(lot.in_service(), Count::estimate(4)?);
/// // Nothing was held before the delivery's year.
/// let before = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::valid(date(2005, 12, 31)));
/// assert_eq!(before.in_service().value(), 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Ledger {
    catalog: Catalog,
    store: Store,
}

impl Ledger {
    /// An empty ledger whose entries are checked against `catalog`.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{Catalog, Ledger};
    /// let ledger = Ledger::new(Catalog::reference());
    /// assert!(ledger.is_empty());
    /// assert!(ledger.catalog().contains(&"su-30mk2".parse()?));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn new(catalog: Catalog) -> Self {
        Self {
            catalog,
            store: Store::new(),
        }
    }

    /// The catalog entries are checked against.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{Catalog, Ledger, Platform};
    /// let ledger = Ledger::new(Catalog::reference());
    /// let su30 = ledger.catalog().get(&"su-30mk2".parse()?).map(Platform::designation);
    /// assert_eq!(su30, Some("Su-30MK2"));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The number of entries, retractions included.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// let id = ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// ledger.retract(id, report.clone(), t, None)?;
    /// assert_eq!(ledger.len(), 2); // the retraction is an entry too
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// True when the ledger has no entry.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{Catalog, Ledger};
    /// assert!(Ledger::new(Catalog::reference()).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.store.len() == 0
    }

    /// The latest recorded time, if any entry was appended.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// assert_eq!(ledger.latest_recorded(), None);
    /// ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// assert_eq!(ledger.latest_recorded(), Some(t));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn latest_recorded(&self) -> Option<Timestamp> {
        self.store.latest_recorded()
    }

    /// Validates `entry` and appends it, returning its id.
    ///
    /// The entry is checked on its own (counts of at least one and at most [`MAX_COUNT`],
    /// distinct statuses, a known catalog platform), against transaction time (recorded no
    /// earlier than the latest entry) and against every other entry of the lots it touches: no
    /// status count may be negative at any valid date, before or after the entry's own date.
    /// Counts are states at dates: the count on a date is the count after every entry in effect
    /// from that day or earlier, so entries that take effect on the same first day (`2013`,
    /// `2013-01` and `2013-01-01`) are checked together, at the end of that day; a loss dated
    /// `2013` may use a delivery dated `2013-01`. The error names the first date whose count
    /// would be negative, by the effective date of that day's last entry that changes a count.
    /// A `Retracted` change withdraws its target (see [`Ledger::retract`]).
    ///
    /// # Errors
    ///
    /// A [`LedgerError`] saying what was wrong; the ledger is then unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{Catalog, Change, Count, EffectiveDate, Ledger, LedgerError, NewEntry, PlatformRef, Source, Status};
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let loss = NewEntry::new(
    ///     "VEN".parse()?,
    ///     PlatformRef::catalog("su-30mk2")?,
    ///     EffectiveDate::day(2010, 6, 1)?,
    ///     Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: materiel::ledger::LossCause::Destroyed },
    ///     Source::new("a crash report", "B2".parse()?)?,
    ///     "2010-06-02T00:00:00Z".parse()?,
    /// );
    /// // Nothing is held yet, so the loss would drive the count negative.
    /// let err = ledger.append(loss).unwrap_err();
    /// assert!(matches!(err, LedgerError::NegativeCount { value: -1, .. }));
    /// assert!(ledger.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn append(&mut self, entry: NewEntry) -> Result<EntryId, LedgerError> {
        self.append_then(entry, |_, _| Ok::<(), LedgerError>(()))
    }

    /// Validates and applies `entry` like [`Ledger::append`], then calls `commit` with its id;
    /// if `commit` fails the entry is rolled back exactly as a rejected one and its error
    /// returned. The journal uses this to write the entry's line only once the ledger has
    /// accepted it, and never leave the ledger ahead of the file.
    pub(crate) fn append_then<E: From<LedgerError>>(
        &mut self,
        entry: NewEntry,
        commit: impl FnOnce(EntryId, &NewEntry) -> Result<(), E>,
    ) -> Result<EntryId, E> {
        self.whole()?;
        entry.change.check(&entry.holder)?;
        if let PlatformRef::Catalog(id) = &entry.platform
            && !self.store.knows_platform(&entry.platform)
            && !self.catalog.contains(id)
        {
            // A platform the store knows was checked when first seen.
            return Err(LedgerError::UnknownPlatform {
                platform: id.clone(),
            }
            .into());
        }
        if let Some(latest) = self.store.latest_recorded()
            && entry.recorded < latest
        {
            return Err(LedgerError::RecordedOutOfOrder {
                recorded: entry.recorded,
                latest,
            }
            .into());
        }
        self.check_reference(&entry)?;
        let pending = self.store.append(&entry)?;
        let id = pending.id();
        if let Err(err) = commit(id, &entry) {
            self.store.undo(pending);
            return Err(err);
        }
        self.store.keep(pending, entry.note, entry.facts);
        Ok(id)
    }

    /// Withdraws entry `target`, as known from `recorded` on, on the word of `source`.
    ///
    /// Appends a `Retracted` entry with the target's holder, platform and effective date.
    /// Queries as known before `recorded` still see the target; nothing is erased.
    ///
    /// # Errors
    ///
    /// [`LedgerError::UnknownEntry`], [`LedgerError::AlreadyRetracted`],
    /// [`LedgerError::RetractsRetraction`], [`LedgerError::RecordedOutOfOrder`], or
    /// [`LedgerError::NegativeCount`] when later entries depend on the target (retract those
    /// first), by the same rule as [`Ledger::append`]: a count negative at the end of some day.
    /// The ledger is then unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// let id = ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// let t2: jiff::Timestamp = "2025-02-01T00:00:00Z".parse()?;
    /// let correction = Source::new("analyst correction", "B2".parse()?)?;
    /// let fix = ledger.retract(id, correction, t2, Some("keyed to the wrong holder".into()))?;
    /// assert_eq!(ledger.retracted_by(id), Some(fix));
    /// // As known before the retraction the delivery still counts; as known now it does not.
    /// assert_eq!(ledger.lot(&ven, &su30, &AsOf::latest().known_at(t)).in_service().value(), 4);
    /// assert_eq!(ledger.lot(&ven, &su30, &AsOf::latest()).in_service().value(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// See also the [crate documentation](crate#corrections-are-retractions).
    pub fn retract(
        &mut self,
        target: EntryId,
        source: Source,
        recorded: Timestamp,
        note: Option<String>,
    ) -> Result<EntryId, LedgerError> {
        let entry = self.retraction(target, source, recorded, note)?;
        self.append(entry)
    }

    /// The entry that [`retract`](Self::retract) would append to withdraw `target`: a
    /// `Retracted` change on the target's holder, platform and effective date. Writers that
    /// keep the ledger elsewhere (the [`Journal`](crate::journal::Journal)) build their
    /// retractions with it; nothing is appended here.
    ///
    /// # Errors
    ///
    /// [`LedgerError::UnknownEntry`] when no entry has the id `target`.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// let id = ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// let entry = ledger.retraction(id, report.clone(), t, None)?;
    /// assert_eq!(entry.change(), &Change::Retracted { entry: id });
    /// assert_eq!(entry.effective(), EffectiveDate::year(2006)?);
    /// assert_eq!(ledger.len(), 1); // nothing appended yet
    /// ledger.append(entry)?;
    /// assert!(ledger.retracted_by(id).is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn retraction(
        &self,
        target: EntryId,
        source: Source,
        recorded: Timestamp,
        note: Option<String>,
    ) -> Result<NewEntry, LedgerError> {
        let Some(original) = self.get(target) else {
            return Err(LedgerError::UnknownEntry { entry: target });
        };
        let mut entry = NewEntry::new(
            original.holder.clone(),
            original.platform.clone(),
            original.effective,
            Change::Retracted { entry: target },
            source,
            recorded,
        );
        entry.note = note;
        Ok(entry)
    }

    /// The checks of an entry that names another: a retraction's target, a resolution's
    /// picked claim (and its reason).
    fn check_reference(&self, entry: &NewEntry) -> Result<(), LedgerError> {
        match entry.change {
            Change::Retracted { entry: target } => self.check_retraction(entry, target),
            Change::Resolved { .. } => self.check_resolution(entry),
            _ => Ok(()),
        }
    }

    fn check_retraction(&self, entry: &NewEntry, target: EntryId) -> Result<(), LedgerError> {
        let Some(t) = self.store.entry_ix(target) else {
            return Err(LedgerError::UnknownEntry { entry: target });
        };
        if self.store.is_retraction(t) {
            return Err(LedgerError::RetractsRetraction { entry: target });
        }
        if let Some(by) = self.store.retracted_by(t) {
            return Err(LedgerError::AlreadyRetracted { entry: target, by });
        }
        let (holder, platform) = self.store.lot_of(t);
        if holder != &entry.holder || platform != &entry.platform {
            return Err(LedgerError::RetractionMismatch {
                entry: target,
                holder: holder.clone(),
                platform: platform.clone(),
            });
        }
        Ok(())
    }

    /// The entry with id `id`, if any.
    ///
    /// ```
    /// # use materiel::{Catalog, EntryId, Ledger};
    /// assert!(Ledger::new(Catalog::reference()).get(EntryId::new(0)).is_none());
    /// ```
    pub fn get(&self, id: EntryId) -> Option<Entry> {
        Some(self.store.entry(self.store.entry_ix(id)?))
    }

    /// Every entry, in append order (retracted ones and retractions included).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// let id = ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// ledger.retract(id, report.clone(), t, None)?;
    /// let kinds: Vec<&str> = ledger.entries().map(|e| e.change().name()).collect();
    /// assert_eq!(kinds, ["delivered", "retracted"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn entries(&self) -> impl ExactSizeIterator<Item = Entry> + '_ {
        self.store.entry_ixs().map(|i| self.store.entry(i))
    }

    /// The retraction that withdrew entry `id`, if it has been retracted.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// let id = ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// assert_eq!(ledger.retracted_by(id), None);
    /// let fix = ledger.retract(id, report.clone(), t, None)?;
    /// assert_eq!(ledger.retracted_by(id), Some(fix));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn retracted_by(&self, id: EntryId) -> Option<EntryId> {
        self.store.retracted_by(self.store.entry_ix(id)?)
    }

    /// Every holder with at least one lot, in first-seen order.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// let holders: Vec<String> = ledger.holders().map(|h| h.to_string()).collect();
    /// assert_eq!(holders, ["VEN"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn holders(&self) -> impl Iterator<Item = &crate::holder::HolderId> + '_ {
        self.store.holders()
    }

    /// The grade of entry `id`'s source, if the entry exists.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// let id = ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// assert_eq!(ledger.grade(id), Some("B2".parse::<Grade>()?));
    /// assert_eq!(ledger.grade(EntryId::new(7)), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn grade(&self, id: EntryId) -> Option<Grade> {
        Some(self.store.grade(self.store.entry_ix(id)?))
    }
}
