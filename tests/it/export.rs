//! `materiel::export`: the tables read back with the `csv` crate, `serde_json` and (when
//! `python3` is present) Python's `csv` module, and checked against the ledger's own answers;
//! every value an enumerated column holds is a documented one; and the one fixture of every
//! change kind (`Change::examples`) through the journal's wire form, a checkpoint and the
//! export.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use jiff::Timestamp;
use jiff::civil::date;
use materiel::export::{
    self, ENTRY_COLUMNS, ExportError, Format, HOLDINGS_COLUMNS, PIPELINE_COLUMNS, TIMELINE_COLUMNS,
    column_values,
};
use materiel::journal::{CheckpointStatus, JournalOptions};
use materiel::ledger::{Basis, Condition, Decision, LossCause, LotState, Quantity, RequestKind};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, HolderId, Journal, Ledger, NewEntry, PlatformKind,
    PlatformRef, Source, Status,
};
use strum::{IntoEnumIterator, VariantNames};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const NOTE: &str = "batch 2, \"refurbished\"\nsecond line;\r\nCaracas — Venezuela, 委内瑞拉 ✈";

fn h(s: &str) -> HolderId {
    s.parse().expect("valid holder")
}

/// A ledger with every change kind, every basis, every loss cause, generic platforms, notes
/// with commas, quotes, line breaks and non-ASCII text, and a retraction.
fn sample() -> Result<Ledger, Box<dyn std::error::Error>> {
    let mut ledger = Ledger::new(Catalog::reference());
    let (ven, cub) = (h("VEN"), h("CUB"));
    let su30 = PlatformRef::catalog("su-30mk2")?;
    let radar = PlatformRef::generic("Радар «Противник-ГЕ», 3D", PlatformKind::Generic)?;
    let manpads = PlatformRef::generic("MANPADS \"Igla\"", PlatformKind::Missile)?;
    let sipri = Source::new("SIPRI Arms Transfers Database", "A2".parse()?)?
        .with_reference("deal 12345")
        .with_url("https://www.sipri.org/databases/armstransfers");
    let news = Source::new("El Nacional, \"Sukhoi\" report, 2025", "C3".parse()?)?;
    let mut seconds = 0;
    let mut add = |ledger: &mut Ledger,
                   holder: &HolderId,
                   platform: &PlatformRef,
                   effective: &str,
                   change: Change,
                   source: &Source,
                   note: Option<&str>|
     -> Result<materiel::EntryId, Box<dyn std::error::Error>> {
        seconds += 1;
        let recorded = Timestamp::from_millisecond(1_741_600_000_000 + seconds * 1_001)?;
        let mut entry = NewEntry::new(
            holder.clone(),
            platform.clone(),
            effective.parse()?,
            change,
            source.clone(),
            recorded,
        );
        if let Some(note) = note {
            entry = entry.with_note(note);
        }
        Ok(ledger.append(entry)?)
    };
    let c = |n| Count::exact(n).expect("valid count");
    add(
        &mut ledger,
        &ven,
        &su30,
        "2005",
        Change::Requested {
            count: Some(Count::about(30)?),
            supplier: Some(h("RUS")),
            request: RequestKind::Acquisition,
        },
        &news,
        Some(NOTE),
    )?;
    add(
        &mut ledger,
        &ven,
        &su30,
        "2006-07",
        Change::Ordered {
            count: c(24),
            supplier: Some(h("RUS")),
            condition: Condition::New,
        },
        &sipri,
        Some("financed by a Russian loan, 1 bn USD"),
    )?;
    for (effective, count, into, supplier, condition) in [
        (
            "2006",
            Count::estimate(4)?,
            Status::Unknown,
            Some(h("RUS")),
            Condition::New,
        ),
        (
            "2007",
            c(12),
            Status::Operational,
            Some(h("RUS")),
            Condition::SecondHand,
        ),
        (
            "2008-05-01",
            Count::at_least(8)?,
            Status::Degraded,
            None,
            Condition::SecondHandModernised,
        ),
    ] {
        let change = Change::Delivered {
            count,
            into,
            supplier,
            condition,
        };
        add(&mut ledger, &ven, &su30, effective, change, &sipri, None)?;
    }
    add(
        &mut ledger,
        &ven,
        &su30,
        "2010",
        Change::StatusChanged {
            from: Status::Operational,
            to: Status::NonOperationalMaintenance,
            count: Count::up_to(2)?,
        },
        &news,
        None,
    )?;
    // Not in `Status::ALL` order, with a zero.
    let breakdown = vec![
        (Status::Unknown, Count::estimate(8)?),
        (Status::Operational, Count::about(9)?),
        (Status::Stored, c(0)),
        (Status::NonOperationalSupply, c(2)),
        (Status::NonOperationalDamaged, c(1)),
        (Status::Degraded, Count::at_least(1)?),
        (Status::NonOperationalMaintenance, Count::up_to(1)?),
    ];
    add(
        &mut ledger,
        &ven,
        &su30,
        "2012-11",
        Change::Assessed { breakdown },
        &news,
        Some(""),
    )?;
    for cause in [
        LossCause::Destroyed,
        LossCause::Damaged,
        LossCause::Abandoned,
        LossCause::Captured { by: Some(h("COL")) },
        LossCause::Captured { by: None },
    ] {
        let change = Change::Lost {
            count: c(1),
            from: Status::Operational,
            cause,
        };
        add(&mut ledger, &ven, &su30, "2013-03-04", change, &news, None)?;
    }
    let retired = Change::Retired {
        count: c(1),
        from: Status::Unknown,
    };
    add(&mut ledger, &ven, &su30, "2014", retired, &sipri, None)?;
    let transferred = Change::Transferred {
        count: Count::about(2)?,
        to: cub.clone(),
        from: Status::Unknown,
        into: Status::Stored,
    };
    add(
        &mut ledger,
        &ven,
        &su30,
        "2015-06",
        transferred,
        &news,
        Some("to Cuba, \"stored\""),
    )?;
    let observed = Change::Observed {
        count: Some(c(2)),
        status: Some(Status::Operational),
    };
    add(
        &mut ledger,
        &ven,
        &su30,
        "2016-01-02",
        observed,
        &news,
        None,
    )?;
    let mention = Change::Observed {
        count: None,
        status: None,
    };
    let wrong = add(
        &mut ledger,
        &ven,
        &radar,
        "2019",
        mention,
        &news,
        Some("ещё один радар"),
    )?;
    let repair = Change::Requested {
        count: None,
        supplier: None,
        request: RequestKind::Repair,
    };
    add(&mut ledger, &ven, &su30, "2020-03", repair, &news, None)?;
    let radars = Change::Delivered {
        count: c(3),
        into: Status::Operational,
        supplier: Some(h("CHN")),
        condition: Condition::New,
    };
    add(
        &mut ledger,
        &ven,
        &radar,
        "2019-12-31",
        radars,
        &sipri,
        None,
    )?;
    let igla = Change::Delivered {
        count: c(100),
        into: Status::Stored,
        supplier: Some(h("RUS")),
        condition: Condition::New,
    };
    add(&mut ledger, &ven, &manpads, "2009", igla, &sipri, None)?;
    let fired = Change::Expended {
        count: Count::estimate(3)?,
        from: Status::Stored,
    };
    add(&mut ledger, &ven, &manpads, "2019-02", fired, &news, None)?;
    let order = Change::Ordered {
        count: c(10),
        supplier: None,
        condition: Condition::SecondHand,
    };
    add(&mut ledger, &cub, &manpads, "2021", order, &news, None)?;
    // A lot whose opening stock was never published, and a loss known by a date.
    let unknown = Change::OpeningUnknown;
    add(&mut ledger, &cub, &su30, "2022", unknown, &news, None)?;
    let lost = Change::Lost {
        count: c(1),
        from: Status::Unknown,
        cause: LossCause::Destroyed,
    };
    add(&mut ledger, &cub, &su30, "<=2022-03-19", lost, &news, None)?;
    // A claim beside the trajectory, and an analyst keeping the range.
    let claim = Change::Claimed {
        quantity: Quantity::Held,
        count: Count::about(23)?,
    };
    add(&mut ledger, &ven, &su30, "2016-02", claim, &news, None)?;
    let keep = Change::Resolved {
        quantity: Quantity::Held,
        decision: Decision::KeepRange,
    };
    let why = Some("sources disagree; no better one, \"yet\"");
    add(&mut ledger, &ven, &su30, "2016-03", keep, &sipri, why)?;
    let retraction_time = Timestamp::from_millisecond(1_741_700_000_000)?;
    let correction = Source::new("analyst correction", "B2".parse()?)?;
    ledger.retract(
        wrong,
        correction,
        retraction_time,
        Some("duplicate of the delivery, see \"radars\"".into()),
    )?;
    Ok(ledger)
}

