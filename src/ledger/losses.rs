//! Loss queries: losses by holder x platform x cause per month, captured equipment held by
//! the captor, and the entries (with their evidence URLs) behind any loss figure.
//!
//! Written, like [`query`](super::query), against the store's seam only (`Store::lot`,
//! `Store::lots_of`, `LotView::state_in`, `LotView::visible`).

use jiff::civil::Date;
use rustc_hash::FxHashMap as FxMap;

use crate::holder::HolderId;

use super::Ledger;
use super::change::{Change, Count, LossCause, PlatformRef};
use super::entry::Entry;
use super::query::LotState;
use super::time::AsOf;

/// One cell of the loss table: what `holder` lost of `platform` to `cause` in one month.
///
/// The month is that of the loss's effective date's first day: for a loss list's on-or-before
/// date (`<=2022-03-19`), the month it was listed by.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LossRow {
    /// Whose equipment.
    pub holder: HolderId,
    /// What.
    pub platform: PlatformRef,
    /// Destroyed, damaged, abandoned, captured (by whom, when known).
    pub cause: LossCause,
    /// The first day of the month.
    pub month: Date,
    /// How many, with the weakest basis of the losses summed.
    pub count: Count,
}

/// Captured equipment a captor holds: the lot of one platform with units captured in.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CapturedLot {
    /// What.
    pub platform: PlatformRef,
    /// Units captured from others (the lot's `captured_in` flow).
    pub captured: Count,
    /// The lot's whole state: captured units enter in `Status::Unknown` unless a later
    /// entry states their condition; counts are lower bounds when the lot's opening stock is
    /// unknown.
    pub state: LotState,
}

