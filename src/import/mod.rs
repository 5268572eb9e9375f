//! Data in and out: the durable journal and the SIPRI importer.

pub(crate) mod countries;
pub(crate) mod journal;
pub(crate) mod sipri;
