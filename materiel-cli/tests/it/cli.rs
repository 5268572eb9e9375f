//! End-to-end tests: the real `materiel` binary in temporary directories.
//!
//! Output for the committed SIPRI excerpt is pinned by plain files under `tests/snapshots/`;
//! `UPDATE_SNAPSHOTS=1 cargo test -p materiel-cli` rewrites them (review the diff).

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use materiel::export::{ENTRY_COLUMNS, HOLDINGS_COLUMNS, PIPELINE_COLUMNS, TIMELINE_COLUMNS};
use materiel::journal::{CheckpointStatus, JournalOptions};
use materiel::{Catalog, Journal};

const BIN: &str = env!("CARGO_BIN_EXE_materiel");

fn excerpt() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/sipri-excerpt.csv")
}

/// Runs the binary in `dir` with `args` and `stdin`.
fn run_with(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    run_with(dir, args, "")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Runs and expects success; returns standard output.
fn ok(dir: &Path, args: &[&str]) -> String {
    let o = run(dir, args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// Runs and expects failure with `code` and a one-line error on standard error, never a
/// panic; returns that line.
fn fails(dir: &Path, args: &[&str], stdin: &str, code: i32) -> String {
    let o = run_with(dir, args, stdin);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    if code != 2 || !err.starts_with("error: unexpected") {
        // clap's own usage errors add a usage block; ours and the runtime errors are one line.
        let first = err.lines().next().unwrap_or("");
        assert!(first.starts_with("error: "), "{args:?}: {err}");
    }
    if code != 2 {
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    err
}

/// Compares `text` with the snapshot `name` (or writes it when UPDATE_SNAPSHOTS is set).
fn snapshot(name: &str, text: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert!(
        expected == text,
        "snapshot {name} differs (UPDATE_SNAPSHOTS=1 rewrites it):\n--- expected\n{expected}\n--- got\n{text}"
    );
}

/// A temporary directory with `ven.jsonl`, the committed excerpt imported.
fn imported() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init", "ven.jsonl"]);
    let report = ok(
        dir.path(),
        &[
            "import",
            "sipri",
            excerpt().to_str().unwrap(),
            "--journal",
            "ven.jsonl",
        ],
    );
    (dir, report)
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn session_on_the_sipri_excerpt_is_pinned() {
    let (dir, report) = imported();
    let d = dir.path();
    snapshot("import-sipri.txt", &report);
    // Rows a variant rule moved say where they went.
    assert!(
        report.contains(
            "    Su-30MK -> su-30mk (3 rows -> su-30mk2 by variant rule: recipient VEN)\n"
        ),
        "{report}"
    );
    let j = ["--journal", "ven.jsonl"];
    let q = |args: &[&str]| ok(d, &[args, &j[..]].concat());

    // A lower-bound order whose known part is delivered: the remainder is unknown, not 0.
    let pipeline = q(&["pipeline", "VEN", "--at", "2007-12-31"]);
    assert!(
        pipeline.contains("| ordered >=8 (new) from POL                  |         >=0 |"),
        "{pipeline}"
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
    assert_eq!(entries.lines().count(), 1 + 388);
    // `export holdings` writes what `holdings --format csv` does.
    assert_eq!(
        ok(
            d,
            &[
                "export",
                "holdings",
                "VEN",
                "--at",
                "2013-12-31",
                "--journal",
                "ven.jsonl"
            ]
        ),
        q(&["holdings", "VEN", "--at", "2013-12-31", "--format", "csv"]),
    );
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
    assert!(out.starts_with("checkpoint of 388 entries ("), "{out}");
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
    assert!(
        stderr(&o).contains("checkpoint ignored (checksum mismatch"),
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
            out.contains("\ncheckpoint   ignored (checksum mismatch"),
            "{args:?}: {out}"
        );
    }
    std::fs::write(&side, &good).unwrap();
    let out = ok(d, &["verify", "ven.jsonl"]);
    assert!(
        out.contains("\ncheckpoint   loaded (388 entries, "),
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
            CheckpointStatus::Loaded { entries: 388, .. }
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
    assert!(out.contains("entries      388"), "{out}");
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
    assert_eq!(stdout(&o), "recorded entry 388\n");
    let o = run(
        d,
        &[
            "retract",
            "--journal",
            "ven.jsonl",
            "388",
            "--why",
            "status keyed in error",
            "--recorded",
            "2025-11-04T08:00:00Z",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "recorded retraction 389 of entry 388\n");

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
    assert_eq!(stdout(&o), "recorded entry 390\n", "{}", stderr(&o));
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
        &q(&["holdings", "VEN", "--known-at", "2025-01-01"]),
        "",
        2,
    );
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

fn oryx_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/oryx")
}

/// A temporary directory with `ua.jsonl`, the committed Oryx excerpt imported.
fn oryx_imported() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init", "ua.jsonl"]);
    let report = ok(
        dir.path(),
        &[
            "import",
            "oryx",
            oryx_dir().to_str().unwrap(),
            "--journal",
            "ua.jsonl",
        ],
    );
    (dir, report)
}

#[test]
fn oryx_import_reports_and_reconciles_and_losses_are_pinned() {
    let (dir, report) = oryx_imported();
    let d = dir.path();
    // The counts tests/oryx.rs states for the excerpt.
    for needle in [
        "rows read          274",
        "rows rejected      0",
        "items (losses)     249 (25 rows merged",
        // Systems the bundled catalog names share its platforms' lots: 177 lots, not one per heading.
        "entries created    426 (249 losses, 177 lots opened with unknown stock); 64 captures credited",
        "first-scrape rows  37",
        "Il-76 transport aircraft -> il-76",
        // The directory's totals_by_type.csv: the reconciliation.
        "reconciliation with ",
        "Russia     all            201      17     184     22381  -22197",
        "Ukraine    all             73       8      65      9374   -9309",
        // An excerpt's negative differences are explained, not only positive ones.
        "a negative diff: Oryx's headline counts items these event files do not hold: the \
         files are an excerpt or a subset",
        "appended 426 entries (#0..#425) to ua.jsonl",
    ] {
        assert!(report.contains(needle), "{needle}:\n{report}");
    }
    assert!(report.ends_with("to ua.jsonl\n"), "{report}");
    let v = ok(d, &["verify", "ua.jsonl"]);
    assert!(v.contains("entries      426"), "{v}");

    // Losses in every format, for every holder.
    let j = ["--journal", "ua.jsonl"];
    let table = ok(d, &[&["losses"], &j[..]].concat());
    snapshot("losses.table.txt", &table);
    assert!(table.contains("242 rows, 249 units"), "{table}");
    let csv = ok(d, &[&["losses", "--format", "csv"], &j[..]].concat());
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "holder,platform,platform_generic,platform_label,platform_kind,cause,captor,month,\
             count,count_basis"
        )
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 242);
    // The catalog match, and captures naming their captor.
    assert!(
        rows.contains(
            &"\"RUS\",\"il-76\",false,\"Il-76\",\"transport\",\"destroyed\",,\"2024-01\",1,\"exact\""
        ),
        "{csv}"
    );
    assert!(
        rows.iter().any(|r| r.contains(",\"captured\",\"UKR\",")),
        "{csv}"
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("\"UKR\",") && r.contains(",\"captured\",\"RUS\",")),
        "{csv}"
    );
    let json = ok(d, &[&["losses", "--format", "json"], &j[..]].concat());
    let objects: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 242);
    let units: u64 = objects.iter().map(|o| o["count"].as_u64().unwrap()).sum();
    assert_eq!(units, 249);
    for o in &objects {
        let keys: Vec<&str> = o.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 10, "{o}");
        // Every capture in the excerpt is between Russia and Ukraine: its captor is known.
        assert_eq!(o["captor"].is_string(), o["cause"] == "captured", "{o}");
        assert!(o["captor"].is_string() || o["captor"].is_null(), "{o}");
        assert!(
            o["platform_generic"].is_boolean() && o["month"].is_string(),
            "{o}"
        );
    }
    // One holder; a view before the first listing sees nothing.
    let ukr = ok(
        d,
        &[&["losses", "Ukraine", "--format", "csv"], &j[..]].concat(),
    );
    assert_eq!(
        ukr.lines().count() - 1,
        rows.iter().filter(|r| r.starts_with("\"UKR\",")).count()
    );
    assert!(
        ukr.lines().skip(1).all(|l| l.starts_with("\"UKR\",")),
        "{ukr}"
    );
    let early = ok(
        d,
        &[&["losses", "RUS", "--at", "2022-02-28"], &j[..]].concat(),
    );
    assert!(early.contains("(no loss in this view)"), "{early}");
    let unknown = ok(
        d,
        &[&["losses", "--known-at", "2025-01-01T00:00:00Z"], &j[..]].concat(),
    );
    assert!(unknown.contains("(no loss in this view)"), "{unknown}");
    fails(d, &[&["losses", "Narnia"], &j[..]].concat(), "", 2);
}

