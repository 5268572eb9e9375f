//! What an entry says happened: [`Change`], with [`Status`], [`Count`] and their companions.

use std::fmt;

use std::sync::Arc;

use crate::catalog::{Category, PlatformId, PlatformKind};
use crate::error::ParseError;
use crate::holder::HolderId;

use super::MAX_COUNT;
use super::claims::{Decision, Quantity};
use super::entry::EntryId;
use super::error::LedgerError;
pub use super::values::{Basis, Condition, Count, LossCause, RequestKind, Status};

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

    /// The category: a catalog platform's, or the one the importer gave generic equipment
    /// (Oryx's `Unknown tank` is a tank), if any.
    ///
    /// ```
    /// use materiel::catalog::Category;
    /// use materiel::{Catalog, PlatformKind, PlatformRef};
    /// let catalog = Catalog::reference();
    /// assert_eq!(PlatformRef::catalog("su-30mk2")?.category(&catalog), Some(Category::CombatAircraft));
    /// assert_eq!(PlatformRef::generic("GPS jammer", PlatformKind::Generic)?.category(&catalog), None);
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn category(&self, catalog: &crate::catalog::Catalog) -> Option<Category> {
        match self {
            PlatformRef::Catalog(id) => catalog.get(id).map(|p| p.category()),
            PlatformRef::Generic(g) => g.category(),
        }
    }

    /// The country of origin of a catalog platform (`SUN` for Soviet-era designs, `RUS` for
    /// later Russian ones: see the [catalog](crate::catalog)); `None` for generic equipment,
    /// which has no origin, and for a platform the catalog does not hold or gives none.
    ///
    /// ```
    /// use materiel::{Catalog, PlatformKind, PlatformRef};
    /// let catalog = Catalog::reference();
    /// assert_eq!(PlatformRef::catalog("kh-31")?.origin(&catalog).map(|h| h.as_str()), Some("SUN"));
    /// assert_eq!(PlatformRef::generic("GPS jammer", PlatformKind::Generic)?.origin(&catalog), None);
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn origin<'a>(&self, catalog: &'a crate::catalog::Catalog) -> Option<&'a HolderId> {
        match self {
            PlatformRef::Catalog(id) => catalog.get(id).and_then(|p| p.origin()),
            PlatformRef::Generic(_) => None,
        }
    }

    /// The catalog id of a catalog platform's family root (its farthest ancestor, or itself:
    /// [`Catalog::family_root`](crate::Catalog::family_root)); `None` for generic equipment
    /// and for a platform the catalog does not hold.
    ///
    /// ```
    /// use materiel::{Catalog, PlatformRef};
    /// let catalog = Catalog::reference();
    /// assert_eq!(PlatformRef::catalog("il-76td")?.family(&catalog).map(|id| id.as_str()), Some("il-76"));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn family<'a>(&self, catalog: &'a crate::catalog::Catalog) -> Option<&'a PlatformId> {
        self.catalog_id()
            .and_then(|id| catalog.family_root(id))
            .map(|root| root.id())
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
    /// A source's statement of a count, kept beside the lot's trajectory without moving it:
    /// "23 Su-30MK2" in a 2023 article, "no fewer than 5,000" Igla-S in a speech. Claims
    /// about the same quantity from different sources stand side by side; none erases
    /// another. [`Ledger::bounds`](super::Ledger::bounds) reads them into bounds and a point
    /// figure, and [`Ledger::conflicts`](super::Ledger::conflicts) lists those that disagree.
    /// The count may be zero ("none left"); its basis says how firm it is (`at_least`,
    /// `up_to`, `about`, ...).
    Claimed {
        /// What is counted.
        quantity: Quantity,
        /// The figure claimed, with its basis.
        count: Count,
    },
    /// An analyst's decision about the claims on one quantity of the lot: pick one, narrow
    /// the range, or keep it (see [`Decision`]). The entry's note gives the reason and must
    /// be there. As known before it the disagreement is open; retracting it reopens it.
    Resolved {
        /// The quantity decided on.
        quantity: Quantity,
        /// What was decided.
        decision: Decision,
    },
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
    Claimed {
        quantity: Quantity,
        count: Count,
    },
    Resolved {
        quantity: Quantity,
        decision: Decision,
    },
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
            Change::Claimed { .. } => "claimed",
            Change::Resolved { .. } => "resolved",
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
            | Change::Claimed { .. }
            | Change::Resolved { .. }
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
            | Change::Claimed { .. }
            | Change::Resolved { .. }
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
            Change::Claimed { count, .. } => check_count(*count, true)?,
            Change::Resolved { decision, .. } => decision.check().map_err(bad)?,
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
            Change::Claimed { count, .. } => Some(*count),
            Change::Assessed { breakdown } => {
                let mut total = Count::ZERO;
                for (_, c) in breakdown {
                    total = Count::total(
                        total.value().saturating_add(c.value()),
                        total.basis().join(c.basis()),
                    );
                }
                Some(total)
            }
            Change::OpeningUnknown | Change::Resolved { .. } | Change::Retracted { .. } => None,
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
            Change::Claimed { quantity, count } => write!(f, "claims {count} {quantity}"),
            Change::Resolved { quantity, decision } => write!(f, "resolves {quantity}: {decision}"),
            Change::Retracted { entry } => write!(f, "retracts entry {entry}"),
        }
    }
}
