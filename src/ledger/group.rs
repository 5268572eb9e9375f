//! Grouped answers: holdings, losses and deliveries summed by category, family, platform or
//! supplier, filtered by supplier, category, the platform's origin and period, in monthly or
//! yearly buckets.
//!
//! Every grouping sums disjoint parts: each lot (for holdings) or each entry (for losses and
//! deliveries) falls in exactly one group, so the groups of one answer add up to the
//! ungrouped total and nothing is counted twice. A family is the platform's family root in the
//! catalog ([`Catalog::family_root`](crate::Catalog::family_root)): the Su-30MK2 counts under
//! the Su-27, never under both. Uncatalogued (generic) equipment is its own family, in the
//! category its importer gave it ([`GenericPlatform::category`](super::GenericPlatform::category):
//! Oryx's `Unknown tank` is a tank), or in no category (its group is `None`) when it has none.
//!
//! Written, like [`losses`](super::losses), against the store's seam only.

use jiff::civil::Date;
use rustc_hash::FxHashMap as FxMap;

use crate::catalog::{Catalog, Category};
use crate::holder::HolderId;

use super::Ledger;
use super::captured::CapturedHeld;
use super::change::{Basis, Change, Count, PlatformRef, Status};
use super::claims::Quantity;
use super::time::{AsOf, EffectiveDate};

pub use super::group_rows::{Delivery, GroupRow, HoldingsGroup, ValueSum};

/// What a grouped answer sums by.
///
/// # Example
///
/// ```
/// use materiel::ledger::{GroupBy, GroupKey};
/// use materiel::{Catalog, PlatformRef};
///
/// let catalog = Catalog::reference();
/// let su30 = PlatformRef::catalog("su-30mk2")?;
/// // By family, a variant counts under its family's root.
/// let GroupKey::Platform(root) = GroupBy::Family.key(&catalog, &su30, None) else { unreachable!() };
/// assert_ne!(root, su30);
/// assert_eq!(GroupBy::Platform.key(&catalog, &su30, None), GroupKey::Platform(su30));
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GroupBy {
    /// Each platform (catalog or generic) on its own.
    Platform,
    /// The platform's family root in the catalog (generic equipment: itself).
    Family,
    /// The platform's [`Category`] (generic equipment: the category its importer gave it, if
    /// any).
    Category,
    /// The supplier of a delivery (deliveries only; `None` when the source does not say).
    Supplier,
}

/// The time buckets of losses and deliveries: a row's [`GroupRow::period`] is its bucket's
/// first day.
///
/// # Example
///
/// ```
/// use materiel::ledger::{Bucket, GroupFilter};
///
/// assert_eq!(GroupFilter::new().bucket_of(), Bucket::Whole);
/// assert_eq!(GroupFilter::new().bucket(Bucket::Month).bucket_of(), Bucket::Month);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Bucket {
    /// One bucket for the whole period.
    #[default]
    Whole,
    /// Calendar months (by the first day of the entry's effective date).
    Month,
    /// Calendar years.
    Year,
}

impl Bucket {
    /// The first day of the bucket `day` falls in (`None` for [`Bucket::Whole`]).
    fn of(self, day: Date) -> Option<Date> {
        match self {
            Self::Whole => None,
            Self::Month => Some(day.first_of_month()),
            Self::Year => Some(day.first_of_year()),
        }
    }
}

/// Which entries or lots a grouped answer keeps: by supplier, category, the platform's
/// country of origin and period.
///
/// A period bound compares the first day of an entry's effective date (for a SIPRI delivery
/// year, 1 January; for a loss list's on-or-before date, the first day it can be), both bounds
/// included.
///
/// # Example
///
/// ```
/// use materiel::catalog::Category;
/// use materiel::ledger::{Bucket, GroupFilter};
///
/// let filter = GroupFilter::new()
///     .supplier("RUS".parse()?)
///     .category(Category::CombatAircraft)
///     .since(jiff::civil::date(2010, 1, 1))
///     .until(jiff::civil::date(2019, 12, 31))
///     .bucket(Bucket::Year);
/// assert_eq!(filter.bucket_of(), Bucket::Year);
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupFilter {
    suppliers: Vec<HolderId>,
    category: Option<Category>,
    origins: Vec<HolderId>,
    since: Option<Date>,
    until: Option<Date>,
    bucket: Bucket,
    per_supplier: bool,
}

