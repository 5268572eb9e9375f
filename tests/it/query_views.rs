//! Views added for the flagship scenario: an unspecified request, the readiness denominator
//! (stored units are not possessed) and the age of observations.

use jiff::civil::date;
use materiel::ledger::{Possessed, RequestKind};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, HolderId, Ledger, NewEntry, PlatformKind,
    PlatformRef, Source, Status,
};

type Res = Result<(), Box<dyn std::error::Error>>;

fn source(grade: &str) -> Source {
    Source::new("test source", grade.parse().expect("grade")).expect("source")
}

fn at(text: &str) -> jiff::Timestamp {
    text.parse().expect("timestamp")
}

#[test]
fn an_unspecified_request_is_in_the_pipeline_and_round_trips() -> Res {
    let mut ledger = Ledger::new(Catalog::reference());
    let ven: HolderId = "VEN".parse()?;
    let assistance = PlatformRef::generic("military assistance", PlatformKind::Generic)?;
    let change = Change::Requested {
        count: None,
        supplier: Some("CHN".parse()?),
        request: RequestKind::Unspecified,
    };
    ledger.append(NewEntry::new(
        ven.clone(),
        assistance,
        EffectiveDate::month(2025, 10)?,
        change.clone(),
        source("B3"),
        at("2025-11-03T09:00:00Z"),
    ))?;
    let pipeline = ledger.pipeline(&ven, &AsOf::latest());
    assert_eq!(pipeline.len(), 1);
    assert_eq!(pipeline[0].outstanding, None);
    assert_eq!(RequestKind::Unspecified.to_string(), "unspecified");
    assert_eq!(
        "unspecified".parse::<RequestKind>()?,
        RequestKind::Unspecified
    );
    let json = serde_json::to_string(&change)?;
    assert!(json.contains("\"request\":\"unspecified\""), "{json}");
    assert_eq!(serde_json::from_str::<Change>(&json)?, change);

    // Through the journal's wire form too.
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("j.jsonl");
    let options = materiel::journal::JournalOptions::new();
    let mut journal = materiel::Journal::create(&path, Catalog::reference(), &options)?;
    for entry in ledger.entries() {
        journal.append(NewEntry::new(
            entry.holder().clone(),
            entry.platform().clone(),
            entry.effective(),
            entry.change().clone(),
            entry.source().clone(),
            entry.recorded(),
        ))?;
    }
    drop(journal);
    let journal = materiel::Journal::open(&path, Catalog::reference(), &options)?;
    let back: Vec<_> = journal
        .ledger()
        .entries()
        .map(|e| e.change().clone())
        .collect();
    assert_eq!(back, vec![change]);
    Ok(())
}

/// 10 delivered operational; 4 of them put in store; 2 more delivered, status unknown.
fn fleet_with_stored_units() -> Result<(Ledger, HolderId, PlatformRef), Box<dyn std::error::Error>>
{
    let mut ledger = Ledger::new(Catalog::reference());
    let ven: HolderId = "VEN".parse()?;
    let su30 = PlatformRef::catalog("su-30mk2")?;
    let recorded = at("2025-01-01T00:00:00Z");
    for (year, change) in [
        (
            2006,
            Change::Delivered {
                count: Count::exact(10)?,
                into: Status::Operational,
                supplier: None,
                condition: Default::default(),
            },
        ),
        (
            2007,
            Change::StatusChanged {
                from: Status::Operational,
                to: Status::Stored,
                count: Count::exact(4)?,
            },
        ),
        (
            2008,
            Change::Delivered {
                count: Count::exact(2)?,
                into: Status::Unknown,
                supplier: None,
                condition: Default::default(),
            },
        ),
    ] {
        ledger.append(NewEntry::new(
            ven.clone(),
            su30.clone(),
            EffectiveDate::year(year)?,
            change,
            source("B2"),
            recorded,
        ))?;
    }
    Ok((ledger, ven, su30))
}

