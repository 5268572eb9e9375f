//! [`Report`]: what an import did; [`Headline`]: Oryx's own totals; [`Reconciliation`]: the
//! two side by side, each difference explained by rule.

use std::fmt;
use std::io::Read;
use std::path::Path;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::catalog::PlatformId;
use crate::holder::HolderId;
use crate::import::{Counts, RowError, RowProblem, Unresolved};

use super::state::{event_reader, read_error, truncated};
use super::{CategoryCount, Error, LossStatus};

/// Rows and items of one country and status.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatusCount {
    /// The country as the files write it (`Russia`).
    pub country: String,
    /// Its holder (`RUS`).
    pub holder: HolderId,
    /// The status.
    pub status: LossStatus,
    /// Rows accepted with this status.
    pub rows: u64,
    /// Of them, rows of an item counted under a more severe status, or already in the
    /// ledger from an earlier import (one item, one loss).
    pub merged: u64,
    /// Items counted under this status: `rows - merged`, the losses in the ledger.
    pub items: u64,
}

/// What an import did.
///
/// # Example
///
/// See the [module documentation](super#example).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Report {
    /// The transaction time of every entry.
    pub recorded: Timestamp,
    /// The latest `date_recorded` among the accepted rows.
    pub latest_date: Option<Date>,
    /// Rows read, imported (merged rows included), rejected (with line, field, value and
    /// reason), entries created.
    pub counts: Counts,
    /// The file of each rejected row, in the order of `counts.rejected` (`input` for a
    /// reader).
    pub rejected_in: Vec<String>,
    /// Items recorded as losses (one `Lost` entry each).
    pub items: u64,
    /// Rows merged into an item counted under another row (see the [one-item
    /// rule](super#mapping-rules)).
    pub merged_rows: u64,
    /// `OpeningUnknown` entries stated (one per lot the import opened).
    pub opened_lots: u64,
    /// Lots the import's losses touched whose stock on 2022-02-24 the ledger already knew
    /// (no `OpeningUnknown`, and entries of their own that start with a delivery, as a SIPRI
    /// import leaves a platform that entered service within its window, or an assessment by
    /// that day: the [mapping rules](super#mapping-rules)), left so: their losses are checked
    /// against their count, which is then an upper bound of what is held (a loss list is a
    /// lower bound of the losses).
    pub known_lots: u64,
    /// Captures credited to a known captor.
    pub captures_credited: u64,
    /// Accepted rows of the first scrape (dated 2022-03-19: losses since 2022-02-24).
    pub first_scrape_rows: u64,
    /// Accepted rows whose system the catalog resolved.
    pub matched_rows: u64,
    /// Accepted rows recorded as generic platforms.
    pub generic_rows: u64,
    /// Each system name the catalog resolved, with its platform, in order of first
    /// appearance.
    pub matched_systems: Vec<(String, PlatformId)>,
    /// Distinct system names (after the heading count is stripped).
    pub systems: u64,
    /// The system names the catalog did not resolve (recorded as generic platforms, each
    /// with the category the keyword rules give it), ranked by items, most first.
    pub unresolved: Vec<Unresolved>,
    /// Rows and items per country and status, in order of first appearance, statuses
    /// most severe first.
    pub by_status: Vec<StatusCount>,
    /// Items per country and category (the platform's, through the catalog, or the generic
    /// platform's; `None`: no category), per status in [`LossStatus::ALL`] order; what
    /// [`Report::reconcile_types`] sets beside Oryx's type headings.
    pub by_category: Vec<CategoryCount>,
}

impl Report {
    pub(super) fn new(recorded: Timestamp) -> Self {
        Self {
            recorded,
            latest_date: None,
            counts: Counts::default(),
            rejected_in: Vec::new(),
            items: 0,
            merged_rows: 0,
            opened_lots: 0,
            known_lots: 0,
            captures_credited: 0,
            first_scrape_rows: 0,
            matched_rows: 0,
            generic_rows: 0,
            matched_systems: Vec::new(),
            systems: 0,
            unresolved: Vec::new(),
            by_status: Vec::new(),
            by_category: Vec::new(),
        }
    }

