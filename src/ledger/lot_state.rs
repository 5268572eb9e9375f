//! The state of one lot at a date ([`LotState`]) and the readiness read from it
//! ([`Readiness`], [`Possessed`]): the answer types of [`Ledger::lot`](super::Ledger::lot)
//! and [`Ledger::readiness`](super::Ledger::readiness), built from the store's `Tally`.

use std::fmt;

use super::change::{Basis, Count, Status};
use super::store::{LotView, Scope, Tally};
use super::time::AsOf;

/// The state of one lot (holder x platform) at a date: units in service by status, and the
/// flows that brought them in and took them out, each with its [`Basis`].
///
/// Conservation: `in service = delivered + transferred in + captured in - lost - retired -
/// expended - transferred out + adjustment`, where the adjustment is what assessments
/// (absolute counts from reports) added or removed beyond the recorded flows.
///
/// # Example
///
/// ```
/// use materiel::ledger::LotState;
/// use materiel::Status;
/// let empty = LotState::default();
/// assert_eq!(empty.count(Status::Operational).value(), 0);
/// assert!(empty.is_empty());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LotState {
    pub(super) statuses: [Count; 7],
    /// Indexed by the `flow` constants.
    pub(super) flows: [Count; flow::COUNT],
    pub(super) adjustment: i64,
    pub(super) consistent: bool,
    pub(super) baseline_known: bool,
    /// The fewest captured units the lot still holds: the units captured in less every unit
    /// removed since, or zero once an assessment is in effect (it restates the counts
    /// without saying whose units they are). See [`CapturedHeld`](super::CapturedHeld).
    pub(super) captured_floor: u64,
}

/// Where each flow is in [`LotState`]'s `flows`.
mod flow {
    pub(super) const DELIVERED: usize = 0;
    pub(super) const TRANSFERRED_IN: usize = 1;
    pub(super) const LOST: usize = 2;
    pub(super) const RETIRED: usize = 3;
    pub(super) const EXPENDED: usize = 4;
    pub(super) const TRANSFERRED_OUT: usize = 5;
    pub(super) const CAPTURED_IN: usize = 6;
    pub(super) const COUNT: usize = 7;
}

impl Default for LotState {
    fn default() -> Self {
        Self::from_tally(&Tally::EMPTY, &Tally::EMPTY)
    }
}

impl LotState {
    /// The state from `tally`, the counts of the entries in effect at the date, and
    /// `whole`, those of every entry of the lot the same view sees, at any date (it says
    /// whether the lot's opening stock is unknown, and how much it must at least have been).
    pub(crate) fn from_tally(tally: &Tally, whole: &Tally) -> Self {
        let mut consistent = true;
        let mut statuses = [Count::ZERO; 7];
        // Before an open lot's baseline, counts are relative to an unknown opening stock:
        // each status is at least its relative count plus the least opening stock.
        let baseline_known = !whole.opening_unknown() || tally.assessed();
        let mut in_service: i64 = 0;
        for s in Status::ALL {
            let (mut v, mut basis) = tally.status(s);
            if !baseline_known {
                v += whole.opening_floor(s);
                basis = basis.join(Basis::AtLeast);
            }
            if v < 0 {
                consistent = false;
            }
            in_service += v;
            statuses[s.index()] = Count::total(v.max(0) as u64, basis);
        }
        let mut raw = [(0, Basis::Exact); flow::COUNT];
        raw[flow::DELIVERED] = tally.delivered();
        raw[flow::TRANSFERRED_IN] = tally.transferred_in();
        raw[flow::LOST] = tally.lost();
        raw[flow::RETIRED] = tally.retired();
        raw[flow::EXPENDED] = tally.expended();
        raw[flow::TRANSFERRED_OUT] = tally.transferred_out();
        raw[flow::CAPTURED_IN] = tally.captured_in();
        let flows = raw.map(|(v, basis)| Count::total(v.max(0) as u64, basis));
        let v = |f: usize| raw[f].0;
        let net: i64 = v(flow::DELIVERED) + v(flow::TRANSFERRED_IN) + v(flow::CAPTURED_IN)
            - v(flow::LOST)
            - v(flow::RETIRED)
            - v(flow::EXPENDED)
            - v(flow::TRANSFERRED_OUT);
        let captured_floor = if tally.assessed() {
            0
        } else {
            let removed = [
                flow::LOST,
                flow::RETIRED,
                flow::EXPENDED,
                flow::TRANSFERRED_OUT,
            ]
            .iter()
            .fold(0u64, |acc, &f| acc.saturating_add(flows[f].value()));
            let held: u64 = statuses.iter().map(|c| c.value()).sum();
            flows[flow::CAPTURED_IN]
                .value()
                .saturating_sub(removed)
                .min(held)
        };
        Self {
            statuses,
            flows,
            adjustment: in_service - net,
            consistent,
            baseline_known,
            captured_floor,
        }
    }

