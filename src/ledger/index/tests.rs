//! The index's unit tests: the aggregate's algebra (`agg`), in-order appends (`appends`), random
//! operations against a naive fold (`random`) and the block tree's shape under any append
//! order (`order`).

use super::node::{Kids, NODE_MAX, Node, summary};
use super::*;

mod agg {
    use super::*;

    struct NoSets(Vec<(Status, Count)>);
    impl Sets for NoSets {
        fn breakdown(&self, _: u32) -> &[(Status, Count)] {
            &self.0
        }
    }

    fn add(s: Status, d: i64) -> Packed {
        if d >= 0 {
            Packed::add(None, Some(s), None, Count::total(d as u64, Basis::Exact))
        } else {
            Packed::add(Some(s), None, None, Count::total((-d) as u64, Basis::Exact))
        }
    }

    /// A key on first day `day` (effective key `day * 4`).
    fn on(day: i32, id: u32) -> u64 {
        key(day * 4, id)
    }

    #[test]
    fn composition_is_associative_with_an_open_mark_anywhere() {
        let sets = NoSets(vec![(Status::Unknown, Count::total(2, Basis::Exact))]);
        for at in 0..6 {
            let mut effects = vec![
                add(Status::Unknown, -3),
                add(Status::Unknown, 1),
                Packed::SET,
                add(Status::Unknown, -1),
                add(Status::Unknown, -4),
            ];
            effects.insert(at, Packed::OPEN);
            for days in [[1, 1, 1, 1, 1, 1], [1, 2, 3, 4, 5, 6], [1, 1, 2, 2, 3, 3]] {
                let keys: Vec<u64> = (0..effects.len()).map(|i| on(days[i], i as u32)).collect();
                let fold_range = |r: std::ops::Range<usize>| {
                    let mut agg = Agg::IDENTITY;
                    for i in r {
                        agg.push(effects[i], keys[i], &sets);
                    }
                    agg
                };
                let whole = fold_range(0..effects.len());
                assert!(whole.is_open());
                for i in 0..=effects.len() {
                    for j in i..=effects.len() {
                        let (a, b, c) = (
                            fold_range(0..i),
                            fold_range(i..j),
                            fold_range(j..effects.len()),
                        );
                        assert_eq!(a.then(&b).then(&c), whole, "{at} {days:?} {i} {j}");
                        assert_eq!(a.then(&b.then(&c)), whole, "{at} {days:?} {i} {j}");
                    }
                }
                // Before the set, dips are unchecked; after it, 2 - 1 - 4 = -3 on the last
                // day's end.
                assert!(!whole.min_ok(), "{at} {days:?}");
                // Each on its own day, the -3 is a day's end: the opening stock was at
                // least 3. On one day, no day ends before the set.
                let floor = match days {
                    [1, 2, ..] => Some(3),
                    [1, 1, 1, ..] => Some(0),
                    _ => None,
                };
                if let Some(floor) = floor {
                    assert_eq!(whole.opening_floor(Status::Unknown), floor, "{at} {days:?}");
                }
            }
        }
    }

    #[test]
    fn an_open_run_is_checked_from_its_first_set_on() {
        let sets = NoSets(vec![(Status::Unknown, Count::total(5, Basis::Exact))]);
        let run = |effects: &[Packed]| {
            let mut agg = Agg::IDENTITY;
            for (i, e) in effects.iter().enumerate() {
                agg.push(*e, on(i as i32 + 1, i as u32), &sets);
            }
            agg
        };
        let loss = add(Status::Unknown, -4);
        // A loss alone: invalid, unless the lot is open; its floor is then 4.
        assert!(!run(&[loss]).min_ok());
        let open = run(&[Packed::OPEN, loss, loss]);
        assert!(open.min_ok());
        assert_eq!(open.opening_floor(Status::Unknown), 8);
        assert_eq!(open.opening_floor(Status::Operational), 0);
        assert!(!open.has_set());
        // A baseline of 5 after the losses: valid; a further loss of 4 leaves 1.
        assert!(run(&[loss, Packed::OPEN, Packed::SET, loss]).min_ok());
        // Two more leave -3: the usual check applies again.
        assert!(!run(&[loss, Packed::OPEN, Packed::SET, loss, loss]).min_ok());
        // An opened empty run carries its mark through composition, on either side.
        assert!(Agg::opened(true).then(&run(&[loss])).min_ok());
        assert!(run(&[loss]).then(&Agg::opened(true)).min_ok());
        // The mark adds nothing else.
        assert_eq!(run(&[Packed::OPEN]).status(Status::Unknown).0, 0);
    }

