//! SIPRI Arms Transfers importer: the committed excerpt, malformed input, and (ignored) the
//! full export.

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
    assert_eq!(report.counts.entries_created, 388);
    assert_eq!(ledger.len(), 388);
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
    // Venezuela's three Su-30MK rows moved to the Su-30MK2 by the variant rule.
    assert_eq!(report.variant_rows, 3);
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
    // Uncatalogued equipment stays, as generic platforms of the category's kind.
    let bmp3 = PlatformRef::generic("BMP-3", PlatformKind::Generic).unwrap();
    assert_eq!(
        in_service(&ledger, "VEN", &bmp3, 2013),
        Count::estimate(123).unwrap()
    );
    let t72 = PlatformRef::generic("T-72M1", PlatformKind::Generic).unwrap();
    assert_eq!(
        in_service(&ledger, "VEN", &t72, 2013),
        Count::exact(92).unwrap()
    );
    let mi17 = PlatformRef::generic("Mi-17", PlatformKind::Aircraft).unwrap();
    assert_eq!(
        in_service(&ledger, "VEN", &mi17, 2013).value(),
        6 + 10 + 4 + 12 + 6
    );
    // SIPRI's trailing ` -` is not part of a generic platform's name (`K-8 -` is the K-8).
    let k8 = PlatformRef::generic("K-8", PlatformKind::Aircraft).unwrap();
    assert!(in_service(&ledger, "VEN", &k8, 2013).value() > 0);
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
fn india_su30mk_stays_the_family() {
    let (ledger, _) = excerpt();
    let fam = cat("su-30mk");
    assert_eq!(
        in_service(&ledger, "IND", &fam, 2013),
        Count::estimate(86).unwrap()
    );
    assert_eq!(
        in_service(&ledger, "IND", &fam, 2021),
        Count::estimate(140).unwrap()
    );
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
    for e in ledger.entries() {
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
    // Venezuela as a supplier: its exports are the recipients' deliveries.
    let bol = in_service(
        &ledger,
        "BOL",
        &PlatformRef::generic("T-34", PlatformKind::Aircraft).unwrap(),
        2004,
    );
    assert_eq!(bol, Count::exact(8).unwrap());
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

/// The excerpt with data row `n` (0-based) replaced by `row`; returns the text and the line.
fn with_row(n: usize, row: &str) -> (String, u64) {
    let mut lines: Vec<&str> = EXCERPT.lines().collect();
    lines[12 + n] = row;
    (lines.join("\n") + "\n", 13 + n as u64)
}

#[test]
fn malformed_rows_are_reported_with_line_field_and_value() {
    let good = EXCERPT.lines().nth(12 + 2).unwrap().to_owned();
    let set = |i: usize, v: &str| {
        let mut f: Vec<&str> = good.split(',').collect();
        f[i] = v;
        f.join(",")
    };
    let cases: Vec<(String, Option<&str>, &str, RowProblem)> = vec![
        (
            format!("{good},extra"),
            None,
            "18 fields",
            RowProblem::ColumnCount,
        ),
        (
            set(8, "twelve"),
            Some("Numbers delivered"),
            "twelve",
            RowProblem::BadNumber,
        ),
        (
            set(8, "-3"),
            Some("Numbers delivered"),
            "-3",
            RowProblem::BadNumber,
        ),
        (
            set(12, "Refurbished"),
            Some("Status"),
            "Refurbished",
            RowProblem::from(sipri::Problem::UnknownStatus),
        ),
        (
            set(10, "20x3"),
            Some("Delivery year"),
            "20x3",
            RowProblem::BadYear,
        ),
        (
            set(6, "1066"),
            Some("Order date"),
            "1066",
            RowProblem::BadYear,
        ),
        (
            set(2, "Narnia"),
            Some("Recipient"),
            "Narnia",
            RowProblem::UnknownParty,
        ),
        (
            set(1, "Atlantis**"),
            Some("Supplier"),
            "Atlantis**",
            RowProblem::UnknownParty,
        ),
        (
            set(9, "Maybe"),
            Some("Numbers delivered is estimate"),
            "Maybe",
            RowProblem::BadFlag,
        ),
        (
            set(5, "Lasers"),
            Some("Armament category"),
            "Lasers",
            RowProblem::from(sipri::Problem::UnknownCategory),
        ),
        (
            set(14, "n/a"),
            Some("TIV deal unit"),
            "n/a",
            RowProblem::BadNumber,
        ),
        (
            set(0, ""),
            Some("SIPRI AT Database ID"),
            "",
            RowProblem::Missing,
        ),
        (
            set(2, "Bolivia"),
            Some("Recipient"),
            "Bolivia",
            RowProblem::from(sipri::Problem::DealMismatch),
        ),
    ];
    for (row, field, value, problem) in cases {
        let (csv, line) = with_row(2, &row);
        let (ledger, report) = import(&csv, &Options::new());
        let report = report.unwrap();
        assert_eq!(report.counts.rows_read, 253);
        assert_eq!(
            report.counts.rejected.len(),
            1,
            "{row}: {:?}",
            report.counts.rejected
        );
        let e = &report.counts.rejected[0];
        assert_eq!(
            (e.line, e.field, e.value.as_str(), e.problem),
            (line, field, value, problem),
            "{e}"
        );
        assert_eq!(report.counts.rows_imported, 252);
        assert_eq!(ledger.len() as u64, report.counts.entries_created);

        // Strict: the same row aborts, naming the line; nothing is appended.
        let (ledger, err) = import(&csv, &Options::new().strict(true));
        match err {
            Err(Error::Row(e)) => assert_eq!(e.line, line),
            other => panic!("{row}: {other:?}"),
        }
        assert!(ledger.is_empty());
    }
}

#[test]
fn preamble_and_header_errors_name_the_line() {
    let replace_line = |n: usize, text: &str| {
        let mut lines: Vec<&str> = EXCERPT.lines().collect();
        lines[n - 1] = text;
        lines.join("\n")
    };
    let (_, r) = import(&replace_line(10, "Source: somebody"), &Options::new());
    assert!(matches!(r, Err(Error::Preamble { line: 10, .. })), "{r:?}");
    let (_, r) = import(&replace_line(1, "id,name"), &Options::new());
    assert!(matches!(r, Err(Error::Preamble { line: 1, .. })), "{r:?}");
    let (_, r) = import(
        &replace_line(11, "Data generated: someday"),
        &Options::new(),
    );
    assert!(
        matches!(r, Err(Error::GeneratedDate { line: 11, .. })),
        "{r:?}"
    );
    let bad_header = EXCERPT
        .lines()
        .nth(11)
        .unwrap()
        .replace("Recipient", "Buyer");
    let (_, r) = import(&replace_line(12, &bad_header), &Options::new());
    match r {
        Err(Error::Header {
            line: 12,
            column: 3,
            expected: "Recipient",
            found,
        }) => {
            assert_eq!(found, "Buyer")
        }
        other => panic!("{other:?}"),
    }
    let five: String = EXCERPT.lines().take(5).map(|l| format!("{l}\n")).collect();
    let (_, r) = import(&five, &Options::new());
    assert!(matches!(r, Err(Error::Truncated { line: 6 })), "{r:?}");
    let (_, r) = import(
        &head()
            .lines()
            .take(11)
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
        &Options::new(),
    );
    assert!(matches!(r, Err(Error::Truncated { line: 12 })), "{r:?}");
    // CRLF line ends and a byte-order mark are fine.
    let crlf = format!("\u{feff}{}", EXCERPT.replace('\n', "\r\n"));
    let (_, r) = import(&crlf, &Options::new());
    assert_eq!(r.unwrap().counts.rows_imported, 253);
    // Quoted fields with commas, as a spreadsheet would write them.
    let quoted = format!(
        "{}90003,France,Venezuela,Mistral SAM,\"portable SAM, twin\",Missiles,2010,No,10,No,2011,No,New,0.09,0.09,0.9,No\n",
        head()
    );
    let (ledger, r) = import(&quoted, &Options::new());
    assert_eq!(r.unwrap().counts.rows_imported, 1);
    assert!(
        ledger
            .entries()
            .any(|e| SipriDeal::of(&e).unwrap().unwrap().description == "portable SAM, twin")
    );
}

/// The excerpt with preamble line 11 (`Data generated: ...`) replaced by `line` (bytes).
fn with_generated(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, l) in EXCERPT.split_inclusive('\n').enumerate() {
        if i == 10 {
            out.extend_from_slice(line);
            out.push(b'\n');
        } else {
            out.extend_from_slice(l.as_bytes());
        }
    }
    out
}

fn import_bytes(bytes: &[u8], options: &Options) -> (Ledger, Result<Report, Error>) {
    let mut ledger = Ledger::new(Catalog::reference());
    let r = sipri::import(&mut ledger, bytes, options);
    (ledger, r)
}

/// Issue 9, defect 1: a non-ASCII month panicked ("byte index 3 is not a char boundary").
#[test]
fn non_ascii_month_is_a_date_error_not_a_panic() {
    // The smallest file reaching the date: the fuzzer's reproducer, whole.
    let mut repro = Vec::new();
    repro.extend_from_slice(b"Transfers of major conventional arms\n");
    repro.extend_from_slice(b"\n\n\n\n\n\n\n\n");
    repro.extend_from_slice(b"Source: SIPRI Arms Transfers Database (c) SIPRI.\n");
    repro.extend_from_slice(b"Data generated: 3 Ja\xc3\xa9 2025");
    let (ledger, r) = import_bytes(&repro, &Options::new());
    match r {
        Err(Error::GeneratedDate { line: 11, value }) => assert_eq!(value, "3 Ja\u{e9} 2025"),
        other => panic!("{other:?}"),
    }
    assert!(ledger.is_empty());

    // The same months (and other non-ASCII or invalid UTF-8 text) in a full export.
    let bad: [&[u8]; 7] = [
        b"3 Ja\xc3\xa9 2025 9:16:02 PM",
        b"3 J\xc3\xa9n 2025 9:16:02 PM",
        b"3 \xc3\xa9\xc3\xa9\xc3\xa9 2025",
        b"3 Ja\xff 2025",
        b"3 \xe2\x80\x94 2025",
        b"\xc3\xa9 Jan 2025",
        b"3 Jan \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa5",
    ];
    for value in bad {
        let mut line = b"Data generated: ".to_vec();
        line.extend_from_slice(value);
        for strict in [false, true] {
            let (ledger, r) = import_bytes(&with_generated(&line), &Options::new().strict(strict));
            assert!(
                matches!(r, Err(Error::GeneratedDate { line: 11, .. })),
                "{}: {r:?}",
                String::from_utf8_lossy(value)
            );
            assert!(ledger.is_empty());
        }
    }
}

/// The generation date is read with jiff's strtime: SIPRI's form, with or without its
/// clock time, abbreviated or full month names; nothing else after the date.
#[test]
fn generated_date_forms() {
    let ok = [
        ("3 Jan 2025 9:16:02 PM", date(2025, 1, 3)),
        ("03 jan 2025 09:16:02 am", date(2025, 1, 3)),
        ("3 Jan 2025", date(2025, 1, 3)),
        ("29 February 2024", date(2024, 2, 29)),
        ("1 Sep 2031 12:00:00 AM", date(2031, 9, 1)),
    ];
    for (text, expected) in ok {
        let line = format!("Data generated: {text}");
        let (_, r) = import_bytes(&with_generated(line.as_bytes()), &Options::new());
        let report = r.unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(report.generated_date, expected, "{text}");
        assert_eq!(report.generated, text);
    }
    let bad = [
        "31 Feb 2025",
        "3 Jan 1850",
        "3 Jan 2025 yesterday",
        "3 Jan 2025 13:16:02 PM",
        "3 Janu 2025",
        "Jan 3 2025",
        "",
    ];
    for text in bad {
        let line = format!("Data generated: {text}");
        let (_, r) = import_bytes(&with_generated(line.as_bytes()), &Options::new());
        match r {
            Err(Error::GeneratedDate { line: 11, value }) => assert_eq!(value, text),
            other => panic!("{text}: {other:?}"),
        }
    }
}

/// The excerpt without its final line end, its last row replaced by `last`.
fn with_last_row(last: &str) -> String {
    let mut lines: Vec<&str> = EXCERPT.lines().collect();
    *lines.last_mut().unwrap() = last;
    lines.join("\n")
}

/// Issue 9, defect 7: a final row without its line end is reported as truncated, wherever
/// it was cut; the real export ends every row with one.
#[test]
fn final_row_without_line_end_is_truncated() {
    let last = EXCERPT.lines().last().unwrap();
    let last_line = EXCERPT.lines().count() as u64;
    let fields = last.split(',').count();
    assert_eq!(fields, 17);
    let commas: Vec<usize> = last.match_indices(',').map(|(i, _)| i).collect();
    let cases = [
        // Right after the 16th comma: `Local production` would read as empty.
        last[..=commas[15]].to_owned(),
        // Inside a field.
        last[..commas[9] - 1].to_owned(),
        // After another comma.
        last[..=commas[3]].to_owned(),
        // All 17 fields, but no line end: still cut (the rule has no exception).
        last.to_owned(),
        // Cut inside a quoted last field, after a line break in it: the input's last byte
        // is a line end, but it is the field's, not the row's.
        format!("{}\"No\n", &last[..=commas[15]]),
        format!("{}\"No\r\n\n", &last[..=commas[15]]),
        // A CRLF cut after its CR (a lone CR is no line end, as in the preamble).
        format!("{last}\r"),
    ];
    for cut in &cases {
        let csv = with_last_row(cut);
        let (ledger, r) = import(&csv, &Options::new());
        let report = r.unwrap();
        assert_eq!(report.counts.rows_read, 253, "{cut}");
        assert_eq!(report.counts.rows_imported, 252, "{cut}");
        assert_eq!(
            report.counts.rejected.len(),
            1,
            "{cut}: {:?}",
            report.counts.rejected
        );
        let e = &report.counts.rejected[0];
        assert_eq!(
            (e.line, e.field, e.problem),
            (last_line, None, RowProblem::Truncated),
            "{e}"
        );
        assert!(e.to_string().contains("line end"), "{e}");
        assert_eq!(ledger.len() as u64, report.counts.entries_created);

        let (ledger, r) = import(&csv, &Options::new().strict(true));
        match r {
            Err(Error::Row(e)) => {
                assert_eq!(
                    (e.line, e.problem),
                    (last_line, RowProblem::Truncated),
                    "{e}"
                )
            }
            other => panic!("{cut}: {other:?}"),
        }
        assert!(ledger.is_empty());
    }
    // With its line end (LF, CRLF, followed by blank lines) the last row is whole, its
    // last field quoted or not, even with a line break inside the quotes.
    let quoted = format!("{}\"No\"", &last[..=commas[15]]);
    let quoted_break = format!("{}\"No\n\"", &last[..=commas[15]]);
    for row in [last, &quoted, &quoted_break] {
        for end in ["\n", "\r\n", "\n\n\n", "\r\n\r\n"] {
            let csv = format!("{}{end}", with_last_row(row));
            let (_, r) = import(&csv, &Options::new().strict(true));
            assert_eq!(r.unwrap().counts.rows_imported, 253, "{row:?}{end:?}");
        }
    }
}

/// A header without its line end and nothing after it: the file was cut in the header.
#[test]
fn header_without_line_end_is_truncated() {
    let header = EXCERPT.lines().nth(11).unwrap();
    let cut = format!(
        "{}{header}",
        EXCERPT.split_inclusive('\n').take(11).collect::<String>()
    );
    let (_, r) = import(&cut, &Options::new());
    assert!(matches!(r, Err(Error::Truncated { line: 12 })), "{r:?}");
    let cut_field = &cut[..cut.len() - "Local production".len()];
    let (_, r) = import(cut_field, &Options::new());
    assert!(matches!(r, Err(Error::Truncated { line: 12 })), "{r:?}");
    // With it, an export without rows imports nothing.
    let (_, r) = import(&format!("{cut}\n"), &Options::new());
    assert_eq!(r.unwrap().counts.rows_read, 0);
}

/// Found by the fuzz target: with CRLF line ends every row error named the line before
/// the row (the first row as line 12, the header's).
/// A row after blank lines is reported at its own line, not at the first blank line (the
/// CSV reader's record position counts from before the blank lines it skips).
#[test]
fn rows_after_blank_lines_are_reported_at_their_own_line() {
    let original = EXCERPT.lines().nth(12 + 5).unwrap();
    let mut fields: Vec<&str> = original.split(',').collect();
    fields[12] = "Refurbished";
    let bad = fields.join(",");
    let (lf, line) = with_row(5, &bad);
    for blanks in ["\n", "\n\n", "\r\n\n"] {
        let csv = lf.replacen(&bad, &format!("{blanks}{bad}"), 1);
        let expected = line + blanks.matches('\n').count() as u64;
        let (_, r) = import(&csv, &Options::new());
        let rejected = r.unwrap().counts.rejected;
        assert_eq!(rejected.len(), 1, "{rejected:?}");
        assert_eq!(rejected[0].line, expected, "{blanks:?}: {}", rejected[0]);
    }
}

/// The fuzz target's checks, on its committed seeds (`fuzz/corpus/sipri_import/`), so that
/// they run without a fuzzer: the endless-preamble and endless-row seeds among them.
#[test]
fn the_fuzz_seeds_hold_the_fuzz_checks() {
    use materiel::import::MAX_LINE_BYTES;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/sipri_import");
    let mut seeds = 0;
    for file in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(file.unwrap().path()).unwrap();
        seeds += 1;
        let mut lenient = Ledger::new(Catalog::reference());
        match sipri::import(&mut lenient, data.as_slice(), &Options::new()) {
            Ok(report) => {
                let rejected_rows = report
                    .counts
                    .rejected
                    .iter()
                    .filter(|e| e.problem != RowProblem::Ledger)
                    .count() as u64;
                assert_eq!(
                    report.counts.rows_read,
                    report.counts.rows_imported + report.counts.rows_filtered + rejected_rows
                );
                assert_eq!(lenient.len() as u64, report.counts.entries_created);
                assert!(report.counts.rejected.iter().all(|e| e.line >= 12));
            }
            Err(e) => {
                assert!(lenient.is_empty());
                if let Error::LineTooLong(t) = &e {
                    assert!(t.length > MAX_LINE_BYTES as u64);
                    assert!(e.to_string().len() < 400);
                }
            }
        }
        let mut strict = Ledger::new(Catalog::reference());
        match sipri::import(&mut strict, data.as_slice(), &Options::new().strict(true)) {
            Ok(_) | Err(Error::Ledger { .. }) => {}
            Err(_) => assert!(strict.is_empty()),
        }
    }
    assert!(seeds >= 19);
}

