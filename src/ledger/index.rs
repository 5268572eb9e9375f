//! The per-lot time index: layer 2 of the ledger (see the [module documentation](super)).
//! It knows an entry only by its key (effective date and id) and its packed effect on the
//! lot; the store computes the effects, owns the records and looks up breakdowns ([`Sets`]).
//!
//! Each lot (holder x platform) keeps its entries sorted by `(effective, id)` in blocks of at
//! most [`BLOCK_MAX`] elements. An element is the entry's key and its *packed effect* on the
//! lot (8 bytes: count, statuses, flow, basis), so folding a block reads contiguous memory and
//! never the entry records (assessments, which are rare, look their breakdown up).
//!
//! The effects form a monoid ([`Agg`]): any run of them composes to "add d" or "set v" per
//! status, plus the flow sums, plus the minimum count at the *end of each day* the run closes
//! (relative to the count entering the run before its first assessment, absolute after it).
//! Composition is associative, so a segment tree over the blocks' aggregates answers:
//!
//! * the state at a valid date: a tree prefix plus a fold over part of one block,
//!   O(log n + B), with no replay of history;
//! * "is any count negative at any date": the root aggregate alone ([`Agg::min_ok`]).
//!
//! # Counts are states at dates
//!
//! Entries in effect from the same first day (`2013`, `2013-01` and `2013-01-01` all start on
//! 2013-01-01) are applied in their usual order, but only the count at the end of that day is
//! a state at a date: a value between two of them is not, and may be negative (a loss dated
//! `2013` sorts before a delivery dated `2013-01` that it relies on). So the minimum the
//! aggregate keeps is taken over day ends only. A run knows the first day of its first
//! element and the day of its last one; its own last day is *open* (the next element, maybe
//! in the next block, can be on the same day), every earlier day of the run is *closed* and
//! its end value is in the minimum. Composing `a` then `b` closes `a`'s last day exactly when
//! `b` starts on another day. That keeps the aggregate a few words larger, associative, and
//! the in-order append O(1): pushing an element on a new day first closes the previous day
//! (one `min` per status), and nothing is allocated. The last day of the whole lot is closed
//! by the end of the lot ([`Agg::min_ok`] reads the final value too).
//!
//! The last block (the *tail*) is kept outside the tree with its own aggregate, so appending
//! in date order (the common case) is O(1): push onto the tail and extend its aggregate. A
//! back-dated insert refolds one block and recomposes the path above it in a B-tree of blocks
//! (see [`LotIndex`]): O(B + log n), splits included. Entries appended newest first go to a
//! head block that mirrors the tail.

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
    /// Units taken from another holder (a capture by this lot's holder).
    CapturedIn = 6,
}

/// Number of flow counters.
pub(crate) const FLOWS: usize = 7;

#[cfg(test)]
impl Flow {
    /// Every flow, in counter order.
    pub(crate) const ALL: [Flow; FLOWS] = [
        Flow::Delivered,
        Flow::TransferredIn,
        Flow::Lost,
        Flow::Retired,
        Flow::Expended,
        Flow::TransferredOut,
        Flow::CapturedIn,
    ];
}

/// What an effect does besides moving units between statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Adds the count to a flow counter, if any.
    Add(Option<Flow>),
    /// Sets the breakdown (an assessment).
    Set,
    /// Marks the lot's opening stock unknown (see [`Agg`]'s `open`).
    Open,
}

/// One entry's effect on one lot, in 8 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Packed {
    count: u32,
    /// Status the count leaves.
    from: Option<Status>,
    /// Status the count enters.
    to: Option<Status>,
    step: Step,
    basis: Basis,
}

impl Packed {
    /// True when the effect can lower some status count: it takes units out of a status, or
    /// sets the breakdown. An effect that only adds can never make a count negative, at its
    /// own date or after, so the ledger skips validating it.
    pub(crate) fn can_lower(self) -> bool {
        self.from.is_some() || self.step == Step::Set
    }

    /// No count changes.
    pub(crate) const NONE: Packed = Packed {
        count: 0,
        from: None,
        to: None,
        step: Step::Add(None),
        basis: Basis::Exact,
    };
    /// An assessment: its breakdown is looked up through [`Sets`].
    pub(crate) const SET: Packed = Packed {
        count: 0,
        from: None,
        to: None,
        step: Step::Set,
        basis: Basis::Exact,
    };
    /// The lot's opening stock is unknown: changes no count, relaxes the checks before the
    /// first assessment. It cannot lower a count (retracting it can: a retraction always
    /// re-validates).
    pub(crate) const OPEN: Packed = Packed {
        count: 0,
        from: None,
        to: None,
        step: Step::Open,
        basis: Basis::Exact,
    };

