//! One identity for equipment across sources: SIPRI's deliveries and Oryx's losses of the
//! same equipment land in one lot, through the catalog. On the committed excerpt
//! (`tests/data/identity/`, rows of both sources copied byte for byte, with their
//! attribution) and, ignored, on the full files of `../shared/data`.

use std::path::{Path, PathBuf};

use materiel::catalog::Category;
use materiel::import::{oryx, sipri};
use materiel::{AsOf, Catalog, HolderId, Ledger, PlatformRef};

/// The excerpt's directory.
fn excerpt() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/identity")
}

/// `../shared/data`, when it holds the full SIPRI export and the Oryx event files; `None`
/// (and a message saying the test is skipped) otherwise.
pub(crate) fn full_data() -> Option<(PathBuf, PathBuf)> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let sipri = shared.join("sipri-arms-transfers-2000-2030.csv");
    let oryx = shared.join("oryx");
    let present = sipri.is_file() && oryx::EVENT_FILES.iter().all(|f| oryx.join(f).is_file());
    if !present {
        eprintln!(
            "skipped: the full SIPRI export or Oryx files under {} are absent",
            shared.display()
        );
        return None;
    }
    Some((sipri, oryx))
}

/// A ledger with SIPRI's export at `sipri` and Oryx's event files in `oryx` imported, in
/// that order (Oryx recorded after SIPRI's edition date), and the two reports.
pub(crate) fn both(sipri_path: &Path, oryx_dir: &Path) -> (Ledger, sipri::Report, oryx::Report) {
    let mut ledger = Ledger::new(Catalog::reference());
    let s = sipri::import_file(&mut ledger, sipri_path, &sipri::Options::new()).unwrap();
    let options = oryx::Options::new().recorded("2025-07-20T00:00:00Z".parse().unwrap());
    let o = oryx::import_dir(&mut ledger, oryx_dir, &options).unwrap();
    (ledger, s, o)
}

/// The catalog platform `name` resolves to.
fn platform(ledger: &Ledger, name: &str) -> PlatformRef {
    let p = ledger
        .catalog()
        .resolve(name)
        .unwrap_or_else(|| panic!("{name} resolves"));
    PlatformRef::Catalog(p.id().clone())
}

/// Ukraine's tanks that both sources name, with what each source says of them: SIPRI's
/// numbers delivered and Oryx's items lost.
///
/// Worked out from the raw files (`/tmp` script, not committed; the same rules as the
/// importers'):
/// * SIPRI (export of 3 Jan 2025), rows with recipient `Ukraine`: `Leopard-2A6`, deal 66279
///   (Germany, 18) and 66285 (Portugal, 3): 21; `Leopard-2A4`, deals 38043 (Poland, 14),
///   66281 (Norway, 8), 66286 (Canada, 8) and 65579 (Spain, 10): 40; `Challenger-2`, deal
///   66222 (United Kingdom, 14): 14. Each is one delivery row, `Numbers delivered`.
/// * Oryx (snapshot of 2025-07-19), rows with country `Ukraine` whose system, its heading
///   count dropped, is the name: `Leopard 2A6`, 23 rows that are 18 items (country, system
///   and url; 7 destroyed, 1 captured, 7 abandoned, 3 damaged at their most severe status);
///   `Leopard 2A4`, 41 rows, 31 items (15, 2, 8, 6); `Challenger 2`, 2 rows, 2 items (both
///   destroyed).
const UKR_TANKS: [(&str, &str, u64, u64); 3] = [
    ("Leopard-2A6", "Leopard 2A6", 21, 18),
    ("Leopard-2A4", "Leopard 2A4", 40, 31),
    ("Challenger-2", "Challenger 2", 14, 2),
];

