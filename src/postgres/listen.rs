//! Following other writers: loading the entries committed since the replica last read
//! (`refresh`, and every append's catch-up), and waiting for commits (`LISTEN`/`NOTIFY`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Transaction};

use super::{LOAD_BATCH, PgError, PgStore, connected};
use crate::codec;
use crate::ledger::{Ledger, NewEntry};

impl PgStore {
    /// Loads the entries committed (by anyone) since this replica last read; returns how many.
    ///
    /// # Errors
    ///
    /// [`PgError::Sequence`], [`PgError::Corrupt`], [`PgError::Rejected`] naming the first
    /// damaged entry; the replica then holds a prefix of the entries before it (loading goes
    /// by batches of up to 4096); [`PgError::Db`].
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// let new = store.refresh()?;
    /// println!("{new} entries committed by others since the last read");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn refresh(&mut self) -> Result<usize, PgError> {
        let r = self.refresh_inner();
        self.after(r)
    }

    pub(super) fn refresh_inner(&mut self) -> Result<usize, PgError> {
        let Self {
            client,
            config,
            schema,
            quoted,
            ledger,
            listening,
            ..
        } = self;
        let client = connected(client, config, schema, listening)?;
        catch_up(client, Arc::make_mut(ledger), schema, quoted)
    }

    /// Waits up to `timeout` for other writers to commit, then loads what they committed;
    /// returns how many entries were loaded (0 when none came in time). Entries committed
    /// before the call and not yet loaded are loaded at once. It listens for the
    /// notifications appends send (`LISTEN`), so it wakes as soon as a commit lands.
    ///
    /// # Errors
    ///
    /// As [`PgStore::refresh`].
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// use std::time::Duration;
    /// // Follow the ledger for ten rounds of up to 30 s each.
    /// for _ in 0..10 {
    ///     let new = store.wait_for_commits(Duration::from_secs(30))?;
    ///     if new > 0 {
    ///         println!("{new} new entries; the ledger now holds {}", store.len());
    ///     }
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wait_for_commits(&mut self, timeout: Duration) -> Result<usize, PgError> {
        let r = self.wait_inner(timeout);
        self.after(r)
    }

    pub(super) fn wait_inner(&mut self, timeout: Duration) -> Result<usize, PgError> {
        let deadline = Instant::now() + timeout;
        let channel = channel(&self.schema);
        let schema = self.schema.clone();
        let db = |op| {
            let schema = schema.clone();
            move |source| PgError::Db { schema, op, source }
        };
        if !self.listening {
            let client = self.client()?;
            client
                .batch_execute(&format!("LISTEN \"{channel}\""))
                .map_err(db("listen"))?;
            self.listening = true;
        }
        loop {
            // Notifications already queued are for commits the refresh below loads.
            {
                let client = self.client()?;
                let mut notes = client.notifications();
                while notes
                    .iter()
                    .next()
                    .map_err(db("read notifications"))?
                    .is_some()
                {}
            }
            let loaded = self.refresh_inner()?;
            if loaded > 0 {
                return Ok(loaded);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(0);
            }
            let client = self.client()?;
            let mut notes = client.notifications();
            if notes
                .timeout_iter(left)
                .next()
                .map_err(db("wait for notifications"))?
                .is_none()
            {
                return Ok(0);
            }
        }
    }
}

/// The notification channel of a schema.
pub(super) fn channel(schema: &str) -> String {
    format!("materiel.{schema}")
}

/// Anything that runs queries: a client or a transaction.
pub(super) trait Query {
    fn rows_from(&mut self, sql: &str, from: i64)
    -> Result<postgres::RowIter<'_>, postgres::Error>;
}

impl Query for Client {
    fn rows_from(
        &mut self,
        sql: &str,
        from: i64,
    ) -> Result<postgres::RowIter<'_>, postgres::Error> {
        self.query_raw(sql, [&from as &(dyn postgres::types::ToSql + Sync)])
    }
}

impl Query for Transaction<'_> {
    fn rows_from(
        &mut self,
        sql: &str,
        from: i64,
    ) -> Result<postgres::RowIter<'_>, postgres::Error> {
        self.query_raw(sql, [&from as &(dyn postgres::types::ToSql + Sync)])
    }
}

/// Loads the entries with `seq >= ledger.len()` into `ledger`, checking each; returns how
/// many. Entries are decoded and applied in batches ([`Ledger::extend`]).
pub(super) fn catch_up(
    q: &mut impl Query,
    ledger: &mut Ledger,
    schema: &str,
    quoted: &str,
) -> Result<usize, PgError> {
    let db = |source| PgError::Db {
        schema: schema.to_owned(),
        op: "load entries",
        source,
    };
    let start = ledger.len() as u64;
    let sql = format!("SELECT seq, line FROM {quoted}.entries WHERE seq >= $1 ORDER BY seq");
    let mut rows = q.rows_from(&sql, start as i64).map_err(db)?;
    let mut batch: Vec<NewEntry> = Vec::with_capacity(LOAD_BATCH);
    let mut next = start;
    let mut batch_start = start;
    while let Some(row) = rows.next().map_err(db)? {
        let seq: i64 = row.try_get(0).map_err(db)?;
        let line: &str = row.try_get(1).map_err(db)?;
        if seq != next as i64 {
            apply(ledger, &mut batch, batch_start, schema)?;
            return Err(PgError::Sequence {
                schema: schema.to_owned(),
                expected: next,
                found: seq,
            });
        }
        let corrupt = |reason| PgError::Corrupt {
            schema: schema.to_owned(),
            seq: next,
            reason,
        };
        let decoded = codec::decode_entry_line(line.as_bytes())
            .map_err(|e| e.to_string())
            .and_then(|entry| {
            if entry.id().get() == next {
                Ok(entry)
            } else {
                Err(format!(
                    "the line carries id {}, not its sequence number (a line was moved or copied)",
                    entry.id()
                ))
            }
        });
        let entry = match decoded {
            Ok(entry) => entry,
            Err(reason) => {
                apply(ledger, &mut batch, batch_start, schema)?;
                return Err(corrupt(reason));
            }
        };
        batch.push(entry.into_content());
        next += 1;
        if batch.len() == LOAD_BATCH {
            apply(ledger, &mut batch, batch_start, schema)?;
            batch_start = next;
        }
    }
    apply(ledger, &mut batch, batch_start, schema)?;
    Ok((next - start) as usize)
}

/// Applies a batch of stored entries (the first with id `start`), all or none.
fn apply(
    ledger: &mut Ledger,
    batch: &mut Vec<NewEntry>,
    start: u64,
    schema: &str,
) -> Result<(), PgError> {
    let entries = std::mem::take(batch);
    ledger.extend(entries).map_err(|err| PgError::Rejected {
        schema: schema.to_owned(),
        seq: start + err.index as u64,
        source: err.error,
    })?;
    Ok(())
}
