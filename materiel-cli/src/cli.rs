//! The command line: every command with its help, and which function runs it. Each command's
//! arguments and code live in the file of its family (`admin`, `import`, `record`, `query`,
//! `losses`, `export`, `catalog`); to add a command, add its variant here and its arm in
//! [`Command::run`].

use clap::{CommandFactory, Parser, Subcommand};
use strum::IntoEnumIterator;

use crate::admin::{self, CheckpointArgs, CopyArgs, InitArgs, VerifyArgs};
use crate::baseline::BaselineArgs;
use crate::catalog::{self, CatalogArgs};
use crate::conflicts::{self, ConflictsQuery};
use crate::deliveries::{self, DeliveriesQuery, TransfersQuery};
use crate::export::{self, ExportArgs};
use crate::import::{self, OryxArgs, SipriArgs};
use crate::losses::{self, LossesQuery};
use crate::query::{self, HoldingsQuery, LotQuery, PipelineQuery, TimelineQuery};
use crate::record::{self, RecordArgs, RetractArgs};
use crate::ui::Outcome;

/// The command line with the help text only known at run time: the platform kinds (from
/// the library's enumeration, never written by hand), and `--supplier` hidden where it is
/// refused (holdings and losses: a lot's units and losses are not kept by supplier).
pub(crate) fn command() -> clap::Command {
    let names: Vec<String> = materiel::PlatformKind::iter()
        .map(|k| k.to_string())
        .collect();
    let kinds = match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    let fill = |c: clap::Command| match c.get_after_help().map(ToString::to_string) {
        Some(text) if text.contains("{KINDS}") => c.after_help(text.replace("{KINDS}", &kinds)),
        _ => c,
    };
    let no_supplier = |c: clap::Command| {
        if c.get_arguments().any(|a| a.get_id() == "supplier") {
            c.mut_arg("supplier", |a| a.hide(true))
        } else {
            c
        }
    };
    Cli::command()
        .mut_subcommand("losses", |c| no_supplier(fill(c)))
        .mut_subcommand("lot", fill)
        .mut_subcommand("holdings", no_supplier)
}

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
  --at DATE          as true on DATE (YYYY-MM-DD; YYYY or YYYY-MM: the period's last
                     day; default: after every entry)
  --known-at TIME    as known at TIME (RFC 3339, e.g. 2025-01-03T00:00:00Z; `now`; or
                     YYYY-MM-DD, YYYY-MM or YYYY: the period's last instant, UTC;
                     default: everything recorded)
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

