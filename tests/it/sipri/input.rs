//! The SIPRI importer on malformed input: bad rows and preambles, cut files, CRLF and blank
//! lines, endless and enormous input, byte mutations, the fuzz seeds.

use super::*;

/// The excerpt with data row `n` (0-based) replaced by `row`; returns the text and the line.
fn with_row(n: usize, row: &str) -> (String, u64) {
    let mut lines: Vec<&str> = EXCERPT.lines().collect();
    lines[12 + n] = row;
    (lines.join("\n") + "\n", 13 + n as u64)
}

#[test]
fn malformed_rows_are_reported_with_line_field_and_value() {
    let good = EXCERPT.lines().nth(12 + 2).unwrap().to_owned();
    let set = |i: usize, v: &str| {
        let mut f: Vec<&str> = good.split(',').collect();
        f[i] = v;
        f.join(",")
    };
    let cases: Vec<(String, Option<&str>, &str, RowProblem)> = vec![
        (
            format!("{good},extra"),
            None,
            "18 fields",
            RowProblem::ColumnCount,
        ),
        (
            set(8, "twelve"),
            Some("Numbers delivered"),
            "twelve",
            RowProblem::BadNumber,
        ),
        (
            set(8, "-3"),
            Some("Numbers delivered"),
            "-3",
            RowProblem::BadNumber,
        ),
        (
            set(12, "Refurbished"),
            Some("Status"),
            "Refurbished",
            RowProblem::from(sipri::Problem::UnknownStatus),
        ),
        (
            set(10, "20x3"),
            Some("Delivery year"),
            "20x3",
            RowProblem::BadYear,
        ),
        (
            set(6, "1066"),
            Some("Order date"),
            "1066",
            RowProblem::BadYear,
        ),
        (
            set(2, "Narnia"),
            Some("Recipient"),
            "Narnia",
            RowProblem::UnknownParty,
        ),
        (
            set(1, "Atlantis**"),
            Some("Supplier"),
            "Atlantis**",
            RowProblem::UnknownParty,
        ),
        (
            set(9, "Maybe"),
            Some("Numbers delivered is estimate"),
            "Maybe",
            RowProblem::BadFlag,
        ),
        (
            set(5, "Lasers"),
            Some("Armament category"),
            "Lasers",
            RowProblem::from(sipri::Problem::UnknownCategory),
        ),
        (
            set(14, "n/a"),
            Some("TIV deal unit"),
            "n/a",
            RowProblem::BadNumber,
        ),
        (
            set(0, ""),
            Some("SIPRI AT Database ID"),
            "",
            RowProblem::Missing,
        ),
        (
            set(2, "Bolivia"),
            Some("Recipient"),
            "Bolivia",
            RowProblem::from(sipri::Problem::DealMismatch),
        ),
    ];
    for (row, field, value, problem) in cases {
        let (csv, line) = with_row(2, &row);
        let (ledger, report) = import(&csv, &Options::new());
        let report = report.unwrap();
        assert_eq!(report.counts.rows_read, 253);
        assert_eq!(
            report.counts.rejected.len(),
            1,
            "{row}: {:?}",
            report.counts.rejected
        );
        let e = &report.counts.rejected[0];
        assert_eq!(
            (e.line, e.field, e.value.as_str(), e.problem),
            (line, field, value, problem),
            "{e}"
        );
        assert_eq!(report.counts.rows_imported, 252);
        assert_eq!(ledger.len() as u64, report.counts.entries_created);

        // Strict: the same row aborts, naming the line; nothing is appended.
        let (ledger, err) = import(&csv, &Options::new().strict(true));
        match err {
            Err(Error::Row(e)) => assert_eq!(e.line, line),
            other => panic!("{row}: {other:?}"),
        }
        assert!(ledger.is_empty());
    }
}

