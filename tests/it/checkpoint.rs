//! Journal checkpoints: opening from a checkpoint and the lines after it gives exactly the
//! ledger a full replay gives, for random histories and checkpoint positions; a damaged,
//! truncated, stale or foreign checkpoint is ignored with a warning and the journal replayed
//! in full; deleting the checkpoint is harmless. The generators are in
//! `tests/support/history.rs`.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use jiff::civil::date;
use proptest::prelude::*;
use proptest::test_runner::Config;

use materiel::journal::{
    CheckpointStatus, Durability, Journal, JournalError, JournalOptions, checkpoint_path,
};
use materiel::ledger::{Condition, LossCause};
use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, EntryId, Ledger, NewEntry, Status};

use crate::checkpoint_slices::slices_len;
use crate::support::history::*;

fn assert_same(a: &Ledger, b: &Ledger) {
    assert_eq!(a.len(), b.len());
    assert!(a.entries().eq(b.entries()));
    assert_eq!(a.latest_recorded(), b.latest_recorded());
    assert!(a.holders().eq(b.holders()));
    for i in 0..a.len() as u64 {
        assert_eq!(
            a.retracted_by(EntryId::new(i)),
            b.retracted_by(EntryId::new(i))
        );
    }
    let mut dates: Vec<AsOf> = vec![AsOf::latest(), AsOf::latest().known_at(t0())];
    if let Some(t) = a.latest_recorded() {
        let mid = t0() + (t - t0()) / 2;
        dates.push(AsOf::valid(date(2012, 6, 1)).known_at(mid));
    }
    for y in 2009..=2015 {
        for m in [1, 6, 12] {
            dates.push(AsOf::valid(date(y, m, if m == 12 { 31 } else { 1 })));
        }
    }
    for at in &dates {
        assert_eq!(a.all_holdings(at), b.all_holdings(at));
        for h in holders() {
            for p in platforms() {
                assert_eq!(a.lot(&h, &p, at), b.lot(&h, &p, at));
            }
        }
    }
    for h in holders() {
        for p in platforms() {
            assert_eq!(
                a.timeline(&h, &p, &AsOf::latest()),
                b.timeline(&h, &p, &AsOf::latest())
            );
        }
    }
}

pub(crate) fn options() -> JournalOptions {
    JournalOptions::new().durability(Durability::OnSync)
}

fn open(path: &Path) -> Journal {
    Journal::open(path, Catalog::reference(), &options()).unwrap()
}

/// The ledger of a full replay of the journal file at `path`, checkpoint or not.
pub(crate) fn full_replay(path: &Path) -> Ledger {
    let bytes = std::fs::read(path).unwrap();
    Journal::read_from(&bytes[..], Catalog::reference(), &options())
        .unwrap()
        .ledger
}

/// A valid history of about `max` generated operations.
pub(crate) fn history(ops: &[Op]) -> Vec<NewEntry> {
    let mut ledger = Ledger::new(Catalog::reference());
    accepted(&mut ledger, ops, &mut t0())
}

/// A journal at `dir/name` holding `entries`, checkpointed after each count in `at` (sorted).
pub(crate) fn journal_with(dir: &Path, name: &str, entries: &[NewEntry], at: &[usize]) -> PathBuf {
    let path = dir.join(name);
    let mut journal = Journal::create(&path, Catalog::reference(), &options()).unwrap();
    let mut done = 0;
    for &k in at {
        journal.extend(entries[done..k].iter().cloned()).unwrap();
        done = k;
        journal.checkpoint().unwrap();
    }
    journal.extend(entries[done..].iter().cloned()).unwrap();
    journal.sync().unwrap();
    path
}

fn ignored_reason(journal: &Journal) -> String {
    match journal.checkpoint_status() {
        CheckpointStatus::Ignored { reason, .. } => reason.clone(),
        other => panic!("checkpoint not ignored: {other:?}"),
    }
}

