//! What the benches share: the deterministic workloads, which live with the tests'
//! generators in `tests/support/` (included here through `#[path]`: the tests check that the
//! ledger accepts them and agrees with their naive fold, and pin the workload measured), and
//! the naive validating store that `bulk_append` times as a baseline.

use std::collections::HashMap;

use jiff::Timestamp;

use materiel::ledger::LossCause;
use materiel::{Change, Count, HolderId, NewEntry, PlatformRef, Status};

#[path = "../../tests/support/history.rs"]
pub(crate) mod history;
#[path = "../../tests/support/workload.rs"]
pub(crate) mod workload;

pub(crate) use workload::*;

/// True when the bench runs under `cargo test --benches` (criterion's test mode: the binary
/// gets no `--bench` flag): each bench then runs a small N, to check its setup quickly, in a
/// debug build too.
pub(crate) fn test_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--test")
}

/// The naive store a validating append would keep without an index: per lot, the entries
/// sorted by (effective, id); each append inserts in place and replays the lot to check that
/// no count goes negative.
pub(crate) struct NaiveStore {
    lot_ids: HashMap<HolderId, HashMap<PlatformRef, u32>>,
    lots: Vec<Vec<NaiveEntry>>,
    /// Lot and key of each entry, by id.
    by_id: Vec<(u32, u64)>,
    latest: Option<Timestamp>,
}

impl NaiveStore {
    pub(crate) fn new() -> Self {
        Self {
            lot_ids: HashMap::new(),
            lots: Vec::new(),
            by_id: Vec::new(),
            latest: None,
        }
    }

    fn lot_for(&mut self, holder: &HolderId, platform: &PlatformRef) -> u32 {
        // Two levels so the look-up borrows: no string is cloned once the lot exists.
        if let Some(&id) = self.lot_ids.get(holder).and_then(|m| m.get(platform)) {
            return id;
        }
        let id = self.lots.len() as u32;
        self.lot_ids
            .entry(holder.clone())
            .or_default()
            .insert(platform.clone(), id);
        self.lots.push(Vec::new());
        id
    }

    fn valid(lot: &[NaiveEntry]) -> bool {
        let mut counts = [0i64; 7];
        for e in lot.iter().filter(|e| !e.retracted) {
            apply(&mut counts, e.effect);
            if counts.iter().any(|c| *c < 0) {
                return false;
            }
        }
        true
    }

    fn insert(&mut self, e: NaiveEntry) -> bool {
        let lot = &mut self.lots[e.lot as usize];
        let at = lot.partition_point(|x| x.key < e.key);
        lot.insert(at, e);
        if Self::valid(lot) {
            true
        } else {
            lot.remove(at);
            false
        }
    }

    /// Appends `entry`; false when it is rejected (recorded out of order or a negative
    /// count), leaving the store unchanged.
    pub(crate) fn append(&mut self, entry: &NewEntry) -> bool {
        if self.latest.is_some_and(|l| entry.recorded() < l) {
            return false;
        }
        let id = self.by_id.len() as u64;
        let key = ((eff_key(entry.effective()) as u64) << 32) | id;
        let lot = self.lot_for(entry.holder(), entry.platform());
        let n = |c: Count| c.value() as u32;
        let s = |s: Status| Some(s as u8);
        let mut incoming_at: Option<u32> = None;
        let effect = match entry.change() {
            Change::Delivered { count, into, .. } => Effect::Add {
                from: None,
                to: s(*into),
                n: n(*count),
            },
            Change::StatusChanged { from, to, count } => Effect::Add {
                from: s(*from),
                to: s(*to),
                n: n(*count),
            },
            Change::Lost {
                count,
                from,
                cause: LossCause::Captured { by: Some(captor) },
            } => {
                // The captor's lot gains the units, in status unknown, like a transfer.
                let to_lot = self.lot_for(captor, entry.platform());
                let incoming = NaiveEntry {
                    lot: to_lot,
                    key,
                    effect: Effect::Add {
                        from: None,
                        to: s(Status::Unknown),
                        n: n(*count),
                    },
                    retracted: false,
                };
                if !self.insert(incoming) {
                    return false;
                }
                incoming_at = Some(to_lot);
                Effect::Add {
                    from: s(*from),
                    to: None,
                    n: n(*count),
                }
            }
            Change::Lost { count, from, .. }
            | Change::Retired { count, from }
            | Change::Expended { count, from } => Effect::Add {
                from: s(*from),
                to: None,
                n: n(*count),
            },
            Change::Transferred {
                count,
                to,
                from,
                into,
            } => {
                let to_lot = self.lot_for(to, entry.platform());
                let incoming = NaiveEntry {
                    lot: to_lot,
                    key,
                    effect: Effect::Add {
                        from: None,
                        to: s(*into),
                        n: n(*count),
                    },
                    retracted: false,
                };
                if !self.insert(incoming) {
                    return false;
                }
                incoming_at = Some(to_lot);
                Effect::Add {
                    from: s(*from),
                    to: None,
                    n: n(*count),
                }
            }
            Change::Assessed { breakdown } => {
                let mut set = [0u32; 7];
                for (st, c) in breakdown {
                    set[*st as usize] = n(*c);
                }
                Effect::Set(set)
            }
            Change::Retracted { entry: target } => {
                let Some(&(tl, tk)) = self.by_id.get(target.get() as usize) else {
                    return false;
                };
                let l = &mut self.lots[tl as usize];
                let Ok(at) = l.binary_search_by_key(&tk, |e| e.key) else {
                    return false;
                };
                l[at].retracted = true;
                if !Self::valid(l) {
                    l[at].retracted = false;
                    return false;
                }
                self.by_id.push((lot, key));
                self.latest = Some(entry.recorded());
                return true;
            }
            _ => Effect::None,
        };
        let e = NaiveEntry {
            lot,
            key,
            effect,
            retracted: false,
        };
        if !self.insert(e) {
            if let Some(l) = incoming_at {
                let l = &mut self.lots[l as usize];
                if let Ok(at) = l.binary_search_by_key(&key, |e| e.key) {
                    l.remove(at);
                }
            }
            return false;
        }
        self.by_id.push((lot, key));
        self.latest = Some(entry.recorded());
        true
    }
}
