//! Fuzzes the Oryx importer with arbitrary bytes: no input may panic, a lenient import
//! accounts for every row it read, and an import that fails leaves the ledger unchanged
//! (the Oryx importer appends a strict import as one all-or-none batch); a line over the
//! limit is an error quoting a short prefix. Seeds include a line longer than the limit
//! (`seed-endless-row`: it stands for endless input, which stops at the limit) and a row cut
//! inside `matID` (`seed-cut-mat-id`).
#![no_main]

#[path = "common/import.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;
use materiel::import::oryx::{self, Error, Options};
use materiel::{Catalog, Ledger};

fuzz_target!(|data: &[u8]| {
    let recorded = "2025-07-20T00:00:00Z".parse().expect("timestamp");
    let options = Options::new().recorded(recorded);
    let mut lenient = Ledger::new(Catalog::reference());
    match oryx::import(&mut lenient, data, &options) {
        Ok(report) => {
            checks::lenient_counts_add_up(&report.counts, lenient.len(), 2);
            assert_eq!(report.rejected_in.len(), report.counts.rejected.len());
        }
        Err(e) => {
            assert!(lenient.is_empty());
            if let Error::LineTooLong { error, .. } = &e {
                checks::line_too_long_is_short(error, &e.to_string());
            }
        }
    }
    let mut strict = Ledger::new(Catalog::reference());
    match oryx::import(&mut strict, data, &options.strict(true)) {
        Ok(report) => checks::strict_counts_add_up(&report.counts, strict.len()),
        Err(_) => assert!(strict.is_empty()),
    }
});
