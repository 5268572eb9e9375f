//! The later reports of the scenario (`../shared/scenario/README.md`, "Later reports"), kept
//! as claims beside the ledger's trajectory: the counts that disagree, their bounds, the open
//! conflicts, and an analyst's resolution as known before and after it.
//!
//! Grading policy for claims (this example's):
//!
//! * a news outlet's fleet count that names no source: `C3` (fairly reliable outlet; the
//!   count is not confirmed by another source);
//! * a government's claim about its own arsenal, made in a speech and reported accurately by
//!   the press: `C3` (the government knows its arsenal but has reason to inflate it: fairly
//!   reliable; no other source confirms the figure: possibly true). The grade is of the
//!   claim, not of the outlets that reported the speech.
//!
//! The analyst's resolution at the end is this example's own decision, labelled
//! ILLUSTRATIVE where it is printed.

use materiel::ledger::{Bounds, Decision, PointPolicy, Quantity, SupportOrigin};
use materiel::{
    AsOf, Change, Count, EffectiveDate, HolderId, Ledger, NewEntry, PlatformRef, Source,
};

use super::{Res, heading, ts};

/// A count a later report states.
struct Claim {
    platform: &'static str,
    /// (year, month, day) the count speaks of; `None` for the day: the year only.
    date: (i16, Option<(i8, i8)>),
    count: fn() -> Result<Count, materiel::ParseError>,
    citation: &'static str,
    grade: &'static str,
    note: &'static str,
}

/// The claims of the scenario's later reports, as the README lists them.
const CLAIMS: [Claim; 3] = [
    Claim {
        platform: "su-30mk2",
        date: (2023, Some((7, 3))),
        count: || Count::exact(23),
        citation: "Sputnik via urdupoint.com, 2023-07-03",
        grade: "C3",
        note: "\"The Venezuelan air force was armed with 23 Su-30MK2V fighters\" \
               (in the report of the 2023-07-02 crash)",
    },
    Claim {
        platform: "su-30mk2",
        date: (2018, None),
        count: || Count::exact(23),
        citation: "kant.kg, 2019-10-17",
        grade: "C3",
        note: "23 Su-30MKV \"as of 2018\" (in the report of the 2019-10-16 crash)",
    },
    Claim {
        platform: "igla-s",
        date: (2025, Some((10, 22))),
        count: || Count::at_least(5_000),
        citation: "President Maduro at a televised military event, reported by CNN and AFP \
                   (trtworld.com, 2025-10-23; novinite.com, id 235067)",
        grade: "C3",
        note: "\"no fewer than 5,000\" Igla-S in air-defence positions",
    },
];

/// When the later reports were recorded, and the illustrative resolution.
const CLAIMS_RECORDED: &str = "2025-11-05T09:00:00Z";
const RESOLVED_RECORDED: &str = "2025-11-06T09:00:00Z";

