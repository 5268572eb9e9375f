//! Fuzzes the ledger snapshot loader with arbitrary bytes: no input may panic, and a snapshot
//! that loads writes back to a snapshot that loads to the same ledger.
#![no_main]

use libfuzzer_sys::fuzz_target;
use materiel::{Catalog, Ledger};

fuzz_target!(|data: &[u8]| {
    // Snapshots are UTF-8 JSON; `Ledger::load_snapshot` rejects other bytes before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(ledger) = Ledger::from_snapshot_json(text, Catalog::reference()) else {
        return;
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
