//! `materiel reresolve`: moves the entries a ledger recorded against generic platforms onto the
//! catalog platforms its catalog now resolves them to, as one batch of copies and
//! retractions (the library's `Ledger::reresolve_plan`); nothing is rewritten in place.

use anyhow::{Context, Result};
use clap::Args;
use materiel::Source;
use materiel::jiff::Timestamp;

use crate::args::{parse_grade, parse_timestamp};
use crate::flags::WriteTarget;
use crate::output::plural;
use crate::store::Target;
use crate::ui::{Outcome, UsageError, say};

/// The arguments of `materiel reresolve`.
#[derive(Debug, Args)]
pub(crate) struct ReresolveArgs {
    #[command(flatten)]
    pub(crate) target: WriteTarget,
    /// Print what would move, and write nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// The grade of the retractions' source.
    #[arg(long, value_name = "GRADE", value_parser = parse_grade, default_value = "B2")]
    pub(crate) grade: materiel::Grade,
    /// The retractions' source.
    #[arg(
        long,
        value_name = "CITATION",
        default_value = "re-resolved against the catalog"
    )]
    pub(crate) citation: String,
    /// The recorded time of the copies and retractions (RFC 3339); default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_timestamp)]
    pub(crate) recorded: Option<Timestamp>,
}

/// The command's long help.
pub(crate) const AFTER_HELP: &str = "\
Examples:
  materiel reresolve --journal ua.jsonl --dry-run
  materiel reresolve --journal ua.jsonl
  MATERIEL_STORE=postgres://analyst@db/osint materiel reresolve --citation \"catalog 0.2\"

A journal recorded when the catalog did not know a name holds that name as a generic platform.
Once the catalog knows it (a newer materiel, or a catalog of your own), reresolve copies each
of those entries onto the catalog platform and retracts the original, all in one batch
recorded now (or at --recorded): the current view has one lot per platform, beside what other
sources recorded against it, and a view as known before still gives the old answer. Prints
each name moved and its platform. A batch the ledger refuses (a recorded time before its
latest entry, losses a baseline there cannot take) writes nothing.";

/// Runs `materiel reresolve`.
pub(crate) fn reresolve(args: &ReresolveArgs) -> Result<Outcome> {
    let source = Source::new(args.citation.as_str(), args.grade)
        .map_err(|e| UsageError(format!("--citation: {e}")))?;
    let target = Target::of_writer(&args.target)?;
    let mut writer = target.open_writer()?;
    let recorded = args.recorded.unwrap_or_else(Timestamp::now);
    let plan = writer.ledger().reresolve_plan(&source, recorded)?;
    if plan.is_empty() {
        say!("nothing to re-resolve: no generic platform in {target} resolves in its catalog");
        return Ok(Outcome::Ok);
    }
    for (generic, id, n) in &plan.moved {
        say!(
            "{} -> {id}: {}",
            generic.designation(),
            plural(*n, "entry", "entries")
        );
    }
    let copies: u64 = plan.moved.iter().map(|(.., n)| n).sum();
    if args.dry_run {
        say!(
            "dry run: {} would move; nothing written",
            plural(copies, "entry", "entries")
        );
        return Ok(Outcome::Ok);
    }
    let ids = writer
        .extend(plan.entries)
        .with_context(|| format!("re-resolution refused; nothing written to {target}"))?;
    writer.sync()?;
    say!(
        "appended {} (#{}..#{}) to {target}: {copies} copies against catalog platforms, {copies} retractions",
        plural(ids.end - ids.start, "entry", "entries"),
        ids.start,
        ids.end.saturating_sub(1)
    );
    Ok(Outcome::Ok)
}
