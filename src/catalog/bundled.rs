//! The bundled catalog: the TOML files under `catalog/`, embedded, and the compact form the
//! build script makes of them (`build.rs`).
//!
//! Parsing the 850 KB of TOML takes 15-25 ms with the `toml` crate (and no faster with
//! `toml-span` or `basic-toml`), over the 10 ms budget for loading the whole catalog; the same
//! tables as JSON parse in a fraction of that (`benches/catalog.rs`, BENCHMARKS.md). So the
//! build script converts each file to JSON, unchanged in content, and
//! [`Catalog::reference`](super::Catalog::reference) reads that, through the same wire structs
//! and the same validation as the TOML. A test checks that both forms give the same catalog,
//! and that every file of `catalog/` is in [`FILES`].

use super::wire::FileWire;
use super::{Catalog, CatalogError};

/// Every file of `catalog/`, by name, in name order.
pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "air-defence.toml",
        include_str!("../../catalog/air-defence.toml"),
    ),
    ("aircraft.toml", include_str!("../../catalog/aircraft.toml")),
    (
        "armoured-vehicles.toml",
        include_str!("../../catalog/armoured-vehicles.toml"),
    ),
    (
        "artillery.toml",
        include_str!("../../catalog/artillery.toml"),
    ),
    (
        "helicopters.toml",
        include_str!("../../catalog/helicopters.toml"),
    ),
    ("missiles.toml", include_str!("../../catalog/missiles.toml")),
    ("other.toml", include_str!("../../catalog/other.toml")),
    ("sensors.toml", include_str!("../../catalog/sensors.toml")),
    ("ships.toml", include_str!("../../catalog/ships.toml")),
    ("tanks.toml", include_str!("../../catalog/tanks.toml")),
    (
        "transport-aircraft.toml",
        include_str!("../../catalog/transport-aircraft.toml"),
    ),
    ("uavs.toml", include_str!("../../catalog/uavs.toml")),
    ("vehicles.toml", include_str!("../../catalog/vehicles.toml")),
];

/// The files as JSON, `[[name, tables], ...]` in name order, written by `build.rs`.
const COMPACT: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.json"));

/// Loads the compact form.
pub(crate) fn load() -> Result<Catalog, CatalogError> {
    let files: Vec<(String, FileWire)> =
        serde_json::from_str(COMPACT).map_err(|e| CatalogError::json(&e))?;
    Catalog::assemble_files(files.into_iter().map(|(name, w)| (Some(name), w)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file added to `catalog/` must be embedded too.
    #[test]
    fn every_catalog_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("catalog/ is readable")
            .map(|e| {
                e.expect("catalog/ is readable")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(embedded, on_disk, "add the file to catalog::bundled::FILES");
        for (name, text) in FILES {
            let disk = std::fs::read_to_string(dir.join(name)).expect("readable");
            assert_eq!(&disk, text, "{name} embedded as on disk");
        }
    }

    /// The compact form is the TOML, read the same way.
    #[test]
    fn compact_form_equals_the_toml() {
        let compact = load().expect("the compact form loads");
        let toml = Catalog::from_toml_files(FILES.iter().copied()).expect("the TOML loads");
        assert_eq!(compact, toml);
        assert_eq!(compact.to_json(), toml.to_json());
    }
}
