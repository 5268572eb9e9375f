//! Append order within one large lot: the same entries appended in date order, newest first
//! and at random give the same answers, and those match a replay model (a fold of the lot's
//! entries in `(first day, precision, id)` order). Thousands of entries go into ONE lot, so
//! the per-lot index splits its blocks many times and grows a tree several levels deep.
#![allow(clippy::unwrap_used)]

use jiff::SignedDuration;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use proptest::test_runner::Config;

use materiel::ledger::Condition;
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, HolderId, Ledger, NewEntry, PlatformRef, Status,
};

use crate::support::history::{STATUSES, cases, catalog, cited, t0};
use crate::support::workload::{Mix, one_lot};

fn holder() -> HolderId {
    crate::support::history::holder("VEN")
}
fn platform() -> PlatformRef {
    catalog("su-30mk2")
}

/// One entry of the lot: deliveries and observations only, whose validity does not depend on
/// the append order.
fn entry_s() -> impl Strategy<Value = NewEntry> {
    let effective = prop_oneof![
        1 => (1990i16..=2024).prop_map(|y| EffectiveDate::year(y).unwrap()),
        2 => (1990i16..=2024, 1i8..=12).prop_map(|(y, m)| EffectiveDate::month(y, m).unwrap()),
        6 => (1990i16..=2024, 1i8..=12, 1i8..=28)
            .prop_map(|(y, m, d)| EffectiveDate::day(y, m, d).unwrap()),
    ];
    let change = prop_oneof![
        8 => (1u64..=5, 0usize..4).prop_map(|(n, s)| Change::Delivered {
            count: Count::exact(n).unwrap(),
            into: STATUSES[s],
            supplier: None,
            condition: Condition::New,
        }),
        1 => (1u64..=9, 0usize..4).prop_map(|(n, s)| Change::Observed {
            count: Some(Count::exact(n).unwrap()),
            status: Some(STATUSES[s]),
        }),
    ];
    (effective, change).prop_map(|(eff, change)| {
        NewEntry::new(
            holder(),
            platform(),
            eff,
            change,
            cited("order test", "B2"),
            t0(),
        )
    })
}

/// The entries in date order (ties by generation order), newest first, and shuffled.
fn orders(entries: &[NewEntry], seed: u64) -> [Vec<NewEntry>; 3] {
    let mut dated = entries.to_vec();
    dated.sort_by_key(|e| (e.effective().first_day(), e.effective()));
    let reverse: Vec<NewEntry> = dated.iter().rev().cloned().collect();
    let mut random = entries.to_vec();
    let mut state = seed | 1;
    for i in (1..random.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        random.swap(i, (state % (i as u64 + 1)) as usize);
    }
    [dated, reverse, random]
}

fn build(entries: &[NewEntry]) -> Ledger {
    let mut ledger = Ledger::new(Catalog::reference());
    for (i, e) in entries.iter().enumerate() {
        let e = NewEntry::new(
            e.holder().clone(),
            e.platform().clone(),
            e.effective(),
            e.change().clone(),
            e.source().clone(),
            t0().checked_add(SignedDuration::from_secs(i as i64))
                .unwrap(),
        );
        if let Err(err) = ledger.append(e) {
            panic!("order-free entry {i} rejected: {err}");
        }
    }
    ledger
}

/// The replay model: the lot's entries sorted by (first day, precision, append id), folded
/// up to `day`: per-status counts and units delivered.
fn replay(entries: &[NewEntry], day: Date) -> ([u64; 4], u64) {
    let mut sorted: Vec<(usize, &NewEntry)> = entries.iter().enumerate().collect();
    sorted.sort_by_key(|(i, e)| (e.effective().first_day(), e.effective(), *i));
    let mut counts = [0u64; 4];
    let mut delivered = 0;
    for (_, e) in sorted {
        if e.effective().first_day() > day {
            break;
        }
        if let Change::Delivered { count, into, .. } = e.change() {
            let s = STATUSES.iter().position(|s| s == into).unwrap();
            counts[s] += count.value();
            delivered += count.value();
        }
    }
    (counts, delivered)
}

