//! Kind-specific figures of a platform: [`Spec`] and one spec type per [`PlatformKind`].
//!
//! Every figure is a [`Figure`]: a value or range with its qualifier, condition, source and
//! alternatives, optional where sources are silent. Spec types are plain builders:
//! `ArmouredVehicleSpec::new().with_crew(figure)`. Text fields (engine, main armament,
//! description, components) need no source; they must not be blank, which is checked when the
//! spec becomes part of a [`Platform`](super::Platform), so the error can name the platform.
//!
//! `mod.rs` holds [`Spec`], the role and guidance enums and the `spec_type!` macro every spec
//! type is written with; `kinds.rs` the ten spec types.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::figure::{FigureProblem, FigureWire};
use super::{CatalogError, CatalogSource, Figure, PlatformId, PlatformKind};
use crate::units::{Length, Mass, Power, Speed, Time};

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
    /// Guided bomb.
    GuidedBomb,
    /// Torpedo.
    Torpedo,
    /// Loitering munition.
    LoiteringMunition,
    /// Guided shell or rocket.
    GuidedProjectile,
}

/// How a missile finds its target (terminal guidance).
///
/// # Example
///
/// ```
/// use materiel::catalog::Guidance;
/// assert_eq!(Guidance::ActiveRadar.to_string(), "active_radar");
/// assert_eq!("beam_riding".parse::<Guidance>(), Ok(Guidance::BeamRiding));
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
    /// Passive radar homing.
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
    /// Wire guidance.
    Wire,
    /// Laser or radar beam riding.
    BeamRiding,
    /// Electro-optical (television or imaging) guidance.
    ElectroOptical,
    /// Anti-radiation homing on an emitter.
    AntiRadiation,
}

// ---------------------------------------------------------------------------------------------
// The wire form: every field of every kind, each read with its name in errors
// ---------------------------------------------------------------------------------------------

macro_rules! spec_wire {
    (
        figures { $($f:ident),* $(,)? }
        texts { $($t:ident),* $(,)? }
        lists { $($l:ident),* $(,)? }
    ) => {
        /// The `spec` table of a platform in a catalog file: the union of every kind's fields.
        /// Each kind takes its own and refuses the rest.
        /// Figures are boxed: inline, the struct took 10 KB, and a file holds one per platform.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub(crate) struct SpecWire {
            $( pub(crate) $f: Option<Box<FigureWire>>, )*
            $( pub(crate) $t: Option<String>, )*
            $( pub(crate) $l: Option<Vec<String>>, )*
            pub(crate) role: Option<MissileRole>,
            pub(crate) guidance: Option<Guidance>,
        }

        const SPEC_FIELDS: &[&str] = &[$(stringify!($f),)* $(stringify!($t),)* $(stringify!($l),)* "role", "guidance"];

        impl SpecWire {
            /// The names of the fields present.
            pub(crate) fn present(&self) -> impl Iterator<Item = &'static str> + '_ {
                [
                    $( (stringify!($f), self.$f.is_some()), )*
                    $( (stringify!($t), self.$t.is_some()), )*
                    $( (stringify!($l), self.$l.is_some()), )*
                    ("role", self.role.is_some()),
                    ("guidance", self.guidance.is_some()),
                ]
                .into_iter()
                .filter_map(|(name, present)| present.then_some(name))
            }
        }

        impl Serialize for SpecWire {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                if let Some(v) = &self.role {
                    map.serialize_entry("role", v)?;
                }
                if let Some(v) = &self.guidance {
                    map.serialize_entry("guidance", v)?;
                }
                $( if let Some(v) = &self.$f { map.serialize_entry(stringify!($f), v)?; } )*
                $( if let Some(v) = &self.$t { map.serialize_entry(stringify!($t), v)?; } )*
                $( if let Some(v) = &self.$l { map.serialize_entry(stringify!($l), v)?; } )*
                map.end()
            }
        }

        impl<'de> Deserialize<'de> for SpecWire {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = SpecWire;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a table of spec fields")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<SpecWire, A::Error> {
                        use serde::de::Error;
                        let mut w = SpecWire::default();
                        while let Some(key) = map.next_key::<String>()? {
                            let named = |e: A::Error| A::Error::custom(format_args!("spec.{key}: {e}"));
                            let dup = || A::Error::custom(format_args!("spec.{key} is given twice"));
                            match key.as_str() {
                                $( stringify!($f) => {
                                    if w.$f.is_some() { return Err(dup()); }
                                    w.$f = Some(Box::new(map.next_value().map_err(named)?));
                                } )*
                                $( stringify!($t) => {
                                    if w.$t.is_some() { return Err(dup()); }
                                    w.$t = Some(map.next_value().map_err(named)?);
                                } )*
                                $( stringify!($l) => {
                                    if w.$l.is_some() { return Err(dup()); }
                                    w.$l = Some(map.next_value().map_err(named)?);
                                } )*
                                "role" => {
                                    if w.role.is_some() { return Err(dup()); }
                                    w.role = Some(map.next_value().map_err(named)?);
                                }
                                "guidance" => {
                                    if w.guidance.is_some() { return Err(dup()); }
                                    w.guidance = Some(map.next_value().map_err(named)?);
                                }
                                _ => return Err(A::Error::unknown_field(&key, SPEC_FIELDS)),
                            }
                        }
                        Ok(w)
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}

