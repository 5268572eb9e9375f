//! Kind-specific figures of a platform: [`Spec`] and one spec type per [`PlatformKind`].
//!
//! Spec types are plain builders: `AircraftSpec::new().with_crew(2).with_max_speed(v)`. Their
//! figures are validated (finite, non-negative, minimum <= maximum, no empty text) when the
//! spec becomes part of a [`Platform`](super::Platform), so the error can name the platform.

use serde::{Deserialize, Serialize};

use super::CatalogError;
use super::PlatformId;
use super::PlatformKind;
use crate::units::{
    Length, LengthUnit, Mass, MassUnit, Quantity, Unit, Velocity, VelocityUnit, check_value,
    format_quantity, parse_quantity,
};

// ---------------------------------------------------------------------------------------------
// Fieldless enums
// ---------------------------------------------------------------------------------------------

/// What a missile is for.
///
/// # Example
///
/// ```
/// use materiel::catalog::MissileRole;
/// assert_eq!(MissileRole::Manpads.to_string(), "manpads");
/// assert_eq!("anti_ship".parse::<MissileRole>(), Ok(MissileRole::AntiShip));
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
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::missile_role)]
pub enum MissileRole {
    /// Anti-ship missile (such as the Kh-31A).
    AntiShip,
    /// Air-to-air missile.
    AirToAir,
    /// Air-to-surface missile against land targets.
    AirToSurface,
    /// Anti-radiation missile (against radars).
    AntiRadiation,
    /// Surface-to-air missile or interceptor fired by a SAM system (such as the 9M317).
    SurfaceToAir,
    /// Man-portable air-defence system: launcher and missile as one platform (the Igla-S).
    Manpads,
    /// Surface-to-surface (ballistic or cruise) missile.
    SurfaceToSurface,
    /// Anti-tank guided missile.
    AntiTank,
}

/// How a missile finds its target (terminal guidance).
///
/// # Example
///
/// ```
/// use materiel::catalog::Guidance;
/// assert_eq!(Guidance::ActiveRadar.to_string(), "active_radar");
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
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::guidance)]
pub enum Guidance {
    /// Active radar homing.
    ActiveRadar,
    /// Semi-active radar homing.
    SemiActiveRadar,
    /// Passive radar (anti-radiation) homing.
    PassiveRadar,
    /// Infrared homing.
    Infrared,
    /// Command guidance from the ground.
    Command,
    /// Inertial navigation only.
    Inertial,
    /// Satellite navigation.
    SatelliteNavigation,
    /// Laser guidance.
    Laser,
}

/// The category of equipment known only by category ([`GenericSpec`]), the way reports
/// name "radars", "drones" or "GPS jammers" without a model.
///
/// # Example
///
/// ```
/// use materiel::catalog::GenericCategory;
/// assert_eq!("gps_jammer".parse::<GenericCategory>(), Ok(GenericCategory::GpsJammer));
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
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::generic_category)]
pub enum GenericCategory {
    /// A radar.
    Radar,
    /// An uncrewed aircraft.
    Drone,
    /// A satellite-navigation jammer.
    GpsJammer,
    /// Other electronic-warfare equipment.
    ElectronicWarfare,
    /// A land vehicle.
    Vehicle,
    /// A ship or boat.
    Ship,
    /// A gun, howitzer or rocket launcher.
    Artillery,
    /// Anything else.
    Other,
}

// ---------------------------------------------------------------------------------------------
// Envelope and payload-range point
// ---------------------------------------------------------------------------------------------

/// A minimum..maximum interval (engagement range, engagement altitude), either end unknown.
///
/// Validated with its platform: both ends finite and non-negative, minimum <= maximum.
///
/// # Example
///
/// ```
/// use materiel::catalog::Envelope;
/// use materiel::units::Length;
/// use uom::si::length::kilometer;
///
/// let range = Envelope::between(Length::new::<kilometer>(3.0), Length::new::<kilometer>(45.0));
/// assert_eq!(range.max(), Some(Length::new::<kilometer>(45.0)));
/// assert!(Envelope::<Length>::unknown().is_unknown());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Envelope<Q> {
    min: Option<Q>,
    max: Option<Q>,
}

