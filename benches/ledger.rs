//! Ledger benchmarks (see BENCHMARKS.md).
fn main() {}
