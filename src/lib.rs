//! # materiel
//!
//! Track who holds what military equipment, in what condition, as of when, and on whose word.
//!
//! Arms-control and OSINT analysts, researchers, journalists and simulation developers keep
//! inventories from SIPRI exports, Military Balance tables, Oryx loss lists and news reports.
//! `materiel` gives them three things from Rust code:
//!
//! * a **typed catalog** of platform models ([`Catalog`], [`Platform`]) whose capability
//!   figures are [`uom`] quantities ([`Length`](units::Length), [`Mass`](units::Mass),
//!   [`Velocity`](units::Velocity)), never bare floats, checked when built, and written as
//!   text with units (`"400 km"`, `"50 t"`);
//! * an **operational-status ledger** ([`Ledger`]): an append-only, bitemporal record of
//!   deliveries, status changes, losses, transfers and procurement steps, each with its
//!   [`Source`] and Admiralty [`Grade`], answering "what did holder X hold, in which status, on
//!   date D, as known on date R";
//! * **importers and persistence**: the SIPRI Arms Transfers export in
//!   ([`import::sipri::import`]), a crash-safe, checksummed journal out ([`Journal`]),
//!   and whole-ledger snapshots.
//!
//! # Modules
//!
//! The root re-exports the types nearly every user touches; everything else lives in its
//! module. Lower modules never import higher ones:
//!
//! * [`units`], [`provenance`] and [`holder`]: quantities with units, sources and grades,
//!   holders. They depend on nothing else in the crate.
//! * [`catalog`]: platform models and their typed figures, built on the three above.
//! * [`ledger`]: the bitemporal ledger of entries about catalog platforms, and its queries.
//! * [`codec`]: how an entry is written as bytes, the same in every store: checksummed entry
//!   lines of a versioned wire form.
//! * [`store`]: the seam every store implements ([`LedgerStore`](store::LedgerStore): the
//!   journal, the PostgreSQL store, [`MemoryStore`](store::MemoryStore)), any store behind
//!   one type ([`DynStore`](store::DynStore)), copies between stores, atomic file writes.
//! * [`journal`] and [`import`]: files in and out of a ledger (the journal, its checkpoints
//!   and snapshots; the [SIPRI](import::sipri) and [Oryx](import::oryx) importers).
//! * [`export`]: CSV and JSON Lines tables of entries, holdings, timelines and pipelines, with
//!   documented, stable columns.
//! * `postgres` (cargo feature `postgres`): `PgStore`, a ledger shared by many writers in a
//!   PostgreSQL database, with the journal's invariants and wire form; its failures are
//!   `PgError`s.
//!
//! Each module's errors live with it: [`ParseError`] for text,
//! [`CatalogError`](catalog::CatalogError), [`LedgerError`] and
//! [`BatchError`](ledger::BatchError), [`CodecError`](codec::CodecError),
//! [`StoreError`](store::StoreError) and [`CopyError`](store::CopyError),
//! [`JournalError`](journal::JournalError) and
//! [`SnapshotError`](journal::SnapshotError), the importers' `Error` and
//! [`RowError`](import::RowError), [`ExportError`](export::ExportError).
//!
//! # A first ledger
//!
//! ```
//! use jiff::civil::date;
//! use materiel::{
//!     AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status,
//! };
//!
//! let mut ledger = Ledger::new(Catalog::reference());
//! let ven: materiel::HolderId = "VEN".parse()?;
//! let su30 = PlatformRef::catalog("su-30mk2")?;
//! let sipri = Source::new("SIPRI Arms Transfers Database", "A2".parse()?)?;
//!
//! // SIPRI: 24 delivered 2006-2008 (year precision), condition not reported.
//! for (year, n) in [(2006, 4), (2007, 12), (2008, 8)] {
//!     ledger.append(NewEntry::new(
//!         ven.clone(),
//!         su30.clone(),
//!         EffectiveDate::year(year)?,
//!         Change::Delivered {
//!             count: Count::exact(n)?,
//!             into: Status::Unknown,
//!             supplier: Some("RUS".parse()?),
//!             condition: Default::default(),
//!         },
//!         sipri.clone(),
//!         "2025-03-10T00:00:00Z".parse()?,
//!     ))?;
//! }
//!
//! let end_2007 = ledger.lot(&ven, &su30, &AsOf::valid(date(2007, 12, 31)));
//! assert_eq!(end_2007.in_service(), Count::exact(16)?);
//! assert_eq!(end_2007.count(Status::Unknown).value(), 16);
//! // Readiness is unknown: no unit has a known status, so only bounds can be given.
//! let r = ledger.readiness(&ven, &su30, &AsOf::latest());
//! assert_eq!((r.rate(), r.lower(), r.upper()), (None, Some(0.0), Some(1.0)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Two kinds of time
//!
//! Every entry has an **effective** date (valid time: when the change was true in the world)
//! and a **recorded** timestamp (transaction time: when the ledger learned it).
//!
//! * Effective dates have a precision ([`EffectiveDate`]): SIPRI gives years, news reports
//!   give days. A change is taken to be in effect **from the first day of its period**, so a
//!   delivery dated `2013` counts in holdings from 2013-01-01. Entries are ordered by
//!   effective date (coarser first on the same first day), then by append order.
//! * Loss lists date a loss by the day it was first listed: it happened **on or before** it.
//!   Such a date (`<=2022-03-19`, [`EffectiveDate::on_or_before`]) has no known first day, so
//!   the ledger counts it from the day it was known by: "as of D" includes it once D is that
//!   day or later, and it sorts after the entries dated by year, month or that exact day.
//! * Recorded times never go backwards: an append recorded before the latest entry is
//!   rejected ([`LedgerError::RecordedOutOfOrder`]). So "as known at R" is always a prefix of
//!   the appends, minus the retractions recorded by R.
//!
//! A query reads an [`AsOf`]: the valid date (default: after every entry), the transaction
//! time (default: everything recorded) and an optional minimum grade.
//!
//! ## Back-dated entries are validated against the future
//!
//! A late report can add an entry years before existing ones. The ledger checks the whole lot
//! after it: no status count may be negative at **any** valid date. A loss back-dated before
//! the delivery it depends on is rejected, naming the first date where a count would go
//! negative, and the ledger is left exactly as it was. Retractions are checked the same way
//! (withdrawing a delivery that a later loss relies on is rejected). The one exception is a
//! lot whose opening stock is unknown, before its baseline (see
//! [below](#lots-whose-opening-stock-is-unknown)).
//!
//! Counts are states **at dates**: the count on date D is the count after every entry in
//! effect from D or earlier, applied in the usual order. Entries that take effect on the same
//! first day (`2013`, `2013-01`, `2013-01-01`) are checked together, at the end of that day;
//! the values between two of them are not states at any date and may be negative. So a loss
//! dated `2013` may use a delivery dated `2013-01`, although the loss sorts first. The error
//! names the first date whose count would be negative by the effective date of that day's
//! last entry that changes a count, and gives the count at the end of that day.
//!
//! ```
//! # use materiel::*;
//! # use materiel::ledger::{Condition, LossCause};
//! # let mut ledger = Ledger::new(Catalog::reference());
//! # let (ven, su30) = ("VEN".parse::<HolderId>()?, PlatformRef::catalog("su-30mk2")?);
//! # let src = Source::new("report", "B2".parse()?)?;
//! let deliver = |year| NewEntry::new(ven.clone(), su30.clone(), EffectiveDate::year(year).unwrap(),
//!     Change::Delivered { count: Count::exact(2).unwrap(), into: Status::Operational, supplier: None, condition: Condition::New },
//!     src.clone(), "2025-01-01T00:00:00Z".parse().unwrap());
//! ledger.append(deliver(2010))?;
//! let lose = |day: EffectiveDate, n| NewEntry::new(ven.clone(), su30.clone(), day,
//!     Change::Lost { count: Count::exact(n).unwrap(), from: Status::Operational, cause: LossCause::Destroyed },
//!     src.clone(), "2025-01-02T00:00:00Z".parse().unwrap());
//! ledger.append(lose(EffectiveDate::day(2015, 9, 17)?, 2))?;
//! // A third loss in 2012 would leave -1 after the 2015 losses.
//! let err = ledger.append(lose(EffectiveDate::day(2012, 1, 5)?, 1)).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "entry would make operational su-30mk2 of VEN negative (-1) from 2015-09-17"
//! );
//! assert_eq!(ledger.len(), 2);
//!
//! // A stored unit lost in 2013 may come from a delivery dated 2013-01: both are in effect
//! // from 2013-01-01, and the stored count is never negative at the end of a day.
//! let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change,
//!     src.clone(), "2025-01-03T00:00:00Z".parse().unwrap());
//! ledger.append(at(EffectiveDate::month(2013, 1)?,
//!     Change::Delivered { count: Count::exact(1)?, into: Status::Stored, supplier: None, condition: Condition::New }))?;
//! ledger.append(at(EffectiveDate::year(2013)?,
//!     Change::Lost { count: Count::exact(1)?, from: Status::Stored, cause: LossCause::Destroyed }))?;
//! let mid_2013 = ledger.lot(&ven, &su30, &AsOf::valid(jiff::civil::date(2013, 6, 1)));
//! assert_eq!(mid_2013.count(Status::Stored).value(), 0);
//! assert_eq!(mid_2013.lost().value(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Lots whose opening stock is unknown
//!
//! A lot's *opening stock* (what it held before its first entry) is zero unless a
//! [`Change::OpeningUnknown`] entry says it was never published. In such an *open* lot, until
//! its first assessment in valid-time order (its *baseline*), removals are counted but not
//! checked, and each status count is a lower bound ([`Basis::AtLeast`](ledger::Basis)): the
//! recorded flows plus the least opening stock the lot's removals, at any date, imply. From the
//! baseline on, counts are absolute and checked as in any lot.
//!
//! [`LotState::baseline_known`](ledger::LotState::baseline_known) tells the two apart, and the
//! least opening stock is part of the [`adjustment`](ledger::LotState::adjustment). This is how
//! loss lists such as Oryx's are taken in without inventing holdings nobody published, and
//! how an import that covers a window of years says it (SIPRI's 2000-2030 export opens each
//! lot it writes into, unless the catalog's service entry of its platform is in the window:
//! [`import::sipri`](crate::import::sipri#the-window-and-unknown-opening-stocks)).
//! [`Ledger::bounds`](ledger::Ledger::bounds) gives such a lot no upper limit until a
//! baseline: an assessment, or a claim of the same quantity with an upper limit, such as a row
//! of a user's [baseline table](crate::import::baseline).
//!
//! ```
//! # use materiel::*;
//! # use materiel::ledger::{Basis, LossCause};
//! # let mut ledger = Ledger::new(Catalog::reference());
//! # let (rus, su30) = ("RUS".parse::<HolderId>()?, PlatformRef::catalog("su-30mk2")?);
//! # let oryx = Source::new("Oryx", "B2".parse()?)?;
//! let at = |eff: &str, change, rec: &str| NewEntry::new(rus.clone(), su30.clone(),
//!     eff.parse().unwrap(), change, oryx.clone(), rec.parse().unwrap());
//! let loss = |n| Change::Lost { count: Count::exact(n).unwrap(), from: Status::Unknown, cause: LossCause::Destroyed };
//! ledger.append(at("2022-02-24", Change::OpeningUnknown, "2025-01-01T00:00:00Z"))?;
//! ledger.append(at("2022-03-19", loss(2), "2025-01-01T00:00:00Z"))?;
//! let lot = ledger.lot(&rus, &su30, &AsOf::valid(jiff::civil::date(2022, 1, 1)));
//! assert!(!lot.baseline_known());
//! assert_eq!(lot.in_service(), Count::at_least(2)?); // the two lost later were held
//!
//! // A baseline (an assessment, say a Military Balance figure) makes counts absolute again.
//! ledger.append(at("2023", Change::Assessed { breakdown: vec![(Status::Unknown, Count::exact(10)?)] },
//!     "2025-01-02T00:00:00Z"))?;
//! ledger.append(at("2023-06-01", loss(3), "2025-01-02T00:00:00Z"))?;
//! let now = ledger.lot(&rus, &su30, &AsOf::latest());
//! assert!(now.baseline_known());
//! assert_eq!(now.in_service(), Count::exact(7)?);
//! assert!(ledger.append(at("2023-07-01", loss(8), "2025-01-03T00:00:00Z")).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Corrections are retractions
//!
//! Nothing is ever erased. A wrong entry is withdrawn by a later `Retracted` entry
//! ([`Ledger::retract`]); queries as known before the retraction still see it, queries as
//! known after it do not. That is what lets an analyst answer "what did we believe on R?".
//!
//! ```
//! # use materiel::*;
//! # use jiff::Timestamp;
//! # let mut ledger = Ledger::new(Catalog::reference());
//! # let (ven, su30) = ("VEN".parse::<HolderId>()?, PlatformRef::catalog("su-30mk2")?);
//! let t1: Timestamp = "2025-11-03T12:00:00Z".parse()?;
//! let t2: Timestamp = "2025-11-04T08:00:00Z".parse()?;
//! let wrong = ledger.append(NewEntry::new(
//!     ven.clone(), su30.clone(), EffectiveDate::day(2025, 10, 31)?,
//!     Change::Assessed { breakdown: vec![(Status::Operational, Count::exact(24)?)] },
//!     Source::new("news report", "C3".parse()?)?, t1,
//! ))?;
//! ledger.retract(wrong, Source::new("analyst correction", "B2".parse()?)?, t2,
//!     Some("status was keyed as operational in error".into()))?;
//!
//! let before = ledger.lot(&ven, &su30, &AsOf::latest().known_at(t1));
//! let after = ledger.lot(&ven, &su30, &AsOf::latest());
//! assert_eq!(before.count(Status::Operational).value(), 24);
//! assert_eq!(after.count(Status::Operational).value(), 0);
//! assert_eq!(ledger.retracted_by(wrong).map(|id| id.get()), Some(1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Counts, statuses and grades
//!
//! * [`Status`] follows the readiness categories of US AFI 21-103 and NATO MIP: operational (FMC),
//!   degraded (PMC), non-operational for maintenance, supply or damage, stored, and unknown. A
//!   [`Readiness`](ledger::Readiness) is (operational + degraded) / possessed. When some
//!   statuses are unknown it gives three figures: the rate over the possessed units of known
//!   status, and the bounds over all possessed units if every unknown one were down or up (2
//!   operational and 24 unknown: 100% of the 2 known, between 8% and 100% of all 26; quote the
//!   bounds). As in AFI 21-103, stored units are not possessed by default (reported apart);
//!   [`Possessed`](ledger::Possessed) counts them if asked.
//! * A [`Count`] carries a [`Basis`](ledger::Basis) after the Military Balance qualifiers (exact,
//!   estimate, at least, up to, about); sums keep the weakest basis.
//! * An [`Assessed`](Change::Assessed) entry states an absolute breakdown, the way reports give
//!   totals ("24, status unknown"). What it implies beyond the recorded deliveries and losses is
//!   kept visible as [`LotState::adjustment`](ledger::LotState::adjustment), so conservation always
//!   holds: in service = delivered + transferred in + captured in − lost − retired − expended −
//!   transferred out + adjustment.
//! * A capture by a known holder ([`LossCause::Captured`](ledger::LossCause::Captured) with
//!   `by`) is a loss for the holder and a gain for the captor: the units enter the captor's lot
//!   of the same platform on the same date, in status `Unknown`, counted in its
//!   [`captured_in`](ledger::LotState::captured_in) flow. Like a transfer it conserves units
//!   across the two holders, and retracting it undoes both sides (rejected, naming the captor's
//!   lot, when the captor has since lost or used the units). A capture by an unknown holder
//!   credits no one.
//! * Every entry has a [`Source`] graded with the Admiralty code ([`Grade`], e.g. `B3`), and
//!   any query can be restricted to sources of at least a grade
//!   ([`AsOf::min_grade`]); [`Ledger::provenance`] lists the entries behind a number.
//! * **The grade's two axes are independent.** Source reliability (`A`-`F`) and information
//!   credibility (`1`-`6`) are compared separately: a grade meets a minimum when *both* its
//!   letter and its digit do ([`Grade::meets`]; `C1` does not meet `B4`, nor `B4` meet `C1`),
//!   and the weakest of several grades is the weakest letter with the weakest digit
//!   ([`Grade::weakest`], [`Provenance::weakest_grade`](ledger::Provenance::weakest_grade):
//!   `B4` and `C1` give `C4`).
//! * **Grade and count basis are separate judgements, and a filter applies only one.** The
//!   grade says how far a claim is trusted; the [`Basis`](ledger::Basis) says how precise its
//!   number is (a SIPRI estimate is [`Estimate`](ledger::Basis::Estimate)). A source may
//!   lower its grade for an estimate (the SIPRI importer grades SIPRI's own estimates `B3`
//!   instead of `B2`, by its [options](import::sipri::Options)), but the ledger never
//!   penalises the estimate a second time: [`AsOf::min_grade`] filters by grade only, and the
//!   basis is reported beside each count (`3e`), never used to drop it. To leave estimates
//!   out, ask for it: filter at a credibility they fail (`B2` drops `B3` estimates), or read
//!   the basis of each count.
//! * **Observations age.** A [`Change::Observed`] sighting is evidence about its date:
//!   [`Ledger::observations`] and the observed lift of [`Ledger::capacity`] at a date count it
//!   for 365 days ([`AsOf::observed_within`] sets another window), and say how old it is.
//!
//! # Data in and out
//!
//! * [`import::sipri::import`] streams a SIPRI Arms Transfers CSV export into a ledger: one
//!   order per deal and one delivery per row, SIPRI's estimate flags as count bases, its deal ids
//!   as source references, its TIV figures in notes, every country as an ISO alpha-3 holder, and a
//!   [`sipri::Report`](import::sipri::Report) naming every rejected row by line, field and
//!   value. [Its module](import::sipri) states the mapping rules.
//! * A [`Journal`] keeps a ledger on disk as checksummed JSON Lines. Its documentation states the
//!   [line format](Journal#line-format), the [durability](Journal#durability) guarantees of each
//!   [`Durability`](journal::Durability) policy, [crash recovery](Journal#crash-recovery) (a torn
//!   tail, what an interrupted write or a crash leaves at the end of the file, is reported and
//!   cut on request, its bytes kept in a side file; damage followed by an intact line is an error
//!   naming the line)
//!   and the [concurrency model](Journal#concurrency) (one writer; `Ledger` is `Send + Sync`; cheap
//!   shared snapshots).
//! * [`import::oryx`] takes Oryx's visually confirmed loss lists (the event files of the
//!   `scarnecchia/oryx_data` scrape) in as one loss per item, crediting captors, and
//!   reconciles the result with Oryx's headline totals.
//! * [`export`] writes CSV and JSON Lines for pandas, R and spreadsheets.
//! * With the `postgres` feature, `postgres::PgStore` keeps a ledger in PostgreSQL for a
//!   team: each append catches up on the other writers' commits and is validated against the
//!   whole history under one write lock; readers follow with `refresh` or `LISTEN`/`NOTIFY`.
//! * [`Ledger::to_snapshot_json`] and [`Ledger::from_snapshot_json`] save and load a whole
//!   ledger (streamed, every entry checksummed), replaying it through the same validation;
//!   failures are [`SnapshotError`](journal::SnapshotError)s.
//!
//! # Performance
//!
//! Each lot (holder x platform) keeps its entries sorted by (effective, id) in blocks with
//! running aggregates and a segment tree over them: an as-of query reads a tree prefix and
//! part of one block (O(log n)), an in-order append is O(1), and a back-dated append
//! re-validates every later date by reading the tree root, not by replaying the lot. Queries
//! as known at an earlier time, or filtered by grade, fold the lot's visible entries instead.
//! See `BENCHMARKS.md` for figures against a naive replay and SQLite.
//!
//! # Errors
//!
//! Every fallible function returns a specific error enum ([`QuantityError`](units::QuantityError),
//! [`ParseError`], [`CatalogError`](catalog::CatalogError), [`LedgerError`],
//! [`JournalError`](journal::JournalError), [`SnapshotError`](journal::SnapshotError),
//! [`sipri::Error`](import::sipri::Error)) whose
//! variants carry the offending values and whose messages say what was wrong and where. Bad input
//! never panics, and a rejected ledger operation leaves the ledger exactly as it was.
//!
//! # Caveats
//!
//! * Open sources disagree. Each figure of the bundled catalog is what one page states, with
//!   that page, and the alternatives other pages quote
//!   ([`Figure`](catalog::Figure)); they are public figures, not authoritative data.
//! * A grade-filtered view can drop an entry that later ones depend on; its counts are then
//!   clamped at zero and flagged ([`LotState::is_consistent`](ledger::LotState::is_consistent)).

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The `jiff` crate, re-exported: [`jiff::Timestamp`] is the ledger's recorded time and
/// [`jiff::civil::Date`] its valid dates, so users need not depend on the same version
/// themselves.
pub use jiff;
/// The `uom` crate, re-exported for its units: `materiel::uom::si::length::kilometer` and so
/// on, at the version the crate's [`Length`](units::Length), [`Mass`](units::Mass) and
/// [`Velocity`](units::Velocity) use.
pub use uom;

/// The README's code blocks, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub mod catalog;
pub mod chart;
pub mod codec;
mod error;
pub mod export;
pub mod holder;
pub mod import;
pub mod journal;
pub mod ledger;
mod map_only;
#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub mod postgres;
pub mod provenance;
pub mod store;
pub mod units;

pub use crate::{
    catalog::{Catalog, Platform, PlatformId, PlatformKind},
    error::ParseError,
    holder::HolderId,
    journal::Journal,
    ledger::{
        AsOf, Change, Count, EffectiveDate, Entry, EntryId, Ledger, LedgerError, NewEntry,
        PlatformRef, Status,
    },
    provenance::{Grade, Source},
};
