//! The country table: party names and the holders they map to.
//!
//! [`PARTIES`] holds every party name the SIPRI Arms Transfers export uses (the SIPRI
//! importer matches it exactly, through [`party_index`]); [`COMMON_NAMES`] adds the common
//! English and official names other sources use, and former states; [`ORGANISATIONS`] the
//! organisations other sources name. [`holder`] resolves any of them, ISO 3166-1 alpha-3
//! codes and organisation slugs, for every importer.
//!
//! Every state the SIPRI Arms Transfers export names maps to its ISO 3166-1 alpha-3 code
//! (`Turkiye` -> `TUR`, `Viet Nam` -> `VNM`, `UAE` -> `ARE`, `eSwatini` -> `SWZ`). Kosovo,
//! which has no ISO code, maps to `XKX`, the user-assigned code the EU and the IMF use.
//!
//! SIPRI marks parties that are not states:
//!
//! * `**`: an international organisation (`African Union**`, `NATO**`, `United Nations**`);
//! * `*`: a non-state actor: armed groups (`Houthi rebels (Yemen)*`,
//!   `Hezbollah (Lebanon)*`), sub-state governments (`Kurdistan Regional Government (Iraq)*`)
//!   and rival governments not recognised as the state (`Libya HoR*`).
//!
//! Both map to organisation slugs (`african-union`, `houthis`, `libya-hor`), as does
//! `Libya GNC` (the Tripoli General National Congress, unmarked in the export but not the
//! state of Libya). `unknown recipient(s)` maps to the slug `unknown-recipients`, a bucket
//! holder that keeps the export's totals whole. `unknown supplier(s)` is not in this table:
//! the importer records it as no supplier. A few older SIPRI spellings (`Turkey`, `Vietnam`,
//! `Czech Republic`, `Swaziland`...) are accepted too.

use crate::holder::{HolderId, HolderKind};

/// What a SIPRI party name denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PartyKind {
    /// A state: the code is an ISO 3166-1 alpha-3 code.
    State,
    /// An organisation or non-state actor: the code is a slug.
    Organisation,
}

use PartyKind::{Organisation, State};