#[test]
fn preamble_and_header_errors_name_the_line() {
    let replace_line = |n: usize, text: &str| {
        let mut lines: Vec<&str> = EXCERPT.lines().collect();
        lines[n - 1] = text;
        lines.join("\n")
    };
    let (_, r) = import(&replace_line(10, "Source: somebody"), &Options::new());
    assert!(matches!(r, Err(Error::Preamble { line: 10, .. })), "{r:?}");
    let (_, r) = import(&replace_line(1, "id,name"), &Options::new());
    assert!(matches!(r, Err(Error::Preamble { line: 1, .. })), "{r:?}");
    let (_, r) = import(
        &replace_line(11, "Data generated: someday"),
        &Options::new(),
    );
    assert!(
        matches!(r, Err(Error::GeneratedDate { line: 11, .. })),
        "{r:?}"
    );
    let bad_header = EXCERPT
        .lines()
        .nth(11)
        .unwrap()
        .replace("Recipient", "Buyer");
    let (_, r) = import(&replace_line(12, &bad_header), &Options::new());
    match r {
        Err(Error::Header {
            line: 12,
            column: 3,
            expected: "Recipient",
            found,
        }) => {
            assert_eq!(found, "Buyer")
        }
        other => panic!("{other:?}"),
    }
    let five: String = EXCERPT.lines().take(5).map(|l| format!("{l}\n")).collect();
    let (_, r) = import(&five, &Options::new());
    assert!(matches!(r, Err(Error::Truncated { line: 6 })), "{r:?}");
    let (_, r) = import(
        &head()
            .lines()
            .take(11)
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
        &Options::new(),
    );
    assert!(matches!(r, Err(Error::Truncated { line: 12 })), "{r:?}");
    // CRLF line ends and a byte-order mark are fine.
    let crlf = format!("\u{feff}{}", EXCERPT.replace('\n', "\r\n"));
    let (_, r) = import(&crlf, &Options::new());
    assert_eq!(r.unwrap().counts.rows_imported, 253);
    // Quoted fields with commas, as a spreadsheet would write them.
    let quoted = format!(
        "{}90003,France,Venezuela,Mistral SAM,\"portable SAM, twin\",Missiles,2010,No,10,No,2011,No,New,0.09,0.09,0.9,No\n",
        head()
    );
    let (ledger, r) = import(&quoted, &Options::new());
    assert_eq!(r.unwrap().counts.rows_imported, 1);
    assert!(
        ledger
            .entries()
            .filter_map(|e| SipriDeal::of(&e).unwrap())
            .any(|f| f.description == "portable SAM, twin")
    );
}

/// The excerpt with preamble line 11 (`Data generated: ...`) replaced by `line` (bytes).
fn with_generated(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, l) in EXCERPT.split_inclusive('\n').enumerate() {
        if i == 10 {
            out.extend_from_slice(line);
            out.push(b'\n');
        } else {
            out.extend_from_slice(l.as_bytes());
        }
    }
    out
}

fn import_bytes(bytes: &[u8], options: &Options) -> (Ledger, Result<Report, Error>) {
    let mut ledger = Ledger::new(Catalog::reference());
    let r = sipri::import(&mut ledger, bytes, options);
    (ledger, r)
}

/// Issue 9, defect 1: a non-ASCII month panicked ("byte index 3 is not a char boundary").
#[test]
fn non_ascii_month_is_a_date_error_not_a_panic() {
    // The smallest file reaching the date: the fuzzer's reproducer, whole.
    let mut repro = Vec::new();
    repro.extend_from_slice(b"Transfers of major conventional arms\n");
    repro.extend_from_slice(b"\n\n\n\n\n\n\n\n");
    repro.extend_from_slice(b"Source: SIPRI Arms Transfers Database (c) SIPRI.\n");
    repro.extend_from_slice(b"Data generated: 3 Ja\xc3\xa9 2025");
    let (ledger, r) = import_bytes(&repro, &Options::new());
    match r {
        Err(Error::GeneratedDate { line: 11, value }) => assert_eq!(value, "3 Ja\u{e9} 2025"),
        other => panic!("{other:?}"),
    }
    assert!(ledger.is_empty());

    // The same months (and other non-ASCII or invalid UTF-8 text) in a full export.
    let bad: [&[u8]; 7] = [
        b"3 Ja\xc3\xa9 2025 9:16:02 PM",
        b"3 J\xc3\xa9n 2025 9:16:02 PM",
        b"3 \xc3\xa9\xc3\xa9\xc3\xa9 2025",
        b"3 Ja\xff 2025",
        b"3 \xe2\x80\x94 2025",
        b"\xc3\xa9 Jan 2025",
        b"3 Jan \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa5",
    ];
    for value in bad {
        let mut line = b"Data generated: ".to_vec();
        line.extend_from_slice(value);
        for strict in [false, true] {
            let (ledger, r) = import_bytes(&with_generated(&line), &Options::new().strict(strict));
            assert!(
                matches!(r, Err(Error::GeneratedDate { line: 11, .. })),
                "{}: {r:?}",
                String::from_utf8_lossy(value)
            );
            assert!(ledger.is_empty());
        }
    }
}

