//! Data out: CSV and JSON Lines tables of a [`Ledger`]'s entries, holdings, timelines and
//! pipelines, for pandas, R, spreadsheets and command-line tools.
//!
//! Each table is written by one function ([`entries`], [`holdings`] and [`all_holdings`],
//! [`timeline`], [`pipeline`] and [`all_pipelines`]) to any [`std::io::Write`], in a
//! [`Format`]; its columns are listed, in order and with their meaning, by a constant
//! ([`ENTRY_COLUMNS`], [`HOLDINGS_COLUMNS`], [`TIMELINE_COLUMNS`], [`PIPELINE_COLUMNS`]).
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
//! * **CSV** ([`Format::Csv`]): RFC 4180 as the [`csv`] crate writes it: a header row with
//!   the column names, then one row per item; fields holding a comma, a quote or a line break
//!   are quoted (quotes doubled), lines end in `\n`, text is UTF-8 (no byte-order mark).
//!   A field that does not apply to a row is an **empty cell**; so is an empty note (CSV
//!   cannot tell the two apart; JSON Lines can).
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
    AsOf, Basis, Change, Count, Decision, Entry, EntryId, FactsError, Ledger, LossCause, LotState,
    PipelineItem, PlatformRef, Quantity, Status, TimelineStep,
};

/// A set of column values written once, as documentation text (`value_set!(doc: "a", "b")`
/// gives "`a`, `b`") or as the list [`column_values`] returns (`value_set!(list: ...)`), so
/// the two cannot differ. The sets below are checked against their enumerations by the tests.
macro_rules! value_set {
    (doc: $first:literal $(, $rest:literal)* $(,)?) => {
        concat!("`", $first, "`" $(, ", `", $rest, "`")*)
    };
    (list: $($value:literal),+ $(,)?) => {
        &[$($value),+]
    };
}

/// [`Change::name`], in declaration order ([`strum::VariantNames::VARIANTS`] of [`Change`]).
macro_rules! change_kinds {
    ($form:ident) => {
        value_set!($form: "requested", "ordered", "delivered", "status_changed", "assessed",
            "lost", "retired", "expended", "transferred", "observed", "opening_unknown",
            "claimed", "resolved", "retracted")
    };
}

/// [`Quantity`](crate::ledger::Quantity), in declaration order (`in_status` with its status in
/// `claim_status`).
macro_rules! quantities {
    ($form:ident) => {
        value_set!($form: "held", "in_status", "delivered", "lost")
    };
}

/// [`Decision`](crate::ledger::Decision), in declaration order.
macro_rules! decisions {
    ($form:ident) => {
        value_set!($form: "pick", "narrow", "keep_range")
    };
}

/// [`Status`], in declaration order.
macro_rules! statuses {
    ($form:ident) => {
        value_set!($form: "operational", "degraded", "non_operational_maintenance",
            "non_operational_supply", "non_operational_damaged", "stored", "unknown")
    };
}

/// [`Basis`], in declaration order.
macro_rules! bases {
    ($form:ident) => {
        value_set!($form: "exact", "at_least", "up_to", "about", "estimate")
    };
}

/// [`Precision`](crate::ledger::Precision), in declaration order.
macro_rules! precisions {
    ($form:ident) => {
        value_set!($form: "year", "month", "day", "on_or_before")
    };
}

/// [`Condition`](crate::ledger::Condition), in declaration order.
macro_rules! conditions {
    ($form:ident) => {
        value_set!($form: "new", "second_hand", "second_hand_modernised", "captured",
            "licensed_production")
    };
}

/// [`RequestKind`](crate::ledger::RequestKind), in declaration order.
macro_rules! request_kinds {
    ($form:ident) => {
        value_set!($form: "acquisition", "repair", "upgrade", "support", "unspecified")
    };
}

/// [`LossCause`], in declaration order.
macro_rules! causes {
    ($form:ident) => {
        value_set!($form: "destroyed", "damaged", "abandoned", "captured")
    };
}

/// [`PlatformKind`](crate::PlatformKind), in declaration order.
macro_rules! platform_kinds {
    ($form:ident) => {
        value_set!($form: "aircraft", "sam_system", "missile", "transport", "generic",
            "armoured_vehicle", "artillery", "helicopter", "uav", "ship")
    };
}

