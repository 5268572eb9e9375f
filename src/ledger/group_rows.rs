//! The rows of grouped answers ([`group`](super::group)): [`GroupRow`] (losses and
//! deliveries), [`ValueSum`] (a value summed beside them), [`HoldingsGroup`], and the
//! [`Delivery`] they sum.

use jiff::civil::Date;

use crate::holder::HolderId;

use super::captured::CapturedHeld;
use super::change::{Count, PlatformRef};
use super::entry::EntryId;
use super::group::{GroupError, GroupKey};
use super::time::EffectiveDate;

#[cfg(doc)]
use super::group::{Bucket, GroupFilter};
#[cfg(doc)]
use super::{Ledger, LotState, Status};

/// One row of grouped losses or deliveries: what `holder` lost or received of a group in a
/// period.
///
/// # Example
///
/// ```
/// use materiel::ledger::{Bucket, Condition, GroupBy, GroupFilter};
/// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let src = Source::new("illustrative", "B2".parse()?)?;
/// let at: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
/// let change = Change::Delivered { count: Count::estimate(12)?, into: Status::Unknown, supplier: Some("RUS".parse()?), condition: Condition::New };
/// let p = PlatformRef::catalog("su-30mk2")?;
/// ledger.append(NewEntry::new("IND".parse()?, p, EffectiveDate::month(2010, 6)?, change, src, at))?;
/// let filter = GroupFilter::new().bucket(Bucket::Year).per_supplier();
/// let rows = ledger.group_deliveries(None, GroupBy::Category, &filter, &AsOf::latest())?;
/// let row = &rows[0];
/// assert_eq!(row.holder.as_str(), "IND");
/// assert_eq!(row.key.label(ledger.catalog()), "combat_aircraft");
/// assert_eq!(row.supplier.as_ref().map(|s| s.as_str()), Some("RUS"));
/// assert_eq!(row.period, Some(jiff::civil::date(2010, 1, 1)));
/// assert_eq!((row.count.value(), row.count.basis()), (12, materiel::ledger::Basis::Estimate));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GroupRow {
    /// The loser, or the recipient.
    pub holder: HolderId,
    /// The group.
    pub key: GroupKey,
    /// The supplier, for deliveries split by supplier ([`GroupFilter::per_supplier`]) when
    /// the source names one; `None` otherwise.
    pub supplier: Option<HolderId>,
    /// The first day of the bucket (`None` with [`Bucket::Whole`]).
    pub period: Option<Date>,
    /// How many, with the weakest basis of those summed.
    pub count: Count,
}

/// What a group's deliveries are worth by a measure the caller reads from each delivery
/// (its entry's facts, say: the ledger reads none), summed where a delivery has a value and
/// counted where it has none: a row of [`Ledger::group_deliveries_valued`] beside its
/// [`GroupRow`]. SIPRI's trend-indicator values are one such measure
/// ([`import::sipri::group_deliveries`](crate::import::sipri::group_deliveries)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValueSum {
    /// The sum of the values the group's deliveries have.
    pub sum: u64,
    /// How many of the group's deliveries have none.
    pub missing: u64,
}

impl ValueSum {
    /// `self` with one more delivery, worth `value` (`None`: unknown).
    pub(super) fn add(self, value: Option<u64>) -> Result<Self, GroupError> {
        Ok(match value {
            Some(v) => Self {
                sum: self.sum.checked_add(v).ok_or(GroupError::Overflow)?,
                ..self
            },
            None => Self {
                missing: self.missing + 1,
                ..self
            },
        })
    }
}

