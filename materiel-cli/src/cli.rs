//! The command line: every command, option and help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use materiel::jiff::Timestamp;
use materiel::jiff::civil::Date;
use materiel::ledger::{Condition, EffectiveDate};
use materiel::postgres::DEFAULT_SCHEMA;
use materiel::{Count, Grade, Status};

use crate::args::{
    parse_breakdown, parse_condition, parse_count, parse_date, parse_effective, parse_grade,
    parse_recorded, parse_status, parse_timestamp,
};

const TOP_HELP: &str = "\
Journals:
  A journal is the crash-safe file (checksummed JSON Lines) that keeps a ledger. Its catalog
  is the reference catalog, or the one given to `materiel init --catalog`, kept beside the
  journal as JOURNAL.catalog.json. Queries read the journal without locking it; commands
  that write (import, record, retract, verify --repair) lock it, and fail if another process
  holds the lock.

PostgreSQL stores:
  Every command that takes --journal JOURNAL (or a JOURNAL argument) also takes --store URL
  instead: a ledger in a PostgreSQL database (postgres://USER:PASSWORD@HOST/DB, or a
  key=value connection string such as \"host=/run/postgresql dbname=osint\"), shared by
  many writers at once. The environment variable MATERIEL_STORE supplies --store; a --journal
  given on the command line then wins. --schema NAME picks the PostgreSQL schema holding the
  ledger (default materiel; one database holds many ledgers) and --writer NAME the identity
  stored with each entry a command writes (default USER@HOST:PID). Queries load the ledger;
  record, retract and imports append in one transaction each, validated against every entry
  committed so far by anyone. `materiel init --store URL` creates the ledger, `materiel verify
  --store URL` checks every stored entry, and `materiel copy FROM TO` copies a ledger between
  a journal and a database, line for line. The connection has no TLS: use a trusted network,
  a Unix socket or an SSH tunnel.

Views (every query):
  --at DATE          as true on DATE (YYYY-MM-DD; default: after every entry)
  --known-at TIME    as known at TIME (RFC 3339, e.g. 2025-01-03T00:00:00Z; default:
                     everything recorded)
  --min-grade GRADE  only sources graded GRADE or better (Admiralty code, e.g. B2)
  --format FORMAT    table (default), csv or json (JSON Lines); csv and json have the
                     documented columns of materiel::export

Exit status:
  0  success
  1  runtime or data error: I/O, a damaged or locked journal, a database that cannot be
     reached or that holds no ledger (or a damaged one), an entry the ledger refused
  2  usage error: bad arguments, including an unknown holder or platform, an invalid
     connection string or schema name, and an option a PostgreSQL store does not take
     (verify --repair)
  3  a strict import rejected a row (nothing was written)
  4  verify found a torn tail and did not repair it (run `materiel verify --repair`)

Errors are printed on standard error: `error: ` then the error and its causes on one line;
an error in the arguments found by the parser (an unknown option, a missing value) adds a
usage line and a hint.
Colour is used only on a terminal, never when NO_COLOR is set.

Example session:
  materiel init ven.jsonl
  materiel import sipri tests/data/sipri-excerpt.csv --journal ven.jsonl
  materiel holdings Venezuela --journal ven.jsonl --at 2013-12-31
  materiel holdings Venezuela --journal ven.jsonl --known-at 2025-01-01T00:00:00Z
  materiel export holdings Venezuela --journal ven.jsonl --format csv > ven.csv
  materiel init ua.jsonl
  materiel import oryx tests/data/oryx --journal ua.jsonl
  materiel losses Russia --journal ua.jsonl --format csv > rus-losses.csv

The same against PostgreSQL:
  export MATERIEL_STORE=postgres://analyst:secret@db.example/osint
  materiel init --schema venezuela
  materiel import sipri tests/data/sipri-excerpt.csv --schema venezuela
  materiel holdings Venezuela --schema venezuela --at 2013-12-31
  materiel copy postgres://analyst:secret@db.example/osint ven-copy.jsonl --schema venezuela";

/// Track who holds what military equipment, in what condition, as of when, and on whose word.
#[derive(Debug, Parser)]
#[command(name = "materiel", version, about, after_help = TOP_HELP)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create a new, empty journal (or ledger in a PostgreSQL store).
    #[command(after_help = "\
Examples:
  materiel init ledger.jsonl
  materiel init ledger.jsonl --catalog my-catalog.json
  materiel init --store postgres://analyst:secret@db.example/osint --schema venezuela

With --catalog, the catalog (the JSON form of materiel::Catalog) is checked and kept beside
the journal as JOURNAL.catalog.json; every later command on the journal uses it. Without it,
the journal uses the reference catalog. With --store, the schema is created if needed and the
catalog is stored in the database, for every writer; a schema that already holds a ledger is
refused.")]
    Init(InitArgs),

    /// Check a journal (or store): entries, intact length, torn tail; --repair cuts a torn tail.
    #[command(after_help = "\
Examples:
  materiel verify ledger.jsonl
  materiel verify ledger.jsonl --repair
  materiel verify --store postgres://analyst:secret@db.example/osint --schema venezuela

With --store, every stored entry is read and checked (sequence numbers, checksums, the
ledger's rules), then the entries, the next sequence number and the entries of each writer
are printed; a damaged entry is an error naming its sequence number (status 1). --repair does
not apply to a store (status 2).

A torn tail is what a crash in the middle of an append leaves at the end of the file. Without
--repair, verify only reads the journal (no lock, nothing written) and exits with status 4
when it finds one. With --repair, it copies the tail byte for byte to a side file next to the
journal (JOURNAL.torn-OFFSET), then truncates the journal to its intact prefix. Damage
followed by an intact line is not a torn tail: it is an error naming the line (status 1), and
nothing is cut.")]
    Verify(VerifyArgs),

    /// Write a checkpoint of a ledger, so that opening it reads only later entries.
    #[command(after_help = "\
Examples:
  materiel checkpoint ledger.jsonl
  materiel checkpoint --store postgres://analyst@db.example/osint --schema venezuela

For a journal, the checkpoint goes to JOURNAL.checkpoint next to it, replacing an earlier one.
It is derived from the journal and can be deleted at any time; one that no longer matches the
journal is ignored (with a warning) and the journal is replayed in full.

For a PostgreSQL store, the checkpoint of every committed entry goes into the schema's
checkpoints table (the newest three are kept; writers also store one every 100,000 entries).
Opening the store then reads it and only the entries after it; one that fails its checksum or
does not match the stored entries is ignored (with a warning) and an older one, or every entry,
is read instead. `verify --store` always reads and checks every entry.")]
    Checkpoint(CheckpointArgs),

    /// Copy a ledger from a journal into a PostgreSQL store, or back, line for line.
    #[command(after_help = "\
Examples:
  materiel copy ven.jsonl postgres://analyst:secret@db.example/osint --schema venezuela
  materiel copy postgres://analyst:secret@db.example/osint ven-copy.jsonl --schema venezuela

FROM and TO are each a journal file or a database: a side is a database when it starts with
postgres:// or postgresql:// (write a key=value connection string in that URL form), else a
journal path; one side must be a journal. --schema names the database side's schema.

Journal to database: the journal (with its catalog, JOURNAL.catalog.json or the reference
catalog) is replayed, then its entry lines are stored byte for byte in one transaction; a
journal with a torn tail is refused (run `materiel verify --repair` first). Database to
journal: every stored entry is checked, then written byte for byte to the new journal, and
the database's catalog to JOURNAL.catalog.json beside it, so the copy stands alone. The
destination must hold nothing: an existing journal file (or catalog side file) or a schema
that holds a ledger is refused, and nothing is left behind on error.")]
    Copy(CopyArgs),

    /// Import a dataset into a journal or a PostgreSQL store.
    #[command(subcommand)]
    Import(Import),

    /// Append one entry, given as flags or read as JSON from standard input.
    #[command(after_help = "\
Examples:
  materiel record --journal ledger.jsonl --holder VEN --platform su-30mk2 --date 2006 \\
      --change ordered --count 24 --supplier RUS --source \"Rosoboronexport\" --grade B2
  materiel record --journal ledger.jsonl --holder VEN --platform Su-30MK2 --date 2025-11 \\
      --change delivered --count 2 --status operational --source \"news report\" --grade C3
  materiel record --journal ledger.jsonl --holder VEN --platform su-30mk2 --date 2025-11-03 \\
      --change status --from operational --status non_operational_supply --count 4 \\
      --source \"news report\" --grade C3 --note \"grounded for spares\"
  materiel record --journal ledger.jsonl --holder VEN --platform su-30mk2 --date 2025-11 \\
      --change assessed --breakdown operational=20,stored=4 --source \"IISS\" --grade B2
  materiel record --journal ledger.jsonl --holder VEN --platform su-30mk2 --date 2025-11 \\
      --change lost --count 1 --from operational --cause destroyed \\
      --source \"crash report\" --grade A1
  materiel record --journal ledger.jsonl < entry.json
  materiel record --store postgres://analyst@db/osint --writer alice --holder VEN \\
      --platform su-30mk2 --date 2025-11 --change observed --count 2 --status operational \\
      --source \"news report\" --grade C3
  echo '{\"holder\":\"VEN\",\"platform\":\"su-30mk2\",\"effective\":\"2025-10-31\",
         \"change\":{\"kind\":\"observed\",\"count\":{\"value\":2},\"status\":\"operational\"},
         \"source\":{\"citation\":\"news report\",\"grade\":\"C3\"},
         \"note\":\"two seen at Barcelona\"}' | materiel record --journal ledger.jsonl

As flags (with --change): --holder, --platform, --date, --source and --grade always, then
per kind of change:
  ordered     --count [--supplier HOLDER] [--condition CONDITION]
  delivered   --count [--status STATUS (default unknown)] [--supplier] [--condition]
  status      --from STATUS --status STATUS --count  (units change status)
  assessed    --breakdown STATUS=COUNT,...  (the lot's whole breakdown, replacing earlier counts)
  observed    [--count] [--status]  (a sighting: counts nothing)
  lost        --count --from STATUS --cause destroyed|damaged|abandoned|captured [--by HOLDER]
  retired     --count --from STATUS
  expended    --count --from STATUS
A flag the kind does not take is refused. COUNT is a number with its basis: 24 exact, ~24
about, >=24 at least, <=24 up to, e24 an estimate. STATUS: operational, degraded,
non_operational_maintenance, non_operational_supply, non_operational_damaged, stored,
unknown. --date is 2025, 2025-11 or 2025-11-03 (<=2025-11-03: on or before). Other kinds
(requested, transferred, opening_unknown) are given as JSON. With flags, standard input must
be empty (or a terminal).

As JSON (without --change): the entry is the JSON form of materiel::NewEntry: holder,
platform (a catalog id, or {\"designation\": ..., \"kind\": ...} for uncatalogued equipment),
effective (2013, 2013-07 or 2013-07-15), change (with its kind), source (citation, grade,
optional url and reference), optional note, and recorded (RFC 3339; default: now).

Holders (--holder, --supplier, --by, and the JSON's holder, supplier, to and by) must be a
country or organisation whose name or code the importers know (Venezuela, VEN, Viet Nam,
NATO**) or a holder the ledger already has: anything else is refused with the closest known
names, so a typo does not create a holder. --new-holder records a holder that is neither: an
ISO 3166 alpha-3 code (upper case), or an organisation slug (lower case, such as rostec).

Prints the new entry's id.")]
    Record(RecordArgs),

    /// Withdraw an entry by recording a retraction (nothing is erased).
    #[command(after_help = "\
Examples:
  materiel retract --journal ledger.jsonl 12 --why \"keyed as operational in error\"
  materiel retract --journal ledger.jsonl 12 --why \"duplicate\" --grade A1 --citation \"desk review\"
  MATERIEL_STORE=postgres://analyst@db/osint materiel retract 12 --why \"duplicate\"

Queries as known before the retraction still see the entry; later ones do not.")]
    Retract(RetractArgs),

    /// Move entries recorded against generic platforms onto the catalog platforms the
    /// catalog now knows (copies and retractions; nothing rewritten).
    #[command(after_help = crate::reresolve::AFTER_HELP)]
    Reresolve(crate::reresolve::ReresolveArgs),

    /// What a holder holds: one row per platform, counts by status, readiness, weakest grade.
    #[command(after_help = "\
Examples:
  materiel holdings Venezuela --journal ledger.jsonl
  materiel holdings VEN --journal ledger.jsonl --at 2013-12-31
  materiel holdings VEN --journal ledger.jsonl --known-at 2025-01-01T00:00:00Z
  materiel holdings VEN --journal ledger.jsonl --min-grade B2 --format csv

HOLDER is a holder id (VEN, nato) or a country name (Venezuela, Viet Nam, Turkiye).
Counts print their basis: ~8 about, >=8 at least, <=8 up to, e8 estimate.

Readiness is the share of units mission capable (operational or degraded). When every status
is known it is one figure (83%). When some are unknown it is a range, first: every unit of
unknown status down .. every one up (8%..100%); then, when at least half the statuses are
known, the rate over those (60%..80% (75% of known)), else how many are unknown
(8%..100% (24/26 unknown); 0%..100% (all unknown)): a rate over a few known units says
little. `materiel lot` spells it out. --format csv and json keep the columns readiness_rate
(over known statuses), readiness_lower and readiness_upper.")]
    Holdings(HolderQuery),

    /// One lot (holder x platform): its state and the entries behind it, with their sources.
    #[command(after_help = "\
Examples:
  materiel lot Venezuela Su-30MK2 --journal ledger.jsonl
  materiel lot VEN su-30mk2 --journal ledger.jsonl --at 2007-12-31
  materiel lot VEN Mi-17 --journal ledger.jsonl
  materiel lot VEN generic:generic:JY-27A --journal ledger.jsonl
  materiel lot VEN su-30mk2 --journal ledger.jsonl --format csv

PLATFORM is a catalog id, designation, alias or NATO reporting name (su-30mk2, Su-30MK2,
S-300VM/SA-23 SAMS, Flanker-G), or uncatalogued equipment as tables show it: its designation
(Mi-17, any case) when one generic platform of the ledger has it, else
generic:KIND:DESIGNATION (KIND: aircraft, sam_system, missile, transport, generic); a
designation several generic platforms share is refused with their list. With --format csv or json, the output is the entries behind the state,
in the columns of `materiel export entries`.")]
    Lot(LotQuery),

    /// Open requests and orders of a holder.
    #[command(after_help = "\
Examples:
  materiel pipeline Venezuela --journal ledger.jsonl
  materiel pipeline VEN --journal ledger.jsonl --at 2007-12-31 --format json

Outstanding is what is still due, with the basis of the item's own count: 4, or >=4 (at
least 4) for an order known only as a lower bound, and ? for a request or order without a
count. SIPRI gives no number ordered for many deals: the importer records the deliveries
summed as an order of at least N. Once those are delivered such an order shows >=0 and stays
listed: at least N were ordered and N delivered, but whether more are due is unknown, so it
is never taken as complete. --format csv and json give the number (outstanding) and the
order's basis (count_basis).")]
    Pipeline(HolderQuery),

    /// A lot's history: its state at each date where it changed.
    #[command(after_help = "\
Examples:
  materiel timeline Venezuela Su-30MK2 --journal ledger.jsonl
  materiel timeline VEN su-30mk2 --journal ledger.jsonl --format csv > su30.csv
  materiel timeline VEN su-30mk2 --journal ledger.jsonl --svg su30.svg

With --svg FILE, the chart of the units in service by status over time (a step line per
status, a legend, and a caption saying which counts are estimates or bounds: a lower bound
>=N is drawn at N) is also written to FILE, atomically (nothing is left at FILE on error).")]
    Timeline(TimelineQuery),

    /// Losses by holder x platform x cause per month (from loss lists such as Oryx's).
    #[command(after_help = "\
Examples:
  materiel losses --journal ua.jsonl
  materiel losses Russia --journal ua.jsonl --at 2022-12-31
  materiel losses UKR --journal ua.jsonl --min-grade B2 --format csv > ukr-losses.csv

HOLDER (an id such as RUS, or a country name such as Ukraine) keeps only that holder's losses;
without it, every holder's. One row per holder, platform, cause and month, ordered by holder
then month. The month is that of the loss's effective date: for a loss list's on-or-before
date (<=2022-03-19), the month it was listed by. A capture is shown once, as the loser's loss
(cause `captured by UKR`).

Columns of --format csv and json (JSON Lines, every column a key, null where it does not
apply):
  holder           the holder id whose equipment was lost (RUS)
  platform         the catalog platform id, or the designation of generic equipment
  platform_generic true for generic (uncatalogued) equipment, false for a catalog platform
  platform_label   the catalog designation, or the generic designation
  platform_kind    aircraft, sam_system, missile, transport or generic (empty if unknown)
  cause            destroyed, damaged, abandoned or captured
  captor           for captured: the captor's holder id, when known; empty otherwise
  month            the month, YYYY-MM
  count            the number of units lost
  count_basis      exact, at_least, up_to, about or estimate (the weakest of those summed)")]
    Losses(LossesQuery),

    /// Write a table as CSV or JSON Lines, for pandas, R and spreadsheets.
    #[command(after_help = "\
Examples:
  materiel export entries --journal ledger.jsonl > entries.csv
  materiel export holdings Venezuela --journal ledger.jsonl --at 2013-12-31 -o ven.csv
  materiel export holdings --journal ledger.jsonl --format json
  materiel export timeline VEN su-30mk2 --journal ledger.jsonl
  materiel export pipeline --journal ledger.jsonl --known-at 2025-01-03T00:00:00Z

Columns are those of materiel::export (ENTRY_COLUMNS, HOLDINGS_COLUMNS, TIMELINE_COLUMNS,
PIPELINE_COLUMNS): stable names, dates in ISO 8601, each count's basis in a column of its own.
With -o, the table goes to a temporary file renamed into place once complete.")]
    Export(ExportArgs),

    /// The platform catalog: every platform, or one in detail.
    #[command(after_help = "\
Examples:
  materiel catalog
  materiel catalog su-30mk2
  materiel catalog \"S-300VM/SA-23 SAMS\"
  materiel catalog --catalog my-catalog.json --format csv
  materiel catalog --journal ledger.jsonl
  materiel catalog --store postgres://analyst:secret@db.example/osint --schema venezuela

The catalog is the reference catalog, the file given with --catalog, the catalog of the
journal given with --journal, or that of the ledger in the store given with --store (or
MATERIEL_STORE, unless --catalog or --journal is given). With --format json, each platform
is one line of the catalog's JSON form.")]
    Catalog(CatalogArgs),
}

#[derive(Debug, Subcommand)]
pub(crate) enum Import {
    /// Import a SIPRI Arms Transfers CSV export.
    #[command(after_help = "\
Examples:
  materiel import sipri tests/data/sipri-excerpt.csv --journal ledger.jsonl
  materiel import sipri trade-register.csv --journal ledger.jsonl --recipient Venezuela --strict
  materiel import sipri resaved.csv --journal ledger.jsonl --edition-of 2025-01-03

Every entry is recorded at the export's generation date (00:00 UTC), or at --recorded TIME
(`--recorded now`: the current time); a journal or store with later entries (an entry
recorded by hand today, say) refuses the import before anything is written: import it with
--recorded now. Lenient (the
default): bad rows are reported and skipped. --strict: the first bad row stops the import,
nothing is written, and the exit status is 3. A progress bar is shown on a terminal; the
import report is printed at the end.

The edition is the export's `Data generated:` date (line 11): its entries cite it, and a
newer edition supersedes an older one. A file re-saved by a spreadsheet may have lost that
line: give the date with --edition-of (the header is then line 11). An export whose own line
names another date than --edition-of is refused (exit status 1, nothing written).")]
    Sipri(SipriArgs),

    /// Import Oryx's lists of visually confirmed losses (scarnecchia/oryx_data event files).
    #[command(after_help = "\
Examples:
  materiel import oryx tests/data/oryx --journal ua.jsonl
  materiel import oryx event_destroyed.csv event_captured.csv --journal ua.jsonl --strict
  materiel import oryx oryx_data/ --journal ua.jsonl --totals oryx_data/totals_by_type.csv

Each FILE is an event file (event_destroyed.csv, event_captured.csv, event_abandoned.csv,
event_damaged.csv); a DIR stands for the event files it holds. All of them are one import:
an item listed under several statuses counts once, under its most severe. Every entry is
recorded at the end of the latest date_recorded read (00:00 UTC the day after), or at
--recorded TIME (`--recorded now`: the current time); a journal or store with later entries
(an entry recorded by hand today, say) refuses the import before anything is written: import
it with --recorded now.
Lenient (the default): bad rows are reported and skipped. --strict: the first bad row stops
the import, nothing is written, and the exit status is 3.

The import report is printed at the end, then, with --totals (or when a given DIR holds a
totals_by_type.csv), the reconciliation of the imported items against Oryx's headline totals
per country and status. A positive difference is rows the scraper kept that Oryx's lists no
longer count; a negative one, items the headline counts that the files do not hold (an
excerpt or subset of the files, or a totals file newer than them).")]
    Oryx(OryxArgs),
}

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

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The journal file to create (must not exist), or --store.
    #[command(flatten)]
    pub(crate) location: PathLocation,
    #[command(flatten)]
    pub(crate) schema: SchemaArg,
    /// A catalog in JSON (materiel::Catalog's form) instead of the reference catalog.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalog: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The journal file, or --store.
    #[command(flatten)]
    pub(crate) location: PathLocation,
    #[command(flatten)]
    pub(crate) schema: SchemaArg,
    /// Cut a torn tail, keeping its bytes in a side file next to the journal (journals only).
    #[arg(long)]
    pub(crate) repair: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CheckpointArgs {
    /// The journal file, or --store.
    #[command(flatten)]
    pub(crate) location: PathLocation,
    #[command(flatten)]
    pub(crate) schema: SchemaArg,
}

#[derive(Debug, Args)]
pub(crate) struct CopyArgs {
    /// Copy from: a journal file, or a postgres:// or postgresql:// URL.
    pub(crate) from: String,
    /// Copy to (must hold nothing yet): a journal file, or a postgres:// or postgresql:// URL.
    pub(crate) to: String,
    /// The PostgreSQL schema of the database side (one database can hold many ledgers).
    #[arg(long, value_name = "NAME", default_value = DEFAULT_SCHEMA)]
    pub(crate) schema: String,
    /// Copying into a database: the writer identity stored with each entry copied
    /// [default: USER@HOST:PID].
    #[arg(long, value_name = "NAME")]
    pub(crate) writer: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct SipriArgs {
    /// The SIPRI export (CSV).
    pub(crate) file: PathBuf,
    #[command(flatten)]
    pub(crate) target: WriteTarget,
    /// Keep only rows whose recipient is NAME (SIPRI's spelling or holder id); repeatable.
    #[arg(long, value_name = "NAME")]
    pub(crate) recipient: Vec<String>,
    /// Stop at the first bad row; nothing is written (exit status 3).
    #[arg(long)]
    pub(crate) strict: bool,
    /// Record the entries at TIME (RFC 3339, or `now`) instead of the export's generation
    /// date: needed when the ledger has later entries (such as ones recorded by hand).
    #[arg(long, value_name = "TIME", value_parser = parse_recorded)]
    pub(crate) recorded: Option<Timestamp>,
    /// The edition's generation date (YYYY-MM-DD), for an export without its
    /// `Data generated:` line; an export that has one must name the same date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) edition_of: Option<Date>,
}

#[derive(Debug, Args)]
pub(crate) struct OryxArgs {
    /// Event files, or directories holding them.
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) target: WriteTarget,
    /// Stop at the first bad row; nothing is written (exit status 3).
    #[arg(long)]
    pub(crate) strict: bool,
    /// Record the entries at TIME (RFC 3339, or `now`) instead of the end of the latest
    /// listing day: needed when the ledger has later entries (such as ones recorded by hand).
    #[arg(long, value_name = "TIME", value_parser = parse_recorded)]
    pub(crate) recorded: Option<Timestamp>,
    /// Oryx's totals_by_type.csv: print the reconciliation against its headline totals.
    #[arg(long, value_name = "FILE")]
    pub(crate) totals: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct RecordArgs {
    #[command(flatten)]
    pub(crate) target: WriteTarget,
    /// Accept a holder (--holder, --supplier, --by, or the JSON's holder, supplier, to, by)
    /// that is neither a known country or organisation nor a holder of the ledger yet.
    #[arg(long)]
    pub(crate) new_holder: bool,
    #[command(flatten)]
    pub(crate) flags: EntryFlags,
}

/// The kinds of change `materiel record` takes as flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ChangeKind {
    /// An order (count, supplier, condition).
    Ordered,
    /// A delivery (count, into --status, supplier, condition).
    Delivered,
    /// Units change status (--from, --status, --count).
    Status,
    /// An assessment of the whole lot (--breakdown).
    Assessed,
    /// A sighting (optional --count and --status); moves no count.
    Observed,
    /// Units lost (--count, --from, --cause, --by).
    Lost,
    /// Units retired (--count, --from).
    Retired,
    /// Munitions expended (--count, --from).
    Expended,
}

/// A loss's cause, as a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum CauseArg {
    /// Destroyed.
    Destroyed,
    /// Damaged beyond the holder's use.
    Damaged,
    /// Abandoned.
    Abandoned,
    /// Captured (by --by HOLDER, when known).
    Captured,
}

/// `materiel record`'s entry as flags (all need --change; --change needs the common five).
#[derive(Debug, Args)]
#[command(next_help_heading = "Entry as flags (instead of JSON on standard input)")]
pub(crate) struct EntryFlags {
    /// The kind of change; with it, the entry is given as flags.
    #[arg(
        long,
        value_enum,
        value_name = "KIND",
        requires_all = ["holder", "platform", "date", "source", "grade"]
    )]
    pub(crate) change: Option<ChangeKind>,
    /// The holder: an id (VEN, nato) or a country name (Venezuela).
    #[arg(long, value_name = "HOLDER", requires = "change")]
    pub(crate) holder: Option<String>,
    /// The platform: catalog id, designation, alias or NATO name, a generic designation the
    /// ledger has (Mi-17), or generic:KIND:DESIGNATION.
    #[arg(long, value_name = "PLATFORM", requires = "change")]
    pub(crate) platform: Option<String>,
    /// When the change took effect: 2025, 2025-11 or 2025-11-03 (<=2025-11-03: on or before).
    #[arg(long, value_name = "DATE", requires = "change", value_parser = parse_effective)]
    pub(crate) date: Option<EffectiveDate>,
    /// How many units, with their basis: 24, ~24, >=24, <=24, e24.
    #[arg(
        long,
        value_name = "COUNT",
        value_parser = parse_count,
        requires = "change",
        required_if_eq_any = [
            ("change", "ordered"), ("change", "delivered"), ("change", "status"),
            ("change", "lost"), ("change", "retired"), ("change", "expended"),
        ]
    )]
    pub(crate) count: Option<Count>,
    /// The status units are in after the change (delivered: default unknown; status; observed).
    #[arg(
        long,
        value_name = "STATUS",
        value_parser = parse_status,
        requires = "change",
        required_if_eq("change", "status")
    )]
    pub(crate) status: Option<Status>,
    /// The status units leave (status, lost, retired, expended).
    #[arg(
        long,
        value_name = "STATUS",
        value_parser = parse_status,
        requires = "change",
        required_if_eq_any = [
            ("change", "status"), ("change", "lost"), ("change", "retired"), ("change", "expended"),
        ]
    )]
    pub(crate) from: Option<Status>,
    /// An assessment's breakdown: STATUS=COUNT, comma-separated or repeated.
    #[arg(
        long,
        value_name = "STATUS=COUNT",
        value_parser = parse_breakdown,
        value_delimiter = ',',
        requires = "change",
        required_if_eq("change", "assessed")
    )]
    pub(crate) breakdown: Vec<(Status, Count)>,
    /// A loss's cause.
    #[arg(
        long,
        value_enum,
        value_name = "CAUSE",
        requires = "change",
        required_if_eq("change", "lost")
    )]
    pub(crate) cause: Option<CauseArg>,
    /// The captor of a capture (--cause captured), when known.
    #[arg(long, value_name = "HOLDER", requires = "cause")]
    pub(crate) by: Option<String>,
    /// The supplier of an order or delivery.
    #[arg(long, value_name = "HOLDER", requires = "change")]
    pub(crate) supplier: Option<String>,
    /// An order's or delivery's condition: new (default), second_hand,
    /// second_hand_modernised, captured, licensed_production.
    #[arg(long, value_name = "CONDITION", value_parser = parse_condition, requires = "change")]
    pub(crate) condition: Option<Condition>,
    /// The source's citation.
    #[arg(long, value_name = "TEXT", requires = "change")]
    pub(crate) source: Option<String>,
    /// The source's grade (Admiralty code, e.g. B2).
    #[arg(long, value_name = "GRADE", value_parser = parse_grade, requires = "change")]
    pub(crate) grade: Option<Grade>,
    /// The source's URL.
    #[arg(long, value_name = "URL", requires = "change")]
    pub(crate) url: Option<String>,
    /// The source's reference (a deal id, a page).
    #[arg(long, value_name = "TEXT", requires = "change")]
    pub(crate) reference: Option<String>,
    /// A note (what a sighting showed, caveats).
    #[arg(long, value_name = "TEXT", requires = "change")]
    pub(crate) note: Option<String>,
    /// The entry's recorded time (RFC 3339); default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_timestamp, requires = "change")]
    pub(crate) recorded: Option<Timestamp>,
}

