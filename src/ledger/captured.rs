//! How many of a lot's units in service were captured: [`CapturedHeld`], read from a
//! [`LotState`] by [`LotState::captured_held`].
//!
//! A capture credits the captor's lot in status [`Unknown`](super::Status::Unknown): the loss
//! record says the item was taken, not in what condition (Oryx lists damaged and abandoned
//! equipment as captured). The lot keeps the units it captured apart from its own only as a
//! flow ([`LotState::captured_in`]); what leaves the lot later (a loss, a retirement, an
//! assessment that finds fewer) does not say whether it was a captured unit or one of the
//! holder's own. So "of which captured" is a range, not a count, and it needs nothing stored
//! beyond the lot's flows: no journal line, checkpoint or index changes for it.

use std::fmt;

use super::lot_state::LotState;

/// How many of a lot's units in service were captured from other holders, as a range
/// `lower..=upper` ("of which captured" in the holdings).
///
/// * `upper`: every unit captured in that can still be there: the lot's
///   [`captured_in`](LotState::captured_in) flow, and no more than the units in service when
///   those are known exactly (when the lot's opening stock is unknown,
///   [`in_service`](LotState::in_service) is a lower bound and does not cap it).
/// * `lower`: the units captured in less everything that may have taken captured units out
///   (every unit lost, retired, expended or transferred out), at zero at least. Once an
///   [assessment](super::Change::Assessed) is in effect it is `0`: an assessment restates the
///   lot's counts without saying whose units it counts, so no captured unit is known to
///   remain. (That is looser than it could be when the assessment came before the captures;
///   the lot's flows alone do not tell the order.)
///
/// The range is of the recorded figures (a captured count's basis, such as an estimate, is
/// not carried). Captured units are counted in [`in_service`](LotState::in_service) like any
/// other: the range says how many of those may be captured ones.
///
/// # Example
///
/// Ukraine's T-80BV in Oryx's lists (snapshot of 2025-07-19): 95 captured from Russia, 92
/// of Ukraine's own lost (any of which may have been a captured one), opening stock unknown.
///
/// ```
/// use materiel::ledger::{CapturedHeld, LossCause};
/// use materiel::{AsOf, Catalog, Change, Count, EffectiveDate, Ledger, NewEntry, PlatformRef, Source, Status};
///
/// let mut ledger = Ledger::new(Catalog::reference());
/// let oryx = Source::new("Oryx (oryxspioenkop.com)", "B2".parse()?)?;
/// let t80 = PlatformRef::catalog("t-80bv")?;
/// let t: jiff::Timestamp = "2025-07-20T00:00:00Z".parse()?;
/// let entry = |holder: &str, change| -> Result<NewEntry, Box<dyn std::error::Error>> {
///     Ok(NewEntry::new(holder.parse()?, t80.clone(), EffectiveDate::day(2022, 2, 24)?, change, oryx.clone(), t))
/// };
/// ledger.append(entry("UKR", Change::OpeningUnknown)?)?;
/// ledger.append(entry("RUS", Change::OpeningUnknown)?)?;
/// let captured = LossCause::Captured { by: Some("UKR".parse()?) };
/// ledger.append(entry("RUS", Change::Lost { count: Count::exact(95)?, from: Status::Unknown, cause: captured })?)?;
/// ledger.append(entry("UKR", Change::Lost { count: Count::exact(92)?, from: Status::Unknown, cause: LossCause::Destroyed })?)?;
///
/// let lot = ledger.lot(&"UKR".parse()?, &t80, &AsOf::latest());
/// assert_eq!(lot.in_service(), Count::at_least(3)?);
/// let held = lot.captured_held();
/// assert_eq!((held.lower(), held.upper()), (3, 95));
/// assert_eq!(held.to_string(), "3..95");
/// assert_eq!(CapturedHeld::default().to_string(), "0");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CapturedHeld {
    lower: u64,
    upper: u64,
}

impl CapturedHeld {
    /// The fewest captured units the lot can still hold.
    pub fn lower(&self) -> u64 {
        self.lower
    }

    /// The most captured units the lot can still hold.
    pub fn upper(&self) -> u64 {
        self.upper
    }

    /// True when the lot never captured anything (both bounds zero).
    ///
    /// ```
    /// assert!(materiel::ledger::CapturedHeld::default().is_none());
    /// ```
    pub fn is_none(&self) -> bool {
        self.upper == 0
    }

    /// The range of two lots together (a group's, [`HoldingsGroup`](super::HoldingsGroup)):
    /// `None` when a bound overflows 64 bits.
    pub(crate) fn plus(self, other: Self) -> Option<Self> {
        Some(Self {
            lower: self.lower.checked_add(other.lower)?,
            upper: self.upper.checked_add(other.upper)?,
        })
    }

    /// The range of `state`: see the type's documentation.
    pub(crate) fn of(state: &LotState) -> Self {
        let captured = state.captured_in().value();
        if captured == 0 {
            return Self::default();
        }
        let in_service = state.in_service().value();
        let upper = if state.baseline_known() {
            captured.min(in_service)
        } else {
            captured
        };
        let lower = state.captured_floor.min(upper);
        Self { lower, upper }
    }
}

impl fmt::Display for CapturedHeld {
    /// `95` when the bounds agree, `3..95` when they do not.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = if self.lower == self.upper {
            self.lower.to_string()
        } else {
            format!("{}..{}", self.lower, self.upper)
        };
        f.pad(&text)
    }
}
