"""The platform's category, origin and family in the DataFrames: `holdings(origin=...)`,
`losses(origin=...)` and `deliveries(origin=...)` as the command line's `--origin`,
`losses(by=, category=, since=, until=, per=)` summed as the command line's `losses --by`, and
the category column that keeps Oryx's generic "Unknown tank" items in a pandas grouping, and
`holdings(by=...)` as the command line's `holdings --by`."""

import csv
from pathlib import Path

import pandas as pd
import pytest

import materiel
from conftest import ORYX

# `materiel losses RUS --by category --category tank --per month --format csv` on the
# committed Oryx excerpt (tests/data/oryx), imported with `materiel import oryx`.
CLI_RUS_TANKS_BY_MONTH = {
    "2022-03": 5, "2022-08": 1, "2022-09": 3, "2022-11": 1, "2022-12": 1, "2023-02": 2,
    "2023-05": 1, "2023-06": 1, "2023-07": 1, "2023-09": 1, "2024-01": 1, "2024-03": 1,
    "2024-04": 6, "2024-05": 1, "2024-06": 3, "2024-07": 1, "2024-09": 1, "2024-10": 1,
    "2024-11": 1, "2025-03": 1,
}


@pytest.fixture(scope="module")
def oryx():
    ledger = materiel.memory_ledger()
    ledger.import_oryx([ORYX], recorded="2025-07-20T00:00:00Z")
    return ledger


def test_tank_losses_by_month_equal_the_command_lines(oryx):
    df = oryx.losses("RUS", by="category", category="tank", per="month")
    assert list(df.columns) == ["holder", "category", "period", "units", "units_basis"]
    got = {p.strftime("%Y-%m"): int(n) for p, n in zip(df["period"], df["units"])}
    assert got == CLI_RUS_TANKS_BY_MONTH
    # The same from the rows' category column: generic "Unknown tank" items included.
    rows = oryx.losses("RUS")
    assert list(rows.columns[-3:]) == ["category", "origin", "family"]
    assert isinstance(rows["category"].dtype, pd.CategoricalDtype)
    tanks = rows[rows["category"] == "tank"]
    assert tanks["platform_generic"].any(), "the excerpt has generic tanks"
    by_month = tanks.groupby(tanks["month"].dt.strftime("%Y-%m"))["count"].sum()
    assert {m: int(n) for m, n in by_month.items()} == CLI_RUS_TANKS_BY_MONTH
    # The join on the catalog, which has no generic platforms, misses them: the review's
    # 1,063 instead of 1,229 on the full files.
    catalog = materiel.Catalog().platforms()[["id", "category"]]
    joined = rows.merge(catalog, left_on="platform", right_on="id", suffixes=("", "_catalog"))
    assert (joined["category_catalog"] == "tank").sum() < len(tanks)


def test_grouped_losses_take_a_period_and_years(oryx):
    df = oryx.losses("RUS", by="category", category="tank", since="2023", until="2023", per="year")
    assert df["units"].tolist() == [sum(n for m, n in CLI_RUS_TANKS_BY_MONTH.items() if m.startswith("2023"))]
    assert df["period"].dt.strftime("%Y-%m-%d").tolist() == ["2023-01-01"]
    # A filter alone groups by platform, as the command line does.
    by_platform = oryx.losses("RUS", category="tank")
    assert "platform" in by_platform.columns and "cause" not in by_platform.columns
    assert by_platform["units"].sum() == sum(CLI_RUS_TANKS_BY_MONTH.values())
    with pytest.raises(materiel.ParseError, match="supplier"):
        oryx.losses(by="supplier")
    with pytest.raises(materiel.ParseError, match="per"):
        oryx.losses(per="week")


def test_holdings_by_origin(venezuela):
    ledger, _ = venezuela
    every = ledger.holdings("VEN")
    assert list(every.columns[-3:]) == ["category", "origin", "family"]
    russian = ledger.holdings("VEN", origin="RUS,SUN")
    assert len(russian) > 0
    assert set(russian["origin"]) <= {"RUS", "SUN"}
    assert russian["in_service"].sum() == every[every["origin"].isin(["RUS", "SUN"])]["in_service"].sum()
    # A list, names, and one code: the same rows or a part of them.
    assert ledger.holdings("VEN", origin=["Russia", "Soviet Union"]).equals(russian)
    assert len(ledger.holdings("VEN", origin="RUS")) <= len(russian)
    # Generic equipment has no origin.
    assert not russian["platform_generic"].any()
    with pytest.raises(materiel.ParseError, match="unknown holder"):
        ledger.holdings("VEN", origin="Rusia")
    with pytest.raises(materiel.ParseError, match="origin"):
        ledger.holdings("VEN", origin=7)


