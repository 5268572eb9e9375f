//! The SIPRI Arms Transfers export importer: [`import_sipri`] (whose documentation states
//! the mapping rules), its options, report and errors.

use std::fmt::{self, Write as _};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::catalog::{PlatformId, PlatformKind};
use crate::error::ParseError;
use crate::hash::FxMap;
use crate::holder::HolderId;
use crate::ledger::{
    Basis, Change, Condition, Count, EffectiveDate, EntryId, Ledger, LedgerError, MAX_COUNT,
    NewEntry, PlatformRef, Status,
};
use crate::provenance::{Credibility, Grade, Reliability, Source};

use super::countries;

/// The columns of the export's header line, in order.
pub const SIPRI_HEADER: [&str; 17] = [
    "SIPRI AT Database ID",
    "Supplier",
    "Recipient",
    "Designation",
    "Description",
    "Armament category",
    "Order date",
    "Order date is estimate",
    "Numbers delivered",
    "Numbers delivered is estimate",
    "Delivery year",
    "Delivery year is estimate",
    "Status",
    "SIPRI estimate",
    "TIV deal unit",
    "TIV delivery values",
    "Local production",
];

/// Lines before the header.
const PREAMBLE_LINES: u64 = 11;
const TITLE_PREFIX: &str = "Transfers of major conventional arms";
const ATTRIBUTION: &str = "Source: SIPRI Arms Transfers Database (c) SIPRI.";
const GENERATED_PREFIX: &str = "Data generated: ";
const UNKNOWN_SUPPLIER: &str = "unknown supplier(s)";
/// Years a SIPRI row may carry (order dates go back to the 1950s).
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// Column indexes.
mod col {
    pub(super) const DEAL: usize = 0;
    pub(super) const SUPPLIER: usize = 1;
    pub(super) const RECIPIENT: usize = 2;
    pub(super) const DESIGNATION: usize = 3;
    pub(super) const DESCRIPTION: usize = 4;
    pub(super) const CATEGORY: usize = 5;
    pub(super) const ORDER_YEAR: usize = 6;
    pub(super) const ORDER_YEAR_EST: usize = 7;
    pub(super) const DELIVERED: usize = 8;
    pub(super) const DELIVERED_EST: usize = 9;
    pub(super) const DELIVERY_YEAR: usize = 10;
    pub(super) const DELIVERY_YEAR_EST: usize = 11;
    pub(super) const STATUS: usize = 12;
    pub(super) const SIPRI_ESTIMATE: usize = 13;
    pub(super) const TIV_UNIT: usize = 14;
    pub(super) const TIV_DELIVERY: usize = 15;
    pub(super) const LOCAL_PRODUCTION: usize = 16;
}

/// The grade of SIPRI figures it does not flag as estimates: `B2` (usually reliable,
/// probably true). See the [module documentation](import_sipri#mapping-rules).
pub const DEFAULT_GRADE: Grade = Grade::new(Reliability::B, Credibility::ProbablyTrue);

/// The grade of SIPRI's own estimates: `B3` (usually reliable, possibly true).
pub const DEFAULT_ESTIMATE_GRADE: Grade = Grade::new(Reliability::B, Credibility::PossiblyTrue);

/// Where a SIPRI designation names a family, the variant a recipient actually received:
/// `(recipient ISO code, family id, variant id)`. Applied only when the catalog holds the
/// variant and the designation resolved to that family.
///
/// * `(VEN, su-30mk, su-30mk2)`: Venezuela's 24 Su-30 (ordered 2006) are Su-30MK2
///   (platforms.md; Flightglobal and AIN delivery reports).
pub const VARIANT_RULES: &[(&str, &str, &str)] = &[("VEN", "su-30mk", "su-30mk2")];

/// SIPRI's `Armament category`.
///
/// # Example
///
/// ```
/// use materiel::import::sipri::SipriCategory;
/// use materiel::PlatformKind;
///
/// let c: SipriCategory = "Air defence systems".parse()?;
/// assert_eq!(c, SipriCategory::AirDefenceSystems);
/// assert_eq!(c.platform_kind(), PlatformKind::SamSystem);
/// assert_eq!(c.to_string(), "Air defence systems");
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[non_exhaustive]
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = unknown_category)]
pub enum SipriCategory {
    /// `Aircraft` (aircraft, helicopters, UAVs).
    #[strum(serialize = "Aircraft")]
    Aircraft,
    /// `Air defence systems` (SAM systems, anti-aircraft guns).
    #[strum(serialize = "Air defence systems")]
    AirDefenceSystems,
    /// `Anti-submarine warfare weapons`.
    #[strum(serialize = "Anti-submarine warfare weapons")]
    AntiSubmarineWarfareWeapons,
    /// `Armoured vehicles`.
    #[strum(serialize = "Armoured vehicles")]
    ArmouredVehicles,
    /// `Artillery`.
    #[strum(serialize = "Artillery")]
    Artillery,
    /// `Engines`.
    #[strum(serialize = "Engines")]
    Engines,
    /// `Missiles` (guided missiles, guided bombs, MANPADS).
    #[strum(serialize = "Missiles")]
    Missiles,
    /// `Naval weapons`.
    #[strum(serialize = "Naval weapons")]
    NavalWeapons,
    /// `Satellites`.
    #[strum(serialize = "Satellites")]
    Satellites,
    /// `Sensors`.
    #[strum(serialize = "Sensors")]
    Sensors,
    /// `Ships`.
    #[strum(serialize = "Ships")]
    Ships,
    /// `Other`.
    #[strum(serialize = "Other")]
    Other,
}

/// The error of [`SipriCategory`]'s `FromStr`: the text is not one of the export's categories.
fn unknown_category(text: &str) -> ParseError {
    ParseError::name("SIPRI category", text)
}

impl SipriCategory {
    /// The platform kind of uncatalogued equipment of this category: `Aircraft` ->
    /// [`PlatformKind::Aircraft`], `Air defence systems` -> [`PlatformKind::SamSystem`],
    /// `Missiles` -> [`PlatformKind::Missile`], everything else [`PlatformKind::Generic`].
    pub fn platform_kind(self) -> PlatformKind {
        match self {
            SipriCategory::Aircraft => PlatformKind::Aircraft,
            SipriCategory::AirDefenceSystems => PlatformKind::SamSystem,
            SipriCategory::Missiles => PlatformKind::Missile,
            _ => PlatformKind::Generic,
        }
    }
}

/// What was wrong with a rejected row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::Display, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum RowProblem {
    /// Not 17 fields.
    ColumnCount,
    /// The input ends inside the row: the final row has no line end after it (the export
    /// ends every row with one), so it may have been cut off. See
    /// [`import_sipri`](import_sipri#the-file).
    Truncated,
    /// A field that is not valid UTF-8.
    Encoding,
    /// A required field is empty.
    Missing,
    /// A number (deal id, count, TIV) that is not one, or out of range.
    BadNumber,
    /// A year that is not one, or outside 1900..=2100.
    BadYear,
    /// An `is estimate` or `Local production` flag other than `Yes`, `No` or empty.
    BadFlag,
    /// A `Status` other than `New`, `Second hand`, `Second hand but modernized`.
    UnknownStatus,
    /// An `Armament category` SIPRI does not use.
    UnknownCategory,
    /// A supplier or recipient the country table does not know.
    UnknownParty,
    /// A field contradicting an earlier row of the same deal.
    DealMismatch,
    /// The ledger refused the entry built from the row.
    Ledger,
}

/// A row the importer could not use: where, which field, what value, and why.
///
/// # Example
///
/// ```
/// use materiel::import::sipri::{RowError, RowProblem};
///
/// let e = RowError::new(14, Some("Recipient"), "Narnia", RowProblem::UnknownParty, "not in the country table");
/// assert_eq!(e.to_string(), "line 14, field `Recipient`, value \"Narnia\": not in the country table");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct RowError {
    /// The line in the file (1-based) where the row starts.
    pub line: u64,
    /// The column, when one field is at fault.
    pub field: Option<&'static str>,
    /// The offending value (the row's field count for a column-count or truncated row).
    pub value: String,
    /// The kind of problem.
    pub problem: RowProblem,
    /// What was expected, in words.
    pub reason: String,
}

impl RowError {
    /// A row error.
    pub fn new(
        line: u64,
        field: Option<&'static str>,
        value: impl Into<String>,
        problem: RowProblem,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            line,
            field,
            value: value.into(),
            problem,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(field) = self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ", value {:?}: {}", self.value, self.reason)
    }
}

