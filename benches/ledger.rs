//! Ledger benchmarks with in-run baselines (see `BENCHMARKS.md`).
//!
//! For N = 10^4, 10^5 and 10^6 entries over 1,000 lots (100 holders x 10 platforms), on the
//! deterministic workload of `common::generate` (`tests/support/workload.rs`), each group
//! measures the ledger and, on the same data in the same run, a naive replay over a `Vec`
//! and/or SQLite (in memory):
//!
//! 1. `lot_as_of`: holdings of one lot at a random date;
//! 2. `all_holdings`: holdings of every lot at one date;
//! 3. `bulk_append`: appending the N validated entries to a fresh store (one by one, and
//!    through `Ledger::extend` in one batch and in batches of 10k);
//! 4. `backdated_append`: one back-dated append into the largest lot;
//! 5. `timeline_readiness`: a lot's timeline and the readiness of each step;
//! 6. `sipri_import`: the full SIPRI export (skipped with a message when the file is absent).
//! 7. `journal_open`: opening (checking and replaying) a journal of the N entries; and
//!    `replay_json`: appending the N entries from their serde_json form to a fresh ledger.
//! 8. `reverse_append`: 10^5 and 10^6 entries appended to ONE lot newest first
//!    (`newest_first`) against the same entries in date order (`in_order`), deliveries
//!    alone and a mix with a quarter status changes (`*_status_changes`); target <= 3x.
//!
//! `MATERIEL_BENCH_QUICK=1` runs N = 10^4 and 10^5 only, with short measurement times.
//! `cargo test --benches` runs every benchmark once at N = 10^4 (a check of the setups).
//! `MATERIEL_BENCH_CALLGRIND="<what> <n>"` runs one measured step for callgrind instead
//! (see [`callgrind`]). `MATERIEL_BENCH_EXPORT=<dir>` also writes each N's `all_holdings`
//! workload as CSV into `<dir>` (see [`export`]), for `benches/duckdb_all_holdings.py`.

mod common;
#[path = "ledger/export.rs"]
mod export;

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, BenchmarkId, Criterion, Throughput};
use jiff::civil::Date;
use materiel::import::sipri::{self, Options};
use materiel::journal::{Durability, JournalOptions};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, Journal, Ledger, NewEntry, Source, Status,
};
use rusqlite::{Connection, params};

use common::{Dataset, Mix, NaiveEntry, NaiveStore, Rng, generate, one_lot, query_key, test_mode};

const SEED: u64 = 0x6d61_7465_7269_656c;
/// Queries each measurement cycles through (same sequence for every implementation).
const QUERIES: usize = 1024;

/// `MATERIEL_BENCH_LENIENT=1`: count rejected entries and mismatching answers instead of
/// panicking (to time a build whose ledger has a known correctness bug; see BENCHMARKS.md).
fn lenient() -> bool {
    std::env::var("MATERIEL_BENCH_LENIENT").is_ok_and(|v| v == "1")
}

/// Panics, or only warns in lenient mode.
fn fail(msg: &str) {
    if lenient() {
        eprintln!("WARNING (lenient mode): {msg}");
    } else {
        panic!("{msg} (set MATERIEL_BENCH_LENIENT=1 to time it anyway)");
    }
}

fn quick() -> bool {
    std::env::var("MATERIEL_BENCH_QUICK").is_ok_and(|v| v == "1")
}

/// Sample counts and times: short for the big N so a default run stays reasonable.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, n: usize) {
    if quick() {
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(1));
    } else if n >= 1_000_000 {
        group
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(5));
    } else {
        group
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
    }
}

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

const ALL_SQL: &str = "SELECT holder, platform, status, SUM(delta) FROM deltas \
     WHERE effective <= ?1 GROUP BY holder, platform, status";

fn empty_db() -> Connection {
    let conn = Connection::open_in_memory().expect("an in-memory database");
    conn.execute_batch(SCHEMA).expect("the schema");
    conn
}

