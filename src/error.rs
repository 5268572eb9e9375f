//! [`ParseError`]: text that is not a valid holder, grade, date, platform id or name.
//!
//! This module sits below every other one and imports nothing from them; each other error
//! type lives with its module ([`QuantityError`](crate::units::QuantityError),
//! [`CatalogError`](crate::catalog::CatalogError), [`LedgerError`](crate::ledger::LedgerError),
//! [`JournalError`](crate::journal::JournalError),
//! [`SipriError`](crate::import::sipri::SipriError)). Every error says what was wrong and
//! where: the offending text or value, the field, the platform, the entry, the line. Errors
//! are plain data (`Clone`, `PartialEq`) so callers and tests can match on them; their
//! `Display` text is one lowercase sentence without a trailing period, in the style of the
//! standard library.

/// Text that is not a valid identifier, grade, date or name.
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
}
