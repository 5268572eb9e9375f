//! SIPRI Arms Transfers importer: the mapping on the committed excerpt and (ignored) the
//! full export; malformed, cut, endless and mutated input in `sipri/input.rs`; editions in
//! `sipri/editions.rs`.

// Tests unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::date;
use materiel::import::RowProblem;
use materiel::import::sipri::{self, Category, Error, Options, Report};
use materiel::import::sipri::{SipriDeal, Tiv};
use materiel::ledger::{Basis, Condition};
use materiel::{AsOf, Catalog, Change, Count, HolderId, Ledger, PlatformKind, PlatformRef, Status};
use proptest::prelude::*;

mod editions;
mod input;

const EXCERPT: &str = include_str!("../data/sipri-excerpt.csv");
/// Preamble and header of the excerpt (12 lines, with line ends).
fn head() -> String {
    EXCERPT.split_inclusive('\n').take(12).collect()
}

fn import(csv: &str, options: &Options) -> (Ledger, Result<Report, Error>) {
    let mut ledger = Ledger::new(Catalog::reference());
    let r = sipri::import(&mut ledger, csv.as_bytes(), options);
    (ledger, r)
}

fn excerpt() -> (Ledger, Report) {
    let (ledger, r) = import(EXCERPT, &Options::new());
    (ledger, r.expect("the excerpt imports"))
}

fn h(s: &str) -> HolderId {
    s.parse().expect("holder")
}

fn cat(id: &str) -> PlatformRef {
    PlatformRef::catalog(id).expect("id")
}

fn in_service(ledger: &Ledger, holder: &str, platform: &PlatformRef, y: i16) -> Count {
    ledger
        .lot(&h(holder), platform, &AsOf::valid(date(y, 12, 31)))
        .in_service()
}

#[test]
fn excerpt_report_accounts_for_every_row() {
    let (ledger, report) = excerpt();
    assert_eq!(report.counts.rows_read, 253);
    assert_eq!(report.counts.rows_imported, 253);
    assert_eq!(report.counts.rows_filtered, 0);
    assert!(
        report.counts.rejected.is_empty(),
        "{:?}",
        report.counts.rejected
    );
    assert_eq!(report.deals, 135);
    assert_eq!(report.orders, 135);
    assert_eq!(report.deliveries, 253);
    // 135 orders, 253 deliveries, and 115 lots whose history may begin before 2000: the
    // window's unknown openings.
    assert_eq!(report.openings, 115);
    assert_eq!(report.counts.entries_created, 388 + 115);
    assert_eq!(ledger.len(), 388 + 115);
    assert_eq!(report.generated, "3 Jan 2025 9:16:02 PM");
    assert_eq!(report.generated_date, date(2025, 1, 3));
    assert_eq!(report.window, Some((2000, 2030)));
    assert_eq!(
        report.citation,
        "SIPRI Arms Transfers Database, data generated 2025-01-03"
    );
    assert_eq!(
        report.recorded,
        "2025-01-03T00:00:00Z".parse::<Timestamp>().unwrap()
    );
    assert_eq!(report.matched_rows + report.generic_rows, 253);
    let matched: HashMap<&str, &str> = report
        .matched_designations
        .iter()
        .map(|(d, id)| (d.as_str(), id.as_str()))
        .collect();
    assert_eq!(matched.get("Su-30MK"), Some(&"su-30mk"));
    assert_eq!(matched.get("S-300VM/SA-23 SAMS"), Some(&"s-300vm"));
    assert_eq!(matched.get("Kh-31A1"), Some(&"kh-31a"));
    assert_eq!(matched.get("Igla-S"), Some(&"igla-s"));
    // Venezuela's three Su-30MK rows moved to the Su-30MK2 by the variant rules, India's 17
    // to the Su-30MKI.
    assert_eq!(report.variant_rows, 20);
    assert!(report.to_string().contains("rows read          253"));
}

