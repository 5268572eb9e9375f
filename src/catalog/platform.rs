//! [`Platform`], a platform model, and [`PlatformBuilder`], which validates one.

use std::sync::Arc;

use crate::holder::HolderId;

use super::spec::check_text;
#[cfg(doc)]
use super::{
    AircraftSpec, ArmouredVehicleSpec, ArtillerySpec, Catalog, Figure, GenericSpec, HelicopterSpec,
    MissileSpec, SamSystemSpec, ShipSpec, TransportSpec, UavSpec,
};
use super::{
    CatalogError, CatalogSource, Category, NameSource, Names, PlatformId, Spec, normalize_name,
};

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
    /// Combat, trainer, special-mission or light aircraft ([`AircraftSpec`]).
    Aircraft,
    /// Surface-to-air missile system ([`SamSystemSpec`]).
    SamSystem,
    /// Missile, including interceptors, MANPADS, guided bombs and torpedoes ([`MissileSpec`]).
    Missile,
    /// Transport or tanker aircraft ([`TransportSpec`]).
    Transport,
    /// Equipment of no other kind: radars, jammers, trucks, engines ([`GenericSpec`]).
    Generic,
    /// Armoured vehicle: tanks, IFVs, APCs and the other armoured categories
    /// ([`ArmouredVehicleSpec`]).
    ArmouredVehicle,
    /// Gun, howitzer, mortar or rocket launcher ([`ArtillerySpec`]).
    Artillery,
    /// Helicopter ([`HelicopterSpec`]).
    Helicopter,
    /// Uncrewed aircraft ([`UavSpec`]).
    Uav,
    /// Ship or submarine ([`ShipSpec`]).
    Ship,
}

/// A platform model: identity, category, names by source, relations and typed, sourced
/// figures.
///
/// Built with [`Platform::builder`], which validates everything, or read from a catalog file
/// through the same validation. Fields are private; getters below.
///
/// # Example
///
/// ```
/// use std::sync::Arc;
/// use materiel::catalog::{AircraftSpec, CatalogSource, Category, Figure, NameSource, Quote};
/// use materiel::units::Speed;
/// use materiel::{HolderId, Platform, PlatformKind};
///
/// let page = Arc::new(CatalogSource::new("baonghean-su-30", "Su-30 (Báo Nghệ An)")?);
/// let speed = Figure::new(Quote::new_value("2120 km/h".parse::<Speed>()?, page.clone())?);
/// let su = Platform::builder("su-30mk2".parse()?, "Su-30MK2", Category::CombatAircraft,
///         AircraftSpec::new().with_max_speed(speed))
///     .name(NameSource::Nato, "Flanker-G")
///     .origin(HolderId::state("RUS")?)
///     .parent("su-30mk".parse()?)
///     .source(page)
///     .build()?;
/// assert_eq!(su.kind(), PlatformKind::Aircraft);
/// assert_eq!(su.parent().map(|f| f.as_str()), Some("su-30mk"));
///
/// // A platform cites at least one source.
/// let err = Platform::builder("x".parse()?, "X", Category::Other, materiel::catalog::GenericSpec::new())
///     .build()
///     .unwrap_err();
/// assert!(matches!(err, materiel::catalog::CatalogError::NoSources { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Platform {
    pub(super) id: PlatformId,
    pub(super) designation: String,
    pub(super) category: Category,
    pub(super) is_family: bool,
    pub(super) parent: Option<PlatformId>,
    pub(super) origin: Option<HolderId>,
    pub(super) manufacturer: Option<String>,
    pub(super) service_entry: Option<i32>,
    pub(super) munitions: Vec<PlatformId>,
    pub(super) sources: Vec<Arc<CatalogSource>>,
    pub(super) note: Option<String>,
    pub(super) names: Names,
    pub(super) spec: Spec,
}