/// A table read back: the header and the rows, as text (CSV) or typed values (JSON Lines).
struct Rows {
    header: Vec<String>,
    rows: Vec<Vec<Option<String>>>,
}

impl Rows {
    fn get<'a>(&self, row: &'a [Option<String>], name: &str) -> Option<&'a str> {
        let i = self
            .header
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no column {name}"));
        row[i].as_deref()
    }
}

fn read_csv(bytes: &[u8]) -> Result<Rows, csv::Error> {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers()?.iter().map(str::to_owned).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        rows.push(
            record
                .iter()
                .map(|cell| (!cell.is_empty()).then(|| cell.to_owned()))
                .collect(),
        );
    }
    Ok(Rows { header, rows })
}

/// Reads JSON Lines written for `columns`: checks every object has exactly the columns as
/// keys, in order, that each value has the JSON type its column's values are documented to
/// have, and returns the values as text (`null` as `None`).
fn read_jsonl(bytes: &[u8], columns: &[&str]) -> Result<Rows, Box<dyn std::error::Error>> {
    let text = std::str::from_utf8(bytes)?;
    let mut rows = Vec::new();
    for line in text.split_terminator('\n') {
        let value: serde_json::Value = serde_json::from_str(line)?;
        let object = value.as_object().ok_or("not an object")?;
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        let mut expected: Vec<&str> = columns.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected, "{line}");
        // Keys come in column order (an escaped quote never ends a key: `\"id\":` has no `"id":`).
        let at: Vec<usize> = columns
            .iter()
            .map(|c| line.find(&format!("\"{c}\":")).expect("key in the line"))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{line}");
        let mut row = Vec::new();
        for name in columns {
            let cell = &object[*name];
            let numeric = name.ends_with("count")
                || name.starts_with("breakdown_") && !name.ends_with("_basis")
                || [
                    "id",
                    "retracted_entry",
                    "retracted_by",
                    "outstanding",
                    "adjustment",
                    "decision_entry",
                    "decision_lower",
                    "decision_upper",
                ]
                .contains(name)
                || name.starts_with("readiness_")
                || (columns == HOLDINGS_COLUMNS || columns == TIMELINE_COLUMNS)
                    && Status::ALL.iter().any(|s| s.to_string() == *name)
                || [
                    "in_service",
                    "mission_capable",
                    "delivered",
                    "transferred_in",
                    "captured_in",
                    "lost",
                    "retired",
                    "expended",
                    "transferred_out",
                ]
                .contains(name);
            let flag = ["platform_generic", "consistent", "baseline_known"].contains(name);
            row.push(match cell {
                serde_json::Value::Null => None,
                serde_json::Value::Number(n) => {
                    assert!(numeric, "{name} is a number: {line}");
                    Some(n.to_string())
                }
                serde_json::Value::Bool(b) => {
                    assert!(flag, "{name} is a flag: {line}");
                    Some(b.to_string())
                }
                serde_json::Value::String(s) => {
                    assert!(!numeric && !flag, "{name} is text: {line}");
                    Some(s.clone())
                }
                other => panic!("{name}: unexpected {other}"),
            });
        }
        rows.push(row);
    }
    Ok(Rows {
        header: columns.iter().map(|c| (*c).to_owned()).collect(),
        rows,
    })
}

