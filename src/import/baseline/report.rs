//! [`Report`]: what a baseline import did.

use std::fmt;

use jiff::Timestamp;

use crate::import::Counts;

/// What a baseline import did.
///
/// # Example
///
/// See the [module documentation](super#example).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Report {
    /// The transaction time of every claim.
    pub recorded: Timestamp,
    /// Rows read, imported and rejected (with line, field, value and reason), entries
    /// created.
    pub counts: Counts,
    /// [`Claimed`](crate::ledger::Change::Claimed) entries appended (one per imported row).
    pub claims: u64,
    /// Distinct lots (holder and platform) the claims are about.
    pub lots: u64,
}

impl Report {
    pub(super) fn new(recorded: Timestamp) -> Self {
        Self {
            recorded,
            counts: Counts::default(),
            claims: 0,
            lots: 0,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "baseline table")?;
        writeln!(f, "  recorded at        {}", self.recorded)?;
        self.counts.write_rows(f)?;
        writeln!(
            f,
            "  entries created    {} ({} claims of the count held, {} lots)",
            self.counts.entries_created, self.claims, self.lots
        )?;
        for e in &self.counts.rejected {
            writeln!(f, "  rejected: {e}")?;
        }
        Ok(())
    }
}
