//! `materiel losses`: losses by holder, platform, cause and month.

use std::io::Write;

use anyhow::{Context, Result};
use clap::Args;
use materiel::ledger::{LossCause, LossRow};
use materiel::{Ledger, PlatformRef};

use crate::args;
use crate::flags::{OutputFormat, View};
use crate::output::{self, count, describe, kind, plural, table};
use crate::scope::holder_title;
use crate::store;
use crate::ui::{Outcome, say};

#[derive(Debug, Args)]
pub(crate) struct LossesQuery {
    /// Only this holder's losses: an id (RUS) or a country name (Ukraine).
    pub(crate) holder: Option<String>,
    #[command(flatten)]
    pub(crate) view: View,
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
    let at = as_of.as_of();
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
