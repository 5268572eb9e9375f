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

mod lot;
mod node;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod walk_tests;

pub(crate) use self::lot::LotIndex;
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

/// The composed effect of a run of entries on a lot.
///
/// Laid out (`repr(C)`, aligned to a cache line) so that what a state at a date reads
/// ([`Agg::then_counts`]: the statuses' values, the flows, their bases, the sets and the open
/// mark) is its first 128 bytes, two cache lines, and the day-end minima, which only the
/// checks on append read, come after. `all_holdings` at 10^6 reads two of a tree's running
/// compositions per lot, each from memory no other lot shares (BENCHMARKS.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C, align(64))]
pub(crate) struct Agg {
    /// Per status: the added amount (no set) or the final absolute value (after a set).
    vals: [i64; STATUSES],
    flows: [i64; FLOWS],
    dim_basis: [Basis; STATUSES],
    flow_basis: [Basis; FLOWS],
    /// Bit `i` set: status `i` was set by an assessment in the run.
    set: u8,
    /// Some element of the run (or, for a prefix walk, of the whole lot: [`Agg::opened`])
    /// says the lot's opening stock is unknown ([`Packed::OPEN`]). The counts before the
    /// first set are then relative to an unknown opening stock: their minima are not
    /// checked, and they give the least opening stock instead ([`Agg::opening_floor`]).
    open: bool,
    /// The first day of the run's first element ([`day`]), or `NO_DAY` for an empty run.
    first_day: u32,
    /// The first day of the run's last element: the run's open day (`NO_DAY` when empty).
    last_day: u32,
    /// Per status: the lowest count at the end of a closed day before the first set,
    /// relative to the count entering the run (`i64::MAX` when there is none).
    min_rel: [i64; STATUSES],
    /// Per status: the lowest absolute count at the end of a closed day after the first set
    /// (`i64::MAX` when there is none).
    min_abs: [i64; STATUSES],
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
        vals: [0; STATUSES],
        flows: [0; FLOWS],
        set: 0,
        dim_basis: [Basis::Exact; STATUSES],
        flow_basis: [Basis::Exact; FLOWS],
        first_day: NO_DAY,
        last_day: NO_DAY,
        open: false,
        min_rel: [i64::MAX; STATUSES],
        min_abs: [i64::MAX; STATUSES],
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
            for i in 0..STATUSES {
                self.min_rel[i] = self.min_rel[i].min(self.vals[i]);
            }
            return;
        }
        for i in 0..STATUSES {
            if self.set & (1 << i) != 0 {
                self.min_abs[i] = self.min_abs[i].min(self.vals[i]);
            } else {
                self.min_rel[i] = self.min_rel[i].min(self.vals[i]);
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
                // `b`'s relative minimum is relative to `a`'s value (`MAX` stays "none").
                let shifted = if b.min_rel[i] == i64::MAX {
                    i64::MAX
                } else {
                    a.vals[i] + b.min_rel[i]
                };
                out.min_rel[i] = a.min_rel[i].min(shifted);
                out.min_abs[i] = a.min_abs[i].min(b.min_abs[i]);
                out.vals[i] = a.vals[i] + b.vals[i];
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
        let a_set = a.set & (1 << i) != 0;
        let b_set = b.set & (1 << i) != 0;
        // `b`'s relative minimum is relative to `a`'s value (`MAX` stays "none").
        let shifted = if b.min_rel[i] == i64::MAX {
            i64::MAX
        } else {
            a.vals[i] + b.min_rel[i]
        };
        if a_set {
            out.min_abs[i] = a.min_abs[i].min(shifted).min(b.min_abs[i]);
        } else {
            out.min_rel[i] = a.min_rel[i].min(shifted);
            out.min_abs[i] = a.min_abs[i].min(b.min_abs[i]);
        }
        if b_set {
            out.vals[i] = b.vals[i];
            out.dim_basis[i] = b.dim_basis[i];
        } else {
            out.vals[i] = a.vals[i] + b.vals[i];
            out.dim_basis[i] = a.dim_basis[i].join(b.dim_basis[i]);
        }
    }

    /// `self` followed by `b`, in place, for the counts only: the statuses, flows, bases,
    /// sets and the open mark as [`Agg::then`] composes them; the day-end minima and days
    /// stay `self`'s. What a state at a date reads ([`LotIndex::counts_at`]), at about half
    /// the instructions of `then`.
    fn then_counts(&mut self, b: &Agg) {
        for i in 0..STATUSES {
            if b.set & (1 << i) != 0 {
                self.vals[i] = b.vals[i];
                self.dim_basis[i] = b.dim_basis[i];
            } else {
                self.vals[i] += b.vals[i];
                self.dim_basis[i] = self.dim_basis[i].join(b.dim_basis[i]);
            }
        }
        self.set |= b.set;
        self.open |= b.open;
        for i in 0..FLOWS {
            self.flows[i] += b.flows[i];
            self.flow_basis[i] = self.flow_basis[i].join(b.flow_basis[i]);
        }
    }

    fn add(&mut self, i: usize, x: i64, basis: Basis) {
        self.vals[i] += x;
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
                // Every status is set: those the breakdown lists to their count, the others
                // to an exact zero. (A status is listed once: `Change::check`; were it listed
                // twice, the first would count, as the list is read backwards.)
                self.set = (1 << STATUSES) - 1;
                for i in 0..STATUSES {
                    self.vals[i] = 0;
                    self.dim_basis[i] = Basis::Exact;
                }
                for (s, c) in sets.breakdown(key_id(key)).iter().rev() {
                    self.vals[*s as usize] = c.value() as i64;
                    self.dim_basis[*s as usize] = c.basis();
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

    /// Applies the effects of `elems`, in order, to the counts only: what
    /// [`Agg::push_counts`] of each gives. Additions ([`Step::Add`], almost every element) are
    /// summed into [`Additions`] and added once at the end. An assessment sets every status
    /// (and no flow), so the statuses' sums before it are dropped; an opening-unknown mark
    /// only marks. On `all_holdings` at 10^6 (the partial block of each lot's prefix, about
    /// 21 elements) this folds a lot's partial block in about 450 instructions instead of
    /// about 700 pushing each element (a call, and branches on its statuses and flow, per
    /// element; callgrind, BENCHMARKS.md).
    #[inline]
    pub(crate) fn push_counts_all<S: Sets + ?Sized>(&mut self, elems: &[Elem], sets: &S) {
        if elems.is_empty() {
            return;
        }
        let mut adds = Additions::NONE;
        // The last assessment: only its breakdown is read (each is a look-up in the records).
        let mut set = None;
        for e in elems {
            match e.eff.step {
                Step::Add(flow) => adds.add(e.eff, flow),
                Step::Set => {
                    adds.vals = [0; STATUSES + 1];
                    adds.val_bases = [0; STATUSES + 1];
                    set = Some(e);
                }
                Step::Open => self.open = true,
            }
        }
        if let Some(e) = set {
            // It sets every status: the statuses' sums before it are dropped above, the flows
            // it leaves alone.
            self.push_counts(e.eff, e.key, sets);
        }
        self.add_all(&adds);
    }

    /// Adds `adds` to the counts, as pushing the additions it sums one by one would.
    fn add_all(&mut self, adds: &Additions) {
        for i in 0..STATUSES {
            self.vals[i] += adds.vals[i];
            self.dim_basis[i] = self.dim_basis[i].join(Basis::join_mask(adds.val_bases[i]));
        }
        for i in 0..FLOWS {
            self.flows[i] += adds.flows[i];
            self.flow_basis[i] = self.flow_basis[i].join(Basis::join_mask(adds.flow_bases[i]));
        }
    }

    fn is_set(&self, i: usize) -> bool {
        self.set & (1 << i) != 0
    }

    /// True when no status count is negative at the end of any day of the run, starting from
    /// zero: the closed days and the run's last day, which the end of the run closes. In an
    /// open run only the days from the first set on are checked.
    pub(crate) fn min_ok(&self) -> bool {
        (0..STATUSES).all(|i| {
            let last = if self.open && !self.is_set(i) {
                i64::MAX
            } else {
                self.vals[i]
            };
            self.checked_min(i).min(last) >= 0
        })
    }

    /// The lowest checked count at a closed day's end: every closed day, or in an open run
    /// those from the first set on.
    fn checked_min(&self, i: usize) -> i64 {
        if self.open {
            self.min_abs[i]
        } else {
            self.min_rel[i].min(self.min_abs[i])
        }
    }

    /// True when no status count is negative at the end of a closed day of the run (its open
    /// last day is not checked), starting from zero; in an open run, from the first set on.
    fn closed_ok(&self) -> bool {
        (0..STATUSES).all(|i| self.checked_min(i) >= 0)
    }

    /// The first status whose count after the run, starting from zero, is negative (in an
    /// open run, only a status set since: before that, counts are relative).
    fn negative_status(&self) -> Option<Status> {
        Status::ALL.into_iter().find(|s| {
            let i = *s as usize;
            self.vals[i] < 0 && (!self.open || self.is_set(i))
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
        let last = if self.is_set(i) {
            i64::MAX
        } else {
            self.vals[i]
        };
        (-self.min_rel[i].min(last)).max(0)
    }

    /// The count of status `s` after the run, starting from zero, and its basis.
    pub(crate) fn status(&self, s: Status) -> (i64, Basis) {
        (self.vals[s as usize], self.dim_basis[s as usize])
    }

    /// The sum of flow `f` over the run, and its basis.
    pub(crate) fn flow(&self, f: Flow) -> (i64, Basis) {
        (self.flows[f as usize], self.flow_basis[f as usize])
    }
}

/// The counts of a run of additions ([`Step::Add`] effects), summed apart from an aggregate
/// so that folding one is a few array updates with no branch on its statuses or flow:
/// [`Agg::push_counts_all`]. The last slot of each array takes the effect of an absent
/// status or flow and is never read. The bases are kept as masks of the bases seen
/// (`1 << basis`), joined once by [`Basis::join_mask`].
struct Additions {
    vals: [i64; STATUSES + 1],
    val_bases: [u8; STATUSES + 1],
    flows: [i64; FLOWS + 1],
    flow_bases: [u8; FLOWS + 1],
}

impl Additions {
    const NONE: Additions = Additions {
        vals: [0; STATUSES + 1],
        val_bases: [0; STATUSES + 1],
        flows: [0; FLOWS + 1],
        flow_bases: [0; FLOWS + 1],
    };

    /// Adds an addition's effect: `eff.count` units out of `eff.from`, into `eff.to`, and onto
    /// `flow`, each with `eff.basis`.
    #[inline]
    fn add(&mut self, eff: Packed, flow: Option<Flow>) {
        let n = i64::from(eff.count);
        let basis = 1u8 << (eff.basis as u8);
        let from = eff.from.map_or(STATUSES, |s| s as usize);
        let to = eff.to.map_or(STATUSES, |s| s as usize);
        let flow = flow.map_or(FLOWS, |f| f as usize);
        self.vals[from] -= n;
        self.val_bases[from] |= basis;
        self.vals[to] += n;
        self.val_bases[to] |= basis;
        self.flows[flow] += n;
        self.flow_bases[flow] |= basis;
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