#[test]
fn a_strict_oryx_import_with_a_bad_row_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init", "j.jsonl"]);
    let before = bytes(&d.join("j.jsonl"));
    let text = std::fs::read_to_string(oryx_dir().join("event_damaged.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let bad = lines[3].replacen("Russia,", "Narnia,", 1);
    lines[3] = &bad;
    std::fs::write(d.join("event_damaged.csv"), lines.join("\n") + "\n").unwrap();
    let destroyed = oryx_dir().join("event_destroyed.csv");
    let args = [
        "import",
        "oryx",
        destroyed.to_str().unwrap(),
        "event_damaged.csv",
        "--journal",
        "j.jsonl",
    ];
    let err = fails(d, &[&args[..], &["--strict"]].concat(), "", 3);
    assert!(
        err.contains("Narnia")
            && err.contains("event_damaged.csv")
            && err.contains("nothing written"),
        "{err}"
    );
    assert_eq!(bytes(&d.join("j.jsonl")), before);
    // A totals file that is not one: exit 1, nothing written.
    std::fs::write(d.join("junk.csv"), "a,b\n1,2\n").unwrap();
    fails(d, &[&args[..], &["--totals", "junk.csv"]].concat(), "", 1);
    assert_eq!(bytes(&d.join("j.jsonl")), before);
    // A directory without event files: exit 1, nothing written.
    std::fs::create_dir(d.join("empty")).unwrap();
    fails(
        d,
        &["import", "oryx", "empty", "--journal", "j.jsonl"],
        "",
        1,
    );
    assert_eq!(bytes(&d.join("j.jsonl")), before);
    // Lenient: the row is reported and skipped, the rest imported.
    let o = run(d, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("rows rejected      1"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("reconciliation"), "{}", stdout(&o));
    assert!(stderr(&o).contains("1 row rejected"), "{}", stderr(&o));
}

#[test]
fn init_with_a_catalog_keeps_it_beside_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("cat.json"), Catalog::reference().to_json()).unwrap();
    let out = ok(d, &["init", "j.jsonl", "--catalog", "cat.json"]);
    assert!(out.contains("j.jsonl.catalog.json"), "{out}");
    assert!(d.join("j.jsonl.catalog.json").is_file());
    let listed = ok(d, &["catalog", "--journal", "j.jsonl", "--format", "csv"]);
    assert_eq!(listed, ok(d, &["catalog", "--format", "csv"]));
    // A broken catalog: nothing created.
    std::fs::write(d.join("bad.json"), "{").unwrap();
    fails(d, &["init", "k.jsonl", "--catalog", "bad.json"], "", 1);
    assert!(!d.join("k.jsonl").exists() && !d.join("k.jsonl.catalog.json").exists());
}

