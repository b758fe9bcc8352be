#!/usr/bin/env bash
# Re-grading benchmark (issue 14): 300 generated bundles × every exercise of the built-in
# course (a wrong attempt, then the reference answer where tests/answers has one),
# imported into a new gradebook (read, re-graded in parallel, written), then the whole
# gradebook re-graded again (`grade regrade --dry-run`) — both with the course read from
# its folder (`--course exercises`), as an instructor's copy is. Target: each ≤ 10 s.
# Then the import of bundles with one answer per exercise (the reference answer, or the
# wrong or empty one where there is none): 300 × 45 graded answers instead of 300 × 78.
# Then, for scale, the part no speed-up of ours can remove: the same learners' attempts
# at the three SQL exercises on the course's own data only, whose cost is running the
# learners' own SQL (pp1.site-integration, pp1.segments, pp1.customer-db).
#   bench/regrade.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-300}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --bin crm-workbook --example make_bundles --example grade_times
target/release/examples/make_bundles "$n" "$work/bundles"
bin=target/release/crm-workbook
echo "cores: $(nproc), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# Wall time, and CPU time (user + system): on a busy machine the wall time is mostly
# waiting for a core; the CPU time divided by the cores is what an idle machine takes.
/usr/bin/time -f 'import (read + re-grade + write): %e s wall, %U s user + %S s system' \
  "$bin" grade --gradebook "$work/grades.db" import --course exercises "$work"/bundles/*.json > "$work/import.log"
tail -n 1 "$work/import.log"
/usr/bin/time -f 'regrade --dry-run of the whole gradebook: %e s wall, %U s user + %S s system' \
  "$bin" grade --gradebook "$work/grades.db" regrade --course exercises --dry-run | tail -n 1
target/release/examples/make_bundles "$n" "$work/final-bundles" --final-only
/usr/bin/time -f 'import with one answer per exercise: %e s wall, %U s user + %S s system' \
  "$bin" grade --gradebook "$work/final.db" import --course exercises "$work"/final-bundles/*.json > /dev/null
target/release/examples/make_bundles "$n" "$work/sql-bundles" pp1.site-integration,pp1.segments,pp1.customer-db
/usr/bin/time -f 'import of those three exercises only: %e s wall, %U s user + %S s system' \
  "$bin" grade --gradebook "$work/sql.db" import --course exercises "$work"/sql-bundles/*.json > /dev/null
# Where the time goes: the exercises that cost most per graded answer (a learner's first
# answer meets their variant's data afresh; the later ones find it made).
target/release/examples/grade_times 10 | head -n 10
