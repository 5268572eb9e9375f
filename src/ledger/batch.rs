//! Batch appends: [`Ledger::extend`] and [`BatchError`].

use std::ops::Range;

use super::Ledger;
use super::change::PlatformRef;
use super::entry::NewEntry;
use super::error::LedgerError;
use super::store::{Batch, BatchMark};

/// Why [`Ledger::extend`] rejected a batch: the first entry that appending the batch one
/// entry at a time would reject, by its position in the batch (from 0), and why. The ledger
/// is then unchanged.
///
/// ```
/// use materiel::ledger::BatchError;
/// use materiel::{EntryId, LedgerError};
///
/// let err = BatchError { index: 3, error: LedgerError::UnknownEntry { entry: EntryId::new(9) } };
/// assert_eq!(err.to_string(), "entry 3 of the batch was rejected: no entry #9 to retract");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("entry {index} of the batch was rejected: {error}")]
pub struct BatchError {
    /// The entry's position in the batch, from 0.
    pub index: usize,
    /// What [`Ledger::append`] would have said about it.
    pub error: LedgerError,
}

impl Ledger {
    /// Validates and appends a batch of entries, all or none; returns the range of their ids
    /// (as numbers for [`EntryId::new`](super::EntryId::new)), in batch order.
    ///
    /// **The rule:** a batch is accepted exactly when appending its entries one by one, in
    /// order, with [`Ledger::append`] would accept every one of them, and then the ledger is the
    /// same as after those appends (same ids, entries and answers). An entry may retract an
    /// entry earlier in the same batch. Otherwise the error names the first entry that
    /// one-by-one appending would reject, with the same [`LedgerError`], and the ledger is
    /// unchanged.
    ///
    /// The batch is indexed lot by lot: the entries that extend a lot in date order are
    /// appended to its index in one pass and checked for negative counts once (see
    /// `store/batch.rs`). A rejected batch costs up to about twice an accepted one (it is
    /// replayed entry by entry to name the culprit).
    ///
    /// # Errors
    ///
    /// A [`BatchError`]; the ledger is then unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
    /// use materiel::ledger::LossCause;
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let source = Source::new("a report", "B2".parse()?)?;
    /// let entry = |year, change| NewEntry::new(
    ///     "VEN".parse().unwrap(),
    ///     PlatformRef::catalog("su-30mk2").unwrap(),
    ///     EffectiveDate::year(year).unwrap(),
    ///     change,
    ///     source.clone(),
    ///     "2025-01-01T00:00:00Z".parse().unwrap(),
    /// );
    /// let delivered = Change::Delivered { count: Count::exact(4)?, into: Status::Operational, supplier: None, condition: Default::default() };
    /// let lost = |n| Change::Lost { count: Count::exact(n).unwrap(), from: Status::Operational, cause: LossCause::Destroyed };
    ///
    /// let ids = ledger.extend([entry(2006, delivered), entry(2010, lost(1))])?;
    /// assert_eq!(ids, 0..2);
    ///
    /// // The second entry would lose more than is held: nothing of the batch is kept.
    /// let err = ledger.extend([entry(2011, lost(1)), entry(2012, lost(5))]).unwrap_err();
    /// assert_eq!(err.index, 1);
    /// assert_eq!(ledger.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn extend(
        &mut self,
        entries: impl IntoIterator<Item = NewEntry>,
    ) -> Result<Range<u64>, BatchError> {
        self.extend_then(entries.into_iter().collect(), |_, _| {
            Ok::<(), BatchError>(())
        })
    }

    /// Validates and applies `entries` like [`Ledger::extend`], then calls `commit` with the
    /// first id and the entries; if `commit` fails the whole batch is rolled back and its
    /// error returned. The journal writes the batch's lines with it.
    pub(crate) fn extend_then<E: From<BatchError>>(
        &mut self,
        mut entries: Vec<NewEntry>,
        commit: impl FnOnce(u64, &[NewEntry]) -> Result<(), E>,
    ) -> Result<Range<u64>, E> {
        self.extend_in(&mut entries, commit)
    }

    /// [`Ledger::extend_then`] on borrowed entries, for a caller that needs them back when
    /// the batch is rejected (the importers, in lenient mode): on success their notes and
    /// facts have been moved into the ledger (taken); on failure they are untouched.
    pub(crate) fn extend_in<E: From<BatchError>>(
        &mut self,
        entries: &mut [NewEntry],
        commit: impl FnOnce(u64, &[NewEntry]) -> Result<(), E>,
    ) -> Result<Range<u64>, E> {
        if let Err(error) = self.whole() {
            return Err(BatchError { index: 0, error }.into());
        }
        let start = self.store.len() as u64;
        // 1. The checks that depend on nothing but the entry and the one before it.
        let (limit, early) = match self.check_alone(entries) {
            Ok(()) => (entries.len(), None),
            Err(err) => (err.index, Some(err)),
        };
        let mark = self.store.batch_mark();
        // 2. The entries before the first that fails on its own, applied as a batch.
        if self.apply_batch(&entries[..limit]).is_err() {
            self.store.truncate(&mark);
            // Name the entry: the one-by-one rule, on the rare rejected batch.
            self.replay_one_by_one(&entries[..limit], &mark)?;
        }
        if let Some(err) = early {
            self.store.truncate(&mark);
            return Err(err.into());
        }
        if let Err(err) = commit(start, entries) {
            self.store.truncate(&mark);
            return Err(err);
        }
        let end = start + entries.len() as u64;
        for (id, entry) in (start..end).zip(entries.iter_mut()) {
            self.store
                .keep_extras(id, entry.note.take(), entry.facts.take());
        }
        Ok(start..end)
    }

    /// The first entry that fails a check of its own (shape, catalog platform, recorded time
    /// against the entry before it), assuming every earlier one is appended.
    fn check_alone(&self, entries: &[NewEntry]) -> Result<(), BatchError> {
        let mut latest = self.store.latest_recorded();
        let mut known: Option<&PlatformRef> = None;
        for (index, entry) in entries.iter().enumerate() {
            let fail = |error| BatchError { index, error };
            entry.change.check(&entry.holder).map_err(fail)?;
            if let PlatformRef::Catalog(id) = &entry.platform
                && known != Some(&entry.platform)
            {
                if !self.store.knows_platform(&entry.platform) && !self.catalog.contains(id) {
                    return Err(fail(LedgerError::UnknownPlatform {
                        platform: id.clone(),
                    }));
                }
                known = Some(&entry.platform);
            }
            if let Some(latest) = latest
                && entry.recorded < latest
            {
                return Err(fail(LedgerError::RecordedOutOfOrder {
                    recorded: entry.recorded,
                    latest,
                }));
            }
            latest = Some(entry.recorded);
        }
        Ok(())
    }

    /// Applies `entries` (each passed [`Ledger::check_alone`]) on the batch path; `Err` when
    /// some entry may be rejected (the caller truncates and replays).
    fn apply_batch(&mut self, entries: &[NewEntry]) -> Result<(), ()> {
        let mut batch = Batch::new();
        for entry in entries {
            if self.check_reference(entry).is_err() {
                return Err(());
            }
            self.store.push_batched(entry, &mut batch).map_err(|_| ())?;
        }
        self.store.finish_batch(batch).map_err(|_| ())
    }

    /// Appends `entries` one by one as [`Ledger::append`] would (their own checks passed);
    /// on the first rejection truncates to `mark` and names the entry.
    fn replay_one_by_one(
        &mut self,
        entries: &[NewEntry],
        mark: &BatchMark,
    ) -> Result<(), BatchError> {
        for (index, entry) in entries.iter().enumerate() {
            let appended = self
                .check_reference(entry)
                .and_then(|()| self.store.append(entry));
            match appended {
                Ok(pending) => self.store.keep(pending, None, None),
                Err(error) => {
                    self.store.truncate(mark);
                    return Err(BatchError { index, error });
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Change, Count, EffectiveDate, LossCause, Status};
    use crate::{Catalog, Source};

    fn entry(year: i16, change: Change) -> NewEntry {
        NewEntry::new(
            "VEN".parse().expect("an ISO alpha-3 code"),
            PlatformRef::catalog("su-30mk2").expect("a catalog id"),
            EffectiveDate::year(year).expect("a year in range"),
            change,
            Source::new("batch test", "B2".parse().expect("a grade")).expect("a citation"),
            "2025-01-01T00:00:00Z".parse().expect("a timestamp"),
        )
    }

    /// A later entry of the batch that marks the lot's opening stock unknown relaxes the
    /// check of the final state, not of the states before it: appending one by one rejects
    /// the loss, and so must the batch.
    #[test]
    fn an_opening_unknown_later_in_the_batch_does_not_excuse_an_earlier_loss() {
        let lost = Change::Lost {
            count: Count::exact(1).expect("1 is a valid count"),
            from: Status::Operational,
            cause: LossCause::Destroyed,
        };
        let batch = [entry(2000, lost), entry(2001, Change::OpeningUnknown)];
        let mut one = Ledger::new(Catalog::reference());
        let Err(want) = one.append(batch[0].clone()) else {
            panic!("appended alone, the loss is rejected");
        };
        let mut ledger = Ledger::new(Catalog::reference());
        let Err(err) = ledger.extend(batch) else {
            panic!("the batch is rejected");
        };
        assert_eq!(
            err,
            BatchError {
                index: 0,
                error: want
            }
        );
        assert_eq!(ledger.len(), 0);
    }
}
