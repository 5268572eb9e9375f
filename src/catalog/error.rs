//! [`CatalogError`]: a platform or catalog that failed validation.

use crate::units::QuantityError;

use super::{PlatformId, PlatformKind};

/// A platform or catalog that failed validation (see [`Catalog`](super::Catalog) and
/// [`PlatformBuilder::build`](super::PlatformBuilder::build)).
///
/// Every variant names the platform and, where it applies, the field (as written in JSON, such
/// as `max_speed` or `engagement_range`) and the offending value. Quantities are quoted as text
/// in their SI unit (`"-3 m"`, `"NaN kg"`).
///
/// # Example
///
/// ```
/// use materiel::catalog::{Catalog, CatalogError};
///
/// let json = r#"{"platforms": [{"id": "x", "designation": "X",
///     "spec": {"kind": "missile", "role": "anti_ship", "max_speed": "NaN m/s"}}]}"#;
/// let err = Catalog::from_json(json).unwrap_err();
/// assert!(matches!(err, CatalogError::Quantity { field: "max_speed", .. }));
/// assert_eq!(err.to_string(), "platform `x`: max_speed: quantity \"NaN m/s\" is not finite");
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// A quantity that is negative, NaN or infinite.
    #[error("platform `{platform}`: {field} is {value}, expected a finite non-negative value")]
    InvalidValue {
        /// The platform.
        platform: PlatformId,
        /// The field.
        field: &'static str,
        /// The value, as text in the SI unit.
        value: String,
    },
    /// An envelope whose minimum exceeds its maximum.
    #[error("platform `{platform}`: {field} minimum {min} exceeds maximum {max}")]
    MinAboveMax {
        /// The platform.
        platform: PlatformId,
        /// The field.
        field: &'static str,
        /// The minimum, as text in the SI unit.
        min: String,
        /// The maximum, as text in the SI unit.
        max: String,
    },
    /// Quantity text in JSON that could not be read (bad number, unit or dimension).
    #[error("platform `{platform}`: {field}: {source}")]
    Quantity {
        /// The platform.
        platform: PlatformId,
        /// The field.
        field: &'static str,
        /// What was wrong with the text (it quotes the text).
        source: QuantityError,
    },
    /// A designation, alias or other text field that is empty or blank.
    #[error("platform `{platform}`: {field} is empty")]
    EmptyText {
        /// The platform.
        platform: PlatformId,
        /// The field.
        field: &'static str,
    },
    /// A family platform that itself names a family (families have one level).
    #[error("platform `{platform}` is a family and cannot be a variant of `{family}`")]
    NestedFamily {
        /// The platform.
        platform: PlatformId,
        /// The family it named.
        family: PlatformId,
    },
    /// A relation (`family` or `munitions`) to an id that is not in the catalog.
    #[error("platform `{platform}`: {relation} `{target}` is not in the catalog")]
    UnknownRelation {
        /// The platform.
        platform: PlatformId,
        /// The relation: `family` or `munitions`.
        relation: &'static str,
        /// The id it names.
        target: PlatformId,
    },
    /// A `family` relation to a platform that is not marked as a family.
    #[error("platform `{platform}`: family `{family}` is not marked as a family")]
    NotAFamily {
        /// The platform.
        platform: PlatformId,
        /// The platform named as its family.
        family: PlatformId,
    },
    /// A relation to a platform of the wrong kind (a family of another kind, a munition that
    /// is not a missile).
    #[error("platform `{platform}`: {relation} `{target}` is a {found}, expected a {expected}")]
    RelationKind {
        /// The platform.
        platform: PlatformId,
        /// The relation: `family` or `munitions`.
        relation: &'static str,
        /// The id it names.
        target: PlatformId,
        /// The kind the relation needs.
        expected: PlatformKind,
        /// The kind of the target.
        found: PlatformKind,
    },
    /// Two platforms with the same id.
    #[error("duplicate platform id `{id}`")]
    DuplicateId {
        /// The id.
        id: PlatformId,
    },
    /// A designation or alias that already names another platform (compared
    /// case-insensitively with ids, designations and aliases).
    #[error("platform `{platform}`: name {name:?} already names platform `{existing}`")]
    DuplicateName {
        /// The platform being added.
        platform: PlatformId,
        /// The colliding name, as written on the platform being added.
        name: String,
        /// The platform that already has that name.
        existing: PlatformId,
    },
    /// Catalog JSON that is malformed or has the wrong shape (unknown field, missing field,
    /// bad id).
    #[error("invalid catalog JSON at line {line}, column {column}: {message}")]
    Json {
        /// The parser's message.
        message: String,
        /// The line (1-based; 0 when unknown).
        line: usize,
        /// The column (1-based; 0 when unknown).
        column: usize,
    },
}

impl CatalogError {
    pub(crate) fn json(e: &serde_json::Error) -> Self {
        CatalogError::Json {
            message: strip_position(e.to_string()),
            line: e.line(),
            column: e.column(),
        }
    }
}

/// serde_json ends its messages with ` at line L column C`; the error gives the position in
/// its own fields, so the text drops serde's copy.
fn strip_position(mut message: String) -> String {
    if let Some(at) = message.rfind(" at line ") {
        let tail = &message[at + " at line ".len()..];
        let looks_like_position = tail
            .split(" column ")
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            && tail.contains(" column ");
        if looks_like_position {
            message.truncate(at);
        }
    }
    message
}
