//! Honest bounds on a lot's counts when sources disagree: [`Ledger::bounds`], its answer
//! [`Bounds`] with the [`Support`]s behind it, and the [`PointPolicy`] that picks one figure.
//!
//! The bounds of a quantity (units held, in one status, delivered, lost) at an [`AsOf`] come
//! from three kinds of support, each read from the entries the view sees:
//!
//! * **the recorded flows**: deliveries, transfers and captures in, less losses, retirements,
//!   expenditures and transfers out, from an opening stock of zero (or, for a lot whose
//!   opening stock is unknown, from at least the stock its removals imply, with no upper
//!   limit, until a baseline closes it: an assessment, or a claim of the same quantity with
//!   an upper limit that is not below what the flows bring; a claim below them disagrees
//!   with them, and both are kept); for a munition never assessed (no assessment and no claim of the count
//!   held or of the quantity: [`Category::is_munition`](crate::catalog::Category::is_munition)), at least none
//!   and at most the flows' sum, `up_to`, since its expenditure is unknown; graded by the
//!   weakest grade of the flow entries;
//! * **each assessment** ([`Change::Assessed`]): a source's absolute count;
//! * **each claim** ([`Change::Claimed`]).
//!
//! An assessment or a claim speaks of its own date: it is carried to the view's date by the
//! flows recorded between the two (a claim of 23 in 2018 followed by a crash in 2019 supports
//! 22 in 2025), so both bounds conserve units, and never go below zero. A figure's basis
//! sets its range: exact, about and estimate give one figure, `at_least` opens the upper side,
//! `up_to` the lower. The bounds are the hull of every support's range: conflicting supports
//! widen them, and none is dropped. The assessments that set the lot's trajectory
//! ([`Ledger::lot`]) are supports like any claim here: the latest does not erase the others.

use std::fmt;

use crate::holder::HolderId;
use crate::provenance::Grade;

use super::Ledger;
use super::change::{Basis, Change, Count, LossCause, PlatformRef, Status};
use super::claims::{Decision, Quantity};
use super::entry::{Entry, EntryId, NewEntry};
use super::error::LedgerError;
use super::time::{AsOf, EffectiveDate};

/// How [`Bounds`] picks its point figure among its [`Support`]s.
///
/// # Example
///
/// ```
/// use materiel::ledger::PointPolicy;
/// assert_eq!(PointPolicy::default(), PointPolicy::GradeThenRecency);
/// assert_eq!(PointPolicy::Latest.to_string(), "latest");
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, strum::Display, strum::IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum PointPolicy {
    /// The best-graded support, by [`Grade`]'s order (reliability first, then credibility);
    /// among equal grades the most recent (effective date, then the later entry). A weaker
    /// grade never overrides a stronger one, however recent.
    #[default]
    GradeThenRecency,
    /// The most recent support (effective date, then the later entry), whatever its grade.
    Latest,
    /// No single figure: the range is the answer ([`Bounds::point`] is `None`).
    Widest,
    /// The analyst's resolution in effect ([`Change::Resolved`]): a picked claim's figure; for a
    /// narrowed range, the [`GradeThenRecency`](Self::GradeThenRecency) figure held within
    /// it; no figure when the range is kept. Without a resolution in effect, as
    /// [`GradeThenRecency`](Self::GradeThenRecency) (and [`Bounds::policy`] says so).
    Resolved,
}

/// Where a [`Support`] comes from (the [`Support`] example reads one of each kind but
/// assessments).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SupportOrigin {
    /// The lot's recorded flows (deliveries, losses, ...), summed from the opening stock.
    Flows {
        /// How many flow entries the view sees.
        entries: usize,
    },
    /// An assessment ([`Change::Assessed`]).
    Assessment(Entry),
    /// A claim ([`Change::Claimed`]).
    Claim(Entry),
}