/// The values an enumerated column of the tables holds, in the order their enumeration
/// declares them; `None` for any other name.
///
/// The enumerated columns are, in every table that has them: `platform_kind`,
/// `effective_precision`, `change` (in the pipeline table only `requested` and `ordered`
/// occur), `from_status`, `to_status`, `into_status`, `observed_status`, `condition`,
/// `request_kind`, `cause`, `claim_quantity`, `claim_status`, `decision` and every column whose name ends in `_basis`. A cell of such a
/// column holds one of these values, or is empty (`null`) where its column's documentation
/// says so. Other columns (ids, holders, dates, counts, grades, flags, text, and the facts
/// columns, whose values their source documents) are not enumerated here. The lists are the
/// ones the column documentation shows, written once for both.
///
/// # Example
///
/// ```
/// use materiel::export::column_values;
///
/// assert_eq!(column_values("effective_precision"), Some(&["year", "month", "day", "on_or_before"][..]));
/// assert!(column_values("condition").is_some_and(|v| v.contains(&"licensed_production")));
/// assert!(column_values("change").is_some_and(|v| v.contains(&"opening_unknown")));
/// assert_eq!(column_values("breakdown_stored_basis"), column_values("count_basis"));
/// assert_eq!(column_values("note"), None);
/// ```
pub fn column_values(column: &str) -> Option<&'static [&'static str]> {
    Some(match column {
        "platform_kind" => platform_kinds!(list),
        "effective_precision" => precisions!(list),
        "change" => change_kinds!(list),
        "from_status" | "to_status" | "into_status" | "observed_status" => statuses!(list),
        "condition" => conditions!(list),
        "request_kind" => request_kinds!(list),
        "cause" => causes!(list),
        "claim_quantity" => quantities!(list),
        "claim_status" => statuses!(list),
        "decision" => decisions!(list),
        _ if column.ends_with("_basis") && column.len() > "_basis".len() => bases!(list),
        _ => return None,
    })
}

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
        /// The table: `entries`, `holdings`, `timeline` or `pipeline`.
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
        /// The table: `entries`, `holdings`, `timeline` or `pipeline`.
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

