//! The seam between the store and the queries: a lot ([`LotView`]), its state at an
//! [`AsOf`] (a [`Tally`], from the index, in O(log n) for the latest knowledge), and the
//! entries of it a view sees ([`Visible`]), in (effective, id) order, in the public types.
//!
//! A query never reads a record or the index: it asks [`Store::lot`] or [`Store::lots_of`]
//! for lots and walks [`LotView::visible`] (folding entries into a [`Tally`] with
//! [`Tally::fold`] where it needs counts step by step) or takes [`LotView::state_in`]
//! (through a [`Scope`], the view worked out once for many lots).

use crate::holder::HolderId;
use crate::provenance::Grade;

use super::super::change::{Basis, Change, PlatformRef, Status};
use super::super::entry::{Entry, EntryId};
use super::super::index::{self, Agg, Flow, Packed};
use super::super::time::{AsOf, EffectiveDate, query_key};
use super::Store;
use super::ix::{EntryIx, LotIx};
use super::record::Record;

/// The counts of a run of a lot's entries, as a query reads them: units by status and the
/// flows, each with its basis, and what the lot's opening stock is known to be. The
/// index's aggregate ([`Agg`]) behind the seam; its day-end minima, which only the checks on
/// append read, are not part of it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tally(Agg);

impl Tally {
    /// No entries.
    pub(crate) const EMPTY: Tally = Tally(Agg::IDENTITY);

    /// Units in `status` after the run (relative to the opening stock while the lot's
    /// opening stock is unknown and no assessment is in the run), and the basis.
    pub(crate) fn status(&self, status: Status) -> (i64, Basis) {
        self.0.status(status)
    }
    /// Units delivered, and the basis.
    pub(crate) fn delivered(&self) -> (i64, Basis) {
        self.0.flow(Flow::Delivered)
    }
    /// Units received from other holders.
    pub(crate) fn transferred_in(&self) -> (i64, Basis) {
        self.0.flow(Flow::TransferredIn)
    }
    /// Units captured from other holders.
    pub(crate) fn captured_in(&self) -> (i64, Basis) {
        self.0.flow(Flow::CapturedIn)
    }
    /// Units lost.
    pub(crate) fn lost(&self) -> (i64, Basis) {
        self.0.flow(Flow::Lost)
    }
    /// Units retired.
    pub(crate) fn retired(&self) -> (i64, Basis) {
        self.0.flow(Flow::Retired)
    }
    /// Units expended.
    pub(crate) fn expended(&self) -> (i64, Basis) {
        self.0.flow(Flow::Expended)
    }
    /// Units handed to other holders.
    pub(crate) fn transferred_out(&self) -> (i64, Basis) {
        self.0.flow(Flow::TransferredOut)
    }
    /// True when an assessment in the run set the counts: from it on they are absolute.
    pub(crate) fn assessed(&self) -> bool {
        self.0.has_set()
    }
    /// True when an entry of the run (or, for [`LotView::whole`], of the lot) says the
    /// lot's opening stock is unknown.
    pub(crate) fn opening_unknown(&self) -> bool {
        self.0.is_open()
    }
    /// For the run over a whole lot ([`LotView::whole`]): the least opening stock of
    /// `status` that keeps every day's end before the first assessment non-negative.
    pub(crate) fn opening_floor(&self, status: Status) -> i64 {
        self.0.opening_floor(status)
    }

    /// Adds `entry`'s effect on its lot's counts at the end of the run; false when it
    /// changes none (requests, orders, observations, opening-unknown statements).
    pub(crate) fn fold(&mut self, entry: &Visible<'_>) -> bool {
        entry.fold_into(&mut self.0)
    }
}

/// One lot of the store, to query.
#[derive(Clone, Copy)]
pub(crate) struct LotView<'a> {
    store: &'a Store,
    lot: LotIx,
}

/// What a view reads: entries up to `upto` (an index key), recorded before the time
/// `cut` (a row of `Store::times`; `None`: everything), from sources meeting `grade`.
#[derive(Clone, Copy)]
struct Filter {
    upto: u64,
    cut: Option<usize>,
    grade: Option<Grade>,
}

/// A view ([`AsOf`]) worked out once (the date's index key, the known-at cut), to read many
/// lots through ([`Store::scope`]): [`LotView::state_in`], [`LotView::whole_in`],
/// [`LotView::may_be_open_in`].
#[derive(Clone, Copy)]
pub(crate) struct Scope {
    filter: Filter,
    /// The view reads the latest knowledge without a grade filter: states come from the
    /// index.
    indexed: bool,
}

impl Scope {
    /// The same view at every date (as [`AsOf::at_any_date`]).
    fn any_date(&self) -> Scope {
        Scope {
            filter: Filter {
                upto: u64::MAX,
                ..self.filter
            },
            ..*self
        }
    }
}

