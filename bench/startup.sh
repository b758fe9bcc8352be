#!/usr/bin/env bash
# Start-up benchmark: how long a learner waits, against the targets of the structure
# issue — `list --json` and the course map's first frame ≤ 30 ms, opening any exercise
# ≤ 50 ms, `check` of a grid/choice/order/numeric answer ≤ 30 ms and of an SQL or RFM
# answer ≤ 200 ms.
#
#   bench/startup.sh            STARTUP_RUNS=N (default 21) runs of each command
#
# Whole processes are timed from the shell (start to exit, the median and the slowest of
# the runs, after one warm-up run), on a fresh progress file; the first frames come from
# `cargo bench --bench startup`, which builds the app in-process from nothing (course read
# and checked, progress file opened, one 80×24 frame drawn) for the map and every exercise.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${STARTUP_RUNS:-21}
cargo build --release -q
bin=target/release/crm-workbook
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/progress.db"

# Median and maximum of a command's wall time in milliseconds over $runs runs.
time_it() {
  "$@" >/dev/null 2>&1 || true
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" '
    { t[NR] = $1 } END { printf "%7.1f мс %7.1f мс\n", t[int((n + 1) / 2)] / 1000, t[n] / 1000 }'
}

echo "машина: $(nproc) ядра, нагрузка $(cut -d' ' -f1-3 /proc/loadavg), $runs запусков каждой команды"
echo "   медиана     худший  команда"
echo "$(time_it "$bin" --db "$db" list --json)  list --json"
for answer in tests/answers/*; do
  name=$(basename "$answer")
  case "$name" in *.wrong.* | *.partial.* | *.alt.* | *.rows-reordered.*) continue ;; esac
  id=${name%.*}
  echo "$(time_it "$bin" --db "$db" check "$id" --answer "$answer")  check $id"
done
echo
cargo bench -q --bench startup 2>/dev/null