impl GroupFilter {
    /// Everything, in one bucket.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only deliveries from `supplier`; called again, from any of the suppliers given
    /// (Russia's and France's deliveries together: `.supplier(rus).supplier(fra)`).
    pub fn supplier(mut self, supplier: HolderId) -> Self {
        if !self.suppliers.contains(&supplier) {
            self.suppliers.push(supplier);
        }
        self
    }

    /// Only platforms of `category` (generic equipment of that category included; generic
    /// equipment without a category left out).
    pub fn category(mut self, category: Category) -> Self {
        self.category = Some(category);
        self
    }

    /// Only catalog platforms whose country of origin is `origin`
    /// ([`PlatformRef::origin`]); called again, of any of the origins given. The filter takes
    /// codes as the catalog writes them: Soviet-era designs are `SUN`, later Russian ones
    /// `RUS`, so "Russian-made" including Soviet-made is both codes, a choice left to the
    /// caller. Generic (uncatalogued) equipment has no origin: an origin filter leaves it out,
    /// as it leaves out catalog platforms that give none.
    ///
    /// ```
    /// use materiel::ledger::{Condition, GroupBy, GroupFilter};
    /// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let ven: materiel::HolderId = "VEN".parse()?;
    /// let src = Source::new("illustrative", "B2".parse()?)?;
    /// let at: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// for (platform, n) in [("su-30mk2", 24), ("f-16a", 21)] {
    ///     let change = Change::Delivered { count: Count::exact(n)?, into: Status::Operational, supplier: None, condition: Condition::New };
    ///     let p = PlatformRef::catalog(platform)?;
    ///     ledger.append(NewEntry::new(ven.clone(), p, EffectiveDate::year(2008)?, change, src.clone(), at))?;
    /// }
    /// let russian = GroupFilter::new().origin("RUS".parse()?).origin("SUN".parse()?);
    /// let groups = ledger.group_holdings(&ven, GroupBy::Platform, &russian, &AsOf::latest())?;
    /// assert_eq!(groups.len(), 1);
    /// assert_eq!(groups[0].in_service.value(), 24);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn origin(mut self, origin: HolderId) -> Self {
        if !self.origins.contains(&origin) {
            self.origins.push(origin);
        }
        self
    }

    /// Only entries in effect from `day` on.
    pub fn since(mut self, day: Date) -> Self {
        self.since = Some(day);
        self
    }

    /// Only entries in effect by `day`.
    pub fn until(mut self, day: Date) -> Self {
        self.until = Some(day);
        self
    }

    /// Sums losses and deliveries by `bucket`.
    pub fn bucket(mut self, bucket: Bucket) -> Self {
        self.bucket = bucket;
        self
    }

    /// The time buckets asked for.
    pub fn bucket_of(&self) -> Bucket {
        self.bucket
    }

    /// Splits each group of deliveries by supplier ([`GroupRow::supplier`]): India's
    /// fighters from Russia and from France in rows of their own. Deliveries only.
    pub fn per_supplier(mut self) -> Self {
        self.per_supplier = true;
        self
    }

    /// Whether groups of deliveries are split by supplier ([`GroupFilter::per_supplier`]).
    pub fn is_per_supplier(&self) -> bool {
        self.per_supplier
    }

    /// A supplier filter or a split by supplier, which only deliveries take.
    fn by_supplier(&self) -> bool {
        !self.suppliers.is_empty() || self.per_supplier
    }

    fn keeps_platform(&self, catalog: &Catalog, platform: &PlatformRef) -> bool {
        self.category
            .is_none_or(|c| platform.category(catalog) == Some(c))
            && (self.origins.is_empty()
                || platform
                    .origin(catalog)
                    .is_some_and(|o| self.origins.contains(o)))
    }

    fn keeps_day(&self, effective: EffectiveDate) -> bool {
        let day = effective.first_day();
        self.since.is_none_or(|s| day >= s) && self.until.is_none_or(|u| day <= u)
    }

    fn periodic(&self) -> bool {
        self.since.is_some() || self.until.is_some() || self.bucket != Bucket::Whole
    }
}