impl Platform {
    /// Starts a platform with its id, designation, category and figures; everything else is
    /// optional but its sources: [`build`](PlatformBuilder::build) wants at least one.
    ///
    /// # Example
    ///
    /// ```
    /// use std::sync::Arc;
    /// use materiel::catalog::{CatalogSource, Category, GenericSpec};
    /// use materiel::Platform;
    /// let src = Arc::new(CatalogSource::new("my-notes", "My notes")?);
    /// let radar = Platform::builder("jy-27".parse()?, "JY-27", Category::Radar, GenericSpec::new())
    ///     .source(src)
    ///     .build()?;
    /// assert_eq!(radar.designation(), "JY-27");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(
        id: PlatformId,
        designation: impl Into<String>,
        category: Category,
        spec: impl Into<Spec>,
    ) -> PlatformBuilder {
        PlatformBuilder(Platform {
            id,
            designation: designation.into(),
            category,
            is_family: false,
            parent: None,
            origin: None,
            manufacturer: None,
            service_entry: None,
            munitions: Vec::new(),
            sources: Vec::new(),
            note: None,
            names: Names::new(),
            spec: spec.into(),
        })
    }

    /// The stable id, such as `su-30mk2`.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::Catalog;
    /// # let catalog = Catalog::reference();
    /// let su30 = catalog.resolve("Su-30MK2").ok_or("not in the catalog")?;
    /// assert_eq!(su30.id().as_str(), "su-30mk2");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn id(&self) -> &PlatformId {
        &self.id
    }
    /// The usual designation, such as `Su-30MK2`.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::Catalog;
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
    /// # use materiel::Catalog;
    /// # let catalog = Catalog::reference();
    /// use materiel::PlatformKind;
    /// let il76 = catalog.get(&"il-76td".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(il76.kind(), PlatformKind::Transport);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kind(&self) -> PlatformKind {
        self.spec.kind()
    }
    /// The category in the taxonomy shared with SIPRI and Oryx.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::Catalog;
    /// # let catalog = Catalog::reference();
    /// use materiel::catalog::Category;
    /// let igla = catalog.get(&"igla-s".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(igla.category(), Category::Manpads);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn category(&self) -> Category {
        self.category
    }
    /// The names sources use for this platform, by source.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::Catalog;
    /// # let catalog = Catalog::reference();
    /// use materiel::catalog::NameSource;
    /// let s300 = catalog.get(&"s-300vm".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(s300.names().get(NameSource::Sipri), ["S-300VM/SA-23 SAMS"]);
    /// assert!(s300.names().get(NameSource::Other).iter().any(|n| n == "Antey-2500"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn names(&self) -> &Names {
        &self.names
    }
    /// The first NATO reporting name, such as `Flanker-G`, if any.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::Catalog;
    /// # let catalog = Catalog::reference();
    /// let su30 = catalog.get(&"su-30mk2".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(su30.nato_name(), Some("Flanker-G"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn nato_name(&self) -> Option<&str> {
        self.names.get(NameSource::Nato).first().map(String::as_str)
    }
    /// The family node this platform is a variant of, if any.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::Catalog;
    /// # let catalog = Catalog::reference();
    /// let su30 = catalog.get(&"su-30mk2".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(su30.parent().map(|f| f.as_str()), Some("su-30mk"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parent(&self) -> Option<&PlatformId> {
        self.parent.as_ref()
    }
    /// True for a family node (such as `su-30mk` or `t-64`), which stands for "a variant of
    /// this family, which one unknown".
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
    /// The state of design, as an ISO 3166 alpha-3 code (`RUS`; `SUN` for the USSR).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::Catalog;
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
    /// # use materiel::Catalog;
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
    /// # use materiel::Catalog;
    /// # let catalog = Catalog::reference();
    /// let il76 = catalog.get(&"il-76td".parse()?).ok_or("not in the catalog")?;
    /// assert_eq!(il76.service_entry(), Some(1982));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn service_entry(&self) -> Option<i32> {
        self.service_entry
    }
    /// The sources of the identity facts (designation, family relation, origin, maker, year).
    /// Each figure names its own source ([`Figure::source`]).
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::Catalog;
    /// # let catalog = Catalog::reference();
    /// let buk = catalog.get(&"buk-m2".parse()?).ok_or("not in the catalog")?;
    /// assert!(buk.sources().iter().any(|s| s.key() == "sipri-at"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sources(&self) -> &[Arc<CatalogSource>] {
        &self.sources
    }
    /// A note for readers, if any.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::Catalog;
    /// # let catalog = Catalog::reference();
    /// let s300 = catalog.get(&"s-300vm".parse()?).ok_or("not in the catalog")?;
    /// assert!(s300.note().is_some_and(|n| n.contains("Antey-2500")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// Missiles this platform carries (aircraft) or fires (SAM systems), by id.
    ///
    /// # Example
    ///
    /// ```
    /// # use materiel::Catalog;
    /// # let catalog = Catalog::reference();
    /// let su30 = catalog.get(&"su-30mk2".parse()?).ok_or("not in the catalog")?;
    /// let ids: Vec<&str> = su30.munitions().iter().map(|m| m.as_str()).collect();
    /// assert!(ids.contains(&"kh-31a") && ids.contains(&"r-77"));
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
    /// # use materiel::Catalog;
    /// # let catalog = Catalog::reference();
    /// use materiel::catalog::Spec;
    /// use uom::si::mass::ton;
    /// let il76 = catalog.get(&"il-76td".parse()?).ok_or("not in the catalog")?;
    /// let Spec::Transport(figures) = il76.spec() else { return Err("a transport".into()) };
    /// assert_eq!(figures.max_payload().and_then(|f| f.value()).map(|m| m.get::<ton>()), Some(50.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// Every key this platform is found by: its id, designation and names, normalised.
    pub(super) fn keys(&self) -> impl Iterator<Item = (&str, String)> {
        std::iter::once(self.id.as_str())
            .chain(std::iter::once(self.designation.as_str()))
            .chain(self.names.iter().map(|(_, n)| n))
            .map(|n| (n, normalize_name(n)))
    }

    fn validate(&self) -> Result<(), CatalogError> {
        self.validate_identity()?;
        for (name, key) in self.keys() {
            if key.is_empty() {
                return Err(CatalogError::EmptyName {
                    platform: self.id.clone(),
                    name: name.to_owned(),
                });
            }
        }
        self.spec.validate(&self.id)
    }

    /// [`validate`](Self::validate) but for the figures, which a loader checks as it reads
    /// them, and the name keys, which [`Inner::check_names`] checks.
    pub(super) fn validate_identity(&self) -> Result<(), CatalogError> {
        let id = &self.id;
        check_text(&self.designation, id, "designation")?;
        if let Some(m) = &self.manufacturer {
            check_text(m, id, "manufacturer")?;
        }
        if let Some(n) = &self.note {
            check_text(n, id, "note")?;
        }
        for (source, name) in self.names.iter() {
            check_text(name, id, names_field(source))?;
        }
        if self.sources.is_empty() {
            return Err(CatalogError::NoSources {
                platform: id.clone(),
            });
        }
        self.spec.validate_texts(id)
    }

    /// Every source the platform cites: its own, then its figures'.
    pub(super) fn cited(&self) -> impl Iterator<Item = &Arc<CatalogSource>> {
        self.sources
            .iter()
            .chain(self.spec.cited_sources().into_iter().map(|(_, s)| s))
    }
}