proptest! {
    #![proptest_config(Config::with_cases(cases(48)))]

    /// Checkpoint + tail replay gives the ledger of a full replay (entries, answers, timelines,
    /// retractions), wherever the checkpoints fall, and appending after such an open goes on
    /// from the right place.
    #[test]
    fn checkpoint_and_tail_replay_is_full_replay(
        ops in ops_s(60),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 1..=3),
        more in ops_s(10),
    ) {
        let entries = history(&ops);
        let mut at: Vec<usize> = cuts.iter().map(|c| c.index(entries.len() + 1)).collect();
        at.sort_unstable();
        let dir = tempfile::tempdir().unwrap();
        let path = journal_with(dir.path(), "j", &entries, &at);
        let mut journal = open(&path);
        let last = *at.last().unwrap();
        prop_assert!(
            matches!(journal.checkpoint_status(), CheckpointStatus::Loaded { entries, .. } if *entries == last as u64),
            "{:?}", journal.checkpoint_status()
        );
        let full = full_replay(&path);
        assert_same(journal.ledger(), &full);

        // Appending on goes on from the right line; a new checkpoint then matches too.
        let mut clock = journal.ledger().latest_recorded().unwrap_or(t0());
        let mut extra = Ledger::clone(journal.ledger());
        let added = accepted(&mut extra, &more, &mut clock);
        journal.extend(added).unwrap();
        journal.checkpoint().unwrap();
        journal.sync().unwrap();
        drop(journal);
        let reopened = open(&path);
        let loaded = matches!(reopened.checkpoint_status(), CheckpointStatus::Loaded { .. });
        prop_assert!(loaded);
        assert_same(reopened.ledger(), &extra);
        assert_same(reopened.ledger(), &full_replay(&path));
    }
}

/// A small journal with a checkpoint in the middle, and its full-replay ledger.
fn sample(dir: &Path, name: &str) -> (PathBuf, Ledger) {
    let ops = [
        Op::Entry(
            holder("VEN"),
            platforms()[0].clone(),
            EffectiveDate::year(2010).unwrap(),
            Change::Delivered {
                count: Count::exact(12).unwrap(),
                into: Status::Operational,
                supplier: Some(holder("RUS")),
                condition: Condition::New,
            },
            source("B2"),
            1,
        ),
        Op::Entry(
            holder("VEN"),
            platforms()[0].clone(),
            EffectiveDate::day(2011, 3, 1).unwrap(),
            Change::Lost {
                count: Count::exact(2).unwrap(),
                from: Status::Operational,
                cause: LossCause::Captured {
                    by: Some(holder("zicotrans")),
                },
            },
            source("C3"),
            1,
        ),
        Op::Entry(
            holder("VEN"),
            platforms()[3].clone(),
            EffectiveDate::month(2012, 5).unwrap(),
            Change::Assessed {
                breakdown: vec![
                    (Status::Stored, Count::at_least(4).unwrap()),
                    (Status::Degraded, Count::about(1).unwrap()),
                ],
            },
            source("A1"),
            2,
        ),
        Op::Retract(1, source("B2"), 1),
        Op::Entry(
            holder("RUS"),
            platforms()[1].clone(),
            EffectiveDate::on_or_before(2013, 2, 2).unwrap(),
            Change::Observed {
                count: Some(Count::up_to(3).unwrap()),
                status: None,
            },
            source("E5"),
            0,
        ),
        Op::Entry(
            holder("VEN"),
            platforms()[0].clone(),
            EffectiveDate::year(2014).unwrap(),
            Change::Transferred {
                count: Count::exact(1).unwrap(),
                to: holder("RUS"),
                from: Status::Operational,
                into: Status::Stored,
            },
            source("B2"),
            3,
        ),
    ];
    let entries = history(&ops);
    assert_eq!(entries.len(), ops.len());
    let path = journal_with(dir, name, &entries, &[4]);
    let full = full_replay(&path);
    assert_eq!(full.len(), ops.len());
    (path, full)
}

