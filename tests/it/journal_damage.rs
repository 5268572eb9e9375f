//! Journal damage: truncation at every byte, bit flips in sampled lines, damaged newlines,
//! zeroed pages and zero-filled tails. A torn tail is repairable only when no intact line
//! follows it; repair keeps the bytes it cuts.

use materiel::journal::{JournalError, JournalOptions, Replay};
use materiel::{Catalog, Entry, Journal, NewEntry};

use crate::journal::{
    Expected, Rng, all_holdings, expected, journal_bytes, states_at_line_ends, varied_entries,
};

fn check_truncated(
    result: Result<Replay, JournalError>,
    offset: usize,
    ends: &[usize],
    exp: &Expected,
    full: bool,
) {
    let complete = ends.iter().take_while(|&&e| e <= offset).count();
    if complete == 0 {
        let err = result.expect_err("torn header");
        assert_eq!(err.line(), Some(1), "offset {offset}: {err}");
        return;
    }
    let replay = result.unwrap_or_else(|e| panic!("offset {offset}: {e}"));
    let k = complete - 1; // entries recovered
    assert_eq!(replay.ledger.len(), k, "offset {offset}");
    assert_eq!(replay.intact_bytes, ends[complete - 1] as u64);
    match &replay.recovery {
        None => assert_eq!(offset, ends[complete - 1], "offset {offset}"),
        Some(r) => {
            assert_eq!(r.line, complete as u64 + 1, "offset {offset}");
            assert_eq!(r.offset, ends[complete - 1] as u64);
            assert_eq!(r.bytes, (offset - ends[complete - 1]) as u64);
            assert!(!r.repaired);
        }
    }
    if full {
        let got: Vec<Entry> = replay.ledger.entries().collect();
        assert_eq!(got, exp.entries[..k], "offset {offset}");
        assert_eq!(
            all_holdings(&replay.ledger),
            exp.holdings[k],
            "offset {offset}"
        );
    } else {
        assert_eq!(
            replay.ledger.entries().last().as_ref(),
            k.checked_sub(1).map(|i| &exp.entries[i]),
            "offset {offset}"
        );
    }
}

#[test]
fn truncation_at_every_byte_recovers_the_intact_prefix() {
    let entries = varied_entries(120, 7);
    let (bytes, ends) = journal_bytes(&entries);
    assert_eq!(ends.len(), entries.len() + 1);
    let exp = expected(&entries);
    // The reader's state after the whole lines before an offset depends only on those bytes, so
    // each truncation is replayed from the state at the last line end before it: every byte
    // offset goes through the same code as a reopen, in O(line) instead of O(file).
    let states = states_at_line_ends(&bytes, &ends);
    // Every offset in the exhaustive form (`MATERIEL_TEST_EXHAUSTIVE`); in the quick form, the
    // two bytes at either edge of every line and every fourth offset between.
    let exhaustive = crate::support::exhaustive();
    let mut line_start = 0;
    let mut k = 0;
    for offset in 0..=bytes.len() {
        while k < ends.len() && ends[k] <= offset {
            line_start = ends[k];
            k += 1;
        }
        let near_edge = offset - line_start < 2 || ends.get(k).is_none_or(|&end| end - offset <= 2);
        if !(exhaustive || near_edge || offset % 4 == 0) {
            continue;
        }
        let mut reader = states[k].clone();
        let result = reader
            .feed(&bytes[line_start..offset])
            .and_then(|()| reader.finish());
        let at_edge = offset == line_start || offset + 1 == ends.get(k).copied().unwrap_or(0);
        check_truncated(result, offset, &ends, &exp, at_edge);
    }
    // And whole-file replays, from the start, at the edges of every line and a sample inside.
    let opts = JournalOptions::new();
    let mut samples: Vec<usize> = ends.iter().flat_map(|&e| [e - 1, e, e + 1]).collect();
    samples.extend((0..bytes.len()).step_by(997));
    samples.retain(|&o| o <= bytes.len());
    for offset in samples {
        let result = Journal::read_from(&bytes[..offset], Catalog::reference(), &opts);
        check_truncated(result, offset, &ends, &exp, true);
    }
}