/// (SIPRI name, kind, code or slug), sorted by the name's bytes for binary search.
pub(crate) const PARTIES: &[(&str, PartyKind, &str)] = &[
    ("Afghanistan", State, "AFG"),
    ("African Union**", Organisation, "african-union"),
    ("Albania", State, "ALB"),
    ("Algeria", State, "DZA"),
    ("Angola", State, "AGO"),
    ("Antigua and Barbuda", State, "ATG"),
    ("Argentina", State, "ARG"),
    ("Armenia", State, "ARM"),
    ("Australia", State, "AUS"),
    ("Austria", State, "AUT"),
    ("Azerbaijan", State, "AZE"),
    ("Bahamas", State, "BHS"),
    ("Bahrain", State, "BHR"),
    ("Bangladesh", State, "BGD"),
    ("Barbados", State, "BRB"),
    ("Belarus", State, "BLR"),
    ("Belgium", State, "BEL"),
    ("Belize", State, "BLZ"),
    ("Benin", State, "BEN"),
    ("Bhutan", State, "BTN"),
    ("Bolivia", State, "BOL"),
    ("Bosnia and Herzegovina", State, "BIH"),
    ("Bosnia-Herzegovina", State, "BIH"),
    ("Botswana", State, "BWA"),
    ("Brazil", State, "BRA"),
    ("Brunei", State, "BRN"),
    ("Bulgaria", State, "BGR"),
    ("Burkina Faso", State, "BFA"),
    ("Burma", State, "MMR"),
    ("Burundi", State, "BDI"),
    ("Cabo Verde", State, "CPV"),
    ("Cambodia", State, "KHM"),
    ("Cameroon", State, "CMR"),
    ("Canada", State, "CAN"),
    ("Cape Verde", State, "CPV"),
    ("Central African Republic", State, "CAF"),
    ("Chad", State, "TCD"),
    ("Chile", State, "CHL"),
    ("China", State, "CHN"),
    ("Colombia", State, "COL"),
    ("Comoros", State, "COM"),
    ("Congo", State, "COG"),
    ("Congo, DR", State, "COD"),
    ("Costa Rica", State, "CRI"),
    ("Cote d'Ivoire", State, "CIV"),
    ("Croatia", State, "HRV"),
    ("Cuba", State, "CUB"),
    ("Cyprus", State, "CYP"),
    ("Czech Republic", State, "CZE"),
    ("Czechia", State, "CZE"),
    ("DR Congo", State, "COD"),
    ("Darfur rebels (Sudan)*", Organisation, "darfur-rebels"),
    ("Denmark", State, "DNK"),
    ("Djibouti", State, "DJI"),
    ("Dominican Republic", State, "DOM"),
    ("East Timor", State, "TLS"),
    ("Ecuador", State, "ECU"),
    ("Egypt", State, "EGY"),
    ("El Salvador", State, "SLV"),
    ("Equatorial Guinea", State, "GNQ"),
    ("Eritrea", State, "ERI"),
    ("Estonia", State, "EST"),
    ("Eswatini", State, "SWZ"),
    ("Ethiopia", State, "ETH"),
    ("European Union**", Organisation, "european-union"),
    ("Fiji", State, "FJI"),
    ("Finland", State, "FIN"),
    ("France", State, "FRA"),
    ("Gabon", State, "GAB"),
    ("Gambia", State, "GMB"),
    ("Georgia", State, "GEO"),
    ("Germany", State, "DEU"),
    ("Ghana", State, "GHA"),
    ("Greece", State, "GRC"),
    ("Guatemala", State, "GTM"),
    ("Guinea", State, "GIN"),
    ("Guyana", State, "GUY"),
    ("Hamas (Palestine)*", Organisation, "hamas"),
    ("Hezbollah (Lebanon)*", Organisation, "hezbollah"),
    ("Honduras", State, "HND"),
    ("Houthi rebels (Yemen)*", Organisation, "houthis"),
    ("Hungary", State, "HUN"),
    ("Iceland", State, "ISL"),
    ("India", State, "IND"),
    ("Indonesia", State, "IDN"),
    ("Iran", State, "IRN"),
    ("Iraq", State, "IRQ"),
    ("Ireland", State, "IRL"),
    ("Israel", State, "ISR"),
    ("Italy", State, "ITA"),
    ("Ivory Coast", State, "CIV"),
    ("Jamaica", State, "JAM"),
    ("Japan", State, "JPN"),
    ("Jordan", State, "JOR"),
    ("Kazakhstan", State, "KAZ"),
    ("Kenya", State, "KEN"),
    ("Kiribati", State, "KIR"),
    ("Korea, North", State, "PRK"),
    ("Korea, South", State, "KOR"),
    ("Kosovo", State, "XKX"),
    (
        "Kurdistan Regional Government (Iraq)*",
        Organisation,
        "kurdistan-regional-government",
    ),
    ("Kuwait", State, "KWT"),
    ("Kyrgyzstan", State, "KGZ"),
    ("LRA (Uganda)*", Organisation, "lra"),
    ("LTTE (Sri Lanka)*", Organisation, "ltte"),
    ("Laos", State, "LAO"),
    ("Latvia", State, "LVA"),
    ("Lebanon", State, "LBN"),
    ("Lesotho", State, "LSO"),
    ("Liberia", State, "LBR"),
    ("Libya", State, "LBY"),
    ("Libya GNC", Organisation, "libya-gnc"),
    ("Libya HoR*", Organisation, "libya-hor"),
    ("Lithuania", State, "LTU"),
    ("Luxembourg", State, "LUX"),
    ("Macedonia", State, "MKD"),
    ("Macedonia (FYROM)", State, "MKD"),
    ("Madagascar", State, "MDG"),
    ("Malawi", State, "MWI"),
    ("Malaysia", State, "MYS"),
    ("Maldives", State, "MDV"),
    ("Mali", State, "MLI"),
    ("Malta", State, "MLT"),
    ("Mauritania", State, "MRT"),
    ("Mauritius", State, "MUS"),
    ("Mexico", State, "MEX"),
    ("Micronesia", State, "FSM"),
    ("Moldova", State, "MDA"),
    ("Mongolia", State, "MNG"),
    ("Montenegro", State, "MNE"),
    ("Morocco", State, "MAR"),
    ("Mozambique", State, "MOZ"),
    ("Myanmar", State, "MMR"),
    ("NATO**", Organisation, "nato"),
    ("NLA (Macedonia)*", Organisation, "nla-macedonia"),
    ("NTC (Libya)*", Organisation, "ntc-libya"),
    ("Namibia", State, "NAM"),
    ("Nepal", State, "NPL"),
    ("Netherlands", State, "NLD"),
    ("New Zealand", State, "NZL"),
    ("Nicaragua", State, "NIC"),
    ("Niger", State, "NER"),
    ("Nigeria", State, "NGA"),
    ("North Korea", State, "PRK"),
    ("North Macedonia", State, "MKD"),
    (
        "Northern Alliance (Afghanistan)*",
        Organisation,
        "northern-alliance",
    ),
    ("Norway", State, "NOR"),
    ("OSCE**", Organisation, "osce"),
    ("Oman", State, "OMN"),
    ("PIJ (Israel/Palestine)*", Organisation, "pij"),
    ("PKK (Turkiye)*", Organisation, "pkk"),
    (
        "PRC (Israel/Palestine)*",
        Organisation,
        "popular-resistance-committees",
    ),
    ("Pakistan", State, "PAK"),
    ("Palau", State, "PLW"),
    ("Palestine", State, "PSE"),
    ("Panama", State, "PAN"),
    ("Papua New Guinea", State, "PNG"),
    ("Paraguay", State, "PRY"),
    ("Peru", State, "PER"),
    ("Philippines", State, "PHL"),
    ("Poland", State, "POL"),
    ("Portugal", State, "PRT"),
    ("Qatar", State, "QAT"),
    ("Romania", State, "ROU"),
    ("Russia", State, "RUS"),
    ("Rwanda", State, "RWA"),
    ("Samoa", State, "WSM"),
    ("Saudi Arabia", State, "SAU"),
    ("Senegal", State, "SEN"),
    ("Serbia", State, "SRB"),
    ("Seychelles", State, "SYC"),
    ("Sierra Leone", State, "SLE"),
    ("Singapore", State, "SGP"),
    ("Slovakia", State, "SVK"),
    ("Slovenia", State, "SVN"),
    ("Solomon Islands", State, "SLB"),
    ("Somalia", State, "SOM"),
    ("South Africa", State, "ZAF"),
    ("South Korea", State, "KOR"),
    ("South Sudan", State, "SSD"),
    ("Spain", State, "ESP"),
    ("Sri Lanka", State, "LKA"),
    ("Sudan", State, "SDN"),
    ("Suriname", State, "SUR"),
    ("Swaziland", State, "SWZ"),
    ("Sweden", State, "SWE"),
    ("Switzerland", State, "CHE"),
    ("Syria", State, "SYR"),
    ("Syria rebels*", Organisation, "syria-rebels"),
    ("Taiwan", State, "TWN"),
    ("Tajikistan", State, "TJK"),
    ("Tanzania", State, "TZA"),
    ("Thailand", State, "THA"),
    ("Timor-Leste", State, "TLS"),
    ("Togo", State, "TGO"),
    ("Tonga", State, "TON"),
    ("Trinidad and Tobago", State, "TTO"),
    ("Tunisia", State, "TUN"),
    ("Turkey", State, "TUR"),
    ("Turkiye", State, "TUR"),
    ("Turkmenistan", State, "TKM"),
    ("Tuvalu", State, "TUV"),
    ("UAE", State, "ARE"),
    ("UIC (Somalia)*", Organisation, "uic-somalia"),
    ("UK", State, "GBR"),
    ("USA", State, "USA"),
    ("Uganda", State, "UGA"),
    ("Ukraine", State, "UKR"),
    ("Ukraine Rebels*", Organisation, "ukraine-rebels"),
    ("United Arab Emirates", State, "ARE"),
    ("United Kingdom", State, "GBR"),
    ("United Nations**", Organisation, "united-nations"),
    ("United States", State, "USA"),
    (
        "United Wa State (Myanmar)*",
        Organisation,
        "united-wa-state",
    ),
    ("Uruguay", State, "URY"),
    ("Uzbekistan", State, "UZB"),
    ("Vanuatu", State, "VUT"),
    ("Venezuela", State, "VEN"),
    ("Viet Nam", State, "VNM"),
    ("Vietnam", State, "VNM"),
    ("Western Sahara", State, "ESH"),
    ("Yemen", State, "YEM"),
    ("Zambia", State, "ZMB"),
    ("Zimbabwe", State, "ZWE"),
    ("eSwatini", State, "SWZ"),
    ("unknown rebel group*", Organisation, "unknown-rebel-group"),
    ("unknown recipient(s)", Organisation, "unknown-recipients"),
];

