"""The flagship scenario from Python: Venezuela's holdings of the platforms a November 2025
news report names, on whose word, and one chart of the Su-30MK2 fleet.

The same facts as `examples/venezuela_2025.rs` (sources in `examples/common/mod.rs`):

* SIPRI's Venezuelan rows (the committed excerpt `tests/data/sipri-excerpt.csv`, data
  generated 2025-01-03), imported with the importer's grades (B2, B3 for SIPRI's estimates);
* three reported Su-30MK2 crashes (2015, 2019, 2023), B2;
* the news report of 2025-11-01 relaying The Washington Post: "24 Sukhoi Su-30 MK2 ... the
  operational status of all aircraft is unknown" (C4), first keyed by mistake as 24
  operational and corrected by a retraction the next day.

Run (after `pip install ./materiel-py matplotlib`):

    python examples/python/venezuela.py [chart.png]

It prints the holdings table and writes the chart (default `venezuela_su30mk2.png`).
matplotlib is needed for the chart only; `materiel` does not depend on it.
"""

import sys
from pathlib import Path

import materiel

ROOT = Path(__file__).resolve().parents[2]
SIPRI_EXCERPT = ROOT / "tests" / "data" / "sipri-excerpt.csv"

# The platforms the report names, and the missiles SIPRI lists for its SAM systems.
REPORT_PLATFORMS = ["su-30mk2", "kh-31a", "s-300vm", "9m82m", "9m83m", "buk-m2", "9m317", "igla-s"]

CRASHES = [
    ("2015-09-17", "Maduradas / NTN24, 2015-09-18",
     "https://maduradas.com/el-dato-el-sukhoi-que-se-estrello-en-la-frontera-costo-a-venezuela-casi-42-millones-de-dolares/",
     "crashed in Apure near the Colombian border, two crew killed"),
    ("2019-10-16", "kant.kg citing Webinfomil and minister J. Rodriguez, 2019-10-17",
     "https://kant.kg/2019-10-17/v-venesuele-razbilsya-su-30/",
     "crashed in Guarico, two crew killed"),
    ("2023-07-02", "Venezuelan defence ministry via bobruisk.ru, 2023-07-03",
     "https://bobruisk.ru/news/2023/07/03/v-venesuele-poterpel-krushenie-istrebitel-su-30",
     "tail 3363, crashed in Miranda rehearsing the 5 July parade"),
]
CRASHES_RECORDED = "2025-02-01T09:00:00Z"
REPORT = "News report 'Russia Reaffirms Backing for Venezuela', 2025-11-01"
REPORT_RECORDED = "2025-11-03T09:00:00Z"
CORRECTED = "2025-11-04T08:00:00Z"
AS_KNOWN_AT = "2025-11-04T12:00:00Z"


def build():
    """The scenario's ledger, in memory."""
    ledger = materiel.memory_ledger()
    ledger.import_sipri(SIPRI_EXCERPT, recipients=["Venezuela"])
    for day, citation, url, note in CRASHES:
        ledger.record({
            "holder": "VEN", "platform": "su-30mk2", "effective": day, "recorded": CRASHES_RECORDED,
            "change": {"kind": "lost", "count": {"value": 1}, "from": "unknown",
                       "cause": {"cause": "destroyed"}},
            "source": {"citation": citation, "grade": "B2", "url": url},
            "note": note,
        })

    def assessed(status, recorded):
        return {
            "holder": "VEN", "platform": "su-30mk2", "effective": "2025-11-01", "recorded": recorded,
            "change": {"kind": "assessed", "breakdown": [[status, {"value": 24}]]},
            "source": {"citation": REPORT, "grade": "C4"},
        }

    wrong = ledger.record(assessed("operational", REPORT_RECORDED))
    ledger.retract(wrong, {"citation": REPORT, "grade": "C4"}, CORRECTED,
                   note="keyed as operational in error")
    ledger.record({**assessed("unknown", CORRECTED),
                   "note": "\"operational status of all aircraft is unknown\""})
    return ledger


def report_holdings(ledger):
    """Holdings of VEN today, the report's platforms, in the report's order."""
    h = ledger.holdings("VEN", known_at=AS_KNOWN_AT)
    h = h[h.platform.isin(REPORT_PLATFORMS)].copy()
    h["order"] = h.platform.map(REPORT_PLATFORMS.index)
    columns = ["platform_label", "platform_kind", "in_service", "in_service_basis",
               "delivered", "lost", "weakest_grade"]
    return h.sort_values("order")[columns].reset_index(drop=True)


def chart(ledger, path):
    """The Su-30MK2 fleet over time, as known at AS_KNOWN_AT, with its source line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    steps = ledger.timeline("VEN", "su-30mk2", known_at=AS_KNOWN_AT)
    # Each step lasts until the next; the last one until the day the view is known at.
    days = list(steps.effective_first_day) + [steps.as_of_known.iloc[0].tz_localize(None)]
    in_service = list(steps.in_service.astype(float))
    lost = list(steps.lost.astype(float))
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.step(days, in_service + in_service[-1:], where="post", label="in service")
    ax.step(days, lost + lost[-1:], where="post", label="lost (crashes)")
    ax.set_title("Venezuela: Su-30MK2 in service, as known at 2025-11-04")
    ax.set_ylabel("aircraft")
    ax.legend(loc="center right")
    fig.text(0.01, 0.01,
             "Sources: SIPRI Arms Transfers Database (data generated 2025-01-03; B2, B3 for its "
             "estimates); crash reports "
             "2015-2023 (B2);\n" + REPORT + " (C4: 24, status unknown). Built with materiel.",
             fontsize=7, va="bottom")
    fig.subplots_adjust(bottom=0.22)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main():
    ledger = build()
    print("Holdings of VEN, the 2025 report's platforms, as known at", AS_KNOWN_AT)
    print(report_holdings(ledger).to_string(index=False))
    lot = ledger.lot("VEN", "su-30mk2", known_at=AS_KNOWN_AT)
    print(f"Su-30MK2: the report's 24 exceeds deliveries minus crashes "
          f"({lot.delivered.item() - lot.lost.item()}) by {lot.adjustment.item()}.")
    path = sys.argv[1] if len(sys.argv) > 1 else "venezuela_su30mk2.png"
    chart(ledger, path)
    print("chart:", path)


if __name__ == "__main__":
    main()
