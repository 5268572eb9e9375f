//! SIPRI's fact schema: [`SipriDeal`] (with [`Tiv`]), the facts the importer keeps on every
//! entry it makes, stored in the ledger as [`Facts`] tagged `sipri` and read back with
//! [`SipriDeal::of`].
//!
//! The schema is the facts' JSON form, which journals hold: the fields in the struct's order,
//! empty text, absent flags and TIVs and unknown holder kinds left out, TIVs as text, unknown
//! keys refused. Version-1 journals written before the ledger stopped reading facts hold
//! exactly this form (`tests/data/journal-v1-facts.jsonl` pins it).

use std::fmt;
use std::str::FromStr;

use crate::error::ParseError;
use crate::holder::HolderKind;
use crate::ledger::{Condition, FactSchema, Facts, FactsError, NewEntry};

/// One SIPRI deal as the transfers export writes it (see
/// [`import::sipri`](crate::import::sipri) for the columns): the deal's terms on every entry of
/// the deal, and on a delivery its row's own figures.
///
/// A flag is `Some(true)` for `Yes`, `Some(false)` for `No`, `None` when the export leaves it
/// empty (or on an order, for the delivery-row fields).
///
/// # Example
///
/// ```
/// use materiel::import::sipri::SipriDeal;
///
/// let mut deal = SipriDeal::new(33019, "Su-30MK");
/// deal.tiv_unit = Some("55".parse()?);
/// let facts = deal.to_facts();
/// assert_eq!(facts.tag(), "sipri");
/// assert_eq!(facts.json(), r#"{"deal":33019,"designation":"Su-30MK","order_year":0,"status":"new","tiv_unit":"55"}"#);
/// assert_eq!(SipriDeal::from_facts(&facts)?, Some(deal));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SipriDeal {
    /// `SIPRI AT Database ID`.
    pub deal: u32,
    /// `Designation` as SIPRI writes it, trimmed (and without the trailing ` -` some
    /// designations carry: `K-2 -` is `K-2`).
    pub designation: String,
    /// `Description` (`FGA aircraft`); empty when the export leaves it empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `Armament category` as SIPRI writes it (`Aircraft`, `Air defence systems`, ...);
    /// [`Category`](super::Category) parses it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    /// `Order date` (a year).
    pub order_year: i16,
    /// `Order date is estimate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_year_estimate: Option<bool>,
    /// `Status`: new, second hand, or second hand but modernised (SIPRI's column as written:
    /// never [`Condition::LicensedProduction`], which the importer records on the entry's
    /// change when `licensed` is set).
    #[serde(default = "new_condition")]
    pub status: Condition,
    /// `Local production`: produced in the recipient under licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licensed: Option<bool>,
    /// `TIV deal unit`: the TIV of one unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiv_unit: Option<Tiv>,
    /// `SIPRI estimate`: SIPRI's estimate of the TIV of one unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sipri_estimate: Option<Tiv>,
    /// `TIV delivery values`: the TIV of this year's delivery (deliveries only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiv_delivery: Option<Tiv>,
    /// `Numbers delivered is estimate` (deliveries only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_estimate: Option<bool>,
    /// `Delivery year is estimate` (deliveries only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_year_estimate: Option<bool>,
    /// The recipient's kind, from SIPRI's markers (`*` a non-state actor, `**` an
    /// international organisation).
    #[serde(default = "unknown_kind", skip_serializing_if = "is_unknown_kind")]
    pub recipient_kind: HolderKind,
    /// The supplier's kind ([`HolderKind::Unknown`] for `unknown supplier(s)`).
    #[serde(default = "unknown_kind", skip_serializing_if = "is_unknown_kind")]
    pub supplier_kind: HolderKind,
}

// The defaults of fields that may be left out are part of the schema, so they are spelt out
// here rather than taken from the types' `Default`.
fn new_condition() -> Condition {
    Condition::New
}

fn unknown_kind() -> HolderKind {
    HolderKind::Unknown
}

fn is_unknown_kind(kind: &HolderKind) -> bool {
    *kind == HolderKind::Unknown
}

impl FactSchema for SipriDeal {
    const TAG: &'static str = "sipri";
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
            status: Condition::New,
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

    /// The SIPRI facts of `entry`: `Ok(None)` when it has none (an entry of another source).
    ///
    /// # Errors
    ///
    /// [`FactsError::Value`] when the entry has facts tagged `sipri` that do not match the
    /// schema (a journal edited by hand: an unknown key, a TIV that is not a number).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::import::sipri::{self, Options, SipriDeal};
    /// use materiel::{Catalog, Ledger};
    ///
    /// let csv = std::fs::read_to_string("tests/data/sipri-excerpt.csv")?;
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// sipri::import(&mut ledger, csv.as_bytes(), &Options::new())?;
    /// // The first entry of a deal (the window's unknown openings, about no deal, have none).
    /// let first = ledger.entries().find(|e| e.source().reference().is_some()).unwrap();
    /// let deal = SipriDeal::of(&first)?.expect("every entry of a deal has its facts");
    /// assert_eq!(deal.designation, "Mi-17");
    /// let opening = ledger.entries().next().unwrap();
    /// assert_eq!(SipriDeal::of(&opening)?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of(entry: &NewEntry) -> Result<Option<Self>, FactsError> {
        entry.facts_as()
    }

    /// The deal read from `facts`: `Ok(None)` for facts of another source.
    ///
    /// # Errors
    ///
    /// As [`SipriDeal::of`].
    pub fn from_facts(facts: &Facts) -> Result<Option<Self>, FactsError> {
        facts.get()
    }

    /// The deal as facts to store with an entry ([`NewEntry::with_facts`]), tagged `sipri`.
    pub fn to_facts(&self) -> Facts {
        self.clone().into_facts()
    }

    /// [`SipriDeal::to_facts`], by value: the facts keep the deal as it is until the entry
    /// is written (its JSON writing cannot fail: plain data, property-tested).
    pub fn into_facts(self) -> Facts {
        Facts::typed(self)
    }
}

