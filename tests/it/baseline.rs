//! A user's baseline table (`import::baseline`): the committed example's exact figures, row
//! and header errors naming the line and column, bounded reading, strict imports that change
//! nothing, and a baseline closing the unknown opening of a lot SIPRI's window leaves open.

use std::path::Path;

use materiel::import::baseline::{self, Error, Options, Problem, Qualifier};
use materiel::import::sipri;
use materiel::import::{MAX_LINE_BYTES, RowProblem};
use materiel::ledger::{Basis, Quantity, SupportOrigin};
use materiel::{AsOf, Catalog, Change, Count, HolderId, Ledger, PlatformRef};
use proptest::prelude::*;

/// The committed example table (illustrative values, labelled so in the file).
const EXAMPLE: &str = include_str!("../data/baseline-example.csv");
const SIPRI: &str = include_str!("../data/sipri-excerpt.csv");
const HEADER: &str = "holder,platform,date,count,qualifier,source,grade\n";

fn options() -> Options {
    Options::new().recorded("2025-07-20T00:00:00Z".parse().unwrap())
}

fn import(csv: &str, options: &Options) -> (Ledger, Result<baseline::Report, Error>) {
    let mut ledger = Ledger::new(Catalog::reference());
    let r = baseline::import(&mut ledger, csv.as_bytes(), options);
    (ledger, r)
}

fn ven() -> HolderId {
    "VEN".parse().unwrap()
}

fn cat(id: &str) -> PlatformRef {
    PlatformRef::catalog(id).unwrap()
}

#[test]
fn the_example_imports_one_claim_per_row() {
    let (ledger, r) = import(EXAMPLE, &options());
    let report = r.unwrap();
    assert_eq!(report.counts.rows_read, 6);
    assert_eq!(report.counts.rows_imported, 6);
    assert!(report.counts.rejected.is_empty(), "{report}");
    assert_eq!((report.claims, report.lots), (6, 6));
    assert_eq!(report.counts.entries_created, 6);
    let claims: Vec<(String, String, Count, String)> = ledger
        .entries()
        .map(|e| match e.change() {
            Change::Claimed {
                quantity: Quantity::Held,
                count,
            } => (
                e.platform().to_string(),
                e.effective().to_string(),
                *count,
                e.source().grade().to_string(),
            ),
            other => panic!("{other:?}"),
        })
        .collect();
    let want = [
        ("su-30mk2", Count::exact(21), "B2"),
        ("t-72m1", Count::estimate(80), "B3"),
        ("s-300vm", Count::at_least(2), "B2"),
        ("igla-s", Count::at_least(1), "C3"),
        ("bmp-3", Count::about(100), "B3"),
        ("mi-17", Count::up_to(1_000), "C3"),
    ];
    let want: Vec<_> = want
        .into_iter()
        .map(|(p, c, g)| (p.to_owned(), "2024-11".to_owned(), c.unwrap(), g.to_owned()))
        .collect();
    assert_eq!(claims, want);
    let last = ledger.entries().last().unwrap();
    assert_eq!(last.note(), Some("in store"));
    assert_eq!(last.holder(), &ven());
    assert_eq!(last.source().citation(), "ILLUSTRATIVE baseline table");
    assert!(ledger.entries().all(|e| e.recorded() == report.recorded));
}

