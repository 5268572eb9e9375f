//! Data out: CSV and JSON Lines tables of a [`Ledger`]'s entries, holdings, timelines,
//! pipelines and losses, for pandas, R, spreadsheets and command-line tools.
//!
//! Each table is written by one function ([`entries`], [`holdings`] and [`all_holdings`],
//! [`timeline`], [`pipeline`] and [`all_pipelines`], [`losses`]) to any [`std::io::Write`], in
//! a [`Format`]; its columns are listed, in order and with their meaning, by a constant
//! ([`ENTRY_COLUMNS`], [`HOLDINGS_COLUMNS`], [`TIMELINE_COLUMNS`], [`PIPELINE_COLUMNS`],
//! [`LOSS_COLUMNS`]).
//!
//! # Stability
//!
//! Column names and their order are part of the crate's public API: a column is never
//! renamed, removed or moved within a minor version. New columns (for new change kinds or new
//! facts about an entry) may be added **at the end** of a table; read columns by name, not by
//! position, to keep working across such additions.
//!
//! # Cells
//!
//! * **CSV** ([`Format::Csv`]): RFC 4180: a header row with the column names (bare), then
//!   one row per item; **every text cell is quoted** (quotes inside doubled), numbers and
//!   flags are bare, lines end in `\n`, text is UTF-8 (no byte-order mark). A field that
//!   does not apply to a row is an **empty cell**, never quoted; so is an empty note (CSV
//!   cannot tell the two apart; JSON Lines can). Quoting lets a reader that tells quoted
//!   text from bare values keep text such as `NA` (an Oryx system is named `NA`) as text;
//!   pandas reads some texts as missing by default, `NA` among them, quoted or not: read with
//!   `pd.read_csv(path, keep_default_na=False, na_values=[""])`, so that only empty cells are
//!   missing. (The Python bindings' DataFrames keep text as text.)
//! * **JSON Lines** ([`Format::JsonLines`]): one flat JSON object per line (no header line),
//!   with **every column as a key, in column order**; a field that does not apply is
//!   **`null`** (never omitted), so every object has the same keys. Numbers are JSON numbers,
//!   flags JSON booleans, everything else a string.
//!
//! Values, in both formats:
//!
//! * dates are ISO 8601: an effective date as [`EffectiveDate`](crate::EffectiveDate) writes
//!   it (`2013`, `2013-07` or `2013-07-15`), with its first day (`2013-01-01`) and precision
//!   (`year`, `month`, `day`) in columns of their own; recorded times and known-at times are
//!   RFC 3339 timestamps in UTC (`2025-03-10T00:00:00Z`);
//! * a count is a whole number, and its [`Basis`] (`exact`, `at_least`, `up_to`, `about`,
//!   `estimate`) is in the column named after it with `_basis` appended;
//! * statuses, change kinds, conditions, causes and other names are the `snake_case` names of
//!   the crate's enumerations (`non_operational_supply`, `status_changed`): each column's
//!   documentation lists its values, and [`column_values`] gives them to a program (the
//!   documented lists and the function's are written once, and tests check them against the
//!   enumerations); grades are Admiralty codes (`B3`); flags are `true` or `false`; rates are
//!   decimal fractions (`0.75`).
//!
//! Text is written as it is: a note beginning with `=` stays so. Spreadsheet programs may
//! take such a cell for a formula; open untrusted exports as text or import them as data.
//!
//! # Errors and partial output
//!
//! A table is written row by row through a buffer; when the writer fails, the function
//! returns an [`ExportError`] naming the table, the format and the row, and whatever reached
//! the writer stays there. Write to a temporary file and rename it to keep only complete
//! tables.
//!
//! # Example
//!
//! ```
//! use materiel::export::{self, Format, ENTRY_COLUMNS};
//! use materiel::{Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
//!
//! let mut ledger = Ledger::new(Catalog::reference());
//! ledger.append(NewEntry::new(
//!     "VEN".parse()?,
//!     PlatformRef::catalog("su-30mk2")?,
//!     EffectiveDate::year(2006)?,
//!     Change::Delivered { count: Count::estimate(4)?, into: Status::Unknown, supplier: Some("RUS".parse()?), condition: Default::default() },
//!     Source::new("SIPRI Arms Transfers Database", "A2".parse()?)?,
//!     "2025-03-10T00:00:00Z".parse()?,
//! ).with_note("first batch, \"2 seats\""))?;
//!
//! let mut csv = Vec::new();
//! export::entries(&ledger, Format::Csv, &mut csv)?;
//! let mut reader = csv::Reader::from_reader(csv.as_slice());
//! assert_eq!(reader.headers()?.iter().collect::<Vec<_>>(), ENTRY_COLUMNS);
//! let row = reader.records().next().expect("one row")?;
//! let cell = |name: &str| &row[ENTRY_COLUMNS.iter().position(|c| *c == name).unwrap()];
//! assert_eq!((cell("effective"), cell("effective_first_day"), cell("effective_precision")),
//!     ("2006", "2006-01-01", "year"));
//! assert_eq!((cell("count"), cell("count_basis")), ("4", "estimate"));
//! assert_eq!(cell("note"), "first batch, \"2 seats\"");
//! assert_eq!(cell("to_status"), ""); // does not apply to a delivery
//!
//! let mut jsonl = Vec::new();
//! export::entries(&ledger, Format::JsonLines, &mut jsonl)?;
//! let object: serde_json::Value = serde_json::from_slice(&jsonl)?;
//! assert_eq!(object["count"], 4);
//! assert_eq!(object["supplier"], "RUS");
//! assert!(object["to_status"].is_null());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::io::{self, Write};
use std::str::FromStr;

