//! Public error types.
//!
//! Every error says what was wrong and where: the offending text or value, the field, the
//! platform, the entry, the line. Errors are plain data (`Clone`, `PartialEq`) so callers and
//! tests can match on them; their `Display` text is one lowercase sentence without a trailing
//! period, in the style of the standard library.

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

/// Text that is not a valid identifier, grade, date or name.
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
    /// transfer to oneself, a status listed twice in an assessment, a count too large).
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
