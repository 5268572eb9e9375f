//! The state machine's claims and resolutions: their generators, the model's checks of a
//! resolution, a naive replay of [`Ledger::bounds`] and [`Ledger::conflicts`], and the
//! properties of bounds (every support within them, lower <= upper, both conserving, the
//! trajectory within them, claims moving no count).

use materiel::ledger::{Bounds, Decision, PointPolicy, Quantity};

use super::*;

/// The quantities every check looks at.
pub(super) fn quantities() -> [Quantity; 5] {
    [
        Quantity::Held,
        Quantity::Delivered,
        Quantity::Lost,
        Quantity::InStatus(Status::Operational),
        Quantity::InStatus(Status::Unknown),
    ]
}

fn quantity_s() -> impl Strategy<Value = Quantity> {
    prop_oneof![
        4 => Just(Quantity::Held),
        1 => Just(Quantity::Delivered),
        1 => Just(Quantity::Lost),
        2 => prop_oneof![Just(Status::Operational), Just(Status::Unknown), status_s()]
            .prop_map(Quantity::InStatus),
    ]
}

/// A claim on a generated lot.
pub(super) fn claim_s() -> impl Strategy<Value = Change> {
    (quantity_s(), 0u64..=30, basis_s()).prop_map(|(quantity, v, basis)| Change::Claimed {
        quantity,
        count: Count::new(v, basis).unwrap(),
    })
}

/// A resolution: mostly of a claim the model holds (its lot and quantity), sometimes of
/// anything; with a reason most of the time. Some are refused (no reason, a narrowed range
/// that is empty, a pick of something that is not a claim of the lot).
pub(super) fn resolution_s(
    state: &Model,
    recorded: impl Strategy<Value = Timestamp> + Clone + 'static,
) -> BoxedStrategy<Transition> {
    let n = state.entries.len();
    let claims: Vec<(usize, Lot, Quantity, EffectiveDate)> = state
        .entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e.change() {
            Change::Claimed { quantity, .. } => Some((
                i,
                (e.holder().clone(), e.platform().clone()),
                *quantity,
                e.effective(),
            )),
            _ => None,
        })
        .collect();
    let decision = prop_oneof![
        2 => (0..n as u64 + 2).prop_map(|e| Decision::Pick { entry: EntryId::new(e) }),
        2 => (0u64..30, prop::option::of(0u64..30))
            .prop_map(|(lower, upper)| Decision::Narrow { lower, upper }),
        1 => Just(Decision::KeepRange),
    ];
    let note = prop::option::weighted(0.85, "[a-z]{1,8}");
    let any = (
        holder_s(),
        platform_s(),
        effective_s(),
        quantity_s(),
        decision.clone(),
        grade_s(),
        recorded.clone(),
        note.clone(),
    )
        .prop_map(|(h, p, eff, quantity, decision, src, rec, note)| {
            resolved((h, p), eff, quantity, decision, src, rec, note)
        });
    if claims.is_empty() {
        return any.boxed();
    }
    let of_claim = (
        prop::sample::select(claims),
        prop_oneof![3 => Just(None), 2 => decision.prop_map(Some)],
        0i64..400,
        grade_s(),
        recorded,
        note,
    )
        .prop_map(
            |((id, lot, quantity, eff), decision, days, src, rec, note)| {
                let decision = decision.unwrap_or(Decision::Pick {
                    entry: EntryId::new(id as u64),
                });
                let day = eff.first_day().checked_add(jiff::Span::new().days(days));
                let eff = EffectiveDate::from_date(day.unwrap()).unwrap();
                resolved(lot, eff, quantity, decision, src, rec, note)
            },
        );
    prop_oneof![3 => of_claim, 1 => any].boxed()
}

fn resolved(
    lot: Lot,
    eff: EffectiveDate,
    quantity: Quantity,
    decision: Decision,
    source: Source,
    recorded: Timestamp,
    note: Option<String>,
) -> Transition {
    let change = Change::Resolved { quantity, decision };
    let e = NewEntry::new(lot.0, lot.1, eff, change, source, recorded);
    Transition::Append(match note {
        Some(n) => e.with_note(n),
        None => e,
    })
}

impl Model {
    /// The shape check of a claim or resolution, as `Change::check` makes it.
    pub(super) fn claim_shape_error(change: &Change) -> Option<String> {
        match change {
            Change::Claimed { count, .. } if count.value() > MAX_COUNT => Some(format!(
                "count {} exceeds the maximum {MAX_COUNT}",
                count.value()
            )),
            Change::Resolved {
                decision:
                    Decision::Narrow {
                        lower,
                        upper: Some(upper),
                    },
                ..
            } if upper < lower => Some(format!("a narrowed range {lower}..={upper} is empty")),
            _ => None,
        }
    }

