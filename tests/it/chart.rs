//! `materiel::chart`: every chart's x ticks are labelled with the dates they mark, strictly
//! increasing and linear in time; every chart has its source line, its axis runs to the
//! query's date and every series reaches the right edge (`check_chart`, in
//! `tests/support/svg.rs`, which the example charts and the command line's are checked with
//! too).

use jiff::civil::Date;
use materiel::chart::{Frame, Series, monthly_svg, steps_svg};
use proptest::prelude::*;

use crate::support::history::cases;
use crate::support::svg::{attr, check_chart};

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

/// The `<rect class="bar">` tags of a chart: (month, units, in a listing gap).
fn bars(svg: &str) -> Vec<(Date, u64, bool)> {
    svg.lines()
        .filter(|l| l.starts_with("<rect class=\"bar\""))
        .map(|l| {
            (
                attr(l, "data-month").unwrap().parse().unwrap(),
                attr(l, "data-units").unwrap().parse().unwrap(),
                attr(l, "data-gap") == Some("true"),
            )
        })
        .collect()
}

/// Oryx's pauses as scraped (the review's list) and its first scrape: every gap on the axis
/// is shaded, every month it touches hatched, each listed in the note; no other month is.
#[test]
fn listing_gaps_and_the_first_backlog_are_marked_not_drawn_as_changes() {
    let d = |y, m, dd| Date::new(y, m, dd).unwrap();
    let gaps = [
        (d(2022, 6, 12), d(2022, 6, 26)),
        (d(2023, 12, 18), d(2024, 1, 9)),
        (d(2024, 3, 3), d(2024, 4, 8)),
    ];
    // A listing every 3 days, but for the gaps.
    let mut listed = Vec::new();
    let mut day = d(2022, 3, 19);
    while day <= d(2024, 6, 30) {
        if !gaps.iter().any(|(a, b)| day > *a && day < *b) {
            listed.push(day);
        }
        day = day.checked_add(jiff::Span::new().days(3)).unwrap();
    }
    listed.extend(gaps.iter().flat_map(|(a, b)| [*a, *b]));
    let months: Vec<(Date, u64)> = (0..28)
        .map(|i| {
            (
                d(2022, 3, 1)
                    .checked_add(jiff::Span::new().months(i))
                    .unwrap(),
                100,
            )
        })
        .collect();
    let frame = Frame::new("losses", "as known at 2024-07-01", d(2024, 6, 30))
        .listing_days(listed)
        .first_listing(d(2022, 2, 24), d(2022, 3, 19));
    let svg = monthly_svg(&frame, "units", &months);
    check_chart(&svg);
    let spans: Vec<(String, Date, Date)> = svg
        .lines()
        .filter(|l| {
            l.starts_with("<g class=\"listing-gap\"") || l.starts_with("<g class=\"backlog\"")
        })
        .map(|l| {
            (
                attr(l, "class").unwrap().to_owned(),
                attr(l, "data-from").unwrap().parse().unwrap(),
                attr(l, "data-until").unwrap().parse().unwrap(),
            )
        })
        .collect();
    let mut expected = vec![("backlog".to_owned(), d(2022, 2, 24), d(2022, 3, 19))];
    expected.extend(gaps.iter().map(|(a, b)| ("listing-gap".to_owned(), *a, *b)));
    assert_eq!(spans, expected);
    let hatched: Vec<Date> = bars(&svg)
        .into_iter()
        .filter(|b| b.2)
        .map(|b| b.0)
        .collect();
    assert_eq!(
        hatched,
        [
            d(2022, 3, 1),
            d(2022, 6, 1),
            d(2023, 12, 1),
            d(2024, 1, 1),
            d(2024, 3, 1),
            d(2024, 4, 1)
        ]
    );
    // The notes, their wrapped lines joined.
    let caption = svg
        .lines()
        .filter_map(|l| {
            let text = l.strip_prefix("<text x=\"60\" y=")?;
            Some(&text[text.find('>')? + 1..text.find("</text>")?])
        })
        .collect::<Vec<_>>()
        .join(" ");
    for needle in [
        "14 days or more",
        "count what was listed, not what was lost",
        "the first listing, on 2022-03-19, holds every loss since 2022-02-24",
        "no listing between 2022-06-12 and 2022-06-26 (14 days)",
        "2023-12-18 and 2024-01-09 (22 days), 2024-03-03 and 2024-04-08 (36 days).",
    ] {
        assert!(caption.contains(needle), "{needle}: {caption}");
    }
    // Pauses shorter than 14 days are not gaps; with no gap, no mark.
    let quiet = Frame::new("losses", "v", d(2024, 6, 30)).listing_days([
        d(2024, 1, 1),
        d(2024, 1, 14),
        d(2024, 1, 27),
    ]);
    let svg = monthly_svg(&quiet, "units", &months);
    assert!(bars(&svg).iter().all(|b| !b.2));
    assert!(!svg.contains("listing-gap") && !svg.contains("not what was lost"));
}

