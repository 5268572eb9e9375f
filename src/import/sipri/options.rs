//! [`Options`]: what to import and how.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::holder::HolderId;
use crate::import::Mode;
use crate::provenance::Grade;

use super::Category;
use super::VariantRule;

/// How to import: filters, recorded time, grades, [`Mode`]. A builder; the default imports
/// everything, leniently, recorded at the export's generation date, graded
/// [`DEFAULT_GRADE`](super::DEFAULT_GRADE) / [`DEFAULT_ESTIMATE_GRADE`](super::DEFAULT_ESTIMATE_GRADE).
///
/// # Example
///
/// ```
/// use materiel::import::Mode;
/// use materiel::import::sipri::{Category, Options};
///
/// let options = Options::new()
///     .recipient("Venezuela")
///     .supplier("RUS")
///     .category(Category::Aircraft)
///     .years(2006..=2013)
///     .grade("B2".parse()?)
///     .mode(Mode::Strict);
/// assert!(options.is_strict());
/// assert_eq!(options, options.clone().strict(true));
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    pub(super) recipients: Vec<String>,
    pub(super) suppliers: Vec<String>,
    pub(super) categories: Vec<Category>,
    pub(super) years: Option<(i16, i16)>,
    pub(super) recorded: Option<Timestamp>,
    pub(super) edition: Option<Date>,
    pub(super) grade: Option<Grade>,
    pub(super) estimate_grade: Option<Grade>,
    pub(super) mode: Mode,
    pub(super) variant_rules: Vec<VariantRule>,
    pub(super) no_default_rules: bool,
}

impl Options {
    /// Everything, leniently, with the default grades and recorded time.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps only rows whose recipient is `name`: SIPRI's spelling (`Venezuela`,
    /// `Houthi rebels (Yemen)*`, ASCII case-insensitive) or the holder id (`VEN`,
    /// `houthis`). Repeat to keep several.
    #[must_use]
    pub fn recipient(mut self, name: impl Into<String>) -> Self {
        self.recipients.push(name.into());
        self
    }

    /// Keeps only rows whose supplier is `name` (as for [`recipient`](Self::recipient);
    /// `unknown supplier(s)` matches the unknown supplier). Repeat to keep several.
    #[must_use]
    pub fn supplier(mut self, name: impl Into<String>) -> Self {
        self.suppliers.push(name.into());
        self
    }

    /// Keeps only rows of `category`. Repeat to keep several.
    #[must_use]
    pub fn category(mut self, category: Category) -> Self {
        self.categories.push(category);
        self
    }

    /// Keeps only rows delivered in `years` (rows without a delivery, by their order
    /// year). Orders then sum only the kept rows, so their counts become lower bounds.
    #[must_use]
    pub fn years(mut self, years: std::ops::RangeInclusive<i16>) -> Self {
        self.years = Some((*years.start(), *years.end()));
        self
    }

    /// Records every entry at `recorded` instead of the export's generation date.
    #[must_use]
    pub fn recorded(mut self, recorded: Timestamp) -> Self {
        self.recorded = Some(recorded);
        self
    }

    /// The edition's generation date, for an export that lacks its `Data generated:` line
    /// (line 11), as one re-saved by a spreadsheet may: the header is then read from line
    /// 11, and the import goes on as if the line had named `date` (the citation, the default
    /// recorded time, the edition order). An export that has the line must name the same
    /// date, else [`Error::EditionMismatch`](super::Error::EditionMismatch); one whose line
    /// cannot be read is still [`Error::GeneratedDate`](super::Error::GeneratedDate).
    ///
    /// ```
    /// use materiel::import::sipri::Options;
    ///
    /// let options = Options::new().edition(materiel::jiff::civil::date(2025, 1, 3));
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn edition(mut self, date: Date) -> Self {
        self.edition = Some(date);
        self
    }

    /// The grade of figures SIPRI does not flag as estimates (default
    /// [`DEFAULT_GRADE`](super::DEFAULT_GRADE)).
    #[must_use]
    pub fn grade(mut self, grade: Grade) -> Self {
        self.grade = Some(grade);
        self
    }

    /// The grade of SIPRI's estimates (default
    /// [`DEFAULT_ESTIMATE_GRADE`](super::DEFAULT_ESTIMATE_GRADE)).
    #[must_use]
    pub fn estimate_grade(mut self, grade: Grade) -> Self {
        self.estimate_grade = Some(grade);
        self
    }

    /// Adds a [`VariantRule`] (deal or recipient -> catalog platform), applied before the
    /// defaults ([`default_variant_rules`](super::default_variant_rules)); repeat to add
    /// several (the first that matches a deal wins, deal rules before recipient rules).
    #[must_use]
    pub fn variant_rule(mut self, rule: VariantRule) -> Self {
        self.variant_rules.push(rule);
        self
    }

    /// Applies only the rules given with [`variant_rule`](Self::variant_rule), not the
    /// defaults.
    #[must_use]
    pub fn no_default_variant_rules(mut self) -> Self {
        self.no_default_rules = true;
        self
    }

    /// The variant rules the import applies, in order: the user's, then the defaults
    /// (unless turned off).
    pub fn variant_rules(&self) -> Vec<VariantRule> {
        let mut rules = self.variant_rules.clone();
        if !self.no_default_rules {
            rules.extend(super::default_variant_rules());
        }
        rules
    }

    /// [`Mode::Strict`]: the first bad row aborts the import. [`Mode::Lenient`] (the
    /// default): bad rows are reported and skipped.
    #[must_use]
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Shorthand for [`mode`](Self::mode): `true` is [`Mode::Strict`], `false`
    /// [`Mode::Lenient`].
    #[must_use]
    pub fn strict(self, strict: bool) -> Self {
        self.mode(if strict { Mode::Strict } else { Mode::Lenient })
    }

    /// True when a bad row aborts the import.
    pub fn is_strict(&self) -> bool {
        self.mode.is_strict()
    }

    /// True when a filter may leave out some of the export's rows.
    pub(super) fn filtered(&self) -> bool {
        !self.recipients.is_empty()
            || !self.suppliers.is_empty()
            || !self.categories.is_empty()
            || self.years.is_some()
    }

    /// True when a row of `year` passes the year filter.
    pub(super) fn year_ok(&self, year: i16) -> bool {
        self.years.is_none_or(|(a, b)| (a..=b).contains(&year))
    }

    /// True when a row of `category` passes the category filter.
    pub(super) fn category_ok(&self, category: Category) -> bool {
        self.categories.is_empty() || self.categories.contains(&category)
    }
}

/// True when `filter` is empty or names `name` (SIPRI's spelling, ASCII case-insensitive)
/// or its `holder` id.
pub(super) fn name_matches(filter: &[String], name: &str, holder: Option<&HolderId>) -> bool {
    filter.is_empty()
        || filter.iter().any(|f| {
            f.eq_ignore_ascii_case(name) || holder.is_some_and(|h| h.as_str() == f.as_str())
        })
}
