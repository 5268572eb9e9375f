//! The Oryx loss-list importer: [`import`], [`import_files`] and [`import_dir`], their
//! [`Options`], [`Report`] (with its [`Reconciliation`] against Oryx's [`Headline`] totals)
//! and [`Error`]; rows are rejected with the [import core](crate::import)'s [`RowError`].
//!
//! It reads the event files that `scarnecchia/oryx_data` scrapes from Oryx's lists of
//! visually confirmed equipment losses in the Russian invasion of Ukraine
//! (oryxspioenkop.com): `event_destroyed.csv`, `event_captured.csv`, `event_abandoned.csv`,
//! `event_damaged.csv`, one row per listed item and status, with the columns of [`HEADER`].
//! Any one file, or all four through [`import_files`] / [`import_dir`], streamed through the
//! `csv` crate.
//!
//! **Terms.** The lists are Oryx's own publication; the data repository
//! `scarnecchia/oryx_data` states no licence (its scraper, `scarnecchia/scrape_oryx`, is MIT
//! code, which says nothing of the data). Keep this attribution with any excerpt or figure:
//! "Data: Oryx (oryxspioenkop.com), as scraped by scarnecchia/oryx_data; no licence stated:
//! check Oryx's terms before republishing."
//!
//! # The file
//!
//! A header line (exactly [`HEADER`]; a UTF-8 byte-order mark is accepted), then rows;
//! fields are trimmed, blank lines skipped, `\n` or `\r\n` line ends. A row with another
//! field count, a field that is not UTF-8, an empty required field (`country`, `system`,
//! `status`, `url`, `date_recorded`), a status Oryx does not use, a url that is not an
//! `http(s)://` address (a caption before the address, as in `KamAZ 6x6 https://...`, six
//! rows of the 2025-07-19 snapshot, is dropped: the address is the field's last word), a
//! date that is not `YYYY-MM-DD`, is before 2022-02-24 or after the
//! import's recorded day, an id field that is empty or not of the scraper's form (`sysID`,
//! `imageID`, `statusID`: digits; `matID`: digits, `-`, digits, as in `7-121`:
//! [`Problem::BadId`]), or a country the [country table](crate::import::holder) does not
//! know is a [`RowError`] naming the line, the field and the value.
//!
//! **Every row ends with a line end**, the last one included, as the scraper writes them. A
//! final row without one is taken to be cut off (a download stopped early: cut inside
//! `matID`, `7-1` would still look like an id), so it is reported as truncated even when its
//! fields look whole: [`RowProblem::Truncated`](crate::import::RowProblem::Truncated) at its
//! line (lenient) or [`Error::Row`] (strict); a header line without one is
//! [`Error::Truncated`]. An input cut exactly at a line end cannot be told from a whole file.
//! A row longer than [`MAX_LINE_BYTES`](crate::import::MAX_LINE_BYTES) (1 MiB: a file of
//! zeros, a quote never closed) stops the import with [`Error::LineTooLong`], having read no
//! more than that of it.
//!
//! # Mapping rules
//!
//! * **One loss per item.** Each item becomes one [`Change::Lost`] of
//!   [`Count::exact(1)`](Count::exact) from [`Status::Unknown`] (the lists do not say the
//!   item's condition before), in the lot of `country`'s forces (`Russia` -> `RUS`,
//!   `Ukraine` -> `UKR`), with the cause from `status`: `destroyed`, `damaged`,
//!   `abandoned` -> [`LossCause`]'s variant; `captured` -> [`LossCause::Captured`] **by
//!   the other side** (Russia <-> Ukraine; `by: None` for any other country), which
//!   credits the captor's lot of the same platform (see
//!   [`LotState::captured_in`](crate::ledger::LotState::captured_in)).
//! * **What one item is** (decided from the 2025-07-19 snapshot): rows with the same
//!   `country`, system name (after the heading count is stripped) and `url` are one item
//!   listed under several statuses: 1,344 urls carry an item both damaged and abandoned,
//!   367 damaged and captured, 55 captured and destroyed. Rows sharing a url with
//!   *different* systems are different items in one photo and each counts. (No url carries
//!   two rows of one system and one status, except five whose url had a caption: a repeated
//!   row is merged like the others.) An item takes its **most severe status**,
//!   `destroyed` > `captured` > `abandoned` > `damaged` ([`LossStatus`]'s order): damaged
//!   then abandoned counts as abandoned, damaged then captured as captured, captured then
//!   destroyed as destroyed (no one holds it any more). This puts the damaged totals
//!   within a few items of Oryx's headline (911 against 909 for Russia, 591 against 578 for
//!   Ukraine). The rule applies within one import (across the four files of
//!   [`import_files`], whatever their order) and against the Oryx losses already in the
//!   ledger: a row of an item an earlier import recorded is merged into it (the earlier
//!   status stands). Merged rows are counted in [`Report::merged_rows`] and in the entry's
//!   note (`oryx_also=damaged`).
//! * **Lots whose opening stock is unknown.** Nobody published the holdings these losses
//!   come out of, so the importer invents no baseline: before the first entry of each lot it
//!   touches (the loser's and, for a capture, the captor's) it states
//!   [`Change::OpeningUnknown`] once, effective 2022-02-24 and sourced to Oryx, unless the
//!   ledger already has one for that lot. Losses are then counted but not checked until a
//!   baseline (an [`Assessed`](Change::Assessed) entry from another source) is recorded,
//!   and counts are lower bounds.
//! * **Lots whose opening stock is known.** The ledger already knows a lot's stock on
//!   2022-02-24 when it holds no `OpeningUnknown` for it and count-moving entries of its
//!   own (not retracted) that start with a flow (the lot opens at zero before its first
//!   delivery) or include an assessment by that day. A SIPRI import leaves a lot so when
//!   its platform entered service within SIPRI's window (Ukraine's Leopard 2A6:
//!   `service_entry` 2001, 21 delivered in 2023, exact). (A lot whose entries start with a
//!   later assessment is opened unknown as before: its stock before it is unknown.) The
//!   importer states no
//!   `OpeningUnknown` there ([`Report::known_lots`] counts them): the losses come out of the
//!   stock the ledger counts and are checked against it (lenient: a loss beyond it is a
//!   rejected row, a disagreement between the sources to look at). Because a loss list is a
//!   lower bound of the true losses (visually confirmed only), such a lot's count
//!   (delivered minus confirmed losses) is then an upper bound of what is held, not a lower
//!   one: 21 delivered and 18 losses confirmed leave at most 3 (unless deliveries no
//!   source recorded came in).
//! * **Dates.** `date_recorded` is the day the scraper first listed the row; the loss
//!   happened on or before it, so it is the entry's effective date as
//!   [`EffectiveDate::on_or_before`] (`<=2022-03-19`): a valid-time view at a day counts the
//!   losses listed by that day. The rows of the first scrape (2022-03-19) cover losses from
//!   2022-02-24 on; [`Report::first_scrape_rows`] counts them. An item listed under several
//!   statuses takes its earliest date.
//! * **Recorded time: one per import, not `date_recorded`.** The ledger requires recorded
//!   times that never decrease, and the rows are not sorted by `date_recorded` within a file
//!   (3,582 rows of `event_destroyed.csv` are earlier than the row before them) while the
//!   four files interleave. Recording each loss at its `date_recorded` would mean sorting
//!   every row first, and would make the import impossible into a ledger holding anything
//!   recorded after 2022-03-19 (a SIPRI import of 2025, a journal). So every entry of one
//!   import is recorded at [`Options::recorded`], by default the end of the latest
//!   `date_recorded` read (00:00 UTC the day after), and `date_recorded` is kept as the
//!   on-or-before effective date, which is where "what had Oryx listed by then" lives. A
//!   row dated after the import's recorded day (or, by default, after today) is a
//!   [`Problem::FutureDate`] row error.
//! * **Provenance.** Every loss cites [`CITATION`] with the row's `url` as the source's
//!   [url](Source::url) (the photo or post that confirms it) and its `matID` as the
//!   [reference](Source::reference); [`Ledger::provenance`] of a lot lists them. Grade
//!   [`DEFAULT_GRADE`], `B2`: Oryx is usually reliable (every item has photographic
//!   evidence, the method is published and consistent), and an item is probably true (the
//!   identification of a type or of a status from one photo is sometimes corrected).
//!
//! # System names
//!
//! * **Heading counts.** The scraper glued Oryx's running count of the heading to the system
//!   name, so one system appears as `11 Su-30SM multirole aircraft`, `13 Su-30SM multirole
//!   aircraft` and `Su-30SM multirole aircraft`. [`system_name`] strips one leading run of
//!   ASCII digits followed by a space; a calibre (`100mm MT-12 anti-tank gun`, `152mm
//!   2A65 Msta-B`) starts with digits followed by a letter and is kept. A name that itself
//!   starts with a number and a space keeps it once its count is gone (`3 23 ItK 61 23mm` ->
//!   `23 ItK 61 23mm`); listed without a count, it would lose that number (the snapshot of
//!   2025-07-19 has no such row). A name that is only digits is a row error.
//! * **The catalog.** The name is resolved through the ledger's
//!   [`Catalog::resolve`](crate::catalog::Catalog::resolve) (ids, designations, every
//!   source's names, after [`normalize_name`](crate::catalog::normalize_name)), first whole,
//!   then by its first word (`Il-76 transport aircraft` -> `Il-76`). A name known only at
//!   family level (`Unknown T-64`) is a name of the family's node, so it resolves to the
//!   family platform, its variant unknown. SIPRI's rows for the same equipment resolve to
//!   the same platform, so deliveries and losses land in one lot.
//! * **Generic platforms.** Any other name becomes a
//!   [`GenericPlatform`](crate::ledger::GenericPlatform) with that name and the
//!   [`Category`](crate::catalog::Category) the catalog's keyword rules give it
//!   ([`Catalog::rule_for`](crate::catalog::Catalog::rule_for): `Unknown tank` -> `tank`),
//!   of that category's [default kind](crate::catalog::Category::default_kind); a name no
//!   rule matches has no category and the kind [`platform_kind`] tells from it (the event
//!   files have no section column): `transport aircraft` -> `Transport`; `aircraft` (not
//!   `anti-aircraft`) or `helicopter` -> `Aircraft`; a radar, UAV or drone -> `Generic`;
//!   `SAM`, `surface-to-air`, `TELAR`, `TLAR`, `TEL`, `launcher for S-300/S-400`, `NASAMS`,
//!   `IRIS-T`, `Strela-10`, `Osa`, `Pantsir` -> `SamSystem`; `MANPADS`, `Igla`, `Stinger` ->
//!   `Missile`; anything else `Generic`. [`Report::unresolved`] lists these names ranked by
//!   items.
//!
//! # Strictness
//!
//! Lenient by default: a bad row is reported in [`Report::counts`] and skipped. With
//! [`Options::strict`] the first bad row aborts with [`Error::Row`]. Rows are read and
//! checked first and the entries applied at the end with [`Ledger::extend`]: strict, as one
//! batch (all or none), so **the ledger is unchanged whenever a strict import returns an
//! error**; lenient, in batches, an entry the ledger refuses becoming a
//! [`RowProblem::Ledger`](crate::import::RowProblem::Ledger) row error and the others
//! appended, exactly as appending them one by one would.
//!
//! # Example
//!
//! ```
//! use materiel::import::oryx::{self, Options};
//! use materiel::{AsOf, Catalog, HolderId, Ledger, PlatformRef};
//!
//! let csv = "\
//! country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID
//! Russia,Russia,11 T-72B3 obr. 2016,damaged,https://i.postimg.cc/a/1.jpg,2022-03-19,1,1,3,7-113
//! Russia,Russia,T-72B3 obr. 2016,captured,https://i.postimg.cc/a/1.jpg,2022-04-02,1,1,2,7-112
//! Russia,Russia,T-72B3 obr. 2016,destroyed,https://i.postimg.cc/a/2.jpg,2022-05-01,1,2,1,7-121
//! ";
//! let mut ledger = Ledger::new(Catalog::reference());
//! let options = Options::new().recorded("2025-07-20T00:00:00Z".parse()?);
//! let report = oryx::import(&mut ledger, csv.as_bytes(), &options)?;
//! assert_eq!(report.counts.rows_read, 3);
//! assert_eq!(report.items, 2); // the damaged-then-captured tank is one item
//! assert_eq!(report.merged_rows, 1);
//!
//! let (rus, ukr): (HolderId, HolderId) = ("RUS".parse()?, "UKR".parse()?);
//! // The bundled catalog knows the T-72B3 obr. 2016.
//! let t72 = PlatformRef::catalog("t-72b3-obr-2016")?;
//! assert_eq!(ledger.lot(&rus, &t72, &AsOf::latest()).lost().value(), 2);
//! assert_eq!(ledger.lot(&ukr, &t72, &AsOf::latest()).captured_in().value(), 1);
//! // The photo behind each figure.
//! let urls: Vec<_> = ledger.provenance(&rus, &t72, &AsOf::latest()).entries.iter()
//!     .filter_map(|e| e.source().url().map(str::to_owned)).collect();
//! assert_eq!(urls, ["https://i.postimg.cc/a/1.jpg", "https://i.postimg.cc/a/2.jpg"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Files
//!
//! `mod.rs` (this page, the entry points, the constants), `options.rs`, `report.rs` (the
//! report, Oryx's headline totals and the reconciliation), `parse.rs` (the header, a row's
//! fields, the name rules), `problem.rs` (Oryx's own row problems, [`Problem`]), `state.rs`
//! (names resolved once, items, the appends at the end).

