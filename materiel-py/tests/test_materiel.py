"""Every function of the bindings, their DataFrames' types, and a round trip against the CSV
export of the same query."""

import datetime as dt
import io
import os
import uuid

import numpy as np
import pandas as pd
import pytest

import materiel
from conftest import ORYX, SIPRI, delivery, loss


# ---------------------------------------------------------------------------------------------
# Opening ledgers


def test_memory_ledger_is_writable_and_empty():
    ledger = materiel.memory_ledger()
    assert (len(ledger), ledger.writable, ledger.label, ledger.recovery) == (0, True, "memory", None)
    assert "memory" in repr(ledger)


def test_create_then_open_journal_read_only_and_for_writing(tmp_path):
    path = tmp_path / "ven.journal"
    ledger = materiel.create_journal(path)
    assert ledger.record(delivery(2006, 4)) == 0
    ledger.sync()
    del ledger  # releases the writer's lock

    read = materiel.open_journal(path)
    assert (len(read), read.writable, read.label) == (1, False, str(path))
    with pytest.raises(materiel.StoreError, match="read-only"):
        read.record(delivery(2007, 12))

    writer = materiel.open_journal(path, write=True)
    assert writer.record(delivery(2007, 12, recorded="2025-03-11T00:00:00Z")) == 1
    del writer
    assert len(materiel.open_journal(str(path))) == 2


def test_journal_errors(tmp_path):
    with pytest.raises(materiel.JournalError):
        materiel.open_journal(tmp_path / "missing.journal")
    path = tmp_path / "x.journal"
    materiel.create_journal(path)
    with pytest.raises(materiel.JournalError):
        materiel.create_journal(path)  # never overwrites
    bad = tmp_path / "bad.journal"
    bad.write_text("this is not a journal\n")
    with pytest.raises(materiel.JournalError):
        materiel.open_journal(bad)


def test_a_torn_tail_is_reported_read_only_and_refused_for_writing(tmp_path):
    path = tmp_path / "torn.journal"
    ledger = materiel.create_journal(path)
    ledger.record_many([delivery(2006, 4), delivery(2007, 12)])
    del ledger
    with open(path, "ab") as f:
        f.write(b'{"crc32c":"0000')  # a write cut short by a crash
    read = materiel.open_journal(path)
    assert len(read) == 2 and read.recovery is not None
    with pytest.raises(materiel.JournalError, match="repair"):
        materiel.open_journal(path, write=True)


def test_a_second_writer_is_refused(tmp_path):
    path = tmp_path / "x.journal"
    first = materiel.create_journal(path)
    with pytest.raises(materiel.JournalError):
        materiel.open_journal(path, write=True)
    assert first.writable


def test_custom_catalog_is_used():
    catalog = materiel.Catalog()
    ledger = materiel.memory_ledger(catalog=catalog)
    assert len(ledger.catalog) == len(catalog)


@pytest.mark.skipif(not materiel.HAS_POSTGRES, reason="wheel built without the postgres feature")
def test_postgres_connection_failure_is_a_postgres_error():
    with pytest.raises(materiel.PostgresError):
        materiel.open_postgres("postgres://nobody:nothing@127.0.0.1:1/none")


@pytest.mark.skipif(
    not (materiel.HAS_POSTGRES and os.environ.get("MATERIEL_TEST_PG")),
    reason="needs a wheel built with the postgres feature and MATERIEL_TEST_PG",
)
def test_postgres_store_round_trip():
    url, schema = os.environ["MATERIEL_TEST_PG"], f"py_{uuid.uuid4().hex[:12]}"
    ledger = materiel.open_postgres(url, schema=schema, create=True)
    assert ledger.writable and schema in ledger.label
    assert ledger.record_many([delivery(2006, 4), delivery(2007, 12)]) == (0, 1)
    with pytest.raises(materiel.LedgerError):
        ledger.record(loss("2005-01-01", count=50, recorded="2025-03-12T00:00:00Z"))
    again = materiel.open_postgres(url, schema=schema)
    assert again.holdings("VEN")["in_service"].tolist() == [16]
    with pytest.raises(materiel.PostgresError):
        materiel.open_postgres(url, schema=schema, create=True)  # exists already


# ---------------------------------------------------------------------------------------------
# Entries and retractions


