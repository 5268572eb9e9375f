//! `cold_open`: the time from nothing in memory to the first lot answer, on a journal of
//! 10^6 entries with a checkpoint, against SQLite on a file with the same rows (see
//! `BENCHMARKS.md`).
//!
//! What is timed, for each: what a fresh process does after it starts. For the ledger,
//! `Journal::open` (reading the checkpoint, checking it against the last journal line it
//! covers, rebuilding the ledger, replaying the lines after it) and one
//! `Ledger::lot` query; for SQLite, `Connection::open` on the file, preparing the lot query
//! and running it (the same `deltas` table and covering index as `benches/ledger.rs`, on
//! disk). Both run in this process with the files in the page cache (warm: the benchmark
//! cannot drop the cache without privileges), so process start-up (about a millisecond, the
//! same for both) is left out. A full replay without the checkpoint is timed once and
//! printed, for reference.
//!
//! The journal holds the workload of `common::generate` (as `benches/ledger.rs`) plus 1,000
//! entries appended after the checkpoint, so that the tail replay is exercised.
//!
//! `MATERIEL_BENCH_QUICK=1` uses 10^5 entries, `cargo test --benches` 10^4.

#[allow(dead_code)]
mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::Criterion;
use materiel::journal::{CheckpointStatus, Durability, JournalOptions};
use materiel::{AsOf, Catalog, Journal, Status};
use rusqlite::{Connection, params};

const SEED: u64 = 0x6d61_7465_7269_656c;
/// Entries appended after the checkpoint.
const TAIL: usize = 1_000;

const SCHEMA: &str = "CREATE TABLE deltas (
    holder TEXT NOT NULL,
    platform TEXT NOT NULL,
    effective INTEGER NOT NULL,
    status INTEGER NOT NULL,
    delta INTEGER NOT NULL
);
CREATE INDEX deltas_covering ON deltas (holder, platform, effective, status, delta);";

const INSERT_SQL: &str =
    "INSERT INTO deltas (holder, platform, effective, status, delta) VALUES (?1, ?2, ?3, ?4, ?5)";

const LOT_SQL: &str = "SELECT status, SUM(delta) FROM deltas \
     WHERE holder = ?1 AND platform = ?2 AND effective <= ?3 GROUP BY status";

fn quick() -> bool {
    std::env::var("MATERIEL_BENCH_QUICK").is_ok_and(|v| v == "1")
}

fn options() -> JournalOptions {
    JournalOptions::new().durability(Durability::OnSync)
}

/// The journal's lot answer: opening and one query.
fn ledger_first_answer(
    path: &Path,
    h: &materiel::HolderId,
    p: &materiel::PlatformRef,
    at: &AsOf,
) -> [i64; 7] {
    let journal = Journal::open(path, Catalog::reference(), &options()).expect("the journal");
    let state = journal.ledger().lot(h, p, at);
    Status::ALL.map(|s| state.count(s).value() as i64)
}

/// SQLite's lot answer: opening the file, preparing and running the query.
fn sqlite_first_answer(path: &Path, h: &str, p: &str, day: i32) -> [i64; 7] {
    let conn = Connection::open(path).expect("the database");
    let mut stmt = conn.prepare(LOT_SQL).expect("the lot query");
    let mut counts = [0i64; 7];
    let rows = stmt
        .query_map(params![h, p, day], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })
        .expect("the lot query");
    for row in rows {
        let (s, v) = row.expect("a row");
        counts[s as usize] = v;
    }
    counts
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let n = if common::test_mode() {
        10_000
    } else if quick() {
        100_000
    } else {
        1_000_000
    };
    let data = common::generate(n + TAIL, SEED);
    let dir = tempfile::tempdir().expect("a temporary directory");

    let journal_path = dir.path().join("cold.journal");
    let mut journal =
        Journal::create(&journal_path, Catalog::reference(), &options()).expect("a journal");
    for chunk in data.entries[..n].chunks(10_000) {
        journal
            .extend(chunk.iter().cloned())
            .expect("valid entries");
    }
    let started = Instant::now();
    let checkpoint = journal.checkpoint().expect("a checkpoint");
    let write_time = started.elapsed();
    journal
        .extend(data.entries[n..].iter().cloned())
        .expect("valid entries");
    journal.sync().expect("synced");
    drop(journal);
    let journal_bytes = std::fs::metadata(&journal_path).map_or(0, |m| m.len());
    let checkpoint_bytes = std::fs::metadata(&checkpoint).map_or(0, |m| m.len());

    let db_path = dir.path().join("cold.sqlite");
    {
        let mut conn = Connection::open(&db_path).expect("a database");
        conn.execute_batch(SCHEMA).expect("the schema");
        let tx = conn.transaction().expect("a transaction");
        {
            let mut stmt = tx.prepare(INSERT_SQL).expect("the insert");
            for r in &data.rows {
                let (h, _) = data.lot(r.lot);
                let p = &data.platform_names[r.lot as usize % common::PLATFORMS];
                stmt.execute(params![h.as_str(), p, r.day, i64::from(r.status), r.delta])
                    .expect("an insert");
            }
        }
        tx.commit().expect("a commit");
    }

    // One lot, at the last day with entries.
    let lot = 0u32;
    let (h, p) = data.lot(lot);
    let p_name = data.platform_names[lot as usize % common::PLATFORMS].clone();
    let at = AsOf::valid(data.last);
    let day = common::day_number(data.last);

    // Check the answers agree, and that the checkpoint is used; time a full replay once.
    let journal = Journal::open(&journal_path, Catalog::reference(), &options()).expect("open");
    assert!(
        matches!(journal.checkpoint_status(), CheckpointStatus::Loaded { .. }),
        "{:?}",
        journal.checkpoint_status()
    );
    drop(journal);
    let ours = ledger_first_answer(&journal_path, h, p, &at);
    let theirs = sqlite_first_answer(&db_path, h.as_str(), &p_name, day);
    assert_eq!(ours, theirs, "the ledger and SQLite disagree");
    let aside = dir.path().join("aside.checkpoint");
    std::fs::rename(&checkpoint, &aside).expect("moved aside");
    let started = Instant::now();
    let full = ledger_first_answer(&journal_path, h, p, &at);
    let full_time = started.elapsed();
    assert_eq!(full, ours);
    std::fs::rename(&aside, &checkpoint).expect("moved back");
    eprintln!(
        "cold_open: {n} entries + {TAIL} after the checkpoint; journal {journal_bytes} bytes, \
         checkpoint {checkpoint_bytes} bytes (written in {write_time:.2?}); \
         full replay without it: {full_time:.2?}"
    );

    let mut g = c.benchmark_group("cold_open");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(if quick() { 2 } else { 8 }));
    g.bench_function(format!("checkpoint/{n}"), |b| {
        b.iter(|| black_box(ledger_first_answer(&journal_path, h, p, &at)));
    });
    g.bench_function(format!("sqlite/{n}"), |b| {
        b.iter(|| black_box(sqlite_first_answer(&db_path, h.as_str(), &p_name, day)));
    });
    g.finish();
    c.final_summary();
}
