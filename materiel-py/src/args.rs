//! Arguments from Python: dates and times (`datetime.date`, `datetime.datetime` or ISO text),
//! the view of a query (`at=`, `known_at=`, `min_grade=`), holders and platforms.

use materiel::jiff::Timestamp;
use materiel::jiff::civil::Date;
use materiel::ledger::EffectiveDate;
use materiel::{AsOf, Grade, HolderId, Ledger, PlatformKind, PlatformRef};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyString};

use crate::errors::{self, ResultExt};

/// What a date or time argument was given as.
enum When {
    /// A `datetime.datetime`, its `isoformat()` and whether it has a time zone.
    DateTime(String, bool),
    /// A `datetime.date`, its `isoformat()`.
    Date(String),
    /// Text.
    Text(String),
}

fn when(what: &str, value: &Bound<'_, PyAny>) -> PyResult<When> {
    if value.is_instance_of::<PyDateTime>() {
        let text: String = value.call_method0("isoformat")?.extract()?;
        let aware = !value.getattr("tzinfo")?.is_none();
        return Ok(When::DateTime(text, aware));
    }
    if value.is_instance_of::<PyDate>() {
        return Ok(When::Date(value.call_method0("isoformat")?.extract()?));
    }
    if value.is_instance_of::<PyString>() {
        let text: String = value.extract()?;
        return Ok(When::Text(text.trim().to_owned()));
    }
    Err(PyTypeError::new_err(format!(
        "{what}: expected a datetime.date, a datetime.datetime or ISO 8601 text (str), got {}",
        value.get_type().name()?
    )))
}

/// A valid date: a `date`, the date of a `datetime`, or `YYYY-MM-DD` text.
pub(crate) fn date(what: &str, value: &Bound<'_, PyAny>) -> PyResult<Date> {
    let text = match when(what, value)? {
        When::DateTime(text, _) => text.get(..10).unwrap_or_default().to_owned(),
        When::Date(text) | When::Text(text) => text,
    };
    text.parse::<Date>()
        .map_err(|e| errors::parse(format!("{what}: {text:?} is not a date (YYYY-MM-DD): {e}")))
}

/// A period as the command line's `--at`, `--since` and `--until` take it: a `date`, the
/// date of a `datetime`, or text `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
fn period(what: &str, value: &Bound<'_, PyAny>) -> PyResult<EffectiveDate> {
    let text = match when(what, value)? {
        When::DateTime(text, _) => text.get(..10).unwrap_or_default().to_owned(),
        When::Date(text) | When::Text(text) => text,
    };
    let bad = |e: &dyn std::fmt::Display| {
        errors::parse(format!(
            "{what}: {text:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY): {e}"
        ))
    };
    if text.starts_with("<=") {
        return Err(bad(&"an on-or-before date is not a period"));
    }
    text.parse::<EffectiveDate>().map_err(|e| bad(&e))
}

/// The valid date of a query's `at=` (and `until=`), as the command line's `--at` takes it:
/// a `date`, the date of a `datetime`, or text `YYYY-MM-DD`, `YYYY-MM` (the month's last day)
/// or `YYYY` (the year's last day: `at="2013"` is as true at the end of 2013).
pub(crate) fn period_end(what: &str, value: &Bound<'_, PyAny>) -> PyResult<Date> {
    period(what, value).map(EffectiveDate::last_day)
}

/// `since=`, as the command line's `--since`: a year or month from its first day.
pub(crate) fn period_start(what: &str, value: &Bound<'_, PyAny>) -> PyResult<Date> {
    period(what, value).map(EffectiveDate::first_day)
}

/// A point in time: a time-zone-aware `datetime` (a naive one is taken as UTC), RFC 3339 text,
/// or a date (a `date` or `YYYY-MM-DD` text), which stands for the last instant of that day in
/// UTC, so that "as known at 2025-01-03" includes what was recorded that day.
pub(crate) fn timestamp(what: &str, value: &Bound<'_, PyAny>) -> PyResult<Timestamp> {
    let (text, day) = match when(what, value)? {
        When::DateTime(text, true) => (text, false),
        When::DateTime(text, false) => (format!("{text}Z"), false),
        When::Date(text) => (text, true),
        When::Text(text) => {
            let day = text.len() == 10;
            (text, day)
        }
    };
    if day {
        let d: Date = text.parse().map_err(|e| {
            errors::parse(format!("{what}: {text:?} is not a date (YYYY-MM-DD): {e}"))
        })?;
        return end_of_day(d)
            .ok_or_else(|| errors::parse(format!("{what}: {text:?} is out of range")));
    }
    if let Some(t) = beyond_range(&text) {
        return Ok(t);
    }
    text.parse::<Timestamp>().map_err(|e| {
        errors::parse(format!(
            "{what}: {text:?} is not an RFC 3339 time (2025-01-03T00:00:00Z): {e}"
        ))
    })
}

