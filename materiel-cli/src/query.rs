//! The queries of one holder: `holdings`, `lot`, `pipeline`, `timeline`.

use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use materiel::export;
use materiel::ledger::{Pipeline, PipelineItem};
use materiel::{AsOf, HolderId, Ledger, Status};

use crate::args;
use crate::bounds;
use crate::chart;
use crate::conflicts::range;
use crate::flags::{ByArg, HoldingsGroupArgs, OutputFormat, View};
use crate::output::{
    self, count, describe, kind, plural, readiness, readiness_line, status_cells, status_headers,
    table,
};
use crate::rows::{Cell, cut, emit};
use crate::scope::{Scope, holder_title, to_stdout};
use crate::store;
use crate::ui::UsageError;
use crate::ui::{Outcome, say};

#[derive(Debug, Args)]
pub(crate) struct PipelineQuery {
    /// The holder: an id (VEN, nato) or a country name (Venezuela).
    pub(crate) holder: String,
    #[command(flatten)]
    pub(crate) view: View,
    /// Also list the orders whose remainder is unknown (by default counted in one line).
    #[arg(long)]
    pub(crate) list_unknown: bool,
}

#[derive(Debug, Args)]
pub(crate) struct HoldingsQuery {
    /// The holder: an id (VEN, nato) or a country name (Venezuela).
    pub(crate) holder: String,
    #[command(flatten)]
    pub(crate) view: View,
    #[command(flatten)]
    pub(crate) group: HoldingsGroupArgs,
}

#[derive(Debug, Args)]
pub(crate) struct LotQuery {
    /// The holder: an id (VEN, nato) or a country name (Venezuela).
    pub(crate) holder: String,
    /// The platform: catalog id, designation, alias or NATO name, a generic designation the
    /// ledger has (Mi-17), or generic:KIND:DESIGNATION.
    pub(crate) platform: String,
    #[command(flatten)]
    pub(crate) view: View,
}

#[derive(Debug, Args)]
pub(crate) struct TimelineQuery {
    #[command(flatten)]
    pub(crate) lot: LotQuery,
    /// Also write the chart as SVG to FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) svg: Option<PathBuf>,
}

