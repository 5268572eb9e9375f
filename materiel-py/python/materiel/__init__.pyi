"""Type stubs of the `materiel` package (its functions and classes are compiled: `_materiel`).

Every query returns a ``pandas.DataFrame`` with the columns of the library's CSV export; the
column types are listed in ``materiel-py/README.md`` ("Columns and types").
"""

import datetime
import os
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import pandas as pd

__version__: str
HAS_POSTGRES: bool
"""Whether the wheel was built with the `postgres` feature (`open_postgres`)."""

Path = Union[str, os.PathLike[str]]
Day = Union[datetime.date, datetime.datetime, str]
"""A valid date: a ``date``, the date of a ``datetime``, or text as the command line's ``--at``
takes it: ``YYYY-MM-DD``, ``YYYY-MM`` (the month's last day) or ``YYYY`` (the year's last
day). Another type (an ``int`` such as ``2013``) raises ``TypeError``."""
Time = Union[datetime.datetime, datetime.date, str]
"""A point in time: an aware ``datetime`` (a naive one is UTC), RFC 3339 text, or a day (its
last instant in UTC)."""
QuantityJson = Union[str, Mapping[str, str]]
"""A quantity in its JSON form: ``"held"``, ``"delivered"``, ``"lost"`` or
``{"in_status": "stored"}``."""
EntryJson = Union[Mapping[str, Any], str]
"""An entry in its JSON form (a dict or JSON text), as journals write it, without ``id``."""

class MaterielError(Exception):
    """The base of every error the materiel library raises.

    >>> try:
    ...     materiel.open_journal("missing.journal")
    ... except materiel.MaterielError as e:
    ...     print(type(e).__name__)
    JournalError
    """

class ParseError(MaterielError):
    """Text or a value that is not a valid id, holder, grade, date, time, count or quantity;
    also a holder a query names that is neither a country or organisation the name table
    knows nor a holder of the ledger ("unknown holder"), as the command line refuses it.

    >>> materiel.memory_ledger().holdings(at="yesterday")  # raises ParseError
    """

class CatalogError(MaterielError):
    """A catalog that cannot be read, or a platform it does not hold.

    >>> materiel.Catalog().platform("X-wing")  # raises CatalogError
    """

class LedgerError(MaterielError):
    """The ledger refused an entry, batch or retraction; it is left exactly as it was.

    >>> ledger.record(loss_of_more_than_held)  # raises LedgerError: ... negative ...
    """

class JournalError(MaterielError):
    """A journal file that cannot be created, opened, read or written.

    >>> materiel.create_journal("existing.journal")  # raises JournalError: never overwrites
    """

class StoreError(MaterielError):
    """A store's own failure, or a change asked of a ledger opened read-only.

    >>> materiel.open_journal("ven.journal").record(entry)  # raises StoreError: read-only
    """

class PostgresError(MaterielError):
    """The PostgreSQL store failed (wheels built with the `postgres` feature).

    >>> materiel.open_postgres("postgres://nobody@127.0.0.1:1/none")  # raises PostgresError
    """

class SourceImportError(MaterielError):
    """An import of SIPRI or Oryx files stopped; nothing was written. Not ``ImportError``.

    >>> ledger.import_sipri("missing.csv")  # raises SourceImportError
    """

class ExportError(MaterielError):
    """A table could not be written or read back.

    >>> # Raised only if the library's export and the bindings disagree on a column's type.
    """

class ImportReport:
    """What an import did.

    >>> report = ledger.import_sipri("trade-register.csv", recipients=["Venezuela"])
    >>> report.entries_created, report.first_entry, report.last_entry
    (269, 0, 268)
    """

    source: str
    """``"sipri"``, ``"oryx"`` or ``"baseline"``."""
    rows_read: int
    rows_imported: int
    rows_filtered: int
    rejected: list[dict[str, Any]]
    """One dict per rejected row: ``line``, ``field``, ``value``, ``problem``, ``reason``,
    ``message``."""
    entries_created: int
    first_entry: Optional[int]
    last_entry: Optional[int]
    recorded: str
    """The entries' recorded time, RFC 3339."""
    details: dict[str, Any]
    """The importer's own figures (SIPRI: ``deals``, ``orders``, ``deliveries``, ...; Oryx:
    ``items``, ``merged_rows``, ``captures_credited``, ...)."""
    text: str
    """The importer's report as text (also ``str(report)``)."""