/// Inserts every delta row in one transaction with one prepared statement.
fn insert_rows(conn: &mut Connection, data: &Dataset) {
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

fn build_ledger(entries: &[NewEntry]) -> Ledger {
    let mut ledger = Ledger::new(Catalog::reference());
    let mut rejected = 0usize;
    for (i, e) in entries.iter().enumerate() {
        if let Err(err) = ledger.append(e.clone()) {
            if rejected == 0 {
                fail(&format!("generated entry {i} was rejected: {err}\n{e:?}"));
            }
            rejected += 1;
        }
    }
    if rejected > 0 {
        fail(&format!(
            "{rejected} of {} valid entries rejected",
            entries.len()
        ));
    }
    ledger
}

fn day(d: Date) -> i32 {
    common::day_number(d)
}

/// Naive: filter the lot, sort by (effective, id), fold up to the date.
fn naive_lot(naive: &[NaiveEntry], lot: u32, date: Date) -> [i64; 7] {
    let upto = ((query_key(date) as u64) << 32) | u64::from(u32::MAX);
    let mut es: Vec<&NaiveEntry> = naive
        .iter()
        .filter(|e| e.lot == lot && !e.retracted && e.key <= upto)
        .collect();
    es.sort_by_key(|e| e.key);
    common::fold(es.into_iter())
}

/// Naive: every entry up to the date, sorted by (lot, effective, id), folded per lot.
fn naive_all(naive: &[NaiveEntry], date: Date) -> Vec<(u32, [i64; 7])> {
    let upto = ((query_key(date) as u64) << 32) | u64::from(u32::MAX);
    let mut es: Vec<&NaiveEntry> = naive
        .iter()
        .filter(|e| !e.retracted && e.key <= upto)
        .collect();
    es.sort_unstable_by_key(|e| (e.lot, e.key));
    let mut out: Vec<(u32, [i64; 7])> = Vec::new();
    for e in es {
        if out.last().is_none_or(|(l, _)| *l != e.lot) {
            out.push((e.lot, [0; 7]));
        }
        if let Some((_, counts)) = out.last_mut() {
            common::apply(counts, e.effect);
        }
    }
    out
}

/// (mission capable, in service, unknown) after each effective date of a lot.
type NaiveStep = (u64, i64, i64, i64);

/// Naive: filter the lot, sort, fold with one step per effective date, readiness per step.
fn naive_timeline(naive: &[NaiveEntry], lot: u32) -> Vec<NaiveStep> {
    let mut es: Vec<&NaiveEntry> = naive
        .iter()
        .filter(|e| e.lot == lot && !e.retracted)
        .collect();
    es.sort_by_key(|e| e.key);
    let mut counts = [0i64; 7];
    let mut steps: Vec<NaiveStep> = Vec::new();
    let readiness = |c: &[i64; 7]| (c[0] + c[1], c.iter().sum::<i64>(), c[6]);
    for e in es {
        let date = e.key >> 32;
        common::apply(&mut counts, e.effect);
        let (mc, total, unknown) = readiness(&counts);
        match steps.last_mut() {
            Some(s) if s.0 == date => *s = (date, mc, total, unknown),
            _ => steps.push((date, mc, total, unknown)),
        }
    }
    steps.dedup_by(|b, a| (a.1, a.2, a.3) == (b.1, b.2, b.3));
    steps
}

fn sql_lot(stmt: &mut rusqlite::Statement<'_>, h: &str, p: &str, d: i32) -> [i64; 7] {
    let mut counts = [0i64; 7];
    let rows = stmt
        .query_map(params![h, p, d], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })
        .expect("the lot query");
    for row in rows {
        let (s, v) = row.expect("a row");
        counts[s as usize] = v;
    }
    counts
}