/// `materiel holdings`.
pub(crate) fn holdings(q: &HoldingsQuery) -> Result<Outcome> {
    let Scope {
        ledger,
        holder,
        at,
        format,
    } = Scope::open(&q.view, &q.holder)?;
    if q.group.given() {
        return grouped_holdings(q, ledger, &holder, &at);
    }
    let holdings = ledger.holdings(&holder, &at);
    if let Some(f) = format {
        // The library's table, with the bounds of each lot that has them at the end.
        let mut all = Vec::new();
        export::holdings(ledger, &holder, &at, f, &mut all)
            .context("cannot export the holdings")?;
        let rows: Vec<_> = holdings
            .iter()
            .map(|(platform, state)| {
                let b = Some(bounds::held(ledger, &holder, platform, &at))
                    .filter(|b| b.says_more_than(state.in_service()));
                bounds::cells(b.as_ref())
            })
            .collect();
        let csv = matches!(f, export::Format::Csv);
        // The table's order: by designation, then id (the library's is the ledger's).
        let keys: Vec<_> = holdings.iter().map(|(p, _)| lot_order(ledger, p)).collect();
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        bounds::append_in(
            &all,
            csv,
            &rows,
            Some(&order),
            &mut std::io::stdout().lock(),
        )?;
        return Ok(Outcome::Ok);
    }
    say!("Holdings of {}, {}", holder_title(&holder), describe(&at));
    if holdings.is_empty() {
        say!("(nothing recorded in this view)");
        return Ok(Outcome::Ok);
    }
    // Status columns only for the statuses some lot has units in.
    let statuses: Vec<materiel::Status> = materiel::Status::ALL
        .into_iter()
        .filter(|s| {
            holdings
                .iter()
                .any(|(_, state)| state.count(*s).value() > 0)
        })
        .collect();
    // "Of which captured" only when some lot captured units.
    let captures = holdings
        .iter()
        .any(|(_, state)| !state.captured_held().is_none());
    let mut header = vec!["platform", "id", "kind", "in service"];
    if captures {
        header.push("of which captured");
    }
    header.extend(statuses.iter().map(|s| s.code()));
    header.extend(["readiness", "weakest grade"]);
    let numeric = 4 + statuses.len() + usize::from(captures);
    // Sorted by designation, then id.
    let mut lots: Vec<_> = holdings.iter().collect();
    lots.sort_by_cached_key(|(p, _)| lot_order(ledger, p));
    // The provenance and bounds of each lot (bounds only where they say more than the count).
    let lots: Vec<_> = lots
        .into_iter()
        .map(|(platform, state)| {
            let provenance = ledger.provenance(&holder, platform, &at);
            let b = Some(bounds::held(ledger, &holder, platform, &at))
                .filter(|b| b.says_more_than(state.in_service()));
            (platform, state, provenance, b)
        })
        .collect();
    let with_bounds = lots.iter().any(|(.., b)| b.is_some());
    if with_bounds {
        header.push("bounds");
    }
    let mut t = table(&header, &(3..numeric).collect::<Vec<_>>());
    // The counts set by an assessment other supports disagree with: marked, and named under
    // the table with the source and grade behind the count and the bounds' point.
    let mut disputed = Vec::new();
    for (platform, state, provenance, b) in lots {
        let label = platform.label(ledger.catalog());
        let mut in_service = count(state.in_service());
        if let Some(line) = b
            .as_ref()
            .and_then(|b| bounds::disputed_line(label, state.in_service(), b))
        {
            in_service.push_str(" *");
            disputed.push(line);
        }
        let mut row = vec![
            cut(label),
            cut(&platform_id(platform)),
            kind(ledger, platform),
            in_service,
        ];
        if captures {
            row.push(state.captured_held().to_string());
        }
        row.extend(statuses.iter().map(|s| count(state.count(*s))));
        row.push(readiness(&state.readiness()));
        let weakest = provenance.weakest_grade();
        row.push(weakest.map_or_else(|| "-".to_owned(), |g| g.to_string()));
        if with_bounds {
            row.push(b.as_ref().map_or_else(String::new, bounds::summary));
        }
        t.add_row(row);
    }
    say!(
        "{}; status codes: {}",
        plural(holdings.len() as u64, "platform", "platforms"),
        STATUS_KEY
    );
    if captures {
        say!("{CAPTURED_KEY}");
    }
    if with_bounds {
        say!("{BOUNDS_KEY}");
    }
    output::print_table(&t)?;
    for line in disputed {
        say!("{line}");
    }
    say!("{IN_SERVICE_NOTE}");
    Ok(Outcome::Ok)
}
/// `materiel holdings --by/--category`: the holdings summed by group.
fn grouped_holdings(
    q: &HoldingsQuery,
    ledger: &Ledger,
    holder: &HolderId,
    at: &AsOf,
) -> Result<Outcome> {
    let filter = q.group.filter(ledger)?;
    let by = q.group.by.map_or(ByArg::Platform, ByArg::from);
    let groups = ledger
        .group_holdings(holder, by.group_by(), &filter, at)
        .map_err(|e| UsageError(e.to_string()))?;
    let catalog = ledger.catalog();
    let mut columns = vec![
        "holder",
        by.name(),
        "lots",
        "in_service",
        "in_service_basis",
    ];
    // Of which captured: in a table, a range beside in service when some group captured
    // units; in CSV and JSON Lines, its bounds always, last (as the holdings export's).
    let table = matches!(q.view.format, OutputFormat::Table);
    let captures = groups.iter().any(|g| !g.captured_held.is_none());
    if table && captures {
        columns.push("of which captured");
    }
    columns.extend(Status::ALL.iter().map(|s| s.code()));
    // The group's bounds (the sums of its lots'): in a table, a column when some group's say
    // more than its count; in CSV and JSON Lines, always, last (empty upper: no limit).
    let says_more = |g: &materiel::ledger::HoldingsGroup| {
        let n = g.in_service.value();
        g.bounds_upper != Some(n) || g.bounds_lower != n
    };
    let with_bounds = table && groups.iter().any(says_more);
    if with_bounds {
        columns.push("bounds");
    }
    if !table {
        columns.extend([
            "captured_held_lower",
            "captured_held_upper",
            "bounds_lower",
            "bounds_upper",
        ]);
    }
    let rows: Vec<Vec<Cell>> = groups
        .iter()
        .map(|g| {
            let mut row = vec![
                Cell::Text(holder.to_string()),
                Cell::Text(g.key.label(catalog)),
                Cell::Number(g.lots as u64),
                Cell::Number(g.in_service.value()),
                Cell::Text(<&str>::from(g.in_service.basis()).to_owned()),
            ];
            if table && captures {
                row.push(Cell::Text(g.captured_held.to_string()));
            }
            row.extend(g.by_status.iter().map(|c| Cell::Number(c.value())));
            if with_bounds {
                row.push(Cell::Text(if says_more(g) {
                    range(g.bounds_lower, g.bounds_upper)
                } else {
                    String::new()
                }));
            }
            if !table {
                row.push(Cell::Number(g.captured_held.lower()));
                row.push(Cell::Number(g.captured_held.upper()));
                row.push(Cell::Number(g.bounds_lower));
                row.push(g.bounds_upper.map_or(Cell::Empty, Cell::Number));
            }
            row
        })
        .collect();
    let total: u64 = groups.iter().map(|g| g.in_service.value()).sum();
    let mut title = vec![
        format!(
            "Holdings of {} by {}{}, {}",
            holder_title(holder),
            by.name(),
            crate::filters::Filters::new(ledger, q.group.category, &[])?
                .origins(&q.group.origins(ledger)?)
                .suffix(),
            describe(at)
        ),
        format!(
            "{}, {} in service; status codes: {STATUS_KEY}",
            plural(groups.len() as u64, "group", "groups"),
            plural(total, "unit", "units")
        ),
    ];
    if table && captures {
        title.push(CAPTURED_KEY.to_owned());
    }
    if with_bounds {
        title.push(GROUP_BOUNDS_KEY.to_owned());
    }
    if let Some(note) = no_origin_note(ledger, holder, q, at)? {
        title.push(note);
    }
    emit(q.view.format, &title, &columns, &rows)?;
    if table {
        for line in disputed_lines(ledger, holder, q, at)? {
            say!("{line}");
        }
        say!("{IN_SERVICE_NOTE}");
    }
    Ok(Outcome::Ok)
}