#[test]
fn stored_units_are_not_possessed_by_default() -> Res {
    let (ledger, ven, su30) = fleet_with_stored_units()?;
    let r = ledger.readiness(&ven, &su30, &AsOf::latest());
    // Possessed: 6 operational + 2 of unknown status; the 4 in store are left out.
    assert_eq!(r.possessed(), 8);
    assert_eq!(r.stored_excluded(), 4);
    assert_eq!(r.in_service(), 12);
    assert_eq!(r.mission_capable(), 6);
    assert_eq!(r.rate(), Some(1.0));
    assert_eq!(r.lower(), Some(0.75));
    assert_eq!(r.upper(), Some(1.0));
    assert_eq!(
        r.to_string(),
        "6/8 mission capable, 2 unknown, 4 stored not counted: rate 100% (bounds 75%..100%)"
    );
    Ok(())
}

#[test]
fn stored_units_can_be_counted_as_possessed() -> Res {
    let (ledger, ven, su30) = fleet_with_stored_units()?;
    let state = ledger.lot(&ven, &su30, &AsOf::latest());
    assert_eq!(
        state.readiness(),
        state.readiness_with(Possessed::ExcludingStored)
    );
    let r = state.readiness_with(Possessed::IncludingStored);
    assert_eq!(r.possessed(), 12);
    assert_eq!(r.stored_excluded(), 0);
    assert_eq!(r.rate(), Some(0.6));
    assert_eq!(r.lower(), Some(0.5));
    assert_eq!(
        r.to_string(),
        "6/12 mission capable, 2 unknown: rate 60% (bounds 50%..67%)"
    );
    Ok(())
}

fn il76_seen() -> Result<(Ledger, HolderId), Box<dyn std::error::Error>> {
    let mut ledger = Ledger::new(Catalog::reference());
    let carrier: HolderId = "zicotrans".parse()?;
    ledger.append(NewEntry::new(
        carrier.clone(),
        PlatformRef::catalog("il-76td")?,
        EffectiveDate::month(2025, 10)?,
        Change::Observed {
            count: Some(Count::exact(2)?),
            status: None,
        },
        source("C2"),
        at("2025-11-03T09:00:00Z"),
    ))?;
    Ok((ledger, carrier))
}

fn tonnes(m: materiel::units::Mass) -> f64 {
    m.get::<uom::si::mass::ton>()
}

#[test]
fn observations_carry_their_age_and_expire_after_the_window() -> Res {
    let (ledger, carrier) = il76_seen()?;
    assert_eq!(AsOf::latest().observation_window(), 365);
    let view = AsOf::valid(date(2025, 11, 3));
    let seen = ledger.observations(&carrier, &view);
    assert_eq!(seen.len(), 1);
    // Dated October 2025: counted from its first day, 2025-10-01.
    assert_eq!(seen[0].age_days, Some(33));
    let cap = ledger.capacity(&carrier, &view);
    assert_eq!(tonnes(cap.observed), 100.0);
    assert_eq!(cap.observed_oldest_days, Some(33));

    // 365 days on, still in the default window; a day later, gone: no lift is claimed.
    let last = AsOf::valid(date(2026, 10, 1));
    assert_eq!(ledger.observations(&carrier, &last)[0].age_days, Some(365));
    let later = AsOf::valid(date(2026, 10, 2));
    assert!(ledger.observations(&carrier, &later).is_empty());
    let cap = ledger.capacity(&carrier, &later);
    assert_eq!(tonnes(cap.observed), 0.0);
    assert_eq!(cap.observed_oldest_days, None);

    // The window is configurable.
    let narrow = view.observed_within(30);
    assert_eq!(narrow.observation_window(), 30);
    assert!(ledger.observations(&carrier, &narrow).is_empty());
    let wide = AsOf::valid(date(2028, 1, 1)).observed_within(1000);
    assert_eq!(ledger.observations(&carrier, &wide)[0].age_days, Some(822));

    // A view after every entry's date has no day to measure from: the latest observation,
    // no age.
    let latest = ledger.observations(&carrier, &AsOf::latest());
    assert_eq!((latest.len(), latest[0].age_days), (1, None));
    Ok(())
}
