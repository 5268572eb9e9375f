//! `materiel catalog`: the platforms, as a table, CSV or JSON Lines, or one in detail.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use materiel::{Catalog, Platform};

use crate::flags::{OutputFormat, SchemaArg};
use crate::output::{print_table, table};
use crate::store;
use crate::ui::{Outcome, UsageError};

#[derive(Debug, Args)]
pub(crate) struct CatalogArgs {
    /// A platform id, designation or alias: show it in detail.
    pub(crate) id: Option<String>,
    /// A catalog in JSON instead of the reference catalog.
    #[arg(long, value_name = "FILE", conflicts_with = "journal")]
    pub(crate) catalog: Option<PathBuf>,
    /// Use this journal's catalog.
    #[arg(long, short = 'j', value_name = "JOURNAL")]
    pub(crate) journal: Option<PathBuf>,
    /// Use the catalog of the ledger in this PostgreSQL store.
    #[arg(
        long,
        value_name = "URL",
        env = "MATERIEL_STORE",
        hide_env_values = true
    )]
    pub(crate) store: Option<String>,
    #[command(flatten)]
    pub(crate) schema: SchemaArg,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Table)]
    pub(crate) format: OutputFormat,
}

/// The CSV and JSON columns of the catalog listing, in order.
/// `category` and `family_root` came later, so they are last; the detail of one platform
/// lists the first ten, then its category.
const COLUMNS: [&str; 12] = [
    "id",
    "designation",
    "kind",
    "nato_name",
    "family",
    "is_family",
    "origin",
    "manufacturer",
    "service_entry",
    "aliases",
    "category",
    "family_root",
];

/// `materiel catalog`.
pub(crate) fn catalog(args: &CatalogArgs) -> Result<Outcome> {
    let store = match (&args.catalog, &args.store) {
        // A --store from MATERIEL_STORE yields to --catalog, as to --journal.
        (Some(_), Some(_)) if !store::store_from_env() => {
            return Err(UsageError("give either --catalog or --store, not both".to_owned()).into());
        }
        (Some(_), _) => None,
        (None, store) => store.as_deref(),
    };
    let target = store::Target::resolve(args.journal.as_deref(), store, &args.schema, None)?;
    let catalog = match (&args.catalog, target) {
        (Some(path), _) => store::read_catalog(path)?,
        (None, Some(store::Target::Journal(journal))) => {
            if !journal.is_file() {
                anyhow::bail!("{}: no such journal", journal.display());
            }
            store::journal_catalog(&journal)?
        }
        (None, Some(store::Target::Postgres(db))) => db.open()?.ledger().catalog().clone(),
        (None, None) => Catalog::reference(),
    };
    let platforms: Vec<&Platform> = match &args.id {
        Some(name) => vec![catalog.resolve(name).ok_or_else(|| {
            UsageError(format!(
                "unknown platform {name:?}: not an id, designation or alias in the catalog"
            ))
        })?],
        None => catalog.iter().collect(),
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            for p in platforms {
                let line = serde_json::to_string(p).context("cannot encode the platform")?;
                writeln!(out, "{line}").context("cannot write to standard output")?;
            }
        }
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(COLUMNS).context("cannot write")?;
            for p in platforms {
                w.write_record(row(&catalog, p)).context("cannot write")?;
            }
            w.flush().context("cannot write to standard output")?;
        }
        OutputFormat::Table => {
            drop(out);
            match (&args.id, platforms.as_slice()) {
                (Some(_), [p]) => detail(&catalog, p)?,
                _ => {
                    let mut t = table(
                        &[
                            "id",
                            "designation",
                            "kind",
                            "NATO name",
                            "family",
                            "origin",
                            "in service from",
                        ],
                        &[6],
                    );
                    for p in platforms {
                        let r = row(&catalog, p);
                        t.add_row(vec![
                            r[0].clone(),
                            r[1].clone(),
                            r[2].clone(),
                            r[3].clone(),
                            if p.is_family() {
                                "(family)".to_owned()
                            } else {
                                r[4].clone()
                            },
                            r[6].clone(),
                            r[8].clone(),
                        ]);
                    }
                    print_table(&t)?;
                }
            }
        }
    }
    Ok(Outcome::Ok)
}

/// One platform's cells, in [`COLUMNS`] order (`family_root` is the id of `p`'s family root in
/// `catalog`: the platform itself when it has no parent).
fn row(catalog: &Catalog, p: &Platform) -> Vec<String> {
    let opt = |s: Option<String>| s.unwrap_or_default();
    vec![
        p.id().to_string(),
        p.designation().to_owned(),
        p.kind().to_string(),
        opt(p.nato_name().map(str::to_owned)),
        opt(p.parent().map(|f| f.to_string())),
        p.is_family().to_string(),
        opt(p.origin().map(|o| o.to_string())),
        opt(p.manufacturer().map(str::to_owned)),
        opt(p.service_entry().map(|y| y.to_string())),
        p.names()
            .iter()
            .map(|(_, n)| n)
            .collect::<Vec<_>>()
            .join("; "),
        p.category().to_string(),
        opt(catalog.family_root(p.id()).map(|r| r.id().to_string())),
    ]
}

/// One platform in detail: identity, relations, category, every figure of its specification
/// with its source key and alternatives, and its sources.
fn detail(catalog: &Catalog, p: &Platform) -> Result<()> {
    let mut t = table(&["field", "value"], &[]);
    let dash = |s: String| if s.is_empty() { "-".to_owned() } else { s };
    let r = row(catalog, p);
    for (name, value) in COLUMNS.iter().zip(r).take(10) {
        t.add_row(vec![(*name).to_owned(), dash(value)]);
    }
    let munitions: Vec<String> = p.munitions().iter().map(|m| m.to_string()).collect();
    t.add_row(vec!["munitions".to_owned(), dash(munitions.join(", "))]);
    t.add_row(vec!["category".to_owned(), p.category().to_string()]);
    for (key, text) in p.spec().describe() {
        t.add_row(vec![format!("spec.{key}"), text]);
    }
    if let Some(note) = p.note() {
        t.add_row(vec!["note".to_owned(), note.to_owned()]);
    }
    // Every source by the key its figures cite: the platform's own, then those only a
    // figure cites.
    let mut keys: Vec<&str> = Vec::new();
    let cited = p.spec().cited_sources();
    for s in p.sources().iter().chain(cited.iter().map(|(_, s)| *s)) {
        if keys.contains(&s.key()) {
            continue;
        }
        keys.push(s.key());
        let mut text = s.title().to_owned();
        for extra in [s.publisher(), s.date()].into_iter().flatten() {
            text.push_str(&format!(", {extra}"));
        }
        if let Some(url) = s.url() {
            text.push_str(&format!(" <{url}>"));
        }
        t.add_row(vec![format!("source [{}]", s.key()), text]);
    }
    print_table(&t)
}
