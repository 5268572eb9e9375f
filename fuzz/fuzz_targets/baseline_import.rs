//! Fuzzes the baseline-table importer with arbitrary bytes: no input may panic, a lenient
//! import accounts for every row it read and appends one claim per imported row, and an
//! import that fails (or a strict one with a bad row) leaves the ledger unchanged; a line
//! over the limit is an error quoting a short prefix. Seeds: the committed example table,
//! bad rows, quoted fields and CRLF, and a row longer than the limit (`seed-endless-row`: it
//! stands for endless input, which stops at the limit).
#![no_main]

use libfuzzer_sys::fuzz_target;
use materiel::import::baseline::{self, Error, Options};
use materiel::import::{MAX_LINE_BYTES, RowProblem};
use materiel::{Catalog, Ledger};

fuzz_target!(|data: &[u8]| {
    let recorded = "2025-07-20T00:00:00Z".parse().expect("timestamp");
    let options = Options::new().recorded(recorded);
    let mut lenient = Ledger::new(Catalog::reference());
    match baseline::import(&mut lenient, data, &options) {
        Ok(report) => {
            let rejected_rows = report
                .counts
                .rejected
                .iter()
                .filter(|e| e.problem != RowProblem::Ledger)
                .count() as u64;
            assert_eq!(
                report.counts.rows_read,
                report.counts.rows_imported + rejected_rows
            );
            assert_eq!(lenient.len() as u64, report.counts.entries_created);
            assert_eq!(report.claims, report.counts.entries_created);
            assert!(report.counts.rejected.iter().all(|e| e.line >= 2));
        }
        Err(e) => {
            assert!(lenient.is_empty());
            if let Error::LineTooLong { error, .. } = &e {
                assert!(error.length > MAX_LINE_BYTES as u64 && error.prefix.len() <= 32 * 3);
                assert!(e.to_string().len() < 400);
            }
        }
    }
    let mut strict = Ledger::new(Catalog::reference());
    match baseline::import(&mut strict, data, &options.strict(true)) {
        Ok(report) => {
            assert!(report.counts.rejected.is_empty());
            assert_eq!(strict.len() as u64, report.counts.entries_created);
        }
        Err(_) => assert!(strict.is_empty()),
    }
});
