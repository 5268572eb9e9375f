//! A fleet's holdings by status over time, as a chart (SVG) and a table.
//!
//! ```text
//! cargo run --example readiness_timeline [OUT.svg]
//! ```
//!
//! `OUT.svg` defaults to `target/readiness_timeline.svg`. The chart is drawn by the library's
//! [`materiel::chart`] (the same code as `materiel timeline --svg`): [`chart_svg`] builds it.
//!
//! The fleet is Venezuela's Su-30MK2s, with the facts every example shares
//! (`examples/common/mod.rs`). **Sourced**: the SIPRI deliveries (4 + 12 + 8 in 2006-2008,
//! deal 33019, status not reported), the three reported crashes (2015-09-17, 2019-10-16,
//! 2023-07-02) and the 2025 news report's count (24 aircraft, "operational status ... unknown",
//! dated 2025-11-01). **Illustrative**: every status split between them and the 2026
//! assessment, invented to show what the chart and [`materiel::Ledger::timeline`] do,
//! recorded with an ungraded (`F6`) source named "ILLUSTRATIVE", and not a claim about the
//! real fleet. The chart draws one line per status, hatches the spans whose status split is
//! illustrative, draws the sourced number in service as a black line, and marks the crashes.

mod common;

use std::error::Error;
use std::path::PathBuf;

use materiel::chart::{Frame, Series};
use materiel::jiff::civil::Date;
use materiel::ledger::{LossCause, TimelineStep};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, Grade, HolderId, Ledger, NewEntry, PlatformRef,
    Source, Status,
};

type Res<T> = Result<T, Box<dyn Error>>;

/// The citation of every illustrative entry.
const ILLUSTRATIVE: &str = "ILLUSTRATIVE (not a real report)";

use Status::{
    Degraded, NonOperationalMaintenance as Nmcm, NonOperationalSupply as Nmcs, Operational,
};

/// Illustrative status changes: (year, from, to, count).
const ILLUSTRATIVE_CHANGES: &[(i16, Status, Status, u64)] = &[
    (2011, Operational, Nmcm, 4),
    (2013, Nmcm, Operational, 4),
    (2016, Operational, Nmcs, 5),
    (2017, Operational, Degraded, 3),
    (2020, Operational, Nmcs, 3),
    (2022, Nmcs, Nmcm, 4),
];

/// Chart colour of each status: the Okabe-Ito palette (distinguishable with the common
/// colour-vision deficiencies), blue for mission capable, orange to vermillion for not, grey
/// for not known.
const STATUS_COLOURS: [(Status, &str); 7] = [
    (Status::Operational, "#0072B2"),
    (Status::Degraded, "#56B4E9"),
    (Status::NonOperationalMaintenance, "#E69F00"),
    (Status::NonOperationalSupply, "#D55E00"),
    (Status::NonOperationalDamaged, "#CC79A7"),
    (Status::Stored, "#F0E442"),
    (Status::Unknown, "#BBBBBB"),
];

fn main() -> Res<()> {
    let mut out = PathBuf::from("target/readiness_timeline.svg");
    for arg in std::env::args().skip(1) {
        if arg == "--png" {
            return Err(
                "--png is gone: the chart is SVG only (convert it, e.g. with rsvg-convert)".into(),
            );
        }
        out = PathBuf::from(arg);
    }
    let ven: HolderId = "VEN".parse()?;
    let su30 = PlatformRef::catalog("su-30mk2")?;
    let view = AsOf::latest().known_at(common::ts(common::AS_KNOWN_AT)?);
    let full = build_ledger(&ven, &su30, true)?;
    let sourced = build_ledger(&ven, &su30, false)?;
    let steps: Vec<Step> = full
        .timeline(&ven, &su30, &view)
        .into_iter()
        .map(|step| {
            let illustrative = is_illustrative(&full, &ven, &su30, &step, &view);
            Step { step, illustrative }
        })
        .collect();
    let sourced_steps = sourced.timeline(&ven, &su30, &view);
    print_steps(&steps);

    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, chart_svg(&steps, &sourced_steps)?)?;
    println!("\nChart written to {}", out.display());
    Ok(())
}

/// A timeline step and whether its status split rests on an illustrative entry.
struct Step {
    step: TimelineStep,
    illustrative: bool,
}