fn write(
    table: impl Fn(Format, &mut Vec<u8>) -> Result<(), ExportError>,
    format: Format,
) -> Vec<u8> {
    let mut out = Vec::new();
    table(format, &mut out).expect("writing to a Vec succeeds");
    out
}

fn count(rows: &Rows, row: &[Option<String>], name: &str) -> Option<Count> {
    let value = rows.get(row, name)?;
    let basis = rows
        .get(row, &format!("{name}_basis"))
        .unwrap_or_else(|| panic!("{name} without a basis"));
    Some(
        Count::new(
            value.parse().expect("a whole number"),
            basis.parse().expect("a basis"),
        )
        .expect("a count"),
    )
}

/// The columns that may be filled for each change kind, beyond those every entry fills.
fn kind_columns(kind: &str) -> &'static [&'static str] {
    match kind {
        "requested" => &["count", "count_basis", "supplier", "request_kind"],
        "ordered" => &["count", "count_basis", "supplier", "condition"],
        "delivered" => &[
            "count",
            "count_basis",
            "into_status",
            "supplier",
            "condition",
        ],
        "status_changed" => &["count", "count_basis", "from_status", "to_status"],
        "lost" => &["count", "count_basis", "from_status", "cause", "captor"],
        "retired" | "expended" => &["count", "count_basis", "from_status"],
        "transferred" => &[
            "count",
            "count_basis",
            "from_status",
            "into_status",
            "recipient",
        ],
        "observed" => &["count", "count_basis", "observed_status"],
        "retracted" => &["retracted_entry"],
        "opening_unknown" => &[],
        "claimed" => &["count", "count_basis", "claim_quantity", "claim_status"],
        "resolved" => &[
            "claim_quantity",
            "claim_status",
            "decision",
            "decision_entry",
            "decision_lower",
            "decision_upper",
        ],
        "assessed" => &[
            "count",
            "count_basis",
            "breakdown_operational",
            "breakdown_operational_basis",
            "breakdown_degraded",
            "breakdown_degraded_basis",
            "breakdown_non_operational_maintenance",
            "breakdown_non_operational_maintenance_basis",
            "breakdown_non_operational_supply",
            "breakdown_non_operational_supply_basis",
            "breakdown_non_operational_damaged",
            "breakdown_non_operational_damaged_basis",
            "breakdown_stored",
            "breakdown_stored_basis",
            "breakdown_unknown",
            "breakdown_unknown_basis",
        ],
        other => panic!("unknown change kind {other}: {EXTEND}"),
    }
}

