//! The other model-based properties: append order, large lots, pipelines, the benches'
//! workload.

use super::*;

// ---------------------------------------------------------------------------------------------
// Determinism: the same always-valid entries in any append order give the same answers.

/// Entries valid in any order: deliveries (effective 2010-2013) and, dated 2014 on, removals
/// that never exceed what was delivered into their status.
fn order_free_entries() -> impl Strategy<Value = (Vec<NewEntry>, Vec<NewEntry>)> {
    let lots = prop_oneof![
        6 => Just((holder("VEN"), platforms()[0].clone())),
        2 => Just((holder("RUS"), platforms()[0].clone())),
        1 => Just((holder("VEN"), platforms()[3].clone())),
    ];
    let early = prop_oneof![
        (2010i16..=2013).prop_map(|y| EffectiveDate::year(y).unwrap()),
        (2010i16..=2013, 1i8..=12).prop_map(|(y, m)| EffectiveDate::month(y, m).unwrap()),
        (2010i16..=2013, 1i8..=12, 1i8..=28)
            .prop_map(|(y, m, d)| EffectiveDate::day(y, m, d).unwrap()),
    ];
    let late = (2014i16..=2016, 1i8..=12, 1i8..=28)
        .prop_map(|(y, m, d)| EffectiveDate::day(y, m, d).unwrap());
    let delivery = (
        lots.clone(),
        early,
        1u64..=5,
        status_s(),
        basis_s(),
        grade_s(),
    )
        .prop_map(|((h, p), eff, n, into, b, src)| {
            NewEntry::new(
                h,
                p,
                eff,
                Change::Delivered {
                    count: Count::new(n, b).unwrap(),
                    into,
                    supplier: None,
                    condition: Condition::New,
                },
                src,
                t0(),
            )
        });
    // Removal candidates: (lot, date, kind, count, status, receiver), trimmed to the budget.
    let removal = (lots, late, 0u8..4, 1u64..=6, status_s(), grade_s());
    (
        prop::collection::vec(delivery, 1..220),
        prop::collection::vec(removal, 0..40),
    )
        .prop_map(|(deliveries, removals)| {
            let mut budget: Vec<(Lot, Status, u64)> = Vec::new();
            for d in &deliveries {
                if let Change::Delivered { count, into, .. } = d.change() {
                    let lot = (d.holder().clone(), d.platform().clone());
                    match budget.iter_mut().find(|(l, s, _)| *l == lot && s == into) {
                        Some(b) => b.2 += count.value(),
                        None => budget.push((lot, *into, count.value())),
                    }
                }
            }
            let mut later = Vec::new();
            for ((h, p), eff, kind, n, from, src) in removals {
                let lot = (h.clone(), p.clone());
                let Some(b) = budget.iter_mut().find(|(l, s, _)| *l == lot && *s == from) else {
                    continue;
                };
                let n = n.min(b.2);
                if n == 0 {
                    continue;
                }
                b.2 -= n;
                let count = Count::exact(n).unwrap();
                let change = match kind {
                    0 => Change::Lost {
                        count,
                        from,
                        cause: LossCause::Destroyed,
                    },
                    1 => Change::Retired { count, from },
                    2 => Change::StatusChanged {
                        from,
                        to: if from == Status::Unknown {
                            Status::Operational
                        } else {
                            Status::Unknown
                        },
                        count,
                    },
                    _ => Change::Transferred {
                        count,
                        to: holder("zicotrans"),
                        from,
                        into: Status::Stored,
                    },
                };
                later.push(NewEntry::new(h, p, eff, change, src, t0()));
            }
            (deliveries, later)
        })
}

fn build(entries: &[NewEntry]) -> Ledger {
    let mut ledger = Ledger::new(Catalog::reference());
    for (i, e) in entries.iter().enumerate() {
        let mut e = e.clone();
        // Recorded times follow the append order.
        e = NewEntry::new(
            e.holder().clone(),
            e.platform().clone(),
            e.effective(),
            e.change().clone(),
            e.source().clone(),
            hours(t0(), i as i64),
        );
        if let Err(err) = ledger.append(e) {
            panic!("order-free entry {i} rejected: {err}");
        }
    }
    ledger
}

fn content_key(e: &NewEntry) -> String {
    format!(
        "{} {} {:?} {:?}",
        e.holder(),
        e.platform(),
        e.effective(),
        e.change()
    )
}

