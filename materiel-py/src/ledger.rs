//! `Ledger`: a ledger opened from a journal (read-only or for writing), created, kept in
//! memory or in PostgreSQL; its imports, entries, retractions and queries.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use materiel::import::{baseline, oryx, sipri};
use materiel::journal::{JournalOptions, Recovery};
use materiel::ledger::Quantity;
use materiel::store::{DynStore, LedgerStore, MemoryStore};
use materiel::{EntryId, Journal, Ledger, NewEntry, PlatformRef, Source};
use pyo3::prelude::*;

use crate::args;
use crate::catalog::PyCatalog;
use crate::claims;
use crate::errors::{self, ResultExt, StoreError};
use crate::frame::Table;
use crate::groups;
use crate::report::{self, ImportReport};
use crate::tables::{export_csv, holdings_table, losses_table};

/// Where the ledger is.
pub(crate) enum Inner {
    /// Read once, for queries only.
    Read(Arc<Ledger>),
    /// A store opened for writing (a journal, memory, PostgreSQL).
    Write(DynStore),
}

/// A ledger: the answers to queries as pandas DataFrames, and, when opened for writing,
/// imports, entries and retractions that reach its store before the call returns.
///
/// Made by `open_journal`, `create_journal`, `memory_ledger` or `open_postgres`.
///
/// Example:
///
/// >>> import materiel
/// >>> ledger = materiel.memory_ledger()
/// >>> len(ledger), ledger.writable
/// (0, True)
#[pyclass(module = "materiel", name = "Ledger", frozen)]
pub(crate) struct PyLedger {
    inner: Mutex<Inner>,
    label: String,
    recovery: Option<String>,
}

impl PyLedger {
    pub(crate) fn new(inner: Inner, label: String, recovery: Option<&Recovery>) -> Self {
        Self {
            inner: Mutex::new(inner),
            label,
            recovery: recovery.map(ToString::to_string),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `f` on the ledger, without the GIL (other Python threads run meanwhile). The ledger's
    /// lock is taken only while the GIL is released, and nothing waits for the GIL while
    /// holding it, so the two locks cannot deadlock; a query reads the store's own ledger (no
    /// copy-on-write snapshot that the next append would have to clone).
    fn with_ledger<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&Ledger) -> PyResult<T> + Send,
    ) -> PyResult<T> {
        py.detach(|| match &*self.lock() {
            Inner::Read(l) => f(l),
            Inner::Write(s) => f(s.ledger()),
        })
    }

    /// `f` on the store, when the ledger was opened for writing.
    fn write<T>(&self, f: impl FnOnce(&mut DynStore) -> PyResult<T>) -> PyResult<T> {
        match &mut *self.lock() {
            Inner::Write(store) => f(store),
            Inner::Read(_) => Err(StoreError::new_err(format!(
                "{} was opened read-only: open it with write=True to change it",
                self.label
            ))),
        }
    }

    /// Imports with `run` into a copy of the ledger, then appends the new entries to the store
    /// in one batch (all or nothing), as the command-line tool does. The import keeps the GIL:
    /// it runs under the ledger's lock, which a query waiting for the GIL may want.
    fn import<R>(
        &self,
        run: impl FnOnce(&mut Ledger) -> PyResult<R>,
    ) -> PyResult<(R, Option<std::ops::Range<u64>>)> {
        self.write(|store| {
            let mut scratch = store.ledger().clone();
            let before = scratch.len();
            let report = run(&mut scratch)?;
            let entries: Vec<NewEntry> = scratch
                .entries()
                .skip(before)
                .map(materiel::Entry::into_content)
                .collect();
            let range = if entries.is_empty() {
                None
            } else {
                Some(store.extend(entries).map_err(errors::store)?)
            };
            Ok((report, range))
        })
    }
}

/// An entry from its JSON form: a dict (or JSON text) as `NewEntry` serializes.
fn new_entry(py: Python<'_>, entry: &Bound<'_, PyAny>) -> PyResult<NewEntry> {
    let text: String = if let Ok(s) = entry.extract::<String>() {
        s
    } else {
        py.import("json")?
            .getattr("dumps")?
            .call1((entry,))?
            .extract()?
    };
    serde_json::from_str(&text)
        .map_err(|e| errors::parse(format!("not an entry in its JSON form: {e}")))
}

