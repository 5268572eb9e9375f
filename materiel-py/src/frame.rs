//! Tables handed to pandas: the library's CSV export read back in Rust into typed columns, each
//! column handed over whole (numbers as packed bytes, text as a table of distinct values and
//! their codes) to `materiel._frames.frame`, which makes one `pandas.DataFrame` of them.
//!
//! The columns and their meaning are the export's (`materiel::export`); the type of each
//! column follows from its name, by the rules below, written once here and documented in
//! `materiel-py/README.md` ("Columns and types"):
//!
//! * a column whose values the export enumerates (`export::column_values`: statuses, bases,
//!   change kinds, ...) and a grade column (`*_grade`) are categoricals of those values;
//! * a count (a column `X` next to a column `X_basis`) and the other whole numbers (`id`,
//!   `outstanding`, `captured_held_lower`, `captured_held_upper`, `adjustment`, `retracted_entry`, `retracted_by`, `sipri_deal`,
//!   `order_year`, `service_entry`, `quote`) are nullable integers (`Int64`);
//! * rates and TIV figures, and a catalog figure's SI values, are floats (`NaN` when empty);
//! * flags are nullable booleans; days are dates (`datetime64[s]`; a month, `YYYY-MM`, is its
//!   first day); recorded and known-at times are UTC times (`datetime64[us, UTC]`);
//! * everything else is text (`str` values; the column is `object` under pandas 2, `str` under
//!   pandas 3).

use std::collections::HashMap;

use materiel::jiff::Timestamp;
use materiel::jiff::civil::Date;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};

use crate::errors::ExportError;

/// The type of a column.
#[derive(Clone, Debug)]
pub(crate) enum Kind {
    /// Nullable 64-bit integers.
    Int,
    /// Floats, `NaN` when empty.
    Float,
    /// Nullable booleans (`true`, `false`).
    Bool,
    /// Days, `YYYY-MM-DD`.
    Date,
    /// RFC 3339 times.
    Timestamp,
    /// One of the values listed.
    Category(Vec<String>),
    /// Text.
    Text,
}

const WHOLE: &[&str] = &[
    "id",
    "outstanding",
    "captured_held_lower",
    "captured_held_upper",
    "adjustment",
    "retracted_entry",
    "retracted_by",
    "sipri_deal",
    "order_year",
    "service_entry",
    "quote",
];
const FLOAT: &[&str] = &[
    "readiness_rate",
    "readiness_lower",
    "readiness_upper",
    "tiv_unit",
    "sipri_estimate",
    "tiv_delivery",
    "value_si",
    "min_si",
    "max_si",
];
const BOOL: &[&str] = &[
    "platform_generic",
    "baseline_known",
    "consistent",
    "order_year_estimate",
    "licensed",
    "delivered_estimate",
    "delivery_year_estimate",
    "is_family",
];
const DATE: &[&str] = &[
    "effective_first_day",
    "effective_last_day",
    "as_of_valid",
    "month",
];
const TIMESTAMP: &[&str] = &["recorded", "as_of_known"];

/// Every Admiralty grade, `A1` to `F6`, in order.
fn grades() -> Vec<String> {
    let mut out = Vec::new();
    for letter in ['A', 'B', 'C', 'D', 'E', 'F'] {
        for digit in '1'..='6' {
            let code = format!("{letter}{digit}");
            if code.parse::<materiel::Grade>().is_ok() {
                out.push(code);
            }
        }
    }
    out
}

