//! Journal durability tests: truncation at every byte, bit flips, snapshots, hostile input.

use std::sync::Arc;

use jiff::{Timestamp, ToSpan};
use materiel::journal::{
    Durability, JournalError, JournalOptions, JournalReader, Replay, SnapshotError,
};
use materiel::ledger::{Holdings, LossCause};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, Entry, HolderId, Journal, Ledger, NewEntry,
    PlatformKind, PlatformRef, Source, Status,
};
use proptest::prelude::*;

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize].clone()
    }
}

fn holder(s: &str) -> HolderId {
    s.parse().expect("valid holder")
}

const STATUSES: [Status; 4] = [
    Status::Operational,
    Status::Degraded,
    Status::NonOperationalMaintenance,
    Status::Stored,
];

/// `n` varied entries that a ledger accepts, in order, built deterministically from `seed`:
/// candidates the ledger rejects are skipped.
fn varied_entries(n: usize, seed: u64) -> Vec<NewEntry> {
    let mut rng = Rng(seed);
    let holders = [
        holder("VEN"),
        holder("CUB"),
        holder("NIC"),
        holder("zicotrans"),
    ];
    let platforms = [
        PlatformRef::catalog("su-30mk2").expect("id"),
        PlatformRef::catalog("buk-m2").expect("id"),
        PlatformRef::catalog("igla-s").expect("id"),
        PlatformRef::generic("GPS jammer", PlatformKind::Generic).expect("a designation"),
    ];
    let sources = [
        Source::new(
            "SIPRI Arms Transfers Database",
            "A2".parse().expect("grade"),
        )
        .expect("a citation"),
        Source::new("Janes", "B2".parse().expect("grade"))
            .expect("a citation")
            .with_url("https://example.invalid/janes"),
        Source::new(
            "a forum post \"with quotes\"\nand a newline",
            "E5".parse().expect("grade"),
        )
        .expect("a citation"),
    ];
    let mut ledger = Ledger::new(Catalog::reference());
    let mut out = Vec::new();
    let mut recorded: Timestamp = "2024-01-01T00:00:00Z".parse().expect("timestamp");
    let mut attempts = 0;
    while out.len() < n {
        attempts += 1;
        assert!(attempts < n * 50, "generator stuck");
        recorded += 1.hours();
        let h = rng.pick(&holders);
        let p = rng.pick(&platforms);
        let effective = EffectiveDate::day(
            2005 + rng.below(20) as i16,
            1 + rng.below(12) as i8,
            1 + rng.below(28) as i8,
        )
        .expect("date");
        let count = || Count::exact(1).expect("a count");
        let change = match rng.below(10) {
            0..=2 => Change::Delivered {
                count: Count::estimate(1 + rng.below(20)).expect("a count"),
                into: rng.pick(&STATUSES),
                supplier: Some(holder("RUS")),
                condition: Default::default(),
            },
            3 => {
                let from = rng.pick(&STATUSES);
                let mut to = rng.pick(&STATUSES);
                if to == from {
                    to = Status::Unknown;
                }
                Change::StatusChanged {
                    from,
                    to,
                    count: count(),
                }
            }
            4 => Change::Assessed {
                breakdown: vec![
                    (
                        Status::Operational,
                        Count::about(rng.below(10)).expect("a count"),
                    ),
                    (Status::Stored, Count::exact(rng.below(5)).expect("a count")),
                ],
            },
            5 => Change::Lost {
                count: count(),
                from: rng.pick(&STATUSES),
                cause: if rng.below(2) == 0 {
                    LossCause::Destroyed
                } else {
                    LossCause::Captured {
                        by: Some(holder("COL")),
                    }
                },
            },
            6 => {
                let mut to = rng.pick(&holders);
                if to == h {
                    to = holder("BOL");
                }
                Change::Transferred {
                    count: count(),
                    to,
                    from: rng.pick(&STATUSES),
                    into: Status::Unknown,
                }
            }
            7 if !ledger.is_empty() => {
                let target = materiel::EntryId::new(rng.below(ledger.len() as u64));
                let Some(t) = ledger.get(target) else {
                    continue;
                };
                let entry = NewEntry::new(
                    t.holder().clone(),
                    t.platform().clone(),
                    t.effective(),
                    Change::Retracted { entry: target },
                    rng.pick(&sources),
                    recorded,
                );
                if ledger.append(entry.clone()).is_ok() {
                    out.push(entry);
                }
                continue;
            }
            8 => Change::Observed {
                count: Some(Count::at_least(1 + rng.below(3)).expect("a count")),
                status: Some(Status::Operational),
            },
            _ => Change::Ordered {
                count: Count::exact(1 + rng.below(30)).expect("a count"),
                supplier: Some(holder("RUS")),
                condition: Default::default(),
            },
        };
        let mut entry = NewEntry::new(h, p, effective, change, rng.pick(&sources), recorded);
        if rng.below(4) == 0 {
            entry = entry.with_note(format!("note {} — ünïcode", out.len()));
        }
        if ledger.append(entry.clone()).is_ok() {
            out.push(entry);
        }
    }
    out
}

