//! The PostgreSQL store against a real server: set `MATERIEL_TEST_PG` to a database URL
//! (`.ci/run` starts one); the tests are ignored without `--ignored`. Checkpoints, schema
//! migrations and the writers' summary are in `postgres_checkpoint.rs`. Each test works in
//! a schema of its own, dropped at the end, so the tests run in parallel in one database.
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used)]

use crate::support::history;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::pg::Db;
use jiff::Timestamp;
use materiel::journal::{Journal, JournalOptions};
use materiel::ledger::{LedgerError, LossCause};
use materiel::postgres::{PgError, PgOptions, PgStore, SCHEMA_VERSION};
use materiel::{Catalog, Change, Count, EffectiveDate, EntryId, NewEntry, PlatformRef, Status};
use proptest::prelude::*;

pub(crate) fn at(hour: i64) -> Timestamp {
    history::t0()
        .checked_add(jiff::SignedDuration::from_hours(hour))
        .unwrap()
}

pub(crate) fn su30() -> PlatformRef {
    PlatformRef::catalog("su-30mk2").unwrap()
}

pub(crate) fn delivered(count: u64, hour: i64) -> NewEntry {
    NewEntry::new(
        history::holder("VEN"),
        su30(),
        EffectiveDate::year(2006).unwrap(),
        Change::Delivered {
            count: Count::exact(count).unwrap(),
            into: Status::Operational,
            supplier: None,
            condition: Default::default(),
        },
        history::source("B2"),
        at(hour),
    )
}

pub(crate) fn lost(count: u64, hour: i64) -> NewEntry {
    NewEntry::new(
        history::holder("VEN"),
        su30(),
        EffectiveDate::year(2010).unwrap(),
        Change::Lost {
            count: Count::exact(count).unwrap(),
            from: Status::Operational,
            cause: LossCause::Destroyed,
        },
        history::source("C3"),
        at(hour),
    )
}

