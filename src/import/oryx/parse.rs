//! Reading an event file: the header and the rows, as text; the name rules.

use jiff::civil::Date;

use crate::catalog::PlatformKind;
use crate::import::{RowError, RowProblem};

use super::{HEADER, LossStatus, Problem};

/// Column indexes.
pub(super) mod col {
    pub(crate) const COUNTRY: usize = 0;
    pub(crate) const SYSTEM: usize = 2;
    pub(crate) const STATUS: usize = 3;
    pub(crate) const URL: usize = 4;
    pub(crate) const DATE: usize = 5;
    pub(crate) const SYS_ID: usize = 6;
    pub(crate) const IMAGE_ID: usize = 7;
    pub(crate) const STATUS_ID: usize = 8;
    pub(crate) const MAT_ID: usize = 9;
}

/// The first day Oryx's lists cover: the invasion of 2022-02-24.
pub(super) const FIRST_DAY: Date = super::FIRST_DAY;

/// One event row, checked field by field, as text.
pub(super) struct Row<'a> {
    /// `country`, trimmed.
    pub(super) country: &'a str,
    /// `system` without its heading count.
    pub(super) system: &'a str,
    /// `status`.
    pub(super) status: LossStatus,
    /// `url`, trimmed.
    pub(super) url: &'a str,
    /// `date_recorded`.
    pub(super) date: Date,
    /// `matID`.
    pub(super) mat_id: &'a str,
}

/// A field as UTF-8, trimmed, or an [`RowProblem::Encoding`] row error.
fn text(record: &csv::ByteRecord, i: usize, line: u64) -> Result<&str, RowError> {
    let bytes = record.get(i).unwrap_or_default();
    std::str::from_utf8(bytes).map(str::trim).map_err(|e| {
        RowError::new(
            line,
            Some(HEADER[i]),
            String::from_utf8_lossy(bytes),
            RowProblem::Encoding,
            format!(
                "not valid UTF-8 (byte {} of the field)",
                e.valid_up_to() + 1
            ),
        )
    })
}

/// A required field, or a [`RowProblem::Missing`] row error.
fn required(record: &csv::ByteRecord, i: usize, line: u64) -> Result<&str, RowError> {
    let t = text(record, i, line)?;
    if t.is_empty() {
        return Err(RowError::new(
            line,
            Some(HEADER[i]),
            "",
            RowProblem::Missing,
            "required, but empty",
        ));
    }
    Ok(t)
}

/// Checks a data row's fields (not its country, which the state resolves): every problem
/// is a row error naming the field and the value.
pub(super) fn parse_row(
    record: &csv::ByteRecord,
    line: u64,
    latest_day: Date,
) -> Result<Row<'_>, RowError> {
    if record.len() != HEADER.len() {
        return Err(RowError::new(
            line,
            None,
            format!("{} fields", record.len()),
            RowProblem::ColumnCount,
            format!("an event row has {} fields", HEADER.len()),
        ));
    }
    let country = required(record, col::COUNTRY, line)?;
    let raw_system = required(record, col::SYSTEM, line)?;
    let system = system_name(raw_system);
    if system.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RowError::new(
            line,
            Some(HEADER[col::SYSTEM]),
            raw_system,
            RowProblem::Missing,
            "only a heading count, no system name",
        ));
    }
    let status_text = required(record, col::STATUS, line)?;
    let status: LossStatus = status_text.parse().map_err(|_| {
        RowError::new(
            line,
            Some(HEADER[col::STATUS]),
            status_text,
            Problem::LossStatus.into(),
            "not one of destroyed, damaged, abandoned, captured",
        )
    })?;
    let field = required(record, col::URL, line)?;
    // A caption before the address (`KamAZ 6x6 https://...`): the address is the last word.
    let url = match field.rsplit(char::is_whitespace).next() {
        Some(last) if !is_url(field) && is_url(last) => last,
        _ => field,
    };
    if !is_url(url) {
        return Err(RowError::new(
            line,
            Some(HEADER[col::URL]),
            url,
            Problem::BadUrl.into(),
            "not an http:// or https:// address with a host and no white space",
        ));
    }
    let date_text = required(record, col::DATE, line)?;
    let date = parse_date(date_text).ok_or_else(|| {
        RowError::new(
            line,
            Some(HEADER[col::DATE]),
            date_text,
            RowProblem::BadYear,
            "not a date like 2022-03-19",
        )
    })?;
    if date < FIRST_DAY {
        return Err(RowError::new(
            line,
            Some(HEADER[col::DATE]),
            date_text,
            RowProblem::BadYear,
            "before 2022-02-24, the first day Oryx's lists cover",
        ));
    }
    if date > latest_day {
        return Err(RowError::new(
            line,
            Some(HEADER[col::DATE]),
            date_text,
            Problem::FutureDate.into(),
            format!("after {latest_day}, the day the import is recorded"),
        ));
    }
    for i in [col::SYS_ID, col::IMAGE_ID, col::STATUS_ID] {
        if !is_number(record.get(i).unwrap_or_default().trim_ascii()) {
            id(record, i, line, is_number)?;
        }
    }
    let mat_id = id(record, col::MAT_ID, line, is_mat_id)?;
    Ok(Row {
        country,
        system,
        status,
        url,
        date,
        mat_id,
    })
}

