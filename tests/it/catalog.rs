//! The typed catalog: JSON round trips, name agreement, validation errors, reference figures,
//! name and family resolution.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use materiel::catalog::{
    AircraftSpec, CatalogError, Envelope, GenericCategory, GenericSpec, Guidance, MissileRole,
    MissileSpec, PayloadRange, SamSystemSpec, Spec, TransportSpec,
};
use materiel::units::{
    Dimension, Length, LengthUnit, Mass, MassUnit, QuantityError, Velocity, VelocityUnit,
    parse_quantity,
};
use materiel::{Catalog, Platform, PlatformId, PlatformKind};
use proptest::prelude::*;
use uom::si::{length::meter, mass::kilogram, velocity::meter_per_second};

fn id(s: &str) -> PlatformId {
    s.parse().unwrap()
}

fn missile(slug: &str) -> Platform {
    Platform::builder(
        id(slug),
        slug.to_uppercase(),
        MissileSpec::new(MissileRole::SurfaceToAir),
    )
    .build()
    .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

#[test]
fn reference_catalog_json_round_trip() {
    let reference = Catalog::reference();
    let json = reference.to_json();
    assert_eq!(Catalog::from_json(&json).unwrap(), reference);
    // Through the serde impls as well.
    let back: Catalog = serde_json::from_str(&serde_json::to_string(&reference).unwrap()).unwrap();
    assert_eq!(back, reference);
    // Quantities are written in display units.
    assert!(json.contains(r#""max_speed": "2120 km/h""#), "{json}");
    assert!(json.contains(r#""max": "200 km""#), "{json}");
}

#[test]
fn platform_serde_validates() {
    let json = r#"{"id": "x", "designation": "X",
        "spec": {"kind": "aircraft", "max_speed": "-1 km/h"}}"#;
    let err = serde_json::from_str::<Platform>(json).unwrap_err();
    assert!(err.to_string().contains("max_speed"), "{err}");
}

fn finite_non_negative() -> impl Strategy<Value = f64> {
    use proptest::num::f64::{NORMAL, POSITIVE, SUBNORMAL, ZERO};
    prop_oneof![3 => 0.0..1e5f64, 1 => POSITIVE | NORMAL | SUBNORMAL | ZERO]
}
fn length() -> impl Strategy<Value = Length> {
    finite_non_negative().prop_map(Length::new::<meter>)
}
fn mass() -> impl Strategy<Value = Mass> {
    finite_non_negative().prop_map(Mass::new::<kilogram>)
}
fn velocity() -> impl Strategy<Value = Velocity> {
    finite_non_negative().prop_map(Velocity::new::<meter_per_second>)
}
fn envelope() -> impl Strategy<Value = Envelope<Length>> {
    (
        proptest::option::of(length()),
        proptest::option::of(length()),
    )
        .prop_map(|(a, b)| match (a, b) {
            (Some(a), Some(b)) if a > b => Envelope::between(b, a),
            (a, b) => Envelope::new(a, b),
        })
}
fn text() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 ./-]{0,12}"
}

fn maybe<S, A>(spec: S, value: Option<A>, set: impl FnOnce(S, A) -> S) -> S {
    match value {
        Some(v) => set(spec, v),
        None => spec,
    }
}

fn spec() -> impl Strategy<Value = Spec> {
    use proptest::option::of;
    prop_oneof![
        (
            of(0..5u32),
            of(length()),
            of(mass()),
            of(mass()),
            of(velocity()),
            of(length()),
            of(text())
        )
            .prop_map(|(crew, len, mtow, load, speed, range, engine)| {
                let s = maybe(AircraftSpec::new(), crew, AircraftSpec::with_crew);
                let s = maybe(s, len, AircraftSpec::with_length);
                let s = maybe(s, mtow, AircraftSpec::with_max_takeoff_mass);
                let s = maybe(s, load, AircraftSpec::with_max_external_load);
                let s = maybe(s, speed, AircraftSpec::with_max_speed);
                let s = maybe(s, range, AircraftSpec::with_range);
                Spec::from(maybe(s, engine.as_deref(), AircraftSpec::with_engine))
            }),
        (
            envelope(),
            envelope(),
            of(any::<u32>()),
            proptest::collection::vec(text(), 0..3)
        )
            .prop_map(|(range, alt, targets, components)| {
                let s = SamSystemSpec::new()
                    .with_engagement_range(range)
                    .with_engagement_altitude(alt)
                    .with_components(components);
                Spec::from(maybe(s, targets, SamSystemSpec::with_simultaneous_targets))
            }),
        (
            prop_oneof![Just(MissileRole::AntiShip), Just(MissileRole::Manpads)],
            of(Just(Guidance::Infrared)),
            envelope(),
            envelope(),
            of(mass()),
            of(velocity())
        )
            .prop_map(|(role, guidance, range, alt, launch, speed)| {
                let s = MissileSpec::new(role).with_range(range).with_altitude(alt);
                let s = maybe(s, guidance, MissileSpec::with_guidance);
                let s = maybe(s, launch, MissileSpec::with_launch_mass);
                Spec::from(maybe(s, speed, MissileSpec::with_max_speed))
            }),
        (
            of(mass()),
            of(length()),
            proptest::collection::vec((mass(), length()), 0..3),
            of(velocity()),
            of(length())
        )
            .prop_map(|(payload, range, points, cruise, hold)| {
                let points = points
                    .into_iter()
                    .map(|(m, l)| PayloadRange::new(m, l))
                    .collect();
                let s = TransportSpec::new().with_payload_range(points);
                let s = maybe(s, payload, TransportSpec::with_max_payload);
                let s = maybe(s, range, TransportSpec::with_range_at_max_payload);
                let s = maybe(s, cruise, TransportSpec::with_cruise_speed);
                Spec::from(maybe(s, hold, TransportSpec::with_hold_length))
            }),
        (of(length()), of(text())).prop_map(|(range, description)| {
            let s = GenericSpec::new(GenericCategory::GpsJammer);
            let s = maybe(s, range, GenericSpec::with_max_range);
            Spec::from(maybe(
                s,
                description.as_deref(),
                GenericSpec::with_description,
            ))
        }),
    ]
}

/// A valid catalog of generated platforms: unique names, relations to generated missiles and
/// families of the same kind.
fn catalog() -> impl Strategy<Value = Catalog> {
    let platform = (
        spec(),
        proptest::option::of(text()),
        0..3usize,
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(1900..2030i32),
        proptest::collection::vec(text(), 0..2),
    );
    proptest::collection::vec(platform, 0..8).prop_map(|items| {
        let kinds: Vec<PlatformKind> = items.iter().map(|i| i.0.kind()).collect();
        let families: Vec<bool> = items.iter().map(|i| i.3).collect();
        let mut platforms = Vec::new();
        for (i, (spec, nato, aliases, family_flag, relate, year, sources)) in
            items.into_iter().enumerate()
        {
            let kind = spec.kind();
            let mut b = Platform::builder(id(&format!("p{i}")), format!("Platform {i}"), spec);
            if let Some(n) = nato {
                b = b.nato_name(n);
            }
            for a in 0..aliases {
                b = b.alias(format!("P{i} alias {a}"));
            }
            if family_flag {
                b = b.as_family();
            } else if relate
                && let Some(f) = (0..kinds.len()).find(|&j| families[j] && kinds[j] == kind)
            {
                b = b.family(id(&format!("p{f}")));
            }
            if relate && kind != PlatformKind::Missile {
                for j in (0..kinds.len()).filter(|&j| kinds[j] == PlatformKind::Missile) {
                    b = b.munition(id(&format!("p{j}")));
                }
            }
            if let Some(y) = year {
                b = b.service_entry(y);
            }
            for s in sources {
                b = b.source(s);
            }
            platforms.push(b.build().unwrap());
        }
        Catalog::from_platforms(platforms).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Cheap enough for CI; PROPTEST_CASES overrides.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128),
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_catalog_json_round_trip(catalog in catalog()) {
        let json = catalog.to_json();
        prop_assert_eq!(Catalog::from_json(&json), Ok(catalog), "{}", json);
    }

    #[test]
    fn arbitrary_text_to_catalog_loader_never_panics(text in any::<String>()) {
        let _ = Catalog::from_json(&text);
    }

    #[test]
    fn mangled_reference_json_never_panics(cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let json = Catalog::reference().to_json();
        let at = cut.index(json.len());
        let truncated = &json.as_bytes()[..at];
        let _ = Catalog::from_json(&String::from_utf8_lossy(truncated));
        let mut flipped = json.into_bytes();
        flipped[at] = byte;
        let _ = Catalog::from_json(&String::from_utf8_lossy(&flipped));
    }

    #[test]
    fn arbitrary_quantity_text_in_catalog_never_panics(q in "[-0-9 .eE]{0,10}[a-zA-Z/]{0,5}") {
        let json = format!(
            r#"{{"platforms": [{{"id": "x", "designation": "X", "spec": {{"kind": "missile", "role": "manpads", "range": {{"max": {q:?}}}}}}}]}}"#
        );
        match Catalog::from_json(&json) {
            Ok(c) => prop_assert_eq!(c.len(), 1),
            Err(e) => prop_assert!(
                matches!(e, CatalogError::Quantity { field: "range", .. }),
                "{:?}", e
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// strum and serde agree
// ---------------------------------------------------------------------------------------------

fn names_agree<E>()
where
    E: strum::IntoEnumIterator
        + std::fmt::Display
        + std::str::FromStr
        + serde::Serialize
        + serde::de::DeserializeOwned
        + PartialEq
        + std::fmt::Debug,
    <E as std::str::FromStr>::Err: std::fmt::Debug,
{
    for v in E::iter() {
        let serde_name = serde_json::to_value(&v).unwrap();
        assert_eq!(
            serde_name,
            serde_json::Value::String(v.to_string()),
            "{v:?}"
        );
        assert_eq!(v.to_string().parse::<E>().unwrap(), v);
        let back: E = serde_json::from_value(serde_name).unwrap();
        assert_eq!(back, v);
    }
}

#[test]
fn strum_and_serde_names_agree_for_every_fieldless_enum() {
    names_agree::<PlatformKind>();
    names_agree::<MissileRole>();
    names_agree::<Guidance>();
    names_agree::<GenericCategory>();
    names_agree::<Dimension>();
    names_agree::<LengthUnit>();
    names_agree::<MassUnit>();
    names_agree::<VelocityUnit>();
    names_agree::<materiel::provenance::Reliability>();
    names_agree::<materiel::provenance::Credibility>();
}

// ---------------------------------------------------------------------------------------------
// Validation errors
// ---------------------------------------------------------------------------------------------

fn one_platform_json(spec: &str) -> String {
    format!(r#"{{"platforms": [{{"id": "x", "designation": "X", "spec": {spec}}}]}}"#)
}

#[test]
fn negative_value_is_rejected() {
    let spec = TransportSpec::new().with_max_payload(Mass::new::<kilogram>(-5.0));
    let err = Platform::builder(id("x"), "X", spec).build().unwrap_err();
    assert_eq!(
        err,
        CatalogError::InvalidValue {
            platform: id("x"),
            field: "max_payload",
            value: "-5 kg".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "platform `x`: max_payload is -5 kg, expected a finite non-negative value"
    );
}

#[test]
fn nan_and_infinite_values_are_rejected() {
    let spec = AircraftSpec::new().with_service_ceiling(Length::new::<meter>(f64::NAN));
    let err = Platform::builder(id("x"), "X", spec).build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "platform `x`: service_ceiling is NaN m, expected a finite non-negative value"
    );
    let spec =
        MissileSpec::new(MissileRole::AirToAir)
            .with_range(Envelope::up_to(Length::new::<meter>(f64::INFINITY)));
    let err = Platform::builder(id("x"), "X", spec).build().unwrap_err();
    assert!(matches!(
        err,
        CatalogError::InvalidValue { field: "range", .. }
    ));
}

#[test]
fn nan_inf_and_negative_json_text_are_rejected() {
    for (text, source) in [
        (
            "NaN km/h",
            QuantityError::NotFinite {
                text: "NaN km/h".into(),
            },
        ),
        (
            "inf km/h",
            QuantityError::NotFinite {
                text: "inf km/h".into(),
            },
        ),
        (
            "1e400 m/s",
            QuantityError::NotFinite {
                text: "1e400 m/s".into(),
            },
        ),
        (
            "-2 km/h",
            QuantityError::Negative {
                text: "-2 km/h".into(),
            },
        ),
    ] {
        let json = one_platform_json(&format!(r#"{{"kind": "aircraft", "max_speed": "{text}"}}"#));
        let err = Catalog::from_json(&json).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("platform `x`: max_speed: {source}")
        );
        assert_eq!(
            err,
            CatalogError::Quantity {
                platform: id("x"),
                field: "max_speed",
                source
            }
        );
    }
}

#[test]
fn bare_json_numbers_are_rejected() {
    let json = one_platform_json(r#"{"kind": "aircraft", "max_speed": 588.8}"#);
    assert!(matches!(
        Catalog::from_json(&json),
        Err(CatalogError::Json { .. })
    ));
}

#[test]
fn wrong_dimension_is_rejected() {
    let json = one_platform_json(r#"{"kind": "transport", "max_payload": "50 km"}"#);
    let err = Catalog::from_json(&json).unwrap_err();
    assert_eq!(
        err,
        CatalogError::Quantity {
            platform: id("x"),
            field: "max_payload",
            source: QuantityError::WrongDimension {
                text: "50 km".into(),
                expected: Dimension::Mass,
                found: Dimension::Length
            }
        }
    );
    assert_eq!(
        err.to_string(),
        "platform `x`: max_payload: quantity \"50 km\" is a length, expected a mass"
    );
}

#[test]
fn min_above_max_is_rejected() {
    let km = uom::si::f64::Length::new::<uom::si::length::kilometer>;
    let spec = SamSystemSpec::new().with_engagement_altitude(Envelope::between(km(25.0), km(1.0)));
    let err = Platform::builder(id("x"), "X", spec).build().unwrap_err();
    assert_eq!(
        err,
        CatalogError::MinAboveMax {
            platform: id("x"),
            field: "engagement_altitude",
            min: "25000 m".into(),
            max: "1000 m".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "platform `x`: engagement_altitude minimum 25000 m exceeds maximum 1000 m"
    );
    // The same through JSON.
    let json = one_platform_json(
        r#"{"kind": "sam_system", "engagement_range": {"min": "45 km", "max": "3 km"}}"#,
    );
    assert!(matches!(
        Catalog::from_json(&json),
        Err(CatalogError::MinAboveMax {
            field: "engagement_range",
            ..
        })
    ));
}

#[test]
fn unknown_relation_is_rejected() {
    let sam = Platform::builder(id("buk"), "Buk", SamSystemSpec::new())
        .munition(id("9m38"))
        .build()
        .unwrap();
    let mut c = Catalog::new();
    let err = c.insert(sam.clone()).unwrap_err();
    assert_eq!(
        err,
        CatalogError::UnknownRelation {
            platform: id("buk"),
            relation: "munitions",
            target: id("9m38")
        }
    );
    assert_eq!(
        err.to_string(),
        "platform `buk`: munitions `9m38` is not in the catalog"
    );
    assert!(
        c.is_empty(),
        "a rejected insert leaves the catalog unchanged"
    );
    // Insert the target first and it works; from_platforms accepts any order.
    c.insert(missile("9m38")).unwrap();
    c.insert(sam.clone()).unwrap();
    assert_eq!(
        Catalog::from_platforms([sam, missile("9m38")])
            .unwrap()
            .len(),
        2
    );

    let variant = Platform::builder(id("su-99"), "Su-99", AircraftSpec::new())
        .family(id("su-9x"))
        .build()
        .unwrap();
    let err = Catalog::from_platforms([variant]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "platform `su-99`: family `su-9x` is not in the catalog"
    );
}

#[test]
fn relation_to_wrong_kind_or_non_family_is_rejected() {
    let mut c = Catalog::reference();
    let sam = Platform::builder(id("odd"), "Odd", SamSystemSpec::new())
        .munition(id("il-76td"))
        .build()
        .unwrap();
    let err = c.insert(sam).unwrap_err();
    assert_eq!(
        err,
        CatalogError::RelationKind {
            platform: id("odd"),
            relation: "munitions",
            target: id("il-76td"),
            expected: PlatformKind::Missile,
            found: PlatformKind::Transport
        }
    );
    assert_eq!(
        err.to_string(),
        "platform `odd`: munitions `il-76td` is a transport, expected a missile"
    );

    let variant = Platform::builder(id("su-30mk3"), "Su-30MK3", AircraftSpec::new())
        .family(id("su-30mk2"))
        .build()
        .unwrap();
    let err = c.insert(variant).unwrap_err();
    assert_eq!(
        err.to_string(),
        "platform `su-30mk3`: family `su-30mk2` is not marked as a family"
    );
    assert!(matches!(err, CatalogError::NotAFamily { .. }));

    let transport = Platform::builder(id("su-30t"), "Su-30T", TransportSpec::new())
        .family(id("su-30mk"))
        .build()
        .unwrap();
    assert!(matches!(
        c.insert(transport),
        Err(CatalogError::RelationKind {
            relation: "family",
            expected: PlatformKind::Transport,
            found: PlatformKind::Aircraft,
            ..
        })
    ));
}

#[test]
fn nested_family_and_empty_text_are_rejected() {
    let err = Platform::builder(id("a"), "A", AircraftSpec::new())
        .as_family()
        .family(id("b"))
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        CatalogError::NestedFamily {
            platform: id("a"),
            family: id("b")
        }
    );
    assert_eq!(
        err.to_string(),
        "platform `a` is a family and cannot be a variant of `b`"
    );
    let err = Platform::builder(id("a"), "A", AircraftSpec::new())
        .alias("  ")
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "platform `a`: aliases is empty");
    let err = Catalog::from_json(
        &one_platform_json(r#"{"kind": "generic", "category": "radar"}"#)
            .replace(r#""designation": "X""#, r#""designation": """#),
    )
    .unwrap_err();
    assert!(matches!(
        err,
        CatalogError::EmptyText {
            field: "designation",
            ..
        }
    ));
}

#[test]
fn duplicate_id_is_rejected() {
    let mut c = Catalog::reference();
    let err = c.insert(missile("9m317")).unwrap_err();
    assert_eq!(err, CatalogError::DuplicateId { id: id("9m317") });
    assert_eq!(err.to_string(), "duplicate platform id `9m317`");
    assert_eq!(c, Catalog::reference());
    let err = Catalog::from_platforms([missile("a"), missile("a")]).unwrap_err();
    assert_eq!(err, CatalogError::DuplicateId { id: id("a") });
}

#[test]
fn duplicate_alias_is_rejected() {
    let mut c = Catalog::reference();
    // An alias colliding, case-insensitively, with another platform's alias.
    let p = Platform::builder(id("s-300v4"), "S-300V4", SamSystemSpec::new())
        .alias("s-300vm/sa-23 SAMS")
        .build()
        .unwrap();
    let err = c.insert(p).unwrap_err();
    assert_eq!(
        err,
        CatalogError::DuplicateName {
            platform: id("s-300v4"),
            name: "s-300vm/sa-23 SAMS".into(),
            existing: id("s-300vm")
        }
    );
    assert_eq!(
        err.to_string(),
        "platform `s-300v4`: name \"s-300vm/sa-23 SAMS\" already names platform `s-300vm`"
    );
    // A designation colliding with another platform's id.
    let p = Platform::builder(id("other"), "IL-76TD", TransportSpec::new())
        .build()
        .unwrap();
    assert!(matches!(
        c.insert(p),
        Err(CatalogError::DuplicateName { existing, .. }) if existing == id("il-76td")
    ));
    // An id colliding with another platform's alias.
    let p = Platform::builder(
        id("kh-31a1"),
        "Something",
        MissileSpec::new(MissileRole::AntiShip),
    )
    .build()
    .unwrap();
    assert!(matches!(
        c.insert(p),
        Err(CatalogError::DuplicateName { .. })
    ));
    assert_eq!(c, Catalog::reference());
}

#[test]
fn malformed_json_is_a_json_error() {
    let err = Catalog::from_json("{\"platforms\": [").unwrap_err();
    assert!(matches!(err, CatalogError::Json { line: 1, .. }), "{err:?}");
    // The position is said once, by the error, not again by serde's message.
    assert_eq!(err.to_string().matches("line 1").count(), 1, "{err}");
    let err = Catalog::from_json(r#"{"platforms": [{"id": "Not A Slug", "designation": "X", "spec": {"kind": "generic", "category": "radar"}}]}"#).unwrap_err();
    assert!(err.to_string().contains("invalid platform id"), "{err}");
    let err = Catalog::from_json(&one_platform_json(
        r#"{"kind": "aircraft", "max_sped": "1 m/s"}"#,
    ))
    .unwrap_err();
    assert!(err.to_string().contains("max_sped"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Reference figures against /work/shared/reference/platforms.md
// ---------------------------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
enum Value {
    Length(Option<Length>),
    Mass(Option<Mass>),
    Velocity(Option<Velocity>),
    Count(Option<u32>),
}

fn air(p: &Platform) -> &AircraftSpec {
    match p.spec() {
        Spec::Aircraft(s) => s,
        other => panic!("{} is not an aircraft: {other:?}", p.id()),
    }
}
fn sam(p: &Platform) -> &SamSystemSpec {
    match p.spec() {
        Spec::SamSystem(s) => s,
        other => panic!("{} is not a SAM system: {other:?}", p.id()),
    }
}
fn msl(p: &Platform) -> &MissileSpec {
    match p.spec() {
        Spec::Missile(s) => s,
        other => panic!("{} is not a missile: {other:?}", p.id()),
    }
}
fn trn(p: &Platform) -> &TransportSpec {
    match p.spec() {
        Spec::Transport(s) => s,
        other => panic!("{} is not a transport: {other:?}", p.id()),
    }
}

/// The expected value as the sheet writes it ("NF" = not found = None).
fn expected(text: &str, like: &Value) -> Value {
    let nf = text == "NF";
    match like {
        Value::Length(_) => Value::Length((!nf).then(|| parse_quantity(text).unwrap())),
        Value::Mass(_) => Value::Mass((!nf).then(|| parse_quantity(text).unwrap())),
        Value::Velocity(_) => Value::Velocity((!nf).then(|| parse_quantity(text).unwrap())),
        Value::Count(_) => Value::Count((!nf).then(|| text.parse().unwrap())),
    }
}

type Row = (
    &'static str,
    &'static str,
    fn(&Platform) -> Value,
    &'static str,
);

#[rustfmt::skip]
const SHEET: &[Row] = &[
    ("su-30mk2", "crew", |p| Value::Count(air(p).crew()), "2"),
    ("su-30mk2", "length", |p| Value::Length(air(p).length()), "21.935 m"),
    ("su-30mk2", "wingspan", |p| Value::Length(air(p).wingspan()), "14.7 m"),
    ("su-30mk2", "empty mass", |p| Value::Mass(air(p).empty_mass()), "17 700 kg"),
    ("su-30mk2", "max take-off mass", |p| Value::Mass(air(p).max_takeoff_mass()), "34 500 kg"),
    ("su-30mk2", "max external load", |p| Value::Mass(air(p).max_external_load()), "8 000 kg"),
    ("su-30mk2", "hardpoints", |p| Value::Count(air(p).hardpoints()), "12"),
    ("su-30mk2", "max speed", |p| Value::Velocity(air(p).max_speed()), "2 120 km/h"),
    ("su-30mk2", "service ceiling", |p| Value::Length(air(p).service_ceiling()), "17 300 m"),
    ("su-30mk2", "range, internal fuel", |p| Value::Length(air(p).range()), "3 000 km"),
    ("su-30mk2", "ferry range", |p| Value::Length(air(p).ferry_range()), "NF"),
    ("su-30mk2", "combat radius", |p| Value::Length(air(p).combat_radius()), "NF"),
    ("su-30mk2", "engines", |p| Value::Count(air(p).engine_count()), "2"),
    ("su-30mk", "max speed (family figures)", |p| Value::Velocity(air(p).max_speed()), "2 120 km/h"),
    ("su-30mk", "max external load (family figures)", |p| Value::Mass(air(p).max_external_load()), "8 000 kg"),
    ("kh-31a", "length", |p| Value::Length(msl(p).length()), "4.7 m"),
    ("kh-31a", "diameter", |p| Value::Length(msl(p).diameter()), "0.36 m"),
    ("kh-31a", "launch mass", |p| Value::Mass(msl(p).launch_mass()), "610 kg"),
    ("kh-31a", "warhead mass", |p| Value::Mass(msl(p).warhead_mass()), "90 kg"),
    ("kh-31a", "range", |p| Value::Length(msl(p).range().max()), "50 km"),
    ("kh-31a", "speed (about 1 000 m/s quoted)", |p| Value::Velocity(msl(p).max_speed()), "1 000 m/s"),
    ("s-300vm", "max engagement range (aircraft)", |p| Value::Length(sam(p).engagement_range().max()), "200 km"),
    ("s-300vm", "max engagement range (ballistic)", |p| Value::Length(sam(p).ballistic_engagement_range().max()), "NF"),
    ("s-300vm", "max altitude", |p| Value::Length(sam(p).engagement_altitude().max()), "NF"),
    ("9m82m", "per-missile figures: range", |p| Value::Length(msl(p).range().max()), "NF"),
    ("9m82m", "per-missile figures: mass", |p| Value::Mass(msl(p).launch_mass()), "NF"),
    ("9m83m", "per-missile figures: range", |p| Value::Length(msl(p).range().max()), "NF"),
    ("9m83m", "per-missile figures: speed", |p| Value::Velocity(msl(p).max_speed()), "NF"),
    ("buk-m2", "engagement range min", |p| Value::Length(sam(p).engagement_range().min()), "3 km"),
    ("buk-m2", "engagement range max", |p| Value::Length(sam(p).engagement_range().max()), "45 km"),
    ("buk-m2", "engagement altitude min", |p| Value::Length(sam(p).engagement_altitude().min()), "0.015 km"),
    ("buk-m2", "engagement altitude max", |p| Value::Length(sam(p).engagement_altitude().max()), "25 km"),
    ("buk-m2", "targets engaged at once", |p| Value::Count(sam(p).simultaneous_targets()), "24"),
    ("9m317", "mass", |p| Value::Mass(msl(p).launch_mass()), "NF"),
    ("9m317", "warhead", |p| Value::Mass(msl(p).warhead_mass()), "NF"),
    ("9m317", "speed", |p| Value::Velocity(msl(p).max_speed()), "NF"),
    ("igla-s", "max range", |p| Value::Length(msl(p).range().max()), "6 km"),
    ("igla-s", "max altitude", |p| Value::Length(msl(p).altitude().max()), "3 500 m"),
    ("igla-s", "system mass ready to fire", |p| Value::Mass(msl(p).system_mass()), "19 kg"),
    ("igla-s", "missile mass", |p| Value::Mass(msl(p).launch_mass()), "NF"),
    ("igla-s", "warhead", |p| Value::Mass(msl(p).warhead_mass()), "NF"),
    ("igla-s", "speed", |p| Value::Velocity(msl(p).max_speed()), "NF"),
    ("il-76td", "max payload", |p| Value::Mass(trn(p).max_payload()), "50 t"),
    ("il-76td", "range with max payload", |p| Value::Length(trn(p).range_at_max_payload()), "4 400 km"),
    ("il-76td", "payload of the payload-range point", |p| Value::Mass(trn(p).payload_range().first().map(|r| r.payload())), "40 t"),
    ("il-76td", "range with 40 t", |p| Value::Length(trn(p).payload_range().first().map(|r| r.range())), "5 400 km"),
    ("il-76td", "cruise speed", |p| Value::Velocity(trn(p).cruise_speed()), "800 km/h"),
    ("il-76td", "max speed", |p| Value::Velocity(trn(p).max_speed()), "850 km/h"),
    ("il-76td", "max take-off mass", |p| Value::Mass(trn(p).max_takeoff_mass()), "190 t"),
    ("il-76td", "cargo hold length", |p| Value::Length(trn(p).hold_length()), "20 m"),
    ("il-76td", "cargo hold width", |p| Value::Length(trn(p).hold_width()), "3.46 m"),
    ("il-76td", "cargo hold height", |p| Value::Length(trn(p).hold_height()), "3.4 m"),
    ("il-76td", "crew", |p| Value::Count(trn(p).crew()), "7"),
    ("il-76td", "engines", |p| Value::Count(trn(p).engine_count()), "4"),
    ("il-76", "max payload (family: varies by variant)", |p| Value::Mass(trn(p).max_payload()), "NF"),
];

#[test]
fn reference_values_equal_the_reference_sheet() {
    let c = Catalog::reference();
    for (platform, field, get, sheet) in SHEET {
        let p = c
            .get(&id(platform))
            .unwrap_or_else(|| panic!("{platform} missing"));
        let actual = get(p);
        assert_eq!(actual, expected(sheet, &actual), "{platform} {field}");
    }
}

/// id, designation, NATO name, kind, origin, service entry.
type Identity = (
    &'static str,
    &'static str,
    Option<&'static str>,
    PlatformKind,
    Option<&'static str>,
    Option<i32>,
);

#[test]
fn reference_identities_and_relations() {
    let c = Catalog::reference();
    let rows: &[Identity] = &[
        (
            "su-30mk",
            "Su-30MK",
            None,
            PlatformKind::Aircraft,
            Some("RUS"),
            None,
        ),
        (
            "su-30mk2",
            "Su-30MK2",
            Some("Flanker-G"),
            PlatformKind::Aircraft,
            Some("RUS"),
            Some(2004),
        ),
        (
            "kh-31a",
            "Kh-31A",
            Some("AS-17 Krypton"),
            PlatformKind::Missile,
            Some("SUN"),
            None,
        ),
        (
            "s-300vm",
            "S-300VM",
            Some("SA-23 Gladiator/Giant"),
            PlatformKind::SamSystem,
            Some("RUS"),
            None,
        ),
        (
            "9m82m",
            "9M82M",
            Some("SA-23B Giant"),
            PlatformKind::Missile,
            Some("RUS"),
            None,
        ),
        (
            "9m83m",
            "9M83M",
            Some("SA-23A Gladiator"),
            PlatformKind::Missile,
            Some("RUS"),
            None,
        ),
        (
            "buk-m2",
            "Buk-M2",
            Some("SA-17 Grizzly"),
            PlatformKind::SamSystem,
            Some("RUS"),
            None,
        ),
        (
            "9m317",
            "9M317",
            None,
            PlatformKind::Missile,
            Some("RUS"),
            None,
        ),
        (
            "igla-s",
            "Igla-S",
            Some("SA-24 Grinch"),
            PlatformKind::Missile,
            Some("RUS"),
            Some(2004),
        ),
        (
            "il-76",
            "Il-76",
            Some("Candid"),
            PlatformKind::Transport,
            Some("SUN"),
            Some(1974),
        ),
        (
            "il-76td",
            "Il-76TD",
            Some("Candid"),
            PlatformKind::Transport,
            Some("SUN"),
            None,
        ),
    ];
    assert_eq!(c.len(), rows.len());
    for &(pid, designation, nato, kind, origin, year) in rows {
        let p = c.get(&id(pid)).unwrap();
        assert_eq!(p.designation(), designation);
        assert_eq!(p.nato_name(), nato, "{pid}");
        assert_eq!(p.kind(), kind, "{pid}");
        assert_eq!(p.spec().kind(), p.kind());
        assert_eq!(p.origin().map(|o| o.as_str()), origin, "{pid}");
        assert_eq!(p.service_entry(), year, "{pid}");
        assert!(!p.sources().is_empty(), "{pid} cites its sources");
    }
    let munitions =
        |p: &str| -> Vec<&str> { c.munitions(&id(p)).map(|m| m.id().as_str()).collect() };
    assert_eq!(munitions("su-30mk2"), ["kh-31a"]);
    assert_eq!(munitions("s-300vm"), ["9m82m", "9m83m"]);
    assert_eq!(munitions("buk-m2"), ["9m317"]);
    assert_eq!(
        msl(c.get(&id("igla-s")).unwrap()).role(),
        MissileRole::Manpads
    );
    assert_eq!(
        msl(c.get(&id("kh-31a")).unwrap()).role(),
        MissileRole::AntiShip
    );
    assert_eq!(
        msl(c.get(&id("9m317")).unwrap()).role(),
        MissileRole::SurfaceToAir
    );
}

// ---------------------------------------------------------------------------------------------
// Names and families
// ---------------------------------------------------------------------------------------------

#[test]
fn resolve_by_id_designation_and_alias_case_insensitively() {
    let c = Catalog::reference();
    let resolved = |name: &str| c.resolve(name).map(|p| p.id().as_str());
    assert_eq!(resolved("Su-30MK"), Some("su-30mk"));
    assert_eq!(resolved("s-300vm/sa-23 sams"), Some("s-300vm"));
    assert_eq!(resolved("S-300VM/SA-23 SAMS"), Some("s-300vm"));
    assert_eq!(resolved("Kh-31A1"), Some("kh-31a"));
    assert_eq!(resolved("Buk-M2"), Some("buk-m2"));
    assert_eq!(resolved("Igla-S"), Some("igla-s"));
    assert_eq!(resolved("9M317"), Some("9m317"));
    assert_eq!(resolved("9M82M"), Some("9m82m"));
    assert_eq!(resolved("9M83M"), Some("9m83m"));
    assert_eq!(resolved("Il-76"), Some("il-76"));
    assert_eq!(resolved("Il-76MF"), Some("il-76"));
    assert_eq!(resolved("IL-76TD"), Some("il-76td"));
    assert_eq!(resolved(" su-30mk2 "), Some("su-30mk2"));
    assert_eq!(resolved("Su-30"), None);
}

#[test]
fn family_names_resolve_to_the_family_never_a_variant() {
    let c = Catalog::reference();
    let su = c.resolve("Su-30MK").unwrap();
    assert!(su.is_family());
    assert_eq!(su.family(), None);
    let mk2 = c.get(&id("su-30mk2")).unwrap();
    assert!(!mk2.is_family());
    assert_eq!(mk2.family(), Some(&id("su-30mk")));
    let il = c.resolve("Il-76").unwrap();
    assert!(il.is_family());
    assert_eq!(c.get(&id("il-76td")).unwrap().family(), Some(il.id()));
    let variants: Vec<_> = c
        .variants(&id("su-30mk"))
        .map(|p| p.id().as_str())
        .collect();
    assert_eq!(variants, ["su-30mk2"]);
    assert_eq!(c.variants(&id("kh-31a")).count(), 0);
}

#[test]
fn users_add_platforms_and_save_them() {
    let mut c = Catalog::reference();
    let jammer = Platform::builder(
        id("gps-jammer"),
        "GPS jammer (unidentified)",
        GenericSpec::new(GenericCategory::GpsJammer),
    )
    .build()
    .unwrap();
    c.insert(jammer).unwrap();
    let mk2b = Platform::builder(id("su-30mk2v"), "Su-30MK2V", AircraftSpec::new())
        .family(id("su-30mk"))
        .munition(id("kh-31a"))
        .build()
        .unwrap();
    c.insert(mk2b).unwrap();
    assert_eq!(c.len(), 13);
    assert_eq!(c.variants(&id("su-30mk")).count(), 2);
    let back = Catalog::from_json(&c.to_json()).unwrap();
    assert_eq!(back, c);
    assert_eq!(
        back.resolve("gps JAMMER (unidentified)").map(|p| p.kind()),
        Some(PlatformKind::Generic)
    );
}
