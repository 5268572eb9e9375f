//! [`Problem`]: what can be wrong with a row that only SIPRI's export has.

use crate::import::format_problem;

/// A problem with a row that only the SIPRI importer raises, carried by a
/// [`RowError`](crate::import::RowError) as
/// [`RowProblem::Format`](crate::import::RowProblem::Format) (format `sipri`) and read back
/// with [`Problem::of`] or `TryFrom`; a [`RowProblem`](crate::import::RowProblem) compares
/// equal to it.
///
/// # Example
///
/// ```
/// use materiel::import::sipri::{self, Options, Problem};
/// use materiel::{Catalog, Ledger};
///
/// let csv = std::fs::read_to_string("tests/data/sipri-excerpt.csv")?
///     .replacen(",Second hand,", ",Leased,", 1);
/// let mut ledger = Ledger::new(Catalog::reference());
/// let report = sipri::import(&mut ledger, csv.as_bytes(), &Options::new())?;
/// let e = &report.counts.rejected[0];
/// assert_eq!(Problem::of(e), Some(Problem::UnknownStatus));
/// assert_eq!(e.problem, Problem::UnknownStatus);
/// assert_eq!(e.problem.to_string(), "unknown_status");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::EnumCount,
    strum::VariantNames,
)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Problem {
    /// A `Status` other than `New`, `Second hand`, `Second hand but modernized`.
    UnknownStatus,
    /// An `Armament category` SIPRI does not use.
    UnknownCategory,
    /// A field contradicting an earlier row of the same deal.
    DealMismatch,
}

format_problem!(Problem, "sipri");

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;
    use crate::import::RowProblem;

    #[test]
    fn problems_convert_both_ways() {
        for p in Problem::iter() {
            let row = RowProblem::from(p);
            assert_eq!(row.to_string(), p.to_string());
            assert_eq!(Problem::try_from(row), Ok(p));
            assert_eq!(row, p);
        }
        let other = RowProblem::Format(crate::import::FormatProblem::from_table(&(
            "oryx",
            "deal_mismatch",
        )));
        assert_eq!(Problem::try_from(other), Err(other));
    }
}