#[test]
fn venezuela_at_the_end_of_2013() {
    let (ledger, _) = excerpt();
    let ven = |id: &str| in_service(&ledger, "VEN", &cat(id), 2013);
    assert_eq!(ven("su-30mk2"), Count::exact(24).unwrap());
    assert_eq!(ven("s-300vm"), Count::estimate(3).unwrap());
    assert_eq!(ven("buk-m2"), Count::estimate(3).unwrap());
    // 1 800 (2009, exact) + 200 (2010, estimate) + 2 000 (2012, exact).
    assert_eq!(ven("igla-s"), Count::estimate(4000).unwrap());
    assert_eq!(ven("9m317"), Count::estimate(300).unwrap());
    assert_eq!(ven("9m82m"), Count::estimate(40).unwrap());
    assert_eq!(ven("9m83m"), Count::estimate(150).unwrap());
    assert_eq!(ven("kh-31a"), Count::estimate(50).unwrap());
    // Nothing under the family: the variant rule moved it all.
    assert_eq!(ven("su-30mk").value(), 0);
    // The Su-30 arrived 4 / 12 / 8 in 2006 / 2007 / 2008.
    assert_eq!(
        in_service(&ledger, "VEN", &cat("su-30mk2"), 2006).value(),
        4
    );
    assert_eq!(
        in_service(&ledger, "VEN", &cat("su-30mk2"), 2007).value(),
        16
    );
    // Igla-S before the 2012 batch.
    assert_eq!(
        in_service(&ledger, "VEN", &cat("igla-s"), 2011).value(),
        2000
    );
    // Designations the bundled catalog knows land on its platforms.
    let named = |name: &str| {
        PlatformRef::Catalog(
            ledger
                .catalog()
                .resolve(name)
                .unwrap_or_else(|| panic!("{name} in the catalog"))
                .id()
                .clone(),
        )
    };
    assert_eq!(
        in_service(&ledger, "VEN", &named("BMP-3"), 2013),
        Count::estimate(123).unwrap()
    );
    // The T-72M1 came second-hand, and Venezuela may have held some before 2000 (the catalog
    // gives no service entry in the window): what SIPRI lists is a lower bound.
    assert_eq!(
        in_service(&ledger, "VEN", &named("T-72M1"), 2013),
        Count::at_least(92).unwrap()
    );
    assert_eq!(
        in_service(&ledger, "VEN", &named("Mi-17"), 2013).value(),
        6 + 10 + 4 + 12 + 6
    );
    // SIPRI's trailing ` -` is not part of the name (`K-8 -` is the K-8).
    assert!(in_service(&ledger, "VEN", &named("K-8"), 2013).value() > 0);
    let catalog = ledger.catalog();
    assert!(
        ledger
            .entries()
            .all(|e| !e.platform().label(catalog).ends_with(" -"))
    );
    // Holdings: 65 designations delivered by the end of 2013.
    let holdings = ledger.holdings(&h("VEN"), &AsOf::valid(date(2013, 12, 31)));
    assert!(holdings.iter().any(|(p, _)| p.catalog_id().is_none()));
}

#[test]
fn india_su30mk_are_su30mki_by_the_default_rule() {
    let (ledger, _) = excerpt();
    let fam = cat("su-30mk");
    let mki = cat("su-30mki");
    assert_eq!(
        in_service(&ledger, "IND", &mki, 2013),
        Count::estimate(86).unwrap()
    );
    // The window opens the Su-30MKI's lot unknown (no sourced service entry).
    let lot = ledger.lot(&h("IND"), &mki, &AsOf::latest());
    assert!(!lot.baseline_known());
    assert_eq!(in_service(&ledger, "IND", &mki, 2021).value(), 140);
    assert_eq!(in_service(&ledger, "IND", &fam, 2021).value(), 0);
    assert_eq!(
        in_service(&ledger, "IND", &cat("su-30mk2"), 2021).value(),
        0
    );
    // China's too (no rule).
    assert!(in_service(&ledger, "CHN", &fam, 2004).value() > 0);
}

