//! Fuzzes opening a journal through its checkpoint: a journal and a checkpoint file, both
//! mutated, and (when the first byte's low bit is set) the checkpoint's checksums (header,
//! table of contents, each section) recomputed as a hand editor would. A checkpoint may only
//! save work: whatever it says, the journal opens when a full replay opens it, with the same intact prefix, the same torn tail and the
//! same number of entries; the same entries when the checkpoint was not loaded. No input may
//! panic. Read with one holder's slice (version 6's holder slices), nothing panics, and
//! when the checksums were not recomputed and the full replay has no torn tail, a slice used
//! answers about its holder as the full replay does.
//!
//! Input: `[flags: u8][journal length: u32 LE][journal][checkpoint]`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use materiel::{AsOf, Catalog, Ledger};
use materiel::journal::{CheckpointStatus, Journal, JournalOptions, checkpoint_path};

/// Where a checkpoint's header keeps the covered length, the CRC-32C of the last line it
/// covers, its own CRC-32C, and where its body starts (version 6, see
/// `src/journal/checkpoint.rs`); the body starts with its table of contents: the section
/// count, each section's length (`u64`) and CRC-32C, then the table's own CRC-32C
/// (`src/ledger/store/checkpoint.rs`).
const COVERED: usize = 12;
const LAST_LINE_CRC: usize = 28;
const HEADER_CRC: usize = 40;
const BODY: usize = 44;

fn le_u64(bytes: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(a)
}

/// The checkpoint with its last covered line's CRC-32C (from the last newline before the
/// covered bytes' last byte), its sections', its table of contents' and its header's
/// recomputed (as far as its table of contents is readable), as a hand editor would.
fn fix_up(checkpoint: &mut [u8], journal: &[u8]) {
    if checkpoint.len() < BODY || !checkpoint.starts_with(b"MTRLCKPT") {
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
    fix_body(&mut checkpoint[BODY..]);
    let own = crc32c::crc32c(&checkpoint[..HEADER_CRC]);
    checkpoint[HEADER_CRC..BODY].copy_from_slice(&own.to_le_bytes());
}

/// Recomputes the body's section and table-of-contents checksums, where they lie inside it.
fn fix_body(body: &mut [u8]) {
    let Some(count) = body.get(..4) else { return };
    let n = u32::from_le_bytes([count[0], count[1], count[2], count[3]]) as usize;
    let Some(toc) = n.checked_mul(12).and_then(|t| t.checked_add(4)) else {
        return;
    };
    if toc + 4 > body.len() {
        return;
    }
    let mut at = toc + 4;
    for k in 0..n {
        let row = 4 + 12 * k;
        let len = usize::try_from(le_u64(&body[row..])).unwrap_or(usize::MAX);
        let Some(end) = at.checked_add(len).filter(|&e| e <= body.len()) else {
            break;
        };
        let crc = crc32c::crc32c(&body[at..end]);
        body[row + 8..row + 12].copy_from_slice(&crc.to_le_bytes());
        at = end;
    }
    let crc = crc32c::crc32c(&body[..toc]);
    body[toc..toc + 4].copy_from_slice(&crc.to_le_bytes());
}

/// Reads what a query reads from a loaded checkpoint, in place: each holder's holdings,
/// every entry (its source, note and facts), the facts written out.
fn read_all(ledger: &Ledger) {
    for holder in ledger.holders() {
        let _ = ledger.holdings(holder, &AsOf::latest());
    }
    for entry in ledger.entries() {
        let _ = entry.facts().map(|f| f.json().len());
    }
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
            read_all(&read.ledger);
        }
        (Ok(_), Err(e)) => panic!("the checkpoint made a journal a full replay opens fail: {e}"),
        // Damage inside the lines a fitting checkpoint covers is not read again.
        (Err(_), Ok(read)) => {
            assert!(
                matches!(read.checkpoint, CheckpointStatus::Loaded { .. }),
                "{:?}",
                read.checkpoint
            );
            read_all(&read.ledger);
        }
        (Err(_), Err(_)) => {}
    }
    // One holder's slice (the second byte of the flags picks which of the full replay's
    // holders): when used, its answers are the full replay's.
    if let Ok(full) = Journal::read_from(journal, Catalog::reference(), &options) {
        let holders: Vec<_> = full.ledger.holders().cloned().collect();
        if !holders.is_empty() {
            let h = holders[usize::from(flags >> 1) % holders.len()].clone();
            let one = options.clone().only_holders([h.clone()]);
            if let Ok(read) = Journal::read(&path, Catalog::reference(), &one) {
                let honest = flags & 1 == 0 && full.recovery.is_none();
                if honest && matches!(read.checkpoint, CheckpointStatus::Sliced { .. }) {
                    let at = AsOf::latest();
                    assert_eq!(read.ledger.holdings(&h, &at), full.ledger.holdings(&h, &at));
                }
                read_all(&read.ledger);
            }
        }
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