/// The generation date is read with jiff's strtime: SIPRI's form, with or without its
/// clock time, abbreviated or full month names; nothing else after the date.
#[test]
fn generated_date_forms() {
    let ok = [
        ("3 Jan 2025 9:16:02 PM", date(2025, 1, 3)),
        ("03 jan 2025 09:16:02 am", date(2025, 1, 3)),
        ("3 Jan 2025", date(2025, 1, 3)),
        ("29 February 2024", date(2024, 2, 29)),
        ("1 Sep 2031 12:00:00 AM", date(2031, 9, 1)),
    ];
    for (text, expected) in ok {
        let line = format!("Data generated: {text}");
        let (_, r) = import_bytes(&with_generated(line.as_bytes()), &Options::new());
        let report = r.unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(report.generated_date, expected, "{text}");
        assert_eq!(report.generated, text);
    }
    let bad = [
        "31 Feb 2025",
        "3 Jan 1850",
        "3 Jan 2025 yesterday",
        "3 Jan 2025 13:16:02 PM",
        "3 Janu 2025",
        "Jan 3 2025",
        "",
    ];
    for text in bad {
        let line = format!("Data generated: {text}");
        let (_, r) = import_bytes(&with_generated(line.as_bytes()), &Options::new());
        match r {
            Err(Error::GeneratedDate { line: 11, value }) => assert_eq!(value, text),
            other => panic!("{text}: {other:?}"),
        }
    }
}

/// The excerpt without its final line end, its last row replaced by `last`.
fn with_last_row(last: &str) -> String {
    let mut lines: Vec<&str> = EXCERPT.lines().collect();
    *lines.last_mut().unwrap() = last;
    lines.join("\n")
}

/// Issue 9, defect 7: a final row without its line end is reported as truncated, wherever
/// it was cut; the real export ends every row with one.
#[test]
fn final_row_without_line_end_is_truncated() {
    let last = EXCERPT.lines().last().unwrap();
    let last_line = EXCERPT.lines().count() as u64;
    let fields = last.split(',').count();
    assert_eq!(fields, 17);
    let commas: Vec<usize> = last.match_indices(',').map(|(i, _)| i).collect();
    let cases = [
        // Right after the 16th comma: `Local production` would read as empty.
        last[..=commas[15]].to_owned(),
        // Inside a field.
        last[..commas[9] - 1].to_owned(),
        // After another comma.
        last[..=commas[3]].to_owned(),
        // All 17 fields, but no line end: still cut (the rule has no exception).
        last.to_owned(),
        // Cut inside a quoted last field, after a line break in it: the input's last byte
        // is a line end, but it is the field's, not the row's.
        format!("{}\"No\n", &last[..=commas[15]]),
        format!("{}\"No\r\n\n", &last[..=commas[15]]),
        // A CRLF cut after its CR (a lone CR is no line end, as in the preamble).
        format!("{last}\r"),
    ];
    for cut in &cases {
        let csv = with_last_row(cut);
        let (ledger, r) = import(&csv, &Options::new());
        let report = r.unwrap();
        assert_eq!(report.counts.rows_read, 253, "{cut}");
        assert_eq!(report.counts.rows_imported, 252, "{cut}");
        assert_eq!(
            report.counts.rejected.len(),
            1,
            "{cut}: {:?}",
            report.counts.rejected
        );
        let e = &report.counts.rejected[0];
        assert_eq!(
            (e.line, e.field, e.problem),
            (last_line, None, RowProblem::Truncated),
            "{e}"
        );
        assert!(e.to_string().contains("line end"), "{e}");
        assert_eq!(ledger.len() as u64, report.counts.entries_created);

        let (ledger, r) = import(&csv, &Options::new().strict(true));
        match r {
            Err(Error::Row(e)) => {
                assert_eq!(
                    (e.line, e.problem),
                    (last_line, RowProblem::Truncated),
                    "{e}"
                )
            }
            other => panic!("{cut}: {other:?}"),
        }
        assert!(ledger.is_empty());
    }
    // With its line end (LF, CRLF, followed by blank lines) the last row is whole, its
    // last field quoted or not, even with a line break inside the quotes.
    let quoted = format!("{}\"No\"", &last[..=commas[15]]);
    let quoted_break = format!("{}\"No\n\"", &last[..=commas[15]]);
    for row in [last, &quoted, &quoted_break] {
        for end in ["\n", "\r\n", "\n\n\n", "\r\n\r\n"] {
            let csv = format!("{}{end}", with_last_row(row));
            let (_, r) = import(&csv, &Options::new().strict(true));
            assert_eq!(r.unwrap().counts.rows_imported, 253, "{row:?}{end:?}");
        }
    }
}

