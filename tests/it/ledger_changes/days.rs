//! Counts are states at dates: only the count at the end of each day must not be negative.

use super::*;

// ---------------------------------------------------------------------------------------------
// Counts are states at dates: only the count at the end of each day must not be negative.

fn status_changed(from: Status, to: Status, n: u64) -> Change {
    Change::StatusChanged {
        from,
        to,
        count: Count::exact(n).unwrap(),
    }
}

#[test]
fn a_year_loss_may_rely_on_a_month_delivery_in_effect_from_the_same_day() {
    // The issue's case: the loss sorts before the delivery (coarser first), yet both are in
    // effect from 2013-01-01 and the count is never negative on any date.
    given([ven_su30("2013-01", delivered(1, Status::Operational), 0)])
        .when(ven_su30("2013", lost(1, Status::Operational), 1))
        .then_ok(|l, _, _| {
            let mid = l.lot(&ven(), &su30(), &valid(date(2013, 6, 1)));
            assert_eq!(mid.in_service().value(), 0);
            assert_eq!(mid.count(Status::Operational).value(), 0);
            assert_eq!((mid.delivered().value(), mid.lost().value()), (1, 1));
            assert!(mid.is_consistent());
            let first = l.lot(&ven(), &su30(), &valid(date(2013, 1, 1)));
            assert_eq!(first, mid);
            let before = l.lot(&ven(), &su30(), &valid(date(2012, 12, 31)));
            assert!(before.is_empty(), "{before:?}");
            assert!(l.holdings(&ven(), &valid(date(2012, 12, 31))).is_empty());
            // Holdings on 2013-06-01 list the lot (its flows) with nothing in service.
            let rows: Vec<u64> = l
                .holdings(&ven(), &valid(date(2013, 6, 1)))
                .iter()
                .map(|(_, s)| s.in_service().value())
                .collect();
            assert_eq!(rows, [0]);
        });
}

#[test]
fn the_timeline_of_the_issue_pair_has_one_consistent_step() {
    // A step per first day: the loss sorted before the delivery is no step of its own, so no
    // step shows the transient -1 (clamped, inconsistent).
    given([ven_su30("2013-01", delivered(1, Status::Operational), 0)])
        .when(ven_su30("2013", lost(1, Status::Operational), 1))
        .then_ok(|l, _, _| {
            let tl = l.timeline(&ven(), &su30(), &AsOf::latest());
            assert!(tl.iter().all(|s| s.state.is_consistent()), "{tl:?}");
            assert_eq!(tl.len(), 1, "{tl:?}");
            // Labelled by the coarser entry: the step is known to the year.
            assert_eq!(tl[0].date, day("2013"));
            let on_the_day = l.lot(&ven(), &su30(), &valid(date(2013, 1, 1)));
            assert_eq!(tl[0].state, on_the_day);
            assert_eq!(
                (on_the_day.delivered().value(), on_the_day.lost().value()),
                (1, 1)
            );
        });
}

#[test]
fn timeline_steps_are_the_states_at_their_first_days() {
    // Year, month and day entries from 2013-01-01, then a day entry on 2013-03-15: two steps,
    // each equal to the lot on its first day and until the day before the next step.
    given([
        ven_su30("2013-01-01", delivered(2, Status::Stored), 0),
        ven_su30(
            "2013-01",
            status_changed(Status::Stored, Status::Operational, 2),
            1,
        ),
        ven_su30("2013", lost(1, Status::Operational), 2),
    ])
    .when(ven_su30("2013-03-15", lost(1, Status::Operational), 3))
    .then_ok(|l, _, _| {
        let tl = l.timeline(&ven(), &su30(), &AsOf::latest());
        let dates: Vec<String> = tl.iter().map(|s| s.date.to_string()).collect();
        assert_eq!(dates, ["2013", "2013-03-15"]);
        assert!(tl.iter().all(|s| s.state.is_consistent()), "{tl:?}");
        let at = |d| l.lot(&ven(), &su30(), &valid(d));
        assert_eq!(tl[0].state, at(date(2013, 1, 1)));
        assert_eq!(tl[0].state, at(date(2013, 3, 14)));
        assert_eq!(tl[0].state.count(Status::Operational).value(), 1);
        assert_eq!(tl[1].state, at(date(2013, 3, 15)));
        assert!(at(date(2012, 12, 31)).is_empty());
    });
}

#[test]
fn a_timeline_step_is_labelled_by_its_coarsest_entry_that_changes_a_count() {
    let order = Change::Ordered {
        count: Count::exact(4).unwrap(),
        supplier: Some(rus()),
        condition: Condition::New,
    };
    // A year-only history (SIPRI) reads in years.
    given([ven_su30("2013", order.clone(), 0)])
        .when(ven_su30("2013", delivered(4, Status::Operational), 1))
        .then_ok(|l, _, _| {
            let tl = l.timeline(&ven(), &su30(), &AsOf::latest());
            let dates: Vec<String> = tl.iter().map(|s| s.date.to_string()).collect();
            assert_eq!(dates, ["2013"]);
        });
    // A year order changes no count: the month delivery labels the day's step.
    given([ven_su30("2013", order, 0)])
        .when(ven_su30("2013-01", delivered(4, Status::Operational), 1))
        .then_ok(|l, _, _| {
            let tl = l.timeline(&ven(), &su30(), &AsOf::latest());
            let dates: Vec<String> = tl.iter().map(|s| s.date.to_string()).collect();
            assert_eq!(dates, ["2013-01"]);
            assert_eq!(tl[0].state.in_service().value(), 4);
        });
}

