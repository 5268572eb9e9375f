//! The typed platform catalog: [`Platform`] models with typed [`Spec`] figures, and the
//! [`Catalog`] registry that resolves names and checks relations.
//!
//! A platform is named by a [`PlatformId`] slug, has a [`PlatformKind`] (the variant of its
//! [`Spec`]: [`AircraftSpec`], [`MissileSpec`], [`SamSystemSpec`], [`TransportSpec`] or
//! [`GenericSpec`]) and is built with a [`PlatformBuilder`] or read from JSON; validation
//! failures are [`CatalogError`]s. [`Catalog::reference`] is the built-in reference catalog.
//!
//! # Design
//!
//! * **Kind from spec.** A platform's [`PlatformKind`] is the variant of its [`Spec`], so the
//!   two can never disagree.
//! * **Families.** SIPRI and other sources often name a whole family (`Su-30MK` for the MKI,
//!   MKK, MKM and MK2 exports; `Il-76` for every variant). Such a name resolves to a *family
//!   platform* (`su-30mk`, `il-76`), an ordinary platform of the same kind marked with
//!   [`Platform::is_family`] and holding whatever figures are common to the family. A variant
//!   (`su-30mk2`, `il-76td`) names its family with [`Platform::family`]. Families have one
//!   level: a family cannot itself be a variant. A family name never silently resolves to one
//!   variant.
//! * **Relations by id.** [`Platform::family`] and [`Platform::munitions`] (missiles an
//!   aircraft carries or a SAM system fires) are ids checked by the catalog: the target must
//!   exist, a family must be marked as one and have the same kind, a munition must be a
//!   missile. [`Catalog::insert`] checks against the platforms already present (plus the one
//!   being inserted), so insert targets first; [`Catalog::from_platforms`] and
//!   [`Catalog::from_json`] check the whole set at once, in any order.
//! * **Names.** Ids, designations and aliases share one case-insensitive name space: a name
//!   may belong to one platform only.
//! * **Origin.** The country of origin is a [`HolderId`] state code. Designs
//!   of the Soviet era use `SUN`, the ISO 3166 code reserved for the USSR; later Russian
//!   designs use `RUS`.
//! * **Validation.** Figures are validated when a platform is built
//!   ([`PlatformBuilder::build`]) or read from JSON (through a validating wire form), so no
//!   invalid [`Platform`] can exist.

mod error;
mod reference;
mod spec;

pub use error::CatalogError;
pub use spec::{
    AircraftSpec, Envelope, GenericCategory, GenericSpec, Guidance, MissileRole, MissileSpec,
    PayloadRange, SamSystemSpec, Spec, TransportSpec,
};

use std::fmt;
use std::str::FromStr;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::ParseError;
use crate::holder::HolderId;
use spec::{SpecWire, check_text, is_default};

/// The stable id of a catalog platform: a lowercase slug such as `su-30mk2` or `9m82m`.
///
/// # Example
///
/// ```
/// use materiel::PlatformId;
/// let id: PlatformId = "su-30mk2".parse()?;
/// assert_eq!(id.as_str(), "su-30mk2");
/// assert!("Su-30MK2".parse::<PlatformId>().is_err());
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct PlatformId(std::sync::Arc<str>);

impl PlatformId {
    /// The id text.
    ///
    /// ```
    /// let id: materiel::PlatformId = "il-76td".parse()?;
    /// assert_eq!(id.as_str(), "il-76td");
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for PlatformId {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if crate::holder::is_slug(s) {
            Ok(Self(s.into()))
        } else {
            Err(ParseError::PlatformId {
                text: s.to_owned(),
                reason: "a platform id is a slug: lowercase letters, digits and inner hyphens",
            })
        }
    }
}

impl TryFrom<String> for PlatformId {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<PlatformId> for String {
    fn from(p: PlatformId) -> String {
        p.0.as_ref().to_owned()
    }
}

impl fmt::Display for PlatformId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of a platform, given by the variant of its [`Spec`].
///
/// # Example
///
/// ```
/// use materiel::PlatformKind;
/// assert_eq!(PlatformKind::SamSystem.to_string(), "sam_system");
/// assert_eq!("transport".parse::<PlatformKind>(), Ok(PlatformKind::Transport));
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
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::platform_kind)]
pub enum PlatformKind {
    /// Combat aircraft ([`AircraftSpec`]).
    Aircraft,
    /// Surface-to-air missile system ([`SamSystemSpec`]).
    SamSystem,
    /// Missile, including interceptors and MANPADS ([`MissileSpec`]).
    Missile,
    /// Transport aircraft ([`TransportSpec`]).
    Transport,
    /// Equipment known only by category ([`GenericSpec`]).
    Generic,
}