/// A reader that never ends: `byte` forever, after `head`.
struct Endless {
    head: std::io::Cursor<Vec<u8>>,
    byte: u8,
}

impl std::io::Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = std::io::Read::read(&mut self.head, buf)?;
        if n > 0 {
            return Ok(n);
        }
        buf.fill(self.byte);
        Ok(buf.len())
    }
}

/// Endless and enormous input, in the preamble or in the rows, stops at the line limit with
/// an error naming the line, how much was read and its first bytes, in one short line; the
/// ledger is unchanged. (Before, `/dev/zero` aborted the process in the preamble.)
#[test]
fn endless_and_enormous_input_stops_at_the_line_limit() {
    use materiel::import::MAX_LINE_BYTES;
    let endless = |head: String, byte: u8| Endless {
        head: std::io::Cursor::new(head.into_bytes()),
        byte,
    };
    let preamble_5: String = EXCERPT.split_inclusive('\n').take(5).collect();
    let mut huge = head().into_bytes();
    huge.resize(huge.len() + 20 * 1024 * 1024, b'x');
    type Input = Box<dyn Fn() -> Box<dyn std::io::Read>>;
    let cases: Vec<(Input, u64, &str)> = vec![
        (
            Box::new(move || Box::new(endless(String::new(), 0))),
            1,
            "\0",
        ),
        (
            Box::new(move || Box::new(endless(preamble_5.clone(), b'z'))),
            6,
            "z",
        ),
        (Box::new(move || Box::new(endless(head(), 0))), 13, "\0"),
        (
            Box::new(move || Box::new(endless(format!("{}\"open", head()), b'\n'))),
            13,
            "\"open",
        ),
        (
            Box::new(move || Box::new(std::io::Cursor::new(huge.clone()))),
            13,
            "x",
        ),
    ];
    for (i, (input, line, starts)) in cases.iter().enumerate() {
        for strict in [false, true] {
            let mut ledger = Ledger::new(Catalog::reference());
            let err =
                sipri::import(&mut ledger, input(), &Options::new().strict(strict)).unwrap_err();
            let Error::LineTooLong(e) = &err else {
                panic!("case {i}: {err}")
            };
            assert_eq!(e.line, *line, "case {i}");
            assert!(e.length > MAX_LINE_BYTES as u64, "case {i}");
            assert!(
                e.prefix.starts_with(starts) && e.prefix.len() <= 32,
                "case {i}"
            );
            let message = err.to_string();
            assert!(message.len() < 300 && !message.contains('\n'), "{message}");
            assert!(message.starts_with(&format!("line {line}: a row longer than")));
            assert!(ledger.is_empty());
        }
    }
}

