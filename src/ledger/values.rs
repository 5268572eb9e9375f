//! The values a change carries: [`Status`], [`Basis`], [`Count`], [`Condition`],
//! [`RequestKind`] and [`LossCause`] (re-exported by `change.rs`, where [`Change`](super::Change)
//! is).

use std::fmt;

use crate::error::ParseError;
use crate::holder::HolderId;

use super::MAX_COUNT;

/// The condition of equipment in service, after the US AFI 21-103 readiness categories
/// (FMC / PMC / NMC) and NATO MIP operational status.
///
/// Equipment that has left service (lost, retired, expended, transferred out) has no status:
/// it is counted in the lot's outflows instead.
///
/// # Example
///
/// ```
/// use materiel::Status;
///
/// assert_eq!(Status::Operational.to_string(), "operational");
/// assert_eq!("non_operational_supply".parse::<Status>(), Ok(Status::NonOperationalSupply));
/// assert!(Status::Degraded.is_mission_capable());
/// assert_eq!(Status::NonOperationalMaintenance.code(), "NMCM");
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumCount,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::status)]
pub enum Status {
    /// Fully mission capable (FMC; MIP OPR).
    Operational,
    /// Partially mission capable (PMC; MIP SOPS / MOPS).
    Degraded,
    /// Not mission capable, awaiting maintenance (NMCM).
    NonOperationalMaintenance,
    /// Not mission capable, awaiting supply (NMCS).
    NonOperationalSupply,
    /// Not mission capable, damaged (NMCB-like; MIP NOP).
    NonOperationalDamaged,
    /// Held in store, away from front-line units (Military Balance "in store").
    Stored,
    /// Held, condition not known (MIP NKN): the state of equipment a source only counts.
    Unknown,
}

impl Status {
    /// Every status, in declaration order (the order of [`LotState`](super::query::LotState)
    /// counts).
    pub const ALL: [Status; 7] = [
        Status::Operational,
        Status::Degraded,
        Status::NonOperationalMaintenance,
        Status::NonOperationalSupply,
        Status::NonOperationalDamaged,
        Status::Stored,
        Status::Unknown,
    ];

    /// True for operational and degraded (FMC + PMC): the numerator of a readiness rate.
    pub fn is_mission_capable(self) -> bool {
        match self {
            Status::Operational | Status::Degraded => true,
            Status::NonOperationalMaintenance
            | Status::NonOperationalSupply
            | Status::NonOperationalDamaged
            | Status::Stored
            | Status::Unknown => false,
        }
    }

    /// The short readiness code: FMC, PMC, NMCM, NMCS, NMCD, STORED, NKN.
    pub fn code(self) -> &'static str {
        match self {
            Status::Operational => "FMC",
            Status::Degraded => "PMC",
            Status::NonOperationalMaintenance => "NMCM",
            Status::NonOperationalSupply => "NMCS",
            Status::NonOperationalDamaged => "NMCD",
            Status::Stored => "STORED",
            Status::Unknown => "NKN",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// How firm a count is, after the Military Balance qualifiers.
///
/// Bases form a join-semilattice by weakness: combining counts (sums, aggregates, a status
/// fed by several entries) keeps the weakest basis: `Exact` is the strongest; `AtLeast` and
/// `UpTo` are one-sided bounds; combining the two gives `About`; `Estimate` is the weakest.
///
/// # Example
///
/// ```
/// use materiel::ledger::Basis;
///
/// assert_eq!(Basis::Exact.join(Basis::AtLeast), Basis::AtLeast);
/// assert_eq!(Basis::AtLeast.join(Basis::UpTo), Basis::About);
/// assert_eq!(Basis::About.join(Basis::Estimate), Basis::Estimate);
/// assert_eq!("at_least".parse::<Basis>(), Ok(Basis::AtLeast));
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::basis)]
pub enum Basis {
    /// Counted exactly.
    #[default]
    Exact,
    /// No fewer than the number given (a lower bound; Oryx totals are such).
    AtLeast,
    /// At most the number given (an upper bound).
    UpTo,
    /// Approximately the number given; could be higher or lower.
    About,
    /// An estimate (Military Balance ε, SIPRI "is estimate").
    Estimate,
}

