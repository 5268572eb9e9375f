//! Imports a SIPRI Arms Transfers export and prints the import report, one recipient's
//! holdings (with SIPRI's designations and TIV of the deliveries), and the diff of two
//! editions made from the committed excerpt in memory (illustrative revisions).
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
        "{:<40} {:>9} {:>10} {:>9}  SIPRI designation(s) (supplier(s))",
        "platform", "delivered", "basis", "TIV"
    );
    println!("{}", "-".repeat(100));
    let mut rows: Vec<(String, u64, String, String, String, f64)> = Vec::new();
    for (platform, lot) in holdings.iter() {
        let delivered = lot.delivered();
        let entries = ledger.provenance(&holder, platform, &at).entries;
        let mut suppliers: Vec<String> = Vec::new();
        let mut designations: Vec<String> = Vec::new();
        let mut tiv = 0.0;
        for e in &entries {
            let Change::Delivered { supplier, .. } = e.change() else {
                continue;
            };
            suppliers.push(
                supplier
                    .as_ref()
                    .map_or_else(|| "unknown".to_owned(), |s| s.to_string()),
            );
            // The typed SIPRI facts: no note parsing.
            if let Ok(Some(deal)) = sipri::SipriDeal::of(e) {
                tiv += deal.tiv_delivery.map_or(0.0, |t| t.millions());
                designations.push(deal.designation);
            }
        }
        suppliers.sort();
        suppliers.dedup();
        designations.sort();
        designations.dedup();
        let name = match platform {
            PlatformRef::Catalog(_) => format!("{} [catalog]", platform.label(ledger.catalog())),
            PlatformRef::Generic { .. } => platform.to_string(),
        };
        rows.push((
            name,
            delivered.value(),
            delivered.basis().to_string(),
            designations.join(", "),
            suppliers.join(", "),
            tiv,
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    for (platform, n, basis, designations, suppliers, tiv) in &rows {
        println!("{platform:<40} {n:>9} {basis:>10} {tiv:>9.1}  {designations} ({suppliers})");
    }
    println!("{}", "-".repeat(100));
    println!("{} lots", rows.len());
    // Family roll-ups: a family's own lot and its variants' lots, each counted once.
    for family in ledger.catalog().iter().filter(|p| p.is_family()) {
        let rollup = ledger.family_holdings(&holder, family.id(), &at);
        if rollup.lots.is_empty() {
            continue;
        }
        let parts: Vec<String> = rollup
            .lots
            .iter()
            .map(|(p, s)| format!("{p} {}", s.in_service()))
            .collect();
        println!(
            "family {}: {} in service ({})",
            family.id(),
            rollup.total.in_service(),
            parts.join(" + ")
        );
    }

    // Two editions, made from the committed excerpt in memory: the second moves a delivery
    // year, revises a count, adds a deal and withdraws one. Illustrative, not SIPRI's own.
    println!();
    println!("Edition diff (ILLUSTRATIVE: the second edition is the excerpt edited in memory)");
    let excerpt = include_str!("../tests/data/sipri-excerpt.csv");
    let second = excerpt
        .replace("Data generated: 3 Jan 2025 9:16:02 PM", "Data generated: 2 Feb 2026 10:00:00 AM")
        .replace(
            "33019,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2006,No,8,No,2008,No,New,55,55,440,No",
            "33019,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2006,No,8,No,2009,No,New,55,55,440,No",
        )
        .replace(
            "33020,Russia,Venezuela,Mi-17,transport helicopter,Aircraft,2005,No,6,No,2006,No,New,7.25,7.25,43.5,No",
            "33020,Russia,Venezuela,Mi-17,transport helicopter,Aircraft,2005,No,8,No,2006,No,New,7.25,7.25,58,No",
        )
        .replace(
            "38045,United States,Venezuela,ship engine 6001-8000,ship engine,Engines,1999,No,2,No,2001,No,New,2.5,2.5,5,No\n",
            "",
        )
        + "99001,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2025,Yes,2,Yes,2026,Yes,New,55,55,110,No\n";
    let mut editions = Ledger::new(Catalog::reference());
    let diff = sipri::import(&mut editions, excerpt.as_bytes(), &Options::new())
        .and_then(|_| sipri::import(&mut editions, second.as_bytes(), &Options::new()));
    match diff {
        Ok(report) => {
            if let Some(diff) = &report.edition {
                print!("{diff}");
            }
            println!(
                "  {} entries appended, {} retracted",
                report.counts.entries_created - report.retracted,
                report.retracted
            );
        }
        Err(e) => {
            eprintln!("editions: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
