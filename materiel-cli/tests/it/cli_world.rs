//! The world view for an analyst (review of 2026-12-07, sections 6, 7 and 14): `transfers` and
//! `deliveries` ranked (`--sort`, `--top` with its `all others` row), shares of a period
//! (`deliveries --share`), the years the SIPRI data covers in the headings, `--supplier` as a
//! comma list that may repeat, long ids cut in tables.

use crate::support::{fails, imported, ok, snapshot};

/// A CSV answer as (key columns joined, units, TIV in thousandths) rows.
fn csv_rows(text: &str, keys: &[&str]) -> Vec<(String, u64, u64)> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let key_cols: Vec<usize> = keys.iter().map(|k| col(k)).collect();
    let (units, tiv) = (col("units"), col("tiv"));
    r.records()
        .map(|row| {
            let row = row.unwrap();
            let key: Vec<&str> = key_cols.iter().map(|&c| &row[c]).collect();
            let tiv_text = row[tiv].replace('.', "");
            (
                key.join(" "),
                row[units].parse().unwrap(),
                tiv_text.parse().unwrap(),
            )
        })
        .collect()
}

fn sums(rows: &[(String, u64, u64)]) -> (u64, u64) {
    rows.iter().fold((0, 0), |(u, t), r| (u + r.1, t + r.2))
}

#[test]
fn transfers_rank_by_units_or_tiv_and_top_keeps_the_totals() {
    let (dir, _) = imported();
    let d = dir.path();
    let j = ["--journal", "ven.jsonl", "--format", "csv"];
    let keys = ["supplier", "recipient", "period"];
    let plain = csv_rows(&ok(d, &[&["transfers"], &j[..]].concat()), &keys);
    assert!(plain.len() > 5, "{plain:?}");
    for (measure, size) in [
        (
            "units",
            (|r: &(String, u64, u64)| r.1) as fn(&(String, u64, u64)) -> u64,
        ),
        ("tiv", |r| r.2),
    ] {
        let sorted = csv_rows(
            &ok(d, &[&["transfers", "--sort", measure], &j[..]].concat()),
            &keys,
        );
        // The same rows, largest first, ties in the default order.
        let mut expected = plain.clone();
        expected.sort_by_key(|r| std::cmp::Reverse(size(r)));
        assert_eq!(sorted, expected, "--sort {measure}");
        let top = csv_rows(
            &ok(
                d,
                &[&["transfers", "--sort", measure, "--top", "3"], &j[..]].concat(),
            ),
            &keys,
        );
        assert_eq!(top.len(), 4, "{top:?}");
        assert_eq!(top[..3], expected[..3]);
        assert_eq!(top[3].0, "all others  ");
        // The `all others` row sums the rest: the totals are the unranked answer's.
        assert_eq!(sums(&top), sums(&plain), "--top 3 --sort {measure}");
    }
    // --top without --sort ranks by TIV; a --top past the answer adds no `all others` row.
    let by_tiv = ok(d, &[&["transfers", "--top", "3"], &j[..]].concat());
    assert_eq!(
        by_tiv,
        ok(
            d,
            &[&["transfers", "--top", "3", "--sort", "tiv"], &j[..]].concat()
        )
    );
    let all = csv_rows(
        &ok(d, &[&["transfers", "--top", "1000"], &j[..]].concat()),
        &keys,
    );
    assert_eq!(all.len(), plain.len());
    assert!(all.iter().all(|r| !r.0.starts_with("all others")));
    // Usage errors: no top of nothing, no unknown measure.
    let err = fails(d, &[&["transfers", "--top", "0"], &j[..]].concat(), "", 2);
    assert!(err.contains("--top"), "{err}");
    let err = fails(
        d,
        &[&["transfers", "--sort", "size"], &j[..]].concat(),
        "",
        2,
    );
    assert!(err.contains("--sort"), "{err}");
}