#[test]
fn one_order_per_deal_with_the_sum_of_its_rows() {
    let (ledger, _) = excerpt();
    let orders: Vec<_> = ledger
        .entries()
        .filter(|e| e.source().reference() == Some("33019"))
        .collect();
    assert_eq!(orders.len(), 4); // one order, three deliveries
    let order = &orders[0];
    assert_eq!(order.effective().to_string(), "2006");
    assert_eq!(
        order.change(),
        &Change::Ordered {
            // The export has no "number ordered": the sum of the delivered rows is a lower
            // bound of the order, never exact.
            count: Count::at_least(24).unwrap(),
            supplier: Some(h("RUS")),
            condition: Condition::New
        }
    );
    assert_eq!(order.source().grade().to_string(), "B2");
    let note = order.note().unwrap();
    assert_eq!(note, "rows=3; delivered_total=24; count_rule=sum_of_rows");
    // The deal's facts are typed, on the order and on every delivery.
    let deal = SipriDeal::of(order).unwrap().expect("SIPRI facts");
    assert_eq!((deal.deal, deal.designation.as_str()), (33019, "Su-30MK"));
    assert_eq!(
        (deal.description.as_str(), deal.category.as_str()),
        ("FGA aircraft", "Aircraft")
    );
    assert_eq!(
        (deal.order_year, deal.order_year_estimate),
        (2006, Some(false))
    );
    assert_eq!(deal.tiv_unit, Some("55".parse::<Tiv>().unwrap()));
    assert_eq!(deal.sipri_estimate, Some("55".parse::<Tiv>().unwrap()));
    assert_eq!((deal.status, deal.licensed), (Condition::New, Some(false)));
    assert_eq!(deal.tiv_delivery, None);
    // Deliveries: exact, B2, TIV kept.
    let d = &orders[1];
    assert_eq!(d.effective().to_string(), "2006");
    assert_eq!(
        d.change(),
        &Change::Delivered {
            count: Count::exact(4).unwrap(),
            into: Status::Unknown,
            supplier: Some(h("RUS")),
            condition: Condition::New
        }
    );
    assert_eq!(d.note(), Some("SIPRI deal 33019"));
    let facts = SipriDeal::of(d).unwrap().expect("SIPRI facts");
    assert_eq!((facts.deal, facts.designation.as_str()), (33019, "Su-30MK"));
    assert_eq!(facts.tiv_delivery, Some("220".parse::<Tiv>().unwrap()));
    assert_eq!(
        (facts.delivered_estimate, facts.delivery_year_estimate),
        (Some(false), Some(false))
    );
    // Every entry of the import carries its deal's facts, naming the deal of its source.
    for e in ledger
        .entries()
        .filter(|e| !matches!(e.change(), Change::OpeningUnknown))
    {
        let f = SipriDeal::of(&e).unwrap().expect("SIPRI facts");
        assert_eq!(e.source().reference(), Some(f.deal.to_string().as_str()));
        assert!(!f.designation.ends_with(" -") && !f.designation.is_empty());
    }
    // The Su-30MK2 deliveries per year, by SIPRI designation.
    let rows: Vec<_> = sipri::delivered_by_designation(&ledger, &AsOf::latest())
        .unwrap()
        .into_iter()
        .filter(|r| r.recipient == h("VEN") && r.designation == "Su-30MK")
        .map(|r| (r.year, r.delivered))
        .collect();
    let n = |v| Count::exact(v).unwrap();
    assert_eq!(rows, [(2006, n(4)), (2007, n(12)), (2008, n(8))]);
    // As known in 2007 (valid date): only the first two years.
    let mid = sipri::delivered_by_designation(&ledger, &AsOf::valid(date(2007, 12, 31))).unwrap();
    let total: u64 = mid
        .iter()
        .filter(|r| r.recipient == h("VEN") && r.designation == "Su-30MK")
        .map(|r| r.delivered.value())
        .sum();
    assert_eq!(total, 16);
    // An estimate: B3. S-300VM deal 51559.
    let s300: Vec<_> = ledger
        .entries()
        .filter(|e| e.source().reference() == Some("51559"))
        .collect();
    assert!(
        matches!(s300[0].change(), Change::Ordered { count, .. } if *count == Count::at_least(3).unwrap())
    );
    assert_eq!(s300[0].source().grade().to_string(), "B3");
    assert_eq!(s300[1].source().grade().to_string(), "B3");
    // An order before the 2000 window is a lower bound: deal 40128 (Mistral, 1999) has
    // estimates, so take deal 38045 (ship engines, 1999, exact numbers).
    let old = ledger
        .entries()
        .find(|e| e.source().reference() == Some("38045"))
        .unwrap();
    assert!(
        matches!(old.change(), Change::Ordered { count, .. } if *count == Count::at_least(2).unwrap())
    );
    assert!(
        old.note()
            .unwrap()
            .contains("count_rule=sum_of_rows_in_window")
    );
}

