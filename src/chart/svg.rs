//! Writing the charts: the frame (title, view, axes, ticks, legend, notes, source line) and
//! what goes inside it (step series, markers, illustrative spans, listing gaps); the
//! monthly bars are `bars.rs`.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::{Frame, Series, source_line};

pub(super) const WIDTH: f64 = 860.0;
pub(super) const LEFT: f64 = 60.0;
const RIGHT: f64 = 190.0;
const TOP: f64 = 50.0;
/// The plot's width beside a legend; without one, the plot runs to [`WIDTH`] less
/// [`NO_LEGEND_MARGIN`].
pub(super) const PLOT_W: f64 = WIDTH - LEFT - RIGHT;
pub(super) const NO_LEGEND_MARGIN: f64 = 24.0;
const PLOT_H: f64 = 320.0;
pub(super) const BASE: f64 = TOP + PLOT_H;
/// The y of the first note under the plot, and the distance between text lines there.
const NOTES: f64 = BASE + 50.0;
const LINE: f64 = 16.0;

/// The colours of series that name none: the Okabe-Ito palette (distinguishable with the
/// common colour-vision deficiencies).
pub(super) const PALETTE: [&str; 8] = [
    "#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
];

/// The colour of the hatching over illustrative spans (used for nothing else).
pub(super) const HATCH: &str = "#444444";