/// The columns of the [`entries`] table, in order: one row per entry, in append order,
/// retracted entries and retractions included.
///
/// Every enumerated column lists its values (also given by [`column_values`]).
///
/// * `id`: the [`EntryId`] number.
/// * `holder`: the holder id (`VEN`, `aviacon-zitotrans`).
/// * `platform`: the catalog platform id, or the designation of generic equipment.
/// * `platform_generic`: `true` for generic (uncatalogued) equipment, `false` for a catalog
///   platform.
/// * `platform_label`: a name for people ([`PlatformRef::label`]: the catalog designation).
#[doc = concat!(
    "* `platform_kind`: the [`PlatformKind`](crate::PlatformKind), one of ",
    platform_kinds!(doc),
    "; empty for a catalog id the ledger's catalog does not hold."
)]
/// * `effective`: the effective date as written (`2013`, `2013-07`, `2013-07-15`,
///   `<=2022-03-19`); `effective_first_day` and `effective_last_day`: the period's first and
///   last days (both the day itself for an on-or-before date);
#[doc = concat!(
    "  `effective_precision`: the [`Precision`](crate::ledger::Precision), one of ",
    precisions!(doc),
    "."
)]
/// * `recorded`: the recorded (transaction) time, RFC 3339.
#[doc = concat!(
    "* `change`: the change kind ([`Change::name`]), one of ",
    change_kinds!(doc),
    "."
)]
/// * `count` and `count_basis`: the change's count ([`Change::count`]; an assessment's total)
///   and its basis; empty for a request or observation without a count, an opening-unknown
#[doc = concat!(
    "  statement and a retraction. Every `_basis` column holds a [`Basis`], one of ",
    bases!(doc),
    "."
)]
/// * `from_status`: the status units left (status change, loss, retirement, expenditure,
///   transfer); `to_status`: the status they entered (status change); `into_status`: the
///   status units entered service in (delivery) or at the receiver (transfer);
#[doc = concat!(
    "  `observed_status`: the status an observation saw, when it said. Each is a [`Status`], \
     one of ",
    statuses!(doc),
    "."
)]
#[doc = concat!(
    "* `breakdown_<status>` and `breakdown_<status>_basis`, for each status in \
     [`Status::ALL`] order (",
    statuses!(doc),
    "): an assessment's count for the status and its basis; empty for statuses the \
     assessment does not list (which it puts at zero) and for other kinds."
)]
/// * `supplier`: the supplier of a request, order or delivery, when known; `recipient`: the
///   receiving holder of a transfer.
#[doc = concat!(
    "* `condition` (orders and deliveries): the [`Condition`](crate::ledger::Condition), \
     one of ",
    conditions!(doc),
    "; `request_kind` (requests): the [`RequestKind`](crate::ledger::RequestKind), one of ",
    request_kinds!(doc),
    "."
)]
#[doc = concat!(
    "* `cause` (losses): the [`LossCause`], one of ",
    causes!(doc),
    "; `captor`: the capturing holder, when known."
)]
/// * `retracted_entry`: the id of the entry a retraction withdraws; `retracted_by`: the id of
///   the retraction that withdrew this entry, if any.
/// * `source_citation`, `source_url`, `source_reference`, `source_grade`: the entry's
///   [`Source`](crate::Source).
/// * `note`: the free-text note.
/// * The entry's SIPRI facts ([`SipriDeal`], read through [`SipriDeal::of`]), empty for an
///   entry without them:
///   `sipri_deal` (the deal id), `designation`, `description` and `armament_category` (SIPRI's
///   text), `order_year` and `order_year_estimate`, `sipri_status` (`new`, `second_hand`,
///   `second_hand_modernised`), `licensed` (local production under licence), `tiv_unit`,
///   `sipri_estimate` and `tiv_delivery` (millions of TIV, as numbers), `delivered_estimate`
///   and `delivery_year_estimate` (a delivery's flags). A flag SIPRI leaves empty is an
///   empty cell.
#[doc = concat!(
    "* `claim_quantity` (claims and resolutions): what is counted, a \
     [`Quantity`](crate::ledger::Quantity), one of ",
    quantities!(doc),
    "; `claim_status`: the status of `in_status`, else empty. A claim's figure is in `count`."
)]
#[doc = concat!(
    "* `decision` (resolutions): the [`Decision`](crate::ledger::Decision), one of ",
    decisions!(doc),
    "; `decision_entry`: the claim picked; `decision_lower` and `decision_upper`: a narrowed \
     range (`decision_upper` empty: no upper limit)."
)]
///
/// # Example
///
/// ```
/// use materiel::export::ENTRY_COLUMNS;
/// assert_eq!(ENTRY_COLUMNS[..3], ["id", "holder", "platform"]);
/// assert_eq!(ENTRY_COLUMNS.last(), Some(&"decision_upper"));
/// ```
pub const ENTRY_COLUMNS: &[&str] = &[
    "id",
    "holder",
    "platform",
    "platform_generic",
    "platform_label",
    "platform_kind",
    "effective",
    "effective_first_day",
    "effective_last_day",
    "effective_precision",
    "recorded",
    "change",
    "count",
    "count_basis",
    "from_status",
    "to_status",
    "into_status",
    "observed_status",
    "breakdown_operational",
    "breakdown_operational_basis",
    "breakdown_degraded",
    "breakdown_degraded_basis",
    "breakdown_non_operational_maintenance",
    "breakdown_non_operational_maintenance_basis",
    "breakdown_non_operational_supply",
    "breakdown_non_operational_supply_basis",
    "breakdown_non_operational_damaged",
    "breakdown_non_operational_damaged_basis",
    "breakdown_stored",
    "breakdown_stored_basis",
    "breakdown_unknown",
    "breakdown_unknown_basis",
    "supplier",
    "recipient",
    "condition",
    "request_kind",
    "cause",
    "captor",
    "retracted_entry",
    "retracted_by",
    "source_citation",
    "source_url",
    "source_reference",
    "source_grade",
    "note",
    "sipri_deal",
    "designation",
    "description",
    "armament_category",
    "order_year",
    "order_year_estimate",
    "sipri_status",
    "licensed",
    "tiv_unit",
    "sipri_estimate",
    "tiv_delivery",
    "delivered_estimate",
    "delivery_year_estimate",
    "claim_quantity",
    "claim_status",
    "decision",
    "decision_entry",
    "decision_lower",
    "decision_upper",
];

/// The state columns shared by [`HOLDINGS_COLUMNS`] and [`TIMELINE_COLUMNS`], written by
/// `state_cells` (`operational` to `consistent`), between the columns each table puts before
/// and after them.
macro_rules! with_state_columns {
    ([$($before:literal),* $(,)?], [$($after:literal),* $(,)?]) => {
        &[
            $($before,)*
            "operational",
            "operational_basis",
            "degraded",
            "degraded_basis",
            "non_operational_maintenance",
            "non_operational_maintenance_basis",
            "non_operational_supply",
            "non_operational_supply_basis",
            "non_operational_damaged",
            "non_operational_damaged_basis",
            "stored",
            "stored_basis",
            "unknown",
            "unknown_basis",
            "in_service",
            "in_service_basis",
            "mission_capable",
            "mission_capable_basis",
            "delivered",
            "delivered_basis",
            "transferred_in",
            "transferred_in_basis",
            "captured_in",
            "captured_in_basis",
            "lost",
            "lost_basis",
            "retired",
            "retired_basis",
            "expended",
            "expended_basis",
            "transferred_out",
            "transferred_out_basis",
            "adjustment",
            "baseline_known",
            "readiness_rate",
            "readiness_lower",
            "readiness_upper",
            "consistent",
            $($after,)*
        ]
    };
}