#[test]
fn every_bit_flip_and_truncation_of_a_checkpoint_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let (path, full) = sample(dir.path(), "j");
    let ckpt = checkpoint_path(&path);
    let good = std::fs::read(&ckpt).unwrap();
    assert!(matches!(
        open(&path).checkpoint_status(),
        CheckpointStatus::Loaded { entries: 4, .. }
    ));
    // Every byte flipped: at three bits each in the exhaustive form (`MATERIEL_TEST_EXHAUSTIVE`),
    // at one of the three in turn in the quick form. Truncated at every length, or (quick) at
    // every length within 64 bytes of either end and every third one between.
    let exhaustive = crate::support::exhaustive();
    // The holder slices (the last section) are read only by a read of some holders: the
    // whole load loads, a holder's read falls back or answers right.
    let slices = good.len() - slices_len(&good);
    let wanted: Vec<_> = full.holders().cloned().collect();
    for i in 0..good.len() {
        let bits: &[u8] = if exhaustive {
            &[0, 3, 7]
        } else {
            &[[0, 3, 7][i % 3]]
        };
        for &bit in bits {
            let mut bad = good.clone();
            bad[i] ^= 1 << bit;
            std::fs::write(&ckpt, &bad).unwrap();
            let journal = open(&path);
            if i >= slices {
                assert_same(journal.ledger(), &full);
                drop(journal);
                crate::checkpoint_slices::each_slice_or_whole(&path, &full, &wanted);
                continue;
            }
            assert!(!ignored_reason(&journal).is_empty(), "byte {i} bit {bit}");
            assert_same(journal.ledger(), &full);
        }
    }
    let lengths = (0..good.len())
        .filter(|&len| exhaustive || len < 64 || len + 64 > good.len() || len % 3 == 0);
    for len in lengths {
        std::fs::write(&ckpt, &good[..len]).unwrap();
        let journal = open(&path);
        ignored_reason(&journal);
        assert_same(journal.ledger(), &full);
    }
    let mut longer = good.clone();
    longer.push(0);
    std::fs::write(&ckpt, &longer).unwrap();
    ignored_reason(&open(&path));
}

#[test]
fn a_checkpoint_past_a_repaired_journal_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sample(dir.path(), "j");
    // Cut the journal to its first three entries (as a repair below the checkpoint would).
    let text = std::fs::read(&path).unwrap();
    let cut: usize = text
        .split_inclusive(|&b| b == b'\n')
        .take(4)
        .map(<[u8]>::len)
        .sum();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(cut as u64)
        .unwrap();
    let journal = open(&path);
    assert!(
        ignored_reason(&journal).contains("repaired or truncated"),
        "{}",
        ignored_reason(&journal)
    );
    assert_eq!(journal.ledger().len(), 3);
    assert_same(journal.ledger(), &full_replay(&path));
}

#[test]
fn a_checkpoint_over_a_rewritten_prefix_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sample(dir.path(), "j");
    let checkpoint = std::fs::read(checkpoint_path(&path)).unwrap();
    // Rewrite the journal with other entries, longer than the checkpoint's prefix.
    std::fs::remove_file(&path).unwrap();
    let entries: Vec<NewEntry> = (0..8)
        .map(|i| {
            NewEntry::new(
                holder("RUS"),
                platforms()[2].clone(),
                EffectiveDate::year(2010 + i).unwrap(),
                Change::Delivered {
                    count: Count::exact(3).unwrap(),
                    into: Status::Stored,
                    supplier: None,
                    condition: Condition::New,
                },
                source("A1"),
                t0(),
            )
        })
        .collect();
    let mut journal = Journal::create(&path, Catalog::reference(), &options()).unwrap();
    journal.extend(entries).unwrap();
    journal.sync().unwrap();
    drop(journal);
    std::fs::write(checkpoint_path(&path), &checkpoint).unwrap();
    let journal = open(&path);
    let reason = ignored_reason(&journal);
    // The rewritten journal's bytes where the checkpoint's prefix ended: another line there,
    // or the middle of one.
    assert!(
        reason.contains("differ") || reason.contains("inside a line"),
        "{reason}"
    );
    assert_same(journal.ledger(), &full_replay(&path));
}