/// SIPRI's 2000-2030 window leaves Venezuela's T-72M1 open (92 delivered since 2000, what it
/// held before unknown): at least 92. A baseline of 100 in November 2024 closes it; as known
/// before the baseline, it is open again. The committed example's estimate of 80 says less
/// than the 92 the flows bring (no loss recorded): that is a disagreement, not a closing, so
/// both are kept, the bounds widen and the conflict is listed.
#[test]
fn a_baseline_closes_the_opening_sipri_leaves_unknown() {
    let mut ledger = Ledger::new(Catalog::reference());
    let sipri = sipri::import(&mut ledger, SIPRI.as_bytes(), &sipri::Options::new()).unwrap();
    assert_eq!(sipri.window, Some((2000, 2030)));
    let t72 = cat("t-72m1");
    let held = |l: &Ledger, at: &AsOf| l.bounds(&ven(), &t72, Quantity::Held, at);
    let open = held(&ledger, &AsOf::latest());
    assert_eq!(
        (open.lower(), open.upper(), open.point()),
        (92, None, Some(92))
    );
    assert!(!ledger.lot(&ven(), &t72, &AsOf::latest()).baseline_known());

    // A baseline at or above what the flows bring closes the opening.
    let mut closing = Ledger::new(Catalog::reference());
    sipri::import(&mut closing, SIPRI.as_bytes(), &sipri::Options::new()).unwrap();
    let row = format!("{HEADER}VEN,t-72m1,2024-11,100,exact,ILLUSTRATIVE table,B2\n");
    baseline::import(&mut closing, row.as_bytes(), &options()).unwrap();
    let closed = held(&closing, &AsOf::latest());
    assert_eq!(
        (closed.lower(), closed.upper(), closed.point()),
        (100, Some(100), Some(100))
    );
    assert!(matches!(
        closed.supports()[0].origin(),
        SupportOrigin::Claim(_)
    ));
    assert_eq!(closed.supports().len(), 1);
    assert!(
        !closing
            .conflicts(Some(&ven()), &AsOf::latest())
            .iter()
            .any(|c| c.platform() == &t72)
    );

    // The example's 80 is below the flows' 92: both kept, the bounds widen, a conflict.
    let report = baseline::import(&mut ledger, EXAMPLE.as_bytes(), &options()).unwrap();
    assert_eq!(report.claims, 6);
    let below = held(&ledger, &AsOf::latest());
    assert_eq!(
        (below.lower(), below.upper(), below.point()),
        (80, None, Some(92))
    );
    assert_eq!(below.supports().len(), 2);
    assert!(matches!(
        below.supports()[0].origin(),
        SupportOrigin::Flows { .. }
    ));
    assert!(below.disagree());
    assert!(
        ledger
            .conflicts(Some(&ven()), &AsOf::latest())
            .iter()
            .any(|c| c.platform() == &t72)
    );
    // As known before the baseline: unchanged.
    let before = AsOf::latest().known_at("2025-07-19T00:00:00Z".parse().unwrap());
    assert_eq!(held(&ledger, &before), open);
    // In 2013, before the baseline's date, the lot is still open.
    let in_2013 = AsOf::valid(jiff::civil::date(2013, 12, 31));
    assert_eq!(held(&ledger, &in_2013).upper(), None);

    // An "at least" count does not close an opening: the S-300VM (SIPRI: about 3, opening
    // unknown) with "at least 2" keeps no upper limit.
    let s300 = ledger.bounds(&ven(), &cat("s-300vm"), Quantity::Held, &AsOf::latest());
    assert_eq!((s300.lower(), s300.upper()), (2, None));
    // The Su-30MK2 opened at zero (first delivered in 2004): SIPRI's 24 against the
    // baseline's 21.
    let su30 = ledger.bounds(&ven(), &cat("su-30mk2"), Quantity::Held, &AsOf::latest());
    assert_eq!((su30.lower(), su30.upper()), (21, Some(24)));
    // The Igla-S (a munition) was up to its 4,000 deliveries; "some" assesses it, so
    // SIPRI's figure stands as delivered, beside "at least one".
    let igla = cat("igla-s");
    let before = ledger.bounds(
        &ven(),
        &igla,
        Quantity::Held,
        &AsOf::latest().known_at("2025-07-19T00:00:00Z".parse().unwrap()),
    );
    assert_eq!((before.lower(), before.upper()), (0, Some(4_000)));
    assert_eq!(before.supports()[0].stated().basis(), Basis::UpTo);
    let after = ledger.bounds(&ven(), &igla, Quantity::Held, &AsOf::latest());
    assert_eq!((after.lower(), after.upper()), (1, None));
}

#[test]
fn row_errors_name_the_line_the_column_and_the_value() {
    let rows = [
        (
            "Narnia,Su-30MK2,2024,1,,t,B2",
            Some("holder"),
            RowProblem::UnknownParty,
        ),
        (
            "VEN,Flying carpet,2024,1,,t,B2",
            Some("platform"),
            Problem::UnknownPlatform.into(),
        ),
        (
            "VEN,Su-30MK2,2024-13,1,,t,B2",
            Some("date"),
            RowProblem::BadYear,
        ),
        (
            "VEN,Su-30MK2,2024,twelve,,t,B2",
            Some("count"),
            RowProblem::BadNumber,
        ),
        (
            "VEN,Su-30MK2,2024,-3,,t,B2",
            Some("count"),
            RowProblem::BadNumber,
        ),
        (
            "VEN,Su-30MK2,2024,,,t,B2",
            Some("count"),
            RowProblem::Missing,
        ),
        (
            "VEN,Su-30MK2,2024,99999999999,,t,B2",
            Some("count"),
            RowProblem::BadNumber,
        ),
        (
            "VEN,Su-30MK2,2024,3,roughly,t,B2",
            Some("qualifier"),
            Problem::BadQualifier.into(),
        ),
        (
            "VEN,Su-30MK2,2024,3,some,t,B2",
            Some("qualifier"),
            Problem::BadQualifier.into(),
        ),
        (
            "VEN,Su-30MK2,2024,3,,,B2",
            Some("source"),
            RowProblem::Missing,
        ),
        (
            "VEN,Su-30MK2,2024,3,,t,Z9",
            Some("grade"),
            Problem::BadGrade.into(),
        ),
        ("VEN,Su-30MK2,2024,3,,t", None, RowProblem::ColumnCount),
    ];
    for (row, field, problem) in rows {
        let csv = format!("# a comment\n{HEADER}\n{row}\n");
        let (ledger, r) = import(&csv, &options());
        let report = r.unwrap();
        assert_eq!(report.counts.rejected.len(), 1, "{row}");
        let e = &report.counts.rejected[0];
        assert_eq!(
            (e.line, e.field, e.problem),
            (4, field, problem),
            "{row}: {e}"
        );
        assert!(e.to_string().starts_with("line 4"), "{e}");
        assert!(ledger.is_empty());
        // Strict: the error names the file too, and nothing is imported.
        let mut ledger = Ledger::new(Catalog::reference());
        let good = "VEN,Su-30MK2,2024,3,,t,B2\n";
        let csv = format!("{HEADER}{good}{row}\n");
        let err =
            baseline::import(&mut ledger, csv.as_bytes(), &options().strict(true)).unwrap_err();
        assert!(
            matches!(&err, Error::Row { error, .. } if error.line == 3),
            "{err}"
        );
        assert!(err.to_string().starts_with("input: line 3"), "{err}");
        assert!(ledger.is_empty(), "a rejected import changes nothing");
    }
}

