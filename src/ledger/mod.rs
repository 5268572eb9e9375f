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

pub(crate) mod change;
pub(crate) mod entry;
mod error;
pub(crate) mod index;
pub(crate) mod query;
pub(crate) mod time;

use std::hash::Hash;

use jiff::Timestamp;

use crate::catalog::Catalog;
use crate::hash::FxMap;
use crate::holder::HolderId;
use crate::provenance::{Grade, Source};

pub use change::{
    Basis, Change, Condition, Count, GenericPlatform, LossCause, PlatformRef, RequestKind, Status,
};
pub use entry::{Entry, EntryId, NewEntry};
pub use error::LedgerError;
use index::{Elem, Flow, LotIndex, Packed, Sets};
pub use query::{
    AsOf, Capacity, Holdings, LotState, PipelineItem, Provenance, Readiness, TimelineStep,
};
pub use time::{EffectiveDate, Precision};

/// Largest count one entry may carry (10^9): sums over any number of entries then fit `i64`.
pub const MAX_COUNT: u64 = 1_000_000_000;

const NONE: u32 = u32::MAX;

/// A conservative identity test: true only when two values share their text (the same
/// `Arc`s), which is a pointer comparison. Used to skip hashing for the values an importer
/// or a caller passes again and again; false negatives only cost a hash look-up.
trait Same {
    fn same(&self, other: &Self) -> bool;
    /// The address of the value's main shared text (a cache key; never dereferenced).
    fn address(&self) -> usize;
}

fn same_text(a: &std::sync::Arc<str>, b: &std::sync::Arc<str>) -> bool {
    std::sync::Arc::ptr_eq(a, b)
}

impl Same for HolderId {
    fn same(&self, other: &Self) -> bool {
        same_text(self.shared(), other.shared())
    }
    fn address(&self) -> usize {
        std::sync::Arc::as_ptr(self.shared()).cast::<u8>() as usize
    }
}

impl Same for PlatformRef {
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (PlatformRef::Catalog(a), PlatformRef::Catalog(b)) => same_text(a.shared(), b.shared()),
            (PlatformRef::Generic(a), PlatformRef::Generic(b)) => {
                a.kind() == b.kind() && same_text(a.shared_designation(), b.shared_designation())
            }
            _ => false,
        }
    }
    fn address(&self) -> usize {
        match self {
            PlatformRef::Catalog(id) => std::sync::Arc::as_ptr(id.shared()).cast::<u8>() as usize,
            PlatformRef::Generic(g) => {
                std::sync::Arc::as_ptr(g.shared_designation()).cast::<u8>() as usize
            }
        }
    }
}

impl Same for Source {
    fn same(&self, other: &Self) -> bool {
        let opt = |a: Option<&std::sync::Arc<str>>, b: Option<&std::sync::Arc<str>>| match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => same_text(a, b),
            _ => false,
        };
        self.grade() == other.grade()
            && same_text(self.shared_citation(), other.shared_citation())
            && opt(self.shared_url(), other.shared_url())
            && opt(self.shared_reference(), other.shared_reference())
    }
    fn address(&self) -> usize {
        let text = |a: &std::sync::Arc<str>| std::sync::Arc::as_ptr(a).cast::<u8>() as usize;
        text(self.shared_citation())
            ^ self.shared_reference().map_or(0, text).rotate_left(17)
            ^ (self.grade().reliability() as usize) << 3
            ^ (self.grade().credibility() as usize) << 6
    }
}

/// Values stored once and referred to by number.
#[derive(Clone, Debug)]
struct Interner<T> {
    items: Vec<T>,
    ids: FxMap<T, u32>,
    /// Values seen lately, by the address of their shared text: callers usually pass the same
    /// `HolderId`, platform and `Source` values again and again, and recognising them by
    /// pointer skips hashing their text. The cache holds clones, so an address in it cannot
    /// be reused by another value while it is there.
    cache: Vec<Option<(T, u32)>>,
}

const INTERN_CACHE: usize = 64;

