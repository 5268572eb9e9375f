//! The typed platform catalog: [`Platform`] models with typed, sourced [`Spec`] figures, and
//! the [`Catalog`] registry that resolves names, classifies unknown ones and walks families.
//!
//! A platform is named by a [`PlatformId`] slug, has a [`Category`] (the taxonomy shared with
//! SIPRI and Oryx), a [`PlatformKind`] (the variant of its [`Spec`]), its [`Names`] by source,
//! and figures that each carry their provenance ([`Figure`]: value or range, qualifier,
//! condition, [`CatalogSource`], alternatives). Validation failures are [`CatalogError`]s.
//!
//! # The bundled catalog
//!
//! [`Catalog::reference`] is the catalog shipped with the crate: the TOML files under
//! `catalog/` (one per group: `aircraft.toml`, `tanks.toml`, `missiles.toml`, ...), embedded
//! in the library and validated by its tests. `catalog/README.md` is the format reference.
//! Users load their own files ([`Catalog::from_toml`], [`Catalog::from_toml_files`],
//! [`Catalog::from_dir`]) or lay them over the bundled catalog
//! ([`Catalog::overlay_toml`], [`Catalog::overlay_dir`]): a platform with an existing id
//! replaces it, a new id adds one.
//!
//! # Design
//!
//! * **Kind from spec.** A platform's [`PlatformKind`] is the variant of its [`Spec`], so the
//!   two can never disagree. Its [`Category`] is separate: a tank and an IFV are both
//!   armoured vehicles.
//! * **Families at any depth.** Sources often name a whole family (`T-72`, SIPRI's `Su-30MK`
//!   for several exports) or an item only by family (Oryx's `Unknown T-64`). Such a name
//!   resolves to a *family node*, an ordinary platform marked [`Platform::is_family`] that
//!   stands for "a variant of this family, which one unknown". A platform names the family
//!   node it is a variant of with [`Platform::parent`]; families nest
//!   (`t-72` -> `t-72b` -> `t-72b3` -> `t-72b3-obr-2016`). The parent must be a family node
//!   of the same kind, and parents never form a cycle. Every platform has at most one parent,
//!   so each lies on one chain up to its [`family_root`](Catalog::family_root): rolling lots
//!   up by family or by category counts each lot once.
//! * **Relations by id.** [`Platform::parent`] and [`Platform::munitions`] (missiles an
//!   aircraft carries or a SAM system fires) are ids checked by the catalog.
//! * **One name space.** Ids, designations and every name of every source are keys after
//!   [`normalize_name`] (case, spaces, hyphens, dots, quotes, Oryx's heading counts); a key
//!   belongs to one platform only, so [`Catalog::resolve`] is never a silent pick.
//! * **Provenance by type.** Every figure names its source; a figure without one cannot be
//!   built or loaded. Numbers keep the unit their source wrote; a speed given as a Mach number
//!   stays a Mach number ([`Speed`](crate::units::Speed)).
//! * **Origin.** The country of origin is a [`HolderId`] state code. Designs of the Soviet era
//!   use `SUN`, the ISO 3166 code reserved for the USSR; later Russian designs use `RUS`.
//!
//! # Example
//!
//! ```
//! use materiel::Catalog;
//! use materiel::catalog::Category;
//!
//! let c = Catalog::reference();
//! // Spellings of one system meet: SIPRI's and Oryx's.
//! let a = c.resolve("Leopard-2A6").ok_or("known")?;
//! let b = c.resolve("Leopard 2A6").ok_or("known")?;
//! assert_eq!(a.id(), b.id());
//! assert_eq!(a.category(), Category::Tank);
//! // A name known only by family, and one known only by category.
//! assert!(c.resolve("Uknown T-64").is_some_and(|p| p.is_family()));
//! assert_eq!(c.classify("Unknown tank"), Some(Category::Tank));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod bundled;
mod category;
mod error;
mod figure;
mod inner;
mod key;
mod load;
mod names;
mod platform;
mod source;
mod spec;
mod wire;

