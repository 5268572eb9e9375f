//! A ledger to and from the binary tables of a journal checkpoint (crate-private; the
//! journal frames, checksums and ties them to its file: `journal/checkpoint.rs`).

use std::fs::File;
use std::ops::Range;
use std::sync::Arc;

use crate::catalog::Catalog;
use crate::holder::HolderId;

use super::change::PlatformRef;
use super::{Ledger, Store, store};

/// The length of a checkpoint body's table of contents.
pub(crate) const CHECKPOINT_TOC_LEN: usize = store::TOC_LEN;

impl Ledger {
    /// Appends the ledger's tables to `buf`; `Err` when the facts of the checkpoint it was
    /// loaded from cannot be read any more (its file changed or unreadable since).
    pub(crate) fn encode_checkpoint(&self, buf: &mut Vec<u8>) -> Result<(), String> {
        self.whole().map_err(|e| e.to_string())?;
        self.store.encode_tables(buf)
    }

    /// `Err` when the fact texts of the checkpoint the ledger was loaded from cannot be read
    /// (read, and checked against their checksum, now if not yet): a checkpoint written from
    /// it would lack them.
    pub(crate) fn checkpoint_facts_readable(&self) -> Result<(), String> {
        self.store.facts_readable()
    }

    /// How many bytes of a checkpoint body, whose start (its table of contents, at least
    /// [`CHECKPOINT_TOC_LEN`] bytes) is `toc`, loading reads (all but the fact texts), and
    /// the body's length.
    pub(crate) fn checkpoint_loaded_len(toc: &[u8]) -> Result<(usize, usize), String> {
        store::loaded_len(toc)
    }

    /// The ledger over `catalog` whose tables are the bytes `body` of `data` (written by
    /// [`Ledger::encode_checkpoint`]); `Err` says what is inconsistent, including a catalog
    /// platform that `catalog` does not have (a full replay would reject its entries). The
    /// facts loaded keep their text in `data`, which lives as long as they do.
    ///
    /// With `texts_in` (the checkpoint file and where the body starts in it), `body` ends
    /// before the fact texts, which stay in the file until read
    /// ([`Ledger::checkpoint_loaded_len`]).
    pub(crate) fn decode_checkpoint(
        catalog: Catalog,
        data: &Arc<Vec<u8>>,
        body: Range<usize>,
        texts_in: Option<(File, u64)>,
    ) -> Result<Self, String> {
        let store = Store::decode_tables(data, body, texts_in, |p| match p {
            PlatformRef::Catalog(id) => catalog.contains(id),
            PlatformRef::Generic(_) => true,
        })?;
        Ok(Self { catalog, store })
    }

    /// The partial ledger of `holders` from the holder slices of the checkpoint body at
    /// `body_at` in `file` (its table of contents `toc`, its whole ledger of `entries`
    /// entries); `Err` says why not (a version-5 body, a damaged slice).
    pub(crate) fn decode_slices(
        catalog: Catalog,
        file: &File,
        body_at: u64,
        toc: &[u8],
        holders: &[HolderId],
        entries: usize,
    ) -> Result<Self, String> {
        let store = Store::load_slices(file, body_at, toc, holders, entries, |p| match p {
            PlatformRef::Catalog(id) => catalog.contains(id),
            PlatformRef::Generic(_) => true,
        })?;
        Ok(Self { catalog, store })
    }

    /// The holders a partial ledger holds, or `None` for a whole ledger.
    ///
    /// A ledger read with [`JournalOptions::only_holders`] from a checkpoint with holder
    /// slices holds only the entries that touch those holders' lots: queries about another
    /// holder see nothing, and it takes no new entry ([`LedgerError::Partial`]).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::*;
    /// use materiel::journal::{CheckpointStatus, JournalOptions};
    /// # let dir = tempfile::tempdir()?;
    /// # let path = dir.path().join("ledger.journal");
    /// # let (ven, su30): (HolderId, PlatformRef) = ("VEN".parse()?, PlatformRef::catalog("su-30mk2")?);
    /// # let report = Source::new("a report", "B2".parse()?)?;
    /// # let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// # let four = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// // A toy journal (illustrative figures): four Su-30MK2s delivered to VEN.
    /// let mut journal = Journal::create(&path, Catalog::reference(), &JournalOptions::new())?;
    /// journal.append(NewEntry::new(ven.clone(), su30, EffectiveDate::year(2006)?, four, report, t))?;
    /// journal.checkpoint()?;
    /// drop(journal);
    /// let options = JournalOptions::new().only_holders([ven.clone()]);
    /// let replay = Journal::read(&path, Catalog::reference(), &options)?;
    /// assert!(matches!(replay.checkpoint, CheckpointStatus::Sliced { .. }));
    /// assert_eq!(replay.ledger.partial_holders(), Some(&[ven][..]));
    /// let whole = Journal::read(&path, Catalog::reference(), &JournalOptions::new())?;
    /// assert_eq!(whole.ledger.partial_holders(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`JournalOptions::only_holders`]: crate::journal::JournalOptions::only_holders
    /// [`LedgerError::Partial`]: crate::LedgerError::Partial
    pub fn partial_holders(&self) -> Option<&[HolderId]> {
        self.store.partial_holders()
    }

    /// `Err(LedgerError::Partial)` for a partial ledger, which takes no new entry.
    pub(crate) fn whole(&self) -> Result<(), crate::LedgerError> {
        match self.store.partial_holders() {
            Some(holders) => Err(crate::LedgerError::Partial {
                holders: holders.to_vec(),
            }),
            None => Ok(()),
        }
    }
}