def test_record_returns_ids_and_refuses_a_negative_count(su30):
    assert len(su30) == 4
    before = su30.holdings("VEN")
    with pytest.raises(materiel.LedgerError, match="negative"):
        su30.record(loss("2012-01-05", count=30, recorded="2025-03-12T00:00:00Z"))
    assert len(su30) == 4
    pd.testing.assert_frame_equal(su30.holdings("VEN"), before)


def test_record_accepts_json_text(su30):
    import json

    assert su30.record(json.dumps(delivery(2009, 1, recorded="2025-03-12T00:00:00Z"))) == 4


def test_record_many_is_all_or_nothing(su30):
    ok = delivery(2010, 2, recorded="2025-03-12T00:00:00Z")
    bad = loss("2011-01-01", count=500, recorded="2025-03-12T00:00:00Z")
    with pytest.raises(materiel.LedgerError):
        su30.record_many([ok, bad])
    assert len(su30) == 4
    assert su30.record_many([]) is None
    assert su30.record_many([ok]) == (4, 4)


def test_retract_and_known_at(su30):
    retraction = su30.retract(
        3, {"citation": "analyst correction", "grade": "B2"}, "2025-03-12T00:00:00Z", note="wrong aircraft"
    )
    assert retraction == 4
    now = su30.lot("VEN", "su-30mk2")
    before = su30.lot("VEN", "su-30mk2", known_at="2025-03-11T12:00:00Z")
    assert (now["lost"].item(), before["lost"].item()) == (0, 1)
    entries = su30.entries()
    assert entries.loc[entries.id == 3, "retracted_by"].item() == 4
    with pytest.raises(materiel.LedgerError):
        su30.retract(99, {"citation": "x", "grade": "B2"}, "2025-03-13T00:00:00Z")


# ---------------------------------------------------------------------------------------------
# Queries and their arguments


