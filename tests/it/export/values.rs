//! Every change kind and every value through the export, each documented.

use super::*;

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
