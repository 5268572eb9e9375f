//! The review's "honest answers" findings on the committed SIPRI excerpt: `lot` of a platform
//! with no entry says so and points at the lots of its family (no false zero), in a table and
//! in a row of CSV and JSON Lines; munitions
//! delivered but never assessed show their bounds (`0..=N`); `holdings` says what "in
//! service" counts; grouped holdings carry their group's bounds.

use crate::support::{csv_rows, imported, ok, snapshot};

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
fn a_lot_with_no_entry_is_one_row_of_csv_and_json_lines_saying_so() {
    let (dir, _) = imported();
    let d = dir.path();
    let j = ["--journal", "ven.jsonl"];
    let q = |args: &[&str]| ok(d, &[args, &j[..]].concat());
    let csv = q(&["lot", "VEN", "Su-30", "--format", "csv"]);
    snapshot("lot-ven-su30-family.csv", &csv);
    // The columns of a lot with entries.
    let entries = q(&["lot", "VEN", "su-30mk2", "--format", "csv"]);
    assert_eq!(csv.lines().next(), entries.lines().next());
    let rows = csv_rows(&csv);
    assert_eq!(rows.len(), 1, "{csv}");
    let row = &rows[0];
    assert_eq!(
        (row["holder"].as_str(), row["platform"].as_str()),
        ("VEN", "su-30")
    );
    for empty in [
        "id",
        "change",
        "count",
        "count_basis",
        "bounds_lower",
        "source_citation",
    ] {
        assert_eq!(row[empty], "", "{empty}: {csv}");
    }
    let note = &row["note"];
    assert!(note.contains("not a count of 0"), "{note}");
    assert!(note.contains("su-30mk2 (24 in service)"), "{note}");
    // JSON Lines: the same row, `null` where CSV is empty.
    let json = q(&["lot", "VEN", "Su-30", "--format", "json"]);
    assert_eq!(json.lines().count(), 1, "{json}");
    let object: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        object["id"].is_null() && object["count"].is_null(),
        "{json}"
    );
    assert_eq!(object["platform_generic"], false);
    assert_eq!(object["note"].as_str(), Some(note.as_str()));
    // A platform with no lot in its line: said too.
    let none = csv_rows(&q(&["lot", "VEN", "F-16A", "--format", "csv"]));
    assert!(
        none[0]["note"].ends_with("no lot of its family either"),
        "{none:?}"
    );
}

#[test]
fn lot_csv_rows_are_the_entries_export_s_byte_for_byte() {
    let (dir, _) = imported();
    let d = dir.path();
    let j = ["--journal", "ven.jsonl"];
    let entries = ok(d, &[&["export", "entries"], &j[..]].concat());
    let lot = ok(
        d,
        &[&["lot", "VEN", "su-30mk2", "--format", "csv"], &j[..]].concat(),
    );
    let mut lines = lot.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with(entries.lines().next().unwrap()),
        "{header}"
    );
    let mut n = 0;
    for line in lines {
        // The entry's row as exported (text quoted), then the three bounds columns.
        let row = line.rsplitn(4, ',').last().unwrap();
        assert!(entries.lines().any(|e| e == row), "{row}");
        assert!(row.contains(",\"VEN\",\"su-30mk2\","), "{row}");
        n += 1;
    }
    assert!(n > 0);
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
    assert!(igla.ends_with(",0,4000,4000"), "{igla}");
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
