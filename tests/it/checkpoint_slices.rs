//! Checkpoint version 6's holder slices: a ledger read with `JournalOptions::only_holders`
//! from a checkpoint covering the whole journal holds only the entries touching those
//! holders' lots and answers every question about them as the whole ledger does (at several
//! views; entries with their global ids, notes and facts); it sees nothing of the other
//! holders and refuses appends. Lines after the checkpoint, a damaged or truncated slice
//! section, or a version-5 checkpoint give the whole load instead, never a panic or a wrong
//! answer. The generators are in `tests/support/history.rs`.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::Config;

use materiel::import::sipri::{self, Options};
use materiel::journal::{CheckpointStatus, Journal, checkpoint_path};
use materiel::ledger::{Decision, Quantity};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, EntryId, HolderId, Ledger, LedgerError, NewEntry,
};

use crate::checkpoint::{full_replay, history, journal_with, options};
use crate::support::history::*;

const EXCERPT: &str = include_str!("../data/sipri-excerpt.csv");

/// The views compared: latest, known at the start, mid-history dates.
fn dates(whole: &Ledger) -> Vec<AsOf> {
    let mut dates = vec![
        AsOf::latest(),
        AsOf::latest().known_at(t0()),
        AsOf::valid(jiff::civil::date(2012, 6, 1)),
        AsOf::valid(jiff::civil::date(2014, 1, 1)),
    ];
    if let Some(t) = whole.latest_recorded() {
        dates.push(AsOf::valid(jiff::civil::date(2013, 6, 1)).known_at(t0() + (t - t0()) / 2));
    }
    dates
}

/// Every answer about `wanted` equal between the partial ledger `part` and `whole`, and
/// nothing seen of any other holder.
fn same_for(part: &Ledger, whole: &Ledger, wanted: &[HolderId]) {
    let mut held: Vec<HolderId> = whole
        .holders()
        .filter(|h| wanted.contains(h))
        .cloned()
        .collect();
    held.sort();
    let mut listed: Vec<HolderId> = part.holders().cloned().collect();
    listed.sort();
    assert_eq!(listed, held);
    let all: Vec<HolderId> = whole.holders().cloned().collect();
    for at in &dates(whole) {
        for h in &all {
            if !wanted.contains(h) {
                assert!(part.holdings(h, at).is_empty(), "{h} is not wanted");
                continue;
            }
            assert_eq!(part.holdings(h, at), whole.holdings(h, at), "{h}");
            assert_eq!(part.pipeline(h, at), whole.pipeline(h, at), "{h}");
            assert_eq!(part.observations(h, at), whole.observations(h, at), "{h}");
            assert_eq!(part.conflicts(Some(h), at), whole.conflicts(Some(h), at));
            assert_eq!(
                part.captured_equipment(h, at),
                whole.captured_equipment(h, at)
            );
            for p in platforms() {
                assert_eq!(part.lot(h, &p, at), whole.lot(h, &p, at), "{h} {p}");
                assert_eq!(part.provenance(h, &p, at), whole.provenance(h, &p, at));
                assert_eq!(part.timeline(h, &p, at), whole.timeline(h, &p, at));
                for q in [Quantity::Held, Quantity::Delivered, Quantity::Lost] {
                    assert_eq!(part.bounds(h, &p, q, at), whole.bounds(h, &p, q, at));
                }
            }
        }
        let losses: Vec<_> = whole
            .losses(at)
            .into_iter()
            .filter(|r| wanted.contains(&r.holder))
            .collect();
        assert_eq!(part.losses(at), losses);
    }
    // The entries it holds keep their ids, notes and facts; it holds every entry that
    // touches a wanted lot.
    for e in part.entries() {
        assert_eq!(whole.get(e.id()).as_ref(), Some(&e));
        assert_eq!(part.retracted_by(e.id()), whole.retracted_by(e.id()));
        assert_eq!(part.grade(e.id()), whole.grade(e.id()));
    }
    for e in whole.entries() {
        if wanted.contains(e.holder()) && !matches!(e.change(), Change::Retracted { .. }) {
            assert_eq!(part.get(e.id()).as_ref(), Some(&e), "entry {}", e.id());
        }
    }
    assert_eq!(part.latest_recorded(), whole.latest_recorded());
}

