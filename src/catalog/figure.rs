//! Figures with their provenance: [`Figure`], [`Quote`], [`Qualifier`]; the sources they cite
//! are [`CatalogSource`]s (`source.rs`).
//!
//! A figure is what one source states (a value, or a range with either end open; a
//! qualifier; the condition it holds under) plus the alternatives other sources quote. Every
//! quote names its source, by type: a figure without a source cannot be built. Numbers keep
//! the unit their source wrote (`"155 mi"` stays 155 miles, `"3 Mach"` a Mach number), so the
//! text form reads back exactly.

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::CatalogSource;
use crate::units::{
    self, Length, Mass, Power, Quantity, QuantityError, Speed, SpeedUnit, Time, Unit, Velocity,
};

// ---------------------------------------------------------------------------------------------
// Figure values
// ---------------------------------------------------------------------------------------------

/// How a figure qualifies its value.
///
/// # Example
///
/// ```
/// use materiel::catalog::Qualifier;
/// assert_eq!(Qualifier::UpTo.to_string(), "up_to");
/// assert_eq!("about".parse::<Qualifier>(), Ok(Qualifier::About));
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::qualifier)]
pub enum Qualifier {
    /// About, approximately.
    About,
    /// Up to, at most.
    UpTo,
    /// At least, more than.
    AtLeast,
}

mod sealed {
    use super::{NumberWire, Ordering, Written};

    /// What [`FigureValue`](super::FigureValue) does, out of the public interface.
    #[allow(private_interfaces)]
    pub trait Sealed: Sized {
        /// What the figure's text or number is expected to be, for errors.
        const EXPECTED: &'static str;
        /// Reads a number as written (quantity text, or an integer for counts).
        fn read(wire: &NumberWire) -> Result<Written, String>;
        /// The value a written number stands for.
        fn value_of(written: Written) -> Self;
        /// How a value built in code is written: in the SI unit (Mach numbers as Mach
        /// numbers); `None` for a value that is not finite and non-negative.
        fn write(self) -> Option<Written>;
        /// Orders two values when they can be compared (a Mach number and a velocity
        /// cannot).
        fn compare(a: Self, b: Self) -> Option<Ordering>;
    }
}

/// A number as its source wrote it: the number and the unit (none for counts).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Written {
    /// A count.
    Count(u32),
    /// A quantity: the number in its unit, which the figure's type knows.
    Number(f64, WrittenUnit),
}

/// The unit of a written number, of any dimension.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum WrittenUnit {
    Length(units::LengthUnit),
    Mass(units::MassUnit),
    Velocity(units::VelocityUnit),
    Time(units::TimeUnit),
    Power(units::PowerUnit),
    Mach,
}

impl fmt::Display for WrittenUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WrittenUnit::Length(u) => u.symbol(),
            WrittenUnit::Mass(u) => u.symbol(),
            WrittenUnit::Velocity(u) => u.symbol(),
            WrittenUnit::Time(u) => u.symbol(),
            WrittenUnit::Power(u) => u.symbol(),
            WrittenUnit::Mach => "Mach",
        })
    }
}

impl fmt::Display for Written {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Written::Count(n) => write!(f, "{n}"),
            Written::Number(n, unit) => write!(f, "{} {unit}", units::write_number(*n)),
        }
    }
}

/// What a figure of `Self` is: a quantity ([`Length`], [`Mass`], [`Velocity`], [`Time`],
/// [`Power`]), a [`Speed`] (a velocity or a Mach number) or a count (`u32`). Sealed.
///
/// # Example
///
/// ```
/// use materiel::catalog::{Figure, FigureValue};
/// use materiel::units::Length;
///
/// // One function for figures of any type.
/// fn describe<T: FigureValue>(figure: &Figure<T>) -> String {
///     format!("{figure} [{}]", figure.source().key())
/// }
/// # let _ = describe::<Length>;
/// ```
pub trait FigureValue: sealed::Sealed + Copy + PartialEq + fmt::Debug + 'static {}

impl FigureValue for Length {}
impl FigureValue for Mass {}
impl FigureValue for Velocity {}
impl FigureValue for Time {}
impl FigureValue for Power {}
impl FigureValue for Speed {}
impl FigureValue for u32 {}

