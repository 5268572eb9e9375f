//! A fleet's holdings by status over time, as a chart (SVG, and PNG when asked) and a table.
//!
//! ```text
//! cargo run --example readiness_timeline [OUT.svg] [--png]
//! ```
//!
//! `OUT.svg` defaults to `target/readiness_timeline.svg`; `--png` also writes `OUT.png` (same
//! drawing, 2x scale). Text is laid out with a TrueType font: `MATERIEL_CHART_FONT` names
//! one, otherwise DejaVu Sans, Liberation Sans or Arial is looked for in the usual places.
//!
//! The fleet is Venezuela's Su-30MK2s, with the facts every example shares
//! (`examples/common/mod.rs`). **Sourced**: the SIPRI deliveries (4 + 12 + 8 in 2006-2008,
//! deal 33019, status not reported), the three reported crashes (2015-09-17, 2019-10-16,
//! 2023-07-02) and the 2025 news report's count (24 aircraft, "operational status ... unknown",
//! dated 2025-11-01). **Illustrative**: every status split between them and the 2026
//! assessment, invented to show what the chart and [`materiel::Ledger::timeline`] do,
//! recorded with an ungraded (`F6`) source named "ILLUSTRATIVE", and not a claim about the
//! real fleet. The chart draws sourced steps solid and illustrative ones faded and hatched,
//! and the sourced number in service as a black line.

mod common;

use std::error::Error;
use std::path::PathBuf;

use materiel::ledger::{LossCause, Precision, TimelineStep};
use materiel::{
    AsOf, Catalog, Change, Count, EffectiveDate, Grade, HolderId, Ledger, NewEntry, PlatformRef,
    Source, Status,
};
use plotters::coord::Shift;
use plotters::prelude::*;

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

/// Chart colour of each status, bottom of the stack first: the Okabe-Ito palette
/// (distinguishable with the common colour-vision deficiencies), blue for mission capable,
/// orange to vermillion for not, grey for not known.
const STATUS_COLOURS: [(Status, RGBColor); 7] = [
    (Status::Operational, RGBColor(0x00, 0x72, 0xB2)),
    (Status::Degraded, RGBColor(0x56, 0xB4, 0xE9)),
    (
        Status::NonOperationalMaintenance,
        RGBColor(0xE6, 0x9F, 0x00),
    ),
    (Status::NonOperationalSupply, RGBColor(0xD5, 0x5E, 0x00)),
    (Status::NonOperationalDamaged, RGBColor(0xCC, 0x79, 0xA7)),
    (Status::Stored, RGBColor(0xF0, 0xE4, 0x42)),
    (Status::Unknown, RGBColor(0xBB, 0xBB, 0xBB)),
];

/// The colour of the hatching over illustrative steps (used for nothing else).
const HATCH: RGBColor = RGBColor(0x44, 0x44, 0x44);

const FIRST_YEAR: f64 = 2006.0;
const LAST_YEAR: f64 = 2027.0;
const WIDTH: u32 = 1100;
const HEIGHT: u32 = 680;

