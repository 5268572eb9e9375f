//! The typed platform catalog. (Skeleton: the catalog issue completes this module.)

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use crate::error::ParseError;
use crate::units::Mass;

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
pub struct PlatformId(Box<str>);

impl PlatformId {
    /// The id text.
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
        p.0.into()
    }
}

impl fmt::Display for PlatformId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of a platform.
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
pub enum PlatformKind {
    /// Combat aircraft.
    Aircraft,
    /// Surface-to-air missile system.
    SamSystem,
    /// Missile.
    Missile,
    /// Transport aircraft.
    Transport,
    /// Equipment known only by category.
    Generic,
}

/// Transport figures.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TransportSpec {
    max_payload: Option<Mass>,
}

impl TransportSpec {
    /// Maximum payload.
    pub fn max_payload(&self) -> Option<Mass> {
        self.max_payload
    }
}

/// Kind-specific figures.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Spec {
    /// A transport.
    Transport(TransportSpec),
    /// Other.
    Generic,
}

/// A platform model.
#[derive(Clone, Debug, PartialEq)]
pub struct Platform {
    id: PlatformId,
    designation: String,
    kind: PlatformKind,
    family: Option<PlatformId>,
    aliases: Vec<String>,
    spec: Spec,
}

impl Platform {
    /// The id.
    pub fn id(&self) -> &PlatformId {
        &self.id
    }
    /// The designation.
    pub fn designation(&self) -> &str {
        &self.designation
    }
    /// The kind.
    pub fn kind(&self) -> PlatformKind {
        self.kind
    }
    /// The family this platform is a variant of.
    pub fn family(&self) -> Option<&PlatformId> {
        self.family.as_ref()
    }
    /// The figures.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }
}

/// A registry of platforms.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    platforms: Vec<Platform>,
    by_name: HashMap<String, usize>,
}

impl Catalog {
    /// An empty catalog.
    pub fn new() -> Self {
        Self::default()
    }
    /// The reference catalog.
    pub fn reference() -> Self {
        let mut c = Self::new();
        for (id, designation, kind, family, aliases) in [
            (
                "su-30mk",
                "Su-30MK",
                PlatformKind::Aircraft,
                None,
                vec!["Su-30MK"],
            ),
            (
                "su-30mk2",
                "Su-30MK2",
                PlatformKind::Aircraft,
                Some("su-30mk"),
                vec![],
            ),
            (
                "kh-31a",
                "Kh-31A",
                PlatformKind::Missile,
                None,
                vec!["Kh-31A1"],
            ),
            (
                "s-300vm",
                "S-300VM",
                PlatformKind::SamSystem,
                None,
                vec!["S-300VM/SA-23 SAMS"],
            ),
            ("9m82m", "9M82M", PlatformKind::Missile, None, vec![]),
            ("9m83m", "9M83M", PlatformKind::Missile, None, vec![]),
            ("buk-m2", "Buk-M2", PlatformKind::SamSystem, None, vec![]),
            ("9m317", "9M317", PlatformKind::Missile, None, vec![]),
            ("igla-s", "Igla-S", PlatformKind::Missile, None, vec![]),
            ("il-76", "Il-76", PlatformKind::Transport, None, vec![]),
            (
                "il-76td",
                "Il-76TD",
                PlatformKind::Transport,
                Some("il-76"),
                vec![],
            ),
        ] {
            let spec = if id == "il-76td" {
                Spec::Transport(TransportSpec {
                    max_payload: Some(Mass::new::<uom::si::mass::ton>(50.0)),
                })
            } else {
                Spec::Generic
            };
            let p = Platform {
                id: PlatformId(id.into()),
                designation: designation.into(),
                kind,
                family: family.map(|f: &str| PlatformId(f.into())),
                aliases: aliases.into_iter().map(String::from).collect(),
                spec,
            };
            let i = c.platforms.len();
            c.by_name.insert(p.id.as_str().to_owned(), i);
            c.by_name.insert(p.designation.to_lowercase(), i);
            for a in &p.aliases {
                c.by_name.insert(a.to_lowercase(), i);
            }
            c.platforms.push(p);
        }
        c
    }
    /// Looks up by id.
    pub fn get(&self, id: &PlatformId) -> Option<&Platform> {
        self.by_name
            .get(id.as_str())
            .map(|&i| &self.platforms[i])
            .filter(|p| &p.id == id)
    }
    /// Looks up by id, designation or alias, case-insensitive.
    pub fn resolve(&self, name: &str) -> Option<&Platform> {
        self.by_name
            .get(&name.to_lowercase())
            .map(|&i| &self.platforms[i])
    }
    /// All platforms in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Platform> {
        self.platforms.iter()
    }
}