impl<T: Clone + Eq + Hash + Same> Interner<T> {
    fn new() -> Self {
        Self {
            items: Vec::new(),
            ids: FxMap::default(),
            cache: vec![None; INTERN_CACHE],
        }
    }
    fn slot(item: &T) -> usize {
        let a = item.address();
        (a ^ (a >> 7) ^ (a >> 13)) % INTERN_CACHE
    }
    fn intern(&mut self, item: &T) -> u32 {
        let slot = Self::slot(item);
        if let Some((known, id)) = &self.cache[slot]
            && known.same(item)
        {
            return *id;
        }
        let id = if let Some(&id) = self.ids.get(item) {
            id
        } else {
            let id = self.items.len() as u32;
            self.items.push(item.clone());
            self.ids.insert(item.clone(), id);
            id
        };
        self.cache[slot] = Some((item.clone(), id));
        id
    }
    fn get(&self, item: &T) -> Option<u32> {
        self.ids.get(item).copied()
    }
    /// The id of `item` if the pointer cache knows it (no hashing).
    fn cached(&self, item: &T) -> Option<u32> {
        match &self.cache[Self::slot(item)] {
            Some((known, id)) if known.same(item) => Some(*id),
            _ => None,
        }
    }
    fn truncate(&mut self, len: usize) {
        for item in self.items.drain(len..) {
            self.ids.remove(&item);
        }
        for slot in &mut self.cache {
            if slot.as_ref().is_some_and(|(_, id)| *id as usize >= len) {
                *slot = None;
            }
        }
    }
}

/// A count in 8 bytes: counts are at most [`MAX_COUNT`], which fits `u32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct C32 {
    value: u32,
    basis: Basis,
}

impl C32 {
    fn value(self) -> u64 {
        u64::from(self.value)
    }
}

/// Conversions between the public [`Count`] and the stored [`C32`] (checked on append:
/// counts never exceed [`MAX_COUNT`]).
trait Compact {
    type Out;
    fn compact(self) -> Self::Out;
}

impl Compact for &Count {
    type Out = C32;
    fn compact(self) -> C32 {
        C32 {
            value: u32::try_from(self.value()).unwrap_or(u32::MAX),
            basis: self.basis(),
        }
    }
}

impl Compact for &Option<Count> {
    type Out = Option<C32>;
    fn compact(self) -> Option<C32> {
        self.as_ref().map(Compact::compact)
    }
}

impl Compact for &C32 {
    type Out = Count;
    fn compact(self) -> Count {
        Count::total(self.value(), self.basis)
    }
}

impl Compact for &Option<C32> {
    type Out = Option<Count>;
    fn compact(self) -> Option<Count> {
        self.as_ref().map(Compact::compact)
    }
}

/// A change with its holders interned: what the ledger stores.
#[derive(Clone, Debug)]
enum Op {
    Requested {
        count: Option<C32>,
        supplier: u32,
        request: RequestKind,
    },
    Ordered {
        count: C32,
        supplier: u32,
        condition: Condition,
    },
    Delivered {
        count: C32,
        into: Status,
        supplier: u32,
        condition: Condition,
    },
    StatusChanged {
        from: Status,
        to: Status,
        count: C32,
    },
    /// Index into `Records::assessments`.
    Assessed(u32),
    Lost {
        count: C32,
        from: Status,
        cause: u8,
        captor: u32,
    },
    Retired {
        count: C32,
        from: Status,
    },
    Expended {
        count: C32,
        from: Status,
    },
    Transferred {
        count: C32,
        from: Status,
        into: Status,
        to_lot: u32,
    },
    Observed {
        count: Option<C32>,
        status: Option<Status>,
    },
    Retracted {
        entry: u32,
    },
}

/// Entry records in fixed-size chunks: appending never moves earlier records, and the
/// spare capacity is at most one chunk, where a doubling `Vec` can leave half its memory
/// unused.
#[derive(Clone, Debug, Default)]
struct Records {
    chunks: Vec<Vec<Record>>,
    len: usize,
    /// Breakdowns of `Assessed` entries (rare and variable-sized, so kept apart).
    assessments: Vec<Box<[(Status, Count)]>>,
}

impl Records {
    const CHUNK: usize = 4096;

    fn len(&self) -> usize {
        self.len
    }

    fn push(&mut self, record: Record) {
        if self.len.is_multiple_of(Self::CHUNK) {
            self.chunks.push(Vec::with_capacity(Self::CHUNK));
        }
        if let Some(chunk) = self.chunks.last_mut() {
            chunk.push(record);
            self.len += 1;
        }
    }