proptest! {
    #![proptest_config(Config {
        cases: cases(32),
        failure_persistence: None,
        ..Config::default()
    })]

    /// Appending the same entries in another order gives the same answers to every query.
    #[test]
    fn append_order_does_not_change_answers(
        (entries, shuffled) in order_free_entries().prop_flat_map(|(early, late)| {
            let all: Vec<NewEntry> = early.iter().chain(late.iter()).cloned().collect();
            let shuffled = (Just(early).prop_shuffle(), Just(late).prop_shuffle())
                .prop_map(|(e, l)| e.into_iter().chain(l).collect::<Vec<_>>());
            (Just(all), shuffled)
        })
    ) {
        let a = build(&entries);
        let b = build(&shuffled);
        prop_assert_eq!(a.len(), b.len());
        let mut days: BTreeSet<Date> = BTreeSet::new();
        for e in &entries {
            days.insert(e.effective().first_day());
            days.insert(e.effective().first_day().yesterday().unwrap());
        }
        let mut lots: Vec<Lot> = Vec::new();
        for e in &entries {
            for l in Model::lots_of(e) {
                if !lots.contains(&l) {
                    lots.push(l);
                }
            }
        }
        let mut ats: Vec<AsOf> = days.iter().map(|&d| AsOf::valid(d)).collect();
        ats.push(AsOf::latest());
        ats.push(AsOf::latest().min_grade(min_grade()));
        ats.push(AsOf::valid(date(2013, 6, 1)).min_grade(min_grade()));
        for at in &ats {
            for lot in &lots {
                let sa = a.lot(&lot.0, &lot.1, at);
                let sb = b.lot(&lot.0, &lot.1, at);
                prop_assert_eq!(sa, sb, "lot {:?} at {:?}", lot, at);
                if at.grade().is_none() {
                    prop_assert!(sa.is_consistent());
                }
            }
            for h in holders() {
                let mut ha: Vec<_> = a.holdings(&h, at).iter().map(|(p, s)| (p.to_string(), *s)).collect();
                let mut hb: Vec<_> = b.holdings(&h, at).iter().map(|(p, s)| (p.to_string(), *s)).collect();
                ha.sort_by(|x, y| x.0.cmp(&y.0));
                hb.sort_by(|x, y| x.0.cmp(&y.0));
                prop_assert_eq!(ha, hb);
            }
        }
        for at in [AsOf::latest(), AsOf::valid(date(2012, 12, 31)), AsOf::latest().min_grade(min_grade())] {
            for lot in &lots {
                prop_assert_eq!(a.timeline(&lot.0, &lot.1, &at), b.timeline(&lot.0, &lot.1, &at));
                let keys = |l: &Ledger| {
                    let mut k: Vec<String> = l
                        .provenance(&lot.0, &lot.1, &at)
                        .entries
                        .iter()
                        .map(|e| content_key(e))
                        .collect();
                    k.sort();
                    k
                };
                prop_assert_eq!(keys(&a), keys(&b));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Large lots: hundreds of entries in one or two lots, so that the block index splits and the
// segment tree composes block aggregates (a lot's first block holds up to 128 entries).

fn large_ops() -> impl Strategy<Value = Vec<(bool, EffectiveDate, Change, Source, u64)>> {
    let change = prop_oneof![
        12 => (1u64..=5, status_s(), basis_s()).prop_map(|(n, into, b)| Change::Delivered {
            count: Count::new(n, b).unwrap(),
            into,
            supplier: None,
            condition: Condition::New,
        }),
        4 => (1u64..=3, status_s()).prop_map(|(n, from)| Change::Lost {
            count: Count::exact(n).unwrap(),
            from,
            cause: LossCause::Destroyed,
        }),
        3 => (1u64..=3, status_s(), status_s())
            .prop_map(|(n, from, to)| Change::StatusChanged { from, to, count: Count::exact(n).unwrap() }),
        3 => (1u64..=3, status_s(), status_s()).prop_map(|(n, from, into)| Change::Transferred {
            count: Count::exact(n).unwrap(),
            to: holder("RUS"),
            from,
            into,
        }),
        1 => prop::collection::vec((status_s(), 0u64..=30), 1..=2).prop_map(|b| Change::Assessed {
            breakdown: b.into_iter().map(|(s, v)| (s, Count::exact(v).unwrap())).collect(),
        }),
        // A retraction of some earlier entry (the id is reduced modulo the length).
        2 => any::<u32>().prop_map(|i| Change::Retracted { entry: EntryId::new(u64::from(i)) }),
    ];
    // (from RUS back to VEN instead, effective, change, source, recorded-time step)
    prop::collection::vec(
        (
            prop::bool::weighted(0.15),
            effective_s(),
            change,
            grade_s(),
            0u64..=1,
        ),
        150..400,
    )
}

fn check_large(ledger: &Ledger, model: &Model) {
    assert_eq!(ledger.len(), model.entries.len());
    let mut days: BTreeSet<Date> = BTreeSet::new();
    for e in &model.entries {
        days.insert(e.effective().first_day());
        days.insert(e.effective().first_day().yesterday().unwrap());
    }
    let mut knowns = vec![None, Some(hours(t0(), model.entries.len() as i64 / 3))];
    knowns.extend(model.latest().map(|t| Some(hours(t, -1))));
    let su30 = platforms()[0].clone();
    for lot in [(holder("VEN"), su30.clone()), (holder("RUS"), su30.clone())] {
        for known in &knowns {
            for grade in [None, Some(min_grade())] {
                let view = View {
                    valid: None,
                    known: *known,
                    grade,
                };
                // Sweep the model's sorted entries once over all dates.
                let sorted = model.sorted(&lot, &view);
                let opening = model.opening(&lot, &view);
                let mut f = Fold::new();
                let mut k = 0;
                for &d in &days {
                    while k < sorted.len() && model.entries[sorted[k]].effective().first_day() <= d
                    {
                        f.apply(&model.entries[sorted[k]], &lot);
                        k += 1;
                    }
                    let at = View {
                        valid: Some(d),
                        ..view
                    };
                    let got = observe(&ledger.lot(&lot.0, &lot.1, &at.as_of()));
                    assert_eq!(got, f.obs(opening.as_ref()), "lot {lot:?} at {at:?}");
                    if grade.is_none() {
                        assert!(got.consistent, "negative count in {lot:?} at {at:?}");
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(Config {
        cases: cases(12),
        failure_persistence: None,
        ..Config::default()
    })]

    /// Hundreds of entries per lot, in date-scrambled order, with transfers, assessments,
    /// rejections and retractions: acceptance and every step date agree with the model.
    #[test]
    fn large_lots_agree_with_the_replay_model(ops in large_ops()) {
        let mut ledger = Ledger::new(Catalog::reference());
        let mut model = Model::default();
        let mut clock = t0();
        let su30 = platforms()[0].clone();
        for (i, (back, eff, change, src, step)) in ops.into_iter().enumerate() {
            clock = hours(clock, step as i64);
            let (holder_id, change) = match change {
                Change::Retracted { entry } => {
                    let n = model.entries.len().max(1) as u64;
                    let target = model.entries.get((entry.get() % n) as usize);
                    let h = target.map_or(holder("VEN"), |t| t.holder().clone());
                    (h, Change::Retracted { entry: EntryId::new(entry.get() % n) })
                }
                Change::Transferred { count, from, into, .. } if back => (
                    holder("RUS"),
                    Change::Transferred { count, to: holder("VEN"), from, into },
                ),
                other => (holder("VEN"), other),
            };
            let eff = match &change {
                Change::Retracted { entry } => model
                    .entries
                    .get(entry.get() as usize)
                    .map_or(eff, |t| t.effective()),
                _ => eff,
            };
            let entry = NewEntry::new(holder_id, su30.clone(), eff, change, src, clock);
            let expected = model.append(entry.clone());
            let len = ledger.len();
            let got = ledger.append(entry);
            prop_assert_eq!(&got, &expected, "append {}", i);
            if got.is_err() {
                prop_assert_eq!(ledger.len(), len);
            }
            if i % 97 == 96 {
                check_large(&ledger, &model);
            }
        }
        check_large(&ledger, &model);
    }
}

// ---------------------------------------------------------------------------------------------
// Procurement pipelines: requests, orders and deliveries of one holder, FIFO matching.

proptest! {
    #![proptest_config(Config {
        cases: cases(64),
        failure_persistence: None,
        ..Config::default()
    })]

    /// Pipelines agree with the model's first-in-first-out matching at every step date.
    #[test]
    fn pipelines_agree_with_the_model(
        ops in prop::collection::vec(
            (
                0u8..3,
                prop::option::of(1u64..=6),
                effective_s(),
                prop::bool::weighted(0.8),
            ),
            1..30,
        )
    ) {
        let mut ledger = Ledger::new(Catalog::reference());
        let mut model = Model::default();
        for (i, (kind, n, eff, own_lot)) in ops.into_iter().enumerate() {
            let count = Count::exact(n.unwrap_or(3)).unwrap();
            let change = match kind {
                0 => Change::Requested {
                    count: n.map(|n| Count::exact(n).unwrap()),
                    supplier: None,
                    request: RequestKind::Acquisition,
                },
                1 => Change::Ordered { count, supplier: None, condition: Condition::New },
                _ => Change::Delivered {
                    count,
                    into: Status::Operational,
                    supplier: None,
                    condition: Condition::New,
                },
            };
            let platform = if own_lot { platforms()[0].clone() } else { platforms()[1].clone() };
            let entry = NewEntry::new(
                holder("VEN"),
                platform,
                eff,
                change,
                source("A1"),
                hours(t0(), i as i64),
            );
            prop_assert_eq!(ledger.append(entry.clone()), model.append(entry));
        }
        let mut days: BTreeSet<Date> = BTreeSet::new();
        for e in &model.entries {
            days.insert(e.effective().first_day());
        }
        for d in days {
            let view = View { valid: Some(d), ..View::latest() };
            let got: Vec<(EntryId, Option<u64>)> = ledger
                .pipeline(&holder("VEN"), &view.as_of())
                .iter()
                .map(|p| (p.entry.id(), p.outstanding))
                .collect();
            prop_assert_eq!(got, model.pipeline(&holder("VEN"), &view), "at {}", d);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The deterministic workload of the benches (`tests/support/workload.rs`): every entry is
// accepted, and the ledger agrees with the workload's own naive fold of its flat effects.

mod workload {
    use jiff::civil::Date;
    use proptest::prelude::*;
    use proptest::test_runner::Config;

    use materiel::{AsOf, Catalog, Ledger, Status};

    use crate::support::history::cases;
    use crate::support::workload::{self, Dataset, NaiveEntry, Rng, query_key};

    /// The benches' seed (`benches/ledger.rs`).
    const BENCH_SEED: u64 = 0x6d61_7465_7269_656c;

    fn build(data: &Dataset) -> Ledger {
        let mut ledger = Ledger::new(Catalog::reference());
        for (i, e) in data.entries.iter().enumerate() {
            if let Err(err) = ledger.append(e.clone()) {
                panic!("generated entry {i} rejected: {err}\n{e:?}");
            }
        }
        ledger
    }

    /// The naive answer: the lot's effects up to the date, in (effective, id) order.
    fn naive_lot(naive: &[NaiveEntry], lot: u32, date: Date) -> [i64; 7] {
        let upto = ((query_key(date) as u64) << 32) | u64::from(u32::MAX);
        let mut es: Vec<&NaiveEntry> = naive
            .iter()
            .filter(|e| e.lot == lot && !e.retracted && e.key <= upto)
            .collect();
        es.sort_by_key(|e| e.key);
        workload::fold(es.into_iter())
    }

    /// What the benches measure does not change unnoticed: the make-up and the fingerprint
    /// of their workload at 10^4 entries, as BENCHMARKS.md's figures were measured on
    /// (10^5 and 10^6 are in BENCHMARKS.md; `MATERIEL_BENCH_CALLGRIND="workload <n>"` prints
    /// them). If the generator changes on purpose, update these and say so there.
    #[test]
    fn the_bench_workload_is_the_one_measured() {
        let data = workload::generate(10_000, BENCH_SEED);
        assert_eq!(
            format!("{:?}", data.stats),
            "Stats { backdated: 411, retractions: 86, assessments: 454, transfers: 470, \
             status_changes: 2786, deliveries: 2695, removals: 1141, no_effect: 1957 }"
        );
        assert_eq!((data.naive.len(), data.rows.len()), (10_486, 12_706));
        assert_eq!(
            format!("{:016x}", workload::fingerprint(&data.entries)),
            "0c62fb161a26cabc"
        );
    }

    proptest! {
        #![proptest_config(Config {
            cases: cases(12),
            failure_persistence: None,
            ..Config::default()
        })]

        /// Any seed, size and number of holders: the ledger accepts every generated entry
        /// (back-dated deliveries, retractions, assessments, transfers and captures among
        /// them) and every lot's counts at random dates, and the total held at one date,
        /// equal the naive fold of the flat effects.
        #[test]
        fn generated_workloads_agree_with_their_naive_fold(
            seed in any::<u64>(),
            n in 200usize..3_000,
            holders in 2usize..6,
        ) {
            let data = workload::generate_over(n, holders, seed);
            prop_assert_eq!(data.entries.len(), n);
            let ledger = build(&data);
            let lots = (holders * workload::PLATFORMS) as u64;
            let mut rng = Rng::new(seed ^ 1);
            for _ in 0..60 {
                let lot = rng.below(lots) as u32;
                let day = data.random_day(&mut rng);
                let (h, p) = data.lot(lot);
                let state = ledger.lot(h, p, &AsOf::valid(day));
                let got = Status::ALL.map(|s| state.count(s).value() as i64);
                prop_assert_eq!(got, naive_lot(&data.naive, lot, day), "lot {} at {}", lot, day);
            }
            let day = data.random_day(&mut rng);
            let held: u64 = ledger
                .all_holdings(&AsOf::valid(day))
                .iter()
                .flat_map(|(_, hs)| hs.iter().map(|(_, s)| s.in_service().value()))
                .sum();
            let naive: i64 = (0..lots as u32)
                .map(|l| naive_lot(&data.naive, l, day).iter().sum::<i64>())
                .sum();
            prop_assert_eq!(held as i64, naive, "all holdings at {}", day);
        }
    }
}
