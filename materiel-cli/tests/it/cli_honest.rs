//! The review's "honest answers" findings on the committed SIPRI excerpt: `lot` of a platform
//! with no entry says so and points at the lots of its family (no false zero); munitions
//! delivered but never assessed show their bounds (`0..=N`); `holdings` says what "in
//! service" counts; grouped holdings carry their group's bounds.

use crate::support::{imported, ok, snapshot};

#[test]
fn a_lot_with_no_entry_is_not_a_zero_and_names_the_lots_of_its_family() {
    let (dir, _) = imported();
    let d = dir.path();
    // A family node: the units are in the variant's lot.
    let family = ok(d, &["lot", "VEN", "Su-30", "--journal", "ven.jsonl"]);
    assert!(
        family.contains("No entry for Su-30 of Venezuela (VEN)"),
        "{family}"
    );
    assert!(family.contains("materiel lot VEN su-30mk2"), "{family}");
    assert!(!family.contains("delivered"), "no table of zeros: {family}");
    snapshot("lot-ven-su30-family.txt", &family);
    let t72 = ok(d, &["lot", "VEN", "T-72", "--journal", "ven.jsonl"]);
    assert!(t72.contains("materiel lot VEN t-72m1"), "{t72}");
    // India's Su-30MK rows are Su-30MKI by the default variant rule; the family node of
    // India names that lot.
    let mki = ok(d, &["lot", "IND", "Su-30MKI", "--journal", "ven.jsonl"]);
    assert!(mki.contains("delivered"), "{mki}");
    let family = ok(d, &["lot", "IND", "Su-30MK", "--journal", "ven.jsonl"]);
    snapshot("lot-ind-su30mk-family.txt", &family);
    assert!(family.contains("materiel lot IND su-30mki"), "{family}");
    // A platform with no lot in its line at all.
    let none = ok(d, &["lot", "VEN", "F-16A", "--journal", "ven.jsonl"]);
    assert!(none.contains("No entry for F-16A"), "{none}");
    assert!(none.contains("No lot of its family"), "{none}");
}

#[test]
fn munitions_never_assessed_show_their_bounds_and_holdings_say_what_in_service_counts() {
    let (dir, _) = imported();
    let d = dir.path();
    let j = ["--journal", "ven.jsonl"];
    let q = |args: &[&str]| ok(d, &[args, &j[..]].concat());
    // Igla-S: 4,000 delivered, never assessed: at most 4,000 held, perhaps none.
    let lot = q(&["lot", "VEN", "Igla-S"]);
    assert!(lot.contains("held: 0..4000"), "{lot}");
    snapshot("lot-ven-igla-s.txt", &lot);
    let holdings = q(&["holdings", "VEN"]);
    snapshot("holdings-ven-bounds.txt", &holdings);
    let igla = holdings.lines().find(|l| l.contains("| Igla-S")).unwrap();
    assert!(igla.contains("0..4000"), "{igla}");
    // The T-72M1's ">=92" already says "at least": no bounds beside it.
    let t72 = holdings.lines().find(|l| l.contains("| T-72M1")).unwrap();
    assert!(!t72.contains("92.."), "{t72}");
    assert!(
        holdings.contains("attrition no source reported is not subtracted"),
        "{holdings}"
    );
    // CSV: the munition's bounds in the trailing columns.
    let csv = q(&["holdings", "VEN", "--format", "csv"]);
    let igla = csv.lines().find(|l| l.contains("igla-s")).unwrap();
    assert!(igla.ends_with(",0,4000,4000,"), "{igla}");
    let help = ok(d, &["holdings", "--help"]);
    assert!(
        help.contains("attrition no source reported is not subtracted"),
        "{help}"
    );
}

#[test]
fn grouped_holdings_carry_the_bounds_of_their_group() {
    let (dir, _) = imported();
    let d = dir.path();
    let j = ["--journal", "ven.jsonl"];
    let q = |args: &[&str]| ok(d, &[args, &j[..]].concat());
    // Pinned whole by cli_group's holdings-ven-by-category.table.txt.
    let table = q(&["holdings", "VEN", "--by", "category"]);
    // T-72M1 >=92 and ZTD-05 e9: at least 101, no upper limit (not "101 estimate").
    let tanks = table.lines().find(|l| l.contains("| tank ")).unwrap();
    assert!(tanks.contains("at_least"), "{tanks}");
    assert!(tanks.contains("101.. (no upper limit)"), "{tanks}");
    let csv = q(&["holdings", "VEN", "--by", "category", "--format", "csv"]);
    snapshot("holdings-ven-by-category-bounds.csv", &csv);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",bounds_lower,bounds_upper"),
        "{csv}"
    );
    let tanks = csv.lines().find(|l| l.contains("\"tank\"")).unwrap();
    assert!(tanks.ends_with(",101,"), "{tanks}");
    let json = q(&["holdings", "VEN", "--by", "family", "--format", "json"]);
    for line in json.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let lower = row["bounds_lower"].as_u64().unwrap();
        // Lower never above the count; the upper, where there is one, never below.
        assert!(lower <= row["in_service"].as_u64().unwrap(), "{line}");
        if let Some(upper) = row["bounds_upper"].as_u64() {
            assert!(upper >= lower, "{line}");
        }
    }
}

/// A losses row's empty `category` is what the grouped answer calls `uncategorised` (the
/// help says so): summing the rows by category with empty read as `uncategorised` gives the
/// grouped totals, category by category (the Oryx excerpt's generic items without one).
#[test]
fn an_empty_loss_category_is_the_grouped_uncategorised() {
    use std::collections::BTreeMap;
    let (dir, _) = crate::support::oryx_imported();
    let d = dir.path();
    let q = |args: &[&str]| ok(d, &[args, &["--journal", "ua.jsonl"][..]].concat());
    let read = |csv: &str| -> Vec<BTreeMap<String, String>> {
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        let header = r.headers().unwrap().clone();
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                header
                    .iter()
                    .zip(rec.iter())
                    .map(|(h, v)| (h.to_owned(), v.to_owned()))
                    .collect()
            })
            .collect()
    };
    let mut from_rows: BTreeMap<(String, String), u64> = BTreeMap::new();
    for row in read(&q(&["losses", "--format", "csv"])) {
        let category = match row["category"].as_str() {
            "" => "uncategorised".to_owned(),
            c => c.to_owned(),
        };
        *from_rows
            .entry((row["holder"].clone(), category))
            .or_default() += row["count"].parse::<u64>().unwrap();
    }
    let mut grouped: BTreeMap<(String, String), u64> = BTreeMap::new();
    for row in read(&q(&["losses", "--by", "category", "--format", "csv"])) {
        *grouped
            .entry((row["holder"].clone(), row["category"].clone()))
            .or_default() += row["units"].parse::<u64>().unwrap();
    }
    assert_eq!(from_rows, grouped);
    assert_eq!(grouped[&("RUS".to_owned(), "uncategorised".to_owned())], 1);
    let help = ok(d, &["losses", "--help"]);
    assert!(
        help.contains("which --by category calls `uncategorised`"),
        "{help}"
    );
}