#[test]
fn ranked_answers_are_pinned() {
    let (dir, _) = imported();
    let d = dir.path();
    let j = ["--journal", "ven.jsonl"];
    let top = ok(
        d,
        &[
            &[
                "transfers",
                "--since",
                "2010",
                "--until",
                "2014",
                "--top",
                "5",
            ],
            &j[..],
        ]
        .concat(),
    );
    snapshot("transfers-2010-2014-top5.table.txt", &top);
    let by_units = ok(
        d,
        &[
            &[
                "deliveries",
                "VEN",
                "--by",
                "supplier",
                "--sort",
                "units",
                "--top",
                "3",
            ],
            &j[..],
        ]
        .concat(),
    );
    snapshot("deliveries-ven-by-supplier-top3-units.table.txt", &by_units);
    // Every recipient's deliveries by category, ranked: the totals are the unranked answer's.
    let keys = ["recipient", "category", "supplier", "period"];
    let csv = |extra: &[&str]| {
        csv_rows(
            &ok(
                d,
                &[
                    &["deliveries", "--by", "category", "--format", "csv"],
                    extra,
                    &j[..],
                ]
                .concat(),
            ),
            &keys,
        )
    };
    let (plain, top) = (csv(&[]), csv(&["--top", "4"]));
    assert_eq!(top.len(), 5);
    assert_eq!(top[4].0, " all others  ");
    assert_eq!(sums(&top), sums(&plain));
}

#[test]
fn shares_of_a_period_add_up_and_tables_close_each_period_with_its_total() {
    let (dir, _) = imported();
    let d = dir.path();
    let j = ["--journal", "ven.jsonl"];
    let ask = [
        "deliveries",
        "VEN",
        "--by",
        "supplier",
        "--per",
        "year",
        "--since",
        "2005",
        "--until",
        "2010",
        "--share",
    ];
    let table = ok(d, &[&ask[..], &j[..]].concat());
    snapshot("deliveries-ven-by-supplier-yearly-share.table.txt", &table);
    let csv = ok(d, &[&ask[..], &j[..], &["--format", "csv"]].concat());
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let h: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(h[h.len() - 2..], ["units_share", "tiv_share"]);
    // year -> (units, units shares summed); no total rows in CSV.
    let mut years: std::collections::BTreeMap<String, (Vec<u64>, Vec<f64>)> = Default::default();
    for row in r.records() {
        let row = row.unwrap();
        assert_ne!(&row[1], "total");
        let e = years.entry(row[2].to_owned()).or_default();
        e.0.push(row[3].parse().unwrap());
        e.1.push(row[6].parse().unwrap());
    }
    assert!(years.len() > 3, "{years:?}");
    for (year, (units, shares)) in &years {
        let whole: u64 = units.iter().sum();
        for (u, s) in units.iter().zip(shares) {
            assert!(
                (*u as f64 / whole as f64 - s).abs() < 0.00005,
                "{year}: {u}/{whole} vs {s}"
            );
        }
        let sum: f64 = shares.iter().sum();
        assert!((sum - 1.0).abs() < 0.0005, "{year}: {sum}");
    }
    // The table has one total row per year, in percentages; CSV and JSON the same rows.
    assert_eq!(table.matches("| total ").count(), years.len(), "{table}");
    assert!(table.contains("100.0%"));
    let json = ok(d, &[&ask[..], &j[..], &["--format", "json"]].concat());
    assert_eq!(
        json.lines().count(),
        years.values().map(|v| v.0.len()).sum::<usize>()
    );
    // --share keeps no `all others` row: it refuses --top.
    let err = fails(d, &[&ask[..], &j[..], &["--top", "3"]].concat(), "", 2);
    assert!(err.contains("--top"), "{err}");
}

#[test]
fn headings_say_which_years_the_sipri_data_covers() {
    let (dir, _) = imported();
    let d = dir.path();
    let line = "SIPRI data: export of 2025-01-03, its title's years 2000-2030; last delivery \
                year 2023 (no data after it)";
    for ask in [
        &["transfers", "--since", "2020"][..],
        &["deliveries", "VEN", "--per", "year"][..],
    ] {
        let table = ok(d, &[ask, &["--journal", "ven.jsonl"]].concat());
        assert!(table.lines().any(|l| l == line), "{ask:?}: {table}");
        // CSV and JSON Lines stay rows only; the note goes to standard error.
        for format in ["csv", "json"] {
            let o = crate::support::run(
                d,
                &[ask, &["--journal", "ven.jsonl", "--format", format]].concat(),
            );
            assert_eq!(o.status.code(), Some(0));
            let out = crate::support::stdout(&o);
            assert!(!out.contains("SIPRI data"), "{out}");
            assert_eq!(crate::support::stderr(&o), format!("note: {line}\n"));
        }
    }
    // A journal without SIPRI entries says nothing of SIPRI.
    let (oryx, _) = crate::support::oryx_imported();
    let table = ok(oryx.path(), &["transfers", "--journal", "ua.jsonl"]);
    assert!(!table.contains("SIPRI data"), "{table}");
}

