//! `materiel timeline --svg` and `materiel losses --svg`: the charts are the library's
//! (`materiel::chart`); what is the command's own is the frame every chart states: its dated
//! view, the end of its time axis, its sources with the last day each covers.

use std::collections::BTreeMap;

use materiel::jiff::Timestamp;
use materiel::jiff::civil::Date;
use materiel::{AsOf, Entry, Ledger};

/// A chart's frame for `title`, drawn from `drawn` (the entries its figures rest on):
/// - its view, with its knowledge time always an instant: `--known-at`'s when given, else the
///   latest recorded time of the entries drawn (what the ledger knows; the same chart of the
///   same journal is then the same bytes on every run), else the ledger's latest;
/// - its time axis running to the query's end: the earlier of `--at` and `until` (a losses
///   chart's `--until`), or today when neither is given;
/// - its sources, each with the last day its data covers in this view: the latest effective
///   day of the source's entries known in the view (never after the day they were recorded),
///   over the whole ledger, not only the entries drawn (a lot with no loss since 2023 is
///   still covered by a list scraped in 2025); the latest of them is the chart's
///   [`data_until`](materiel::chart::Frame::data_until), shaded after it when the axis runs on.
pub(crate) fn frame(
    ledger: &Ledger,
    title: String,
    at: &AsOf,
    until: Option<Date>,
    drawn: &[Entry],
) -> materiel::chart::Frame {
    // With --known-at, `describe` states its exact instant; without, the latest recorded.
    let latest = drawn
        .iter()
        .map(|e| e.recorded())
        .max()
        .or_else(|| ledger.latest_recorded());
    let known_text = match latest {
        Some(t) => format!("as known at {} (the latest entry recorded)", rfc3339(t)),
        None => "as known at: nothing recorded".to_owned(),
    };
    let view = crate::output::describe(at).replace("as known now", &known_text);
    let today = materiel::jiff::tz::Offset::UTC
        .to_datetime(Timestamp::now())
        .date();
    let end = match (at.valid_date(), until) {
        (Some(a), Some(u)) => a.min(u),
        (Some(d), None) | (None, Some(d)) => d,
        (None, None) => today,
    };
    // The citations drawn, in the order first met, and the last day each covers.
    let mut citations: Vec<&str> = Vec::new();
    for e in drawn {
        let c = e.source().citation();
        if !citations.contains(&c) {
            citations.push(c);
        }
    }
    let mut covered: BTreeMap<&str, Date> = BTreeMap::new();
    let entries: Vec<Entry> = if citations.is_empty() {
        Vec::new()
    } else {
        ledger
            .entries()
            .filter(|e| at.known().is_none_or(|k| e.recorded() <= k))
            .collect()
    };
    for e in &entries {
        let c = e.source().citation();
        if !citations.contains(&c) {
            continue;
        }
        let recorded = materiel::jiff::tz::Offset::UTC
            .to_datetime(e.recorded())
            .date();
        let day = e.effective().last_day().min(recorded);
        let last = covered.entry(c).or_insert(day);
        *last = (*last).max(day);
    }
    let mut frame = materiel::chart::Frame::new(title, view, end);
    for c in &citations {
        frame = match covered.get(c) {
            Some(d) => frame.dated_source(*c, *d),
            None => frame.sources([*c]),
        };
    }
    if let Some(last) = covered.values().max() {
        frame = frame.data_until(*last);
    }
    frame
}

/// `t` as RFC 3339 in UTC, to the second (`2025-07-20T00:00:00Z`).
fn rfc3339(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}
