//! The store seam: the same histories through every store (a journal, memory, either behind
//! `DynStore`) give the same ledger; copies between stores are byte for byte and all or
//! nothing, whatever fails. (The PostgreSQL store's part is in `tests/it/postgres.rs`.)

use std::ops::Range;
use std::sync::Arc;

use proptest::prelude::*;
use proptest::test_runner::Config;

use materiel::codec;
use materiel::journal::{Durability, Journal, JournalError, JournalOptions};
use materiel::store::{CopyError, DynStore, EntryLines, LedgerStore, MemoryStore, StoreError};
use materiel::{Catalog, EntryId, Ledger, LedgerError, NewEntry, Source};

use crate::support::history::*;

fn options() -> JournalOptions {
    JournalOptions::new().durability(Durability::OnSync)
}

/// Appends `entries` to `store` through the seam, half one by one and half as a batch, and
/// syncs.
pub(crate) fn fill<S: LedgerStore + ?Sized>(
    store: &mut S,
    entries: &[NewEntry],
) -> Result<(), S::Error> {
    let half = entries.len() / 2;
    for entry in &entries[..half] {
        store.append(entry.clone())?;
    }
    store.extend(entries[half..].to_vec())?;
    store.sync()
}

/// `n` deliveries of one unit a year, a recorded hour apart.
pub(crate) fn deliveries(n: usize) -> Vec<NewEntry> {
    let ops: Vec<Op> = (0..n)
        .map(|i| {
            Op::Entry(
                holder("VEN"),
                platforms()[i % 2].clone(),
                materiel::EffectiveDate::year(1990 + i as i16).unwrap(),
                materiel::Change::Delivered {
                    count: materiel::Count::exact(1).unwrap(),
                    into: materiel::Status::Operational,
                    supplier: None,
                    condition: Default::default(),
                },
                source("B2"),
                1,
            )
        })
        .collect();
    let entries = accepted(&mut Ledger::new(Catalog::reference()), &ops, &mut t0());
    assert_eq!(entries.len(), n);
    entries
}

/// The journal file's entry lines, newline excluded.
fn file_lines(path: &std::path::Path) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(path).unwrap();
    bytes
        .split(|&b| b == b'\n')
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

proptest! {
    #![proptest_config(Config::with_cases(cases(32)))]

    /// A history through a journal, a memory store and both behind `DynStore` gives one
    /// ledger and the same lines; copies round trip byte for byte.
    #[test]
    fn every_store_holds_the_same_history_and_copies_it_byte_for_byte(ops in ops_s(50)) {
        let mut ledger = Ledger::new(Catalog::reference());
        let entries = accepted(&mut ledger, &ops, &mut t0());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let mut journal = Journal::create(&path, Catalog::reference(), &options()).unwrap();
        fill(&mut journal, &entries).unwrap();
        let mut memory = MemoryStore::new(Catalog::reference());
        fill(&mut memory, &entries).unwrap();
        let mut boxed: DynStore = MemoryStore::new(Catalog::reference()).boxed();
        fill(&mut *boxed, &entries).unwrap();
        let second = dir.path().join("second.jsonl");
        let mut boxed_journal =
            Journal::create(&second, Catalog::reference(), &options()).unwrap().boxed();
        fill(&mut *boxed_journal, &entries).unwrap();

        for other in [memory.ledger(), boxed.ledger(), boxed_journal.ledger()] {
            prop_assert!(journal.ledger().entries().eq(other.entries()));
        }
        prop_assert!(ledger.entries().eq(journal.ledger().entries()));
        prop_assert_eq!(memory.lines(), &file_lines(&path)[..]);
        let read_back: Vec<Vec<u8>> =
            journal.entry_lines().unwrap().collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(&read_back, &file_lines(&path));

        // Journal -> memory -> journal: the same file; memory -> memory: the same lines.
        let mut copied = MemoryStore::copy_of(&mut journal).unwrap();
        prop_assert_eq!(copied.lines(), memory.lines());
        let third = dir.path().join("third.jsonl");
        drop(Journal::create_copy(&third, &mut copied, &options()).unwrap());
        prop_assert_eq!(std::fs::read(&third).unwrap(), std::fs::read(&path).unwrap());
        let again = MemoryStore::copy_of(&mut *boxed).unwrap();
        prop_assert_eq!(again.lines(), memory.lines());
        let reopened = Journal::open(&third, Catalog::reference(), &options()).unwrap();
        prop_assert!(reopened.ledger().entries().eq(ledger.entries()));
    }
}