impl Ledger {
    /// Every loss the view sees, summed by holder, platform, cause and month, ordered by
    /// holder, month, then first appearance.
    ///
    /// A capture shows once, in the loser's row (its cause names the captor); the captor's
    /// gain is in [`captured_equipment`](Self::captured_equipment).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::LossCause;
    /// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformKind, PlatformRef, Source, Status};
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let rus: materiel::HolderId = "RUS".parse()?;
    /// let t72 = PlatformRef::generic("T-72B3", PlatformKind::Generic)?;
    /// let src = Source::new("Oryx", "B2".parse()?)?;
    /// let at: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// let entry = |effective, change| NewEntry::new(rus.clone(), t72.clone(), effective, change, src.clone(), at);
    /// ledger.append(entry(EffectiveDate::day(2022, 2, 24)?, Change::OpeningUnknown))?;
    /// let lost = Change::Lost { count: Count::exact(1)?, from: Status::Unknown, cause: LossCause::Destroyed };
    /// ledger.append(entry(EffectiveDate::on_or_before(2022, 3, 19)?, lost.clone()))?;
    /// ledger.append(entry(EffectiveDate::on_or_before(2022, 3, 26)?, lost))?;
    /// let rows = ledger.losses(&AsOf::latest());
    /// assert_eq!(rows.len(), 1);
    /// assert_eq!(rows[0].count.value(), 2);
    /// assert_eq!(rows[0].month, jiff::civil::date(2022, 3, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn losses(&self, at: &AsOf) -> Vec<LossRow> {
        let holders: Vec<HolderId> = self.holders().cloned().collect();
        self.losses_in(&holders, at)
    }

    /// [`Ledger::losses`] of one holder: its rows, in the same order, read from its own lots
    /// alone.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::LossCause;
    /// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformKind, PlatformRef, Source, Status};
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let (rus, ukr): (materiel::HolderId, materiel::HolderId) = ("RUS".parse()?, "UKR".parse()?);
    /// let t72 = PlatformRef::generic("T-72B3", PlatformKind::Generic)?;
    /// let src = Source::new("illustrative", "B2".parse()?)?;
    /// let at: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// for holder in [&rus, &ukr] {
    ///     let entry = |effective, change| NewEntry::new(holder.clone(), t72.clone(), effective, change, src.clone(), at);
    ///     ledger.append(entry(EffectiveDate::day(2022, 2, 24)?, Change::OpeningUnknown))?;
    ///     let lost = Change::Lost { count: Count::exact(1)?, from: Status::Unknown, cause: LossCause::Destroyed };
    ///     ledger.append(entry(EffectiveDate::day(2022, 3, 19)?, lost))?;
    /// }
    /// let of_rus = ledger.losses_of(&rus, &AsOf::latest());
    /// assert_eq!(of_rus.len(), 1);
    /// let all = ledger.losses(&AsOf::latest());
    /// assert_eq!(of_rus, all.into_iter().filter(|r| r.holder == rus).collect::<Vec<_>>());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn losses_of(&self, holder: &HolderId, at: &AsOf) -> Vec<LossRow> {
        self.losses_in(std::slice::from_ref(holder), at)
    }

    /// The loss rows of `holders` (each once), ordered as [`Ledger::losses`] orders them.
    pub(super) fn losses_in(&self, holders: &[HolderId], at: &AsOf) -> Vec<LossRow> {
        let mut rows: Vec<LossRow> = Vec::new();
        let mut index: FxMap<(usize, LossCause, Date), usize> = FxMap::default();
        for holder in holders {
            for (lot_no, lot) in self.store.lots_of(holder).enumerate() {
                for visible in lot.visible(at) {
                    let Change::Lost { count, cause, .. } = visible.change() else {
                        continue;
                    };
                    if !visible.own_holder() {
                        continue; // a capture seen from the captor's lot
                    }
                    let month = visible.effective().first_day().first_of_month();
                    let key = (lot_no, cause.clone(), month);
                    match index.get(&key) {
                        Some(&i) => {
                            let row = &mut rows[i];
                            let basis = row.count.basis().join(count.basis());
                            row.count = Count::new(row.count.value() + count.value(), basis)
                                .unwrap_or(row.count);
                        }
                        None => {
                            index.insert(key, rows.len());
                            rows.push(LossRow {
                                holder: holder.clone(),
                                platform: lot.platform().clone(),
                                cause,
                                month,
                                count,
                            });
                        }
                    }
                }
            }
            index.clear();
        }
        // Stable: within a holder and month, first appearance.
        rows.sort_by(|a, b| (&a.holder, a.month).cmp(&(&b.holder, b.month)));
        rows
    }

    /// The entries behind one [`LossRow`] figure: the losses of its holder and platform with
    /// its cause in its month, each with its source (for a loss list, the evidence URL in
    /// [`Source::url`](crate::provenance::Source::url)).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::ledger::LossCause;
    /// # use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformKind, PlatformRef, Source, Status};
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let rus: materiel::HolderId = "RUS".parse()?;
    /// # let t72 = PlatformRef::generic("T-72B3", PlatformKind::Generic)?;
    /// # let at: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// # let oryx = Source::new("Oryx", "B2".parse()?)?;
    /// # ledger.append(NewEntry::new(rus.clone(), t72.clone(), EffectiveDate::day(2022, 2, 24)?, Change::OpeningUnknown, oryx.clone(), at))?;
    /// // An illustrative loss, with a link to its evidence.
    /// let lost = Change::Lost { count: Count::exact(1)?, from: Status::Unknown, cause: LossCause::Destroyed };
    /// let evidence = oryx.with_url("https://example.org/photo/1");
    /// ledger.append(NewEntry::new(rus, t72, EffectiveDate::on_or_before(2022, 3, 19)?, lost, evidence, at))?;
    /// let rows = ledger.losses(&AsOf::latest());
    /// let behind = ledger.loss_evidence(&rows[0], &AsOf::latest());
    /// assert_eq!(behind.len(), 1);
    /// assert_eq!(behind[0].source().url(), Some("https://example.org/photo/1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// The [Oryx importer](crate::import::oryx#example) shows it on imported data, with
    /// [`Ledger::provenance`], which gives the same for a whole lot.
    pub fn loss_evidence(&self, row: &LossRow, at: &AsOf) -> Vec<Entry> {
        self.store
            .lot(&row.holder, &row.platform)
            .into_iter()
            .flat_map(|lot| lot.visible(at))
            .filter(|v| v.effective().first_day().first_of_month() == row.month)
            .filter(|v| matches!(v.change(), Change::Lost { cause, .. } if cause == row.cause))
            .map(|v| v.entry())
            .filter(|e| e.holder() == &row.holder)
            .collect()
    }

    /// The lots of `captor` that hold captured equipment (a non-zero `captured_in` flow) at
    /// the view's date.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::LossCause;
    /// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformKind, PlatformRef, Source, Status};
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let (rus, ukr): (materiel::HolderId, materiel::HolderId) = ("RUS".parse()?, "UKR".parse()?);
    /// let t72 = PlatformRef::generic("T-72B3", PlatformKind::Generic)?;
    /// let src = Source::new("Oryx", "B2".parse()?)?;
    /// let at: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// ledger.append(NewEntry::new(rus.clone(), t72.clone(), EffectiveDate::day(2022, 2, 24)?, Change::OpeningUnknown, src.clone(), at))?;
    /// let captured = Change::Lost { count: Count::exact(1)?, from: Status::Unknown, cause: LossCause::Captured { by: Some(ukr.clone()) } };
    /// ledger.append(NewEntry::new(rus, t72.clone(), EffectiveDate::on_or_before(2022, 3, 19)?, captured, src, at))?;
    /// let held = ledger.captured_equipment(&ukr, &AsOf::latest());
    /// assert_eq!(held.len(), 1);
    /// assert_eq!(held[0].captured.value(), 1);
    /// assert_eq!(held[0].state.count(Status::Unknown).value(), 1); // condition not stated
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn captured_equipment(&self, captor: &HolderId, at: &AsOf) -> Vec<CapturedLot> {
        self.store
            .lots_of(captor)
            .filter_map(|lot| {
                let state = LotState::of(&lot, at);
                let captured = state.captured_in();
                (captured.value() > 0).then(|| CapturedLot {
                    platform: lot.platform().clone(),
                    captured,
                    state,
                })
            })
            .collect()
    }
}
