//! The per-lot time index.
//!
//! Each lot (holder x platform) keeps the keys of its entries sorted by `(effective, id)` in
//! blocks of at most [`BLOCK_MAX`] keys. Every block carries the aggregate of its entries'
//! effects, and a segment tree over the blocks composes those aggregates, so:
//!
//! * the state at a valid date is a tree prefix plus a fold over part of one block:
//!   O(log n + B), with no replay of history;
//! * appending in date order pushes onto the last block: O(log n);
//! * a back-dated insert touches one block and the tree path above it: O(B + log n), and the
//!   validation of everything after it reads only the root: "never negative at any date" is a
//!   property of the root aggregate ([`Agg::min_ok`]).
//!
//! The aggregate is a monoid over *effects*. An effect adds to counts (deliveries, losses,
//! status changes) or sets the in-service breakdown outright (an assessment). Any run of
//! effects composes to either "add d" or "set v" per status, plus the minimum count seen at
//! any point within the run: relative to the starting count for the part before the first
//! set, absolute after it. Composition is associative, so blocks and tree nodes hold it.

use super::change::{Basis, Status};

/// Most keys a block holds before it splits in two.
pub(crate) const BLOCK_MAX: usize = 128;

/// Number of in-service statuses (one index dimension each).
pub(crate) const STATUSES: usize = 7;

/// Outflow and inflow counters, never negative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    Delivered = 0,
    TransferredIn = 1,
    Lost = 2,
    Retired = 3,
    Expended = 4,
    TransferredOut = 5,
}

/// Number of flow counters.
pub(crate) const FLOWS: usize = 6;

/// The aggregate of one status over a run of effects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Dim {
    /// True when the run contains a set (an assessment).
    set: bool,
    /// The added amount (no set) or the final absolute value (after a set).
    val: i64,
    /// Lowest partial sum before the first set, relative to the count entering the run
    /// (0 counts: the entering count itself).
    min_rel: i64,
    /// Lowest absolute count after the first set (`i64::MAX` when there is no set).
    min_abs: i64,
    basis: Basis,
}

impl Dim {
    const IDENTITY: Dim = Dim {
        set: false,
        val: 0,
        min_rel: 0,
        min_abs: i64::MAX,
        basis: Basis::Exact,
    };

    fn add(&mut self, x: i64, basis: Basis) {
        self.val += x;
        if self.set {
            self.min_abs = self.min_abs.min(self.val);
        } else {
            self.min_rel = self.min_rel.min(self.val);
        }
        self.basis = self.basis.join(basis);
    }

    fn assign(&mut self, v: i64, basis: Basis) {
        self.set = true;
        self.val = v;
        self.min_abs = self.min_abs.min(v);
        self.basis = basis;
    }

    fn then(self, b: Dim) -> Dim {
        let (min_rel, min_abs) = if self.set {
            (
                self.min_rel,
                self.min_abs
                    .min(self.val.saturating_add(b.min_rel))
                    .min(b.min_abs),
            )
        } else {
            (
                self.min_rel.min(self.val + b.min_rel),
                self.min_abs.min(b.min_abs),
            )
        };
        let (set, val, basis) = if b.set {
            (true, b.val, b.basis)
        } else {
            (self.set, self.val + b.val, self.basis.join(b.basis))
        };
        Dim {
            set,
            val,
            min_rel,
            min_abs,
            basis,
        }
    }

    /// The count after the run, starting from zero.
    pub(crate) fn value(&self) -> i64 {
        self.val
    }

    pub(crate) fn basis(&self) -> Basis {
        self.basis
    }

    /// The lowest count at any point of the run, starting from zero.
    fn min_from_zero(&self) -> i64 {
        self.min_rel.min(self.min_abs)
    }
}

/// Sum of one flow counter over a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FlowSum {
    pub(crate) val: i64,
    pub(crate) basis: Basis,
}

/// The composed effect of a run of entries on a lot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Agg {
    pub(crate) dims: [Dim; STATUSES],
    pub(crate) flows: [FlowSum; FLOWS],
}

impl Agg {
    pub(crate) const IDENTITY: Agg = Agg {
        dims: [Dim::IDENTITY; STATUSES],
        flows: [FlowSum {
            val: 0,
            basis: Basis::Exact,
        }; FLOWS],
    };

