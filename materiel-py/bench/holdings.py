"""Holdings of every holder on a 10^5-entry journal: as a DataFrame, against the same query in
Rust plus the CSV export (`Ledger.to_csv("holdings")`: `export::all_holdings` into a string),
in the same process and run.

    cd materiel-py && maturin develop --release && python bench/holdings.py [ENTRIES]

The journal is generated here, deterministically (seeded): 100 holders (organisation slugs)
x 10 catalog platforms, entries in effective-date order with non-decreasing recorded times:
deliveries, status changes and losses that never take a count below zero, grades A2, B3 and
C4. Figures go to BENCHMARKS.md ("Python").
"""

import datetime
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import materiel

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
HOLDERS = [f"holder-{i:03}" for i in range(100)]
GRADES = ["A2", "B3", "C4"]
START = datetime.date(1990, 1, 1)


def entries(n, platforms, seed=7):
    rng = random.Random(seed)
    counts = {}  # (holder, platform) -> [operational, degraded]
    for i in range(n):
        holder, platform = rng.choice(HOLDERS), rng.choice(platforms)
        op, deg = counts.setdefault((holder, platform), [0, 0])
        day = (START + datetime.timedelta(days=i * 35 * 365 // n)).isoformat()
        roll = rng.random()
        if op > 2 and roll < 0.25:
            k = rng.randint(1, op // 2)
            change = {"kind": "lost", "count": {"value": k}, "from": "operational",
                      "cause": {"cause": "destroyed"}}
            counts[(holder, platform)][0] -= k
        elif op > 2 and roll < 0.5:
            k = rng.randint(1, op // 2)
            change = {"kind": "status_changed", "count": {"value": k}, "from": "operational",
                      "to": "degraded"}
            counts[(holder, platform)][0] -= k
            counts[(holder, platform)][1] += k
        else:
            k = rng.randint(1, 20)
            change = {"kind": "delivered", "count": {"value": k}, "into": "operational"}
            counts[(holder, platform)][0] += k
        yield {
            "holder": holder, "platform": platform, "effective": day,
            "recorded": f"2025-01-{1 + i * 28 // n:02}T00:00:00Z",
            "change": change,
            "source": {"citation": f"report {i}", "grade": rng.choice(GRADES)},
        }


def timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def alternating(f, g, runs):
    """Best and median times of `f` and of `g`, run in turn (the machine's load hits both)."""
    fs, gs = [], []
    for _ in range(runs):
        fs.append(timed(f))
        gs.append(timed(g))
    return (min(fs), statistics.median(fs)), (min(gs), statistics.median(gs))


def main():
    catalog = materiel.Catalog().platforms()
    platforms = list(catalog[~catalog.is_family.astype(bool)].id[:10])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.journal"
        writer = materiel.create_journal(path)
        batch = []
        for e in entries(N, platforms):
            batch.append(e)
            if len(batch) == 10_000:
                writer.record_many(batch)
                batch = []
        if batch:
            writer.record_many(batch)
        writer.sync()
        del writer
        ledger = materiel.open_journal(path)
        assert len(ledger) == N

        frame = ledger.holdings()
        rows = len(frame)
        (rust_best, rust_median), (frame_best, frame_median) = alternating(
            lambda: ledger.to_csv("holdings"), lambda: ledger.holdings(), 20
        )
        print(f"{N} entries, {rows} holdings rows x {frame.shape[1]} columns")
        print(f"Rust query + CSV export (to_csv):  best {rust_best * 1e3:7.2f} ms  median {rust_median * 1e3:7.2f} ms")
        print(f"DataFrame (holdings):              best {frame_best * 1e3:7.2f} ms  median {frame_median * 1e3:7.2f} ms")
        print(f"ratio DataFrame / (query + CSV):   best {frame_best / rust_best:5.2f}  median {frame_median / rust_median:5.2f}  (target: at most 2)")


if __name__ == "__main__":
    main()
