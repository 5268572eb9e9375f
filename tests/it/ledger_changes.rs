//! Given/when/then example tests of the ledger: one or more per change kind and per
//! [`LedgerError`] variant, in the style of cqrs-es's test framework.
#![allow(clippy::unwrap_used)]

use jiff::Timestamp;
use jiff::civil::{Date, date};
use materiel::ledger::{Condition, LossCause, Readiness, RequestKind};
use materiel::units::Mass;
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, EntryId, Grade, HolderId, Ledger, LedgerError,
    NewEntry, PlatformKind, PlatformRef, Source, Status,
};

// ---------------------------------------------------------------------------------------------
// The given/when/then helper.

/// A ledger built from entries that must all be accepted.
struct Given {
    ledger: Ledger,
    ids: Vec<EntryId>,
}

/// The outcome of one operation on a [`Given`] ledger, with the ledger as it was before.
struct When {
    before: Ledger,
    after: Ledger,
    ids: Vec<EntryId>,
    result: Result<EntryId, LedgerError>,
}

fn given(entries: impl IntoIterator<Item = NewEntry>) -> Given {
    let mut ledger = Ledger::new(Catalog::reference());
    let mut ids = Vec::new();
    for (i, e) in entries.into_iter().enumerate() {
        match ledger.append(e.clone()) {
            Ok(id) => ids.push(id),
            Err(err) => panic!("given entry {i} ({e:?}) was rejected: {err}"),
        }
    }
    Given { ledger, ids }
}

impl Given {
    fn when(self, entry: NewEntry) -> When {
        let before = self.ledger.clone();
        let mut after = self.ledger;
        let result = after.append(entry);
        When {
            before,
            after,
            ids: self.ids,
            result,
        }
    }

    /// Retracts the `i`th given entry at `recorded`.
    fn when_retract(self, i: usize, recorded: i64) -> When {
        let before = self.ledger.clone();
        let mut after = self.ledger;
        let target = self.ids.get(i).copied().unwrap_or(EntryId::new(i as u64));
        let result = after.retract(target, src("B2"), t(recorded), Some("withdrawn".into()));
        When {
            before,
            after,
            ids: self.ids,
            result,
        }
    }
}

impl When {
    /// The operation succeeded; `check` sees the ledger, the given ids and the new id.
    fn then_ok(self, check: impl FnOnce(&Ledger, &[EntryId], EntryId)) {
        match self.result {
            Ok(id) => {
                assert_eq!(self.after.len(), self.before.len() + 1);
                assert_eq!(id, EntryId::new(self.before.len() as u64));
                check(&self.after, &self.ids, id);
            }
            Err(err) => panic!("expected success, got {err:?}: {err}"),
        }
    }

    /// The operation failed with exactly `expected`, and the ledger is unchanged.
    fn then_err(self, expected: LedgerError) -> LedgerError {
        let err = match self.result {
            Ok(id) => panic!("expected {expected:?}, got Ok({id})"),
            Err(err) => err,
        };
        assert_eq!(err, expected);
        assert_unchanged(&self.before, &self.after);
        err
    }
}