/// Each pair of names is one platform, and its lot holds both sources' figures.
fn assert_one_lot_each(ledger: &Ledger) {
    let ukr: HolderId = "UKR".parse().unwrap();
    let holdings = ledger.holdings(&ukr, &AsOf::latest());
    for (sipri_name, oryx_name, delivered, lost) in UKR_TANKS {
        let p = platform(ledger, sipri_name);
        assert_eq!(
            p,
            platform(ledger, oryx_name),
            "{sipri_name} and {oryx_name}"
        );
        let lot = ledger.lot(&ukr, &p, &AsOf::latest());
        assert_eq!(
            (lot.delivered().value(), lot.lost().value()),
            (delivered, lost),
            "{sipri_name}"
        );
        // No second lot of the same tank under another name.
        let named: Vec<_> = holdings
            .iter()
            .filter(|(q, _)| {
                let label = q.label(ledger.catalog()).to_lowercase().replace('-', " ");
                label == sipri_name.to_lowercase().replace('-', " ")
            })
            .map(|(q, _)| q.clone())
            .collect();
        assert_eq!(named, std::slice::from_ref(&p), "{sipri_name}");
    }
}

/// The committed excerpt: each tank in one lot, delivered and lost.
#[test]
fn sipri_and_oryx_rows_of_one_tank_land_in_one_lot() {
    let dir = excerpt();
    let (ledger, s, o) = both(&dir.join("sipri-ukr-tanks.csv"), &dir);
    assert_eq!((s.counts.rows_read, s.generic_rows), (7, 0));
    assert_eq!((o.counts.rows_read, o.items, o.generic_rows), (66, 51, 0));
    assert!(s.unresolved.is_empty() && o.unresolved.is_empty());
    assert_one_lot_each(&ledger);
}

/// Ukraine's Leopard 2A6 entered service in 2001, within SIPRI's window, so the SIPRI import
/// leaves its lot's opening known (nothing before the 21 delivered in 2023); the Oryx import
/// keeps it so rather than reopening it with "opening holdings unknown": its 18 confirmed
/// losses come out of the 21, which leaves 3, exact (an upper bound of what is held, since a
/// loss list is a lower bound of the losses). Lots that SIPRI opened unknown (Leopard 2A4),
/// or that hold nothing of their own (Russia's captured Leopards), are as before.
#[test]
fn an_oryx_import_keeps_an_opening_sipri_knows() {
    let dir = excerpt();
    let (ledger, _, o) = both(&dir.join("sipri-ukr-tanks.csv"), &dir);
    let ukr: HolderId = "UKR".parse().unwrap();
    let opened = |holder: &HolderId, p: &PlatformRef| {
        ledger.entries().any(|e| {
            e.holder() == holder
                && e.platform() == p
                && matches!(e.change(), materiel::Change::OpeningUnknown)
        })
    };
    let a6 = platform(&ledger, "Leopard 2A6");
    assert!(!opened(&ukr, &a6));
    let lot = ledger.lot(&ukr, &a6, &AsOf::latest());
    assert_eq!(lot.in_service(), materiel::Count::exact(3).unwrap());
    assert!(lot.baseline_known());
    assert_eq!(o.known_lots, 1);
    assert!(o.counts.rejected.is_empty(), "{:?}", o.counts.rejected);
    let a4 = platform(&ledger, "Leopard 2A4");
    assert!(opened(&ukr, &a4));
    let rus: HolderId = "RUS".parse().unwrap();
    assert!(
        opened(&rus, &a6),
        "the captor's lot, which holds nothing else"
    );
    assert!(
        o.to_string()
            .contains("known openings     1 lot already counted"),
        "{o}"
    );
}

/// The full files: the acceptance test of issue 22.
#[test]
#[ignore = "needs ../shared/data (run with --ignored)"]
fn full_files_one_lot_per_tank() {
    let Some((sipri_path, oryx_dir)) = full_data() else {
        return;
    };
    let (ledger, s, o) = both(&sipri_path, &oryx_dir);
    assert!(s.counts.rejected.is_empty(), "{:?}", s.counts.rejected);
    assert_one_lot_each(&ledger);
    // The lots SIPRI left with a known opening keep it; the losses beyond what SIPRI
    // delivered are refused rows (the two sources disagree), listed here.
    println!("{o}");
    for r in &o.counts.rejected {
        println!("  rejected: {r}");
    }
    println!(
        "SIPRI: {} designations unresolved; the first 10 by units:",
        s.unresolved.len()
    );
    for u in s.unresolved.iter().take(10) {
        println!("  {:>6}  {}  {:?}", u.units, u.name, u.category);
    }
    println!(
        "Oryx: {} names unresolved; the first 10 by items:",
        o.unresolved.len()
    );
    for u in o.unresolved.iter().take(10) {
        println!("  {:>6}  {}  {:?}", u.units, u.name, u.category);
    }
    // Ranked by units.
    for list in [&s.unresolved, &o.unresolved] {
        assert!(list.windows(2).all(|w| w[0].units >= w[1].units));
    }
}