/// The type of the column `name` in a table of `columns` (see the module documentation).
pub(crate) fn kind_of(name: &str, columns: &[&str]) -> Kind {
    if let Some(values) = materiel::export::column_values(name) {
        return Kind::Category(values.iter().map(|v| (*v).to_owned()).collect());
    }
    if name.ends_with("_grade") {
        return Kind::Category(grades());
    }
    if name == "category" {
        // Every catalog category, in declaration order (as the catalog's frame has them).
        return Kind::Category(
            <materiel::catalog::Category as strum::IntoEnumIterator>::iter()
                .map(|c| <&'static str>::from(c).to_owned())
                .collect(),
        );
    }
    let basis = format!("{name}_basis");
    if WHOLE.contains(&name) || columns.contains(&basis.as_str()) {
        return Kind::Int;
    }
    if FLOAT.contains(&name) {
        return Kind::Float;
    }
    if BOOL.contains(&name) {
        return Kind::Bool;
    }
    if DATE.contains(&name) {
        return Kind::Date;
    }
    if TIMESTAMP.contains(&name) {
        return Kind::Timestamp;
    }
    Kind::Text
}

/// One column being filled.
enum Column {
    Int(Vec<i64>, Vec<u8>),
    Float(Vec<f64>),
    Bool(Vec<u8>, Vec<u8>),
    /// Seconds since 1970-01-01 of each day.
    Date(Vec<i64>, Vec<u8>),
    /// Microseconds since the Unix epoch.
    Timestamp(Vec<i64>, Vec<u8>),
    /// Codes into the values (-1: empty), the values and where each is.
    Category(Vec<i32>, Vec<String>, HashMap<String, i32>),
    /// Codes into the distinct values (-1: empty).
    Text(Vec<i32>, Vec<String>, HashMap<String, i32>),
}

impl Column {
    fn new(kind: &Kind) -> Self {
        match kind {
            Kind::Int => Column::Int(Vec::new(), Vec::new()),
            Kind::Float => Column::Float(Vec::new()),
            Kind::Bool => Column::Bool(Vec::new(), Vec::new()),
            Kind::Date => Column::Date(Vec::new(), Vec::new()),
            Kind::Timestamp => Column::Timestamp(Vec::new(), Vec::new()),
            Kind::Category(values) => {
                let index = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v.clone(), i32::try_from(i).unwrap_or(i32::MAX)))
                    .collect();
                Column::Category(Vec::new(), values.clone(), index)
            }
            Kind::Text => Column::Text(Vec::new(), Vec::new(), HashMap::new()),
        }
    }

    /// Adds the cell `text` (empty: missing); `Err` names what it is not.
    fn push(&mut self, text: &str) -> Result<(), &'static str> {
        let empty = text.is_empty();
        match self {
            Column::Int(v, mask) => {
                v.push(if empty {
                    0
                } else {
                    text.parse().map_err(|_| "an integer")?
                });
                mask.push(u8::from(empty));
            }
            Column::Float(v) => v.push(if empty {
                f64::NAN
            } else {
                text.parse().map_err(|_| "a number")?
            }),
            Column::Bool(v, mask) => {
                v.push(match text {
                    "" | "false" => 0,
                    "true" => 1,
                    _ => return Err("true or false"),
                });
                mask.push(u8::from(empty));
            }
            Column::Date(v, mask) => {
                v.push(if empty { 0 } else { day_seconds(text)? });
                mask.push(u8::from(empty));
            }
            Column::Timestamp(v, mask) => {
                v.push(if empty {
                    0
                } else {
                    let t: Timestamp = text.parse().map_err(|_| "an RFC 3339 time")?;
                    t.as_microsecond()
                });
                mask.push(u8::from(empty));
            }
            Column::Category(codes, values, index) | Column::Text(codes, values, index) => {
                codes.push(if empty { -1 } else { code(text, values, index) });
            }
        }
        Ok(())
    }

    /// The column as `(name, kind, data, extra)` for `materiel._frames.frame`.
    fn into_py<'py>(self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyTuple>> {
        let bytes = |b: &[u8]| PyBytes::new(py, b).into_any();
        let words = |v: &[i64]| bytes(&v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<_>>());
        let codes = |v: &[i32]| bytes(&v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<_>>());
        let (kind, data, extra) = match self {
            Column::Int(v, mask) => ("int", words(&v), bytes(&mask)),
            Column::Float(v) => (
                "float",
                bytes(&v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<_>>()),
                py.None().into_bound(py),
            ),
            Column::Bool(v, mask) => ("bool", bytes(&v), bytes(&mask)),
            Column::Date(v, mask) => ("date", words(&v), bytes(&mask)),
            Column::Timestamp(v, mask) => ("timestamp", words(&v), bytes(&mask)),
            Column::Category(c, values, _) => {
                ("category", codes(&c), PyList::new(py, values)?.into_any())
            }
            Column::Text(c, values, _) => ("text", codes(&c), PyList::new(py, values)?.into_any()),
        };
        PyTuple::new(
            py,
            [
                name.into_pyobject(py)?.into_any(),
                kind.into_pyobject(py)?.into_any(),
                data,
                extra,
            ],
        )
    }
}

fn code(text: &str, values: &mut Vec<String>, index: &mut HashMap<String, i32>) -> i32 {
    if let Some(c) = index.get(text) {
        return *c;
    }
    let c = i32::try_from(values.len()).unwrap_or(i32::MAX);
    values.push(text.to_owned());
    index.insert(text.to_owned(), c);
    c
}