fn read_quantity<Q: Quantity>(
    wire: &NumberWire,
    unit: fn(Q::Unit) -> WrittenUnit,
) -> Result<Written, String> {
    match wire {
        NumberWire::Text(t) => units::parse_number_and_unit::<Q::Unit>(t)
            .map(|(n, u)| Written::Number(n, unit(u)))
            .map_err(|e: QuantityError| e.to_string()),
        NumberWire::Int(n) => Err(format!(
            "{n} has no unit: expected quantity text such as \"400 km\""
        )),
    }
}

fn write_quantity<Q: Quantity>(q: Q, unit: fn(Q::Unit) -> WrittenUnit) -> Option<Written> {
    let si = q.si_value();
    (si.is_finite() && !si.is_sign_negative())
        .then(|| Written::Number(si, unit(<Q::Unit as Unit>::SI)))
}

macro_rules! quantity_value {
    ($($q:ty => $variant:ident, $expected:literal;)*) => {$(
        #[allow(private_interfaces)]
        impl sealed::Sealed for $q {
            const EXPECTED: &'static str = $expected;
            fn read(wire: &NumberWire) -> Result<Written, String> {
                read_quantity::<$q>(wire, WrittenUnit::$variant)
            }
            fn value_of(written: Written) -> Self {
                match written {
                    Written::Number(n, WrittenUnit::$variant(u)) => <$q>::from_unit(n, u),
                    // `read` and `write` make no other form for this type.
                    _ => <$q>::from_unit(f64::NAN, <<$q as Quantity>::Unit as Unit>::SI),
                }
            }
            fn write(self) -> Option<Written> {
                write_quantity(self, WrittenUnit::$variant)
            }
            fn compare(a: Self, b: Self) -> Option<Ordering> {
                a.si_value().partial_cmp(&b.si_value())
            }
        }
    )*};
}

quantity_value! {
    Length => Length, "a length such as \"400 km\"";
    Mass => Mass, "a mass such as \"50 t\"";
    Velocity => Velocity, "a velocity such as \"850 km/h\"";
    Time => Time, "a time such as \"18 h\"";
    Power => Power, "a power such as \"840 hp\"";
}

#[allow(private_interfaces)]
impl sealed::Sealed for Speed {
    const EXPECTED: &'static str = "a speed such as \"850 km/h\" or \"3.5 Mach\"";
    fn read(wire: &NumberWire) -> Result<Written, String> {
        match wire {
            NumberWire::Text(t) => units::parse_speed(t)
                .map(|(n, u)| {
                    Written::Number(
                        n,
                        match u {
                            SpeedUnit::Velocity(v) => WrittenUnit::Velocity(v),
                            SpeedUnit::Mach => WrittenUnit::Mach,
                        },
                    )
                })
                .map_err(|e| e.to_string()),
            NumberWire::Int(n) => Err(format!(
                "{n} has no unit: expected speed text such as \"850 km/h\" or \"3.5 Mach\""
            )),
        }
    }
    fn value_of(written: Written) -> Self {
        match written {
            Written::Number(n, WrittenUnit::Velocity(u)) => {
                units::speed_from(n, SpeedUnit::Velocity(u))
            }
            Written::Number(n, _) => Speed::Mach(n),
            Written::Count(n) => Speed::Mach(f64::from(n)),
        }
    }
    fn write(self) -> Option<Written> {
        if !self.is_valid() {
            return None;
        }
        match self {
            Speed::Velocity(v) => write_quantity(v, WrittenUnit::Velocity),
            Speed::Mach(m) => Some(Written::Number(m, WrittenUnit::Mach)),
        }
    }
    fn compare(a: Self, b: Self) -> Option<Ordering> {
        match (a, b) {
            (Speed::Velocity(a), Speed::Velocity(b)) => a.value.partial_cmp(&b.value),
            (Speed::Mach(a), Speed::Mach(b)) => a.partial_cmp(&b),
            _ => None,
        }
    }
}

// The sealed trait's items use crate-private types on purpose: nothing outside the crate
// can name or call them.
#[allow(private_interfaces)]
impl sealed::Sealed for u32 {
    const EXPECTED: &'static str = "a non-negative integer";
    fn read(wire: &NumberWire) -> Result<Written, String> {
        match wire {
            NumberWire::Int(n) => u32::try_from(*n)
                .map(Written::Count)
                .map_err(|_| format!("{n} is too large for a count")),
            NumberWire::Text(t) => Err(format!("{t:?} is text: expected an integer")),
        }
    }
    fn value_of(written: Written) -> Self {
        match written {
            Written::Count(n) => n,
            Written::Number(..) => 0,
        }
    }
    fn write(self) -> Option<Written> {
        Some(Written::Count(self))
    }
    fn compare(a: Self, b: Self) -> Option<Ordering> {
        Some(a.cmp(&b))
    }
}

