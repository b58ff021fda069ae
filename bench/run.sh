#!/usr/bin/env bash
# The whole benchmark suite: cgraph and hand-written Go (go test -bench), then
# PyTorch, then one table. BENCHTIME sets go test's -benchtime (default 3s);
# the wide workloads (W5–W7, the width series) run a fixed number of times
# (WIDE_COUNT, default 3x). PLOT=FILE.png draws the width series there
# (docs/width.png in docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
widths=$(mktemp)
go test -run '^$' -bench '^Benchmark(W[1-4]|Spiral|Platform)' -benchtime "${BENCHTIME:-3s}" -count 1 ./bench | tee "$out"
go test -run '^$' -bench '^Benchmark(W[5-7]|Width)' -benchtime "${WIDE_COUNT:-3x}" -count 1 ./bench | grep '^Benchmark' | tee -a "$out"
# W5's peak memory: the same sweep by the command line, in a process of its own.
go build -o "$out.cgraph" ./cmd/cgraph
/usr/bin/time -f '%M' -o "$out.rss" "$out.cgraph" vanish --depth 100 --width 64 --seeds 10 \
  --activation sigmoid,tanh,relu --init normal,xavier,he --json >/dev/null
echo "W5 cgraph vanish peak RSS: $(( $(cat "$out.rss") / 1024 )) MiB"
echo
bash bench/torch.sh "$out" --width-out="$widths" "$@"
if [[ -n "${PLOT:-}" ]]; then
  go run ./bench/internal/widthplot "$widths" "$PLOT"
  echo "width series drawn in $PLOT"
fi