/// A claim's quantity from its two columns.
fn quantity(name: &str, status: Option<Status>) -> Quantity {
    match (name, status) {
        ("held", None) => Quantity::Held,
        ("in_status", Some(s)) => Quantity::InStatus(s),
        ("delivered", None) => Quantity::Delivered,
        ("lost", None) => Quantity::Lost,
        other => panic!("claim quantity {other:?}"),
    }
}

/// Rebuilds every entry from its row and compares it with the ledger's, field by field.
fn check_entries(ledger: &Ledger, rows: &Rows, csv: bool) {
    assert_eq!(rows.header, ENTRY_COLUMNS);
    assert_eq!(rows.rows.len(), ledger.len());
    let common = [
        "id",
        "holder",
        "platform",
        "platform_generic",
        "platform_label",
        "platform_kind",
        "effective",
        "effective_first_day",
        "effective_last_day",
        "effective_precision",
        "recorded",
        "change",
        "retracted_by",
        "source_citation",
        "source_url",
        "source_reference",
        "source_grade",
        "note",
    ];
    for (row, entry) in rows.rows.iter().zip(ledger.entries()) {
        let get = |name: &str| rows.get(row, name);
        let text = |name: &str| get(name).unwrap_or_else(|| panic!("{name} empty"));
        let kind = text("change");
        for (name, cell) in rows.header.iter().zip(row) {
            if cell.is_some() {
                assert!(
                    common.contains(&name.as_str()) || kind_columns(kind).contains(&name.as_str()),
                    "{name} filled for {kind}"
                );
            }
        }
        assert_eq!(text("id"), entry.id().get().to_string());
        let platform = match text("platform_generic") {
            "true" => PlatformRef::generic(
                text("platform"),
                text("platform_kind").parse().expect("kind"),
            ),
            "false" => PlatformRef::catalog(text("platform")),
            other => panic!("platform_generic {other}"),
        }
        .expect("platform");
        assert_eq!(
            get("platform_label"),
            Some(platform.label(ledger.catalog()))
        );
        let kind_name = platform.kind(ledger.catalog()).map(|k| k.to_string());
        assert_eq!(get("platform_kind"), kind_name.as_deref());
        let effective: EffectiveDate = text("effective").parse().expect("effective");
        assert_eq!(
            text("effective_first_day"),
            effective.first_day().to_string()
        );
        assert_eq!(text("effective_last_day"), effective.last_day().to_string());
        assert_eq!(
            text("effective_precision"),
            effective.precision().to_string()
        );
        let holder = |name: &str| get(name).map(h);
        let status = |name: &str| get(name).map(|s| s.parse::<Status>().expect("status"));
        let status_in = |name: &str| status(name).expect("a status");
        let change = match kind {
            "requested" => Change::Requested {
                count: count(rows, row, "count"),
                supplier: holder("supplier"),
                request: text("request_kind").parse().expect("request kind"),
            },
            "ordered" => Change::Ordered {
                count: count(rows, row, "count").expect("count"),
                supplier: holder("supplier"),
                condition: text("condition").parse().expect("condition"),
            },
            "delivered" => Change::Delivered {
                count: count(rows, row, "count").expect("count"),
                into: status_in("into_status"),
                supplier: holder("supplier"),
                condition: text("condition").parse().expect("condition"),
            },
            "status_changed" => Change::StatusChanged {
                from: status_in("from_status"),
                to: status_in("to_status"),
                count: count(rows, row, "count").expect("count"),
            },
            "assessed" => Change::Assessed {
                breakdown: Status::ALL
                    .into_iter()
                    .filter_map(|s| Some((s, count(rows, row, &format!("breakdown_{s}"))?)))
                    .collect(),
            },
            "lost" => Change::Lost {
                count: count(rows, row, "count").expect("count"),
                from: status_in("from_status"),
                cause: match text("cause") {
                    "destroyed" => LossCause::Destroyed,
                    "damaged" => LossCause::Damaged,
                    "abandoned" => LossCause::Abandoned,
                    "captured" => LossCause::Captured {
                        by: holder("captor"),
                    },
                    other => panic!("cause {other}"),
                },
            },
            "retired" => Change::Retired {
                count: count(rows, row, "count").expect("count"),
                from: status_in("from_status"),
            },
            "expended" => Change::Expended {
                count: count(rows, row, "count").expect("count"),
                from: status_in("from_status"),
            },
            "transferred" => Change::Transferred {
                count: count(rows, row, "count").expect("count"),
                to: holder("recipient").expect("recipient"),
                from: status_in("from_status"),
                into: status_in("into_status"),
            },
            "observed" => Change::Observed {
                count: count(rows, row, "count"),
                status: status("observed_status"),
            },
            "retracted" => Change::Retracted {
                entry: materiel::EntryId::new(text("retracted_entry").parse().expect("id")),
            },
            "opening_unknown" => Change::OpeningUnknown,
            "claimed" => Change::Claimed {
                quantity: quantity(text("claim_quantity"), status("claim_status")),
                count: count(rows, row, "count").expect("count"),
            },
            "resolved" => Change::Resolved {
                quantity: quantity(text("claim_quantity"), status("claim_status")),
                decision: {
                    let n = |name: &str| get(name).map(|v| v.parse::<u64>().expect("a number"));
                    match text("decision") {
                        "pick" => Decision::Pick {
                            entry: materiel::EntryId::new(n("decision_entry").expect("entry")),
                        },
                        "narrow" => Decision::Narrow {
                            lower: n("decision_lower").expect("lower"),
                            upper: n("decision_upper"),
                        },
                        "keep_range" => Decision::KeepRange,
                        other => panic!("decision {other}"),
                    }
                },
            },
            other => panic!("change {other} is not rebuilt from its row: {EXTEND}"),
        };
        let mut source = Source::new(
            text("source_citation"),
            text("source_grade").parse().expect("grade"),
        )
        .expect("source");
        if let Some(url) = get("source_url") {
            source = source.with_url(url);
        }
        if let Some(reference) = get("source_reference") {
            source = source.with_reference(reference);
        }
        let mut rebuilt = NewEntry::new(
            h(text("holder")),
            platform,
            effective,
            change,
            source,
            text("recorded").parse().expect("RFC 3339"),
        );
        if let Some(note) = get("note") {
            rebuilt = rebuilt.with_note(note);
        }
        let mut change = entry.change().clone();
        if let Change::Assessed { breakdown } = &mut change {
            // The table lists statuses in `Status::ALL` order.
            breakdown.sort_by_key(|(s, _)| Status::ALL.iter().position(|t| t == s));
        }
        let mut expected = NewEntry::new(
            entry.holder().clone(),
            entry.platform().clone(),
            entry.effective(),
            change,
            entry.source().clone(),
            entry.recorded(),
        );
        // CSV cannot tell an empty note from none.
        if let Some(note) = entry.note().filter(|n| !csv || !n.is_empty()) {
            expected = expected.with_note(note);
        }
        assert_eq!(rebuilt, expected, "entry {}", entry.id());
        let by = ledger
            .retracted_by(entry.id())
            .map(|id| id.get().to_string());
        assert_eq!(get("retracted_by"), by.as_deref());
    }
}

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
fn check_state(rows: &Rows, row: &[Option<String>], state: &LotState) {
    let exact = |name: &str| count(rows, row, name).expect(name);
    for s in Status::ALL {
        assert_eq!(exact(&s.to_string()), state.count(s), "{s}");
    }
    for (name, c) in [
        ("in_service", state.in_service()),
        ("mission_capable", state.mission_capable()),
        ("delivered", state.delivered()),
        ("transferred_in", state.transferred_in()),
        ("captured_in", state.captured_in()),
        ("lost", state.lost()),
        ("retired", state.retired()),
        ("expended", state.expended()),
        ("transferred_out", state.transferred_out()),
    ] {
        assert_eq!(exact(name), c, "{name}");
    }
    assert_eq!(
        rows.get(row, "adjustment"),
        Some(state.adjustment().to_string().as_str())
    );
    assert_eq!(
        rows.get(row, "baseline_known"),
        Some(state.baseline_known().to_string().as_str())
    );
    let r = state.readiness();
    for (name, value) in [
        ("readiness_rate", r.rate()),
        ("readiness_lower", r.lower()),
        ("readiness_upper", r.upper()),
    ] {
        let read = rows
            .get(row, name)
            .map(|x| x.parse::<f64>().expect("a number"));
        assert_eq!(read, value, "{name}");
    }
    assert_eq!(
        rows.get(row, "consistent"),
        Some(state.is_consistent().to_string().as_str())
    );
}

