//! Records entries into a durable journal, simulates a crash mid-append, reopens, shows the
//! recovery report and the recovered holdings, repairs and appends again.
//!
//! Run with `cargo run --example journal`.
//!
//! The entries are the shared facts of `examples/common/mod.rs`: the SIPRI deliveries of deal
//! 33019 (graded as the importer grades them) and the first reported crash.

mod common;

use materiel::journal::{Durability, JournalOptions};
use materiel::ledger::LossCause;
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, Journal, NewEntry, PlatformRef, Source, Status,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("venezuela.jsonl");
    let options = JournalOptions::new().durability(Durability::EveryEntry);
    let sipri = Source::new(common::SIPRI_CITATION, common::sipri_grade())?
        .with_reference(format!("deal {}", common::SU30_DEAL));
    let crash = &common::CRASHES[0];
    let ven = "VEN".parse()?;
    let su30 = PlatformRef::catalog("su-30mk2")?;
    let delivery = |year, n, recorded: &str| -> Result<NewEntry, Box<dyn std::error::Error>> {
        Ok(NewEntry::new(
            "VEN".parse()?,
            PlatformRef::catalog("su-30mk2")?,
            EffectiveDate::year(year)?,
            Change::Delivered {
                count: Count::exact(n)?,
                into: Status::Unknown,
                supplier: Some("RUS".parse()?),
                condition: Default::default(),
            },
            sipri.clone(),
            recorded.parse()?,
        ))
    };
    let loss = |recorded: &str| -> Result<NewEntry, Box<dyn std::error::Error>> {
        Ok(NewEntry::new(
            "VEN".parse()?,
            PlatformRef::catalog("su-30mk2")?,
            crash.effective()?,
            Change::Lost {
                count: Count::exact(1)?,
                from: Status::Unknown,
                cause: LossCause::Destroyed,
            },
            crash.source()?,
            recorded.parse()?,
        )
        .with_note(crash.note))
    };

    println!("== recording into {}", path.display());
    let mut journal = Journal::create(&path, Catalog::reference(), &options)?;
    for (i, (year, n)) in common::SU30_DELIVERIES.into_iter().enumerate() {
        journal.append(delivery(year, n, &format!("2025-03-10T00:0{i}:00Z"))?)?;
    }
    journal.append(loss("2025-03-10T00:03:00Z")?)?;
    println!(
        "{} entries, {} bytes on disk",
        journal.ledger().len(),
        journal.len_bytes()
    );
    let full_len = journal.len_bytes();
    drop(journal);

    println!("\n== simulating a crash: cutting the last line in half");
    let text = std::fs::read(&path)?;
    let last_line_start = text[..text.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let cut = last_line_start + (text.len() - last_line_start) / 2;
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)?
        .set_len(cut as u64)?;
    println!("file cut from {full_len} to {cut} bytes");

    println!("\n== reopening (no repair)");
    let mut journal = Journal::open(&path, Catalog::reference(), &options)?;
    if let Some(r) = journal.recovery() {
        println!("recovery: {r}");
    }
    let at = AsOf::latest();
    let lot = journal.ledger().lot(&ven, &su30, &at);
    println!(
        "recovered {} entries; VEN su-30mk2 in service: {} (delivered {}, lost {})",
        journal.ledger().len(),
        lot.in_service(),
        lot.delivered(),
        lot.lost()
    );
    match journal.append(loss("2025-03-11T00:00:00Z")?) {
        Err(e) => println!("append before repair refused: {e}"),
        Ok(id) => println!("unexpectedly appended {id}"),
    }

    println!("\n== repairing and appending again");
    if let Some(r) = journal.repair()? {
        println!("repaired: {r}");
    }
    let id = journal.append(loss("2025-03-11T00:00:00Z")?)?;
    println!("re-recorded the lost entry as {id}");
    drop(journal);

    let journal = Journal::open(&path, Catalog::reference(), &options)?;
    let lot = journal.ledger().lot(&ven, &su30, &at);
    println!(
        "reopened {}: {} entries, in service {}",
        if journal.recovery().is_none() {
            "cleanly"
        } else {
            "with a torn tail"
        },
        journal.ledger().len(),
        lot.in_service()
    );
    for entry in journal.ledger().entries() {
        println!("  {entry}");
    }
    Ok(())
}
