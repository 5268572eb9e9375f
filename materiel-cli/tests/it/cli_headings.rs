//! End-to-end tests of what an analyst reads first: headings and chart titles that state
//! their filters, the Oryx attribution on charts, import reports summed up (the full name
//! mapping on request), holder typos answered with a suggestion, lot tables that add up.

use crate::support::*;

#[test]
fn filtered_headings_and_chart_titles_state_their_filters() {
    let (dir, _) = oryx_imported();
    let d = dir.path();
    let j = ["--journal", "ua.jsonl"];
    let q = |args: &[&str]| ok(d, &[args, &j[..]].concat());
    let table = q(&["losses", "RUS", "--category", "tank", "--since", "2024"]);
    assert!(
        table.starts_with("Losses of Russia (RUS) by platform, category tank, since 2024-01-01, "),
        "{table}"
    );
    let table = q(&[
        "losses", "--by", "category", "--until", "2023", "--per", "year",
    ]);
    assert!(
        table.starts_with("Losses of every holder by category, until 2023-12-31, per year, "),
        "{table}"
    );
    q(&[
        "losses",
        "RUS",
        "--category",
        "tank",
        "--since",
        "2024",
        "--svg",
        "x.svg",
    ]);
    let svg = svg_file(d, "x.svg");
    assert!(
        svg.contains("<title>Losses of Russia (RUS), category tank, since 2024-01-01</title>"),
        "{svg}"
    );
    // Unfiltered, the title says it sums every category.
    q(&["losses", "RUS", "--svg", "all.svg"]);
    let svg = svg_file(d, "all.svg");
    assert!(
        svg.contains("<title>Losses of Russia (RUS), all categories</title>"),
        "{svg}"
    );

    let (dir, _) = imported();
    let d = dir.path();
    let q = |args: &[&str]| ok(d, &[args, &["--journal", "ven.jsonl"][..]].concat());
    let t = q(&["transfers", "--since", "2015", "--until", "2024"]);
    assert!(
        t.starts_with("Transfers, supplier x recipient, from 2015-01-01 to 2024-12-31, "),
        "{t}"
    );
    let t = q(&[
        "transfers",
        "--supplier",
        "Russia",
        "--recipient",
        "VEN",
        "--category",
        "combat_aircraft",
    ]);
    assert!(
        t.starts_with(
            "Transfers, supplier x recipient, category combat_aircraft, supplied by Russia \
             (RUS), to Venezuela (VEN), "
        ),
        "{t}"
    );
    let t = q(&["deliveries", "VEN", "--supplier", "RUS", "--per", "year"]);
    assert!(
        t.starts_with(
            "Deliveries to Venezuela (VEN) by platform, supplied by Russia (RUS), per year, "
        ),
        "{t}"
    );
    let t = q(&["holdings", "VEN", "--category", "combat_aircraft"]);
    assert!(
        t.starts_with("Holdings of Venezuela (VEN) by platform, category combat_aircraft, "),
        "{t}"
    );
}

#[test]
fn oryx_charts_carry_the_attribution_of_the_oryx_readme() {
    let (dir, _) = oryx_imported();
    let d = dir.path();
    ok(
        d,
        &["losses", "UKR", "--svg", "ua.svg", "--journal", "ua.jsonl"],
    );
    let svg = svg_file(d, "ua.svg");
    // Word for word the attribution tests/data/oryx's README (and shared/data/oryx's) asks
    // for, XML-escaped.
    assert!(
        svg.contains(
            ">Data: Oryx (oryxspioenkop.com), as scraped by scarnecchia/oryx_data; no licence \
             stated: check Oryx&apos;s terms before republishing.</text>"
        ),
        "{svg}"
    );
    assert!(!svg.contains("Source: Oryx"), "{svg}");
}

