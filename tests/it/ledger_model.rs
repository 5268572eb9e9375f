//! Model-based tests of the ledger: a `proptest-state-machine` run against a naive replay
//! model, a determinism test (same entries, shuffled append order) and a bitemporality check.
//!
//! The model keeps a plain list of accepted entries and answers every query by filtering the
//! visible entries and folding them in `(effective, id)` order from scratch. It also decides
//! whether each append must be accepted, and with which error.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use proptest::test_runner::Config;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest, prop_state_machine};

use materiel::ledger::{Basis, Condition, LossCause, LotState, MAX_COUNT, RequestKind};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, EntryId, Grade, HolderId, Ledger, LedgerError,
    NewEntry, PlatformRef, Source, Status,
};

// ---------------------------------------------------------------------------------------------
// Fixtures and generators: the shared ones (`tests/support/history.rs`), with on-or-before
// dates and opening-unknown statements.

use crate::support::history::{
    basis_s, cases, change_any_s as change_s, effective_any_s as effective_s, grade_s, holder,
    holder_s, holders, hours, platform_s, platforms, source, status_s, t0,
};

mod claims;

fn min_grade() -> Grade {
    "B3".parse().unwrap()
}

/// One operation on the ledger.
#[derive(Clone, Debug)]
enum Transition {
    /// `Ledger::append`.
    Append(NewEntry),
    /// `Ledger::retract`.
    Retract {
        target: EntryId,
        source: Source,
        recorded: Timestamp,
        note: Option<String>,
    },
}

// ---------------------------------------------------------------------------------------------
// The model.

type Lot = (HolderId, PlatformRef);

/// Accepted entries and retractions, nothing else.
#[derive(Clone, Debug, Default)]
struct Model {
    entries: Vec<NewEntry>,
    retracted_by: Vec<Option<usize>>,
    /// What the last transition must return.
    expected: Option<Result<EntryId, LedgerError>>,
}

/// A view: valid date, known-at time, minimum grade.
#[derive(Clone, Copy, Debug, PartialEq)]
struct View {
    valid: Option<Date>,
    known: Option<Timestamp>,
    grade: Option<Grade>,
}

impl View {
    fn as_of(&self) -> AsOf {
        let mut at = self.valid.map_or_else(AsOf::latest, AsOf::valid);
        if let Some(k) = self.known {
            at = at.known_at(k);
        }
        if let Some(g) = self.grade {
            at = at.min_grade(g);
        }
        at
    }
    fn latest() -> Self {
        View {
            valid: None,
            known: None,
            grade: None,
        }
    }
}

/// A count as (value, basis): totals can exceed [`MAX_COUNT`], which no `Count` built outside
/// the ledger can.
type Total = (u64, Basis);

fn total(c: Count) -> Total {
    (c.value(), c.basis())
}

/// What the model says a [`LotState`] shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Obs {
    counts: [Total; 7],
    /// delivered, transferred in, lost, retired, expended, transferred out, captured in.
    flows: [Total; 7],
    adjustment: i64,
    consistent: bool,
    baseline_known: bool,
}

fn observe(s: &LotState) -> Obs {
    Obs {
        counts: Status::ALL.map(|st| total(s.count(st))),
        flows: [
            total(s.delivered()),
            total(s.transferred_in()),
            total(s.lost()),
            total(s.retired()),
            total(s.expended()),
            total(s.transferred_out()),
            total(s.captured_in()),
        ],
        adjustment: s.adjustment(),
        consistent: s.is_consistent(),
        baseline_known: s.baseline_known(),
    }
}

/// Raw fold state.
#[derive(Clone, Copy, Debug)]
struct Fold {
    status: [(i64, Basis); 7],
    flows: [(i64, Basis); 7],
    /// An assessment was applied: counts are absolute from then on.
    assessed: bool,
}

