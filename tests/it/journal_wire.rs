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

// ---------------------------------------------------------------------------------------------
// Objects only: serde's derive also reads a struct (and an internally tagged enum) from a JSON
// array of its field values in order. No input has that form; every reader refuses it.

/// An entry with a change, a count, a source and a loss cause, in the public JSON form.
const ENTRY: &str = r#"{"holder":"VEN","platform":"su-30mk2","effective":"2006","recorded":"2025-01-01T00:00:00Z","change":{"kind":"lost","count":{"value":2},"from":"operational","cause":{"cause":"destroyed"}},"source":{"citation":"x","grade":"B2"}}"#;

/// The places of `ENTRY` where an object is replaced by its sequence form.
const AS_SEQUENCES: [(&str, &str); 5] = [
    (r#"{"citation":"x","grade":"B2"}"#, r#"["x","B2"]"#),
    (r#"{"value":2}"#, "[2]"),
    (r#"{"cause":"destroyed"}"#, r#"["destroyed"]"#),
    (
        r#"{"kind":"lost","count":{"value":2},"from":"operational","cause":{"cause":"destroyed"}}"#,
        r#"["lost",{"value":2},"operational",{"cause":"destroyed"}]"#,
    ),
    (
        r#""platform":"su-30mk2""#,
        r#""platform":{"designation":"radar","kind":"generic"}"#,
    ),
];

fn sequence_refused(result: Result<impl std::fmt::Debug, impl std::fmt::Display>, what: &str) {
    match result {
        Ok(v) => panic!("{what}: the sequence form was read: {v:?}"),
        Err(e) => assert!(
            e.to_string().contains("invalid type: sequence"),
            "{what}: {e}"
        ),
    }
}

#[test]
fn entries_refuse_the_sequence_form() {
    use materiel::ledger::{GenericPlatform, LossCause};
    use materiel::{Count, Entry, NewEntry, Source};
    serde_json::from_str::<NewEntry>(ENTRY).expect("the object form reads");
    for (object, sequence) in &AS_SEQUENCES[..4] {
        let text = ENTRY.replace(object, sequence);
        sequence_refused(serde_json::from_str::<NewEntry>(&text), sequence);
        let with_id = text.replacen('{', r#"{"id":0,"#, 1);
        sequence_refused(serde_json::from_str::<Entry>(&with_id), sequence);
    }
    // The generic platform (an object) reads; as a sequence it is refused.
    let generic = ENTRY.replace(AS_SEQUENCES[4].0, AS_SEQUENCES[4].1);
    serde_json::from_str::<NewEntry>(&generic).expect("a generic platform reads");
    let values: serde_json::Value = serde_json::from_str(ENTRY).expect("json");
    let whole: Vec<&serde_json::Value> = values.as_object().expect("object").values().collect();
    let whole = serde_json::to_string(&whole).expect("json");
    sequence_refused(serde_json::from_str::<NewEntry>(&whole), "a whole entry");
    sequence_refused(serde_json::from_str::<Source>(r#"["x","B2"]"#), "source");
    sequence_refused(serde_json::from_str::<Count>("[2]"), "count");
    sequence_refused(serde_json::from_str::<Count>(r#"[2,"about"]"#), "count");
    sequence_refused(
        serde_json::from_str::<LossCause>(r#"["captured","UKR"]"#),
        "cause",
    );
    sequence_refused(
        serde_json::from_str::<Change>(r#"["opening_unknown"]"#),
        "change",
    );
    sequence_refused(
        serde_json::from_str::<GenericPlatform>(r#"["radar","generic"]"#),
        "generic platform",
    );
    sequence_refused(
        serde_json::from_str::<PlatformRef>(r#"["radar","generic"]"#),
        "platform",
    );
}

/// The header line of a version-1 journal.
const HEADER: &str =
    "{\"crc32c\":\"bde17529\",\"header\":{\"format\":\"materiel-journal\",\"version\":1}}\n";

/// `payload` framed as an entry line with its right checksum, newline excluded.
fn line(payload: &str) -> String {
    format!(
        "{{\"crc32c\":\"{:08x}\",\"entry\":{payload}}}",
        crate::journal::crc32c(payload.as_bytes())
    )
}

/// A delivery that `ENTRY`'s loss takes from, as entry 0's payload.
fn delivery() -> String {
    ENTRY.replacen('{', r#"{"id":0,"#, 1).replace(
        r#""kind":"lost","count":{"value":2},"from":"operational","cause":{"cause":"destroyed"}"#,
        r#""kind":"delivered","count":{"value":2},"into":"operational""#,
    )
}

/// Entry 1's payloads, each with one object in the sequence form.
fn sequence_payloads() -> Vec<(String, &'static str)> {
    let with_id = ENTRY.replacen('{', r#"{"id":1,"#, 1);
    let mut payloads: Vec<(String, &str)> = AS_SEQUENCES[..4]
        .iter()
        .map(|(object, sequence)| (with_id.replace(object, sequence), *sequence))
        .collect();
    payloads.push((
        with_id
            .replace(AS_SEQUENCES[4].0, r#""platform":["radar","generic"]"#)
            .clone(),
        "generic platform",
    ));
    payloads
}

#[test]
fn journal_lines_and_snapshots_refuse_the_sequence_form() {
    use materiel::codec::{CodecError, decode_entry_line};
    use materiel::journal::JournalError;
    // The object form, framed, reads.
    let first = line(&delivery());
    let good = line(&ENTRY.replacen('{', r#"{"id":1,"#, 1));
    decode_entry_line(good.as_bytes()).expect("the object form reads");
    let journal = format!("{HEADER}{first}\n{good}\n");
    let replay = Journal::read_from(
        journal.as_bytes(),
        Catalog::reference(),
        &JournalOptions::new(),
    )
    .expect("replays");
    assert_eq!(replay.ledger.len(), 2);
    let snapshot = replay.ledger.to_snapshot_json();
    let good_frame = snapshot
        .lines()
        .nth(2)
        .expect("entry 1")
        .trim_end_matches(',');
    assert_eq!(good_frame, good);

    for (payload, what) in sequence_payloads() {
        let bad = line(&payload);
        let err = decode_entry_line(bad.as_bytes()).expect_err(what);
        assert!(
            matches!(&err, CodecError::Invalid { message } if message.contains("invalid type: sequence")),
            "{what}: {err}"
        );
        // In a journal: an error naming line 3.
        let journal = format!("{HEADER}{first}\n{bad}\n");
        let err = Journal::read_from(
            journal.as_bytes(),
            Catalog::reference(),
            &JournalOptions::new(),
        )
        .expect_err(what);
        assert!(
            matches!(err, JournalError::Json { line: 3, .. })
                && err.to_string().contains("sequence"),
            "{what}: {err}"
        );
        // In a snapshot, with its own checksum right.
        let text = snapshot.replacen(good_frame, &bad, 1);
        let err = Ledger::from_snapshot_json(&text, Catalog::reference()).expect_err(what);
        assert_eq!(err.index(), Some(1), "{what}: {err}");
        assert!(
            err.to_string().contains("invalid type: sequence"),
            "{what}: {err}"
        );
    }
    // The frame of a snapshot entry, and a journal's header, are objects too.
    let payload =
        &good_frame[good_frame.find("\"entry\":").expect("entry") + 8..good_frame.len() - 1];
    let crc = &good_frame[11..19];
    let as_sequence = format!("[\"{crc}\",{payload}]");
    let text = snapshot.replacen(good_frame, &as_sequence, 1);
    let err = Ledger::from_snapshot_json(&text, Catalog::reference()).expect_err("sequence");
    assert_eq!(err.index(), Some(1), "{err}");
    assert!(err.to_string().contains("invalid type: sequence"), "{err}");
    let header = "[\"materiel-journal\",1]";
    let journal = format!(
        "{{\"crc32c\":\"{:08x}\",\"header\":{header}}}\n",
        crate::journal::crc32c(header.as_bytes())
    );
    let err = Journal::read_from(
        journal.as_bytes(),
        Catalog::reference(),
        &JournalOptions::new(),
    )
    .expect_err("a sequence header");
    assert!(
        matches!(err, JournalError::Header { .. }) && err.to_string().contains("sequence"),
        "{err}"
    );
}
