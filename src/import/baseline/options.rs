//! [`Options`]: how to import a baseline table.

use jiff::Timestamp;

use crate::import::Mode;

/// How to import: the recorded time and the [`Mode`]. A builder; the default imports
/// leniently, recorded at the time of the import ([`Timestamp::now`]).
///
/// # Example
///
/// ```
/// use materiel::import::baseline::Options;
///
/// let options = Options::new().recorded("2025-07-20T00:00:00Z".parse()?).strict(true);
/// assert!(options.is_strict());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    pub(super) recorded: Option<Timestamp>,
    pub(super) mode: Mode,
}

impl Options {
    /// Every row, leniently, recorded now.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records every claim at `recorded` (the import's transaction time) instead of now.
    #[must_use]
    pub fn recorded(mut self, recorded: Timestamp) -> Self {
        self.recorded = Some(recorded);
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