pub use category::Category;
pub use error::CatalogError;
pub use figure::{Figure, FigureError, FigureValue, Qualifier, Quote};
pub use load::Overlay;
pub use names::{KeywordRule, NameSource, Names, normalize_name};
pub use platform::{Platform, PlatformBuilder, PlatformKind};
pub use source::CatalogSource;
pub use spec::{
    AircraftSpec, ArmouredVehicleSpec, ArtillerySpec, GenericSpec, Guidance, HelicopterSpec,
    MissileRole, MissileSpec, SamSystemSpec, ShipSpec, Spec, TransportSpec, UavSpec,
};

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use bundled::Bundled;
use inner::Inner;

use crate::error::ParseError;
#[cfg(doc)]
use crate::holder::HolderId;

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

/// A registry of platforms: look-up by id or by any name, classification of unknown names,
/// families walked up and down, relations checked.
///
/// Platforms keep their order (file by file, in file order, for a loaded catalog). Cloning is
/// cheap: the platforms are shared until one of the clones changes ([`insert`](Self::insert),
/// an overlay), which copies them first.
///
/// * **Names.** Ids, designations and every name by source share one name space, compared
///   after [`normalize_name`]: a key belongs to one platform only, so
///   [`resolve`](Self::resolve) is never ambiguous.
/// * **Categories.** Every platform has a [`Category`]; [`classify`](Self::classify) gives a
///   name's category, through its platform or, for names the catalog does not know, through
///   the keyword rules.
/// * **Families.** A family node ([`Platform::is_family`]) stands for "a variant of this
///   family, which one unknown". [`parent`](Self::parent), [`children`](Self::children),
///   [`ancestors`](Self::ancestors), [`family_root`](Self::family_root) and
///   [`descendants`](Self::descendants) walk them at any depth. Each platform has at most one
///   parent, so the platforms under a family node are a tree: summing a family's own lot and
///   its descendants' counts each once.
/// * **Relations by id.** A parent must be a family node of the same kind, parents never form
///   a cycle, a munition must be a missile. [`insert`](Self::insert) checks against the
///   platforms already present (plus the one inserted), so insert targets first;
///   [`from_platforms`](Self::from_platforms) and the loaders check the whole set at once.
///
/// JSON form ([`to_json`](Self::to_json), [`from_json`](Self::from_json)): the same tables as
/// a catalog file (`catalog/README.md`), as one JSON object: `{"source": {...},
/// "platform": [...], "rule": [...]}`.
///
/// # Example
///
/// ```
/// use std::sync::Arc;
/// use materiel::catalog::{CatalogSource, Category, GenericSpec};
/// use materiel::{Catalog, Platform};
///
/// let mut catalog = Catalog::reference();
/// assert!(catalog.resolve("Su-30MK").is_some_and(Platform::is_family));
/// assert_eq!(catalog.resolve("s-300vm/sa-23 sams").map(|p| p.id().as_str()), Some("s-300vm"));
///
/// let notes = Arc::new(CatalogSource::new("my-notes", "Field notes")?);
/// catalog.insert(
///     Platform::builder("my-jy-27a".parse()?, "JY-27A (local)", Category::Radar, GenericSpec::new())
///         .source(notes)
///         .build()?,
/// )?;
/// let back = Catalog::from_json(&catalog.to_json())?;
/// assert_eq!(back, catalog);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// The platforms and indexes, when [`bundled`](Self::bundled) is `None`; empty otherwise.
    inner: Arc<Inner>,
    /// The bundled catalog, decoded as it is used, until a change makes an owned copy.
    bundled: Option<Arc<Bundled>>,
}