    /// `self` followed by `b`.
    pub(crate) fn then(&self, b: &Agg) -> Agg {
        let mut out = *self;
        for (o, d) in out.dims.iter_mut().zip(b.dims.iter()) {
            *o = o.then(*d);
        }
        for (o, f) in out.flows.iter_mut().zip(b.flows.iter()) {
            o.val += f.val;
            o.basis = o.basis.join(f.basis);
        }
        out
    }

    /// Applies one entry's effect at the end of the run.
    pub(crate) fn push(&mut self, effect: &Effect<'_>) {
        match effect {
            Effect::None => {}
            Effect::Add {
                status,
                flows,
                basis,
            } => {
                for &(s, d) in status.iter().flatten() {
                    self.dims[s.index()].add(d, *basis);
                }
                for &(f, v) in flows.iter().flatten() {
                    let slot = &mut self.flows[f as usize];
                    slot.val += v;
                    slot.basis = slot.basis.join(*basis);
                }
            }
            Effect::Set(breakdown) => {
                for (i, dim) in self.dims.iter_mut().enumerate() {
                    let (v, b) = breakdown
                        .iter()
                        .find(|(s, _)| s.index() == i)
                        .map_or((0, Basis::Exact), |(_, c)| (c.value() as i64, c.basis()));
                    dim.assign(v, b);
                }
            }
        }
    }

    /// True when no status count is negative at any point of the run, starting from zero.
    pub(crate) fn min_ok(&self) -> bool {
        self.dims.iter().all(|d| d.min_from_zero() >= 0)
    }

    pub(crate) fn status(&self, s: Status) -> &Dim {
        &self.dims[s.index()]
    }
}

/// One entry's effect on one lot.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Effect<'a> {
    /// No count changes (requests, orders, observations, retracted entries).
    None,
    /// Adds to up to two statuses and up to two flows, all with one basis.
    Add {
        status: [Option<(Status, i64)>; 2],
        flows: [Option<(Flow, i64)>; 2],
        basis: Basis,
    },
    /// Sets the whole in-service breakdown.
    Set(&'a [(Status, super::change::Count)]),
}

/// A run of sorted keys with its aggregate.
#[derive(Clone, Debug)]
pub(crate) struct Block {
    pub(crate) keys: Vec<u64>,
    agg: Agg,
}

/// The sorted, aggregated entries of one lot.
#[derive(Clone, Debug)]
pub(crate) struct LotIndex {
    blocks: Vec<Block>,
    /// Segment tree over block aggregates: `tree[width + i]` is block `i`, `tree[1]` the root.
    tree: Vec<Agg>,
    width: usize,
    len: usize,
}

/// The key of an entry: effective key in the high half, entry id in the low half.
///
/// The effective key's sign bit is flipped so that keys order like the signed effective keys:
/// query keys for dates before year 1 are negative and must sort before every entry.
pub(crate) fn key(effective_key: i32, id: u32) -> u64 {
    (u64::from((effective_key as u32) ^ 0x8000_0000) << 32) | u64::from(id)
}

/// The id half of a key.
pub(crate) fn key_id(key: u64) -> u32 {
    key as u32
}

impl LotIndex {
    pub(crate) fn new() -> Self {
        Self {
            blocks: Vec::new(),
            tree: vec![Agg::IDENTITY; 2],
            width: 1,
            len: 0,
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Every key in order.
    pub(crate) fn keys(&self) -> impl DoubleEndedIterator<Item = u64> + '_ {
        self.blocks.iter().flat_map(|b| b.keys.iter().copied())
    }

    /// The keys at or before `upto` (inclusive), in order.
    pub(crate) fn keys_upto(&self, upto: u64) -> impl Iterator<Item = u64> + '_ {
        self.keys().take_while(move |&k| k <= upto)
    }

    /// The aggregate of the whole lot.
    pub(crate) fn root(&self) -> &Agg {
        &self.tree[1]
    }

