//! The catalog: the bundled data, names and their keys, categories and rules, families,
//! figures with their sources, loading, overlays, round trips and refusals.

use std::collections::HashMap;
use std::sync::Arc;

use materiel::catalog::{
    ArmouredVehicleSpec, CatalogError, CatalogSource, Category, Guidance, MissileRole, MissileSpec,
    NameSource, Qualifier, Quote, Spec,
};
use materiel::units::{
    Dimension, Length, LengthUnit, Mass, MassUnit, PowerUnit, Speed, TimeUnit, Velocity,
    VelocityUnit,
};
use materiel::{Catalog, Platform, PlatformId, PlatformKind};
use uom::si::{length::kilometer, mass::kilogram, velocity::meter_per_second};

pub(crate) fn id(s: &str) -> PlatformId {
    s.parse().unwrap()
}

fn get<'a>(c: &'a Catalog, s: &str) -> &'a Platform {
    c.get(&id(s))
        .unwrap_or_else(|| panic!("{s} in the catalog"))
}

pub(crate) fn source(key: &str) -> Arc<CatalogSource> {
    Arc::new(CatalogSource::new(key, format!("Source {key}")).unwrap())
}

// ---------------------------------------------------------------------------------------------
// The bundled catalog
// ---------------------------------------------------------------------------------------------

#[test]
fn the_bundled_catalog_loads_with_the_seed_ids() {
    let c = Catalog::reference();
    assert!(c.len() >= 2000, "{} platforms", c.len());
    for seed in [
        "su-30mk", "su-30mk2", "kh-31a", "s-300vm", "9m82m", "9m83m", "buk-m2", "9m317", "igla-s",
        "il-76", "il-76td",
    ] {
        assert!(c.contains(&id(seed)), "{seed}");
    }
    assert!(get(&c, "su-30mk").is_family() && get(&c, "il-76").is_family());
    assert!(c.rules().count() >= 50);
    // Every category of the table has a SIPRI category and a default kind.
    for p in c.iter() {
        assert!(!p.category().sipri().is_empty());
    }
}

#[test]
fn every_figure_and_platform_cites_a_source_that_resolves() {
    let c = Catalog::reference();
    let mut figures = 0;
    for p in c.iter() {
        assert!(!p.sources().is_empty(), "{}", p.id());
        for s in p.sources() {
            assert_eq!(c.source(s.key()), Some(s), "{}: {}", p.id(), s.key());
        }
        for (field, s) in p.spec().cited_sources() {
            figures += 1;
            assert_eq!(
                c.source(s.key()),
                Some(s),
                "{}.{field}: {}",
                p.id(),
                s.key()
            );
        }
    }
    assert!(figures > 1000, "{figures} quotes");
    for rule in c.rules() {
        assert_eq!(c.source(rule.source().key()), Some(rule.source()));
    }
    // A page read has its address; only the data files themselves may go without.
    for s in c.sources() {
        assert!(
            s.url().is_some() || ["sipri-at", "oryx"].contains(&s.key()),
            "{} has no url",
            s.key()
        );
    }
}

#[test]
fn every_name_resolves_to_its_own_platform() {
    let c = Catalog::reference();
    for p in c.iter() {
        let names = std::iter::once(p.id().as_str())
            .chain(std::iter::once(p.designation()))
            .chain(p.names().iter().map(|(_, n)| n));
        for name in names {
            assert_eq!(c.resolve(name).map(Platform::id), Some(p.id()), "{name:?}");
        }
    }
}

#[test]
fn sipri_and_oryx_spellings_resolve_to_one_platform() {
    let c = Catalog::reference();
    for (sipri, oryx) in [
        ("Leopard-2A6", "Leopard 2A6"),
        ("Challenger-2", "Challenger 2"),
        ("Leopard-2A4", "Leopard 2A4"),
    ] {
        let a = c.resolve(sipri).unwrap_or_else(|| panic!("{sipri}"));
        let b = c.resolve(oryx).unwrap_or_else(|| panic!("{oryx}"));
        assert_eq!(a.id(), b.id(), "{sipri} / {oryx}");
        assert_eq!(a.category(), Category::Tank);
        // With Oryx's heading count too.
        assert_eq!(
            c.resolve(&format!("18 {oryx}")).map(Platform::id),
            Some(a.id())
        );
    }
}