#[test]
fn a_checkpoint_of_another_journal_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let (a, full_a) = sample(dir.path(), "a");
    let entries = history(&vec![
        Op::Entry(
            holder("VEN"),
            platforms()[1].clone(),
            EffectiveDate::year(2012).unwrap(),
            Change::Delivered {
                count: Count::exact(1).unwrap(),
                into: Status::Stored,
                supplier: None,
                condition: Condition::New,
            },
            source("A1"),
            0,
        );
        6
    ]);
    let b = journal_with(dir.path(), "b", &entries, &[5]);
    std::fs::copy(checkpoint_path(&b), checkpoint_path(&a)).unwrap();
    let journal = open(&a);
    ignored_reason(&journal);
    assert_same(journal.ledger(), &full_a);
}

#[test]
fn deleting_the_checkpoint_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let (path, full) = sample(dir.path(), "j");
    std::fs::remove_file(checkpoint_path(&path)).unwrap();
    let journal = open(&path);
    assert_eq!(journal.checkpoint_status(), &CheckpointStatus::Absent);
    assert_eq!(journal.checkpoint_status().warning(), None);
    assert_same(journal.ledger(), &full);
}

#[test]
fn a_catalog_without_a_checkpointed_platform_replays_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sample(dir.path(), "j");
    // The full replay then rejects the entry naming the missing platform, as without a
    // checkpoint: the checkpoint never hides what the journal says.
    let err = Journal::open(&path, Catalog::default(), &options()).unwrap_err();
    assert!(
        matches!(err, JournalError::Rejected { line: 2, .. }),
        "{err}"
    );
}

#[test]
fn a_torn_tail_after_a_checkpoint_is_reported_and_repaired() {
    let dir = tempfile::tempdir().unwrap();
    let (path, full) = sample(dir.path(), "j");
    let intact = std::fs::metadata(&path).unwrap().len();
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"crc32c\":\"0000");
    std::fs::write(&path, &bytes).unwrap();
    let mut journal = open(&path);
    assert!(matches!(
        journal.checkpoint_status(),
        CheckpointStatus::Loaded { .. }
    ));
    let torn = journal.recovery().unwrap().clone();
    assert_eq!(torn.offset, intact);
    assert_same(journal.ledger(), &full);
    journal.repair().unwrap();
    // The prefix checksum the journal keeps is that of the intact bytes: a new checkpoint
    // after the repair and an append matches the file.
    journal
        .retract(
            EntryId::new(4),
            source("A1"),
            journal.ledger().latest_recorded().unwrap(),
            None,
        )
        .unwrap();
    journal.checkpoint().unwrap();
    drop(journal);
    let reopened = open(&path);
    assert!(matches!(
        reopened.checkpoint_status(),
        CheckpointStatus::Loaded { entries: 7, .. }
    ));
    assert_same(reopened.ledger(), &full_replay(&path));
}

