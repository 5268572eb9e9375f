//! The queries: `holdings`, `lot`, `pipeline`, `timeline`, `losses`, `export`.

use std::collections::HashSet;
use std::io::Write;

use anyhow::{Context, Result};
use materiel::export::{self, Format};
use materiel::ledger::{LossCause, LossRow};
use materiel::{HolderId, Ledger, PlatformRef};

use crate::Outcome;
use crate::args;
use crate::chart;
use crate::cli::{
    ExportArgs, ExportFormat, ExportTable, HolderQuery, LossesQuery, LotQuery, OutputFormat,
    TimelineQuery, View,
};
use crate::output::{
    self, count, describe, plural, readiness, readiness_line, status_cells, status_headers, table,
};
use crate::store;

/// The export format of a query's `--format`, or `None` for a table.
fn export_format(format: OutputFormat) -> Option<Format> {
    match format {
        OutputFormat::Table => None,
        OutputFormat::Csv => Some(Format::Csv),
        OutputFormat::Json => Some(Format::JsonLines),
    }
}

/// Writes an export table to standard output.
fn to_stdout(write: impl FnOnce(&mut dyn Write) -> Result<(), export::ExportError>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    write(&mut out).context("cannot write to standard output")?;
    out.flush().context("cannot write to standard output")
}

/// A holder's heading, by its canonical name whatever the spelling given: `Venezuela (VEN)`,
/// or the id of a holder the name table does not know (`rostec`).
fn holder_title(holder: &HolderId) -> String {
    let name = args::holder_name(holder);
    if name == holder.as_str() {
        name
    } else {
        format!("{name} ({holder})")
    }
}

/// What every holder query starts from: the ledger, the holder named, the view's
/// date and knowledge time, and the format to export in (`None` for a table).
struct Scope {
    ledger: Ledger,
    holder: HolderId,
    at: materiel::AsOf,
    format: Option<Format>,
}

impl Scope {
    /// Loads the ledger of `view` and resolves `holder` in it.
    fn open(view: &View, holder: &str) -> Result<Self> {
        let ledger = store::Target::of(&view.target)?.load()?;
        let holder = args::holder(&ledger, holder)?;
        Ok(Self {
            holder,
            at: args::as_of(&view.as_of),
            format: export_format(view.format),
            ledger,
        })
    }
}

/// `materiel holdings`.
pub(crate) fn holdings(q: &HolderQuery) -> Result<Outcome> {
    let Scope {
        ledger,
        holder,
        at,
        format,
    } = Scope::open(&q.view, &q.holder)?;
    if let Some(f) = format {
        to_stdout(|w| export::holdings(&ledger, &holder, &at, f, w))?;
        return Ok(Outcome::Ok);
    }
    say!("Holdings of {}, {}", holder_title(&holder), describe(&at));
    let holdings = ledger.holdings(&holder, &at);
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
    let mut header = vec!["platform", "id", "kind", "in service"];
    header.extend(statuses.iter().map(|s| s.code()));
    header.extend(["readiness", "weakest grade"]);
    let mut t = table(&header, &(3..4 + statuses.len()).collect::<Vec<_>>());
    for (platform, state) in holdings.iter() {
        let mut row = vec![
            platform.label(ledger.catalog()).to_owned(),
            platform_id(platform),
            kind(&ledger, platform),
            count(state.in_service()),
        ];
        row.extend(statuses.iter().map(|s| count(state.count(*s))));
        row.push(readiness(&state.readiness()));
        let weakest = ledger.provenance(&holder, platform, &at).weakest_grade();
        row.push(weakest.map_or_else(|| "-".to_owned(), |g| g.to_string()));
        t.add_row(row);
    }
    say!(
        "{}; status codes: {}",
        plural(holdings.len() as u64, "platform", "platforms"),
        STATUS_KEY
    );
    output::print_table(&t)?;
    Ok(Outcome::Ok)
}

/// What the status codes mean.
const STATUS_KEY: &str = "FMC operational, PMC degraded, NMCM/NMCS/NMCD non-operational \
     (maintenance, supply, damaged), STORED stored, NKN unknown";

/// The id column: a catalog id, or `generic:KIND:DESIGNATION` as the command line takes it.
fn platform_id(platform: &materiel::PlatformRef) -> String {
    args::generic_id(platform)
}

fn kind(ledger: &Ledger, platform: &materiel::PlatformRef) -> String {
    platform
        .kind(ledger.catalog())
        .map_or_else(|| "?".to_owned(), |k| k.to_string())
}

