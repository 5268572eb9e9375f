//! materiel: typed catalog and bitemporal ledger of military equipment inventories.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod catalog;
mod error;
mod holder;
mod provenance;
mod units;

pub use crate::{
    catalog::{
        AircraftSpec, Catalog, Envelope, GenericCategory, GenericSpec, Guidance, MissileRole,
        MissileSpec, PayloadRange, Platform, PlatformBuilder, PlatformId, PlatformKind,
        SamSystemSpec, Spec, TransportSpec,
    },
    error::{CatalogError, ParseError, QuantityError},
    holder::HolderId,
    provenance::{Credibility, Grade, Reliability, Source},
    units::{
        Dimension, Length, LengthUnit, Mass, MassUnit, Quantity, Unit, Velocity, VelocityUnit,
        display_quantity, format_quantity, parse_quantity,
    },
};