#[test]
fn import_reports_sum_up_names_and_list_them_on_request() {
    let (_dir, report) = imported();
    // 79 designations resolved; the one a variant rule moved (Su-30MK) stays listed.
    assert!(!report.contains("    Mi-17 -> mi-17\n"), "{report}");
    assert!(
        report.contains("    Su-30MK -> su-30mk (17 rows -> su-30mki by variant rule"),
        "{report}"
    );
    assert!(
        report.contains(
            "    (78 more names resolved to catalog platforms; --list-names lists each)\n"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "  unresolved         30 names the catalog does not know; the most by delivered:\n\
             \x20      800 delivered,     2 rows  Khrizantema  (anti_tank_missile)\n"
        ),
        "{report}"
    );
    assert!(
        report.contains("    (and 20 more names; --list-names lists every one)\n"),
        "{report}"
    );
    assert!(!report.contains("Type-363"), "{report}");

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init", "v.jsonl"]);
    let full = ok(
        d,
        &[
            "import",
            "sipri",
            excerpt().to_str().unwrap(),
            "--journal",
            "v.jsonl",
            "--list-names",
        ],
    );
    assert!(full.contains("    Mi-17 -> mi-17\n"), "{full}");
    assert!(full.contains("Type-363  (radar)"), "{full}");

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init", "ua.jsonl"]);
    let oryx = |extra: &[&str]| {
        let dir = oryx_dir();
        let mut args = vec![
            "import",
            "oryx",
            dir.to_str().unwrap(),
            "--journal",
            "ua.jsonl",
        ];
        args.extend(extra);
        ok(d, &args)
    };
    let full = oryx(&["--list-names"]);
    assert!(
        full.contains("    Il-76 transport aircraft -> il-76\n"),
        "{full}"
    );
    let (_dir, short) = oryx_imported();
    assert!(
        !short.contains("Il-76 transport aircraft -> il-76"),
        "{short}"
    );
}

#[test]
fn query_commands_suggest_the_closest_holder() {
    let (dir, _) = imported();
    let d = dir.path();
    for cmd in ["holdings", "losses", "deliveries"] {
        let err = fails(d, &[cmd, "Venezuala", "--journal", "ven.jsonl"], "", 2);
        assert!(
            err.contains("unknown holder \"Venezuala\"")
                && err.contains("did you mean Venezuela (VEN)?"),
            "{cmd}: {err}"
        );
    }
}

#[test]
fn lot_tables_add_up_with_captures_and_say_when_the_opening_is_unknown() {
    let (dir, _) = oryx_imported();
    let d = dir.path();
    let lot = |holder: &str| ok(d, &["lot", holder, "T-80U", "--journal", "ua.jsonl"]);
    // Ukraine holds one T-80U it captured: the row that explains it is there.
    let ua = lot("UKR");
    assert!(
        ua.contains("| in service                           | >=1 "),
        "{ua}"
    );
    assert!(
        ua.contains("| captured in                          | 1 "),
        "{ua}"
    );
    // Russia lost 3 from a lot whose opening stock is unknown: no assessment was recorded,
    // and the adjustment says so.
    let ru = lot("RUS");
    assert!(
        ru.contains("| lost                                 | 3 "),
        "{ru}"
    );
    assert!(
        ru.contains("| adjustment (opening stock unknown)   | 3 "),
        "{ru}"
    );
    assert!(!ru.contains("(assessments)"), "{ru}");
    // A lot with a known opening keeps the assessments' label.
    let (dir, _) = imported();
    let ven = ok(
        dir.path(),
        &["lot", "VEN", "Su-30MK2", "--journal", "ven.jsonl"],
    );
    assert!(ven.contains("| adjustment (assessments)"), "{ven}");
    assert!(ven.contains("| captured in "), "{ven}");
}

#[test]
fn catalog_detail_prints_every_cited_source_by_its_key_and_the_note() {
    let d = tempfile::tempdir().unwrap();
    let text = ok(d.path(), &["catalog", "Il-76TD"]);
    let listed: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("| source ["))
        .filter_map(|l| l.split(']').next())
        .collect();
    // The figures cite these, and two of them only a figure cites.
    let mut cited: Vec<&str> = Vec::new();
    for l in text.lines().filter(|l| l.starts_with("| spec.")) {
        for part in l.split('[').skip(1) {
            cited.push(part.split(']').next().unwrap());
        }
    }
    assert!(cited.contains(&"team3489-il-76") && cited.contains(&"avilegacy-il-76"));
    for key in &cited {
        assert!(listed.contains(key), "{key} cited but not listed:\n{text}");
    }
    assert!(
        text.contains("| source [team3489-il-76]")
            && text.contains("<http://team3489.org/il-76-7827dd2d5d0b479ea4f46bf67c279d6c.html>"),
        "{text}"
    );
    assert!(text.contains("| note "), "{text}");
    assert!(
        text.contains("Long-range civil derivative of the Il-76T"),
        "{text}"
    );
}
