//! The reference catalog as a table, a user's own platforms, and a JSON round trip.
//!
//! Run with `cargo run --example catalog`; it reads and writes no files.

use materiel::catalog::{AircraftSpec, Envelope, GenericCategory, GenericSpec, Spec};
use materiel::units::{Length, LengthUnit, MassUnit, VelocityUnit, display_quantity};
use materiel::{Catalog, HolderId, Platform};
use uom::si::{length::kilometer, mass::kilogram, velocity::kilometer_per_hour};

fn envelope(e: Envelope<Length>, unit: LengthUnit, decimals: usize) -> Option<String> {
    match (e.min(), e.max()) {
        (Some(min), Some(max)) => Some(format!(
            "{}-{}",
            display_quantity(min, unit, decimals)
                .trim_end_matches(|c: char| c.is_alphabetic())
                .trim(),
            display_quantity(max, unit, decimals)
        )),
        (None, Some(max)) => Some(format!("up to {}", display_quantity(max, unit, decimals))),
        (Some(min), None) => Some(format!("from {}", display_quantity(min, unit, decimals))),
        (None, None) => None,
    }
}

/// The key figures of a platform, in units people read.
fn key_figures(p: &Platform) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut push = |label: &str, value: Option<String>| {
        if let Some(v) = value {
            out.push(format!("{label} {v}"));
        }
    };
    match p.spec() {
        Spec::Aircraft(a) => {
            push(
                "speed",
                a.max_speed()
                    .map(|v| display_quantity(v, VelocityUnit::KilometrePerHour, 0)),
            );
            push(
                "range",
                a.range()
                    .map(|r| display_quantity(r, LengthUnit::Kilometre, 0)),
            );
            push(
                "ext. load",
                a.max_external_load()
                    .map(|m| display_quantity(m, MassUnit::Kilogram, 0)),
            );
        }
        Spec::SamSystem(s) => {
            push(
                "range",
                envelope(s.engagement_range(), LengthUnit::Kilometre, 0),
            );
            push(
                "altitude",
                envelope(s.engagement_altitude(), LengthUnit::Kilometre, 3),
            );
            push("targets", s.simultaneous_targets().map(|n| n.to_string()));
        }
        Spec::Missile(m) => {
            push("role", Some(m.role().to_string()));
            push("range", envelope(m.range(), LengthUnit::Kilometre, 0));
            push("altitude", envelope(m.altitude(), LengthUnit::Metre, 0));
            push(
                "mass",
                m.launch_mass()
                    .or(m.system_mass())
                    .map(|v| display_quantity(v, MassUnit::Kilogram, 0)),
            );
        }
        Spec::Transport(t) => {
            push(
                "payload",
                t.max_payload()
                    .map(|m| display_quantity(m, MassUnit::Tonne, 0)),
            );
            push(
                "range",
                t.range_at_max_payload()
                    .map(|r| display_quantity(r, LengthUnit::Kilometre, 0)),
            );
            push(
                "cruise",
                t.cruise_speed()
                    .map(|v| display_quantity(v, VelocityUnit::KilometrePerHour, 0)),
            );
        }
        Spec::Generic(g) => {
            push("category", Some(g.category().to_string()));
            push(
                "range",
                g.max_range()
                    .map(|r| display_quantity(r, LengthUnit::Kilometre, 0)),
            );
        }
        _ => {}
    }
    if out.is_empty() {
        "(figures not found)".to_owned()
    } else {
        out.join(", ")
    }
}

fn print_table(catalog: &Catalog) {
    println!(
        "{:<12} {:<22} {:<11} {:<8} {:<9} key figures",
        "designation", "NATO name", "kind", "role", "family"
    );
    println!("{}", "-".repeat(110));
    for p in catalog {
        let role = if p.is_family() {
            "family"
        } else if p.family().is_some() {
            "variant"
        } else {
            ""
        };
        println!(
            "{:<12} {:<22} {:<11} {:<8} {:<9} {}",
            p.designation(),
            p.nato_name().unwrap_or("-"),
            p.kind().to_string(),
            role,
            p.family().map_or("", |f| f.as_str()),
            key_figures(p)
        );
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut catalog = Catalog::reference();
    println!("Reference catalog ({} platforms)\n", catalog.len());
    print_table(&catalog);

    // SIPRI names resolve to catalog platforms; a family name gives the family.
    println!();
    for name in ["Su-30MK", "S-300VM/SA-23 SAMS", "Kh-31A1", "Il-76MF"] {
        if let Some(p) = catalog.resolve(name) {
            let missiles: Vec<_> = catalog.munitions(p.id()).map(|m| m.designation()).collect();
            println!(
                "SIPRI {name:<20} -> {:<9} family: {:<5} munitions: {}",
                p.id().as_str(),
                p.is_family(),
                if missiles.is_empty() {
                    "-".to_owned()
                } else {
                    missiles.join(", ")
                }
            );
        }
    }

    // A user adds equipment known only by category, and an aircraft of their own.
    let radar = Platform::builder(
        "jy-27a".parse()?,
        "JY-27A",
        GenericSpec::new(GenericCategory::Radar).with_max_range(Length::new::<kilometer>(500.0)),
    )
    .origin(HolderId::state("CHN")?)
    .source("user note")
    .build()?;
    catalog.insert(radar)?;
    let trainer = Platform::builder(
        "k-8w".parse()?,
        "K-8W",
        AircraftSpec::new()
            .with_crew(2)
            .with_max_speed(uom::si::f64::Velocity::new::<kilometer_per_hour>(800.0))
            .with_max_external_load(uom::si::f64::Mass::new::<kilogram>(950.0)),
    )
    .origin(HolderId::state("CHN")?)
    .build()?;
    catalog.insert(trainer)?;

    // Save and load: the JSON carries quantities as text with units.
    let json = catalog.to_json();
    let loaded = Catalog::from_json(&json)?;
    assert_eq!(loaded, catalog);
    println!(
        "\nWith user platforms, saved as {} bytes of JSON and loaded back:\n",
        json.len()
    );
    print_table(&loaded);
    if let Some(radar) = loaded.resolve("JY-27A") {
        println!(
            "\nThe radar in JSON:\n{}",
            serde_json::to_string_pretty(radar)?
        );
    }
    Ok(())
}