spec_wire! {
    figures {
        crew, length, wingspan, height, empty_mass, max_takeoff_mass, max_external_load,
        hardpoints, max_speed, cruise_speed, service_ceiling, range, combat_radius, ferry_range,
        engine_count, max_payload, range_at_max_payload, cargo_hold_length, cargo_hold_width,
        cargo_hold_height, passengers, rotor_diameter, payload_mass, endurance, combat_mass,
        width, main_gun_calibre, max_road_speed, road_range, engine_power, calibre, max_range,
        barrel_length, tubes, rate_of_fire, engagement_range, engagement_altitude,
        ballistic_engagement_range, targets_engaged, missiles_guided, diameter, launch_mass,
        warhead_mass, max_altitude, displacement, beam, draught, mass,
    }
    texts { engine, main_armament, description }
    lists { components }
}

/// What reading a spec needs: the platform (for errors) and the source table.
pub(crate) struct SpecContext<'a> {
    pub(crate) platform: &'a PlatformId,
    pub(crate) sources: &'a dyn Fn(&str) -> Option<Arc<CatalogSource>>,
}

impl SpecContext<'_> {
    fn figure<T: super::FigureValue>(
        &self,
        field: &'static str,
        wire: Option<Box<FigureWire>>,
    ) -> Result<Option<Figure<T>>, CatalogError> {
        wire.map(|w| {
            Figure::from_wire(*w, self.sources).map_err(|p| match p {
                FigureProblem::UnknownSource(key) => CatalogError::UnknownSource {
                    platform: self.platform.clone(),
                    field,
                    key,
                },
                FigureProblem::Other(problem) => CatalogError::Figure {
                    platform: self.platform.clone(),
                    field,
                    problem,
                },
            })
        })
        .transpose()
    }
}

/// Checks text: present text must not be blank.
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

/// One field's content for [`Spec::describe`] and the figure walk.
enum FieldRef<'a> {
    Figure(String, Vec<&'a Arc<CatalogSource>>, Vec<String>),
    Text(&'a str),
}

trait Describe {
    fn field(&self) -> Option<FieldRef<'_>>;
}
impl<T: super::FigureValue> Describe for Option<Box<Figure<T>>> {
    fn field(&self) -> Option<FieldRef<'_>> {
        self.as_deref().map(|f| {
            FieldRef::Figure(
                f.to_string(),
                f.quotes().map(|q| q.source()).collect(),
                f.also().iter().map(ToString::to_string).collect(),
            )
        })
    }
}
impl Describe for Option<String> {
    fn field(&self) -> Option<FieldRef<'_>> {
        self.as_deref().map(FieldRef::Text)
    }
}

// ---------------------------------------------------------------------------------------------
// Spec types
// ---------------------------------------------------------------------------------------------