impl<Q> Default for Envelope<Q> {
    fn default() -> Self {
        Self {
            min: None,
            max: None,
        }
    }
}

impl<Q: Quantity> Envelope<Q> {
    /// Both ends unknown.
    pub fn unknown() -> Self {
        Self::default()
    }
    /// An envelope with the given ends, either unknown.
    pub fn new(min: Option<Q>, max: Option<Q>) -> Self {
        Self { min, max }
    }
    /// From `min` to `max`.
    pub fn between(min: Q, max: Q) -> Self {
        Self::new(Some(min), Some(max))
    }
    /// Up to `max`, the minimum unknown.
    pub fn up_to(max: Q) -> Self {
        Self::new(None, Some(max))
    }
    /// The minimum, if known.
    pub fn min(&self) -> Option<Q> {
        self.min
    }
    /// The maximum, if known.
    pub fn max(&self) -> Option<Q> {
        self.max
    }
    /// True when neither end is known.
    pub fn is_unknown(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

/// One point of a payload-range diagram: the range flown carrying `payload`.
///
/// # Example
///
/// ```
/// use materiel::catalog::PayloadRange;
/// use materiel::units::{Length, Mass};
/// use uom::si::{length::kilometer, mass::ton};
///
/// let p = PayloadRange::new(Mass::new::<ton>(40.0), Length::new::<kilometer>(5400.0));
/// assert_eq!(p.range(), Length::new::<kilometer>(5400.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PayloadRange {
    payload: Mass,
    range: Length,
}

impl PayloadRange {
    /// A point: `range` flown with `payload`.
    pub fn new(payload: Mass, range: Length) -> Self {
        Self { payload, range }
    }
    /// The payload carried.
    pub fn payload(&self) -> Mass {
        self.payload
    }
    /// The range flown with that payload.
    pub fn range(&self) -> Length {
        self.range
    }
}

// ---------------------------------------------------------------------------------------------
// Field plumbing: getters, setters, validation and wire form per field type
// ---------------------------------------------------------------------------------------------

trait Get<'a, R> {
    fn get(&'a self) -> R;
}
impl<T: Copy> Get<'_, Option<T>> for Option<T> {
    fn get(&self) -> Option<T> {
        *self
    }
}
impl<'a> Get<'a, Option<&'a str>> for Option<String> {
    fn get(&'a self) -> Option<&'a str> {
        self.as_deref()
    }
}
impl<Q: Copy> Get<'_, Envelope<Q>> for Envelope<Q> {
    fn get(&self) -> Envelope<Q> {
        *self
    }
}
impl<'a, T> Get<'a, &'a [T]> for Vec<T> {
    fn get(&'a self) -> &'a [T] {
        self
    }
}

trait Set<A> {
    fn set(value: A) -> Self;
}
impl<T> Set<T> for Option<T> {
    fn set(value: T) -> Self {
        Some(value)
    }
}
impl Set<&str> for Option<String> {
    fn set(value: &str) -> Self {
        Some(value.to_owned())
    }
}
impl<Q> Set<Envelope<Q>> for Envelope<Q> {
    fn set(value: Envelope<Q>) -> Self {
        value
    }
}
impl<T> Set<Vec<T>> for Vec<T> {
    fn set(value: Vec<T>) -> Self {
        value
    }
}

