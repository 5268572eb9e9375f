//! Fuzzes the catalog TOML loader with arbitrary bytes: no input may panic; a file that loads
//! saves to JSON that reloads to an equal catalog; laying it over a small catalog either
//! succeeds or leaves that catalog exactly as it was.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use materiel::Catalog;

/// A small base for overlays: one bundled file with the shared sources.
fn base() -> &'static Catalog {
    static BASE: OnceLock<Catalog> = OnceLock::new();
    BASE.get_or_init(|| {
        let files = Catalog::bundled_files();
        let pick = |name: &str| files.iter().copied().find(|(n, _)| *n == name);
        Catalog::from_toml_files(
            [pick("other.toml"), pick("transport-aircraft.toml")]
                .into_iter()
                .flatten(),
        )
        .expect("bundled files load")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(catalog) = Catalog::from_toml(text) {
        let saved = catalog.to_json();
        let back = Catalog::from_json(&saved)
            .unwrap_or_else(|e| panic!("a loaded catalog did not reload from JSON: {e}\n{saved}"));
        assert_eq!(back, catalog, "JSON round trip changed the catalog");
        for p in &catalog {
            assert_eq!(
                catalog.resolve(p.designation()).map(|q| q.id()),
                Some(p.id())
            );
        }
    }
    let mut layered = base().clone();
    if layered.overlay_toml("fuzz.toml", text).is_err() {
        assert_eq!(&layered, base(), "a refused overlay changed the catalog");
    }
});
