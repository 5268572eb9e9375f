//! The claims queries as tables: `Ledger::conflicts` (the open disagreements between sources)
//! and `Ledger::bounds` (what the sources allow of one quantity of one lot), one row per
//! figure behind them, with the columns of `materiel conflicts --format csv`.

use materiel::ledger::{Bounds, Quantity, Support};
use materiel::{AsOf, HolderId, Ledger, PlatformRef};
use pyo3::prelude::*;

use crate::args;
use crate::errors;
use crate::frame::{Kind, Table, kind_of};

/// The columns of `materiel conflicts --format csv`: one row per figure behind a conflict.
const COLUMNS: [&str; 12] = [
    "holder",
    "platform",
    "quantity",
    "lower",
    "upper",
    "point",
    "support",
    "entry",
    "source_citation",
    "source_grade",
    "effective",
    "stated",
];

/// An empty table of [`COLUMNS`]: the bounds and the entry id are nullable integers, the
/// rest typed by the usual rules (`source_grade` a categorical of grades, the rest text).
fn table() -> Table {
    Table::with_kinds(COLUMNS.iter().map(|name| {
        let kind = match *name {
            "lower" | "upper" | "point" | "entry" => Kind::Int,
            other => kind_of(other, &COLUMNS),
        };
        ((*name).to_owned(), kind)
    }))
}

/// Adds the rows of `bounds` of `holder`'s `platform`, one per figure behind them, as the
/// command line's `conflicts --format csv` writes them.
fn push(
    table: &mut Table,
    ledger: &Ledger,
    holder: &HolderId,
    platform: &PlatformRef,
    bounds: &Bounds,
) -> PyResult<()> {
    let opt = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
    for s in bounds.supports() {
        let (kind, entry, citation, effective) = support(s);
        let cells = [
            holder.to_string(),
            platform.label(ledger.catalog()).to_owned(),
            bounds.quantity().to_string(),
            bounds.lower().to_string(),
            opt(bounds.upper()),
            opt(bounds.point()),
            kind.to_owned(),
            entry,
            citation,
            s.grade().to_string(),
            effective,
            s.stated().to_string(),
        ];
        table.push(cells.iter().map(String::as_str))?;
    }
    Ok(())
}

/// What a figure rests on: the entry's change, id, citation and effective date, or the
/// recorded flows.
fn support(s: &Support) -> (&'static str, String, String, String) {
    match s.entry() {
        Some(e) => (
            e.change().name(),
            e.id().get().to_string(),
            e.source().citation().to_owned(),
            e.effective().to_string(),
        ),
        None => (
            "flows",
            String::new(),
            String::new(),
            s.effective().to_string(),
        ),
    }
}

/// The open conflicts of `holder` (every holder when `None`), widest first, in the order of
/// `Ledger::conflicts`.
pub(crate) fn conflicts(ledger: &Ledger, holder: Option<&str>, at: &AsOf) -> PyResult<Table> {
    let holder = holder.map(|h| args::holder(ledger, h)).transpose()?;
    let mut out = table();
    for c in ledger.conflicts(holder.as_ref(), at) {
        push(&mut out, ledger, c.holder(), c.platform(), c.bounds())?;
    }
    Ok(out)
}

/// The bounds of `quantity` of `holder`'s `platform`: one row per figure behind them (none
/// when nothing is known of the lot).
pub(crate) fn bounds(
    ledger: &Ledger,
    holder: &str,
    platform: &str,
    quantity: Quantity,
    at: &AsOf,
) -> PyResult<Table> {
    let holder = args::holder(ledger, holder)?;
    let platform = args::platform(ledger, platform)?;
    let mut out = table();
    let b = ledger.bounds(&holder, &platform, quantity, at);
    push(&mut out, ledger, &holder, &platform, &b)?;
    Ok(out)
}

/// A quantity in its JSON form: `"held"`, `"delivered"`, `"lost"`, or `{"in_status":
/// "stored"}` (a dict or JSON text).
pub(crate) fn quantity(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Quantity> {
    let text: String = py
        .import("json")?
        .getattr("dumps")?
        .call1((value,))?
        .extract()?;
    serde_json::from_str(&text).map_err(|e| {
        errors::parse(format!(
            "quantity: {text} is not \"held\", \"delivered\", \"lost\" or {{\"in_status\": \
             STATUS}}: {e}"
        ))
    })
}
