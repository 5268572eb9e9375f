//! SIPRI editions: a newer export supersedes the older one, an edition given for an export
//! without its generation line, and edition imports the ledger refuses late.

use super::*;

/// The excerpt as SIPRI might republish it a year later: generated 2 Feb 2026, with a
/// delivery year moved (Su-30 deal 33019: the batch of 8 now in 2009), a count revised
/// (Mi-17 deal 33020: 6 -> 8), a deal added (99001) and a deal withdrawn (38045).
fn second_edition() -> String {
    EXCERPT
        .replace(
            "Data generated: 3 Jan 2025 9:16:02 PM",
            "Data generated: 2 Feb 2026 10:00:00 AM",
        )
        .replace(
            "33019,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2006,No,8,No,2008,No,New,55,55,440,No",
            "33019,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2006,No,8,No,2009,No,New,55,55,440,No",
        )
        .replace(
            "33020,Russia,Venezuela,Mi-17,transport helicopter,Aircraft,2005,No,6,No,2006,No,New,7.25,7.25,43.5,No",
            "33020,Russia,Venezuela,Mi-17,transport helicopter,Aircraft,2005,No,8,No,2006,No,New,7.25,7.25,58,No",
        )
        .replace(
            "38045,United States,Venezuela,ship engine 6001-8000,ship engine,Engines,1999,No,2,No,2001,No,New,2.5,2.5,5,No\n",
            "",
        )
        + "99001,Russia,Venezuela,Su-30MK,FGA aircraft,Aircraft,2025,Yes,2,Yes,2026,Yes,New,55,55,110,No\n"
}

#[test]
fn editions_supersede() {
    let e2 = second_edition();
    assert_ne!(e2, EXCERPT);
    let (mut ledger, first) = excerpt();
    let len_1 = ledger.len();
    let report = sipri::import(&mut ledger, e2.as_bytes(), &Options::new()).unwrap();
    assert!(report.counts.rejected.is_empty(), "{report}");
    let diff = report.edition.clone().expect("a second edition has a diff");
    assert_eq!(diff.previous, Some(date(2025, 1, 3)));
    assert_eq!(diff.edition, Some(date(2026, 2, 2)));
    assert_eq!(diff.added, ["99001"]);
    assert_eq!(diff.withdrawn, ["38045"]);
    let changed: Vec<&str> = diff.changed.iter().map(|c| c.deal.as_str()).collect();
    assert_eq!(changed, ["33019", "33020"], "{diff}");
    assert_eq!(diff.unchanged, first.deals - 3);
    let su30 = &diff.changed[0];
    let field = |name: &str| su30.fields.iter().find(|f| f.field == name).unwrap();
    assert_eq!(field("delivered 2008").before.as_deref(), Some("8"));
    assert_eq!(field("delivered 2008").after, None);
    assert_eq!(field("delivered 2009").after.as_deref(), Some("8"));
    let mi17 = &diff.changed[1];
    let ordered = mi17.fields.iter().find(|f| f.field == "ordered").unwrap();
    assert_eq!(
        (ordered.before.as_deref(), ordered.after.as_deref()),
        (Some(">=6"), Some(">=8"))
    );
    // Only the revised deals were appended: 33019 and 33020 (order and deliveries), 99001;
    // their earlier entries and 38045's retracted.
    assert_eq!(report.counts.entries_created - report.retracted, 4 + 2 + 2);
    assert_eq!(report.retracted, 4 + 2 + 2);
    assert_eq!(ledger.len(), len_1 + 16);

    // Not doubled: Venezuela's Su-30MK2 are 24, not 48; the moved batch shows as known now,
    // and as known at the first edition the 2008 count stands.
    let ven = h("VEN");
    let su = cat("su-30mk2");
    assert_eq!(
        in_service(&ledger, "VEN", &su, 2013),
        Count::exact(24).unwrap()
    );
    assert_eq!(
        in_service(&ledger, "VEN", &su, 2008),
        Count::exact(16).unwrap()
    );
    let known_1: Timestamp = "2025-01-03T00:00:00Z".parse().unwrap();
    let then = AsOf::valid(date(2008, 12, 31)).known_at(known_1);
    assert_eq!(ledger.lot(&ven, &su, &then).in_service().value(), 24);

    // The ledger now says what a fresh import of the second edition says, holder by holder.
    let (fresh, _) = import(&e2, &Options::new());
    for holder in fresh.holders() {
        for y in [2005, 2010, 2026] {
            let at = AsOf::valid(date(y, 12, 31));
            let a: Vec<_> = ledger
                .holdings(holder, &at)
                .iter()
                .map(|(p, s)| (p.clone(), *s))
                .collect();
            let b: Vec<_> = fresh
                .holdings(holder, &at)
                .iter()
                .map(|(p, s)| (p.clone(), *s))
                .collect();
            assert_eq!(a, b, "{holder} in {y}");
        }
    }
    // The withdrawn deal is gone as known now.
    assert_eq!(
        ledger
            .pipeline(&ven, &AsOf::latest())
            .iter()
            .filter(|p| p.entry.source().reference() == Some("38045"))
            .count(),
        0
    );

    // The same edition again appends nothing.
    let len_2 = ledger.len();
    let again = sipri::import(&mut ledger, e2.as_bytes(), &Options::new()).unwrap();
    assert_eq!(again.counts.entries_created, 0);
    assert!(again.edition.unwrap().is_empty());
    assert_eq!(ledger.len(), len_2);

    // An older edition after a newer one: refused, the ledger unchanged.
    let err = sipri::import(&mut ledger, EXCERPT.as_bytes(), &Options::new()).unwrap_err();
    assert!(
        matches!(err, Error::OlderEdition { edition, latest }
            if edition == date(2025, 1, 3) && latest == date(2026, 2, 2)),
        "{err}"
    );
    assert!(err.to_string().contains("oldest first"), "{err}");
    assert_eq!(ledger.len(), len_2);
}