fn sql_all(stmt: &mut rusqlite::Statement<'_>, d: i32) -> Vec<(String, String, i64, i64)> {
    stmt.query_map(params![d], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
    .expect("the holdings query")
    .map(|r| r.expect("a row"))
    .collect()
}

fn ledger_counts(state: &materiel::ledger::LotState) -> [i64; 7] {
    Status::ALL.map(|s| state.count(s).value() as i64)
}

/// Checks that the three implementations agree before timing them.
fn cross_check(data: &Dataset, ledger: &Ledger, conn: &Connection, rng: &mut Rng) {
    let mut lot_stmt = conn.prepare(LOT_SQL).expect("the lot query");
    let mut wrong = 0;
    for _ in 0..100 {
        let lot = rng.below(1000) as u32;
        let d = data.random_day(rng);
        let (h, p) = data.lot(lot);
        let l = ledger_counts(&ledger.lot(h, p, &AsOf::valid(d)));
        let n = naive_lot(&data.naive, lot, d);
        let name = &data.platform_names[lot as usize % common::PLATFORMS];
        let s = sql_lot(&mut lot_stmt, h.as_str(), name, day(d));
        assert_eq!(n, s, "naive and SQLite differ on lot {lot} at {d}");
        if l != n {
            if wrong == 0 {
                fail(&format!(
                    "ledger and naive differ on lot {lot} at {d}: {l:?} vs {n:?}"
                ));
            }
            wrong += 1;
        }
    }
    if wrong > 0 {
        fail(&format!(
            "{wrong} of 100 lot queries differ from the naive replay"
        ));
    }
    let d = data.random_day(rng);
    let all = ledger.all_holdings(&AsOf::valid(d));
    let total_ledger: u64 = all
        .iter()
        .flat_map(|(_, hs)| hs.iter().map(|(_, s)| s.in_service().value()))
        .sum();
    let total_naive: i64 = naive_all(&data.naive, d)
        .iter()
        .map(|(_, c)| c.iter().sum::<i64>())
        .sum();
    let mut all_stmt = conn.prepare(ALL_SQL).expect("the holdings query");
    let total_sql: i64 = sql_all(&mut all_stmt, day(d)).iter().map(|r| r.3).sum();
    if total_ledger as i64 != total_naive {
        fail(&format!(
            "all holdings at {d}: ledger {total_ledger}, naive {total_naive}"
        ));
    }
    assert_eq!(total_naive, total_sql, "all holdings at {d} (SQLite)");
    let lot = 17;
    let (h, p) = data.lot(lot);
    let steps = ledger.timeline(h, p, &AsOf::latest());
    let naive = naive_timeline(&data.naive, lot);
    let last = steps.last().map(|s| s.state.readiness());
    let naive_last = naive.last().map(|s| (s.1 as u64, s.2 as u64, s.3 as u64));
    let last = last.map(|r| (r.mission_capable(), r.in_service(), r.unknown()));
    if last != naive_last {
        fail(&format!(
            "timeline of lot {lot} ends at {last:?}, naive at {naive_last:?}"
        ));
    }
}

fn bench_size(c: &mut Criterion, n: usize) {
    let data = generate(n, SEED);
    assert!(
        data.entries
            .windows(2)
            .all(|w| w[0].recorded() <= w[1].recorded()),
        "recorded times must not decrease"
    );
    let ledger = build_ledger(&data.entries);
    let mut conn = empty_db();
    insert_rows(&mut conn, &data);
    let mut rng = Rng::new(SEED ^ n as u64);
    cross_check(&data, &ledger, &conn, &mut rng);
    eprintln!(
        "N = {n}: {:?}; {} SQLite rows; dates {}..{}",
        data.stats,
        data.rows.len(),
        data.first,
        data.last
    );

    let lot_queries: Vec<(u32, Date)> = (0..QUERIES)
        .map(|_| (rng.below(1000) as u32, data.random_day(&mut rng)))
        .collect();
    let dates: Vec<Date> = (0..QUERIES).map(|_| data.random_day(&mut rng)).collect();
    if let Some(dir) = std::env::var_os("MATERIEL_BENCH_EXPORT") {
        export::write(dir.as_ref(), n, &data, &ledger, &dates).expect("the exported workload");
    }

    // 1. As-of holdings of one lot at a random date.
    {
        let mut g = c.benchmark_group("lot_as_of");
        configure(&mut g, n);
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("ledger", n), |b| {
            b.iter(|| {
                let (lot, d) = lot_queries[i % QUERIES];
                i += 1;
                let (h, p) = data.lot(lot);
                black_box(ledger.lot(h, p, &AsOf::valid(d)))
            });
        });
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("naive", n), |b| {
            b.iter(|| {
                let (lot, d) = lot_queries[i % QUERIES];
                i += 1;
                black_box(naive_lot(&data.naive, lot, d))
            });
        });
        let mut stmt = conn.prepare(LOT_SQL).expect("the lot query");
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("sqlite", n), |b| {
            b.iter(|| {
                let (lot, d) = lot_queries[i % QUERIES];
                i += 1;
                let (h, _) = data.lot(lot);
                let p = &data.platform_names[lot as usize % common::PLATFORMS];
                black_box(sql_lot(&mut stmt, h.as_str(), p, day(d)))
            });
        });
        g.finish();
    }

    // 2. As-of holdings of every lot at one date.
    {
        let mut g = c.benchmark_group("all_holdings");
        configure(&mut g, n);
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("ledger", n), |b| {
            b.iter(|| {
                let d = dates[i % QUERIES];
                i += 1;
                black_box(ledger.all_holdings(&AsOf::valid(d)))
            });
        });
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("naive", n), |b| {
            b.iter(|| {
                let d = dates[i % QUERIES];
                i += 1;
                black_box(naive_all(&data.naive, d))
            });
        });
        let mut stmt = conn.prepare(ALL_SQL).expect("the holdings query");
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("sqlite", n), |b| {
            b.iter(|| {
                let d = dates[i % QUERIES];
                i += 1;
                black_box(sql_all(&mut stmt, day(d)))
            });
        });
        g.finish();
    }

    // 5. Readiness timeline of one lot.
    {
        let mut g = c.benchmark_group("timeline_readiness");
        configure(&mut g, n);
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("ledger", n), |b| {
            b.iter(|| {
                let (lot, _) = lot_queries[i % QUERIES];
                i += 1;
                let (h, p) = data.lot(lot);
                let steps = ledger.timeline(h, p, &AsOf::latest());
                black_box(
                    steps
                        .iter()
                        .map(|s| (s.date, s.state.readiness()))
                        .collect::<Vec<_>>(),
                )
            });
        });
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("naive", n), |b| {
            b.iter(|| {
                let (lot, _) = lot_queries[i % QUERIES];
                i += 1;
                black_box(naive_timeline(&data.naive, lot))
            });
        });
        g.finish();
    }

    // 3. Bulk append of the N entries into a fresh store.
    {
        let mut g = c.benchmark_group("bulk_append");
        configure(&mut g, n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(BenchmarkId::new("ledger", n), |b| {
            b.iter_batched(
                || (Catalog::reference(), data.entries.clone()),
                |(catalog, entries)| {
                    let mut l = Ledger::new(catalog);
                    for e in entries {
                        // Checked in the setup (a failure here only in lenient mode).
                        black_box(l.append(e).is_ok());
                    }
                    l
                },
                BatchSize::LargeInput,
            );
        });
        // The batch path (`Ledger::extend`): the whole workload as one batch, and in
        // batches of 10k entries (an importer's chunk).
        for (name, chunk) in [("ledger_batch", usize::MAX), ("ledger_batch_10k", 10_000)] {
            g.bench_function(BenchmarkId::new(name, n), |b| {
                b.iter_batched(
                    || (Catalog::reference(), data.entries.clone()),
                    |(catalog, entries)| {
                        let mut l = Ledger::new(catalog);
                        let mut entries = entries.into_iter();
                        loop {
                            let batch: Vec<NewEntry> = entries.by_ref().take(chunk).collect();
                            if batch.is_empty() {
                                break;
                            }
                            if let Err(err) = l.extend(batch) {
                                fail(&format!("a batch of valid entries was rejected: {err}"));
                                break;
                            }
                        }
                        l
                    },
                    BatchSize::LargeInput,
                );
            });
        }
        // Quadratic in the lot size: too slow at 10^6 for a default run.
        if n <= 100_000 {
            g.bench_function(BenchmarkId::new("naive", n), |b| {
                b.iter_batched(
                    || data.entries.clone(),
                    |entries| {
                        let mut s = NaiveStore::new();
                        for e in &entries {
                            assert!(s.append(e), "the naive store accepts every entry");
                        }
                        (s, entries)
                    },
                    BatchSize::LargeInput,
                );
            });
        }
        g.bench_function(BenchmarkId::new("sqlite", n), |b| {
            b.iter_batched(
                empty_db,
                |mut conn| {
                    insert_rows(&mut conn, &data);
                    conn
                },
                BatchSize::LargeInput,
            );
        });
        g.finish();
    }

    // 7. Journal open and replay of the N entries (written once, durability on sync).
    {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("bench.journal");
        let options = JournalOptions::new().durability(Durability::OnSync);
        let mut journal =
            Journal::create(&path, Catalog::reference(), &options).expect("journal created");
        let mut accepted = 0usize;
        for e in &data.entries {
            accepted += usize::from(journal.append(e.clone()).is_ok());
        }
        journal.sync().expect("journal synced");
        let bytes = journal.len_bytes();
        drop(journal);
        eprintln!(
            "N = {n}: journal of {accepted} entries, {:.1} MB",
            bytes as f64 / 1e6
        );
        let mut g = c.benchmark_group("journal_open");
        configure(&mut g, n);
        g.throughput(Throughput::Elements(accepted as u64));
        g.bench_function(BenchmarkId::new("ledger", n), |b| {
            b.iter_batched(
                Catalog::reference,
                |catalog| Journal::open(&path, catalog, &options).expect("journal opens"),
                BatchSize::LargeInput,
            );
        });
        g.finish();
    }

    // 7b. Ledger replay from JSON (journal replay minus I/O and checksums).
    {
        let json: Vec<String> = data
            .entries
            .iter()
            .map(|e| serde_json::to_string(e).expect("serializable"))
            .collect();
        let bytes: usize = json.iter().map(|l| l.len() + 1).sum();
        eprintln!(
            "N = {n}: JSON lines {:.1} MB ({} B/entry)",
            bytes as f64 / 1e6,
            bytes / n
        );
        let mut g = c.benchmark_group("replay_json");
        configure(&mut g, n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(BenchmarkId::new("ledger", n), |b| {
            b.iter_batched(
                Catalog::reference,
                |catalog| {
                    let mut l = Ledger::new(catalog);
                    for line in &json {
                        let e: NewEntry = serde_json::from_str(line).expect("an entry");
                        black_box(l.append(e).is_ok());
                    }
                    l
                },
                BatchSize::LargeInput,
            );
        });
        g.bench_function(BenchmarkId::new("parse_only", n), |b| {
            b.iter(|| {
                for line in &json {
                    let e: NewEntry = serde_json::from_str(line).expect("an entry");
                    black_box(e);
                }
            });
        });
        g.finish();
    }

    // 4. One back-dated append into the largest lot (last: it grows the ledger).
    {
        let mut sizes = vec![0usize; 1000];
        for e in data.naive.iter().filter(|e| !e.retracted) {
            sizes[e.lot as usize] += 1;
        }
        let (lot, later) = sizes
            .iter()
            .copied()
            .enumerate()
            .max_by_key(|&(_, s)| s)
            .expect("lots");
        let (h, p) = data.lot(lot as u32);
        let recorded = ledger.latest_recorded().expect("entries");
        let early = EffectiveDate::day(1975, 1, 1).expect("a date");
        let source =
            Source::new("bench back-fill", "B2".parse().expect("a grade")).expect("a citation");
        let accepted = NewEntry::new(
            h.clone(),
            p.clone(),
            early,
            Change::Delivered {
                count: Count::exact(1).expect("a count within MAX_COUNT"),
                into: Status::Stored,
                supplier: None,
                condition: Default::default(),
            },
            source.clone(),
            recorded,
        );
        // Rejected at its own date (nothing held in 1975): measured with its rollback, the
        // ledger is left unchanged.
        let rejected = NewEntry::new(
            h.clone(),
            p.clone(),
            early,
            Change::Lost {
                count: Count::exact(1).expect("a count within MAX_COUNT"),
                from: Status::Operational,
                cause: materiel::ledger::LossCause::Destroyed,
            },
            source,
            recorded,
        );
        let mut ledger = ledger;
        let before = ledger.len();
        let mut g = c.benchmark_group("backdated_append");
        configure(&mut g, n);
        g.bench_function(BenchmarkId::new("ledger_rejected", n), |b| {
            b.iter_batched(
                || rejected.clone(),
                |e| black_box(ledger.append(e).is_err()),
                BatchSize::SmallInput,
            );
        });
        assert_eq!(
            ledger.len(),
            before,
            "rejections leave the ledger unchanged"
        );
        g.bench_function(BenchmarkId::new("ledger", n), |b| {
            b.iter_batched(
                || accepted.clone(),
                |e| ledger.append(e).expect("a delivery is always valid"),
                BatchSize::SmallInput,
            );
        });
        g.finish();
        eprintln!(
            "N = {n}: back-dated appends into lot {h}/{p} with {later} later entries; \
             {} appended during the measurement",
            ledger.len() - before
        );
    }
}

/// Bench 6, the SIPRI full export (2.09 MB, 20,480 rows): path from `MATERIEL_SIPRI_CSV`, else
/// `../shared/data/sipri-arms-transfers-2000-2030.csv` beside the crate; skipped with a
/// message when absent.
fn bench_sipri(c: &mut Criterion) {
    let path = std::env::var_os("MATERIEL_SIPRI_CSV").map_or_else(
        || {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/data/sipri-arms-transfers-2000-2030.csv")
        },
        std::path::PathBuf::from,
    );
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!(
            "sipri_import: skipped, no SIPRI export at {}",
            path.display()
        );
        return;
    };
    let mut g = c.benchmark_group("sipri_import");
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(if quick() { 3 } else { 8 }));
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("full_export", |b| {
        b.iter_batched(
            || Ledger::new(Catalog::reference()),
            |mut ledger| {
                let report = sipri::import(&mut ledger, &bytes[..], &Options::default())
                    .expect("the export imports");
                black_box(report.counts.entries_created);
                ledger
            },
            BatchSize::LargeInput,
        );
    });
    g.finish();
}

