//! What a claim counts ([`Quantity`]) and what an analyst decides about claims that disagree
//! ([`Decision`]): the payloads of [`Change::Claimed`](super::Change::Claimed) and
//! [`Change::Resolved`](super::Change::Resolved).
//!
//! A claim is a source's statement of a count ("23 Su-30MK2 in 2023", "no fewer than 5,000
//! Igla-S"). It is an entry like any other (sourced, graded, bitemporal, retractable), kept
//! beside the lot's trajectory without moving it: claims from different sources about the
//! same quantity stand side by side, none erases another. [`Ledger::bounds`](super::Ledger::bounds)
//! reads them, with the lot's assessments and flows, into honest lower and upper bounds.

use std::fmt;

use super::MAX_COUNT;
use super::change::Status;
use super::entry::EntryId;

/// What a claim counts for its lot: the units held in total, those in one status, the total
/// ever delivered, or the total lost.
///
/// JSON form: `"held"`, `"delivered"`, `"lost"`, or `{"in_status": "stored"}`.
///
/// # Example
///
/// ```
/// use materiel::ledger::Quantity;
/// use materiel::Status;
///
/// assert_eq!(Quantity::Held.to_string(), "held");
/// assert_eq!(Quantity::InStatus(Status::Stored).to_string(), "held stored");
/// let json = serde_json::to_string(&Quantity::InStatus(Status::Stored)).unwrap();
/// assert_eq!(json, r#"{"in_status":"stored"}"#);
/// assert_eq!(serde_json::from_str::<Quantity>(r#""held""#).unwrap(), Quantity::Held);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Quantity {
    /// Units in service, whatever their status (a report's "has 24 fighters").
    Held,
    /// Units in service in one status ("12 operational").
    InStatus(Status),
    /// Units delivered in total, up to the claim's date.
    Delivered,
    /// Units lost in total, up to the claim's date.
    Lost,
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Held => f.write_str("held"),
            Quantity::InStatus(s) => write!(f, "held {s}"),
            Quantity::Delivered => f.write_str("delivered"),
            Quantity::Lost => f.write_str("lost"),
        }
    }
}

/// An analyst's decision about the claims on one quantity of a lot, recorded as a
/// [`Change::Resolved`](super::Change::Resolved) entry (sourced and graded like any entry;
/// its reason is the entry's note, which a resolution must have).
///
/// JSON form: `{"decision": "pick", "entry": 12}`, `{"decision": "narrow", "lower": 21,
/// "upper": 22}` (`upper` left out: no upper limit), `{"decision": "keep_range"}`; other
/// fields are rejected.
///
/// # Example
///
/// ```
/// use materiel::ledger::Decision;
/// use materiel::EntryId;
///
/// let pick = Decision::Pick { entry: EntryId::new(12) };
/// assert_eq!(serde_json::to_string(&pick).unwrap(), r#"{"decision":"pick","entry":12}"#);
/// let narrow: Decision = serde_json::from_str(r#"{"decision":"narrow","lower":21}"#).unwrap();
/// assert_eq!(narrow, Decision::Narrow { lower: 21, upper: None });
/// assert!(serde_json::from_str::<Decision>(r#"{"decision":"keep_range","entry":1}"#).is_err());
/// assert!(serde_json::from_str::<Decision>(r#"{"decision":"narrow","lower":5,"upper":4}"#).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision", try_from = "DecisionWire")]
#[non_exhaustive]
pub enum Decision {
    /// Take one claim's figure (a [`Claimed`](super::Change::Claimed) entry of the lot about
    /// the same quantity, or for [`Quantity::Held`] an [`Assessed`](super::Change::Assessed)
    /// entry): under [`PointPolicy::Resolved`](super::PointPolicy::Resolved) the point is
    /// that claim's figure. The bounds stay the range of every figure recorded (the evidence),
    /// whatever the decision.
    Pick {
        /// The claim taken.
        entry: EntryId,
    },
    /// Settle on a narrower range, `lower..=upper` (`upper: None`: no upper limit): under
    /// [`PointPolicy::Resolved`](super::PointPolicy::Resolved) the point is the
    /// best-graded figure clamped into it. The bounds stay the range of every figure recorded.
    Narrow {
        /// The least the analyst holds possible.
        lower: u64,
        /// The most, when there is a limit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        upper: Option<u64>,
    },
    /// The range stands: the disagreement is acknowledged and closed, with no point under
    /// [`PointPolicy::Resolved`](super::PointPolicy::Resolved).
    KeepRange,
}

/// The JSON form of a [`Decision`], read as one struct (serde's internally tagged enums
/// accept unknown fields on unit variants even with `deny_unknown_fields`).
#[derive(serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct DecisionWire {
    decision: DecisionName,
    #[serde(default)]
    entry: Option<EntryId>,
    #[serde(default)]
    lower: Option<u64>,
    #[serde(default)]
    upper: Option<u64>,
}
crate::map_only::map_only!(DecisionWire, "struct DecisionWire");

#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum DecisionName {
    Pick,
    Narrow,
    KeepRange,
}

impl TryFrom<DecisionWire> for Decision {
    type Error = String;
    fn try_from(w: DecisionWire) -> Result<Self, String> {
        let decision = match (w.decision, w.entry, w.lower, w.upper) {
            (DecisionName::Pick, Some(entry), None, None) => Decision::Pick { entry },
            (DecisionName::Narrow, None, Some(lower), upper) => Decision::Narrow { lower, upper },
            (DecisionName::KeepRange, None, None, None) => Decision::KeepRange,
            (DecisionName::Pick, ..) => return Err("`pick` takes `entry` only".into()),
            (DecisionName::Narrow, ..) => {
                return Err("`narrow` takes `lower` and an optional `upper` only".into());
            }
            (DecisionName::KeepRange, ..) => return Err("`keep_range` takes no fields".into()),
        };
        decision.check()?;
        Ok(decision)
    }
}

impl Decision {
    /// The decision on its own: a narrowed range has `lower <= upper`, both at most
    /// [`MAX_COUNT`].
    pub(crate) fn check(&self) -> Result<(), String> {
        if let Decision::Narrow { lower, upper } = *self {
            if lower > MAX_COUNT || upper.is_some_and(|u| u > MAX_COUNT) {
                return Err(format!("a narrowed range exceeds the maximum {MAX_COUNT}"));
            }
            if let Some(upper) = upper
                && upper < lower
            {
                return Err(format!("a narrowed range {lower}..={upper} is empty"));
            }
        }
        Ok(())
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::Pick { entry } => write!(f, "picks {entry}"),
            Decision::Narrow { lower, upper } => match upper {
                Some(u) => write!(f, "narrows to {lower}..={u}"),
                None => write!(f, "narrows to {lower}.."),
            },
            Decision::KeepRange => f.write_str("keeps the range"),
        }
    }
}
