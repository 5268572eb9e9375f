//! Claims that disagree: given / when / then tests of [`Ledger::bounds`],
//! [`Ledger::conflicts`] and resolutions, with the flagship's two seed cases and their exact
//! figures (the flagship's data is in `examples/venezuela_2025/claims.rs`; the figures here
//! are the same, so that this test needs no file).

use jiff::Timestamp;
use materiel::ledger::{Decision, LossCause, PointPolicy, Quantity, SupportOrigin};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, EntryId, HolderId, Ledger, LedgerError, NewEntry,
    PlatformRef, Source, Status,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn ts(s: &str) -> Timestamp {
    s.parse().expect("a timestamp")
}

fn ven() -> HolderId {
    "VEN".parse().expect("a holder")
}

fn delivered(n: u64) -> Change {
    Change::Delivered {
        count: Count::exact(n).expect("a count"),
        into: Status::Unknown,
        supplier: Some("RUS".parse().expect("a holder")),
        condition: Default::default(),
    }
}

fn claimed(count: Count) -> Change {
    Change::Claimed {
        quantity: Quantity::Held,
        count,
    }
}

struct Book {
    ledger: Ledger,
    platform: PlatformRef,
}

impl Book {
    fn new(platform: &str) -> Self {
        Book {
            ledger: Ledger::new(Catalog::reference()),
            platform: PlatformRef::catalog(platform).expect("a platform id"),
        }
    }
    fn entry(
        &self,
        date: EffectiveDate,
        change: Change,
        who: &str,
        grade: &str,
        at: &str,
    ) -> NewEntry {
        let source = Source::new(who, grade.parse().expect("a grade")).expect("a source");
        NewEntry::new(ven(), self.platform.clone(), date, change, source, ts(at))
    }
    fn add(
        &mut self,
        date: EffectiveDate,
        change: Change,
        who: &str,
        grade: &str,
        at: &str,
    ) -> EntryId {
        let e = self.entry(date, change, who, grade, at);
        self.ledger.append(e).expect("accepted")
    }
    fn held(&self, at: &AsOf) -> materiel::ledger::Bounds {
        self.ledger
            .bounds(&ven(), &self.platform, Quantity::Held, at)
    }
}

/// The flagship's Su-30MK2: 24 delivered (SIPRI, B2), three crashes (B2), the 2025 report's
/// 24 (C4), Sputnik's "23" of 2023-07-03 (C3).
fn su30() -> Book {
    let mut b = Book::new("su-30mk2");
    let sipri = "SIPRI Arms Transfers Database, data generated 2025-01-03";
    for (year, n) in [(2006, 4), (2007, 12), (2008, 8)] {
        b.add(
            EffectiveDate::year(year).unwrap(),
            delivered(n),
            sipri,
            "B2",
            "2025-01-03T00:00:00Z",
        );
    }
    for (y, m, d) in [(2015, 9, 17), (2019, 10, 16), (2023, 7, 2)] {
        let crash = Change::Lost {
            count: Count::exact(1).unwrap(),
            from: Status::Unknown,
            cause: LossCause::Destroyed,
        };
        b.add(
            EffectiveDate::day(y, m, d).unwrap(),
            crash,
            "crash report",
            "B2",
            "2025-02-01T09:00:00Z",
        );
    }
    let report = Change::Assessed {
        breakdown: vec![(Status::Unknown, Count::exact(24).unwrap())],
    };
    b.add(
        EffectiveDate::day(2025, 11, 1).unwrap(),
        report,
        "2025 report",
        "C4",
        "2025-11-04T08:00:00Z",
    );
    b.add(
        EffectiveDate::day(2023, 7, 3).unwrap(),
        claimed(Count::exact(23).unwrap()),
        "Sputnik via urdupoint.com, 2023-07-03",
        "C3",
        "2025-11-05T09:00:00Z",
    );
    b
}

