//! Reading the export: the preamble, the header and the rows, as text; no mapping.

use std::io::BufRead;

use jiff::civil::Date;

use crate::import::{Lines, MAX_LINE_BYTES, ReadLineError, RowError, RowProblem, read_line};
use crate::ledger::{Condition, MAX_COUNT};

use super::{Category, Error, HEADER, Problem};

/// Lines before the header (one fewer when the `Data generated:` line is missing and the
/// edition is given: [`Preamble::lines`]).
pub(super) const PREAMBLE_LINES: u64 = 11;
const TITLE_PREFIX: &str = "Transfers of major conventional arms";
const ATTRIBUTION: &str = "Source: SIPRI Arms Transfers Database (c) SIPRI.";
const GENERATED_PREFIX: &str = "Data generated: ";
/// SIPRI's name for a supplier it does not know.
pub(super) const UNKNOWN_SUPPLIER: &str = "unknown supplier(s)";
/// Years a SIPRI row may carry (order dates go back to the 1950s).
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// Column indexes.
pub(super) mod col {
    pub(crate) const DEAL: usize = 0;
    pub(crate) const SUPPLIER: usize = 1;
    pub(crate) const RECIPIENT: usize = 2;
    pub(crate) const DESIGNATION: usize = 3;
    pub(crate) const CATEGORY: usize = 5;
    pub(crate) const ORDER_YEAR: usize = 6;
    pub(crate) const ORDER_YEAR_EST: usize = 7;
    pub(crate) const DELIVERED: usize = 8;
    pub(crate) const DELIVERED_EST: usize = 9;
    pub(crate) const DELIVERY_YEAR: usize = 10;
    pub(crate) const DELIVERY_YEAR_EST: usize = 11;
    pub(crate) const STATUS: usize = 12;
    pub(crate) const SIPRI_ESTIMATE: usize = 13;
    pub(crate) const TIV_UNIT: usize = 14;
    pub(crate) const TIV_DELIVERY: usize = 15;
    pub(crate) const LOCAL_PRODUCTION: usize = 16;
}

/// A data row's record, or the error of a row cut off.
pub(super) type RowRecord<'a> = Result<&'a csv::ByteRecord, RowError>;

/// The rows after the preamble: the header checked, then one record per data row with the
/// line it starts on; each row bounded ([`Lines`]).
pub(super) struct Records<R> {
    csv: csv::Reader<Lines<R>>,
    record: csv::ByteRecord,
    /// Lines before the header.
    preamble_lines: u64,
}

impl<R: BufRead> Records<R> {
    /// Reads and checks the header line from `input`, the input after the preamble of
    /// `preamble_lines` lines.
    pub(super) fn new(input: R, preamble_lines: u64) -> Result<Self, Error> {
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            // Rows end at `\n` only, so that the reader's line count (it counts `\n`) is at
            // each row's own line: with CRLF it would end a row at its `\r` and count the
            // `\n` into the next row, one line early. The `\r` is trimmed with the last field.
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(64 * 1024)
            .from_reader(Lines::new(input, preamble_lines + 1));
        let mut record = csv::ByteRecord::new();
        let line = preamble_lines + 1;
        match csv.read_byte_record(&mut record) {
            Ok(true) if csv.get_ref().cut(csv.position().byte(), &record) => {
                return Err(Error::Truncated { line });
            }
            Ok(true) => check_header(&record, line)?,
            Ok(false) => return Err(Error::Truncated { line }),
            Err(e) => return Err(read_error(csv.get_ref(), line, &e)),
        }
        Ok(Self {
            csv,
            record,
            preamble_lines,
        })
    }

    /// The next data row and its line, blank lines skipped; a row the input ends inside is
    /// a [`RowProblem::Truncated`] row error. `None` at the end of the input.
    pub(super) fn next_row(&mut self) -> Result<Option<(u64, RowRecord<'_>)>, Error> {
        loop {
            let line_guess = self.preamble_lines + self.csv.position().line();
            let start = self.csv.position().byte();
            self.csv.get_mut().start_row(start);
            match self.csv.read_byte_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(e) => return Err(read_error(self.csv.get_ref(), line_guess, &e)),
            }
            // A blank CRLF line (a blank LF line yields no record).
            if self.record.len() == 1 && &self.record[0] == b"\r" {
                continue;
            }
            let line = self.csv.get_ref().row_line().unwrap_or(line_guess);
            if self
                .csv
                .get_ref()
                .cut(self.csv.position().byte(), &self.record)
            {
                return Ok(Some((
                    line,
                    Err(RowError::new(
                        line,
                        None,
                        format!("{} fields", self.record.len()),
                        RowProblem::Truncated,
                        "the input ends inside this row: no line end follows it (the export ends every row with one), so it may be cut off",
                    )),
                )));
            }
            return Ok(Some((line, Ok(&self.record))));
        }
    }
}

