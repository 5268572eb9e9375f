//! Copies: a new ledger in the database holding a copy of any store's entry lines, and the
//! entry lines of this store for a copy elsewhere, through the store seam's copy
//! (`crate::store`); a journal into the database and back are two uses of it.

use std::path::Path;
use std::sync::Arc;

use postgres::fallible_iterator::FallibleIterator;

use super::write::{CopyRows, new_token, notify};
use super::{PgError, PgOptions, PgStore, begin, insert_meta, schema};
use crate::catalog::Catalog;
use crate::codec::{CodecError, DEFAULT_MAX_LINE_BYTES};
use crate::journal::{ErrorPath, Journal, JournalError, JournalOptions};
use crate::ledger::Ledger;
use crate::store::{self, Aborted, CopyError, EntryLines, LedgerStore};

impl PgStore {
    /// Copies the journal at `journal` into a new ledger in the schema named by `options`
    /// (created as by [`PgStore::create`] over `catalog`): its entry lines are stored byte for
    /// byte, in one transaction. The journal is replayed first (so a damaged journal copies
    /// nothing) and must have no torn tail (repair it with [`Journal::repair`] first).
    ///
    /// # Errors
    ///
    /// [`PgError::Journal`] for a journal that cannot be read or replayed or has a torn tail
    /// ([`JournalError::NeedsRepair`]); then as
    /// [`PgStore::create`]. On error the schema holds no ledger.
    ///
    /// # Example
    ///
    /// ```no_run
    /// use materiel::postgres::{PgOptions, PgStore};
    /// use materiel::Catalog;
    /// let store = PgStore::copy_from_journal("ven.journal", Catalog::reference(),
    ///     "postgres://analyst:secret@db.example/osint", &PgOptions::new().schema("venezuela"))?;
    /// println!("copied {} entries", store.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn copy_from_journal(
        journal: impl AsRef<Path>,
        catalog: Catalog,
        url: &str,
        options: &PgOptions,
    ) -> Result<Self, PgError> {
        let path = journal.as_ref();
        // Opening locks the journal against writers for the copy, and refuses a torn tail.
        let mut opened = Journal::open(path, catalog, &JournalOptions::new())?;
        opened.writable()?;
        Self::create_copy(url, &mut opened, options).map_err(|e| match e {
            CopyError::Source(e) => e.into(),
            CopyError::Target(e) => e,
            // The journal checks its own lines and their number: not reached.
            e @ (CopyError::Short { .. } | CopyError::Line { .. }) => {
                let e = std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string());
                JournalError::Io {
                    path: ErrorPath::file(path),
                    op: "read",
                    offset: 0,
                    source: e.into(),
                }
                .into()
            }
        })
    }

    /// Creates a new ledger, in the schema named by `options`, holding a copy of `from`'s
    /// entries: the catalog of its ledger, and each entry line exactly as `from` stores it
    /// (see [`LedgerStore::entry_lines`]), in one transaction; a copy that fails leaves
    /// nothing in the database. The entries are not validated again: `from`'s ledger holds
    /// them.
    ///
    /// # Errors
    ///
    /// [`CopyError::Target`] with [`PgError::Exists`] if the schema already holds a ledger (or
    /// another [`PgError`] from the database), [`CopyError::Source`] if `from` cannot be
    /// read, [`CopyError::Short`] or [`CopyError::Line`] if its lines are not those of its
    /// entries.
    ///
    /// # Example
    ///
    /// ```no_run
    /// use materiel::postgres::{PgOptions, PgStore};
    /// use materiel::store::MemoryStore;
    /// use materiel::Catalog;
    ///
    /// let mut drafted = MemoryStore::new(Catalog::reference());
    /// // ... appends ...
    /// let url = "postgres://analyst:secret@db.example/osint";
    /// let store = PgStore::create_copy(url, &mut drafted, &PgOptions::new().schema("drafts"))?;
    /// assert_eq!(store.len(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create_copy<S: LedgerStore + ?Sized>(
        url: &str,
        from: &mut S,
        options: &PgOptions,
    ) -> Result<Self, CopyError<S::Error, PgError>> {
        store::copy(from, |ledger, lines| {
            let mut store = Self::connect(url, options, Ledger::new(ledger.catalog().clone()))?;
            store.ledger = ledger;
            store.insert_copy(lines)?;
            Ok(store)
        })
    }

    /// Creates the ledger of this replica in the database, its rows being `lines`, in one
    /// transaction (rolled back when a line is [`Aborted`] or does not fit).
    fn insert_copy(
        &mut self,
        lines: &mut dyn Iterator<Item = Result<Vec<u8>, Aborted>>,
    ) -> Result<(), PgError> {
        let (schema, quoted) = (self.schema.clone(), self.quoted.clone());
        let writer = self.writer.clone();
        let token = new_token();
        let ledger = Arc::clone(&self.ledger);
        let catalog_json = ledger.catalog().to_json();
        let count = ledger.len() as u64;
        let client = self.client()?;
        schema::migrate(client, &schema)?;
        let mut tx = begin(client, &schema)?;
        insert_meta(&mut tx, &quoted, &schema, &catalog_json)?;
        let mut copy = CopyRows::new(&mut tx, &quoted, &schema, &writer, &token)?;
        let mut entries = ledger.entries();
        let mut seq = 0u64;
        for line in lines {
            let unfit = |reason: String| PgError::Corrupt {
                schema: schema.clone(),
                seq,
                reason,
            };
            let line = line.map_err(|e| unfit(e.to_string()))?;
            let entry = entries
                .next()
                .ok_or_else(|| unfit("more lines than entries".to_owned()))?;
            if line.len() > DEFAULT_MAX_LINE_BYTES {
                return Err(CodecError::EntryTooLong {
                    bytes: line.len(),
                    limit: DEFAULT_MAX_LINE_BYTES,
                }
                .into());
            }
            // Stored as text, byte for byte: never a lossy conversion.
            std::str::from_utf8(&line).map_err(|e| unfit(format!("line is not UTF-8: {e}")))?;
            copy.row(seq, entry.recorded(), &line)?;
            seq += 1;
        }
        if seq != count {
            return Err(PgError::Sequence {
                schema: schema.clone(),
                expected: seq,
                found: -1,
            });
        }
        copy.finish()?;
        notify(&mut tx, &schema, count)?;
        tx.commit().map_err(|source| PgError::Db {
            schema,
            op: "commit",
            source,
        })
    }

    /// Writes the ledger's entries, as this store's replica holds them, to a new journal file
    /// at `path`: each entry's stored line byte for byte, after the journal header; synced
    /// before it appears at `path`. Returns the number of entries written.
    ///
    /// # Errors
    ///
    /// [`PgError::Journal`] if a file is already at `path`
    /// ([`JournalError::Exists`]) or writing fails;
    /// [`PgError::Corrupt`], [`PgError::Sequence`] if a stored line is damaged (nothing is
    /// then left at `path`); [`PgError::Db`].
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use materiel::postgres::{PgOptions, PgStore};
    /// # let url = "postgres://analyst:secret@db.example/osint";
    /// # let mut store = PgStore::open(url, &PgOptions::new().schema("venezuela"))?;
    /// use materiel::journal::{Journal, JournalOptions};
    /// let written = store.write_journal("ven-archive.journal")?;
    /// // The journal holds no catalog: open it with the store's.
    /// let copy = Journal::open("ven-archive.journal", store.ledger().catalog().clone(), &JournalOptions::new())?;
    /// assert_eq!(copy.ledger().len() as u64, written);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_journal(&mut self, path: impl AsRef<Path>) -> Result<u64, PgError> {
        let schema = self.schema.clone();
        let written = Journal::create_copy(path, self, &JournalOptions::new())
            .map(|journal| journal.ledger().len() as u64)
            .map_err(|e| match e {
                CopyError::Source(e) => e,
                CopyError::Target(e) => e.into(),
                // Rows vanished from the database (it is append-only: only by tampering).
                CopyError::Short { found, .. } => PgError::Sequence {
                    schema,
                    expected: found,
                    found: -1,
                },
                CopyError::Line { index, source } => PgError::Corrupt {
                    schema,
                    seq: index,
                    reason: source.to_string(),
                },
            });
        self.after(written)
    }

    /// The stored lines of the replica's entries, in `seq` order, each checked to be the next.
    pub(super) fn stored_lines(&mut self) -> Result<EntryLines<'_, PgError>, PgError> {
        let count = self.ledger.len() as u64;
        let schema = self.schema.clone();
        let sql = format!(
            "SELECT seq, line FROM {}.entries WHERE seq < $1 ORDER BY seq",
            self.quoted
        );
        let client = self.client()?;
        let db = |schema: &str| {
            let schema = schema.to_owned();
            move |source| PgError::Db {
                schema,
                op: "read entries",
                source,
            }
        };
        let limit = count as i64;
        let mut rows = client
            .query_raw(&sql, [&limit as &(dyn postgres::types::ToSql + Sync)])
            .map_err(db(&schema))?;
        let mut next = 0u64;
        let mut done = false;
        Ok(Box::new(std::iter::from_fn(move || {
            if done {
                return None;
            }
            let row = match rows.next() {
                Ok(Some(row)) => row,
                Ok(None) => {
                    done = true;
                    return (next != count).then(|| {
                        Err(PgError::Sequence {
                            schema: schema.clone(),
                            expected: next,
                            found: -1,
                        })
                    });
                }
                Err(e) => {
                    done = true;
                    return Some(Err(db(&schema)(e)));
                }
            };
            let checked = (|| {
                let seq: i64 = row.try_get(0).map_err(db(&schema))?;
                let line: String = row.try_get(1).map_err(db(&schema))?;
                if seq != next as i64 {
                    return Err(PgError::Sequence {
                        schema: schema.clone(),
                        expected: next,
                        found: seq,
                    });
                }
                next += 1;
                Ok(line.into_bytes())
            })();
            done = checked.is_err();
            Some(checked)
        })))
    }
}
