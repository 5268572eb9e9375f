//! The ledger's storage (crate-private): entry records, interned values and the per-lot
//! indexes, behind typed handles.
//!
//! * [`ix`]: the handle types ([`LotIx`], [`HolderIx`], ...) and the [`Interner`].
//! * [`record`]: the stored form of an entry, and the one mapping each way between a public
//!   [`Change`](super::Change) and it (`encode` / `decode`), with its effect on counts.
//! * this module: the [`Store`] itself: appending a record (interning, indexing, the
//!   negative-count check, and the rollback of a rejected append), and reading entries back.
//! * [`view`]: the seam queries read through: a lot ([`LotView`](view::LotView)), its state at an
//!   [`AsOf`](super::AsOf) from the index, and its visible entries ([`Visible`](view::Visible)).
//!
//! * [`span`]: what some sources' entries span (their last delivery year, an opening's note),
//!   in one pass that decodes no entry.
//!
//! Nothing outside `store` sees a record, an `Op` or a table.

mod batch;
mod checkpoint;
mod ix;
mod loaded;
mod record;
mod slice;
mod span;
mod view;

use jiff::Timestamp;
use rustc_hash::FxHashMap;

use crate::holder::HolderId;
use crate::provenance::Grade;

use super::change::{Count, PlatformRef, Status};
use super::entry::{Entry, EntryId, NewEntry};
use super::error::LedgerError;
use super::facts::Facts;
use super::index::{self, Elem, LotIndex, Packed, Sets};

pub(crate) use batch::{Batch, BatchMark};
pub(crate) use checkpoint::{TOC_LEN, loaded_len};
pub(crate) use ix::EntryIx;
use ix::{BreakdownIx, HolderIx, Interner, LotIx, PlatformIx, TimeIx};
use loaded::{FactsTable, Notes, Sources};
use record::{Op, Record};
use slice::Partial;
pub(crate) use view::{HolderLots, LotView, Scope, Tally};

/// A table is full (`u32::MAX - 1` rows): the append is rejected with
/// [`LedgerError::Full`].
#[derive(Debug)]
pub(crate) struct Full;

/// Entry records in append order, in fixed-size chunks, and the breakdowns of assessments
/// (rare and variable-sized, so kept apart).
///
/// Chunks, not one `Vec`: appending never moves earlier records, and the spare capacity is
/// at most one chunk, where a doubling `Vec` leaves up to half its memory unused. Measured
/// with `cargo bench --bench memory` (2026-11-27): one `Vec<Record>` gave 97.7 B/entry at
/// 10^6 entries (108.3 at 10^5), over the 96 B target; the chunks give 95.9 (96.9 at 10^5)
/// in the same build.
#[derive(Clone, Debug, Default)]
struct Records {
    chunks: Vec<Vec<Record>>,
    len: usize,
    breakdowns: Vec<Box<[(Status, Count)]>>,
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

    /// Removes the last record (and its breakdown).
    fn pop(&mut self) {
        let Some(chunk) = self.chunks.last_mut() else {
            return;
        };
        if let Some(Record {
            op: Op::Assessed(_),
            ..
        }) = chunk.pop()
        {
            self.breakdowns.pop();
        }
        self.len -= 1;
        if chunk.is_empty() {
            self.chunks.pop();
        }
    }

    fn row(&self, i: usize) -> Option<&Record> {
        self.chunks.get(i / Self::CHUNK)?.get(i % Self::CHUNK)
    }

    fn get(&self, id: EntryIx) -> &Record {
        let i = id.get();
        &self.chunks[i / Self::CHUNK][i % Self::CHUNK]
    }

    fn get_mut(&mut self, id: EntryIx) -> &mut Record {
        let i = id.get();
        &mut self.chunks[i / Self::CHUNK][i % Self::CHUNK]
    }

    fn push_breakdown(&mut self, breakdown: &[(Status, Count)]) -> Option<BreakdownIx> {
        let ix = BreakdownIx::new(self.breakdowns.len())?;
        self.breakdowns.push(breakdown.into());
        Some(ix)
    }

    fn breakdown_at(&self, b: BreakdownIx) -> &[(Status, Count)] {
        &self.breakdowns[b.get()]
    }
}