    /// The rows and items of `country` (as the files write it, or its holder id) and
    /// `status`.
    pub fn status_count(&self, country: &str, status: LossStatus) -> Option<&StatusCount> {
        self.by_status
            .iter()
            .find(|s| s.status == status && (s.country == country || s.holder.as_str() == country))
    }

    /// Sets this import's totals beside Oryx's headline totals, per country and status.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::import::oryx::{self, Headline, LossStatus, Options};
    /// use materiel::{Catalog, Ledger};
    ///
    /// let events = "\
    /// country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID
    /// Ukraine,Ukraine,BMP-1,damaged,https://x.org/1.jpg,2023-01-02,1,1,3,7-113
    /// Ukraine,Ukraine,BMP-1,captured,https://x.org/1.jpg,2023-01-05,1,1,2,7-112
    /// ";
    /// let totals = "\
    /// country,equipment_type,destroyed,abandoned,captured,damaged,type_total
    /// Ukraine,All Types,0,0,1,1,2
    /// ";
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let options = Options::new().recorded("2025-07-20T00:00:00Z".parse()?);
    /// let report = oryx::import(&mut ledger, events.as_bytes(), &options)?;
    /// let rec = report.reconcile(&Headline::read(totals.as_bytes())?);
    /// let damaged = rec.row("Ukraine", LossStatus::Damaged).unwrap();
    /// assert_eq!((damaged.rows, damaged.merged, damaged.items), (1, 1, 0));
    /// assert_eq!(damaged.difference, Some(-1)); // Oryx counted it as damaged too
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reconcile(&self, headline: &Headline) -> Reconciliation {
        let mut countries: Vec<&str> = Vec::new();
        for s in &self.by_status {
            if !countries.contains(&s.country.as_str()) {
                countries.push(&s.country);
            }
        }
        for (c, _, _) in &headline.rows {
            if !countries.contains(&c.as_str()) {
                countries.push(c);
            }
        }
        let mut rows = Vec::new();
        for country in countries {
            for status in LossStatus::ALL {
                let ours = self
                    .by_status
                    .iter()
                    .find(|s| s.country == country && s.status == status);
                let (r, m, i) = ours.map_or((0, 0, 0), |s| (s.rows, s.merged, s.items));
                let head = headline.get(country, status);
                rows.push(ReconciliationRow {
                    country: country.to_owned(),
                    status,
                    rows: r,
                    merged: m,
                    items: i,
                    headline: head,
                    difference: head.map(|h| i as i64 - h as i64),
                });
            }
        }
        Reconciliation {
            rows,
            rejected: self.counts.rejected.len() as u64,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", super::CITATION)?;
        writeln!(f, "  recorded at        {}", self.recorded)?;
        if let Some(d) = self.latest_date {
            writeln!(f, "  latest listing     {d}")?;
        }
        self.counts.write_rows(f)?;
        writeln!(
            f,
            "  items (losses)     {} ({} rows merged into another row's item)",
            self.items, self.merged_rows
        )?;
        writeln!(
            f,
            "  entries created    {} ({} losses, {} lots opened with unknown stock); {} captures credited",
            self.counts.entries_created, self.items, self.opened_lots, self.captures_credited
        )?;
        if self.known_lots > 0 {
            writeln!(
                f,
                "  known openings     {} already counted from their opening (SIPRI's \
                 deliveries, an assessment): their losses come out of that count",
                if self.known_lots == 1 {
                    "1 lot".to_owned()
                } else {
                    format!("{} lots", self.known_lots)
                }
            )?;
        }
        writeln!(f, "  first-scrape rows  {}", self.first_scrape_rows)?;
        writeln!(
            f,
            "  systems            {} names; {} rows matched the catalog, {} rows generic",
            self.systems, self.matched_rows, self.generic_rows
        )?;
        for (s, id) in &self.matched_systems {
            writeln!(f, "    {s} -> {id}")?;
        }
        crate::import::write_unresolved(f, &self.unresolved, "items")?;
        for (e, file) in self.counts.rejected.iter().zip(&self.rejected_in) {
            writeln!(f, "  rejected: {file}: {e}")?;
        }
        Ok(())
    }
}

/// Oryx's own headline totals (`totals_by_type.csv`, the `All Types` row of each country),
/// per status.
///
/// # Example
///
/// ```
/// use materiel::import::oryx::{Headline, LossStatus};
///
/// let totals = "\
/// country,equipment_type,destroyed,abandoned,captured,damaged,type_total
/// Russia,All Types,17198,1178,3096,909,22381
/// Russia,Tanks,2991,392,533,158,4074
/// ";
/// let h = Headline::read(totals.as_bytes())?;
/// assert_eq!(h.get("Russia", LossStatus::Captured), Some(3096));
/// assert_eq!(h.total("Russia"), Some(22381));
/// # Ok::<(), materiel::import::oryx::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headline {
    /// (country, counts in [`LossStatus::ALL`] order, `type_total`).
    rows: Vec<(String, [u64; 4], u64)>,
    /// Per type heading: (country, heading, counts in [`LossStatus::ALL`] order,
    /// `type_total`), in file order (the aggregate `Losses ...` rows left out).
    pub(super) types: Vec<(String, String, [u64; 4], u64)>,
}