#[test]
fn national_names_families_and_categories_resolve() {
    let c = Catalog::reference();
    assert_eq!(
        c.resolve("Su-30MKV").map(|p| p.id().as_str()),
        Some("su-30mk2")
    );
    let t64 = c.resolve("Uknown T-64").expect("Oryx's typo is a name");
    assert_eq!(t64.id().as_str(), "t-64");
    assert!(t64.is_family());
    assert_eq!(c.resolve("Unknown T-64").map(Platform::id), Some(t64.id()));
    assert!(c.resolve("Unknown tank").is_none());
    assert_eq!(c.classify("Unknown tank"), Some(Category::Tank));
    assert_eq!(c.classify("3 Unknown tank"), Some(Category::Tank));
    assert_eq!(c.classify("Su-30MKV"), Some(Category::CombatAircraft));
    assert_eq!(c.classify("Nothing of the sort"), None);
}

#[test]
fn the_longest_matching_rule_wins_and_whole_words_only() {
    let c = Catalog::reference();
    assert_eq!(
        c.rule_for("Unknown self-propelled howitzer")
            .map(|r| r.phrase()),
        Some("self propelled howitzer")
    );
    assert_eq!(
        c.rule_for("Unknown howitzer").map(|r| r.phrase()),
        Some("howitzer")
    );
    // `van` is a rule; `Vanguard` does not contain it as a word.
    assert!(c.rule_for("Vanguard").is_none());
}

// ---------------------------------------------------------------------------------------------
// The four facts issue 22 names
// ---------------------------------------------------------------------------------------------

fn missile(p: &Platform) -> &MissileSpec {
    match p.spec() {
        Spec::Missile(m) => m,
        other => panic!("{} is a {:?}", p.id(), other.kind()),
    }
}

#[test]
fn kh_31a_speed_is_as_the_pages_state_it() {
    let c = Catalog::reference();
    let kh31 = get(&c, "kh-31a");
    let speed = missile(kh31).max_speed().expect("a speed figure");
    // "velocidades superiores a Mach 3": a Mach number, at least 3, never converted.
    assert_eq!(speed.value(), Some(Speed::Mach(3.0)));
    assert_eq!(speed.qualifier(), Some(Qualifier::AtLeast));
    assert!(speed.value().and_then(|s| s.velocity()).is_none());
    // The page that gives metres per second is kept in metres per second, "up to".
    let ms = speed
        .also()
        .iter()
        .find(|q| q.value().and_then(|s| s.velocity()).is_some())
        .expect("the m/s quote");
    assert_eq!(
        ms.value().and_then(|s| s.velocity()),
        Some(Velocity::new::<meter_per_second>(1000.0))
    );
    assert_eq!(ms.qualifier(), Some(Qualifier::UpTo));
    assert!(
        speed
            .also()
            .iter()
            .any(|q| q.value() == Some(Speed::Mach(3.5)))
    );
    // No quote pairs Mach 4.5 with 1,000 m/s any more.
    assert!(speed.quotes().all(|q| q.value() != Some(Speed::Mach(4.5))));
}

#[test]
fn il_76td_range_keeps_its_condition_and_the_other_quotes() {
    let c = Catalog::reference();
    let Spec::Transport(t) = get(&c, "il-76td").spec() else {
        panic!("a transport")
    };
    let range = t.range_at_max_payload().expect("a range figure");
    assert_eq!(range.value(), Some(Length::new::<kilometer>(4400.0)));
    assert_eq!(range.condition(), Some("with maximum payload"));
    let quoted = range
        .also()
        .iter()
        .find(|q| q.is_range())
        .expect("the 3,600-4,200 km quote");
    assert_eq!(quoted.min(), Some(Length::new::<kilometer>(3600.0)));
    assert_eq!(quoted.max(), Some(Length::new::<kilometer>(4200.0)));
    assert!(
        quoted
            .condition()
            .is_some_and(|c| c.contains("maximum payload"))
    );
}