/// The fleet's ledger. With `illustrative`, the invented status splits and the 2026
/// assessment are in it (and crashed aircraft leave `Operational`: they were flying);
/// without, only sourced entries (crashed aircraft leave `Unknown`, the status SIPRI's
/// deliveries enter in).
fn build_ledger(ven: &HolderId, su30: &PlatformRef, illustrative: bool) -> Res<Ledger> {
    let mut ledger = Ledger::new(Catalog::reference());
    let recorded = common::ts(common::REPORT_RECORDED)?;
    let sipri = Source::new(common::SIPRI_CITATION, common::sipri_grade())?
        .with_reference(format!("deal {}", common::SU30_DEAL));
    let invented = Source::new(ILLUSTRATIVE, Grade::UNGRADED)?;
    let mut entries: Vec<(EffectiveDate, Change, Source)> = Vec::new();
    for (year, n) in common::SU30_DELIVERIES {
        entries.push((
            EffectiveDate::year(year)?,
            Change::Delivered {
                count: Count::exact(n)?,
                into: Status::Unknown,
                supplier: Some("RUS".parse()?),
                condition: Default::default(),
            },
            sipri.clone(),
        ));
    }
    let crash_from = if illustrative {
        Operational
    } else {
        Status::Unknown
    };
    for crash in &common::CRASHES {
        entries.push((
            crash.effective()?,
            Change::Lost {
                count: Count::exact(1)?,
                from: crash_from,
                cause: LossCause::Destroyed,
            },
            crash.source()?,
        ));
    }
    let (y, m, d) = common::REPORT_DAY;
    entries.push((
        EffectiveDate::day(y, m, d)?,
        Change::Assessed {
            breakdown: vec![(Status::Unknown, Count::exact(common::REPORT_SU30)?)],
        },
        Source::new(common::REPORT, common::REPORT_SU30_GRADE.parse()?)?,
    ));
    if illustrative {
        entries.push((
            EffectiveDate::year(2009)?,
            Change::Assessed {
                breakdown: vec![(Operational, Count::exact(24)?)],
            },
            invented.clone(),
        ));
        for &(year, from, to, n) in ILLUSTRATIVE_CHANGES {
            entries.push((
                EffectiveDate::year(year)?,
                Change::StatusChanged {
                    from,
                    to,
                    count: Count::exact(n)?,
                },
                invented.clone(),
            ));
        }
        entries.push((
            EffectiveDate::year(2026)?,
            Change::Assessed {
                breakdown: common::hypothetical_breakdown()?,
            },
            invented.clone(),
        ));
    }
    entries.sort_by_key(|(date, _, _)| *date);
    for (date, change, source) in entries {
        ledger.append(NewEntry::new(
            ven.clone(),
            su30.clone(),
            date,
            change,
            source,
            recorded,
        ))?;
    }
    Ok(ledger)
}

/// True when an illustrative entry shapes the step's status split: the latest assessment in
/// effect, or any count-moving entry after it.
fn is_illustrative(
    ledger: &Ledger,
    ven: &HolderId,
    su30: &PlatformRef,
    step: &TimelineStep,
    view: &AsOf,
) -> bool {
    let mut at = AsOf::valid(step.date.first_day());
    if let Some(known) = view.known() {
        at = at.known_at(known);
    }
    let prov = ledger.provenance(ven, su30, &at);
    let from = prov
        .last_assessment
        .and_then(|id| prov.entries.iter().position(|e| e.id() == id))
        .unwrap_or(0);
    prov.entries[from..].iter().any(|e| {
        e.source().citation() == ILLUSTRATIVE
            && !matches!(
                e.change(),
                Change::Requested { .. } | Change::Ordered { .. } | Change::Observed { .. }
            )
    })
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_owned(), |x| format!("{:.0}%", x * 100.0))
}