    /// `count` units leave `from`, enter `to`, and add to `flow`.
    pub(crate) fn add(
        from: Option<Status>,
        to: Option<Status>,
        flow: Option<Flow>,
        count: Count,
    ) -> Packed {
        Packed {
            // Counts are at most MAX_COUNT (10^9), checked on append.
            count: u32::try_from(count.value()).unwrap_or(u32::MAX),
            from,
            to,
            step: Step::Add(flow),
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
    /// Lowest count at the end of a closed day before the first set, relative to the count
    /// entering the run (`i64::MAX` when there is none).
    min_rel: i64,
    /// Lowest absolute count at the end of a closed day after the first set (`i64::MAX` when
    /// there is none).
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
    /// The first day of the run's first element ([`day`]), or `NO_DAY` for an empty run.
    first_day: u32,
    /// The first day of the run's last element: the run's open day (`NO_DAY` when empty).
    last_day: u32,
    /// Some element of the run (or, for a prefix walk, of the whole lot: [`Agg::opened`])
    /// says the lot's opening stock is unknown ([`Packed::OPEN`]). The counts before the
    /// first set are then relative to an unknown opening stock: their minima are not
    /// checked, and they give the least opening stock instead ([`Agg::opening_floor`]).
    open: bool,
}

/// The day of an empty run ([`day`] never returns it).
const NO_DAY: u32 = 0;

/// The first day of an element's effective date, from its key: the effective key is the day
/// number times 4 plus the precision rank, so dropping its two low bits leaves the day
/// (offset by the key's flipped sign bit, so never `NO_DAY` for a valid date).
pub(crate) fn day(key: u64) -> u32 {
    (key >> 34) as u32
}

impl Agg {
    pub(crate) const IDENTITY: Agg = Agg {
        dims: [Dim {
            val: 0,
            min_rel: i64::MAX,
            min_abs: i64::MAX,
        }; STATUSES],
        flows: [0; FLOWS],
        set: 0,
        dim_basis: [Basis::Exact; STATUSES],
        flow_basis: [Basis::Exact; FLOWS],
        first_day: NO_DAY,
        last_day: NO_DAY,
        open: false,
    };

    /// The empty run, marked open when `open`: the start of a prefix walk over a lot whose
    /// opening stock is unknown (the mark may come from a later element).
    pub(crate) fn opened(open: bool) -> Agg {
        Agg {
            open,
            ..Agg::IDENTITY
        }
    }

    /// Ends the run's open day: its end value becomes a checked state.
    fn close_day(&mut self) {
        if self.set == 0 {
            // No status set yet (most runs): every minimum is relative, and the loop has no
            // branch.
            for d in &mut self.dims {
                d.min_rel = d.min_rel.min(d.val);
            }
            return;
        }
        for i in 0..STATUSES {
            let d = &mut self.dims[i];
            if self.set & (1 << i) != 0 {
                d.min_abs = d.min_abs.min(d.val);
            } else {
                d.min_rel = d.min_rel.min(d.val);
            }
        }
    }

    /// `self` followed by `b`.
    pub(crate) fn then(&self, b: &Agg) -> Agg {
        if self.last_day == NO_DAY {
            return Agg {
                open: self.open || b.open,
                ..*b
            };
        }
        if b.first_day == NO_DAY {
            return Agg {
                open: self.open || b.open,
                ..*self
            };
        }
        let mut a = *self;
        if a.last_day != b.first_day {
            // `b` starts on a later day: `self`'s open day ends with `self`.
            a.close_day();
        }
        let mut out = a;
        if a.set | b.set == 0 {
            // Neither run sets a status (most runs): every minimum is relative and every
            // value an addition. This branch-free loop and the same fast path in
            // `close_day` cut `bulk_append` (one batch, 10^6) by about 20 instructions per
            // entry (callgrind; `Agg::then` 232 -> 213 per entry).
            for i in 0..STATUSES {
                let (x, y) = (&a.dims[i], &b.dims[i]);
                let o = &mut out.dims[i];
                // `b`'s relative minimum is relative to `x.val` (`MAX` stays "none").
                let shifted = if y.min_rel == i64::MAX {
                    i64::MAX
                } else {
                    x.val + y.min_rel
                };
                o.min_rel = x.min_rel.min(shifted);
                o.min_abs = x.min_abs.min(y.min_abs);
                o.val = x.val + y.val;
                out.dim_basis[i] = a.dim_basis[i].join(b.dim_basis[i]);
            }
        } else {
            for i in 0..STATUSES {
                Self::then_dim(&a, b, &mut out, i);
            }
        }
        out.set = a.set | b.set;
        out.open = a.open || b.open;
        for i in 0..FLOWS {
            out.flows[i] = a.flows[i] + b.flows[i];
            out.flow_basis[i] = a.flow_basis[i].join(b.flow_basis[i]);
        }
        out.last_day = b.last_day;
        out
    }

    /// Status `i` of `a` then `b`, into `out` (a copy of `a`).
    fn then_dim(a: &Agg, b: &Agg, out: &mut Agg, i: usize) {
        let (x, y) = (&a.dims[i], &b.dims[i]);
        let a_set = a.set & (1 << i) != 0;
        let b_set = b.set & (1 << i) != 0;
        let o = &mut out.dims[i];
        // `b`'s relative minimum is relative to `x.val` (`MAX` stays "none").
        let shifted = if y.min_rel == i64::MAX {
            i64::MAX
        } else {
            x.val + y.min_rel
        };
        if a_set {
            o.min_abs = x.min_abs.min(shifted).min(y.min_abs);
        } else {
            o.min_rel = x.min_rel.min(shifted);
            o.min_abs = x.min_abs.min(y.min_abs);
        }
        if b_set {
            o.val = y.val;
            out.dim_basis[i] = b.dim_basis[i];
        } else {
            o.val = x.val + y.val;
            out.dim_basis[i] = a.dim_basis[i].join(b.dim_basis[i]);
        }
    }

    /// `self` followed by `b`, for the counts only: the statuses, flows, bases, sets and the
    /// open mark as [`Agg::then`] composes them; the day-end minima and days stay `self`'s.
    /// What a state at a date reads ([`LotIndex::counts_at`]), at about half the
    /// instructions of `then`.
    fn then_counts(&self, b: &Agg) -> Agg {
        let mut out = *self;
        for i in 0..STATUSES {
            if b.set & (1 << i) != 0 {
                out.dims[i].val = b.dims[i].val;
                out.dim_basis[i] = b.dim_basis[i];
            } else {
                out.dims[i].val += b.dims[i].val;
                out.dim_basis[i] = out.dim_basis[i].join(b.dim_basis[i]);
            }
        }
        out.set |= b.set;
        out.open |= b.open;
        for i in 0..FLOWS {
            out.flows[i] += b.flows[i];
            out.flow_basis[i] = out.flow_basis[i].join(b.flow_basis[i]);
        }
        out
    }

    fn add(&mut self, i: usize, x: i64, basis: Basis) {
        self.dims[i].val += x;
        self.dim_basis[i] = self.dim_basis[i].join(basis);
    }

    /// Applies the effect of the element with key `key` at the end of the run.
    pub(crate) fn push<S: Sets + ?Sized>(&mut self, eff: Packed, key: u64, sets: &S) {
        let day = day(key);
        if self.last_day != day {
            if self.last_day != NO_DAY {
                self.close_day();
            } else {
                self.first_day = day;
            }
            self.last_day = day;
        }
        self.push_counts(eff, key, sets);
    }

    /// Applies the effect of the element with key `key` to the counts only (see
    /// [`Agg::then_counts`]): the day-end minima and days are left as they are.
    #[inline]
    fn push_counts<S: Sets + ?Sized>(&mut self, eff: Packed, key: u64, sets: &S) {
        let flow = match eff.step {
            Step::Set => {
                let breakdown = sets.breakdown(key_id(key));
                for i in 0..STATUSES {
                    let (v, b) = breakdown
                        .iter()
                        .find(|(s, _)| *s as usize == i)
                        .map_or((0, Basis::Exact), |(_, c)| (c.value() as i64, c.basis()));
                    self.set |= 1 << i;
                    self.dims[i].val = v;
                    self.dim_basis[i] = b;
                }
                return;
            }
            Step::Open => {
                self.open = true;
                return;
            }
            Step::Add(flow) => flow,
        };
        let n = i64::from(eff.count);
        if let Some(from) = eff.from {
            self.add(from as usize, -n, eff.basis);
        }
        if let Some(to) = eff.to {
            self.add(to as usize, n, eff.basis);
        }
        if let Some(f) = flow {
            let f = f as usize;
            self.flows[f] += n;
            self.flow_basis[f] = self.flow_basis[f].join(eff.basis);
        }
    }

    fn is_set(&self, i: usize) -> bool {
        self.set & (1 << i) != 0
    }

    /// True when no status count is negative at the end of any day of the run, starting from
    /// zero: the closed days and the run's last day, which the end of the run closes. In an
    /// open run only the days from the first set on are checked.
    pub(crate) fn min_ok(&self) -> bool {
        self.dims.iter().enumerate().all(|(i, d)| {
            let last = if self.open && !self.is_set(i) {
                i64::MAX
            } else {
                d.val
            };
            self.checked_min(d).min(last) >= 0
        })
    }

    /// The lowest checked count at a closed day's end: every closed day, or in an open run
    /// those from the first set on.
    fn checked_min(&self, d: &Dim) -> i64 {
        if self.open {
            d.min_abs
        } else {
            d.min_rel.min(d.min_abs)
        }
    }

    /// True when no status count is negative at the end of a closed day of the run (its open
    /// last day is not checked), starting from zero; in an open run, from the first set on.
    fn closed_ok(&self) -> bool {
        self.dims.iter().all(|d| self.checked_min(d) >= 0)
    }

    /// The first status whose count after the run, starting from zero, is negative (in an
    /// open run, only a status set since: before that, counts are relative).
    fn negative_status(&self) -> Option<Status> {
        Status::ALL.into_iter().find(|s| {
            let i = *s as usize;
            self.dims[i].val < 0 && (!self.open || self.is_set(i))
        })
    }

    /// True when the run says the lot's opening stock is unknown.
    pub(crate) fn is_open(&self) -> bool {
        self.open
    }

    /// True when some assessment set the counts in the run: from it on they are absolute.
    pub(crate) fn has_set(&self) -> bool {
        self.set != 0
    }

    /// For a run over a whole lot from its start: the least opening stock of status `s` that
    /// keeps every day's end before the first set non-negative (zero when none dips).
    pub(crate) fn opening_floor(&self, s: Status) -> i64 {
        let i = s as usize;
        let d = &self.dims[i];
        let last = if self.is_set(i) { i64::MAX } else { d.val };
        (-d.min_rel.min(last)).max(0)
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
        agg.push(e.eff, e.key, sets);
    }
    agg
}

/// Most blocks (or child nodes) a node of a lot's block tree holds before it splits in two.
const NODE_MAX: usize = 16;

/// A node of a lot's block tree: a B-tree whose leaves are blocks. Each node keeps, for each
/// child, its last key, its aggregate and the composition of the children up to it, so a
/// prefix query composes one aggregate per level and an edit below child `i` recomposes the
/// node's children from `i` on: O(NODE_MAX) compositions per level.
#[derive(Clone, Debug)]
struct Node {
    /// The last key of each child.
    lasts: Vec<u64>,
    /// The aggregate of each child.
    aggs: Vec<Agg>,
    /// `pre[i]`: the composition of children `0..=i`.
    pre: Vec<Agg>,
    kids: Kids,
}

#[derive(Clone, Debug)]
enum Kids {
    /// A leaf node: sorted blocks of elements, never empty.
    Blocks(Vec<Vec<Elem>>),
    /// An inner node: child nodes, never empty.
    Nodes(Vec<Node>),
}

/// One change to a lot's block tree.
enum Edit {
    /// Inserts an element into the block that holds (or would hold) its key.
    Insert(Elem),
    /// Removes the element with this key, if any.
    Remove(u64),
    /// Replaces the effect of the element with this key, if any.
    Set(u64, Packed),
    /// Adds a block before every other, with its aggregate (boxed: the other edits are
    /// small, and this one comes once per block sealed).
    Front(Vec<Elem>, Box<Agg>),
    /// Adds a block after every other.
    Back(Vec<Elem>),
    /// Takes the last block out (into the option).
    PopBack(Option<Vec<Elem>>),
}

impl Node {
    fn empty() -> Self {
        Node {
            lasts: Vec::new(),
            aggs: Vec::new(),
            pre: Vec::new(),
            kids: Kids::Blocks(Vec::new()),
        }
    }

    fn len(&self) -> usize {
        self.lasts.len()
    }

    /// The composition of every child.
    fn total(&self) -> Agg {
        self.pre.last().copied().unwrap_or(Agg::IDENTITY)
    }

    fn last_key(&self) -> Option<u64> {
        self.lasts.last().copied()
    }

    fn first_key(&self) -> Option<u64> {
        match &self.kids {
            Kids::Blocks(blocks) => blocks.first()?.first().map(|e| e.key),
            Kids::Nodes(nodes) => nodes.first()?.first_key(),
        }
    }

    /// Recomposes `pre` from child `i` on.
    fn fix_from(&mut self, i: usize) {
        fix_from(&mut self.pre, &self.aggs, i);
    }

    /// Applies `edit` below this node. Returns whether anything changed, and the right half
    /// of this node if it overflowed and split.
    fn edit<S: Sets + ?Sized>(&mut self, edit: &mut Edit, sets: &S) -> (bool, Option<Node>) {
        let n = self.len();
        let i = match edit {
            Edit::Insert(Elem { key, .. }) | Edit::Remove(key) | Edit::Set(key, _) => self
                .lasts
                .partition_point(|l| l < key)
                .min(n.saturating_sub(1)),
            Edit::Front(..) => 0,
            Edit::Back(_) => n,
            Edit::PopBack(_) => n.saturating_sub(1),
        };
        let Node {
            lasts,
            aggs,
            pre,
            kids,
        } = self;
        match kids {
            Kids::Blocks(blocks) => {
                match edit {
                    Edit::Insert(elem) => {
                        let Some(block) = blocks.get_mut(i) else {
                            return (false, None);
                        };
                        let at = block.partition_point(|e| e.key < elem.key);
                        reserve_one(block);
                        block.insert(at, *elem);
                        if block.len() > BLOCK_MAX {
                            // A sealed block splits in halves.
                            let second = block.split_off(BLOCK_MAX / 2);
                            block.shrink_to_fit();
                            let (last, agg) = summary(&second, sets);
                            blocks.insert(i + 1, second);
                            lasts.insert(i + 1, last);
                            aggs.insert(i + 1, agg);
                        }
                    }
                    Edit::Remove(key) => {
                        let Some(block) = blocks.get_mut(i) else {
                            return (false, None);
                        };
                        let Ok(at) = block.binary_search_by_key(key, |e| e.key) else {
                            return (false, None);
                        };
                        block.remove(at);
                        if block.is_empty() {
                            blocks.remove(i);
                            lasts.remove(i);
                            aggs.remove(i);
                            fix_from(pre, aggs, i);
                            return (true, None);
                        }
                    }
                    Edit::Set(key, eff) => {
                        let Some(block) = blocks.get_mut(i) else {
                            return (false, None);
                        };
                        let Ok(at) = block.binary_search_by_key(key, |e| e.key) else {
                            return (false, None);
                        };
                        block[at].eff = *eff;
                    }
                    Edit::Front(block, agg) => {
                        let block = std::mem::take(block);
                        blocks.insert(i, block);
                        lasts.insert(i, blocks[i].last().map_or(0, |e| e.key));
                        aggs.insert(i, **agg);
                        fix_from(pre, aggs, i);
                        return (true, self.split_if_full(edit));
                    }
                    Edit::Back(block) => {
                        let block = std::mem::take(block);
                        let (last, agg) = summary(&block, sets);
                        blocks.insert(i, block);
                        lasts.insert(i, last);
                        aggs.insert(i, agg);
                        fix_from(pre, aggs, i);
                        return (true, self.split_if_full(edit));
                    }
                    Edit::PopBack(out) => {
                        let Some(block) = blocks.pop() else {
                            return (false, None);
                        };
                        *out = Some(block);
                        lasts.pop();
                        aggs.pop();
                        pre.pop();
                        return (true, None);
                    }
                }
                let (last, agg) = summary(&blocks[i], sets);
                lasts[i] = last;
                aggs[i] = agg;
                fix_from(pre, aggs, i);
                (true, self.split_if_full(edit))
            }
            Kids::Nodes(nodes) => {
                let i = i.min(n.saturating_sub(1));
                let Some(kid) = nodes.get_mut(i) else {
                    return (false, None);
                };
                let (changed, split) = kid.edit(edit, sets);
                if !changed {
                    return (false, None);
                }
                if kid.len() == 0 {
                    nodes.remove(i);
                    lasts.remove(i);
                    aggs.remove(i);
                } else {
                    lasts[i] = kid.last_key().unwrap_or(0);
                    aggs[i] = kid.total();
                    if let Some(right) = split {
                        lasts.insert(i + 1, right.last_key().unwrap_or(0));
                        aggs.insert(i + 1, right.total());
                        nodes.insert(i + 1, right);
                    }
                }
                fix_from(pre, aggs, i);
                (true, self.split_if_full(edit))
            }
        }
    }

    /// Splits an overfull node: in halves, or leaving a full node behind when blocks are
    /// added at an end (appends and prepends in date order then build packed nodes).
    fn split_if_full(&mut self, edit: &Edit) -> Option<Node> {
        let n = self.len();
        if n <= NODE_MAX {
            return None;
        }
        let at = match edit {
            Edit::Back(_) => NODE_MAX,
            Edit::Front(..) => 1,
            _ => n / 2,
        };
        let kids = match &mut self.kids {
            Kids::Blocks(b) => {
                let right = Kids::Blocks(b.split_off(at));
                b.shrink_to_fit();
                right
            }
            Kids::Nodes(b) => {
                let right = Kids::Nodes(b.split_off(at));
                b.shrink_to_fit();
                right
            }
        };
        let mut right = Node {
            lasts: self.lasts.split_off(at),
            aggs: self.aggs.split_off(at),
            pre: Vec::with_capacity(n - at),
            kids,
        };
        right.fix_from(0);
        self.pre.truncate(at);
        self.lasts.shrink_to_fit();
        self.aggs.shrink_to_fit();
        self.pre.shrink_to_fit();
        Some(right)
    }

    /// `acc` followed by every element with key `<= upto` below this node (the counts only
    /// unless `FULL`: see [`Agg::then_counts`]).
    fn prefix<S: Sets + ?Sized, const FULL: bool>(&self, upto: u64, mut acc: Agg, sets: &S) -> Agg {
        let c = self.lasts.partition_point(|&l| l <= upto);
        if c > 0 {
            acc = compose::<FULL>(&acc, &self.pre[c - 1]);
        }
        if c == self.len() {
            return acc;
        }
        match &self.kids {
            Kids::Blocks(blocks) => {
                for e in blocks[c].iter().take_while(|e| e.key <= upto) {
                    step::<S, FULL>(&mut acc, e, sets);
                }
                acc
            }
            Kids::Nodes(nodes) => nodes[c].prefix::<S, FULL>(upto, acc, sets),
        }
    }

    /// Every block below this node in order, with its aggregate.
    fn blocks<'a>(&'a self, out: &mut Vec<(&'a [Elem], Agg)>) {
        match &self.kids {
            Kids::Blocks(blocks) => {
                out.extend(
                    blocks
                        .iter()
                        .map(Vec::as_slice)
                        .zip(self.aggs.iter().copied()),
                );
            }
            Kids::Nodes(nodes) => nodes.iter().for_each(|n| n.blocks(out)),
        }
    }
}

/// `a` then `b`: in full ([`Agg::then`]) or the counts only ([`Agg::then_counts`]).
fn compose<const FULL: bool>(a: &Agg, b: &Agg) -> Agg {
    if FULL { a.then(b) } else { a.then_counts(b) }
}

/// Pushes `e` onto `acc`: in full ([`Agg::push`]) or the counts only.
fn step<S: Sets + ?Sized, const FULL: bool>(acc: &mut Agg, e: &Elem, sets: &S) {
    if FULL {
        acc.push(e.eff, e.key, sets);
    } else {
        acc.push_counts(e.eff, e.key, sets);
    }
}

/// Recomposes `pre` (the running compositions of `aggs`) from index `i` on.
fn fix_from(pre: &mut Vec<Agg>, aggs: &[Agg], i: usize) {
    pre.truncate(i);
    for agg in &aggs[i.min(aggs.len())..] {
        let next = match pre.last() {
            Some(p) => p.then(agg),
            None => *agg,
        };
        pre.push(next);
    }
}

/// Makes room for one more element in a block: grows to the split size at most, not to
/// double (sealed blocks are packed).
fn reserve_one(block: &mut Vec<Elem>) {
    if block.len() == block.capacity() {
        block.reserve_exact((block.len() / 8).clamp(1, BLOCK_MAX + 1 - block.len().min(BLOCK_MAX)));
    }
}

/// A block's last key and aggregate.
fn summary<S: Sets + ?Sized>(block: &[Elem], sets: &S) -> (u64, Agg) {
    (block.last().map_or(0, |e| e.key), fold(block, sets))
}

/// The sorted, aggregated entries of one lot: a *head* block, a B-tree of sealed blocks
/// ([`Node`]) and a *tail* block, in key order.
///
/// Appends in date order push onto the tail (O(1)); the tail seals most of itself into the
/// tree when full, adding a block at the tree's right edge (O(log n) compositions, once per
/// `BLOCK_MAX - BLOCK_MAX / 8` appends). Inserts before the tree's first key go to the head,
/// which mirrors the tail for entries appended newest first ([`Runs`]: O(1) for both inserts
/// appending newest first makes). Any other insert refolds one block (or one run of the head)
/// and recomposes the path above it: O(B + log n), splits included, and removals likewise (a
/// block that empties leaves the tree; blocks are not merged, as removal only undoes a
/// rejected append). The tail is never empty unless the lot is.
#[derive(Clone, Debug)]
pub(crate) struct LotIndex {
    head: Vec<Elem>,
    head_agg: Agg,
    /// The head's two runs, once it has had an element.
    head_runs: Option<Box<Runs>>,
    tree: Node,
    tail: Vec<Elem>,
    tail_agg: Agg,
}

/// The head as two runs, each with its aggregate: the *front*, `head[..front]`, and the
/// *back*, the rest (`head_agg` is the front's then the back's).
///
/// Appending newest first inserts in two places only. An entry dated before every other goes
/// first: it starts a new front and the old front joins the back, whose aggregate is then
/// the whole head's (one composition). An entry of the same date as the first entries (same
/// effective key) goes right after them, its id being higher: that is the end of the front,
/// so the front's aggregate takes one push. Every other insert refolds the run it lands in,
/// as a block does. Measured on `reverse_append` (one lot, 32 entries a day, newest first;
/// callgrind, BENCHMARKS.md): the whole head refolded on every insert (an entry of the first
/// date lands after the others of that date, not at position 0) cost more than the rest of
/// the append together.
///
/// Boxed: most lots never have a head (with no sealed block, a back-dated entry goes to the
/// tail), and the two aggregates would add about 500 bytes to each.
#[derive(Clone, Debug)]
struct Runs {
    front: usize,
    front_agg: Agg,
    back_agg: Agg,
}

/// Which part of a lot holds a key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Head,
    Tree,
    Tail,
}

impl LotIndex {
    pub(crate) fn new() -> Self {
        Self {
            head: Vec::new(),
            head_agg: Agg::IDENTITY,
            head_runs: None,
            tree: Node::empty(),
            tail: Vec::new(),
            tail_agg: Agg::IDENTITY,
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.elems().count()
    }

    /// Every block in order, with its aggregate.
    fn blocks(&self) -> Vec<(&[Elem], Agg)> {
        let mut out = vec![(self.head.as_slice(), self.head_agg)];
        self.tree.blocks(&mut out);
        out.push((self.tail.as_slice(), self.tail_agg));
        out
    }

    /// Every element in order.
    pub(crate) fn elems(&self) -> impl DoubleEndedIterator<Item = &Elem> + '_ {
        self.blocks().into_iter().flat_map(|(b, _)| b.iter())
    }