/// The index reads an assessment's breakdown by the entry id in its key.
impl Sets for Records {
    fn breakdown(&self, id: u32) -> &[(Status, Count)] {
        match self.row(id as usize).map(|r| &r.op) {
            Some(Op::Assessed(b)) => self.breakdown_at(*b),
            _ => &[],
        }
    }
}

/// A holder's equipment of one platform, and its time index.
#[derive(Clone, Debug)]
struct Lot {
    holder: HolderIx,
    platform: PlatformIx,
    index: LotIndex,
}

/// Records, interned values and lots. See the module documentation.
#[derive(Clone, Debug)]
pub(crate) struct Store {
    records: Records,
    /// Distinct recorded times, ascending; records refer to them by [`TimeIx`].
    times: Vec<Timestamp>,
    holders: Interner<HolderId, HolderIx>,
    platforms: Interner<PlatformRef, PlatformIx>,
    /// Sources, notes and facts: what a checkpoint loaded stays in its bytes until read
    /// (`loaded.rs`).
    sources: Sources,
    notes: Notes,
    /// Facts, kept apart as notes are (few entries have them); opaque to the store.
    facts: FactsTable,
    lots: Vec<Lot>,
    lot_ids: FxHashMap<(HolderIx, PlatformIx), LotIx>,
    /// Lots of each holder, by holder row.
    holder_lots: Vec<Vec<LotIx>>,
    /// For a store loaded from holder slices: its entries' global numbers and what it
    /// holds (`slice.rs`); `None` for a whole store.
    partial: Option<Box<Partial>>,
}

/// An appended entry not yet kept: [`Store::keep`] keeps it, [`Store::undo`] removes it.
pub(crate) struct Pending {
    id: EntryIx,
    mark: Mark,
}

impl Pending {
    /// The new entry's id.
    pub(crate) fn id(&self) -> EntryId {
        EntryId::new(self.id.get() as u64)
    }
}

/// Table sizes before an append, to undo it.
struct Mark {
    holders: usize,
    platforms: usize,
    sources: usize,
    lots: usize,
    times: usize,
}

impl Store {
    pub(crate) fn new() -> Self {
        Self {
            records: Records::default(),
            times: Vec::new(),
            holders: Interner::new(),
            platforms: Interner::new(),
            sources: Sources::Interned(Interner::new()),
            notes: Notes::default(),
            facts: FactsTable::default(),
            lots: Vec::new(),
            lot_ids: FxHashMap::default(),
            holder_lots: Vec::new(),
            partial: None,
        }
    }

    /// The number of entries, retractions included.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// The latest recorded time.
    pub(crate) fn latest_recorded(&self) -> Option<Timestamp> {
        if let Some(p) = &self.partial {
            return p.latest;
        }
        self.times.last().copied()
    }

    /// True when `platform` is in some entry (a catalog platform was checked then).
    pub(crate) fn knows_platform(&self, platform: &PlatformRef) -> bool {
        self.platforms.get(platform).is_some()
    }

    /// Stores `entry` (already checked on its own and against transaction time) and indexes
    /// it: for a retraction, withdraws its target. Returns the pending append, or the first
    /// negative count it would cause (the store is then unchanged).
    pub(crate) fn append(&mut self, entry: &NewEntry) -> Result<Pending, LedgerError> {
        let entries = self.records.len() as u64;
        let full = || LedgerError::Full { entries };
        let id = EntryIx::new(self.records.len()).ok_or_else(full)?;
        let mark = self.mark();
        let record = match self.record(entry) {
            Ok(record) => record,
            Err(Full) => {
                self.rollback(&mark);
                return Err(full());
            }
        };
        self.records.push(record);
        let touched = self.apply(id);
        if let Some(err) = touched
            .into_iter()
            .flatten()
            .find_map(|l| self.negative_in(l))
        {
            self.undo(Pending { id, mark });
            return Err(err);
        }
        Ok(Pending { id, mark })
    }

    fn mark(&self) -> Mark {
        Mark {
            holders: self.holders.len(),
            platforms: self.platforms.len(),
            sources: self.sources.len(),
            lots: self.lots.len(),
            times: self.times.len(),
        }
    }

