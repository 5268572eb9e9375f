//! `postgres`: the PostgreSQL store against the journal, in one run (see `BENCHMARKS.md`,
//! "PostgreSQL store").
//!
//! Runs only with `MATERIEL_BENCH_PG` or `MATERIEL_TEST_PG` set to a database URL; otherwise it
//! prints that it is skipped and exits 0 (CI builds it with `cargo bench --no-run`). It works in
//! a schema of its own, dropped at the end. It measures
//!
//! 1. appends per second with 1, 2 and 4 writer threads, each with its own `PgStore` (its own
//!    connection), single-entry appends, a fixed number each; and the journal's single-entry
//!    append rate with `Durability::EveryEntry` (each confirmed append durable, the store's
//!    guarantee: a committed transaction);
//! 2. a batch of 10^4 entries (`extend`) into the store and into the journal;
//! 3. the time for a reader to load 10^6 entries (the workload of `benches/ledger.rs`, copied
//!    into the database with `PgStore::copy_from_journal`): `PgStore::open` reading every
//!    entry and from a database checkpoint, against `Journal::open` without and with a
//!    checkpoint.
//!
//! `MATERIEL_BENCH_QUICK=1`: 10^5 entries to load and fewer appends; `cargo test --benches`
//! (with a database): 10^4 and 20 appends per writer, a check that it runs.

#[allow(dead_code)]
mod common;

use std::time::{Duration, Instant};

use materiel::journal::{CheckpointStatus, Durability, Journal, JournalOptions};
use materiel::postgres::{PgCheckpointStatus, PgOptions, PgStore};
use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};

const SEED: u64 = 0x6d61_7465_7269_656c;

fn quick() -> bool {
    std::env::var("MATERIEL_BENCH_QUICK").is_ok_and(|v| v == "1")
}

/// A delivery of one aircraft to `holder`: never rejected, whatever the order.
fn entry(holder: &str, i: usize) -> NewEntry {
    let platforms = ["su-30mk2", "il-76td", "9m317"];
    NewEntry::new(
        holder.parse().expect("a holder"),
        PlatformRef::catalog(platforms[i % platforms.len()]).expect("a platform"),
        EffectiveDate::year(2006).expect("a year"),
        Change::Delivered {
            count: Count::exact(1).expect("a count"),
            into: Status::Operational,
            supplier: None,
            condition: Default::default(),
        },
        Source::new("bench", "B2".parse().expect("a grade")).expect("a source"),
        "2025-01-01T00:00:00Z".parse().expect("a time"),
    )
}

const HOLDERS: [&str; 4] = ["VEN", "RUS", "UKR", "IND"];

fn rate(n: usize, d: Duration) -> String {
    format!("{n} in {d:.2?}: {:.0}/s", n as f64 / d.as_secs_f64())
}

struct Schema {
    url: String,
    name: String,
}

impl Schema {
    fn new(url: &str, what: &str) -> Self {
        let name = format!("bench_{what}_{}", std::process::id());
        let s = Self {
            url: url.to_owned(),
            name,
        };
        s.drop_it();
        s
    }
    fn options(&self) -> PgOptions {
        PgOptions::new().schema(&self.name)
    }
    fn drop_it(&self) {
        let mut c = postgres::Client::connect(&self.url, postgres::NoTls).expect("connect");
        c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name))
            .expect("drop schema");
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        self.drop_it();
    }
}

