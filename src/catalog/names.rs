//! Names: [`normalize_name`], the key every name is matched by; [`Names`], a platform's names
//! by source; [`KeywordRule`], a category for names the catalog does not know.

use std::sync::Arc;

use super::key::{self, DROPPED, drop_count};
use super::{CatalogSource, Category};

/// Separators [`Catalog::classify`](super::Catalog::classify) turns into single spaces before
/// matching keyword phrases: white space, [`DROPPED`] characters, parentheses, slashes and
/// commas.
const SEPARATORS: &[char] = &['(', ')', '/', ','];

/// The key a name is matched by: every name of every platform, and every name looked up with
/// [`Catalog::resolve`](super::Catalog::resolve), goes through this one function.
///
/// 1. Unicode lowercase.
/// 2. Drop a leading heading count: one or more ASCII digits followed by white space, at the
///    very start, when something follows (`"11 Su-30SM multirole aircraft"` becomes
///    `"su-30sm multirole aircraft"`; `"100mm MT-12"` is kept: no white space after the
///    digits). Oryx prefixes its headings with the number of items.
/// 3. Remove every white-space character and every `-`, `‐`, `‑`, `–`, `—`, `_`, `.`, `'`,
///    `"`, `‘`, `’`, `“`, `”` and `` ` ``.
///
/// The result has no white space, so applying the function again changes nothing
/// (idempotent). A name may normalise to the empty string (`"--"`); the catalog refuses such a
/// name.
///
/// # Example
///
/// ```
/// use materiel::catalog::normalize_name;
///
/// assert_eq!(normalize_name("T-72B3 Obr. 2016"), "t72b3obr2016");
/// assert_eq!(normalize_name("t72b3 obr 2016"), "t72b3obr2016");
/// assert_eq!(normalize_name("T-72B3 obr.2016"), "t72b3obr2016");
/// assert_eq!(normalize_name("11 Su-30SM multirole aircraft"), "su30smmultiroleaircraft");
/// assert_eq!(normalize_name("100mm MT-12"), "100mmmt12");
/// let once = normalize_name("2 Leopard 2A6");
/// assert_eq!(normalize_name(&once), once);
/// ```
pub fn normalize_name(name: &str) -> String {
    key::name_key(name)
}