// ---------------------------------------------------------------------------------------------
// Quote and Figure
// ---------------------------------------------------------------------------------------------

/// What one source states about one figure: a value, or a range with either end open; how it
/// is qualified; the condition it holds under; the source; a note.
///
/// Made by [`Quote::new_value`] or [`Quote::new_range`] (which require the source), or read from a
/// catalog file. Numbers keep the unit their source wrote.
///
/// # Example
///
/// ```
/// use std::sync::Arc;
/// use materiel::catalog::{CatalogSource, Qualifier, Quote};
/// use materiel::units::{Length, Mass};
/// use uom::si::{length::kilometer, mass::kilogram};
///
/// let page = Arc::new(CatalogSource::new("morfema-igla-s", "Igla-S (Morfema Press)")?);
/// let mass = Quote::new_value(Mass::new::<kilogram>(19.0), page.clone())?
///     .with_qualifier(Qualifier::About)
///     .with_condition("system ready to fire")?;
/// assert_eq!(mass.value(), Some(Mass::new::<kilogram>(19.0)));
/// assert_eq!(mass.to_string(), "about 19 kg (system ready to fire)");
///
/// let range = Quote::new_range(None, Some(Length::new::<kilometer>(6.0)), page)?;
/// assert_eq!(range.max(), Some(Length::new::<kilometer>(6.0)));
/// assert_eq!(range.to_string(), "up to 6000 m");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Quote<T> {
    value: Option<Written>,
    min: Option<Written>,
    max: Option<Written>,
    qualifier: Option<Qualifier>,
    condition: Option<String>,
    note: Option<String>,
    source: Arc<CatalogSource>,
    _type: std::marker::PhantomData<T>,
}

/// Why a figure built in code is invalid (the catalog adds the platform and field).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FigureError {
    /// A value that is NaN, infinite or negative.
    #[error("the value is not finite and non-negative")]
    Invalid,
    /// A range with neither end.
    #[error("a range needs a minimum or a maximum")]
    EmptyRange,
    /// A range whose minimum exceeds its maximum.
    #[error("minimum {min} exceeds maximum {max}")]
    MinAboveMax {
        /// The minimum, as text.
        min: String,
        /// The maximum, as text.
        max: String,
    },
    /// A condition or note that is blank.
    #[error("a condition or note is empty")]
    EmptyText,
}

impl<T: FigureValue> Quote<T> {
    fn make(
        value: Option<Written>,
        min: Option<Written>,
        max: Option<Written>,
        source: Arc<CatalogSource>,
    ) -> Self {
        Self {
            value,
            min,
            max,
            qualifier: None,
            condition: None,
            note: None,
            source,
            _type: std::marker::PhantomData,
        }
    }