/// `Journal::read` answers queries through the checkpoint without the writer's lock, gives
/// the full replay's ledger, and says what it did with the checkpoint, as `open` does.
#[test]
fn reading_for_queries_uses_the_checkpoint_beside_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let (path, full) = sample(dir.path(), "j");
    let writer = open(&path); // holds the lock
    let read = Journal::read(&path, Catalog::reference(), &options()).unwrap();
    assert!(
        matches!(read.checkpoint, CheckpointStatus::Loaded { entries: 4, .. }),
        "{:?}",
        read.checkpoint
    );
    assert_same(&read.ledger, &full);
    assert!(read.recovery.is_none());
    drop(writer);

    let ckpt = checkpoint_path(&path);
    let mut bad = std::fs::read(&ckpt).unwrap();
    bad[40] ^= 1;
    std::fs::write(&ckpt, &bad).unwrap();
    let read = Journal::read(&path, Catalog::reference(), &options()).unwrap();
    assert!(
        matches!(&read.checkpoint, CheckpointStatus::Ignored { reason, .. } if reason.contains("checksum")),
        "{:?}",
        read.checkpoint
    );
    assert_same(&read.ledger, &full);

    std::fs::remove_file(&ckpt).unwrap();
    let read = Journal::read(&path, Catalog::reference(), &options()).unwrap();
    assert_eq!(read.checkpoint, CheckpointStatus::Absent);
    assert_same(&read.ledger, &full);
    // Nothing was written: no checkpoint appeared, the journal is unchanged.
    assert!(!ckpt.exists());
}

// ---------------------------------------------------------------------------------------------
// Checkpoints edited by hand, their checksums recomputed: a checkpoint that does not fit the
// journal's own bytes is ignored, and never decides that a journal line is damaged.

