//! Fuzzes the SIPRI importer with arbitrary bytes: no input may panic, a lenient import
//! accounts for every row it read, and an import that fails leaves the ledger unchanged
//! (the one documented exception being a strict `SipriError::Ledger`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use materiel::import::sipri::{RowProblem, SipriError, SipriOptions, import_sipri};
use materiel::{Catalog, Ledger};

fuzz_target!(|data: &[u8]| {
    let mut lenient = Ledger::new(Catalog::reference());
    match import_sipri(&mut lenient, data, &SipriOptions::new()) {
        Ok(report) => {
            let rejected_rows = report
                .rejected
                .iter()
                .filter(|e| e.problem != RowProblem::Ledger)
                .count() as u64;
            assert_eq!(
                report.rows_read,
                report.rows_imported + report.rows_filtered + rejected_rows
            );
            assert_eq!(lenient.len() as u64, report.entries_created);
            assert!(report.rejected.iter().all(|e| e.line >= 13));
        }
        Err(_) => assert!(lenient.is_empty()),
    }
    let mut strict = Ledger::new(Catalog::reference());
    match import_sipri(&mut strict, data, &SipriOptions::new().strict(true)) {
        Ok(report) => {
            assert!(report.rejected.is_empty());
            assert_eq!(strict.len() as u64, report.entries_created);
        }
        Err(SipriError::Ledger { .. }) => {}
        Err(_) => assert!(strict.is_empty()),
    }
});
