//! Read-only views of the ledger: holdings, readiness, timelines, pipeline, provenance,
//! capacity, and their answer types.
//!
//! The top layer of the ledger (see the [module documentation](super)): every query reads
//! through the store's seam (`store/view.rs`) only: `Store::lot` or `Store::lots_of` for
//! lots, `LotView::state_in` for a lot's `Tally` at an [`AsOf`] (from the index: O(log n) for
//! the latest knowledge), and `LotView::visible` for the entries the view sees, as
//! [`Entry`]s or folded into a `Tally`. No query reads a record or the index, or matches on
//! the stored form of a change.

use crate::catalog::{PlatformKind, Spec};
use crate::holder::HolderId;
use crate::provenance::Grade;
use crate::units::Mass;

use super::Ledger;
use super::change::{Basis, Change, Count, PlatformRef};
use super::entry::{Entry, EntryId};
use super::store::{HolderLots, Scope, Tally};
use super::time::{AsOf, EffectiveDate, day_number};

pub use super::lot_state::{LotState, Possessed, Readiness};

/// What one holder holds: a [`LotState`] per platform.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Holdings {
    rows: Vec<(PlatformRef, LotState)>,
}

impl Holdings {
    /// Each platform with its state, in the order lots were first recorded.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (platform, count) in [("su-30mk2", 24), ("il-76td", 2)] {
    /// #     let change = Change::Delivered { count: Count::exact(count)?, into: Status::Unknown, supplier: None, condition: Default::default() };
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog(platform)?, EffectiveDate::year(2010)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // Illustrative: 24 Su-30MK2 and 2 Il-76TD delivered, status unknown.
    /// let holdings = ledger.holdings(&"VEN".parse()?, &AsOf::latest());
    /// let ids: Vec<String> = holdings.iter().map(|(p, _)| p.to_string()).collect();
    /// assert_eq!(ids.len(), 2);
    /// let total: u64 = holdings.iter().map(|(_, lot)| lot.in_service().value()).sum();
    /// assert_eq!(total, 26);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&PlatformRef, &LotState)> {
        self.rows.iter().map(|(p, s)| (p, s))
    }
    /// The state for one platform, if the holder has a non-empty lot of it.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (platform, count) in [("su-30mk2", 24), ("il-76td", 2)] {
    /// #     let change = Change::Delivered { count: Count::exact(count)?, into: Status::Unknown, supplier: None, condition: Default::default() };
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog(platform)?, EffectiveDate::year(2010)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // Illustrative: 24 Su-30MK2 and 2 Il-76TD delivered, status unknown.
    /// let holdings = ledger.holdings(&"VEN".parse()?, &AsOf::latest());
    /// let su30 = holdings.get(&PlatformRef::catalog("su-30mk2")?).expect("held");
    /// assert_eq!(su30.count(Status::Unknown).value(), 24);
    /// assert!(holdings.get(&PlatformRef::catalog("s-300vm")?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, platform: &PlatformRef) -> Option<&LotState> {
        self.rows
            .iter()
            .find(|(p, _)| p == platform)
            .map(|(_, s)| s)
    }
    /// The number of platforms.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (platform, count) in [("su-30mk2", 24), ("il-76td", 2)] {
    /// #     let change = Change::Delivered { count: Count::exact(count)?, into: Status::Unknown, supplier: None, condition: Default::default() };
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog(platform)?, EffectiveDate::year(2010)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // Illustrative: 24 Su-30MK2 and 2 Il-76TD delivered, status unknown.
    /// let holdings = ledger.holdings(&"VEN".parse()?, &AsOf::latest());
    /// assert_eq!(holdings.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    /// True when the holder holds nothing.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (platform, count) in [("su-30mk2", 24), ("il-76td", 2)] {
    /// #     let change = Change::Delivered { count: Count::exact(count)?, into: Status::Unknown, supplier: None, condition: Default::default() };
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog(platform)?, EffectiveDate::year(2010)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // Illustrative: 24 Su-30MK2 and 2 Il-76TD delivered, status unknown.
    /// let holdings = ledger.holdings(&"VEN".parse()?, &AsOf::latest());
    /// assert!(!holdings.is_empty());
    /// assert!(ledger.holdings(&"CHL".parse()?, &AsOf::latest()).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// One step of a lot's timeline: the state from the first day of `date` on, until the next