/// Why a SIPRI import failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SipriError {
    /// The file could not be opened or read.
    #[error("cannot read {what} at line {line}: {message}")]
    Io {
        /// The file or `input`.
        what: String,
        /// The line being read (1-based).
        line: u64,
        /// The I/O error.
        message: String,
    },
    /// The input ended before the header, or inside it: a header line without its line end
    /// and nothing after it (see [`import_sipri`](import_sipri#the-file)).
    #[error(
        "line {line}: the input ends before the end of the SIPRI header (11 preamble lines, then the header line with its line end)"
    )]
    Truncated {
        /// The first missing line, or the header's line when the input ends inside it.
        line: u64,
    },
    /// A preamble line is not what SIPRI writes.
    #[error("line {line}: expected the SIPRI preamble {expected:?}, found {found:?}")]
    Preamble {
        /// The line (1-based).
        line: u64,
        /// What the line should say (or start with).
        expected: &'static str,
        /// What it says.
        found: String,
    },
    /// The `Data generated:` date could not be read.
    #[error(
        "line {line}: field `Data generated`, value {value:?} is not a date like `3 Jan 2025 9:16:02 PM`"
    )]
    GeneratedDate {
        /// The line (1-based).
        line: u64,
        /// The text after `Data generated: `.
        value: String,
    },
    /// A header column differs from [`SIPRI_HEADER`].
    #[error("line {line}: header column {column} is {found:?}, expected {expected:?}")]
    Header {
        /// The line (1-based).
        line: u64,
        /// The column (1-based).
        column: usize,
        /// What SIPRI writes there.
        expected: &'static str,
        /// What the file has (empty when the column is missing).
        found: String,
    },
    /// Strict mode: a row was bad.
    #[error("{0}")]
    Row(RowError),
    /// The import's recorded time is earlier than the ledger's latest entry.
    #[error(
        "the import would be recorded at {recorded}, before the ledger's latest entry ({latest}); pass a later SipriOptions::recorded"
    )]
    RecordedBeforeLedger {
        /// The import's recorded time.
        recorded: Timestamp,
        /// The ledger's latest recorded time.
        latest: Timestamp,
    },
    /// Strict mode: the ledger refused an entry (lenient mode reports it as a row error).
    #[error("line {line}: the ledger refused the entry: {source}")]
    Ledger {
        /// The row's line (1-based).
        line: u64,
        /// The ledger's reason.
        source: LedgerError,
    },
}

/// How to import: filters, recorded time, grades, strictness. A builder; the default
/// imports everything, leniently, recorded at the export's generation date, graded
/// [`DEFAULT_GRADE`] / [`DEFAULT_ESTIMATE_GRADE`].
///
/// # Example
///
/// ```
/// use materiel::import::sipri::{SipriCategory, SipriOptions};
///
/// let options = SipriOptions::new()
///     .recipient("Venezuela")
///     .supplier("RUS")
///     .category(SipriCategory::Aircraft)
///     .years(2006..=2013)
///     .grade("B2".parse()?)
///     .strict(true);
/// assert!(options.is_strict());
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SipriOptions {
    recipients: Vec<String>,
    suppliers: Vec<String>,
    categories: Vec<SipriCategory>,
    years: Option<(i16, i16)>,
    recorded: Option<Timestamp>,
    grade: Option<Grade>,
    estimate_grade: Option<Grade>,
    strict: bool,
}

impl SipriOptions {
    /// Everything, leniently, with the default grades and recorded time.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps only rows whose recipient is `name`: SIPRI's spelling (`Venezuela`,
    /// `Houthi rebels (Yemen)*`, ASCII case-insensitive) or the holder id (`VEN`,
    /// `houthis`). Repeat to keep several.
    #[must_use]
    pub fn recipient(mut self, name: impl Into<String>) -> Self {
        self.recipients.push(name.into());
        self
    }

    /// Keeps only rows whose supplier is `name` (as for [`recipient`](Self::recipient);
    /// `unknown supplier(s)` matches the unknown supplier). Repeat to keep several.
    #[must_use]
    pub fn supplier(mut self, name: impl Into<String>) -> Self {
        self.suppliers.push(name.into());
        self
    }

    /// Keeps only rows of `category`. Repeat to keep several.
    #[must_use]
    pub fn category(mut self, category: SipriCategory) -> Self {
        self.categories.push(category);
        self
    }

    /// Keeps only rows delivered in `years` (rows without a delivery, by their order
    /// year). Orders then sum only the kept rows, so their counts become lower bounds.
    #[must_use]
    pub fn years(mut self, years: std::ops::RangeInclusive<i16>) -> Self {
        self.years = Some((*years.start(), *years.end()));
        self
    }

    /// Records every entry at `recorded` instead of the export's generation date.
    #[must_use]
    pub fn recorded(mut self, recorded: Timestamp) -> Self {
        self.recorded = Some(recorded);
        self
    }

    /// The grade of figures SIPRI does not flag as estimates (default [`DEFAULT_GRADE`]).
    #[must_use]
    pub fn grade(mut self, grade: Grade) -> Self {
        self.grade = Some(grade);
        self
    }

    /// The grade of SIPRI's estimates (default [`DEFAULT_ESTIMATE_GRADE`]).
    #[must_use]
    pub fn estimate_grade(mut self, grade: Grade) -> Self {
        self.estimate_grade = Some(grade);
        self
    }

    /// Strict: the first bad row aborts the import. Lenient (the default): bad rows are
    /// reported and skipped.
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// True when a bad row aborts the import.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    fn year_ok(&self, year: i16) -> bool {
        self.years.is_none_or(|(a, b)| (a..=b).contains(&year))
    }
}

fn name_matches(filter: &[String], name: &str, holder: Option<&HolderId>) -> bool {
    filter.is_empty()
        || filter.iter().any(|f| {
            f.eq_ignore_ascii_case(name) || holder.is_some_and(|h| h.as_str() == f.as_str())
        })
}

/// What an import did.
///
/// # Example
///
/// See the [module documentation](import_sipri#example).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SipriReport {
    /// The `Data generated:` text as the export writes it.
    pub generated: String,
    /// Its date.
    pub generated_date: Date,
    /// The citation every entry's source carries.
    pub citation: String,
    /// The year window the title states (`year range '2000' to '2030'`), when it does.
    pub window: Option<(i16, i16)>,
    /// The transaction time of every entry.
    pub recorded: Timestamp,
    /// Data rows read (after the header), whatever became of them.
    pub rows_read: u64,
    /// Rows turned into entries.
    pub rows_imported: u64,
    /// Rows left out by the options' filters.
    pub rows_filtered: u64,
    /// Rows rejected (and orders the ledger refused), with line, field, value and reason.
    pub rejected: Vec<RowError>,
    /// Distinct deals imported.
    pub deals: u64,
    /// `Ordered` entries created (one per deal).
    pub orders: u64,
    /// `Delivered` entries created.
    pub deliveries: u64,
    /// Entries appended in all.
    pub entries_created: u64,
    /// Imported rows whose designation the catalog resolved.
    pub matched_rows: u64,
    /// Imported rows recorded as generic platforms.
    pub generic_rows: u64,
    /// Imported rows moved from a family to a variant by [`VARIANT_RULES`].
    pub variant_rows: u64,
    /// Each designation the catalog resolved, with the platform it resolved to (before
    /// variant rules), in order of first appearance.
    pub matched_designations: Vec<(String, PlatformId)>,
    /// Distinct designations recorded as generic platforms.
    pub generic_designations: u64,
    /// The first entry appended, if any (entries of one import are consecutive).
    pub first_entry: Option<EntryId>,
}

impl fmt::Display for SipriReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.citation)?;
        writeln!(f, "  recorded at        {}", self.recorded)?;
        writeln!(f, "  rows read          {}", self.rows_read)?;
        writeln!(f, "  rows imported      {}", self.rows_imported)?;
        writeln!(f, "  rows filtered out  {}", self.rows_filtered)?;
        writeln!(f, "  rows rejected      {}", self.rejected.len())?;
        writeln!(f, "  deals              {}", self.deals)?;
        writeln!(
            f,
            "  entries created    {} ({} orders, {} deliveries)",
            self.entries_created, self.orders, self.deliveries
        )?;
        writeln!(
            f,
            "  designations       {} rows matched the catalog ({} moved to a variant), {} rows generic ({} designations)",
            self.matched_rows, self.variant_rows, self.generic_rows, self.generic_designations
        )?;
        for (d, id) in &self.matched_designations {
            writeln!(f, "    {d} -> {id}")?;
        }
        for e in &self.rejected {
            writeln!(f, "  rejected: {e}")?;
        }
        Ok(())
    }
}

