//! `ImportReport`: what an import of SIPRI or Oryx files did, as a Python object.

use std::ops::Range;

use materiel::import::{Counts, baseline, oryx, sipri};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// What an import did: rows read, imported, filtered and rejected, the entries it appended,
/// the importer's own figures and its report as text.
///
/// Example:
///
/// >>> report = ledger.import_sipri("tests/data/sipri-excerpt.csv", recipients=["Venezuela"])
/// >>> report.rows_imported, report.first_entry, report.last_entry
/// (177, 0, 268)
/// >>> print(report)  # the importer's report, as `materiel import` prints it
#[pyclass(module = "materiel", name = "ImportReport", frozen, get_all)]
pub(crate) struct ImportReport {
    /// `"sipri"`, `"oryx"` or `"baseline"`.
    source: String,
    /// Data rows read, whatever became of them.
    rows_read: u64,
    /// Rows turned into entries.
    rows_imported: u64,
    /// Rows left out by the options' filters.
    rows_filtered: u64,
    /// The rejected rows, as dicts: `line`, `field` (or `None`), `value`, `problem` (a
    /// category such as `"unknown_value"`), `reason` and `message` (the whole sentence).
    rejected: Vec<Py<PyDict>>,
    /// Entries appended to the ledger.
    entries_created: u64,
    /// The id of the first entry appended, `None` when none was.
    first_entry: Option<u64>,
    /// The id of the last entry appended, `None` when none was.
    last_entry: Option<u64>,
    /// The recorded time given to the entries (RFC 3339).
    recorded: String,
    /// The importer's own figures (SIPRI: `deals`, `orders`, `deliveries`, `openings`,
    /// `matched_rows`, `generic_rows`, ...; Oryx: `items`, `merged_rows`, `opened_lots`, `known_lots`,
    /// `captures_credited`, ...; a baseline table: `claims`, `lots`).
    details: Py<PyDict>,
    /// The importer's report as text.
    text: String,
}

#[pymethods]
impl ImportReport {
    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "ImportReport(source='{}', rows_read={}, rows_imported={}, rows_filtered={}, rejected={}, entries_created={})",
            self.source,
            self.rows_read,
            self.rows_imported,
            self.rows_filtered,
            self.rejected.len(),
            self.entries_created
        )
    }
}

fn rejected(py: Python<'_>, counts: &Counts) -> PyResult<Vec<Py<PyDict>>> {
    counts
        .rejected
        .iter()
        .map(|r| {
            let d = PyDict::new(py);
            d.set_item("line", r.line)?;
            d.set_item("field", r.field)?;
            d.set_item("value", &r.value)?;
            d.set_item("problem", r.problem.to_string())?;
            d.set_item("reason", &r.reason)?;
            d.set_item("message", r.to_string())?;
            Ok(d.unbind())
        })
        .collect()
}

fn base(
    py: Python<'_>,
    source: &str,
    counts: &Counts,
    appended: &Option<Range<u64>>,
    recorded: String,
    details: Bound<'_, PyDict>,
    text: String,
) -> PyResult<ImportReport> {
    let (first, last, n) = match appended {
        Some(r) if !r.is_empty() => (Some(r.start), Some(r.end - 1), r.end - r.start),
        _ => (None, None, 0),
    };
    Ok(ImportReport {
        source: source.to_owned(),
        rows_read: counts.rows_read,
        rows_imported: counts.rows_imported,
        rows_filtered: counts.rows_filtered,
        rejected: rejected(py, counts)?,
        entries_created: n,
        first_entry: first,
        last_entry: last,
        recorded,
        details: details.unbind(),
        text,
    })
}

/// The report of a SIPRI import whose entries got the ids `appended`.
pub(crate) fn sipri(
    py: Python<'_>,
    r: &sipri::Report,
    appended: &Option<Range<u64>>,
) -> PyResult<ImportReport> {
    let d = PyDict::new(py);
    d.set_item("generated", &r.generated)?;
    d.set_item("generated_date", r.generated_date.to_string())?;
    d.set_item("citation", &r.citation)?;
    d.set_item("window", r.window)?;
    for (k, v) in [
        ("deals", r.deals),
        ("orders", r.orders),
        ("deliveries", r.deliveries),
        ("matched_rows", r.matched_rows),
        ("generic_rows", r.generic_rows),
        ("variant_rows", r.variant_rows),
        ("generic_designations", r.generic_designations),
        ("retracted", r.retracted),
        ("openings", r.openings),
    ] {
        d.set_item(k, v)?;
    }
    let matched: Vec<(String, String)> = r
        .matched_designations
        .iter()
        .map(|(name, id)| (name.clone(), id.to_string()))
        .collect();
    d.set_item("matched_designations", matched)?;
    base(
        py,
        "sipri",
        &r.counts,
        appended,
        r.recorded.to_string(),
        d,
        r.to_string(),
    )
}

/// The report of an Oryx import whose entries got the ids `appended`.
pub(crate) fn oryx(
    py: Python<'_>,
    r: &oryx::Report,
    appended: &Option<Range<u64>>,
) -> PyResult<ImportReport> {
    let d = PyDict::new(py);
    d.set_item("latest_date", r.latest_date.map(|x| x.to_string()))?;
    d.set_item("rejected_in", r.rejected_in.clone())?;
    for (k, v) in [
        ("items", r.items),
        ("merged_rows", r.merged_rows),
        ("opened_lots", r.opened_lots),
        ("known_lots", r.known_lots),
        ("captures_credited", r.captures_credited),
        ("first_scrape_rows", r.first_scrape_rows),
        ("matched_rows", r.matched_rows),
        ("generic_rows", r.generic_rows),
        ("systems", r.systems),
    ] {
        d.set_item(k, v)?;
    }
    let matched: Vec<(String, String)> = r
        .matched_systems
        .iter()
        .map(|(name, id)| (name.clone(), id.to_string()))
        .collect();
    d.set_item("matched_systems", matched)?;
    base(
        py,
        "oryx",
        &r.counts,
        appended,
        r.recorded.to_string(),
        d,
        r.to_string(),
    )
}

/// The report of a baseline table's import whose entries got the ids `appended`.
pub(crate) fn baseline(
    py: Python<'_>,
    r: &baseline::Report,
    appended: &Option<Range<u64>>,
) -> PyResult<ImportReport> {
    let d = PyDict::new(py);
    d.set_item("claims", r.claims)?;
    d.set_item("lots", r.lots)?;
    base(
        py,
        "baseline",
        &r.counts,
        appended,
        r.recorded.to_string(),
        d,
        r.to_string(),
    )
}
