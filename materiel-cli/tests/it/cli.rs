//! End-to-end tests of journals: a session on the SIPRI excerpt, checkpoints, torn tails,
//! locks, damage, strict imports.

use materiel::export::{ENTRY_COLUMNS, HOLDINGS_COLUMNS, PIPELINE_COLUMNS, TIMELINE_COLUMNS};
use materiel::journal::{CheckpointStatus, JournalOptions};
use materiel::{Catalog, Journal};

use crate::support::*;

#[test]
fn session_on_the_sipri_excerpt_is_pinned() {
    let (dir, report) = imported();
    let d = dir.path();
    snapshot("import-sipri.txt", &report);
    // Rows a variant rule moved say where they went.
    assert!(
        report.contains(
            "    Su-30MK -> su-30mk (17 rows -> su-30mki by variant rule: recipient IND; \
             3 rows -> su-30mk2 by variant rule: recipient VEN)\n"
        ),
        "{report}"
    );
    let j = ["--journal", "ven.jsonl"];
    let q = |args: &[&str]| ok(d, &[args, &j[..]].concat());

    // A lower-bound order whose known part is delivered: the remainder is unknown, not 0:
    // counted in one line, listed on request.
    let pipeline = q(&["pipeline", "VEN", "--at", "2007-12-31"]);
    assert!(!pipeline.contains("from POL"), "{pipeline}");
    assert!(
        pipeline.contains(
            "\n25 orders with unknown numbers: the ordered number is known only as a bound and \
             what it covers is delivered (complete or not, no source says); --list-unknown \
             lists them\n"
        ),
        "{pipeline}"
    );
    let listed = q(&["pipeline", "VEN", "--at", "2007-12-31", "--list-unknown"]);
    let pol = listed
        .lines()
        .find(|l| l.contains("| ordered >=8 (new) from POL "));
    assert!(
        pol.is_some_and(|l| l.contains(" |     unknown | B3 ")),
        "{listed}"
    );
    // Today every order's listed deliveries are in: none is known to be open.
    let today = q(&["pipeline", "Venezuela", "--at", "2025-12-31"]);
    assert!(
        today.contains("(no request or order known to be open in this view)\n92 orders with"),
        "{today}"
    );
    for (name, format) in [("table.txt", "table"), ("csv", "csv"), ("jsonl", "json")] {
        let f = ["--format", format];
        snapshot(
            &format!("holdings-ven-2013.{name}"),
            &q(&[&["holdings", "Venezuela", "--at", "2013-12-31"], &f[..]].concat()),
        );
        snapshot(
            &format!("lot-ven-su30.{name}"),
            &q(&[&["lot", "VEN", "Su-30MK2", "--at", "2007-12-31"], &f[..]].concat()),
        );
        snapshot(
            &format!("pipeline-ven-2007.{name}"),
            &q(&[&["pipeline", "VEN", "--at", "2007-12-31"], &f[..]].concat()),
        );
        snapshot(
            &format!("timeline-ven-su30.{name}"),
            &q(&[&["timeline", "VEN", "su-30mk2"], &f[..]].concat()),
        );
        // The bundled catalog has thousands of platforms: its first lines are pinned, and
        // every platform has its line.
        let listing = ok(d, &["catalog", "--format", format]);
        let head: String = listing.lines().take(16).map(|l| format!("{l}\n")).collect();
        snapshot(&format!("catalog.{name}"), &head);
        assert!(
            listing.lines().count() >= materiel::Catalog::reference().len(),
            "{name}"
        );
        snapshot(
            &format!("catalog-s300vm.{name}"),
            &ok(d, &["catalog", "S-300VM/SA-23 SAMS", "--format", format]),
        );
    }
    // Known before the import was recorded (the export's generation date): nothing.
    snapshot(
        "holdings-ven-known-2025-01-01.table.txt",
        &q(&["holdings", "VEN", "--known-at", "2025-01-01T00:00:00Z"]),
    );
    // The grade filter: only B2 sources.
    snapshot(
        "holdings-ven-b2.table.txt",
        &q(&["holdings", "VEN", "--at", "2013-12-31", "--min-grade", "B2"]),
    );
    // A generic platform (a designation the catalog does not know) by its command-line id.
    let enstrom = q(&[
        "lot",
        "VEN",
        "generic:aircraft:Enstrom-480",
        "--at",
        "2013-12-31",
    ]);
    assert!(enstrom.starts_with("Enstrom-480 of "), "{enstrom}");

    // Exports: every table, both formats, with their documented columns.
    for (table, args, columns) in [
        ("entries", vec![], ENTRY_COLUMNS),
        ("holdings", vec!["VEN"], HOLDINGS_COLUMNS),
        ("holdings", vec![], HOLDINGS_COLUMNS),
        ("timeline", vec!["VEN", "su-30mk2"], TIMELINE_COLUMNS),
        (
            "pipeline",
            vec!["VEN", "--at", "2007-12-31"],
            PIPELINE_COLUMNS,
        ),
        ("pipeline", vec!["--at", "2007-12-31"], PIPELINE_COLUMNS),
    ] {
        let base: Vec<&str> = [&["export", table][..], &args, &j].concat();
        let csv = ok(d, &base);
        assert_eq!(
            csv.lines().next(),
            Some(columns.join(",").as_str()),
            "{table}"
        );
        assert!(csv.lines().count() > 1, "{table} {args:?}");
        let json = ok(d, &[&base[..], &["--format", "json"]].concat());
        let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
        let keys: Vec<&str> = first
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        let mut expected = columns.to_vec();
        expected.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, expected, "{table}");
    }
    let entries = ok(d, &["export", "entries", "--journal", "ven.jsonl"]);
    assert_eq!(entries.lines().count(), 1 + 503);
    // `holdings --format csv` writes what `export holdings` does, with the bounds of the count
    // held at the end (empty here: no claim, assessment or resolution).
    let exported = ok(
        d,
        &[
            "export",
            "holdings",
            "VEN",
            "--at",
            "2013-12-31",
            "--journal",
            "ven.jsonl",
        ],
    );
    let shown = q(&["holdings", "VEN", "--at", "2013-12-31", "--format", "csv"]);
    assert_eq!(exported.lines().count(), shown.lines().count());
    // Each row is one of the export's, byte for byte (`holdings` sorts them by designation,
    // the export keeps the ledger's order), and the lot's bounds where they say more than its
    // count: a munition never assessed and opened unknown (Mistral: 0 and up, point its
    // count, 50).
    let mut rows: Vec<&str> = exported.lines().collect();
    for (n, s) in shown.lines().enumerate() {
        let at = rows
            .iter()
            .position(|e| s.strip_prefix(e).is_some_and(|x| x.split(',').count() == 5))
            .unwrap_or_else(|| panic!("{s}"));
        let e = rows.remove(at);
        let extra = s.strip_prefix(e).unwrap_or_else(|| panic!("{e}\n{s}"));
        if n == 0 {
            assert_eq!(
                extra,
                ",bounds_lower,bounds_upper,bounds_point,disputed_assessment"
            );
        } else {
            assert_eq!(extra.split(',').count(), 5, "{s}");
        }
    }
    let mistral = shown.lines().find(|l| l.contains("\"mistral\"")).unwrap();
    assert!(mistral.ends_with(",0,,50,"), "{mistral}");
    let su30 = shown.lines().find(|l| l.contains("\"su-30mk2\"")).unwrap();
    assert!(su30.ends_with(",,,,"), "{su30}");
    // -o writes the same table to a file.
    ok(
        d,
        &[
            "export",
            "entries",
            "--journal",
            "ven.jsonl",
            "-o",
            "entries.csv",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(d.join("entries.csv")).unwrap(),
        entries
    );
}

