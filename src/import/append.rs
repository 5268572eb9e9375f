//! The two steps every importer takes against the ledger: the recorded-time check before
//! the first entry, and the append that respects the [`Mode`].

use jiff::Timestamp;

use crate::ledger::{EntryId, Ledger, LedgerError, NewEntry};

use super::{Counts, Mode, RowError, RowProblem};

/// An import recorded before the ledger's latest entry (the ledger requires non-decreasing
/// recorded times): each importer turns it into its own error variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RecordedTooEarly {
    /// The import's recorded time.
    pub(crate) recorded: Timestamp,
    /// The ledger's latest recorded time.
    pub(crate) latest: Timestamp,
}

/// Checks, before anything is appended, that an import recorded at `recorded` may go into
/// `ledger`, so that an import that cannot succeed changes nothing.
pub(crate) fn check_recorded(ledger: &Ledger, recorded: Timestamp) -> Result<(), RecordedTooEarly> {
    match ledger.latest_recorded() {
        Some(latest) if recorded < latest => Err(RecordedTooEarly { recorded, latest }),
        _ => Ok(()),
    }
}

/// A strict import stopped by the ledger refusing the entry of the row at `line`.
#[derive(Debug)]
pub(crate) struct Refused {
    /// The row's line (1-based).
    pub(crate) line: u64,
    /// The ledger's reason.
    pub(crate) source: LedgerError,
}

/// Appends `entry`, built from the row at `line`, and counts it in `counts`.
///
/// `Ok(Some(id))` when appended. When the ledger refuses it: lenient, the refusal becomes a
/// [`RowProblem::Ledger`] row error in `counts` and the result is `Ok(None)`; strict, the
/// result is [`Refused`] and the import stops there, entries appended before it staying
/// (each importer checks what it can before its first append, so that this is rare, and
/// documents it).
pub(crate) fn append(
    ledger: &mut Ledger,
    entry: NewEntry,
    line: u64,
    mode: Mode,
    counts: &mut Counts,
) -> Result<Option<EntryId>, Refused> {
    match ledger.append(entry) {
        Ok(id) => {
            counts.first_entry.get_or_insert(id);
            counts.entries_created += 1;
            Ok(Some(id))
        }
        Err(source) if mode.is_strict() => Err(Refused { line, source }),
        Err(source) => {
            counts.rejected.push(RowError::new(
                line,
                None,
                "",
                RowProblem::Ledger,
                format!("the ledger refused the entry: {source}"),
            ));
            Ok(None)
        }
    }
}