    #[test]
    fn composition_is_associative_on_a_mixed_run() {
        let sets = NoSets(vec![(Status::Unknown, Count::total(5, Basis::Exact))]);
        let effects = [
            add(Status::Unknown, 3),
            add(Status::Unknown, -2),
            Packed::SET,
            add(Status::Unknown, -4),
            add(Status::Unknown, 7),
            add(Status::Unknown, -9),
            add(Status::Unknown, 1),
        ];
        // Every day pattern: all on one day, each on its own, and mixed.
        for days in [
            [1, 1, 1, 1, 1, 1, 1],
            [1, 2, 3, 4, 5, 6, 7],
            [1, 1, 2, 3, 3, 4, 4],
            [1, 2, 2, 2, 3, 3, 5],
        ] {
            let keys: Vec<u64> = (0..effects.len()).map(|i| on(days[i], i as u32)).collect();
            let fold_range = |r: std::ops::Range<usize>| {
                let mut agg = Agg::IDENTITY;
                for i in r {
                    agg.push(effects[i], keys[i], &sets);
                }
                agg
            };
            let whole = fold_range(0..effects.len());
            for i in 0..=effects.len() {
                for j in i..=effects.len() {
                    let (a, b, c) = (
                        fold_range(0..i),
                        fold_range(i..j),
                        fold_range(j..effects.len()),
                    );
                    assert_eq!(a.then(&b).then(&c), whole, "{days:?} split {i} {j}");
                    assert_eq!(a.then(&b.then(&c)), whole, "{days:?} split {i} {j}");
                }
            }
            assert_eq!(whole.status(Status::Unknown).0, 0);
        }
    }

    #[test]
    fn only_day_ends_are_checked() {
        let sets = NoSets(vec![]);
        let run = |steps: &[(i32, i64)]| {
            let mut agg = Agg::IDENTITY;
            for (i, &(day, d)) in steps.iter().enumerate() {
                agg.push(add(Status::Stored, d), on(day, i as u32), &sets);
            }
            agg
        };
        // A loss before the same day's delivery: never negative at the end of a day.
        assert!(run(&[(5, -1), (5, 1)]).min_ok());
        assert!(run(&[(4, 2), (5, -3), (5, 1), (6, -1), (6, 1)]).min_ok());
        // Negative at the end of day 5, made good only on day 6.
        assert!(!run(&[(5, -1), (6, 1)]).min_ok());
        assert!(!run(&[(4, 1), (5, -2), (5, 0), (6, 1)]).min_ok());
        // The lot's last day ends with the lot.
        assert!(!run(&[(5, 1), (5, -2)]).min_ok());
    }

    #[test]
    fn a_set_hides_earlier_dips_only_after_it() {
        let sets = NoSets(vec![]);
        let mut agg = Agg::IDENTITY;
        agg.push(add(Status::Stored, -1), on(1, 0), &sets);
        agg.push(Packed::SET, on(2, 1), &sets);
        assert!(!agg.min_ok(), "the dip before the assessment still counts");
        // On the same day the assessment states the count at the end of that day.
        let mut same = Agg::IDENTITY;
        same.push(add(Status::Stored, -1), on(1, 0), &sets);
        same.push(Packed::SET, on(1, 1), &sets);
        assert!(same.min_ok());
        let mut ok = Agg::IDENTITY;
        ok.push(Packed::SET, on(1, 0), &sets);
        ok.push(add(Status::Stored, 2), on(2, 1), &sets);
        assert!(ok.min_ok());
    }