/// A spec field: how it is validated and how it travels in JSON.
pub(crate) trait WireField: Sized {
    type Wire: Default + PartialEq;
    type Unit: Copy;
    fn to_wire(&self, unit: Self::Unit) -> Self::Wire;
    fn from_wire(
        wire: Self::Wire,
        platform: &PlatformId,
        field: &'static str,
    ) -> Result<Self, CatalogError>;
    fn check(&self, platform: &PlatformId, field: &'static str) -> Result<(), CatalogError>;
}

pub(crate) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Validates one quantity of `field`.
pub(crate) fn check_quantity<Q: Quantity>(
    quantity: Q,
    platform: &PlatformId,
    field: &'static str,
) -> Result<(), CatalogError> {
    check_value(quantity).map_err(|_| CatalogError::InvalidValue {
        platform: platform.clone(),
        field,
        value: format_quantity(quantity, <Q::Unit as Unit>::SI),
    })
}

/// Reads the quantity text of `field`.
pub(crate) fn read_quantity<Q: Quantity>(
    text: &str,
    platform: &PlatformId,
    field: &'static str,
) -> Result<Q, CatalogError> {
    parse_quantity(text).map_err(|source| CatalogError::Quantity {
        platform: platform.clone(),
        field,
        source,
    })
}

/// Validates optional text: present text must not be blank.
pub(crate) fn check_text(
    text: &str,
    platform: &PlatformId,
    field: &'static str,
) -> Result<(), CatalogError> {
    if text.trim().is_empty() {
        Err(CatalogError::EmptyText {
            platform: platform.clone(),
            field,
        })
    } else {
        Ok(())
    }
}

impl<Q: Quantity> WireField for Option<Q> {
    type Wire = Option<String>;
    type Unit = Q::Unit;
    fn to_wire(&self, unit: Q::Unit) -> Option<String> {
        self.map(|q| format_quantity(q, unit))
    }
    fn from_wire(
        wire: Option<String>,
        platform: &PlatformId,
        field: &'static str,
    ) -> Result<Self, CatalogError> {
        wire.map(|text| read_quantity(&text, platform, field))
            .transpose()
    }
    fn check(&self, platform: &PlatformId, field: &'static str) -> Result<(), CatalogError> {
        self.map_or(Ok(()), |q| check_quantity(q, platform, field))
    }
}

macro_rules! plain_wire_field {
    ($($t:ty),*) => {$(
        impl WireField for Option<$t> {
            type Wire = Option<$t>;
            type Unit = ();
            fn to_wire(&self, _: ()) -> Self::Wire {
                *self
            }
            fn from_wire(wire: Self::Wire, _: &PlatformId, _: &'static str) -> Result<Self, CatalogError> {
                Ok(wire)
            }
            fn check(&self, _: &PlatformId, _: &'static str) -> Result<(), CatalogError> {
                Ok(())
            }
        }
    )*};
}
plain_wire_field!(u32, Guidance);

impl WireField for Option<String> {
    type Wire = Option<String>;
    type Unit = ();
    fn to_wire(&self, _: ()) -> Option<String> {
        self.clone()
    }
    fn from_wire(
        wire: Option<String>,
        platform: &PlatformId,
        field: &'static str,
    ) -> Result<Self, CatalogError> {
        Self::check(&wire, platform, field)?;
        Ok(wire)
    }
    fn check(&self, platform: &PlatformId, field: &'static str) -> Result<(), CatalogError> {
        self.as_deref()
            .map_or(Ok(()), |t| check_text(t, platform, field))
    }
}

impl WireField for Vec<String> {
    type Wire = Vec<String>;
    type Unit = ();
    fn to_wire(&self, _: ()) -> Vec<String> {
        self.clone()
    }
    fn from_wire(
        wire: Vec<String>,
        platform: &PlatformId,
        field: &'static str,
    ) -> Result<Self, CatalogError> {
        Self::check(&wire, platform, field)?;
        Ok(wire)
    }
    fn check(&self, platform: &PlatformId, field: &'static str) -> Result<(), CatalogError> {
        self.iter().try_for_each(|t| check_text(t, platform, field))
    }
}

/// Wire form of an [`Envelope`]: `{"min": "3 km", "max": "45 km"}`, either end omitted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EnvelopeWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<String>,
}

