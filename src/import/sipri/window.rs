//! The export's window and the lots whose history may begin before it: the
//! [`Change::OpeningUnknown`] entries an import appends (see the [module
//! documentation](super#the-window-and-unknown-opening-stocks)).

use std::sync::Arc;

use jiff::Timestamp;
use rustc_hash::FxHashSet as FxSet;

use crate::catalog::Catalog;
use crate::holder::HolderId;
use crate::import::RowError;
use crate::import::RowProblem;
use crate::ledger::{Change, EffectiveDate, Ledger, NewEntry, PlatformRef};
use crate::provenance::{Grade, Source};

/// The first year the import covers: the window's first year, or the year filter's when it
/// starts later (rows before it are left out); `None` when the export states no window and
/// no year filter is set (the import then records no opening).
pub(super) fn first_year(window: Option<(i16, i16)>, years: Option<(i16, i16)>) -> Option<i16> {
    match (window, years) {
        (Some((w, _)), Some((y, _))) => Some(w.max(y)),
        (Some((w, _)), None) | (None, Some((w, _))) => Some(w),
        (None, None) => None,
    }
}

/// What the opening stock of a lot the import writes into is known to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Opening {
    /// Zero: the catalog's service entry (or first delivery) is in or after the first year
    /// covered, so nobody can have held the platform before it.
    KnownZero,
    /// Unknown: the lot's history may begin before the first year covered.
    Unknown,
}

/// The opening of a lot of `platform` for an import covering years from `from` on.
pub(super) fn opening(catalog: &Catalog, platform: &PlatformRef, from: i16) -> Opening {
    let entry = platform
        .catalog_id()
        .and_then(|id| catalog.get(id))
        .and_then(|p| p.service_entry());
    match entry {
        Some(year) if year >= i32::from(from) => Opening::KnownZero,
        _ => Opening::Unknown,
    }
}

/// The lots of `ledger` that hold an [`Change::OpeningUnknown`] entry, retracted or not (an
/// analyst's retraction stands: a later import does not state the opening unknown again).
/// One pass over the ledger; nothing for an empty one.
pub(super) fn opened(ledger: &Ledger) -> FxSet<(HolderId, PlatformRef)> {
    ledger
        .entries()
        .filter(|e| matches!(e.change(), Change::OpeningUnknown))
        .map(|e| (e.holder().clone(), e.platform().clone()))
        .collect()
}

/// The note of the opening entries of an import covering years from `from` on, of the
/// export's `window` (`window=2000-2030; first_year=2000`).
pub(super) fn note(window: Option<(i16, i16)>, from: i16) -> String {
    match window {
        Some((a, b)) => format!("window={a}-{b}; first_year={from}"),
        None => format!("window=unstated; first_year={from}"),
    }
}

/// Builds the opening entries of one import: one per lot it writes into whose opening is
/// unknown and that holds none yet, in the order the lots are first seen.
pub(super) struct Openings<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) citation: &'a Arc<str>,
    pub(super) grade: Grade,
    pub(super) recorded: Timestamp,
    /// The first year covered.
    pub(super) from: i16,
    /// Lots that already have one.
    pub(super) opened: FxSet<(HolderId, PlatformRef)>,
    /// Lots seen in this import, by the import's own (holder, platform slot) numbers.
    pub(super) seen: FxSet<(u32, u32)>,
    /// The note every opening entry carries.
    pub(super) note: String,
}

impl Openings<'_> {
    /// The opening entry of the lot of `holder` and `platform`, the first time the lot is
    /// seen, when its opening is unknown and it holds none; `line` is its first row's.
    pub(super) fn entry(
        &mut self,
        (holder, platform): (&HolderId, &PlatformRef),
        slots: (u32, u32),
        line: u64,
    ) -> Option<Result<NewEntry, RowError>> {
        if !self.seen.insert(slots)
            || (!self.opened.is_empty()
                && self.opened.contains(&(holder.clone(), platform.clone())))
        {
            return None;
        }
        if opening(self.catalog, platform, self.from) == Opening::KnownZero {
            return None;
        }
        let bad =
            |e: String| RowError::new(line, None, self.from.to_string(), RowProblem::BadYear, e);
        let effective = match EffectiveDate::year(self.from) {
            Ok(d) => d,
            Err(e) => return Some(Err(bad(e.to_string()))),
        };
        let source = match Source::new(Arc::clone(self.citation), self.grade) {
            Ok(s) => s,
            Err(e) => return Some(Err(bad(e.to_string()))),
        };
        Some(Ok(NewEntry::new(
            holder.clone(),
            platform.clone(),
            effective,
            Change::OpeningUnknown,
            source,
            self.recorded,
        )
        .with_note(self.note.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_year_is_the_later_of_window_and_filter() {
        assert_eq!(first_year(Some((2000, 2030)), None), Some(2000));
        assert_eq!(
            first_year(Some((2000, 2030)), Some((2006, 2013))),
            Some(2006)
        );
        assert_eq!(
            first_year(Some((2000, 2030)), Some((1990, 2013))),
            Some(2000)
        );
        assert_eq!(first_year(None, Some((2006, 2013))), Some(2006));
        assert_eq!(first_year(None, None), None);
    }

    #[test]
    fn a_platform_first_delivered_in_the_window_opens_at_zero()
    -> Result<(), Box<dyn std::error::Error>> {
        let catalog = Catalog::reference();
        let su30 = PlatformRef::catalog("su-30mk2")?; // service entry 2004
        assert_eq!(opening(&catalog, &su30, 2000), Opening::KnownZero);
        assert_eq!(opening(&catalog, &su30, 2005), Opening::Unknown);
        let generic = PlatformRef::generic("DA-40", crate::catalog::PlatformKind::Aircraft)?;
        assert_eq!(opening(&catalog, &generic, 2000), Opening::Unknown);
        Ok(())
    }
}