#[test]
fn header_errors_and_cut_input_name_the_line() {
    let cases: [(&str, u64, usize); 4] = [
        ("holder,platform,day,count,qualifier,source,grade\n", 1, 3),
        (
            "# c\nholder,platform,date,count,qualifier,source,grade,remarks\n",
            2,
            8,
        ),
        (
            "holder,platform,date,count,qualifier,source,grade,note,x\n",
            1,
            9,
        ),
        ("", 1, 1),
    ];
    for (csv, line, column) in cases {
        let err = import(csv, &options()).1.unwrap_err();
        assert!(
            matches!(&err, Error::Header { line: l, column: c, .. } if *l == line && *c == column),
            "{csv:?}: {err}"
        );
    }
    let err = import(
        "holder,platform,date,count,qualifier,source,grade",
        &options(),
    )
    .1;
    assert!(matches!(err, Err(Error::Truncated { line: 1, .. })));
    // A last row without its line end may be cut off: rejected, never imported.
    let (ledger, r) = import(&format!("{HEADER}VEN,Su-30MK2,2024,21,,t,B2"), &options());
    let report = r.unwrap();
    assert_eq!(report.counts.rejected[0].problem, RowProblem::Truncated);
    assert!(ledger.is_empty());
    // A byte-order mark and CRLF line ends are fine.
    let crlf = format!("\u{feff}{}", EXAMPLE.replace('\n', "\r\n"));
    assert_eq!(import(&crlf, &options()).1.unwrap().claims, 6);
    // A file names itself in its errors.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.csv");
    std::fs::write(&path, format!("{HEADER}VEN,Su-30MK2,2024,x,,t,B2\n")).unwrap();
    let mut ledger = Ledger::new(Catalog::reference());
    let err = baseline::import_file(&mut ledger, &path, &options().strict(true)).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("mine.csv: line 2, field `count`"), "{text}");
}

#[test]
fn a_recorded_time_before_the_ledger_is_refused_up_front() {
    let (mut ledger, r) = import(EXAMPLE, &options());
    r.unwrap();
    let n = ledger.len();
    let early = Options::new().recorded("2025-01-01T00:00:00Z".parse().unwrap());
    let err = baseline::import(&mut ledger, EXAMPLE.as_bytes(), &early).unwrap_err();
    assert!(matches!(err, Error::RecordedBeforeLedger { .. }));
    assert_eq!(ledger.len(), n);
}

struct Endless {
    head: std::io::Cursor<Vec<u8>>,
    byte: u8,
}

impl std::io::Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.head.read(buf)?;
        if n > 0 {
            return Ok(n);
        }
        buf.fill(self.byte);
        Ok(buf.len())
    }
}