fn all_holdings(ledger: &Ledger) -> Vec<(HolderId, Holdings)> {
    ledger.all_holdings(&AsOf::latest())
}

/// The journal bytes for `entries`, and the byte offset where each line ends.
fn journal_bytes(entries: &[NewEntry]) -> (Vec<u8>, Vec<usize>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("j.jsonl");
    let opts = JournalOptions::new().durability(Durability::OnSync);
    let mut journal = Journal::create(&path, Catalog::reference(), &opts).expect("create");
    for e in entries {
        journal.append(e.clone()).expect("valid entry");
    }
    journal.sync().expect("sync");
    let bytes = std::fs::read(&path).expect("read back");
    let ends = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
        .collect();
    (bytes, ends)
}

struct Expected {
    entries: Vec<Entry>,
    /// Holdings after the first k entries, for every k.
    holdings: Vec<Vec<(HolderId, Holdings)>>,
}

fn expected(entries: &[NewEntry]) -> Expected {
    let mut ledger = Ledger::new(Catalog::reference());
    let mut holdings = vec![all_holdings(&ledger)];
    for e in entries {
        ledger.append(e.clone()).expect("valid entry");
        holdings.push(all_holdings(&ledger));
    }
    Expected {
        entries: ledger.entries().collect(),
        holdings,
    }
}

/// Reader states after each whole line (index k: after k lines, the header being line 1).
fn states_at_line_ends(bytes: &[u8], ends: &[usize]) -> Vec<JournalReader> {
    let mut reader = JournalReader::new(Catalog::reference(), &JournalOptions::new());
    let mut states = vec![reader.clone()];
    let mut start = 0;
    for &end in ends {
        reader.feed(&bytes[start..end]).expect("valid journal");
        states.push(reader.clone());
        start = end;
    }
    states
}

