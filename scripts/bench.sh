#!/usr/bin/env bash
# Measures the budgets of DESIGN §9 and prints them as a table:
#   - the built binary end to end on data set L: start to first home frame
#     in a pseudo-terminal and the app's peak memory (scripts/firstframe),
#     and `dealcoach summary --rep` as a whole process;
#   - the go test benchmarks of the same rows (tui, store);
#   - each whole-process path against its floor, paired in one run (the two
#     alternate, so both see the same load): the first frame against a bare
#     Bubble Tea program (scripts/bareframe), `summary --rep` against the
#     stock sqlite3 computing the same numbers (scripts/sql/summary-floor.sql,
#     team-floor.sql for --team; both the best single statement on the same
#     schema), `dealcoach version` against sqlite3 selecting one row (the
#     start-up no query removes), and a 100,000-row import against
#     `sqlite3 .import` of the same file; each also against this stack's
#     own floor, Go and modernc.org/sqlite doing exactly what sqlite3 does
#     (scripts/gofloor, scripts/goimportfloor), which tells how much of a
#     ratio is the stack and how much is dealcoach;
#   - the peak memory of re-importing those 100,000 rows and of importing
#     1,000,000 new ones (DEALCOACH_BENCH_1M=0 skips the latter).
# Data set L is written once with `dealcoach demo` into $BENCH_DIR (default
# $TMPDIR/dealcoach-bench) and rebuilt when the schema changes or it is a
# week old (its sessions are dated relative to the day it was written).
# DEALCOACH_BENCH_2L=1 also runs the benchmarks on the doubled data set.
# DEALCOACH_BENCH_ORG=1 also measures issue 16's scale goals (50 managers ×
# 10 reps × 3 years of weekly 1:1s) against a throwaway PostgreSQL cluster
# (the orgstore benchmarks; needs postgresql-15's server, a few minutes).
# Last measured 2026-11-30 on a 2-core machine (uptime load 0.9–3.3): first
# publish of a year 456 ms, incremental publish after one 1:1 63 ms (66 ms
# in a second run; 850 ms before the change log), summary --org 307 ms
# (1,490 ms before next_at and jit off, under the same load).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${BENCH_DIR:-${TMPDIR:-/tmp}/dealcoach-bench}
mkdir -p "$dir"
echo "== building" >&2
go build -o "$dir/dealcoach" ./cmd/dealcoach
go build -o "$dir/firstframe" ./scripts/firstframe
go build -o "$dir/bareframe" ./scripts/bareframe
go build -o "$dir/genexport" ./scripts/genexport
go build -o "$dir/gofloor" ./scripts/gofloor
go build -o "$dir/goimportfloor" ./scripts/goimportfloor
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
ff=$("$dir/firstframe" -bin "$bin" -db "$L" -runs 10 -floor "$dir/bareframe")
frame=$(awk '/first_frame_ms/ {print $3 " ms (worst " $5 ")"}' <<<"$ff")
framefloor=$(awk '/floor_frame_ms/ {print $3 " ms; ratio " $7 "×"}' <<<"$ff")
rss=$(awk '/peak_rss_mb/ {print $3 " MB (worst " $5 ")"}' <<<"$ff")