/// A read that failed: a row over the limit, or the input's own error.
fn read_error<R>(lines: &Lines<R>, line: u64, e: &csv::Error) -> Error {
    match lines.too_long() {
        Some(too_long) => Error::LineTooLong(too_long.clone()),
        None => Error::Io {
            what: "input".into(),
            line,
            message: e.to_string(),
        },
    }
}

/// What the preamble says.
pub(super) struct Preamble {
    /// The `Data generated:` text.
    pub(super) generated: String,
    /// Its date.
    pub(super) generated_date: Date,
    /// The title's year window.
    pub(super) window: Option<(i16, i16)>,
    /// Lines before the header: [`PREAMBLE_LINES`], or one fewer when the `Data generated:`
    /// line is missing.
    pub(super) lines: u64,
    /// The bytes of a line read as line 11 that is not the `Data generated:` line (the
    /// header, when that line is missing): the input after the preamble starts with them.
    pub(super) pending: Vec<u8>,
}

/// Reads and checks the 11 preamble lines. With `edition` (the date the caller gives, see
/// [`Options::edition`](super::Options::edition)), the `Data generated:` line may be missing
/// (its date is then `edition`) and, when present, must name `edition`.
pub(super) fn read_preamble<R: BufRead>(
    input: &mut R,
    edition: Option<Date>,
) -> Result<Preamble, Error> {
    let mut buf = Vec::with_capacity(256);
    let mut title = String::new();
    let mut generated = None;
    for line in 1..=PREAMBLE_LINES {
        let n = read_line(input, &mut buf, line, MAX_LINE_BYTES).map_err(|e| match e {
            ReadLineError::Io(e) => Error::Io {
                what: "input".into(),
                line,
                message: e.to_string(),
            },
            ReadLineError::TooLong(e) => Error::LineTooLong(e),
        })?;
        if n == 0 {
            return Err(Error::Truncated { line });
        }
        let mut bytes: &[u8] = &buf;
        if line == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        while let [rest @ .., b'\n' | b'\r'] = bytes {
            bytes = rest;
        }
        let text = String::from_utf8_lossy(bytes);
        match line {
            1 => {
                if !text.starts_with(TITLE_PREFIX) {
                    return Err(Error::Preamble {
                        line,
                        expected: TITLE_PREFIX,
                        found: text.into_owned(),
                    });
                }
                title = text.into_owned();
            }
            10 if text.trim_end() != ATTRIBUTION => {
                return Err(Error::Preamble {
                    line,
                    expected: ATTRIBUTION,
                    found: text.into_owned(),
                });
            }
            11 => match text.strip_prefix(GENERATED_PREFIX) {
                Some(rest) => generated = Some(rest.trim().to_owned()),
                None => {
                    let Some(date) = edition else {
                        return Err(Error::Preamble {
                            line,
                            expected: GENERATED_PREFIX,
                            found: text.into_owned(),
                        });
                    };
                    // No `Data generated:` line: this line is the header, read again after.
                    return Ok(Preamble {
                        generated: String::new(),
                        generated_date: date,
                        window: parse_window(&title),
                        lines: PREAMBLE_LINES - 1,
                        pending: std::mem::take(&mut buf),
                    });
                }
            },
            _ => {}
        }
    }
    let generated = generated.unwrap_or_default();
    let Some(generated_date) = parse_generated(&generated) else {
        return Err(Error::GeneratedDate {
            line: PREAMBLE_LINES,
            value: generated,
        });
    };
    if let Some(given) = edition.filter(|d| *d != generated_date) {
        return Err(Error::EditionMismatch {
            line: PREAMBLE_LINES,
            file: generated_date,
            given,
        });
    }
    Ok(Preamble {
        generated,
        generated_date,
        window: parse_window(&title),
        lines: PREAMBLE_LINES,
        pending: Vec::new(),
    })
}