/// Under a grouped table: the lots (of the groups shown) whose count is set by an
/// assessment other supports disagree with, each named with that assessment's source and
/// grade and its bounds' point, as the ungrouped table does.
fn disputed_lines(
    ledger: &Ledger,
    holder: &HolderId,
    q: &HoldingsQuery,
    at: &AsOf,
) -> Result<Vec<String>> {
    let catalog = ledger.catalog();
    let origins = q.group.origins(ledger)?;
    let mut lines = Vec::new();
    for (platform, state) in ledger.holdings(holder, at).iter() {
        let kept = q
            .group
            .category
            .is_none_or(|c| platform.category(catalog) == Some(c))
            && (origins.is_empty()
                || platform
                    .origin(catalog)
                    .is_some_and(|o| origins.contains(o)));
        if !kept {
            continue;
        }
        let b = bounds::held(ledger, holder, platform, at);
        if let Some(line) = bounds::disputed_line(platform.label(catalog), state.in_service(), &b) {
            lines.push(line.replacen("* ", "note: ", 1));
        }
    }
    lines.sort();
    Ok(lines)
}

/// With `--origin`: how many lots (of the category asked for) an origin filter cannot keep
/// because they have no origin (generic equipment, or a catalog entry that gives none), so
/// that a filtered table never reads as all the holder's equipment of those origins.
fn no_origin_note(
    ledger: &Ledger,
    holder: &HolderId,
    q: &HoldingsQuery,
    at: &AsOf,
) -> Result<Option<String>> {
    if !q.group.origin.given() {
        return Ok(None);
    }
    let catalog = ledger.catalog();
    let (mut lots, mut units) = (0u64, 0u64);
    for (platform, state) in ledger.holdings(holder, at).iter() {
        let in_category = q
            .group
            .category
            .is_none_or(|c| platform.category(catalog) == Some(c));
        if in_category && platform.origin(catalog).is_none() {
            lots += 1;
            units = units.saturating_add(state.in_service().value());
        }
    }
    Ok(crate::filters::no_origin_note(
        lots,
        &plural(units, "unit", "units"),
        "; `--format csv` without --origin lists every lot with its origin",
    ))
}