/// The flagship's Igla-S: about 4,000 delivered (SIPRI's estimates, B3) against "no fewer
/// than 5,000" (President Maduro, 2025-10-22, C3).
fn igla() -> Book {
    let mut b = Book::new("igla-s");
    for year in [2009, 2012] {
        let d = Change::Delivered {
            count: Count::estimate(2_000).unwrap(),
            into: Status::Unknown,
            supplier: None,
            condition: Default::default(),
        };
        b.add(
            EffectiveDate::year(year).unwrap(),
            d,
            "SIPRI",
            "B3",
            "2025-01-03T00:00:00Z",
        );
    }
    b.add(
        EffectiveDate::day(2025, 10, 22).unwrap(),
        claimed(Count::at_least(5_000).unwrap()),
        "President Maduro, reported by CNN and AFP",
        "C3",
        "2025-11-05T09:00:00Z",
    );
    b
}

#[test]
fn su30_is_21_by_default_within_21_to_24_and_the_conflict_is_listed() {
    let b = su30();
    let bounds = b.held(&AsOf::latest());
    assert_eq!(
        (bounds.lower(), bounds.upper(), bounds.point()),
        (21, Some(24), Some(21))
    );
    assert_eq!(bounds.policy(), PointPolicy::GradeThenRecency);
    let chosen = bounds.chosen().expect("a chosen support");
    assert!(matches!(
        chosen.origin(),
        SupportOrigin::Flows { entries: 6 }
    ));
    assert_eq!(chosen.grade().to_string(), "B2");
    let aside: Vec<u64> = bounds.set_aside().map(|s| s.figure()).collect();
    assert_eq!(
        aside,
        [23, 24],
        "Sputnik's 23, the report's 24: kept, set aside"
    );
    // The trajectory, set by the latest assessment, is unchanged: claims move no count.
    let lot = b.ledger.lot(&ven(), &b.platform, &AsOf::latest());
    assert_eq!(lot.in_service().value(), 24);
    // The latest support is the 2025 report; the widest view gives no single figure.
    let latest = b.ledger.bounds_with(
        &ven(),
        &b.platform,
        Quantity::Held,
        &AsOf::latest(),
        PointPolicy::Latest,
    );
    assert_eq!(latest.point(), Some(24));
    let widest = b.ledger.bounds_with(
        &ven(),
        &b.platform,
        Quantity::Held,
        &AsOf::latest(),
        PointPolicy::Widest,
    );
    assert_eq!(
        (widest.point(), widest.lower(), widest.upper()),
        (None, 21, Some(24))
    );
    let conflicts = b.ledger.conflicts(None, &AsOf::latest());
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].platform(), &b.platform);
    assert_eq!(conflicts[0].bounds().supports().len(), 3);
}

#[test]
fn igla_is_about_4000_with_no_upper_limit() {
    let b = igla();
    let bounds = b.held(&AsOf::latest());
    assert_eq!(
        (bounds.lower(), bounds.upper(), bounds.point()),
        (4_000, None, Some(4_000))
    );
    let upper: Vec<&str> = bounds
        .upper_supports()
        .filter_map(|s| s.entry().map(|e| e.source().citation()))
        .collect();
    assert_eq!(upper, ["President Maduro, reported by CNN and AFP"]);
    // Before the claim was recorded, SIPRI's deliveries stood alone, and nobody had assessed
    // the missiles held: a munition never assessed is up to what was delivered (its
    // expenditure is unknown), its point that most.
    let before = b.held(&AsOf::latest().known_at(ts("2025-11-05T08:00:00Z")));
    assert_eq!(
        (before.lower(), before.upper(), before.point()),
        (0, Some(4_000), Some(4_000))
    );
    assert_eq!(before.supports()[0].stated(), Count::up_to(4_000).unwrap());
    assert!(!before.disagree());
}