/// A header without its line end and nothing after it: the file was cut in the header.
#[test]
fn header_without_line_end_is_truncated() {
    let header = EXCERPT.lines().nth(11).unwrap();
    let cut = format!(
        "{}{header}",
        EXCERPT.split_inclusive('\n').take(11).collect::<String>()
    );
    let (_, r) = import(&cut, &Options::new());
    assert!(matches!(r, Err(Error::Truncated { line: 12 })), "{r:?}");
    let cut_field = &cut[..cut.len() - "Local production".len()];
    let (_, r) = import(cut_field, &Options::new());
    assert!(matches!(r, Err(Error::Truncated { line: 12 })), "{r:?}");
    // With it, an export without rows imports nothing.
    let (_, r) = import(&format!("{cut}\n"), &Options::new());
    assert_eq!(r.unwrap().counts.rows_read, 0);
}

/// Found by the fuzz target: with CRLF line ends every row error named the line before
/// the row (the first row as line 12, the header's).
/// A row after blank lines is reported at its own line, not at the first blank line (the
/// CSV reader's record position counts from before the blank lines it skips).
#[test]
fn rows_after_blank_lines_are_reported_at_their_own_line() {
    let original = EXCERPT.lines().nth(12 + 5).unwrap();
    let mut fields: Vec<&str> = original.split(',').collect();
    fields[12] = "Refurbished";
    let bad = fields.join(",");
    let (lf, line) = with_row(5, &bad);
    for blanks in ["\n", "\n\n", "\r\n\n"] {
        let csv = lf.replacen(&bad, &format!("{blanks}{bad}"), 1);
        let expected = line + blanks.matches('\n').count() as u64;
        let (_, r) = import(&csv, &Options::new());
        let rejected = r.unwrap().counts.rejected;
        assert_eq!(rejected.len(), 1, "{rejected:?}");
        assert_eq!(rejected[0].line, expected, "{blanks:?}: {}", rejected[0]);
    }
}

/// The fuzz target's checks, on its committed seeds (`fuzz/corpus/sipri_import/`), so that
/// they run without a fuzzer: the endless-preamble and endless-row seeds among them.
#[test]
fn the_fuzz_seeds_hold_the_fuzz_checks() {
    use materiel::import::MAX_LINE_BYTES;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/sipri_import");
    let mut seeds = 0;
    for file in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(file.unwrap().path()).unwrap();
        seeds += 1;
        let mut lenient = Ledger::new(Catalog::reference());
        match sipri::import(&mut lenient, data.as_slice(), &Options::new()) {
            Ok(report) => {
                let rejected_rows = report
                    .counts
                    .rejected
                    .iter()
                    .filter(|e| e.problem != RowProblem::Ledger)
                    .count() as u64;
                assert_eq!(
                    report.counts.rows_read,
                    report.counts.rows_imported + report.counts.rows_filtered + rejected_rows
                );
                assert_eq!(lenient.len() as u64, report.counts.entries_created);
                assert!(report.counts.rejected.iter().all(|e| e.line >= 12));
            }
            Err(e) => {
                assert!(lenient.is_empty());
                if let Error::LineTooLong(t) = &e {
                    assert!(t.length > MAX_LINE_BYTES as u64);
                    assert!(e.to_string().len() < 400);
                }
            }
        }
        let mut strict = Ledger::new(Catalog::reference());
        match sipri::import(&mut strict, data.as_slice(), &Options::new().strict(true)) {
            Ok(_) | Err(Error::Ledger { .. }) => {}
            Err(_) => assert!(strict.is_empty()),
        }
    }
    assert!(seeds >= 19);
}

