//! Catalog benchmarks: `catalog_load`, loading the bundled catalog (`catalog/*.toml`, 2,270
//! platforms in 13 files, 850 KB) as a process does: `Catalog::load_reference` (what the
//! first `Catalog::reference()` does), then one name resolved (what `materiel catalog
//! su-30mk2`, a ledger checking one platform or a doc test uses), or every platform decoded.
//!
//! In the same run, as baselines: the same files parsed by the `toml` crate into untyped
//! tables (what any TOML route costs before a single check), the catalog's JSON parsed by
//! serde_json into untyped values, the whole catalog's JSON read and validated as one
//! (`Catalog::from_json`: the route the bundled catalog took before it was decoded lazily),
//! and the validated load straight from the TOML.

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use materiel::Catalog;

fn catalog_load(c: &mut Criterion) {
    let files = Catalog::bundled_files();
    let json = Catalog::reference().to_json();
    let mut group = c.benchmark_group("catalog_load");
    group.measurement_time(Duration::from_secs(5));
    group.sample_size(30);
    // What a process that uses one platform pays: the bundled catalog, then one name
    // resolved (one platform and its sources decoded and validated).
    // (The catalogs are dropped outside the timing, in every function that builds one.)
    group.bench_function("load_reference_resolve_one", |b| {
        b.iter_with_large_drop(|| {
            let c = Catalog::load_reference();
            assert!(c.resolve(black_box("Su-30MKV")).is_some());
            c
        });
    });
    // The bundled catalog with every platform decoded (`iter`, `to_json`, a listing).
    group.bench_function("load_reference_decode_all", |b| {
        b.iter_with_large_drop(|| {
            let c = Catalog::load_reference();
            assert_eq!(c.iter().count(), c.len());
            c
        });
    });
    // Baseline: the TOML files into untyped tables, nothing checked.
    group.bench_function("baseline_toml_tables", |b| {
        b.iter_with_large_drop(|| {
            files
                .iter()
                .map(|(_, text)| text.parse::<toml::Table>().expect("valid TOML"))
                .collect::<Vec<_>>()
        });
    });
    // Baseline: the whole catalog's JSON into untyped values, nothing checked.
    group.bench_function("baseline_json_values", |b| {
        b.iter_with_large_drop(|| serde_json::from_str::<serde_json::Value>(&json).expect("JSON"));
    });
    // Baseline: the whole catalog's JSON through the wire structs, validated as one catalog
    // (the bundled catalog's route before it was decoded platform by platform).
    group.bench_function("baseline_from_json_whole", |b| {
        b.iter_with_large_drop(|| Catalog::from_json(&json).expect("valid"));
    });
    // The validated load from the TOML itself (a user's files take this route).
    group.bench_function("from_toml_files", |b| {
        b.iter_with_large_drop(|| Catalog::from_toml_files(files.iter().copied()).expect("valid"));
    });
    // The shared catalog, after its first load.
    group.bench_function("reference_shared", |b| {
        b.iter(|| black_box(Catalog::reference()));
    });
    group.finish();
}

criterion::criterion_group!(benches, catalog_load);
criterion::criterion_main!(benches);
