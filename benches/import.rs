//! Importer benchmarks: `oryx_import`, the four Oryx event files of `../shared/data/oryx/`
//! (37,505 rows) into an empty ledger; target < 100 ms. Skipped with a message when the
//! files are absent.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput};
use materiel::import::oryx::{self, EVENT_FILES, Options};
use materiel::{Catalog, Ledger};

fn oryx_import(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/oryx");
    if !EVENT_FILES.iter().all(|f| dir.join(f).is_file()) {
        eprintln!("oryx_import: skipped, {} is absent", dir.display());
        return;
    }
    // In memory, so that the bench measures the import, not the disk.
    let files: Vec<Vec<u8>> = EVENT_FILES
        .iter()
        .map(|f| std::fs::read(dir.join(f)).expect("readable"))
        .collect();
    let options = Options::new().recorded("2025-07-20T00:00:00Z".parse().expect("timestamp"));
    let mut group = c.benchmark_group("oryx_import");
    group.throughput(Throughput::Elements(37_505));
    group.measurement_time(Duration::from_secs(5));
    group.sample_size(20);
    // One import of the four files (the one-item rule sees them all).
    group.bench_function("import_dir", |b| {
        b.iter_batched(
            || Ledger::new(Catalog::reference()),
            |mut ledger| {
                let report = oryx::import_dir(&mut ledger, &dir, &options).expect("imports");
                black_box((ledger, report.items))
            },
            BatchSize::PerIteration,
        );
    });
    // Each file on its own import (`oryx::import` per reader), the way a caller streams them.
    group.bench_function("four_files", |b| {
        b.iter_batched(
            || Ledger::new(Catalog::reference()),
            |mut ledger| {
                let mut items = 0;
                for bytes in &files {
                    items += oryx::import(&mut ledger, bytes.as_slice(), &options)
                        .expect("imports")
                        .items;
                }
                black_box((ledger, items))
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion::criterion_group!(benches, oryx_import);
criterion::criterion_main!(benches);
