//! Physical quantities and their text form.
//!
//! Capability figures are [`uom`] quantities ([`Length`], [`Mass`], [`Velocity`], [`Time`],
//! [`Power`]), never bare floats; a speed a source gives as a Mach number is a [`Speed`],
//! kept as that Mach number. On the wire and in user input they travel as text with a unit:
//! `"400 km"`, `"50 t"`, `"2120 km/h"`, `"18 h"`, `"840 hp"`, `"3.5 Mach"`. uom's own serde support writes bare SI numbers, checks nothing on
//! input and cannot read back NaN; this module replaces it with a format that names its unit
//! and validates what it reads.
//!
//! * [`parse_quantity`] accepts any supported unit of the right dimension, digit groups
//!   separated by spaces or underscores (`"17 700 kg"`), and exponents (`"1e3 m"`). It rejects
//!   empty text, NaN, infinities, negative values, unknown units and units of another
//!   dimension, with an error that quotes the text.
//! * [`format_quantity`] writes a value in a chosen display unit when that text parses back to
//!   exactly the same value, and in the SI unit otherwise, so `parse(format(q)) == q` holds for
//!   every finite non-negative value.
//!
//! # Example
//!
//! ```
//! use materiel::units::{
//!     Length, LengthUnit, Velocity, VelocityUnit, format_quantity, parse_quantity,
//! };
//! use uom::si::length::kilometer;
//!
//! let range: Length = parse_quantity("400 km")?;
//! assert_eq!(range.get::<kilometer>(), 400.0);
//! assert_eq!(format_quantity(range, LengthUnit::Kilometre), "400 km");
//!
//! let speed: Velocity = parse_quantity("2120 km/h")?;
//! assert_eq!(parse_quantity::<Velocity>(&format_quantity(speed, VelocityUnit::KilometrePerHour))?, speed);
//!
//! // Wrong dimension, negative values and NaN are errors naming the text.
//! assert!(parse_quantity::<Length>("50 t").is_err());
//! assert!(parse_quantity::<Length>("-3 km").is_err());
//! assert!(parse_quantity::<Length>("NaN km").is_err());
//! # Ok::<(), materiel::units::QuantityError>(())
//! ```

use std::fmt;

use uom::si::{length, mass, power, time, velocity};

/// A length (range, altitude, dimensions), stored in metres.
pub type Length = uom::si::f64::Length;
/// A mass (payload, take-off mass, warhead), stored in kilograms.
pub type Mass = uom::si::f64::Mass;
/// A speed, stored in metres per second.
pub type Velocity = uom::si::f64::Velocity;
/// A duration (endurance), stored in seconds.
pub type Time = uom::si::f64::Time;
/// A power (engine power), stored in watts.
pub type Power = uom::si::f64::Power;

/// The physical dimension of a quantity, as named in errors.
///
/// # Example
///
/// ```
/// use materiel::units::{Dimension, Length, Quantity, QuantityError, parse_quantity};
/// assert_eq!(<Length as Quantity>::DIMENSION, Dimension::Length);
/// let err = parse_quantity::<Length>("50 t").unwrap_err();
/// assert!(matches!(err, QuantityError::WrongDimension { expected: Dimension::Length, found: Dimension::Mass, .. }));
/// assert_eq!(err.to_string(), "quantity \"50 t\" is a mass, expected a length");
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
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
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::dimension)]
pub enum Dimension {
    /// Length, SI unit the metre.
    Length,
    /// Mass, SI unit the kilogram.
    Mass,
    /// Velocity, SI unit the metre per second.
    Velocity,
    /// Time, SI unit the second.
    Time,
    /// Power, SI unit the watt.
    Power,
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Length {}
    impl Sealed for super::Mass {}
    impl Sealed for super::Velocity {}
    impl Sealed for super::Time {}
    impl Sealed for super::Power {}
    impl Sealed for super::LengthUnit {}
    impl Sealed for super::MassUnit {}
    impl Sealed for super::VelocityUnit {}
    impl Sealed for super::TimeUnit {}
    impl Sealed for super::PowerUnit {}
}