/// step.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineStep {
    /// The step's label: the effective date of the coarsest entry in effect from the step's
    /// first day that changes a count (of the coarsest entry of that day when none does).
    /// Its [`first_day`](EffectiveDate::first_day) is the day the step starts; its precision
    /// is how precisely the step's timing is known.
    pub date: EffectiveDate,
    /// The state at the end of that day (the [state at](Ledger::lot) every date from that day
    /// until the next step).
    pub state: LotState,
}

/// An open procurement item: a request or order not yet answered by an order or delivery.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineItem {
    /// The request or order.
    pub entry: Entry,
    /// Units still outstanding, when the item gave a count; how sure that is is
    /// [`outstanding_basis`](Self::outstanding_basis).
    pub outstanding: Option<u64>,
    /// The basis of [`outstanding`](Self::outstanding): the item's own count's basis. With
    /// [`AtLeast`](Basis::AtLeast) (an order known only as a lower bound, like a SIPRI deal
    /// summed from its delivered rows) `outstanding` is the least number still due, and an
    /// order whose known part is all delivered stays in the pipeline with `Some(0)`: at least
    /// N ordered, N delivered, the remainder unknown, never "complete".
    /// [`remainder`](Self::remainder) says which items are known to be open, and
    /// [`Pipeline`](super::Pipeline) splits them from those whose remainder is unknown.
    pub outstanding_basis: Basis,
}

/// Which entries stand behind a lot's state, and how well sourced they are.
#[derive(Clone, Debug, PartialEq)]
pub struct Provenance {
    /// Every visible entry of the lot in effect by the date, in (effective, id) order.
    pub entries: Vec<Entry>,
    /// The latest assessment among them: entries before it no longer shape the in-service
    /// counts (only the flows).
    pub last_assessment: Option<EntryId>,
}

impl Provenance {
    /// The weakest grade of the entries that move counts, taken per axis ([`Grade::weakest`]):
    /// the weakest source reliability among them with the weakest information credibility
    /// among them, which may come from different entries (`B4` and `C1` give `C4`). It is the
    /// strongest grade every such entry [meets](Grade::meets): a
    /// [`min_grade`](super::AsOf::min_grade) filter at it keeps them all. `None` when no
    /// entry moves counts.
    pub fn weakest_grade(&self) -> Option<Grade> {
        self.entries
            .iter()
            .filter(|e| e.change().moves_counts())
            .map(|e| e.source().grade())
            .reduce(Grade::weakest)
    }
}

/// Airlift capacity of a holder's transports, through the catalog's payload figures.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct Capacity {
    /// Combined maximum payload of mission-capable (operational or degraded) transports.
    pub mission_capable: Mass,
    /// Combined maximum payload of every transport in service, whatever its status.
    pub in_service: Mass,
    /// Combined maximum payload of the transports seen in each lot's latest observation
    /// ([`Change::Observed`](crate::ledger::Change::Observed) with a count), whether or not they
    /// are counted in service: the lift a sighting shows, per flight (an Il-76TD seen: up to
    /// about 50 t, whatever it carried).
    pub observed: Mass,
    /// Transports in service whose catalog entry gives no payload figure (not counted above).
    pub without_figure: u64,
    /// The weakest basis of the counts used.
    pub basis: Basis,
    /// The age in days of the oldest observation counted in [`observed`](Self::observed)
    /// ([`Observation::age_days`]); `None` when none is counted, or the view has no valid
    /// date.
    pub observed_oldest_days: Option<i64>,
}