use crate::error::ParseError;
use crate::holder::HolderId;
use crate::import::sipri::{SipriDeal, Tiv};
use crate::ledger::{
    AsOf, Basis, Change, Count, Decision, Entry, EntryId, FactsError, Ledger, LossCause, LossRow,
    LotState, PipelineItem, PlatformRef, Quantity, Remainder, Status, TimelineStep,
};

mod cells;
mod columns;
mod table;

pub use columns::{
    ENTRY_COLUMNS, HOLDINGS_COLUMNS, LOSS_COLUMNS, PIPELINE_COLUMNS, TIMELINE_COLUMNS,
    column_values,
};

use cells::*;
use table::Table;

/// The file format of an exported table.
///
/// Text form (`Display` and `FromStr`): `csv`, `jsonl`, also the usual file extension.
///
/// # Example
///
/// ```
/// use materiel::export::Format;
/// assert_eq!("jsonl".parse::<Format>()?, Format::JsonLines);
/// assert_eq!(Format::Csv.to_string(), "csv");
/// assert!("xlsx".parse::<Format>().is_err());
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Comma-separated values with a header row (see the [module documentation](self#cells)).
    Csv,
    /// JSON Lines: one flat JSON object per row, no header.
    JsonLines,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 2] = [Format::Csv, Format::JsonLines];

    /// The format's name, which is also its usual file extension: `csv` or `jsonl`.
    ///
    /// ```
    /// assert_eq!(materiel::export::Format::JsonLines.name(), "jsonl");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::JsonLines => "jsonl",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| ParseError::name("export format", s))
    }
}

