//! Whole-ledger JSON snapshots, apart from the journal: [`Ledger::to_snapshot_json`],
//! [`Ledger::from_snapshot_json`], [`Ledger::save_snapshot`], [`Ledger::load_snapshot`], and
//! their error, [`SnapshotError`].
//!
//! A snapshot is one JSON document whose entries are frames (see [`super::frame`]) of the
//! entries' wire form (see [`super::wire`]), the same bytes as journal lines, then a count
//! and a checksum of all entry payloads. Loading streams it: memory stays proportional to
//! the ledger, never to a parsed copy of the document.

use std::fmt;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use super::{ErrorPath, IoError, SNAPSHOT_FORMAT, SNAPSHOT_VERSION};
use crate::catalog::Catalog;
use crate::codec::{ENTRY_KEY, frame, wire};
use crate::ledger::{Ledger, LedgerError};
use crate::store::fs;

/// What went wrong saving or loading a ledger snapshot. Errors about the document name the
/// file (`<reader>` for [`Ledger::from_snapshot_json`]); errors about one entry also name its
/// index.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// The operating system failed (`op` says doing what).
    #[error("{path}: {op} failed: {source}")]
    Io {
        /// The file.
        path: ErrorPath,
        /// What was being done (`"open"`, `"read"`, `"write"`).
        op: &'static str,
        /// The error.
        source: IoError,
    },
    /// The document is not valid JSON, lacks or misorders its keys, has another format or
    /// version, or its count or whole-snapshot checksum does not match its entries.
    #[error("{path}: bad ledger snapshot: {reason}")]
    Invalid {
        /// The file.
        path: ErrorPath,
        /// What was wrong.
        reason: String,
    },
    /// An entry is not valid JSON, fails its checksum, is not a valid entry, has the wrong
    /// id, or is rejected by the ledger.
    #[error("{path}: snapshot entry {index}: {reason}")]
    Entry {
        /// The file.
        path: ErrorPath,
        /// The entry's index in `entries`, from 0.
        index: usize,
        /// What was wrong.
        reason: String,
        /// The ledger's rejection, if that was the reason.
        ledger: Option<LedgerError>,
    },
}

impl SnapshotError {
    /// The index of the entry the error is about, when it is about one entry.
    pub fn index(&self) -> Option<usize> {
        match self {
            Self::Entry { index, .. } => Some(*index),
            Self::Io { .. } | Self::Invalid { .. } => None,
        }
    }
}

impl Ledger {
    /// The whole ledger as one JSON document, in snapshot format version 2: one
    /// checksummed [`Entry`](crate::ledger::Entry) (with its `id`) per line, in append order, then the entry count
    /// and a checksum of all entries. [`Ledger::from_snapshot_json`] reads it back.
    ///
    /// ```text
    /// {"format":"materiel-ledger-snapshot","version":2,"entries":[
    /// {"crc32c":"<8 hex>","entry":{"id":0,...}},
    /// {"crc32c":"<8 hex>","entry":{"id":1,...}}
    /// ],"count":2,"crc32c":"<8 hex>"}
    /// ```
    ///
    /// Each entry is framed as a journal line is (see [the line format](super::Journal#line-format)):
    /// the CRC-32C of the entry's exact bytes. The final `crc32c` is the CRC-32C of all entry
    /// payloads one after the other, so that a removed, added or edited entry is an error on
    /// loading, not another ledger. The keys come in exactly this order.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{Catalog, Ledger};
    ///
    /// let ledger = Ledger::new(Catalog::reference());
    /// let json = ledger.to_snapshot_json();
    /// let back = Ledger::from_snapshot_json(&json, Catalog::reference())?;
    /// assert!(back.is_empty());
    /// # Ok::<(), materiel::journal::SnapshotError>(())
    /// ```
    pub fn to_snapshot_json(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail; encoding an entry only for facts loaded from a
        // checkpoint edited by hand whose text is not JSON, and the snapshot then ends early
        // (`from_snapshot_json` refuses it; `save_snapshot` returns the error).
        let _ = self.write_snapshot(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Streams the snapshot to `out`, one entry at a time.
    fn write_snapshot(&self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\"format\":\"{SNAPSHOT_FORMAT}\",\"version\":{SNAPSHOT_VERSION},\"entries\":["
        )?;
        let mut all = 0u32;
        let mut count = 0u64;
        for (i, entry) in self.entries().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            // Entries are plain data (strings, integers, enums): encoding fails only for facts
            // loaded from a checkpoint edited by hand whose text is not JSON.
            let payload = wire::encode(entry.id(), entry.content()).map_err(io::Error::other)?;
            all = frame::crc32c_append(all, &payload);
            let line = frame::write(ENTRY_KEY, &payload);
            out.write_all(&line[..line.len() - 1])?;
            count += 1;
        }
        writeln!(out, "\n],\"count\":{count},\"crc32c\":\"{all:08x}\"}}")
    }