/// The columns of the [`holdings`] and [`all_holdings`] tables, in order: one row per
/// holder and platform with a non-empty [`LotState`] at the view's date (the rows of
/// [`Ledger::holdings`]).
///
/// * `holder`, `platform`, `platform_generic`, `platform_label`, `platform_kind`: as in
///   [`ENTRY_COLUMNS`].
#[doc = concat!(
    "* `<status>` and `<status>_basis` for each status in [`Status::ALL`] order (",
    statuses!(doc),
    "): units in the status ([`LotState::count`]) and their basis; always filled (`0`, \
     `exact` when none). Every `_basis` column holds a [`Basis`], one of ",
    bases!(doc),
    "."
)]
/// * `in_service`, `mission_capable` and their `_basis`: [`LotState::in_service`] and
///   [`LotState::mission_capable`].
/// * `delivered`, `transferred_in`, `captured_in`, `lost`, `retired`, `expended`,
///   `transferred_out` and their `_basis`: the lot's flows up to the date.
/// * `adjustment`: [`LotState::adjustment`] (may be negative).
/// * `baseline_known`: [`LotState::baseline_known`]: `false` for a lot whose opening stock
///   is unknown and not yet assessed, whose counts are then lower bounds.
/// * `readiness_rate`, `readiness_lower`, `readiness_upper`: the
///   [`Readiness`](crate::ledger::Readiness) figures, over possessed units (stored units not
///   counted, [`Possessed::ExcludingStored`](crate::ledger::Possessed)); empty when undefined
///   (no possessed unit of known status, or none possessed).
/// * `consistent`: [`LotState::is_consistent`] (`false` only in grade-filtered views).
/// * `weakest_grade`: the weakest source grade of the entries that move the lot's counts,
///   taken per axis: the weakest reliability letter with the weakest credibility digit, which
///   may come from different entries (`B4` and `C1` give `C4`;
///   [`Provenance::weakest_grade`](crate::ledger::Provenance::weakest_grade)); empty when
///   none does. Every such entry meets it, so `as_of_min_grade` set to it keeps them all.
/// * `as_of_valid`, `as_of_known`, `as_of_min_grade`: the view ([`AsOf`]): the valid date,
///   the known-at time (RFC 3339) and the minimum grade; empty when not set (after every
///   entry; everything recorded; any grade).
///
/// # Example
///
/// ```
/// use materiel::export::HOLDINGS_COLUMNS;
/// assert_eq!(HOLDINGS_COLUMNS[5..7], ["operational", "operational_basis"]);
/// assert!(HOLDINGS_COLUMNS.contains(&"weakest_grade"));
/// ```
pub const HOLDINGS_COLUMNS: &[&str] = with_state_columns!(
    [
        "holder",
        "platform",
        "platform_generic",
        "platform_label",
        "platform_kind"
    ],
    [
        "weakest_grade",
        "as_of_valid",
        "as_of_known",
        "as_of_min_grade"
    ]
);

/// The columns of the [`timeline`] table, in order: one row per [`TimelineStep`] of
/// [`Ledger::timeline`].
///
/// * `holder`, `platform`, `platform_generic`, `platform_label`, `platform_kind`: as in
///   [`ENTRY_COLUMNS`].
#[doc = concat!(
    "* `effective`, `effective_first_day`, `effective_precision`: the step's label \
     ([`TimelineStep::date`]), the day the step starts, and how precisely that is known \
     (one of ",
    precisions!(doc),
    "). A step lasts until the next one starts."
)]
/// * the state columns of [`HOLDINGS_COLUMNS`], from `operational` to `consistent`, for the
///   state during the step.
/// * `as_of_valid`, `as_of_known`, `as_of_min_grade`: the view, as in [`HOLDINGS_COLUMNS`].
///
/// # Example
///
/// ```
/// use materiel::export::{HOLDINGS_COLUMNS, TIMELINE_COLUMNS};
/// assert_eq!(TIMELINE_COLUMNS[5..8], ["effective", "effective_first_day", "effective_precision"]);
/// // The state columns are the holdings' ones.
/// assert_eq!(TIMELINE_COLUMNS[8..43], HOLDINGS_COLUMNS[5..40]);
/// ```
pub const TIMELINE_COLUMNS: &[&str] = with_state_columns!(
    [
        "holder",
        "platform",
        "platform_generic",
        "platform_label",
        "platform_kind",
        "effective",
        "effective_first_day",
        "effective_precision"
    ],
    ["as_of_valid", "as_of_known", "as_of_min_grade"]
);