use std::io::Read;
use std::path::Path;

use jiff::Timestamp;

use crate::import::{LineTooLong, RowError};
use crate::ledger::{Ledger, LedgerError};
use crate::provenance::{Credibility, Grade, Reliability};
#[cfg(doc)]
use crate::{
    ledger::{Change, Count, EffectiveDate, LossCause, PlatformRef, Status},
    provenance::Source,
};

mod options;
mod parse;
mod problem;
mod report;
mod state;
mod types;

pub use options::Options;
pub use parse::{platform_kind, system_name};
pub use problem::Problem;
pub use report::{Headline, Reconciliation, ReconciliationRow, Report, StatusCount};
pub use types::{CategoryCount, TypeReconciliation, TypeRow};

use state::Import;

/// The columns of an event file's header line, in order.
pub const HEADER: [&str; 10] = [
    "country",
    "origin",
    "system",
    "status",
    "url",
    "date_recorded",
    "sysID",
    "imageID",
    "statusID",
    "matID",
];

/// The event files [`import_dir`] reads, in the order of [`LossStatus`]'s severity.
pub const EVENT_FILES: [&str; 4] = [
    "event_destroyed.csv",
    "event_captured.csv",
    "event_abandoned.csv",
    "event_damaged.csv",
];

/// The first day Oryx's lists cover, the invasion of 2022-02-24: their first scrape
/// (2022-03-19) lists every loss since then, so a chart of losses by listing day marks it
/// ([`Frame::first_listing`](crate::chart::Frame::first_listing)).
///
/// # Example
///
/// ```
/// use materiel::import::oryx::{FIRST_DAY, FIRST_SCRAPE};
///
/// // The first scrape holds 23 days of losses listed at once.
/// assert_eq!(FIRST_DAY.until(FIRST_SCRAPE)?.get_days(), 23);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const FIRST_DAY: jiff::civil::Date = jiff::civil::date(2022, 2, 24);

