//! `materiel losses`: losses by holder, platform, cause and month.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use materiel::chart::Series;
use materiel::export::{self, Format};
use materiel::jiff::civil::Date;
use materiel::ledger::LossRow;
use materiel::ledger::{Bucket, GroupBy};
use materiel::{Ledger, PlatformRef};

use crate::args;
use crate::chart;
use crate::filters::{Filters, no_origin_rows};
use crate::flags::{ByArg, GroupArgs, OutputFormat, PerArg, PeriodArgs, View};
use crate::output::{self, count, describe, kind, plural};
use crate::rows::{Cell, cut, emit};
use crate::scope::{holder_title, to_stdout};
use crate::store;
use crate::ui::UsageError;
use crate::ui::{Outcome, say};

#[derive(Debug, Args)]
pub(crate) struct LossesQuery {
    /// Only this holder's losses: an id (RUS) or a country name (Ukraine).
    pub(crate) holder: Option<String>,
    #[command(flatten)]
    pub(crate) view: View,
    #[command(flatten)]
    pub(crate) group: GroupArgs,
    #[command(flatten)]
    pub(crate) period: PeriodArgs,
    /// Also write a chart of the units lost per month as SVG to FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) svg: Option<PathBuf>,
}

/// A loss row's month, `YYYY-MM`.
fn month(row: &LossRow) -> String {
    format!("{:04}-{:02}", row.month.year(), row.month.month())
}
/// `materiel losses`.
pub(crate) fn losses(q: &LossesQuery) -> Result<Outcome> {
    let View {
        target,
        as_of,
        format,
    } = &q.view;
    // A chart marks the gaps in the whole loss list's listing days (not one holder's quiet
    // spells), so it reads every holder's entries; a table reads the holder's slice.
    let only = q.holder.as_deref().filter(|_| q.svg.is_none());
    let ledger = store::Target::of(target)?.load_for(only)?;
    let holder = q
        .holder
        .as_deref()
        .map(|name| args::holder(ledger, name))
        .transpose()?;
    let at = as_of.as_of();
    // The chart first: if it cannot be written, nothing is printed.
    if let Some(path) = &q.svg {
        chart_to(path, q, ledger, holder.as_ref(), &at)?;
    }
    if q.group.given() || q.period.given() {
        return grouped(q, ledger, holder.as_ref(), &at);
    }
    match format {
        // The library's losses table (`materiel::export::LOSS_COLUMNS`).
        OutputFormat::Csv | OutputFormat::Json => {
            let format = match format {
                OutputFormat::Csv => Format::Csv,
                _ => Format::JsonLines,
            };
            to_stdout(|w| export::losses(ledger, holder.as_ref(), &at, format, w))?;
        }
        OutputFormat::Table => {
            // One holder's rows read from its own lots alone.
            let rows: Vec<LossRow> = match &holder {
                Some(h) => ledger.losses_of(h, &at),
                None => ledger.losses(&at),
            };
            match &holder {
                Some(h) => say!("Losses of {}, {}", holder_title(h), describe(&at)),
                None => say!("Losses, {}", describe(&at)),
            }
            if rows.is_empty() {
                say!("(no loss in this view)");
                return Ok(Outcome::Ok);
            }
            let total: u64 = rows.iter().map(|r| r.count.value()).sum();
            say!(
                "{}, {}",
                plural(rows.len() as u64, "row", "rows"),
                plural(total, "unit", "units")
            );
            let cells = rows
                .iter()
                .map(|row| {
                    vec![
                        row.holder.to_string(),
                        month(row),
                        cut(row.platform.label(ledger.catalog())),
                        kind(ledger, &row.platform),
                        row.cause.to_string(),
                        count(row.count),
                    ]
                })
                .collect();
            output::print_rows(
                &["holder", "month", "platform", "kind", "cause", "count"],
                &[5],
                cells,
            )?;
        }
    }
    Ok(Outcome::Ok)
}

