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

impl Ledger {
    /// The lots `holder` has, in the view, of the catalog platforms in `platform`'s line: its
    /// ancestors (the families above it: units a source recorded only under a family, as
    /// SIPRI's `Su-30MK`) and its descendants (the variants below it, at any depth), each with
    /// its state; `platform`'s own lot is not among them. Ancestors first (nearest first),
    /// then descendants (depth first, in catalog order); lots with nothing in the view (no
    /// count, no flow, no unknown opening stock) are left out. Where [`Ledger::lot`] of a platform is empty, these are the lots where a
    /// holder's units of that platform may have been recorded instead.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::PlatformId;
    /// use materiel::import::sipri::{self, Options};
    /// use materiel::{AsOf, Catalog, HolderId, Ledger, PlatformRef};
    ///
    /// let csv = std::fs::read_to_string("tests/data/sipri-excerpt.csv")?;
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// sipri::import(&mut ledger, csv.as_bytes(), &Options::new())?;
    /// let ven: HolderId = "VEN".parse()?;
    /// // Nothing is recorded under the Su-30 family node itself...
    /// let family: PlatformId = "su-30".parse()?;
    /// let own = PlatformRef::Catalog(family.clone());
    /// assert!(ledger.lot(&ven, &own, &AsOf::latest()).is_empty());
    /// // ...but Venezuela's Su-30MK2 lot is in its line.
    /// let lots = ledger.family_lots(&ven, &family, &AsOf::latest());
    /// let ids: Vec<String> = lots.iter().map(|(p, _)| p.to_string()).collect();
    /// assert_eq!(ids, ["su-30mk2"]);
    /// assert_eq!(lots[0].1.in_service().value(), 24);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn family_lots(
        &self,
        holder: &HolderId,
        platform: &PlatformId,
        at: &AsOf,
    ) -> Vec<(PlatformRef, LotState)> {
        let catalog = self.catalog();
        catalog
            .ancestors(platform)
            .chain(catalog.descendants(platform))
            .filter_map(|p| {
                let platform = PlatformRef::Catalog(p.id().clone());
                let state = self.lot(holder, &platform, at);
                (!state.is_empty() || !state.baseline_known()).then_some((platform, state))
            })
            .collect()
    }
}
