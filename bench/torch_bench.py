#!/usr/bin/env python3
"""The cgraph benchmark workloads in PyTorch on the CPU, and one table.

Runs W1 (the exercise graph, forward and backward), W2 (XOR 2-2-1, 40,000
per-sample SGD steps), W3 (depth-50, width-16 sigmoid MLP, gradients of one
sample), W4 (a chain of a million scalar nodes) and batched training of a
2-16-16-1 network on a spiral (batch 256, one epoch of 2,048 samples, on one
and two threads). Given the output of `go test -bench . ./bench`, it prints
each workload's time in cgraph, hand-written Go and PyTorch, and the ratios.

Run by bench/torch.sh with Debian's python3 (python3-torch).
"""
import math
import re
import sys
import time

import torch

torch.manual_seed(1)


def timeit(fn, min_seconds=1.0, max_runs=100000):
    """Seconds per call of fn: the best of three rounds, each long enough."""
    fn()  # warm up
    runs = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(runs):
            fn()
        dt = time.perf_counter() - t0
        if dt >= min_seconds / 3 or runs >= max_runs:
            break
        runs *= 2
    best = dt / runs
    for _ in range(2):
        t0 = time.perf_counter()
        for _ in range(runs):
            fn()
        best = min(best, (time.perf_counter() - t0) / runs)
    return best


def w1():
    x1, x2, y = torch.tensor(1.0), torch.tensor(1.0), torch.tensor(1.0)
    w1 = torch.tensor(0.8, requires_grad=True)
    w2 = torch.tensor(-1.4, requires_grad=True)
    p0 = torch.tensor(0.6, requires_grad=True)

    def step():
        w1.grad = w2.grad = p0.grad = None
        L = (torch.sigmoid(w1 * x1 + w2 * x2 + p0) - y) ** 2
        L.backward()

    step()
    assert abs(w1.grad.item() + 0.25) < 1e-7, w1.grad
    return timeit(step)


def xor_net():
    return torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sigmoid(), torch.nn.Linear(2, 1), torch.nn.Sigmoid())


def w2():
    X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
    net = xor_net()
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    steps = 40_000
    t0 = time.perf_counter()
    for s in range(steps):
        i = s % 4
        opt.zero_grad()
        loss = ((net(X[i : i + 1]) - Y[i : i + 1]) ** 2).sum()
        loss.backward()
        opt.step()
    return time.perf_counter() - t0


def w3():
    layers = []
    for _ in range(50):
        layers += [torch.nn.Linear(16, 16), torch.nn.Sigmoid()]
    net = torch.nn.Sequential(*layers, torch.nn.Linear(16, 1), torch.nn.Sigmoid()).double()
    x = torch.sin(torch.arange(16, dtype=torch.float64)).unsqueeze(0)

    def step():
        net.zero_grad()
        ((net(x) - 1.0) ** 2).sum().backward()

    return timeit(step)


def w4():
    n = 1_000_000 // 3
    ws = [torch.tensor(1.5 + 0.5 * math.sin(i), dtype=torch.float64, requires_grad=True) for i in range(n)]
    x = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)

    def run():
        a = x
        for w in ws:
            a = torch.tanh(a * w)
        a.backward()

    t0 = time.perf_counter()
    run()
    return time.perf_counter() - t0


