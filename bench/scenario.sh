#!/usr/bin/env bash
# The scenario benchmark: `crm-workbook scenario run` over a year of a large shop.
#
#   bench/scenario.sh [CUSTOMERS]      (default 1000000)
#
# Generates the shop's files the simulator reads (customers, orders, campaign sends, site
# events) with `crm-workbook dataset generate --seed 1`, then runs two scenarios of the
# course over 2024-07-01 — 2025-06-30 with --summary, SCENARIO_BENCH_RUNS times each
# (default 3, the files in the page cache): the seed's repeat-purchase specification
# (pp4's reference answer: orders and campaign sends) and the abandoned cart (pp1's, which
# also reads the site's event log). Prints wall time, CPU time and peak memory (maximum
# resident set size) of every run and the load average, since other work on the machine
# slows every run. The goal: at most 5 s at 1 million customers.
#
# Needs /usr/bin/time (Debian: apt-get install time). Files stay in $SCENARIO_BENCH_DIR
# (default /tmp/scenario-bench) for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${SCENARIO_BENCH_DIR:-/tmp/scenario-bench}
customers=${1:-1000000}
runs=${SCENARIO_BENCH_RUNS:-3}
if [ ! -x /usr/bin/time ]; then
  echo "нужен /usr/bin/time: apt-get install time" >&2
  exit 2
fi
cargo build --release -q
bin=target/release/crm-workbook
data="$work/$customers"
if [ ! -f "$data/site_events.jsonl" ]; then
  echo "генерация: $customers клиентов → $data"
  "$bin" dataset generate --seed 1 --customers "$customers" \
    --only customers,orders,campaign_sends,site_events --out "$data" >/dev/null
fi
du -sh "$data"/*.csv "$data"/*.jsonl
# The cart scenario is the second part of pp1's reference answer.
awk '/^# part: cart/{on=1;next} /^# part:/{on=0} on' tests/answers/pp1.auto-mailings.toml > "$work/cart.toml"
for scenario in tests/answers/pp4.tech-spec.toml "$work/cart.toml"; do
  for i in $(seq "$runs"); do
    cat "$data"/*.csv "$data"/*.jsonl > /dev/null
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" \
      "$bin" scenario run "$scenario" --data "$data" --from 2024-07-01 --to 2025-06-30 --summary > "$work/summary.txt"
    read -r wall user sys rss < "$work/time.txt"
    printf '%-40s прогон %d: %6.2f с, ЦП %6.2f с, память %5d МБ, загрузка %s\n' \
      "$(basename "$scenario")" "$i" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" "$load"
  done
  head -2 "$work/summary.txt"
done
