//! Open disagreements between sources: [`Ledger::conflicts`] and its answer, [`Conflict`].

use crate::holder::HolderId;

use super::Ledger;
use super::bounds::{Bounds, PointPolicy};
use super::change::{Change, PlatformRef};
use super::claims::Quantity;
use super::time::AsOf;

/// A quantity of a lot on which the sources disagree (some two of its supports cannot both
/// be right) and no resolution is in effect. See [`Ledger::conflicts`], whose example
/// resolves one.
///
/// # Example
///
/// ```
/// use materiel::ledger::Quantity;
/// use materiel::*;
///
/// // Illustrative: 24 delivered (B2) against a C4 report of 30 held.
/// let mut ledger = Ledger::new(Catalog::reference());
/// let (ven, su30) = ("VEN".parse::<HolderId>()?, PlatformRef::catalog("su-30mk2")?);
/// let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
/// let delivered = Change::Delivered { count: Count::exact(24)?, into: Status::Unknown, supplier: None, condition: Default::default() };
/// ledger.append(NewEntry::new(ven.clone(), su30.clone(), EffectiveDate::year(2008)?, delivered, Source::new("illustrative", "B2".parse()?)?, t))?;
/// let claim = Change::Claimed { quantity: Quantity::Held, count: Count::exact(30)? };
/// ledger.append(NewEntry::new(ven.clone(), su30.clone(), EffectiveDate::year(2024)?, claim, Source::new("a report", "C4".parse()?)?, t))?;
///
/// let open = ledger.conflicts(None, &AsOf::latest());
/// let c = &open[0];
/// assert_eq!((c.holder(), c.platform()), (&ven, &su30));
/// assert_eq!(c.bounds().quantity(), Quantity::Held);
/// assert_eq!(c.bounds().supports().len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    holder: HolderId,
    platform: PlatformRef,
    bounds: Bounds,
}

impl Conflict {
    /// The lot's holder.
    pub fn holder(&self) -> &HolderId {
        &self.holder
    }
    /// The lot's platform.
    pub fn platform(&self) -> &PlatformRef {
        &self.platform
    }
    /// The disputed quantity's bounds, point (default policy) and every support behind them.
    pub fn bounds(&self) -> &Bounds {
        &self.bounds
    }
}

impl Ledger {
    /// Every open disagreement of `holder`'s lots (every holder's, for `None`) at `at`: each
    /// quantity whose supports (recorded flows, assessments, claims; see [`Ledger::bounds`])
    /// cannot all be right, with no resolution ([`Change::Resolved`]) in effect. As known
    /// before a resolution the conflict is open; retracting the resolution reopens it.
    ///
    /// Sorted by size: those without an upper limit first, then by the width of the range,
    /// widest first; then by holder and platform. The quantities looked at are units held
    /// (for a lot with a claim of them or an assessment) and each quantity a claim counts.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::{Decision, Quantity};
    /// use materiel::*;
    ///
    /// // Illustrative: about 4,000 delivered (B3) against a C3 claim of "no fewer than 5,000".
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let (ven, igla) = ("VEN".parse::<HolderId>()?, PlatformRef::catalog("igla-s")?);
    /// let entry = |date, change, grade: &str, t: &str| -> Result<NewEntry, Box<dyn std::error::Error>> {
    ///     let source = Source::new("illustrative", grade.parse()?)?;
    ///     Ok(NewEntry::new(ven.clone(), igla.clone(), date, change, source, t.parse()?))
    /// };
    /// let delivered = Change::Delivered { count: Count::about(4000)?, into: Status::Unknown, supplier: None, condition: Default::default() };
    /// ledger.append(entry(EffectiveDate::year(2012)?, delivered, "B3", "2025-01-01T00:00:00Z")?)?;
    /// let claim = Change::Claimed { quantity: Quantity::Held, count: Count::at_least(5000)? };
    /// let claim = ledger.append(entry(EffectiveDate::day(2025, 10, 22)?, claim, "C3", "2025-10-23T00:00:00Z")?)?;
    ///
    /// let open = ledger.conflicts(Some(&ven), &AsOf::latest());
    /// assert_eq!(open.len(), 1);
    /// assert_eq!((open[0].bounds().lower(), open[0].bounds().upper()), (4000, None));
    ///
    /// // An analyst keeps the range, giving a reason: the conflict is closed from then on.
    /// let keep = Change::Resolved { quantity: Quantity::Held, decision: Decision::KeepRange };
    /// let keep = entry(EffectiveDate::day(2025, 11, 1)?, keep, "B2", "2025-11-02T00:00:00Z")?
    ///     .with_note("no count since the speech");
    /// ledger.append(keep)?;
    /// assert!(ledger.conflicts(None, &AsOf::latest()).is_empty());
    /// let before: jiff::Timestamp = "2025-11-01T00:00:00Z".parse()?;
    /// assert_eq!(ledger.conflicts(None, &AsOf::latest().known_at(before)).len(), 1);
    /// # let _ = claim;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn conflicts(&self, holder: Option<&HolderId>, at: &AsOf) -> Vec<Conflict> {
        let holders: Vec<HolderId> = match holder {
            Some(h) => vec![h.clone()],
            None => self.store.holders().cloned().collect(),
        };
        let mut out = Vec::new();
        for holder in &holders {
            for lot in self.store.lots_of(holder) {
                let mut quantities: Vec<Quantity> = Vec::new();
                for visible in lot.visible(at) {
                    let q = match visible.change() {
                        Change::Claimed { quantity, .. } => quantity,
                        Change::Assessed { .. } => Quantity::Held,
                        _ => continue,
                    };
                    if !quantities.contains(&q) {
                        quantities.push(q);
                    }
                }
                let platform = lot.platform();
                for q in quantities {
                    let bounds =
                        self.bounds_with(holder, platform, q, at, PointPolicy::GradeThenRecency);
                    if bounds.resolution().is_none() && bounds.disagree() {
                        out.push(Conflict {
                            holder: holder.clone(),
                            platform: platform.clone(),
                            bounds,
                        });
                    }
                }
            }
        }
        out.sort_by(|a, b| {
            let size = |c: &Conflict| c.bounds.width().map_or(u64::MAX, |w| w);
            size(b)
                .cmp(&size(a))
                .then_with(|| a.holder.as_str().cmp(b.holder.as_str()))
                .then_with(|| a.platform.to_string().cmp(&b.platform.to_string()))
        });
        out
    }
}