/// Writing a table failed.
///
/// `row` is the data row being written when the failure surfaced, from 1 (0: the CSV header;
/// after the last row: the final flush). Output is buffered, so the bytes that failed may
/// belong to an earlier row; whatever reached the writer stays there.
///
/// # Example
///
/// ```
/// use std::io::{self, Write};
/// use materiel::export::{self, ExportError, Format};
/// use materiel::{Catalog, Ledger};
///
/// struct Full;
/// impl Write for Full {
///     fn write(&mut self, _: &[u8]) -> io::Result<usize> { Err(io::ErrorKind::StorageFull.into()) }
///     fn flush(&mut self) -> io::Result<()> { Ok(()) }
/// }
/// let err = export::entries(&Ledger::new(Catalog::reference()), Format::Csv, Full).unwrap_err();
/// assert!(matches!(err, ExportError::Io { table: "entries", format: Format::Csv, .. }));
/// assert!(err.to_string().starts_with("cannot write the entries table as csv"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The writer failed.
    #[error("cannot write the {table} table as {format}, row {row}: {source}")]
    Io {
        /// The table: `entries`, `holdings`, `timeline`, `pipeline` or `losses`.
        table: &'static str,
        /// The format.
        format: Format,
        /// The row (see the type's documentation).
        row: u64,
        /// The writer's error.
        #[source]
        source: io::Error,
    },
    /// The CSV writer failed for a reason other than the writer's own I/O.
    #[error("cannot write the {table} table as csv, row {row}: {source}")]
    Csv {
        /// The table: `entries`, `holdings`, `timeline`, `pipeline` or `losses`.
        table: &'static str,
        /// The row (see the type's documentation).
        row: u64,
        /// The CSV writer's error.
        #[source]
        source: csv::Error,
    },
    /// An entry's facts do not match their source's schema (a journal edited by hand), so
    /// their columns cannot be written.
    #[error("cannot write the entries table: entry {entry}: {source}")]
    Facts {
        /// The entry.
        entry: EntryId,
        /// What is wrong with its facts.
        #[source]
        source: FactsError,
    },
}

/// Writes every entry of `ledger`, in append order, as the table described by
/// [`ENTRY_COLUMNS`].
///
/// # Errors
///
/// [`ExportError`] when `w` fails.
///
/// # Example
///
/// ```
/// # use materiel::{Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
/// use materiel::export::{self, Format};
/// # let mut ledger = Ledger::new(Catalog::reference());
/// # ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
/// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
/// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?))?;
/// // `ledger` holds one entry.
/// let mut out = Vec::new();
/// export::entries(&ledger, Format::JsonLines, &mut out)?;
/// let text = String::from_utf8(out)?;
/// let rows: Vec<serde_json::Value> = text.lines().map(serde_json::from_str).collect::<Result<_, _>>()?;
/// assert_eq!(rows.len(), 1);
/// assert_eq!(rows[0]["holder"], "VEN");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// The [module documentation](self#example) shows the CSV form, column by column.
pub fn entries<W: Write>(ledger: &Ledger, format: Format, w: W) -> Result<(), ExportError> {
    let mut table = Table::new("entries", ENTRY_COLUMNS, format, w)?;
    for entry in ledger.entries() {
        let mut cells = Vec::with_capacity(ENTRY_COLUMNS.len());
        entry_cells(ledger, &entry, &mut cells)?;
        table.row(&cells)?;
    }
    table.finish()
}