#[test]
fn igla_s_19_kg_is_the_system_ready_to_fire() {
    let c = Catalog::reference();
    let igla = get(&c, "igla-s");
    let mass = missile(igla).launch_mass().expect("a mass figure");
    assert_ne!(mass.value(), Some(Mass::new::<kilogram>(19.0)));
    let system = mass
        .quotes()
        .find(|q| q.value() == Some(Mass::new::<kilogram>(19.0)))
        .expect("the 19 kg quote");
    assert_eq!(system.condition(), Some("system ready to fire"));
    assert_eq!(system.qualifier(), Some(Qualifier::About));
}

#[test]
fn su_30mk2_carries_what_sipri_lists() {
    let c = Catalog::reference();
    let su = get(&c, "su-30mk2");
    let ids: Vec<&str> = su.munitions().iter().map(PlatformId::as_str).collect();
    for m in ["kh-31a", "kh-29", "kh-59me", "r-73", "r-77", "kab-500"] {
        assert!(ids.contains(&m), "{m} in {ids:?}");
    }
    assert!(
        c.munitions(su.id())
            .all(|m| m.kind() == PlatformKind::Missile)
    );
}

// ---------------------------------------------------------------------------------------------
// Families
// ---------------------------------------------------------------------------------------------

#[test]
fn families_roll_up_without_double_counting() {
    let c = Catalog::reference();
    // Every platform is under exactly one root: its own family_root.
    let mut seen: HashMap<&PlatformId, &PlatformId> = HashMap::new();
    for root in c.iter().filter(|p| p.parent().is_none()) {
        for p in std::iter::once(root).chain(c.descendants(root.id())) {
            assert!(
                seen.insert(p.id(), root.id()).is_none(),
                "{} under two roots",
                p.id()
            );
            assert_eq!(c.family_root(p.id()).map(Platform::id), Some(root.id()));
        }
    }
    assert_eq!(seen.len(), c.len());
    // Ancestors are family nodes of the same kind; children know their parent.
    for p in c.iter() {
        for a in c.ancestors(p.id()) {
            assert!(
                a.is_family() && a.kind() == p.kind(),
                "{} <- {}",
                a.id(),
                p.id()
            );
        }
        for child in c.children(p.id()) {
            assert_eq!(child.parent(), Some(p.id()));
        }
    }
    // Some family has grandchildren: depth is used.
    assert!(c.iter().any(|p| c.ancestors(p.id()).count() >= 2));
}

fn toml_platform(id: &str, extra: &str) -> String {
    format!(
        "[[platform]]\nid = \"{id}\"\ndesignation = \"{id}\"\nkind = \"armoured_vehicle\"\ncategory = \"tank\"\nsources = [\"k\"]\n{extra}\n"
    )
}

pub(crate) const SOURCE: &str = "[source.k]\ntitle = \"K\"\nurl = \"https://example.org\"\n\n";

