//! `materiel timeline --svg` (a lot's counts by status over time, a step chart) and
//! `materiel losses --svg` (units lost per month, bars), as hand-written SVG (no plotting crate: a few dozen elements need no font files or rasteriser, and the
//! output is the same whatever features the workspace unifies).

use std::fmt::Write as _;

use materiel::jiff::civil::Date;
use materiel::ledger::{Basis, TimelineStep};
use materiel::{Count, Status};

const WIDTH: f64 = 860.0;
const HEIGHT: f64 = 460.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 190.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 90.0;

/// A colour per status (in `Status::ALL` order), distinguishable and print-safe.
fn colour(status: Status) -> &'static str {
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

/// Text escaped for XML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Days since 1970-01-01 (proleptic Gregorian).
fn days(date: Date) -> i64 {
    let (y, m, d) = (
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A step of 1, 2 or 5 x 10^k giving at most about `n` intervals up to `max`.
fn tick_step(max: u64, n: u64) -> u64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if max / (step * m) <= n {
                return step * m;
            }
        }
        step *= 10;
    }
}

/// What a chart says about itself besides its data: its title, the view (its date and the
/// time its knowledge is as of, always a date, never just "now"), its sources, and the date
/// its time axis runs to (the query's date).
pub(crate) struct Frame<'a> {
    pub(crate) title: &'a str,
    pub(crate) view: &'a str,
    pub(crate) sources: &'a [String],
    pub(crate) end: Date,
}

/// A chart's view text, with its knowledge time always a date (`as known at` the time the
/// chart is drawn, when the view does not give one), and the date its time axis runs to: the
/// view's date, or today.
pub(crate) fn dated_view(at: &materiel::AsOf) -> (String, Date) {
    let now = materiel::jiff::Timestamp::now();
    let view = crate::output::describe(at).replace(
        "as known now",
        &format!("as known at {}", now.strftime("%Y-%m-%dT%H:%M:%SZ")),
    );
    let end = at
        .valid_date()
        .unwrap_or_else(|| materiel::jiff::tz::Offset::UTC.to_datetime(now).date());
    (view, end)
}

/// The attribution the Oryx data asks for on every chart drawn from it, word for word
/// (`shared/data/oryx/README.md`, and `examples/oryx_losses.rs`).
pub(crate) const ORYX_ATTRIBUTION: &str = "Data: Oryx (oryxspioenkop.com), as scraped by \
     scarnecchia/oryx_data; no licence stated: check Oryx's terms before republishing.";

/// The source line of a chart: `Source: A; B` (the first few, then how many more), with the
/// Oryx importer's citation given as [`ORYX_ATTRIBUTION`].
fn source_line(sources: &[String]) -> String {
    const SHOWN: usize = 3;
    let oryx = sources
        .iter()
        .any(|s| s == materiel::import::oryx::CITATION);
    let others: Vec<&str> = sources
        .iter()
        .map(String::as_str)
        .filter(|s| *s != materiel::import::oryx::CITATION)
        .collect();
    let line = match others.len() {
        0 if oryx => String::new(),
        0 => "Source: none in this view".to_owned(),
        n if n <= SHOWN => format!("Source: {}", others.join("; ")),
        n => format!(
            "Source: {}; and {} more (materiel lot lists them)",
            others[..SHOWN].join("; "),
            n - SHOWN
        ),
    };
    match (oryx, line.is_empty()) {
        (false, _) => line,
        (true, true) => ORYX_ATTRIBUTION.to_owned(),
        (true, false) => format!("{line}. {ORYX_ATTRIBUTION}"),
    }
}