/// The day of Oryx's first scrape, whose rows list the losses since [`FIRST_DAY`]
/// ([`Report::first_scrape_rows`] counts them).
///
/// # Example
///
/// ```
/// use materiel::import::oryx::FIRST_SCRAPE;
///
/// assert_eq!(FIRST_SCRAPE.to_string(), "2022-03-19");
/// ```
pub const FIRST_SCRAPE: jiff::civil::Date = jiff::civil::date(2022, 3, 19);

/// The citation of every entry the importer creates.
pub const CITATION: &str = "Oryx (oryxspioenkop.com), scraped by scarnecchia/oryx_data";

/// The grade of Oryx's listed losses: `B2` (usually reliable, probably true). See the
/// [module documentation](self#mapping-rules).
pub const DEFAULT_GRADE: Grade = Grade::new(Reliability::B, Credibility::ProbablyTrue);

/// An Oryx `status`, ordered by severity: an item listed under several counts under the
/// greatest (`Damaged < Abandoned < Captured < Destroyed`).
///
/// # Example
///
/// ```
/// use materiel::import::oryx::LossStatus;
///
/// let s: LossStatus = "captured".parse()?;
/// assert!(s > LossStatus::Abandoned && s < LossStatus::Destroyed);
/// assert_eq!(s.to_string(), "captured");
/// # Ok::<(), strum::ParseError>(())
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "lowercase")]
pub enum LossStatus {
    /// `damaged`.
    Damaged,
    /// `abandoned`.
    Abandoned,
    /// `captured`.
    Captured,
    /// `destroyed`.
    Destroyed,
}