/// An unresolved name keeps its category, and each report ranks the unresolved names.
#[test]
fn unresolved_names_keep_their_category_and_are_ranked() {
    let csv = "\
country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID
Russia,Russia,Zz-9 main battle tank,destroyed,https://x.org/1.jpg,2023-01-02,1,1,1,7-111
Russia,Russia,Zz-9 main battle tank,damaged,https://x.org/1.jpg,2023-01-03,1,1,3,7-113
Russia,Russia,Zz-9 main battle tank,destroyed,https://x.org/2.jpg,2023-01-03,1,2,1,7-111
Russia,Russia,Zz-7 test howitzer,destroyed,https://x.org/3.jpg,2023-01-04,2,3,1,7-111
Russia,Russia,Zz-7 test howitzer,destroyed,https://x.org/4.jpg,2023-01-04,2,4,1,7-111
Russia,Russia,Zz-7 test howitzer,destroyed,https://x.org/5.jpg,2023-01-04,2,5,1,7-111
Russia,Russia,Glorp,destroyed,https://x.org/6.jpg,2023-01-04,3,6,1,7-111
";
    let mut ledger = Ledger::new(Catalog::reference());
    let options = oryx::Options::new().recorded("2025-07-20T00:00:00Z".parse().unwrap());
    let report = oryx::import(&mut ledger, csv.as_bytes(), &options).unwrap();
    let ranked: Vec<_> = report
        .unresolved
        .iter()
        .map(|u| (u.name.as_str(), u.category, u.rows, u.units))
        .collect();
    assert_eq!(
        ranked,
        [
            ("Zz-7 test howitzer", Some(Category::TowedArtillery), 3, 3),
            ("Zz-9 main battle tank", Some(Category::Tank), 3, 2),
            ("Glorp", None, 1, 1),
        ]
    );
    // The lot's platform carries the category.
    let tank = ledger
        .entries()
        .find_map(|e| match e.platform() {
            PlatformRef::Generic(g) if g.designation() == "Zz-9 main battle tank" => {
                Some(g.clone())
            }
            _ => None,
        })
        .unwrap();
    assert_eq!(tank.category(), Some(Category::Tank));
    assert_eq!(tank.kind(), Category::Tank.default_kind());
    assert!(report.to_string().contains("unresolved         3 names"));
}

