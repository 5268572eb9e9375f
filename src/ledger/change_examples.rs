//! [`Change::examples`]: one change of every kind, the fixture every place that spells out the
//! kinds is tested against (kept apart from `change.rs`, which defines the kinds).

use super::change::{Basis, Change, Condition, Count, LossCause, RequestKind, Status};
use super::claims::{Decision, Quantity};
use super::entry::EntryId;
use crate::holder::HolderId;

impl Change {
    /// One change of every kind, in declaration order (the order of
    /// [`VARIANTS`](strum::VariantNames::VARIANTS)): the fixture that every place spelling out
    /// the kinds (the journal's wire form, checkpoints, the export, the `materiel` command's
    /// flags, bindings) is tested against, so that a new kind is caught where it is not yet
    /// handled.
    ///
    /// In order they are a valid history of one lot of a holder other than `COL` and `CUB`
    /// (its first entry the request, dated so that each follows the one before): 24 requested
    /// from and ordered from Russia, delivered operational; 2 to maintenance; an assessment of
    /// 20 operational and 4 in maintenance; 1 captured by Colombia; 1 retired; 1 expended; 2
    /// transferred to Cuba; 15 seen operational; the opening stock stated unknown; a claim of
    /// 16 held; a resolution picking that claim (a resolution needs a note, its reason); and
    /// the retraction of the first entry, the request.
    ///
    /// # Example
    ///
    /// ```
    /// use materiel::{Catalog, Change, EffectiveDate, Ledger, NewEntry, PlatformRef, Source};
    /// use strum::VariantNames;
    ///
    /// let examples = Change::examples();
    /// let names: Vec<&str> = examples.iter().map(Change::name).collect();
    /// assert_eq!(names, Change::VARIANTS);
    ///
    /// let mut ledger = Ledger::new(Catalog::reference());
    /// for (day, change) in (1..).zip(examples) {
    ///     ledger.append(NewEntry::new(
    ///         "VEN".parse()?,
    ///         PlatformRef::catalog("su-30mk2")?,
    ///         EffectiveDate::day(2020, 1, day)?,
    ///         change,
    ///         Source::new("a report", "B2".parse()?)?,
    ///         "2025-01-01T00:00:00Z".parse()?,
    ///     ).with_note(format!("example {day}")))?; // a resolution gives its reason in its note
    /// }
    /// assert_eq!(ledger.len(), Change::VARIANTS.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn examples() -> Vec<Change> {
        let n = |value| Count::total(value, Basis::Exact);
        let rus = || Some(HolderId::known_state("RUS"));
        vec![
            Change::Requested {
                count: Some(Count::total(24, Basis::About)),
                supplier: rus(),
                request: RequestKind::Acquisition,
            },
            Change::Ordered {
                count: n(24),
                supplier: rus(),
                condition: Condition::New,
            },
            Change::Delivered {
                count: n(24),
                into: Status::Operational,
                supplier: rus(),
                condition: Condition::New,
            },
            Change::StatusChanged {
                from: Status::Operational,
                to: Status::NonOperationalMaintenance,
                count: n(2),
            },
            Change::Assessed {
                breakdown: vec![
                    (Status::Operational, n(20)),
                    (Status::NonOperationalMaintenance, n(4)),
                ],
            },
            Change::Lost {
                count: n(1),
                from: Status::Operational,
                cause: LossCause::Captured {
                    by: Some(HolderId::known_state("COL")),
                },
            },
            Change::Retired {
                count: n(1),
                from: Status::NonOperationalMaintenance,
            },
            Change::Expended {
                count: n(1),
                from: Status::Operational,
            },
            Change::Transferred {
                count: n(2),
                to: HolderId::known_state("CUB"),
                from: Status::Operational,
                into: Status::Unknown,
            },
            Change::Observed {
                count: Some(n(15)),
                status: Some(Status::Operational),
            },
            Change::OpeningUnknown,
            Change::Claimed {
                quantity: Quantity::Held,
                count: n(16),
            },
            Change::Resolved {
                quantity: Quantity::Held,
                decision: Decision::Pick {
                    entry: EntryId::new(11),
                },
            },
            Change::Retracted {
                entry: EntryId::new(0),
            },
        ]
    }
}
