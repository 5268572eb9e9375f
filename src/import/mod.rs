//! Importers: turn another dataset's export into [ledger](crate::ledger::Ledger) entries.
//!
//! One module per source format:
//!
//! * [`sipri`]: the SIPRI Arms Transfers Database CSV export ([`sipri::import`] states the
//!   mapping rules; [`sipri::Report`] names every rejected row by line, field and value).
//! * [`baseline`]: a user's own table of counts held (holder, platform, date, count, the
//!   Military Balance's qualifiers, source, grade), imported as claims.
//! * [`oryx`]: Oryx's visually confirmed equipment-loss lists as scraped CSV (one loss per
//!   item, with its evidence URL; [`oryx::Reconciliation`] sets the totals beside Oryx's
//!   headline totals).
//!
//! Importers sit above the [`ledger`](crate::ledger) and the [`catalog`](crate::catalog):
//! they resolve names through a catalog and apply their entries through
//! [`Ledger::extend`](crate::ledger::Ledger::extend), so an imported entry is validated
//! exactly like a hand-written one, and a strict import is all or nothing.
//!
//! # The import core
//!
//! What every importer shares lives here, so that each importer is only its format:
//!
//! * [`Mode`]: strict (the first bad row stops the import) or lenient (bad rows are reported
//!   and skipped).
//! * [`RowError`] and [`RowProblem`]: a rejected row named by line, field, value and problem,
//!   with the reason in words; [`FormatProblem`], a problem only one format has.
//! * [`Unresolved`]: a name the catalog did not resolve, with the rows and units recorded
//!   under it; each report lists them ranked by units.
//! * [`Counts`]: rows read, imported, filtered out and rejected, entries appended, the first
//!   entry; each importer's report carries one (`report.counts`) beside its own facts.
//! * The recorded-time check (an import recorded before the ledger's latest entry is refused
//!   before anything is appended) and the batch of the import's entries, applied once the
//!   input is read (strict: one [`Ledger::extend`](crate::ledger::Ledger::extend), all or
//!   nothing, a refusal stopping the import with the ledger unchanged; lenient: in chunks, a
//!   refused entry becoming a [`RowProblem::Ledger`] row error and the chunk going on after
//!   it, the result being that of appending the entries one by one, at the cost of one more
//!   validation pass over the entries before it per refusal), both crate-internal.
//! * [`holder`]: the country table, keyed by names: what SIPRI writes, common English and
//!   official names, former states, ISO 3166-1 alpha-3 codes and organisation slugs.
//! * Bounded reading: no line, and no row spanning lines, longer than [`MAX_LINE_BYTES`]
//!   (1 MiB) is read, whatever the input (`/dev/zero`, a quote never closed); a longer one
//!   stops the import with a [`LineTooLong`] naming its line. The same reader tells a last
//!   row without its line end (a cut file) and each row's own line (crate-internal).
//!
//! # One row error for every importer
//!
//! [`RowError`] is one type, and its [`RowProblem`] one `#[non_exhaustive]` enum, rather than
//! a `RowError<P>` generic over a problem enum per importer. Most problems are the same
//! whatever the source (a missing field, a bad number, a date, an unknown country, a row cut
//! off, the ledger's refusal), and a user who imports SIPRI transfers and Oryx losses into one
//! ledger gets one error type to log, count and match, and one [`Counts`]. A problem only one
//! format has belongs to its importer: an enum in its module ([`sipri::Problem`]:
//! `DealMismatch`, ...; [`oryx::Problem`]: `BadUrl`, ...), carried by a row error as
//! [`RowProblem::Format`] (a [`FormatProblem`]: the format and the problem's name) and read
//! back typed (`sipri::Problem::of(&error)`, or `error.problem == sipri::Problem::DealMismatch`).
//! So a new importer adds its own enum and nothing here changes.
//!
// Adding an importer: one folder, `src/import/<format>/`, plus `pub mod <format>;` below;
// ARCHITECTURE.md ("Where to put... a new importer") says what it holds and reuses.

mod append;
mod countries;
mod lines;
mod rows;
mod unresolved;

pub mod baseline;
pub mod oryx;
pub mod sipri;

pub(crate) use append::{Pending, Refused, check_recorded};
pub use countries::{holder, holder_names};
pub use lines::{LineTooLong, MAX_LINE_BYTES};
pub(crate) use lines::{Lines, ReadLineError, read_line};
pub(crate) use rows::format_problem;
pub use rows::{Counts, FormatProblem, Mode, RowError, RowProblem};
pub use unresolved::Unresolved;
pub(crate) use unresolved::{ranked, write_unresolved};
