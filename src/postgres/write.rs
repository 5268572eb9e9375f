//! Writing: every append is one transaction under the ledger's write lock, which catches up,
//! validates, inserts the rows (one `INSERT`, or `COPY` for a batch), notifies and commits;
//! a commit cut off by a lost connection is looked up by its token.

use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};
use std::io::Write as _;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;
use postgres::Transaction;

use super::listen::{catch_up, channel};
use super::{PgError, PgStore, begin, connected};
use crate::codec::{self, CodecError, DEFAULT_MAX_LINE_BYTES};
use crate::ledger::{EntryId, Ledger, NewEntry};
use crate::provenance::Source;
use crate::store::LedgerStore;

/// How long the look-up of a commit's outcome waits for the lock before giving up.
const RESOLVE_LOCK_TIMEOUT: &str = "30s";

/// A token no other append carries: the process id, the time, a per-process counter and a
/// per-process random value.
pub(super) fn new_token() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    format!("{:x}-{nanos:x}-{n:x}-{random:016x}", std::process::id())
}

/// Inserts entries (the first id, the entries) and commits: what a write's validation calls.
type Commit<'a> = Box<dyn FnOnce(u64, &[NewEntry]) -> Result<(), PgError> + 'a>;
impl PgStore {
    /// Validates `entry` against the ledger caught up with every committed entry, commits it,
    /// and returns its id (its sequence number in the database). See
    /// [writing](PgStore#writing).
    ///
    /// # Errors
    ///
    /// - [`PgError::Ledger`]: the ledger rejected the entry; nothing was written.
    /// - [`PgError::Codec`]: the entry's line would be longer than the line limit
    ///   ([`DEFAULT_MAX_LINE_BYTES`]); nothing was written.
    /// - [`PgError::Sequence`], [`PgError::Corrupt`], [`PgError::Rejected`]: catching up found
    ///   a damaged stored entry; nothing was written.
    /// - [`PgError::Db`]: the database failed; nothing was committed.
    /// - [`PgError::CommitUnknown`]: the connection was lost while committing and the outcome
    ///   could not be learned.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// # use materiel::{Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let delivery = |year| -> Result<NewEntry, Box<dyn std::error::Error>> { Ok(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("illustrative report", "B2".parse()?)?, jiff::Timestamp::now())) };
    /// let id = store.append(delivery(2006)?)?;
    /// assert_eq!(store.ledger().get(id).map(|e| e.id()), Some(id));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn append(&mut self, entry: NewEntry) -> Result<EntryId, PgError> {
        let range = self.write(|ledger, insert| {
            ledger
                .append_then(entry, |id, e| insert(id.get(), std::slice::from_ref(e)))
                .map(|id| id.get()..id.get() + 1)
        })?;
        self.auto_checkpoint(&range);
        Ok(EntryId::new(range.start))
    }

    /// Validates a batch against the caught-up ledger as [`Ledger::extend`] does and commits
    /// it in one transaction, all or nothing; returns the range of its ids.
    ///
    /// # Errors
    ///
    /// As [`PgStore::append`], with [`PgError::Batch`] naming the rejected entry.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// # use materiel::{Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let delivery = |year| -> Result<NewEntry, Box<dyn std::error::Error>> { Ok(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("illustrative report", "B2".parse()?)?, jiff::Timestamp::now())) };
    /// // One transaction: both entries or neither.
    /// let ids = store.extend([delivery(2006)?, delivery(2008)?])?;
    /// assert_eq!(ids.end - ids.start, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn extend(
        &mut self,
        entries: impl IntoIterator<Item = NewEntry>,
    ) -> Result<Range<u64>, PgError> {
        let entries: Vec<NewEntry> = entries.into_iter().collect();
        let range = self.write(|ledger, insert| {
            ledger.extend_then(entries, |start, entries| insert(start, entries))
        })?;
        self.auto_checkpoint(&range);
        Ok(range)
    }

    /// After a committed write of `range`: stores a checkpoint if the write crossed a
    /// multiple of the interval, keeping the failure for [`PgStore::checkpoint_error`].
    pub(super) fn auto_checkpoint(&mut self, range: &Range<u64>) {
        let every = self.checkpoint_every;
        if every == 0 || range.end / every == range.start / every {
            return;
        }
        let r = self.store_checkpoint();
        self.checkpoint_error = self.after(r).err();
    }

    /// Withdraws entry `target` (see [`Ledger::retract`]): catches up, builds the retraction
    /// with [`Ledger::retraction`] and appends it.
    ///
    /// # Errors
    ///
    /// As [`PgStore::append`]; an unknown target is
    /// [`LedgerError::UnknownEntry`](crate::LedgerError::UnknownEntry).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// use materiel::{EntryId, Source};
    /// let source = Source::new("desk review", "A1".parse()?)?;
    /// store.retract(EntryId::new(12), source, jiff::Timestamp::now(), Some("duplicate".into()))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn retract(
        &mut self,
        target: EntryId,
        source: Source,
        recorded: Timestamp,
        note: Option<String>,
    ) -> Result<EntryId, PgError> {
        LedgerStore::retract(self, target, source, recorded, note)
    }

    /// Whether the append that carried `token` (from [`PgError::CommitUnknown`]) was
    /// committed: the range of its entries' ids, or `None`. It waits for the ledger's write
    /// lock first, so a commit still in flight has landed or failed by the time it answers.
    ///
    /// # Errors
    ///
    /// [`PgError::Db`] (the outcome is still unknown then).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// # use materiel::{Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
    /// # let delivery = |year| -> Result<NewEntry, Box<dyn std::error::Error>> { Ok(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(year)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("illustrative report", "B2".parse()?)?, jiff::Timestamp::now())) };
    /// use materiel::postgres::PgError;
    /// match store.append(delivery(2006)?) {
    ///     Err(PgError::CommitUnknown { token, .. }) => match store.committed(&token)? {
    ///         Some(ids) => println!("it did commit, as entries {ids:?}"),
    ///         None => println!("it did not commit: append it again"),
    ///     },
    ///     other => { other?; }
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn committed(&mut self, token: &str) -> Result<Option<Range<u64>>, PgError> {
        let r = self.committed_inner(token);
        self.after(r)
    }

    pub(super) fn committed_inner(&mut self, token: &str) -> Result<Option<Range<u64>>, PgError> {
        let schema = self.schema.clone();
        let sql = format!(
            "SELECT min(seq), count(*) FROM {}.entries WHERE token = $1",
            self.quoted
        );
        let quoted = self.quoted.clone();
        let client = self.client()?;
        let db = |op| {
            let schema = schema.clone();
            move |source| PgError::Db { schema, op, source }
        };
        let mut tx = begin(client, &schema)?;
        tx.batch_execute(&format!(
            "SET LOCAL lock_timeout = '{RESOLVE_LOCK_TIMEOUT}'"
        ))
        .map_err(db("look up a commit"))?;
        lock(&mut tx, &quoted, &schema)?;
        let row = tx
            .query_one(&sql, &[&token])
            .map_err(db("look up a commit"))?;
        let first: Option<i64> = row.try_get(0).map_err(db("look up a commit"))?;
        let count: i64 = row.try_get(1).map_err(db("look up a commit"))?;
        tx.rollback().map_err(db("look up a commit"))?;
        Ok(first.map(|first| first as u64..(first + count) as u64))
    }

    /// One write transaction: lock, catch up, then `apply` validates the entries against the
    /// replica and calls the insert-and-commit closure it is given.
    pub(super) fn write(
        &mut self,
        apply: impl FnOnce(&mut Ledger, Commit<'_>) -> Result<Range<u64>, PgError>,
    ) -> Result<Range<u64>, PgError> {
        let token = new_token();
        let r = self.write_once(&token, apply);
        let r = match r {
            Err(e @ PgError::Db { op: "commit", .. }) if e.connection_lost() => {
                self.client = None;
                self.listening = false;
                self.resolve(&token, e)
            }
            r => r,
        };
        self.after(r)
    }

    pub(super) fn write_once(
        &mut self,
        token: &str,
        apply: impl FnOnce(&mut Ledger, Commit<'_>) -> Result<Range<u64>, PgError>,
    ) -> Result<Range<u64>, PgError> {
        let Self {
            client,
            config,
            schema,
            quoted,
            writer,
            ledger,
            listening,
            ..
        } = self;
        let client = connected(client, config, schema, listening)?;
        let mut tx = begin(client, schema)?;
        let ledger = Arc::make_mut(ledger);
        lock(&mut tx, quoted, schema)?;
        catch_up(&mut tx, ledger, schema, quoted)?;
        let insert = move |start: u64, entries: &[NewEntry]| -> Result<(), PgError> {
            insert_entries(&mut tx, quoted, schema, writer, token, start, entries)?;
            notify(&mut tx, schema, start + entries.len() as u64)?;
            tx.commit().map_err(|source| PgError::Db {
                schema: schema.clone(),
                op: "commit",
                source,
            })
        };
        apply(ledger, Box::new(insert))
    }

    /// After a commit whose outcome is unknown: look the token up on a new connection.
    pub(super) fn resolve(&mut self, token: &str, error: PgError) -> Result<Range<u64>, PgError> {
        match self.committed_inner(token) {
            Ok(Some(range)) => {
                self.refresh_inner()?;
                Ok(range)
            }
            Ok(None) => Err(error),
            Err(lookup) => Err(PgError::CommitUnknown {
                schema: self.schema.clone(),
                token: token.to_owned(),
                source: Box::new(lookup),
            }),
        }
    }
}

/// Takes the ledger's write lock (the `meta` row) for the transaction.
fn lock(tx: &mut Transaction<'_>, quoted: &str, schema: &str) -> Result<(), PgError> {
    let rows = tx
        .query(
            &format!("SELECT wire_version FROM {quoted}.meta FOR UPDATE"),
            &[],
        )
        .map_err(|source| PgError::Db {
            schema: schema.to_owned(),
            op: "take the write lock",
            source,
        })?;
    if rows.is_empty() {
        return Err(PgError::NoLedger {
            schema: schema.to_owned(),
        });
    }
    Ok(())
}

/// The recorded time as text for the derived `recorded_at` column, `None` before year 1 (the
/// column is for SQL users; the line is the truth).
fn recorded_text(t: Timestamp) -> Option<String> {
    (t.as_second() >= -62_135_596_800).then(|| t.to_string())
}

/// The line of `entry` with id `seq`, newline excluded, checked against the line limit.
fn line_of(seq: u64, entry: &NewEntry) -> Result<String, PgError> {
    let line = codec::bounded_entry_line(EntryId::new(seq), entry, DEFAULT_MAX_LINE_BYTES)?;
    String::from_utf8(line).map_err(|e| {
        PgError::Codec(CodecError::Encode {
            message: format!("entry line is not UTF-8: {e}"),
        })
    })
}

fn insert_entries(
    tx: &mut Transaction<'_>,
    quoted: &str,
    schema: &str,
    writer: &str,
    token: &str,
    start: u64,
    entries: &[NewEntry],
) -> Result<(), PgError> {
    if let [entry] = entries {
        let line = line_of(start, entry)?;
        let seq = start as i64;
        tx.execute(
            &format!(
                "INSERT INTO {quoted}.entries (seq, recorded_at, writer, token, line)
                 VALUES ($1, $2::text::timestamptz, $3, $4, $5)"
            ),
            &[
                &seq,
                &recorded_text(entry.recorded()),
                &writer,
                &token,
                &line,
            ],
        )
        .map_err(|source| PgError::Db {
            schema: schema.to_owned(),
            op: "insert entry",
            source,
        })?;
        return Ok(());
    }
    let mut copy = CopyRows::new(tx, quoted, schema, writer, token)?;
    for (seq, entry) in (start..).zip(entries) {
        copy.row(seq, entry.recorded(), line_of(seq, entry)?.as_bytes())?;
    }
    copy.finish()
}

/// Rows streamed into `entries` with `COPY ... FROM STDIN` (text format).
pub(super) struct CopyRows<'a> {
    writer: postgres::CopyInWriter<'a>,
    buf: Vec<u8>,
    prefix: String,
    schema: &'a str,
}