    /// The state of `lot` at the view's date: [`LotState::from_tally`] of its state and,
    /// when that can change the answer, its whole (the whole lot's tally matters only for a
    /// lot whose opening stock is unknown and before any assessment is in effect). Skipping
    /// the whole elsewhere saves `lot_as_of` at 10^6 about 1,070 of its 5,530 instructions
    /// per query under callgrind (two full compositions for the lot's root, on almost every
    /// lot; with the index's counts-only prefix, 2,600 remain).
    pub(crate) fn of(lot: &LotView<'_>, at: &AsOf) -> Self {
        Self::in_scope(lot, &lot.scope(at))
    }

    /// [`LotState::of`] through a view worked out once, for queries over many lots.
    pub(crate) fn in_scope(lot: &LotView<'_>, scope: &Scope) -> Self {
        Self::in_scope_from(lot, scope, lot.state_in(scope))
    }

    /// [`LotState::in_scope`] from the lot's state through `scope`, already read
    /// ([`LotView::state_in`], or many lots' at once: `HolderLots::with_states`).
    pub(crate) fn in_scope_from(lot: &LotView<'_>, scope: &Scope, tally: Tally) -> Self {
        if tally.assessed() || !lot.may_be_open_in(scope) {
            // `baseline_known` holds whatever the whole says: it is not read.
            return Self::from_tally(&tally, &Tally::EMPTY);
        }
        Self::from_tally(&tally, &lot.whole_in(scope))
    }

    /// False when the lot's opening stock is unknown
    /// ([`Change::OpeningUnknown`](super::Change::OpeningUnknown)) and no assessment is in
    /// effect at the date yet: every status count (and so [`in_service`](Self::in_service))
    /// is then a lower bound, with basis [`AtLeast`](Basis::AtLeast) or weaker: the recorded
    /// flows plus the least opening stock the lot's removals imply. True otherwise.
    ///
    /// ```
    /// use materiel::ledger::LotState;
    /// assert!(LotState::default().baseline_known());
    /// ```
    pub fn baseline_known(&self) -> bool {
        self.baseline_known
    }

