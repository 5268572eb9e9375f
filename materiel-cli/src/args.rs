//! Argument parsers and name resolution: dates, times, grades, holders, platforms.

use materiel::catalog::Category;
use materiel::jiff::Timestamp;
use materiel::jiff::civil::Date;
use materiel::ledger::{Basis, Condition, EffectiveDate};
use materiel::{Count, Grade, HolderId, Ledger, PlatformKind, PlatformRef, Status};

use crate::ui::UsageError;

/// `YYYY-MM-DD`, a valid calendar date.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return Err(format!("{text:?} is not a date in the form YYYY-MM-DD"));
    }
    text.parse::<Date>()
        .map_err(|e| format!("{text:?} is not a valid date: {e}"))
}

/// An RFC 3339 timestamp (`2025-01-03T00:00:00Z`, `2025-01-03T09:30:00+01:00`).
pub(crate) fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    text.parse::<Timestamp>().map_err(|e| {
        out_of_range(text, &e).unwrap_or_else(|| {
            format!(
                "{text:?} is not an RFC 3339 time such as 2025-01-03T00:00:00Z (offset required)"
            )
        })
    })
}

/// `--known-at`: an RFC 3339 time; `now`; or a day, month or year (`YYYY-MM-DD`, `YYYY-MM`,
/// `YYYY`), which stands for the last instant of that period in UTC, so that "as known at
/// 2025-01-03" includes what was recorded that day (the rule of Python's `known_at=`).
pub(crate) fn parse_known_at(text: &str) -> Result<Timestamp, String> {
    if text.trim().eq_ignore_ascii_case("now") {
        return Ok(Timestamp::now());
    }
    let period_shaped =
        !text.contains('T') && !text.contains(' ') && !text.trim_start().starts_with("<=");
    if let Some(period) = period_shaped
        .then(|| text.parse::<EffectiveDate>().ok())
        .flatten()
    {
        return last_instant(period.last_day()).ok_or_else(|| format!("{text:?} is out of range"));
    }
    text.parse::<Timestamp>().map_err(|e| {
        out_of_range(text, &e).unwrap_or_else(|| {
            format!(
                "{text:?} is not a time: give YYYY-MM-DD, YYYY-MM or YYYY (the period's last \
                 instant, UTC), `now`, or an RFC 3339 time such as 2025-01-03T00:00:00Z \
                 (offset required)"
            )
        })
    })
}

/// The last nanosecond of `day` in UTC.
fn last_instant(day: Date) -> Option<Timestamp> {
    let epoch = materiel::jiff::civil::date(1970, 1, 1);
    let seconds = day.duration_since(epoch).as_secs().checked_add(86_399)?;
    Timestamp::new(seconds, 999_999_999).ok()
}

/// The error for a well-formed time outside the range a timestamp holds
/// (`9999-12-31T23:59:59Z`), when that is why `e` refused `text`.
fn out_of_range(text: &str, e: &materiel::jiff::Error) -> Option<String> {
    e.to_string().contains("range").then(|| {
        format!(
            "{text:?} is out of range: times run from {} to {}",
            Timestamp::MIN,
            Timestamp::MAX
        )
    })
}

/// An import's recorded time: an RFC 3339 timestamp, or `now` (the current time).
pub(crate) fn parse_recorded(text: &str) -> Result<Timestamp, String> {
    if text.trim().eq_ignore_ascii_case("now") {
        return Ok(Timestamp::now());
    }
    text.parse::<Timestamp>().map_err(|e| {
        out_of_range(text, &e).unwrap_or_else(|| {
            format!(
                "{text:?} is not `now` or an RFC 3339 time such as 2025-01-03T00:00:00Z (offset \
                 required)"
            )
        })
    })
}

/// The error of an import whose recorded time is before the ledger's latest entry, in the
/// command line's terms.
pub(crate) fn recorded_too_early(
    what: &str,
    default: &str,
    recorded: Timestamp,
    latest: Timestamp,
) -> String {
    format!(
        "cannot import {what} (nothing written): it would be recorded at {recorded} ({default}), \
         before the ledger's latest entry, recorded at {latest}; give a later time with \
         --recorded TIME (--recorded now: the current time)"
    )
}

/// An Admiralty grade (`B2`).
pub(crate) fn parse_grade(text: &str) -> Result<Grade, String> {
    text.parse::<Grade>().map_err(|e| e.to_string())
}

/// An effective date: `2025`, `2025-11`, `2025-11-03`, `<=2025-11-03`.
pub(crate) fn parse_effective(text: &str) -> Result<EffectiveDate, String> {
    text.parse::<EffectiveDate>().map_err(|e| e.to_string())
}

