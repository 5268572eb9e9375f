//! Fuzzes the baseline-table importer with arbitrary bytes: no input may panic, a lenient
//! import accounts for every row it read and appends one claim per imported row, and an
//! import that fails (or a strict one with a bad row) leaves the ledger unchanged; a line
//! over the limit is an error quoting a short prefix. Seeds: the committed example table,
//! bad rows, quoted fields and CRLF, and a row longer than the limit (`seed-endless-row`: it
//! stands for endless input, which stops at the limit).
#![no_main]

#[path = "common/import.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;
use materiel::import::baseline::{self, Error, Options};
use materiel::{Catalog, Ledger};

fuzz_target!(|data: &[u8]| {
    let recorded = "2025-07-20T00:00:00Z".parse().expect("timestamp");
    let options = Options::new().recorded(recorded);
    let mut lenient = Ledger::new(Catalog::reference());
    match baseline::import(&mut lenient, data, &options) {
        Ok(report) => {
            checks::lenient_counts_add_up(&report.counts, lenient.len(), 2);
            assert_eq!(report.claims, report.counts.entries_created);
        }
        Err(e) => {
            assert!(lenient.is_empty());
            if let Error::LineTooLong { error, .. } = &e {
                checks::line_too_long_is_short(error, &e.to_string());
            }
        }
    }
    let mut strict = Ledger::new(Catalog::reference());
    match baseline::import(&mut strict, data, &options.strict(true)) {
        Ok(report) => checks::strict_counts_add_up(&report.counts, strict.len()),
        Err(_) => assert!(strict.is_empty()),
    }
});