/// (name, ISO 3166 alpha-3 code) for states under names SIPRI does not write: official and
/// common English names, and former states under their ISO 3166-3 codes (`Soviet Union` ->
/// `SUN`, as Oryx lists the origin of Soviet-built equipment).
pub(crate) const COMMON_NAMES: &[(&str, &str)] = &[
    ("Bolivia (Plurinational State of)", "BOL"),
    ("Britain", "GBR"),
    ("Brunei Darussalam", "BRN"),
    ("Czechoslovakia", "CSK"),
    ("C\u{f4}te d'Ivoire", "CIV"),
    ("Democratic People's Republic of Korea", "PRK"),
    ("Democratic Republic of the Congo", "COD"),
    ("East Germany", "DDR"),
    ("Great Britain", "GBR"),
    ("Iran (Islamic Republic of)", "IRN"),
    ("Lao People's Democratic Republic", "LAO"),
    ("Republic of Korea", "KOR"),
    ("Republic of Moldova", "MDA"),
    ("Republic of the Congo", "COG"),
    ("Russian Federation", "RUS"),
    ("Soviet Union", "SUN"),
    ("State of Palestine", "PSE"),
    ("Syrian Arab Republic", "SYR"),
    ("T\u{fc}rkiye", "TUR"),
    ("US", "USA"),
    ("USSR", "SUN"),
    (
        "United Kingdom of Great Britain and Northern Ireland",
        "GBR",
    ),
    ("United Republic of Tanzania", "TZA"),
    ("United States of America", "USA"),
    ("Venezuela (Bolivarian Republic of)", "VEN"),
    ("Yugoslavia", "YUG"),
];

