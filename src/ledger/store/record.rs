//! The stored form of an entry ([`Record`], [`Op`]) and the one mapping each way between a
//! public [`Change`] and its stored [`Op`]: [`Store::encode`] and [`Store::decode`]. What a
//! stored change does to a lot's counts is [`Record::effect`], next to them.
//!
//! A change kind lives here in four exhaustive matches (the `Op` variant, `encode`,
//! `decode`, `effect`, plus `Record::lots` for a kind that touches a second lot): the compiler
//! points at each when `Change` gains a variant.

use crate::holder::HolderId;

use super::super::change::{Basis, Change, Condition, Count, LossCause, RequestKind, Status};
use super::super::claims::{Decision, Quantity};
use super::super::entry::EntryId;
use super::super::index::{Flow, Packed};
use super::super::time::EffectiveDate;
use super::ix::{BreakdownIx, EntryIx, HolderIx, LotIx, PlatformIx, SourceIx, TimeIx};
use super::{Full, Store};

/// A count in 8 bytes: entry counts are at most [`MAX_COUNT`](crate::ledger::MAX_COUNT),
/// which fits `u32` (checked before an entry is stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct C32 {
    value: u32,
    basis: Basis,
}

impl C32 {
    pub(crate) fn new(count: Count) -> Self {
        Self {
            value: u32::try_from(count.value()).unwrap_or(u32::MAX),
            basis: count.basis(),
        }
    }

    pub(crate) fn count(self) -> Count {
        Count::total(u64::from(self.value), self.basis)
    }
}

/// The kind of a [`LossCause`], in one byte; a captured loss keeps its captor's lot next to
/// it in [`Op::Lost`]. (An enum carrying the captor would take 8 bytes and grow every record
/// from 40 to 44 bytes.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StoredCause {
    Destroyed,
    Damaged,
    Abandoned,
    Captured,
}

/// A [`Change`] as the ledger stores it: holders interned, counts in 8 bytes, an
/// assessment's breakdown kept apart (it is the only variable-sized change).
#[derive(Clone, Debug)]
pub(crate) enum Op {
    Requested {
        count: Option<C32>,
        supplier: Option<HolderIx>,
        request: RequestKind,
    },
    Ordered {
        count: C32,
        supplier: Option<HolderIx>,
        condition: Condition,
    },
    Delivered {
        count: C32,
        into: Status,
        supplier: Option<HolderIx>,
        condition: Condition,
    },
    StatusChanged {
        from: Status,
        to: Status,
        count: C32,
    },
    Assessed(BreakdownIx),
    Lost {
        count: C32,
        from: Status,
        cause: StoredCause,
        /// The captor's lot (of the same platform) of a capture by a known holder: the
        /// entry's second lot, credited with the units. Always `None` for another cause.
        captor: Option<LotIx>,
    },
    Retired {
        count: C32,
        from: Status,
    },
    Expended {
        count: C32,
        from: Status,
    },
    /// The receiver's lot is the entry's second lot.
    Transferred {
        count: C32,
        from: Status,
        into: Status,
        to_lot: LotIx,
    },
    Observed {
        count: Option<C32>,
        status: Option<Status>,
    },
    OpeningUnknown,
    Claimed {
        quantity: Quantity,
        count: C32,
    },
    Resolved {
        quantity: Quantity,
        decision: StoredDecision,
    },
    Retracted {
        entry: EntryIx,
    },
}

/// A [`Decision`] in 12 bytes: a picked claim by its row, a narrowed range in `u32`s (counts
/// are at most [`MAX_COUNT`](crate::ledger::MAX_COUNT); `u32::MAX` is no upper limit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StoredDecision {
    Pick(EntryIx),
    Narrow { lower: u32, upper: u32 },
    KeepRange,
}

impl StoredDecision {
    /// No upper limit, in [`StoredDecision::Narrow`].
    pub(crate) const UNBOUNDED: u32 = u32::MAX;
}

/// One stored entry.
#[derive(Clone, Debug)]
pub(crate) struct Record {
    pub(crate) op: Op,
    pub(crate) effective: EffectiveDate,
    pub(crate) recorded: TimeIx,
    /// The lot the entry was written on (the giver's, for a transfer).
    pub(crate) lot: LotIx,
    pub(crate) source: SourceIx,
    /// The retraction that withdrew this entry.
    pub(crate) retracted_by: Option<EntryIx>,
}