impl Basis {
    const fn rank(self) -> u8 {
        match self {
            Basis::Exact => 0,
            Basis::AtLeast | Basis::UpTo => 1,
            Basis::About => 2,
            Basis::Estimate => 3,
        }
    }

    /// The weaker of two bases (their join); see the type's documentation.
    #[must_use]
    #[inline]
    pub fn join(self, other: Basis) -> Basis {
        // A table: joins run on every count the ledger folds.
        const JOIN: [[Basis; 5]; 5] = {
            let all = [
                Basis::Exact,
                Basis::AtLeast,
                Basis::UpTo,
                Basis::About,
                Basis::Estimate,
            ];
            let mut table = [[Basis::Exact; 5]; 5];
            let mut i = 0;
            while i < 5 {
                let mut j = 0;
                while j < 5 {
                    table[i][j] = Basis::join_slow(all[i], all[j]);
                    j += 1;
                }
                i += 1;
            }
            table
        };
        JOIN[self as usize][other as usize]
    }

    /// The join of the bases whose bits (`1 << basis as u8`) are set in `mask` ([`Exact`] for
    /// none): what joining them one by one gives, in any order (the join is associative and
    /// commutative). The index's counts-only fold marks the bases it sees this way, an OR per
    /// count, and joins them once at the end.
    ///
    /// [`Exact`]: Basis::Exact
    pub(crate) fn join_mask(mask: u8) -> Basis {
        const ALL: [Basis; 5] = [
            Basis::Exact,
            Basis::AtLeast,
            Basis::UpTo,
            Basis::About,
            Basis::Estimate,
        ];
        const TABLE: [Basis; 32] = {
            let mut table = [Basis::Exact; 32];
            let mut mask = 0;
            while mask < 32 {
                let mut joined = Basis::Exact;
                let mut i = 0;
                while i < 5 {
                    if mask & (1 << i) != 0 {
                        joined = Basis::join_slow(joined, ALL[i]);
                    }
                    i += 1;
                }
                table[mask] = joined;
                mask += 1;
            }
            table
        };
        TABLE[usize::from(mask) & 31]
    }

    const fn join_slow(a: Basis, b: Basis) -> Basis {
        if a as u8 == b as u8 {
            return a;
        }
        match (a, b) {
            (Basis::AtLeast, Basis::UpTo) | (Basis::UpTo, Basis::AtLeast) => Basis::About,
            _ if a.rank() >= b.rank() => a,
            _ => b,
        }
    }
}

/// A number of units with its [`Basis`], at most [`MAX_COUNT`].
///
/// Text form: `24`, `~24` (about), `>=24` (at least), `<=24` (up to), `e24` (estimate).
/// JSON form: `{"value": 24}`, with `"basis"` when it is not exact
/// (`{"value": 24, "basis": "estimate"}`); other fields are rejected.
///
/// Every count built by a constructor or read from JSON is at most [`MAX_COUNT`]: a larger
/// one is an error ([`ParseError::CountTooLarge`]) there, not later when it is appended.
/// Totals the ledger adds up ([`LotState::in_service`](crate::ledger::LotState::in_service), the
/// flows of a lot, [`Change::count`](super::Change::count) of an assessment) are exact sums of such counts and can
/// exceed it; they are answers, not entry counts, and the ledger rejects one put in an entry.
///
/// # Example
///
/// ```
/// use materiel::ledger::{Basis, MAX_COUNT};
/// use materiel::{Count, ParseError};
///
/// let c = Count::estimate(150)?;
/// assert_eq!(c.value(), 150);
/// assert_eq!(c.basis(), Basis::Estimate);
/// assert_eq!(Count::exact(24)?.to_string(), "24");
/// assert_eq!(Count::at_least(2)?.to_string(), ">=2");
/// assert_eq!(Count::new(MAX_COUNT, Basis::About)?.value(), 1_000_000_000);
/// assert_eq!(
///     Count::exact(MAX_COUNT + 1),
///     Err(ParseError::CountTooLarge { value: MAX_COUNT + 1, max: MAX_COUNT })
/// );
/// assert!(serde_json::from_str::<Count>(r#"{"value": 1000000001}"#).is_err());
/// # Ok::<(), ParseError>(())
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "CountWire")]
pub struct Count {
    value: u64,
    #[serde(default, skip_serializing_if = "is_exact")]
    basis: Basis,
}

