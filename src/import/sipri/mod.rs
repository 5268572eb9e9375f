//! The SIPRI Arms Transfers export importer: [`import`] and [`import_file`], their
//! [`Options`], [`Report`] and [`Error`]; rows are rejected with the [import
//! core](crate::import)'s [`RowError`].
//!
//! It reads the CSV export of the [SIPRI Arms Transfers
//! Database](https://www.sipri.org/databases/armstransfers) ("Transfers of major conventional
//! arms", one row per deal and delivery year) from any [`std::io::Read`], streaming it with
//! the `csv` crate, and turns every row into [ledger](Ledger) entries without losing
//! what the export says about uncertainty. [`import_file`] does the same from a path.
//!
//! # The file
//!
//! Eleven preamble lines (title, conventions, a blank line, `Source: SIPRI Arms Transfers
//! Database (c) SIPRI.`, `Data generated: 3 Jan 2025 9:16:02 PM`), then the header
//! ([`HEADER`], 17 columns), then the rows. The importer checks the title (line 1),
//! the attribution (line 10), the generation date (line 11: day, month name, year and,
//! optionally, a 12-hour clock time, as in `3 Jan 2025 9:16:02 PM` or `3 January 2025`;
//! nothing else may follow) and every header column, and
//! fails on anything else with a [`Error`] naming the line (1-based, in the file). An export
//! without its `Data generated:` line (a spreadsheet may drop it when re-saving the file)
//! imports only with the edition's date given ([`Options::edition`]); its header is then
//! line 11. A
//! UTF-8 byte-order mark and CRLF line ends are accepted (a line end is `\n` or `\r\n`; a
//! lone `\r` is not one), and blank lines are skipped; fields are trimmed of surrounding
//! white space (the export writes `9M119 ` with a trailing space).
//!
//! **Every row ends with a line end**, the last one included: SIPRI's export writes one
//! after every row and has no trailer. A final row without one is taken to be cut off (a
//! download or copy stopped early; cut right after a comma, the missing fields would read as
//! empty), so it is reported as truncated, even when it has all 17 fields:
//! [`RowProblem::Truncated`](crate::import::RowProblem::Truncated) at its line, in [`Report::counts`] (lenient) or as
//! [`Error::Row`] (strict). A header line without a line end and nothing after it is
//! [`Error::Truncated`]. An input cut exactly at a line end cannot be told from a whole
//! export (there is no row count to check against).
//!
//! **Lines are bounded.** A line (or a row whose quoted field spans lines) longer than
//! [`MAX_LINE_BYTES`](crate::import::MAX_LINE_BYTES), 1 MiB, in the preamble or the rows, is
//! not an export (a file of zeros, a binary file, a quote never closed): the import stops with
//! [`Error::LineTooLong`], naming the line, having read no more than that of it.
//!
//! # Mapping rules
//!
//! * **Deliveries.** Each row with `Numbers delivered` > 0 becomes one
//!   [`Change::Delivered`] of that many units, effective in `Delivery year` (year
//!   precision), into [`Status::Unknown`] (the export says nothing of condition), from the
//!   supplier, with the row's `Status` as the [`Condition`] (`New`, `Second hand`,
//!   `Second hand but modernized`), except that **licensed production** (`Local production`:
//!   `Yes`, 19% of the 2000-2030 rows, all `New`) is [`Condition::LicensedProduction`]:
//!   built by the recipient under licence, the supplier column (the licensor) kept as the
//!   supplier. The facts keep SIPRI's `Status` and the flag as written. The count is [`Count::estimate`] when
//!   `Numbers delivered is estimate` is `Yes`, [`Count::exact`] otherwise.
//! * **One order per deal.** A deal (`SIPRI AT Database ID`) spans one row per delivery year,
//!   and the export has no "number ordered" column: the numbers refer only to deliveries in
//!   the export's year window. So each deal gets exactly one [`Change::Ordered`], effective in
//!   its `Order date` year, whose count is **at least the sum of the deal's imported rows**:
//!   always [`Basis::AtLeast`](crate::ledger::Basis::AtLeast), never exact, because the export
//!   does not state the number ordered (SIPRI's "Number ordered" is not one of its columns) and a
//!   sum of deliveries says nothing of what is still to come (Poland's K-2 deal 63491 lists 28
//!   delivered of a far larger order). Its grade is [`DEFAULT_ESTIMATE_GRADE`] when any of
//!   those rows' numbers or the order date is an estimate, [`DEFAULT_GRADE`] otherwise. The
//!   order note's `count_rule` says which sum: `sum_of_rows`, or `sum_of_rows_in_window` when the
//!   order predates the export's window (line 1, `year range '2000' to '2030'`: earlier
//!   deliveries are not listed) or a year filter is set. A deal whose rows deliver nothing
//!   (an empty or `0` `Numbers delivered`) is ordered `Count::at_least(1)?`: known to exist,
//!   size not given. So [`Ledger::pipeline`] keeps every SIPRI order listed, with
//!   [`PipelineItem::outstanding`](crate::ledger::PipelineItem::outstanding) the least number
//!   still due (`Some(0)` once the listed rows are delivered: the remainder is unknown,
//!   [`Remainder::Unknown`](crate::ledger::Remainder::Unknown), and
//!   [`Pipeline`](crate::ledger::Pipeline) counts such orders apart instead of listing them).
//!   Rows of one deal need not be adjacent; a row that contradicts an earlier row of its deal (supplier, recipient,
//!   designation, category, order date, status) is rejected.
//! * **Holders.** States map to ISO 3166-1 alpha-3 codes through a table covering every
//!   party of the 2000-2030 export (`Turkiye` -> `TUR`, `Viet Nam` -> `VNM`, `UAE` ->
//!   `ARE`; `Kosovo` -> `XKX`). SIPRI's markers: `**` is an international organisation
//!   (`NATO**` -> `nato`, `African Union**` -> `african-union`), `*` a non-state actor: armed
//!   groups, sub-state or unrecognised governments (`Houthi rebels (Yemen)*` -> `houthis`,
//!   `Libya HoR*` -> `libya-hor`); both become organisation slugs (unchanged, so a holder
//!   keeps its id across editions), and the facts keep the kind the marker gives
//!   ([`HolderKind`](crate::holder::HolderKind): `state`, `non_state_actor`,
//!   `international_organisation`, `unknown`) as `recipient_kind` and `supplier_kind`. `unknown supplier(s)`
//!   becomes `supplier: None`, never an invented holder; `unknown recipient(s)` (a holder is
//!   required) becomes the bucket organisation `unknown-recipients`. A name the table does
//!   not know is a [`RowError`] naming the line, the field and the value.
//! * **Platforms.** `Designation` is resolved through the ledger's catalog
//!   ([`Catalog::resolve`](crate::catalog::Catalog::resolve): ids, designations, aliases such as
//!   `S-300VM/SA-23 SAMS` or `Kh-31A1`). SIPRI often names a family (`Su-30MK`), and the
//!   importer records a variant only where a [`VariantRule`] says so: by deal id or by
//!   recipient and family, the user's ([`Options::variant_rule`]) before the defaults
//!   ([`default_variant_rules`]: Venezuela's `Su-30MK` are Su-30MK2, India's Su-30MKI), and
//!   only when the catalog has the variant (a rule whose target it lacks is skipped);
//!   otherwise it keeps the family (China's `Su-30MK`, which no default rule names, stay
//!   `su-30mk`). [`Ledger::family_holdings`] adds a family's lot and its variants' lots.
//!   Unmatched designations become a [`GenericPlatform`](crate::ledger::GenericPlatform)
//!   with the kind from [`Category::platform_kind`], so no row is dropped, and with the
//!   catalog [`Category`](crate::catalog::Category) of the keyword rule matching the row's
//!   `Description` (`tank`, `SSM`), else its designation, when that category falls under
//!   the row's SIPRI armament category ([`Category::sipri`](crate::catalog::Category::sipri)),
//!   else the one category under the row's SIPRI category
//!   ([`Category::sipri_default`](crate::catalog::Category::sipri_default): `Engines`,
//!   `Satellites`, `Naval weapons`, `Other`);
//!   [`Report::unresolved`] lists them ranked by units delivered.
//! * **Suppliers' stocks are not reduced.** A row records the recipient's delivery and
//!   names the supplier; it does not subtract from the supplier's holdings: the export
//!   describes transfers, not inventories, and the supplier's earlier stock (its own
//!   production, purchases before 2000) is unknown, so a subtraction would drive lots
//!   negative. Venezuela's exports to Bolivia or Ecuador appear as those recipients'
//!   deliveries with `supplier: VEN`.
//! * **Provenance.** Every entry cites `SIPRI Arms Transfers Database, data generated
//!   <YYYY-MM-DD>` with the deal id as the source's
//!   [reference](Source::reference). Grade: SIPRI is a usually reliable source (`B`:
//!   an established institute with a published, consistent method, but a secondary
//!   compilation of open sources that it revises every year); figures it does not flag are
//!   probably true (`2`), its own estimates possibly true (`3`). So [`DEFAULT_GRADE`] is `B2`
//!   and [`DEFAULT_ESTIMATE_GRADE`] `B3`, for a delivery whose number or year is flagged as an
//!   estimate and for an order whose date is or whose count is. Both are options.
//! * **Facts.** What the ledger has no field for is kept on every entry, order and
//!   delivery alike, as a [`SipriDeal`] stored as the entry's
//!   [`Facts`](crate::ledger::Facts) (tagged `sipri`; read it back with [`SipriDeal::of`]):
//!   the deal id, `Designation` as SIPRI
//!   writes it (trimmed, without the trailing ` -` of `K-2 -`), `Description`, `Armament
//!   category`, the order year and its estimate flag, `Status`, `Local production` (as
//!   `licensed`), the recipient's and supplier's kinds, `TIV deal unit` and `SIPRI estimate` ([`Tiv`]), and on a
//!   delivery its row's `TIV delivery values` and estimate flags. An empty flag is `None`.
//!   [`delivered_by_designation`] sums deliveries per recipient, SIPRI designation and
//!   year from them.
//! * **Notes.** Short and for people: an order's note says how its count was found
//!   (`rows=3; delivered_total=24; count_rule=sum_of_rows`), a delivery's names its deal
//!   (`SIPRI deal 33019`). A TIV field that is not a decimal number (with at most three
//!   decimals) cannot be typed: its text is kept in the note instead (`tiv_unit=n/a`).
//! * **Recorded time.** One transaction time for the whole import:
//!   [`Options::recorded`], by default the export's generation date at 00:00 UTC. The
//!   ledger requires non-decreasing recorded times, so an import recorded before the
//!   ledger's latest entry is refused up front.
//!
//! # The window and unknown opening stocks
//!
//! The export covers a window of years (line 1: `year range '2000' to '2030'`, kept in
//! [`Report::window`]); a year filter ([`Options::years`]) narrows it. What a recipient held
//! before the first year covered is not in the export, so the import states it for each lot
//! it writes into (a deal's recipient and recorded platform): one
//! [`Change::OpeningUnknown`], effective in that first year, citing the edition (no deal as
//! reference), its note naming the window (`window=2000-2030; first_year=2000`). Such a
//! lot's counts are lower bounds ([`LotState::baseline_known`](crate::ledger::LotState::baseline_known)
//! is false; [`Ledger::bounds`](crate::ledger::Ledger::bounds) gives no upper limit) until a
//! baseline closes it: an assessment, or a claim of the count held with an upper limit
//! ([`Change::Claimed`], such as a row of a [baseline table](crate::import::baseline)).
//!
//! **Known zero.** A lot opens at zero, and gets no such entry, when nobody can have held
//! its platform before the first year covered: its catalog platform has a
//! [`service_entry`](crate::catalog::Platform::service_entry) (a sourced year of service
//! entry or first delivery) in or after that year. Venezuela's Su-30MK2 (first delivered,
//! to China, in 2004) and Igla-S (service entry 2004) open at zero in the 2000-2030 export;
//! a generic platform, a family node, or a platform without a sourced year never do.
//!
//! A lot that already holds an `OpeningUnknown` entry, live or retracted (an analyst's
//! retraction stands), gets none; so a second edition appends none, and an export without
//! a stated window (a range of years 1900-2100, first to last: a garbled one is none) and
//! without a year filter appends none. [`Report::openings`] counts them.
//!
//! # Editions
//!
//! SIPRI republishes its database every year and revises past deals. An edition is
//! identified by its `Data generated:` date (two exports generated the same day are one
//! edition); its entries cite it (`SIPRI Arms Transfers Database, data generated
//! 2025-01-03`) and name their deal as the source's reference. Importing a newer edition
//! into a ledger that holds an older one finds the older one's live entries in one pass
//! over the ledger (grouped by deal id: O(entries), not deals x entries) and, per deal:
//! unchanged (the same entries but for the recorded time and citation) appends nothing; a
//! changed deal's new entries are appended and its earlier ones retracted; a deal no longer
//! listed is retracted (only without filters: a filtered import cannot tell a withdrawn deal
//! from one filtered out); a new deal is appended. All at the new edition's recorded time,
//! so [`AsOf::known_at`](crate::ledger::AsOf::known_at) the first edition still shows what it
//! said. [`Report::edition`] lists the deals added, changed (field by field) and withdrawn
//! ([`EditionDiff`]). The same edition imported twice appends nothing; an older edition
//! after a newer one is [`Error::OlderEdition`]. Deals are compared on their entries' typed
//! facts and notes too: entries written by a version before typed facts (facts in the notes)
//! compare as changed, so the first newer edition imported into such a ledger re-records
//! every deal once (retracting the old entries), and later ones compare as usual.
//!
//! # Strictness
//!
//! By default the import is lenient: a bad row is reported in [`Report::counts`] (line,
//! field, value, reason) and skipped; the rest is imported. With
//! [`Options::mode`] set to [`Mode::Strict`](crate::import::Mode::Strict) (or [`Options::strict`]) the first bad row aborts the import with [`Error::Row`].
//! Either way **the ledger is unchanged when the import returns an error**: entries are
//! built while reading (an edition's retractions too) and applied once the whole file has
//! been read, with [`Ledger::extend`]. Strict, they are one batch, all or nothing: if the
//! ledger refuses one (which the importer's own checks of counts, years, platforms and
//! recorded time leave to a ledger that already holds other entries, say a loss that a
//! retraction would leave uncovered), the import returns [`Error::Ledger`] naming its row's
//! line (0 for the retraction of a withdrawn deal, which has no row) and nothing is
//! appended. Lenient, an entry the ledger refuses becomes a
//! [`RowProblem::Ledger`](crate::import::RowProblem::Ledger) row error and the others are
//! appended, exactly as appending them one by one would.
//!
//!
//! # Example
//!
//! ```
//! use materiel::import::sipri::{self, Options};
//! use materiel::{AsOf, Catalog, HolderId, Ledger, PlatformRef};
//!
//! let csv = "\
//! Transfers of major conventional arms from All countries  to All countries . Deals with deliveries or orders made for year range '2000' to '2030'
//! A '?' in a column indicates uncertain data.
//! An empty field for 'Number ordered' indicates that data is not yet available.
//! SIPRI trend-indicator values (TIVs) are in millions.
//! An empty field for 'SIPRI TIV for total order' indicates that data is not available.
//! A '0' for 'SIPRI TIV of delivered weapons' indicates a volume between 0 and 0.5 million.
//! Figures may not add up to stated totals due to the conventions of rounding.
//! See <https://www.sipri.org/databases/armstransfers/sources-and-methods>.
//!
//! Source: SIPRI Arms Transfers Database (c) SIPRI.
//! Data generated: 3 Jan 2025 9:16:02 PM
//! SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production
//! 33019,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2006,No,4,No,2006,No,New,55,55,220,No
//! 33019,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2006,No,8,No,2008,No,New,55,55,440,No
//! 33019,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2006,No,12,No,2007,No,New,55,55,660,No
//! 56510,Austria,Venezuela,DA-40,light aircraft,Aircraft,2014,No,3,Yes,2014,No,New,0.15,0.15,0.45,No
//! ";
//! let mut ledger = Ledger::new(Catalog::reference());
//! let report = sipri::import(&mut ledger, csv.as_bytes(), &Options::new())?;
//! assert_eq!(report.counts.rows_read, 4);
//! assert_eq!(report.deals, 2);
//! // 2 orders, 4 deliveries, and the DA-40 lot's unknown opening: the export lists nothing
//! // before 2000, and the catalog does not rule out an earlier DA-40 (the Su-30MK2 was
//! // first delivered in 2004, so Venezuela's open at zero).
//! assert_eq!(report.counts.entries_created, 7);
//! assert_eq!(report.openings, 1);
//! assert!(report.counts.rejected.is_empty());
//!
//! let ven: HolderId = "VEN".parse()?;
//! let su30 = PlatformRef::catalog("su-30mk2")?; // per VARIANT_RULES
//! let end_2007 = AsOf::valid(jiff::civil::date(2007, 12, 31));
//! assert_eq!(ledger.lot(&ven, &su30, &end_2007).in_service().value(), 16);
//! // At least 24 ordered: at least 8 still to come at the end of 2007; the remainder is
//! // unknown once the 24 are delivered (the export has no "number ordered").
//! let pipeline = ledger.pipeline(&ven, &end_2007);
//! assert_eq!(pipeline[0].outstanding, Some(8));
//! assert_eq!(pipeline[0].outstanding_basis, materiel::ledger::Basis::AtLeast);
//! let later = ledger.pipeline(&ven, &AsOf::latest());
//! assert_eq!(later[0].outstanding, Some(0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Files
//!
//! `mod.rs` (this page, the entry points, the public constants), `options.rs`, `report.rs`,
//! `parse.rs` (preamble, header and rows as text, no mapping), `deals.rs` (the terms a deal's
//! rows share and their check, the order's count rule, pending deliveries), `state.rs` (names
//! resolved once, the row flow, the appends at the end), `edition.rs` (editions and their
//! diff), `facts.rs` (the fact schema, [`SipriDeal`] and [`Tiv`]), `problem.rs` (SIPRI's own
//! row problems, [`Problem`]), `query.rs` ([`delivered_by_designation`]), `variants.rs`
//! ([`VariantRule`]).

