#!/usr/bin/env bash
# Machine instructions per customer of one queueing benchmark on one engine, counted by
# valgrind's callgrind: repeatable to about 0.3 % whatever else the machine is doing, where
# timings here move by 10-40 %. Counts the process twice, once with one timed iteration and
# once with two (after the same eight warm-ups), and prints the difference divided by n.
# Node runs with --single-threaded, so that compilation happens at the same points in both.
# Instructions are not time (latency, cache misses and branch misses are not counted), so use
# it to see what a change does to the work, and bench/run.js to see what it does to the time.
#
# With `functions` as the fourth argument it prints the count by function instead
# (bench/functions.js): each instruction is charged to the JIT-compiled function that holds it
# (node --perf-basic-prof names the code), so inlined callees count in their caller and the
# table shows where V8's inlining stopped. Native code that differs between the two processes
# (start-up, compilation) appears as small rows of its own.
#
#   bash bench/instructions.sh [tiersim|limit|simjs] [mmc|network3] [n] [functions [rows]]   (after npm run build; about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-tiersim}
bench=${2:-mmc}
n=${3:-1000000}
mode=${4:-total}
rows=${5:-15}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [ "$mode" = functions ]; then
  flags=(--dump-instr=yes) node_flags=(--perf-basic-prof)
else
  flags=() node_flags=()
fi
args=()
totals=()
for times in 1 2; do
  out=$(cd "$dir" && valgrind --tool=callgrind "${flags[@]}" --callgrind-out-file="$dir/cg.$times" \
    node --single-threaded "${node_flags[@]}" "$OLDPWD/bench/count.js" "$engine" "$bench" "$n" "$times" 2>&1 >/dev/null)
  totals+=("$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' <<<"$out")")
  if [ "$mode" = functions ]; then
    pid=$(sed -n 's/^pid: //p' "$dir/cg.$times")
    mv "/tmp/perf-$pid.map" "$dir/map.$times"
    args+=("$dir/cg.$times" "$dir/map.$times")
  fi
done
if [ "$mode" = functions ]; then
  node bench/functions.js "${args[@]}" "$n" "$rows"
else
  echo "$engine $bench: $(( (totals[1] - totals[0]) / n )) instructions per customer (n = $n; ${totals[0]} and ${totals[1]} in all)"
fi