impl Store {
    /// `at`, worked out for [`LotView::state_in`] and the other `_in` reads.
    pub(crate) fn scope(&self, at: &AsOf) -> Scope {
        let filter = self.filter(at);
        Scope {
            filter,
            indexed: filter.cut.is_none() && filter.grade.is_none(),
        }
    }

    /// Each holder with a lot, in the order holders were first recorded, with its lots in
    /// the order they were first recorded.
    pub(crate) fn holders_with_lots(&self) -> impl Iterator<Item = (&HolderId, HolderLots<'_>)> {
        self.holders.iter().filter_map(move |(h, holder)| {
            let lots = self.holder_lots.get(h.get()).filter(|l| !l.is_empty())?;
            Some((
                holder,
                HolderLots {
                    store: self,
                    lots: lots.iter(),
                },
            ))
        })
    }

    /// The lot of `holder` and `platform`, if any entry is about it.
    pub(crate) fn lot(&self, holder: &HolderId, platform: &PlatformRef) -> Option<LotView<'_>> {
        let h = self.holders.get(holder)?;
        let p = self.platforms.get(platform)?;
        let lot = *self.lot_ids.get(&(h, p))?;
        Some(LotView { store: self, lot })
    }

    /// The lots of `holder`, in the order they were first recorded.
    pub(crate) fn lots_of(&self, holder: &HolderId) -> HolderLots<'_> {
        let lots = self
            .holders
            .get(holder)
            .and_then(|h| self.holder_lots.get(h.get()))
            .map_or(&[][..], Vec::as_slice);
        HolderLots {
            store: self,
            lots: lots.iter(),
        }
    }

    fn filter(&self, at: &AsOf) -> Filter {
        // A known-at time after the latest entry cuts nothing.
        let cut = at
            .known()
            .filter(|&r| self.times.last().is_none_or(|&last| r < last))
            .map(|r| self.times.partition_point(|t| *t <= r));
        Filter {
            upto: at
                .valid_date()
                .map_or(u64::MAX, |d| index::key(query_key(d), u32::MAX)),
            cut,
            grade: at.grade(),
        }
    }

    /// True when `rec` is seen through `filter` (its date is checked by the index).
    fn sees(&self, rec: &Record, filter: &Filter) -> bool {
        let known = |r: &Record| filter.cut.is_none_or(|c| r.recorded.get() < c);
        rec.retracts().is_none()
            && known(rec)
            && rec
                .retracted_by
                .is_none_or(|by| !known(self.records.get(by)))
            && filter
                .grade
                .is_none_or(|g| self.sources.value(rec.source).grade().meets(g))
    }
}

/// The lots of one holder ([`Store::lots_of`], [`Store::holders_with_lots`]), in the order
/// they were first recorded.
#[derive(Clone)]
pub(crate) struct HolderLots<'a> {
    store: &'a Store,
    lots: std::slice::Iter<'a, LotIx>,
}

impl<'a> Iterator for HolderLots<'a> {
    type Item = LotView<'a>;

    fn next(&mut self) -> Option<LotView<'a>> {
        let lot = *self.lots.next()?;
        Some(LotView {
            store: self.store,
            lot,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.lots.size_hint()
    }
}

impl ExactSizeIterator for HolderLots<'_> {}

impl<'a> HolderLots<'a> {
    /// Each remaining lot with its state through `scope` ([`LotView::state_in`]), in order.
    /// For the index's views the lots' states are read a few lots at a time
    /// ([`LotIndex::counts_at_each`](index::LotIndex::counts_at_each)), which is what
    /// all-holdings waits on.
    pub(crate) fn with_states(self, scope: &Scope, mut each: impl FnMut(LotView<'a>, Tally)) {
        let store = self.store;
        let lots = self.lots.as_slice();
        let view = |lot: LotIx| LotView { store, lot };
        if !scope.indexed {
            for &lot in lots {
                each(view(lot), view(lot).state_in(scope));
            }
            return;
        }
        index::LotIndex::counts_at_each(
            lots,
            |lot| &store.lots[lot.get()].index,
            scope.filter.upto,
            &store.records,
            |i, agg| each(view(lots[i]), Tally(*agg)),
        );
    }
}

impl<'a> LotView<'a> {
    /// `at`, worked out once for the `_in` reads of this lot or others
    /// ([`Store::scope`]).
    pub(crate) fn scope(&self, at: &AsOf) -> Scope {
        self.store.scope(at)
    }

    /// The lot's platform.
    pub(crate) fn platform(&self) -> &'a PlatformRef {
        let store = self.store;
        store.platforms.value(store.lots[self.lot.get()].platform)
    }