/// Checks the replay of `bytes[..offset]` against the entries and holdings expected.
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
    let entries = varied_entries(300, 7);
    let (bytes, ends) = journal_bytes(&entries);
    assert_eq!(ends.len(), entries.len() + 1);
    let exp = expected(&entries);
    // The reader's state after the whole lines before an offset depends only on those bytes, so
    // each truncation is replayed from the state at the last line end before it: every byte
    // offset goes through the same code as a reopen, in O(line) instead of O(file).
    let states = states_at_line_ends(&bytes, &ends);
    let mut line_start = 0;
    let mut k = 0;
    for offset in 0..=bytes.len() {
        while k < ends.len() && ends[k] <= offset {
            line_start = ends[k];
            k += 1;
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
    let mut flips = 0;
    let mut torn_reports = 0;
    for &line in &sample {
        let start = if line == 0 { 0 } else { ends[line - 1] };
        let end = ends[line];
        for byte in start..end {
            for bit in 0..8 {
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
    assert!(flips > 10_000, "{flips} flips");
    assert!(torn_reports > 0);
}

fn temp_journal(opts: &JournalOptions) -> (tempfile::TempDir, std::path::PathBuf, Journal) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ledger.jsonl");
    let journal = Journal::create(&path, Catalog::reference(), opts).expect("create");
    (dir, path, journal)
}

#[test]
fn reopen_gives_the_same_ledger() {
    let entries = varied_entries(60, 3);
    let (_dir, path, mut journal) = temp_journal(&JournalOptions::new());
    for e in &entries {
        journal.append(e.clone()).expect("append");
    }
    let before: Vec<Entry> = journal.ledger().entries().collect();
    drop(journal);
    let reopened =
        Journal::open(&path, Catalog::reference(), &JournalOptions::new()).expect("reopen");
    assert!(reopened.recovery().is_none());
    assert_eq!(reopened.ledger().entries().collect::<Vec<_>>(), before);
}

#[test]
fn rejected_append_writes_nothing() {
    let (_dir, path, mut journal) = temp_journal(&JournalOptions::new());
    let len = journal.len_bytes();
    let loss = NewEntry::new(
        holder("VEN"),
        PlatformRef::catalog("su-30mk2").expect("id"),
        EffectiveDate::year(2010).expect("date"),
        Change::Lost {
            count: Count::exact(1).expect("a count"),
            from: Status::Operational,
            cause: LossCause::Destroyed,
        },
        Source::new("x", "C3".parse().expect("grade")).expect("a citation"),
        "2024-01-01T00:00:00Z".parse().expect("ts"),
    );
    let err = journal.append(loss).expect_err("nothing held");
    assert!(matches!(err, JournalError::Ledger(_)), "{err}");
    assert_eq!(journal.len_bytes(), len);
    assert_eq!(std::fs::metadata(&path).expect("meta").len(), len);
    assert!(journal.ledger().is_empty());
}

#[test]
fn oversized_entry_is_refused_and_rolled_back() {
    let opts = JournalOptions::new().max_line_bytes(1024);
    let (_dir, path, mut journal) = temp_journal(&opts);
    let mut entry = varied_entries(1, 5).remove(0);
    entry = entry.with_note("x".repeat(2000));
    let err = journal.append(entry).expect_err("too long");
    assert!(matches!(err, JournalError::EntryTooLong { .. }), "{err}");
    assert!(journal.ledger().is_empty());
    assert_eq!(
        std::fs::metadata(&path).expect("meta").len(),
        journal.len_bytes()
    );
}

#[test]
fn overlong_line_is_an_error_without_reading_it_all() {
    let entries = varied_entries(4, 5);
    let (full, ends) = journal_bytes(&entries);
    let mut bytes = full[..ends[3]].to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 5000));
    bytes.push(b'\n');
    // An intact line after the overlong one: not a torn tail, an error naming it.
    bytes.extend_from_slice(&full[ends[3]..]);
    let opts = JournalOptions::new().max_line_bytes(1000);
    let err = Journal::read_from(&bytes[..], Catalog::reference(), &opts).expect_err("too long");
    assert!(
        matches!(
            err,
            JournalError::LineTooLong {
                line: 5,
                limit: 1000,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn torn_tail_blocks_appends_until_repaired() {
    let entries = varied_entries(20, 9);
    let (dir, path, mut journal) = temp_journal(&JournalOptions::new());
    for e in &entries[..10] {
        journal.append(e.clone()).expect("append");
    }
    let intact = journal.len_bytes();
    journal.append(entries[10].clone()).expect("append");
    drop(journal);
    let full = std::fs::metadata(&path).expect("meta").len();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    f.set_len(full - 7).expect("truncate");
    drop(f);

    let mut journal =
        Journal::open(&path, Catalog::reference(), &JournalOptions::new()).expect("open");
    let r = journal.recovery().expect("torn").clone();
    assert_eq!((r.line, r.offset, r.bytes), (12, intact, full - 7 - intact));
    assert!(!r.repaired);
    assert_eq!(journal.ledger().len(), 10);
    let err = journal
        .append(entries[10].clone())
        .expect_err("needs repair");
    assert!(matches!(err, JournalError::NeedsRepair { .. }), "{err}");
    assert_eq!(std::fs::metadata(&path).expect("meta").len(), full - 7);

    let repaired = journal
        .repair()
        .expect("repair")
        .expect("something to repair");
    assert!(repaired.repaired);
    assert_eq!(std::fs::metadata(&path).expect("meta").len(), intact);
    for e in &entries[10..] {
        journal.append(e.clone()).expect("append after repair");
    }
    drop(journal);
    let again = Journal::open(&path, Catalog::reference(), &JournalOptions::new()).expect("open");
    assert!(again.recovery().is_none());
    assert_eq!(
        again.ledger().entries().collect::<Vec<_>>(),
        expected(&entries).entries
    );

    // The same crash, repaired on opening.
    let p2 = dir.path().join("second.jsonl");
    std::fs::copy(&path, &p2).expect("copy");
    let len = std::fs::metadata(&p2).expect("meta").len();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&p2)
        .expect("open");
    f.set_len(len - 1).expect("truncate");
    drop(f);
    let j = Journal::open(
        &p2,
        Catalog::reference(),
        &JournalOptions::new().repair(true),
    )
    .expect("open with repair");
    assert!(j.recovery().expect("reported").repaired);
    assert_eq!(j.ledger().len(), 19);
    assert_eq!(std::fs::metadata(&p2).expect("meta").len(), j.len_bytes());
}

#[test]
fn create_refuses_an_existing_file() {
    let (_dir, path, journal) = temp_journal(&JournalOptions::new());
    drop(journal);
    let err =
        Journal::create(&path, Catalog::reference(), &JournalOptions::new()).expect_err("exists");
    assert!(matches!(err, JournalError::Exists { .. }), "{err}");
}

#[test]
fn errors_name_line_and_offset() {
    let entries = varied_entries(10, 2);
    let (bytes, ends) = journal_bytes(&entries);
    let text = String::from_utf8(bytes).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();

    // A duplicated line: checksum fine, id wrong.
    let mut dup = lines.clone();
    dup.insert(4, lines[3]);
    let err = Journal::read_from(
        (dup.join("\n") + "\n").as_bytes(),
        Catalog::reference(),
        &JournalOptions::new(),
    )
    .expect_err("duplicate");
    assert!(
        matches!(err, JournalError::IdMismatch { line: 5, .. }),
        "{err}"
    );
    assert_eq!(err.offset(), Some(ends[3] as u64));

    // A deleted line.
    let mut del = lines.clone();
    del.remove(2);
    let err = Journal::read_from(
        (del.join("\n") + "\n").as_bytes(),
        Catalog::reference(),
        &JournalOptions::new(),
    )
    .expect_err("deletion");
    assert_eq!(err.line(), Some(3), "{err}");

    // A hand-edited line (checksum no longer matches), not the last one.
    let mut edited = lines.clone();
    let changed = lines[5].replacen("\"id\":4", "\"id\":4 ", 1);
    edited[5] = &changed;
    let err = Journal::read_from(
        (edited.join("\n") + "\n").as_bytes(),
        Catalog::reference(),
        &JournalOptions::new(),
    )
    .expect_err("edited");
    assert!(
        matches!(err, JournalError::Checksum { line: 6, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("line 6"), "{err}");

    // A future version.
    let err = Journal::read_from(
        &br#"{"crc32c":"00000000","header":{"format":"materiel-journal","version":2}}
"#[..],
        Catalog::reference(),
        &JournalOptions::new(),
    )
    .expect_err("bad header");
    assert!(matches!(err, JournalError::Header { .. }), "{err}");
}

#[test]
fn ledger_rejection_on_replay_names_the_line() {
    // A valid journal for the full catalog, read with an empty catalog.
    let entries = varied_entries(10, 2);
    let (bytes, _) = journal_bytes(&entries);
    let first_catalog = entries
        .iter()
        .position(|e| e.platform().catalog_id().is_some())
        .expect("some catalog platform");
    let err = Journal::read_from(&bytes[..], Catalog::new(), &JournalOptions::new())
        .expect_err("unknown platform");
    assert!(matches!(err, JournalError::Rejected { .. }), "{err}");
    assert_eq!(err.line(), Some(first_catalog as u64 + 2));
}

#[test]
fn snapshot_round_trip_preserves_entries_and_answers() {
    let entries = varied_entries(200, 21);
    let exp = expected(&entries);
    let mut ledger = Ledger::new(Catalog::reference());
    for e in &entries {
        ledger.append(e.clone()).expect("append");
    }
    let json = ledger.to_snapshot_json();
    let back = Ledger::from_snapshot_json(&json, Catalog::reference()).expect("load");
    assert_eq!(back.entries().collect::<Vec<_>>(), exp.entries);
    let ven = holder("VEN");
    let su = PlatformRef::catalog("su-30mk2").expect("id");
    for year in [2004, 2010, 2015, 2020, 2026] {
        let at = AsOf::valid(jiff::civil::date(year, 6, 1));
        assert_eq!(back.all_holdings(&at), ledger.all_holdings(&at));
        assert_eq!(back.lot(&ven, &su, &at), ledger.lot(&ven, &su, &at));
        assert_eq!(
            back.timeline(&ven, &su, &at),
            ledger.timeline(&ven, &su, &at)
        );
    }
    assert_eq!(back.to_snapshot_json(), json);

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("snap.json");
    ledger.save_snapshot(&path).expect("save");
    let loaded = Ledger::load_snapshot(&path, Catalog::reference()).expect("load");
    assert_eq!(loaded.entries().collect::<Vec<_>>(), exp.entries);
}

#[test]
fn snapshot_errors_name_the_entry_index() {
    let entries = varied_entries(5, 4);
    let mut ledger = Ledger::new(Catalog::reference());
    for e in &entries {
        ledger.append(e.clone()).expect("append");
    }
    let json = ledger.to_snapshot_json();
    // Swap entries 1 and 2: ids no longer match positions.
    let mut lines: Vec<String> = json.lines().map(str::to_owned).collect();
    let (a, b) = (
        lines[2].trim_end_matches(',').to_owned(),
        lines[3].trim_end_matches(',').to_owned(),
    );
    lines[2] = format!("{b},");
    lines[3] = format!("{a},");
    let err =
        Ledger::from_snapshot_json(&lines.join("\n"), Catalog::reference()).expect_err("swapped");
    assert!(
        matches!(err, SnapshotError::Entry { index: 1, .. }),
        "{err}"
    );
    // Rejected by the ledger: an empty catalog.
    let err = Ledger::from_snapshot_json(&json, Catalog::new()).expect_err("rejected");
    assert!(
        matches!(
            err,
            SnapshotError::Entry {
                ledger: Some(_),
                ..
            }
        ),
        "{err}"
    );
    for bad in ["", "{}", "[]", r#"{"format":"x","version":1,"entries":[]}"#] {
        let err = Ledger::from_snapshot_json(bad, Catalog::reference()).expect_err("bad");
        assert!(matches!(err, SnapshotError::Invalid { .. }), "{err}");
    }
}

#[test]
fn ledger_and_journal_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Ledger>();
    assert_send_sync::<Arc<Ledger>>();
    assert_send_sync::<Journal>();
    assert_send_sync::<JournalError>();
}

#[test]
fn snapshots_are_isolated_from_later_appends() {
    let entries = varied_entries(30, 8);
    let (_dir, _path, mut journal) =
        temp_journal(&JournalOptions::new().durability(Durability::OnSync));
    for e in &entries[..15] {
        journal.append(e.clone()).expect("append");
    }
    let snap = journal.snapshot();
    let reader = std::thread::spawn(move || snap.len());
    for e in &entries[15..] {
        journal.append(e.clone()).expect("append");
    }
    journal.sync().expect("sync");
    assert_eq!(reader.join().expect("reader"), 15);
    assert_eq!(journal.ledger().len(), 30);
}

static SMALL_JOURNAL: std::sync::LazyLock<(Vec<u8>, Vec<usize>)> =
    std::sync::LazyLock::new(|| journal_bytes(&varied_entries(12, 17)));

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn journal_reader_never_panics_on_bytes(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = Journal::read_from(&data[..], Catalog::reference(), &JournalOptions::new().max_line_bytes(512));
    }

    #[test]
    fn journal_reader_never_panics_on_json_lines(lines in proptest::collection::vec(json_ish(), 0..8), crc_ok in any::<bool>()) {
        let mut text = String::from("{\"crc32c\":\"bde17529\",\"header\":{\"format\":\"materiel-journal\",\"version\":1}}\n");
        for payload in &lines {
            let crc = if crc_ok { format!("{:08x}", crc32c(payload.as_bytes())) } else { "00000000".into() };
            text.push_str(&format!("{{\"crc32c\":\"{crc}\",\"entry\":{payload}}}\n"));
        }
        let _ = Journal::read_from(text.as_bytes(), Catalog::reference(), &JournalOptions::new());
        let _ = Ledger::from_snapshot_json(&format!("{{\"format\":\"materiel-ledger-snapshot\",\"version\":1,\"entries\":[{}]}}", lines.join(",")), Catalog::reference());
    }

    #[test]
    fn chunking_does_not_change_the_replay(cuts in proptest::collection::vec(any::<proptest::sample::Index>(), 0..12), trunc in any::<proptest::sample::Index>()) {
        let (bytes, _) = &*SMALL_JOURNAL;
        let end = trunc.index(bytes.len() + 1);
        let data = &bytes[..end];
        let mut points: Vec<usize> = cuts.iter().map(|c| c.index(data.len() + 1)).collect();
        points.push(0);
        points.push(data.len());
        points.sort_unstable();
        let mut reader = JournalReader::new(Catalog::reference(), &JournalOptions::new());
        let mut fed = Ok(());
        for w in points.windows(2) {
            fed = fed.and_then(|()| reader.feed(&data[w[0]..w[1]]));
        }
        let chunked = fed.and_then(|()| reader.finish());
        let whole = Journal::read_from(data, Catalog::reference(), &JournalOptions::new());
        match (chunked, whole) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.ledger.entries().collect::<Vec<_>>(), b.ledger.entries().collect::<Vec<_>>());
                prop_assert_eq!(a.recovery, b.recovery);
                prop_assert_eq!(a.intact_bytes, b.intact_bytes);
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "chunked {:?} vs whole {:?}", a.map(|r| r.intact_bytes), b.map(|r| r.intact_bytes)),
        }
    }

    #[test]
    fn snapshot_loader_never_panics(text in ".{0,300}", json in json_ish()) {
        let _ = Ledger::from_snapshot_json(&text, Catalog::reference());
        let _ = Ledger::from_snapshot_json(&json, Catalog::reference());
    }

    #[test]
    fn parse_quantity_never_panics(text in ".{0,40}", num in any::<f64>(), unit in "[a-zA-Z/ ]{0,6}") {
        let _ = materiel::units::parse_quantity::<materiel::units::Length>(&text);
        let _ = materiel::units::parse_quantity::<materiel::units::Mass>(&text);
        let _ = materiel::units::parse_quantity::<materiel::units::Velocity>(&format!("{num} {unit}"));
        let _ = materiel::units::parse_quantity::<materiel::units::Length>(&format!("{num}{unit}"));
    }
}

/// JSON-ish text: real entry shapes with mutated fields, and random JSON values.
fn json_ish() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        "[a-z_0-9:\\-]{0,12}".prop_map(|s| format!("{s:?}")),
    ];
    let value = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| format!("[{}]", v.join(","))),
            proptest::collection::vec(("[a-z]{1,8}", inner), 0..4).prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("{k:?}:{v}")).collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    });
    let field = prop_oneof![
        Just("\"id\"".to_owned()),
        Just("\"holder\"".to_owned()),
        Just("\"platform\"".to_owned()),
        Just("\"effective\"".to_owned()),
        Just("\"recorded\"".to_owned()),
        Just("\"change\"".to_owned()),
        Just("\"source\"".to_owned()),
        Just("\"kind\"".to_owned()),
        Just("\"count\"".to_owned()),
    ];
    prop_oneof![
        value.clone(),
        (Just(template()), field, value).prop_map(|(t, f, v)| {
            // Replace one field's value with a random one.
            match t.find(&format!("{f}:")) {
                Some(i) => {
                    let start = i + f.len() + 1;
                    let rest = &t[start..];
                    let end = rest.find([',', '}']).map_or(t.len(), |j| start + j);
                    format!("{}{}{}", &t[..start], v, &t[end..])
                }
                None => t,
            }
        }),
    ]
}

