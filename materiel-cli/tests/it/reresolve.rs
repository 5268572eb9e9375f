//! `materiel reresolve`: a journal holding an entry recorded against a generic platform the
//! bundled catalog knows is moved onto the catalog platform by a copy and a retraction; a dry
//! run writes nothing; a second run finds nothing to move.

use materiel::journal::JournalOptions;
use materiel::ledger::GenericPlatform;
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, Journal, NewEntry, PlatformKind, PlatformRef,
    Source, Status,
};

use crate::support::ok;

#[test]
fn reresolve_moves_generic_entries_onto_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ua.jsonl");
    let generic = PlatformRef::Generic(
        GenericPlatform::new("Leopard-2A6", PlatformKind::ArmouredVehicle).unwrap(),
    );
    {
        let mut journal =
            Journal::create(&path, Catalog::reference(), &JournalOptions::new()).unwrap();
        journal
            .append(NewEntry::new(
                "UKR".parse().unwrap(),
                generic.clone(),
                EffectiveDate::year(2023).unwrap(),
                Change::Delivered {
                    count: Count::exact(3).unwrap(),
                    into: Status::Operational,
                    supplier: None,
                    condition: Default::default(),
                },
                Source::new("an older import", "B2".parse().unwrap()).unwrap(),
                "2025-01-01T00:00:00Z".parse().unwrap(),
            ))
            .unwrap();
        journal.sync().unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let out = ok(
        dir.path(),
        &["reresolve", "--journal", "ua.jsonl", "--dry-run"],
    );
    assert!(out.contains("Leopard-2A6 -> leopard-2a6: 1 entry"), "{out}");
    assert!(out.contains("nothing written"), "{out}");
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let out = ok(
        dir.path(),
        &[
            "reresolve",
            "--journal",
            "ua.jsonl",
            "--recorded",
            "2026-01-01T00:00:00Z",
        ],
    );
    assert!(out.contains("appended 2 entries (#1..#2)"), "{out}");
    // The old bytes are untouched: only lines appended.
    let after = std::fs::read(&path).unwrap();
    assert!(after.starts_with(&before));
    let ledger = Journal::read(&path, Catalog::reference(), &JournalOptions::new())
        .unwrap()
        .ledger;
    let ukr = "UKR".parse().unwrap();
    let leopard = PlatformRef::catalog("leopard-2a6").unwrap();
    assert_eq!(
        ledger
            .lot(&ukr, &leopard, &AsOf::latest())
            .delivered()
            .value(),
        3
    );
    let known_before = AsOf::latest().known_at("2025-06-01T00:00:00Z".parse().unwrap());
    assert_eq!(
        ledger
            .lot(&ukr, &generic, &known_before)
            .delivered()
            .value(),
        3
    );

    let out = ok(dir.path(), &["reresolve", "--journal", "ua.jsonl"]);
    assert!(out.contains("nothing to re-resolve"), "{out}");
}
