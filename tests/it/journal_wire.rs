//! The journal's version-1 wire form is pinned: `tests/data/journal-v1.jsonl` was written by
//! `materiel` before the wire form was split from the public types, and must read, and write
//! back, byte for byte.

use materiel::journal::{JOURNAL_VERSION, JournalOptions};
use materiel::ledger::LossCause;
use materiel::{Catalog, Change, Journal, Ledger, PlatformRef};

const V1: &[u8] = include_bytes!("../data/journal-v1.jsonl");

#[test]
fn version_1_fixture_replays_every_change_kind() {
    assert_eq!(JOURNAL_VERSION, 1);
    let replay = Journal::read_from(V1, Catalog::reference(), &JournalOptions::new())
        .expect("the v1 fixture replays");
    assert!(replay.recovery.is_none());
    assert_eq!(replay.intact_bytes, V1.len() as u64);
    let ledger = replay.ledger;
    assert_eq!(ledger.len(), 18);
    let mut kinds: Vec<&str> = ledger.entries().map(|e| e.change().name()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "assessed",
            "delivered",
            "expended",
            "lost",
            "observed",
            "ordered",
            "requested",
            "retired",
            "retracted",
            "status_changed",
            "transferred"
        ]
    );
    let captured = ledger.entries().nth(6).expect("entry 6");
    assert!(matches!(
        captured.change(),
        Change::Lost { cause: LossCause::Captured { by: Some(h) }, .. } if h.as_str() == "COL"
    ));
    let note = ledger.entries().nth(5).expect("entry 5");
    assert_eq!(note.note(), Some("crash\nduring training"));
    let generic = ledger.entries().nth(15).expect("entry 15");
    match generic.platform() {
        PlatformRef::Generic(g) => assert_eq!(g.designation(), "JY-27A radar \"Wide Mat\" \u{e9}"),
        other => panic!("expected a generic platform, got {other}"),
    }
    let source = ledger.entries().nth(1).expect("entry 1");
    assert_eq!(source.source().url(), Some("https://example.org/a"));
}

#[test]
fn version_1_fixture_writes_back_byte_for_byte() {
    let ledger = Journal::read_from(V1, Catalog::reference(), &JournalOptions::new())
        .expect("replays")
        .ledger;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("again.jsonl");
    let mut journal =
        Journal::create(&path, Catalog::reference(), &JournalOptions::new()).expect("create");
    for entry in ledger.entries() {
        journal.append(entry.content().clone()).expect("append");
    }
    drop(journal);
    let written = std::fs::read(&path).expect("read");
    assert_eq!(
        String::from_utf8_lossy(&written),
        String::from_utf8_lossy(V1),
        "the v1 wire form changed"
    );
}

#[test]
fn snapshot_entries_use_the_same_wire_form() {
    let ledger = Journal::read_from(V1, Catalog::reference(), &JournalOptions::new())
        .expect("replays")
        .ledger;
    let snapshot = ledger.to_snapshot_json();
    let journal_lines: Vec<&str> = std::str::from_utf8(V1)
        .expect("utf-8")
        .lines()
        .skip(1)
        .collect();
    let snapshot_lines: Vec<&str> = snapshot
        .lines()
        .skip(1)
        .take(journal_lines.len())
        .map(|l| l.trim_end_matches(','))
        .collect();
    assert_eq!(snapshot_lines, journal_lines);
    let back = Ledger::from_snapshot_json(&snapshot, Catalog::reference()).expect("loads");
    assert_eq!(back.to_snapshot_json(), snapshot);
}