    fn pop(&mut self) {
        if let Some(chunk) = self.chunks.last_mut() {
            if let Some(Record {
                op: Op::Assessed(_),
                ..
            }) = chunk.pop()
            {
                self.assessments.pop();
            }
            self.len -= 1;
            if chunk.is_empty() {
                self.chunks.pop();
            }
        }
    }

    fn get(&self, i: usize) -> Option<&Record> {
        self.chunks.get(i / Self::CHUNK)?.get(i % Self::CHUNK)
    }
}

impl std::ops::Index<usize> for Records {
    type Output = Record;
    fn index(&self, i: usize) -> &Record {
        &self.chunks[i / Self::CHUNK][i % Self::CHUNK]
    }
}

impl std::ops::IndexMut<usize> for Records {
    fn index_mut(&mut self, i: usize) -> &mut Record {
        &mut self.chunks[i / Self::CHUNK][i % Self::CHUNK]
    }
}

/// One stored entry.
#[derive(Clone, Debug)]
struct Record {
    op: Op,
    effective: EffectiveDate,
    /// Index into `Ledger::times`.
    recorded: u32,
    lot: u32,
    source: u32,
    /// The retraction that withdrew this entry, or `NONE`.
    retracted_by: u32,
}

#[derive(Clone, Debug)]
struct Lot {
    holder: u32,
    platform: u32,
    index: LotIndex,
}

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
    records: Records,
    /// Distinct recorded times, ascending; records refer to them by index.
    times: Vec<Timestamp>,
    holders: Interner<HolderId>,
    platforms: Interner<PlatformRef>,
    sources: Interner<Source>,
    notes: FxMap<u32, Box<str>>,
    lots: Vec<Lot>,
    lot_ids: FxMap<(u32, u32), u32>,
    /// Lots of each holder, by holder number.
    holder_lots: Vec<Vec<u32>>,
    retractions: usize,
}

/// What to undo if an append is rejected.
struct Mark {
    holders: usize,
    platforms: usize,
    sources: usize,
    lots: usize,
    times: usize,
}

impl Ledger {
    /// An empty ledger whose entries are checked against `catalog`.
    pub fn new(catalog: Catalog) -> Self {
        Self {
            catalog,
            records: Records::default(),
            times: Vec::new(),
            holders: Interner::new(),
            platforms: Interner::new(),
            sources: Interner::new(),
            notes: FxMap::default(),
            lots: Vec::new(),
            lot_ids: FxMap::default(),
            holder_lots: Vec::new(),
            retractions: 0,
        }
    }

    /// The catalog entries are checked against.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The number of entries, retractions included.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True when the ledger has no entry.
    pub fn is_empty(&self) -> bool {
        self.records.len() == 0
    }

