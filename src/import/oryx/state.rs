//! The import's state: names resolved once (countries, systems), the items (one per
//! country, system and url), and the appends at the end.

use std::io::{BufReader, Read};
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use rustc_hash::{FxHashMap as FxMap, FxHashSet as FxSet};

use crate::catalog::{Catalog, Category};
use crate::holder::HolderId;
use crate::import::Unresolved;
use crate::import::{self, Counts, Lines, Pending, RowError, RowProblem, check_recorded};
use crate::ledger::{
    Change, Count, EffectiveDate, GenericPlatform, Ledger, LossCause, NewEntry, PlatformRef, Status,
};
use crate::provenance::{Grade, Source};

use super::parse::{FIRST_DAY, col, parse_row, platform_kind};
use super::{
    CITATION, CategoryCount, DEFAULT_GRADE, Error, HEADER, LossStatus, Options, Report, StatusCount,
};

use super::FIRST_SCRAPE;

/// One listed item: the rows of one country, system and url.
struct Item {
    /// The file (index into `files`) and line of the row that set its status.
    file: u32,
    line: u64,
    country: u32,
    platform: u32,
    url: Arc<str>,
    status: LossStatus,
    /// The earliest `date_recorded` of its rows.
    date: Date,
    mat_id: Box<str>,
    /// The other statuses it was listed under (bit per `LossStatus::index`).
    also: u8,
}

/// A country as the files write it.
struct Country {
    name: Box<str>,
    holder: HolderId,
    /// Rows and merged rows per status, in `LossStatus::ALL` order.
    rows: [u64; 4],
    merged: [u64; 4],
}

/// Per-import state.
pub(super) struct Import<'o> {
    options: &'o Options,
    grade: Grade,
    catalog: Catalog,
    /// Rows dated after this day are in the future.
    latest_day: Date,
    files: Vec<String>,
    countries: Vec<Country>,
    systems: FxMap<Box<str>, u32>,
    platforms: Vec<PlatformRef>,
    /// Per platform slot: its place in `unresolved`, for a generic platform.
    generic_of: Vec<Option<u32>>,
    /// The names the catalog did not resolve, in order of first appearance.
    unresolved: Vec<Unresolved>,
    items: Vec<Item>,
    /// url -> the items listed with it.
    by_url: FxMap<Arc<str>, Vec<u32>>,
    /// Oryx losses already in the ledger: (holder, platform, url).
    existing: FxSet<(HolderId, PlatformRef, Arc<str>)>,
    /// Lots the ledger already states an `OpeningUnknown` for.
    opened: FxSet<(HolderId, PlatformRef)>,
    rus: HolderId,
    ukr: HolderId,
    report: Report,
}

impl<'o> Import<'o> {
    pub(super) fn new(ledger: &Ledger, options: &'o Options) -> Self {
        let latest_day = jiff::tz::Offset::UTC
            .to_datetime(options.recorded.unwrap_or_else(Timestamp::now))
            .date();
        let mut existing = FxSet::default();
        let mut opened = FxSet::default();
        for e in ledger.entries() {
            match e.change() {
                Change::OpeningUnknown => {
                    opened.insert((e.holder().clone(), e.platform().clone()));
                }
                Change::Lost { .. } if e.source().citation() == CITATION => {
                    if let Some(url) = e.source().url() {
                        existing.insert((e.holder().clone(), e.platform().clone(), url.into()));
                    }
                }
                _ => {}
            }
        }
        Self {
            options,
            grade: options.grade.unwrap_or(DEFAULT_GRADE),
            catalog: ledger.catalog().clone(),
            latest_day,
            files: Vec::new(),
            countries: Vec::new(),
            systems: FxMap::default(),
            platforms: Vec::new(),
            generic_of: Vec::new(),
            unresolved: Vec::new(),
            items: Vec::new(),
            by_url: FxMap::default(),
            existing,
            opened,
            rus: HolderId::state("RUS").expect("RUS is a valid code"),
            ukr: HolderId::state("UKR").expect("UKR is a valid code"),
            report: Report::new(options.recorded.unwrap_or(Timestamp::UNIX_EPOCH)),
        }
    }

