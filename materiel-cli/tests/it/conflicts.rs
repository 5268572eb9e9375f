//! `materiel conflicts`: a claim that disagrees with the recorded flows is listed, with its
//! bounds and the figures behind it; a resolution closes it from its recorded time on.

use std::path::Path;

use materiel::ledger::{Decision, Quantity};
use materiel::{Change, Count, EffectiveDate, Status};

use crate::support::{ok, record_json, ven_entry};

/// Records an illustrative entry of Venezuela's Igla-S in `c.jsonl`.
fn record(dir: &Path, date: EffectiveDate, change: Change, grade: &str, at: &str, note: &str) {
    let entry = ven_entry("igla-s", date, change, grade, at).with_note(note);
    record_json(dir, "c.jsonl", &entry);
}

#[test]
fn a_disagreement_is_listed_until_a_resolution_closes_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let d = dir.path();
    ok(d, &["init", "c.jsonl"]);
    let delivered = Change::Delivered {
        count: Count::about(4_000).expect("a count"),
        into: Status::Unknown,
        supplier: None,
        condition: Default::default(),
    };
    record(
        d,
        EffectiveDate::year(2012).unwrap(),
        delivered,
        "B3",
        "2025-01-01T00:00:00Z",
        "deliveries",
    );
    let claim = Change::Claimed {
        quantity: Quantity::Held,
        count: Count::at_least(5_000).expect("a count"),
    };
    record(
        d,
        EffectiveDate::day(2025, 10, 22).unwrap(),
        claim,
        "C3",
        "2025-10-23T00:00:00Z",
        "a speech",
    );

    let table = ok(d, &["conflicts", "VEN", "--journal", "c.jsonl"]);
    assert!(table.contains("1 conflict, widest first"), "{table}");
    assert!(
        table.starts_with("Open conflicts of Venezuela (VEN), "),
        "{table}"
    );
    assert!(table.contains("4000.. (no upper limit)"), "{table}");
    assert!(
        table.contains("5000.. (no upper limit): claimed >=5000 (C3), illustrative on 2025-10-22"),
        "{table}"
    );
    assert!(table.contains("4000: recorded flows (B3)"), "{table}");

    let csv = ok(d, &["conflicts", "--journal", "c.jsonl", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "holder,platform,quantity,lower,upper,point,support,entry,source_citation,source_grade,effective,stated"
        )
    );
    assert_eq!(
        lines.next(),
        Some("VEN,Igla-S,held,4000,,4000,flows,,,B3,2012,~4000")
    );
    assert_eq!(
        lines.next(),
        Some("VEN,Igla-S,held,4000,,4000,claimed,1,illustrative,C3,2025-10-22,>=5000")
    );

    let keep = Change::Resolved {
        quantity: Quantity::Held,
        decision: Decision::KeepRange,
    };
    record(
        d,
        EffectiveDate::day(2025, 11, 1).unwrap(),
        keep,
        "B2",
        "2025-11-02T00:00:00Z",
        "no count since",
    );
    let after = ok(d, &["conflicts", "VEN", "--journal", "c.jsonl"]);
    assert!(after.contains("(no open conflict in this view)"), "{after}");
    let before = ok(
        d,
        &[
            "conflicts",
            "VEN",
            "--journal",
            "c.jsonl",
            "--known-at",
            "2025-11-01T00:00:00Z",
        ],
    );
    assert!(before.contains("1 conflict"), "{before}");
    let json = ok(
        d,
        &[
            "conflicts",
            "--journal",
            "c.jsonl",
            "--format",
            "json",
            "--known-at",
            "2025-11-01T00:00:00Z",
        ],
    );
    let first: serde_json::Value =
        serde_json::from_str(json.lines().next().expect("a line")).expect("JSON");
    assert_eq!(first["lower"], 4000);
    assert_eq!(first["upper"], serde_json::Value::Null);
}
