//! [`LedgerError`]: why the ledger rejected an append or a retraction.

use jiff::Timestamp;

use crate::catalog::PlatformId;
use crate::holder::HolderId;

use super::change::{PlatformRef, Status};
use super::entry::EntryId;
use super::time::EffectiveDate;

/// Why the ledger rejected an append or a retraction. A rejected operation leaves the ledger
/// exactly as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// The entry names a catalog platform the ledger's catalog does not hold.
    #[error("unknown platform `{platform}`: not in the ledger's catalog")]
    UnknownPlatform {
        /// The id given.
        platform: PlatformId,
    },
    /// The entry would make a count negative at some valid date (possibly long after its own
    /// date, for a back-dated entry, or at the receiver of a retracted transfer).
    #[error("entry would make {status} {platform} of {holder} negative ({value}) from {date}")]
    NegativeCount {
        /// The holder whose count would go negative.
        holder: HolderId,
        /// The platform.
        platform: PlatformRef,
        /// The status whose count would go negative.
        status: Status,
        /// The first effective date where it would.
        date: EffectiveDate,
        /// The count it would reach there.
        value: i64,
    },
    /// Transaction time goes forwards: the entry was recorded before the latest entry.
    #[error("entry recorded at {recorded} is older than the latest entry, recorded at {latest}")]
    RecordedOutOfOrder {
        /// The entry's recorded time.
        recorded: Timestamp,
        /// The latest recorded time in the ledger.
        latest: Timestamp,
    },
    /// A retraction names an entry the ledger does not have.
    #[error("no entry {entry} to retract")]
    UnknownEntry {
        /// The id given.
        entry: EntryId,
    },
    /// A retraction names an entry that is already retracted.
    #[error("entry {entry} is already retracted by {by}")]
    AlreadyRetracted {
        /// The id given.
        entry: EntryId,
        /// The earlier retraction.
        by: EntryId,
    },
    /// A retraction names a retraction: record the entry again instead.
    #[error(
        "entry {entry} is a retraction and cannot be retracted; append the entry again instead"
    )]
    RetractsRetraction {
        /// The id given.
        entry: EntryId,
    },
    /// A retraction's holder or platform differs from the entry it retracts.
    #[error("retraction of {entry} must name its holder {holder} and platform {platform}")]
    RetractionMismatch {
        /// The id given.
        entry: EntryId,
        /// The retracted entry's holder.
        holder: HolderId,
        /// The retracted entry's platform.
        platform: PlatformRef,
    },
    /// The change itself is malformed (a zero count, a status change to the same status, a
    /// transfer to oneself, a status listed twice in an assessment, a count too large: a
    /// total the ledger added up, put back in an entry; see [`Count`](super::Count)).
    #[error("invalid {change} entry: {reason}")]
    InvalidChange {
        /// The change's kind name.
        change: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The ledger holds the most entries it can (2^32 - 1).
    #[error("the ledger is full ({entries} entries)")]
    Full {
        /// The number of entries.
        entries: u64,
    },
    /// The ledger was loaded from the holder slices of a checkpoint
    /// ([`JournalOptions::only_holders`](crate::journal::JournalOptions::only_holders)): it
    /// holds only some holders' entries, so it takes no new entry and writes no checkpoint.
    #[error(
        "the ledger holds only the entries of {}: it takes no new entries (load the whole journal to write)",
        list(holders)
    )]
    Partial {
        /// The holders it holds.
        holders: Vec<crate::holder::HolderId>,
    },
}

/// `VEN, RUS`, or `no holder`.
fn list(holders: &[crate::holder::HolderId]) -> String {
    if holders.is_empty() {
        return "no holder".into();
    }
    let names: Vec<&str> = holders.iter().map(|h| h.as_str()).collect();
    names.join(", ")
}
