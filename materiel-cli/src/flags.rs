//! The options many commands share: where a ledger is (`--journal`, `--store`, `--schema`,
//! `--writer`), the view of a query (`--at`, `--known-at`, `--min-grade`) and output formats.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use materiel::AsOf;
use materiel::Grade;
use materiel::jiff::Timestamp;
use materiel::jiff::civil::Date;
use materiel::postgres::DEFAULT_SCHEMA;

use crate::args::{parse_date, parse_grade, parse_timestamp};

/// Where a command's ledger is: `--journal JOURNAL` or `--store URL` (with `--schema`).
#[derive(Debug, Args)]
pub(crate) struct TargetArgs {
    #[command(flatten)]
    pub(crate) location: Location,
    #[command(flatten)]
    pub(crate) schema: SchemaArg,
}

/// `--journal` or `--store`: one of them is required (`MATERIEL_STORE` can supply `--store`;
/// then `--journal`, when given, wins: see `store::Target::resolve`).
#[derive(Debug, Args)]
#[group(id = "location", required = true, multiple = true)]
pub(crate) struct Location {
    /// The journal file.
    #[arg(long, short = 'j', value_name = "JOURNAL")]
    pub(crate) journal: Option<PathBuf>,
    /// A PostgreSQL store instead of a journal: postgres://USER:PASSWORD@HOST/DB or a
    /// key=value connection string.
    #[arg(
        long,
        value_name = "URL",
        env = "MATERIEL_STORE",
        hide_env_values = true
    )]
    pub(crate) store: Option<String>,
}

/// `JOURNAL` (positional, or `--journal JOURNAL` as the other commands take it) or
/// `--store`, for `init` and `verify`.
#[derive(Debug, Args)]
#[group(id = "location", required = true, multiple = true)]
pub(crate) struct PathLocation {
    /// The journal file.
    pub(crate) journal: Option<PathBuf>,
    /// The journal file, as the other commands take it (the same as JOURNAL).
    #[arg(
        long = "journal",
        short = 'j',
        value_name = "JOURNAL",
        conflicts_with = "journal"
    )]
    pub(crate) journal_flag: Option<PathBuf>,
    /// A PostgreSQL store instead of a journal: postgres://USER:PASSWORD@HOST/DB or a
    /// key=value connection string.
    #[arg(
        long,
        value_name = "URL",
        env = "MATERIEL_STORE",
        hide_env_values = true
    )]
    pub(crate) store: Option<String>,
}

/// `--schema`: the PostgreSQL schema of a `--store`.
#[derive(Debug, Args)]
pub(crate) struct SchemaArg {
    /// With --store: the PostgreSQL schema holding the ledger (one database can hold many).
    #[arg(long, value_name = "NAME", default_value = DEFAULT_SCHEMA)]
    pub(crate) schema: String,
}

/// `--writer`: who appends, stored with each entry written to a `--store`.
#[derive(Debug, Args)]
pub(crate) struct WriterArg {
    /// With --store: the writer identity stored with each entry [default: USER@HOST:PID].
    #[arg(long, value_name = "NAME")]
    pub(crate) writer: Option<String>,
}

/// Where a writing command appends: a [`TargetArgs`] and `--writer`.
#[derive(Debug, Args)]
pub(crate) struct WriteTarget {
    #[command(flatten)]
    pub(crate) target: TargetArgs,
    #[command(flatten)]
    pub(crate) writer: WriterArg,
}

/// The output format of a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// An aligned table for people.
    Table,
    /// CSV with a header row (materiel::export's columns).
    Csv,
    /// JSON Lines: one object per row (materiel::export's columns).
    Json,
}

/// The view every query takes.
#[derive(Debug, Args)]
pub(crate) struct View {
    #[command(flatten)]
    pub(crate) target: TargetArgs,
    #[command(flatten)]
    pub(crate) as_of: AsOfArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Table)]
    pub(crate) format: OutputFormat,
}

/// The view of a query: `--at`, `--known-at`, `--min-grade`.
#[derive(Debug, Args)]
pub(crate) struct AsOfArgs {
    /// As true on DATE (YYYY-MM-DD); default: after every entry.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) at: Option<Date>,
    /// As known at TIME (RFC 3339); default: everything recorded.
    #[arg(long, value_name = "TIME", value_parser = parse_timestamp)]
    pub(crate) known_at: Option<Timestamp>,
    /// Only entries whose source is graded GRADE or better.
    #[arg(long, value_name = "GRADE", value_parser = parse_grade)]
    pub(crate) min_grade: Option<Grade>,
}

/// The format of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// CSV with a header row.
    Csv,
    /// JSON Lines.
    Json,
}

impl AsOfArgs {
    /// The ledger view given by `--at`, `--known-at` and `--min-grade`.
    pub(crate) fn as_of(&self) -> AsOf {
        let mut at = self.at.map_or_else(AsOf::latest, AsOf::valid);
        if let Some(t) = self.known_at {
            at = at.known_at(t);
        }
        if let Some(g) = self.min_grade {
            at = at.min_grade(g);
        }
        at
    }
}
