//! Oryx's visually confirmed losses: import, losses by category and cause for both sides, the
//! reconciliation with Oryx's headline totals, and an SVG of cumulative losses by cause.
//!
//! Run with `cargo run --example oryx_losses [DIR] [OUT.svg]`: DIR holds the event files
//! (default: the committed excerpt, `tests/data/oryx`; the full files are in
//! `../shared/data/oryx`), OUT the chart (default `target/oryx_losses.svg`).
//!
//! Data: Oryx (oryxspioenkop.com), as scraped by scarnecchia/oryx_data; no licence stated:
//! check Oryx's terms before republishing. (The scraper, `scarnecchia/scrape_oryx`, is
//! MIT-licensed code; the data repository states no licence; the lists are Oryx's own
//! publication.)

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;
use materiel::import::oryx::{self, Headline, Options};
use materiel::ledger::{LossCause, LossRow};
use materiel::{AsOf, Catalog, HolderId, Ledger, PlatformKind};
use plotters::prelude::*;

type Res<T> = Result<T, Box<dyn std::error::Error>>;
/// A cause's name, colour and cumulative monthly points.
type Series = (&'static str, RGBColor, Vec<(Date, u64)>);

/// Okabe-Ito colours, one per cause (colour-blind safe).
const CAUSES: [(&str, RGBColor); 4] = [
    ("destroyed", RGBColor(213, 94, 0)),  // vermillion
    ("captured", RGBColor(0, 114, 178)),  // blue
    ("abandoned", RGBColor(230, 159, 0)), // orange
    ("damaged", RGBColor(0, 158, 115)),   // bluish green
];
/// The attribution kept with any excerpt or figure of the Oryx files (see
/// `tests/data/oryx/README.md`).
const SOURCE_LINE: &str = "Data: Oryx (oryxspioenkop.com), as scraped by scarnecchia/oryx_data; \
     no licence stated: check Oryx's terms before republishing.";

fn cause_name(cause: &LossCause) -> &'static str {
    match cause {
        LossCause::Destroyed => "destroyed",
        LossCause::Captured { .. } => "captured",
        LossCause::Abandoned => "abandoned",
        _ => "damaged",
    }
}

fn main() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .map_or_else(|| PathBuf::from("tests/data/oryx"), PathBuf::from);
    let out = args
        .next()
        .map_or_else(|| PathBuf::from("target/oryx_losses.svg"), PathBuf::from);

    let mut ledger = Ledger::new(Catalog::reference());
    let report = oryx::import_dir(&mut ledger, &dir, &Options::new())?;
    print!("{report}");
    let as_of = report.latest_date.ok_or("no rows imported")?;

    let at = AsOf::latest();
    let rows = ledger.losses(&at);
    let catalog = ledger.catalog();
    let sides: [HolderId; 2] = ["RUS".parse()?, "UKR".parse()?];

    // Losses by category (platform kind) and cause.
    println!("\nLosses by category and cause, as listed by {as_of}:");
    println!(
        "{:<6} {:<12} {:>10} {:>10} {:>10} {:>10} {:>8}",
        "side", "category", "destroyed", "captured", "abandoned", "damaged", "total"
    );
    for side in &sides {
        let mut table: BTreeMap<String, [u64; 4]> = BTreeMap::new();
        for r in rows.iter().filter(|r| &r.holder == side) {
            let kind = r.platform.kind(catalog).unwrap_or(PlatformKind::Generic);
            let i = CAUSES
                .iter()
                .position(|(n, _)| *n == cause_name(&r.cause))
                .unwrap_or(3);
            table.entry(format!("{kind:?}")).or_default()[i] += r.count.value();
        }
        for (kind, n) in &table {
            println!(
                "{:<6} {:<12} {:>10} {:>10} {:>10} {:>10} {:>8}",
                side.as_str(),
                kind,
                n[0],
                n[1],
                n[2],
                n[3],
                n.iter().sum::<u64>()
            );
        }
        let captured: u64 = ledger
            .captured_equipment(side, &at)
            .iter()
            .map(|c| c.captured.value())
            .sum();
        println!(
            "{:<6} captured from the other side: {captured}",
            side.as_str()
        );
    }

    // Reconciliation with Oryx's headline totals.
    let totals = dir.join("totals_by_type.csv");
    if totals.is_file() {
        println!("\nReconciliation with Oryx's headline totals (totals_by_type.csv):");
        println!("{}", report.reconcile(&Headline::read_file(&totals)?));
    }

    // The evidence behind one figure.
    if let Some(row) = rows.first() {
        let evidence = ledger.loss_evidence(row, &at);
        println!(
            "\nEvidence for {} {} {} in {}: {}",
            row.holder,
            row.platform.label(catalog),
            cause_name(&row.cause),
            row.month,
            evidence
                .iter()
                .filter_map(|e| e.source().url())
                .collect::<Vec<_>>()
                .join(" ")
        );
    }

    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    draw(&out, &rows, &sides, as_of)?;
    println!("\nwrote {}", out.display());
    Ok(())
}

