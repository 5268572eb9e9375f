//! What an entry says happened: [`Change`], with [`Status`], [`Count`] and their companions.

use std::fmt;

use std::sync::Arc;

use crate::catalog::{Category, PlatformId, PlatformKind};
use crate::error::ParseError;
use crate::holder::HolderId;

use super::MAX_COUNT;
use super::entry::EntryId;
use super::error::LedgerError;

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
/// flows of a lot, [`Change::count`] of an assessment) are exact sums of such counts and can
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
    /// [generic platform](PlatformRef::generic) of kind
    /// [`Generic`](crate::catalog::PlatformKind::Generic) (e.g. `military assistance`) with
    /// no count, so the request is on record without inventing what was asked for.
    Unspecified,
}

/// Why equipment was lost, after Oryx's categories.
///
/// A capture by a known holder (`Captured { by: Some(captor) }`) is a gain for the captor as
/// well as a loss for the holder: the same units enter the captor's lot of the same platform,
/// on the same date, in status [`Unknown`](Status::Unknown) (a later
/// [`StatusChanged`](Change::StatusChanged) says more), and show in the captor's
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

/// Equipment an entry is about: a catalog platform, or equipment known only by a name and a
/// kind (reports often say just "radars", "drones", "GPS jammers"; SIPRI rows name models no
/// catalog holds).
///
/// JSON form: a catalog platform is its id (`"su-30mk2"`), generic equipment an object
/// (`{"designation": "GPS jammer", "kind": "generic"}`; other fields are rejected).
///
/// # Example
///
/// ```
/// use materiel::{PlatformKind, PlatformRef};
///
/// let su30 = PlatformRef::catalog("su-30mk2")?;
/// let jammers = PlatformRef::generic("GPS jammer", PlatformKind::Generic)?;
/// assert_eq!(su30.to_string(), "su-30mk2");
/// assert_eq!(jammers.to_string(), "GPS jammer (generic)");
/// assert!(PlatformRef::generic(" ", PlatformKind::Generic).is_err());
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(untagged)]
pub enum PlatformRef {
    /// A platform of the ledger's catalog, by id.
    Catalog(PlatformId),
    /// Uncatalogued equipment, by designation and kind.
    Generic(GenericPlatform),
}

/// Uncatalogued equipment: the designation a source gives it (never blank), its kind and,
/// when known, its [`Category`] (an importer takes it from
/// [`Catalog::classify`](crate::catalog::Catalog::classify) or from the source's own
/// heading). The category is part of the value: two generic platforms of one designation and
/// kind but different categories are different lots. A generic platform recorded before
/// categories existed has none, and its JSON form is unchanged (`category` is written only
/// when there is one).
///
/// # Example
///
/// ```
/// use materiel::catalog::Category;
/// use materiel::ledger::GenericPlatform;
/// use materiel::{PlatformKind, ParseError};
///
/// let radar = GenericPlatform::new("JY-27A radar", PlatformKind::Generic)?;
/// assert_eq!((radar.designation(), radar.kind()), ("JY-27A radar", PlatformKind::Generic));
/// assert_eq!(radar.category(), None);
/// let radar = radar.with_category(Category::Radar);
/// assert_eq!(radar.category(), Some(Category::Radar));
/// assert_eq!(
///     GenericPlatform::new("", PlatformKind::Generic),
///     Err(ParseError::EmptyText { field: "designation" })
/// );
/// # Ok::<(), ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "GenericPlatformWire")]
pub struct GenericPlatform {
    designation: Arc<str>,
    kind: PlatformKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<Category>,
}

/// The JSON form of a [`GenericPlatform`], checked on the way in.
#[derive(serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct GenericPlatformWire {
    designation: Arc<str>,
    kind: PlatformKind,
    #[serde(default)]
    category: Option<Category>,
}
crate::map_only::map_only!(GenericPlatformWire, "struct GenericPlatformWire");

impl TryFrom<GenericPlatformWire> for GenericPlatform {
    type Error = ParseError;
    fn try_from(wire: GenericPlatformWire) -> Result<Self, ParseError> {
        let g = GenericPlatform::new(wire.designation, wire.kind)?;
        Ok(match wire.category {
            Some(c) => g.with_category(c),
            None => g,
        })
    }
}

