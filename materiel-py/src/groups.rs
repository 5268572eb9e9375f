//! Deliveries and transfers summed by the library's `Ledger::group_deliveries`: by platform,
//! family, category or supplier, filtered by supplier, category, origin and period, bucketed by
//! month or year, with their SIPRI TIV (`materiel::import::sipri::group_deliveries`, which the
//! command line's `deliveries` and `transfers` use too); losses by `Ledger::group_losses` and
//! holdings by `Ledger::group_holdings`; the library's rows, under the command line's column
//! names where they mean the same.

use materiel::catalog::Category;
use materiel::import::sipri::{self, TivError, TivRow};
use materiel::ledger::{Bucket, GroupBy, GroupFilter};
use materiel::{AsOf, HolderId, Ledger, Status};
use pyo3::prelude::*;

use crate::args;
use crate::errors;
use crate::frame::{Kind, Table, kind_of};

/// The filters and buckets of a grouped query, as Python gave them.
pub(crate) struct Options<'a> {
    /// Only deliveries from one of these holders (none: every supplier).
    pub(crate) supplier: Vec<String>,
    /// Only platforms of this category.
    pub(crate) category: Option<&'a str>,
    /// From this day on (a year or month from its first day).
    pub(crate) since: Option<materiel::jiff::civil::Date>,
    /// Up to this day (a year or month to its last day).
    pub(crate) until: Option<materiel::jiff::civil::Date>,
    /// `"month"`, `"year"` or `None` (one bucket).
    pub(crate) per: Option<&'a str>,
    /// Only platforms whose catalog origin is one of these (codes or names); all when empty.
    pub(crate) origins: Vec<String>,
}

/// The filters and buckets of `deliveries` and `transfers`.
pub(crate) fn options<'a>(
    supplier: Vec<String>,
    category: Option<&'a str>,
    since: Option<&Bound<'_, PyAny>>,
    until: Option<&Bound<'_, PyAny>>,
    per: Option<&'a str>,
) -> PyResult<Options<'a>> {
    let day = |v: Option<&Bound<'_, PyAny>>, end: bool, what: &str| {
        v.filter(|v| !v.is_none())
            .map(|v| {
                if end {
                    args::period_end(what, v)
                } else {
                    args::period_start(what, v)
                }
            })
            .transpose()
    };
    Ok(Options {
        supplier,
        category,
        since: day(since, false, "since")?,
        until: day(until, true, "until")?,
        per,
        origins: Vec::new(),
    })
}

fn by(text: &str) -> PyResult<GroupBy> {
    match text.trim() {
        "platform" => Ok(GroupBy::Platform),
        "family" => Ok(GroupBy::Family),
        "category" => Ok(GroupBy::Category),
        "supplier" => Ok(GroupBy::Supplier),
        other => Err(errors::parse(format!(
            "by: {other:?} is not platform, family, category or supplier"
        ))),
    }
}

fn filter(ledger: &Ledger, o: &Options<'_>) -> PyResult<GroupFilter> {
    let mut f = GroupFilter::new();
    for s in &o.supplier {
        f = f.supplier(args::holder(ledger, s)?);
    }
    if let Some(c) = o.category {
        let c: Category = c
            .trim()
            .parse()
            .map_err(|e| errors::parse(format!("category: {e}")))?;
        f = f.category(c);
    }
    for origin in &o.origins {
        f = f.origin(args::holder(ledger, origin)?);
    }
    if let Some(d) = o.since {
        f = f.since(d);
    }
    if let Some(d) = o.until {
        f = f.until(d);
    }
    f = f.bucket(match o.per.map(str::trim) {
        None => Bucket::Whole,
        Some("month") => Bucket::Month,
        Some("year") => Bucket::Year,
        Some(other) => {
            return Err(errors::parse(format!(
                "per: {other:?} is not month or year"
            )));
        }
    });
    Ok(f)
}

