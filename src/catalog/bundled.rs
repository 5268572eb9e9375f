//! The bundled catalog: the TOML files under `catalog/`, embedded, and the form the build
//! script makes of them (`build.rs`), decoded as it is used.
//!
//! Decoding all 2,270 platforms costs about 10 ms in a release build and 60 ms in a debug
//! one, and most processes use a handful of them (a command that shows one platform, a ledger
//! that checks the ids of its entries, a doc test). So the build script writes each
//! platform's table and each source's as its own JSON text, with the indexes a look-up needs
//! before anything is decoded: ids and name keys ([`normalize_name`](super::normalize_name),
//! the same function, included by the build script), sorted for a binary search, and each
//! platform's children. [`Bundled`] decodes a platform (or a source) the first time it is
//! asked for, through the same wire structs and the same validation as a user's TOML
//! ([`Platform::from_wire`]), and keeps it.
//!
//! What a platform cannot check on its own (unique ids and name keys, relations, parent
//! cycles, unique rules) the indexes were built from, and the tests check them: the whole
//! form decoded and validated as one catalog ([`load`], which an owned copy is made with)
//! equals the TOML read directly, platform by platform and index by index.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use super::inner::Inner;
use super::source::SourceWire;
use super::wire::{FileWire, PlatformWire, RuleWire};
use super::{Catalog, CatalogError, CatalogSource, KeywordRule, Platform};

/// The statics `build.rs` writes: `PLATFORMS`, `IDS`, `KEYS`, `CHILDREN`, `SOURCES`, `RULES`.
mod data {
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
}

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

/// Why decoding the bundled form cannot fail.
const VALID: &str = "the bundled catalog is valid: the crate's tests decode all of it";

/// The bundled catalog, each platform, source and the keyword rules decoded on first use.
pub(super) struct Bundled {
    /// Boxed, so that the empty cells take 16 bytes each rather than a platform's size: a
    /// megabyte of cells cost a process its page faults (about 1 ms) before any was used.
    platforms: Box<[OnceLock<Box<Platform>>]>,
    sources: Box<[OnceLock<Arc<CatalogSource>>]>,
    rules: OnceLock<Vec<KeywordRule>>,
    /// Every platform again, side by side, for the one caller that needs a slice
    /// (`IntoIterator for &Catalog`).
    all: OnceLock<Vec<Platform>>,
}

impl fmt::Debug for Bundled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let decoded = self.platforms.iter().filter(|p| p.get().is_some()).count();
        f.debug_struct("Bundled")
            .field("platforms", &self.platforms.len())
            .field("decoded", &decoded)
            .finish_non_exhaustive()
    }
}

/// The index of `key` in a sorted table.
fn find(table: &[(&str, usize)], key: &str) -> Option<usize> {
    table
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|at| table[at].1)
}

impl Bundled {
    /// Nothing decoded yet.
    pub(super) fn new() -> Self {
        Self {
            platforms: data::PLATFORMS.iter().map(|_| OnceLock::new()).collect(),
            sources: data::SOURCES.iter().map(|_| OnceLock::new()).collect(),
            rules: OnceLock::new(),
            all: OnceLock::new(),
        }
    }

    /// The number of platforms.
    pub(super) fn len(&self) -> usize {
        self.platforms.len()
    }

    /// The platform at `i` (in catalog order), decoded on first use.
    #[allow(clippy::expect_used)]
    pub(super) fn platform(&self, i: usize) -> &Platform {
        self.platforms[i].get_or_init(|| {
            let wire: PlatformWire = serde_json::from_str(data::PLATFORMS[i]).expect(VALID);
            Box::new(Platform::from_wire(wire, &|key| self.source(key).cloned()).expect(VALID))
        })
    }

    /// The index of the platform with id `id`.
    pub(super) fn index_of_id(&self, id: &str) -> Option<usize> {
        find(data::IDS, id)
    }

    /// The index of the platform with name key `key`.
    pub(super) fn index_of_key(&self, key: &str) -> Option<usize> {
        find(data::KEYS, key)
    }

    /// The children of the platform at `i`.
    pub(super) fn children(&self, i: usize) -> &'static [usize] {
        data::CHILDREN[i]
    }

    /// The source at `j` (in key order), decoded on first use.
    #[allow(clippy::expect_used)]
    fn source_at(&self, j: usize) -> &Arc<CatalogSource> {
        self.sources[j].get_or_init(|| {
            let (key, json) = data::SOURCES[j];
            let wire: SourceWire = serde_json::from_str(json).expect(VALID);
            Arc::new(CatalogSource::from_wire(key.to_owned(), wire).expect(VALID))
        })
    }

    /// The source with key `key`.
    pub(super) fn source(&self, key: &str) -> Option<&Arc<CatalogSource>> {
        data::SOURCES
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .ok()
            .map(|j| self.source_at(j))
    }

    /// Every source, in key order.
    pub(super) fn sources(&self) -> impl Iterator<Item = &Arc<CatalogSource>> {
        (0..self.sources.len()).map(|j| self.source_at(j))
    }

    /// The keyword rules, in file order, decoded on first use.
    #[allow(clippy::expect_used)]
    pub(super) fn rules(&self) -> &[KeywordRule] {
        self.rules.get_or_init(|| {
            let wires: Vec<RuleWire> = serde_json::from_str(data::RULES).expect(VALID);
            wires
                .into_iter()
                .map(|w| KeywordRule::from_wire(w, &|key| self.source(key).cloned()))
                .collect::<Result<_, _>>()
                .expect(VALID)
        })
    }

    /// Every platform, in order, as one slice.
    pub(super) fn all(&self) -> &[Platform] {
        self.all
            .get_or_init(|| (0..self.len()).map(|i| self.platform(i).clone()).collect())
    }

    /// The owned form of the whole catalog, decoded and validated as one (see [`load`]).
    #[allow(clippy::expect_used)]
    pub(super) fn to_inner() -> Inner {
        load_inner().expect(VALID)
    }
}

/// The whole bundled form as one catalog file, read through the wire structs.
fn load_inner() -> Result<Inner, CatalogError> {
    let json = |e: serde_json::Error| CatalogError::json(&e);
    let mut source = BTreeMap::new();
    for (key, text) in data::SOURCES {
        source.insert((*key).to_owned(), serde_json::from_str(text).map_err(json)?);
    }
    let platform = data::PLATFORMS
        .iter()
        .map(|text| serde_json::from_str(text))
        .collect::<Result<_, _>>()
        .map_err(json)?;
    let rule = serde_json::from_str(data::RULES).map_err(json)?;
    let file = FileWire {
        source,
        platform,
        rule,
    };
    Catalog::assemble(&Inner::default(), vec![(None, file)]).map(|(inner, _)| inner)
}

/// The whole bundled form decoded and validated as one catalog, as a user's files are: every
/// platform, source and rule, and every check across them.
#[cfg(test)]
pub(super) fn load() -> Result<Catalog, CatalogError> {
    load_inner().map(Catalog::from_inner)
}

#[cfg(test)]
mod tests;