impl GenericPlatform {
    /// Equipment called `designation` (`"GPS jammer"`, `"BTR-80A"`), of kind `kind`, with no
    /// category (see [`with_category`](Self::with_category)).
    ///
    /// # Errors
    ///
    /// [`ParseError::EmptyText`] naming `designation` when it is empty or only white space.
    pub fn new(designation: impl Into<Arc<str>>, kind: PlatformKind) -> Result<Self, ParseError> {
        let designation = designation.into();
        if designation.trim().is_empty() {
            return Err(ParseError::EmptyText {
                field: "designation",
            });
        }
        Ok(Self {
            designation,
            kind,
            category: None,
        })
    }

    /// The same equipment, of category `category`.
    #[must_use]
    pub fn with_category(mut self, category: Category) -> Self {
        self.category = Some(category);
        self
    }

    /// The name as the source gives it.
    pub fn designation(&self) -> &str {
        &self.designation
    }

    /// The kind of equipment.
    pub fn kind(&self) -> PlatformKind {
        self.kind
    }

    /// The category, when the source or the catalog's keyword rules told it.
    pub fn category(&self) -> Option<Category> {
        self.category
    }

    /// The designation's shared text (the journal's wire form clones it without copying).
    pub(crate) fn shared_designation(&self) -> &Arc<str> {
        &self.designation
    }
}

impl<'de> serde::Deserialize<'de> for PlatformRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = PlatformRef;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a catalog platform id or a {\"designation\", \"kind\"} object")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PlatformRef, E> {
                v.parse().map(PlatformRef::Catalog).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<PlatformRef, A::Error> {
                let de = serde::de::value::MapAccessDeserializer::new(map);
                serde::Deserialize::deserialize(de).map(PlatformRef::Generic)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl PlatformRef {
    /// A catalog platform by id: the platform's slug, such as `su-30mk2`. To find a platform
    /// by its designation or an alias (`Su-30MK2`, case-insensitive), use
    /// [`Catalog::resolve`](crate::catalog::Catalog::resolve) and take its id.
    ///
    /// # Errors
    ///
    /// [`ParseError::PlatformId`](crate::ParseError::PlatformId) when `id` is not a valid id.
    pub fn catalog(id: &str) -> Result<Self, ParseError> {
        Ok(PlatformRef::Catalog(id.parse()?))
    }

    /// Uncatalogued equipment (see [`GenericPlatform::new`]).
    ///
    /// # Errors
    ///
    /// [`ParseError::EmptyText`] naming `designation` when it is empty or only white space.
    pub fn generic(
        designation: impl Into<Arc<str>>,
        kind: PlatformKind,
    ) -> Result<Self, ParseError> {
        GenericPlatform::new(designation, kind).map(PlatformRef::Generic)
    }

    /// A name for people: the catalog designation of a catalog platform (its id when the
    /// catalog does not hold it), or the generic designation.
    ///
    /// ```
    /// use materiel::{Catalog, PlatformKind, PlatformRef};
    /// let catalog = Catalog::reference();
    /// assert_eq!(PlatformRef::catalog("su-30mk2")?.label(&catalog), "Su-30MK2");
    /// assert_eq!(PlatformRef::generic("GPS jammer", PlatformKind::Generic)?.label(&catalog), "GPS jammer");
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn label<'a>(&'a self, catalog: &'a crate::catalog::Catalog) -> &'a str {
        match self {
            PlatformRef::Catalog(id) => catalog.get(id).map_or(id.as_str(), |p| p.designation()),
            PlatformRef::Generic(g) => g.designation(),
        }
    }

    /// The kind of equipment, through the catalog for a catalog platform.
    pub fn kind(&self, catalog: &crate::catalog::Catalog) -> Option<PlatformKind> {
        match self {
            PlatformRef::Catalog(id) => catalog.get(id).map(|p| p.kind()),
            PlatformRef::Generic(g) => Some(g.kind()),
        }
    }

    /// The catalog id, for a catalog platform.
    pub fn catalog_id(&self) -> Option<&PlatformId> {
        match self {
            PlatformRef::Catalog(id) => Some(id),
            PlatformRef::Generic(_) => None,
        }
    }
}

impl From<GenericPlatform> for PlatformRef {
    fn from(g: GenericPlatform) -> Self {
        PlatformRef::Generic(g)
    }
}

impl From<PlatformId> for PlatformRef {
    fn from(id: PlatformId) -> Self {
        PlatformRef::Catalog(id)
    }
}

impl fmt::Display for PlatformRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlatformRef::Catalog(id) => write!(f, "{id}"),
            PlatformRef::Generic(g) => write!(f, "{} ({})", g.designation, g.kind),
        }
    }
}