#[test]
fn retract_is_the_same_through_every_store() {
    let entries = deliveries(1);
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::create(dir.path().join("j"), Catalog::reference(), &options()).unwrap();
    let stores: Vec<DynStore> = vec![
        journal.boxed(),
        MemoryStore::new(Catalog::reference()).boxed(),
    ];
    let correction = Source::new("correction", "B2".parse().unwrap()).unwrap();
    let later = entries[0].recorded() + jiff::SignedDuration::from_hours(1);
    let mut retracted = Vec::new();
    for mut store in stores {
        fill(&mut *store, &entries).unwrap();
        let id = store
            .retract(
                EntryId::new(0),
                correction.clone(),
                later,
                Some("why".into()),
            )
            .unwrap();
        assert_eq!(store.ledger().retracted_by(EntryId::new(0)), Some(id));
        // An unknown entry is the ledger's refusal, whatever the store.
        let err = store
            .retract(EntryId::new(9), correction.clone(), later, None)
            .unwrap_err();
        assert!(
            matches!(err.refusal(), Some(LedgerError::UnknownEntry { .. })),
            "{err}"
        );
        retracted.push(store.ledger().entries().collect::<Vec<_>>());
    }
    assert_eq!(retracted[0], retracted[1]);
    // The journal's own error is inside.
    let path = dir.path().join("k");
    let mut journal = Journal::create(&path, Catalog::reference(), &options())
        .unwrap()
        .boxed();
    let err = journal
        .retract(EntryId::new(0), correction, later, None)
        .unwrap_err();
    assert!(matches!(
        err.downcast_ref::<JournalError>(),
        Some(JournalError::Ledger(LedgerError::UnknownEntry { .. }))
    ));
}