    /// A resolution's checks against the entries: a reason, and a picked entry that is a
    /// claim (or, for units held, an assessment) of the same lot and quantity, not retracted.
    pub(super) fn resolution_error(&self, e: &NewEntry) -> Option<LedgerError> {
        let Change::Resolved { quantity, decision } = e.change() else {
            return None;
        };
        let bad = |reason: String| {
            Some(LedgerError::InvalidChange {
                change: "resolved",
                reason,
            })
        };
        if e.note().is_none_or(|n| n.trim().is_empty()) {
            return bad("a resolution needs a note giving its reason".into());
        }
        let Decision::Pick { entry: target } = decision else {
            return None;
        };
        let Some(picked) = self.entries.get(target.get() as usize) else {
            return bad(format!("no entry {target} to pick"));
        };
        let fits = match picked.change() {
            Change::Claimed { quantity: q, .. } => q == quantity,
            Change::Assessed { .. } => matches!(quantity, Quantity::Held | Quantity::InStatus(_)),
            _ => false,
        };
        if !fits || picked.holder() != e.holder() || picked.platform() != e.platform() {
            return bad(format!(
                "entry {target} is not a claim of {} {} about {quantity}",
                e.holder(),
                e.platform()
            ));
        }
        if let Some(by) = self.retracted_by[target.get() as usize] {
            return bad(format!(
                "entry {target} is retracted by {}",
                EntryId::new(by as u64)
            ));
        }
        None
    }