impl<Q: Quantity> WireField for Envelope<Q> {
    type Wire = EnvelopeWire;
    type Unit = Q::Unit;
    fn to_wire(&self, unit: Q::Unit) -> EnvelopeWire {
        EnvelopeWire {
            min: self.min.to_wire(unit),
            max: self.max.to_wire(unit),
        }
    }
    fn from_wire(
        wire: EnvelopeWire,
        platform: &PlatformId,
        field: &'static str,
    ) -> Result<Self, CatalogError> {
        let envelope = Self {
            min: WireField::from_wire(wire.min, platform, field)?,
            max: WireField::from_wire(wire.max, platform, field)?,
        };
        envelope.check(platform, field)?;
        Ok(envelope)
    }
    fn check(&self, platform: &PlatformId, field: &'static str) -> Result<(), CatalogError> {
        self.min.check(platform, field)?;
        self.max.check(platform, field)?;
        if let (Some(min), Some(max)) = (self.min, self.max)
            && min.si_value() > max.si_value()
        {
            let si = <Q::Unit as Unit>::SI;
            return Err(CatalogError::MinAboveMax {
                platform: platform.clone(),
                field,
                min: format_quantity(min, si),
                max: format_quantity(max, si),
            });
        }
        Ok(())
    }
}

/// Wire form of a [`PayloadRange`]: `{"payload": "40 t", "range": "5400 km"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PayloadRangeWire {
    payload: String,
    range: String,
}