/// One figure behind a [`Bounds`]: what a source (or the recorded flows) says, as stated and
/// carried to the view's date. Read from [`Bounds::supports`]; where each comes from is its
/// [`SupportOrigin`].
///
/// # Example
///
/// ```
/// use materiel::ledger::{Quantity, SupportOrigin};
/// use materiel::*;
///
/// // Illustrative: 24 delivered in 2008 (B2), a C3 claim of "at least 25" in 2024.
/// let mut ledger = Ledger::new(Catalog::reference());
/// let (ven, su30) = ("VEN".parse::<HolderId>()?, PlatformRef::catalog("su-30mk2")?);
/// let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
/// let delivered = Change::Delivered { count: Count::exact(24)?, into: Status::Unknown, supplier: None, condition: Default::default() };
/// let source = Source::new("illustrative", "B2".parse()?)?;
/// ledger.append(NewEntry::new(ven.clone(), su30.clone(), EffectiveDate::year(2008)?, delivered, source, t))?;
/// let claim = Change::Claimed { quantity: Quantity::Held, count: Count::at_least(25)? };
/// let source = Source::new("illustrative", "C3".parse()?)?;
/// let claim = ledger.append(NewEntry::new(ven.clone(), su30.clone(), EffectiveDate::year(2024)?, claim, source, t))?;
///
/// let bounds = ledger.bounds(&ven, &su30, Quantity::Held, &AsOf::latest());
/// let [flows, said] = bounds.supports() else { panic!("two supports") };
/// assert_eq!(flows.origin(), &SupportOrigin::Flows { entries: 1 });
/// assert_eq!((flows.lower(), flows.upper(), flows.grade().to_string()), (24, Some(24), "B2".to_owned()));
/// assert!(matches!(said.origin(), SupportOrigin::Claim(e) if e.id() == claim));
/// assert_eq!((said.stated().value(), said.lower(), said.upper()), (25, 25, None));
/// assert!(!flows.agrees_with(said));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Support {
    origin: SupportOrigin,
    stated: Count,
    effective: EffectiveDate,
    grade: Grade,
    lower: u64,
    upper: Option<u64>,
}

impl Support {
    /// Where the figure comes from.
    pub fn origin(&self) -> &SupportOrigin {
        &self.origin
    }
    /// The assessment or claim entry, if the support is one.
    pub fn entry(&self) -> Option<&Entry> {
        match &self.origin {
            SupportOrigin::Assessment(e) | SupportOrigin::Claim(e) => Some(e),
            SupportOrigin::Flows { .. } => None,
        }
    }
    /// The figure as its source states it, at its own date (the flows' sum at the view's
    /// date), with its basis.
    pub fn stated(&self) -> Count {
        self.stated
    }
    /// The date the figure speaks of (the latest flow entry's, for the flows).
    pub fn effective(&self) -> EffectiveDate {
        self.effective
    }
    /// The source's grade (the weakest of the flow entries', for the flows).
    pub fn grade(&self) -> Grade {
        self.grade
    }
    /// The least the figure allows at the view's date.
    pub fn lower(&self) -> u64 {
        self.lower
    }
    /// The most the figure allows at the view's date; `None`: no upper limit.
    pub fn upper(&self) -> Option<u64> {
        self.upper
    }
    /// The single figure it gives at the view's date. For the recorded flows, what they bring
    /// ([`stated`](Self::stated), the flows' sum at the view's date): the lot's count, even
    /// where the range is wider (a munition never assessed: from 0, its expenditure unknown;
    /// an opening stock unknown: no upper limit). For an assessment or a claim, its upper
    /// bound for an `up_to` basis, its lower bound otherwise.
    pub fn figure(&self) -> u64 {
        match (&self.origin, self.stated.basis(), self.upper) {
            (SupportOrigin::Flows { .. }, ..) => self.stated.value(),
            (_, Basis::UpTo, Some(u)) => u,
            _ => self.lower,
        }
    }
    /// True when the two supports can both be right: their ranges meet.
    pub fn agrees_with(&self, other: &Support) -> bool {
        self.upper.is_none_or(|u| other.lower <= u) && other.upper.is_none_or(|u| self.lower <= u)
    }
    fn id(&self) -> Option<EntryId> {
        self.entry().map(Entry::id)
    }
    /// The order of recency: date, then the later entry (the flows after an entry of the
    /// same date).
    fn recency(&self) -> (EffectiveDate, u64) {
        (self.effective, self.id().map_or(u64::MAX, EntryId::get))
    }
}

impl fmt::Display for Support {
    /// `recorded flows (6 entries, to 2023-07-02, B2): 21`, or
    /// `Sputnik (C3): claimed 23 on 2023-07-03 (#11)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.origin {
            SupportOrigin::Flows { entries } => write!(
                f,
                "recorded flows ({entries} entries, to {}, {}): {}",
                self.effective, self.grade, self.stated
            ),
            SupportOrigin::Assessment(e) | SupportOrigin::Claim(e) => {
                let kind = match self.origin {
                    SupportOrigin::Assessment(_) => "assessed",
                    _ => "claimed",
                };
                write!(
                    f,
                    "{} ({}): {kind} {} on {} ({})",
                    e.source().citation(),
                    self.grade,
                    self.stated,
                    self.effective,
                    e.id()
                )
            }
        }
    }
}

