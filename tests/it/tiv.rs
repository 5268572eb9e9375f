//! Deliveries in SIPRI TIV (`materiel::import::sipri::group_deliveries`): the sums of SIPRI's
//! own `TIV delivery values` column, read from the committed excerpt
//! (`tests/data/sipri-excerpt.csv`), and facts that do not match the schema refused.

use materiel::import::sipri::{self, Options, TivError};
use materiel::ledger::{Condition, Facts, GroupBy, GroupFilter};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status,
};

const EXCERPT: &str = include_str!("../data/sipri-excerpt.csv");

fn afghanistan() -> Ledger {
    let mut ledger = Ledger::new(Catalog::reference());
    let options = Options::new().recipient("Afghanistan");
    sipri::import(&mut ledger, EXCERPT.as_bytes(), &options).unwrap();
    ledger
}

#[test]
fn transfers_sum_sipri_tiv_delivery_values_per_pair() {
    let ledger = afghanistan();
    let rows = sipri::group_deliveries(
        &ledger,
        None,
        GroupBy::Supplier,
        &GroupFilter::new(),
        &AsOf::latest(),
    )
    .unwrap();
    let read: Vec<(String, String, u64, String, u64)> = rows
        .iter()
        .map(|r| {
            (
                r.row.key.label(ledger.catalog()),
                r.row.holder.to_string(),
                r.row.count.value(),
                r.tiv.to_string(),
                r.without_tiv,
            )
        })
        .collect();
    // The excerpt's Afghan rows: United Kingdom Mi-17 (2, 5.8), United States HMMWV-UA
    // (1280 + 1286, 66.56 + 66.87), Norway TOW (159, 0.64), unknown supplier(s) Mi-17 (6, 17.4).
    let expect = [
        ("GBR", 2, "5.8"),
        ("NOR", 159, "0.64"),
        ("USA", 2566, "133.43"),
        ("unknown", 6, "17.4"),
    ];
    let expect: Vec<_> = expect
        .iter()
        .map(|(s, n, t)| ((*s).to_owned(), "AFG".to_owned(), *n, (*t).to_owned(), 0))
        .collect();
    assert_eq!(read, expect);
}

#[test]
fn grouped_tiv_adds_up_to_each_deliverys_tiv() {
    let ledger = afghanistan();
    let at = AsOf::latest();
    let deliveries = ledger.deliveries(None, &GroupFilter::new(), &at);
    let each: u64 = deliveries
        .iter()
        .map(|d| {
            sipri::delivery_tiv(&ledger, d)
                .unwrap()
                .map_or(0, |t| t.thousandths())
        })
        .sum();
    assert_eq!(each, 157_270);
    for by in [
        GroupBy::Platform,
        GroupBy::Family,
        GroupBy::Category,
        GroupBy::Supplier,
    ] {
        for filter in [GroupFilter::new(), GroupFilter::new().per_supplier()] {
            let rows = sipri::group_deliveries(&ledger, None, by, &filter, &at).unwrap();
            let sum: u64 = rows.iter().map(|r| r.tiv.thousandths()).sum();
            assert_eq!(sum, each, "by {by:?}");
        }
    }
}

#[test]
fn deliveries_without_sipri_facts_add_no_tiv_and_are_counted_and_bad_facts_are_refused() {
    let mut ledger = afghanistan();
    let src = Source::new("illustrative", "B2".parse().unwrap()).unwrap();
    let at = "2025-06-01T00:00:00Z".parse().unwrap();
    let delivered = Change::Delivered {
        count: Count::exact(3).unwrap(),
        into: Status::Unknown,
        supplier: Some("GBR".parse().unwrap()),
        condition: Condition::New,
    };
    let entry = |facts: Option<Facts>| {
        let e = NewEntry::new(
            "AFG".parse().unwrap(),
            PlatformRef::catalog("mi-17").unwrap(),
            EffectiveDate::year(2012).unwrap(),
            delivered.clone(),
            src.clone(),
            at,
        );
        match facts {
            Some(f) => e.with_facts(f),
            None => e,
        }
    };
    ledger.append(entry(None)).unwrap();
    let by_supplier = |ledger: &Ledger| {
        sipri::group_deliveries(
            ledger,
            None,
            GroupBy::Supplier,
            &GroupFilter::new(),
            &AsOf::latest(),
        )
    };
    let gbr = by_supplier(&ledger)
        .unwrap()
        .into_iter()
        .find(|r| r.row.key.label(ledger.catalog()) == "GBR")
        .unwrap();
    assert_eq!(
        (gbr.row.count.value(), gbr.tiv.to_string(), gbr.without_tiv),
        (5, "5.8".to_owned(), 1)
    );

    // Facts tagged `sipri` that are not a SIPRI deal: refused, naming the entry.
    let bad = Facts::from_json("sipri", r#"{"deal":"not a number"}"#).unwrap();
    let id = ledger.append(entry(Some(bad))).unwrap();
    let err = by_supplier(&ledger).unwrap_err();
    assert!(
        matches!(err, TivError::Facts { entry, .. } if entry == id),
        "{err}"
    );
    assert!(
        err.to_string().starts_with(&format!("entry {id}: ")),
        "{err}"
    );
}
