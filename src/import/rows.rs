//! What every importer reports about rows: the mode, the row error and the counters.

use std::fmt;

use crate::ledger::EntryId;

/// What an importer does with a bad row.
///
/// # Example
///
/// ```
/// use materiel::import::Mode;
///
/// assert_eq!(Mode::default(), Mode::Lenient);
/// assert!(Mode::Strict.is_strict());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// A bad row is reported in the report's [`Counts::rejected`] and skipped; the rest is
    /// imported.
    #[default]
    Lenient,
    /// The first bad row, or the first entry the ledger refuses, aborts the import; the
    /// ledger is left as the importer documents (unchanged, for every importer in this
    /// crate: their entries are applied as one all-or-nothing batch).
    Strict,
}

impl Mode {
    /// True for [`Mode::Strict`].
    pub fn is_strict(self) -> bool {
        self == Mode::Strict
    }
}

/// What was wrong with a rejected row, whatever the importer.
///
/// One enum for every importer (see [the module documentation](super#one-row-error-for-every-importer)):
/// the problems any tabular source has, and [`RowProblem::Format`] for a problem only one
/// format has, which that importer names and reads back typed
/// ([`sipri::Problem`](super::sipri::Problem), [`oryx::Problem`](super::oryx::Problem)).
/// The enum is `#[non_exhaustive]`, so a new shared problem is not a breaking change; a new
/// importer adds none.
///
/// Text form (`Display`): the problem's snake_case name, `column_count`, `deal_mismatch`.
///
/// # Example
///
/// ```
/// use materiel::import::{RowProblem, sipri};
///
/// assert_eq!(RowProblem::Truncated.to_string(), "truncated");
/// let mismatch = RowProblem::from(sipri::Problem::DealMismatch);
/// assert_eq!(mismatch.to_string(), "deal_mismatch");
/// assert_eq!(mismatch, sipri::Problem::DealMismatch);
/// assert_eq!(sipri::Problem::try_from(mismatch), Ok(sipri::Problem::DealMismatch));
/// assert!(sipri::Problem::try_from(RowProblem::Missing).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RowProblem {
    /// Not the number of fields the format has.
    ColumnCount,
    /// The input ends inside the row: it has no line end after it, so it may have been cut
    /// off.
    Truncated,
    /// A field that is not valid UTF-8.
    Encoding,
    /// A required field is empty.
    Missing,
    /// A number (an id, a count, a value) that is not one, or out of range.
    BadNumber,
    /// A year or date that is not one, or out of range.
    BadYear,
    /// A yes / no flag that is neither.
    BadFlag,
    /// A country or other party the [country table](super::holder) does not know.
    UnknownParty,
    /// The ledger refused the entry built from the row.
    Ledger,
    /// A problem only one source format has, named by its importer.
    Format(FormatProblem),
}

impl From<RowProblem> for &'static str {
    fn from(p: RowProblem) -> Self {
        match p {
            RowProblem::ColumnCount => "column_count",
            RowProblem::Truncated => "truncated",
            RowProblem::Encoding => "encoding",
            RowProblem::Missing => "missing",
            RowProblem::BadNumber => "bad_number",
            RowProblem::BadYear => "bad_year",
            RowProblem::BadFlag => "bad_flag",
            RowProblem::UnknownParty => "unknown_party",
            RowProblem::Ledger => "ledger",
            RowProblem::Format(f) => f.name(),
        }
    }
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str((*self).into())
    }
}

/// A row problem only one source format has: the format (`sipri`, `oryx`) and the problem's
/// snake_case name (`deal_mismatch`). Each importer has a typed enum of its own that converts
/// to and from it ([`sipri::Problem`](super::sipri::Problem),
/// [`oryx::Problem`](super::oryx::Problem)); only those make one.
///
/// One pointer to a static (format, name) pair, so that a [`RowError`] stays as small as it
/// was before importers had problems of their own.
///
/// # Example
///
/// ```
/// use materiel::import::{RowProblem, oryx};
///
/// let RowProblem::Format(p) = RowProblem::from(oryx::Problem::BadUrl) else { unreachable!() };
/// assert_eq!((p.format(), p.name()), ("oryx", "bad_url"));
/// assert_eq!(p.to_string(), "bad_url");
/// ```
#[derive(Clone, Copy)]
pub struct FormatProblem(&'static (&'static str, &'static str));

impl FormatProblem {
    /// The problem of `entry`: (format, name), in a static table of the importer's.
    pub(crate) const fn from_table(entry: &'static (&'static str, &'static str)) -> Self {
        Self(entry)
    }
    /// The format whose importer raises it (`sipri`).
    pub const fn format(self) -> &'static str {
        self.0.0
    }
    /// The problem's name (`deal_mismatch`).
    pub const fn name(self) -> &'static str {
        self.0.1
    }
}

impl PartialEq for FormatProblem {
    fn eq(&self, other: &Self) -> bool {
        *self.0 == *other.0
    }
}

impl Eq for FormatProblem {}