/// `materiel lot`.
pub(crate) fn lot(q: &LotQuery) -> Result<Outcome> {
    let Scope {
        ledger,
        holder,
        at,
        format,
    } = Scope::open(&q.view, &q.holder)?;
    let platform = args::platform(&ledger, &q.platform)?;
    let provenance = ledger.provenance(&holder, &platform, &at);
    if let Some(f) = format {
        let ids: HashSet<u64> = provenance.entries.iter().map(|e| e.id().get()).collect();
        let mut all = Vec::new();
        export::entries(&ledger, f, &mut all).context("cannot export the entries")?;
        output::filter_entries(&all, f, &ids)?;
        return Ok(Outcome::Ok);
    }
    let state = ledger.lot(&holder, &platform, &at);
    say!(
        "{} of {}, {}",
        platform.label(ledger.catalog()),
        holder_title(&holder),
        describe(&at)
    );
    let mut t = table(&["", "count"], &[]);
    t.add_row(vec!["in service".to_owned(), count(state.in_service())]);
    for (status, c) in materiel::Status::ALL.into_iter().zip(status_cells(&state)) {
        t.add_row(vec![format!("  {status} ({})", status.code()), c]);
    }
    for (label, c) in [
        ("delivered", state.delivered()),
        ("transferred in", state.transferred_in()),
        ("lost", state.lost()),
        ("retired", state.retired()),
        ("expended", state.expended()),
        ("transferred out", state.transferred_out()),
    ] {
        t.add_row(vec![label.to_owned(), count(c)]);
    }
    t.add_row(vec![
        "adjustment (assessments)".to_owned(),
        state.adjustment().to_string(),
    ]);
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

/// `materiel pipeline`.
pub(crate) fn pipeline(q: &HolderQuery) -> Result<Outcome> {
    let Scope {
        ledger,
        holder,
        at,
        format,
    } = Scope::open(&q.view, &q.holder)?;
    if let Some(f) = format {
        to_stdout(|w| export::pipeline(&ledger, &holder, &at, f, w))?;
        return Ok(Outcome::Ok);
    }
    say!("Pipeline of {}, {}", holder_title(&holder), describe(&at));
    let items = ledger.pipeline(&holder, &at);
    if items.is_empty() {
        say!("(no open request or order in this view)");
        return Ok(Outcome::Ok);
    }
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
    for item in &items {
        let e = &item.entry;
        t.add_row(vec![
            e.id().get().to_string(),
            e.effective().to_string(),
            e.platform().label(ledger.catalog()).to_owned(),
            e.change().to_string(),
            outstanding(item),
            e.source().grade().to_string(),
            e.source().citation().to_owned(),
            e.source().reference().unwrap_or("").to_owned(),
        ]);
    }
    output::print_table(&t)?;
    Ok(Outcome::Ok)
}

/// A pipeline item's outstanding units with their basis: `4`, `>=0` for an order known only
/// as a lower bound whose known part is delivered (the rest unknown), `?` without a count.
fn outstanding(item: &materiel::ledger::PipelineItem) -> String {
    match item.outstanding {
        None => "?".to_owned(),
        Some(n) => materiel::Count::new(n, item.outstanding_basis)
            .map_or_else(|_| n.to_string(), |c| c.to_string()),
    }
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
    let platform = args::platform(&ledger, &q.platform)?;
    let title = format!(
        "Timeline of {} of {}",
        platform.label(ledger.catalog()),
        holder_title(&holder)
    );
    let steps = ledger.timeline(&holder, &platform, &at);
    // The chart first: if it cannot be written, nothing is printed.
    if let Some(path) = &t.svg {
        let svg = chart::timeline_svg(&title, &describe(&at), &steps, at.valid_date());
        store::write_atomically(path, |w| {
            w.write_all(svg.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))
        })?;
    }
    if let Some(f) = format {
        to_stdout(|w| export::timeline(&ledger, &holder, &platform, &at, f, w))?;
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

/// The columns of `materiel losses --format csv|json`, documented in its help text.
const LOSS_COLUMNS: [&str; 10] = [
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
];

/// A cell of the losses table: text, a number, a flag, or nothing (empty in CSV, `null` in
/// JSON).
enum Cell {
    Text(String),
    Number(u64),
    Flag(bool),
    Empty,
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Flag(b) => b.to_string(),
            Cell::Empty => String::new(),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Cell::Text(t) => serde_json::Value::String(t.clone()),
            Cell::Number(n) => serde_json::Value::from(*n),
            Cell::Flag(b) => serde_json::Value::Bool(*b),
            Cell::Empty => serde_json::Value::Null,
        }
    }
}

/// A loss row's month, `YYYY-MM`.
fn month(row: &LossRow) -> String {
    format!("{:04}-{:02}", row.month.year(), row.month.month())
}

/// The cause without its captor: `captured`, `destroyed`.
fn cause_name(cause: &LossCause) -> String {
    match cause {
        LossCause::Captured { .. } => "captured".to_owned(),
        other => other.to_string(),
    }
}