    /// The latest recorded time, if any entry was appended.
    pub fn latest_recorded(&self) -> Option<Timestamp> {
        self.times.last().copied()
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
        self.check_shape(&entry)?;
        if let Some(&latest) = self.times.last()
            && entry.recorded < latest
        {
            return Err(LedgerError::RecordedOutOfOrder {
                recorded: entry.recorded,
                latest,
            }
            .into());
        }
        let id = self.records.len();
        if id >= NONE as usize {
            return Err(LedgerError::Full { entries: id as u64 }.into());
        }
        let id = id as u32;
        if let Change::Retracted { entry: target } = entry.change {
            self.check_retraction(&entry, target)?;
        }

        let mark = Mark {
            holders: self.holders.items.len(),
            platforms: self.platforms.items.len(),
            sources: self.sources.items.len(),
            lots: self.lots.len(),
            times: self.times.len(),
        };
        let holder = self.holders.intern(&entry.holder);
        let platform = self.platforms.intern(&entry.platform);
        let lot = self.lot_for(holder, platform);
        let op = self.op_for(&entry.change, platform);
        let source = self.sources.intern(&entry.source);
        if self.times.last() != Some(&entry.recorded) {
            self.times.push(entry.recorded);
        }
        let recorded = (self.times.len() - 1) as u32;
        self.records.push(Record {
            op,
            effective: entry.effective,
            recorded,
            lot,
            source,
            retracted_by: NONE,
        });

        let touched = self.apply(id);
        if let Some(err) = touched
            .into_iter()
            .flatten()
            .find_map(|l| self.negative_in(l))
        {
            self.unapply(id);
            self.records.pop();
            self.rollback(&mark);
            return Err(err.into());
        }
        if let Err(err) = commit(EntryId::new(u64::from(id)), &entry) {
            self.unapply(id);
            self.records.pop();
            self.rollback(&mark);
            return Err(err);
        }
        if let Some(note) = entry.note {
            self.notes.insert(id, note.into_boxed_str());
        }
        if matches!(entry.change, Change::Retracted { .. }) {
            self.retractions += 1;
        }
        Ok(EntryId::new(u64::from(id)))
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
    /// See the [crate documentation](crate#corrections-are-retractions).
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

    fn check_shape(&self, entry: &NewEntry) -> Result<(), LedgerError> {
        let change = &entry.change;
        let bad = |reason: String| LedgerError::InvalidChange {
            change: change.name(),
            reason,
        };
        let check_count = |c: Count, zero_ok: bool| {
            if c.value() == 0 && !zero_ok {
                Err(bad("count must be at least 1".into()))
            } else if c.value() > MAX_COUNT {
                Err(bad(format!(
                    "count {} exceeds the maximum {MAX_COUNT}",
                    c.value()
                )))
            } else {
                Ok(())
            }
        };
        match change {
            Change::Requested { count, .. } | Change::Observed { count, .. } => {
                if let Some(c) = count {
                    check_count(*c, false)?;
                }
            }
            Change::Ordered { count, .. }
            | Change::Delivered { count, .. }
            | Change::Lost { count, .. }
            | Change::Retired { count, .. }
            | Change::Expended { count, .. } => check_count(*count, false)?,
            Change::StatusChanged { from, to, count } => {
                check_count(*count, false)?;
                if from == to {
                    return Err(bad(format!("from and to are both {from}")));
                }
            }
            Change::Transferred { count, to, .. } => {
                check_count(*count, false)?;
                if *to == entry.holder {
                    return Err(bad(format!("{to} cannot transfer to itself")));
                }
            }
            Change::Assessed { breakdown } => {
                for (i, (s, c)) in breakdown.iter().enumerate() {
                    check_count(*c, true)?;
                    if breakdown[..i].iter().any(|(t, _)| t == s) {
                        return Err(bad(format!("status {s} is listed twice")));
                    }
                }
            }
            Change::Retracted { .. } => {}
        }
        if let PlatformRef::Catalog(id) = &entry.platform {
            // A platform the ledger has interned was checked when first seen.
            let seen = self.platforms.cached(&entry.platform).is_some()
                || self.platforms.get(&entry.platform).is_some();
            if !seen && self.catalog.get(id).is_none() {
                return Err(LedgerError::UnknownPlatform {
                    platform: id.clone(),
                });
            }
        }
        Ok(())
    }

    fn check_retraction(&self, entry: &NewEntry, target: EntryId) -> Result<(), LedgerError> {
        let Some(rec) = usize::try_from(target.get())
            .ok()
            .and_then(|i| self.records.get(i))
        else {
            return Err(LedgerError::UnknownEntry { entry: target });
        };
        if matches!(rec.op, Op::Retracted { .. }) {
            return Err(LedgerError::RetractsRetraction { entry: target });
        }
        if rec.retracted_by != NONE {
            return Err(LedgerError::AlreadyRetracted {
                entry: target,
                by: EntryId::new(u64::from(rec.retracted_by)),
            });
        }
        let lot = &self.lots[rec.lot as usize];
        let holder = &self.holders.items[lot.holder as usize];
        let platform = &self.platforms.items[lot.platform as usize];
        if holder != &entry.holder || platform != &entry.platform {
            return Err(LedgerError::RetractionMismatch {
                entry: target,
                holder: holder.clone(),
                platform: platform.clone(),
            });
        }
        Ok(())
    }

    fn lot_for(&mut self, holder: u32, platform: u32) -> u32 {
        if let Some(&lot) = self.lot_ids.get(&(holder, platform)) {
            return lot;
        }
        let lot = self.lots.len() as u32;
        self.lots.push(Lot {
            holder,
            platform,
            index: LotIndex::new(),
        });
        self.lot_ids.insert((holder, platform), lot);
        if self.holder_lots.len() <= holder as usize {
            self.holder_lots.resize_with(holder as usize + 1, Vec::new);
        }
        self.holder_lots[holder as usize].push(lot);
        lot
    }

    fn op_for(&mut self, change: &Change, platform: u32) -> Op {
        let mut holder = |h: &Option<HolderId>| h.as_ref().map_or(NONE, |h| self.holders.intern(h));
        match change {
            Change::Requested {
                count,
                supplier,
                request,
            } => Op::Requested {
                count: count.compact(),
                supplier: holder(supplier),
                request: *request,
            },
            Change::Ordered {
                count,
                supplier,
                condition,
            } => Op::Ordered {
                count: count.compact(),
                supplier: holder(supplier),
                condition: *condition,
            },
            Change::Delivered {
                count,
                into,
                supplier,
                condition,
            } => Op::Delivered {
                count: count.compact(),
                into: *into,
                supplier: holder(supplier),
                condition: *condition,
            },
            Change::StatusChanged { from, to, count } => Op::StatusChanged {
                from: *from,
                to: *to,
                count: count.compact(),
            },
            Change::Assessed { breakdown } => {
                self.records
                    .assessments
                    .push(breakdown.clone().into_boxed_slice());
                Op::Assessed((self.records.assessments.len() - 1) as u32)
            }
            Change::Lost { count, from, cause } => {
                let (cause, captor) = match cause {
                    LossCause::Destroyed => (0, NONE),
                    LossCause::Damaged => (1, NONE),
                    LossCause::Abandoned => (2, NONE),
                    LossCause::Captured { by } => (3, holder(by)),
                };
                Op::Lost {
                    count: count.compact(),
                    from: *from,
                    cause,
                    captor,
                }
            }
            Change::Retired { count, from } => Op::Retired {
                count: count.compact(),
                from: *from,
            },
            Change::Expended { count, from } => Op::Expended {
                count: count.compact(),
                from: *from,
            },
            Change::Transferred {
                count,
                to,
                from,
                into,
            } => {
                let to = self.holders.intern(to);
                let to_lot = self.lot_for(to, platform);
                Op::Transferred {
                    count: count.compact(),
                    from: *from,
                    into: *into,
                    to_lot,
                }
            }
            Change::Observed { count, status } => Op::Observed {
                count: count.compact(),
                status: *status,
            },
            Change::Retracted { entry } => Op::Retracted {
                entry: entry.get() as u32,
            },
        }
    }

    /// Indexes entry `id` (or applies its retraction); returns the lots to validate: those
    /// where the entry can lower a count (a retraction can lower any).
    fn apply(&mut self, id: u32) -> [Option<u32>; 2] {
        match self.records[id as usize].op {
            Op::Retracted { entry } => {
                self.records[entry as usize].retracted_by = id;
                self.set_effects(entry, true)
            }
            _ => {
                let lots = self.lots_of(id);
                let rec = &self.records[id as usize];
                let key = index::key(rec.effective.key(), id);
                let mut to_check = [None, None];
                for (slot, l) in lots.into_iter().enumerate() {
                    let Some(l) = l else { continue };
                    let eff = packed_effect(rec, l);
                    self.lots[l as usize]
                        .index
                        .insert(Elem { key, eff }, &self.records);
                    if eff.can_lower() {
                        to_check[slot] = Some(l);
                    }
                }
                to_check
            }
        }
    }

    /// Gives entry `entry` no effect (`retracted`) or its own effect back, in every lot it is
    /// indexed in; returns those lots.
    fn set_effects(&mut self, entry: u32, retracted: bool) -> [Option<u32>; 2] {
        let lots = self.lots_of(entry);
        let rec = &self.records[entry as usize];
        let key = index::key(rec.effective.key(), entry);
        for l in lots.into_iter().flatten() {
            let eff = if retracted {
                Packed::NONE
            } else {
                packed_effect(rec, l)
            };
            self.lots[l as usize]
                .index
                .set_effect(key, eff, &self.records);
        }
        lots
    }

    fn unapply(&mut self, id: u32) {
        match self.records[id as usize].op {
            Op::Retracted { entry } => {
                self.records[entry as usize].retracted_by = NONE;
                self.set_effects(entry, false);
            }
            _ => {
                let rec = &self.records[id as usize];
                let key = index::key(rec.effective.key(), id);
                for l in self.lots_of(id).into_iter().flatten() {
                    self.lots[l as usize].index.remove(key, &self.records);
                }
            }
        }
    }

    fn rollback(&mut self, mark: &Mark) {
        for lot in self.lots.drain(mark.lots..) {
            self.lot_ids.remove(&(lot.holder, lot.platform));
            if let Some(list) = self.holder_lots.get_mut(lot.holder as usize) {
                list.retain(|&l| (l as usize) < mark.lots);
            }
        }
        self.holder_lots.truncate(mark.holders);
        self.holders.truncate(mark.holders);
        self.platforms.truncate(mark.platforms);
        self.sources.truncate(mark.sources);
        self.times.truncate(mark.times);
    }

    /// The lots an entry is indexed in: its own, and the receiver's for a transfer.
    fn lots_of(&self, id: u32) -> [Option<u32>; 2] {
        let rec = &self.records[id as usize];
        match rec.op {
            Op::Transferred { to_lot, .. } => [Some(rec.lot), Some(to_lot)],
            Op::Retracted { .. } => [None, None],
            _ => [Some(rec.lot), None],
        }
    }

    /// The error for the first date at whose end a count of `lot` is negative, if any.
    fn negative_in(&self, lot: u32) -> Option<LedgerError> {
        let l = &self.lots[lot as usize];
        if l.index.valid() {
            return None;
        }
        let sets = &self.records;
        // `key` is the day's last entry with an effect: the prefix up to it is the count at
        // the end of that day.
        let (key, status) = l.index.first_negative(sets)?;
        let prefix = l.index.prefix(key, sets);
        Some(LedgerError::NegativeCount {
            holder: self.holders.items[l.holder as usize].clone(),
            platform: self.platforms.items[l.platform as usize].clone(),
            status,
            date: self.records[index::key_id(key) as usize].effective,
            value: prefix.status(status).0,
        })
    }

    /// The entry with id `id`, if any.
    ///
    /// ```
    /// # use materiel::{Catalog, EntryId, Ledger};
    /// assert!(Ledger::new(Catalog::reference()).get(EntryId::new(0)).is_none());
    /// ```
    pub fn get(&self, id: EntryId) -> Option<Entry> {
        let i = u32::try_from(id.get()).ok()?;
        self.records.get(i as usize)?;
        Some(self.entry(i))
    }

    /// Every entry, in append order (retracted ones and retractions included).
    pub fn entries(&self) -> impl ExactSizeIterator<Item = Entry> + '_ {
        (0..self.records.len() as u32).map(|i| self.entry(i))
    }

