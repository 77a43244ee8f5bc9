#!/usr/bin/env bash
# Machine instructions per customer of one queueing benchmark, by function: as
# bench/instructions.sh (callgrind, one timed iteration against two), with each
# instruction charged to the JIT-compiled function that holds it (node --perf-basic-prof
# names the code). Inlined callees count in their caller, so the table shows where V8's
# inlining stopped. Counts of native code that differ between the two processes (start-up,
# compilation) appear as small rows of their own.
#
#   bash bench/functions.sh [tiersim|limit|simjs] [mmc|network3] [n] [rows]   (after npm run build; about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-tiersim}
bench=${2:-mmc}
n=${3:-1000000}
rows=${4:-15}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
args=()
for times in 1 2; do
  (cd "$dir" && valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$dir/cg.$times" \
    node --single-threaded --perf-basic-prof "$OLDPWD/bench/count.js" "$engine" "$bench" "$n" "$times" >/dev/null 2>&1)
  pid=$(sed -n 's/^pid: //p' "$dir/cg.$times")
  mv "/tmp/perf-$pid.map" "$dir/map.$times"
  args+=("$dir/cg.$times" "$dir/map.$times")
done
node bench/functions.js "${args[@]}" "$n" "$rows"
