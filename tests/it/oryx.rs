//! The Oryx importer on the committed excerpt (tests/data/oryx/, see its README), hostile
//! rows, strict mode, the reconciliation with Oryx's headline totals, the loss queries, and
//! (ignored) the full files of ../shared/data/oryx/.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use materiel::import::RowProblem;
use materiel::import::oryx::{self, Error, Headline, LossStatus, Options};
use materiel::ledger::LossCause;
use materiel::{AsOf, Catalog, HolderId, Ledger, PlatformKind, PlatformRef};
use proptest::prelude::*;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/oryx")
}

fn recorded() -> Timestamp {
    "2025-07-20T00:00:00Z".parse().expect("timestamp")
}

fn options() -> Options {
    Options::new().recorded(recorded())
}

fn h(s: &str) -> HolderId {
    s.parse().expect("holder")
}

fn excerpt() -> (Ledger, oryx::Report) {
    let mut ledger = Ledger::new(Catalog::reference());
    let report = oryx::import_dir(&mut ledger, dir(), &options()).expect("excerpt imports");
    (ledger, report)
}

/// (country, status) -> (rows, merged, items), as the rule gives them on the excerpt
/// (computed independently from the CSV files).
const EXPECTED: [(&str, LossStatus, u64, u64, u64); 8] = [
    ("Russia", LossStatus::Destroyed, 90, 0, 90),
    ("Russia", LossStatus::Captured, 48, 4, 44),
    ("Russia", LossStatus::Abandoned, 29, 1, 28),
    ("Russia", LossStatus::Damaged, 34, 12, 22),
    ("Ukraine", LossStatus::Destroyed, 31, 0, 31),
    ("Ukraine", LossStatus::Captured, 21, 1, 20),
    ("Ukraine", LossStatus::Abandoned, 9, 0, 9),
    ("Ukraine", LossStatus::Damaged, 12, 7, 5),
];

#[test]
fn excerpt_imports_with_the_documented_counts() {
    let (ledger, report) = excerpt();
    assert!(report.counts.rejected.is_empty(), "{report}");
    assert_eq!(report.counts.rows_read, 274);
    assert_eq!(report.counts.rows_imported, 274);
    assert_eq!(report.items, 249);
    assert_eq!(report.merged_rows, 25);
    assert_eq!(report.captures_credited, 64);
    assert_eq!(report.first_scrape_rows, 37);
    assert_eq!(report.systems, 130);
    assert_eq!(report.latest_date, Some(jiff::civil::date(2025, 7, 19)));
    assert_eq!(
        report.counts.entries_created,
        report.items + report.opened_lots
    );
    assert_eq!(ledger.len() as u64, report.counts.entries_created);
    for (country, status, rows, merged, items) in EXPECTED {
        let s = report.status_count(country, status).expect("row");
        assert_eq!(
            (s.rows, s.merged, s.items),
            (rows, merged, items),
            "{country} {status}"
        );
    }
    // Calibres are kept, heading counts stripped, Il-76 resolves to the catalog.
    assert!(
        report
            .matched_systems
            .iter()
            .any(|(s, id)| s == "Il-76 transport aircraft" && id.as_str() == "il-76")
    );
    let rus = h("RUS");
    let mt12 = PlatformRef::generic("100mm MT-12 anti-tank gun", PlatformKind::Generic).unwrap();
    let state = ledger.lot(&rus, &mt12, &AsOf::latest());
    assert!(state.lost().value() >= 2, "{state:?}");
    assert!(!state.baseline_known());
    let itk = PlatformRef::generic("23 ItK 61 23mm", PlatformKind::Generic).unwrap();
    assert_eq!(
        ledger
            .lot(&h("RUS"), &itk, &AsOf::latest())
            .captured_in()
            .value(),
        1
    );
    let su30 = PlatformRef::generic("Su-30SM multirole aircraft", PlatformKind::Aircraft).unwrap();
    assert!(ledger.lot(&rus, &su30, &AsOf::latest()).lost().value() > 0);
}

#[test]
fn captures_are_credited_to_the_other_side() {
    let (ledger, report) = excerpt();
    let at = AsOf::latest();
    let captured_in = |captor: &str| -> u64 {
        ledger
            .captured_equipment(&h(captor), &at)
            .iter()
            .map(|c| c.captured.value())
            .sum()
    };
    let items = |c: &str| report.status_count(c, LossStatus::Captured).unwrap().items;
    assert_eq!(captured_in("UKR"), items("Russia"));
    assert_eq!(captured_in("RUS"), items("Ukraine"));
    // Held by the captor, condition unknown, holdings a lower bound.
    for lot in ledger.captured_equipment(&h("UKR"), &at) {
        // Units captured and lost again leave; none appear from nowhere.
        assert!(lot.state.in_service().value() + lot.state.lost().value() >= lot.captured.value());
        assert!(!lot.state.baseline_known());
    }
}

