//! Imports a SIPRI Arms Transfers export and prints the import report and one recipient's
//! holdings.
//!
//! ```text
//! cargo run --example sipri_import [PATH] [--recipient NAME]
//! ```
//!
//! `PATH` defaults to the committed excerpt `tests/data/sipri-excerpt.csv`; `NAME` (SIPRI's
//! spelling, such as `India`, or a holder id such as `IND`) defaults to Venezuela.

use std::process::ExitCode;

use materiel::import::sipri::{self, Options};
use materiel::{AsOf, Catalog, Change, Ledger, PlatformRef};

fn main() -> ExitCode {
    let mut path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sipri-excerpt.csv").to_owned();
    let mut recipient = "Venezuela".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--recipient" {
            match args.next() {
                Some(name) => recipient = name,
                None => {
                    eprintln!("--recipient needs a name");
                    return ExitCode::FAILURE;
                }
            }
        } else {
            path = arg;
        }
    }

    let mut ledger = Ledger::new(Catalog::reference());
    let started = std::time::Instant::now();
    let report = match sipri::import_file(&mut ledger, &path, &Options::new()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("Imported {path} in {:?}", started.elapsed());
    print!("{report}");

    // The recipient's holder id, as the importer maps SIPRI's name (or the id itself).
    let Some(holder) = sipri::holder(&recipient).or_else(|| recipient.parse().ok()) else {
        eprintln!("{recipient:?} is neither a SIPRI party name nor a holder id");
        return ExitCode::FAILURE;
    };

    let at = AsOf::latest();
    let holdings = ledger.holdings(&holder, &at);
    println!();
    println!("Holdings of {recipient} ({holder}), all deliveries to date, status unknown:");
    println!(
        "{:<40} {:>9} {:>10}  supplier(s)",
        "platform", "delivered", "basis"
    );
    println!("{}", "-".repeat(80));
    let mut rows: Vec<(String, u64, String, String)> = Vec::new();
    for (platform, lot) in holdings.iter() {
        let delivered = lot.delivered();
        let mut suppliers: Vec<String> = ledger
            .provenance(&holder, platform, &at)
            .entries
            .iter()
            .filter(|e| matches!(e.change(), Change::Delivered { .. }))
            .map(|e| {
                e.change()
                    .supplier()
                    .map_or_else(|| "unknown".to_owned(), |s| s.to_string())
            })
            .collect();
        suppliers.sort();
        suppliers.dedup();
        let name = match platform {
            PlatformRef::Catalog(_) => format!("{} [catalog]", platform.label(ledger.catalog())),
            PlatformRef::Generic { .. } => platform.to_string(),
        };
        rows.push((
            name,
            delivered.value(),
            delivered.basis().to_string(),
            suppliers.join(", "),
        ));
    }
    rows.sort();
    for (platform, n, basis, suppliers) in &rows {
        println!("{platform:<40} {n:>9} {basis:>10}  {suppliers}");
    }
    println!("{}", "-".repeat(80));
    println!("{} lots", rows.len());
    ExitCode::SUCCESS
}
