//! A user's own baseline table: counts held, each with its date, qualifier, source and
//! grade, imported as claims ([`Change::Claimed`] of [`Quantity::Held`]) beside whatever
//! else the ledger holds. [`import`] and [`import_file`], their [`Options`], [`Report`] and
//! [`Error`]; rows are rejected with the [import core](crate::import)'s [`RowError`].
//!
//! A baseline is what closes an unknown opening stock: a lot imported from a source that
//! covers only a window of years (SIPRI's 2000-2030 export) counts "at least" what the window
//! shows until a count held closes it ([`Ledger::bounds`]). The Military Balance is the usual
//! source of such counts; the crate bundles none of its data, so the table is the user's.
//!
//! # The file
//!
//! CSV (UTF-8, a byte-order mark and CRLF line ends accepted), a header line, one row per
//! count. Lines whose first field starts with `#` are comments, anywhere (the committed
//! example, `tests/data/baseline-example.csv`, says in one that its figures are
//! illustrative); blank lines are skipped; fields are trimmed. The header is exactly
//! [`HEADER`], optionally followed by `note`:
//!
//! | column | what it holds |
//! |---|---|
//! | `holder` | a state or organisation as the [country table](crate::import::holder) knows it: `VEN`, `Venezuela` |
//! | `platform` | a platform of the ledger's catalog, by id, designation or alias: `su-30mk2`, `Su-30MK2` |
//! | `date` | the date the count speaks of (not when it was published): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `<=YYYY-MM-DD`. The Military Balance assesses as of November of the year before its edition: its 2025 edition is `2024-11` |
//! | `count` | units held, a whole number (`1,200` quoted, or `1200`); zero allowed; empty only with `some` |
//! | `qualifier` | how firm the count is, in the Military Balance's words ([`Qualifier`]): empty or `exact`, `at least`, `up to`, `about`, `estimated` (`ε`), `some` |
//! | `source` | the citation: publication, edition, page or table |
//! | `grade` | the Admiralty grade the user gives the source (`B2`) |
//! | `note` | optional: anything for people (a quote, "in store") |
//!
//! The Military Balance's other marks are not counts' qualifiers: "in store" and †
//! (serviceability in doubt) say which status the units are in; write them in the note.
//!
//! **Lines are bounded**, as in every importer: a row longer than
//! [`MAX_LINE_BYTES`](crate::import::MAX_LINE_BYTES) stops the import with
//! [`Error::LineTooLong`], having read no more than that of it; a last row without its line
//! end is taken to be cut off ([`RowProblem::Truncated`]).
//!
//! # Mapping rules
//!
//! Each row becomes one [`Change::Claimed`] `{ quantity: Held, count }` of the lot of its
//! holder and platform, effective on its date, sourced with its citation and grade, its
//! note kept. A claim moves no count: it stands beside the lot's trajectory and the other
//! sources' claims, and [`Ledger::bounds`] reads them all. A claim with an upper limit (any
//! qualifier but `at least` and `some`) is a baseline that closes the lot's unknown opening
//! stock from its date on, carried to later dates by the recorded flows. Every entry is
//! recorded at one transaction time, [`Options::recorded`] (default: now); a row the table
//! repeats is imported again (a claim is a statement, and two are two).
//!
//! A bad row (an unknown holder or platform, a date, count, qualifier or grade that does not
//! read) is a [`RowError`] naming its line and column; lenient (the default) it is reported in
//! [`Report::counts`] and skipped, strict ([`Options::strict`]) it stops the import. Either
//! way **the ledger is unchanged when the import returns an error**: the claims are applied
//! once the whole file has been read, strict as one all-or-nothing batch.
//!
//! # Example
//!
//! ```
//! use materiel::import::baseline::{self, Options};
//! use materiel::ledger::{Basis, Quantity};
//! use materiel::{AsOf, Catalog, HolderId, Ledger, PlatformRef};
//!
//! // ILLUSTRATIVE figures, not the Military Balance's.
//! let csv = "\
//! ## ILLUSTRATIVE values, not from any edition
//! holder,platform,date,count,qualifier,source,grade,note
//! VEN,Su-30MK2,2024-11,21,,ILLUSTRATIVE table,B2,
//! Venezuela,T-72B,2024-11,\"1,000\",up to,ILLUSTRATIVE table,B2,in store
//! VEN,Igla-S,2024-11,,some,ILLUSTRATIVE table,C3,
//! ";
//! let mut ledger = Ledger::new(Catalog::reference());
//! let options = Options::new().recorded("2025-07-20T00:00:00Z".parse()?);
//! let report = baseline::import(&mut ledger, csv.as_bytes(), &options)?;
//! assert_eq!((report.counts.rows_read, report.claims, report.lots), (3, 3, 3));
//!
//! let ven: HolderId = "VEN".parse()?;
//! let t72 = PlatformRef::catalog("t-72b")?;
//! let b = ledger.bounds(&ven, &t72, Quantity::Held, &AsOf::latest());
//! assert_eq!((b.lower(), b.upper()), (0, Some(1_000)));
//! assert_eq!(b.supports()[0].stated().basis(), Basis::UpTo);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Files
//!
//! `mod.rs` (this page, the entry points, [`Error`]), `options.rs`, `report.rs`, `parse.rs`
//! (the rows, [`Qualifier`]), `problem.rs` (the table's own row problems, [`Problem`]).