/// A grouped answer that does not apply: its error says which option and why.
///
/// # Example
///
/// ```
/// use materiel::ledger::{GroupBy, GroupError, GroupFilter};
/// use materiel::{AsOf, Catalog, Ledger};
///
/// let ledger = Ledger::new(Catalog::reference());
/// let err = ledger
///     .group_holdings(&"VEN".parse()?, GroupBy::Supplier, &GroupFilter::new(), &AsOf::latest())
///     .unwrap_err();
/// assert!(matches!(err, GroupError::NotApplicable { answer: "holdings", .. }));
/// assert_eq!(err.to_string(), "grouping by supplier does not apply to holdings: a lot's units are not kept by supplier");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GroupError {
    /// An option the answer does not take (holdings by supplier, a period for holdings).
    #[error("{what} does not apply to {answer}: {why}")]
    NotApplicable {
        /// The option (`grouping by supplier`, `a supplier filter`, `a split by supplier`,
        /// `a period or buckets`).
        what: &'static str,
        /// `holdings` or `losses`.
        answer: &'static str,
        /// Why.
        why: &'static str,
    },
    /// A sum larger than 64 bits hold.
    #[error("the sum of a group overflows 64 bits")]
    Overflow,
}

/// The group a row sums: one platform, family root, category or supplier.
///
/// # Example
///
/// ```
/// use materiel::catalog::Category;
/// use materiel::ledger::GroupKey;
/// use materiel::{Catalog, PlatformRef};
///
/// let catalog = Catalog::reference();
/// assert_eq!(GroupKey::Category(Some(Category::Tank)).label(&catalog), "tank");
/// assert_eq!(GroupKey::Category(None).label(&catalog), "uncategorised");
/// assert_eq!(GroupKey::Supplier(Some("RUS".parse()?)).label(&catalog), "RUS");
/// assert_eq!(GroupKey::Supplier(None).label(&catalog), "unknown");
/// assert_eq!(GroupKey::Platform(PlatformRef::catalog("su-30mk2")?).label(&catalog), "Su-30MK2");
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GroupKey {
    /// A platform, or the root of a family.
    Platform(PlatformRef),
    /// A category (`None`: generic equipment without one).
    Category(Option<Category>),
    /// A supplier (`None`: not stated).
    Supplier(Option<HolderId>),
}

impl GroupKey {
    /// The key's text: the platform's label, the category's name, the supplier's id, or
    /// `uncategorised` / `unknown`.
    pub fn label(&self, catalog: &Catalog) -> String {
        match self {
            Self::Platform(p) => p.label(catalog).to_owned(),
            Self::Category(Some(c)) => c.to_string(),
            Self::Category(None) => "uncategorised".to_owned(),
            Self::Supplier(Some(h)) => h.to_string(),
            Self::Supplier(None) => "unknown".to_owned(),
        }
    }

    /// How keys sort: by label, case-insensitively, with "none" (uncategorised, unknown)
    /// last.
    fn order(&self, catalog: &Catalog) -> (bool, String) {
        let none = matches!(self, Self::Category(None) | Self::Supplier(None));
        (none, self.label(catalog).to_lowercase())
    }
}

/// The family root of `platform` as a platform (generic equipment, or a platform the catalog
/// does not hold: itself).
fn family_of(catalog: &Catalog, platform: &PlatformRef) -> PlatformRef {
    platform
        .catalog_id()
        .and_then(|id| catalog.family_root(id))
        .map_or_else(
            || platform.clone(),
            |root| PlatformRef::Catalog(root.id().clone()),
        )
}