/// A unit of one dimension that quantities can be written in.
///
/// Implemented by [`LengthUnit`], [`MassUnit`], [`VelocityUnit`], [`TimeUnit`] and
/// [`PowerUnit`]; sealed.
///
/// # Example
///
/// ```
/// use materiel::units::{LengthUnit, MassUnit, Unit};
///
/// // One function for the units of every dimension.
/// fn describe<U: Unit>(symbol: &str) -> Option<String> {
///     let unit = U::from_symbol(symbol)?;
///     Some(format!("{unit:?} ({}), SI unit {}", unit.symbol(), U::SI.symbol()))
/// }
/// assert_eq!(describe::<LengthUnit>("NM").as_deref(), Some("NauticalMile (nmi), SI unit m"));
/// assert_eq!(describe::<MassUnit>("t").as_deref(), Some("Tonne (t), SI unit kg"));
/// assert_eq!(describe::<MassUnit>("km"), None);
/// ```
pub trait Unit: sealed::Sealed + Copy + fmt::Debug + 'static {
    /// The quantity type measured in this unit.
    type Quantity: Quantity<Unit = Self>;
    /// The symbol written after the number, such as `km`.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::units::{Unit, VelocityUnit};
    /// fn label<U: Unit>(unit: U) -> &'static str {
    ///     unit.symbol()
    /// }
    /// assert_eq!(label(VelocityUnit::Knot), "kn");
    /// ```
    fn symbol(self) -> &'static str;
    /// The unit written as `symbol` (or one of its accepted aliases), if any.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::units::{LengthUnit, Unit};
    /// assert_eq!(LengthUnit::from_symbol("NM"), Some(LengthUnit::NauticalMile)); // an alias
    /// assert_eq!(LengthUnit::from_symbol("kg"), None);
    /// ```
    fn from_symbol(symbol: &str) -> Option<Self>;
    /// The SI unit of this dimension.
    const SI: Self;
}

/// A quantity type with a text form: [`Length`], [`Mass`], [`Velocity`], [`Time`] or
/// [`Power`]; sealed.
///
/// # Example
///
/// ```
/// use materiel::units::{Length, LengthUnit, Mass, MassUnit, Quantity, Unit};
///
/// // One function for every quantity type: the value in SI units, with the SI symbol.
/// fn si_text<Q: Quantity>(quantity: Q) -> String {
///     format!("{} {}", quantity.si_value(), <Q::Unit as Unit>::SI.symbol())
/// }
/// assert_eq!(si_text(Length::from_unit(2.5, LengthUnit::Kilometre)), "2500 m");
/// assert_eq!(si_text(Mass::from_unit(50.0, MassUnit::Tonne)), "50000 kg");
/// ```
pub trait Quantity: sealed::Sealed + Copy + PartialEq + fmt::Debug + 'static {
    /// The units this quantity can be written in.
    type Unit: Unit<Quantity = Self>;
    /// The dimension, as named in errors.
    const DIMENSION: Dimension;
    /// Builds the quantity from a number of `unit`.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::units::{Length, LengthUnit, Quantity};
    /// use uom::si::length::meter;
    /// let range = Length::from_unit(400.0, LengthUnit::Kilometre);
    /// assert_eq!(range.get::<meter>(), 400_000.0);
    /// ```
    fn from_unit(value: f64, unit: Self::Unit) -> Self;
    /// The value of the quantity expressed in `unit`.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::units::{Length, LengthUnit, Quantity};
    /// let one = Length::from_unit(1.0, LengthUnit::NauticalMile);
    /// assert_eq!(one.in_unit(LengthUnit::Metre), 1852.0);
    /// ```
    fn in_unit(self, unit: Self::Unit) -> f64;
    /// The value in the SI unit (metres, kilograms, metres per second).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::units::{Mass, MassUnit, Quantity};
    /// assert_eq!(Mass::from_unit(50.0, MassUnit::Tonne).si_value(), 50_000.0);
    /// ```
    fn si_value(self) -> f64;
}