fn print_steps(steps: &[Step]) {
    println!(
        "Su-30MK2 fleet of VEN by status, as known at {}.",
        common::AS_KNOWN_AT
    );
    println!("Sourced: deliveries (SIPRI), crashes (press reports), the 2025 report's 24 of");
    println!("unknown status. Rows marked * rest on ILLUSTRATIVE status splits (not data).");
    println!("MC rate = (FMC + PMC) / possessed (stored aircraft not possessed).\n");
    let mut header = format!("{:<12}  {:>3}", "from", "all");
    for (s, _) in STATUS_COLOURS {
        header += &format!("  {:>6}", s.code());
    }
    header += &format!("  {:>7}  {}", "MC rate", "bounds");
    println!("{header}");
    println!("{}", "-".repeat(header.len()));
    for Step { step, illustrative } in steps {
        let state = &step.state;
        let mark = if *illustrative { "*" } else { "" };
        let mut line = format!(
            "{:<12}  {:>3}",
            format!("{}{mark}", step.date),
            state.in_service().value()
        );
        for (s, _) in STATUS_COLOURS {
            line += &format!("  {:>6}", state.count(s).value());
        }
        let r = state.readiness();
        line += &format!(
            "  {:>7}  {}..{}",
            pct(r.rate()),
            pct(r.lower()),
            pct(r.upper())
        );
        println!("{line}");
    }
}

/// A short legend label.
fn label(status: Status) -> &'static str {
    match status {
        Status::Operational => "operational",
        Status::Degraded => "degraded",
        Status::NonOperationalMaintenance => "in maintenance",
        Status::NonOperationalSupply => "awaiting parts",
        Status::NonOperationalDamaged => "damaged",
        Status::Stored => "stored",
        _ => "status not known",
    }
}

/// The chart: one line per status that has aircraft at some step (the full ledger's
/// timeline), the illustrative spans hatched, the sourced number in service in black, the
/// crashes and the report marked, with the sources and the knowledge date. Its time axis runs
/// to the end of the last step's period (the 2026 assessment is dated by its year).
fn chart_svg(steps: &[Step], sourced: &[TimelineStep]) -> Res<String> {
    let known_at = &common::AS_KNOWN_AT[..10];
    let end = steps
        .last()
        .map(|s| s.step.date.last_day())
        .into_iter()
        .chain(Some(known_at.parse::<Date>()?))
        .max()
        .ok_or("no step")?;
    let crashes: Vec<String> = common::CRASHES
        .iter()
        .map(|c| {
            let (y, m, d) = c.date;
            format!("{y}-{m:02}-{d:02}")
        })
        .collect();
    let (y, m, d) = common::REPORT_DAY;
    let mut frame = Frame::new(
        "Venezuela's Su-30MK2s: sourced counts, illustrative status split",
        format!("every effective date, as known at {}", common::AS_KNOWN_AT),
        end,
    )
    .sources([
        format!(
            "{} (deal {}, deliveries 2006-2008, B2)",
            common::SIPRI_CITATION,
            common::SU30_DEAL
        ),
        format!(
            "crash reports of {} (Venezuelan defence ministry via press, B2)",
            crashes.join(", ")
        ),
        format!("{} (24 aircraft, status unknown, C4)", common::REPORT),
    ])
    .note(
        "Aircraft by status; each step holds from its date until the next. Status splits \
         2009-2025 and the 2026 assessment: ILLUSTRATIVE (invented, not data), hatched.",
    )
    .note(format!("As known at {known_at}."))
    .marker(Date::new(y, m, d)?, "report: 24, status unknown");
    for crash in &crashes {
        frame = frame.marker(crash.parse()?, "crash");
    }
    // The illustrative spans: each run of illustrative steps until the next sourced step (the
    // last to the end of the axis).
    let mut spans: Vec<(Date, Date)> = Vec::new();
    for (i, s) in steps.iter().enumerate().filter(|(_, s)| s.illustrative) {
        let from = s.step.date.first_day();
        let until = steps
            .get(i + 1)
            .map_or(end, |next| next.step.date.first_day());
        match spans.last_mut() {
            Some(last) if last.1 == from => last.1 = until,
            _ => spans.push((from, until)),
        }
    }
    for (from, until) in spans {
        frame = frame.illustrative(from, until);
    }
    let mut series: Vec<Series> = STATUS_COLOURS
        .into_iter()
        .filter(|(s, _)| steps.iter().any(|st| st.step.state.count(*s).value() > 0))
        .map(|(status, colour)| {
            steps.iter().fold(
                Series::new(format!("{} {}", status.code(), label(status))).colour(colour),
                |series, st| {
                    series.step(
                        st.step.date.first_day(),
                        st.step.state.count(status).value(),
                    )
                },
            )
        })
        .collect();
    series.push(sourced.iter().fold(
        Series::new("in service (sourced)").colour("black"),
        |series, st| series.step(st.date.first_day(), st.state.in_service().value()),
    ));
    Ok(materiel::chart::steps_svg(&frame, "aircraft", &series))
}
