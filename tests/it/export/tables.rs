//! The tables read back: entries, holdings, timelines, pipelines; headers, failing writers,
//! Python's csv module.

use std::io::{self, Write};

use super::*;

#[test]
fn entries_round_trip_through_csv_and_json_lines() -> TestResult {
    let ledger = sample()?;
    let kinds: BTreeSet<&str> = ledger.entries().map(|e| e.change().name()).collect();
    assert_eq!(kinds.len(), 14, "every change kind: {kinds:?}");
    let csv = write(|f, w| export::entries(&ledger, f, w), Format::Csv);
    let text = String::from_utf8(csv.clone())?;
    assert!(text.contains(
        "\"batch 2, \"\"refurbished\"\"\nsecond line;\r\nCaracas — Venezuela, 委内瑞拉 ✈\""
    ));
    let from_csv = read_csv(&csv)?;
    check_entries(&ledger, &from_csv, true);
    let bases: BTreeSet<&str> = from_csv
        .rows
        .iter()
        .flat_map(|r| from_csv.header.iter().zip(r))
        .filter(|(name, _)| name.ends_with("_basis"))
        .filter_map(|(_, cell)| cell.as_deref())
        .collect();
    let all: BTreeSet<&str> = [
        Basis::Exact,
        Basis::AtLeast,
        Basis::UpTo,
        Basis::About,
        Basis::Estimate,
    ]
    .into_iter()
    .map(<&str>::from)
    .collect();
    assert_eq!(bases, all, "every basis");

    let jsonl = write(|f, w| export::entries(&ledger, f, w), Format::JsonLines);
    assert_eq!(jsonl.iter().filter(|b| **b == b'\n').count(), ledger.len());
    let from_json = read_jsonl(&jsonl, ENTRY_COLUMNS)?;
    check_entries(&ledger, &from_json, false);
    // The two formats agree cell by cell, but for the empty note that only JSON keeps.
    for (a, b) in from_csv.rows.iter().zip(&from_json.rows) {
        let b: Vec<Option<String>> = b
            .iter()
            .map(|c| c.clone().filter(|c| !c.is_empty()))
            .collect();
        assert_eq!(a, &b);
    }
    let empty_note = from_json
        .rows
        .iter()
        .filter(|r| from_json.get(r, "note") == Some(""))
        .count();
    assert_eq!(empty_note, 1);
    Ok(())
}

/// Checks the state columns of a holdings or timeline row against `state`.

#[test]
fn holdings_read_back_match_the_ledger() -> TestResult {
    let ledger = sample()?;
    let mut rows_seen = 0;
    for at in views() {
        let expected: Vec<(HolderId, PlatformRef, LotState)> = ledger
            .all_holdings(&at)
            .into_iter()
            .flat_map(|(holder, hs)| {
                hs.iter()
                    .map(|(p, s)| (holder.clone(), p.clone(), *s))
                    .collect::<Vec<_>>()
            })
            .collect();
        for format in Format::ALL {
            let out = write(|f, w| export::all_holdings(&ledger, &at, f, w), format);
            let rows = match format {
                Format::Csv => read_csv(&out)?,
                _ => read_jsonl(&out, HOLDINGS_COLUMNS)?,
            };
            assert_eq!(rows.header, HOLDINGS_COLUMNS);
            assert_eq!(rows.rows.len(), expected.len(), "{at:?}");
            for (row, (holder, platform, state)) in rows.rows.iter().zip(&expected) {
                assert_eq!(rows.get(row, "holder"), Some(holder.as_str()));
                let generic = matches!(platform, PlatformRef::Generic(_)).to_string();
                assert_eq!(rows.get(row, "platform_generic"), Some(generic.as_str()));
                assert_eq!(
                    rows.get(row, "platform_label"),
                    Some(platform.label(ledger.catalog()))
                );
                check_state(&rows, row, state);
                let weakest = ledger.provenance(holder, platform, &at).weakest_grade();
                assert_eq!(
                    rows.get(row, "weakest_grade"),
                    weakest.map(|g| g.to_string()).as_deref()
                );
                check_as_of(&rows, row, &at);
            }
            rows_seen += rows.rows.len();
            // One holder's table is that holder's rows of the whole table.
            let ven = h("VEN");
            let one = write(|f, w| export::holdings(&ledger, &ven, &at, f, w), format);
            let one = match format {
                Format::Csv => read_csv(&one)?,
                _ => read_jsonl(&one, HOLDINGS_COLUMNS)?,
            };
            let vens: Vec<_> = rows
                .rows
                .iter()
                .filter(|r| rows.get(r, "holder") == Some("VEN"))
                .cloned()
                .collect();
            assert_eq!(one.rows, vens);
        }
    }
    assert!(rows_seen >= 10, "{rows_seen}");
    Ok(())
}

