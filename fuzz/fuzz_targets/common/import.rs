//! The checks every importer's fuzz target makes of an import's result (`sipri_import`,
//! `oryx_import`, `baseline_import` include this file with `#[path]`).

use materiel::import::{Counts, LineTooLong, MAX_LINE_BYTES, RowProblem};

/// A lenient import that succeeded: every row it read is imported, filtered out or rejected
/// (a row the ledger refused is counted among the imported rows and also listed as
/// rejected), the ledger holds exactly the entries it says it created, and every rejected
/// row is at or after `first_row`.
pub fn lenient_counts_add_up(counts: &Counts, ledger_len: usize, first_row: u64) {
    let rejected_rows = counts
        .rejected
        .iter()
        .filter(|e| e.problem != RowProblem::Ledger)
        .count() as u64;
    assert_eq!(
        counts.rows_read,
        counts.rows_imported + counts.rows_filtered + rejected_rows
    );
    assert_eq!(ledger_len as u64, counts.entries_created);
    assert!(counts.rejected.iter().all(|e| e.line >= first_row));
}

/// A strict import that succeeded: no row rejected, and the ledger holds exactly the entries
/// it says it created.
pub fn strict_counts_add_up(counts: &Counts, ledger_len: usize) {
    assert!(counts.rejected.is_empty());
    assert_eq!(ledger_len as u64, counts.entries_created);
}

/// A line over the limit is reported with its length, a short prefix and a short message,
/// however long the line.
pub fn line_too_long_is_short(error: &LineTooLong, message: &str) {
    assert!(error.length > MAX_LINE_BYTES as u64 && error.prefix.len() <= 32 * 3);
    assert!(message.len() < 400);
}
