//! Checkpoint version 5's sections (core, sources, notes, facts, fact texts), whose sources,
//! notes and facts a query reads in place and whose fact texts it reads only when it reads
//! facts: a read-only load answers every per-holder question as a full replay does, with and
//! without lines after the checkpoint; damage to any section is found by its checksum (the
//! fact texts' when first read: reading facts is then an error, and so is writing a
//! checkpoint from that ledger); a forged section (checksums recomputed) is ignored or loads,
//! and never panics.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::Config;

use materiel::export::{self, Format};
use materiel::import::sipri::{self, Options, SipriDeal};
use materiel::journal::{CheckpointStatus, Journal, checkpoint_path};
use materiel::{AsOf, Catalog, EntryId, Ledger};

use crate::checkpoint::{fix_checksums, full_replay, history, journal_with, options};
use crate::support::history::*;

const EXCERPT: &str = include_str!("../data/sipri-excerpt.csv");

/// Every per-holder answer a query command gives, and every entry as written (sources,
/// notes and facts included), equal between `a` (read from a checkpoint) and `b`.
fn same_per_holder(a: &Ledger, b: &Ledger) {
    let dates = [
        AsOf::latest(),
        AsOf::latest().known_at(t0()),
        AsOf::valid(jiff::civil::date(2012, 6, 1)),
    ];
    let holders: Vec<_> = b.holders().cloned().collect();
    assert!(a.holders().eq(b.holders()));
    for at in &dates {
        for h in &holders {
            assert_eq!(a.holdings(h, at), b.holdings(h, at), "{h}");
            assert_eq!(a.pipeline(h, at), b.pipeline(h, at), "{h}");
            assert_eq!(a.observations(h, at), b.observations(h, at), "{h}");
            assert_eq!(a.conflicts(Some(h), at), b.conflicts(Some(h), at), "{h}");
            for (p, _) in b.holdings(h, at).iter() {
                assert_eq!(a.provenance(h, p, at), b.provenance(h, p, at));
                assert_eq!(a.timeline(h, p, at), b.timeline(h, p, at));
            }
        }
        assert_eq!(a.losses(at), b.losses(at));
    }
    // Entries one by one (a query reads a few), then all of them.
    for i in (0..b.len() as u64).rev() {
        let id = EntryId::new(i);
        assert_eq!(a.get(id), b.get(id), "entry {i}");
        assert_eq!(a.grade(id), b.grade(id), "entry {i}");
    }
    assert!(a.entries().eq(b.entries()));
}

/// The ledger `Journal::read` gives (the query commands' path), and that it came from the
/// checkpoint.
fn read(path: &Path) -> Ledger {
    let replay = Journal::read(path, Catalog::reference(), &options()).unwrap();
    assert!(
        matches!(replay.checkpoint, CheckpointStatus::Loaded { .. }),
        "{:?}",
        replay.checkpoint
    );
    replay.ledger
}

proptest! {
    #![proptest_config(Config::with_cases(cases(32)))]

    /// A per-holder answer from the sectioned checkpoint (read-only, as the query commands
    /// read it: the loaded sources, notes and facts stay in the checkpoint's bytes) equals
    /// the full replay's, with the checkpoint at the end or with lines after it (whose
    /// appends intern the loaded sources).
    #[test]
    fn per_holder_answers_from_the_sections_equal_a_full_replay(
        ops in ops_s(60),
        cut in any::<prop::sample::Index>(),
    ) {
        let entries = history(&ops);
        let dir = tempfile::tempdir().unwrap();
        let at_end = journal_with(dir.path(), "end", &entries, &[entries.len()]);
        same_per_holder(&read(&at_end), &full_replay(&at_end));
        let k = cut.index(entries.len() + 1).max(usize::from(!entries.is_empty()));
        let tail = journal_with(dir.path(), "tail", &entries, &[k]);
        same_per_holder(&read(&tail), &full_replay(&tail));
    }
}

/// A journal of the SIPRI excerpt (sources, notes, facts) checkpointed at its end.
fn excerpt_journal(dir: &Path) -> std::path::PathBuf {
    let mut ledger = Ledger::new(Catalog::reference());
    sipri::import(&mut ledger, EXCERPT.as_bytes(), &Options::new()).unwrap();
    let entries: Vec<_> = ledger.entries().map(|e| e.into_content()).collect();
    journal_with(dir, "sipri", &entries, &[entries.len()])
}

/// The SIPRI excerpt, read from its checkpoint: facts, notes and sources read back as
/// written, and every query answers as a full replay.
#[test]
fn the_sipri_excerpt_reads_back_from_its_sections() {
    let dir = tempfile::tempdir().unwrap();
    let path = excerpt_journal(dir.path());
    let full = full_replay(&path);
    assert!(full.entries().any(|e| e.facts().is_some()));
    same_per_holder(&read(&path), &full);
    // Written again from the loaded ledger, the checkpoint is the same bytes.
    let before = std::fs::read(checkpoint_path(&path)).unwrap();
    let mut journal = Journal::open(&path, Catalog::reference(), &options()).unwrap();
    journal.checkpoint().unwrap();
    drop(journal);
    assert_eq!(std::fs::read(checkpoint_path(&path)).unwrap(), before);
}

