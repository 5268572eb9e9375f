//! The per-lot time index.
//!
//! Each lot (holder x platform) keeps its entries sorted by `(effective, id)` in blocks of at
//! most [`BLOCK_MAX`] elements. An element is the entry's key and its *packed effect* on the
//! lot (8 bytes: count, statuses, flow, basis), so folding a block reads contiguous memory and
//! never the entry records (assessments, which are rare, look their breakdown up).
//!
//! The effects form a monoid ([`Agg`]): any run of them composes to "add d" or "set v" per
//! status, plus the minimum count reached inside the run (relative to the count entering the
//! run before its first assessment, absolute after it), plus the flow sums. Composition is
//! associative, so a segment tree over the blocks' aggregates answers:
//!
//! * the state at a valid date: a tree prefix plus a fold over part of one block,
//!   O(log n + B), with no replay of history;
//! * "is any count negative at any date": the root aggregate alone ([`Agg::min_ok`]).
//!
//! The last block (the *tail*) is kept outside the tree with its own aggregate, so appending
//! in date order (the common case) is O(1): push onto the tail and extend its aggregate. A
//! back-dated insert refolds one block and updates the tree path above it: O(B + log n).

use super::change::{Basis, Count, Status};

/// Most elements a block holds before it splits in two.
pub(crate) const BLOCK_MAX: usize = 64;

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

impl Flow {
    /// Every flow, in counter order.
    pub(crate) const ALL: [Flow; FLOWS] = [
        Flow::Delivered,
        Flow::TransferredIn,
        Flow::Lost,
        Flow::Retired,
        Flow::Expended,
        Flow::TransferredOut,
    ];
}

const NO: u8 = 0xFF;
const SET: u8 = 0xFE;

/// One entry's effect on one lot, in 8 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Packed {
    count: u32,
    /// Status the count leaves, or `NO`.
    from: u8,
    /// Status the count enters, or `NO`.
    to: u8,
    /// Flow the count adds to, `NO`, or `SET` for an assessment.
    flow: u8,
    basis: Basis,
}

impl Packed {
    /// True when the effect can lower some status count: it takes units out of a status, or
    /// sets the breakdown. An effect that only adds can never make a count negative, at its
    /// own date or after, so the ledger skips validating it.
    pub(crate) fn can_lower(self) -> bool {
        self.from != NO || self.flow == SET
    }

    /// No count changes.
    pub(crate) const NONE: Packed = Packed {
        count: 0,
        from: NO,
        to: NO,
        flow: NO,
        basis: Basis::Exact,
    };
    /// An assessment: its breakdown is looked up through [`Sets`].
    pub(crate) const SET: Packed = Packed {
        count: 0,
        from: NO,
        to: NO,
        flow: SET,
        basis: Basis::Exact,
    };

    /// `count` units leave `from`, enter `to`, and add to `flow`.
    pub(crate) fn add(
        from: Option<Status>,
        to: Option<Status>,
        flow: Option<Flow>,
        count: Count,
    ) -> Packed {
        let s = |s: Option<Status>| s.map_or(NO, |s| s as u8);
        Packed {
            // Counts are at most MAX_COUNT (10^9), checked on append.
            count: u32::try_from(count.value()).unwrap_or(u32::MAX),
            from: s(from),
            to: s(to),
            flow: flow.map_or(NO, |f| f as u8),
            basis: count.basis(),
        }
    }
}

/// Looks up the breakdown of an assessment entry by id.
pub(crate) trait Sets {
    fn breakdown(&self, id: u32) -> &[(Status, Count)];
}

/// An index element: the entry's sort key and its packed effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Elem {
    pub(crate) key: u64,
    pub(crate) eff: Packed,
}

/// The aggregate of one status over a run of effects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Dim {
    /// The added amount (no set) or the final absolute value (after a set).
    val: i64,
    /// Lowest partial sum before the first set, relative to the count entering the run.
    min_rel: i64,
    /// Lowest absolute count after the first set (`i64::MAX` when there is no set).
    min_abs: i64,
}