    /// Units in `status`.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert_eq!(lot.count(Status::Operational).value(), 19);
    /// assert_eq!(lot.count(Status::NonOperationalSupply).value(), 4);
    /// assert_eq!(lot.count(Status::Stored).value(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn count(&self, status: Status) -> Count {
        self.statuses[status.index()]
    }

    fn sum(counts: impl Iterator<Item = Count>) -> Count {
        counts.fold(Count::ZERO, |acc, c| {
            Count::total(acc.value() + c.value(), acc.basis().join(c.basis()))
        })
    }

    /// Units in service, all statuses together, with the weakest basis of any status.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert_eq!(lot.in_service(), Count::exact(23)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn in_service(&self) -> Count {
        Self::sum(self.statuses.iter().copied())
    }

    /// Operational plus degraded units (FMC + PMC).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert_eq!(lot.mission_capable().value(), 19);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn mission_capable(&self) -> Count {
        Self::sum(
            Status::ALL
                .iter()
                .filter(|s| s.is_mission_capable())
                .map(|s| self.count(*s)),
        )
    }

    /// Units delivered, in total, up to the date.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert_eq!(lot.delivered().value(), 24);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn delivered(&self) -> Count {
        self.flows[flow::DELIVERED]
    }
    /// Units received from other holders.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert_eq!(lot.transferred_in().value(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn transferred_in(&self) -> Count {
        self.flows[flow::TRANSFERRED_IN]
    }
    /// Units taken from other holders: captures by this lot's holder
    /// ([`LossCause::Captured`](super::LossCause::Captured) naming it as captor), which enter
    /// in status [`Unknown`](Status::Unknown). Kept apart from
    /// [`transferred_in`](Self::transferred_in): a capture is not a hand-over.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert_eq!(lot.captured_in().value(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn captured_in(&self) -> Count {
        self.flows[flow::CAPTURED_IN]
    }
    /// How many of the units in service were captured from other holders ("of which
    /// captured"): a range, since later losses do not say whose units they were. See
    /// [`CapturedHeld`](super::CapturedHeld), whose example is Ukraine's T-80BV.
    ///
    /// ```
    /// use materiel::ledger::LotState;
    /// assert!(LotState::default().captured_held().is_none());
    /// ```
    pub fn captured_held(&self) -> super::CapturedHeld {
        super::CapturedHeld::of(self)
    }
    /// Units lost (destroyed, damaged, abandoned, captured).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert_eq!(lot.lost().value(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lost(&self) -> Count {
        self.flows[flow::LOST]
    }
    /// Units retired.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert_eq!(lot.retired().value(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn retired(&self) -> Count {
        self.flows[flow::RETIRED]
    }
    /// Munitions expended.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert_eq!(lot.expended().value(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expended(&self) -> Count {
        self.flows[flow::EXPENDED]
    }
    /// Units handed to other holders.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert_eq!(lot.transferred_out().value(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn transferred_out(&self) -> Count {
        self.flows[flow::TRANSFERRED_OUT]
    }
    /// What assessments changed beyond the recorded flows (positive: more found in service
    /// than deliveries explain).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// // Deliveries minus the loss explain the 23 in service: no assessment adjusted them.
    /// assert_eq!(lot.adjustment(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn adjustment(&self) -> i64 {
        self.adjustment
    }

    /// The readiness figures of the lot, stored units not counted as possessed
    /// ([`Possessed::ExcludingStored`], the default; see [`Readiness`]).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// let r = lot.readiness();
    /// assert_eq!((r.mission_capable(), r.possessed()), (19, 23));
    /// assert_eq!(r.rate(), Some(19.0 / 23.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn readiness(&self) -> Readiness {
        self.readiness_with(Possessed::default())
    }

    /// The readiness figures of the lot, with the denominator chosen by `possessed`.
    ///
    /// ```
    /// use materiel::ledger::{LotState, Possessed};
    /// let empty = LotState::default();
    /// assert_eq!(empty.readiness_with(Possessed::IncludingStored).possessed(), 0);
    /// ```
    pub fn readiness_with(&self, possessed: Possessed) -> Readiness {
        let stored = self.count(Status::Stored).value();
        let in_service = self.in_service().value();
        let readiness = Readiness::new(
            self.mission_capable().value(),
            in_service,
            self.count(Status::Unknown).value(),
        );
        match possessed {
            Possessed::ExcludingStored => Readiness {
                possessed: in_service - stored,
                stored_excluded: stored,
                ..readiness
            },
            Possessed::IncludingStored => readiness,
        }
    }

    /// The statuses with units in them, and their counts, in [`Status::ALL`] order.
    ///
    /// ```
    /// use materiel::ledger::LotState;
    /// use materiel::Status;
    /// assert_eq!(LotState::default().by_status().count(), 0);
    /// ```
    pub fn by_status(&self) -> impl Iterator<Item = (Status, Count)> + '_ {
        Status::ALL
            .into_iter()
            .map(|s| (s, self.count(s)))
            .filter(|(_, c)| c.value() > 0)
    }

    /// False when a grade-filtered view dropped an entry that later ones depend on, so that
    /// some count had to be clamped at zero. Always true for unfiltered views.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert!(lot.is_consistent());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_consistent(&self) -> bool {
        self.consistent
    }

    /// True when nothing is in service and no flow was recorded.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # use materiel::ledger::LossCause;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let source = Source::new("illustrative figures", "B2".parse()?)?;
    /// # for (year, change) in [
    /// #     (2006, Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: Some("RUS".parse()?), condition: Default::default() }),
    /// #     (2015, Change::StatusChanged { from: Status::Operational, to: Status::NonOperationalSupply, count: Count::exact(4)? }),
    /// #     (2018, Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: LossCause::Destroyed }),
    /// # ] {
    /// #     ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?, change, source.clone(), "2025-01-01T00:00:00Z".parse()?))?;
    /// # }
    /// // An illustrative lot: 24 delivered in 2006, 4 grounded for spares in 2015, 1 lost in 2018.
    /// let lot = ledger.lot(&"VEN".parse()?, &PlatformRef::catalog("su-30mk2")?, &AsOf::latest());
    /// assert!(!lot.is_empty());
    /// assert!(materiel::ledger::LotState::default().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.in_service().value() == 0 && self.flows.iter().all(|f| f.value() == 0)
    }
}