/// `good` (a checkpoint of `journal`) claiming to cover `bytes` journal bytes and `entries`
/// entries (with `body` instead of its own when given), every checksum recomputed: the
/// CRC-32C of the last line the covered bytes end with (from the last newline before their
/// last byte), and the header's (version 5: the header's 40 bytes have their own CRC-32C,
/// and the body's sections theirs).
fn forged(good: &[u8], journal: &[u8], bytes: u64, entries: u64, body: Option<&[u8]>) -> Vec<u8> {
    let own_body = body_of(good);
    let body = body.unwrap_or(own_body);
    let mut out = good[..12].to_vec();
    out.extend_from_slice(&bytes.to_le_bytes());
    out.extend_from_slice(&entries.to_le_bytes());
    let covered = &journal[..usize::try_from(bytes).unwrap().min(journal.len())];
    let start = covered[..covered.len().saturating_sub(1)]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    out.extend_from_slice(&crate::journal::crc32c(&covered[start..]).to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    let crc = crate::journal::crc32c(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// Recomputes every checksum of a version-5 checkpoint file after its bytes were changed:
/// each section's and the table of contents' (in the body), then the header's.
pub(crate) fn fix_checksums(file: &mut [u8]) {
    let toc = 44;
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap());
    let n = u32_at(file, toc) as usize;
    let mut at = toc + 4 + 12 * n + 4;
    for k in 0..n {
        let row = toc + 4 + 12 * k;
        let len = u64::from_le_bytes(file[row..row + 8].try_into().unwrap()) as usize;
        let crc = crate::journal::crc32c(&file[at..at + len]);
        file[row + 8..row + 12].copy_from_slice(&crc.to_le_bytes());
        at += len;
    }
    let end = toc + 4 + 12 * n;
    let crc = crate::journal::crc32c(&file[toc..end]);
    file[end..end + 4].copy_from_slice(&crc.to_le_bytes());
    let crc = crate::journal::crc32c(&file[..40]);
    file[40..44].copy_from_slice(&crc.to_le_bytes());
}

/// A checkpoint file's body: what follows its 44-byte header.
fn body_of(checkpoint: &[u8]) -> &[u8] {
    &checkpoint[44..]
}

/// The offsets where the journal's lines end (each just after its newline).
fn line_ends(journal: &[u8]) -> Vec<u64> {
    (0..journal.len())
        .filter(|&i| journal[i] == b'\n')
        .map(|i| i as u64 + 1)
        .collect()
}

/// Opening the journal with `checkpoint` in place, for reading, for writing, and with repair:
/// the checkpoint is ignored for `why`, every entry is there, and the journal is unchanged.
fn ignored_for(path: &Path, checkpoint: &[u8], full: &Ledger, why: &str) {
    let before = std::fs::read(path).unwrap();
    std::fs::write(checkpoint_path(path), checkpoint).unwrap();
    let replay = Journal::read(path, Catalog::reference(), &options()).unwrap();
    assert!(replay.recovery.is_none(), "{why}: {:?}", replay.recovery);
    assert!(
        matches!(&replay.checkpoint, CheckpointStatus::Ignored { reason, .. } if reason.contains(why)),
        "{why}: {:?}",
        replay.checkpoint
    );
    assert_same(&replay.ledger, full);
    let repairing = options().repair(true);
    let journal = Journal::open(path, Catalog::reference(), &repairing).unwrap();
    assert!(journal.recovery().is_none(), "{why}");
    assert!(ignored_reason(&journal).contains(why), "{why}");
    assert_same(journal.ledger(), full);
    drop(journal);
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "{why}: the journal changed"
    );
}

#[test]
fn a_checkpoint_claiming_a_length_inside_a_line_is_ignored_and_cuts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, full) = sample(dir.path(), "j");
    let good = std::fs::read(checkpoint_path(&path)).unwrap();
    let journal = std::fs::read(&path).unwrap();
    let ends = line_ends(&journal);
    assert_eq!(ends.len(), full.len() + 1);
    // Inside the last entry line, inside the first covered one, inside the header; and its
    // own entry count with a length one line short or long.
    let last = ends[ends.len() - 2];
    for bytes in [last + 1, (last + journal.len() as u64) / 2, ends[0] + 5, 3] {
        for entries in [4, full.len() as u64] {
            let bad = forged(&good, &journal, bytes, entries, None);
            ignored_for(&path, &bad, &full, "end inside a line");
        }
    }
    // A whole number of lines, but not the header and one line per entry it holds.
    for (bytes, entries) in [(ends[3], 4), (ends[5], 4), (ends[0], 4)] {
        let bad = forged(&good, &journal, bytes, entries, None);
        ignored_for(&path, &bad, &full, "but says they hold the header and");
    }
    // Ending with a line that is not intact (one changed byte, its checksum no longer holds):
    // the journal's own bytes say what that line is, not the checkpoint.
    let mut damaged = journal.clone();
    let at = usize::try_from(ends[2]).unwrap() + 40;
    damaged[at] ^= 1;
    std::fs::write(&path, &damaged).unwrap();
    let bad = forged(&good, &damaged, ends[3], 3, None);
    std::fs::write(checkpoint_path(&path), &bad).unwrap();
    let err = Journal::read(&path, Catalog::reference(), &options()).unwrap_err();
    assert!(
        matches!(err, JournalError::Checksum { line: 4, .. }),
        "{err}"
    );
    // The same damage in the last line: a torn tail, the checkpoint notwithstanding.
    let cut = &damaged[..usize::try_from(ends[3]).unwrap()];
    std::fs::write(&path, cut).unwrap();
    let bad = forged(&good, cut, ends[3], 3, None);
    std::fs::write(checkpoint_path(&path), &bad).unwrap();
    let replay = Journal::read(&path, Catalog::reference(), &options()).unwrap();
    assert_eq!(replay.recovery.map(|r| r.line), Some(4));
    assert!(
        matches!(&replay.checkpoint, CheckpointStatus::Ignored { reason, .. } if reason.contains("(line 4 by its count) is not intact")),
        "{:?}",
        replay.checkpoint
    );
    std::fs::write(&path, &journal).unwrap();
    // Covering no byte at all.
    let bad = forged(&good, &journal, 0, 4, None);
    ignored_for(&path, &bad, &full, "covers 0 journal bytes");
    // The forger's own, fitting, checkpoint is loaded.
    let fits = forged(&good, &journal, ends[4], 4, None);
    assert_eq!(fits, good);
    std::fs::write(checkpoint_path(&path), &fits).unwrap();
    assert!(matches!(
        open(&path).checkpoint_status(),
        CheckpointStatus::Loaded { entries: 4, .. }
    ));
}