    /// The keys at or before `upto` (inclusive), in order.
    pub(crate) fn keys_upto(&self, upto: u64) -> impl Iterator<Item = u64> + '_ {
        self.elems().map(|e| e.key).take_while(move |&k| k <= upto)
    }

    /// The aggregate of the whole lot.
    pub(crate) fn root(&self) -> Agg {
        self.head_agg.then(&self.tree.total()).then(&self.tail_agg)
    }

    /// True when no status count of the lot is negative at the end of any day: at any date.
    pub(crate) fn valid(&self) -> bool {
        self.root().min_ok()
    }

    /// The part that holds (or would hold) `key`, which is not after the tail's last key.
    fn part_for(&self, key: u64) -> Part {
        match self.tree.first_key() {
            Some(first) if key < first => Part::Head,
            Some(_) if self.tree.last_key().is_some_and(|l| key <= l) => Part::Tree,
            Some(_) => Part::Tail,
            None if !self.head.is_empty() && self.tail.first().is_some_and(|f| key < f.key) => {
                Part::Head
            }
            None => Part::Tail,
        }
    }

    /// Applies `edit` to the tree and keeps its root a node with two children or more (or a
    /// leaf).
    fn edit_tree<S: Sets + ?Sized>(&mut self, mut edit: Edit, sets: &S) -> Edit {
        let (_, split) = self.tree.edit(&mut edit, sets);
        if let Some(right) = split {
            let left = std::mem::replace(&mut self.tree, Node::empty());
            let mut root = Node {
                lasts: vec![left.last_key().unwrap_or(0), right.last_key().unwrap_or(0)],
                aggs: vec![left.total(), right.total()],
                pre: Vec::with_capacity(2),
                kids: Kids::Nodes(vec![left, right]),
            };
            root.fix_from(0);
            self.tree = root;
        }
        while let Kids::Nodes(nodes) = &mut self.tree.kids
            && nodes.len() <= 1
        {
            self.tree = nodes.pop().unwrap_or_else(Node::empty);
        }
        edit
    }

