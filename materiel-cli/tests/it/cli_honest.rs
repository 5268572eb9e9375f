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
