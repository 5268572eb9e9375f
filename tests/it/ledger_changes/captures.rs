//! Captures, lots whose opening stock is unknown, on-or-before dates.

use super::*;

// ---------------------------------------------------------------------------------------------
// Captures credit the captor.

fn captured(n: u64, by: Option<HolderId>) -> Change {
    Change::Lost {
        count: Count::exact(n).unwrap(),
        from: Status::Operational,
        cause: LossCause::Captured { by },
    }
}

#[test]
fn a_capture_by_a_known_holder_credits_the_captor() {
    given([ven_su30("2006", delivered(10, Status::Operational), 0)])
        .when(ven_su30("2008-03-10", captured(3, Some(zic())), 1))
        .then_ok(|l, _, id| {
            let at = AsOf::latest();
            let loser = l.lot(&ven(), &su30(), &at);
            let captor = l.lot(&zic(), &su30(), &at);
            assert_eq!((loser.in_service().value(), loser.lost().value()), (7, 3));
            // Status unknown, counted in the captor's captured-in flow.
            assert_eq!(captor.count(Status::Unknown).value(), 3);
            assert_eq!(captor.in_service().value(), 3);
            assert_eq!(captor.captured_in().value(), 3);
            assert_eq!(captor.transferred_in().value(), 0);
            assert_eq!(captor.adjustment(), 0);
            // Conserved across the two holders, like a transfer.
            assert_eq!(
                loser.in_service().value() + captor.in_service().value(),
                loser.delivered().value()
            );
            // Not before the capture's date; shown in the captor's provenance.
            assert!(l.lot(&zic(), &su30(), &valid(date(2008, 3, 9))).is_empty());
            let p = l.provenance(&zic(), &su30(), &at);
            assert_eq!(p.entries.iter().map(|e| e.id()).collect::<Vec<_>>(), [id]);
            assert!(l.holders().any(|h| h == &zic()));
        });
}

#[test]
fn a_capture_by_an_unknown_holder_credits_no_one() {
    given([ven_su30("2006", delivered(10, Status::Operational), 0)])
        .when(ven_su30("2008-03-10", captured(3, None), 1))
        .then_ok(|l, _, _| {
            assert_eq!(l.holders().cloned().collect::<Vec<_>>(), [ven()]);
            assert_eq!(l.lot(&ven(), &su30(), &AsOf::latest()).lost().value(), 3);
        });
}

#[test]
fn captured_units_can_be_used_by_the_captor() {
    given([
        ven_su30("2006", delivered(10, Status::Operational), 0),
        ven_su30("2008-03-10", captured(3, Some(zic())), 1),
    ])
    .when(entry(
        zic(),
        su30(),
        "2009",
        Change::StatusChanged {
            from: Status::Unknown,
            to: Status::Operational,
            count: Count::exact(2).unwrap(),
        },
        2,
    ))
    .then_ok(|l, _, _| {
        let s = l.lot(&zic(), &su30(), &AsOf::latest());
        assert_eq!(s.count(Status::Operational).value(), 2);
        assert_eq!(s.count(Status::Unknown).value(), 1);
    });
}

#[test]
fn retracting_a_capture_undoes_both_sides() {
    given([
        ven_su30("2006", delivered(10, Status::Operational), 0),
        ven_su30("2008-03-10", captured(3, Some(zic())), 1),
    ])
    .when_retract(1, 2)
    .then_ok(|l, _, _| {
        let at = AsOf::latest();
        assert_eq!(l.lot(&ven(), &su30(), &at).in_service().value(), 10);
        assert!(l.lot(&zic(), &su30(), &at).is_empty());
        // As known before the retraction, both sides still show.
        let before = AsOf::latest().known_at(t(1));
        assert_eq!(l.lot(&zic(), &su30(), &before).in_service().value(), 3);
    });
}

#[test]
fn retracting_a_capture_the_captor_since_lost_is_rejected_naming_the_captor() {
    given([
        ven_su30("2006", delivered(10, Status::Operational), 0),
        ven_su30("2008-03-10", captured(3, Some(zic())), 1),
        entry(zic(), su30(), "2010-01-05", lost(2, Status::Unknown), 2),
    ])
    .when_retract(1, 3)
    .then_err(LedgerError::NegativeCount {
        holder: zic(),
        platform: su30(),
        status: Status::Unknown,
        date: day("2010-01-05"),
        value: -2,
    });
}

