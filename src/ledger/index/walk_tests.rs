//! Unit tests of the counts a state at a date reads over many lots at once
//! ([`LotIndex::counts_at_each`]) and of a counts-only fold with several assessments, each
//! with its own breakdown ([`Agg::push_counts_all`] reads only the last one's).

use super::*;
use proptest::prelude::*;

/// A breakdown per entry id: the entry with id `i` sets `Status::ALL[i % 7]` to `i % 9`.
struct ById(Vec<Vec<(Status, Count)>>);

impl ById {
    fn new(n: u32) -> Self {
        ById(
            (0..n)
                .map(|i| {
                    let s = Status::ALL[i as usize % STATUSES];
                    vec![(s, Count::total(u64::from(i % 9), Basis::About))]
                })
                .collect(),
        )
    }
}

impl Sets for ById {
    fn breakdown(&self, id: u32) -> &[(Status, Count)] {
        self.0.get(id as usize).map_or(&[], Vec::as_slice)
    }
}

fn effect(choice: u8) -> Packed {
    let s = Status::ALL[usize::from(choice) % STATUSES];
    let n = Count::total(u64::from(choice % 5) + 1, Basis::Exact);
    match choice % 13 {
        0 | 1 => Packed::SET,
        2 => Packed::NONE,
        3 => Packed::OPEN,
        4..=8 => Packed::add(None, Some(s), Some(Flow::Delivered), n),
        9 | 10 => Packed::add(Some(s), None, Some(Flow::Lost), n),
        _ => Packed::add(
            Some(s),
            Some(Status::ALL[usize::from(choice / 13) % STATUSES]),
            None,
            n,
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Lots of every shape (empty, a tail only, a head, trees of one or two levels),
    /// built in date order, newest first or scattered, read together at dates before,
    /// inside and after each: every lot's counts are its own `counts_at`'s, in order, and
    /// those are the counts of a naive fold of its elements up to the date.
    #[test]
    fn many_lots_read_together_read_as_each_alone(
        lots in prop::collection::vec((0usize..3_000, 0u8..3, any::<u64>()), 0..20),
        probes in prop::collection::vec(any::<u64>(), 1..6),
    ) {
        let sets = ById::new(3_000);
        let mut built = Vec::new();
        for (n, order, seed) in lots {
            let mut state = seed | 1;
            let mut next = move |m: u64| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state % m
            };
            let mut lot = LotIndex::new();
            let mut naive: Vec<Elem> = Vec::new();
            for i in 0..n as u32 {
                let (day, id) = match order {
                    0 => (i / 3, i),
                    1 => ((n as u32 - i) / 3, i),
                    _ => (next(1_000) as u32, i),
                };
                let e = Elem { key: key(day as i32, id), eff: effect(next(256) as u8) };
                lot.insert(e, &sets);
                naive.insert(naive.partition_point(|x| x.key < e.key), e);
            }
            built.push((lot, naive));
        }
        for probe in probes {
            let upto = key((probe % 1_100) as i32, (probe >> 32) as u32 % 3_000);
            let mut seen = Vec::new();
            LotIndex::counts_at_each(&built, |(lot, _)| lot, upto, &sets, |i, agg| {
                seen.push((i, *agg));
            });
            prop_assert_eq!(seen.len(), built.len());
            for (at, (i, agg)) in seen.into_iter().enumerate() {
                prop_assert_eq!(i, at);
                let (lot, naive) = &built[i];
                prop_assert_eq!(agg, lot.counts_at(upto, &sets));
                let end = naive.partition_point(|e| e.key <= upto);
                let want = fold(&naive[..end], &sets);
                for s in Status::ALL {
                    prop_assert_eq!(agg.status(s), want.status(s), "lot {} status {:?}", i, s);
                }
                for f in Flow::ALL {
                    prop_assert_eq!(agg.flow(f), want.flow(f), "lot {} flow {:?}", i, f);
                }
                prop_assert_eq!(agg.has_set(), want.has_set());
                prop_assert_eq!(agg.is_open(), want.is_open());
            }
        }
    }

    /// A run with several assessments, each with its own breakdown, folded counts-only
    /// equals pushing its elements one by one (the fold reads only the last assessment's
    /// breakdown).
    #[test]
    fn a_fold_with_many_assessments_equals_pushing_each(
        run in prop::collection::vec(any::<u8>(), 0..120),
        start in prop::collection::vec(any::<u8>(), 0..4),
    ) {
        let sets = ById::new(200);
        let mut before = Agg::IDENTITY;
        for (i, &c) in start.iter().enumerate() {
            before.push(effect(c), key(-1, 150 + i as u32), &sets);
        }
        let elems: Vec<Elem> = run
            .iter()
            .enumerate()
            .map(|(i, &c)| Elem { key: key(i as i32 / 2, i as u32), eff: effect(c) })
            .collect();
        let mut one_by_one = before;
        for e in &elems {
            one_by_one.push_counts(e.eff, e.key, &sets);
        }
        let mut folded = before;
        folded.push_counts_all(&elems, &sets);
        prop_assert_eq!(folded, one_by_one);
    }
}