impl Fold {
    fn new() -> Self {
        Fold {
            status: [(0, Basis::Exact); 7],
            flows: [(0, Basis::Exact); 7],
            assessed: false,
        }
    }
    fn add(&mut self, s: Status, d: i64, b: Basis) {
        let slot = &mut self.status[s as usize];
        slot.0 += d;
        slot.1 = slot.1.join(b);
    }
    fn flow(&mut self, f: usize, d: i64, b: Basis) {
        let slot = &mut self.flows[f];
        slot.0 += d;
        slot.1 = slot.1.join(b);
    }
    /// Applies `e` as seen by `lot`.
    fn apply(&mut self, e: &NewEntry, lot: &Lot) {
        let n = |c: &Count| c.value() as i64;
        match e.change() {
            Change::Delivered { count, into, .. } => {
                self.add(*into, n(count), count.basis());
                self.flow(0, n(count), count.basis());
            }
            Change::StatusChanged { from, to, count } => {
                self.add(*from, -n(count), count.basis());
                self.add(*to, n(count), count.basis());
            }
            Change::Assessed { breakdown } => {
                self.assessed = true;
                for s in Status::ALL {
                    self.status[s as usize] = breakdown
                        .iter()
                        .find(|(t, _)| *t == s)
                        .map_or((0, Basis::Exact), |(_, c)| (n(c), c.basis()));
                }
            }
            Change::Lost { count, from, .. } if e.holder() == &lot.0 => {
                self.add(*from, -n(count), count.basis());
                self.flow(2, n(count), count.basis());
            }
            // The captor's side of a capture: in as unknown, in the captured-in flow.
            Change::Lost { count, .. } => {
                self.add(Status::Unknown, n(count), count.basis());
                self.flow(6, n(count), count.basis());
            }
            Change::Retired { count, from } => {
                self.add(*from, -n(count), count.basis());
                self.flow(3, n(count), count.basis());
            }
            Change::Expended { count, from } => {
                self.add(*from, -n(count), count.basis());
                self.flow(4, n(count), count.basis());
            }
            Change::Transferred {
                count, from, into, ..
            } => {
                if e.holder() == &lot.0 {
                    self.add(*from, -n(count), count.basis());
                    self.flow(5, n(count), count.basis());
                } else {
                    self.add(*into, n(count), count.basis());
                    self.flow(1, n(count), count.basis());
                }
            }
            _ => {}
        }
    }
    /// The observation; `opening` is the least opening stock per status of a lot whose
    /// opening stock is unknown ([`Model::opening`]): before an assessment, counts are that
    /// plus the relative ones, at least.
    fn obs(&self, opening: Option<&[i64; 7]>) -> Obs {
        let mut status = self.status;
        let baseline_known = opening.is_none() || self.assessed;
        if let (false, Some(o)) = (baseline_known, opening) {
            for (s, o) in status.iter_mut().zip(o) {
                *s = (s.0 + o, s.1.join(Basis::AtLeast));
            }
        }
        let counts = status.map(|(v, b)| (v.max(0) as u64, b));
        let flows = self.flows.map(|(v, b)| (v.max(0) as u64, b));
        let f = |i: usize| self.flows[i].0;
        let net = f(0) + f(1) + f(6) - f(2) - f(3) - f(4) - f(5);
        let in_service: i64 = status.iter().map(|s| s.0).sum();
        Obs {
            counts,
            flows,
            adjustment: in_service - net,
            consistent: status.iter().all(|s| s.0 >= 0),
            baseline_known,
        }
    }
}

impl Model {
    fn latest(&self) -> Option<Timestamp> {
        self.entries.last().map(|e| e.recorded())
    }

    /// The lots an entry counts in.
    fn lots_of(e: &NewEntry) -> Vec<Lot> {
        let own = (e.holder().clone(), e.platform().clone());
        match e.change() {
            Change::Transferred { to, .. }
            | Change::Lost {
                cause: LossCause::Captured { by: Some(to) },
                ..
            } => vec![own, (to.clone(), e.platform().clone())],
            Change::Retracted { .. } => vec![],
            _ => vec![own],
        }
    }

    /// Every lot, in first-seen order.
    fn lots(&self) -> Vec<Lot> {
        let mut out: Vec<Lot> = Vec::new();
        for e in &self.entries {
            let own = (e.holder().clone(), e.platform().clone());
            for l in Self::lots_of(e).into_iter().chain([own]) {
                if !out.contains(&l) {
                    out.push(l);
                }
            }
        }
        out
    }

    /// Holders with a lot, in first-seen order (suppliers, captors and receivers count as
    /// seen when named).
    fn holders(&self) -> Vec<HolderId> {
        let mut seen: Vec<HolderId> = Vec::new();
        let mut see = |h: &HolderId| {
            if !seen.contains(h) {
                seen.push(h.clone());
            }
        };
        for e in &self.entries {
            see(e.holder());
            match e.change() {
                Change::Requested {
                    supplier: Some(s), ..
                }
                | Change::Ordered {
                    supplier: Some(s), ..
                }
                | Change::Delivered {
                    supplier: Some(s), ..
                } => see(s),
                Change::Lost {
                    cause: LossCause::Captured { by: Some(s) },
                    ..
                } => see(s),
                Change::Transferred { to, .. } => see(to),
                _ => {}
            }
        }
        let lots = self.lots();
        seen.into_iter()
            .filter(|h| lots.iter().any(|l| &l.0 == h))
            .collect()
    }

    fn in_lot(e: &NewEntry, lot: &Lot) -> bool {
        Self::lots_of(e).contains(lot)
    }

    fn visible(&self, id: usize, view: &View) -> bool {
        let e = &self.entries[id];
        if matches!(e.change(), Change::Retracted { .. }) {
            return false;
        }
        if view.known.is_some_and(|k| e.recorded() > k) {
            return false;
        }
        if let Some(r) = self.retracted_by[id]
            && view.known.is_none_or(|k| self.entries[r].recorded() <= k)
        {
            return false;
        }
        if view.grade.is_some_and(|g| !e.source().grade().meets(g)) {
            return false;
        }
        view.valid.is_none_or(|d| e.effective().first_day() <= d)
    }

    /// Visible entries of `lot`, sorted by (effective, id).
    fn sorted(&self, lot: &Lot, view: &View) -> Vec<usize> {
        let mut ids: Vec<usize> = (0..self.entries.len())
            .filter(|&i| Self::in_lot(&self.entries[i], lot) && self.visible(i, view))
            .collect();
        ids.sort_by_key(|&i| (self.entries[i].effective(), i));
        ids
    }

    fn lot_state(&self, lot: &Lot, view: &View) -> Obs {
        let mut f = Fold::new();
        for i in self.sorted(lot, view) {
            f.apply(&self.entries[i], lot);
        }
        f.obs(self.opening(lot, view).as_ref())
    }