#[test]
fn a_claim_is_carried_to_the_view_date_by_the_flows_since() {
    let b = su30();
    // Sputnik's 23 of 2023-07-03 follows the 2023-07-02 crash: still 23 in 2024.
    // A claim of 23 in 2018 (kant.kg) is 21 after the 2019 and 2023 crashes.
    let mut b2 = su30();
    b2.add(
        EffectiveDate::year(2018).unwrap(),
        claimed(Count::exact(23).unwrap()),
        "kant.kg",
        "C3",
        "2025-11-05T10:00:00Z",
    );
    let in_2024 = AsOf::valid(jiff::civil::date(2024, 1, 1));
    let figures = |book: &Book| -> Vec<(u64, Option<u64>)> {
        book.held(&in_2024)
            .supports()
            .iter()
            .map(|s| (s.lower(), s.upper()))
            .collect()
    };
    assert_eq!(figures(&b), [(21, Some(21)), (23, Some(23))]);
    assert_eq!(
        figures(&b2),
        [(21, Some(21)), (21, Some(21)), (23, Some(23))]
    );
    // In 2019, after the 2019-10-16 crash: the 2018 claim says 22; the flows 22.
    let late_2019 = AsOf::valid(jiff::civil::date(2019, 12, 31));
    let b19 = b2.held(&late_2019);
    assert_eq!((b19.lower(), b19.upper()), (22, Some(22)));
    assert!(!b19.disagree());
}

#[test]
fn bases_open_one_side_and_an_unknown_opening_stock_the_upper() {
    let mut b = Book::new("t-72b3");
    b.add(
        EffectiveDate::year(2020).unwrap(),
        Change::OpeningUnknown,
        "Oryx",
        "B2",
        "2025-01-01T00:00:00Z",
    );
    let loss = Change::Lost {
        count: Count::exact(5).unwrap(),
        from: Status::Unknown,
        cause: LossCause::Destroyed,
    };
    b.add(
        EffectiveDate::year(2022).unwrap(),
        loss,
        "Oryx",
        "B2",
        "2025-01-01T00:00:00Z",
    );
    let open = b.held(&AsOf::latest());
    assert_eq!(
        (open.lower(), open.upper()),
        (0, None),
        "losses of a stock nobody counted"
    );
    b.add(
        EffectiveDate::year(2023).unwrap(),
        claimed(Count::up_to(40).unwrap()),
        "a report",
        "C3",
        "2025-01-02T00:00:00Z",
    );
    // A claim of the count held with an upper limit is a baseline: it closes the opening,
    // and the open flows no longer stand beside it.
    let up_to = b.held(&AsOf::latest());
    assert_eq!((up_to.lower(), up_to.upper()), (0, Some(40)));
    let supports: Vec<(u64, Option<u64>)> = up_to
        .supports()
        .iter()
        .map(|s| (s.lower(), s.upper()))
        .collect();
    assert_eq!(supports, [(0, Some(40))]);
    // As known before the claim, the lot was open.
    let before = b.held(&AsOf::latest().known_at(ts("2025-01-01T12:00:00Z")));
    assert_eq!((before.lower(), before.upper()), (0, None));
}

#[test]
fn an_at_least_claim_leaves_an_unknown_opening_open() {
    let mut b = opened_in_2020_with_30_delivered();
    b.add(
        EffectiveDate::year(2023).unwrap(),
        claimed(Count::at_least(50).unwrap()),
        "a speech",
        "C3",
        "2025-01-02T00:00:00Z",
    );
    let held = b.held(&AsOf::latest());
    let supports: Vec<(u64, Option<u64>)> = held
        .supports()
        .iter()
        .map(|s| (s.lower(), s.upper()))
        .collect();
    assert_eq!(supports, [(30, None), (50, None)]);
    assert_eq!((held.lower(), held.upper()), (30, None));
    // An exact count then closes the opening (60 in 2024, and no flows since): the open
    // flows no longer stand; "at least 50" still has no upper limit of its own.
    b.add(
        EffectiveDate::year(2024).unwrap(),
        claimed(Count::exact(60).unwrap()),
        "a baseline table",
        "B2",
        "2025-01-03T00:00:00Z",
    );
    let held = b.held(&AsOf::latest());
    let supports: Vec<(u64, Option<u64>)> = held
        .supports()
        .iter()
        .map(|s| (s.lower(), s.upper()))
        .collect();
    assert_eq!(supports, [(50, None), (60, Some(60))]);
    assert_eq!(
        (held.lower(), held.upper(), held.point()),
        (50, None, Some(60))
    );
}