class Catalog:
    """A catalog of platform models.

    >>> catalog = materiel.Catalog()          # the bundled reference catalog
    >>> catalog.platform("Su-30MK2")["kind"]
    'aircraft'
    """

    def __init__(self) -> None:
        """The bundled reference catalog.

        >>> len(materiel.Catalog()) > 100
        True
        """
    @staticmethod
    def from_json(text: str) -> Catalog:
        """A catalog from its JSON form.

        >>> materiel.Catalog.from_json(open("catalog.json").read())
        """
    def to_json(self) -> str:
        """The catalog's JSON form, which ``Catalog.from_json`` reads back.

        >>> c = materiel.Catalog()
        >>> len(materiel.Catalog.from_json(c.to_json())) == len(c)
        True
        """
    @staticmethod
    def from_dir(path: Path) -> Catalog:
        """A catalog from a directory of TOML files (the bundled catalog's format).

        >>> materiel.Catalog.from_dir("catalog/")
        """
    def __len__(self) -> int:
        """The number of platforms.

        >>> len(materiel.Catalog()) > 0
        True
        """
    def __contains__(self, name: str) -> bool:
        """Whether ``name`` is a platform's id, designation or alias.

        >>> "Su-30MK2" in materiel.Catalog()
        True
        """
    def platform(self, name: str) -> dict[str, Any]:
        """The platform named ``name`` (id, designation or alias), in its JSON form.

        >>> materiel.Catalog().platform("su-30mk2")["spec"]["range"]["value"]
        '3000 km'
        """
    def platforms(self) -> pd.DataFrame:
        """Every platform, in the catalog's order: ``id``, ``designation``, ``kind`` and ``category``
        (categoricals), ``parent``, ``is_family``, ``origin``, ``manufacturer``,
        ``service_entry``.

        >>> materiel.Catalog().platforms().query("kind == 'aircraft'").head()
        """
    def figures(self, name: str) -> pd.DataFrame:
        """The figures of a platform, one row per quote, with units as text (``value``,
        ``min``, ``max``) and as SI floats (``value_si``, ``min_si``, ``max_si``, in
        ``unit_si``).

        >>> f = materiel.Catalog().figures("Su-30MK2")
        >>> f.loc[f.field == "range", ["value", "value_si", "unit_si"]].values.tolist()
        [['3000 km', 3000000.0, 'm']]
        """

