#!/usr/bin/env python3
"""DuckDB's time for the question `all_holdings` answers, on the bench's own workload.

The ledger bench (`benches/ledger.rs`) writes its workload when asked:

    MATERIEL_BENCH_EXPORT=/tmp/materiel-export cargo bench --bench ledger -- all_holdings
    python benches/duckdb_all_holdings.py /tmp/materiel-export 1000000

(`pip install duckdb` in a virtual environment first; measured with DuckDB 2.0.1.) The
script loads `deltas-<N>.csv` into a plain in-memory table (no index: DuckDB scans), then asks
the SQLite baseline's question,

    SELECT holder, platform, status, SUM(delta) FROM deltas
    WHERE effective <= ? GROUP BY holder, platform, status

at the 1,024 dates of `dates-<N>.csv`, in the bench's order. It first checks every answer
against the ledger's (units in service summed over every lot, written beside each date),
then times the query warm: after the warm-up, each run is one date's query with its rows
fetched into Python (`fetchall`, as the SQLite baseline collects its rows), and the median
of the runs is the figure. It also times the same query with only a count of its rows
fetched (`count_only`: the engine's work without making Python objects of the rows).

Times are wall-clock, with DuckDB's default threads (one per core) unless `--threads` says
otherwise; the ledger's query is single-threaded.
"""

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

import duckdb

# Progress shows as it happens when the output goes to a file.
sys.stdout.reconfigure(line_buffering=True)

QUERY = (
    "SELECT holder, platform, status, SUM(delta) FROM deltas "
    "WHERE effective <= ? GROUP BY holder, platform, status"
)
COUNT_ONLY = f"SELECT count(*) FROM ({QUERY})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="the directory MATERIEL_BENCH_EXPORT wrote")
    parser.add_argument("n", type=int, nargs="?", default=1_000_000, help="entries (N)")
    parser.add_argument("--runs", type=int, default=1024, help="timed queries (default 1024)")
    parser.add_argument("--warmup", type=int, default=64, help="untimed queries first")
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: its own)")
    args = parser.parse_args()

    deltas = args.dir / f"deltas-{args.n}.csv"
    with open(args.dir / f"dates-{args.n}.csv", newline="") as f:
        dates = [(int(r["day"]), int(r["total"])) for r in csv.DictReader(f)]
    if not dates:
        print(f"no dates in {args.dir}", file=sys.stderr)
        return 1

    con = duckdb.connect(":memory:")
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    started = time.perf_counter()
    con.execute(
        "CREATE TABLE deltas AS SELECT * FROM read_csv(?, header = true, columns = {"
        "'holder': 'VARCHAR', 'platform': 'VARCHAR', 'effective': 'INTEGER', "
        "'status': 'INTEGER', 'delta': 'BIGINT'})",
        [str(deltas)],
    )
    loaded = time.perf_counter() - started
    rows = con.execute("SELECT count(*) FROM deltas").fetchone()[0]
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(
        f"DuckDB {duckdb.__version__}, {threads} threads: {rows} rows loaded from "
        f"{deltas} in {loaded:.2f} s"
    )

    # Every answer equals the ledger's, before anything is timed.
    for day, total in dates:
        got = sum(r[3] for r in con.execute(QUERY, [day]).fetchall())
        if got != total:
            print(f"day {day}: DuckDB sums {got}, the ledger {total}", file=sys.stderr)
            return 1
    print(f"all {len(dates)} answers equal the ledger's totals")

    def timed(sql: str, fetch) -> list[float]:
        for i in range(args.warmup):
            fetch(con.execute(sql, [dates[i % len(dates)][0]]))
        times = []
        for i in range(args.runs):
            day = dates[i % len(dates)][0]
            t = time.perf_counter()
            fetch(con.execute(sql, [day]))
            times.append(time.perf_counter() - t)
        return times

    for name, sql, fetch in [
        ("fetchall", QUERY, lambda cur: cur.fetchall()),
        ("count_only", COUNT_ONLY, lambda cur: cur.fetchone()),
    ]:
        times = timed(sql, fetch)
        q = statistics.quantiles(times, n=10)
        print(
            f"{name}: median {statistics.median(times) * 1e3:.2f} ms over {len(times)} "
            f"queries (p10 {q[0] * 1e3:.2f} ms, p90 {q[-1] * 1e3:.2f} ms, "
            f"min {min(times) * 1e3:.2f} ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