    /// `counts_at` gives `prefix`'s counts, and `is_open` the root's open mark, on a lot
    /// built in a scrambled order (head, tree and tail all in use) with assessments and open
    /// marks among the effects.
    #[test]
    fn counts_at_and_is_open_match_the_full_aggregates() {
        let sets = NoSets(vec![(Status::Stored, Count::total(4, Basis::About))]);
        let same_counts = |a: &Agg, b: &Agg| {
            Status::ALL.iter().all(|&s| a.status(s) == b.status(s))
                && Flow::ALL.iter().all(|&f| a.flow(f) == b.flow(f))
                && a.has_set() == b.has_set()
                && a.is_open() == b.is_open()
        };
        let n: u32 = 2000;
        let mut lot = LotIndex::new();
        let mut keys = Vec::new();
        for i in 0..n {
            // Newest first, then in order, then scattered.
            let id = match i {
                0..500 => 1000 - i,
                500..1000 => 1000 + i,
                _ => (i * 7919) % 3000 + 3000,
            };
            let eff = match id % 13 {
                _ if id == 1500 => Packed::OPEN,
                0 => Packed::SET,
                2 | 3 => Packed::NONE,
                4..=8 => Packed::add(
                    None,
                    Some(Status::ALL[id as usize % STATUSES]),
                    Some(Flow::Delivered),
                    Count::total(3, Basis::Exact),
                ),
                _ => Packed::add(
                    Some(Status::ALL[id as usize % STATUSES]),
                    None,
                    Some(Flow::Lost),
                    Count::total(1, Basis::Estimate),
                ),
            };
            let k = on((id / 2) as i32, id);
            if keys.contains(&k) {
                continue;
            }
            keys.push(k);
            lot.insert(Elem { key: k, eff }, &sets);
            assert_eq!(lot.is_open(), lot.root().is_open(), "step {i}");
            let probe = keys[(i as usize * 31) % keys.len()] + u64::from(i % 2);
            assert!(
                same_counts(&lot.counts_at(probe, &sets), &lot.prefix(probe, &sets)),
                "step {i}"
            );
        }
        assert!(lot.is_open());
        assert!(same_counts(&lot.counts_at(u64::MAX, &sets), &lot.root()));
        assert!(same_counts(&lot.counts_at(0, &sets), &Agg::IDENTITY));
    }

    #[test]
    fn blocks_split_and_prefixes_match_a_fold() {
        let sets = NoSets(vec![(Status::Operational, Count::total(2, Basis::Exact))]);
        let effect = |id: u32| match id % 5 {
            0 => Packed::SET,
            1 | 2 => add(Status::Operational, 1),
            _ => add(Status::Operational, -1),
        };
        let mut lot = LotIndex::new();
        // Insert in a scrambled order to exercise back-dated inserts and splits of sealed
        // blocks and of the tail.
        let n: u32 = 3000;
        let mut inserted = Vec::new();
        for i in 0..n {
            let id = if i < 1000 { i } else { (i * 7919) % n };
            if inserted.contains(&id) {
                continue;
            }
            inserted.push(id);
            lot.insert(
                Elem {
                    key: key((id / 3) as i32, id),
                    eff: effect(id),
                },
                &sets,
            );
        }
        assert_eq!(lot.len(), inserted.len());
        let elems: Vec<Elem> = lot.elems().copied().collect();
        assert!(elems.windows(2).all(|w| w[0].key < w[1].key));
        let check = |lot: &LotIndex, elems: &[Elem]| {
            for probe in [
                0u64,
                elems[10].key,
                elems[500].key,
                elems[elems.len() - 1].key,
                u64::MAX,
            ] {
                assert_eq!(
                    lot.prefix(probe, &sets),
                    fold_upto(elems, probe, &sets),
                    "probe {probe}"
                );
            }
            assert_eq!(lot.root(), fold(elems, &sets));
            assert_eq!(lot.valid(), fold(elems, &sets).min_ok());
        };
        check(&lot, &elems);
        let mut elems = elems;
        for victim in [3usize, 700, 1500, usize::MAX] {
            let victim = victim.min(elems.len() - 1);
            let k = elems[victim].key;
            lot.remove(k, &sets);
            elems.remove(victim);
            check(&lot, &elems);
        }
        let k = elems[42].key;
        lot.set_effect(k, Packed::NONE, &sets);
        elems[42].eff = Packed::NONE;
        check(&lot, &elems);
    }

