//! Valid time with precision ([`EffectiveDate`]), transaction time ([`Timestamp`]), and the
//! pair of them (with a grade) that a query reads ([`AsOf`]).
//!
//! [`Timestamp`]: jiff::Timestamp

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::error::ParseError;
use crate::provenance::Grade;

/// How precisely an [`EffectiveDate`] is known: SIPRI gives years, news reports give days,
/// loss lists give the day a loss was first listed (it happened on or before it).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::precision)]
pub enum Precision {
    /// Known to the year (`2013`).
    Year,
    /// Known to the month (`2013-07`).
    Month,
    /// Known to the day (`2013-07-15`).
    Day,
    /// On or before the day (`<=2022-03-19`): the day it was known by, such as the day Oryx
    /// first listed a loss. How much earlier is not known.
    OnOrBefore,
}

/// When a change was true in the world (valid time): a calendar day, month or year, or "on or
/// before" a day.
///
/// An effective date is a period: `2013` is all of 2013, `2013-07` all of July. For ordering
/// and for as-of queries the ledger takes a change to be in effect **from the first day of its
/// period**: a delivery dated `2013` counts in holdings on 2013-01-01 and after. Dates sort by
/// that first day, coarser precision first on the same day (a `2013` entry sorts before a
/// `2013-01-01` one); entries with equal dates keep their append order.
///
/// An **on-or-before** date (`<=2022-03-19`, [`EffectiveDate::on_or_before`]) is what a loss
/// list gives: the day a loss was first listed, which it happened on or before. Its period has
/// no known start, so the ledger counts it **from the day it was known by**, its only certain
/// day: "as of D" includes it once D is that day or later, and never guesses an earlier day
/// (counting from the earliest possible day is not an option: there is none). Both
/// [`first_day`](Self::first_day) and [`last_day`](Self::last_day) are that day;
/// [`contains`](Self::contains) is true of it and every earlier day. On its day it sorts after
/// the entries dated by year, month or that exact day: it is known by the end of the day, and
/// counts are checked at the end of a day anyway.
///
/// Text form (also the serde form): `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `<=YYYY-MM-DD`, years 1
/// to 9999.
///
/// # Example
///
/// ```
/// use materiel::ledger::Precision;
/// use materiel::EffectiveDate;
///
/// let d: EffectiveDate = "2013".parse()?;
/// assert_eq!(d.precision(), Precision::Year);
/// assert_eq!(d.first_day().to_string(), "2013-01-01");
/// assert_eq!(d.last_day().to_string(), "2013-12-31");
/// assert!(d < "2013-01-01".parse()?);
/// assert_eq!(EffectiveDate::month(2025, 2)?.to_string(), "2025-02");
/// assert!("2013-02-30".parse::<EffectiveDate>().is_err());
/// let listed: EffectiveDate = "<=2022-03-19".parse()?;
/// assert_eq!(listed.precision(), Precision::OnOrBefore);
/// assert_eq!(listed.first_day().to_string(), "2022-03-19");
/// assert!(listed.contains(jiff::civil::date(2022, 2, 24)));
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EffectiveDate {
    first: Date,
    precision: Precision,
}

fn date_error(text: impl Into<String>, reason: impl fmt::Display) -> ParseError {
    ParseError::Date {
        text: text.into(),
        reason: reason.to_string(),
    }
}

fn check_year(year: i16, text: &dyn fmt::Display) -> Result<(), ParseError> {
    if (1..=9999).contains(&year) {
        Ok(())
    } else {
        Err(date_error(
            text.to_string(),
            "year must be between 1 and 9999",
        ))
    }
}

impl EffectiveDate {
    /// A date known to the year.
    ///
    /// # Errors
    ///
    /// [`ParseError::Date`] when the year is outside 1..=9999.
    ///
    /// ```
    /// assert_eq!(materiel::EffectiveDate::year(2008)?.to_string(), "2008");
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn year(year: i16) -> Result<Self, ParseError> {
        check_year(year, &year)?;
        let first = Date::new(year, 1, 1).map_err(|e| date_error(year.to_string(), e))?;
        Ok(Self {
            first,
            precision: Precision::Year,
        })
    }

    /// A date known to the month.
    ///
    /// # Errors
    ///
    /// [`ParseError::Date`] when the year is outside 1..=9999 or the month outside 1..=12.
    ///
    /// ```
    /// assert_eq!(materiel::EffectiveDate::month(2025, 10)?.to_string(), "2025-10");
    /// assert!(materiel::EffectiveDate::month(2025, 13).is_err());
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn month(year: i16, month: i8) -> Result<Self, ParseError> {
        let text = format!("{year:04}-{month:02}");
        check_year(year, &text)?;
        let first = Date::new(year, month, 1).map_err(|e| date_error(text, e))?;
        Ok(Self {
            first,
            precision: Precision::Month,
        })
    }