/// The excerpt without its `Data generated:` line (as a spreadsheet may re-save it): the
/// header is then line 11.
fn without_generated_line() -> String {
    EXCERPT
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("Data generated: "))
        .collect()
}

#[test]
fn an_export_without_its_generation_line_imports_with_the_edition_given() {
    let csv = without_generated_line();
    // Without the option: the preamble error names line 11, as before.
    let (ledger, r) = import(&csv, &Options::new());
    assert!(matches!(r, Err(Error::Preamble { line: 11, .. })), "{r:?}");
    assert!(ledger.is_empty());

    // With it: the same entries as the whole export, citing the edition given.
    let (whole, whole_report) = excerpt();
    let (ledger, r) = import(&csv, &Options::new().edition(date(2025, 1, 3)));
    let report = r.unwrap();
    assert_eq!(report.generated, "");
    assert_eq!(report.generated_date, date(2025, 1, 3));
    assert_eq!(report.citation, whole_report.citation);
    assert_eq!(report.recorded, whole_report.recorded);
    assert_eq!(report.counts.rows_read, whole_report.counts.rows_read);
    let a: Vec<_> = ledger.entries().map(|e| e.into_content()).collect();
    let b: Vec<_> = whole.entries().map(|e| e.into_content()).collect();
    assert_eq!(a, b);

    // Row errors name the file's own lines: the first row is line 12, not 13.
    let mut lines: Vec<&str> = csv.lines().collect();
    let bad = lines[11].replacen(",Afghanistan,", ",Narnia,", 1);
    assert_ne!(bad, lines[11], "the first row names Afghanistan");
    lines[11] = &bad;
    let (_, r) = import(
        &(lines.join("\n") + "\n"),
        &Options::new().edition(date(2025, 1, 3)),
    );
    assert_eq!(r.unwrap().counts.rejected[0].line, 12);
}