/// The JSON form of a [`Count`], checked on the way in.
#[derive(serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct CountWire {
    value: u64,
    #[serde(default)]
    basis: Basis,
}
crate::map_only::map_only!(CountWire, "struct CountWire");

impl TryFrom<CountWire> for Count {
    type Error = ParseError;
    fn try_from(wire: CountWire) -> Result<Self, ParseError> {
        Count::new(wire.value, wire.basis)
    }
}

fn is_exact(b: &Basis) -> bool {
    *b == Basis::Exact
}

impl Count {
    /// An exact count of zero (what an empty lot holds).
    pub const ZERO: Count = Count::total(0, Basis::Exact);

    /// A count with the given basis.
    ///
    /// # Errors
    ///
    /// [`ParseError::CountTooLarge`] when `value` exceeds [`MAX_COUNT`].
    pub const fn new(value: u64, basis: Basis) -> Result<Self, ParseError> {
        if value > MAX_COUNT {
            Err(ParseError::CountTooLarge {
                value,
                max: MAX_COUNT,
            })
        } else {
            Ok(Self { value, basis })
        }
    }
    /// An exact count.
    ///
    /// # Errors
    ///
    /// [`ParseError::CountTooLarge`] when `value` exceeds [`MAX_COUNT`].
    pub const fn exact(value: u64) -> Result<Self, ParseError> {
        Self::new(value, Basis::Exact)
    }
    /// An estimated count.
    ///
    /// # Errors
    ///
    /// [`ParseError::CountTooLarge`] when `value` exceeds [`MAX_COUNT`].
    pub const fn estimate(value: u64) -> Result<Self, ParseError> {
        Self::new(value, Basis::Estimate)
    }
    /// A lower bound.
    ///
    /// # Errors
    ///
    /// [`ParseError::CountTooLarge`] when `value` exceeds [`MAX_COUNT`].
    pub const fn at_least(value: u64) -> Result<Self, ParseError> {
        Self::new(value, Basis::AtLeast)
    }
    /// An upper bound.
    ///
    /// # Errors
    ///
    /// [`ParseError::CountTooLarge`] when `value` exceeds [`MAX_COUNT`].
    pub const fn up_to(value: u64) -> Result<Self, ParseError> {
        Self::new(value, Basis::UpTo)
    }
    /// An approximate count.
    ///
    /// # Errors
    ///
    /// [`ParseError::CountTooLarge`] when `value` exceeds [`MAX_COUNT`].
    pub const fn about(value: u64) -> Result<Self, ParseError> {
        Self::new(value, Basis::About)
    }
    /// A total the ledger added up from counts: not bounded by [`MAX_COUNT`] (see the type's
    /// documentation).
    pub(crate) const fn total(value: u64, basis: Basis) -> Self {
        Self { value, basis }
    }
    /// The number of units.
    pub const fn value(self) -> u64 {
        self.value
    }
    /// How firm the number is.
    pub const fn basis(self) -> Basis {
        self.basis
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.basis {
            Basis::Exact => "",
            Basis::AtLeast => ">=",
            Basis::UpTo => "<=",
            Basis::About => "~",
            Basis::Estimate => "e",
        };
        // `pad`, so that width and alignment (`{:>6}`) apply to the whole text.
        f.pad(&format!("{prefix}{}", self.value))
    }
}

