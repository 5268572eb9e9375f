//! "Of which captured" (`LotState::captured_held`): exact figures on the committed Oryx
//! excerpt (tests/data/oryx/, see its README for the attribution: "Data: Oryx
//! (oryxspioenkop.com), as scraped by scarnecchia/oryx_data; no licence stated: check Oryx's
//! terms before republishing."), a lot with a known baseline, a property over generated
//! histories, and (ignored) Ukraine's T-80BV in the full files of ../shared/data/oryx/.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use materiel::import::oryx::{self, Options};
use materiel::ledger::{CapturedHeld, LossCause, LotState};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, HolderId, Ledger, NewEntry, PlatformRef, Source,
    Status,
};
use proptest::prelude::*;

use crate::support::history;

fn h(s: &str) -> HolderId {
    s.parse().unwrap()
}

fn cat(id: &str) -> PlatformRef {
    PlatformRef::catalog(id).unwrap()
}

fn options() -> Options {
    Options::new().recorded("2025-07-20T00:00:00Z".parse::<Timestamp>().unwrap())
}

fn oryx_ledger(dir: &Path) -> Ledger {
    let mut ledger = Ledger::new(Catalog::reference());
    oryx::import_dir(&mut ledger, dir, &options()).unwrap();
    ledger
}

fn excerpt_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/oryx")
}

/// (lower, upper) of a lot's "of which captured".
fn held(ledger: &Ledger, holder: &str, platform: &str) -> (u64, u64) {
    let lot = ledger.lot(&h(holder), &cat(platform), &AsOf::latest());
    let held = lot.captured_held();
    (held.lower(), held.upper())
}

/// What every "of which captured" range satisfies, whatever the history.
fn check_range(state: &LotState) -> Result<(), String> {
    let held = state.captured_held();
    let captured = state.captured_in().value();
    let in_service = state.in_service().value();
    let ok = held.lower() <= held.upper()
        && held.upper() <= captured
        && held.lower() <= in_service
        && (!state.baseline_known() || held.upper() <= in_service)
        && (captured > 0 || held == CapturedHeld::default());
    if ok {
        Ok(())
    } else {
        Err(format!("{held:?} of {state:?}"))
    }
}

#[test]
fn the_excerpt_gives_the_documented_ranges() {
    let ledger = oryx_ledger(&excerpt_dir());
    let at = AsOf::latest();
    // Ukraine's BMP-2: 3 captured from Russia, 1 of its own lost: 2 or 3 of the (at least) 2
    // in service are captured ones.
    let bmp2 = ledger.lot(&h("UKR"), &cat("bmp-2"), &at);
    assert_eq!(bmp2.in_service(), Count::at_least(2).unwrap());
    assert_eq!((bmp2.captured_in().value(), bmp2.lost().value()), (3, 1));
    assert_eq!(held(&ledger, "UKR", "bmp-2"), (2, 3));
    assert_eq!(bmp2.captured_held().to_string(), "2..3");
    // Lost as many as captured: none, or the one captured, is left.
    assert_eq!(held(&ledger, "UKR", "bmp-1"), (0, 1));
    assert_eq!(held(&ledger, "RUS", "btr-80"), (0, 1));
    // Nothing lost: every captured unit is held.
    assert_eq!(held(&ledger, "UKR", "t-80bv"), (1, 1));
    assert_eq!(held(&ledger, "UKR", "btr-82a"), (3, 3));
    // A lot that captured nothing.
    assert!(
        ledger
            .lot(&h("RUS"), &cat("t-72b3"), &at)
            .captured_held()
            .is_none()
    );
    // Every lot, and the sums: 49 lots captured something, the 64 captures credited, 58 to
    // 64 of them held.
    let mut lots = 0;
    let (mut captured, mut lower, mut upper) = (0, 0, 0);
    for (_, holdings) in ledger.all_holdings(&at) {
        for (_, state) in holdings.iter() {
            check_range(state).unwrap();
            if !state.captured_held().is_none() {
                lots += 1;
                captured += state.captured_in().value();
                lower += state.captured_held().lower();
                upper += state.captured_held().upper();
            }
        }
    }
    assert_eq!((lots, captured, lower, upper), (49, 64, 58, 64));
}

fn entry(holder: &str, day: i8, change: Change) -> NewEntry {
    NewEntry::new(
        h(holder),
        cat("t-80bv"),
        EffectiveDate::day(2023, 1, day).unwrap(),
        change,
        Source::new("illustrative figures", "B2".parse().unwrap()).unwrap(),
        "2025-01-01T00:00:00Z".parse().unwrap(),
    )
}

fn n(value: u64) -> Count {
    Count::exact(value).unwrap()
}

fn destroyed(count: u64) -> Change {
    Change::Lost {
        count: n(count),
        from: Status::Unknown,
        cause: LossCause::Destroyed,
    }
}

fn captured_by_ukraine(count: u64) -> Change {
    Change::Lost {
        count: n(count),
        from: Status::Unknown,
        cause: LossCause::Captured { by: Some(h("UKR")) },
    }
}