impl LossStatus {
    /// Every status, most severe first (the column order of the reconciliation).
    pub const ALL: [LossStatus; 4] = [
        LossStatus::Destroyed,
        LossStatus::Captured,
        LossStatus::Abandoned,
        LossStatus::Damaged,
    ];

    /// The position in [`LossStatus::ALL`].
    pub(crate) fn index(self) -> usize {
        match self {
            LossStatus::Destroyed => 0,
            LossStatus::Captured => 1,
            LossStatus::Abandoned => 2,
            LossStatus::Damaged => 3,
        }
    }
}

/// Why an Oryx import failed as a whole. The ledger is unchanged whenever one is returned.
///
/// # Example
///
/// ```
/// use materiel::import::oryx::{self, Error, Options};
/// use materiel::{Catalog, Ledger};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let csv = "pais,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID\n";
/// let err = oryx::import(&mut ledger, csv.as_bytes(), &Options::new()).unwrap_err();
/// assert!(matches!(err, Error::Header { column: 1, expected: "country", .. }));
/// assert!(ledger.is_empty()); // unchanged
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input could not be read.
    #[error("{what}, line {line}: {message}")]
    Io {
        /// The file, or `input` for a reader.
        what: String,
        /// The line reached (0 before the first).
        line: u64,
        /// The reader's message.
        message: String,
    },
    /// The header line is not [`HEADER`] (or the input is empty).
    #[error("{what}, line 1: header column {column} is {found:?}, expected {expected:?}")]
    Header {
        /// The file, or `input`.
        what: String,
        /// The column (1-based).
        column: usize,
        /// What the event files have there.
        expected: &'static str,
        /// What the input has (empty when missing).
        found: String,
    },
    /// The input ends inside the header line: no line end follows it, and nothing else.
    #[error(
        "{what}, line 1: the input ends inside the header line (no line end follows it), so it may be cut off"
    )]
    Truncated {
        /// The file, or `input`.
        what: String,
    },
    /// A line (or a row spanning lines) longer than
    /// [`MAX_LINE_BYTES`](crate::import::MAX_LINE_BYTES): not an event file (a file of zeros,
    /// a quote never closed). The import stops there, whatever the mode.
    #[error("{what}: {error}")]
    LineTooLong {
        /// The file, or `input`.
        what: String,
        /// The line, how much of it was read, how it starts.
        error: LineTooLong,
    },
    /// Strict mode: a row was bad.
    #[error("{what}: {error}")]
    Row {
        /// The file, or `input`.
        what: String,
        /// The row error.
        error: RowError,
    },
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
    /// Strict mode: the ledger refused an entry (lenient mode reports it as a row error).
    #[error("{what}, line {line}: the ledger refused the entry: {source}")]
    Ledger {
        /// The file, or `input`.
        what: String,
        /// The row's line (1-based).
        line: u64,
        /// The ledger's reason.
        source: LedgerError,
    },
}

