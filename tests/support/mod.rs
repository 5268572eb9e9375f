//! Support shared by the integration tests (and, through `#[path]`, the benches): generators of
//! valid ledger histories (`history`) and the PostgreSQL test database (`pg`).

pub(crate) mod history;
#[cfg(feature = "postgres")]
pub(crate) mod pg;
