"""Queries as the command line answers them: holders resolved as it does, `at=` in its forms,
losses of one holder, the claims queries (conflicts, bounds), row order and column types."""

import datetime as dt

import pandas as pd
import pytest

import materiel
from conftest import SIPRI, delivery


def test_an_unknown_holder_raises_as_the_command_line_refuses_it(su30):
    for call in [
        lambda: su30.holdings("XXX"),
        lambda: su30.pipeline("XXX"),
        lambda: su30.timeline("XXX", "su-30mk2"),
        lambda: su30.lot("XXX", "su-30mk2"),
        lambda: su30.losses("XXX"),
        lambda: su30.conflicts("XXX"),
        lambda: su30.bounds("XXX", "su-30mk2"),
        lambda: su30.to_csv("holdings", "XXX"),
    ]:
        with pytest.raises(materiel.ParseError, match="unknown holder"):
            call()
    # A country the name table knows holds nothing here: an empty table, not an error.
    assert len(su30.holdings("Colombia")) == 0
    assert len(su30.holdings("COL")) == 0
    # A holder of this ledger that no name table knows is found by its id.
    su30.record(delivery(2010, 2, recorded="2025-03-12T00:00:00Z", holder="aviacon-zitotrans"))
    assert su30.holdings("aviacon-zitotrans")["in_service"].tolist() == [2]


def test_at_takes_a_year_or_a_month_as_its_last_day(su30):
    def held(at):
        return su30.holdings("VEN", at=at)["in_service"].tolist()

    assert held("2007") == held(dt.date(2007, 12, 31)) == held("2007-12-31") == [16]
    assert held("2006-06") == held(dt.date(2006, 6, 30))
    assert held("2005") == []
    for bad in ["<=2007", "2007-13", "20071", "2007-02-30"]:
        with pytest.raises(materiel.ParseError):
            su30.holdings("VEN", at=bad)


def test_arguments_of_the_wrong_python_type_raise_type_error(su30):
    for at in [2013, 2013.0, b"2013", ["2013"]]:
        with pytest.raises(TypeError):
            su30.holdings("VEN", at=at)
    with pytest.raises(TypeError):
        su30.holdings("VEN", known_at=1_700_000_000)
    with pytest.raises(TypeError):
        su30.holdings(42)


def test_losses_of_one_holder(su30):
    every = su30.losses()
    ven = su30.losses("Venezuela")
    assert ven["count"].tolist() == every[every.holder == "VEN"]["count"].tolist() == [1]
    assert len(su30.losses("COL")) == 0
    assert list(ven.columns) == list(every.columns)


CONFLICT_COLUMNS = [
    "holder", "platform", "quantity", "lower", "upper", "point", "support", "entry",
    "source_citation", "source_grade", "effective", "stated",
]


@pytest.fixture
def igla():
    """About 4,000 Igla-S delivered (B3), and a claim of at least 5,000 (C3): one conflict.
    Illustrative figures, as in the command line's test of `conflicts`."""
    ledger = materiel.memory_ledger()
    ledger.record({
        "holder": "VEN", "platform": "igla-s", "effective": "2012", "recorded": "2025-01-01T00:00:00Z",
        "change": {"kind": "delivered", "count": {"value": 4000, "basis": "about"}, "into": "unknown"},
        "source": {"citation": "illustrative", "grade": "B3"},
    })
    ledger.record({
        "holder": "VEN", "platform": "igla-s", "effective": "2025-10-22", "recorded": "2025-10-23T00:00:00Z",
        "change": {"kind": "claimed", "quantity": "held", "count": {"value": 5000, "basis": "at_least"}},
        "source": {"citation": "illustrative", "grade": "C3"},
    })
    return ledger


def test_conflicts_have_the_rows_of_the_command_lines_csv(igla):
    df = igla.conflicts()
    assert list(df.columns) == CONFLICT_COLUMNS
    # The rows `materiel conflicts --format csv` writes for the same entries
    # (materiel-cli/tests/it/conflicts.rs).
    cells = [["" if pd.isna(v) else str(v) for v in row] for row in df.astype(object).values.tolist()]
    assert cells == [
        ["VEN", "Igla-S", "held", "4000", "", "4000", "flows", "", "", "B3", "2012", "~4000"],
        ["VEN", "Igla-S", "held", "4000", "", "4000", "claimed", "1", "illustrative", "C3", "2025-10-22", ">=5000"],
    ]
    assert str(df["lower"].dtype) == "Int64" and df["upper"].isna().all()
    assert isinstance(df["source_grade"].dtype, pd.CategoricalDtype)
    assert df.equals(igla.conflicts("Venezuela"))
    assert len(igla.conflicts("COL")) == 0
    assert len(igla.conflicts("VEN", known_at="2025-06-01")) == 0


