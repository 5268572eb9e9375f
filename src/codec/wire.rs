//! The versioned wire form of entries: what an entry frame's payload is, in journals and
//! snapshots.
//!
//! The public types ([`Change`], [`NewEntry`], [`Count`], ...) are free to grow and change;
//! the bytes of a version-1 file are not. So an entry is written and read through private
//! serde structs that spell out today's JSON field by field ([`EntryV1`] and its change,
//! count, loss cause, source and platform structs, and their enums), with conversions to and
//! from the public types. Text-form leaves (holder, platform and entry ids, grades, effective
//! dates, timestamps) keep the public types' own text forms, which their `FromStr` and
//! `Display` pin. `tests/data/journal-v1.jsonl`, written before this module existed, must
//! read and write back byte for byte (`tests/it/journal_wire.rs`).
//!
//! To add version 2: add `EntryV2` (and whatever structs change) next to these, with its
//! conversions; write version 2; read both, choosing by the header's version (journals) or the
//! snapshot's; keep `EntryV1` reading as it is.

use std::sync::Arc;

use jiff::Timestamp;

use crate::catalog::{Category, PlatformId, PlatformKind};
use crate::error::ParseError;
use crate::holder::HolderId;
use crate::ledger::{
    Basis, Change, Condition, Count, Decision, EffectiveDate, Entry, EntryId, Facts, FactsError,
    GenericPlatform, LossCause, NewEntry, PlatformRef, Quantity, RequestKind, Status,
};
use crate::provenance::{Grade, Source};

/// An entry with its id, as version 1 writes it: `{"id":0,"holder":...,"note":...}`.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub(crate) struct EntryV1 {
    id: EntryId,
    holder: HolderId,
    platform: PlatformV1,
    effective: EffectiveDate,
    recorded: Timestamp,
    change: ChangeV1,
    source: SourceV1,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    /// Added after the fixture was written: files without facts never have the key, so they
    /// read and write back byte for byte.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    facts: Option<FactsV1>,
}

crate::map_only::map_only!(EntryV1, "struct EntryV1", serialize);

impl EntryV1 {
    /// The wire form of `entry`, given id `id`.
    pub(crate) fn new(id: EntryId, entry: &NewEntry) -> Result<Self, FactsError> {
        Ok(Self {
            id,
            holder: entry.holder().clone(),
            platform: PlatformV1::from(entry.platform()),
            effective: entry.effective(),
            recorded: entry.recorded(),
            change: ChangeV1::from(entry.change()),
            source: SourceV1::from(entry.source()),
            note: entry.note().map(str::to_owned),
            facts: entry.facts().map(FactsV1::try_from).transpose()?,
        })
    }

    /// The public entry, validated as the public constructors validate.
    pub(crate) fn into_entry(self) -> Result<Entry, Invalid> {
        let mut entry = NewEntry::new(
            self.holder,
            self.platform.try_into()?,
            self.effective,
            self.change.try_into()?,
            self.source.try_into()?,
            self.recorded,
        );
        if let Some(note) = self.note {
            entry = entry.with_note(note);
        }
        if let Some(facts) = self.facts {
            entry = entry.with_facts(facts.try_into()?);
        }
        Ok(Entry::new(self.id, entry))
    }
}

/// Encodes `entry` with id `id` as a version-1 payload (compact JSON).
pub(crate) fn encode(id: EntryId, entry: &NewEntry) -> Result<Vec<u8>, serde_json::Error> {
    let wire = EntryV1::new(id, entry).map_err(<serde_json::Error as serde::ser::Error>::custom)?;
    serde_json::to_vec(&wire)
}

/// Decodes a version-1 payload: JSON errors and invalid values in words.
pub(crate) fn decode(payload: &[u8]) -> Result<Entry, String> {
    let wire: EntryV1 = serde_json::from_slice(payload).map_err(|e| e.to_string())?;
    wire.into_entry().map_err(|e| e.to_string())
}

/// A platform: a catalog id as a string, generic equipment as an object.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum PlatformV1 {
    Catalog(PlatformId),
    Generic(GenericV1),
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct GenericV1 {
    designation: Arc<str>,
    kind: PlatformKindV1,
    /// Absent in lines written before generic platforms had categories, and whenever a
    /// generic platform has none: such a line keeps its bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    category: Option<Category>,
}

crate::map_only::map_only!(GenericV1, "struct GenericV1", serialize);