    fn fold_upto(elems: &[Elem], upto: u64, sets: &NoSets) -> Agg {
        let run: Vec<Elem> = elems.iter().copied().filter(|e| e.key <= upto).collect();
        fold(&run, sets)
    }

    #[test]
    fn removing_every_element_leaves_an_empty_index() {
        let sets = NoSets(vec![]);
        let mut lot = LotIndex::new();
        let keys: Vec<u64> = (0..300u32).map(|i| key(i as i32, i)).collect();
        for &k in &keys {
            lot.insert(
                Elem {
                    key: k,
                    eff: add(Status::Unknown, 1),
                },
                &sets,
            );
        }
        for &k in keys.iter().rev() {
            lot.remove(k, &sets);
        }
        assert_eq!(lot.len(), 0);
        assert_eq!(lot.root(), Agg::IDENTITY);
    }
}
mod appends {
    use super::*;
    struct S;
    impl Sets for S {
        fn breakdown(&self, _: u32) -> &[(Status, Count)] {
            &[]
        }
    }
    #[test]
    fn in_order_appends_match_a_fold_at_every_point() {
        let mut lot = LotIndex::new();
        let mut elems = Vec::new();
        for i in 0..700u32 {
            let e = Elem {
                key: key(i as i32, i),
                eff: Packed::add(
                    None,
                    Some(Status::Unknown),
                    None,
                    Count::total(u64::from(i % 7 + 1), Basis::Exact),
                ),
            };
            lot.insert(e, &S);
            elems.push(e);
            assert_eq!(lot.root(), fold(&elems, &S), "after {i}");
            for probe in [0, i / 2, i] {
                assert_eq!(
                    lot.prefix(elems[probe as usize].key, &S),
                    fold(&elems[..=probe as usize], &S)
                );
            }
        }
    }
}

mod random {
    use super::*;

    struct Assess(Vec<(Status, Count)>);
    impl Sets for Assess {
        fn breakdown(&self, _: u32) -> &[(Status, Count)] {
            &self.0
        }
    }

    /// The naive validity rule: replay plain counts in key order and look at them at the end
    /// of each first day (the effective key without its precision bits) only. Returns the key
    /// of the last element with an effect up to the first day that ends with a negative
    /// count, and the status.
    pub(super) fn first_negative_day_end(
        elems: &[Elem],
        set: &[(Status, Count)],
    ) -> Option<(u64, Status)> {
        let first_day = |k: u64| (((k >> 32) as u32 ^ 0x8000_0000) as i32).div_euclid(4);
        let mut counts = [0i64; STATUSES];
        let mut last_effect = None;
        for (j, e) in elems.iter().enumerate() {
            let p = e.eff;
            if p != Packed::NONE {
                last_effect = Some(e.key);
            }
            if p.step == Step::Set {
                counts = [0; STATUSES];
                for (s, c) in set {
                    counts[*s as usize] = c.value() as i64;
                }
            } else {
                if let Some(from) = p.from {
                    counts[from as usize] -= i64::from(p.count);
                }
                if let Some(to) = p.to {
                    counts[to as usize] += i64::from(p.count);
                }
            }
            let day_ends = elems
                .get(j + 1)
                .is_none_or(|n| first_day(n.key) != first_day(e.key));
            if day_ends && let Some(s) = Status::ALL.into_iter().find(|s| counts[*s as usize] < 0) {
                return last_effect.map(|k| (k, s));
            }
        }
        None
    }