#[test]
fn timelines_read_back_match_the_ledger() -> TestResult {
    let ledger = sample()?;
    let ven = h("VEN");
    let su30 = PlatformRef::catalog("su-30mk2")?;
    for at in views() {
        let steps = ledger.timeline(&ven, &su30, &at);
        for format in Format::ALL {
            let out = write(
                |f, w| export::timeline(&ledger, &ven, &su30, &at, f, w),
                format,
            );
            let rows = match format {
                Format::Csv => read_csv(&out)?,
                _ => read_jsonl(&out, TIMELINE_COLUMNS)?,
            };
            assert_eq!(rows.header, TIMELINE_COLUMNS);
            assert_eq!(rows.rows.len(), steps.len());
            for (row, step) in rows.rows.iter().zip(&steps) {
                assert_eq!(rows.get(row, "holder"), Some("VEN"));
                assert_eq!(rows.get(row, "platform"), Some("su-30mk2"));
                assert_eq!(
                    rows.get(row, "effective"),
                    Some(step.date.to_string().as_str())
                );
                let first = step.date.first_day().to_string();
                assert_eq!(rows.get(row, "effective_first_day"), Some(first.as_str()));
                let precision = step.date.precision().to_string();
                assert_eq!(
                    rows.get(row, "effective_precision"),
                    Some(precision.as_str())
                );
                check_state(&rows, row, &step.state);
                check_as_of(&rows, row, &at);
            }
        }
    }
    assert!(ledger.timeline(&ven, &su30, &AsOf::latest()).len() >= 8);
    Ok(())
}

#[test]
fn pipelines_read_back_match_the_ledger() -> TestResult {
    let ledger = sample()?;
    for at in views() {
        let items: Vec<_> = ledger
            .holders()
            .flat_map(|holder| ledger.pipeline(holder, &at))
            .collect();
        for format in Format::ALL {
            let out = write(|f, w| export::all_pipelines(&ledger, &at, f, w), format);
            let rows = match format {
                Format::Csv => read_csv(&out)?,
                _ => read_jsonl(&out, PIPELINE_COLUMNS)?,
            };
            assert_eq!(rows.header, PIPELINE_COLUMNS);
            assert_eq!(rows.rows.len(), items.len());
            for (row, item) in rows.rows.iter().zip(&items) {
                let entry = &item.entry;
                assert_eq!(
                    rows.get(row, "id"),
                    Some(entry.id().get().to_string().as_str())
                );
                assert_eq!(rows.get(row, "holder"), Some(entry.holder().as_str()));
                assert_eq!(rows.get(row, "change"), Some(entry.change().name()));
                assert_eq!(count(&rows, row, "count"), entry.change().count());
                let remainder = item.remainder();
                let outstanding = item
                    .outstanding
                    .filter(|_| remainder.is_open())
                    .map(|n| n.to_string());
                assert_eq!(rows.get(row, "outstanding"), outstanding.as_deref());
                assert_eq!(rows.get(row, "remainder"), Some(remainder.name()));
                let supplier = entry.change().supplier().map(HolderId::as_str);
                assert_eq!(rows.get(row, "supplier"), supplier);
                assert_eq!(
                    rows.get(row, "note"),
                    entry.note().filter(|n| !n.is_empty())
                );
                check_as_of(&rows, row, &at);
            }
            let ven = h("VEN");
            let one = write(|f, w| export::pipeline(&ledger, &ven, &at, f, w), format);
            let one = match format {
                Format::Csv => read_csv(&one)?,
                _ => read_jsonl(&one, PIPELINE_COLUMNS)?,
            };
            assert_eq!(one.rows.len(), ledger.pipeline(&ven, &at).len());
        }
    }
    // The open repair request, the rest of the order, the Cuban order, the first request.
    let latest = ledger
        .holders()
        .flat_map(|h| ledger.pipeline(h, &AsOf::latest()))
        .count();
    assert!(latest >= 2, "{latest}");
    Ok(())
}

