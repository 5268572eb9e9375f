//! `materiel conflicts [HOLDER]`: the open disagreements between sources
//! (`Ledger::conflicts`), widest first, with the figures behind each.

use std::io::Write;

use anyhow::{Context, Result};
use clap::Args;
use materiel::Ledger;
use materiel::ledger::{Conflict, Support};

use crate::args;
use crate::flags::{OutputFormat, View};
use crate::output::{describe, plural, print_table, table};
use crate::store;
use crate::ui::{Outcome, say};

/// The arguments of `materiel conflicts`.
#[derive(Debug, Args)]
pub(crate) struct ConflictsQuery {
    /// Only this holder's conflicts: an id (VEN) or a country name (Venezuela).
    pub(crate) holder: Option<String>,
    #[command(flatten)]
    pub(crate) view: View,
}

/// The columns of `--format csv` and `json`: one row per figure behind a conflict.
const COLUMNS: [&str; 12] = [
    "holder",
    "platform",
    "quantity",
    "lower",
    "upper",
    "point",
    "support",
    "entry",
    "source_citation",
    "source_grade",
    "effective",
    "stated",
];

/// Runs `materiel conflicts`.
pub(crate) fn conflicts(q: &ConflictsQuery) -> Result<Outcome> {
    let View {
        target,
        as_of,
        format,
    } = &q.view;
    let ledger: &Ledger = store::Target::of(target)?.load_for(q.holder.as_deref())?;
    let holder = q
        .holder
        .as_deref()
        .map(|name| args::holder(ledger, name))
        .transpose()?;
    let at = as_of.as_of();
    let open = ledger.conflicts(holder.as_ref(), &at);
    match format {
        OutputFormat::Csv => {
            let mut out = std::io::stdout().lock();
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(COLUMNS)?;
            for c in &open {
                for s in c.bounds().supports() {
                    writer.write_record(cells(ledger, c, s))?;
                }
            }
            writer.flush().context("cannot write to standard output")?;
        }
        OutputFormat::Json => {
            let mut out = std::io::stdout().lock();
            for c in &open {
                for s in c.bounds().supports() {
                    let row: serde_json::Map<String, serde_json::Value> = COLUMNS
                        .iter()
                        .zip(cells(ledger, c, s))
                        .map(|(k, v)| {
                            let number = ["lower", "upper", "point", "entry"].contains(k);
                            let value = match v.parse::<u64>() {
                                Ok(n) if number => serde_json::Value::from(n),
                                _ if v.is_empty() => serde_json::Value::Null,
                                _ => serde_json::Value::from(v),
                            };
                            ((*k).to_owned(), value)
                        })
                        .collect();
                    writeln!(out, "{}", serde_json::Value::Object(row))
                        .context("cannot write to standard output")?;
                }
            }
        }
        OutputFormat::Table => {
            match &holder {
                Some(h) => say!(
                    "Open conflicts of {}, {}",
                    crate::scope::holder_title(h),
                    describe(&at)
                ),
                None => say!("Open conflicts, {}", describe(&at)),
            }
            if open.is_empty() {
                say!("(no open conflict in this view)");
                return Ok(Outcome::Ok);
            }
            say!(
                "{}, widest first",
                plural(open.len() as u64, "conflict", "conflicts")
            );
            let mut t = table(
                &[
                    "holder",
                    "platform",
                    "quantity",
                    "bounds",
                    "point",
                    "figures behind it",
                ],
                &[],
            );
            for c in &open {
                let b = c.bounds();
                let figures: Vec<String> = b.supports().iter().map(figure).collect();
                t.add_row(vec![
                    c.holder().to_string(),
                    c.platform().label(ledger.catalog()).to_owned(),
                    b.quantity().to_string(),
                    range(b.lower(), b.upper()),
                    b.point().map_or("-".to_owned(), |p| p.to_string()),
                    figures.join("\n"),
                ]);
            }
            print_table(&t)?;
        }
    }
    Ok(Outcome::Ok)
}

pub(crate) fn range(lower: u64, upper: Option<u64>) -> String {
    match upper {
        Some(u) if u == lower => lower.to_string(),
        Some(u) => format!("{lower}..{u}"),
        None => format!("{lower}.. (no upper limit)"),
    }
}

/// One figure behind a conflict, for people: its range today, what was stated, by whom.
fn figure(s: &Support) -> String {
    let now = range(s.lower(), s.upper());
    match s.entry() {
        Some(e) => format!(
            "{now}: {} {} ({}), {} on {}",
            e.change().name(),
            s.stated(),
            s.grade(),
            e.source().citation(),
            e.effective()
        ),
        None => format!("{now}: recorded flows ({})", s.grade()),
    }
}

/// A row of the CSV and JSON forms.
fn cells(ledger: &Ledger, c: &Conflict, s: &Support) -> Vec<String> {
    let b = c.bounds();
    let opt = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
    let (kind, entry, citation, effective) = match s.entry() {
        Some(e) => (
            e.change().name(),
            e.id().get().to_string(),
            e.source().citation().to_owned(),
            e.effective().to_string(),
        ),
        None => (
            "flows",
            String::new(),
            String::new(),
            s.effective().to_string(),
        ),
    };
    vec![
        c.holder().to_string(),
        c.platform().label(ledger.catalog()).to_owned(),
        b.quantity().to_string(),
        b.lower().to_string(),
        opt(b.upper()),
        opt(b.point()),
        kind.to_owned(),
        entry,
        citation,
        s.grade().to_string(),
        effective,
        s.stated().to_string(),
    ]
}
