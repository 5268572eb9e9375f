//! Charts of the ledger's answers over time, as SVG text: a lot's counts by status
//! ([`timeline_svg`]), any dated step series ([`steps_svg`]), and units per month as bars
//! ([`monthly_svg`]).
//!
//! Every chart says where its figures come from and when they were known: its [`Frame`]
//! holds the title, the view (the date the chart shows and the time its knowledge is as of),
//! the sources (drawn as a source line under the chart, each with the last date its data
//! covers when that is known), and the date its time axis runs to (the query's date, not the
//! last entry's). Where the sources' data ends before the axis does, the days after it are
//! shaded and labelled "no data after" that date ([`Frame::data_until`]), so that a chart
//! never reads as zero where nothing was known. The x axis carries a tick on 1 January of round
//! years, each labelled with its year and marking that date (`data-date`), so a reader can
//! trust where a step falls.
//!
//! The SVG is written by hand, with no plotting crate: a few dozen elements need no font
//! files or rasteriser, and the output is the same on every machine. Each element a reader
//! or a test looks for has a class: `axes` (with `data-end`, the axis's last date), `tick`
//! (with `data-date`), `series` (with `data-name`), `bar` (with `data-month` and
//! `data-units`), `marker` (with `data-date`), `illustrative` (a span of illustrative data,
//! with `data-from` and `data-until`), `no-data` (the days after the sources' data, with
//! `data-after`, the last day covered), `source` (the source line).
//!
//! ```
//! use materiel::chart::{Frame, Series, steps_svg};
//! use materiel::jiff::civil::date;
//!
//! let frame = Frame::new("Deliveries", "at 2010-12-31, as known at 2025-01-03", date(2010, 12, 31))
//!     .sources(["SIPRI Arms Transfers Database"]);
//! let delivered = Series::new("delivered").step(date(2006, 1, 1), 4).step(date(2007, 1, 1), 16);
//! let svg = steps_svg(&frame, "aircraft", &[delivered]);
//! assert!(svg.contains(r#"<g class="axes" data-end="2010-12-31""#));
//! assert!(svg.contains(r#"data-date="2008-01-01" x="#));
//! assert!(svg.contains("Source: SIPRI Arms Transfers Database"));
//! ```

mod band;
mod bars;
mod listing;
mod svg;

use jiff::civil::Date;

use crate::Status;
use crate::ledger::{Basis, TimelineStep};

pub use bars::{monthly_svg, stacked_monthly_svg};
pub use listing::LISTING_GAP_DAYS;
pub use svg::steps_svg;

/// The attribution the Oryx data asks for on every chart drawn from it, word for word (the
/// Oryx files' README). A chart whose sources include the Oryx importer's
/// [`CITATION`](crate::import::oryx::CITATION) carries it in its source line.
pub const ORYX_ATTRIBUTION: &str = "Data: Oryx (oryxspioenkop.com), as scraped by \
     scarnecchia/oryx_data; no licence stated: check Oryx's terms before republishing.";

/// What a chart says about itself besides its data: its title, its view, its sources, the
/// date its time axis runs to, notes under it, dated markers and spans of illustrative data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub(crate) title: String,
    pub(crate) view: String,
    pub(crate) sources: Vec<(String, Option<Date>)>,
    pub(crate) end: Date,
    pub(crate) data_until: Option<Date>,
    pub(crate) notes: Vec<String>,
    pub(crate) markers: Vec<(Date, String)>,
    pub(crate) illustrative: Vec<(Date, Date)>,
    /// The gaps in a loss list's listing days: (the last listing day before, the next).
    pub(crate) gaps: Vec<(Date, Date)>,
    /// The first listing's backlog: (the day the list counts from, the first listing day).
    pub(crate) backlog: Option<(Date, Date)>,
    /// The range the sources allow the count drawn: (from, lower, upper), by date.
    pub(crate) band: Vec<(Date, u64, Option<u64>)>,
}

