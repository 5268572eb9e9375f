//! Queries over what the importer recorded, read from the entries' SIPRI facts
//! ([`SipriDeal`]).

use std::collections::BTreeMap;

use crate::holder::HolderId;
use crate::ledger::{AsOf, Basis, Change, Count, FactsError, Ledger};

use super::facts::SipriDeal;

/// Units of one SIPRI designation delivered to one recipient in one year: a row of
/// [`delivered_by_designation`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DesignationYear {
    /// The recipient.
    pub recipient: HolderId,
    /// The designation as SIPRI writes it ([`SipriDeal::designation`]).
    pub designation: String,
    /// The delivery year.
    pub year: i16,
    /// Units delivered that year, summed over the recipient's deals of that designation;
    /// the basis is the weakest of the deliveries' ([`Basis::join`]).
    pub delivered: Count,
}

/// Units delivered per recipient x SIPRI designation x year, in the view `at` (its valid
/// date, known-at time and minimum grade, as [`Ledger::provenance`] sees entries; retracted
/// deliveries and those of earlier editions a later one revised are left out), sorted by
/// recipient, designation and year.
///
/// Only deliveries carrying SIPRI facts count, so the designation is SIPRI's even where the
/// importer recorded a catalog variant (Venezuela's `Su-30MK` deliveries are `su-30mk2`
/// lots).
///
/// # Errors
///
/// [`FactsError`] for the first delivery whose SIPRI facts do not match the schema (a
/// journal edited by hand), rather than a sum that quietly leaves it out.
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
/// let rows = sipri::delivered_by_designation(&ledger, &AsOf::latest())?;
/// let ven_su30: u64 = rows
///     .iter()
///     .filter(|r| r.recipient.as_str() == "VEN" && r.designation == "Su-30MK")
///     .map(|r| r.delivered.value())
///     .sum();
/// assert_eq!(ven_su30, 24);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn delivered_by_designation(
    ledger: &Ledger,
    at: &AsOf,
) -> Result<Vec<DesignationYear>, FactsError> {
    let mut sums: BTreeMap<(HolderId, String, i16), (u64, Basis)> = BTreeMap::new();
    for (holder, holdings) in ledger.all_holdings(at) {
        for (platform, _) in holdings.iter() {
            for e in ledger.provenance(&holder, platform, at).entries {
                let Change::Delivered { count, .. } = e.change() else {
                    continue;
                };
                if e.holder() != &holder {
                    continue;
                }
                let Some(deal) = SipriDeal::of(&e)? else {
                    continue;
                };
                let year = e.effective().first_day().year();
                let key = (holder.clone(), deal.designation, year);
                let sum = sums.entry(key).or_insert((0, Basis::Exact));
                sum.0 += count.value();
                sum.1 = sum.1.join(count.basis());
            }
        }
    }
    Ok(sums
        .into_iter()
        .map(
            |((recipient, designation, year), (n, basis))| DesignationYear {
                recipient,
                designation,
                year,
                delivered: Count::total(n, basis),
            },
        )
        .collect())
}
