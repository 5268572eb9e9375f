//! The platform's origin, category and family: the origin filter of grouped answers
//! (`GroupFilter::origin`) keeps exactly the platforms whose catalog origin is one of those
//! given, generic equipment never; the holdings export carries the three as columns.

use materiel::catalog::Category;
use materiel::export::{self, Format, HOLDINGS_COLUMNS};
use materiel::ledger::{Condition, GroupBy, GroupFilter, LossCause};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, HolderId, Ledger, NewEntry, PlatformKind,
    PlatformRef, Status,
};
use proptest::prelude::*;

use crate::support::history::{accepted, cases, catalog, holder, holders, ops_s, source, t0};

fn origin_sets() -> [Vec<HolderId>; 4] {
    [
        vec![holder("RUS")],
        vec![holder("SUN")],
        vec![holder("RUS"), holder("SUN")],
        vec![holder("USA")],
    ]
}

fn filter_of(origins: &[HolderId]) -> GroupFilter {
    origins
        .iter()
        .fold(GroupFilter::new(), |f, o| f.origin(o.clone()))
}

fn kept(catalog: &Catalog, origins: &[HolderId], platform: &PlatformRef) -> bool {
    platform
        .origin(catalog)
        .is_some_and(|o| origins.contains(o))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    #[test]
    fn an_origin_filter_keeps_exactly_the_platforms_of_those_origins(ops in ops_s(60)) {
        let mut ledger = Ledger::new(Catalog::reference());
        accepted(&mut ledger, &ops, &mut t0());
        let at = AsOf::latest();
        let catalog = ledger.catalog();
        for origins in origin_sets() {
            let filter = filter_of(&origins);
            for h in holders() {
                // Holdings: the lots of those origins, each its own group by platform.
                let groups = ledger
                    .group_holdings(&h, GroupBy::Platform, &filter, &at)
                    .unwrap();
                let expected: u64 = ledger
                    .holdings(&h, &at)
                    .iter()
                    .filter(|(p, _)| kept(catalog, &origins, p))
                    .map(|(_, s)| s.in_service().value())
                    .sum();
                let got: u64 = groups.iter().map(|g| g.in_service.value()).sum();
                prop_assert_eq!(got, expected, "holdings of {} from {:?}", h, origins);
                // Deliveries.
                let all = ledger.deliveries(Some(&h), &GroupFilter::new(), &at);
                let only = ledger.deliveries(Some(&h), &filter, &at);
                let expected: Vec<_> = all
                    .into_iter()
                    .filter(|d| kept(catalog, &origins, &d.platform))
                    .collect();
                prop_assert_eq!(only, expected);
            }
            // Losses.
            let expected: u64 = ledger
                .losses(&at)
                .iter()
                .filter(|r| kept(catalog, &origins, &r.platform))
                .map(|r| r.count.value())
                .sum();
            let got: u64 = ledger
                .group_losses(None, GroupBy::Category, &filter, &at)
                .unwrap()
                .iter()
                .map(|r| r.count.value())
                .sum();
            prop_assert_eq!(got, expected, "losses from {:?}", origins);
        }
    }
}

/// Venezuela holds Russian (Su-30MK2, RUS) and Soviet (Il-76TD, SUN) aircraft, Buk missiles
/// (9M317, RUS: designed in the USSR, first produced in Russia, as its catalog note says),
/// F-16As whose catalog entry gives no origin, and a generic radar (which has none).
fn venezuela() -> Ledger {
    let mut ledger = Ledger::new(Catalog::reference());
    let radar = PlatformRef::Generic(
        materiel::ledger::GenericPlatform::new("JY-27A radar", PlatformKind::Generic)
            .unwrap()
            .with_category(Category::Radar),
    );
    let lots = [
        (catalog("su-30mk2"), 24),
        (catalog("il-76td"), 2),
        (catalog("f-16a"), 21),
        (catalog("9m317"), 300),
        (radar, 3),
    ];
    for (platform, n) in lots {
        let change = Change::Delivered {
            count: Count::exact(n).unwrap(),
            into: Status::Unknown,
            supplier: None,
            condition: Condition::New,
        };
        let year = EffectiveDate::year(2010).unwrap();
        let entry = NewEntry::new(holder("VEN"), platform, year, change, source("B2"), t0());
        ledger.append(entry).unwrap();
    }
    ledger
}