#[derive(Debug, Args)]
pub(crate) struct RetractArgs {
    #[command(flatten)]
    pub(crate) target: WriteTarget,
    /// The id of the entry to withdraw.
    pub(crate) id: u64,
    /// Why (kept as the retraction's note).
    #[arg(long, value_name = "TEXT")]
    pub(crate) why: String,
    /// The grade of the retraction's source.
    #[arg(long, value_name = "GRADE", value_parser = parse_grade, default_value = "B2")]
    pub(crate) grade: Grade,
    /// The retraction's source.
    #[arg(long, value_name = "CITATION", default_value = "analyst correction")]
    pub(crate) citation: String,
    /// The retraction's recorded time (RFC 3339); default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_timestamp)]
    pub(crate) recorded: Option<Timestamp>,
}

#[derive(Debug, Args)]
pub(crate) struct HolderQuery {
    /// The holder: an id (VEN, nato) or a country name (Venezuela).
    pub(crate) holder: String,
    #[command(flatten)]
    pub(crate) view: View,
}

#[derive(Debug, Args)]
pub(crate) struct LossesQuery {
    /// Only this holder's losses: an id (RUS) or a country name (Ukraine).
    pub(crate) holder: Option<String>,
    #[command(flatten)]
    pub(crate) view: View,
}

