//! Rows of typed cells written as a table for people, CSV or JSON Lines: the grouped answers
//! (`holdings --by`, `losses --by`, `deliveries`, `transfers`) and the row `lot` writes for a
//! lot with no entry (the `losses` table's CSV and JSON Lines are the library's
//! `materiel::export::losses`, written the same way).
//!
//! CSV quotes every text cell (RFC 4180), so a reader can tell text from numbers; numbers and
//! flags are bare. pandas still reads `NA`, quoted or not, as missing by default: a system
//! named `NA` stays text with `pd.read_csv(path, keep_default_na=False, na_values=[""])`. Tables cut a long text cell with
//! an ellipsis ([`MAX_CELL`] characters); CSV and JSON Lines never do.

use std::io::Write;

use anyhow::{Context, Result};

use crate::flags::OutputFormat;
use crate::output::print_rows;

/// The widest text cell of a table, in characters; a longer one ends in `…`.
pub(crate) const MAX_CELL: usize = 40;

/// A cell: text, a whole number, a decimal with a fixed number of places, a flag, or
/// nothing (empty in CSV and tables, `null` in JSON).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Number(u64),
    /// A value in thousandths, written with three decimals (TIV in millions).
    Thousandths(u64),
    Flag(bool),
    /// A share of a whole, `part / whole` (`whole` > 0): four decimals in CSV and JSON
    /// (`0.8213`), a percentage with one decimal in tables (`82.1%`).
    Share(u64, u64),
    Empty,
}

impl Cell {
    /// The cell as text, in full.
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Thousandths(t) => format!("{}.{:03}", t / 1000, t % 1000),
            Cell::Flag(b) => b.to_string(),
            Cell::Share(part, whole) => format!("{:.4}", fraction(*part, *whole)),
            Cell::Empty => String::new(),
        }
    }

    /// The cell as a table shows it (before a long text is cut): a share as a percentage.
    fn shown(&self) -> String {
        match self {
            Cell::Share(part, whole) => format!("{:.1}%", fraction(*part, *whole) * 100.0),
            other => other.text(),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Cell::Text(t) => serde_json::Value::String(t.clone()),
            Cell::Number(n) => serde_json::Value::from(*n),
            Cell::Thousandths(_) | Cell::Share(..) => {
                serde_json::from_str(&self.text()).unwrap_or(serde_json::Value::Null)
            }
            Cell::Flag(b) => serde_json::Value::Bool(*b),
            Cell::Empty => serde_json::Value::Null,
        }
    }

    fn is_text(&self) -> bool {
        matches!(self, Cell::Text(_))
    }
}

/// `part / whole` as a fraction (0 when `whole` is 0).
fn fraction(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// `text` cut to [`MAX_CELL`] characters, the last one an ellipsis, when it is longer.
pub(crate) fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_CELL {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(MAX_CELL - 1).collect();
    out.push('…');
    out
}

/// Writes `rows` under `columns` to standard output in `format`; a table first prints
/// `title` lines (CSV and JSON Lines print only the rows).
pub(crate) fn emit(
    format: OutputFormat,
    title: &[String],
    columns: &[&str],
    rows: &[Vec<Cell>],
) -> Result<()> {
    let stdout = std::io::stdout();
    match format {
        OutputFormat::Csv => {
            let mut out = std::io::BufWriter::new(stdout.lock());
            writeln!(out, "{}", columns.join(",")).context("cannot write to standard output")?;
            for row in rows {
                // Text quoted (RFC 4180), numbers bare.
                let fields: Vec<String> = row
                    .iter()
                    .map(|c| {
                        if c.is_text() {
                            format!("\"{}\"", c.text().replace('"', "\"\""))
                        } else {
                            c.text()
                        }
                    })
                    .collect();
                writeln!(out, "{}", fields.join(",")).context("cannot write to standard output")?;
            }
            out.flush().context("cannot write to standard output")?;
        }
        OutputFormat::Json => {
            let mut out = stdout.lock();
            for row in rows {
                // Keys in column order (serde_json's map would sort them).
                let fields: Vec<String> = columns
                    .iter()
                    .zip(row.iter().map(Cell::json))
                    .map(|(k, v)| format!("{}:{v}", serde_json::Value::from(*k)))
                    .collect();
                writeln!(out, "{{{}}}", fields.join(","))
                    .context("cannot write to standard output")?;
            }
        }
        OutputFormat::Table => {
            {
                let mut out = stdout.lock();
                for line in title {
                    writeln!(out, "{line}").context("cannot write to standard output")?;
                }
            }
            if rows.is_empty() {
                let mut out = stdout.lock();
                writeln!(out, "(nothing in this view)")
                    .context("cannot write to standard output")?;
                return Ok(());
            }
            // A column empty in every row (the period of an answer without buckets) is left
            // out of the table.
            let shown: Vec<usize> = (0..columns.len())
                .filter(|&i| rows.iter().any(|r| r[i] != Cell::Empty))
                .collect();
            let header: Vec<&str> = shown.iter().map(|&i| columns[i]).collect();
            let right: Vec<usize> = (0..shown.len())
                .filter(|&k| rows.iter().all(|r| !r[shown[k]].is_text()))
                .collect();
            let cells = rows
                .iter()
                .map(|row| shown.iter().map(|&i| cut(&row[i].shown())).collect())
                .collect();
            print_rows(&header, &right, cells)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_with_an_ellipsis_to_the_widest_cell() {
        assert_eq!(cut("Su-30MK2"), "Su-30MK2");
        let long = "x".repeat(125);
        let c = cut(&long);
        assert_eq!(c.chars().count(), MAX_CELL);
        assert!(c.ends_with('…'));
        assert_eq!(cut(&"é".repeat(MAX_CELL)), "é".repeat(MAX_CELL));
    }

    #[test]
    fn thousandths_print_three_decimals() {
        assert_eq!(Cell::Thousandths(37_934_000).text(), "37934.000");
        assert_eq!(Cell::Thousandths(5).text(), "0.005");
        assert_eq!(Cell::Thousandths(7250).json(), serde_json::json!(7.25));
    }

    #[test]
    fn shares_are_fractions_in_files_and_percentages_in_tables() {
        let s = Cell::Share(2, 3);
        assert_eq!(s.text(), "0.6667");
        assert_eq!(s.json(), serde_json::json!(0.6667));
        assert_eq!(s.shown(), "66.7%");
        assert_eq!(Cell::Share(5, 5).shown(), "100.0%");
        assert_eq!(Cell::Share(0, 0).text(), "0.0000");
    }
}
