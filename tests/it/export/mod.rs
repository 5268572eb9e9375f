//! `materiel::export`: the tables read back with the `csv` crate, `serde_json` and (when
//! `python3` is present) Python's `csv` module, and checked against the ledger's own answers;
//! every value an enumerated column holds is a documented one; and the one fixture of every
//! change kind (`Change::examples`) through the journal's wire form, a checkpoint and the
//! export.

use std::collections::{BTreeMap, BTreeSet};

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
                    "captured_held_lower",
                    "captured_held_upper",
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
    let held = state.captured_held();
    for (name, value) in [
        ("captured_held_lower", held.lower()),
        ("captured_held_upper", held.upper()),
    ] {
        assert_eq!(
            rows.get(row, name),
            Some(value.to_string().as_str()),
            "{name}"
        );
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

/// Where the change kinds are spelled out: what a new `Change` kind must extend, named by the
/// fixture tests (here and in `materiel-cli/tests/it/change_kinds.rs`) when one fails. The
/// compiler points at the library's exhaustive matches; the rest only these tests find.
const EXTEND: &str = "a new `Change` kind is handled in src/ledger/change.rs (the variant, \
    `Change::examples`, `name`, `supplier`, `moves_counts`, `check`, `count`, `Display`), \
    src/ledger/store/record.rs (`Op`, `encode`, `decode`, `effect`, `lots`), \
    src/ledger/store/checkpoint.rs (the op's tag, written and read), src/journal/wire.rs \
    (`ChangeV1` and both conversions), src/ledger/query.rs (`pipeline`), src/export/cells.rs \
    (`ChangeCells::of`) and src/export/columns.rs (the `change_kinds!` value set), materiel-cli/src/record.rs (`ChangeKind` \
    and `entry_from_flags`) for a flag form, and the tests: \
    tests/it/export/mod.rs (`kind_columns`, `check_entries`), \
    materiel-cli/tests/it/change_kinds.rs (`flags`, `JSON_ONLY`), tests/it/ledger_model.rs \
    and tests/support/history.rs (generators, replay), benches/common/mod.rs (workload, naive \
    replay); see ARCHITECTURE.md, \"A new change kind\"";

mod losses;
mod tables;
mod values;