/// A period given as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (not an on-or-before date).
fn parse_period(text: &str) -> Result<EffectiveDate, String> {
    if text.trim_start().starts_with("<=") {
        return Err(format!(
            "{text:?}: give a date as YYYY, YYYY-MM or YYYY-MM-DD (<= applies only to --date)"
        ));
    }
    text.parse::<EffectiveDate>().map_err(|e| e.to_string())
}

/// `--at` and `--until`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, taken as the period's last day
/// (`--at 2013`: as true at the end of 2013).
pub(crate) fn parse_period_end(text: &str) -> Result<Date, String> {
    parse_period(text).map(EffectiveDate::last_day)
}

/// `--since`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, taken as the period's first day.
pub(crate) fn parse_period_start(text: &str) -> Result<Date, String> {
    parse_period(text).map(EffectiveDate::first_day)
}

/// A platform category, by its name (`combat_aircraft`, `tank`). An unknown name is refused
/// with the categories the reference catalog's platforms use, so that the user need not guess
/// (a platform's `kind`, such as `aircraft`, is not a category).
pub(crate) fn parse_category(text: &str) -> Result<Category, String> {
    text.trim().parse::<Category>().map_err(|e| {
        let mut known: Vec<Category> = materiel::Catalog::reference()
            .iter()
            .map(|p| p.category())
            .collect();
        known.sort();
        known.dedup();
        let names: Vec<String> = known.iter().map(ToString::to_string).collect();
        format!("{e}; categories: {}", names.join(", "))
    })
}

/// A count with its basis, as the tables print it: `24` exact, `~24` about, `>=24` at least,
/// `<=24` up to, `e24` an estimate.
pub(crate) fn parse_count(text: &str) -> Result<Count, String> {
    let t = text.trim();
    let (basis, digits) = [
        (">=", Basis::AtLeast),
        ("<=", Basis::UpTo),
        ("~", Basis::About),
        ("e", Basis::Estimate),
    ]
    .into_iter()
    .find_map(|(prefix, basis)| t.strip_prefix(prefix).map(|rest| (basis, rest)))
    .unwrap_or((Basis::Exact, t));
    let bad =
        || format!("{text:?} is not a count such as 24, ~24 (about), >=24, <=24 or e24 (estimate)");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let value: u64 = digits.parse().map_err(|_| bad())?;
    Count::new(value, basis).map_err(|e| format!("{text:?}: {e}"))
}

/// A status by its name (`operational`, `non_operational_supply`) or code (`FMC`, `NMCS`).
pub(crate) fn parse_status(text: &str) -> Result<Status, String> {
    if let Some(s) = Status::ALL
        .into_iter()
        .find(|s| s.code().eq_ignore_ascii_case(text.trim()))
    {
        return Ok(s);
    }
    text.trim().parse::<Status>().map_err(|e| e.to_string())
}

/// `STATUS=COUNT`: one status of an assessment.
pub(crate) fn parse_breakdown(text: &str) -> Result<(Status, Count), String> {
    let Some((status, count)) = text.split_once('=') else {
        return Err(format!(
            "{text:?} is not STATUS=COUNT, such as operational=20"
        ));
    };
    Ok((parse_status(status)?, parse_count(count)?))
}

/// A delivery's condition: `new`, `second_hand`, ...
pub(crate) fn parse_condition(text: &str) -> Result<Condition, String> {
    text.trim().parse::<Condition>().map_err(|e| e.to_string())
}

/// A holder for a new entry: a country or organisation the importers' name table knows (by
/// name or code), or a holder the ledger already has; any other valid holder id only with
/// `new` (`--new-holder`), so that a typo does not create a holder. `what` names the flag or
/// field in the error.
pub(crate) fn new_holder(
    ledger: &Ledger,
    name: &str,
    new: bool,
    what: &str,
) -> Result<HolderId, UsageError> {
    if let Some(h) = materiel::import::holder(name) {
        return Ok(h);
    }
    let id = name.trim().parse::<HolderId>();
    if let Ok(id) = &id
        && (new || ledger.holders().any(|h| h == id))
    {
        return Ok(id.clone());
    }
    if new {
        let e = id.err().map_or_else(String::new, |e| e.to_string());
        return Err(UsageError(format!("{what} {name:?}: {e}")));
    }
    Err(UsageError(format!(
        "{what}: unknown holder {name:?}: not a country or organisation the name table knows, \
         nor a holder of this ledger{}; pass --new-holder to record a new holder",
        suggest(ledger, name)
    )))
}

