//! A ledger to and from the binary tables of a journal checkpoint (crate-private; the
//! journal frames, checksums and ties them to its file: `journal/checkpoint.rs`).

use std::fs::File;
use std::ops::Range;
use std::sync::Arc;

use crate::catalog::Catalog;

use super::change::PlatformRef;
use super::{Ledger, Store, store};

/// The length of a checkpoint body's table of contents.
pub(crate) const CHECKPOINT_TOC_LEN: usize = store::TOC_LEN;

impl Ledger {
    /// Appends the ledger's tables to `buf`; `Err` when the facts of the checkpoint it was
    /// loaded from cannot be read any more (its file changed or unreadable since).
    pub(crate) fn encode_checkpoint(&self, buf: &mut Vec<u8>) -> Result<(), String> {
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
}