#[test]
fn relations_are_checked_at_any_depth() {
    let family = "family = true";
    let ok = format!(
        "{SOURCE}{}{}{}",
        toml_platform("b", &format!("{family}\nparent = \"a\"")),
        toml_platform("a", family),
        toml_platform("c", "parent = \"b\""),
    );
    let c = Catalog::from_toml(&ok).unwrap();
    let up: Vec<_> = c.ancestors(&id("c")).map(|p| p.id().as_str()).collect();
    assert_eq!(up, ["b", "a"]);
    let down: Vec<_> = c.descendants(&id("a")).map(|p| p.id().as_str()).collect();
    assert_eq!(down, ["b", "c"]);

    let cycle = format!(
        "{SOURCE}{}{}",
        toml_platform("a", &format!("{family}\nparent = \"b\"")),
        toml_platform("b", &format!("{family}\nparent = \"a\"")),
    );
    let err = Catalog::from_toml(&cycle).unwrap_err();
    assert!(matches!(err, CatalogError::ParentCycle { .. }), "{err}");
    assert!(err.to_string().contains("a -> b -> a") || err.to_string().contains("b -> a -> b"));

    let not_family = format!(
        "{SOURCE}{}{}",
        toml_platform("a", ""),
        toml_platform("b", "parent = \"a\"")
    );
    assert!(matches!(
        Catalog::from_toml(&not_family).unwrap_err(),
        CatalogError::NotAFamily { .. }
    ));

    let other_kind = format!(
        "{SOURCE}{}[[platform]]\nid = \"x\"\ndesignation = \"X\"\nkind = \"generic\"\ncategory = \"radar\"\nsources = [\"k\"]\nparent = \"a\"\n",
        toml_platform("a", family)
    );
    assert!(matches!(
        Catalog::from_toml(&other_kind).unwrap_err(),
        CatalogError::RelationKind {
            relation: "parent",
            ..
        }
    ));
    let unknown = format!("{SOURCE}{}", toml_platform("b", "parent = \"nobody\""));
    assert!(matches!(
        Catalog::from_toml(&unknown).unwrap_err(),
        CatalogError::UnknownRelation { .. }
    ));
}

// ---------------------------------------------------------------------------------------------
// Files: errors name the file, the platform and the field
// ---------------------------------------------------------------------------------------------

fn file_error(text: &str) -> CatalogError {
    Catalog::from_toml_files([("mine.toml", text)]).unwrap_err()
}

#[test]
fn errors_name_file_platform_and_field() {
    let bad_unit = format!(
        "{SOURCE}{}",
        toml_platform(
            "t",
            "[platform.spec]\ncombat_mass = { value = \"46 km\", source = \"k\" }"
        )
    );
    let err = file_error(&bad_unit);
    let text = err.to_string();
    assert!(
        text.starts_with("mine.toml: platform `t`: combat_mass:"),
        "{text}"
    );
    assert!(
        text.contains("\"46 km\" is a length, expected a mass"),
        "{text}"
    );

    let no_source = format!(
        "{SOURCE}{}",
        toml_platform("t", "[platform.spec]\ncrew = { value = 3 }")
    );
    let text = file_error(&no_source).to_string();
    assert!(
        text.contains("platform `t`") && text.contains("source"),
        "{text}"
    );

    let unknown_source = format!(
        "{SOURCE}{}",
        toml_platform(
            "t",
            "[platform.spec]\ncrew = { value = 3, source = \"nope\" }"
        )
    );
    assert!(matches!(
        file_error(&unknown_source).innermost(),
        CatalogError::UnknownSource { field: "crew", .. }
    ));

    let not_in_kind = format!(
        "{SOURCE}{}",
        toml_platform(
            "t",
            "[platform.spec]\nwingspan = { value = \"3 m\", source = \"k\" }"
        )
    );
    assert!(matches!(
        file_error(&not_in_kind).innermost(),
        CatalogError::FieldNotInKind {
            kind: PlatformKind::ArmouredVehicle,
            ..
        }
    ));

    let unknown_field = format!(
        "{SOURCE}{}",
        toml_platform(
            "t",
            "[platform.spec]\ncrew_size = { value = 3, source = \"k\" }"
        )
    );
    let err = file_error(&unknown_field);
    let text = err.to_string();
    assert!(
        matches!(err.innermost(), CatalogError::Toml { platform: Some(p), .. } if p.as_str() == "t"),
        "{err:?}"
    );
    assert!(
        text.contains("crew_size") && text.contains("mine.toml"),
        "{text}"
    );

    let count_as_text = format!(
        "{SOURCE}{}",
        toml_platform(
            "t",
            "[platform.spec]\ncrew = { value = \"3\", source = \"k\" }"
        )
    );
    assert!(matches!(
        file_error(&count_as_text).innermost(),
        CatalogError::Figure { field: "crew", .. }
    ));

    let both = format!(
        "{SOURCE}{}",
        toml_platform(
            "t",
            "[platform.spec]\nroad_range = { value = \"3 km\", max = \"4 km\", source = \"k\" }"
        )
    );
    assert!(matches!(
        file_error(&both).innermost(),
        CatalogError::Figure {
            field: "road_range",
            ..
        }
    ));

    let inverted = format!(
        "{SOURCE}{}",
        toml_platform(
            "t",
            "[platform.spec]\nroad_range = { min = \"5 km\", max = \"4 km\", source = \"k\" }"
        )
    );
    let text = file_error(&inverted).to_string();
    assert!(text.contains("exceeds"), "{text}");

    let missile_without_role = format!(
        "{SOURCE}[[platform]]\nid = \"m\"\ndesignation = \"M\"\nkind = \"missile\"\ncategory = \"anti_tank_missile\"\nsources = [\"k\"]\n"
    );
    assert!(matches!(
        file_error(&missile_without_role).innermost(),
        CatalogError::MissingField { field: "role", .. }
    ));

    let syntax = "[[platform]\nid = 1";
    let err = file_error(syntax);
    assert!(
        matches!(err.innermost(), CatalogError::Toml { line: 1, .. }),
        "{err:?}"
    );
}