#[test]
fn second_hand_unknown_supplier_and_organisations() {
    let (ledger, _) = excerpt();
    // Unknown supplier: supplier None, not an invented holder.
    let f28 = ledger
        .entries()
        .find(|e| e.source().reference() == Some("54656") && e.change().name() == "delivered")
        .unwrap();
    assert_eq!(
        f28.change(),
        &Change::Delivered {
            count: Count::exact(2).unwrap(),
            into: Status::Unknown,
            supplier: None,
            condition: Condition::SecondHand
        }
    );
    // Modernised second hand (T-72M1).
    let t72 = ledger
        .entries()
        .find(|e| e.source().reference() == Some("50621"))
        .unwrap();
    assert!(matches!(
        t72.change(),
        Change::Ordered {
            condition: Condition::SecondHandModernised,
            ..
        }
    ));
    let holders: Vec<String> = ledger.holders().map(|h| h.to_string()).collect();
    for org in [
        "african-union",
        "houthis",
        "hezbollah",
        "darfur-rebels",
        "unknown-recipients",
    ] {
        assert!(holders.iter().any(|h| h == org), "{org} in {holders:?}");
    }
    // Organisations as suppliers: the EU (`**`) and Libya's HoR (`*`).
    assert!(ledger.entries().any(|e| matches!(e.change(),
        Change::Delivered { supplier: Some(s), .. } if s.as_str() == "european-union")));
    assert!(ledger.entries().any(|e| matches!(e.change(),
        Change::Delivered { supplier: Some(s), .. } if s.as_str() == "libya-hor")));
    // Venezuela as a supplier: its exports are the recipients' deliveries. The catalog does
    // not know the T-34 (Mentor): a generic aircraft, a trainer by SIPRI's description.
    let t34 = materiel::ledger::GenericPlatform::new("T-34", PlatformKind::Aircraft)
        .unwrap()
        .with_category(materiel::catalog::Category::TrainerAircraft);
    let bol = in_service(&ledger, "BOL", &PlatformRef::Generic(t34), 2004);
    assert_eq!(bol, Count::at_least(8).unwrap());
    // The row with empty estimate flags (AW-159, Philippines) imports as exact, flags unknown.
    let aw = ledger
        .entries()
        .find(|e| e.source().reference() == Some("32082") && e.change().name() == "delivered")
        .unwrap();
    assert_eq!(aw.change().count(), Some(Count::exact(2).unwrap()));
    let aw = SipriDeal::of(&aw).unwrap().unwrap();
    assert_eq!(
        (aw.delivered_estimate, aw.delivery_year_estimate),
        (None, None)
    );
}

#[test]
fn pipeline_shows_undelivered_orders() {
    let (ledger, _) = excerpt();
    let ven = h("VEN");
    let end_2007 = AsOf::valid(date(2007, 12, 31));
    let pipe = ledger.pipeline(&ven, &end_2007);
    let su30 = pipe
        .iter()
        .find(|p| p.entry.platform() == &cat("su-30mk2"))
        .expect("the Su-30 order is open at the end of 2007");
    assert_eq!(su30.outstanding, Some(8));
    assert_eq!(su30.outstanding_basis, Basis::AtLeast);
    // All 24 listed deliveries made: the order stays listed, its remainder unknown (at
    // least 0), since SIPRI does not state the number ordered.
    let pipe = ledger.pipeline(&ven, &AsOf::valid(date(2008, 12, 31)));
    let su30 = pipe
        .iter()
        .find(|p| p.entry.platform() == &cat("su-30mk2"))
        .expect("an order known only as a lower bound is never complete");
    assert_eq!(su30.outstanding, Some(0));
    assert_eq!(su30.outstanding_basis, Basis::AtLeast);
    // No SIPRI order anywhere is exact.
    assert!(ledger.entries().all(|e| !matches!(e.change(),
        Change::Ordered { count, .. } if count.basis() == Basis::Exact)));

    // Synthetic: a deal with nothing delivered yet, and one delivering in the future.
    let csv = format!(
        "{}90001,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2024,Yes,,,,,New,55,55,,No\n\
         90002,Russia,Venezuela,Buk-M2,SAM system,Air defence systems,2023,No,2,No,2027,Yes,New,60,60,120,No\n",
        head()
    );
    let (ledger, report) = import(&csv, &Options::new());
    let report = report.unwrap();
    assert_eq!(report.deliveries, 1);
    assert_eq!(report.orders, 2);
    let pipe = ledger.pipeline(&ven, &AsOf::valid(date(2025, 6, 1)));
    assert_eq!(pipe.len(), 2);
    assert_eq!(pipe[0].outstanding, Some(2)); // Buk-M2, ordered 2023
    assert_eq!(pipe[1].outstanding, Some(1)); // ordered, size unknown: at least 1
    assert!(
        matches!(pipe[1].entry.change(), Change::Ordered { count, .. } if count.basis() == Basis::AtLeast)
    );
    assert!(
        pipe[1]
            .entry
            .note()
            .unwrap()
            .contains("count_rule=no_deliveries_listed")
    );
    // In 2027 the Buk-M2 pair is delivered, yet its order stays listed: at least 2 ordered,
    // 2 delivered, the remainder unknown.
    let pipe = ledger.pipeline(&ven, &AsOf::valid(date(2027, 6, 1)));
    assert_eq!(pipe.len(), 2);
    assert_eq!(pipe[0].outstanding, Some(0));
    assert_eq!(pipe[0].outstanding_basis, Basis::AtLeast);
}