    /// The naive bounds of `q` in `lot` at `view`, as [`Ledger::bounds`] defines them.
    pub(super) fn bounds(&self, lot: &Lot, view: &View, q: Quantity) -> Naive {
        let mut run = 0i64;
        // (count, flows before, grade, date, id)
        let mut stated: Vec<(Count, i64, Grade, EffectiveDate, u64)> = Vec::new();
        let (mut open, mut any_assessment, mut flow_entries) = (false, false, 0);
        // Claims of the count held or of `q` assess the lot; those of `q` with an upper
        // limit are baselines that close an unknown opening.
        let (mut held_claim, mut baseline_claim) = (false, false);
        let mut grade: Option<Grade> = None;
        let mut last: Option<EffectiveDate> = None;
        let mut resolution = None;
        // An unknown opening stock concerns the whole lot, whatever the view's date.
        let any_date = View {
            valid: None,
            ..*view
        };
        for i in self.sorted(lot, &any_date) {
            let e = &self.entries[i];
            if let Change::OpeningUnknown = e.change() {
                open = true;
                grade = Some(grade.map_or(e.source().grade(), |w| w.weakest(e.source().grade())));
                last = last.max(Some(e.effective()));
            }
        }
        for i in self.sorted(lot, view) {
            let e = &self.entries[i];
            let mut see = |g: Grade, d: EffectiveDate| {
                grade = Some(grade.map_or(g, |w| w.weakest(g)));
                last = last.max(Some(d));
            };
            if let Change::Claimed { quantity, count } = e.change() {
                held_claim |= *quantity == q || *quantity == Quantity::Held;
                baseline_claim |= *quantity == q && count.basis() != Basis::AtLeast;
            }
            match e.change() {
                Change::Claimed { quantity, count } if *quantity == q => {
                    stated.push((*count, run, e.source().grade(), e.effective(), i as u64));
                }
                Change::Assessed { breakdown } => {
                    any_assessment = true;
                    let count = match q {
                        Quantity::Held => Some(breakdown.iter().fold(
                            Count::new(0, Basis::Exact).unwrap(),
                            |acc, (_, c)| {
                                Count::new(acc.value() + c.value(), acc.basis().join(c.basis()))
                                    .unwrap()
                            },
                        )),
                        Quantity::InStatus(s) => Some(
                            breakdown
                                .iter()
                                .find(|(t, _)| *t == s)
                                .map_or(Count::new(0, Basis::Exact).unwrap(), |(_, c)| *c),
                        ),
                        _ => None,
                    };
                    if let Some(c) = count {
                        stated.push((c, run, e.source().grade(), e.effective(), i as u64));
                    }
                }
                Change::Resolved { quantity, .. } if *quantity == q => resolution = Some(i),
                Change::OpeningUnknown => {}
                _ => {
                    if let Some((d, flow)) = flow_delta(e, lot, q) {
                        run += d;
                        if flow {
                            flow_entries += 1;
                            see(e.source().grade(), e.effective());
                        }
                    }
                }
            }
        }
        let mut supports: Vec<NaiveSupport> = Vec::new();
        // The generated lots' one munition (a SAM missile): never assessed, it is held up to
        // what the flows bring, at least none.
        let up_to =
            !any_assessment && !held_claim && lot.1 == PlatformRef::catalog("9m317").unwrap();
        // (lower, upper, what the flows bring: the lot's count, the flows' figure).
        let flows = match q {
            Quantity::Delivered | Quantity::Lost => {
                let now = run.max(0) as u64;
                Some((now, (!open).then_some(now), now))
            }
            Quantity::Held | Quantity::InStatus(_) if open => (!any_assessment).then(|| {
                let obs = self.lot_state(lot, view);
                let v = match q {
                    Quantity::InStatus(s) => obs.counts[s as usize].0,
                    _ => obs.counts.iter().map(|c| c.0).sum(),
                };
                (if up_to { 0 } else { v }, None, v)
            }),
            Quantity::InStatus(_) if any_assessment => None,
            _ => (flow_entries > 0 && run >= 0).then_some((
                if up_to { 0 } else { run as u64 },
                Some(run as u64),
                run as u64,
            )),
        };
        let mut flows_pushed = false;
        let mut brought = 0;
        if let (Some((lower, upper, b)), Some(g), Some(d)) = (flows, grade, last) {
            brought = b;
            let basis = match (up_to, open, q) {
                (true, false, Quantity::Held | Quantity::InStatus(_)) => Basis::UpTo,
                _ => Basis::Exact,
            };
            supports.push((lower, upper, basis, g, (d, u64::MAX)));
            flows_pushed = true;
        }
        for (count, before, g, d, id) in stated {
            let at = |v: u64| (v as i64 + run - before).max(0) as u64;
            let (lower, upper) = match count.basis() {
                Basis::AtLeast => (at(count.value()), None),
                Basis::UpTo => (at(0), Some(at(count.value()))),
                _ => (at(count.value()), Some(at(count.value()))),
            };
            supports.push((lower, upper, count.basis(), g, (d, id)));
        }
        // A baseline claim of the count held closes an open lot's opening, standing in for the
        // flows' "at least", unless it says less than the flows bring: then both stay.
        if flows_pushed
            && open
            && baseline_claim
            && !any_assessment
            && matches!(q, Quantity::Held | Quantity::InStatus(_))
        {
            let least = supports[0].0;
            if !supports[1..].iter().any(|s| s.1.is_some_and(|u| u < least)) {
                supports.remove(0);
            }
        }
        let lower = supports.iter().map(|s| s.0).min().unwrap_or(0);
        let upper = if supports.iter().any(|s| s.1.is_none()) {
            None
        } else {
            Some(supports.iter().filter_map(|s| s.1).max().unwrap_or(0))
        };
        // The flows (entry u64::MAX) give what they bring; a claim or an assessment its
        // upper bound if up_to, else its lower.
        let figure = |s: &NaiveSupport| match s {
            (.., (_, u64::MAX)) => brought,
            (_, Some(u), Basis::UpTo, ..) => *u,
            (l, ..) => *l,
        };
        let best = supports
            .iter()
            .min_by(|a, b| a.3.cmp(&b.3).then_with(|| b.4.cmp(&a.4)));
        let point = match best {
            Some(s) => Some(figure(s)),
            None => Some(0),
        };
        let disagree = supports.iter().enumerate().any(|(i, a)| {
            supports[i + 1..]
                .iter()
                .any(|b| a.1.is_some_and(|u| b.0 > u) || b.1.is_some_and(|u| a.0 > u))
        });
        Naive {
            lower,
            upper,
            point,
            supports: supports.len(),
            resolution: resolution.map(|i| EntryId::new(i as u64)),
            disagree,
        }
    }
}

/// A support as the model keeps it: lower, upper, basis, grade, (date, entry).
type NaiveSupport = (u64, Option<u64>, Basis, Grade, (EffectiveDate, u64));

/// What the model says a [`Bounds`] shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Naive {
    lower: u64,
    upper: Option<u64>,
    point: Option<u64>,
    supports: usize,
    resolution: Option<EntryId>,
    disagree: bool,
}

fn observe_bounds(b: &Bounds) -> Naive {
    Naive {
        lower: b.lower(),
        upper: b.upper(),
        point: b.point(),
        supports: b.supports().len(),
        resolution: b.resolution().map(|e| e.id()),
        disagree: b.disagree(),
    }
}

