//! Scenarios: assessments, pipelines, readiness, capacity, grades, dates.

use super::*;

// ---------------------------------------------------------------------------------------------
// Scenarios.

#[test]
fn assessment_then_back_dated_delivery_before_it() {
    // 10 delivered in 2006; assessed at 12 in 2010 (adjustment +2). A delivery of 5 in 2008,
    // back-dated, leaves the count after 2010 at the assessment's 12 but the adjustment at -3.
    given([
        ven_su30("2006", delivered(10, Status::Operational), 0),
        ven_su30(
            "2010-01-01",
            Change::Assessed {
                breakdown: vec![(Status::Operational, Count::exact(12).unwrap())],
            },
            1,
        ),
    ])
    .when(ven_su30("2008-01-01", delivered(5, Status::Operational), 2))
    .then_ok(|l, _, _| {
        let at2009 = l.lot(&ven(), &su30(), &valid(date(2009, 1, 1)));
        assert_eq!(at2009.in_service().value(), 15);
        assert_eq!(at2009.adjustment(), 0);
        let now = l.lot(&ven(), &su30(), &AsOf::latest());
        assert_eq!(now.in_service().value(), 12);
        assert_eq!(now.delivered().value(), 15);
        assert_eq!(now.adjustment(), -3);
        let old = l.lot(&ven(), &su30(), &AsOf::latest().known_at(t(1)));
        assert_eq!(old.adjustment(), 2);
    });
}

#[test]
fn a_loss_after_an_assessment_is_checked_against_the_assessed_count() {
    given([
        ven_su30("2006", delivered(10, Status::Operational), 0),
        ven_su30(
            "2010-01-01",
            Change::Assessed {
                breakdown: vec![(Status::Operational, Count::exact(1).unwrap())],
            },
            1,
        ),
    ])
    .when(ven_su30("2011", lost(2, Status::Operational), 2))
    .then_err(LedgerError::NegativeCount {
        holder: ven(),
        platform: su30(),
        status: Status::Operational,
        date: day("2011"),
        value: -1,
    });
}

#[test]
fn pipeline_matches_first_in_first_out() {
    let req = |n| Change::Requested {
        count: Some(Count::exact(n).unwrap()),
        supplier: Some(rus()),
        request: RequestKind::Acquisition,
    };
    let order = |n| Change::Ordered {
        count: Count::exact(n).unwrap(),
        supplier: Some(rus()),
        condition: Condition::New,
    };
    given([
        ven_su30("2004", req(10), 0),
        ven_su30("2005", req(6), 1),
        ven_su30("2006", order(12), 2),
    ])
    .when(ven_su30("2007", delivered(5, Status::Operational), 3))
    .then_ok(|l, ids, _| {
        let p = l.pipeline(&ven(), &AsOf::latest());
        let got: Vec<_> = p.iter().map(|i| (i.entry.id(), i.outstanding)).collect();
        // The order answered all of request 0 and 2 of request 1; the delivery 5 of the order.
        assert_eq!(got, vec![(ids[1], Some(4)), (ids[2], Some(7))]);
        let p = l.pipeline(&ven(), &valid(date(2006, 6, 1)));
        let got: Vec<_> = p.iter().map(|i| (i.entry.id(), i.outstanding)).collect();
        assert_eq!(got, vec![(ids[1], Some(4)), (ids[2], Some(12))]);
        let p = l.pipeline(&ven(), &valid(date(2005, 6, 1)));
        let got: Vec<_> = p.iter().map(|i| (i.entry.id(), i.outstanding)).collect();
        assert_eq!(got, vec![(ids[0], Some(10)), (ids[1], Some(6))]);
    });
}

#[test]
fn pipeline_delivery_beyond_orders_answers_requests() {
    given([
        ven_su30(
            "2004",
            Change::Requested {
                count: Some(Count::exact(3).unwrap()),
                supplier: None,
                request: RequestKind::Acquisition,
            },
            0,
        ),
        ven_su30(
            "2005",
            Change::Ordered {
                count: Count::exact(2).unwrap(),
                supplier: None,
                condition: Condition::SecondHand,
            },
            1,
        ),
    ])
    .when(ven_su30("2007", delivered(4, Status::Operational), 3))
    .then_ok(|l, _, _| {
        // The order of 2 answered 2 of the request; the delivery answers the order (2) and
        // then the request's last unit, with one to spare.
        assert!(l.pipeline(&ven(), &AsOf::latest()).is_empty());
    });
}

