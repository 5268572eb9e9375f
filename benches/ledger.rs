//! Ledger benchmarks (placeholder until the ledger lands).

fn main() {}