/// What `e` adds to `q` of `lot` by the flows (not an assessment), and whether it is a flow
/// (a status change moves units between statuses only).
fn flow_delta(e: &NewEntry, lot: &Lot, q: Quantity) -> Option<(i64, bool)> {
    let n = |c: &Count| c.value() as i64;
    let own = e.holder() == &lot.0;
    // (held, status moved out of, status moved into, delivered, lost)
    let (held, from, into, delivered, lost) = match e.change() {
        Change::Delivered { count, into, .. } => (n(count), None, Some(*into), n(count), 0),
        Change::StatusChanged { from, to, count } => {
            let d = match q {
                Quantity::InStatus(s) if s == *from && s != *to => -n(count),
                Quantity::InStatus(s) if s == *to && s != *from => n(count),
                _ => 0,
            };
            return Some((d, false));
        }
        Change::Lost { count, from, .. } if own => (-n(count), Some(*from), None, 0, n(count)),
        Change::Lost { count, .. } => (n(count), None, Some(Status::Unknown), 0, 0),
        Change::Retired { count, from } | Change::Expended { count, from } => {
            (-n(count), Some(*from), None, 0, 0)
        }
        Change::Transferred {
            count, from, into, ..
        } => {
            if own {
                (-n(count), Some(*from), None, 0, 0)
            } else {
                (n(count), None, Some(*into), 0, 0)
            }
        }
        _ => return None,
    };
    let d = match q {
        Quantity::Held => held,
        Quantity::Delivered => delivered,
        Quantity::Lost => lost,
        Quantity::InStatus(s) if from == Some(s) || into == Some(s) => held,
        _ => 0,
    };
    Some((d, true))
}

/// Bounds and conflicts against the model at `view`, and the properties of bounds.
pub(super) fn check_bounds(ledger: &Ledger, model: &Model, lots: &[Lot], view: &View) {
    let at = view.as_of();
    let mut open_conflicts = Vec::new();
    for lot in lots {
        let state = ledger.lot(&lot.0, &lot.1, &at);
        for q in quantities() {
            let b = ledger.bounds(&lot.0, &lot.1, q, &at);
            let want = model.bounds(lot, view, q);
            assert_eq!(
                observe_bounds(&b),
                want,
                "bounds of {q} in {lot:?} at {view:?}"
            );
            // Every support lies within the bounds, and lower <= upper.
            assert!(b.upper().is_none_or(|u| b.lower() <= u), "{b:?}");
            for s in b.supports() {
                assert!(s.lower() >= b.lower() && s.lower() <= b.upper().unwrap_or(u64::MAX));
                assert!(match (s.upper(), b.upper()) {
                    (_, None) => true,
                    (Some(su), Some(bu)) => su <= bu,
                    (None, Some(_)) => false,
                });
            }
            // The trajectory (a consistent one, read from sources) lies within them.
            let sourced = !b.supports().is_empty()
                && (state.baseline_known() || !matches!(q, Quantity::InStatus(_)));
            if state.is_consistent() && sourced {
                let v = match q {
                    Quantity::Held => Some(state.in_service().value()),
                    Quantity::InStatus(s) => Some(state.count(s).value()),
                    _ => None,
                };
                let has_trajectory = b
                    .supports()
                    .iter()
                    .any(|s| !matches!(s.origin(), materiel::ledger::SupportOrigin::Claim(_)));
                if let (Some(v), true) = (v, has_trajectory) {
                    assert!(
                        v >= b.lower() && b.upper().is_none_or(|u| v <= u),
                        "{q} in {lot:?} at {view:?}: the trajectory's {v} outside {b}"
                    );
                }
            }
            // Where only the flows speak (no assessment, no claim, no resolution), the point
            // is what they bring: the lot's count, never the floor 0 of a munition's unknown
            // expenditure (`Bounds`' documentation).
            if let ([flows], Quantity::Held, None) = (b.supports(), q, b.resolution())
                && matches!(
                    flows.origin(),
                    materiel::ledger::SupportOrigin::Flows { .. }
                )
                && state.is_consistent()
            {
                assert_eq!(
                    b.point(),
                    Some(state.in_service().value()),
                    "{lot:?} at {view:?}: the flows alone, {b}"
                );
            }
            // The other policies pick among the same supports.
            let latest = ledger.bounds_with(&lot.0, &lot.1, q, &at, PointPolicy::Latest);
            assert_eq!((latest.lower(), latest.upper()), (b.lower(), b.upper()));
            let widest = ledger.bounds_with(&lot.0, &lot.1, q, &at, PointPolicy::Widest);
            assert_eq!(widest.point(), None);
            if want.disagree && want.resolution.is_none() {
                let shown = q == Quantity::Held
                    || b.supports()
                        .iter()
                        .any(|s| matches!(s.origin(), materiel::ledger::SupportOrigin::Claim(_)));
                if shown {
                    open_conflicts.push((lot.clone(), q));
                }
            }
        }
    }
    // Conflicts: the open disagreements among the quantities looked at, widest first.
    let got = ledger.conflicts(None, &at);
    for w in got.windows(2) {
        let size = |c: &materiel::ledger::Conflict| c.bounds().width().unwrap_or(u64::MAX);
        assert!(size(&w[0]) >= size(&w[1]), "conflicts sorted by size");
    }
    let got: BTreeSet<String> = got
        .iter()
        .filter(|c| quantities().contains(&c.bounds().quantity()))
        .map(|c| format!("{} {} {}", c.holder(), c.platform(), c.bounds().quantity()))
        .collect();
    let want: BTreeSet<String> = open_conflicts
        .iter()
        .map(|(l, q)| format!("{} {} {q}", l.0, l.1))
        .collect();
    assert_eq!(got, want, "conflicts at {view:?}");
}

