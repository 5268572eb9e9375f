//! The bulk questions of the command line, `materiel losses HOLDER` and `materiel transfers`,
//! as library queries at 10^5 entries (10^4 under `cargo test --benches`), each beside SQLite
//! answering the same question from an indexed table of the same visible entries, in the same
//! run (BENCHMARKS.md, "Losses and transfers at 10^5 entries").
//!
//! * `losses_of/ledger`: `Ledger::losses_of(holder)` (holder, platform, cause, month sums),
//!   cycling through the workload's 100 holders; `losses_of/sqlite`: the same sums by
//!   `GROUP BY` over an indexed table of the loss entries.
//! * `transfers/ledger`: `import::sipri::group_deliveries` by supplier over every recipient,
//!   units and SIPRI TIV read from each delivery's facts (the workload's deliveries are given
//!   SIPRI-shaped facts as JSON text, with a TIV); `transfers/sqlite`: `GROUP BY supplier,
//!   holder` over a table of the deliveries with their TIV.
//!
//! The setup asserts that both sides give the same totals.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion};
use materiel::import::sipri;
use materiel::ledger::{Facts, GroupBy, GroupFilter, LossCause};
use materiel::{AsOf, Catalog, Change, Ledger, NewEntry};
use rusqlite::{Connection, params};

#[allow(dead_code)]
mod common;

use common::{generate, test_mode};

const SEED: u64 = 0x6d61_7465_7269_656c;

/// The SIPRI facts given to delivery `i` of `count` units: a deal's fields as the importer
/// writes them, its TIV `count` x 1.25.
fn facts(i: usize, count: u64) -> Facts {
    let tiv = count * 1250;
    let json = format!(
        r#"{{"deal":{i},"designation":"Mi-17","description":"transport helicopter","category":"Aircraft","order_year":2009,"order_year_estimate":false,"status":"new","licensed":false,"tiv_unit":"1.25","sipri_estimate":"1.25","tiv_delivery":"{}.{:03}","delivered_estimate":false,"delivery_year_estimate":false,"recipient_kind":"state","supplier_kind":"state"}}"#,
        tiv / 1000,
        tiv % 1000
    );
    Facts::from_json("sipri", &json).expect("the facts are JSON")
}

/// The cause without its captor, as a loss row's text.
fn cause(c: &LossCause) -> String {
    match c {
        LossCause::Captured { .. } => "captured".to_owned(),
        other => other.to_string(),
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let n = if test_mode() { 10_000 } else { 100_000 };
    let data = generate(n, SEED);
    let entries: Vec<NewEntry> = data
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| match e.change() {
            Change::Delivered { count, .. } => e.clone().with_facts(facts(i, count.value())),
            _ => e.clone(),
        })
        .collect();
    let mut ledger = Ledger::new(Catalog::reference());
    for e in entries {
        ledger.append(e).expect("the workload is valid");
    }

    // The baseline's tables: the entries the view sees (retracted ones left out).
    let conn = Connection::open_in_memory().expect("an in-memory database");
    conn.execute_batch(
        "CREATE TABLE losses (holder TEXT, platform TEXT, cause TEXT, month TEXT, count INTEGER);
         CREATE TABLE deliveries (supplier TEXT, holder TEXT, count INTEGER, tiv INTEGER);",
    )
    .expect("the schema");
    let (mut lost, mut delivered, mut tiv) = (0u64, 0u64, 0u64);
    for entry in ledger.entries() {
        if ledger.retracted_by(entry.id()).is_some() {
            continue;
        }
        let holder = entry.holder().to_string();
        match entry.change() {
            Change::Lost {
                count, cause: c, ..
            } => {
                let d = entry.effective().first_day();
                let month = format!("{:04}-{:02}", d.year(), d.month());
                conn.execute(
                    "INSERT INTO losses VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        holder,
                        entry.platform().to_string(),
                        cause(c),
                        month,
                        i64::try_from(count.value()).expect("a count fits")
                    ],
                )
                .expect("an insert");
                lost += count.value();
            }
            Change::Delivered {
                count, supplier, ..
            } => {
                let supplier = supplier
                    .as_ref()
                    .map_or("unknown".to_owned(), |s| s.to_string());
                let t = count.value() * 1250;
                conn.execute(
                    "INSERT INTO deliveries VALUES (?1, ?2, ?3, ?4)",
                    params![
                        supplier,
                        holder,
                        i64::try_from(count.value()).expect("a count fits"),
                        i64::try_from(t).expect("a TIV fits")
                    ],
                )
                .expect("an insert");
                delivered += count.value();
                tiv += t;
            }
            _ => {}
        }
    }
    conn.execute_batch(
        "CREATE INDEX losses_holder ON losses (holder, platform, cause, month, count);
         CREATE INDEX deliveries_pair ON deliveries (supplier, holder, count, tiv);
         ANALYZE;",
    )
    .expect("the indexes");

    // The same totals on both sides.
    let at = AsOf::latest();
    let ledger_lost: u64 = data
        .holders
        .iter()
        .flat_map(|h| ledger.losses_of(h, &at))
        .map(|r| r.count.value())
        .sum();
    assert_eq!(ledger_lost, lost, "units lost, ledger and SQLite");
    let rows = sipri::group_deliveries(&ledger, None, GroupBy::Supplier, &GroupFilter::new(), &at)
        .expect("the transfers");
    let units: u64 = rows.iter().map(|r| r.row.count.value()).sum();
    let ledger_tiv: u64 = rows.iter().map(|r| r.tiv.thousandths()).sum();
    assert_eq!(
        (units, ledger_tiv),
        (delivered, tiv),
        "units and TIV, ledger and SQLite"
    );
    eprintln!(
        "N = {n}: {lost} units lost, {delivered} delivered ({} supplier x recipient rows)",
        rows.len()
    );

    let mut g = c.benchmark_group("losses_of");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let mut i = 0usize;
    g.bench_function(BenchmarkId::new("ledger", n), |b| {
        b.iter(|| {
            let h = &data.holders[i % data.holders.len()];
            i += 1;
            black_box(ledger.losses_of(h, &at))
        });
    });
    let mut stmt = conn
        .prepare(
            "SELECT platform, cause, month, SUM(count) FROM losses WHERE holder = ?1 \
             GROUP BY platform, cause, month",
        )
        .expect("the query");
    let mut i = 0usize;
    g.bench_function(BenchmarkId::new("sqlite", n), |b| {
        b.iter(|| {
            let h = data.holders[i % data.holders.len()].to_string();
            i += 1;
            let rows: Vec<(String, String, String, i64)> = stmt
                .query_map(params![h], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .expect("the rows")
                .collect::<Result<_, _>>()
                .expect("each row");
            black_box(rows)
        });
    });
    g.finish();

    let mut g = c.benchmark_group("transfers");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.bench_function(BenchmarkId::new("ledger", n), |b| {
        b.iter(|| {
            black_box(
                sipri::group_deliveries(&ledger, None, GroupBy::Supplier, &GroupFilter::new(), &at)
                    .expect("the transfers"),
            )
        });
    });
    let mut stmt = conn
        .prepare(
            "SELECT supplier, holder, SUM(count), SUM(tiv) FROM deliveries \
             GROUP BY supplier, holder",
        )
        .expect("the query");
    g.bench_function(BenchmarkId::new("sqlite", n), |b| {
        b.iter(|| {
            let rows: Vec<(String, String, i64, i64)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .expect("the rows")
                .collect::<Result<_, _>>()
                .expect("each row");
            black_box(rows)
        });
    });
    g.finish();
    c.final_summary();
}