/// A platform model: identity, provenance, relations and typed figures.
///
/// Built with [`Platform::builder`], which validates everything; read from JSON through the
/// same validation. Fields are private; getters below.
///
/// # Example
///
/// ```
/// use materiel::catalog::AircraftSpec;
/// use materiel::units::Velocity;
/// use materiel::{HolderId, Platform, PlatformKind};
/// use uom::si::velocity::kilometer_per_hour;
///
/// let spec = AircraftSpec::new().with_max_speed(Velocity::new::<kilometer_per_hour>(2120.0));
/// let su = Platform::builder("su-30mk2".parse()?, "Su-30MK2", spec)
///     .nato_name("Flanker-G")
///     .origin(HolderId::state("RUS")?)
///     .family("su-30mk".parse()?)
///     .build()?;
/// assert_eq!(su.kind(), PlatformKind::Aircraft);
/// assert_eq!(su.family().map(|f| f.as_str()), Some("su-30mk"));
///
/// // Invalid figures are rejected, naming the platform and the field.
/// let bad = AircraftSpec::new().with_max_speed(Velocity::new::<kilometer_per_hour>(-1.0));
/// let err = Platform::builder("x".parse()?, "X", bad).build().unwrap_err();
/// assert!(err.to_string().contains("max_speed"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(into = "PlatformWire", try_from = "PlatformWire")]
pub struct Platform {
    id: PlatformId,
    designation: String,
    nato_name: Option<String>,
    aliases: Vec<String>,
    family: Option<PlatformId>,
    is_family: bool,
    origin: Option<HolderId>,
    manufacturer: Option<String>,
    service_entry: Option<i32>,
    sources: Vec<String>,
    munitions: Vec<PlatformId>,
    spec: Spec,
}

