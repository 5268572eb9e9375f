//! One light pass over the records for what some sources' entries span: the last year of their
//! deliveries and the note of an unknown opening, read without decoding any entry (the SIPRI
//! importer's `coverage` asks it, so that a query's heading can say where the data ends).

use jiff::Timestamp;

use super::Store;
use super::record::Op;
use crate::ledger::Ledger;

/// What the entries of one source span ([`Ledger::source_spans`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SourceSpan<'a> {
    /// The source's citation.
    pub(crate) citation: &'a str,
    /// The last year with a delivery of the source's.
    pub(crate) last_delivery: Option<i16>,
    /// The note of the source's first unknown opening that has one.
    pub(crate) opening_note: Option<&'a str>,
}

impl Store {
    /// [`Ledger::source_spans`].
    fn source_spans(
        &self,
        keep: &dyn Fn(&str) -> bool,
        known: Option<Timestamp>,
    ) -> Vec<SourceSpan<'_>> {
        // Per source (by its handle): whether it is kept, and its span.
        let mut kept: Vec<Option<bool>> = vec![None; self.sources.len()];
        let mut spans: Vec<Option<SourceSpan<'_>>> = vec![None; self.sources.len()];
        for ix in self.entry_ixs() {
            let rec = self.records.get(ix);
            let delivered = match rec.op {
                Op::Delivered { .. } => true,
                Op::OpeningUnknown => false,
                _ => continue,
            };
            let s = rec.source.get();
            let is_kept =
                *kept[s].get_or_insert_with(|| keep(self.sources.value(rec.source).citation()));
            if !is_kept || known.is_some_and(|k| self.times[rec.recorded.get()] > k) {
                continue;
            }
            let span = spans[s].get_or_insert_with(|| SourceSpan {
                citation: self.sources.value(rec.source).citation(),
                last_delivery: None,
                opening_note: None,
            });
            if delivered {
                let year = rec.effective.first_day().year();
                span.last_delivery = Some(span.last_delivery.map_or(year, |y| y.max(year)));
            } else if span.opening_note.is_none() {
                span.opening_note = self.notes.get(ix);
            }
        }
        spans.into_iter().flatten().collect()
    }
}

impl Ledger {
    /// For each source whose citation `keep` accepts (asked once per source), with entries
    /// recorded by `known` (every entry when `None`): the last year of its deliveries and the
    /// note of its first unknown opening with one. Retracted entries count: this is what the
    /// source covers, not what a view keeps. O(entries), decoding none.
    pub(crate) fn source_spans(
        &self,
        keep: &dyn Fn(&str) -> bool,
        known: Option<Timestamp>,
    ) -> Vec<SourceSpan<'_>> {
        self.store.source_spans(keep, known)
    }
}