fn template() -> String {
    let mut ledger = Ledger::new(Catalog::reference());
    for e in varied_entries(1, 1) {
        ledger.append(e).expect("valid entry");
    }
    let entry = ledger.entries().next().expect("one entry");
    serde_json::to_string(&entry).expect("entries encode")
}

pub(crate) fn crc32c(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0x82F6_3B78
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_second_writer_is_refused_until_the_first_is_dropped() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("locked.jsonl");
    let options = JournalOptions::new();
    let first = Journal::create(&path, Catalog::reference(), &options).expect("created");
    let second = Journal::open(&path, Catalog::reference(), &options);
    assert!(
        matches!(second, Err(JournalError::Locked { .. })),
        "{:?}",
        second.map(|_| ())
    );
    // Replaying without writing takes no lock.
    let bytes = std::fs::read(&path).expect("readable");
    assert!(Journal::read_from(&bytes[..], Catalog::reference(), &options).is_ok());
    drop(first);
    assert!(Journal::open(&path, Catalog::reference(), &options).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Exclusive creation, raced by two real processes.

/// Set in the environment of the helper processes `create_is_exclusive_across_processes`
/// spawns: `<journal path>|<ready file>|<go file>|<result file>|<seed>`.
const RACE_ENV: &str = "MATERIEL_JOURNAL_CREATE_RACE";

/// Not a test on its own: the body of one racing creator, run in a child process.
#[test]
#[ignore = "helper process of create_is_exclusive_across_processes"]
fn create_race_child() {
    let Ok(spec) = std::env::var(RACE_ENV) else {
        return;
    };
    let parts: Vec<&str> = spec.split('|').collect();
    let [path, ready, go, out, seed] = parts[..] else {
        panic!("bad {RACE_ENV}: {spec}");
    };
    let seed: u64 = seed.parse().expect("seed");
    std::fs::write(ready, b"").expect("ready file");
    while !std::path::Path::new(go).exists() {
        std::thread::yield_now();
    }
    let report = match Journal::create(path, Catalog::reference(), &JournalOptions::new()) {
        Ok(mut journal) => {
            for e in varied_entries(3, seed) {
                journal.append(e).expect("append to a created journal");
            }
            format!("won {seed}")
        }
        Err(JournalError::Exists { .. }) => "exists".to_owned(),
        Err(e) => format!("error: {e:?}"),
    };
    std::fs::write(out, report).expect("result file");
}

#[test]
fn create_is_exclusive_across_processes() {
    let exe = std::env::current_exe().expect("the test binary");
    let dir = tempfile::tempdir().expect("temp dir");
    let rounds: usize = std::env::var("MATERIEL_CREATE_RACE_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    for round in 0..rounds {
        let path = dir.path().join(format!("race-{round}.jsonl"));
        let go = dir.path().join(format!("go-{round}"));
        let file = |what: &str, c: usize| dir.path().join(format!("{what}-{round}-{c}"));
        let children: Vec<std::process::Child> = (0..2)
            .map(|c| {
                let spec = format!(
                    "{}|{}|{}|{}|{}",
                    path.display(),
                    file("ready", c).display(),
                    go.display(),
                    file("out", c).display(),
                    100 + c
                );
                std::process::Command::new(&exe)
                    .args([
                        "journal::create_race_child",
                        "--exact",
                        "--ignored",
                        "--test-threads=1",
                    ])
                    .env(RACE_ENV, spec)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("spawn a racing creator")
            })
            .collect();
        let started = std::time::Instant::now();
        while !(0..2).all(|c| file("ready", c).exists()) {
            assert!(started.elapsed().as_secs() < 60, "children never got ready");
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        std::fs::write(&go, b"").expect("go");
        for mut child in children {
            assert!(child.wait().expect("child").success(), "round {round}");
        }
        let outs: Vec<String> = (0..2)
            .map(|c| std::fs::read_to_string(file("out", c)).expect("result"))
            .collect();
        let winners: Vec<&String> = outs.iter().filter(|o| o.starts_with("won ")).collect();
        assert_eq!(winners.len(), 1, "round {round}: {outs:?}");
        assert!(
            outs.iter().any(|o| o == "exists"),
            "round {round}: the loser must get Exists: {outs:?}"
        );
        let seed: u64 = winners[0]["won ".len()..].parse().expect("seed");
        let journal =
            Journal::open(&path, Catalog::reference(), &JournalOptions::new()).expect("reopen");
        assert!(journal.recovery().is_none());
        assert_eq!(
            journal.ledger().entries().collect::<Vec<_>>(),
            expected(&varied_entries(3, seed)).entries,
            "round {round}: the winner's appends are in the file at the path"
        );
        // Nothing but the journal and the test's own files is left in the directory.
        for leftover in std::fs::read_dir(dir.path()).expect("dir") {
            let name = leftover.expect("entry").file_name();
            let name = name.to_string_lossy();
            assert!(
                !name.contains("creating") && !name.contains(".tmp"),
                "round {round}: stray {name}"
            );
        }
    }
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
    for synced in (1..ends.len()).step_by(3) {
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

// ---------------------------------------------------------------------------------------------
// Snapshots are checksummed.

#[test]
fn a_hand_edited_snapshot_is_an_error_naming_the_entry() {
    let entries = varied_entries(20, 71);
    let mut ledger = Ledger::new(Catalog::reference());
    for e in &entries {
        ledger.append(e.clone()).expect("append");
    }
    let json = ledger.to_snapshot_json();
    // Change one delivered count, keeping the entry valid.
    let lines: Vec<&str> = json.lines().collect();
    let (i, line) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("\"kind\":\"delivered\"") && l.contains("\"value\":"))
        .expect("a delivery");
    let at = line.find("\"value\":").expect("value") + "\"value\":".len();
    let digit = line.as_bytes()[at];
    let other = if digit == b'9' {
        '8'
    } else {
        (digit + 1) as char
    };
    let edited_line = format!("{}{}{}", &line[..at], other, &line[at + 1..]);
    let mut edited = lines.clone();
    edited[i] = &edited_line;
    let text = edited.join("\n");
    let err = Ledger::from_snapshot_json(&text, Catalog::reference()).expect_err("edited");
    assert!(
        matches!(err, SnapshotError::Entry { index, .. } if index == i - 1),
        "{err}"
    );

    // Dropping the last entry (and fixing up the comma) is caught too.
    let mut short: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let last = short.len() - 2;
    short.remove(last);
    let prev = short[last - 1].trim_end_matches(',').to_owned();
    short[last - 1] = prev;
    let err = Ledger::from_snapshot_json(&short.join("\n"), Catalog::reference())
        .expect_err("an entry short");
    assert!(
        matches!(
            err,
            SnapshotError::Invalid { .. } | SnapshotError::Entry { .. }
        ),
        "{err}"
    );
}

#[test]
fn snapshot_wrappers_deny_unknown_fields() {
    let ledger = Ledger::new(Catalog::reference());
    let json = ledger.to_snapshot_json();
    let extra = json.replacen('{', "{\"comment\":\"hi\",", 1);
    let err = Ledger::from_snapshot_json(&extra, Catalog::reference()).expect_err("unknown");
    assert!(matches!(err, SnapshotError::Invalid { .. }), "{err}");
}

// ---------------------------------------------------------------------------------------------
// kill -9 during appends, with each durability policy.

/// Set in the environment of the helper processes `kill_9_loses_no_confirmed_entry` spawns:
/// `<journal path>|<every|onsync>`.
const KILL_ENV: &str = "MATERIEL_JOURNAL_KILL";

/// The entries every killed writer appends, in order.
fn kill_entries() -> Vec<NewEntry> {
    varied_entries(600, 81)
}

/// Not a test on its own: a writer that is killed mid-append, run in a child process.
#[test]
#[ignore = "helper process of kill_9_loses_no_confirmed_entry"]
fn kill_9_child() {
    use std::io::Write as _;
    let Ok(spec) = std::env::var(KILL_ENV) else {
        return;
    };
    let (path, policy) = spec.split_once('|').expect("spec");
    let durability = if policy == "every" {
        Durability::EveryEntry
    } else {
        Durability::OnSync
    };
    let opts = JournalOptions::new().durability(durability).repair(true);
    let mut journal = Journal::open(path, Catalog::reference(), &opts).expect("open");
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready {}", journal.ledger().len()).expect("stdout");
    out.flush().expect("stdout");
    let entries = kill_entries();
    for e in &entries[journal.ledger().len()..] {
        journal.append(e.clone()).expect("append");
        // Confirmed: the append returned Ok.
        writeln!(out, "{}", journal.ledger().len()).expect("stdout");
        out.flush().expect("stdout");
    }
}

#[test]
fn kill_9_loses_no_confirmed_entry() {
    use std::io::{BufRead as _, Read as _};
    let exe = std::env::current_exe().expect("the test binary");
    let all = expected(&kill_entries()).entries;
    let mut rng = Rng(99);
    for policy in ["every", "onsync"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("killed.jsonl");
        drop(Journal::create(&path, Catalog::reference(), &JournalOptions::new()).expect("create"));
        let (mut kills, mut interrupted) = (0, 0);
        for round in 0..12 {
            let mut child = std::process::Command::new(&exe)
                .args([
                    "journal::kill_9_child",
                    "--exact",
                    "--ignored",
                    "--test-threads=1",
                ])
                .arg("--nocapture")
                .env(KILL_ENV, format!("{}|{policy}", path.display()))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("spawn a writer");
            let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
            let mut first = String::new();
            // libtest may print the test's name on the same line.
            while !first.contains("ready") {
                first.clear();
                assert!(
                    stdout.read_line(&mut first).expect("read") > 0,
                    "{policy} round {round}: the writer never got ready"
                );
            }
            // What the writer found on opening is confirmed too.
            let ready: usize = first
                .trim()
                .rsplit(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("ready <entries>");
            std::thread::sleep(std::time::Duration::from_micros(rng.below(20_000)));
            // SIGKILL on Unix, TerminateProcess on Windows: no destructor runs.
            if child.kill().is_ok() {
                kills += 1;
            }
            child.wait().expect("wait");
            let mut rest = String::new();
            stdout.read_to_string(&mut rest).expect("read");
            // Whole lines only: a number cut by the kill is not a confirmation.
            let whole = &rest[..rest.rfind('\n').map_or(0, |i| i + 1)];
            let confirmed: usize = whole
                .lines()
                .filter_map(|l| l.trim().parse().ok())
                .next_back()
                .unwrap_or(0)
                .max(ready);
            let opts = JournalOptions::new().repair(true);
            let journal = Journal::open(&path, Catalog::reference(), &opts)
                .unwrap_or_else(|e| panic!("{policy} round {round}: {e}"));
            let got: Vec<Entry> = journal.ledger().entries().collect();
            assert!(
                got.len() >= confirmed,
                "{policy} round {round}: {confirmed} confirmed, {} recovered",
                got.len()
            );
            assert_eq!(got, all[..got.len()], "{policy} round {round}");
            if got.len() == all.len() {
                break;
            }
            interrupted += 1;
        }
        assert!(
            kills > 0 && interrupted > 0,
            "{policy}: no writer was killed mid-way"
        );
    }
}

/// A batch is written as lines with one write: reopening gives the same entries as the
/// ledger; a batch the ledger rejects writes nothing and appends nothing; a batch with an
/// over-long line is rolled back whole.
#[test]
fn extend_writes_a_batch_and_a_rejected_batch_writes_nothing() {
    for durability in [Durability::EveryEntry, Durability::OnSync] {
        let opts = JournalOptions::new().durability(durability);
        let (_dir, path, mut journal) = temp_journal(&opts);
        let entries = varied_entries(60, 3);
        let (first, rest) = entries.split_at(25);
        assert_eq!(journal.extend(first.to_vec()).expect("batch"), 0..25);
        assert_eq!(journal.extend(rest.to_vec()).expect("batch"), 25..60);
        let mut single = Ledger::new(Catalog::reference());
        for e in &entries {
            single.append(e.clone()).expect("append");
        }
        let before: Vec<Entry> = journal.ledger().entries().collect();
        assert_eq!(before, single.entries().collect::<Vec<_>>());

        // Rejected by the ledger: a loss of more than anyone holds, after a valid entry.
        let len = journal.len_bytes();
        let mut loss = varied_entries(1, 5).remove(0);
        loss = NewEntry::new(
            loss.holder().clone(),
            loss.platform().clone(),
            EffectiveDate::year(2010).expect("date"),
            Change::Lost {
                count: Count::exact(1_000_000).expect("a count"),
                from: Status::Operational,
                cause: LossCause::Destroyed,
            },
            loss.source().clone(),
            journal.ledger().latest_recorded().expect("entries"),
        );
        let valid = &entries[59];
        let valid = NewEntry::new(
            valid.holder().clone(),
            valid.platform().clone(),
            valid.effective(),
            Change::Observed {
                count: None,
                status: None,
            },
            valid.source().clone(),
            loss.recorded(),
        );
        let err = journal.extend([valid.clone(), loss]).expect_err("rejected");
        match err {
            JournalError::Batch(b) => assert_eq!(b.index, 1),
            other => panic!("{other}"),
        }
        assert_eq!(journal.len_bytes(), len);
        assert_eq!(std::fs::metadata(&path).expect("meta").len(), len);
        assert_eq!(journal.ledger().len(), 60);

        // An over-long line in the batch: nothing written, nothing kept.
        let long = valid.clone().with_note("x".repeat(2 * 1024 * 1024));
        let err = journal.extend([valid, long]).expect_err("too long");
        assert!(matches!(err, JournalError::EntryTooLong { .. }), "{err}");
        assert_eq!(std::fs::metadata(&path).expect("meta").len(), len);
        assert_eq!(journal.ledger().len(), 60);

        drop(journal);
        let reopened = Journal::open(&path, Catalog::reference(), &opts).expect("reopen");
        assert!(reopened.recovery().is_none());
        assert_eq!(reopened.ledger().entries().collect::<Vec<_>>(), before);
    }
}