impl Platform {
    /// Starts a platform with its id, designation and figures; everything else is optional.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::{GenericCategory, GenericSpec};
    /// use materiel::Platform;
    /// let radar = Platform::builder("jy-27".parse()?, "JY-27", GenericSpec::new(GenericCategory::Radar))
    ///     .build()?;
    /// assert_eq!(radar.designation(), "JY-27");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(
        id: PlatformId,
        designation: impl Into<String>,
        spec: impl Into<Spec>,
    ) -> PlatformBuilder {
        PlatformBuilder(Platform {
            id,
            designation: designation.into(),
            nato_name: None,
            aliases: Vec::new(),
            family: None,
            is_family: false,
            origin: None,
            manufacturer: None,
            service_entry: None,
            sources: Vec::new(),
            munitions: Vec::new(),
            spec: spec.into(),
        })
    }

    /// The stable id, such as `su-30mk2`.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// let su30 = catalog.resolve("Su-30MK2").ok_or("not in the catalog")?;
    /// assert_eq!(su30.id().as_str(), "su-30mk2");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn id(&self) -> &PlatformId {
        &self.id
    }
    /// The designation, such as `Su-30MK2`.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// let su30 = catalog.get(&"su-30mk2".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(su30.designation(), "Su-30MK2");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn designation(&self) -> &str {
        &self.designation
    }
    /// The kind, given by the variant of [`spec`](Self::spec).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// use materiel::PlatformKind;
    /// let il76 = catalog.get(&"il-76td".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(il76.kind(), PlatformKind::Transport);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kind(&self) -> PlatformKind {
        self.spec.kind()
    }
    /// The NATO reporting name, such as `Flanker-G`, if any.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// let su30 = catalog.get(&"su-30mk2".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(su30.nato_name(), Some("Flanker-G"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn nato_name(&self) -> Option<&str> {
        self.nato_name.as_deref()
    }
    /// Other names the platform is known by, such as SIPRI's `S-300VM/SA-23 SAMS`.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// let s300 = catalog.get(&"s-300vm".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(s300.aliases(), ["S-300VM/SA-23 SAMS", "Antey-2500"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }
    /// The designation followed by the aliases.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// let buk = catalog.get(&"buk-m2".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(buk.names().collect::<Vec<_>>(), ["Buk-M2", "9K317"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.designation.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
    /// The family this platform is a variant of, if any.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// let su30 = catalog.get(&"su-30mk2".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(su30.family().map(|f| f.as_str()), Some("su-30mk"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn family(&self) -> Option<&PlatformId> {
        self.family.as_ref()
    }
    /// True for a family platform (such as `su-30mk`), which stands for all its variants.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// assert!(catalog.get(&"su-30mk".parse()?).is_some_and(Platform::is_family));
    /// assert!(!catalog.get(&"su-30mk2".parse()?).is_some_and(Platform::is_family));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_family(&self) -> bool {
        self.is_family
    }
    /// The country of origin, as an ISO 3166 alpha-3 state (`RUS`; `SUN` for the USSR).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// let kh31 = catalog.get(&"kh-31a".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(kh31.origin().map(|h| h.to_string()).as_deref(), Some("SUN")); // the USSR
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn origin(&self) -> Option<&HolderId> {
        self.origin.as_ref()
    }
    /// The design bureau or manufacturer.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// let il76 = catalog.get(&"il-76td".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(il76.manufacturer(), Some("Ilyushin"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn manufacturer(&self) -> Option<&str> {
        self.manufacturer.as_deref()
    }
    /// The year of entry into service (or first deliveries).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// let su30 = catalog.get(&"su-30mk2".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(su30.service_entry(), Some(2004));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn service_entry(&self) -> Option<i32> {
        self.service_entry
    }
    /// Citations of the sources of the figures.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// let su30 = catalog.get(&"su-30mk2".parse()?).ok_or("not in the catalog")?;
    /// assert!(su30.sources().iter().any(|s| s == "SIPRI Arms Transfers Database"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sources(&self) -> &[String] {
        &self.sources
    }
    /// Missiles this platform carries (aircraft) or fires (SAM systems), by id.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// let su30 = catalog.get(&"su-30mk2".parse()?).ok_or("not in the catalog")?;
    /// let ids: Vec<&str> = su30.munitions().iter().map(|m| m.as_str()).collect();
    /// assert_eq!(ids, ["kh-31a"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn munitions(&self) -> &[PlatformId] {
        &self.munitions
    }
    /// The kind-specific figures.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::{Catalog, Platform};
    /// # let catalog = Catalog::reference();
    /// use materiel::catalog::Spec;
    /// use uom::si::mass::ton;
    /// let il76 = catalog.get(&"il-76td".parse()?).ok_or("not in the catalog")?;
    /// let Spec::Transport(figures) = il76.spec() else { panic!("a transport") };
    /// assert_eq!(figures.max_payload().map(|m| m.get::<ton>()), Some(50.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    fn validate(&self) -> Result<(), CatalogError> {
        let id = &self.id;
        check_text(&self.designation, id, "designation")?;
        if let Some(n) = &self.nato_name {
            check_text(n, id, "nato_name")?;
        }
        if let Some(m) = &self.manufacturer {
            check_text(m, id, "manufacturer")?;
        }
        for a in &self.aliases {
            check_text(a, id, "aliases")?;
        }
        for s in &self.sources {
            check_text(s, id, "sources")?;
        }
        if let (true, Some(family)) = (self.is_family, &self.family) {
            return Err(CatalogError::NestedFamily {
                platform: id.clone(),
                family: family.clone(),
            });
        }
        self.spec.validate(id)
    }
}

/// Builds a [`Platform`]; [`build`](Self::build) validates. Made by [`Platform::builder`].
///
/// # Example
///
/// ```
/// use materiel::catalog::TransportSpec;
/// use materiel::Platform;
/// let il76 = Platform::builder("il-76".parse()?, "Il-76", TransportSpec::new())
///     .as_family()
///     .alias("Il-76MF")
///     .service_entry(1974)
///     .source("Britannica and TASS on the Il-76")
///     .build()?;
/// assert!(il76.is_family());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct PlatformBuilder(Platform);

