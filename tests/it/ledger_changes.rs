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