/// The line under a holdings table: what "in service" counts, and what it cannot.
const IN_SERVICE_NOTE: &str = "in service = delivered (or opening) minus recorded losses and \
     retirements, or, for a lot assessed, the latest assessment's count (whatever its grade) \
     moved by the flows recorded after it; attrition no source reported is not subtracted; \
     loss lists are lower bounds of true losses";

/// The line under a lot's counts when it lost units: what a loss list's count implies.
const LOST_NOTE: &str = "lost = the losses sources recorded; a loss list (Oryx: visually \
     confirmed losses) is a lower bound of the true losses, so in service, what was delivered \
     (or opening) less them, may be more than is held";

/// What a grouped table's "bounds" column means.
const GROUP_BOUNDS_KEY: &str = "bounds: the least and most units held the group's lots allow, \
     the sums of each lot's bounds (no upper limit if some lot has none); in_service_basis is \
     at_least where the group has no upper limit and its least is its count";

/// What the status codes mean.
const STATUS_KEY: &str = "FMC operational, PMC degraded, NMCM/NMCS/NMCD non-operational \
     (maintenance, supply, damaged), STORED stored, NKN unknown";

/// What the "bounds" column means.
const BOUNDS_KEY: &str = "bounds: the least and most units held the recorded flows, \
     assessments and claims allow (a munition never assessed: from 0, its expenditure unknown; \
     an opening stock unknown: no upper limit), and the point figure with the policy that \
     chose it (the resolution in effect, or grade then recency; where only the recorded flows \
     speak, what they bring: the count); `materiel lot` lists the figures behind it";

/// What the "of which captured" column means.
const CAPTURED_KEY: &str = "of which captured: units captured from other holders still in \
     service (counted in it, condition unknown unless recorded), a range (3..95) where later \
     losses may have been captured units or the holder's own";

/// Where a lot's row goes in `holdings` (table, CSV and JSON Lines alike): by designation
/// (case aside), then id.
fn lot_order(ledger: &Ledger, platform: &materiel::PlatformRef) -> (String, String) {
    (
        platform.label(ledger.catalog()).to_lowercase(),
        platform_id(platform),
    )
}