fn check_as_of(rows: &Rows, row: &[Option<String>], at: &AsOf) {
    let valid = at.valid_date().map(|d| d.to_string());
    assert_eq!(rows.get(row, "as_of_valid"), valid.as_deref());
    let known = rows
        .get(row, "as_of_known")
        .map(|t| t.parse::<Timestamp>().expect("RFC 3339"));
    assert_eq!(known, at.known());
    let grade = at.grade().map(|g| g.to_string());
    assert_eq!(rows.get(row, "as_of_min_grade"), grade.as_deref());
}

fn views() -> Vec<AsOf> {
    let earlier = Timestamp::from_millisecond(1_741_600_012_000).expect("in range");
    vec![
        AsOf::latest(),
        AsOf::valid(date(2012, 12, 31)),
        AsOf::valid(date(2019, 6, 30)).known_at(earlier),
        AsOf::latest().min_grade("B2".parse().expect("grade")),
        AsOf::valid(date(1990, 1, 1)),
    ]
}

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
                let outstanding = item.outstanding.map(|n| n.to_string());
                assert_eq!(rows.get(row, "outstanding"), outstanding.as_deref());
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

/// Where the change kinds are spelled out: what a new `Change` kind must extend, named by the
/// fixture tests (here and in `materiel-cli/tests/it/change_kinds.rs`) when one fails. The
/// compiler points at the library's exhaustive matches; the rest only these tests find.
const EXTEND: &str = "a new `Change` kind is handled in src/ledger/change.rs (the variant, \
    `Change::examples`, `name`, `supplier`, `moves_counts`, `check`, `count`, `Display`), \
    src/ledger/store/record.rs (`Op`, `encode`, `decode`, `effect`, `lots`), \
    src/ledger/store/checkpoint.rs (the op's tag, written and read), src/journal/wire.rs \
    (`ChangeV1` and both conversions), src/ledger/query.rs (`pipeline`), src/export.rs \
    (`ChangeCells::of`, the `change_kinds!` value set), materiel-cli/src/cli.rs (`ChangeKind`) \
    and materiel-cli/src/write.rs (`entry_from_flags`) for a flag form, and the tests: \
    tests/it/export.rs (`kind_columns`, `check_entries`), \
    materiel-cli/tests/it/change_kinds.rs (`flags`, `JSON_ONLY`), tests/it/ledger_model.rs \
    and tests/support/history.rs (generators, replay), benches/common/mod.rs (workload, naive \
    replay); see ARCHITECTURE.md, \"A new change kind\"";

