//! The PostgreSQL store's checkpoints (loaded newest first when they fit, ignored with their
//! reason when damaged or another ledger's, stored at the writers' interval), the migration of
//! a version-1 schema, and the writers' summary; against a real server, as `postgres.rs`.
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used)]

use crate::postgres::{delivered, json};
use crate::support::history;
use crate::support::pg::Db;
use jiff::Timestamp;
use materiel::postgres::{PgCheckpointStatus, PgStore, SCHEMA_VERSION};
use materiel::{Catalog, NewEntry};
use proptest::prelude::*;

/// The checkpoints stored, newest first.
fn checkpoints(db: &Db) -> Vec<i64> {
    db.client()
        .query(
            &format!(
                "SELECT entries FROM {}.checkpoints ORDER BY entries DESC",
                db.schema
            ),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

/// Opens reading and checking every entry, checkpoints ignored.
fn open_full(db: &Db) -> PgStore {
    let store = PgStore::open(&db.url, &db.options().load_checkpoints(false)).unwrap();
    assert_eq!(store.checkpoint_status(), &PgCheckpointStatus::Absent);
    store
}

/// `n` entries that all fit (deliveries to one lot, recorded an hour apart).
fn deliveries(n: usize) -> Vec<NewEntry> {
    (0..n).map(|i| delivered(1, i as i64)).collect()
}

/// Checkpoints stored after random prefixes of a random history: opening loads the newest
/// (only the entries after it read) and gives the ledger a full load gives.
#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn checkpoint_and_tail_load_equals_full_load() {
    let mut runner =
        proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(history::cases(6)));
    let strategy = (history::ops_s(60), prop::collection::vec(0usize..70, 0..4));
    let result = runner.run(&strategy, |(ops, mut points)| {
        let db = Db::new("ckpt_tail");
        let mut store = PgStore::create(
            &db.url,
            Catalog::reference(),
            &db.options().checkpoint_every(0),
        )
        .unwrap();
        let mut ledger = materiel::Ledger::new(Catalog::reference());
        let mut clock = history::t0();
        let entries = history::accepted(&mut ledger, &ops, &mut clock);
        points.sort_unstable();
        let mut done = 0;
        for &p in &points {
            let p = p.min(entries.len());
            store.extend(entries[done..p].to_vec()).unwrap();
            done = p;
            prop_assert_eq!(store.checkpoint().unwrap(), p as u64);
        }
        store.extend(entries[done..].to_vec()).unwrap();
        let newest = points
            .iter()
            .map(|&p| p.min(entries.len()))
            .filter(|&p| p > 0)
            .max();
        let full = open_full(&db);
        let opened = db.open();
        prop_assert_eq!(json(&opened), json(&full));
        prop_assert_eq!(json(&opened), json(&store));
        prop_assert_eq!(
            opened.checkpoint_status().loaded(),
            newest.map(|p| p as u64)
        );
        prop_assert!(opened.checkpoint_status().ignored().is_empty());
        prop_assert!(checkpoints(&db).len() <= 3);
        // Appends after opening from a checkpoint go on from there.
        let mut opened = opened;
        opened.append(delivered(1, 1_000_000)).unwrap();
        store.refresh().unwrap();
        prop_assert_eq!(json(&opened), json(&store));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn a_damaged_checkpoint_is_ignored_with_its_reason() {
    let db = Db::new("ckpt_damaged");
    let mut a = PgStore::create(
        &db.url,
        Catalog::reference(),
        &db.options().checkpoint_every(0),
    )
    .unwrap();
    a.extend(deliveries(10)).unwrap();
    assert_eq!(a.checkpoint().unwrap(), 10);
    a.extend(deliveries(15).split_off(10)).unwrap();
    assert_eq!(a.checkpoint().unwrap(), 15);
    a.append(delivered(1, 20)).unwrap();
    assert_eq!(checkpoints(&db), [15, 10]);
    let full = json(&open_full(&db));
    // Checkpoints are derived: the triggers let them be changed. A flipped byte in the body
    // of the newest: it is ignored, the older one loaded.
    let s = &db.schema;
    db.sql(&format!(
        "UPDATE {s}.checkpoints SET body = set_byte(body, 20, get_byte(body, 20) # 1) WHERE entries = 15"
    ));
    let b = db.open();
    assert_eq!(json(&b), full);
    match b.checkpoint_status() {
        PgCheckpointStatus::Loaded {
            entries: 10,
            ignored,
        } => {
            assert_eq!(ignored.len(), 1);
            assert_eq!(ignored[0].entries, 15);
            assert!(ignored[0].reason.contains("checksum"), "{}", ignored[0]);
        }
        other => panic!("expected the older checkpoint loaded, got {other:?}"),
    }
    // Another format version, and a body damaged with its checksum made to match: ignored
    // too; every entry is then read.
    db.sql(&format!(
        "UPDATE {s}.checkpoints SET format_version = format_version + 1 WHERE entries = 10"
    ));
    db.sql(&format!(
        "UPDATE {s}.checkpoints SET body = substr(body, 1, 30) WHERE entries = 15"
    ));
    let mut c = db.client();
    let body: Vec<u8> = c
        .query_one(
            &format!("SELECT body FROM {s}.checkpoints WHERE entries = 15"),
            &[],
        )
        .unwrap()
        .get(0);
    c.execute(
        &format!("UPDATE {s}.checkpoints SET body_crc = $1 WHERE entries = 15"),
        &[&i64::from(crc32c::crc32c(&body))],
    )
    .unwrap();
    let d = db.open();
    assert_eq!(json(&d), full);
    let PgCheckpointStatus::Ignored { ignored } = d.checkpoint_status() else {
        panic!(
            "expected every checkpoint ignored, got {:?}",
            d.checkpoint_status()
        );
    };
    let reasons: Vec<(u64, &str)> = ignored
        .iter()
        .map(|i| (i.entries, i.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(reasons[0].0, 15);
    assert!(reasons[0].1.contains("invalid content"), "{reasons:?}");
    assert_eq!(reasons[1].0, 10);
    assert!(reasons[1].1.contains("format version"), "{reasons:?}");
    // Deleting them is allowed: the next open reads every entry, and a new checkpoint goes
    // in.
    db.sql(&format!("DELETE FROM {s}.checkpoints"));
    let mut e = db.open();
    assert_eq!(e.checkpoint_status(), &PgCheckpointStatus::Absent);
    assert_eq!(e.checkpoint().unwrap(), 16);
    assert_eq!(db.open().checkpoint_status().loaded(), Some(16));
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn a_checkpoint_from_another_ledger_is_ignored() {
    let db = Db::new("ckpt_other");
    let other = Db::new("ckpt_other_src");
    let options = |d: &Db| d.options().checkpoint_every(0);
    let mut a = PgStore::create(&db.url, Catalog::reference(), &options(&db)).unwrap();
    a.extend(deliveries(6)).unwrap();
    // The other ledger: the same first five entries, then another sixth.
    let mut b = PgStore::create(&other.url, Catalog::reference(), &options(&other)).unwrap();
    let mut entries = deliveries(5);
    entries.push(delivered(2, 5));
    b.extend(entries).unwrap();
    assert_eq!(b.checkpoint().unwrap(), 6);
    // Copied over as is: another ledger's creation time.
    let copy = |extra: &str| {
        db.sql(&format!(
            "DELETE FROM {s}.checkpoints;
             INSERT INTO {s}.checkpoints SELECT * FROM {o}.checkpoints;
             {extra}",
            s = db.schema,
            o = other.schema
        ));
    };
    copy("");
    let full = json(&open_full(&db));
    let opened = db.open();
    assert_eq!(json(&opened), full);
    let PgCheckpointStatus::Ignored { ignored } = opened.checkpoint_status() else {
        panic!("{:?}", opened.checkpoint_status());
    };
    assert!(
        ignored[0].reason.contains("another ledger"),
        "{}",
        ignored[0]
    );
    // With this ledger's creation time forged in, the last covered line still differs.
    copy(&format!(
        "UPDATE {s}.checkpoints SET ledger_created = (SELECT created_at FROM {s}.meta)",
        s = db.schema
    ));
    let opened = db.open();
    assert_eq!(json(&opened), full);
    let PgCheckpointStatus::Ignored { ignored } = opened.checkpoint_status() else {
        panic!("{:?}", opened.checkpoint_status());
    };
    assert!(ignored[0].reason.contains("entry seq 5"), "{}", ignored[0]);
    // And with that line's CRC forged too, the body's last entry still differs.
    copy(&format!(
        "UPDATE {s}.checkpoints SET ledger_created = (SELECT created_at FROM {s}.meta),
             last_line_crc = {crc}",
        s = db.schema,
        crc = crc32c::crc32c(db.lines()[5].as_bytes())
    ));
    let opened = db.open();
    assert_eq!(json(&opened), full);
    let PgCheckpointStatus::Ignored { ignored } = opened.checkpoint_status() else {
        panic!("{:?}", opened.checkpoint_status());
    };
    assert!(
        ignored[0].reason.contains("last entry differs"),
        "{}",
        ignored[0]
    );
    // A checkpoint covering more entries than the store has.
    db.sql(&format!(
        "UPDATE {s}.checkpoints SET entries = 60",
        s = db.schema
    ));
    let opened = db.open();
    assert_eq!(json(&opened), full);
    assert!(
        opened.checkpoint_status().ignored()[0]
            .reason
            .contains("no entry seq 59"),
        "{:?}",
        opened.checkpoint_status()
    );
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn writers_checkpoint_automatically_at_the_interval() {
    let db = Db::new("ckpt_auto");
    let mut a = PgStore::create(
        &db.url,
        Catalog::reference(),
        &db.options().checkpoint_every(5),
    )
    .unwrap();
    let mut b = PgStore::open(&db.url, &db.options().checkpoint_every(5)).unwrap();
    for i in 0..4 {
        a.append(delivered(1, i)).unwrap();
    }
    assert!(checkpoints(&db).is_empty());
    // The fifth entry crosses 5.
    a.append(delivered(1, 4)).unwrap();
    assert_eq!(checkpoints(&db), [5]);
    // A batch from 5 to 12 crosses 10: its writer checkpoints all it holds.
    b.extend((5..12).map(|i| delivered(1, i))).unwrap();
    assert_eq!(checkpoints(&db), [12, 5]);
    assert!(a.checkpoint_error().is_none() && b.checkpoint_error().is_none());
    // 12..14 crosses nothing.
    b.extend((12..14).map(|i| delivered(1, i))).unwrap();
    assert_eq!(checkpoints(&db), [12, 5]);
    for i in 14..31 {
        a.append(delivered(1, i)).unwrap();
    }
    // 15, 20, 25, 30: only the newest three are kept.
    assert_eq!(checkpoints(&db), [30, 25, 20]);
    let opened = db.open();
    assert_eq!(opened.checkpoint_status().loaded(), Some(30));
    assert_eq!(json(&opened), json(&a));
    // Interval 0: never.
    let mut c = PgStore::open(&db.url, &db.options().checkpoint_every(0)).unwrap();
    c.extend((31..50).map(|i| delivered(1, i))).unwrap();
    assert_eq!(checkpoints(&db), [30, 25, 20]);
}

/// The version-1 schema, as the first release created it.
const SCHEMA_V1: &str = r#"
CREATE TABLE {s}.schema_version (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO {s}.schema_version (version) VALUES (1);
CREATE TABLE {s}.meta (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    catalog json NOT NULL,
    wire_version integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE {s}.entries (
    seq bigint PRIMARY KEY CHECK (seq >= 0),
    recorded_at timestamptz,
    writer text NOT NULL,
    token text NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now(),
    line text NOT NULL
);
CREATE INDEX entries_token ON {s}.entries (token);
CREATE FUNCTION {s}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    RAISE EXCEPTION 'materiel: %.% is append-only (% refused)', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP;
END
$f$;
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON {s}.entries
    FOR EACH ROW EXECUTE FUNCTION {s}.refuse_change();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON {s}.entries
    FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_change();
CREATE TRIGGER meta_append_only BEFORE UPDATE OR DELETE ON {s}.meta
    FOR EACH ROW EXECUTE FUNCTION {s}.refuse_change();
CREATE TRIGGER meta_no_truncate BEFORE TRUNCATE ON {s}.meta
    FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_change();
"#;

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn a_version_1_schema_is_migrated_on_opening() {
    let db = Db::new("v1");
    let src = Db::new("v1_src");
    let mut a = src.create();
    a.extend(deliveries(7)).unwrap();
    // A version-1 ledger holding the same entries.
    let s = &db.schema;
    db.sql(&format!(
        "CREATE SCHEMA {s}; {}
         INSERT INTO {s}.meta (catalog, wire_version) SELECT catalog, wire_version FROM {o}.meta;
         INSERT INTO {s}.entries SELECT * FROM {o}.entries;",
        SCHEMA_V1.replace("{s}", s),
        o = src.schema
    ));
    let mut b = db.open();
    assert_eq!(json(&b), json(&a));
    let versions: Vec<i32> = db
        .client()
        .query(
            &format!("SELECT version FROM {s}.schema_version ORDER BY version"),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, (1..=SCHEMA_VERSION).collect::<Vec<_>>());
    assert_eq!(SCHEMA_VERSION, 2);
    // The migrated schema takes checkpoints, and keeps its triggers.
    assert_eq!(b.checkpoint().unwrap(), 7);
    b.append(delivered(1, 7)).unwrap();
    let c = db.open();
    assert_eq!(c.checkpoint_status().loaded(), Some(7));
    assert_eq!(json(&c), json(&b));
    assert!(db.try_sql(&format!("DELETE FROM {s}.entries")).is_err());
    // The body is stored out of line, uncompressed (storage EXTERNAL: 'e').
    let storage: i8 = db
        .client()
        .query_one(
            &format!(
                "SELECT attstorage FROM pg_attribute WHERE attrelid = '{s}.checkpoints'::regclass AND attname = 'body'"
            ),
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(storage as u8, b'e');
    // Opening again migrates nothing more.
    db.open();
    assert_eq!(
        db.client()
            .query_one(&format!("SELECT count(*) FROM {s}.schema_version"), &[])
            .unwrap()
            .get::<_, i64>(0),
        2
    );
}

#[test]
#[ignore = "needs MATERIEL_TEST_PG"]
fn writers_summarizes_who_wrote_what() {
    let db = Db::new("writers_summary");
    let mut a =
        PgStore::create(&db.url, Catalog::reference(), &db.options().writer("ana")).unwrap();
    let mut b = PgStore::open(&db.url, &db.options().writer("bo")).unwrap();
    assert!(a.writers().unwrap().is_empty());
    let before = Timestamp::now();
    a.extend(deliveries(3)).unwrap();
    b.append(delivered(1, 3)).unwrap();
    a.append(delivered(1, 4)).unwrap();
    // `a` has not loaded everything: writers() refreshes first.
    let mut c = PgStore::open(&db.url, &db.options()).unwrap();
    b.append(delivered(1, 5)).unwrap();
    let writers = c.writers().unwrap();
    assert_eq!(c.len(), 6);
    let summary: Vec<(&str, u64, u64, u64)> = writers
        .iter()
        .map(|w| (w.writer.as_str(), w.entries, w.first.get(), w.last.get()))
        .collect();
    assert_eq!(summary, [("ana", 4, 0, 4), ("bo", 2, 3, 5)]);
    let after = Timestamp::now();
    for w in &writers {
        // The server's clock, on this machine: within the test's span (a second's slack).
        let slack = jiff::SignedDuration::from_secs(1);
        assert!(
            w.last_committed >= before - slack && w.last_committed <= after + slack,
            "{w:?}"
        );
    }
    assert!(writers[0].last_committed <= writers[1].last_committed);
}