impl<'de> serde::Deserialize<'de> for PlatformV1 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = PlatformV1;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a catalog platform id or a {\"designation\", \"kind\"} object")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PlatformV1, E> {
                v.parse().map(PlatformV1::Catalog).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<PlatformV1, A::Error> {
                let de = serde::de::value::MapAccessDeserializer::new(map);
                serde::Deserialize::deserialize(de).map(PlatformV1::Generic)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl From<&PlatformRef> for PlatformV1 {
    fn from(p: &PlatformRef) -> Self {
        match p {
            PlatformRef::Catalog(id) => Self::Catalog(id.clone()),
            PlatformRef::Generic(g) => Self::Generic(GenericV1 {
                designation: g.shared_designation().clone(),
                kind: g.kind().into(),
                category: g.category(),
            }),
        }
    }
}

impl TryFrom<PlatformV1> for PlatformRef {
    type Error = Invalid;
    fn try_from(p: PlatformV1) -> Result<Self, Invalid> {
        Ok(match p {
            PlatformV1::Catalog(id) => PlatformRef::Catalog(id),
            PlatformV1::Generic(g) => {
                let generic = GenericPlatform::new(g.designation, g.kind.into())?;
                PlatformRef::Generic(match g.category {
                    Some(c) => generic.with_category(c),
                    None => generic,
                })
            }
        })
    }
}

/// Facts: an object of one key, the source tag, whose value is kept as written, byte for
/// byte: `{"sipri":{"deal":33019,"designation":"Su-30MK",...}}`. The journal never reads the
/// value; the importer that wrote it does ([`Facts`]).
struct FactsV1 {
    tag: String,
    value: Box<serde_json::value::RawValue>,
}

impl serde::Serialize for FactsV1 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(&self.tag, &*self.value)?;
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for FactsV1 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FactsV1;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of one key, the facts' source tag")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<FactsV1, A::Error> {
                use serde::de::Error;
                let Some((tag, value)) = map.next_entry()? else {
                    return Err(A::Error::invalid_length(0, &self));
                };
                if map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::custom("facts have one source tag, found two"));
                }
                Ok(FactsV1 { tag, value })
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

impl TryFrom<&Facts> for FactsV1 {
    type Error = FactsError;
    fn try_from(f: &Facts) -> Result<Self, FactsError> {
        Ok(Self {
            tag: f.tag().to_owned(),
            value: f.to_raw()?.into_owned(),
        })
    }
}

impl TryFrom<FactsV1> for Facts {
    type Error = Invalid;
    fn try_from(f: FactsV1) -> Result<Self, Invalid> {
        Facts::from_raw(&f.tag, f.value).map_err(|e| Invalid(e.to_string()))
    }
}

/// A source: `{"citation":...,"grade":"B3","url":...,"reference":...}`.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct SourceV1 {
    citation: Arc<str>,
    grade: Grade,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
}

crate::map_only::map_only!(SourceV1, "struct SourceV1", serialize);

impl From<&Source> for SourceV1 {
    fn from(s: &Source) -> Self {
        Self {
            citation: s.shared_citation().clone(),
            grade: s.grade(),
            url: s.url().map(str::to_owned),
            reference: s.reference().map(str::to_owned),
        }
    }
}

impl TryFrom<SourceV1> for Source {
    type Error = Invalid;
    fn try_from(s: SourceV1) -> Result<Self, Invalid> {
        let mut source = Source::new(s.citation, s.grade)?;
        if let Some(url) = s.url {
            source = source.with_url(url);
        }
        if let Some(reference) = s.reference {
            source = source.with_reference(reference);
        }
        Ok(source)
    }
}

/// A count: `{"value":12}`, or `{"value":12,"basis":"about"}` when not exact.
#[derive(Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct CountV1 {
    value: u64,
    #[serde(default, skip_serializing_if = "BasisV1::is_exact")]
    basis: BasisV1,
}

crate::map_only::map_only!(CountV1, "struct CountV1", serialize);

impl From<Count> for CountV1 {
    fn from(c: Count) -> Self {
        Self {
            value: c.value(),
            basis: c.basis().into(),
        }
    }
}

impl TryFrom<CountV1> for Count {
    type Error = Invalid;
    fn try_from(c: CountV1) -> Result<Self, Invalid> {
        Ok(Count::new(c.value, c.basis.into())?)
    }
}

