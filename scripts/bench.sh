#!/usr/bin/env bash
# Measures the budgets of DESIGN §9 and prints them as a table:
#   - the built binary end to end on data set L: start to first home frame
#     in a pseudo-terminal and the app's peak memory (scripts/firstframe),
#     and `dealcoach summary --rep` as a whole process;
#   - the go test benchmarks of the same rows (tui, store).
# Data set L is written once with `dealcoach demo` into $BENCH_DIR (default
# $TMPDIR/dealcoach-bench) and rebuilt when the schema changes or it is a
# week old (its sessions are dated relative to the day it was written).
# DEALCOACH_BENCH_2L=1 also runs the benchmarks on the doubled data set.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${BENCH_DIR:-${TMPDIR:-/tmp}/dealcoach-bench}
mkdir -p "$dir"
echo "== building" >&2
go build -o "$dir/dealcoach" ./cmd/dealcoach
go build -o "$dir/firstframe" ./scripts/firstframe
bin=$dir/dealcoach

schema=$("$bin" version | sed -n 's/.*(schema \([0-9]*\)).*/\1/p')
L=$dir/L-v$schema.db
if [ -f "$L" ] && [ -n "$(find "$L" -mtime +7)" ]; then rm -f "$L"; fi
if [ ! -f "$L" ]; then
  echo "== writing data set L to $L (about 20 s)" >&2
  "$bin" demo --db "$L" --reps 200 --deals-per-rep 100 --sessions-per-rep 150 >&2
fi
rep=$(sqlite3 "$L" "SELECT name FROM reps ORDER BY id LIMIT 1 OFFSET 100" 2>/dev/null || echo "Dana Ruiz")

echo "== first frame and peak memory (10 starts)" >&2
ff=$("$dir/firstframe" -bin "$bin" -db "$L" -runs 10)
frame=$(awk '/first_frame_ms/ {print $3 " ms (worst " $5 ")"}' <<<"$ff")
rss=$(awk '/peak_rss_mb/ {print $3 " MB (worst " $5 ")"}' <<<"$ff")

echo "== summary --rep \"$rep\" as a whole process" >&2
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs 20 --export-json "$dir/summary.json" "$bin summary --db $L --rep '$rep'" >&2
  summary=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print('%.1f ms (max %.1f)' % (r['median']*1000, r['max']*1000))" "$dir/summary.json")
else
  # /usr/bin/time counts in hundredths of a second: the wall time comes
  # from bash's clock, the peak memory from time.
  : >"$dir/summary.times"
  "$bin" summary --db "$L" --rep "$rep" >/dev/null # warm the page cache
  for _ in $(seq 20); do
    t0=$EPOCHREALTIME
    /usr/bin/time -o "$dir/summary.rss" -f "%M" "$bin" summary --db "$L" --rep "$rep" >/dev/null
    t1=$EPOCHREALTIME
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b-a)*1000}') $(cat "$dir/summary.rss")" >>"$dir/summary.times"
  done
  summary=$(sort -n "$dir/summary.times" | awk '{t[NR]=$1; if ($2>m) m=$2} END {printf "%.1f ms median of %d (max %.1f), %.0f MB peak", t[int((NR+1)/2)], NR, t[NR], m/1024}')
fi

echo "== go test benchmarks" >&2
bench=$(go test ./tui/ ./store/ -count=1 -run '^$' -benchmem \
  -bench 'OpenAndFirstHomeFrame|HomeWeakestColumn|RepOverviewLoad|HomeKeypress|WalkKeypress|SaveAnswer|SummaryRep|SummaryTeam|Import100k' 2>&1 | tee "$dir/bench.txt")
fig() { # fig NAME: "1.23 ms" for each matching benchmark line
  awk -v n="$1" '$1 ~ "^Benchmark" n "(-[0-9]+)?$" {
      ns=$3; u="ns"; v=ns
      if (ns >= 1e6) { v=ns/1e6; u="ms" } else if (ns >= 1e3) { v=ns/1e3; u="µs" }
      printf "%s%.2f %s", sep, v, u; sep=", " }' <<<"$bench"
}

two() { # two NAME: the figure on L, and on 2L when it ran
  local l2; l2=$(fig "$1/2L")
  printf '%s%s' "$(fig "$1/L")" "${l2:+ · 2L: $l2}"
}
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4"; }
echo
row "what (DESIGN §9)" "budget" "measured" "how"
row "---" "---" "---" "---"
row "open the file and render the first home frame" "≤ 50 ms" "$frame" "binary in a pty, median of 10"
row "" "" "$(two OpenAndFirstHomeFrame)" "BenchmarkOpenAndFirstHomeFrame"
row "weakest-stage column of home (after the frame)" "—" "$(two HomeWeakestColumn)" "BenchmarkHomeWeakestColumn"
row "load a rep overview" "≤ 15 ms" "$(two RepOverviewLoad)" "BenchmarkRepOverviewLoad"
row "one keypress, deal walk, 120×40" "≤ 1 ms" "$(fig 'WalkKeypress/[a-z]+')" "BenchmarkWalkKeypress"
row "one keypress, home list, 120×40" "≤ 1 ms" "$(two HomeKeypress)" "BenchmarkHomeKeypress"
row "save one answer, durably committed" "≤ 5 ms" "$(fig 'SaveAnswer')" "BenchmarkSaveAnswer"
row "summary --rep, whole process" "≤ 100 ms" "$summary" "binary, $L"
row "" "" "$(fig 'SummaryRep')" "BenchmarkSummaryRep"
row "summary --team (store and scoring)" "—" "$(fig 'SummaryTeam')" "BenchmarkSummaryTeam"
row "import a 100,000-row CSV" "≤ 5 s, ≤ 150 MB" "$(fig 'Import100k')" "BenchmarkImport100k"
row "the app's peak memory" "≤ 80 MB" "$rss" "VmHWM after the home screen loaded"
echo
echo "benchmark output: $dir/bench.txt"