/// What an entry records. Every change concerns one lot: a holder and a platform.
///
/// Counted changes must have a count of at least one. Serialized with a `kind` tag:
/// `{"kind": "delivered", "count": {"value": 24}, "into": "unknown", ...}`; a field the kind
/// does not have is rejected when read back.
///
/// # Example
///
/// ```
/// use materiel::{Change, Count, Status};
///
/// let delivered = Change::Delivered {
///     count: Count::exact(12)?,
///     into: Status::Unknown,
///     supplier: Some("RUS".parse()?),
///     condition: Default::default(),
/// };
/// assert_eq!(delivered.name(), "delivered");
/// let json = serde_json::to_string(&delivered).unwrap();
/// assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), delivered);
/// // A misspelt field is an error, not a field quietly dropped.
/// let misspelt = json.replace("supplier", "suplier");
/// assert!(serde_json::from_str::<Change>(&misspelt).unwrap_err().to_string().contains("suplier"));
/// # Ok::<(), materiel::ParseError>(())
/// ```
///
/// The kind names, in declaration order, are [`strum::VariantNames::VARIANTS`]; every kind has
/// a value in [`Change::examples`].
#[derive(Clone, Debug, PartialEq, Eq, strum::VariantNames)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Change {
    /// The holder asked a supplier for equipment or a service; no count change.
    Requested {
        /// How many, when the request says.
        count: Option<Count>,
        /// Who was asked, when known.
        supplier: Option<HolderId>,
        /// Equipment, repair, upgrade, support, or unspecified.
        request: RequestKind,
    },
    /// The holder ordered equipment; no count change until delivery.
    Ordered {
        /// How many.
        count: Count,
        /// From whom, when known.
        supplier: Option<HolderId>,
        /// New or second hand.
        condition: Condition,
    },
    /// Equipment arrived and entered service in status `into`.
    Delivered {
        /// How many.
        count: Count,
        /// The status it entered service in (`Unknown` when the source does not say).
        into: Status,
        /// From whom, when known.
        supplier: Option<HolderId>,
        /// New or second hand.
        condition: Condition,
    },
    /// `count` units moved from one status to another.
    StatusChanged {
        /// The status they left.
        from: Status,
        /// The status they entered.
        to: Status,
        /// How many.
        count: Count,
    },
    /// An absolute breakdown as a report states it ("24, status unknown"): from this date the
    /// in-service counts are exactly these (statuses not listed are zero), whatever came
    /// before. The difference to the earlier state is an *adjustment* (see
    /// [`LotState::adjustment`](super::query::LotState::adjustment)).
    Assessed {
        /// Count per status; each status at most once.
        breakdown: Vec<(Status, Count)>,
    },
    /// Units lost from status `from`. A capture by a known holder also credits the captor's
    /// lot of the same platform, in status `Unknown` (see [`LossCause`]).
    Lost {
        /// How many.
        count: Count,
        /// The status they were in.
        from: Status,
        /// Destroyed, damaged, abandoned, captured.
        cause: LossCause,
    },
    /// Units retired from service.
    Retired {
        /// How many.
        count: Count,
        /// The status they were in.
        from: Status,
    },
    /// Munitions fired or otherwise used up.
    Expended {
        /// How many.
        count: Count,
        /// The status they were in.
        from: Status,
    },
    /// Units handed to another holder: they leave this lot from `from` and enter the
    /// receiver's lot of the same platform in `into`, on the same date.
    Transferred {
        /// How many.
        count: Count,
        /// The receiving holder.
        to: HolderId,
        /// The status they leave.
        from: Status,
        /// The status they enter at the receiver.
        into: Status,
    },
    /// A sighting or mention that changes no count (two Il-76 arriving with undisclosed cargo;
    /// a report that a holder has S-300VM without saying how many).
    Observed {
        /// How many were seen, when said.
        count: Option<Count>,
        /// In what condition, when said.
        status: Option<Status>,
    },
    /// The holder's holdings of the platform before the lot's first assessment were never
    /// published: the lot's *opening stock* (what it held before its first entry) is unknown,
    /// not zero. A loss list such as Oryx's counts losses of equipment nobody counted; its
    /// importer says so with this entry instead of inventing a baseline.
    ///
    /// It changes no count and concerns the whole lot whatever its effective date. Until the
    /// lot's first [`Assessed`](Change::Assessed) entry (its baseline, in valid-time order),
    /// removals are counted but not checked against a count, and
    /// [`LotState`](super::query::LotState) reports lower bounds
    /// ([`baseline_known`](super::query::LotState::baseline_known) is false). See the
    /// [crate documentation](crate#lots-whose-opening-stock-is-unknown).
    OpeningUnknown,
    /// Withdraws an earlier entry: queries as known at or after this entry's recorded time no
    /// longer see it; earlier knowledge still does. Nothing is erased.
    Retracted {
        /// The entry withdrawn.
        entry: EntryId,
    },
}

