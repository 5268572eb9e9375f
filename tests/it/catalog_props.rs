//! The catalog under generated input: catalogs of random platforms (keys that collide, JSON
//! round trips), name normalisation, and loaders fed arbitrary or mangled text.

use std::collections::{HashMap, HashSet};

use materiel::catalog::{
    AircraftSpec, ArmouredVehicleSpec, CatalogError, Category, Figure, FigureValue, GenericSpec,
    Guidance, MissileRole, MissileSpec, NameSource, Qualifier, Quote, ShipSpec, Spec,
    normalize_name,
};
use materiel::units::{Length, Mass, Power, Speed, Time, Velocity};
use materiel::{Catalog, Platform, PlatformId};
use proptest::prelude::*;
use uom::si::{mass::kilogram, velocity::meter_per_second};

use super::catalog::{SOURCE, id, source};

// ---------------------------------------------------------------------------------------------
// Generated catalogs
// ---------------------------------------------------------------------------------------------

fn finite_non_negative() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![0.0..1e6f64, Just(0.0), 1e-6..1.0f64]
}

fn quote<T: FigureValue, S: Strategy<Value = T> + Clone>(
    value: S,
) -> impl Strategy<Value = Quote<T>> {
    (
        value.clone(),
        proptest::option::of(value),
        0..3usize,
        proptest::option::of("[a-z ]{0,8}[a-z]"),
        0..3usize,
    )
        .prop_map(|(a, b, shape, condition, key)| {
            let src = source(["k", "l", "m"][key]);
            let q = match (shape, b) {
                (0, _) | (_, None) => Quote::new_value(a, src).unwrap(),
                (1, Some(b)) => Quote::new_range(None, Some(b), src).unwrap(),
                (_, Some(b)) => Quote::new_range(Some(a), Some(b), src.clone())
                    .or_else(|_| Quote::new_range(Some(b), Some(a), src))
                    .unwrap(),
            };
            match condition {
                Some(c) => q.with_condition(c).unwrap(),
                None => q.with_qualifier(Qualifier::About),
            }
        })
}

fn figure<T: FigureValue, S: Strategy<Value = T> + Clone>(
    value: S,
) -> impl Strategy<Value = Figure<T>> {
    (
        quote(value.clone()),
        proptest::collection::vec(quote(value), 0..3),
    )
        .prop_map(|(q, also)| also.into_iter().fold(Figure::new(q), Figure::with_also))
}