    /// Reads a snapshot written by [`Ledger::to_snapshot_json`], replaying every entry through
    /// [`Ledger::append`] over `catalog` (the same validation as live appends).
    ///
    /// Only snapshot format version 2 is read: version 1 snapshots had no checksums (replay
    /// the journal, or load them with `materiel` 0.1 and save them again).
    ///
    /// # Errors
    ///
    /// [`SnapshotError::Invalid`] for bad JSON, format fields, count or whole-snapshot
    /// checksum, or an unknown key; [`SnapshotError::Entry`] naming the index of the
    /// first entry that is not valid JSON, fails its checksum, is not a valid entry, has
    /// another id than its index, or is rejected by the ledger.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?))?;
    /// let text = ledger.to_snapshot_json();
    /// let copy = Ledger::from_snapshot_json(&text, Catalog::reference())?;
    /// assert!(copy.entries().eq(ledger.entries()));
    /// // Entries are checksummed: an edited snapshot is refused.
    /// let edited = text.replacen("\"2006\"", "\"2007\"", 1);
    /// assert!(Ledger::from_snapshot_json(&edited, Catalog::reference()).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_snapshot_json(text: &str, catalog: Catalog) -> Result<Ledger, SnapshotError> {
        let mut de = serde_json::Deserializer::from_str(text);
        snapshot_from(&mut de, catalog, &ErrorPath(None))
    }

    /// Writes the snapshot ([`Ledger::to_snapshot_json`]) to `path` atomically, streaming it
    /// (a temporary file of this process's own, `fsync`, rename, directory `fsync`), replacing
    /// any file there.
    ///
    /// # Errors
    ///
    /// [`SnapshotError::Io`].
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?))?;
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("ledger.snapshot.json");
    /// ledger.save_snapshot(&path)?;
    /// assert_eq!(std::fs::read_to_string(&path)?, ledger.to_snapshot_json());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn save_snapshot(&self, path: impl AsRef<Path>) -> Result<(), SnapshotError> {
        let path = path.as_ref();
        fs::write_atomically(path, |out| self.write_snapshot(out)).map_err(|e| SnapshotError::Io {
            path: ErrorPath(Some(path.to_path_buf())),
            op: "write",
            source: e.into(),
        })
    }

    /// Reads a snapshot file written by [`Ledger::save_snapshot`], streaming it: memory stays
    /// proportional to the ledger, never to a parsed copy of the file.
    ///
    /// # Errors
    ///
    /// [`SnapshotError::Io`], or as [`Ledger::from_snapshot_json`].
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// # let mut ledger = Ledger::new(Catalog::reference());
    /// # ledger.append(NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
    /// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
    /// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?))?;
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.snapshot.json");
    /// ledger.save_snapshot(&path)?;
    /// let loaded = Ledger::load_snapshot(&path, Catalog::reference())?;
    /// assert!(loaded.entries().eq(ledger.entries()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load_snapshot(
        path: impl AsRef<Path>,
        catalog: Catalog,
    ) -> Result<Ledger, SnapshotError> {
        let path = path.as_ref();
        let epath = ErrorPath(Some(path.to_path_buf()));
        let file = File::open(path).map_err(|e| SnapshotError::Io {
            path: epath.clone(),
            op: "open",
            source: e.into(),
        })?;
        let mut de = serde_json::Deserializer::from_reader(io::BufReader::new(file));
        snapshot_from(&mut de, catalog, &epath)
    }
}

/// One entry of a snapshot, framed: its payload is checked against its checksum before it
/// is parsed as an entry.
#[derive(serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct SnapshotFrame {
    crc32c: String,
    entry: Box<serde_json::value::RawValue>,
}

crate::map_only::map_only!(SnapshotFrame, "struct SnapshotFrame");

/// Reads a snapshot from `de`, entry by entry.
fn snapshot_from<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
    catalog: Catalog,
    path: &ErrorPath,
) -> Result<Ledger, SnapshotError> {
    let mut failure = None;
    let visitor = SnapshotVisitor {
        catalog,
        path,
        failure: &mut failure,
    };
    let result = serde::Deserializer::deserialize_map(&mut *de, visitor).and_then(|ledger| {
        de.end()?;
        Ok(ledger)
    });
    result.map_err(|e| {
        failure.take().unwrap_or_else(|| SnapshotError::Invalid {
            path: path.clone(),
            reason: e.to_string(),
        })
    })
}

/// Visits the snapshot object; the precise error, when there is one, goes to `failure` (a
/// serde error carries only text).
struct SnapshotVisitor<'a> {
    catalog: Catalog,
    path: &'a ErrorPath,
    failure: &'a mut Option<SnapshotError>,
}