    /// Random inserts (in order and back-dated), removals and effect changes against a plain
    /// sorted vector folded from scratch, checking the root, random prefixes and the
    /// negative-count rule (against a plain per-day replay) every step. Effective keys are
    /// drawn densely, so several elements often share a first day.
    #[test]
    fn index_matches_a_naive_fold_under_random_operations() {
        let sets = Assess(vec![(Status::Stored, Count::total(9, Basis::About))]);
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let statuses = Status::ALL;
        for round in 0..4 {
            let mut lot = LotIndex::new();
            let mut naive: Vec<Elem> = Vec::new();
            let mut id = 0u32;
            for step in 0..2500 {
                let op = next(100);
                if op < 70 || naive.is_empty() {
                    let day = if op < 50 {
                        10_000 + id as i32
                    } else {
                        next(10_000 + u64::from(id)) as i32
                    };
                    let eff = match next(10) {
                        0 => Packed::SET,
                        1 => Packed::NONE,
                        _ => Packed::add(
                            (next(2) == 0).then(|| statuses[next(7) as usize]),
                            Some(statuses[next(7) as usize]),
                            None,
                            Count::total(
                                next(5) + 1,
                                if next(4) == 0 {
                                    Basis::Estimate
                                } else {
                                    Basis::Exact
                                },
                            ),
                        ),
                    };
                    let e = Elem {
                        key: key(day, id),
                        eff,
                    };
                    id += 1;
                    lot.insert(e, &sets);
                    let at = naive.partition_point(|x| x.key < e.key);
                    naive.insert(at, e);
                } else if op < 85 {
                    let victim = next(naive.len() as u64) as usize;
                    lot.remove(naive[victim].key, &sets);
                    naive.remove(victim);
                } else {
                    let victim = next(naive.len() as u64) as usize;
                    let eff = if next(2) == 0 {
                        Packed::NONE
                    } else {
                        Packed::SET
                    };
                    lot.set_effect(naive[victim].key, eff, &sets);
                    naive[victim].eff = eff;
                }
                assert_eq!(lot.root(), fold(&naive, &sets), "round {round} step {step}");
                let first = first_negative_day_end(&naive, &sets.0);
                assert_eq!(lot.valid(), first.is_none(), "round {round} step {step}");
                assert_eq!(
                    lot.first_negative(&sets),
                    first,
                    "round {round} step {step}"
                );
                if !naive.is_empty() {
                    let probe = naive[next(naive.len() as u64) as usize].key;
                    let upto: Vec<Elem> =
                        naive.iter().copied().filter(|e| e.key <= probe).collect();
                    assert_eq!(
                        lot.prefix(probe, &sets),
                        fold(&upto, &sets),
                        "round {round} step {step}"
                    );
                }
                let keys: Vec<u64> = lot.elems().map(|e| e.key).collect();
                assert_eq!(keys.len(), naive.len());
            }
        }
    }
}

mod order {
    use super::*;
    use proptest::prelude::*;

    struct Assess(Vec<(Status, Count)>);
    impl Sets for Assess {
        fn breakdown(&self, _: u32) -> &[(Status, Count)] {
            &self.0
        }
    }

    fn cases() -> u32 {
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(6)
    }

    /// The tree's depth (1 for a leaf).
    fn depth(n: &Node) -> usize {
        match &n.kids {
            Kids::Blocks(_) => 1,
            Kids::Nodes(nodes) => 1 + nodes.iter().map(depth).max().unwrap_or(0),
        }
    }