#[test]
fn a_resolution_closes_the_conflict_from_its_recorded_time_and_retracting_it_reopens_it()
-> TestResult {
    let mut b = su30();
    let open = |b: &Book, at: &AsOf| b.ledger.conflicts(Some(&ven()), at).len();
    assert_eq!(open(&b, &AsOf::latest()), 1);
    let narrow = Change::Resolved {
        quantity: Quantity::Held,
        decision: Decision::Narrow {
            lower: 21,
            upper: Some(21),
        },
    };
    let e = b
        .entry(
            EffectiveDate::day(2025, 11, 6)?,
            narrow,
            "an analyst",
            "B2",
            "2025-11-06T09:00:00Z",
        )
        .with_note("deliveries less reported crashes");
    let id = b.ledger.append(e)?;
    assert_eq!(open(&b, &AsOf::latest()), 0);
    assert_eq!(
        open(&b, &AsOf::latest().known_at(ts("2025-11-06T08:59:59Z"))),
        1,
        "as known before it"
    );
    let resolved = b.ledger.bounds_with(
        &ven(),
        &b.platform,
        Quantity::Held,
        &AsOf::latest(),
        PointPolicy::Resolved,
    );
    assert_eq!(
        (resolved.policy(), resolved.point()),
        (PointPolicy::Resolved, Some(21))
    );
    assert_eq!(resolved.resolution().map(|r| r.id()), Some(id));
    // The bounds stay the claims' hull: the resolution narrows the point, not the evidence.
    assert_eq!((resolved.lower(), resolved.upper()), (21, Some(24)));

    let source = Source::new("the analyst, on second thoughts", "B2".parse()?)?;
    b.ledger
        .retract(id, source, ts("2025-11-07T09:00:00Z"), None)?;
    assert_eq!(
        open(&b, &AsOf::latest()),
        1,
        "retracting the resolution reopens the conflict"
    );
    assert_eq!(
        open(&b, &AsOf::latest().known_at(ts("2025-11-06T12:00:00Z"))),
        0
    );
    let fallback = b.ledger.bounds_with(
        &ven(),
        &b.platform,
        Quantity::Held,
        &AsOf::latest(),
        PointPolicy::Resolved,
    );
    assert_eq!(
        fallback.policy(),
        PointPolicy::GradeThenRecency,
        "no resolution in effect: the default chose"
    );
    Ok(())
}

#[test]
fn picking_a_claim_takes_its_figure_and_keeping_the_range_gives_none() -> TestResult {
    let mut b = su30();
    let sputnik = EntryId::new(b.ledger.len() as u64 - 1);
    let pick = Change::Resolved {
        quantity: Quantity::Held,
        decision: Decision::Pick { entry: sputnik },
    };
    let e = b
        .entry(
            EffectiveDate::day(2025, 11, 6)?,
            pick,
            "an analyst",
            "B2",
            "2025-11-06T09:00:00Z",
        )
        .with_note("why not");
    b.ledger.append(e)?;
    let picked = b.ledger.bounds_with(
        &ven(),
        &b.platform,
        Quantity::Held,
        &AsOf::latest(),
        PointPolicy::Resolved,
    );
    assert_eq!(picked.point(), Some(23));
    assert_eq!(
        picked.chosen().and_then(|s| s.entry()).map(|e| e.id()),
        Some(sputnik)
    );
    let keep = Change::Resolved {
        quantity: Quantity::Held,
        decision: Decision::KeepRange,
    };
    let e = b
        .entry(
            EffectiveDate::day(2025, 11, 7)?,
            keep,
            "an analyst",
            "B2",
            "2025-11-07T09:00:00Z",
        )
        .with_note("no better source");
    b.ledger.append(e)?;
    let kept = b.ledger.bounds_with(
        &ven(),
        &b.platform,
        Quantity::Held,
        &AsOf::latest(),
        PointPolicy::Resolved,
    );
    assert_eq!(
        (kept.point(), kept.lower(), kept.upper()),
        (None, 21, Some(24))
    );
    Ok(())
}

