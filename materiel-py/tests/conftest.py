"""Shared fixtures: the repository's committed test data and a small Venezuelan ledger."""

from pathlib import Path

import pytest

import materiel

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
SIPRI = DATA / "sipri-excerpt.csv"
ORYX = DATA / "oryx"

SIPRI_SOURCE = {"citation": "SIPRI Arms Transfers Database", "grade": "A2"}


def delivery(year, count, recorded="2025-03-10T00:00:00Z", holder="VEN", platform="su-30mk2"):
    """A delivery in its JSON form, as `Ledger.record` takes it."""
    return {
        "holder": holder,
        "platform": platform,
        "effective": str(year),
        "recorded": recorded,
        "change": {"kind": "delivered", "count": {"value": count}, "into": "unknown"},
        "source": SIPRI_SOURCE,
    }


def loss(day, count=1, recorded="2025-03-11T00:00:00Z", grade="B2"):
    return {
        "holder": "VEN",
        "platform": "su-30mk2",
        "effective": day,
        "recorded": recorded,
        "change": {"kind": "lost", "count": {"value": count}, "from": "unknown", "cause": {"cause": "destroyed"}},
        "source": {"citation": "crash report", "grade": grade},
    }


@pytest.fixture
def su30():
    """A memory ledger: 24 Su-30MK2 delivered 2006-2008 (A2), one crash in 2015 (B2)."""
    ledger = materiel.memory_ledger()
    ledger.record_many([delivery(2006, 4), delivery(2007, 12), delivery(2008, 8)])
    ledger.record(loss("2015-09-17"))
    return ledger


@pytest.fixture(scope="session")
def venezuela():
    """The SIPRI excerpt's Venezuelan rows, imported into a memory ledger."""
    ledger = materiel.memory_ledger()
    report = ledger.import_sipri(SIPRI, recipients=["Venezuela"])
    return ledger, report