/// The id column: a catalog id, or `generic:KIND:DESIGNATION` as the command line takes it.
fn platform_id(platform: &materiel::PlatformRef) -> String {
    args::generic_id(platform)
}
/// `materiel lot`.
pub(crate) fn lot(q: &LotQuery) -> Result<Outcome> {
    let Scope {
        ledger,
        holder,
        at,
        format,
    } = Scope::open(&q.view, &q.holder)?;
    let platform = args::platform(ledger, &q.platform)?;
    let provenance = ledger.provenance(&holder, &platform, &at);
    let state = ledger.lot(&holder, &platform, &at);
    let held = Some(bounds::held(ledger, &holder, &platform, &at))
        .filter(|b| b.says_more_than(state.in_service()));
    if let Some(f) = format {
        if provenance.entries.is_empty() {
            return no_lot_row(ledger, &holder, &platform, &at, f);
        }
        let ids: HashSet<u64> = provenance.entries.iter().map(|e| e.id().get()).collect();
        let mut all = Vec::new();
        export::entries(ledger, f, &mut all).context("cannot export the entries")?;
        let mut rows = Vec::new();
        output::filter_entries(&all, f, &ids, &mut rows)?;
        // Every row is the lot's: each gets its bounds, at the end.
        let cells = bounds::cells(held.as_ref());
        let csv = matches!(f, export::Format::Csv);
        let n = provenance.entries.len();
        bounds::append(&rows, csv, &vec![cells; n], &mut std::io::stdout().lock())?;
        return Ok(Outcome::Ok);
    }
    say!(
        "{} of {}, {}",
        platform.label(ledger.catalog()),
        holder_title(&holder),
        describe(&at)
    );
    if provenance.entries.is_empty() {
        // Not a zero: nothing recorded. Say where the family's units are, if anywhere.
        return no_lot(ledger, &holder, &platform, &at);
    }
    let mut t = table(&["", "count"], &[]);
    let disputed = held.as_ref().and_then(|b| {
        bounds::disputed_line(platform.label(ledger.catalog()), state.in_service(), b)
    });
    let mut in_service = count(state.in_service());
    if disputed.is_some() {
        in_service.push_str(" *");
    }
    t.add_row(vec!["in service".to_owned(), in_service]);
    let captured = state.captured_held();
    if !captured.is_none() {
        t.add_row(vec!["  of which captured".to_owned(), captured.to_string()]);
    }
    for (status, c) in materiel::Status::ALL.into_iter().zip(status_cells(&state)) {
        t.add_row(vec![format!("  {status} ({})", status.code()), c]);
    }
    for (label, c) in [
        ("delivered", state.delivered()),
        ("transferred in", state.transferred_in()),
        ("captured in", state.captured_in()),
        ("lost", state.lost()),
        ("retired", state.retired()),
        ("expended", state.expended()),
        ("transferred out", state.transferred_out()),
    ] {
        t.add_row(vec![label.to_owned(), count(c)]);
    }
    // Without an assessment in effect on a lot whose opening stock is unknown, the
    // adjustment is the least opening stock the removals imply, not an assessment's
    // (`LotState::baseline_known`).
    let adjustment = if state.baseline_known() {
        "adjustment (assessments)"
    } else {
        "adjustment (opening stock unknown)"
    };
    t.add_row(vec![adjustment.to_owned(), state.adjustment().to_string()]);
    t.add_row(vec![
        "readiness".to_owned(),
        readiness_line(&state.readiness()),
    ]);
    if !state.is_consistent() {
        t.add_row(vec![
            "consistent".to_owned(),
            "no: counts clamped at zero in this grade-filtered view".to_owned(),
        ]);
    }
    output::print_table(&t)?;
    if let Some(line) = disputed {
        say!("{line}");
    }
    if state.lost().value() > 0 {
        say!("{LOST_NOTE}");
    }
    if let Some(b) = &held {
        say!();
        bounds::print(b)?;
    }
    say!();
    if provenance.entries.is_empty() {
        say!("Provenance: no entry in this view");
        return Ok(Outcome::Ok);
    }
    // The weakest grade is over the entries that move counts; requests and sightings move
    // none (Provenance::weakest_grade).
    say!(
        "Provenance: {}, weakest grade {}",
        plural(provenance.entries.len() as u64, "entry", "entries"),
        provenance.weakest_grade().map_or_else(
            || "none: no counted entries (requests and sightings move no count)".to_owned(),
            |g| g.to_string()
        )
    );
    let mut t = table(
        &[
            "id",
            "effective",
            "change",
            "grade",
            "source",
            "reference",
            "recorded",
        ],
        &[0],
    );
    for e in &provenance.entries {
        let mut id = e.id().get().to_string();
        if provenance.last_assessment == Some(e.id()) {
            id.push_str(" *");
        }
        t.add_row(vec![
            id,
            e.effective().to_string(),
            e.change().to_string(),
            e.source().grade().to_string(),
            e.source().citation().to_owned(),
            e.source().reference().unwrap_or("").to_owned(),
            e.recorded().to_string(),
        ]);
    }
    output::print_table(&t)?;
    if provenance.last_assessment.is_some() {
        say!("* the latest assessment: entries before it shape only the flows");
    }
    Ok(Outcome::Ok)
}
/// `lot` of a platform whose lot has no entry in the view: says so, and lists the holder's
/// lots of the platform's line (the families above it, the variants below it,
/// `Ledger::family_lots`) with the command that shows each.
fn no_lot(
    ledger: &Ledger,
    holder: &HolderId,
    platform: &materiel::PlatformRef,
    at: &AsOf,
) -> Result<Outcome> {
    let label = platform.label(ledger.catalog());
    let title = holder_title(holder);
    say!(
        "No entry for {label} of {title} in this view: nothing is recorded for it (this is not a count of 0)."
    );
    let materiel::PlatformRef::Catalog(id) = platform else {
        return Ok(Outcome::Ok);
    };
    let lots = ledger.family_lots(holder, id, at);
    if lots.is_empty() {
        say!("No lot of its family (the families above it, the variants below it) either.");
        return Ok(Outcome::Ok);
    }
    say!(
        "{title}'s lots of its family (the families above it, the variants below it), where \
         sources may have recorded these units:"
    );
    let mut t = table(&["platform", "id", "in service", "see"], &[2]);
    for (p, state) in &lots {
        let id = platform_id(p);
        t.add_row(vec![
            cut(p.label(ledger.catalog())),
            cut(&id),
            count(state.in_service()),
            format!("materiel lot {holder} {id}"),
        ]);
    }
    output::print_table(&t)?;
    say!("`materiel holdings {holder} --by family` sums each family with its variants.");
    Ok(Outcome::Ok)
}