/// (name, organisation slug) for organisations that other sources name and SIPRI does not:
/// the holder's name first, then the spellings sources use for it. Aviacon Zitotrans, the
/// Russian cargo airline under US sanctions since January 2023 (news.mail.ru, 2025-10-27:
/// <https://news.mail.ru/society/68474373/>), is spelt "Zicotrans" in the flagship scenario's
/// 2025 news report.
pub(crate) const ORGANISATIONS: &[(&str, &str)] = &[
    ("Aviacon Zitotrans", "aviacon-zitotrans"),
    ("Zicotrans", "aviacon-zitotrans"),
];

/// The holder a country or party name maps to, for any importer: `None` when the table does
/// not know it.
///
/// It resolves, after trimming surrounding white space:
///
/// * the names SIPRI writes, exactly as the [SIPRI importer](super::sipri::holder) does
///   (`Viet Nam` -> `VNM`, `Houthi rebels (Yemen)*` -> the organisation `houthis`);
/// * those names and common English or official names in any ASCII case (`russian
///   federation`, `United States of America`, `T\u{fc}rkiye`), and former states under their
///   ISO 3166-3 codes (`Soviet Union` -> `SUN`, `Yugoslavia` -> `YUG`);
/// * organisations other sources name, in any ASCII case (`Aviacon Zitotrans`, and its
///   misspelling `Zicotrans`, -> `aviacon-zitotrans`);
/// * ISO 3166-1 alpha-3 codes of the states in the table, in any case (`ven` -> `VEN`), and
///   the organisation slugs it maps to (`nato`).
///
/// # Example
///
/// ```
/// use materiel::import::holder;
///
/// let code = |name: &str| holder(name).map(|h| h.to_string());
/// assert_eq!(code("Russian Federation").as_deref(), Some("RUS"));
/// assert_eq!(code("russia").as_deref(), Some("RUS"));
/// assert_eq!(code("UKR").as_deref(), Some("UKR"));
/// assert_eq!(code("Viet Nam").as_deref(), Some("VNM"));
/// assert_eq!(code("NATO**").as_deref(), Some("nato"));
/// assert_eq!(code("Soviet Union").as_deref(), Some("SUN"));
/// assert_eq!(holder("Narnia"), None);
/// assert_eq!(holder("XYZ"), None);
/// ```
pub fn holder(name: &str) -> Option<HolderId> {
    let name = name.trim();
    if let Some(h) = holder_for(name) {
        return Some(h);
    }
    if let Some(i) = PARTIES
        .iter()
        .position(|(n, _, _)| n.eq_ignore_ascii_case(name))
    {
        return party_holder(i);
    }
    let code = COMMON_NAMES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, code)| *code);
    if let Some(code) = code {
        return HolderId::state(code).ok();
    }
    if let Some((_, slug)) = ORGANISATIONS
        .iter()
        .find(|(n, s)| n.eq_ignore_ascii_case(name) || *s == name)
    {
        return HolderId::organisation(slug).ok();
    }
    if name.len() == 3 && name.bytes().all(|b| b.is_ascii_alphabetic()) {
        let upper = name.to_ascii_uppercase();
        let known = PARTIES
            .iter()
            .any(|(_, kind, c)| *kind == State && *c == upper)
            || COMMON_NAMES.iter().any(|(_, c)| *c == upper);
        if known {
            return HolderId::state(&upper).ok();
        }
    }
    PARTIES
        .iter()
        .find(|(_, kind, slug)| *kind == Organisation && *slug == name)
        .and_then(|(_, _, slug)| HolderId::organisation(slug).ok())
}

