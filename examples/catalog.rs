//! The bundled catalog: what it holds by category, how names from SIPRI and Oryx resolve,
//! a family tree, figures with their sources, a user's own file laid over it, and a JSON
//! round trip.
//!
//! Run with `cargo run --example catalog`; it reads and writes no files.

use std::collections::BTreeMap;

use materiel::catalog::{Category, Spec};
use materiel::{Catalog, Platform, PlatformId};

/// A platform's figures, each with the key of the source it was read from.
fn figures(p: &Platform) {
    println!("{} ({}, {})", p.designation(), p.kind(), p.category());
    for (field, text) in p.spec().describe() {
        println!("    {field:<22} {text}");
    }
}

/// The family tree under `root`, indented by depth.
fn tree(catalog: &Catalog, root: &PlatformId, depth: usize) {
    let Some(p) = catalog.get(root) else { return };
    let mark = if p.is_family() { " (family)" } else { "" };
    println!("{}{}{mark}", "  ".repeat(depth + 1), p.designation());
    for child in catalog.children(root) {
        tree(catalog, child.id(), depth + 1);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut catalog = Catalog::reference();
    println!(
        "Bundled catalog: {} platforms, {} sources, {} keyword rules\n",
        catalog.len(),
        catalog.sources().count(),
        catalog.rules().count()
    );

    // What it holds, by SIPRI armament category and by category.
    let mut by_sipri: BTreeMap<&str, BTreeMap<Category, usize>> = BTreeMap::new();
    for p in &catalog {
        *by_sipri
            .entry(p.category().sipri())
            .or_default()
            .entry(p.category())
            .or_default() += 1;
    }
    for (sipri, categories) in &by_sipri {
        let parts: Vec<String> = categories.iter().map(|(c, n)| format!("{c} {n}")).collect();
        println!("{sipri:<20} {}", parts.join(", "));
    }

    // Names as SIPRI, Oryx and users write them resolve to one platform; a name known only
    // by category gets its category from the keyword rules.
    println!();
    for name in [
        "Leopard-2A6",
        "Leopard 2A6",
        "Challenger-2",
        "14 Challenger 2",
        "Su-30MKV",
        "Uknown T-64",
        "S-300VM/SA-23 SAMS",
        "Unknown tank",
        "'Orlan-20' reconnaissance UAV",
    ] {
        match catalog.resolve(name) {
            Some(p) => println!(
                "{name:<32} -> {:<14} {}{}",
                p.id().as_str(),
                p.category(),
                if p.is_family() { ", family" } else { "" }
            ),
            None => println!(
                "{name:<32} -> (no platform)  {}",
                catalog
                    .classify(name)
                    .map_or("no category".to_owned(), |c| c.to_string())
            ),
        }
    }

    // Families nest: the T-72's variants, at any depth.
    println!("\nThe T-72 family:");
    tree(&catalog, &"t-72".parse()?, 0);

    // Every figure names its source and keeps the alternatives other sources quote.
    println!();
    for id in ["il-76td", "kh-31a", "igla-s"] {
        if let Some(p) = catalog.get(&id.parse()?) {
            figures(p);
        }
    }
    if let Some(Spec::Transport(t)) = catalog.get(&"il-76td".parse()?).map(Platform::spec)
        && let Some(range) = t.range_at_max_payload()
    {
        let s = range.source();
        println!(
            "\nIl-76TD range with maximum payload: {range}, from {} <{}>",
            s.title(),
            s.url().unwrap_or("-")
        );
    }

    // A user's own file laid over the bundled catalog: a new platform in a bundled family.
    let mine = r#"
[source.my-notes]
title = "Field notes, 2025"

[[platform]]
id = "t-72b3-local"
designation = "T-72B3 (local refit)"
kind = "armoured_vehicle"
category = "tank"
parent = "t-72b3"
sources = ["my-notes"]
[platform.names]
national = ["T-72B3L"]
[platform.spec]
crew = { value = 3, source = "my-notes" }
"#;
    let overlay = catalog.overlay_toml("mine.toml", mine)?;
    println!(
        "\nmine.toml: {} added, {} replaced; T-72B3L resolves to {}",
        overlay.added.len(),
        overlay.replaced.len(),
        catalog
            .resolve("T-72B3L")
            .map_or("nothing", |p| p.id().as_str())
    );
    let root = catalog.family_root(&"t-72b3-local".parse()?);
    println!(
        "its family: {}",
        catalog
            .ancestors(&"t-72b3-local".parse()?)
            .map(Platform::designation)
            .collect::<Vec<_>>()
            .join(" <- ")
    );
    assert_eq!(root.map(|p| p.id().as_str()), Some("t-72"));

    // Save and load: the JSON keeps every figure, its source and its alternatives.
    let json = catalog.to_json();
    let loaded = Catalog::from_json(&json)?;
    assert_eq!(loaded, catalog);
    println!(
        "\nSaved as {} KB of JSON and loaded back: {} platforms",
        json.len() / 1024,
        loaded.len()
    );
    Ok(())
}