impl SnapshotVisitor<'_> {
    fn fail<E: serde::de::Error>(&mut self, error: SnapshotError) -> E {
        let e = E::custom(error.to_string());
        *self.failure = Some(error);
        e
    }
    fn bad<E: serde::de::Error>(&mut self, reason: String) -> E {
        let path = self.path.clone();
        self.fail(SnapshotError::Invalid { path, reason })
    }
    fn key<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        map: &mut A,
        expected: &str,
    ) -> Result<(), A::Error> {
        match map.next_key::<String>()? {
            Some(key) if key == expected => Ok(()),
            Some(key) => Err(self.bad(format!("unexpected key {key:?}, expected {expected:?}"))),
            None => Err(self.bad(format!("missing key {expected:?}"))),
        }
    }
}

impl<'de> serde::de::Visitor<'de> for SnapshotVisitor<'_> {
    type Value = Ledger;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a ledger snapshot object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<Ledger, A::Error> {
        self.key(&mut map, "format")?;
        let format: String = map.next_value()?;
        if format != SNAPSHOT_FORMAT {
            return Err(self.bad(format!(
                "format is {format:?}, expected {SNAPSHOT_FORMAT:?}"
            )));
        }
        self.key(&mut map, "version")?;
        let version: u32 = map.next_value()?;
        if version != SNAPSHOT_VERSION {
            return Err(self.bad(format!(
                "unsupported version {version} (this build reads version {SNAPSHOT_VERSION})"
            )));
        }
        self.key(&mut map, "entries")?;
        let (ledger, all) = map.next_value_seed(EntriesSeed {
            ledger: Ledger::new(self.catalog.clone()),
            path: self.path,
            failure: &mut *self.failure,
        })?;
        self.key(&mut map, "count")?;
        let count: u64 = map.next_value()?;
        if count != ledger.len() as u64 {
            return Err(self.bad(format!(
                "count says {count} entries, the snapshot has {}",
                ledger.len()
            )));
        }
        self.key(&mut map, "crc32c")?;
        let stored: String = map.next_value()?;
        let Some(stored) = frame::parse_crc(stored.as_bytes()) else {
            return Err(self.bad(format!(
                "final crc32c {stored:?} is not 8 lowercase hex digits"
            )));
        };
        if stored != all {
            return Err(self.bad(format!(
                "checksum of all entries mismatch: snapshot says {stored:08x}, entries have {all:08x}"
            )));
        }
        if let Some(key) = map.next_key::<String>()? {
            return Err(self.bad(format!("unexpected key {key:?} after \"crc32c\"")));
        }
        Ok(ledger)
    }
}

/// Replays the `entries` array into `ledger`, returning it and the checksum of all payloads.
struct EntriesSeed<'a> {
    ledger: Ledger,
    path: &'a ErrorPath,
    failure: &'a mut Option<SnapshotError>,
}

impl<'de> serde::de::DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = (Ledger, u32);

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for EntriesSeed<'_> {
    type Value = (Ledger, u32);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of checksummed entries")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let Self {
            mut ledger,
            path,
            failure,
        } = self;
        let mut all = 0u32;
        let mut index = 0usize;
        let mut fail = |index: usize, reason: String, rejected: Option<LedgerError>| {
            let error = SnapshotError::Entry {
                path: path.clone(),
                index,
                reason,
                ledger: rejected,
            };
            let e = <A::Error as serde::de::Error>::custom(error.to_string());
            *failure = Some(error);
            e
        };
        loop {
            let framed = match seq.next_element::<SnapshotFrame>() {
                Ok(Some(framed)) => framed,
                Ok(None) => break,
                Err(e) => return Err(fail(index, e.to_string(), None)),
            };
            let payload = framed.entry.get().as_bytes();
            let computed = frame::crc32c(payload);
            match frame::parse_crc(framed.crc32c.as_bytes()) {
                Some(stored) if stored == computed => {}
                Some(stored) => {
                    return Err(fail(
                        index,
                        format!(
                            "checksum mismatch: entry says {stored:08x}, payload has {computed:08x}"
                        ),
                        None,
                    ));
                }
                None => {
                    return Err(fail(
                        index,
                        format!("crc32c {:?} is not 8 lowercase hex digits", framed.crc32c),
                        None,
                    ));
                }
            }
            all = frame::crc32c_append(all, payload);
            let entry = wire::decode(payload)
                .map_err(|e| fail(index, format!("invalid entry: {e}"), None))?;
            if entry.id().get() != index as u64 {
                return Err(fail(
                    index,
                    format!("has id {}, expected #{index}", entry.id()),
                    None,
                ));
            }
            ledger
                .append(entry.into_content())
                .map_err(|e| fail(index, format!("rejected by the ledger: {e}"), Some(e)))?;
            index += 1;
        }
        Ok((ledger, all))
    }
}