    /// The retraction that withdrew entry `id`, if it has been retracted.
    pub fn retracted_by(&self, id: EntryId) -> Option<EntryId> {
        let rec = self.records.get(usize::try_from(id.get()).ok()?)?;
        (rec.retracted_by != NONE).then(|| EntryId::new(u64::from(rec.retracted_by)))
    }

    /// Every holder with at least one lot, in first-seen order.
    pub fn holders(&self) -> impl Iterator<Item = &HolderId> + '_ {
        self.holder_lots
            .iter()
            .enumerate()
            .filter(|(_, lots)| !lots.is_empty())
            .map(|(h, _)| &self.holders.items[h])
    }

    fn entry(&self, id: u32) -> Entry {
        let rec = &self.records[id as usize];
        let lot = &self.lots[rec.lot as usize];
        let h = |i: u32| (i != NONE).then(|| self.holders.items[i as usize].clone());
        let change = match &rec.op {
            Op::Requested {
                count,
                supplier,
                request,
            } => Change::Requested {
                count: count.compact(),
                supplier: h(*supplier),
                request: *request,
            },
            Op::Ordered {
                count,
                supplier,
                condition,
            } => Change::Ordered {
                count: count.compact(),
                supplier: h(*supplier),
                condition: *condition,
            },
            Op::Delivered {
                count,
                into,
                supplier,
                condition,
            } => Change::Delivered {
                count: count.compact(),
                into: *into,
                supplier: h(*supplier),
                condition: *condition,
            },
            Op::StatusChanged { from, to, count } => Change::StatusChanged {
                from: *from,
                to: *to,
                count: count.compact(),
            },
            Op::Assessed(b) => Change::Assessed {
                breakdown: self.records.assessments[*b as usize].to_vec(),
            },
            Op::Lost {
                count,
                from,
                cause,
                captor,
            } => Change::Lost {
                count: count.compact(),
                from: *from,
                cause: match cause {
                    0 => LossCause::Destroyed,
                    1 => LossCause::Damaged,
                    2 => LossCause::Abandoned,
                    _ => LossCause::Captured { by: h(*captor) },
                },
            },
            Op::Retired { count, from } => Change::Retired {
                count: count.compact(),
                from: *from,
            },
            Op::Expended { count, from } => Change::Expended {
                count: count.compact(),
                from: *from,
            },
            Op::Transferred {
                count,
                from,
                into,
                to_lot,
            } => Change::Transferred {
                count: count.compact(),
                to: self.holders.items[self.lots[*to_lot as usize].holder as usize].clone(),
                from: *from,
                into: *into,
            },
            Op::Observed { count, status } => Change::Observed {
                count: count.compact(),
                status: *status,
            },
            Op::Retracted { entry } => Change::Retracted {
                entry: EntryId::new(u64::from(*entry)),
            },
        };
        let mut new = NewEntry::new(
            self.holders.items[lot.holder as usize].clone(),
            self.platforms.items[lot.platform as usize].clone(),
            rec.effective,
            change,
            self.sources.items[rec.source as usize].clone(),
            self.times[rec.recorded as usize],
        );
        new.note = self.notes.get(&id).map(|n| n.to_string());
        Entry::new(EntryId::new(u64::from(id)), new)
    }

    fn grade_of(&self, id: u32) -> Grade {
        self.sources.items[self.records[id as usize].source as usize].grade()
    }
}