/// The ledger as JSON: equal JSON, equal entries, so equal ledgers.
pub(crate) fn json(store: &PgStore) -> String {
    store.ledger().to_snapshot_json()
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn create_append_open_round_trip() {
    let db = Db::new("round_trip");
    let mut a = db.create();
    assert_eq!(a.append(delivered(4, 0)).unwrap(), EntryId::new(0));
    assert_eq!(
        a.extend([delivered(2, 1), lost(1, 2).with_note("a note")])
            .unwrap(),
        1..3
    );
    assert_eq!(a.extend([]).unwrap(), 3..3);
    assert_eq!((a.len(), a.sequence()), (3, 3));
    let b = db.open();
    assert_eq!(json(&b), json(&a));
    assert_eq!(db.row_count(), 3);
    // The stored lines are the journal's, and carry the writer.
    let writer: String = db
        .client()
        .query_one(
            &format!("SELECT writer FROM {}.entries WHERE seq = 2", db.schema),
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(writer, a.writer());

    // A second create in the same schema is refused, and changes nothing.
    let err = PgStore::create(&db.url, Catalog::reference(), &db.options()).unwrap_err();
    assert!(matches!(err, PgError::Exists { .. }), "{err}");
    assert_eq!(db.row_count(), 3);
    // Opening a schema with no ledger says so (and creates nothing).
    let none = PgOptions::new().schema(format!("{}_none", db.schema));
    let err = PgStore::open(&db.url, &none).unwrap_err();
    assert!(matches!(err, PgError::NoLedger { .. }), "{err}");
    // Bad schema names never reach SQL.
    let err = PgStore::open(&db.url, &PgOptions::new().schema("x\"; DROP")).unwrap_err();
    assert!(matches!(err, PgError::SchemaName { .. }), "{err}");
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn the_catalog_comes_from_the_database() {
    let db = Db::new("catalog");
    let json = Catalog::reference().to_json();
    let small = Catalog::from_json(&json.replace("su-30mk2", "su-30x")).unwrap();
    let mut a = PgStore::create(&db.url, small.clone(), &db.options()).unwrap();
    // su-30mk2 is not in this ledger's catalog: every writer refuses it.
    let err = a.append(delivered(1, 0)).unwrap_err();
    assert!(
        matches!(err, PgError::Ledger(LedgerError::UnknownPlatform { .. })),
        "{err}"
    );
    let mut b = db.open();
    assert_eq!(b.ledger().catalog(), &small);
    let err = b.append(delivered(1, 0)).unwrap_err();
    assert!(matches!(err, PgError::Ledger(_)), "{err}");
    assert_eq!(db.row_count(), 0);
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn a_rejected_append_leaves_the_database_unchanged() {
    let db = Db::new("rejected");
    let mut a = db.create();
    a.append(delivered(2, 0)).unwrap();
    let before = db.lines();
    let err = a.append(lost(3, 1)).unwrap_err();
    assert!(
        matches!(err, PgError::Ledger(LedgerError::NegativeCount { .. })),
        "{err}"
    );
    let err = a
        .extend([delivered(1, 1), lost(9, 2), delivered(1, 3)])
        .unwrap_err();
    match err {
        PgError::Batch(e) => assert_eq!(e.index, 1),
        other => panic!("expected a batch error, got {other}"),
    }
    assert_eq!(db.lines(), before);
    assert_eq!(a.len(), 1);
    // The store is still usable.
    assert_eq!(a.append(lost(2, 4)).unwrap(), EntryId::new(1));
    assert_eq!(db.row_count(), 2);
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn recorded_time_never_goes_backwards_across_writers() {
    let db = Db::new("recorded");
    let mut a = db.create();
    let mut b = db.open();
    a.append(delivered(2, 10)).unwrap();
    // B has not seen A's entry; appending catches up first, then refuses.
    assert_eq!(b.len(), 0);
    let err = b.append(delivered(1, 5)).unwrap_err();
    assert!(
        matches!(err, PgError::Ledger(LedgerError::RecordedOutOfOrder { .. })),
        "{err}"
    );
    assert_eq!(b.len(), 1, "B caught up");
    assert_eq!(db.row_count(), 1);
    assert_eq!(b.append(delivered(1, 11)).unwrap(), EntryId::new(1));
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn a_loss_recorded_first_by_one_writer_makes_the_other_fail() {
    let db = Db::new("race");
    let mut a = db.create();
    a.append(delivered(2, 0)).unwrap();
    let mut b = db.open();
    // Both see two aircraft; A records the loss of both first.
    a.append(lost(2, 1)).unwrap();
    let err = b.append(lost(1, 2)).unwrap_err();
    assert!(
        matches!(err, PgError::Ledger(LedgerError::NegativeCount { .. })),
        "{err}"
    );
    assert_eq!(db.row_count(), 2);
    assert_eq!(json(&b), json(&a));
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn retractions_go_through_the_database() {
    let db = Db::new("retract");
    let mut a = db.create();
    a.append(delivered(2, 0)).unwrap();
    let mut b = db.open();
    a.append(delivered(3, 1)).unwrap();
    // B retracts A's second entry, which it has not loaded yet.
    let id = b
        .retract(
            EntryId::new(1),
            history::source("A1"),
            at(2),
            Some("double count".into()),
        )
        .unwrap();
    assert_eq!(id, EntryId::new(2));
    let err = a
        .retract(EntryId::new(1), history::source("A1"), at(3), None)
        .unwrap_err();
    assert!(
        matches!(err, PgError::Ledger(LedgerError::AlreadyRetracted { .. })),
        "{err}"
    );
    let err = a
        .retract(EntryId::new(9), history::source("A1"), at(3), None)
        .unwrap_err();
    assert!(
        matches!(err, PgError::Ledger(LedgerError::UnknownEntry { .. })),
        "{err}"
    );
    let c = db.open();
    assert_eq!(json(&c), json(&a));
    assert_eq!(json(&c), json(&b));
    assert_eq!(db.row_count(), 3);
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn journal_to_database_to_journal_is_lossless() {
    let db = Db::new("copy");
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("source.journal");
    let mut journal = Journal::create(&src, Catalog::reference(), &JournalOptions::new()).unwrap();
    let mut ledger = materiel::Ledger::new(Catalog::reference());
    let mut clock = history::t0();
    let ops: Vec<history::Op> = {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        history::ops_s(80).new_tree(&mut runner).unwrap().current()
    };
    for entry in history::accepted(&mut ledger, &ops, &mut clock) {
        journal.append(entry).unwrap();
    }
    // A line with a backslash and a tab escape, for COPY's text format.
    journal
        .append(delivered(1, 10_000).with_note("tab\there \\ \"quoted\"\nnext"))
        .unwrap();
    let entries = journal.ledger().len();
    drop(journal);

    let mut store =
        PgStore::copy_from_journal(&src, Catalog::reference(), &db.url, &db.options()).unwrap();
    assert_eq!(store.len(), entries);
    assert_eq!(db.row_count(), entries as i64);
    let source_text = std::fs::read_to_string(&src).unwrap();
    let body: Vec<&str> = source_text.lines().skip(1).collect();
    assert_eq!(db.lines(), body, "lines copied byte for byte");
    let reopened = db.open();
    assert_eq!(json(&reopened), json(&store));

    let back = dir.path().join("back.journal");
    assert_eq!(store.write_journal(&back).unwrap(), entries as u64);
    assert_eq!(std::fs::read(&back).unwrap(), source_text.as_bytes());
    let replayed = Journal::open(&back, Catalog::reference(), &JournalOptions::new()).unwrap();
    assert_eq!(replayed.ledger().to_snapshot_json(), json(&store));
    // Never over an existing file.
    let err = store.write_journal(&back).unwrap_err();
    assert!(matches!(err, PgError::Journal(_)), "{err}");
    // Copying into a schema that holds a ledger is refused.
    let err =
        PgStore::copy_from_journal(&src, Catalog::reference(), &db.url, &db.options()).unwrap_err();
    assert!(matches!(err, PgError::Exists { .. }), "{err}");
    assert_eq!(db.row_count(), entries as i64);
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn a_newer_database_schema_is_refused() {
    let db = Db::new("too_new");
    db.create();
    db.sql(&format!(
        "INSERT INTO {}.schema_version (version) VALUES ({})",
        db.schema,
        SCHEMA_VERSION + 1
    ));
    let err = PgStore::open(&db.url, &db.options()).unwrap_err();
    assert!(
        matches!(err, PgError::SchemaTooNew { found, supported, .. } if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION),
        "{err}"
    );
    assert!(err.to_string().contains("newer"), "{err}");
    let err = PgStore::create(&db.url, Catalog::reference(), &db.options()).unwrap_err();
    assert!(matches!(err, PgError::SchemaTooNew { .. }), "{err}");
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn entries_are_append_only() {
    let db = Db::new("append_only");
    let mut a = db.create();
    a.append(delivered(2, 0)).unwrap();
    let s = &db.schema;
    for sql in [
        format!("UPDATE {s}.entries SET writer = 'x'"),
        format!("DELETE FROM {s}.entries"),
        format!("TRUNCATE {s}.entries"),
        format!("DELETE FROM {s}.meta"),
    ] {
        let err = db.try_sql(&sql).unwrap_err();
        let message = err.as_db_error().map(|e| e.message().to_owned());
        assert!(
            message
                .as_deref()
                .is_some_and(|m| m.contains("append-only")),
            "{sql}: {message:?}"
        );
    }
    // A second row with the same sequence number is refused by the primary key.
    let err = db
        .try_sql(&format!(
            "INSERT INTO {s}.entries (seq, writer, token, line) SELECT seq, writer, 'dup', line FROM {s}.entries WHERE seq = 0"
        ))
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&postgres::error::SqlState::UNIQUE_VIOLATION),
        "{err}"
    );
    assert_eq!(db.row_count(), 1);
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn a_sequence_gap_is_detected_by_readers_and_writers() {
    let db = Db::new("gap");
    let mut a = db.create();
    a.append(delivered(2, 0)).unwrap();
    let s = &db.schema;
    db.sql(&format!(
        "INSERT INTO {s}.entries (seq, writer, token, line) SELECT 5, 'intruder', 'gap', line FROM {s}.entries WHERE seq = 0"
    ));
    let err = PgStore::open(&db.url, &db.options()).unwrap_err();
    assert!(
        matches!(
            err,
            PgError::Sequence {
                expected: 1,
                found: 5,
                ..
            }
        ),
        "{err}"
    );
    let err = a.append(delivered(1, 1)).unwrap_err();
    assert!(
        matches!(
            err,
            PgError::Sequence {
                expected: 1,
                found: 5,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(db.row_count(), 2);
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn a_damaged_or_misplaced_line_is_detected() {
    let db = Db::new("damaged");
    let mut a = db.create();
    a.append(delivered(2, 0)).unwrap();
    let s = &db.schema;
    // Seq 1 holds entry 0's line: its id is not its sequence number.
    db.sql(&format!(
        "INSERT INTO {s}.entries (seq, writer, token, line) SELECT 1, 'intruder', 'moved', line FROM {s}.entries WHERE seq = 0"
    ));
    let err = PgStore::open(&db.url, &db.options()).unwrap_err();
    assert!(matches!(err, PgError::Corrupt { seq: 1, .. }), "{err}");
    assert!(err.to_string().contains("carries id #0"), "{err}");

    let db = Db::new("crc");
    let mut a = db.create();
    a.append(delivered(2, 0)).unwrap();
    let s = &db.schema;
    // A flipped digit in the payload: the CRC-32C no longer matches.
    db.sql(&format!(
        "INSERT INTO {s}.entries (seq, writer, token, line) SELECT 1, 'intruder', 'flip', replace(replace(line, '\"id\":0', '\"id\":1'), '\"count\":2', '\"count\":3') FROM {s}.entries WHERE seq = 0"
    ));
    let err = PgStore::open(&db.url, &db.options()).unwrap_err();
    assert!(matches!(err, PgError::Corrupt { seq: 1, .. }), "{err}");
    assert!(err.to_string().contains("checksum"), "{err}");
    let err = a.refresh().unwrap_err();
    assert!(matches!(err, PgError::Corrupt { seq: 1, .. }), "{err}");
}

/// A stored line whose checksum holds but whose entry spells an object as a sequence of its
/// field values (`"source":["x","B2"]`, which serde's derive would read) is a corrupt row.
#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn a_row_with_the_sequence_form_is_corrupt() {
    for (name, object, sequence) in [
        (
            "sequence_source",
            r#"{"citation":"batch test","grade":"B2"}"#,
            r#"["batch test","B2"]"#,
        ),
        ("sequence_count", r#"{"value":2}"#, "[2]"),
    ] {
        let db = Db::new(name);
        let mut a = db.create();
        a.append(delivered(2, 0)).unwrap();
        let stored = db.lines()[0].clone();
        let payload = stored[stored.find("\"entry\":").unwrap() + 8..stored.len() - 1]
            .replace("\"id\":0", "\"id\":1");
        let bad = payload.replace(object, sequence);
        assert_ne!(bad, payload, "{object} is not in {payload}");
        let line = format!(
            "{{\"crc32c\":\"{:08x}\",\"entry\":{bad}}}",
            crate::journal::crc32c(bad.as_bytes())
        );
        let sql = format!(
            "INSERT INTO {}.entries (seq, writer, token, line) VALUES (1, 'intruder', 'seq', $1)",
            db.schema
        );
        db.client().execute(&sql, &[&line]).unwrap();
        let err = PgStore::open(&db.url, &db.options()).unwrap_err();
        assert!(
            matches!(err, PgError::Corrupt { seq: 1, .. }),
            "{name}: {err}"
        );
        assert!(
            err.to_string().contains("invalid type: sequence"),
            "{name}: {err}"
        );
        let err = a.refresh().unwrap_err();
        assert!(
            matches!(err, PgError::Corrupt { seq: 1, .. }),
            "{name}: {err}"
        );
    }
}

/// The store seam against the database: a copy from any store is byte for byte; one whose
/// source fails leaves no ledger; behind `DynStore` a store retracts, refuses and is shared.
#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn copies_into_the_database_come_from_any_store_and_fail_whole() {
    use crate::store::{Fault, Faulty, deliveries, fill};
    use materiel::store::{CopyError, LedgerStore, MemoryStore};

    let entries = deliveries(40);
    let mut memory = MemoryStore::new(Catalog::reference());
    fill(&mut memory, &entries).unwrap();
    let db = Db::new("copy_any");
    let mut store = PgStore::create_copy(&db.url, &mut memory, &db.options()).unwrap();
    let stored: Vec<Vec<u8>> = db.lines().into_iter().map(String::into_bytes).collect();
    assert_eq!(stored, memory.lines());
    let back = MemoryStore::copy_of(&mut store).unwrap();
    assert_eq!(back.lines(), memory.lines());
    assert!(store.is_shared() && !memory.is_shared());

    for (name, fault) in [
        ("copy_fails", Fault::FailAfter(20)),
        ("copy_short", Fault::EndAfter(39)),
        ("copy_damaged", Fault::Damage(5)),
    ] {
        let db = Db::new(name);
        let mut source = Faulty {
            inner: memory.clone(),
            fault,
        };
        let err = PgStore::create_copy(&db.url, &mut source, &db.options()).unwrap_err();
        assert!(!matches!(err, CopyError::Target(_)), "{name}: {err}");
        let err = PgStore::open(&db.url, &db.options()).unwrap_err();
        assert!(matches!(err, PgError::NoLedger { .. }), "{name}: {err}");
    }

    // Behind DynStore: retract, and the ledger's refusals, as for a journal.
    let mut any = db.open().boxed();
    let late = at(10_000);
    let correction = history::source("B2");
    let id = any
        .retract(EntryId::new(3), correction.clone(), late, None)
        .unwrap();
    assert_eq!(any.ledger().retracted_by(EntryId::new(3)), Some(id));
    let err = any
        .retract(EntryId::new(999), correction, late, None)
        .unwrap_err();
    assert!(
        matches!(err.refusal(), Some(LedgerError::UnknownEntry { .. })),
        "{err}"
    );
    assert!(err.downcast_ref::<PgError>().is_some());
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn readers_follow_commits() {
    let db = Db::new("follow");
    let mut a = db.create();
    let mut reader = db.open();
    assert_eq!(
        reader.wait_for_commits(Duration::from_millis(50)).unwrap(),
        0
    );
    a.append(delivered(2, 0)).unwrap();
    // Committed before the call: loaded at once.
    assert_eq!(reader.wait_for_commits(Duration::from_secs(10)).unwrap(), 1);
    let handle = std::thread::spawn(move || {
        let n = reader.wait_for_commits(Duration::from_secs(30)).unwrap();
        (n, reader)
    });
    std::thread::sleep(Duration::from_millis(200));
    let started = std::time::Instant::now();
    a.extend([delivered(1, 1), delivered(1, 2)]).unwrap();
    let (n, mut reader) = handle.join().unwrap();
    assert_eq!(n, 2);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(json(&reader), json(&a));
    assert_eq!(reader.refresh().unwrap(), 0);
    // Its own appends wake no one for nothing: a wait with nothing new times out with 0.
    reader.append(delivered(1, 3)).unwrap();
    assert_eq!(
        reader.wait_for_commits(Duration::from_millis(100)).unwrap(),
        0
    );
    assert_eq!(a.refresh().unwrap(), 1);
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn the_outcome_of_an_unknown_token_is_none() {
    let db = Db::new("token");
    let mut a = db.create();
    a.append(delivered(2, 0)).unwrap();
    assert_eq!(a.committed("no-such-token").unwrap(), None);
    let token: String = db
        .client()
        .query_one(
            &format!("SELECT token FROM {}.entries WHERE seq = 0", db.schema),
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(a.committed(&token).unwrap(), Some(0..1));
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn a_lost_connection_is_reopened_by_the_next_operation() {
    let db = Db::new("reconnect");
    let mut a = db.create();
    a.append(delivered(2, 0)).unwrap();
    // Kill the store's connection (found by its application name) from outside.
    let name = format!("{}_app", db.schema);
    let sep = if db.url.contains('?') { '&' } else { '?' };
    let mut b = PgStore::open(
        &format!("{}{sep}application_name={name}", db.url),
        &db.options(),
    )
    .unwrap();
    let killed: i64 = db
        .client()
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
            &[&name],
        )
        .unwrap()
        .get(0);
    assert_eq!(killed, 1);
    // The first operation may see the dead connection; the one after reconnects.
    let err = b.append(delivered(1, 1)).unwrap_err();
    assert!(matches!(err, PgError::Db { .. }), "{err}");
    assert_eq!(db.row_count(), 1);
    b.append(delivered(1, 1)).unwrap();
    assert_eq!(b.len(), 2);
    assert_eq!(db.row_count(), 2);
    assert_eq!(a.refresh().unwrap(), 1);
}

// ---------------------------------------------------------------------------------------------
// Many writers at once.

/// What one writer thread did: the ids of its confirmed appends, with their entries.
type Confirmed = Vec<(u64, NewEntry)>;

fn writer_thread(
    url: String,
    options: PgOptions,
    ops: Vec<history::Op>,
    clock: Arc<Mutex<Timestamp>>,
) -> (PgStore, Confirmed) {
    let mut store = PgStore::open(&url, &options).expect("open");
    let mut confirmed = Vec::new();
    let mut ops = ops.into_iter().peekable();
    let mut i = 0usize;
    while let Some(op) = ops.next() {
        i += 1;
        let build = |store: &PgStore, op: &history::Op| {
            let mut clock = clock.lock().unwrap();
            history::build(store.ledger(), op, &mut clock)
        };
        let Some(entry) = build(&store, &op) else {
            continue;
        };
        if i.is_multiple_of(5)
            && let Some(next) = ops.next()
            && let Some(second) = build(&store, &next)
        {
            let batch = vec![entry, second];
            match store.extend(batch.clone()) {
                Ok(range) => confirmed.extend(range.zip(batch)),
                Err(PgError::Batch(_)) => {}
                Err(e) => panic!("extend: {e}"),
            }
            continue;
        }
        match store.append(entry.clone()) {
            Ok(id) => confirmed.push((id.get(), entry)),
            Err(PgError::Ledger(_)) => {}
            Err(e) => panic!("append: {e}"),
        }
    }
    (store, confirmed)
}

fn many_writers(writers: Vec<Vec<history::Op>>) {
    let db = Db::new("writers");
    db.create();
    let clock = Arc::new(Mutex::new(history::t0()));
    let handles: Vec<_> = writers
        .into_iter()
        .enumerate()
        .map(|(i, ops)| {
            let (url, clock) = (db.url.clone(), Arc::clone(&clock));
            let options = db.options().writer(format!("writer-{i}"));
            std::thread::spawn(move || writer_thread(url, options, ops, clock))
        })
        .collect();
    let results: Vec<(PgStore, Confirmed)> = handles
        .into_iter()
        .map(|h| h.join().expect("writer thread"))
        .collect();

    // The committed history, replayed one entry at a time through a fresh ledger (the journal
    // written from the database's lines), is what every replica reports.
    let fresh = db.open();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.journal");
    let mut copy = db.open();
    copy.write_journal(&path).unwrap();
    let replayed = Journal::open(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    assert_eq!(replayed.ledger().to_snapshot_json(), json(&fresh));
    assert_eq!(fresh.len() as i64, db.row_count());
    let mut total = 0;
    for (i, (mut store, confirmed)) in results.into_iter().enumerate() {
        store.refresh().unwrap();
        assert_eq!(json(&store), json(&fresh), "writer {i}");
        // Every confirmed append is there, under its id, written by this writer.
        for (id, entry) in &confirmed {
            let stored = fresh
                .ledger()
                .get(EntryId::new(*id))
                .expect("confirmed entry");
            assert_eq!(stored.content(), entry);
            let writer: String = db
                .client()
                .query_one(
                    &format!("SELECT writer FROM {}.entries WHERE seq = $1", db.schema),
                    &[&(*id as i64)],
                )
                .unwrap()
                .get(0);
            assert_eq!(writer, format!("writer-{i}"));
        }
        total += confirmed.len();
    }
    assert_eq!(total, fresh.len(), "every committed entry was confirmed");
}

/// Two to four writer threads interleave random operations: the committed history is one valid
/// history that every replica reports, and no confirmed append is lost.
#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn writers_interleave_into_one_valid_history() {
    let mut runner =
        proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(history::cases(16)));
    let result = runner.run(
        &prop::collection::vec(history::ops_s(24), 2..=4),
        |writers| {
            many_writers(writers);
            Ok(())
        },
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}
