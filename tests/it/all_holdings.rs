//! `Ledger::all_holdings` against the per-holder and per-lot queries it must agree with:
//! for every view (valid date, known-at time, grade), the holders in order with their
//! holdings equal to `Ledger::holdings`, and every row equal to `Ledger::lot`, with no
//! non-empty lot left out. The histories are long enough in one or two lots for their index to
//! seal blocks into its tree and to take newest-first inserts into its head, and they state
//! opening stocks unknown (the queries then read the whole lot too).
#![allow(clippy::unwrap_used)]

use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use proptest::test_runner::Config;

use materiel::{AsOf, Catalog, Change, EffectiveDate, Grade, Ledger, NewEntry, PlatformRef};

use crate::support::history::*;

/// An entry (mostly about VEN's Su-30MK2s, so that one lot grows past a block), or a
/// retraction of an earlier entry picked by a seed.
#[derive(Clone, Debug)]
enum Step {
    Entry(bool, PlatformRef, EffectiveDate, Change, &'static str),
    Retract(usize),
}

fn step_s() -> impl Strategy<Value = Step> {
    let grade = prop::sample::select(vec!["A1", "B2", "C3", "E5"]);
    prop_oneof![
        12 => (prop::bool::weighted(0.7), platform_s(), effective_any_s(), change_any_s(400), grade)
            .prop_map(|(busy, p, e, c, g)| Step::Entry(busy, p, e, c, g)),
        1 => any::<usize>().prop_map(Step::Retract),
    ]
}

/// Appends the steps one by one (the ledger refuses what it must), a recorded hour apart, and
/// returns the recorded times.
fn build(steps: &[Step], backwards: bool) -> (Ledger, Vec<Timestamp>) {
    let mut ledger = Ledger::new(Catalog::reference());
    let mut clock = t0();
    let mut times = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        clock = clock.checked_add(SignedDuration::from_hours(1)).unwrap();
        let entry = match step {
            Step::Entry(busy, platform, effective, change, grade) => {
                let (holder, platform) = if *busy {
                    (holder("VEN"), catalog("su-30mk2"))
                } else {
                    let hs = holders();
                    (hs[i % hs.len()].clone(), platform.clone())
                };
                // Half the histories are dated backwards in their second half, so the lot's
                // head takes inserts before the tree's first key.
                let effective = if backwards && i > steps.len() / 2 {
                    let day = (steps.len() - i) % 28 + 1;
                    EffectiveDate::day(2009, 12, day as i8).unwrap()
                } else {
                    *effective
                };
                NewEntry::new(
                    holder,
                    platform,
                    effective,
                    change.clone(),
                    source(grade),
                    clock,
                )
            }
            Step::Retract(seed) => {
                if ledger.is_empty() {
                    continue;
                }
                let target = materiel::EntryId::new((seed % ledger.len()) as u64);
                let Ok(entry) = ledger.retraction(target, source("B2"), clock, None) else {
                    continue;
                };
                entry
            }
        };
        if ledger.append(entry).is_ok() {
            times.push(clock);
        }
    }
    (ledger, times)
}

/// The views checked: the latest, dates through the histories' years, known at a time in
/// the middle of the history, and a grade filter.
fn views(times: &[Timestamp]) -> Vec<AsOf> {
    let mut views = vec![AsOf::latest()];
    for y in 2009..=2015 {
        for (m, d) in [(1, 1), (6, 15), (12, 31)] {
            views.push(AsOf::valid(date(y, m, d)));
        }
    }
    if let Some(&mid) = times.get(times.len() / 2) {
        views.push(AsOf::latest().known_at(mid));
        views.push(AsOf::valid(date(2012, 6, 30)).known_at(mid));
    }
    let b2: Grade = "B2".parse().unwrap();
    views.push(AsOf::latest().min_grade(b2));
    views.push(AsOf::valid(date(2013, 1, 1)).min_grade(b2));
    views
}

fn check(ledger: &Ledger, at: &AsOf) {
    let all = ledger.all_holdings(at);
    let per_holder: Vec<_> = ledger
        .holders()
        .map(|h| (h.clone(), ledger.holdings(h, at)))
        .filter(|(_, hs)| !hs.is_empty())
        .collect();
    assert_eq!(all, per_holder, "all_holdings and holdings at {at:?}");
    let mut candidates = platforms().to_vec();
    candidates.push(unknown_platform());
    for (h, hs) in &all {
        for (p, state) in hs.iter() {
            assert_eq!(*state, ledger.lot(h, p, at), "lot {h} {p} at {at:?}");
            assert!(!state.is_empty(), "an empty lot listed: {h} {p} at {at:?}");
        }
        // No non-empty lot is left out.
        for p in &candidates {
            let lot = ledger.lot(h, p, at);
            assert_eq!(hs.get(p).is_some(), !lot.is_empty(), "{h} {p} at {at:?}");
        }
    }
    for h in holders() {
        if !all.iter().any(|(held, _)| *held == h) {
            assert!(
                candidates.iter().all(|p| ledger.lot(&h, p, at).is_empty()),
                "{h} holds something at {at:?} but is not listed"
            );
        }
    }
}

proptest! {
    #![proptest_config(Config::with_cases(cases(48)))]

    #[test]
    fn all_holdings_equals_the_per_lot_queries(
        steps in prop::collection::vec(step_s(), 0..400),
        backwards in any::<bool>(),
    ) {
        let (ledger, times) = build(&steps, backwards);
        for at in views(&times) {
            check(&ledger, &at);
        }
    }
}