#[test]
fn a_captor_cannot_lose_captured_units_before_the_capture() {
    given([
        ven_su30("2006", delivered(10, Status::Operational), 0),
        ven_su30("2008-03-10", captured(3, Some(zic())), 1),
    ])
    .when(entry(
        zic(),
        su30(),
        "2008-03-09",
        lost(1, Status::Unknown),
        2,
    ))
    .then_err(LedgerError::NegativeCount {
        holder: zic(),
        platform: su30(),
        status: Status::Unknown,
        date: day("2008-03-09"),
        value: -1,
    });
}

#[test]
fn a_holder_cannot_be_captured_by_itself() {
    given([ven_su30("2006", delivered(10, Status::Operational), 0)])
        .when(ven_su30("2008", captured(1, Some(ven())), 1))
        .then_err(LedgerError::InvalidChange {
            change: "lost",
            reason: "VEN cannot be captured by itself".into(),
        });
}

#[test]
fn captured_condition_has_a_text_form() {
    assert_eq!(Condition::Captured.to_string(), "captured");
    assert_eq!("captured".parse::<Condition>(), Ok(Condition::Captured));
}

// ---------------------------------------------------------------------------------------------
// Lots whose opening stock is unknown.

fn rus_su30(eff: &str, change: Change, rec: i64) -> NewEntry {
    entry(rus(), su30(), eff, change, rec)
}
fn assessed(n: u64, s: Status) -> Change {
    Change::Assessed {
        breakdown: vec![(s, Count::exact(n).unwrap())],
    }
}

#[test]
fn a_loss_in_a_lot_of_unknown_opening_stock_is_counted_not_checked() {
    given([rus_su30("2022-02-24", Change::OpeningUnknown, 0)])
        .when(rus_su30("2022-03-01", lost(3, Status::Unknown), 1))
        .then_ok(|l, _, _| {
            let s = l.lot(&rus(), &su30(), &AsOf::latest());
            assert_eq!(s.lost(), Count::exact(3).unwrap());
            // Holdings unknown: a lower bound, neither zero-exact nor negative.
            assert!(!s.baseline_known());
            assert_eq!(s.in_service(), Count::at_least(0).unwrap());
            assert!(s.is_consistent());
            // Before the losses, at least the three later lost were held.
            let before = l.lot(&rus(), &su30(), &valid(date(2022, 2, 28)));
            assert_eq!(before.count(Status::Unknown), Count::at_least(3).unwrap());
            assert!(!before.baseline_known());
            // Conservation: the least opening stock is the adjustment.
            assert_eq!(s.adjustment(), 3);
            assert!(!s.is_empty());
        });
}

#[test]
fn a_loss_in_a_lot_without_the_statement_is_still_rejected() {
    given([])
        .when(rus_su30("2022-03-01", lost(3, Status::Unknown), 1))
        .then_err(LedgerError::NegativeCount {
            holder: rus(),
            platform: su30(),
            status: Status::Unknown,
            date: day("2022-03-01"),
            value: -3,
        });
}

#[test]
fn losses_beyond_recorded_deliveries_are_allowed_in_an_open_lot() {
    given([
        rus_su30("2010", delivered(4, Status::Unknown), 0),
        rus_su30("2022-02-24", Change::OpeningUnknown, 1),
    ])
    .when(rus_su30("2022-03-01", lost(6, Status::Unknown), 2))
    .then_ok(|l, _, _| {
        // In 2015 at least the 6 later lost were held (4 of them delivered in 2010).
        let mid = l.lot(&rus(), &su30(), &valid(date(2015, 1, 1)));
        assert_eq!(mid.in_service(), Count::at_least(6).unwrap());
        assert_eq!(mid.delivered().value(), 4);
        let end = l.lot(&rus(), &su30(), &AsOf::latest());
        assert_eq!(end.in_service(), Count::at_least(0).unwrap());
        assert_eq!((end.delivered().value(), end.lost().value()), (4, 6));
    });
}

#[test]
fn a_later_baseline_makes_counts_absolute_and_checks_resume() {
    let g = || {
        given([
            rus_su30("2022-02-24", Change::OpeningUnknown, 0),
            rus_su30("2022-03-01", lost(3, Status::Unknown), 1),
            // A Military Balance figure: 10 held at the start of 2023.
            rus_su30("2023-01-01", assessed(10, Status::Unknown), 2),
        ])
    };
    // A loss after the baseline applies against it.
    g().when(rus_su30("2023-05-01", lost(4, Status::Unknown), 3))
        .then_ok(|l, _, _| {
            let s = l.lot(&rus(), &su30(), &AsOf::latest());
            assert!(s.baseline_known());
            assert_eq!(s.in_service(), Count::exact(6).unwrap());
            assert_eq!(s.lost().value(), 7);
            // Before the baseline, still a lower bound.
            let before = l.lot(&rus(), &su30(), &valid(date(2022, 12, 31)));
            assert!(!before.baseline_known());
            assert_eq!(before.in_service(), Count::at_least(0).unwrap());
        });
    // One that exceeds it is rejected, as in any lot.
    g().when(rus_su30("2023-05-01", lost(11, Status::Unknown), 3))
        .then_err(LedgerError::NegativeCount {
            holder: rus(),
            platform: su30(),
            status: Status::Unknown,
            date: day("2023-05-01"),
            value: -1,
        });
}