/// Checks a holder of an entry given as JSON, as [`new_holder`] does for flags.
pub(crate) fn known_holder(
    ledger: &Ledger,
    holder: &HolderId,
    new: bool,
    what: &str,
) -> Result<(), UsageError> {
    if new
        || materiel::import::holder(holder.as_str()).as_ref() == Some(holder)
        || ledger.holders().any(|h| h == holder)
    {
        return Ok(());
    }
    Err(UsageError(format!(
        "{what}: unknown holder {:?}: not a country or organisation the name table knows, \
         nor a holder of this ledger{}; pass --new-holder to record a new holder",
        holder.as_str(),
        suggest(ledger, holder.as_str())
    )))
}

/// The name a holder is shown by: its name in the importers' table (`Venezuela`, `NATO`),
/// or its id.
pub(crate) fn holder_name(holder: &HolderId) -> String {
    materiel::import::holder_names()
        .find(|(_, h)| h == holder)
        .map_or_else(
            || holder.to_string(),
            |(n, _)| n.trim_end_matches('*').to_owned(),
        )
}

/// `; did you mean Venezuela (VEN)?` for the known names closest to `name` (at most three,
/// within a small edit distance), or nothing.
fn suggest(ledger: &Ledger, name: &str) -> String {
    let wanted = name.trim().to_lowercase();
    let limit = (wanted.chars().count() / 3).clamp(1, 3);
    let mut close: Vec<(usize, String)> = Vec::new();
    let mut consider = |candidate: &str, shown: String| {
        let d = distance(&wanted, &candidate.to_lowercase());
        if d <= limit && !close.iter().any(|(_, s)| *s == shown) {
            close.push((d, shown));
        }
    };
    for (n, h) in materiel::import::holder_names() {
        let shown = format!("{} ({h})", holder_name(&h));
        consider(n.trim_end_matches('*'), shown.clone());
        consider(h.as_str(), shown);
    }
    for h in ledger.holders() {
        consider(h.as_str(), format!("{} ({h})", holder_name(h)));
    }
    close.sort();
    close.dedup_by(|a, b| a.1 == b.1);
    let names: Vec<String> = close.into_iter().take(3).map(|(_, s)| s).collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", names.join(", "))
    }
}

/// The Levenshtein distance between `a` and `b`, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The holders `names` name ([`holder`]), each once, in the order first named: a filter
/// that takes a comma list and may repeat (`--supplier RUS,FRA --supplier USA`).
pub(crate) fn holders(ledger: &Ledger, names: &[String]) -> Result<Vec<HolderId>, UsageError> {
    let mut out: Vec<HolderId> = Vec::new();
    for name in names {
        let h = holder(ledger, name)?;
        if !out.contains(&h) {
            out.push(h);
        }
    }
    Ok(out)
}

/// A holder named on the command line: a country name or code the importers know
/// (`Venezuela`, `VEN`, `Viet Nam`, `NATO**`), or the id of a holder the ledger has.
pub(crate) fn holder(ledger: &Ledger, name: &str) -> Result<HolderId, UsageError> {
    if let Some(h) = materiel::import::holder(name) {
        return Ok(h);
    }
    if let Ok(id) = name.trim().parse::<HolderId>()
        && ledger.holders().any(|h| *h == id)
    {
        return Ok(id);
    }
    Err(UsageError(format!(
        "unknown holder {name:?}: not a country name or code, nor a holder of this journal{}",
        suggest(ledger, name)
    )))
}