    /// One value, as stated by `source`.
    ///
    /// # Errors
    ///
    /// [`FigureError::Invalid`] for a NaN, infinite or negative value.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use materiel::catalog::{CatalogSource, Quote};
    /// # let s = Arc::new(CatalogSource::new("k", "K")?);
    /// assert_eq!(Quote::new_value(2_u32, s)?.value(), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new_value(value: T, source: Arc<CatalogSource>) -> Result<Self, FigureError> {
        let w = value.write().ok_or(FigureError::Invalid)?;
        Ok(Self::make(Some(w), None, None, source))
    }

    /// A range from `min` to `max`, either end open, as stated by `source`.
    ///
    /// # Errors
    ///
    /// [`FigureError::EmptyRange`] with neither end, [`FigureError::Invalid`] for an invalid
    /// end, [`FigureError::MinAboveMax`].
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use materiel::catalog::{CatalogSource, FigureError, Quote};
    /// # let s = Arc::new(CatalogSource::new("k", "K")?);
    /// assert!(matches!(Quote::new_range(Some(5_u32), Some(3), s.clone()), Err(FigureError::MinAboveMax { .. })));
    /// assert!(matches!(Quote::<u32>::new_range(None, None, s), Err(FigureError::EmptyRange)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new_range(
        min: Option<T>,
        max: Option<T>,
        source: Arc<CatalogSource>,
    ) -> Result<Self, FigureError> {
        let write = |v: Option<T>| v.map(|v| v.write().ok_or(FigureError::Invalid)).transpose();
        let q = Self::make(None, write(min)?, write(max)?, source);
        q.check()?;
        Ok(q)
    }

    /// Sets how the value is qualified.
    #[must_use]
    pub fn with_qualifier(mut self, qualifier: Qualifier) -> Self {
        self.qualifier = Some(qualifier);
        self
    }

    /// Sets the condition the value holds under (`"with 50 t payload"`).
    ///
    /// # Errors
    ///
    /// [`FigureError::EmptyText`] for blank text.
    pub fn with_condition(mut self, condition: impl Into<String>) -> Result<Self, FigureError> {
        self.condition = Some(condition.into());
        self.check()?;
        Ok(self)
    }

    /// Sets a note for readers.
    ///
    /// # Errors
    ///
    /// [`FigureError::EmptyText`] for blank text.
    pub fn with_note(mut self, note: impl Into<String>) -> Result<Self, FigureError> {
        self.note = Some(note.into());
        self.check()?;
        Ok(self)
    }

    /// The value, when one value is stated (not a range).
    pub fn value(&self) -> Option<T> {
        self.value.map(T::value_of)
    }
    /// The minimum of a range, if stated.
    pub fn min(&self) -> Option<T> {
        self.min.map(T::value_of)
    }
    /// The maximum of a range, if stated.
    pub fn max(&self) -> Option<T> {
        self.max.map(T::value_of)
    }
    /// True when a range is stated rather than one value.
    pub fn is_range(&self) -> bool {
        self.value.is_none()
    }
    /// The largest number stated: the value, else the maximum, else the minimum.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use materiel::catalog::{CatalogSource, Quote};
    /// # let s = Arc::new(CatalogSource::new("k", "K")?);
    /// assert_eq!(Quote::new_range(Some(3_u32), Some(45), s.clone())?.upper(), 45);
    /// assert_eq!(Quote::new_value(24_u32, s)?.upper(), 24);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn upper(&self) -> T {
        let w = self.value.or(self.max).or(self.min);
        // A quote always has a value or an end: `check` refuses one without.
        w.map_or_else(|| T::value_of(Written::Count(0)), T::value_of)
    }
    /// How the value is qualified, if at all.
    pub fn qualifier(&self) -> Option<Qualifier> {
        self.qualifier
    }
    /// The condition the value holds under, if stated.
    pub fn condition(&self) -> Option<&str> {
        self.condition.as_deref()
    }
    /// A note for readers, if any.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// The source that states it.
    pub fn source(&self) -> &Arc<CatalogSource> {
        &self.source
    }

    /// The numbers as written: value, else `(min, max)`.
    fn text(&self) -> String {
        match (self.value, self.min, self.max) {
            (Some(v), ..) => v.to_string(),
            (None, Some(a), Some(b)) => match (a, b) {
                (Written::Number(x, u), Written::Number(y, v)) if u == v => {
                    format!("{}-{} {u}", units::write_number(x), units::write_number(y))
                }
                _ => format!("{a} to {b}"),
            },
            (None, None, Some(b)) => format!("up to {b}"),
            (None, Some(a), None) => format!("at least {a}"),
            (None, None, None) => String::new(),
        }
    }

    pub(crate) fn check(&self) -> Result<(), FigureError> {
        if self.value.is_none() && self.min.is_none() && self.max.is_none() {
            return Err(FigureError::EmptyRange);
        }
        for w in [self.value, self.min, self.max].into_iter().flatten() {
            let ok = match w {
                Written::Count(_) => true,
                Written::Number(n, _) => n.is_finite() && !n.is_sign_negative(),
            };
            if !ok || T::write(T::value_of(w)).is_none() {
                return Err(FigureError::Invalid);
            }
        }
        if let (Some(a), Some(b)) = (self.min, self.max)
            && T::compare(T::value_of(a), T::value_of(b)) == Some(Ordering::Greater)
        {
            return Err(FigureError::MinAboveMax {
                min: a.to_string(),
                max: b.to_string(),
            });
        }
        if [&self.condition, &self.note]
            .into_iter()
            .flatten()
            .any(|t| t.trim().is_empty())
        {
            return Err(FigureError::EmptyText);
        }
        Ok(())
    }
}