use std::io::{BufReader, Read};
use std::path::Path;

use jiff::Timestamp;
use rustc_hash::FxHashSet as FxSet;

use crate::import::{LineTooLong, Lines, Pending, RowError, RowProblem, check_recorded};
#[cfg(doc)]
use crate::ledger::Count;
use crate::ledger::{Change, EntryId, Ledger, LedgerError, NewEntry, Quantity};
use crate::provenance::Source;

mod options;
mod parse;
mod problem;
mod report;

pub use options::Options;
pub use parse::Qualifier;
pub use problem::Problem;
pub use report::Report;

/// The columns of the header line, in order; a last column `note` may follow them.
pub const HEADER: [&str; 7] = [
    "holder",
    "platform",
    "date",
    "count",
    "qualifier",
    "source",
    "grade",
];

/// The optional last column.
pub const NOTE: &str = "note";

/// Why a baseline import failed. Every variant names the file (`what`: its path, or `input`
/// for a reader) and, where there is one, the line.
///
/// # Example
///
/// ```
/// use materiel::import::baseline::{self, Error, Options};
/// use materiel::{Catalog, Ledger};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let err = baseline::import(&mut ledger, "holder,platform,when\n".as_bytes(), &Options::new()).unwrap_err();
/// assert!(matches!(err, Error::Header { column: 3, expected: "date", .. }));
/// assert_eq!(err.to_string(), "input, line 1: header column 3 is \"when\", expected \"date\"");
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
    /// The header line is not [`HEADER`] (with or without [`NOTE`]), or there is none.
    #[error("{what}, line {line}: header column {column} is {found:?}, expected {expected:?}")]
    Header {
        /// The file, or `input`.
        what: String,
        /// The header's line (1-based).
        line: u64,
        /// The column (1-based).
        column: usize,
        /// What the format has there (empty: no column).
        expected: &'static str,
        /// What the input has (empty when missing).
        found: String,
    },
    /// The input ends inside the header line: no line end follows it, and nothing else.
    #[error(
        "{what}, line {line}: the input ends inside the header line (no line end follows it), so it may be cut off"
    )]
    Truncated {
        /// The file, or `input`.
        what: String,
        /// The header's line.
        line: u64,
    },
    /// A line (or a row spanning lines) longer than
    /// [`MAX_LINE_BYTES`](crate::import::MAX_LINE_BYTES). The import stops there, whatever
    /// the mode.
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
        /// The row error: line, column, value, reason.
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
    /// Strict mode: the ledger refused a claim (lenient mode reports it as a row error);
    /// nothing of the import was appended.
    #[error("{what}, line {line}: the ledger refused the entry: {source}")]
    Ledger {
        /// The file, or `input`.
        what: String,
        /// The row's line.
        line: u64,
        /// The ledger's reason.
        source: LedgerError,
    },
}

/// Imports a baseline table from `path` into `ledger`. See [`import`].
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be opened, else as [`import`], naming the file.
///
/// # Example
///
/// ```
/// use materiel::import::baseline::{Error, Options, import_file};
/// use materiel::{Catalog, Ledger};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let err = import_file(&mut ledger, "no/such/file.csv", &Options::new()).unwrap_err();
/// assert!(matches!(err, Error::Io { line: 0, .. }));
/// assert!(err.to_string().starts_with("no/such/file.csv, line 0: "));
/// ```
pub fn import_file(
    ledger: &mut Ledger,
    path: impl AsRef<Path>,
    options: &Options,
) -> Result<Report, Error> {
    let what = path.as_ref().display().to_string();
    let file = std::fs::File::open(path.as_ref()).map_err(|e| Error::Io {
        what: what.clone(),
        line: 0,
        message: e.to_string(),
    })?;
    read(ledger, &what, file, options)
}

/// Imports a baseline table read from `reader` into `ledger`, following the [mapping
/// rules](self#mapping-rules), and reports what it did. [`import_file`] does the same from
/// a path.
///
/// # Errors
///
/// * [`Error::Io`], [`Error::Header`], [`Error::Truncated`], [`Error::LineTooLong`]: not a
///   baseline table (the error names the line).
/// * [`Error::RecordedBeforeLedger`]: the ledger already has later entries.
/// * In strict mode, [`Error::Row`] for the first bad row and [`Error::Ledger`] if the ledger
///   refuses a claim.
///
/// The ledger is unchanged whenever an error is returned.
///
/// # Example
///
/// See the [module documentation](self#example).
pub fn import<R: Read>(ledger: &mut Ledger, reader: R, options: &Options) -> Result<Report, Error> {
    read(ledger, "input", reader, options)
}