fn source(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Source> {
    let text: String = py
        .import("json")?
        .getattr("dumps")?
        .call1((source,))?
        .extract()?;
    serde_json::from_str(&text)
        .map_err(|e| errors::parse(format!("not a source in its JSON form: {e}")))
}

#[pymethods]
impl PyLedger {
    /// The number of entries, retractions included.
    ///
    /// Example:
    ///
    /// >>> len(materiel.memory_ledger())
    /// 0
    fn __len__(&self) -> usize {
        match &*self.lock() {
            Inner::Read(l) => l.len(),
            Inner::Write(s) => s.ledger().len(),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<materiel.Ledger {} ({} entries)>",
            self.label,
            self.__len__()
        )
    }

    /// Where the ledger is: a journal's path, `memory` or a PostgreSQL schema.
    ///
    /// Example:
    ///
    /// >>> materiel.memory_ledger().label
    /// 'memory'
    #[getter]
    fn label(&self) -> &str {
        &self.label
    }

    /// Whether the ledger was opened for writing.
    ///
    /// Example:
    ///
    /// >>> materiel.open_journal("ven.journal").writable
    /// False
    #[getter]
    fn writable(&self) -> bool {
        matches!(&*self.lock(), Inner::Write(_))
    }

    /// What was wrong at the end of the journal when it was read (a torn tail left by a crash,
    /// kept out of the ledger), or `None`.
    ///
    /// Example:
    ///
    /// >>> materiel.open_journal("ven.journal").recovery is None
    /// True
    #[getter]
    fn recovery(&self) -> Option<&str> {
        self.recovery.as_deref()
    }

    /// The ledger's catalog.
    ///
    /// Example:
    ///
    /// >>> materiel.memory_ledger().catalog.platform("Su-30MK2")["id"]
    /// 'su-30mk2'
    #[getter]
    fn catalog(&self) -> PyCatalog {
        let catalog = match &*self.lock() {
            Inner::Read(l) => l.catalog().clone(),
            Inner::Write(s) => s.ledger().catalog().clone(),
        };
        PyCatalog::from(catalog)
    }

    /// Appends one entry, given in its JSON form (a dict or JSON text, as the journal's
    /// `entry` objects are written, without `id`), and returns its id.
    ///
    /// Raises `LedgerError` when the ledger refuses it (nothing is stored), `ParseError` when
    /// it is not an entry.
    ///
    /// Example:
    ///
    /// >>> ledger.record({
    /// ...     "holder": "VEN", "platform": "su-30mk2", "effective": "2006",
    /// ...     "recorded": "2025-03-10T00:00:00Z",
    /// ...     "change": {"kind": "delivered", "count": {"value": 4}, "into": "unknown"},
    /// ...     "source": {"citation": "SIPRI Arms Transfers Database", "grade": "A2"}})
    /// 0
    fn record(&self, py: Python<'_>, entry: &Bound<'_, PyAny>) -> PyResult<u64> {
        let entry = new_entry(py, entry)?;
        self.write(|store| store.append(entry).map(EntryId::get).map_err(errors::store))
    }

    /// Appends entries (dicts or JSON text) as one batch: all of them, or none when the
    /// ledger refuses one. Returns the ids of the first and the last (`None` for no entry).
    ///
    /// Example:
    ///
    /// >>> ledger.record_many([delivery_2006, delivery_2007])
    /// (1, 2)
    fn record_many(
        &self,
        py: Python<'_>,
        entries: &Bound<'_, PyAny>,
    ) -> PyResult<Option<(u64, u64)>> {
        let mut batch = Vec::new();
        for e in entries.try_iter()? {
            batch.push(new_entry(py, &e?)?);
        }
        if batch.is_empty() {
            return Ok(None);
        }
        let range = self.write(|store| store.extend(batch).map_err(errors::store))?;
        Ok(Some((range.start, range.end.saturating_sub(1))))
    }

    /// Withdraws the entry `entry` on the word of `source` (a dict: `citation`, `grade`,
    /// optional `url` and `reference`), recorded at `recorded`; returns the retraction's id.
    /// Queries as known before `recorded` still see the entry.
    ///
    /// Example:
    ///
    /// >>> ledger.retract(0, {"citation": "analyst correction", "grade": "B2"},
    /// ...                "2025-03-11T00:00:00Z", note="keyed twice")
    /// 3
    #[pyo3(signature = (entry, source, recorded, note=None))]
    fn retract(
        &self,
        py: Python<'_>,
        entry: u64,
        source: &Bound<'_, PyAny>,
        recorded: &Bound<'_, PyAny>,
        note: Option<String>,
    ) -> PyResult<u64> {
        let source = self::source(py, source)?;
        let recorded = args::timestamp("recorded", recorded)?;
        self.write(|store| {
            store
                .retract(EntryId::new(entry), source, recorded, note)
                .map(EntryId::get)
                .map_err(errors::store)
        })
    }

    /// Imports a SIPRI Arms Transfers CSV export (the trade register) and returns its
    /// `ImportReport`. The import's entries reach the store in one batch. Lenient by default
    /// (bad rows are listed in the report and skipped); `strict=True` stops at the first and
    /// writes nothing. `recipients` keeps only those recipients' rows, `recorded` sets the
    /// entries' recorded time (default: the export's generation date), `edition` the
    /// generation date of an export without one.
    ///
    /// Example:
    ///
    /// >>> report = ledger.import_sipri("trade-register.csv", recipients=["Venezuela"])
    /// >>> report.rejected == [] and report.entries_created > 0
    /// True
    #[pyo3(signature = (path, *, strict=false, recipients=None, recorded=None, edition=None))]
    fn import_sipri(
        &self,
        py: Python<'_>,
        path: PathBuf,
        strict: bool,
        recipients: Option<Vec<String>>,
        recorded: Option<&Bound<'_, PyAny>>,
        edition: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<ImportReport> {
        let mut options = sipri::Options::new().strict(strict);
        for r in recipients.unwrap_or_default() {
            options = options.recipient(r);
        }
        if let Some(t) = recorded {
            options = options.recorded(args::timestamp("recorded", t)?);
        }
        if let Some(d) = edition {
            options = options.edition(args::date("edition", d)?);
        }
        let (r, range) = self.import(|l| sipri::import_file(l, &path, &options).py())?;
        report::sipri(py, &r, &range)
    }

    /// Imports Oryx's loss lists (event files of the `scarnecchia/oryx_data` scrape, or a
    /// directory holding them) and returns its `ImportReport`; as `import_sipri`, one batch,
    /// lenient unless `strict=True`.
    ///
    /// Example:
    ///
    /// >>> report = ledger.import_oryx(["data/oryx"])
    /// >>> report.details["items"] >= report.rows_imported
    /// True
    #[pyo3(signature = (paths, *, strict=false, recorded=None))]
    fn import_oryx(
        &self,
        py: Python<'_>,
        paths: Vec<PathBuf>,
        strict: bool,
        recorded: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<ImportReport> {
        let mut options = oryx::Options::new().strict(strict);
        if let Some(t) = recorded {
            options = options.recorded(args::timestamp("recorded", t)?);
        }
        let mut files = Vec::new();
        for p in paths {
            if p.is_dir() {
                files.extend(
                    oryx::EVENT_FILES
                        .iter()
                        .map(|f| p.join(f))
                        .filter(|f| f.is_file()),
                );
            } else {
                files.push(p);
            }
        }
        let (r, range) = self.import(|l| oryx::import_files(l, &files, &options).py())?;
        report::oryx(py, &r, &range)
    }

    /// Imports a baseline table (CSV: holder, platform, date, count, qualifier, source,
    /// grade, optionally note) as claims of the count held, as `materiel import baseline`;
    /// as `import_sipri`, one batch, lenient unless `strict=True`, recorded now by default.
    ///
    /// Example:
    ///
    /// >>> ledger.import_baseline("tests/data/baseline-example.csv").details["claims"]
    /// 6
    #[pyo3(signature = (path, *, strict=false, recorded=None))]
    fn import_baseline(
        &self,
        py: Python<'_>,
        path: PathBuf,
        strict: bool,
        recorded: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<ImportReport> {
        let mut options = baseline::Options::new().strict(strict);
        if let Some(t) = recorded {
            options = options.recorded(args::timestamp("recorded", t)?);
        }
        let (r, range) = self.import(|l| baseline::import_file(l, &path, &options).py())?;
        report::baseline(py, &r, &range)
    }

    /// Makes the entries appended so far durable (a journal's `fsync`).
    ///
    /// Example:
    ///
    /// >>> ledger.sync()
    fn sync(&self) -> PyResult<()> {
        self.write(|store| store.sync().map_err(errors::store))
    }

    /// What `holder` holds (every holder when `None`) at the view's date, one row per holder
    /// and platform: the columns of the CSV export's holdings table. `captured_held_lower`
    /// and `captured_held_upper` are "of which captured": how many of the units in service
    /// were captured from other holders (a range). `category`, `origin` and `family` are
    /// the platform's category, its country of origin in the catalog and its family root.
    /// Then the columns `materiel holdings --format csv` adds: `bounds_lower`,
    /// `bounds_upper`, `bounds_point` (a lot's least and most units held and the point, where
    /// they say more than its count: a munition never assessed, an opening stock unknown,
    /// claims or assessments that disagree; missing otherwise, and an upper bound missing
    /// when there is none) and `disputed_assessment` (the entry id of the assessment that
    /// sets the count where other supports disagree with it).
    ///
    /// `origin` (a code or country name, a comma-separated text such as `"RUS,SUN"` or a
    /// list) keeps only the platforms whose catalog origin is one of those given, as
    /// `materiel holdings --origin`: Soviet-era designs are `SUN`, later Russian ones `RUS`, so
    /// "Russian-made" counting Soviet-made is both, the caller's choice. Generic equipment has
    /// no origin and is left out, as are catalog platforms that give none.
    ///
    /// `by` (`"platform"`, `"family"` or `"category"`) sums the holdings by that group
    /// instead (`Ledger::group_holdings`), as `materiel holdings HOLDER --by GROUP --format
    /// csv` gives them, with its columns: `holder`, the group (named after `by`), `lots`,
    /// `in_service`, `in_service_basis` (`at_least` where the group has no upper limit and its
    /// least is its count), the units by status under their codes (`FMC`, `PMC`, `NMCM`,
    /// `NMCS`, `NMCD`, `STORED`, `NKN`), `captured_held_lower`, `captured_held_upper`,
    /// `bounds_lower`, `bounds_upper` (the sums of the lots' bounds; missing: no upper limit);
    /// every holder's groups, holder after holder, when `holder` is `None`.
    ///
    /// Example:
    ///
    /// >>> ledger.holdings("VEN", origin="RUS,SUN").groupby("category")["in_service"].sum()
    /// >>> ledger.holdings("VEN", by="category", origin="RUS,SUN")[["category", "in_service"]]
    /// >>> df = ledger.holdings("VEN", at="2010-01-01", min_grade="B3")
    /// >>> df.loc[df.platform == "su-30mk2", "in_service"].item()
    /// 24
    #[pyo3(signature = (
        holder=None, *, by=None, origin=None, at=None, known_at=None, min_grade=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn holdings(
        &self,
        py: Python<'_>,
        holder: Option<&str>,
        by: Option<&str>,
        origin: Option<&Bound<'_, PyAny>>,
        at: Option<&Bound<'_, PyAny>>,
        known_at: Option<&Bound<'_, PyAny>>,
        min_grade: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let origins = args::names("origin", origin)?;
        let view = args::as_of(at, known_at, min_grade)?;
        let table = self.with_ledger(py, |ledger| match by {
            Some(by) => groups::holdings(ledger, holder, by, &origins, &view),
            None => holdings_table(ledger, holder, &origins, &view),
        })?;
        table.into_frame(py)
    }

    /// One lot (`holder` x `platform`) at the view's date: its row of the holdings table, or
    /// no row when the lot has nothing at that date.
    ///
    /// Example:
    ///
    /// >>> ledger.lot("VEN", "Su-30MK2", at="2007-12-31")["in_service"].item()
    /// 16
    #[pyo3(signature = (holder, platform, *, at=None, known_at=None, min_grade=None))]
    fn lot(
        &self,
        py: Python<'_>,
        holder: &str,
        platform: &str,
        at: Option<&Bound<'_, PyAny>>,
        known_at: Option<&Bound<'_, PyAny>>,
        min_grade: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let view = args::as_of(at, known_at, min_grade)?;
        let table = self.with_ledger(py, |ledger| {
            let name = match args::platform(ledger, platform)? {
                PlatformRef::Catalog(id) => id.to_string(),
                PlatformRef::Generic(g) => g.designation().to_owned(),
            };
            let csv = export_csv(ledger, "holdings", Some(holder), None, &view)?;
            let mut table = Table::from_csv(&csv)?;
            table.filter_text("platform", |p| p == name);
            Ok(table)
        })?;
        table.into_frame(py)
    }

    /// One lot's states over time up to the view's date, one row per step: the columns of
    /// the CSV export's timeline table.
    ///
    /// Example:
    ///
    /// >>> ledger.timeline("VEN", "su-30mk2")[["effective", "in_service"]].values.tolist()
    /// [['2006', 4], ['2007', 16], ['2008', 24]]
    #[pyo3(signature = (holder, platform, *, at=None, known_at=None, min_grade=None))]
    fn timeline(
        &self,
        py: Python<'_>,
        holder: &str,
        platform: &str,
        at: Option<&Bound<'_, PyAny>>,
        known_at: Option<&Bound<'_, PyAny>>,
        min_grade: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        self.frame(
            py,
            "timeline",
            Some(holder),
            Some(platform),
            at,
            known_at,
            min_grade,
        )
    }

    /// Open requests and orders of `holder` (every holder when `None`) at the view's date:
    /// the columns of the CSV export's pipeline table. `remainder` says what is still due:
    /// `due` (`outstanding` units), `unstated` (a request without a count) or `unknown` (an
    /// order known only as a bound whose known part is delivered, such as a SIPRI deal;
    /// `outstanding` empty).
    ///
    /// Example:
    ///
    /// >>> p = ledger.pipeline("VEN")
    /// >>> p[p["remainder"] != "unknown"][["platform", "count", "outstanding"]]
    #[pyo3(signature = (holder=None, *, at=None, known_at=None, min_grade=None))]
    fn pipeline(
        &self,
        py: Python<'_>,
        holder: Option<&str>,
        at: Option<&Bound<'_, PyAny>>,
        known_at: Option<&Bound<'_, PyAny>>,
        min_grade: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        self.frame(py, "pipeline", holder, None, at, known_at, min_grade)
    }

    /// Losses of `holder` (every holder when `None`) up to the view's date by holder,
    /// platform, cause and month: the rows and columns of `materiel losses [HOLDER] --format
    /// csv` (`month` as the month's first day; `category`, `origin`, `family` last), in the
    /// library's order (`Ledger::losses`). A row's `category` is missing where the platform has
    /// none (generic equipment without one), which the grouped answers (`by="category"`) call
    /// `"uncategorised"`: group the rows with `dropna=False`, or `fillna("uncategorised")`
    /// first, for the same totals. With `by` (`"platform"`, `"family"` or `"category"`),
    /// `category`, `since` / `until` (dates or periods, as `at=`) or `per`
    /// (`"month"` or `"year"`), the losses summed by that group (platform when `by` is not
    /// given) and period instead, every cause together, as `materiel losses --by`: columns
    /// `holder`, the group (named after `by`), `period` (the bucket's first day; missing for
    /// one bucket), `units`, `units_basis`. `origin` (a code or name, `"RUS,SUN"` or a list,
    /// as `holdings` takes it) sums only the platforms whose catalog origin is one of those
    /// given, as `materiel losses --origin` (a filter, so the losses are summed, by platform
    /// when `by` is not given); generic equipment and catalog platforms that give none are
    /// left out.
    ///
    /// Example:
    ///
    /// >>> ledger.losses("RUS", known_at="2025-06-01").groupby("cause", observed=True)["count"].sum()
    /// >>> ledger.losses("RUS", by="category", category="tank", since="2023", until="2023", per="month")
    /// >>> ledger.losses("RUS", by="category", origin="RUS,SUN")
    #[pyo3(signature = (
        holder=None, *, by=None, category=None, origin=None, since=None, until=None, per=None,
        at=None, known_at=None, min_grade=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn losses(
        &self,
        py: Python<'_>,
        holder: Option<&str>,
        by: Option<&str>,
        category: Option<&str>,
        origin: Option<&Bound<'_, PyAny>>,
        since: Option<&Bound<'_, PyAny>>,
        until: Option<&Bound<'_, PyAny>>,
        per: Option<&str>,
        at: Option<&Bound<'_, PyAny>>,
        known_at: Option<&Bound<'_, PyAny>>,
        min_grade: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let mut options = groups::options(Vec::new(), category, since, until, per)?;
        options.origins = args::names("origin", origin)?;
        let grouped = by.is_some()
            || [category, per].iter().any(Option::is_some)
            || !options.origins.is_empty()
            || options.since.is_some()
            || options.until.is_some();
        let view = args::as_of(at, known_at, min_grade)?;
        let table = self.with_ledger(py, |ledger| {
            if grouped {
                let by = by.unwrap_or("platform");
                groups::losses(ledger, holder, by, &options, &view)
            } else {
                losses_table(ledger, holder, &view)
            }
        })?;
        table.into_frame(py)
    }

    /// The open conflicts between sources (`Ledger::conflicts`) of `holder` (every holder
    /// when `None`), widest first: one row per figure behind a conflict, with the columns of
    /// `materiel conflicts [HOLDER] --format csv` (`holder`, `platform`, `quantity`, `lower`,
    /// `upper`, `point`, `support`, `entry`, `source_citation`, `source_grade`, `effective`,
    /// `stated`).
    ///
    /// Example:
    ///
    /// >>> ledger.conflicts("VEN")[["platform", "lower", "upper", "stated"]]
    #[pyo3(signature = (holder=None, *, at=None, known_at=None, min_grade=None))]
    fn conflicts(
        &self,
        py: Python<'_>,
        holder: Option<&str>,
        at: Option<&Bound<'_, PyAny>>,
        known_at: Option<&Bound<'_, PyAny>>,
        min_grade: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let view = args::as_of(at, known_at, min_grade)?;
        let table = self.with_ledger(py, |ledger| claims::conflicts(ledger, holder, &view))?;
        table.into_frame(py)
    }

    /// What the sources allow of one quantity of `holder`'s `platform` (`Ledger::bounds`):
    /// one row per figure behind the bounds, with the columns of `conflicts`. `quantity` is
    /// `"held"` (the default), `"delivered"`, `"lost"` or `{"in_status": "stored"}`.
    ///
    /// Example:
    ///
    /// >>> ledger.bounds("VEN", "Su-30MK2")[["lower", "upper", "point", "support"]]
    #[pyo3(signature = (holder, platform, quantity=None, *, at=None, known_at=None, min_grade=None))]
    #[allow(clippy::too_many_arguments)]
    fn bounds(
        &self,
        py: Python<'_>,
        holder: &str,
        platform: &str,
        quantity: Option<&Bound<'_, PyAny>>,
        at: Option<&Bound<'_, PyAny>>,
        known_at: Option<&Bound<'_, PyAny>>,
        min_grade: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let quantity = match quantity.filter(|q| !q.is_none()) {
            Some(q) => claims::quantity(py, q)?,
            None => Quantity::Held,
        };
        let view = args::as_of(at, known_at, min_grade)?;
        let table = self.with_ledger(py, |ledger| {
            claims::bounds(ledger, holder, platform, quantity, &view)
        })?;
        table.into_frame(py)
    }

    /// Deliveries to `recipient` (every holder when `None`) summed by the library's
    /// `import::sipri::group_deliveries` (`Ledger::group_deliveries` with SIPRI TIVs): by
    /// `"platform"` (the default), `"family"`, `"category"` or `"supplier"`, only from
    /// `supplier` (a code or name, `"RUS,FRA"` or a list: any of them), of `category`, `since` / `until` (dates or periods, as `at=`), per
    /// `"month"` or `"year"`. Columns: `recipient`, the group (named after `by`), `period`
    /// (the bucket's first day; missing for one bucket), `units`, `units_basis`, `tiv` (SIPRI
    /// trend-indicator values, millions; deliveries without one add none), `without_tiv` (how
    /// many of the row's deliveries have none). (`materiel deliveries` also splits each group
    /// by supplier.) `origin` (a code or name, `"RUS,SUN"` or a list, as `holdings` takes it)
    /// keeps only the platforms whose catalog origin is one of those given, as
    /// `materiel deliveries --origin`.
    ///
    /// Example:
    ///
    /// >>> ledger.deliveries("IND", by="supplier", since="2010", per="year")
    /// >>> ledger.deliveries("VEN", by="category", origin="RUS,SUN")
    #[pyo3(signature = (
        recipient=None, *, by="platform", supplier=None, category=None, origin=None, since=None,
        until=None, per=None, at=None, known_at=None, min_grade=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn deliveries(
        &self,
        py: Python<'_>,
        recipient: Option<&str>,
        by: &str,
        supplier: Option<&Bound<'_, PyAny>>,
        category: Option<&str>,
        origin: Option<&Bound<'_, PyAny>>,
        since: Option<&Bound<'_, PyAny>>,
        until: Option<&Bound<'_, PyAny>>,
        per: Option<&str>,
        at: Option<&Bound<'_, PyAny>>,
        known_at: Option<&Bound<'_, PyAny>>,
        min_grade: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let mut options = groups::options(
            args::names("supplier", supplier)?,
            category,
            since,
            until,
            per,
        )?;
        options.origins = args::names("origin", origin)?;
        let view = args::as_of(at, known_at, min_grade)?;
        let table = self.with_ledger(py, |ledger| {
            groups::deliveries(ledger, recipient, by, &options, &view)
        })?;
        table.into_frame(py)
    }

    /// Supplier x recipient flows: `import::sipri::group_deliveries` by supplier, over every
    /// recipient (or `recipient`), with the filters of `deliveries`. Columns: `supplier`
    /// (`unknown` when the source does not say), `recipient`, `period`, `units`,
    /// `units_basis`, `tiv`, `without_tiv` (`materiel transfers`'s, and the count of
    /// deliveries without a TIV).
    ///
    /// Example:
    ///
    /// >>> ledger.transfers(supplier="RUS", category="combat_aircraft")
    #[pyo3(signature = (
        *, recipient=None, supplier=None, category=None, since=None, until=None, per=None,
        at=None, known_at=None, min_grade=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn transfers(
        &self,
        py: Python<'_>,
        recipient: Option<&str>,
        supplier: Option<&Bound<'_, PyAny>>,
        category: Option<&str>,
        since: Option<&Bound<'_, PyAny>>,
        until: Option<&Bound<'_, PyAny>>,
        per: Option<&str>,
        at: Option<&Bound<'_, PyAny>>,
        known_at: Option<&Bound<'_, PyAny>>,
        min_grade: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let options = groups::options(
            args::names("supplier", supplier)?,
            category,
            since,
            until,
            per,
        )?;
        let view = args::as_of(at, known_at, min_grade)?;
        let table = self.with_ledger(py, |ledger| {
            groups::transfers(ledger, recipient, &options, &view)
        })?;
        table.into_frame(py)
    }

    /// Every entry, in append order, retractions included: the columns of the CSV export's
    /// entries table.
    ///
    /// Example:
    ///
    /// >>> ledger.entries()[["id", "holder", "change", "count"]].head()
    fn entries(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.frame(py, "entries", None, None, None, None, None)
    }

    /// The CSV export of a table (`"entries"`, `"holdings"`, `"timeline"`, `"pipeline"`) as
    /// text, exactly as `materiel export` writes it: what the DataFrame methods read.
    ///
    /// Example:
    ///
    /// >>> import io, pandas as pd
    /// >>> pd.read_csv(io.StringIO(ledger.to_csv("holdings", "VEN"))).shape[1]
    /// 47
    #[pyo3(signature = (table, holder=None, platform=None, *, at=None, known_at=None, min_grade=None))]
    #[allow(clippy::too_many_arguments)]
    fn to_csv(
        &self,
        py: Python<'_>,
        table: &str,
        holder: Option<&str>,
        platform: Option<&str>,
        at: Option<&Bound<'_, PyAny>>,
        known_at: Option<&Bound<'_, PyAny>>,
        min_grade: Option<&str>,
    ) -> PyResult<String> {
        let view = args::as_of(at, known_at, min_grade)?;
        let csv = self.with_ledger(py, |ledger| {
            export_csv(ledger, table, holder, platform, &view)
        })?;
        String::from_utf8(csv).map_err(|e| errors::ExportError::new_err(e.to_string()))
    }
}

impl PyLedger {
    #[allow(clippy::too_many_arguments)]
    fn frame(
        &self,
        py: Python<'_>,
        table: &str,
        holder: Option<&str>,
        platform: Option<&str>,
        at: Option<&Bound<'_, PyAny>>,
        known_at: Option<&Bound<'_, PyAny>>,
        min_grade: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let view = args::as_of(at, known_at, min_grade)?;
        let table = self.with_ledger(py, |ledger| {
            let csv = export_csv(ledger, table, holder, platform, &view)?;
            Table::from_csv(&csv)
        })?;
        table.into_frame(py)
    }
}

/// Opens the journal at `path`: read-only (the default; no lock is taken and nothing is
/// written) or, with `write=True`, for writing (locked against other writers). `catalog`
/// defaults to the bundled reference catalog.
///
/// Raises `JournalError` when the file is missing, damaged or locked by another writer (and,
/// for writing, when its end is torn: repair it with `materiel verify --repair`).
///
/// Example:
///
/// >>> ledger = materiel.open_journal("ven.journal")
/// >>> ledger.holdings("VEN").shape[0] > 0
/// True
#[pyfunction]
#[pyo3(signature = (path, *, write=false, catalog=None))]
pub(crate) fn open_journal(
    py: Python<'_>,
    path: PathBuf,
    write: bool,
    catalog: Option<&PyCatalog>,
) -> PyResult<PyLedger> {
    let catalog = catalog.map_or_else(materiel::Catalog::reference, PyCatalog::inner);
    let label = path.display().to_string();
    if write {
        let journal = py
            .detach(|| Journal::open(&path, catalog, &JournalOptions::new()))
            .py()?;
        if let Some(r) = journal.recovery().filter(|r| !r.repaired) {
            return Err(errors::JournalError::new_err(format!(
                "{label}: {r}; nothing written (run `materiel verify --repair` first)"
            )));
        }
        return Ok(PyLedger::new(Inner::Write(journal.boxed()), label, None));
    }
    let replay = py
        .detach(|| Journal::read(&path, catalog, &JournalOptions::new()))
        .py()?;
    Ok(PyLedger::new(
        Inner::Read(Arc::new(replay.ledger)),
        label,
        replay.recovery.as_ref(),
    ))
}

/// Creates a new, empty journal at `path`, opened for writing; refuses to overwrite a file.
///
/// Example:
///
/// >>> ledger = materiel.create_journal("new.journal")
/// >>> ledger.writable, len(ledger)
/// (True, 0)
#[pyfunction]
#[pyo3(signature = (path, *, catalog=None))]
pub(crate) fn create_journal(path: PathBuf, catalog: Option<&PyCatalog>) -> PyResult<PyLedger> {
    let catalog = catalog.map_or_else(materiel::Catalog::reference, PyCatalog::inner);
    let journal = Journal::create(&path, catalog, &JournalOptions::new()).py()?;
    Ok(PyLedger::new(
        Inner::Write(journal.boxed()),
        path.display().to_string(),
        None,
    ))
}

/// A new, empty ledger in memory, for writing (nothing is kept when it is dropped).
///
/// Example:
///
/// >>> ledger = materiel.memory_ledger()
/// >>> ledger.label
/// 'memory'
#[pyfunction]
#[pyo3(signature = (*, catalog=None))]
pub(crate) fn memory_ledger(catalog: Option<&PyCatalog>) -> PyLedger {
    let catalog = catalog.map_or_else(materiel::Catalog::reference, PyCatalog::inner);
    PyLedger::new(
        Inner::Write(MemoryStore::new(catalog).boxed()),
        "memory".to_owned(),
        None,
    )
}

/// Opens (or, with `create=True`, creates) the ledger in PostgreSQL schema `schema` of the
/// database at `url`, for writing. Only in wheels built with the `postgres` feature
/// (`MATURIN_PEP517_ARGS="--features postgres" pip install ./materiel-py`).
///
/// Example:
///
/// >>> ledger = materiel.open_postgres("postgres://user:pw@localhost/db", schema="materiel")
#[cfg(feature = "postgres")]
#[pyfunction]
#[pyo3(signature = (url, *, schema="materiel", create=false))]
pub(crate) fn open_postgres(
    py: Python<'_>,
    url: &str,
    schema: &str,
    create: bool,
) -> PyResult<PyLedger> {
    use materiel::postgres::{PgOptions, PgStore};
    let options = PgOptions::new().schema(schema);
    let store = py
        .detach(|| {
            if create {
                PgStore::create(url, materiel::Catalog::reference(), &options)
            } else {
                PgStore::open(url, &options)
            }
        })
        .py()?;
    let label = format!("PostgreSQL schema {schema}");
    Ok(PyLedger::new(Inner::Write(store.boxed()), label, None))
}
