//! Ledger entries: [`NewEntry`] going in, [`Entry`] coming out.

use std::fmt;

use jiff::Timestamp;

use crate::holder::HolderId;
use crate::provenance::Source;

use super::change::{Change, PlatformRef};
use super::facts::{FactSchema, Facts, FactsError};
use super::time::EffectiveDate;

/// The id the ledger gives an entry on append: its position in append order, from 0.
///
/// # Example
///
/// ```
/// let id = materiel::EntryId::new(7);
/// assert_eq!(id.get(), 7);
/// assert_eq!(id.to_string(), "#7");
/// ```
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct EntryId(u64);

impl EntryId {
    /// The id with number `n`.
    pub const fn new(n: u64) -> Self {
        Self(n)
    }
    /// The number.
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// An entry to append: who, what, when it was true, what changed, on whose word, and when it
/// was recorded.
///
/// # Example
///
/// ```
/// use jiff::Timestamp;
/// use materiel::{Change, Count, EffectiveDate, NewEntry, PlatformRef, Source, Status};
///
/// let entry = NewEntry::new(
///     "VEN".parse()?,
///     PlatformRef::catalog("su-30mk2")?,
///     EffectiveDate::year(2008)?,
///     Change::Delivered {
///         count: Count::exact(8)?,
///         into: Status::Unknown,
///         supplier: Some("RUS".parse()?),
///         condition: Default::default(),
///     },
///     Source::new("SIPRI Arms Transfers Database", "A2".parse()?)?,
///     "2025-03-10T00:00:00Z".parse::<Timestamp>().unwrap(),
/// )
/// .with_note("last batch of the 2006 order");
/// assert_eq!(entry.note(), Some("last batch of the 2006 order"));
/// # Ok::<(), materiel::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NewEntry {
    pub(crate) holder: HolderId,
    pub(crate) platform: PlatformRef,
    pub(crate) effective: EffectiveDate,
    pub(crate) recorded: Timestamp,
    pub(crate) change: Change,
    pub(crate) source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) facts: Option<Facts>,
}

/// The JSON form of a [`NewEntry`] read back, from an object only (see `map_only!`).
#[derive(serde::Deserialize)]
#[serde(remote = "NewEntry", deny_unknown_fields)]
struct NewEntryWire {
    holder: HolderId,
    platform: PlatformRef,
    effective: EffectiveDate,
    recorded: Timestamp,
    change: Change,
    source: Source,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    facts: Option<Facts>,
}

crate::map_only::map_only!(NewEntry via NewEntryWire, "struct NewEntry");

impl NewEntry {
    /// An entry about `platform` held by `holder`, in effect from `effective`, recorded at
    /// `recorded` (transaction time), on the word of `source`.
    pub fn new(
        holder: HolderId,
        platform: PlatformRef,
        effective: EffectiveDate,
        change: Change,
        source: Source,
        recorded: Timestamp,
    ) -> Self {
        Self {
            holder,
            platform,
            effective,
            recorded,
            change,
            source,
            note: None,
            facts: None,
        }
    }