#[test]
fn pipeline_order_does_not_answer_uncounted_requests_it_has_no_units_for() {
    // An order of 5 answers the request of 5; it has nothing left for the later request.
    given([
        ven_su30(
            "2004",
            Change::Requested {
                count: Some(Count::exact(5).unwrap()),
                supplier: None,
                request: RequestKind::Acquisition,
            },
            0,
        ),
        ven_su30(
            "2005",
            Change::Requested {
                count: None,
                supplier: None,
                request: RequestKind::Repair,
            },
            1,
        ),
    ])
    .when(ven_su30(
        "2006",
        Change::Ordered {
            count: Count::exact(5).unwrap(),
            supplier: None,
            condition: Condition::New,
        },
        2,
    ))
    .then_ok(|l, ids, id| {
        let p = l.pipeline(&ven(), &AsOf::latest());
        let got: Vec<_> = p.iter().map(|i| (i.entry.id(), i.outstanding)).collect();
        assert_eq!(got, vec![(ids[1], None), (id, Some(5))]);
    });
}

#[test]
fn readiness_rate_and_bounds_with_unknown_statuses() {
    given([
        ven_su30("2006", delivered(12, Status::Unknown), 0),
        ven_su30("2006", delivered(6, Status::Operational), 1),
        ven_su30("2006", delivered(6, Status::NonOperationalSupply), 2),
    ])
    .when(ven_su30(
        "2007",
        Change::StatusChanged {
            from: Status::Operational,
            to: Status::Degraded,
            count: Count::exact(2).unwrap(),
        },
        3,
    ))
    .then_ok(|l, _, _| {
        let r = l.readiness(&ven(), &su30(), &AsOf::latest());
        assert_eq!(r, Readiness::new(6, 24, 12));
        assert_eq!(r.rate(), Some(0.5));
        assert_eq!(r.lower(), Some(0.25));
        assert_eq!(r.upper(), Some(0.75));
        assert_eq!(
            r.to_string(),
            "6/24 mission capable, 12 unknown: rate 50% (bounds 25%..75%)"
        );
        // All unknown: no rate, but bounds.
        let all_unknown = Readiness::new(0, 12, 12);
        assert_eq!(all_unknown.rate(), None);
        assert_eq!(all_unknown.lower(), Some(0.0));
        assert_eq!(all_unknown.upper(), Some(1.0));
        assert_eq!(
            l.readiness(&ven(), &su30(), &valid(date(2005, 1, 1))),
            Readiness::new(0, 0, 0)
        );
        assert_eq!(Readiness::new(0, 0, 0).lower(), None);
    });
}

#[test]
fn capacity_counts_catalog_payloads_and_figureless_transports() {
    let il76td = PlatformRef::catalog("il-76td").unwrap();
    let il76 = PlatformRef::catalog("il-76").unwrap();
    given([
        entry(
            ven(),
            il76td.clone(),
            "2010",
            delivered(3, Status::Operational),
            0,
        ),
        entry(
            ven(),
            il76td.clone(),
            "2010",
            delivered(1, Status::NonOperationalMaintenance),
            1,
        ),
        entry(
            ven(),
            il76.clone(),
            "2011",
            delivered(2, Status::Operational),
            2,
        ),
        ven_su30("2006", delivered(24, Status::Operational), 3),
    ])
    .when(entry(
        ven(),
        PlatformRef::generic("An-2 (local)", PlatformKind::Transport).unwrap(),
        "2012",
        Change::Delivered {
            count: Count::estimate(2).unwrap(),
            into: Status::Unknown,
            supplier: None,
            condition: Condition::SecondHand,
        },
        4,
    ))
    .then_ok(|l, _, _| {
        let cap = l.capacity(&ven(), &AsOf::latest());
        let tons = |m: Mass| m.get::<uom::si::mass::ton>();
        assert!(
            (tons(cap.in_service) - 200.0).abs() < 1e-9,
            "{:?}",
            cap.in_service
        );
        assert!((tons(cap.mission_capable) - 150.0).abs() < 1e-9);
        assert_eq!(
            cap.without_figure, 4,
            "il-76 family lot and the generic transport"
        );
        assert_eq!(cap.basis, materiel::ledger::Basis::Exact);
        let before = l.capacity(&ven(), &valid(date(2010, 6, 1)));
        assert!((tons(before.in_service) - 200.0).abs() < 1e-9);
        assert_eq!(before.without_figure, 0);
        let none = l.capacity(&ven(), &valid(date(2009, 1, 1)));
        assert_eq!(tons(none.in_service), 0.0);
    });
}

#[test]
fn min_grade_filters_entries_and_flags_inconsistency() {
    let weak = |change, rec| NewEntry::new(ven(), su30(), day("2008"), change, src("E5"), t(rec));
    given([
        ven_su30("2006", delivered(10, Status::Operational), 0),
        weak(delivered(5, Status::Stored), 1),
    ])
    .when(ven_su30(
        "2009",
        Change::Retired {
            count: Count::exact(3).unwrap(),
            from: Status::Stored,
        },
        2,
    ))
    .then_ok(|l, _, _| {
        let all = l.lot(&ven(), &su30(), &AsOf::latest());
        assert_eq!(all.in_service().value(), 12);
        assert!(all.is_consistent());
        let strong = AsOf::latest().min_grade("B3".parse().unwrap());
        let s = l.lot(&ven(), &su30(), &strong);
        // The weak delivery is dropped; the retirement from stored is then clamped.
        assert_eq!(s.count(Status::Stored).value(), 0);
        assert_eq!(s.in_service().value(), 10);
        assert!(!s.is_consistent());
        let p = l.provenance(&ven(), &su30(), &strong);
        assert_eq!(p.entries.len(), 2);
        assert_eq!(
            l.provenance(&ven(), &su30(), &AsOf::latest())
                .weakest_grade()
                .map(|g| g.to_string()),
            Some("E5".into())
        );
        // Before the retirement the filtered view is consistent.
        let early = AsOf::valid(date(2008, 6, 1)).min_grade("B3".parse().unwrap());
        assert!(l.lot(&ven(), &su30(), &early).is_consistent());
    });
}