#[test]
fn rejected_claims_and_resolutions_change_nothing() -> TestResult {
    let mut b = su30();
    let before = b.ledger.clone();
    let day = EffectiveDate::day(2025, 11, 6)?;
    let resolve = |decision| Change::Resolved {
        quantity: Quantity::Held,
        decision,
    };
    let delivery = EntryId::new(0);
    let cases: Vec<(NewEntry, &str)> = vec![
        (
            b.entry(
                day,
                resolve(Decision::KeepRange),
                "an analyst",
                "B2",
                "2025-11-06T09:00:00Z",
            ),
            "a resolution needs a note giving its reason",
        ),
        (
            b.entry(
                day,
                resolve(Decision::Pick { entry: delivery }),
                "an analyst",
                "B2",
                "2025-11-06T09:00:00Z",
            )
            .with_note("the delivery"),
            "entry #0 is not a claim of VEN su-30mk2 about held",
        ),
        (
            b.entry(
                day,
                resolve(Decision::Pick {
                    entry: EntryId::new(999),
                }),
                "an analyst",
                "B2",
                "2025-11-06T09:00:00Z",
            )
            .with_note("nothing"),
            "no entry #999 to pick",
        ),
        (
            b.entry(
                day,
                resolve(Decision::Narrow {
                    lower: 22,
                    upper: Some(21),
                }),
                "an analyst",
                "B2",
                "2025-11-06T09:00:00Z",
            )
            .with_note("empty"),
            "a narrowed range 22..=21 is empty",
        ),
    ];
    for (entry, reason) in cases {
        let err = b.ledger.append(entry).unwrap_err();
        assert_eq!(
            err,
            LedgerError::InvalidChange {
                change: "resolved",
                reason: reason.into()
            }
        );
        assert!(b.ledger.entries().eq(before.entries()));
        assert_eq!(b.held(&AsOf::latest()), {
            before.bounds(&ven(), &b.platform, Quantity::Held, &AsOf::latest())
        });
    }
    // A claim recorded out of order is refused like any entry.
    let late = b.entry(
        day,
        claimed(Count::exact(20)?),
        "a report",
        "C3",
        "2020-01-01T00:00:00Z",
    );
    assert!(matches!(
        b.ledger.append(late),
        Err(LedgerError::RecordedOutOfOrder { .. })
    ));
    assert_eq!(b.ledger.len(), before.len());
    // JSON refuses a decision with stray fields.
    let json =
        r#"{"kind":"resolved","quantity":"held","decision":{"decision":"keep_range","lower":1}}"#;
    assert!(serde_json::from_str::<Change>(json).is_err());
    Ok(())
}

#[test]
fn claims_of_a_status_delivered_and_lost_have_their_own_bounds() -> TestResult {
    let mut b = su30();
    let q = |quantity, count| Change::Claimed { quantity, count };
    b.add(
        EffectiveDate::year(2010)?,
        q(Quantity::Delivered, Count::exact(24)?),
        "a report",
        "C3",
        "2025-11-06T00:00:00Z",
    );
    b.add(
        EffectiveDate::year(2024)?,
        q(Quantity::Lost, Count::at_least(4)?),
        "a blog",
        "D4",
        "2025-11-06T00:00:00Z",
    );
    let at = AsOf::latest();
    let delivered = b
        .ledger
        .bounds(&ven(), &b.platform, Quantity::Delivered, &at);
    assert_eq!((delivered.lower(), delivered.upper()), (24, Some(24)));
    assert!(!delivered.disagree());
    let lost = b.ledger.bounds(&ven(), &b.platform, Quantity::Lost, &at);
    assert_eq!(
        (lost.lower(), lost.upper(), lost.point()),
        (3, None, Some(3))
    );
    let conflicts: Vec<String> = b
        .ledger
        .conflicts(None, &at)
        .iter()
        .map(|c| c.bounds().quantity().to_string())
        .collect();
    assert_eq!(conflicts, ["lost", "held"], "unbounded first");
    Ok(())
}

#[test]
fn a_claim_closes_the_opening_of_its_own_quantity_only() {
    let mut b = opened_in_2020_with_30_delivered();
    b.add(
        EffectiveDate::year(2023).unwrap(),
        Change::Claimed {
            quantity: Quantity::InStatus(Status::Operational),
            count: Count::exact(12).unwrap(),
        },
        "a parade count",
        "C3",
        "2025-01-02T00:00:00Z",
    );
    // Twelve operational says nothing of the total held: still at least 30, no upper limit.
    let held = b.held(&AsOf::latest());
    assert_eq!((held.lower(), held.upper()), (30, None));
    let operational = b.ledger.bounds(
        &ven(),
        &b.platform,
        Quantity::InStatus(Status::Operational),
        &AsOf::latest(),
    );
    assert_eq!(
        (
            operational.lower(),
            operational.upper(),
            operational.supports().len()
        ),
        (12, Some(12), 1)
    );
}