/// The composed effect of a run of entries on a lot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Agg {
    dims: [Dim; STATUSES],
    flows: [i64; FLOWS],
    /// Bit `i` set: status `i` was set by an assessment in the run.
    set: u8,
    dim_basis: [Basis; STATUSES],
    flow_basis: [Basis; FLOWS],
}

impl Agg {
    pub(crate) const IDENTITY: Agg = Agg {
        dims: [Dim {
            val: 0,
            min_rel: 0,
            min_abs: i64::MAX,
        }; STATUSES],
        flows: [0; FLOWS],
        set: 0,
        dim_basis: [Basis::Exact; STATUSES],
        flow_basis: [Basis::Exact; FLOWS],
    };

    /// `self` followed by `b`.
    pub(crate) fn then(&self, b: &Agg) -> Agg {
        let mut out = *self;
        for i in 0..STATUSES {
            let (x, y) = (&self.dims[i], &b.dims[i]);
            let a_set = self.set & (1 << i) != 0;
            let b_set = b.set & (1 << i) != 0;
            let o = &mut out.dims[i];
            if a_set {
                o.min_abs = x
                    .min_abs
                    .min(x.val.saturating_add(y.min_rel))
                    .min(y.min_abs);
            } else {
                o.min_rel = x.min_rel.min(x.val + y.min_rel);
                o.min_abs = x.min_abs.min(y.min_abs);
            }
            if b_set {
                o.val = y.val;
                out.dim_basis[i] = b.dim_basis[i];
            } else {
                o.val = x.val + y.val;
                out.dim_basis[i] = self.dim_basis[i].join(b.dim_basis[i]);
            }
        }
        out.set = self.set | b.set;
        for i in 0..FLOWS {
            out.flows[i] = self.flows[i] + b.flows[i];
            out.flow_basis[i] = self.flow_basis[i].join(b.flow_basis[i]);
        }
        out
    }

    fn add(&mut self, i: usize, x: i64, basis: Basis) {
        let d = &mut self.dims[i];
        d.val += x;
        if self.set & (1 << i) != 0 {
            d.min_abs = d.min_abs.min(d.val);
        } else {
            d.min_rel = d.min_rel.min(d.val);
        }
        self.dim_basis[i] = self.dim_basis[i].join(basis);
    }

    /// Applies the effect of element `id` at the end of the run.
    pub(crate) fn push<S: Sets + ?Sized>(&mut self, eff: Packed, id: u32, sets: &S) {
        if eff.flow == SET {
            let breakdown = sets.breakdown(id);
            for i in 0..STATUSES {
                let (v, b) = breakdown
                    .iter()
                    .find(|(s, _)| *s as usize == i)
                    .map_or((0, Basis::Exact), |(_, c)| (c.value() as i64, c.basis()));
                self.set |= 1 << i;
                let d = &mut self.dims[i];
                d.val = v;
                d.min_abs = d.min_abs.min(v);
                self.dim_basis[i] = b;
            }
            return;
        }
        let n = i64::from(eff.count);
        if eff.from != NO {
            self.add(usize::from(eff.from), -n, eff.basis);
        }
        if eff.to != NO {
            self.add(usize::from(eff.to), n, eff.basis);
        }
        if eff.flow != NO {
            let f = usize::from(eff.flow);
            self.flows[f] += n;
            self.flow_basis[f] = self.flow_basis[f].join(eff.basis);
        }
    }

    /// `self.then(b).min_ok()`, without building the composition.
    pub(crate) fn then_min_ok(&self, b: &Agg) -> bool {
        (0..STATUSES).all(|i| {
            let (x, y) = (&self.dims[i], &b.dims[i]);
            let min = if self.set & (1 << i) != 0 {
                x.min_rel
                    .min(x.min_abs)
                    .min(x.val.saturating_add(y.min_rel))
                    .min(y.min_abs)
            } else {
                x.min_rel
                    .min(x.min_abs)
                    .min(x.val + y.min_rel)
                    .min(y.min_abs)
            };
            min >= 0
        })
    }