    /// Adds a free-text note (financing terms, caveats, what a sighting showed).
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Adds facts from the entry's source (a SIPRI deal's designation, TIV, ...): see
    /// [`Facts`]. The ledger keeps them with the entry and never reads them; read them back
    /// typed with [`NewEntry::facts_as`].
    ///
    /// ```
    /// # use materiel::{Change, EffectiveDate, NewEntry, PlatformRef, Source};
    /// use materiel::import::sipri::SipriDeal;
    /// use materiel::ledger::Facts;
    /// let entry = NewEntry::new(
    ///     "VEN".parse()?,
    ///     PlatformRef::catalog("su-30mk2")?,
    ///     EffectiveDate::year(2008)?,
    ///     Change::Observed { count: None, status: None },
    ///     Source::new("a report", "B2".parse()?)?,
    ///     "2025-03-10T00:00:00Z".parse::<jiff::Timestamp>().unwrap(),
    /// )
    /// .with_facts(SipriDeal::new(33019, "Su-30MK").to_facts());
    /// assert_eq!(entry.facts().map(Facts::tag), Some("sipri"));
    /// assert_eq!(entry.facts_as::<SipriDeal>()?.map(|d| d.deal), Some(33019));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_facts(mut self, facts: Facts) -> Self {
        self.facts = Some(facts);
        self
    }

    /// Replaces the recorded time (to record the same facts again later, as a correction).
    #[must_use]
    pub fn with_recorded(mut self, recorded: Timestamp) -> Self {
        self.recorded = recorded;
        self
    }

    /// The holder.
    pub fn holder(&self) -> &HolderId {
        &self.holder
    }
    /// The platform.
    pub fn platform(&self) -> &PlatformRef {
        &self.platform
    }
    /// When the change was true in the world.
    pub fn effective(&self) -> EffectiveDate {
        self.effective
    }
    /// When the change was recorded.
    pub fn recorded(&self) -> Timestamp {
        self.recorded
    }
    /// What changed.
    pub fn change(&self) -> &Change {
        &self.change
    }
    /// On whose word, with its grade.
    pub fn source(&self) -> &Source {
        &self.source
    }
    /// The note, if any.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// The facts, if any (see [`NewEntry::with_facts`]), as the ledger keeps them: a source
    /// tag and opaque JSON.
    pub fn facts(&self) -> Option<&Facts> {
        self.facts.as_ref()
    }

    /// The facts read as the schema `T`: `Ok(None)` when the entry has no facts, or facts of
    /// another source (see [`Facts::get`]).
    ///
    /// # Errors
    ///
    /// [`FactsError::Value`] when the entry's facts carry `T`'s tag but do not match its
    /// schema.
    ///
    /// # Example
    ///
    /// See [`NewEntry::with_facts`].
    pub fn facts_as<T: FactSchema>(&self) -> Result<Option<T>, FactsError> {
        self.facts().map_or(Ok(None), Facts::get)
    }
}

/// An entry as the ledger holds it: a [`NewEntry`] with the [`EntryId`] it was given.
///
/// Serialized as the entry's fields plus `"id"`; read back, any other field is an error (a
/// misspelt `"notes"` is not quietly dropped).
///
/// ```
/// let line = r#"{"id":0,"holder":"VEN","platform":"su-30mk2","effective":"2008",
///     "recorded":"2025-03-10T00:00:00Z","change":{"kind":"observed"},
///     "source":{"citation":"a report","grade":"B2"},"notes":"two seen"}"#;
/// let err = serde_json::from_str::<materiel::Entry>(line).unwrap_err();
/// assert!(err.to_string().starts_with("unknown field `notes`"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "EntryWire")]
pub struct Entry {
    id: EntryId,
    #[serde(flatten)]
    entry: NewEntry,
}

/// The JSON form of an [`Entry`] read back: the fields of [`NewEntry`] and `id`, spelt out
/// because serde cannot reject unknown fields through `#[serde(flatten)]`.
#[derive(serde::Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
struct EntryWire {
    id: EntryId,
    holder: HolderId,
    platform: PlatformRef,
    effective: EffectiveDate,
    recorded: Timestamp,
    change: Change,
    source: Source,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    facts: Option<Facts>,
}

crate::map_only::map_only!(EntryWire, "struct EntryWire");

impl From<EntryWire> for Entry {
    fn from(w: EntryWire) -> Self {
        Entry::new(
            w.id,
            NewEntry {
                holder: w.holder,
                platform: w.platform,
                effective: w.effective,
                recorded: w.recorded,
                change: w.change,
                source: w.source,
                note: w.note,
                facts: w.facts,
            },
        )
    }
}

impl Entry {
    pub(crate) fn new(id: EntryId, entry: NewEntry) -> Self {
        Self { id, entry }
    }
    /// The id given on append.
    pub fn id(&self) -> EntryId {
        self.id
    }
    /// The entry's content (holder, platform, dates, change, source, note).
    pub fn content(&self) -> &NewEntry {
        &self.entry
    }
    /// The content, by value (to append it to another ledger).
    pub fn into_content(self) -> NewEntry {
        self.entry
    }
}

impl std::ops::Deref for Entry {
    type Target = NewEntry;
    fn deref(&self) -> &NewEntry {
        &self.entry
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {}: {} [{}]",
            self.id, self.effective, self.holder, self.platform, self.change, self.source
        )
    }
}