/// Which units a [`Readiness`] counts as *possessed*: its denominator.
///
/// AFI 21-103 computes the mission-capable rate over the aircraft a unit possesses; aircraft
/// in storage are not possessed by a flying unit and are left out, so a fleet does not look
/// less ready for having reserves in store. The ledger follows it by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Possessed {
    /// Every status but [`Stored`](Status::Stored): operational, degraded, the three
    /// not-mission-capable statuses and [`Unknown`](Status::Unknown) (held, condition not
    /// known: the bounds cover it). The default.
    #[default]
    ExcludingStored,
    /// Every unit in service, stored ones included (counted as not mission capable): for
    /// sources that do not separate the reserve, or to compare with a rate computed so.
    IncludingStored,
}

/// Readiness of a fleet: mission-capable rate, after AFI 21-103.
///
/// The rate is (operational + degraded) / possessed. *Possessed* units are the units in
/// service except those in [store](Status::Stored) ([`Possessed::ExcludingStored`], the
/// default of [`LotState::readiness`] and [`Ledger::readiness`](super::Ledger::readiness)); stored units are reported
/// apart ([`stored_excluded`](Self::stored_excluded)).
/// [`LotState::readiness_with`]`(`[`Possessed::IncludingStored`]`)` counts them as possessed
/// and not mission capable. Units of unknown status make the rate uncertain, so three figures
/// are given: [`rate`](Self::rate) over possessed units of known status, and the
/// [`lower`](Self::lower) and [`upper`](Self::upper) bounds if every unknown unit were down or
/// up.
///
/// # Example
///
/// ```
/// use materiel::ledger::Readiness;
/// let r = Readiness::new(6, 24, 12);
/// assert_eq!(r.rate(), Some(0.5));
/// assert_eq!(r.lower(), Some(0.25));
/// assert_eq!(r.upper(), Some(0.75));
/// assert_eq!(Readiness::new(0, 24, 24).rate(), None);
/// // 4 more in store: not possessed, not in the rate.
/// let r = r.with_stored_excluded(4);
/// assert_eq!((r.possessed(), r.in_service(), r.rate()), (24, 28, Some(0.5)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Readiness {
    mission_capable: u64,
    possessed: u64,
    unknown: u64,
    stored_excluded: u64,
}