    /// Inserts an element.
    pub(crate) fn insert<S: Sets + ?Sized>(&mut self, elem: Elem, sets: &S) {
        if self.tail.last().is_none_or(|l| l.key < elem.key) {
            // Fast path: the newest element of the lot.
            if self.tail.capacity() == 0 {
                // (A lot's first block grows on demand: most lots stay small.)
                self.tail.reserve_exact(4);
            }
            self.tail.push(elem);
            self.tail_agg.push(elem.eff, elem.key, sets);
        } else {
            match self.part_for(elem.key) {
                Part::Head => {
                    self.insert_head(elem, sets);
                    if self.head.len() > BLOCK_MAX {
                        let (sealed, agg) = self.seal_head(sets);
                        self.edit_tree(Edit::Front(sealed, Box::new(agg)), sets);
                    }
                    return;
                }
                Part::Tree => {
                    self.edit_tree(Edit::Insert(elem), sets);
                    return;
                }
                Part::Tail => insert_into(&mut self.tail, &mut self.tail_agg, elem, sets),
            }
        }
        if self.tail.len() > BLOCK_MAX {
            // The tail seals most of itself (appends in date order will rarely touch a
            // sealed block again, so it is packed).
            let mut second = self.tail.split_off(BLOCK_MAX - BLOCK_MAX / 8);
            second.reserve_exact(BLOCK_MAX + 1 - second.len());
            let mut sealed = std::mem::replace(&mut self.tail, second);
            sealed.shrink_to_fit();
            self.tail_agg = fold(&self.tail, sets);
            self.edit_tree(Edit::Back(sealed), sets);
        }
    }

