//! Fuzzes the SIPRI importer with arbitrary bytes: no input may panic, a lenient import
//! accounts for every row it read, and an import that fails leaves the ledger unchanged
//! (the one documented exception being a strict `sipri::Error::Ledger`); a line over the
//! limit is an error quoting a short prefix. Seeds include lines longer than the limit
//! (`seed-endless-*`: they stand for endless input, which stops at the limit).
#![no_main]

#[path = "common/import.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;
use materiel::import::sipri::{self, Error, Options};
use materiel::{Catalog, Ledger};

fuzz_target!(|data: &[u8]| {
    let mut lenient = Ledger::new(Catalog::reference());
    match sipri::import(&mut lenient, data, &Options::new()) {
        Ok(report) => {
            checks::lenient_counts_add_up(&report.counts, lenient.len(), 13);
        }
        Err(e) => {
            assert!(lenient.is_empty());
            if let Error::LineTooLong(t) = &e {
                checks::line_too_long_is_short(t, &e.to_string());
            }
        }
    }
    let mut strict = Ledger::new(Catalog::reference());
    match sipri::import(&mut strict, data, &Options::new().strict(true)) {
        Ok(report) => checks::strict_counts_add_up(&report.counts, strict.len()),
        Err(Error::Ledger { .. }) => {}
        Err(_) => assert!(strict.is_empty()),
    }
});