/// The holder a SIPRI supplier or recipient name maps to, as the importer maps it:
/// `Venezuela` is `VEN`, `Turkiye` is `TUR`, `African Union**` is the organisation
/// `african-union`. `None` for `unknown supplier(s)` (the importer records no supplier) and
/// for names the export does not use. Names are matched exactly, as SIPRI spells them.
///
/// # Example
///
/// ```
/// use materiel::import::sipri::sipri_holder;
///
/// assert_eq!(sipri_holder("Venezuela").map(|h| h.to_string()), Some("VEN".into()));
/// assert_eq!(sipri_holder("Viet Nam").map(|h| h.to_string()), Some("VNM".into()));
/// assert!(sipri_holder("unknown supplier(s)").is_none());
/// assert!(sipri_holder("Atlantis").is_none());
/// ```
pub fn sipri_holder(name: &str) -> Option<HolderId> {
    if name == UNKNOWN_SUPPLIER {
        return None;
    }
    countries::holder_for(name)
}

/// Imports a SIPRI Arms Transfers export from `path` into `ledger`. See
/// [`import_sipri`].
///
/// # Errors
///
/// [`SipriError::Io`] when the file cannot be opened, else as [`import_sipri`].
///
/// # Example
///
/// ```
/// use materiel::import::sipri::{SipriError, SipriOptions, import_sipri_file};
/// use materiel::{Catalog, Ledger};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let err = import_sipri_file(&mut ledger, "no/such/file.csv", &SipriOptions::new()).unwrap_err();
/// assert!(matches!(err, SipriError::Io { line: 0, .. }));
/// ```
pub fn import_sipri_file(
    ledger: &mut Ledger,
    path: impl AsRef<Path>,
    options: &SipriOptions,
) -> Result<SipriReport, SipriError> {
    let path = path.as_ref();
    let file = std::fs::File::open(path).map_err(|e| SipriError::Io {
        what: path.display().to_string(),
        line: 0,
        message: e.to_string(),
    })?;
    import_sipri(ledger, file, options).map_err(|e| match e {
        SipriError::Io { line, message, .. } => SipriError::Io {
            what: path.display().to_string(),
            line,
            message,
        },
        e => e,
    })
}