impl Sets for Records {
    fn breakdown(&self, id: u32) -> &[(Status, Count)] {
        match &self[id as usize].op {
            Op::Assessed(b) => &self.assessments[*b as usize],
            _ => &[],
        }
    }
}

/// The effect of an entry on `lot`, ignoring retraction.
fn packed_effect(rec: &Record, lot: u32) -> Packed {
    match &rec.op {
        Op::Delivered { count, into, .. } => {
            Packed::add(None, Some(*into), Some(Flow::Delivered), count.compact())
        }
        Op::StatusChanged { from, to, count } => {
            Packed::add(Some(*from), Some(*to), None, count.compact())
        }
        Op::Assessed(_) => Packed::SET,
        Op::Lost { count, from, .. } => {
            Packed::add(Some(*from), None, Some(Flow::Lost), count.compact())
        }
        Op::Retired { count, from } => {
            Packed::add(Some(*from), None, Some(Flow::Retired), count.compact())
        }
        Op::Expended { count, from } => {
            Packed::add(Some(*from), None, Some(Flow::Expended), count.compact())
        }
        Op::Transferred {
            count,
            from,
            into,
            to_lot,
        } => {
            if rec.lot == lot && *to_lot != lot {
                Packed::add(
                    Some(*from),
                    None,
                    Some(Flow::TransferredOut),
                    count.compact(),
                )
            } else {
                Packed::add(
                    None,
                    Some(*into),
                    Some(Flow::TransferredIn),
                    count.compact(),
                )
            }
        }
        Op::Requested { .. } | Op::Ordered { .. } | Op::Observed { .. } | Op::Retracted { .. } => {
            Packed::NONE
        }
    }
}

#[cfg(test)]
mod layout {
    #[test]
    fn records_stay_small() {
        // The memory target (<= 96 bytes per entry, see BENCHMARKS.md) budgets 40 bytes a
        // record; a field added carelessly would show here first.
        assert!(
            std::mem::size_of::<super::Record>() <= 40,
            "{}",
            std::mem::size_of::<super::Record>()
        );
        assert_eq!(std::mem::size_of::<super::index::Elem>(), 16);
    }
}