#[test]
fn sources_names_and_rules_are_unique() {
    let twice = [("a.toml", SOURCE), ("b.toml", SOURCE)];
    let err = Catalog::from_toml_files(twice).unwrap_err();
    assert!(
        matches!(err.innermost(), CatalogError::DuplicateSource { key } if key == "k"),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("b.toml: "), "{err}");

    let shared_name = format!(
        "{SOURCE}{}{}",
        toml_platform("t-72b", "[platform.names]\noryx = [\"T-72 B\"]"),
        toml_platform("t-72-b", ""),
    );
    let err = Catalog::from_toml(&shared_name).unwrap_err();
    let CatalogError::DuplicateName {
        platform,
        existing,
        key,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        (platform.as_str(), existing.as_str(), key.as_str()),
        ("t-72-b", "t-72b", "t72b")
    );

    let rules = format!(
        "{SOURCE}[[rule]]\ncontains = \"gun truck\"\ncategory = \"vehicle\"\nsource = \"k\"\n[[rule]]\ncontains = \"Gun-Truck\"\ncategory = \"other\"\nsource = \"k\"\n"
    );
    assert!(matches!(
        Catalog::from_toml(&rules).unwrap_err(),
        CatalogError::DuplicateRule { .. }
    ));
}

// ---------------------------------------------------------------------------------------------
// Overlays
// ---------------------------------------------------------------------------------------------

#[test]
fn a_user_file_replaces_and_adds_and_a_rejected_one_changes_nothing() {
    let mut c = Catalog::reference();
    let before = c.clone();
    let n = c.len();
    let mine = format!(
        "{}\n{}\n[[rule]]\ncontains = \"gun truck\"\ncategory = \"vehicle\"\nsource = \"my-notes\"\n",
        "[source.my-notes]\ntitle = \"My notes\"\n\n[[platform]]\nid = \"t-64\"\ndesignation = \"T-64\"\nkind = \"armoured_vehicle\"\ncategory = \"tank\"\nfamily = true\nsources = [\"my-notes\"]\n[platform.names]\noryx = [\"Unknown T-64\", \"Uknown T-64\"]\n[platform.spec]\ncrew = { value = 3, source = \"my-notes\" }",
        "[[platform]]\nid = \"t-64-local\"\ndesignation = \"T-64 (local rebuild)\"\nkind = \"armoured_vehicle\"\ncategory = \"tank\"\nparent = \"t-64\"\nsources = [\"my-notes\"]",
    );
    let overlay = c.overlay_toml("mine.toml", &mine).unwrap();
    assert_eq!(overlay.replaced, [id("t-64")]);
    assert_eq!(overlay.added, [id("t-64-local")]);
    assert_eq!(overlay.sources_added, ["my-notes"]);
    assert_eq!(overlay.rules_added, ["gun truck"]);
    assert_eq!(c.len(), n + 1);
    assert_eq!(get(&c, "t-64").sources()[0].key(), "my-notes");
    // Variants of the bundled T-64 still hang under the replacement.
    assert!(c.descendants(&id("t-64")).count() >= before.descendants(&id("t-64")).count());
    assert_eq!(c.classify("Unknown gun truck"), Some(Category::Vehicle));
    // The shared reference catalog is not touched.
    assert_eq!(Catalog::reference(), before);

    // A layer that breaks a relation: refused whole, the catalog as it was.
    let mut c = before.clone();
    let breaking = "[[platform]]\nid = \"t-64\"\ndesignation = \"T-64\"\nkind = \"armoured_vehicle\"\ncategory = \"tank\"\nsources = [\"oryx\"]\n\n[[platform]]\nid = \"my-other\"\ndesignation = \"Other\"\nkind = \"generic\"\ncategory = \"other\"\nsources = [\"oryx\"]\n";
    let err = c.overlay_toml("mine.toml", breaking).unwrap_err();
    assert!(
        matches!(err.innermost(), CatalogError::NotAFamily { .. }),
        "{err:?}"
    );
    assert_eq!(c, before);
    // A layer that redeclares a bundled source with other content: refused.
    let redeclared = "[source.oryx]\ntitle = \"Something else\"\n";
    assert!(matches!(
        c.overlay_toml("mine.toml", redeclared)
            .unwrap_err()
            .innermost(),
        CatalogError::DuplicateSource { .. }
    ));
    assert_eq!(c, before);
}