    /// A date known to the day.
    ///
    /// # Errors
    ///
    /// [`ParseError::Date`] when the date does not exist or the year is outside 1..=9999.
    ///
    /// ```
    /// assert_eq!(materiel::EffectiveDate::day(2025, 10, 31)?.to_string(), "2025-10-31");
    /// assert!(materiel::EffectiveDate::day(2025, 2, 29).is_err());
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn day(year: i16, month: i8, day: i8) -> Result<Self, ParseError> {
        let text = format!("{year:04}-{month:02}-{day:02}");
        check_year(year, &text)?;
        let first = Date::new(year, month, day).map_err(|e| date_error(text, e))?;
        Ok(Self {
            first,
            precision: Precision::Day,
        })
    }

    /// A date known only to be on or before a day: the day a loss list first listed a loss.
    /// Counted from that day (see the type's documentation).
    ///
    /// # Errors
    ///
    /// [`ParseError::Date`] when the date does not exist or the year is outside 1..=9999.
    ///
    /// ```
    /// let d = materiel::EffectiveDate::on_or_before(2022, 3, 19)?;
    /// assert_eq!(d.to_string(), "<=2022-03-19");
    /// assert!(materiel::EffectiveDate::day(2022, 3, 19)? < d);
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn on_or_before(year: i16, month: i8, day: i8) -> Result<Self, ParseError> {
        let text = format!("<={year:04}-{month:02}-{day:02}");
        check_year(year, &text)?;
        let first = Date::new(year, month, day).map_err(|e| date_error(text, e))?;
        Ok(Self {
            first,
            precision: Precision::OnOrBefore,
        })
    }

    /// A date known to the day, from a [`jiff::civil::Date`].
    ///
    /// # Errors
    ///
    /// [`ParseError::Date`] when the year is outside 1..=9999.
    pub fn from_date(date: Date) -> Result<Self, ParseError> {
        check_year(date.year(), &date)?;
        Ok(Self {
            first: date,
            precision: Precision::Day,
        })
    }

    /// The first day of the period, from which the ledger takes the change to be in effect;
    /// for an on-or-before date, the day it was known by.
    pub fn first_day(self) -> Date {
        self.first
    }

    /// The last day of the period (for an on-or-before date, its day).
    pub fn last_day(self) -> Date {
        match self.precision {
            Precision::Day | Precision::OnOrBefore => self.first,
            Precision::Month => self.first.last_of_month(),
            Precision::Year => self.first.last_of_year(),
        }
    }

    /// How precisely the date is known.
    pub fn precision(self) -> Precision {
        self.precision
    }

    /// True when `date` falls inside the period: for an on-or-before date, on or before its
    /// day.
    ///
    /// ```
    /// use jiff::civil::date;
    /// let d = materiel::EffectiveDate::month(2013, 7)?;
    /// assert!(d.contains(date(2013, 7, 31)));
    /// assert!(!d.contains(date(2013, 8, 1)));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn contains(self, date: Date) -> bool {
        (self.precision == Precision::OnOrBefore || self.first <= date) && date <= self.last_day()
    }

    /// The sort key used by the ledger index: days since 0001-01-01 of the first day, with the
    /// precision rank in the low bits so coarser dates sort first on the same day (and an
    /// on-or-before date last: rank 3).
    pub(crate) fn key(self) -> i32 {
        day_number(self.first) * 4 + self.precision as i32
    }

    /// The date whose [`key`](Self::key) is `key`, if there is one (a checkpoint stores dates
    /// by key): built through the public constructors, so it is as valid as any other.
    pub(crate) fn from_key(key: i32) -> Option<Self> {
        const DAY_0: Date = Date::constant(1, 1, 1);
        let days = jiff::Span::new().try_days(key.div_euclid(4)).ok()?;
        let first = DAY_0.checked_add(days).ok()?;
        let (y, m, d) = (first.year(), first.month(), first.day());
        let date = match key.rem_euclid(4) {
            0 => Self::year(y),
            1 => Self::month(y, m),
            2 => Self::day(y, m, d),
            _ => Self::on_or_before(y, m, d),
        }
        .ok()?;
        (date.key() == key).then_some(date)
    }
}