    /// The structure's own invariants: every node's summaries match its children, blocks
    /// are sorted and not over full, the tail is empty only with the lot.
    fn check_structure(lot: &LotIndex, sets: &Assess) {
        fn walk(n: &Node, sets: &Assess) {
            assert_eq!(n.lasts.len(), n.aggs.len());
            assert_eq!(n.pre.len(), n.aggs.len());
            assert!(n.len() <= NODE_MAX);
            let mut acc = Agg::IDENTITY;
            for i in 0..n.len() {
                acc = acc.then(&n.aggs[i]);
                assert_eq!(n.pre[i], acc);
            }
            match &n.kids {
                Kids::Blocks(blocks) => {
                    assert_eq!(blocks.len(), n.len());
                    for (i, b) in blocks.iter().enumerate() {
                        assert!(!b.is_empty() && b.len() <= BLOCK_MAX);
                        assert_eq!(summary(b, sets), (n.lasts[i], n.aggs[i]));
                    }
                }
                Kids::Nodes(nodes) => {
                    assert_eq!(nodes.len(), n.len());
                    for (i, k) in nodes.iter().enumerate() {
                        assert_eq!((k.last_key(), k.total()), (Some(n.lasts[i]), n.aggs[i]));
                        walk(k, sets);
                    }
                }
            }
        }
        walk(&lot.tree, sets);
        assert_eq!(lot.head_agg, fold(&lot.head, sets));
        match &lot.head_runs {
            Some(runs) => {
                assert!(!lot.head.is_empty() && runs.front <= lot.head.len());
                assert_eq!(runs.front_agg, fold(&lot.head[..runs.front], sets));
                assert_eq!(runs.back_agg, fold(&lot.head[runs.front..], sets));
                assert_eq!(lot.head_agg, runs.front_agg.then(&runs.back_agg));
            }
            None => assert!(lot.head.is_empty()),
        }
        assert_eq!(lot.tail_agg, fold(&lot.tail, sets));
        assert!(lot.head.len() <= BLOCK_MAX && lot.tail.len() <= BLOCK_MAX);
        if lot.tail.is_empty() {
            assert!(lot.head.is_empty() && lot.tree.len() == 0);
        }
    }

    #[derive(Clone, Copy, Debug)]
    enum Order {
        Dated,
        /// Keys in descending order.
        Reverse,
        /// Days in descending order, ids ascending with the append: how the ledger appends
        /// entries newest first (an entry lands after the others of its day).
        NewestFirst,
        Random,
    }