/// A lot's latest observation at a view's date, and how old it is then
/// ([`Ledger::observations`]).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Observation {
    /// The [`Change::Observed`] entry.
    pub entry: Entry,
    /// Days from the first day of the entry's effective date ([`EffectiveDate::first_day`]) to the
    /// view's valid date: `33` for a sighting dated `2025-10` seen from 2025-11-03. For a
    /// date known to the month or year this is the most it can be. `None` for a view without
    /// a valid date ([`AsOf::latest`]), which is after every entry's date, not a day.
    pub age_days: Option<i64>,
}

impl Ledger {
    /// The state of one lot at the view's date.
    ///
    /// With no known-at time (or one after the latest entry) and no grade filter this reads
    /// the index in O(log n); otherwise it folds the lot's visible entries.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// ledger.append(at(
    ///     EffectiveDate::day(2015, 3, 1)?,
    ///     Change::StatusChanged { from: Status::Operational, to: Status::Degraded, count: Count::exact(1)? },
    /// ))?;
    /// let lot = ledger.lot(&ven, &su30, &AsOf::valid(jiff::civil::date(2016, 1, 1)));
    /// assert_eq!(lot.in_service(), Count::exact(4)?);
    /// assert_eq!(lot.count(Status::Degraded).value(), 1);
    /// assert_eq!(lot.delivered().value(), 4);
    /// // Before 2006, nothing.
    /// assert!(ledger.lot(&ven, &su30, &AsOf::valid(jiff::civil::date(2005, 6, 1))).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// See also [`Ledger`] and the [crate documentation](crate).
    pub fn lot(&self, holder: &HolderId, platform: &PlatformRef, at: &AsOf) -> LotState {
        self.store
            .lot(holder, platform)
            .map_or_else(LotState::default, |lot| LotState::of(&lot, at))
    }

    /// Everything `holder` holds at the view's date, one row per platform with a non-empty
    /// state.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// let held = ledger.holdings(&ven, &AsOf::latest());
    /// assert_eq!(held.len(), 1);
    /// assert_eq!(held.get(&su30).map(|state| state.in_service().value()), Some(4));
    /// assert!(ledger.holdings(&"COL".parse()?, &AsOf::latest()).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// See also the [crate documentation](crate).
    pub fn holdings(&self, holder: &HolderId, at: &AsOf) -> Holdings {
        holdings_of(self.store.lots_of(holder), &self.store.scope(at))
    }