def test_bounds_of_one_quantity(igla):
    held = igla.bounds("VEN", "Igla-S")
    assert list(held.columns) == CONFLICT_COLUMNS
    assert held["support"].tolist() == ["flows", "claimed"]
    assert held["lower"].tolist() == [4000, 4000]
    assert igla.bounds("VEN", "igla-s", "held").equals(held)
    delivered = igla.bounds("VEN", "igla-s", "delivered")
    assert delivered[["quantity", "lower", "support"]].values.tolist() == [["delivered", 4000, "flows"]]
    stored = materiel.memory_ledger()
    stored.record({
        "holder": "VEN", "platform": "igla-s", "effective": "2012", "recorded": "2025-01-01T00:00:00Z",
        "change": {"kind": "delivered", "count": {"value": 40, "basis": "exact"}, "into": "stored"},
        "source": {"citation": "illustrative", "grade": "B3"},
    })
    # A munition never assessed is held "up to" what was delivered: its expenditure is unknown.
    row = stored.bounds("VEN", "igla-s", {"in_status": "stored"}).iloc[0]
    assert (row["quantity"], row["lower"], row["upper"], row["point"]) == ("held stored", 0, 40, 40)
    assert row["stated"] == "<=40"
    for bad in ["kept", {"in_status": "nowhere"}, 3]:
        with pytest.raises(materiel.ParseError):
            igla.bounds("VEN", "igla-s", bad)
    with pytest.raises(materiel.CatalogError):
        igla.bounds("VEN", "no such missile")


def test_rows_come_in_the_csv_exports_order(su30):
    su30.record(delivery(2009, 3, recorded="2025-03-12T00:00:00Z", platform="il-76td"))
    df = su30.holdings()
    csv = pd.read_csv(pd.io.common.StringIO(su30.to_csv("holdings")), keep_default_na=False)
    assert df["platform"].tolist() == csv["platform"].tolist()
    # The command line's table sorts by designation: sort_values gives that order.
    by_label = df.sort_values("platform_label", key=lambda s: s.str.lower())
    assert by_label["platform_label"].tolist() == sorted(df["platform_label"], key=str.lower)


def test_text_and_category_columns_follow_the_readme(su30):
    text = pd.Series(["text"]).dtype  # what pandas gives text: str (pandas 3) or object (2)
    entries = su30.entries()
    for column in ["holder", "platform", "recipient", "supplier", "note"]:
        assert entries[column].dtype == text, column
    assert entries["recipient"].isna().all()  # empty cells stay missing, not "None"
    platforms = materiel.Catalog().platforms()
    assert isinstance(platforms["category"].dtype, pd.CategoricalDtype)
    assert {"combat_aircraft", "tank"} <= set(platforms["category"].cat.categories)
    assert platforms["category"].notna().all()


@pytest.fixture
def india():
    """Illustrative deliveries to India: Su-30MK2 from Russia (12 in 2010, 8 in 2011), Rafale
    from France (5 in 2020)."""
    def delivered(platform, year, n, supplier):
        return {
            "holder": "IND", "platform": platform, "effective": str(year), "recorded": "2025-01-01T00:00:00Z",
            "change": {"kind": "delivered", "count": {"value": n}, "into": "unknown", "supplier": supplier},
            "source": {"citation": "illustrative", "grade": "B2"},
        }
    ledger = materiel.memory_ledger()
    ledger.record_many([
        delivered("su-30mk2", 2010, 12, "RUS"), delivered("su-30mk2", 2011, 8, "RUS"), delivered("rafale", 2020, 5, "FRA"),
    ])
    return ledger


def rows(df):
    return [["" if pd.isna(v) else str(v) for v in row] for row in df.astype(object).values.tolist()]


