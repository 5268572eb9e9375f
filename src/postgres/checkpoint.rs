//! Checkpoints in the database: the replica's tables (the body of a journal checkpoint,
//! `Ledger::encode_checkpoint`) in the `checkpoints` table, each tied to the entries it covers,
//! so that [`PgStore::open`](super::PgStore::open) reads only the entries after it.
//!
//! A checkpoint is a pure function of the prefix of entries it covers, and stored entries are
//! append-only, so a checkpoint stays valid as long as its schema holds the same entries.
//! ARCHITECTURE.md ("PostgreSQL store") explains the tie.

use std::sync::Arc;

use postgres::Client;

use super::PgError;
use crate::catalog::Catalog;
use crate::codec::{self, CHECKPOINT_VERSION};
use crate::ledger::{EntryId, Ledger};

/// How many checkpoints are kept: storing one deletes all but the newest this many.
const KEPT: i64 = 3;

/// What [`PgStore::open`](super::PgStore::open) did with the checkpoints stored in the
/// database ([`PgStore::checkpoint_status`](super::PgStore::checkpoint_status)).
///
/// The journal's [`CheckpointStatus`](crate::journal::CheckpointStatus) names a file; a
/// database keeps several checkpoints, named by the number of entries each covers.
///
/// # Example
///
/// ```
/// use materiel::postgres::PgCheckpointStatus;
///
/// let status = PgCheckpointStatus::Absent;
/// assert_eq!(status.loaded(), None);
/// assert!(status.ignored().is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PgCheckpointStatus {
    /// No checkpoint was used and none was ignored: none is stored, checkpoints were not
    /// consulted ([`PgOptions::load_checkpoints`](super::PgOptions::load_checkpoints)), or
    /// the store was created rather than opened. Every entry was read.
    Absent,
    /// The checkpoint covering the first `entries` entries was loaded, and only the entries
    /// after it were read.
    Loaded {
        /// The entries it covers.
        entries: u64,
        /// Newer checkpoints ignored before it, newest first.
        ignored: Vec<IgnoredCheckpoint>,
    },
    /// Every stored checkpoint was ignored, and every entry read.
    Ignored {
        /// The checkpoints, newest first, each with its reason.
        ignored: Vec<IgnoredCheckpoint>,
    },
}

/// A stored checkpoint that opening ignored, and why: it failed its checksum, is of another
/// format version, or does not match the stored entries (written for another ledger, or
/// covering entries this ledger does not have).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IgnoredCheckpoint {
    /// The entries the checkpoint says it covers (its key in the `checkpoints` table).
    pub entries: u64,
    /// Why it was ignored.
    pub reason: String,
}

impl std::fmt::Display for IgnoredCheckpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "checkpoint of {} entries ignored: {}",
            self.entries, self.reason
        )
    }
}

impl PgCheckpointStatus {
    /// The entries covered by the checkpoint loaded, if one was.
    pub fn loaded(&self) -> Option<u64> {
        match self {
            Self::Loaded { entries, .. } => Some(*entries),
            Self::Absent | Self::Ignored { .. } => None,
        }
    }

    /// The checkpoints ignored (warnings to show), newest first.
    pub fn ignored(&self) -> &[IgnoredCheckpoint] {
        match self {
            Self::Loaded { ignored, .. } | Self::Ignored { ignored } => ignored,
            Self::Absent => &[],
        }
    }
}

fn db(schema: &str, op: &'static str) -> impl Fn(postgres::Error) -> PgError {
    move |source| PgError::Db {
        schema: schema.to_owned(),
        op,
        source,
    }
}

/// The stored line of entry `seq`, if there is one.
fn line_at(
    client: &mut Client,
    schema: &str,
    quoted: &str,
    seq: u64,
    op: &'static str,
) -> Result<Option<String>, PgError> {
    let seq = seq as i64;
    let row = client
        .query_opt(
            &format!("SELECT line FROM {quoted}.entries WHERE seq = $1"),
            &[&seq],
        )
        .map_err(db(schema, op))?;
    row.map(|r| r.try_get(0))
        .transpose()
        .map_err(db(schema, op))
}

/// Loads the newest stored checkpoint that is intact and matches the stored entries, as a
/// ledger over `catalog`; the status says which, and why newer ones were ignored.
pub(super) fn load(
    client: &mut Client,
    schema: &str,
    quoted: &str,
    catalog: &Catalog,
) -> Result<(Option<Ledger>, PgCheckpointStatus), PgError> {
    const OP: &str = "load checkpoint";
    let err = db(schema, OP);
    let candidates = client
        .query(
            &format!(
                "SELECT c.entries, c.format_version, c.last_line_crc, c.body_crc,
                        c.ledger_created = m.created_at
                 FROM {quoted}.checkpoints c CROSS JOIN {quoted}.meta m
                 ORDER BY c.entries DESC"
            ),
            &[],
        )
        .map_err(&err)?;
    let mut ignored = Vec::new();
    for row in candidates {
        let entries: i64 = row.try_get(0).map_err(&err)?;
        let version: i32 = row.try_get(1).map_err(&err)?;
        let line_crc: i64 = row.try_get(2).map_err(&err)?;
        let body_crc: i64 = row.try_get(3).map_err(&err)?;
        let same_ledger: bool = row.try_get(4).map_err(&err)?;
        let entries = entries as u64;
        match candidate(
            client,
            schema,
            quoted,
            catalog,
            entries,
            version,
            line_crc,
            body_crc,
            same_ledger,
        )? {
            Ok(ledger) => {
                return Ok((
                    Some(ledger),
                    PgCheckpointStatus::Loaded { entries, ignored },
                ));
            }
            Err(reason) => ignored.push(IgnoredCheckpoint { entries, reason }),
        }
    }
    let status = if ignored.is_empty() {
        PgCheckpointStatus::Absent
    } else {
        PgCheckpointStatus::Ignored { ignored }
    };
    Ok((None, status))
}