fn main() -> Res<()> {
    let mut out = PathBuf::from("target/readiness_timeline.svg");
    let mut png = false;
    for arg in std::env::args().skip(1) {
        if arg == "--png" {
            png = true;
        } else {
            out = PathBuf::from(arg);
        }
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
    common::register_chart_font()?;
    let root = SVGBackend::new(&out, (WIDTH, HEIGHT)).into_drawing_area();
    draw(&root, &steps, &sourced_steps)?;
    root.present()?;
    println!("\nChart written to {}", out.display());
    if png {
        let png_path = out.with_extension("png");
        let root = BitMapBackend::new(&png_path, (WIDTH * 2, HEIGHT * 2)).into_drawing_area();
        draw_scaled(&root, &steps, &sourced_steps)?;
        root.present()?;
        println!("PNG written to {}", png_path.display());
    }
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

/// Fractional year of a day (2015-09-17 -> about 2015.71).
fn year_of(d: jiff::civil::Date) -> f64 {
    f64::from(d.year()) + f64::from(d.day_of_year() - 1) / f64::from(d.days_in_year())
}

/// The span of a date's precision in fractional years: a whole year, a month, a day.
fn span_of(date: EffectiveDate) -> (f64, f64) {
    let first = year_of(date.first_day());
    let last = year_of(date.last_day()) + 1.0 / 365.0;
    (first, last)
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

/// Draws at 2x: the same layout on a canvas twice the size.
fn draw_scaled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    steps: &[Step],
    sourced: &[TimelineStep],
) -> Res<()>
where
    DB::ErrorType: 'static,
{
    draw_with(root, steps, sourced, 2)
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    steps: &[Step],
    sourced: &[TimelineStep],
) -> Res<()>
where
    DB::ErrorType: 'static,
{
    draw_with(root, steps, sourced, 1)
}

/// Diagonal hatching over a pixel rectangle.
fn hatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    gap: i32,
    width: u32,
) -> Res<()>
where
    DB::ErrorType: 'static,
{
    let (x0, x1) = (x0.min(x1), x0.max(x1));
    let (y0, y1) = (y0.min(y1), y0.max(y1));
    let mut c = x0 + y0 + gap / 2;
    while c < x1 + y1 {
        let start = x0.max(c - y1);
        let end = x1.min(c - y0);
        if start < end {
            root.draw(&PathElement::new(
                vec![(start, c - start), (end, c - end)],
                HATCH.stroke_width(width),
            ))?;
        }
        c += gap;
    }
    Ok(())
}

fn draw_with<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    steps: &[Step],
    sourced: &[TimelineStep],
    k: u32,
) -> Res<()>
where
    DB::ErrorType: 'static,
{
    let ki = i32::try_from(k)?;
    let font = |size: u32| ("sans-serif", size * k);
    root.fill(&WHITE)?;
    let (main, footer) = root.split_vertically(HEIGHT * k - 80 * k);
    let (plot, side) = main.split_horizontally(WIDTH * k - 290 * k);
    let mut chart = ChartBuilder::on(&plot)
        .caption(
            "Venezuela's Su-30MK2s: sourced counts, illustrative status split",
            font(22),
        )
        .margin(12 * k)
        .x_label_area_size(45 * k)
        .y_label_area_size(50 * k)
        .build_cartesian_2d(FIRST_YEAR..LAST_YEAR, 0.0..30.0)?;
    chart
        .configure_mesh()
        .y_desc("aircraft")
        .axis_desc_style(font(15))
        .label_style(font(13))
        .x_labels(11)
        .y_labels(7)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .draw()?;

    // Status bands, step by step: solid where sourced, faded and hatched where illustrative.
    for (i, Step { step, illustrative }) in steps.iter().enumerate() {
        let x0 = year_of(step.date.first_day());
        let x1 = steps
            .get(i + 1)
            .map_or(LAST_YEAR, |next| year_of(next.step.date.first_day()));
        let mut low = 0.0;
        for (status, colour) in STATUS_COLOURS {
            let n = step.state.count(status).value() as f64;
            if n == 0.0 {
                continue;
            }
            let high = low + n;
            let fill = if *illustrative {
                colour.mix(0.4).filled()
            } else {
                colour.filled()
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x0, low), (x1, high)],
                fill,
            )))?;
            if *illustrative {
                let a = chart.backend_coord(&(x0, high));
                let b = chart.backend_coord(&(x1, low));
                hatch(root, a, b, 9 * ki, k)?;
            }
            low = high;
        }
    }

    // The sourced number in service.
    let mut line = Vec::new();
    let mut last = 0.0;
    for step in sourced {
        let x = year_of(step.date.first_day());
        let y = step.state.in_service().value() as f64;
        line.push((x, last));
        line.push((x, y));
        last = y;
    }
    line.push((LAST_YEAR, last));
    chart.draw_series(LineSeries::new(line, BLACK.stroke_width(3 * k)))?;

    // Crashes, at their day.
    for crash in &common::CRASHES {
        let x = year_of(crash.effective()?.first_day());
        chart.draw_series(LineSeries::new(
            [(x, 0.0), (x, 26.0)],
            BLACK.stroke_width(k),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            "crash",
            (x + 0.08, 26.4),
            font(12),
        )))?;
    }
    chart.draw_series(std::iter::once(Text::new(
        "report: 24, status unknown",
        (2021.2, 25.2),
        font(12),
    )))?;
    chart.draw_series(std::iter::once(Text::new(
        "2026: hypothetical",
        (2023.75, 23.2),
        font(12),
    )))?;

    // When each step is known to have happened: a bar over a year, a tick on a day.
    chart.draw_series(std::iter::once(Text::new(
        "timing",
        (2006.1, 29.6),
        font(11),
    )))?;
    for Step { step, illustrative } in steps {
        let colour = if *illustrative {
            HATCH.mix(0.5)
        } else {
            BLACK.mix(1.0)
        };
        match step.date.precision() {
            Precision::Day | Precision::OnOrBefore => {
                let x = year_of(step.date.first_day());
                chart.draw_series(LineSeries::new(
                    [(x, 27.4), (x, 28.8)],
                    colour.stroke_width(2 * k),
                ))?;
            }
            Precision::Year | Precision::Month => {
                let (a, b) = span_of(step.date);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(a + 0.03, 27.8), (b - 0.03, 28.4)],
                    colour.filled(),
                )))?;
            }
        }
    }

    // Legend.
    let row = |i: i32| (28 + 26 * i) * ki;
    side.draw(&Text::new("status", (10 * ki, row(0) - 20 * ki), font(16)))?;
    let shown: Vec<(Status, RGBColor)> = STATUS_COLOURS
        .into_iter()
        .filter(|(s, _)| steps.iter().any(|st| st.step.state.count(*s).value() > 0))
        .collect();
    let mut i = 0;
    for (status, colour) in shown.iter().rev() {
        let y = row(i);
        side.draw(&Rectangle::new(
            [(10 * ki, y), (34 * ki, y + 16 * ki)],
            colour.filled(),
        ))?;
        side.draw(&Text::new(
            format!("{} {}", status.code(), label(*status)),
            (42 * ki, y),
            font(14),
        ))?;
        i += 1;
    }
    let y = row(i);
    side.draw(&Rectangle::new(
        [(10 * ki, y), (34 * ki, y + 16 * ki)],
        RGBColor(0x00, 0x72, 0xB2).mix(0.4).filled(),
    ))?;
    hatch(&side, (10 * ki, y), (34 * ki, y + 16 * ki), 6 * ki, k)?;
    side.draw(&Text::new(
        "hatched: illustrative split",
        (42 * ki, y),
        font(14),
    ))?;
    side.draw(&Text::new(
        "(invented, not data)",
        (42 * ki, y + 16 * ki),
        font(12),
    ))?;
    i += 2;
    let y = row(i);
    side.draw(&PathElement::new(
        vec![(10 * ki, y + 8 * ki), (34 * ki, y + 8 * ki)],
        BLACK.stroke_width(3 * k),
    ))?;
    side.draw(&Text::new("in service (sourced)", (42 * ki, y), font(14)))?;
    i += 1;
    let y = row(i);
    side.draw(&PathElement::new(
        vec![(22 * ki, y), (22 * ki, y + 16 * ki)],
        BLACK.stroke_width(k),
    ))?;
    side.draw(&Text::new("reported crash", (42 * ki, y), font(14)))?;
    i += 1;
    let y = row(i);
    side.draw(&Rectangle::new(
        [(10 * ki, y + 5 * ki), (34 * ki, y + 11 * ki)],
        BLACK.filled(),
    ))?;
    side.draw(&Text::new(
        "timing known to the year",
        (42 * ki, y),
        font(14),
    ))?;
    i += 1;
    let y = row(i);
    side.draw(&PathElement::new(
        vec![(22 * ki, y), (22 * ki, y + 16 * ki)],
        BLACK.stroke_width(2 * k),
    ))?;
    side.draw(&Text::new(
        "timing known to the day",
        (42 * ki, y),
        font(14),
    ))?;

    // Source line and as-of date.
    let crashes = common::CRASHES
        .iter()
        .map(|c| {
            let (y, m, d) = c.date;
            format!("{y}-{m:02}-{d:02}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let lines = [
        format!(
            "Sources: {} (deal {}, deliveries 2006-2008, B2);",
            common::SIPRI_CITATION,
            common::SU30_DEAL
        ),
        format!("crash reports of {crashes} (Venezuelan defence ministry via press, B2);"),
        format!(
            "{} (24 aircraft, status unknown, C4). Status splits 2009-2025 and 2026: \
             ILLUSTRATIVE. As known at {}.",
            common::REPORT,
            &common::AS_KNOWN_AT[..10]
        ),
    ];
    for (j, text) in lines.iter().enumerate() {
        let y = (10 + 21 * i32::try_from(j)?) * ki;
        footer.draw(&Text::new(text.as_str(), (12 * ki, y), font(13)))?;
    }
    Ok(())
}
