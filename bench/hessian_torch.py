"""Hessians of cgraph programs by PyTorch, the independent reference of
bench/hessian_torch_test.go.

Reads JSON lines {"program": ..., "inputs": {"a": ..., ...}, "wrt": [...]}
from standard input and writes one JSON line per program:
{"hessian": [[...], ...]} computed in float64 by
torch.autograd.functional.hessian, or {"error": "..."}.

The program is run as Python: its statements are already valid Python once
^ is written ** and the language's functions are defined below as PyTorch
does them.
"""
import json
import sys

import torch

torch.set_default_dtype(torch.float64)


def mse(*a):
    pairs = [(a[i] - a[i + 1]) ** 2 for i in range(0, len(a), 2)]
    return sum(pairs) / len(pairs)


FUNCS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "exp": torch.exp,
    "log": torch.log,
    "relu": torch.relu,
    "leaky_relu": lambda x: torch.nn.functional.leaky_relu(x, 0.01),
    "neg": lambda x: -x,
    "sqloss": lambda yhat, y: (yhat - y) ** 2,
    "mse": mse,
    "softplus": lambda x: torch.nn.functional.softplus(x, beta=1, threshold=1000),
    "abs": torch.abs,
    "sqrt": torch.sqrt,
    "sin": torch.sin,
    "cos": torch.cos,
    "max": torch.maximum,
    "min": torch.minimum,
}


def tensors(f):
    """f taking numbers as well: tanh(1.4) in a program is tanh of a constant."""
    return lambda *a: f(*[torch.as_tensor(x, dtype=torch.float64) for x in a])


FUNCS = {name: tensors(f) for name, f in FUNCS.items()}


def hessian(program, inputs, wrt):
    code = program.replace("^", "**").replace(";", "\n")
    target = [line.split("=")[0].strip() for line in code.splitlines() if "=" in line][-1]

    def f(*xs):
        env = dict(FUNCS)
        for name, value in inputs.items():
            env[name] = torch.tensor(value)
        for name, x in zip(wrt, xs):
            env[name] = x
        exec(code, {"__builtins__": {}}, env)
        return env[target]

    xs = tuple(torch.tensor(inputs[name]) for name in wrt)
    h = torch.autograd.functional.hessian(f, xs)
    return [[float(h[i][j]) for j in range(len(wrt))] for i in range(len(wrt))]


for line in sys.stdin:
    req = json.loads(line)
    try:
        out = {"hessian": hessian(req["program"], req["inputs"], req["wrt"])}
    except Exception as e:  # reported per program, the run goes on
        out = {"error": repr(e)}
    print(json.dumps(out), flush=True)
