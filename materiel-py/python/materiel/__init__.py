"""materiel from Python: military equipment inventories from open sources.

A bitemporal ledger of deliveries, status changes, losses, transfers and procurement steps,
each with its source and Admiralty grade; SIPRI and Oryx importers; a typed catalog of
platforms. Queries answer as pandas DataFrames with the columns and types of the library's CSV
export (see ``materiel-py/README.md``, "Columns and types").

Example:

>>> import materiel
>>> ledger = materiel.memory_ledger()
>>> ledger.record({
...     "holder": "VEN", "platform": "su-30mk2", "effective": "2006",
...     "recorded": "2025-03-10T00:00:00Z",
...     "change": {"kind": "delivered", "count": {"value": 4}, "into": "unknown"},
...     "source": {"citation": "SIPRI Arms Transfers Database", "grade": "A2"}})
0
>>> ledger.holdings("VEN")["in_service"].tolist()
[4]
"""

from ._materiel import (
    HAS_POSTGRES,
    CatalogError,
    Catalog,
    ExportError,
    ImportReport,
    JournalError,
    Ledger,
    LedgerError,
    MaterielError,
    ParseError,
    PostgresError,
    SourceImportError,
    StoreError,
    __version__,
    create_journal,
    memory_ledger,
    open_journal,
)

if HAS_POSTGRES:
    from ._materiel import open_postgres  # noqa: F401

__all__ = [
    "HAS_POSTGRES",
    "Catalog",
    "CatalogError",
    "ExportError",
    "ImportReport",
    "JournalError",
    "Ledger",
    "LedgerError",
    "MaterielError",
    "ParseError",
    "PostgresError",
    "SourceImportError",
    "StoreError",
    "__version__",
    "create_journal",
    "memory_ledger",
    "open_journal",
] + (["open_postgres"] if HAS_POSTGRES else [])