#[derive(Debug, Args)]
pub(crate) struct LotQuery {
    /// The holder: an id (VEN, nato) or a country name (Venezuela).
    pub(crate) holder: String,
    /// The platform: catalog id, designation, alias or NATO name, a generic designation the
    /// ledger has (Mi-17), or generic:KIND:DESIGNATION.
    pub(crate) platform: String,
    #[command(flatten)]
    pub(crate) view: View,
}

#[derive(Debug, Args)]
pub(crate) struct TimelineQuery {
    #[command(flatten)]
    pub(crate) lot: LotQuery,
    /// Also write the chart as SVG to FILE.
    #[arg(long, value_name = "FILE")]
    pub(crate) svg: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[command(subcommand)]
    pub(crate) table: ExportTable,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ExportTable {
    /// Every entry, in append order (retracted entries and retractions included; views do
    /// not apply).
    Entries(ExportOut),
    /// Holdings of one holder, or of every holder.
    Holdings {
        /// The holder (default: every holder).
        holder: Option<String>,
        #[command(flatten)]
        out: ExportOut,
        #[command(flatten)]
        view: AsOfArgs,
    },
    /// One lot's timeline.
    Timeline {
        /// The holder.
        holder: String,
        /// The platform.
        platform: String,
        #[command(flatten)]
        out: ExportOut,
        #[command(flatten)]
        view: AsOfArgs,
    },
    /// Open requests and orders of one holder, or of every holder.
    Pipeline {
        /// The holder (default: every holder).
        holder: Option<String>,
        #[command(flatten)]
        out: ExportOut,
        #[command(flatten)]
        view: AsOfArgs,
    },
}

/// Where and how an export goes.
#[derive(Debug, Args)]
pub(crate) struct ExportOut {
    #[command(flatten)]
    pub(crate) target: TargetArgs,
    /// csv (default) or json (JSON Lines).
    #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Csv)]
    pub(crate) format: ExportFormat,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
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
