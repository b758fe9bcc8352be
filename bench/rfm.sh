#!/usr/bin/env bash
# The RFM benchmark: crm-workbook rfm against pandas and DuckDB on the same orders file.
#
#   bench/rfm.sh [CUSTOMERS...]
#
# Each size is a number of customers for `crm-workbook dataset generate --only orders`
# (about 9.2 order rows per customer); the default 110000 1100000 3300000 gives about
# 1, 10 and 30 million rows. For every size the script generates the file once, runs the
# three tools on it one after another (quantile scores with 5 bins, each writing its
# customers to a CSV file), checks that all three agree on every customer's recency,
# frequency, monetary and R, F, M, does the same for rank-first against pandas' qcut, and
# prints wall time, CPU time (user + system), peak memory (maximum resident set size), the
# ratios, and the machine's load average (other work on the machine slows every tool).
#
# Needs python3 with venv, and /usr/bin/time (Debian: apt-get install time). pandas and
# duckdb are installed from PyPI into a venv under $RFM_BENCH_DIR (default /tmp/rfm-bench),
# where the generated files stay for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${RFM_BENCH_DIR:-/tmp/rfm-bench}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(110000 1100000 3300000)
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
  echo "нужен /usr/bin/time: apt-get install time" >&2
  exit 2
fi
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/pip" install -q pandas duckdb
py="$work/venv/bin/python"
ref=bench/rfm_reference.py
cargo build --release -q
bin=target/release/crm-workbook

cat > "$work/quantile.toml" <<'EOF'
[scoring]
method = "quantile"
bins = 5
[[segment]]
name = "все"
EOF
sed 's/"quantile"/"rank-first"/' "$work/quantile.toml" > "$work/rank-first.toml"

# measure CMD...: runs CMD, sets secs (wall), cpu (user + system seconds) and mb (peak RSS).
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > /dev/null
  read -r secs user sys kb < "$work/time.txt"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  mb=$((kb / 1024))
}

echo "versions: $("$py" -c 'import pandas, duckdb, numpy; print(f"pandas {pandas.__version__}, numpy {numpy.__version__}, duckdb {duckdb.__version__}")'), $(nproc) cores"
results=()
for customers in "${sizes[@]}"; do
  dir="$work/c$customers"
  orders="$dir/orders.csv"
  if [ ! -s "$orders" ]; then
    "$bin" dataset generate --seed 1 --customers "$customers" --only orders --out "$dir" > /dev/null
  fi
  rows=$(($(wc -l < "$orders") - 1))
  echo "== $customers customers, $rows rows, $(du -m "$orders" | cut -f1) MB"

  measure "$bin" rfm "$orders" --model "$work/quantile.toml" --out "$dir/engine.csv"
  e_s=$secs; e_mb=$mb; e_c=$cpu
  measure "$py" "$ref" duckdb "$orders" "$dir/duckdb.csv"
  d_s=$secs; d_mb=$mb; d_c=$cpu
  measure "$py" "$ref" pandas "$orders" "$dir/pandas.csv"
  p_s=$secs; p_mb=$mb; p_c=$cpu
  echo "engine vs duckdb:  $("$py" "$ref" compare "$dir/engine.csv" "$dir/duckdb.csv")"
  echo "engine vs pandas:  $("$py" "$ref" compare "$dir/engine.csv" "$dir/pandas.csv")"

  measure "$bin" rfm "$orders" --model "$work/rank-first.toml" --out "$dir/engine-rf.csv"
  "$py" "$ref" pandas "$orders" "$dir/pandas-rf.csv" --method rank-first
  echo "rank-first vs pandas qcut: $("$py" "$ref" compare "$dir/engine-rf.csv" "$dir/pandas-rf.csv")"

  customers=$(($(wc -l < "$dir/engine.csv") - 1))
  line=$(awk -v r="$rows" -v c="$customers" -v es="$e_s" -v em="$e_mb" -v ec="$e_c" -v ds="$d_s" -v dm="$d_mb" -v dc="$d_c" \
    -v ps="$p_s" -v pm="$p_mb" -v pc="$p_c" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { printf "| %.1f млн | %d | %.2f с (ЦП %.2f с), %d МБ | %.2f с (ЦП %.2f с), %d МБ | %.2f с (ЦП %.2f с), %d МБ | %.1f× (ЦП %.1f×) | %.1f× (ЦП %.1f×) | %s |", r / 1e6, c, es, ec, em, ds, dc, dm, ps, pc, pm, ds / es, dc / ec, ps / es, pc / ec, load }')
  echo "$line"
  results+=("$line")
done

echo
echo "| строк | клиентов | crm-workbook rfm | DuckDB | pandas | быстрее DuckDB | быстрее pandas | загрузка |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