use std::io::{BufReader, Read};
use std::path::Path;

use jiff::Timestamp;

use crate::catalog::PlatformKind;
use crate::error::ParseError;
use crate::holder::HolderId;
use crate::import::{LineTooLong, Refused, RowError, check_recorded, countries};
use crate::ledger::{Ledger, LedgerError};
use crate::provenance::{Credibility, Grade, Reliability};
#[cfg(doc)]
use crate::{
    ledger::{Change, Condition, Count, PlatformRef, Status},
    provenance::Source,
};

mod coverage;
mod deals;
mod edition;
mod facts;
mod options;
mod parse;
mod problem;
mod query;
mod report;
mod state;
mod tiv;
mod variants;
mod window;

pub use coverage::{Coverage, coverage};
pub use edition::{DealRevision, EditionDiff, FieldRevision};
pub use facts::{SipriDeal, Tiv};
pub use options::Options;
pub use problem::Problem;
pub use query::{DesignationYear, delivered_by_designation};
pub use report::Report;
pub use tiv::{TivError, TivRow, delivery_tiv, group_deliveries};
pub use variants::{VariantRule, default_variant_rules};

use parse::{PREAMBLE_LINES, Records, UNKNOWN_SUPPLIER};
use state::Import;

/// The columns of the export's header line, in order.
pub const HEADER: [&str; 17] = [
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

/// The grade of SIPRI figures it does not flag as estimates: `B2` (usually reliable,
/// probably true). See the [module documentation](self#mapping-rules).
pub const DEFAULT_GRADE: Grade = Grade::new(Reliability::B, Credibility::ProbablyTrue);

/// The grade of SIPRI's own estimates: `B3` (usually reliable, possibly true).
pub const DEFAULT_ESTIMATE_GRADE: Grade = Grade::new(Reliability::B, Credibility::PossiblyTrue);

/// Where a SIPRI designation names a family, the variant a recipient actually received:
/// `(recipient ISO code, family id, variant id)`. Applied only when the catalog holds the
/// variant and the designation resolved to that family. The import applies them as
/// [`VariantRule`]s ([`default_variant_rules`]), after the user's
/// ([`Options::variant_rule`]).
///
/// * `(VEN, su-30mk, su-30mk2)`: Venezuela's 24 Su-30 (ordered 2006) are Su-30MK2
///   (platforms.md; Flightglobal and AIN delivery reports).
/// * `(IND, su-30mk, su-30mki)`: India's Su-30 are Su-30MKI: 272 were contracted in
///   batches, 222 of them assembled by HAL at Nasik, and HAL completed the supply of all 272
///   Su-30MKI to the Indian Air Force
///   (<https://www.thekhybermail.com/india-and-russia-eye-partnership-for-exporting-su-30-flankers-to-allies/>);
///   the 50 bought fully built as Su-30MK in the late 1990s "were later upgraded to the MKI
///   configuration", and the 272 include them
///   (<http://www.indiandefensenews.in/2019/02/pak-scan-delhi-approaches-moscow-for.html>).
///   SIPRI's own rows say only `Su-30MK`, `FGA aircraft` (deals 24396, 28335, 26695, 39233,
///   39472 and 51356); their deliveries in the 2000-2030 export sum to 272.
pub const VARIANT_RULES: &[(&str, &str, &str)] = &[
    ("VEN", "su-30mk", "su-30mk2"),
    ("IND", "su-30mk", "su-30mki"),
];

/// SIPRI's `Armament category`.
///
/// # Example
///
/// ```
/// use materiel::import::sipri::Category;
/// use materiel::PlatformKind;
///
/// let c: Category = "Air defence systems".parse()?;
/// assert_eq!(c, Category::AirDefenceSystems);
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
pub enum Category {
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

/// The error of [`Category`]'s `FromStr`: the text is not one of the export's categories.
fn unknown_category(text: &str) -> ParseError {
    ParseError::name("SIPRI category", text)
}

impl Category {
    /// The platform kind of uncatalogued equipment of this category: `Aircraft` ->
    /// [`PlatformKind::Aircraft`], `Air defence systems` -> [`PlatformKind::SamSystem`],
    /// `Missiles` -> [`PlatformKind::Missile`], everything else [`PlatformKind::Generic`].
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::PlatformKind;
    /// use materiel::import::sipri::Category;
    /// assert_eq!("Missiles".parse::<Category>()?.platform_kind(), PlatformKind::Missile);
    /// assert_eq!(Category::Ships.platform_kind(), PlatformKind::Generic);
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn platform_kind(self) -> PlatformKind {
        match self {
            Category::Aircraft => PlatformKind::Aircraft,
            Category::AirDefenceSystems => PlatformKind::SamSystem,
            Category::Missiles => PlatformKind::Missile,
            _ => PlatformKind::Generic,
        }
    }
}

/// Why a SIPRI import failed.
///
/// # Example
///
/// ```
/// use materiel::import::sipri::{self, Error, Options};
/// use materiel::{Catalog, Ledger};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// // Not a SIPRI export: its first line is not SIPRI's preamble.
/// let err = sipri::import(&mut ledger, "Deal ID,Recipient\n".as_bytes(), &Options::new()).unwrap_err();
/// assert!(matches!(err, Error::Preamble { line: 1, .. }));
/// assert!(err.to_string().starts_with("line 1: expected the SIPRI preamble"));
/// assert!(ledger.is_empty()); // unchanged
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
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
    /// and nothing after it (see [the module documentation](self#the-file)).
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
    /// The export's `Data generated:` date is not the edition the caller gave
    /// ([`Options::edition`]).
    #[error(
        "line {line}: the export says it was generated on {file}, but the edition given is {given}; nothing imported"
    )]
    EditionMismatch {
        /// The line (1-based) of `Data generated:`.
        line: u64,
        /// The date the export states.
        file: jiff::civil::Date,
        /// The date given with [`Options::edition`].
        given: jiff::civil::Date,
    },
    /// A header column differs from [`HEADER`].
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
    /// A line (or a row spanning lines) longer than
    /// [`MAX_LINE_BYTES`](crate::import::MAX_LINE_BYTES): not an export (a file of zeros, a
    /// quote never closed). The import stops there, whatever the mode.
    #[error("{0}")]
    LineTooLong(LineTooLong),
    /// Strict mode: a row was bad.
    #[error("{0}")]
    Row(RowError),
    /// The import's recorded time is earlier than the ledger's latest entry.
    #[error(
        "the import would be recorded at {recorded}, before the ledger's latest entry ({latest}); pass a later Options::recorded"
    )]
    RecordedBeforeLedger {
        /// The import's recorded time.
        recorded: Timestamp,
        /// The ledger's latest recorded time.
        latest: Timestamp,
    },
    /// The ledger already holds a later edition of the export: editions are imported
    /// oldest first (a newer one supersedes an older one, never the reverse).
    #[error(
        "this export was generated on {edition}, but the ledger already holds the SIPRI edition generated on {latest}; import editions oldest first"
    )]
    OlderEdition {
        /// This export's generation date.
        edition: jiff::civil::Date,
        /// The latest edition the ledger holds.
        latest: jiff::civil::Date,
    },
    /// Strict mode: the ledger refused an entry (lenient mode reports it as a row error);
    /// nothing of the import was appended.
    #[error("line {line}: the ledger refused the entry: {source}")]
    Ledger {
        /// The row's line (1-based).
        line: u64,
        /// The ledger's reason.
        source: LedgerError,
    },
}

