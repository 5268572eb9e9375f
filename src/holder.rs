//! Who holds equipment: states and organisations, named by a [`HolderId`].

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::error::ParseError;

/// The holder of equipment (or a party to a transfer): a state by its ISO 3166-1 alpha-3 code
/// (`VEN`, `RUS`, `IRN`) or an organisation by a lowercase slug (`aviacon-zitotrans`, `rostec`,
/// `african-union`).
///
/// The two forms cannot collide: codes are three uppercase ASCII letters, slugs are lowercase
/// ASCII letters, digits and single hyphens. Holders serialize as that text.
///
/// # Example
///
/// ```
/// use materiel::HolderId;
///
/// let ven: HolderId = "VEN".parse()?;
/// assert!(ven.is_state());
/// let carrier = HolderId::organisation("aviacon-zitotrans")?;
/// assert!(!carrier.is_state());
/// assert_eq!(carrier.to_string(), "aviacon-zitotrans");
/// assert!("Venezuela".parse::<HolderId>().is_err());
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct HolderId(Arc<str>);

impl HolderId {
    /// A state, by its ISO 3166-1 alpha-3 code (three uppercase ASCII letters).
    ///
    /// # Errors
    ///
    /// [`ParseError::Holder`] when `code` is not three uppercase ASCII letters.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(materiel::HolderId::state("RUS")?.as_str(), "RUS");
    /// assert!(materiel::HolderId::state("ru").is_err());
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn state(code: &str) -> Result<Self, ParseError> {
        if is_alpha3(code) {
            Ok(Self(code.into()))
        } else {
            Err(ParseError::Holder {
                text: code.to_owned(),
                reason: "a state is an ISO 3166-1 alpha-3 code: three uppercase letters",
            })
        }
    }

    /// An organisation, by a slug of lowercase ASCII letters, digits and single inner hyphens.
    ///
    /// # Errors
    ///
    /// [`ParseError::Holder`] when `slug` is not such a slug.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(materiel::HolderId::organisation("african-union").is_ok());
    /// assert!(materiel::HolderId::organisation("African Union**").is_err());
    /// ```
    pub fn organisation(slug: &str) -> Result<Self, ParseError> {
        if is_slug(slug) {
            Ok(Self(slug.into()))
        } else {
            Err(ParseError::Holder {
                text: slug.to_owned(),
                reason: "an organisation is a slug: lowercase letters, digits and inner hyphens",
            })
        }
    }

    /// True for a state (ISO alpha-3 code), false for an organisation.
    ///
    /// ```
    /// assert!(materiel::HolderId::state("IRN")?.is_state());
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn is_state(&self) -> bool {
        is_alpha3(&self.0)
    }

    /// The code or slug.
    ///
    /// ```
    /// assert_eq!(materiel::HolderId::state("VEN")?.as_str(), "VEN");
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl HolderId {
    /// A state from a code known to be valid (crate data such as `Change::examples`).
    pub(crate) fn known_state(code: &'static str) -> Self {
        debug_assert!(is_alpha3(code), "{code} is not an alpha-3 code");
        Self(code.into())
    }
}

fn is_alpha3(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl FromStr for HolderId {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if is_alpha3(s) {
            Self::state(s)
        } else if is_slug(s) {
            Self::organisation(s)
        } else {
            Err(ParseError::Holder {
                text: s.to_owned(),
                reason: "expected an ISO 3166-1 alpha-3 code (`VEN`) or an organisation slug (`aviacon-zitotrans`)",
            })
        }
    }
}

impl TryFrom<String> for HolderId {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<HolderId> for String {
    fn from(h: HolderId) -> String {
        h.0.as_ref().to_owned()
    }
}

impl fmt::Display for HolderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for HolderId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// What kind of party a holder is, as a source says (SIPRI marks non-state recipients; a
/// [`HolderId`] alone only tells a state's ISO code from an organisation slug).
///
/// Kept in the facts an importer records ([`SipriDeal`](crate::import::sipri::SipriDeal)), not on
/// the holder id: the same slug stays the same holder across sources and editions.
///
/// Text form (`Display` and `FromStr`): `state`, `non_state_actor`,
/// `international_organisation`, `unknown`.
///
/// ```
/// use materiel::holder::HolderKind;
/// assert_eq!("non_state_actor".parse::<HolderKind>()?, HolderKind::NonStateActor);
/// assert_eq!(HolderKind::default(), HolderKind::Unknown);
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
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
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::holder_kind)]
pub enum HolderKind {
    /// A state.
    State,
    /// A non-state actor (SIPRI's `*`): an armed non-state group (`Houthi rebels (Yemen)*`),
    /// a sub-state government (`Kurdistan Regional Government (Iraq)*`) or a rival
    /// government not recognised as the state (`Libya HoR*`, and the unmarked `Libya GNC`).
    NonStateActor,
    /// An international organisation (SIPRI's `**`: `NATO**`, `United Nations**`).
    InternationalOrganisation,
    /// Not said (SIPRI's `unknown recipient(s)` and `unknown supplier(s)`).
    #[default]
    Unknown,
}