/// The JSON form of a [`Change`], both ways: serde's derive for an internally tagged enum also
/// reads `["delivered", ...]`, so reading goes through `map_only!` (a `kind`-tagged object
/// only). As a remote derive it matches `Change` variant for variant and field for field.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(
    remote = "Change",
    rename_all = "snake_case",
    tag = "kind",
    deny_unknown_fields
)]
enum ChangeJson {
    Requested {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<Count>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        supplier: Option<HolderId>,
        #[serde(default)]
        request: RequestKind,
    },
    Ordered {
        count: Count,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        supplier: Option<HolderId>,
        #[serde(default)]
        condition: Condition,
    },
    Delivered {
        count: Count,
        into: Status,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        supplier: Option<HolderId>,
        #[serde(default)]
        condition: Condition,
    },
    StatusChanged {
        from: Status,
        to: Status,
        count: Count,
    },
    Assessed {
        breakdown: Vec<(Status, Count)>,
    },
    Lost {
        count: Count,
        from: Status,
        cause: LossCause,
    },
    Retired {
        count: Count,
        from: Status,
    },
    Expended {
        count: Count,
        from: Status,
    },
    Transferred {
        count: Count,
        to: HolderId,
        from: Status,
        into: Status,
    },
    Observed {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<Count>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<Status>,
    },
    OpeningUnknown,
    Retracted {
        entry: EntryId,
    },
}

impl serde::Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ChangeJson::serialize(self, serializer)
    }
}

crate::map_only::map_only!(Change via ChangeJson, "internally tagged enum Change");

