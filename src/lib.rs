//! materiel: typed catalog and bitemporal ledger of military equipment inventories.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod catalog;
mod error;
mod holder;
mod io;
mod ledger;
mod provenance;
mod units;

pub use crate::{
    catalog::{Catalog, Platform, PlatformId, PlatformKind, Spec, TransportSpec},
    error::{LedgerError, ParseError, QuantityError},
    holder::HolderId,
    io::journal::{
        DEFAULT_MAX_LINE_BYTES, Durability, ErrorPath, IoError, JOURNAL_FORMAT, JOURNAL_VERSION,
        Journal, JournalError, JournalOptions, JournalReader, Recovery, Replay, SNAPSHOT_FORMAT,
        SNAPSHOT_VERSION,
    },
    ledger::{
        Ledger, MAX_COUNT,
        change::{Basis, Change, Condition, Count, LossCause, PlatformRef, RequestKind, Status},
        entry::{Entry, EntryId, NewEntry},
        query::{
            AsOf, Capacity, Holdings, LotState, PipelineItem, Provenance, Readiness, TimelineStep,
        },
        time::{EffectiveDate, Precision},
    },
    provenance::{Credibility, Grade, Reliability, Source},
    units::{
        Dimension, Length, LengthUnit, Mass, MassUnit, Quantity, Unit, Velocity, VelocityUnit,
        display_quantity, format_quantity, parse_quantity,
    },
};