/// The header of `totals_by_type.csv`.
const TOTALS_HEADER: [&str; 7] = [
    "country",
    "equipment_type",
    "destroyed",
    "abandoned",
    "captured",
    "damaged",
    "type_total",
];

impl Headline {
    /// Reads `totals_by_type.csv`.
    ///
    /// # Errors
    ///
    /// [`Error::Header`] when the header differs; [`Error::Row`] for a bad `All Types` row
    /// (another field count, a count that is not a number) and for a last row without its
    /// line end (cut off); [`Error::Truncated`], [`Error::LineTooLong`], [`Error::Io`].
    pub fn read<R: Read>(reader: R) -> Result<Self, Error> {
        Self::read_named("input", reader)
    }

    /// Reads `totals_by_type.csv` from `path`.
    ///
    /// # Errors
    ///
    /// As [`read`](Self::read); [`Error::Io`] when the file cannot be opened.
    pub fn read_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let what = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| Error::Io {
            what: what.clone(),
            line: 0,
            message: e.to_string(),
        })?;
        Self::read_named(&what, file)
    }

    fn read_named<R: Read>(what: &str, reader: R) -> Result<Self, Error> {
        let mut csv = event_reader(reader);
        let mut record = csv::ByteRecord::new();
        csv.get_mut().start_row(0);
        let got = csv
            .read_byte_record(&mut record)
            .map_err(|e| read_error(what, csv.get_ref(), 1, &e))?;
        if got && csv.get_ref().cut(csv.position().byte(), &record) {
            return Err(Error::Truncated {
                what: what.to_owned(),
            });
        }
        for (i, expected) in TOTALS_HEADER.iter().enumerate() {
            let found = if got {
                record
                    .get(i)
                    .map(|b| String::from_utf8_lossy(b).trim().to_owned())
            } else {
                None
            };
            let found = found.unwrap_or_default();
            let found = found.trim_start_matches('\u{feff}');
            if found != *expected {
                return Err(Error::Header {
                    what: what.to_owned(),
                    column: i + 1,
                    expected,
                    found: found.to_owned(),
                });
            }
        }
        let mut rows = Vec::new();
        let mut types = Vec::new();
        loop {
            let line = csv.position().line() + 1;
            let start = csv.position().byte();
            csv.get_mut().start_row(start);
            if !csv
                .read_byte_record(&mut record)
                .map_err(|e| read_error(what, csv.get_ref(), line, &e))?
            {
                break;
            }
            let line = csv.get_ref().row_line().unwrap_or(line);
            if csv.get_ref().cut(csv.position().byte(), &record) {
                return Err(Error::Row {
                    what: what.to_owned(),
                    error: truncated(&record, line),
                });
            }
            let heading = record
                .get(1)
                .map(|b| String::from_utf8_lossy(b).trim().to_owned())
                .unwrap_or_default();
            // Oryx's aggregates of several headings (`Losses excluding ...`) are sums, not
            // types.
            if heading.starts_with("Losses") {
                continue;
            }
            let bad =
                |field: Option<&'static str>, value: String, problem, reason: &str| Error::Row {
                    what: what.to_owned(),
                    error: RowError::new(line, field, value, problem, reason),
                };
            if record.len() != TOTALS_HEADER.len() {
                return Err(bad(
                    None,
                    format!("{} fields", record.len()),
                    RowProblem::ColumnCount,
                    "a totals row has 7 fields",
                ));
            }
            let mut n = [0u64; 7];
            for (i, slot) in n.iter_mut().enumerate().skip(2) {
                let text = String::from_utf8_lossy(&record[i]).trim().to_owned();
                *slot = text.parse().map_err(|_| {
                    bad(
                        Some(TOTALS_HEADER[i]),
                        text,
                        RowProblem::BadNumber,
                        "not a count",
                    )
                })?;
            }
            let country = String::from_utf8_lossy(&record[0]).trim().to_owned();
            // Columns: destroyed, abandoned, captured, damaged; ALL order: destroyed,
            // captured, abandoned, damaged.
            let counts = [n[2], n[4], n[3], n[5]];
            if heading == "All Types" {
                rows.push((country, counts, n[6]));
            } else {
                types.push((country, heading, counts, n[6]));
            }
        }
        Ok(Self { rows, types })
    }

    /// Oryx's headline count of `country`'s losses with `status`.
    pub fn get(&self, country: &str, status: LossStatus) -> Option<u64> {
        self.rows
            .iter()
            .find(|(c, _, _)| c == country)
            .map(|(_, n, _)| n[status.index()])
    }

    /// Oryx's headline total of `country`'s losses (`type_total`).
    pub fn total(&self, country: &str) -> Option<u64> {
        self.rows
            .iter()
            .find(|(c, _, _)| c == country)
            .map(|(_, _, t)| *t)
    }

    /// The countries, in file order.
    pub fn countries(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|(c, _, _)| c.as_str())
    }

    /// Oryx's total of `country`'s losses under type heading `heading` (`Tanks`), as
    /// written in the file (white space around it trimmed).
    ///
    /// ```
    /// use materiel::import::oryx::Headline;
    /// let totals = "country,equipment_type,destroyed,abandoned,captured,damaged,type_total\n\
    ///               Russia,Tanks,2991,392,533,158,4074\n";
    /// assert_eq!(Headline::read(totals.as_bytes())?.type_total("Russia", "Tanks"), Some(4074));
    /// # Ok::<(), materiel::import::oryx::Error>(())
    /// ```
    pub fn type_total(&self, country: &str, heading: &str) -> Option<u64> {
        self.types
            .iter()
            .find(|(c, h, _, _)| c == country && h == heading)
            .map(|(_, _, _, t)| *t)
    }
}

