"""Training by PyTorch in float64, the independent reference of
bench/optim_torch_test.go.

Reads one JSON object {"cases": [...]} from standard input; each case has
the layers' initial "weights" (weights[l][unit][input]) and "bias", their
"activations", the samples "x" and labels "y", the "loss" (squared or
softmax), the "optimizer" (sgd, momentum, adam), "lr" and "steps". Every
step is one full batch: the mean loss over the samples, backward, and the
optimizer's step. Writes {"cases": [{"weights": ..., "bias": ...}, ...]}
with the final values.
"""
import json
import sys

import torch

torch.set_default_dtype(torch.float64)

ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "linear": lambda z: z}


def run(case):
    ws = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in case["weights"]]
    bs = [torch.tensor(b, dtype=torch.float64, requires_grad=True) for b in case["bias"]]
    params = [p for pair in zip(ws, bs) for p in pair]
    lr = case["lr"]
    if case["optimizer"] == "adam":
        opt = torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    elif case["optimizer"] == "momentum":
        opt = torch.optim.SGD(params, lr=lr, momentum=0.9)
    else:
        opt = torch.optim.SGD(params, lr=lr)
    x = torch.tensor(case["x"], dtype=torch.float64)
    y = torch.tensor(case["y"], dtype=torch.float64)
    for _ in range(case["steps"]):
        opt.zero_grad()
        a = x
        for w, b, act in zip(ws, bs, case["activations"]):
            a = ACT[act](a @ w.T + b)
        if case["loss"] == "softmax":
            loss = torch.nn.functional.cross_entropy(a, y.long())
        else:
            loss = ((a[:, 0] - y) ** 2).mean()
        loss.backward()
        opt.step()
    return {"weights": [w.tolist() for w in ws], "bias": [b.tolist() for b in bs]}


req = json.load(sys.stdin)
json.dump({"cases": [run(c) for c in req["cases"]]}, sys.stdout)