impl<T: FigureValue> fmt::Display for Quote<T> {
    /// `about 19 kg (system ready to fire)`: qualifier, numbers as written, condition.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.qualifier {
            Some(Qualifier::About) => f.write_str("about ")?,
            Some(Qualifier::UpTo) if self.value.is_some() => f.write_str("up to ")?,
            Some(Qualifier::AtLeast) if self.value.is_some() => f.write_str("at least ")?,
            _ => {}
        }
        f.write_str(&self.text())?;
        if let Some(c) = &self.condition {
            write!(f, " ({c})")?;
        }
        Ok(())
    }
}

/// A figure with its provenance: the quote used ([`stated`](Self::stated)) and the
/// alternatives other sources quote ([`also`](Self::also)).
///
/// The accessors [`value`](Self::value), [`min`](Self::min), [`max`](Self::max),
/// [`upper`](Self::upper), [`qualifier`](Self::qualifier), [`condition`](Self::condition) and
/// [`source`](Self::source) read the stated quote.
///
/// # Example
///
/// ```
/// use materiel::Catalog;
/// use materiel::catalog::Spec;
/// use uom::si::length::kilometer;
///
/// let c = Catalog::reference();
/// let il76 = c.get(&"il-76td".parse()?).ok_or("in the catalog")?;
/// let Spec::Transport(t) = il76.spec() else { return Err("a transport".into()) };
/// let range = t.range_at_max_payload().ok_or("a figure")?;
/// assert_eq!(range.value().map(|r| r.get::<kilometer>()), Some(4400.0));
/// assert_eq!(range.condition(), Some("with maximum payload"));
/// assert!(range.also().iter().any(|q| q.to_string().starts_with("3600-4200 km")));
/// assert!(!range.source().title().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Figure<T> {
    stated: Quote<T>,
    also: Vec<Quote<T>>,
}

impl<T: FigureValue> Figure<T> {
    /// A figure of one quote, without alternatives.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use materiel::catalog::{CatalogSource, Figure, Quote};
    /// # let s = Arc::new(CatalogSource::new("k", "K")?);
    /// let crew = Figure::new(Quote::new_value(3_u32, s)?);
    /// assert_eq!(crew.value(), Some(3));
    /// assert!(crew.also().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(stated: Quote<T>) -> Self {
        Self {
            stated,
            also: Vec::new(),
        }
    }

    /// This figure with an alternative another source quotes.
    #[must_use]
    pub fn with_also(mut self, alternative: Quote<T>) -> Self {
        self.also.push(alternative);
        self
    }

    /// The quote used.
    pub fn stated(&self) -> &Quote<T> {
        &self.stated
    }
    /// The alternatives other sources quote, in the order given.
    pub fn also(&self) -> &[Quote<T>] {
        &self.also
    }
    /// Every quote: the stated one, then the alternatives.
    pub fn quotes(&self) -> impl Iterator<Item = &Quote<T>> {
        std::iter::once(&self.stated).chain(&self.also)
    }
    /// The stated value, when one value is stated (not a range).
    pub fn value(&self) -> Option<T> {
        self.stated.value()
    }
    /// The stated minimum, for a range.
    pub fn min(&self) -> Option<T> {
        self.stated.min()
    }
    /// The stated maximum, for a range.
    pub fn max(&self) -> Option<T> {
        self.stated.max()
    }
    /// The largest number stated (see [`Quote::upper`]).
    pub fn upper(&self) -> T {
        self.stated.upper()
    }
    /// The stated qualifier.
    pub fn qualifier(&self) -> Option<Qualifier> {
        self.stated.qualifier()
    }
    /// The stated condition.
    pub fn condition(&self) -> Option<&str> {
        self.stated.condition()
    }
    /// The source of the stated quote.
    pub fn source(&self) -> &Arc<CatalogSource> {
        self.stated.source()
    }

    pub(crate) fn check(&self) -> Result<(), FigureError> {
        self.quotes().try_for_each(Quote::check)
    }
}

impl<T: FigureValue> fmt::Display for Figure<T> {
    /// The stated quote (see [`Quote`]'s `Display`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.stated.fmt(f)
    }
}

// ---------------------------------------------------------------------------------------------
// Wire form
// ---------------------------------------------------------------------------------------------