/// `materiel losses --by/--category/--since/--until/--per`: losses summed by group and period.
fn grouped(
    q: &LossesQuery,
    ledger: &Ledger,
    holder: Option<&materiel::HolderId>,
    at: &materiel::AsOf,
) -> Result<Outcome> {
    let filter = q.period.apply(q.group.filter(ledger)?);
    let by = q.group.by.unwrap_or(ByArg::Platform);
    let rows = ledger
        .group_losses(holder, by.group_by(), &filter, at)
        .map_err(|e| UsageError(e.to_string()))?;
    let per_month = q.period.per == Some(PerArg::Month);
    let catalog = ledger.catalog();
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.holder.to_string()),
                Cell::Text(r.key.label(catalog)),
                match r.period {
                    None => Cell::Empty,
                    Some(d) if per_month => Cell::Text(format!("{:04}-{:02}", d.year(), d.month())),
                    Some(d) => Cell::Text(format!("{:04}", d.year())),
                },
                Cell::Number(r.count.value()),
                Cell::Text(<&str>::from(r.count.basis()).to_owned()),
            ]
        })
        .collect();
    let total: u64 = rows.iter().map(|r| r.count.value()).sum();
    let whose = holder.map_or_else(|| "every holder".to_owned(), holder_title);
    let filters = Filters::of_group(ledger, &q.group)?.period(&q.period);
    let mut title = vec![
        format!(
            "Losses of {whose} by {}{}, {}",
            by.name(),
            filters.suffix(),
            describe(at)
        ),
        format!(
            "{}, {}",
            plural(rows.len() as u64, "row", "rows"),
            plural(total, "unit", "units")
        ),
    ];
    if q.group.origin.given() {
        // What the origin filter chose from: the same losses by platform, every origin.
        let every = PeriodArgs {
            per: None,
            ..q.period.clone()
        }
        .apply(q.group.filter_but_origin(ledger)?);
        let every = ledger
            .group_losses(holder, GroupBy::Platform, &every, at)
            .map_err(|e| UsageError(e.to_string()))?;
        title.extend(no_origin_rows(
            ledger,
            &every,
            "lost",
            "; `--format csv` without --origin lists every loss with its origin",
        ));
    }
    emit(
        q.view.format,
        &title,
        &["holder", by.name(), "period", "units", "units_basis"],
        &cells,
    )?;
    Ok(Outcome::Ok)
}

/// How many groups a loss chart by `--by` draws each in its own colour: the groups with the
/// most units over the chart; the rest are summed as one "other" group.
const CHART_GROUPS: usize = 6;

/// A group's units per month (the first day of each).
type Months = BTreeMap<Date, u64>;