#[test]
fn the_issue_pair_needs_no_cover_whichever_entry_came_first() {
    // Appended the other way round: the year loss first, covered by a 2012 delivery, then
    // the month delivery, then the cover is retracted. Retraction checks the same rule:
    // on 2013-01-01 the loss and the month delivery cancel out by the end of the day.
    given([
        ven_su30("2012", delivered(1, Status::Operational), 0),
        ven_su30("2013", lost(1, Status::Operational), 1),
        ven_su30("2013-01", delivered(1, Status::Operational), 2),
    ])
    .when_retract(0, 3)
    .then_ok(|l, _, _| {
        assert!(
            l.lot(&ven(), &su30(), &valid(date(2012, 12, 31)))
                .is_empty()
        );
        let mid = l.lot(&ven(), &su30(), &valid(date(2013, 6, 1)));
        assert_eq!(mid.in_service().value(), 0);
        assert_eq!((mid.delivered().value(), mid.lost().value()), (1, 1));
        assert!(mid.is_consistent());
    });
}

#[test]
fn retracting_the_same_day_delivery_a_loss_relies_on_is_rejected() {
    given([
        ven_su30("2013-01", delivered(1, Status::Operational), 0),
        ven_su30("2013", lost(1, Status::Operational), 1),
    ])
    .when_retract(0, 2)
    .then_err(LedgerError::NegativeCount {
        holder: ven(),
        platform: su30(),
        status: Status::Operational,
        // The day's last entry that still changes a count names 2013-01-01.
        date: day("2013"),
        value: -1,
    });
}

#[test]
fn a_same_day_pair_negative_at_the_end_of_the_day_is_rejected_naming_the_day() {
    // 1 delivered on 2013-01-01, 2 lost in 2013: -1 at the end of 2013-01-01. The error names
    // that day (by its last entry that changes a count) and the count at its end, not the
    // transient -2.
    let err = given([ven_su30("2013-01-01", delivered(1, Status::Operational), 0)])
        .when(ven_su30("2013", lost(2, Status::Operational), 1))
        .then_err(LedgerError::NegativeCount {
            holder: ven(),
            platform: su30(),
            status: Status::Operational,
            date: day("2013-01-01"),
            value: -1,
        });
    assert_eq!(
        err.to_string(),
        "entry would make operational su-30mk2 of VEN negative (-1) from 2013-01-01"
    );
}

#[test]
fn day_month_and_year_entries_on_one_first_day_are_checked_at_its_end() {
    // On 2013-01-01, in sort order: a year loss from operational, a month move from stored
    // to operational, a day delivery into stored. Every value in between is negative;
    // the end of the day is not.
    let on_one_day = || {
        given([
            ven_su30("2013-01-01", delivered(2, Status::Stored), 0),
            ven_su30(
                "2013-01",
                status_changed(Status::Stored, Status::Operational, 2),
                1,
            ),
        ])
    };
    on_one_day()
        .when(ven_su30("2013", lost(1, Status::Operational), 2))
        .then_ok(|l, _, _| {
            let s = l.lot(&ven(), &su30(), &valid(date(2013, 1, 1)));
            assert_eq!(s.count(Status::Operational).value(), 1);
            assert_eq!(s.count(Status::Stored).value(), 0);
            assert_eq!((s.delivered().value(), s.lost().value()), (2, 1));
            assert!(s.is_consistent());
            assert!(
                l.lot(&ven(), &su30(), &valid(date(2012, 12, 31)))
                    .is_empty()
            );
            // A later loss is checked against the end of 2013-01-01.
            let mut l = l.clone();
            let err = l
                .append(ven_su30("2013-02", lost(2, Status::Operational), 3))
                .unwrap_err();
            assert_eq!(
                err,
                LedgerError::NegativeCount {
                    holder: ven(),
                    platform: su30(),
                    status: Status::Operational,
                    date: day("2013-02"),
                    value: -1,
                }
            );
        });
    // One more lost than the day ends with: rejected, naming the day by its last entry that
    // changes a count.
    on_one_day()
        .when(ven_su30("2013", lost(3, Status::Operational), 2))
        .then_err(LedgerError::NegativeCount {
            holder: ven(),
            platform: su30(),
            status: Status::Operational,
            date: day("2013-01-01"),
            value: -1,
        });
}

#[test]
fn a_count_negative_at_the_end_of_a_day_is_rejected_even_if_made_good_the_next_day() {
    // The same rule does not look past a day: 1 lost on 2013-01-01 from the delivery of
    // 2013-01-02 is negative for one day.
    given([ven_su30("2013-01-02", delivered(1, Status::Operational), 0)])
        .when(ven_su30("2013-01-01", lost(1, Status::Operational), 1))
        .then_err(LedgerError::NegativeCount {
            holder: ven(),
            platform: su30(),
            status: Status::Operational,
            date: day("2013-01-01"),
            value: -1,
        });
}