    fn effect(choice: u8) -> Packed {
        let s = Status::ALL[usize::from(choice) % STATUSES];
        let n = Count::total(u64::from(choice % 5) + 1, Basis::Exact);
        match choice % 11 {
            0 => Packed::SET,
            1 => Packed::NONE,
            2..=6 => Packed::add(None, Some(s), Some(Flow::Delivered), n),
            7 | 8 => Packed::add(Some(s), None, Some(Flow::Lost), n),
            _ => Packed::add(
                Some(s),
                Some(Status::ALL[usize::from(choice / 11) % STATUSES]),
                None,
                n,
            ),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: cases(),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Runs of elements, sorted by key, added with `extend_sorted` (runs after the lot's
        /// last key take the bulk path, short and long, sealing blocks and growing the tree;
        /// others fall back to inserts) give the same elements, aggregates and structure
        /// invariants as inserting each element alone.
        #[test]
        fn extend_sorted_matches_single_inserts(
            runs in proptest::collection::vec((1usize..300, 0u8..4, any::<u64>()), 1..40),
            per_day in 1u32..3,
        ) {
            let sets = Assess(vec![(Status::Stored, Count::total(3, Basis::About))]);
            let mut bulk = LotIndex::new();
            let mut single = LotIndex::new();
            let mut id = 0u32;
            for (len, kind, seed) in runs {
                let mut state = seed | 1;
                let mut next = move |m: u64| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state % m
                };
                // 0, 1: after the lot's last key (the bulk path); 2: back-dated; 3: spread
                // over the whole history.
                let base = match kind {
                    0 | 1 => id / per_day,
                    2 => (id / per_day).saturating_sub(next(200) as u32 + 1),
                    _ => 0,
                };
                let mut run: Vec<Elem> = (0..len)
                    .map(|i| {
                        let day = if kind == 3 {
                            next(u64::from(id / per_day) + 1) as u32
                        } else {
                            base + i as u32 / per_day
                        };
                        let e = Elem { key: key(day as i32, id), eff: effect(next(256) as u8) };
                        id += 1;
                        e
                    })
                    .collect();
                run.sort_by_key(|e| e.key);
                bulk.extend_sorted(&run, &sets);
                for &e in &run {
                    single.insert(e, &sets);
                }
                prop_assert_eq!(bulk.root(), single.root());
                let a: Vec<Elem> = bulk.elems().copied().collect();
                let b: Vec<Elem> = single.elems().copied().collect();
                prop_assert_eq!(&a, &b);
                prop_assert_eq!(bulk.first_negative(&sets), single.first_negative(&sets));
                let probe = a[next(a.len() as u64) as usize].key;
                prop_assert_eq!(bulk.prefix(probe, &sets), fold(&a[..=a.partition_point(|e| e.key < probe)], &sets));
                check_structure(&bulk, &sets);
            }
        }

        /// Thousands of elements inserted into one lot in date order, newest first or at
        /// random (many splits, a tree several levels deep), with removals and effect changes
        /// interleaved: after every operation the root, validity, the first negative day and
        /// a prefix at a random key match a naive fold of a sorted vector.
        #[test]
        fn one_large_lot_matches_a_naive_fold_in_any_order(
            order in prop_oneof![
                Just(Order::Dated),
                Just(Order::Reverse),
                Just(Order::NewestFirst),
                Just(Order::Random),
            ],
            n in 1_500usize..4_000,
            // Distinct days per element vs several per day (more than half a block: a head
            // whose first day cannot stay apart when it seals).
            per_day in prop_oneof![1u32..4, 4u32..80],
            seed in any::<u64>(),
        ) {
            let sets = Assess(vec![(Status::Stored, Count::total(3, Basis::About))]);
            let mut state = seed | 1;
            let mut next = move |m: u64| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state % m
            };
            let mut ids: Vec<u32> = (0..n as u32).collect();
            match order {
                Order::Dated | Order::NewestFirst => {}
                Order::Reverse => ids.reverse(),
                Order::Random => {
                    for i in (1..ids.len()).rev() {
                        ids.swap(i, next(i as u64 + 1) as usize);
                    }
                }
            }
            let mut lot = LotIndex::new();
            let mut naive: Vec<Elem> = Vec::new();
            let mut max_depth = 0;
            for (step, &id) in ids.iter().enumerate() {
                let day = match order {
                    Order::NewestFirst => (n as u32 - 1 - id) / per_day,
                    _ => id / per_day,
                };
                let e = Elem { key: key(day as i32, id), eff: effect(next(256) as u8) };
                lot.insert(e, &sets);
                naive.insert(naive.partition_point(|x| x.key < e.key), e);
                match next(20) {
                    0 => {
                        let victim = next(naive.len() as u64) as usize;
                        lot.remove(naive[victim].key, &sets);
                        naive.remove(victim);
                    }
                    1 => {
                        let victim = next(naive.len() as u64) as usize;
                        let eff = effect(next(256) as u8);
                        lot.set_effect(naive[victim].key, eff, &sets);
                        naive[victim].eff = eff;
                    }
                    _ => {}
                }
                let whole = fold(&naive, &sets);
                prop_assert_eq!(lot.root(), whole, "step {}", step);
                prop_assert_eq!(lot.valid(), whole.min_ok(), "step {}", step);
                if !lot.valid() || step % 64 == 0 {
                    let want = super::random::first_negative_day_end(&naive, &sets.0);
                    prop_assert_eq!(lot.first_negative(&sets), want, "step {}", step);
                }
                if !naive.is_empty() {
                    let probe = naive[next(naive.len() as u64) as usize].key + next(2);
                    let upto = naive.partition_point(|x| x.key <= probe);
                    prop_assert_eq!(lot.prefix(probe, &sets), fold(&naive[..upto], &sets), "step {}", step);
                }
                if step % 97 == 0 {
                    check_structure(&lot, &sets);
                }
                max_depth = max_depth.max(depth(&lot.tree));
            }
            check_structure(&lot, &sets);
            let keys: Vec<u64> = lot.elems().map(|e| e.key).collect();
            let want: Vec<u64> = naive.iter().map(|e| e.key).collect();
            prop_assert_eq!(keys, want);
            prop_assert!(max_depth >= 2, "the tree grew {} levels", max_depth);
            // Then remove everything, in a scrambled order.
            while !naive.is_empty() {
                let victim = next(naive.len() as u64) as usize;
                lot.remove(naive[victim].key, &sets);
                naive.remove(victim);
                prop_assert_eq!(lot.root(), fold(&naive, &sets));
            }
            check_structure(&lot, &sets);
            prop_assert_eq!(lot.len(), 0);
        }
    }
}

