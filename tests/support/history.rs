//! Generators of ledger histories: the pieces every generator is built from (holders,
//! platforms, sources, bases, the clock), and the property-test strategies: entries and
//! changes of every kind, valid or not, for the state-machine model
//! (`tests/it/ledger_model.rs`, which adds on-or-before dates and opening-unknown
//! statements), and operations turned into accepted histories for the tests that compare two
//! ways of building one ledger (`ledger_batch.rs`: batches against one-by-one appends;
//! `checkpoint.rs`: checkpoint plus tail against a full replay; `postgres.rs`: many
//! writers). The deterministic workloads of the benches are in [`super::workload`], built
//! from the same pieces. Each user takes part of it.
#![allow(dead_code, clippy::unwrap_used)] // generators panic loudly on purpose

use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

use materiel::ledger::{Basis, Condition, LossCause, MAX_COUNT, RequestKind};
use materiel::{
    Change, Count, EffectiveDate, EntryId, Grade, HolderId, Ledger, NewEntry, PlatformKind,
    PlatformRef, Source, Status,
};

// ---------------------------------------------------------------------------------------------
// The pieces.

/// A reference-catalog platform.
pub(crate) fn catalog(id: &str) -> PlatformRef {
    PlatformRef::catalog(id).expect("a catalog id")
}
/// A generic platform (checked against no catalog).
pub(crate) fn generic(designation: &str) -> PlatformRef {
    PlatformRef::generic(designation, PlatformKind::Generic).expect("a designation")
}
/// A source with this citation and grade (`"B2"`).
pub(crate) fn cited(citation: &str, grade: &str) -> Source {
    Source::new(citation, grade.parse::<Grade>().expect("a grade")).expect("a citation")
}
/// A timestamp from its text.
pub(crate) fn instant(text: &str) -> Timestamp {
    text.parse().expect("a timestamp")
}
/// `t` plus `h` hours.
pub(crate) fn hours(t: Timestamp, h: i64) -> Timestamp {
    t.checked_add(SignedDuration::from_hours(h)).unwrap()
}
/// Every basis, most certain first: the order the generators weigh them in.
pub(crate) const BASES: [Basis; 5] = [
    Basis::Exact,
    Basis::Estimate,
    Basis::AtLeast,
    Basis::UpTo,
    Basis::About,
];

pub(crate) fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

pub(crate) fn holder(s: &str) -> HolderId {
    s.parse().unwrap()
}
pub(crate) fn holders() -> [HolderId; 3] {
    [holder("VEN"), holder("RUS"), holder("zicotrans")]
}
pub(crate) fn platforms() -> [PlatformRef; 4] {
    [
        catalog("su-30mk2"),
        catalog("il-76td"),
        catalog("9m317"),
        generic("GPS jammer"),
    ]
}
/// A catalog id the reference catalog does not hold.
pub(crate) fn unknown_platform() -> PlatformRef {
    catalog("not-in-the-catalog")
}
/// The statuses transitions use (a subset, so that removals often find units).
pub(crate) const STATUSES: [Status; 4] = [
    Status::Operational,
    Status::Degraded,
    Status::Stored,
    Status::Unknown,
];
pub(crate) fn t0() -> Timestamp {
    instant("2025-01-01T00:00:00Z")
}
pub(crate) fn source(grade: &str) -> Source {
    cited("batch test", grade)
}

// ---------------------------------------------------------------------------------------------
// Strategies.

pub(crate) fn holder_s() -> impl Strategy<Value = HolderId> {
    let [v, r, z] = holders();
    prop_oneof![5 => Just(v), 3 => Just(r), 2 => Just(z)]
}
pub(crate) fn platform_s() -> impl Strategy<Value = PlatformRef> {
    let [a, b, c, d] = platforms();
    prop_oneof![4 => Just(a), 2 => Just(b), 2 => Just(c), 2 => Just(d), 1 => Just(unknown_platform())]
}
pub(crate) fn status_s() -> impl Strategy<Value = Status> {
    prop::sample::select(&STATUSES[..])
}
/// Dates of 2010-2014 in the three precisions, often on January firsts (where they collide).
pub(crate) fn effective_s() -> impl Strategy<Value = EffectiveDate> {
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
/// [`effective_s`], and on-or-before dates (a loss list's recording date: counted from that
/// day, sorted after the day's other entries), on January firsts too.
pub(crate) fn effective_any_s() -> impl Strategy<Value = EffectiveDate> {
    // `effective_s`'s weights add up to 10.
    prop_oneof![
        10 => effective_s(),
        2 => (2010i16..=2014, 1i8..=12, 1i8..=28)
            .prop_map(|(y, m, d)| EffectiveDate::on_or_before(y, m, d).unwrap()),
        1 => (2010i16..=2014).prop_map(|y| EffectiveDate::on_or_before(y, 1, 1).unwrap()),
    ]
}
pub(crate) fn basis_s() -> impl Strategy<Value = Basis> {
    let [exact, estimate, at_least, up_to, about] = BASES;
    prop_oneof![
        6 => Just(exact),
        1 => Just(estimate),
        1 => Just(at_least),
        1 => Just(up_to),
        1 => Just(about),
    ]
}
/// A count of 1..=max, sometimes 0 (invalid but for an assessment) or [`MAX_COUNT`] (the
/// largest valid count: lots then hold totals above it). Only valid counts can be built.
pub(crate) fn count_s(max: u64) -> impl Strategy<Value = Count> {
    let value = prop_oneof![40 => 1..=max, 1 => Just(0u64), 1 => Just(MAX_COUNT)];
    (value, basis_s()).prop_map(|(v, b)| Count::new(v, b).unwrap())
}
pub(crate) fn grade_s() -> impl Strategy<Value = Source> {
    prop::sample::select(vec!["A1", "B2", "C3", "E5"]).prop_map(source)
}

pub(crate) fn change_s(entries: usize) -> impl Strategy<Value = Change> {
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

/// [`change_s`], and statements that a lot's opening stock is unknown (later removals from
/// it are then counted, unchecked).
pub(crate) fn change_any_s(entries: usize) -> impl Strategy<Value = Change> {
    // `change_s`'s weights add up to 35.
    prop_oneof![
        35 => change_s(entries),
        2 => Just(Change::OpeningUnknown),
    ]
}

/// A generated operation: an entry, or a retraction of some earlier entry (picked by a seed
/// among those present when it is built), with a recorded-time step in hours (negative now and
/// then: out of order).
#[derive(Clone, Debug)]
pub(crate) enum Op {
    Entry(HolderId, PlatformRef, EffectiveDate, Change, Source, i64),
    Retract(usize, Source, i64),
}

pub(crate) fn ops_s(max: usize) -> impl Strategy<Value = Vec<Op>> {
    let step = prop_oneof![20 => 0i64..=3, 1 => -2i64..0];
    let op = prop_oneof![
        8 => (holder_s(), platform_s(), effective_s(), change_s(max), grade_s(), step.clone())
            .prop_map(|(h, p, e, c, s, t)| Op::Entry(h, p, e, c, s, t)),
        1 => (any::<usize>(), grade_s(), step).prop_map(|(i, s, t)| Op::Retract(i, s, t)),
    ];
    prop::collection::vec(op, 0..max)
}

/// Turns `op` into an entry against `ledger` (recorded after `*clock`, advanced).
pub(crate) fn build(ledger: &Ledger, op: &Op, clock: &mut Timestamp) -> Option<NewEntry> {
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
pub(crate) fn accepted(ledger: &mut Ledger, ops: &[Op], clock: &mut Timestamp) -> Vec<NewEntry> {
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