/// The form keyword phrases are matched in: lowercase, heading count dropped, every run of
/// separators (white space, the characters [`normalize_name`] drops, `(`, `)`, `/`, `,`) a
/// single space, with one space at each end so that a phrase matches whole words only.
pub(crate) fn keyword_form(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut out = String::with_capacity(lower.len() + 2);
    out.push(' ');
    for c in drop_count(&lower).chars() {
        if c.is_whitespace() || DROPPED.contains(&c) || SEPARATORS.contains(&c) {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Which source uses a name (see [`Names`]).
///
/// # Example
///
/// ```
/// use materiel::catalog::NameSource;
/// assert_eq!(NameSource::Grau.to_string(), "grau");
/// assert_eq!("nato".parse::<NameSource>(), Ok(NameSource::Nato));
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
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
#[strum(parse_err_ty = crate::error::ParseError, parse_err_fn = crate::error::unknown::name_source)]
pub enum NameSource {
    /// SIPRI's `Designation`, as written (a trailing `" -"` dropped).
    Sipri,
    /// Oryx's `system` heading, count prefix dropped, typos included (`Uknown T-64`).
    Oryx,
    /// A NATO reporting name (`Flanker-G`).
    Nato,
    /// A user's own designation (Venezuela's `Su-30MKV` for the Su-30MK2).
    National,
    /// A GRAU index (`9K317`).
    Grau,
    /// Any other name (an export name such as `Antey-2500`).
    Other,
}

impl NameSource {
    const ALL: [NameSource; 6] = [
        NameSource::Sipri,
        NameSource::Oryx,
        NameSource::Nato,
        NameSource::National,
        NameSource::Grau,
        NameSource::Other,
    ];
}

/// A platform's names by source: every name a source uses for exactly this platform.
///
/// Together with the id and the designation they are the platform's keys in the catalog's
/// one name space ([`normalize_name`]); two platforms sharing a key is a load error.
///
/// # Example
///
/// ```
/// use materiel::catalog::{NameSource, Names};
///
/// let names = Names::new()
///     .with(NameSource::Nato, "Flanker-G")
///     .with(NameSource::National, "Su-30MKV");
/// assert_eq!(names.get(NameSource::National), ["Su-30MKV"]);
/// assert_eq!(names.iter().count(), 2);
/// assert!(names.get(NameSource::Sipri).is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    lists: [Vec<String>; 6],
}

impl Names {
    /// No names.
    ///
    /// ```
    /// assert!(materiel::catalog::Names::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// These names with `name` added under `source`.
    ///
    /// ```
    /// use materiel::catalog::{NameSource, Names};
    /// let n = Names::new().with(NameSource::Grau, "9K317");
    /// assert_eq!(n.get(NameSource::Grau), ["9K317"]);
    /// ```
    #[must_use]
    pub fn with(mut self, source: NameSource, name: impl Into<String>) -> Self {
        self.push(source, name);
        self
    }

    /// Adds `name` under `source`.
    ///
    /// ```
    /// use materiel::catalog::{NameSource, Names};
    /// let mut n = Names::new();
    /// n.push(NameSource::Oryx, "Uknown T-64");
    /// assert_eq!(n.get(NameSource::Oryx), ["Uknown T-64"]);
    /// ```
    pub fn push(&mut self, source: NameSource, name: impl Into<String>) {
        self.lists[source as usize].push(name.into());
    }

    /// The names `source` uses, in the order given.
    ///
    /// ```
    /// use materiel::Catalog;
    /// use materiel::catalog::NameSource;
    /// let c = Catalog::reference();
    /// let su = c.get(&"su-30mk2".parse()?).ok_or("in the catalog")?;
    /// assert!(su.names().get(NameSource::National).iter().any(|n| n == "Su-30MKV"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, source: NameSource) -> &[String] {
        &self.lists[source as usize]
    }

    /// Every name with its source, by source in [`NameSource`] order.
    ///
    /// ```
    /// use materiel::catalog::{NameSource, Names};
    /// let n = Names::new().with(NameSource::Other, "Antey-2500").with(NameSource::Sipri, "S-300VM");
    /// let all: Vec<_> = n.iter().collect();
    /// assert_eq!(all, [(NameSource::Sipri, "S-300VM"), (NameSource::Other, "Antey-2500")]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (NameSource, &str)> {
        NameSource::ALL
            .into_iter()
            .flat_map(|s| self.get(s).iter().map(move |n| (s, n.as_str())))
    }

    /// True when there is no name.
    ///
    /// ```
    /// use materiel::catalog::{NameSource, Names};
    /// assert!(!Names::new().with(NameSource::Nato, "Candid").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.lists.iter().all(Vec::is_empty)
    }
}

/// A keyword rule: names the catalog does not know that contain `phrase` as whole words fall
/// in `category` (`Unknown tank` is a tank; `'Orlan-20' reconnaissance UAV` a reconnaissance
/// UAV). Of the rules that match, the one with the longest phrase wins (`tank destroyer`
/// beats `tank`); two rules with the same phrase are a load error, so file order never
/// matters. See [`Catalog::classify`](super::Catalog::classify).
///
/// # Example
///
/// ```
/// use materiel::Catalog;
/// use materiel::catalog::Category;
/// let c = Catalog::reference();
/// let tank = c.rules().find(|r| r.phrase() == "unknown tank").ok_or("a rule for tanks")?;
/// assert_eq!(tank.category(), Category::Tank);
/// assert_eq!(tank.source().key(), "oryx");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct KeywordRule {
    phrase: String,
    /// `keyword_form(phrase)`: the phrase with one space at each end.
    form: String,
    category: Category,
    source: Arc<CatalogSource>,
}