/// The SVG chart of `steps` (one step series per status that has units at some step),
/// framed by `frame`: its time axis runs from the first step to `frame.end` (or a little after
/// the last step, when that is later).
pub(crate) fn timeline_svg(frame: &Frame<'_>, steps: &[TimelineStep]) -> String {
    let (title, view, end) = (frame.title, frame.view, Some(frame.end));
    let statuses: Vec<Status> = Status::ALL
        .into_iter()
        .filter(|s| steps.iter().any(|st| st.state.count(*s).value() > 0))
        .collect();
    let first = steps.first().map(|s| days(s.date.first_day()));
    let last = steps.last().map(|s| days(s.date.first_day()));
    let (x0, x1) = match (first, last) {
        (Some(a), Some(b)) => {
            let tail = ((b - a) / 10).max(365);
            let right = end.map_or(b + tail, |e| days(e).max(b + 1));
            (a, right)
        }
        _ => (0, 1),
    };
    let top = steps
        .iter()
        .flat_map(|st| statuses.iter().map(|s| st.state.count(*s).value()))
        .max()
        .unwrap_or(0)
        .max(1);
    let y_step = tick_step(top, 8);
    let y_max = top.div_ceil(y_step) * y_step;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |d: i64| LEFT + (d - x0) as f64 / (x1 - x0) as f64 * plot_w;
    let y = |v: u64| TOP + plot_h - v as f64 / y_max as f64 * plot_h;

    let mut s = String::new();
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, "<title>{}</title>", esc(title));
    let _ = writeln!(
        s,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
    );
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="22" font-size="15" font-weight="bold">{}</text>"#,
        esc(title)
    );
    let _ = writeln!(s, r#"<text x="{LEFT}" y="40">{}</text>"#, esc(view));

    // Axes, y ticks (units) and x ticks (years).
    let _ = writeln!(
        s,
        r#"<g class="axes" data-end="{}" stroke="black" fill="none">"#,
        frame.end
    );
    let _ = writeln!(
        s,
        r#"<line x1="{LEFT}" y1="{b}" x2="{r}" y2="{b}"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{b}"/>"#,
        b = TOP + plot_h,
        r = LEFT + plot_w
    );
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, r#"<g class="y-ticks" text-anchor="end">"#);
    let mut v = 0;
    while v <= y_max {
        let yy = y(v);
        let _ = writeln!(
            s,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{r}" y2="{yy:.1}" stroke="#dddddd"/><text x="{tx}" y="{ty:.1}">{v}</text>"##,
            r = LEFT + plot_w,
            tx = LEFT - 6.0,
            ty = yy + 4.0
        );
        v += y_step;
    }
    let _ = writeln!(
        s,
        r#"<text x="16" y="{my}" transform="rotate(-90 16 {my})" text-anchor="middle">units</text>"#,
        my = TOP + plot_h / 2.0
    );
    let _ = writeln!(s, "</g>");
    if let (Some(_), Some(_)) = (first, last) {
        year_ticks(&mut s, x0, x1, x, TOP + plot_h);
    } else {
        let _ = writeln!(
            s,
            r#"<text x="{cx}" y="{cy}" text-anchor="middle">(no entry in this view)</text>"#,
            cx = LEFT + plot_w / 2.0,
            cy = TOP + plot_h / 2.0
        );
    }

    // One step series per status: horizontal at each step's count until the next step.
    let mut bases: Vec<Basis> = Vec::new();
    for status in &statuses {
        let mut points = Vec::new();
        let mut prev: Option<f64> = None;
        for (i, st) in steps.iter().enumerate() {
            let c: Count = st.state.count(*status);
            if c.basis() != Basis::Exact && !bases.contains(&c.basis()) {
                bases.push(c.basis());
            }
            let xa = x(days(st.date.first_day()));
            let xb = steps
                .get(i + 1)
                .map_or_else(|| x(x1), |n| x(days(n.date.first_day())));
            let yv = y(c.value());
            if let Some(py) = prev {
                points.push(format!("{xa:.1},{py:.1}"));
            }
            points.push(format!("{xa:.1},{yv:.1}"));
            points.push(format!("{xb:.1},{yv:.1}"));
            prev = Some(yv);
        }
        let _ = writeln!(
            s,
            r#"<polyline class="series" data-status="{name}" fill="none" stroke="{c}" stroke-width="2" points="{p}"/>"#,
            name = status,
            c = colour(*status),
            p = points.join(" ")
        );
    }

    // Legend.
    let lx = LEFT + plot_w + 16.0;
    let _ = writeln!(s, r#"<g class="legend">"#);
    for (i, status) in statuses.iter().enumerate() {
        let ly = TOP + 10.0 + 20.0 * i as f64;
        let _ = writeln!(
            s,
            r#"<rect x="{lx}" y="{ry}" width="14" height="4" fill="{c}"/><text x="{tx}" y="{ty}">{name} ({code})</text>"#,
            ry = ly - 4.0,
            c = colour(*status),
            tx = lx + 20.0,
            ty = ly + 2.0,
            name = status,
            code = status.code()
        );
    }
    let _ = writeln!(s, "</g>");

    // Caption: what the counts are.
    let mut caption = vec![
        "Units in service by status; each step holds from its date until the next. \
         Counts are as the sources state them."
            .to_owned(),
    ];
    if bases.is_empty() {
        caption.push("Every count drawn is exact.".to_owned());
    } else {
        let mut words = Vec::new();
        for b in &bases {
            words.push(match b {
                Basis::AtLeast => {
                    "lower bounds (>=N: at least N; drawn at N, the true count may be higher)"
                }
                Basis::UpTo => "upper bounds (<=N: at most N)",
                Basis::About => "approximations (~N)",
                Basis::Estimate => "estimates (eN)",
                Basis::Exact => "exact",
            });
        }
        caption.push(format!("Some counts drawn are {}.", words.join("; ")));
    }
    let _ = writeln!(s, r#"<g class="caption" font-size="11">"#);
    for (i, line) in caption.iter().enumerate() {
        let _ = writeln!(
            s,
            r#"<text x="{LEFT}" y="{cy}">{}</text>"#,
            esc(line),
            cy = HEIGHT - 40.0 + 16.0 * i as f64
        );
    }
    let _ = writeln!(
        s,
        r#"<text class="source" x="{LEFT}" y="{cy}">{}</text>"#,
        esc(&source_line(frame.sources)),
        cy = HEIGHT - 8.0
    );
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, "</svg>");
    s
}

/// The x ticks of a time axis from day `x0` to day `x1` (days since the epoch), placed by
/// `x`: one on 1 January of every round year in range, each with the date it marks.
fn year_ticks(s: &mut String, x0: i64, x1: i64, x: impl Fn(i64) -> f64, base: f64) {
    let _ = writeln!(s, r#"<g class="x-ticks" text-anchor="middle">"#);
    let (ya, yb) = (1970 + x0.div_euclid(365) - 1, 1970 + x1.div_euclid(365) + 1);
    let every = tick_step(u64::try_from(yb - ya).unwrap_or(1), 10);
    for year in ya..=yb {
        let (Ok(y16), Ok(rem)) = (i16::try_from(year), u64::try_from(year)) else {
            continue;
        };
        let Ok(jan1) = Date::new(y16, 1, 1) else {
            continue;
        };
        let d = days(jan1);
        if d < x0 || d > x1 || rem % every != 0 {
            continue;
        }
        let _ = writeln!(
            s,
            r#"<line x1="{xx:.1}" y1="{base}" x2="{xx:.1}" y2="{b2}" stroke="black"/><text class="tick" data-date="{jan1}" x="{xx:.1}" y="{ty}">{year}</text>"#,
            xx = x(d),
            b2 = base + 5.0,
            ty = base + 18.0
        );
    }
    let _ = writeln!(s, "</g>");
}

/// The SVG chart of units lost per month (`months`: the first day of each month and its
/// units, in order), one bar per month, framed by `frame`: the time axis runs from the first
/// month to `frame.end`.
pub(crate) fn losses_svg(frame: &Frame<'_>, months: &[(Date, u64)]) -> String {
    let x0 = months
        .first()
        .map_or_else(|| days(frame.end) - 365, |m| days(m.0));
    let x1 = days(frame.end).max(x0 + 31);
    let top = months.iter().map(|m| m.1).max().unwrap_or(0).max(1);
    let y_step = tick_step(top, 8);
    let y_max = top.div_ceil(y_step) * y_step;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_h;
    let x = |d: i64| LEFT + (d - x0) as f64 / (x1 - x0) as f64 * plot_w;
    let y = |v: u64| base - v as f64 / y_max as f64 * plot_h;

    let mut s = String::new();
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, "<title>{}</title>", esc(frame.title));
    let _ = writeln!(
        s,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
    );
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="22" font-size="15" font-weight="bold">{}</text>"#,
        esc(frame.title)
    );
    let _ = writeln!(s, r#"<text x="{LEFT}" y="40">{}</text>"#, esc(frame.view));
    let _ = writeln!(
        s,
        r#"<g class="axes" data-end="{}" stroke="black" fill="none">"#,
        frame.end
    );
    let _ = writeln!(
        s,
        r#"<line x1="{LEFT}" y1="{base}" x2="{r}" y2="{base}"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}"/>"#,
        r = LEFT + plot_w
    );
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, r#"<g class="y-ticks" text-anchor="end">"#);
    let mut v = 0;
    while v <= y_max {
        let yy = y(v);
        let _ = writeln!(
            s,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{r}" y2="{yy:.1}" stroke="#dddddd"/><text x="{tx}" y="{ty:.1}">{v}</text>"##,
            r = LEFT + plot_w,
            tx = LEFT - 6.0,
            ty = yy + 4.0
        );
        v += y_step;
    }
    let _ = writeln!(
        s,
        r#"<text x="16" y="{my}" transform="rotate(-90 16 {my})" text-anchor="middle">units lost per month</text>"#,
        my = TOP + plot_h / 2.0
    );
    let _ = writeln!(s, "</g>");
    year_ticks(&mut s, x0, x1, x, base);
    let _ = writeln!(s, r##"<g class="bars" fill="#b2182b">"##);
    for (month, n) in months {
        let start = days(*month);
        let next = month
            .checked_add(materiel::jiff::Span::new().months(1))
            .map_or(start + 30, days);
        let (xa, xb) = (x(start), x(next.min(x1)));
        let _ = writeln!(
            s,
            r#"<rect class="bar" data-month="{month}" data-units="{n}" x="{xa:.1}" y="{yt:.1}" width="{w:.1}" height="{h:.1}"/>"#,
            yt = y(*n),
            w = (xb - xa - 0.5).max(0.5),
            h = base - y(*n)
        );
    }
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, r#"<g class="caption" font-size="11">"#);
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="{cy}">{}</text>"#,
        esc(
            "Units lost per month (by the month of each loss's date: for a loss list, the day it was listed by); visually confirmed losses are a lower bound of the true ones."
        ),
        cy = HEIGHT - 40.0
    );
    let _ = writeln!(
        s,
        r#"<text class="source" x="{LEFT}" y="{cy}">{}</text>"#,
        esc(&source_line(frame.sources)),
        cy = HEIGHT - 8.0
    );
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, "</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_the_epoch() {
        let d = |y, m, dd| days(Date::new(y, m, dd).expect("date"));
        assert_eq!(d(1970, 1, 1), 0);
        assert_eq!(d(2000, 3, 1), 11_017);
        assert_eq!(d(1969, 12, 31), -1);
        assert_eq!(d(2025, 1, 3) - d(2024, 1, 3), 366);
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(tick_step(24, 8), 5);
        assert_eq!(tick_step(1, 8), 1);
        assert_eq!(tick_step(900, 8), 200);
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn oryx_charts_carry_the_attribution_its_readme_asks_for() {
        let oryx = materiel::import::oryx::CITATION.to_owned();
        assert_eq!(source_line(std::slice::from_ref(&oryx)), ORYX_ATTRIBUTION);
        assert_eq!(
            source_line(&["SIPRI".to_owned(), oryx]),
            format!("Source: SIPRI. {ORYX_ATTRIBUTION}")
        );
        assert_eq!(source_line(&["SIPRI".to_owned()]), "Source: SIPRI");
        assert_eq!(source_line(&[]), "Source: none in this view");
    }
}