/// One country and status of a [`Reconciliation`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReconciliationRow {
    /// The country as the files write it.
    pub country: String,
    /// The status.
    pub status: LossStatus,
    /// Event rows accepted with this status.
    pub rows: u64,
    /// Rows merged into an item counted under a more severe status (or an earlier import).
    pub merged: u64,
    /// Items counted: `rows - merged`.
    pub items: u64,
    /// Oryx's headline total, when the totals file has the country.
    pub headline: Option<u64>,
    /// `items - headline`: what no rule on the event files accounts for (see
    /// [`Reconciliation`]).
    pub difference: Option<i64>,
}

/// This import's totals beside Oryx's headline totals, per country and status, each
/// difference explained by rule. Printable.
///
/// How the figures go from rows to Oryx's headline:
///
/// 1. **Rows** accepted per status (rejected rows, with their reasons, are in the report).
/// 2. **Merged** (the one-item rule): rows of one item (same country, system and url) listed
///    under several statuses count once, under the most severe. This removes most of the
///    damaged rows (Oryx too lists a damaged-then-abandoned item as abandoned) and some
///    abandoned and captured rows.
/// 3. **Items** = rows - merged: the losses in the ledger.
/// 4. **Difference** = items - headline. What remains is not explained by any rule the event
///    files allow: the scraper keeps every row it has seen since 2022-03-19, and Oryx has
///    since merged, removed or relinked entries in its lists; the files carry no mark of
///    that, so these rows cannot be told apart one by one. For the snapshot of 2025-07-19
///    it is +2,815 items for Russia (+1,619 destroyed, +653 captured, +541 abandoned, +2
///    damaged) and +878 for Ukraine, against headlines of 22,381 and 9,374.
///
/// # Example
///
/// See [`Report::reconcile`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reconciliation {
    /// One row per country and status, statuses most severe first.
    pub rows: Vec<ReconciliationRow>,
    /// Rows the import rejected (not in `rows`).
    pub rejected: u64,
}