/// Text escaped for XML content and attribute values.
pub(super) fn esc(text: &str) -> String {
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

/// Days since 1970-01-01.
pub(super) fn days(date: Date) -> i64 {
    date.since(Date::constant(1970, 1, 1))
        .map_or(0, |span| i64::from(span.get_days()))
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

/// The scales of one chart: days `x0..x1` across the plot's width `w`, `0..=y_max` up it.
pub(super) struct Scale {
    pub(super) x0: i64,
    pub(super) x1: i64,
    pub(super) y_max: u64,
    pub(super) w: f64,
}

impl Scale {
    pub(super) fn x(&self, day: i64) -> f64 {
        LEFT + (day - self.x0) as f64 / (self.x1 - self.x0) as f64 * self.w
    }

    pub(super) fn y(&self, v: u64) -> f64 {
        BASE - v as f64 / self.y_max as f64 * PLOT_H
    }
}

/// The top of the y axis for values up to `top`: a round number, with its tick step.
pub(super) fn y_axis(top: u64) -> (u64, u64) {
    let top = top.max(1);
    let step = tick_step(top, 8);
    (top.div_ceil(step) * step, step)
}

/// The widest line of text under the plot, in characters: longer notes and source lines are
/// wrapped between words; the source line, in smaller type, at [`WRAP_SOURCE`].
const WRAP: usize = 130;
const WRAP_SOURCE: usize = 145;

/// `text` cut into lines of at most `width` characters between words (a longer word stands
/// alone on its line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// The lines under the plot: the notes, wrapped, and the source line, wrapped.
fn footer(frame: &Frame) -> (Vec<String>, Vec<String>) {
    let notes = frame.notes.iter().flat_map(|n| wrap(n, WRAP)).collect();
    let source = source_line(&frame.sources)
        .split('\n')
        .flat_map(|line| wrap(line, WRAP_SOURCE))
        .collect();
    (notes, source)
}

/// The chart's opening: declaration, root, title, view, the hatch pattern, the axes and the y
/// ticks labelled `y_label`.
pub(super) fn open(s: &mut String, frame: &Frame, scale: &Scale, y_step: u64, y_label: &str) {
    let (notes, source) = footer(frame);
    let height = NOTES + LINE * (notes.len() + source.len() - 1) as f64 + 8.0;
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, "<title>{}</title>", esc(&frame.title));
    let _ = writeln!(
        s,
        r#"<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="{HATCH}" stroke-width="1.5"/></pattern></defs>"#
    );
    let _ = writeln!(
        s,
        r#"<rect width="{WIDTH}" height="{height}" fill="white"/>"#
    );
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="22" font-size="15" font-weight="bold">{}</text>"#,
        esc(&frame.title)
    );
    let _ = writeln!(s, r#"<text x="{LEFT}" y="40">{}</text>"#, esc(&frame.view));
    let _ = writeln!(
        s,
        r#"<g class="axes" data-end="{}" stroke="black" fill="none">"#,
        frame.end
    );
    let _ = writeln!(
        s,
        r#"<line x1="{LEFT}" y1="{BASE}" x2="{r}" y2="{BASE}"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{BASE}"/>"#,
        r = LEFT + scale.w
    );
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, r#"<g class="y-ticks" text-anchor="end">"#);
    let mut v = 0;
    while v <= scale.y_max {
        let yy = scale.y(v);
        let _ = writeln!(
            s,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{r}" y2="{yy:.1}" stroke="#dddddd"/><text x="{tx}" y="{ty:.1}">{v}</text>"##,
            r = LEFT + scale.w,
            tx = LEFT - 6.0,
            ty = yy + 4.0
        );
        v += y_step;
    }
    let _ = writeln!(
        s,
        r#"<text x="16" y="{my}" transform="rotate(-90 16 {my})" text-anchor="middle">{}</text>"#,
        esc(y_label),
        my = TOP + PLOT_H / 2.0
    );
    let _ = writeln!(s, "</g>");
}

/// The x ticks of the time axis, each a `<text class="tick">` labelled with the date it
/// marks (`data-date`): 1 January of round years, or, when fewer than two of those fall on
/// the axis, the first of round months (labelled `YYYY-MM`).
pub(super) fn x_ticks(s: &mut String, scale: &Scale) {
    let (x0, x1) = (scale.x0, scale.x1);
    let on_axis = |d: &Date| (x0..=x1).contains(&days(*d));
    let (ya, yb) = (1970 + x0.div_euclid(366) - 1, 1970 + x1.div_euclid(365) + 1);
    let years: Vec<Date> = (ya..=yb)
        .filter_map(|y| Date::new(i16::try_from(y).ok()?, 1, 1).ok())
        .filter(on_axis)
        .collect();
    let every = tick_step(u64::try_from(years.len()).unwrap_or(1), 10);
    let mut ticks: Vec<(Date, String)> = years
        .into_iter()
        .filter(|d| u64::try_from(d.year()).is_ok_and(|y| y % every == 0))
        .map(|d| (d, d.year().to_string()))
        .collect();
    if ticks.len() < 2 {
        let months: Vec<Date> = (ya..=yb)
            .flat_map(|y| (1..=12).map(move |m| (y, m)))
            .filter_map(|(y, m)| Date::new(i16::try_from(y).ok()?, m, 1).ok())
            .filter(on_axis)
            .collect();
        let every: i8 = [1_i8, 2, 3, 6]
            .into_iter()
            .find(|k| months.len() / usize::from(k.unsigned_abs()) <= 10)
            .unwrap_or(12);
        ticks = months
            .into_iter()
            .filter(|d| (d.month() - 1) % every == 0)
            .map(|d| (d, d.strftime("%Y-%m").to_string()))
            .collect();
    }
    let _ = writeln!(s, r#"<g class="x-ticks" text-anchor="middle">"#);
    for (date, label) in ticks {
        let _ = writeln!(
            s,
            r#"<line x1="{xx:.1}" y1="{BASE}" x2="{xx:.1}" y2="{b2}" stroke="black"/><text class="tick" data-date="{date}" x="{xx:.1}" y="{ty}">{label}</text>"#,
            xx = scale.x(days(date)),
            b2 = BASE + 5.0,
            ty = BASE + 18.0
        );
    }
    let _ = writeln!(s, "</g>");
}

/// The width, in pixels, that a label of `chars` characters in 11-pixel type may take.
fn label_width(chars: usize) -> f64 {
    chars as f64 * 6.2 + 6.0
}

/// The spans of illustrative data (hatched), the days after the sources' data (shaded,
/// labelled), the gaps in a loss list's listing days and its first listing's backlog
/// (shaded), and the markers, clipped to the axis.
pub(super) fn spans_and_markers(s: &mut String, frame: &Frame, scale: &Scale) {
    if let Some(last) = frame.data_until {
        let a = (days(last) + 1).max(scale.x0);
        if a < scale.x1 {
            let (xa, xb) = (scale.x(a), scale.x(scale.x1));
            let label = format!("no data after {last}");
            // Inside the strip: across it where it is wide enough, else down it, so that the
            // label never runs out of the plot (under the legend).
            let text = if xb - xa >= label_width(label.len()) {
                format!(
                    r##"<text x="{tx:.1}" y="{ty}" font-size="11" fill="#333333">{label}</text>"##,
                    tx = xa + 3.0,
                    ty = TOP + 26.0
                )
            } else {
                let (tx, ty) = (xa + 4.0, TOP + 6.0);
                format!(
                    r##"<text x="{tx:.1}" y="{ty}" transform="rotate(90 {tx:.1} {ty})" font-size="11" fill="#333333">{label}</text>"##
                )
            };
            let _ = writeln!(
                s,
                r##"<g class="no-data" data-after="{last}"><rect x="{xa:.1}" y="{TOP}" width="{w:.1}" height="{PLOT_H}" fill="#e8e8e8"/><line x1="{xa:.1}" y1="{TOP}" x2="{xa:.1}" y2="{BASE}" stroke="#555555"/>{text}</g>"##,
                w = xb - xa,
            );
        }
    }
    for (class, from, until, a, b) in frame.listing_spans(scale.x0, scale.x1) {
        let (xa, xb) = (scale.x(a), scale.x(b));
        let _ = writeln!(
            s,
            r##"<g class="{class}" data-from="{from}" data-until="{until}"><rect x="{xa:.1}" y="{TOP}" width="{w:.1}" height="{PLOT_H}" fill="#ececec"/></g>"##,
            w = (xb - xa).max(0.0)
        );
    }
    for (from, until) in &frame.illustrative {
        let (a, b) = (
            days(*from).clamp(scale.x0, scale.x1),
            days(*until).clamp(scale.x0, scale.x1),
        );
        if a >= b {
            continue;
        }
        let (xa, xb) = (scale.x(a), scale.x(b));
        let _ = writeln!(
            s,
            r##"<g class="illustrative" data-from="{from}" data-until="{until}"><rect x="{xa:.1}" y="{TOP}" width="{w:.1}" height="{PLOT_H}" fill="#eeeeee"/><rect x="{xa:.1}" y="{TOP}" width="{w:.1}" height="{PLOT_H}" fill="url(#hatch)" opacity="0.5"/></g>"##,
            w = xb - xa
        );
    }
    for (date, label) in &frame.markers {
        let d = days(*date);
        if d < scale.x0 || d > scale.x1 {
            continue;
        }
        let xx = scale.x(d);
        let _ = writeln!(
            s,
            r##"<g class="marker" data-date="{date}"><line x1="{xx:.1}" y1="{TOP}" x2="{xx:.1}" y2="{BASE}" stroke="black" stroke-dasharray="2 3"/><text x="{tx:.1}" y="{ty}" font-size="11">{}</text></g>"##,
            esc(label),
            tx = xx + 3.0,
            ty = TOP + 12.0
        );
    }
}

/// The widest legend line, in characters (the legend's column is 150 pixels wide).
const LEGEND_WRAP: usize = 22;

/// A legend name cut into lines of at most [`LEGEND_WRAP`] characters, after an underscore,
/// a space or a hyphen where it can be (`armoured_fighting_` / `vehicle`).
fn legend_lines(name: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = name;
    while rest.chars().count() > LEGEND_WRAP {
        let limit = rest
            .char_indices()
            .nth(LEGEND_WRAP)
            .map_or(rest.len(), |(i, _)| i);
        let cut = rest[..limit]
            .rfind(['_', ' ', '-'])
            .map_or(limit, |i| i + 1);
        lines.push(rest[..cut].trim_end().to_owned());
        rest = &rest[cut..];
    }
    lines.push(rest.to_owned());
    lines
}

/// How a legend entry is drawn: a line (solid or dashed) or a filled swatch.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Line,
    Dashed,
    Swatch,
}

/// The legend (each series' mark and name, then what hatching means), the notes and the
/// source line; closes the chart. With no legend entry and nothing illustrative, no legend
/// is drawn.
pub(super) fn close(s: &mut String, frame: &Frame, scale: &Scale, legend: &[(String, &str, Mark)]) {
    let lx = LEFT + scale.w + 16.0;
    let drawn_legend = !legend.is_empty() || !frame.illustrative.is_empty();
    if drawn_legend {
        let _ = writeln!(s, r#"<g class="legend">"#);
    }
    let mut ly = TOP + 10.0;
    for (name, colour, mark) in legend {
        let c = esc(colour);
        let drawn = match mark {
            Mark::Swatch => format!(
                r#"<rect x="{lx}" y="{ry}" width="16" height="12" fill="{c}"/>"#,
                ry = ly - 6.0
            ),
            Mark::Line | Mark::Dashed => format!(
                r#"<line x1="{lx}" y1="{ly}" x2="{x2}" y2="{ly}" stroke="{c}" stroke-width="3"{dash}/>"#,
                x2 = lx + 16.0,
                dash = if *mark == Mark::Dashed {
                    r#" stroke-dasharray="6 3""#
                } else {
                    ""
                }
            ),
        };
        let lines = legend_lines(name);
        let text: String = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                format!(
                    r#"<tspan x="{tx}" y="{ty}">{}</tspan>"#,
                    esc(line),
                    tx = lx + 22.0,
                    ty = ly + 4.0 + 14.0 * i as f64
                )
            })
            .collect();
        let _ = writeln!(s, r#"{drawn}<text>{text}</text>"#);
        ly += 20.0 + 14.0 * (lines.len() - 1) as f64;
    }
    if !frame.illustrative.is_empty() {
        let _ = writeln!(
            s,
            r##"<rect x="{lx}" y="{ry}" width="16" height="12" fill="url(#hatch)"/><text x="{tx}" y="{ty}">hatched: illustrative</text><text x="{tx}" y="{ty2}">(invented, not data)</text>"##,
            ry = ly - 6.0,
            tx = lx + 22.0,
            ty = ly + 4.0,
            ty2 = ly + 4.0 + LINE
        );
    }
    if drawn_legend {
        let _ = writeln!(s, "</g>");
    }
    let _ = writeln!(s, r#"<g class="caption" font-size="11">"#);
    let (notes, source) = footer(frame);
    for (i, line) in notes.iter().enumerate() {
        let _ = writeln!(
            s,
            r#"<text x="{LEFT}" y="{cy}">{}</text>"#,
            esc(line),
            cy = NOTES + LINE * i as f64
        );
    }
    for (i, line) in source.iter().enumerate() {
        let _ = writeln!(
            s,
            r#"<text class="source" x="{LEFT}" y="{cy}" font-size="10">{}</text>"#,
            esc(line),
            cy = NOTES + LINE * (notes.len() + i) as f64
        );
    }
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, "</svg>");
}

/// The chart of `series` as step lines (each value holding from its date until the next
/// step, the last to the right edge), with the y axis labelled `y_label`, framed by
/// `frame`: the time axis runs from the first step to `frame`'s end date (or a day after the
/// last step, when that is later).
///
/// ```
/// use materiel::chart::{Frame, Series, steps_svg};
/// use materiel::jiff::civil::date;
///
/// let frame = Frame::new("Cumulative losses (illustrative)", "as known at 2024-06-30", date(2024, 6, 30))
///     .marker(date(2023, 6, 6), "dam breached")
///     .illustrative(date(2024, 1, 1), date(2024, 6, 30));
/// let a = Series::new("side A").step(date(2022, 3, 1), 10).step(date(2023, 3, 1), 40);
/// let b = Series::new("side B").dashed().step(date(2022, 3, 1), 5).step(date(2024, 2, 1), 30);
/// let svg = steps_svg(&frame, "items", &[a, b]);
/// // Every tick is labelled with the year of the 1 January it marks.
/// assert!(svg.contains(r#"data-date="2023-01-01" x="#) && svg.contains(">2023</text>"));
/// assert!(svg.contains(r#"<g class="marker" data-date="2023-06-06">"#));
/// assert!(svg.contains("hatched: illustrative"));
/// ```
#[must_use]
pub fn steps_svg(frame: &Frame, y_label: &str, series: &[Series]) -> String {
    let empty = series.iter().all(|s| s.steps.is_empty());
    steps_chart(frame, y_label, series, empty)
}

/// [`steps_svg`], saying "(no entry in this view)" when `empty`.
pub(super) fn steps_chart(frame: &Frame, y_label: &str, series: &[Series], empty: bool) -> String {
    let sorted: Vec<Vec<(i64, u64)>> = series
        .iter()
        .map(|s| {
            let mut steps: Vec<(i64, u64)> = s.steps.iter().map(|(d, v)| (days(*d), *v)).collect();
            steps.sort_by_key(|step| step.0);
            steps
        })
        .collect();
    let first = sorted.iter().filter_map(|s| s.first()).map(|s| s.0).min();
    let last = sorted.iter().filter_map(|s| s.last()).map(|s| s.0).max();
    let (x0, x1) = match (first, last) {
        (Some(a), Some(b)) => (a, days(frame.end).max(b + 1)),
        _ => (0, 1),
    };
    let top = sorted
        .iter()
        .flatten()
        .map(|s| s.1)
        .max()
        .unwrap_or(0)
        .max(frame.band_top());
    let (y_max, y_step) = y_axis(top);
    let scale = Scale {
        x0,
        x1,
        y_max,
        w: PLOT_W,
    };

    let mut s = String::new();
    open(&mut s, frame, &scale, y_step, y_label);
    if empty || first.is_none() {
        let _ = writeln!(
            s,
            r#"<text x="{cx}" y="{cy}" text-anchor="middle">(no entry in this view)</text>"#,
            cx = LEFT + PLOT_W / 2.0,
            cy = TOP + PLOT_H / 2.0
        );
    } else {
        x_ticks(&mut s, &scale);
        spans_and_markers(&mut s, frame, &scale);
        super::band::draw(&mut s, frame, &scale);
    }
    let mut legend = Vec::new();
    if !frame.band.is_empty() {
        legend.push((
            "range sources allow".to_owned(),
            super::band::BAND,
            Mark::Swatch,
        ));
    }
    for (i, (one, steps)) in series.iter().zip(&sorted).enumerate() {
        let colour = one.colour.as_deref().unwrap_or(PALETTE[i % PALETTE.len()]);
        let mark = if one.dashed { Mark::Dashed } else { Mark::Line };
        legend.push((one.name.clone(), colour, mark));
        if steps.is_empty() {
            continue;
        }
        let mut points = Vec::new();
        let mut prev: Option<f64> = None;
        for (j, (day, value)) in steps.iter().enumerate() {
            let xa = scale.x(*day);
            let xb = steps.get(j + 1).map_or(scale.x(x1), |n| scale.x(n.0));
            let yv = scale.y(*value);
            if let Some(py) = prev {
                points.push(format!("{xa:.1},{py:.1}"));
            }
            points.push(format!("{xa:.1},{yv:.1}"));
            points.push(format!("{xb:.1},{yv:.1}"));
            prev = Some(yv);
        }
        let status = one
            .status
            .map(|st| format!(r#" data-status="{st}""#))
            .unwrap_or_default();
        let dash = if one.dashed {
            r#" stroke-dasharray="6 3""#
        } else {
            ""
        };
        let _ = writeln!(
            s,
            r#"<polyline class="series" data-name="{name}"{status} fill="none" stroke="{c}" stroke-width="2"{dash} points="{p}"/>"#,
            name = esc(&one.name),
            c = esc(colour),
            p = points.join(" ")
        );
    }
    close(&mut s, frame, &scale, &legend);
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
    fn long_lines_wrap_between_words() {
        let text = "word ".repeat(60);
        let lines = wrap(text.trim_end(), WRAP);
        assert!(
            lines.len() > 1 && lines.iter().all(|l| l.len() <= WRAP),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), text.trim_end());
        assert_eq!(wrap("short", WRAP), ["short"]);
    }

    #[test]
    fn long_legend_names_wrap_after_an_underscore() {
        assert_eq!(
            legend_lines("armoured_fighting_vehicle"),
            ["armoured_fighting_", "vehicle"]
        );
        assert_eq!(legend_lines("tank"), ["tank"]);
        let long = "x".repeat(50);
        assert_eq!(legend_lines(&long).concat(), long);
    }

    #[test]
    fn ticks_are_round_and_text_is_escaped() {
        assert_eq!(tick_step(24, 8), 5);
        assert_eq!(tick_step(1, 8), 1);
        assert_eq!(tick_step(900, 8), 200);
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    /// The ticks of a chart: (label, the date marked).
    fn ticks(svg: &str) -> Vec<(String, String)> {
        svg.lines()
            .filter_map(|l| {
                let t = &l[l.find("<text class=\"tick\" data-date=\"")? + 30..];
                let date = &t[..t.find('"')?];
                let label = &t[t.find('>')? + 1..t.find("</text>")?];
                Some((label.to_owned(), date.to_owned()))
            })
            .collect()
    }

    #[test]
    fn a_short_axis_has_month_ticks_a_long_one_years() {
        let d = |y, m, dd| Date::new(y, m, dd).expect("date");
        let frame = Frame::new("t", "v", d(2024, 5, 20));
        let short = steps_svg(&frame, "n", &[Series::new("a").step(d(2024, 1, 15), 3)]);
        let got = ticks(&short);
        assert_eq!(
            got,
            [
                ("2024-02", "2024-02-01"),
                ("2024-03", "2024-03-01"),
                ("2024-04", "2024-04-01"),
                ("2024-05", "2024-05-01")
            ]
            .map(|(l, d)| (l.to_owned(), d.to_owned()))
        );
        let long = steps_svg(&frame, "n", &[Series::new("a").step(d(1990, 1, 15), 3)]);
        let got = ticks(&long);
        assert!(got.len() >= 4, "{got:?}");
        for (label, date) in &got {
            assert_eq!(format!("{label}-01-01"), *date);
        }
        assert!(got.windows(2).all(|w| w[0].0 < w[1].0), "{got:?}");
    }
}