    /// True when no status count is negative at any point of the run, starting from zero.
    pub(crate) fn min_ok(&self) -> bool {
        self.dims.iter().all(|d| d.min_rel.min(d.min_abs) >= 0)
    }

    /// The count of status `s` after the run, starting from zero, and its basis.
    pub(crate) fn status(&self, s: Status) -> (i64, Basis) {
        (self.dims[s as usize].val, self.dim_basis[s as usize])
    }

    /// The sum of flow `f` over the run, and its basis.
    pub(crate) fn flow(&self, f: Flow) -> (i64, Basis) {
        (self.flows[f as usize], self.flow_basis[f as usize])
    }
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

fn fold<S: Sets + ?Sized>(elems: &[Elem], sets: &S) -> Agg {
    let mut agg = Agg::IDENTITY;
    for e in elems {
        agg.push(e.eff, key_id(e.key), sets);
    }
    agg
}

/// The sorted, aggregated entries of one lot.
#[derive(Clone, Debug)]
pub(crate) struct LotIndex {
    /// Sorted runs of elements; the last one is the tail.
    blocks: Vec<Vec<Elem>>,
    /// Segment tree over the aggregates of every block but the tail: `tree[width + i]` is
    /// block `i`, `tree[1]` their composition.
    tree: Vec<Agg>,
    width: usize,
    tail: Agg,
}

impl LotIndex {
    pub(crate) fn new() -> Self {
        Self {
            blocks: Vec::new(),
            tree: vec![Agg::IDENTITY; 2],
            width: 1,
            tail: Agg::IDENTITY,
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.blocks.iter().map(Vec::len).sum()
    }

    fn sealed(&self) -> usize {
        self.blocks.len().saturating_sub(1)
    }

    /// Every element in order.
    pub(crate) fn elems(&self) -> impl DoubleEndedIterator<Item = &Elem> + '_ {
        self.blocks.iter().flatten()
    }

    /// The keys at or before `upto` (inclusive), in order.
    pub(crate) fn keys_upto(&self, upto: u64) -> impl Iterator<Item = u64> + '_ {
        self.elems().map(|e| e.key).take_while(move |&k| k <= upto)
    }

    /// The aggregate of the whole lot.
    pub(crate) fn root(&self) -> Agg {
        self.tree[1].then(&self.tail)
    }

    /// True when no status count of the lot is negative at any date.
    pub(crate) fn valid(&self) -> bool {
        self.tree[1].then_min_ok(&self.tail)
    }

    /// Rebuilds the tree from the given aggregates of the sealed blocks.
    fn rebuild(&mut self, leaves: Vec<Agg>) {
        let width = leaves.len().next_power_of_two().max(1);
        self.width = width;
        self.tree.clear();
        self.tree.resize(2 * width, Agg::IDENTITY);
        for (i, agg) in leaves.into_iter().enumerate() {
            self.tree[width + i] = agg;
        }
        for i in (1..width).rev() {
            self.tree[i] = self.tree[2 * i].then(&self.tree[2 * i + 1]);
        }
    }

    fn leaves(&self) -> Vec<Agg> {
        self.tree[self.width..self.width + self.sealed()].to_vec()
    }

    fn set_leaf(&mut self, block: usize, agg: Agg) {
        let mut i = self.width + block;
        self.tree[i] = agg;
        while i > 1 {
            i /= 2;
            self.tree[i] = self.tree[2 * i].then(&self.tree[2 * i + 1]);
        }
    }