    /// Inserts `elem` into the head, keeping its runs (see [`Runs`]).
    fn insert_head<S: Sets + ?Sized>(&mut self, elem: Elem, sets: &S) {
        let at = self.head.partition_point(|e| e.key < elem.key);
        reserve_one(&mut self.head);
        self.head.insert(at, elem);
        let whole = self.head_agg;
        let runs = self.head_runs.get_or_insert_with(|| {
            Box::new(Runs {
                front: 0,
                front_agg: Agg::IDENTITY,
                back_agg: whole,
            })
        });
        if at == runs.front {
            // Right after the front (or, with no front, before everything): extends it.
            runs.front_agg.push(elem.eff, elem.key, sets);
            runs.front += 1;
        } else if at == 0 {
            // Before the front: a new front; the old one joins the back.
            runs.back_agg = whole;
            runs.front_agg = Agg::IDENTITY;
            runs.front_agg.push(elem.eff, elem.key, sets);
            runs.front = 1;
        } else if at < runs.front {
            runs.front += 1;
            runs.front_agg = fold(&self.head[..runs.front], sets);
        } else {
            runs.back_agg = fold(&self.head[runs.front..], sets);
        }
        self.head_agg = runs.front_agg.then(&runs.back_agg);
    }

    /// Takes the sealed part out of an overfull head, with its aggregate: the back run when
    /// that leaves a full enough block (the front, where appends newest first go on, stays);
    /// otherwise all but the first few elements (appends newest first will add before them).
    fn seal_head<S: Sets + ?Sized>(&mut self, sets: &S) -> (Vec<Elem>, Agg) {
        let whole = self.head_agg;
        let runs = self.head_runs.get_or_insert_with(|| {
            Box::new(Runs {
                front: 0,
                front_agg: Agg::IDENTITY,
                back_agg: whole,
            })
        });
        if runs.front > 0 && self.head.len() - runs.front >= BLOCK_MAX / 2 {
            let sealed = self.head.split_off(runs.front);
            let agg = std::mem::replace(&mut runs.back_agg, Agg::IDENTITY);
            self.head_agg = runs.front_agg;
            return (sealed, agg);
        }
        let sealed = self.head.split_off(BLOCK_MAX / 8);
        self.head_agg = fold(&self.head, sets);
        self.reset_head_runs();
        let agg = fold(&sealed, sets);
        (sealed, agg)
    }

    /// After the head changed other than by [`LotIndex::insert_head`]: its whole is the back
    /// run.
    fn reset_head_runs(&mut self) {
        if self.head.is_empty() {
            self.head_runs = None;
        } else if let Some(runs) = &mut self.head_runs {
            runs.front = 0;
            runs.front_agg = Agg::IDENTITY;
            runs.back_agg = self.head_agg;
        }
    }

    /// The key of the lot's last element.
    pub(crate) fn last_key(&self) -> Option<u64> {
        self.tail.last().map(|e| e.key)
    }

    /// Inserts `elems`, which are sorted by key, as [`LotIndex::insert`] one by one would.
    ///
    /// When they all come after the lot's last key (a batch that extends a lot in date
    /// order), they are appended in one pass: each sealed block is copied and folded once,
    /// and the tail's aggregate is extended, or refolded once when it sealed. Otherwise
    /// they are inserted one by one. (On the `bulk_append` workload a sealed block is then
    /// folded once instead of twice, with the tail refolded once per batch run instead of
    /// once per seal: `Agg::push` calls per entry at 10^6 in one batch, 7.4 in all, of which
    /// 0.9 from here; most of the rest refold blocks for back-dated inserts.)
    pub(crate) fn extend_sorted<S: Sets + ?Sized>(&mut self, elems: &[Elem], sets: &S) {
        let in_order = elems.windows(2).all(|w| w[0].key < w[1].key)
            && elems
                .first()
                .is_some_and(|f| self.last_key().is_none_or(|l| l < f.key));
        if !in_order {
            for &elem in elems {
                self.insert(elem, sets);
            }
            return;
        }
        // As `insert` seals: a full tail keeps its last `BLOCK_MAX / 8` elements.
        const SEAL: usize = BLOCK_MAX - BLOCK_MAX / 8;
        let mut rest = elems;
        let sealed = self.tail.len() + rest.len() > BLOCK_MAX;
        while self.tail.len() + rest.len() > BLOCK_MAX {
            let mut block = Vec::with_capacity(SEAL);
            let from_tail = self.tail.len().min(SEAL);
            block.extend(self.tail.drain(..from_tail));
            let (now, later) = rest.split_at(SEAL - from_tail);
            block.extend_from_slice(now);
            rest = later;
            self.edit_tree(Edit::Back(block), sets);
        }
        if sealed {
            self.tail_agg = fold(&self.tail, sets);
        }
        self.tail
            .reserve_exact((self.tail.len() + rest.len()).max(4) - self.tail.len());
        for &elem in rest {
            self.tail.push(elem);
            self.tail_agg.push(elem.eff, elem.key, sets);
        }
    }

    /// Removes the element with `key` (to undo a rejected insert).
    pub(crate) fn remove<S: Sets + ?Sized>(&mut self, key: u64, sets: &S) {
        if self.tail.last().is_none_or(|l| l.key < key) {
            return;
        }
        let part = self.part_for(key);
        let (block, agg) = match part {
            Part::Head => (&mut self.head, &mut self.head_agg),
            Part::Tail => (&mut self.tail, &mut self.tail_agg),
            Part::Tree => {
                self.edit_tree(Edit::Remove(key), sets);
                return;
            }
        };
        let Ok(at) = block.binary_search_by_key(&key, |e| e.key) else {
            return;
        };
        block.remove(at);
        *agg = fold(block, sets);
        if self.tail.is_empty() {
            // The last sealed block, or else the head, becomes the tail.
            let tail = match self.edit_tree(Edit::PopBack(None), sets) {
                Edit::PopBack(Some(block)) => block,
                _ => std::mem::take(&mut self.head),
            };
            self.tail = tail;
            self.tail_agg = fold(&self.tail, sets);
            if self.head.is_empty() {
                self.head_agg = Agg::IDENTITY;
            }
        }
        if part == Part::Head || self.head.is_empty() {
            self.reset_head_runs();
        }
    }

    /// Replaces the effect of the element with `key` (a retraction, or its undoing).
    pub(crate) fn set_effect<S: Sets + ?Sized>(&mut self, key: u64, eff: Packed, sets: &S) {
        if self.tail.last().is_none_or(|l| l.key < key) {
            return;
        }
        let part = self.part_for(key);
        let (block, agg) = match part {
            Part::Head => (&mut self.head, &mut self.head_agg),
            Part::Tail => (&mut self.tail, &mut self.tail_agg),
            Part::Tree => {
                self.edit_tree(Edit::Set(key, eff), sets);
                return;
            }
        };
        let Ok(at) = block.binary_search_by_key(&key, |e| e.key) else {
            return;
        };
        block[at].eff = eff;
        *agg = fold(block, sets);
        if part == Part::Head {
            self.reset_head_runs();
        }
    }

    /// The composed effect of every element with key `<= upto`.
    pub(crate) fn prefix<S: Sets + ?Sized>(&self, upto: u64, sets: &S) -> Agg {
        self.prefix_by::<S, true>(upto, sets)
    }

