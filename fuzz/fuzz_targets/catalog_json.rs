//! Fuzzes the catalog JSON loader with arbitrary bytes: no input may panic, and a catalog that
//! loads saves to JSON that reloads to an equal catalog (and the same JSON again).
#![no_main]

use libfuzzer_sys::fuzz_target;
use materiel::Catalog;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(catalog) = Catalog::from_json(text) else {
        return;
    };
    let saved = catalog.to_json();
    let back = Catalog::from_json(&saved)
        .unwrap_or_else(|e| panic!("a saved catalog did not reload: {e}\n{saved}"));
    assert_eq!(back, catalog, "save and reload changed the catalog");
    assert_eq!(
        back.to_json(),
        saved,
        "a reloaded catalog saved differently"
    );
});
