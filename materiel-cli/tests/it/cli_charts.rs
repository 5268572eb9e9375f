//! Charts a newsroom can print by default: the axis ends at the query's end, "as known at"
//! states what the ledger knows (not the clock), the days after the sources' data are marked,
//! and the source line dates each source. Each checked by parsing the SVG.

use materiel::jiff::civil::Date;

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
    // Without either, the axis runs to today and the days after the snapshot are marked; the
    // source line carries the snapshot's date.
    ok(
        d,
        &[&["losses", "RUS", "--svg", "now.svg"], &j[..]].concat(),
    );
    let chart = svg_file(d, "now.svg");
    let today = materiel::jiff::Timestamp::now()
        .strftime("%Y-%m-%d")
        .to_string();
    assert_eq!(axis_end(&chart), today);
    assert_eq!(no_data_after(&chart).as_deref(), Some(last.as_str()));
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
