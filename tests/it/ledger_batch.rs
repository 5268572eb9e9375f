//! Batch appends (`Ledger::extend`) against appending one by one: the same ledger when every
//! entry is accepted, and otherwise the same first rejected entry and error, with the ledger
//! left exactly as it was. The generators are in `tests/support/history.rs`.
#![allow(clippy::unwrap_used)]

use jiff::SignedDuration;
use jiff::civil::date;
use proptest::prelude::*;
use proptest::test_runner::Config;

use materiel::ledger::{BatchError, Condition, LossCause};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, EntryId, Ledger, LedgerError, NewEntry,
    PlatformRef, Status,
};

use crate::support::history::*;

/// Appends one by one: the first rejection (position and error), if any.
fn one_by_one(ledger: &mut Ledger, batch: &[NewEntry]) -> Result<(), BatchError> {
    for (index, entry) in batch.iter().enumerate() {
        ledger
            .append(entry.clone())
            .map_err(|error| BatchError { index, error })?;
    }
    Ok(())
}

fn assert_same(a: &Ledger, b: &Ledger) {
    assert_eq!(a.len(), b.len());
    assert!(a.entries().eq(b.entries()));
    assert_eq!(a.latest_recorded(), b.latest_recorded());
    assert!(a.holders().eq(b.holders()));
    for i in 0..a.len() as u64 {
        assert_eq!(
            a.retracted_by(EntryId::new(i)),
            b.retracted_by(EntryId::new(i))
        );
    }
    let mut dates: Vec<AsOf> = vec![AsOf::latest()];
    for y in 2009..=2015 {
        for m in [1, 6, 12] {
            dates.push(AsOf::valid(date(y, m, if m == 12 { 31 } else { 1 })));
        }
    }
    for at in &dates {
        assert_eq!(a.all_holdings(at), b.all_holdings(at));
        for h in holders() {
            for p in platforms() {
                assert_eq!(a.lot(&h, &p, at), b.lot(&h, &p, at));
            }
        }
    }
    for h in holders() {
        for p in platforms() {
            assert_eq!(
                a.timeline(&h, &p, &AsOf::latest()),
                b.timeline(&h, &p, &AsOf::latest())
            );
        }
    }
}

proptest! {
    #![proptest_config(Config::with_cases(cases(128)))]

    /// A batch of entries that one-by-one appending accepts gives the same ledger through
    /// `extend`, on top of any earlier history.
    #[test]
    fn an_accepted_batch_is_the_same_as_appending_one_by_one(
        before in ops_s(30),
        ops in ops_s(60),
    ) {
        let mut base = Ledger::new(Catalog::reference());
        let mut clock = t0();
        accepted(&mut base, &before, &mut clock);
        let mut single = base.clone();
        let batch = accepted(&mut single, &ops, &mut clock);
        let mut batched = base.clone();
        let start = base.len() as u64;
        let ids = batched.extend(batch.clone());
        prop_assert_eq!(ids, Ok(start..start + batch.len() as u64));
        assert_same(&single, &batched);
    }

    /// A batch with one entry that may be rejected somewhere: `extend` accepts it exactly when
    /// one-by-one appending accepts every entry, and otherwise names the first entry
    /// one-by-one appending rejects, with the same error, and leaves the ledger as it was.
    #[test]
    fn a_batch_is_rejected_by_the_one_by_one_rule(
        before in ops_s(30),
        ops in ops_s(40),
        extra in ops_s(3),
        at in any::<prop::sample::Index>(),
    ) {
        let mut base = Ledger::new(Catalog::reference());
        let mut clock = t0();
        accepted(&mut base, &before, &mut clock);
        let mut scratch = base.clone();
        let mut batch = accepted(&mut scratch, &ops, &mut clock);
        // Insert possibly invalid entries (raw, not filtered) somewhere in the batch.
        let mut raw_clock = clock;
        let raws: Vec<NewEntry> = extra
            .iter()
            .filter_map(|op| build(&scratch, op, &mut raw_clock))
            .collect();
        let k = at.index(batch.len() + 1);
        batch.splice(k..k, raws);
        let mut single = base.clone();
        let expected = one_by_one(&mut single, &batch);
        let mut batched = base.clone();
        let got = batched.extend(batch.clone());
        match expected {
            Ok(()) => {
                prop_assert!(got.is_ok(), "{:?}", got);
                assert_same(&single, &batched);
            }
            Err(err) => {
                prop_assert_eq!(got, Err(err));
                assert_same(&base, &batched);
            }
        }
    }
}