#[test]
fn russian_made_is_the_codes_the_caller_gives_and_generic_equipment_has_no_origin() {
    let ledger = venezuela();
    let at = AsOf::latest();
    let ven = holder("VEN");
    let held = |origins: &[&str]| -> Vec<(String, u64)> {
        let filter = origins
            .iter()
            .fold(GroupFilter::new(), |f, o| f.origin(holder(o)));
        ledger
            .group_holdings(&ven, GroupBy::Platform, &filter, &at)
            .unwrap()
            .iter()
            .map(|g| (g.key.label(ledger.catalog()), g.in_service.value()))
            .collect()
    };
    assert_eq!(
        held(&["RUS"]),
        [("9M317".to_owned(), 300), ("Su-30MK2".to_owned(), 24)]
    );
    assert_eq!(held(&["SUN"]), [("Il-76TD".to_owned(), 2)]);
    assert_eq!(
        held(&["RUS", "SUN"]),
        [
            ("9M317".to_owned(), 300),
            ("Il-76TD".to_owned(), 2),
            ("Su-30MK2".to_owned(), 24)
        ]
    );
    // Given twice, an origin counts once.
    assert_eq!(held(&["RUS", "RUS"]), held(&["RUS"]));
    // Neither the radar (generic) nor the F-16A (no origin in the catalog) is of any origin.
    let everything: Vec<&str> = ["RUS", "SUN", "USA", "CHN", "BLR"].to_vec();
    let total: u64 = held(&everything).iter().map(|(_, n)| n).sum();
    assert_eq!(total, 24 + 2 + 300);
    // By category, with the origin filter.
    let filter = GroupFilter::new()
        .origin(holder("RUS"))
        .origin(holder("SUN"));
    let by_category: Vec<(String, u64)> = ledger
        .group_holdings(&ven, GroupBy::Category, &filter, &at)
        .unwrap()
        .iter()
        .map(|g| (g.key.label(ledger.catalog()), g.in_service.value()))
        .collect();
    assert_eq!(
        by_category,
        [
            ("combat_aircraft".to_owned(), 24),
            ("surface_to_air_missile".to_owned(), 300),
            ("transport_aircraft".to_owned(), 2)
        ]
    );
}

#[test]
fn an_origin_filter_applies_to_losses_too() {
    let mut ledger = venezuela();
    let lost = Change::Lost {
        count: Count::exact(1).unwrap(),
        from: Status::Unknown,
        cause: LossCause::Destroyed,
    };
    for p in ["su-30mk2", "f-16a"] {
        let day = EffectiveDate::day(2015, 3, 1).unwrap();
        let entry = NewEntry::new(
            holder("VEN"),
            catalog(p),
            day,
            lost.clone(),
            source("B2"),
            t0(),
        );
        ledger.append(entry).unwrap();
    }
    let filter = GroupFilter::new().origin(holder("RUS"));
    let rows = ledger
        .group_losses(None, GroupBy::Platform, &filter, &AsOf::latest())
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].key.label(ledger.catalog()), "Su-30MK2");
}

#[test]
fn the_holdings_export_carries_category_origin_and_family_at_its_end() {
    let ledger = venezuela();
    assert_eq!(
        HOLDINGS_COLUMNS[HOLDINGS_COLUMNS.len() - 3..],
        ["category", "origin", "family"]
    );
    let mut csv = Vec::new();
    export::holdings(
        &ledger,
        &holder("VEN"),
        &AsOf::latest(),
        Format::Csv,
        &mut csv,
    )
    .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        HOLDINGS_COLUMNS
    );
    let col = |name: &str| HOLDINGS_COLUMNS.iter().position(|c| *c == name).unwrap();
    let mut read: Vec<[String; 4]> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            [
                r[col("platform")].to_owned(),
                r[col("category")].to_owned(),
                r[col("origin")].to_owned(),
                r[col("family")].to_owned(),
            ]
        })
        .collect();
    read.sort();
    let row = |a: &str, b: &str, c: &str, d: &str| [a, b, c, d].map(str::to_owned);
    assert_eq!(
        read,
        [
            row("9m317", "surface_to_air_missile", "RUS", "buk-missile"),
            row("JY-27A radar", "radar", "", ""),
            row("f-16a", "combat_aircraft", "", "f-16"),
            row("il-76td", "transport_aircraft", "SUN", "il-76"),
            row("su-30mk2", "combat_aircraft", "RUS", "flanker"),
        ]
    );
    // JSON Lines: a column without a value is null.
    let mut jsonl = Vec::new();
    let at = AsOf::latest();
    export::holdings(&ledger, &holder("VEN"), &at, Format::JsonLines, &mut jsonl).unwrap();
    let radar = jsonl
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice::<serde_json::Value>(l).unwrap())
        .find(|o| o["platform"] == "JY-27A radar")
        .unwrap();
    assert_eq!(radar["category"], "radar");
    assert!(radar["origin"].is_null() && radar["family"].is_null());
}