#[test]
fn checkpoint_writes_a_side_file_that_opening_loads() {
    let (dir, _) = imported();
    let d = dir.path();
    let out = ok(d, &["checkpoint", "ven.jsonl"]);
    assert!(out.starts_with("checkpoint of 503 entries ("), "{out}");
    let side = d.join("ven.jsonl.checkpoint");
    assert!(out.trim_end().ends_with("ven.jsonl.checkpoint"), "{out}");
    assert!(side.exists());
    // A damaged checkpoint is ignored with a warning, and replaced.
    std::fs::write(&side, b"damaged").unwrap();
    let o = run(d, &["checkpoint", "ven.jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("earlier checkpoint was ignored"),
        "{}",
        stderr(&o)
    );
    assert!(bytes(&side).len() > 1000);
    // Queries read the journal through the checkpoint, with the same answer; a damaged one
    // is a warning and the whole journal is replayed.
    let out = ok(d, &["holdings", "VEN", "--journal", "ven.jsonl"]);
    assert!(out.contains("su-30mk2") || out.contains("Su-30"), "{out}");
    let good = bytes(&side);
    let mut bad = good.clone();
    bad[50] ^= 1;
    std::fs::write(&side, &bad).unwrap();
    let o = run(d, &["holdings", "VEN", "--journal", "ven.jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), out);
    // Byte 50 is in the body's table of contents (checkpoint version 5).
    assert!(
        stderr(&o).contains("checkpoint ignored (")
            && stderr(&o).contains("table of contents checksum mismatch"),
        "{}",
        stderr(&o)
    );
    // Verifying says what it did with the checkpoint, in its report, in both modes.
    for args in [
        &["verify", "ven.jsonl"][..],
        &["verify", "ven.jsonl", "--repair"],
    ] {
        let out = ok(d, args);
        assert!(
            out.contains("\ncheckpoint   ignored (")
                && out.contains("table of contents checksum mismatch"),
            "{args:?}: {out}"
        );
    }
    std::fs::write(&side, &good).unwrap();
    let out = ok(d, &["verify", "ven.jsonl"]);
    assert!(
        out.contains("\ncheckpoint   loaded (503 entries, "),
        "{out}"
    );
    // Opening it loads the checkpoint. (Opened in this process last: while this process
    // holds the journal's lock, a child another test forks at that moment can inherit the
    // descriptor until it execs, and keep the lock a little after `drop`.)
    let journal = Journal::open(
        d.join("ven.jsonl"),
        Catalog::reference(),
        &JournalOptions::new(),
    )
    .unwrap();
    assert!(
        matches!(
            journal.checkpoint_status(),
            CheckpointStatus::Loaded { entries: 503, .. }
        ),
        "{:?}",
        journal.checkpoint_status()
    );
    drop(journal);
    // A journal that does not exist is an error naming it.
    let err = fails(d, &["checkpoint", "missing.jsonl"], "", 1);
    assert!(err.contains("missing.jsonl"), "{err}");
}

#[test]
fn verify_reports_and_repairs_a_torn_tail() {
    let (dir, _) = imported();
    let d = dir.path();
    let out = ok(d, &["verify", "ven.jsonl"]);
    assert!(out.contains("entries      503"), "{out}");
    assert!(out.contains("torn tail    none"), "{out}");

    let path = d.join("ven.jsonl");
    let intact = bytes(&path);
    let mut torn = intact.clone();
    torn.extend_from_slice(b"{\"crc32c\":\"0000");
    std::fs::write(&path, &torn).unwrap();

    // Without --repair: reported, exit 4, nothing changed; queries warn and go on.
    let o = run(d, &["verify", "ven.jsonl"]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stdout(&o).contains("not yet repaired"), "{}", stdout(&o));
    assert_eq!(bytes(&path), torn);
    let o = run(d, &["holdings", "VEN", "--journal", "ven.jsonl"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).starts_with("warning: "), "{}", stderr(&o));
    // Writing commands refuse until repaired.
    let err = fails(
        d,
        &["retract", "--journal", "ven.jsonl", "3", "--why", "test"],
        "",
        1,
    );
    assert!(err.contains("verify --repair"), "{err}");
    assert_eq!(bytes(&path), torn);

    // --repair: cut, kept in a side file.
    let out = ok(d, &["verify", "ven.jsonl", "--repair"]);
    assert!(out.contains("side file"), "{out}");
    assert_eq!(bytes(&path), intact);
    let side = d.join(format!("ven.jsonl.torn-{}", intact.len()));
    assert_eq!(bytes(&side), b"{\"crc32c\":\"0000");
    ok(d, &["verify", "ven.jsonl"]);
}

#[test]
fn record_and_retract_through_the_journal() {
    let (dir, _) = imported();
    let d = dir.path();
    let entry = r#"{"holder":"VEN","platform":"su-30mk2","effective":"2025-10-31",
        "change":{"kind":"assessed","breakdown":[["operational",{"value":24}]]},
        "source":{"citation":"news report","grade":"C3"},
        "recorded":"2025-11-03T12:00:00Z","note":"keyed in error"}"#;
    let o = run_with(d, &["record", "--journal", "ven.jsonl"], entry);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "recorded entry 503\n");
    let o = run(
        d,
        &[
            "retract",
            "--journal",
            "ven.jsonl",
            "503",
            "--why",
            "status keyed in error",
            "--recorded",
            "2025-11-04T08:00:00Z",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "recorded retraction 504 of entry 503\n");

    let lot = |known: &str| {
        ok(
            d,
            &[
                "lot",
                "VEN",
                "su-30mk2",
                "--journal",
                "ven.jsonl",
                "--known-at",
                known,
            ],
        )
    };
    assert!(lot("2025-11-03T12:00:00Z").contains("operational (FMC)                  | 24"));
    assert!(lot("2025-11-04T08:00:00Z").contains("operational (FMC)                  | 0"));
    // Without `recorded`, the entry is recorded now.
    let now = entry.replace(r#""recorded":"2025-11-03T12:00:00Z","#, "");
    let o = run_with(d, &["record", "--journal", "ven.jsonl"], &now);
    assert_eq!(stdout(&o), "recorded entry 505\n", "{}", stderr(&o));
}

#[test]
fn bad_arguments_give_one_line_and_the_documented_code() {
    let (dir, _) = imported();
    let d = dir.path();
    let path = d.join("ven.jsonl");
    let before = bytes(&path);
    fn q<'a>(args: &[&'a str]) -> Vec<&'a str> {
        [args, &["--journal", "ven.jsonl"][..]].concat()
    }

    let err = fails(d, &q(&["holdings", "Narnia"]), "", 2);
    assert!(err.contains("unknown holder \"Narnia\""), "{err}");
    let err = fails(d, &q(&["lot", "VEN", "F-99"]), "", 2);
    assert!(err.contains("unknown platform \"F-99\""), "{err}");
    fails(d, &q(&["lot", "VEN", "generic:boat:X"]), "", 2);
    fails(d, &q(&["holdings", "VEN", "--at", "2013-02-30"]), "", 2);
    fails(d, &q(&["holdings", "VEN", "--at", "31/12/2013"]), "", 2);
    fails(
        d,
        &q(&["holdings", "VEN", "--known-at", "2025-01-01T00:00:00"]),
        "",
        2,
    );
    fails(d, &q(&["holdings", "VEN", "--known-at", "2025-13"]), "", 2);
    fails(d, &q(&["holdings", "VEN", "--min-grade", "Z9"]), "", 2);
    fails(d, &q(&["holdings", "VEN", "--format", "xlsx"]), "", 2);
    fails(d, &["catalog", "F-99"], "", 2);
    let err = fails(d, &["holdings", "VEN", "--journal", "missing.jsonl"], "", 1);
    assert!(err.contains("missing.jsonl"), "{err}");
    let err = fails(d, &["init", "ven.jsonl"], "", 1);
    assert!(err.contains("already exists"), "{err}");

    // Bad entries on standard input: nothing written.
    fails(d, &q(&["record"]), "not json", 1);
    fails(d, &q(&["record"]), r#"{"holder":"VEN"}"#, 1);
    let err = fails(
        d,
        &q(&["record"]),
        r#"{"holder":"VEN","platform":"su-30mk2","effective":"2001",
            "change":{"kind":"lost","count":{"value":99},"from":"operational","cause":{"cause":"destroyed"}},
            "source":{"citation":"x","grade":"C3"}}"#,
        1,
    );
    assert!(err.contains("negative"), "{err}");
    fails(d, &q(&["retract", "9999", "--why", "no such entry"]), "", 1);
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_locked_journal_is_refused_and_left_alone() {
    let (dir, _) = imported();
    let d = dir.path();
    let path = d.join("ven.jsonl");
    let before = bytes(&path);
    let held = Journal::open(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    let err = fails(
        d,
        &["retract", "--journal", "ven.jsonl", "3", "--why", "x"],
        "",
        1,
    );
    assert!(err.contains("lock"), "{err}");
    let err = fails(
        d,
        &[
            "import",
            "sipri",
            excerpt().to_str().unwrap(),
            "--journal",
            "ven.jsonl",
        ],
        "",
        1,
    );
    assert!(err.contains("lock"), "{err}");
    // Queries read without the lock.
    ok(d, &["holdings", "VEN", "--journal", "ven.jsonl"]);
    drop(held);
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_damaged_journal_is_an_error_naming_the_line() {
    let (dir, _) = imported();
    let d = dir.path();
    let path = d.join("ven.jsonl");
    // Without its checkpoint, every command reads every line (a checkpoint's covered lines
    // are not read again: `verify` reads them whatever the checkpoint).
    std::fs::remove_file(d.join("ven.jsonl.checkpoint")).unwrap();
    let mut data = bytes(&path);
    // Damage the payload of line 3 (an intact line follows, so it is not a torn tail).
    let line3 = data
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .unwrap()
        .0
        + 1;
    data[line3 + 40] ^= 0x01;
    std::fs::write(&path, &data).unwrap();
    for args in [
        &["holdings", "VEN", "--journal", "ven.jsonl"][..],
        &["verify", "ven.jsonl"],
        &["verify", "ven.jsonl", "--repair"],
        &["export", "entries", "--journal", "ven.jsonl"],
        &["retract", "--journal", "ven.jsonl", "1", "--why", "x"],
    ] {
        let err = fails(d, args, "", 1);
        assert!(err.contains("line 3"), "{args:?}: {err}");
    }
    assert_eq!(bytes(&path), data);
}

#[test]
fn a_strict_import_with_a_bad_row_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init", "j.jsonl"]);
    let before = bytes(&d.join("j.jsonl"));
    let text = std::fs::read_to_string(excerpt()).unwrap();
    let bad = text.replacen(",Afghanistan,", ",Narnia,", 1);
    std::fs::write(d.join("bad.csv"), bad).unwrap();
    let err = fails(
        d,
        &[
            "import",
            "sipri",
            "bad.csv",
            "--journal",
            "j.jsonl",
            "--strict",
        ],
        "",
        3,
    );
    assert!(
        err.contains("Narnia") && err.contains("nothing written"),
        "{err}"
    );
    assert_eq!(bytes(&d.join("j.jsonl")), before);
    // Lenient: the row is reported and skipped, the rest imported.
    let o = run(d, &["import", "sipri", "bad.csv", "--journal", "j.jsonl"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("rows rejected      1"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("1 row rejected"), "{}", stderr(&o));
    // Not a SIPRI export at all: exit 1, nothing written.
    std::fs::write(d.join("junk.csv"), "a,b\n1,2\n").unwrap();
    let after = bytes(&d.join("j.jsonl"));
    fails(
        d,
        &["import", "sipri", "junk.csv", "--journal", "j.jsonl"],
        "",
        1,
    );
    assert_eq!(bytes(&d.join("j.jsonl")), after);
    // Imported again: recorded at the same time, appended after the first import.
    ok(
        d,
        &[
            "import",
            "sipri",
            "bad.csv",
            "--journal",
            "j.jsonl",
            "--recipient",
            "VEN",
        ],
    );
}