/// A UTC time that is valid but past either end of the range of times
/// (`9999-12-31T23:59:59Z`: "the end of time"), as that end; `None` for anything else.
fn beyond_range(text: &str) -> Option<Timestamp> {
    if text.parse::<Timestamp>().is_ok() {
        return None;
    }
    let civil = text
        .strip_suffix('Z')
        .or_else(|| text.strip_suffix("+00:00"))?;
    let when: materiel::jiff::civil::DateTime = civil.parse().ok()?;
    Some(if when.year() > 0 {
        Timestamp::MAX
    } else {
        Timestamp::MIN
    })
}

/// The last nanosecond of `day` in UTC.
fn end_of_day(day: Date) -> Option<Timestamp> {
    let epoch = materiel::jiff::civil::date(1970, 1, 1);
    let seconds = day.duration_since(epoch).as_secs().checked_add(86_399)?;
    Timestamp::new(seconds, 999_999_999).ok()
}

/// A grade such as `B3`.
pub(crate) fn grade(what: &str, text: &str) -> PyResult<Grade> {
    text.trim()
        .parse::<Grade>()
        .map_err(|e| errors::parse(format!("{what}: {e}")))
}

/// The view of a query: `at=` (valid date; default after every entry), `known_at=` (default:
/// everything recorded), `min_grade=` (default: any grade).
pub(crate) fn as_of(
    at: Option<&Bound<'_, PyAny>>,
    known_at: Option<&Bound<'_, PyAny>>,
    min_grade: Option<&str>,
) -> PyResult<AsOf> {
    let mut view = match at.filter(|a| !a.is_none()) {
        Some(a) => AsOf::valid(period_end("at", a)?),
        None => AsOf::latest(),
    };
    if let Some(k) = known_at.filter(|k| !k.is_none()) {
        view = view.known_at(timestamp("known_at", k)?);
    }
    if let Some(g) = min_grade {
        view = view.min_grade(grade("min_grade", g)?);
    }
    Ok(view)
}

/// A holder named in a query, resolved as the command line does: a country or organisation
/// the importers' name table knows, by name or code (`Venezuela`, `VEN`, `NATO`), or the id of
/// a holder of `ledger` (`aviacon-zitotrans`). Anything else is a `ParseError` ("unknown
/// holder"), not an empty table.
pub(crate) fn holder(ledger: &Ledger, name: &str) -> PyResult<HolderId> {
    if let Some(h) = materiel::import::holder(name) {
        return Ok(h);
    }
    if let Ok(id) = name.trim().parse::<HolderId>()
        && ledger.holders().any(|h| *h == id)
    {
        return Ok(id);
    }
    Err(errors::parse(format!(
        "unknown holder {name:?}: not a country or organisation name or code, nor a holder of \
         this ledger"
    )))
}

/// Names given as one text (comma-separated, as the command line's `--origin RUS,SUN`) or as
/// a list or tuple of texts; `None` gives none.
pub(crate) fn names(what: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    let split = |text: &str| -> Vec<String> {
        text.split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    };
    if let Ok(text) = value.extract::<String>() {
        return Ok(split(&text));
    }
    match value.extract::<Vec<String>>() {
        Ok(items) => Ok(items.iter().flat_map(|t| split(t)).collect()),
        Err(_) => Err(errors::parse(format!(
            "{what}: expected a text (\"RUS,SUN\") or a list of texts, got {}",
            value.get_type().name()?
        ))),
    }
}

/// A platform: a catalog id, designation or alias (resolved in the ledger's catalog), or
/// `generic:KIND:DESIGNATION` for uncatalogued equipment.
pub(crate) fn platform(ledger: &Ledger, name: &str) -> PyResult<PlatformRef> {
    if let Some(rest) = name.strip_prefix("generic:") {
        let Some((kind, designation)) = rest.split_once(':') else {
            return Err(errors::parse(format!(
                "platform {name:?}: expected generic:KIND:DESIGNATION"
            )));
        };
        let kind: PlatformKind = kind.parse().py()?;
        return PlatformRef::generic(designation, kind).py();
    }
    match ledger.catalog().resolve(name) {
        Some(p) => Ok(PlatformRef::Catalog(p.id().clone())),
        None => Err(errors::CatalogError::new_err(format!(
            "unknown platform {name:?}: not an id, designation or alias in the catalog \
             (generic equipment is generic:KIND:DESIGNATION)"
        ))),
    }
}