macro_rules! spec_type {
    (
        $(#[$meta:meta])*
        $name:ident;
        required { $( $(#[$rm:meta])* $rf:ident : $rt:ty ; )* }
        figures { $( $(#[$fm:meta])* $f:ident : $ft:ty, $fset:ident ; )* }
        texts { $( $(#[$tm:meta])* $t:ident, $tset:ident ; )* }
        lists { $( $(#[$lm:meta])* $l:ident, $lset:ident ; )* }
        enums { $( $(#[$em:meta])* $e:ident : $et:ty, $eset:ident ; )* }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $( $rf: $rt, )*
            // Boxed: most platforms have few figures, and a spec of inline figures took 2 KB.
            $( $f: Option<Box<Figure<$ft>>>, )*
            $( $t: Option<String>, )*
            $( $l: Vec<String>, )*
            $( $e: Option<$et>, )*
        }

        impl $name {
            /// A spec with every optional figure unknown.
            pub fn new($( $rf: $rt ),*) -> Self {
                Self {
                    $( $rf, )*
                    $( $f: None, )*
                    $( $t: None, )*
                    $( $l: Vec::new(), )*
                    $( $e: None, )*
                }
            }
            $(
                $(#[$rm])*
                pub fn $rf(&self) -> $rt {
                    self.$rf
                }
            )*
            $(
                $(#[$fm])*
                pub fn $f(&self) -> Option<&Figure<$ft>> {
                    self.$f.as_deref()
                }
                #[doc = concat!("Sets [`", stringify!($f), "`](Self::", stringify!($f), ").")]
                #[must_use]
                pub fn $fset(mut self, figure: Figure<$ft>) -> Self {
                    self.$f = Some(Box::new(figure));
                    self
                }
            )*
            $(
                $(#[$tm])*
                pub fn $t(&self) -> Option<&str> {
                    self.$t.as_deref()
                }
                #[doc = concat!("Sets [`", stringify!($t), "`](Self::", stringify!($t), ").")]
                #[must_use]
                pub fn $tset(mut self, text: impl Into<String>) -> Self {
                    self.$t = Some(text.into());
                    self
                }
            )*
            $(
                $(#[$lm])*
                pub fn $l(&self) -> &[String] {
                    &self.$l
                }
                #[doc = concat!("Sets [`", stringify!($l), "`](Self::", stringify!($l), ").")]
                #[must_use]
                pub fn $lset(mut self, items: Vec<String>) -> Self {
                    self.$l = items;
                    self
                }
            )*
            $(
                $(#[$em])*
                pub fn $e(&self) -> Option<$et> {
                    self.$e
                }
                #[doc = concat!("Sets [`", stringify!($e), "`](Self::", stringify!($e), ").")]
                #[must_use]
                pub fn $eset(mut self, value: $et) -> Self {
                    self.$e = Some(value);
                    self
                }
            )*

            pub(crate) fn validate_texts(&self, platform: &PlatformId) -> Result<(), CatalogError> {
                $( if let Some(t) = &self.$t { check_text(t, platform, stringify!($t))?; } )*
                $( for t in &self.$l { check_text(t, platform, stringify!($l))?; } )*
                let _ = platform;
                Ok(())
            }

            pub(crate) fn validate(&self, platform: &PlatformId) -> Result<(), CatalogError> {
                $( if let Some(f) = &self.$f {
                    f.check().map_err(|e| CatalogError::Figure {
                        platform: platform.clone(),
                        field: stringify!($f),
                        problem: e.to_string(),
                    })?;
                } )*
                $( if let Some(t) = &self.$t { check_text(t, platform, stringify!($t))?; } )*
                $( for t in &self.$l { check_text(t, platform, stringify!($l))?; } )*
                let _ = platform;
                Ok(())
            }

            pub(super) fn fields(&self) -> Vec<(&'static str, FieldRef<'_>)> {
                #[allow(unused_mut)]
                let mut out: Vec<(&'static str, FieldRef<'_>)> = Vec::new();
                $( if let Some(f) = self.$f.field() { out.push((stringify!($f), f)); } )*
                $( if let Some(f) = self.$t.field() { out.push((stringify!($t), f)); } )*
                $( for t in &self.$l { out.push((stringify!($l), FieldRef::Text(t))); } )*
                out
            }

            pub(super) fn quote_sources<'a>(&'a self, out: &mut Vec<(&'static str, &'a Arc<CatalogSource>)>) {
                $( if let Some(f) = &self.$f {
                    out.extend(f.quotes().map(|q| (stringify!($f), q.source())));
                } )*
                let _ = out;
            }

            pub(super) fn enum_texts(&self) -> Vec<(&'static str, String)> {
                #[allow(unused_mut)]
                let mut out: Vec<(&'static str, String)> = Vec::new();
                $( out.push((stringify!($rf), self.$rf.to_string())); )*
                $( if let Some(e) = self.$e { out.push((stringify!($e), e.to_string())); } )*
                out
            }

            pub(crate) fn to_wire(&self) -> SpecWire {
                #[allow(unused_mut)]
                let mut w = SpecWire::default();
                $( w.$rf = Some(self.$rf); )*
                $( w.$f = self.$f.as_deref().map(|f| Box::new(f.to_wire())); )*
                $( w.$t = self.$t.clone(); )*
                $( if !self.$l.is_empty() { w.$l = Some(self.$l.clone()); } )*
                $( w.$e = self.$e; )*
                w
            }

            pub(crate) fn from_wire(mut w: SpecWire, cx: &SpecContext<'_>) -> Result<Self, CatalogError> {
                let spec = Self {
                    $( $rf: w.$rf.take().ok_or_else(|| CatalogError::MissingField {
                        platform: cx.platform.clone(),
                        field: stringify!($rf),
                    })?, )*
                    $( $f: cx.figure(stringify!($f), w.$f.take())?.map(Box::new), )*
                    $( $t: w.$t.take(), )*
                    $( $l: w.$l.take().unwrap_or_default(), )*
                    $( $e: w.$e.take(), )*
                };
                if let Some(field) = w.present().next() {
                    return Err(CatalogError::FieldNotInKind {
                        platform: cx.platform.clone(),
                        field: field.to_owned(),
                        kind: Spec::from(spec).kind(),
                    });
                }
                // Figures were checked as they were read; the texts are checked with the
                // platform (`Platform::validate`).
                Ok(spec)
            }
        }
    };
}

mod kinds;

pub use kinds::{
    AircraftSpec, ArmouredVehicleSpec, ArtillerySpec, GenericSpec, HelicopterSpec, MissileSpec,
    SamSystemSpec, ShipSpec, TransportSpec, UavSpec,
};

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
default_spec!(
    AircraftSpec,
    TransportSpec,
    HelicopterSpec,
    UavSpec,
    ArmouredVehicleSpec,
    ArtillerySpec,
    SamSystemSpec,
    ShipSpec,
    GenericSpec
);

macro_rules! spec_enum {
    ($( $(#[$m:meta])* $variant:ident($t:ident) ),* $(,)?) => {
        /// Kind-specific figures of a platform; the variant decides the platform's
        /// [`PlatformKind`].
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
            $( $(#[$m])* $variant($t), )*
        }

        impl Spec {
            /// The kind of platform these figures describe.
            pub fn kind(&self) -> PlatformKind {
                match self {
                    $( Spec::$variant(_) => PlatformKind::$variant, )*
                }
            }

            pub(crate) fn validate(&self, platform: &PlatformId) -> Result<(), CatalogError> {
                match self {
                    $( Spec::$variant(s) => s.validate(platform), )*
                }
            }

            pub(crate) fn validate_texts(&self, platform: &PlatformId) -> Result<(), CatalogError> {
                match self {
                    $( Spec::$variant(s) => s.validate_texts(platform), )*
                }
            }

            fn fields(&self) -> Vec<(&'static str, FieldRef<'_>)> {
                match self {
                    $( Spec::$variant(s) => s.fields(), )*
                }
            }

            fn enum_texts(&self) -> Vec<(&'static str, String)> {
                match self {
                    $( Spec::$variant(s) => s.enum_texts(), )*
                }
            }

            fn quote_sources<'a>(&'a self, out: &mut Vec<(&'static str, &'a Arc<CatalogSource>)>) {
                match self {
                    $( Spec::$variant(s) => s.quote_sources(out), )*
                }
            }

            pub(crate) fn to_wire(&self) -> SpecWire {
                match self {
                    $( Spec::$variant(s) => s.to_wire(), )*
                }
            }

            pub(crate) fn from_wire(
                kind: PlatformKind,
                wire: SpecWire,
                cx: &SpecContext<'_>,
            ) -> Result<Self, CatalogError> {
                Ok(match kind {
                    $( PlatformKind::$variant => Spec::$variant($t::from_wire(wire, cx)?), )*
                })
            }
        }

        $(
            impl From<$t> for Spec {
                fn from(spec: $t) -> Self {
                    Spec::$variant(spec)
                }
            }
        )*
    };
}

spec_enum! {
    /// A combat, trainer, special-mission or light aircraft.
    Aircraft(AircraftSpec),
    /// A transport or tanker aircraft.
    Transport(TransportSpec),
    /// A helicopter.
    Helicopter(HelicopterSpec),
    /// An uncrewed aircraft.
    Uav(UavSpec),
    /// An armoured vehicle.
    ArmouredVehicle(ArmouredVehicleSpec),
    /// A gun, howitzer, mortar or rocket launcher.
    Artillery(ArtillerySpec),
    /// A surface-to-air missile system.
    SamSystem(SamSystemSpec),
    /// A missile (including interceptors, MANPADS, guided bombs, torpedoes).
    Missile(MissileSpec),
    /// A ship or submarine.
    Ship(ShipSpec),
    /// Equipment of no other kind.
    Generic(GenericSpec),
}

impl Spec {
    /// An empty spec of `kind`; `None` for [`PlatformKind::Missile`], whose role is required.
    ///
    /// ```
    /// use materiel::PlatformKind;
    /// use materiel::catalog::Spec;
    /// assert_eq!(Spec::empty(PlatformKind::Ship).map(|s| s.kind()), Some(PlatformKind::Ship));
    /// assert!(Spec::empty(PlatformKind::Missile).is_none());
    /// ```
    pub fn empty(kind: PlatformKind) -> Option<Self> {
        Some(match kind {
            PlatformKind::Aircraft => AircraftSpec::new().into(),
            PlatformKind::Transport => TransportSpec::new().into(),
            PlatformKind::Helicopter => HelicopterSpec::new().into(),
            PlatformKind::Uav => UavSpec::new().into(),
            PlatformKind::ArmouredVehicle => ArmouredVehicleSpec::new().into(),
            PlatformKind::Artillery => ArtillerySpec::new().into(),
            PlatformKind::SamSystem => SamSystemSpec::new().into(),
            PlatformKind::Missile => return None,
            PlatformKind::Ship => ShipSpec::new().into(),
            PlatformKind::Generic => GenericSpec::new().into(),
        })
    }

    /// Every field present, as `(name, text)`: figures as their stated quote followed by the
    /// source key (`"4400 km (with maximum payload) [mmsdf-il-76]"`) and one line per
    /// alternative (`"also: ..."`), texts as written, typed values in snake case.
    ///
    /// ```
    /// use materiel::Catalog;
    /// let c = Catalog::reference();
    /// let igla = c.get(&"igla-s".parse()?).ok_or("in the catalog")?;
    /// let fields = igla.spec().describe();
    /// assert!(fields.iter().any(|(f, t)| *f == "role" && t == "manpads"));
    /// assert!(fields.iter().any(|(f, t)| *f == "launch_mass" && t.starts_with("also: about 19 kg (system ready to fire)")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let mut out = self.enum_texts();
        for (name, field) in self.fields() {
            match field {
                FieldRef::Figure(text, sources, also) => {
                    out.push((name, format!("{text} [{}]", sources[0].key())));
                    for (a, s) in also.into_iter().zip(&sources[1..]) {
                        out.push((name, format!("also: {a} [{}]", s.key())));
                    }
                }
                FieldRef::Text(t) => out.push((name, t.to_owned())),
            }
        }
        out
    }

    /// The source of every quote of every figure, with the field it is cited for.
    ///
    /// ```
    /// use materiel::Catalog;
    /// let c = Catalog::reference();
    /// let il76 = c.get(&"il-76td".parse()?).ok_or("in the catalog")?;
    /// assert!(il76.spec().cited_sources().iter().all(|(_, s)| s.url().is_some()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cited_sources(&self) -> Vec<(&'static str, &Arc<CatalogSource>)> {
        let mut out = Vec::new();
        self.quote_sources(&mut out);
        out
    }
}
