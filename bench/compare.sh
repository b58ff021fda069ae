#!/usr/bin/env bash
# Before and after, side by side: builds the benchmark binary of the suite at
# two revisions and runs them in turns, ROUNDS times each, so that both see
# the same machine; then benchstat compares them.
# Usage: bench/compare.sh OLD_REV [NEW_REV] (NEW_REV defaults to the work
# tree as it is). BENCH selects benchmarks (default the W1–W4 workloads),
# BENCHTIME and ROUNDS set their length (default 1s and 8).
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: bench/compare.sh OLD_REV [NEW_REV]}
new=${2:-}
bench=${BENCH:-'^BenchmarkW[1-4]_'}
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; [ -n "$new" ] && git worktree remove --force "$tmp/new" >/dev/null 2>&1; rm -rf "$tmp"' EXIT

git worktree add --detach "$tmp/old" "$old" >/dev/null
(cd "$tmp/old" && go test -c -o "$tmp/old.test" ./bench)
if [ -n "$new" ]; then
  git worktree add --detach "$tmp/new" "$new" >/dev/null
  (cd "$tmp/new" && go test -c -o "$tmp/new.test" ./bench)
else
  go test -c -o "$tmp/new.test" ./bench
fi
for i in $(seq "${ROUNDS:-8}"); do
  for side in old new; do
    (cd bench && "$tmp/$side.test" -test.run '^$' -test.bench "$bench" \
      -test.benchtime "${BENCHTIME:-1s}" -test.benchmem) >>"$tmp/$side.txt"
  done
  echo "round $i done" >&2
done
go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da "$tmp/old.txt" "$tmp/new.txt"