/// Imports a SIPRI Arms Transfers export read from `reader` into `ledger`, following the
/// [mapping rules](#mapping-rules), and reports what it did.
///
/// It reads the CSV export of the [SIPRI Arms Transfers
/// Database](https://www.sipri.org/databases/armstransfers) ("Transfers of major conventional
/// arms", one row per deal and delivery year) from any [`std::io::Read`], streaming it with
/// the `csv` crate, and turns every row into [ledger](Ledger) entries without losing
/// what the export says about uncertainty. [`import_sipri_file`] does the same from a path.
///
/// # The file
///
/// Eleven preamble lines (title, conventions, a blank line, `Source: SIPRI Arms Transfers
/// Database (c) SIPRI.`, `Data generated: 3 Jan 2025 9:16:02 PM`), then the header
/// ([`SIPRI_HEADER`], 17 columns), then the rows. The importer checks the title (line 1),
/// the attribution (line 10), the generation date (line 11: day, month name, year and,
/// optionally, a 12-hour clock time, as in `3 Jan 2025 9:16:02 PM` or `3 January 2025`;
/// nothing else may follow) and every header column, and
/// fails on anything else with a [`SipriError`] naming the line (1-based, in the file). A
/// UTF-8 byte-order mark and CRLF line ends are accepted (a line end is `\n` or `\r\n`; a
/// lone `\r` is not one), and blank lines are skipped; fields are trimmed of surrounding
/// white space (the export writes `9M119 ` with a trailing space).
///
/// **Every row ends with a line end**, the last one included: SIPRI's export writes one
/// after every row and has no trailer. A final row without one is taken to be cut off (a
/// download or copy stopped early; cut right after a comma, the missing fields would read as
/// empty), so it is reported as truncated, even when it has all 17 fields:
/// [`RowProblem::Truncated`] at its line, in [`SipriReport::rejected`] (lenient) or as
/// [`SipriError::Row`] (strict). A header line without a line end and nothing after it is
/// [`SipriError::Truncated`]. An input cut exactly at a line end cannot be told from a whole
/// export (there is no row count to check against).
///
/// # Mapping rules
///
/// * **Deliveries.** Each row with `Numbers delivered` > 0 becomes one
///   [`Change::Delivered`] of that many units, effective in `Delivery year` (year
///   precision), into [`Status::Unknown`] (the export says nothing of condition), from the
///   supplier, with the row's `Status` as the [`Condition`] (`New`, `Second hand`,
///   `Second hand but modernized`). The count is [`Count::estimate`] when
///   `Numbers delivered is estimate` is `Yes`, [`Count::exact`] otherwise.
/// * **One order per deal.** A deal (`SIPRI AT Database ID`) spans one row per delivery year,
///   and the export has no "number ordered" column: the numbers refer only to deliveries in
///   the export's year window. So each deal gets exactly one [`Change::Ordered`], effective in
///   its `Order date` year, whose count is **the sum of the deal's imported rows**. Its basis
///   is `Estimate` when any of those rows' numbers is an estimate; otherwise `AtLeast` when
///   the order predates the export's window (line 1, `year range '2000' to '2030'`: earlier
///   deliveries are not listed) or when a year filter is set; otherwise `Exact`. A deal
///   whose rows deliver nothing (an empty or `0` `Numbers delivered`) is ordered
///   `Count::at_least(1)?`: known to exist, size not given. Rows of one deal need not be
///   adjacent; a row that contradicts an earlier row of its deal (supplier, recipient,
///   designation, category, order date, status) is rejected. Orders whose deliveries lie in
///   the future, or have none yet, stay in [`Ledger::pipeline`].
/// * **Holders.** States map to ISO 3166-1 alpha-3 codes through a table covering every
///   party of the 2000-2030 export (`Turkiye` -> `TUR`, `Viet Nam` -> `VNM`, `UAE` ->
///   `ARE`; `Kosovo` -> `XKX`). SIPRI's markers: `**` is an international organisation
///   (`NATO**` -> `nato`, `African Union**` -> `african-union`), `*` a non-state actor: armed
///   groups, sub-state or unrecognised governments (`Houthi rebels (Yemen)*` -> `houthis`,
///   `Libya HoR*` -> `libya-hor`); both become organisation slugs. `unknown supplier(s)`
///   becomes `supplier: None`, never an invented holder; `unknown recipient(s)` (a holder is
///   required) becomes the bucket organisation `unknown-recipients`. A name the table does
///   not know is a [`RowError`] naming the line, the field and the value.
/// * **Platforms.** `Designation` is resolved through the ledger's catalog
///   ([`Catalog::resolve`](crate::catalog::Catalog::resolve): ids, designations, aliases such as
///   `S-300VM/SA-23 SAMS` or `Kh-31A1`). SIPRI often names a family (`Su-30MK`), and the
///   importer resolves to a variant only where [`VARIANT_RULES`] says so (Venezuela's
///   `Su-30MK` are Su-30MK2) and the catalog has the variant; otherwise it keeps the family
///   (India's `Su-30MK` are Su-30MKI, not in the reference catalog: they stay `su-30mk`).
///   Unmatched designations become [`PlatformRef::generic`] with the kind from
///   [`SipriCategory::platform_kind`], so no row is dropped.
/// * **Suppliers' stocks are not reduced.** A row records the recipient's delivery and
///   names the supplier; it does not subtract from the supplier's holdings: the export
///   describes transfers, not inventories, and the supplier's earlier stock (its own
///   production, purchases before 2000) is unknown, so a subtraction would drive lots
///   negative. Venezuela's exports to Bolivia or Ecuador appear as those recipients'
///   deliveries with `supplier: VEN`.
/// * **Provenance.** Every entry cites `SIPRI Arms Transfers Database, data generated
///   <YYYY-MM-DD>` with the deal id as the source's
///   [reference](Source::reference). Grade: SIPRI is a usually reliable source (`B`:
///   an established institute with a published, consistent method, but a secondary
///   compilation of open sources that it revises every year); figures it does not flag are
///   probably true (`2`), its own estimates possibly true (`3`). So [`DEFAULT_GRADE`] is `B2`
///   and [`DEFAULT_ESTIMATE_GRADE`] `B3`, for a delivery whose number or year is flagged as an
///   estimate and for an order whose date is or whose count is. Both are options.
/// * **Notes.** What the ledger has no field for goes into the entry note as `key=value`
///   pairs separated by `; ` (values never contain `;`: a `;` in SIPRI text becomes `,`;
///   an empty SIPRI field is left out; flags are `yes`, `no` or `unknown`). The deal's
///   facts are on its order: `sipri_deal`, `designation` and `description` (SIPRI's text),
///   `order_year_estimate`, `tiv_unit` (TIV deal unit), `sipri_estimate` (SIPRI estimate),
///   `local_production`, `rows`, `delivered_total` and `count_rule`. Each delivery carries
///   its row's own: `sipri_deal`, `numbers_estimate`, `delivery_year_estimate` and
///   `tiv_delivery` (TIV delivery values). TIV figures are the export's text, unrounded.
/// * **Recorded time.** One transaction time for the whole import:
///   [`SipriOptions::recorded`], by default the export's generation date at 00:00 UTC. The
///   ledger requires non-decreasing recorded times, so an import recorded before the
///   ledger's latest entry is refused up front.
///
/// # Strictness
///
/// By default the import is lenient: a bad row is reported in [`SipriReport::rejected`] (line,
/// field, value, reason) and skipped; the rest is imported. With
/// [`SipriOptions::strict`] the first bad row aborts the import with [`SipriError::Row`].
/// Either way the ledger is unchanged when the import returns an error: entries are built
/// while reading and appended only once the whole file has been read. (The one exception is
/// [`SipriError::Ledger`] in strict mode, which the importer's own checks of counts, years,
/// platforms and recorded time leave to a ledger that is full; entries appended before it
/// stay.)
///
/// # Errors
///
/// * [`SipriError::Io`], [`SipriError::Truncated`], [`SipriError::Preamble`],
///   [`SipriError::GeneratedDate`], [`SipriError::Header`]: not a SIPRI export (the
///   error names the line).
/// * [`SipriError::RecordedBeforeLedger`]: the ledger already has later entries.
/// * In strict mode, [`SipriError::Row`] for the first bad row and
///   [`SipriError::Ledger`] if the ledger refuses an entry.
///
/// # Example
///
/// ```
/// use materiel::import::sipri::{SipriOptions, import_sipri};
/// use materiel::{AsOf, Catalog, HolderId, Ledger, PlatformRef};
///
/// let csv = "\
/// Transfers of major conventional arms from All countries  to All countries . Deals with deliveries or orders made for year range '2000' to '2030'
/// A '?' in a column indicates uncertain data.
/// An empty field for 'Number ordered' indicates that data is not yet available.
/// SIPRI trend-indicator values (TIVs) are in millions.
/// An empty field for 'SIPRI TIV for total order' indicates that data is not available.
/// A '0' for 'SIPRI TIV of delivered weapons' indicates a volume between 0 and 0.5 million.
/// Figures may not add up to stated totals due to the conventions of rounding.
/// See <https://www.sipri.org/databases/armstransfers/sources-and-methods>.
///
/// Source: SIPRI Arms Transfers Database (c) SIPRI.
/// Data generated: 3 Jan 2025 9:16:02 PM
/// SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production
/// 33019,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2006,No,4,No,2006,No,New,55,55,220,No
/// 33019,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2006,No,8,No,2008,No,New,55,55,440,No
/// 33019,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2006,No,12,No,2007,No,New,55,55,660,No
/// 56510,Austria,Venezuela,DA-40,light aircraft,Aircraft,2014,No,3,Yes,2014,No,New,0.15,0.15,0.45,No
/// ";
/// let mut ledger = Ledger::new(Catalog::reference());
/// let report = import_sipri(&mut ledger, csv.as_bytes(), &SipriOptions::new())?;
/// assert_eq!(report.rows_read, 4);
/// assert_eq!(report.deals, 2);
/// assert_eq!(report.entries_created, 6); // 2 orders + 4 deliveries
/// assert!(report.rejected.is_empty());
///
/// let ven: HolderId = "VEN".parse()?;
/// let su30 = PlatformRef::catalog("su-30mk2")?; // per VARIANT_RULES
/// let end_2007 = AsOf::valid(jiff::civil::date(2007, 12, 31));
/// assert_eq!(ledger.lot(&ven, &su30, &end_2007).in_service().value(), 16);
/// // 8 of the 24 ordered are still to come at the end of 2007.
/// let pipeline = ledger.pipeline(&ven, &end_2007);
/// assert_eq!(pipeline[0].outstanding, Some(8));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn import_sipri<R: Read>(
    ledger: &mut Ledger,
    reader: R,
    options: &SipriOptions,
) -> Result<SipriReport, SipriError> {
    let mut input = BufReader::with_capacity(64 * 1024, reader);
    let preamble = read_preamble(&mut input)?;
    let recorded = match options.recorded {
        Some(t) => t,
        None => jiff::tz::Offset::UTC
            .to_timestamp(
                preamble
                    .generated_date
                    .to_datetime(jiff::civil::Time::midnight()),
            )
            .map_err(|_| SipriError::GeneratedDate {
                line: PREAMBLE_LINES,
                value: preamble.generated.clone(),
            })?,
    };
    if let Some(latest) = ledger.latest_recorded()
        && recorded < latest
    {
        return Err(SipriError::RecordedBeforeLedger { recorded, latest });
    }

    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        // Rows end at `\n` only, so that the reader's line count (it counts `\n`) is at
        // each row's own line: with CRLF it would end a row at its `\r` and count the `\n`
        // into the next row, one line early. The `\r` is trimmed with the last field.
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(64 * 1024)
        .from_reader(Tail::new(input));
    let mut record = csv::ByteRecord::new();
    let io_error = |line: u64, e: csv::Error| SipriError::Io {
        what: "input".into(),
        line,
        message: e.to_string(),
    };
    let header_line = PREAMBLE_LINES + 1;
    match csv.read_byte_record(&mut record) {
        Ok(true) if csv.get_ref().cut(csv.position().byte(), &record) => {
            return Err(SipriError::Truncated { line: header_line });
        }
        Ok(true) => check_header(&record, header_line)?,
        Ok(false) => return Err(SipriError::Truncated { line: header_line }),
        Err(e) => return Err(io_error(header_line, e)),
    }

    let citation = format!(
        "SIPRI Arms Transfers Database, data generated {}",
        preamble.generated_date
    );
    let mut state = Import::new(ledger, options, citation, preamble.window);
    let mut report = SipriReport {
        generated: preamble.generated,
        generated_date: preamble.generated_date,
        citation: state.citation.clone(),
        window: preamble.window,
        recorded,
        rows_read: 0,
        rows_imported: 0,
        rows_filtered: 0,
        rejected: Vec::new(),
        deals: 0,
        orders: 0,
        deliveries: 0,
        entries_created: 0,
        matched_rows: 0,
        generic_rows: 0,
        variant_rows: 0,
        matched_designations: Vec::new(),
        generic_designations: 0,
        first_entry: None,
    };
    loop {
        let line_guess = PREAMBLE_LINES + csv.position().line();
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(io_error(line_guess, e)),
        }
        // A blank CRLF line (a blank LF line yields no record).
        if record.len() == 1 && &record[0] == b"\r" {
            continue;
        }
        let line = record
            .position()
            .map_or(line_guess, |p| PREAMBLE_LINES + p.line());
        report.rows_read += 1;
        let row = if csv.get_ref().cut(csv.position().byte(), &record) {
            Err(RowError::new(
                line,
                None,
                format!("{} fields", record.len()),
                RowProblem::Truncated,
                "the input ends inside this row: no line end follows it (the export ends every row with one), so it may be cut off",
            ))
        } else {
            state.row(&record, line, &mut report)
        };
        match row {
            Ok(()) => {}
            Err(e) if options.strict => return Err(SipriError::Row(e)),
            Err(e) => report.rejected.push(e),
        }
    }
    state.finish(ledger, recorded, &mut report)?;
    Ok(report)
}

/// The input after the preamble, as the CSV reader reads it, keeping what tells whether
/// the record just read is the input's last and has no line end.
struct Tail<R> {
    inner: R,
    /// Bytes handed to the CSV reader.
    bytes: u64,
    /// The last of them.
    last: Option<u8>,
    /// A read returned the end of the input.
    ended: bool,
}

impl<R> Tail<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            bytes: 0,
            last: None,
            ended: false,
        }
    }

    /// True when `record`, which ends at `consumed` (the CSV reader's byte position after
    /// it), is the input's last and no line end (`\n`) of its own follows it.
    ///
    /// Only a record after which the whole input is consumed, and which the reader finished
    /// after reaching the end of the input, can be the last. Between records the CSV reader
    /// skips nothing but `\n`, so an input whose last byte is not one ends inside that
    /// record (a CRLF cut after its `\r` included). An input whose last byte is `\n` can
    /// still end inside a quoted field (`...,"No` and a line break, cut before the closing
    /// quote): the field then ends with that `\n`, which an unquoted field never does.
    fn cut(&self, consumed: u64, record: &csv::ByteRecord) -> bool {
        self.ended
            && consumed == self.bytes
            && (self.last != Some(b'\n')
                || record
                    .iter()
                    .next_back()
                    .is_some_and(|f| f.last() == Some(&b'\n')))
    }
}