    /// Reads one event file: the header checked, each row taken into an item or rejected.
    pub(super) fn read<R: Read>(&mut self, what: &str, reader: R) -> Result<(), Error> {
        let file = self.files.len() as u32;
        self.files.push(what.to_owned());
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
        check_header(what, got.then_some(&record))?;
        loop {
            let line_guess = csv.position().line() + 1;
            let start = csv.position().byte();
            csv.get_mut().start_row(start);
            if !csv
                .read_byte_record(&mut record)
                .map_err(|e| read_error(what, csv.get_ref(), line_guess, &e))?
            {
                break;
            }
            if record.len() == 1 && record[0].trim_ascii().is_empty() {
                continue;
            }
            let line = csv.get_ref().row_line().unwrap_or(line_guess);
            self.report.counts.rows_read += 1;
            let taken = if csv.get_ref().cut(csv.position().byte(), &record) {
                Err(truncated(&record, line))
            } else {
                self.row(&record, file, line)
            };
            if let Err(error) = taken {
                if self.options.mode.is_strict() {
                    return Err(Error::Row {
                        what: what.to_owned(),
                        error,
                    });
                }
                self.report.counts.rejected.push(error);
                self.report.rejected_in.push(what.to_owned());
            }
        }
        Ok(())
    }

    /// Takes one row into its item, or gives its row error.
    fn row(&mut self, record: &csv::ByteRecord, file: u32, line: u64) -> Result<(), RowError> {
        let row = parse_row(record, line, self.latest_day)?;
        let country = self.country(row.country, line)?;
        let platform = self.platform(row.system);
        let s = row.status.index();
        self.countries[country as usize].rows[s] += 1;
        self.report.counts.rows_imported += 1;
        if row.date == FIRST_SCRAPE {
            self.report.first_scrape_rows += 1;
        }
        if self.report.latest_date.is_none_or(|d| d < row.date) {
            self.report.latest_date = Some(row.date);
        }
        match self.generic_of[platform as usize] {
            None => self.report.matched_rows += 1,
            Some(u) => {
                self.report.generic_rows += 1;
                self.unresolved[u as usize].rows += 1;
            }
        }
        // The same item under another status?
        let same = self.by_url.get(row.url).and_then(|ix| {
            ix.iter().copied().find(|&i| {
                let it = &self.items[i as usize];
                it.country == country && it.platform == platform
            })
        });
        if let Some(i) = same {
            let item = &mut self.items[i as usize];
            let c = &mut self.countries[country as usize];
            self.report.merged_rows += 1;
            if row.status > item.status {
                c.merged[item.status.index()] += 1;
                item.also |= 1 << item.status.index();
                item.status = row.status;
                item.file = file;
                item.line = line;
                item.mat_id = row.mat_id.into();
            } else {
                c.merged[s] += 1;
                item.also |= 1 << s;
            }
            item.date = item.date.min(row.date);
            return Ok(());
        }
        let url: Arc<str> = row.url.into();
        if !self.existing.is_empty()
            && self.existing.contains(&(
                self.countries[country as usize].holder.clone(),
                self.platforms[platform as usize].clone(),
                url.clone(),
            ))
        {
            self.report.merged_rows += 1;
            self.countries[country as usize].merged[s] += 1;
            return Ok(());
        }
        let i = self.items.len() as u32;
        self.items.push(Item {
            file,
            line,
            country,
            platform,
            url: url.clone(),
            status: row.status,
            date: row.date,
            mat_id: row.mat_id.into(),
            also: 0,
        });
        self.by_url.entry(url).or_default().push(i);
        Ok(())
    }

    /// The country's number, or an unknown-party row error.
    fn country(&mut self, name: &str, line: u64) -> Result<u32, RowError> {
        if let Some(i) = self.countries.iter().position(|c| &*c.name == name) {
            return Ok(i as u32);
        }
        let holder = import::holder(name).ok_or_else(|| {
            RowError::new(
                line,
                Some(HEADER[col::COUNTRY]),
                name,
                RowProblem::UnknownParty,
                "not a country the country table knows",
            )
        })?;
        self.countries.push(Country {
            name: name.into(),
            holder,
            rows: [0; 4],
            merged: [0; 4],
        });
        Ok(self.countries.len() as u32 - 1)
    }