/// The delivery TIV of `facts` ([`SipriDeal::tiv_delivery`]), read without reading the whole
/// deal: `Ok(None)` for facts of another source or a deal without one; for facts
/// [`SipriDeal::from_facts`] refuses, the same error.
///
/// Reading whole deals (three strings copied per delivery) was most of `materiel transfers`'
/// time after loading; this reads the facts' text borrowed, through [`narrow::SipriDeal`].
pub(super) fn tiv_delivery(facts: &Facts) -> Result<Option<Tiv>, FactsError> {
    if facts.tag() != <SipriDeal as FactSchema>::TAG {
        return Ok(None);
    }
    if let Some(deal) = facts.typed_ref::<SipriDeal>() {
        return Ok(deal.tiv_delivery);
    }
    facts.read_json(|json| {
        serde_json::from_str::<narrow::SipriDeal<'_>>(json).map(|d| d.tiv_delivery)
    })
}

mod narrow {
    //! [`SipriDeal`](super::SipriDeal) read for its delivery TIV alone.

    use std::borrow::Cow;

    use super::{Condition, HolderKind, Tiv, new_condition, unknown_kind};

    /// [`SipriDeal`](super::SipriDeal)'s schema field for field: the same names, types,
    /// defaults, required fields and name (serde's messages name it), unknown keys refused,
    /// so it accepts exactly the texts the whole deal accepts, with the same messages; its
    /// texts are borrowed and only the TIV is kept.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // read to check them, as the whole deal does; only the TIV is kept
    pub(super) struct SipriDeal<'a> {
        deal: u32,
        #[serde(borrow)]
        designation: Cow<'a, str>,
        #[serde(default, borrow)]
        description: Cow<'a, str>,
        #[serde(default, borrow)]
        category: Cow<'a, str>,
        order_year: i16,
        #[serde(default)]
        order_year_estimate: Option<bool>,
        #[serde(default = "new_condition")]
        status: Condition,
        #[serde(default)]
        licensed: Option<bool>,
        #[serde(default)]
        tiv_unit: Option<Tiv>,
        #[serde(default)]
        sipri_estimate: Option<Tiv>,
        #[serde(default)]
        pub(super) tiv_delivery: Option<Tiv>,
        #[serde(default)]
        delivered_estimate: Option<bool>,
        #[serde(default)]
        delivery_year_estimate: Option<bool>,
        #[serde(default = "unknown_kind")]
        recipient_kind: HolderKind,
        #[serde(default = "unknown_kind")]
        supplier_kind: HolderKind,
    }
}

/// A SIPRI trend-indicator value, in millions of TIV, exact to a thousandth (the export
/// writes at most two decimals).
///
/// Text form: a decimal number without sign or exponent (`55`, `0.15`, `7.25`); `Display`
/// writes the shortest such text.
///
/// ```
/// use materiel::import::sipri::Tiv;
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

    /// `tiv_delivery` accepts and refuses exactly what `SipriDeal` does, with the same message,
    /// and reads the same TIV.
    #[test]
    fn deal_tiv_reads_as_sipri_deal_does() {
        let full = r#"{"deal":60320,"designation":"EMB-314","description":"trainer/combat aircraft","category":"Aircraft","order_year":2017,"order_year_estimate":false,"status":"new","licensed":false,"tiv_unit":"4.5","sipri_estimate":"4.5","tiv_delivery":"27","delivered_estimate":true,"delivery_year_estimate":false,"recipient_kind":"state","supplier_kind":"state"}"#;
        let texts = [
            full,
            r#"{"deal":1,"designation":"A","order_year":0}"#,
            r#"{"deal":1,"designation":"A \u0041","order_year":0,"tiv_delivery":"0.15"}"#,
            r#"{"deal":1,"designation":"A","order_year":0,"tiv_delivery":null,"status":"second_hand"}"#,
            r#"{"deal":"not a number"}"#,
            r#"{"deal":1,"designation":"A"}"#,
            r#"{"deal":1,"designation":"A","order_year":0,"extra":1}"#,
            r#"{"deal":1,"designation":"A","order_year":0,"tiv_delivery":"1.2345"}"#,
            r#"{"deal":1,"designation":"A","order_year":0,"tiv_delivery":5}"#,
            r#"{"deal":1,"designation":"A","order_year":0,"status":"used"}"#,
            r#"{"deal":1,"designation":"A","order_year":0,"status":null}"#,
            r#"{"deal":1,"designation":"A","order_year":0,"supplier_kind":"planet"}"#,
            r#"{"deal":1,"designation":7,"order_year":0}"#,
            r#"{"deal":1,"deal":2,"designation":"A","order_year":0}"#,
            r#"[1,"A",0]"#,
            "12",
        ];
        for text in texts {
            let facts = Facts::from_json("sipri", text).expect("the texts are JSON");
            let whole = SipriDeal::from_facts(&facts).map(|d| d.and_then(|d| d.tiv_delivery));
            assert_eq!(tiv_delivery(&facts), whole, "{text}");
        }
        let typed = SipriDeal {
            tiv_delivery: Some(Tiv(5800)),
            ..SipriDeal::new(1, "Mi-17")
        }
        .into_facts();
        assert_eq!(tiv_delivery(&typed), Ok(Some(Tiv(5800))));
        let other = Facts::from_json("oryx", "{}").expect("JSON");
        assert_eq!(tiv_delivery(&other), Ok(None));
    }

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