impl Change {
    /// One change of every kind, in declaration order (the order of
    /// [`VARIANTS`](strum::VariantNames::VARIANTS)): the fixture that every place spelling out
    /// the kinds (the journal's wire form, checkpoints, the export, the `materiel` command's
    /// flags, bindings) is tested against, so that a new kind is caught where it is not yet
    /// handled.
    ///
    /// In order they are a valid history of one lot of a holder other than `COL` and `CUB`
    /// (its first entry the request, dated so that each follows the one before): 24 requested
    /// from and ordered from Russia, delivered operational; 2 to maintenance; an assessment of
    /// 20 operational and 4 in maintenance; 1 captured by Colombia; 1 retired; 1 expended; 2
    /// transferred to Cuba; 15 seen operational; the opening stock stated unknown; and the
    /// retraction of the first entry, the request.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{Catalog, Change, EffectiveDate, Ledger, NewEntry, PlatformRef, Source};
    /// use strum::VariantNames;
    ///
    /// let examples = Change::examples();
    /// let names: Vec<&str> = examples.iter().map(Change::name).collect();
    /// assert_eq!(names, Change::VARIANTS);
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// for (day, change) in (1..).zip(examples) {
    ///     ledger.append(NewEntry::new(
    ///         "VEN".parse()?,
    ///         PlatformRef::catalog("su-30mk2")?,
    ///         EffectiveDate::day(2020, 1, day)?,
    ///         change,
    ///         Source::new("a report", "B2".parse()?)?,
    ///         "2025-01-01T00:00:00Z".parse()?,
    ///     ))?;
    /// }
    /// assert_eq!(ledger.len(), Change::VARIANTS.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn examples() -> Vec<Change> {
        let n = |value| Count::total(value, Basis::Exact);
        let rus = || Some(HolderId::known_state("RUS"));
        vec![
            Change::Requested {
                count: Some(Count::total(24, Basis::About)),
                supplier: rus(),
                request: RequestKind::Acquisition,
            },
            Change::Ordered {
                count: n(24),
                supplier: rus(),
                condition: Condition::New,
            },
            Change::Delivered {
                count: n(24),
                into: Status::Operational,
                supplier: rus(),
                condition: Condition::New,
            },
            Change::StatusChanged {
                from: Status::Operational,
                to: Status::NonOperationalMaintenance,
                count: n(2),
            },
            Change::Assessed {
                breakdown: vec![
                    (Status::Operational, n(20)),
                    (Status::NonOperationalMaintenance, n(4)),
                ],
            },
            Change::Lost {
                count: n(1),
                from: Status::Operational,
                cause: LossCause::Captured {
                    by: Some(HolderId::known_state("COL")),
                },
            },
            Change::Retired {
                count: n(1),
                from: Status::NonOperationalMaintenance,
            },
            Change::Expended {
                count: n(1),
                from: Status::Operational,
            },
            Change::Transferred {
                count: n(2),
                to: HolderId::known_state("CUB"),
                from: Status::Operational,
                into: Status::Unknown,
            },
            Change::Observed {
                count: Some(n(15)),
                status: Some(Status::Operational),
            },
            Change::OpeningUnknown,
            Change::Retracted {
                entry: EntryId::new(0),
            },
        ]
    }

    /// The change's kind name, as in its serialized `kind` tag.
    pub fn name(&self) -> &'static str {
        match self {
            Change::Requested { .. } => "requested",
            Change::Ordered { .. } => "ordered",
            Change::Delivered { .. } => "delivered",
            Change::StatusChanged { .. } => "status_changed",
            Change::Assessed { .. } => "assessed",
            Change::Lost { .. } => "lost",
            Change::Retired { .. } => "retired",
            Change::Expended { .. } => "expended",
            Change::Transferred { .. } => "transferred",
            Change::Observed { .. } => "observed",
            Change::OpeningUnknown => "opening_unknown",
            Change::Retracted { .. } => "retracted",
        }
    }

    /// The supplier of a request, order or delivery, when known.
    ///
    /// ```
    /// use materiel::ledger::RequestKind;
    /// use materiel::Change;
    /// let request = Change::Requested { count: None, supplier: Some("IRN".parse()?), request: RequestKind::Acquisition };
    /// assert_eq!(request.supplier().map(|h| h.as_str()), Some("IRN"));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn supplier(&self) -> Option<&HolderId> {
        match self {
            Change::Requested { supplier, .. }
            | Change::Ordered { supplier, .. }
            | Change::Delivered { supplier, .. } => supplier.as_ref(),
            Change::StatusChanged { .. }
            | Change::Assessed { .. }
            | Change::Lost { .. }
            | Change::Retired { .. }
            | Change::Expended { .. }
            | Change::Transferred { .. }
            | Change::Observed { .. }
            | Change::OpeningUnknown
            | Change::Retracted { .. } => None,
        }
    }

    /// True for the kinds that change counts in service or flows (deliveries, status
    /// changes, assessments, losses, retirements, expenditures, transfers); false for
    /// requests, orders, observations, opening-unknown statements and retractions.
    pub(crate) fn moves_counts(&self) -> bool {
        match self {
            Change::Delivered { .. }
            | Change::StatusChanged { .. }
            | Change::Assessed { .. }
            | Change::Lost { .. }
            | Change::Retired { .. }
            | Change::Expended { .. }
            | Change::Transferred { .. } => true,
            Change::Requested { .. }
            | Change::Ordered { .. }
            | Change::Observed { .. }
            | Change::OpeningUnknown
            | Change::Retracted { .. } => false,
        }
    }

    /// Checks the change on its own, as written by `holder`: counts of at least one (zero is
    /// allowed in an assessment) and at most [`MAX_COUNT`], distinct statuses, no transfer to
    /// or capture by the holder itself.
    pub(crate) fn check(&self, holder: &HolderId) -> Result<(), LedgerError> {
        let bad = |reason: String| LedgerError::InvalidChange {
            change: self.name(),
            reason,
        };
        let check_count = |c: Count, zero_ok: bool| {
            if c.value() == 0 && !zero_ok {
                Err(bad("count must be at least 1".into()))
            } else if c.value() > MAX_COUNT {
                Err(bad(format!(
                    "count {} exceeds the maximum {MAX_COUNT}",
                    c.value()
                )))
            } else {
                Ok(())
            }
        };
        match self {
            Change::Requested { count, .. } | Change::Observed { count, .. } => {
                if let Some(c) = count {
                    check_count(*c, false)?;
                }
            }
            Change::Lost { count, cause, .. } => {
                check_count(*count, false)?;
                if let LossCause::Captured { by: Some(by) } = cause
                    && by == holder
                {
                    return Err(bad(format!("{by} cannot be captured by itself")));
                }
            }
            Change::Ordered { count, .. }
            | Change::Delivered { count, .. }
            | Change::Retired { count, .. }
            | Change::Expended { count, .. } => check_count(*count, false)?,
            Change::StatusChanged { from, to, count } => {
                check_count(*count, false)?;
                if from == to {
                    return Err(bad(format!("from and to are both {from}")));
                }
            }
            Change::Transferred { count, to, .. } => {
                check_count(*count, false)?;
                if to == holder {
                    return Err(bad(format!("{to} cannot transfer to itself")));
                }
            }
            Change::Assessed { breakdown } => {
                for (i, (s, c)) in breakdown.iter().enumerate() {
                    check_count(*c, true)?;
                    if breakdown[..i].iter().any(|(t, _)| t == s) {
                        return Err(bad(format!("status {s} is listed twice")));
                    }
                }
            }
            Change::OpeningUnknown | Change::Retracted { .. } => {}
        }
        Ok(())
    }

    /// The count the change moves, if it moves one.
    pub fn count(&self) -> Option<Count> {
        match self {
            Change::Delivered { count, .. }
            | Change::StatusChanged { count, .. }
            | Change::Lost { count, .. }
            | Change::Retired { count, .. }
            | Change::Expended { count, .. }
            | Change::Transferred { count, .. }
            | Change::Ordered { count, .. } => Some(*count),
            Change::Requested { count, .. } | Change::Observed { count, .. } => *count,
            Change::Assessed { breakdown } => {
                let mut total = Count::ZERO;
                for (_, c) in breakdown {
                    total = Count::total(
                        total.value.saturating_add(c.value),
                        total.basis.join(c.basis),
                    );
                }
                Some(total)
            }
            Change::OpeningUnknown | Change::Retracted { .. } => None,
        }
    }
}

