//! How a journal is opened: [`Durability`] and [`JournalOptions`].

#[cfg(doc)]
use super::Journal;
use crate::codec::DEFAULT_MAX_LINE_BYTES;
use crate::holder::HolderId;

/// When the journal asks the operating system to put appended lines on stable storage.
///
/// See [`Journal`'s durability section](Journal#durability).
///
/// # Example
///
/// ```
/// # use materiel::journal::{Journal, JournalOptions};
/// # use materiel::{Catalog, Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
/// # let dir = tempfile::tempdir()?;
/// # let path = dir.path().join("ledger.journal");
/// # let delivery = NewEntry::new("VEN".parse()?, PlatformRef::catalog("su-30mk2")?, EffectiveDate::year(2006)?,
/// #     Change::Delivered { count: Count::exact(2)?, into: Status::Operational, supplier: None, condition: Default::default() },
/// #     Source::new("a report", "B2".parse()?)?, "2025-01-01T00:00:00Z".parse()?);
/// use materiel::journal::Durability;
/// assert_eq!(Durability::default(), Durability::EveryEntry);
/// // Cheap appends, made durable together by `sync`.
/// let options = JournalOptions::new().durability(Durability::OnSync);
/// let mut journal = Journal::create(&path, Catalog::reference(), &options)?;
/// journal.append(delivery)?;
/// journal.sync()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Durability {
    /// `fdatasync` after every append, before `append` returns: an entry whose `append`
    /// returned `Ok` survives a crash or power loss (given honest storage).
    #[default]
    EveryEntry,
    /// Only on an explicit [`Journal::sync`]: appends are cheap, and a crash can lose any entry
    /// appended since the last successful `sync` (never an earlier one, never part of a line
    /// that is then taken for an entry).
    OnSync,
}

/// How to create or open a [`Journal`].
///
/// # Example
///
/// ```
/// use materiel::journal::{Durability, JournalOptions};
///
/// let options = JournalOptions::new()
///     .durability(Durability::OnSync)
///     .repair(true)
///     .max_line_bytes(64 * 1024);
/// assert!(options.repairs());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalOptions {
    pub(super) durability: Durability,
    pub(super) repair: bool,
    pub(super) max_line_bytes: usize,
    pub(super) load_checkpoint: bool,
    pub(super) only_holders: Option<Vec<HolderId>>,
}

