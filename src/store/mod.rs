//! One seam for every place a ledger is kept.

pub(crate) mod fs;
