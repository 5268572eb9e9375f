//! [`Problem`]: what can be wrong with a row that only Oryx's event files have.

use crate::import::format_problem;

/// A problem with a row that only the Oryx importer raises, carried by a
/// [`RowError`](crate::import::RowError) as
/// [`RowProblem::Format`](crate::import::RowProblem::Format) (format `oryx`) and read back
/// with [`Problem::of`] or `TryFrom`; a [`RowProblem`](crate::import::RowProblem) compares
/// equal to it.
///
/// # Example
///
/// ```
/// use materiel::import::oryx::{self, Options, Problem};
/// use materiel::{Catalog, Ledger};
///
/// let csv = "\
/// country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID
/// Russia,Russia,T-72B3,destroyed,not a url,2022-05-01,1,2,1,7-121
/// ";
/// let mut ledger = Ledger::new(Catalog::reference());
/// let options = Options::new().recorded("2025-07-20T00:00:00Z".parse()?);
/// let report = oryx::import(&mut ledger, csv.as_bytes(), &options)?;
/// let e = &report.counts.rejected[0];
/// assert_eq!(Problem::of(e), Some(Problem::BadUrl));
/// assert_eq!(e.problem, Problem::BadUrl);
/// assert_eq!(e.problem.to_string(), "bad_url");
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
    /// A `status` other than `destroyed`, `damaged`, `abandoned`, `captured`.
    LossStatus,
    /// A `url` that is not an `http://` or `https://` address with a host.
    BadUrl,
    /// A `date_recorded` after the import's recorded time (a loss listed in the future).
    FutureDate,
    /// An id field (`sysID`, `imageID`, `statusID`, `matID`) not of the scraper's form:
    /// digits, and for `matID` digits, `-`, digits (`7-121`).
    BadId,
}

format_problem!(Problem, "oryx");

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
        assert_eq!(
            Problem::try_from(RowProblem::Truncated),
            Err(RowProblem::Truncated)
        );
    }
}