#[test]
fn supplier_takes_a_comma_list_and_repeats_as_origin_does() {
    let (dir, _) = imported();
    let d = dir.path();
    let j = ["--journal", "ven.jsonl", "--format", "csv"];
    let units =
        |ask: &[&str]| -> u64 { sums(&csv_rows(&ok(d, &[ask, &j[..]].concat()), &["supplier"])).0 };
    for cmd in [
        &["deliveries", "VEN", "--by", "supplier"][..],
        &["transfers"][..],
    ] {
        let rus = units(&[cmd, &["--supplier", "Russia"]].concat());
        let chn = units(&[cmd, &["--supplier", "CHN"]].concat());
        assert!(rus > 0 && chn > 0);
        let listed = units(&[cmd, &["--supplier", "RUS,China"]].concat());
        let repeated = units(&[cmd, &["--supplier", "RUS", "--supplier", "CHN,RUS"]].concat());
        assert_eq!((listed, repeated), (rus + chn, rus + chn), "{cmd:?}");
    }
    // The heading names every supplier; an unknown one is refused with its name.
    let table = ok(
        d,
        &[
            "transfers",
            "--journal",
            "ven.jsonl",
            "--supplier",
            "RUS,CHN",
        ],
    );
    assert!(
        table.contains("supplied by Russia (RUS) or China (CHN)"),
        "{table}"
    );
    let err = fails(
        d,
        &[
            "transfers",
            "--journal",
            "ven.jsonl",
            "--supplier",
            "RUS,Nowhere",
        ],
        "",
        2,
    );
    assert!(err.contains("\"Nowhere\""), "{err}");
}

#[test]
fn long_ids_are_cut_in_tables_only_and_exports_keep_the_tables_order() {
    let (dir, _) = crate::support::oryx_imported();
    let d = dir.path();
    for holder in ["UKR", "RUS"] {
        let j = ["holdings", holder, "--journal", "ua.jsonl"];
        let table = ok(d, &j);
        let rows: Vec<Vec<String>> = table
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| platform "))
            .map(|l| {
                l.split(" | ")
                    .map(|c| c.trim_matches(['|', ' ']).to_owned())
                    .collect()
            })
            .collect();
        assert!(!rows.is_empty(), "{table}");
        // The platform and id columns (other cells, such as a bounds summary, are not names).
        assert!(
            rows.iter()
                .all(|r| r[..2].iter().all(|c| c.chars().count() <= 40)),
            "a name or id over 40 characters:\n{table}"
        );
        let csv = ok(d, &[&j[..], &["--format", "csv"]].concat());
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        let ids: Vec<String> = r
            .records()
            .map(|row| {
                let row = row.unwrap();
                // The id as the table writes it: a generic platform's with its kind.
                if &row[2] == "true" {
                    format!("generic:{}:{}", &row[4], &row[1])
                } else {
                    row[1].to_owned()
                }
            })
            .collect();
        // Whole in CSV, cut in the table, in the same order.
        assert_eq!(ids.len(), rows.len());
        for (id, row) in ids.iter().zip(&rows) {
            let shown = &row[1];
            match shown.strip_suffix('…') {
                Some(head) => assert!(
                    id.chars().count() > 40 && id.starts_with(head),
                    "{id} {shown}"
                ),
                None => assert_eq!(id.chars().count(), shown.chars().count(), "{id} {shown}"),
            }
        }
        if holder == "UKR" {
            assert!(ids.iter().any(|id| id.chars().count() > 40), "{ids:?}");
        }
        let json = ok(d, &[&j[..], &["--format", "json"]].concat());
        let platforms: Vec<String> = json
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["platform"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        let csv_platforms: Vec<String> =
            r.records().map(|row| row.unwrap()[1].to_owned()).collect();
        assert_eq!(platforms, csv_platforms);
    }
}
