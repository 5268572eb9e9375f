//! Batch appends ([`Ledger::extend`](crate::Ledger::extend)): the store side.
//!
//! A batch is applied in two passes. The first stores each entry's record (interning its
//! values as a single append does) and queues its elements per lot, in batch order; the
//! second indexes each lot's queue at once ([`Store::finish_batch`]). A retraction is applied
//! when met, after indexing the queues of the lots it touches, so it sees them as a single
//! append would.
//!
//! **Checks.** A single append checks a lot for negative counts after every element that can
//! lower one. A batch checks a lot once per *run*: a stretch of its queue that extends the lot
//! in date order, each element on a later day than the one before, none marking the opening
//! stock unknown ([`Packed::OPEN`]). Every state inside a run is then a prefix of the state at
//! its end, and each day that ends inside the run ends there with the same count (a later day
//! of the run changes none of them; the lot's first day of the run is closed by the same
//! element in both), so checking the run's end checks them all. An element that is not in a
//! run (back-dated, on the day of the element before it, or an opening mark, which would relax
//! the check of earlier days) is inserted and checked alone, as a single append would.
//!
//! **Figures** (the `bulk_append` workload as one batch, instructions counted by callgrind,
//! which a shared machine does not disturb): 10^5 entries 2,984 -> 2,278 per entry, 10^6
//! entries 4,762 -> 2,680 per entry, against the previous batch path (per-entry pointer
//! memos for interning, which bought nothing measurable, and a lot's block list rebuilt on
//! every entry). What remains is mostly the index: a back-dated insert refolds its block
//! (about 5% of the entries, a third of the instructions), and interning (a quarter).
//!
//! On any rejection the store is truncated to its mark and the ledger replays the batch one
//! entry at a time to name the first entry a single append would reject (a rare path, at most
//! twice the work), so the batch rule is exactly the one-by-one rule.

use rustc_hash::FxHashMap;

use super::super::index::{self, Elem, Packed};
use super::ix::{EntryIx, LotIx};
use super::{Full, Mark, Store};

/// The state of one batch in progress: each touched lot's queue of elements to index.
pub(crate) struct Batch {
    /// Per touched lot, its elements not yet indexed, in batch order.
    queues: Vec<(LotIx, Vec<Elem>)>,
    /// The position in `queues` of each touched lot.
    slots: FxHashMap<LotIx, usize>,
}

impl Batch {
    pub(crate) fn new() -> Self {
        Self {
            queues: Vec::new(),
            slots: FxHashMap::default(),
        }
    }

    fn queue(&mut self, lot: LotIx) -> &mut Vec<Elem> {
        let next = self.queues.len();
        let slot = *self.slots.entry(lot).or_insert(next);
        if slot == next {
            self.queues.push((lot, Vec::new()));
        }
        &mut self.queues[slot].1
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

impl Store {
    /// The mark to truncate a batch back to.
    pub(crate) fn batch_mark(&self) -> BatchMark {
        BatchMark {
            records: self.records.len(),
            breakdowns: self.records.breakdowns.len(),
            mark: self.mark(),
        }
    }

    /// Removes every entry appended after `mark` (kept or not, indexed or still queued, notes
    /// included): the store is as it was when the mark was taken.
    pub(crate) fn truncate(&mut self, mark: &BatchMark) {
        while self.records.len() > mark.records {
            let Some(id) = EntryIx::new(self.records.len() - 1) else {
                break;
            };
            let rec = self.records.get(id);
            if rec.retracts().is_some() {
                self.unapply(id);
            } else {
                // Lots made by the batch go whole with the rollback; a key still queued is
                // not in its lot, and removing it does nothing.
                let key = index::key(rec.effective.key(), id.get() as u32);
                for l in rec.lots().into_iter().flatten() {
                    if l.get() < mark.mark.lots {
                        self.lots[l.get()].index.remove(key, &self.records);
                    }
                }
            }
            self.notes.remove(id);
            self.facts.remove(id);
            self.records.pop();
        }
        self.records.breakdowns.truncate(mark.breakdowns);
        self.rollback(&mark.mark);
    }

    /// Stores `entry` (already checked on its own, against transaction time and, for a
    /// retraction, against its target) as part of `batch`: queues its elements, or applies
    /// its retraction. `Err` when a single append might reject it or an earlier entry of the
    /// batch; the caller then truncates.
    pub(crate) fn push_batched(
        &mut self,
        entry: &super::NewEntry,
        batch: &mut Batch,
    ) -> Result<(), Reject> {
        let id = EntryIx::new(self.records.len()).ok_or(Reject)?;
        let record = self.record(entry)?;
        self.records.push(record);
        let rec = self.records.get(id);
        if let Some(target) = rec.retracts() {
            // The target's lots as a single append would see them: their queues indexed.
            for l in self.records.get(target).lots().into_iter().flatten() {
                if let Some(&slot) = batch.slots.get(&l) {
                    let queue = std::mem::take(&mut batch.queues[slot].1);
                    self.index_queue(l, &queue)?;
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
            batch.queue(l).push(Elem { key, eff });
        }
        Ok(())
    }

    /// Indexes every queued element: `Err` when a lot goes negative.
    pub(crate) fn finish_batch(&mut self, batch: Batch) -> Result<(), Reject> {
        for (l, queue) in batch.queues {
            self.index_queue(l, &queue)?;
        }
        Ok(())
    }

    /// Indexes `queue` (lot `l`'s elements in batch order) and checks the lot as a single
    /// append of each would: once per run, or after each element alone that can lower a
    /// count (see the module documentation).
    fn index_queue(&mut self, l: LotIx, mut queue: &[Elem]) -> Result<(), Reject> {
        let lot = &mut self.lots[l.get()].index;
        while let Some(first) = queue.first() {
            let starts_run =
                first.eff != Packed::OPEN && lot.last_key().is_none_or(|k| k < first.key);
            let len = if starts_run {
                1 + queue
                    .windows(2)
                    .take_while(|w| {
                        index::day(w[0].key) < index::day(w[1].key) && w[1].eff != Packed::OPEN
                    })
                    .count()
            } else {
                1
            };
            let (run, rest) = queue.split_at(len);
            lot.extend_sorted(run, &self.records);
            if run.iter().any(|e| e.eff.can_lower()) && !lot.valid() {
                return Err(Reject);
            }
            queue = rest;
        }
        Ok(())
    }
}