fn assert_unchanged(before: &Ledger, after: &Ledger) {
    assert_eq!(after.len(), before.len());
    assert!(after.entries().eq(before.entries()), "entries changed");
    assert_eq!(after.latest_recorded(), before.latest_recorded());
    assert!(after.holders().eq(before.holders()), "holders changed");
    for at in [AsOf::latest(), AsOf::valid(date(2012, 6, 1))] {
        assert_eq!(after.all_holdings(&at), before.all_holdings(&at));
        for h in before.holders() {
            assert_eq!(after.pipeline(h, &at), before.pipeline(h, &at));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Builders.

fn ven() -> HolderId {
    "VEN".parse().unwrap()
}
fn rus() -> HolderId {
    "RUS".parse().unwrap()
}
fn zic() -> HolderId {
    "zicotrans".parse().unwrap()
}
fn su30() -> PlatformRef {
    PlatformRef::catalog("su-30mk2").unwrap()
}
fn src(grade: &str) -> Source {
    Source::new("test source", grade.parse::<Grade>().unwrap()).unwrap()
}
fn day(text: &str) -> EffectiveDate {
    text.parse().unwrap()
}
/// Recorded time: `n` hours after 2025-01-01.
fn t(n: i64) -> Timestamp {
    let base: Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
    base.checked_add(jiff::SignedDuration::from_hours(n))
        .unwrap()
}
fn entry(holder: HolderId, platform: PlatformRef, eff: &str, change: Change, rec: i64) -> NewEntry {
    NewEntry::new(holder, platform, day(eff), change, src("A2"), t(rec))
}
fn ven_su30(eff: &str, change: Change, rec: i64) -> NewEntry {
    entry(ven(), su30(), eff, change, rec)
}
fn delivered(n: u64, into: Status) -> Change {
    Change::Delivered {
        count: Count::exact(n).unwrap(),
        into,
        supplier: Some(rus()),
        condition: Condition::New,
    }
}
fn lost(n: u64, from: Status) -> Change {
    Change::Lost {
        count: Count::exact(n).unwrap(),
        from,
        cause: LossCause::Destroyed,
    }
}
fn transferred(n: u64, to: HolderId) -> Change {
    Change::Transferred {
        count: Count::exact(n).unwrap(),
        to,
        from: Status::Operational,
        into: Status::Operational,
    }
}
fn valid(d: Date) -> AsOf {
    AsOf::valid(d)
}
fn count_at(l: &Ledger, holder: &HolderId, p: &PlatformRef, at: Date, s: Status) -> u64 {
    l.lot(holder, p, &valid(at)).count(s).value()
}

// ---------------------------------------------------------------------------------------------
// One test (or more) per change kind.

#[test]
fn requested_opens_a_pipeline_item() {
    given([])
        .when(ven_su30(
            "2005",
            Change::Requested {
                count: Some(Count::about(24).unwrap()),
                supplier: Some(rus()),
                request: RequestKind::Acquisition,
            },
            0,
        ))
        .then_ok(|l, _, id| {
            let p = l.pipeline(&ven(), &AsOf::latest());
            assert_eq!(p.len(), 1);
            assert_eq!(p[0].entry.id(), id);
            assert_eq!(p[0].outstanding, Some(24));
            assert!(l.lot(&ven(), &su30(), &AsOf::latest()).is_empty());
        });
}

#[test]
fn ordered_answers_the_request() {
    given([ven_su30(
        "2005",
        Change::Requested {
            count: Some(Count::exact(24).unwrap()),
            supplier: None,
            request: RequestKind::Acquisition,
        },
        0,
    )])
    .when(ven_su30(
        "2006-07",
        Change::Ordered {
            count: Count::exact(24).unwrap(),
            supplier: Some(rus()),
            condition: Condition::New,
        },
        1,
    ))
    .then_ok(|l, _, id| {
        let p = l.pipeline(&ven(), &AsOf::latest());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].entry.id(), id);
        assert_eq!(p[0].outstanding, Some(24));
        // Before the order, the request is what is open.
        let p = l.pipeline(&ven(), &valid(date(2006, 1, 1)));
        assert_eq!(p[0].entry.id(), EntryId::new(0));
    });
}

#[test]
fn delivered_adds_to_the_status_and_the_delivered_flow() {
    given([])
        .when(ven_su30("2006-12-01", delivered(2, Status::Operational), 0))
        .then_ok(|l, _, _| {
            let s = l.lot(&ven(), &su30(), &AsOf::latest());
            assert_eq!(s.count(Status::Operational), Count::exact(2).unwrap());
            assert_eq!(s.delivered(), Count::exact(2).unwrap());
            assert_eq!(s.adjustment(), 0);
            assert_eq!(
                count_at(l, &ven(), &su30(), date(2006, 11, 30), Status::Operational),
                0
            );
            assert_eq!(
                count_at(l, &ven(), &su30(), date(2006, 12, 1), Status::Operational),
                2
            );
        });
}

#[test]
fn status_changed_moves_units_between_statuses() {
    given([ven_su30("2006", delivered(10, Status::Operational), 0)])
        .when(ven_su30(
            "2010-05",
            Change::StatusChanged {
                from: Status::Operational,
                to: Status::NonOperationalSupply,
                count: Count::about(4).unwrap(),
            },
            1,
        ))
        .then_ok(|l, _, _| {
            let s = l.lot(&ven(), &su30(), &AsOf::latest());
            assert_eq!(s.count(Status::Operational).value(), 6);
            assert_eq!(
                s.count(Status::NonOperationalSupply),
                Count::about(4).unwrap()
            );
            assert_eq!(s.in_service().value(), 10);
            assert_eq!(s.mission_capable().value(), 6);
            assert_eq!(s.adjustment(), 0);
        });
}

#[test]
fn assessed_sets_the_breakdown_and_records_an_adjustment() {
    given([ven_su30("2006", delivered(24, Status::Unknown), 0)])
        .when(ven_su30(
            "2015-01-01",
            Change::Assessed {
                breakdown: vec![
                    (Status::Operational, Count::estimate(8).unwrap()),
                    (Status::Stored, Count::exact(0).unwrap()),
                    (
                        Status::NonOperationalMaintenance,
                        Count::estimate(10).unwrap(),
                    ),
                ],
            },
            1,
        ))
        .then_ok(|l, _, id| {
            let s = l.lot(&ven(), &su30(), &AsOf::latest());
            assert_eq!(s.count(Status::Unknown).value(), 0, "unlisted become 0");
            assert_eq!(s.in_service().value(), 18);
            assert_eq!(s.delivered().value(), 24);
            assert_eq!(s.adjustment(), -6);
            let p = l.provenance(&ven(), &su30(), &AsOf::latest());
            assert_eq!(p.last_assessment, Some(id));
            assert_eq!(p.entries.len(), 2);
        });
}

#[test]
fn lost_removes_units_into_the_lost_flow() {
    given([ven_su30("2006", delivered(24, Status::Operational), 0)])
        .when(ven_su30(
            "2008-03-10",
            Change::Lost {
                count: Count::exact(1).unwrap(),
                from: Status::Operational,
                cause: LossCause::Captured { by: Some(zic()) },
            },
            1,
        ))
        .then_ok(|l, _, id| {
            let s = l.lot(&ven(), &su30(), &AsOf::latest());
            assert_eq!(s.in_service().value(), 23);
            assert_eq!(s.lost().value(), 1);
            // The captor is stored and given back.
            let e = l.get(id).unwrap();
            assert_eq!(
                e.change(),
                &Change::Lost {
                    count: Count::exact(1).unwrap(),
                    from: Status::Operational,
                    cause: LossCause::Captured { by: Some(zic()) }
                }
            );
        });
}

#[test]
fn retired_and_expended_remove_units_into_their_flows() {
    let missile = PlatformRef::catalog("9m317").unwrap();
    given([
        ven_su30("2006", delivered(24, Status::Stored), 0),
        entry(
            ven(),
            missile.clone(),
            "2010",
            delivered(100, Status::Stored),
            1,
        ),
        ven_su30(
            "2020",
            Change::Retired {
                count: Count::exact(4).unwrap(),
                from: Status::Stored,
            },
            2,
        ),
    ])
    .when(entry(
        ven(),
        missile.clone(),
        "2019-02",
        Change::Expended {
            count: Count::at_least(12).unwrap(),
            from: Status::Stored,
        },
        3,
    ))
    .then_ok(|l, _, _| {
        let s = l.lot(&ven(), &su30(), &AsOf::latest());
        assert_eq!((s.in_service().value(), s.retired().value()), (20, 4));
        let m = l.lot(&ven(), &missile, &AsOf::latest());
        assert_eq!(m.in_service().value(), 88);
        assert_eq!(m.expended(), Count::at_least(12).unwrap());
        assert_eq!(
            m.count(Status::Stored).basis(),
            materiel::ledger::Basis::AtLeast
        );
    });
}

#[test]
fn transferred_conserves_units_across_two_holders() {
    given([entry(
        rus(),
        su30(),
        "2005",
        delivered(30, Status::Operational),
        0,
    )])
    .when(entry(rus(), su30(), "2006-06", transferred(12, ven()), 1))
    .then_ok(|l, _, _| {
        let at = AsOf::latest();
        let from = l.lot(&rus(), &su30(), &at);
        let to = l.lot(&ven(), &su30(), &at);
        assert_eq!(from.in_service().value(), 18);
        assert_eq!(from.transferred_out().value(), 12);
        assert_eq!(to.in_service().value(), 12);
        assert_eq!(to.transferred_in().value(), 12);
        assert_eq!(
            from.in_service().value() + to.in_service().value(),
            from.delivered().value()
        );
        // Before the transfer, the receiver holds nothing.
        assert!(l.lot(&ven(), &su30(), &valid(date(2006, 5, 31))).is_empty());
        // The transfer shows in the receiver's provenance too.
        let p = l.provenance(&ven(), &su30(), &at);
        assert_eq!(p.entries.len(), 1);
        assert_eq!(l.holders().cloned().collect::<Vec<_>>(), vec![rus(), ven()]);
    });
}

#[test]
fn observed_changes_no_count() {
    given([ven_su30("2006", delivered(3, Status::Operational), 0)])
        .when(ven_su30(
            "2012-03-01",
            Change::Observed {
                count: Some(Count::exact(2).unwrap()),
                status: Some(Status::Operational),
            },
            1,
        ))
        .then_ok(|l, _, id| {
            let s = l.lot(&ven(), &su30(), &AsOf::latest());
            assert_eq!(s.in_service().value(), 3);
            let p = l.provenance(&ven(), &su30(), &AsOf::latest());
            assert_eq!(p.entries.last().unwrap().id(), id);
            // Observations do not make a timeline step.
            assert_eq!(l.timeline(&ven(), &su30(), &AsOf::latest()).len(), 1);
        });
}

#[test]
fn retracted_hides_the_entry_from_its_recorded_time_on_only() {
    given([
        ven_su30("2006", delivered(24, Status::Operational), 0),
        ven_su30("2010", lost(2, Status::Operational), 10),
    ])
    .when_retract(1, 20)
    .then_ok(|l, ids, id| {
        assert_eq!(l.retracted_by(ids[1]), Some(id));
        let now = l.lot(&ven(), &su30(), &AsOf::latest());
        assert_eq!(now.in_service().value(), 24);
        let before = l.lot(&ven(), &su30(), &AsOf::latest().known_at(t(19)));
        assert_eq!(before.in_service().value(), 22);
        let at = l.lot(&ven(), &su30(), &AsOf::latest().known_at(t(20)));
        assert_eq!(at.in_service().value(), 24);
        let earlier = l.lot(&ven(), &su30(), &AsOf::latest().known_at(t(5)));
        assert_eq!(earlier.in_service().value(), 24);
        let nothing = l.lot(&ven(), &su30(), &AsOf::latest().known_at(t(-1)));
        assert!(nothing.is_empty());
        // The retraction carries the target's holder, platform and date.
        let r = l.get(id).unwrap();
        assert_eq!(r.effective(), day("2010"));
        assert_eq!(r.note(), Some("withdrawn"));
    });
}

// ---------------------------------------------------------------------------------------------
// One test (or more) per error.

#[test]
fn negative_count_names_holder_platform_status_date_and_value() {
    let err = given([ven_su30("2006", delivered(2, Status::Operational), 0)])
        .when(ven_su30("2007-05-05", lost(3, Status::Operational), 1))
        .then_err(LedgerError::NegativeCount {
            holder: ven(),
            platform: su30(),
            status: Status::Operational,
            date: day("2007-05-05"),
            value: -1,
        });
    assert_eq!(
        err.to_string(),
        "entry would make operational su-30mk2 of VEN negative (-1) from 2007-05-05"
    );
}

#[test]
fn negative_count_from_the_wrong_status() {
    given([ven_su30("2006", delivered(2, Status::Operational), 0)])
        .when(ven_su30("2007", lost(1, Status::Stored), 1))
        .then_err(LedgerError::NegativeCount {
            holder: ven(),
            platform: su30(),
            status: Status::Stored,
            date: day("2007"),
            value: -1,
        });
}

#[test]
fn back_dated_delivery_removal_names_the_first_later_date_that_goes_negative() {
    // 10 delivered in 2006, 3 lost in 2010, 4 lost in 2012. A back-dated transfer of 5 in
    // 2008 is fine in 2008 (10 - 5) but leaves 2 in 2010 and -2 from 2012.
    given([
        ven_su30("2006", delivered(10, Status::Operational), 0),
        ven_su30("2010-01-01", lost(3, Status::Operational), 1),
        ven_su30("2012-06", lost(4, Status::Operational), 2),
    ])
    .when(ven_su30("2008-01-01", transferred(5, zic()), 3))
    .then_err(LedgerError::NegativeCount {
        holder: ven(),
        platform: su30(),
        status: Status::Operational,
        date: day("2012-06"),
        value: -2,
    });
}

#[test]
fn back_dated_append_before_everything_is_accepted_and_sorted() {
    given([
        ven_su30("2010", delivered(10, Status::Operational), 0),
        ven_su30("2012", lost(3, Status::Operational), 1),
    ])
    .when(ven_su30("2001-03", delivered(2, Status::Stored), 2))
    .then_ok(|l, _, id| {
        let p = l.provenance(&ven(), &su30(), &AsOf::latest());
        assert_eq!(p.entries[0].id(), id);
        let tl = l.timeline(&ven(), &su30(), &AsOf::latest());
        let dates: Vec<String> = tl.iter().map(|s| s.date.to_string()).collect();
        assert_eq!(dates, ["2001-03", "2010", "2012"]);
        assert_eq!(tl[2].state.in_service().value(), 9);
    });
}

#[test]
fn recorded_out_of_order_is_rejected_with_both_times() {
    let err = given([ven_su30("2006", delivered(2, Status::Operational), 5)])
        .when(ven_su30("2007", delivered(1, Status::Operational), 4))
        .then_err(LedgerError::RecordedOutOfOrder {
            recorded: t(4),
            latest: t(5),
        });
    assert_eq!(
        err.to_string(),
        "entry recorded at 2025-01-01T04:00:00Z is older than the latest entry, recorded at \
         2025-01-01T05:00:00Z"
    );
}

#[test]
fn equal_recorded_times_are_accepted() {
    given([ven_su30("2006", delivered(2, Status::Operational), 5)])
        .when(ven_su30("2007", delivered(1, Status::Operational), 5))
        .then_ok(|l, _, _| assert_eq!(l.latest_recorded(), Some(t(5))));
}

#[test]
fn unknown_platform_is_rejected() {
    let err = given([])
        .when(entry(
            ven(),
            PlatformRef::catalog("not-in-the-catalog").unwrap(),
            "2006",
            delivered(2, Status::Operational),
            0,
        ))
        .then_err(LedgerError::UnknownPlatform {
            platform: "not-in-the-catalog".parse().unwrap(),
        });
    assert!(err.to_string().contains("not-in-the-catalog"));
}

#[test]
fn generic_platforms_need_no_catalog_entry() {
    let jammer = PlatformRef::generic("GPS jammer", PlatformKind::Generic).unwrap();
    given([])
        .when(entry(
            ven(),
            jammer.clone(),
            "2019",
            delivered(3, Status::Unknown),
            0,
        ))
        .then_ok(|l, _, _| {
            assert_eq!(
                l.lot(&ven(), &jammer, &AsOf::latest()).in_service().value(),
                3
            );
        });
}

#[test]
fn zero_count_is_invalid() {
    let err = given([])
        .when(ven_su30("2006", delivered(0, Status::Operational), 0))
        .then_err(LedgerError::InvalidChange {
            change: "delivered",
            reason: "count must be at least 1".into(),
        });
    assert_eq!(
        err.to_string(),
        "invalid delivered entry: count must be at least 1"
    );
    given([])
        .when(ven_su30(
            "2006",
            Change::Requested {
                count: Some(Count::exact(0).unwrap()),
                supplier: None,
                request: RequestKind::Repair,
            },
            0,
        ))
        .then_err(LedgerError::InvalidChange {
            change: "requested",
            reason: "count must be at least 1".into(),
        });
}

#[test]
fn count_above_the_maximum_is_invalid() {
    // No count above the maximum can be built...
    assert_eq!(
        Count::exact(materiel::ledger::MAX_COUNT + 1),
        Err(materiel::ParseError::CountTooLarge {
            value: materiel::ledger::MAX_COUNT + 1,
            max: materiel::ledger::MAX_COUNT,
        })
    );
    // ...but a total the ledger adds up can exceed it, and is no entry count.
    let two = Change::Assessed {
        breakdown: vec![
            (
                Status::Operational,
                Count::exact(materiel::ledger::MAX_COUNT).unwrap(),
            ),
            (Status::Stored, Count::exact(1).unwrap()),
        ],
    };
    let total = two.count().unwrap();
    given([])
        .when(ven_su30(
            "2006",
            Change::Delivered {
                count: total,
                into: Status::Operational,
                supplier: None,
                condition: Condition::New,
            },
            0,
        ))
        .then_err(LedgerError::InvalidChange {
            change: "delivered",
            reason: format!(
                "count {} exceeds the maximum {}",
                materiel::ledger::MAX_COUNT + 1,
                materiel::ledger::MAX_COUNT
            ),
        });
}

#[test]
fn status_change_to_the_same_status_is_invalid() {
    given([ven_su30("2006", delivered(2, Status::Operational), 0)])
        .when(ven_su30(
            "2007",
            Change::StatusChanged {
                from: Status::Operational,
                to: Status::Operational,
                count: Count::exact(1).unwrap(),
            },
            1,
        ))
        .then_err(LedgerError::InvalidChange {
            change: "status_changed",
            reason: "from and to are both operational".into(),
        });
}

#[test]
fn transfer_to_oneself_is_invalid() {
    given([ven_su30("2006", delivered(2, Status::Operational), 0)])
        .when(ven_su30("2007", transferred(1, ven()), 1))
        .then_err(LedgerError::InvalidChange {
            change: "transferred",
            reason: "VEN cannot transfer to itself".into(),
        });
}

#[test]
fn assessment_listing_a_status_twice_is_invalid_but_zero_is_fine() {
    given([])
        .when(ven_su30(
            "2007",
            Change::Assessed {
                breakdown: vec![
                    (Status::Stored, Count::exact(1).unwrap()),
                    (Status::Stored, Count::exact(2).unwrap()),
                ],
            },
            1,
        ))
        .then_err(LedgerError::InvalidChange {
            change: "assessed",
            reason: "status stored is listed twice".into(),
        });
    given([])
        .when(ven_su30(
            "2007",
            Change::Assessed {
                breakdown: vec![(Status::Stored, Count::exact(0).unwrap())],
            },
            1,
        ))
        .then_ok(|l, _, _| assert!(l.lot(&ven(), &su30(), &AsOf::latest()).is_empty()));
}

#[test]
fn retracting_an_unknown_entry_is_rejected() {
    let err = given([ven_su30("2006", delivered(2, Status::Operational), 0)])
        .when_retract(7, 1)
        .then_err(LedgerError::UnknownEntry {
            entry: EntryId::new(7),
        });
    assert_eq!(err.to_string(), "no entry #7 to retract");
    // Through `append` as well.
    given([ven_su30("2006", delivered(2, Status::Operational), 0)])
        .when(ven_su30(
            "2006",
            Change::Retracted {
                entry: EntryId::new(1),
            },
            1,
        ))
        .then_err(LedgerError::UnknownEntry {
            entry: EntryId::new(1),
        });
}

#[test]
fn retracting_twice_is_rejected() {
    given([
        ven_su30("2006", delivered(2, Status::Operational), 0),
        ven_su30(
            "2006",
            Change::Retracted {
                entry: EntryId::new(0),
            },
            1,
        ),
    ])
    .when_retract(0, 2)
    .then_err(LedgerError::AlreadyRetracted {
        entry: EntryId::new(0),
        by: EntryId::new(1),
    });
}

#[test]
fn retracting_a_retraction_is_rejected() {
    given([
        ven_su30("2006", delivered(2, Status::Operational), 0),
        ven_su30(
            "2006",
            Change::Retracted {
                entry: EntryId::new(0),
            },
            1,
        ),
    ])
    .when_retract(1, 2)
    .then_err(LedgerError::RetractsRetraction {
        entry: EntryId::new(1),
    });
}

#[test]
fn retraction_naming_another_lot_is_rejected() {
    given([ven_su30("2006", delivered(2, Status::Operational), 0)])
        .when(entry(
            rus(),
            su30(),
            "2006",
            Change::Retracted {
                entry: EntryId::new(0),
            },
            1,
        ))
        .then_err(LedgerError::RetractionMismatch {
            entry: EntryId::new(0),
            holder: ven(),
            platform: su30(),
        });
}

#[test]
fn retracting_a_delivery_later_entries_depend_on_is_rejected() {
    given([
        ven_su30("2006", delivered(2, Status::Operational), 0),
        ven_su30("2009", lost(1, Status::Operational), 1),
    ])
    .when_retract(0, 2)
    .then_err(LedgerError::NegativeCount {
        holder: ven(),
        platform: su30(),
        status: Status::Operational,
        date: day("2009"),
        value: -1,
    });
}

#[test]
fn retracting_a_transfer_the_receiver_already_lost_part_of_is_rejected() {
    given([
        entry(rus(), su30(), "2005", delivered(30, Status::Operational), 0),
        entry(rus(), su30(), "2006-06", transferred(12, ven()), 1),
        entry(ven(), su30(), "2008-02-02", lost(2, Status::Operational), 2),
    ])
    .when_retract(1, 3)
    .then_err(LedgerError::NegativeCount {
        holder: ven(),
        platform: su30(),
        status: Status::Operational,
        date: day("2008-02-02"),
        value: -2,
    });
}

#[test]
fn retracting_a_transfer_restores_both_sides() {
    given([
        entry(rus(), su30(), "2005", delivered(30, Status::Operational), 0),
        entry(rus(), su30(), "2006-06", transferred(12, ven()), 1),
    ])
    .when_retract(1, 3)
    .then_ok(|l, _, _| {
        assert_eq!(
            l.lot(&rus(), &su30(), &AsOf::latest()).in_service().value(),
            30
        );
        assert!(l.lot(&ven(), &su30(), &AsOf::latest()).is_empty());
        let old = AsOf::latest().known_at(t(2));
        assert_eq!(l.lot(&ven(), &su30(), &old).in_service().value(), 12);
    });
}

#[test]
fn full_error_message() {
    // A ledger cannot be filled to 2^32 - 1 entries in a test; the message is checked.
    let err = LedgerError::Full {
        entries: u64::from(u32::MAX),
    };
    assert_eq!(err.to_string(), "the ledger is full (4294967295 entries)");
}

#[test]
fn rejected_append_creating_new_holders_and_lots_leaves_no_trace() {
    // The loss names a new holder, a new platform lot and a captor: all rolled back.
    let g = given([ven_su30("2006", delivered(2, Status::Operational), 0)]);
    let w = g.when(entry(
        zic(),
        PlatformRef::catalog("il-76td").unwrap(),
        "2007",
        Change::Lost {
            count: Count::exact(1).unwrap(),
            from: Status::Operational,
            cause: LossCause::Captured { by: Some(rus()) },
        },
        1,
    ));
    let mut after = w.after.clone();
    w.then_err(LedgerError::NegativeCount {
        holder: zic(),
        platform: PlatformRef::catalog("il-76td").unwrap(),
        status: Status::Operational,
        date: day("2007"),
        value: -1,
    });
    // The ledger still works normally afterwards.
    after
        .append(entry(
            zic(),
            PlatformRef::catalog("il-76td").unwrap(),
            "2007",
            delivered(1, Status::Operational),
            1,
        ))
        .unwrap();
    assert_eq!(after.holders().count(), 2);
    assert_eq!(after.holdings(&zic(), &AsOf::latest()).len(), 1);
}

mod captures;
mod days;
mod scenarios;