/// A reader that never ends: `byte` forever, after `head`.
struct Endless {
    head: std::io::Cursor<Vec<u8>>,
    byte: u8,
}

impl std::io::Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = std::io::Read::read(&mut self.head, buf)?;
        if n > 0 {
            return Ok(n);
        }
        buf.fill(self.byte);
        Ok(buf.len())
    }
}

/// Endless and enormous input, in the preamble or in the rows, stops at the line limit with
/// an error naming the line, how much was read and its first bytes, in one short line; the
/// ledger is unchanged. (Before, `/dev/zero` aborted the process in the preamble.)
#[test]
fn endless_and_enormous_input_stops_at_the_line_limit() {
    use materiel::import::MAX_LINE_BYTES;
    let endless = |head: String, byte: u8| Endless {
        head: std::io::Cursor::new(head.into_bytes()),
        byte,
    };
    let preamble_5: String = EXCERPT.split_inclusive('\n').take(5).collect();
    let mut huge = head().into_bytes();
    huge.resize(huge.len() + 20 * 1024 * 1024, b'x');
    type Input = Box<dyn Fn() -> Box<dyn std::io::Read>>;
    let cases: Vec<(Input, u64, &str)> = vec![
        (
            Box::new(move || Box::new(endless(String::new(), 0))),
            1,
            "\0",
        ),
        (
            Box::new(move || Box::new(endless(preamble_5.clone(), b'z'))),
            6,
            "z",
        ),
        (Box::new(move || Box::new(endless(head(), 0))), 13, "\0"),
        (
            Box::new(move || Box::new(endless(format!("{}\"open", head()), b'\n'))),
            13,
            "\"open",
        ),
        (
            Box::new(move || Box::new(std::io::Cursor::new(huge.clone()))),
            13,
            "x",
        ),
    ];
    for (i, (input, line, starts)) in cases.iter().enumerate() {
        for strict in [false, true] {
            let mut ledger = Ledger::new(Catalog::reference());
            let err =
                sipri::import(&mut ledger, input(), &Options::new().strict(strict)).unwrap_err();
            let Error::LineTooLong(e) = &err else {
                panic!("case {i}: {err}")
            };
            assert_eq!(e.line, *line, "case {i}");
            assert!(e.length > MAX_LINE_BYTES as u64, "case {i}");
            assert!(
                e.prefix.starts_with(starts) && e.prefix.len() <= 32,
                "case {i}"
            );
            let message = err.to_string();
            assert!(message.len() < 300 && !message.contains('\n'), "{message}");
            assert!(message.starts_with(&format!("line {line}: a row longer than")));
            assert!(ledger.is_empty());
        }
    }
}

#[test]
fn crlf_rows_are_reported_at_their_own_line() {
    for n in [0usize, 1, 100, 252] {
        let original = EXCERPT.lines().nth(12 + n).unwrap();
        let mut fields: Vec<&str> = original.split(',').collect();
        fields[12] = "Refurbished";
        let bad = fields.join(",");
        let (lf, line) = with_row(n, &bad);
        let crlf = lf.replace('\n', "\r\n");
        for csv in [&lf, &crlf] {
            let (_, r) = import(csv, &Options::new());
            let report = r.unwrap();
            assert_eq!(report.counts.rows_read, 253);
            assert_eq!(
                report.counts.rejected.len(),
                1,
                "{:?}",
                report.counts.rejected
            );
            assert_eq!(
                report.counts.rejected[0].line, line,
                "{}",
                report.counts.rejected[0]
            );
            let (_, r) = import(csv, &Options::new().strict(true));
            match r {
                Err(Error::Row(e)) => assert_eq!(e.line, line, "{e}"),
                other => panic!("{other:?}"),
            }
        }
    }
    // Blank lines (LF or CRLF) between and after rows are skipped, not rows.
    let blank = with_row(3, EXCERPT.lines().nth(15).unwrap()).0.replacen(
        EXCERPT.lines().nth(15).unwrap(),
        &format!("\n\r\n{}", EXCERPT.lines().nth(15).unwrap()),
        1,
    ) + "\r\n\n";
    let (_, r) = import(&blank, &Options::new().strict(true));
    assert_eq!(r.unwrap().counts.rows_read, 253);
    let (_, r) = import(
        &blank.replace("\r\n", "\n").replace('\n', "\r\n"),
        &Options::new(),
    );
    assert_eq!(r.unwrap().counts.rows_read, 253);
}