impl Store {
    /// The stored form of `change`, written on a lot of `platform`: interns its holders, and
    /// for a transfer finds or makes the receiver's lot. Everything it adds is undone by
    /// [`Store::rollback`] to a mark taken before.
    pub(super) fn encode(&mut self, change: &Change, platform: PlatformIx) -> Result<Op, Full> {
        let holder = |store: &mut Store, h: &Option<HolderId>| match h {
            Some(h) => store.holders.intern(h).map(Some).ok_or(Full),
            None => Ok(None),
        };
        Ok(match change {
            Change::Requested {
                count,
                supplier,
                request,
            } => Op::Requested {
                count: count.map(C32::new),
                supplier: holder(self, supplier)?,
                request: *request,
            },
            Change::Ordered {
                count,
                supplier,
                condition,
            } => Op::Ordered {
                count: C32::new(*count),
                supplier: holder(self, supplier)?,
                condition: *condition,
            },
            Change::Delivered {
                count,
                into,
                supplier,
                condition,
            } => Op::Delivered {
                count: C32::new(*count),
                into: *into,
                supplier: holder(self, supplier)?,
                condition: *condition,
            },
            Change::StatusChanged { from, to, count } => Op::StatusChanged {
                from: *from,
                to: *to,
                count: C32::new(*count),
            },
            Change::Assessed { breakdown } => {
                Op::Assessed(self.records.push_breakdown(breakdown).ok_or(Full)?)
            }
            Change::Lost { count, from, cause } => {
                let (cause, captor) = match cause {
                    LossCause::Destroyed => (StoredCause::Destroyed, None),
                    LossCause::Damaged => (StoredCause::Damaged, None),
                    LossCause::Abandoned => (StoredCause::Abandoned, None),
                    LossCause::Captured { by } => {
                        let captor = match holder(self, by)? {
                            Some(h) => Some(self.lot_for(h, platform)?),
                            None => None,
                        };
                        (StoredCause::Captured, captor)
                    }
                };
                Op::Lost {
                    count: C32::new(*count),
                    from: *from,
                    cause,
                    captor,
                }
            }
            Change::Retired { count, from } => Op::Retired {
                count: C32::new(*count),
                from: *from,
            },
            Change::Expended { count, from } => Op::Expended {
                count: C32::new(*count),
                from: *from,
            },
            Change::Transferred {
                count,
                to,
                from,
                into,
            } => {
                let to = self.holders.intern(to).ok_or(Full)?;
                Op::Transferred {
                    count: C32::new(*count),
                    from: *from,
                    into: *into,
                    to_lot: self.lot_for(to, platform)?,
                }
            }
            Change::Observed { count, status } => Op::Observed {
                count: count.map(C32::new),
                status: *status,
            },
            Change::OpeningUnknown => Op::OpeningUnknown,
            Change::Claimed { quantity, count } => Op::Claimed {
                quantity: *quantity,
                count: C32::new(*count),
            },
            Change::Resolved { quantity, decision } => Op::Resolved {
                quantity: *quantity,
                decision: match *decision {
                    Decision::Pick { entry } => StoredDecision::Pick(
                        usize::try_from(entry.get())
                            .ok()
                            .and_then(EntryIx::new)
                            .ok_or(Full)?,
                    ),
                    Decision::Narrow { lower, upper } => StoredDecision::Narrow {
                        lower: u32::try_from(lower).map_err(|_| Full)?,
                        upper: match upper {
                            Some(u) => u32::try_from(u)
                                .ok()
                                .filter(|&u| u != StoredDecision::UNBOUNDED)
                                .ok_or(Full)?,
                            None => StoredDecision::UNBOUNDED,
                        },
                    },
                    Decision::KeepRange => StoredDecision::KeepRange,
                },
            },
            Change::Retracted { entry } => Op::Retracted {
                entry: usize::try_from(entry.get())
                    .ok()
                    .and_then(EntryIx::new)
                    .ok_or(Full)?,
            },
        })
    }

