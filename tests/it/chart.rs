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