    /// The holdings of every holder at the view's date.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// let all = ledger.all_holdings(&AsOf::valid(jiff::civil::date(2010, 1, 1)));
    /// assert_eq!(all.len(), 1);
    /// assert_eq!(all[0].0, ven);
    /// // Before the delivery's year nobody holds anything.
    /// assert!(ledger.all_holdings(&AsOf::valid(jiff::civil::date(2005, 1, 1))).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn all_holdings(&self, at: &AsOf) -> Vec<(HolderId, Holdings)> {
        // The view is worked out once, and each holder's lots are read from its row, not
        // looked up by its id.
        let scope = self.store.scope(at);
        let mut all = Vec::new();
        for (holder, lots) in self.store.holders_with_lots() {
            let holdings = holdings_of(lots, &scope);
            if !holdings.is_empty() {
                all.push((holder.clone(), holdings));
            }
        }
        all
    }

    /// Readiness of one lot at the view's date.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// let to_maintenance = Change::StatusChanged {
    ///     from: Status::Operational,
    ///     to: Status::NonOperationalMaintenance,
    ///     count: Count::exact(1)?,
    /// };
    /// ledger.append(at(EffectiveDate::year(2010)?, to_maintenance))?;
    /// let r = ledger.readiness(&ven, &su30, &AsOf::latest());
    /// assert_eq!((r.mission_capable(), r.possessed()), (3, 4));
    /// assert_eq!(r.rate(), Some(0.75));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn readiness(&self, holder: &HolderId, platform: &PlatformRef, at: &AsOf) -> Readiness {
        self.lot(holder, platform, at).readiness()
    }

    /// The lot's states at dates as a step function of valid time, up to the view's date: one
    /// step per first day (the day an entry is in effect from) with the state at the end of
    /// that day; a day that leaves the state as the previous step has it makes no step.
    ///
    /// Entries dated `2013`, `2013-01` and `2013-01-01` are all in effect from 2013-01-01 and
    /// make one step; the values between them (which may be negative) are no state at any
    /// date and do not show. Each step equals [`Ledger::lot`] on every date from its first day
    /// until the day before the next step, so without a filter every step is
    /// [consistent](LotState::is_consistent).
    ///
    /// A step is labelled by the effective date of its coarsest entry that changes a count
    /// (deliveries, status changes, assessments, losses, ...; not requests, orders or
    /// observations), or of its coarsest entry when none does: a year-only history reads
    /// `2013`, not `2013-01-01`, and a step is never labelled more precisely than its least
    /// precise entry is known. An order dated `2013` next to a delivery dated `2013-01` gives
    /// the step `2013-01`. An on-or-before date (`<=2022-03-19`) sorts last on its day, so it
    /// labels a step only when no entry dated by year, month or that exact day changes a count
    /// on the same day.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// # use materiel::ledger::LossCause;
    /// ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// let loss = Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed };
    /// ledger.append(at(EffectiveDate::day(2015, 9, 17)?, loss))?;
    /// let steps: Vec<(String, u64)> = ledger
    ///     .timeline(&ven, &su30, &AsOf::latest())
    ///     .iter()
    ///     .map(|step| (step.date.to_string(), step.state.in_service().value()))
    ///     .collect();
    /// assert_eq!(steps, [("2006".to_owned(), 4), ("2015-09-17".to_owned(), 3)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// See also `examples/readiness_timeline.rs`.
    pub fn timeline(
        &self,
        holder: &HolderId,
        platform: &PlatformRef,
        at: &AsOf,
    ) -> Vec<TimelineStep> {
        let Some(lot) = self.store.lot(holder, platform) else {
            return Vec::new();
        };
        let mut steps: Vec<TimelineStep> = Vec::new();
        let whole = lot.whole(at);
        let mut tally = Tally::EMPTY;
        // The current day's label, and whether its entry changes a count.
        let mut current: Option<(EffectiveDate, bool)> = None;
        for entry in lot.visible(at) {
            let date = entry.effective();
            let same_day = current.is_some_and(|(d, _)| d.first_day() == date.first_day());
            if !same_day && let Some((label, _)) = current.take() {
                steps.push(TimelineStep {
                    date: label,
                    state: LotState::from_tally(&tally, &whole),
                });
            }
            let moves = tally.fold(&entry);
            current = match current {
                // Entries of a day come coarsest first: keep the first that moves a count.
                Some((_, false)) if moves => Some((date, true)),
                Some(kept) => Some(kept),
                None => Some((date, moves)),
            };
        }
        if let Some((date, _)) = current {
            steps.push(TimelineStep {
                date,
                state: LotState::from_tally(&tally, &whole),
            });
        }
        steps.dedup_by(|b, a| a.state == b.state);
        steps
    }

    /// Open requests and orders of `holder` at the view's date.
    ///
    /// Within each lot, entries are matched in (effective, id) order: an order answers earlier
    /// open requests (first in, first out, by count; a request without a count is answered
    /// whole); a delivery answers open orders, then open requests, the same way. Whatever is
    /// left open is in the pipeline, including orders known only as lower bounds whose known
    /// part is delivered: their [remainder](PipelineItem::remainder) is unknown, and
    /// [`Pipeline::from`](super::Pipeline) sets them apart from the items known to be open.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// let rus: HolderId = "RUS".parse()?;
    /// let order = Change::Ordered { count: Count::exact(4)?, supplier: Some(rus.clone()), condition: Default::default() };
    /// let delivery = Change::Delivered {
    ///     count: Count::exact(1)?,
    ///     into: Status::Operational,
    ///     supplier: Some(rus),
    ///     condition: Default::default(),
    /// };
    /// ledger.append(at(EffectiveDate::year(2005)?, order))?;
    /// ledger.append(at(EffectiveDate::year(2006)?, delivery))?;
    /// let open = ledger.pipeline(&ven, &AsOf::latest());
    /// assert_eq!(open.len(), 1);
    /// assert_eq!(open[0].entry.change().name(), "ordered");
    /// assert_eq!(open[0].outstanding, Some(3));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pipeline(&self, holder: &HolderId, at: &AsOf) -> Vec<PipelineItem> {
        let mut out = Vec::new();
        for lot in self.store.lots_of(holder) {
            // (entry, is_order, outstanding, basis)
            let mut open: Vec<(Entry, bool, Option<u64>, Basis)> = Vec::new();
            for visible in lot.visible(at) {
                match visible.change() {
                    Change::Requested { count, .. } => {
                        let basis = count.map_or(Basis::Exact, Count::basis);
                        open.push((visible.entry(), false, count.map(Count::value), basis));
                    }
                    Change::Ordered { count, .. } => {
                        answer(&mut open, count.value(), |is_order| !is_order);
                        open.push((visible.entry(), true, Some(count.value()), count.basis()));
                    }
                    Change::Delivered { count, .. } => {
                        let left = answer(&mut open, count.value(), |is_order| is_order);
                        answer(&mut open, left, |is_order| !is_order);
                    }
                    Change::StatusChanged { .. }
                    | Change::Assessed { .. }
                    | Change::Lost { .. }
                    | Change::Retired { .. }
                    | Change::Expended { .. }
                    | Change::Transferred { .. }
                    | Change::Observed { .. }
                    | Change::OpeningUnknown
                    | Change::Claimed { .. }
                    | Change::Resolved { .. }
                    | Change::Retracted { .. } => {}
                }
            }
            out.extend(
                open.into_iter()
                    .map(|(entry, _, outstanding, outstanding_basis)| PipelineItem {
                        entry,
                        outstanding,
                        outstanding_basis,
                    }),
            );
        }
        out.sort_by_key(|p| (p.entry.effective(), p.entry.id()));
        out
    }

    /// The entries behind one lot's state at the view's date.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// // A toy ledger (illustrative figures): `at(date, change)` is an entry about VEN's Su-30MK2s.
    /// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
    /// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// let first = ledger.append(at(EffectiveDate::year(2006)?, four))?;
    /// let rumour = Source::new("a rumour", "D4".parse()?)?;
    /// let assessed = Change::Assessed { breakdown: vec![(Status::Operational, Count::exact(3)?)] };
    /// ledger.append(NewEntry::new(ven.clone(), su30.clone(), EffectiveDate::year(2012)?, assessed, rumour, t))?;
    /// let behind = ledger.provenance(&ven, &su30, &AsOf::latest());
    /// assert_eq!(behind.entries.len(), 2);
    /// assert_eq!(behind.entries[0].id(), first);
    /// assert_eq!(behind.last_assessment, Some(behind.entries[1].id()));
    /// assert_eq!(behind.weakest_grade(), Some("D4".parse::<Grade>()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn provenance(&self, holder: &HolderId, platform: &PlatformRef, at: &AsOf) -> Provenance {
        let entries: Vec<Entry> = self
            .store
            .lot(holder, platform)
            .into_iter()
            .flat_map(|lot| lot.visible(at))
            .map(|visible| visible.entry())
            .collect();
        let last_assessment = entries
            .iter()
            .rev()
            .find(|e| matches!(e.change(), Change::Assessed { .. }))
            .map(|e| e.id());
        Provenance {
            entries,
            last_assessment,
        }
    }

    /// Airlift capacity of `holder`'s transports at the view's date: the catalog's maximum
    /// payload times the units in service (and mission capable), and the lift of the
    /// transports [observed](Self::observations) within the view's
    /// [observation window](AsOf::observed_within).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, HolderId, Ledger, NewEntry, PlatformRef, Source, Status};
    /// use uom::si::mass::ton;
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let ven: HolderId = "VEN".parse()?;
    /// // Illustrative counts: two Il-76TD in service, one of them in maintenance.
    /// let breakdown = vec![
    ///     (Status::Operational, Count::exact(1)?),
    ///     (Status::NonOperationalMaintenance, Count::exact(1)?),
    /// ];
    /// ledger.append(NewEntry::new(
    ///     ven.clone(),
    ///     PlatformRef::catalog("il-76td")?,
    ///     EffectiveDate::year(2010)?,
    ///     Change::Assessed { breakdown },
    ///     Source::new("a report", "B2".parse()?)?,
    ///     "2025-01-01T00:00:00Z".parse()?,
    /// ))?;
    /// let lift = ledger.capacity(&ven, &AsOf::latest());
    /// // The reference catalog gives the Il-76TD a maximum payload of 50 t.
    /// assert_eq!(lift.in_service.get::<ton>(), 100.0);
    /// assert_eq!(lift.mission_capable.get::<ton>(), 50.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// See also `examples/venezuela_2025.rs`.
    pub fn capacity(&self, holder: &HolderId, at: &AsOf) -> Capacity {
        let mut cap = Capacity {
            mission_capable: Mass::default(),
            in_service: Mass::default(),
            observed: Mass::default(),
            without_figure: 0,
            basis: Basis::Exact,
            observed_oldest_days: None,
        };
        for (platform, state) in self.holdings(holder, at).iter() {
            match self.payload(platform) {
                None => {}
                Some(None) => cap.without_figure += state.in_service().value(),
                Some(Some(payload)) => {
                    cap.mission_capable += payload * state.mission_capable().value() as f64;
                    cap.in_service += payload * state.in_service().value() as f64;
                    cap.basis = cap.basis.join(state.in_service().basis());
                }
            }
        }
        for seen in self.observations(holder, at) {
            if let (Some(Some(payload)), Change::Observed { count: Some(n), .. }) =
                (self.payload(seen.entry.platform()), seen.entry.change())
            {
                cap.observed += payload * n.value() as f64;
                cap.observed_oldest_days = cap.observed_oldest_days.max(seen.age_days);
            }
        }
        cap
    }

    /// `None` for equipment that is not a transport; `Some(None)` for a transport whose
    /// catalog entry gives no payload figure (or gives it only as a range).
    fn payload(&self, platform: &PlatformRef) -> Option<Option<Mass>> {
        let kind = match platform {
            PlatformRef::Generic(g) => g.kind(),
            PlatformRef::Catalog(id) => match self.catalog.get(id)?.spec() {
                Spec::Transport(t) => return Some(t.max_payload().and_then(|f| f.value())),
                spec => spec.kind(),
            },
        };
        match kind {
            PlatformKind::Transport => Some(None),
            PlatformKind::Aircraft
            | PlatformKind::SamSystem
            | PlatformKind::Missile
            | PlatformKind::Generic
            | PlatformKind::ArmouredVehicle
            | PlatformKind::Artillery
            | PlatformKind::Helicopter
            | PlatformKind::Uav
            | PlatformKind::Ship => None,
        }
    }

    /// The latest observation of each of `holder`'s lots at the view's date: sightings and
    /// mentions that change no count ("two Il-76 arrived", "the army has S-300VM"), in lot
    /// order, each with its age. Lots with only observations have no holdings, so this is
    /// where they show.
    ///
    /// An observation is evidence about its date: at a valid date D, a lot's latest
    /// observation counts only when its [age](Observation::age_days) (from the first day of
    /// its date to D) is at most the view's
    /// [observation window](AsOf::observation_window) (365 days unless set with
    /// [`AsOf::observed_within`]); an older one is left out, not replaced by an even older
    /// one. A view without a valid date ([`AsOf::latest`]) has no day to measure from: it
    /// keeps each lot's latest observation, with no age.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source};
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let carrier: materiel::HolderId = "zicotrans".parse()?;
    /// ledger.append(NewEntry::new(
    ///     carrier.clone(),
    ///     PlatformRef::catalog("il-76td")?,
    ///     EffectiveDate::month(2025, 10)?,
    ///     Change::Observed { count: Some(Count::exact(2)?), status: None },
    ///     Source::new("news report", "C2".parse()?)?,
    ///     "2025-11-01T00:00:00Z".parse()?,
    /// ).with_note("arrived in Caracas; cargo not disclosed"))?;
    /// assert!(ledger.holdings(&carrier, &AsOf::latest()).is_empty());
    /// let seen = ledger.observations(&carrier, &AsOf::valid(jiff::civil::date(2025, 11, 3)));
    /// assert_eq!(seen[0].age_days, Some(33)); // from 2025-10-01
    /// let lift = ledger.capacity(&carrier, &AsOf::latest()).observed;
    /// assert_eq!(lift.get::<uom::si::mass::ton>(), 100.0);
    /// // Two years on, the sighting is no evidence of lift.
    /// let later = AsOf::valid(jiff::civil::date(2027, 11, 1));
    /// assert!(ledger.observations(&carrier, &later).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn observations(&self, holder: &HolderId, at: &AsOf) -> Vec<Observation> {
        let window = i64::from(at.observation_window());
        self.store
            .lots_of(holder)
            .filter_map(|lot| {
                let entry = lot
                    .visible(at)
                    .filter(|visible| matches!(visible.change(), Change::Observed { .. }))
                    .last()?
                    .entry();
                let age_days = at.valid_date().map(|d| {
                    i64::from(day_number(d)) - i64::from(day_number(entry.effective().first_day()))
                });
                match age_days {
                    Some(age) if age > window => None,
                    _ => Some(Observation { entry, age_days }),
                }
            })
            .collect()
    }
}

