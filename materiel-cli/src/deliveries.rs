//! `materiel deliveries` (what a holder received, grouped) and `materiel transfers` (the
//! world view: supplier x recipient flows), in units and SIPRI TIV.

use std::collections::BTreeMap;

use anyhow::Result;
use clap::Args;
use materiel::import::sipri::SipriDeal;
use materiel::jiff::civil::Date;
use materiel::ledger::{Basis, Bucket, Delivery, GroupFilter};
use materiel::{HolderId, Ledger};

use crate::args;
use crate::filters::Filters;
use crate::flags::{ByArg, GroupArgs, PeriodArgs, View};
use crate::output::describe;
use crate::rows::{Cell, emit};
use crate::scope::holder_title;
use crate::store;
use crate::ui::Outcome;

#[derive(Debug, Args)]
pub(crate) struct DeliveriesQuery {
    /// Only deliveries to this holder: an id (IND) or a country name (India).
    pub(crate) recipient: Option<String>,
    #[command(flatten)]
    pub(crate) view: View,
    #[command(flatten)]
    pub(crate) group: GroupArgs,
    #[command(flatten)]
    pub(crate) period: PeriodArgs,
}

#[derive(Debug, Args)]
pub(crate) struct TransfersQuery {
    #[command(flatten)]
    pub(crate) view: View,
    /// Only deliveries from HOLDER (an id such as RUS, or a country name).
    #[arg(long, value_name = "HOLDER", help_heading = "Grouping and filters")]
    pub(crate) supplier: Option<String>,
    /// Only deliveries to HOLDER.
    #[arg(long, value_name = "HOLDER", help_heading = "Grouping and filters")]
    pub(crate) recipient: Option<String>,
    /// Only platforms of CATEGORY (combat_aircraft, tank, ...).
    #[arg(
        long,
        value_name = "CATEGORY",
        value_parser = args::parse_category,
        help_heading = "Grouping and filters"
    )]
    pub(crate) category: Option<materiel::catalog::Category>,
    #[command(flatten)]
    pub(crate) period: PeriodArgs,
}

/// A row of `deliveries`: recipient, group (whether it is "none", for sorting last; its
/// label), supplier, period.
type DeliveryKey = (HolderId, (bool, String), String, Option<Date>);

/// Units (with the weakest basis summed) and TIV (thousandths of a million; deliveries
/// without a SIPRI TIV add nothing) of some deliveries.
#[derive(Clone, Copy, Default)]
struct Sum {
    units: u64,
    basis: Option<Basis>,
    tiv: u64,
    without_tiv: u64,
}

impl Sum {
    fn add(&mut self, ledger: &Ledger, d: &Delivery) {
        self.units = self.units.saturating_add(d.count.value());
        self.basis = Some(
            self.basis
                .map_or(d.count.basis(), |b| b.join(d.count.basis())),
        );
        match tiv_of(ledger, d) {
            Some(t) => self.tiv = self.tiv.saturating_add(t),
            None => self.without_tiv += 1,
        }
    }

    fn cells(&self) -> [Cell; 3] {
        let basis = self.basis.unwrap_or(Basis::Exact);
        [
            Cell::Number(self.units),
            Cell::Text(<&str>::from(basis).to_owned()),
            Cell::Thousandths(self.tiv),
        ]
    }
}

/// The SIPRI TIV of a delivery (`TIV delivery values`), in thousandths of a million, when
/// its entry has SIPRI facts that give it.
fn tiv_of(ledger: &Ledger, d: &Delivery) -> Option<u64> {
    let entry = ledger.get(d.entry)?;
    let deal = entry.facts_as::<SipriDeal>().ok()??;
    deal.tiv_delivery.map(|t| t.thousandths())
}

/// A period's text: `2022`, `2022-03`, or empty for the whole period.
fn period_text(period: Option<Date>, per_month: bool) -> Cell {
    match period {
        None => Cell::Empty,
        Some(d) if per_month => Cell::Text(format!("{:04}-{:02}", d.year(), d.month())),
        Some(d) => Cell::Text(format!("{:04}", d.year())),
    }
}

