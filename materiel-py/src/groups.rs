//! Deliveries and transfers summed by the library's `Ledger::group_deliveries`: by platform,
//! family, category or supplier, filtered by supplier, category and period, bucketed by month
//! or year. The command line's `deliveries` and `transfers` compute their sums themselves
//! (with a supplier column and SIPRI TIVs); these are the library's rows, under the command
//! line's column names where they mean the same.

use materiel::catalog::Category;
use materiel::ledger::{Bucket, GroupBy, GroupFilter, GroupKey};
use materiel::{AsOf, Ledger};
use pyo3::prelude::*;

use crate::args;
use crate::errors;
use crate::frame::{Kind, Table, kind_of};

/// The filters and buckets of a grouped query, as Python gave them.
pub(crate) struct Options<'a> {
    /// Only deliveries from this holder.
    pub(crate) supplier: Option<&'a str>,
    /// Only platforms of this category.
    pub(crate) category: Option<&'a str>,
    /// From this day on (a year or month from its first day).
    pub(crate) since: Option<materiel::jiff::civil::Date>,
    /// Up to this day (a year or month to its last day).
    pub(crate) until: Option<materiel::jiff::civil::Date>,
    /// `"month"`, `"year"` or `None` (one bucket).
    pub(crate) per: Option<&'a str>,
}

/// The filters and buckets of `deliveries` and `transfers`.
pub(crate) fn options<'a>(
    supplier: Option<&'a str>,
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
    if let Some(s) = o.supplier {
        f = f.supplier(args::holder(ledger, s)?);
    }
    if let Some(c) = o.category {
        let c: Category = c
            .trim()
            .parse()
            .map_err(|e| errors::parse(format!("category: {e}")))?;
        f = f.category(c);
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
/// `units_basis`.
fn table(first: &str, second: &str) -> Table {
    let names = [first, second, "period", "units", "units_basis"];
    Table::with_kinds(names.iter().map(|n| {
        let kind = match *n {
            "period" => Kind::Date,
            "units" => Kind::Int,
            other => kind_of(other, &names),
        };
        ((*n).to_owned(), kind)
    }))
}

/// What `recipient` (every holder when `None`) received, summed by `group`
/// (`Ledger::group_deliveries`): `recipient`, the group (a column named after it), `period`,
/// `units`, `units_basis`.
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
    let rows = ledger
        .group_deliveries(recipient.as_ref(), by, &f, at)
        .map_err(|e| errors::parse(e.to_string()))?;
    let mut out = table("recipient", group);
    for row in rows {
        push(
            &mut out,
            ledger,
            row.holder.as_str(),
            &row.key,
            row.period,
            row.count,
        )?;
    }
    Ok(out)
}

/// Supplier x recipient: `Ledger::group_deliveries` by supplier over every recipient (or
/// `recipient`): `supplier`, `recipient`, `period`, `units`, `units_basis`.
pub(crate) fn transfers(
    ledger: &Ledger,
    recipient: Option<&str>,
    options: &Options<'_>,
    at: &AsOf,
) -> PyResult<Table> {
    let recipient = recipient.map(|r| args::holder(ledger, r)).transpose()?;
    let f = filter(ledger, options)?;
    let rows = ledger
        .group_deliveries(recipient.as_ref(), GroupBy::Supplier, &f, at)
        .map_err(|e| errors::parse(e.to_string()))?;
    let mut out = table("supplier", "recipient");
    for row in rows {
        let supplier = row.key.label(ledger.catalog());
        let count = row.count;
        let period = period(row.period);
        let value = count.value().to_string();
        let basis: &'static str = count.basis().into();
        out.push([
            supplier.as_str(),
            row.holder.as_str(),
            period.as_str(),
            value.as_str(),
            basis,
        ])?;
    }
    Ok(out)
}

fn period(day: Option<materiel::jiff::civil::Date>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
}

fn push(
    out: &mut Table,
    ledger: &Ledger,
    holder: &str,
    key: &GroupKey,
    day: Option<materiel::jiff::civil::Date>,
    count: materiel::Count,
) -> PyResult<()> {
    let label = key.label(ledger.catalog());
    let period = period(day);
    let value = count.value().to_string();
    let basis: &'static str = count.basis().into();
    out.push([
        holder,
        label.as_str(),
        period.as_str(),
        value.as_str(),
        basis,
    ])
}
