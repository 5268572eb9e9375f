//! `materiel::chart`: every chart's x ticks are labelled with the dates they mark, strictly
//! increasing and linear in time; every chart has its source line, its axis runs to the
//! query's date and every series reaches the right edge. `check_chart` is what the example
//! charts are checked with too (`examples.rs`).

use jiff::civil::Date;
use materiel::chart::{Frame, Series, monthly_svg, steps_svg};
use proptest::prelude::*;

use crate::support::history::cases;

/// The value of attribute `name` in the start tag `tag`.
pub(crate) fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Checks that `svg` is well-formed enough: an XML declaration, then elements that open and
/// close in order under one `<svg>` root, quoted attributes, known entities.
fn check_well_formed(svg: &str) {
    let body = svg
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("an XML declaration");
    let mut stack: Vec<&str> = Vec::new();
    let mut seen_root = false;
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "{text}");
        for (at, _) in text.match_indices('&') {
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| text[at..].starts_with(e)),
                "{text}"
            );
        }
        let close = rest[open..].find('>').expect("a closed tag") + open;
        let tag = &rest[open + 1..close];
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
        } else {
            let name = tag.split_whitespace().next().unwrap().trim_end_matches('/');
            if stack.is_empty() {
                assert!(!seen_root && name == "svg", "one <svg> root: {tag}");
                seen_root = true;
            }
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(rest.trim(), "");
}

/// A chart's x ticks: (x, label, the date the tick marks).
pub(crate) fn x_ticks(svg: &str) -> Vec<(f64, String, Date)> {
    svg.lines()
        .filter_map(|line| {
            let tag = &line[line.find("<text class=\"tick\"")?..];
            let label = &tag[tag.find('>')? + 1..tag.find("</text>")?];
            Some((
                attr(tag, "x")?.parse().ok()?,
                label.to_owned(),
                attr(tag, "data-date")?.parse().ok()?,
            ))
        })
        .collect()
}

/// What [`check_chart`] read from a chart: its ticks and the date its axis ends on.
pub(crate) struct Checked {
    pub(crate) ticks: Vec<(f64, String, Date)>,
    pub(crate) end: Date,
}

/// Checks a chart: well-formed; x ticks strictly increasing, each labelled with the date it
/// marks (`YYYY` for 1 January, `YYYY-MM` for the first of a month), at positions linear in
/// that date; a source line; the axis's end date; every series running to the right edge.
pub(crate) fn check_chart(svg: &str) -> Checked {
    check_well_formed(svg);
    let ticks = x_ticks(svg);
    for w in ticks.windows(2) {
        assert!(w[0].0 < w[1].0 && w[0].2 < w[1].2, "{ticks:?}");
    }
    for (_, label, date) in &ticks {
        let expected = if (date.month(), date.day()) == (1, 1) && label.len() == 4 {
            date.year().to_string()
        } else {
            assert_eq!(date.day(), 1, "{ticks:?}");
            date.strftime("%Y-%m").to_string()
        };
        assert_eq!(*label, expected, "{ticks:?}");
    }
    if ticks.len() >= 2 {
        let days = |d: Date| (d - ticks[0].2).get_days() as f64;
        // The scale between the first and last ticks (positions are written to 0.1).
        let last = &ticks[ticks.len() - 1];
        let scale = (last.0 - ticks[0].0) / days(last.2);
        for (x, _, date) in &ticks {
            let expected = ticks[0].0 + scale * days(*date);
            assert!((x - expected).abs() < 0.2, "{x} vs {expected}: {ticks:?}");
        }
    }
    assert!(svg.contains("<text class=\"source\""), "{svg}");
    let axes = svg
        .lines()
        .find(|l| l.starts_with("<g class=\"axes\""))
        .expect("axes");
    let end: Date = attr(axes, "data-end").unwrap().parse().unwrap();
    let axis = svg.lines().find(|l| l.starts_with("<line x1=")).unwrap();
    let right: f64 = attr(axis, "x2").unwrap().parse().unwrap();
    for line in svg.lines().filter(|l| l.contains("class=\"series\"")) {
        let points = attr(line, "points").unwrap();
        let last = points.split(' ').next_back().unwrap();
        let x: f64 = last.split(',').next().unwrap().parse().unwrap();
        assert_eq!(x, right, "{line}");
    }
    Checked { ticks, end }
}

fn day_s() -> impl Strategy<Value = Date> {
    // 1990-01-01 plus up to about 40 years.
    (0i32..14_600).prop_map(|n| {
        Date::constant(1990, 1, 1)
            .checked_add(jiff::Span::new().days(n))
            .unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(64)))]

    /// Any step series over any span: ticks true to their dates, the axis to the frame's end
    /// date or a day past the last step, the source line.
    #[test]
    fn step_charts_have_true_ticks_and_run_to_the_query_date(
        series in prop::collection::vec(prop::collection::vec((day_s(), 0u64..10_000), 1..8), 1..4),
        end in day_s(),
    ) {
        let last = series.iter().flatten().map(|s| s.0).max().unwrap();
        let frame = Frame::new("a <chart> & more", "as known at 2025-01-01", end)
            .sources(["somewhere"]);
        let lines: Vec<Series> = series
            .iter()
            .enumerate()
            .map(|(i, steps)| {
                steps.iter().fold(Series::new(format!("s{i}")), |s, (d, v)| s.step(*d, *v))
            })
            .collect();
        let svg = steps_svg(&frame, "units", &lines);
        let checked = check_chart(&svg);
        prop_assert_eq!(checked.end, end);
        prop_assert!(svg.contains("Source: somewhere"));
        // At least two ticks whenever the axis spans two months.
        let first = series.iter().flatten().map(|s| s.0).min().unwrap();
        let right = end.max(last.tomorrow().unwrap());
        if (right - first).get_days() > 62 {
            prop_assert!(checked.ticks.len() >= 2, "{:?}", checked.ticks);
        }
    }

    /// Monthly bars: true ticks, every unit drawn.
    #[test]
    fn monthly_charts_have_true_ticks_and_every_unit(
        months in prop::collection::btree_map((1995i16..2030, 1i8..=12), 1u64..500, 1..30),
        end in day_s(),
    ) {
        let months: Vec<(Date, u64)> = months
            .into_iter()
            .map(|((y, m), n)| (Date::new(y, m, 1).unwrap(), n))
            .collect();
        let frame = Frame::new("losses", "as known at 2025-01-01", end);
        let svg = monthly_svg(&frame, "units", &months);
        check_chart(&svg);
        let drawn: u64 = svg
            .lines()
            .filter(|l| l.contains("class=\"bar\""))
            .map(|l| attr(l, "data-units").unwrap().parse::<u64>().unwrap())
            .sum();
        prop_assert_eq!(drawn, months.iter().map(|m| m.1).sum::<u64>());
        prop_assert!(svg.contains("Source: none in this view"));
    }
}

#[test]
fn an_empty_chart_says_so_and_keeps_its_frame() {
    let frame = Frame::new(
        "nothing",
        "as known at 2025-01-01",
        Date::constant(2025, 1, 1),
    );
    let svg = steps_svg(&frame, "units", &[]);
    check_chart(&svg);
    assert!(svg.contains("(no entry in this view)"), "{svg}");
    assert!(svg.contains("Source: none in this view"), "{svg}");
}
