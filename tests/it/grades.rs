//! The Admiralty grade's two axes: `Grade::meets`, `Grade::weakest` and
//! `Provenance::weakest_grade` order reliability and credibility independently.

use materiel::ledger::LossCause;
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, Grade, Ledger, NewEntry, PlatformRef, Source,
    Status,
};

fn g(text: &str) -> Grade {
    text.parse().expect("valid grade")
}

#[test]
fn weakest_is_taken_per_axis() {
    // C1 is weaker in reliability, B4 in credibility: the weakest of the two is C4, which
    // both meet and no stronger grade both meet.
    assert_eq!(g("C1").weakest(g("B4")), g("C4"));
    assert_eq!(g("B4").weakest(g("C1")), g("C4"));
    assert_eq!(g("A1").weakest(g("A1")), g("A1"));
    assert_eq!(g("A2").weakest(Grade::UNGRADED), Grade::UNGRADED);
}

#[test]
fn weakest_is_met_by_both_and_is_the_strongest_such_grade() {
    let all: Vec<Grade> = "ABCDEF"
        .chars()
        .flat_map(|r| (1..=6).map(move |c| format!("{r}{c}")))
        .map(|t| g(&t))
        .collect();
    for &a in &all {
        for &b in &all {
            let w = a.weakest(b);
            assert_eq!(w, b.weakest(a), "{a} {b}: weakest is symmetric");
            assert!(a.meets(w) && b.meets(w), "{a} and {b} both meet {w}");
            for &m in &all {
                // A minimum is met by both exactly when their weakest meets it.
                assert_eq!(a.meets(m) && b.meets(m), w.meets(m), "{a} {b} min {m}");
            }
        }
    }
}

#[test]
fn meets_requires_both_axes() {
    assert!(g("B2").meets(g("B3")));
    assert!(!g("C1").meets(g("B4")), "reliability C is below B");
    assert!(!g("A4").meets(g("B3")), "credibility 4 is below 3");
    assert!(!Grade::UNGRADED.meets(g("E5")));
    assert!(Grade::UNGRADED.meets(Grade::UNGRADED));
}

#[test]
fn provenance_weakest_grade_combines_axes_of_different_entries()
-> Result<(), Box<dyn std::error::Error>> {
    let mut ledger = Ledger::new(Catalog::reference());
    let ven: materiel::HolderId = "VEN".parse()?;
    let su30 = PlatformRef::catalog("su-30mk2")?;
    let recorded: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    ledger.append(NewEntry::new(
        ven.clone(),
        su30.clone(),
        EffectiveDate::year(2006)?,
        Change::Delivered {
            count: Count::exact(4)?,
            into: Status::Unknown,
            supplier: None,
            condition: Default::default(),
        },
        Source::new("usually reliable, unconfirmed", g("B4"))?,
        recorded,
    ))?;
    ledger.append(NewEntry::new(
        ven.clone(),
        su30.clone(),
        EffectiveDate::day(2015, 9, 17)?,
        Change::Lost {
            count: Count::exact(1)?,
            from: Status::Unknown,
            cause: LossCause::Destroyed,
        },
        Source::new("fairly reliable, confirmed", g("C1"))?,
        recorded,
    ))?;
    let prov = ledger.provenance(&ven, &su30, &AsOf::latest());
    // Neither entry is C4, but C4 is what both meet: the lot's figures rest on a C source
    // and on a doubtful (4) claim.
    assert_eq!(prov.weakest_grade(), Some(g("C4")));
    // The view filtered at the weakest grade keeps every entry; one step stricter on either
    // axis drops one.
    let count = |min: &str| {
        ledger
            .provenance(&ven, &su30, &AsOf::latest().min_grade(g(min)))
            .entries
            .len()
    };
    assert_eq!(count("C4"), 2);
    assert_eq!(count("B4"), 1);
    assert_eq!(count("C3"), 1);
    Ok(())
}