/// The forms of the `Data generated:` text, for jiff's strtime: SIPRI's (`3 Jan 2025 9:16:02
/// PM`), and the date alone; month names abbreviated or in full (any ASCII case).
const GENERATED_FORMATS: [&str; 4] = [
    "%d %b %Y %I:%M:%S %p",
    "%d %B %Y %I:%M:%S %p",
    "%d %b %Y",
    "%d %B %Y",
];

/// `3 Jan 2025 9:16:02 PM` -> 2025-01-03; `None` unless the whole text is one of
/// [`GENERATED_FORMATS`] naming a real date in [`YEARS`].
fn parse_generated(text: &str) -> Option<Date> {
    let date = GENERATED_FORMATS
        .iter()
        .find_map(|format| jiff::fmt::strtime::parse(format, text).ok()?.to_date().ok())?;
    YEARS.contains(&date.year()).then_some(date)
}

/// `... year range '2000' to '2030'` -> (2000, 2030). A range whose years are not both in
/// [`YEARS`], first to last, is no window (as a title that states none): its openings would
/// fall on dates no row may have.
fn parse_window(title: &str) -> Option<(i16, i16)> {
    let rest = &title[title.find("year range '")? + "year range '".len()..];
    let (from, rest) = rest.split_once('\'')?;
    let rest = rest.trim_start().strip_prefix("to")?.trim_start();
    let to = rest.strip_prefix('\'')?.split('\'').next()?;
    let (from, to): (i16, i16) = (from.parse().ok()?, to.parse().ok()?);
    (YEARS.contains(&from) && YEARS.contains(&to) && from <= to).then_some((from, to))
}

/// Checks the header line against [`HEADER`].
pub(super) fn check_header(record: &csv::ByteRecord, line: u64) -> Result<(), Error> {
    for (i, expected) in HEADER.iter().enumerate() {
        let found = record.get(i).unwrap_or_default();
        let found = String::from_utf8_lossy(found);
        let found = if i == 0 {
            found.trim_start_matches('\u{feff}')
        } else {
            &found
        };
        if found.trim() != *expected {
            return Err(Error::Header {
                line,
                column: i + 1,
                expected,
                found: found.to_owned(),
            });
        }
    }
    if record.len() > HEADER.len() {
        return Err(Error::Header {
            line,
            column: HEADER.len() + 1,
            expected: "",
            found: String::from_utf8_lossy(&record[HEADER.len()]).into_owned(),
        });
    }
    Ok(())
}

/// A yes / no flag; `None` when the export leaves it empty.
pub(super) type Flag = Option<bool>;

/// `yes`, `no` or `unknown`, as the notes write a flag.
pub(super) fn flag_text(f: Flag) -> &'static str {
    match f {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

/// A data row as the export writes it: its 17 fields in [`HEADER`]'s order, untrimmed,
/// borrowed from the record. Read with serde through the csv crate's `deserialize`, which
/// checks each field's UTF-8 and names the field that is not.
///
/// Measured (`cargo bench --bench ledger -- sipri_import`, quick mode, on a loaded 2-core
/// machine): 61.3 ms through serde against 60.6 ms with a hand-kept path that checks the
/// whole record's UTF-8 once and slices it, a difference within the noise, so there is no
/// hand-kept path.
#[derive(serde::Deserialize)]
struct Fields<'a> {
    deal: &'a str,
    supplier: &'a str,
    recipient: &'a str,
    designation: &'a str,
    description: &'a str,
    category: &'a str,
    order_year: &'a str,
    order_year_est: &'a str,
    delivered: &'a str,
    delivered_est: &'a str,
    delivery_year: &'a str,
    delivery_year_est: &'a str,
    status: &'a str,
    sipri_estimate: &'a str,
    tiv_unit: &'a str,
    tiv_delivery: &'a str,
    local_production: &'a str,
}

/// One row's fields, checked and typed; text borrowed from the record, trimmed.
pub(super) struct Row<'a> {
    pub(super) deal: u32,
    pub(super) deal_text: &'a str,
    pub(super) supplier: &'a str,
    pub(super) recipient: &'a str,
    pub(super) designation: &'a str,
    pub(super) description: &'a str,
    pub(super) category: Category,
    pub(super) order_year: i16,
    pub(super) order_year_est: Flag,
    pub(super) delivered: u64,
    pub(super) delivered_est: Flag,
    pub(super) delivery_year: Option<i16>,
    pub(super) delivery_year_est: Flag,
    pub(super) condition: Condition,
    pub(super) sipri_estimate: &'a str,
    pub(super) tiv_unit: &'a str,
    pub(super) tiv_delivery: &'a str,
    pub(super) local_production: Flag,
}