/// Writes what `holder` holds at the view's date ([`Ledger::holdings`]) as the table described
/// by [`HOLDINGS_COLUMNS`].
///
/// # Errors
///
/// [`ExportError`] when `w` fails.
///
/// # Example
///
/// ```
/// use jiff::civil::date;
/// use materiel::export::{self, Format, HOLDINGS_COLUMNS};
/// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let ven: materiel::HolderId = "VEN".parse()?;
/// ledger.append(NewEntry::new(
///     ven.clone(),
///     PlatformRef::catalog("su-30mk2")?,
///     EffectiveDate::year(2006)?,
///     Change::Delivered { count: Count::exact(24)?, into: Status::Operational, supplier: None, condition: Default::default() },
///     Source::new("SIPRI Arms Transfers Database", "A2".parse()?)?,
///     "2025-03-10T00:00:00Z".parse()?,
/// ))?;
///
/// let mut out = Vec::new();
/// export::holdings(&ledger, &ven, &AsOf::valid(date(2010, 1, 1)), Format::Csv, &mut out)?;
/// let mut reader = csv::Reader::from_reader(out.as_slice());
/// let row = reader.records().next().expect("one row")?;
/// let cell = |name: &str| &row[HOLDINGS_COLUMNS.iter().position(|c| *c == name).unwrap()];
/// assert_eq!((cell("platform"), cell("platform_label")), ("su-30mk2", "Su-30MK2"));
/// assert_eq!((cell("operational"), cell("in_service"), cell("readiness_rate")), ("24", "24", "1"));
/// assert_eq!((cell("weakest_grade"), cell("as_of_valid"), cell("as_of_known")), ("A2", "2010-01-01", ""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn holdings<W: Write>(
    ledger: &Ledger,
    holder: &HolderId,
    at: &AsOf,
    format: Format,
    w: W,
) -> Result<(), ExportError> {
    let mut table = Table::new("holdings", HOLDINGS_COLUMNS, format, w)?;
    holdings_rows(ledger, holder, &ledger.holdings(holder, at), at, &mut table)?;
    table.finish()
}

/// Writes the holdings of every holder at the view's date ([`Ledger::all_holdings`]), holders
/// in first-seen order, as the table described by [`HOLDINGS_COLUMNS`].
///
/// # Errors
///
/// [`ExportError`] when `w` fails.
///
/// # Example
///
/// ```
/// use materiel::export::{self, Format};
/// use materiel::{AsOf, Catalog, Ledger};
///
/// let mut out = Vec::new();
/// export::all_holdings(&Ledger::new(Catalog::reference()), &AsOf::latest(), Format::JsonLines, &mut out)?;
/// assert!(out.is_empty()); // JSON Lines has no header; nothing is held
/// # Ok::<(), export::ExportError>(())
/// ```
pub fn all_holdings<W: Write>(
    ledger: &Ledger,
    at: &AsOf,
    format: Format,
    w: W,
) -> Result<(), ExportError> {
    let mut table = Table::new("holdings", HOLDINGS_COLUMNS, format, w)?;
    for (holder, holdings) in ledger.all_holdings(at) {
        holdings_rows(ledger, &holder, &holdings, at, &mut table)?;
    }
    table.finish()
}

/// Writes one lot's timeline up to the view's date ([`Ledger::timeline`]) as the table
/// described by [`TIMELINE_COLUMNS`].
///
/// # Errors
///
/// [`ExportError`] when `w` fails.
///
/// # Example
///
/// ```
/// use materiel::export::{self, Format};
/// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let (ven, su30) = ("VEN".parse::<materiel::HolderId>()?, PlatformRef::catalog("su-30mk2")?);
/// for (year, n) in [(2006, 4), (2007, 12)] {
///     ledger.append(NewEntry::new(
///         ven.clone(), su30.clone(), EffectiveDate::year(year)?,
///         Change::Delivered { count: Count::exact(n)?, into: Status::Unknown, supplier: None, condition: Default::default() },
///         Source::new("SIPRI", "A2".parse()?)?, "2025-03-10T00:00:00Z".parse()?,
///     ))?;
/// }
/// let mut out = Vec::new();
/// export::timeline(&ledger, &ven, &su30, &AsOf::latest(), Format::JsonLines, &mut out)?;
/// let steps: Vec<serde_json::Value> = serde_json::Deserializer::from_slice(&out)
///     .into_iter().collect::<Result<_, _>>()?;
/// assert_eq!(steps.len(), 2);
/// assert_eq!((&steps[1]["effective"], &steps[1]["in_service"]), (&"2007".into(), &16.into()));
/// assert!(steps[1]["readiness_rate"].is_null()); // no unit of known status
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn timeline<W: Write>(
    ledger: &Ledger,
    holder: &HolderId,
    platform: &PlatformRef,
    at: &AsOf,
    format: Format,
    w: W,
) -> Result<(), ExportError> {
    let mut table = Table::new("timeline", TIMELINE_COLUMNS, format, w)?;
    let mut cells = Vec::with_capacity(TIMELINE_COLUMNS.len());
    for step in ledger.timeline(holder, platform, at) {
        let TimelineStep { date, state } = step;
        cells.clear();
        cells.push(Cell::text(holder.as_str()));
        platform_cells(ledger, platform, &mut cells);
        cells.push(Cell::display(date));
        cells.push(Cell::display(date.first_day()));
        cells.push(Cell::display(date.precision()));
        state_cells(&state, &mut cells);
        as_of_cells(at, &mut cells);
        table.row(&cells)?;
    }
    table.finish()
}

