//! [`Report`]: what an import did.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::catalog::PlatformId;
use crate::import::{Counts, Unresolved};

use super::EditionDiff;

/// What an import did.
///
/// # Example
///
/// See the [module documentation](super#example).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Report {
    /// The `Data generated:` text as the export writes it; empty when the export has no
    /// such line and the date was given ([`Options::edition`](super::Options::edition)).
    pub generated: String,
    /// Its date (or the date given).
    pub generated_date: Date,
    /// The citation every entry's source carries.
    pub citation: String,
    /// The year window the title states (`year range '2000' to '2030'`), when it does.
    pub window: Option<(i16, i16)>,
    /// The transaction time of every entry.
    pub recorded: Timestamp,
    /// Rows read, imported, filtered out and rejected (with line, field, value and reason),
    /// entries created.
    pub counts: Counts,
    /// Distinct deals imported.
    pub deals: u64,
    /// `Ordered` entries created (one per deal).
    pub orders: u64,
    /// `Delivered` entries created.
    pub deliveries: u64,
    /// Imported rows whose designation the catalog resolved.
    pub matched_rows: u64,
    /// Imported rows recorded as generic platforms.
    pub generic_rows: u64,
    /// Imported rows recorded as another platform than their designation's by a
    /// [`VariantRule`](super::VariantRule).
    pub variant_rows: u64,
    /// Each designation the catalog resolved, with the platform it resolved to (before
    /// variant rules), in order of first appearance.
    pub matched_designations: Vec<(String, PlatformId)>,
    /// Distinct designations recorded as generic platforms.
    pub generic_designations: u64,
    /// The designations the catalog did not resolve (recorded as generic platforms, each
    /// with the category the keyword rules give its description or designation, when that
    /// category falls under the row's SIPRI category), ranked by units delivered, most
    /// first.
    pub unresolved: Vec<Unresolved>,
    /// Earlier entries retracted because this edition revised or withdrew their deal.
    pub retracted: u64,
    /// [`OpeningUnknown`](crate::ledger::Change::OpeningUnknown) entries appended: lots
    /// whose history may begin before the export's window (see the [module
    /// documentation](super#the-window-and-unknown-opening-stocks)).
    pub openings: u64,
    /// What this edition revised against the earlier one the ledger held; `None` when the
    /// ledger held no SIPRI entries.
    pub edition: Option<EditionDiff>,
}

impl Report {
    /// An empty report of the export generated on `generated_date`.
    pub(super) fn new(
        generated: String,
        generated_date: Date,
        citation: String,
        window: Option<(i16, i16)>,
        recorded: Timestamp,
    ) -> Self {
        Self {
            generated,
            generated_date,
            citation,
            window,
            recorded,
            counts: Counts::default(),
            deals: 0,
            orders: 0,
            deliveries: 0,
            matched_rows: 0,
            generic_rows: 0,
            variant_rows: 0,
            matched_designations: Vec::new(),
            generic_designations: 0,
            unresolved: Vec::new(),
            retracted: 0,
            openings: 0,
            edition: None,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.citation)?;
        writeln!(f, "  recorded at        {}", self.recorded)?;
        self.counts.write_rows(f)?;
        writeln!(f, "  deals              {}", self.deals)?;
        writeln!(
            f,
            "  entries created    {} ({} orders, {} deliveries, {} unknown openings)",
            self.counts.entries_created, self.orders, self.deliveries, self.openings
        )?;
        writeln!(
            f,
            "  designations       {} rows matched the catalog ({} moved to a variant), {} rows generic ({} designations)",
            self.matched_rows, self.variant_rows, self.generic_rows, self.generic_designations
        )?;
        for (d, id) in &self.matched_designations {
            writeln!(f, "    {d} -> {id}")?;
        }
        crate::import::write_unresolved(f, &self.unresolved, "delivered")?;
        if let Some(diff) = &self.edition {
            writeln!(f, "  retracted          {}", self.retracted)?;
            write!(f, "  {diff}")?;
        }
        for e in &self.counts.rejected {
            writeln!(f, "  rejected: {e}")?;
        }
        Ok(())
    }
}