/// One loss row in [`LOSS_COLUMNS`] order.
fn loss_cells(ledger: &Ledger, row: &LossRow) -> [Cell; 10] {
    let platform = &row.platform;
    let captor = match &row.cause {
        LossCause::Captured { by: Some(h) } => Cell::Text(h.to_string()),
        _ => Cell::Empty,
    };
    let (id, generic) = match platform {
        PlatformRef::Catalog(id) => (id.to_string(), false),
        PlatformRef::Generic(g) => (g.designation().to_owned(), true),
    };
    let basis: &'static str = row.count.basis().into();
    [
        Cell::Text(row.holder.to_string()),
        Cell::Text(id),
        Cell::Flag(generic),
        Cell::Text(platform.label(ledger.catalog()).to_owned()),
        platform
            .kind(ledger.catalog())
            .map_or(Cell::Empty, |k| Cell::Text(k.to_string())),
        Cell::Text(cause_name(&row.cause)),
        captor,
        Cell::Text(month(row)),
        Cell::Number(row.count.value()),
        Cell::Text(basis.to_owned()),
    ]
}

/// `materiel losses`.
pub(crate) fn losses(q: &LossesQuery) -> Result<Outcome> {
    let View {
        target,
        as_of,
        format,
    } = &q.view;
    let ledger = store::Target::of(target)?.load()?;
    let holder = q
        .holder
        .as_deref()
        .map(|name| args::holder(&ledger, name))
        .transpose()?;
    let at = args::as_of(as_of);
    let rows: Vec<LossRow> = ledger
        .losses(&at)
        .into_iter()
        .filter(|r| holder.as_ref().is_none_or(|h| r.holder == *h))
        .collect();
    match format {
        OutputFormat::Csv => {
            let mut out = std::io::stdout().lock();
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(LOSS_COLUMNS)?;
            for row in &rows {
                writer.write_record(loss_cells(&ledger, row).iter().map(Cell::csv))?;
            }
            writer.flush().context("cannot write to standard output")?;
        }
        OutputFormat::Json => {
            let mut out = std::io::stdout().lock();
            for row in &rows {
                // Keys in column order (serde_json's map would sort them).
                let fields: Vec<String> = LOSS_COLUMNS
                    .iter()
                    .zip(loss_cells(&ledger, row).iter().map(Cell::json))
                    .map(|(k, v)| format!("{}:{v}", serde_json::Value::from(*k)))
                    .collect();
                writeln!(out, "{{{}}}", fields.join(","))
                    .context("cannot write to standard output")?;
            }
        }
        OutputFormat::Table => {
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
            let mut t = table(
                &["holder", "month", "platform", "kind", "cause", "count"],
                &[5],
            );
            for row in &rows {
                t.add_row(vec![
                    row.holder.to_string(),
                    month(row),
                    row.platform.label(ledger.catalog()).to_owned(),
                    kind(&ledger, &row.platform),
                    row.cause.to_string(),
                    count(row.count),
                ]);
            }
            output::print_table(&t)?;
        }
    }
    Ok(Outcome::Ok)
}

/// Writes one export table.
type WriteTable<'a> = dyn Fn(&mut dyn Write) -> Result<(), export::ExportError> + 'a;

/// `materiel export`.
pub(crate) fn export(a: &ExportArgs) -> Result<Outcome> {
    let (out, view) = match &a.table {
        ExportTable::Entries(out) => (out, None),
        ExportTable::Holdings { out, view, .. }
        | ExportTable::Timeline { out, view, .. }
        | ExportTable::Pipeline { out, view, .. } => (out, Some(view)),
    };
    let ledger = store::Target::of(&out.target)?.load()?;
    let at = view.map(args::as_of).unwrap_or_default();
    let format = match out.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Json => Format::JsonLines,
    };
    // Names are resolved before anything is written.
    let write: Box<WriteTable<'_>> = match &a.table {
        ExportTable::Entries(_) => Box::new(|w| export::entries(&ledger, format, w)),
        ExportTable::Holdings { holder: None, .. } => {
            Box::new(|w| export::all_holdings(&ledger, &at, format, w))
        }
        ExportTable::Holdings {
            holder: Some(name), ..
        } => {
            let holder = args::holder(&ledger, name)?;
            Box::new(move |w| export::holdings(&ledger, &holder, &at, format, w))
        }
        ExportTable::Pipeline { holder: None, .. } => {
            Box::new(|w| export::all_pipelines(&ledger, &at, format, w))
        }
        ExportTable::Pipeline {
            holder: Some(name), ..
        } => {
            let holder = args::holder(&ledger, name)?;
            Box::new(move |w| export::pipeline(&ledger, &holder, &at, format, w))
        }
        ExportTable::Timeline {
            holder, platform, ..
        } => {
            let holder = args::holder(&ledger, holder)?;
            let platform = args::platform(&ledger, platform)?;
            Box::new(move |w| export::timeline(&ledger, &holder, &platform, &at, format, w))
        }
    };
    match &out.output {
        None => to_stdout(|w| write(w))?,
        Some(path) => store::write_atomically(path, |w| {
            write(w).with_context(|| format!("cannot write {}", path.display()))
        })?,
    }
    Ok(Outcome::Ok)
}
