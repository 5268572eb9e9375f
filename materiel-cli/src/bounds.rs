//! The bounds of a lot's count held where sources disagree (`Ledger::bounds_with`), as
//! `lot` and `holdings` show them: the range, the point and the policy that chose it, the
//! supports behind them and the resolution in effect.
//!
//! The point is picked by `PointPolicy::Resolved`: the analyst's resolution when one is in
//! effect, otherwise the library's default, grade then recency (`Bounds::policy` says which).

use anyhow::{Context, Result};
use materiel::ledger::{Bounds, PointPolicy, Quantity, Support, SupportOrigin};
use materiel::{AsOf, Change, Count, HolderId, Ledger, PlatformRef};

use crate::conflicts::range;
use crate::output::{plural, table};
use crate::ui::say;

/// The columns `holdings` and `lot` add at the end of their CSV and JSON Lines rows: the
/// bounds, then the assessment that sets the count where other supports disagree with it
/// ([`disputed_assessment`]: its entry id).
pub(crate) const COLUMNS: [&str; 4] = [
    "bounds_lower",
    "bounds_upper",
    "bounds_point",
    "disputed_assessment",
];

/// The trailing cells of one row, in the order of [`COLUMNS`] (`None`: empty, or `null`).
pub(crate) type Cells = [Option<u64>; 4];

/// The bounds of the count held of the lot of `holder` and `platform` at `at`, for every lot:
/// a munition never assessed is `0..=` its flows and a lot whose opening stock is unknown has
/// no upper limit even without a claim, an assessment or a resolution, so no lot is left out.
pub(crate) fn held(
    ledger: &Ledger,
    holder: &HolderId,
    platform: &PlatformRef,
    at: &AsOf,
) -> Bounds {
    ledger.bounds_with(holder, platform, Quantity::Held, at, PointPolicy::Resolved)
}

/// The policy's name for people: `grade then recency`, `resolved`.
pub(crate) fn policy_name(policy: PointPolicy) -> String {
    policy.to_string().replace('_', " ")
}

/// `21..24, point 21 (resolved)`, or `4000.. (no upper limit), no point (resolved)`.
pub(crate) fn summary(b: &Bounds) -> String {
    let point = b
        .point()
        .map_or_else(|| "no point".to_owned(), |p| format!("point {p}"));
    format!(
        "{}, {point} ({})",
        range(b.lower(), b.upper()),
        policy_name(b.policy())
    )
}

/// The trailing cells of a CSV or JSON Lines row: lower, upper, point, and the disputed
/// assessment's entry id (empty for none).
pub(crate) fn cells(b: Option<&Bounds>) -> Cells {
    match b {
        Some(b) => [
            Some(b.lower()),
            b.upper(),
            b.point(),
            b.disputed_assessment()
                .and_then(Support::entry)
                .map(|e| e.id().get()),
        ],
        None => [None; 4],
    }
}

/// The line under a table that says a count marked `*` is set by an assessment other
/// supports disagree with: `{what}` (the lot, or "the count") and `count` as shown, then the
/// assessment's entry, source, grade and date, and the bounds with their point.
pub(crate) fn disputed_line(what: &str, count: Count, b: &Bounds) -> Option<String> {
    let s = b.disputed_assessment()?;
    let e = s.entry()?;
    Some(format!(
        "* {what}: in service {count} is set by the latest assessment, entry {} ({}, graded \
         {}, effective {}), which other supports disagree with; held {}",
        e.id().get(),
        e.source().citation(),
        s.grade(),
        s.effective(),
        summary(b)
    ))
}

/// Where a support comes from, in the CSV vocabulary of `conflicts`: flows, assessed, claimed.
fn origin(s: &Support) -> &'static str {
    match s.origin() {
        SupportOrigin::Flows { .. } => "flows",
        SupportOrigin::Assessment(_) => "assessed",
        _ => "claimed",
    }
}

