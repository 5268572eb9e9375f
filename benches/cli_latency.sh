#!/usr/bin/env bash
# The command line's latency from process start, side by side with sqlite3 answering the same
# questions from an indexed table of the same entries (BENCHMARKS.md, "The command line").
#
#   benches/cli_latency.sh           full form: journals built from ../shared/data (skipped,
#                                    saying so, when absent), RUNS (default 15) runs each
#   benches/cli_latency.sh --quick   the committed excerpts in tests/data, 2 runs each: only
#                                    checks that the script works (CI runs this form)
#
# Every figure is reported, never asserted. The journals are built with the release binary
# (`cargo build --release -p materiel-cli`) as a user would: `materiel import`, which keeps
# the journal's checkpoint up to date. The sqlite3 table holds `materiel export entries` of
# the same journal, indexed by holder and platform; each question is one sqlite3 process.
# sqlite3 missing: its column is left out, saying so.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
[ "${1:-}" = "--quick" ] && quick=1
runs=${RUNS:-15}
[ "$quick" = 1 ] && runs=2

cargo build --release --locked --quiet -p materiel-cli
bin="$PWD/target/release/materiel"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

have_sqlite=1
command -v sqlite3 > /dev/null 2>&1 || { have_sqlite=0; echo "sqlite3 not installed: its column is left out"; }

# Median and minimum wall time of RUNS runs of "$@", in milliseconds.
time_ms() {
  local i start end
  local -a samples=()
  for ((i = 0; i < runs; i++)); do
    start=$EPOCHREALTIME
    "$@" > /dev/null 2>&1
    end=$EPOCHREALTIME
    samples+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) * 1000 }')")
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%8.2f %8.2f", m, v[1] }'
}

# The sqlite3 database of a journal's entries, indexed as the questions need.
sqlite_of() {
  local journal=$1 db=$2
  "$bin" export entries --journal "$journal" --format csv > "$work/entries.csv"
  sqlite3 "$db" <<SQL
.mode csv
.import $work/entries.csv entries
CREATE INDEX entries_holder ON entries (holder, platform, change);
ANALYZE;
SQL
}

# Each question: its materiel command and its sqlite3 query.
bench_journal() {
  local label=$1 journal=$2 holder=$3 platform=$4 loser=$5
  local entries
  entries=$("$bin" verify "$journal" | awk '/^entries/ { print $2 }')
  echo
  echo "== $label: $entries entries, $(du -h "$journal" | cut -f1) journal, $runs runs each"
  local db="$work/$label.sqlite"
  [ "$have_sqlite" = 1 ] && sqlite_of "$journal" "$db"
  printf '%-34s %17s %17s %7s\n' question "materiel med/min" "sqlite3 med/min" ratio
  local -a names=("holdings $holder" "lot $holder $platform" "pipeline $holder" "losses $loser" "transfers" "catalog $platform")
  local -a cli=(
    "holdings $holder --journal $journal"
    "lot $holder $platform --journal $journal"
    "pipeline $holder --journal $journal"
    "losses $loser --journal $journal"
    "transfers --journal $journal"
    "catalog $platform"
  )
  local -a sql=(
    "SELECT platform, change, SUM(count) FROM entries WHERE holder = '$holder' GROUP BY platform, change ORDER BY platform"
    "SELECT * FROM entries WHERE holder = '$holder' AND platform = '$platform' ORDER BY CAST(id AS INTEGER)"
    "SELECT platform, change, SUM(count) FROM entries WHERE holder = '$holder' AND change IN ('ordered', 'delivered', 'requested') GROUP BY platform, change"
    "SELECT platform, cause, substr(effective, 1, 7), SUM(count) FROM entries WHERE holder = '$loser' AND change = 'lost' GROUP BY 1, 2, 3"
    "SELECT supplier, holder, SUM(count) FROM entries WHERE change = 'delivered' GROUP BY supplier, holder"
    "SELECT platform_label FROM entries WHERE platform = '$platform' LIMIT 1"
  )
  local i m s
  # m and s are "median minimum"; the ratio is of the medians.
  for i in "${!names[@]}"; do
    # shellcheck disable=SC2086
    if ! "$bin" ${cli[$i]} > /dev/null 2>&1; then
      printf '%-34s %17s\n' "${names[$i]}" "(not available)"
      continue
    fi
    # shellcheck disable=SC2086
    m=$(time_ms "$bin" ${cli[$i]})
    if [ "$have_sqlite" = 1 ]; then
      s=$(time_ms sqlite3 "$db" "${sql[$i]}")
      printf '%-34s %17s %17s %6.1fx\n' "${names[$i]}" "$m" "$s" \
        "$(awk -v a="${m% *}" -v b="${s% *}" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')"
    else
      printf '%-34s %17s\n' "${names[$i]}" "$m"
    fi
  done
}

if [ "$quick" = 1 ]; then
  "$bin" init "$work/excerpt.jsonl" > /dev/null
  "$bin" import sipri tests/data/sipri-excerpt.csv --journal "$work/excerpt.jsonl" > /dev/null
  "$bin" import oryx tests/data/oryx --journal "$work/excerpt.jsonl" --recorded now > /dev/null 2>&1
  bench_journal excerpts "$work/excerpt.jsonl" VEN su-30mk2 RUS
  exit 0
fi

data=../shared/data
if [ ! -f "$data/sipri-arms-transfers-2000-2030.csv" ] || [ ! -d "$data/oryx" ]; then
  echo "SKIPPED: $data (the full SIPRI and Oryx files) is absent; run with --quick for the excerpts"
  exit 0
fi
sipri="$data/sipri-arms-transfers-2000-2030.csv"
# The full files: SIPRI and Oryx, as a user imports them.
"$bin" init "$work/full.jsonl" > /dev/null
"$bin" import sipri "$sipri" --journal "$work/full.jsonl" > /dev/null 2>&1
"$bin" import oryx "$data/oryx" --journal "$work/full.jsonl" > /dev/null 2>&1
bench_journal full-data "$work/full.jsonl" VEN su-30mk2 RUS
# About 10^5 entries: the same, then the SIPRI export again as a later edition (its
# `Data generated:` line removed, as a spreadsheet does, and the edition given) that adds a
# copy of every deal under a new id (+1,000,000) and of its first 1,000 deals once more
# (+2,000,000): its deals are unchanged, the copies added.
cp "$work/full.jsonl" "$work/e5.jsonl"
[ -f "$work/full.jsonl.checkpoint" ] && cp "$work/full.jsonl.checkpoint" "$work/e5.jsonl.checkpoint"
{
  grep -v '^Data generated:' "$sipri"
  awk -F, 'f && /^[0-9]+,/ { sub(/^[0-9]+/, $1 + 1000000); print } /^SIPRI AT Database ID/ { f = 1 }' "$sipri"
  awk -F, 'f && /^[0-9]+,/ && n++ < 1000 { sub(/^[0-9]+/, $1 + 2000000); print } /^SIPRI AT Database ID/ { f = 1 }' "$sipri"
} > "$work/edition2.csv"
"$bin" import sipri "$work/edition2.csv" --journal "$work/e5.jsonl" --edition-of 2030-01-01 \
  --recorded now > /dev/null 2>&1 || echo "(the second edition was not imported)"
bench_journal 1e5 "$work/e5.jsonl" VEN su-30mk2 RUS