/// `materiel deliveries`.
pub(crate) fn deliveries(q: &DeliveriesQuery) -> Result<Outcome> {
    let ledger = store::Target::of(&q.view.target)?.load()?;
    let recipient = q
        .recipient
        .as_deref()
        .map(|n| args::holder(ledger, n))
        .transpose()?;
    let at = q.view.as_of.as_of();
    let filter = q.period.apply(q.group.filter(ledger)?);
    let by = q.group.by.unwrap_or(ByArg::Platform);
    let bucket = filter.bucket_of();
    let per_month = q.period.per == Some(crate::flags::PerArg::Month);
    let catalog = ledger.catalog();
    // (recipient, group, supplier, period) -> sum; the supplier column only when grouping by
    // something else.
    let mut sums: BTreeMap<DeliveryKey, Sum> = BTreeMap::new();
    for d in ledger.deliveries(recipient.as_ref(), &filter, &at) {
        let key = by.group_by().key(catalog, &d.platform, d.supplier.as_ref());
        let label = key.label(catalog);
        let none = matches!(label.as_str(), "uncategorised" | "unknown");
        let supplier = if by == ByArg::Supplier {
            String::new()
        } else {
            d.supplier
                .as_ref()
                .map_or_else(|| "unknown".to_owned(), HolderId::to_string)
        };
        let period = bucketed(bucket, d.effective.first_day());
        sums.entry((d.recipient.clone(), (none, label), supplier, period))
            .or_default()
            .add(ledger, &d);
    }
    let with_supplier = by != ByArg::Supplier;
    let mut columns = vec!["recipient", by.name()];
    if with_supplier {
        columns.push("supplier");
    }
    columns.extend(["period", "units", "units_basis", "tiv"]);
    let mut rows = Vec::new();
    let mut total = Sum::default();
    for ((holder, (_, label), supplier, period), sum) in &sums {
        let mut row = vec![Cell::Text(holder.to_string()), Cell::Text(label.clone())];
        if with_supplier {
            row.push(Cell::Text(supplier.clone()));
        }
        row.push(period_text(*period, per_month));
        row.extend(sum.cells());
        rows.push(row);
        total.units += sum.units;
        total.tiv += sum.tiv;
        total.without_tiv += sum.without_tiv;
    }
    let whom = recipient
        .as_ref()
        .map_or_else(|| "every holder".to_owned(), holder_title);
    let title = vec![
        format!(
            "Deliveries to {whom} by {}{}, {}",
            by.name(),
            Filters::of_group(ledger, &q.group)?
                .period(&q.period)
                .suffix(),
            describe(&at)
        ),
        format!(
            "{} units, {} TIV (SIPRI trend-indicator values, millions){}",
            total.units,
            Cell::Thousandths(total.tiv).text(),
            without_tiv_note(total.without_tiv)
        ),
    ];
    emit(q.view.format, &title, &columns, &rows)?;
    Ok(Outcome::Ok)
}

/// `materiel transfers`: supplier x recipient flows.
pub(crate) fn transfers(q: &TransfersQuery) -> Result<Outcome> {
    let ledger = store::Target::of(&q.view.target)?.load()?;
    let at = q.view.as_of.as_of();
    let mut filter = GroupFilter::new();
    if let Some(name) = &q.supplier {
        filter = filter.supplier(args::holder(ledger, name)?);
    }
    if let Some(c) = q.category {
        filter = filter.category(c);
    }
    let filter = q.period.apply(filter);
    let recipient = q
        .recipient
        .as_deref()
        .map(|n| args::holder(ledger, n))
        .transpose()?;
    let bucket = filter.bucket_of();
    let per_month = q.period.per == Some(crate::flags::PerArg::Month);
    let mut sums: BTreeMap<(String, HolderId, Option<Date>), Sum> = BTreeMap::new();
    for d in ledger.deliveries(recipient.as_ref(), &filter, &at) {
        let supplier = d
            .supplier
            .as_ref()
            .map_or_else(|| "unknown".to_owned(), HolderId::to_string);
        let period = bucketed(bucket, d.effective.first_day());
        sums.entry((supplier, d.recipient.clone(), period))
            .or_default()
            .add(ledger, &d);
    }
    let columns = [
        "supplier",
        "recipient",
        "period",
        "units",
        "units_basis",
        "tiv",
    ];
    let mut rows = Vec::new();
    let mut total = Sum::default();
    for ((supplier, recipient, period), sum) in &sums {
        let mut row = vec![
            Cell::Text(supplier.clone()),
            Cell::Text(recipient.to_string()),
            period_text(*period, per_month),
        ];
        row.extend(sum.cells());
        rows.push(row);
        total.units += sum.units;
        total.tiv += sum.tiv;
        total.without_tiv += sum.without_tiv;
    }
    let title = vec![
        format!(
            "Transfers, supplier x recipient{}, {}",
            Filters::new(ledger, q.category, q.supplier.as_deref())?
                .recipient(recipient.as_ref())
                .period(&q.period)
                .suffix(),
            describe(&at)
        ),
        format!(
            "{} flows, {} units, {} TIV (SIPRI trend-indicator values, millions){}",
            rows.len(),
            total.units,
            Cell::Thousandths(total.tiv).text(),
            without_tiv_note(total.without_tiv)
        ),
    ];
    emit(q.view.format, &title, &columns, &rows)?;
    Ok(Outcome::Ok)
}

/// The first day of `day`'s bucket.
fn bucketed(bucket: Bucket, day: Date) -> Option<Date> {
    match bucket {
        Bucket::Month => Some(day.first_of_month()),
        Bucket::Year => Some(day.first_of_year()),
        _ => None,
    }
}

fn without_tiv_note(n: u64) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("; {n} deliveries without a SIPRI TIV add none")
    }
}