/// `lot --format csv|json` of a lot with no entry in the view: one row under the columns of
/// the lot's entries (the entries export's and the bounds'), holder and platform filled, `id`,
/// the counts and every other entry column empty, and `note` saying that nothing is recorded
/// (not a count of 0) and which lots of the holder's family of the platform hold units.
fn no_lot_row(
    ledger: &Ledger,
    holder: &HolderId,
    platform: &materiel::PlatformRef,
    at: &AsOf,
    format: export::Format,
) -> Result<Outcome> {
    let mut columns: Vec<&str> = export::ENTRY_COLUMNS.to_vec();
    columns.extend(bounds::COLUMNS);
    let catalog = ledger.catalog();
    let mut note = format!(
        "no entry for {} of {holder} in this view: nothing is recorded for it (this is not a \
         count of 0)",
        platform.label(catalog)
    );
    if let materiel::PlatformRef::Catalog(id) = platform {
        let lots = ledger.family_lots(holder, id, at);
        if lots.is_empty() {
            note.push_str("; no lot of its family either");
        } else {
            let listed: Vec<String> = lots
                .iter()
                .map(|(p, state)| {
                    format!(
                        "{} ({} in service)",
                        platform_id(p),
                        count(state.in_service())
                    )
                })
                .collect();
            note.push_str(&format!(
                "; {holder}'s lots of its family: {}",
                listed.join(", ")
            ));
        }
    }
    let kind = platform.kind(catalog).map(|k| k.to_string());
    let filled = [
        ("holder", Cell::Text(holder.to_string())),
        // As the entries export writes it: a catalog id, or the generic designation.
        (
            "platform",
            Cell::Text(match platform {
                materiel::PlatformRef::Catalog(id) => id.to_string(),
                materiel::PlatformRef::Generic(g) => g.designation().to_owned(),
            }),
        ),
        (
            "platform_generic",
            Cell::Flag(!matches!(platform, materiel::PlatformRef::Catalog(_))),
        ),
        (
            "platform_label",
            Cell::Text(platform.label(catalog).to_owned()),
        ),
        ("platform_kind", kind.map_or(Cell::Empty, Cell::Text)),
        ("note", Cell::Text(note)),
    ];
    let row: Vec<Cell> = columns
        .iter()
        .map(|c| {
            filled
                .iter()
                .find(|(name, _)| name == c)
                .map_or(Cell::Empty, |(_, cell)| cell.clone())
        })
        .collect();
    let format = match format {
        export::Format::Csv => OutputFormat::Csv,
        _ => OutputFormat::Json,
    };
    emit(format, &[], &columns, &[row])?;
    Ok(Outcome::Ok)
}