    /// Composition of sealed blocks `0..end`.
    fn tree_prefix(&self, end: usize) -> Agg {
        if end >= self.width {
            return self.tree[1];
        }
        let mut acc = Agg::IDENTITY;
        let (mut node, mut lo, mut hi) = (1usize, 0usize, self.width);
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

    /// Recomputes the aggregate of `block` (tail or sealed) from its elements.
    fn refresh_block<S: Sets + ?Sized>(&mut self, block: usize, sets: &S) {
        let agg = fold(&self.blocks[block], sets);
        if block == self.sealed() {
            self.tail = agg;
        } else {
            self.set_leaf(block, agg);
        }
    }

    /// The block that holds (or would hold) `key`.
    fn block_for(&self, key: u64) -> usize {
        let i = self
            .blocks
            .partition_point(|b| b.last().is_some_and(|l| l.key < key));
        i.min(self.blocks.len().saturating_sub(1))
    }

    /// Inserts an element.
    pub(crate) fn insert<S: Sets + ?Sized>(&mut self, elem: Elem, sets: &S) {
        if self.blocks.is_empty() {
            self.blocks.push(Vec::with_capacity(4));
        }
        // (A lot's first block grows on demand: most lots stay small.)
        // The newest element of the lot goes to the tail: check that before searching the
        // blocks, whose last keys live in as many separate allocations.
        let newest = match self.blocks.last().map(|t| t.last()) {
            Some(Some(last)) => last.key < elem.key,
            // Only a lot's single block is ever empty.
            Some(None) => self.blocks.len() == 1,
            None => false,
        };
        let b = if newest {
            self.sealed()
        } else {
            self.block_for(elem.key)
        };
        let tail = b == self.sealed();
        let block = &mut self.blocks[b];
        if tail && block.last().is_none_or(|l| l.key < elem.key) {
            // Fast path: the newest element of the lot.
            block.push(elem);
            self.tail.push(elem.eff, key_id(elem.key), sets);
        } else {
            let at = block.partition_point(|e| e.key < elem.key);
            if block.len() == block.capacity() {
                // Grow to the split size at most, not to double (sealed blocks are packed).
                block.reserve_exact(
                    (block.len() / 8).clamp(1, BLOCK_MAX + 1 - block.len().min(BLOCK_MAX)),
                );
            }
            block.insert(at, elem);
            if block.len() <= BLOCK_MAX {
                self.refresh_block(b, sets);
                return;
            }
        }
        if self.blocks[b].len() <= BLOCK_MAX {
            return;
        }
        // Split the full block. The tail seals most of itself (appends in date order will
        // rarely touch a sealed block again, so it is packed); a sealed block splits in halves.
        let at = if tail {
            BLOCK_MAX - BLOCK_MAX / 8
        } else {
            BLOCK_MAX / 2
        };
        let mut second = self.blocks[b].split_off(at);
        self.blocks[b].shrink_to_fit();
        let first_agg = fold(&self.blocks[b], sets);
        let second_agg = fold(&second, sets);
        if tail {
            // Block `b` becomes sealed block `b`; `second` is the new tail.
            second.reserve_exact(BLOCK_MAX + 1 - second.len());
            self.blocks.push(second);
            self.tail = second_agg;
            if b < self.width {
                self.set_leaf(b, first_agg);
            } else {
                let mut leaves = self.tree[self.width..self.width + b].to_vec();
                leaves.push(first_agg);
                self.rebuild(leaves);
            }
        } else {
            let mut leaves = self.leaves();
            leaves[b] = first_agg;
            leaves.insert(b + 1, second_agg);
            self.blocks.insert(b + 1, second);
            self.rebuild(leaves);
        }
    }

    /// Removes the element with `key` (to undo a rejected insert).
    pub(crate) fn remove<S: Sets + ?Sized>(&mut self, key: u64, sets: &S) {
        let b = self.block_for(key);
        let Some(block) = self.blocks.get_mut(b) else {
            return;
        };
        let Ok(at) = block.binary_search_by_key(&key, |e| e.key) else {
            return;
        };
        block.remove(at);
        if !block.is_empty() || self.blocks.len() == 1 {
            self.refresh_block(b, sets);
            return;
        }
        let mut leaves = self.leaves();
        if b == self.sealed() {
            // The tail emptied: the last sealed block becomes the tail.
            self.tail = leaves.pop().unwrap_or(Agg::IDENTITY);
        } else {
            leaves.remove(b);
        }
        self.blocks.remove(b);
        self.rebuild(leaves);
    }

    /// Replaces the effect of the element with `key` (a retraction, or its undoing).
    pub(crate) fn set_effect<S: Sets + ?Sized>(&mut self, key: u64, eff: Packed, sets: &S) {
        let b = self.block_for(key);
        let Some(block) = self.blocks.get_mut(b) else {
            return;
        };
        let Ok(at) = block.binary_search_by_key(&key, |e| e.key) else {
            return;
        };
        block[at].eff = eff;
        self.refresh_block(b, sets);
    }

    /// The composed effect of every element with key `<= upto`.
    pub(crate) fn prefix<S: Sets + ?Sized>(&self, upto: u64, sets: &S) -> Agg {
        let b = self
            .blocks
            .partition_point(|blk| blk.last().is_some_and(|l| l.key <= upto));
        let sealed = self.sealed();
        if b > sealed {
            return self.root();
        }
        let mut acc = self.tree_prefix(b);
        if let Some(block) = self.blocks.get(b) {
            for e in block.iter().take_while(|e| e.key <= upto) {
                acc.push(e.eff, key_id(e.key), sets);
            }
        }
        acc
    }

    /// The first element after which some status count is negative, and that status.
    pub(crate) fn first_negative<S: Sets + ?Sized>(&self, sets: &S) -> Option<(u64, Status)> {
        let mut acc = Agg::IDENTITY;
        for (i, block) in self.blocks.iter().enumerate() {
            let agg = if i == self.sealed() {
                self.tail
            } else {
                self.tree[self.width + i]
            };
            let next = acc.then(&agg);
            if next.min_ok() {
                acc = next;
                continue;
            }
            for e in block {
                acc.push(e.eff, key_id(e.key), sets);
                if let Some(s) = Status::ALL.into_iter().find(|s| acc.status(*s).0 < 0) {
                    return Some((e.key, s));
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

    struct NoSets(Vec<(Status, Count)>);
    impl Sets for NoSets {
        fn breakdown(&self, _: u32) -> &[(Status, Count)] {
            &self.0
        }
    }

    fn add(s: Status, d: i64) -> Packed {
        if d >= 0 {
            Packed::add(None, Some(s), None, Count::total(d as u64, Basis::Exact))
        } else {
            Packed::add(Some(s), None, None, Count::total((-d) as u64, Basis::Exact))
        }
    }

    #[test]
    fn composition_is_associative_on_a_mixed_run() {
        let sets = NoSets(vec![(Status::Unknown, Count::total(5, Basis::Exact))]);
        let effects = [
            add(Status::Unknown, 3),
            add(Status::Unknown, -2),
            Packed::SET,
            add(Status::Unknown, -4),
            add(Status::Unknown, 7),
        ];
        let mut whole = Agg::IDENTITY;
        for e in &effects {
            whole.push(*e, 0, &sets);
        }
        for split in 0..=effects.len() {
            let (mut a, mut b) = (Agg::IDENTITY, Agg::IDENTITY);
            effects[..split].iter().for_each(|e| a.push(*e, 0, &sets));
            effects[split..].iter().for_each(|e| b.push(*e, 0, &sets));
            assert_eq!(a.then(&b), whole, "split at {split}");
        }
        assert_eq!(whole.status(Status::Unknown).0, 8);
        assert!(whole.min_ok());
    }

    #[test]
    fn a_set_hides_earlier_dips_only_after_it() {
        let sets = NoSets(vec![]);
        let mut agg = Agg::IDENTITY;
        agg.push(add(Status::Stored, -1), 0, &sets);
        agg.push(Packed::SET, 0, &sets);
        assert!(!agg.min_ok(), "the dip before the assessment still counts");
        let mut ok = Agg::IDENTITY;
        ok.push(Packed::SET, 0, &sets);
        ok.push(add(Status::Stored, 2), 0, &sets);
        assert!(ok.min_ok());
    }

    #[test]
    fn blocks_split_and_prefixes_match_a_fold() {
        let sets = NoSets(vec![(Status::Operational, Count::total(2, Basis::Exact))]);
        let effect = |id: u32| match id % 5 {
            0 => Packed::SET,
            1 | 2 => add(Status::Operational, 1),
            _ => add(Status::Operational, -1),
        };
        let mut lot = LotIndex::new();
        // Insert in a scrambled order to exercise back-dated inserts and splits of sealed
        // blocks and of the tail.
        let n: u32 = 3000;
        let mut inserted = Vec::new();
        for i in 0..n {
            let id = if i < 1000 { i } else { (i * 7919) % n };
            if inserted.contains(&id) {
                continue;
            }
            inserted.push(id);
            lot.insert(
                Elem {
                    key: key((id / 3) as i32, id),
                    eff: effect(id),
                },
                &sets,
            );
        }
        assert_eq!(lot.len(), inserted.len());
        let elems: Vec<Elem> = lot.elems().copied().collect();
        assert!(elems.windows(2).all(|w| w[0].key < w[1].key));
        let check = |lot: &LotIndex, elems: &[Elem]| {
            for probe in [
                0u64,
                elems[10].key,
                elems[500].key,
                elems[elems.len() - 1].key,
                u64::MAX,
            ] {
                assert_eq!(
                    lot.prefix(probe, &sets),
                    fold_upto(elems, probe, &sets),
                    "probe {probe}"
                );
            }
            assert_eq!(lot.root(), fold(elems, &sets));
            assert_eq!(lot.valid(), fold(elems, &sets).min_ok());
        };
        check(&lot, &elems);
        let mut elems = elems;
        for victim in [3usize, 700, 1500, usize::MAX] {
            let victim = victim.min(elems.len() - 1);
            let k = elems[victim].key;
            lot.remove(k, &sets);
            elems.remove(victim);
            check(&lot, &elems);
        }
        let k = elems[42].key;
        lot.set_effect(k, Packed::NONE, &sets);
        elems[42].eff = Packed::NONE;
        check(&lot, &elems);
    }

    fn fold_upto(elems: &[Elem], upto: u64, sets: &NoSets) -> Agg {
        let run: Vec<Elem> = elems.iter().copied().filter(|e| e.key <= upto).collect();
        fold(&run, sets)
    }

    #[test]
    fn removing_every_element_leaves_an_empty_index() {
        let sets = NoSets(vec![]);
        let mut lot = LotIndex::new();
        let keys: Vec<u64> = (0..300u32).map(|i| key(i as i32, i)).collect();
        for &k in &keys {
            lot.insert(
                Elem {
                    key: k,
                    eff: add(Status::Unknown, 1),
                },
                &sets,
            );
        }
        for &k in keys.iter().rev() {
            lot.remove(k, &sets);
        }
        assert_eq!(lot.len(), 0);
        assert_eq!(lot.root(), Agg::IDENTITY);
    }
}
#[cfg(test)]
mod more_tests {
    use super::*;
    struct S;
    impl Sets for S {
        fn breakdown(&self, _: u32) -> &[(Status, Count)] {
            &[]
        }
    }
    #[test]
    fn in_order_appends_match_a_fold_at_every_point() {
        let mut lot = LotIndex::new();
        let mut elems = Vec::new();
        for i in 0..700u32 {
            let e = Elem {
                key: key(i as i32, i),
                eff: Packed::add(
                    None,
                    Some(Status::Unknown),
                    None,
                    Count::total(u64::from(i % 7 + 1), Basis::Exact),
                ),
            };
            lot.insert(e, &S);
            elems.push(e);
            assert_eq!(lot.root(), fold(&elems, &S), "after {i}");
            for probe in [0, i / 2, i] {
                assert_eq!(
                    lot.prefix(elems[probe as usize].key, &S),
                    fold(&elems[..=probe as usize], &S)
                );
            }
        }
    }
}

#[cfg(test)]
mod random_tests {
    use super::*;

    struct Assess(Vec<(Status, Count)>);
    impl Sets for Assess {
        fn breakdown(&self, _: u32) -> &[(Status, Count)] {
            &self.0
        }
    }

    /// Random inserts (in order and back-dated), removals and effect changes against a plain
    /// sorted vector folded from scratch, checking the root and random prefixes every step.
    #[test]
    fn index_matches_a_naive_fold_under_random_operations() {
        let sets = Assess(vec![(Status::Stored, Count::total(9, Basis::About))]);
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let statuses = Status::ALL;
        for round in 0..4 {
            let mut lot = LotIndex::new();
            let mut naive: Vec<Elem> = Vec::new();
            let mut id = 0u32;
            for step in 0..2500 {
                let op = next(100);
                if op < 70 || naive.is_empty() {
                    let day = if op < 50 {
                        10_000 + id as i32
                    } else {
                        next(10_000 + u64::from(id)) as i32
                    };
                    let eff = match next(10) {
                        0 => Packed::SET,
                        1 => Packed::NONE,
                        _ => Packed::add(
                            (next(2) == 0).then(|| statuses[next(7) as usize]),
                            Some(statuses[next(7) as usize]),
                            None,
                            Count::total(
                                next(5) + 1,
                                if next(4) == 0 {
                                    Basis::Estimate
                                } else {
                                    Basis::Exact
                                },
                            ),
                        ),
                    };
                    let e = Elem {
                        key: key(day, id),
                        eff,
                    };
                    id += 1;
                    lot.insert(e, &sets);
                    let at = naive.partition_point(|x| x.key < e.key);
                    naive.insert(at, e);
                } else if op < 85 {
                    let victim = next(naive.len() as u64) as usize;
                    lot.remove(naive[victim].key, &sets);
                    naive.remove(victim);
                } else {
                    let victim = next(naive.len() as u64) as usize;
                    let eff = if next(2) == 0 {
                        Packed::NONE
                    } else {
                        Packed::SET
                    };
                    lot.set_effect(naive[victim].key, eff, &sets);
                    naive[victim].eff = eff;
                }
                assert_eq!(lot.root(), fold(&naive, &sets), "round {round} step {step}");
                assert_eq!(lot.valid(), fold(&naive, &sets).min_ok());
                let mut acc = Agg::IDENTITY;
                let first = naive.iter().find_map(|e| {
                    acc.push(e.eff, key_id(e.key), &sets);
                    Status::ALL
                        .into_iter()
                        .find(|s| acc.status(*s).0 < 0)
                        .map(|s| (e.key, s))
                });
                assert_eq!(
                    lot.first_negative(&sets),
                    first,
                    "round {round} step {step}"
                );
                if !naive.is_empty() {
                    let probe = naive[next(naive.len() as u64) as usize].key;
                    let upto: Vec<Elem> =
                        naive.iter().copied().filter(|e| e.key <= probe).collect();
                    assert_eq!(
                        lot.prefix(probe, &sets),
                        fold(&upto, &sets),
                        "round {round} step {step}"
                    );
                }
                let keys: Vec<u64> = lot.elems().map(|e| e.key).collect();
                assert_eq!(keys.len(), naive.len());
            }
        }
    }
}