impl<R: Read> Read for Tail<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.ended |= !buf.is_empty();
        } else if let Some(&b) = buf.get(..n).and_then(<[u8]>::last) {
            self.bytes += n as u64;
            self.last = Some(b);
        }
        Ok(n)
    }
}

struct Preamble {
    generated: String,
    generated_date: Date,
    window: Option<(i16, i16)>,
}

fn read_preamble<R: BufRead>(input: &mut R) -> Result<Preamble, SipriError> {
    let mut buf = Vec::with_capacity(256);
    let mut title = String::new();
    let mut generated = None;
    for line in 1..=PREAMBLE_LINES {
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .map_err(|e| SipriError::Io {
                what: "input".into(),
                line,
                message: e.to_string(),
            })?;
        if n == 0 {
            return Err(SipriError::Truncated { line });
        }
        let mut bytes: &[u8] = &buf;
        if line == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        while let [rest @ .., b'\n' | b'\r'] = bytes {
            bytes = rest;
        }
        let text = String::from_utf8_lossy(bytes);
        match line {
            1 => {
                if !text.starts_with(TITLE_PREFIX) {
                    return Err(SipriError::Preamble {
                        line,
                        expected: TITLE_PREFIX,
                        found: text.into_owned(),
                    });
                }
                title = text.into_owned();
            }
            10 if text.trim_end() != ATTRIBUTION => {
                return Err(SipriError::Preamble {
                    line,
                    expected: ATTRIBUTION,
                    found: text.into_owned(),
                });
            }
            11 => match text.strip_prefix(GENERATED_PREFIX) {
                Some(rest) => generated = Some(rest.trim().to_owned()),
                None => {
                    return Err(SipriError::Preamble {
                        line,
                        expected: GENERATED_PREFIX,
                        found: text.into_owned(),
                    });
                }
            },
            _ => {}
        }
    }
    let generated = generated.unwrap_or_default();
    let Some(generated_date) = parse_generated(&generated) else {
        return Err(SipriError::GeneratedDate {
            line: PREAMBLE_LINES,
            value: generated,
        });
    };
    Ok(Preamble {
        generated,
        generated_date,
        window: parse_window(&title),
    })
}

/// The forms of the `Data generated:` text, for jiff's strtime: SIPRI's (`3 Jan 2025 9:16:02
/// PM`), and the date alone; month names abbreviated or in full (any ASCII case).
const GENERATED_FORMATS: [&str; 4] = [
    "%d %b %Y %I:%M:%S %p",
    "%d %B %Y %I:%M:%S %p",
    "%d %b %Y",
    "%d %B %Y",
];

/// `3 Jan 2025 9:16:02 PM` -> 2025-01-03; `None` unless the whole text is one of
/// [`GENERATED_FORMATS`] naming a real date in [`YEARS`].
fn parse_generated(text: &str) -> Option<Date> {
    let date = GENERATED_FORMATS
        .iter()
        .find_map(|format| jiff::fmt::strtime::parse(format, text).ok()?.to_date().ok())?;
    YEARS.contains(&date.year()).then_some(date)
}

/// `... year range '2000' to '2030'` -> (2000, 2030).
fn parse_window(title: &str) -> Option<(i16, i16)> {
    let rest = &title[title.find("year range '")? + "year range '".len()..];
    let (from, rest) = rest.split_once('\'')?;
    let rest = rest.trim_start().strip_prefix("to")?.trim_start();
    let to = rest.strip_prefix('\'')?.split('\'').next()?;
    Some((from.parse().ok()?, to.parse().ok()?))
}

fn check_header(record: &csv::ByteRecord, line: u64) -> Result<(), SipriError> {
    for (i, expected) in SIPRI_HEADER.iter().enumerate() {
        let found = record.get(i).unwrap_or_default();
        let found = String::from_utf8_lossy(found);
        let found = if i == 0 {
            found.trim_start_matches('\u{feff}')
        } else {
            &found
        };
        if found.trim() != *expected {
            return Err(SipriError::Header {
                line,
                column: i + 1,
                expected,
                found: found.to_owned(),
            });
        }
    }
    if record.len() > SIPRI_HEADER.len() {
        return Err(SipriError::Header {
            line,
            column: SIPRI_HEADER.len() + 1,
            expected: "",
            found: String::from_utf8_lossy(&record[SIPRI_HEADER.len()]).into_owned(),
        });
    }
    Ok(())
}

/// A yes / no flag; `None` when the export leaves it empty.
type Flag = Option<bool>;

fn flag_text(f: Flag) -> &'static str {
    match f {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

/// One row's fields, borrowed from the record.
struct Row<'a> {
    deal: u32,
    deal_text: &'a str,
    supplier: &'a str,
    recipient: &'a str,
    designation: &'a str,
    description: &'a str,
    category: SipriCategory,
    order_year: i16,
    order_year_est: Flag,
    delivered: u64,
    delivered_est: Flag,
    delivery_year: Option<i16>,
    delivery_year_est: Flag,
    condition: Condition,
    sipri_estimate: &'a str,
    tiv_unit: &'a str,
    tiv_delivery: &'a str,
    local_production: Flag,
}

/// A data row with its UTF-8 checked once for the whole record (SIPRI's rows are UTF-8;
/// a field is then a slice), falling back to a per-field check that names the bad field.
struct Rec<'a> {
    bytes: &'a csv::ByteRecord,
    text: Option<&'a str>,
}

impl<'a> Rec<'a> {
    fn new(bytes: &'a csv::ByteRecord) -> Self {
        Self {
            bytes,
            text: std::str::from_utf8(bytes.as_slice()).ok(),
        }
    }
}

fn field<'a>(record: &Rec<'a>, i: usize, line: u64) -> Result<&'a str, RowError> {
    if let (Some(text), Some(range)) = (record.text, record.bytes.range(i))
        && let Some(s) = text.get(range)
    {
        return Ok(s.trim_ascii());
    }
    let bytes = record.bytes.get(i).unwrap_or_default();
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.trim_ascii()),
        Err(e) => Err(RowError::new(
            line,
            Some(SIPRI_HEADER[i]),
            String::from_utf8_lossy(bytes),
            RowProblem::Encoding,
            format!("not UTF-8 ({e})"),
        )),
    }
}

fn required<'a>(record: &Rec<'a>, i: usize, line: u64) -> Result<&'a str, RowError> {
    let s = field(record, i, line)?;
    if s.is_empty() {
        Err(RowError::new(
            line,
            Some(SIPRI_HEADER[i]),
            "",
            RowProblem::Missing,
            "the field is required",
        ))
    } else {
        Ok(s)
    }
}

fn parse_flag<'a>(record: &Rec<'a>, i: usize, line: u64) -> Result<Flag, RowError> {
    let s = field(record, i, line)?;
    if s.is_empty() {
        Ok(None)
    } else if s.eq_ignore_ascii_case("yes") {
        Ok(Some(true))
    } else if s.eq_ignore_ascii_case("no") {
        Ok(Some(false))
    } else {
        Err(RowError::new(
            line,
            Some(SIPRI_HEADER[i]),
            s,
            RowProblem::BadFlag,
            "expected `Yes`, `No` or nothing",
        ))
    }
}

fn parse_year(s: &str, i: usize, line: u64) -> Result<i16, RowError> {
    match s.parse::<i16>() {
        Ok(y) if YEARS.contains(&y) => Ok(y),
        _ => Err(RowError::new(
            line,
            Some(SIPRI_HEADER[i]),
            s,
            RowProblem::BadYear,
            "expected a year from 1900 to 2100",
        )),
    }
}

fn check_decimal<'a>(record: &Rec<'a>, i: usize, line: u64) -> Result<&'a str, RowError> {
    let s = field(record, i, line)?;
    if s.is_empty() || plain_decimal(s) || s.parse::<f64>().is_ok_and(|v| v.is_finite() && v >= 0.0)
    {
        Ok(s)
    } else {
        Err(RowError::new(
            line,
            Some(SIPRI_HEADER[i]),
            s,
            RowProblem::BadNumber,
            "expected a non-negative decimal number (millions of TIV) or nothing",
        ))
    }
}