/// Appending to ONE lot newest first against the same entries in date order (target: at
/// most 3x), at 10^5 and 10^6 entries (10^5 only in quick mode), for deliveries and for a
/// mix with a quarter status changes.
fn bench_reverse_append(c: &mut Criterion) {
    let sizes: &[usize] = if test_mode() {
        &[10_000]
    } else if quick() {
        &[100_000]
    } else {
        &[100_000, 1_000_000]
    };
    for &n in sizes {
        let mut g = c.benchmark_group("reverse_append");
        configure(&mut g, n);
        g.throughput(Throughput::Elements(n as u64));
        for (mix, suffix) in [
            (Mix::Deliveries, ""),
            (Mix::StatusChanges, "_status_changes"),
        ] {
            let [dated, reverse] = one_lot(n, mix);
            g.bench_function(BenchmarkId::new(format!("in_order{suffix}"), n), |b| {
                b.iter(|| black_box(build_ledger(&dated).len()));
            });
            g.bench_function(BenchmarkId::new(format!("newest_first{suffix}"), n), |b| {
                b.iter(|| black_box(build_ledger(&reverse).len()));
            });
        }
        g.finish();
    }
}

/// Instruction counts under callgrind (`MATERIEL_BENCH_CALLGRIND="<what> <n>"`): builds the
/// setup, then runs the measured work once inside a function named `callgrind_measured_*`,
/// so that `--toggle-collect='*callgrind_measured*'` counts it alone (see BENCHMARKS.md).
/// `<what>`: `lot_as_of` (1,024 queries), `holdings` (1,024 queries of one holder),
/// `all_holdings` (64 dates), `bulk_append`,
/// `reverse_<order>` or `reverse_<order>_status_changes` (`<order>`: `in_order`,
/// `newest_first`).
fn callgrind(spec: &str) {
    let mut words = spec.split_whitespace();
    let (Some(what), Some(n)) = (words.next(), words.next().and_then(|w| w.parse().ok())) else {
        panic!("MATERIEL_BENCH_CALLGRIND: expected \"<what> <n>\", got {spec:?}");
    };
    let n: usize = n;
    let reverse = |mix, newest_first: bool| {
        let [dated, reverse] = one_lot(n, mix);
        let entries = if newest_first { reverse } else { dated };
        let len = callgrind_measured_build(&entries);
        eprintln!("{what} {n}: {len} entries appended");
    };
    match what {
        "lot_as_of" | "holdings" | "all_holdings" | "bulk_append" => {
            let data = generate(n, SEED);
            let mut rng = Rng::new(SEED ^ n as u64);
            if what == "bulk_append" {
                let len = callgrind_measured_build(&data.entries);
                eprintln!("{what} {n}: {len} entries appended");
                return;
            }
            let ledger = build_ledger(&data.entries);
            if what == "lot_as_of" {
                let queries: Vec<(u32, Date)> = (0..QUERIES)
                    .map(|_| (rng.below(1000) as u32, data.random_day(&mut rng)))
                    .collect();
                let sum = callgrind_measured_lot_as_of(&ledger, &data, &queries);
                eprintln!("{what} {n}: {} queries, checksum {sum}", queries.len());
            } else if what == "holdings" {
                let queries: Vec<(usize, Date)> = (0..QUERIES)
                    .map(|_| (rng.below(100) as usize, data.random_day(&mut rng)))
                    .collect();
                let sum = callgrind_measured_holdings(&ledger, &data, &queries);
                eprintln!("{what} {n}: {} queries, checksum {sum}", queries.len());
            } else {
                let dates: Vec<Date> = (0..64).map(|_| data.random_day(&mut rng)).collect();
                let sum = callgrind_measured_all_holdings(&ledger, &dates);
                if let Some(rounds) = std::env::var("MATERIEL_BENCH_REPEAT")
                    .ok()
                    .and_then(|r| r.parse().ok())
                {
                    time_all_holdings(&ledger, &dates, rounds);
                }
                // Not measured: every count of every answer, to check a change to the query.
                let full: u64 = dates
                    .iter()
                    .map(|&d| all_holdings_checksum(&ledger.all_holdings(&AsOf::valid(d))))
                    .fold(0, u64::wrapping_add);
                eprintln!(
                    "{what} {n}: {} queries, checksum {sum}, full checksum {full:016x}",
                    dates.len()
                );
            }
        }
        "workload" => {
            // Not measured: what the workload is, to check that it did not change.
            let data = generate(n, SEED);
            eprintln!(
                "workload {n}: {:?}; {} flat effects, {} SQLite rows; fingerprint {:016x}",
                data.stats,
                data.naive.len(),
                data.rows.len(),
                common::fingerprint(&data.entries)
            );
        }
        "reverse_in_order" => reverse(Mix::Deliveries, false),
        "reverse_newest_first" => reverse(Mix::Deliveries, true),
        "reverse_in_order_status_changes" => reverse(Mix::StatusChanges, false),
        "reverse_newest_first_status_changes" => reverse(Mix::StatusChanges, true),
        _ => panic!("MATERIEL_BENCH_CALLGRIND: unknown measure {what:?}"),
    }
}