macro_rules! units {
    (
        $(#[$meta:meta])*
        $name:ident for $q:ty, $dim:expr, $module:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $uom:ident, $symbol:literal $(| $alias:literal)* ; )+
        }
        si = $si:ident, unknown = $unknown:ident
    ) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash,
            serde::Serialize, serde::Deserialize,
            strum::Display, strum::EnumString, strum::EnumIter, strum::IntoStaticStr,
        )]
        #[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::$unknown)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $symbol $(, alias = $alias)*)]
                #[strum(to_string = $symbol $(, serialize = $alias)*)]
                $variant,
            )+
        }

        impl Unit for $name {
            type Quantity = $q;
            fn symbol(self) -> &'static str {
                match self {
                    $( $name::$variant => $symbol, )+
                }
            }
            fn from_symbol(symbol: &str) -> Option<Self> {
                match symbol {
                    $( $symbol $(| $alias)* => Some($name::$variant), )+
                    _ => None,
                }
            }
            const SI: Self = $name::$si;
        }

        impl Quantity for $q {
            type Unit = $name;
            const DIMENSION: Dimension = $dim;
            fn from_unit(value: f64, unit: $name) -> Self {
                match unit {
                    $( $name::$variant => <$q>::new::<$module::$uom>(value), )+
                }
            }
            fn in_unit(self, unit: $name) -> f64 {
                match unit {
                    $( $name::$variant => self.get::<$module::$uom>(), )+
                }
            }
            fn si_value(self) -> f64 {
                self.value
            }
        }

    };
}

units! {
    /// Units a [`Length`] can be written in.
    ///
    /// ```
    /// use materiel::units::{LengthUnit, Unit};
    /// assert_eq!(LengthUnit::Kilometre.symbol(), "km");
    /// assert_eq!("nmi".parse::<LengthUnit>(), Ok(LengthUnit::NauticalMile));
    /// ```
    LengthUnit for Length, Dimension::Length, length {
        /// Metre (`m`), the SI unit.
        Metre => meter, "m";
        /// Kilometre (`km`).
        Kilometre => kilometer, "km";
        /// Centimetre (`cm`).
        Centimetre => centimeter, "cm";
        /// Millimetre (`mm`).
        Millimetre => millimeter, "mm";
        /// International foot (`ft`).
        Foot => foot, "ft";
        /// Statute mile (`mi`).
        Mile => mile, "mi";
        /// Nautical mile (`nmi`, also read as `NM`).
        NauticalMile => nautical_mile, "nmi" | "NM";
    }
    si = Metre, unknown = length_unit
}

units! {
    /// Units a [`Mass`] can be written in.
    ///
    /// ```
    /// use materiel::units::{MassUnit, Unit};
    /// assert_eq!(MassUnit::Tonne.symbol(), "t");
    /// ```
    MassUnit for Mass, Dimension::Mass, mass {
        /// Kilogram (`kg`), the SI unit.
        Kilogram => kilogram, "kg";
        /// Gram (`g`).
        Gram => gram, "g";
        /// Metric tonne (`t`), 1 000 kg.
        Tonne => ton, "t";
        /// Avoirdupois pound (`lb`, also read as `lbs`).
        Pound => pound, "lb" | "lbs";
    }
    si = Kilogram, unknown = mass_unit
}

units! {
    /// Units a [`Velocity`] can be written in.
    ///
    /// ```
    /// use materiel::units::{Unit, VelocityUnit};
    /// assert_eq!(VelocityUnit::KilometrePerHour.symbol(), "km/h");
    /// ```
    VelocityUnit for Velocity, Dimension::Velocity, velocity {
        /// Metre per second (`m/s`), the SI unit.
        MetrePerSecond => meter_per_second, "m/s";
        /// Kilometre per hour (`km/h`, also read as `kph`).
        KilometrePerHour => kilometer_per_hour, "km/h" | "kph";
        /// Knot (`kn`, also read as `kt`).
        Knot => knot, "kn" | "kt";
        /// Mile per hour (`mph`).
        MilePerHour => mile_per_hour, "mph";
        /// Foot per second (`ft/s`).
        FootPerSecond => foot_per_second, "ft/s";
    }
    si = MetrePerSecond, unknown = velocity_unit
}