/// `12`, `12.5`, `.5`: the plain non-negative decimals SIPRI writes, checked without a float
/// parse (anything else goes through `f64::from_str`).
fn plain_decimal(s: &str) -> bool {
    // Flags, not counters: no field is long enough to overflow them.
    let mut digit = false;
    let mut dot = false;
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => digit = true,
            b'.' if !dot => dot = true,
            _ => return false,
        }
    }
    digit
}

fn parse_row(bytes: &csv::ByteRecord, line: u64) -> Result<Row<'_>, RowError> {
    let record = &Rec::new(bytes);
    if bytes.len() != SIPRI_HEADER.len() {
        return Err(RowError::new(
            line,
            None,
            format!("{} fields", bytes.len()),
            RowProblem::ColumnCount,
            format!("expected {} fields", SIPRI_HEADER.len()),
        ));
    }
    let deal_text = required(record, col::DEAL, line)?;
    let deal = deal_text.parse::<u32>().map_err(|_| {
        RowError::new(
            line,
            Some(SIPRI_HEADER[col::DEAL]),
            deal_text,
            RowProblem::BadNumber,
            "expected a deal number",
        )
    })?;
    let supplier = required(record, col::SUPPLIER, line)?;
    let recipient = required(record, col::RECIPIENT, line)?;
    let designation = required(record, col::DESIGNATION, line)?;
    let description = field(record, col::DESCRIPTION, line)?;
    let category_text = required(record, col::CATEGORY, line)?;
    let category = category_text.parse::<SipriCategory>().map_err(|_| {
        RowError::new(
            line,
            Some(SIPRI_HEADER[col::CATEGORY]),
            category_text,
            RowProblem::UnknownCategory,
            "not a SIPRI armament category",
        )
    })?;
    let order_year = parse_year(
        required(record, col::ORDER_YEAR, line)?,
        col::ORDER_YEAR,
        line,
    )?;
    let order_year_est = parse_flag(record, col::ORDER_YEAR_EST, line)?;
    let delivered_text = field(record, col::DELIVERED, line)?;
    let delivered = if delivered_text.is_empty() {
        0
    } else {
        match delivered_text.parse::<u64>() {
            Ok(n) if n <= MAX_COUNT => n,
            _ => {
                return Err(RowError::new(
                    line,
                    Some(SIPRI_HEADER[col::DELIVERED]),
                    delivered_text,
                    RowProblem::BadNumber,
                    format!("expected a whole number from 0 to {MAX_COUNT}"),
                ));
            }
        }
    };
    let delivered_est = parse_flag(record, col::DELIVERED_EST, line)?;
    let year_text = field(record, col::DELIVERY_YEAR, line)?;
    let delivery_year = if year_text.is_empty() {
        if delivered > 0 {
            return Err(RowError::new(
                line,
                Some(SIPRI_HEADER[col::DELIVERY_YEAR]),
                "",
                RowProblem::Missing,
                "a delivery needs its year",
            ));
        }
        None
    } else {
        Some(parse_year(year_text, col::DELIVERY_YEAR, line)?)
    };
    let delivery_year_est = parse_flag(record, col::DELIVERY_YEAR_EST, line)?;
    let status = required(record, col::STATUS, line)?;
    let condition = if status.eq_ignore_ascii_case("New") {
        Condition::New
    } else if status.eq_ignore_ascii_case("Second hand") {
        Condition::SecondHand
    } else if status.eq_ignore_ascii_case("Second hand but modernized")
        || status.eq_ignore_ascii_case("Second hand but modernised")
    {
        Condition::SecondHandModernised
    } else {
        return Err(RowError::new(
            line,
            Some(SIPRI_HEADER[col::STATUS]),
            status,
            RowProblem::UnknownStatus,
            "expected `New`, `Second hand` or `Second hand but modernized`",
        ));
    };
    Ok(Row {
        deal,
        deal_text,
        supplier,
        recipient,
        designation,
        description,
        category,
        order_year,
        order_year_est,
        delivered,
        delivered_est,
        delivery_year,
        delivery_year_est,
        condition,
        sipri_estimate: check_decimal(record, col::SIPRI_ESTIMATE, line)?,
        tiv_unit: check_decimal(record, col::TIV_UNIT, line)?,
        tiv_delivery: check_decimal(record, col::TIV_DELIVERY, line)?,
        local_production: parse_flag(record, col::LOCAL_PRODUCTION, line)?,
    })
}

/// Writes `; key=value` (or `key=value` first), `;` in the value becoming `,`; nothing
/// for an empty value.
fn note_pair(note: &mut String, key: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    if !note.is_empty() {
        note.push_str("; ");
    }
    note.push_str(key);
    note.push('=');
    if value.contains(';') {
        note.push_str(&value.replace(';', ","));
    } else {
        note.push_str(value);
    }
}

/// A deal seen so far: what every row of it must agree on, and the order's running sums.
struct Deal {
    line: u64,
    deal_text: Arc<str>,
    supplier: Option<u32>,
    recipient: u32,
    /// Platform as resolved from the designation (before variant rules), for consistency.
    platform: u32,
    /// Platform recorded (after variant rules).
    recorded_platform: u32,
    category: SipriCategory,
    order_year: i16,
    order_year_est: Flag,
    condition: Condition,
    rows: u32,
    delivered: u64,
    any_estimate: bool,
    /// The order's note, less the running totals.
    note: String,
}

/// A delivery read but not yet appended: the deal supplies holder, supplier, platform and
/// condition (its rows agree on them).
struct PendingDelivery {
    deal: u32,
    line: u64,
    count: Count,
    effective: EffectiveDate,
    estimate_grade: bool,
    note: Box<str>,
}

struct PlatformSlot {
    platform: PlatformRef,
    /// The catalog id the designation resolved to.
    catalog: Option<PlatformId>,
}

/// Per-import state: interned holders and platforms, deals, pending entries.
struct Import<'o> {
    options: &'o SipriOptions,
    citation: String,
    /// The citation, shared by every entry's source.
    source_citation: Arc<str>,
    window: Option<(i16, i16)>,
    grade: Grade,
    estimate_grade: Grade,
    /// Holder per country-table row, filled on first use.
    party_holders: Vec<Option<u32>>,
    holders: Vec<HolderId>,
    /// Designation -> [(category, platform slot)].
    designations: FxMap<Box<str>, Vec<(SipriCategory, u32)>>,
    platforms: Vec<PlatformSlot>,
    /// (recipient holder, family slot) -> variant slot.
    variants: FxMap<(u32, u32), u32>,
    deals: Vec<Deal>,
    deal_ids: FxMap<u32, u32>,
    /// Deliveries in file order.
    deliveries: Vec<PendingDelivery>,
    catalog: crate::catalog::Catalog,
    /// Note under construction, reused.
    scratch: String,
    /// The last rows' lookups: (supplier name, holder), (recipient name, holder),
    /// (designation, category, slot). Rows of one deal usually follow each other.
    last_supplier: Option<(Box<str>, Option<u32>)>,
    last_recipient: Option<(Box<str>, u32)>,
    last_platform: Option<(Box<str>, SipriCategory, u32)>,
}

impl<'o> Import<'o> {
    fn new(
        ledger: &Ledger,
        options: &'o SipriOptions,
        citation: String,
        window: Option<(i16, i16)>,
    ) -> Self {
        Self {
            options,
            source_citation: citation.as_str().into(),
            citation,
            window,
            grade: options.grade.unwrap_or(DEFAULT_GRADE),
            estimate_grade: options.estimate_grade.unwrap_or(DEFAULT_ESTIMATE_GRADE),
            party_holders: vec![None; countries::PARTIES.len()],
            holders: Vec::new(),
            designations: FxMap::default(),
            platforms: Vec::new(),
            variants: FxMap::default(),
            deals: Vec::new(),
            deal_ids: FxMap::default(),
            deliveries: Vec::new(),
            catalog: ledger.catalog().clone(),
            scratch: String::with_capacity(256),
            last_supplier: None,
            last_recipient: None,
            last_platform: None,
        }
    }

    /// The holder number of a party name, or the row error.
    fn party(&mut self, name: &str, i: usize, line: u64) -> Result<u32, RowError> {
        let Some(p) = countries::party_index(name) else {
            return Err(RowError::new(
                line,
                Some(SIPRI_HEADER[i]),
                name,
                RowProblem::UnknownParty,
                "not a party the SIPRI country table knows",
            ));
        };
        if let Some(h) = self.party_holders[p] {
            return Ok(h);
        }
        let holder = countries::party_holder(p).ok_or_else(|| {
            RowError::new(
                line,
                Some(SIPRI_HEADER[i]),
                name,
                RowProblem::UnknownParty,
                "the country table maps it to an invalid holder id",
            )
        })?;
        let h = self.holders.len() as u32;
        self.holders.push(holder);
        self.party_holders[p] = Some(h);
        Ok(h)
    }

