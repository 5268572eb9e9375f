//! The options many commands share: where a ledger is (`--journal`, `--store`, `--schema`,
//! `--writer`), the view of a query (`--at`, `--known-at`, `--min-grade`) and output formats.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use materiel::Grade;
use materiel::catalog::Category;
use materiel::jiff::Timestamp;
use materiel::jiff::civil::Date;
use materiel::ledger::{Bucket, GroupBy, GroupFilter};
use materiel::postgres::DEFAULT_SCHEMA;
use materiel::{AsOf, HolderId, Ledger};

use crate::args::{
    parse_category, parse_grade, parse_known_at, parse_period_end, parse_period_start,
};
use crate::ui::UsageError;

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
    /// As true on DATE (YYYY-MM-DD; YYYY or YYYY-MM: the period's last day); default: after
    /// every entry.
    #[arg(long, value_name = "DATE", value_parser = parse_period_end)]
    pub(crate) at: Option<Date>,
    /// As known at TIME: RFC 3339 (2025-01-03T00:00:00Z), `now`, or YYYY-MM-DD, YYYY-MM or
    /// YYYY (the period's last instant, UTC); default: everything recorded.
    #[arg(long, value_name = "TIME", value_parser = parse_known_at)]
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

/// `--by`: what a grouped answer sums by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ByArg {
    /// The platform's category (combat_aircraft, tank, ...).
    Category,
    /// The platform's family in the catalog (the Su-30MK2 under the Su-27).
    Family,
    /// Each platform.
    Platform,
    /// The supplier (deliveries and transfers only: holdings and losses refuse it).
    Supplier,
}

impl ByArg {
    /// The library's grouping.
    pub(crate) fn group_by(self) -> GroupBy {
        match self {
            Self::Category => GroupBy::Category,
            Self::Family => GroupBy::Family,
            Self::Platform => GroupBy::Platform,
            Self::Supplier => GroupBy::Supplier,
        }
    }

    /// The option's value, for column names.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Category => "category",
            Self::Family => "family",
            Self::Platform => "platform",
            Self::Supplier => "supplier",
        }
    }
}

/// `--per`: time buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum PerArg {
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// Grouping and filters: `--by`, `--supplier`, `--category`, `--origin`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Grouping and filters")]
pub(crate) struct GroupArgs {
    /// Sum by category, family or platform; or by supplier (deliveries and transfers only).
    #[arg(long, value_enum, value_name = "GROUP")]
    pub(crate) by: Option<ByArg>,
    /// Only deliveries from one of HOLDER (ids such as RUS, or country names; comma-separated
    /// or repeated, as --origin takes them; deliveries and transfers only).
    #[arg(long, value_name = "HOLDER", value_delimiter = ',')]
    pub(crate) supplier: Vec<String>,
    /// Only platforms of CATEGORY (combat_aircraft, tank, ...; not a platform's kind such as
    /// aircraft: `materiel catalog ID` shows a platform's category, and an unknown name is
    /// refused with the list).
    #[arg(long, value_name = "CATEGORY", value_parser = parse_category)]
    pub(crate) category: Option<Category>,
    #[command(flatten)]
    pub(crate) origin: OriginArg,
}

/// `holdings --by`: what grouped holdings sum by (a lot's units are not kept by supplier).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum HoldingsBy {
    /// The platform's category (combat_aircraft, tank, ...).
    Category,
    /// The platform's family in the catalog (the Su-30MK2 under the Su-27).
    Family,
    /// Each platform.
    Platform,
}

impl From<HoldingsBy> for ByArg {
    fn from(by: HoldingsBy) -> Self {
        match by {
            HoldingsBy::Category => Self::Category,
            HoldingsBy::Family => Self::Family,
            HoldingsBy::Platform => Self::Platform,
        }
    }
}

/// The grouping and filters of `holdings`: `--by`, `--category`, `--origin` (no supplier: a
/// lot's units are not kept by supplier).
#[derive(Debug, Args)]
#[command(next_help_heading = "Grouping and filters")]
pub(crate) struct HoldingsGroupArgs {
    /// Sum by category, family or platform.
    #[arg(long, value_enum, value_name = "GROUP")]
    pub(crate) by: Option<HoldingsBy>,
    /// Only platforms of CATEGORY (combat_aircraft, tank, ...; not a platform's kind such as
    /// aircraft: `materiel catalog ID` shows a platform's category, and an unknown name is
    /// refused with the list).
    #[arg(long, value_name = "CATEGORY", value_parser = parse_category)]
    pub(crate) category: Option<Category>,
    #[command(flatten)]
    pub(crate) origin: OriginArg,
}