def test_holdings_at_known_at_and_min_grade(su30):
    assert su30.holdings("VEN", at="2007-12-31")["in_service"].item() == 16
    assert su30.holdings("VEN", at=dt.date(2007, 12, 31))["in_service"].item() == 16
    assert su30.holdings("VEN", at=dt.datetime(2007, 12, 31, 18, 0))["in_service"].item() == 16
    assert su30.holdings("VEN")["in_service"].item() == 23
    # The crash was recorded on 2025-03-11: as known at the end of 2025-03-10 it is not there.
    assert su30.holdings("VEN", known_at=dt.date(2025, 3, 10))["in_service"].item() == 24
    assert su30.holdings("VEN", known_at="2025-03-11")["in_service"].item() == 23
    aware = dt.datetime(2025, 3, 11, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert su30.holdings("VEN", known_at=aware)["in_service"].item() == 24  # 23:00Z the day before
    assert su30.holdings("VEN", known_at="9999-12-31T23:59:59Z")["in_service"].item() == 23
    # The crash report is B2: a view of A2 sources leaves it out.
    assert su30.holdings("VEN", min_grade="A2")["in_service"].item() == 24
    everyone = su30.holdings()
    assert list(everyone.holder) == ["VEN"]
    assert su30.holdings("Venezuela").equals(su30.holdings("VEN"))


def test_lot_timeline_pipeline_losses_entries(su30):
    lot = su30.lot("VEN", "Su-30MK2", at="2007-06-01")
    assert (len(lot), lot["in_service"].item(), lot["delivered"].item()) == (1, 16, 16)
    assert len(su30.lot("VEN", "su-30mk2", at="2000-01-01")) == 0

    timeline = su30.timeline("VEN", "su-30mk2")
    assert timeline[["effective", "in_service"]].values.tolist() == [
        ["2006", 4],
        ["2007", 16],
        ["2008", 24],
        ["2015-09-17", 23],
    ]
    assert str(timeline["effective_first_day"].dtype) == "datetime64[s]"

    su30.record({
        "holder": "VEN", "platform": "su-30mk2", "effective": "2024",
        "recorded": "2025-03-12T00:00:00Z",
        "change": {"kind": "ordered", "count": {"value": 12}, "supplier": "RUS"},
        "source": {"citation": "press", "grade": "C3"},
    })
    pipeline = su30.pipeline("VEN")
    assert pipeline[["change", "count", "outstanding"]].values.tolist() == [["ordered", 12, 12]]
    assert len(su30.pipeline()) == 1

    losses = su30.losses()
    assert losses[["holder", "platform", "cause", "count"]].values.tolist() == [
        ["VEN", "su-30mk2", "destroyed", 1]
    ]
    assert losses["month"].tolist() == [pd.Timestamp("2015-09-01")]
    assert len(su30.losses(at="2010-01-01")) == 0

    entries = su30.entries()
    assert list(entries.id) == [0, 1, 2, 3, 4]
    assert str(entries["recorded"].dtype) == "datetime64[us, UTC]"


def test_column_types(su30):
    df = su30.holdings("VEN")
    assert df["in_service"].dtype == "Int64"
    assert df["adjustment"].dtype == "Int64"
    assert df["readiness_upper"].dtype == np.float64
    assert df["baseline_known"].dtype == "boolean"
    assert isinstance(df["unknown_basis"].dtype, pd.CategoricalDtype)
    assert "estimate" in df["unknown_basis"].cat.categories
    assert isinstance(df["weakest_grade"].dtype, pd.CategoricalDtype)
    assert list(df["weakest_grade"].cat.categories[:3]) == ["A1", "A2", "A3"]
    assert df["as_of_valid"].isna().all() and df["as_of_min_grade"].isna().all()
    entries = su30.entries()
    assert entries["to_status"].isna().all()  # not a status change: missing, not ""
    assert isinstance(entries["into_status"].dtype, pd.CategoricalDtype)
    assert entries["count"].dtype == "Int64"


def test_a_holdings_dataframe_of_an_empty_ledger_has_every_column():
    ledger = materiel.memory_ledger()
    df = ledger.holdings()
    header = ledger.to_csv("holdings").strip().split(",")
    # The export's columns, then those `materiel holdings --format csv` adds.
    header += ["bounds_lower", "bounds_upper", "bounds_point", "disputed_assessment"]
    assert list(df.columns) == header and len(df) == 0
    assert df["in_service"].dtype == "Int64"


def test_bad_arguments_raise_materiel_errors(su30):
    with pytest.raises(materiel.ParseError):
        su30.holdings("VEN", at="not a date")
    with pytest.raises(TypeError):
        su30.holdings("VEN", at=20071231)
    with pytest.raises(materiel.ParseError):
        su30.holdings("VEN", known_at="2025-13-45T00:00:00Z")
    with pytest.raises(materiel.ParseError):
        su30.holdings("VEN", min_grade="Z9")
    with pytest.raises(materiel.ParseError):
        su30.holdings("Atlantis")
    with pytest.raises(materiel.CatalogError):
        su30.lot("VEN", "no such aircraft")
    with pytest.raises(materiel.ParseError):
        su30.lot("VEN", "generic:spaceship:X-1")
    with pytest.raises(materiel.ParseError):
        su30.timeline("VEN", "generic:nokind")
    with pytest.raises(materiel.ParseError):
        su30.to_csv("timeline")
    with pytest.raises(materiel.ParseError):
        su30.to_csv("balance_sheet")


def test_generic_platforms(su30):
    su30.record({
        "holder": "VEN", "platform": {"designation": "drone", "kind": "generic"}, "effective": "2025-10",
        "recorded": "2025-11-03T09:00:00Z",
        "change": {"kind": "requested", "supplier": "IRN", "request": "acquisition"},
        "source": {"citation": "report", "grade": "B3"},
    })
    pipeline = su30.pipeline("VEN")
    assert pipeline["platform_generic"].tolist() == [True]
    assert su30.timeline("VEN", "generic:generic:drone")["in_service"].tolist() == [0]  # a request moves no count


@pytest.mark.parametrize(
    "entry",
    [
        None,
        42,
        "{",
        "[]",
        {},
        {"holder": "VEN"},
        {**delivery(2006, 4), "extra": 1},
        {**delivery(2006, 4), "holder": "V" * 100_000},
        {**delivery(2006, 4), "platform": "\u0000"},
        {**delivery(2006, 4), "effective": "99999"},
        {**delivery(2006, 4), "recorded": "-9999-01-01T00:00:00Z"},
        {**delivery(2006, 4), "change": {"kind": "delivered", "count": {"value": -1}, "into": "unknown"}},
        {**delivery(2006, 4), "change": {"kind": "delivered", "count": {"value": 2**64}, "into": "unknown"}},
        {**delivery(2006, 4), "change": {"kind": "delivered", "count": {"value": float("nan")}, "into": "unknown"}},
        {**delivery(2006, 4), "source": {"citation": "", "grade": "A2"}},
        "[" * 100_000,
    ],
)
def test_hostile_entries_raise_and_change_nothing(su30, entry):
    with pytest.raises((materiel.MaterielError, TypeError, ValueError)):
        su30.record(entry)
    assert len(su30) == 4


def test_hostile_ids_and_dates(su30):
    with pytest.raises(OverflowError):
        su30.retract(2**70, {"citation": "x", "grade": "B2"}, "2025-03-13T00:00:00Z")
    with pytest.raises(OverflowError):
        su30.retract(-1, {"citation": "x", "grade": "B2"}, "2025-03-13T00:00:00Z")
    for at in ["", "0000-00-00", "9999-12-31T99", "2025-02-30", "\u0000" * 10, "1" * 10_000]:
        with pytest.raises(materiel.ParseError):
            su30.holdings("VEN", at=at)
    # The extremes of the calendar are answered, not refused or crashed on.
    assert len(su30.holdings("VEN", at=dt.date.max)) == 1
    assert len(su30.holdings("VEN", at=dt.date.min)) == 0
    assert len(su30.holdings("VEN", known_at=dt.datetime.min)) == 0
    with pytest.raises(materiel.LedgerError):
        su30.retract(0, {"citation": "x", "grade": "B2"}, dt.datetime(1900, 1, 1))


def test_exception_hierarchy():
    families = [
        materiel.ParseError,
        materiel.CatalogError,
        materiel.LedgerError,
        materiel.JournalError,
        materiel.StoreError,
        materiel.PostgresError,
        materiel.SourceImportError,
        materiel.ExportError,
    ]
    for family in families:
        assert issubclass(family, materiel.MaterielError)
        assert family.__module__ == "materiel"
    assert not issubclass(materiel.SourceImportError, ImportError)
    assert issubclass(materiel.MaterielError, Exception)


# ---------------------------------------------------------------------------------------------
# Imports


def test_import_sipri_report(venezuela):
    ledger, report = venezuela
    assert isinstance(report, materiel.ImportReport)
    assert report.source == "sipri"
    assert report.rows_imported > 0 and report.rows_read >= report.rows_imported
    assert report.entries_created == len(ledger)
    assert (report.first_entry, report.last_entry) == (0, len(ledger) - 1)
    assert report.rejected == []
    assert report.details["deals"] > 0
    assert report.recorded.startswith("2025-01-03")
    assert "SIPRI" in str(report) or "sipri" in str(report).lower()
    assert "ImportReport(source='sipri'" in repr(report)
    holdings = ledger.holdings("VEN")
    su30 = holdings.loc[holdings.platform == "su-30mk2"]
    assert su30["delivered"].item() == 24


def test_import_into_a_read_only_ledger_is_refused(tmp_path):
    path = tmp_path / "x.journal"
    materiel.create_journal(path)
    with pytest.raises(materiel.StoreError):
        materiel.open_journal(path).import_sipri(SIPRI)


def test_import_errors_write_nothing(tmp_path):
    ledger = materiel.memory_ledger()
    with pytest.raises(materiel.SourceImportError):
        ledger.import_sipri(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("not,a,sipri,export\n1,2,3,4\n")
    with pytest.raises(materiel.SourceImportError):
        ledger.import_sipri(bad, strict=True)
    assert len(ledger) == 0


def test_import_oryx_report():
    ledger = materiel.memory_ledger()
    report = ledger.import_oryx([ORYX], recorded="2025-07-20T00:00:00Z")
    assert report.source == "oryx"
    assert report.entries_created == len(ledger) > 0
    assert report.details["items"] > 0
    losses = ledger.losses()
    assert losses["count"].sum() > 0
    assert set(losses["cause"].unique()) <= {"destroyed", "damaged", "abandoned", "captured"}
    with pytest.raises(materiel.SourceImportError):
        materiel.memory_ledger().import_oryx([ORYX / "missing.csv"])


# ---------------------------------------------------------------------------------------------
# The catalog


def test_catalog_lookups_and_figures():
    catalog = materiel.Catalog()
    assert len(catalog) > 10 and "Su-30MK2" in catalog and "nothing" not in catalog
    assert "platforms" in repr(catalog)
    su30 = catalog.platform("Su-30MK2")
    assert (su30["id"], su30["kind"]) == ("su-30mk2", "aircraft")
    figures = catalog.figures("su-30mk2")
    row = figures.loc[figures.field == "range"]
    assert row[["value", "value_si", "unit_si"]].values.tolist() == [["3000 km", 3_000_000.0, "m"]]
    speed = figures.loc[figures.field == "max_speed"]
    assert speed["value_si"].item() == pytest.approx(2120 / 3.6)
    crew = figures.loc[figures.field == "crew"]
    assert (crew["value_si"].item(), crew["unit_si"].isna().item()) == (2.0, True)
    assert figures["quote"].dtype == "Int64" and figures["source"].notna().all()
    platforms = catalog.platforms()
    assert "su-30mk2" in set(platforms.id)
    assert isinstance(platforms["kind"].dtype, pd.CategoricalDtype)
    with pytest.raises(materiel.CatalogError):
        catalog.platform("no such thing")
    with pytest.raises(materiel.CatalogError):
        catalog.figures("no such thing")


def test_catalog_json_round_trip():
    catalog = materiel.Catalog()
    again = materiel.Catalog.from_json(catalog.to_json())
    assert len(again) == len(catalog)
    assert again.platform("su-30mk2") == catalog.platform("su-30mk2")
    ledger = materiel.memory_ledger(catalog=again)
    assert ledger.catalog.to_json() == catalog.to_json()


def test_catalog_from_json_and_dir(tmp_path):
    with pytest.raises(materiel.CatalogError):
        materiel.Catalog.from_json("{not json")
    with pytest.raises(materiel.CatalogError):
        materiel.Catalog.from_dir(tmp_path / "missing")
    from conftest import DATA

    catalog = materiel.Catalog.from_dir(DATA.parent.parent / "catalog")
    assert len(catalog) == len(materiel.Catalog())


# ---------------------------------------------------------------------------------------------
# Round trip: each DataFrame equals the CSV export of the same query, read by pandas


def _read_like(csv_text, like):
    """The CSV export read with pandas, each column converted to the DataFrame's type."""
    raw = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    assert list(raw.columns) == list(like.columns)
    out = {}
    for name in raw.columns:
        cells = raw[name].replace("", None)
        dtype = like[name].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            out[name] = pd.Categorical(cells, categories=dtype.categories)
        elif str(dtype) == "Int64":
            out[name] = pd.array(pd.to_numeric(cells), dtype="Int64")
        elif str(dtype) == "boolean":
            out[name] = pd.array(cells.map({"true": True, "false": False}), dtype="boolean")
        elif str(dtype) == "float64":
            out[name] = pd.to_numeric(cells).astype("float64")
        elif str(dtype) == "datetime64[s]":
            out[name] = pd.to_datetime(cells).astype("datetime64[s]")
        elif str(dtype) == "datetime64[us, UTC]":
            out[name] = pd.to_datetime(cells, utc=True).astype("datetime64[us, UTC]")
        else:
            text = cells.astype(dtype)  # text of every length has the one text dtype
            out[name] = text.where(cells.notna(), None) if dtype == object else text
    return pd.DataFrame(out)


@pytest.mark.parametrize(
    "table, args, view",
    [
        ("holdings", ("VEN",), {}),
        ("holdings", (), {"at": "2010-06-30"}),
        ("holdings", ("VEN",), {"known_at": "2025-01-02", "min_grade": "B3"}),
        ("timeline", ("VEN", "su-30mk2"), {}),
        ("pipeline", ("VEN",), {}),
        ("pipeline", (), {"at": "2005-01-01"}),
        ("entries", (), {}),
    ],
)
def test_dataframes_round_trip_the_csv_export(venezuela, table, args, view):
    ledger, _ = venezuela
    df = getattr(ledger, table)(*args, **view)
    if table == "holdings":
        # The export's columns, then the bounds columns the CLI's CSV adds (test_queries.py).
        bounds = ["bounds_lower", "bounds_upper", "bounds_point", "disputed_assessment"]
        assert list(df.columns[-4:]) == bounds
        df = df.drop(columns=bounds)
    csv_text = ledger.to_csv(table, *args, **view)
    expected = _read_like(csv_text, df)
    pd.testing.assert_frame_equal(df, expected, check_dtype=False)
    assert [str(t) for t in df.dtypes if not isinstance(t, pd.CategoricalDtype)] == [
        str(t) for t in expected.dtypes if not isinstance(t, pd.CategoricalDtype)
    ] or table == "entries"


# ---------------------------------------------------------------------------------------------
# The example


def test_the_python_example_reproduces_the_flagship_holdings():
    import importlib.util

    from conftest import DATA

    path = DATA.parent.parent / "examples" / "python" / "venezuela.py"
    spec = importlib.util.spec_from_file_location("venezuela", path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    table = example.report_holdings(example.build())
    # The figures `cargo run --example venezuela_2025` prints.
    assert table.values.tolist() == [
        ["Su-30MK2", "aircraft", 24, "exact", 24, 3, "C4"],
        ["Kh-31A", "missile", 50, "estimate", 50, 0, "B3"],
        ["S-300VM", "sam_system", 3, "estimate", 3, 0, "B3"],
        ["9M82M", "missile", 40, "estimate", 40, 0, "B3"],
        ["9M83M", "missile", 150, "estimate", 150, 0, "B3"],
        ["Buk-M2", "sam_system", 3, "estimate", 3, 0, "B3"],
        ["9M317", "missile", 300, "estimate", 300, 0, "B3"],
        ["Igla-S", "missile", 4000, "estimate", 4000, 0, "B3"],
    ]


def test_queries_in_threads_while_another_records(su30):
    import threading

    errors = []

    def query():
        try:
            for _ in range(20):
                su30.holdings("VEN")
                su30.losses()
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=query) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(50):
        su30.record(delivery(2009, 1, recorded=f"2025-03-12T00:00:{i:02}Z"))
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads) and errors == []
    assert su30.holdings("VEN")["in_service"].item() == 73


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_and_odd_files_are_refused_quickly(tmp_path):
    ledger = materiel.memory_ledger()
    with pytest.raises(materiel.SourceImportError, match="longer than"):
        ledger.import_sipri("/dev/zero")  # endless, no line end
    with pytest.raises(materiel.SourceImportError, match="longer than"):
        ledger.import_oryx(["/dev/zero"])
    with pytest.raises(materiel.SourceImportError):
        ledger.import_sipri(tmp_path)  # a directory
    with pytest.raises(materiel.JournalError):
        materiel.open_journal("nul\x00byte")
    with pytest.raises(materiel.JournalError):
        materiel.open_journal(tmp_path)
    with pytest.raises(materiel.CatalogError):
        materiel.Catalog.from_json("\x00" * 1000)
    assert ledger.import_oryx([]).entries_created == 0
    assert len(ledger) == 0


def test_import_baseline_closes_sipri_s_unknown_opening(tmp_path):
    """The committed example table (illustrative values) after the SIPRI excerpt. Its estimate
    of 80 T-72M1 held says less than the 92 SIPRI delivered since 2000 (no loss recorded), so
    it does not close the lot's unknown opening: both are kept, the bounds widen."""
    ledger = materiel.memory_ledger()
    ledger.import_sipri(SIPRI, recipients=["Venezuela"])
    before = ledger.bounds("VEN", "T-72M1").iloc[0]
    assert before["lower"] == 92 and pd.isna(before["upper"])
    table = SIPRI.parent / "baseline-example.csv"
    report = ledger.import_baseline(table, recorded="2025-07-20T00:00:00Z")
    assert report.source == "baseline"
    assert (report.rows_read, report.entries_created) == (6, 6)
    assert report.details == {"claims": 6, "lots": 6}
    after = ledger.bounds("VEN", "T-72M1").iloc[0]
    assert (after["lower"], after["point"]) == (80, 92) and pd.isna(after["upper"])
    bad = tmp_path / "bad.csv"
    bad.write_text("holder,platform,date,count,qualifier,source,grade\nVEN,Su-30MK2,2024,1,roughly,t,B2\n")
    n = len(ledger)
    with pytest.raises(materiel.SourceImportError, match="line 2, field `qualifier`"):
        ledger.import_baseline(bad, strict=True, recorded="2025-07-21T00:00:00Z")
    assert len(ledger) == n
    lenient = ledger.import_baseline(bad, recorded="2025-07-21T00:00:00Z")
    assert [r["problem"] for r in lenient.rejected] == ["bad_qualifier"]
