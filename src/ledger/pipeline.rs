//! What is still due on an open request or order: [`Remainder`], read from a
//! [`PipelineItem`] by [`PipelineItem::remainder`], and [`Pipeline`], the items split into
//! those to list and those whose remainder is unknown.
//!
//! SIPRI's export has no "number ordered": its importer records each deal as ordering *at
//! least* the units its rows deliver ([`Basis::AtLeast`]). Once those are delivered the order
//! may be complete or not, and no source says which: its remainder is unknown, not zero and
//! not "at least 0". The same holds for an order of "up to N" once anything was delivered
//! against it. A pipeline that listed such orders as open would list every SIPRI deal ever
//! made; one that dropped them would claim they are complete. So they are counted apart.

use std::fmt;

use super::change::{Basis, Count};
use super::query::PipelineItem;

/// What is still due on an open request or order.
///
/// # Example
///
/// ```
/// use materiel::ledger::Remainder;
/// use materiel::Count;
/// assert_eq!(Remainder::Due(Count::at_least(8)?).to_string(), ">=8");
/// assert_eq!(Remainder::Unknown.to_string(), "unknown");
/// assert_eq!(Remainder::Unstated.name(), "unstated");
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Remainder {
    /// Known to be open: this many units still due, with the basis of the item's own count
    /// (`8`, `>=8` for an order known only as a lower bound, `<=12` for an order of "up to
    /// 12" against which nothing was delivered yet: an order is for one unit at least).
    Due(Count),
    /// A request that gave no count, answered by no order or delivery yet: open, its size not
    /// stated.
    Unstated,
    /// The ordered number is known only as a bound, and what it is known to cover has been
    /// delivered (an "at least N" order with N delivered, such as a SIPRI deal whose listed
    /// deliveries are all in; an "up to N" order with some delivered): complete or not, no
    /// source says.
    Unknown,
}

impl Remainder {
    /// The remainder's name as the export's `remainder` column writes it: `due`,
    /// `unstated` or `unknown`.
    pub fn name(&self) -> &'static str {
        match self {
            Remainder::Due(_) => "due",
            Remainder::Unstated => "unstated",
            Remainder::Unknown => "unknown",
        }
    }

    /// True for a remainder the pipeline lists: due or unstated (an open request); false
    /// for an unknown one.
    pub fn is_open(&self) -> bool {
        !matches!(self, Remainder::Unknown)
    }
}

impl fmt::Display for Remainder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Remainder::Due(count) => fmt::Display::fmt(count, f),
            Remainder::Unstated => f.pad("not stated"),
            Remainder::Unknown => f.pad("unknown"),
        }
    }
}

impl PipelineItem {
    /// What is still due on the item, from its [`outstanding`](Self::outstanding) units and
    /// its own count: see [`Remainder`].
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Remainder;
    /// # use materiel::*;
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// let sipri = Source::new("SIPRI Arms Transfers Database (illustrative rows)", "B2".parse()?)?;
    /// let at = |year, change| Ok::<_, ParseError>(NewEntry::new(ven.clone(), su30.clone(), EffectiveDate::year(year)?, change, sipri.clone(), t));
    /// // At least 24 ordered (the rows deliver 24), 12 delivered by 2007, 12 more in 2008.
    /// ledger.append(at(2006, Change::Ordered { count: Count::at_least(24)?, supplier: None, condition: Default::default() })?)?;
    /// for year in [2007, 2008] {
    ///     ledger.append(at(year, Change::Delivered { count: Count::exact(12)?, into: Status::Unknown, supplier: None, condition: Default::default() })?)?;
    /// }
    /// let end_2007 = AsOf::valid(jiff::civil::date(2007, 12, 31));
    /// assert_eq!(ledger.pipeline(&ven, &end_2007)[0].remainder(), Remainder::Due(Count::at_least(12)?));
    /// // All 24 in: complete or not, no source says.
    /// assert_eq!(ledger.pipeline(&ven, &AsOf::latest())[0].remainder(), Remainder::Unknown);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remainder(&self) -> Remainder {
        let Some(left) = self.outstanding else {
            return Remainder::Unstated;
        };
        let ordered = self.entry.change().count().map_or(left, Count::value);
        match self.outstanding_basis {
            Basis::AtLeast if left == 0 => Remainder::Unknown,
            Basis::UpTo if left < ordered => Remainder::Unknown,
            basis => Remainder::Due(Count::total(left, basis)),
        }
    }
}

/// A holder's pipeline split for reading: the items to list (a remainder
/// [due](Remainder::Due) or [unstated](Remainder::Unstated)) and those whose remainder is
/// [unknown](Remainder::Unknown), each in [`Ledger::pipeline`](super::Ledger::pipeline)'s
/// order. The `materiel pipeline` command lists the first and counts the second in one line
/// ("92 orders with unknown numbers").
///
/// # Example
///
/// ```
/// use materiel::ledger::Pipeline;
/// # use materiel::*;
/// # let mut ledger = Ledger::new(Catalog::reference());
/// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
/// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
/// # let sipri = Source::new("SIPRI Arms Transfers Database (illustrative rows)", "B2".parse()?)?;
/// # let at = |year, change| Ok::<_, ParseError>(NewEntry::new(ven.clone(), su30.clone(), EffectiveDate::year(year)?, change, sipri.clone(), t));
/// // Illustrative: at least 24 ordered in 2006 and all 24 delivered; 12 more ordered in 2024.
/// ledger.append(at(2006, Change::Ordered { count: Count::at_least(24)?, supplier: None, condition: Default::default() })?)?;
/// ledger.append(at(2008, Change::Delivered { count: Count::exact(24)?, into: Status::Unknown, supplier: None, condition: Default::default() })?)?;
/// ledger.append(at(2024, Change::Ordered { count: Count::exact(12)?, supplier: None, condition: Default::default() })?)?;
/// let pipeline = Pipeline::from(ledger.pipeline(&ven, &AsOf::latest()));
/// assert_eq!((pipeline.listed.len(), pipeline.unknown.len()), (1, 1));
/// assert_eq!(pipeline.listed[0].outstanding, Some(12));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Pipeline {
    /// The items known to be open: a remainder due or unstated.
    pub listed: Vec<PipelineItem>,
    /// The items whose remainder is unknown.
    pub unknown: Vec<PipelineItem>,
}

impl From<Vec<PipelineItem>> for Pipeline {
    fn from(items: Vec<PipelineItem>) -> Self {
        let (listed, unknown) = items
            .into_iter()
            .partition(|item| item.remainder().is_open());
        Pipeline { listed, unknown }
    }
}
