//! Tables the ledger's methods return: the library's CSV export read back (holdings,
//! pipelines, timelines, entries and losses).

use materiel::export::{self, Format};
use materiel::ledger::{PointPolicy, Quantity};
use materiel::{AsOf, Ledger};
use pyo3::prelude::*;

use crate::args;
use crate::errors::{self, ResultExt};
use crate::frame::Table;

/// The columns `materiel holdings --format csv` adds after the export's, in order.
const BOUNDS_COLUMNS: [&str; 4] = [
    "bounds_lower",
    "bounds_upper",
    "bounds_point",
    "disputed_assessment",
];

/// The holdings table of `holder` (every holder when `None`) at `at`, only the platforms of
/// `origins` (codes or names, resolved as holders) when some are given: the export's rows
/// whose `origin` column is one of them. After the export's columns, those `materiel
/// holdings --format csv` adds: each lot's bounds of units held (`Ledger::bounds_with`, the
/// point by `PointPolicy::Resolved`) where they say more than its count
/// (`Bounds::says_more_than`), and the entry id of the assessment that sets its count where
/// other supports disagree with it (`Bounds::disputed_assessment`); missing otherwise.
pub(crate) fn holdings_table(
    ledger: &Ledger,
    holder: Option<&str>,
    origins: &[String],
    at: &AsOf,
) -> PyResult<Table> {
    let csv = export_csv(ledger, "holdings", holder, None, at)?;
    let mut table = Table::from_csv(&csv)?;
    // The export's rows are the lots in this order (`export::holdings`, `all_holdings`).
    let lots = match holder {
        Some(h) => {
            let h = args::holder(ledger, h)?;
            let holdings = ledger.holdings(&h, at);
            vec![(h, holdings)]
        }
        None => ledger.all_holdings(at),
    };
    let mut cells: [Vec<String>; 4] = Default::default();
    for (holder, holdings) in &lots {
        for (platform, state) in holdings.iter() {
            let b = ledger.bounds_with(holder, platform, Quantity::Held, at, PointPolicy::Resolved);
            let shown = b.says_more_than(state.in_service());
            let values = [
                shown.then_some(b.lower()),
                shown.then_some(b.upper()).flatten(),
                shown.then_some(b.point()).flatten(),
                b.disputed_assessment()
                    .filter(|_| shown)
                    .and_then(|s| s.entry())
                    .map(|e| e.id().get()),
            ];
            for (column, v) in cells.iter_mut().zip(values) {
                column.push(v.map_or_else(String::new, |v| v.to_string()));
            }
        }
    }
    for (name, column) in BOUNDS_COLUMNS.iter().zip(&cells) {
        table.append_column(name, column.iter().map(String::as_str))?;
    }
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