/// Stacked bars: each month's segments sum to its total, stack without overlap from the
/// axis up, and the legend names every group; a single series has no legend and a wider plot.
#[test]
fn stacked_bars_stack_and_name_every_group() {
    let d = |y, m| Date::new(y, m, 1).unwrap();
    let groups = [
        Series::new("tank").step(d(2024, 1), 20).step(d(2024, 2), 5),
        Series::new("truck").step(d(2024, 1), 7).step(d(2024, 3), 9),
        Series::new("other (3 groups)").step(d(2024, 2), 1),
    ];
    let frame = Frame::new("losses", "v", Date::constant(2024, 3, 31));
    let svg = materiel::chart::stacked_monthly_svg(&frame, "units", &groups);
    check_chart(&svg);
    let segments: Vec<(String, Date, f64, f64)> = svg
        .lines()
        .filter(|l| l.starts_with("<rect class=\"bar\""))
        .map(|l| {
            let y: f64 = attr(l, "y").unwrap().parse().unwrap();
            let h: f64 = attr(l, "height").unwrap().parse().unwrap();
            (
                attr(l, "data-group").unwrap().to_owned(),
                attr(l, "data-month").unwrap().parse().unwrap(),
                y,
                y + h,
            )
        })
        .collect();
    assert_eq!(segments.len(), 5);
    let axis = svg.lines().find(|l| l.starts_with("<line x1=")).unwrap();
    let base: f64 = attr(axis, "y1").unwrap().parse().unwrap();
    let right: f64 = attr(axis, "x2").unwrap().parse().unwrap();
    for month in [d(2024, 1), d(2024, 2), d(2024, 3)] {
        let mut stack: Vec<&(String, Date, f64, f64)> =
            segments.iter().filter(|s| s.1 == month).collect();
        stack.sort_by(|a, b| b.3.total_cmp(&a.3));
        assert!((stack[0].3 - base).abs() < 0.2, "{stack:?}");
        for w in stack.windows(2) {
            assert!((w[0].2 - w[1].3).abs() < 0.2, "{stack:?}");
        }
    }
    for name in ["tank", "truck", "other (3 groups)"] {
        let name = format!(">{name}</tspan>");
        assert!(svg.contains(&name), "{name}");
    }
    let single = monthly_svg(&frame, "units", &[(d(2024, 1), 3)]);
    let axis = single.lines().find(|l| l.starts_with("<line x1=")).unwrap();
    let wide: f64 = attr(axis, "x2").unwrap().parse().unwrap();
    assert!(wide > right + 100.0, "{wide} vs {right}");
    assert!(!single.contains("class=\"legend\""));
}

/// A narrow "no data after" strip: its label runs down the strip, not out of the plot under
/// the legend; a wide one's runs across it.
#[test]
fn the_no_data_label_stays_inside_its_strip() {
    let d = |y, m, dd| Date::new(y, m, dd).unwrap();
    let series = [Series::new("a").step(d(2006, 1, 1), 4)];
    for (last, rotated) in [(d(2025, 11, 1), true), (d(2020, 1, 1), false)] {
        let frame = Frame::new("t", "v", d(2026, 12, 7)).data_until(last);
        let svg = steps_svg(&frame, "units", &series);
        check_chart(&svg);
        let band = svg
            .lines()
            .find(|l| l.contains("class=\"no-data\""))
            .unwrap();
        let strip: f64 = attr(band, "x").unwrap().parse().unwrap();
        let label = &band[band.find("<text").unwrap()..];
        let x: f64 = attr(label, "x").unwrap().parse().unwrap();
        let axis = svg.lines().find(|l| l.starts_with("<line x1=")).unwrap();
        let right: f64 = attr(axis, "x2").unwrap().parse().unwrap();
        assert_eq!(label.contains("rotate(90"), rotated, "{band}");
        assert!(x > strip && x < right, "{band}");
        if !rotated {
            assert!(x + 24.0 * 6.2 <= right, "{band}");
        }
    }
}

/// A timeline whose count the sources dispute: the band spans the range at each step, no
/// band where the range is one figure, the y axis reaches its top, the legend names it (the
/// timeline's caption is checked on the README's flagship, `materiel-cli/tests/it/readme_flagship.rs`).
#[test]
fn a_disputed_count_is_drawn_with_the_range_the_sources_allow() {
    let d = |y, m, dd| Date::new(y, m, dd).unwrap();
    let frame = Frame::new("t", "v", d(2026, 1, 1)).range_band([
        (d(2015, 1, 1), 21, Some(21)),
        (d(2023, 7, 3), 21, Some(23)),
        (d(2025, 11, 1), 21, Some(40)),
    ]);
    let line = Series::new("held")
        .step(d(2008, 1, 1), 24)
        .step(d(2015, 1, 1), 21);
    let svg = steps_svg(&frame, "units", &[line]);
    check_chart(&svg);
    let bands: Vec<(String, String, String)> = svg
        .lines()
        .filter(|l| l.starts_with("<rect class=\"range\""))
        .map(|l| {
            let a = |n| attr(l, n).unwrap().to_owned();
            (a("data-from"), a("data-lower"), a("data-upper"))
        })
        .collect();
    assert_eq!(
        bands,
        [("2023-07-03", "21", "23"), ("2025-11-01", "21", "40")].map(|(a, b, c)| (
            a.to_owned(),
            b.to_owned(),
            c.to_owned()
        ))
    );
    let top = svg
        .lines()
        .filter(|l| l.starts_with("<line x1=\"60\" y1=") && l.contains("#dddddd"))
        .filter_map(|l| {
            l[l.find("\">").unwrap() + 2..l.find("</text>")?]
                .parse::<u64>()
                .ok()
        })
        .max()
        .unwrap();
    assert!(top >= 40, "{top}");
    assert!(svg.contains("range sources allow"));
}