/// A lot with a known baseline (deliveries): the range follows losses, not status changes;
/// an assessment leaves no captured unit known to remain.
#[test]
fn losses_and_assessments_widen_the_range() {
    let mut ledger = Ledger::new(Catalog::reference());
    let at = AsOf::latest();
    let lot = |ledger: &Ledger| ledger.lot(&h("UKR"), &cat("t-80bv"), &at);
    let delivered = Change::Delivered {
        count: n(10),
        into: Status::Unknown,
        supplier: None,
        condition: Default::default(),
    };
    ledger.append(entry("UKR", 1, delivered)).unwrap();
    // Russia's lot as a loss list has it: its opening stock unknown.
    ledger
        .append(entry("RUS", 1, Change::OpeningUnknown))
        .unwrap();
    ledger
        .append(entry("RUS", 2, captured_by_ukraine(4)))
        .unwrap();
    assert_eq!(lot(&ledger).in_service(), n(14));
    assert_eq!(held(&ledger, "UKR", "t-80bv"), (4, 4));
    // Pressed into service: still captured ones.
    let pressed = Change::StatusChanged {
        from: Status::Unknown,
        to: Status::Operational,
        count: n(2),
    };
    ledger.append(entry("UKR", 3, pressed)).unwrap();
    assert_eq!(held(&ledger, "UKR", "t-80bv"), (4, 4));
    // Three lost: any of them may have been captured ones.
    ledger.append(entry("UKR", 4, destroyed(3))).unwrap();
    assert_eq!(held(&ledger, "UKR", "t-80bv"), (1, 4));
    // Two found: no more than 2 can be captured ones, and the assessment does not say whose.
    let assessed = Change::Assessed {
        breakdown: vec![(Status::Unknown, n(2))],
    };
    ledger.append(entry("UKR", 5, assessed)).unwrap();
    assert_eq!(held(&ledger, "UKR", "t-80bv"), (0, 2));
    check_range(&lot(&ledger)).unwrap();
    // Before the assessment, the range was the losses' alone.
    let before = AsOf::valid(jiff::civil::date(2023, 1, 4));
    let state = ledger.lot(&h("UKR"), &cat("t-80bv"), &before);
    assert_eq!(state.captured_held().to_string(), "1..4");
}

/// The Russian side of the capture above needs an opening stock: the importer's way.
#[test]
fn a_capture_from_an_open_lot_is_credited_and_retracted() {
    let mut ledger = Ledger::new(Catalog::reference());
    ledger
        .append(entry("RUS", 1, Change::OpeningUnknown))
        .unwrap();
    let capture = ledger
        .append(entry("RUS", 2, captured_by_ukraine(4)))
        .unwrap();
    assert_eq!(held(&ledger, "UKR", "t-80bv"), (4, 4));
    let correction = Source::new("analyst correction", "B2".parse().unwrap()).unwrap();
    let later = "2025-01-02T00:00:00Z".parse().unwrap();
    ledger.retract(capture, correction, later, None).unwrap();
    assert_eq!(held(&ledger, "UKR", "t-80bv"), (0, 0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(history::cases(64)))]
    /// Over generated histories (captures, transfers, assessments, retractions, opening
    /// stocks unknown), every lot's range lies within its captured units and its units in
    /// service, at every date the history names.
    #[test]
    fn every_range_lies_within_the_captured_and_in_service_units(ops in history::ops_s(40)) {
        let mut ledger = Ledger::new(Catalog::reference());
        let mut clock = history::t0();
        let entries = history::accepted(&mut ledger, &ops, &mut clock);
        let mut dates: Vec<AsOf> = entries
            .iter()
            .map(|e| AsOf::valid(e.effective().first_day()))
            .collect();
        dates.push(AsOf::latest());
        for at in &dates {
            for (_, holdings) in ledger.all_holdings(at) {
                for (_, state) in holdings.iter() {
                    prop_assert!(check_range(state).is_ok(), "{}", check_range(state).unwrap_err());
                }
            }
        }
    }
}

/// The full files, when present: Ukraine's T-80BV, the example.
#[test]
#[ignore = "needs ../shared/data/oryx/ (run with --ignored)"]
fn full_files_ukraines_t80bv() {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/oryx");
    if !full.join("event_destroyed.csv").is_file() {
        eprintln!("skipped: {} is absent", full.display());
        return;
    }
    let ledger = oryx_ledger(&full);
    let lot = ledger.lot(&h("UKR"), &cat("t-80bv"), &AsOf::latest());
    assert_eq!(lot.in_service(), Count::at_least(3).unwrap());
    assert_eq!((lot.captured_in().value(), lot.lost().value()), (95, 92));
    assert_eq!(lot.captured_held().to_string(), "3..95");
    let mut totals = (0, 0, 0);
    for (_, state) in ledger.holdings(&h("UKR"), &AsOf::latest()).iter() {
        check_range(state).unwrap();
        let held = state.captured_held();
        totals.0 += state.captured_in().value();
        totals.1 += held.lower();
        totals.2 += held.upper();
    }
    println!("UKR: captured in, of which held lower..upper: {totals:?}");
}
