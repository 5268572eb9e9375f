//! Support shared by the integration tests (and, through `#[path]`, the benches): the history
//! generators, property-test strategies built from shared pieces (`history`) and the
//! deterministic workloads the benches measure (`workload`), and the PostgreSQL test database
//! (`pg`).

pub(crate) mod history;
#[cfg(feature = "postgres")]
pub(crate) mod pg;
pub(crate) mod workload;