    /// True when `ids` (of one lot) say the lot's opening stock is unknown.
    fn says_open(&self, ids: &[usize]) -> bool {
        ids.iter()
            .any(|&i| matches!(self.entries[i].change(), Change::OpeningUnknown))
    }

    /// For a lot whose opening stock is unknown as `view` sees it (at any date): the least
    /// opening stock per status, the lowest count at a day's end before the first assessment
    /// negated (or zero). `None` for a lot of known opening stock (zero).
    fn opening(&self, lot: &Lot, view: &View) -> Option<[i64; 7]> {
        let ids = self.sorted(
            lot,
            &View {
                valid: None,
                ..*view
            },
        );
        if !self.says_open(&ids) {
            return None;
        }
        let mut f = Fold::new();
        let mut least = [0i64; 7];
        for (k, &i) in ids.iter().enumerate() {
            let e = &self.entries[i];
            f.apply(e, lot);
            if f.assessed {
                break;
            }
            let day_ends = ids.get(k + 1).is_none_or(|&j| {
                self.entries[j].effective().first_day() != e.effective().first_day()
            });
            if day_ends {
                for (l, s) in least.iter_mut().zip(&f.status) {
                    *l = (*l).max(-s.0);
                }
            }
        }
        Some(least)
    }

    /// One step per first day with the state at its end, labelled by the day's coarsest
    /// entry that changes a count (or its coarsest entry); equal consecutive states merge.
    fn timeline(&self, lot: &Lot, view: &View) -> Vec<(EffectiveDate, Obs)> {
        let moves = |e: &NewEntry| {
            !matches!(
                e.change(),
                Change::Requested { .. }
                    | Change::Ordered { .. }
                    | Change::Observed { .. }
                    | Change::OpeningUnknown
                    | Change::Claimed { .. }
                    | Change::Resolved { .. }
                    | Change::Retracted { .. }
            )
        };
        let mut f = Fold::new();
        let mut steps: Vec<(EffectiveDate, Obs)> = Vec::new();
        let opening = self.opening(lot, view);
        let ids = self.sorted(lot, view);
        let mut start = 0;
        while start < ids.len() {
            let first_day = self.entries[ids[start]].effective().first_day();
            let end = ids[start..]
                .iter()
                .position(|&j| self.entries[j].effective().first_day() != first_day)
                .map_or(ids.len(), |n| start + n);
            let day = &ids[start..end];
            for &i in day {
                f.apply(&self.entries[i], lot);
            }
            let label = day
                .iter()
                .map(|&i| &self.entries[i])
                .find(|e| moves(e))
                .unwrap_or(&self.entries[day[0]])
                .effective();
            let obs = f.obs(opening.as_ref());
            if steps.last().is_none_or(|(_, o)| *o != obs) {
                steps.push((label, obs));
            }
            start = end;
        }
        steps
    }

    fn pipeline(&self, holder: &HolderId, view: &View) -> Vec<(EntryId, Option<u64>)> {
        // Answers open items of the wanted kind first in first out; returns what is left. A
        // lower bound (`at least`) answered in full stays open: its remainder is unknown.
        fn answer(
            open: &mut Vec<(usize, bool, Option<u64>, bool)>,
            mut amount: u64,
            orders: bool,
        ) -> u64 {
            let mut k = 0;
            while k < open.len() && amount > 0 {
                if open[k].1 != orders || (open[k].2 == Some(0) && open[k].3) {
                    k += 1;
                    continue;
                }
                match open[k].2 {
                    None => {
                        open.remove(k);
                    }
                    Some(n) => {
                        let used = n.min(amount);
                        amount -= used;
                        if n == used && !open[k].3 {
                            open.remove(k);
                        } else {
                            open[k].2 = Some(n - used);
                            k += 1;
                        }
                    }
                }
            }
            amount
        }
        let at_least = |c: &Count| c.basis() == Basis::AtLeast;
        let mut out = Vec::new();
        for lot in self.lots().into_iter().filter(|l| &l.0 == holder) {
            let mut open: Vec<(usize, bool, Option<u64>, bool)> = Vec::new();
            for i in self.sorted(&lot, view) {
                let e = &self.entries[i];
                if e.holder() != holder {
                    continue;
                }
                match e.change() {
                    Change::Requested { count, .. } => open.push((
                        i,
                        false,
                        count.map(|c| c.value()),
                        count.as_ref().is_some_and(at_least),
                    )),
                    Change::Ordered { count, .. } => {
                        answer(&mut open, count.value(), false);
                        open.push((i, true, Some(count.value()), at_least(count)));
                    }
                    Change::Delivered { count, .. } => {
                        let left = answer(&mut open, count.value(), true);
                        answer(&mut open, left, false);
                    }
                    _ => {}
                }
            }
            out.extend(open);
        }
        out.sort_by_key(|&(i, _, _, _)| (self.entries[i].effective(), i));
        out.into_iter()
            .map(|(i, _, n, _)| (EntryId::new(i as u64), n))
            .collect()
    }