units! {
    /// Units a [`Time`] can be written in.
    ///
    /// ```
    /// use materiel::units::{TimeUnit, Unit};
    /// assert_eq!(TimeUnit::Hour.symbol(), "h");
    /// ```
    TimeUnit for Time, Dimension::Time, time {
        /// Second (`s`), the SI unit.
        Second => second, "s";
        /// Minute (`min`).
        Minute => minute, "min";
        /// Hour (`h`, also read as `hr`).
        Hour => hour, "h" | "hr";
        /// Day (`d`), 24 hours.
        Day => day, "d";
    }
    si = Second, unknown = time_unit
}

units! {
    /// Units a [`Power`] can be written in.
    ///
    /// `hp` is the mechanical (imperial) horsepower, 745.7 W; `PS` the metric horsepower,
    /// 735.5 W. Sources rarely say which they mean: a figure keeps the number and unit its
    /// source wrote (see [`catalog::Figure`](crate::catalog::Figure)).
    ///
    /// ```
    /// use materiel::units::{PowerUnit, Unit};
    /// assert_eq!(PowerUnit::Horsepower.symbol(), "hp");
    /// assert_eq!(PowerUnit::from_symbol("kW"), Some(PowerUnit::Kilowatt));
    /// ```
    PowerUnit for Power, Dimension::Power, power {
        /// Watt (`W`), the SI unit.
        Watt => watt, "W";
        /// Kilowatt (`kW`).
        Kilowatt => kilowatt, "kW";
        /// Mechanical horsepower (`hp`), 745.7 W.
        Horsepower => horsepower, "hp";
        /// Metric horsepower (`PS`), 735.5 W.
        MetricHorsepower => horsepower_metric, "PS";
    }
    si = Watt, unknown = power_unit
}

/// Which dimension a unit symbol belongs to, if any supported unit has that symbol.
fn dimension_of(symbol: &str) -> Option<Dimension> {
    if LengthUnit::from_symbol(symbol).is_some() {
        Some(Dimension::Length)
    } else if MassUnit::from_symbol(symbol).is_some() {
        Some(Dimension::Mass)
    } else if VelocityUnit::from_symbol(symbol).is_some() {
        Some(Dimension::Velocity)
    } else if TimeUnit::from_symbol(symbol).is_some() {
        Some(Dimension::Time)
    } else if PowerUnit::from_symbol(symbol).is_some() {
        Some(Dimension::Power)
    } else {
        None
    }
}

/// Parses quantity text such as `"400 km"` into a quantity of type `Q`.
///
/// The number may use digit groups separated by spaces or underscores (`"17 700 kg"`) and an
/// exponent (`"1.5e3 m"`); the space before the unit is optional. Every unit of the right
/// dimension is accepted (see [`LengthUnit`], [`MassUnit`], [`VelocityUnit`]).
///
/// # Errors
///
/// A [`QuantityError`] quoting the text when it is empty, has no number or no unit, names an
/// unknown unit or one of another dimension, or its value is NaN, infinite or negative.
///
/// # Example
///
/// ```
/// use materiel::units::{Mass, QuantityError, parse_quantity};
/// use uom::si::mass::kilogram;
///
/// let m: Mass = parse_quantity("17 700 kg")?;
/// assert_eq!(m.get::<kilogram>(), 17_700.0);
/// let err = parse_quantity::<Mass>("12 parsecs").unwrap_err();
/// assert!(matches!(err, QuantityError::UnknownUnit { .. }));
/// assert_eq!(err.to_string(), "unknown unit `parsecs` in quantity \"12 parsecs\"");
/// # Ok::<(), QuantityError>(())
/// ```
pub fn parse_quantity<Q: Quantity>(text: &str) -> Result<Q, QuantityError> {
    parse_number_and_unit::<Q::Unit>(text).map(|(n, unit)| Q::from_unit(n, unit))
}