#[test]
fn an_edition_given_must_agree_with_the_exports_own() {
    // The same date: fine.
    let (_, r) = import(EXCERPT, &Options::new().edition(date(2025, 1, 3)));
    assert_eq!(r.unwrap().generated, "3 Jan 2025 9:16:02 PM");
    // Another date: refused, naming both, nothing imported.
    let (ledger, r) = import(EXCERPT, &Options::new().edition(date(2024, 12, 9)));
    match r {
        Err(e @ Error::EditionMismatch { line: 11, .. }) => {
            let text = e.to_string();
            assert!(
                text.contains("2025-01-03") && text.contains("2024-12-09"),
                "{text}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(ledger.is_empty());
}

/// The excerpt's ledger with a hand-written loss of the two ship engines of deal 38045
/// (which the second edition withdraws): retracting its delivery would leave -2 engines,
/// so the ledger refuses that retraction, the last entry of the second edition's import.
/// (The engines are generic, so the import stated their lot's opening stock unknown, which
/// would let it go below zero: an analyst who knows it opened at zero retracts that first,
/// and the second edition does not state it again.)
fn ledger_refusing_the_withdrawal() -> Ledger {
    let (mut ledger, _) = excerpt();
    let delivery = ledger
        .entries()
        .find(|e| {
            e.source().reference() == Some("38045")
                && matches!(e.change(), Change::Delivered { .. })
        })
        .unwrap();
    let opening = ledger
        .entries()
        .find(|e| {
            matches!(e.change(), Change::OpeningUnknown)
                && e.holder() == delivery.holder()
                && e.platform() == delivery.platform()
        })
        .expect("the engines' lot may predate the window");
    let retraction = ledger
        .retraction(
            opening.id(),
            materiel::Source::new("an analyst", "B2".parse().unwrap()).unwrap(),
            "2025-06-01T00:00:00Z".parse().unwrap(),
            Some("the lot opened at zero".into()),
        )
        .unwrap();
    ledger.append(retraction).unwrap();
    let loss = materiel::NewEntry::new(
        delivery.holder().clone(),
        delivery.platform().clone(),
        materiel::EffectiveDate::year(2010).unwrap(),
        Change::Lost {
            count: Count::exact(2).unwrap(),
            from: Status::Unknown,
            cause: materiel::ledger::LossCause::Destroyed,
        },
        materiel::Source::new("a navy report", "B2".parse().unwrap()).unwrap(),
        "2025-06-01T00:00:00Z".parse().unwrap(),
    );
    ledger.append(loss).unwrap();
    ledger
}

/// Strict, an edition import the ledger refuses late (its last retraction) is all or
/// nothing: the error names the refusal and the ledger is exactly as before, the revised
/// and added deals' entries included.
#[test]
fn a_strict_edition_import_refused_late_changes_nothing() {
    let mut ledger = ledger_refusing_the_withdrawal();
    let before: Vec<_> = ledger.entries().collect();
    let err = sipri::import(
        &mut ledger,
        second_edition().as_bytes(),
        &Options::new().strict(true),
    )
    .unwrap_err();
    // A withdrawn deal has no row in the new edition: line 0.
    assert!(
        matches!(
            &err,
            Error::Ledger {
                line: 0,
                source: materiel::LedgerError::NegativeCount { .. }
            }
        ),
        "{err}"
    );
    assert_eq!(ledger.entries().collect::<Vec<_>>(), before);
}

/// Lenient, the same import appends everything but the refused retraction, reported as a
/// ledger row error; the ledger is what appending the import's entries one by one gives.
#[test]
fn a_lenient_edition_import_skips_the_refused_entry_only() {
    let start = ledger_refusing_the_withdrawal();
    let mut ledger = start.clone();
    let report = sipri::import(&mut ledger, second_edition().as_bytes(), &Options::new()).unwrap();
    let refused: Vec<_> = report
        .counts
        .rejected
        .iter()
        .map(|e| (e.line, e.problem))
        .collect();
    assert_eq!(refused, [(0, RowProblem::Ledger)], "{report}");
    assert!(
        report.counts.rejected[0].reason.contains("negative"),
        "{report}"
    );
    // As in `editions_supersede`, but for one of the 8 retractions.
    assert_eq!(report.retracted, 8 - 1);
    assert_eq!(report.counts.entries_created, 8 + 7);
    assert_eq!(
        report.counts.first_entry,
        Some(materiel::EntryId::new(start.len() as u64))
    );
    let mut one_by_one = start.clone();
    for entry in ledger.entries().skip(start.len()) {
        one_by_one.append(entry.into_content()).unwrap();
    }
    assert_eq!(
        one_by_one.entries().collect::<Vec<_>>(),
        ledger.entries().collect::<Vec<_>>()
    );
}