    fn shape_error(e: &NewEntry) -> Option<LedgerError> {
        let change = e.change();
        let bad = |reason: String| {
            Some(LedgerError::InvalidChange {
                change: change.name(),
                reason,
            })
        };
        let count_error = |c: &Count, zero_ok: bool| {
            if c.value() == 0 && !zero_ok {
                Some("count must be at least 1".to_owned())
            } else if c.value() > MAX_COUNT {
                Some(format!(
                    "count {} exceeds the maximum {MAX_COUNT}",
                    c.value()
                ))
            } else {
                None
            }
        };
        match change {
            Change::Requested { count, .. } | Change::Observed { count, .. } => {
                if let Some(r) = count.as_ref().and_then(|c| count_error(c, false)) {
                    return bad(r);
                }
            }
            Change::Ordered { count, .. }
            | Change::Delivered { count, .. }
            | Change::Lost { count, .. }
            | Change::Retired { count, .. }
            | Change::Expended { count, .. } => {
                if let Some(r) = count_error(count, false) {
                    return bad(r);
                }
                if let Change::Lost {
                    cause: LossCause::Captured { by: Some(by) },
                    ..
                } = change
                    && by == e.holder()
                {
                    return bad(format!("{by} cannot be captured by itself"));
                }
            }
            Change::StatusChanged { from, to, count } => {
                if let Some(r) = count_error(count, false) {
                    return bad(r);
                }
                if from == to {
                    return bad(format!("from and to are both {from}"));
                }
            }
            Change::Transferred { count, to, .. } => {
                if let Some(r) = count_error(count, false) {
                    return bad(r);
                }
                if to == e.holder() {
                    return bad(format!("{to} cannot transfer to itself"));
                }
            }
            Change::Assessed { breakdown } => {
                for (i, (s, c)) in breakdown.iter().enumerate() {
                    if let Some(r) = count_error(c, true) {
                        return bad(r);
                    }
                    if breakdown[..i].iter().any(|(t, _)| t == s) {
                        return bad(format!("status {s} is listed twice"));
                    }
                }
            }
            Change::Claimed { .. } | Change::Resolved { .. } => {
                if let Some(r) = Self::claim_shape_error(change) {
                    return bad(r);
                }
            }
            _ => {}
        }
        if let PlatformRef::Catalog(id) = e.platform()
            && Catalog::reference().get(id).is_none()
        {
            return Some(LedgerError::UnknownPlatform {
                platform: id.clone(),
            });
        }
        None
    }

    /// The first negative count in `lots`, replaying everything currently known.
    ///
    /// Counts are states at dates: only the count at the end of each day (after every entry
    /// in effect from that day) is checked. The error names the first such day by the
    /// effective date of its last entry that changes a count.
    fn first_negative(&self, lots: &[Lot]) -> Option<LedgerError> {
        for lot in lots {
            let mut f = Fold::new();
            let ids = self.sorted(lot, &View::latest());
            // A lot of unknown opening stock is checked from its first assessment on only.
            let open = self.says_open(&ids);
            let mut last_change = None;
            for (k, &i) in ids.iter().enumerate() {
                let e = &self.entries[i];
                f.apply(e, lot);
                if !matches!(
                    e.change(),
                    Change::Requested { .. }
                        | Change::Ordered { .. }
                        | Change::Observed { .. }
                        | Change::Claimed { .. }
                        | Change::Resolved { .. }
                ) {
                    last_change = Some(e.effective());
                }
                let day_ends = ids.get(k + 1).is_none_or(|&j| {
                    self.entries[j].effective().first_day() != e.effective().first_day()
                });
                if !day_ends || (open && !f.assessed) {
                    continue;
                }
                if let Some(s) = Status::ALL
                    .into_iter()
                    .find(|s| f.status[*s as usize].0 < 0)
                {
                    return Some(LedgerError::NegativeCount {
                        holder: lot.0.clone(),
                        platform: lot.1.clone(),
                        status: s,
                        date: last_change.unwrap_or(e.effective()),
                        value: f.status[s as usize].0,
                    });
                }
            }
        }
        None
    }

    /// Decides `entry` and, if it is accepted, adds it.
    fn append(&mut self, entry: NewEntry) -> Result<EntryId, LedgerError> {
        if let Some(err) = Self::shape_error(&entry) {
            return Err(err);
        }
        if let Some(latest) = self.latest()
            && entry.recorded() < latest
        {
            return Err(LedgerError::RecordedOutOfOrder {
                recorded: entry.recorded(),
                latest,
            });
        }
        if let Some(err) = self.resolution_error(&entry) {
            return Err(err);
        }
        let id = self.entries.len();
        let mut touched = Self::lots_of(&entry);
        if let Change::Retracted { entry: target } = entry.change() {
            let t = target.get() as usize;
            let Some(original) = self.entries.get(t) else {
                return Err(LedgerError::UnknownEntry { entry: *target });
            };
            if matches!(original.change(), Change::Retracted { .. }) {
                return Err(LedgerError::RetractsRetraction { entry: *target });
            }
            if let Some(by) = self.retracted_by[t] {
                return Err(LedgerError::AlreadyRetracted {
                    entry: *target,
                    by: EntryId::new(by as u64),
                });
            }
            if original.holder() != entry.holder() || original.platform() != entry.platform() {
                return Err(LedgerError::RetractionMismatch {
                    entry: *target,
                    holder: original.holder().clone(),
                    platform: original.platform().clone(),
                });
            }
            touched = Self::lots_of(original);
            self.retracted_by[t] = Some(id);
        }
        self.entries.push(entry);
        self.retracted_by.push(None);
        if let Some(err) = self.first_negative(&touched) {
            self.entries.pop();
            self.retracted_by.pop();
            if let Some(r) = self.retracted_by.iter_mut().find(|r| **r == Some(id)) {
                *r = None;
            }
            return Err(err);
        }
        Ok(EntryId::new(id as u64))
    }

