//! Re-resolution: the entries recorded against generic platforms that the ledger's catalog
//! now knows, moved onto the catalog's platforms without rewriting anything
//! ([`Ledger::reresolve_plan`]).

use jiff::Timestamp;
use rustc_hash::FxHashMap;

use crate::catalog::PlatformId;
use crate::provenance::Source;

use super::{Change, GenericPlatform, Ledger, LedgerError, NewEntry, PlatformRef};

/// What [`Ledger::reresolve_plan`] would append: for every visible entry of a generic
/// platform the catalog now resolves, a copy of the entry against the catalog platform, then
/// the entry's retraction; all recorded at one time, to be applied as one batch
/// ([`Ledger::extend`], or a store's `extend`). [`Ledger::reresolve_plan`]'s example applies
/// one.
///
/// # Example
///
/// ```
/// use materiel::ledger::GenericPlatform;
/// use materiel::{Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformKind, PlatformRef, Source, Status};
///
/// // An entry recorded against a name the catalog now knows (illustrative figures).
/// let old = GenericPlatform::new("Leopard-2A6", PlatformKind::ArmouredVehicle)?;
/// let mut ledger = Ledger::new(Catalog::reference());
/// let delivered = Change::Delivered { count: Count::exact(3)?, into: Status::Operational, supplier: None, condition: Default::default() };
/// let t0: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
/// let entry = NewEntry::new("UKR".parse()?, PlatformRef::Generic(old.clone()), EffectiveDate::year(2023)?, delivered, Source::new("an export", "B2".parse()?)?, t0);
/// ledger.append(entry)?;
///
/// let plan = ledger.reresolve_plan(&Source::new("re-resolved", "B2".parse()?)?, "2026-01-01T00:00:00Z".parse()?)?;
/// assert!(!plan.is_empty());
/// let (generic, to, entries) = &plan.moved[0];
/// assert_eq!((generic, to.as_str(), *entries), (&old, "leopard-2a6", 1));
/// // Nothing is left to move once the batch is in.
/// ledger.extend(plan.entries)?;
/// assert!(ledger.reresolve_plan(&Source::new("re-resolved", "B2".parse()?)?, "2026-01-02T00:00:00Z".parse()?)?.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Reresolution {
    /// The batch: the copies first, then the retractions, each in an order the ledger
    /// accepts (the copies as recorded and the retractions newest first, where that fits).
    pub entries: Vec<NewEntry>,
    /// Each generic platform moved, the catalog platform it resolves to, and the number of
    /// its entries moved, in order of first appearance.
    pub moved: Vec<(GenericPlatform, PlatformId, u64)>,
}

impl Reresolution {
    /// Whether nothing is to be moved.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Ledger {
    /// `entries` in an order `scratch` accepts them in, appending them there: each pass
    /// appends every entry that fits now and keeps the others for the next pass, in the order
    /// given. When a pass appends nothing, the rest follow in that order, and the batch will
    /// be refused.
    fn fit_order(scratch: &mut Ledger, entries: Vec<NewEntry>) -> Vec<NewEntry> {
        let mut pending = entries;
        let mut ordered = Vec::with_capacity(pending.len());
        while !pending.is_empty() {
            let before = pending.len();
            let mut rest = Vec::new();
            for entry in pending {
                match scratch.append(entry.clone()) {
                    Ok(_) => ordered.push(entry),
                    Err(_) => rest.push(entry),
                }
            }
            pending = rest;
            if pending.len() == before {
                break;
            }
        }
        ordered.extend(pending);
        ordered
    }

