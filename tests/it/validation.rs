//! Validation in the types: a value that exists is valid. Counts are bounded by
//! [`MAX_COUNT`], citations and generic designations are not blank, and every type read back
//! from JSON rejects fields it does not know (a misspelt `"notes"` must not be dropped).
#![allow(clippy::unwrap_used)]

use materiel::ledger::{LossCause, MAX_COUNT};
use materiel::{Catalog, Change, Count, Entry, NewEntry, PlatformRef, Source};
use serde::de::DeserializeOwned;

/// Deserializes `json` as `T`, expecting an error whose message contains every one of `words`.
fn rejects<T: DeserializeOwned + std::fmt::Debug>(json: &str, words: &[&str]) {
    match serde_json::from_str::<T>(json) {
        Ok(v) => panic!("{json} was accepted as {v:?}"),
        Err(e) => {
            let message = e.to_string();
            for w in words {
                assert!(
                    message.contains(w),
                    "error {message:?} for {json} does not name {w:?}"
                );
            }
        }
    }
}

/// Deserializes `json` as `T`, which must succeed.
fn accepts<T: DeserializeOwned>(json: &str) -> T {
    match serde_json::from_str::<T>(json) {
        Ok(v) => v,
        Err(e) => panic!("{json} was rejected: {e}"),
    }
}

const ENTRY: &str = r#"{"holder":"VEN","platform":"su-30mk2","effective":"2008","recorded":"2025-03-10T00:00:00Z","change":{"kind":"delivered","count":{"value":8},"into":"unknown"},"source":{"citation":"SIPRI","grade":"A2"},"note":"last batch"}"#;

// ---------------------------------------------------------------------------------------------
// Counts.