#[test]
fn crlf_rows_are_reported_at_their_own_line() {
    for n in [0usize, 1, 100, 252] {
        let original = EXCERPT.lines().nth(12 + n).unwrap();
        let mut fields: Vec<&str> = original.split(',').collect();
        fields[12] = "Refurbished";
        let bad = fields.join(",");
        let (lf, line) = with_row(n, &bad);
        let crlf = lf.replace('\n', "\r\n");
        for csv in [&lf, &crlf] {
            let (_, r) = import(csv, &Options::new());
            let report = r.unwrap();
            assert_eq!(report.counts.rows_read, 253);
            assert_eq!(
                report.counts.rejected.len(),
                1,
                "{:?}",
                report.counts.rejected
            );
            assert_eq!(
                report.counts.rejected[0].line, line,
                "{}",
                report.counts.rejected[0]
            );
            let (_, r) = import(csv, &Options::new().strict(true));
            match r {
                Err(Error::Row(e)) => assert_eq!(e.line, line, "{e}"),
                other => panic!("{other:?}"),
            }
        }
    }
    // Blank lines (LF or CRLF) between and after rows are skipped, not rows.
    let blank = with_row(3, EXCERPT.lines().nth(15).unwrap()).0.replacen(
        EXCERPT.lines().nth(15).unwrap(),
        &format!("\n\r\n{}", EXCERPT.lines().nth(15).unwrap()),
        1,
    ) + "\r\n\n";
    let (_, r) = import(&blank, &Options::new().strict(true));
    assert_eq!(r.unwrap().counts.rows_read, 253);
    let (_, r) = import(
        &blank.replace("\r\n", "\n").replace('\n', "\r\n"),
        &Options::new(),
    );
    assert_eq!(r.unwrap().counts.rows_read, 253);
}