/// A T-72B3 lot opened with an unknown stock in 2020 (a SIPRI window) and 30 delivered in
/// 2021: its count held is at least 30, with no upper limit.
fn opened_in_2020_with_30_delivered() -> Book {
    let mut b = Book::new("t-72b3");
    b.add(
        EffectiveDate::year(2020).unwrap(),
        Change::OpeningUnknown,
        "SIPRI window",
        "B2",
        "2025-01-01T00:00:00Z",
    );
    b.add(
        EffectiveDate::year(2021).unwrap(),
        delivered(30),
        "SIPRI",
        "B2",
        "2025-01-01T00:00:00Z",
    );
    b
}

/// The point when only the flows speak is what they bring, the lot's count, never the floor 0
/// a munition's unknown expenditure allows (illustrative figures: R-73 missiles, a munition).
#[test]
fn a_munition_never_assessed_has_its_count_as_its_point_opened_unknown_or_not() {
    let lost = Change::Lost {
        count: Count::exact(10).unwrap(),
        from: Status::Unknown,
        cause: LossCause::Destroyed,
    };
    for opened_unknown in [false, true] {
        let mut b = Book::new("r-73");
        if opened_unknown {
            b.add(
                EffectiveDate::year(2000).unwrap(),
                Change::OpeningUnknown,
                "SIPRI window",
                "B3",
                "2025-01-01T00:00:00Z",
            );
        }
        b.add(
            EffectiveDate::year(2010).unwrap(),
            delivered(100),
            "SIPRI",
            "B3",
            "2025-01-01T00:00:00Z",
        );
        b.add(
            EffectiveDate::year(2015).unwrap(),
            lost.clone(),
            "illustrative",
            "B3",
            "2025-01-01T00:00:00Z",
        );
        let bounds = b.held(&AsOf::latest());
        let count = b.ledger.lot(&ven(), &b.platform, &AsOf::latest());
        assert_eq!(count.in_service().value(), 90);
        let upper = (!opened_unknown).then_some(90);
        assert_eq!(
            (bounds.lower(), bounds.upper(), bounds.point()),
            (0, upper, Some(90)),
            "opened unknown: {opened_unknown}"
        );
        let [flows] = bounds.supports() else {
            panic!("the flows alone: {bounds:?}")
        };
        assert_eq!((flows.stated().value(), flows.figure()), (90, 90));
    }
}

proptest::proptest! {
    /// Any munition never assessed, opened unknown or not, with any deliveries and losses
    /// that keep its count whole: the bounds are 0 up to its count (no upper limit when
    /// opened unknown) and the point is its count.
    #[test]
    fn the_point_of_a_munition_never_assessed_is_its_count(
        opened_unknown in proptest::bool::ANY,
        flows in proptest::collection::vec((1u64..500, 0u64..100), 1..6),
    ) {
        let mut b = Book::new("r-73");
        if opened_unknown {
            b.add(EffectiveDate::year(2000).unwrap(), Change::OpeningUnknown, "w", "B3", "2025-01-01T00:00:00Z");
        }
        for (i, (d, l)) in flows.iter().enumerate() {
            let year = 2001 + i as i16;
            b.add(EffectiveDate::year(year).unwrap(), delivered(*d), "s", "B3", "2025-01-01T00:00:00Z");
            let lost = Change::Lost { count: Count::exact(*l.min(d)).unwrap(), from: Status::Unknown, cause: LossCause::Destroyed };
            if *l > 0 {
                b.add(EffectiveDate::day(year, 6, 1).unwrap(), lost, "s", "B3", "2025-01-01T00:00:00Z");
            }
        }
        let count = b.ledger.lot(&ven(), &b.platform, &AsOf::latest()).in_service().value();
        let bounds = b.held(&AsOf::latest());
        proptest::prop_assert_eq!(
            (bounds.lower(), bounds.upper(), bounds.point()),
            (0, (!opened_unknown).then_some(count), Some(count))
        );
    }
}
