//! Oryx's visually confirmed losses: import, losses by category and cause for both sides, the
//! reconciliation with Oryx's headline totals, and an SVG of cumulative losses by cause (drawn
//! by the library's [`materiel::chart`], as `materiel losses --svg` is: [`chart_svg`]).
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
use materiel::chart::{Frame, Series};
use materiel::import::oryx::{self, Headline, Options};
use materiel::ledger::{LossCause, LossRow};
use materiel::{AsOf, Catalog, HolderId, Ledger, PlatformKind};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Okabe-Ito colours, one per cause (colour-blind safe).
const CAUSES: [(&str, &str); 4] = [
    ("destroyed", "#D55E00"), // vermillion
    ("captured", "#0072B2"),  // blue
    ("abandoned", "#E69F00"), // orange
    ("damaged", "#009E73"),   // bluish green
];

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
    std::fs::write(&out, chart_svg(&rows, &sides, as_of))?;
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

/// The chart: each side's cumulative losses by cause, a line per cause (the first side's solid,
/// the second's dashed), the time axis running to `as_of`, the last day Oryx listed a loss.
/// The source line is the attribution the Oryx files ask for
/// ([`materiel::chart::ORYX_ATTRIBUTION`], from the importer's citation).
fn chart_svg(rows: &[LossRow], sides: &[HolderId; 2], as_of: Date) -> String {
    let frame = Frame::new(
        "Cumulative visually confirmed losses by cause",
        format!(
            "losses listed by {as_of}, as known at {as_of} (the last day these files list a loss)"
        ),
        as_of,
    )
    .sources([oryx::CITATION])
    .note("Each loss counts from the month of the day Oryx listed it (dated on or before that day); visually confirmed losses are a lower bound of the true ones.");
    let mut series = Vec::new();
    for (i, side) in sides.iter().enumerate() {
        for (cause, colour) in CAUSES {
            let points = cumulative(rows, side, cause);
            if points.is_empty() {
                continue;
            }
            let line = points.into_iter().fold(
                Series::new(format!("{side} {cause}")).colour(colour),
                |line, (month, n)| line.step(month, n),
            );
            series.push(if i == 0 { line } else { line.dashed() });
        }
    }
    materiel::chart::steps_svg(&frame, "items", &series)
}