impl GroupBy {
    /// The group of `platform` (delivered by `supplier`) in `catalog`.
    ///
    /// ```
    /// use materiel::catalog::Category;
    /// use materiel::ledger::{GroupBy, GroupKey};
    /// use materiel::{Catalog, PlatformRef};
    ///
    /// let catalog = Catalog::reference();
    /// let su30 = PlatformRef::catalog("su-30mk2")?;
    /// assert_eq!(
    ///     GroupBy::Category.key(&catalog, &su30, None),
    ///     GroupKey::Category(Some(Category::CombatAircraft))
    /// );
    /// assert_eq!(GroupBy::Supplier.key(&catalog, &su30, None), GroupKey::Supplier(None));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn key(
        self,
        catalog: &Catalog,
        platform: &PlatformRef,
        supplier: Option<&HolderId>,
    ) -> GroupKey {
        key_of(catalog, self, platform, supplier)
    }
}

/// The key of `platform` (and `supplier`) by `by`.
fn key_of(
    catalog: &Catalog,
    by: GroupBy,
    platform: &PlatformRef,
    supplier: Option<&HolderId>,
) -> GroupKey {
    match by {
        GroupBy::Platform => GroupKey::Platform(platform.clone()),
        GroupBy::Family => GroupKey::Platform(family_of(catalog, platform)),
        GroupBy::Category => GroupKey::Category(platform.category(catalog)),
        GroupBy::Supplier => GroupKey::Supplier(supplier.cloned()),
    }
}

/// `a + b`, with the weaker basis: a total, like the ledger's own sums, not bounded by
/// [`MAX_COUNT`](crate::ledger::MAX_COUNT).
fn add(a: Count, b: Count) -> Result<Count, GroupError> {
    let value = a
        .value()
        .checked_add(b.value())
        .ok_or(GroupError::Overflow)?;
    Ok(Count::total(value, a.basis().join(b.basis())))
}

/// One delivery or loss to sum: holder, key, supplier (when split), period, count, value.
type Item = (
    HolderId,
    GroupKey,
    Option<HolderId>,
    Option<Date>,
    Count,
    Option<u64>,
);

/// Sums items into rows sorted by holder, key (its label, then "none" last), supplier (the
/// same), then period, each with the sum of its values.
fn sum_rows(
    catalog: &Catalog,
    items: impl Iterator<Item = Item>,
) -> Result<Vec<(GroupRow, ValueSum)>, GroupError> {
    type Key = (HolderId, GroupKey, Option<HolderId>, Option<Date>);
    let mut sums: FxMap<Key, (Count, ValueSum)> = FxMap::default();
    for (holder, key, supplier, period, count, value) in items {
        match sums.entry((holder, key, supplier, period)) {
            std::collections::hash_map::Entry::Occupied(mut o) => {
                let (c, v) = *o.get();
                o.insert((add(c, count)?, v.add(value)?));
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((count, ValueSum::default().add(value)?));
            }
        }
    }
    let mut rows: Vec<(GroupRow, ValueSum)> = sums
        .into_iter()
        .map(|((holder, key, supplier, period), (count, value))| {
            let row = GroupRow {
                holder,
                key,
                supplier,
                period,
                count,
            };
            (row, value)
        })
        .collect();
    rows.sort_by_cached_key(|(r, _)| {
        let supplier = GroupKey::Supplier(r.supplier.clone()).order(catalog);
        (r.holder.clone(), r.key.order(catalog), supplier, r.period)
    });
    Ok(rows)
}

