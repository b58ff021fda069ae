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


# The wide workloads of issue 15 (bench/wide_test.go).


def w5_config(act, init, seed, depth=100, width=64, samples=16):
    """One network of the vanishing sweep: weights drawn, 16 samples run
    forward and backward, and per layer the RMS of the per-sample ∂L/∂W,
    √(Σ_s ‖∂L/∂z_s‖²·‖a_s‖² / (samples·weights)), as lab.Run measures."""
    g = torch.Generator().manual_seed(seed)
    f = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[act]
    ws = []
    for l in range(depth + 1):
        out = 1 if l == depth else width
        if init == "normal":
            w = torch.randn(out, width, generator=g, dtype=torch.float64)
        elif init == "xavier":
            a = math.sqrt(6 / (width + out))
            w = (torch.rand(out, width, generator=g, dtype=torch.float64) * 2 - 1) * a
        else:  # he
            w = torch.randn(out, width, generator=g, dtype=torch.float64) * math.sqrt(2 / width)
        ws.append(w.requires_grad_())
    bs = [torch.zeros(w.shape[0], dtype=torch.float64, requires_grad=True) for w in ws]
    x = torch.randn(samples, width, generator=g, dtype=torch.float64)
    y = torch.randn(samples, 1, generator=g, dtype=torch.float64)
    ins, zs = [], []
    a = x
    for l, (w, b) in enumerate(zip(ws, bs)):
        ins.append(a)
        z = torch.nn.functional.linear(a, w, b)
        z.retain_grad()
        zs.append(z)
        a = z if l == depth else f(z)
    ((a - y) ** 2).sum().backward()
    rms = []
    for a_in, z in zip(ins, zs):
        sq = ((z.grad ** 2).sum(1) * (a_in.detach() ** 2).sum(1)).sum()
        rms.append(math.sqrt(sq.item() / (samples * a_in.shape[1] * z.shape[1])))
    return rms


def w5(threads):
    torch.set_num_threads(threads)
    t0 = time.perf_counter()
    for act in ("sigmoid", "tanh", "relu"):
        for init in ("normal", "xavier", "he"):
            for seed in range(1, 11):
                w5_config(act, init, seed)
    return time.perf_counter() - t0


def w6(threads):
    """2-64-64-1 tanh, cross-entropy, 10 epochs of 10,000 spiral samples in
    shuffled mini-batches of 64."""
    torch.set_num_threads(threads)
    X, Y = spiral(10_000)
    net = torch.nn.Sequential(
        torch.nn.Linear(2, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64), torch.nn.Tanh(), torch.nn.Linear(64, 1)
    ).double()
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    lossf = torch.nn.BCEWithLogitsLoss()
    g = torch.Generator().manual_seed(1)
    t0 = time.perf_counter()
    for _ in range(10):
        perm = torch.randperm(len(X), generator=g)
        for s in range(0, len(X), 64):
            idx = perm[s : s + 64]
            opt.zero_grad()
            lossf(net(X[idx]), Y[idx]).backward()
            opt.step()
    return time.perf_counter() - t0


def deep_net(depth, width):
    layers = []
    for _ in range(depth):
        layers += [torch.nn.Linear(width, width), torch.nn.Tanh()]
    return torch.nn.Sequential(*layers, torch.nn.Linear(width, 1)).double()


def fwd_bwd(depth, width, n, threads):
    """Seconds for forward and backward (every weight's gradient) of n
    samples through depth tanh layers of width units."""
    torch.set_num_threads(threads)
    net = deep_net(depth, width)
    x = torch.sin(torch.arange(n * width, dtype=torch.float64)).reshape(n, width)

    def step():
        net.zero_grad()
        (net(x) ** 2).sum().backward()

    return timeit(step, min_seconds=0.5, max_runs=1000)