#[test]
fn path_convenience() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sipri-excerpt.csv");
    let mut ledger = Ledger::new(Catalog::reference());
    let report = sipri::import_file(&mut ledger, path, &Options::new()).unwrap();
    assert_eq!(report.counts.rows_read, 253);
}

fn mutate(text: &str, ops: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for &(pos, kind, b) in ops {
        let pos = pos % bytes.len().max(1);
        match kind % 4 {
            0 => bytes[pos] = b,
            1 => {
                bytes.remove(pos);
            }
            2 => bytes.insert(pos, b),
            _ => bytes.insert(pos, [b',', b'"', b'\n', b'*'][b as usize % 4]),
        }
        if bytes.is_empty() {
            break;
        }
    }
    bytes
}

proptest! {
    // 64 cases by default (CI-friendly); more with PROPTEST_CASES.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
    ))]

    /// Random byte mutations anywhere: Ok with a report or Err naming a line, never a panic;
    /// lenient rejections name lines within the file.
    #[test]
    fn mutated_bytes_never_panic(ops in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6)) {
        let bytes = mutate(EXCERPT, &ops);
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let mut ledger = Ledger::new(Catalog::reference());
        if let Ok(report) = sipri::import(&mut ledger, &bytes[..], &Options::new()) {
                prop_assert_eq!(report.counts.rows_read, report.counts.rows_imported + report.counts.rows_filtered + report.counts.rejected.iter().filter(|e| e.problem != RowProblem::Ledger).count() as u64);
                for e in &report.counts.rejected {
                    prop_assert!(e.line >= 13 && e.line <= lines, "{}", e);
                }
                prop_assert_eq!(ledger.len() as u64, report.counts.entries_created);
            }
        let mut strict = Ledger::new(Catalog::reference());
        match sipri::import(&mut strict, &bytes[..], &Options::new().strict(true)) {
            Ok(_) => {}
            Err(Error::Row(e)) => {
                prop_assert!(e.line >= 13 && e.line <= lines, "{}", e);
                prop_assert!(strict.is_empty());
            }
            Err(_) => prop_assert!(strict.is_empty()),
        }
    }

    /// One field of one row replaced by junk: the row is rejected at its own line, or
    /// imported; strict mode names that line.
    #[test]
    fn mutated_fields_are_reported_at_their_line(row in 0usize..253, col in 0usize..17, junk in "[A-Za-z0-9 .*()-]{0,12}") {
        let original = EXCERPT.lines().nth(12 + row).unwrap();
        let mut fields: Vec<&str> = original.split(',').collect();
        fields[col] = &junk;
        let (csv, line) = with_row(row, &fields.join(","));
        let (_, report) = import(&csv, &Options::new());
        let report = report.unwrap();
        // The mutated row, or (when it was the first row of its deal and now disagrees with
        // the rest) the deal's later rows as mismatches.
        prop_assert!(report.counts.rejected.iter().all(|e| e.line == line || e.problem == sipri::Problem::DealMismatch), "{:?}", report.counts.rejected);
        prop_assert!(report.counts.rejected.iter().all(|e| e.line >= 13), "{:?}", report.counts.rejected);
        if let Some(e) = report.counts.rejected.iter().find(|e| e.problem != sipri::Problem::DealMismatch) {
            prop_assert_eq!(e.line, line);
        }
        let (ledger, strict) = import(&csv, &Options::new().strict(true));
        if let Err(e) = strict {
            prop_assert!(matches!(e, Error::Row(_)), "{}", e);
            prop_assert!(ledger.is_empty());
        }
    }
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
    assert_eq!(report.counts.entries_created, rows + deals.len() as u64);
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
        let deal = SipriDeal::of(&e).unwrap().unwrap().deal;
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