#[test]
fn losses_by_month_sum_to_the_items_and_carry_their_urls() {
    let (ledger, report) = excerpt();
    let at = AsOf::latest();
    let rows = ledger.losses(&at);
    let total: u64 = rows.iter().map(|r| r.count.value()).sum();
    assert_eq!(total, report.items);
    let destroyed_rus: u64 = rows
        .iter()
        .filter(|r| r.holder == h("RUS") && r.cause == LossCause::Destroyed)
        .map(|r| r.count.value())
        .sum();
    assert_eq!(destroyed_rus, 90);
    for row in rows.iter().take(40) {
        let evidence = ledger.loss_evidence(row, &at);
        assert_eq!(evidence.len() as u64, row.count.value());
        assert!(evidence.iter().all(|e| {
            e.source().url().is_some_and(|u| u.starts_with("http"))
                && e.source().citation() == oryx::CITATION
        }));
        // Ledger::provenance of the lot lists the same URLs.
        let lot = ledger.provenance(&row.holder, &row.platform, &at);
        for e in &evidence {
            assert!(lot.entries.iter().any(|p| p.id() == e.id()));
        }
    }
    // On-or-before dates: a view at the first scrape day counts the first scrape's items.
    let first = AsOf::valid(jiff::civil::date(2022, 3, 19));
    let early: u64 = ledger.losses(&first).iter().map(|r| r.count.value()).sum();
    assert!(early > 0 && early <= report.first_scrape_rows, "{early}");
    let before = AsOf::valid(jiff::civil::date(2022, 3, 18));
    assert!(ledger.losses(&before).is_empty());
}

#[test]
fn one_item_one_loss_whatever_the_file_order_or_the_calls() {
    let (reference, report) = excerpt();
    let files: Vec<PathBuf> = oryx::EVENT_FILES
        .iter()
        .rev()
        .map(|f| dir().join(f))
        .collect();
    let mut reversed = Ledger::new(Catalog::reference());
    let r2 = oryx::import_files(&mut reversed, &files, &options()).unwrap();
    assert_eq!(r2.items, report.items);
    assert_eq!(r2.by_status, report.by_status);
    // Separate calls, most severe file first: the ledger's earlier losses are merged into.
    let mut separate = Ledger::new(Catalog::reference());
    let mut items = 0;
    for f in oryx::EVENT_FILES {
        let file = std::fs::File::open(dir().join(f)).unwrap();
        items += oryx::import(&mut separate, file, &options()).unwrap().items;
    }
    assert_eq!(items, report.items);
    let at = AsOf::latest();
    for holder in ["RUS", "UKR"] {
        assert_eq!(
            separate.holdings(&h(holder), &at),
            reference.holdings(&h(holder), &at)
        );
    }
}

#[test]
fn the_reconciliation_explains_each_difference() {
    let (_, report) = excerpt();
    let headline = Headline::read_file(dir().join("totals_by_type.csv")).unwrap();
    assert_eq!(headline.total("Russia"), Some(22381));
    assert_eq!(headline.get("Ukraine", LossStatus::Damaged), Some(578));
    let rec = report.reconcile(&headline);
    assert_eq!(rec.rows.len(), 8);
    for (country, status, rows, merged, items) in EXPECTED {
        let r = rec.row(country, status).unwrap();
        assert_eq!((r.rows, r.merged, r.items), (rows, merged, items));
        assert_eq!(r.rows - r.merged, r.items);
        let head = headline.get(country, status).unwrap();
        assert_eq!(r.headline, Some(head));
        assert_eq!(r.difference, Some(items as i64 - head as i64));
    }
    let text = rec.to_string();
    assert!(
        text.contains("Russia     damaged         34      12      22       909    -887"),
        "{text}"
    );
    assert!(
        text.contains("Russia     all            201      17     184     22381  -22197"),
        "{text}"
    );
    assert!(text.contains("merged:") && text.contains("diff = items - headline"));
}

/// The excerpt's destroyed file with one line appended.
fn with_row(row: &[u8]) -> Vec<u8> {
    let mut bytes = std::fs::read(dir().join("event_destroyed.csv")).unwrap();
    bytes.extend_from_slice(row);
    bytes
}