#[test]
fn truncated_files_reopen_with_the_intact_prefix() {
    let entries = varied_entries(40, 13);
    let (bytes, ends) = journal_bytes(&entries);
    let exp = expected(&entries);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("t.jsonl");
    for offset in (ends[0] - 2..bytes.len()).step_by(61) {
        std::fs::write(&path, &bytes[..offset]).expect("write");
        let result = Journal::open(&path, Catalog::reference(), &JournalOptions::new()).map(|j| {
            let recovery = j.recovery().cloned();
            let intact = j.len_bytes();
            let ledger = j.into_ledger();
            (ledger, recovery, intact)
        });
        let complete = ends.iter().take_while(|&&e| e <= offset).count();
        match result {
            Err(e) => {
                assert_eq!(complete, 0, "offset {offset}: {e}");
                assert_eq!(e.line(), Some(1));
            }
            Ok((ledger, recovery, intact)) => {
                let k = complete - 1;
                assert_eq!(ledger.entries().collect::<Vec<_>>(), exp.entries[..k]);
                assert_eq!(intact, ends[k] as u64);
                assert_eq!(recovery.is_some(), offset != ends[k], "offset {offset}");
            }
        }
    }
}

#[test]
fn every_bit_flip_in_sampled_lines_is_detected() {
    let entries = varied_entries(120, 11);
    let (bytes, ends) = journal_bytes(&entries);
    let exp = expected(&entries);
    let states = states_at_line_ends(&bytes, &ends);
    let lines = ends.len();
    // Ten lines spread through the file: the header, the first and last entries, and between.
    let sample: Vec<usize> = (0..10).map(|i| i * (lines - 1) / 9).collect();
    // Every bit of every byte of those lines in the exhaustive form (`MATERIEL_TEST_EXHAUSTIVE`);
    // two of the eight, in turn, in the quick form.
    let exhaustive = crate::support::exhaustive();
    let mut flips = 0;
    let mut torn_reports = 0;
    for &line in &sample {
        let start = if line == 0 { 0 } else { ends[line - 1] };
        let end = ends[line];
        for byte in start..end {
            for bit in 0..8 {
                if !exhaustive && bit % 4 != byte % 4 {
                    continue;
                }
                let mut data = bytes[start..].to_vec();
                data[byte - start] ^= 1 << bit;
                flips += 1;
                // The bytes before the flipped line are intact: resume from the state there.
                let mut reader = states[line].clone();
                let result = reader.feed(&data).and_then(|()| reader.finish());
                if flips % 50 == 0 {
                    // Now and then, the whole file from the start.
                    let mut whole = bytes.clone();
                    whole[byte] ^= 1 << bit;
                    let again = Journal::read_from(
                        &whole[..],
                        Catalog::reference(),
                        &JournalOptions::new(),
                    );
                    assert_eq!(
                        again.as_ref().err().map(ToString::to_string),
                        result.as_ref().err().map(ToString::to_string)
                    );
                }
                match result {
                    Err(e) => {
                        let named = e.line().expect("names a line") as usize;
                        // The error is on the flipped line (or the next one, when the flip
                        // removed a newline and merged two lines).
                        assert!(
                            named == line + 1 || named == line + 2,
                            "flip at byte {byte} bit {bit} of line {}: error names line {named}: {e}",
                            line + 1
                        );
                    }
                    Ok(replay) => {
                        let r = replay.recovery.unwrap_or_else(|| {
                            panic!(
                                "flip at byte {byte} bit {bit} of line {} went undetected",
                                line + 1
                            )
                        });
                        assert_eq!(line + 1, lines, "only the final line may look torn");
                        assert_eq!(r.line as usize, lines);
                        let got: Vec<Entry> = replay.ledger.entries().collect();
                        assert_eq!(got, exp.entries[..entries.len() - 1]);
                        torn_reports += 1;
                    }
                }
            }
        }
    }
    assert!(
        flips > if exhaustive { 10_000 } else { 2_500 },
        "{flips} flips"
    );
    assert!(torn_reports > 0);
}

// ---------------------------------------------------------------------------------------------
// Damaged tails: a torn tail is repairable only when no intact line follows it.