/// The excerpt as SIPRI might republish it a year later: generated 2 Feb 2026, with a
/// delivery year moved (Su-30 deal 33019: the batch of 8 now in 2009), a count revised
/// (Mi-17 deal 33020: 6 -> 8), a deal added (99001) and a deal withdrawn (38045).
fn second_edition() -> String {
    EXCERPT
        .replace(
            "Data generated: 3 Jan 2025 9:16:02 PM",
            "Data generated: 2 Feb 2026 10:00:00 AM",
        )
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
        + "99001,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2025,Yes,2,Yes,2026,Yes,New,55,55,110,No\n"
}

#[test]
fn editions_supersede() {
    let e2 = second_edition();
    assert_ne!(e2, EXCERPT);
    let (mut ledger, first) = excerpt();
    let len_1 = ledger.len();
    let report = sipri::import(&mut ledger, e2.as_bytes(), &Options::new()).unwrap();
    assert!(report.counts.rejected.is_empty(), "{report}");
    let diff = report.edition.clone().expect("a second edition has a diff");
    assert_eq!(diff.previous, Some(date(2025, 1, 3)));
    assert_eq!(diff.edition, Some(date(2026, 2, 2)));
    assert_eq!(diff.added, ["99001"]);
    assert_eq!(diff.withdrawn, ["38045"]);
    let changed: Vec<&str> = diff.changed.iter().map(|c| c.deal.as_str()).collect();
    assert_eq!(changed, ["33019", "33020"], "{diff}");
    assert_eq!(diff.unchanged, first.deals - 3);
    let su30 = &diff.changed[0];
    let field = |name: &str| su30.fields.iter().find(|f| f.field == name).unwrap();
    assert_eq!(field("delivered 2008").before.as_deref(), Some("8"));
    assert_eq!(field("delivered 2008").after, None);
    assert_eq!(field("delivered 2009").after.as_deref(), Some("8"));
    let mi17 = &diff.changed[1];
    let ordered = mi17.fields.iter().find(|f| f.field == "ordered").unwrap();
    assert_eq!(
        (ordered.before.as_deref(), ordered.after.as_deref()),
        (Some(">=6"), Some(">=8"))
    );
    // Only the revised deals were appended: 33019 and 33020 (order and deliveries), 99001;
    // their earlier entries and 38045's retracted.
    assert_eq!(report.counts.entries_created - report.retracted, 4 + 2 + 2);
    assert_eq!(report.retracted, 4 + 2 + 2);
    assert_eq!(ledger.len(), len_1 + 16);

    // Not doubled: Venezuela's Su-30MK2 are 24, not 48; the moved batch shows as known now,
    // and as known at the first edition the 2008 count stands.
    let ven = h("VEN");
    let su = cat("su-30mk2");
    assert_eq!(
        in_service(&ledger, "VEN", &su, 2013),
        Count::exact(24).unwrap()
    );
    assert_eq!(
        in_service(&ledger, "VEN", &su, 2008),
        Count::exact(16).unwrap()
    );
    let known_1: Timestamp = "2025-01-03T00:00:00Z".parse().unwrap();
    let then = AsOf::valid(date(2008, 12, 31)).known_at(known_1);
    assert_eq!(ledger.lot(&ven, &su, &then).in_service().value(), 24);

    // The ledger now says what a fresh import of the second edition says, holder by holder.
    let (fresh, _) = import(&e2, &Options::new());
    for holder in fresh.holders() {
        for y in [2005, 2010, 2026] {
            let at = AsOf::valid(date(y, 12, 31));
            let a: Vec<_> = ledger
                .holdings(holder, &at)
                .iter()
                .map(|(p, s)| (p.clone(), *s))
                .collect();
            let b: Vec<_> = fresh
                .holdings(holder, &at)
                .iter()
                .map(|(p, s)| (p.clone(), *s))
                .collect();
            assert_eq!(a, b, "{holder} in {y}");
        }
    }
    // The withdrawn deal is gone as known now.
    assert_eq!(
        ledger
            .pipeline(&ven, &AsOf::latest())
            .iter()
            .filter(|p| p.entry.source().reference() == Some("38045"))
            .count(),
        0
    );

    // The same edition again appends nothing.
    let len_2 = ledger.len();
    let again = sipri::import(&mut ledger, e2.as_bytes(), &Options::new()).unwrap();
    assert_eq!(again.counts.entries_created, 0);
    assert!(again.edition.unwrap().is_empty());
    assert_eq!(ledger.len(), len_2);

    // An older edition after a newer one: refused, the ledger unchanged.
    let err = sipri::import(&mut ledger, EXCERPT.as_bytes(), &Options::new()).unwrap_err();
    assert!(
        matches!(err, Error::OlderEdition { edition, latest }
            if edition == date(2025, 1, 3) && latest == date(2026, 2, 2)),
        "{err}"
    );
    assert!(err.to_string().contains("oldest first"), "{err}");
    assert_eq!(ledger.len(), len_2);
}