/// `Journal::read` of `wanted` alone: the replay.
fn read_only(path: &Path, wanted: &[HolderId]) -> materiel::journal::Replay {
    let options = options().only_holders(wanted.iter().cloned());
    Journal::read(path, Catalog::reference(), &options).unwrap()
}

/// The partial ledger of `wanted`, checked to come from the slices.
fn sliced(path: &Path, wanted: &[HolderId]) -> Ledger {
    let replay = read_only(path, wanted);
    assert!(
        matches!(&replay.checkpoint, CheckpointStatus::Sliced { holders, .. } if holders == wanted),
        "{:?}",
        replay.checkpoint
    );
    replay.ledger
}

proptest! {
    #![proptest_config(Config::with_cases(cases(32)))]

    /// Each holder's slice, and two holders' together, answer as the whole ledger does.
    #[test]
    fn each_holders_slice_answers_as_the_whole_ledger(ops in ops_s(60)) {
        let entries = history(&ops);
        let dir = tempfile::tempdir().unwrap();
        let path = journal_with(dir.path(), "j", &entries, &[entries.len()]);
        let whole = full_replay(&path);
        for h in holders() {
            let part = sliced(&path, std::slice::from_ref(&h));
            same_for(&part, &whole, std::slice::from_ref(&h));
        }
        let [a, b, _] = holders();
        let two = [a, b];
        same_for(&sliced(&path, &two), &whole, &two);
    }

    /// A checkpoint with lines after it, or damage anywhere in the slice section (a flipped
    /// bit, checksums left as written), gives the whole ledger or a correct slice, never a
    /// panic: a damaged slice is found by its checksum.
    #[test]
    fn damaged_or_stale_slices_fall_back_to_the_whole_load(
        ops in ops_s(40),
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let entries = history(&ops);
        let dir = tempfile::tempdir().unwrap();
        let k = cut.index(entries.len() + 1);
        let wanted = [holders()[0].clone()];
        if k < entries.len() {
            let path = journal_with(dir.path(), "tail", &entries, &[k]);
            let replay = read_only(&path, &wanted);
            let whole = full_replay(&path);
            assert!(replay.ledger.partial_holders().is_none());
            assert!(replay.ledger.entries().eq(whole.entries()));
        }
        let path = journal_with(dir.path(), "flip", &entries, &[entries.len()]);
        let whole = full_replay(&path);
        let ckpt = checkpoint_path(&path);
        let mut bytes = std::fs::read(&ckpt).unwrap();
        let slices = slices_len(&bytes);
        let at = bytes.len() - slices + flip.index(slices);
        bytes[at] ^= 1 << bit;
        std::fs::write(&ckpt, &bytes).unwrap();
        let replay = read_only(&path, &wanted);
        match &replay.checkpoint {
            CheckpointStatus::Sliced { .. } => same_for(&replay.ledger, &whole, &wanted),
            CheckpointStatus::Loaded { slices_unused, .. } => {
                assert!(slices_unused.is_some());
                assert!(replay.ledger.entries().eq(whole.entries()));
            }
            other => panic!("{other:?}"),
        }
    }
}

/// Each holder of `holders` read alone from the journal at `path` (whose checkpoint may be
/// damaged): a correct slice, or the whole ledger `whole` with the reason.
pub(crate) fn each_slice_or_whole(path: &Path, whole: &Ledger, holders: &[HolderId]) {
    for h in holders {
        let wanted = std::slice::from_ref(h);
        let replay = read_only(path, wanted);
        match &replay.checkpoint {
            CheckpointStatus::Sliced { .. } => same_for(&replay.ledger, whole, wanted),
            CheckpointStatus::Loaded { slices_unused, .. } => {
                assert!(slices_unused.is_some());
                assert!(replay.ledger.entries().eq(whole.entries()));
            }
            _ => assert!(replay.ledger.entries().eq(whole.entries())),
        }
    }
}