proptest! {
    #![proptest_config(Config {
        cases: cases(4),
        failure_persistence: None,
        ..Config::default()
    })]

    /// One lot of thousands of entries appended in date order, newest first and at random:
    /// the same state at many dates (and the same as the replay model), the same timeline.
    #[test]
    fn one_large_lot_answers_the_same_in_any_append_order(
        entries in prop::collection::vec(entry_s(), 1_500..3_000),
        seed in any::<u64>(),
        probes in prop::collection::vec((1989i16..=2025, 1i8..=12, 1i8..=28), 40),
    ) {
        let ledgers: Vec<Ledger> = orders(&entries, seed).iter().map(|o| build(o)).collect();
        let (h, p) = (holder(), platform());
        let mut days: Vec<Date> = probes.iter().map(|&(y, m, d)| date(y, m, d)).collect();
        days.extend(entries.iter().take(20).map(|e| e.effective().first_day()));
        for day in days {
            let at = AsOf::valid(day);
            let want = ledgers[0].lot(&h, &p, &at);
            for l in &ledgers[1..] {
                prop_assert_eq!(&l.lot(&h, &p, &at), &want, "at {}", day);
            }
            let (counts, delivered) = replay(&entries, day);
            for (s, n) in STATUSES.iter().zip(counts) {
                prop_assert_eq!(want.count(*s).value(), n, "{:?} at {}", s, day);
            }
            prop_assert_eq!(want.delivered().value(), delivered, "delivered at {}", day);
        }
        let latest = AsOf::latest();
        let timeline = ledgers[0].timeline(&h, &p, &latest);
        prop_assert!(!timeline.is_empty());
        for l in &ledgers[1..] {
            prop_assert_eq!(&l.timeline(&h, &p, &latest), &timeline);
            prop_assert_eq!(l.len(), entries.len());
        }
        let last_day = entries.iter().map(|e| e.effective().first_day()).max().unwrap();
        prop_assert_eq!(timeline.last().unwrap().state.count(Status::Stored).value(), replay(&entries, last_day).0[2]);
    }
}

/// The `reverse_append` bench's lots (`tests/support/workload.rs`): deliveries alone, and a
/// quarter status changes (which lower counts, so each append is validated), appended in
/// date order and newest first. Both orders are accepted entry by entry and answer the same,
/// as the bench's figures assume.
#[test]
fn the_reverse_append_lots_answer_the_same_newest_first() {
    let (h, p) = (holder(), platform());
    for mix in [Mix::Deliveries, Mix::StatusChanges] {
        // 32 entries a day: about 140 days, several sealed blocks from each end.
        let [dated, reverse] = one_lot(4_500, mix);
        let [a, b] = [&dated, &reverse].map(|entries| {
            let mut ledger = Ledger::new(Catalog::reference());
            for (i, e) in entries.iter().enumerate() {
                if let Err(err) = ledger.append(e.clone()) {
                    panic!("{mix:?}: entry {i} rejected: {err}");
                }
            }
            ledger
        });
        let first = dated[0].effective().first_day();
        for day in 0..150 {
            let at = AsOf::valid(first.checked_add(jiff::Span::new().days(day)).unwrap());
            assert_eq!(
                a.lot(&h, &p, &at),
                b.lot(&h, &p, &at),
                "{mix:?} at day {day}"
            );
        }
        let latest = AsOf::latest();
        assert_eq!(a.timeline(&h, &p, &latest), b.timeline(&h, &p, &latest));
        // Status changes move units, never add or remove any.
        let delivered: u64 = dated
            .iter()
            .map(|e| match e.change() {
                Change::Delivered { count, .. } => count.value(),
                _ => 0,
            })
            .sum();
        let state = a.lot(&h, &p, &latest);
        assert_eq!(state.delivered().value(), delivered, "{mix:?}");
        assert_eq!(state.in_service().value(), delivered, "{mix:?}");
    }
}
