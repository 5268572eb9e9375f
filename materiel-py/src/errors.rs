//! The crate's errors as Python exceptions: `MaterielError` and one subclass per family of the
//! crate's errors, each carrying the crate's message.

use materiel::store::StoreError as CrateStoreError;
use pyo3::PyErr;
use pyo3::create_exception;
use pyo3::exceptions::PyException;

create_exception!(
    materiel,
    MaterielError,
    PyException,
    "The base of every error the materiel library raises."
);
create_exception!(
    materiel,
    ParseError,
    MaterielError,
    "Text or a value that is not a valid id, holder, grade, date, time, count, quantity or \
     citation (the crate's `ParseError` and `QuantityError`)."
);
create_exception!(
    materiel,
    CatalogError,
    MaterielError,
    "A catalog that cannot be read or built, or a platform it does not hold (`CatalogError`)."
);
create_exception!(
    materiel,
    LedgerError,
    MaterielError,
    "The ledger refused an entry, a batch or a retraction and is left exactly as it was \
     (`LedgerError`, `BatchError`)."
);
create_exception!(
    materiel,
    JournalError,
    MaterielError,
    "A journal file that cannot be created, opened, read or written (`JournalError`, \
     `SnapshotError`, `CodecError`)."
);
create_exception!(
    materiel,
    StoreError,
    MaterielError,
    "A store failed for a reason of its own (`StoreError`, `CopyError`), or the ledger object \
     was opened read-only."
);
create_exception!(
    materiel,
    PostgresError,
    MaterielError,
    "The PostgreSQL store failed (`PgError`; wheels built with the `postgres` feature)."
);
create_exception!(
    materiel,
    SourceImportError,
    MaterielError,
    "An import of SIPRI or Oryx files stopped: a file that cannot be read, a rejected row in \
     strict mode, or entries the ledger refused; nothing was written (the importers' `Error`). \
     Not Python's built-in `ImportError`."
);
create_exception!(
    materiel,
    ExportError,
    MaterielError,
    "A table could not be written or read back (`ExportError`)."
);

/// A [`ParseError`] with `message`.
pub(crate) fn parse(message: impl Into<String>) -> PyErr {
    ParseError::new_err(message.into())
}

/// The Python exception of a store's error: the ledger's refusal as [`LedgerError`], a
/// journal's failure as [`JournalError`], PostgreSQL's as [`PostgresError`], anything else as
/// [`StoreError`].
pub(crate) fn store(e: CrateStoreError) -> PyErr {
    let message = e.to_string();
    if e.refusal().is_some() {
        return LedgerError::new_err(message);
    }
    if e.downcast_ref::<materiel::journal::JournalError>()
        .is_some()
    {
        return JournalError::new_err(message);
    }
    #[cfg(feature = "postgres")]
    if e.downcast_ref::<materiel::postgres::PgError>().is_some() {
        return PostgresError::new_err(message);
    }
    StoreError::new_err(message)
}

/// Maps a crate error type to its exception family.
pub(crate) trait IntoPy {
    /// The Python exception carrying the error's message.
    fn py(self) -> PyErr;
}

macro_rules! family {
    ($($t:ty => $exc:ident),* $(,)?) => {$(
        impl IntoPy for $t {
            fn py(self) -> PyErr {
                $exc::new_err(self.to_string())
            }
        }
    )*};
}

family!(
    materiel::ParseError => ParseError,
    materiel::units::QuantityError => ParseError,
    materiel::catalog::CatalogError => CatalogError,
    materiel::LedgerError => LedgerError,
    materiel::ledger::BatchError => LedgerError,
    materiel::journal::JournalError => JournalError,
    materiel::journal::SnapshotError => JournalError,
    materiel::codec::CodecError => JournalError,
    materiel::import::sipri::Error => SourceImportError,
    materiel::import::oryx::Error => SourceImportError,
    materiel::import::baseline::Error => SourceImportError,
    materiel::export::ExportError => ExportError,
);

#[cfg(feature = "postgres")]
family!(materiel::postgres::PgError => PostgresError);

impl IntoPy for CrateStoreError {
    fn py(self) -> PyErr {
        store(self)
    }
}

/// `result` with its error as the Python exception of its family.
pub(crate) trait ResultExt<T> {
    /// The result, its error raised as its family's exception.
    fn py(self) -> Result<T, PyErr>;
}

impl<T, E: IntoPy> ResultExt<T> for Result<T, E> {
    fn py(self) -> Result<T, PyErr> {
        self.map_err(IntoPy::py)
    }
}