impl PlatformBuilder {
    /// Sets the NATO reporting name.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::catalog::AircraftSpec;
    /// # use materiel::Platform;
    /// let p = Platform::builder("su-30mk2".parse()?, "Su-30MK2", AircraftSpec::new()).nato_name("Flanker-G").build()?;
    /// assert_eq!(p.nato_name(), Some("Flanker-G"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn nato_name(mut self, name: impl Into<String>) -> Self {
        self.0.nato_name = Some(name.into());
        self
    }
    /// Adds an alias.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::catalog::SamSystemSpec;
    /// # use materiel::Platform;
    /// let p = Platform::builder("buk-m2".parse()?, "Buk-M2", SamSystemSpec::new()).alias("9K317").build()?;
    /// assert_eq!(p.aliases(), ["9K317"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.0.aliases.push(alias.into());
        self
    }
    /// Names the family this platform is a variant of.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::catalog::AircraftSpec;
    /// # use materiel::Platform;
    /// let p = Platform::builder("su-30mk2".parse()?, "Su-30MK2", AircraftSpec::new()).family("su-30mk".parse()?).build()?;
    /// assert_eq!(p.family().map(|f| f.as_str()), Some("su-30mk"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn family(mut self, family: PlatformId) -> Self {
        self.0.family = Some(family);
        self
    }
    /// Marks the platform as a family standing for all its variants.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::catalog::AircraftSpec;
    /// # use materiel::Platform;
    /// let p = Platform::builder("su-30mk".parse()?, "Su-30MK", AircraftSpec::new()).as_family().build()?;
    /// assert!(p.is_family());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn as_family(mut self) -> Self {
        self.0.is_family = true;
        self
    }
    /// Sets the country of origin.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::catalog::AircraftSpec;
    /// # use materiel::{HolderId, Platform};
    /// let p = Platform::builder("su-30mk2".parse()?, "Su-30MK2", AircraftSpec::new()).origin(HolderId::state("RUS")?).build()?;
    /// assert_eq!(p.origin().map(|h| h.to_string()).as_deref(), Some("RUS"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn origin(mut self, origin: HolderId) -> Self {
        self.0.origin = Some(origin);
        self
    }
    /// Sets the manufacturer.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::catalog::TransportSpec;
    /// # use materiel::Platform;
    /// let p = Platform::builder("il-76td".parse()?, "Il-76TD", TransportSpec::new()).manufacturer("Ilyushin").build()?;
    /// assert_eq!(p.manufacturer(), Some("Ilyushin"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn manufacturer(mut self, manufacturer: impl Into<String>) -> Self {
        self.0.manufacturer = Some(manufacturer.into());
        self
    }
    /// Sets the year of entry into service.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::catalog::AircraftSpec;
    /// # use materiel::Platform;
    /// let p = Platform::builder("su-30mk2".parse()?, "Su-30MK2", AircraftSpec::new()).service_entry(2004).build()?;
    /// assert_eq!(p.service_entry(), Some(2004));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn service_entry(mut self, year: i32) -> Self {
        self.0.service_entry = Some(year);
        self
    }
    /// Adds a source citation.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::catalog::AircraftSpec;
    /// # use materiel::Platform;
    /// let p = Platform::builder("su-30mk2".parse()?, "Su-30MK2", AircraftSpec::new()).source("SIPRI Arms Transfers Database").build()?;
    /// assert_eq!(p.sources(), ["SIPRI Arms Transfers Database"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn source(mut self, citation: impl Into<String>) -> Self {
        self.0.sources.push(citation.into());
        self
    }
    /// Adds a missile the platform carries or fires.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::catalog::AircraftSpec;
    /// # use materiel::Platform;
    /// let p = Platform::builder("su-30mk2".parse()?, "Su-30MK2", AircraftSpec::new()).munition("kh-31a".parse()?).build()?;
    /// assert_eq!(p.munitions().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn munition(mut self, missile: PlatformId) -> Self {
        self.0.munitions.push(missile);
        self
    }

    /// Validates and returns the platform. Relations are checked later, by the [`Catalog`].
    ///
    /// # Errors
    ///
    /// [`CatalogError::InvalidValue`] for a negative, NaN or infinite figure,
    /// [`CatalogError::MinAboveMax`] for an inverted envelope, [`CatalogError::EmptyText`] for a
    /// blank designation, alias, NATO name, manufacturer or source, and
    /// [`CatalogError::NestedFamily`] for a family that names a family.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::{CatalogError, Envelope, SamSystemSpec};
    /// use materiel::units::Length;
    /// use materiel::Platform;
    /// use uom::si::length::kilometer;
    ///
    /// let km = Length::new::<kilometer>;
    /// let spec = SamSystemSpec::new().with_engagement_range(Envelope::between(km(45.0), km(3.0)));
    /// let err = Platform::builder("buk".parse()?, "Buk", spec).build().unwrap_err();
    /// assert!(matches!(err, CatalogError::MinAboveMax { field: "engagement_range", .. }));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn build(self) -> Result<Platform, CatalogError> {
        self.0.validate()?;
        Ok(self.0)
    }
}

