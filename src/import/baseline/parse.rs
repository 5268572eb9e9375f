//! A baseline table's rows: the header, each row's fields checked, and the
//! [`Qualifier`]s.

use std::fmt;
use std::str::FromStr;

use crate::catalog::Catalog;
use crate::error::ParseError;
use crate::holder::HolderId;
use crate::import::{RowError, RowProblem};
use crate::ledger::{Count, EffectiveDate, PlatformRef};
use crate::provenance::Grade;

use super::{HEADER, NOTE, Problem};

/// Column indexes.
pub(super) mod col {
    pub(crate) const HOLDER: usize = 0;
    pub(crate) const PLATFORM: usize = 1;
    pub(crate) const DATE: usize = 2;
    pub(crate) const COUNT: usize = 3;
    pub(crate) const QUALIFIER: usize = 4;
    pub(crate) const SOURCE: usize = 5;
    pub(crate) const GRADE: usize = 6;
    pub(crate) const NOTE: usize = 7;
}

/// How firm a baseline count is, in the Military Balance's words, and the
/// [`Basis`](crate::ledger::Basis) of the claim it becomes.
///
/// Text form (the table's `qualifier` column; ASCII case and surrounding white space do not
/// matter): empty or `exact`; `at least`; `up to`; `about`; `estimated` (also `estimate`,
/// `e` and the Military Balance's `ε`); `some`. Underscores may stand for spaces
/// (`at_least`).
///
/// # Example
///
/// ```
/// use materiel::import::baseline::Qualifier;
/// use materiel::ledger::Basis;
/// use materiel::Count;
///
/// let q: Qualifier = "at least".parse()?;
/// assert_eq!(q, Qualifier::AtLeast);
/// assert_eq!(q.count(Some(21))?, Count::at_least(21)?);
/// assert_eq!("ε".parse::<Qualifier>()?.count(Some(40))?.basis(), Basis::Estimate);
/// assert_eq!("".parse::<Qualifier>()?, Qualifier::Exact);
/// // "some": held, no precise figure: at least one.
/// assert_eq!(Qualifier::Some.count(None)?, Count::at_least(1)?);
/// assert!(Qualifier::Some.count(Some(3)).is_err());
/// assert!(Qualifier::Exact.count(None).is_err());
/// assert_eq!(Qualifier::UpTo.to_string(), "up to");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Qualifier {
    /// The count as given: [`Count::exact`].
    Exact,
    /// "at least" (no fewer than): [`Count::at_least`], no upper limit.
    AtLeast,
    /// "up to" (at most): [`Count::up_to`], no lower limit but zero.
    UpTo,
    /// "about" (the Military Balance: it could be higher): [`Count::about`].
    About,
    /// "estimated" (the Military Balance's ε): [`Count::estimate`].
    Estimated,
    /// "some": held, no precise figure. The row gives no count; the claim is at least one.
    Some,
}

impl Qualifier {
    /// The claim's count: `count` with this qualifier's basis; for [`Qualifier::Some`], at
    /// least one (and `count` must be `None`). Every other qualifier needs a count.
    ///
    /// # Errors
    ///
    /// A text naming what is missing or extra, or the count's own error (over
    /// [`MAX_COUNT`](crate::ledger::MAX_COUNT)).
    pub fn count(self, count: Option<u64>) -> Result<Count, String> {
        let need = || count.ok_or_else(|| format!("`{self}` needs a count"));
        let made = match self {
            Qualifier::Exact => Count::exact(need()?),
            Qualifier::AtLeast => Count::at_least(need()?),
            Qualifier::UpTo => Count::up_to(need()?),
            Qualifier::About => Count::about(need()?),
            Qualifier::Estimated => Count::estimate(need()?),
            Qualifier::Some => match count {
                None => Count::at_least(1),
                Some(_) => {
                    return Err("`some` means no precise figure: leave the count empty".into());
                }
            },
        };
        made.map_err(|e| e.to_string())
    }
}

impl FromStr for Qualifier {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let words = s.trim().to_ascii_lowercase().replace('_', " ");
        Ok(match words.as_str() {
            "" | "exact" => Qualifier::Exact,
            "at least" => Qualifier::AtLeast,
            "up to" => Qualifier::UpTo,
            "about" => Qualifier::About,
            "estimated" | "estimate" | "e" | "ε" => Qualifier::Estimated,
            "some" => Qualifier::Some,
            _ => return Err(ParseError::name("baseline qualifier", s)),
        })
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at least",
            Qualifier::UpTo => "up to",
            Qualifier::About => "about",
            Qualifier::Estimated => "estimated",
            Qualifier::Some => "some",
        })
    }
}

/// The column name of index `i`.
fn name(i: usize) -> &'static str {
    HEADER.get(i).copied().unwrap_or(NOTE)
}

