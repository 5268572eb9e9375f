//! [`CatalogError`]: a platform, file or catalog that failed validation.

use super::{PlatformId, PlatformKind};

/// A platform, catalog file or catalog that failed validation.
///
/// Every variant about a platform names it and, where it applies, the field (as written in
/// catalog files, such as `max_speed` or `engagement_range`); errors from a named file are
/// wrapped in [`CatalogError::File`], so the message reads file, platform, field, problem. A
/// rejected load or overlay changes nothing.
///
/// # Example
///
/// ```
/// use materiel::catalog::{Catalog, CatalogError};
///
/// let toml = r#"
/// [source.k]
/// title = "A page"
///
/// [[platform]]
/// id = "x"
/// designation = "X"
/// kind = "missile"
/// category = "anti_ship_missile"
/// sources = ["k"]
/// [platform.spec]
/// role = "anti_ship"
/// max_speed = { value = "NaN m/s", source = "k" }
/// "#;
/// let err = Catalog::from_toml_files([("mine.toml", toml)]).unwrap_err();
/// assert!(matches!(err.innermost(), CatalogError::Figure { field: "max_speed", .. }));
/// assert_eq!(
///     err.to_string(),
///     "mine.toml: platform `x`: max_speed: quantity \"NaN m/s\" is not finite (a speed such as \"850 km/h\" or \"3.5 Mach\")"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// A figure that could not be read or is invalid: bad quantity text, wrong dimension,
    /// NaN, negative, an integer where quantity text is expected, an inverted range, both a
    /// value and a range.
    #[error("platform `{platform}`: {field}: {problem}")]
    Figure {
        /// The platform.
        platform: PlatformId,
        /// The field.
        field: &'static str,
        /// What is wrong, quoting the text.
        problem: String,
    },
    /// A source key that no file of the catalog declares, cited by a platform (`field` is
    /// `sources`) or a figure.
    #[error("platform `{platform}`: {field}: source `{key}` is not declared")]
    UnknownSource {
        /// The platform.
        platform: PlatformId,
        /// The field citing it.
        field: &'static str,
        /// The key cited.
        key: String,
    },
    /// A platform with no source for its identity facts.
    #[error("platform `{platform}` cites no source")]
    NoSources {
        /// The platform.
        platform: PlatformId,
    },
    /// A designation, name or text field that is empty or blank.
    #[error("platform `{platform}`: {field} is empty")]
    EmptyText {
        /// The platform.
        platform: PlatformId,
        /// The field.
        field: &'static str,
    },
    /// A name with nothing left after [`normalize_name`](super::normalize_name) (`"--"`).
    #[error("platform `{platform}`: name {name:?} has no letter or digit")]
    EmptyName {
        /// The platform.
        platform: PlatformId,
        /// The name.
        name: String,
    },
    /// A field the platform's kind requires (a missile's `role`).
    #[error("platform `{platform}`: spec.{field} is required for its kind")]
    MissingField {
        /// The platform.
        platform: PlatformId,
        /// The field.
        field: &'static str,
    },
    /// A spec field that the platform's kind does not have.
    #[error("platform `{platform}`: spec.{field} is not a field of kind {kind}")]
    FieldNotInKind {
        /// The platform.
        platform: PlatformId,
        /// The field.
        field: String,
        /// The platform's kind.
        kind: PlatformKind,
    },
    /// A relation (`parent` or `munitions`) to an id that is not in the catalog.
    #[error("platform `{platform}`: {relation} `{target}` is not in the catalog")]
    UnknownRelation {
        /// The platform.
        platform: PlatformId,
        /// The relation: `parent` or `munitions`.
        relation: &'static str,
        /// The id it names.
        target: PlatformId,
    },
    /// A `parent` that is not a family node.
    #[error("platform `{platform}`: parent `{family}` is not a family node (`family = true`)")]
    NotAFamily {
        /// The platform.
        platform: PlatformId,
        /// The platform named as its parent.
        family: PlatformId,
    },
    /// A relation to a platform of the wrong kind (a parent of another kind, a munition that
    /// is not a missile).
    #[error("platform `{platform}`: {relation} `{target}` is a {found}, expected a {expected}")]
    RelationKind {
        /// The platform.
        platform: PlatformId,
        /// The relation: `parent` or `munitions`.
        relation: &'static str,
        /// The id it names.
        target: PlatformId,
        /// The kind the relation needs.
        expected: PlatformKind,
        /// The kind of the target.
        found: PlatformKind,
    },
    /// A platform that is its own ancestor.
    #[error("platform `{platform}`: its parents form a cycle ({})", cycle.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(" -> "))]
    ParentCycle {
        /// The platform.
        platform: PlatformId,
        /// The cycle, from the platform back to it.
        cycle: Vec<PlatformId>,
    },
    /// Two platforms with the same id in one catalog or layer.
    #[error("duplicate platform id `{id}`")]
    DuplicateId {
        /// The id.
        id: PlatformId,
    },
    /// A name whose key ([`normalize_name`](super::normalize_name)) already names another
    /// platform: never a silent pick.
    #[error(
        "platform `{platform}`: name {name:?} (key `{key}`) already names platform `{existing}`"
    )]
    DuplicateName {
        /// The platform being added.
        platform: PlatformId,
        /// The colliding name, as written on the platform being added.
        name: String,
        /// Its key.
        key: String,
        /// The platform that already has that key.
        existing: PlatformId,
    },
    /// A source that is not valid: a key that is not a slug, a blank title, a bad date.
    #[error("source `{key}`: {reason}")]
    InvalidSource {
        /// The key.
        key: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A source key declared twice (in two files, or by a layer with other content).
    #[error("source `{key}` is declared twice with different content")]
    DuplicateSource {
        /// The key.
        key: String,
    },
    /// A keyword rule whose source is not declared.
    #[error("rule {phrase:?}: source `{key}` is not declared")]
    RuleSource {
        /// The rule's phrase.
        phrase: String,
        /// The key cited.
        key: String,
    },
    /// A keyword rule with no word in its phrase.
    #[error("rule {phrase:?} has no word to match")]
    EmptyRule {
        /// The phrase.
        phrase: String,
    },
    /// Two keyword rules with the same phrase (after the keyword normalisation).
    #[error("rule {phrase:?}: the phrase is also rule {existing:?}")]
    DuplicateRule {
        /// The phrase of the second rule.
        phrase: String,
        /// The phrase of the first.
        existing: String,
    },
    /// Catalog JSON that is malformed or has the wrong shape (unknown field, missing field,
    /// bad id, a struct given as a sequence).
    #[error("invalid catalog JSON at line {line}, column {column}: {message}")]
    Json {
        /// The parser's message.
        message: String,
        /// The line (1-based; 0 when unknown).
        line: usize,
        /// The column (1-based; 0 when unknown).
        column: usize,
    },
    /// A catalog TOML file that is malformed or has the wrong shape: the platform when the
    /// problem is inside one, and the line (of the problem, or of the platform's table).
    #[error("{}line {line}: {message}", platform.as_ref().map(|p| format!("platform `{p}` at ")).unwrap_or_default())]
    Toml {
        /// The platform, when the problem is inside one.
        platform: Option<PlatformId>,
        /// The parser's message.
        message: String,
        /// The line (1-based; 0 when unknown).
        line: usize,
    },
    /// An error in a named file.
    #[error("{file}: {error}")]
    File {
        /// The file name.
        file: String,
        /// The error.
        error: Box<CatalogError>,
    },
    /// A file or directory that could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The system's message.
        message: String,
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

    /// The error without its [`File`](Self::File) wrappers.
    ///
    /// ```
    /// use materiel::catalog::{Catalog, CatalogError};
    /// let err = Catalog::from_toml_files([("a.toml", "[[platform]]\nid = 3")]).unwrap_err();
    /// assert!(matches!(err, CatalogError::File { .. }));
    /// assert!(matches!(err.innermost(), CatalogError::Toml { .. }));
    /// ```
    pub fn innermost(&self) -> &CatalogError {
        match self {
            CatalogError::File { error, .. } => error.innermost(),
            other => other,
        }
    }

    /// The platform the error is about, if any.
    pub(crate) fn platform(&self) -> Option<&PlatformId> {
        match self {
            CatalogError::Figure { platform, .. }
            | CatalogError::UnknownSource { platform, .. }
            | CatalogError::NoSources { platform }
            | CatalogError::EmptyText { platform, .. }
            | CatalogError::EmptyName { platform, .. }
            | CatalogError::MissingField { platform, .. }
            | CatalogError::FieldNotInKind { platform, .. }
            | CatalogError::UnknownRelation { platform, .. }
            | CatalogError::NotAFamily { platform, .. }
            | CatalogError::RelationKind { platform, .. }
            | CatalogError::ParentCycle { platform, .. }
            | CatalogError::DuplicateName { platform, .. } => Some(platform),
            CatalogError::DuplicateId { id } => Some(id),
            CatalogError::Toml { platform, .. } => platform.as_ref(),
            CatalogError::InvalidSource { .. }
            | CatalogError::DuplicateSource { .. }
            | CatalogError::RuleSource { .. }
            | CatalogError::EmptyRule { .. }
            | CatalogError::DuplicateRule { .. }
            | CatalogError::Json { .. }
            | CatalogError::File { .. }
            | CatalogError::Io { .. } => None,
        }
    }

    /// This error, in `file`.
    pub(crate) fn in_file(self, file: &str) -> Self {
        CatalogError::File {
            file: file.to_owned(),
            error: Box::new(self),
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