#[test]
fn a_checkpoint_whose_ledger_refuses_the_lines_after_it_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let (path, full) = sample(dir.path(), "j");
    let good = std::fs::read(checkpoint_path(&path)).unwrap();
    let journal = std::fs::read(&path).unwrap();
    let ends = line_ends(&journal);
    // A body from elsewhere is ignored: its last entry is not the journal's line 5.
    let observed = |h: &str, p: usize, effective: EffectiveDate, grade: &str, step: i64| {
        Op::Entry(
            holder(h),
            platforms()[p].clone(),
            effective,
            Change::Observed {
                count: None,
                status: None,
            },
            source(grade),
            step,
        )
    };
    let ops: Vec<Op> = (0..4)
        .map(|i| observed("RUS", 1, EffectiveDate::year(2000 + i).unwrap(), "C3", 1))
        .collect();
    let other = journal_with(dir.path(), "other", &history(&ops), &[4]);
    let theirs = std::fs::read(checkpoint_path(&other)).unwrap();
    let bad = forged(&good, &journal, ends[4], 4, Some(body_of(&theirs)));
    ignored_for(&path, &bad, &full, "its last entry differs");
    // Another journal of four entries whose last one is `j`'s (the same retraction of its
    // second entry, in the same lot, at the same time), none of which delivers what `j`'s
    // sixth entry transfers (line 7): its checkpoint's body under `j`'s prefix fits every
    // check but the ledger.
    let ops = vec![
        observed("VEN", 0, EffectiveDate::year(2010).unwrap(), "B2", 1),
        observed("VEN", 0, EffectiveDate::day(2011, 3, 1).unwrap(), "C3", 1),
        observed("VEN", 3, EffectiveDate::month(2012, 5).unwrap(), "A1", 2),
        Op::Retract(1, source("B2"), 1),
    ];
    let other = journal_with(dir.path(), "second", &history(&ops), &[4]);
    let theirs = std::fs::read(checkpoint_path(&other)).unwrap();
    let body = body_of(&theirs);
    let bad = forged(&good, &journal, ends[4], 4, Some(body));
    ignored_for(&path, &bad, &full, "refuses the entry of line 7");
}

/// Loading a checkpoint reads the last line it covers, not the lines before it: damage to one
/// of those (bit rot) leaves queries answering from the checkpoint, which holds the entries as
/// they were, and reading every line (`load_checkpoint(false)`, as `materiel verify` does)
/// reports it.
#[test]
fn damage_before_the_last_covered_line_is_found_by_reading_every_line() {
    let dir = tempfile::tempdir().unwrap();
    let (path, full) = sample(dir.path(), "j");
    let journal = std::fs::read(&path).unwrap();
    let ends = line_ends(&journal);
    let mut damaged = journal.clone();
    let at = usize::try_from(ends[2]).unwrap() + 40;
    damaged[at] ^= 1;
    std::fs::write(&path, &damaged).unwrap();
    let replay = Journal::read(&path, Catalog::reference(), &options()).unwrap();
    assert!(matches!(
        replay.checkpoint,
        CheckpointStatus::Loaded { entries: 4, .. }
    ));
    assert_same(&replay.ledger, &full);
    let every_line = options().load_checkpoint(false);
    let err = Journal::read(&path, Catalog::reference(), &every_line).unwrap_err();
    assert!(
        matches!(err, JournalError::Checksum { line: 4, .. }),
        "{err}"
    );
    // Intact again: reading every line gives the same ledger, the checkpoint not read.
    std::fs::write(&path, &journal).unwrap();
    let replay = Journal::read(&path, Catalog::reference(), &every_line).unwrap();
    assert_eq!(replay.checkpoint, CheckpointStatus::NotRead);
    assert_same(&replay.ledger, &full);
}
