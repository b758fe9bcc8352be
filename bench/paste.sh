#!/usr/bin/env bash
# The paste benchmark: how long a pasted text takes to reach the draft.
#
#   bench/paste.sh [BYTES]
#
# Runs the release binary in tmux (100×30) on a fresh progress file, opens the SQL
# editor of pp1.segments, pastes BYTES (default 1 000 000) of SQL the way a terminal
# pastes — bracketed, as one event, `tmux paste-buffer -p` — and polls the progress file
# until the draft holds the whole text. Prints the time from the paste to the draft and
# the size of the draft; exits 1 if the draft is not complete within 10 s, or took more
# than 1 s.
#
# Needs tmux and python3 (its sqlite3 module reads the progress file).
set -euo pipefail
cd "$(dirname "$0")/.."
bytes=${1:-1000000}
cargo build --release --quiet
bin=$PWD/target/release/crm-workbook
work=$(mktemp -d)
sock=crm-workbook-paste-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
db=$work/progress.db

# A learner whose last exercise is pp1.segments: the workbook opens there.
"$bin" --db "$db" --student "Замер Вставки" list >/dev/null
python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('last_exercise', 'pp1.segments')")
c.commit()
PY

# The text: lines of SQL up to BYTES.
python3 - "$work/paste.sql" "$bytes" <<'PY'
import sys
line = "SELECT customer_id, full_name, city FROM customers WHERE city = 'Тула' ORDER BY customer_id;\n"
data = line.encode() * (int(sys.argv[2]) // len(line.encode()) + 1)
open(sys.argv[1], "wb").write(data[: int(sys.argv[2])].rsplit(b"\n", 1)[0] + b"\n")
PY
size=$(stat -c %s "$work/paste.sql")

tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 30 -s w \
  "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color '$bin' --db '$db'"
for _ in $(seq 100); do
  tmux -L "$sock" capture-pane -p -t w | grep -q 'Задание' && break
  sleep 0.1
done
tmux -L "$sock" send-keys -t w Tab
sleep 0.5
tmux -L "$sock" load-buffer -b paste "$work/paste.sql"

python3 - "$db" "$size" "$sock" <<'PY'
import json, sqlite3, subprocess, sys, time
db, size, sock = sys.argv[1], int(sys.argv[2]), sys.argv[3]
start = time.monotonic()
subprocess.run(["tmux", "-L", sock, "paste-buffer", "-p", "-b", "paste", "-t", "w"], check=True)
drafted = 0
while time.monotonic() - start < 10:
    c = sqlite3.connect(db, timeout=5)
    row = c.execute("SELECT answer FROM draft WHERE exercise_id = 'pp1.segments'").fetchone()
    c.close()
    if row:
        answer = json.loads(row[0])
        drafted = max((len(t.encode()) for t in answer.get("parts", {}).values()), default=0)
        if drafted + 1 >= size:
            break
    time.sleep(0.01)
elapsed = time.monotonic() - start
print(f"вставлено {size} байт; в черновике {drafted} байт через {elapsed:.3f} с")
sys.exit(0 if drafted + 1 >= size and elapsed <= 1.0 else 1)
PY