    fn record(&mut self, entry: &NewEntry) -> Result<Record, Full> {
        let holder = self.holders.intern(&entry.holder).ok_or(Full)?;
        let platform = self.platforms.intern(&entry.platform).ok_or(Full)?;
        let lot = self.lot_for(holder, platform)?;
        let op = self.encode(&entry.change, platform)?;
        let source = self.sources.intern(&entry.source).ok_or(Full)?;
        if self.times.last() != Some(&entry.recorded) {
            self.times.push(entry.recorded);
        }
        let recorded = TimeIx::new(self.times.len() - 1).ok_or(Full)?;
        Ok(Record {
            op,
            effective: entry.effective,
            recorded,
            lot,
            source,
            retracted_by: None,
        })
    }

    /// Keeps a pending append, with its note and facts.
    pub(crate) fn keep(&mut self, pending: Pending, note: Option<String>, facts: Option<Facts>) {
        self.keep_ix(pending.id, note, facts);
    }

    /// Keeps the note and facts of entry number `id` (of a batch).
    pub(crate) fn keep_extras(&mut self, id: u64, note: Option<String>, facts: Option<Facts>) {
        if let Some(ix) = usize::try_from(id).ok().and_then(EntryIx::new) {
            self.keep_ix(ix, note, facts);
        }
    }

    fn keep_ix(&mut self, ix: EntryIx, note: Option<String>, facts: Option<Facts>) {
        if let Some(note) = note {
            self.notes.insert(ix, note.into_boxed_str());
        }
        if let Some(facts) = facts {
            self.facts.insert(ix, facts);
        }
    }

    /// Removes a pending append: the store is as before it.
    pub(crate) fn undo(&mut self, pending: Pending) {
        self.unapply(pending.id);
        self.records.pop();
        self.rollback(&pending.mark);
    }

    fn lot_for(&mut self, holder: HolderIx, platform: PlatformIx) -> Result<LotIx, Full> {
        if let Some(&lot) = self.lot_ids.get(&(holder, platform)) {
            return Ok(lot);
        }
        let lot = LotIx::new(self.lots.len()).ok_or(Full)?;
        self.lots.push(Lot {
            holder,
            platform,
            index: LotIndex::new(),
        });
        self.lot_ids.insert((holder, platform), lot);
        let h = holder.get();
        if self.holder_lots.len() <= h {
            self.holder_lots.resize_with(h + 1, Vec::new);
        }
        self.holder_lots[h].push(lot);
        Ok(lot)
    }

    /// Indexes entry `id` (or applies its retraction); returns the lots to validate: those
    /// where the entry can lower a count (a retraction can lower any).
    fn apply(&mut self, id: EntryIx) -> [Option<LotIx>; 2] {
        let rec = self.records.get(id);
        if let Some(target) = rec.retracts() {
            self.records.get_mut(target).retracted_by = Some(id);
            return self.set_effects(target, true);
        }
        let key = index::key(rec.effective.key(), id.get() as u32);
        let mut to_check = [None, None];
        for (slot, l) in rec.lots().into_iter().enumerate() {
            let Some(l) = l else { continue };
            let eff = self.records.get(id).effect(l);
            self.lots[l.get()]
                .index
                .insert(Elem { key, eff }, &self.records);
            if eff.can_lower() {
                to_check[slot] = Some(l);
            }
        }
        to_check
    }

    /// Gives entry `entry` no effect (`retracted`) or its own effect back, in every lot it is
    /// indexed in; returns those lots.
    fn set_effects(&mut self, entry: EntryIx, retracted: bool) -> [Option<LotIx>; 2] {
        let rec = self.records.get(entry);
        let lots = rec.lots();
        let key = index::key(rec.effective.key(), entry.get() as u32);
        for l in lots.into_iter().flatten() {
            let eff = if retracted {
                Packed::NONE
            } else {
                self.records.get(entry).effect(l)
            };
            self.lots[l.get()].index.set_effect(key, eff, &self.records);
        }
        lots
    }

    fn unapply(&mut self, id: EntryIx) {
        let rec = self.records.get(id);
        if let Some(target) = rec.retracts() {
            self.records.get_mut(target).retracted_by = None;
            self.set_effects(target, false);
            return;
        }
        let key = index::key(rec.effective.key(), id.get() as u32);
        for l in rec.lots().into_iter().flatten() {
            self.lots[l.get()].index.remove(key, &self.records);
        }
    }

