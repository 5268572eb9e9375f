//! Tables the ledger's methods return: the library's CSV export read back (holdings,
//! pipelines, timelines, entries and losses).

use materiel::export::{self, Format};
use materiel::{AsOf, Ledger};
use pyo3::prelude::*;

use crate::args;
use crate::errors::{self, ResultExt};
use crate::frame::Table;

/// The holdings table of `holder` (every holder when `None`) at `at`, only the platforms of
/// `origins` (codes or names, resolved as holders) when some are given: the export's rows
/// whose `origin` column is one of them.
pub(crate) fn holdings_table(
    ledger: &Ledger,
    holder: Option<&str>,
    origins: &[String],
    at: &AsOf,
) -> PyResult<Table> {
    let csv = export_csv(ledger, "holdings", holder, None, at)?;
    let mut table = Table::from_csv(&csv)?;
    if !origins.is_empty() {
        let codes = origins
            .iter()
            .map(|o| args::holder(ledger, o).map(|h| h.to_string()))
            .collect::<PyResult<Vec<String>>>()?;
        table.filter_text("origin", |o| codes.iter().any(|c| c == o));
    }
    Ok(table)
}

/// The CSV export of `table` for `holder` / `platform` at `at`.
pub(crate) fn export_csv(
    ledger: &Ledger,
    table: &str,
    holder: Option<&str>,
    platform: Option<&str>,
    at: &AsOf,
) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    let csv = Format::Csv;
    match (table, holder, platform) {
        ("entries", _, _) => export::entries(ledger, csv, &mut out).py()?,
        ("holdings", None, _) => export::all_holdings(ledger, at, csv, &mut out).py()?,
        ("holdings", Some(h), _) => {
            export::holdings(ledger, &args::holder(ledger, h)?, at, csv, &mut out).py()?
        }
        ("pipeline", None, _) => export::all_pipelines(ledger, at, csv, &mut out).py()?,
        ("pipeline", Some(h), _) => {
            export::pipeline(ledger, &args::holder(ledger, h)?, at, csv, &mut out).py()?
        }
        ("timeline", Some(h), Some(p)) => {
            let platform = args::platform(ledger, p)?;
            export::timeline(
                ledger,
                &args::holder(ledger, h)?,
                &platform,
                at,
                csv,
                &mut out,
            )
            .py()?;
        }
        ("timeline", _, _) => {
            return Err(errors::parse(
                "the timeline table needs a holder and a platform",
            ));
        }
        (other, _, _) => {
            return Err(errors::parse(format!(
                "unknown table {other:?}: entries, holdings, timeline or pipeline"
            )));
        }
    }
    Ok(out)
}

/// The losses table of `holder` (every holder when `None`) at `at`: the library's losses
/// export (`materiel losses --format csv`), `month` read as the month's first day.
pub(crate) fn losses_table(ledger: &Ledger, holder: Option<&str>, at: &AsOf) -> PyResult<Table> {
    let holder = holder.map(|h| args::holder(ledger, h)).transpose()?;
    let mut csv = Vec::new();
    export::losses(ledger, holder.as_ref(), at, Format::Csv, &mut csv).py()?;
    Table::from_csv(&csv)
}