impl Reconciliation {
    /// The row of `country` and `status`.
    pub fn row(&self, country: &str, status: LossStatus) -> Option<&ReconciliationRow> {
        self.rows
            .iter()
            .find(|r| r.country == country && r.status == status)
    }
}

impl fmt::Display for Reconciliation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<10} {:<10} {:>7} {:>7} {:>7} {:>9} {:>7}",
            "country", "status", "rows", "merged", "items", "headline", "diff"
        )?;
        let mut country: Option<&str> = None;
        let mut sums = [0i64; 5];
        let mut has_headline = false;
        let total = |f: &mut fmt::Formatter<'_>, c: &str, s: &[i64; 5], h: bool| {
            let (head, diff) = if h {
                (s[3].to_string(), format!("{:+}", s[4]))
            } else {
                ("-".into(), "-".into())
            };
            writeln!(
                f,
                "{:<10} {:<10} {:>7} {:>7} {:>7} {:>9} {:>7}",
                c, "all", s[0], s[1], s[2], head, diff
            )
        };
        for r in &self.rows {
            if country.is_some_and(|c| c != r.country) {
                total(f, country.unwrap_or_default(), &sums, has_headline)?;
                sums = [0; 5];
            }
            country = Some(&r.country);
            has_headline = r.headline.is_some();
            sums[0] += r.rows as i64;
            sums[1] += r.merged as i64;
            sums[2] += r.items as i64;
            sums[3] += r.headline.unwrap_or(0) as i64;
            sums[4] += r.difference.unwrap_or(0);
            writeln!(
                f,
                "{:<10} {:<10} {:>7} {:>7} {:>7} {:>9} {:>7}",
                r.country,
                r.status.to_string(),
                r.rows,
                r.merged,
                r.items,
                r.headline.map_or("-".into(), |h| h.to_string()),
                r.difference.map_or("-".into(), |d| format!("{d:+}")),
            )?;
        }
        if let Some(c) = country {
            total(f, c, &sums, has_headline)?;
        }
        writeln!(f, "rejected rows: {}", self.rejected)?;
        writeln!(
            f,
            "merged: rows of one item (same country, system and url) listed again, under a less \
             severe status (destroyed > captured > abandoned > damaged), or already in the ledger"
        )?;
        write!(
            f,
            "diff = items - headline: rows the scraper kept that Oryx's current lists no longer \
             count (merged, removed or relinked entries; the files do not mark them): a known \
             upstream excess, scarnecchia/oryx_data issue #3 (\"Totals don't add up between \
             totals by system and totals by type\", 2023-11-13)"
        )
    }
}
