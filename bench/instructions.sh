#!/usr/bin/env bash
# Machine instructions per customer of one queueing benchmark on one engine, counted by
# valgrind's callgrind: repeatable to about 0.3 % whatever else the machine is doing, where
# timings here move by 10-40 %. Counts the process twice, once with one timed iteration and
# once with two (after the same eight warm-ups), and prints the difference divided by n.
# Node runs with --single-threaded, so that compilation happens at the same points in both.
# Instructions are not time (latency, cache misses and branch misses are not counted), so use
# it to see what a change does to the work, and bench/run.js to see what it does to the time.
#
#   bash bench/instructions.sh [tiersim|limit|simjs] [mmc|network3] [n]   (after npm run build; about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-tiersim}
bench=${2:-mmc}
n=${3:-1000000}
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null node --single-threaded bench/count.js "$engine" "$bench" "$n" "$1" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
one=$(count 1)
two=$(count 2)
echo "$engine $bench: $(( (two - one) / n )) instructions per customer (n = $n; $one and $two in all)"
