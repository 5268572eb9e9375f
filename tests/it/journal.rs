//! The journal: appends, reopening, refusals, errors that name the line, hostile input, one
//! writer at a time. Damage and truncation are in `journal_damage.rs`, snapshots in
//! `journal_snapshot.rs`, real processes in `journal_processes.rs`; the generators of varied
//! entries here serve them all.

use std::sync::Arc;

use jiff::{Timestamp, ToSpan};
use materiel::journal::{Durability, JournalError, JournalOptions, JournalReader};
use materiel::ledger::{Holdings, LossCause};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, Entry, HolderId, Journal, Ledger, NewEntry,
    PlatformKind, PlatformRef, Source, Status,
};
use proptest::prelude::*;

/// A small deterministic generator (SplitMix64).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub(crate) fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize].clone()
    }
}

pub(crate) fn holder(s: &str) -> HolderId {
    s.parse().expect("valid holder")
}

pub(crate) const STATUSES: [Status; 4] = [
    Status::Operational,
    Status::Degraded,
    Status::NonOperationalMaintenance,
    Status::Stored,
];

/// `n` varied entries that a ledger accepts, in order, built deterministically from `seed`:
/// candidates the ledger rejects are skipped.
pub(crate) fn varied_entries(n: usize, seed: u64) -> Vec<NewEntry> {
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

pub(crate) fn all_holdings(ledger: &Ledger) -> Vec<(HolderId, Holdings)> {
    ledger.all_holdings(&AsOf::latest())
}

/// The journal bytes for `entries`, and the byte offset where each line ends.
pub(crate) fn journal_bytes(entries: &[NewEntry]) -> (Vec<u8>, Vec<usize>) {
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

pub(crate) struct Expected {
    pub(crate) entries: Vec<Entry>,
    /// Holdings after the first k entries, for every k.
    pub(crate) holdings: Vec<Vec<(HolderId, Holdings)>>,
}

pub(crate) fn expected(entries: &[NewEntry]) -> Expected {
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
pub(crate) fn states_at_line_ends(bytes: &[u8], ends: &[usize]) -> Vec<JournalReader> {
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
pub(crate) fn temp_journal(
    opts: &JournalOptions,
) -> (tempfile::TempDir, std::path::PathBuf, Journal) {
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
pub(crate) fn json_ish() -> impl Strategy<Value = String> {
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

pub(crate) fn template() -> String {
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
