//! The platform's origin, category and family on the command line: `holdings --origin`, the
//! `category`, `origin` and `family` columns of the holdings and losses tables and
//! `catalog --format csv`, and what `holdings --help` offers.

use std::collections::BTreeMap;

use crate::support::*;

/// The rows of a CSV text, each as column name -> cell.
fn rows(csv: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn holdings_help_offers_origin_and_no_supplier() {
    let dir = tempfile::tempdir().unwrap();
    let help = ok(dir.path(), &["holdings", "--help"]);
    assert!(!help.contains("--supplier"), "{help}");
    assert!(!help.contains("supplier]"), "{help}");
    assert!(help.contains("--origin <ORIGIN>"), "{help}");
    // The choice of what counts as Russian-made is the user's, with the example.
    assert!(help.contains("--origin RUS,SUN"), "{help}");
    assert!(help.contains("Generic"), "{help}");
}

#[test]
fn holdings_by_origin_sum_the_lots_whose_origin_column_is_one_of_those_given() {
    let (dir, _) = imported();
    let d = dir.path();
    let j = ["--journal", "ven.jsonl", "--at", "2020"];
    // Ungrouped: the library's columns, category, origin and family among them, then bounds.
    let all = rows(&ok(
        d,
        &[&["holdings", "VEN", "--format", "csv"], &j[..]].concat(),
    ));
    assert!(!all.is_empty());
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for r in &all {
        if ["RUS", "SUN"].contains(&r["origin"].as_str()) {
            *expected.entry(r["category"].clone()).or_default() +=
                r["in_service"].parse::<u64>().unwrap();
        }
        // Generic equipment has neither origin nor family.
        if r["platform_generic"] == "true" {
            assert_eq!((r["origin"].as_str(), r["family"].as_str()), ("", ""));
        }
    }
    assert!(
        !expected.is_empty(),
        "the excerpt has Russian or Soviet designs"
    );
    let grouped = |origin: &[&str]| -> BTreeMap<String, u64> {
        let args = [
            &["holdings", "VEN", "--by", "category"],
            origin,
            &j[..],
            &["-f", "csv"],
        ];
        rows(&ok(d, &args.concat()))
            .iter()
            .map(|r| (r["category"].clone(), r["in_service"].parse().unwrap()))
            .collect()
    };
    assert_eq!(grouped(&["--origin", "RUS,SUN"]), expected);
    // Repeated, and by name, the same.
    assert_eq!(
        grouped(&["--origin", "Russia", "--origin", "Soviet Union"]),
        expected
    );
    // Only the later Russian designs: a part of it.
    let rus = grouped(&["--origin", "RUS"]);
    assert!(rus.values().sum::<u64>() <= expected.values().sum::<u64>());
    // The heading says what is filtered.
    let table = ok(
        d,
        &[&["holdings", "VEN", "--origin", "RUS,SUN"], &j[..]].concat(),
    );
    assert!(
        table.contains("origin Russia (RUS) or Soviet Union (SUN)"),
        "{table}"
    );
    // What the filter cannot keep is said: lots of no known origin.
    let unknown = all.iter().filter(|r| r["origin"].is_empty()).count();
    assert!(unknown > 0, "the excerpt has lots of no known origin");
    let lots = if unknown == 1 { "lot" } else { "lots" };
    let said = format!("not counted: {unknown} {lots} (");
    assert!(
        table.contains(&said) && table.contains("of no known origin"),
        "{table}"
    );
    // A name that is no holder is refused as other holder arguments are.
    let err = fails(
        d,
        &[&["holdings", "VEN", "--origin", "Rusia"], &j[..]].concat(),
        "",
        2,
    );
    assert!(err.contains("unknown holder \"Rusia\""), "{err}");
}

#[test]
fn losses_carry_the_category_generic_equipment_was_given() {
    let (dir, _) = oryx_imported();
    let d = dir.path();
    let j = ["--journal", "ua.jsonl"];
    let all = rows(&ok(
        d,
        &[&["losses", "RUS", "--format", "csv"], &j[..]].concat(),
    ));
    let header: Vec<&str> = all[0].keys().map(String::as_str).collect();
    assert!(header.contains(&"category") && header.contains(&"family"));
    // Tanks by month from the rows' category column, "Unknown tank" (generic) included...
    let mut by_month: BTreeMap<String, u64> = BTreeMap::new();
    let mut generic_tanks = 0;
    for r in all.iter().filter(|r| r["category"] == "tank") {
        *by_month.entry(r["month"].clone()).or_default() += r["count"].parse::<u64>().unwrap();
        if r["platform_generic"] == "true" {
            generic_tanks += 1;
        }
    }
    assert!(generic_tanks > 0, "the excerpt has generic tanks");
    // ...equal the grouped answer's.
    let grouped = rows(&ok(
        d,
        &[
            &[
                "losses",
                "RUS",
                "--by",
                "category",
                "--category",
                "tank",
                "--per",
                "month",
                "--format",
                "csv",
            ],
            &j[..],
        ]
        .concat(),
    ));
    let grouped: BTreeMap<String, u64> = grouped
        .iter()
        .map(|r| (r["period"].clone(), r["units"].parse().unwrap()))
        .collect();
    assert_eq!(grouped, by_month);
}

#[test]
fn the_catalog_csv_ends_in_category_and_family_root() {
    let dir = tempfile::tempdir().unwrap();
    let csv = ok(dir.path(), &["catalog", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[header.len() - 2..], ["category", "family_root"]);
    let su30 = rows(&csv)
        .into_iter()
        .find(|r| r["id"] == "su-30mk2")
        .unwrap();
    assert_eq!(
        (
            su30["category"].as_str(),
            su30["origin"].as_str(),
            su30["family_root"].as_str()
        ),
        ("combat_aircraft", "RUS", "flanker")
    );
}
