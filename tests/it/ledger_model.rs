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

mod check;
mod claims;
mod machine;
mod more;

use check::{assert_same, check_against_model};

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
    /// "Of which captured": lower and upper.
    captured_held: (u64, u64),
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
        captured_held: (s.captured_held().lower(), s.captured_held().upper()),
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
        // Of which captured: at most the captures (and the units in service when those are
        // exact); at least the captures less every removal, none once an assessment restated
        // the counts.
        let held: u64 = counts.iter().map(|c| c.0).sum();
        let captured = flows[6].0;
        let upper = if baseline_known {
            captured.min(held)
        } else {
            captured
        };
        let removed: u64 = flows[2..6].iter().map(|c| c.0).sum();
        let lower = if self.assessed {
            0
        } else {
            captured.saturating_sub(removed).min(held).min(upper)
        };
        Obs {
            counts,
            flows,
            adjustment: in_service - net,
            consistent: status.iter().all(|s| s.0 >= 0),
            baseline_known,
            captured_held: (lower, upper),
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
