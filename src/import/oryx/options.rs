//! [`Options`]: how to import.

use jiff::Timestamp;

use crate::import::Mode;
use crate::provenance::Grade;

/// How to import: recorded time, grade, [`Mode`]. A builder; the default imports leniently,
/// recorded at the end of the latest `date_recorded` read, graded
/// [`DEFAULT_GRADE`](super::DEFAULT_GRADE).
///
/// # Example
///
/// ```
/// use materiel::import::oryx::Options;
///
/// let options = Options::new().recorded("2025-07-20T00:00:00Z".parse()?).strict(true);
/// assert!(options.is_strict());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    pub(super) recorded: Option<Timestamp>,
    pub(super) grade: Option<Grade>,
    pub(super) mode: Mode,
}

impl Options {
    /// Everything, leniently, with the default grade and recorded time.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records every entry at `recorded` (the import's transaction time) instead of the end
    /// of the latest `date_recorded`; rows dated after its day are rejected as in the future.
    #[must_use]
    pub fn recorded(mut self, recorded: Timestamp) -> Self {
        self.recorded = Some(recorded);
        self
    }

    /// The grade of every entry (default [`DEFAULT_GRADE`](super::DEFAULT_GRADE)).
    #[must_use]
    pub fn grade(mut self, grade: Grade) -> Self {
        self.grade = Some(grade);
        self
    }

    /// [`Mode::Strict`]: the first bad row aborts the import, leaving the ledger unchanged.
    /// [`Mode::Lenient`] (the default): bad rows are reported and skipped.
    #[must_use]
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Shorthand for [`mode`](Self::mode): `true` is [`Mode::Strict`].
    #[must_use]
    pub fn strict(self, strict: bool) -> Self {
        self.mode(if strict { Mode::Strict } else { Mode::Lenient })
    }

    /// True when a bad row aborts the import.
    pub fn is_strict(&self) -> bool {
        self.mode.is_strict()
    }
}