/// `--origin`: the platforms' countries of origin in the catalog (`holdings`, `losses`,
/// `deliveries`).
#[derive(Debug, Args)]
pub(crate) struct OriginArg {
    /// Only platforms whose country of origin in the catalog is one of ORIGIN (codes or
    /// country names, comma-separated or repeated). Soviet-era designs are SUN, later Russian
    /// ones RUS: "Russian-made" counting Soviet-made is `--origin RUS,SUN`, your choice. Generic
    /// equipment has no origin and is left out, as are catalog platforms that give none (the
    /// origin column of `materiel catalog --format csv`).
    #[arg(long, value_name = "ORIGIN", value_delimiter = ',')]
    pub(crate) origin: Vec<String>,
}

impl OriginArg {
    /// Whether some origin is given.
    pub(crate) fn given(&self) -> bool {
        !self.origin.is_empty()
    }

    /// The origins given, resolved in `ledger` as other holder arguments are.
    pub(crate) fn origins(&self, ledger: &Ledger) -> Result<Vec<HolderId>, UsageError> {
        let mut out: Vec<HolderId> = Vec::new();
        for name in &self.origin {
            let h = crate::args::holder(ledger, name)?;
            if !out.contains(&h) {
                out.push(h);
            }
        }
        Ok(out)
    }

    /// `filter` keeping only the origins given (resolved in `ledger`).
    pub(crate) fn apply(
        &self,
        ledger: &Ledger,
        mut filter: GroupFilter,
    ) -> Result<GroupFilter, UsageError> {
        for h in self.origins(ledger)? {
            filter = filter.origin(h);
        }
        Ok(filter)
    }
}

impl HoldingsGroupArgs {
    /// Whether any of the options is given.
    pub(crate) fn given(&self) -> bool {
        self.by.is_some() || self.category.is_some() || self.origin.given()
    }

    /// The origins given, resolved in `ledger` as other holder arguments are.
    pub(crate) fn origins(&self, ledger: &Ledger) -> Result<Vec<HolderId>, UsageError> {
        self.origin.origins(ledger)
    }

    /// The filter of `--category` and `--origin` (resolved in `ledger`).
    pub(crate) fn filter(&self, ledger: &Ledger) -> Result<GroupFilter, UsageError> {
        let mut filter = GroupFilter::new();
        if let Some(c) = self.category {
            filter = filter.category(c);
        }
        self.origin.apply(ledger, filter)
    }
}

/// A period and its buckets: `--since`, `--until`, `--per`.
#[derive(Clone, Debug, Args)]
#[command(next_help_heading = "Period")]
pub(crate) struct PeriodArgs {
    /// From DATE on (YYYY, YYYY-MM or YYYY-MM-DD; a year or month from its first day).
    #[arg(long, value_name = "DATE", value_parser = parse_period_start)]
    pub(crate) since: Option<Date>,
    /// Up to DATE (YYYY, YYYY-MM or YYYY-MM-DD; a year or month to its last day).
    #[arg(long, value_name = "DATE", value_parser = parse_period_end)]
    pub(crate) until: Option<Date>,
    /// Sum by month or year.
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub(crate) per: Option<PerArg>,
}

impl PeriodArgs {
    /// Whether any of the options is given.
    pub(crate) fn given(&self) -> bool {
        self.since.is_some() || self.until.is_some() || self.per.is_some()
    }

    /// `filter` with this period and its buckets.
    pub(crate) fn apply(&self, mut filter: GroupFilter) -> GroupFilter {
        if let Some(d) = self.since {
            filter = filter.since(d);
        }
        if let Some(d) = self.until {
            filter = filter.until(d);
        }
        match self.per {
            Some(PerArg::Month) => filter.bucket(Bucket::Month),
            Some(PerArg::Year) => filter.bucket(Bucket::Year),
            None => filter,
        }
    }
}

impl GroupArgs {
    /// Whether any of the options is given.
    pub(crate) fn given(&self) -> bool {
        self.by.is_some()
            || !self.supplier.is_empty()
            || self.category.is_some()
            || self.origin.given()
    }

    /// The filter of `--supplier`, `--category` and `--origin` (resolved in `ledger`).
    pub(crate) fn filter(&self, ledger: &Ledger) -> Result<GroupFilter, UsageError> {
        self.origin.apply(ledger, self.filter_but_origin(ledger)?)
    }

    /// The filter of `--supplier` and `--category`, without `--origin`: what the origin
    /// filter chooses from.
    pub(crate) fn filter_but_origin(&self, ledger: &Ledger) -> Result<GroupFilter, UsageError> {
        let mut filter = GroupFilter::new();
        for h in crate::args::holders(ledger, &self.supplier)? {
            filter = filter.supplier(h);
        }
        if let Some(c) = self.category {
            filter = filter.category(c);
        }
        Ok(filter)
    }
}