/// Writes `holder`'s open requests and orders at the view's date ([`Ledger::pipeline`]) as the
/// table described by [`PIPELINE_COLUMNS`].
///
/// # Errors
///
/// [`ExportError`] when `w` fails.
///
/// # Example
///
/// ```
/// use materiel::export::{self, Format, PIPELINE_COLUMNS};
/// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let ven: materiel::HolderId = "VEN".parse()?;
/// ledger.append(NewEntry::new(
///     ven.clone(), PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
///     Change::Ordered { count: Count::exact(24)?, supplier: Some("RUS".parse()?), condition: Default::default() },
///     Source::new("SIPRI", "A2".parse()?)?, "2025-03-10T00:00:00Z".parse()?,
/// ))?;
/// let mut out = Vec::new();
/// export::pipeline(&ledger, &ven, &AsOf::latest(), Format::Csv, &mut out)?;
/// let text = String::from_utf8(out)?;
/// let mut lines = text.lines();
/// assert_eq!(lines.next(), Some(PIPELINE_COLUMNS.join(",").as_str()));
/// // Text quoted, numbers and flags bare.
/// assert!(lines.next().expect("one row").starts_with(r#"0,"VEN","su-30mk2",false,"Su-30MK2","aircraft","2006","#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pipeline<W: Write>(
    ledger: &Ledger,
    holder: &HolderId,
    at: &AsOf,
    format: Format,
    w: W,
) -> Result<(), ExportError> {
    let mut table = Table::new("pipeline", PIPELINE_COLUMNS, format, w)?;
    pipeline_rows(ledger, &ledger.pipeline(holder, at), at, &mut table)?;
    table.finish()
}

/// Writes the open requests and orders of every holder at the view's date, holders in
/// first-seen order, as the table described by [`PIPELINE_COLUMNS`].
///
/// # Errors
///
/// [`ExportError`] when `w` fails.
///
/// # Example
///
/// ```
/// use materiel::export::{self, Format, PIPELINE_COLUMNS};
/// use materiel::{AsOf, Catalog, Ledger};
///
/// let mut out = Vec::new();
/// export::all_pipelines(&Ledger::new(Catalog::reference()), &AsOf::latest(), Format::Csv, &mut out)?;
/// assert_eq!(String::from_utf8(out)?, PIPELINE_COLUMNS.join(",") + "\n"); // the header only
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn all_pipelines<W: Write>(
    ledger: &Ledger,
    at: &AsOf,
    format: Format,
    w: W,
) -> Result<(), ExportError> {
    let mut table = Table::new("pipeline", PIPELINE_COLUMNS, format, w)?;
    for holder in ledger.holders() {
        pipeline_rows(ledger, &ledger.pipeline(holder, at), at, &mut table)?;
    }
    table.finish()
}