/// The fixture as one lot's history: `Change::examples` in order, a day apart, for VEN's
/// Su-30MK2 (the transfer and the capture name other holders).
fn example_entries() -> Result<Vec<NewEntry>, Box<dyn std::error::Error>> {
    let source = Source::new("a report", "B2".parse()?)?.with_url("https://example.org/r");
    let recorded: Timestamp = "2025-01-01T00:00:00Z".parse()?;
    (1..)
        .zip(Change::examples())
        .map(|(day, change)| {
            Ok(NewEntry::new(
                h("VEN"),
                PlatformRef::catalog("su-30mk2")?,
                EffectiveDate::day(2020, 1, day)?,
                change,
                source.clone(),
                recorded,
            )
            .with_note(format!("example {day}")))
        })
        .collect()
}

/// `Change::examples` holds one change of every kind, and each goes through every form the
/// crate writes a change in: the journal's wire form (written and replayed), a checkpoint
/// (written and loaded), and the entries export (one row, rebuilt equal). A new kind fails
/// here, naming every place to extend.
#[test]
fn every_change_kind_goes_through_the_wire_form_a_checkpoint_and_the_export() -> TestResult {
    let examples = Change::examples();
    let names: Vec<&str> = examples.iter().map(Change::name).collect();
    assert_eq!(
        names,
        Change::VARIANTS,
        "Change::examples() must give one change of every kind, in declaration order; {EXTEND}"
    );
    for change in &examples {
        let json = serde_json::to_value(change)?;
        assert_eq!(json["kind"], change.name(), "the kind tag is the name");
        assert_eq!(&serde_json::from_value::<Change>(json)?, change);
    }

    // The journal's wire form: appended, then replayed from the bytes alone.
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("examples.jsonl");
    let options = JournalOptions::new();
    let mut journal = Journal::create(&path, Catalog::reference(), &options)?;
    let entries = example_entries()?;
    for entry in &entries {
        if let Err(e) = journal.append(entry.clone()) {
            panic!(
                "the journal refused the {} example: {e}; {EXTEND}",
                entry.change().name()
            );
        }
    }
    let ledger = journal.ledger().clone();
    let bytes = std::fs::read(&path)?;
    let replayed = Journal::read_from(bytes.as_slice(), Catalog::reference(), &options)?.ledger;
    for (name, (a, b)) in names.iter().zip(ledger.entries().zip(replayed.entries())) {
        assert_eq!(a, b, "{name}: the wire form does not read back; {EXTEND}");
    }
    assert_eq!(replayed.len(), entries.len());
    for (name, (entry, written)) in names.iter().zip(entries.iter().zip(ledger.entries())) {
        assert_eq!(entry, written.content(), "{name}");
        let tag = format!("\"kind\":\"{name}\"");
        assert!(
            String::from_utf8_lossy(&bytes).contains(&tag),
            "{name}: no {tag} line in the journal"
        );
    }

    // A checkpoint of all of them, loaded instead of the lines.
    journal.checkpoint()?;
    drop(journal);
    let read = Journal::read(&path, Catalog::reference(), &options)?;
    assert!(
        matches!(read.checkpoint, CheckpointStatus::Loaded { entries, .. } if entries == names.len() as u64),
        "the checkpoint was not loaded: {:?}; {EXTEND}",
        read.checkpoint
    );
    let loaded = read.ledger;
    for (name, (a, b)) in names.iter().zip(ledger.entries().zip(loaded.entries())) {
        assert_eq!(a, b, "{name}: the checkpoint does not read back; {EXTEND}");
    }
    for holder in ["VEN", "COL", "CUB"].map(h) {
        assert_eq!(
            ledger.holdings(&holder, &AsOf::latest()),
            loaded.holdings(&holder, &AsOf::latest()),
            "{holder}: the checkpoint's counts differ from the replay's; {EXTEND}"
        );
    }

    // The export: one row per change, in either format, rebuilt equal.
    for format in Format::ALL {
        let out = write(|f, w| export::entries(&ledger, f, w), format);
        let rows = match format {
            Format::Csv => read_csv(&out)?,
            _ => read_jsonl(&out, ENTRY_COLUMNS)?,
        };
        let kinds: Vec<&str> = rows
            .rows
            .iter()
            .filter_map(|r| rows.get(r, "change"))
            .collect();
        assert_eq!(kinds, names, "{format}: one row per change; {EXTEND}");
        check_entries(&ledger, &rows, format == Format::Csv);
    }
    Ok(())
}