impl Default for JournalOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl JournalOptions {
    /// [`Durability::EveryEntry`], no repair, lines up to [`DEFAULT_MAX_LINE_BYTES`].
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{DEFAULT_MAX_LINE_BYTES, Durability, JournalOptions};
    /// let options = JournalOptions::new();
    /// assert_eq!(options, JournalOptions::default());
    /// assert_eq!(options.durability_policy(), Durability::EveryEntry);
    /// assert!(!options.repairs());
    /// assert_eq!(options.line_limit(), DEFAULT_MAX_LINE_BYTES);
    /// ```
    pub const fn new() -> Self {
        Self {
            durability: Durability::EveryEntry,
            repair: false,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            load_checkpoint: true,
            only_holders: None,
        }
    }
    /// Sets the durability policy.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{Durability, JournalOptions};
    /// let options = JournalOptions::new().durability(Durability::OnSync);
    /// assert_eq!(options.durability_policy(), Durability::OnSync);
    /// ```
    #[must_use]
    pub const fn durability(mut self, durability: Durability) -> Self {
        self.durability = durability;
        self
    }
    /// Whether [`Journal::open`] repairs a torn tail at once, keeping the bytes it cuts in a
    /// side file (default `false`: it is reported and appends are refused until
    /// [`Journal::repair`]). See [crash recovery](Journal#crash-recovery).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::JournalOptions;
    /// assert!(JournalOptions::new().repair(true).repairs());
    /// ```
    #[must_use]
    pub const fn repair(mut self, repair: bool) -> Self {
        self.repair = repair;
        self
    }
    /// The longest line accepted on reading and writing, newline excluded (at least 256).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::JournalOptions;
    /// assert_eq!(JournalOptions::new().max_line_bytes(64 * 1024).line_limit(), 65_536);
    /// assert_eq!(JournalOptions::new().max_line_bytes(10).line_limit(), 256); // the least
    /// ```
    #[must_use]
    pub const fn max_line_bytes(mut self, bytes: usize) -> Self {
        self.max_line_bytes = if bytes < 256 { 256 } else { bytes };
        self
    }
    /// Whether opening or reading loads the journal's checkpoint when it fits (default
    /// `true`). Loading one reads only the last line it covers, not the lines before it: with
    /// `false` every line is read and checked (what `materiel verify` does), and the
    /// checkpoint's status is [`CheckpointStatus::NotRead`](super::CheckpointStatus::NotRead).
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::JournalOptions;
    /// assert!(JournalOptions::new().loads_checkpoint());
    /// assert!(!JournalOptions::new().load_checkpoint(false).loads_checkpoint());
    /// ```
    #[must_use]
    pub const fn load_checkpoint(mut self, load: bool) -> Self {
        self.load_checkpoint = load;
        self
    }
    /// For [`Journal::read`]: load only the entries that touch `holders`' lots, from the
    /// checkpoint's holder slices (default: the whole ledger). A question about one holder
    /// then reads and indexes only that holder's records, not the whole ledger.
    ///
    /// The ledger read is partial ([`Ledger::partial_holders`](crate::Ledger::partial_holders)
    /// says which holders it holds): its entries keep their ids, every answer about those
    /// holders (holdings, lots, timelines, pipelines, losses, bounds, conflicts, provenance,
    /// notes and facts) is the whole ledger's, and **queries about any other holder see
    /// nothing** (the other side of a transfer or capture included). It takes no new entry
    /// ([`LedgerError::Partial`](crate::LedgerError::Partial)).
    ///
    /// When the checkpoint has no slices (version 5), does not cover the whole journal
    /// (lines after it), or a slice is damaged, the whole ledger is read instead, and
    /// [`Replay::checkpoint`](super::Replay::checkpoint) says why
    /// ([`CheckpointStatus::Loaded`](super::CheckpointStatus::Loaded)'s `slices_unused`).
    /// [`Journal::open`] (a writer) always reads the whole ledger.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::JournalOptions;
    /// let ven: materiel::HolderId = "VEN".parse()?;
    /// let options = JournalOptions::new().only_holders([ven.clone()]);
    /// assert_eq!(options.holders_only(), Some(&[ven][..]));
    /// assert_eq!(JournalOptions::new().holders_only(), None);
    /// # Ok::<(), materiel::ParseError>(())
    /// ```
    #[must_use]
    pub fn only_holders(mut self, holders: impl IntoIterator<Item = HolderId>) -> Self {
        self.only_holders = Some(holders.into_iter().collect());
        self
    }
    /// The holders [`JournalOptions::only_holders`] asked for, if any.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::JournalOptions;
    /// assert!(JournalOptions::new().holders_only().is_none());
    /// ```
    pub fn holders_only(&self) -> Option<&[HolderId]> {
        self.only_holders.as_deref()
    }
    /// Whether opening loads the checkpoint.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::JournalOptions;
    /// assert!(JournalOptions::new().loads_checkpoint());
    /// ```
    pub const fn loads_checkpoint(&self) -> bool {
        self.load_checkpoint
    }
    /// The durability policy.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{Durability, JournalOptions};
    /// assert_eq!(JournalOptions::new().durability_policy(), Durability::EveryEntry);
    /// ```
    pub const fn durability_policy(&self) -> Durability {
        self.durability
    }
    /// Whether opening repairs a torn tail.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::JournalOptions;
    /// assert!(!JournalOptions::new().repairs());
    /// ```
    pub const fn repairs(&self) -> bool {
        self.repair
    }
    /// The longest line accepted.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::journal::{DEFAULT_MAX_LINE_BYTES, JournalOptions};
    /// assert_eq!(JournalOptions::new().line_limit(), DEFAULT_MAX_LINE_BYTES);
    /// ```
    pub const fn line_limit(&self) -> usize {
        self.max_line_bytes
    }
}