#[test]
fn a_damaged_newline_before_an_intact_last_line_is_an_error_not_a_repair() {
    let entries = varied_entries(30, 31);
    let (bytes, ends) = journal_bytes(&entries);
    let n = ends.len();
    // The newline ending the second-to-last line becomes another byte: that line and the
    // intact last line merge.
    for replacement in [b'x', 0, b' ', b'}'] {
        let mut damaged = bytes.clone();
        damaged[ends[n - 2] - 1] = replacement;
        let err = Journal::read_from(&damaged[..], Catalog::reference(), &JournalOptions::new())
            .expect_err("an intact line follows the damage");
        assert_eq!(err.line(), Some(n as u64 - 1), "{err}");
        assert_eq!(err.offset(), Some(ends[n - 3] as u64), "{err}");

        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("j.jsonl");
        std::fs::write(&path, &damaged).expect("write");
        let opened = Journal::open(
            &path,
            Catalog::reference(),
            &JournalOptions::new().repair(true),
        );
        assert!(opened.is_err(), "repair must not cut the intact last line");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            damaged,
            "file untouched"
        );
    }
    // The same damage two lines further up: still an error naming the damaged line.
    let mut damaged = bytes.clone();
    damaged[ends[n - 4] - 1] = b'#';
    let err = Journal::read_from(&damaged[..], Catalog::reference(), &JournalOptions::new())
        .expect_err("intact lines follow the damage");
    assert_eq!(err.line(), Some(n as u64 - 3), "{err}");
}

#[test]
fn repair_keeps_the_cut_bytes_in_a_side_file() {
    let entries = varied_entries(12, 41);
    let (bytes, ends) = journal_bytes(&entries);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("j.jsonl");
    let cut = ends[8] + 17;
    let mut damaged = bytes[..cut].to_vec();
    damaged.extend_from_slice(b"\0\0\0 trailing garbage \xff\n\0\0");
    std::fs::write(&path, &damaged).expect("write");
    let journal = Journal::open(
        &path,
        Catalog::reference(),
        &JournalOptions::new().repair(true),
    )
    .expect("a torn tail is repaired");
    assert_eq!(journal.ledger().len(), 8);
    assert_eq!(std::fs::read(&path).expect("read"), bytes[..ends[8]]);
    let side: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p != &path)
        .collect();
    assert_eq!(side.len(), 1, "one side file: {side:?}");
    let recovery = journal.recovery().expect("reported");
    assert!(recovery.repaired);
    assert_eq!(recovery.saved.as_deref(), Some(side[0].as_path()));
    assert!(
        recovery
            .to_string()
            .contains(&side[0].display().to_string()),
        "{recovery}"
    );
    assert_eq!(
        std::fs::read(&side[0]).expect("side file"),
        damaged[ends[8]..],
        "the side file holds exactly the bytes cut"
    );
}

/// Zeroes `[from, to)` of `data`.
fn zero(data: &mut [u8], from: usize, to: usize) {
    let len = data.len();
    for b in &mut data[from.min(len)..to.min(len)] {
        *b = 0;
    }
}

/// What opening a journal whose original lines end at `ends` should give once the bytes in
/// `damaged` (sorted, disjoint ranges) are zeroed: `Ok(k)` (k entries and a torn tail) when
/// no line wholly outside the damage follows it, else `Err(line)` naming the first damaged
/// line.
fn expected_after_zeroing(ends: &[usize], damaged: &[(usize, usize)]) -> Result<usize, u64> {
    let first = damaged[0].0;
    let intact_lines = ends.iter().take_while(|&&e| e <= first).count();
    let untouched_later = ends.iter().enumerate().skip(intact_lines).any(|(i, &end)| {
        let start = if i == 0 { 0 } else { ends[i - 1] };
        end > first && damaged.iter().all(|&(a, b)| b <= start || a >= end)
    });
    if untouched_later {
        Err(intact_lines as u64 + 1)
    } else {
        Ok(intact_lines - 1)
    }
}

