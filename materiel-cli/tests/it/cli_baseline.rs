//! End-to-end: `materiel import baseline`, its report, a strict import with a bad row that
//! writes nothing, and a baseline's claims in `materiel conflicts`.

use std::path::PathBuf;

use crate::support::*;

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data/baseline-example.csv")
}

#[test]
fn a_baseline_table_imports_as_claims_with_its_report() {
    let (dir, _) = imported();
    let d = dir.path();
    let table = example();
    let args = [
        "import",
        "baseline",
        table.to_str().unwrap(),
        "--journal",
        "ven.jsonl",
        "--recorded",
        "2025-07-20T00:00:00Z",
    ];
    let report = ok(d, &args);
    for needle in [
        "baseline table",
        "recorded at        2025-07-20T00:00:00Z",
        "rows read          6",
        "rows rejected      0",
        "entries created    6 (6 claims of the count held, 6 lots)",
        "appended 6 entries",
    ] {
        assert!(report.contains(needle), "{needle}:\n{report}");
    }
    // The baseline's 21 Su-30MK2 against SIPRI's 24 delivered: an open conflict.
    let conflicts = ok(d, &["conflicts", "VEN", "--journal", "ven.jsonl"]);
    assert!(conflicts.contains("Su-30MK2"), "{conflicts}");
    assert!(
        conflicts.contains("ILLUSTRATIVE baseline table"),
        "{conflicts}"
    );
}

#[test]
fn a_strict_baseline_import_with_a_bad_row_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init", "j.jsonl"]);
    let before = bytes(&d.join("j.jsonl"));
    std::fs::write(
        d.join("mine.csv"),
        "holder,platform,date,count,qualifier,source,grade\n\
         VEN,Su-30MK2,2024-11,21,,a table,B2\n\
         VEN,Su-30MK2,2024-11,21,roughly,a table,B2\n",
    )
    .unwrap();
    let args = ["import", "baseline", "mine.csv", "--journal", "j.jsonl"];
    let err = fails(d, &[&args[..], &["--strict"]].concat(), "", 3);
    assert!(
        err.contains("mine.csv: line 3, field `qualifier`, value \"roughly\"")
            && err.contains("nothing written"),
        "{err}"
    );
    assert_eq!(bytes(&d.join("j.jsonl")), before);
    // Not a baseline table: exit 1, nothing written.
    std::fs::write(d.join("junk.csv"), "a,b\n1,2\n").unwrap();
    let err = fails(
        d,
        &["import", "baseline", "junk.csv", "--journal", "j.jsonl"],
        "",
        1,
    );
    assert!(err.contains("junk.csv, line 1: header column 1"), "{err}");
    assert_eq!(bytes(&d.join("j.jsonl")), before);
    // Lenient: the bad row is reported and skipped, the other imported.
    let o = run(d, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("rejected: line 3, field `qualifier`"), "{out}");
    assert!(out.contains("appended 1 entry"), "{out}");
    assert!(stderr(&o).contains("1 row rejected"), "{}", stderr(&o));
}