#[test]
fn hostile_rows_are_row_errors() {
    let good = "Russia,Russia,T-72B3,destroyed,https://x.org/a.jpg,2023-01-01,1,1,1,7-1";
    let cases: [(&[u8], RowProblem, Option<&str>); 10] = [
        (
            b"Russia,Russia,T-72B3,exploded,https://x.org/a.jpg,2023-01-01,1,1,1,7-1\n",
            RowProblem::from(oryx::Problem::LossStatus),
            Some("status"),
        ),
        (
            b"Russia,Russia,,destroyed,https://x.org/a.jpg,2023-01-01,1,1,1,7-1\n",
            RowProblem::Missing,
            Some("system"),
        ),
        (
            b"Russia,Russia,12 ,destroyed,https://x.org/a.jpg,2023-01-01,1,1,1,7-1\n",
            RowProblem::Missing,
            Some("system"),
        ),
        (
            b"Russia,Russia,T-72B3,destroyed,see photo,2023-01-01,1,1,1,7-1\n",
            RowProblem::from(oryx::Problem::BadUrl),
            Some("url"),
        ),
        (
            b"Russia,Russia,T-72B3,destroyed,ttps://x.org/a.jpg,2023-01-01,1,1,1,7-1\n",
            RowProblem::from(oryx::Problem::BadUrl),
            Some("url"),
        ),
        (
            b"Russia,Russia,T-72B3,destroyed,https://x.org/a.jpg,2031-01-01,1,1,1,7-1\n",
            RowProblem::from(oryx::Problem::FutureDate),
            Some("date_recorded"),
        ),
        (
            b"Russia,Russia,T-72B3,destroyed,https://x.org/a.jpg,2023-02-30,1,1,1,7-1\n",
            RowProblem::BadYear,
            Some("date_recorded"),
        ),
        (
            b"Russia,Russia,T-72\xff,destroyed,https://x.org/a.jpg,2023-01-01,1,1,1,7-1\n",
            RowProblem::Encoding,
            Some("system"),
        ),
        (
            b"Narnia,Russia,T-72B3,destroyed,https://x.org/a.jpg,2023-01-01,1,1,1,7-1\n",
            RowProblem::UnknownParty,
            Some("country"),
        ),
        (
            b"Russia,Russia,T-72B3,destroyed\n",
            RowProblem::ColumnCount,
            None,
        ),
    ];
    for (row, problem, field) in cases {
        let mut ledger = Ledger::new(Catalog::reference());
        let mut bytes = with_row(row);
        bytes.extend_from_slice(good.as_bytes());
        bytes.push(b'\n');
        let report = oryx::import(&mut ledger, bytes.as_slice(), &options()).unwrap();
        assert_eq!(report.counts.rejected.len(), 1, "{report}");
        let e = &report.counts.rejected[0];
        assert_eq!((e.line, e.problem, e.field), (123, problem, field), "{e}");
        assert_eq!(report.counts.rows_imported, 122);
        assert_eq!(report.rejected_in, ["input"]);

        // Strict: the ledger stays as it was.
        let mut strict = Ledger::new(Catalog::reference());
        oryx::import_dir(&mut strict, dir(), &options()).unwrap();
        let before = strict.len();
        let opts = Options::new()
            .recorded("2025-07-21T00:00:00Z".parse().unwrap())
            .strict(true);
        let err = oryx::import(&mut strict, with_row(row).as_slice(), &opts).unwrap_err();
        assert!(
            matches!(&err, Error::Row { error, .. } if error.problem == problem),
            "{err}"
        );
        assert_eq!(strict.len(), before);
    }
}

#[test]
fn headers_and_recorded_time_are_checked() {
    let mut ledger = Ledger::new(Catalog::reference());
    let err = oryx::import(&mut ledger, &b""[..], &options()).unwrap_err();
    assert!(matches!(err, Error::Header { column: 1, .. }), "{err}");
    let bom = [b"\xef\xbb\xbf".as_slice(), &with_row(b"")].concat();
    assert_eq!(
        oryx::import(&mut ledger, bom.as_slice(), &options())
            .unwrap()
            .items,
        121
    );
    let early = Options::new().recorded("2025-07-19T12:00:00Z".parse().unwrap());
    let err = oryx::import(&mut ledger, with_row(b"").as_slice(), &early).unwrap_err();
    assert!(matches!(err, Error::RecordedBeforeLedger { .. }), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Byte mutations of the excerpt never panic; lenient imports account for every row;
    /// strict imports that fail leave the ledger unchanged.
    #[test]
    fn mutated_excerpts_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..12)
    ) {
        let mut bytes = std::fs::read(dir().join("event_captured.csv")).unwrap();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len() + 1);
            match op {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ if i < bytes.len() => { bytes.remove(i); }
                _ => {}
            }
        }
        let mut ledger = Ledger::new(Catalog::reference());
        if let Ok(report) = oryx::import(&mut ledger, bytes.as_slice(), &options()) {
            let refused = report.counts.rejected.iter().filter(|e| e.problem == RowProblem::Ledger).count() as u64;
            prop_assert_eq!(
                report.counts.rows_read,
                report.counts.rows_imported + report.counts.rejected.len() as u64 - refused
            );
            prop_assert_eq!(report.counts.entries_created, ledger.len() as u64);
        }
        let mut strict = Ledger::new(Catalog::reference());
        if oryx::import(&mut strict, bytes.as_slice(), &options().strict(true)).is_err() {
            prop_assert!(strict.is_empty());
        }
    }
}

