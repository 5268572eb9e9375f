//! Fuzzes opening a journal through its checkpoint: a journal and a checkpoint file, both
//! mutated, and (when the first byte's low bit is set) the checkpoint's checksums recomputed
//! as a hand editor would. A checkpoint may only save work: whatever it says, the journal
//! opens when a full replay opens it, with the same intact prefix, the same torn tail and the
//! same number of entries; the same entries when the checkpoint was not loaded. No input may
//! panic.
//!
//! Input: `[flags: u8][journal length: u32 LE][journal][checkpoint]`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use materiel::Catalog;
use materiel::journal::{CheckpointStatus, Journal, JournalOptions, checkpoint_path};

/// Where a checkpoint's header keeps the covered length, the CRC-32C of the last line it
/// covers and where its body starts (see `src/journal/checkpoint.rs`).
const COVERED: usize = 12;
const LAST_LINE_CRC: usize = 28;
const BODY: usize = 40;

fn le_u64(bytes: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(a)
}

/// The checkpoint with its last covered line's CRC-32C (from the last newline before the
/// covered bytes' last byte) and its own recomputed, as a hand editor would.
fn fix_up(checkpoint: &mut [u8], journal: &[u8]) {
    if checkpoint.len() < BODY + 4 || !checkpoint.starts_with(b"MTRLCKPT") {
        return;
    }
    let covered = usize::try_from(le_u64(&checkpoint[COVERED..])).unwrap_or(usize::MAX);
    let prefix = &journal[..covered.min(journal.len())];
    let start = prefix[..prefix.len().saturating_sub(1)]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let last = crc32c::crc32c(&prefix[start..]);
    checkpoint[LAST_LINE_CRC..LAST_LINE_CRC + 4].copy_from_slice(&last.to_le_bytes());
    let end = checkpoint.len() - 4;
    let own = crc32c::crc32c(&checkpoint[..end]);
    checkpoint[end..].copy_from_slice(&own.to_le_bytes());
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 5 {
        return;
    }
    let flags = data[0];
    let split = u32::from_le_bytes([data[1], data[2], data[3], data[4]]) as usize;
    let rest = &data[5..];
    let (journal, checkpoint) = rest.split_at(split.min(rest.len()));
    let mut checkpoint = checkpoint.to_vec();
    if flags & 1 == 1 {
        fix_up(&mut checkpoint, journal);
    }
    let options = JournalOptions::new().max_line_bytes(4096);
    let full = Journal::read_from(journal, Catalog::reference(), &options);

    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("j.jsonl");
    std::fs::write(&path, journal).expect("the journal");
    std::fs::write(checkpoint_path(&path), &checkpoint).expect("the checkpoint");
    let read = Journal::read(&path, Catalog::reference(), &options);
    let expected = full.as_ref().ok().map(|f| (f.intact_bytes, f.ledger.len()));
    match (full, read) {
        (Ok(full), Ok(read)) => {
            assert_eq!(
                read.intact_bytes, full.intact_bytes,
                "{:?}",
                read.checkpoint
            );
            assert_eq!(read.recovery, full.recovery, "{:?}", read.checkpoint);
            assert_eq!(
                read.ledger.len(),
                full.ledger.len(),
                "{:?}",
                read.checkpoint
            );
            if !matches!(read.checkpoint, CheckpointStatus::Loaded { .. }) {
                assert!(read.ledger.entries().eq(full.ledger.entries()));
            }
        }
        (Ok(_), Err(e)) => panic!("the checkpoint made a journal a full replay opens fail: {e}"),
        // Damage inside the lines a fitting checkpoint covers is not read again.
        (Err(_), Ok(read)) => assert!(
            matches!(read.checkpoint, CheckpointStatus::Loaded { .. }),
            "{:?}",
            read.checkpoint
        ),
        (Err(_), Err(_)) => {}
    }
    // Opening for writing with repair cuts exactly what a full replay calls a torn tail.
    let repairing = options.clone().repair(true);
    let opened = Journal::open(&path, Catalog::reference(), &repairing);
    if let (Some((intact, entries)), Ok(opened)) = (expected, opened) {
        assert_eq!(opened.ledger().len(), entries);
        drop(opened);
        let after = std::fs::read(&path).expect("the journal");
        assert_eq!(after, journal[..usize::try_from(intact).expect("a length")]);
    }
});