#[test]
fn options_filter_grade_and_record() {
    let t: Timestamp = "2025-06-01T12:00:00Z".parse().unwrap();
    let options = Options::new()
        .recipient("venezuela")
        .supplier("RUS")
        .category(Category::AirDefenceSystems)
        .category(Category::Missiles)
        .years(2013..=2013)
        .grade("A2".parse().unwrap())
        .estimate_grade("C3".parse().unwrap())
        .recorded(t);
    let (ledger, report) = import(EXCERPT, &options);
    let report = report.unwrap();
    assert_eq!(report.counts.rows_read, 253);
    assert_eq!(
        report.counts.rows_read,
        report.counts.rows_imported + report.counts.rows_filtered
    );
    // S-300VM, Buk-M2, S-125 (2013), 9M317, 9M82M, 9M83M, Bastion (2013), V-601 (2013).
    assert_eq!(report.counts.rows_imported, 8);
    assert!(
        ledger
            .entries()
            .all(|e| e.recorded() == t && e.holder().as_str() == "VEN")
    );
    assert!(
        ledger
            .entries()
            .all(|e| ["A2", "C3"].contains(&e.source().grade().to_string().as_str()))
    );
    // A year filter makes orders lower bounds (as every SIPRI order is), noted as such.
    assert!(ledger.entries().any(|e| {
        matches!(e.change(), Change::Ordered { .. })
            && e.note()
                .unwrap()
                .contains("count_rule=sum_of_rows_in_window")
    }));

    // Recorded before the ledger's latest entry: refused, ledger unchanged.
    let mut ledger = Ledger::new(Catalog::reference());
    sipri::import(&mut ledger, EXCERPT.as_bytes(), &Options::new().recorded(t)).unwrap();
    let before = ledger.len();
    let err = sipri::import(&mut ledger, EXCERPT.as_bytes(), &Options::new()).unwrap_err();
    assert!(matches!(err, Error::RecordedBeforeLedger { .. }), "{err}");
    assert_eq!(ledger.len(), before);
}

#[test]
fn path_convenience() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sipri-excerpt.csv");
    let mut ledger = Ledger::new(Catalog::reference());
    let report = sipri::import_file(&mut ledger, path, &Options::new()).unwrap();
    assert_eq!(report.counts.rows_read, 253);
}