fn mutate(text: &str, ops: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for &(pos, kind, b) in ops {
        let pos = pos % bytes.len().max(1);
        match kind % 4 {
            0 => bytes[pos] = b,
            1 => {
                bytes.remove(pos);
            }
            2 => bytes.insert(pos, b),
            _ => bytes.insert(pos, [b',', b'"', b'\n', b'*'][b as usize % 4]),
        }
        if bytes.is_empty() {
            break;
        }
    }
    bytes
}

proptest! {
    // 64 cases by default (CI-friendly); more with PROPTEST_CASES.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
    ))]

    /// Random byte mutations anywhere: Ok with a report or Err naming a line, never a panic;
    /// lenient rejections name lines within the file.
    #[test]
    fn mutated_bytes_never_panic(ops in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6)) {
        let bytes = mutate(EXCERPT, &ops);
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let mut ledger = Ledger::new(Catalog::reference());
        if let Ok(report) = sipri::import(&mut ledger, &bytes[..], &Options::new()) {
                prop_assert_eq!(report.counts.rows_read, report.counts.rows_imported + report.counts.rows_filtered + report.counts.rejected.iter().filter(|e| e.problem != RowProblem::Ledger).count() as u64);
                for e in &report.counts.rejected {
                    prop_assert!(e.line >= 13 && e.line <= lines, "{}", e);
                }
                prop_assert_eq!(ledger.len() as u64, report.counts.entries_created);
            }
        let mut strict = Ledger::new(Catalog::reference());
        match sipri::import(&mut strict, &bytes[..], &Options::new().strict(true)) {
            Ok(_) => {}
            Err(Error::Row(e)) => {
                prop_assert!(e.line >= 13 && e.line <= lines, "{}", e);
                prop_assert!(strict.is_empty());
            }
            Err(_) => prop_assert!(strict.is_empty()),
        }
    }

    /// One field of one row replaced by junk: the row is rejected at its own line, or
    /// imported; strict mode names that line.
    #[test]
    fn mutated_fields_are_reported_at_their_line(row in 0usize..253, col in 0usize..17, junk in "[A-Za-z0-9 .*()-]{0,12}") {
        let original = EXCERPT.lines().nth(12 + row).unwrap();
        let mut fields: Vec<&str> = original.split(',').collect();
        fields[col] = &junk;
        let (csv, line) = with_row(row, &fields.join(","));
        let (_, report) = import(&csv, &Options::new());
        let report = report.unwrap();
        // The mutated row, or (when it was the first row of its deal and now disagrees with
        // the rest) the deal's later rows as mismatches.
        prop_assert!(report.counts.rejected.iter().all(|e| e.line == line || e.problem == sipri::Problem::DealMismatch), "{:?}", report.counts.rejected);
        prop_assert!(report.counts.rejected.iter().all(|e| e.line >= 13), "{:?}", report.counts.rejected);
        if let Some(e) = report.counts.rejected.iter().find(|e| e.problem != sipri::Problem::DealMismatch) {
            prop_assert_eq!(e.line, line);
        }
        let (ledger, strict) = import(&csv, &Options::new().strict(true));
        if let Err(e) = strict {
            prop_assert!(matches!(e, Error::Row(_)), "{}", e);
            prop_assert!(ledger.is_empty());
        }
    }
}
