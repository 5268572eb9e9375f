//! Typed facts an importer keeps about an entry, beyond what a [`Change`](super::Change)
//! says: [`Facts`], carried by [`NewEntry::with_facts`](super::NewEntry::with_facts) and read
//! back with [`NewEntry::facts`](super::NewEntry::facts) (an [`Entry`](super::Entry) derefs to it).
//!
//! The ledger stores them as it stores notes (a side table, not in the entry record), and
//! keeps them in journals, snapshots and checkpoints; queries never read them. They are the
//! source's own words, typed, so that a user needs no note parsing to ask "units per SIPRI
//! designation".

use std::fmt;
use std::str::FromStr;

use crate::error::ParseError;
use crate::holder::HolderKind;

use super::change::Condition;

/// What an importer knows about an entry beyond its change, by source.
///
/// # Example
///
/// ```
/// use materiel::ledger::{Facts, SipriDeal};
///
/// let mut deal = SipriDeal::new(33019, "Su-30MK");
/// deal.tiv_unit = Some("55".parse()?);
/// let facts = Facts::Sipri(deal);
/// assert_eq!(facts.sipri().map(|d| d.designation.as_str()), Some("Su-30MK"));
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Facts {
    /// A deal of the SIPRI Arms Transfers Database (an order, or one year's delivery of it).
    Sipri(SipriDeal),
}

impl Facts {
    /// The SIPRI deal, for SIPRI facts.
    pub fn sipri(&self) -> Option<&SipriDeal> {
        match self {
            Facts::Sipri(d) => Some(d),
        }
    }
}

/// One SIPRI deal as the transfers export writes it (see
/// [`import::sipri`](crate::import::sipri) for the columns): the deal's terms on every entry of
/// the deal, and on a delivery its row's own figures.
///
/// A flag is `Some(true)` for `Yes`, `Some(false)` for `No`, `None` when the export leaves it
/// empty (or on an order, for the delivery-row fields).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct SipriDeal {
    /// `SIPRI AT Database ID`.
    pub deal: u32,
    /// `Designation` as SIPRI writes it, trimmed (and without the trailing ` -` some
    /// designations carry: `K-2 -` is `K-2`).
    pub designation: String,
    /// `Description` (`FGA aircraft`); empty when the export leaves it empty.
    pub description: String,
    /// `Armament category` as SIPRI writes it (`Aircraft`, `Air defence systems`, ...); the
    /// importer's `Category` parses it.
    pub category: String,
    /// `Order date` (a year).
    pub order_year: i16,
    /// `Order date is estimate`.
    pub order_year_estimate: Option<bool>,
    /// `Status`: new, second hand, or second hand but modernised (SIPRI's column as written:
    /// never [`Condition::LicensedProduction`], which the importer records on the entry's
    /// change when `licensed` is set).
    pub status: Condition,
    /// `Local production`: produced in the recipient under licence.
    pub licensed: Option<bool>,
    /// `TIV deal unit`: the TIV of one unit.
    pub tiv_unit: Option<Tiv>,
    /// `SIPRI estimate`: SIPRI's estimate of the TIV of one unit.
    pub sipri_estimate: Option<Tiv>,
    /// `TIV delivery values`: the TIV of this year's delivery (deliveries only).
    pub tiv_delivery: Option<Tiv>,
    /// `Numbers delivered is estimate` (deliveries only).
    pub delivered_estimate: Option<bool>,
    /// `Delivery year is estimate` (deliveries only).
    pub delivery_year_estimate: Option<bool>,
    /// The recipient's kind, from SIPRI's markers (`*` a non-state actor, `**` an
    /// international organisation).
    pub recipient_kind: HolderKind,
    /// The supplier's kind ([`HolderKind::Unknown`] for `unknown supplier(s)`).
    pub supplier_kind: HolderKind,
}

impl SipriDeal {
    /// Deal `deal` of `designation`, every other field empty (order year 0, condition new,
    /// kinds unknown).
    pub fn new(deal: u32, designation: impl Into<String>) -> Self {
        Self {
            deal,
            designation: designation.into(),
            description: String::new(),
            category: String::new(),
            order_year: 0,
            order_year_estimate: None,
            status: Condition::default(),
            licensed: None,
            tiv_unit: None,
            sipri_estimate: None,
            tiv_delivery: None,
            delivered_estimate: None,
            delivery_year_estimate: None,
            recipient_kind: HolderKind::Unknown,
            supplier_kind: HolderKind::Unknown,
        }
    }
}

/// A SIPRI trend-indicator value, in millions of TIV, exact to a thousandth (the export
/// writes at most two decimals).
///
/// Text form: a decimal number without sign or exponent (`55`, `0.15`, `7.25`); `Display`
/// writes the shortest such text.
///
/// ```
/// use materiel::ledger::Tiv;
/// let t: Tiv = "7.250".parse()?;
/// assert_eq!(t.to_string(), "7.25");
/// assert_eq!(t.thousandths(), 7250);
/// assert!("1.2345".parse::<Tiv>().is_err());
/// assert!("-1".parse::<Tiv>().is_err());
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Tiv(u64);

impl Tiv {
    /// The value in thousandths of a million TIV.
    pub const fn from_thousandths(t: u64) -> Self {
        Self(t)
    }
    /// The value in thousandths of a million TIV.
    pub const fn thousandths(self) -> u64 {
        self.0
    }
    /// The value in millions of TIV, as a float (for charts and sums).
    pub fn millions(self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

impl FromStr for Tiv {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let bad = |reason: &'static str| ParseError::Number {
            what: "TIV",
            text: s.to_owned(),
            reason,
        };
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !digits(whole)
            || !digits(frac)
            || (s.contains('.') && frac.is_empty())
        {
            return Err(bad("not a decimal number"));
        }
        if frac.len() > 3 {
            return Err(bad("more than three decimals"));
        }
        let w: u64 = whole.parse().map_err(|_| bad("too large"))?;
        let mut f: u64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad("too large"))?
        };
        for _ in frac.len()..3 {
            f *= 10;
        }
        w.checked_mul(1000)
            .and_then(|w| w.checked_add(f))
            .map(Tiv)
            .ok_or_else(|| bad("too large"))
    }
}

impl fmt::Display for Tiv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (w, t) = (self.0 / 1000, self.0 % 1000);
        if t == 0 {
            return write!(f, "{w}");
        }
        let frac = format!("{t:03}");
        write!(f, "{w}.{}", frac.trim_end_matches('0'))
    }
}

impl serde::Serialize for Tiv {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Tiv {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiv_text_round_trips() {
        for s in ["0", "55", "0.15", "7.25", "0.001", "1200.5"] {
            assert_eq!(s.parse::<Tiv>().map(|t| t.to_string()), Ok(s.to_owned()));
        }
        for s in ["", ".5", "5.", "1e3", "-1", "1,5", "99999999999999999999"] {
            assert!(s.parse::<Tiv>().is_err(), "{s}");
        }
    }
}