#[test]
fn headers_equal_the_column_constants_even_when_empty() -> TestResult {
    let ledger = Ledger::new(Catalog::reference());
    let (ven, su30, at) = (h("VEN"), PlatformRef::catalog("su-30mk2")?, AsOf::latest());
    type Table<'a> = Box<dyn Fn(Format, &mut Vec<u8>) -> Result<(), ExportError> + 'a>;
    let tables: Vec<(&[&str], Table<'_>)> = vec![
        (
            ENTRY_COLUMNS,
            Box::new(|f, w| export::entries(&ledger, f, w)),
        ),
        (
            HOLDINGS_COLUMNS,
            Box::new(|f, w| export::holdings(&ledger, &ven, &at, f, w)),
        ),
        (
            HOLDINGS_COLUMNS,
            Box::new(|f, w| export::all_holdings(&ledger, &at, f, w)),
        ),
        (
            TIMELINE_COLUMNS,
            Box::new(|f, w| export::timeline(&ledger, &ven, &su30, &at, f, w)),
        ),
        (
            PIPELINE_COLUMNS,
            Box::new(|f, w| export::pipeline(&ledger, &ven, &at, f, w)),
        ),
        (
            PIPELINE_COLUMNS,
            Box::new(|f, w| export::all_pipelines(&ledger, &at, f, w)),
        ),
    ];
    for (columns, table) in &tables {
        let csv = write(table, Format::Csv);
        assert_eq!(String::from_utf8(csv)?, columns.join(",") + "\n");
        assert!(write(table, Format::JsonLines).is_empty());
    }
    // With rows, the header is the same.
    let full = sample()?;
    for (columns, table) in [
        (
            ENTRY_COLUMNS,
            write(|f, w| export::entries(&full, f, w), Format::Csv),
        ),
        (
            HOLDINGS_COLUMNS,
            write(|f, w| export::all_holdings(&full, &at, f, w), Format::Csv),
        ),
    ] {
        let rows = read_csv(&table)?;
        assert_eq!(rows.header, columns);
        assert!(rows.rows.iter().all(|r| r.len() == columns.len()));
    }
    Ok(())
}

/// A writer that fails once `limit` bytes have been written.
struct FailAfter {
    written: usize,
    limit: usize,
}

impl Write for FailAfter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written + buf.len() > self.limit {
            return Err(io::Error::other("disk full"));
        }
        self.written += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_is_an_error_naming_table_format_and_row() -> TestResult {
    let ledger = sample()?;
    let full = write(|f, w| export::entries(&ledger, f, w), Format::Csv).len();
    for format in Format::ALL {
        for limit in [0, 100, full / 2, full - 1] {
            let w = FailAfter { written: 0, limit };
            let err = export::entries(&ledger, format, w).expect_err("the writer fails");
            let ExportError::Io {
                table,
                format: f,
                row,
                source,
            } = &err
            else {
                panic!("{err:?}");
            };
            assert_eq!((*table, *f), ("entries", format));
            assert!(*row <= ledger.len() as u64, "{row}");
            assert_eq!(source.to_string(), "disk full");
            let message = err.to_string();
            assert!(
                message.starts_with(&format!("cannot write the entries table as {format}, row ")),
                "{message}"
            );
        }
    }
    // A big enough writer takes the whole table.
    let w = FailAfter {
        written: 0,
        limit: full,
    };
    export::entries(&ledger, Format::Csv, w)?;
    Ok(())
}

/// Python's `csv` module reads the tables into the documented number of columns and rows
/// (skipped, with a note, when `python3` is not installed).
#[test]
fn python_csv_module_reads_the_tables() -> TestResult {
    let ledger = sample()?;
    let dir = tempfile::tempdir()?;
    let at = AsOf::valid(date(2016, 1, 1));
    let tables = [
        (
            "entries.csv",
            write(|f, w| export::entries(&ledger, f, w), Format::Csv),
            ENTRY_COLUMNS,
            ledger.len(),
        ),
        (
            "holdings.csv",
            write(|f, w| export::all_holdings(&ledger, &at, f, w), Format::Csv),
            HOLDINGS_COLUMNS,
            ledger
                .all_holdings(&at)
                .iter()
                .map(|(_, hs)| hs.len())
                .sum(),
        ),
    ];
    let script = r#"
import csv, sys
path, columns, rows, first = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
with open(path, newline="", encoding="utf-8") as f:
    table = list(csv.reader(f))
assert table[0][0] == first, table[0]
assert all(len(r) == columns for r in table), [len(r) for r in table]
assert len(table) == rows + 1, len(table)
print(len(table) - 1)
"#;
    for (name, bytes, columns, rows) in tables {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes)?;
        let output = match std::process::Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&path)
            .arg(columns.len().to_string())
            .arg(rows.to_string())
            .arg(columns[0])
            .output()
        {
            Ok(output) => output,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                eprintln!("note: python3 not found; skipping the Python csv check");
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(String::from_utf8(output.stdout)?.trim(), rows.to_string());
        assert!(rows > 0);
    }
    Ok(())
}