/// Variant rules: by deal id, by recipient, the user's before the defaults, a rule whose
/// target the catalog lacks skipped.
#[test]
fn variant_rules_by_deal_and_recipient() {
    use materiel::import::sipri::VariantRule;
    let su30 = |ledger: &Ledger, holder: &str, id: &str| {
        in_service(ledger, holder, &cat(id), 2025).value()
    };
    // Defaults: Venezuela's Su-30MK are MK2; China's stay the family.
    let (ledger, report) = excerpt();
    assert_eq!(su30(&ledger, "VEN", "su-30mk2"), 24);
    assert_eq!(su30(&ledger, "CHN", "su-30mk"), 24);
    assert_eq!(report.variant_rows, 3);
    // China's deal 33014 is MK2: a deal rule says so.
    let options = Options::new().variant_rule(VariantRule::deal(33014, "su-30mk2").unwrap());
    let (ledger, r) = import(EXCERPT, &options);
    assert_eq!(r.unwrap().variant_rows, 4);
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
        .variant_rule(VariantRule::deal(33014, "su-30mkk").unwrap());
    let (ledger, r) = import(EXCERPT, &options);
    assert_eq!(r.unwrap().variant_rows, 3);
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
    assert_eq!(rollup.total.in_service(), Count::exact(26).unwrap());
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

/// The excerpt without its `Data generated:` line (as a spreadsheet may re-save it): the
/// header is then line 11.
fn without_generated_line() -> String {
    EXCERPT
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("Data generated: "))
        .collect()
}