/// A quantity of a lot at an [`AsOf`] as honest bounds: the least and the most the visible
/// entries and claims allow, one figure picked by a [`PointPolicy`], and every [`Support`]
/// behind them. See [`Ledger::bounds`].
///
/// **The point when only the flows speak.** Each support gives one figure
/// ([`Support::figure`]); the recorded flows give what they bring, the lot's count, even where
/// their range is wider. So a lot whose only support is its flows (no assessment, no claim)
/// has the count as its point, and the range says how far the truth may lie from it: a
/// munition never assessed, `N` delivered, is `0..=N`, point `N` (its expenditure is unknown,
/// and no source says any was expended); one whose opening stock is unknown too is `0..`
/// (no upper limit), point `N`; any other lot whose opening stock is unknown is `N..`, point
/// `N`. The point is never the floor 0 an unknown expenditure allows.
///
/// # Example
///
/// ```
/// use materiel::ledger::{PointPolicy, Quantity};
/// use materiel::*;
///
/// // Illustrative figures: SIPRI-like deliveries of 24 (B2) and a news claim of 23 (C3).
/// let mut ledger = Ledger::new(Catalog::reference());
/// let (ven, su30) = ("VEN".parse::<HolderId>()?, PlatformRef::catalog("su-30mk2")?);
/// let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
/// let mut add = |change, grade: &str| -> Result<EntryId, Box<dyn std::error::Error>> {
///     let source = Source::new("illustrative", grade.parse()?)?;
///     let date = EffectiveDate::year(2023)?;
///     Ok(ledger.append(NewEntry::new(ven.clone(), su30.clone(), date, change, source, t))?)
/// };
/// add(Change::Delivered { count: Count::exact(24)?, into: Status::Unknown, supplier: None, condition: Default::default() }, "B2")?;
/// add(Change::Claimed { quantity: Quantity::Held, count: Count::exact(23)? }, "C3")?;
///
/// let b = ledger.bounds(&ven, &su30, Quantity::Held, &AsOf::latest());
/// assert_eq!((b.lower(), b.upper()), (23, Some(24)));
/// // The default policy keeps the stronger grade's figure and says what it set aside.
/// assert_eq!((b.point(), b.policy()), (Some(24), PointPolicy::GradeThenRecency));
/// assert_eq!(b.set_aside().count(), 1);
/// assert!(b.disagree());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bounds {
    quantity: Quantity,
    lower: u64,
    upper: Option<u64>,
    point: Option<u64>,
    policy: PointPolicy,
    chosen: Option<usize>,
    supports: Vec<Support>,
    resolution: Option<Entry>,
}