/// Imports one Oryx event file read from `reader` into `ledger`, following the [mapping
/// rules](self#mapping-rules). See the [module documentation](self) for an example.
///
/// # Errors
///
/// [`Error::Io`], [`Error::Header`], [`Error::Truncated`], [`Error::LineTooLong`]: not an
/// event file; [`Error::RecordedBeforeLedger`]; in strict mode, [`Error::Row`] for the first
/// bad row and [`Error::Ledger`]. The ledger is unchanged on any error.
///
/// ```
/// use materiel::import::oryx::{self, Error, Options};
/// use materiel::{Catalog, Ledger};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let err = oryx::import(&mut ledger, "id,name\n".as_bytes(), &Options::new()).unwrap_err();
/// assert!(matches!(err, Error::Header { column: 1, .. }));
/// ```
pub fn import<R: Read>(ledger: &mut Ledger, reader: R, options: &Options) -> Result<Report, Error> {
    let mut state = Import::new(ledger, options);
    state.read("input", reader)?;
    state.finish(ledger)
}

/// Imports several event files into `ledger` as one import: the [one-item
/// rule](self#mapping-rules) sees the rows of all of them, whatever their order.
///
/// # Errors
///
/// As [`import`], naming the file; [`Error::Io`] when a file cannot be opened.
///
/// ```
/// use materiel::import::oryx::{Error, Options, import_files};
/// use materiel::{Catalog, Ledger};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let err = import_files(&mut ledger, ["no/such/file.csv"], &Options::new()).unwrap_err();
/// assert!(matches!(err, Error::Io { line: 0, .. }));
/// ```
pub fn import_files<P: AsRef<Path>>(
    ledger: &mut Ledger,
    paths: impl IntoIterator<Item = P>,
    options: &Options,
) -> Result<Report, Error> {
    let mut state = Import::new(ledger, options);
    for path in paths {
        let path = path.as_ref();
        let what = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| Error::Io {
            what: what.clone(),
            line: 0,
            message: e.to_string(),
        })?;
        state.read(&what, file)?;
    }
    state.finish(ledger)
}

