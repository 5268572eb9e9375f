//! `MATERIEL_BENCH_EXPORT=<dir>`: the `all_holdings` workload written out as CSV, for engines
//! outside this process (`benches/duckdb_all_holdings.py` times DuckDB on it). For each N the
//! bench sets up, it writes two files into `<dir>`:
//!
//! * `deltas-<N>.csv`: the rows of the SQLite baseline's table, `holder,platform,effective,
//!   status,delta` (one row per status delta; `effective` is the day number of the entry's
//!   first day, as the `day` function of the bench computes it);
//! * `dates-<N>.csv`: `day,total`: the 1,024 dates `all_holdings` cycles through, in the
//!   order criterion runs them, as day numbers, each with the ledger's answer summed (units in
//!   service over every lot), so the other engine's answer can be checked.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use jiff::civil::Date;
use materiel::{AsOf, Ledger};

use crate::common::{self, Dataset};

/// Writes `deltas-<n>.csv` and `dates-<n>.csv` into `dir` (see the module documentation).
pub(crate) fn write(
    dir: &Path,
    n: usize,
    data: &Dataset,
    ledger: &Ledger,
    dates: &[Date],
) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut out = BufWriter::new(File::create(dir.join(format!("deltas-{n}.csv")))?);
    writeln!(out, "holder,platform,effective,status,delta")?;
    for r in &data.rows {
        let (h, _) = data.lot(r.lot);
        let p = &data.platform_names[r.lot as usize % common::PLATFORMS];
        writeln!(
            out,
            "{},{},{},{},{}",
            quoted(h.as_str()),
            quoted(p),
            r.day,
            r.status,
            r.delta
        )?;
    }
    out.into_inner()
        .map_err(io::IntoInnerError::into_error)?
        .sync_all()?;
    let mut out = BufWriter::new(File::create(dir.join(format!("dates-{n}.csv")))?);
    writeln!(out, "day,total")?;
    for &d in dates {
        let total: u64 = ledger
            .all_holdings(&AsOf::valid(d))
            .iter()
            .flat_map(|(_, hs)| hs.iter().map(|(_, s)| s.in_service().value()))
            .sum();
        writeln!(out, "{},{total}", common::day_number(d))?;
    }
    out.flush()?;
    eprintln!(
        "N = {n}: wrote {} delta rows and {} dates to {}",
        data.rows.len(),
        dates.len(),
        dir.display()
    );
    Ok(())
}

/// A CSV text field, always quoted (a quote inside doubled).
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}