/// Writes the losses the view sees ([`Ledger::losses`]: summed by holder, platform, cause and
/// month, ordered by holder, month, then first appearance), only `holder`'s when one is
/// given, as the table described by [`LOSS_COLUMNS`]: `materiel losses --format csv|json`.
///
/// # Errors
///
/// [`ExportError`] when `w` fails.
///
/// # Example
///
/// ```
/// use materiel::export::{self, Format, LOSS_COLUMNS};
/// use materiel::ledger::LossCause;
/// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let (rus, ukr): (materiel::HolderId, materiel::HolderId) = ("RUS".parse()?, "UKR".parse()?);
/// let t72 = PlatformRef::catalog("t-72b3")?;
/// let src = Source::new("illustrative", "B2".parse()?)?;
/// let at: jiff::Timestamp = "2025-03-10T00:00:00Z".parse()?;
/// let delivered = Change::Delivered { count: Count::exact(10)?, into: Status::Operational, supplier: None, condition: Default::default() };
/// ledger.append(NewEntry::new(rus.clone(), t72.clone(), EffectiveDate::year(2020)?, delivered, src.clone(), at))?;
/// let captured = Change::Lost { count: Count::at_least(2)?, from: Status::Operational, cause: LossCause::Captured { by: Some(ukr) } };
/// ledger.append(NewEntry::new(rus.clone(), t72, EffectiveDate::month(2022, 3)?, captured, src, at))?;
///
/// let mut out = Vec::new();
/// export::losses(&ledger, Some(&rus), &AsOf::latest(), Format::Csv, &mut out)?;
/// let mut reader = csv::Reader::from_reader(out.as_slice());
/// assert_eq!(reader.headers()?.iter().collect::<Vec<_>>(), LOSS_COLUMNS);
/// let row = reader.records().next().expect("one row")?;
/// let cell = |name: &str| &row[LOSS_COLUMNS.iter().position(|c| *c == name).unwrap()];
/// assert_eq!((cell("cause"), cell("captor"), cell("month")), ("captured", "UKR", "2022-03"));
/// assert_eq!((cell("count"), cell("count_basis")), ("2", "at_least"));
/// assert_eq!((cell("category"), cell("origin")), ("tank", "RUS"));
///
/// let mut jsonl = Vec::new();
/// export::losses(&ledger, None, &AsOf::latest(), Format::JsonLines, &mut jsonl)?;
/// let object: serde_json::Value = serde_json::from_slice(&jsonl)?;
/// assert_eq!((&object["holder"], &object["count"]), (&"RUS".into(), &2.into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn losses<W: Write>(
    ledger: &Ledger,
    holder: Option<&HolderId>,
    at: &AsOf,
    format: Format,
    w: W,
) -> Result<(), ExportError> {
    let mut table = Table::new("losses", LOSS_COLUMNS, format, w)?;
    let rows = ledger.losses(at);
    let mut cells = Vec::with_capacity(LOSS_COLUMNS.len());
    for row in rows
        .iter()
        .filter(|r| holder.is_none_or(|h| r.holder == *h))
    {
        cells.clear();
        loss_cells(ledger, row, &mut cells);
        table.row(&cells)?;
    }
    table.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::PlatformKind;
    use crate::ledger::{Condition, Precision, RequestKind};

    /// The names of an enumeration's values, in declaration order.
    fn names<T: strum::IntoEnumIterator + Into<&'static str>>() -> Vec<&'static str> {
        T::iter().map(Into::into).collect()
    }

    /// The documented value sets (the same lists as [`column_values`]) are the enumerations':
    /// a value added to one of them fails here until its set lists it.
    #[test]
    fn documented_value_sets_are_the_enumerations() {
        use strum::VariantNames;
        let set = |column: &str| column_values(column).map(<[&str]>::to_vec);
        assert_eq!(set("platform_kind"), Some(names::<PlatformKind>()));
        assert_eq!(set("effective_precision"), Some(names::<Precision>()));
        assert_eq!(set("change"), Some(Change::VARIANTS.to_vec()));
        for status_column in ["from_status", "to_status", "into_status", "observed_status"] {
            assert_eq!(set(status_column), Some(names::<Status>()));
        }
        assert_eq!(Status::ALL.map(<&str>::from).to_vec(), names::<Status>());
        assert_eq!(set("condition"), Some(names::<Condition>()));
        assert_eq!(set("request_kind"), Some(names::<RequestKind>()));
        for columns in [
            ENTRY_COLUMNS,
            HOLDINGS_COLUMNS,
            TIMELINE_COLUMNS,
            PIPELINE_COLUMNS,
            LOSS_COLUMNS,
        ] {
            for basis_column in columns.iter().filter(|c| c.ends_with("_basis")) {
                assert_eq!(set(basis_column), Some(names::<Basis>()), "{basis_column}");
            }
        }
        // `LossCause` carries a captor, so it has no value iterator: every cause is listed
        // here, and the match below stops compiling when a cause is added.
        let causes = [
            LossCause::Destroyed,
            LossCause::Damaged,
            LossCause::Abandoned,
            LossCause::Captured { by: None },
        ];
        for cause in &causes {
            match cause {
                LossCause::Destroyed
                | LossCause::Damaged
                | LossCause::Abandoned
                | LossCause::Captured { .. } => {}
            }
        }
        let written: Vec<&str> = causes
            .into_iter()
            .filter_map(|cause| {
                let lost = Change::Lost {
                    count: Count::total(1, Basis::Exact),
                    from: Status::Unknown,
                    cause,
                };
                ChangeCells::of(&lost).cause
            })
            .collect();
        assert_eq!(set("cause"), Some(written));
        // `Remainder::Due` carries a count: every remainder is listed here, and the match
        // stops compiling when one is added.
        let remainders = [
            Remainder::Due(Count::total(1, Basis::Exact)),
            Remainder::Unstated,
            Remainder::Unknown,
        ];
        for remainder in &remainders {
            match remainder {
                Remainder::Due(_) | Remainder::Unstated | Remainder::Unknown => {}
            }
        }
        let names: Vec<&str> = remainders.iter().map(Remainder::name).collect();
        assert_eq!(set("remainder"), Some(names));
        // Not enumerated.
        for column in ["note", "holder", "count", "basis", "_basis", "source_grade"] {
            assert_eq!(column_values(column), None, "{column}");
        }
    }

    fn position(columns: &[&str], name: &str) -> usize {
        columns
            .iter()
            .position(|c| *c == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    #[test]
    fn column_names_are_unique_and_follow_the_statuses() {
        for columns in [
            ENTRY_COLUMNS,
            HOLDINGS_COLUMNS,
            TIMELINE_COLUMNS,
            PIPELINE_COLUMNS,
            LOSS_COLUMNS,
        ] {
            let mut sorted = columns.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), columns.len(), "{columns:?}");
        }
        for (i, status) in Status::ALL.into_iter().enumerate() {
            assert_eq!(status_index(status), i);
            let name = status.to_string();
            let at = position(HOLDINGS_COLUMNS, &name);
            assert_eq!(at, 5 + 2 * i);
            assert_eq!(HOLDINGS_COLUMNS[at + 1], format!("{name}_basis"));
            let at = position(ENTRY_COLUMNS, &format!("breakdown_{name}"));
            assert_eq!(ENTRY_COLUMNS[at + 1], format!("breakdown_{name}_basis"));
        }
        // Timelines share the holdings' state columns, in the same order.
        let state =
            position(HOLDINGS_COLUMNS, "operational")..=position(HOLDINGS_COLUMNS, "consistent");
        let steps =
            position(TIMELINE_COLUMNS, "operational")..=position(TIMELINE_COLUMNS, "consistent");
        assert_eq!(HOLDINGS_COLUMNS[state], TIMELINE_COLUMNS[steps]);
        // Pipeline items share the entries' columns up to the count.
        let head = ..=position(ENTRY_COLUMNS, "count_basis");
        assert_eq!(ENTRY_COLUMNS[head], PIPELINE_COLUMNS[head]);
    }
}