#[test]
fn an_export_without_its_generation_line_imports_with_the_edition_given() {
    let csv = without_generated_line();
    // Without the option: the preamble error names line 11, as before.
    let (ledger, r) = import(&csv, &Options::new());
    assert!(matches!(r, Err(Error::Preamble { line: 11, .. })), "{r:?}");
    assert!(ledger.is_empty());

    // With it: the same entries as the whole export, citing the edition given.
    let (whole, whole_report) = excerpt();
    let (ledger, r) = import(&csv, &Options::new().edition(date(2025, 1, 3)));
    let report = r.unwrap();
    assert_eq!(report.generated, "");
    assert_eq!(report.generated_date, date(2025, 1, 3));
    assert_eq!(report.citation, whole_report.citation);
    assert_eq!(report.recorded, whole_report.recorded);
    assert_eq!(report.counts.rows_read, whole_report.counts.rows_read);
    let a: Vec<_> = ledger.entries().map(|e| e.into_content()).collect();
    let b: Vec<_> = whole.entries().map(|e| e.into_content()).collect();
    assert_eq!(a, b);

    // Row errors name the file's own lines: the first row is line 12, not 13.
    let mut lines: Vec<&str> = csv.lines().collect();
    let bad = lines[11].replacen(",Afghanistan,", ",Narnia,", 1);
    assert_ne!(bad, lines[11], "the first row names Afghanistan");
    lines[11] = &bad;
    let (_, r) = import(
        &(lines.join("\n") + "\n"),
        &Options::new().edition(date(2025, 1, 3)),
    );
    assert_eq!(r.unwrap().counts.rejected[0].line, 12);
}

