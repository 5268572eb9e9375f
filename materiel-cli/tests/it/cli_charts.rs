//! Charts a newsroom can print by default: the axis ends at the query's end, "as known at"
//! states what the ledger knows (not the clock), the days after the sources' data are marked,
//! and the source line dates each source. Each checked by parsing the SVG.

use materiel::jiff::civil::Date;

use std::path::Path;

use crate::support::{attr, check_chart, imported, ok, oryx_dir, oryx_imported, svg_file, x_ticks};

/// Checks `svg` as every chart (`check_chart`: well-formed, true ticks, a source line, the
/// series to the right edge) with at least two ticks; returns the axis's last date.
fn axis_end(svg: &str) -> String {
    let checked = check_chart(svg);
    assert!(checked.ticks.len() >= 2, "{svg}");
    checked.end.to_string()
}

/// The source line, its wrapped lines joined.
fn source_line(svg: &str) -> String {
    svg.lines()
        .filter_map(|l| {
            let tag = &l[l.find("<text class=\"source\"")?..];
            Some(tag[tag.find('>')? + 1..tag.find("</text>")?].to_owned())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `no-data` band's last day covered, if drawn.
fn no_data_after(svg: &str) -> Option<String> {
    let line = svg.lines().find(|l| l.contains("<g class=\"no-data\""))?;
    assert!(line.contains("no data after "), "{line}");
    attr(line, "data-after").map(str::to_owned)
}

/// The latest `date_recorded` in the committed Oryx excerpt: its snapshot's last day.
fn oryx_last_day() -> String {
    let mut last = String::new();
    for file in ["destroyed", "damaged", "abandoned", "captured"] {
        let text = std::fs::read_to_string(oryx_dir().join(format!("event_{file}.csv"))).unwrap();
        for field in text.lines().skip(1).flat_map(|l| l.split(',')) {
            if field.len() == 10 && field.parse::<Date>().is_ok() && *field > *last {
                last = field.to_owned();
            }
        }
    }
    last
}

#[test]
fn a_losses_chart_ends_at_until_and_marks_where_the_data_ends() {
    let (dir, _) = oryx_imported();
    let d = dir.path();
    let j = ["--journal", "ua.jsonl"];
    let last = oryx_last_day();
    assert_eq!(last, "2025-07-19");
    // --until is the query's end: the axis ends there, whatever today is.
    ok(
        d,
        &[
            &[
                "losses", "RUS", "--since", "2024", "--until", "2024", "--svg", "2024.svg",
            ],
            &j[..],
        ]
        .concat(),
    );
    let chart = svg_file(d, "2024.svg");
    assert_eq!(axis_end(&chart), "2024-12-31");
    assert!(x_ticks(&chart).iter().all(|t| t.1.starts_with("2024")));
    assert_eq!(no_data_after(&chart), None, "the data runs past the axis");
    // With --at too, the earlier of the two.
    ok(
        d,
        &[
            &[
                "losses", "RUS", "--until", "2024", "--at", "2024-06", "--svg", "at.svg",
            ],
            &j[..],
        ]
        .concat(),
    );
    assert_eq!(axis_end(&svg_file(d, "at.svg")), "2024-06-30");
    // Without either, the axis ends at the snapshot's last day, with no empty strip after it;
    // the source line carries the snapshot's date.
    ok(
        d,
        &[&["losses", "RUS", "--svg", "now.svg"], &j[..]].concat(),
    );
    let chart = svg_file(d, "now.svg");
    assert_eq!(axis_end(&chart), last);
    assert_eq!(no_data_after(&chart), None);
    // A later --until extends it, and the days after the snapshot are marked.
    ok(
        d,
        &[
            &["losses", "RUS", "--until", "2026-12", "--svg", "later.svg"],
            &j[..],
        ]
        .concat(),
    );
    let later = svg_file(d, "later.svg");
    assert_eq!(axis_end(&later), "2026-12-31");
    assert_eq!(no_data_after(&later).as_deref(), Some(last.as_str()));
    let source = source_line(&chart);
    assert!(
        source.starts_with("Data: Oryx (oryxspioenkop.com)"),
        "{source}"
    );
    assert!(
        source.ends_with(&format!("Oryx&apos;s lists as of {last}.")),
        "{source}"
    );
}

#[test]
fn as_known_at_states_the_latest_recorded_time_and_charts_repeat_byte_for_byte() {
    let (dir, _) = oryx_imported();
    let d = dir.path();
    let j = ["--journal", "ua.jsonl"];
    ok(d, &[&["losses", "--svg", "a.svg"], &j[..]].concat());
    ok(d, &[&["losses", "--svg", "b.svg"], &j[..]].concat());
    let a = svg_file(d, "a.svg");
    assert_eq!(a, svg_file(d, "b.svg"), "two runs, one chart");
    // The Oryx import is recorded at 00:00 UTC the day after its latest listing.
    assert!(
        a.contains("as known at 2025-07-20T00:00:00Z (the latest entry recorded)"),
        "{a}"
    );
    // With --known-at, its exact instant (here a day: its last instant).
    ok(
        d,
        &[
            &["losses", "--known-at", "2025-07-21", "--svg", "k.svg"],
            &j[..],
        ]
        .concat(),
    );
    let k = svg_file(d, "k.svg");
    assert!(
        k.contains("as known at 2025-07-21T23:59:59.999999999Z"),
        "{k}"
    );
    assert!(!k.contains("latest entry recorded"), "{k}");
}

#[test]
fn a_timeline_chart_dates_its_sipri_source_and_marks_the_edition_s_end() {
    let (dir, _) = imported();
    let d = dir.path();
    let j = ["--journal", "ven.jsonl"];
    ok(
        d,
        &[&["timeline", "VEN", "su-30mk2", "--svg", "t.svg"], &j[..]].concat(),
    );
    let chart = svg_file(d, "t.svg");
    axis_end(&chart);
    let source = source_line(&chart);
    // The excerpt's edition and the last year of deliveries it holds.
    let until = no_data_after(&chart).expect("the SIPRI data ends before today");
    assert!(until.ends_with("-12-31"), "{until}");
    assert!(
        source.contains("SIPRI Arms Transfers Database, data generated ")
            && source.contains(&format!("(data to {until})")),
        "{source}"
    );
    assert!(chart.contains("(the latest entry recorded)"), "{chart}");
}

/// The start tags of class `class` (`<g class="listing-gap" ...>`, `<rect class="bar" ...>`).
fn tagged<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
    let key = format!("class=\"{class}\"");
    svg.lines().filter(|l| l.contains(&key)).collect()
}

/// The chart's notes, their wrapped lines joined.
fn caption(svg: &str) -> String {
    svg.lines()
        .filter_map(|l| {
            let text = l.strip_prefix("<text x=\"60\" y=\"")?;
            Some(text[text.find('>')? + 1..text.find("</text>")?].to_owned())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The listing days of the journal's loss list: the on-or-before days of its entries.
fn listing_days(dir: &Path) -> Vec<Date> {
    let text = ok(
        dir,
        &[
            "export",
            "entries",
            "--journal",
            "ua.jsonl",
            "--format",
            "csv",
        ],
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = header.iter().position(|h| h == "effective").unwrap();
    let mut days: Vec<Date> = reader
        .records()
        .filter_map(|r| {
            r.unwrap()[col]
                .strip_prefix("<=")
                .map(|d| d.parse().unwrap())
        })
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

#[test]
fn a_losses_chart_marks_the_gaps_in_the_loss_list_and_its_first_scrape() {
    let (dir, _) = oryx_imported();
    let d = dir.path();
    let days = listing_days(d);
    let expected: Vec<(Date, Date)> = days
        .windows(2)
        .filter(|w| (w[1] - w[0]).get_days() >= 14)
        .map(|w| (w[0], w[1]))
        .collect();
    assert!(expected.len() >= 3, "{days:?}");
    // With a category filter too: the gaps are the list's, not the category's quiet spells.
    for (args, name) in [
        (&["losses", "RUS"][..], "all.svg"),
        (&["losses", "RUS", "--category", "tank"][..], "tank.svg"),
    ] {
        ok(
            d,
            &[args, &["--journal", "ua.jsonl", "--svg", name][..]].concat(),
        );
        let chart = svg_file(d, name);
        let gaps: Vec<(Date, Date)> = tagged(&chart, "listing-gap")
            .iter()
            .map(|t| {
                (
                    attr(t, "data-from").unwrap().parse().unwrap(),
                    attr(t, "data-until").unwrap().parse().unwrap(),
                )
            })
            .collect();
        assert_eq!(gaps, expected, "{name}");
        let backlog = tagged(&chart, "backlog");
        assert_eq!(backlog.len(), 1, "{name}");
        assert_eq!(attr(backlog[0], "data-from"), Some("2022-02-24"));
        assert_eq!(attr(backlog[0], "data-until"), Some("2022-03-19"));
        // The months hatched are exactly those a gap or the backlog touches.
        for bar in tagged(&chart, "bar") {
            let month: Date = attr(bar, "data-month").unwrap().parse().unwrap();
            let end = month.last_of_month();
            let touched = month <= Date::constant(2022, 3, 19)
                || expected
                    .iter()
                    .any(|(a, b)| a.tomorrow().unwrap() <= end && month <= *b);
            assert_eq!(attr(bar, "data-gap") == Some("true"), touched, "{bar}");
        }
        let note = caption(&chart);
        assert!(note.contains("14 days or more"), "{note}");
        assert!(
            note.contains("count what was listed, not what was lost"),
            "{note}"
        );
        for (a, b) in &expected {
            let days = (*b - *a).get_days();
            assert!(
                note.contains(&format!("{a} and {b} ({days} days)")),
                "{note}"
            );
        }
        assert!(
            note.contains("the first listing, on 2022-03-19, holds every loss since 2022-02-24"),
            "{note}"
        );
    }
}

#[test]
fn a_losses_chart_by_category_draws_each_group_and_one_without_by_says_all_categories() {
    let (dir, _) = oryx_imported();
    let d = dir.path();
    let j = ["--journal", "ua.jsonl"];
    ok(
        d,
        &[
            &["losses", "RUS", "--by", "category", "--svg", "c.svg"],
            &j[..],
        ]
        .concat(),
    );
    let chart = svg_file(d, "c.svg");
    check_chart(&chart);
    assert!(chart.contains("<title>Losses of Russia (RUS) by category</title>"));
    // The table's figures, category by month.
    let table = ok(
        d,
        &[
            &["losses", "RUS", "--by", "category", "--per", "month"],
            &["--format", "csv"][..],
            &j[..],
        ]
        .concat(),
    );
    let mut cells: Vec<(String, String, u64)> = Vec::new();
    for record in csv::Reader::from_reader(table.as_bytes()).records() {
        let r = record.unwrap();
        cells.push((
            r[1].to_owned(),
            format!("{}-01", &r[2]),
            r[3].parse().unwrap(),
        ));
    }
    let mut totals: Vec<(String, u64)> = Vec::new();
    for (category, _, n) in &cells {
        match totals.iter_mut().find(|t| t.0 == *category) {
            Some(t) => t.1 += n,
            None => totals.push((category.clone(), *n)),
        }
    }
    totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    assert!(totals.len() > 7, "{totals:?}");
    let top: Vec<&str> = totals[..6].iter().map(|t| t.0.as_str()).collect();
    let other = format!("other ({} categories)", totals.len() - 6);
    // Every segment is the table's cell (or the sum of the others), named in the legend.
    let mut drawn = 0;
    for bar in tagged(&chart, "bar") {
        let group = attr(bar, "data-group").unwrap();
        let month = attr(bar, "data-month").unwrap();
        let units: u64 = attr(bar, "data-units").unwrap().parse().unwrap();
        let expected: u64 = cells
            .iter()
            .filter(|c| c.1 == month)
            .filter(|c| {
                if group == other {
                    !top.contains(&c.0.as_str())
                } else {
                    c.0 == group
                }
            })
            .map(|c| c.2)
            .sum();
        assert_eq!(units, expected, "{bar}");
        drawn += units;
    }
    assert_eq!(drawn, cells.iter().map(|c| c.2).sum::<u64>());
    let legend = &chart[chart.find("<g class=\"legend\">").unwrap()..];
    let legend = &legend[..legend.find("</g>").unwrap()];
    let names: Vec<String> = legend
        .split("<tspan")
        .skip(1)
        .map(|t| t[t.find('>').unwrap() + 1..t.find("</tspan>").unwrap()].to_owned())
        .collect();
    let mut expected_names: Vec<String> = Vec::new();
    for name in top.iter().map(|s| (*s).to_owned()).chain([other]) {
        // A long name is wrapped after an underscore.
        let mut rest = name.as_str();
        while rest.len() > 22 {
            let cut = rest[..22].rfind(['_', ' ', '-']).map_or(22, |i| i + 1);
            expected_names.push(rest[..cut].trim_end().to_owned());
            rest = &rest[cut..];
        }
        expected_names.push(rest.to_owned());
    }
    assert_eq!(names, expected_names);
    // Without --by: one series, every category summed, no legend, said in the title.
    ok(
        d,
        &[&["losses", "RUS", "--svg", "all.svg"], &j[..]].concat(),
    );
    let all = svg_file(d, "all.svg");
    assert!(all.contains("<title>Losses of Russia (RUS), all categories</title>"));
    assert!(!all.contains("class=\"legend\""));
    assert!(
        tagged(&all, "bar")
            .iter()
            .all(|b| attr(b, "data-group").is_none())
    );
}

#[test]
fn chart_subtitles_state_dates_not_jargon_and_no_label_leaves_the_plot() {
    let (dir, _) = oryx_imported();
    let d = dir.path();
    let j = ["--journal", "ua.jsonl"];
    ok(
        d,
        &[
            &["losses", "RUS", "--until", "2030", "--svg", "l.svg"],
            &j[..],
        ]
        .concat(),
    );
    let chart = svg_file(d, "l.svg");
    assert!(
        chart.contains(
            "<text x=\"60\" y=\"40\">losses to 2030-12-31, as known at 2025-07-20T00:00:00Z"
        ),
        "{chart}"
    );
    assert!(!chart.contains("latest date"), "{chart}");
    // The "no data after" label stays inside its strip: across it, or down it.
    let band = tagged(&chart, "no-data")[0];
    let strip: f64 = attr(band, "x").unwrap().parse().unwrap();
    let label = &band[band.find("<text").unwrap()..];
    let x: f64 = attr(label, "x").unwrap().parse().unwrap();
    let axis = chart.lines().find(|l| l.starts_with("<line x1=")).unwrap();
    let right: f64 = attr(axis, "x2").unwrap().parse().unwrap();
    let chars = "no data after 2025-07-19".len() as f64;
    let across = label.contains("rotate(") || x + chars * 6.2 <= right;
    assert!(x > strip && across, "{band}");
    // A timeline's too.
    let (dir, _) = imported();
    ok(
        dir.path(),
        &[
            "timeline",
            "VEN",
            "su-30mk2",
            "--journal",
            "ven.jsonl",
            "--svg",
            "t.svg",
        ],
    );
    let t = svg_file(dir.path(), "t.svg");
    assert!(
        !t.contains("latest date") && t.contains("y=\"40\">counts to "),
        "{t}"
    );
    assert!(!t.contains("materiel lot"), "{t}");
}