/// The columns of the [`pipeline`] and [`all_pipelines`] tables, in order: one row per open
/// request or order ([`PipelineItem`] of [`Ledger::pipeline`]).
///
/// * `id` to `count_basis`: the request's or order's columns of the same names in
///   [`ENTRY_COLUMNS`]; `change` is `requested` or `ordered`.
/// * `outstanding`: units still outstanding ([`PipelineItem::outstanding`]); empty for a
///   request that gave no count.
/// * `supplier`, `condition`, `request_kind`, `source_citation`, `source_url`,
///   `source_reference`, `source_grade`, `note`: as in [`ENTRY_COLUMNS`].
/// * `as_of_valid`, `as_of_known`, `as_of_min_grade`: the view, as in [`HOLDINGS_COLUMNS`].
///
/// # Example
///
/// ```
/// use materiel::export::PIPELINE_COLUMNS;
/// assert_eq!(PIPELINE_COLUMNS[12..15], ["count", "count_basis", "outstanding"]);
/// ```
pub const PIPELINE_COLUMNS: &[&str] = &[
    "id",
    "holder",
    "platform",
    "platform_generic",
    "platform_label",
    "platform_kind",
    "effective",
    "effective_first_day",
    "effective_last_day",
    "effective_precision",
    "recorded",
    "change",
    "count",
    "count_basis",
    "outstanding",
    "supplier",
    "condition",
    "request_kind",
    "source_citation",
    "source_url",
    "source_reference",
    "source_grade",
    "note",
    "as_of_valid",
    "as_of_known",
    "as_of_min_grade",
];

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
/// assert!(lines.next().expect("one row").starts_with("0,VEN,su-30mk2,false,Su-30MK2,aircraft,2006,"));
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

fn holdings_rows<W: Write>(
    ledger: &Ledger,
    holder: &HolderId,
    holdings: &crate::ledger::Holdings,
    at: &AsOf,
    table: &mut Table<W>,
) -> Result<(), ExportError> {
    let mut cells = Vec::with_capacity(HOLDINGS_COLUMNS.len());
    for (platform, state) in holdings.iter() {
        cells.clear();
        cells.push(Cell::text(holder.as_str()));
        platform_cells(ledger, platform, &mut cells);
        state_cells(state, &mut cells);
        let weakest = ledger.provenance(holder, platform, at).weakest_grade();
        cells.push(Cell::opt(weakest.map(Cell::display)));
        as_of_cells(at, &mut cells);
        table.row(&cells)?;
    }
    Ok(())
}

fn pipeline_rows<W: Write>(
    ledger: &Ledger,
    items: &[PipelineItem],
    at: &AsOf,
    table: &mut Table<W>,
) -> Result<(), ExportError> {
    let mut cells = Vec::with_capacity(PIPELINE_COLUMNS.len());
    for item in items {
        let entry = &item.entry;
        let facts = ChangeCells::of(entry.change());
        cells.clear();
        head_cells(ledger, entry, &facts, &mut cells);
        cells.push(Cell::opt(item.outstanding.map(Cell::UInt)));
        cells.push(Cell::opt(facts.supplier.map(|h| Cell::text(h.as_str()))));
        cells.push(Cell::opt(facts.condition.map(Cell::text)));
        cells.push(Cell::opt(facts.request_kind.map(Cell::text)));
        source_cells(entry, &mut cells);
        as_of_cells(at, &mut cells);
        table.row(&cells)?;
    }
    Ok(())
}