/// An id field, required and of the scraper's form (`form` says whether it is), or a
/// [`Problem::BadId`] row error.
fn id(
    record: &csv::ByteRecord,
    i: usize,
    line: u64,
    form: fn(&[u8]) -> bool,
) -> Result<&str, RowError> {
    // Checked as bytes first: an id is ASCII, so it needs no UTF-8 check of its own.
    let bytes = record.get(i).unwrap_or_default().trim_ascii();
    if form(bytes) {
        return Ok(std::str::from_utf8(bytes).expect("digits and `-` are ASCII"));
    }
    let t = required(record, i, line)?;
    if form(t.as_bytes()) {
        return Ok(t);
    }
    Err(RowError::new(
        line,
        Some(HEADER[i]),
        t,
        Problem::BadId.into(),
        if i == col::MAT_ID {
            "not an id of the scraper's form: digits, `-`, digits (`7-121`)"
        } else {
            "not an id of the scraper's form: digits"
        },
    ))
}

/// One or more ASCII digits: `sysID`, `imageID`, `statusID`.
fn is_number(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(u8::is_ascii_digit)
}

/// Digits, `-`, digits: `matID` (`7-95323724`).
fn is_mat_id(s: &[u8]) -> bool {
    s.iter()
        .position(|&b| b == b'-')
        .is_some_and(|i| is_number(&s[..i]) && is_number(&s[i + 1..]))
}

/// `YYYY-MM-DD`, exactly.
fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i16> {
        let part = b.get(r)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        part.iter().try_fold(0i16, |n, d| {
            n.checked_mul(10)?.checked_add(i16::from(d - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// True for an `http://` or `https://` address with a host and no white space or control
/// characters.
pub(super) fn is_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The system name without the heading count the scraper glued on. See the [module
/// documentation](super#system-names).
///
/// ```
/// use materiel::import::oryx::system_name;
///
/// assert_eq!(system_name("11 Su-30SM multirole aircraft"), "Su-30SM multirole aircraft");
/// assert_eq!(system_name("Su-30SM multirole aircraft"), "Su-30SM multirole aircraft");
/// assert_eq!(system_name("100mm MT-12 anti-tank gun"), "100mm MT-12 anti-tank gun");
/// assert_eq!(system_name("3 23 ItK 61 23mm"), "23 ItK 61 23mm");
/// assert_eq!(system_name("9K35 Strela-10"), "9K35 Strela-10");
/// ```
pub fn system_name(raw: &str) -> &str {
    let s = raw.trim();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && s.as_bytes().get(digits) == Some(&b' ') {
        s[digits + 1..].trim_start()
    } else {
        s
    }
}

/// The platform kind of an uncatalogued system, told from its name. See the [module
/// documentation](super#system-names).
///
/// ```
/// use materiel::import::oryx::platform_kind;
/// use materiel::PlatformKind;
///
/// assert_eq!(platform_kind("Su-30SM multirole aircraft"), PlatformKind::Aircraft);
/// assert_eq!(platform_kind("Mi-8 transport helicopter"), PlatformKind::Aircraft);
/// assert_eq!(platform_kind("An-26 transport aircraft"), PlatformKind::Transport);
/// assert_eq!(platform_kind("9A317 TELAR (for Buk-M2)"), PlatformKind::SamSystem);
/// assert_eq!(platform_kind("Unknown SAM system"), PlatformKind::SamSystem);
/// assert_eq!(platform_kind("9K38 Igla"), PlatformKind::Missile);
/// assert_eq!(platform_kind("ZU-23 23mm anti-aircraft gun"), PlatformKind::Generic);
/// assert_eq!(platform_kind("Orlan-10 reconnaissance UAV"), PlatformKind::Generic);
/// assert_eq!(platform_kind("T-72B3 obr. 2016"), PlatformKind::Generic);
/// ```
pub fn platform_kind(system: &str) -> PlatformKind {
    let lower = system.to_ascii_lowercase();
    let has = |w: &str| lower.contains(w);
    let word = |w: &str| {
        lower
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .any(|t| t == w)
    };
    if has("transport aircraft") {
        PlatformKind::Transport
    } else if (has("aircraft") && !has("anti-aircraft")) || has("helicopter") {
        PlatformKind::Aircraft
    } else if has("radar") || has("uav") || has("drone") {
        PlatformKind::Generic
    } else if word("sam")
        || has("surface-to-air")
        || word("telar")
        || word("tlar")
        || word("tel")
        || has("launcher for s-300")
        || has("launcher for s-400")
        || word("nasams")
        || word("iris-t")
        || has("strela-10")
        || word("osa")
        || has("pantsir")
    {
        PlatformKind::SamSystem
    } else if word("manpads") || word("igla") || word("igla-1") || word("stinger") {
        PlatformKind::Missile
    } else {
        PlatformKind::Generic
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_urls() {
        assert_eq!(
            parse_date("2022-03-19"),
            Some(jiff::civil::date(2022, 3, 19))
        );
        for bad in [
            "2022-3-19",
            "2022-02-30",
            "20220319xx",
            "+022-03-19",
            "2022-03-1x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert!(is_url("https://i.postimg.cc/prhtMJt6/gg4.jpg"));
        assert!(is_url("http://example.org"));
        for bad in [
            "ftp://x",
            "https://",
            "https:///a",
            "not a url",
            "https://a b",
            "https://a/\u{7}",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn ids() {
        for good in ["0", "7", "1263"] {
            assert!(is_number(good.as_bytes()), "{good}");
        }
        for bad in ["", "-1", "1.0", "1 ", "x", "\u{661}"] {
            assert!(!is_number(bad.as_bytes()), "{bad}");
        }
        for good in ["7-121", "7-95323724", "0-0"] {
            assert!(is_mat_id(good.as_bytes()), "{good}");
        }
        for bad in ["", "7", "7-", "-121", "7-1-2", "7_121", "7 -121", "x-1"] {
            assert!(!is_mat_id(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(system_name("  7  T-72B3 "), "T-72B3");
        assert_eq!(system_name("12"), "12");
        assert_eq!(system_name("12 "), "12");
        assert_eq!(system_name("122mm 2B17 Tornado-G"), "122mm 2B17 Tornado-G");
    }
}
