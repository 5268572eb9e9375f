//! The two steps every importer takes against the ledger: the recorded-time check before
//! the first entry, and the batch of the import's entries ([`Pending`]), applied at the end
//! as the [`Mode`] says.
//!
//! Strict, the batch is one [`Ledger::extend`]: all or nothing, so a strict import the
//! ledger refuses leaves it exactly as it was. Lenient, it is applied in chunks of
//! [`LENIENT_CHUNK`] entries; when the ledger refuses entry `i` of a chunk, the entries
//! before it are applied (a second validation pass over them), `i` becomes a
//! [`RowProblem::Ledger`] row error, and the chunk goes on after it. The result is the one
//! appending the entries one by one would give (same entries, same ids, same row errors in
//! the same order); the chunks bound what a refusal costs to a chunk, whatever the size of
//! the import.

use std::ops::Range;

use jiff::Timestamp;

use crate::ledger::{BatchError, EntryId, Ledger, LedgerError, NewEntry};

use super::{Counts, Mode, RowError, RowProblem};

/// The entries a lenient import applies per [`Ledger::extend`]: large enough that the batch
/// path's per-batch costs vanish, small enough that a refusal (which costs up to about
/// three passes over the chunk) stays cheap.
pub(crate) const LENIENT_CHUNK: usize = 4096;

/// An import recorded before the ledger's latest entry (the ledger requires non-decreasing
/// recorded times): each importer turns it into its own error variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RecordedTooEarly {
    /// The import's recorded time.
    pub(crate) recorded: Timestamp,
    /// The ledger's latest recorded time.
    pub(crate) latest: Timestamp,
}

/// Checks, before anything is appended, that an import recorded at `recorded` may go into
/// `ledger`, so that an import that cannot succeed changes nothing.
pub(crate) fn check_recorded(ledger: &Ledger, recorded: Timestamp) -> Result<(), RecordedTooEarly> {
    match ledger.latest_recorded() {
        Some(latest) if recorded < latest => Err(RecordedTooEarly { recorded, latest }),
        _ => Ok(()),
    }
}

/// A strict import stopped by the ledger refusing the entry of the row at `line`; the
/// ledger is unchanged.
#[derive(Debug)]
pub(crate) struct Refused<T> {
    /// The row's line (1-based).
    pub(crate) line: u64,
    /// What the importer tagged the entry with.
    pub(crate) tag: T,
    /// The ledger's reason.
    pub(crate) source: LedgerError,
}

/// Where an entry came from: its row's line, how many row errors the import had reported
/// when the entry was built (where a refusal of it goes among them), and the importer's tag.
#[derive(Clone, Copy, Debug)]
struct Origin<T> {
    line: u64,
    rejected: usize,
    tag: T,
}

/// The entries an import has built, in order, each with its row's line and a tag of the
/// importer's (`T`: what kind of entry, which file), waiting to be applied by
/// [`Pending::apply`].
#[derive(Debug)]
pub(crate) struct Pending<T> {
    entries: Vec<NewEntry>,
    origins: Vec<Origin<T>>,
}

impl<T: Copy> Pending<T> {
    /// Room for `n` entries.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            entries: Vec::with_capacity(n),
            origins: Vec::with_capacity(n),
        }
    }

    /// Queues `entry`, built from the row at `line`. `counts` is the import's: a refusal of
    /// the entry is reported after the row errors it holds now and before any reported
    /// later, as if the entry had been appended now.
    pub(crate) fn push(&mut self, entry: NewEntry, line: u64, tag: T, counts: &Counts) {
        self.origins.push(Origin {
            line,
            rejected: counts.rejected.len(),
            tag,
        });
        self.entries.push(entry);
    }

    /// Applies the entries, counting them in `counts` (`entries_created`, `first_entry`),
    /// and calls `each` with every entry's tag, in order, and whether it was appended.
    ///
    /// Strict: all or nothing, one [`Ledger::extend`]; a refusal is [`Refused`] for the
    /// first entry appending one by one would refuse, the ledger unchanged and `each` not
    /// called. Lenient: every entry the ledger refuses becomes a [`RowProblem::Ledger`] row
    /// error in `counts`, the others are appended; never `Err`.
    pub(crate) fn apply(
        self,
        ledger: &mut Ledger,
        mode: Mode,
        counts: &mut Counts,
        each: impl FnMut(T, bool),
    ) -> Result<(), Refused<T>> {
        self.apply_in_chunks(ledger, mode, counts, LENIENT_CHUNK, each)
    }

    /// [`Pending::apply`], lenient chunks of `chunk` entries (at least 1).
    fn apply_in_chunks(
        mut self,
        ledger: &mut Ledger,
        mode: Mode,
        counts: &mut Counts,
        chunk: usize,
        mut each: impl FnMut(T, bool),
    ) -> Result<(), Refused<T>> {
        if mode.is_strict() {
            return match extend(ledger, &mut self.entries) {
                Ok(ids) => {
                    count(counts, ids);
                    self.origins.iter().for_each(|o| each(o.tag, true));
                    Ok(())
                }
                Err(e) => {
                    let o = self
                        .origins
                        .get(e.index)
                        .or(self.origins.first())
                        .copied()
                        .expect("an empty batch is never rejected");
                    Err(Refused {
                        line: o.line,
                        tag: o.tag,
                        source: e.error,
                    })
                }
            };
        }
        let chunk = chunk.max(1);
        let n = self.entries.len();
        let mut refusals: Vec<(usize, RowError)> = Vec::new();
        let mut start = 0;
        while start < n {
            let mut end = n.min(start.saturating_add(chunk));
            loop {
                match extend(ledger, &mut self.entries[start..end]) {
                    Ok(ids) => {
                        count(counts, ids);
                        self.origins[start..end]
                            .iter()
                            .for_each(|o| each(o.tag, true));
                        start = end;
                        break;
                    }
                    // (An index past the chunk would break the rule; taken as `start`, the
                    // loop still ends.)
                    Err(e) if e.index == 0 || start + e.index >= end => {
                        // Entry `start` is the first one appending one by one refuses.
                        let o = self.origins[start];
                        refusals.push((
                            o.rejected,
                            RowError::new(
                                o.line,
                                None,
                                "",
                                RowProblem::Ledger,
                                format!("the ledger refused the entry: {}", e.error),
                            ),
                        ));
                        each(o.tag, false);
                        start += 1;
                        break;
                    }
                    // The entries before the refused one: the rule says they are accepted.
                    Err(e) => end = start + e.index,
                }
            }
        }
        merge(&mut counts.rejected, refusals);
        Ok(())
    }
}

