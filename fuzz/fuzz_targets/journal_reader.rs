//! Fuzzes the journal reader, whole and chunked: no input may panic, and chunking must not
//! change the outcome. (Snapshots have their own target, `snapshot_json`.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use materiel::journal::{JournalOptions, JournalReader};
use materiel::{Catalog, Journal};

fuzz_target!(|data: &[u8]| {
    let options = JournalOptions::new().max_line_bytes(64 * 1024);
    let whole = Journal::read_from(data, Catalog::reference(), &options);
    let mut reader = JournalReader::new(Catalog::reference(), &options);
    let mid = data.len() / 2;
    let chunked = reader
        .feed(&data[..mid])
        .and_then(|()| reader.feed(&data[mid..]))
        .and_then(|()| reader.finish());
    match (whole, chunked) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.intact_bytes, b.intact_bytes);
            assert_eq!(a.recovery, b.recovery);
            assert_eq!(a.ledger.len(), b.ledger.len());
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("chunking changed the outcome"),
    }
});