impl Readiness {
    /// Figures from counts: mission capable, possessed, of unknown status (no stored units
    /// left out).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Readiness;
    /// // 2 operational, 24 of unknown status, 26 possessed.
    /// let r = Readiness::new(2, 26, 24);
    /// assert_eq!(r.rate(), Some(1.0));
    /// ```
    pub fn new(mission_capable: u64, possessed: u64, unknown: u64) -> Self {
        Self {
            mission_capable,
            possessed,
            unknown,
            stored_excluded: 0,
        }
    }
    /// The same figures with `stored` units in store left out of the denominator.
    #[must_use]
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Readiness;
    /// let r = Readiness::new(2, 26, 24).with_stored_excluded(4);
    /// assert_eq!((r.possessed(), r.stored_excluded(), r.in_service()), (26, 4, 30));
    /// ```
    pub fn with_stored_excluded(self, stored: u64) -> Self {
        Self {
            stored_excluded: stored,
            ..self
        }
    }
    /// Operational plus degraded units.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Readiness;
    /// assert_eq!(Readiness::new(2, 26, 24).mission_capable(), 2);
    /// ```
    pub fn mission_capable(&self) -> u64 {
        self.mission_capable
    }
    /// Possessed units: the denominator.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Readiness;
    /// assert_eq!(Readiness::new(2, 26, 24).possessed(), 26);
    /// ```
    pub fn possessed(&self) -> u64 {
        self.possessed
    }
    /// Stored units left out of the denominator (zero when they are counted as possessed).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Readiness;
    /// assert_eq!(Readiness::new(2, 26, 24).stored_excluded(), 0);
    /// assert_eq!(Readiness::new(2, 26, 24).with_stored_excluded(4).stored_excluded(), 4);
    /// ```
    pub fn stored_excluded(&self) -> u64 {
        self.stored_excluded
    }
    /// Units in service: possessed plus stored units left out.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Readiness;
    /// assert_eq!(Readiness::new(2, 26, 24).with_stored_excluded(4).in_service(), 30);
    /// ```
    pub fn in_service(&self) -> u64 {
        self.possessed + self.stored_excluded
    }
    /// Units of unknown status.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Readiness;
    /// assert_eq!(Readiness::new(2, 26, 24).unknown(), 24);
    /// ```
    pub fn unknown(&self) -> u64 {
        self.unknown
    }
    /// Mission-capable rate over possessed units of known status; `None` when no status is
    /// known.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Readiness;
    /// // 100% of the 2 of known status: quote the bounds when most are unknown.
    /// assert_eq!(Readiness::new(2, 26, 24).rate(), Some(1.0));
    /// assert_eq!(Readiness::new(0, 24, 24).rate(), None);
    /// ```
    pub fn rate(&self) -> Option<f64> {
        let known = self.possessed.saturating_sub(self.unknown);
        (known > 0).then(|| self.mission_capable as f64 / known as f64)
    }
    /// The rate if every unit of unknown status were down; `None` when nothing is possessed.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Readiness;
    /// assert_eq!(Readiness::new(2, 26, 24).lower(), Some(2.0 / 26.0));
    /// assert_eq!(Readiness::new(0, 0, 0).lower(), None);
    /// ```
    pub fn lower(&self) -> Option<f64> {
        (self.possessed > 0).then(|| self.mission_capable as f64 / self.possessed as f64)
    }
    /// The rate if every unit of unknown status were up; `None` when nothing is possessed.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Readiness;
    /// assert_eq!(Readiness::new(2, 26, 24).upper(), Some(1.0));
    /// ```
    pub fn upper(&self) -> Option<f64> {
        (self.possessed > 0)
            .then(|| (self.mission_capable as f64 + self.unknown as f64) / self.possessed as f64)
    }
}

impl fmt::Display for Readiness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |x: Option<f64>| x.map_or("n/a".to_owned(), |x| format!("{:.0}%", x * 100.0));
        write!(
            f,
            "{}/{} mission capable, {} unknown",
            self.mission_capable, self.possessed, self.unknown
        )?;
        if self.stored_excluded > 0 {
            write!(f, ", {} stored not counted", self.stored_excluded)?;
        }
        write!(
            f,
            ": rate {} (bounds {}..{})",
            pct(self.rate()),
            pct(self.lower()),
            pct(self.upper())
        )
    }
}
