//! End-to-end tests of the `materiel` binary, in one test binary: the commands on journals
//! (`cli`), every change kind through `record` (`change_kinds`), and on a PostgreSQL store
//! (`postgres`, `#[ignore = "needs MATERIEL_TEST_PG"]`: run with `cargo test -- --ignored`, as
//! `.ci/run` does).

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod support;

mod change_kinds;
mod cli;
mod cli_baseline;
mod cli_bounds;
mod cli_charts;
mod cli_group;
mod cli_headings;
mod cli_honest;
mod cli_origin;
mod cli_oryx;
mod cli_output;
mod cli_record;
mod cli_world;
mod conflicts;
mod postgres;
mod readme_flagship;
mod reresolve;