# pair NAME N CMD_A -- CMD_B [-- CMD_C]: runs A, B (and C) in turn N times
# after one warm-up each, each bare (no wrapper of its own in the timing);
# then A once more under /usr/bin/time for its peak memory. Prints
# "A_median B_median A/B A_peak_MB [C_median C/B]" (ms, ms, ×, MB, ms, ×).
# C is this stack's own floor (scripts/gofloor, scripts/goimportfloor): Go
# and modernc.org/sqlite doing what sqlite3 does in B.
pair() {
  local n=$2; shift 2
  local sides=(a) a=() b=() c=() s
  local -n side=a
  for w in "$@"; do
    if [ "$w" = "--" ]; then
      sides+=("$([ ${#sides[@]} = 1 ] && echo b || echo c)")
      local -n side=${sides[-1]}
    else
      side+=("$w")
    fi
  done
  for s in "${sides[@]}"; do
    local -n cmd=$s
    "${cmd[@]}" >/dev/null 2>&1
    : >"$dir/pair.$s"
  done
  for _ in $(seq "$n"); do
    for s in "${sides[@]}"; do
      local -n cmd=$s
      local t0 t1
      t0=$EPOCHREALTIME; "${cmd[@]}" >/dev/null 2>&1; t1=$EPOCHREALTIME
      awk -v x="$t0" -v y="$t1" 'BEGIN {printf "%.3f\n", (y-x)*1000}' >>"$dir/pair.$s"
    done
  done
  /usr/bin/time -o "$dir/pair.rss" -f "%M" "${a[@]}" >/dev/null 2>&1
  median() { sort -n "$1" | awk '{t[NR]=$1} END {print t[int((NR+1)/2)]}'; }
  local ma mb mc
  ma=$(median "$dir/pair.a"); mb=$(median "$dir/pair.b")
  printf '%s %s %s %s' "$ma" "$mb" "$(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.2f", a/b}')" "$(awk '{printf "%.0f", $1/1024}' "$dir/pair.rss")"
  if [ ${#c[@]} -gt 0 ]; then
    mc=$(median "$dir/pair.c")
    printf ' %s %s' "$mc" "$(awk -v c="$mc" -v b="$mb" 'BEGIN {printf "%.2f", c/b}')"
  fi
  echo
}
fmtpair() { awk '{printf "%.1f ms, %.0f MB peak; floor %.1f ms; ratio %s×", $1, $4, $2, $3}' <<<"$1"; }

echo "== summary --rep \"$rep\" against the sqlite3 floor (20 pairs)" >&2
floor_sql=$(grep -v '^--' scripts/sql/summary-floor.sql)
ours=$("$bin" summary --db "$L" --rep "$rep" --format json |
  python3 -c 'import json,sys; [print("%s|%d|%d|%d|%d" % (s["key"], s["yes"], s["no"], s["unsure"], s["na"])) for s in json.load(sys.stdin)["stages"] if s["yes"]+s["no"]+s["unsure"]+s["na"]]' | sort)
theirs=$(sqlite3 -readonly "$L" -cmd ".parameter set :rep '$rep'" "$floor_sql" | sort)
if [ "$ours" != "$theirs" ]; then
  echo "bench: summary and its SQL floor disagree:" >&2; diff <(echo "$ours") <(echo "$theirs") >&2; exit 1
fi
reppair=$(pair summary 20 "$bin" summary --db "$L" --rep "$rep" -- sqlite3 -readonly "$L" -cmd ".parameter set :rep '$rep'" "$floor_sql" \
  -- "$dir/gofloor" "$L" scripts/sql/summary-floor.sql ":rep=$rep")
summary=$(fmtpair "$reppair")

echo "== summary --team against the sqlite3 floor (10 pairs)" >&2
team_sql=$(grep -v '^--' scripts/sql/team-floor.sql)
ours=$("$bin" summary --db "$L" --team --format json |
  python3 -c 'import json,sys; [print("%s|%s|%d|%d|%d|%d" % (r["rep"], s["key"], s["yes"], s["no"], s["unsure"], s["na"])) for r in json.load(sys.stdin)["reps"] for s in r["stages"] if s["yes"]+s["no"]+s["unsure"]+s["na"]]' | sort)
theirs=$(sqlite3 -readonly "$L" "$team_sql" | sort)
if [ "$ours" != "$theirs" ]; then
  echo "bench: summary --team and its SQL floor disagree:" >&2; diff <(echo "$ours") <(echo "$theirs") | head >&2; exit 1
fi
teampair=$(pair team 10 "$bin" summary --db "$L" --team -- sqlite3 -readonly "$L" "$team_sql" \
  -- "$dir/gofloor" "$L" scripts/sql/team-floor.sql)
team=$(fmtpair "$teampair")

echo "== process start: dealcoach version against sqlite3 on one row (20 pairs)" >&2
# What a Go binary of this size costs before any work, against the whole
# sqlite3 floor process: the share of the summaries' ratios no query removes.
echo "SELECT 1;" >"$dir/select1.sql"
startpair=$(pair start 20 "$bin" version -- sqlite3 -readonly "$L" "SELECT 1" -- "$dir/gofloor" "$L" "$dir/select1.sql")

echo "== import of 100,000 rows against sqlite3 .import (5 pairs)" >&2
"$dir/genexport" -rows 100000 >"$dir/export-100k.csv"
imppair=$(pair import 5 sh -c "rm -f '$dir'/imp.db*; '$bin' import --db '$dir/imp.db' '$dir/export-100k.csv'" -- \
  sh -c "rm -f '$dir/imp-sqlite3.db'; sqlite3 '$dir/imp-sqlite3.db' \".import --csv '$dir/export-100k.csv' deals\" 2>/dev/null" -- \
  sh -c "rm -f '$dir/imp-go.db'; '$dir/goimportfloor' '$dir/imp-go.db' '$dir/export-100k.csv'")
import=$(fmtpair "$imppair")

# peakmb FILE CMD...: runs CMD and prints its peak RSS in MB.
peakmb() {
  local out=$1; shift
  /usr/bin/time -o "$out" -f "%M" "$@" >/dev/null 2>&1
  awk '{printf "%.0f", $1/1024}' "$out"
}
echo "== re-import of the same 100,000 rows: peak memory" >&2
reimp_mb=$(peakmb "$dir/reimport.rss" "$bin" import --db "$dir/imp.db" "$dir/export-100k.csv")
if [ "${DEALCOACH_BENCH_1M:-1}" = 1 ]; then
  echo "== import of 1,000,000 new rows: peak memory (about a minute; DEALCOACH_BENCH_1M=0 skips)" >&2
  "$dir/genexport" -rows 1000000 >"$dir/export-1m.csv"
  rm -f "$dir"/imp1m.db*
  imp1m_mb=$(peakmb "$dir/imp1m.rss" "$bin" import --db "$dir/imp1m.db" "$dir/export-1m.csv")
  rm -f "$dir"/imp1m.db* "$dir/export-1m.csv"
fi

echo "== go test benchmarks" >&2
bench=$(go test ./tui/ ./store/ -count=1 -run '^$' -benchmem \
  -bench 'OpenAndFirstHomeFrame|HomeWeakestColumn|RepOverviewLoad|TeamViewLoad|HomeKeypress|WalkKeypress|SaveAnswer|SummaryRep|SummaryTeam|PlaybookDecode|Import100k' 2>&1 | tee "$dir/bench.txt")
fig() { # fig NAME: "1.23 ms" for each matching benchmark line
  awk -v n="$1" '$1 ~ "^Benchmark" n "(-[0-9]+)?$" {
      ns=$3; u="ns"; v=ns
      if (ns >= 1e6) { v=ns/1e6; u="ms" } else if (ns >= 1e3) { v=ns/1e3; u="µs" }
      printf "%s%.2f %s", sep, v, u; sep=", " }' <<<"$bench"
}