    fn rebuild_tree(&mut self) {
        let width = self.blocks.len().next_power_of_two().max(1);
        self.width = width;
        self.tree = vec![Agg::IDENTITY; 2 * width];
        for (i, b) in self.blocks.iter().enumerate() {
            self.tree[width + i] = b.agg;
        }
        for i in (1..width).rev() {
            self.tree[i] = self.tree[2 * i].then(&self.tree[2 * i + 1]);
        }
    }

    fn update_tree(&mut self, block: usize) {
        let mut i = self.width + block;
        self.tree[i] = self.blocks[block].agg;
        while i > 1 {
            i /= 2;
            self.tree[i] = self.tree[2 * i].then(&self.tree[2 * i + 1]);
        }
    }

    /// Composition of blocks `0..end`.
    fn tree_prefix(&self, end: usize) -> Agg {
        // Walk down from the root, taking whole left subtrees.
        let mut acc = Agg::IDENTITY;
        let (mut node, mut lo, mut hi) = (1usize, 0usize, self.width);
        if end >= hi {
            return self.tree[1];
        }
        while end > lo && hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if end >= mid {
                acc = acc.then(&self.tree[2 * node]);
                node = 2 * node + 1;
                lo = mid;
            } else {
                node *= 2;
                hi = mid;
            }
        }
        if end > lo {
            acc = acc.then(&self.tree[node]);
        }
        acc
    }

    /// Recomputes the aggregate of `block` from its keys.
    fn refresh_block<'r>(&mut self, block: usize, effect: &impl Fn(u64) -> Effect<'r>) {
        let mut agg = Agg::IDENTITY;
        for &k in &self.blocks[block].keys {
            agg.push(&effect(k));
        }
        self.blocks[block].agg = agg;
        self.update_tree(block);
    }

    /// The block that holds (or would hold) `key`.
    fn block_for(&self, key: u64) -> usize {
        let i = self
            .blocks
            .partition_point(|b| b.keys.last().is_some_and(|&l| l < key));
        i.min(self.blocks.len().saturating_sub(1))
    }

    /// Inserts `key`; `effect` gives the effect of any key of the lot, including the new one.
    pub(crate) fn insert<'r>(&mut self, key: u64, effect: &impl Fn(u64) -> Effect<'r>) {
        self.len += 1;
        if self.blocks.is_empty() {
            self.blocks.push(Block {
                keys: Vec::with_capacity(4),
                agg: Agg::IDENTITY,
            });
            self.rebuild_tree();
        }
        let b = self.block_for(key);
        let block = &mut self.blocks[b];
        if block.keys.last().is_none_or(|&l| l < key) {
            // Fast path: the newest key of its block, usually of the whole lot.
            block.keys.push(key);
            block.agg.push(&effect(key));
            if block.keys.len() <= BLOCK_MAX {
                self.update_tree(b);
                return;
            }
        } else {
            let at = block.keys.partition_point(|&k| k < key);
            block.keys.insert(at, key);
            if block.keys.len() <= BLOCK_MAX {
                self.refresh_block(b, effect);
                return;
            }
        }
        // Split a full block in two halves.
        let tail = self.blocks[b].keys.split_off(BLOCK_MAX / 2);
        self.blocks.insert(
            b + 1,
            Block {
                keys: tail,
                agg: Agg::IDENTITY,
            },
        );
        for i in [b, b + 1] {
            let mut agg = Agg::IDENTITY;
            for &k in &self.blocks[i].keys {
                agg.push(&effect(k));
            }
            self.blocks[i].agg = agg;
        }
        self.rebuild_tree();
    }

    /// Removes `key` (to undo a rejected insert).
    pub(crate) fn remove<'r>(&mut self, key: u64, effect: &impl Fn(u64) -> Effect<'r>) {
        let b = self.block_for(key);
        let Some(block) = self.blocks.get_mut(b) else {
            return;
        };
        let Ok(at) = block.keys.binary_search(&key) else {
            return;
        };
        block.keys.remove(at);
        self.len -= 1;
        if block.keys.is_empty() && self.blocks.len() > 1 {
            self.blocks.remove(b);
            self.rebuild_tree();
        } else {
            self.refresh_block(b, effect);
        }
    }

    /// Recomputes the aggregates after the effect of `key` changed (a retraction).
    pub(crate) fn refresh<'r>(&mut self, key: u64, effect: &impl Fn(u64) -> Effect<'r>) {
        if self.blocks.is_empty() {
            return;
        }
        let b = self.block_for(key);
        self.refresh_block(b, effect);
    }

    /// The composed effect of every key `<= upto`.
    pub(crate) fn prefix<'r>(&self, upto: u64, effect: &impl Fn(u64) -> Effect<'r>) -> Agg {
        let b = self
            .blocks
            .partition_point(|blk| blk.keys.last().is_some_and(|&l| l <= upto));
        let mut acc = self.tree_prefix(b);
        if let Some(block) = self.blocks.get(b) {
            for &k in block.keys.iter().take_while(|&&k| k <= upto) {
                acc.push(&effect(k));
            }
        }
        acc
    }

    /// The first key after which some status count is negative, and that status.
    pub(crate) fn first_negative<'r>(
        &self,
        effect: &impl Fn(u64) -> Effect<'r>,
    ) -> Option<(u64, Status)> {
        let mut acc = Agg::IDENTITY;
        for block in &self.blocks {
            let next = acc.then(&block.agg);
            if next.min_ok() {
                acc = next;
                continue;
            }
            for &k in &block.keys {
                acc.push(&effect(k));
                if let Some(s) = Status::ALL.into_iter().find(|s| acc.status(*s).value() < 0) {
                    return Some((k, s));
                }
            }
            return None;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::change::Count;

    fn add(s: Status, d: i64) -> Effect<'static> {
        Effect::Add {
            status: [Some((s, d)), None],
            flows: [None, None],
            basis: Basis::Exact,
        }
    }

    #[test]
    fn composition_is_associative_on_a_mixed_run() {
        let set: &'static [(Status, Count)] =
            Box::leak(Box::new([(Status::Unknown, Count::exact(5))]));
        let effects = [
            add(Status::Unknown, 3),
            add(Status::Unknown, -2),
            Effect::Set(set),
            add(Status::Unknown, -4),
            add(Status::Unknown, 7),
        ];
        let mut whole = Agg::IDENTITY;
        for e in &effects {
            whole.push(e);
        }
        for split in 0..=effects.len() {
            let (mut a, mut b) = (Agg::IDENTITY, Agg::IDENTITY);
            effects[..split].iter().for_each(|e| a.push(e));
            effects[split..].iter().for_each(|e| b.push(e));
            assert_eq!(a.then(&b), whole, "split at {split}");
        }
        assert_eq!(whole.status(Status::Unknown).value(), 8);
        assert!(whole.min_ok());
    }

    #[test]
    fn a_set_hides_earlier_dips_only_after_it() {
        let set: &'static [(Status, Count)] = Box::leak(Box::new([]));
        let mut agg = Agg::IDENTITY;
        agg.push(&add(Status::Stored, -1));
        agg.push(&Effect::Set(set));
        assert!(!agg.min_ok(), "the dip before the assessment still counts");
        let mut ok = Agg::IDENTITY;
        ok.push(&Effect::Set(set));
        ok.push(&add(Status::Stored, 2));
        assert!(ok.min_ok());
    }

    #[test]
    fn blocks_split_and_prefixes_match_a_fold() {
        let effect = |k: u64| {
            add(
                Status::Operational,
                i64::from(key_id(k) % 3 == 0) * 2 - 1 + 1,
            )
        };
        let mut lot = LotIndex::new();
        // Insert in a scrambled order to exercise back-dated inserts and splits.
        let n: u32 = 1000;
        for i in 0..n {
            let id = (i * 7919) % n;
            lot.insert(key((id / 3) as i32, id), &effect);
        }
        assert_eq!(lot.len(), n as usize);
        let keys: Vec<u64> = lot.keys().collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        for probe in [0u64, keys[10], keys[500], keys[999], u64::MAX] {
            let mut fold = Agg::IDENTITY;
            keys.iter()
                .filter(|&&k| k <= probe)
                .for_each(|&k| fold.push(&effect(k)));
            assert_eq!(lot.prefix(probe, &effect), fold);
        }
        lot.remove(keys[3], &effect);
        assert_eq!(lot.len(), n as usize - 1);
    }
}