/// The row of one entry, in [`ENTRY_COLUMNS`] order.
fn entry_cells<'a>(
    ledger: &'a Ledger,
    entry: &'a Entry,
    cells: &mut Vec<Cell<'a>>,
) -> Result<(), ExportError> {
    let facts = ChangeCells::of(entry.change());
    head_cells(ledger, entry, &facts, cells);
    let status = |s: Option<Status>| Cell::opt(s.map(Cell::display));
    cells.push(status(facts.from));
    cells.push(status(facts.to));
    cells.push(status(facts.into));
    cells.push(status(facts.observed));
    for count in facts.breakdown {
        count_cells(count, cells);
    }
    let holder = |h: Option<&'a HolderId>| Cell::opt(h.map(|h| Cell::text(h.as_str())));
    cells.push(holder(facts.supplier));
    cells.push(holder(facts.recipient));
    cells.push(Cell::opt(facts.condition.map(Cell::text)));
    cells.push(Cell::opt(facts.request_kind.map(Cell::text)));
    cells.push(Cell::opt(facts.cause.map(Cell::text)));
    cells.push(holder(facts.captor));
    cells.push(Cell::opt(facts.retracted.map(|id| Cell::UInt(id.get()))));
    let by = ledger.retracted_by(entry.id());
    cells.push(Cell::opt(by.map(|id| Cell::UInt(id.get()))));
    source_cells(entry, cells);
    fact_cells(entry, cells)?;
    claim_cells(&facts, cells);
    Ok(())
}

/// `claim_quantity` to `decision_upper`: a claim's or resolution's fields.
fn claim_cells(facts: &ChangeCells<'_>, cells: &mut Vec<Cell<'_>>) {
    let (quantity, status) = match facts.quantity {
        Some(Quantity::Held) => (Some("held"), None),
        Some(Quantity::InStatus(s)) => (Some("in_status"), Some(s)),
        Some(Quantity::Delivered) => (Some("delivered"), None),
        Some(Quantity::Lost) => (Some("lost"), None),
        None => (None, None),
    };
    cells.push(Cell::opt(quantity.map(Cell::text)));
    cells.push(Cell::opt(status.map(Cell::display)));
    let (decision, entry, lower, upper) = match facts.decision {
        Some(Decision::Pick { entry }) => (Some("pick"), Some(entry.get()), None, None),
        Some(Decision::Narrow { lower, upper }) => (Some("narrow"), None, Some(lower), upper),
        Some(Decision::KeepRange) => (Some("keep_range"), None, None, None),
        None => (None, None, None, None),
    };
    cells.push(Cell::opt(decision.map(Cell::text)));
    for n in [entry, lower, upper] {
        cells.push(Cell::opt(n.map(Cell::UInt)));
    }
}

/// `sipri_deal` to `delivery_year_estimate`: the entry's SIPRI facts, read through the
/// importer's schema.
fn fact_cells(entry: &Entry, cells: &mut Vec<Cell<'_>>) -> Result<(), ExportError> {
    let deal = SipriDeal::of(entry).map_err(|source| ExportError::Facts {
        entry: entry.id(),
        source,
    })?;
    let Some(d) = deal else {
        cells.extend(std::iter::repeat_with(|| Cell::Empty).take(FACT_COLUMNS));
        return Ok(());
    };
    let flag = |f: Option<bool>| Cell::opt(f.map(Cell::Bool));
    let tiv = |t: Option<Tiv>| Cell::opt(t.map(|t| Cell::Float(t.millions())));
    let text = |t: String| {
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Owned(t))
        }
    };
    cells.push(Cell::UInt(u64::from(d.deal)));
    cells.push(text(d.designation));
    cells.push(text(d.description));
    cells.push(text(d.category));
    cells.push(Cell::Int(i64::from(d.order_year)));
    cells.push(flag(d.order_year_estimate));
    cells.push(Cell::text(d.status.into()));
    cells.push(flag(d.licensed));
    cells.push(tiv(d.tiv_unit));
    cells.push(tiv(d.sipri_estimate));
    cells.push(tiv(d.tiv_delivery));
    cells.push(flag(d.delivered_estimate));
    cells.push(flag(d.delivery_year_estimate));
    Ok(())
}

/// The number of facts columns at the end of [`ENTRY_COLUMNS`].
const FACT_COLUMNS: usize = 13;

/// The columns entries and pipeline items share, from `id` to `count_basis`.
fn head_cells<'a>(
    ledger: &'a Ledger,
    entry: &'a Entry,
    facts: &ChangeCells<'_>,
    cells: &mut Vec<Cell<'a>>,
) {
    cells.push(Cell::UInt(entry.id().get()));
    cells.push(Cell::text(entry.holder().as_str()));
    platform_cells(ledger, entry.platform(), cells);
    let effective = entry.effective();
    cells.push(Cell::display(effective));
    cells.push(Cell::display(effective.first_day()));
    cells.push(Cell::display(effective.last_day()));
    cells.push(Cell::display(effective.precision()));
    cells.push(Cell::display(entry.recorded()));
    cells.push(Cell::text(entry.change().name()));
    count_cells(facts.count, cells);
}

