//! `materiel timeline --svg` and `materiel losses --svg`: the charts are the library's
//! (`materiel::chart`); what is the command's own is the frame every chart states: its dated
//! view, the end of its time axis, its sources with the last day each covers and, for a
//! loss chart, the gaps in the loss lists' listing days.

use std::collections::BTreeMap;

use materiel::jiff::Timestamp;
use materiel::jiff::civil::Date;
use materiel::ledger::Precision;
use materiel::{AsOf, Entry, Ledger};

/// What a chart draws, which sets the default end of its axis and what its frame marks.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Drawn {
    /// A lot's counts over time: the axis runs to the query's date (`--at`, or today).
    Counts,
    /// Losses per month: the axis runs to `--until` or `--at`, else to the last day the
    /// sources cover; the gaps in the loss lists' listing days are marked.
    Losses,
}

/// A chart's frame for `title`, drawn from `drawn` (the entries its figures rest on):
/// - its view, with dates only: "counts to D" or "losses to D" (the axis's end), then its
///   knowledge time, always an instant: `--known-at`'s when given, else the latest recorded
///   time of the entries drawn (what the ledger knows; the same chart of the same journal is
///   then the same bytes on every run), else the ledger's latest;
/// - its time axis running to the query's end: the earlier of `--at` and `until` (a losses
///   chart's `--until`); when neither is given, today for counts, and for losses the last day
///   the sources cover (a loss chart does not spend its width on days nothing covers);
/// - its sources, each with the last day its data covers in this view: the latest effective
///   day of the source's entries known in the view (never after the day they were recorded),
///   over the whole ledger, not only the entries drawn (a lot with no loss since 2023 is
///   still covered by a list scraped in 2025); the latest of them is the chart's
///   [`data_until`](materiel::chart::Frame::data_until), shaded after it when the axis runs on;
/// - for losses, the listing days of the loss lists drawn (their entries dated on or before
///   a day, over the whole ledger: a category listed rarely has quiet spells that are not
///   gaps in the list), whose gaps the chart marks, and Oryx's first scrape, which holds
///   the losses since the invasion.
pub(crate) fn frame(
    ledger: &Ledger,
    title: String,
    at: &AsOf,
    until: Option<Date>,
    drawn: &[Entry],
    what: Drawn,
) -> materiel::chart::Frame {
    // With --known-at, its exact instant; without, the latest recorded.
    let latest = drawn
        .iter()
        .map(|e| e.recorded())
        .max()
        .or_else(|| ledger.latest_recorded());
    let known_text = match (at.known(), latest) {
        (Some(t), _) => format!("as known at {t}"),
        (None, Some(t)) => format!("as known at {} (the latest entry recorded)", rfc3339(t)),
        (None, None) => "as known at: nothing recorded".to_owned(),
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
    let mut listed: Vec<Date> = Vec::new();
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
        if what == Drawn::Losses && e.effective().precision() == Precision::OnOrBefore {
            listed.push(e.effective().first_day());
        }
    }
    let today = materiel::jiff::tz::Offset::UTC
        .to_datetime(Timestamp::now())
        .date();
    let data_end = covered.values().max().copied();
    let end = match (at.valid_date(), until) {
        (Some(a), Some(u)) => a.min(u),
        (Some(d), None) | (None, Some(d)) => d,
        (None, None) if what == Drawn::Losses => data_end.unwrap_or(today),
        (None, None) => today,
    };
    let mut view = match what {
        Drawn::Counts => format!("counts to {end}, {known_text}"),
        Drawn::Losses => format!("losses to {end}, {known_text}"),
    };
    if let Some(g) = at.grade() {
        view.push_str(&format!(", sources graded {g} or better"));
    }
    let mut frame = materiel::chart::Frame::new(title, view, end);
    for c in &citations {
        frame = match covered.get(c) {
            Some(d) => frame.dated_source(*c, *d),
            None => frame.sources([*c]),
        };
    }
    if let Some(last) = data_end {
        frame = frame.data_until(last);
    }
    if what == Drawn::Losses {
        let oryx = materiel::import::oryx::CITATION;
        let first_oryx = entries
            .iter()
            .filter(|e| e.source().citation() == oryx)
            .filter(|e| e.effective().precision() == Precision::OnOrBefore)
            .map(|e| e.effective().first_day())
            .min();
        if citations.contains(&oryx) && first_oryx == Some(materiel::import::oryx::FIRST_SCRAPE) {
            frame = frame.first_listing(
                materiel::import::oryx::FIRST_DAY,
                materiel::import::oryx::FIRST_SCRAPE,
            );
        }
        frame = frame.listing_days(listed);
    }
    frame
}

/// `t` as RFC 3339 in UTC, to the second (`2025-07-20T00:00:00Z`).
fn rfc3339(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The range the sources allow a lot's count held, by date, for `timeline --svg`'s band: the
/// bounds (as `lot` shows them) at each day an entry drawn takes effect, up to the view's
/// date. Empty unless, at some day, claims or assessments that disagree make the range wider
/// than the count drawn (the count then rests on one source among several).
pub(crate) fn held_range(
    ledger: &Ledger,
    holder: &materiel::HolderId,
    platform: &materiel::PlatformRef,
    at: &AsOf,
    drawn: &[Entry],
    steps: &[materiel::ledger::TimelineStep],
) -> Vec<(Date, u64, Option<u64>)> {
    use materiel::ledger::SupportOrigin;
    let mut days: Vec<Date> = drawn
        .iter()
        .map(|e| e.effective().first_day())
        .filter(|d| at.valid_date().is_none_or(|v| *d <= v))
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut band: Vec<(Date, u64, Option<u64>)> = Vec::new();
    let mut disputed = false;
    for day in days {
        let mut view = AsOf::valid(day);
        if let Some(k) = at.known() {
            view = view.known_at(k);
        }
        if let Some(g) = at.grade() {
            view = view.min_grade(g);
        }
        let bounds = crate::bounds::held(ledger, holder, platform, &view);
        let count = steps
            .iter()
            .rev()
            .find(|s| s.date.first_day() <= day)
            .map_or(0, |s| s.state.in_service().value());
        let claimed = bounds.disagree()
            || bounds
                .supports()
                .iter()
                .any(|s| matches!(s.origin(), SupportOrigin::Claim(_)));
        let wider = bounds.lower() != count || bounds.upper() != Some(count);
        let range = if claimed && wider {
            disputed = true;
            (bounds.lower(), bounds.upper())
        } else {
            (count, Some(count))
        };
        if band.last().is_none_or(|l| (l.1, l.2) != range) {
            band.push((day, range.0, range.1));
        }
    }
    if disputed { band } else { Vec::new() }
}