#[test]
fn year_precision_counts_from_january_first_and_sorts_before_day_precision() {
    given([
        ven_su30("2013-01-01", delivered(1, Status::Operational), 0),
        ven_su30("2013-01", delivered(2, Status::Operational), 1),
    ])
    .when(ven_su30("2013", delivered(4, Status::Operational), 2))
    .then_ok(|l, ids, id| {
        assert_eq!(
            count_at(l, &ven(), &su30(), date(2012, 12, 31), Status::Operational),
            0
        );
        assert_eq!(
            count_at(l, &ven(), &su30(), date(2013, 1, 1), Status::Operational),
            7
        );
        let p = l.provenance(&ven(), &su30(), &AsOf::latest());
        let order: Vec<_> = p.entries.iter().map(|e| e.id()).collect();
        assert_eq!(order, vec![id, ids[1], ids[0]], "year, month, day");
        let steps: Vec<String> = l
            .timeline(&ven(), &su30(), &AsOf::latest())
            .iter()
            .map(|s| s.date.to_string())
            .collect();
        // One step per first day, labelled by its coarsest entry.
        assert_eq!(steps, ["2013"]);
    });
}

#[test]
fn a_day_precision_loss_on_january_first_may_use_a_year_precision_delivery() {
    given([ven_su30("2013", delivered(1, Status::Operational), 0)])
        .when(ven_su30("2013-01-01", lost(1, Status::Operational), 1))
        .then_ok(|l, _, _| {
            assert!(l.lot(&ven(), &su30(), &AsOf::latest()).in_service().value() == 0);
        });
    // The other way round the loss sorts first, but both are in effect from 2013-01-01 and
    // the count is never negative at the end of a day: accepted too.
    given([ven_su30("2013-01-01", delivered(1, Status::Operational), 0)])
        .when(ven_su30("2013", lost(1, Status::Operational), 1))
        .then_ok(|l, _, _| {
            let s = l.lot(&ven(), &su30(), &AsOf::latest());
            assert_eq!(s.in_service().value(), 0);
            assert!(s.is_consistent());
        });
}

#[test]
fn retraction_of_an_unknown_id_through_append_at_an_old_time_reports_order_first() {
    // Transaction time is checked before the target.
    given([ven_su30("2006", delivered(2, Status::Operational), 5)])
        .when(ven_su30(
            "2006",
            Change::Retracted {
                entry: EntryId::new(9),
            },
            1,
        ))
        .then_err(LedgerError::RecordedOutOfOrder {
            recorded: t(1),
            latest: t(5),
        });
}

#[test]
fn the_error_type_is_usable_in_generic_contexts() {
    let g = given([]);
    assert!(g.ids.is_empty());
    let err: Box<dyn std::error::Error> = Box::new(LedgerError::UnknownEntry {
        entry: EntryId::new(1),
    });
    assert!(err.to_string().contains("#1"));
}

#[test]
fn a_valid_date_before_year_one_sees_nothing() {
    given([ven_su30("0001", delivered(2, Status::Operational), 0)])
        .when(ven_su30("2006", delivered(3, Status::Operational), 1))
        .then_ok(|l, _, _| {
            for d in [date(0, 12, 31), date(-5, 6, 1), Date::MIN] {
                let s = l.lot(&ven(), &su30(), &valid(d));
                assert!(s.is_empty(), "{d}: {s:?}");
                assert!(l.timeline(&ven(), &su30(), &valid(d)).is_empty());
                assert!(l.holdings(&ven(), &valid(d)).is_empty());
            }
            assert_eq!(
                count_at(l, &ven(), &su30(), date(1, 1, 1), Status::Operational),
                2
            );
            assert_eq!(
                count_at(l, &ven(), &su30(), Date::MAX, Status::Operational),
                5
            );
        });
}

#[test]
fn readiness_never_panics_on_inconsistent_figures() {
    // `Readiness::new` is public: more unknown than in service must not underflow.
    let r = Readiness::new(3, 5, 10);
    assert_eq!(r.rate(), None);
    assert!(r.lower().is_some());
    let big = Readiness::new(u64::MAX, u64::MAX, u64::MAX);
    assert!(big.upper().is_some());
    assert!(!big.to_string().is_empty());
}