/// Every name the table behind [`holder`] knows, with its holder: SIPRI's spellings first (in
/// byte order, markers such as `**` included), then the other common names, then other
/// organisations (each under its own name first, then its other spellings). The first name of
/// a holder is its SIPRI name, the one to show it by. For listing and suggesting names; to
/// resolve one, use [`holder`].
///
/// # Example
///
/// ```
/// use materiel::import::holder_names;
///
/// let ven = holder_names().find(|(_, h)| h.as_str() == "VEN").map(|(n, _)| n);
/// assert_eq!(ven, Some("Venezuela"));
/// assert!(holder_names().any(|(n, h)| n == "Viet Nam" && h.as_str() == "VNM"));
/// ```
pub fn holder_names() -> impl Iterator<Item = (&'static str, HolderId)> {
    let parties = PARTIES
        .iter()
        .enumerate()
        .filter_map(|(i, (n, _, _))| Some((*n, party_holder(i)?)));
    let common = COMMON_NAMES
        .iter()
        .filter_map(|(n, code)| Some((*n, HolderId::state(code).ok()?)));
    let organisations = ORGANISATIONS
        .iter()
        .filter_map(|(n, slug)| Some((*n, HolderId::organisation(slug).ok()?)));
    parties.chain(common).chain(organisations)
}

/// The index in [`PARTIES`] of a SIPRI party name (exact, case-sensitive match, as the
/// export spells it; surrounding white space is the caller's to trim).
pub(crate) fn party_index(name: &str) -> Option<usize> {
    PARTIES
        .binary_search_by(|(n, _, _)| n.as_bytes().cmp(name.as_bytes()))
        .ok()
}

/// The holder a SIPRI party name maps to, if the table knows it.
pub(crate) fn holder_for(name: &str) -> Option<HolderId> {
    party_index(name).and_then(party_holder)
}

/// The kind of party of table row `i`, from SIPRI's markers: `**` an international
/// organisation, `*` a non-state actor, `unknown recipient(s)` unknown, another organisation
/// (`Libya GNC`, a rival government like `Libya HoR*`) a non-state actor, a state a state.
pub(crate) fn party_kind(i: usize) -> HolderKind {
    match PARTIES.get(i) {
        None => HolderKind::Unknown,
        Some((_, State, _)) => HolderKind::State,
        Some((name, Organisation, _)) if name.ends_with("**") => {
            HolderKind::InternationalOrganisation
        }
        Some((name, Organisation, _)) if name.starts_with("unknown ") => HolderKind::Unknown,
        Some((_, Organisation, _)) => HolderKind::NonStateActor,
    }
}

