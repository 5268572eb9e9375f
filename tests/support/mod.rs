//! Support shared by the integration tests (and, through `#[path]`, the benches): the history
//! generators, property-test strategies built from shared pieces (`history`) and the
//! deterministic workloads the benches measure (`workload`), the PostgreSQL test database
//! (`pg`), and reading SVG charts back (`svg`, which the command line's tests include too).

pub(crate) mod history;
#[cfg(feature = "postgres")]
pub(crate) mod pg;
pub(crate) mod svg;
pub(crate) mod workload;

/// Set to `1` (as `.ci/run` does), the slowest exhaustive tests run in full: every bit of every
/// checkpoint byte flipped, every journal offset truncated, 40 process races. Unset, each runs
/// a quick form over a fixed sample of the same cases (a third to a quarter of them), so that a
/// plain `cargo test` stays short.
pub(crate) const EXHAUSTIVE_VAR: &str = "MATERIEL_TEST_EXHAUSTIVE";

/// Whether the exhaustive forms run ([`EXHAUSTIVE_VAR`] is `1`).
pub(crate) fn exhaustive() -> bool {
    std::env::var(EXHAUSTIVE_VAR).is_ok_and(|v| v == "1")
}
