//! Public error types.
//!
//! Every error says what was wrong and where: the offending text or value, the field, the
//! platform, the entry, the line. Errors are plain data (`Clone`, `PartialEq`) so callers and
//! tests can match on them; their `Display` text is one lowercase sentence without a trailing
//! period, in the style of the standard library.

use crate::catalog::{PlatformId, PlatformKind};
use crate::units::Dimension;

/// Quantity text that could not be read (see [`parse_quantity`](crate::parse_quantity)).
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

/// Text or a value that is not a valid identifier, grade, date, name, count or citation.
///
/// The constructors of the ledger's value types ([`Count`](crate::Count),
/// [`Source`](crate::Source), [`GenericPlatform`](crate::GenericPlatform), ...) and their JSON
/// forms return it, so a value that exists is valid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// Not a holder id (see [`HolderId`](crate::HolderId)).
    #[error("invalid holder {text:?}: {reason}")]
    Holder {
        /// The text given.
        text: String,
        /// What a valid one looks like.
        reason: &'static str,
    },
    /// Not an Admiralty grade (see [`Grade`](crate::Grade)).
    #[error("invalid Admiralty grade {text:?}: {reason}")]
    Grade {
        /// The text given.
        text: String,
        /// What a valid one looks like.
        reason: &'static str,
    },
    /// Not an effective date (see [`EffectiveDate`](crate::EffectiveDate)).
    #[error("invalid effective date {text:?}: {reason}")]
    Date {
        /// The text given.
        text: String,
        /// What was wrong.
        reason: String,
    },
    /// Not a platform id (see [`PlatformId`](crate::PlatformId)).
    #[error("invalid platform id {text:?}: {reason}")]
    PlatformId {
        /// The text given.
        text: String,
        /// What a valid one looks like.
        reason: &'static str,
    },
    /// Not a name of this enumeration.
    #[error("unknown {what} {text:?}")]
    Name {
        /// What kind of name was expected, such as `status`.
        what: &'static str,
        /// The text given.
        text: String,
    },
    /// A count above [`MAX_COUNT`](crate::MAX_COUNT) (see [`Count`](crate::Count)).
    #[error("count {value} exceeds the maximum {max}", max = crate::MAX_COUNT)]
    CountTooLarge {
        /// The value given.
        value: u64,
    },
    /// Text that must say something (a source's citation, a generic platform's designation)
    /// is empty or only white space.
    #[error("{field} is empty")]
    EmptyText {
        /// The field, as written in JSON: `citation` or `designation`.
        field: &'static str,
    },
}

/// Why the ledger rejected an append or a retraction. A rejected operation leaves the ledger
/// exactly as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// The entry names a catalog platform the ledger's catalog does not hold.
    #[error("unknown platform `{platform}`: not in the ledger's catalog")]
    UnknownPlatform {
        /// The id given.
        platform: crate::PlatformId,
    },
    /// The entry would make a count negative at some valid date (possibly long after its own
    /// date, for a back-dated entry, or at the receiver of a retracted transfer).
    #[error("entry would make {status} {platform} of {holder} negative ({value}) from {date}")]
    NegativeCount {
        /// The holder whose count would go negative.
        holder: crate::HolderId,
        /// The platform.
        platform: crate::PlatformRef,
        /// The status whose count would go negative.
        status: crate::Status,
        /// The first effective date where it would.
        date: crate::EffectiveDate,
        /// The count it would reach there.
        value: i64,
    },
    /// Transaction time goes forwards: the entry was recorded before the latest entry.
    #[error("entry recorded at {recorded} is older than the latest entry, recorded at {latest}")]
    RecordedOutOfOrder {
        /// The entry's recorded time.
        recorded: jiff::Timestamp,
        /// The latest recorded time in the ledger.
        latest: jiff::Timestamp,
    },
    /// A retraction names an entry the ledger does not have.
    #[error("no entry {entry} to retract")]
    UnknownEntry {
        /// The id given.
        entry: crate::EntryId,
    },
    /// A retraction names an entry that is already retracted.
    #[error("entry {entry} is already retracted by {by}")]
    AlreadyRetracted {
        /// The id given.
        entry: crate::EntryId,
        /// The earlier retraction.
        by: crate::EntryId,
    },
    /// A retraction names a retraction: record the entry again instead.
    #[error(
        "entry {entry} is a retraction and cannot be retracted; append the entry again instead"
    )]
    RetractsRetraction {
        /// The id given.
        entry: crate::EntryId,
    },
    /// A retraction's holder or platform differs from the entry it retracts.
    #[error("retraction of {entry} must name its holder {holder} and platform {platform}")]
    RetractionMismatch {
        /// The id given.
        entry: crate::EntryId,
        /// The retracted entry's holder.
        holder: crate::HolderId,
        /// The retracted entry's platform.
        platform: crate::PlatformRef,
    },
    /// The change itself is malformed (a zero count, a status change to the same status, a
    /// transfer to oneself, a status listed twice in an assessment, a count too large: a
    /// total the ledger added up, put back in an entry; see [`Count`](crate::Count)).
    #[error("invalid {change} entry: {reason}")]
    InvalidChange {
        /// The change's kind name.
        change: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The ledger holds the most entries it can (2^32 - 1).
    #[error("the ledger is full ({entries} entries)")]
    Full {
        /// The number of entries.
        entries: u64,
    },
}

/// A platform or catalog that failed validation (see [`Catalog`](crate::Catalog) and
/// [`PlatformBuilder::build`](crate::PlatformBuilder::build)).
///
/// Every variant names the platform and, where it applies, the field (as written in JSON, such
/// as `max_speed` or `engagement_range`) and the offending value. Quantities are quoted as text
/// in their SI unit (`"-3 m"`, `"NaN kg"`).
///
/// # Example
///
/// ```
/// use materiel::{Catalog, CatalogError};
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
            message: e.to_string(),
            line: e.line(),
            column: e.column(),
        }
    }
}