/// The holder a SIPRI supplier or recipient name maps to, as the importer maps it:
/// `Venezuela` is `VEN`, `Turkiye` is `TUR`, `African Union**` is the organisation
/// `african-union`. `None` for `unknown supplier(s)` (the importer records no supplier) and
/// for names the export does not use. Names are matched exactly, as SIPRI spells them: [`import::holder`](crate::import::holder) also takes
/// common names and ISO codes.
///
/// # Example
///
/// ```
/// use materiel::import::sipri::holder;
///
/// assert_eq!(holder("Venezuela").map(|h| h.to_string()), Some("VEN".into()));
/// assert_eq!(holder("Viet Nam").map(|h| h.to_string()), Some("VNM".into()));
/// assert!(holder("unknown supplier(s)").is_none());
/// assert!(holder("Atlantis").is_none());
/// ```
pub fn holder(name: &str) -> Option<HolderId> {
    if name == UNKNOWN_SUPPLIER {
        return None;
    }
    countries::holder_for(name)
}

/// Imports a SIPRI Arms Transfers export from `path` into `ledger`. See
/// [`import`].
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be opened, else as [`import`].
///
/// # Example
///
/// ```
/// use materiel::import::sipri::{Error, Options, import_file};
/// use materiel::{Catalog, Ledger};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let err = import_file(&mut ledger, "no/such/file.csv", &Options::new()).unwrap_err();
/// assert!(matches!(err, Error::Io { line: 0, .. }));
/// ```
pub fn import_file(
    ledger: &mut Ledger,
    path: impl AsRef<Path>,
    options: &Options,
) -> Result<Report, Error> {
    let path = path.as_ref();
    let file = std::fs::File::open(path).map_err(|e| Error::Io {
        what: path.display().to_string(),
        line: 0,
        message: e.to_string(),
    })?;
    import(ledger, file, options).map_err(|e| match e {
        Error::Io { line, message, .. } => Error::Io {
            what: path.display().to_string(),
            line,
            message,
        },
        e => e,
    })
}