/// A number in a catalog file: quantity text, or an integer for counts.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum NumberWire {
    /// An integer.
    Int(u64),
    /// Quantity text.
    Text(String),
}

impl Serialize for NumberWire {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NumberWire::Int(n) => s.serialize_u64(*n),
            NumberWire::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for NumberWire {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = NumberWire;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("quantity text such as \"400 km\" or a non-negative integer")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<NumberWire, E> {
                Ok(NumberWire::Int(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<NumberWire, E> {
                u64::try_from(v)
                    .map(NumberWire::Int)
                    .map_err(|_| E::custom(format!("{v} is negative")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NumberWire, E> {
                Ok(NumberWire::Text(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

impl From<Written> for NumberWire {
    fn from(w: Written) -> Self {
        match w {
            Written::Count(n) => NumberWire::Int(u64::from(n)),
            Written::Number(..) => NumberWire::Text(w.to_string()),
        }
    }
}

/// A quote in a catalog file; `also` only at the top level.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub(crate) struct QuoteWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) value: Option<NumberWire>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) min: Option<NumberWire>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) max: Option<NumberWire>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) qualifier: Option<Qualifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) condition: Option<String>,
    pub(crate) source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<String>,
}
super::wire::map_only!(QuoteWire);

/// A figure in a catalog file: a quote plus `also`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub(crate) struct FigureWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) value: Option<NumberWire>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) min: Option<NumberWire>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) max: Option<NumberWire>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) qualifier: Option<Qualifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) condition: Option<String>,
    pub(crate) source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) also: Vec<QuoteWire>,
}
super::wire::map_only!(FigureWire);

/// Why a figure in a file could not be read: the message, the catalog adds platform and field.
pub(crate) enum FigureProblem {
    /// A source key no file declares.
    UnknownSource(String),
    /// Anything else, as text.
    Other(String),
}

impl<T: FigureValue> Quote<T> {
    pub(crate) fn from_wire(
        w: QuoteWire,
        sources: &dyn Fn(&str) -> Option<Arc<CatalogSource>>,
    ) -> Result<Self, FigureProblem> {
        let source =
            sources(&w.source).ok_or_else(|| FigureProblem::UnknownSource(w.source.clone()))?;
        if w.value.is_some() == (w.min.is_some() || w.max.is_some()) {
            return Err(FigureProblem::Other(
                "give exactly one of `value` or a range (`min` and/or `max`)".to_owned(),
            ));
        }
        let read = |n: &Option<NumberWire>| {
            n.as_ref()
                .map(|n| {
                    T::read(n).map_err(|e| FigureProblem::Other(format!("{e} ({})", T::EXPECTED)))
                })
                .transpose()
        };
        let mut q = Self::make(read(&w.value)?, read(&w.min)?, read(&w.max)?, source);
        q.qualifier = w.qualifier;
        q.condition = w.condition;
        q.note = w.note;
        q.check().map_err(|e| FigureProblem::Other(e.to_string()))?;
        Ok(q)
    }

    pub(crate) fn to_wire(&self) -> QuoteWire {
        QuoteWire {
            value: self.value.map(NumberWire::from),
            min: self.min.map(NumberWire::from),
            max: self.max.map(NumberWire::from),
            qualifier: self.qualifier,
            condition: self.condition.clone(),
            source: self.source.key().to_owned(),
            note: self.note.clone(),
        }
    }
}

impl<T: FigureValue> Figure<T> {
    pub(crate) fn from_wire(
        w: FigureWire,
        sources: &dyn Fn(&str) -> Option<Arc<CatalogSource>>,
    ) -> Result<Self, FigureProblem> {
        let stated = Quote::from_wire(
            QuoteWire {
                value: w.value,
                min: w.min,
                max: w.max,
                qualifier: w.qualifier,
                condition: w.condition,
                source: w.source,
                note: w.note,
            },
            sources,
        )?;
        let also = w
            .also
            .into_iter()
            .map(|a| Quote::from_wire(a, sources))
            .collect::<Result<_, _>>()?;
        Ok(Self { stated, also })
    }

    pub(crate) fn to_wire(&self) -> FigureWire {
        let q = self.stated.to_wire();
        FigureWire {
            value: q.value,
            min: q.min,
            max: q.max,
            qualifier: q.qualifier,
            condition: q.condition,
            source: q.source,
            note: q.note,
            also: self.also.iter().map(Quote::to_wire).collect(),
        }
    }
}
