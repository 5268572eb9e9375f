//! Writing a table: the header, then rows of cells as CSV or JSON Lines, through a buffer,
//! with errors naming the table, the format and the row.

use super::cells::Cell;
use super::*;

/// A table being written: the header, then rows of cells, one per column.
pub(super) struct Table<W: Write> {
    name: &'static str,
    columns: &'static [&'static str],
    format: Format,
    /// The data row being written (0: the header).
    row: u64,
    out: Out<W>,
    /// A number's text (CSV), reused.
    buf: String,
    /// A line (JSON Lines), reused.
    line: Vec<u8>,
}

pub(super) enum Out<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Json(io::BufWriter<W>),
}

impl<W: Write> Table<W> {
    pub(super) fn new(
        name: &'static str,
        columns: &'static [&'static str],
        format: Format,
        w: W,
    ) -> Result<Self, ExportError> {
        let out = match format {
            // Quoting is this module's (`csv_text`): text quoted, numbers and flags bare.
            Format::Csv => Out::Csv(Box::new(
                csv::WriterBuilder::new()
                    .quote_style(csv::QuoteStyle::Never)
                    .from_writer(w),
            )),
            Format::JsonLines => Out::Json(io::BufWriter::new(w)),
        };
        let mut table = Table {
            name,
            columns,
            format,
            row: 0,
            out,
            buf: String::new(),
            line: Vec::new(),
        };
        if let Out::Csv(csv) = &mut table.out {
            let result = csv.write_record(columns);
            table.csv_result(result)?;
        }
        Ok(table)
    }

    pub(super) fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        debug_assert_eq!(cells.len(), self.columns.len(), "{} row", self.name);
        self.row += 1;
        match &mut self.out {
            Out::Csv(csv) => {
                for cell in cells {
                    let result = match cell {
                        Cell::Empty => csv.write_field(""),
                        Cell::Text(s) => csv_text(csv, &mut self.buf, s),
                        Cell::UInt(n) => csv_number(csv, &mut self.buf, n),
                        Cell::Int(n) => csv_number(csv, &mut self.buf, n),
                        Cell::Float(x) => csv_number(csv, &mut self.buf, x),
                        Cell::Bool(b) => csv.write_field(if *b { "true" } else { "false" }),
                    };
                    if let Err(e) = result {
                        return Err(csv_error(self.name, self.row, e));
                    }
                }
                let result = csv.write_record(std::iter::empty::<&[u8]>());
                self.csv_result(result)
            }
            Out::Json(w) => {
                self.line.clear();
                let result = json_line(&mut self.line, self.columns, cells)
                    .and_then(|()| w.write_all(&self.line));
                result.map_err(|source| self.io_error(source))
            }
        }
    }

    pub(super) fn finish(mut self) -> Result<(), ExportError> {
        let result = match &mut self.out {
            Out::Csv(csv) => csv.flush(),
            Out::Json(w) => w.flush(),
        };
        result.map_err(|source| self.io_error(source))
    }

    pub(super) fn io_error(&self, source: io::Error) -> ExportError {
        ExportError::Io {
            table: self.name,
            format: self.format,
            row: self.row,
            source,
        }
    }

    pub(super) fn csv_result(&self, result: csv::Result<()>) -> Result<(), ExportError> {
        result.map_err(|e| csv_error(self.name, self.row, e))
    }
}

pub(super) fn csv_number<W: Write>(
    csv: &mut csv::Writer<W>,
    buf: &mut String,
    n: &impl fmt::Display,
) -> csv::Result<()> {
    buf.clear();
    push_display(buf, n);
    csv.write_field(buf.as_bytes())
}

/// Writes a text cell quoted (RFC 4180: inner quotes doubled), so that a reader can tell text
/// from numbers and `NA` from a missing value; an empty text is an empty cell.
pub(super) fn csv_text<W: Write>(
    csv: &mut csv::Writer<W>,
    buf: &mut String,
    text: &str,
) -> csv::Result<()> {
    if text.is_empty() {
        return csv.write_field("");
    }
    buf.clear();
    buf.push('"');
    for (i, part) in text.split('"').enumerate() {
        if i > 0 {
            buf.push_str("\"\"");
        }
        buf.push_str(part);
    }
    buf.push('"');
    csv.write_field(buf.as_bytes())
}

pub(super) fn push_display(buf: &mut String, value: &impl fmt::Display) {
    // Writing to a `String` cannot fail.
    let _ = write!(buf, "{value}");
}

/// Appends one JSON object, the `cells` under the `columns` names, and a line break.
pub(super) fn json_line(
    line: &mut Vec<u8>,
    columns: &[&str],
    cells: &[Cell<'_>],
) -> io::Result<()> {
    line.push(b'{');
    for (i, (name, cell)) in columns.iter().zip(cells).enumerate() {
        if i > 0 {
            line.push(b',');
        }
        serde_json::to_writer(&mut *line, name)?;
        line.push(b':');
        match cell {
            Cell::Empty => line.extend_from_slice(b"null"),
            Cell::Text(s) => serde_json::to_writer(&mut *line, s.as_ref())?,
            Cell::UInt(n) => write!(line, "{n}")?,
            Cell::Int(n) => write!(line, "{n}")?,
            // Written as `null` if not finite (JSON has no NaN); the rates here are finite.
            Cell::Float(x) => serde_json::to_writer(&mut *line, x)?,
            Cell::Bool(b) => write!(line, "{b}")?,
        }
    }
    line.extend_from_slice(b"}\n");
    Ok(())
}

/// A CSV error, as [`ExportError::Io`] when the writer's I/O failed.
pub(super) fn csv_error(table: &'static str, row: u64, e: csv::Error) -> ExportError {
    if !e.is_io_error() {
        return ExportError::Csv {
            table,
            row,
            source: e,
        };
    }
    let source = match e.into_kind() {
        csv::ErrorKind::Io(source) => source,
        // Not reached: `is_io_error` is true for exactly the `Io` kind.
        other => io::Error::other(format!("{other:?}")),
    };
    ExportError::Io {
        table,
        format: Format::Csv,
        row,
        source,
    }
}