/// One [`Ledger::extend`] of `entries`, which are left as they were when it fails.
fn extend(ledger: &mut Ledger, entries: &mut [NewEntry]) -> Result<Range<u64>, BatchError> {
    ledger.extend_in(entries, |_, _| Ok::<(), BatchError>(()))
}

/// Counts the entries appended as `ids`.
fn count(counts: &mut Counts, ids: Range<u64>) {
    if !ids.is_empty() {
        counts.first_entry.get_or_insert(EntryId::new(ids.start));
    }
    counts.entries_created += ids.end - ids.start;
}

/// Inserts each refusal `(k, error)` after the first `k` of the row errors `rejected` held
/// (and after the refusals before it): where appending one by one would have pushed it.
fn merge(rejected: &mut Vec<RowError>, refusals: Vec<(usize, RowError)>) {
    if refusals.is_empty() {
        return;
    }
    let old = std::mem::take(rejected);
    rejected.reserve(old.len() + refusals.len());
    let mut old = old.into_iter();
    let mut taken = 0;
    for (k, error) in refusals {
        while taken < k {
            match old.next() {
                Some(e) => rejected.push(e),
                None => break,
            }
            taken += 1;
        }
        rejected.push(error);
    }
    rejected.extend(old);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::catalog::Catalog;
    use crate::ledger::{Change, Count, EffectiveDate, Entry, LossCause, PlatformRef, Status};
    use crate::provenance::Source;

    /// The per-entry append the importers used before the batch path: the oracle.
    fn append_one(
        ledger: &mut Ledger,
        entry: NewEntry,
        line: u64,
        mode: Mode,
        counts: &mut Counts,
    ) -> Result<Option<EntryId>, (u64, LedgerError)> {
        match ledger.append(entry) {
            Ok(id) => {
                counts.first_entry.get_or_insert(id);
                counts.entries_created += 1;
                Ok(Some(id))
            }
            Err(source) if mode.is_strict() => Err((line, source)),
            Err(source) => {
                counts.rejected.push(RowError::new(
                    line,
                    None,
                    "",
                    RowProblem::Ledger,
                    format!("the ledger refused the entry: {source}"),
                ));
                Ok(None)
            }
        }
    }

    /// One step of a hostile import: row errors reported before the entry, then the entry.
    #[derive(Clone, Debug)]
    struct Step {
        errors_before: usize,
        holder: usize,
        platform: usize,
        year: i16,
        change: u8,
        n: u64,
        target: u64,
        recorded_back: bool,
    }

    fn step() -> impl Strategy<Value = Step> {
        (
            0usize..3,
            0usize..2,
            0usize..3,
            2000i16..2006,
            0u8..10,
            1u64..5,
            0u64..40,
            prop::bool::weighted(0.05),
        )
            .prop_map(
                |(e, holder, platform, year, change, n, target, recorded_back)| Step {
                    errors_before: e.saturating_sub(1),
                    holder,
                    platform,
                    year,
                    change,
                    n,
                    target,
                    recorded_back,
                },
            )
    }

    fn must<V, E: std::fmt::Debug>(r: Result<V, E>) -> V {
        r.unwrap_or_else(|e| panic!("test value: {e:?}"))
    }

    /// The entry of `s`: deliveries, losses that may exceed what is held, openings,
    /// retractions of any id (unknown, already retracted, another lot's, a retraction), an
    /// unknown platform, a recorded time that goes back.
    fn entry(s: &Step) -> NewEntry {
        let holder = must(["VEN", "COL"][s.holder].parse());
        let platform = must(PlatformRef::catalog(
            ["su-30mk2", "il-76", "no-such-jet"][s.platform],
        ));
        let count = must(Count::exact(s.n));
        let change = match s.change {
            0..=3 => Change::Delivered {
                count,
                into: Status::Operational,
                supplier: None,
                condition: Default::default(),
            },
            4..=6 => Change::Lost {
                count,
                from: Status::Operational,
                cause: LossCause::Destroyed,
            },
            7 => Change::OpeningUnknown,
            _ => Change::Retracted {
                entry: EntryId::new(s.target),
            },
        };
        let recorded = if s.recorded_back {
            "2024-01-01T00:00:00Z"
        } else {
            "2025-01-01T00:00:00Z"
        };
        NewEntry::new(
            holder,
            platform,
            must(EffectiveDate::year(s.year)),
            change,
            must(Source::new("test", must("B2".parse()))),
            must(recorded.parse()),
        )
        .with_note(format!("step {}", s.target))
    }

    fn entries(ledger: &Ledger) -> Vec<Entry> {
        ledger.entries().collect()
    }

    proptest! {
        /// Lenient, the batch path gives what appending one by one gave: the same entries
        /// and ids, the same counts, the same row errors in the same order, the same entries
        /// reported appended; strict, the same first refusal and an unchanged ledger, or
        /// the same ledger. Whatever the chunk size.
        #[test]
        fn the_batch_path_equals_appending_one_by_one(
            base in prop::collection::vec(step(), 0..12),
            steps in prop::collection::vec(step(), 0..40),
            chunk in prop_oneof![1usize..6, Just(LENIENT_CHUNK)],
        ) {
            let mut start = Ledger::new(Catalog::reference());
            for s in &base {
                let _ = start.append(entry(s));
            }
            let filler = |line: u64| RowError::new(line, Some("x"), "bad", RowProblem::Missing, "filler");
            for mode in [Mode::Lenient, Mode::Strict] {
                // The oracle.
                let mut old = start.clone();
                let mut old_counts = Counts::default();
                let mut old_each = Vec::new();
                let mut old_refused = None;
                for (k, s) in steps.iter().enumerate() {
                    let line = k as u64 + 2;
                    for _ in 0..s.errors_before {
                        old_counts.rejected.push(filler(line));
                    }
                    match append_one(&mut old, entry(s), line, mode, &mut old_counts) {
                        Ok(id) => old_each.push((k, id.is_some())),
                        Err(refused) => {
                            old_refused = Some(refused);
                            break;
                        }
                    }
                }
                // The batch path.
                let mut new = start.clone();
                let mut counts = Counts::default();
                let mut pending = Pending::with_capacity(steps.len());
                for (k, s) in steps.iter().enumerate() {
                    let line = k as u64 + 2;
                    for _ in 0..s.errors_before {
                        counts.rejected.push(filler(line));
                    }
                    pending.push(entry(s), line, k, &counts);
                }
                let mut each = Vec::new();
                let result = pending.apply_in_chunks(&mut new, mode, &mut counts, chunk, |k, ok| each.push((k, ok)));
                match (old_refused, result) {
                    (None, Ok(())) => {
                        prop_assert_eq!(entries(&new), entries(&old));
                        prop_assert_eq!(&counts, &old_counts);
                        prop_assert_eq!(&each, &old_each);
                    }
                    (Some((line, source)), Err(refused)) => {
                        prop_assert!(mode.is_strict());
                        prop_assert_eq!((refused.line, refused.source), (line, source));
                        prop_assert_eq!(refused.tag as u64 + 2, line);
                        prop_assert_eq!(entries(&new), entries(&start));
                        prop_assert!(each.is_empty());
                    }
                    (old, new) => prop_assert!(false, "{mode:?}: one by one {old:?}, batch {new:?}"),
                }
            }
        }
    }

    #[test]
    fn refusals_go_among_the_row_errors_where_they_were_reported() {
        let e = |line| RowError::new(line, None, "", RowProblem::Missing, "");
        let mut rejected = vec![e(1), e(2), e(3)];
        merge(
            &mut rejected,
            vec![(0, e(10)), (2, e(11)), (2, e(12)), (3, e(13))],
        );
        let lines: Vec<u64> = rejected.iter().map(|e| e.line).collect();
        assert_eq!(lines, [10, 1, 2, 11, 12, 3, 13]);
    }
}
