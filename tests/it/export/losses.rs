//! The losses table (`export::losses`, `LOSS_COLUMNS`) read back from CSV and JSON Lines and
//! checked against the ledger's own answer, `Ledger::losses`, row by row.

use materiel::export::LOSS_COLUMNS;

use super::*;

#[test]
fn losses_read_back_match_the_ledger() -> TestResult {
    let ledger = sample()?;
    let catalog = ledger.catalog();
    let mut causes = BTreeSet::new();
    for at in views() {
        for holder in [None, Some(h("VEN")), Some(h("COL"))] {
            let table = |f, w: &mut Vec<u8>| export::losses(&ledger, holder.as_ref(), &at, f, w);
            let from_csv = read_csv(&write(table, Format::Csv))?;
            assert_eq!(from_csv.header, LOSS_COLUMNS);
            let from_json = read_jsonl(&write(table, Format::JsonLines), LOSS_COLUMNS)?;
            // The two formats agree cell by cell (no loss column holds empty text).
            assert_eq!(from_csv.rows, from_json.rows);
            let expected: Vec<_> = ledger
                .losses(&at)
                .into_iter()
                .filter(|r| holder.as_ref().is_none_or(|h| r.holder == *h))
                .collect();
            assert_eq!(from_csv.rows.len(), expected.len(), "{at:?} {holder:?}");
            for (row, loss) in from_csv.rows.iter().zip(&expected) {
                let get = |name| from_csv.get(row, name);
                let platform = &loss.platform;
                assert_eq!(get("holder"), Some(loss.holder.as_str()));
                let (id, generic) = match platform {
                    PlatformRef::Catalog(id) => (id.as_str(), "false"),
                    PlatformRef::Generic(g) => (g.designation(), "true"),
                };
                assert_eq!(
                    (get("platform"), get("platform_generic")),
                    (Some(id), Some(generic))
                );
                assert_eq!(get("platform_label"), Some(platform.label(catalog)));
                let kind = platform.kind(catalog).map(<&str>::from);
                assert_eq!(get("platform_kind"), kind);
                let (cause, captor) = match &loss.cause {
                    LossCause::Captured { by } => {
                        ("captured".to_owned(), by.as_ref().map(HolderId::as_str))
                    }
                    other => (other.to_string(), None),
                };
                assert_eq!(
                    (get("cause"), get("captor")),
                    (Some(cause.as_str()), captor)
                );
                let cause = get("cause").expect("a cause");
                assert!(column_values("cause").is_some_and(|v| v.contains(&cause)));
                causes.insert(cause.to_owned());
                let month = format!("{:04}-{:02}", loss.month.year(), loss.month.month());
                assert_eq!(get("month"), Some(month.as_str()));
                assert_eq!(count(&from_csv, row, "count"), Some(loss.count));
                let category = platform.category(catalog).map(<&str>::from);
                assert_eq!(get("category"), category);
                assert_eq!(
                    get("origin"),
                    platform.origin(catalog).map(HolderId::as_str)
                );
                let family = platform.family(catalog).map(|f| f.as_str());
                assert_eq!(get("family"), family);
            }
        }
    }
    // The sample loses units to every cause, a capture with and without its captor.
    let every: BTreeSet<String> = column_values("cause")
        .expect("enumerated")
        .iter()
        .map(|c| (*c).to_owned())
        .collect();
    assert_eq!(causes, every);
    Ok(())
}

#[test]
fn losses_header_is_written_even_when_empty() -> TestResult {
    let ledger = Ledger::new(Catalog::reference());
    let table = |f, w: &mut Vec<u8>| export::losses(&ledger, None, &AsOf::latest(), f, w);
    let csv = write(table, Format::Csv);
    assert_eq!(String::from_utf8(csv)?, LOSS_COLUMNS.join(",") + "\n");
    assert!(write(table, Format::JsonLines).is_empty());
    Ok(())
}