/// A table of `first`, `second`, `period` (a date: the bucket's first day), `units`,
/// `units_basis`, `tiv` (millions), `without_tiv`.
fn table(first: &str, second: &str) -> Table {
    let names = [
        first,
        second,
        "period",
        "units",
        "units_basis",
        "tiv",
        "without_tiv",
    ];
    Table::with_kinds(names.iter().map(|n| {
        let kind = match *n {
            "period" => Kind::Date,
            "units" | "without_tiv" => Kind::Int,
            "tiv" => Kind::Float,
            other => kind_of(other, &names),
        };
        ((*n).to_owned(), kind)
    }))
}

/// The library's grouped deliveries in TIV, its errors as Python's.
fn rows(
    ledger: &Ledger,
    recipient: Option<&HolderId>,
    by: GroupBy,
    f: &GroupFilter,
    at: &AsOf,
) -> PyResult<Vec<TivRow>> {
    sipri::group_deliveries(ledger, recipient, by, f, at).map_err(|e| match e {
        TivError::Facts { .. } => errors::ExportError::new_err(e.to_string()),
        _ => errors::parse(e.to_string()),
    })
}

/// What `recipient` (every holder when `None`) received, summed by `group`
/// (`sipri::group_deliveries`): `recipient`, the group (a column named after it), `period`,
/// `units`, `units_basis`, `tiv`, `without_tiv`.
pub(crate) fn deliveries(
    ledger: &Ledger,
    recipient: Option<&str>,
    group: &str,
    options: &Options<'_>,
    at: &AsOf,
) -> PyResult<Table> {
    let recipient = recipient.map(|r| args::holder(ledger, r)).transpose()?;
    let group = group.trim();
    let by = by(group)?;
    let f = filter(ledger, options)?;
    let mut out = table("recipient", group);
    for r in rows(ledger, recipient.as_ref(), by, &f, at)? {
        let label = r.row.key.label(ledger.catalog());
        push(&mut out, r.row.holder.as_str(), &label, &r)?;
    }
    Ok(out)
}

/// Supplier x recipient: `sipri::group_deliveries` by supplier over every recipient (or
/// `recipient`): `supplier`, `recipient`, `period`, `units`, `units_basis`, `tiv`,
/// `without_tiv`.
pub(crate) fn transfers(
    ledger: &Ledger,
    recipient: Option<&str>,
    options: &Options<'_>,
    at: &AsOf,
) -> PyResult<Table> {
    let recipient = recipient.map(|r| args::holder(ledger, r)).transpose()?;
    let f = filter(ledger, options)?;
    let mut out = table("supplier", "recipient");
    for r in rows(ledger, recipient.as_ref(), GroupBy::Supplier, &f, at)? {
        let supplier = r.row.key.label(ledger.catalog());
        push(&mut out, &supplier, r.row.holder.as_str(), &r)?;
    }
    Ok(out)
}

/// Losses of `holder` (every holder when `None`) summed by the library's
/// `Ledger::group_losses` by `group` (platform, family or category), with `options`' category,
/// origins, period and buckets: `holder`, the group (a column named after it), `period` (a date: the
/// bucket's first day), `units`, `units_basis`, the columns of `materiel losses --by GROUP`.
pub(crate) fn losses(
    ledger: &Ledger,
    holder: Option<&str>,
    group: &str,
    options: &Options<'_>,
    at: &AsOf,
) -> PyResult<Table> {
    let holder = holder.map(|h| args::holder(ledger, h)).transpose()?;
    let group = group.trim();
    let by = match by(group)? {
        GroupBy::Supplier => {
            return Err(errors::parse(
                "by: \"supplier\" does not apply to losses (a loss has no supplier): platform, \
                 family or category",
            ));
        }
        other => other,
    };
    let f = filter(ledger, options)?;
    let rows = ledger
        .group_losses(holder.as_ref(), by, &f, at)
        .map_err(|e| errors::parse(e.to_string()))?;
    let names = ["holder", group, "period", "units", "units_basis"];
    let mut out = Table::with_kinds(names.iter().map(|n| {
        let kind = match *n {
            "period" => Kind::Date,
            "units" => Kind::Int,
            other => kind_of(other, &names),
        };
        ((*n).to_owned(), kind)
    }));
    for r in rows {
        let label = r.key.label(ledger.catalog());
        let period = r.period.map(|d| d.to_string()).unwrap_or_default();
        let units = r.count.value().to_string();
        let basis: &'static str = r.count.basis().into();
        out.push([
            r.holder.as_str(),
            label.as_str(),
            period.as_str(),
            units.as_str(),
            basis,
        ])?;
    }
    Ok(out)
}