/// Parses quantity text into the number and the unit as written, checking that the quantity
/// they make is finite (see [`parse_quantity`]).
pub(crate) fn parse_number_and_unit<U: Unit>(text: &str) -> Result<(f64, U), QuantityError> {
    let (value, unit) = split_number(text)?;
    let Some(unit) = U::from_symbol(unit) else {
        return Err(match dimension_of(unit) {
            Some(found) => QuantityError::WrongDimension {
                text: text.to_owned(),
                expected: <U::Quantity as Quantity>::DIMENSION,
                found,
            },
            None => QuantityError::UnknownUnit {
                text: text.to_owned(),
                unit: unit.to_owned(),
            },
        });
    };
    let quantity = U::Quantity::from_unit(value, unit);
    if !quantity.si_value().is_finite() {
        return Err(QuantityError::NotFinite {
            text: text.to_owned(),
        });
    }
    Ok((value, unit))
}

/// Splits quantity text into its finite non-negative number and its unit text (trimmed, not
/// empty).
fn split_number(text: &str) -> Result<(f64, &str), QuantityError> {
    let err_text = || text.to_owned();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(QuantityError::Empty);
    }
    let lower = trimmed.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if unsigned.starts_with("nan") || unsigned.starts_with("inf") {
        return Err(QuantityError::NotFinite { text: err_text() });
    }
    let split = trimmed
        .char_indices()
        .find(|&(_, c)| {
            !(c.is_ascii_digit()
                || matches!(
                    c,
                    '.' | 'e' | 'E' | '+' | '-' | '_' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'
                ))
        })
        .map_or(trimmed.len(), |(i, _)| i);
    let (number_part, unit_part) = trimmed.split_at(split);
    let unit = unit_part.trim();
    let number: String = number_part
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .collect();
    if number.is_empty() {
        return Err(QuantityError::MissingNumber { text: err_text() });
    }
    if unit.is_empty() {
        return Err(QuantityError::MissingUnit { text: err_text() });
    }
    let value: f64 = number.parse().map_err(|_| QuantityError::BadNumber {
        text: err_text(),
        number: number.clone(),
    })?;
    if !value.is_finite() {
        return Err(QuantityError::NotFinite { text: err_text() });
    }
    if value.is_sign_negative() {
        return Err(QuantityError::Negative { text: err_text() });
    }
    Ok((value, unit))
}

fn format_number(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-6..1e16).contains(&magnitude) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// Writes a quantity as text in `unit`, or in the SI unit when the `unit` text would not
/// parse back to exactly the same value.
///
/// The output always satisfies `parse_quantity(&format_quantity(q, unit)) == Ok(q)` for finite
/// non-negative `q`. Non-finite or negative values (which no validated field holds) are
/// written in the SI unit as Rust formats them, and do not parse back.
///
/// # Example
///
/// ```
/// use materiel::units::{Mass, MassUnit, format_quantity, parse_quantity};
///
/// let payload: Mass = parse_quantity("50 t")?;
/// assert_eq!(format_quantity(payload, MassUnit::Tonne), "50 t");
/// assert_eq!(format_quantity(payload, MassUnit::Kilogram), "50000 kg");
/// # Ok::<(), materiel::units::QuantityError>(())
/// ```
pub fn format_quantity<Q: Quantity>(quantity: Q, unit: Q::Unit) -> String {
    let shown = quantity.in_unit(unit);
    if shown.is_finite() {
        let text = format!("{} {}", format_number(shown), unit.symbol());
        if parse_quantity::<Q>(&text).is_ok_and(|back| back == quantity) {
            return text;
        }
    }
    let si = <Q::Unit as Unit>::SI;
    format!("{} {}", format_number(quantity.in_unit(si)), si.symbol())
}

/// Writes a quantity for people: in `unit`, rounded to at most `decimals` decimals, with no
/// exactness guarantee (use [`format_quantity`] for storage).
///
/// # Example
///
/// ```
/// use materiel::units::{Velocity, VelocityUnit, display_quantity, parse_quantity};
///
/// let v: Velocity = parse_quantity("1000 m/s")?;
/// assert_eq!(display_quantity(v, VelocityUnit::KilometrePerHour, 0), "3600 km/h");
/// # Ok::<(), materiel::units::QuantityError>(())
/// ```
pub fn display_quantity<Q: Quantity>(quantity: Q, unit: Q::Unit, decimals: usize) -> String {
    let value = quantity.in_unit(unit);
    let mut text = format!("{value:.decimals$}");
    if text.contains('.') {
        while text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.pop();
        }
    }
    format!("{text} {}", unit.symbol())
}