/// `source_citation` to `note`.
fn source_cells<'a>(entry: &'a Entry, cells: &mut Vec<Cell<'a>>) {
    let source = entry.source();
    cells.push(Cell::text(source.citation()));
    cells.push(Cell::opt(source.url().map(Cell::text)));
    cells.push(Cell::opt(source.reference().map(Cell::text)));
    cells.push(Cell::display(source.grade()));
    cells.push(Cell::opt(entry.note().map(Cell::text)));
}

/// `platform` to `platform_kind`.
fn platform_cells<'a>(ledger: &'a Ledger, platform: &'a PlatformRef, cells: &mut Vec<Cell<'a>>) {
    let (name, generic) = match platform {
        PlatformRef::Catalog(id) => (id.as_str(), false),
        PlatformRef::Generic(g) => (g.designation(), true),
    };
    cells.push(Cell::text(name));
    cells.push(Cell::Bool(generic));
    cells.push(Cell::text(platform.label(ledger.catalog())));
    let kind = platform.kind(ledger.catalog());
    cells.push(Cell::opt(kind.map(|k| Cell::text(k.into()))));
}

/// A count and its basis, or two empty cells.
fn count_cells(count: Option<Count>, cells: &mut Vec<Cell<'_>>) {
    match count {
        Some(c) => {
            cells.push(Cell::UInt(c.value()));
            cells.push(basis_cell(c.basis()));
        }
        None => cells.extend([Cell::Empty, Cell::Empty]),
    }
}

fn basis_cell(basis: Basis) -> Cell<'static> {
    Cell::text(basis.into())
}

/// The state columns of holdings and timelines, `operational` to `consistent`.
fn state_cells(state: &LotState, cells: &mut Vec<Cell<'_>>) {
    for status in Status::ALL {
        count_cells(Some(state.count(status)), cells);
    }
    for count in [
        state.in_service(),
        state.mission_capable(),
        state.delivered(),
        state.transferred_in(),
        state.captured_in(),
        state.lost(),
        state.retired(),
        state.expended(),
        state.transferred_out(),
    ] {
        count_cells(Some(count), cells);
    }
    cells.push(Cell::Int(state.adjustment()));
    cells.push(Cell::Bool(state.baseline_known()));
    let readiness = state.readiness();
    for rate in [readiness.rate(), readiness.lower(), readiness.upper()] {
        cells.push(Cell::opt(rate.map(Cell::Float)));
    }
    cells.push(Cell::Bool(state.is_consistent()));
}

/// `as_of_valid`, `as_of_known`, `as_of_min_grade`.
fn as_of_cells(at: &AsOf, cells: &mut Vec<Cell<'_>>) {
    cells.push(Cell::opt(at.valid_date().map(Cell::display)));
    cells.push(Cell::opt(at.known().map(Cell::display)));
    cells.push(Cell::opt(at.grade().map(Cell::display)));
}

/// The facts of a change, by column; `None` where a column does not apply.
#[derive(Default)]
struct ChangeCells<'a> {
    count: Option<Count>,
    from: Option<Status>,
    to: Option<Status>,
    into: Option<Status>,
    observed: Option<Status>,
    breakdown: [Option<Count>; 7],
    supplier: Option<&'a HolderId>,
    recipient: Option<&'a HolderId>,
    condition: Option<&'static str>,
    request_kind: Option<&'static str>,
    cause: Option<&'static str>,
    captor: Option<&'a HolderId>,
    retracted: Option<EntryId>,
    quantity: Option<Quantity>,
    decision: Option<Decision>,
}