/// The length of the slices section of checkpoint file `bytes` (the last section).
pub(crate) fn slices_len(bytes: &[u8]) -> usize {
    const HEADER: usize = 44;
    assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()), 6);
    let row = HEADER + 4 + 12 * 5;
    u64::from_le_bytes(bytes[row..row + 8].try_into().unwrap()) as usize
}

/// A journal of the SIPRI excerpt (sources, notes, facts) checkpointed at its end.
fn excerpt_journal(dir: &Path) -> PathBuf {
    let mut ledger = Ledger::new(Catalog::reference());
    sipri::import(&mut ledger, EXCERPT.as_bytes(), &Options::new()).unwrap();
    let entries: Vec<_> = ledger.entries().map(|e| e.into_content()).collect();
    journal_with(dir, "sipri", &entries, &[entries.len()])
}

/// Every holder of the SIPRI excerpt (facts, notes, suppliers) reads back from its slice;
/// the partial ledger refuses appends and checkpoints; a truncated checkpoint, or a holder
/// without lots, still answers.
#[test]
fn the_sipri_excerpt_reads_back_holder_by_holder() {
    let dir = tempfile::tempdir().unwrap();
    let path = excerpt_journal(dir.path());
    let whole = full_replay(&path);
    assert!(whole.entries().any(|e| e.facts().is_some()));
    let holders: Vec<HolderId> = whole.holders().cloned().collect();
    for h in &holders {
        let part = sliced(&path, std::slice::from_ref(h));
        same_for(&part, &whole, std::slice::from_ref(h));
        for e in part.entries() {
            assert_eq!(
                e.facts().map(|f| f.json().into_owned()),
                whole
                    .get(e.id())
                    .unwrap()
                    .facts()
                    .map(|f| f.json().into_owned())
            );
        }
    }
    // A holder with no lots: a partial ledger with nothing in it.
    let nobody: HolderId = "ATA".parse().unwrap();
    assert!(!holders.contains(&nobody));
    let part = sliced(&path, std::slice::from_ref(&nobody));
    assert!(part.is_empty());
    // Appends are refused, saying why.
    let mut part = sliced(&path, &holders[..1]);
    let entry = whole.get(EntryId::new(0)).unwrap().into_content();
    assert!(matches!(
        part.append(entry),
        Err(LedgerError::Partial { .. })
    ));
    // A truncated checkpoint: the whole ledger, from the lines.
    let ckpt = checkpoint_path(&path);
    let bytes = std::fs::read(&ckpt).unwrap();
    std::fs::write(&ckpt, &bytes[..bytes.len() - 5]).unwrap();
    let replay = read_only(&path, &holders[..1]);
    assert!(matches!(
        replay.checkpoint,
        CheckpointStatus::Ignored { .. }
    ));
    assert!(replay.ledger.entries().eq(whole.entries()));
}