/// Days since 0001-01-01 (day 0); negative before it (query dates can be that early).
pub(crate) fn day_number(date: Date) -> i32 {
    const DAY_0: Date = Date::constant(1, 1, 1);
    // Every `Date` is within 10,000 years of day 0: the day count fits `i32`.
    (date.duration_since(DAY_0).as_hours() / 24) as i32
}

/// The index key of the last moment of a query day: every effective date whose first day is
/// on or before `date`.
pub(crate) fn query_key(date: Date) -> i32 {
    day_number(date) * 4 + 3
}

/// Which knowledge a query reads: valid time (what was true on which day), transaction time
/// (as known when), and an optional minimum source grade.
///
/// * `valid`: the day the answer is about. Entries are in effect from the first day of their
///   [`EffectiveDate`]. Default: after every entry.
/// * `known`: the transaction time the answer is as of: only entries recorded at or before it
///   count, and a retraction counts only from its own recorded time. Default: everything
///   recorded.
/// * `min_grade`: only entries whose source [meets](Grade::meets) the grade count. The
///   ledger validates counts over all entries, so a filtered view can lose an entry some later
///   one depends on: its counts are then clamped at zero and
///   [`LotState::is_consistent`](crate::ledger::LotState::is_consistent) is false.
////// * `observed_within`: how many days before the valid date an
///   [observation](crate::Change::Observed) still counts in
///   [`Ledger::observations`](crate::Ledger::observations) and the observed lift of
///   [`Ledger::capacity`](crate::Ledger::capacity). Default:
///   [`DEFAULT_OBSERVATION_WINDOW_DAYS`](Self::DEFAULT_OBSERVATION_WINDOW_DAYS) (365). Counts,
///   holdings and timelines do not use it: an observation changes no count.
///
/// # Example
///
/// ```
/// use jiff::civil::date;
/// use materiel::AsOf;
///
/// let view = AsOf::valid(date(2013, 12, 31))
///     .known_at("2020-01-01T00:00:00Z".parse().unwrap())
///     .min_grade("B3".parse()?);
/// assert_eq!(view.valid_date(), Some(date(2013, 12, 31)));
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AsOf {
    valid: Option<Date>,
    known: Option<Timestamp>,
    min_grade: Option<Grade>,
    observed_within: Option<u32>,
}

impl AsOf {
    /// Everything recorded, after every entry's date.
    pub fn latest() -> Self {
        Self::default()
    }
    /// As true on `date`, everything recorded.
    pub fn valid(date: Date) -> Self {
        Self {
            valid: Some(date),
            ..Self::default()
        }
    }
    /// Restricts to what was recorded at or before `recorded`.
    #[must_use]
    pub fn known_at(mut self, recorded: Timestamp) -> Self {
        self.known = Some(recorded);
        self
    }
    /// Restricts to entries whose source grade meets `grade`.
    #[must_use]
    pub fn min_grade(mut self, grade: Grade) -> Self {
        self.min_grade = Some(grade);
        self
    }
    /// The default observation window: 365 days.
    ///
    /// A sighting is evidence about its own date ("two Il-76 arrived last week"), not a
    /// standing inventory: transports leave, units rotate. One year matches the cycle of the
    /// sources a sighting would otherwise be checked against (the Military Balance is an
    /// assessment as of November of each year; SIPRI revises its data yearly), so a sighting
    /// older than one cycle has been superseded by, or missed from, the next assessment.
    pub const DEFAULT_OBSERVATION_WINDOW_DAYS: u32 = 365;

    /// Counts observations only when at most `days` old at the valid date (see
    /// [`Ledger::observations`](crate::Ledger::observations)). `0` keeps only those dated the
    /// valid day itself.
    #[must_use]
    pub fn observed_within(mut self, days: u32) -> Self {
        self.observed_within = Some(days);
        self
    }
    /// The observation window in days: the one set with
    /// [`observed_within`](Self::observed_within), or
    /// [`DEFAULT_OBSERVATION_WINDOW_DAYS`](Self::DEFAULT_OBSERVATION_WINDOW_DAYS).
    pub fn observation_window(&self) -> u32 {
        self.observed_within
            .unwrap_or(Self::DEFAULT_OBSERVATION_WINDOW_DAYS)
    }
    /// The valid date, if one is set.
    pub fn valid_date(&self) -> Option<Date> {
        self.valid
    }
    /// The transaction time, if one is set.
    pub fn known(&self) -> Option<Timestamp> {
        self.known
    }
    /// The minimum grade, if one is set.
    pub fn grade(&self) -> Option<Grade> {
        self.min_grade
    }
    /// The same view at every date: after every entry's date.
    pub(crate) fn at_any_date(self) -> Self {
        Self {
            valid: None,
            ..self
        }
    }
}

