//! Ledger snapshots: round trips, errors naming the entry, checksums, unknown keys.

use materiel::journal::SnapshotError;
use materiel::{AsOf, Catalog, Ledger, PlatformRef};

use crate::journal::{expected, holder, varied_entries};

#[test]
fn snapshot_round_trip_preserves_entries_and_answers() {
    let entries = varied_entries(200, 21);
    let exp = expected(&entries);
    let mut ledger = Ledger::new(Catalog::reference());
    for e in &entries {
        ledger.append(e.clone()).expect("append");
    }
    let json = ledger.to_snapshot_json();
    let back = Ledger::from_snapshot_json(&json, Catalog::reference()).expect("load");
    assert_eq!(back.entries().collect::<Vec<_>>(), exp.entries);
    let ven = holder("VEN");
    let su = PlatformRef::catalog("su-30mk2").expect("id");
    for year in [2004, 2010, 2015, 2020, 2026] {
        let at = AsOf::valid(jiff::civil::date(year, 6, 1));
        assert_eq!(back.all_holdings(&at), ledger.all_holdings(&at));
        assert_eq!(back.lot(&ven, &su, &at), ledger.lot(&ven, &su, &at));
        assert_eq!(
            back.timeline(&ven, &su, &at),
            ledger.timeline(&ven, &su, &at)
        );
    }
    assert_eq!(back.to_snapshot_json(), json);

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("snap.json");
    ledger.save_snapshot(&path).expect("save");
    let loaded = Ledger::load_snapshot(&path, Catalog::reference()).expect("load");
    assert_eq!(loaded.entries().collect::<Vec<_>>(), exp.entries);
}

#[test]
fn snapshot_errors_name_the_entry_index() {
    let entries = varied_entries(5, 4);
    let mut ledger = Ledger::new(Catalog::reference());
    for e in &entries {
        ledger.append(e.clone()).expect("append");
    }
    let json = ledger.to_snapshot_json();
    // Swap entries 1 and 2: ids no longer match positions.
    let mut lines: Vec<String> = json.lines().map(str::to_owned).collect();
    let (a, b) = (
        lines[2].trim_end_matches(',').to_owned(),
        lines[3].trim_end_matches(',').to_owned(),
    );
    lines[2] = format!("{b},");
    lines[3] = format!("{a},");
    let err =
        Ledger::from_snapshot_json(&lines.join("\n"), Catalog::reference()).expect_err("swapped");
    assert!(
        matches!(err, SnapshotError::Entry { index: 1, .. }),
        "{err}"
    );
    // Rejected by the ledger: an empty catalog.
    let err = Ledger::from_snapshot_json(&json, Catalog::new()).expect_err("rejected");
    assert!(
        matches!(
            err,
            SnapshotError::Entry {
                ledger: Some(_),
                ..
            }
        ),
        "{err}"
    );
    for bad in ["", "{}", "[]", r#"{"format":"x","version":1,"entries":[]}"#] {
        let err = Ledger::from_snapshot_json(bad, Catalog::reference()).expect_err("bad");
        assert!(matches!(err, SnapshotError::Invalid { .. }), "{err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots are checksummed.

#[test]
fn a_hand_edited_snapshot_is_an_error_naming_the_entry() {
    let entries = varied_entries(20, 71);
    let mut ledger = Ledger::new(Catalog::reference());
    for e in &entries {
        ledger.append(e.clone()).expect("append");
    }
    let json = ledger.to_snapshot_json();
    // Change one delivered count, keeping the entry valid.
    let lines: Vec<&str> = json.lines().collect();
    let (i, line) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("\"kind\":\"delivered\"") && l.contains("\"value\":"))
        .expect("a delivery");
    let at = line.find("\"value\":").expect("value") + "\"value\":".len();
    let digit = line.as_bytes()[at];
    let other = if digit == b'9' {
        '8'
    } else {
        (digit + 1) as char
    };
    let edited_line = format!("{}{}{}", &line[..at], other, &line[at + 1..]);
    let mut edited = lines.clone();
    edited[i] = &edited_line;
    let text = edited.join("\n");
    let err = Ledger::from_snapshot_json(&text, Catalog::reference()).expect_err("edited");
    assert!(
        matches!(err, SnapshotError::Entry { index, .. } if index == i - 1),
        "{err}"
    );

    // Dropping the last entry (and fixing up the comma) is caught too.
    let mut short: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let last = short.len() - 2;
    short.remove(last);
    let prev = short[last - 1].trim_end_matches(',').to_owned();
    short[last - 1] = prev;
    let err = Ledger::from_snapshot_json(&short.join("\n"), Catalog::reference())
        .expect_err("an entry short");
    assert!(
        matches!(
            err,
            SnapshotError::Invalid { .. } | SnapshotError::Entry { .. }
        ),
        "{err}"
    );
}

#[test]
fn snapshot_wrappers_deny_unknown_fields() {
    let ledger = Ledger::new(Catalog::reference());
    let json = ledger.to_snapshot_json();
    let extra = json.replacen('{', "{\"comment\":\"hi\",", 1);
    let err = Ledger::from_snapshot_json(&extra, Catalog::reference()).expect_err("unknown");
    assert!(matches!(err, SnapshotError::Invalid { .. }), "{err}");
}
