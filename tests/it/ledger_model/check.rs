//! The checks after every step: the ledger against the model, view by view.

use super::*;

/// The ledger after a rejected operation answers exactly as before.
pub(super) fn assert_same(before: &Ledger, after: &Ledger) {
    assert_eq!(before.len(), after.len());
    assert!(before.entries().eq(after.entries()));
    assert_eq!(before.latest_recorded(), after.latest_recorded());
    assert!(before.holders().eq(after.holders()));
    for at in [AsOf::latest(), AsOf::valid(date(2012, 7, 1))] {
        assert_eq!(before.all_holdings(&at), after.all_holdings(&at));
        for h in holders() {
            assert_eq!(before.pipeline(&h, &at), after.pipeline(&h, &at));
            assert_eq!(
                before.conflicts(Some(&h), &at),
                after.conflicts(Some(&h), &at)
            );
            for p in platforms() {
                for q in claims::quantities() {
                    assert_eq!(before.bounds(&h, &p, q, &at), after.bounds(&h, &p, q, &at));
                }
                assert_eq!(before.timeline(&h, &p, &at), after.timeline(&h, &p, &at));
                assert_eq!(
                    before.provenance(&h, &p, &at),
                    after.provenance(&h, &p, &at)
                );
            }
        }
    }
}

/// Checks a ledger [`LotState`] against the model's and the conservation law.
pub(super) fn check_lot(ledger: &Ledger, model: &Model, lot: &Lot, view: &View, expected: Obs) {
    let state = ledger.lot(&lot.0, &lot.1, &view.as_of());
    let got = observe(&state);
    assert_eq!(got, expected, "lot {lot:?} at {view:?}");
    if state.is_consistent() {
        let v = |c: Count| c.value() as i64;
        assert_eq!(
            v(state.in_service()),
            v(state.delivered()) + v(state.transferred_in()) + v(state.captured_in())
                - v(state.lost())
                - v(state.retired())
                - v(state.expended())
                - v(state.transferred_out())
                + state.adjustment(),
            "conservation in {lot:?} at {view:?}"
        );
    }
    // "Of which captured" lies within the captured units and the units in service.
    let held = state.captured_held();
    assert!(
        held.lower() <= held.upper()
            && held.upper() <= state.captured_in().value()
            && held.lower() <= state.in_service().value(),
        "of which captured {held:?} in {lot:?} at {view:?}"
    );
    let assessed = model
        .sorted(lot, view)
        .iter()
        .any(|&i| matches!(model.entries[i].change(), Change::Assessed { .. }));
    if !assessed && model.opening(lot, view).is_none() {
        assert_eq!(state.adjustment(), 0, "adjustment without assessment");
    }
    if view.grade.is_none() {
        assert!(
            state.is_consistent(),
            "negative count in {lot:?} at {view:?}"
        );
    }
}

