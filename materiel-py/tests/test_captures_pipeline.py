"""Issue 23, items 7 and 8 from Python: "of which captured" in the holdings (Oryx excerpt:
"Data: Oryx (oryxspioenkop.com), as scraped by scarnecchia/oryx_data; no licence stated: check
Oryx's terms before republishing.") and the pipeline's `remainder` column (SIPRI excerpt)."""

import materiel
from conftest import ORYX


def test_holdings_say_of_which_captured():
    ledger = materiel.memory_ledger()
    ledger.import_oryx([ORYX], recorded="2025-07-20T00:00:00Z")
    ukr = ledger.holdings("Ukraine")
    for column in ["captured_held_lower", "captured_held_upper"]:
        assert str(ukr[column].dtype) == "Int64"
    bmp2 = ukr[ukr["platform"] == "bmp-2"]
    # 3 captured from Russia, 1 of Ukraine's own lost: 2 or 3 of those held are captured.
    assert bmp2[["in_service", "captured_in", "lost"]].values.tolist() == [[2, 3, 1]]
    assert bmp2[["captured_held_lower", "captured_held_upper"]].values.tolist() == [[2, 3]]
    everyone = ledger.holdings()
    captured = everyone[everyone["captured_in"] > 0]
    assert len(captured) == 49
    assert captured["captured_held_lower"].sum() == 58
    assert captured["captured_held_upper"].sum() == captured["captured_in"].sum() == 64
    assert (everyone["captured_held_lower"] <= everyone["captured_held_upper"]).all()
    # A lot that captured nothing: 0..0.
    assert (everyone.loc[everyone["captured_in"] == 0, "captured_held_upper"] == 0).all()


def test_pipeline_says_which_remainders_are_unknown(venezuela):
    ledger, _ = venezuela
    p = ledger.pipeline("VEN", at="2007-12-31")
    assert list(p["remainder"].cat.categories) == ["due", "unstated", "unknown"]
    assert p["remainder"].value_counts().to_dict() == {"due": 22, "unknown": 25, "unstated": 0}
    unknown = p[p["remainder"] == "unknown"]
    assert unknown["outstanding"].isna().all()
    due = p[p["remainder"] == "due"]
    assert due["outstanding"].sum() == 484
    su30 = due[due["platform"] == "su-30mk2"]
    assert su30[["count", "count_basis", "outstanding"]].values.tolist() == [[24, "at_least", 8]]
    # Today none of Venezuela's 92 SIPRI orders is known to be open.
    today = ledger.pipeline("Venezuela", at="2025-12-31")
    assert (today["remainder"] == "unknown").sum() == 92
    assert len(today) == 92