    fn platform(
        &mut self,
        designation: &str,
        category: SipriCategory,
        line: u64,
        report: &mut SipriReport,
    ) -> Result<u32, RowError> {
        if let Some(slots) = self.designations.get(designation)
            && let Some(&(_, slot)) = slots.iter().find(|(c, _)| *c == category)
        {
            return Ok(slot);
        }
        let resolved = self.catalog.resolve(designation).map(|p| p.id().clone());
        let platform = match &resolved {
            Some(id) => {
                if !report
                    .matched_designations
                    .iter()
                    .any(|(d, _)| d == designation)
                {
                    report
                        .matched_designations
                        .push((designation.to_owned(), id.clone()));
                }
                PlatformRef::Catalog(id.clone())
            }
            None => {
                // A designation of white space other than ASCII is blank to the ledger.
                let generic =
                    PlatformRef::generic(designation, category.platform_kind()).map_err(|e| {
                        RowError::new(
                            line,
                            Some(SIPRI_HEADER[col::DESIGNATION]),
                            designation,
                            RowProblem::Missing,
                            e.to_string(),
                        )
                    })?;
                report.generic_designations += 1;
                generic
            }
        };
        let slot = self.platforms.len() as u32;
        self.platforms.push(PlatformSlot {
            platform,
            catalog: resolved,
        });
        self.designations
            .entry(designation.into())
            .or_default()
            .push((category, slot));
        Ok(slot)
    }

    /// The slot to record for `slot` delivered to `recipient`, after [`VARIANT_RULES`].
    fn variant(&mut self, recipient: u32, slot: u32) -> u32 {
        let Some(family) = &self.platforms[slot as usize].catalog else {
            return slot;
        };
        if let Some(&v) = self.variants.get(&(recipient, slot)) {
            return v;
        }
        let code = self.holders[recipient as usize].as_str();
        let rule = VARIANT_RULES
            .iter()
            .find(|(r, f, _)| *r == code && *f == family.as_str());
        let out = match rule
            .and_then(|(_, _, v)| v.parse::<PlatformId>().ok())
            .filter(|v| self.catalog.get(v).is_some())
        {
            Some(variant) => {
                let v = self.platforms.len() as u32;
                self.platforms.push(PlatformSlot {
                    platform: PlatformRef::Catalog(variant.clone()),
                    catalog: Some(variant),
                });
                v
            }
            None => slot,
        };
        self.variants.insert((recipient, slot), out);
        out
    }

    fn row(
        &mut self,
        record: &csv::ByteRecord,
        line: u64,
        report: &mut SipriReport,
    ) -> Result<(), RowError> {
        let row = parse_row(record, line)?;
        let options = self.options;
        // Filters that need no mapping first.
        let filter_year = row.delivery_year.unwrap_or(row.order_year);
        if (!options.categories.is_empty() && !options.categories.contains(&row.category))
            || !options.year_ok(filter_year)
        {
            report.rows_filtered += 1;
            return Ok(());
        }
        let supplier = match &self.last_supplier {
            Some((name, h)) if **name == *row.supplier => *h,
            _ => {
                let h = if row.supplier == UNKNOWN_SUPPLIER {
                    None
                } else {
                    Some(self.party(row.supplier, col::SUPPLIER, line)?)
                };
                self.last_supplier = Some((row.supplier.into(), h));
                h
            }
        };
        let recipient = match &self.last_recipient {
            Some((name, h)) if **name == *row.recipient => *h,
            _ => {
                let h = self.party(row.recipient, col::RECIPIENT, line)?;
                self.last_recipient = Some((row.recipient.into(), h));
                h
            }
        };
        if !name_matches(
            &options.suppliers,
            row.supplier,
            supplier.map(|s| &self.holders[s as usize]),
        ) || !name_matches(
            &options.recipients,
            row.recipient,
            Some(&self.holders[recipient as usize]),
        ) {
            report.rows_filtered += 1;
            return Ok(());
        }
        let slot = match &self.last_platform {
            Some((d, c, slot)) if **d == *row.designation && *c == row.category => *slot,
            _ => {
                let slot = self.platform(row.designation, row.category, line, report)?;
                self.last_platform = Some((row.designation.into(), row.category, slot));
                slot
            }
        };

        // The deal: new, or consistent with its earlier rows.
        let deal_index = match self.deal_ids.get(&row.deal) {
            Some(&d) => {
                let deal = &self.deals[d as usize];
                let mismatch = |i: usize, value: &str, what: String| {
                    Err(RowError::new(
                        line,
                        Some(SIPRI_HEADER[i]),
                        value,
                        RowProblem::DealMismatch,
                        format!("deal {} has {what} on line {}", row.deal, deal.line),
                    ))
                };
                if deal.supplier != supplier {
                    let other = deal
                        .supplier
                        .map_or(UNKNOWN_SUPPLIER, |s| self.holders[s as usize].as_str());
                    return mismatch(col::SUPPLIER, row.supplier, format!("supplier {other}"));
                }
                if deal.recipient != recipient {
                    let other = self.holders[deal.recipient as usize].as_str();
                    return mismatch(col::RECIPIENT, row.recipient, format!("recipient {other}"));
                }
                if deal.platform != slot {
                    let other = &self.platforms[deal.platform as usize].platform;
                    return mismatch(
                        col::DESIGNATION,
                        row.designation,
                        format!("designation {other}"),
                    );
                }
                if deal.category != row.category {
                    return mismatch(
                        col::CATEGORY,
                        &row.category.to_string(),
                        format!("category {}", deal.category),
                    );
                }
                if deal.order_year != row.order_year {
                    return mismatch(
                        col::ORDER_YEAR,
                        &row.order_year.to_string(),
                        format!("order date {}", deal.order_year),
                    );
                }
                if deal.condition != row.condition {
                    return mismatch(
                        col::STATUS,
                        &row.condition.to_string(),
                        format!("status {}", deal.condition),
                    );
                }
                d
            }
            None => {
                let recorded_platform = self.variant(recipient, slot);
                let mut note = String::with_capacity(160);
                note_pair(&mut note, "sipri_deal", row.deal_text);
                note_pair(&mut note, "designation", row.designation);
                note_pair(&mut note, "description", row.description);
                note_pair(
                    &mut note,
                    "order_year_estimate",
                    flag_text(row.order_year_est),
                );
                note_pair(&mut note, "tiv_unit", row.tiv_unit);
                note_pair(&mut note, "sipri_estimate", row.sipri_estimate);
                note_pair(
                    &mut note,
                    "local_production",
                    flag_text(row.local_production),
                );
                let d = self.deals.len() as u32;
                self.deals.push(Deal {
                    line,
                    deal_text: row.deal_text.into(),
                    supplier,
                    recipient,
                    platform: slot,
                    recorded_platform,
                    category: row.category,
                    order_year: row.order_year,
                    order_year_est: row.order_year_est,
                    condition: row.condition,
                    rows: 0,
                    delivered: 0,
                    any_estimate: false,
                    note,
                });
                self.deal_ids.insert(row.deal, d);
                d
            }
        };

        // The delivery, if any.
        let deal = &self.deals[deal_index as usize];
        let recorded_platform = deal.recorded_platform;
        let delivery = match (row.delivered, row.delivery_year) {
            (n, Some(year)) if n > 0 => {
                let effective = EffectiveDate::year(year).map_err(|e| {
                    RowError::new(
                        line,
                        Some(SIPRI_HEADER[col::DELIVERY_YEAR]),
                        year.to_string(),
                        RowProblem::BadYear,
                        e.to_string(),
                    )
                })?;
                let estimate = row.delivered_est == Some(true);
                let basis = if estimate {
                    Basis::Estimate
                } else {
                    Basis::Exact
                };
                let count = Count::new(n, basis).map_err(|e| {
                    RowError::new(
                        line,
                        Some(SIPRI_HEADER[col::DELIVERED]),
                        n.to_string(),
                        RowProblem::BadNumber,
                        e.to_string(),
                    )
                })?;
                let note = &mut self.scratch;
                note.clear();
                // Row-level facts only: the deal's designation, description, TIV unit value,
                // SIPRI estimate and local production are in the order's note.
                note_pair(note, "sipri_deal", row.deal_text);
                note_pair(note, "numbers_estimate", flag_text(row.delivered_est));
                note_pair(
                    note,
                    "delivery_year_estimate",
                    flag_text(row.delivery_year_est),
                );
                note_pair(note, "tiv_delivery", row.tiv_delivery);
                Some(PendingDelivery {
                    deal: deal_index,
                    line,
                    count,
                    effective,
                    estimate_grade: estimate || row.delivery_year_est == Some(true),
                    note: note.as_str().into(),
                })
            }
            _ => None,
        };

        let deal = &mut self.deals[deal_index as usize];
        // Saturating: the sum is checked against MAX_COUNT when the order is built.
        deal.rows = deal.rows.saturating_add(1);
        if let Some(pending) = delivery {
            deal.delivered = deal.delivered.saturating_add(pending.count.value());
            deal.any_estimate |= pending.count.basis() == Basis::Estimate;
            self.deliveries.push(pending);
        }
        report.rows_imported += 1;
        if self.platforms[recorded_platform as usize].catalog.is_some() {
            report.matched_rows += 1;
            if recorded_platform != self.deals[deal_index as usize].platform {
                report.variant_rows += 1;
            }
        } else {
            report.generic_rows += 1;
        }
        Ok(())
    }