def test_losses_by_origin(oryx):
    rows = oryx.losses("RUS")
    russian = rows[rows["origin"].isin(["RUS", "SUN"])]
    expected = {c: int(n) for c, n in russian.groupby("category", observed=True)["count"].sum().items()}
    assert expected and rows["origin"].isna().any(), "both in the excerpt"
    df = oryx.losses("RUS", by="category", origin="RUS,SUN")
    assert list(df.columns) == ["holder", "category", "period", "units", "units_basis"]
    assert {c: int(n) for c, n in zip(df["category"], df["units"])} == expected
    # A list and names: the same.
    assert oryx.losses("RUS", by="category", origin=["Russia", "Soviet Union"]).equals(df)
    # A filter alone sums by platform, as `materiel losses --origin` does.
    by_platform = oryx.losses("RUS", origin="RUS")
    assert "platform" in by_platform.columns and "cause" not in by_platform.columns
    assert by_platform["units"].sum() == rows[rows["origin"] == "RUS"]["count"].sum()
    with pytest.raises(materiel.ParseError, match="unknown holder"):
        oryx.losses("RUS", origin="Rusia")
    with pytest.raises(materiel.ParseError, match="origin"):
        oryx.losses("RUS", origin=7)


def test_deliveries_by_origin(venezuela):
    ledger, _ = venezuela
    every = ledger.deliveries("VEN")
    catalog = materiel.Catalog().platforms()[["designation", "origin"]]
    joined = every.merge(catalog, left_on="platform", right_on="designation", how="left")
    assert len(joined) == len(every)
    expected = joined[joined["origin"].isin(["RUS", "SUN"])]
    russian = ledger.deliveries("VEN", origin="RUS,SUN")
    assert sorted(russian["platform"]) == sorted(expected["platform"])
    assert russian["units"].sum() == expected["units"].sum()
    # The command line's `deliveries VEN --by category --origin RUS,SUN` on the excerpt: 5323.
    by_category = ledger.deliveries("VEN", by="category", origin=["Russia", "Soviet Union"])
    assert by_category["units"].sum() == expected["units"].sum() == 5323
    assert ledger.deliveries("VEN", origin="RUS")["units"].sum() <= 5323
    with pytest.raises(materiel.ParseError, match="unknown holder"):
        ledger.deliveries("VEN", origin="Rusia")


# `materiel holdings VEN --by category|family --format csv` on the committed SIPRI excerpt,
# pinned by the command line's snapshots.
CLI_SNAPSHOTS = Path(__file__).resolve().parents[2] / "materiel-cli" / "tests" / "snapshots"


def cells(df):
    """The frame's rows as the CSV export writes them: text, missing as empty."""
    return [["" if pd.isna(v) else str(v) for v in row] for row in df.itertuples(index=False)]


@pytest.mark.parametrize("by, snapshot", [
    ("category", "holdings-ven-by-category-bounds.csv"),
    ("family", "holdings-ven-by-family.csv"),
])
def test_grouped_holdings_are_the_command_lines(venezuela, by, snapshot):
    ledger, _ = venezuela
    with open(CLI_SNAPSHOTS / snapshot, newline="") as f:
        header, *rows = list(csv.reader(f))
    df = ledger.holdings("VEN", by=by)
    assert list(df.columns) == header
    assert cells(df) == rows
    assert str(df["in_service"].dtype) == "Int64" and str(df["bounds_upper"].dtype) == "Int64"
    assert isinstance(df["in_service_basis"].dtype, pd.CategoricalDtype)


def test_grouped_holdings_take_origin_and_every_holder(venezuela):
    ledger, _ = venezuela
    rows = ledger.holdings("VEN")
    russian = ledger.holdings("VEN", by="category", origin="RUS,SUN")
    expected = rows[rows["origin"].isin(["RUS", "SUN"])].groupby("category", observed=True)["in_service"].sum()
    assert {c: int(n) for c, n in zip(russian["category"], russian["in_service"])} == {
        c: int(n) for c, n in expected.items()
    }
    by_platform = ledger.holdings(by="platform")
    assert set(by_platform["holder"]) == set(rows["holder"])
    assert by_platform["lots"].sum() == len(ledger.holdings())
    with pytest.raises(materiel.ParseError, match="supplier"):
        ledger.holdings("VEN", by="supplier")
    with pytest.raises(materiel.ParseError, match="by"):
        ledger.holdings("VEN", by="week")
