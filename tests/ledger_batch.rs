//! Batch appends (`Ledger::extend`) against appending one by one: the same ledger when every
//! entry is accepted, and otherwise the same first rejected entry and error, with the ledger
//! left exactly as it was. The generators are copied from `tests/ledger_model.rs`.
#![allow(clippy::unwrap_used)]

use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use proptest::test_runner::Config;

use materiel::ledger::{Basis, BatchError, Condition, LossCause, MAX_COUNT, RequestKind};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, EntryId, Grade, HolderId, Ledger, LedgerError,
    NewEntry, PlatformKind, PlatformRef, Source, Status,
};

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn holder(s: &str) -> HolderId {
    s.parse().unwrap()
}
fn holders() -> [HolderId; 3] {
    [holder("VEN"), holder("RUS"), holder("zicotrans")]
}
fn platforms() -> [PlatformRef; 4] {
    [
        PlatformRef::catalog("su-30mk2").unwrap(),
        PlatformRef::catalog("il-76td").unwrap(),
        PlatformRef::catalog("9m317").unwrap(),
        PlatformRef::generic("GPS jammer", PlatformKind::Generic).unwrap(),
    ]
}
fn unknown_platform() -> PlatformRef {
    PlatformRef::catalog("f-16c").unwrap()
}
const STATUSES: [Status; 4] = [
    Status::Operational,
    Status::Degraded,
    Status::Stored,
    Status::Unknown,
];
fn t0() -> Timestamp {
    "2025-01-01T00:00:00Z".parse().unwrap()
}
fn source(grade: &str) -> Source {
    Source::new("batch test", grade.parse::<Grade>().unwrap()).unwrap()
}

fn holder_s() -> impl Strategy<Value = HolderId> {
    let [v, r, z] = holders();
    prop_oneof![5 => Just(v), 3 => Just(r), 2 => Just(z)]
}
fn platform_s() -> impl Strategy<Value = PlatformRef> {
    let [a, b, c, d] = platforms();
    prop_oneof![4 => Just(a), 2 => Just(b), 2 => Just(c), 2 => Just(d), 1 => Just(unknown_platform())]
}
fn status_s() -> impl Strategy<Value = Status> {
    prop::sample::select(&STATUSES[..])
}
fn effective_s() -> impl Strategy<Value = EffectiveDate> {
    prop_oneof![
        2 => (2010i16..=2014).prop_map(|y| EffectiveDate::year(y).unwrap()),
        2 => (2010i16..=2014, 1i8..=12).prop_map(|(y, m)| EffectiveDate::month(y, m).unwrap()),
        4 => (2010i16..=2014, 1i8..=12, 1i8..=28)
            .prop_map(|(y, m, d)| EffectiveDate::day(y, m, d).unwrap()),
        // January firsts: the three precisions collide.
        1 => (2010i16..=2014).prop_map(|y| EffectiveDate::day(y, 1, 1).unwrap()),
        1 => (2010i16..=2014).prop_map(|y| EffectiveDate::month(y, 1).unwrap()),
    ]
}
fn basis_s() -> impl Strategy<Value = Basis> {
    prop_oneof![
        6 => Just(Basis::Exact),
        1 => Just(Basis::Estimate),
        1 => Just(Basis::AtLeast),
        1 => Just(Basis::UpTo),
        1 => Just(Basis::About),
    ]
}
/// A count of 1..=max, sometimes 0 (invalid but for an assessment) or [`MAX_COUNT`] (the
/// largest valid count: lots then hold totals above it). Only valid counts can be built.
fn count_s(max: u64) -> impl Strategy<Value = Count> {
    let value = prop_oneof![40 => 1..=max, 1 => Just(0u64), 1 => Just(MAX_COUNT)];
    (value, basis_s()).prop_map(|(v, b)| Count::new(v, b).unwrap())
}
fn grade_s() -> impl Strategy<Value = Source> {
    prop::sample::select(vec!["A1", "B2", "C3", "E5"]).prop_map(source)
}