/// A checkpoint whose fact texts were damaged after it was written loads (they are not
/// read), answers every per-holder question, and reports the damage where facts are read:
/// reading them typed, exporting them. Writing a checkpoint from that ledger replays the
/// journal's lines first, so the new one holds the facts as the lines do.
/// Damage to the last entry's text is found on loading, by the tie to the journal (which
/// compares that entry, its facts read alone): the checkpoint is ignored.
fn texts_damaged(path: &Path, replay: &materiel::journal::Replay, full: &Ledger) {
    if let CheckpointStatus::Ignored { reason, .. } = &replay.checkpoint {
        assert!(reason.contains("last entry differs"), "{reason}");
        assert!(replay.ledger.entries().eq(full.entries()));
        return;
    }
    assert!(
        matches!(replay.checkpoint, CheckpointStatus::Loaded { .. }),
        "{:?}",
        replay.checkpoint
    );
    let ledger = &replay.ledger;
    for h in full.holders() {
        assert_eq!(
            ledger.holdings(h, &AsOf::latest()),
            full.holdings(h, &AsOf::latest())
        );
    }
    let entry = ledger.entries().find(|e| e.facts().is_some()).unwrap();
    let err = entry.facts_as::<SipriDeal>().unwrap_err();
    assert!(err.to_string().contains("checksum"), "{err}");
    let mut out = Vec::new();
    let err = export::entries(ledger, Format::Csv, &mut out).unwrap_err();
    assert!(err.to_string().contains("checksum"), "{err}");
    let damaged = std::fs::read(checkpoint_path(path)).unwrap();
    let mut journal = Journal::open(path, Catalog::reference(), &options()).unwrap();
    journal.checkpoint().unwrap();
    assert!(journal.ledger().entries().eq(full.entries()));
    drop(journal);
    let rewritten = Journal::read(path, Catalog::reference(), &options()).unwrap();
    assert!(matches!(
        rewritten.checkpoint,
        CheckpointStatus::Loaded { .. }
    ));
    assert!(rewritten.ledger.entries().eq(full.entries()));
    // Put back for the caller's next case.
    std::fs::write(checkpoint_path(path), damaged).unwrap();
}

/// The body's sections: (start, end) in the file, from its table of contents.
fn sections(file: &[u8]) -> Vec<(usize, usize)> {
    let n = u32::from_le_bytes(file[44..48].try_into().unwrap()) as usize;
    let mut at = 44 + 4 + 12 * n + 4;
    (0..n)
        .map(|k| {
            let row = 48 + 12 * k;
            let len = u64::from_le_bytes(file[row..row + 8].try_into().unwrap()) as usize;
            at += len;
            (at - len, at)
        })
        .collect()
}

/// A byte changed in any section is found by that section's checksum (the checkpoint is
/// ignored, naming the section); changed with every checksum recomputed (a forged section),
/// the checkpoint is ignored or loads, never panics, and a query over it answers.
#[test]
fn damage_to_each_section_is_found_and_a_forged_one_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = excerpt_journal(dir.path());
    let full = full_replay(&path);
    let ckpt = checkpoint_path(&path);
    let good = std::fs::read(&ckpt).unwrap();
    let parts = sections(&good);
    assert_eq!(parts.len(), 6);
    assert_eq!(parts.last().unwrap().1, good.len());
    let names = [
        "core",
        "sources",
        "notes",
        "facts",
        "fact texts",
        "holder slices",
    ];
    let holders: Vec<_> = full.holders().cloned().collect();
    for (k, &(start, end)) in parts.iter().enumerate() {
        assert!(end > start, "section {k} is empty");
        // Damage: first, middle and last byte of the section.
        for i in [start, (start + end) / 2, end - 1] {
            let mut bad = good.clone();
            bad[i] ^= 0x10;
            std::fs::write(&ckpt, &bad).unwrap();
            let replay = Journal::read(&path, Catalog::reference(), &options()).unwrap();
            if k == 4 {
                texts_damaged(&path, &replay, &full);
                continue;
            }
            if k == 5 {
                // The whole load does not read the slices; a holder's read finds the damage
                // (or reads an undamaged slice) and answers right.
                assert!(matches!(replay.checkpoint, CheckpointStatus::Loaded { .. }));
                assert!(replay.ledger.entries().eq(full.entries()));
                crate::checkpoint_slices::each_slice_or_whole(&path, &full, &holders);
                continue;
            }
            match &replay.checkpoint {
                CheckpointStatus::Ignored { reason, .. } => {
                    assert!(reason.contains(names[k]), "byte {i}: {reason}")
                }
                other => panic!("byte {i} of section {k}: {other:?}"),
            }
            assert!(replay.ledger.entries().eq(full.entries()));
        }
        // Forged: the bytes of the section's start (its counts and first index rows, where
        // a change moves every offset after it), checksums recomputed.
        for i in start..(start + 24).min(end) {
            for bit in [0, 7] {
                let mut bad = good.clone();
                bad[i] ^= 1 << bit;
                fix_checksums(&mut bad);
                std::fs::write(&ckpt, &bad).unwrap();
                let replay = Journal::read(&path, Catalog::reference(), &options()).unwrap();
                let ledger = replay.ledger;
                for h in ledger.holders() {
                    let _ = ledger.holdings(h, &AsOf::latest());
                }
                let _ = ledger.entries().count();
                if k == 5 {
                    crate::checkpoint_slices::each_slice_or_whole(&path, &full, &holders);
                }
            }
        }
    }
}
