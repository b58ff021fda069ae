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
    ws = [torch.tensor(1 + 0.5 * math.sin(i), dtype=torch.float64, requires_grad=True) for i in range(n)]
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
    rows = [  # name, tape as built, tape optimized, generated Go, hand, PyTorch
        ("W1 exercise graph fwd+bwd", g("BenchmarkW1_Exercise/graph"), g("BenchmarkW1_Exercise/optimized"), g("BenchmarkW1_Exercise/generated"), g("BenchmarkW1_Exercise/graph", "hand-ns/op") * 1e-9, torch_t["W1"]),
        ("W2 XOR 2-2-1, 40,000 SGD steps", g("BenchmarkW2_XOR/graph"), nan, g("BenchmarkW2_XOR/generated"), g("BenchmarkW2_XOR/graph", "hand-ns/op") * 1e-9, torch_t["W2"]),
        ("W3 depth-50 width-16 grads, 1 sample", g("BenchmarkW3_Deep/graph"), g("BenchmarkW3_Deep/optimized"), nan, g("BenchmarkW3_Deep/graph", "hand-ns/op") * 1e-9, torch_t["W3"]),
        ("W4 1M-node chain fwd+bwd", g("BenchmarkW4_Million/run"), nan, nan, g("BenchmarkW4_Million/run", "hand-ns/op") * 1e-9, torch_t.get("W4", nan)),
        ("spiral 2-16-16-1 batch 256, 1 epoch, 2 cores", g("BenchmarkSpiralBatch"), nan, nan, nan, torch_t["spiral2"]),
    ]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s) max; Go results from {files[0] if files else '(none)'}")
    print()
    print("| workload | cgraph tape | tape optimized | generated Go | hand-written Go | PyTorch | tape / hand | generated / hand | PyTorch / cgraph |")
    print("|---|---|---|---|---|---|---|---|---|")

    def ratio(x, base):
        return f"{x / base:.3g}×" if not (math.isnan(x) or math.isnan(base)) else "–"

    for name, cg, opt, gen, hand, pt in rows:
        tape = min((x for x in (cg, opt) if not math.isnan(x)), default=nan)
        best = min((x for x in (tape, gen) if not math.isnan(x)), default=nan)
        cells = [fmt(x) if not math.isnan(x) else "–" for x in (cg, opt, gen, hand, pt)]
        print(f"| {name} | " + " | ".join(cells) + f" | {ratio(tape, hand)} | {ratio(gen, hand)} | {ratio(pt, best)} |")
    print()
    print(f"spiral, 1 core: cgraph {fmt(g('BenchmarkSpiralBatch', 'hand-ns/op') * 1e-9)}, PyTorch 1 thread {fmt(torch_t['spiral1'])}")
    print(f"spiral speed-up from the second core: cgraph {g('BenchmarkSpiralBatch', 'speedup'):.2f}×, PyTorch {torch_t['spiral1'] / torch_t['spiral2']:.2f}×")
    print(f"W4 memory: {g('BenchmarkW4_Million/build', 'bytes/node'):.0f} bytes/node for the graph, {g('BenchmarkW4_Million/build', 'plan-bytes/node'):.0f} for its plan")


if __name__ == "__main__":
    main()