    /// The platform slot of a system name (see the module's name rules): the catalog
    /// platform it resolves to (whole, or by its first word), else a generic platform with
    /// the category the catalog's keyword rules give it.
    fn platform(&mut self, system: &str) -> u32 {
        if let Some(&slot) = self.systems.get(system) {
            return slot;
        }
        let first_word = system.split(' ').next().unwrap_or_default();
        let resolved = self
            .catalog
            .resolve(system)
            .or_else(|| self.catalog.resolve(first_word))
            .map(|p| p.id().clone());
        let (platform, generic) = match resolved {
            Some(id) => {
                self.report
                    .matched_systems
                    .push((system.to_owned(), id.clone()));
                (PlatformRef::Catalog(id), None)
            }
            None => {
                let category = self.catalog.rule_for(system).map(|r| r.category());
                let kind = category.map_or_else(|| platform_kind(system), |c| c.default_kind());
                let generic = GenericPlatform::new(system, kind)
                    .expect("parse_row rejects empty system names");
                let generic = match category {
                    Some(c) => generic.with_category(c),
                    None => generic,
                };
                self.unresolved.push(Unresolved::new(system, category));
                (
                    PlatformRef::Generic(generic),
                    Some(self.unresolved.len() as u32 - 1),
                )
            }
        };
        let slot = self.platforms.len() as u32;
        self.platforms.push(platform);
        self.generic_of.push(generic);
        self.systems.insert(system.into(), slot);
        self.report.systems += 1;
        slot
    }

    /// The captor of a capture from `holder`: the other side of the war.
    fn captor(&self, holder: &HolderId) -> Option<HolderId> {
        if *holder == self.rus {
            Some(self.ukr.clone())
        } else if *holder == self.ukr {
            Some(self.rus.clone())
        } else {
            None
        }
    }

    /// Builds the entries and applies them as one batch: strict, all or nothing; lenient,
    /// each entry the ledger refuses a row error. In steps: the import's recorded time
    /// ([`Import::recorded`]); each item's entries ([`Import::item_entries`]: the lots it is
    /// the first to touch, opened, then its loss); the report's counts per status; the
    /// entries in date order ([`in_date_order`]); the batch ([`Import::apply`]).
    pub(super) fn finish(mut self, ledger: &mut Ledger) -> Result<Report, Error> {
        let stamps = Stamps::new(self.recorded(ledger)?, self.grade);
        let items = std::mem::take(&mut self.items);
        let mut entries = Vec::with_capacity(items.len() * 11 / 10);
        let mut lines: Vec<(u32, u64)> = Vec::with_capacity(entries.capacity());
        for item in &items {
            self.item_entries(item, &stamps, &mut entries);
            lines.resize(entries.len(), (item.file, item.line));
        }
        self.report.items = items.len() as u64;
        self.fill_status_counts(&items);
        for item in &items {
            if let Some(u) = self.generic_of[item.platform as usize] {
                self.unresolved[u as usize].units += 1;
            }
        }
        self.report.unresolved = import::ranked(std::mem::take(&mut self.unresolved));
        self.fill_category_counts(&items);
        let pending = in_date_order(entries, &lines, &self.report.counts);
        self.apply(ledger, pending)?;
        Ok(self.report)
    }

    /// The import's recorded time: [`Options::recorded`], by default the end of the latest
    /// `date_recorded` read (now, when no row was); refused when the ledger has later
    /// entries.
    fn recorded(&mut self, ledger: &Ledger) -> Result<Timestamp, Error> {
        let recorded = match self.options.recorded {
            Some(t) => t,
            None => self
                .report
                .latest_date
                .and_then(|d| d.tomorrow().ok())
                .and_then(|d| {
                    jiff::tz::Offset::UTC
                        .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
                        .ok()
                })
                .unwrap_or_else(Timestamp::now),
        };
        self.report.recorded = recorded;
        check_recorded(ledger, recorded).map_err(|e| Error::RecordedBeforeLedger {
            recorded: e.recorded,
            latest: e.latest,
        })?;
        Ok(recorded)
    }