/// The full files, when present: rows, items and the reconciliation, printed.
#[test]
#[ignore = "needs ../shared/data/oryx/ (run with --ignored)"]
fn full_files() {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/oryx");
    if !full.join("event_destroyed.csv").is_file() {
        eprintln!("skipped: {} is absent", full.display());
        return;
    }
    let mut ledger = Ledger::new(Catalog::reference());
    let report = oryx::import_dir(&mut ledger, &full, &options()).unwrap();
    println!("{report}");
    // One url lost its `h` (`ttps://i.postimg.cc/...`).
    assert_eq!(report.counts.rejected.len(), 1);
    assert_eq!(
        report.counts.rejected[0].problem,
        RowProblem::from(oryx::Problem::BadUrl)
    );
    assert_eq!(report.counts.rows_read, 37_505);
    assert_eq!(report.items, 35_448);
    assert_eq!(report.merged_rows, 2_056); // 5 captioned urls are rows of listed items
    let rec = report.reconcile(&Headline::read_file(full.join("totals_by_type.csv")).unwrap());
    println!("{rec}");
    let damaged = rec.row("Russia", LossStatus::Damaged).unwrap();
    assert_eq!((damaged.items, damaged.headline), (911, Some(909)));
}

/// The excerpt's destroyed file with three losses of a system of its own appended, the last
/// two in 2025 (late in the import, which goes in date order); and a ledger that assessed
/// that system's Russian lot at zero in 2024, so that it refuses those two losses.
fn refused_late() -> (Vec<u8>, Ledger) {
    let rows = with_row(
        b"Russia,Russia,Zz-9 test tank,destroyed,https://x.org/zz1.jpg,2023-01-01,1,1,1,7-1\n\
          Russia,Russia,Zz-9 test tank,destroyed,https://x.org/zz2.jpg,2025-05-01,1,1,1,7-2\n\
          Russia,Russia,Zz-9 test tank,destroyed,https://x.org/zz3.jpg,2025-06-01,1,1,1,7-3\n",
    );
    let mut probe = Ledger::new(Catalog::reference());
    oryx::import(&mut probe, rows.as_slice(), &options()).unwrap();
    let platform = probe
        .entries()
        .find(|e| e.source().url() == Some("https://x.org/zz1.jpg"))
        .unwrap()
        .platform()
        .clone();
    let mut ledger = Ledger::new(Catalog::reference());
    ledger
        .append(materiel::NewEntry::new(
            h("RUS"),
            platform,
            materiel::EffectiveDate::year(2024).unwrap(),
            materiel::Change::Assessed { breakdown: vec![] },
            materiel::Source::new("a count", "B2".parse().unwrap()).unwrap(),
            "2025-01-01T00:00:00Z".parse().unwrap(),
        ))
        .unwrap();
    (rows, ledger)
}

/// Strict: the ledger refusing a loss late in the import leaves it exactly as it was.
#[test]
fn a_strict_import_refused_late_changes_nothing() {
    let (rows, mut ledger) = refused_late();
    let before: Vec<_> = ledger.entries().collect();
    let err = oryx::import(&mut ledger, rows.as_slice(), &options().strict(true)).unwrap_err();
    let last = rows
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count() as u64;
    assert!(
        matches!(&err, Error::Ledger { line, .. } if *line == last - 1),
        "{err}"
    );
    assert_eq!(ledger.entries().collect::<Vec<_>>(), before);
}

/// Lenient: the two refused losses are row errors at their lines, everything else is
/// appended, as appending the entries one by one gives.
#[test]
fn a_lenient_import_skips_the_refused_losses_only() {
    let (rows, start) = refused_late();
    let mut ledger = start.clone();
    let report = oryx::import(&mut ledger, rows.as_slice(), &options()).unwrap();
    let last = rows
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count() as u64;
    let refused: Vec<_> = report
        .counts
        .rejected
        .iter()
        .map(|e| (e.line, e.problem))
        .collect();
    assert_eq!(
        refused,
        [(last - 1, RowProblem::Ledger), (last, RowProblem::Ledger)]
    );
    assert_eq!(report.rejected_in.len(), 2);
    assert_eq!(report.counts.entries_created, ledger.len() as u64 - 1);
    let mut one_by_one = start.clone();
    for entry in ledger.entries().skip(1) {
        one_by_one.append(entry.into_content()).unwrap();
    }
    assert_eq!(
        one_by_one.entries().collect::<Vec<_>>(),
        ledger.entries().collect::<Vec<_>>()
    );
}