fn main() {
    let Some(url) = ["MATERIEL_BENCH_PG", "MATERIEL_TEST_PG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
    else {
        println!(
            "postgres bench skipped: set MATERIEL_BENCH_PG (or MATERIEL_TEST_PG) to a database URL"
        );
        return;
    };
    let per_writer = if common::test_mode() {
        20
    } else if quick() {
        200
    } else {
        1_000
    };
    let dir = tempfile::tempdir().expect("a temporary directory");

    // 1. Single-entry appends.
    println!("== single-entry appends ({per_writer} per writer)");
    for writers in [1usize, 2, 4] {
        let schema = Schema::new(&url, &format!("w{writers}"));
        drop(PgStore::create(&url, Catalog::reference(), &schema.options()).expect("create"));
        let stores: Vec<PgStore> = (0..writers)
            .map(|_| PgStore::open(&url, &schema.options()).expect("open"))
            .collect();
        let started = Instant::now();
        let handles: Vec<_> = stores
            .into_iter()
            .enumerate()
            .map(|(w, mut store)| {
                std::thread::spawn(move || {
                    for i in 0..per_writer {
                        store.append(entry(HOLDERS[w], i)).expect("an append");
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().expect("a writer");
        }
        let took = started.elapsed();
        println!(
            "store, {writers} writer(s): {}",
            rate(writers * per_writer, took)
        );
    }
    let path = dir.path().join("appends.journal");
    let every = JournalOptions::new().durability(Durability::EveryEntry);
    let mut journal = Journal::create(&path, Catalog::reference(), &every).expect("a journal");
    let started = Instant::now();
    for i in 0..per_writer {
        journal.append(entry("VEN", i)).expect("an append");
    }
    println!(
        "journal (EveryEntry), 1 writer: {}",
        rate(per_writer, started.elapsed())
    );
    drop(journal);

    // 2. A batch of 10^4.
    println!("== a batch of 10^4 entries (extend)");
    let batch: Vec<NewEntry> = (0..10_000).map(|i| entry("VEN", i)).collect();
    let schema = Schema::new(&url, "batch");
    let mut store = PgStore::create(&url, Catalog::reference(), &schema.options()).expect("create");
    let started = Instant::now();
    store.extend(batch.clone()).expect("a batch");
    println!("store: {}", rate(batch.len(), started.elapsed()));
    drop(store);
    drop(schema);
    let path = dir.path().join("batch.journal");
    let mut journal = Journal::create(&path, Catalog::reference(), &every).expect("a journal");
    let started = Instant::now();
    journal.extend(batch).expect("a batch");
    println!("journal (EveryEntry): {}", rate(10_000, started.elapsed()));
    drop(journal);

    // 3. Loading.
    let n = if common::test_mode() {
        10_000
    } else if quick() {
        100_000
    } else {
        1_000_000
    };
    println!("== loading {n} entries");
    let data = common::generate(n, SEED);
    let path = dir.path().join("load.journal");
    let on_sync = JournalOptions::new().durability(Durability::OnSync);
    let mut journal = Journal::create(&path, Catalog::reference(), &on_sync).expect("a journal");
    for chunk in data.entries.chunks(10_000) {
        journal
            .extend(chunk.iter().cloned())
            .expect("valid entries");
    }
    journal.sync().expect("synced");
    drop(journal);
    let schema = Schema::new(&url, "load");
    let started = Instant::now();
    drop(
        PgStore::copy_from_journal(&path, Catalog::reference(), &url, &schema.options())
            .expect("copy"),
    );
    println!("(copy_from_journal: {:.2?})", started.elapsed());

    let started = Instant::now();
    let every = schema.options().load_checkpoints(false);
    let store = PgStore::open(&url, &every).expect("open");
    let pg_time = started.elapsed();
    assert_eq!(store.len(), n);
    let started = Instant::now();
    let journal = Journal::open(&path, Catalog::reference(), &on_sync).expect("open");
    let replay_time = started.elapsed();
    assert_eq!(
        journal.ledger().to_snapshot_json().len(),
        store.ledger().to_snapshot_json().len()
    );
    let mut journal = journal;
    journal.checkpoint().expect("a checkpoint");
    drop(journal);
    let started = Instant::now();
    let journal = Journal::open(&path, Catalog::reference(), &on_sync).expect("open");
    let checkpoint_time = started.elapsed();
    assert!(
        matches!(journal.checkpoint_status(), CheckpointStatus::Loaded { .. }),
        "{:?}",
        journal.checkpoint_status()
    );
    assert_eq!(journal.ledger().len(), n);
    // The database's own checkpoint (schema v2): stored once, then opening reads it and the
    // entries after it (none here).
    let mut store = store;
    let started = Instant::now();
    store.checkpoint().expect("a database checkpoint");
    let store_checkpoint_time = started.elapsed();
    drop(store);
    let started = Instant::now();
    let store = PgStore::open(&url, &schema.options()).expect("open");
    let pg_checkpoint_time = started.elapsed();
    assert!(
        matches!(store.checkpoint_status(), PgCheckpointStatus::Loaded { .. }),
        "{:?}",
        store.checkpoint_status()
    );
    assert_eq!(store.len(), n);
    println!("PgStore::open, every entry: {pg_time:.2?}");
    println!(
        "PgStore::open, checkpoint: {pg_checkpoint_time:.2?} (storing it: {store_checkpoint_time:.2?})"
    );
    println!("Journal::open, full replay: {replay_time:.2?}");
    println!("Journal::open, checkpoint: {checkpoint_time:.2?}");
}