    /// Pushes `item`'s entries onto `entries`: the `OpeningUnknown` of each lot it is the
    /// first to touch (the loser's and, for a capture, the captor's), then its loss.
    fn item_entries(&mut self, item: &Item, stamps: &Stamps, entries: &mut Vec<NewEntry>) {
        let holder = self.countries[item.country as usize].holder.clone();
        let platform = &self.platforms[item.platform as usize];
        let captor = match item.status {
            LossStatus::Captured => self.captor(&holder),
            _ => None,
        };
        for h in std::iter::once(&holder).chain(captor.as_ref()) {
            if self.opened.insert((h.clone(), platform.clone())) {
                entries.push(NewEntry::new(
                    h.clone(),
                    platform.clone(),
                    stamps.opening,
                    Change::OpeningUnknown,
                    stamps.source.clone(),
                    stamps.recorded,
                ));
                self.report.opened_lots += 1;
            }
        }
        if captor.is_some() {
            self.report.captures_credited += 1;
        }
        entries.push(self.loss_entry(item, holder, captor, stamps));
    }

    /// The loss of `item` from `holder`'s lot (captured by `captor`, when one is known), with
    /// its url and `matID` as the source's, and a note naming the other statuses it was
    /// listed under.
    fn loss_entry(
        &self,
        item: &Item,
        holder: HolderId,
        captor: Option<HolderId>,
        stamps: &Stamps,
    ) -> NewEntry {
        let cause = match item.status {
            LossStatus::Destroyed => LossCause::Destroyed,
            LossStatus::Damaged => LossCause::Damaged,
            LossStatus::Abandoned => LossCause::Abandoned,
            LossStatus::Captured => LossCause::Captured { by: captor },
        };
        let d = item.date;
        let effective = EffectiveDate::on_or_before(d.year(), d.month(), d.day())
            .expect("dates are checked to lie in 2022..today");
        let mut source = stamps.source.clone().with_url(item.url.clone());
        if !item.mat_id.is_empty() {
            source = source.with_reference(&*item.mat_id);
        }
        let entry = NewEntry::new(
            holder,
            self.platforms[item.platform as usize].clone(),
            effective,
            Change::Lost {
                count: Count::exact(1).expect("1 is a valid count"),
                from: Status::Unknown,
                cause,
            },
            source,
            stamps.recorded,
        );
        if item.also == 0 {
            return entry;
        }
        let mut note = String::from("oryx_also=");
        let also = LossStatus::ALL
            .iter()
            .rev()
            .filter(|s| item.also & (1 << s.index()) != 0);
        for (k, s) in also.enumerate() {
            if k > 0 {
                note.push(',');
            }
            note.push_str(s.into());
        }
        entry.with_note(note)
    }

    /// Applies the batch as the mode says ([`Pending::apply`]); each entry the ledger refuses
    /// names its file in the report (lenient), or stops the import naming it (strict).
    fn apply(&mut self, ledger: &mut Ledger, pending: Pending<u32>) -> Result<(), Error> {
        let (files, rejected_in) = (&self.files, &mut self.report.rejected_in);
        pending
            .apply(
                ledger,
                self.options.mode,
                &mut self.report.counts,
                |file, appended| {
                    if !appended {
                        rejected_in.push(files.get(file as usize).cloned().unwrap_or_default());
                    }
                },
            )
            .map_err(|r| Error::Ledger {
                what: self.files.get(r.tag as usize).cloned().unwrap_or_default(),
                line: r.line,
                source: r.source,
            })
    }

    /// The report's items per country and category.
    fn fill_category_counts(&mut self, items: &[Item]) {
        let category: Vec<Option<Category>> = self
            .platforms
            .iter()
            .map(|p| match p {
                PlatformRef::Catalog(id) => self.catalog.get(id).map(|p| p.category()),
                PlatformRef::Generic(g) => g.category(),
            })
            .collect();
        let mut counts: FxMap<(u32, Option<Category>), [u64; 4]> = FxMap::default();
        for item in items {
            let key = (item.country, category[item.platform as usize]);
            counts.entry(key).or_default()[item.status.index()] += 1;
        }
        let mut counts: Vec<_> = counts.into_iter().collect();
        counts.sort_unstable_by_key(|&(key, _)| key);
        for ((country, category), items) in counts {
            let c = &self.countries[country as usize];
            self.report.by_category.push(CategoryCount {
                country: c.name.to_string(),
                holder: c.holder.clone(),
                category,
                items,
            });
        }
    }