/// The full export at `../shared/data/` (not committed): every row accounted for, and the
/// ledger's delivered totals per recipient and designation equal the CSV's.
#[test]
#[ignore = "needs ../shared/data/sipri-arms-transfers-2000-2030.csv; run with --ignored"]
fn full_export() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/sipri-arms-transfers-2000-2030.csv"
    );
    let Ok(bytes) = std::fs::read(path) else {
        println!("skipped: {path} is absent");
        return;
    };
    let mut ledger = Ledger::new(Catalog::reference());
    let start = std::time::Instant::now();
    let report = sipri::import(&mut ledger, &bytes[..], &Options::new()).unwrap();
    let elapsed = start.elapsed();
    println!(
        "full export: {} bytes, {} rows, {} entries imported in {elapsed:?}",
        bytes.len(),
        report.counts.rows_read,
        report.counts.entries_created
    );
    for e in &report.counts.rejected {
        println!("rejected: {e}");
    }

    // Sum the CSV independently.
    let text = std::str::from_utf8(&bytes).unwrap();
    let body: String = text.split_inclusive('\n').skip(11).collect();
    let mut csv = csv::Reader::from_reader(body.as_bytes());
    let mut rows = 0u64;
    let mut deals = std::collections::HashSet::new();
    let mut totals: HashMap<(String, String), u64> = HashMap::new();
    for r in csv.records() {
        let r = r.unwrap();
        rows += 1;
        deals.insert(r[0].to_owned());
        *totals
            .entry((
                r[2].trim().to_owned(),
                // The facts write designations without SIPRI's trailing ` -`.
                r[3].trim().trim_end_matches(" -").to_owned(),
            ))
            .or_default() += r[8].trim().parse::<u64>().unwrap();
    }
    assert_eq!(rows, 20_480);
    assert_eq!(report.counts.rows_read, rows);
    assert!(
        report.counts.rejected.is_empty(),
        "{:?}",
        report.counts.rejected
    );
    assert_eq!(report.counts.rows_imported, rows);
    assert_eq!(report.deals, deals.len() as u64);
    assert_eq!(report.deliveries, rows);
    // One order per deal, one delivery per row, and one unknown opening per lot whose
    // history may begin before 2000.
    let openings = ledger
        .entries()
        .filter(|e| matches!(e.change(), Change::OpeningUnknown))
        .count() as u64;
    println!("full export: {openings} lots whose opening stock is unknown");
    assert_eq!(report.openings, openings);
    assert!(openings > 0);
    assert_eq!(
        report.counts.entries_created,
        rows + deals.len() as u64 + openings
    );
    assert_eq!(ledger.len() as u64, report.counts.entries_created);
    // The export never states the number ordered: no order is exact. Poland's K-2 (deal
    // 63491) is at least its delivered rows, and stays in the pipeline.
    assert!(ledger.entries().all(|e| !matches!(e.change(),
        Change::Ordered { count, .. } if count.basis() == Basis::Exact)));
    let k2 = ledger
        .pipeline(&h("POL"), &AsOf::latest())
        .into_iter()
        .find(|p| p.entry.source().reference() == Some("63491"))
        .expect("the K-2 order is open");
    assert_eq!(k2.outstanding_basis, Basis::AtLeast);

    // Ledger side: delivered per (recipient holder, SIPRI designation), from the typed facts.
    let mut ledger_totals: HashMap<(String, String), u64> = HashMap::new();
    for r in sipri::delivered_by_designation(&ledger, &AsOf::latest()).unwrap() {
        *ledger_totals
            .entry((r.recipient.to_string(), r.designation))
            .or_default() += r.delivered.value();
    }
    // Map CSV recipients through the same table by reading holder ids back from the ledger.
    let mut by_name: HashMap<String, String> = HashMap::new();
    for e in ledger.entries() {
        let Some(deal) = SipriDeal::of(&e).unwrap() else {
            continue; // an unknown opening, about no deal
        };
        let deal = deal.deal;
        by_name
            .entry(deal.to_string())
            .or_insert_with(|| e.holder().to_string());
    }
    let mut csv = csv::Reader::from_reader(body.as_bytes());
    let mut name_to_holder: HashMap<String, String> = HashMap::new();
    for r in csv.records() {
        let r = r.unwrap();
        name_to_holder.insert(r[2].trim().to_owned(), by_name[r[0].trim()].clone());
    }
    let mut expected: HashMap<(String, String), u64> = HashMap::new();
    for ((recipient, designation), n) in totals {
        *expected
            .entry((name_to_holder[&recipient].clone(), designation))
            .or_default() += n;
    }
    assert_eq!(ledger_totals, expected);
    // And the holdings at the end agree for Venezuela's catalogued systems.
    assert_eq!(
        in_service(&ledger, "VEN", &cat("su-30mk2"), 2013),
        Count::exact(24).unwrap()
    );
    // Every recipient name maps to one holder and no two names share one.
    let mut seen: HashMap<String, String> = HashMap::new();
    for (name, holder) in &name_to_holder {
        if let Some(other) = seen.insert(holder.clone(), name.clone()) {
            panic!("{name} and {other} both map to {holder}");
        }
    }
}

/// The import core's pieces as the SIPRI importer uses them: `Mode` through
/// `Options::mode`, the shared `Counts`, and the country table by name and code.
#[test]
fn import_core_mode_counts_and_country_table() {
    use materiel::import::{self, Mode};

    // A recipient SIPRI does not write, but the country table knows by its code.
    let bad = EXCERPT.replacen(",Venezuela,", ",VEN,", 1);
    let (lenient, r) = import(&bad, &Options::new().mode(Mode::Lenient));
    let report = r.unwrap();
    assert_eq!(report.counts.rejected.len(), 1);
    assert_eq!(report.counts.rejected[0].problem, RowProblem::UnknownParty);
    assert_eq!(report.counts.rejected[0].value, "VEN");
    assert_eq!(lenient.len() as u64, report.counts.entries_created);
    let (strict, r) = import(&bad, &Options::new().mode(Mode::Strict));
    assert!(matches!(r, Err(Error::Row(ref e)) if e.problem == RowProblem::UnknownParty));
    assert!(strict.is_empty());

    // The SIPRI lookup stays exact; the core's takes names and codes.
    assert_eq!(sipri::holder("VEN"), None);
    assert_eq!(import::holder("VEN"), sipri::holder("Venezuela"));
    assert_eq!(
        import::holder("Russian Federation"),
        sipri::holder("Russia")
    );
}