/// A ledger in which every value of every enumerated column is written: every change kind
/// (`Change::examples`), platform kind, date precision, basis, status, condition, request kind
/// and loss cause.
fn every_value() -> Result<Ledger, Box<dyn std::error::Error>> {
    let mut ledger = Ledger::new(Catalog::reference());
    for entry in example_entries()? {
        ledger.append(entry)?;
    }
    let source = Source::new("a report", "B2".parse()?)?;
    let recorded: Timestamp = "2025-01-02T00:00:00Z".parse()?;
    let mut add = |platform: &PlatformRef, date: &str, change: Change| {
        let entry = NewEntry::new(
            h("VEN"),
            platform.clone(),
            date.parse()?,
            change,
            source.clone(),
            recorded,
        );
        ledger
            .append(entry)
            .map(drop)
            .map_err(Box::<dyn std::error::Error>::from)
    };
    for kind in PlatformKind::iter() {
        let platform = PlatformRef::generic(format!("a {kind}"), kind)?;
        for date in ["2021", "2021-02", "2021-03-03", "<=2021-04-04"] {
            let seen = Change::Observed {
                count: None,
                status: None,
            };
            add(&platform, date, seen)?;
        }
    }
    let conditions: Vec<Condition> = Condition::iter().collect();
    let bases: Vec<Basis> = Basis::iter().collect();
    let requests: Vec<RequestKind> = RequestKind::iter().collect();
    let causes = [
        LossCause::Destroyed,
        LossCause::Damaged,
        LossCause::Abandoned,
        LossCause::Captured { by: None },
        LossCause::Captured { by: Some(h("COL")) },
    ];
    let c = |n| Count::exact(n).expect("a valid count");
    // A lot per status, each cycling through the other sets (7 statuses, at most 5 values).
    for (i, status) in Status::ALL.into_iter().enumerate() {
        let platform = PlatformRef::generic(format!("lot {status}"), PlatformKind::Aircraft)?;
        let other = if status == Status::Operational {
            Status::Degraded
        } else {
            Status::Operational
        };
        let (basis, condition) = (bases[i % bases.len()], conditions[i % conditions.len()]);
        let rus = Some(h("RUS"));
        for (date, change) in [
            (
                "2022-01-01",
                Change::Requested {
                    count: Some(Count::new(20, basis)?),
                    supplier: rus.clone(),
                    request: requests[i % requests.len()],
                },
            ),
            (
                "2022-01-02",
                Change::Ordered {
                    count: c(10),
                    supplier: rus.clone(),
                    condition,
                },
            ),
            (
                "2022-01-03",
                Change::Delivered {
                    count: c(10),
                    into: status,
                    supplier: rus.clone(),
                    condition,
                },
            ),
            (
                "2022-02-01",
                Change::StatusChanged {
                    from: status,
                    to: other,
                    count: c(1),
                },
            ),
            (
                "2022-03-01",
                Change::Lost {
                    count: c(1),
                    from: status,
                    cause: causes[i % causes.len()].clone(),
                },
            ),
            (
                "2022-04-01",
                Change::Retired {
                    count: c(1),
                    from: status,
                },
            ),
            (
                "2022-05-01",
                Change::Expended {
                    count: c(1),
                    from: status,
                },
            ),
            (
                "2022-06-01",
                Change::Transferred {
                    count: c(1),
                    to: h("CUB"),
                    from: status,
                    into: status,
                },
            ),
            (
                "2022-07-01",
                Change::Observed {
                    count: Some(Count::new(1, basis)?),
                    status: Some(status),
                },
            ),
        ] {
            add(&platform, date, change)?;
        }
    }
    let breakdown = Status::ALL
        .into_iter()
        .zip(bases.iter().cycle())
        .map(|(s, b)| Ok((s, Count::new(3, *b)?)))
        .collect::<Result<_, materiel::ParseError>>()?;
    let assessed = PlatformRef::generic("an assessed lot", PlatformKind::Generic)?;
    add(&assessed, "2023", Change::Assessed { breakdown })?;
    // A claim of every quantity, and a resolution of every decision.
    let claimed = PlatformRef::generic("a claimed lot", PlatformKind::Generic)?;
    for quantity in [
        Quantity::Held,
        Quantity::InStatus(Status::Stored),
        Quantity::Delivered,
        Quantity::Lost,
    ] {
        add(
            &claimed,
            "2023",
            Change::Claimed {
                quantity,
                count: c(4),
            },
        )?;
    }
    let first_claim = materiel::EntryId::new(ledger.len() as u64 - 4);
    for decision in [
        Decision::Pick { entry: first_claim },
        Decision::Narrow {
            lower: 3,
            upper: Some(5),
        },
        Decision::KeepRange,
    ] {
        let resolved = Change::Resolved {
            quantity: Quantity::Held,
            decision,
        };
        let entry = NewEntry::new(
            h("VEN"),
            claimed.clone(),
            "2024".parse()?,
            resolved,
            Source::new("an analyst", "B2".parse()?)?,
            "2025-01-02T00:00:00Z".parse()?,
        );
        ledger.append(entry.with_note("the best-sourced figure"))?;
    }
    Ok(ledger)
}