/// Prints the bounds of `lot`: the summary line, a table of the supports (the chosen one
/// marked `*`) and the resolution in effect, if any.
pub(crate) fn print(b: &Bounds) -> Result<()> {
    say!("held: {}", summary(b));
    let mut t = table(
        &[
            "",
            "support",
            "stated",
            "basis",
            "at this date",
            "grade",
            "effective",
            "source",
            "entry",
        ],
        &[],
    );
    let chosen = b.chosen();
    for s in b.supports() {
        let (citation, entry) = match s.entry() {
            Some(e) => (e.source().citation().to_owned(), e.id().get().to_string()),
            None => match s.origin() {
                SupportOrigin::Flows { entries } => (
                    format!(
                        "recorded flows ({})",
                        plural(*entries as u64, "entry", "entries")
                    ),
                    String::new(),
                ),
                _ => (String::new(), String::new()),
            },
        };
        let basis: &str = s.stated().basis().into();
        t.add_row(vec![
            if chosen == Some(s) { "*" } else { "" }.to_owned(),
            origin(s).to_owned(),
            s.stated().to_string(),
            basis.to_owned(),
            range(s.lower(), s.upper()),
            s.grade().to_string(),
            s.effective().to_string(),
            citation,
            entry,
        ]);
    }
    crate::output::print_table(&t)?;
    if chosen.is_some() {
        say!("* the support whose figure is the point");
    }
    if let Some(r) = b.resolution() {
        let decision = match r.change() {
            Change::Resolved { decision, .. } => decision.to_string(),
            _ => String::new(),
        };
        say!(
            "resolution in effect: entry {} {decision} ({}, {}, {}): {}",
            r.id().get(),
            r.source().citation(),
            r.source().grade(),
            r.effective(),
            r.note().unwrap_or("")
        );
    }
    Ok(())
}

/// Appends the bounds cells to each row of an exported table in `bytes` (CSV with its header,
/// or JSON Lines), the `n`-th row getting `rows[n]`; the library's rows are kept byte for
/// byte (its quoting included).
pub(crate) fn append(
    bytes: &[u8],
    csv: bool,
    rows: &[Cells],
    out: &mut dyn std::io::Write,
) -> Result<()> {
    append_in(bytes, csv, rows, None, out)
}

/// [`append`], the rows written in `order` when given (its `k`-th row is the exported table's
/// row `order[k]`; the CSV header first).
pub(crate) fn append_in(
    bytes: &[u8],
    csv: bool,
    rows: &[Cells],
    order: Option<&[usize]>,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    let cell = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
    // The exported rows (without the CSV header), each without its line ending.
    let mut lines: Vec<&[u8]> = Vec::new();
    if csv {
        for (line, _) in crate::output::csv_lines(bytes)? {
            lines.push(trim_newline(line));
        }
        if !lines.is_empty() {
            let header = lines.remove(0);
            out.write_all(header)?;
            writeln!(out, ",{}", COLUMNS.join(","))?;
        }
    } else {
        lines = bytes
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(trim_newline)
            .collect();
    }
    let natural: Vec<usize> = (0..lines.len()).collect();
    for &n in order.unwrap_or(&natural) {
        let Some(line) = lines.get(n) else { continue };
        let cells = rows.get(n).copied().unwrap_or([None; 4]);
        if csv {
            out.write_all(line)?;
            writeln!(out, ",{}", cells.map(cell).join(","))?;
        } else {
            let json = |v: Option<u64>| v.map_or("null".to_owned(), |v| v.to_string());
            let body = line
                .strip_suffix(b"}")
                .context("exported table: a JSON object")?;
            out.write_all(body)?;
            for (name, v) in COLUMNS.iter().zip(cells) {
                write!(out, ",\"{name}\":{}", json(v))?;
            }
            writeln!(out, "}}")?;
        }
    }
    out.flush().context("cannot write to standard output")
}

/// `line` without its line ending (`\n` or `\r\n`).
fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests fail loudly on purpose
mod tests {
    use super::*;

    #[test]
    fn csv_rows_keep_their_bytes_and_get_the_cells_at_the_end() {
        // A quoted cell with a comma and a line break inside stays one row.
        let csv = b"a,b\n\"x, \"\"y\"\"\nz\",1\n\"w\",2\n";
        let mut out = Vec::new();
        append(
            csv,
            true,
            &[[Some(21), Some(24), Some(21), Some(7)]],
            &mut out,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,b,bounds_lower,bounds_upper,bounds_point,disputed_assessment\n\
             \"x, \"\"y\"\"\nz\",1,21,24,21,7\n\"w\",2,,,,\n"
        );
    }

    #[test]
    fn json_lines_get_the_keys_at_the_end() {
        let json = b"{\"a\":\"}\",\"b\":1}\n{\"a\":null,\"b\":2}\n";
        let mut out = Vec::new();
        append(json, false, &[[Some(4000), None, None, None]], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let rows: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(rows[0]["a"], "}");
        assert_eq!(rows[0]["bounds_lower"], 4000);
        assert_eq!(rows[0]["bounds_upper"], serde_json::Value::Null);
        assert_eq!(rows[1]["b"], 2);
        assert_eq!(rows[1]["bounds_point"], serde_json::Value::Null);
        assert_eq!(rows[0]["disputed_assessment"], serde_json::Value::Null);
    }
}
