//! SIPRI party names and the holders they map to.
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

use crate::holder::HolderId;

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