impl Bounds {
    /// What is counted.
    pub fn quantity(&self) -> Quantity {
        self.quantity
    }
    /// The least any support allows (never negative).
    pub fn lower(&self) -> u64 {
        self.lower
    }
    /// The most any support allows; `None`: no upper limit (an `at_least` claim, an
    /// unknown opening stock).
    pub fn upper(&self) -> Option<u64> {
        self.upper
    }
    /// The figure the policy picked, if it picks one.
    pub fn point(&self) -> Option<u64> {
        self.point
    }
    /// The policy that chose the point ([`PointPolicy::GradeThenRecency`] when
    /// [`PointPolicy::Resolved`] was asked for and no resolution is in effect).
    pub fn policy(&self) -> PointPolicy {
        self.policy
    }
    /// The support whose figure is the point, if one is.
    pub fn chosen(&self) -> Option<&Support> {
        self.chosen.map(|i| &self.supports[i])
    }
    /// The supports the policy set aside: every one but the chosen.
    pub fn set_aside(&self) -> impl Iterator<Item = &Support> + '_ {
        let chosen = self.chosen;
        self.supports
            .iter()
            .enumerate()
            .filter(move |(i, _)| Some(*i) != chosen)
            .map(|(_, s)| s)
    }
    /// Every support, in (date, entry) order, the flows first.
    pub fn supports(&self) -> &[Support] {
        &self.supports
    }
    /// The supports that give the lower bound.
    pub fn lower_supports(&self) -> impl Iterator<Item = &Support> + '_ {
        self.supports.iter().filter(|s| s.lower == self.lower)
    }
    /// The supports that give the upper bound.
    pub fn upper_supports(&self) -> impl Iterator<Item = &Support> + '_ {
        self.supports.iter().filter(|s| s.upper == self.upper)
    }
    /// The resolution in effect for this quantity ([`Change::Resolved`]), if any.
    pub fn resolution(&self) -> Option<&Entry> {
        self.resolution.as_ref()
    }
    /// True when some two supports cannot both be right (their ranges do not meet).
    pub fn disagree(&self) -> bool {
        self.supports
            .iter()
            .enumerate()
            .any(|(i, a)| self.supports[i + 1..].iter().any(|b| !a.agrees_with(b)))
    }
    /// The width of the range, `upper - lower`; `None` without an upper limit.
    pub fn width(&self) -> Option<u64> {
        self.upper.map(|u| u - self.lower)
    }

    /// True when the bounds say more than the count `shown` of the same quantity (the lot's
    /// count, [`Ledger::lot`]): a claim or a resolution is visible, or the range or the point
    /// differs from it; except a range open above whose least is an "at least" count (`>=92`:
    /// the bounds `92..` add nothing). The command line and the Python bindings show a lot's
    /// bounds where this holds.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Quantity;
    /// use materiel::*;
    ///
    /// // Illustrative: 24 delivered (B2): the bounds 24..=24, point 24, add nothing.
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let (ven, su30) = ("VEN".parse::<HolderId>()?, PlatformRef::catalog("su-30mk2")?);
    /// let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// let delivered = Change::Delivered { count: Count::exact(24)?, into: Status::Unknown, supplier: None, condition: Default::default() };
    /// ledger.append(NewEntry::new(ven.clone(), su30.clone(), EffectiveDate::year(2008)?, delivered, Source::new("illustrative", "B2".parse()?)?, t))?;
    /// let shown = |l: &Ledger| l.lot(&ven, &su30, &AsOf::latest()).in_service();
    /// let b = ledger.bounds(&ven, &su30, Quantity::Held, &AsOf::latest());
    /// assert!(!b.says_more_than(shown(&ledger)));
    ///
    /// // A C4 report of 20 held sets the count; the flows still say 24: the bounds say more.
    /// let report = Change::Assessed { breakdown: vec![(Status::Unknown, Count::exact(20)?)] };
    /// ledger.append(NewEntry::new(ven.clone(), su30.clone(), EffectiveDate::year(2024)?, report, Source::new("illustrative report", "C4".parse()?)?, t))?;
    /// let b = ledger.bounds(&ven, &su30, Quantity::Held, &AsOf::latest());
    /// assert!(b.says_more_than(shown(&ledger)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn says_more_than(&self, shown: Count) -> bool {
        let n = shown.value();
        if self.resolution.is_some()
            || self
                .supports
                .iter()
                .any(|s| matches!(s.origin, SupportOrigin::Claim(_)))
        {
            return true;
        }
        let said_by_the_count =
            self.lower == n && self.upper.is_none() && shown.basis() == Basis::AtLeast;
        !said_by_the_count && (self.lower != n || self.upper != Some(n) || self.point != Some(n))
    }

    /// The latest assessment's support, when some other support (the flows, a claim, an
    /// earlier assessment) disagrees with it. A lot's count ([`Ledger::lot`]) is the latest
    /// assessment's, carried by the flows after it, whatever its grade: this is a count
    /// resting on one source against others, whose point may differ from it.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::Quantity;
    /// use materiel::*;
    ///
    /// // Illustrative: 24 delivered (B2), then a C4 report of 20 held.
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let (ven, su30) = ("VEN".parse::<HolderId>()?, PlatformRef::catalog("su-30mk2")?);
    /// let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// let delivered = Change::Delivered { count: Count::exact(24)?, into: Status::Unknown, supplier: None, condition: Default::default() };
    /// let source = Source::new("illustrative", "B2".parse()?)?;
    /// ledger.append(NewEntry::new(ven.clone(), su30.clone(), EffectiveDate::year(2008)?, delivered, source, t))?;
    /// let report = Change::Assessed { breakdown: vec![(Status::Unknown, Count::exact(20)?)] };
    /// let source = Source::new("illustrative report", "C4".parse()?)?;
    /// let id = ledger.append(NewEntry::new(ven.clone(), su30.clone(), EffectiveDate::year(2024)?, report, source, t))?;
    ///
    /// let b = ledger.bounds(&ven, &su30, Quantity::Held, &AsOf::latest());
    /// let count = ledger.lot(&ven, &su30, &AsOf::latest()).in_service();
    /// assert_eq!((count.value(), b.point()), (20, Some(24)));
    /// assert_eq!(b.disputed_assessment().and_then(|s| s.entry()).map(|e| e.id()), Some(id));
    /// assert!(b.says_more_than(count));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn disputed_assessment(&self) -> Option<&Support> {
        // The supports are in (date, entry) order: the last assessment is the latest.
        let latest = self
            .supports
            .iter()
            .rev()
            .find(|s| matches!(s.origin, SupportOrigin::Assessment(_)))?;
        self.supports
            .iter()
            .any(|s| s != latest && !latest.agrees_with(s))
            .then_some(latest)
    }
}