/// Endless and enormous input stops at the line limit, naming the line; nothing imported.
#[test]
fn endless_and_enormous_input_stops_at_the_line_limit() {
    let endless = |head: &str, byte: u8| Endless {
        head: std::io::Cursor::new(head.as_bytes().to_vec()),
        byte,
    };
    let row = "VEN,Su-30MK2,2024,21,,t,B2\n";
    for (reader, line) in [
        (endless("", 0), 1),
        (endless(&format!("{HEADER}{row}"), b'x'), 3),
        (endless(&format!("{HEADER}\"open"), b'\n'), 2),
    ] {
        let mut ledger = Ledger::new(Catalog::reference());
        let err = baseline::import(&mut ledger, reader, &options()).unwrap_err();
        let Error::LineTooLong { error, .. } = &err else {
            panic!("{err}")
        };
        assert_eq!(error.line, line);
        assert!(error.length > MAX_LINE_BYTES as u64);
        assert!(err.to_string().len() < 400);
        assert!(ledger.is_empty());
    }
    let mut huge = format!("{HEADER}{row}").into_bytes();
    huge.resize(huge.len() + 20 * 1024 * 1024, b'7');
    let mut ledger = Ledger::new(Catalog::reference());
    let err = baseline::import(&mut ledger, huge.as_slice(), &options()).unwrap_err();
    assert!(matches!(err, Error::LineTooLong { .. }), "{err}");
    assert!(ledger.is_empty());
}

/// The fuzz target's checks (`fuzz/fuzz_targets/baseline_import.rs`) on its committed seeds.
#[test]
fn the_fuzz_seeds_keep_the_fuzz_targets_promises() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/baseline_import");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        check_any_input(&data);
        n += 1;
    }
    assert!(n >= 4, "the seeds are committed");
}

/// What any input must give: no panic; a lenient import accounts for every row; a failed
/// import (or a strict one with a bad row) leaves the ledger unchanged.
fn check_any_input(data: &[u8]) {
    let mut lenient = Ledger::new(Catalog::reference());
    match baseline::import(&mut lenient, data, &options()) {
        Ok(report) => {
            let rejected = report
                .counts
                .rejected
                .iter()
                .filter(|e| e.problem != RowProblem::Ledger)
                .count() as u64;
            assert_eq!(
                report.counts.rows_read,
                report.counts.rows_imported + rejected
            );
            assert_eq!(lenient.len() as u64, report.counts.entries_created);
            assert_eq!(report.claims, report.counts.entries_created);
        }
        Err(_) => assert!(lenient.is_empty()),
    }
    let mut strict = Ledger::new(Catalog::reference());
    match baseline::import(&mut strict, data, &options().strict(true)) {
        Ok(report) => assert!(report.counts.rejected.is_empty()),
        Err(_) => assert!(strict.is_empty()),
    }
}

#[test]
fn qualifiers_read_the_military_balances_words() {
    for (text, q) in [
        ("", Qualifier::Exact),
        ("Exact", Qualifier::Exact),
        (" at least ", Qualifier::AtLeast),
        ("AT_LEAST", Qualifier::AtLeast),
        ("up to", Qualifier::UpTo),
        ("about", Qualifier::About),
        ("ε", Qualifier::Estimated),
        ("estimated", Qualifier::Estimated),
        ("some", Qualifier::Some),
    ] {
        assert_eq!(text.parse::<Qualifier>().unwrap(), q, "{text:?}");
        assert_eq!(q.to_string().parse::<Qualifier>().unwrap(), q);
    }
    assert!("approximately".parse::<Qualifier>().is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Byte mutations of the example never panic, and what fails changes nothing.
    #[test]
    fn mutated_tables_never_panic(
        edits in prop::collection::vec((0usize..EXAMPLE.len(), any::<u8>()), 1..8),
        cut in 0usize..=EXAMPLE.len(),
    ) {
        let mut data = EXAMPLE.as_bytes()[..cut.max(1)].to_vec();
        for (i, b) in edits {
            if i < data.len() {
                data[i] = b;
            }
        }
        check_any_input(&data);
    }

    /// As known before a baseline import, every bound is what it was.
    #[test]
    fn as_known_before_an_import_nothing_changes(rows in 1usize..=6) {
        let mut ledger = Ledger::new(Catalog::reference());
        sipri::import(&mut ledger, SIPRI.as_bytes(), &sipri::Options::new()).unwrap();
        let lots: Vec<PlatformRef> = ["su-30mk2", "t-72m1", "s-300vm", "igla-s", "bmp-3", "mi-17"]
            .into_iter()
            .map(cat)
            .collect();
        let snapshot = |l: &Ledger, at: &AsOf| -> Vec<(u64, Option<u64>, Option<u64>)> {
            lots.iter()
                .map(|p| {
                    let b = l.bounds(&ven(), p, Quantity::Held, at);
                    (b.lower(), b.upper(), b.point())
                })
                .collect()
        };
        let before = snapshot(&ledger, &AsOf::latest());
        let table: String = EXAMPLE.lines().take(6 + rows).map(|l| format!("{l}\n")).collect();
        baseline::import(&mut ledger, table.as_bytes(), &options()).unwrap();
        let known_before = AsOf::latest().known_at("2025-07-19T00:00:00Z".parse().unwrap());
        prop_assert_eq!(snapshot(&ledger, &known_before), before);
    }
}