/// `materiel pipeline`.
pub(crate) fn pipeline(q: &PipelineQuery) -> Result<Outcome> {
    let Scope {
        ledger,
        holder,
        at,
        format,
    } = Scope::open(&q.view, &q.holder)?;
    if let Some(f) = format {
        to_stdout(|w| export::pipeline(ledger, &holder, &at, f, w))?;
        return Ok(Outcome::Ok);
    }
    say!("Pipeline of {}, {}", holder_title(&holder), describe(&at));
    let Pipeline {
        listed, unknown, ..
    } = Pipeline::from(ledger.pipeline(&holder, &at));
    if listed.is_empty() && unknown.is_empty() {
        say!("(no open request or order in this view)");
        return Ok(Outcome::Ok);
    }
    if listed.is_empty() {
        say!("(no request or order known to be open in this view)");
    } else {
        pipeline_table(ledger, &listed)?;
    }
    if !unknown.is_empty() {
        // A request known only as a bound and answered by orders that far is one too.
        let requests = unknown
            .iter()
            .filter(|i| matches!(i.entry.change(), materiel::Change::Requested { .. }))
            .count() as u64;
        let orders = unknown.len() as u64 - requests;
        let what = match (orders, requests) {
            (_, 0) => plural(orders, "order", "orders"),
            (0, _) => plural(requests, "request", "requests"),
            _ => format!(
                "{} and {}",
                plural(orders, "order", "orders"),
                plural(requests, "request", "requests")
            ),
        };
        say!(
            "{what} with unknown numbers: the ordered number is known only as a bound and what it \
             covers is delivered (complete or not, no source says){}",
            if q.list_unknown {
                ""
            } else {
                "; --list-unknown lists them"
            }
        );
        if q.list_unknown {
            pipeline_table(ledger, &unknown)?;
        }
    }
    Ok(Outcome::Ok)
}

/// The table of pipeline items.
fn pipeline_table(ledger: &Ledger, items: &[PipelineItem]) -> Result<()> {
    let mut t = table(
        &[
            "id",
            "effective",
            "platform",
            "change",
            "outstanding",
            "grade",
            "source",
            "reference",
        ],
        &[0, 4],
    );
    for item in items {
        let e = &item.entry;
        t.add_row(vec![
            e.id().get().to_string(),
            e.effective().to_string(),
            e.platform().label(ledger.catalog()).to_owned(),
            e.change().to_string(),
            item.remainder().to_string(),
            e.source().grade().to_string(),
            e.source().citation().to_owned(),
            e.source().reference().unwrap_or("").to_owned(),
        ]);
    }
    output::print_table(&t)
}
/// `materiel timeline`.
pub(crate) fn timeline(t: &TimelineQuery) -> Result<Outcome> {
    let q = &t.lot;
    let Scope {
        ledger,
        holder,
        at,
        format,
    } = Scope::open(&q.view, &q.holder)?;
    let platform = args::platform(ledger, &q.platform)?;
    let title = format!(
        "Timeline of {} of {}",
        platform.label(ledger.catalog()),
        holder_title(&holder)
    );
    let steps = ledger.timeline(&holder, &platform, &at);
    // The chart first: if it cannot be written, nothing is printed.
    if let Some(path) = &t.svg {
        // The chart says what it rests on and when that was known.
        let drawn = ledger.provenance(&holder, &platform, &at).entries;
        let band = chart::held_range(ledger, &holder, &platform, &at, &drawn, &steps);
        let frame = chart::frame(
            ledger,
            title.clone(),
            &at,
            None,
            &drawn,
            chart::Drawn::Counts,
        )
        .range_band(band);
        let svg = materiel::chart::timeline_svg(&frame, &steps);
        store::write_atomically(path, |w| {
            w.write_all(svg.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))
        })?;
    }
    if let Some(f) = format {
        to_stdout(|w| export::timeline(ledger, &holder, &platform, &at, f, w))?;
        return Ok(Outcome::Ok);
    }
    say!("{title}, {}", describe(&at));
    if let Some(path) = &t.svg {
        say!("chart written to {}", path.display());
    }
    if steps.is_empty() {
        say!("(no entry in this view)");
        return Ok(Outcome::Ok);
    }
    let mut header = vec!["from", "in service"];
    header.extend(status_headers());
    header.extend(["delivered", "lost", "readiness"]);
    let mut t = table(&header, &(1..11).collect::<Vec<_>>());
    for step in &steps {
        let mut row = vec![step.date.to_string(), count(step.state.in_service())];
        row.extend(status_cells(&step.state));
        row.push(count(step.state.delivered()));
        row.push(count(step.state.lost()));
        row.push(readiness(&step.state.readiness()));
        t.add_row(row);
    }
    output::print_table(&t)?;
    Ok(Outcome::Ok)
}
