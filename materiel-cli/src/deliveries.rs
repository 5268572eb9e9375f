//! `materiel deliveries` (what a holder received, grouped) and `materiel transfers` (the
//! world view: supplier x recipient flows), in units and SIPRI TIV.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use clap::Args;
use materiel::import::sipri::{self, TivRow};
use materiel::jiff::civil::Date;
use materiel::ledger::{Basis, GroupBy, GroupFilter};
use materiel::{AsOf, HolderId, Ledger};

use crate::args;
use crate::filters::{Filters, no_origin_rows};
use crate::flags::{ByArg, GroupArgs, OutputFormat, PeriodArgs, View};
use crate::output::describe;
use crate::ranking::{RankArgs, SortArg};
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
    #[command(flatten)]
    pub(crate) rank: RankArgs,
    /// Each row's share of its recipient's units and TIV in its period (columns units_share
    /// and tiv_share: fractions in CSV and JSON, percentages in tables); rows are then ordered
    /// by recipient and period (largest first within a period with --sort), and tables close
    /// each period with a `total` row.
    #[arg(long, help_heading = "Ranking", conflicts_with = "top")]
    pub(crate) share: bool,
}

#[derive(Debug, Args)]
pub(crate) struct TransfersQuery {
    #[command(flatten)]
    pub(crate) view: View,
    /// Only deliveries from one of HOLDER (ids such as RUS, or country names; comma-separated
    /// or repeated, as --origin takes them).
    #[arg(
        long,
        value_name = "HOLDER",
        value_delimiter = ',',
        help_heading = "Grouping and filters"
    )]
    pub(crate) supplier: Vec<String>,
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
    #[command(flatten)]
    pub(crate) rank: RankArgs,
}

/// A row of `deliveries`: recipient, group (whether it is "none", for sorting last; its
/// label), supplier, period.
type DeliveryKey = (HolderId, (bool, String), String, Option<Date>);

/// Units (with the weakest basis summed) and TIV (thousandths of a million; deliveries
/// without a SIPRI TIV add nothing) of some deliveries: the library's rows
/// ([`sipri::group_deliveries`]) added up under the table's keys.
#[derive(Clone, Copy, Default)]
struct Sum {
    units: u64,
    basis: Option<Basis>,
    tiv: u64,
    without_tiv: u64,
}

impl Sum {
    fn add(&mut self, r: &TivRow) {
        let count = r.row.count;
        self.units = self.units.saturating_add(count.value());
        self.basis = Some(self.basis.map_or(count.basis(), |b| b.join(count.basis())));
        self.tiv = self.tiv.saturating_add(r.tiv.thousandths());
        self.without_tiv = self.without_tiv.saturating_add(r.without_tiv);
    }

    fn merge(&mut self, other: &Sum) {
        self.units = self.units.saturating_add(other.units);
        self.basis = match (self.basis, other.basis) {
            (Some(a), Some(b)) => Some(a.join(b)),
            (a, b) => a.or(b),
        };
        self.tiv = self.tiv.saturating_add(other.tiv);
        self.without_tiv = self.without_tiv.saturating_add(other.without_tiv);
    }