#[test]
fn an_edition_given_must_agree_with_the_exports_own() {
    // The same date: fine.
    let (_, r) = import(EXCERPT, &Options::new().edition(date(2025, 1, 3)));
    assert_eq!(r.unwrap().generated, "3 Jan 2025 9:16:02 PM");
    // Another date: refused, naming both, nothing imported.
    let (ledger, r) = import(EXCERPT, &Options::new().edition(date(2024, 12, 9)));
    match r {
        Err(e @ Error::EditionMismatch { line: 11, .. }) => {
            let text = e.to_string();
            assert!(
                text.contains("2025-01-03") && text.contains("2024-12-09"),
                "{text}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(ledger.is_empty());
}

/// The excerpt's ledger with a hand-written loss of the two ship engines of deal 38045
/// (which the second edition withdraws): retracting its delivery would leave -2 engines,
/// so the ledger refuses that retraction, the last entry of the second edition's import.
fn ledger_refusing_the_withdrawal() -> Ledger {
    let (mut ledger, _) = excerpt();
    let delivery = ledger
        .entries()
        .find(|e| {
            e.source().reference() == Some("38045")
                && matches!(e.change(), Change::Delivered { .. })
        })
        .unwrap();
    let loss = materiel::NewEntry::new(
        delivery.holder().clone(),
        delivery.platform().clone(),
        materiel::EffectiveDate::year(2010).unwrap(),
        Change::Lost {
            count: Count::exact(2).unwrap(),
            from: Status::Unknown,
            cause: materiel::ledger::LossCause::Destroyed,
        },
        materiel::Source::new("a navy report", "B2".parse().unwrap()).unwrap(),
        "2025-06-01T00:00:00Z".parse().unwrap(),
    );
    ledger.append(loss).unwrap();
    ledger
}

/// Strict, an edition import the ledger refuses late (its last retraction) is all or
/// nothing: the error names the refusal and the ledger is exactly as before, the revised
/// and added deals' entries included.
#[test]
fn a_strict_edition_import_refused_late_changes_nothing() {
    let mut ledger = ledger_refusing_the_withdrawal();
    let before: Vec<_> = ledger.entries().collect();
    let err = sipri::import(
        &mut ledger,
        second_edition().as_bytes(),
        &Options::new().strict(true),
    )
    .unwrap_err();
    // A withdrawn deal has no row in the new edition: line 0.
    assert!(
        matches!(
            &err,
            Error::Ledger {
                line: 0,
                source: materiel::LedgerError::NegativeCount { .. }
            }
        ),
        "{err}"
    );
    assert_eq!(ledger.entries().collect::<Vec<_>>(), before);
}

/// Lenient, the same import appends everything but the refused retraction, reported as a
/// ledger row error; the ledger is what appending the import's entries one by one gives.
#[test]
fn a_lenient_edition_import_skips_the_refused_entry_only() {
    let start = ledger_refusing_the_withdrawal();
    let mut ledger = start.clone();
    let report = sipri::import(&mut ledger, second_edition().as_bytes(), &Options::new()).unwrap();
    let refused: Vec<_> = report
        .counts
        .rejected
        .iter()
        .map(|e| (e.line, e.problem))
        .collect();
    assert_eq!(refused, [(0, RowProblem::Ledger)], "{report}");
    assert!(
        report.counts.rejected[0].reason.contains("negative"),
        "{report}"
    );
    // As in `editions_supersede`, but for one of the 8 retractions.
    assert_eq!(report.retracted, 8 - 1);
    assert_eq!(report.counts.entries_created, 8 + 7);
    assert_eq!(
        report.counts.first_entry,
        Some(materiel::EntryId::new(start.len() as u64))
    );
    let mut one_by_one = start.clone();
    for entry in ledger.entries().skip(start.len()) {
        one_by_one.append(entry.into_content()).unwrap();
    }
    assert_eq!(
        one_by_one.entries().collect::<Vec<_>>(),
        ledger.entries().collect::<Vec<_>>()
    );
}