impl Frame {
    /// A frame titled `title`, with its view stated as `view` (say the knowledge time as a
    /// date, such as `at 2025-12-31, as known at 2025-11-04T00:00:00Z`, never only "now"), and
    /// a time axis that runs to `end`, the query's date (or further, when a series or bar
    /// reaches past it). No sources yet: the source line then reads "Source: none in this
    /// view".
    pub fn new(title: impl Into<String>, view: impl Into<String>, end: Date) -> Self {
        Frame {
            title: title.into(),
            view: view.into(),
            sources: Vec::new(),
            end,
            data_until: None,
            notes: Vec::new(),
            markers: Vec::new(),
            illustrative: Vec::new(),
            gaps: Vec::new(),
            backlog: None,
            band: Vec::new(),
        }
    }

    /// The sources of the chart's figures, for its source line, every one by name (a long
    /// line is wrapped: a printed chart cannot send its reader elsewhere). The Oryx importer's citation is replaced by [`ORYX_ATTRIBUTION`].
    #[must_use]
    pub fn sources<S: Into<String>>(mut self, sources: impl IntoIterator<Item = S>) -> Self {
        self.sources
            .extend(sources.into_iter().map(|s| (s.into(), None)));
        self
    }

    /// A source whose data runs to `until` (a snapshot's or an edition's last day covered):
    /// the source line says so beside it ("data to 2025-07-19"; for the Oryx importer's
    /// citation, after [`ORYX_ATTRIBUTION`]: "Oryx's lists as of 2025-07-19").
    ///
    /// ```
    /// use materiel::chart::{Frame, monthly_svg};
    /// use materiel::jiff::civil::date;
    ///
    /// let frame = Frame::new("Deliveries (illustrative)", "as known at 2025-01-03T00:00:00Z", date(2024, 12, 31))
    ///     .dated_source("SIPRI Arms Transfers Database", date(2023, 12, 31));
    /// let svg = monthly_svg(&frame, "units delivered per month", &[(date(2023, 6, 1), 2)]);
    /// assert!(svg.contains("data to 2023-12-31"));
    /// ```
    #[must_use]
    pub fn dated_source(mut self, citation: impl Into<String>, until: Date) -> Self {
        self.sources.push((citation.into(), Some(until)));
        self
    }

    /// The last day the chart's sources cover. When it falls before the end of the time axis,
    /// the days after it are shaded and labelled "no data after" it (class `no-data`,
    /// `data-after`), so that the chart does not read as zero, or as unchanged, past what its
    /// sources know.
    ///
    /// ```
    /// use materiel::chart::{Frame, monthly_svg};
    /// use materiel::jiff::civil::date;
    ///
    /// let frame = Frame::new("Losses (illustrative)", "as known at 2025-07-20T00:00:00Z", date(2026, 12, 7))
    ///     .data_until(date(2025, 7, 19));
    /// let svg = monthly_svg(&frame, "units lost per month", &[(date(2025, 6, 1), 4)]);
    /// assert!(svg.contains(r#"<g class="no-data" data-after="2025-07-19""#));
    /// assert!(svg.contains("no data after 2025-07-19"));
    /// ```
    #[must_use]
    pub fn data_until(mut self, last: Date) -> Self {
        self.data_until = Some(last);
        self
    }

    /// A line of text under the chart, above the source line (what its counts are, what is
    /// illustrative). Notes are drawn in the order they are added.
    #[must_use]
    pub fn note(mut self, line: impl Into<String>) -> Self {
        self.notes.push(line.into());
        self
    }

    /// A labelled vertical line at `date` (a reported event, such as a crash). A marker
    /// outside the time axis is not drawn.
    #[must_use]
    pub fn marker(mut self, date: Date, label: impl Into<String>) -> Self {
        self.markers.push((date, label.into()));
        self
    }

    /// Marks the days from `from` until the day before `until` as resting on illustrative
    /// (invented) data: the span is shaded and hatched, and the legend says what hatching
    /// means. Label illustrative data where the reader sees it.
    #[must_use]
    pub fn illustrative(mut self, from: Date, until: Date) -> Self {
        self.illustrative.push((from, until));
        self
    }
}