/// Reads and checks one data row (the record of the row starting at `line`).
pub(super) fn parse_row(record: &csv::ByteRecord, line: u64) -> Result<Row<'_>, RowError> {
    if record.len() != HEADER.len() {
        return Err(RowError::new(
            line,
            None,
            format!("{} fields", record.len()),
            RowProblem::ColumnCount,
            format!("expected {} fields", HEADER.len()),
        ));
    }
    let f: Fields<'_> = record
        .deserialize(None)
        .map_err(|e| not_utf8(record, &e, line))?;
    // Checked in column order, so a row with several bad fields reports the first.
    let deal_text = required(f.deal, col::DEAL, line)?;
    let deal = deal_text.parse::<u32>().map_err(|_| {
        RowError::new(
            line,
            Some(HEADER[col::DEAL]),
            deal_text,
            RowProblem::BadNumber,
            "expected a deal number",
        )
    })?;
    let supplier = required(f.supplier, col::SUPPLIER, line)?;
    let recipient = required(f.recipient, col::RECIPIENT, line)?;
    let designation = required(f.designation, col::DESIGNATION, line)?;
    let category_text = required(f.category, col::CATEGORY, line)?;
    let category = category_text.parse::<Category>().map_err(|_| {
        RowError::new(
            line,
            Some(HEADER[col::CATEGORY]),
            category_text,
            Problem::UnknownCategory.into(),
            "not a SIPRI armament category",
        )
    })?;
    let order_year = required(f.order_year, col::ORDER_YEAR, line)?;
    let order_year = year(order_year, col::ORDER_YEAR, line)?;
    let order_year_est = flag(f.order_year_est, col::ORDER_YEAR_EST, line)?;
    let delivered = delivered(f.delivered.trim_ascii(), line)?;
    let delivered_est = flag(f.delivered_est, col::DELIVERED_EST, line)?;
    let delivery_year = match f.delivery_year.trim_ascii() {
        "" if delivered > 0 => {
            return Err(RowError::new(
                line,
                Some(HEADER[col::DELIVERY_YEAR]),
                "",
                RowProblem::Missing,
                "a delivery needs its year",
            ));
        }
        "" => None,
        text => Some(year(text, col::DELIVERY_YEAR, line)?),
    };
    let delivery_year_est = flag(f.delivery_year_est, col::DELIVERY_YEAR_EST, line)?;
    let condition = condition(required(f.status, col::STATUS, line)?, line)?;
    Ok(Row {
        deal,
        deal_text,
        supplier,
        recipient,
        designation,
        description: f.description.trim_ascii(),
        category,
        order_year,
        order_year_est,
        delivered,
        delivered_est,
        delivery_year,
        delivery_year_est,
        condition,
        sipri_estimate: decimal(f.sipri_estimate, col::SIPRI_ESTIMATE, line)?,
        tiv_unit: decimal(f.tiv_unit, col::TIV_UNIT, line)?,
        tiv_delivery: decimal(f.tiv_delivery, col::TIV_DELIVERY, line)?,
        local_production: flag(f.local_production, col::LOCAL_PRODUCTION, line)?,
    })
}

/// The row error of a field that is not UTF-8 (the only way 17 text fields can fail to
/// deserialize).
fn not_utf8(record: &csv::ByteRecord, e: &csv::Error, line: u64) -> RowError {
    let (i, reason) = match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => (
            err.field().map_or(0, |i| i as usize),
            match err.kind() {
                csv::DeserializeErrorKind::InvalidUtf8(e) => format!("not UTF-8 ({e})"),
                other => other.to_string(),
            },
        ),
        other => (0, format!("{other:?}")),
    };
    RowError::new(
        line,
        HEADER.get(i).copied(),
        String::from_utf8_lossy(record.get(i).unwrap_or_default()),
        RowProblem::Encoding,
        reason,
    )
}

fn required(s: &str, i: usize, line: u64) -> Result<&str, RowError> {
    match s.trim_ascii() {
        "" => Err(RowError::new(
            line,
            Some(HEADER[i]),
            "",
            RowProblem::Missing,
            "the field is required",
        )),
        s => Ok(s),
    }
}