/// Imports a SIPRI Arms Transfers export read from `reader` into `ledger`, following the
/// [mapping rules](self#mapping-rules), and reports what it did. [`import_file`] does the
/// same from a path. The [module documentation](self) describes the file, the mapping and
/// what strict and lenient imports leave in the ledger, with an example.
///
/// # Errors
///
/// * [`Error::Io`], [`Error::Truncated`], [`Error::Preamble`],
///   [`Error::GeneratedDate`], [`Error::Header`], [`Error::LineTooLong`]: not a SIPRI export
///   (the error names the line).
/// * [`Error::EditionMismatch`]: the export names another edition than
///   [`Options::edition`].
/// * [`Error::RecordedBeforeLedger`]: the ledger already has later entries.
/// * In strict mode, [`Error::Row`] for the first bad row and
///   [`Error::Ledger`] if the ledger refuses an entry.
///
///
/// # Example
///
/// ```
/// use materiel::import::sipri::{self, Error, Options};
/// use materiel::{Catalog, Ledger};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let err = sipri::import(&mut ledger, "id,name\n".as_bytes(), &Options::new()).unwrap_err();
/// assert!(matches!(err, Error::Preamble { line: 1, .. }));
/// assert!(ledger.is_empty());
/// ```
pub fn import<R: Read>(ledger: &mut Ledger, reader: R, options: &Options) -> Result<Report, Error> {
    let mut input = BufReader::with_capacity(64 * 1024, reader);
    let mut preamble = parse::read_preamble(&mut input, options.edition)?;
    let prior = edition::Prior::find(ledger);
    if let Some(prior) = &prior
        && preamble.generated_date < prior.latest
    {
        return Err(Error::OlderEdition {
            edition: preamble.generated_date,
            latest: prior.latest,
        });
    }
    let recorded = match options.recorded {
        Some(t) => t,
        None => jiff::tz::Offset::UTC
            .to_timestamp(
                preamble
                    .generated_date
                    .to_datetime(jiff::civil::Time::midnight()),
            )
            .map_err(|_| Error::GeneratedDate {
                line: PREAMBLE_LINES,
                value: preamble.generated.clone(),
            })?,
    };
    check_recorded(ledger, recorded).map_err(|e| Error::RecordedBeforeLedger {
        recorded: e.recorded,
        latest: e.latest,
    })?;
    let pending = std::mem::take(&mut preamble.pending);
    let mut records = Records::new(std::io::Cursor::new(pending).chain(input), preamble.lines)?;

    let citation = edition::citation(preamble.generated_date);
    let mut state = Import::new(ledger, options, &citation, preamble.window);
    let mut report = Report::new(
        preamble.generated,
        preamble.generated_date,
        citation,
        preamble.window,
        recorded,
    );
    while let Some((line, record)) = records.next_row()? {
        report.counts.rows_read += 1;
        if let Err(e) = record.and_then(|record| state.row(record, line, &mut report)) {
            report.counts.reject(options.mode, e).map_err(Error::Row)?;
        }
    }
    state.finish(ledger, recorded, prior, &mut report)?;
    Ok(report)
}

/// A strict import stopped by the ledger.
fn refused<T>(r: Refused<T>) -> Error {
    Error::Ledger {
        line: r.line,
        source: r.source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_map_to_kinds() {
        use strum::IntoEnumIterator;
        for c in Category::iter() {
            assert_eq!(c.to_string().parse::<Category>(), Ok(c));
        }
        assert_eq!(Category::Missiles.platform_kind(), PlatformKind::Missile);
        assert_eq!(Category::Ships.platform_kind(), PlatformKind::Generic);
    }
}