/// One row of grouped holdings: a holder's units of a group, in service and by status.
///
/// # Example
///
/// ```
/// use materiel::ledger::{Condition, GroupBy, GroupFilter};
/// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let ven: materiel::HolderId = "VEN".parse()?;
/// let src = Source::new("illustrative", "B2".parse()?)?;
/// let at: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
/// for (status, n) in [(Status::Operational, 20), (Status::Stored, 4)] {
///     let change = Change::Delivered { count: Count::exact(n)?, into: status, supplier: None, condition: Condition::New };
///     let p = PlatformRef::catalog("su-30mk2")?;
///     ledger.append(NewEntry::new(ven.clone(), p, EffectiveDate::year(2008)?, change, src.clone(), at))?;
/// }
/// let groups = ledger.group_holdings(&ven, GroupBy::Category, &GroupFilter::new(), &AsOf::latest())?;
/// let fighters = &groups[0];
/// assert_eq!((fighters.key.label(ledger.catalog()), fighters.lots), ("combat_aircraft".to_owned(), 1));
/// let stored = Status::ALL.iter().position(|s| *s == Status::Stored).unwrap();
/// assert_eq!(fighters.by_status[stored].value(), 4);
/// assert!(fighters.in_service.value() >= 20);
/// assert!(fighters.captured_held.is_none()); // none captured from another holder
/// // Delivered, from an opening of zero: the bounds are the count.
/// assert_eq!((fighters.bounds_lower, fighters.bounds_upper), (24, Some(24)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HoldingsGroup {
    /// The group.
    pub key: GroupKey,
    /// How many lots (platforms) the group sums.
    pub lots: usize,
    /// Units in service, summed over the group's lots. Its basis is the weakest of its terms'
    /// ([`Basis::join`](super::Basis::join)), except that a group whose bounds have no upper
    /// limit and start at this sum is `at_least` (a lot opened unknown summed with estimated
    /// lots: `>=92` and `e9` are at least 101, not an estimate of 101).
    pub in_service: Count,
    /// Units by status ([`Status::ALL`]'s order), summed over the group's lots.
    pub by_status: [Count; 7],
    /// Of which captured ([`LotState::captured_held`]): each lot's range, summed over the
    /// group's lots.
    pub captured_held: CapturedHeld,
    /// The least units held the group's lots allow: the sum of each lot's
    /// [`Bounds::lower`](super::Bounds::lower) (units held, [`Ledger::bounds`]).
    pub bounds_lower: u64,
    /// The most: the sum of each lot's [`Bounds::upper`](super::Bounds::upper); `None` (no
    /// upper limit) when some lot has none (an opening stock unknown, an `at_least` claim).
    pub bounds_upper: Option<u64>,
}

/// One delivery the view sees: an entry recording units delivered to `recipient`, from
/// [`Ledger::deliveries`] (which has an example); its entry's source and facts through
/// [`Ledger::get`]:
///
/// ```
/// use materiel::import::sipri::{self, Options, SipriDeal};
/// use materiel::ledger::GroupFilter;
/// use materiel::{AsOf, Catalog, Ledger};
///
/// let csv = std::fs::read_to_string("tests/data/sipri-excerpt.csv")?;
/// let mut ledger = Ledger::new(Catalog::reference());
/// sipri::import(&mut ledger, csv.as_bytes(), &Options::new().recipient("Afghanistan"))?;
/// let d = &ledger.deliveries(None, &GroupFilter::new(), &AsOf::latest())[0];
/// assert_eq!(d.recipient.as_str(), "AFG");
/// let entry = ledger.get(d.entry).expect("the delivery's entry");
/// let deal = SipriDeal::of(&entry)?.expect("SIPRI's facts");
/// println!("{} {} from {:?} in {}: {}", d.count.value(), deal.designation, d.supplier, d.effective, entry.source());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Delivery {
    /// Who received them.
    pub recipient: HolderId,
    /// From whom, when the source says.
    pub supplier: Option<HolderId>,
    /// What.
    pub platform: PlatformRef,
    /// When.
    pub effective: EffectiveDate,
    /// How many.
    pub count: Count,
    /// The entry that records it (its source and facts: [`Ledger::get`]).
    pub entry: EntryId,
}
