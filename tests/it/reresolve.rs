//! Re-resolution (`Ledger::reresolve_plan`): entries recorded against generic platforms move
//! onto the catalog's platforms by copies and retractions, and every view as known before
//! gives the old answer. A property test over random histories, and the Oryx importer's
//! output recorded against a catalog that did not know a name.

use std::collections::BTreeSet;

use jiff::Timestamp;
use materiel::ledger::{GenericPlatform, LedgerError, LossCause};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, HolderId, Ledger, NewEntry, PlatformKind,
    PlatformRef, Source, Status,
};
use proptest::prelude::*;

/// Generic platforms: three names the bundled catalog knows (one a family name, one a name of
/// several words resolved by its first word) and one it does not.
const NAMES: [&str; 4] = [
    "Leopard-2A6",
    "Unknown T-64",
    "T-72B3 with extra armour",
    "Zz-1 test",
];

fn generic(i: usize) -> PlatformRef {
    PlatformRef::Generic(GenericPlatform::new(NAMES[i], PlatformKind::ArmouredVehicle).unwrap())
}

/// The platforms of the histories: the four generic ones and the catalog's Leopard 2A6.
fn platform(i: usize) -> PlatformRef {
    if i < NAMES.len() {
        generic(i)
    } else {
        PlatformRef::catalog("leopard-2a6").unwrap()
    }
}

fn holder(i: usize) -> HolderId {
    ["UKR", "RUS"][i].parse().unwrap()
}

fn t(hours: i64) -> Timestamp {
    Timestamp::from_second(1_735_689_600 + hours * 3600).unwrap()
}

fn source() -> Source {
    Source::new("a list", "B2".parse().unwrap()).unwrap()
}

/// One step of a history: an entry (holder, platform, year, kind, count) or a retraction of
/// the entry at an index.
#[derive(Clone, Debug)]
enum Step {
    Entry(usize, usize, i16, u8, u64),
    Retract(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..2usize, 0..5usize, 2020..2026i16, 0..4u8, 1..5u64)
            .prop_map(|(h, p, y, k, n)| Step::Entry(h, p, y, k, n)),
        1 => (0..40usize).prop_map(Step::Retract),
    ]
}

/// Appends the steps that the ledger accepts (one recorded hour each).
fn history(steps: &[Step]) -> Ledger {
    let mut ledger = Ledger::new(Catalog::reference());
    for (i, s) in steps.iter().enumerate() {
        let recorded = t(i as i64);
        let entry = match *s {
            Step::Entry(h, p, year, kind, n) => {
                let count = Count::exact(n).unwrap();
                let change = match kind {
                    0 => Change::OpeningUnknown,
                    1 => Change::Delivered {
                        count,
                        into: Status::Operational,
                        supplier: None,
                        condition: Default::default(),
                    },
                    2 => Change::Lost {
                        count,
                        from: Status::Unknown,
                        cause: LossCause::Destroyed,
                    },
                    _ => Change::Lost {
                        count,
                        from: Status::Unknown,
                        cause: LossCause::Captured {
                            by: Some(holder(1 - h)),
                        },
                    },
                };
                let effective = EffectiveDate::year(year).unwrap();
                NewEntry::new(
                    holder(h),
                    platform(p),
                    effective,
                    change,
                    source(),
                    recorded,
                )
            }
            Step::Retract(k) => {
                let Some(target) = ledger.entries().nth(k).map(|e| e.id()) else {
                    continue;
                };
                let Ok(entry) = ledger.retraction(target, source(), recorded, None) else {
                    continue;
                };
                entry
            }
        };
        let _ = ledger.append(entry);
    }
    ledger
}

