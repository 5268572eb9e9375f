//! Copies between stores: the one place that reads a store's entry lines, checks them and
//! hands them to the store being created, which stores them byte for byte or not at all.

use std::sync::Arc;

use super::LedgerStore;
use crate::codec::{self, CodecError};
use crate::ledger::Ledger;

/// What went wrong copying a ledger into a new store (`Journal::create_copy`,
/// `PgStore::create_copy`, [`MemoryStore::copy_of`](super::MemoryStore::copy_of)): whatever
/// it was, nothing was created.
///
/// # Example
///
/// ```
/// use materiel::journal::{Journal, JournalError, JournalOptions};
/// use materiel::store::{CopyError, MemoryStore};
/// use materiel::Catalog;
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("copy.journal");
/// std::fs::write(&path, b"in the way")?;
/// let mut memory = MemoryStore::new(Catalog::reference());
/// let err = Journal::create_copy(&path, &mut memory, &JournalOptions::new()).unwrap_err();
/// assert!(matches!(err, CopyError::Target(JournalError::Exists { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CopyError<S, T> {
    /// Reading the store copied from failed.
    #[error(transparent)]
    Source(S),
    /// Creating the copy failed.
    #[error(transparent)]
    Target(T),
    /// The store copied from gave fewer entry lines than its ledger has entries.
    #[error("the store copied from gave {found} entry lines for its {expected} entries")]
    Short {
        /// The entries of its ledger.
        expected: u64,
        /// The lines it gave.
        found: u64,
    },
    /// A line the store copied from gave is not an intact entry line.
    #[error("entry {index} of the store copied from: {source}")]
    Line {
        /// The entry's id (its position).
        index: u64,
        /// What is wrong with its line.
        source: CodecError,
    },
}

/// Tells the store being created that the copy stopped (the reason is the copy's error):
/// it must then store nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Aborted;

impl std::fmt::Display for Aborted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the copy was aborted: reading the store copied from failed")
    }
}

impl std::error::Error for Aborted {}

/// Copies `from` into the store `create` makes: `create` gets `from`'s ledger and an iterator
/// of its entry lines (each checked to be an intact entry frame, exactly one per entry), and
/// must store them all, byte for byte, or nothing. The iterator yields [`Aborted`], and
/// nothing more, when `from` fails or ends early: `create` then stores nothing and returns an
/// error, and the copy fails with `from`'s error.
pub(crate) fn copy<S, D, E>(
    from: &mut S,
    create: impl FnOnce(Arc<Ledger>, &mut dyn Iterator<Item = Result<Vec<u8>, Aborted>>) -> Result<D, E>,
) -> Result<D, CopyError<S::Error, E>>
where
    S: LedgerStore + ?Sized,
{
    let ledger = from.snapshot();
    let expected = ledger.len() as u64;
    let mut lines = from.entry_lines().map_err(CopyError::Source)?;
    let mut problem: Option<CopyError<S::Error, E>> = None;
    let made = {
        let mut index = 0u64;
        let mut checked = std::iter::from_fn(|| {
            if problem.is_some() || index == expected {
                return None;
            }
            let failed = match lines.next() {
                Some(Ok(line)) => match codec::verify_entry_line(&line) {
                    Ok(()) => {
                        index += 1;
                        return Some(Ok(line));
                    }
                    Err(source) => CopyError::Line { index, source },
                },
                Some(Err(e)) => CopyError::Source(e),
                None => CopyError::Short {
                    expected,
                    found: index,
                },
            };
            problem = Some(failed);
            Some(Err(Aborted))
        });
        create(ledger, &mut checked)
    };
    match (problem, made) {
        (Some(problem), _) => Err(problem),
        (None, made) => made.map_err(CopyError::Target),
    }
}
