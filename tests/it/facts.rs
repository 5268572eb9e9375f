//! Typed entry facts (`materiel::ledger::Facts`) survive every way a ledger is written and
//! read back: the journal, its checkpoint, snapshots, and one-by-one vs batched appends.

#![allow(clippy::unwrap_used)]

use materiel::import::sipri::{self, Options};
use materiel::journal::{CheckpointStatus, Journal, JournalOptions};
use materiel::ledger::{Facts, SipriDeal, Tiv};
use materiel::{
    Catalog, Change, Count, EffectiveDate, Entry, Ledger, NewEntry, PlatformRef, Source,
};

const EXCERPT: &str = include_str!("../data/sipri-excerpt.csv");

fn excerpt() -> Ledger {
    let mut ledger = Ledger::new(Catalog::reference());
    sipri::import(&mut ledger, EXCERPT.as_bytes(), &Options::new()).unwrap();
    ledger
}

fn all(ledger: &Ledger) -> Vec<Entry> {
    ledger.entries().collect()
}

/// Every entry of the excerpt has facts; the ledger gives them back as they went in.
#[test]
fn facts_round_trip_through_journal_checkpoint_and_snapshot() {
    let ledger = excerpt();
    let entries = all(&ledger);
    assert!(entries.iter().all(|e| e.facts().is_some()));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sipri.journal");
    let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    // Half one by one, half as a batch.
    let (first, rest) = entries.split_at(entries.len() / 2);
    for e in first {
        journal.append(e.content().clone()).unwrap();
    }
    journal
        .extend(rest.iter().map(|e| e.content().clone()))
        .unwrap();
    assert_eq!(all(journal.ledger()), entries);
    drop(journal);

    // Replayed in full.
    let mut reopened = Journal::open(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    assert_eq!(all(reopened.ledger()), entries);
    // Through a checkpoint.
    reopened.checkpoint().unwrap();
    drop(reopened);
    let from_checkpoint =
        Journal::open(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
    assert!(matches!(
        from_checkpoint.checkpoint_status(),
        CheckpointStatus::Loaded { .. }
    ));
    assert_eq!(all(from_checkpoint.ledger()), entries);

    // Through a snapshot.
    let json = ledger.to_snapshot_json();
    let back = Ledger::from_snapshot_json(&json, Catalog::reference()).unwrap();
    assert_eq!(all(&back), entries);
}

/// The wire form of facts: a `"facts"` key, only when the entry has some; TIVs as text.
#[test]
fn facts_in_the_wire_form() {
    let mut deal = SipriDeal::new(33019, "Su-30MK");
    deal.order_year = 2006;
    deal.tiv_unit = Some("55".parse::<Tiv>().unwrap());
    deal.tiv_delivery = Some("0.15".parse::<Tiv>().unwrap());
    deal.licensed = Some(false);
    let entry = NewEntry::new(
        "VEN".parse().unwrap(),
        PlatformRef::catalog("su-30mk2").unwrap(),
        EffectiveDate::year(2006).unwrap(),
        Change::Delivered {
            count: Count::exact(4).unwrap(),
            into: materiel::Status::Unknown,
            supplier: Some("RUS".parse().unwrap()),
            condition: Default::default(),
        },
        Source::new("SIPRI", "B2".parse().unwrap()).unwrap(),
        "2025-01-03T00:00:00Z".parse().unwrap(),
    );
    let mut ledger = Ledger::new(Catalog::reference());
    ledger.append(entry.clone()).unwrap();
    ledger
        .append(entry.with_facts(Facts::Sipri(deal.clone())))
        .unwrap();
    let json = ledger.to_snapshot_json();
    assert_eq!(json.matches("\"facts\"").count(), 1, "{json}");
    assert!(
        json.contains(
            r#""facts":{"sipri":{"deal":33019,"designation":"Su-30MK","order_year":2006,"status":"new","licensed":false,"tiv_unit":"55","tiv_delivery":"0.15"}}"#
        ),
        "{json}"
    );
    let back = Ledger::from_snapshot_json(&json, Catalog::reference()).unwrap();
    let facts = back.entries().nth(1).unwrap().facts().cloned();
    assert_eq!(facts, Some(Facts::Sipri(deal)));
    assert_eq!(back.entries().next().unwrap().facts(), None);
    // An unknown key in the facts is an error, not dropped.
    let bad = json.replace("\"licensed\":false", "\"licenced\":false");
    assert!(Ledger::from_snapshot_json(&bad, Catalog::reference()).is_err());
}

/// The entries table ends with the facts columns, filled for SIPRI entries.
#[test]
fn facts_in_the_entries_table() {
    use materiel::export::{self, ENTRY_COLUMNS, Format};
    let ledger = excerpt();
    let mut out = Vec::new();
    export::entries(&ledger, Format::Csv, &mut out).unwrap();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let col = |name: &str| ENTRY_COLUMNS.iter().position(|c| *c == name).unwrap();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[col("source_reference")] == "33019" && &r[col("change")] == "delivered")
        .unwrap();
    let cells: Vec<&str> = [
        "sipri_deal",
        "designation",
        "armament_category",
        "order_year",
        "sipri_status",
        "licensed",
        "tiv_unit",
        "tiv_delivery",
        "delivered_estimate",
    ]
    .iter()
    .map(|c| &row[col(c)])
    .collect();
    assert_eq!(
        cells,
        [
            "33019", "Su-30MK", "Aircraft", "2006", "new", "false", "55", "220", "false"
        ]
    );
    let mut jsonl = Vec::new();
    export::entries(&ledger, Format::JsonLines, &mut jsonl).unwrap();
    let first: serde_json::Value =
        serde_json::from_slice(jsonl.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert!(first["tiv_unit"].is_number() || first["tiv_unit"].is_null());
    assert!(first["sipri_deal"].is_number());
}
