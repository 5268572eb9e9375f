//! The state machine: transitions generated from the model, applied to the ledger and the
//! model, checked after every step.

use super::*;

// ---------------------------------------------------------------------------------------------
// The state machine.

struct LedgerMachine;

impl ReferenceStateMachine for LedgerMachine {
    type State = Model;
    type Transition = Transition;

    fn init_state() -> BoxedStrategy<Model> {
        Just(Model::default()).boxed()
    }

    fn transitions(state: &Model) -> BoxedStrategy<Transition> {
        let latest = state.latest().unwrap_or(t0());
        let n = state.entries.len();
        let forward = (0i64..=2).prop_map(move |h| hours(latest, h));
        // Transaction time going backwards (invalid once something is recorded).
        let backward = (1i64..=3).prop_map(move |h| hours(latest, -h));
        let recorded = prop_oneof![30 => forward, 1 => backward];
        let recorded2 = recorded.clone();
        let claim = (
            holder_s(),
            platform_s(),
            effective_s(),
            claims::claim_s(),
            grade_s(),
            recorded.clone(),
        )
            .prop_map(|(h, p, eff, change, src, rec)| {
                Transition::Append(NewEntry::new(h, p, eff, change, src, rec))
            });
        let resolve = claims::resolution_s(state, recorded.clone());
        let append = (
            holder_s(),
            platform_s(),
            effective_s(),
            change_s(n),
            grade_s(),
            recorded.clone(),
            prop::option::weighted(0.2, "[a-z]{1,8}"),
        )
            .prop_map(|(h, p, eff, change, src, rec, note)| {
                let e = NewEntry::new(h, p, eff, change, src, rec);
                Transition::Append(match note {
                    Some(n) => e.with_note(n),
                    None => e,
                })
            });
        // Retractions: mostly of existing entries (valid, retracted, retractions), sometimes
        // of unknown ids.
        let target = prop_oneof![
            6 => 0..n.max(1) as u64,
            // Recent entries: often the transfer or loss just appended.
            3 => n.saturating_sub(3) as u64..n.max(1) as u64,
            1 => n as u64..n as u64 + 3,
        ]
        .prop_map(EntryId::new);
        let retract = (
            target,
            grade_s(),
            recorded,
            prop::option::weighted(0.5, "[a-z]{1,8}"),
        )
            .prop_map(|(target, source, recorded, note)| Transition::Retract {
                target,
                source,
                recorded,
                note,
            });
        // Removals aimed at units some accepted entry added (same lot and status, same date or
        // later), so that most are valid and back-dated ones are checked against later entries.
        let adds = state.additions();
        if adds.is_empty() {
            return prop_oneof![8 => append, 1 => retract, 2 => claim, 1 => resolve].boxed();
        }
        let removal = (
            prop::sample::select(adds),
            0u8..6,
            prop_oneof![
                2 => Just(None),
                3 => (0i64..900).prop_map(Some),
                1 => (1i16..3).prop_map(|y| Some(-i64::from(y))),
            ],
            prop_oneof![8 => Just(0u64), 1 => Just(1u64)],
            (status_s(), any::<bool>()),
            holder_s(),
            grade_s(),
            recorded2,
        )
            .prop_map(
                |((lot, from, eff, max), kind, when, extra, (to_status, listed), to, src, rec)| {
                    // None: the adding entry's date; Some(d >= 0): d days after its first day;
                    // Some(-y): y years later, year precision.
                    let eff = match when {
                        None => eff,
                        Some(d) if d >= 0 => {
                            let day = eff
                                .first_day()
                                .checked_add(jiff::Span::new().days(d))
                                .unwrap();
                            // Sometimes as a loss list dates it: on or before the day.
                            if listed {
                                let (y, m, d) = (day.year(), day.month(), day.day());
                                EffectiveDate::on_or_before(y, m, d).unwrap()
                            } else {
                                EffectiveDate::from_date(day).unwrap()
                            }
                        }
                        Some(y) => EffectiveDate::year(eff.first_day().year() - y as i16).unwrap(),
                    };
                    let count = Count::exact((max / 2).max(1) + extra).unwrap();
                    let change = match kind {
                        0 => Change::Lost {
                            count,
                            from,
                            cause: LossCause::Destroyed,
                        },
                        // A capture by a known holder (sometimes the holder itself: invalid).
                        1 => Change::Lost {
                            count,
                            from,
                            cause: LossCause::Captured {
                                by: Some(to.clone()),
                            },
                        },
                        2 => Change::Retired { count, from },
                        5 => Change::Expended { count, from },
                        3 => Change::StatusChanged {
                            from,
                            to: to_status,
                            count,
                        },
                        _ => Change::Transferred {
                            count,
                            to,
                            from,
                            into: to_status,
                        },
                    };
                    Transition::Append(NewEntry::new(lot.0, lot.1, eff, change, src, rec))
                },
            );
        prop_oneof![8 => append, 6 => removal, 2 => retract, 3 => claim, 2 => resolve].boxed()
    }

    fn apply(mut state: Model, transition: &Transition) -> Model {
        let result = state.apply(transition);
        state.expected = Some(result);
        state
    }
}

struct LedgerTest;

impl StateMachineTest for LedgerTest {
    type SystemUnderTest = Ledger;
    type Reference = LedgerMachine;

    fn init_test(_: &Model) -> Ledger {
        Ledger::new(Catalog::reference())
    }

    fn apply(mut ledger: Ledger, model: &Model, transition: Transition) -> Ledger {
        let before = ledger.clone();
        let result = match transition {
            Transition::Append(e) => ledger.append(e),
            Transition::Retract {
                target,
                source,
                recorded,
                note,
            } => ledger.retract(target, source, recorded, note),
        };
        let expected = model.expected.clone().unwrap();
        assert_eq!(result, expected, "accepted/rejected differs from the model");
        if result.is_err() {
            assert_same(&before, &ledger);
        } else if let Some(e) = ledger.entries().last() {
            // Entries survive a JSON round trip unchanged.
            let json = serde_json::to_string(&e).unwrap();
            let back: materiel::Entry = serde_json::from_str(&json).unwrap();
            assert_eq!(back, e, "{json}");
        }
        ledger
    }

    fn check_invariants(ledger: &Ledger, model: &Model) {
        check_against_model(ledger, model);
    }
}

prop_state_machine! {
    // 16 sequences by default: each checks every lot at every step date in several views after
    // every transition, the slowest test of a plain `cargo test`. `.ci/run` runs it again
    // with `PROPTEST_CASES=64`.
    #![proptest_config(Config {
        cases: cases(16),
        max_shrink_iters: 2048,
        failure_persistence: None,
        ..Config::default()
    })]

    /// Random appends and retractions agree with the naive replay model after every step.
    #[test]
    fn ledger_agrees_with_the_replay_model(sequential 1..40 => LedgerTest);
}