/// A generic platform's category goes through an entry line and back; a platform without one
/// writes no `category` key (so lines written before categories keep their bytes).
#[test]
fn a_generic_category_round_trips_through_the_wire_form() {
    use materiel::codec::{decode_entry_line, entry_line};
    use materiel::ledger::GenericPlatform;
    use materiel::{Change, EffectiveDate, EntryId, NewEntry, PlatformKind, Source};

    let entry = |platform: GenericPlatform| {
        NewEntry::new(
            "UKR".parse().unwrap(),
            PlatformRef::Generic(platform),
            EffectiveDate::year(2023).unwrap(),
            Change::OpeningUnknown,
            Source::new("a list", "B2".parse().unwrap()).unwrap(),
            "2025-01-01T00:00:00Z".parse().unwrap(),
        )
    };
    let plain = GenericPlatform::new("Zz-9", PlatformKind::ArmouredVehicle).unwrap();
    let tank = plain.clone().with_category(Category::Tank);
    let line = entry_line(EntryId::new(0), &entry(plain.clone())).unwrap();
    assert!(!String::from_utf8_lossy(&line).contains("category"));
    let line = entry_line(EntryId::new(0), &entry(tank.clone())).unwrap();
    assert!(String::from_utf8_lossy(&line).contains(r#""category":"tank""#));
    let back = decode_entry_line(&line).unwrap();
    assert_eq!(back.platform(), &PlatformRef::Generic(tank.clone()));
    // The category is part of the lot's identity.
    assert_ne!(PlatformRef::Generic(tank), PlatformRef::Generic(plain));
    // The platform's own JSON form reads it too, and refuses an unknown category.
    let json = r#"{"designation":"Zz-9","kind":"armoured_vehicle","category":"tank"}"#;
    let read: GenericPlatform = serde_json::from_str(json).unwrap();
    assert_eq!(read.category(), Some(Category::Tank));
    let bad = r#"{"designation":"Zz-9","kind":"armoured_vehicle","category":"tanks"}"#;
    assert!(serde_json::from_str::<GenericPlatform>(bad).is_err());
}

/// Shares of one measure, resolved to a catalog platform and to a category, per group.
#[derive(Default)]
struct Share {
    total: u64,
    platform: u64,
    category: u64,
}

impl Share {
    fn add(&mut self, n: u64, platform: &PlatformRef) {
        self.total += n;
        match platform {
            PlatformRef::Catalog(_) => {
                self.platform += n;
                self.category += n;
            }
            PlatformRef::Generic(g) => {
                if g.category().is_some() {
                    self.category += n;
                }
            }
        }
    }

    fn pct(part: u64, total: u64) -> f64 {
        if total == 0 {
            100.0
        } else {
            part as f64 * 100.0 / total as f64
        }
    }

    fn platform_pct(&self) -> f64 {
        Self::pct(self.platform, self.total)
    }

    fn category_pct(&self) -> f64 {
        Self::pct(self.category, self.total)
    }
}

/// Issue 22, item 7: how much of the real data the catalog reaches. Per SIPRI armament
/// category, the share of delivered TIV (each delivery entry's `TIV delivery values`) recorded
/// against a catalog platform, and against a category; of Oryx's items, the share recorded
/// against a catalog platform (a family node included) and against a category. Printed (the
/// README's data section keeps them) and held to the issue's thresholds.
#[test]
#[ignore = "needs ../shared/data (run with --ignored)"]
fn coverage_of_the_full_files() {
    use std::collections::BTreeMap;

    use materiel::Change;
    use materiel::import::sipri::SipriDeal;

    let Some((sipri_path, oryx_dir)) = full_data() else {
        return;
    };
    let (ledger, _, _) = both(&sipri_path, &oryx_dir);
    let mut sipri_by: BTreeMap<String, Share> = BTreeMap::new();
    let mut sipri_all = Share::default();
    let mut oryx = Share::default();
    for e in ledger.entries() {
        match e.change() {
            Change::Delivered { .. } => {
                let deal = SipriDeal::of(&e)
                    .unwrap()
                    .expect("SIPRI's deliveries carry facts");
                let tiv = deal.tiv_delivery.map_or(0, |t| t.thousandths());
                sipri_by
                    .entry(deal.category.clone())
                    .or_default()
                    .add(tiv, e.platform());
                sipri_all.add(tiv, e.platform());
            }
            Change::Lost { .. } if e.source().citation() == oryx::CITATION => {
                oryx.add(1, e.platform());
            }
            _ => {}
        }
    }
    println!("SIPRI, share of delivered TIV resolved (to a platform / to a category):");
    for (category, s) in &sipri_by {
        println!(
            "  {category:<30} {:>6.1}% / {:>6.1}%   of {:.0} TIV",
            s.platform_pct(),
            s.category_pct(),
            s.total as f64 / 1000.0
        );
    }
    println!(
        "  {:<30} {:>6.1}% / {:>6.1}%",
        "all",
        sipri_all.platform_pct(),
        sipri_all.category_pct()
    );
    println!(
        "Oryx, share of {} items resolved: {:.1}% to a platform or family, {:.1}% to a category",
        oryx.total,
        oryx.platform_pct(),
        oryx.category_pct()
    );
    for category in [
        "Aircraft",
        "Air defence systems",
        "Missiles",
        "Armoured vehicles",
        "Artillery",
    ] {
        let s = &sipri_by[category];
        assert!(
            s.platform_pct() >= 80.0,
            "SIPRI {category}: {:.1}%",
            s.platform_pct()
        );
    }
    assert!(sipri_all.category_pct() >= 98.0, "SIPRI to a category");
    assert!(oryx.platform_pct() >= 80.0, "Oryx to a platform or family");
    assert!(oryx.category_pct() >= 98.0, "Oryx to a category");
}
