//! scratch
#![allow(missing_docs, clippy::unwrap_used)]
use materiel::*;
use std::time::Instant;
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().unwrap())
        .unwrap_or(1_000_000);
    let lots = 1000usize;
    let holders: Vec<HolderId> = (0..100)
        .map(|i| HolderId::organisation(&format!("h{i}")).unwrap())
        .collect();
    let plats: Vec<PlatformRef> = (0..10)
        .map(|i| PlatformRef::generic(format!("p{i}"), PlatformKind::Generic))
        .collect();
    let src = Source::new("bench", "B2".parse().unwrap());
    let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
    let mut entries = Vec::with_capacity(n);
    let mut rng = 12345u64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let per_lot = n / lots;
    for i in 0..n {
        let lot = i % lots;
        let step = i / lots;
        let day = 1 + step as i32; // days since 2000
        let date = jiff::civil::date(2000, 1, 1)
            .checked_add(jiff::Span::new().days(day as i64))
            .unwrap();
        let eff = EffectiveDate::from_date(date).unwrap();
        let change = if step % 4 == 0 || step < 2 {
            Change::Delivered {
                count: Count::exact(3),
                into: Status::Unknown,
                supplier: None,
                condition: Condition::New,
            }
        } else if step % 4 == 1 {
            Change::StatusChanged {
                from: Status::Unknown,
                to: Status::Operational,
                count: Count::exact(1),
            }
        } else if step % 4 == 2 {
            Change::StatusChanged {
                from: Status::Operational,
                to: Status::Degraded,
                count: Count::exact(1),
            }
        } else {
            let _ = next();
            Change::Lost {
                count: Count::exact(1),
                from: Status::Unknown,
                cause: LossCause::Destroyed,
            }
        };
        entries.push(NewEntry::new(
            holders[lot / 10].clone(),
            plats[lot % 10].clone(),
            eff,
            change,
            src.clone(),
            t,
        ));
    }
    let _ = per_lot;
    let mut ledger = Ledger::new(Catalog::reference());
    let t0 = Instant::now();
    let mut rejected = 0;
    for e in entries {
        if ledger.append(e).is_err() {
            rejected += 1;
        }
    }
    let dt = t0.elapsed();
    println!(
        "append {n}: {:?} ({:.0} ns/entry), rejected {rejected}",
        dt,
        dt.as_nanos() as f64 / n as f64
    );
    let q = Instant::now();
    let mut s = 0u64;
    let reps = 100_000;
    for i in 0..reps {
        let lot = i % lots;
        let d = jiff::civil::date(2000, 1, 1)
            .checked_add(jiff::Span::new().days((i % (per_lot.max(1))) as i64))
            .unwrap();
        s += ledger
            .lot(&holders[lot / 10], &plats[lot % 10], &AsOf::valid(d))
            .in_service()
            .value();
    }
    let dq = q.elapsed();
    println!(
        "lot query: {:.0} ns ({s})",
        dq.as_nanos() as f64 / reps as f64
    );
    let q = Instant::now();
    let d = jiff::civil::date(2000, 1, 1)
        .checked_add(jiff::Span::new().days((per_lot / 2) as i64))
        .unwrap();
    let mut tot = 0;
    for _ in 0..20 {
        for h in &holders {
            tot += ledger.holdings(h, &AsOf::valid(d)).len();
        }
    }
    println!("all lots query: {:?} ({tot})", q.elapsed() / 20);
}
