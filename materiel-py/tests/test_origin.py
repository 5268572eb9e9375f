"""The platform's category, origin and family in the DataFrames: `holdings(origin=...)`,
`losses(by=, category=, since=, until=, per=)` summed as the command line's `losses --by`, and
the category column that keeps Oryx's generic "Unknown tank" items in a pandas grouping."""

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
    # The export's last columns, before the bounds columns the CLI's CSV adds.
    assert list(every.columns[-7:-4]) == ["category", "origin", "family"]
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