#[test]
fn losses_after_an_earlier_baseline_apply_against_it() {
    given([
        rus_su30("2022-02-24", Change::OpeningUnknown, 0),
        rus_su30("2022-03-10", lost(2, Status::Unknown), 1),
    ])
    .when(rus_su30("2022-01-01", assessed(5, Status::Unknown), 2))
    .then_ok(|l, _, _| {
        let s = l.lot(&rus(), &su30(), &AsOf::latest());
        assert!(s.baseline_known());
        assert_eq!(s.in_service(), Count::exact(3).unwrap());
        // Before the baseline nothing is known.
        let early = l.lot(&rus(), &su30(), &valid(date(2021, 6, 1)));
        assert!(!early.baseline_known());
    });
}

#[test]
fn a_baseline_too_small_for_later_losses_is_rejected() {
    given([
        rus_su30("2022-02-24", Change::OpeningUnknown, 0),
        rus_su30("2022-03-10", lost(2, Status::Unknown), 1),
    ])
    .when(rus_su30("2022-01-01", assessed(1, Status::Unknown), 2))
    .then_err(LedgerError::NegativeCount {
        holder: rus(),
        platform: su30(),
        status: Status::Unknown,
        date: day("2022-03-10"),
        value: -1,
    });
}

/// Once the statement is retracted the index holds no open mark, but a view known before the
/// retraction still sees the statement: its lot is open there, and a fast path that asked
/// the index whether the lot is open would call its baseline known.
#[test]
fn a_view_known_before_the_statement_was_retracted_still_sees_an_open_lot() {
    given([
        rus_su30("2022-02-24", Change::OpeningUnknown, 0),
        rus_su30("2022-03-01", delivered(5, Status::Unknown), 1),
    ])
    .when_retract(0, 2)
    .then_ok(|l, _, _| {
        let now = l.lot(&rus(), &su30(), &AsOf::latest());
        assert!(now.baseline_known());
        assert_eq!(now.in_service(), Count::exact(5).unwrap());
        for at in [
            AsOf::latest().known_at(t(1)),
            AsOf::valid(date(2022, 3, 2)).known_at(t(1)),
        ] {
            let then = l.lot(&rus(), &su30(), &at);
            assert!(!then.baseline_known(), "{at:?}");
            assert_eq!(then.in_service(), Count::at_least(5).unwrap(), "{at:?}");
            let held = l.holdings(&rus(), &at);
            assert_eq!(held.iter().next().map(|(_, s)| *s), Some(then), "{at:?}");
        }
    });
}

#[test]
fn retracting_the_statement_that_losses_rely_on_is_rejected() {
    given([
        rus_su30("2022-02-24", Change::OpeningUnknown, 0),
        rus_su30("2022-03-10", lost(2, Status::Unknown), 1),
    ])
    .when_retract(0, 2)
    .then_err(LedgerError::NegativeCount {
        holder: rus(),
        platform: su30(),
        status: Status::Unknown,
        date: day("2022-03-10"),
        value: -2,
    });
}

#[test]
fn a_capture_credits_a_captor_whose_own_stock_is_unknown() {
    // Oryx: Ukraine captures a Russian unit; neither side's holdings are published.
    let ukr: HolderId = "UKR".parse().unwrap();
    given([
        rus_su30("2022-02-24", Change::OpeningUnknown, 0),
        entry(ukr.clone(), su30(), "2022-02-24", Change::OpeningUnknown, 0),
        entry(
            ukr.clone(),
            su30(),
            "2022-03-02",
            lost(1, Status::Unknown),
            1,
        ),
    ])
    .when(rus_su30("2022-03-05", captured(2, Some(ukr.clone())), 2))
    .then_ok(|l, _, _| {
        let u = l.lot(&ukr, &su30(), &AsOf::latest());
        assert_eq!(u.captured_in().value(), 2);
        assert_eq!(u.lost().value(), 1);
        // At least the unit lost on 03-02 was held before; plus the two captured.
        assert_eq!(u.in_service(), Count::at_least(2).unwrap());
        assert!(!u.baseline_known());
    });
}