/// The documented set of a column (`column_values`), by the name its values are grouped
/// under: every `_basis` column together, the four status columns together.
fn value_group(column: &str) -> Option<(&'static str, &'static [&'static str])> {
    let set = column_values(column)?;
    let group = if column.ends_with("_basis") {
        "_basis"
    } else if column.ends_with("_status") {
        "_status"
    } else {
        ENTRY_COLUMNS
            .iter()
            .chain(TIMELINE_COLUMNS)
            .find(|c| **c == column)
            .copied()
            .unwrap_or("?")
    };
    Some((group, set))
}

/// Every value written in an enumerated column of any table is one its documentation lists
/// (`column_values`, the same lists), and every listed value of the entries table is written
/// for a ledger that holds them all: `opening_unknown`, `licensed_production` and
/// `on_or_before` were written without being documented.
#[test]
fn every_written_value_is_documented_and_every_documented_value_is_written() -> TestResult {
    let ledger = every_value()?;
    let at = AsOf::latest();
    let mut tables: Vec<(String, &[&str], Vec<u8>)> = vec![
        (
            "entries".into(),
            ENTRY_COLUMNS,
            write(|f, w| export::entries(&ledger, f, w), Format::Csv),
        ),
        (
            "holdings".into(),
            HOLDINGS_COLUMNS,
            write(|f, w| export::all_holdings(&ledger, &at, f, w), Format::Csv),
        ),
        (
            "pipeline".into(),
            PIPELINE_COLUMNS,
            write(
                |f, w| export::all_pipelines(&ledger, &at, f, w),
                Format::Csv,
            ),
        ),
    ];
    for (holder, holdings) in ledger.all_holdings(&at) {
        for (platform, _) in holdings.iter() {
            let steps = write(
                |f, w| export::timeline(&ledger, &holder, platform, &at, f, w),
                Format::Csv,
            );
            tables.push((
                format!("timeline {holder} {platform}"),
                TIMELINE_COLUMNS,
                steps,
            ));
        }
    }
    let mut written: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (table, columns, bytes) in &tables {
        let rows = read_csv(bytes)?;
        assert_eq!(rows.header, *columns, "{table}");
        assert!(!rows.rows.is_empty(), "{table}: no rows");
        for column in columns.iter() {
            let Some((group, set)) = value_group(column) else {
                continue;
            };
            for row in &rows.rows {
                let Some(value) = rows.get(row, column) else {
                    continue;
                };
                assert!(
                    set.contains(&value),
                    "{table}: {column} = {value:?} is written but not documented ({set:?})"
                );
                if table == "entries" {
                    written.entry(group).or_default().insert(value.to_owned());
                }
            }
        }
    }
    let mut groups = 0;
    for column in ENTRY_COLUMNS {
        let Some((group, set)) = value_group(column) else {
            continue;
        };
        let documented: BTreeSet<String> = set.iter().map(|v| (*v).to_owned()).collect();
        assert_eq!(
            written.get(group),
            Some(&documented),
            "{column}: documented values never written by a ledger that holds them all"
        );
        groups += 1;
    }
    assert!(groups >= 8, "{groups} enumerated columns");
    Ok(())
}