fn change_s(entries: usize) -> impl Strategy<Value = Change> {
    let supplier = || prop::option::of(holder_s());
    prop_oneof![
        10 => (count_s(8), status_s(), supplier()).prop_map(|(count, into, supplier)| {
            Change::Delivered { count, into, supplier, condition: Condition::New }
        }),
        4 => (status_s(), status_s(), count_s(4))
            .prop_map(|(from, to, count)| Change::StatusChanged { from, to, count }),
        2 => prop::collection::vec((status_s(), (0u64..=8, basis_s())), 0..=3).prop_map(|b| {
            Change::Assessed {
                breakdown: b.into_iter().map(|(s, (v, b))| (s, Count::new(v, b).unwrap())).collect(),
            }
        }),
        4 => (count_s(4), status_s(), 0u8..5, holder_s()).prop_map(|(count, from, cause, by)| {
            let cause = match cause {
                0 => LossCause::Destroyed,
                1 => LossCause::Damaged,
                2 => LossCause::Abandoned,
                3 => LossCause::Captured { by: None },
                _ => LossCause::Captured { by: Some(by) },
            };
            Change::Lost { count, from, cause }
        }),
        2 => (count_s(3), status_s()).prop_map(|(count, from)| Change::Retired { count, from }),
        2 => (count_s(3), status_s()).prop_map(|(count, from)| Change::Expended { count, from }),
        4 => (count_s(5), holder_s(), status_s(), status_s())
            .prop_map(|(count, to, from, into)| Change::Transferred { count, to, from, into }),
        2 => (prop::option::of(count_s(6)), prop::option::of(status_s()))
            .prop_map(|(count, status)| Change::Observed { count, status }),
        2 => (prop::option::of(count_s(10)), supplier()).prop_map(|(count, supplier)| {
            Change::Requested { count, supplier, request: RequestKind::Acquisition }
        }),
        2 => (count_s(10), supplier()).prop_map(|(count, supplier)| {
            Change::Ordered { count, supplier, condition: Condition::SecondHand }
        }),
        1 => (0..entries as u64 + 2).prop_map(|e| Change::Retracted { entry: EntryId::new(e) }),
    ]
}

/// A generated operation: an entry, or a retraction of some earlier entry (picked by a seed
/// among those present when it is built), with a recorded-time step in hours (negative now and
/// then: out of order).
#[derive(Clone, Debug)]
enum Op {
    Entry(HolderId, PlatformRef, EffectiveDate, Change, Source, i64),
    Retract(usize, Source, i64),
}

fn ops_s(max: usize) -> impl Strategy<Value = Vec<Op>> {
    let step = prop_oneof![20 => 0i64..=3, 1 => -2i64..0];
    let op = prop_oneof![
        8 => (holder_s(), platform_s(), effective_s(), change_s(max), grade_s(), step.clone())
            .prop_map(|(h, p, e, c, s, t)| Op::Entry(h, p, e, c, s, t)),
        1 => (any::<usize>(), grade_s(), step).prop_map(|(i, s, t)| Op::Retract(i, s, t)),
    ];
    prop::collection::vec(op, 0..max)
}

/// Turns `op` into an entry against `ledger` (recorded after `*clock`, advanced).
fn build(ledger: &Ledger, op: &Op, clock: &mut Timestamp) -> Option<NewEntry> {
    let mut at = |step: i64| {
        *clock = clock.checked_add(SignedDuration::from_hours(step)).unwrap();
        *clock
    };
    match op {
        Op::Entry(h, p, e, c, s, t) => Some(NewEntry::new(
            h.clone(),
            p.clone(),
            *e,
            c.clone(),
            s.clone(),
            at(*t),
        )),
        Op::Retract(i, s, t) => {
            if ledger.is_empty() {
                return None;
            }
            let target = EntryId::new((i % ledger.len()) as u64);
            let recorded = at(*t);
            let note = (i % 3 == 0).then(|| format!("retracting {target}"));
            ledger.retraction(target, s.clone(), recorded, note).ok()
        }
    }
}

/// Appends the ops one by one to `ledger`, keeping the accepted entries (in order).
fn accepted(ledger: &mut Ledger, ops: &[Op], clock: &mut Timestamp) -> Vec<NewEntry> {
    let mut kept = Vec::new();
    for op in ops {
        let Some(mut entry) = build(ledger, op, clock) else {
            continue;
        };
        if kept.len() % 4 == 1 {
            entry = entry.with_note(format!("note {}", kept.len()));
        }
        if ledger.append(entry.clone()).is_ok() {
            kept.push(entry);
        }
    }
    kept
}

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