metric() { # metric NAME UNIT: the value printed before UNIT on NAME's line
  awk -v n="$1" -v u="$2" '$1 ~ "^Benchmark" n "(-[0-9]+)?$" { for (i = 2; i <= NF; i++) if ($i == u) { print $(i-1); exit } }' <<<"$bench"
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
row "" "" "floor $framefloor" "bare Bubble Tea program, paired"
row "" "" "$(two OpenAndFirstHomeFrame)" "BenchmarkOpenAndFirstHomeFrame"
row "weakest-stage column of home (after the frame)" "—" "$(two HomeWeakestColumn)" "BenchmarkHomeWeakestColumn"
row "load a rep overview" "≤ 15 ms" "$(two RepOverviewLoad)" "BenchmarkRepOverviewLoad"
row "one keypress, deal walk, 120×40" "≤ 1 ms" "$(fig 'WalkKeypress/[a-z]+')" "BenchmarkWalkKeypress"
row "one keypress, home list, 120×40" "≤ 1 ms" "$(two HomeKeypress)" "BenchmarkHomeKeypress"
row "save one answer, durably committed" "≤ 5 ms" "$(fig 'SaveAnswer')" "BenchmarkSaveAnswer"
row "" "" "$(fig 'SaveAnswerL') on a copy of L" "BenchmarkSaveAnswerL"
row "summary --rep, whole process" "≤ 100 ms" "$summary" "binary against sqlite3, median of 20 pairs"
row "" "" "$(fig 'SummaryRep')" "BenchmarkSummaryRep"
row "summary --team, whole process" "—" "$team" "binary against sqlite3, median of 10 pairs"
row "summary --team (store and scoring)" "—" "$(fig 'SummaryTeam')" "BenchmarkSummaryTeam"
row "load the team view" "—" "$(two TeamViewLoad)" "BenchmarkTeamViewLoad"
row "read the stored playbook" "—" "decoded form $(fig 'PlaybookDecode/binary'); TOML $(fig 'PlaybookDecode/toml')" "BenchmarkPlaybookDecode"
row "import a 100,000-row CSV" "≤ 5 s, ≤ 150 MB" "$import" "binary against sqlite3 .import, median of 5 pairs"
row "" "" "$(fig 'Import100k')" "BenchmarkImport100k"
row "the app's peak memory" "≤ 80 MB" "$rss" "VmHWM after the home screen loaded"

# The goals of issue 13, each with its floor and ratio.
# goalratio PAIR MAX: "now | floor | ratio | met? | stack floor" for a
# pair's line; the last is C of pair, the stack's own floor, and its ratio.
goalratio() {
  awk -v max="$2" '{printf "%.1f ms | %.1f ms | %s× | %s | %.1f ms, %s×", $1, $2, $3, ($3 <= max ? "yes" : "no"), $5, $6}' <<<"$1"
}
echo
printf '| goal | now | floor | ratio | met? | Go + modernc.org/sqlite doing the floor |\n|---|---|---|---|---|---|\n'
echo "| summary --rep ≤ 1.5× floor | $(goalratio "$reppair" 1.5) |"
echo "| summary --team ≤ 1.5× floor | $(goalratio "$teampair" 1.5) |"
echo "| import, new ≤ 3× sqlite3 .import | $(goalratio "$imppair" 3) |"
echo "| import 100k peak memory | $(awk '{print $4}' <<<"$imppair") MB | — | — | — | — |"
mb() { awk -v v="$1" -v max="$2" 'BEGIN {if (v == "") print "not run | — | — | — | —"; else printf "%s MB | — | — | %s | —", v, (v <= max ? "yes" : "no")}'; }
echo "| re-import of 100k rows ≤ 100 MB peak | $(mb "$reimp_mb" 100) |"
echo "| 1M-row import ≤ 150 MB peak | $(mb "${imp1m_mb:-}" 150) |"
echo "| home complete on L ≤ 50 ms (first frame + weakest column) | $(fig 'OpenAndFirstHomeFrame/L') + $(fig 'HomeWeakestColumn/L') | — | — | see BenchmarkOpenAndFirstHomeFrame, BenchmarkHomeWeakestColumn | — |"
echo "| home complete on 2L within ±20% of L | $(fig 'OpenAndFirstHomeFrame/2L') + $(fig 'HomeWeakestColumn/2L') | — | — | DEALCOACH_BENCH_2L=1 | — |"
echo "| team view ≤ 40 MB on 2L | L $(metric 'TeamViewLoad/L' live-MB) MB live; 2L $(metric 'TeamViewLoad/2L' live-MB) MB live | — | — | BenchmarkTeamViewLoad, DEALCOACH_BENCH_2L=1 | — |"
echo "| (process start, not a goal) dealcoach version against sqlite3 SELECT 1 | $(awk '{printf "%.1f ms | %.1f ms | %s× | — | %.1f ms, %s×", $1, $2, $3, $5, $6}' <<<"$startpair") |"
echo
echo "benchmark output: $dir/bench.txt"

if [ "${DEALCOACH_BENCH_ORG:-}" = 1 ]; then
  echo "== org scale goals against PostgreSQL (several minutes)" >&2
  org=$(DEALCOACH_REQUIRE_PG=1 go test ./orgstore/ -count=1 -timeout 30m -run '^$' -benchtime 5x \
    -bench 'PublishFirstYear|PublishAfterOneOneOnOne|SummaryOrg' 2>&1 | tee "$dir/bench-org.txt")
  goal() { # goal NAME LIMIT_MS WHAT
    awk -v n="$1" -v lim="$2" -v what="$3" '$1 ~ "^Benchmark" n "(-[0-9]+)?$" {
        ms=$3/1e6; printf "| %s | ≤ %d ms | %.0f ms | %s |\n", what, lim, ms, (ms <= lim ? "yes" : "no") }' <<<"$org"
  }
  echo
  row "goal (issue 16)" "budget" "now" "met"
  row "---" "---" "---" "---"
  goal PublishFirstYear 3000 "a manager's first publish of a year"
  goal PublishAfterOneOneOnOne 200 "incremental publish after one 1:1, 3 years (change log)"
  goal SummaryOrg 500 "summary --org, 50 managers, 90 days"
  echo "| every query on an index | EXPLAIN | $(DEALCOACH_REQUIRE_PG=1 go test ./orgstore/ -count=1 -run TestEveryQueryUsesAnIndex >/dev/null 2>&1 && echo 'no Seq Scan | yes' || echo 'Seq Scan found | no') |"
  echo "org benchmark output: $dir/bench-org.txt (load: $(uptime | sed 's/.*load average: //'))"
fi
