//! `materiel record` (one entry, as flags or JSON) and `materiel retract`.

use std::io::{IsTerminal, Read};

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use materiel::jiff::Timestamp;
use materiel::ledger::{Condition, EffectiveDate, LossCause};
use materiel::{Change, Count, EntryId, Grade, Ledger, NewEntry, Source, Status};

use crate::args::{
    self, parse_breakdown, parse_condition, parse_count, parse_effective, parse_grade, parse_status,
};
use crate::flags::WriteTarget;
use crate::store::Target;
use crate::ui::{Outcome, UsageError, say};

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
    /// The entry's recorded time (RFC 3339, or `now`); default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_recorded_time, requires = "change")]
    pub(crate) recorded: Option<RecordedTime>,
}

/// `--recorded` of `record` and `retract`: a time, or `now` (as the imports take it).
#[derive(Clone, Copy, Debug)]
pub(crate) struct RecordedTime(Option<Timestamp>);

/// `now`, or an RFC 3339 time.
fn parse_recorded_time(text: &str) -> Result<RecordedTime, String> {
    if text.trim().eq_ignore_ascii_case("now") {
        return Ok(RecordedTime(None));
    }
    args::parse_recorded(text).map(|t| RecordedTime(Some(t)))
}

/// The recorded time `--recorded` gives (now without one, or with `now`), and whether it is
/// stamped now (then a shared store's later entry moves it on, `Writer::append_stamped`).
fn recorded_time(flag: Option<RecordedTime>) -> (Timestamp, bool) {
    match flag.and_then(|r| r.0) {
        Some(t) => (t, false),
        None => (Timestamp::now(), true),
    }
}

/// A refusal of a recorded time older than the ledger's latest entry, saying what to do (as
/// an import's does); any other error as it is.
fn out_of_order(e: anyhow::Error, what: &str, how: &str) -> anyhow::Error {
    let refusal = e
        .downcast_ref::<materiel::store::StoreError>()
        .and_then(materiel::store::StoreError::refusal);
    match refusal {
        Some(materiel::LedgerError::RecordedOutOfOrder { recorded, latest }) => anyhow::anyhow!(
            "{what} (nothing written): it would be recorded at {recorded}, before the ledger's \
             latest entry, recorded at {latest} (transaction time only goes forwards); {how}"
        ),
        _ => e.context(what.to_owned()),
    }
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
    /// The retraction's recorded time (RFC 3339, or `now`); default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_recorded_time)]
    pub(crate) recorded: Option<RecordedTime>,
}

