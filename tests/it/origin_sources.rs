//! Catalog origins are sourced and are states of design. Every catalog platform of Venezuela's
//! lots in the committed SIPRI excerpt (tests/data/sipri-excerpt.csv: every Venezuelan row of
//! the export, "Source: SIPRI Arms Transfers Database (c) SIPRI.") gives an origin, but those
//! for which no page read states a designer or a state of design and those two states designed
//! together, listed here by name. An
//! origin is the state that designed that variant: neither the supplier SIPRI names, nor a
//! licensee that built it, nor the family the variant belongs to.

use std::collections::BTreeSet;

use materiel::import::sipri::{self, Options};
use materiel::{Catalog, HolderId, Ledger, PlatformRef};

const EXCERPT: &str = include_str!("../data/sipri-excerpt.csv");

/// Venezuela's catalog platforms whose entries give no origin because no page read (through
/// the project's search, catalog/README.md) states their designer or state of design. A page
/// found for one: cite it in the catalog, set the origin, and take the id off this list.
const NO_PAGE_READ: [&str; 13] = [
    "bastion-atm",
    "btr-80a",
    "jyl-1",
    "kh-29",
    "kh-59me",
    "m-2238",
    "mirador",
    "pl-5e",
    "r-27",
    "smart",
    "sting",
    "v-601",
    "variant",
];

/// Venezuela's catalog platforms designed by two states together, whose entries say so in a
/// note and give no origin (an origin is one state).
const JOINT_DESIGNS: [&str; 1] = ["otomat-2"];

/// The ids of the catalog platforms of Venezuela's lots (generic equipment has no origin).
fn venezuelas_catalog_platforms() -> BTreeSet<String> {
    let mut ledger = Ledger::new(Catalog::reference());
    sipri::import(&mut ledger, EXCERPT.as_bytes(), &Options::new()).unwrap();
    let ven: HolderId = "VEN".parse().unwrap();
    ledger
        .entries()
        .filter(|e| e.holder() == &ven)
        .filter_map(|e| match e.platform() {
            PlatformRef::Catalog(id) => Some(id.to_string()),
            _ => None,
        })
        .collect()
}

fn origin(catalog: &Catalog, id: &str) -> Option<String> {
    let id = id.parse().unwrap();
    let platform = catalog
        .get(&id)
        .unwrap_or_else(|| panic!("{id} is in the catalog"));
    platform.origin().map(|o| o.to_string())
}

#[test]
fn every_catalog_platform_of_venezuelas_lots_has_an_origin_but_those_no_page_states() {
    let catalog = Catalog::reference();
    let platforms = venezuelas_catalog_platforms();
    // The flagship's platforms are among them.
    for id in [
        "su-30mk2", "9m317", "buk-m2", "s-300vm", "igla-s", "kh-31a", "t-72m1",
    ] {
        assert!(platforms.contains(id), "{id} is one of Venezuela's lots");
    }
    let without: BTreeSet<&str> = platforms
        .iter()
        .map(String::as_str)
        .filter(|id| origin(&catalog, id).is_none())
        .collect();
    let expected: BTreeSet<&str> = NO_PAGE_READ.into_iter().chain(JOINT_DESIGNS).collect();
    assert_eq!(without, expected);
    for id in JOINT_DESIGNS {
        let note = catalog
            .get(&id.parse().unwrap())
            .unwrap()
            .note()
            .unwrap_or_default();
        assert!(note.contains("jointly"), "{id}: {note}");
    }
}

#[test]
fn an_origin_is_the_state_of_design_not_the_supplier_the_licensee_or_the_family() {
    let catalog = Catalog::reference();
    let of = |id: &str| origin(&catalog, id);
    // Venezuela's T-72M1s came from Russia (SIPRI's supplier); Poland built T-72M1s under
    // licence (Oryx's `origin` column says Poland for those Ukraine lost); the design is the
    // Soviet export T-72M's.
    assert_eq!(of("t-72m1").as_deref(), Some("SUN"));
    assert_eq!(of("t-72m").as_deref(), Some("SUN"));
    // A variant designed elsewhere than its ancestor: the Polish M28 Skytruck of the Soviet
    // An-28, the Chinese Y-8 of the Soviet An-12, the Ukrainian BTR-3 of the Soviet BTR-80, the
    // Russian MiG-29SMT of the Soviet MiG-29.
    assert_eq!(of("m-28").as_deref(), Some("POL"));
    assert_eq!(of("y-8").as_deref(), Some("CHN"));
    assert_eq!(of("btr-3-ifv").as_deref(), Some("UKR"));
    assert_eq!(of("btr-80").as_deref(), Some("SUN"));
    assert_eq!(of("mig-29smt").as_deref(), Some("RUS"));
    assert_eq!(of("mig-29").as_deref(), Some("SUN"));
    // Designed in Russia, built under licence in India.
    assert_eq!(of("su-30mki").as_deref(), Some("RUS"));
    // A design of two states has no one origin: BrahMos is Indian and Russian.
    assert_eq!(of("brahmos"), None);
    // Every platform above whose origin differs from its family's says why in its note.
    for id in ["m-28", "mig-29smt", "btr-3-ifv", "t-72m1", "su-30mki"] {
        let id = id.parse().unwrap();
        let platform = catalog.get(&id).unwrap();
        let note = platform.note().unwrap_or_default();
        assert!(note.contains("Origin"), "{id}: {note}");
    }
}