#[test]
fn directories_load_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("b.toml"),
        toml_platform("b", "parent = \"a\""),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.toml"),
        format!("{SOURCE}{}", toml_platform("a", "family = true")),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a catalog").unwrap();
    let c = Catalog::from_dir(dir.path()).unwrap();
    let ids: Vec<_> = c.iter().map(|p| p.id().as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    let err = Catalog::from_dir(dir.path().join("missing")).unwrap_err();
    assert!(matches!(err, CatalogError::Io { .. }), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Round trips and refusals of shape
// ---------------------------------------------------------------------------------------------

#[test]
fn the_bundled_catalog_round_trips_through_json() {
    let c = Catalog::reference();
    let json = c.to_json();
    let back = Catalog::from_json(&json).unwrap();
    assert_eq!(back, c);
    assert_eq!(back.to_json(), json);
    // Numbers keep the units their sources wrote.
    assert!(json.contains("\"155 mi\""));
    assert!(json.contains("\"3.5 Mach\""));
}

#[test]
fn structs_given_as_sequences_are_refused() {
    let base = r#"{"source": {"k": {"title": "K"}}, "platform": [{"id": "x", "designation": "X", "kind": "generic", "category": "radar", "sources": ["k"], "spec": SPEC}]}"#;
    let ok = base.replace("SPEC", r#"{"mass": {"value": "3 kg", "source": "k"}}"#);
    assert!(Catalog::from_json(&ok).is_ok());
    for bad in [
        base.replace("SPEC", r#"{"mass": ["3 kg", "k"]}"#),
        base.replace("SPEC", r#"["3 kg"]"#),
        base.replace(
            "SPEC",
            r#"{"mass": {"value": "3 kg", "source": "k", "also": [["4 kg", "k"]]}}"#,
        ),
        r#"{"source": {"k": ["K"]}, "platform": []}"#.to_owned(),
        r#"{"platform": [["x", "X", "generic", "radar", ["k"]]]}"#.to_owned(),
        r#"[{"k": {"title": "K"}}, [], []]"#.to_owned(),
        r#"{"source": {}, "platform": [], "rule": [["tank", "tank", "k"]]}"#.to_owned(),
        base.replace("SPEC", "{}").replace(
            r#""sources": ["k"]"#,
            r#""sources": ["k"], "names": [["X"]]"#,
        ),
    ] {
        let err = Catalog::from_json(&bad).unwrap_err();
        assert!(matches!(err, CatalogError::Json { .. }), "{bad}: {err:?}");
    }
    let toml = format!(
        "{SOURCE}{}",
        toml_platform("t", "[platform.spec]\ncrew = [3, \"k\"]")
    );
    let err = file_error(&toml);
    assert!(
        matches!(err.innermost(), CatalogError::Toml { .. }),
        "{err:?}"
    );
    let toml = "source = [[\"k\", \"K\"]]\n";
    assert!(matches!(
        file_error(toml).innermost(),
        CatalogError::Toml { .. }
    ));
}

#[test]
fn json_refuses_unknown_fields_and_repeated_keys() {
    let repeated = r#"{"source": {"k": {"title": "K"}, "k": {"title": "L"}}}"#;
    assert!(matches!(
        Catalog::from_json(repeated).unwrap_err(),
        CatalogError::Json { .. }
    ));
    let unknown = r#"{"sources": {}}"#;
    let err = Catalog::from_json(unknown).unwrap_err();
    assert!(err.to_string().contains("sources"), "{err}");
    let err = Catalog::from_json("{\"platform\": [").unwrap_err();
    assert!(matches!(err, CatalogError::Json { line: 1, .. }), "{err:?}");
    assert_eq!(err.to_string().matches("line 1").count(), 1, "{err}");
}

// ---------------------------------------------------------------------------------------------
// Figures built in code
// ---------------------------------------------------------------------------------------------

#[test]
fn figures_need_a_source_and_valid_values() {
    let k = source("k");
    assert!(Quote::new_value(Length::new::<kilometer>(-1.0), k.clone()).is_err());
    assert!(Quote::new_value(Length::new::<kilometer>(f64::NAN), k.clone()).is_err());
    assert!(Quote::new_value(Speed::Mach(f64::INFINITY), k.clone()).is_err());
    assert!(Quote::<u32>::new_range(None, None, k.clone()).is_err());
    assert!(Quote::new_range(Some(Speed::Mach(2.0)), Some(Speed::Mach(1.0)), k.clone()).is_err());
    // A Mach number and a velocity cannot be ordered, so such a range stands.
    let mixed = Quote::new_range(
        Some(Speed::Mach(2.0)),
        Some("100 km/h".parse::<Speed>().unwrap()),
        k.clone(),
    )
    .unwrap();
    assert_eq!(mixed.min(), Some(Speed::Mach(2.0)));
    assert!(
        Quote::new_value(3_u32, k.clone())
            .unwrap()
            .with_condition(" ")
            .is_err()
    );
    // A blank text field is refused with its platform.
    let err = Platform::builder(
        id("x"),
        "X",
        Category::Tank,
        ArmouredVehicleSpec::new().with_engine("  "),
    )
    .source(k)
    .build()
    .unwrap_err();
    assert!(matches!(
        err,
        CatalogError::EmptyText {
            field: "engine",
            ..
        }
    ));
}

#[test]
fn insert_checks_names_relations_and_sources() {
    let mut c = Catalog::new();
    let k = source("k");
    let family = Platform::builder(id("a"), "A", Category::Tank, ArmouredVehicleSpec::new())
        .as_family()
        .source(k.clone())
        .build()
        .unwrap();
    c.insert(family).unwrap();
    let child = Platform::builder(id("b"), "B", Category::Tank, ArmouredVehicleSpec::new())
        .parent(id("a"))
        .source(k.clone())
        .build()
        .unwrap();
    c.insert(child).unwrap();
    assert_eq!(c.children(&id("a")).count(), 1);
    let own_parent = Platform::builder(id("c"), "C", Category::Tank, ArmouredVehicleSpec::new())
        .as_family()
        .parent(id("c"))
        .source(k.clone())
        .build()
        .unwrap();
    assert!(matches!(
        c.insert(own_parent).unwrap_err(),
        CatalogError::ParentCycle { .. }
    ));
    // Another source under a key the catalog has: refused.
    let other_k = Arc::new(CatalogSource::new("k", "Another K").unwrap());
    let clash = Platform::builder(id("d"), "D", Category::Tank, ArmouredVehicleSpec::new())
        .source(other_k)
        .build()
        .unwrap();
    assert!(matches!(
        c.insert(clash).unwrap_err(),
        CatalogError::DuplicateSource { .. }
    ));
    assert_eq!(c.len(), 2);
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
    names_agree::<Category>();
    names_agree::<NameSource>();
    names_agree::<Qualifier>();
    names_agree::<Dimension>();
    names_agree::<LengthUnit>();
    names_agree::<MassUnit>();
    names_agree::<VelocityUnit>();
    names_agree::<TimeUnit>();
    names_agree::<PowerUnit>();
    names_agree::<materiel::provenance::Reliability>();
    names_agree::<materiel::provenance::Credibility>();
}

#[test]
fn every_category_maps_to_sipri_oryx_and_a_kind() {
    use strum::IntoEnumIterator;
    let sipri = [
        "Aircraft",
        "Air defence systems",
        "Armoured vehicles",
        "Artillery",
        "Engines",
        "Missiles",
        "Naval weapons",
        "Other",
        "Satellites",
        "Sensors",
        "Ships",
    ];
    for c in Category::iter() {
        assert!(sipri.contains(&c.sipri()), "{c}");
        assert!(c.oryx_headings().len() <= 2, "{c}");
        // A generic fallback's kind can be built empty, but a missile needs its role.
        assert_eq!(
            Spec::empty(c.default_kind()).is_none(),
            c.default_kind() == PlatformKind::Missile
        );
    }
    // Every Oryx heading of Russia's totals is some category's (Ukraine's spellings too).
    for heading in [
        "Tanks",
        "Armoured Fighting Vehicles",
        "Infantry Fighting Vehicles",
        "Armoured Personnel Carriers",
        "Mine-Resistant Ambush Protected",
        "Infantry Mobility Vehicles",
        "Command Posts And Communications Stations",
        "Engineering Vehicles And Equipment",
        "Unmanned Ground Vehicles",
        "Self-Propelled Anti-Tank Missile Systems",
        "Artillery Support Vehicles And Equipment",
        "Towed Artillery",
        "Self-Propelled Artillery",
        "Rocket and Missile Artillery",
        "Anti-Aircraft Guns",
        "Self-Propelled Anti-Aircraft Guns",
        "Surface-To-Air Missile Systems",
        "Radars",
        "Radars And Communications Equipment",
        "Jammers And Deception Systems",
        "Aircraft",
        "Helicopters",
        "Unmanned Combat Aerial Vehicles",
        "Reconnaissance Unmanned Aerial Vehicles",
        "Naval Ships and Submarines",
        "Naval Ships",
        "Trucks, Vehicles, Jeeps, and Trains",
        "Trucks, Vehicles, and Jeeps",
    ] {
        assert!(
            Category::iter().any(|c| c.oryx_headings().contains(&heading)),
            "{heading}"
        );
    }
}

#[test]
fn figures_display_as_their_sources_wrote_them() {
    let c = Catalog::reference();
    let Spec::SamSystem(s) = get(&c, "s-300vm").spec() else {
        panic!("a SAM system")
    };
    let ballistic = s.ballistic_engagement_range().expect("a figure");
    assert!(
        ballistic.to_string().starts_with("up to 155 mi"),
        "{ballistic}"
    );
    let fields = get(&c, "il-76td").spec().describe();
    assert!(
        fields.iter().any(|(f, t)| *f == "range_at_max_payload"
            && t.starts_with("4400 km (with maximum payload) ["))
    );
}

/// The fuzz seeds say what they are: those named `seed-error-*` are refused, the others
/// (standalone ones) load.
#[test]
fn catalog_toml_fuzz_seeds_load_or_fail_as_named() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/catalog_toml");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = Catalog::from_toml(&text);
        if name.starts_with("seed-error-") {
            assert!(loaded.is_err(), "{name} loads");
        } else if name == "seed-overlay-replace" {
            let mut c = Catalog::reference();
            let overlay = c.overlay_toml(&name, &text).unwrap();
            assert_eq!(overlay.replaced, [id("il-76td")]);
        } else {
            let c = loaded.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(Catalog::from_json(&c.to_json()), Ok(c));
        }
        checked += 1;
    }
    assert!(checked >= 10);
}