/// The JSON form of a platform.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlatformWire {
    id: PlatformId,
    designation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nato_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    family: Option<PlatformId>,
    #[serde(default, skip_serializing_if = "is_default")]
    is_family: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    origin: Option<HolderId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    manufacturer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    service_entry: Option<i32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    munitions: Vec<PlatformId>,
    spec: SpecWire,
}

impl From<Platform> for PlatformWire {
    fn from(p: Platform) -> Self {
        PlatformWire {
            spec: p.spec.to_wire(),
            id: p.id,
            designation: p.designation,
            nato_name: p.nato_name,
            aliases: p.aliases,
            family: p.family,
            is_family: p.is_family,
            origin: p.origin,
            manufacturer: p.manufacturer,
            service_entry: p.service_entry,
            sources: p.sources,
            munitions: p.munitions,
        }
    }
}

impl TryFrom<PlatformWire> for Platform {
    type Error = CatalogError;
    fn try_from(w: PlatformWire) -> Result<Self, CatalogError> {
        let spec = Spec::from_wire(w.spec, &w.id)?;
        let p = Platform {
            id: w.id,
            designation: w.designation,
            nato_name: w.nato_name,
            aliases: w.aliases,
            family: w.family,
            is_family: w.is_family,
            origin: w.origin,
            manufacturer: w.manufacturer,
            service_entry: w.service_entry,
            sources: w.sources,
            munitions: w.munitions,
            spec,
        };
        p.validate()?;
        Ok(p)
    }
}

/// A registry of platforms: look-up by id or by any name, families and relations checked.
///
/// Platforms keep their insertion order.
///
/// * **Names.** Ids, designations and aliases share one case-insensitive name space: a name
///   belongs to one platform only, so [`resolve`](Self::resolve) is never ambiguous.
/// * **Families.** Sources often name a whole family (SIPRI's `Su-30MK` for the MKI, MKK, MKM
///   and MK2 exports; `Il-76` for every variant). Such a name resolves to a *family platform*
///   (`su-30mk`, `il-76`): an ordinary platform of the same kind, marked with
///   [`Platform::is_family`], holding whatever figures are common to the family. A variant
///   (`su-30mk2`, `il-76td`) names its family with [`Platform::family`]. Families have one
///   level. A family name never silently resolves to one variant.
/// * **Relations by id.** [`Platform::family`] and [`Platform::munitions`] must point at
///   platforms of the catalog; a family must be marked as one and have the same kind; a
///   munition must be a missile. [`insert`](Self::insert) checks against the platforms
///   already present (plus the one inserted), so insert targets first;
///   [`from_platforms`](Self::from_platforms) and [`from_json`](Self::from_json) check the
///   whole set at once, in any order.
/// * **Origin.** A [`HolderId`] state code; Soviet-era designs use `SUN`, the ISO 3166 code
///   reserved for the USSR, later Russian designs `RUS`.
///
/// JSON form: `{"platforms": [ {platform}, ... ]}`, quantities as text with units.
///
/// # Example
///
/// ```
/// use materiel::catalog::{GenericCategory, GenericSpec};
/// use materiel::{Catalog, Platform};
///
/// let mut catalog = Catalog::reference();
/// let su = catalog.resolve("Su-30MK").expect("in the reference catalog");
/// assert!(su.is_family());
/// assert_eq!(catalog.resolve("s-300vm/sa-23 sams").map(|p| p.id().as_str()), Some("s-300vm"));
///
/// catalog.insert(
///     Platform::builder("jy-27a".parse()?, "JY-27A", GenericSpec::new(GenericCategory::Radar))
///         .build()?,
/// )?;
/// let back = Catalog::from_json(&catalog.to_json())?;
/// assert_eq!(back, catalog);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "CatalogWire", try_from = "CatalogWire")]
pub struct Catalog {
    platforms: Vec<Platform>,
    /// Names, designations and aliases to platforms. Fx rather than SipHash: `Ledger::extend`
    /// looks each catalog platform of a batch up here, and SipHash cost 120 instructions per
    /// entry of the `bulk_append` workload (callgrind, 10^6 entries).
    by_name: FxHashMap<String, usize>,
}

/// The JSON form of a catalog.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogWire {
    platforms: Vec<PlatformWire>,
}

