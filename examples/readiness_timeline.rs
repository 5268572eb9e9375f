//! A fleet's holdings by status over time, as an SVG chart and a table.
//!
//! Run with `cargo run --example readiness_timeline [OUT.svg]` (default
//! `target/readiness_timeline.svg`).
//!
//! The fleet is Venezuela's Su-30MK2s. Deliveries (SIPRI, 4 + 12 + 8 in 2006-2008) and the
//! three crashes (2015, 2019, 2023, press reports of Venezuelan defence ministry statements) are
//! sourced. **Every status change between them is illustrative**: invented to show what the
//! chart and [`materiel::Ledger::timeline`] do, recorded with an ungraded (`F6`) source named
//! "ILLUSTRATIVE", and not a claim about the real fleet. Deliveries are taken as operational on
//! arrival (also an assumption: SIPRI records transfers, not serviceability).

use std::error::Error;
use std::path::PathBuf;

use jiff::Timestamp;
use materiel::ledger::{LossCause, TimelineStep};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, Grade, HolderId, Ledger, NewEntry, PlatformRef,
    Source, Status,
};
use plotters::prelude::*;

type Res<T> = Result<T, Box<dyn Error>>;

/// What happened to the fleet (listed in date order).
enum Event {
    /// SIPRI delivery of new aircraft (year), taken as operational on arrival.
    Delivered(i16, u64),
    /// A reported crash (year, month, day), with its citation.
    Crash((i16, i8, i8), &'static str),
    /// Illustrative: `count` units move `from` -> `to` in `year`.
    Illustrative(i16, Status, Status, u64),
    /// Illustrative assessment (absolute breakdown) in `year`.
    Assessed(i16, &'static [(Status, u64)]),
}

use Status::{
    Degraded, NonOperationalMaintenance as Nmcm, NonOperationalSupply as Nmcs, Operational,
};

const EVENTS: &[Event] = &[
    Event::Delivered(2006, 4),
    Event::Delivered(2007, 12),
    Event::Delivered(2008, 8),
    Event::Illustrative(2011, Operational, Nmcm, 4),
    Event::Illustrative(2013, Nmcm, Operational, 4),
    Event::Crash((2015, 9, 17), "Maduradas / NTN24, 2015-09-18 (Apure)"),
    Event::Illustrative(2016, Operational, Nmcs, 5),
    Event::Illustrative(2017, Operational, Degraded, 3),
    Event::Crash(
        (2019, 10, 16),
        "kant.kg citing minister J. Rodriguez, 2019-10-17 (Guarico)",
    ),
    Event::Illustrative(2020, Operational, Nmcs, 3),
    Event::Illustrative(2022, Nmcs, Nmcm, 4),
    Event::Crash(
        (2023, 7, 2),
        "Venezuelan defence ministry via bobruisk.ru, 2023-07-03",
    ),
    Event::Assessed(2025, &[(Status::Unknown, 21)]),
    Event::Assessed(2026, &[(Operational, 8), (Degraded, 4), (Nmcs, 9)]),
];

/// Chart colour of each status, bottom of the stack first.
const STATUS_COLOURS: [(Status, RGBColor); 7] = [
    (Status::Operational, RGBColor(46, 139, 87)),
    (Status::Degraded, RGBColor(154, 205, 50)),
    (Status::NonOperationalMaintenance, RGBColor(255, 165, 0)),
    (Status::NonOperationalSupply, RGBColor(220, 80, 60)),
    (Status::NonOperationalDamaged, RGBColor(139, 0, 0)),
    (Status::Stored, RGBColor(150, 150, 150)),
    (Status::Unknown, RGBColor(176, 196, 222)),
];

const FIRST_YEAR: f64 = 2006.0;
const LAST_YEAR: f64 = 2027.0;

fn main() -> Res<()> {
    let out = std::env::args().nth(1).map_or_else(
        || PathBuf::from("target/readiness_timeline.svg"),
        PathBuf::from,
    );
    let ven: HolderId = "VEN".parse()?;
    let su30 = PlatformRef::catalog("su-30mk2")?;
    let ledger = build_ledger(&ven, &su30)?;

    let steps = ledger.timeline(&ven, &su30, &AsOf::latest());
    print_steps(&steps);

    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    draw(&out, &steps)?;
    println!("\nChart written to {}", out.display());
    Ok(())
}

fn build_ledger(ven: &HolderId, su30: &PlatformRef) -> Res<Ledger> {
    let mut ledger = Ledger::new(Catalog::reference());
    let recorded: Timestamp = "2025-11-03T09:00:00Z".parse()?;
    let sipri = Source::new("SIPRI Arms Transfers Database", "A2".parse()?)?
        .with_reference("deal 33019 (Su-30MK)");
    let illustrative = Source::new("ILLUSTRATIVE (not a real report)", Grade::UNGRADED)?;
    for event in EVENTS {
        let (date, change, source) = match *event {
            Event::Delivered(year, n) => (
                EffectiveDate::year(year)?,
                Change::Delivered {
                    count: Count::exact(n)?,
                    into: Status::Operational,
                    supplier: Some("RUS".parse()?),
                    condition: Default::default(),
                },
                sipri.clone(),
            ),
            Event::Crash((y, m, d), citation) => (
                EffectiveDate::day(y, m, d)?,
                Change::Lost {
                    count: Count::exact(1)?,
                    from: Status::Operational,
                    cause: LossCause::Destroyed,
                },
                Source::new(citation, "B2".parse()?)?,
            ),
            Event::Illustrative(year, from, to, n) => (
                EffectiveDate::year(year)?,
                Change::StatusChanged {
                    from,
                    to,
                    count: Count::exact(n)?,
                },
                illustrative.clone(),
            ),
            Event::Assessed(year, breakdown) => (
                EffectiveDate::year(year)?,
                Change::Assessed {
                    breakdown: breakdown
                        .iter()
                        .map(|&(s, n)| Ok((s, Count::exact(n)?)))
                        .collect::<Result<_, materiel::ParseError>>()?,
                },
                illustrative.clone(),
            ),
        };
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

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_owned(), |x| format!("{:.0}%", x * 100.0))
}

fn print_steps(steps: &[TimelineStep]) {
    println!("Su-30MK2 fleet of VEN by status (deliveries and crashes sourced; other changes");
    println!("ILLUSTRATIVE). MC rate = (FMC + PMC) / units of known status.\n");
    let mut header = format!("{:<10}  {:>3}", "from", "all");
    for (s, _) in STATUS_COLOURS {
        header += &format!("  {:>6}", s.code());
    }
    header += &format!("  {:>7}  {}", "MC rate", "bounds");
    println!("{header}");
    println!("{}", "-".repeat(header.len()));
    for step in steps {
        let state = &step.state;
        let mut line = format!(
            "{:<10}  {:>3}",
            step.date.to_string(),
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

/// Fractional year of a step's first day (2015-09-17 -> about 2015.71).
fn year_of(date: EffectiveDate) -> f64 {
    let d = date.first_day();
    f64::from(d.year()) + f64::from(d.day_of_year() - 1) / f64::from(d.days_in_year())
}

/// The step function of units in the bottom `layers` statuses of the stack.
fn stacked(steps: &[TimelineStep], layers: usize) -> Vec<(f64, f64)> {
    let height = |step: &TimelineStep| -> f64 {
        STATUS_COLOURS[..layers]
            .iter()
            .map(|(s, _)| step.state.count(*s).value() as f64)
            .sum()
    };
    let mut points = vec![(FIRST_YEAR, 0.0)];
    let mut last = 0.0;
    for step in steps {
        let x = year_of(step.date);
        let y = height(step);
        points.push((x, last));
        points.push((x, y));
        last = y;
    }
    points.push((LAST_YEAR, last));
    points
}

/// A short legend label.
fn label(status: Status) -> &'static str {
    match status {
        Status::Operational => "operational",
        Status::Degraded => "degraded",
        Status::NonOperationalMaintenance => "maintenance",
        Status::NonOperationalSupply => "awaiting parts",
        Status::NonOperationalDamaged => "damaged",
        Status::Stored => "stored",
        _ => "not known",
    }
}

fn draw(path: &std::path::Path, steps: &[TimelineStep]) -> Res<()> {
    let root = SVGBackend::new(path, (1000, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let (plot, side) = root.split_horizontally(800);
    let mut chart = ChartBuilder::on(&plot)
        .caption(
            "Venezuelan Su-30MK2 fleet by status, 2006-2026",
            ("sans-serif", 26),
        )
        .margin(12)
        .x_label_area_size(55)
        .y_label_area_size(60)
        .build_cartesian_2d(FIRST_YEAR..LAST_YEAR, 0.0..26.0)?;
    chart
        .configure_mesh()
        .x_desc("year")
        .y_desc("aircraft in service")
        .axis_desc_style(("sans-serif", 18))
        .label_style(("sans-serif", 15))
        .x_labels(11)
        .y_labels(14)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .light_line_style(WHITE.mix(0.0))
        .draw()?;

    // Stacked areas: the whole stack first, then ever fewer layers drawn over it.
    let shown: Vec<usize> = (0..STATUS_COLOURS.len())
        .filter(|&i| {
            steps
                .iter()
                .any(|s| s.state.count(STATUS_COLOURS[i].0).value() > 0)
        })
        .collect();
    for layers in (1..=STATUS_COLOURS.len()).rev() {
        if !shown.contains(&(layers - 1)) {
            continue;
        }
        let colour = STATUS_COLOURS[layers - 1].1;
        chart.draw_series(
            AreaSeries::new(stacked(steps, layers), 0.0, colour.filled())
                .border_style(BLACK.stroke_width(1)),
        )?;
    }
    // Reported crashes as vertical lines.
    for event in EVENTS {
        if let Event::Crash((y, m, d), _) = event {
            let x = year_of(EffectiveDate::day(*y, *m, *d)?);
            chart.draw_series(LineSeries::new(
                [(x, 0.0), (x, 25.5)],
                BLACK.stroke_width(2),
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                "crash",
                (x + 0.1, 25.5),
                ("sans-serif", 14),
            )))?;
        }
    }

    // Legend, on the right.
    let mut y = 60;
    side.draw(&Text::new("status", (10, y - 28), ("sans-serif", 20)))?;
    for &i in shown.iter().rev() {
        let (status, colour) = STATUS_COLOURS[i];
        side.draw(&Rectangle::new([(10, y), (30, y + 14)], colour.filled()))?;
        side.draw(&Rectangle::new([(10, y), (30, y + 14)], BLACK))?;
        side.draw(&Text::new(
            format!("{} {}", status.code(), label(status)),
            (38, y),
            ("sans-serif", 16),
        ))?;
        y += 28;
    }
    side.draw(&PathElement::new(
        vec![(10, y + 7), (30, y + 7)],
        BLACK.stroke_width(2),
    ))?;
    side.draw(&Text::new("reported crash", (38, y), ("sans-serif", 16)))?;
    for (i, line) in [
        "Deliveries: SIPRI.",
        "Crashes: press reports",
        "of ministry statements.",
        "Status changes between",
        "them: ILLUSTRATIVE.",
    ]
    .iter()
    .enumerate()
    {
        let row = y + 50 + 20 * i32::try_from(i)?;
        side.draw(&Text::new(*line, (10, row), ("sans-serif", 15)))?;
    }
    root.present()?;
    Ok(())
}
