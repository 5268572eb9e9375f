//! Fuzzes the ledger snapshot loader with arbitrary bytes: no input may panic, and a snapshot
//! that loads writes back to a snapshot that loads to the same ledger. A snapshot that does not
//! load is a `SnapshotError` whose entry index, when it names one, is within the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use materiel::journal::SnapshotError;
use materiel::{Catalog, Ledger};

fuzz_target!(|data: &[u8]| {
    // Snapshots are UTF-8 JSON; `Ledger::load_snapshot` rejects other bytes before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ledger = match Ledger::from_snapshot_json(text, Catalog::reference()) {
        Ok(ledger) => ledger,
        Err(e) => {
            if let SnapshotError::Entry { index, .. } = &e {
                // Every entry takes more than one byte.
                assert!(
                    *index < text.len(),
                    "entry index {index} past the input: {e}"
                );
            }
            return;
        }
    };
    let written = ledger.to_snapshot_json();
    let back = Ledger::from_snapshot_json(&written, Catalog::reference())
        .unwrap_or_else(|e| panic!("a snapshot the loader accepted did not reload: {e}"));
    assert_eq!(back.len(), ledger.len());
    assert_eq!(
        back.to_snapshot_json(),
        written,
        "the reloaded ledger wrote another snapshot"
    );
});
