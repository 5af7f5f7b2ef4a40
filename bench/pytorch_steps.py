#!/usr/bin/env python3
"""PyTorch's training steps per second on bench_steps' four workloads (bench/workloads.hpp), for scale.

Optional: needs python3-torch (Debian's package), and is not part of the test command.
One thread, float32, the same networks, batch sizes, losses and optimizers as W1-W4; the data are
random with the same shapes (the numbers are speeds, not losses). Prints one JSON line per workload.

    /usr/bin/python3 bench/pytorch_steps.py [--seconds 3]
"""
import argparse
import json
import statistics
import time

import torch

WORKLOADS = [  # name, batch, sizes, loss, optimizer, lr
    ("logreg", 64, [64, 10], "softmax_ce", "sgd", 0.1),
    ("mlp", 128, [784, 256, 10], "softmax_ce", "sgd_momentum", 0.01),
    ("multilabel", 64, [100, 128, 14], "sigmoid_bce", "adam", 1e-3),
    ("mse", 64, [64, 10], "mse_softmax", "sgd", 0.5),
]


def build(batch, sizes, loss, optimizer, lr):
    g = torch.Generator().manual_seed(42)
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    x = torch.randn(batch, sizes[0], generator=g)
    classes = torch.randint(0, sizes[-1], (batch,), generator=g)
    if loss == "softmax_ce":
        target, loss_fn = classes, torch.nn.functional.cross_entropy
    elif loss == "sigmoid_bce":
        target = (torch.rand(batch, sizes[-1], generator=g) < 0.3).float()
        loss_fn = torch.nn.functional.binary_cross_entropy_with_logits
    else:
        target = torch.nn.functional.one_hot(classes, sizes[-1]).float()
        loss_fn = lambda z, t: torch.nn.functional.mse_loss(torch.softmax(z, dim=1), t)
    if optimizer == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=lr)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9 if optimizer == "sgd_momentum" else 0)

    def step():
        opt.zero_grad()
        L = loss_fn(model(x), target)
        L.backward()
        opt.step()

    return step


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0, help="per workload")
    args = parser.parse_args()
    torch.set_num_threads(1)
    for name, batch, sizes, loss, optimizer, lr in WORKLOADS:
        step = build(batch, sizes, loss, optimizer, lr)
        for _ in range(50):
            step()
        start = time.perf_counter()
        for _ in range(20):
            step()
        per_step = (time.perf_counter() - start) / 20
        block = max(1, int(0.02 / per_step))
        blocks = []
        start = time.perf_counter()
        while len(blocks) < 15 or time.perf_counter() - start < args.seconds:
            t0 = time.perf_counter()
            for _ in range(block):
                step()
            blocks.append((time.perf_counter() - t0) / block)
        print(json.dumps({"workload": name, "pytorch_steps_per_s": round(1 / statistics.median(blocks), 1),
                          "torch": torch.__version__, "threads": torch.get_num_threads(), "blocks": len(blocks)}),
              flush=True)


if __name__ == "__main__":
    main()