/// A loss cause: `{"cause":"destroyed"}`, `{"cause":"captured","by":"UKR"}`.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct LossCauseV1 {
    cause: CauseV1,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    by: Option<HolderId>,
}

crate::map_only::map_only!(LossCauseV1, "struct LossCauseV1", serialize);

impl From<&LossCause> for LossCauseV1 {
    fn from(c: &LossCause) -> Self {
        let (cause, by) = match c {
            LossCause::Destroyed => (CauseV1::Destroyed, None),
            LossCause::Damaged => (CauseV1::Damaged, None),
            LossCause::Abandoned => (CauseV1::Abandoned, None),
            LossCause::Captured { by } => (CauseV1::Captured, by.clone()),
        };
        Self { cause, by }
    }
}

impl TryFrom<LossCauseV1> for LossCause {
    type Error = Invalid;
    fn try_from(c: LossCauseV1) -> Result<Self, Invalid> {
        let cause = match c.cause {
            CauseV1::Captured => return Ok(LossCause::Captured { by: c.by }),
            CauseV1::Destroyed => LossCause::Destroyed,
            CauseV1::Damaged => LossCause::Damaged,
            CauseV1::Abandoned => LossCause::Abandoned,
        };
        match c.by {
            Some(_) => Err(Invalid(format!(
                "unknown field `by` for cause `{cause}`, expected `cause` (only `captured` has `by`)"
            ))),
            None => Ok(cause),
        }
    }
}

/// A change, tagged by `kind`; the fields of each kind in this order.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "snake_case",
    tag = "kind",
    deny_unknown_fields
)]
enum ChangeV1 {
    Requested {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<CountV1>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        supplier: Option<HolderId>,
        #[serde(default)]
        request: RequestKindV1,
    },
    Ordered {
        count: CountV1,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        supplier: Option<HolderId>,
        #[serde(default)]
        condition: ConditionV1,
    },
    Delivered {
        count: CountV1,
        into: StatusV1,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        supplier: Option<HolderId>,
        #[serde(default)]
        condition: ConditionV1,
    },
    StatusChanged {
        from: StatusV1,
        to: StatusV1,
        count: CountV1,
    },
    Assessed {
        breakdown: Vec<(StatusV1, CountV1)>,
    },
    Lost {
        count: CountV1,
        from: StatusV1,
        cause: LossCauseV1,
    },
    Retired {
        count: CountV1,
        from: StatusV1,
    },
    Expended {
        count: CountV1,
        from: StatusV1,
    },
    Transferred {
        count: CountV1,
        to: HolderId,
        from: StatusV1,
        into: StatusV1,
    },
    Observed {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<CountV1>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<StatusV1>,
    },
    OpeningUnknown,
    Claimed {
        quantity: QuantityV1,
        count: CountV1,
    },
    Resolved {
        quantity: QuantityV1,
        decision: DecisionV1,
    },
    Retracted {
        entry: EntryId,
    },
}

crate::map_only::map_only!(ChangeV1, "internally tagged enum ChangeV1", serialize);

impl From<&Change> for ChangeV1 {
    fn from(c: &Change) -> Self {
        match c {
            Change::Requested {
                count,
                supplier,
                request,
            } => Self::Requested {
                count: count.map(CountV1::from),
                supplier: supplier.clone(),
                request: (*request).into(),
            },
            Change::Ordered {
                count,
                supplier,
                condition,
            } => Self::Ordered {
                count: (*count).into(),
                supplier: supplier.clone(),
                condition: (*condition).into(),
            },
            Change::Delivered {
                count,
                into,
                supplier,
                condition,
            } => Self::Delivered {
                count: (*count).into(),
                into: (*into).into(),
                supplier: supplier.clone(),
                condition: (*condition).into(),
            },
            Change::StatusChanged { from, to, count } => Self::StatusChanged {
                from: (*from).into(),
                to: (*to).into(),
                count: (*count).into(),
            },
            Change::Assessed { breakdown } => Self::Assessed {
                breakdown: breakdown
                    .iter()
                    .map(|&(s, c)| (s.into(), c.into()))
                    .collect(),
            },
            Change::Lost { count, from, cause } => Self::Lost {
                count: (*count).into(),
                from: (*from).into(),
                cause: cause.into(),
            },
            Change::Retired { count, from } => Self::Retired {
                count: (*count).into(),
                from: (*from).into(),
            },
            Change::Expended { count, from } => Self::Expended {
                count: (*count).into(),
                from: (*from).into(),
            },
            Change::Transferred {
                count,
                to,
                from,
                into,
            } => Self::Transferred {
                count: (*count).into(),
                to: to.clone(),
                from: (*from).into(),
                into: (*into).into(),
            },
            Change::Observed { count, status } => Self::Observed {
                count: count.map(CountV1::from),
                status: status.map(StatusV1::from),
            },
            Change::OpeningUnknown => Self::OpeningUnknown,
            Change::Claimed { quantity, count } => Self::Claimed {
                quantity: (*quantity).into(),
                count: (*count).into(),
            },
            Change::Resolved { quantity, decision } => Self::Resolved {
                quantity: (*quantity).into(),
                decision: (*decision).into(),
            },
            Change::Retracted { entry } => Self::Retracted { entry: *entry },
        }
    }
}