#[test]
fn zeroed_pages_after_the_last_sync_are_a_torn_tail() {
    const PAGE: usize = 4096;
    let mut rng = Rng(5);
    // Lines from a few hundred bytes to more than a page, so that pages hold line fragments.
    let entries: Vec<NewEntry> = varied_entries(80, 51)
        .into_iter()
        .map(|e| match rng.below(3) {
            0 => e,
            _ => e.with_note("n".repeat(200 + rng.below(6000) as usize)),
        })
        .collect();
    let (bytes, ends) = journal_bytes(&entries);
    let exp = expected(&entries);
    assert!(bytes.len() > 4 * PAGE, "several pages: {}", bytes.len());
    let opts = JournalOptions::new();
    let mut checked = 0;
    // Every third line end as the last sync in the exhaustive form (`MATERIEL_TEST_EXHAUSTIVE`),
    // every ninth in the quick form.
    let step = if crate::support::exhaustive() { 3 } else { 9 };
    for synced in (1..ends.len()).step_by(step) {
        let synced_end = ends[synced - 1];
        let first_page = synced_end.div_ceil(PAGE) * PAGE;
        // Every page from a page boundary after the last sync to the end comes back zeroed;
        // the unsynced rest of the page holding the last synced byte may be zeroed too.
        let mut cases: Vec<Vec<(usize, usize)>> = Vec::new();
        for start in (first_page..bytes.len()).step_by(PAGE) {
            cases.push(vec![(start, bytes.len())]);
        }
        cases.push(vec![(synced_end, bytes.len())]);
        // Some pages zeroed, others not: an error exactly when an intact line follows.
        for _ in 0..4 {
            let mut pages = Vec::new();
            for start in (first_page..bytes.len()).step_by(PAGE) {
                if rng.below(2) == 0 {
                    pages.push((start, start + PAGE));
                }
            }
            if !pages.is_empty() {
                cases.push(pages);
            }
        }
        for damage in cases {
            if damage[0].0 >= bytes.len() {
                continue;
            }
            let mut image = bytes.clone();
            for &(a, b) in &damage {
                zero(&mut image, a, b);
            }
            let got = Journal::read_from(&image[..], Catalog::reference(), &opts);
            checked += 1;
            match expected_after_zeroing(&ends, &damage) {
                Ok(k) => {
                    let replay = got.unwrap_or_else(|e| panic!("{damage:?}: {e}"));
                    assert!(k + 1 >= synced, "the synced entries survive");
                    assert_eq!(
                        replay.ledger.entries().collect::<Vec<_>>(),
                        exp.entries[..k]
                    );
                    assert_eq!(replay.intact_bytes, ends[k] as u64);
                    if image.len() > ends[k] {
                        let r = replay.recovery.expect("a torn tail is reported");
                        assert_eq!((r.line, r.offset), (k as u64 + 2, ends[k] as u64));
                        assert_eq!(r.bytes, (image.len() - ends[k]) as u64);
                    }
                }
                Err(line) => {
                    let e = got.err().unwrap_or_else(|| panic!("{damage:?}: no error"));
                    assert_eq!(e.line(), Some(line), "{damage:?}: {e}");
                }
            }
        }
    }
    assert!(checked > 100, "{checked} images");
}

#[test]
fn a_zero_filled_tail_longer_than_the_line_limit_is_torn_and_repairable() {
    let entries = varied_entries(10, 61);
    let (bytes, ends) = journal_bytes(&entries);
    let opts = JournalOptions::new().max_line_bytes(1000);
    for (cut, tail) in [
        (ends[6], vec![0u8; 5000]),
        (ends[6] + 30, vec![0u8; 9000]),
        (
            ends[6],
            [vec![0u8; 3000], b"\n".to_vec(), vec![0u8; 3000]].concat(),
        ),
        (ends[6], [vec![b'x'; 5000], b"\nmore\n".to_vec()].concat()),
    ] {
        let mut image = bytes[..cut].to_vec();
        image.extend_from_slice(&tail);
        let replay = Journal::read_from(&image[..], Catalog::reference(), &opts)
            .unwrap_or_else(|e| panic!("a torn tail: {e}"));
        assert_eq!(replay.ledger.len(), 6);
        let r = replay.recovery.expect("reported");
        assert_eq!((r.line, r.offset), (8, ends[6] as u64));
        assert_eq!(r.bytes, (image.len() - ends[6]) as u64);

        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("z.jsonl");
        std::fs::write(&path, &image).expect("write");
        let journal =
            Journal::open(&path, Catalog::reference(), &opts.clone().repair(true)).expect("open");
        assert_eq!(journal.ledger().len(), 6);
        assert_eq!(std::fs::read(&path).expect("read"), bytes[..ends[6]]);
    }
}
