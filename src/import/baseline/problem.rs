//! [`Problem`]: what can be wrong with a row that only a baseline table has.

use crate::import::format_problem;

/// A problem with a row that only the baseline importer raises, carried by a
/// [`RowError`](crate::import::RowError) as
/// [`RowProblem::Format`](crate::import::RowProblem::Format) (format `baseline`) and read
/// back with [`Problem::of`] or `TryFrom`; a [`RowProblem`](crate::import::RowProblem)
/// compares equal to it.
///
/// # Example
///
/// ```
/// use materiel::import::baseline::{self, Options, Problem};
/// use materiel::{Catalog, Ledger};
///
/// let csv = "\
/// holder,platform,date,count,qualifier,source,grade
/// VEN,Su-30MK2,2024-11,21,roughly,ILLUSTRATIVE table,B2
/// ";
/// let mut ledger = Ledger::new(Catalog::reference());
/// let options = Options::new().recorded("2025-07-20T00:00:00Z".parse()?);
/// let report = baseline::import(&mut ledger, csv.as_bytes(), &options)?;
/// let e = &report.counts.rejected[0];
/// assert_eq!(Problem::of(e), Some(Problem::BadQualifier));
/// assert_eq!((e.line, e.field), (2, Some("qualifier")));
/// assert_eq!(e.problem.to_string(), "bad_qualifier");
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
    /// A `platform` the ledger's catalog does not resolve.
    UnknownPlatform,
    /// A `qualifier` that is not one of the [`Qualifier`](super::Qualifier)s, or `some`
    /// with a count.
    BadQualifier,
    /// A `grade` that is not an Admiralty grade (`B2`).
    BadGrade,
}

format_problem!(Problem, "baseline");

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
    }
}