impl PartialEq for Catalog {
    fn eq(&self, other: &Self) -> bool {
        let same = match (&self.bundled, &other.bundled) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => Arc::ptr_eq(&self.inner, &other.inner),
            _ => false,
        };
        same || (self.len() == other.len()
            && self.iter().eq(other.iter())
            && self.sources().eq(other.sources())
            && self.rule_slice() == other.rule_slice())
    }
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

    fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
            bundled: None,
        }
    }

    /// The bundled catalog, nothing decoded yet.
    fn bundled() -> Self {
        Self {
            inner: Arc::default(),
            bundled: Some(Arc::new(Bundled::new())),
        }
    }

    /// Before a change: the bundled catalog becomes an owned copy, decoded and validated
    /// whole. This changes how the catalog is held, not what it holds.
    fn make_owned(&mut self) {
        if self.bundled.take().is_some() {
            self.inner = Arc::new(Bundled::to_inner());
        }
    }

    /// The platform at `i`, in catalog order.
    fn platform_at(&self, i: usize) -> &Platform {
        match &self.bundled {
            Some(b) => b.platform(i),
            None => &self.inner.platforms[i],
        }
    }

    /// The index of the platform with id `id`.
    fn index_of(&self, id: &PlatformId) -> Option<usize> {
        match &self.bundled {
            Some(b) => b.index_of_id(id.as_str()),
            None => self.inner.by_id.get(id).copied(),
        }
    }

    /// The indexes of the children of the platform at `i`.
    fn children_at(&self, i: usize) -> &[usize] {
        match &self.bundled {
            Some(b) => b.children(i),
            None => &self.inner.children[i],
        }
    }

    /// The keyword rules.
    fn rule_slice(&self) -> &[KeywordRule] {
        match &self.bundled {
            Some(b) => b.rules(),
            None => &self.inner.rules,
        }
    }

    /// The catalog bundled with the crate: every platform of the TOML files under `catalog/`
    /// (aircraft, helicopters, UAVs, tanks and other armoured vehicles, trucks, artillery, air
    /// defence, sensors, missiles, ships), with their sources and the keyword rules. The
    /// original reference platforms keep their ids: `su-30mk` (family) and `su-30mk2`,
    /// `kh-31a`, `s-300vm` with `9m82m` and `9m83m`, `buk-m2` with `9m317`, `igla-s`, `il-76`
    /// (family) and `il-76td`.
    ///
    /// Every figure carries the page it was read from; where no source gives a figure it is
    /// absent, never estimated. The files are embedded in the library
    /// ([`bundled_files`](Self::bundled_files)) and checked by its tests. The build indexes
    /// them (ids, names, families), so this costs next to nothing: each platform is decoded
    /// and validated the first time a process uses it, and shared by every clone this returns
    /// (see [`load_reference`](Self::load_reference)).
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// assert!(c.len() > 2000);
    /// assert!(c.resolve("Kh-31A1").is_some());
    /// ```
    pub fn reference() -> Self {
        static REFERENCE: OnceLock<Catalog> = OnceLock::new();
        REFERENCE.get_or_init(Catalog::load_reference).clone()
    }

    /// A catalog of `platforms`, validated as a whole: relations may point at platforms
    /// anywhere in the set, in any order. The sources the platforms cite become the catalog's.
    ///
    /// # Errors
    ///
    /// [`CatalogError::DuplicateSource`] for two different sources under one key,
    /// [`CatalogError::DuplicateId`], [`CatalogError::DuplicateName`] (checked in order),
    /// then [`CatalogError::UnknownRelation`], [`CatalogError::NotAFamily`],
    /// [`CatalogError::RelationKind`] or [`CatalogError::ParentCycle`].
    ///
    /// # Example
    ///
    /// ```
    /// use std::sync::Arc;
    /// use materiel::catalog::{CatalogSource, Category, MissileRole, MissileSpec, SamSystemSpec};
    /// use materiel::{Catalog, Platform};
    /// let src = Arc::new(CatalogSource::new("zeit-buk", "Zeit on Buk")?);
    /// // The system comes before its missile: fine here, not with `insert`.
    /// let sam = Platform::builder("buk-m2".parse()?, "Buk-M2", Category::SamSystem, SamSystemSpec::new())
    ///     .munition("9m317".parse()?)
    ///     .source(src.clone())
    ///     .build()?;
    /// let missile = Platform::builder("9m317".parse()?, "9M317", Category::SurfaceToAirMissile,
    ///         MissileSpec::new(MissileRole::SurfaceToAir))
    ///     .source(src)
    ///     .build()?;
    /// let c = Catalog::from_platforms([sam, missile])?;
    /// assert_eq!(c.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_platforms(
        platforms: impl IntoIterator<Item = Platform>,
    ) -> Result<Self, CatalogError> {
        Inner::build(
            platforms.into_iter().collect(),
            std::collections::BTreeMap::new(),
            Vec::new(),
        )
        .map(Self::from_inner)
    }

    /// Adds a platform. Its relations must point at platforms already in the catalog (or at
    /// itself): insert families and missiles first. On error the catalog is unchanged.
    ///
    /// # Errors
    ///
    /// [`CatalogError::DuplicateId`], [`CatalogError::DuplicateName`],
    /// [`CatalogError::DuplicateSource`], [`CatalogError::UnknownRelation`],
    /// [`CatalogError::NotAFamily`], [`CatalogError::RelationKind`],
    /// [`CatalogError::ParentCycle`].
    ///
    /// # Example
    ///
    /// ```
    /// use std::sync::Arc;
    /// use materiel::catalog::{CatalogError, CatalogSource, Category, MissileRole, MissileSpec};
    /// use materiel::{Catalog, Platform};
    /// let mut c = Catalog::reference();
    /// let before = c.len();
    /// let src = Arc::new(CatalogSource::new("my-notes", "My notes")?);
    /// let copy = Platform::builder("kh-31-copy".parse()?, "KH 31 A1", Category::AntiShipMissile,
    ///         MissileSpec::new(MissileRole::AntiShip))
    ///     .source(src)
    ///     .build()?;
    /// let err = c.insert(copy).unwrap_err();
    /// assert!(matches!(err, CatalogError::DuplicateName { .. }));
    /// assert_eq!(c.len(), before);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(&mut self, platform: Platform) -> Result<(), CatalogError> {
        self.make_owned();
        let mut sources = self.inner.sources.clone();
        for s in platform.cited() {
            inner::register(&mut sources, s)?;
        }
        let keys = self.inner.check_names(&platform)?;
        self.inner.check_relations(&platform, Some(&platform))?;
        if platform.parent.as_ref() == Some(&platform.id) {
            return Err(CatalogError::ParentCycle {
                platform: platform.id.clone(),
                cycle: vec![platform.id.clone(), platform.id.clone()],
            });
        }
        let inner = Arc::make_mut(&mut self.inner);
        inner.sources = sources;
        inner.push(platform, keys);
        Ok(())
    }

    /// Adds a keyword rule. On error the catalog is unchanged.
    ///
    /// # Errors
    ///
    /// [`CatalogError::DuplicateRule`] when a rule has the same phrase,
    /// [`CatalogError::DuplicateSource`] when its source differs from the one of that key.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use materiel::catalog::{CatalogSource, Category, KeywordRule};
    /// use materiel::Catalog;
    /// let mut c = Catalog::new();
    /// let src = Arc::new(CatalogSource::new("my-notes", "My notes")?);
    /// c.add_rule(KeywordRule::new("gun truck", Category::Vehicle, src).ok_or("a phrase")?)?;
    /// assert_eq!(c.classify("Unknown gun truck"), Some(Category::Vehicle));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_rule(&mut self, rule: KeywordRule) -> Result<(), CatalogError> {
        self.make_owned();
        let mut check = Inner {
            rules: self.inner.rules.clone(),
            sources: self.inner.sources.clone(),
            ..Inner::default()
        };
        check.add_rule(rule.clone())?;
        Arc::make_mut(&mut self.inner).add_rule(rule)
    }

    /// The platform with this id.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// assert_eq!(c.get(&"9m317".parse()?).map(|p| p.designation()), Some("9M317"));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn get(&self, id: &PlatformId) -> Option<&Platform> {
        self.index_of(id).map(|i| self.platform_at(i))
    }

    /// The platform one of whose names (id, designation, any name by source) has the same
    /// key as `name` ([`normalize_name`]: case, spaces, hyphens, dots, quotes and a leading
    /// heading count do not matter). A family name gives the family node, never a variant.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// assert_eq!(c.resolve("Su-30MK").map(|p| p.id().as_str()), Some("su-30mk"));
    /// assert_eq!(c.resolve("Su-30MKV").map(|p| p.id().as_str()), Some("su-30mk2"));
    /// assert_eq!(c.resolve("Challenger 2"), c.resolve("Challenger-2"));
    /// assert!(c.resolve("Flying saucer").is_none());
    /// ```
    pub fn resolve(&self, name: &str) -> Option<&Platform> {
        let key = normalize_name(name);
        let i = match &self.bundled {
            Some(b) => b.index_of_key(&key),
            None => self.inner.by_key.get(&key).copied(),
        };
        i.map(|i| self.platform_at(i))
    }

    /// The category of `name`: its platform's, when [`resolve`](Self::resolve) finds one;
    /// otherwise the category of the keyword rule that matches it (a rule's phrase occurring
    /// as whole words in the name's keyword form: lowercase, separators as single spaces, a
    /// leading count dropped), the longest phrase winning (ties, which need two phrases of
    /// one length, go to the phrase first in alphabetical order, so file order never
    /// matters); `None` when no rule matches.
    ///
    /// ```
    /// use materiel::catalog::Category;
    /// let c = materiel::Catalog::reference();
    /// assert_eq!(c.classify("Unknown tank"), Some(Category::Tank));
    /// assert_eq!(c.classify("5 'Orlan-20' reconnaissance UAV"), Some(Category::ReconnaissanceUav));
    /// assert_eq!(c.classify("Leopard 2A6"), Some(Category::Tank)); // a platform
    /// assert_eq!(c.classify("Flying saucer"), None);
    /// ```
    pub fn classify(&self, name: &str) -> Option<Category> {
        if let Some(p) = self.resolve(name) {
            return Some(p.category);
        }
        self.rule_for(name).map(KeywordRule::category)
    }

    /// The keyword rule that gives `name` its category when no platform has that name (see
    /// [`classify`](Self::classify)).
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// // Both `howitzer` and `self propelled howitzer` match: the longer phrase wins.
    /// let rule = c.rule_for("2S1 self-propelled howitzer").ok_or("a rule")?;
    /// assert_eq!(rule.phrase(), "self propelled howitzer");
    /// # Ok::<(), &str>(())
    /// ```
    pub fn rule_for(&self, name: &str) -> Option<&KeywordRule> {
        let form = names::keyword_form(name);
        self.rule_slice()
            .iter()
            .filter(|r| r.matches(&form))
            .min_by(|a, b| {
                b.form()
                    .len()
                    .cmp(&a.form().len())
                    .then_with(|| a.form().cmp(b.form()))
            })
    }

    /// The keyword rules, in file order.
    ///
    /// ```
    /// assert!(materiel::Catalog::reference().rules().count() > 50);
    /// ```
    pub fn rules(&self) -> impl Iterator<Item = &KeywordRule> {
        self.rule_slice().iter()
    }

    /// Every source the catalog declares or cites, by key.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// assert!(c.sources().any(|s| s.key() == "sipri-at"));
    /// ```
    pub fn sources(&self) -> impl Iterator<Item = &Arc<CatalogSource>> {
        let (bundled, owned) = match &self.bundled {
            Some(b) => (Some(b.sources()), None),
            None => (None, Some(self.inner.sources.values())),
        };
        bundled
            .into_iter()
            .flatten()
            .chain(owned.into_iter().flatten())
    }

    /// The source with this key.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// assert!(c.source("oryx").is_some_and(|s| s.title().contains("Oryx")));
    /// ```
    pub fn source(&self, key: &str) -> Option<&Arc<CatalogSource>> {
        match &self.bundled {
            Some(b) => b.source(key),
            None => self.inner.sources.get(key),
        }
    }

    /// True when a platform has this id.
    ///
    /// ```
    /// use materiel::Catalog;
    /// let catalog = Catalog::reference();
    /// assert!(catalog.contains(&"il-76td".parse()?));
    /// assert!(!catalog.contains(&"no-such-platform".parse()?));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn contains(&self, id: &PlatformId) -> bool {
        self.index_of(id).is_some()
    }

    /// All platforms in order.
    ///
    /// ```
    /// use materiel::{Catalog, PlatformKind};
    /// let catalog = Catalog::reference();
    /// assert!(catalog.iter().any(|p| p.kind() == PlatformKind::Ship));
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &Platform> {
        (0..self.len()).map(|i| self.platform_at(i))
    }

    /// The platforms of `category`, in order.
    ///
    /// ```
    /// use materiel::catalog::Category;
    /// let c = materiel::Catalog::reference();
    /// assert!(c.in_category(Category::Tank).any(|p| p.id().as_str() == "t-64"));
    /// ```
    pub fn in_category(&self, category: Category) -> impl Iterator<Item = &Platform> {
        self.iter().filter(move |p| p.category == category)
    }

    /// The number of platforms.
    ///
    /// ```
    /// use materiel::Catalog;
    /// assert_eq!(Catalog::new().len(), 0);
    /// assert_eq!(Catalog::reference().len(), Catalog::reference().iter().count());
    /// ```
    pub fn len(&self) -> usize {
        match &self.bundled {
            Some(b) => b.len(),
            None => self.inner.platforms.len(),
        }
    }

    /// True when the catalog has no platform.
    ///
    /// ```
    /// assert!(materiel::Catalog::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The family node `id` is a variant of.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// assert_eq!(c.parent(&"il-76td".parse()?).map(|p| p.designation()), Some("Il-76"));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn parent(&self, id: &PlatformId) -> Option<&Platform> {
        self.get(id)?.parent.as_ref().and_then(|p| self.get(p))
    }

    /// The direct variants of `family` (platforms whose [`Platform::parent`] it is), in order.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// let ids: Vec<_> = c.children(&"su-30mk".parse()?).map(|p| p.id().as_str()).collect();
    /// assert!(ids.contains(&"su-30mk2"));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn children<'a>(
        &'a self,
        family: &PlatformId,
    ) -> impl Iterator<Item = &'a Platform> + use<'a> {
        let kids = self
            .index_of(family)
            .map_or(&[][..], |i| self.children_at(i));
        kids.iter().map(|&c| self.platform_at(c))
    }

    /// The family nodes above `id`: its parent, the parent's parent, and so on to the root.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// let up: Vec<_> = c.ancestors(&"su-30mk2".parse()?).map(|p| p.id().as_str()).collect();
    /// assert_eq!(up.first(), Some(&"su-30mk"));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn ancestors<'a>(
        &'a self,
        id: &PlatformId,
    ) -> impl Iterator<Item = &'a Platform> + use<'a> {
        // Parents never form a cycle (checked on every change), so this ends.
        std::iter::successors(self.parent(id), move |p| {
            p.parent.as_ref().and_then(|q| self.get(q))
        })
    }

    /// The top of `id`'s family: its farthest ancestor, or the platform itself when it has no
    /// parent; `None` when no platform has this id.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// let root = c.family_root(&"il-76td".parse()?).ok_or("known")?;
    /// assert_eq!(root.id().as_str(), "il-76");
    /// assert_eq!(c.family_root(&"il-76".parse()?).map(|p| p.id().as_str()), Some("il-76"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn family_root(&self, id: &PlatformId) -> Option<&Platform> {
        let p = self.get(id)?;
        Some(self.ancestors(id).last().unwrap_or(p))
    }

    /// Every platform below `family`, at any depth, each once (depth first, in order).
    /// `family`'s own lot plus its descendants' is the family's roll-up, without double
    /// counting.
    ///
    /// ```
    /// let c = materiel::Catalog::reference();
    /// let t64 = "t-64".parse()?;
    /// assert!(c.descendants(&t64).count() >= c.children(&t64).count());
    /// assert!(c.descendants(&t64).all(|p| c.ancestors(p.id()).any(|a| a.id() == &t64)));
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn descendants<'a>(
        &'a self,
        family: &PlatformId,
    ) -> impl Iterator<Item = &'a Platform> + use<'a> {
        let mut stack: Vec<usize> = self
            .index_of(family)
            .map(|i| self.children_at(i).iter().rev().copied().collect())
            .unwrap_or_default();
        std::iter::from_fn(move || {
            let i = stack.pop()?;
            stack.extend(self.children_at(i).iter().rev().copied());
            Some(self.platform_at(i))
        })
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
}

impl<'a> IntoIterator for &'a Catalog {
    type Item = &'a Platform;
    type IntoIter = std::slice::Iter<'a, Platform>;
    fn into_iter(self) -> Self::IntoIter {
        match &self.bundled {
            Some(b) => b.all().iter(),
            None => self.inner.platforms.iter(),
        }
    }
}