#[test]
fn the_statement_has_a_json_form_and_a_name() {
    let json = serde_json::to_string(&Change::OpeningUnknown).unwrap();
    assert_eq!(json, r#"{"kind":"opening_unknown"}"#);
    assert_eq!(
        serde_json::from_str::<Change>(&json).unwrap(),
        Change::OpeningUnknown
    );
    assert_eq!(Change::OpeningUnknown.name(), "opening_unknown");
    assert_eq!(Change::OpeningUnknown.count(), None);
}

#[test]
fn open_lots_and_captures_survive_a_snapshot_round_trip() {
    let ukr: HolderId = "UKR".parse().unwrap();
    let g = given([
        rus_su30("2022-02-24", Change::OpeningUnknown, 0),
        rus_su30("2022-03-05", captured(2, Some(ukr.clone())), 1),
    ]);
    let text = g.ledger.to_snapshot_json();
    assert!(text.contains(r#""kind":"opening_unknown""#), "{text}");
    let back = Ledger::from_snapshot_json(&text, Catalog::reference()).unwrap();
    assert!(back.entries().eq(g.ledger.entries()));
    let at = AsOf::latest();
    assert_eq!(back.all_holdings(&at), g.ledger.all_holdings(&at));
    assert_eq!(back.lot(&ukr, &su30(), &at).captured_in().value(), 2);
}

// ---------------------------------------------------------------------------------------------
// "On or before" dates.

#[test]
fn on_or_before_dates_have_text_and_json_forms() {
    let d: EffectiveDate = "<=2022-03-19".parse().unwrap();
    assert_eq!(d, EffectiveDate::on_or_before(2022, 3, 19).unwrap());
    assert_eq!(d.precision(), materiel::ledger::Precision::OnOrBefore);
    assert_eq!(d.to_string(), "<=2022-03-19");
    assert_eq!(serde_json::to_string(&d).unwrap(), r#""<=2022-03-19""#);
    assert_eq!(
        serde_json::from_str::<EffectiveDate>(r#""<=2022-03-19""#).unwrap(),
        d
    );
    // Counted from the day it was known by; any earlier day is possible.
    assert_eq!(d.first_day(), date(2022, 3, 19));
    assert_eq!(d.last_day(), date(2022, 3, 19));
    assert!(d.contains(date(2022, 2, 24)));
    assert!(!d.contains(date(2022, 3, 20)));
    // A day, not a month or year; a real date.
    for bad in ["<=2022-03", "<=2022", "<=2022-02-30", "< =2022-03-19", "<="] {
        assert!(bad.parse::<EffectiveDate>().is_err(), "{bad}");
    }
    // It sorts after the exact day (known by the end of it) and before the next day.
    assert!(day("2022-03-19") < d && d < day("2022-03-20"));
    assert!(day("2022") < d);
}

#[test]
fn a_loss_on_or_before_a_day_counts_from_that_day() {
    given([ven_su30("2021", delivered(5, Status::Operational), 0)])
        .when(NewEntry::new(
            ven(),
            su30(),
            "<=2022-03-19".parse().unwrap(),
            lost(2, Status::Operational),
            src("B2"),
            t(1),
        ))
        .then_ok(|l, _, id| {
            // Not yet as of the day before it was known.
            assert_eq!(
                count_at(l, &ven(), &su30(), date(2022, 3, 18), Status::Operational),
                5
            );
            assert_eq!(
                count_at(l, &ven(), &su30(), date(2022, 3, 19), Status::Operational),
                3
            );
            // Stored and given back as written.
            assert_eq!(l.get(id).unwrap().effective().to_string(), "<=2022-03-19");
            // The timeline labels its step with it.
            let steps = l.timeline(&ven(), &su30(), &AsOf::latest());
            assert_eq!(steps.last().unwrap().date.to_string(), "<=2022-03-19");
        });
}

#[test]
fn an_on_or_before_loss_may_use_a_delivery_of_the_same_day() {
    // Both are in effect from 2022-03-19 and checked at its end.
    given([ven_su30("2022-03-19", delivered(1, Status::Operational), 0)])
        .when(ven_su30("<=2022-03-19", lost(1, Status::Operational), 1))
        .then_ok(|l, _, _| {
            assert!(l.lot(&ven(), &su30(), &AsOf::latest()).in_service().value() == 0);
        });
}

#[test]
fn an_on_or_before_loss_before_the_delivery_is_rejected_naming_its_date() {
    given([ven_su30("2022-03-20", delivered(1, Status::Operational), 0)])
        .when(ven_su30("<=2022-03-19", lost(1, Status::Operational), 1))
        .then_err(LedgerError::NegativeCount {
            holder: ven(),
            platform: su30(),
            status: Status::Operational,
            date: day("<=2022-03-19"),
            value: -1,
        });
}