/// A named series of steps: each value holds from its date until the next step's date (the
/// last until the end of the time axis). Drawn as a line in its colour, solid or dashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub(crate) name: String,
    pub(crate) colour: Option<String>,
    pub(crate) dashed: bool,
    pub(crate) steps: Vec<(Date, u64)>,
    /// The status a timeline's series counts (its `data-status`).
    pub(crate) status: Option<Status>,
}

impl Series {
    /// An empty series named `name` (its legend label), in the next colour of the chart's
    /// palette.
    pub fn new(name: impl Into<String>) -> Self {
        Series {
            name: name.into(),
            colour: None,
            dashed: false,
            steps: Vec::new(),
            status: None,
        }
    }

    /// The series drawn in `colour`, an SVG colour such as `#0072B2` or `black`.
    #[must_use]
    pub fn colour(mut self, colour: impl Into<String>) -> Self {
        self.colour = Some(colour.into());
        self
    }

    /// The series drawn dashed (to tell two groups of series apart, such as two sides).
    #[must_use]
    pub fn dashed(mut self) -> Self {
        self.dashed = true;
        self
    }

    /// A step to `value` from `date` on. Steps are drawn in date order, whatever order they
    /// are added in.
    #[must_use]
    pub fn step(mut self, date: Date, value: u64) -> Self {
        self.steps.push((date, value));
        self
    }
}

/// A colour per status (in `Status::ALL` order), distinguishable and print-safe.
fn status_colour(status: Status) -> &'static str {
    match status {
        Status::Operational => "#1b9e77",
        Status::Degraded => "#66a61e",
        Status::NonOperationalMaintenance => "#e6ab02",
        Status::NonOperationalSupply => "#d95f02",
        Status::NonOperationalDamaged => "#e7298a",
        Status::Stored => "#7570b3",
        Status::Unknown => "#666666",
    }
}

/// The chart of a lot's [timeline](crate::Ledger::timeline): one step series per status that
/// has units at some step, each step holding from its first day until the next, framed by
/// `frame`. A note says whether every count drawn is exact or which are bounds or estimates.
///
/// ```
/// # use materiel::*;
/// # let mut ledger = Ledger::new(Catalog::reference());
/// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
/// # let report = Source::new("a report", "B2".parse()?)?;
/// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
/// use materiel::chart::{Frame, timeline_svg};
/// use materiel::jiff::civil::date;
///
/// // A toy ledger (illustrative figures): four delivered in 2006, one lost in 2015.
/// let at = |eff: EffectiveDate, change| NewEntry::new(ven.clone(), su30.clone(), eff, change, report.clone(), t);
/// let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
/// ledger.append(at(EffectiveDate::year(2006)?, four))?;
/// let loss = Change::Lost { count: Count::exact(1)?, from: Status::Operational, cause: ledger::LossCause::Destroyed };
/// ledger.append(at(EffectiveDate::day(2015, 9, 17)?, loss))?;
///
/// let steps = ledger.timeline(&ven, &su30, &AsOf::latest());
/// let frame = Frame::new("VEN Su-30MK2 (illustrative)", "latest, as known at 2025-01-01T00:00:00Z", date(2025, 1, 1))
///     .sources(["a report"]);
/// let svg = timeline_svg(&frame, &steps);
/// assert!(svg.contains(r#"class="series" data-name="operational (FMC)""#));
/// assert!(svg.contains("Every count drawn is exact."));
/// assert!(svg.contains("Source: a report"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn timeline_svg(frame: &Frame, steps: &[TimelineStep]) -> String {
    let statuses: Vec<Status> = Status::ALL
        .into_iter()
        .filter(|s| steps.iter().any(|st| st.state.count(*s).value() > 0))
        .collect();
    let series: Vec<Series> = statuses
        .iter()
        .map(|status| {
            let mut series =
                Series::new(format!("{status} ({})", status.code())).colour(status_colour(*status));
            series.status = Some(*status);
            for st in steps {
                series = series.step(st.date.first_day(), st.state.count(*status).value());
            }
            series
        })
        .collect();
    let mut bases: Vec<Basis> = Vec::new();
    for st in steps {
        for status in &statuses {
            let basis = st.state.count(*status).basis();
            if basis != Basis::Exact && !bases.contains(&basis) {
                bases.push(basis);
            }
        }
    }
    let mut notes = vec![
        "Units in service by status; each step holds from its date until the next. \
         Counts are as the sources state them."
            .to_owned(),
    ];
    let band = frame.band_note();
    if bases.is_empty() {
        // Where sources disagree, the band's note says what the line is.
        if band.is_none() {
            notes.push("Every count drawn is exact.".to_owned());
        }
    } else {
        let words: Vec<&str> = bases
            .iter()
            .map(|b| match b {
                Basis::AtLeast => {
                    "lower bounds (>=N: at least N; drawn at N, the true count may be higher)"
                }
                Basis::UpTo => "upper bounds (<=N: at most N)",
                Basis::About => "approximations (~N)",
                Basis::Estimate => "estimates (eN)",
                Basis::Exact => "exact",
            })
            .collect();
        notes.push(format!("Some counts drawn are {}.", words.join("; ")));
    }
    notes.extend(band);
    let mut framed = frame.clone();
    notes.append(&mut framed.notes);
    framed.notes = notes;
    svg::steps_chart(&framed, "units", &series, steps.is_empty())
}