/// Claims and a resolution picking one of them (a resolution refers to another entry) read
/// back from the slice with their ids; a transfer and a capture are in both holders'
/// slices, each side seeing its own.
#[test]
fn claims_resolutions_and_transfers_in_slices() {
    let [ven, rus, ukr] = holders();
    let p = platforms()[0].clone();
    let mut t = t0();
    let mut next = || {
        t = hours(t, 1);
        t
    };
    let at = |h: &HolderId, y: i16, change: Change, t| {
        NewEntry::new(
            h.clone(),
            p.clone(),
            EffectiveDate::year(y).unwrap(),
            change,
            source("B2"),
            t,
        )
    };
    let n = |v| Count::exact(v).unwrap();
    let delivered = |v| Change::Delivered {
        count: n(v),
        into: materiel::Status::Operational,
        supplier: Some(rus.clone()),
        condition: Default::default(),
    };
    let mut ledger = Ledger::new(Catalog::reference());
    ledger
        .append(at(&rus, 2010, delivered(20), next()))
        .unwrap();
    ledger
        .append(at(&ven, 2010, delivered(10), next()))
        .unwrap();
    let claim = ledger
        .append(at(
            &ven,
            2011,
            Change::Claimed {
                quantity: Quantity::Held,
                count: n(12),
            },
            next(),
        ))
        .unwrap();
    ledger
        .append(at(
            &ven,
            2011,
            Change::Claimed {
                quantity: Quantity::Held,
                count: n(9),
            },
            next(),
        ))
        .unwrap();
    let resolve = at(
        &ven,
        2011,
        Change::Resolved {
            quantity: Quantity::Held,
            decision: Decision::Pick { entry: claim },
        },
        next(),
    )
    .with_note("the later report is better sourced");
    ledger.append(resolve).unwrap();
    let transfer = Change::Transferred {
        count: n(3),
        to: ven.clone(),
        from: materiel::Status::Operational,
        into: materiel::Status::Operational,
    };
    let moved = ledger.append(at(&rus, 2012, transfer, next())).unwrap();
    let lost = Change::Lost {
        count: n(2),
        from: materiel::Status::Operational,
        cause: materiel::ledger::LossCause::Captured {
            by: Some(ukr.clone()),
        },
    };
    ledger.append(at(&rus, 2013, lost, next())).unwrap();
    let entries: Vec<_> = ledger.entries().map(|e| e.into_content()).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = journal_with(dir.path(), "claims", &entries, &[entries.len()]);
    let whole = full_replay(&path);
    for h in [&ven, &rus, &ukr] {
        let part = sliced(&path, std::slice::from_ref(h));
        same_for(&part, &whole, std::slice::from_ref(h));
        assert!(part.get(moved).is_some() == (h != &ukr), "{h}");
    }
    let part = sliced(&path, std::slice::from_ref(&ven));
    assert!(part.get(claim).is_some());
    assert!(part.get(EntryId::new(0)).is_none(), "RUS's own delivery");
}

/// `file` (a version-6 checkpoint) as version 5 wrote it: no slices section.
fn as_version_5(file: &[u8]) -> Vec<u8> {
    const HEADER: usize = 44;
    let slices = slices_len(file);
    let mut out = file[..HEADER].to_vec();
    out[8..12].copy_from_slice(&5u32.to_le_bytes());
    out.extend_from_slice(&5u32.to_le_bytes());
    out.extend_from_slice(&file[HEADER + 4..HEADER + 4 + 12 * 5]);
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&file[HEADER + 4 + 12 * 6 + 4..file.len() - slices]);
    let body = (out.len() - HEADER) as u64;
    out[32..40].copy_from_slice(&body.to_le_bytes());
    crate::checkpoint::fix_checksums(&mut out);
    out
}

/// A version-5 checkpoint (no slices) still loads, whole, for every read; a read of one
/// holder says why it did not use slices.
#[test]
fn a_version_5_checkpoint_loads_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = excerpt_journal(dir.path());
    let whole = full_replay(&path);
    let ckpt = checkpoint_path(&path);
    let v5 = as_version_5(&std::fs::read(&ckpt).unwrap());
    std::fs::write(&ckpt, &v5).unwrap();
    let replay = Journal::read(&path, Catalog::reference(), &options()).unwrap();
    assert!(matches!(
        replay.checkpoint,
        CheckpointStatus::Loaded {
            slices_unused: None,
            ..
        }
    ));
    assert!(replay.ledger.entries().eq(whole.entries()));
    let h = whole.holders().next().unwrap().clone();
    let replay = read_only(&path, &[h]);
    match &replay.checkpoint {
        CheckpointStatus::Loaded {
            slices_unused: Some(reason),
            ..
        } => {
            assert!(reason.contains("version-5"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    assert!(replay.ledger.partial_holders().is_none());
    assert!(replay.ledger.entries().eq(whole.entries()));
}