/// The unit a [`Speed`] is written in: a velocity unit, or `Mach`.
///
/// # Example
///
/// ```
/// use materiel::units::{SpeedUnit, VelocityUnit};
/// assert_eq!(SpeedUnit::Mach.to_string(), "Mach");
/// assert_eq!(SpeedUnit::Velocity(VelocityUnit::Knot).to_string(), "kn");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpeedUnit {
    /// A velocity unit: the speed is a [`Velocity`].
    Velocity(VelocityUnit),
    /// A Mach number: the speed is a multiple of the speed of sound where it was measured.
    Mach,
}

impl fmt::Display for SpeedUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpeedUnit::Velocity(u) => f.write_str(u.symbol()),
            SpeedUnit::Mach => f.write_str("Mach"),
        }
    }
}

/// A speed as its source states it: a [`Velocity`], or a Mach number.
///
/// A Mach number is a multiple of the speed of sound, which depends on the altitude and the
/// temperature where it was reached; sources that give Mach numbers rarely say where. So a
/// Mach number is kept as a Mach number and never converted to a velocity (nor a velocity to
/// a Mach number). Text form: `"2120 km/h"` (any [`VelocityUnit`]) or `"3.5 Mach"`.
///
/// # Example
///
/// ```
/// use materiel::units::{Speed, Velocity};
/// use uom::si::velocity::kilometer_per_hour;
///
/// let missile: Speed = "3.5 Mach".parse()?;
/// assert_eq!(missile.mach_number(), Some(3.5));
/// assert_eq!(missile.velocity(), None); // never converted
///
/// let jet: Speed = "2120 km/h".parse()?;
/// assert_eq!(jet.velocity(), Some(Velocity::new::<kilometer_per_hour>(2120.0)));
///
/// assert!("-2 Mach".parse::<Speed>().is_err());
/// assert!("3 kg".parse::<Speed>().is_err());
/// # Ok::<(), materiel::units::QuantityError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Speed {
    /// A velocity.
    Velocity(Velocity),
    /// A Mach number (finite, non-negative).
    Mach(f64),
}

impl Speed {
    /// A Mach number, checked: finite and non-negative.
    ///
    /// # Errors
    ///
    /// [`QuantityError::NotFinite`] or [`QuantityError::Negative`], quoting the number.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::units::Speed;
    /// assert_eq!(Speed::mach(3.0)?.mach_number(), Some(3.0));
    /// assert!(Speed::mach(f64::NAN).is_err());
    /// # Ok::<(), materiel::units::QuantityError>(())
    /// ```
    pub fn mach(number: f64) -> Result<Self, QuantityError> {
        let text = || format!("{number} Mach");
        if !number.is_finite() {
            Err(QuantityError::NotFinite { text: text() })
        } else if number.is_sign_negative() {
            Err(QuantityError::Negative { text: text() })
        } else {
            Ok(Speed::Mach(number))
        }
    }

    /// The velocity, when the speed was given as one.
    ///
    /// ```
    /// use materiel::units::Speed;
    /// assert!("850 km/h".parse::<Speed>()?.velocity().is_some());
    /// # Ok::<(), materiel::units::QuantityError>(())
    /// ```
    pub fn velocity(&self) -> Option<Velocity> {
        match self {
            Speed::Velocity(v) => Some(*v),
            Speed::Mach(_) => None,
        }
    }

    /// The Mach number, when the speed was given as one.
    ///
    /// ```
    /// use materiel::units::Speed;
    /// assert_eq!("2.5 Mach".parse::<Speed>()?.mach_number(), Some(2.5));
    /// # Ok::<(), materiel::units::QuantityError>(())
    /// ```
    pub fn mach_number(&self) -> Option<f64> {
        match self {
            Speed::Velocity(_) => None,
            Speed::Mach(m) => Some(*m),
        }
    }

