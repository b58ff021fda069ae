#!/usr/bin/env bash
# The whole benchmark suite: cgraph and hand-written Go (go test -bench), then
# PyTorch, then one table. BENCHTIME sets go test's -benchtime (default 3s).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
go test -run '^$' -bench . -benchtime "${BENCHTIME:-3s}" -count 1 ./bench | tee "$out"
echo
bash bench/torch.sh "$out" "$@"