/// Every (holder, platform) lot of the histories.
fn lots() -> Vec<(HolderId, PlatformRef)> {
    let mut lots = Vec::new();
    for h in 0..2 {
        for p in 0..5 {
            lots.push((holder(h), platform(p)));
        }
    }
    lots
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// As known before the re-resolution, every lot is as it was; as known after, the lots of
    /// the names the catalog resolves are empty and their catalog lots hold what they held.
    #[test]
    fn as_known_before_is_unchanged(steps in proptest::collection::vec(step(), 0..40)) {
        let before = history(&steps);
        let recorded = t(1000);
        let plan = before.reresolve_plan(&Source::new("re-resolved", "B2".parse().unwrap()).unwrap(), recorded).unwrap();
        let mut after = before.clone();
        if let Err(e) = after.extend(plan.entries.clone()) {
            // Refused as a whole, and only where the generic Leopard-2A6's entries meet the
            // catalog lot's own (a baseline there the losses would take below zero): nothing
            // changed.
            prop_assert_eq!(after.entries().collect::<Vec<_>>(), before.entries().collect::<Vec<_>>());
            let leopard = platform(4);
            let ok = matches!(&e.error, LedgerError::NegativeCount { platform: p, .. } if *p == leopard);
            prop_assert!(ok, "{}", e);
            return Ok(());
        }
        // Nothing rewritten: the old entries are all still there, in order.
        let old: Vec<_> = before.entries().map(|e| e.into_content()).collect();
        let kept: Vec<_> = after.entries().take(old.len()).map(|e| e.into_content()).collect();
        prop_assert_eq!(&kept, &old);
        let known_before = AsOf::latest().known_at(t(999));
        let mut moved = BTreeSet::new();
        for (h, p) in lots() {
            prop_assert_eq!(
                after.lot(&h, &p, &known_before),
                before.lot(&h, &p, &AsOf::latest()),
                "{} {}", h, p
            );
            if let PlatformRef::Generic(g) = &p
                && g.designation() != "Zz-1 test"
            {
                let now = after.lot(&h, &p, &AsOf::latest());
                prop_assert!(now.is_empty(), "{} {} still holds {:?}", h, p, now);
                moved.insert(g.designation().to_owned());
            }
        }
        // The unknown name stays where it was.
        for h in 0..2 {
            let p = generic(3);
            prop_assert_eq!(after.lot(&holder(h), &p, &AsOf::latest()), before.lot(&holder(h), &p, &AsOf::latest()));
        }
        // The catalog's Leopard 2A6 lot holds its own and the generic Leopard-2A6's deliveries.
        for h in 0..2 {
            let catalog = after.lot(&holder(h), &platform(4), &AsOf::latest());
            let own = before.lot(&holder(h), &platform(4), &AsOf::latest());
            let generic = before.lot(&holder(h), &generic(0), &AsOf::latest());
            prop_assert_eq!(catalog.delivered().value(), own.delivered().value() + generic.delivered().value());
            prop_assert_eq!(catalog.lost().value(), own.lost().value() + generic.lost().value());
        }
        // Once applied, nothing is left to move.
        let again = after.reresolve_plan(&source(), t(1001)).unwrap();
        prop_assert!(again.is_empty(), "{:?}", again.moved);
    }
}

/// An Oryx import recorded against a catalog without the Leopard 2A6, re-resolved against the
/// bundled catalog: the losses join the lot SIPRI's deliveries are in.
#[test]
fn an_oryx_import_against_an_older_catalog_catches_up() {
    use materiel::import::oryx;

    let old_catalog = {
        let reference = Catalog::reference();
        let kept = reference
            .iter()
            .filter(|p| p.id().as_str() != "leopard-2a6")
            .cloned();
        Catalog::from_platforms(kept).unwrap()
    };
    let csv = "\
country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID
Ukraine,Germany,Leopard 2A6,destroyed,https://x.org/1.jpg,2023-06-10,1,1,1,7-111
Ukraine,Germany,Leopard 2A6,captured,https://x.org/2.jpg,2023-06-11,1,2,2,7-112
";
    let mut ledger = Ledger::new(old_catalog);
    let options = oryx::Options::new().recorded(t(0));
    let report = oryx::import(&mut ledger, csv.as_bytes(), &options).unwrap();
    assert_eq!(report.unresolved.len(), 1);
    let generic = ledger.entries().next().unwrap().platform().clone();
    assert!(matches!(generic, PlatformRef::Generic(_)));

    // The same entries, opened with the bundled catalog (as a journal is).
    let mut ledger = {
        let mut newer = Ledger::new(Catalog::reference());
        newer
            .extend(ledger.entries().map(|e| e.into_content()))
            .unwrap();
        newer
    };
    let plan = ledger.reresolve_plan(&source(), t(10)).unwrap();
    assert_eq!(plan.moved.len(), 1);
    let (g, id, n) = &plan.moved[0];
    assert_eq!(
        (g.designation(), id.as_str(), *n),
        ("Leopard 2A6", "leopard-2a6", 4)
    );
    ledger.extend(plan.entries).unwrap();
    let (ukr, rus): (HolderId, HolderId) = ("UKR".parse().unwrap(), "RUS".parse().unwrap());
    let leopard = PlatformRef::catalog("leopard-2a6").unwrap();
    assert_eq!(
        ledger.lot(&ukr, &leopard, &AsOf::latest()).lost().value(),
        2
    );
    assert_eq!(
        ledger
            .lot(&rus, &leopard, &AsOf::latest())
            .captured_in()
            .value(),
        1
    );
    assert_eq!(
        ledger.lot(&ukr, &generic, &AsOf::latest()).lost().value(),
        0
    );
    let before = AsOf::latest().known_at(t(5));
    assert_eq!(ledger.lot(&ukr, &generic, &before).lost().value(), 2);
    // The provenance keeps the photos.
    let urls: Vec<_> = ledger
        .provenance(&ukr, &leopard, &AsOf::latest())
        .entries
        .iter()
        .filter_map(|e| e.source().url().map(str::to_owned))
        .collect();
    assert_eq!(urls.len(), 2);
}
