//! Output: aligned tables for people, CSV and JSON Lines through `materiel::export`.

use std::collections::HashSet;
use std::io::{BufRead, Write};

use anyhow::{Context, Result};
use comfy_table::{CellAlignment, Table, presets};
use materiel::ledger::{LotState, Readiness};
use materiel::{AsOf, Count, Ledger, Status};

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

/// `n` and the noun it counts, singular for one: `1 entry`, `2 entries`.
pub(crate) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A percentage, no decimals.
fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A readiness in a table cell, the range first (documented in `holdings --help`): `83%`
/// when every status is known; with units of unknown status, the range from all of them
/// down to all of them up, then the rate over the units of known status when they are at
/// least half (`60%..80% (75% of known)`), else how many are unknown
/// (`8%..100% (24/26 unknown)`, `0%..100% (all unknown)`); `-` when nothing is in service.
pub(crate) fn readiness(r: &Readiness) -> String {
    let (Some(lo), Some(hi)) = (r.lower(), r.upper()) else {
        return "-".to_owned();
    };
    let range = format!("{}..{}", pct(lo), pct(hi));
    match r.rate() {
        Some(rate) if r.unknown() == 0 => pct(rate),
        Some(rate) if r.unknown() * 2 <= r.possessed() => {
            format!("{range} ({} of known)", pct(rate))
        }
        Some(_) => format!("{range} ({}/{} unknown)", r.unknown(), r.possessed()),
        None => format!("{range} (all unknown)"),
    }
}

/// A readiness in words, for a lot: `2/26 mission capable, 24 unknown: 100% of the 2 of
/// known status; 8%..100% of all 26`.
pub(crate) fn readiness_line(r: &Readiness) -> String {
    let mut line = format!("{}/{} mission capable", r.mission_capable(), r.possessed());
    if r.unknown() > 0 {
        line.push_str(&format!(", {} unknown", r.unknown()));
    }
    if r.stored_excluded() > 0 {
        line.push_str(&format!(", {} stored not counted", r.stored_excluded()));
    }
    let (Some(lo), Some(hi)) = (r.lower(), r.upper()) else {
        return format!("{line}: nothing in service");
    };
    let known = r.possessed() - r.unknown().min(r.possessed());
    match r.rate() {
        Some(rate) if r.unknown() == 0 => format!("{line}: {}", pct(rate)),
        Some(rate) => format!(
            "{line}: {} of the {known} of known status; {}..{} of all {}",
            pct(rate),
            pct(lo),
            pct(hi),
            r.possessed()
        ),
        None => format!(
            "{line}: no status known; {}..{} of all {}",
            pct(lo),
            pct(hi),
            r.possessed()
        ),
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

/// The records of a CSV text (the header first), each with the bytes it was read from, its line
/// end included.
pub(crate) fn csv_lines(bytes: &[u8]) -> Result<Vec<(&[u8], csv::ByteRecord)>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    let mut out = Vec::new();
    loop {
        let start = reader.position().byte() as usize;
        let mut record = csv::ByteRecord::new();
        if !reader
            .read_byte_record(&mut record)
            .context("exported table")?
        {
            return Ok(out);
        }
        out.push((&bytes[start..reader.position().byte() as usize], record));
    }
}

/// Copies the rows of an exported entries table (`bytes`, in `format`) whose `id` is in `ids`,
/// header included for CSV, to `out`, byte for byte (CSV text stays quoted, as the export
/// writes it).
pub(crate) fn filter_entries(
    bytes: &[u8],
    format: materiel::export::Format,
    ids: &HashSet<u64>,
    mut out: impl Write,
) -> Result<()> {
    match format {
        materiel::export::Format::Csv => {
            // The header and the rows kept are copied byte for byte (text stays quoted).
            let lines = csv_lines(bytes)?;
            let Some(((header, names), rows)) = lines.split_first() else {
                return Ok(());
            };
            out.write_all(header).context("cannot write")?;
            let col = names.iter().position(|h| h == b"id").unwrap_or(0);
            for (line, record) in rows {
                let id = record.get(col).and_then(|s| std::str::from_utf8(s).ok());
                if id
                    .and_then(|s| s.parse::<u64>().ok())
                    .is_some_and(|id| ids.contains(&id))
                {
                    out.write_all(line).context("cannot write")?;
                }
            }
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

/// The kind column: the platform's kind, or `?` when the catalog does not know it.
pub(crate) fn kind(ledger: &Ledger, platform: &materiel::PlatformRef) -> String {
    platform
        .kind(ledger.catalog())
        .map_or_else(|| "?".to_owned(), |k| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular() {
        assert_eq!(plural(1, "entry", "entries"), "1 entry");
        assert_eq!(plural(0, "entry", "entries"), "0 entries");
        assert_eq!(plural(2, "platform", "platforms"), "2 platforms");
    }

    #[test]
    fn readiness_shows_the_range_first_and_what_the_rate_is_over() {
        let mostly_unknown = Readiness::new(2, 26, 24);
        assert_eq!(readiness(&mostly_unknown), "8%..100% (24/26 unknown)");
        assert_eq!(
            readiness_line(&mostly_unknown),
            "2/26 mission capable, 24 unknown: 100% of the 2 of known status; 8%..100% of all 26"
        );
        let some_unknown = Readiness::new(15, 25, 5);
        assert_eq!(readiness(&some_unknown), "60%..80% (75% of known)");
        let all_unknown = Readiness::new(0, 24, 24);
        assert_eq!(readiness(&all_unknown), "0%..100% (all unknown)");
        assert_eq!(
            readiness_line(&all_unknown),
            "0/24 mission capable, 24 unknown: no status known; 0%..100% of all 24"
        );
        let known = Readiness::new(20, 24, 0);
        assert_eq!(readiness(&known), "83%");
        assert_eq!(readiness_line(&known), "20/24 mission capable: 83%");
        assert_eq!(readiness(&Readiness::new(0, 0, 0)), "-");
        assert_eq!(
            readiness_line(&Readiness::new(0, 0, 0)),
            "0/0 mission capable: nothing in service"
        );
    }
}
