//! End-to-end tests of `record` and `retract`: flags, conflicts, unknown holders, imports
//! after a manual record.

use crate::support::*;

#[test]
fn record_takes_the_common_changes_as_flags() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init", "j.jsonl"]);
    let common = |date: &str, recorded: &str| -> Vec<String> {
        [
            "record",
            "--journal",
            "j.jsonl",
            "--holder",
            "Venezuela",
            "--platform",
            "Su-30MK2",
            "--date",
            date,
            "--source",
            "news report",
            "--grade",
            "C3",
            "--recorded",
            recorded,
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let record = |date: &str, recorded: &str, rest: &[&str]| -> String {
        let mut args = common(date, recorded);
        args.extend(rest.iter().map(|s| (*s).to_owned()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(d, &args)
    };
    let t = "2025-11-03T12:00:00Z";
    assert_eq!(
        record(
            "2006",
            t,
            &[
                "--change",
                "ordered",
                "--count",
                ">=24",
                "--supplier",
                "RUS"
            ]
        ),
        "recorded entry 0\n"
    );
    record(
        "2006-12",
        t,
        &[
            "--change",
            "delivered",
            "--count",
            "24",
            "--status",
            "operational",
            "--supplier",
            "Russia",
            "--condition",
            "new",
        ],
    );
    record(
        "2020",
        t,
        &[
            "--change",
            "status",
            "--from",
            "FMC",
            "--status",
            "stored",
            "--count",
            "4",
            "--note",
            "mothballed",
        ],
    );
    record(
        "2021",
        t,
        &["--change", "lost", "--count", "1", "--from", "operational"]
            .into_iter()
            .chain(["--cause", "destroyed"])
            .collect::<Vec<_>>(),
    );
    record(
        "2022",
        t,
        &["--change", "retired", "--count", "1", "--from", "stored"],
    );
    record(
        "2023-05-01",
        t,
        &[
            "--change",
            "observed",
            "--count",
            "~2",
            "--status",
            "operational",
        ],
    );
    let out = record(
        "2024",
        t,
        &[
            "--change",
            "assessed",
            "--breakdown",
            "operational=e18,stored=3",
            "--breakdown",
            "non_operational_supply=1",
        ],
    );
    assert_eq!(out, "recorded entry 6\n");

    // The entries, as the ledger keeps them.
    let json = ok(
        d,
        &[
            "export",
            "entries",
            "--journal",
            "j.jsonl",
            "--format",
            "json",
        ],
    );
    let rows: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 7);
    for r in &rows {
        assert_eq!(r["holder"], "VEN", "{r}");
        assert_eq!(r["platform"], "su-30mk2", "{r}");
        assert_eq!(r["source_grade"], "C3", "{r}");
        assert_eq!(r["recorded"], t, "{r}");
    }
    let kinds: Vec<&str> = rows.iter().map(|r| r["change"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "ordered",
            "delivered",
            "status_changed",
            "lost",
            "retired",
            "observed",
            "assessed"
        ]
    );
    assert_eq!(rows[0]["count_basis"], "at_least");
    assert_eq!(rows[1]["supplier"], "RUS");
    assert_eq!(rows[2]["note"], "mothballed");
    // Table cells with their padding squashed: `| lost | 1 |`.
    let squash = |t: &str| {
        t.split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let lot = squash(&ok(d, &["lot", "VEN", "su-30mk2", "--journal", "j.jsonl"]));
    for needle in [
        "| operational (FMC) | e18 |",
        "| stored (STORED) | 3 |",
        "| non_operational_supply (NMCS) | 1 |",
        "| lost | 1 |",
        "| retired | 1 |",
        "| lost 1 operational (destroyed) |",
    ] {
        assert!(lot.contains(needle), "{needle}:\n{lot}");
    }
    let at_2021 = squash(&ok(
        d,
        &[
            "lot",
            "VEN",
            "su-30mk2",
            "--journal",
            "j.jsonl",
            "--at",
            "2021-12-31",
        ],
    ));
    assert!(at_2021.contains("| operational (FMC) | 19 |"), "{at_2021}");
}

#[test]
fn record_flags_refuse_conflicts_and_missing_flags() {
    let (dir, _) = imported();
    let d = dir.path();
    let path = d.join("ven.jsonl");
    let before = bytes(&path);
    let base = [
        "record",
        "--journal",
        "ven.jsonl",
        "--holder",
        "VEN",
        "--platform",
        "su-30mk2",
        "--date",
        "2025-11",
        "--source",
        "news report",
        "--grade",
        "C3",
    ];
    let with = |rest: &[&str]| -> Vec<String> {
        base.iter()
            .chain(rest)
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>()
    };
    let fails_with = |rest: &[&str], stdin: &str, needle: &str| {
        let args = with(rest);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = fails(d, &args, stdin, 2);
        assert!(err.contains(needle), "{rest:?}: {needle}:\n{err}");
    };
    // A kind's required flags (clap's own errors, naming the flag).
    fails_with(&["--change", "delivered"], "", "--count");
    fails_with(&["--change", "lost", "--count", "1"], "", "--from");
    fails_with(
        &["--change", "lost", "--count", "1", "--from", "operational"],
        "",
        "--cause",
    );
    fails_with(
        &["--change", "status", "--count", "1", "--from", "FMC"],
        "",
        "--status",
    );
    fails_with(&["--change", "assessed"], "", "--breakdown");
    // A flag the kind does not take.
    fails_with(
        &[
            "--change",
            "delivered",
            "--count",
            "2",
            "--cause",
            "destroyed",
        ],
        "",
        "--cause does not apply to --change delivered",
    );
    fails_with(
        &["--change", "ordered", "--count", "2", "--from", "stored"],
        "",
        "--from does not apply",
    );
    fails_with(
        &[
            "--change",
            "lost",
            "--count",
            "1",
            "--from",
            "FMC",
            "--cause",
            "destroyed",
            "--by",
            "UKR",
        ],
        "",
        "--by applies only to --cause captured",
    );
    // Bad values.
    fails_with(&["--change", "delivered", "--count", "lots"], "", "lots");
    fails_with(
        &[
            "--change",
            "delivered",
            "--count",
            "2",
            "--status",
            "broken",
        ],
        "",
        "broken",
    );
    fails_with(
        &["--change", "assessed", "--breakdown", "operational"],
        "",
        "STATUS=COUNT",
    );
    // Flags and JSON on standard input: one or the other.
    fails_with(
        &["--change", "delivered", "--count", "2"],
        r#"{"holder":"VEN"}"#,
        "both as flags",
    );
    // Entry flags without --change, and --change without the common flags.
    let err = fails(
        d,
        &["record", "--journal", "ven.jsonl", "--count", "2"],
        "",
        2,
    );
    assert!(err.contains("--change"), "{err}");
    let err = fails(
        d,
        &[
            "record",
            "--journal",
            "ven.jsonl",
            "--change",
            "delivered",
            "--count",
            "2",
        ],
        "",
        2,
    );
    assert!(err.contains("--holder"), "{err}");
    // An unknown platform; an entry the ledger refuses (more lost than held): exit 1.
    let args = with(&["--change", "delivered", "--count", "2"]);
    let args: Vec<&str> = args
        .iter()
        .map(|a| if a == "su-30mk2" { "F-99" } else { a.as_str() })
        .collect();
    let err = fails(d, &args, "", 2);
    assert!(err.contains("unknown platform \"F-99\""), "{err}");
    let args = with(&[
        "--change",
        "lost",
        "--count",
        "99",
        "--from",
        "operational",
        "--cause",
        "destroyed",
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = fails(d, &args, "", 1);
    assert!(err.contains("not recorded"), "{err}");
    assert_eq!(bytes(&path), before);
}

#[test]
fn record_refuses_unknown_holders_unless_new_holder() {
    let (dir, _) = imported();
    let d = dir.path();
    let path = d.join("ven.jsonl");
    let before = bytes(&path);
    fn order<'a>(holder: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
        let mut v = vec![
            "record",
            "--journal",
            "ven.jsonl",
            "--holder",
            holder,
            "--platform",
            "su-30mk2",
            "--date",
            "2025-11",
            "--change",
            "ordered",
            "--count",
            "2",
            "--source",
            "news",
            "--grade",
            "C3",
        ];
        v.extend_from_slice(extra);
        v
    }
    let call = |v: Vec<&str>, code: i32| fails(d, &v, "", code);
    for typo in ["venezuala", "Venezuala", "VNE"] {
        let err = call(order(typo, &[]), 2);
        assert!(err.contains(&format!("unknown holder \"{typo}\"")), "{err}");
        assert!(err.contains("--new-holder"), "{err}");
        assert!(!err.contains("slug"), "{err}");
    }
    let err = call(order("venezuala", &[]), 2);
    assert!(err.contains("did you mean Venezuela (VEN)"), "{err}");
    let err = call(order("VEN", &["--supplier", "Rusia"]), 2);
    assert!(
        err.contains("--supplier") && err.contains("Russia (RUS)"),
        "{err}"
    );
    let json = r#"{"holder":"VNE","platform":"su-30mk2","effective":"2025-10-31",
        "change":{"kind":"observed"},"source":{"citation":"news report","grade":"C3"}}"#;
    let err = fails(d, &["record", "--journal", "ven.jsonl"], json, 2);
    assert!(err.contains("unknown holder \"VNE\""), "{err}");
    let json_to = r#"{"holder":"VEN","platform":"su-30mk2","effective":"2025-10-31",
        "change":{"kind":"transferred","count":{"value":1},"from":"operational","to":"rostec","into":"unknown"},
        "source":{"citation":"news report","grade":"C3"}}"#;
    let err = fails(d, &["record", "--journal", "ven.jsonl"], json_to, 2);
    assert!(err.contains("to: unknown holder \"rostec\""), "{err}");
    assert_eq!(bytes(&path), before);

    // Known names, codes and holders of the journal pass; --new-holder records a new one,
    // which is then a holder of the journal.
    ok(d, &order("venezuela", &[]));
    let o = run_with(
        d,
        &["record", "--journal", "ven.jsonl", "--new-holder"],
        &json.replace("VNE", "rostec"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    ok(d, &order("rostec", &[]));
}

#[test]
fn an_import_after_a_manual_record_names_the_recorded_flag() {
    let entry = |holder: &str| {
        format!(
            r#"{{"holder":"{holder}","platform":"su-30mk2","effective":"2025-10-31",
            "change":{{"kind":"observed"}},"source":{{"citation":"news report","grade":"C3"}}}}"#
        )
    };
    let excerpt = excerpt();
    let oryx_dir = oryx_dir();
    let (dir, _) = imported();
    let d = dir.path();
    let o = run_with(d, &["record", "--journal", "ven.jsonl"], &entry("VEN"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = d.join("ven.jsonl");
    let before = bytes(&path);
    let sipri = [
        "import",
        "sipri",
        excerpt.to_str().unwrap(),
        "--journal",
        "ven.jsonl",
    ];
    let err = fails(d, &sipri, "", 1);
    assert!(err.contains("--recorded TIME"), "{err}");
    assert!(err.contains("--recorded now"), "{err}");
    assert!(!err.contains("Options::"), "{err}");
    assert_eq!(bytes(&path), before);
    ok(d, &[&sipri[..], &["--recorded", "now"]].concat());

    let (dir, _) = oryx_imported();
    let d = dir.path();
    let o = run_with(d, &["record", "--journal", "ua.jsonl"], &entry("UKR"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let oryx = [
        "import",
        "oryx",
        oryx_dir.to_str().unwrap(),
        "--journal",
        "ua.jsonl",
    ];
    let err = fails(d, &oryx, "", 1);
    assert!(
        err.contains("--recorded TIME") && !err.contains("Options::"),
        "{err}"
    );
    ok(d, &[&oryx[..], &["--recorded", "now"]].concat());
}

/// `record` and `retract` take `--recorded now`, as the imports do; a recorded time older
/// than the ledger's latest entry is refused saying what to do (a later time, or none: now),
/// with flags or JSON, and nothing is written.
#[test]
fn record_takes_recorded_now_and_a_refused_time_says_what_to_do() {
    let (dir, _) = imported();
    let d = dir.path();
    let path = d.join("ven.jsonl");
    let flags = |recorded: &str| -> Vec<String> {
        [
            "record",
            "--journal",
            "ven.jsonl",
            "--holder",
            "VEN",
            "--platform",
            "su-30mk2",
            "--date",
            "2025-10-31",
            "--change",
            "observed",
            "--grade",
            "C3",
            "--source",
            "news",
            "--recorded",
            recorded,
        ]
        .map(str::to_owned)
        .to_vec()
    };
    fn args(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let before = bytes(&path);
    // The excerpt is recorded 2025-01-03: an earlier time is refused.
    let err = fails(d, &args(&flags("2024-01-01T00:00:00Z")), "", 1);
    assert!(
        err.contains("before the ledger's latest entry, recorded at 2025-01-03T00:00:00Z")
            && err.contains(
                "give a later --recorded TIME, or leave --recorded out (or give --recorded now)"
            ),
        "{err}"
    );
    let json = r#"{"holder":"VEN","platform":"su-30mk2","effective":"2025-10-31",
        "change":{"kind":"observed"},"source":{"citation":"news","grade":"C3"},
        "recorded":"2024-01-01T00:00:00Z"}"#;
    let err = fails(d, &["record", "--journal", "ven.jsonl"], json, 1);
    assert!(
        err.contains(r#"give a later "recorded" time, or leave "recorded" out"#),
        "{err}"
    );
    assert_eq!(bytes(&path), before);
    let out = ok(d, &args(&flags("now")));
    assert!(out.starts_with("recorded entry "), "{out}");
    let id: String = out.trim().rsplit(' ').next().unwrap().to_owned();
    let retract = ["retract", &id, "--journal", "ven.jsonl", "--why", "test"];
    let err = fails(
        d,
        &[&retract[..], &["--recorded", "2024-01-01T00:00:00Z"]].concat(),
        "",
        1,
    );
    assert!(err.contains("not retracted (nothing written)"), "{err}");
    ok(d, &[&retract[..], &["--recorded", "now"]].concat());
}

/// The pipeline lists a request without a count as open ("not stated") and counts, by kind,
/// the orders and requests known only as bounds whose known part is answered; --list-unknown
/// lists them with their remainder "unknown".
#[test]
fn the_pipeline_counts_what_it_does_not_know_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init", "ven.jsonl"]);
    let entry = |platform: &str, date: &str, change: &str| {
        format!(
            r#"{{"holder":"VEN","platform":"{platform}","effective":"{date}","change":{change},"source":{{"citation":"illustrative figures","grade":"C3"}}}}"#
        )
    };
    for line in [
        entry(
            "su-30mk2",
            "2020",
            r#"{"kind":"requested","count":{"value":12,"basis":"at_least"},"request":"acquisition"}"#,
        ),
        entry(
            "su-30mk2",
            "2021",
            r#"{"kind":"ordered","count":{"value":12,"basis":"at_least"}}"#,
        ),
        entry(
            "su-30mk2",
            "2022",
            r#"{"kind":"delivered","count":{"value":12},"into":"unknown"}"#,
        ),
        entry(
            "il-76td",
            "2023",
            r#"{"kind":"requested","request":"repair"}"#,
        ),
    ] {
        let o = run_with(d, &["record", "--journal", "ven.jsonl"], &line);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let p = ok(d, &["pipeline", "VEN", "--journal", "ven.jsonl"]);
    assert!(p.contains("| requested (repair) |  not stated |"), "{p}");
    assert!(
        p.contains("\n1 order and 1 request with unknown numbers: ")
            && p.ends_with("; --list-unknown lists them\n"),
        "{p}"
    );
    assert!(!p.contains("Su-30MK2"), "{p}");
    let all = ok(
        d,
        &[
            "pipeline",
            "VEN",
            "--journal",
            "ven.jsonl",
            "--list-unknown",
        ],
    );
    assert!(
        all.contains("| requested (acquisition) >=12 |     unknown |")
            && all.contains("| ordered >=12 (new)           |     unknown |"),
        "{all}"
    );
}

/// `record` keeps the journal's checkpoint up to date (issue 24), so a per-holder question
/// reads the holder's slice, not the whole ledger: `verify` says the checkpoint covers every
/// entry after one entry recorded by hand.
#[test]
fn record_writes_a_checkpoint_covering_its_entry() {
    let (dir, _) = imported();
    let d = dir.path();
    let covered = |d: &std::path::Path| -> (u64, u64) {
        let v = ok(d, &["verify", "ven.jsonl"]);
        let field = |key: &str| -> String {
            v.lines()
                .find_map(|l| l.strip_prefix(key))
                .unwrap_or_else(|| panic!("{key}: {v}"))
                .trim()
                .to_owned()
        };
        let entries: u64 = field("entries").parse().unwrap();
        let checkpoint = field("checkpoint");
        let n = checkpoint
            .split_once('(')
            .and_then(|(_, r)| r.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{checkpoint}"));
        (entries, n)
    };
    let (before, _) = covered(d);
    ok(
        d,
        &[
            "record",
            "--journal",
            "ven.jsonl",
            "--holder",
            "VEN",
            "--platform",
            "Su-30MK2",
            "--date",
            "2025-11",
            "--source",
            "illustrative",
            "--grade",
            "C3",
            "--recorded",
            "now",
            "--change",
            "delivered",
            "--count",
            "2",
            "--status",
            "operational",
        ],
    );
    let (after, checkpointed) = covered(d);
    assert_eq!(after, before + 1);
    assert_eq!(
        checkpointed, after,
        "the checkpoint covers the recorded entry"
    );
}
