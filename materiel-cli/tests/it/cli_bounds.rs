//! `materiel lot` and `materiel holdings` show the bounds of a count held where a claim
//! disagrees with the recorded flows, and the resolution's figure once one is in effect;
//! as known before the claim, no bounds. Illustrative figures (the Su-30MK2 case):
//! 24 delivered (B2) against a C3 claim of 21 held.

use std::path::Path;

use materiel::ledger::{Decision, Quantity};
use materiel::{Change, Count, EffectiveDate, EntryId, Status};

use crate::support::{ok, record_json, ven_entry};

/// Records an illustrative entry of Venezuela's Su-30MK2 in `b.jsonl`.
fn record(dir: &Path, date: EffectiveDate, change: Change, grade: &str, at: &str, note: &str) {
    let entry = ven_entry("su-30mk2", date, change, grade, at).with_note(note);
    record_json(dir, "b.jsonl", &entry);
}

/// A journal with 24 delivered in 2008 (B2, recorded 2025-01-01) and a claim of 21 held on
/// 2023-07-03 (C3, recorded 2025-02-01): entries 0 and 1.
fn journal(d: &Path) {
    ok(d, &["init", "b.jsonl"]);
    let delivered = Change::Delivered {
        count: Count::exact(24).unwrap(),
        into: Status::Unknown,
        supplier: None,
        condition: Default::default(),
    };
    let claim = Change::Claimed {
        quantity: Quantity::Held,
        count: Count::exact(21).unwrap(),
    };
    let d8 = EffectiveDate::year(2008).unwrap();
    record(d, d8, delivered, "B2", "2025-01-01T00:00:00Z", "deliveries");
    let d23 = EffectiveDate::day(2023, 7, 3).unwrap();
    record(d, d23, claim, "C3", "2025-02-01T00:00:00Z", "a report");
}

fn resolve(d: &Path) {
    let pick = Change::Resolved {
        quantity: Quantity::Held,
        decision: Decision::Pick {
            entry: EntryId::new(1),
        },
    };
    let date = EffectiveDate::day(2025, 3, 1).unwrap();
    record(
        d,
        date,
        pick,
        "B2",
        "2025-03-02T00:00:00Z",
        "three crashes since 2008",
    );
}

fn lot(d: &Path, extra: &[&str]) -> String {
    let mut args = vec!["lot", "VEN", "su-30mk2", "--journal", "b.jsonl"];
    args.extend(extra);
    ok(d, &args)
}

fn holdings(d: &Path, extra: &[&str]) -> String {
    let mut args = vec!["holdings", "VEN", "--journal", "b.jsonl"];
    args.extend(extra);
    ok(d, &args)
}

#[test]
fn a_claim_widens_the_lot_and_the_resolution_picks_its_figure() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    journal(d);

    let before = lot(d, &[]);
    assert!(
        before.contains("held: 21..24, point 24 (grade then recency)"),
        "{before}"
    );
    assert!(before.contains("flows"), "{before}");
    assert!(before.contains("claimed"), "{before}");
    assert!(!before.contains("resolution in effect"), "{before}");

    resolve(d);
    let after = lot(d, &[]);
    assert!(
        after.contains("held: 21..24, point 21 (resolved)"),
        "{after}"
    );
    assert!(
        after.contains(
            "resolution in effect: entry 2 picks #1 (illustrative, B2, 2025-03-01): three \
             crashes since 2008"
        ),
        "{after}"
    );
    // As known before the resolution, the default policy's point again.
    let known = lot(d, &["--known-at", "2025-03-01T00:00:00Z"]);
    assert!(
        known.contains("held: 21..24, point 24 (grade then recency)"),
        "{known}"
    );
    // As known before the claim, the flows alone: no bounds.
    let early = lot(d, &["--known-at", "2025-01-15T00:00:00Z"]);
    assert!(!early.contains("held:"), "{early}");

    let csv = lot(d, &["--format", "csv"]);
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.ends_with(",bounds_lower,bounds_upper,bounds_point"),
        "{header}"
    );
    assert_eq!(lines.clone().count(), 3, "{csv}");
    assert!(lines.all(|l| l.ends_with(",21,24,21")), "{csv}");
    let json = lot(
        d,
        &["--format", "json", "--known-at", "2025-01-15T00:00:00Z"],
    );
    let row: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(row["bounds_lower"], serde_json::Value::Null, "{json}");
}

#[test]
fn holdings_show_bounds_only_where_they_say_more_than_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    journal(d);

    let table = holdings(d, &[]);
    assert!(table.contains("bounds"), "{table}");
    assert!(
        table.contains("21..24, point 24 (grade then recency)"),
        "{table}"
    );
    let early = holdings(d, &["--known-at", "2025-01-15T00:00:00Z"]);
    let header = early.lines().find(|l| l.starts_with("| platform")).unwrap();
    assert!(!header.contains("bounds"), "{early}");

    resolve(d);
    let table = holdings(d, &[]);
    assert!(table.contains("21..24, point 21 (resolved)"), "{table}");

    let csv = holdings(d, &["--format", "csv"]);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",bounds_lower,bounds_upper,bounds_point"),
        "{csv}"
    );
    assert!(lines.next().unwrap().ends_with(",21,24,21"), "{csv}");
    let early = holdings(
        d,
        &["--format", "csv", "--known-at", "2025-01-15T00:00:00Z"],
    );
    assert!(early.lines().nth(1).unwrap().ends_with(",,,"), "{early}");

    let json = holdings(d, &["--format", "json"]);
    let row: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(row["platform"], "su-30mk2", "{json}");
    assert_eq!(row["in_service"], 24, "{json}");
    assert_eq!(
        (
            &row["bounds_lower"],
            &row["bounds_upper"],
            &row["bounds_point"]
        ),
        (
            &serde_json::Value::from(21),
            &serde_json::Value::from(24),
            &serde_json::Value::from(21)
        ),
        "{json}"
    );
}