/// Both bounds conserve: between two dates with only flows in between, each moves by the
/// flows' net (never below zero), for a lot whose opening stock is known.
pub(super) fn check_conservation(ledger: &Ledger, model: &Model, lot: &Lot, days: &[Date]) {
    for w in days.windows(2) {
        let (d1, d2) = (w[0], w[1]);
        let v1 = View {
            valid: Some(d1),
            ..View::latest()
        };
        let v2 = View {
            valid: Some(d2),
            ..View::latest()
        };
        let between: Vec<usize> = model
            .sorted(lot, &v2)
            .into_iter()
            .filter(|&i| model.entries[i].effective().first_day() > d1)
            .collect();
        let mut net = 0;
        let mut only_flows = true;
        for &i in &between {
            match flow_delta(&model.entries[i], lot, Quantity::Held) {
                Some((d, _)) => net += d,
                None => {
                    only_flows &= matches!(
                        model.entries[i].change(),
                        Change::Requested { .. } | Change::Ordered { .. } | Change::Observed { .. }
                    )
                }
            }
        }
        let (b1, b2) = (
            ledger.bounds(&lot.0, &lot.1, Quantity::Held, &v1.as_of()),
            ledger.bounds(&lot.0, &lot.1, Quantity::Held, &v2.as_of()),
        );
        if !only_flows || b1.supports().len() != b2.supports().len() || b1.supports().is_empty() {
            continue;
        }
        let moved = |v: u64| (v as i64 + net).max(0) as u64;
        if b1.lower() > 0 {
            assert_eq!(
                b2.lower(),
                moved(b1.lower()),
                "lower conserves in {lot:?}, {d1}..{d2}"
            );
        }
        match b1.upper() {
            Some(u) if u > 0 => {
                assert_eq!(
                    b2.upper(),
                    Some(moved(u)),
                    "upper conserves in {lot:?}, {d1}..{d2}"
                );
            }
            Some(_) => {}
            None => assert_eq!(b2.upper(), None),
        }
    }
}

/// A claim moves no count: as known just before it and just after, the trajectory is the
/// same; and as known before it, its bounds are the model's without it.
pub(super) fn check_claims_move_nothing(ledger: &Ledger, model: &Model) {
    for (i, e) in model.entries.iter().enumerate().rev().take(6) {
        if !matches!(e.change(), Change::Claimed { .. } | Change::Resolved { .. }) {
            continue;
        }
        let r = e.recorded();
        let before = AsOf::latest().known_at(r.checked_sub(SignedDuration::from_nanos(1)).unwrap());
        // Entries recorded at the same time as it, after it, may move counts: compare only
        // when it is the last entry recorded at its time.
        let last_at_r = model.entries[i + 1..].iter().all(|x| x.recorded() > r);
        let same_time_before = model.entries[..i].iter().any(|x| x.recorded() == r);
        if !last_at_r || same_time_before {
            continue;
        }
        let after = AsOf::latest().known_at(r);
        assert_eq!(
            ledger.all_holdings(&before),
            ledger.all_holdings(&after),
            "entry {i} ({}) moved a count",
            e.change().name()
        );
    }
}