fn names_field(source: NameSource) -> &'static str {
    match source {
        NameSource::Sipri => "names.sipri",
        NameSource::Oryx => "names.oryx",
        NameSource::Nato => "names.nato",
        NameSource::National => "names.national",
        NameSource::Grau => "names.grau",
        NameSource::Other => "names.other",
    }
}

impl serde::Serialize for Platform {
    /// The platform as a catalog file writes it (sources by key).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_wire().serialize(s)
    }
}

/// Builds a [`Platform`]; [`build`](Self::build) validates. Made by [`Platform::builder`].
///
/// # Example
///
/// ```
/// use std::sync::Arc;
/// use materiel::catalog::{CatalogSource, Category, TransportSpec};
/// use materiel::Platform;
/// let tass = Arc::new(CatalogSource::new("tass-il-76", "TASS on the Il-76")?);
/// let il76 = Platform::builder("il-76".parse()?, "Il-76", Category::TransportAircraft, TransportSpec::new())
///     .as_family()
///     .service_entry(1974)
///     .source(tass)
///     .build()?;
/// assert!(il76.is_family());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct PlatformBuilder(pub(super) Platform);

impl PlatformBuilder {
    /// Adds a name a source uses.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use materiel::catalog::{CatalogSource, Category, NameSource, SamSystemSpec};
    /// # use materiel::Platform;
    /// # let src = Arc::new(CatalogSource::new("k", "K")?);
    /// let p = Platform::builder("buk-m2".parse()?, "Buk-M2", Category::SamSystem, SamSystemSpec::new())
    ///     .name(NameSource::Grau, "9K317")
    ///     .source(src)
    ///     .build()?;
    /// assert_eq!(p.names().get(NameSource::Grau), ["9K317"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(mut self, source: NameSource, name: impl Into<String>) -> Self {
        self.0.names.push(source, name);
        self
    }
    /// Names the family node this platform is a variant of.
    pub fn parent(mut self, family: PlatformId) -> Self {
        self.0.parent = Some(family);
        self
    }
    /// Marks the platform as a family node.
    pub fn as_family(mut self) -> Self {
        self.0.is_family = true;
        self
    }
    /// Sets the state of design.
    pub fn origin(mut self, origin: HolderId) -> Self {
        self.0.origin = Some(origin);
        self
    }
    /// Sets the manufacturer.
    pub fn manufacturer(mut self, manufacturer: impl Into<String>) -> Self {
        self.0.manufacturer = Some(manufacturer.into());
        self
    }
    /// Sets the year of entry into service.
    pub fn service_entry(mut self, year: i32) -> Self {
        self.0.service_entry = Some(year);
        self
    }
    /// Adds a source of the identity facts.
    pub fn source(mut self, source: Arc<CatalogSource>) -> Self {
        self.0.sources.push(source);
        self
    }
    /// Sets a note for readers.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.0.note = Some(note.into());
        self
    }
    /// Adds a missile the platform carries or fires.
    pub fn munition(mut self, missile: PlatformId) -> Self {
        self.0.munitions.push(missile);
        self
    }

    /// Validates and returns the platform. Relations are checked later, by the [`Catalog`].
    ///
    /// # Errors
    ///
    /// [`CatalogError::NoSources`] without a source, [`CatalogError::EmptyText`] for a blank
    /// designation, name, manufacturer, note or spec text, [`CatalogError::EmptyName`] for a
    /// name without a letter or digit, [`CatalogError::Figure`] for an invalid figure.
    ///
    /// # Example
    ///
    /// ```
    /// use std::sync::Arc;
    /// use materiel::catalog::{CatalogError, CatalogSource, Category, GenericSpec, NameSource};
    /// use materiel::Platform;
    /// let src = Arc::new(CatalogSource::new("k", "K")?);
    /// let err = Platform::builder("p-18".parse()?, "P-18", Category::Radar, GenericSpec::new())
    ///     .name(NameSource::Other, "--")
    ///     .source(src)
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(err, CatalogError::EmptyName { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build(self) -> Result<Platform, CatalogError> {
        self.0.validate()?;
        Ok(self.0)
    }
}
