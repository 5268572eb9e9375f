//! Helpers shared by the tests of the PostgreSQL store (`tests/it/postgres.rs`,
//! `tests/it/postgres_processes.rs`, `tests/it/postgres_restart.rs`): the test database, a
//! schema of each test's own, and the checks on the committed history.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use materiel::Catalog;
use materiel::journal::{Journal, JournalOptions, JournalReader};
use materiel::postgres::{PgOptions, PgStore};

/// The environment variable naming the test database.
pub(crate) const URL_VAR: &str = "MATERIEL_TEST_PG";

/// The test database's URL. The PostgreSQL tests are `#[ignore = "needs MATERIEL_TEST_PG"]`,
/// so they run only when asked for (`cargo test -- --ignored`, as `.ci/run` does): asked for
/// without a server, they fail saying how to name one, rather than pass having done nothing.
pub(crate) fn url() -> String {
    match std::env::var(URL_VAR) {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "set {URL_VAR}=postgres://user:pass@host/db to run the PostgreSQL tests \
             (.ci/run starts a server and sets it)"
        ),
    }
}

/// A schema of the test's own, dropped (with everything in it) when the test ends.
pub(crate) struct Db {
    pub(crate) url: String,
    pub(crate) schema: String,
}

impl Db {
    pub(crate) fn new(test: &str) -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let url = url();
        let schema = format!(
            "p_{test}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let db = Self { url, schema };
        db.sql(&format!("DROP SCHEMA IF EXISTS {} CASCADE", db.schema));
        db
    }
    pub(crate) fn options(&self) -> PgOptions {
        PgOptions::new().schema(&self.schema)
    }
    pub(crate) fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).expect("connect")
    }
    /// Runs `sql`, which must succeed.
    pub(crate) fn sql(&self, sql: &str) {
        self.client().batch_execute(sql).expect(sql);
    }
    /// Runs one statement, returning the rows it changed or the server's refusal.
    pub(crate) fn try_sql(&self, sql: &str) -> Result<u64, postgres::Error> {
        self.client().execute(sql, &[])
    }
    /// How many entries are stored.
    pub(crate) fn row_count(&self) -> i64 {
        self.client()
            .query_one(
                &format!("SELECT count(*) FROM {}.entries", self.schema),
                &[],
            )
            .expect("count")
            .get(0)
    }
    /// The stored lines, in sequence order.
    pub(crate) fn lines(&self) -> Vec<String> {
        self.client()
            .query(
                &format!("SELECT line FROM {}.entries ORDER BY seq", self.schema),
                &[],
            )
            .expect("lines")
            .iter()
            .map(|r| r.get(0))
            .collect()
    }
    pub(crate) fn create(&self) -> PgStore {
        PgStore::create(&self.url, Catalog::reference(), &self.options()).expect("create")
    }
    pub(crate) fn open(&self) -> PgStore {
        PgStore::open(&self.url, &self.options()).expect("open")
    }
    /// Every stored row, `(seq, token, line)`, in sequence order.
    pub(crate) fn rows(&self) -> Vec<(i64, String, String)> {
        self.client()
            .query(
                &format!(
                    "SELECT seq, token, line FROM {}.entries ORDER BY seq",
                    self.schema
                ),
                &[],
            )
            .expect("rows")
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect()
    }

    /// Checks the committed history and returns the freshly opened store:
    ///
    /// * the sequence numbers are 0, 1, 2, ... with no gap;
    /// * the stored lines, replayed one by one through a fresh ledger (the journal's reader,
    ///   which appends each entry with [`materiel::Ledger::append`], so every rule is checked
    ///   again on every entry), give the ledger a freshly opened [`PgStore`] reports.
    pub(crate) fn check_history(&self) -> PgStore {
        let rows = self.rows();
        for (i, (seq, _, _)) in rows.iter().enumerate() {
            assert_eq!(*seq, i as i64, "sequence numbers contiguous from 0");
        }
        let mut reader = JournalReader::new(Catalog::reference(), &JournalOptions::new());
        reader.feed(&header_line()).expect("header");
        for (seq, _, line) in &rows {
            let mut bytes = line.clone().into_bytes();
            bytes.push(b'\n');
            reader
                .feed(&bytes)
                .unwrap_or_else(|e| panic!("seq {seq} does not replay: {e}"));
        }
        let replay = reader.finish().expect("the history replays");
        assert!(replay.recovery.is_none(), "{:?}", replay.recovery);
        assert_eq!(replay.ledger.len(), rows.len(), "every row replayed");
        let fresh = self.open();
        assert_eq!(
            replay.ledger.to_snapshot_json(),
            fresh.ledger().to_snapshot_json(),
            "the replayed history is the ledger a fresh store opens"
        );
        fresh
    }

    /// The rows of each append (its token): `token -> (first seq, rows)`, checking that each
    /// append's rows are consecutive.
    pub(crate) fn appends(&self) -> BTreeMap<String, (i64, i64)> {
        let mut appends: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for (seq, token, _) in self.rows() {
            let e = appends.entry(token).or_insert((seq, 0));
            assert_eq!(e.0 + e.1, seq, "an append's rows are consecutive");
            e.1 += 1;
        }
        appends
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
        }
    }
}

/// The journal's header line, newline included (read from a new, empty journal).
pub(crate) fn header_line() -> Vec<u8> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("empty.journal");
    drop(Journal::create(&path, Catalog::reference(), &JournalOptions::new()).expect("journal"));
    std::fs::read(&path).expect("read the journal")
}

/// The note of entry `seq` in `store`'s ledger.
pub(crate) fn note_at(store: &PgStore, seq: u64) -> Option<String> {
    store
        .ledger()
        .get(materiel::EntryId::new(seq))
        .and_then(|e| e.content().note().map(str::to_owned))
}

/// Runs `f` on another thread and waits up to `limit` for it (a store blocked on a lock that
/// was never released would otherwise hang the test).
pub(crate) fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|e| panic!("{what}: no answer within {limit:?} ({e})"))
}