impl From<Catalog> for CatalogWire {
    fn from(c: Catalog) -> Self {
        CatalogWire {
            platforms: c.platforms.into_iter().map(PlatformWire::from).collect(),
        }
    }
}

impl TryFrom<CatalogWire> for Catalog {
    type Error = CatalogError;
    fn try_from(w: CatalogWire) -> Result<Self, CatalogError> {
        let platforms = w
            .platforms
            .into_iter()
            .map(Platform::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        Catalog::from_platforms(platforms)
    }
}

fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl Catalog {
    /// An empty catalog.
    ///
    /// ```
    /// assert!(materiel::Catalog::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The reference catalog shipped with the crate: Su-30MK family and Su-30MK2, Kh-31A,
    /// S-300VM with 9M82M and 9M83M, Buk-M2 with 9M317, Igla-S, Il-76 family and Il-76TD.
    ///
    /// Figures are public, encyclopedia-level values. Where sources disagree the first value
    /// below is the one stored; fields the sources are silent on are `None`, never invented.
    ///
    /// | id | stored figures | also quoted | public sources |
    /// |---|---|---|---|
    /// | `su-30mk` (family), `su-30mk2` | crew 2; 21.935 m x 14.7 m; empty 17 700 kg; MTOW 34 500 kg; external load 8 000 kg on 12 hardpoints; 2 120 km/h; ceiling 17 300 m; range 3 000 km; 2 x AL-31F family (122.58 kN with afterburner, not stored) | MTOW 38 000 kg (Su-30MKK); 2 125 and 2 450 km/h | Chinese, Korean and Japanese Wikipedia on the Su-30MKK and Su-30; Flightglobal and AIN on Su-30MK2 deliveries |
    /// | `kh-31a` | 4.7 m x 0.36 m; 610 kg; warhead 90 kg; range 50 km; about 1 000 m/s (Mach 4.5 at altitude) | Mod 2: 5.23 m, 700 kg, 110 kg, 70 km (70-103 km); Mach 2.5 low level | Chinese, Korean and Japanese Wikipedia on the Kh-31 |
    /// | `s-300vm`, `9m82m`, `9m83m` | range (aircraft) up to 200 km; components | 250 km | Wikipedia on the S-300; SISO-REF-010 entity enumerations |
    /// | `buk-m2`, `9m317` | range 3-45 km; altitude 0.015-25 km; 24 targets at once | 3-42 km; 50 km (Buk-M2E) | Zeit (2014) on Buk |
    /// | `igla-s` | range up to 6 km; altitude up to 3 500 m; system about 19 kg | | Latin American News on Igla-S |
    /// | `il-76` (family), `il-76td` | TD: payload 50 t; 4 400 km with it, 5 400 km with 40 t; cruise 800 km/h, max 850 km/h; MTOW 190 t; hold 20 x 3.46 x 3.4 m; crew 7 | 48 t and 52 t; MTOW 195 t; Il-76M: 40 t, 4 200 km, 170 t | Wikipedia on the Il-76; Britannica and TASS |
    ///
    /// SIPRI designations (aliases) come from the SIPRI Arms Transfers Database.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// assert_eq!(c.len(), 11);
    /// assert!(c.resolve("Kh-31A1").is_some());
    /// ```
    pub fn reference() -> Self {
        reference::catalog()
    }

    /// A catalog of `platforms`, validated as a whole: relations may point at platforms
    /// anywhere in the set, in any order.
    ///
    /// # Errors
    ///
    /// [`CatalogError::DuplicateId`], [`CatalogError::DuplicateName`] (checked in order), then
    /// [`CatalogError::UnknownRelation`], [`CatalogError::NotAFamily`] or
    /// [`CatalogError::RelationKind`] for the first bad relation.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::{MissileRole, MissileSpec, SamSystemSpec};
    /// use materiel::{Catalog, Platform};
    /// // The system comes before its missile: fine here, not with `insert`.
    /// let sam = Platform::builder("buk-m2".parse()?, "Buk-M2", SamSystemSpec::new())
    ///     .munition("9m317".parse()?)
    ///     .build()?;
    /// let missile = Platform::builder("9m317".parse()?, "9M317", MissileSpec::new(MissileRole::SurfaceToAir))
    ///     .build()?;
    /// let c = Catalog::from_platforms([sam, missile])?;
    /// assert_eq!(c.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_platforms(
        platforms: impl IntoIterator<Item = Platform>,
    ) -> Result<Self, CatalogError> {
        let mut catalog = Self::new();
        for p in platforms {
            catalog.check_names(&p)?;
            catalog.push(p);
        }
        for p in &catalog.platforms {
            catalog.check_relations(p, None)?;
        }
        Ok(catalog)
    }