impl TryFrom<ChangeV1> for Change {
    type Error = Invalid;
    fn try_from(c: ChangeV1) -> Result<Self, Invalid> {
        let count = Count::try_from;
        Ok(match c {
            ChangeV1::Requested {
                count: n,
                supplier,
                request,
            } => Change::Requested {
                count: n.map(count).transpose()?,
                supplier,
                request: request.into(),
            },
            ChangeV1::Ordered {
                count: n,
                supplier,
                condition,
            } => Change::Ordered {
                count: count(n)?,
                supplier,
                condition: condition.into(),
            },
            ChangeV1::Delivered {
                count: n,
                into,
                supplier,
                condition,
            } => Change::Delivered {
                count: count(n)?,
                into: into.into(),
                supplier,
                condition: condition.into(),
            },
            ChangeV1::StatusChanged { from, to, count: n } => Change::StatusChanged {
                from: from.into(),
                to: to.into(),
                count: count(n)?,
            },
            ChangeV1::Assessed { breakdown } => Change::Assessed {
                breakdown: breakdown
                    .into_iter()
                    .map(|(s, n)| Ok((s.into(), count(n)?)))
                    .collect::<Result<_, Invalid>>()?,
            },
            ChangeV1::Lost {
                count: n,
                from,
                cause,
            } => Change::Lost {
                count: count(n)?,
                from: from.into(),
                cause: cause.try_into()?,
            },
            ChangeV1::Retired { count: n, from } => Change::Retired {
                count: count(n)?,
                from: from.into(),
            },
            ChangeV1::Expended { count: n, from } => Change::Expended {
                count: count(n)?,
                from: from.into(),
            },
            ChangeV1::Transferred {
                count: n,
                to,
                from,
                into,
            } => Change::Transferred {
                count: count(n)?,
                to,
                from: from.into(),
                into: into.into(),
            },
            ChangeV1::Observed { count: n, status } => Change::Observed {
                count: n.map(count).transpose()?,
                status: status.map(Status::from),
            },
            ChangeV1::OpeningUnknown => Change::OpeningUnknown,
            ChangeV1::Claimed { quantity, count: n } => Change::Claimed {
                quantity: quantity.into(),
                count: count(n)?,
            },
            ChangeV1::Resolved { quantity, decision } => Change::Resolved {
                quantity: quantity.into(),
                decision: decision.try_into()?,
            },
            ChangeV1::Retracted { entry } => Change::Retracted { entry },
        })
    }
}

/// Mirrors a public unit-only enum as a version-1 wire enum (snake_case names), both ways.
macro_rules! wire_enum {
    ($wire:ident <=> $public:ident { $($variant:ident),+ $(,)? }) => {
        #[derive(Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum $wire {
            $($variant),+
        }
        impl From<$public> for $wire {
            fn from(v: $public) -> Self {
                match v {
                    $($public::$variant => Self::$variant),+
                }
            }
        }
        impl From<$wire> for $public {
            fn from(v: $wire) -> Self {
                match v {
                    $($wire::$variant => Self::$variant),+
                }
            }
        }
    };
}