    fn rollback(&mut self, mark: &Mark) {
        for lot in self.lots.drain(mark.lots..) {
            self.lot_ids.remove(&(lot.holder, lot.platform));
            if let Some(list) = self.holder_lots.get_mut(lot.holder.get()) {
                list.retain(|l| l.get() < mark.lots);
            }
        }
        self.holder_lots.truncate(mark.holders);
        self.holders.truncate(mark.holders);
        self.platforms.truncate(mark.platforms);
        self.sources.truncate(mark.sources);
        self.times.truncate(mark.times);
    }

    /// The error for the first date at whose end a count of `lot` is negative, if any.
    fn negative_in(&self, lot: LotIx) -> Option<LedgerError> {
        let l = &self.lots[lot.get()];
        if l.index.valid() {
            return None;
        }
        let sets = &self.records;
        // `key` is the day's last entry with an effect: the prefix up to it is the count at
        // the end of that day.
        let (key, status) = l.index.first_negative(sets)?;
        let prefix = l.index.prefix(key, sets);
        Some(LedgerError::NegativeCount {
            holder: self.holders.value(l.holder).clone(),
            platform: self.platforms.value(l.platform).clone(),
            status,
            date: self.records.row(index::key_id(key) as usize)?.effective,
            value: prefix.status(status).0,
        })
    }

    /// The handle of entry `id`, if the store holds it.
    pub(crate) fn entry_ix(&self, id: EntryId) -> Option<EntryIx> {
        if let Some(p) = &self.partial {
            return p.local(id);
        }
        let i = usize::try_from(id.get()).ok()?;
        (i < self.records.len()).then(|| EntryIx::new(i)).flatten()
    }

    /// Every entry handle, in append order.
    pub(crate) fn entry_ixs(&self) -> impl ExactSizeIterator<Item = EntryIx> + '_ {
        (0..self.records.len()).map(|i| {
            EntryIx::new(i).expect("every row has a handle: `append` refuses one that would not")
        })
    }

    /// The entry `id`, as written.
    pub(crate) fn entry(&self, id: EntryIx) -> Entry {
        let mut new = self.content(id);
        let global = self.global_ix(id);
        new.note = self.notes.get(global).map(str::to_owned);
        new.facts = self.facts.get(global);
        Entry::new(EntryId::new(global.get() as u64), new)
    }

    /// The entry `id` without its note and facts.
    fn content(&self, id: EntryIx) -> NewEntry {
        let rec = self.records.get(id);
        let lot = &self.lots[rec.lot.get()];
        NewEntry::new(
            self.holders.value(lot.holder).clone(),
            self.platforms.value(lot.platform).clone(),
            rec.effective,
            self.decode(&rec.op),
            self.sources.value(rec.source).clone(),
            self.times[rec.recorded.get()],
        )
    }

    /// The facts of entry `id`, without the rest of the entry.
    pub(crate) fn facts(&self, id: EntryIx) -> Option<Facts> {
        self.facts.get(id)
    }

    /// `Err` when the fact texts of the checkpoint the store was loaded from cannot be read.
    pub(crate) fn facts_readable(&self) -> Result<(), String> {
        self.facts.readable()
    }

    /// The holder and platform of entry `id`'s own lot.
    pub(crate) fn lot_of(&self, id: EntryIx) -> (&HolderId, &PlatformRef) {
        let lot = &self.lots[self.records.get(id).lot.get()];
        (
            self.holders.value(lot.holder),
            self.platforms.value(lot.platform),
        )
    }

    /// True when entry `id` is a retraction.
    pub(crate) fn is_retraction(&self, id: EntryIx) -> bool {
        self.records.get(id).retracts().is_some()
    }

    /// The retraction that withdrew entry `id`, if any.
    pub(crate) fn retracted_by(&self, id: EntryIx) -> Option<EntryId> {
        self.records
            .get(id)
            .retracted_by
            .map(|r| EntryId::new(self.global(r)))
    }

    /// The grade of entry `id`'s source.
    pub(crate) fn grade(&self, id: EntryIx) -> Grade {
        self.sources.value(self.records.get(id).source).grade()
    }

    /// Every holder with at least one lot, in first-seen order.
    pub(crate) fn holders(&self) -> impl Iterator<Item = &HolderId> + '_ {
        self.holders
            .iter()
            .filter(|(h, _)| self.holder_lots.get(h.get()).is_some_and(|l| !l.is_empty()))
            .map(|(_, holder)| holder)
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