Every line of a journal is read and checked, whatever its checkpoint (queries, which load the
checkpoint, read only the last line it covers and the lines after it); the report also says
whether the checkpoint fits. With --store, every stored entry is read and checked (sequence numbers, checksums, the
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
  echo '{\"holder\":\"VEN\",\"platform\":\"su-30mk2\",\"effective\":\"2025-11\",
         \"change\":{\"kind\":\"claimed\",\"quantity\":\"held\",\"count\":{\"value\":21}},
         \"source\":{\"citation\":\"news report\",\"grade\":\"C3\"}}' \\
      | materiel record --journal ledger.jsonl
  echo '{\"holder\":\"VEN\",\"platform\":\"su-30mk2\",\"effective\":\"2025-11\",
         \"change\":{\"kind\":\"resolved\",\"quantity\":\"held\",
                   \"decision\":{\"decision\":\"pick\",\"entry\":12}},
         \"source\":{\"citation\":\"desk review\",\"grade\":\"B2\"},
         \"note\":\"the reason, required\"}' | materiel record --journal ledger.jsonl

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
(requested, transferred, opening_unknown, claimed, resolved) are given as JSON. With flags,
standard input must be empty (or a terminal).

As JSON (without --change): the entry is the JSON form of materiel::NewEntry: holder,
platform (a catalog id, or {\"designation\": ..., \"kind\": ...} for uncatalogued equipment),
effective (2013, 2013-07 or 2013-07-15), change (with its kind), source (citation, grade,
optional url and reference), optional note, and recorded (RFC 3339; default: now).
A claim (a source's count, kept beside the lot's flows; `materiel conflicts` shows those that
disagree): \"change\":{\"kind\":\"claimed\",\"quantity\":Q,\"count\":{\"value\":N}} with Q
\"held\", \"delivered\", \"lost\" or {\"in_status\":\"stored\"}. A resolution of a conflict:
\"change\":{\"kind\":\"resolved\",\"quantity\":Q,\"decision\":D} with D
{\"decision\":\"pick\",\"entry\":ID} (a claim's entry id, from `materiel lot`),
{\"decision\":\"narrow\",\"lower\":21,\"upper\":22} or {\"decision\":\"keep_range\"}, and a
note giving the reason (required).

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
  materiel holdings VEN --journal ledger.jsonl --by category
  materiel holdings VEN --journal ledger.jsonl --by family --category combat_aircraft
  materiel holdings VEN --journal ledger.jsonl --origin RUS,SUN --by category

HOLDER is a holder id (VEN, nato) or a country name (Venezuela, Viet Nam, Turkiye).
Counts print their basis: ~8 about, >=8 at least, <=8 up to, e8 estimate.
In service = delivered (or the opening stock) minus the losses, retirements, expenditures and
transfers out a source recorded: attrition no source reported is not subtracted, and loss
lists (Oryx: visually confirmed losses) are lower bounds of the true losses, so a count can
overstate what is held. Once a lot is assessed (a source's absolute count), its count is the
latest assessment's, whatever its grade, moved by the flows recorded after it. The bounds
column (bounds_lower, bounds_upper, bounds_point in CSV and JSON Lines) gives a lot's least
and most units held wherever they say more than its count: a munition never assessed is 0..N
(its expenditure is unknown), a lot whose opening stock is unknown has no upper limit, and
claims and assessments that disagree widen them. The point is the best-graded support's figure
(or the resolution's); where the recorded flows are the only support, it is what they bring,
the count (a munition never assessed, 100 delivered: 0..100, point 100). A count set by an assessment that another
support (the flows, a claim, an earlier assessment) disagrees with is marked `*`, and a line
under the table names the assessment's source and grade and the bounds' point (CSV and JSON
Lines: disputed_assessment, the assessment's entry id, empty or null otherwise).
Rows are sorted by designation (case aside), then id, in tables, CSV and JSON Lines alike, so
two exports diff row by row; a designation or id longer than 40 characters is cut with an
ellipsis in tables (CSV and JSON Lines keep it whole). With --by (category, family or platform),
--category or --origin, the lots are summed by group (each lot in one group, so the groups add
up to the holdings), in the columns holder, GROUP, lots, in_service, in_service_basis and one
per status, then (CSV and JSON Lines) bounds_lower and bounds_upper. in_service_basis is the
weakest basis summed (exact, at_least, up_to, about, estimate), except at_least where the group
has no upper limit and its least is its count (>=92 and e9 are at least 101). A group's bounds
are the sums of its lots' (lower: the sum of lowers; upper: the sum of uppers, none if some lot
has none); the table shows them in a bounds column where some group's say more than its count.
A lot's units are not kept by supplier, so holdings take no supplier: --origin filters by the
catalog's country of origin, a code per design (SUN for Soviet-era designs, RUS for later
Russian ones: --origin RUS,SUN counts both as Russian-made, --origin RUS only the later ones).
Generic equipment has no origin, so any --origin leaves it out, as it leaves out catalog
platforms that give none. Ungrouped, --format csv and json have the columns of
materiel::export's HOLDINGS_COLUMNS (among them category, origin and family, the family root's
catalog id), then bounds_lower, bounds_upper, bounds_point and disputed_assessment.

Readiness is the share of units mission capable (operational or degraded). When every status
is known it is one figure (83%). When some are unknown it is a range, first: every unit of
unknown status down .. every one up (8%..100%); then, when at least half the statuses are
known, the rate over those (60%..80% (75% of known)), else how many are unknown
(8%..100% (24/26 unknown); 0%..100% (all unknown)): a rate over a few known units says
little. `materiel lot` spells it out. --format csv and json keep the columns readiness_rate
(over known statuses), readiness_lower and readiness_upper.

Captured equipment (a loss list's capture credited to the captor) counts in service, in
status unknown: the record says it was taken, not in what condition. When some lot captured
units, an \"of which captured\" column says how many of those in service were captured: a
range (3..95) where later losses may have been captured units or the holder's own; its
lower end is 0 once an assessment restated the counts, which does not say whose units it
counts (columns captured_held_lower, captured_held_upper).")]
    Holdings(HoldingsQuery),

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
generic:KIND:DESIGNATION (KIND: {KINDS}); a
designation several generic platforms share is refused with their list. With --format csv or json, the output is the entries behind the state,
in the columns of `materiel export entries` (rows byte for byte as it writes them) and the
bounds of the count held (bounds_lower, bounds_upper, bounds_point) and disputed_assessment
(as `materiel holdings`). A lot with no entry in
the view gives one row under the same columns: holder and platform filled, id and every
count empty, and the note column saying that nothing is recorded (not a count of 0) and
which of the holder's lots of the platform's family hold units.

In service is delivered (or opening) minus the removals recorded, or, once the lot is assessed,
the latest assessment's count (whatever its grade) moved by the flows recorded after it. Where
another support disagrees with that assessment, the count is marked `*` and the line under it
names the assessment's source and grade and the bounds' point.")]
    Lot(LotQuery),

    /// Open requests and orders of a holder.
    #[command(after_help = "\
Examples:
  materiel pipeline Venezuela --journal ledger.jsonl
  materiel pipeline VEN --journal ledger.jsonl --at 2007-12-31 --format json

Outstanding is what is still due, with the basis of the item's own count: 4, or >=4 (at
least 4) for an order known only as a lower bound, <=4 for an order of up to 4 with nothing
delivered yet, and \"not stated\" for a request without a count. SIPRI gives no number
ordered: the importer records a deal's deliveries summed as an order of at least N. Once
those are delivered, whether more are due is unknown: such orders are not listed as open
nor taken as complete, but counted in one line (\"92 orders with unknown numbers\");
--list-unknown lists them, their outstanding shown as unknown. --format csv and json give
every item, with the number (outstanding, empty when unknown), what it is (remainder: due,
unstated or unknown) and the order's basis (count_basis).")]
    Pipeline(PipelineQuery),

    /// A lot's history: its state at each date where it changed.
    #[command(after_help = "\
Examples:
  materiel timeline Venezuela Su-30MK2 --journal ledger.jsonl
  materiel timeline VEN su-30mk2 --journal ledger.jsonl --format csv > su30.csv
  materiel timeline VEN su-30mk2 --journal ledger.jsonl --svg su30.svg

With --svg FILE, the chart of the units in service by status over time (a step line per
status, a legend, and a caption saying which counts are estimates or bounds: a lower bound
>=N is drawn at N) is also written to FILE, atomically (nothing is left at FILE on error).
The chart states its view with dates (\"counts to\" the axis's end, as known at the latest
recorded time of the entries drawn when --known-at is not given, so the same journal gives the
same chart) and a source line listing every citation behind the lot, each with the last day its
data covers; its time axis runs to the query's date (--at, or today), ticked on 1 January of
round years (or months).
Where every source's data ends before the axis does, the days after it are shaded and
labelled \"no data after\" that day. Where claims or assessments disagree about the count
held, the range their figures allow (the bounds `lot` shows) is drawn as a shaded band behind
the line, and the caption says the line is the ledger's reckoning, not the only figure.")]
    Timeline(TimelineQuery),

    /// Losses by holder x platform x cause per month (from loss lists such as Oryx's).
    #[command(after_help = "\
Examples:
  materiel losses --journal ua.jsonl
  materiel losses Russia --journal ua.jsonl --at 2022-12-31
  materiel losses UKR --journal ua.jsonl --min-grade B2 --format csv > ukr-losses.csv
  materiel losses RUS --journal ua.jsonl --by category --per month
  materiel losses RUS --journal ua.jsonl --svg rus-losses.svg

HOLDER (an id such as RUS, or a country name such as Ukraine) keeps only that holder's losses;
without it, every holder's. One row per holder, platform, cause and month, ordered by holder
then month. The month is that of the loss's effective date: for a loss list's on-or-before
date (<=2022-03-19), the month it was listed by. A capture is shown once, as the loser's loss
(cause `captured by UKR`).

With --by (category, family or platform), --category, --since, --until or --per (month or
year), the losses are summed by that group and period instead (every cause together), in the
columns holder, GROUP, period, units, units_basis; without --by the group is the platform
(`--category tank --per month` gives a row per tank model and month: add --by category for
one row per month).

What had Oryx listed by a day D is `--at D` (losses dated on or before D), not
`--known-at D`: an Oryx import is recorded once, when it is made (by default 00:00 UTC the
day after its latest listing), so as known before that it holds nothing.

With --svg FILE, a chart of the units lost per month (under the same filters) is also
written to FILE: bars of every category summed (\"all categories\" in its title), or with --by
one colour per group, stacked, named in the legend (the 6 groups with the most units, the rest
summed as \"other\"). Its time axis runs to the query's end: --until (or --at, the earlier of
the two), else the last day the sources cover (pass a later --until to extend it; the days
after the sources' data are then shaded and labelled \"no data after\" that day). Where a loss
list was not written to for 14 days or more (Oryx's scrapes pause: 2024-03-03 to 2024-04-08),
the days are shaded, the months they touch drawn hatched and lighter, and a note lists each
gap: those bars count what was listed, not what was lost; Oryx's first listing (2022-03-19),
which holds the losses since 2022-02-24, is marked the same way. It states its view (as known
at --known-at, or at the latest recorded time of the losses drawn: the same journal gives the
same chart) and a source line with each source's last day covered (\"Oryx's lists as of
2025-07-19\").

Columns of --format csv and json (JSON Lines, every column a key, null where it does not
apply):
  holder           the holder id whose equipment was lost (RUS)
  platform         the catalog platform id, or the designation of generic equipment
  platform_generic true for generic (uncatalogued) equipment, false for a catalog platform
  platform_label   the catalog designation, or the generic designation
  platform_kind    {KINDS} (empty if unknown)
  cause            destroyed, damaged, abandoned or captured
  captor           for captured: the captor's holder id, when known; empty otherwise
  month            the month, YYYY-MM
  count            the number of units lost
  count_basis      exact, at_least, up_to, about or estimate (the weakest of those summed)
  category         the platform's category (tank, ...; for generic equipment the one its
                   importer gave it: Oryx's \"Unknown tank\" is a tank); empty if none,
                   which --by category calls `uncategorised` (in pandas, group with
                   dropna=False or fillna(\"uncategorised\") so that those rows count)
  origin           the catalog's country of origin (RUS; SUN for Soviet-era designs); empty
                   for generic equipment and where the catalog gives none
  family           the catalog id of the platform's family root; empty for generic equipment

pandas reads the text NA (an Oryx system named NA) as missing, quoted or not: read with
pd.read_csv(path, keep_default_na=False, na_values=[\"\"]) (only empty cells missing).")]
    Losses(LossesQuery),

    /// Open disagreements between sources: claims, assessments and recorded flows that
    /// cannot all be right.
    #[command(after_help = "\
Examples:
  materiel conflicts --journal ledger.jsonl
  materiel conflicts Venezuela --journal ledger.jsonl --at 2025-12-31 --format csv

HOLDER (an id or a country name) keeps only that holder's lots. A conflict is a quantity of a
lot (units held, in a status, delivered, lost) whose figures cannot all be right: the recorded
flows (deliveries less losses...), each assessment and each claim, every one carried to the
view's date by the flows since its own. The bounds are the least and the most any of them
allows (.. : no upper limit); the point is the best-graded figure, the latest among equals.
A resolution (a `resolved` entry, recorded as JSON with `materiel record`: see its --help)
closes a conflict from its recorded time; --known-at before it shows it open. Widest first.
--format csv and json give one row per figure.")]
    Conflicts(ConflictsQuery),

    /// Deliveries to a holder (or to every holder) by platform, family, category or supplier.
    #[command(after_help = "\
Examples:
  materiel deliveries India --journal sipri.jsonl --by supplier
  materiel deliveries IND --journal sipri.jsonl --supplier RUS --by category --per year
  materiel deliveries VEN --journal sipri.jsonl --category combat_aircraft --since 2000 --until 2010
  materiel deliveries IND --journal sipri.jsonl --by family --format csv > ind.csv
  materiel deliveries --journal sipri.jsonl --by supplier --since 2020 --sort tiv --top 10
  materiel deliveries India --journal sipri.jsonl --by supplier --per year --since 2015 --share

One row per recipient, group (--by, default platform), supplier (unless --by supplier) and
period (--per month or year; without it, the whole period), sorted by recipient, group,
supplier, then period; --sort units|tiv puts the largest rows first instead (rows of the
same size in that order), and --top N keeps the N largest (by --sort, by TIV without it),
then one row, `all others` in its group column, summing every other row, so the column sums
and the heading's totals are the whole answer's. --share adds each row's share of its
recipient's units and TIV in its period (units_share, tiv_share: fractions in CSV and JSON,
percentages in tables), orders rows by recipient then period, and closes each period of a
table with a `total` row (CSV and JSON have no total rows: they are the sums of their
period's rows). units sums the delivered counts (units_basis: the weakest basis summed:
exact, at_least, up_to, about, estimate); tiv sums SIPRI's trend-indicator value of each
delivery (`TIV delivery values`, millions), which only SIPRI imports carry. A family is the
catalog's family root (the Su-30MK2 counts under the Su-27 family, once). --since and
--until compare the first day of each delivery's date (a SIPRI delivery year: 1 January).
When the ledger holds SIPRI data, a table's heading says which years it covers (the export's
date, the years its title states, its last delivery year: later years have no data); CSV and
JSON Lines print that line on standard error.")]
    Deliveries(DeliveriesQuery),

    /// The world view: supplier x recipient flows in units and SIPRI TIV over a period.
    #[command(after_help = "\
Examples:
  materiel transfers --journal sipri.jsonl
  materiel transfers --journal sipri.jsonl --since 2015 --until 2024 --category combat_aircraft
  materiel transfers --journal sipri.jsonl --supplier RUS --per year --format csv > rus.csv
  materiel transfers --journal sipri.jsonl --recipient India --format json
  materiel transfers --journal sipri.jsonl --since 2020 --until 2024 --top 10

One row per supplier, recipient and period (--per month or year), sorted by supplier then
recipient, or with --sort units|tiv largest first (flows of the same size in that order);
--top N keeps the N largest (by --sort, by TIV without it), then one row, `all others` in
its supplier column, summing every other flow, so the column sums and the heading's totals
are the whole answer's (with --per, a row is a flow in one period). Each row: the units delivered (units_basis: the weakest basis summed) and their SIPRI TIV
(millions, the sum of each delivery's `TIV delivery values`; deliveries recorded without one
add none, and the heading says how many). Over a whole SIPRI import these are SIPRI's own
per-pair totals of units delivered and TIV of delivered weapons. A table's heading says which
years the SIPRI data covers (its last delivery year: later years have no data); CSV and JSON
Lines print that line on standard error.")]
    Transfers(TransfersQuery),

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
With -o, the table goes to a temporary file renamed into place once complete.

pandas reads the text NA (an Oryx system named NA) as missing, quoted or not: read with
pd.read_csv(path, keep_default_na=False, na_values=[\"\"]) (only empty cells missing).")]
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
longer count (a known upstream excess: scarnecchia/oryx_data issue #3); a negative one, items the headline counts that the files do not hold (an
excerpt or subset of the files, or a totals file newer than them).")]
    Oryx(OryxArgs),

    /// Import a baseline table of counts held (your own, say from the Military Balance) as
    /// claims.
    #[command(after_help = "\
Examples:
  materiel import baseline tests/data/baseline-example.csv --journal ledger.jsonl
  materiel import baseline mb-2025.csv --journal ledger.jsonl --strict

The file is CSV with the header holder,platform,date,count,qualifier,source,grade (and
optionally note); lines starting with # are comments. holder: a state or organisation
(VEN, Venezuela); platform: a catalog id, designation or alias; date: what the count speaks of
(YYYY, YYYY-MM or YYYY-MM-DD; the Military Balance assesses as of November of the year before
its edition); count: units held (empty only with `some`); qualifier, in the Military
Balance's words: empty or exact, at least, up to, about, estimated (or ε), some; source: the
citation; grade: the Admiralty grade you give it (B2). Each row becomes one claim of the
count held, beside the ledger's other sources (see `materiel conflicts`); a claim with an
upper limit closes the unknown opening stock of a lot SIPRI's window leaves open, in the
lot's bounds (materiel::Ledger::bounds, Python's `bounds`, `materiel conflicts`). A claim
moves no count: `holdings`, `lot` and `timeline` still show the recorded flows (`>=92`).

Every claim is recorded now, or at --recorded TIME. Lenient (the default): bad rows are
reported (line and column) and skipped. --strict: the first bad row stops the import,
nothing is written, and the exit status is 3. The crate bundles no Military Balance data:
tests/data/baseline-example.csv holds illustrative values only.")]
    Baseline(BaselineArgs),
}

impl Command {
    /// Runs the command.
    pub(crate) fn run(self) -> anyhow::Result<Outcome> {
        match self {
            Self::Init(a) => admin::init(&a),
            Self::Verify(a) => admin::verify(&a),
            Self::Checkpoint(a) => admin::checkpoint(&a),
            Self::Copy(a) => admin::copy(&a),
            Self::Import(Import::Sipri(a)) => import::import_sipri(&a),
            Self::Import(Import::Oryx(a)) => import::import_oryx(&a),
            Self::Import(Import::Baseline(a)) => crate::baseline::import_baseline(&a),
            Self::Record(a) => record::record(&a),
            Self::Retract(a) => record::retract(&a),
            Self::Reresolve(a) => crate::reresolve::reresolve(&a),
            Self::Holdings(a) => query::holdings(&a),
            Self::Lot(a) => query::lot(&a),
            Self::Pipeline(a) => query::pipeline(&a),
            Self::Timeline(a) => query::timeline(&a),
            Self::Losses(a) => losses::losses(&a),
            Self::Conflicts(a) => conflicts::conflicts(&a),
            Self::Deliveries(a) => deliveries::deliveries(&a),
            Self::Transfers(a) => deliveries::transfers(&a),
            Self::Export(a) => export::export(&a),
            Self::Catalog(a) => catalog::catalog(&a),
        }
    }
}
