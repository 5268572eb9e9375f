//! The library's integration tests, in one test binary: each module was once its own binary,
//! and linking the library into each cost most of a cold `cargo test`. Shared generators and
//! the PostgreSQL test database are in `tests/support/`.
//!
//! The PostgreSQL tests are `#[ignore = "needs MATERIEL_TEST_PG"]`: a plain
//! `cargo test --workspace` lists them as ignored; `.ci/run` runs them with `--include-ignored`
//! against the server it starts.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

#[path = "../support/mod.rs"]
mod support;

mod all_holdings;
mod baseline;
mod captures;
mod catalog;
mod catalog_props;
mod chart;
mod checkpoint;
mod checkpoint_sections;
mod checkpoint_slices;
mod examples;
mod export;
mod facts;
mod family;
mod grades;
mod group;
mod identity;
mod journal;
mod journal_damage;
mod journal_processes;
mod journal_snapshot;
mod journal_wire;
mod ledger_batch;
mod ledger_changes;
mod ledger_claims;
mod ledger_model;
mod ledger_order;
mod origin;
mod origin_sources;
mod oryx;
mod oryx_types;
mod parse_errors;
mod pipeline;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "postgres")]
mod postgres_checkpoint;
#[cfg(feature = "postgres")]
mod postgres_processes;
#[cfg(feature = "postgres")]
mod postgres_restart;
mod query_views;
mod reresolve;
mod sipri;
mod store;
mod tiv;
mod units;
mod validation;