/// Imports the [`EVENT_FILES`] present in `dir` (at least one must be) with
/// [`import_files`].
///
/// # Errors
///
/// [`Error::Io`] when `dir` holds none of them; otherwise as [`import_files`].
///
/// # Example
///
/// ```
/// use materiel::import::oryx::{self, EVENT_FILES, Options};
/// use materiel::{Catalog, Ledger};
///
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join(EVENT_FILES[0]), "\
/// country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID
/// Russia,Russia,T-72B3 obr. 2016,destroyed,https://i.postimg.cc/a/2.jpg,2022-05-01,1,2,1,7-121
/// ")?;
/// let mut ledger = Ledger::new(Catalog::reference());
/// let options = Options::new().recorded("2025-07-20T00:00:00Z".parse()?);
/// let report = oryx::import_dir(&mut ledger, dir.path(), &options)?;
/// assert_eq!(report.counts.rows_read, 1);
/// // A directory with none of the event files is an error.
/// let empty = tempfile::tempdir()?;
/// assert!(oryx::import_dir(&mut ledger, empty.path(), &options).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn import_dir(
    ledger: &mut Ledger,
    dir: impl AsRef<Path>,
    options: &Options,
) -> Result<Report, Error> {
    let dir = dir.as_ref();
    let paths: Vec<_> = EVENT_FILES
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| p.is_file())
        .collect();
    if paths.is_empty() {
        return Err(Error::Io {
            what: dir.display().to_string(),
            line: 0,
            message: format!("none of {} in the directory", EVENT_FILES.join(", ")),
        });
    }
    import_files(ledger, paths, options)
}