/// Seconds from 1970-01-01 to the day `text` (`YYYY-MM-DD`), or to the first day of the
/// month `text` (`YYYY-MM`, as the losses table's `month`).
fn day_seconds(text: &str) -> Result<i64, &'static str> {
    let err = |_| "a date (YYYY-MM-DD) or a month (YYYY-MM)";
    let day: Date = if text.len() == "YYYY-MM".len() {
        format!("{text}-01").parse().map_err(err)?
    } else {
        text.parse().map_err(err)?
    };
    let epoch = materiel::jiff::civil::date(1970, 1, 1);
    Ok(day.duration_since(epoch).as_secs())
}

/// A table filled row by row in Rust, handed to Python column by column.
pub(crate) struct Table {
    names: Vec<String>,
    columns: Vec<Column>,
    rows: u64,
}

impl Table {
    /// An empty table of the columns `names`, typed by [`kind_of`].
    pub(crate) fn new(names: &[&str]) -> Self {
        Self::with_kinds(names.iter().map(|n| ((*n).to_owned(), kind_of(n, names))))
    }

    /// An empty table of the columns given with their types.
    pub(crate) fn with_kinds(columns: impl IntoIterator<Item = (String, Kind)>) -> Self {
        let (names, columns) = columns
            .into_iter()
            .map(|(name, kind)| {
                let column = Column::new(&kind);
                (name, column)
            })
            .unzip();
        Self {
            names,
            columns,
            rows: 0,
        }
    }

    /// Adds a row of cells as the CSV export writes them (empty: missing).
    pub(crate) fn push<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> PyResult<()> {
        self.rows += 1;
        let mut n = 0;
        for (i, cell) in cells.into_iter().enumerate() {
            let (Some(column), Some(name)) = (self.columns.get_mut(i), self.names.get(i)) else {
                return Err(ExportError::new_err(format!(
                    "row {}: more cells than the {} columns",
                    self.rows,
                    self.names.len()
                )));
            };
            column.push(cell).map_err(|expected| {
                ExportError::new_err(format!(
                    "row {}, column {name}: {cell:?} is not {expected}",
                    self.rows
                ))
            })?;
            n = i + 1;
        }
        if n != self.names.len() {
            return Err(ExportError::new_err(format!(
                "row {}: {n} cells for {} columns",
                self.rows,
                self.names.len()
            )));
        }
        Ok(())
    }

    /// The CSV table `csv` (a header row, then data rows) read into typed columns.
    pub(crate) fn from_csv(csv: &[u8]) -> PyResult<Self> {
        let mut reader = csv::ReaderBuilder::new().from_reader(csv);
        let err = |e: csv::Error| ExportError::new_err(format!("cannot read the table: {e}"));
        let header = reader.headers().map_err(err)?.clone();
        let names: Vec<&str> = header.iter().collect();
        let mut table = Table::new(&names);
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).map_err(err)? {
            table.push(record.iter())?;
        }
        Ok(table)
    }

    /// Keeps the rows for which `keep` holds of the cell in column `name` (all rows when no
    /// column has that name); only for text columns.
    pub(crate) fn filter_text(&mut self, name: &str, keep: impl Fn(&str) -> bool) {
        let Some(at) = self.names.iter().position(|n| n == name) else {
            return;
        };
        let Some(Column::Text(codes, values, _)) = self.columns.get(at) else {
            return;
        };
        let rows: Vec<bool> = codes
            .iter()
            .map(|c| {
                usize::try_from(*c)
                    .ok()
                    .and_then(|c| values.get(c))
                    .is_some_and(|v| keep(v))
            })
            .collect();
        for column in &mut self.columns {
            column.retain(&rows);
        }
        self.rows = rows.iter().filter(|k| **k).count() as u64;
    }

    /// The `pandas.DataFrame` of the table, made by one call of `materiel._frames.frame`.
    pub(crate) fn into_frame(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let mut columns = Vec::with_capacity(self.names.len());
        for (name, column) in self.names.iter().zip(self.columns) {
            columns.push(column.into_py(py, name)?);
        }
        let list = PyList::new(py, columns)?;
        let frames = py.import("materiel._frames")?;
        Ok(frames.getattr("frame")?.call1((list,))?.unbind())
    }
}

impl Column {
    /// Keeps the rows where `keep` is true.
    fn retain(&mut self, keep: &[bool]) {
        fn filter<T>(v: &mut Vec<T>, keep: &[bool]) {
            let mut k = keep.iter();
            v.retain(|_| k.next().copied().unwrap_or(false));
        }
        match self {
            Column::Int(v, m) | Column::Date(v, m) | Column::Timestamp(v, m) => {
                filter(v, keep);
                filter(m, keep);
            }
            Column::Float(v) => filter(v, keep),
            Column::Bool(v, m) => {
                filter(v, keep);
                filter(m, keep);
            }
            Column::Category(c, _, _) | Column::Text(c, _, _) => filter(c, keep),
        }
    }
}
