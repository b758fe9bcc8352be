#!/usr/bin/env bash
# The RFM benchmark: crm-workbook rfm against pandas and DuckDB on the same orders file.
#
#   bench/rfm.sh [CUSTOMERS...]
#
# Each size is a number of customers for `crm-workbook dataset generate --only orders`
# (about 9.2 order rows per customer); the default 110000 1100000 3300000 gives about
# 1, 10 and 30 million rows. Every size is written in several layouts, as real exports
# come (`dataset generate --layout ORDER,IDS[,QUOTED%]`; RFM_BENCH_LAYOUTS, by default
# six): rows by customer, by date or shuffled; customer ids as integers, zero-padded
# digits (`0012345` is not `12345`), codes `C0012345`, UUIDs, e-mails, phones
# `+7 (912) 345-67-89`; some with a share of rows quoted as Excel writes them.
#
# For every layout and size the script generates the file once, runs the three tools on
# it in turn RFM_BENCH_RUNS times (default 3; quantile scores with 5 bins, each writing
# its customers to a CSV file, the file in the page cache before every run), checks that
# all three agree on every customer's recency, frequency, monetary and R, F, M, does the
# same for rank-first against pandas' qcut (up to RFM_BENCH_RANK_FIRST customers, default
# 1100000: pandas once more at the largest size takes long), and prints every run and, per
# tool, the run of median wall time: wall time, CPU time (user + system), peak memory
# (maximum resident set size), the ratios of the medians, and the machine's load average
# (other work on the machine slows every tool). One table per layout.
#
# Needs python3 with venv, and /usr/bin/time (Debian: apt-get install time). pandas and
# duckdb are installed from PyPI into a venv under $RFM_BENCH_DIR (default /tmp/rfm-bench),
# where the generated files stay for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${RFM_BENCH_DIR:-/tmp/rfm-bench}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(110000 1100000 3300000)
read -r -a layouts <<< "${RFM_BENCH_LAYOUTS:-customer,int date,code shuffled,uuid,10 shuffled,padded date,email,10 shuffled,phone}"
rank_first_max=${RFM_BENCH_RANK_FIRST:-1100000}
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

# measure CMD...: runs CMD once with the orders file in the page cache (every tool reads
# it from memory, not from the disk); appends "wall cpu mb" (seconds, user + system
# seconds, peak RSS in MB) to $runs_file.
measure() {
  cat "$orders" > /dev/null
  # Wall time to the millisecond (time's own %e has hundredths: too coarse for 0.05 s).
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f "%U %S %M" -o "$work/time.txt" "$@" > /dev/null
  end=$(date +%s%N)
  read -r user sys kb < "$work/time.txt"
  awk -v n="$((end - start))" -v u="$user" -v y="$sys" -v k="$kb" \
    'BEGIN { printf "%.3f %.2f %d\n", n / 1e9, u + y, k / 1024 }' >> "$runs_file"
}

# median FILE: the run of median wall time ("wall cpu mb"), the first of two middle ones.
median() {
  sort -n "$1" | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'
}

# Runs per tool and size; the tools take turns, so a slow spell of the machine falls on
# all of them rather than on one.
repeat=${RFM_BENCH_RUNS:-3}

echo "versions: $("$py" -c 'import pandas, duckdb, numpy; print(f"pandas {pandas.__version__}, numpy {numpy.__version__}, duckdb {duckdb.__version__}")'), $(nproc) cores"
tables=()
for layout in "${layouts[@]}"; do
  ids=text
  [[ $layout == *,int* ]] && ids=int
  results=()
  for customers in "${sizes[@]}"; do
    dir="$work/${layout//,/-}/c$customers"
    orders="$dir/orders.csv"
    if [ ! -s "$orders" ]; then
      "$bin" dataset generate --seed 1 --customers "$customers" --only orders --out "$dir" --layout "$layout" > /dev/null
    fi
    rows=$(($(wc -l < "$orders") - 1))
    echo "== $layout: $customers customers, $rows rows, $(du -m "$orders" | cut -f1) MB"

    rm -f "$work"/runs-*.txt
    for ((run = 1; run <= repeat; run++)); do
      runs_file="$work/runs-engine.txt" measure "$bin" rfm "$orders" --model "$work/quantile.toml" --out "$dir/engine.csv"
      runs_file="$work/runs-duckdb.txt" measure "$py" "$ref" duckdb "$orders" "$dir/duckdb.csv" --ids "$ids"
      runs_file="$work/runs-pandas.txt" measure "$py" "$ref" pandas "$orders" "$dir/pandas.csv" --ids "$ids"
    done
    for tool in engine duckdb pandas; do
      echo "$tool runs (s, CPU s, MB): $(tr '\n' ';' < "$work/runs-$tool.txt")"
    done
    read -r e_s e_c e_mb <<< "$(median "$work/runs-engine.txt")"
    read -r d_s d_c d_mb <<< "$(median "$work/runs-duckdb.txt")"
    read -r p_s p_c p_mb <<< "$(median "$work/runs-pandas.txt")"
    echo "engine vs duckdb:  $("$py" "$ref" compare "$dir/engine.csv" "$dir/duckdb.csv")"
    echo "engine vs pandas:  $("$py" "$ref" compare "$dir/engine.csv" "$dir/pandas.csv")"
    if [ "$customers" -le "$rank_first_max" ]; then
      "$bin" rfm "$orders" --model "$work/rank-first.toml" --out "$dir/engine-rf.csv"
      "$py" "$ref" pandas "$orders" "$dir/pandas-rf.csv" --method rank-first --ids "$ids"
      echo "rank-first vs pandas qcut: $("$py" "$ref" compare "$dir/engine-rf.csv" "$dir/pandas-rf.csv")"
    fi

    n=$(($(wc -l < "$dir/engine.csv") - 1))
    line=$(awk -v r="$rows" -v c="$n" -v es="$e_s" -v em="$e_mb" -v ec="$e_c" -v ds="$d_s" -v dm="$d_mb" -v dc="$d_c" \
      -v ps="$p_s" -v pm="$p_mb" -v pc="$p_c" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN { printf "| %.1f млн | %d | %.3f с (ЦП %.2f с), %d МБ | %.2f с (ЦП %.2f с), %d МБ | %.2f с (ЦП %.2f с), %d МБ | %.1f× (ЦП %.1f×) | %.1f× (ЦП %.1f×) | %.2f | %s |", r / 1e6, c, es, ec, em, ds, dc, dm, ps, pc, pm, ds / es, dc / ec, ps / es, pc / ec, em / dm, load }')
    echo "$line"
    results+=("$line")
  done
  table=$(
    echo
    echo "Раскладка $layout (порядок строк, номера клиентов, доля строк в кавычках, %):"
    echo
    echo "| строк | клиентов | crm-workbook rfm | DuckDB | pandas | быстрее DuckDB | быстрее pandas | память / DuckDB | загрузка |"
    echo "|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${results[@]}"
  )
  echo "$table"
  tables+=("$table")
done

echo
echo "== Итог"
printf '%s\n' "${tables[@]}"