fn speed() -> impl Strategy<Value = Speed> + Clone {
    prop_oneof![
        finite_non_negative().prop_map(|v| Speed::Velocity(Velocity::new::<meter_per_second>(v))),
        (0.0..30.0f64).prop_map(Speed::Mach),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    let length = || finite_non_negative().prop_map(Length::new::<uom::si::length::meter>);
    let mass = || finite_non_negative().prop_map(Mass::new::<kilogram>);
    prop_oneof![
        (
            proptest::option::of(figure(0..10u32)),
            proptest::option::of(figure(speed())),
            proptest::option::of(figure(length()))
        )
            .prop_map(|(crew, v, l)| {
                let mut s = AircraftSpec::new();
                if let Some(f) = crew {
                    s = s.with_crew(f);
                }
                if let Some(f) = v {
                    s = s.with_max_speed(f);
                }
                if let Some(f) = l {
                    s = s.with_range(f);
                }
                Spec::from(s.with_engine("AL-31F"))
            }),
        (
            proptest::option::of(figure(mass())),
            proptest::option::of(figure(
                finite_non_negative().prop_map(Power::new::<uom::si::power::kilowatt>)
            ))
        )
            .prop_map(|(m, p)| {
                let mut s = ArmouredVehicleSpec::new();
                if let Some(f) = m {
                    s = s.with_combat_mass(f);
                }
                if let Some(f) = p {
                    s = s.with_engine_power(f);
                }
                Spec::from(s)
            }),
        proptest::option::of(figure(
            finite_non_negative().prop_map(Time::new::<uom::si::time::hour>)
        ))
        .prop_map(|e| {
            let s = ShipSpec::new();
            Spec::from(match e {
                Some(f) => s.with_endurance(f),
                None => s,
            })
        }),
        proptest::option::of(figure(speed())).prop_map(|v| {
            let s = MissileSpec::new(MissileRole::Manpads).with_guidance(Guidance::Infrared);
            Spec::from(match v {
                Some(f) => s.with_max_speed(f),
                None => s,
            })
        }),
        Just(Spec::from(GenericSpec::new().with_description("a radar"))),
    ]
}

/// Platforms with names from a tiny alphabet, so that keys collide often.
fn platforms() -> impl Strategy<Value = Vec<Platform>> {
    proptest::collection::vec(
        (
            spec(),
            proptest::collection::vec(("[ab1 .-]{1,4}", 0..6usize), 0..3),
            any::<bool>(),
            any::<prop::sample::Index>(),
        ),
        1..8,
    )
    .prop_map(|items| {
        let mut out: Vec<Platform> = Vec::new();
        for (i, (spec, names, family, parent)) in items.into_iter().enumerate() {
            let kind = spec.kind();
            let mut b = Platform::builder(
                id(&format!("p-{i}")),
                format!("Platform {i}"),
                Category::Other,
                spec,
            )
            .source(source("k"));
            for (name, s) in names {
                let s = [
                    NameSource::Sipri,
                    NameSource::Oryx,
                    NameSource::Nato,
                    NameSource::National,
                    NameSource::Grau,
                    NameSource::Other,
                ][s];
                b = b.name(s, name);
            }
            if family {
                b = b.as_family();
            }
            let families: Vec<&Platform> = out
                .iter()
                .filter(|p| p.is_family() && p.kind() == kind)
                .collect();
            if !families.is_empty() {
                b = b.parent(families[parent.index(families.len())].id().clone());
            }
            if let Ok(p) = b.build() {
                out.push(p);
            }
        }
        out
    })
}

/// Every key of a platform, naively.
fn keys(p: &Platform) -> HashSet<String> {
    std::iter::once(p.id().as_str())
        .chain(std::iter::once(p.designation()))
        .chain(p.names().iter().map(|(_, n)| n))
        .map(normalize_name)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Cheap enough for CI; PROPTEST_CASES overrides.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128),
        ..ProptestConfig::default()
    })]

    #[test]
    fn normalize_name_is_idempotent(name in any::<String>()) {
        let once = normalize_name(&name);
        prop_assert_eq!(normalize_name(&once), once.clone());
        prop_assert!(!once.chars().any(char::is_whitespace));
    }

    #[test]
    fn normalize_name_is_idempotent_on_ascii(name in "[0-9 ]{0,3}[ -~\t]{0,20}") {
        let once = normalize_name(&name);
        prop_assert_eq!(normalize_name(&once), once.clone());
        prop_assert_eq!(once.clone(), normalize_name(&name.to_uppercase()));
    }

    #[test]
    fn normalize_name_ignores_case_separators_and_counts(
        word in "[A-Za-z][A-Za-z0-9]{0,6}",
        sep in "[ .'_-]{0,2}",
        count in 1..500u32,
    ) {
        let key = normalize_name(&word);
        prop_assert_eq!(normalize_name(&word.to_uppercase()), key.clone());
        let split = format!("{}{sep}{}", &word[..1], &word[1..]);
        prop_assert_eq!(normalize_name(&split), key.clone());
        prop_assert_eq!(normalize_name(&format!("{count} {split}")), key);
    }

    #[test]
    fn no_name_resolves_to_two_platforms(ps in platforms()) {
        let mut owner: HashMap<String, &PlatformId> = HashMap::new();
        let mut collision = false;
        for p in &ps {
            for k in keys(p) {
                if let Some(o) = owner.insert(k, p.id()) {
                    collision |= o != p.id();
                }
            }
        }
        match Catalog::from_platforms(ps.clone()) {
            Ok(c) => {
                prop_assert!(!collision);
                for p in &ps {
                    for (_, name) in p.names().iter() {
                        prop_assert_eq!(c.resolve(name).map(Platform::id), Some(p.id()));
                    }
                }
            }
            Err(CatalogError::DuplicateName { platform, existing, key, .. }) => {
                prop_assert!(collision);
                let find = |id: &PlatformId| ps.iter().find(|p| p.id() == id).unwrap();
                prop_assert!(keys(find(&platform)).contains(&key));
                prop_assert!(keys(find(&existing)).contains(&key));
                prop_assert_ne!(platform, existing);
            }
            Err(e) => prop_assert!(false, "{e:?}"),
        }
    }

    #[test]
    fn generated_catalogs_round_trip_through_json(ps in platforms()) {
        if let Ok(c) = Catalog::from_platforms(ps) {
            let json = c.to_json();
            prop_assert_eq!(Catalog::from_json(&json), Ok(c), "{}", json);
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_loaders(text in any::<String>()) {
        let _ = Catalog::from_json(&text);
        let _ = Catalog::from_toml(&text);
        let _ = Catalog::reference().classify(&text);
        let _ = Catalog::reference().resolve(&text);
    }

    #[test]
    fn mangled_catalog_files_never_panic(cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let (_, text) = Catalog::bundled_files()
            .iter()
            .find(|(n, _)| *n == "transport-aircraft.toml")
            .unwrap();
        for mangled in mangle(text, cut, byte) {
            let _ = Catalog::from_toml_files([("other.toml", Catalog::bundled_files()[6].1), ("x.toml", mangled.as_str())]);
        }
        let json = Catalog::from_toml_files([("other.toml", Catalog::bundled_files()[6].1), ("t.toml", text)]).unwrap().to_json();
        for mangled in mangle(&json, cut, byte) {
            let _ = Catalog::from_json(&mangled);
        }
    }

    #[test]
    fn arbitrary_quantity_text_in_a_figure_never_panics(q in "[-0-9 .eE]{0,10}[a-zA-Z/]{0,5}") {
        let text = format!(
            "{SOURCE}[[platform]]\nid = \"x\"\ndesignation = \"X\"\nkind = \"uav\"\ncategory = \"combat_uav\"\nsources = [\"k\"]\n[platform.spec]\nmax_speed = {{ value = {q:?}, source = \"k\" }}\n"
        );
        match Catalog::from_toml(&text) {
            Ok(c) => prop_assert_eq!(c.len(), 1),
            Err(e) => prop_assert!(
                matches!(e, CatalogError::Figure { field: "max_speed", .. }),
                "{:?}", e
            ),
        }
    }
}

/// `text` cut at `cut`, and with the byte at `cut` replaced.
fn mangle(text: &str, cut: prop::sample::Index, byte: u8) -> [String; 2] {
    let at = cut.index(text.len());
    let truncated = String::from_utf8_lossy(&text.as_bytes()[..at]).into_owned();
    let mut flipped = text.as_bytes().to_vec();
    flipped[at] = byte;
    [truncated, String::from_utf8_lossy(&flipped).into_owned()]
}