/// Variant rules: by deal id, by recipient, the user's before the defaults, a rule whose
/// target the catalog lacks skipped.
#[test]
fn variant_rules_by_deal_and_recipient() {
    use materiel::import::sipri::VariantRule;
    let su30 = |ledger: &Ledger, holder: &str, id: &str| {
        in_service(ledger, holder, &cat(id), 2025).value()
    };
    // Defaults: Venezuela's Su-30MK are MK2, India's MKI; China's stay the family.
    let (ledger, report) = excerpt();
    assert_eq!(su30(&ledger, "VEN", "su-30mk2"), 24);
    assert_eq!(su30(&ledger, "CHN", "su-30mk"), 24);
    assert_eq!(report.variant_rows, 20);
    // China's deal 33014 is MK2: a deal rule says so.
    let options = Options::new().variant_rule(VariantRule::deal(33014, "su-30mk2").unwrap());
    let (ledger, r) = import(EXCERPT, &options);
    assert_eq!(r.unwrap().variant_rows, 21);
    assert_eq!(su30(&ledger, "CHN", "su-30mk2"), 24);
    assert_eq!(su30(&ledger, "CHN", "su-30mk"), 0);
    // A deal rule wins over the default recipient rule.
    let options = Options::new().variant_rule(VariantRule::deal(33019, "su-30mk").unwrap());
    let (ledger, _) = import(EXCERPT, &options);
    assert_eq!(su30(&ledger, "VEN", "su-30mk"), 24);
    assert_eq!(su30(&ledger, "VEN", "su-30mk2"), 0);
    // Without the defaults, the family stays.
    let (ledger, _) = import(EXCERPT, &Options::new().no_default_variant_rules());
    assert_eq!(su30(&ledger, "VEN", "su-30mk"), 24);
    // A rule whose target the catalog lacks is skipped: the next matching rule applies.
    let options = Options::new()
        .variant_rule(VariantRule::recipient("VEN", "su-30mk", "su-30mkv").unwrap())
        .variant_rule(VariantRule::deal(33014, "not-in-the-catalog").unwrap());
    let (ledger, r) = import(EXCERPT, &options);
    assert_eq!(r.unwrap().variant_rows, 20);
    assert_eq!(su30(&ledger, "VEN", "su-30mk2"), 24);
    assert_eq!(su30(&ledger, "CHN", "su-30mk"), 24);
    assert_eq!(
        Options::new().variant_rules(),
        sipri::default_variant_rules()
    );
}

/// A family's holdings are its own lot plus its variants', each counted once.
#[test]
fn family_roll_up_never_double_counts() {
    use materiel::import::sipri::VariantRule;
    // A second Venezuelan deal recorded under the family itself (a deal rule to the family).
    let csv = format!(
        "{EXCERPT}99001,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2015,No,2,No,2016,No,New,55,55,110,No\n"
    );
    let options = Options::new().variant_rule(VariantRule::deal(99001, "su-30mk").unwrap());
    let (ledger, r) = import(&csv, &options);
    r.unwrap();
    let ven = h("VEN");
    let family = "su-30mk".parse().unwrap();
    let at = AsOf::latest();
    let rollup = ledger.family_holdings(&ven, &family, &at);
    // The family's own lot may predate the window: at least 26 in all.
    assert_eq!(rollup.total.in_service(), Count::at_least(26).unwrap());
    assert_eq!(rollup.total.delivered(), Count::exact(26).unwrap());
    let lots: Vec<_> = rollup
        .lots
        .iter()
        .map(|(p, s)| (p.to_string(), s.in_service().value()))
        .collect();
    assert_eq!(lots, [("su-30mk".into(), 2), ("su-30mk2".into(), 24)]);
    // The sum of the lots, once: the holdings rows agree.
    let holdings = ledger.holdings(&ven, &at);
    let direct: u64 = [cat("su-30mk"), cat("su-30mk2")]
        .iter()
        .map(|p| holdings.get(p).map_or(0, |s| s.in_service().value()))
        .sum();
    assert_eq!(direct, rollup.total.in_service().value());
    // A variant rolls up only itself; a holder without any, nothing.
    let mk2 = ledger.family_holdings(&ven, &"su-30mk2".parse().unwrap(), &at);
    assert_eq!(mk2.total.in_service().value(), 24);
    let none = ledger.family_holdings(&h("BOL"), &family, &at);
    assert!(none.lots.is_empty() && none.total.is_empty());
    // China's family deliveries (no variant rule) are the family's own lot.
    let chn = ledger.family_holdings(&h("CHN"), &family, &at);
    assert_eq!(chn.total.in_service().value(), 24);
}