fn flag(s: &str, i: usize, line: u64) -> Result<Flag, RowError> {
    let s = s.trim_ascii();
    if s.is_empty() {
        Ok(None)
    } else if s.eq_ignore_ascii_case("yes") {
        Ok(Some(true))
    } else if s.eq_ignore_ascii_case("no") {
        Ok(Some(false))
    } else {
        Err(RowError::new(
            line,
            Some(HEADER[i]),
            s,
            RowProblem::BadFlag,
            "expected `Yes`, `No` or nothing",
        ))
    }
}

fn year(s: &str, i: usize, line: u64) -> Result<i16, RowError> {
    match s.parse::<i16>() {
        Ok(y) if YEARS.contains(&y) => Ok(y),
        _ => Err(RowError::new(
            line,
            Some(HEADER[i]),
            s,
            RowProblem::BadYear,
            "expected a year from 1900 to 2100",
        )),
    }
}

/// `Numbers delivered`: empty is 0.
fn delivered(s: &str, line: u64) -> Result<u64, RowError> {
    match s.parse::<u64>() {
        _ if s.is_empty() => Ok(0),
        Ok(n) if n <= MAX_COUNT => Ok(n),
        _ => Err(RowError::new(
            line,
            Some(HEADER[col::DELIVERED]),
            s,
            RowProblem::BadNumber,
            format!("expected a whole number from 0 to {MAX_COUNT}"),
        )),
    }
}

fn condition(status: &str, line: u64) -> Result<Condition, RowError> {
    if status.eq_ignore_ascii_case("New") {
        Ok(Condition::New)
    } else if status.eq_ignore_ascii_case("Second hand") {
        Ok(Condition::SecondHand)
    } else if status.eq_ignore_ascii_case("Second hand but modernized")
        || status.eq_ignore_ascii_case("Second hand but modernised")
    {
        Ok(Condition::SecondHandModernised)
    } else {
        Err(RowError::new(
            line,
            Some(HEADER[col::STATUS]),
            status,
            Problem::UnknownStatus.into(),
            "expected `New`, `Second hand` or `Second hand but modernized`",
        ))
    }
}

/// A TIV figure: a non-negative decimal or nothing, kept as the export's text.
fn decimal(s: &str, i: usize, line: u64) -> Result<&str, RowError> {
    let s = s.trim_ascii();
    if s.is_empty() || plain_decimal(s) || s.parse::<f64>().is_ok_and(|v| v.is_finite() && v >= 0.0)
    {
        Ok(s)
    } else {
        Err(RowError::new(
            line,
            Some(HEADER[i]),
            s,
            RowProblem::BadNumber,
            "expected a non-negative decimal number (millions of TIV) or nothing",
        ))
    }
}

/// `12`, `12.5`, `.5`: the plain non-negative decimals SIPRI writes, checked without a float
/// parse (anything else goes through `f64::from_str`).
fn plain_decimal(s: &str) -> bool {
    // Flags, not counters: no field is long enough to overflow them.
    let mut digit = false;
    let mut dot = false;
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => digit = true,
            b'.' if !dot => dot = true,
            _ => return false,
        }
    }
    digit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_date_and_window() {
        assert_eq!(
            parse_generated("3 Jan 2025 9:16:02 PM"),
            Some(jiff::civil::date(2025, 1, 3))
        );
        assert_eq!(parse_generated("31 Feb 2025"), None);
        assert_eq!(parse_generated("3 Ja\u{e9} 2025"), None);
        assert_eq!(
            parse_generated("3 \u{e9}\u{e9}\u{e9} 2025 9:16:02 PM"),
            None
        );
        assert_eq!(parse_generated("yesterday"), None);
        assert_eq!(
            parse_window("Deals with deliveries or orders made for year range '2000' to '2030' "),
            Some((2000, 2030))
        );
        assert_eq!(parse_window("Transfers of major conventional arms"), None);
        // A garbled range (a digit lost: year 0, which no date has) is no window.
        for title in [
            "for year range '000' to '2030' ",
            "for year range '2000' to '20300' ",
            "for year range '2030' to '2000' ",
        ] {
            assert_eq!(parse_window(title), None, "{title}");
        }
    }

    #[test]
    fn plain_decimals() {
        for s in ["12", "12.5", ".5", "5.", "0"] {
            assert!(plain_decimal(s), "{s}");
        }
        for s in ["", ".", "1..2", "1.2.3", "-1", "1e3", "\u{e9}", "1 2"] {
            assert!(!plain_decimal(s), "{s}");
        }
    }
}