/// The counts-only fold of a run ([`Agg::push_counts_all`]) against pushing its elements'
/// counts one by one, on runs of every kind of effect (all bases, statuses, flows,
/// assessments, opening-unknown marks), starting from any aggregate.
mod counts_only {
    use super::*;
    use proptest::prelude::*;

    struct Breakdown(Vec<(Status, Count)>);
    impl Sets for Breakdown {
        fn breakdown(&self, _: u32) -> &[(Status, Count)] {
            &self.0
        }
    }

    const BASES: [Basis; 5] = [
        Basis::Exact,
        Basis::AtLeast,
        Basis::UpTo,
        Basis::About,
        Basis::Estimate,
    ];
    const FLOWS_ALL: [Option<Flow>; FLOWS + 1] = [
        None,
        Some(Flow::Delivered),
        Some(Flow::TransferredIn),
        Some(Flow::Lost),
        Some(Flow::Retired),
        Some(Flow::Expended),
        Some(Flow::TransferredOut),
        Some(Flow::CapturedIn),
    ];

    fn status(i: usize) -> Option<Status> {
        Status::ALL.get(i).copied()
    }

    fn effect() -> impl Strategy<Value = Packed> {
        prop_oneof![
            12 => (0usize..=STATUSES, 0usize..=STATUSES, 0usize..=FLOWS, 0u64..50, 0usize..5)
                .prop_map(|(from, to, flow, n, b)| {
                    Packed::add(status(from), status(to), FLOWS_ALL[flow], Count::total(n, BASES[b]))
                }),
            1 => Just(Packed::SET),
            1 => Just(Packed::OPEN),
            1 => Just(Packed::NONE),
        ]
    }

    #[test]
    fn join_mask_is_the_join_of_the_bases_marked() {
        for mask in 0u8..32 {
            let joined = (0..5)
                .filter(|i| mask & (1 << i) != 0)
                .fold(Basis::Exact, |acc, i| acc.join(BASES[i]));
            assert_eq!(Basis::join_mask(mask), joined, "mask {mask:05b}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn folding_a_run_equals_pushing_each_element(
            start in prop::collection::vec(effect(), 0..8),
            run in prop::collection::vec(effect(), 0..80),
            breakdown in prop::collection::btree_map(0usize..STATUSES, (0u64..9, 0usize..5), 0..4),
        ) {
            let sets = Breakdown(
                breakdown
                    .into_iter()
                    .map(|(s, (n, b))| (Status::ALL[s], Count::total(n, BASES[b])))
                    .collect(),
            );
            let elems: Vec<Elem> = run
                .iter()
                .enumerate()
                .map(|(i, &eff)| Elem { key: key(i as i32, i as u32), eff })
                .collect();
            let mut before = Agg::IDENTITY;
            for (i, &eff) in start.iter().enumerate() {
                before.push(eff, key(-1, i as u32), &sets);
            }
            let mut one_by_one = before;
            for e in &elems {
                one_by_one.push_counts(e.eff, e.key, &sets);
            }
            let mut folded = before;
            folded.push_counts_all(&elems, &sets);
            prop_assert_eq!(folded, one_by_one);
            // An assessment alone sets each status to its count, or to an exact zero.
            let mut assessed = before;
            assessed.push_counts(Packed::SET, key(0, 0), &sets);
            for s in Status::ALL {
                let want = sets
                    .0
                    .iter()
                    .find(|(t, _)| *t == s)
                    .map_or((0, Basis::Exact), |(_, c)| (c.value() as i64, c.basis()));
                prop_assert_eq!(assessed.status(s), want);
            }
            prop_assert!(assessed.has_set());
        }
    }
}
