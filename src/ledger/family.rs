//! Family roll-ups: what a holder holds of a platform family, its own lot and its variants'
//! together ([`Ledger::family_holdings`]).

use crate::catalog::PlatformId;
use crate::holder::HolderId;

use super::Ledger;
use super::change::{Count, PlatformRef};
use super::query::LotState;
use super::time::AsOf;

/// A holder's holdings of one catalog family: the family's own lot (units recorded under
/// the family, as when a source names only the family) and each variant's lot, and their
/// total. See [`Ledger::family_holdings`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct FamilyHoldings {
    /// The family.
    pub family: PlatformId,
    /// The non-empty lots that make up the total: the family's own first (if any), then the
    /// variants' (depth first, in catalog order).
    pub lots: Vec<(PlatformRef, LotState)>,
    /// Their sum: counts and flows added, each basis the weakest of its terms'
    /// ([`Basis::join`](super::Basis::join)); [`LotState::baseline_known`] and
    /// [`LotState::is_consistent`] only when they hold for every lot.
    pub total: LotState,
}

impl LotState {
    /// Adds `other`'s counts, flows and adjustment to this one's.
    fn add(&mut self, other: &LotState) {
        let sum =
            |a: Count, b: Count| Count::total(a.value() + b.value(), a.basis().join(b.basis()));
        for (a, b) in self.statuses.iter_mut().zip(other.statuses) {
            *a = sum(*a, b);
        }
        for (a, b) in self.flows.iter_mut().zip(other.flows) {
            *a = sum(*a, b);
        }
        self.adjustment += other.adjustment;
        self.consistent &= other.consistent;
        self.baseline_known &= other.baseline_known;
    }
}

impl Ledger {
    /// What `holder` holds of `family` at the view's date: the lot recorded under the
    /// family itself plus the lots of every catalog platform below it, at any depth
    /// ([`Catalog::descendants`](crate::catalog::Catalog::descendants)). Each lot is counted
    /// once (a platform has at most one parent, so it lies under a family once), so the total
    /// never counts a unit twice. For a platform that is not a family, the total is its own
    /// lot.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::import::sipri::{self, Options};
    /// use materiel::{AsOf, Catalog, Ledger};
    ///
    /// let csv = std::fs::read_to_string("tests/data/sipri-excerpt.csv")?;
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// sipri::import(&mut ledger, csv.as_bytes(), &Options::new())?;
    /// // Venezuela's Su-30MK deliveries are recorded as the Su-30MK2 variant.
    /// let su30 = ledger.family_holdings(&"VEN".parse()?, &"su-30mk".parse()?, &AsOf::latest());
    /// assert_eq!(su30.total.in_service().value(), 24);
    /// assert_eq!(su30.lots.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn family_holdings(
        &self,
        holder: &HolderId,
        family: &PlatformId,
        at: &AsOf,
    ) -> FamilyHoldings {
        let members = std::iter::once(family.clone())
            .chain(self.catalog().descendants(family).map(|p| p.id().clone()));
        let mut lots = Vec::new();
        let mut total = LotState::default();
        for id in members {
            let platform = PlatformRef::Catalog(id);
            let state = self.lot(holder, &platform, at);
            if state.is_empty() && state.baseline_known() {
                continue;
            }
            total.add(&state);
            lots.push((platform, state));
        }
        FamilyHoldings {
            family: family.clone(),
            lots,
            total,
        }
    }
}