/// Writes the chart of units lost per month (kept by the query's filters) to `path`,
/// atomically: one series, or with `--by` one stacked series per group (the
/// [`CHART_GROUPS`] largest, then "other").
fn chart_to(
    path: &std::path::Path,
    q: &LossesQuery,
    ledger: &Ledger,
    holder: Option<&materiel::HolderId>,
    at: &materiel::AsOf,
) -> Result<()> {
    let filter = q
        .period
        .apply(q.group.filter(ledger)?)
        .bucket(Bucket::Month);
    let by = q.group.by;
    let rows = ledger
        .group_losses(
            holder,
            by.map_or(GroupBy::Category, ByArg::group_by),
            &filter,
            at,
        )
        .map_err(|e| UsageError(e.to_string()))?;
    let catalog = ledger.catalog();
    // Each group's units per month, and its total.
    let mut groups: BTreeMap<String, (u64, Months)> = BTreeMap::new();
    for r in &rows {
        if let Some(m) = r.period {
            let key = if by.is_some() {
                r.key.label(catalog)
            } else {
                String::new()
            };
            let group = groups.entry(key).or_default();
            group.0 += r.count.value();
            *group.1.entry(m).or_default() += r.count.value();
        }
    }
    let mut ranked: Vec<(String, (u64, Months))> = groups.into_iter().collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    // The entries behind the losses drawn: the chart's sources and knowledge time.
    let category = q.group.category;
    let origins = q.group.origin.origins(ledger)?;
    let (since, until) = (q.period.since, q.period.until);
    let mut drawn = Vec::new();
    for row in ledger.losses(at).iter().filter(|r| {
        holder.is_none_or(|h| r.holder == *h)
            && category.is_none_or(|c| category_of(ledger, &r.platform) == Some(c))
            && (origins.is_empty()
                || (r.platform.origin(ledger.catalog())).is_some_and(|o| origins.contains(o)))
    }) {
        drawn.extend(ledger.loss_evidence(row, at).into_iter().filter(|e| {
            let day = e.effective().first_day();
            since.is_none_or(|s| day >= s) && until.is_none_or(|u| day <= u)
        }));
    }
    // The period's grouping is the chart's own (per month); its filters are said.
    let filters = Filters::of_group(ledger, &q.group)?.period(&PeriodArgs {
        per: None,
        ..q.period.clone()
    });
    let whose = holder.map_or_else(String::new, |h| format!(" of {}", holder_title(h)));
    let grouping = match (by, category) {
        (Some(by), _) => format!(" by {}", by.name()),
        (None, None) => ", all categories".to_owned(),
        (None, Some(_)) => String::new(),
    };
    let title = format!("Losses{whose}{grouping}{}", filters.suffix());
    let mut frame = chart::frame(ledger, title, at, until, &drawn, chart::Drawn::Losses).note(
        "Units lost per month (by the month of each loss's date: for a loss list, the day \
             it was listed by); visually confirmed losses are a lower bound of the true ones.",
    );
    let svg = if by.is_some() {
        let mut series: Vec<Series> = Vec::new();
        let mut other: BTreeMap<Date, u64> = BTreeMap::new();
        for (i, (name, (_, months))) in ranked.iter().enumerate() {
            if i < CHART_GROUPS || ranked.len() == CHART_GROUPS + 1 {
                series.push(
                    months
                        .iter()
                        .fold(Series::new(name), |s, (m, n)| s.step(*m, *n)),
                );
            } else {
                for (m, n) in months {
                    *other.entry(*m).or_default() += n;
                }
            }
        }
        if !other.is_empty() {
            let rest = ranked.len() - CHART_GROUPS;
            let kinds = match by {
                Some(ByArg::Category) => "categories",
                Some(ByArg::Family) => "families",
                Some(ByArg::Supplier) => "suppliers",
                _ => "platforms",
            };
            frame = frame.note(format!(
                "The {CHART_GROUPS} {kinds} with the most units lost are drawn each in its \
                 colour; the other {rest} are summed as \"other\"."
            ));
            let name = format!("other ({rest} {kinds})");
            series.push(
                other
                    .iter()
                    .fold(Series::new(name).colour("#999999"), |s, (m, n)| {
                        s.step(*m, *n)
                    }),
            );
        }
        materiel::chart::stacked_monthly_svg(&frame, "units lost per month", &series)
    } else {
        let months: Vec<(Date, u64)> = ranked
            .first()
            .map(|(_, (_, m))| m.iter().map(|(d, n)| (*d, *n)).collect())
            .unwrap_or_default();
        materiel::chart::monthly_svg(&frame, "units lost per month", &months)
    };
    store::write_atomically(path, |w| {
        w.write_all(svg.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))
    })
}

/// The category of `platform`: its catalog entry's, or for generic equipment the one its
/// importer gave it (as the library's grouping takes it).
fn category_of(ledger: &Ledger, platform: &PlatformRef) -> Option<materiel::catalog::Category> {
    match platform {
        PlatformRef::Catalog(id) => ledger
            .catalog()
            .get(id)
            .map(materiel::catalog::Platform::category),
        PlatformRef::Generic(g) => g.category(),
    }
}