def test_deliveries_grouped_by_the_library(india):
    by_platform = india.deliveries("IND")
    assert list(by_platform.columns) == ["recipient", "platform", "period", "units", "units_basis", "tiv", "without_tiv"]
    # Entries without SIPRI facts have no TIV: they add none, and are counted.
    assert rows(by_platform) == [["IND", "Rafale", "", "5", "exact", "0.0", "1"], ["IND", "Su-30MK2", "", "20", "exact", "0.0", "2"]]
    per_year = india.deliveries("India", by="supplier", per="year")
    assert rows(per_year[["supplier", "period", "units"]]) == [
        ["FRA", "2020-01-01 00:00:00", "5"], ["RUS", "2010-01-01 00:00:00", "12"], ["RUS", "2011-01-01 00:00:00", "8"],
    ]
    assert rows(india.deliveries(by="category", since="2011")[["category", "units"]]) == [["combat_aircraft", "13"]]
    assert india.deliveries(category="tank").empty
    assert india.deliveries(supplier="FRA")["units"].tolist() == [5]
    # Several suppliers, as the command line's --supplier RUS,FRA takes them: any of them.
    for both in ["FRA,RUS", ["FRA", "Russia"], ["RUS,FRA", "FRA"]]:
        assert india.deliveries(by="supplier", supplier=both)["units"].tolist() == [5, 20]
    with pytest.raises(materiel.ParseError, match="supplier"):
        india.deliveries(supplier=7)
    for bad in [{"by": "colour"}, {"per": "week"}, {"category": "spaceship"}, {"since": "<=2010"}]:
        with pytest.raises(materiel.ParseError):
            india.deliveries(**bad)
    with pytest.raises(materiel.ParseError, match="unknown holder"):
        india.deliveries("XXX")
    with pytest.raises(TypeError):
        india.deliveries(since=2010)


def test_transfers_are_supplier_by_recipient(india):
    df = india.transfers()
    assert list(df.columns) == ["supplier", "recipient", "period", "units", "units_basis", "tiv", "without_tiv"]
    assert rows(df[["supplier", "recipient", "units"]]) == [["FRA", "IND", "5"], ["RUS", "IND", "20"]]
    assert india.transfers(supplier="RUS", until="2010")["units"].tolist() == [12]
    assert india.transfers(supplier=["RUS", "FRA"])["units"].tolist() == [5, 20]
    assert india.transfers(recipient="COL").empty
    with pytest.raises(materiel.ParseError, match="unknown holder"):
        india.transfers(supplier="XXX")


def test_deliveries_and_transfers_carry_sipri_tiv():
    """The SIPRI excerpt's Afghan rows: TIV delivery values summed as `materiel transfers`
    sums them (GBR 5.8; NOR 0.64; USA 66.56 + 66.87; unknown supplier 17.4)."""
    ledger = materiel.memory_ledger()
    ledger.import_sipri(SIPRI, recipients=["Afghanistan"])
    df = ledger.transfers()
    assert df["tiv"].dtype == "float64"
    assert rows(df[["supplier", "recipient", "units", "tiv", "without_tiv"]]) == [
        ["GBR", "AFG", "2", "5.8", "0"],
        ["NOR", "AFG", "159", "0.64", "0"],
        ["USA", "AFG", "2566", "133.43", "0"],
        ["unknown", "AFG", "6", "17.4", "0"],
    ]
    helicopters = ledger.deliveries("AFG", by="category", category="helicopter")
    assert rows(helicopters[["category", "units", "tiv"]]) == [["helicopter", "8", "23.2"]]
    # The same TIV as the entries' own `tiv_delivery`, summed over the deliveries.
    entries = ledger.entries()
    delivered = entries[entries["change"] == "delivered"]
    assert df["tiv"].sum() == pytest.approx(delivered["tiv_delivery"].sum())
    assert ledger.deliveries(by="supplier", per="year")["tiv"].sum() == pytest.approx(157.27)


BOUNDS = ["bounds_lower", "bounds_upper", "bounds_point", "disputed_assessment"]


def test_holdings_have_the_bounds_columns_of_the_cli_csv(venezuela):
    ledger, _ = venezuela
    df = ledger.holdings("VEN")
    assert list(df.columns[-4:]) == BOUNDS
    for column in BOUNDS:
        assert str(df[column].dtype) == "Int64"
    # A munition never assessed: 0 up to what was delivered, point its count.
    igla = df[df["platform"] == "igla-s"]
    assert igla[BOUNDS[:3]].values.tolist() == [[0, 4000, 4000]]
    assert igla["disputed_assessment"].isna().all()
    # The flows alone, nothing more to say than the count: missing, as the CLI's empty cells.
    su30 = df[df["platform"] == "su-30mk2"]
    assert su30[BOUNDS].isna().all(axis=None)


def test_a_count_set_by_a_disputed_assessment_names_it(su30):
    # 24 delivered (A2), one crash (B2): 23; then a C4 report of 24 sets the count.
    report = {
        "holder": "VEN",
        "platform": "su-30mk2",
        "effective": "2025-11-01",
        "recorded": "2025-11-03T00:00:00Z",
        "change": {"kind": "assessed", "breakdown": [["unknown", {"value": 24}]]},
        "source": {"citation": "news report", "grade": "C4"},
    }
    entry = su30.record(report)
    row = su30.holdings("VEN")
    assert row["in_service"].item() == 24
    assert row[BOUNDS].values.tolist() == [[23, 24, 23, entry]]