/// A field as UTF-8, trimmed, or an [`RowProblem::Encoding`] row error.
fn text(record: &csv::ByteRecord, i: usize, line: u64) -> Result<&str, RowError> {
    let bytes = record.get(i).unwrap_or_default();
    std::str::from_utf8(bytes).map(str::trim).map_err(|e| {
        RowError::new(
            line,
            Some(name(i)),
            String::from_utf8_lossy(bytes),
            RowProblem::Encoding,
            format!(
                "not valid UTF-8 (byte {} of the field)",
                e.valid_up_to() + 1
            ),
        )
    })
}

/// A required field, or a [`RowProblem::Missing`] row error.
fn required(record: &csv::ByteRecord, i: usize, line: u64) -> Result<&str, RowError> {
    let t = text(record, i, line)?;
    if t.is_empty() {
        return Err(RowError::new(
            line,
            Some(name(i)),
            "",
            RowProblem::Missing,
            "required, but empty",
        ));
    }
    Ok(t)
}

/// One row of the table, checked field by field.
pub(super) struct Row {
    pub(super) holder: HolderId,
    pub(super) platform: PlatformRef,
    pub(super) date: EffectiveDate,
    pub(super) count: Count,
    pub(super) source: String,
    pub(super) grade: Grade,
    pub(super) note: Option<String>,
}

/// Checks a data row of a table with `columns` columns (7, or 8 with `note`): every problem
/// is a row error naming the line, the field and the value.
pub(super) fn parse_row(
    record: &csv::ByteRecord,
    line: u64,
    columns: usize,
    catalog: &Catalog,
) -> Result<Row, RowError> {
    if record.len() != columns {
        return Err(RowError::new(
            line,
            None,
            format!("{} fields", record.len()),
            RowProblem::ColumnCount,
            format!("a row of this table has {columns} fields, as its header"),
        ));
    }
    let err = |i: usize, value: &str, problem: RowProblem, reason: String| {
        RowError::new(line, Some(name(i)), value, problem, reason)
    };
    let holder_text = required(record, col::HOLDER, line)?;
    let holder = crate::import::holder(holder_text).ok_or_else(|| {
        err(
            col::HOLDER,
            holder_text,
            RowProblem::UnknownParty,
            "not a state or organisation the country table knows (names, ISO alpha-3 codes, slugs)"
                .into(),
        )
    })?;
    let platform_text = required(record, col::PLATFORM, line)?;
    let platform = catalog
        .resolve(platform_text)
        .map(|p| PlatformRef::Catalog(p.id().clone()))
        .ok_or_else(|| {
            err(
                col::PLATFORM,
                platform_text,
                Problem::UnknownPlatform.into(),
                "not a platform of the ledger's catalog (an id, designation or alias)".into(),
            )
        })?;
    let date_text = required(record, col::DATE, line)?;
    let date: EffectiveDate = date_text
        .parse()
        .map_err(|e: ParseError| err(col::DATE, date_text, RowProblem::BadYear, e.to_string()))?;
    let qualifier_text = text(record, col::QUALIFIER, line)?;
    let qualifier: Qualifier = qualifier_text.parse().map_err(|_| {
        err(
            col::QUALIFIER,
            qualifier_text,
            Problem::BadQualifier.into(),
            "expected empty, exact, at least, up to, about, estimated (or ε) or some".into(),
        )
    })?;
    let count_text = text(record, col::COUNT, line)?;
    let number = if count_text.is_empty() {
        None
    } else {
        let digits: String = count_text.chars().filter(|c| *c != ',').collect();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(
                col::COUNT,
                count_text,
                RowProblem::BadNumber,
                "expected a whole number of units (digits, with optional thousands commas)".into(),
            ));
        }
        Some(digits.parse::<u64>().map_err(|_| {
            err(
                col::COUNT,
                count_text,
                RowProblem::BadNumber,
                "too large".into(),
            )
        })?)
    };
    let count = qualifier.count(number).map_err(|reason| {
        let (i, value, problem) = match (qualifier, number) {
            (Qualifier::Some, _) => (col::QUALIFIER, qualifier_text, Problem::BadQualifier.into()),
            (_, None) => (col::COUNT, count_text, RowProblem::Missing),
            (_, Some(_)) => (col::COUNT, count_text, RowProblem::BadNumber),
        };
        err(i, value, problem, reason)
    })?;
    let source = required(record, col::SOURCE, line)?.to_owned();
    let grade_text = required(record, col::GRADE, line)?;
    let grade: Grade = grade_text.parse().map_err(|_| {
        err(
            col::GRADE,
            grade_text,
            Problem::BadGrade.into(),
            "expected an Admiralty grade: a reliability A-F and a credibility 1-6 (`B2`)".into(),
        )
    })?;
    let note = if columns > col::NOTE {
        Some(text(record, col::NOTE, line)?)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
    } else {
        None
    };
    Ok(Row {
        holder,
        platform,
        date,
        count,
        source,
        grade,
        note,
    })
}