    /// Appends each deal's order, then its deliveries.
    fn finish(
        mut self,
        ledger: &mut Ledger,
        recorded: Timestamp,
        report: &mut SipriReport,
    ) -> Result<(), SipriError> {
        // Stable: deliveries keep file order within a deal; deals keep first-seen order
        // (already sorted when a deal's rows are adjacent, as in SIPRI's exports).
        self.deliveries.sort_by_key(|d| d.deal);
        let mut orders = Vec::with_capacity(self.deals.len());
        for deal in &self.deals {
            orders.push(self.order_entry(deal, recorded));
        }
        if self.options.strict {
            // Check every order before the first append, so a strict failure changes nothing.
            if let Some(Err(e)) = orders.iter().find(|o| o.is_err()) {
                return Err(SipriError::Row(e.clone()));
            }
        }
        let deliveries = std::mem::take(&mut self.deliveries);
        let mut deliveries = deliveries.into_iter().peekable();
        report.deals = self.deals.len() as u64;
        for (d, order) in orders.into_iter().enumerate() {
            let deal = &self.deals[d];
            match order {
                Ok(entry) => append(ledger, entry, deal.line, self.options.strict, report, true)?,
                Err(e) => report.rejected.push(e),
            }
            while let Some(p) = deliveries.next_if(|p| p.deal as usize == d) {
                let grade = if p.estimate_grade {
                    self.estimate_grade
                } else {
                    self.grade
                };
                let source = match self.source(grade, deal, p.line) {
                    Ok(source) => source,
                    Err(e) if self.options.strict => return Err(SipriError::Row(e)),
                    Err(e) => {
                        report.rejected.push(e);
                        continue;
                    }
                };
                let entry = NewEntry::new(
                    self.holders[deal.recipient as usize].clone(),
                    self.platforms[deal.recorded_platform as usize]
                        .platform
                        .clone(),
                    p.effective,
                    Change::Delivered {
                        count: p.count,
                        into: Status::Unknown,
                        supplier: deal.supplier.map(|s| self.holders[s as usize].clone()),
                        condition: deal.condition,
                    },
                    source,
                    recorded,
                )
                .with_note(String::from(p.note));
                append(ledger, entry, p.line, self.options.strict, report, false)?;
            }
        }
        Ok(())
    }

    /// The source of an entry of `deal`, with `grade`.
    fn source(&self, grade: Grade, deal: &Deal, line: u64) -> Result<Source, RowError> {
        Source::new(Arc::clone(&self.source_citation), grade)
            .map(|s| s.with_reference(Arc::clone(&deal.deal_text)))
            .map_err(|e| {
                RowError::new(
                    line,
                    None,
                    &*self.source_citation,
                    RowProblem::Ledger,
                    e.to_string(),
                )
            })
    }

    fn order_entry(&self, deal: &Deal, recorded: Timestamp) -> Result<NewEntry, RowError> {
        let line = deal.line;
        let (count, rule) = if deal.delivered == 0 {
            (Count::at_least(1), "no_deliveries_listed")
        } else if deal.delivered > MAX_COUNT {
            return Err(RowError::new(
                line,
                Some(SIPRI_HEADER[col::DELIVERED]),
                deal.delivered.to_string(),
                RowProblem::BadNumber,
                format!(
                    "deal {}: the rows deliver more than {MAX_COUNT} in all",
                    deal.deal_text
                ),
            ));
        } else if deal.any_estimate {
            (Count::estimate(deal.delivered), "sum_of_rows")
        } else if self.options.years.is_some()
            || self.window.is_some_and(|(from, _)| deal.order_year < from)
        {
            (Count::at_least(deal.delivered), "sum_of_rows_in_window")
        } else {
            (Count::exact(deal.delivered), "sum_of_rows")
        };
        let count = count.map_err(|e| {
            RowError::new(
                line,
                Some(SIPRI_HEADER[col::DELIVERED]),
                deal.delivered.to_string(),
                RowProblem::BadNumber,
                e.to_string(),
            )
        })?;
        let effective = match EffectiveDate::year(deal.order_year) {
            Ok(e) => e,
            Err(e) => {
                return Err(RowError::new(
                    line,
                    Some(SIPRI_HEADER[col::ORDER_YEAR]),
                    deal.order_year.to_string(),
                    RowProblem::BadYear,
                    e.to_string(),
                ));
            }
        };
        let grade = if count.basis() == Basis::Estimate || deal.order_year_est == Some(true) {
            self.estimate_grade
        } else {
            self.grade
        };
        let mut note = String::with_capacity(deal.note.len() + 64);
        note.push_str(&deal.note);
        let _ = write!(
            note,
            "; rows={}; delivered_total={}; count_rule={rule}",
            deal.rows, deal.delivered
        );
        Ok(NewEntry::new(
            self.holders[deal.recipient as usize].clone(),
            self.platforms[deal.recorded_platform as usize]
                .platform
                .clone(),
            effective,
            Change::Ordered {
                count,
                supplier: deal.supplier.map(|s| self.holders[s as usize].clone()),
                condition: deal.condition,
            },
            self.source(grade, deal, line)?,
            recorded,
        )
        .with_note(note))
    }
}

fn append(
    ledger: &mut Ledger,
    entry: NewEntry,
    line: u64,
    strict: bool,
    report: &mut SipriReport,
    order: bool,
) -> Result<(), SipriError> {
    match ledger.append(entry) {
        Ok(id) => {
            report.first_entry.get_or_insert(id);
            report.entries_created += 1;
            if order {
                report.orders += 1;
            } else {
                report.deliveries += 1;
            }
            Ok(())
        }
        Err(source) if strict => Err(SipriError::Ledger { line, source }),
        Err(source) => {
            report.rejected.push(RowError::new(
                line,
                None,
                "",
                RowProblem::Ledger,
                format!("the ledger refused the entry: {source}"),
            ));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_date_and_window() {
        assert_eq!(
            parse_generated("3 Jan 2025 9:16:02 PM"),
            Some(jiff::civil::date(2025, 1, 3))
        );
        assert_eq!(parse_generated("31 Feb 2025"), None);
        assert_eq!(parse_generated("3 Ja\u{e9} 2025"), None);
        assert_eq!(
            parse_generated("3 \u{e9}\u{e9}\u{e9} 2025 9:16:02 PM"),
            None
        );
        assert_eq!(parse_generated("yesterday"), None);
        assert_eq!(
            parse_window("Deals with deliveries or orders made for year range '2000' to '2030' "),
            Some((2000, 2030))
        );
        assert_eq!(parse_window("Transfers of major conventional arms"), None);
    }

    #[test]
    fn plain_decimals() {
        for s in ["12", "12.5", ".5", "5.", "0"] {
            assert!(plain_decimal(s), "{s}");
        }
        for s in ["", ".", "1..2", "1.2.3", "-1", "1e3", "\u{e9}", "1 2"] {
            assert!(!plain_decimal(s), "{s}");
        }
    }

    #[test]
    fn notes_escape_semicolons_and_skip_empty_values() {
        let mut n = String::new();
        note_pair(&mut n, "a", "x;y");
        note_pair(&mut n, "b", "");
        note_pair(&mut n, "c", "1");
        assert_eq!(n, "a=x,y; c=1");
    }

    #[test]
    fn categories_map_to_kinds() {
        use strum::IntoEnumIterator;
        for c in SipriCategory::iter() {
            assert_eq!(c.to_string().parse::<SipriCategory>(), Ok(c));
        }
        assert_eq!(
            SipriCategory::Missiles.platform_kind(),
            PlatformKind::Missile
        );
        assert_eq!(SipriCategory::Ships.platform_kind(), PlatformKind::Generic);
    }
}