impl WireField for Vec<PayloadRange> {
    type Wire = Vec<PayloadRangeWire>;
    type Unit = (MassUnit, LengthUnit);
    fn to_wire(&self, (mass, length): Self::Unit) -> Self::Wire {
        self.iter()
            .map(|p| PayloadRangeWire {
                payload: format_quantity(p.payload, mass),
                range: format_quantity(p.range, length),
            })
            .collect()
    }
    fn from_wire(
        wire: Self::Wire,
        platform: &PlatformId,
        field: &'static str,
    ) -> Result<Self, CatalogError> {
        wire.into_iter()
            .map(|w| {
                Ok(PayloadRange {
                    payload: read_quantity(&w.payload, platform, field)?,
                    range: read_quantity(&w.range, platform, field)?,
                })
            })
            .collect()
    }
    fn check(&self, platform: &PlatformId, field: &'static str) -> Result<(), CatalogError> {
        self.iter().try_for_each(|p| {
            check_quantity(p.payload, platform, field)?;
            check_quantity(p.range, platform, field)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Spec types
// ---------------------------------------------------------------------------------------------

macro_rules! spec_type {
    (
        $(#[$meta:meta])*
        $name:ident => $wire:ident;
        required { $( $(#[$rm:meta])* $rf:ident : $rt:ty ; )* }
        optional {
            $( $(#[$om:meta])* $of:ident : $ot:ty => $oget:ty, $oset:ident($oarg:ty) in $ounit:expr ; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $( $rf: $rt, )*
            $( $of: $ot, )*
        }

        impl $name {
            /// A spec with every optional figure unknown (`None`, empty envelope or list).
            pub fn new($( $rf: $rt ),*) -> Self {
                Self { $( $rf, )* $( $of: Default::default(), )* }
            }
            $(
                $(#[$rm])*
                pub fn $rf(&self) -> $rt {
                    self.$rf
                }
            )*
            $(
                $(#[$om])*
                pub fn $of(&self) -> $oget {
                    Get::get(&self.$of)
                }
                #[doc = concat!("Sets [`", stringify!($of), "`](Self::", stringify!($of), ").")]
                #[must_use]
                pub fn $oset(mut self, value: $oarg) -> Self {
                    self.$of = <$ot as Set<$oarg>>::set(value);
                    self
                }
            )*
            pub(crate) fn validate(&self, platform: &PlatformId) -> Result<(), CatalogError> {
                $( WireField::check(&self.$of, platform, stringify!($of))?; )*
                let _ = platform;
                Ok(())
            }
            pub(crate) fn to_wire(&self) -> $wire {
                $wire {
                    $( $rf: self.$rf, )*
                    $( $of: WireField::to_wire(&self.$of, $ounit), )*
                }
            }
            pub(crate) fn from_wire(wire: $wire, platform: &PlatformId) -> Result<Self, CatalogError> {
                let _ = platform;
                Ok(Self {
                    $( $rf: wire.$rf, )*
                    $( $of: WireField::from_wire(wire.$of, platform, stringify!($of))?, )*
                })
            }
        }

        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(crate) struct $wire {
            $( $rf: $rt, )*
            $(
                #[serde(default, skip_serializing_if = "is_default")]
                $of: <$ot as WireField>::Wire,
            )*
        }
    };
}

spec_type! {
    /// Figures of a combat aircraft ([`PlatformKind::Aircraft`]).
    ///
    /// JSON display units: metres for dimensions and ceiling, kilograms for masses, km/h for
    /// speed, kilometres for ranges.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::AircraftSpec;
    /// use materiel::units::{Mass, Velocity};
    /// use uom::si::{mass::kilogram, velocity::kilometer_per_hour};
    ///
    /// let spec = AircraftSpec::new()
    ///     .with_crew(2)
    ///     .with_max_speed(Velocity::new::<kilometer_per_hour>(2120.0))
    ///     .with_max_external_load(Mass::new::<kilogram>(8000.0));
    /// assert_eq!(spec.crew(), Some(2));
    /// assert_eq!(spec.max_external_load(), Some(Mass::new::<kilogram>(8000.0)));
    /// assert_eq!(spec.combat_radius(), None);
    /// ```
    AircraftSpec => AircraftWire;
    required {}
    optional {
        /// Crew members.
        crew: Option<u32> => Option<u32>, with_crew(u32) in ();
        /// Length overall.
        length: Option<Length> => Option<Length>, with_length(Length) in LengthUnit::Metre;
        /// Wingspan.
        wingspan: Option<Length> => Option<Length>, with_wingspan(Length) in LengthUnit::Metre;
        /// Empty mass.
        empty_mass: Option<Mass> => Option<Mass>, with_empty_mass(Mass) in MassUnit::Kilogram;
        /// Maximum take-off mass.
        max_takeoff_mass: Option<Mass> => Option<Mass>, with_max_takeoff_mass(Mass) in MassUnit::Kilogram;
        /// Maximum external load (weapons and stores on the hardpoints).
        max_external_load: Option<Mass> => Option<Mass>, with_max_external_load(Mass) in MassUnit::Kilogram;
        /// Number of hardpoints.
        hardpoints: Option<u32> => Option<u32>, with_hardpoints(u32) in ();
        /// Maximum speed.
        max_speed: Option<Velocity> => Option<Velocity>, with_max_speed(Velocity) in VelocityUnit::KilometrePerHour;
        /// Service ceiling.
        service_ceiling: Option<Length> => Option<Length>, with_service_ceiling(Length) in LengthUnit::Metre;
        /// Range on internal fuel.
        range: Option<Length> => Option<Length>, with_range(Length) in LengthUnit::Kilometre;
        /// Ferry range (with external tanks).
        ferry_range: Option<Length> => Option<Length>, with_ferry_range(Length) in LengthUnit::Kilometre;
        /// Combat radius.
        combat_radius: Option<Length> => Option<Length>, with_combat_radius(Length) in LengthUnit::Kilometre;
        /// Number of engines.
        engine_count: Option<u32> => Option<u32>, with_engine_count(u32) in ();
        /// Engine model, as text.
        engine: Option<String> => Option<&str>, with_engine(&str) in ();
    }
}

spec_type! {
    /// Figures of a surface-to-air missile system ([`PlatformKind::SamSystem`]). Its
    /// interceptors are separate [`Missile`](PlatformKind::Missile) platforms named by
    /// [`Platform::munitions`](super::Platform::munitions).
    ///
    /// JSON display units: kilometres for ranges, metres for altitudes.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::{Envelope, SamSystemSpec};
    /// use materiel::units::Length;
    /// use uom::si::length::kilometer;
    ///
    /// let spec = SamSystemSpec::new()
    ///     .with_engagement_range(Envelope::between(
    ///         Length::new::<kilometer>(3.0),
    ///         Length::new::<kilometer>(45.0),
    ///     ))
    ///     .with_simultaneous_targets(24);
    /// assert_eq!(spec.engagement_range().min(), Some(Length::new::<kilometer>(3.0)));
    /// assert!(spec.engagement_altitude().is_unknown());
    /// ```
    SamSystemSpec => SamSystemWire;
    required {}
    optional {
        /// Engagement range against aircraft.
        engagement_range: Envelope<Length> => Envelope<Length>, with_engagement_range(Envelope<Length>) in LengthUnit::Kilometre;
        /// Engagement range against ballistic missiles.
        ballistic_engagement_range: Envelope<Length> => Envelope<Length>, with_ballistic_engagement_range(Envelope<Length>) in LengthUnit::Kilometre;
        /// Engagement altitude.
        engagement_altitude: Envelope<Length> => Envelope<Length>, with_engagement_altitude(Envelope<Length>) in LengthUnit::Metre;
        /// Targets engaged at once (at most).
        simultaneous_targets: Option<u32> => Option<u32>, with_simultaneous_targets(u32) in ();
        /// Component vehicles and radars, as text (`9S32M guidance radar`).
        components: Vec<String> => &[String], with_components(Vec<String>) in ();
    }
}

spec_type! {
    /// Figures of a missile ([`PlatformKind::Missile`]), including interceptors and MANPADS.
    ///
    /// A MANPADS (role [`MissileRole::Manpads`]) is catalogued as one platform for launcher
    /// and missile, since reports count them together; its ready-to-fire mass is
    /// [`system_mass`](Self::system_mass).
    ///
    /// JSON display units: metres for dimensions and altitudes, kilograms for masses,
    /// kilometres for range, m/s for speed.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::{Envelope, MissileRole, MissileSpec};
    /// use materiel::units::Length;
    /// use uom::si::length::kilometer;
    ///
    /// let spec = MissileSpec::new(MissileRole::AntiShip)
    ///     .with_range(Envelope::up_to(Length::new::<kilometer>(50.0)));
    /// assert_eq!(spec.role(), MissileRole::AntiShip);
    /// assert_eq!(spec.range().max(), Some(Length::new::<kilometer>(50.0)));
    /// ```
    MissileSpec => MissileWire;
    required {
        /// What the missile is for.
        role: MissileRole;
    }
    optional {
        /// Terminal guidance.
        guidance: Option<Guidance> => Option<Guidance>, with_guidance(Guidance) in ();
        /// Length.
        length: Option<Length> => Option<Length>, with_length(Length) in LengthUnit::Metre;
        /// Body diameter.
        diameter: Option<Length> => Option<Length>, with_diameter(Length) in LengthUnit::Metre;
        /// Launch mass of the missile.
        launch_mass: Option<Mass> => Option<Mass>, with_launch_mass(Mass) in MassUnit::Kilogram;
        /// Warhead mass.
        warhead_mass: Option<Mass> => Option<Mass>, with_warhead_mass(Mass) in MassUnit::Kilogram;
        /// Mass of the whole system ready to fire (MANPADS: missile, tube and grip stock).
        system_mass: Option<Mass> => Option<Mass>, with_system_mass(Mass) in MassUnit::Kilogram;
        /// Range (minimum..maximum).
        range: Envelope<Length> => Envelope<Length>, with_range(Envelope<Length>) in LengthUnit::Kilometre;
        /// Target altitude (minimum..maximum), for surface-to-air missiles.
        altitude: Envelope<Length> => Envelope<Length>, with_altitude(Envelope<Length>) in LengthUnit::Metre;
        /// Maximum speed.
        max_speed: Option<Velocity> => Option<Velocity>, with_max_speed(Velocity) in VelocityUnit::MetrePerSecond;
    }
}

spec_type! {
    /// Figures of a transport aircraft ([`PlatformKind::Transport`]).
    ///
    /// JSON display units: tonnes for payload and take-off mass, kilometres for ranges, km/h
    /// for speeds, metres for the cargo hold.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::TransportSpec;
    /// use materiel::units::Mass;
    /// use uom::si::mass::ton;
    ///
    /// let spec = TransportSpec::new().with_max_payload(Mass::new::<ton>(50.0));
    /// assert_eq!(spec.max_payload(), Some(Mass::new::<ton>(50.0)));
    /// ```
    TransportSpec => TransportWire;
    required {}
    optional {
        /// Crew members.
        crew: Option<u32> => Option<u32>, with_crew(u32) in ();
        /// Maximum payload.
        max_payload: Option<Mass> => Option<Mass>, with_max_payload(Mass) in MassUnit::Tonne;
        /// Range with the maximum payload.
        range_at_max_payload: Option<Length> => Option<Length>, with_range_at_max_payload(Length) in LengthUnit::Kilometre;
        /// Further payload-range points (range flown with a given payload).
        payload_range: Vec<PayloadRange> => &[PayloadRange], with_payload_range(Vec<PayloadRange>) in (MassUnit::Tonne, LengthUnit::Kilometre);
        /// Cruise speed.
        cruise_speed: Option<Velocity> => Option<Velocity>, with_cruise_speed(Velocity) in VelocityUnit::KilometrePerHour;
        /// Maximum speed.
        max_speed: Option<Velocity> => Option<Velocity>, with_max_speed(Velocity) in VelocityUnit::KilometrePerHour;
        /// Maximum take-off mass.
        max_takeoff_mass: Option<Mass> => Option<Mass>, with_max_takeoff_mass(Mass) in MassUnit::Tonne;
        /// Cargo hold length (without ramp).
        hold_length: Option<Length> => Option<Length>, with_hold_length(Length) in LengthUnit::Metre;
        /// Cargo hold width.
        hold_width: Option<Length> => Option<Length>, with_hold_width(Length) in LengthUnit::Metre;
        /// Cargo hold height.
        hold_height: Option<Length> => Option<Length>, with_hold_height(Length) in LengthUnit::Metre;
        /// Number of engines.
        engine_count: Option<u32> => Option<u32>, with_engine_count(u32) in ();
    }
}

spec_type! {
    /// Figures of equipment known only by category ([`PlatformKind::Generic`]): a radar,
    /// a drone, a GPS jammer named in a report without a model.
    ///
    /// JSON display units: kilometres for range, kilograms for mass.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::{GenericCategory, GenericSpec};
    /// use materiel::units::Length;
    /// use uom::si::length::kilometer;
    ///
    /// let radar = GenericSpec::new(GenericCategory::Radar)
    ///     .with_max_range(Length::new::<kilometer>(300.0));
    /// assert_eq!(radar.category(), GenericCategory::Radar);
    /// ```
    GenericSpec => GenericWire;
    required {
        /// The category.
        category: GenericCategory;
    }
    optional {
        /// Maximum range (detection range of a radar, operating range of a drone).
        max_range: Option<Length> => Option<Length>, with_max_range(Length) in LengthUnit::Kilometre;
        /// Mass.
        mass: Option<Mass> => Option<Mass>, with_mass(Mass) in MassUnit::Kilogram;
        /// Free-text description.
        description: Option<String> => Option<&str>, with_description(&str) in ();
    }
}

macro_rules! default_spec {
    ($($t:ident),*) => {$(
        impl Default for $t {
            /// Same as [`new`](Self::new): every figure unknown.
            fn default() -> Self {
                Self::new()
            }
        }
    )*};
}
default_spec!(AircraftSpec, SamSystemSpec, TransportSpec);

/// Kind-specific figures of a platform; the variant decides the platform's [`PlatformKind`].
///
/// # Example
///
/// ```
/// use materiel::catalog::{Spec, TransportSpec};
/// use materiel::PlatformKind;
/// let spec = Spec::from(TransportSpec::new());
/// assert_eq!(spec.kind(), PlatformKind::Transport);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Spec {
    /// A combat aircraft.
    Aircraft(AircraftSpec),
    /// A surface-to-air missile system.
    SamSystem(SamSystemSpec),
    /// A missile (including interceptors and MANPADS).
    Missile(MissileSpec),
    /// A transport aircraft.
    Transport(TransportSpec),
    /// Equipment known only by category.
    Generic(GenericSpec),
}

impl Spec {
    /// The kind of platform these figures describe.
    pub fn kind(&self) -> PlatformKind {
        match self {
            Spec::Aircraft(_) => PlatformKind::Aircraft,
            Spec::SamSystem(_) => PlatformKind::SamSystem,
            Spec::Missile(_) => PlatformKind::Missile,
            Spec::Transport(_) => PlatformKind::Transport,
            Spec::Generic(_) => PlatformKind::Generic,
        }
    }

    pub(crate) fn validate(&self, platform: &PlatformId) -> Result<(), CatalogError> {
        match self {
            Spec::Aircraft(s) => s.validate(platform),
            Spec::SamSystem(s) => s.validate(platform),
            Spec::Missile(s) => s.validate(platform),
            Spec::Transport(s) => s.validate(platform),
            Spec::Generic(s) => s.validate(platform),
        }
    }

    pub(crate) fn to_wire(&self) -> SpecWire {
        match self {
            Spec::Aircraft(s) => SpecWire::Aircraft(s.to_wire()),
            Spec::SamSystem(s) => SpecWire::SamSystem(s.to_wire()),
            Spec::Missile(s) => SpecWire::Missile(s.to_wire()),
            Spec::Transport(s) => SpecWire::Transport(s.to_wire()),
            Spec::Generic(s) => SpecWire::Generic(s.to_wire()),
        }
    }

    pub(crate) fn from_wire(wire: SpecWire, platform: &PlatformId) -> Result<Self, CatalogError> {
        Ok(match wire {
            SpecWire::Aircraft(w) => Spec::Aircraft(AircraftSpec::from_wire(w, platform)?),
            SpecWire::SamSystem(w) => Spec::SamSystem(SamSystemSpec::from_wire(w, platform)?),
            SpecWire::Missile(w) => Spec::Missile(MissileSpec::from_wire(w, platform)?),
            SpecWire::Transport(w) => Spec::Transport(TransportSpec::from_wire(w, platform)?),
            SpecWire::Generic(w) => Spec::Generic(GenericSpec::from_wire(w, platform)?),
        })
    }
}

macro_rules! spec_from {
    ($($variant:ident($t:ty)),*) => {$(
        impl From<$t> for Spec {
            fn from(spec: $t) -> Self {
                Spec::$variant(spec)
            }
        }
    )*};
}
spec_from!(
    Aircraft(AircraftSpec),
    SamSystem(SamSystemSpec),
    Missile(MissileSpec),
    Transport(TransportSpec),
    Generic(GenericSpec)
);

/// Wire form of a [`Spec`]: an object tagged by `"kind"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum SpecWire {
    Aircraft(AircraftWire),
    SamSystem(SamSystemWire),
    Missile(MissileWire),
    Transport(TransportWire),
    Generic(GenericWire),
}