impl PartialOrd for EffectiveDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for EffectiveDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.first
            .cmp(&other.first)
            .then(self.precision.cmp(&other.precision))
    }
}

impl fmt::Display for EffectiveDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.first;
        // Formatted first, then `pad`ded, so that width and alignment (`{:<10}`) apply.
        let text = match self.precision {
            Precision::Year => format!("{:04}", d.year()),
            Precision::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Precision::Day => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Precision::OnOrBefore => {
                format!("<={:04}-{:02}-{:02}", d.year(), d.month(), d.day())
            }
        };
        f.pad(&text)
    }
}

impl FromStr for EffectiveDate {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |reason: &str| date_error(s, reason);
        let (on_or_before, rest) = match s.trim().strip_prefix("<=") {
            Some(rest) => (true, rest),
            None => (false, s.trim()),
        };
        let parts: Vec<&str> = rest.split('-').collect();
        let num = |p: &str, len: usize, what: &str| -> Result<i16, ParseError> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(&format!("{what} must be {len} digits")));
            }
            p.parse::<i16>()
                .map_err(|_| bad(&format!("{what} is not a number")))
        };
        let result = match parts.as_slice() {
            [y, m, d] if on_or_before => Self::on_or_before(
                num(y, 4, "year")?,
                num(m, 2, "month")? as i8,
                num(d, 2, "day")? as i8,
            ),
            _ if on_or_before => return Err(bad("expected <=YYYY-MM-DD")),
            [y] => Self::year(num(y, 4, "year")?),
            [y, m] => Self::month(num(y, 4, "year")?, num(m, 2, "month")? as i8),
            [y, m, d] => Self::day(
                num(y, 4, "year")?,
                num(m, 2, "month")? as i8,
                num(d, 2, "day")? as i8,
            ),
            _ => return Err(bad("expected YYYY, YYYY-MM, YYYY-MM-DD or <=YYYY-MM-DD")),
        };
        result.map_err(|e| match e {
            ParseError::Date { reason, .. } => date_error(s, reason),
            other => other,
        })
    }
}

impl TryFrom<String> for EffectiveDate {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<EffectiveDate> for String {
    fn from(d: EffectiveDate) -> String {
        d.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn day_numbers_are_consecutive() {
        assert_eq!(day_number(date(1, 1, 1)), 0);
        let mut d = date(1999, 12, 25);
        let mut n = day_number(d);
        for _ in 0..800 {
            d = d.tomorrow().expect("in range");
            n += 1;
            assert_eq!(day_number(d), n, "{d}");
        }
        // Before year 1 too (query dates can be that early).
        let mut d = date(-5, 12, 25);
        let mut n = day_number(d);
        for _ in 0..2500 {
            d = d.tomorrow().expect("in range");
            n += 1;
            assert_eq!(day_number(d), n, "{d}");
        }
        assert_eq!(day_number(date(0, 12, 31)), -1);
    }

    #[test]
    fn dates_come_back_from_their_keys() {
        for text in [
            "2013",
            "2013-07",
            "2013-07-15",
            "<=2022-03-19",
            "0001-01-01",
            "9999",
        ] {
            let d: EffectiveDate = text.parse().expect("valid");
            assert_eq!(EffectiveDate::from_key(d.key()), Some(d), "{text}");
        }
        // A year's key on another day than January 1st, and days out of range, are no date.
        let july: EffectiveDate = "2013-07-15".parse().expect("valid");
        assert_eq!(EffectiveDate::from_key(july.key() - 2), None);
        assert_eq!(EffectiveDate::from_key(i32::MAX), None);
        assert_eq!(EffectiveDate::from_key(-4), None);
    }

    #[test]
    fn keys_follow_the_order() {
        let y: EffectiveDate = "2013".parse().expect("valid");
        let m: EffectiveDate = "2013-01".parse().expect("valid");
        let d: EffectiveDate = "2013-01-01".parse().expect("valid");
        let o: EffectiveDate = "<=2013-01-01".parse().expect("valid");
        assert!(y < m && m < d && d < o);
        assert!(y.key() < m.key() && m.key() < d.key() && d.key() < o.key());
        assert!(o.key() <= query_key(date(2013, 1, 1)));
        assert!(query_key(date(2012, 12, 31)) < y.key());
        let next: EffectiveDate = "2013-01-02".parse().expect("valid");
        assert!(o < next && o.key() < next.key());
        assert!(query_key(date(2012, 12, 31)) < y.key());
    }
}