    /// Units added by visible entries: (lot, status, date, count).
    fn additions(&self) -> Vec<(Lot, Status, EffectiveDate, u64)> {
        let mut out = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            if !self.visible(i, &View::latest()) {
                continue;
            }
            let own = (e.holder().clone(), e.platform().clone());
            match e.change() {
                Change::Delivered { count, into, .. } => {
                    out.push((own, *into, e.effective(), count.value()));
                }
                Change::StatusChanged { to, count, .. } => {
                    out.push((own, *to, e.effective(), count.value()));
                }
                Change::Transferred {
                    count, to, into, ..
                } => out.push((
                    (to.clone(), e.platform().clone()),
                    *into,
                    e.effective(),
                    count.value(),
                )),
                Change::Lost {
                    count,
                    cause: LossCause::Captured { by: Some(to) },
                    ..
                } => out.push((
                    (to.clone(), e.platform().clone()),
                    Status::Unknown,
                    e.effective(),
                    count.value(),
                )),
                Change::Assessed { breakdown } => {
                    for (s, c) in breakdown {
                        if c.value() > 0 {
                            out.push((own.clone(), *s, e.effective(), c.value()));
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn apply(&mut self, t: &Transition) -> Result<EntryId, LedgerError> {
        match t {
            Transition::Append(e) => self.append(e.clone()),
            Transition::Retract {
                target,
                source,
                recorded,
                note,
            } => {
                let Some(original) = self.entries.get(target.get() as usize) else {
                    return Err(LedgerError::UnknownEntry { entry: *target });
                };
                let e = NewEntry::new(
                    original.holder().clone(),
                    original.platform().clone(),
                    original.effective(),
                    Change::Retracted { entry: *target },
                    source.clone(),
                    *recorded,
                );
                self.append(match note {
                    Some(n) => e.with_note(n.clone()),
                    None => e,
                })
            }
        }
    }
}

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

/// The ledger after a rejected operation answers exactly as before.
fn assert_same(before: &Ledger, after: &Ledger) {
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
fn check_lot(ledger: &Ledger, model: &Model, lot: &Lot, view: &View, expected: Obs) {
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

fn check_against_model(ledger: &Ledger, model: &Model) {
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

fn is_empty(o: &Obs) -> bool {
    o.counts.iter().all(|c| c.0 == 0) && o.flows.iter().all(|c| c.0 == 0)
}

prop_state_machine! {
    #![proptest_config(Config {
        cases: cases(64),
        max_shrink_iters: 2048,
        failure_persistence: None,
        ..Config::default()
    })]

    /// Random appends and retractions agree with the naive replay model after every step.
    #[test]
    fn ledger_agrees_with_the_replay_model(sequential 1..40 => LedgerTest);
}

// ---------------------------------------------------------------------------------------------
// Determinism: the same always-valid entries in any append order give the same answers.

/// Entries valid in any order: deliveries (effective 2010-2013) and, dated 2014 on, removals
/// that never exceed what was delivered into their status.
fn order_free_entries() -> impl Strategy<Value = (Vec<NewEntry>, Vec<NewEntry>)> {
    let lots = prop_oneof![
        6 => Just((holder("VEN"), platforms()[0].clone())),
        2 => Just((holder("RUS"), platforms()[0].clone())),
        1 => Just((holder("VEN"), platforms()[3].clone())),
    ];
    let early = prop_oneof![
        (2010i16..=2013).prop_map(|y| EffectiveDate::year(y).unwrap()),
        (2010i16..=2013, 1i8..=12).prop_map(|(y, m)| EffectiveDate::month(y, m).unwrap()),
        (2010i16..=2013, 1i8..=12, 1i8..=28)
            .prop_map(|(y, m, d)| EffectiveDate::day(y, m, d).unwrap()),
    ];
    let late = (2014i16..=2016, 1i8..=12, 1i8..=28)
        .prop_map(|(y, m, d)| EffectiveDate::day(y, m, d).unwrap());
    let delivery = (
        lots.clone(),
        early,
        1u64..=5,
        status_s(),
        basis_s(),
        grade_s(),
    )
        .prop_map(|((h, p), eff, n, into, b, src)| {
            NewEntry::new(
                h,
                p,
                eff,
                Change::Delivered {
                    count: Count::new(n, b).unwrap(),
                    into,
                    supplier: None,
                    condition: Condition::New,
                },
                src,
                t0(),
            )
        });
    // Removal candidates: (lot, date, kind, count, status, receiver), trimmed to the budget.
    let removal = (lots, late, 0u8..4, 1u64..=6, status_s(), grade_s());
    (
        prop::collection::vec(delivery, 1..220),
        prop::collection::vec(removal, 0..40),
    )
        .prop_map(|(deliveries, removals)| {
            let mut budget: Vec<(Lot, Status, u64)> = Vec::new();
            for d in &deliveries {
                if let Change::Delivered { count, into, .. } = d.change() {
                    let lot = (d.holder().clone(), d.platform().clone());
                    match budget.iter_mut().find(|(l, s, _)| *l == lot && s == into) {
                        Some(b) => b.2 += count.value(),
                        None => budget.push((lot, *into, count.value())),
                    }
                }
            }
            let mut later = Vec::new();
            for ((h, p), eff, kind, n, from, src) in removals {
                let lot = (h.clone(), p.clone());
                let Some(b) = budget.iter_mut().find(|(l, s, _)| *l == lot && *s == from) else {
                    continue;
                };
                let n = n.min(b.2);
                if n == 0 {
                    continue;
                }
                b.2 -= n;
                let count = Count::exact(n).unwrap();
                let change = match kind {
                    0 => Change::Lost {
                        count,
                        from,
                        cause: LossCause::Destroyed,
                    },
                    1 => Change::Retired { count, from },
                    2 => Change::StatusChanged {
                        from,
                        to: if from == Status::Unknown {
                            Status::Operational
                        } else {
                            Status::Unknown
                        },
                        count,
                    },
                    _ => Change::Transferred {
                        count,
                        to: holder("zicotrans"),
                        from,
                        into: Status::Stored,
                    },
                };
                later.push(NewEntry::new(h, p, eff, change, src, t0()));
            }
            (deliveries, later)
        })
}

fn build(entries: &[NewEntry]) -> Ledger {
    let mut ledger = Ledger::new(Catalog::reference());
    for (i, e) in entries.iter().enumerate() {
        let mut e = e.clone();
        // Recorded times follow the append order.
        e = NewEntry::new(
            e.holder().clone(),
            e.platform().clone(),
            e.effective(),
            e.change().clone(),
            e.source().clone(),
            hours(t0(), i as i64),
        );
        if let Err(err) = ledger.append(e) {
            panic!("order-free entry {i} rejected: {err}");
        }
    }
    ledger
}

fn content_key(e: &NewEntry) -> String {
    format!(
        "{} {} {:?} {:?}",
        e.holder(),
        e.platform(),
        e.effective(),
        e.change()
    )
}

proptest! {
    #![proptest_config(Config {
        cases: cases(32),
        failure_persistence: None,
        ..Config::default()
    })]

    /// Appending the same entries in another order gives the same answers to every query.
    #[test]
    fn append_order_does_not_change_answers(
        (entries, shuffled) in order_free_entries().prop_flat_map(|(early, late)| {
            let all: Vec<NewEntry> = early.iter().chain(late.iter()).cloned().collect();
            let shuffled = (Just(early).prop_shuffle(), Just(late).prop_shuffle())
                .prop_map(|(e, l)| e.into_iter().chain(l).collect::<Vec<_>>());
            (Just(all), shuffled)
        })
    ) {
        let a = build(&entries);
        let b = build(&shuffled);
        prop_assert_eq!(a.len(), b.len());
        let mut days: BTreeSet<Date> = BTreeSet::new();
        for e in &entries {
            days.insert(e.effective().first_day());
            days.insert(e.effective().first_day().yesterday().unwrap());
        }
        let mut lots: Vec<Lot> = Vec::new();
        for e in &entries {
            for l in Model::lots_of(e) {
                if !lots.contains(&l) {
                    lots.push(l);
                }
            }
        }
        let mut ats: Vec<AsOf> = days.iter().map(|&d| AsOf::valid(d)).collect();
        ats.push(AsOf::latest());
        ats.push(AsOf::latest().min_grade(min_grade()));
        ats.push(AsOf::valid(date(2013, 6, 1)).min_grade(min_grade()));
        for at in &ats {
            for lot in &lots {
                let sa = a.lot(&lot.0, &lot.1, at);
                let sb = b.lot(&lot.0, &lot.1, at);
                prop_assert_eq!(sa, sb, "lot {:?} at {:?}", lot, at);
                if at.grade().is_none() {
                    prop_assert!(sa.is_consistent());
                }
            }
            for h in holders() {
                let mut ha: Vec<_> = a.holdings(&h, at).iter().map(|(p, s)| (p.to_string(), *s)).collect();
                let mut hb: Vec<_> = b.holdings(&h, at).iter().map(|(p, s)| (p.to_string(), *s)).collect();
                ha.sort_by(|x, y| x.0.cmp(&y.0));
                hb.sort_by(|x, y| x.0.cmp(&y.0));
                prop_assert_eq!(ha, hb);
            }
        }
        for at in [AsOf::latest(), AsOf::valid(date(2012, 12, 31)), AsOf::latest().min_grade(min_grade())] {
            for lot in &lots {
                prop_assert_eq!(a.timeline(&lot.0, &lot.1, &at), b.timeline(&lot.0, &lot.1, &at));
                let keys = |l: &Ledger| {
                    let mut k: Vec<String> = l
                        .provenance(&lot.0, &lot.1, &at)
                        .entries
                        .iter()
                        .map(|e| content_key(e))
                        .collect();
                    k.sort();
                    k
                };
                prop_assert_eq!(keys(&a), keys(&b));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Large lots: hundreds of entries in one or two lots, so that the block index splits and the
// segment tree composes block aggregates (a lot's first block holds up to 128 entries).

fn large_ops() -> impl Strategy<Value = Vec<(bool, EffectiveDate, Change, Source, u64)>> {
    let change = prop_oneof![
        12 => (1u64..=5, status_s(), basis_s()).prop_map(|(n, into, b)| Change::Delivered {
            count: Count::new(n, b).unwrap(),
            into,
            supplier: None,
            condition: Condition::New,
        }),
        4 => (1u64..=3, status_s()).prop_map(|(n, from)| Change::Lost {
            count: Count::exact(n).unwrap(),
            from,
            cause: LossCause::Destroyed,
        }),
        3 => (1u64..=3, status_s(), status_s())
            .prop_map(|(n, from, to)| Change::StatusChanged { from, to, count: Count::exact(n).unwrap() }),
        3 => (1u64..=3, status_s(), status_s()).prop_map(|(n, from, into)| Change::Transferred {
            count: Count::exact(n).unwrap(),
            to: holder("RUS"),
            from,
            into,
        }),
        1 => prop::collection::vec((status_s(), 0u64..=30), 1..=2).prop_map(|b| Change::Assessed {
            breakdown: b.into_iter().map(|(s, v)| (s, Count::exact(v).unwrap())).collect(),
        }),
        // A retraction of some earlier entry (the id is reduced modulo the length).
        2 => any::<u32>().prop_map(|i| Change::Retracted { entry: EntryId::new(u64::from(i)) }),
    ];
    // (from RUS back to VEN instead, effective, change, source, recorded-time step)
    prop::collection::vec(
        (
            prop::bool::weighted(0.15),
            effective_s(),
            change,
            grade_s(),
            0u64..=1,
        ),
        150..400,
    )
}

fn check_large(ledger: &Ledger, model: &Model) {
    assert_eq!(ledger.len(), model.entries.len());
    let mut days: BTreeSet<Date> = BTreeSet::new();
    for e in &model.entries {
        days.insert(e.effective().first_day());
        days.insert(e.effective().first_day().yesterday().unwrap());
    }
    let mut knowns = vec![None, Some(hours(t0(), model.entries.len() as i64 / 3))];
    knowns.extend(model.latest().map(|t| Some(hours(t, -1))));
    let su30 = platforms()[0].clone();
    for lot in [(holder("VEN"), su30.clone()), (holder("RUS"), su30.clone())] {
        for known in &knowns {
            for grade in [None, Some(min_grade())] {
                let view = View {
                    valid: None,
                    known: *known,
                    grade,
                };
                // Sweep the model's sorted entries once over all dates.
                let sorted = model.sorted(&lot, &view);
                let opening = model.opening(&lot, &view);
                let mut f = Fold::new();
                let mut k = 0;
                for &d in &days {
                    while k < sorted.len() && model.entries[sorted[k]].effective().first_day() <= d
                    {
                        f.apply(&model.entries[sorted[k]], &lot);
                        k += 1;
                    }
                    let at = View {
                        valid: Some(d),
                        ..view
                    };
                    let got = observe(&ledger.lot(&lot.0, &lot.1, &at.as_of()));
                    assert_eq!(got, f.obs(opening.as_ref()), "lot {lot:?} at {at:?}");
                    if grade.is_none() {
                        assert!(got.consistent, "negative count in {lot:?} at {at:?}");
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(Config {
        cases: cases(12),
        failure_persistence: None,
        ..Config::default()
    })]

    /// Hundreds of entries per lot, in date-scrambled order, with transfers, assessments,
    /// rejections and retractions: acceptance and every step date agree with the model.
    #[test]
    fn large_lots_agree_with_the_replay_model(ops in large_ops()) {
        let mut ledger = Ledger::new(Catalog::reference());
        let mut model = Model::default();
        let mut clock = t0();
        let su30 = platforms()[0].clone();
        for (i, (back, eff, change, src, step)) in ops.into_iter().enumerate() {
            clock = hours(clock, step as i64);
            let (holder_id, change) = match change {
                Change::Retracted { entry } => {
                    let n = model.entries.len().max(1) as u64;
                    let target = model.entries.get((entry.get() % n) as usize);
                    let h = target.map_or(holder("VEN"), |t| t.holder().clone());
                    (h, Change::Retracted { entry: EntryId::new(entry.get() % n) })
                }
                Change::Transferred { count, from, into, .. } if back => (
                    holder("RUS"),
                    Change::Transferred { count, to: holder("VEN"), from, into },
                ),
                other => (holder("VEN"), other),
            };
            let eff = match &change {
                Change::Retracted { entry } => model
                    .entries
                    .get(entry.get() as usize)
                    .map_or(eff, |t| t.effective()),
                _ => eff,
            };
            let entry = NewEntry::new(holder_id, su30.clone(), eff, change, src, clock);
            let expected = model.append(entry.clone());
            let len = ledger.len();
            let got = ledger.append(entry);
            prop_assert_eq!(&got, &expected, "append {}", i);
            if got.is_err() {
                prop_assert_eq!(ledger.len(), len);
            }
            if i % 97 == 96 {
                check_large(&ledger, &model);
            }
        }
        check_large(&ledger, &model);
    }
}

// ---------------------------------------------------------------------------------------------
// Procurement pipelines: requests, orders and deliveries of one holder, FIFO matching.

proptest! {
    #![proptest_config(Config {
        cases: cases(64),
        failure_persistence: None,
        ..Config::default()
    })]

    /// Pipelines agree with the model's first-in-first-out matching at every step date.
    #[test]
    fn pipelines_agree_with_the_model(
        ops in prop::collection::vec(
            (
                0u8..3,
                prop::option::of(1u64..=6),
                effective_s(),
                prop::bool::weighted(0.8),
            ),
            1..30,
        )
    ) {
        let mut ledger = Ledger::new(Catalog::reference());
        let mut model = Model::default();
        for (i, (kind, n, eff, own_lot)) in ops.into_iter().enumerate() {
            let count = Count::exact(n.unwrap_or(3)).unwrap();
            let change = match kind {
                0 => Change::Requested {
                    count: n.map(|n| Count::exact(n).unwrap()),
                    supplier: None,
                    request: RequestKind::Acquisition,
                },
                1 => Change::Ordered { count, supplier: None, condition: Condition::New },
                _ => Change::Delivered {
                    count,
                    into: Status::Operational,
                    supplier: None,
                    condition: Condition::New,
                },
            };
            let platform = if own_lot { platforms()[0].clone() } else { platforms()[1].clone() };
            let entry = NewEntry::new(
                holder("VEN"),
                platform,
                eff,
                change,
                source("A1"),
                hours(t0(), i as i64),
            );
            prop_assert_eq!(ledger.append(entry.clone()), model.append(entry));
        }
        let mut days: BTreeSet<Date> = BTreeSet::new();
        for e in &model.entries {
            days.insert(e.effective().first_day());
        }
        for d in days {
            let view = View { valid: Some(d), ..View::latest() };
            let got: Vec<(EntryId, Option<u64>)> = ledger
                .pipeline(&holder("VEN"), &view.as_of())
                .iter()
                .map(|p| (p.entry.id(), p.outstanding))
                .collect();
            prop_assert_eq!(got, model.pipeline(&holder("VEN"), &view), "at {}", d);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The deterministic workload of the benches (`tests/support/workload.rs`): every entry is
// accepted, and the ledger agrees with the workload's own naive fold of its flat effects.

mod workload {
    use jiff::civil::Date;
    use proptest::prelude::*;
    use proptest::test_runner::Config;

    use materiel::{AsOf, Catalog, Ledger, Status};

    use crate::support::history::cases;
    use crate::support::workload::{self, Dataset, NaiveEntry, Rng, query_key};

    /// The benches' seed (`benches/ledger.rs`).
    const BENCH_SEED: u64 = 0x6d61_7465_7269_656c;

    fn build(data: &Dataset) -> Ledger {
        let mut ledger = Ledger::new(Catalog::reference());
        for (i, e) in data.entries.iter().enumerate() {
            if let Err(err) = ledger.append(e.clone()) {
                panic!("generated entry {i} rejected: {err}\n{e:?}");
            }
        }
        ledger
    }

    /// The naive answer: the lot's effects up to the date, in (effective, id) order.
    fn naive_lot(naive: &[NaiveEntry], lot: u32, date: Date) -> [i64; 7] {
        let upto = ((query_key(date) as u64) << 32) | u64::from(u32::MAX);
        let mut es: Vec<&NaiveEntry> = naive
            .iter()
            .filter(|e| e.lot == lot && !e.retracted && e.key <= upto)
            .collect();
        es.sort_by_key(|e| e.key);
        workload::fold(es.into_iter())
    }

    /// What the benches measure does not change unnoticed: the make-up and the fingerprint
    /// of their workload at 10^4 entries, as BENCHMARKS.md's figures were measured on
    /// (10^5 and 10^6 are in BENCHMARKS.md; `MATERIEL_BENCH_CALLGRIND="workload <n>"` prints
    /// them). If the generator changes on purpose, update these and say so there.
    #[test]
    fn the_bench_workload_is_the_one_measured() {
        let data = workload::generate(10_000, BENCH_SEED);
        assert_eq!(
            format!("{:?}", data.stats),
            "Stats { backdated: 411, retractions: 86, assessments: 454, transfers: 470, \
             status_changes: 2786, deliveries: 2695, removals: 1141, no_effect: 1957 }"
        );
        assert_eq!((data.naive.len(), data.rows.len()), (10_486, 12_706));
        assert_eq!(
            format!("{:016x}", workload::fingerprint(&data.entries)),
            "0c62fb161a26cabc"
        );
    }

    proptest! {
        #![proptest_config(Config {
            cases: cases(12),
            failure_persistence: None,
            ..Config::default()
        })]

        /// Any seed, size and number of holders: the ledger accepts every generated entry
        /// (back-dated deliveries, retractions, assessments, transfers and captures among
        /// them) and every lot's counts at random dates, and the total held at one date,
        /// equal the naive fold of the flat effects.
        #[test]
        fn generated_workloads_agree_with_their_naive_fold(
            seed in any::<u64>(),
            n in 200usize..3_000,
            holders in 2usize..6,
        ) {
            let data = workload::generate_over(n, holders, seed);
            prop_assert_eq!(data.entries.len(), n);
            let ledger = build(&data);
            let lots = (holders * workload::PLATFORMS) as u64;
            let mut rng = Rng::new(seed ^ 1);
            for _ in 0..60 {
                let lot = rng.below(lots) as u32;
                let day = data.random_day(&mut rng);
                let (h, p) = data.lot(lot);
                let state = ledger.lot(h, p, &AsOf::valid(day));
                let got = Status::ALL.map(|s| state.count(s).value() as i64);
                prop_assert_eq!(got, naive_lot(&data.naive, lot, day), "lot {} at {}", lot, day);
            }
            let day = data.random_day(&mut rng);
            let held: u64 = ledger
                .all_holdings(&AsOf::valid(day))
                .iter()
                .flat_map(|(_, hs)| hs.iter().map(|(_, s)| s.in_service().value()))
                .sum();
            let naive: i64 = (0..lots as u32)
                .map(|l| naive_lot(&data.naive, l, day).iter().sum::<i64>())
                .sum();
            prop_assert_eq!(held as i64, naive, "all holdings at {}", day);
        }
    }
}