/// Whether delivered equipment was new, second hand (SIPRI's `Status` column), captured, or
/// produced locally under licence.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::condition)]
pub enum Condition {
    /// New production.
    #[default]
    New,
    /// Second hand.
    SecondHand,
    /// Second hand, modernised before delivery.
    SecondHandModernised,
    /// Taken from another holder. A capture by a known holder
    /// ([`LossCause::Captured`] with `by`) credits the captor by itself (its
    /// [`captured_in`](super::query::LotState::captured_in) flow); this condition is for a
    /// delivery of equipment captured by someone else (an ally handing over war booty).
    Captured,
    /// New, produced by the holder (in its own country) under licence from the supplier,
    /// the licensor (SIPRI's `Local production`).
    LicensedProduction,
}

/// What a request asks for.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::request_kind)]
pub enum RequestKind {
    /// New equipment.
    #[default]
    Acquisition,
    /// Repair of equipment already held ("aircraft repairs").
    Repair,
    /// Modernisation of equipment already held.
    Upgrade,
    /// Spare parts, munitions resupply or other support.
    Support,
    /// Help of a kind the source does not say: a report that a government "sought military
    /// assistance" from a supplier, naming no items. Record it against a
    /// [generic platform](super::PlatformRef::generic) of kind
    /// [`Generic`](crate::catalog::PlatformKind::Generic) (e.g. `military assistance`) with
    /// no count, so the request is on record without inventing what was asked for.
    Unspecified,
}

/// Why equipment was lost, after Oryx's categories.
///
/// A capture by a known holder (`Captured { by: Some(captor) }`) is a gain for the captor as
/// well as a loss for the holder: the same units enter the captor's lot of the same platform,
/// on the same date, in status [`Unknown`](Status::Unknown) (a later
/// [`StatusChanged`](super::Change::StatusChanged) says more), and show in the captor's
/// [`captured_in`](super::query::LotState::captured_in) flow. Like a transfer, it conserves
/// units across the two holders, and retracting it undoes both sides (rejected, naming the
/// captor's lot, if the captor has since used the units). A capture by an unknown holder
/// (`by: None`) credits no one. A holder cannot be captured by itself.
///
/// JSON form: `{"cause": "destroyed"}`, `{"cause": "captured", "by": "UKR"}`; other fields
/// (and `by` on a cause other than `captured`) are rejected.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "cause", try_from = "LossCauseWire")]
#[non_exhaustive]
pub enum LossCause {
    /// Destroyed.
    Destroyed,
    /// Damaged beyond the holder's use.
    Damaged,
    /// Abandoned.
    Abandoned,
    /// Captured, by a known holder or not.
    Captured {
        /// The captor, when known: credited with the units (see the type's documentation).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<HolderId>,
    },
}

/// The JSON form of a [`LossCause`], read as one struct: serde's internally tagged enums
/// accept unknown fields on unit variants even with `deny_unknown_fields`.
#[derive(serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct LossCauseWire {
    cause: LossCauseName,
    #[serde(default)]
    by: Option<HolderId>,
}
crate::map_only::map_only!(LossCauseWire, "struct LossCauseWire");

#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum LossCauseName {
    Destroyed,
    Damaged,
    Abandoned,
    Captured,
}

impl TryFrom<LossCauseWire> for LossCause {
    type Error = String;
    fn try_from(wire: LossCauseWire) -> Result<Self, String> {
        let cause = match wire.cause {
            LossCauseName::Captured => return Ok(LossCause::Captured { by: wire.by }),
            LossCauseName::Destroyed => LossCause::Destroyed,
            LossCauseName::Damaged => LossCause::Damaged,
            LossCauseName::Abandoned => LossCause::Abandoned,
        };
        match wire.by {
            Some(_) => Err(format!(
                "unknown field `by` for cause `{cause}`, expected `cause` (only `captured` has `by`)"
            )),
            None => Ok(cause),
        }
    }
}

impl fmt::Display for LossCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LossCause::Destroyed => f.write_str("destroyed"),
            LossCause::Damaged => f.write_str("damaged"),
            LossCause::Abandoned => f.write_str("abandoned"),
            LossCause::Captured { by: Some(h) } => write!(f, "captured by {h}"),
            LossCause::Captured { by: None } => f.write_str("captured"),
        }
    }
}
