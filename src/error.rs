//! [`ParseError`]: text that is not a valid holder, grade, date, platform id or name.
//!
//! This module sits below every other one and imports nothing from them; each other error
//! type lives with its module ([`QuantityError`](crate::units::QuantityError),
//! [`CatalogError`](crate::catalog::CatalogError), [`LedgerError`](crate::ledger::LedgerError),
//! [`JournalError`](crate::journal::JournalError),
//! [`SnapshotError`](crate::journal::SnapshotError),
//! [`sipri::Error`](crate::import::sipri::Error)). Every error says what was wrong and
//! where: the offending text or value, the field, the platform, the entry, the line. Errors
//! are plain data (`Clone`, `PartialEq`) so callers and tests can match on them; their
//! `Display` text is one lowercase sentence without a trailing period, in the style of the
//! standard library.

/// Text or a value that is not a valid identifier, grade, date, name, count or citation.
///
/// The constructors of the ledger's value types ([`Count`](crate::ledger::Count),
/// [`Source`](crate::provenance::Source), [`GenericPlatform`](crate::ledger::GenericPlatform), ...) and their JSON
/// forms return it, so a value that exists is valid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// Not a holder id (see [`HolderId`](crate::holder::HolderId)).
    #[error("invalid holder {text:?}: {reason}")]
    Holder {
        /// The text given.
        text: String,
        /// What a valid one looks like.
        reason: &'static str,
    },
    /// Not an Admiralty grade (see [`Grade`](crate::provenance::Grade)).
    #[error("invalid Admiralty grade {text:?}: {reason}")]
    Grade {
        /// The text given.
        text: String,
        /// What a valid one looks like.
        reason: &'static str,
    },
    /// Not an effective date (see [`EffectiveDate`](crate::ledger::EffectiveDate)).
    #[error("invalid effective date {text:?}: {reason}")]
    Date {
        /// The text given.
        text: String,
        /// What was wrong.
        reason: String,
    },
    /// Not a platform id (see [`PlatformId`](crate::catalog::PlatformId)).
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
    /// A count above [`MAX_COUNT`](crate::ledger::MAX_COUNT) (see [`Count`](crate::ledger::Count)).
    #[error("count {value} exceeds the maximum {max}")]
    CountTooLarge {
        /// The value given.
        value: u64,
        /// The maximum, [`MAX_COUNT`](crate::ledger::MAX_COUNT).
        max: u64,
    },
    /// Not a decimal number of this kind (see [`Tiv`](crate::import::sipri::Tiv)).
    #[error("invalid {what} {text:?}: {reason}")]
    Number {
        /// What kind of number was expected, such as `TIV`.
        what: &'static str,
        /// The text given.
        text: String,
        /// What was wrong.
        reason: &'static str,
    },
    /// Text that must say something (a source's citation, a generic platform's designation)
    /// is empty or only white space.
    #[error("{field} is empty")]
    EmptyText {
        /// The field, as written in JSON: `citation` or `designation`.
        field: &'static str,
    },
}

impl ParseError {
    /// A [`ParseError::Name`]: `text` is not a name of the enumeration `what`.
    pub(crate) fn name(what: &'static str, text: &str) -> Self {
        ParseError::Name {
            what,
            text: text.to_owned(),
        }
    }
}

/// The errors of the `FromStr` impls that strum's `EnumString` derives (through its
/// `parse_err_fn` attribute), so that they return a [`ParseError::Name`] quoting the text
/// rather than strum's own error, which does not.
pub(crate) mod unknown {
    use super::ParseError;

    macro_rules! unknown_name {
        ($($(#[$meta:meta])* $fn:ident => $what:literal;)+) => {$(
            $(#[$meta])*
            pub(crate) fn $fn(text: &str) -> ParseError {
                ParseError::name($what, text)
            }
        )+};
    }

    unknown_name! {
        /// Not a [`Dimension`](crate::units::Dimension).
        dimension => "dimension";
        /// Not a [`LengthUnit`](crate::units::LengthUnit).
        length_unit => "length unit";
        /// Not a [`MassUnit`](crate::units::MassUnit).
        mass_unit => "mass unit";
        /// Not a [`VelocityUnit`](crate::units::VelocityUnit).
        velocity_unit => "velocity unit";
        /// Not a [`TimeUnit`](crate::units::TimeUnit).
        time_unit => "time unit";
        /// Not a [`PowerUnit`](crate::units::PowerUnit).
        power_unit => "power unit";
        /// Not a [`Reliability`](crate::provenance::Reliability).
        reliability => "reliability";
        /// Not a [`Credibility`](crate::provenance::Credibility).
        credibility => "credibility";
        /// Not a [`PlatformKind`](crate::catalog::PlatformKind).
        platform_kind => "platform kind";
        /// Not a [`HolderKind`](crate::holder::HolderKind).
        holder_kind => "holder kind";
        /// Not a [`MissileRole`](crate::catalog::MissileRole).
        missile_role => "missile role";
        /// Not a [`Guidance`](crate::catalog::Guidance).
        guidance => "guidance";
        /// Not a [`Category`](crate::catalog::Category).
        category => "category";
        /// Not a [`NameSource`](crate::catalog::NameSource).
        name_source => "name source";
        /// Not a [`Qualifier`](crate::catalog::Qualifier).
        qualifier => "qualifier";
        /// Not a [`Status`](crate::ledger::Status).
        status => "status";
        /// Not a [`Basis`](crate::ledger::Basis).
        basis => "count basis";
        /// Not a [`Condition`](crate::ledger::Condition).
        condition => "condition";
        /// Not a [`RequestKind`](crate::ledger::RequestKind).
        request_kind => "request kind";
        /// Not a [`Precision`](crate::ledger::Precision).
        precision => "precision";
    }
}