/// A retraction in a batch may target an entry earlier in the same batch; a retraction of
/// an entry retracted earlier in the batch is rejected by name.
#[test]
fn a_batch_retracts_its_own_entries() {
    let h = holder("VEN");
    let p = platforms()[0].clone();
    let delivered = Change::Delivered {
        count: Count::exact(4).unwrap(),
        into: Status::Operational,
        supplier: None,
        condition: Condition::New,
    };
    let entry = |change| {
        NewEntry::new(
            h.clone(),
            p.clone(),
            EffectiveDate::year(2010).unwrap(),
            change,
            source("A1"),
            t0(),
        )
    };
    let retract = Change::Retracted {
        entry: EntryId::new(0),
    };
    let mut ledger = Ledger::new(Catalog::reference());
    assert_eq!(
        ledger.extend([entry(delivered.clone()), entry(retract.clone())]),
        Ok(0..2)
    );
    assert_eq!(ledger.retracted_by(EntryId::new(0)), Some(EntryId::new(1)));
    assert_eq!(ledger.lot(&h, &p, &AsOf::latest()).in_service().value(), 0);

    let mut fresh = Ledger::new(Catalog::reference());
    let err = fresh
        .extend([
            entry(delivered.clone()),
            entry(retract.clone()),
            entry(retract),
        ])
        .unwrap_err();
    assert_eq!(
        err,
        BatchError {
            index: 2,
            error: LedgerError::AlreadyRetracted {
                entry: EntryId::new(0),
                by: EntryId::new(1)
            }
        }
    );
    assert!(fresh.is_empty());
}

/// A loss appended before the back-dated delivery it relies on: one by one the loss is
/// rejected, so the batch is too (its final state alone would be valid).
#[test]
fn a_batch_checks_every_intermediate_state() {
    let h = holder("VEN");
    let p = platforms()[0].clone();
    let entry = |date: EffectiveDate, change| {
        NewEntry::new(h.clone(), p.clone(), date, change, source("A1"), t0())
    };
    let delivered = Change::Delivered {
        count: Count::exact(4).unwrap(),
        into: Status::Operational,
        supplier: None,
        condition: Condition::New,
    };
    let lost = Change::Lost {
        count: Count::exact(1).unwrap(),
        from: Status::Operational,
        cause: LossCause::Destroyed,
    };
    let mut ledger = Ledger::new(Catalog::reference());
    let err = ledger
        .extend([
            entry(EffectiveDate::year(2012).unwrap(), lost.clone()),
            entry(EffectiveDate::year(2010).unwrap(), delivered.clone()),
        ])
        .unwrap_err();
    assert_eq!(err.index, 0);
    assert!(matches!(
        err.error,
        LedgerError::NegativeCount { value: -1, .. }
    ));
    assert!(ledger.is_empty());
    // The same day: a loss dated 2013 then a delivery dated 2013-01 (both from 2013-01-01).
    let err = ledger
        .extend([
            entry(EffectiveDate::year(2013).unwrap(), lost),
            entry(EffectiveDate::month(2013, 1).unwrap(), delivered),
        ])
        .unwrap_err();
    assert_eq!(err.index, 0);
    assert!(ledger.is_empty());
}

/// The checks of an entry on its own name the entry too.
#[test]
fn a_batch_names_an_entry_that_fails_on_its_own() {
    let h = holder("VEN");
    let mk = |p: PlatformRef, recorded| {
        NewEntry::new(
            h.clone(),
            p,
            EffectiveDate::year(2010).unwrap(),
            Change::Observed {
                count: None,
                status: None,
            },
            source("A1"),
            recorded,
        )
    };
    let mut ledger = Ledger::new(Catalog::reference());
    let later = t0().checked_add(SignedDuration::from_hours(1)).unwrap();
    let err = ledger
        .extend([
            mk(platforms()[0].clone(), later),
            mk(platforms()[1].clone(), t0()),
        ])
        .unwrap_err();
    assert_eq!(
        err,
        BatchError {
            index: 1,
            error: LedgerError::RecordedOutOfOrder {
                recorded: t0(),
                latest: later
            }
        }
    );
    let err = ledger
        .extend([
            mk(platforms()[0].clone(), t0()),
            mk(unknown_platform(), t0()),
        ])
        .unwrap_err();
    assert_eq!(err.index, 1);
    assert!(matches!(err.error, LedgerError::UnknownPlatform { .. }));
    assert!(ledger.is_empty());
}

/// The benches' workload (`tests/support/workload.rs`, smaller), which `bulk_append` times
/// both ways: one batch, and batches of a few hundred, give the ledger that appending one by
/// one gives (every generated entry is valid, so every batch is accepted).
#[test]
fn the_bench_workload_through_extend_is_the_same_as_appending_one_by_one() {
    use crate::support::workload::{self, PLATFORMS};
    for (n, holders, seed) in [(4_000, 3, 1), (2_500, 5, 0x6d61_7465_7269_656c)] {
        let data = workload::generate_over(n, holders, seed);
        let mut single = Ledger::new(Catalog::reference());
        one_by_one(&mut single, &data.entries).unwrap();
        for chunk in [usize::MAX, 333] {
            let mut batched = Ledger::new(Catalog::reference());
            let mut rest = data.entries.as_slice();
            while !rest.is_empty() {
                let (now, later) = rest.split_at(chunk.min(rest.len()));
                batched.extend(now.to_vec()).unwrap();
                rest = later;
            }
            assert_eq!(batched.len(), single.len());
            assert!(batched.entries().eq(single.entries()));
            let mut rng = workload::Rng::new(seed);
            for _ in 0..20 {
                let at = AsOf::valid(data.random_day(&mut rng));
                assert_eq!(batched.all_holdings(&at), single.all_holdings(&at));
            }
            for lot in 0..(holders * PLATFORMS) as u32 {
                let (h, p) = data.lot(lot);
                assert_eq!(
                    batched.timeline(h, p, &AsOf::latest()),
                    single.timeline(h, p, &AsOf::latest())
                );
            }
        }
    }
}
