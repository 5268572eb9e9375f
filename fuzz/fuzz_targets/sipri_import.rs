//! Fuzzes the SIPRI importer with arbitrary bytes: no input may panic, a lenient import
//! accounts for every row it read, and an import that fails leaves the ledger unchanged
//! (the one documented exception being a strict `sipri::Error::Ledger`); a line over the
//! limit is an error quoting a short prefix. Seeds include lines longer than the limit
//! (`seed-endless-*`: they stand for endless input, which stops at the limit).
#![no_main]

use libfuzzer_sys::fuzz_target;
use materiel::import::{MAX_LINE_BYTES, RowProblem};
use materiel::import::sipri::{self, Error, Options};
use materiel::{Catalog, Ledger};

fuzz_target!(|data: &[u8]| {
    let mut lenient = Ledger::new(Catalog::reference());
    match sipri::import(&mut lenient, data, &Options::new()) {
        Ok(report) => {
            let rejected_rows = report
                .counts
                .rejected
                .iter()
                .filter(|e| e.problem != RowProblem::Ledger)
                .count() as u64;
            assert_eq!(
                report.counts.rows_read,
                report.counts.rows_imported + report.counts.rows_filtered + rejected_rows
            );
            assert_eq!(lenient.len() as u64, report.counts.entries_created);
            assert!(report.counts.rejected.iter().all(|e| e.line >= 13));
        }
        Err(e) => {
            assert!(lenient.is_empty());
            if let Error::LineTooLong(t) = &e {
                assert!(t.length > MAX_LINE_BYTES as u64 && t.prefix.len() <= 32 * 3);
                assert!(e.to_string().len() < 400);
            }
        }
    }
    let mut strict = Ledger::new(Catalog::reference());
    match sipri::import(&mut strict, data, &Options::new().strict(true)) {
        Ok(report) => {
            assert!(report.counts.rejected.is_empty());
            assert_eq!(strict.len() as u64, report.counts.entries_created);
        }
        Err(Error::Ledger { .. }) => {}
        Err(_) => assert!(strict.is_empty()),
    }
});