    /// The public form of a stored change: the inverse of [`Store::encode`].
    pub(super) fn decode(&self, op: &Op) -> Change {
        let holder = |h: HolderIx| self.holders.value(h).clone();
        match op {
            Op::Requested {
                count,
                supplier,
                request,
            } => Change::Requested {
                count: count.map(C32::count),
                supplier: supplier.map(holder),
                request: *request,
            },
            Op::Ordered {
                count,
                supplier,
                condition,
            } => Change::Ordered {
                count: count.count(),
                supplier: supplier.map(holder),
                condition: *condition,
            },
            Op::Delivered {
                count,
                into,
                supplier,
                condition,
            } => Change::Delivered {
                count: count.count(),
                into: *into,
                supplier: supplier.map(holder),
                condition: *condition,
            },
            Op::StatusChanged { from, to, count } => Change::StatusChanged {
                from: *from,
                to: *to,
                count: count.count(),
            },
            Op::Assessed(b) => Change::Assessed {
                breakdown: self.records.breakdown_at(*b).to_vec(),
            },
            Op::Lost {
                count,
                from,
                cause,
                captor,
            } => Change::Lost {
                count: count.count(),
                from: *from,
                cause: match cause {
                    StoredCause::Destroyed => LossCause::Destroyed,
                    StoredCause::Damaged => LossCause::Damaged,
                    StoredCause::Abandoned => LossCause::Abandoned,
                    StoredCause::Captured => LossCause::Captured {
                        by: captor.map(|lot| holder(self.lots[lot.get()].holder)),
                    },
                },
            },
            Op::Retired { count, from } => Change::Retired {
                count: count.count(),
                from: *from,
            },
            Op::Expended { count, from } => Change::Expended {
                count: count.count(),
                from: *from,
            },
            Op::Transferred {
                count,
                from,
                into,
                to_lot,
            } => Change::Transferred {
                count: count.count(),
                to: holder(self.lots[to_lot.get()].holder),
                from: *from,
                into: *into,
            },
            Op::Observed { count, status } => Change::Observed {
                count: count.map(C32::count),
                status: *status,
            },
            Op::OpeningUnknown => Change::OpeningUnknown,
            Op::Claimed { quantity, count } => Change::Claimed {
                quantity: *quantity,
                count: count.count(),
            },
            Op::Resolved { quantity, decision } => Change::Resolved {
                quantity: *quantity,
                decision: match *decision {
                    StoredDecision::Pick(entry) => Decision::Pick {
                        entry: EntryId::new(self.global(entry)),
                    },
                    StoredDecision::Narrow { lower, upper } => Decision::Narrow {
                        lower: u64::from(lower),
                        upper: (upper != StoredDecision::UNBOUNDED).then_some(u64::from(upper)),
                    },
                    StoredDecision::KeepRange => Decision::KeepRange,
                },
            },
            Op::Retracted { entry } => Change::Retracted {
                entry: EntryId::new(self.global(*entry)),
            },
        }
    }
}

impl Record {
    /// The entry's effect on the counts of `lot` (one of [`Record::lots`]), ignoring
    /// retraction.
    pub(crate) fn effect(&self, lot: LotIx) -> Packed {
        let add = |from, to, flow, count: &C32| Packed::add(from, to, Some(flow), count.count());
        match &self.op {
            Op::Delivered { count, into, .. } => add(None, Some(*into), Flow::Delivered, count),
            Op::StatusChanged { from, to, count } => {
                Packed::add(Some(*from), Some(*to), None, count.count())
            }
            Op::Assessed(_) => Packed::SET,
            Op::OpeningUnknown => Packed::OPEN,
            Op::Lost {
                count,
                from,
                captor,
                ..
            } => {
                if self.lot == lot || *captor != Some(lot) {
                    add(Some(*from), None, Flow::Lost, count)
                } else {
                    // The captor's side: the units enter in status unknown.
                    add(None, Some(Status::Unknown), Flow::CapturedIn, count)
                }
            }
            Op::Retired { count, from } => add(Some(*from), None, Flow::Retired, count),
            Op::Expended { count, from } => add(Some(*from), None, Flow::Expended, count),
            Op::Transferred {
                count,
                from,
                into,
                to_lot,
            } => {
                if self.lot == lot && *to_lot != lot {
                    add(Some(*from), None, Flow::TransferredOut, count)
                } else {
                    add(None, Some(*into), Flow::TransferredIn, count)
                }
            }
            Op::Requested { .. }
            | Op::Ordered { .. }
            | Op::Observed { .. }
            | Op::Claimed { .. }
            | Op::Resolved { .. }
            | Op::Retracted { .. } => Packed::NONE,
        }
    }

    /// The lots the entry is indexed in: its own, and the receiver's for a transfer or the
    /// captor's for a capture by a known holder; none for a retraction (it changes its
    /// target's effect instead).
    pub(crate) fn lots(&self) -> [Option<LotIx>; 2] {
        match self.op {
            Op::Transferred { to_lot, .. } => [Some(self.lot), Some(to_lot)],
            Op::Lost { captor, .. } => [Some(self.lot), captor],
            Op::Retracted { .. } => [None, None],
            Op::Requested { .. }
            | Op::Ordered { .. }
            | Op::Delivered { .. }
            | Op::StatusChanged { .. }
            | Op::Assessed(_)
            | Op::Retired { .. }
            | Op::Expended { .. }
            | Op::Observed { .. }
            | Op::Claimed { .. }
            | Op::Resolved { .. }
            | Op::OpeningUnknown => [Some(self.lot), None],
        }
    }

    /// The retraction's target, for a retraction.
    pub(crate) fn retracts(&self) -> Option<EntryIx> {
        match self.op {
            Op::Retracted { entry } => Some(entry),
            _ => None,
        }
    }
}