    /// The counts of the entries the view (`scope`, from [`Store::scope`]) sees: read from
    /// the index in O(log n) for the latest knowledge without a grade filter
    /// ([`LotIndex::counts_at`](index::LotIndex::counts_at)), folded from
    /// [`LotView::visible`] otherwise.
    pub(crate) fn state_in(&self, scope: &Scope) -> Tally {
        let store = self.store;
        if scope.indexed {
            return Tally(
                store.lots[self.lot.get()]
                    .index
                    .counts_at(scope.filter.upto, &store.records),
            );
        }
        let mut agg = Agg::IDENTITY;
        for entry in self.visible_by(scope.filter) {
            entry.fold_into(&mut agg);
        }
        Tally(agg)
    }

    /// The tally of every entry of the lot `at` sees, whatever the valid date of `at`:
    /// whether the lot's opening stock is unknown, and the least opening stock, are facts
    /// about the whole lot (a loss in 2022 says something of the stock in 2015).
    pub(crate) fn whole(&self, at: &AsOf) -> Tally {
        self.whole_in(&self.store.scope(at))
    }

    /// [`LotView::whole`] through a view worked out once (its date is not read).
    pub(crate) fn whole_in(&self, scope: &Scope) -> Tally {
        let store = self.store;
        if scope.indexed {
            return Tally(store.lots[self.lot.get()].index.root());
        }
        let mut agg = Agg::IDENTITY;
        for entry in self.visible_by(scope.any_date().filter) {
            entry.fold_into(&mut agg);
        }
        Tally(agg)
    }

    /// False when no entry of the lot `at` sees can say its opening stock is unknown, so
    /// [`LotView::whole`] is not open; true when one may. For the latest knowledge without a
    /// grade filter this is the index's open mark (`whole` is then the index's root). A view
    /// known at an earlier time, or filtered by grade, can see an `OpeningUnknown` entry the
    /// index no longer has (it was retracted since, and retracted entries have no effect in
    /// the index): then true, and `whole` folds what the view sees.
    pub(crate) fn may_be_open(&self, at: &AsOf) -> bool {
        self.may_be_open_in(&self.store.scope(&at.at_any_date()))
    }

    /// [`LotView::may_be_open`] through a view worked out once (its date is not read).
    pub(crate) fn may_be_open_in(&self, scope: &Scope) -> bool {
        !scope.indexed || self.store.lots[self.lot.get()].index.is_open()
    }

    /// The entries of the lot that `at` sees, in (effective, id) order: in effect by its
    /// valid date, recorded by its known-at time and not retracted as known then, from a
    /// source meeting its grade. A transfer shows in the lots of both holders.
    pub(crate) fn visible(&self, at: &AsOf) -> impl Iterator<Item = Visible<'a>> + use<'a> {
        self.visible_by(self.store.filter(at))
    }

    fn visible_by(&self, filter: Filter) -> impl Iterator<Item = Visible<'a>> + use<'a> {
        let (store, lot) = (self.store, self.lot);
        store.lots[lot.get()]
            .index
            .keys_upto(filter.upto)
            .filter_map(move |key| {
                let id = EntryIx::new(index::key_id(key) as usize)?;
                let rec = store.records.get(id);
                store.sees(rec, &filter).then_some(Visible {
                    store,
                    lot,
                    key,
                    id,
                    rec,
                })
            })
    }
}

/// An entry of a lot as a query sees it.
pub(crate) struct Visible<'a> {
    store: &'a Store,
    lot: LotIx,
    key: u64,
    id: EntryIx,
    rec: &'a Record,
}

impl Visible<'_> {
    /// When the entry is in effect from.
    pub(crate) fn effective(&self) -> EffectiveDate {
        self.rec.effective
    }

    /// What the entry records.
    pub(crate) fn change(&self) -> Change {
        self.store.decode(&self.rec.op)
    }

    /// The whole entry (its source, note and facts copied out: a query that needs only its
    /// id or holder reads [`Visible::id`] or [`Visible::own_holder`]).
    pub(crate) fn entry(&self) -> Entry {
        self.store.entry(self.id)
    }

    /// The entry's id.
    pub(crate) fn id(&self) -> EntryId {
        EntryId::new(self.id.get() as u64)
    }

    /// True when the entry was written by this lot's holder (its own lot is of the same
    /// holder): false for a transfer or capture seen from the receiving holder's lot.
    pub(crate) fn own_holder(&self) -> bool {
        let lots = &self.store.lots;
        lots[self.rec.lot.get()].holder == lots[self.lot.get()].holder
    }

    /// Adds the entry's effect on this lot's counts to `agg`; false when it changes none
    /// (requests, orders, observations, opening-unknown statements). Queries use
    /// [`Tally::fold`].
    fn fold_into(&self, agg: &mut Agg) -> bool {
        let effect = self.rec.effect(self.lot);
        agg.push(effect, self.key, &self.store.records);
        effect != Packed::NONE && effect != Packed::OPEN
    }
}