/// A platform named on the command line: a catalog id, designation or alias, or
/// `generic:KIND:DESIGNATION`.
pub(crate) fn platform(ledger: &Ledger, name: &str) -> Result<PlatformRef, UsageError> {
    if let Some(rest) = name.strip_prefix("generic:") {
        let Some((kind, designation)) = rest.split_once(':') else {
            return Err(UsageError(format!(
                "platform {name:?}: expected generic:KIND:DESIGNATION"
            )));
        };
        let kind: PlatformKind = kind
            .parse()
            .map_err(|e| UsageError(format!("platform {name:?}: {e}")))?;
        return PlatformRef::generic(designation, kind)
            .map_err(|e| UsageError(format!("platform {name:?}: {e}")));
    }
    let catalog = ledger.catalog();
    if let Some(p) = catalog.resolve(name) {
        return Ok(PlatformRef::Catalog(p.id().clone()));
    }
    let wanted = name.trim();
    let ambiguous = |what: &str, candidates: &[String]| {
        UsageError(format!(
            "platform {name:?} is ambiguous: it is the {what} of {}; give one of them",
            candidates.join(", ")
        ))
    };
    // A NATO reporting name (Flanker-G).
    let nato: Vec<&materiel::Platform> = catalog
        .iter()
        .filter(|p| {
            p.nato_name()
                .is_some_and(|n| n.eq_ignore_ascii_case(wanted))
        })
        .collect();
    match nato.as_slice() {
        [p] => return Ok(PlatformRef::Catalog(p.id().clone())),
        [] => {}
        many => {
            let ids: Vec<String> = many.iter().map(|p| p.id().to_string()).collect();
            return Err(ambiguous("NATO reporting name", &ids));
        }
    }
    // The designation of generic equipment the ledger has (Mi-17, as tables show it).
    let mut generic: Vec<PlatformRef> = Vec::new();
    for e in ledger.entries() {
        if let PlatformRef::Generic(g) = e.platform()
            && g.designation().eq_ignore_ascii_case(wanted)
            && !generic.contains(e.platform())
        {
            generic.push(e.platform().clone());
        }
    }
    match generic.len() {
        1 => Ok(generic.swap_remove(0)),
        0 => Err(UsageError(format!(
            "unknown platform {name:?}: not an id, designation, alias or NATO reporting name in \
             the catalog, nor the designation of generic equipment in this ledger \
             (uncatalogued equipment: generic:KIND:DESIGNATION)"
        ))),
        _ => {
            let ids: Vec<String> = generic.iter().map(generic_id).collect();
            Err(ambiguous("designation", &ids))
        }
    }
}

/// A platform as the command line names it: a catalog id, or `generic:KIND:DESIGNATION`.
pub(crate) fn generic_id(platform: &PlatformRef) -> String {
    match platform {
        PlatformRef::Catalog(id) => id.to_string(),
        PlatformRef::Generic(g) => format!("generic:{}:{}", g.kind(), g.designation()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_out_of_range_says_so() {
        let err = parse_timestamp("9999-12-31T23:59:59Z").expect_err("out of range");
        assert!(err.contains("out of range"), "{err}");
        assert!(err.contains("9999-12-30"), "{err}");
        let err = parse_timestamp("2025-01-03").expect_err("no offset");
        assert!(err.contains("offset required"), "{err}");
        assert!(
            parse_recorded("9999-12-31T23:59:59Z")
                .expect_err("out of range")
                .contains("out of range")
        );
    }

    #[test]
    fn dates_must_be_iso_and_valid() {
        assert!(parse_date("2013-12-31").is_ok());
        for bad in [
            "2013-02-30",
            "2013-2-3",
            "31/12/2013",
            "2013-12-31T00:00",
            "",
            "20131231",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_carry_their_basis() {
        assert_eq!(parse_count("24"), Ok(Count::exact(24).expect("count")));
        assert_eq!(parse_count("~24"), Ok(Count::about(24).expect("count")));
        assert_eq!(parse_count(">=24"), Ok(Count::at_least(24).expect("count")));
        assert_eq!(parse_count("<=24"), Ok(Count::up_to(24).expect("count")));
        assert_eq!(parse_count("e24"), Ok(Count::estimate(24).expect("count")));
        for bad in [
            "",
            "-1",
            "e",
            "24x",
            "~ 24",
            "1e3",
            "99999999999999999999999",
        ] {
            assert!(parse_count(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_status("NMCS"), Ok(Status::NonOperationalSupply));
        assert_eq!(parse_status("stored"), Ok(Status::Stored));
        assert!(parse_status("broken").is_err());
        assert_eq!(
            parse_breakdown("operational=20"),
            Ok((Status::Operational, Count::exact(20).expect("count")))
        );
        assert!(parse_breakdown("operational").is_err());
    }

    #[test]
    fn known_at_takes_periods_now_and_times() {
        let t = |s: &str| parse_known_at(s).map_or_else(|e| e, |t| t.to_string());
        assert_eq!(t("2025-01-03"), "2025-01-03T23:59:59.999999999Z");
        assert_eq!(t("2025-02"), "2025-02-28T23:59:59.999999999Z");
        assert_eq!(t("2024"), "2024-12-31T23:59:59.999999999Z");
        assert_eq!(t("2025-01-03T09:30:00+01:00"), "2025-01-03T08:30:00Z");
        assert!(parse_known_at("now").is_ok());
        for bad in ["2025-13", "<=2025", "yesterday", "2025-01-03T00:00:00", ""] {
            assert!(parse_known_at(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_need_an_offset() {
        assert!(parse_timestamp("2025-01-03T00:00:00Z").is_ok());
        assert!(parse_timestamp("2025-01-03").is_err());
        assert!(parse_timestamp("2025-01-03T00:00:00").is_err());
    }
}
