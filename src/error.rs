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