/// The holder of table row `i`.
pub(crate) fn party_holder(i: usize) -> Option<HolderId> {
    let (_, kind, code) = PARTIES.get(i)?;
    match kind {
        State => HolderId::state(code).ok(),
        Organisation => HolderId::organisation(code).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_every_code_is_valid() {
        for w in PARTIES.windows(2) {
            assert!(
                w[0].0.as_bytes() < w[1].0.as_bytes(),
                "{} / {}",
                w[0].0,
                w[1].0
            );
        }
        for (i, (name, kind, code)) in PARTIES.iter().enumerate() {
            let h = party_holder(i).unwrap_or_else(|| panic!("{name}: bad code {code}"));
            assert_eq!(h.is_state(), *kind == State, "{name}");
            // Markers: `**` organisations and `*` non-state actors are never states.
            if name.ends_with('*') {
                assert_eq!(*kind, Organisation, "{name}");
            }
        }
    }

    #[test]
    fn markers_give_the_kind() {
        let kind = |name| party_index(name).map(party_kind);
        assert_eq!(kind("NATO**"), Some(HolderKind::InternationalOrganisation));
        assert_eq!(
            kind("Houthi rebels (Yemen)*"),
            Some(HolderKind::NonStateActor)
        );
        assert_eq!(kind("Libya GNC"), Some(HolderKind::NonStateActor));
        assert_eq!(kind("Venezuela"), Some(HolderKind::State));
        assert_eq!(kind("unknown recipient(s)"), Some(HolderKind::Unknown));
        for (i, (name, _, _)) in PARTIES.iter().enumerate() {
            if name.ends_with('*') {
                assert_ne!(party_kind(i), HolderKind::State, "{name}");
            }
        }
    }

    #[test]
    fn common_names_are_valid_and_not_sipri_spellings() {
        for w in COMMON_NAMES.windows(2) {
            assert!(w[0].0 < w[1].0, "{} / {}", w[0].0, w[1].0);
        }
        for (name, code) in COMMON_NAMES {
            assert!(HolderId::state(code).is_ok(), "{name}: {code}");
            assert_eq!(party_index(name), None, "{name} is a SIPRI spelling");
            assert_eq!(
                holder(name).map(|h| h.as_str().to_owned()).as_deref(),
                Some(*code)
            );
        }
    }

    #[test]
    fn holder_resolves_names_codes_and_slugs_but_party_index_stays_exact() {
        let code = |n: &str| holder(n).map(|h| h.as_str().to_owned());
        assert_eq!(code(" Venezuela ").as_deref(), Some("VEN"));
        assert_eq!(code("VENEZUELA").as_deref(), Some("VEN"));
        assert_eq!(code("United States of America").as_deref(), Some("USA"));
        assert_eq!(code("United States").as_deref(), Some("USA"));
        assert_eq!(code("Turkey").as_deref(), Some("TUR"));
        assert_eq!(code("Yugoslavia").as_deref(), Some("YUG"));
        assert_eq!(code("deu").as_deref(), Some("DEU"));
        assert_eq!(code("houthis").as_deref(), Some("houthis"));
        assert_eq!(code("unknown supplier(s)"), None);
        assert_eq!(code("ABC"), None);
        assert_eq!(code(""), None);
        // The SIPRI importer's exact lookup does not take codes or other spellings.
        assert_eq!(party_index("VEN"), None);
        assert_eq!(party_index("venezuela"), None);
        assert_eq!(party_index("Russian Federation"), None);
    }

    #[test]
    fn organisations_resolve_by_name_alias_and_slug_and_show_by_name() {
        let code = |n: &str| holder(n).map(|h| h.as_str().to_owned());
        for name in [
            "Aviacon Zitotrans",
            "zicotrans",
            "Zicotrans",
            "aviacon-zitotrans",
        ] {
            assert_eq!(code(name).as_deref(), Some("aviacon-zitotrans"), "{name}");
        }
        let shown = holder_names().find(|(_, h)| h.as_str() == "aviacon-zitotrans");
        assert_eq!(shown.map(|(n, _)| n), Some("Aviacon Zitotrans"));
        for (name, slug) in ORGANISATIONS {
            assert!(HolderId::organisation(slug).is_ok(), "{name}: {slug}");
            assert_eq!(party_index(name), None, "{name} is a SIPRI spelling");
        }
    }

    #[test]
    fn names_sipri_spells_its_own_way() {
        let code = |n: &str| holder_for(n).map(|h| h.as_str().to_owned());
        assert_eq!(code("Turkiye").as_deref(), Some("TUR"));
        assert_eq!(code("Viet Nam").as_deref(), Some("VNM"));
        assert_eq!(code("Czechia").as_deref(), Some("CZE"));
        assert_eq!(code("UAE").as_deref(), Some("ARE"));
        assert_eq!(code("Venezuela").as_deref(), Some("VEN"));
        assert_eq!(code("Houthi rebels (Yemen)*").as_deref(), Some("houthis"));
        assert_eq!(code("African Union**").as_deref(), Some("african-union"));
        assert_eq!(code("unknown supplier(s)"), None);
        assert_eq!(code("Narnia"), None);
    }
}
