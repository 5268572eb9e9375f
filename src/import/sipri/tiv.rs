//! Deliveries in SIPRI trend-indicator values: [`delivery_tiv`] (one delivery) and
//! [`group_deliveries`] (deliveries summed by group, units and TIV side by side), read from the
//! entries' SIPRI facts ([`SipriDeal::tiv_delivery`]). The ledger sums; SIPRI's schema, here,
//! says what each delivery is worth.

use crate::holder::HolderId;
use crate::ledger::{
    AsOf, Delivery, EntryId, FactsError, GroupBy, GroupError, GroupFilter, GroupRow, Ledger,
};

#[cfg(doc)]
use super::facts::SipriDeal;
use super::facts::{self, Tiv};

/// One row of [`group_deliveries`]: the ledger's [`GroupRow`] (units) and the TIV of its
/// deliveries.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TivRow {
    /// Recipient, group, supplier (when split), period and units.
    pub row: GroupRow,
    /// The sum of the deliveries' TIV ([`SipriDeal::tiv_delivery`]); deliveries without one
    /// add nothing.
    pub tiv: Tiv,
    /// How many of the row's deliveries have no SIPRI TIV (entries of another source, or
    /// SIPRI rows without a TIV).
    pub without_tiv: u64,
}

/// A grouped answer in TIV that could not be given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TivError {
    /// The grouping itself failed (a sum overflowed).
    #[error(transparent)]
    Group(#[from] GroupError),
    /// A delivery's SIPRI facts do not match the schema (a journal edited by hand): the
    /// answer is refused rather than a sum that quietly leaves it out.
    #[error("entry {entry}: {source}")]
    Facts {
        /// The delivery's entry.
        entry: EntryId,
        /// What is wrong with its facts.
        #[source]
        source: FactsError,
    },
}

/// The SIPRI TIV of `delivery` (`TIV delivery values`): `Ok(None)` when its entry has no
/// SIPRI facts, or facts without a TIV (or the entry is not in `ledger`).
///
/// # Errors
///
/// [`TivError::Facts`] when the entry's SIPRI facts do not match the schema.
///
/// # Example
///
/// ```
/// use materiel::import::sipri::{self, Options};
/// use materiel::ledger::GroupFilter;
/// use materiel::{AsOf, Catalog, Ledger};
///
/// let csv = std::fs::read_to_string("tests/data/sipri-excerpt.csv")?;
/// let mut ledger = Ledger::new(Catalog::reference());
/// sipri::import(&mut ledger, csv.as_bytes(), &Options::new())?;
/// let ven = "VEN".parse()?;
/// let first = &ledger.deliveries(Some(&ven), &GroupFilter::new(), &AsOf::latest())[0];
/// let tiv = sipri::delivery_tiv(&ledger, first)?.expect("SIPRI gives its TIV");
/// assert!(tiv.thousandths() > 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn delivery_tiv(ledger: &Ledger, delivery: &Delivery) -> Result<Option<Tiv>, TivError> {
    // The facts alone, not the whole entry, and only their TIV read.
    let Some(facts) = ledger.facts_of(delivery.entry) else {
        return Ok(None);
    };
    facts::tiv_delivery(&facts).map_err(|source| TivError::Facts {
        entry: delivery.entry,
        source,
    })
}

/// [`Ledger::group_deliveries`] with each row's SIPRI TIV beside its units: what `recipient`
/// (every holder when `None`) received, summed by `by` and `filter`'s buckets (and split by
/// supplier with [`GroupFilter::per_supplier`]), in the same rows and order. By
/// [`GroupBy::Supplier`] over every recipient, SIPRI's supplier x recipient table in units and
/// TIV.
///
/// # Errors
///
/// [`TivError::Group`] when a sum overflows 64 bits; [`TivError::Facts`] for the first
/// delivery whose SIPRI facts do not match the schema.
///
/// # Example
///
/// ```
/// use materiel::import::sipri::{self, Options};
/// use materiel::ledger::{GroupBy, GroupFilter};
/// use materiel::{AsOf, Catalog, Ledger};
///
/// let csv = std::fs::read_to_string("tests/data/sipri-excerpt.csv")?;
/// let mut ledger = Ledger::new(Catalog::reference());
/// sipri::import(&mut ledger, csv.as_bytes(), &Options::new())?;
/// let rows = sipri::group_deliveries(&ledger, None, GroupBy::Supplier, &GroupFilter::new(), &AsOf::latest())?;
/// for r in &rows {
///     let supplier = r.row.key.label(ledger.catalog());
///     println!("{supplier} -> {}: {} units, {} TIV", r.row.holder, r.row.count.value(), r.tiv);
/// }
/// let units: u64 = rows.iter().map(|r| r.row.count.value()).sum();
/// let all = ledger.deliveries(None, &GroupFilter::new(), &AsOf::latest());
/// assert_eq!(units, all.iter().map(|d| d.count.value()).sum::<u64>());
/// assert!(rows.iter().any(|r| r.tiv.thousandths() > 0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn group_deliveries(
    ledger: &Ledger,
    recipient: Option<&HolderId>,
    by: GroupBy,
    filter: &GroupFilter,
    at: &AsOf,
) -> Result<Vec<TivRow>, TivError> {
    let mut refused = None;
    let rows =
        ledger.group_deliveries_valued(recipient, by, filter, at, |d| {
            match delivery_tiv(ledger, d) {
                Ok(tiv) => tiv.map(Tiv::thousandths),
                Err(e) => {
                    refused.get_or_insert(e);
                    None
                }
            }
        })?;
    if let Some(e) = refused {
        return Err(e);
    }
    Ok(rows
        .into_iter()
        .map(|(row, value)| TivRow {
            row,
            tiv: Tiv::from_thousandths(value.sum),
            without_tiv: value.missing,
        })
        .collect())
}