impl Ledger {
    /// Every delivery the view sees to `recipient` (or to every holder), kept by `filter`'s
    /// supplier, category, origins and period, ordered by recipient, then date, then entry.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::{Condition, GroupFilter};
    /// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let (ind, rus, fra) = ("IND".parse()?, "RUS".parse()?, "FRA".parse()?);
    /// let src = Source::new("illustrative", "B2".parse()?)?;
    /// let at: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// let delivered = |supplier: &materiel::HolderId, n| Change::Delivered {
    ///     count: Count::exact(n).unwrap(),
    ///     into: Status::Unknown,
    ///     supplier: Some(supplier.clone()),
    ///     condition: Condition::New,
    /// };
    /// let su30 = PlatformRef::catalog("su-30mk2")?;
    /// let rafale = PlatformRef::catalog("rafale")?;
    /// ledger.append(NewEntry::new(ind, su30, EffectiveDate::year(2010)?, delivered(&rus, 12), src.clone(), at))?;
    /// ledger.append(NewEntry::new("IND".parse()?, rafale, EffectiveDate::year(2020)?, delivered(&fra, 5), src, at))?;
    /// let from_russia = ledger.deliveries(None, &GroupFilter::new().supplier(rus), &AsOf::latest());
    /// assert_eq!(from_russia.len(), 1);
    /// assert_eq!(from_russia[0].count.value(), 12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deliveries(
        &self,
        recipient: Option<&HolderId>,
        filter: &GroupFilter,
        at: &AsOf,
    ) -> Vec<Delivery> {
        let holders: Vec<HolderId> = match recipient {
            Some(h) => vec![h.clone()],
            None => self.holders().cloned().collect(),
        };
        let catalog = self.catalog();
        let mut out = Vec::new();
        for holder in &holders {
            let mut of_holder = Vec::new();
            for lot in self.store.lots_of(holder) {
                if !filter.keeps_platform(catalog, lot.platform()) {
                    continue;
                }
                for visible in lot.visible(at) {
                    let Change::Delivered {
                        count, supplier, ..
                    } = visible.change()
                    else {
                        continue;
                    };
                    if !filter.suppliers.is_empty()
                        && !supplier
                            .as_ref()
                            .is_some_and(|s| filter.suppliers.contains(s))
                    {
                        continue;
                    }
                    if !filter.keeps_day(visible.effective()) {
                        continue;
                    }
                    of_holder.push(Delivery {
                        recipient: holder.clone(),
                        supplier,
                        platform: lot.platform().clone(),
                        effective: visible.effective(),
                        count,
                        entry: visible.id(),
                    });
                }
            }
            of_holder.sort_by(|a, b| {
                (a.effective.first_day(), a.entry).cmp(&(b.effective.first_day(), b.entry))
            });
            out.extend(of_holder);
        }
        out
    }

    /// Deliveries to `recipient` (or to every holder) summed by `by` and `filter`'s bucket:
    /// one row per recipient, group and period, sorted by recipient, group, then period.
    /// By [`GroupBy::Supplier`] over every recipient, this is the supplier x recipient table
    /// of arms flows.
    ///
    /// # Errors
    ///
    /// [`GroupError::Overflow`] when a sum overflows 64 bits.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::Category;
    /// use materiel::ledger::{Bucket, Condition, GroupBy, GroupFilter, GroupKey};
    /// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let ind: materiel::HolderId = "IND".parse()?;
    /// let src = Source::new("illustrative", "B2".parse()?)?;
    /// let at: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// for (platform, year, n) in [("su-30mk2", 2010, 12), ("su-30mk2", 2011, 8), ("rafale", 2020, 5)] {
    ///     let change = Change::Delivered {
    ///         count: Count::exact(n)?,
    ///         into: Status::Unknown,
    ///         supplier: Some(if platform == "rafale" { "FRA" } else { "RUS" }.parse()?),
    ///         condition: Condition::New,
    ///     };
    ///     let p = PlatformRef::catalog(platform)?;
    ///     ledger.append(NewEntry::new(ind.clone(), p, EffectiveDate::year(year)?, change, src.clone(), at))?;
    /// }
    /// let rows = ledger.group_deliveries(Some(&ind), GroupBy::Supplier, &GroupFilter::new(), &AsOf::latest())?;
    /// let totals: Vec<(String, u64)> = rows.iter().map(|r| (r.key.label(ledger.catalog()), r.count.value())).collect();
    /// assert_eq!(totals, [("FRA".to_owned(), 5), ("RUS".to_owned(), 20)]);
    /// // Yearly, fighters only.
    /// let filter = GroupFilter::new().category(Category::CombatAircraft).bucket(Bucket::Year);
    /// let rows = ledger.group_deliveries(Some(&ind), GroupBy::Category, &filter, &AsOf::latest())?;
    /// assert!(rows.iter().all(|r| r.key == GroupKey::Category(Some(Category::CombatAircraft))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn group_deliveries(
        &self,
        recipient: Option<&HolderId>,
        by: GroupBy,
        filter: &GroupFilter,
        at: &AsOf,
    ) -> Result<Vec<GroupRow>, GroupError> {
        let rows = self.group_deliveries_valued(recipient, by, filter, at, |_| None)?;
        Ok(rows.into_iter().map(|(row, _)| row).collect())
    }

    /// [`Ledger::group_deliveries`], with what each row's deliveries are worth by `value`, a
    /// measure the caller reads from each delivery (from its entry's facts, through
    /// [`Ledger::get`]; `None` where a delivery has none): summed beside the units, in the
    /// same rows.
    ///
    /// # Errors
    ///
    /// [`GroupError::Overflow`] when a sum of units or of values overflows 64 bits.
    ///
    /// # Example
    ///
    /// Deliveries worth a figure written in their notes (illustrative; SIPRI's TIV is read
    /// this way by [`import::sipri::group_deliveries`](crate::import::sipri::group_deliveries)),
    /// split by supplier:
    ///
    /// ```
    /// use materiel::ledger::{Condition, GroupBy, GroupFilter, GroupKey};
    /// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let ind: materiel::HolderId = "IND".parse()?;
    /// let src = Source::new("illustrative", "B2".parse()?)?;
    /// let at: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// for (platform, supplier, n, note) in [("su-30mk2", "RUS", 12, Some("40")), ("rafale", "FRA", 5, None)] {
    ///     let change = Change::Delivered {
    ///         count: Count::exact(n)?,
    ///         into: Status::Unknown,
    ///         supplier: Some(supplier.parse()?),
    ///         condition: Condition::New,
    ///     };
    ///     let p = PlatformRef::catalog(platform)?;
    ///     let mut entry = NewEntry::new(ind.clone(), p, EffectiveDate::year(2020)?, change, src.clone(), at);
    ///     if let Some(note) = note {
    ///         entry = entry.with_note(note);
    ///     }
    ///     ledger.append(entry)?;
    /// }
    /// let worth = |d: &materiel::ledger::Delivery| ledger.get(d.entry)?.note()?.parse().ok();
    /// let filter = GroupFilter::new().per_supplier();
    /// let rows = ledger.group_deliveries_valued(Some(&ind), GroupBy::Category, &filter, &AsOf::latest(), worth)?;
    /// let read: Vec<_> = rows.iter().map(|(r, v)| (r.supplier.as_ref().map(|s| s.to_string()), r.count.value(), v.sum, v.missing)).collect();
    /// assert_eq!(read, [(Some("FRA".to_owned()), 5, 0, 1), (Some("RUS".to_owned()), 12, 40, 0)]);
    /// assert!(rows.iter().all(|(r, _)| r.key.label(ledger.catalog()) == "combat_aircraft"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn group_deliveries_valued(
        &self,
        recipient: Option<&HolderId>,
        by: GroupBy,
        filter: &GroupFilter,
        at: &AsOf,
        mut value: impl FnMut(&Delivery) -> Option<u64>,
    ) -> Result<Vec<(GroupRow, ValueSum)>, GroupError> {
        let catalog = self.catalog();
        sum_rows(
            catalog,
            self.deliveries(recipient, filter, at).into_iter().map(|d| {
                let key = key_of(catalog, by, &d.platform, d.supplier.as_ref());
                let period = filter.bucket.of(d.effective.first_day());
                let worth = value(&d);
                let supplier = if filter.per_supplier {
                    d.supplier
                } else {
                    None
                };
                (d.recipient, key, supplier, period, d.count, worth)
            }),
        )
    }

    /// Losses of `holder` (or of every holder) summed by `by` and `filter`'s bucket, kept by
    /// its category, origins and period: one row per holder, group and period, sorted by holder,
    /// group, then period. The rows are [`Ledger::losses`]' regrouped (every cause together).
    ///
    /// # Errors
    ///
    /// [`GroupError::NotApplicable`] by [`GroupBy::Supplier`] or with a supplier filter (a loss
    /// has no supplier); [`GroupError::Overflow`] when a sum overflows 64 bits.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::{Bucket, GroupBy, GroupFilter, LossCause};
    /// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let rus: materiel::HolderId = "RUS".parse()?;
    /// let t72 = PlatformRef::catalog("t-72b3")?;
    /// let src = Source::new("illustrative", "B2".parse()?)?;
    /// let at: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// let entry = |effective, change| NewEntry::new(rus.clone(), t72.clone(), effective, change, src.clone(), at);
    /// ledger.append(entry(EffectiveDate::day(2022, 2, 24)?, Change::OpeningUnknown))?;
    /// for (month, cause) in [(3, LossCause::Destroyed), (3, LossCause::Abandoned), (4, LossCause::Destroyed)] {
    ///     let lost = Change::Lost { count: Count::exact(1)?, from: Status::Unknown, cause };
    ///     ledger.append(entry(EffectiveDate::day(2022, month, 10)?, lost))?;
    /// }
    /// let monthly = GroupFilter::new().bucket(Bucket::Month);
    /// let rows = ledger.group_losses(Some(&rus), GroupBy::Category, &monthly, &AsOf::latest())?;
    /// let counts: Vec<u64> = rows.iter().map(|r| r.count.value()).collect();
    /// assert_eq!(counts, [2, 1]);
    /// assert!(ledger.group_losses(None, GroupBy::Supplier, &monthly, &AsOf::latest()).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn group_losses(
        &self,
        holder: Option<&HolderId>,
        by: GroupBy,
        filter: &GroupFilter,
        at: &AsOf,
    ) -> Result<Vec<GroupRow>, GroupError> {
        const WHY: &str = "a loss has no supplier";
        if by == GroupBy::Supplier {
            return Err(GroupError::NotApplicable {
                what: "grouping by supplier",
                answer: "losses",
                why: WHY,
            });
        }
        if filter.by_supplier() {
            return Err(GroupError::NotApplicable {
                what: if filter.suppliers.is_empty() {
                    "a split by supplier"
                } else {
                    "a supplier filter"
                },
                answer: "losses",
                why: WHY,
            });
        }
        let catalog = self.catalog();
        let losses = match holder {
            Some(h) => self.losses_of(h, at),
            None => self.losses(at),
        };
        let rows = losses.into_iter().filter(|r| {
            filter.keeps_platform(catalog, &r.platform)
                && filter.since.is_none_or(|s| r.month >= s.first_of_month())
                && filter.until.is_none_or(|u| r.month <= u)
        });
        let rows = sum_rows(
            catalog,
            rows.map(|r| {
                let key = key_of(catalog, by, &r.platform, None);
                let period = filter.bucket.of(r.month);
                (r.holder, key, None, period, r.count, None)
            }),
        )?;
        Ok(rows.into_iter().map(|(row, _)| row).collect())
    }

    /// A holder's holdings summed by `by`, kept by `filter`'s category and origins: one row
    /// per group, sorted by group. Each lot falls in one group, so the groups add up to the
    /// holdings.
    ///
    /// # Errors
    ///
    /// [`GroupError::NotApplicable`] by [`GroupBy::Supplier`] or with a supplier filter (a
    /// lot's units are not kept by supplier), or with a period or buckets (holdings are a
    /// state at the view's date: see [`AsOf`]); [`GroupError::Overflow`] when a sum overflows
    /// 64 bits.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::{Condition, GroupBy, GroupFilter, GroupKey};
    /// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let ven: materiel::HolderId = "VEN".parse()?;
    /// let src = Source::new("illustrative", "B2".parse()?)?;
    /// let at: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// for (platform, n) in [("su-30mk2", 24), ("f-16a", 21)] {
    ///     let change = Change::Delivered { count: Count::exact(n)?, into: Status::Operational, supplier: None, condition: Condition::New };
    ///     let p = PlatformRef::catalog(platform)?;
    ///     ledger.append(NewEntry::new(ven.clone(), p, EffectiveDate::year(2008)?, change, src.clone(), at))?;
    /// }
    /// let groups = ledger.group_holdings(&ven, GroupBy::Category, &GroupFilter::new(), &AsOf::latest())?;
    /// let total: u64 = groups.iter().map(|g| g.in_service.value()).sum();
    /// assert_eq!(total, 45);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn group_holdings(
        &self,
        holder: &HolderId,
        by: GroupBy,
        filter: &GroupFilter,
        at: &AsOf,
    ) -> Result<Vec<HoldingsGroup>, GroupError> {
        const WHY: &str = "a lot's units are not kept by supplier";
        if by == GroupBy::Supplier {
            return Err(GroupError::NotApplicable {
                what: "grouping by supplier",
                answer: "holdings",
                why: WHY,
            });
        }
        if filter.by_supplier() {
            return Err(GroupError::NotApplicable {
                what: if filter.suppliers.is_empty() {
                    "a split by supplier"
                } else {
                    "a supplier filter"
                },
                answer: "holdings",
                why: WHY,
            });
        }
        if filter.periodic() {
            return Err(GroupError::NotApplicable {
                what: "a period or buckets",
                answer: "holdings",
                why: "holdings are the state at the view's date (--at)",
            });
        }
        let catalog = self.catalog();
        let mut groups: Vec<HoldingsGroup> = Vec::new();
        let mut index: FxMap<GroupKey, usize> = FxMap::default();
        for (platform, state) in self.holdings(holder, at).iter() {
            if !filter.keeps_platform(catalog, platform) {
                continue;
            }
            let key = key_of(catalog, by, platform, None);
            let by_status = Status::ALL.map(|s| state.count(s));
            let i = *index.entry(key.clone()).or_insert_with(|| {
                groups.push(HoldingsGroup {
                    key,
                    lots: 0,
                    in_service: Count::ZERO,
                    by_status: [Count::ZERO; 7],
                    captured_held: CapturedHeld::default(),
                    bounds_lower: 0,
                    bounds_upper: Some(0),
                });
                groups.len() - 1
            });
            let g = &mut groups[i];
            g.lots += 1;
            g.in_service = add(g.in_service, state.in_service())?;
            for (sum, c) in g.by_status.iter_mut().zip(by_status) {
                *sum = add(*sum, c)?;
            }
            g.captured_held = g
                .captured_held
                .plus(state.captured_held())
                .ok_or(GroupError::Overflow)?;
            let b = self.bounds(holder, platform, Quantity::Held, at);
            g.bounds_lower = g
                .bounds_lower
                .checked_add(b.lower())
                .ok_or(GroupError::Overflow)?;
            g.bounds_upper = match (g.bounds_upper, b.upper()) {
                (Some(a), Some(u)) => Some(a.checked_add(u).ok_or(GroupError::Overflow)?),
                _ => None,
            };
        }
        // An open upper limit is not hidden behind an estimate: a group with none, whose
        // least is its count, is at least its count.
        for g in &mut groups {
            let n = g.in_service.value();
            if g.bounds_upper.is_none() && g.bounds_lower == n && n > 0 {
                g.in_service = Count::total(n, Basis::AtLeast);
            }
        }
        groups.sort_by_cached_key(|g| g.key.order(catalog));
        Ok(groups)
    }
}
