//! Tables the ledger's methods return: the library's CSV export read back, and the losses
//! table (the columns of `materiel losses --format csv`).

use materiel::export::{self, Format};
use materiel::ledger::{LossCause, PointPolicy, Quantity};
use materiel::{AsOf, Ledger, PlatformRef};
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

/// The columns of the losses table, as `materiel losses --format csv` writes them.
const LOSS_COLUMNS: [&str; 13] = [
    "holder",
    "platform",
    "platform_generic",
    "platform_label",
    "platform_kind",
    "cause",
    "captor",
    "month",
    "count",
    "count_basis",
    "category",
    "origin",
    "family",
];

pub(crate) fn losses_table(ledger: &Ledger, holder: Option<&str>, at: &AsOf) -> PyResult<Table> {
    let holder = holder.map(|h| args::holder(ledger, h)).transpose()?;
    let mut table = Table::new(&LOSS_COLUMNS);
    let catalog = ledger.catalog();
    let rows = ledger
        .losses(at)
        .into_iter()
        .filter(|r| holder.as_ref().is_none_or(|h| r.holder == *h));
    for row in rows {
        let (id, generic) = match &row.platform {
            PlatformRef::Catalog(id) => (id.to_string(), "false"),
            PlatformRef::Generic(g) => (g.designation().to_owned(), "true"),
        };
        let (cause, captor) = match &row.cause {
            LossCause::Captured { by } => {
                ("captured".to_owned(), by.as_ref().map(|h| h.to_string()))
            }
            other => (other.to_string(), None),
        };
        let kind = row.platform.kind(catalog).map(|k| k.to_string());
        let month = format!("{:04}-{:02}-01", row.month.year(), row.month.month());
        let count = row.count.value().to_string();
        let basis: &'static str = row.count.basis().into();
        let category: Option<&'static str> = row.platform.category(catalog).map(Into::into);
        let origin = row.platform.origin(catalog).map(|h| h.as_str());
        let family = row.platform.family(catalog).map(|id| id.as_str());
        table.push([
            row.holder.as_str(),
            id.as_str(),
            generic,
            row.platform.label(catalog),
            kind.as_deref().unwrap_or(""),
            cause.as_str(),
            captor.as_deref().unwrap_or(""),
            month.as_str(),
            count.as_str(),
            basis,
            category.unwrap_or(""),
            origin.unwrap_or(""),
            family.unwrap_or(""),
        ])?;
    }
    Ok(table)
}