fn read<R: Read>(
    ledger: &mut Ledger,
    what: &str,
    reader: R,
    options: &Options,
) -> Result<Report, Error> {
    let recorded = options.recorded.unwrap_or_else(Timestamp::now);
    check_recorded(ledger, recorded).map_err(|e| Error::RecordedBeforeLedger {
        recorded: e.recorded,
        latest: e.latest,
    })?;
    let mut report = Report::new(recorded);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(64 * 1024)
        .from_reader(Lines::new(BufReader::with_capacity(64 * 1024, reader), 1));
    let mut record = csv::ByteRecord::new();
    let mut columns = None;
    let mut pending: Pending<()> = Pending::with_capacity(64);
    let mut lots = FxSet::default();
    let io = |csv: &csv::Reader<Lines<_>>, line: u64, e: &csv::Error| match csv.get_ref().too_long()
    {
        Some(error) => Error::LineTooLong {
            what: what.to_owned(),
            error: error.clone(),
        },
        None => Error::Io {
            what: what.to_owned(),
            line,
            message: e.to_string(),
        },
    };
    loop {
        let line_guess = csv.position().line() + 1;
        let start = csv.position().byte();
        csv.get_mut().start_row(start);
        if !csv
            .read_byte_record(&mut record)
            .map_err(|e| io(&csv, line_guess, &e))?
        {
            break;
        }
        let first = record.get(0).unwrap_or_default();
        let first = first.strip_prefix("\u{feff}".as_bytes()).unwrap_or(first);
        if (record.len() == 1 && first.trim_ascii().is_empty())
            || first.trim_ascii_start().starts_with(b"#")
        {
            continue;
        }
        let line = csv.get_ref().row_line().unwrap_or(line_guess);
        let cut = csv.get_ref().cut(csv.position().byte(), &record);
        let Some(columns) = columns else {
            if cut {
                return Err(Error::Truncated {
                    what: what.to_owned(),
                    line,
                });
            }
            columns = Some(check_header(what, line, &record)?);
            continue;
        };
        report.counts.rows_read += 1;
        let row = if cut {
            Err(RowError::new(
                line,
                None,
                format!("{} fields", record.len()),
                RowProblem::Truncated,
                "the input ends inside this row: no line end follows it, so it may be cut off",
            ))
        } else {
            parse::parse_row(&record, line, columns, ledger.catalog())
        };
        let row = row.and_then(|row| {
            let source = Source::new(row.source, row.grade).map_err(|e| {
                RowError::new(line, Some("source"), "", RowProblem::Missing, e.to_string())
            })?;
            let mut entry = NewEntry::new(
                row.holder,
                row.platform,
                row.date,
                Change::Claimed {
                    quantity: Quantity::Held,
                    count: row.count,
                },
                source,
                recorded,
            );
            if let Some(note) = row.note {
                entry = entry.with_note(note);
            }
            Ok(entry)
        });
        match row {
            Ok(entry) => {
                report.counts.rows_imported += 1;
                pending.push(entry, line, (), &report.counts);
            }
            Err(error) => {
                if options.mode.is_strict() {
                    return Err(Error::Row {
                        what: what.to_owned(),
                        error,
                    });
                }
                report.counts.rejected.push(error);
            }
        }
    }
    if columns.is_none() {
        return Err(Error::Header {
            what: what.to_owned(),
            line: 1,
            column: 1,
            expected: HEADER[0],
            found: String::new(),
        });
    }
    let claims = &mut report.claims;
    pending
        .apply(ledger, options.mode, &mut report.counts, |(), appended| {
            *claims += u64::from(appended);
        })
        .map_err(|r| Error::Ledger {
            what: what.to_owned(),
            line: r.line,
            source: r.source,
        })?;
    // The import's entries are the ledger's last ones, from its first on.
    if let Some(first) = report.counts.first_entry {
        for id in first.get()..ledger.len() as u64 {
            if let Some(entry) = ledger.get(EntryId::new(id)) {
                lots.insert((entry.holder().clone(), entry.platform().clone()));
            }
        }
    }
    report.lots = lots.len() as u64;
    Ok(report)
}

/// Checks the header line at `line`: [`HEADER`], optionally then [`NOTE`]; the number of
/// columns.
fn check_header(what: &str, line: u64, record: &csv::ByteRecord) -> Result<usize, Error> {
    let found = |i: usize| {
        record
            .get(i)
            .map(|b| {
                String::from_utf8_lossy(b)
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_owned()
            })
            .unwrap_or_default()
    };
    let bad = |column: usize, expected: &'static str| Error::Header {
        what: what.to_owned(),
        line,
        column: column + 1,
        expected,
        found: found(column),
    };
    for (i, expected) in HEADER.iter().enumerate() {
        if found(i) != *expected {
            return Err(bad(i, expected));
        }
    }
    match record.len() {
        7 => Ok(7),
        8 if found(7) == NOTE => Ok(8),
        8 => Err(bad(7, NOTE)),
        _ => Err(bad(record.len() - 1, "")),
    }
}
