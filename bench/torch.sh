#!/usr/bin/env bash
# The PyTorch side of the benchmarks, with Debian's python3 and python3-torch
# (installed here if missing). Usage: bench/torch.sh [go-bench-output-file]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "installing python3-torch (Debian) ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >&2
fi
exec /usr/bin/python3 bench/torch_bench.py "$@"