/// One stored checkpoint, checked: `Ok(Err(reason))` when it does not fit.
#[allow(clippy::too_many_arguments)]
fn candidate(
    client: &mut Client,
    schema: &str,
    quoted: &str,
    catalog: &Catalog,
    entries: u64,
    version: i32,
    line_crc: i64,
    body_crc: i64,
    same_ledger: bool,
) -> Result<Result<Ledger, String>, PgError> {
    const OP: &str = "load checkpoint";
    // Version 5 is version 6 without the holder slices: its body loads as it is.
    if i64::from(version) != i64::from(CHECKPOINT_VERSION) && version != 5 {
        return Ok(Err(format!(
            "format version {version}, this build reads versions 5 and {CHECKPOINT_VERSION}"
        )));
    }
    if !same_ledger {
        return Ok(Err(
            "written for another ledger (its ledger creation time is not this one's: copied from another schema?)"
                .to_owned(),
        ));
    }
    let last = entries - 1;
    let Some(line) = line_at(client, schema, quoted, last, OP)? else {
        return Ok(Err(format!(
            "covers {entries} entries, but the store has no entry seq {last}"
        )));
    };
    let found = i64::from(crc32c::crc32c(line.as_bytes()));
    if found != line_crc {
        return Ok(Err(format!(
            "entry seq {last} is not the one it was written for (line CRC-32C {found:08x}, checkpoint says {line_crc:08x})"
        )));
    }
    let body: Option<Vec<u8>> = client
        .query_opt(
            &format!("SELECT body FROM {quoted}.checkpoints WHERE entries = $1"),
            &[&(entries as i64)],
        )
        .map_err(db(schema, OP))?
        .map(|r| r.try_get(0))
        .transpose()
        .map_err(db(schema, OP))?;
    let Some(body) = body else {
        return Ok(Err("deleted while the store was opening".to_owned()));
    };
    let computed = i64::from(crc32c::crc32c(&body));
    if computed != body_crc {
        return Ok(Err(format!(
            "body checksum mismatch: stored {body_crc:08x}, body has {computed:08x}"
        )));
    }
    let len = body.len();
    let ledger = match Ledger::decode_checkpoint(catalog.clone(), &Arc::new(body), 0..len, None) {
        Ok(ledger) => ledger,
        Err(e) => return Ok(Err(format!("invalid content: {e}"))),
    };
    if ledger.len() as u64 != entries {
        return Ok(Err(format!(
            "holds {} entries, but is keyed as covering {entries}",
            ledger.len()
        )));
    }
    // The last covered entry, as stored, must be the checkpoint's last entry.
    let stored = codec::decode_entry_line(line.as_bytes());
    if stored.ok() != ledger.get(EntryId::new(last)) {
        return Ok(Err(format!(
            "its last entry differs from the stored entry seq {last}"
        )));
    }
    Ok(Ok(ledger))
}

/// Stores the checkpoint of `ledger` (a replica of the stored prefix of its length), unless
/// one covering the same entries is there already; keeps the newest few. Returns the entries
/// covered (0, storing nothing, for an empty ledger).
pub(super) fn store(
    client: &mut Client,
    schema: &str,
    quoted: &str,
    writer: &str,
    ledger: &Ledger,
) -> Result<u64, PgError> {
    const OP: &str = "store checkpoint";
    let entries = ledger.len() as u64;
    if entries == 0 {
        return Ok(0);
    }
    let last = entries - 1;
    let Some(line) = line_at(client, schema, quoted, last, OP)? else {
        // The replica holds entries the database does not: only by tampering.
        return Err(PgError::Sequence {
            schema: schema.to_owned(),
            expected: last,
            found: -1,
        });
    };
    let line_crc = i64::from(crc32c::crc32c(line.as_bytes()));
    let mut body = Vec::with_capacity(32 * ledger.len());
    // Only facts loaded from a journal checkpoint's file can be unreadable; a store's
    // replica reads its facts from rows and checkpoints in memory.
    ledger
        .encode_checkpoint(&mut body)
        .map_err(|reason| PgError::Corrupt {
            schema: schema.to_owned(),
            seq: last,
            reason,
        })?;
    let body_crc = i64::from(crc32c::crc32c(&body));
    let version = CHECKPOINT_VERSION as i32;
    let n = entries as i64;
    let mut tx = client.transaction().map_err(db(schema, OP))?;
    tx.execute(
        &format!(
            "INSERT INTO {quoted}.checkpoints
                 (entries, format_version, last_line_crc, ledger_created, body, body_crc, writer)
             SELECT $1, $2, $3, created_at, $4, $5, $6 FROM {quoted}.meta
             ON CONFLICT (entries) DO NOTHING"
        ),
        &[&n, &version, &line_crc, &body, &body_crc, &writer],
    )
    .map_err(db(schema, OP))?;
    tx.execute(
        &format!(
            "DELETE FROM {quoted}.checkpoints WHERE entries NOT IN
                 (SELECT entries FROM {quoted}.checkpoints ORDER BY entries DESC LIMIT {KEPT})"
        ),
        &[],
    )
    .map_err(db(schema, OP))?;
    tx.commit().map_err(db(schema, OP))?;
    Ok(entries)
}