pub(super) fn check_against_model(ledger: &Ledger, model: &Model) {
    // Entries, ids, retractions.
    assert_eq!(ledger.len(), model.entries.len());
    for (i, e) in ledger.entries().enumerate() {
        assert_eq!(e.id(), EntryId::new(i as u64));
        assert_eq!(e.content(), &model.entries[i], "entry {i}");
        assert_eq!(
            ledger.retracted_by(e.id()),
            model.retracted_by[i].map(|r| EntryId::new(r as u64))
        );
    }
    assert_eq!(ledger.latest_recorded(), model.latest());
    let model_holders = model.holders();
    assert_eq!(
        ledger.holders().cloned().collect::<Vec<_>>(),
        model_holders,
        "holders"
    );
    let lots = model.lots();
    let mut all_lots = lots.clone();
    for h in holders() {
        for p in platforms() {
            if !all_lots.contains(&(h.clone(), p.clone())) {
                all_lots.push((h.clone(), p));
            }
        }
    }

    // Every step date, as known now: model fold and ledger must agree, nothing negative.
    // Extremes too: nothing is in effect before year 1.
    let mut days: BTreeSet<Date> = [Date::MIN, date(0, 12, 31), Date::MAX].into();
    for e in &model.entries {
        let d = e.effective().first_day();
        days.insert(d);
        days.insert(d.yesterday().unwrap());
        days.insert(e.effective().last_day());
    }
    for lot in &all_lots {
        for &d in &days {
            let view = View {
                valid: Some(d),
                ..View::latest()
            };
            check_lot(ledger, model, lot, &view, model.lot_state(lot, &view));
        }
    }

    // Other views: known-at times around every retraction, before everything, mid-way;
    // a grade filter.
    let mut knowns: Vec<Option<Timestamp>> = vec![None, Some(hours(t0(), -1))];
    if let Some(mid) = model.entries.get(model.entries.len() / 2) {
        knowns.push(Some(mid.recorded()));
    }
    for (i, e) in model.entries.iter().enumerate().rev().take(40) {
        let kind = e.change();
        let claim = matches!(kind, Change::Claimed { .. } | Change::Resolved { .. });
        if (claim || matches!(kind, Change::Retracted { .. })) && knowns.len() < 10 {
            let r = e.recorded();
            knowns.push(Some(r.checked_sub(SignedDuration::from_nanos(1)).unwrap()));
            knowns.push(Some(r));
            let _ = i;
        }
    }
    let valids = [None, Some(date(2011, 6, 30)), Some(date(2013, 1, 1))];
    let mut views = Vec::new();
    for &known in &knowns {
        for grade in [None, Some(min_grade())] {
            for &valid in &valids {
                views.push(View {
                    valid,
                    known,
                    grade,
                });
            }
        }
    }
    for lot in &all_lots {
        let days: Vec<Date> = days.iter().copied().collect();
        claims::check_conservation(ledger, model, lot, &days);
    }
    claims::check_claims_move_nothing(ledger, model);
    for view in &views {
        claims::check_bounds(ledger, model, &all_lots, view);
        let at = view.as_of();
        let mut out_sum = 0;
        let mut in_sum = 0;
        let mut captured_sum = 0;
        for lot in &all_lots {
            let expected = model.lot_state(lot, view);
            check_lot(ledger, model, lot, view, expected);
            out_sum += expected.flows[5].0;
            in_sum += expected.flows[1].0;
            captured_sum += expected.flows[6].0;
            // Timeline and provenance.
            let tl: Vec<(EffectiveDate, Obs)> = ledger
                .timeline(&lot.0, &lot.1, &at)
                .iter()
                .map(|s| (s.date, observe(&s.state)))
                .collect();
            assert_eq!(
                tl,
                model.timeline(lot, view),
                "timeline {lot:?} at {view:?}"
            );
            // The steps are the states at dates: each holds from its first day until the day
            // before the next step (the last one until the view's date).
            for (k, (date, obs)) in tl.iter().enumerate() {
                let until = tl
                    .get(k + 1)
                    .map(|(next, _)| next.first_day().yesterday().unwrap());
                for d in [Some(date.first_day()), until.or(view.valid)]
                    .into_iter()
                    .flatten()
                {
                    let on = View {
                        valid: Some(d),
                        ..*view
                    };
                    let state = ledger.lot(&lot.0, &lot.1, &on.as_of());
                    assert_eq!(
                        observe(&state),
                        *obs,
                        "step {k} on {d}, {lot:?} at {view:?}"
                    );
                }
            }
            let prov = ledger.provenance(&lot.0, &lot.1, &at);
            let ids: Vec<usize> = prov.entries.iter().map(|e| e.id().get() as usize).collect();
            let expected_ids = model.sorted(lot, view);
            assert_eq!(ids, expected_ids, "provenance {lot:?} at {view:?}");
            let last = expected_ids
                .iter()
                .rev()
                .find(|&&i| matches!(model.entries[i].change(), Change::Assessed { .. }))
                .map(|&i| EntryId::new(i as u64));
            assert_eq!(prov.last_assessment, last);
        }
        assert_eq!(out_sum, in_sum, "transfers conserve units at {view:?}");
        // Captures by known holders credit their captors, unit for unit.
        let captures: u64 = (0..model.entries.len())
            .filter(|&i| model.visible(i, view))
            .filter_map(|i| match model.entries[i].change() {
                Change::Lost {
                    count,
                    cause: LossCause::Captured { by: Some(_) },
                    ..
                } => Some(count.value()),
                _ => None,
            })
            .sum();
        assert_eq!(
            captured_sum, captures,
            "captures credit captors at {view:?}"
        );
        // Holdings and pipeline, per holder.
        for h in holders() {
            let got: Vec<(PlatformRef, Obs)> = ledger
                .holdings(&h, &at)
                .iter()
                .map(|(p, s)| (p.clone(), observe(s)))
                .collect();
            let want: Vec<(PlatformRef, Obs)> = lots
                .iter()
                .filter(|l| l.0 == h)
                .map(|l| (l.1.clone(), model.lot_state(l, view)))
                .filter(|(_, o)| !is_empty(o))
                .collect();
            assert_eq!(got, want, "holdings of {h} at {view:?}");
            let pipe: Vec<(EntryId, Option<u64>)> = ledger
                .pipeline(&h, &at)
                .iter()
                .map(|p| (p.entry.id(), p.outstanding))
                .collect();
            assert_eq!(
                pipe,
                model.pipeline(&h, view),
                "pipeline of {h} at {view:?}"
            );
        }
        let all: Vec<HolderId> = ledger
            .all_holdings(&at)
            .into_iter()
            .map(|(h, _)| h)
            .collect();
        let want: Vec<HolderId> = model_holders
            .iter()
            .filter(|h| {
                lots.iter()
                    .any(|l| &l.0 == *h && !is_empty(&model.lot_state(l, view)))
            })
            .cloned()
            .collect();
        assert_eq!(all, want, "all_holdings at {view:?}");
    }

    // Bitemporality: a retraction hides its target from its own recorded time on, never
    // before.
    for (r, e) in model.entries.iter().enumerate() {
        let Change::Retracted { entry: target } = e.change() else {
            continue;
        };
        let target_entry = &model.entries[target.get() as usize];
        let shows = |known: Timestamp| {
            ledger
                .provenance(
                    target_entry.holder(),
                    target_entry.platform(),
                    &AsOf::latest().known_at(known),
                )
                .entries
                .iter()
                .any(|x| x.id() == *target)
        };
        assert!(
            !shows(e.recorded()),
            "retraction {r} not in effect at its time"
        );
        assert!(!shows(hours(e.recorded(), 1000)));
        let just_before = e
            .recorded()
            .checked_sub(SignedDuration::from_nanos(1))
            .unwrap();
        assert_eq!(
            shows(just_before),
            target_entry.recorded() <= just_before,
            "retraction {r} in effect before its time"
        );
    }
}

pub(super) fn is_empty(o: &Obs) -> bool {
    o.counts.iter().all(|c| c.0 == 0) && o.flows.iter().all(|c| c.0 == 0)
}