/// The source line of a chart: `Source: A; B`, every source (the line is wrapped where it is
/// drawn), each with the last day its data covers when known (`A (data to 2024-12-31)`), with
/// the Oryx importer's citation given as [`ORYX_ATTRIBUTION`] (and "Oryx's lists as of" its
/// date), each of these on a line of its own (`\n`; a chart wraps each line).
pub(crate) fn source_line(sources: &[(String, Option<Date>)]) -> String {
    let is_oryx = |s: &(String, Option<Date>)| s.0 == crate::import::oryx::CITATION;
    let oryx = sources.iter().any(is_oryx);
    let oryx_until = sources
        .iter()
        .filter(|s| is_oryx(s))
        .filter_map(|s| s.1)
        .max();
    let others: Vec<String> = sources
        .iter()
        .filter(|s| !is_oryx(s))
        .map(|(citation, until)| match until {
            Some(d) => format!("{citation} (data to {d})"),
            None => citation.clone(),
        })
        .collect();
    let line = match others.len() {
        0 if oryx => String::new(),
        0 => "Source: none in this view".to_owned(),
        _ => format!("Source: {}", others.join("; ")),
    };
    let attribution = match oryx_until {
        Some(d) => format!("{ORYX_ATTRIBUTION}\nOryx's lists as of {d}."),
        None => ORYX_ATTRIBUTION.to_owned(),
    };
    match (oryx, line.is_empty()) {
        (false, _) => line,
        (true, true) => attribution,
        (true, false) => format!("{line}.\n{attribution}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oryx_charts_carry_the_attribution_its_readme_asks_for() {
        let oryx = (crate::import::oryx::CITATION.to_owned(), None);
        let sipri = ("SIPRI".to_owned(), None);
        assert_eq!(source_line(std::slice::from_ref(&oryx)), ORYX_ATTRIBUTION);
        assert_eq!(
            source_line(&[sipri.clone(), oryx.clone()]),
            format!("Source: SIPRI.\n{ORYX_ATTRIBUTION}")
        );
        assert_eq!(source_line(&[sipri]), "Source: SIPRI");
        assert_eq!(source_line(&[]), "Source: none in this view");
        let day = jiff::civil::date(2025, 7, 19);
        assert_eq!(
            source_line(&[
                ("SIPRI".to_owned(), Some(jiff::civil::date(2024, 12, 31))),
                (oryx.0, Some(day))
            ]),
            format!(
                "Source: SIPRI (data to 2024-12-31).\n{ORYX_ATTRIBUTION}\nOryx's lists as of \
                 2025-07-19."
            )
        );
        let many: Vec<(String, Option<Date>)> = (1..=5).map(|i| (format!("S{i}"), None)).collect();
        assert_eq!(source_line(&many), "Source: S1; S2; S3; S4; S5");
    }
}