#[inline(never)]
fn callgrind_measured_build(entries: &[NewEntry]) -> usize {
    build_ledger(entries).len()
}

#[inline(never)]
fn callgrind_measured_lot_as_of(ledger: &Ledger, data: &Dataset, queries: &[(u32, Date)]) -> u64 {
    let mut sum = 0;
    for &(lot, d) in queries {
        let (h, p) = data.lot(lot);
        sum += black_box(ledger.lot(h, p, &AsOf::valid(d)))
            .in_service()
            .value();
    }
    sum
}

#[inline(never)]
fn callgrind_measured_holdings(ledger: &Ledger, data: &Dataset, queries: &[(usize, Date)]) -> u64 {
    let mut sum = 0;
    for &(h, d) in queries {
        sum += black_box(ledger.holdings(&data.holders[h], &AsOf::valid(d))).len() as u64;
    }
    sum
}

/// Every holder, platform, count (with its basis), flow and flag of an all-holdings answer,
/// hashed in order (FNV-1a over their debug form).
fn all_holdings_checksum(all: &[(materiel::HolderId, materiel::ledger::Holdings)]) -> u64 {
    let text = format!("{all:?}");
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Wall time per all-holdings call (`MATERIEL_BENCH_REPEAT=<rounds>` with the callgrind mode's
/// `all_holdings`, run without valgrind): `rounds` rounds of the 64 dates, each call timed
/// alone. Printed on standard error: the mean over the dates of each date's fastest call
/// (on a loaded machine, a call no other process interrupted), and the median of all calls.
/// For comparing two builds run alternately where criterion's means move between runs.
fn time_all_holdings(ledger: &Ledger, dates: &[Date], rounds: usize) {
    let mut fastest = vec![f64::INFINITY; dates.len()];
    let mut all: Vec<f64> = Vec::with_capacity(rounds * dates.len());
    for _ in 0..rounds.max(1) {
        for (&d, best) in dates.iter().zip(&mut fastest) {
            let start = std::time::Instant::now();
            black_box(ledger.all_holdings(&AsOf::valid(d)));
            let ms = start.elapsed().as_secs_f64() * 1e3;
            *best = best.min(ms);
            all.push(ms);
        }
    }
    all.sort_by(f64::total_cmp);
    eprintln!(
        "all_holdings: {} calls, ms per call: mean of each date's fastest {:.3}, median {:.3}",
        all.len(),
        fastest.iter().sum::<f64>() / fastest.len() as f64,
        all[all.len() / 2]
    );
}

#[inline(never)]
fn callgrind_measured_all_holdings(ledger: &Ledger, dates: &[Date]) -> u64 {
    let mut sum = 0;
    for &d in dates {
        sum += black_box(ledger.all_holdings(&AsOf::valid(d))).len() as u64;
    }
    sum
}

fn main() {
    if let Ok(spec) = std::env::var("MATERIEL_BENCH_CALLGRIND") {
        callgrind(&spec);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench_sipri(&mut c);
    bench_reverse_append(&mut c);
    let sizes: &[usize] = if test_mode() {
        &[10_000]
    } else if quick() {
        &[10_000, 100_000]
    } else {
        &[10_000, 100_000, 1_000_000]
    };
    for &n in sizes {
        bench_size(&mut c, n);
    }
    c.final_summary();
}