/// Licensed production is recorded as such (the licensor kept as supplier), and SIPRI's
/// `*` / `**` markers give the holder kind in the facts.
#[test]
fn licensed_production_and_holder_kinds() {
    use materiel::holder::HolderKind;
    let (ledger, _) = excerpt();
    // India's Su-30MK (deal 26695) are built in India under Russian licence.
    let india: Vec<_> = ledger
        .entries()
        .filter(|e| e.source().reference() == Some("26695"))
        .collect();
    assert!(!india.is_empty());
    for e in &india {
        match e.change() {
            Change::Ordered {
                supplier,
                condition,
                ..
            }
            | Change::Delivered {
                supplier,
                condition,
                ..
            } => {
                assert_eq!(*condition, Condition::LicensedProduction);
                assert_eq!(supplier.as_ref(), Some(&h("RUS")));
            }
            other => panic!("{other:?}"),
        }
        let deal = SipriDeal::of(e).unwrap().unwrap();
        assert_eq!((deal.licensed, deal.status), (Some(true), Condition::New));
        assert_eq!(
            (deal.recipient_kind, deal.supplier_kind),
            (HolderKind::State, HolderKind::State)
        );
    }
    // Not licensed: new.
    let ven = ledger
        .entries()
        .find(|e| e.source().reference() == Some("33019"))
        .unwrap();
    assert!(matches!(
        ven.change(),
        Change::Ordered {
            condition: Condition::New,
            ..
        }
    ));
    // Markers.
    let csv = format!(
        "{}90001,Iran,Houthi rebels (Yemen)*,Badr-1,artillery rocket,Artillery,2015,Yes,10,Yes,2016,Yes,New,0.01,0.01,0.1,No\n\
         90002,United States,NATO**,E-3A,AEW&C aircraft,Aircraft,2001,No,1,No,2002,No,New,200,200,200,No\n\
         90003,unknown supplier(s),unknown recipient(s),Igla-S,portable SAM,Missiles,2010,Yes,5,Yes,2011,Yes,New,0.1,0.1,0.5,No\n",
        head()
    );
    let (ledger, r) = import(&csv, &Options::new());
    r.unwrap();
    let kinds: Vec<_> = ledger
        .entries()
        .filter(|e| e.change().name() == "ordered")
        .map(|e| {
            let d = SipriDeal::of(&e).unwrap().unwrap();
            (e.holder().to_string(), d.recipient_kind, d.supplier_kind)
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "houthis".into(),
                HolderKind::NonStateActor,
                HolderKind::State
            ),
            (
                "nato".into(),
                HolderKind::InternationalOrganisation,
                HolderKind::State
            ),
            (
                "unknown-recipients".into(),
                HolderKind::Unknown,
                HolderKind::Unknown
            ),
        ]
    );
}

/// The window rule with the Leopard 2A6's sourced service entry (2001, in the window):
/// Ukraine's lot opens at zero, so its 21 delivered (18 from Germany, 3 from Portugal, 2023;
/// two rows of SIPRI's 2000-2030 export) are exact, not "at least".
#[test]
fn a_sourced_service_entry_in_the_window_opens_the_lot_at_zero() {
    let leopard = cat("leopard-2a6");
    let entry = Catalog::reference()
        .get(&"leopard-2a6".parse().unwrap())
        .and_then(|p| p.service_entry());
    assert_eq!(entry, Some(2001));
    let csv = format!(
        "{}66279,Germany,Ukraine,Leopard-2A6,tank,Armoured vehicles,2022,Yes,18,No,2023,No,Second hand,5,2,36,No\n\
         66285,Portugal,Ukraine,Leopard-2A6,tank,Armoured vehicles,2023,No,3,No,2023,No,Second hand,5,2,6,No\n",
        head()
    );
    let (ledger, r) = import(&csv, &Options::new());
    r.unwrap();
    let lot = ledger.lot(&h("UKR"), &leopard, &AsOf::latest());
    assert!(lot.baseline_known());
    assert_eq!(lot.in_service(), Count::exact(21).unwrap());
}