impl KeywordRule {
    /// A rule: names containing `phrase` (as whole words, after the keyword normalisation)
    /// fall in `category`; `source` is where the wording comes from.
    ///
    /// Returns `None` when `phrase` has no word in it.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use materiel::catalog::{CatalogSource, Category, KeywordRule};
    /// let oryx = Arc::new(CatalogSource::new("oryx", "Oryx")?);
    /// let rule = KeywordRule::new("Tank destroyer", Category::ArmouredFightingVehicle, oryx.clone())
    ///     .ok_or("a phrase")?;
    /// assert_eq!(rule.phrase(), "Tank destroyer");
    /// assert!(KeywordRule::new(" - ", Category::Tank, oryx).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        phrase: impl Into<String>,
        category: Category,
        source: Arc<CatalogSource>,
    ) -> Option<Self> {
        let phrase = phrase.into();
        let form = keyword_form(&phrase);
        (form.trim() != "").then_some(Self {
            phrase,
            form,
            category,
            source,
        })
    }

    /// The phrase as written.
    pub fn phrase(&self) -> &str {
        &self.phrase
    }

    /// The category it gives.
    pub fn category(&self) -> Category {
        self.category
    }

    /// Where the wording comes from.
    pub fn source(&self) -> &Arc<CatalogSource> {
        &self.source
    }

    /// The phrase in keyword form, padded with one space at each end.
    pub(crate) fn form(&self) -> &str {
        &self.form
    }

    /// True when the rule matches a name already in keyword form.
    pub(crate) fn matches(&self, keyword_form: &str) -> bool {
        keyword_form.contains(&self.form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_dropped_only_before_white_space_and_something() {
        assert_eq!(normalize_name("11 Su-30SM"), "su30sm");
        assert_eq!(normalize_name("11"), "11");
        assert_eq!(normalize_name("11 "), "11");
        assert_eq!(normalize_name("100mm MT-12"), "100mmmt12");
        assert_eq!(normalize_name(" 11 Su-30SM"), "11su30sm");
        assert_eq!(normalize_name("1 2 x"), "2x");
        assert_eq!(normalize_name("\u{2018}Orlan\u{2019}\u{00a0}10"), "orlan10");
    }

    /// The ASCII fast path is the general path.
    #[test]
    fn ascii_names_normalise_as_any_other() {
        let general = |name: &str| -> String {
            let lower = name.to_lowercase();
            drop_count(&lower)
                .chars()
                .filter(|c| !c.is_whitespace() && !DROPPED.contains(c))
                .collect()
        };
        for name in [
            "11 Su-30SM multirole aircraft",
            "100mm MT-12",
            "  7 T-72B3 Obr.2016 ",
            "1\x0b2 x",
            "\"Orlan-10\" (recon)",
            "12",
            "12 ",
            "A_B.C-D'E`F",
        ] {
            assert_eq!(normalize_name(name), general(name), "{name:?}");
        }
        for b in 0..128u8 {
            let name = format!("3{}x{}Y", b as char, b as char);
            assert_eq!(normalize_name(&name), general(&name), "{b}");
        }
    }

    #[test]
    fn keyword_forms_are_whole_words() {
        assert_eq!(keyword_form("3 Unknown tank (T-72)"), " unknown tank t 72 ");
        assert_eq!(keyword_form(""), " ");
        let oryx = Arc::new(CatalogSource::new("oryx", "Oryx").expect("a valid source"));
        let rule = KeywordRule::new("tank", Category::Tank, oryx).expect("a phrase");
        assert!(rule.matches(&keyword_form("Unknown tank")));
        assert!(!rule.matches(&keyword_form("Tanker aircraft")));
    }
}