impl std::hash::Hash for FormatProblem {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl fmt::Debug for FormatProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FormatProblem")
            .field("format", &self.format())
            .field("name", &self.name())
            .finish()
    }
}

impl fmt::Display for FormatProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Converts an importer's own problem enum to and from [`RowProblem::Format`], and compares
/// a [`RowProblem`] with it: `$problem` must be a unit-only enum deriving strum's
/// `EnumString`, `VariantNames` and `EnumCount` (snake_case).
macro_rules! format_problem {
    ($problem:ty, $format:literal) => {
        impl From<$problem> for $crate::import::RowProblem {
            fn from(p: $problem) -> Self {
                const N: usize = <$problem as strum::EnumCount>::COUNT;
                static TABLE: [(&str, &str); N] = {
                    let names = <$problem as strum::VariantNames>::VARIANTS;
                    let mut table = [("", ""); N];
                    let mut i = 0;
                    while i < N {
                        table[i] = ($format, names[i]);
                        i += 1;
                    }
                    table
                };
                $crate::import::RowProblem::Format($crate::import::FormatProblem::from_table(
                    &TABLE[p as usize],
                ))
            }
        }

        impl TryFrom<$crate::import::RowProblem> for $problem {
            type Error = $crate::import::RowProblem;
            /// The format's problem, or the row problem back when it is another.
            fn try_from(p: $crate::import::RowProblem) -> Result<Self, $crate::import::RowProblem> {
                match p {
                    $crate::import::RowProblem::Format(f) if f.format() == $format => {
                        f.name().parse().map_err(|_| p)
                    }
                    _ => Err(p),
                }
            }
        }

        impl PartialEq<$problem> for $crate::import::RowProblem {
            fn eq(&self, other: &$problem) -> bool {
                *self == $crate::import::RowProblem::from(*other)
            }
        }

        impl $problem {
            /// The problem of `error`, when it is one of this format's.
            pub fn of(error: &$crate::import::RowError) -> Option<Self> {
                Self::try_from(error.problem).ok()
            }
        }
    };
}
pub(crate) use format_problem;

/// A row an importer could not use: where, which field, what value, and why.
///
/// # Example
///
/// ```
/// use materiel::import::{RowError, RowProblem};
///
/// let e = RowError::new(14, Some("Recipient"), "Narnia", RowProblem::UnknownParty, "not in the country table");
/// assert_eq!(e.to_string(), "line 14, field `Recipient`, value \"Narnia\": not in the country table");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct RowError {
    /// The line in the file (1-based) where the row starts.
    pub line: u64,
    /// The column, when one field is at fault.
    pub field: Option<&'static str>,
    /// The offending value (the row's field count for a column-count or truncated row).
    pub value: String,
    /// The kind of problem.
    pub problem: RowProblem,
    /// What was expected, in words.
    pub reason: String,
}

impl RowError {
    /// A row error.
    pub fn new(
        line: u64,
        field: Option<&'static str>,
        value: impl Into<String>,
        problem: RowProblem,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            line,
            field,
            value: value.into(),
            problem,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(field) = self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ", value {:?}: {}", self.value, self.reason)
    }
}

/// The counters every importer's report carries: what became of each row read.
///
/// A lenient import accounts for every row: `rows_read == rows_imported + rows_filtered +`
/// the rejected rows that are not [`RowProblem::Ledger`] (those are entries the ledger
/// refused, one per entry, after their row was imported).
///
/// # Example
///
/// ```
/// use materiel::import::Counts;
///
/// let counts = Counts::default();
/// assert_eq!(counts.rows_read, 0);
/// assert!(counts.rejected.is_empty() && counts.first_entry.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Counts {
    /// Data rows read (after any header), whatever became of them.
    pub rows_read: u64,
    /// Rows turned into entries.
    pub rows_imported: u64,
    /// Rows left out by the options' filters.
    pub rows_filtered: u64,
    /// Rows rejected (and entries the ledger refused), with line, field, value and reason.
    pub rejected: Vec<RowError>,
    /// Entries appended in all.
    pub entries_created: u64,
    /// The first entry appended, if any (the entries of one import are consecutive).
    pub first_entry: Option<EntryId>,
}

impl Counts {
    /// Takes a bad row as `mode` says: lenient keeps it in [`rejected`](Self::rejected)
    /// and returns `Ok`, strict hands it back.
    pub(crate) fn reject(&mut self, mode: Mode, error: RowError) -> Result<(), RowError> {
        match mode {
            Mode::Strict => Err(error),
            Mode::Lenient => {
                self.rejected.push(error);
                Ok(())
            }
        }
    }

    /// Writes the counters, one per line, indented by two spaces, as the reports print them.
    pub(crate) fn write_rows(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  rows read          {}", self.rows_read)?;
        writeln!(f, "  rows imported      {}", self.rows_imported)?;
        writeln!(f, "  rows filtered out  {}", self.rows_filtered)?;
        writeln!(f, "  rows rejected      {}", self.rejected.len())
    }
}