class Ledger:
    """A ledger, read-only or opened for writing.

    >>> ledger = materiel.memory_ledger()
    >>> len(ledger), ledger.writable
    (0, True)
    """

    @property
    def label(self) -> str:
        """Where the ledger is: a journal's path, ``memory``, a PostgreSQL schema.

        >>> materiel.memory_ledger().label
        'memory'
        """
    @property
    def writable(self) -> bool:
        """Whether the ledger was opened for writing.

        >>> materiel.open_journal("ven.journal").writable
        False
        """
    @property
    def recovery(self) -> Optional[str]:
        """The torn tail found when a journal was read, if any (its entries are left out).

        >>> materiel.open_journal("ven.journal").recovery is None
        True
        """
    @property
    def catalog(self) -> Catalog:
        """The ledger's catalog.

        >>> materiel.memory_ledger().catalog.platform("Su-30MK2")["id"]
        'su-30mk2'
        """
    def __len__(self) -> int:
        """The number of entries, retractions included.

        >>> len(materiel.memory_ledger())
        0
        """
    def record(self, entry: EntryJson) -> int:
        """Appends one entry and returns its id; raises ``LedgerError`` when refused.

        >>> ledger.record({
        ...     "holder": "VEN", "platform": "su-30mk2", "effective": "2006",
        ...     "recorded": "2025-03-10T00:00:00Z",
        ...     "change": {"kind": "delivered", "count": {"value": 4}, "into": "unknown"},
        ...     "source": {"citation": "SIPRI Arms Transfers Database", "grade": "A2"}})
        0
        """
    def record_many(self, entries: Iterable[EntryJson]) -> Optional[tuple[int, int]]:
        """Appends entries as one batch (all or none); the first and last ids.

        >>> ledger.record_many([delivery_2007, delivery_2008])
        (1, 2)
        """
    def retract(
        self, entry: int, source: Mapping[str, Any], recorded: Time, note: Optional[str] = None
    ) -> int:
        """Withdraws entry ``entry``; returns the retraction's id.

        >>> ledger.retract(0, {"citation": "analyst correction", "grade": "B2"},
        ...                "2025-03-11T00:00:00Z", note="keyed twice")
        3
        """
    def import_sipri(
        self,
        path: Path,
        *,
        strict: bool = False,
        recipients: Optional[Sequence[str]] = None,
        recorded: Optional[Time] = None,
        edition: Optional[Day] = None,
    ) -> ImportReport:
        """Imports a SIPRI Arms Transfers CSV export, in one batch.

        >>> ledger.import_sipri("trade-register.csv", recipients=["Venezuela"]).rows_imported
        177
        """
    def import_oryx(
        self, paths: Sequence[Path], *, strict: bool = False, recorded: Optional[Time] = None
    ) -> ImportReport:
        """Imports Oryx loss lists (event files, or directories holding them), in one batch.

        >>> ledger.import_oryx(["data/oryx"]).details["items"]
        """
    def import_baseline(
        self, path: Path, *, strict: bool = False, recorded: Optional[Time] = None
    ) -> ImportReport:
        """Imports a baseline table (holder, platform, date, count, qualifier, source, grade,
        optionally note) as claims of the count held, in one batch; recorded now by default.

        >>> ledger.import_baseline("tests/data/baseline-example.csv").details["claims"]
        6
        """
    def sync(self) -> None:
        """Makes the entries appended so far durable.

        >>> ledger.sync()
        """
    def holdings(
        self,
        holder: Optional[str] = None,
        *,
        by: Optional[str] = None,
        origin: Optional[Union[str, Sequence[str]]] = None,
        at: Optional[Day] = None,
        known_at: Optional[Time] = None,
        min_grade: Optional[str] = None,
    ) -> pd.DataFrame:
        """What ``holder`` (every holder when ``None``) holds: the export's holdings table.
        ``captured_held_lower`` and ``captured_held_upper`` are "of which captured": how many
        of the units in service were captured from other holders (a range); ``category``,
        ``origin`` and ``family`` are the platform's category, catalog origin and family root.
        Then, as ``materiel holdings --format csv``: ``bounds_lower``, ``bounds_upper``,
        ``bounds_point`` (a lot's bounds of units held and their point, where they say more
        than its count; missing otherwise) and ``disputed_assessment`` (the entry id of the
        assessment that sets the count where other supports disagree with it).

        ``origin`` (a code or name, ``"RUS,SUN"``, or a list) keeps the platforms whose catalog
        origin is one of those given: Soviet-era designs are ``SUN``, later Russian ones
        ``RUS``, so "Russian-made" counting Soviet-made is both, the caller's choice. Generic
        equipment has no origin and is left out, as are catalog platforms that give none.

        ``by`` (``"platform"``, ``"family"`` or ``"category"``) sums them by that group, as
        ``materiel holdings HOLDER --by GROUP --format csv`` does, with its columns: ``holder``,
        the group, ``lots``, ``in_service``, ``in_service_basis``, the units by status
        (``FMC``, ``PMC``, ``NMCM``, ``NMCS``, ``NMCD``, ``STORED``, ``NKN``),
        ``captured_held_lower``, ``captured_held_upper``, ``bounds_lower``, ``bounds_upper``
        (missing: no upper limit).

        >>> ledger.holdings("VEN", origin="RUS,SUN").groupby("category")["in_service"].sum()

        >>> ledger.holdings("VEN", by="category", origin="RUS,SUN")

        >>> ledger.holdings("VEN", at="2010-01-01", min_grade="B3")["in_service"].sum()
        """
    def lot(
        self,
        holder: str,
        platform: str,
        *,
        at: Optional[Day] = None,
        known_at: Optional[Time] = None,
        min_grade: Optional[str] = None,
    ) -> pd.DataFrame:
        """One lot's row of the holdings table (no row when it has nothing at that date).

        >>> ledger.lot("VEN", "Su-30MK2", at="2007-12-31")["in_service"].item()
        16
        """
    def timeline(
        self,
        holder: str,
        platform: str,
        *,
        at: Optional[Day] = None,
        known_at: Optional[Time] = None,
        min_grade: Optional[str] = None,
    ) -> pd.DataFrame:
        """One lot's states over time: the export's timeline table.

        >>> ledger.timeline("VEN", "su-30mk2")[["effective", "in_service"]]
        """
    def pipeline(
        self,
        holder: Optional[str] = None,
        *,
        at: Optional[Day] = None,
        known_at: Optional[Time] = None,
        min_grade: Optional[str] = None,
    ) -> pd.DataFrame:
        """Open requests and orders: the export's pipeline table. ``remainder`` says what
        is still due: ``due`` (``outstanding`` units), ``unstated`` (a request without a
        count) or ``unknown`` (an order known only as a bound whose known part is delivered,
        such as a SIPRI deal: ``outstanding`` is empty; the command line counts these in one
        line instead of listing them).

        >>> p = ledger.pipeline("VEN")
        >>> p[p["remainder"] != "unknown"][["platform", "count", "outstanding"]]
        >>> (p["remainder"] == "unknown").sum()
        """
    def losses(
        self,
        holder: Optional[str] = None,
        *,
        by: Optional[str] = None,
        category: Optional[str] = None,
        origin: Optional[Union[str, Sequence[str]]] = None,
        since: Optional[Day] = None,
        until: Optional[Day] = None,
        per: Optional[str] = None,
        at: Optional[Day] = None,
        known_at: Optional[Time] = None,
        min_grade: Optional[str] = None,
    ) -> pd.DataFrame:
        """Losses of ``holder`` (every holder when ``None``) by holder, platform, cause and
        month (``materiel losses [HOLDER] --format csv``'s rows and columns, ``category``,
        ``origin`` and ``family`` last). With ``by`` (``"platform"``, ``"family"`` or
        ``"category"``), ``category``, ``since``, ``until`` or ``per`` (``"month"`` or
        ``"year"``): summed by that group (platform by default) and period, every cause
        together, as ``materiel losses --by``: ``holder``, the group, ``period`` (the bucket's
        first day), ``units``, ``units_basis``. ``origin`` (as ``holdings`` takes it) is such a
        filter: only platforms whose catalog origin is one of those given (``materiel losses
        --origin``); generic equipment and catalog platforms that give none are left out. A
        row's ``category`` is missing where the platform has none, which ``by="category"``
        calls ``"uncategorised"``: group rows with ``dropna=False`` (or
        ``fillna("uncategorised")``) for the same totals.

        >>> ledger.losses("RUS", by="category", category="tank", per="month")

        >>> ledger.losses("RUS", by="category", origin="RUS,SUN")

        >>> ledger.losses("RUS").groupby("cause", observed=True)["count"].sum()
        """
    def conflicts(
        self,
        holder: Optional[str] = None,
        *,
        at: Optional[Day] = None,
        known_at: Optional[Time] = None,
        min_grade: Optional[str] = None,
    ) -> pd.DataFrame:
        """Open conflicts between sources of ``holder`` (every holder when ``None``), widest
        first, one row per figure behind each (``materiel conflicts --format csv``'s columns).

        >>> ledger.conflicts("VEN")[["platform", "lower", "upper", "stated"]]
        """
    def bounds(
        self,
        holder: str,
        platform: str,
        quantity: Optional[QuantityJson] = None,
        *,
        at: Optional[Day] = None,
        known_at: Optional[Time] = None,
        min_grade: Optional[str] = None,
    ) -> pd.DataFrame:
        """What the sources allow of one quantity (default ``"held"``) of one lot, one row per
        figure behind the bounds (the columns of ``conflicts``).

        >>> ledger.bounds("VEN", "Su-30MK2")[["lower", "upper", "point", "support"]]
        """
    def deliveries(
        self,
        recipient: Optional[str] = None,
        *,
        by: str = "platform",
        supplier: Optional[Union[str, Sequence[str]]] = None,
        category: Optional[str] = None,
        origin: Optional[Union[str, Sequence[str]]] = None,
        since: Optional[Day] = None,
        until: Optional[Day] = None,
        per: Optional[str] = None,
        at: Optional[Day] = None,
        known_at: Optional[Time] = None,
        min_grade: Optional[str] = None,
    ) -> pd.DataFrame:
        """Deliveries to ``recipient`` (every holder when ``None``) summed by ``by``
        (``"platform"``, ``"family"``, ``"category"`` or ``"supplier"``), filtered and bucketed
        per ``"month"`` or ``"year"`` (``import::sipri::group_deliveries``): ``recipient``, the
        group, ``period``, ``units``, ``units_basis``, ``tiv`` (SIPRI trend-indicator values,
        millions; deliveries without one add none) and ``without_tiv`` (how many have none).
        ``origin`` (as ``holdings`` takes it) keeps only platforms whose catalog origin is one
        of those given (``materiel deliveries --origin``).

        >>> ledger.deliveries("IND", by="supplier", since="2010", per="year")

        >>> ledger.deliveries("VEN", by="category", origin="RUS,SUN")
        """
    def transfers(
        self,
        *,
        recipient: Optional[str] = None,
        supplier: Optional[Union[str, Sequence[str]]] = None,
        category: Optional[str] = None,
        since: Optional[Day] = None,
        until: Optional[Day] = None,
        per: Optional[str] = None,
        at: Optional[Day] = None,
        known_at: Optional[Time] = None,
        min_grade: Optional[str] = None,
    ) -> pd.DataFrame:
        """Supplier x recipient flows: ``supplier``, ``recipient``, ``period``, ``units``,
        ``units_basis``, ``tiv``, ``without_tiv``.

        >>> ledger.transfers(supplier="RUS", category="combat_aircraft")
        """
    def entries(self) -> pd.DataFrame:
        """Every entry in append order: the export's entries table.

        >>> ledger.entries()[["id", "holder", "change", "count"]].head()
        """
    def to_csv(
        self,
        table: str,
        holder: Optional[str] = None,
        platform: Optional[str] = None,
        *,
        at: Optional[Day] = None,
        known_at: Optional[Time] = None,
        min_grade: Optional[str] = None,
    ) -> str:
        """The CSV export of ``entries``, ``holdings``, ``timeline`` or ``pipeline``.

        >>> ledger.to_csv("holdings", "VEN").splitlines()[0].split(",")[:2]
        ['holder', 'platform']
        """

def open_journal(path: Path, *, write: bool = False, catalog: Optional[Catalog] = None) -> Ledger:
    """Opens a journal read-only (default) or for writing.

    >>> materiel.open_journal("ven.journal").holdings("VEN")
    """

def create_journal(path: Path, *, catalog: Optional[Catalog] = None) -> Ledger:
    """Creates a new journal, opened for writing; never overwrites a file.

    >>> materiel.create_journal("new.journal").writable
    True
    """

def memory_ledger(*, catalog: Optional[Catalog] = None) -> Ledger:
    """A new, empty ledger in memory, for writing.

    >>> materiel.memory_ledger().label
    'memory'
    """

def open_postgres(url: str, *, schema: str = "materiel", create: bool = False) -> Ledger:
    """Opens (or creates) a ledger in PostgreSQL; only when ``HAS_POSTGRES``.

    >>> materiel.open_postgres("postgres://user:pw@localhost/db", schema="materiel")
    """