#[test]
fn count_json_above_the_maximum_is_rejected() {
    let max = format!(r#"{{"value": {MAX_COUNT}}}"#);
    assert_eq!(accepts::<Count>(&max).value(), MAX_COUNT);
    rejects::<Count>(r#"{"value": 1000000001}"#, &["1000000001", "1000000000"]);
    rejects::<Count>(
        r#"{"value": 18446744073709551615, "basis": "estimate"}"#,
        &["18446744073709551615"],
    );
    // Inside an entry too.
    let entry = ENTRY.replace(r#""value":8"#, r#""value":1000000001"#);
    rejects::<NewEntry>(&entry, &["1000000001"]);
    rejects::<Entry>(&entry.replacen('{', r#"{"id":0,"#, 1), &["1000000001"]);
}

// ---------------------------------------------------------------------------------------------
// Blank text.

#[test]
fn source_json_with_a_blank_citation_is_rejected() {
    accepts::<Source>(r#"{"citation":"SIPRI","grade":"A2"}"#);
    rejects::<Source>(r#"{"citation":"","grade":"A2"}"#, &["citation"]);
    rejects::<Source>(r#"{"citation":" \t ","grade":"A2"}"#, &["citation"]);
    let entry = ENTRY.replace(r#""citation":"SIPRI""#, r#""citation":"  ""#);
    rejects::<NewEntry>(&entry, &["citation"]);
}

#[test]
fn generic_platform_json_with_a_blank_designation_is_rejected() {
    let ok = accepts::<PlatformRef>(r#"{"designation":"GPS jammer","kind":"generic"}"#);
    assert_eq!(ok.to_string(), "GPS jammer (generic)");
    rejects::<PlatformRef>(r#"{"designation":"","kind":"generic"}"#, &["designation"]);
    rejects::<PlatformRef>(
        r#"{"designation":"   ","kind":"generic"}"#,
        &["designation"],
    );
    let entry = ENTRY.replace(
        r#""platform":"su-30mk2""#,
        r#""platform":{"designation":"","kind":"generic"}"#,
    );
    rejects::<NewEntry>(&entry, &["designation"]);
}

// ---------------------------------------------------------------------------------------------
// Unknown fields.

#[test]
fn entry_json_with_a_misspelt_field_is_rejected() {
    let entry: NewEntry = accepts(ENTRY);
    assert_eq!(entry.note(), Some("last batch"));
    let misspelt = ENTRY.replace(r#""note":"#, r#""notes":"#);
    rejects::<NewEntry>(&misspelt, &["unknown field", "notes"]);
    // An entry with its id, as the journal and snapshots hold it.
    let with_id = ENTRY.replacen('{', r#"{"id":3,"#, 1);
    let read: Entry = accepts(&with_id);
    assert_eq!((read.id().get(), read.note()), (3, Some("last batch")));
    rejects::<Entry>(
        &misspelt.replacen('{', r#"{"id":3,"#, 1),
        &["unknown field", "notes"],
    );
    rejects::<Entry>(
        &with_id.replacen("\"id\":3,", "\"id\":3,\"ids\":4,", 1),
        &["ids"],
    );
}

#[test]
fn change_json_with_a_misspelt_field_is_rejected() {
    let ok = r#"{"kind":"delivered","count":{"value":8},"into":"unknown","supplier":"RUS"}"#;
    accepts::<Change>(ok);
    rejects::<Change>(
        &ok.replace("supplier", "suplier"),
        &["unknown field", "suplier"],
    );
    // Every kind, one misspelt field each.
    for json in [
        r#"{"kind":"requested","count":{"value":1},"requets":"repair"}"#,
        r#"{"kind":"ordered","count":{"value":1},"conditon":"new"}"#,
        r#"{"kind":"status_changed","from":"operational","to":"stored","count":{"value":1},"too":"stored"}"#,
        r#"{"kind":"assessed","breakdown":[["stored",{"value":1}]],"breakdwn":[]}"#,
        r#"{"kind":"lost","count":{"value":1},"from":"operational","cause":{"cause":"destroyed"},"caus":1}"#,
        r#"{"kind":"retired","count":{"value":1},"from":"operational","form":"stored"}"#,
        r#"{"kind":"expended","count":{"value":1},"from":"operational","extra":true}"#,
        r#"{"kind":"transferred","count":{"value":1},"to":"RUS","from":"stored","into":"stored","intoo":"stored"}"#,
        r#"{"kind":"observed","count":{"value":1},"satus":"stored"}"#,
        r#"{"kind":"retracted","entry":0,"entri":1}"#,
    ] {
        let (field, valid) = match json.rsplit_once(",\"") {
            Some((head, tail)) => (tail.split('"').next().unwrap(), format!("{head}}}")),
            None => unreachable!(),
        };
        accepts::<Change>(&valid);
        rejects::<Change>(json, &["unknown field", field]);
    }
}

#[test]
fn loss_cause_json_with_a_misspelt_field_is_rejected() {
    let captured: LossCause = accepts(r#"{"cause":"captured","by":"UKR"}"#);
    assert_eq!(captured.to_string(), "captured by UKR");
    rejects::<LossCause>(
        r#"{"cause":"captured","bye":"UKR"}"#,
        &["unknown field", "bye"],
    );
    rejects::<LossCause>(
        r#"{"cause":"destroyed","by":"UKR"}"#,
        &["unknown field", "by"],
    );
}

#[test]
fn count_source_and_platform_json_with_a_misspelt_field_are_rejected() {
    rejects::<Count>(
        r#"{"value":3,"basys":"estimate"}"#,
        &["unknown field", "basys"],
    );
    rejects::<Source>(
        r#"{"citation":"SIPRI","grade":"A2","urll":"https://sipri.org"}"#,
        &["unknown field", "urll"],
    );
    rejects::<PlatformRef>(
        r#"{"designation":"GPS jammer","kind":"generic","knd":"generic"}"#,
        &["unknown field", "knd"],
    );
}

#[test]
fn catalog_json_with_a_misspelt_field_is_rejected() {
    let platform = r#"{"id":"x","designation":"X","kind":"missile","category":"anti_ship_missile","sources":["k"],"spec":{"role":"anti_ship"}}"#;
    let catalog = |p: &str| format!(r#"{{"source":{{"k":{{"title":"K"}}}},"platform":[{p}]}}"#);
    assert_eq!(Catalog::from_json(&catalog(platform)).unwrap().len(), 1);
    for (json, field) in [
        (
            platform.replace("\"designation\"", "\"designaton\""),
            "designaton",
        ),
        (
            platform.replace("\"role\"", "\"role\":\"anti_ship\",\"rol\""),
            "rol",
        ),
        (
            format!(r#"{{"platform":[{platform}],"platfrom":[]}}"#),
            "platfrom",
        ),
    ] {
        let json = if json.starts_with(r#"{"platform""#) {
            json
        } else {
            catalog(&json)
        };
        let err = Catalog::from_json(&json).unwrap_err().to_string();
        assert!(
            err.contains("unknown field") && err.contains(field),
            "{err} for {json}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Constructors.

#[test]
fn constructors_bound_counts() {
    use materiel::ParseError;
    use materiel::ledger::Basis;
    assert_eq!(Count::exact(MAX_COUNT).unwrap().value(), MAX_COUNT);
    let too_large = |v| {
        Err(ParseError::CountTooLarge {
            value: v,
            max: MAX_COUNT,
        })
    };
    assert_eq!(Count::exact(MAX_COUNT + 1), too_large(MAX_COUNT + 1));
    assert_eq!(Count::estimate(u64::MAX), too_large(u64::MAX));
    assert_eq!(Count::at_least(u64::MAX), too_large(u64::MAX));
    assert_eq!(Count::up_to(u64::MAX), too_large(u64::MAX));
    assert_eq!(Count::about(u64::MAX), too_large(u64::MAX));
    assert_eq!(Count::new(u64::MAX, Basis::Exact), too_large(u64::MAX));
    let err = Count::exact(u64::MAX).unwrap_err().to_string();
    assert_eq!(
        err,
        "count 18446744073709551615 exceeds the maximum 1000000000"
    );
    assert_eq!(Count::ZERO, Count::exact(0).unwrap());
}

#[test]
fn constructors_reject_blank_text() {
    use materiel::ledger::GenericPlatform;
    use materiel::{Grade, ParseError, PlatformKind};
    let citation = Err(ParseError::EmptyText { field: "citation" });
    assert_eq!(Source::new("", Grade::UNGRADED), citation);
    assert_eq!(Source::new(" \n\u{a0}", Grade::UNGRADED), citation);
    assert_eq!(
        Source::new("SIPRI", Grade::UNGRADED).unwrap().citation(),
        "SIPRI"
    );
    let designation = ParseError::EmptyText {
        field: "designation",
    };
    assert_eq!(
        PlatformRef::generic("", PlatformKind::Generic),
        Err(designation.clone())
    );
    assert_eq!(
        GenericPlatform::new("\t", PlatformKind::Transport),
        Err(designation.clone())
    );
    assert_eq!(designation.to_string(), "designation is empty");
    let radar = PlatformRef::generic("P-18 radar", PlatformKind::Generic).unwrap();
    assert_eq!(
        serde_json::from_str::<PlatformRef>(&serde_json::to_string(&radar).unwrap()).unwrap(),
        radar
    );
}

/// Counts and effective dates honour width and alignment, so they line up in tables.
#[test]
fn counts_and_dates_pad_like_text() {
    use materiel::EffectiveDate;
    assert_eq!(format!("[{:>6}]", Count::estimate(2).unwrap()), "[    e2]");
    assert_eq!(format!("[{:<5}]", Count::exact(24).unwrap()), "[24   ]");
    assert_eq!(
        format!("[{:>12}]", EffectiveDate::month(2013, 1).unwrap()),
        "[     2013-01]"
    );
    assert_eq!(
        format!("[{:^14}]", "<=2022-03-19".parse::<EffectiveDate>().unwrap()),
        "[ <=2022-03-19 ]"
    );
}
