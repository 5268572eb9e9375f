//! Monthly bars: one series ([`monthly_svg`]) or several stacked ([`stacked_monthly_svg`]),
//! with the months a loss list's listing gaps touch drawn hatched and lighter.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;

use super::Frame;
use super::Series;
use super::svg::{
    BASE, LEFT, Mark, NO_LEGEND_MARGIN, PALETTE, PLOT_W, Scale, WIDTH, close, days, esc, open,
    spans_and_markers, x_ticks, y_axis,
};

/// The colour of a single series of bars.
const BAR: &str = "#b2182b";

/// The chart of units per month as bars (`months`: the first day of each month with its
/// units, in order; one bar per month), with the y axis labelled `y_label`, framed by
/// `frame`: the time axis runs from the first month to `frame`'s end date. One series needs
/// no legend, so the plot takes the legend's width.
///
/// ```
/// use materiel::chart::{Frame, monthly_svg};
/// use materiel::jiff::civil::date;
///
/// let frame = Frame::new("Losses (illustrative)", "as known at 2024-03-31", date(2024, 3, 31))
///     .note("Units lost per month.");
/// let months = [(date(2022, 3, 1), 12), (date(2023, 7, 1), 3)];
/// let svg = monthly_svg(&frame, "units lost per month", &months);
/// assert!(svg.contains(r#"class="bar" data-month="2023-07-01" data-units="3""#));
/// assert!(svg.contains("Source: none in this view"));
/// assert!(!svg.contains("<g class=\"legend\">"));
/// ```
#[must_use]
pub fn monthly_svg(frame: &Frame, y_label: &str, months: &[(Date, u64)]) -> String {
    let mut one = Series::new("").colour(BAR);
    one.steps = months.to_vec();
    bars(frame, y_label, &[one], false)
}

/// The chart of units per month as stacked bars, one colour per group (`groups`: each
/// series named by its group, its steps the first day of each month with that group's
/// units), stacked in the order given from the bottom, with a legend naming each group.
/// Otherwise as [`monthly_svg`]; each segment is a `bar` with its `data-group`.
///
/// ```
/// use materiel::chart::{Frame, Series, stacked_monthly_svg};
/// use materiel::jiff::civil::date;
///
/// let frame = Frame::new("Losses by category (illustrative)", "as known at 2024-03-31", date(2024, 3, 31));
/// let tanks = Series::new("tank").step(date(2024, 1, 1), 20).step(date(2024, 2, 1), 12);
/// let trucks = Series::new("truck").step(date(2024, 1, 1), 7);
/// let svg = stacked_monthly_svg(&frame, "units lost per month", &[tanks, trucks]);
/// assert!(svg.contains(r#"class="bar" data-month="2024-01-01" data-units="7" data-group="truck""#));
/// assert!(svg.contains(">truck</tspan>"));
/// ```
#[must_use]
pub fn stacked_monthly_svg(frame: &Frame, y_label: &str, groups: &[Series]) -> String {
    bars(frame, y_label, groups, true)
}

/// The bars of `groups`, stacked; with a legend when `legend`.
fn bars(frame: &Frame, y_label: &str, groups: &[Series], legend: bool) -> String {
    // Each month's segments, bottom up: (group, units).
    let mut months: BTreeMap<Date, Vec<(usize, u64)>> = BTreeMap::new();
    for (g, series) in groups.iter().enumerate() {
        for (month, n) in &series.steps {
            months.entry(*month).or_default().push((g, *n));
        }
    }
    let top = months
        .values()
        .map(|m| m.iter().map(|s| s.1).sum::<u64>())
        .max()
        .unwrap_or(0);
    let first = months.keys().next().map(|m| days(*m));
    let mut x0 = first.unwrap_or_else(|| days(frame.end) - 365);
    // The first listing's backlog starts before its month: the axis shows it.
    if let Some((since, listed)) = frame.backlog
        && first.is_some_and(|f| f <= days(listed))
    {
        x0 = x0.min(days(since));
    }
    let x1 = days(frame.end).max(x0 + 31);
    let (y_max, y_step) = y_axis(top);
    let w = if legend || !frame.illustrative.is_empty() {
        PLOT_W
    } else {
        WIDTH - LEFT - NO_LEGEND_MARGIN
    };
    let scale = Scale { x0, x1, y_max, w };
    let mut framed = frame.clone();
    if let Some(note) = frame.listing_note(x0, x1) {
        framed.notes.push(note);
    }

    let mut s = String::new();
    open(&mut s, &framed, &scale, y_step, y_label);
    x_ticks(&mut s, &scale);
    spans_and_markers(&mut s, &framed, &scale);
    let colour = |g: usize| {
        groups[g]
            .colour
            .as_deref()
            .unwrap_or(PALETTE[g % PALETTE.len()])
    };
    let _ = writeln!(s, r#"<g class="bars">"#);
    for (month, segments) in &months {
        let start = days(*month);
        let next = month
            .checked_add(jiff::Span::new().months(1))
            .map_or(start + 30, days);
        let (xa, xb) = (scale.x(start), scale.x(next.min(x1)));
        let width = (xb - xa - 0.5).max(0.5);
        let gap = frame.month_in_gap(x0, x1, start, next);
        let (flag, opacity) = if gap {
            (r#" data-gap="true""#, r#" fill-opacity="0.45""#)
        } else {
            ("", "")
        };
        let mut base = 0;
        for (g, n) in segments {
            let group = if legend {
                format!(r#" data-group="{}""#, esc(&groups[*g].name))
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                r#"<rect class="bar" data-month="{month}" data-units="{n}"{group}{flag} x="{xa:.1}" y="{yt:.1}" width="{width:.1}" height="{h:.1}" fill="{c}"{opacity}/>"#,
                yt = scale.y(base + n),
                h = scale.y(base) - scale.y(base + n),
                c = esc(colour(*g)),
            );
            base += n;
        }
        if gap && base > 0 {
            let _ = writeln!(
                s,
                r#"<rect class="gap-hatch" x="{xa:.1}" y="{yt:.1}" width="{width:.1}" height="{h:.1}" fill="url(#hatch)" opacity="0.6"/>"#,
                yt = scale.y(base),
                h = BASE - scale.y(base),
            );
        }
    }
    let _ = writeln!(s, "</g>");
    let entries: Vec<(String, &str, Mark)> = if legend {
        groups
            .iter()
            .enumerate()
            .map(|(g, series)| (series.name.clone(), colour(g), Mark::Swatch))
            .collect()
    } else {
        Vec::new()
    };
    close(&mut s, &framed, &scale, &entries);
    s
}
