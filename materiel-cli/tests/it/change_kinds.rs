//! The fixture of every change kind (`Change::examples`) through `materiel record`: a kind
//! with a flag form (`--change`) is recorded with flags, the others (`JSON_ONLY`) as JSON on
//! standard input, and every entry reads back from the journal equal to the library's. A
//! new kind fails here until it is given a flag form or listed as JSON only. The library's
//! part of the fixture (wire form, checkpoint, export) is in the library's
//! `tests/it/export/mod.rs`.

use materiel::journal::JournalOptions;
use materiel::ledger::LossCause;
use materiel::{Catalog, Change, Count, EffectiveDate, Journal, NewEntry, PlatformRef, Source};

use crate::support::run_with;

/// The change kinds `materiel record` takes as JSON only: it has no `--change` value for
/// them (a request's kind and a transfer's receiver have no flags yet; an opening-unknown
/// statement comes from importers; a retraction has its own command, `materiel retract`;
/// claims and resolutions are JSON only for now).
const JSON_ONLY: [&str; 6] = [
    "requested",
    "transferred",
    "opening_unknown",
    "claimed",
    "resolved",
    "retracted",
];

/// What a new kind needs on the command line (the library's list is in the library's
/// `tests/it/export/mod.rs`, `EXTEND`).
const EXTEND: &str = "a new `Change` kind needs, on the command line, a `--change` value \
    (materiel-cli/src/record.rs `ChangeKind` and `entry_from_flags`) and \
    its flags in `flags` here, or a place in `JSON_ONLY` here; see ARCHITECTURE.md, \"A new \
    change kind\"";

/// The `--change` value and the flags of `change`, if `materiel record` has a flag form for
/// its kind.
fn flags(change: &Change) -> Option<(&'static str, Vec<String>)> {
    let count = |c: &Count| vec!["--count".to_owned(), c.to_string()];
    let opt = |flag: &str, value: Option<String>| {
        value.map_or_else(Vec::new, |v| vec![flag.to_owned(), v])
    };
    let one = |flag: &str, value: String| vec![flag.to_owned(), value];
    let (kind, parts): (&str, Vec<Vec<String>>) = match change {
        Change::Ordered {
            count: n,
            supplier,
            condition,
        } => (
            "ordered",
            vec![
                count(n),
                opt("--supplier", supplier.as_ref().map(ToString::to_string)),
                one("--condition", condition.to_string()),
            ],
        ),
        Change::Delivered {
            count: n,
            into,
            supplier,
            condition,
        } => (
            "delivered",
            vec![
                count(n),
                one("--status", into.to_string()),
                opt("--supplier", supplier.as_ref().map(ToString::to_string)),
                one("--condition", condition.to_string()),
            ],
        ),
        Change::StatusChanged { from, to, count: n } => (
            "status",
            vec![
                count(n),
                one("--from", from.to_string()),
                one("--status", to.to_string()),
            ],
        ),
        Change::Assessed { breakdown } => {
            let pairs: Vec<String> = breakdown.iter().map(|(s, c)| format!("{s}={c}")).collect();
            ("assessed", vec![one("--breakdown", pairs.join(","))])
        }
        Change::Observed { count: n, status } => (
            "observed",
            vec![
                opt("--count", n.map(|c| c.to_string())),
                opt("--status", status.map(|s| s.to_string())),
            ],
        ),
        Change::Lost {
            count: n,
            from,
            cause,
        } => {
            let (name, by) = match cause {
                LossCause::Destroyed => ("destroyed", None),
                LossCause::Damaged => ("damaged", None),
                LossCause::Abandoned => ("abandoned", None),
                LossCause::Captured { by } => ("captured", by.as_ref()),
                other => panic!("loss cause {other} has no --cause value here: {EXTEND}"),
            };
            (
                "lost",
                vec![
                    count(n),
                    one("--from", from.to_string()),
                    one("--cause", name.to_owned()),
                    opt("--by", by.map(ToString::to_string)),
                ],
            )
        }
        Change::Retired { count: n, from } => {
            ("retired", vec![count(n), one("--from", from.to_string())])
        }
        Change::Expended { count: n, from } => {
            ("expended", vec![count(n), one("--from", from.to_string())])
        }
        _ => return None,
    };
    let mut args = vec!["--change".to_owned(), kind.to_owned()];
    args.extend(parts.into_iter().flatten());
    Some((kind, args))
}

/// The entry of the `day`-th example, as the library's fixture test builds it.
fn entry(day: i8, change: Change) -> NewEntry {
    NewEntry::new(
        "VEN".parse().expect("a holder"),
        PlatformRef::catalog("su-30mk2").expect("a platform id"),
        EffectiveDate::day(2020, 1, day).expect("a date"),
        change,
        Source::new("a report", "B2".parse().expect("a grade"))
            .expect("a source")
            .with_url("https://example.org/r"),
        "2025-01-01T00:00:00Z".parse().expect("a time"),
    )
    .with_note(format!("example {day}"))
}

#[test]
fn every_change_kind_is_recorded_with_flags_or_as_json_and_reads_back_equal() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let d = dir.path();
    let init = run_with(d, &["init".to_owned(), "k.jsonl".to_owned()], "");
    assert!(init.status.success(), "{init:?}");
    let record = ["record", "--journal", "k.jsonl"].map(str::to_owned);
    let mut expected = Vec::new();
    for (day, change) in (1..).zip(Change::examples()) {
        let name = change.name();
        let entry = entry(day, change);
        let output = match flags(entry.change()) {
            Some((kind, change_flags)) => {
                assert!(
                    !JSON_ONLY.contains(&name),
                    "{name} has a flag form (--change {kind}): take it out of JSON_ONLY"
                );
                let mut args = record.to_vec();
                args.extend(change_flags);
                let common = [
                    ("--holder", "VEN".to_owned()),
                    ("--platform", "su-30mk2".to_owned()),
                    ("--date", entry.effective().to_string()),
                    ("--source", "a report".to_owned()),
                    ("--grade", "B2".to_owned()),
                    ("--url", "https://example.org/r".to_owned()),
                    ("--note", format!("example {day}")),
                    ("--recorded", "2025-01-01T00:00:00Z".to_owned()),
                ];
                for (flag, value) in common {
                    args.extend([flag.to_owned(), value]);
                }
                run_with(d, &args, "")
            }
            None => {
                assert!(
                    JSON_ONLY.contains(&name),
                    "`materiel record` has no flag form for {name} here: {EXTEND}"
                );
                // JSON only indeed: `--change` does not take the kind's name.
                let mut args = record.to_vec();
                args.extend(["--change".to_owned(), name.to_owned()]);
                let refused = run_with(d, &args, "");
                assert_eq!(
                    refused.status.code(),
                    Some(2),
                    "--change {name} is accepted: map its flags in `flags` and take it out of \
                     JSON_ONLY"
                );
                let json = serde_json::to_string(&entry).expect("an entry as JSON");
                run_with(d, &record, &json)
            }
        };
        assert!(
            output.status.success(),
            "recording {name}: {}; {EXTEND}",
            String::from_utf8_lossy(&output.stderr)
        );
        expected.push(entry);
    }
    let ledger = Journal::read(
        d.join("k.jsonl"),
        Catalog::reference(),
        &JournalOptions::new(),
    )
    .expect("the journal reads back")
    .ledger;
    assert_eq!(ledger.len(), expected.len());
    for (entry, recorded) in expected.iter().zip(ledger.entries()) {
        assert_eq!(
            recorded.content(),
            entry,
            "{} recorded through the command line differs from the library's; {EXTEND}",
            entry.change().name()
        );
    }
}