def spiral(n=2048, noise=0.1):
    g = torch.Generator().manual_seed(1)
    t = torch.rand(n // 2, generator=g) * 3 * math.pi
    pts, labels = [], []
    for label, phase in ((1.0, 0.0), (0.0, math.pi)):
        r = t / (3 * math.pi) * 5
        xs = torch.stack([r * torch.sin(t + phase), r * torch.cos(t + phase)], 1)
        pts.append(xs + noise * torch.randn(xs.shape, generator=g))
        labels.append(torch.full((n // 2, 1), label))
    return torch.cat(pts).double(), torch.cat(labels).double()


def batched(threads):
    torch.set_num_threads(threads)
    X, Y = spiral()
    net = torch.nn.Sequential(
        torch.nn.Linear(2, 16), torch.nn.Tanh(), torch.nn.Linear(16, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1)
    ).double()
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    lossf = torch.nn.BCEWithLogitsLoss()

    def epoch():
        for s in range(0, len(X), 256):
            opt.zero_grad()
            lossf(net(X[s : s + 256]), Y[s : s + 256]).backward()
            opt.step()

    return timeit(epoch)


def go_results(path):
    """Benchmark name → {metric: value} from `go test -bench` output."""
    out = {}
    for line in open(path):
        m = re.match(r"^(Benchmark\S+?)(-\d+)?\s+\d+\s+(.*)$", line)
        if not m:
            continue
        fields = m.group(3).split()
        out[m.group(1)] = {fields[i + 1]: float(fields[i]) for i in range(0, len(fields) - 1, 2)}
    return out


def fmt(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def main():
    files = [a for a in sys.argv[1:] if not a.startswith("--")]
    go = go_results(files[0]) if files else {}
    torch.set_num_threads(1)
    torch_t = {"W1": w1(), "W2": w2(), "W3": w3()}
    if "--no-w4" not in sys.argv:
        torch_t["W4"] = w4()
    torch_t["spiral1"] = batched(1)
    torch_t["spiral2"] = batched(2)

    def g(name, metric="sec/op"):
        r = go.get(name, {})
        if metric == "sec/op":
            return r.get("ns/op", float("nan")) * 1e-9
        return r.get(metric, float("nan"))

    nan = float("nan")
    epoch = 2048  # samples in the spiral's epoch; the Go benchmark reports ns/sample
    # name, benchmark of the tape as built, of the tape optimized, of generated Go, PyTorch
    rows = [
        ("W1 exercise graph fwd+bwd", "BenchmarkW1_Exercise/graph", "BenchmarkW1_Exercise/optimized", "BenchmarkW1_Exercise/generated", torch_t["W1"]),
        ("W2 XOR 2-2-1, 40,000 SGD steps", "BenchmarkW2_XOR/graph", None, "BenchmarkW2_XOR/generated", torch_t["W2"]),
        ("W3 depth-50 width-16 grads, 1 sample", "BenchmarkW3_Deep/graph", "BenchmarkW3_Deep/optimized", None, torch_t["W3"]),
        ("W4 1M-node chain fwd+bwd", "BenchmarkW4_Million/run", None, None, torch_t.get("W4", nan)),
    ]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s) max; Go results from {files[0] if files else '(none)'}")
    print()
    print("Ratios to hand-written Go are each benchmark's own (x-hand: its hand-written baseline ran in the same benchmark).")
    print()
    print("| workload | cgraph tape | tape optimized | generated Go | hand-written Go | PyTorch | tape / hand | generated / hand | PyTorch / fastest cgraph |")
    print("|---|---|---|---|---|---|---|---|---|")

    def cell(x, unit=""):
        if math.isnan(x):
            return "–"
        return fmt(x) if not unit else (f"{x:.3g}{unit}" if x < 100 else f"{x:.0f}{unit}")

    for name, cg, opt, gen, pt in rows:
        t = {k: (g(b) if b else nan) for k, b in (("cg", cg), ("opt", opt), ("gen", gen))}
        x = {k: (g(b, "x-hand") if b else nan) for k, b in (("cg", cg), ("opt", opt), ("gen", gen))}
        hand = g(cg, "hand-ns/op") * 1e-9
        tape_x = min((v for v in (x["cg"], x["opt"]) if not math.isnan(v)), default=nan)
        fastest = min((v for v in t.values() if not math.isnan(v)), default=nan)
        cells = [cell(t["cg"]), cell(t["opt"]), cell(t["gen"]), cell(hand), cell(pt)]
        print(f"| {name} | " + " | ".join(cells) + f" | {cell(tape_x, '×')} | {cell(x['gen'], '×')} | {cell(pt / fastest, '×')} |")
    two = g("BenchmarkSpiralBatch", "ns/sample") * 1e-9 * epoch
    print(f"| spiral 2-16-16-1 batch 256, 1 epoch, 2 cores | {cell(two)} | – | – | – | {cell(torch_t['spiral2'])} | – | – | {cell(torch_t['spiral2'] / two, '×')} |")
    print()
    one = g("BenchmarkSpiralBatch", "hand-ns/op") * 1e-9 / (g("BenchmarkSpiralBatch", "sec/op") / two)  # per epoch
    print(f"spiral, 1 core: cgraph {fmt(one)} an epoch, PyTorch 1 thread {fmt(torch_t['spiral1'])}")
    print(f"spiral speed-up from the second core: cgraph {g('BenchmarkSpiralBatch', 'speedup'):.2f}×, PyTorch {torch_t['spiral1'] / torch_t['spiral2']:.2f}×")
    print(f"W4 memory: {g('BenchmarkW4_Million/build', 'bytes/node'):.0f} bytes/node for the graph, {g('BenchmarkW4_Million/build', 'plan-bytes/node'):.0f} for its plan")


if __name__ == "__main__":
    main()
