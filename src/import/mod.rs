//! Importers: turn another dataset's export into [ledger](crate::ledger::Ledger) entries.
//!
//! One module per source format:
//!
//! * [`sipri`]: the SIPRI Arms Transfers Database CSV export ([`sipri::import_sipri`] states
//!   the mapping rules; [`sipri::SipriReport`] names every rejected row by line, field and
//!   value).
//!
//! Importers sit above the [`ledger`](crate::ledger) and the [`catalog`](crate::catalog):
//! they resolve names through a catalog and append through
//! [`Ledger::append`](crate::ledger::Ledger::append), so an imported entry is validated
//! exactly like a hand-written one.

mod countries;
pub mod sipri;