/// Cumulative losses of `side` by cause, one point per month.
fn cumulative(rows: &[LossRow], side: &HolderId, cause: &str) -> Vec<(Date, u64)> {
    let mut by_month: BTreeMap<Date, u64> = BTreeMap::new();
    for r in rows
        .iter()
        .filter(|r| &r.holder == side && cause_name(&r.cause) == cause)
    {
        *by_month.entry(r.month).or_default() += r.count.value();
    }
    let mut total = 0;
    by_month
        .into_iter()
        .map(|(m, n)| {
            total += n;
            (m, total)
        })
        .collect()
}

fn months_since_start(d: Date) -> f64 {
    f64::from(d.year() - 2022) * 12.0 + f64::from(d.month() - 1)
}

fn draw(path: &std::path::Path, rows: &[LossRow], sides: &[HolderId; 2], as_of: Date) -> Res<()> {
    common::register_chart_font()?;
    let root = SVGBackend::new(path, (1100, 575)).into_drawing_area();
    root.fill(&WHITE)?;
    let (body, footer) = root.split_vertically(510);
    let panels = body.split_evenly((1, 2));
    let x_max = months_since_start(as_of) + 1.0;
    for (panel, side) in panels.iter().zip(sides) {
        let series: Vec<Series> = CAUSES
            .iter()
            .map(|(c, colour)| (*c, *colour, cumulative(rows, side, c)))
            .collect();
        let y_max = series
            .iter()
            .filter_map(|(_, _, s)| s.last().map(|p| p.1))
            .max()
            .unwrap_or(1)
            .max(1) as f64
            * 1.08;
        let mut chart = ChartBuilder::on(panel)
            .caption(
                format!("{side}: cumulative confirmed losses by cause"),
                ("sans-serif", 20),
            )
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(60)
            // Key points every 12 months from January 2022: each tick is a 1 January.
            .build_cartesian_2d((0.0..x_max).step(12.0), 0.0..y_max)?;
        chart
            .configure_mesh()
            .x_desc("listed by (year)")
            .y_desc("items")
            .x_label_formatter(&|x| format!("{:.0}", 2022.0 + (x / 12.0).round()))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .draw()?;
        for (cause, colour, points) in series {
            chart
                .draw_series(LineSeries::new(
                    points
                        .iter()
                        .map(|(m, n)| (months_since_start(*m) + 1.0, *n as f64)),
                    colour.stroke_width(3),
                ))?
                .label(cause)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(3))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
    }
    footer.draw(&Text::new(SOURCE_LINE, (12, 12), ("sans-serif", 15)))?;
    footer.draw(&Text::new(
        format!("As of {as_of} (losses dated on or before the day Oryx listed them)."),
        (12, 36),
        ("sans-serif", 15),
    ))?;
    root.present()?;
    Ok(())
}