    /// Adds a platform. Its relations must point at platforms already in the catalog (or at
    /// itself): insert families and missiles first. On error the catalog is unchanged.
    ///
    /// # Errors
    ///
    /// [`CatalogError::DuplicateId`], [`CatalogError::DuplicateName`],
    /// [`CatalogError::UnknownRelation`], [`CatalogError::NotAFamily`],
    /// [`CatalogError::RelationKind`].
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::{CatalogError, MissileRole, MissileSpec};
    /// use materiel::{Catalog, Platform};
    /// let mut c = Catalog::reference();
    /// let copy = Platform::builder("kh-31-copy".parse()?, "KH-31A1", MissileSpec::new(MissileRole::AntiShip))
    ///     .build()?;
    /// let err = c.insert(copy).unwrap_err();
    /// assert!(matches!(err, CatalogError::DuplicateName { .. }));
    /// assert_eq!(c.len(), 11);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(&mut self, platform: Platform) -> Result<(), CatalogError> {
        self.check_names(&platform)?;
        self.check_relations(&platform, Some(&platform))?;
        self.push(platform);
        Ok(())
    }

    fn check_names(&self, p: &Platform) -> Result<(), CatalogError> {
        if let Some(existing) = self.get(&p.id) {
            return Err(CatalogError::DuplicateId {
                id: existing.id.clone(),
            });
        }
        for name in std::iter::once(p.id.as_str()).chain(p.names()) {
            if let Some(&i) = self.by_name.get(&name_key(name)) {
                return Err(CatalogError::DuplicateName {
                    platform: p.id.clone(),
                    name: name.to_owned(),
                    existing: self.platforms[i].id.clone(),
                });
            }
        }
        Ok(())
    }

    fn check_relations(
        &self,
        p: &Platform,
        pending: Option<&Platform>,
    ) -> Result<(), CatalogError> {
        let find = |id: &PlatformId| pending.filter(|q| &q.id == id).or_else(|| self.get(id));
        if let Some(family) = &p.family {
            let Some(f) = find(family) else {
                return Err(CatalogError::UnknownRelation {
                    platform: p.id.clone(),
                    relation: "family",
                    target: family.clone(),
                });
            };
            if !f.is_family {
                return Err(CatalogError::NotAFamily {
                    platform: p.id.clone(),
                    family: family.clone(),
                });
            }
            if f.kind() != p.kind() {
                return Err(CatalogError::RelationKind {
                    platform: p.id.clone(),
                    relation: "family",
                    target: family.clone(),
                    expected: p.kind(),
                    found: f.kind(),
                });
            }
        }
        for m in &p.munitions {
            let Some(target) = find(m) else {
                return Err(CatalogError::UnknownRelation {
                    platform: p.id.clone(),
                    relation: "munitions",
                    target: m.clone(),
                });
            };
            if target.kind() != PlatformKind::Missile {
                return Err(CatalogError::RelationKind {
                    platform: p.id.clone(),
                    relation: "munitions",
                    target: m.clone(),
                    expected: PlatformKind::Missile,
                    found: target.kind(),
                });
            }
        }
        Ok(())
    }

    fn push(&mut self, p: Platform) {
        let i = self.platforms.len();
        for name in std::iter::once(p.id.as_str()).chain(p.names()) {
            self.by_name.insert(name_key(name), i);
        }
        self.platforms.push(p);
    }

    /// The platform with this id.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// assert_eq!(c.get(&"9m317".parse()?).map(|p| p.designation()), Some("9M317"));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn get(&self, id: &PlatformId) -> Option<&Platform> {
        self.by_name
            .get(id.as_str())
            .map(|&i| &self.platforms[i])
            .filter(|p| &p.id == id)
    }

    /// The platform with this id, designation or alias, compared case-insensitively and
    /// ignoring surrounding white space. A family name gives the family platform.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// assert_eq!(c.resolve("Su-30MK").map(|p| p.id().as_str()), Some("su-30mk"));
    /// assert_eq!(c.resolve("Kh-31A1").map(|p| p.id().as_str()), Some("kh-31a"));
    /// assert!(c.resolve("F-16").is_none());
    /// ```
    pub fn resolve(&self, name: &str) -> Option<&Platform> {
        self.by_name
            .get(&name_key(name))
            .map(|&i| &self.platforms[i])
    }

    /// True when a platform has this id.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// let catalog = Catalog::reference();
    /// assert!(catalog.contains(&"il-76td".parse()?));
    /// assert!(!catalog.contains(&"f-16c".parse()?));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn contains(&self, id: &PlatformId) -> bool {
        self.get(id).is_some()
    }

    /// All platforms in insertion order.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{Catalog, PlatformKind};
    /// let catalog = Catalog::reference();
    /// let transports: Vec<&str> = catalog
    ///     .iter()
    ///     .filter(|p| p.kind() == PlatformKind::Transport)
    ///     .map(|p| p.designation())
    ///     .collect();
    /// assert_eq!(transports, ["Il-76", "Il-76TD"]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &Platform> {
        self.platforms.iter()
    }

    /// The number of platforms.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// assert_eq!(Catalog::new().len(), 0);
    /// assert_eq!(Catalog::reference().len(), Catalog::reference().iter().count());
    /// ```
    pub fn len(&self) -> usize {
        self.platforms.len()
    }

    /// True when the catalog has no platform.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::Catalog;
    /// assert!(Catalog::new().is_empty());
    /// assert!(!Catalog::reference().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.platforms.is_empty()
    }

    /// The variants of `family` (platforms whose [`Platform::family`] is `family`).
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// let ids: Vec<_> = c.variants(&"il-76".parse()?).map(|p| p.id().as_str()).collect();
    /// assert_eq!(ids, ["il-76td"]);
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn variants<'a>(
        &'a self,
        family: &PlatformId,
    ) -> impl Iterator<Item = &'a Platform> + use<'a> {
        let family = family.clone();
        self.platforms
            .iter()
            .filter(move |p| p.family.as_ref() == Some(&family))
    }

    /// The missiles `platform` carries or fires, as catalog entries.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// let ids: Vec<_> = c.munitions(&"s-300vm".parse()?).map(|p| p.id().as_str()).collect();
    /// assert_eq!(ids, ["9m82m", "9m83m"]);
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn munitions<'a>(
        &'a self,
        platform: &PlatformId,
    ) -> impl Iterator<Item = &'a Platform> + use<'a> {
        self.get(platform)
            .into_iter()
            .flat_map(|p| p.munitions.iter())
            .filter_map(|m| self.get(m))
    }

    /// Reads a catalog from JSON (`{"platforms": [...]}`), validating every platform and the
    /// catalog as a whole (see [`from_platforms`](Self::from_platforms)).
    ///
    /// # Errors
    ///
    /// [`CatalogError::Json`] for malformed JSON, unknown or missing fields and bad ids;
    /// [`CatalogError::Quantity`] for unreadable quantity text (NaN, negative, wrong
    /// dimension); otherwise the errors of [`PlatformBuilder::build`] and
    /// [`from_platforms`](Self::from_platforms).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::catalog::CatalogError;
    /// use materiel::Catalog;
    /// let err = Catalog::from_json(r#"{"platforms": [{"id": "x", "designation": "X",
    ///     "spec": {"kind": "transport", "max_payload": "50 km"}}]}"#).unwrap_err();
    /// assert!(matches!(err, CatalogError::Quantity { field: "max_payload", .. }));
    /// ```
    pub fn from_json(json: &str) -> Result<Self, CatalogError> {
        let wire: CatalogWire = serde_json::from_str(json).map_err(|e| CatalogError::json(&e))?;
        Catalog::try_from(wire)
    }

    /// Writes the catalog as pretty-printed JSON, quantities in each field's display unit
    /// when that round-trips exactly.
    ///
    /// ```
    /// let json = materiel::Catalog::reference().to_json();
    /// assert!(json.contains("\"max_payload\": \"50 t\""));
    /// ```
    pub fn to_json(&self) -> String {
        #[allow(clippy::expect_used)]
        serde_json::to_string_pretty(self)
            .expect("catalog JSON has string keys and no floats, so it cannot fail")
    }
}

impl<'a> IntoIterator for &'a Catalog {
    type Item = &'a Platform;
    type IntoIter = std::slice::Iter<'a, Platform>;
    fn into_iter(self) -> Self::IntoIter {
        self.platforms.iter()
    }
}