fn from_supplier(f: &mut fmt::Formatter<'_>, supplier: Option<&HolderId>) -> fmt::Result {
    match supplier {
        Some(s) => write!(f, " from {s}"),
        None => Ok(()),
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Requested {
                count,
                supplier,
                request,
            } => {
                write!(f, "requested ({request})")?;
                if let Some(c) = count {
                    write!(f, " {c}")?;
                }
                from_supplier(f, supplier.as_ref())
            }
            Change::Ordered {
                count,
                supplier,
                condition,
            } => {
                write!(f, "ordered {count} ({condition})")?;
                from_supplier(f, supplier.as_ref())
            }
            Change::Delivered {
                count,
                into,
                supplier,
                condition,
            } => {
                write!(f, "delivered {count} ({condition}) into {into}")?;
                from_supplier(f, supplier.as_ref())
            }
            Change::StatusChanged { from, to, count } => write!(f, "{count} {from} -> {to}"),
            Change::Assessed { breakdown } => {
                f.write_str("assessed")?;
                for (i, (s, c)) in breakdown.iter().enumerate() {
                    write!(f, "{} {c} {s}", if i == 0 { "" } else { "," })?;
                }
                Ok(())
            }
            Change::Lost { count, from, cause } => write!(f, "lost {count} {from} ({cause})"),
            Change::Retired { count, from } => write!(f, "retired {count} {from}"),
            Change::Expended { count, from } => write!(f, "expended {count} {from}"),
            Change::Transferred {
                count,
                to,
                from,
                into,
            } => {
                write!(f, "transferred {count} {from} to {to} as {into}")
            }
            Change::Observed { count, status } => {
                f.write_str("observed")?;
                if let Some(c) = count {
                    write!(f, " {c}")?;
                }
                if let Some(s) = status {
                    write!(f, " {s}")?;
                }
                Ok(())
            }
            Change::OpeningUnknown => f.write_str("opening holdings unknown"),
            Change::Retracted { entry } => write!(f, "retracts entry {entry}"),
        }
    }
}