impl fmt::Display for Bounds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.upper {
            Some(u) if u == self.lower => write!(f, "{}", self.lower)?,
            Some(u) => write!(f, "{}..={u}", self.lower)?,
            None => write!(f, "{}..", self.lower)?,
        }
        if let Some(p) = self.point {
            write!(f, " (point {p}, {})", self.policy)?;
        }
        Ok(())
    }
}

/// The running sums a fold over a lot's entries keeps: what the flows (every count-moving
/// entry but assessments) add to each quantity.
#[derive(Clone, Copy, Default)]
struct Flows {
    held: i64,
    status: [i64; 7],
    delivered: i64,
    lost: i64,
}

impl Flows {
    fn of(&self, q: Quantity) -> i64 {
        match q {
            Quantity::Held => self.held,
            Quantity::InStatus(s) => self.status[s.index()],
            Quantity::Delivered => self.delivered,
            Quantity::Lost => self.lost,
        }
    }

    /// Adds `change`'s effect on the lot of `holder`; false when it moves nothing here.
    fn push(&mut self, change: &Change, writer: &HolderId, holder: &HolderId) -> bool {
        let own = writer == holder;
        let mut out = |n: Count, from: Status| {
            self.held -= n.value() as i64;
            self.status[from.index()] -= n.value() as i64;
        };
        match change {
            Change::Lost { count, from, cause } => {
                if own {
                    out(*count, *from);
                    self.lost += count.value() as i64;
                } else if let LossCause::Captured { by: Some(_) } = cause {
                    self.held += count.value() as i64;
                    self.status[Status::Unknown.index()] += count.value() as i64;
                }
            }
            Change::Retired { count, from } | Change::Expended { count, from } => {
                out(*count, *from);
            }
            Change::Transferred {
                count, from, into, ..
            } => {
                if own {
                    out(*count, *from);
                } else {
                    self.held += count.value() as i64;
                    self.status[into.index()] += count.value() as i64;
                }
            }
            Change::Delivered { count, into, .. } => {
                self.held += count.value() as i64;
                self.status[into.index()] += count.value() as i64;
                self.delivered += count.value() as i64;
            }
            Change::StatusChanged { from, to, count } => {
                self.status[from.index()] -= count.value() as i64;
                self.status[to.index()] += count.value() as i64;
                return true;
            }
            Change::Requested { .. }
            | Change::Ordered { .. }
            | Change::Assessed { .. }
            | Change::Observed { .. }
            | Change::OpeningUnknown
            | Change::Claimed { .. }
            | Change::Resolved { .. }
            | Change::Retracted { .. } => return false,
        }
        true
    }
}

/// An assessment or claim read on the way, with the flows up to it.
struct Stated {
    entry: Entry,
    count: Count,
    assessment: bool,
    before: i64,
}