/// `materiel record`.
pub(crate) fn record(args: &RecordArgs) -> Result<Outcome> {
    let text = read_stdin(args.flags.change.is_some())?;
    let mut journal = Target::of_writer(&args.target)?.open_writer()?;
    let entry = match args.flags.change {
        Some(kind) => {
            if !text.trim().is_empty() {
                return Err(UsageError(
                    "the entry is given both as flags (--change) and as JSON on standard \
                     input: give one of them"
                        .to_owned(),
                )
                .into());
            }
            (
                entry_from_flags(&args.flags, kind, journal.ledger(), args.new_holder)?,
                recorded_time(args.flags.recorded).1,
                "give a later --recorded TIME, or leave --recorded out (or give --recorded \
                 now) to record it now",
            )
        }
        None => {
            let (entry, stamped_now) = entry_from_json(text)?;
            check_json_holders(&entry, journal.ledger(), args.new_holder)?;
            (
                entry,
                stamped_now,
                "give a later \"recorded\" time, or leave \"recorded\" out to record it now",
            )
        }
    };
    let (entry, stamped_now, how) = entry;
    let id = journal
        .append_stamped(entry, stamped_now)
        .map_err(|e| out_of_order(e, "entry not recorded", how))?;
    journal.sync()?;
    say!("recorded entry {}", id.get());
    Ok(Outcome::Ok)
}
/// Standard input, read to its end; with `flags`, only when it is not a terminal (flags take
/// no input: whatever is piped in is checked to be empty).
fn read_stdin(flags: bool) -> Result<String> {
    let mut text = String::new();
    let stdin = std::io::stdin();
    if flags && stdin.is_terminal() {
        return Ok(text);
    }
    stdin
        .lock()
        .read_to_string(&mut text)
        .context("cannot read the entry from standard input")?;
    Ok(text)
}
/// The entry given as JSON (`recorded` defaults to now), and whether it was stamped now.
fn entry_from_json(text: String) -> Result<(NewEntry, bool)> {
    let mut value: serde_json::Value =
        serde_json::from_str(&text).context("standard input is not one JSON entry")?;
    let Some(object) = value.as_object_mut() else {
        bail!("standard input is not one JSON entry: expected an object");
    };
    let stamped_now = !object.contains_key("recorded");
    object
        .entry("recorded")
        .or_insert_with(|| serde_json::Value::String(Timestamp::now().to_string()));
    let entry = serde_json::from_value(value).map_err(|e| {
        anyhow::anyhow!(
            "standard input is not a valid entry: {}",
            json_hint(&e.to_string())
        )
    })?;
    Ok((entry, stamped_now))
}
/// A serde message about the JSON form of an entry with the library's internal wire type
/// names replaced by the form expected (`expected struct CountWire` -> `expected a count such
/// as {"value":2}...`).
fn json_hint(message: &str) -> String {
    const FORMS: [(&str, &str); 4] = [
        (
            "struct CountWire",
            "a count such as {\"value\":2} or {\"value\":2,\"basis\":\"at_least\"} (basis: \
             exact, at_least, up_to, about, estimate; the flag form takes --count 2 or \
             --count >=2)",
        ),
        (
            "struct LossCauseWire",
            "a cause such as {\"cause\":\"destroyed\"} or {\"cause\":\"captured\",\"by\":\"UKR\"}",
        ),
        (
            "struct SourceWire",
            "a source such as {\"citation\":\"news report\",\"grade\":\"C3\"}",
        ),
        (
            "struct GenericPlatformWire",
            "a platform id such as \"su-30mk2\" or {\"designation\":\"Mi-17\",\"kind\":\"aircraft\"}",
        ),
    ];
    FORMS
        .iter()
        .fold(message.to_owned(), |m, (wire, form)| m.replace(wire, form))
}
/// Refuses a holder, supplier, recipient or captor of an entry given as JSON that neither the
/// name table nor the ledger knows, unless `new` (`--new-holder`).
fn check_json_holders(entry: &NewEntry, ledger: &Ledger, new: bool) -> Result<()> {
    args::known_holder(ledger, entry.holder(), new, "holder")?;
    if let Some(s) = entry.change().supplier() {
        args::known_holder(ledger, s, new, "supplier")?;
    }
    match entry.change() {
        Change::Transferred { to, .. } => args::known_holder(ledger, to, new, "to")?,
        Change::Lost {
            cause: LossCause::Captured { by: Some(by) },
            ..
        } => args::known_holder(ledger, by, new, "by")?,
        _ => {}
    }
    Ok(())
}
/// The entry given as flags, for a change of `kind`. Clap has checked the flags every entry
/// and each kind require; this refuses those the kind does not take.
fn entry_from_flags(
    f: &EntryFlags,
    kind: ChangeKind,
    ledger: &Ledger,
    new: bool,
) -> Result<NewEntry> {
    let given: [(&str, bool); 8] = [
        ("--count", f.count.is_some()),
        ("--status", f.status.is_some()),
        ("--from", f.from.is_some()),
        ("--breakdown", !f.breakdown.is_empty()),
        ("--cause", f.cause.is_some()),
        ("--by", f.by.is_some()),
        ("--supplier", f.supplier.is_some()),
        ("--condition", f.condition.is_some()),
    ];
    let takes: &[&str] = match kind {
        ChangeKind::Ordered => &["--count", "--supplier", "--condition"],
        ChangeKind::Delivered => &["--count", "--status", "--supplier", "--condition"],
        ChangeKind::Status => &["--count", "--status", "--from"],
        ChangeKind::Assessed => &["--breakdown"],
        ChangeKind::Observed => &["--count", "--status"],
        ChangeKind::Lost => &["--count", "--from", "--cause", "--by"],
        ChangeKind::Retired | ChangeKind::Expended => &["--count", "--from"],
    };
    let name = kind
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_owned());
    if let Some((flag, _)) = given.iter().find(|(flag, g)| *g && !takes.contains(flag)) {
        return Err(UsageError(format!(
            "{flag} does not apply to --change {name} (it takes {})",
            takes.join(", ")
        ))
        .into());
    }
    // Clap requires these for the kinds that use them; a missing one here is a usage error
    // all the same.
    let need = |flag: &str| UsageError(format!("--change {name} needs {flag}"));
    let count = || f.count.ok_or_else(|| need("--count"));
    let from = || f.from.ok_or_else(|| need("--from"));
    let supplier = f
        .supplier
        .as_deref()
        .map(|s| args::new_holder(ledger, s, new, "--supplier"))
        .transpose()?;
    let condition = f.condition.unwrap_or_default();
    let change = match kind {
        ChangeKind::Ordered => Change::Ordered {
            count: count()?,
            supplier,
            condition,
        },
        ChangeKind::Delivered => Change::Delivered {
            count: count()?,
            into: f.status.unwrap_or(Status::Unknown),
            supplier,
            condition,
        },
        ChangeKind::Status => Change::StatusChanged {
            from: from()?,
            to: f.status.ok_or_else(|| need("--status"))?,
            count: count()?,
        },
        ChangeKind::Assessed => Change::Assessed {
            breakdown: f.breakdown.clone(),
        },
        ChangeKind::Observed => Change::Observed {
            count: f.count,
            status: f.status,
        },
        ChangeKind::Lost => {
            let cause = match f.cause.ok_or_else(|| need("--cause"))? {
                CauseArg::Destroyed => LossCause::Destroyed,
                CauseArg::Damaged => LossCause::Damaged,
                CauseArg::Abandoned => LossCause::Abandoned,
                CauseArg::Captured => LossCause::Captured {
                    by: f
                        .by
                        .as_deref()
                        .map(|s| args::new_holder(ledger, s, new, "--by"))
                        .transpose()?,
                },
            };
            if f.by.is_some() && !matches!(cause, LossCause::Captured { .. }) {
                return Err(UsageError("--by applies only to --cause captured".to_owned()).into());
            }
            Change::Lost {
                count: count()?,
                from: from()?,
                cause,
            }
        }
        ChangeKind::Retired => Change::Retired {
            count: count()?,
            from: from()?,
        },
        ChangeKind::Expended => Change::Expended {
            count: count()?,
            from: from()?,
        },
    };
    let holder = args::new_holder(
        ledger,
        f.holder.as_deref().unwrap_or_default(),
        new,
        "--holder",
    )?;
    let platform = args::platform(ledger, f.platform.as_deref().unwrap_or_default())?;
    let effective = f.date.ok_or_else(|| need("--date"))?;
    let grade = f.grade.ok_or_else(|| need("--grade"))?;
    let mut source = Source::new(f.source.as_deref().unwrap_or_default(), grade)
        .map_err(|e| UsageError(format!("--source: {e}")))?;
    if let Some(url) = &f.url {
        source = source.with_url(url.as_str());
    }
    if let Some(reference) = &f.reference {
        source = source.with_reference(reference.as_str());
    }
    let (recorded, _) = recorded_time(f.recorded);
    let entry = NewEntry::new(holder, platform, effective, change, source, recorded);
    Ok(match &f.note {
        Some(note) => entry.with_note(note.as_str()),
        None => entry,
    })
}
/// `materiel retract`.
pub(crate) fn retract(args: &RetractArgs) -> Result<Outcome> {
    let source = Source::new(args.citation.as_str(), args.grade)
        .map_err(|e| UsageError(format!("--citation: {e}")))?;
    let mut journal = Target::of_writer(&args.target)?.open_writer()?;
    let (recorded, stamped_now) = recorded_time(args.recorded);
    let id = journal
        .retract_stamped(
            EntryId::new(args.id),
            &source,
            recorded,
            stamped_now,
            Some(&args.why),
        )
        .map_err(|e| {
            out_of_order(
                e,
                &format!("entry {} not retracted", args.id),
                "give a later --recorded TIME, or leave --recorded out (or give --recorded \
                 now) to record it now",
            )
        })?;
    journal.sync()?;
    say!("recorded retraction {} of entry {}", id.get(), args.id);
    Ok(Outcome::Ok)
}