/// One row: its two key columns, then the row's period, units, TIV.
fn push(out: &mut Table, first: &str, second: &str, r: &TivRow) -> PyResult<()> {
    let period = r.row.period.map(|d| d.to_string()).unwrap_or_default();
    let count = r.row.count;
    let value = count.value().to_string();
    let basis: &'static str = count.basis().into();
    let tiv = r.tiv.to_string();
    let without = r.without_tiv.to_string();
    out.push([
        first,
        second,
        period.as_str(),
        value.as_str(),
        basis,
        tiv.as_str(),
        without.as_str(),
    ])
}

/// What `holder` (every holder, in the ledger's order, when `None`) holds, summed by the
/// library's `Ledger::group_holdings` by `group` (platform, family or category), only the
/// platforms of `origins` when some are given: the columns of `materiel holdings --by GROUP
/// --format csv`: `holder`, the group (a column named after it), `lots`, `in_service`,
/// `in_service_basis`, the units by status under their codes (`FMC` ... `NKN`),
/// `captured_held_lower`, `captured_held_upper`, `bounds_lower`, `bounds_upper` (missing: no
/// upper limit).
pub(crate) fn holdings(
    ledger: &Ledger,
    holder: Option<&str>,
    group: &str,
    origins: &[String],
    at: &AsOf,
) -> PyResult<Table> {
    let holders: Vec<HolderId> = match holder {
        Some(h) => vec![args::holder(ledger, h)?],
        None => ledger.holders().cloned().collect(),
    };
    let group = group.trim();
    let by = match by(group)? {
        GroupBy::Supplier => {
            return Err(errors::parse(
                "by: \"supplier\" does not apply to holdings (a lot's units are not kept by \
                 supplier): platform, family or category",
            ));
        }
        other => other,
    };
    let mut f = GroupFilter::new();
    for origin in origins {
        f = f.origin(args::holder(ledger, origin)?);
    }
    let mut names = vec!["holder", group, "lots", "in_service", "in_service_basis"];
    names.extend(Status::ALL.iter().map(|s| s.code()));
    names.extend([
        "captured_held_lower",
        "captured_held_upper",
        "bounds_lower",
        "bounds_upper",
    ]);
    let mut out = Table::with_kinds(names.iter().enumerate().map(|(i, n)| {
        let kind = match (i, *n) {
            (0 | 1, other) | (_, other @ "in_service_basis") => kind_of(other, &names),
            _ => Kind::Int,
        };
        ((*n).to_owned(), kind)
    }));
    for holder in &holders {
        let groups = ledger
            .group_holdings(holder, by, &f, at)
            .map_err(|e| errors::parse(e.to_string()))?;
        for g in groups {
            let mut cells = vec![
                holder.to_string(),
                g.key.label(ledger.catalog()),
                g.lots.to_string(),
                g.in_service.value().to_string(),
                <&str>::from(g.in_service.basis()).to_owned(),
            ];
            cells.extend(g.by_status.iter().map(|c| c.value().to_string()));
            cells.extend([
                g.captured_held.lower().to_string(),
                g.captured_held.upper().to_string(),
                g.bounds_lower.to_string(),
                g.bounds_upper.map(|n| n.to_string()).unwrap_or_default(),
            ]);
            out.push(cells.iter().map(String::as_str))?;
        }
    }
    Ok(out)
}