    /// True when the speed is finite and non-negative (always, for a parsed or checked one).
    pub(crate) fn is_valid(&self) -> bool {
        match self {
            Speed::Velocity(v) => check_value(*v).is_ok(),
            Speed::Mach(m) => m.is_finite() && !m.is_sign_negative(),
        }
    }
}

impl std::str::FromStr for Speed {
    type Err = QuantityError;
    fn from_str(text: &str) -> Result<Self, QuantityError> {
        parse_speed(text).map(|(n, unit)| speed_from(n, unit))
    }
}

/// The speed `number` `unit` make.
pub(crate) fn speed_from(number: f64, unit: SpeedUnit) -> Speed {
    match unit {
        SpeedUnit::Velocity(u) => Speed::Velocity(Velocity::from_unit(number, u)),
        SpeedUnit::Mach => Speed::Mach(number),
    }
}

/// Parses speed text into the number and unit as written: `"3.5 Mach"` or a velocity.
pub(crate) fn parse_speed(text: &str) -> Result<(f64, SpeedUnit), QuantityError> {
    let (number, unit) = split_number(text)?;
    if unit == "Mach" {
        return Ok((number, SpeedUnit::Mach));
    }
    parse_number_and_unit::<VelocityUnit>(text).map(|(n, u)| (n, SpeedUnit::Velocity(u)))
}

/// Writes `number` for storage: the shortest text that reads back as exactly `number`.
pub(crate) fn write_number(number: f64) -> String {
    format_number(number)
}

/// Validates a quantity held by a field: finite and non-negative.
pub(crate) fn check_value<Q: Quantity>(quantity: Q) -> Result<(), f64> {
    let v = quantity.si_value();
    if v.is_finite() && !v.is_sign_negative() {
        Ok(())
    } else {
        Err(v)
    }
}

/// Quantity text that could not be read (see [`parse_quantity`]).
///
/// # Example
///
/// ```
/// use materiel::units::{Length, QuantityError, parse_quantity};
/// assert_eq!(parse_quantity::<Length>(" "), Err(QuantityError::Empty));
/// let err = parse_quantity::<Length>("-5 km").unwrap_err();
/// assert!(matches!(err, QuantityError::Negative { .. }));
/// assert_eq!(err.to_string(), "quantity \"-5 km\" is negative");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QuantityError {
    /// The text was empty or only white space.
    #[error("empty quantity: expected a number and a unit, such as \"400 km\"")]
    Empty,
    /// No number before the unit.
    #[error("quantity {text:?} has no number: expected a number and a unit, such as \"400 km\"")]
    MissingNumber {
        /// The whole text.
        text: String,
    },
    /// A number without a unit.
    #[error("quantity {text:?} has no unit: expected a number and a unit, such as \"400 km\"")]
    MissingUnit {
        /// The whole text.
        text: String,
    },
    /// The number part is not a decimal number.
    #[error("`{number}` is not a number in quantity {text:?}")]
    BadNumber {
        /// The whole text.
        text: String,
        /// The part read as the number.
        number: String,
    },
    /// NaN or an infinite value (including one too large for `f64`).
    #[error("quantity {text:?} is not finite")]
    NotFinite {
        /// The whole text.
        text: String,
    },
    /// A negative value: capability figures are magnitudes.
    #[error("quantity {text:?} is negative")]
    Negative {
        /// The whole text.
        text: String,
    },
    /// A unit this crate does not know.
    #[error("unknown unit `{unit}` in quantity {text:?}")]
    UnknownUnit {
        /// The whole text.
        text: String,
        /// The unit as written.
        unit: String,
    },
    /// A known unit of another dimension, such as a mass where a length was expected.
    #[error("quantity {text:?} is a {found}, expected a {expected}")]
    WrongDimension {
        /// The whole text.
        text: String,
        /// The dimension the field needs.
        expected: Dimension,
        /// The dimension of the unit written.
        found: Dimension,
    },
}
