//! Batch appends ([`Ledger::extend`](crate::Ledger::extend)): the store side.
//!
//! A batch is applied entry by entry like single appends, with two intended savings. On the
//! `bulk_append` bench (quick mode, 2 shared cores) they do not pay yet: at 10^5 entries the
//! batch path ran at 2.06 M/s as one batch and 2.71 M/s in batches of 10k against 2.76 M/s
//! one by one (64-slot memos: 2.0 M/s at 10^4 against 2.75; 512 slots: on par); the index
//! insert and its aggregate dominate the profile. Nothing here is on the single-append path.
//!
//! * **Interning through small direct-mapped memos** keyed by the address of the value's
//!   shared text (holder, platform, source citation; lots by their handle pair). A hit is
//!   confirmed with `==`, which for `Arc<str>` compares pointers first, so a stale slot is only
//!   a miss and the memo can never give a wrong handle; it lives for one batch.
//! * **Deferred validity checks.** Appending an element to a lot on a later day than the
//!   lot's last element changes no count at any day end the lot had before, so the states
//!   that earlier entries of the batch were checked against keep their values: a lot whose
//!   batch elements all arrive that way is checked once, at the end of the batch, and the
//!   final check covers every intermediate state. Any other insert into a lot (back-dated, on
//!   the same day as the lot's last element, or a retraction) first checks the deferred lot,
//!   then itself, exactly as a single append would.
//!
//! On any rejection the store is truncated to its mark and the ledger replays the batch one
//! entry at a time to name the first entry a single append would reject (a rare path, at most
//! twice the work), so the batch rule is exactly the one-by-one rule.

use rustc_hash::FxHashSet;

use crate::holder::HolderId;
use crate::provenance::Source;

use super::super::change::PlatformRef;
use super::super::entry::NewEntry;
use super::super::index::{self, Elem};
use super::ix::{EntryIx, HolderIx, LotIx, PlatformIx, SourceIx, TimeIx};
use super::record::Record;
use super::{Full, Mark, Store};

/// Slots in each memo (a power of two): 64 thrashed on the bench's 100 holders and 1,000
/// lots (slower than no memo); 512 is on par with single appends.
const SLOTS: usize = 512;

/// A direct-mapped cache from a value to its handle, keyed by an address.
struct Memo<T, I> {
    slots: Vec<Option<(T, I)>>,
}

impl<T: PartialEq + Clone, I: Copy> Memo<T, I> {
    fn new() -> Self {
        Self {
            slots: vec![None; SLOTS],
        }
    }

    fn slot(addr: usize) -> usize {
        (addr >> 3 ^ addr >> 9) & (SLOTS - 1)
    }

    fn get(&self, addr: usize, value: &T) -> Option<I> {
        match &self.slots[Self::slot(addr)] {
            Some((v, i)) if v == value => Some(*i),
            _ => None,
        }
    }

    fn put(&mut self, addr: usize, value: &T, i: I) {
        self.slots[Self::slot(addr)] = Some((value.clone(), i));
    }
}

/// The state of one batch in progress: the memos and the lots whose check is deferred.
pub(crate) struct Batch {
    holders: Memo<HolderId, HolderIx>,
    platforms: Memo<PlatformRef, PlatformIx>,
    sources: Memo<Source, SourceIx>,
    lots: Memo<(HolderIx, PlatformIx), LotIx>,
    deferred: FxHashSet<LotIx>,
}

impl Batch {
    pub(crate) fn new() -> Self {
        Self {
            holders: Memo::new(),
            platforms: Memo::new(),
            sources: Memo::new(),
            lots: Memo::new(),
            deferred: FxHashSet::default(),
        }
    }
}

/// The batch path met something a single append would reject (or might): replay it one by
/// one to find out which entry and why.
#[derive(Debug)]
pub(crate) struct Reject;

impl From<Full> for Reject {
    fn from(_: Full) -> Self {
        Reject
    }
}

/// The store's size before a batch, to truncate back to it.
pub(crate) struct BatchMark {
    records: usize,
    breakdowns: usize,
    mark: Mark,
}

fn platform_addr(p: &PlatformRef) -> usize {
    match p {
        PlatformRef::Catalog(id) => id.as_str().as_ptr() as usize,
        PlatformRef::Generic(g) => g.designation().as_ptr() as usize,
    }
}

impl Store {
    /// The mark to truncate a batch back to.
    pub(crate) fn batch_mark(&self) -> BatchMark {
        BatchMark {
            records: self.records.len(),
            breakdowns: self.records.breakdowns.len(),
            mark: self.mark(),
        }
    }