    /// The counts of [`LotIndex::prefix`] (statuses, flows, bases, sets, the open mark), not
    /// its day-end minima: what a state at a date reads. Skipping the minima (the day-end
    /// checks of [`Agg::push`] and the minima of [`Agg::then`]) saves `lot_as_of` at 10^6
    /// about 1,860 instructions per query under callgrind (of 4,460 once the whole lot's
    /// aggregate is skipped too: see `LotState::of`; 2,600 remain).
    pub(crate) fn counts_at<S: Sets + ?Sized>(&self, upto: u64, sets: &S) -> Agg {
        self.prefix_by::<S, false>(upto, sets)
    }

    fn prefix_by<S: Sets + ?Sized, const FULL: bool>(&self, upto: u64, sets: &S) -> Agg {
        let partial = |block: &[Elem], mut acc: Agg| {
            for e in block.iter().take_while(|e| e.key <= upto) {
                step::<S, FULL>(&mut acc, e, sets);
            }
            acc
        };
        if self.head.last().is_some_and(|l| upto < l.key) {
            return partial(&self.head, Agg::IDENTITY);
        }
        let mut acc = self.head_agg;
        if let Some(last) = self.tree.last_key() {
            if upto < last {
                return self.tree.prefix::<S, FULL>(upto, acc, sets);
            }
            acc = compose::<FULL>(&acc, self.tree.pre.last().unwrap_or(&Agg::IDENTITY));
        }
        if self.tail.last().is_none_or(|l| l.key <= upto) {
            compose::<FULL>(&acc, &self.tail_agg)
        } else {
            partial(&self.tail, acc)
        }
    }

    /// True when some element says the lot's opening stock is unknown: the open mark of
    /// [`LotIndex::root`], read from its three parts without composing them.
    pub(crate) fn is_open(&self) -> bool {
        self.head_agg.is_open()
            || self.tree.pre.last().is_some_and(Agg::is_open)
            || self.tail_agg.is_open()
    }

    /// The first day at whose end some status count is negative: the key of the day's last
    /// element with an effect (not [`Packed::NONE`]: a retracted entry or one that changes no
    /// count), and that status. The count at the end of the day is the count after it.
    pub(crate) fn first_negative<S: Sets + ?Sized>(&self, sets: &S) -> Option<(u64, Status)> {
        // The first negative day changed some count (the day before ended non-negative), so
        // it has an element with an effect, and none after it on that day.
        let effective = |e: &&Elem| e.eff != Packed::NONE;
        // Whether the lot is open is a fact about all of it: the walk starts with it.
        let mut acc = Agg::opened(self.is_open());
        // The key of the last element with an effect folded into `acc`.
        let mut last = None;
        for (block, agg) in self.blocks() {
            let next = acc.then(&agg);
            if next.closed_ok() {
                acc = next;
                last = block.iter().rev().find(effective).map(|e| e.key).or(last);
                continue;
            }
            // A day this block closes ends negative: the open day `acc` brings in, or one of
            // the block's own. Find which.
            for e in block {
                if acc.last_day != NO_DAY
                    && acc.last_day != day(e.key)
                    && let Some(s) = acc.negative_status()
                {
                    return Some((last?, s));
                }
                acc.push(e.eff, e.key, sets);
                if effective(&e) {
                    last = Some(e.key);
                }
            }
            return None;
        }
        // Every closed day is fine: the lot's last day remains.
        Some((last?, acc.negative_status()?))
    }
}