    /// The report's rows and items per country and status.
    fn fill_status_counts(&mut self, items: &[Item]) {
        let mut counted = vec![[0u64; 4]; self.countries.len()];
        for item in items {
            counted[item.country as usize][item.status.index()] += 1;
        }
        for (c, counted) in self.countries.iter().zip(counted) {
            for status in LossStatus::ALL {
                let s = status.index();
                self.report.by_status.push(StatusCount {
                    country: c.name.to_string(),
                    holder: c.holder.clone(),
                    status,
                    rows: c.rows[s],
                    merged: c.merged[s],
                    items: counted[s],
                });
            }
        }
    }
}

/// What every entry of one import shares: its recorded time, and the date and source of the
/// `OpeningUnknown` of each lot it opens (its losses take the source with their url).
struct Stamps {
    recorded: Timestamp,
    opening: EffectiveDate,
    source: Source,
}

impl Stamps {
    fn new(recorded: Timestamp, grade: Grade) -> Self {
        Self {
            recorded,
            opening: EffectiveDate::from_date(FIRST_DAY).expect("2022-02-24 is a valid date"),
            source: Source::new(CITATION, grade).expect("the citation is not empty"),
        }
    }
}

/// The entries as a batch in effective-date order, each with its file and line (stable:
/// each lot's `OpeningUnknown`, dated 2022-02-24, stays before its losses): the ledger
/// appends in date order at its lots' tails, where a back-dated insert costs a search.
fn in_date_order(entries: Vec<NewEntry>, lines: &[(u32, u64)], counts: &Counts) -> Pending<u32> {
    let mut order: Vec<u32> = (0..entries.len() as u32).collect();
    order.sort_by_key(|&i| entries[i as usize].effective());
    let mut slots: Vec<Option<NewEntry>> = entries.into_iter().map(Some).collect();
    let mut pending = Pending::with_capacity(slots.len());
    for i in order {
        if let Some(entry) = slots[i as usize].take() {
            let (file, line) = lines[i as usize];
            pending.push(entry, line, file, counts);
        }
    }
    pending
}

/// The CSV reader of an event or totals file: rows end at `\n`, so that the line count is
/// each row's own line with CRLF too (the `\r` is trimmed with the last field), and each row
/// is bounded ([`Lines`]).
pub(super) fn event_reader<R: Read>(reader: R) -> csv::Reader<Lines<BufReader<R>>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(64 * 1024)
        .from_reader(Lines::new(BufReader::with_capacity(64 * 1024, reader), 1))
}

/// A read of `what` that failed: a row over the limit, or the input's own error.
pub(super) fn read_error<R>(what: &str, lines: &Lines<R>, line: u64, e: &csv::Error) -> Error {
    match lines.too_long() {
        Some(error) => Error::LineTooLong {
            what: what.to_owned(),
            error: error.clone(),
        },
        None => Error::Io {
            what: what.to_owned(),
            line,
            message: e.to_string(),
        },
    }
}

/// The row error of the input's last row when no line end follows it.
pub(super) fn truncated(record: &csv::ByteRecord, line: u64) -> RowError {
    RowError::new(
        line,
        None,
        format!("{} fields", record.len()),
        RowProblem::Truncated,
        "the input ends inside this row: no line end follows it (the files end every row with one), so it may be cut off",
    )
}

/// Checks the header line (`None`: the input is empty).
fn check_header(what: &str, record: Option<&csv::ByteRecord>) -> Result<(), Error> {
    for (i, expected) in HEADER.iter().enumerate() {
        let found = record
            .and_then(|r| r.get(i))
            .map(|b| String::from_utf8_lossy(b).trim().to_owned())
            .unwrap_or_default();
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
    if let Some(r) = record
        && r.len() > HEADER.len()
    {
        return Err(Error::Header {
            what: what.to_owned(),
            column: HEADER.len() + 1,
            expected: "",
            found: String::from_utf8_lossy(&r[HEADER.len()]).into_owned(),
        });
    }
    Ok(())
}