def rss_mib():
    """Peak resident memory of this process in MiB: VmHWM, which, unlike
    getrusage's ru_maxrss, does not carry over the parent's peak through
    fork and exec."""
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss(workload):
    """Peak RSS in MiB of a fresh Python process that imports torch and
    runs one workload (w5 or w7) once: W4's million scalar tensors would
    otherwise be counted."""
    import subprocess

    out = subprocess.run([sys.executable, __file__, "--rss=" + workload], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


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
    rss = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--rss=")), None)
    if rss is not None:
        torch.set_num_threads(1)
        if rss == "w5":
            w5(1)
        elif rss == "w7":
            fwd_bwd(1000, 256, 1, 1)
        print(rss_mib())
        return
    files = [a for a in sys.argv[1:] if not a.startswith("--")]
    go = go_results(files[0]) if files else {}
    torch.set_num_threads(1)
    torch_t = {"W1": w1(), "W2": w2(), "W3": w3()}
    if "--no-w4" not in sys.argv:
        torch_t["W4"] = w4()
    torch_t["spiral1"] = batched(1)
    torch_t["spiral2"] = batched(2)
    wide = "--no-wide" not in sys.argv
    if wide:
        torch_t["W5_1"], torch_t["W5_2"] = w5(1), w5(2)
        torch_t["W5_rss"] = peak_rss("w5")
        torch_t["W6_1"], torch_t["W6_2"] = w6(1), w6(2)
        torch_t["W7_1"], torch_t["W7_2"] = fwd_bwd(1000, 256, 1, 1), fwd_bwd(1000, 256, 1, 2)
        torch_t["W7_rss"] = peak_rss("w7")
        widths = [8 << k for k in range(7)]
        torch_t["width"] = {w: fwd_bwd(20, w, 16, 1) for w in widths}

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
    if not wide:
        return
    print()
    print("Wide networks (issue 15): cgraph's dense plan against PyTorch, float64, in the same run.")
    print()
    print("| workload | cgraph 1 core | cgraph 2 cores | PyTorch 1 thread | PyTorch 2 threads | PyTorch / cgraph (best of each) |")
    print("|---|---|---|---|---|---|")
    w5cg = g("BenchmarkW5_Sweep")
    best = lambda *v: min(x for x in v if not math.isnan(x))
    print(f"| W5 vanishing sweep, 90 networks of depth 100 × width 64, 16 samples | – | {cell(w5cg)} | {cell(torch_t['W5_1'])} | {cell(torch_t['W5_2'])} | {cell(best(torch_t['W5_1'], torch_t['W5_2']) / w5cg, '×')} |")
    w6a, w6b = g("BenchmarkW6_Spiral64/cores1"), g("BenchmarkW6_Spiral64/cores2")
    print(f"| W6 2-64-64-1 tanh, spiral 10,000, batch 64, 10 epochs | {cell(w6a)} | {cell(w6b)} | {cell(torch_t['W6_1'])} | {cell(torch_t['W6_2'])} | {cell(best(torch_t['W6_1'], torch_t['W6_2']) / best(w6a, w6b), '×')} |")
    w7a, w7b = g("BenchmarkW7_Deep1000/cores1"), g("BenchmarkW7_Deep1000/cores2")
    print(f"| W7 depth 1,000 × width 256, 1 sample, fwd+bwd | {cell(w7a)} | {cell(w7b)} | {cell(torch_t['W7_1'])} | {cell(torch_t['W7_2'])} | {cell(best(torch_t['W7_1'], torch_t['W7_2']) / best(w7a, w7b), '×')} |")
    print()
    print(f"W6 per core: PyTorch/cgraph {torch_t['W6_1'] / w6a:.2f}× on one, {torch_t['W6_2'] / w6b:.2f}× on two")
    base = peak_rss("none")
    print(f"W7 memory: cgraph's plan {g('BenchmarkW7_Deep1000/cores1', 'MiB'):.0f} MiB (weights, their gradients, the pass); PyTorch peak RSS {torch_t['W7_rss']:.0f} MiB (a fresh process; {base:.0f} MiB of it is Python and torch)")
    print(f"W5 PyTorch peak RSS {torch_t['W5_rss']:.0f} MiB (a fresh process, of which {base:.0f} MiB Python and torch)")
    print()
    print("width series (20 tanh layers, 16 samples, fwd+bwd, 1 core):")
    print("| width | cgraph | PyTorch | PyTorch / cgraph |")
    print("|---|---|---|---|")
    for w, pt in torch_t["width"].items():
        cg = g(f"BenchmarkWidth/w{w}")
        print(f"| {w} | {cell(cg)} | {cell(pt)} | {cell(pt / cg, '×')} |")
    out = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--width-out=")), None)
    if out:
        with open(out, "w") as fh:
            for w, pt in torch_t["width"].items():
                fh.write(f"{w}\t{g(f'BenchmarkWidth/w{w}')}\t{pt}\n")


if __name__ == "__main__":
    main()