/// Inserts `elem` into the tail (an unsealed block) and updates its aggregate.
fn insert_into<S: Sets + ?Sized>(block: &mut Vec<Elem>, agg: &mut Agg, elem: Elem, sets: &S) {
    let at = block.partition_point(|e| e.key < elem.key);
    reserve_one(block);
    block.insert(at, elem);
    if at == 0 && block.len() > 16 {
        // Prepending: one composition instead of a refold.
        let mut first = Agg::IDENTITY;
        first.push(elem.eff, elem.key, sets);
        *agg = first.then(agg);
    } else {
        *agg = fold(block, sets);
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

    /// A key on first day `day` (effective key `day * 4`).
    fn on(day: i32, id: u32) -> u64 {
        key(day * 4, id)
    }

    #[test]
    fn composition_is_associative_with_an_open_mark_anywhere() {
        let sets = NoSets(vec![(Status::Unknown, Count::total(2, Basis::Exact))]);
        for at in 0..6 {
            let mut effects = vec![
                add(Status::Unknown, -3),
                add(Status::Unknown, 1),
                Packed::SET,
                add(Status::Unknown, -1),
                add(Status::Unknown, -4),
            ];
            effects.insert(at, Packed::OPEN);
            for days in [[1, 1, 1, 1, 1, 1], [1, 2, 3, 4, 5, 6], [1, 1, 2, 2, 3, 3]] {
                let keys: Vec<u64> = (0..effects.len()).map(|i| on(days[i], i as u32)).collect();
                let fold_range = |r: std::ops::Range<usize>| {
                    let mut agg = Agg::IDENTITY;
                    for i in r {
                        agg.push(effects[i], keys[i], &sets);
                    }
                    agg
                };
                let whole = fold_range(0..effects.len());
                assert!(whole.is_open());
                for i in 0..=effects.len() {
                    for j in i..=effects.len() {
                        let (a, b, c) = (
                            fold_range(0..i),
                            fold_range(i..j),
                            fold_range(j..effects.len()),
                        );
                        assert_eq!(a.then(&b).then(&c), whole, "{at} {days:?} {i} {j}");
                        assert_eq!(a.then(&b.then(&c)), whole, "{at} {days:?} {i} {j}");
                    }
                }
                // Before the set, dips are unchecked; after it, 2 - 1 - 4 = -3 on the last
                // day's end.
                assert!(!whole.min_ok(), "{at} {days:?}");
                // Each on its own day, the -3 is a day's end: the opening stock was at
                // least 3. On one day, no day ends before the set.
                let floor = match days {
                    [1, 2, ..] => Some(3),
                    [1, 1, 1, ..] => Some(0),
                    _ => None,
                };
                if let Some(floor) = floor {
                    assert_eq!(whole.opening_floor(Status::Unknown), floor, "{at} {days:?}");
                }
            }
        }
    }

    #[test]
    fn an_open_run_is_checked_from_its_first_set_on() {
        let sets = NoSets(vec![(Status::Unknown, Count::total(5, Basis::Exact))]);
        let run = |effects: &[Packed]| {
            let mut agg = Agg::IDENTITY;
            for (i, e) in effects.iter().enumerate() {
                agg.push(*e, on(i as i32 + 1, i as u32), &sets);
            }
            agg
        };
        let loss = add(Status::Unknown, -4);
        // A loss alone: invalid, unless the lot is open; its floor is then 4.
        assert!(!run(&[loss]).min_ok());
        let open = run(&[Packed::OPEN, loss, loss]);
        assert!(open.min_ok());
        assert_eq!(open.opening_floor(Status::Unknown), 8);
        assert_eq!(open.opening_floor(Status::Operational), 0);
        assert!(!open.has_set());
        // A baseline of 5 after the losses: valid; a further loss of 4 leaves 1.
        assert!(run(&[loss, Packed::OPEN, Packed::SET, loss]).min_ok());
        // Two more leave -3: the usual check applies again.
        assert!(!run(&[loss, Packed::OPEN, Packed::SET, loss, loss]).min_ok());
        // An opened empty run carries its mark through composition, on either side.
        assert!(Agg::opened(true).then(&run(&[loss])).min_ok());
        assert!(run(&[loss]).then(&Agg::opened(true)).min_ok());
        // The mark adds nothing else.
        assert_eq!(run(&[Packed::OPEN]).status(Status::Unknown).0, 0);
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
            add(Status::Unknown, -9),
            add(Status::Unknown, 1),
        ];
        // Every day pattern: all on one day, each on its own, and mixed.
        for days in [
            [1, 1, 1, 1, 1, 1, 1],
            [1, 2, 3, 4, 5, 6, 7],
            [1, 1, 2, 3, 3, 4, 4],
            [1, 2, 2, 2, 3, 3, 5],
        ] {
            let keys: Vec<u64> = (0..effects.len()).map(|i| on(days[i], i as u32)).collect();
            let fold_range = |r: std::ops::Range<usize>| {
                let mut agg = Agg::IDENTITY;
                for i in r {
                    agg.push(effects[i], keys[i], &sets);
                }
                agg
            };
            let whole = fold_range(0..effects.len());
            for i in 0..=effects.len() {
                for j in i..=effects.len() {
                    let (a, b, c) = (
                        fold_range(0..i),
                        fold_range(i..j),
                        fold_range(j..effects.len()),
                    );
                    assert_eq!(a.then(&b).then(&c), whole, "{days:?} split {i} {j}");
                    assert_eq!(a.then(&b.then(&c)), whole, "{days:?} split {i} {j}");
                }
            }
            assert_eq!(whole.status(Status::Unknown).0, 0);
        }
    }

    #[test]
    fn only_day_ends_are_checked() {
        let sets = NoSets(vec![]);
        let run = |steps: &[(i32, i64)]| {
            let mut agg = Agg::IDENTITY;
            for (i, &(day, d)) in steps.iter().enumerate() {
                agg.push(add(Status::Stored, d), on(day, i as u32), &sets);
            }
            agg
        };
        // A loss before the same day's delivery: never negative at the end of a day.
        assert!(run(&[(5, -1), (5, 1)]).min_ok());
        assert!(run(&[(4, 2), (5, -3), (5, 1), (6, -1), (6, 1)]).min_ok());
        // Negative at the end of day 5, made good only on day 6.
        assert!(!run(&[(5, -1), (6, 1)]).min_ok());
        assert!(!run(&[(4, 1), (5, -2), (5, 0), (6, 1)]).min_ok());
        // The lot's last day ends with the lot.
        assert!(!run(&[(5, 1), (5, -2)]).min_ok());
    }

    #[test]
    fn a_set_hides_earlier_dips_only_after_it() {
        let sets = NoSets(vec![]);
        let mut agg = Agg::IDENTITY;
        agg.push(add(Status::Stored, -1), on(1, 0), &sets);
        agg.push(Packed::SET, on(2, 1), &sets);
        assert!(!agg.min_ok(), "the dip before the assessment still counts");
        // On the same day the assessment states the count at the end of that day.
        let mut same = Agg::IDENTITY;
        same.push(add(Status::Stored, -1), on(1, 0), &sets);
        same.push(Packed::SET, on(1, 1), &sets);
        assert!(same.min_ok());
        let mut ok = Agg::IDENTITY;
        ok.push(Packed::SET, on(1, 0), &sets);
        ok.push(add(Status::Stored, 2), on(2, 1), &sets);
        assert!(ok.min_ok());
    }

    /// `counts_at` gives `prefix`'s counts, and `is_open` the root's open mark, on a lot
    /// built in a scrambled order (head, tree and tail all in use) with assessments and open
    /// marks among the effects.
    #[test]
    fn counts_at_and_is_open_match_the_full_aggregates() {
        let sets = NoSets(vec![(Status::Stored, Count::total(4, Basis::About))]);
        let same_counts = |a: &Agg, b: &Agg| {
            Status::ALL.iter().all(|&s| a.status(s) == b.status(s))
                && Flow::ALL.iter().all(|&f| a.flow(f) == b.flow(f))
                && a.has_set() == b.has_set()
                && a.is_open() == b.is_open()
        };
        let n: u32 = 2000;
        let mut lot = LotIndex::new();
        let mut keys = Vec::new();
        for i in 0..n {
            // Newest first, then in order, then scattered.
            let id = match i {
                0..500 => 1000 - i,
                500..1000 => 1000 + i,
                _ => (i * 7919) % 3000 + 3000,
            };
            let eff = match id % 13 {
                _ if id == 1500 => Packed::OPEN,
                0 => Packed::SET,
                2 | 3 => Packed::NONE,
                4..=8 => Packed::add(
                    None,
                    Some(Status::ALL[id as usize % STATUSES]),
                    Some(Flow::Delivered),
                    Count::total(3, Basis::Exact),
                ),
                _ => Packed::add(
                    Some(Status::ALL[id as usize % STATUSES]),
                    None,
                    Some(Flow::Lost),
                    Count::total(1, Basis::Estimate),
                ),
            };
            let k = on((id / 2) as i32, id);
            if keys.contains(&k) {
                continue;
            }
            keys.push(k);
            lot.insert(Elem { key: k, eff }, &sets);
            assert_eq!(lot.is_open(), lot.root().is_open(), "step {i}");
            let probe = keys[(i as usize * 31) % keys.len()] + u64::from(i % 2);
            assert!(
                same_counts(&lot.counts_at(probe, &sets), &lot.prefix(probe, &sets)),
                "step {i}"
            );
        }
        assert!(lot.is_open());
        assert!(same_counts(&lot.counts_at(u64::MAX, &sets), &lot.root()));
        assert!(same_counts(&lot.counts_at(0, &sets), &Agg::IDENTITY));
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

    /// The naive validity rule: replay plain counts in key order and look at them at the end
    /// of each first day (the effective key without its precision bits) only. Returns the key
    /// of the last element with an effect up to the first day that ends with a negative
    /// count, and the status.
    pub(super) fn first_negative_day_end(
        elems: &[Elem],
        set: &[(Status, Count)],
    ) -> Option<(u64, Status)> {
        let first_day = |k: u64| (((k >> 32) as u32 ^ 0x8000_0000) as i32).div_euclid(4);
        let mut counts = [0i64; STATUSES];
        let mut last_effect = None;
        for (j, e) in elems.iter().enumerate() {
            let p = e.eff;
            if p != Packed::NONE {
                last_effect = Some(e.key);
            }
            if p.step == Step::Set {
                counts = [0; STATUSES];
                for (s, c) in set {
                    counts[*s as usize] = c.value() as i64;
                }
            } else {
                if let Some(from) = p.from {
                    counts[from as usize] -= i64::from(p.count);
                }
                if let Some(to) = p.to {
                    counts[to as usize] += i64::from(p.count);
                }
            }
            let day_ends = elems
                .get(j + 1)
                .is_none_or(|n| first_day(n.key) != first_day(e.key));
            if day_ends && let Some(s) = Status::ALL.into_iter().find(|s| counts[*s as usize] < 0) {
                return last_effect.map(|k| (k, s));
            }
        }
        None
    }

    /// Random inserts (in order and back-dated), removals and effect changes against a plain
    /// sorted vector folded from scratch, checking the root, random prefixes and the
    /// negative-count rule (against a plain per-day replay) every step. Effective keys are
    /// drawn densely, so several elements often share a first day.
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
                let first = first_negative_day_end(&naive, &sets.0);
                assert_eq!(lot.valid(), first.is_none(), "round {round} step {step}");
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

#[cfg(test)]
mod order_props {
    use super::*;
    use proptest::prelude::*;

    struct Assess(Vec<(Status, Count)>);
    impl Sets for Assess {
        fn breakdown(&self, _: u32) -> &[(Status, Count)] {
            &self.0
        }
    }

    fn cases() -> u32 {
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(6)
    }

    /// The tree's depth (1 for a leaf).
    fn depth(n: &Node) -> usize {
        match &n.kids {
            Kids::Blocks(_) => 1,
            Kids::Nodes(nodes) => 1 + nodes.iter().map(depth).max().unwrap_or(0),
        }
    }

    /// The structure's own invariants: every node's summaries match its children, blocks
    /// are sorted and not over full, the tail is empty only with the lot.
    fn check_structure(lot: &LotIndex, sets: &Assess) {
        fn walk(n: &Node, sets: &Assess) {
            assert_eq!(n.lasts.len(), n.aggs.len());
            assert_eq!(n.pre.len(), n.aggs.len());
            assert!(n.len() <= NODE_MAX);
            let mut acc = Agg::IDENTITY;
            for i in 0..n.len() {
                acc = acc.then(&n.aggs[i]);
                assert_eq!(n.pre[i], acc);
            }
            match &n.kids {
                Kids::Blocks(blocks) => {
                    assert_eq!(blocks.len(), n.len());
                    for (i, b) in blocks.iter().enumerate() {
                        assert!(!b.is_empty() && b.len() <= BLOCK_MAX);
                        assert_eq!(summary(b, sets), (n.lasts[i], n.aggs[i]));
                    }
                }
                Kids::Nodes(nodes) => {
                    assert_eq!(nodes.len(), n.len());
                    for (i, k) in nodes.iter().enumerate() {
                        assert_eq!((k.last_key(), k.total()), (Some(n.lasts[i]), n.aggs[i]));
                        walk(k, sets);
                    }
                }
            }
        }
        walk(&lot.tree, sets);
        assert_eq!(lot.head_agg, fold(&lot.head, sets));
        match &lot.head_runs {
            Some(runs) => {
                assert!(!lot.head.is_empty() && runs.front <= lot.head.len());
                assert_eq!(runs.front_agg, fold(&lot.head[..runs.front], sets));
                assert_eq!(runs.back_agg, fold(&lot.head[runs.front..], sets));
                assert_eq!(lot.head_agg, runs.front_agg.then(&runs.back_agg));
            }
            None => assert!(lot.head.is_empty()),
        }
        assert_eq!(lot.tail_agg, fold(&lot.tail, sets));
        assert!(lot.head.len() <= BLOCK_MAX && lot.tail.len() <= BLOCK_MAX);
        if lot.tail.is_empty() {
            assert!(lot.head.is_empty() && lot.tree.len() == 0);
        }
    }

    #[derive(Clone, Copy, Debug)]
    enum Order {
        Dated,
        /// Keys in descending order.
        Reverse,
        /// Days in descending order, ids ascending with the append: how the ledger appends
        /// entries newest first (an entry lands after the others of its day).
        NewestFirst,
        Random,
    }

    fn effect(choice: u8) -> Packed {
        let s = Status::ALL[usize::from(choice) % STATUSES];
        let n = Count::total(u64::from(choice % 5) + 1, Basis::Exact);
        match choice % 11 {
            0 => Packed::SET,
            1 => Packed::NONE,
            2..=6 => Packed::add(None, Some(s), Some(Flow::Delivered), n),
            7 | 8 => Packed::add(Some(s), None, Some(Flow::Lost), n),
            _ => Packed::add(
                Some(s),
                Some(Status::ALL[usize::from(choice / 11) % STATUSES]),
                None,
                n,
            ),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: cases(),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Runs of elements, sorted by key, added with `extend_sorted` (runs after the lot's
        /// last key take the bulk path, short and long, sealing blocks and growing the tree;
        /// others fall back to inserts) give the same elements, aggregates and structure
        /// invariants as inserting each element alone.
        #[test]
        fn extend_sorted_matches_single_inserts(
            runs in proptest::collection::vec((1usize..300, 0u8..4, any::<u64>()), 1..40),
            per_day in 1u32..3,
        ) {
            let sets = Assess(vec![(Status::Stored, Count::total(3, Basis::About))]);
            let mut bulk = LotIndex::new();
            let mut single = LotIndex::new();
            let mut id = 0u32;
            for (len, kind, seed) in runs {
                let mut state = seed | 1;
                let mut next = move |m: u64| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state % m
                };
                // 0, 1: after the lot's last key (the bulk path); 2: back-dated; 3: spread
                // over the whole history.
                let base = match kind {
                    0 | 1 => id / per_day,
                    2 => (id / per_day).saturating_sub(next(200) as u32 + 1),
                    _ => 0,
                };
                let mut run: Vec<Elem> = (0..len)
                    .map(|i| {
                        let day = if kind == 3 {
                            next(u64::from(id / per_day) + 1) as u32
                        } else {
                            base + i as u32 / per_day
                        };
                        let e = Elem { key: key(day as i32, id), eff: effect(next(256) as u8) };
                        id += 1;
                        e
                    })
                    .collect();
                run.sort_by_key(|e| e.key);
                bulk.extend_sorted(&run, &sets);
                for &e in &run {
                    single.insert(e, &sets);
                }
                prop_assert_eq!(bulk.root(), single.root());
                let a: Vec<Elem> = bulk.elems().copied().collect();
                let b: Vec<Elem> = single.elems().copied().collect();
                prop_assert_eq!(&a, &b);
                prop_assert_eq!(bulk.first_negative(&sets), single.first_negative(&sets));
                let probe = a[next(a.len() as u64) as usize].key;
                prop_assert_eq!(bulk.prefix(probe, &sets), fold(&a[..=a.partition_point(|e| e.key < probe)], &sets));
                check_structure(&bulk, &sets);
            }
        }

        /// Thousands of elements inserted into one lot in date order, newest first or at
        /// random (many splits, a tree several levels deep), with removals and effect changes
        /// interleaved: after every operation the root, validity, the first negative day and
        /// a prefix at a random key match a naive fold of a sorted vector.
        #[test]
        fn one_large_lot_matches_a_naive_fold_in_any_order(
            order in prop_oneof![
                Just(Order::Dated),
                Just(Order::Reverse),
                Just(Order::NewestFirst),
                Just(Order::Random),
            ],
            n in 1_500usize..4_000,
            // Distinct days per element vs several per day (more than half a block: a head
            // whose first day cannot stay apart when it seals).
            per_day in prop_oneof![1u32..4, 4u32..80],
            seed in any::<u64>(),
        ) {
            let sets = Assess(vec![(Status::Stored, Count::total(3, Basis::About))]);
            let mut state = seed | 1;
            let mut next = move |m: u64| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state % m
            };
            let mut ids: Vec<u32> = (0..n as u32).collect();
            match order {
                Order::Dated | Order::NewestFirst => {}
                Order::Reverse => ids.reverse(),
                Order::Random => {
                    for i in (1..ids.len()).rev() {
                        ids.swap(i, next(i as u64 + 1) as usize);
                    }
                }
            }
            let mut lot = LotIndex::new();
            let mut naive: Vec<Elem> = Vec::new();
            let mut max_depth = 0;
            for (step, &id) in ids.iter().enumerate() {
                let day = match order {
                    Order::NewestFirst => (n as u32 - 1 - id) / per_day,
                    _ => id / per_day,
                };
                let e = Elem { key: key(day as i32, id), eff: effect(next(256) as u8) };
                lot.insert(e, &sets);
                naive.insert(naive.partition_point(|x| x.key < e.key), e);
                match next(20) {
                    0 => {
                        let victim = next(naive.len() as u64) as usize;
                        lot.remove(naive[victim].key, &sets);
                        naive.remove(victim);
                    }
                    1 => {
                        let victim = next(naive.len() as u64) as usize;
                        let eff = effect(next(256) as u8);
                        lot.set_effect(naive[victim].key, eff, &sets);
                        naive[victim].eff = eff;
                    }
                    _ => {}
                }
                let whole = fold(&naive, &sets);
                prop_assert_eq!(lot.root(), whole, "step {}", step);
                prop_assert_eq!(lot.valid(), whole.min_ok(), "step {}", step);
                if !lot.valid() || step % 64 == 0 {
                    let want = random_tests::first_negative_day_end(&naive, &sets.0);
                    prop_assert_eq!(lot.first_negative(&sets), want, "step {}", step);
                }
                if !naive.is_empty() {
                    let probe = naive[next(naive.len() as u64) as usize].key + next(2);
                    let upto = naive.partition_point(|x| x.key <= probe);
                    prop_assert_eq!(lot.prefix(probe, &sets), fold(&naive[..upto], &sets), "step {}", step);
                }
                if step % 97 == 0 {
                    check_structure(&lot, &sets);
                }
                max_depth = max_depth.max(depth(&lot.tree));
            }
            check_structure(&lot, &sets);
            let keys: Vec<u64> = lot.elems().map(|e| e.key).collect();
            let want: Vec<u64> = naive.iter().map(|e| e.key).collect();
            prop_assert_eq!(keys, want);
            prop_assert!(max_depth >= 2, "the tree grew {} levels", max_depth);
            // Then remove everything, in a scrambled order.
            while !naive.is_empty() {
                let victim = next(naive.len() as u64) as usize;
                lot.remove(naive[victim].key, &sets);
                naive.remove(victim);
                prop_assert_eq!(lot.root(), fold(&naive, &sets));
            }
            check_structure(&lot, &sets);
            prop_assert_eq!(lot.len(), 0);
        }
    }
}
