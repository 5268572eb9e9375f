//! Output: aligned tables for people, CSV and JSON Lines through `materiel::export`.

use std::collections::HashSet;
use std::io::{BufRead, Write};

use anyhow::{Context, Result};
use comfy_table::{CellAlignment, Table, presets};
use materiel::ledger::{LotState, Readiness};
use materiel::{AsOf, Count, Status};

/// A table with `header`, columns from `right` on aligned right (numbers).
pub(crate) fn table(header: &[&str], right: &[usize]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::ASCII_MARKDOWN);
    t.set_header(header.iter().copied());
    for &i in right {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// Prints `table` and a line break on standard output.
pub(crate) fn print_table(table: &Table) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{table}").context("cannot write to standard output")
}

/// A percentage, no decimals.
fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A readiness in a few characters: `75%`, `75% (60%..80%)` with units of unknown status,
/// `n/a (0%..100%)` when none has a known status, `-` when nothing is in service.
pub(crate) fn readiness(r: &Readiness) -> String {
    match (r.rate(), r.lower(), r.upper()) {
        (Some(rate), Some(lo), Some(hi)) if r.unknown() > 0 => {
            format!("{} ({}..{})", pct(rate), pct(lo), pct(hi))
        }
        (Some(rate), _, _) => pct(rate),
        (None, Some(lo), Some(hi)) => format!("n/a ({}..{})", pct(lo), pct(hi)),
        _ => "-".to_owned(),
    }
}

/// The state's count for each status, in `Status::ALL` order.
pub(crate) fn status_cells(state: &LotState) -> Vec<String> {
    Status::ALL
        .into_iter()
        .map(|s| count(state.count(s)))
        .collect()
}

/// A count with its basis (`e8`, `>=8`), or `0`.
pub(crate) fn count(c: Count) -> String {
    c.to_string()
}

/// The short status codes, as column headers.
pub(crate) fn status_headers() -> Vec<&'static str> {
    Status::ALL.into_iter().map(Status::code).collect()
}

/// The view in words: `at 2013-12-31, as known at 2025-01-03T00:00:00Z, grades B2 or better`.
pub(crate) fn describe(at: &AsOf) -> String {
    let mut parts = vec![match at.valid_date() {
        Some(d) => format!("at {d}"),
        None => "at the latest date".to_owned(),
    }];
    parts.push(match at.known() {
        Some(t) => format!("as known at {t}"),
        None => "as known now".to_owned(),
    });
    if let Some(g) = at.grade() {
        parts.push(format!("sources graded {g} or better"));
    }
    parts.join(", ")
}

/// Copies the rows of an exported entries table (`bytes`, in `format`) whose `id` is in `ids`,
/// header included for CSV, to standard output.
pub(crate) fn filter_entries(
    bytes: &[u8],
    format: materiel::export::Format,
    ids: &HashSet<u64>,
) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        materiel::export::Format::Csv => {
            let mut reader = csv::Reader::from_reader(bytes);
            let mut writer = csv::Writer::from_writer(&mut out);
            let header = reader.headers().context("exported entries")?.clone();
            let id_col = header.iter().position(|h| h == "id").unwrap_or(0);
            writer.write_record(&header).context("cannot write")?;
            for record in reader.records() {
                let record = record.context("exported entries")?;
                let id: Option<u64> = record.get(id_col).and_then(|s| s.parse().ok());
                if id.is_some_and(|id| ids.contains(&id)) {
                    writer.write_record(&record).context("cannot write")?;
                }
            }
            writer.flush().context("cannot write")?;
        }
        _ => {
            for line in bytes.lines() {
                let line = line.context("exported entries")?;
                let value: serde_json::Value =
                    serde_json::from_str(&line).context("exported entries")?;
                if value["id"].as_u64().is_some_and(|id| ids.contains(&id)) {
                    writeln!(out, "{line}").context("cannot write")?;
                }
            }
        }
    }
    Ok(())
}