/// Answers open items accepted by `wanted` with `amount` units, first in first out; returns
/// what is left of `amount`. A lower bound ([`Basis::AtLeast`]) answered in full stays open
/// (its remainder is unknown) and takes no more.
fn answer<T>(
    open: &mut Vec<(T, bool, Option<u64>, Basis)>,
    mut amount: u64,
    wanted: impl Fn(bool) -> bool,
) -> u64 {
    let mut i = 0;
    while i < open.len() && amount > 0 {
        let (_, is_order, outstanding, basis) = &mut open[i];
        if !wanted(*is_order) || (*outstanding == Some(0) && *basis == Basis::AtLeast) {
            i += 1;
            continue;
        }
        match outstanding {
            None => {
                open.remove(i);
            }
            Some(n) => {
                let used = (*n).min(amount);
                *n -= used;
                amount -= used;
                if *n == 0 && *basis != Basis::AtLeast {
                    open.remove(i);
                } else {
                    i += 1;
                }
            }
        }
    }
    amount
}

/// The non-empty states of `lots` through `scope`, in order. The rows are allocated once, at
/// the first non-empty lot, for every lot left.
fn holdings_of(lots: HolderLots<'_>, scope: &Scope) -> Holdings {
    let mut rows = Vec::new();
    let mut left = lots.len();
    lots.with_states(scope, |lot, tally| {
        let state = LotState::in_scope_from(&lot, scope, tally);
        if !state.is_empty() {
            if rows.is_empty() {
                rows.reserve_exact(left);
            }
            rows.push((lot.platform().clone(), state));
        }
        left -= 1;
    });
    Holdings { rows }
}
