//! The Oryx reconciliation per type heading (`Report::reconcile_types`): on the committed
//! excerpt (tests/data/oryx/, whose `totals_by_type.csv` is the whole file) and, ignored,
//! on the full files of ../shared/data/oryx/.

use std::path::{Path, PathBuf};

use materiel::catalog::Category;
use materiel::import::oryx::{self, Headline, LossStatus, Options, TypeReconciliation, TypeRow};
use materiel::{Catalog, Ledger};

fn options() -> Options {
    Options::new().recorded("2025-07-20T00:00:00Z".parse().unwrap())
}

/// Imports the event files of `dir` and sets them beside its totals per type.
fn reconcile(dir: &Path) -> (oryx::Report, Headline, TypeReconciliation) {
    let mut ledger = Ledger::new(Catalog::reference());
    let report = oryx::import_dir(&mut ledger, dir, &options()).unwrap();
    let headline = Headline::read_file(dir.join("totals_by_type.csv")).unwrap();
    let rec = report.reconcile_types(&headline);
    (report, headline, rec)
}

/// What holds whatever the data: every item on exactly one row of its country, every heading
/// of the totals file on a row with its totals, each row's category counts adding up to its
/// items, and the rows' differences adding up to the country's difference against the sum of
/// its headings.
fn check_invariants(report: &oryx::Report, headline: &Headline, rec: &TypeReconciliation) {
    for country in ["Russia", "Ukraine"] {
        let rows: Vec<&TypeRow> = rec.rows.iter().filter(|r| r.country == country).collect();
        let items: u64 = LossStatus::ALL
            .iter()
            .filter_map(|&s| report.status_count(country, s))
            .map(|s| s.items)
            .sum();
        assert_eq!(
            rows.iter().map(|r| r.total()).sum::<u64>(),
            items,
            "{country}"
        );
        for r in &rows {
            assert_eq!(r.categories.iter().map(|c| c.1).sum::<u64>(), r.total());
            if r.heading != TypeRow::NO_HEADING {
                assert_eq!(
                    r.headline_total(),
                    headline.type_total(country, &r.heading),
                    "{country} {}",
                    r.heading
                );
            }
        }
        let headlines: u64 = rows.iter().filter_map(|r| r.headline_total()).sum();
        let diffs: i64 = rows
            .iter()
            .map(|r| r.difference().unwrap_or(r.total() as i64))
            .sum();
        assert_eq!(diffs, items as i64 - headlines as i64, "{country}");
        // Every category on a row maps to that row's heading (or has none).
        for r in &rows {
            for (c, _) in &r.categories {
                match c {
                    Some(c) if !c.oryx_headings().is_empty() => {
                        assert!(
                            c.oryx_headings().contains(&r.heading.as_str()),
                            "{c} on {}",
                            r.heading
                        );
                    }
                    _ => assert_eq!(r.heading, TypeRow::NO_HEADING),
                }
            }
        }
    }
}

#[test]
fn the_excerpt_reconciles_per_type() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/oryx");
    let (report, headline, rec) = reconcile(&dir);
    check_invariants(&report, &headline, &rec);
    // Both countries' 25 headings, Ukraine's own spellings kept.
    assert_eq!(rec.rows.iter().filter(|r| r.headline.is_some()).count(), 50);
    assert!(rec.row("Ukraine", "Trucks, Vehicles, and Jeeps").is_some());
    assert!(
        rec.row("Ukraine", "Surface-To-Air Missile Systems")
            .is_some()
    );
    let tanks = rec.row("Russia", "Tanks").unwrap();
    assert_eq!(tanks.headline_total(), Some(4074));
    assert!(
        tanks
            .categories
            .iter()
            .all(|(c, _)| *c == Some(Category::Tank))
    );
    let text = rec.to_string();
    assert!(
        text.contains("Oryx type") && text.contains("diff = items - headline"),
        "{text}"
    );
}

/// The full files: printed; Russia's tanks against the headline's 4,074.
#[test]
#[ignore = "needs ../shared/data/oryx/ (run with --ignored)"]
fn the_full_files_reconcile_per_type() {
    let full: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/oryx");
    if !full.join("totals_by_type.csv").is_file() {
        eprintln!("skipped: {} is absent", full.display());
        return;
    }
    let (report, headline, rec) = reconcile(&full);
    println!("{rec}");
    check_invariants(&report, &headline, &rec);
}

/// Each row names the rule behind its difference.
#[test]
fn each_row_names_its_explanation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/oryx");
    let (_, _, rec) = reconcile(&dir);
    for r in &rec.rows {
        let why = r.explanation();
        match r.difference() {
            None => assert!(why.starts_with("no Oryx heading")),
            Some(0) => assert_eq!(why, "matches"),
            Some(d) if d > 0 => assert!(why.starts_with("rows the scraper kept")),
            Some(_) => assert!(why.starts_with("systems Oryx files here")),
        }
    }
    // The excerpt is a sample: every heading Oryx totals has fewer items here.
    assert!(
        rec.rows
            .iter()
            .any(|r| r.difference().is_some_and(|d| d < 0))
    );
}
