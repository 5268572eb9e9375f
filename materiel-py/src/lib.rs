//! `materiel._materiel`: the Python bindings of the `materiel` crate, thin wrappers over its
//! public API (the Python package `materiel` re-exports them and turns their columns into
//! pandas DataFrames, `python/materiel/_frames.py`).
//!
//! No function here panics on any input: every failure is a Python exception, a
//! `MaterielError` subclass carrying the crate's message (`errors.rs`).

#![forbid(unsafe_code)]

use pyo3::prelude::*;

mod args;
mod catalog;
mod claims;
mod errors;
mod frame;
mod groups;
mod ledger;
mod report;
mod tables;

/// The compiled part of the `materiel` package: use `import materiel`.
#[pymodule]
fn _materiel(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<ledger::PyLedger>()?;
    m.add_class::<catalog::PyCatalog>()?;
    m.add_class::<report::ImportReport>()?;
    m.add_function(wrap_pyfunction!(ledger::open_journal, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::create_journal, m)?)?;
    m.add_function(wrap_pyfunction!(ledger::memory_ledger, m)?)?;
    #[cfg(feature = "postgres")]
    m.add_function(wrap_pyfunction!(ledger::open_postgres, m)?)?;
    m.add("MaterielError", py.get_type::<errors::MaterielError>())?;
    m.add("ParseError", py.get_type::<errors::ParseError>())?;
    m.add("CatalogError", py.get_type::<errors::CatalogError>())?;
    m.add("LedgerError", py.get_type::<errors::LedgerError>())?;
    m.add("JournalError", py.get_type::<errors::JournalError>())?;
    m.add("StoreError", py.get_type::<errors::StoreError>())?;
    m.add("PostgresError", py.get_type::<errors::PostgresError>())?;
    m.add(
        "SourceImportError",
        py.get_type::<errors::SourceImportError>(),
    )?;
    m.add("ExportError", py.get_type::<errors::ExportError>())?;
    m.add("HAS_POSTGRES", cfg!(feature = "postgres"))?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
