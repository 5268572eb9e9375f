//! Converts the bundled catalog (`catalog/*.toml`) to a compact JSON form that the library
//! embeds and reads at run time: the same tables, parsed several times faster than TOML
//! (see `src/catalog/bundled.rs` and BENCHMARKS.md). Content is not checked here: the
//! library reads the JSON through its validating wire structs, and its tests compare the
//! result with the TOML read directly.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=catalog");
    println!("cargo::rerun-if-changed=build.rs");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("catalog");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| {
            e.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let mut files = Vec::new();
    for name in names {
        let path = dir.join(&name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let tables: serde_json::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("catalog/{name}: {e}"));
        files.push((name, tables));
    }
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog.json");
    let json = serde_json::to_string(&files).expect("JSON of TOML values");
    std::fs::write(&out, json).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