#[test]
fn every_command_has_help_with_examples() {
    let d = std::env::temp_dir();
    let top = ok(&d, &["--help"]);
    for needle in [
        "Exit status:",
        "0  success",
        "3  a strict import",
        "Example session:",
    ] {
        assert!(top.contains(needle), "{needle}: {top}");
    }
    for cmd in [
        &["init"][..],
        &["verify"],
        &["import", "sipri"],
        &["import", "oryx"],
        &["losses"],
        &["record"],
        &["retract"],
        &["holdings"],
        &["lot"],
        &["pipeline"],
        &["timeline"],
        &["export"],
        &["catalog"],
    ] {
        let help = ok(&d, &[cmd, &["--help"][..]].concat());
        assert!(help.contains("Examples:"), "{cmd:?}: {help}");
    }
    // No subcommand: a usage error.
    assert_eq!(run(&d, &[]).status.code(), Some(2));
}

#[test]
fn exported_csv_loads_in_pythons_csv_module() {
    if Command::new("python3").arg("--version").output().is_err() {
        println!("SKIPPED: python3 is not installed; the CSV was not checked with Python");
        return;
    }
    let (dir, _) = imported();
    let d = dir.path();
    ok(
        d,
        &[
            "export",
            "holdings",
            "VEN",
            "--at",
            "2013-12-31",
            "--journal",
            "ven.jsonl",
            "-o",
            "h.csv",
        ],
    );
    ok(
        d,
        &["export", "entries", "--journal", "ven.jsonl", "-o", "e.csv"],
    );
    let script = format!(
        r#"
import csv, datetime, sys
with open("h.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
    assert rows and list(rows[0].keys()) == {h:?}, rows[0].keys()
    for r in rows:
        assert int(r["in_service"]) >= 0 and r["in_service_basis"] in ("exact", "estimate", "at_least", "up_to", "about")
        assert datetime.date.fromisoformat(r["as_of_valid"]) == datetime.date(2013, 12, 31)
        assert r["consistent"] in ("true", "false")
        if r["readiness_upper"]:
            float(r["readiness_upper"])
with open("e.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
    assert len(rows) == 388 and list(rows[0].keys()) == {e:?}
    for r in rows:
        int(r["id"])
        datetime.date.fromisoformat(r["effective_first_day"])
        datetime.datetime.fromisoformat(r["recorded"].replace("Z", "+00:00"))
print("ok", len(rows))
"#,
        h = HOLDINGS_COLUMNS,
        e = ENTRY_COLUMNS,
    );
    let o = Command::new("python3")
        .arg("-c")
        .arg(script)
        .current_dir(d)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "ok 388\n");
}

#[test]
fn import_sipri_takes_the_edition_date_when_the_export_lacks_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init", "j.jsonl"]);
    let before = bytes(&d.join("j.jsonl"));
    let text = std::fs::read_to_string(excerpt()).unwrap();
    let resaved: String = text
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("Data generated: "))
        .collect();
    std::fs::write(d.join("resaved.csv"), resaved).unwrap();
    fn import<'a>(file: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
        [
            &["import", "sipri", file, "--journal", "j.jsonl"][..],
            extra,
        ]
        .concat()
    }

    // Without the date: refused, with the hint, nothing written.
    let a = import("resaved.csv", &[]);
    let err = fails(d, &a, "", 1);
    assert!(
        err.contains("line 11") && err.contains("--edition-of DATE"),
        "{err}"
    );
    assert_eq!(bytes(&d.join("j.jsonl")), before);
    // A date that is not one: a usage error.
    let a = import("resaved.csv", &["--edition-of", "3 Jan 2025"]);
    fails(d, &a, "", 2);
    // The whole export with another date than its own: refused, nothing written.
    let whole = excerpt();
    let a = import(whole.to_str().unwrap(), &["--edition-of", "2024-12-09"]);
    let err = fails(d, &a, "", 1);
    assert!(
        err.contains("generated on 2025-01-03") && err.contains("edition given is 2024-12-09"),
        "{err}"
    );
    assert_eq!(bytes(&d.join("j.jsonl")), before);

    // With the date: the same import as the whole export's, citing that edition.
    let a = import("resaved.csv", &["--edition-of", "2025-01-03"]);
    let report = ok(d, &a);
    let (_, whole_report) = imported();
    assert_eq!(report.replace("j.jsonl", "ven.jsonl"), whole_report);
    // The whole export with its own date agrees: the same edition again appends nothing.
    let a = import(whole.to_str().unwrap(), &["--edition-of", "2025-01-03"]);
    let out = ok(d, &a);
    assert!(out.contains("appended no entry"), "{out}");
}

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

/// Checks that `svg` is well-formed enough: an XML declaration, then elements that open and
/// close in order under one `<svg>` root, quoted attributes. Returns the start tags.
fn svg_tags(svg: &str) -> Vec<String> {
    let body = svg
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("an XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut tags = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "{text}");
        for (at, _) in text.match_indices('&') {
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| text[at..].starts_with(e)),
                "{text}"
            );
        }
        let close = rest[open..].find('>').expect("a closed tag") + open;
        let tag = &rest[open + 1..close];
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else {
            let name = tag.split_whitespace().next().unwrap().trim_end_matches('/');
            if stack.is_empty() {
                assert!(tags.is_empty() && name == "svg", "one <svg> root: {tag}");
            }
            if !tag.ends_with('/') {
                stack.push(name.to_owned());
            }
            tags.push(tag.to_owned());
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(rest.trim(), "");
    tags
}

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
    assert_eq!(std::fs::read_to_string(d.join("b.svg")).unwrap(), svg);

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
    assert!(v.contains("entries      388"), "{v}");
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