/// A store whose lines go wrong in a chosen way, to copy from.
pub(crate) struct Faulty {
    pub(crate) inner: MemoryStore,
    pub(crate) fault: Fault,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum Fault {
    /// The lines fail after this many.
    FailAfter(usize),
    /// The lines end after this many.
    EndAfter(usize),
    /// Line n has a byte changed.
    Damage(usize),
}

impl LedgerStore for Faulty {
    type Error = StoreError;
    fn ledger(&self) -> &Ledger {
        self.inner.ledger()
    }
    fn snapshot(&self) -> Arc<Ledger> {
        self.inner.snapshot()
    }
    fn append(&mut self, entry: NewEntry) -> Result<EntryId, StoreError> {
        self.inner.append(entry)
    }
    fn extend(&mut self, entries: Vec<NewEntry>) -> Result<Range<u64>, StoreError> {
        self.inner.extend(entries)
    }
    fn refresh(&mut self) -> Result<usize, StoreError> {
        Ok(0)
    }
    fn sync(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
    fn checkpoint(&mut self) -> Result<u64, StoreError> {
        Ok(0)
    }
    fn entry_lines(&mut self) -> Result<EntryLines<'_, StoreError>, StoreError> {
        let fault = self.fault;
        let lines = self.inner.lines().iter().cloned().enumerate();
        Ok(Box::new(lines.map_while(
            move |(i, mut line)| match fault {
                Fault::FailAfter(n) if i == n => Some(Err(StoreError::new(std::io::Error::other(
                    "the disk went away",
                )))),
                Fault::EndAfter(n) if i == n => None,
                Fault::Damage(n) if i == n => {
                    let at = line.len() - 3;
                    line[at] ^= 1;
                    Some(Ok(line))
                }
                _ => Some(Ok(line)),
            },
        )))
    }
}

#[test]
fn a_copy_that_fails_leaves_nothing_behind() {
    let entries = deliveries(12);
    let dir = tempfile::tempdir().unwrap();
    for (k, fault) in [
        Fault::FailAfter(0),
        Fault::FailAfter(7),
        Fault::EndAfter(0),
        Fault::EndAfter(11),
        Fault::Damage(0),
        Fault::Damage(11),
    ]
    .into_iter()
    .enumerate()
    {
        let mut source = Faulty {
            inner: MemoryStore::new(Catalog::reference()),
            fault,
        };
        fill(&mut source, &entries).unwrap();
        let path = dir.path().join(format!("copy-{k}.jsonl"));
        let err = Journal::create_copy(&path, &mut source, &options()).unwrap_err();
        match (fault, &err) {
            (Fault::FailAfter(_), CopyError::Source(e)) => {
                assert_eq!(e.to_string(), "the disk went away");
            }
            (Fault::EndAfter(n), CopyError::Short { expected, found }) => {
                assert_eq!((*expected, *found), (12, n as u64));
            }
            (Fault::Damage(n), CopyError::Line { index, source }) => {
                assert_eq!(*index, n as u64);
                assert!(
                    matches!(source, codec::CodecError::Checksum { .. }),
                    "{source}"
                );
            }
            _ => panic!("{fault:?}: {err}"),
        }
        // Nothing at the path, and no temporary file either.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(left.is_empty(), "{fault:?}: {left:?}");
        let err = MemoryStore::copy_of(&mut source).unwrap_err();
        assert!(
            !matches!(err, CopyError::Target(_)),
            "{fault:?}: the source's fault, not the copy's: {err}"
        );
    }
}

#[test]
fn a_copy_never_replaces_a_file_and_a_journal_copies_only_its_intact_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    let entries = deliveries(30);
    let mut journal = Journal::create(&path, Catalog::reference(), &options()).unwrap();
    fill(&mut journal, &entries).unwrap();
    drop(journal);
    let taken = dir.path().join("taken.jsonl");
    std::fs::write(&taken, b"precious").unwrap();
    let mut memory = MemoryStore::new(Catalog::reference());
    fill(&mut memory, &entries).unwrap();
    let err = Journal::create_copy(&taken, &mut memory, &options()).unwrap_err();
    assert!(
        matches!(err, CopyError::Target(JournalError::Exists { .. })),
        "{err}"
    );
    assert_eq!(std::fs::read(&taken).unwrap(), b"precious");

    // A torn tail, not repaired: the copy holds the intact entries, and reads as one.
    use std::io::Write as _;
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(b"{\"crc32c\":\"0000")
        .unwrap();
    let mut torn = Journal::open(&path, Catalog::reference(), &options()).unwrap();
    assert!(torn.recovery().is_some());
    let copy = dir.path().join("copy.jsonl");
    drop(Journal::create_copy(&copy, &mut torn, &options()).unwrap());
    let intact = torn.len_bytes() as usize;
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(&path).unwrap()[..intact]
    );
    assert_eq!(file_lines(&copy).len(), entries.len());
}

#[test]
fn a_memory_store_refuses_what_the_ledger_refuses_and_stores_nothing() {
    let mut store = MemoryStore::new(Catalog::reference());
    let entries = deliveries(20);
    fill(&mut store, &entries).unwrap();
    let before = store.lines().to_vec();
    // Recorded before the latest entry: refused, nothing stored.
    let mut late = entries.last().cloned().unwrap();
    late = late.with_recorded(t0() - jiff::SignedDuration::from_hours(1));
    let err = store.append(late.clone()).unwrap_err();
    assert!(err.refusal().is_some(), "{err}");
    let err = store.extend(vec![late]).unwrap_err();
    assert!(err.refusal().is_some(), "{err}");
    assert_eq!(store.lines(), &before[..]);
    assert_eq!(store.ledger().len(), entries.len());
    // Each line is the codec's.
    for (entry, line) in store.ledger().entries().zip(store.lines()) {
        assert_eq!(codec::decode_entry_line(line).unwrap(), entry);
    }
}
