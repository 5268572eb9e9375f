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
/// the first variants are problems any tabular source has; the last ones name the importer
/// that raises them. An importer adds the variants it needs; the enum is `#[non_exhaustive]`,
/// so that is not a breaking change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::Display, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
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
    /// SIPRI: a `Status` other than `New`, `Second hand`, `Second hand but modernized`.
    UnknownStatus,
    /// SIPRI: an `Armament category` SIPRI does not use.
    UnknownCategory,
    /// SIPRI: a field contradicting an earlier row of the same deal.
    DealMismatch,
    /// Oryx: a `status` other than `destroyed`, `damaged`, `abandoned`, `captured`.
    LossStatus,
    /// Oryx: a `url` that is not an `http://` or `https://` address with a host.
    BadUrl,
    /// Oryx: a `date_recorded` after the import's recorded time (a loss listed in the
    /// future).
    FutureDate,
}

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
