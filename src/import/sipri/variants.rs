//! [`VariantRule`]: which catalog platform a SIPRI deal's units are, where its designation
//! names a family (or nothing the catalog knows).

use std::fmt;

use crate::catalog::PlatformId;
use crate::error::ParseError;
use crate::holder::HolderId;

use super::VARIANT_RULES;

/// A rule that records a SIPRI deal as a given catalog platform instead of the one its
/// designation resolves to: SIPRI often names a family (`Su-30MK`) where each recipient
/// received one variant.
///
/// * [`VariantRule::deal`]: every entry of one deal (`SIPRI AT Database ID`), whatever its
///   designation resolved to (a family, another platform, or nothing: a generic platform).
/// * [`VariantRule::recipient`]: every deal of one recipient whose designation resolved to
///   catalog platform `family` (a family such as `su-30mk`).
///
/// Rules are given with [`Options::variant_rule`](super::Options::variant_rule), after
/// which the [defaults](default_variant_rules) apply (unless
/// [`Options::no_default_variant_rules`](super::Options::no_default_variant_rules)). For
/// each deal the first rule that matches wins, deal rules before recipient rules, the
/// user's before the defaults'. A rule whose target the ledger's catalog does not hold is
/// **skipped** (as if absent: the next matching rule, or the resolved platform, applies), so
/// the defaults work with any catalog; [`Report::variant_rows`](super::Report::variant_rows)
/// counts the rows a rule moved.
///
/// # Example
///
/// ```
/// use materiel::import::sipri::{Options, VariantRule};
///
/// // China's Su-30 deals are MKK, but deal 33014 is MK2.
/// let options = Options::new()
///     .variant_rule(VariantRule::deal(33014, "su-30mk2")?)
///     .variant_rule(VariantRule::recipient("CHN", "su-30mk", "su-30mkk")?);
/// assert_eq!(VariantRule::deal(33014, "su-30mk2")?.to_string(), "deal 33014 -> su-30mk2");
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VariantRule {
    /// Every entry of deal `deal` is `platform`.
    Deal {
        /// The `SIPRI AT Database ID`.
        deal: u32,
        /// The catalog platform to record.
        platform: PlatformId,
    },
    /// Deals of `recipient` whose designation resolved to `family` are `platform`.
    Recipient {
        /// The recipient.
        recipient: HolderId,
        /// The catalog platform the designation resolves to (usually a family).
        family: PlatformId,
        /// The catalog platform to record.
        platform: PlatformId,
    },
}

impl VariantRule {
    /// Deal `deal` is `platform`.
    ///
    /// # Errors
    ///
    /// [`ParseError`] when `platform` is not a platform id.
    pub fn deal(deal: u32, platform: &str) -> Result<Self, ParseError> {
        Ok(Self::Deal {
            deal,
            platform: platform.parse()?,
        })
    }

    /// `recipient`'s deals resolving to `family` are `platform`.
    ///
    /// # Errors
    ///
    /// [`ParseError`] when `recipient` is not a holder id or `family` or `platform` not a
    /// platform id.
    pub fn recipient(recipient: &str, family: &str, platform: &str) -> Result<Self, ParseError> {
        Ok(Self::Recipient {
            recipient: recipient.parse()?,
            family: family.parse()?,
            platform: platform.parse()?,
        })
    }

    /// The platform the rule records.
    pub fn platform(&self) -> &PlatformId {
        match self {
            Self::Deal { platform, .. } | Self::Recipient { platform, .. } => platform,
        }
    }
}

impl fmt::Display for VariantRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Deal { deal, platform } => write!(f, "deal {deal} -> {platform}"),
            Self::Recipient {
                recipient,
                family,
                platform,
            } => write!(f, "{recipient} {family} -> {platform}"),
        }
    }
}

/// The rules applied after the user's, with their sources: [`VARIANT_RULES`] as
/// [`VariantRule::Recipient`] rules.
///
/// * `VEN su-30mk -> su-30mk2`: Venezuela's 24 Su-30 (deal 33019, ordered 2006) are
///   Su-30MK2 (the reference catalog's platform notes; Flightglobal and AIN delivery
///   reports).
/// * `IND su-30mk -> su-30mki`: India's 272 Su-30 are Su-30MKI (the pages cited at
///   [`VARIANT_RULES`]).
///
/// ```
/// let rules = materiel::import::sipri::default_variant_rules();
/// assert_eq!(rules[0].to_string(), "VEN su-30mk -> su-30mk2");
/// assert_eq!(rules[1].to_string(), "IND su-30mk -> su-30mki");
/// ```
pub fn default_variant_rules() -> Vec<VariantRule> {
    VARIANT_RULES
        .iter()
        .filter_map(|(r, f, v)| VariantRule::recipient(r, f, v).ok())
        .collect()
}