wire_enum!(StatusV1 <=> Status {
    Operational,
    Degraded,
    NonOperationalMaintenance,
    NonOperationalSupply,
    NonOperationalDamaged,
    Stored,
    Unknown,
});
wire_enum!(BasisV1 <=> Basis { Exact, AtLeast, UpTo, About, Estimate });
wire_enum!(ConditionV1 <=> Condition {
    New,
    SecondHand,
    SecondHandModernised,
    Captured,
    LicensedProduction,
});
wire_enum!(RequestKindV1 <=> RequestKind {
    Acquisition,
    Repair,
    Upgrade,
    Support,
    Unspecified,
});
wire_enum!(PlatformKindV1 <=> PlatformKind {
    Aircraft,
    SamSystem,
    Missile,
    Transport,
    Generic,
    ArmouredVehicle,
    Artillery,
    Helicopter,
    Uav,
    Ship,
});

/// What a claim counts: `"held"`, `"delivered"`, `"lost"`, `{"in_status":"stored"}`.
#[derive(Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum QuantityV1 {
    Held,
    InStatus(StatusV1),
    Delivered,
    Lost,
}

impl From<Quantity> for QuantityV1 {
    fn from(q: Quantity) -> Self {
        match q {
            Quantity::Held => Self::Held,
            Quantity::InStatus(s) => Self::InStatus(s.into()),
            Quantity::Delivered => Self::Delivered,
            Quantity::Lost => Self::Lost,
        }
    }
}

impl From<QuantityV1> for Quantity {
    fn from(q: QuantityV1) -> Self {
        match q {
            QuantityV1::Held => Self::Held,
            QuantityV1::InStatus(s) => Self::InStatus(s.into()),
            QuantityV1::Delivered => Self::Delivered,
            QuantityV1::Lost => Self::Lost,
        }
    }
}

/// A resolution's decision: `{"decision":"pick","entry":12}`,
/// `{"decision":"narrow","lower":21,"upper":22}`, `{"decision":"keep_range"}`.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct DecisionV1 {
    decision: DecisionNameV1,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    entry: Option<EntryId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lower: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    upper: Option<u64>,
}

crate::map_only::map_only!(DecisionV1, "struct DecisionV1", serialize);

#[derive(Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum DecisionNameV1 {
    Pick,
    Narrow,
    KeepRange,
}

impl From<Decision> for DecisionV1 {
    fn from(d: Decision) -> Self {
        let (decision, entry, lower, upper) = match d {
            Decision::Pick { entry } => (DecisionNameV1::Pick, Some(entry), None, None),
            Decision::Narrow { lower, upper } => (DecisionNameV1::Narrow, None, Some(lower), upper),
            Decision::KeepRange => (DecisionNameV1::KeepRange, None, None, None),
        };
        Self {
            decision,
            entry,
            lower,
            upper,
        }
    }
}

impl TryFrom<DecisionV1> for Decision {
    type Error = Invalid;
    fn try_from(d: DecisionV1) -> Result<Self, Invalid> {
        let decision = match (d.decision, d.entry, d.lower, d.upper) {
            (DecisionNameV1::Pick, Some(entry), None, None) => Decision::Pick { entry },
            (DecisionNameV1::Narrow, None, Some(lower), upper) => Decision::Narrow { lower, upper },
            (DecisionNameV1::KeepRange, None, None, None) => Decision::KeepRange,
            _ => {
                return Err(Invalid(
                    "a decision takes `entry` (pick), `lower` and `upper` (narrow) or nothing \
                     (keep_range)"
                        .into(),
                ));
            }
        };
        decision.check().map_err(Invalid)?;
        Ok(decision)
    }
}

/// The name of a loss cause (`captured` may come with `by`).
#[derive(Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum CauseV1 {
    Destroyed,
    Damaged,
    Abandoned,
    Captured,
}

// The defaults of fields that may be left out: part of the format, so spelt out here (not
// derived, so that no attribute elsewhere can move them).
#[allow(clippy::derivable_impls)]
impl Default for BasisV1 {
    fn default() -> Self {
        Self::Exact
    }
}
#[allow(clippy::derivable_impls)]
impl Default for ConditionV1 {
    fn default() -> Self {
        Self::New
    }
}
#[allow(clippy::derivable_impls)]
impl Default for RequestKindV1 {
    fn default() -> Self {
        Self::Acquisition
    }
}

impl BasisV1 {
    fn is_exact(&self) -> bool {
        *self == Self::Exact
    }
}

/// A value that decodes as JSON but is not valid (an empty citation, a count over the
/// maximum, `by` on a cause other than `captured`).
#[derive(Debug)]
pub(crate) struct Invalid(String);

impl From<ParseError> for Invalid {
    fn from(e: ParseError) -> Self {
        Self(e.to_string())
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
