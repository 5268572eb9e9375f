//! A ledger to and from the binary tables of a journal checkpoint (crate-private; the
//! journal frames, checksums and ties them to its file: `journal/checkpoint.rs`).

use std::ops::Range;
use std::sync::Arc;

use crate::catalog::Catalog;

use super::change::PlatformRef;
use super::{Ledger, Store};

impl Ledger {
    /// Appends the ledger's tables to `buf`.
    pub(crate) fn encode_checkpoint(&self, buf: &mut Vec<u8>) {
        self.store.encode_tables(buf);
    }

    /// The ledger over `catalog` whose tables are the bytes `body` of `data` (written by
    /// [`Ledger::encode_checkpoint`]); `Err` says what is inconsistent, including a catalog
    /// platform that `catalog` does not have (a full replay would reject its entries). The
    /// facts loaded keep their text in `data`, which lives as long as they do.
    pub(crate) fn decode_checkpoint(
        catalog: Catalog,
        data: &Arc<Vec<u8>>,
        body: Range<usize>,
    ) -> Result<Self, String> {
        let store = Store::decode_tables(data, body, |p| match p {
            PlatformRef::Catalog(id) => catalog.contains(id),
            PlatformRef::Generic(_) => true,
        })?;
        Ok(Self { catalog, store })
    }
}