    /// The size rows are ranked by.
    fn size(&self, measure: SortArg) -> u64 {
        match measure {
            SortArg::Units => self.units,
            SortArg::Tiv => self.tiv,
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

/// `keyed` rows (key cells, then their sum) in the default order, ranked by `rank` and
/// written as cells: with `--top`, the largest rows then one row with `others_key`'s key cells
/// summing the rest. Also returns the sum of every row and how many rows the last row sums.
fn ranked(
    rank: &RankArgs,
    mut keyed: Vec<(Vec<Cell>, Sum)>,
    others_key: Vec<Cell>,
) -> (Vec<Vec<Cell>>, Sum, usize) {
    let mut total = Sum::default();
    for (_, sum) in &keyed {
        total.merge(sum);
    }
    let rest = rank.rank(&mut keyed, |(_, sum), m| sum.size(m));
    let mut rows: Vec<Vec<Cell>> = keyed
        .into_iter()
        .map(|(mut key, sum)| {
            key.extend(sum.cells());
            key
        })
        .collect();
    if !rest.is_empty() {
        let mut others = Sum::default();
        for (_, sum) in &rest {
            others.merge(sum);
        }
        let mut row = others_key;
        row.extend(others.cells());
        rows.push(row);
    }
    (rows, total, rest.len())
}

/// `keyed` rows (key cells: recipient first, period last; then their sum) in the default
/// order, as `deliveries --share` writes them: ordered by recipient and period (within one,
/// largest first by `rank`'s `--sort`, else in the default order), each with its share of
/// its recipient's units and TIV in its period; `totals` (tables) closes each period with a
/// `total` row. Also returns the sum of every row (and no `all others` row: `--share` takes
/// no `--top`).
fn shared(
    rank: &RankArgs,
    mut keyed: Vec<(Vec<Cell>, Sum)>,
    totals: bool,
) -> (Vec<Vec<Cell>>, Sum, usize) {
    let block = |key: &[Cell]| {
        (
            key.first().map(Cell::text).unwrap_or_default(),
            key.last().map(Cell::text).unwrap_or_default(),
        )
    };
    let mut wholes: BTreeMap<(String, String), Sum> = BTreeMap::new();
    let mut total = Sum::default();
    for (key, sum) in &keyed {
        wholes.entry(block(key)).or_default().merge(sum);
        total.merge(sum);
    }
    // Stable: within a period, the ranking (or the default order) stays.
    let rest = rank.rank(&mut keyed, |(_, sum), m| sum.size(m));
    debug_assert!(rest.is_empty(), "--share conflicts with --top");
    keyed.sort_by_cached_key(|(key, _)| block(key));
    let share = |sum: &Sum, whole: &Sum| {
        [
            share_cell(sum.units, whole.units),
            share_cell(sum.tiv, whole.tiv),
        ]
    };
    let mut rows = Vec::with_capacity(keyed.len() + wholes.len());
    let mut open: Option<(String, String)> = None;
    let close = |rows: &mut Vec<Vec<Cell>>, open: &Option<(String, String)>, width: usize| {
        if let Some(b) = open.as_ref().filter(|_| totals)
            && let Some(whole) = wholes.get(b)
        {
            let mut row = vec![Cell::Text(b.0.clone()), Cell::Text("total".to_owned())];
            row.resize(width - 1, Cell::Empty);
            row.push(if b.1.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(b.1.clone())
            });
            row.extend(whole.cells());
            row.extend(share(whole, whole));
            rows.push(row);
        }
    };
    let mut width = 0;
    for (key, sum) in keyed {
        let b = block(&key);
        if open.as_ref() != Some(&b) {
            close(&mut rows, &open, width);
            open = Some(b.clone());
        }
        width = key.len();
        let whole = wholes.get(&b).copied().unwrap_or_default();
        let mut row = key;
        row.extend(sum.cells());
        row.extend(share(&sum, &whole));
        rows.push(row);
    }
    close(&mut rows, &open, width);
    (rows, total, 0)
}

/// `part` of `whole`, or nothing when the whole is nothing (a period without any TIV).
fn share_cell(part: u64, whole: u64) -> Cell {
    if whole == 0 {
        Cell::Empty
    } else {
        Cell::Share(part, whole)
    }
}

/// The text of the row `--top` sums the other rows in (its first key column in `transfers`,
/// its group column in `deliveries`).
const ALL_OTHERS: &str = "all others";

/// The heading's words for `--top`'s `all others` row summing `n` rows (`one`, `many`:
/// `flow`, `flows`).
fn others_note(n: usize, one: &str, many: &str) -> String {
    if n == 0 {
        String::new()
    } else {
        let n = crate::output::plural(n as u64, one, many);
        format!("; the `{ALL_OTHERS}` row sums the other {n}")
    }
}

/// A supplier's text: its id, or `unknown`.
fn supplier_text(supplier: Option<&HolderId>) -> String {
    supplier.map_or_else(|| "unknown".to_owned(), HolderId::to_string)
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
    let per_month = q.period.per == Some(crate::flags::PerArg::Month);
    let catalog = ledger.catalog();
    // The supplier column only when grouping by something else.
    let with_supplier = by != ByArg::Supplier;
    let filter = if with_supplier {
        filter.per_supplier()
    } else {
        filter
    };
    // (recipient, group, supplier, period) -> sum.
    let mut sums: BTreeMap<DeliveryKey, Sum> = BTreeMap::new();
    for r in sipri::group_deliveries(ledger, recipient.as_ref(), by.group_by(), &filter, &at)? {
        let label = r.row.key.label(catalog);
        let none = matches!(label.as_str(), "uncategorised" | "unknown");
        let supplier = if with_supplier {
            supplier_text(r.row.supplier.as_ref())
        } else {
            String::new()
        };
        sums.entry((r.row.holder.clone(), (none, label), supplier, r.row.period))
            .or_default()
            .add(&r);
    }
    let mut columns = vec!["recipient", by.name()];
    if with_supplier {
        columns.push("supplier");
    }
    columns.extend(["period", "units", "units_basis", "tiv"]);
    if q.share {
        columns.extend(["units_share", "tiv_share"]);
    }
    let mut keyed = Vec::with_capacity(sums.len());
    for ((holder, (_, label), supplier, period), sum) in sums {
        let mut key = vec![Cell::Text(holder.to_string()), Cell::Text(label)];
        if with_supplier {
            key.push(Cell::Text(supplier));
        }
        key.push(period_text(period, per_month));
        keyed.push((key, sum));
    }
    // The `all others` row: its recipient when there is one, `all others` as its group.
    let mut others_key = vec![
        recipient
            .as_ref()
            .map_or(Cell::Empty, |h| Cell::Text(h.to_string())),
        Cell::Text(ALL_OTHERS.to_owned()),
    ];
    others_key.resize(keyed.first().map_or(0, |(k, _)| k.len()), Cell::Empty);
    let (rows, total, others) = if q.share {
        shared(&q.rank, keyed, q.view.format == OutputFormat::Table)
    } else {
        ranked(&q.rank, keyed, others_key)
    };
    let whom = recipient
        .as_ref()
        .map_or_else(|| "every holder".to_owned(), holder_title);
    let mut title = vec![
        format!(
            "Deliveries to {whom} by {}{}{}, {}",
            by.name(),
            Filters::of_group(ledger, &q.group)?
                .period(&q.period)
                .suffix(),
            q.rank.suffix(),
            describe(&at)
        ),
        format!(
            "{} units, {} TIV (SIPRI trend-indicator values, millions){}{}",
            total.units,
            Cell::Thousandths(total.tiv).text(),
            without_tiv_note(total.without_tiv),
            others_note(others, "row", "rows")
        ),
    ];
    if q.group.origin.given() {
        // What the origin filter chose from: the same deliveries by platform, every origin.
        let every = PeriodArgs {
            per: None,
            ..q.period.clone()
        }
        .apply(q.group.filter_but_origin(ledger)?);
        let every = ledger.group_deliveries(recipient.as_ref(), GroupBy::Platform, &every, &at)?;
        title.extend(no_origin_rows(
            ledger,
            &every,
            "delivered",
            "; `--by platform` without --origin lists them",
        ));
    }
    coverage_note(ledger, &at, q.view.format, &mut title);
    emit(q.view.format, &title, &columns, &rows)?;
    Ok(Outcome::Ok)
}

/// `materiel transfers`: supplier x recipient flows.
pub(crate) fn transfers(q: &TransfersQuery) -> Result<Outcome> {
    let ledger = store::Target::of(&q.view.target)?.load()?;
    let at = q.view.as_of.as_of();
    let mut filter = GroupFilter::new();
    for h in args::holders(ledger, &q.supplier)? {
        filter = filter.supplier(h);
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
    let per_month = q.period.per == Some(crate::flags::PerArg::Month);
    let mut sums: BTreeMap<(String, HolderId, Option<Date>), Sum> = BTreeMap::new();
    let rows =
        sipri::group_deliveries(ledger, recipient.as_ref(), GroupBy::Supplier, &filter, &at)?;
    for r in &rows {
        // By supplier, the key's label is the supplier's id, or `unknown`.
        let supplier = r.row.key.label(ledger.catalog());
        let key = (supplier, r.row.holder.clone(), r.row.period);
        sums.entry(key).or_default().add(r);
    }
    let columns = [
        "supplier",
        "recipient",
        "period",
        "units",
        "units_basis",
        "tiv",
    ];
    let keyed: Vec<(Vec<Cell>, Sum)> = sums
        .into_iter()
        .map(|((supplier, recipient, period), sum)| {
            let key = vec![
                Cell::Text(supplier),
                Cell::Text(recipient.to_string()),
                period_text(period, per_month),
            ];
            (key, sum)
        })
        .collect();
    let flows = keyed.len();
    let others_key = vec![Cell::Text(ALL_OTHERS.to_owned()), Cell::Empty, Cell::Empty];
    let (rows, total, others) = ranked(&q.rank, keyed, others_key);
    let title = vec![
        format!(
            "Transfers, supplier x recipient{}{}, {}",
            Filters::new(ledger, q.category, &q.supplier)?
                .recipient(recipient.as_ref())
                .period(&q.period)
                .suffix(),
            q.rank.suffix(),
            describe(&at)
        ),
        format!(
            "{flows} flows, {} units, {} TIV (SIPRI trend-indicator values, millions){}{}",
            total.units,
            Cell::Thousandths(total.tiv).text(),
            without_tiv_note(total.without_tiv),
            others_note(others, "flow", "flows")
        ),
    ];
    let mut title = title;
    coverage_note(ledger, &at, q.view.format, &mut title);
    emit(q.view.format, &title, &columns, &rows)?;
    Ok(Outcome::Ok)
}

/// Which years the SIPRI data covers ([`sipri::coverage`]), so that a reader sees why the
/// years after its last delivery are empty: a heading line of a table; for CSV and JSON
/// Lines, whose output is only rows, a `note:` line on standard error.
fn coverage_note(ledger: &Ledger, at: &AsOf, format: OutputFormat, title: &mut Vec<String>) {
    let Some(c) = sipri::coverage(ledger, at) else {
        return;
    };
    let window = c
        .window
        .map_or_else(String::new, |(a, b)| format!(", its title's years {a}-{b}"));
    let last = c.last_delivery.map_or_else(
        || "no delivery".to_owned(),
        |y| format!("last delivery year {y} (no data after it)"),
    );
    let line = format!("SIPRI data: export of {}{window}; {last}", c.edition);
    if format == OutputFormat::Table {
        title.push(line);
    } else {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "note: {line}");
    }
}

fn without_tiv_note(n: u64) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("; {n} deliveries without a SIPRI TIV add none")
    }
}