impl<'a> CopyRows<'a> {
    pub(super) fn new(
        tx: &'a mut Transaction<'_>,
        quoted: &str,
        schema: &'a str,
        writer: &str,
        token: &str,
    ) -> Result<Self, PgError> {
        let copy = tx
            .copy_in(&format!(
                "COPY {quoted}.entries (seq, recorded_at, writer, token, line) FROM STDIN"
            ))
            .map_err(|source| PgError::Db {
                schema: schema.to_owned(),
                op: "insert entries",
                source,
            })?;
        let mut prefix = String::new();
        copy_escape(&mut prefix, writer.as_bytes());
        prefix.push('\t');
        copy_escape(&mut prefix, token.as_bytes());
        prefix.push('\t');
        Ok(Self {
            writer: copy,
            buf: Vec::with_capacity(1 << 16),
            prefix,
            schema,
        })
    }

    pub(super) fn row(
        &mut self,
        seq: u64,
        recorded: Timestamp,
        line: &[u8],
    ) -> Result<(), PgError> {
        let mut text = String::with_capacity(line.len() + 128);
        let _ = write!(text, "{seq}\t");
        match recorded_text(recorded) {
            Some(t) => text.push_str(&t),
            None => text.push_str("\\N"),
        }
        text.push('\t');
        text.push_str(&self.prefix);
        copy_escape(&mut text, line);
        text.push('\n');
        self.buf.extend_from_slice(text.as_bytes());
        if self.buf.len() >= 1 << 16 {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), PgError> {
        let r = self.writer.write_all(&self.buf);
        self.buf.clear();
        r.map_err(
            |e| match e.into_inner().map(|e| e.downcast::<postgres::Error>()) {
                // The writer's errors are the driver's, wrapped.
                Some(Ok(source)) => PgError::Db {
                    schema: self.schema.to_owned(),
                    op: "insert entries",
                    source: *source,
                },
                Some(Err(other)) => PgError::Send {
                    schema: self.schema.to_owned(),
                    source: std::io::Error::other(other),
                },
                None => PgError::Send {
                    schema: self.schema.to_owned(),
                    source: std::io::Error::other("the connection refused the rows"),
                },
            },
        )
    }

    pub(super) fn finish(mut self) -> Result<(), PgError> {
        self.flush()?;
        self.writer
            .finish()
            .map(|_| ())
            .map_err(|source| PgError::Db {
                schema: self.schema.to_owned(),
                op: "insert entries",
                source,
            })
    }
}

/// Appends `bytes` (UTF-8) to `out` escaped for `COPY`'s text format.
fn copy_escape(out: &mut String, bytes: &[u8]) {
    for ch in String::from_utf8_lossy(bytes).chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// Tells listeners that the ledger now has `len` entries (delivered on commit).
pub(super) fn notify(tx: &mut Transaction<'_>, schema: &str, len: u64) -> Result<(), PgError> {
    tx.execute(
        "SELECT pg_notify($1, $2)",
        &[&channel(schema), &len.to_string()],
    )
    .map_err(|source| PgError::Db {
        schema: schema.to_owned(),
        op: "notify",
        source,
    })?;
    Ok(())
}