impl Ledger {
    /// `quantity` of the lot of `holder` and `platform` as honest bounds at `at`, the point
    /// figure picked by the default policy ([`PointPolicy::GradeThenRecency`]). See
    /// [`Ledger::bounds_with`] and the [`Bounds`] type.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::ledger::{LossCause, Quantity};
    /// use materiel::*;
    ///
    /// // Illustrative figures: 24 delivered (B2), one lost (B2), a C4 report of 24 and a
    /// // C3 claim of "at least 25".
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// let (ven, su30) = ("VEN".parse::<HolderId>()?, PlatformRef::catalog("su-30mk2")?);
    /// let t: jiff::Timestamp = "2025-01-01T00:00:00Z".parse()?;
    /// let mut add = |date, change, grade: &str| -> Result<EntryId, Box<dyn std::error::Error>> {
    ///     let source = Source::new("illustrative", grade.parse()?)?;
    ///     Ok(ledger.append(NewEntry::new(ven.clone(), su30.clone(), date, change, source, t))?)
    /// };
    /// add(EffectiveDate::year(2008)?, Change::Delivered { count: Count::exact(24)?, into: Status::Unknown, supplier: None, condition: Default::default() }, "B2")?;
    /// add(EffectiveDate::year(2015)?, Change::Lost { count: Count::exact(1)?, from: Status::Unknown, cause: LossCause::Destroyed }, "B2")?;
    /// add(EffectiveDate::year(2024)?, Change::Assessed { breakdown: vec![(Status::Unknown, Count::exact(24)?)] }, "C4")?;
    /// add(EffectiveDate::year(2024)?, Change::Claimed { quantity: Quantity::Held, count: Count::at_least(25)? }, "C3")?;
    ///
    /// let b = ledger.bounds(&ven, &su30, Quantity::Held, &AsOf::latest());
    /// assert_eq!((b.lower(), b.upper(), b.point()), (23, None, Some(23)));
    /// assert_eq!(b.supports().len(), 3);
    /// assert!(b.disagree());
    /// // The trajectory, set by the latest assessment, still says 24.
    /// assert_eq!(ledger.lot(&ven, &su30, &AsOf::latest()).in_service().value(), 24);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bounds(
        &self,
        holder: &HolderId,
        platform: &PlatformRef,
        quantity: Quantity,
        at: &AsOf,
    ) -> Bounds {
        self.bounds_with(holder, platform, quantity, at, PointPolicy::default())
    }

    /// [`Ledger::bounds`] with the point picked by `policy`.
    pub fn bounds_with(
        &self,
        holder: &HolderId,
        platform: &PlatformRef,
        quantity: Quantity,
        at: &AsOf,
        policy: PointPolicy,
    ) -> Bounds {
        let mut flows = Flows::default();
        let mut stated: Vec<Stated> = Vec::new();
        let mut resolution: Option<Entry> = None;
        let (mut open, mut flow_entries, mut any_assessment) = (false, 0usize, false);
        // A claim of the count held, or of this quantity, assesses the lot; one of this
        // quantity with an upper limit is a baseline that closes an unknown opening, as an
        // assessment does.
        let (mut held_claim, mut baseline_claim) = (false, false);
        let mut flow_grade: Option<Grade> = None;
        let mut flow_basis = Basis::Exact;
        let mut last_flow: Option<EffectiveDate> = None;
        let lot = self.store.lot(holder, platform);
        // An unknown opening stock is a fact of the whole lot, whatever the view's date (a
        // statement dated 2022 says the stock of 2015 was never counted either).
        if let Some(lot) = lot.as_ref().filter(|lot| lot.may_be_open(at)) {
            for visible in lot.visible(&at.at_any_date()) {
                if let Change::OpeningUnknown = visible.change() {
                    open = true;
                    let entry = visible.entry();
                    let g = entry.source().grade();
                    flow_grade = Some(flow_grade.map_or(g, |w| w.weakest(g)));
                    last_flow = last_flow.max(Some(entry.effective()));
                }
            }
        }
        for visible in lot.iter().flat_map(|lot| lot.visible(at)) {
            let change = visible.change();
            if let Change::Claimed { quantity: q, count } = &change {
                held_claim |= *q == quantity || *q == Quantity::Held;
                baseline_claim |= *q == quantity && count.basis() != Basis::AtLeast;
            }
            match &change {
                Change::Claimed { quantity: q, count } if *q == quantity => {
                    stated.push(Stated {
                        entry: visible.entry(),
                        count: *count,
                        assessment: false,
                        before: flows.of(quantity),
                    });
                }
                Change::Assessed { breakdown } => {
                    any_assessment = true;
                    let count = match quantity {
                        Quantity::Held => Some(change.count().unwrap_or(Count::ZERO)),
                        Quantity::InStatus(s) => Some(
                            breakdown
                                .iter()
                                .find(|(t, _)| *t == s)
                                .map_or(Count::ZERO, |(_, c)| *c),
                        ),
                        Quantity::Delivered | Quantity::Lost => None,
                    };
                    if let Some(count) = count {
                        stated.push(Stated {
                            entry: visible.entry(),
                            count,
                            assessment: true,
                            before: flows.of(quantity),
                        });
                    }
                }
                Change::Resolved { quantity: q, .. } if *q == quantity => {
                    resolution = Some(visible.entry());
                }
                Change::OpeningUnknown => {}
                _ => {
                    let entry = visible.entry();
                    let content = entry.content();
                    if flows.push(&change, content.holder(), holder)
                        && let Some(c) = change.count()
                        && !matches!(change, Change::StatusChanged { .. })
                    {
                        flow_entries += 1;
                        flow_basis = flow_basis.join(c.basis());
                        let g = content.source().grade();
                        flow_grade = Some(flow_grade.map_or(g, |w| w.weakest(g)));
                        last_flow = last_flow.max(Some(content.effective()));
                    }
                }
            }
        }
        let now = flows.of(quantity);

        let mut supports = Vec::with_capacity(stated.len() + 1);
        // The flows support. Units held (in all or one status): never where the flows do not
        // add up (a lot whose history starts with an assessment); for one status, only where
        // no assessment says more (status changes are seldom all recorded); for a lot whose
        // opening stock is unknown, until its first assessment (its baseline), at least the
        // lot's count then (the flows and the least opening stock its removals imply), with
        // no upper limit. Units delivered or lost: the flows' sum (at least, for an open lot).
        // A munition never assessed (no assessment, no claim of the count held or of this
        // quantity): its expenditure is unknown, so the flows give at most what they bring,
        // at least none.
        let up_to = !any_assessment
            && !held_claim
            && matches!(quantity, Quantity::Held | Quantity::InStatus(_))
            && self.is_munition(platform);
        // The range the flows allow, and what they bring: the figure they state (the flows'
        // sum at the view's date; for an open lot, from the least opening stock its removals
        // imply), which is the lot's count even where the range is wider.
        let range = match quantity {
            Quantity::Delivered | Quantity::Lost => {
                let now = now.max(0) as u64;
                Some((now, (!open).then_some(now), now))
            }
            Quantity::Held | Quantity::InStatus(_) if open => {
                lot.as_ref().filter(|_| !any_assessment).map(|lot| {
                    let state = super::query::LotState::of(lot, at);
                    let least = match quantity {
                        Quantity::InStatus(s) => state.count(s),
                        _ => state.in_service(),
                    };
                    (if up_to { 0 } else { least.value() }, None, least.value())
                })
            }
            Quantity::InStatus(_) if any_assessment => None,
            Quantity::Held | Quantity::InStatus(_) => (flow_entries > 0 && now >= 0).then_some((
                if up_to { 0 } else { now as u64 },
                Some(now as u64),
                now as u64,
            )),
        };
        // A claim that closes an open lot's opening (its baseline) stands in for the flows'
        // "at least" unless it says less than the flows bring: then the two disagree, and the
        // flows' support is kept beside it (see `closes_below_the_flows` below).
        let deferred = open
            && baseline_claim
            && !any_assessment
            && matches!(quantity, Quantity::Held | Quantity::InStatus(_));
        if let (Some(grade), Some(effective), Some((lower, upper, brought))) =
            (flow_grade, last_flow, range)
        {
            // The basis says which way the range opens: up to what the flows bring (a
            // munition never assessed), at least it (an opening stock unknown), or neither
            // (a munition never assessed of a lot opened unknown: 0 and up; its figure is
            // still what the flows bring).
            let basis = match (open, up_to) {
                (true, true) => flow_basis,
                (true, false) => flow_basis.join(Basis::AtLeast),
                (false, true) => Basis::UpTo,
                (false, false) => flow_basis,
            };
            supports.push(Support {
                origin: SupportOrigin::Flows {
                    entries: flow_entries,
                },
                stated: Count::total(brought, basis),
                effective,
                grade,
                lower,
                upper,
            });
        }
        for s in stated {
            let shift = now - s.before;
            let at_date = |v: u64| (v as i64 + shift).max(0) as u64;
            let (lower, upper) = match s.count.basis() {
                Basis::AtLeast => (at_date(s.count.value()), None),
                Basis::UpTo => (at_date(0), Some(at_date(s.count.value()))),
                Basis::Exact | Basis::About | Basis::Estimate => {
                    let v = at_date(s.count.value());
                    (v, Some(v))
                }
            };
            let content = s.entry.content();
            supports.push(Support {
                stated: s.count,
                effective: content.effective(),
                grade: content.source().grade(),
                lower,
                upper,
                origin: if s.assessment {
                    SupportOrigin::Assessment(s.entry)
                } else {
                    SupportOrigin::Claim(s.entry)
                },
            });
        }

        if deferred
            && let Some(flows) = supports
                .iter()
                .position(|s| matches!(s.origin, SupportOrigin::Flows { .. }))
        {
            let least = supports[flows].lower;
            let closes_below_the_flows = supports.iter().any(|s| {
                matches!(s.origin, SupportOrigin::Claim(_)) && s.upper.is_some_and(|u| u < least)
            });
            if !closes_below_the_flows {
                supports.remove(flows);
            }
        }
        let lower = supports.iter().map(|s| s.lower).min().unwrap_or(0);
        let upper = if supports.iter().any(|s| s.upper.is_none()) {
            None
        } else {
            Some(supports.iter().filter_map(|s| s.upper).max().unwrap_or(0))
        };
        let by_grade = || {
            (0..supports.len()).min_by(|&a, &b| {
                let (a, b) = (&supports[a], &supports[b]);
                a.grade
                    .cmp(&b.grade)
                    .then_with(|| b.recency().cmp(&a.recency()))
            })
        };
        let decision = resolution.as_ref().and_then(|r| match r.change() {
            Change::Resolved { decision, .. } => Some(*decision),
            _ => None,
        });
        let (policy, chosen, point) = match (policy, decision) {
            (PointPolicy::Latest, _) => {
                let i = (0..supports.len()).max_by_key(|&i| supports[i].recency());
                (policy, i, None)
            }
            (PointPolicy::Widest, _) => (policy, None, None),
            (PointPolicy::Resolved, Some(Decision::Pick { entry })) => {
                match supports.iter().position(|s| s.id() == Some(entry)) {
                    Some(i) => (policy, Some(i), None),
                    None => (PointPolicy::GradeThenRecency, by_grade(), None),
                }
            }
            (PointPolicy::Resolved, Some(Decision::Narrow { lower, upper })) => {
                let i = by_grade();
                let figure = i.map_or(lower, |i| supports[i].figure());
                let clamped = figure.max(lower).min(upper.unwrap_or(u64::MAX));
                let keep = (clamped == figure).then_some(i).flatten();
                (policy, keep, Some(clamped))
            }
            (PointPolicy::Resolved, Some(Decision::KeepRange)) => (policy, None, None),
            (PointPolicy::GradeThenRecency | PointPolicy::Resolved, _) => {
                (PointPolicy::GradeThenRecency, by_grade(), None)
            }
        };
        let point = match (point, chosen, policy) {
            (Some(p), _, _) => Some(p),
            (None, Some(i), _) => Some(supports[i].figure()),
            (None, None, PointPolicy::Widest | PointPolicy::Resolved) => None,
            // Nothing recorded: the lot holds nothing the ledger knows of.
            (None, None, _) => supports.is_empty().then_some(0),
        };
        Bounds {
            quantity,
            lower,
            upper,
            point,
            policy,
            chosen,
            supports,
            resolution,
        }
    }

    /// True when `platform` is a munition (a missile, guided bomb, shell, torpedo or
    /// loitering munition: [`Category::is_munition`](crate::catalog::Category::is_munition)
    /// of its catalog category, or of a generic platform's; a generic platform without a
    /// category, by its kind).
    fn is_munition(&self, platform: &PlatformRef) -> bool {
        match platform {
            PlatformRef::Catalog(id) => self
                .catalog()
                .get(id)
                .is_some_and(|p| p.category().is_munition()),
            PlatformRef::Generic(g) => g.category().map_or(
                g.kind() == crate::catalog::PlatformKind::Missile,
                crate::catalog::Category::is_munition,
            ),
        }
    }

    /// A resolution's own checks, on append: a reason (the entry's note), and a picked
    /// claim that is a visible claim of the same lot and quantity (or, for units held or in
    /// a status, an assessment).
    pub(super) fn check_resolution(&self, entry: &NewEntry) -> Result<(), LedgerError> {
        let Change::Resolved { quantity, decision } = &entry.change else {
            return Ok(());
        };
        let bad = |reason: String| LedgerError::InvalidChange {
            change: "resolved",
            reason,
        };
        if entry.note().is_none_or(|n| n.trim().is_empty()) {
            return Err(bad("a resolution needs a note giving its reason".into()));
        }
        if let Decision::Pick { entry: target } = decision {
            let Some(picked) = self.get(*target) else {
                return Err(bad(format!("no entry {target} to pick")));
            };
            let content = picked.content();
            let fits = match content.change() {
                Change::Claimed { quantity: q, .. } => q == quantity,
                Change::Assessed { .. } => {
                    matches!(quantity, Quantity::Held | Quantity::InStatus(_))
                }
                _ => false,
            };
            if !fits || content.holder() != entry.holder() || content.platform() != entry.platform()
            {
                return Err(bad(format!(
                    "entry {target} is not a claim of {} {} about {quantity}",
                    entry.holder(),
                    entry.platform()
                )));
            }
            if let Some(by) = self.retracted_by(*target) {
                return Err(bad(format!("entry {target} is retracted by {by}")));
            }
        }
        Ok(())
    }
}