/// Prints the section: the claims go into a copy of the flagship's ledger.
pub(super) fn print_claims(ledger: &Ledger, ven: &HolderId) -> Res<()> {
    let mut ledger = ledger.clone();
    let recorded = ts(CLAIMS_RECORDED)?;
    for claim in &CLAIMS {
        let effective = match claim.date {
            (y, Some((m, d))) => EffectiveDate::day(y, m, d)?,
            (y, None) => EffectiveDate::year(y)?,
        };
        ledger.append(
            NewEntry::new(
                ven.clone(),
                PlatformRef::catalog(claim.platform)?,
                effective,
                Change::Claimed {
                    quantity: Quantity::Held,
                    count: (claim.count)()?,
                },
                Source::new(claim.citation, claim.grade.parse()?)?,
                recorded,
            )
            .with_note(claim.note),
        )?;
    }
    let su30 = PlatformRef::catalog("su-30mk2")?;
    let igla = PlatformRef::catalog("igla-s")?;

    heading("Sources that disagree: every claim kept, holdings as bounds");
    println!(
        "  The later reports go in as claims (C3, this example's policy), beside SIPRI, the \
         crash reports and the 2025 report; none erases another."
    );
    for platform in [&su30, &igla] {
        let b = ledger.bounds(ven, platform, Quantity::Held, &AsOf::latest());
        print_bounds(&ledger, platform, &b);
    }

    let before = AsOf::latest().known_at(ts("2025-11-05T12:00:00Z")?);
    print_conflicts(&ledger, ven, &before, "as known at 2025-11-05T12:00Z");

    // ILLUSTRATIVE: an analyst settles the Su-30MK2 count on the flows.
    ledger.append(
        NewEntry::new(
            ven.clone(),
            su30.clone(),
            EffectiveDate::day(2025, 11, 6)?,
            Change::Resolved {
                quantity: Quantity::Held,
                decision: Decision::Narrow {
                    lower: 21,
                    upper: Some(21),
                },
            },
            Source::new("ILLUSTRATIVE: this example's analyst", "B2".parse()?)?,
            ts(RESOLVED_RECORDED)?,
        )
        .with_note(
            "24 delivered (SIPRI) less three crashes the defence ministry announced; the 2025 \
             report repeats the 2006 order, and the 2023 count of 23 leaves out two crashes",
        ),
    )?;
    println!(
        "\n  ILLUSTRATIVE: an analyst narrows the Su-30MK2 count to 21 (recorded {RESOLVED_RECORDED})."
    );
    print_conflicts(&ledger, ven, &before, "as known before the resolution");
    print_conflicts(&ledger, ven, &AsOf::latest(), "as known after it");
    let resolved = ledger.bounds_with(
        ven,
        &su30,
        Quantity::Held,
        &AsOf::latest(),
        PointPolicy::Resolved,
    );
    if let Some(r) = resolved.resolution() {
        println!(
            "  The resolution: {} ({}): \"{}\"",
            r.change(),
            r.source().grade(),
            r.note().unwrap_or_default()
        );
    }
    println!(
        "  Su-30MK2 under the resolved policy: {resolved}; by default: {}",
        ledger.bounds(ven, &su30, Quantity::Held, &AsOf::latest())
    );
    Ok(())
}

/// What a support is, for people.
fn label(s: &materiel::ledger::Support) -> String {
    match s.origin() {
        SupportOrigin::Flows { entries } => {
            format!(
                "recorded flows ({entries} entries), {} ({})",
                s.stated(),
                s.grade()
            )
        }
        SupportOrigin::Assessment(e) | SupportOrigin::Claim(e) => {
            let what = if matches!(s.origin(), SupportOrigin::Assessment(_)) {
                "assessed"
            } else {
                "claimed"
            };
            format!(
                "{} {what} {} on {} ({}); {} today",
                e.source().citation(),
                s.stated(),
                e.effective(),
                s.grade(),
                range(s.lower(), s.upper())
            )
        }
        _ => "another support".to_owned(),
    }
}

fn range(lower: u64, upper: Option<u64>) -> String {
    match upper {
        Some(u) if u == lower => format!("{lower}"),
        Some(u) => format!("{lower}..={u}"),
        None => format!("{lower}.. (no upper limit)"),
    }
}

fn print_bounds(ledger: &Ledger, platform: &PlatformRef, b: &Bounds) {
    let point = b.point().map_or("none".to_owned(), |p| p.to_string());
    println!(
        "\n  {} held today: {point} by default ({}), bounds {}",
        platform.label(ledger.catalog()),
        b.policy(),
        range(b.lower(), b.upper())
    );
    if let Some(chosen) = b.chosen() {
        println!("    chosen:    {}", label(chosen));
    }
    for s in b.set_aside() {
        println!("    set aside: {}", label(s));
    }
}

fn print_conflicts(ledger: &Ledger, ven: &HolderId, at: &AsOf, when: &str) {
    let open = ledger.conflicts(Some(ven), at);
    println!("  Open conflicts of VEN, {when}: {}", open.len());
    for c in &open {
        let b = c.bounds();
        println!(
            "    {} {}: {}",
            c.platform().label(ledger.catalog()),
            b.quantity(),
            range(b.lower(), b.upper())
        );
        let low: Vec<String> = b.lower_supports().map(short).collect();
        let high: Vec<String> = b.upper_supports().map(short).collect();
        println!("      lower: {}", low.join("; "));
        println!("      upper: {}", high.join("; "));
    }
}

/// A support in a few words: where from, grade, the figure as stated and when.
fn short(s: &materiel::ledger::Support) -> String {
    match s.entry() {
        Some(e) => format!(
            "{} ({}), {} on {}",
            e.source().citation(),
            s.grade(),
            s.stated(),
            e.effective()
        ),
        None => format!("recorded flows ({}), {}", s.grade(), s.stated()),
    }
}
