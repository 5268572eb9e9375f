//! End-to-end tests of what queries print: the timeline's SVG, platform names, output
//! paths, error wording, help, small outputs.

use std::process::Command;

use crate::support::*;

#[test]
fn timeline_writes_an_svg_chart_beside_its_output() {
    let (dir, _) = imported();
    let d = dir.path();
    // Venezuela's Su-30MK2 as SIPRI has them (status unknown), then an assessment.
    let entry = r#"{"holder":"VEN","platform":"su-30mk2","effective":"2025-10-31",
        "change":{"kind":"assessed","breakdown":[["operational",{"value":20}],["stored",{"value":3,"basis":"at_least"}]]},
        "source":{"citation":"news <report> & \"more\"","grade":"C3"},
        "recorded":"2025-11-03T12:00:00Z"}"#;
    let o = run_with(d, &["record", "--journal", "ven.jsonl"], entry);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let j = ["--journal", "ven.jsonl"];
    let table = ok(d, &["timeline", "VEN", "su-30mk2", j[0], j[1]]);
    let out = ok(
        d,
        &[
            "timeline", "VEN", "su-30mk2", j[0], j[1], "--svg", "su30.svg",
        ],
    );
    // The normal output, and one line naming the chart.
    let mut lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.remove(1), "chart written to su30.svg", "{out}");
    assert_eq!(lines.join("\n") + "\n", table);
    let svg = std::fs::read_to_string(d.join("su30.svg")).unwrap();
    let tags = svg_tags(&svg);
    let series: Vec<&String> = tags
        .iter()
        .filter(|t| t.contains("class=\"series\""))
        .collect();
    let mut statuses: Vec<&str> = series
        .iter()
        .map(|t| {
            t.split("data-status=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    statuses.sort_unstable();
    assert_eq!(statuses, ["operational", "stored", "unknown"], "{svg}");
    assert!(
        svg.contains("<title>Timeline of Su-30MK2 of Venezuela (VEN)</title>"),
        "{svg}"
    );
    for needle in [
        "operational (FMC)",
        "stored (STORED)",
        "unknown (NKN)",
        "lower bounds (&gt;=N: at least N; drawn at N",
    ] {
        assert!(svg.contains(needle), "{needle}: {svg}");
    }
    // In CSV, standard output stays the table alone.
    let csv = ok(
        d,
        &[
            "timeline", "VEN", "su-30mk2", j[0], j[1], "--format", "csv", "--svg", "b.svg",
        ],
    );
    assert_eq!(
        csv,
        ok(
            d,
            &["timeline", "VEN", "su-30mk2", j[0], j[1], "--format", "csv"]
        )
    );
    // The same chart, but for the time each run read the ledger ("as known at" the current
    // time, to the second).
    let known_at = |svg: &str| -> String {
        svg.lines()
            .filter(|l| !l.contains("as known at "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        known_at(&std::fs::read_to_string(d.join("b.svg")).unwrap()),
        known_at(&svg)
    );

    // A path that cannot be written: one line, exit 1, nothing printed, no file left.
    let o = run(
        d,
        &[
            "timeline",
            "VEN",
            "su-30mk2",
            j[0],
            j[1],
            "--svg",
            "no/such/dir/c.svg",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: cannot write") && err.contains("no/such/dir"),
        "{err}"
    );
    assert_eq!(stdout(&o), "");
    // A directory in the way: no temporary file is left beside it.
    std::fs::create_dir(d.join("taken.svg")).unwrap();
    let before: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let err = fails(
        d,
        &[
            "timeline",
            "VEN",
            "su-30mk2",
            j[0],
            j[1],
            "--svg",
            "taken.svg",
        ],
        "",
        1,
    );
    assert!(err.contains("taken.svg"), "{err}");
    let after: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before.len(), after.len(), "{after:?}");
    assert!(d.join("taken.svg").is_dir());
}

#[test]

fn platforms_resolve_by_the_names_tables_show() {
    let (dir, _) = imported();
    let d = dir.path();
    let j = ["--journal", "ven.jsonl"];
    // `holdings` shows generic equipment (a designation the catalog does not know) by its
    // designation: `lot` takes it, in any case.
    let lot = ok(d, &[&["lot", "VEN", "enstrom-480"], &j[..]].concat());
    assert!(lot.starts_with("Enstrom-480 of "), "{lot}");
    let timeline = ok(d, &[&["timeline", "VEN", "Enstrom-480"], &j[..]].concat());
    assert!(
        timeline.starts_with("Timeline of Enstrom-480 of "),
        "{timeline}"
    );
    // A NATO reporting name from the catalog.
    let lot = ok(d, &[&["lot", "VEN", "Flanker-G"], &j[..]].concat());
    assert!(lot.starts_with("Su-30MK2 of "), "{lot}");
    // Two generic platforms with one designation: the candidates are listed.
    let entry = r#"{"holder":"VEN","platform":{"designation":"Enstrom-480","kind":"generic"},
        "effective":"2025-10-31","change":{"kind":"observed"},
        "source":{"citation":"news report","grade":"C3"}}"#;
    let o = run_with(d, &["record", "--journal", "ven.jsonl"], entry);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = fails(d, &[&["lot", "VEN", "Enstrom-480"], &j[..]].concat(), "", 2);
    assert!(
        err.contains("generic:aircraft:Enstrom-480") && err.contains("generic:generic:Enstrom-480"),
        "{err}"
    );
    ok(
        d,
        &[&["lot", "VEN", "generic:generic:Enstrom-480"], &j[..]].concat(),
    );
}

#[test]
fn output_paths_that_cannot_be_written_are_named() {
    let (dir, _) = imported();
    let d = dir.path();
    std::fs::create_dir(d.join("taken")).unwrap();
    let j = ["--journal", "ven.jsonl"];
    for out in [
        &["timeline", "VEN", "su-30mk2", "--svg"][..],
        &["export", "entries", "-o"][..],
    ] {
        let err = fails(d, &[out, &["no/such/dir/x.out"], &j[..]].concat(), "", 1);
        assert!(
            err.contains(
                "cannot write no/such/dir/x.out: the directory no/such/dir does not exist"
            ),
            "{err}"
        );
        assert!(!err.contains(".tmp"), "{err}");
        let err = fails(d, &[out, &["taken"], &j[..]].concat(), "", 1);
        assert!(
            err.contains("cannot write taken: it is a directory"),
            "{err}"
        );
        assert!(!err.contains(".tmp"), "{err}");
    }
}

#[test]
fn errors_say_the_form_expected() {
    let (dir, _) = imported();
    let d = dir.path();
    // A count written as a bare number: the JSON form is named, not a wire type.
    let entry = r#"{"holder":"VEN","platform":"su-30mk2","effective":"2025-10-31",
        "change":{"kind":"observed","count":2},"source":{"citation":"news report","grade":"C3"}}"#;
    let err = fails(d, &["record", "--journal", "ven.jsonl"], entry, 1);
    assert!(
        err.contains(r#"{"value":2}"#) && err.contains("--count"),
        "{err}"
    );
    assert!(!err.contains("Wire"), "{err}");
    // A connection string of another database.
    let o = Command::new(BIN)
        .args(["holdings", "VEN", "--store", "mysql://x"])
        .current_dir(d)
        .env_remove("MATERIEL_STORE")
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("expected a postgres:// or postgresql:// URL")
            && err.contains("key=value connection string"),
        "{err}"
    );
}

#[test]
fn help_and_options_say_what_they_do() {
    let (dir, _) = imported();
    let d = dir.path();
    // --journal as the other commands take it, on init and verify too.
    let v = ok(d, &["verify", "--journal", "ven.jsonl"]);
    assert!(v.contains("entries      503"), "{v}");
    ok(d, &["init", "--journal", "new.jsonl"]);
    assert!(d.join("new.jsonl").is_file());
    fails(d, &["verify", "ven.jsonl", "--journal", "new.jsonl"], "", 2);
    // --schema and --writer apply to stores: with a journal they are refused, not ignored.
    let err = fails(
        d,
        &["holdings", "VEN", "--journal", "ven.jsonl", "--schema", "x"],
        "",
        2,
    );
    assert!(
        err.contains("--schema applies to a PostgreSQL store"),
        "{err}"
    );
    let err = fails(
        d,
        &[
            "retract",
            "1",
            "--why",
            "x",
            "--journal",
            "ven.jsonl",
            "--writer",
            "ana",
        ],
        "",
        2,
    );
    assert!(
        err.contains("--writer applies to a PostgreSQL store"),
        "{err}"
    );
    // Help texts: copy has no --store; import writes to either; no line runs past 100.
    let copy = ok(d, &["copy", "--help"]);
    assert!(!copy.contains("With --store"), "{copy}");
    let import = ok(d, &["import", "--help"]);
    assert!(
        import.contains("into a journal or a PostgreSQL store"),
        "{import}"
    );
    for command in [
        "catalog", "copy", "import", "holdings", "pipeline", "record",
    ] {
        let help = ok(d, &[command, "--help"]);
        for line in help.lines() {
            assert!(line.chars().count() <= 100, "{command}: {line}");
        }
    }
}

#[test]
fn small_outputs_read_right() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init", "ven.jsonl"]);
    let j = ["--journal", "ven.jsonl"];
    let request = r#"{"holder":"VEN","platform":"su-30mk2","effective":"2025-10-31",
        "change":{"kind":"requested","supplier":"RUS","request":"acquisition"},
        "source":{"citation":"news report","grade":"C3"}}"#;
    let o = run_with(d, &["record", "--journal", "ven.jsonl"], request);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A request moves no count, so no grade is counted: said in words, in the singular.
    let lot = ok(d, &[&["lot", "venezuela", "su-30mk2"], &j[..]].concat());
    assert!(lot.starts_with("Su-30MK2 of Venezuela (VEN), "), "{lot}");
    assert!(
        lot.contains("Provenance: 1 entry, weakest grade none: no counted entries"),
        "{lot}"
    );
    let delivery = [
        "record",
        "--journal",
        "ven.jsonl",
        "--holder",
        "VEN",
        "--platform",
        "su-30mk2",
        "--date",
        "2025-11",
        "--change",
        "delivered",
        "--count",
        "2",
        "--source",
        "news",
        "--grade",
        "C3",
    ];
    ok(d, &delivery);
    let holdings = ok(d, &[&["holdings", "VEN"], &j[..]].concat());
    assert!(
        holdings.starts_with("Holdings of Venezuela (VEN), "),
        "{holdings}"
    );
    assert!(holdings.contains("\n1 platform; "), "{holdings}");
    // init on an existing journal says which commands to use.
    let err = fails(d, &["init", "ven.jsonl"], "", 1);
    assert!(
        err.contains("--journal ven.jsonl") && !err.contains("open it"),
        "{err}"
    );
}