    /// Removes every entry appended after `mark` (kept or not, notes included): the store is
    /// as it was when the mark was taken.
    pub(crate) fn truncate(&mut self, mark: &BatchMark) {
        while self.records.len() > mark.records {
            let Some(id) = EntryIx::new(self.records.len() - 1) else {
                break;
            };
            let rec = self.records.get(id);
            if rec.retracts().is_some() {
                self.unapply(id);
            } else {
                // Lots made by the batch go whole with the rollback.
                let key = index::key(rec.effective.key(), id.get() as u32);
                for l in rec.lots().into_iter().flatten() {
                    if l.get() < mark.mark.lots {
                        self.lots[l.get()].index.remove(key, &self.records);
                    }
                }
            }
            self.notes.remove(&id);
            self.records.pop();
        }
        self.records.breakdowns.truncate(mark.breakdowns);
        self.rollback(&mark.mark);
    }

    /// Stores and indexes `entry` (already checked on its own, against transaction time and,
    /// for a retraction, against its target) as part of `batch`. `Err` when a single append
    /// might reject it or an earlier entry of the batch; the caller then truncates.
    pub(crate) fn push_batched(
        &mut self,
        entry: &NewEntry,
        batch: &mut Batch,
    ) -> Result<(), Reject> {
        let id = EntryIx::new(self.records.len()).ok_or(Reject)?;
        let record = self.record_batched(entry, batch)?;
        self.records.push(record);
        self.apply_batched(id, &mut batch.deferred)
    }

    /// Checks the lots whose checks were deferred: `Err` when one is invalid.
    pub(crate) fn finish_batch(&self, batch: &Batch) -> Result<(), Reject> {
        for l in &batch.deferred {
            if !self.lots[l.get()].index.valid() {
                return Err(Reject);
            }
        }
        Ok(())
    }

    fn record_batched(&mut self, entry: &NewEntry, batch: &mut Batch) -> Result<Record, Full> {
        let addr = entry.holder.as_str().as_ptr() as usize;
        let holder = match batch.holders.get(addr, &entry.holder) {
            Some(h) => h,
            None => {
                let h = self.holders.intern(&entry.holder).ok_or(Full)?;
                batch.holders.put(addr, &entry.holder, h);
                h
            }
        };
        let addr = platform_addr(&entry.platform);
        let platform = match batch.platforms.get(addr, &entry.platform) {
            Some(p) => p,
            None => {
                let p = self.platforms.intern(&entry.platform).ok_or(Full)?;
                batch.platforms.put(addr, &entry.platform, p);
                p
            }
        };
        let addr = holder.get().wrapping_mul(31).wrapping_add(platform.get()) << 3;
        let lot = match batch.lots.get(addr, &(holder, platform)) {
            Some(l) => l,
            None => {
                let l = self.lot_for(holder, platform)?;
                batch.lots.put(addr, &(holder, platform), l);
                l
            }
        };
        let op = self.encode(&entry.change, platform)?;
        let addr = entry.source.citation().as_ptr() as usize;
        let source = match batch.sources.get(addr, &entry.source) {
            Some(s) => s,
            None => {
                let s = self.sources.intern(&entry.source).ok_or(Full)?;
                batch.sources.put(addr, &entry.source, s);
                s
            }
        };
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

    /// Indexes entry `id` like `apply`, checking its lots now or deferring the check (see the
    /// module documentation).
    fn apply_batched(
        &mut self,
        id: EntryIx,
        deferred: &mut FxHashSet<LotIx>,
    ) -> Result<(), Reject> {
        let rec = self.records.get(id);
        if let Some(target) = rec.retracts() {
            let lots = self.records.get(target).lots();
            for l in lots.into_iter().flatten() {
                if deferred.remove(&l) && !self.lots[l.get()].index.valid() {
                    return Err(Reject);
                }
            }
            self.records.get_mut(target).retracted_by = Some(id);
            for l in self.set_effects(target, true).into_iter().flatten() {
                if !self.lots[l.get()].index.valid() {
                    return Err(Reject);
                }
            }
            return Ok(());
        }
        let key = index::key(rec.effective.key(), id.get() as u32);
        for l in rec.lots().into_iter().flatten() {
            let eff = self.records.get(id).effect(l);
            let lot = &mut self.lots[l.get()].index;
            let new_day = lot
                .elems()
                .next_back()
                .is_none_or(|last| index::day(last.key) < index::day(key));
            if !new_day && deferred.remove(&l) && !lot.valid() {
                return Err(Reject);
            }
            lot.insert(Elem { key, eff }, &self.records);
            if eff.can_lower() {
                if new_day {
                    deferred.insert(l);
                } else if !self.lots[l.get()].index.valid() {
                    return Err(Reject);
                }
            }
        }
        Ok(())
    }
}