    /// The batch that moves entries recorded against generic platforms onto the catalog
    /// platforms the ledger's catalog now resolves their designations to
    /// ([`Catalog::resolve`](crate::catalog::Catalog::resolve), and for a name of several
    /// words, as the Oryx importer does, its first word): a journal recorded against an
    /// older catalog, opened with a newer one, catches up.
    ///
    /// Nothing is rewritten in place. Each visible (not retracted) entry of such a generic
    /// platform is re-appended against the catalog platform (the same holder, effective
    /// date, change, source, note and facts), recorded at `recorded`; then each is retracted
    /// at `recorded` by a retraction citing `source` with a note naming the platform, in an
    /// order that keeps every lot's counts valid on the way (found on a scratch copy of the
    /// ledger: newest first where that fits, which undoes a lot's history from its end). So a view
    /// as known before `recorded` gives exactly the old answer, and the current view has
    /// each lot once, under the catalog platform, beside whatever other sources recorded
    /// against it. Retractions and entries already retracted are left alone. A generic
    /// platform's lots move whole (every holder's, every entry), so no lot is left half
    /// moved.
    ///
    /// Apply the batch with [`Ledger::extend`] (or a store's `extend`): it is accepted or
    /// refused as a whole, and refused when `recorded` is before the ledger's latest entry or
    /// when the moved entries do not fit the catalog platform's lot (a baseline there that
    /// the losses would take below zero), leaving the ledger unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::GenericPlatform;
    /// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformKind, PlatformRef, Source, Status};
    ///
    /// // An entry recorded when the catalog did not know the name (illustrative figures).
    /// let old = PlatformRef::Generic(GenericPlatform::new("Leopard-2A6", PlatformKind::ArmouredVehicle)?);
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let delivered = Change::Delivered { count: Count::exact(3)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// let source = Source::new("an export", "B2".parse()?)?;
    /// let t0: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// let ukr = "UKR".parse()?;
    /// ledger.append(NewEntry::new(ukr, old.clone(), EffectiveDate::year(2023)?, delivered, source, t0))?;
    ///
    /// let t1: jiff::Timestamp = "2026-01-01T00:00:00Z".parse()?;
    /// let plan = ledger.reresolve_plan(&Source::new("re-resolved", "B2".parse()?)?, t1)?;
    /// assert_eq!(plan.entries.len(), 2); // the copy, then the retraction
    /// ledger.extend(plan.entries)?;
    ///
    /// let ukr = "UKR".parse()?;
    /// let leopard = PlatformRef::catalog("leopard-2a6")?;
    /// assert_eq!(ledger.lot(&ukr, &leopard, &AsOf::latest()).delivered().value(), 3);
    /// assert_eq!(ledger.lot(&ukr, &old, &AsOf::latest()).delivered().value(), 0);
    /// // As known before: the old answer.
    /// let before = AsOf::latest().known_at(t0);
    /// assert_eq!(ledger.lot(&ukr, &old, &before).delivered().value(), 3);
    /// assert_eq!(ledger.lot(&ukr, &leopard, &before).delivered().value(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// None today beyond [`LedgerError::UnknownEntry`], which a ledger's own entries never
    /// give; the result is a `Result` so that a refusal can be reported before anything is
    /// built.
    pub fn reresolve_plan(
        &self,
        source: &Source,
        recorded: Timestamp,
    ) -> Result<Reresolution, LedgerError> {
        let catalog = self.catalog();
        let mut targets: Vec<(GenericPlatform, Option<PlatformId>, u64)> = Vec::new();
        let mut slots: FxHashMap<GenericPlatform, usize> = FxHashMap::default();
        let mut copies = Vec::new();
        let mut retractions = Vec::new();
        for entry in self.entries() {
            let PlatformRef::Generic(generic) = entry.platform() else {
                continue;
            };
            if matches!(entry.change(), Change::Retracted { .. })
                || self.retracted_by(entry.id()).is_some()
            {
                continue;
            }
            let slot = match slots.get(generic) {
                Some(&i) => i,
                None => {
                    let name = generic.designation();
                    let first_word = name.split(' ').next().unwrap_or_default();
                    let id = catalog
                        .resolve(name)
                        .or_else(|| catalog.resolve(first_word))
                        .map(|p| p.id().clone());
                    targets.push((generic.clone(), id, 0));
                    slots.insert(generic.clone(), targets.len() - 1);
                    targets.len() - 1
                }
            };
            let Some(id) = targets[slot].1.clone() else {
                continue;
            };
            targets[slot].2 += 1;
            let note = format!(
                "re-resolved: {} is {id} in the catalog",
                generic.designation()
            );
            retractions.push(self.retraction(entry.id(), source.clone(), recorded, Some(note))?);
            let mut copy = entry.into_content();
            copy.platform = PlatformRef::Catalog(id);
            copy.recorded = recorded;
            copies.push(copy);
        }
        let moved = targets
            .into_iter()
            .filter_map(|(g, id, n)| Some((g, id?, n)))
            .filter(|(.., n)| *n > 0)
            .collect();
        // An order the ledger accepts, found on a scratch copy: the copies in the order they
        // were recorded where that fits (a history that retracted entries can need another:
        // a loss whose opening was retracted after a capture covered it), then the
        // retractions newest first where that fits (undoing each lot from its end).
        let mut scratch = self.clone();
        let mut entries = Self::fit_order(&mut scratch, copies);
        retractions.reverse();
        entries.extend(Self::fit_order(&mut scratch, retractions));
        Ok(Reresolution { entries, moved })
    }
}