impl<'a> ChangeCells<'a> {
    /// Every field of every kind, matched exhaustively: a new kind or cause must be given its
    /// columns here.
    fn of(change: &'a Change) -> Self {
        let mut c = ChangeCells {
            count: change.count(),
            ..ChangeCells::default()
        };
        match change {
            Change::Requested {
                count: _,
                supplier,
                request,
            } => {
                c.supplier = supplier.as_ref();
                c.request_kind = Some(request.into());
            }
            Change::Ordered {
                count: _,
                supplier,
                condition,
            } => {
                c.supplier = supplier.as_ref();
                c.condition = Some(condition.into());
            }
            Change::Delivered {
                count: _,
                into,
                supplier,
                condition,
            } => {
                c.into = Some(*into);
                c.supplier = supplier.as_ref();
                c.condition = Some(condition.into());
            }
            Change::StatusChanged { from, to, count: _ } => {
                c.from = Some(*from);
                c.to = Some(*to);
            }
            Change::Assessed { breakdown } => {
                for (status, count) in breakdown {
                    c.breakdown[status_index(*status)] = Some(*count);
                }
            }
            Change::Lost {
                count: _,
                from,
                cause,
            } => {
                c.from = Some(*from);
                let (name, captor) = match cause {
                    LossCause::Destroyed => ("destroyed", None),
                    LossCause::Damaged => ("damaged", None),
                    LossCause::Abandoned => ("abandoned", None),
                    LossCause::Captured { by } => ("captured", by.as_ref()),
                };
                c.cause = Some(name);
                c.captor = captor;
            }
            Change::Retired { count: _, from } | Change::Expended { count: _, from } => {
                c.from = Some(*from);
            }
            Change::Transferred {
                count: _,
                to,
                from,
                into,
            } => {
                c.recipient = Some(to);
                c.from = Some(*from);
                c.into = Some(*into);
            }
            Change::Observed { count: _, status } => c.observed = *status,
            Change::Retracted { entry } => c.retracted = Some(*entry),
            Change::Claimed { quantity, count: _ } => c.quantity = Some(*quantity),
            Change::Resolved { quantity, decision } => {
                c.quantity = Some(*quantity);
                c.decision = Some(*decision);
            }
            Change::OpeningUnknown => {}
        }
        c
    }
}

/// The position of `status` in [`Status::ALL`].
fn status_index(status: Status) -> usize {
    match status {
        Status::Operational => 0,
        Status::Degraded => 1,
        Status::NonOperationalMaintenance => 2,
        Status::NonOperationalSupply => 3,
        Status::NonOperationalDamaged => 4,
        Status::Stored => 5,
        Status::Unknown => 6,
    }
}

/// One cell of a row.
#[derive(Clone, Debug, PartialEq)]
enum Cell<'a> {
    /// Does not apply: an empty CSV cell, JSON `null`.
    Empty,
    Text(Cow<'a, str>),
    UInt(u64),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl<'a> Cell<'a> {
    fn text(s: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(s))
    }
    fn display(value: impl fmt::Display) -> Self {
        Cell::Text(Cow::Owned(value.to_string()))
    }
    fn opt(cell: Option<Cell<'a>>) -> Self {
        cell.unwrap_or(Cell::Empty)
    }
}

/// A table being written: the header, then rows of cells, one per column.
struct Table<W: Write> {
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

enum Out<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Json(io::BufWriter<W>),
}

impl<W: Write> Table<W> {
    fn new(
        name: &'static str,
        columns: &'static [&'static str],
        format: Format,
        w: W,
    ) -> Result<Self, ExportError> {
        let out = match format {
            Format::Csv => Out::Csv(Box::new(csv::Writer::from_writer(w))),
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

    fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        debug_assert_eq!(cells.len(), self.columns.len(), "{} row", self.name);
        self.row += 1;
        match &mut self.out {
            Out::Csv(csv) => {
                for cell in cells {
                    let result = match cell {
                        Cell::Empty => csv.write_field(""),
                        Cell::Text(s) => csv.write_field(s.as_bytes()),
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

    fn finish(mut self) -> Result<(), ExportError> {
        let result = match &mut self.out {
            Out::Csv(csv) => csv.flush(),
            Out::Json(w) => w.flush(),
        };
        result.map_err(|source| self.io_error(source))
    }

    fn io_error(&self, source: io::Error) -> ExportError {
        ExportError::Io {
            table: self.name,
            format: self.format,
            row: self.row,
            source,
        }
    }

    fn csv_result(&self, result: csv::Result<()>) -> Result<(), ExportError> {
        result.map_err(|e| csv_error(self.name, self.row, e))
    }
}

fn csv_number<W: Write>(
    csv: &mut csv::Writer<W>,
    buf: &mut String,
    n: &impl fmt::Display,
) -> csv::Result<()> {
    buf.clear();
    push_display(buf, n);
    csv.write_field(buf.as_bytes())
}

fn push_display(buf: &mut String, value: &impl fmt::Display) {
    // Writing to a `String` cannot fail.
    let _ = write!(buf, "{value}");
}

/// Appends one JSON object, the `cells` under the `columns` names, and a line break.
fn json_line(line: &mut Vec<u8>, columns: &[&str], cells: &[Cell<'_>]) -> io::Result<()> {
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
fn csv_error(table: &'static str, row: u64, e: csv::Error) -> ExportError {
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
