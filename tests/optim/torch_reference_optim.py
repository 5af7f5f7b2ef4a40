"""PyTorch's trajectories for tests/optim/test_pytorch_extras.cpp, in float64.

The numbers pasted into that test came from this script (PyTorch 1.13, Debian's python3-torch):
    /usr/bin/python3 tests/optim/torch_reference_optim.py
It runs as the ctest torch_reference_optim: each value must equal, to 1e-13, the one the C++ test
holds (EXPECTED below), so a number pasted wrongly fails here. Without torch it skips.
"""
import sys

try:
    import torch
except ImportError:
    print("skipped: no torch")
    sys.exit(0)

torch.set_default_dtype(torch.float64)

EXPECTED = {
    "adam amsgrad": [0.69379427531931204, -0.67261760654694824, 0.14358511443977931],
    "sgd groups w": [-3.1904898490424012, 0.16912674993160098, 0.18555329459424952],
    "sgd groups b": [-20.72345, 5.3041],
    "multistep": [1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25],
    "cosine restarts": [1, 0.77500000000000002, 0.32500000000000012, 1, 0.93971143170299742, 0.77500000000000002,
                        0.55000000000000004, 0.32500000000000012, 0.16028856829700258, 1],
    "one cycle": [0.040000000000000036, 0.52000000000000002, 1, 0.95048463201347366, 0.81174565394976306,
                  0.61126202193628931, 0.38874197806371075, 0.18825834605023697, 0.049519367986526286,
                  3.9999999999999998e-06],
    "plateau": [1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125],
}
failures = []


def check(name, values):
    """Prints a trajectory and compares it with the one the C++ test holds."""
    expected = EXPECTED[name]
    ok = len(values) == len(expected) and all(abs(v - e) <= 1e-13 * max(1.0, abs(e)) for v, e in zip(values, expected))
    print(name, [f"{v:.17g}" for v in values], "" if ok else f" MISMATCH: the C++ test holds {expected}")
    if not ok:
        failures.append(name)


# Fixed gradients, one row per step: the second moment of entry 0 peaks at step 1, so AMSGrad's
# max differs from Adam's v from step 2 on.
GRADS = [[10.0, -2.0, 0.5], [0.1, -2.0, 0.4], [0.2, 1.0, -0.3], [-0.1, 0.5, 0.2], [0.3, -0.2, 0.1]]

p = torch.nn.Parameter(torch.tensor([1.0, -1.0, 0.5]))
opt = torch.optim.Adam([p], lr=0.1, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.1, amsgrad=True)
for g in GRADS:
    p.grad = torch.tensor(g)
    opt.step()
check("adam amsgrad", p.tolist())

w = torch.nn.Parameter(torch.tensor([1.0, -1.0, 0.5]))
b = torch.nn.Parameter(torch.tensor([0.25, -0.5]))
opt = torch.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.5, "weight_decay": 0.0}],
                      lr=0.1, momentum=0.9, weight_decay=0.01)
for g in GRADS:
    w.grad = torch.tensor(g)
    b.grad = torch.tensor(g[:2])
    opt.step()
check("sgd groups w", w.tolist())
check("sgd groups b", b.tolist())


def lrs(make, steps):
    """The lr of each of `steps` steps under the scheduler make(optimizer), from lr 1."""
    q = torch.nn.Parameter(torch.zeros(1))
    o = torch.optim.SGD([q], lr=1.0)
    scheduler = make(o)
    out = []
    for _ in range(steps):
        out.append(o.param_groups[0]["lr"])
        o.step()
        scheduler.step()
    return out


S = torch.optim.lr_scheduler
check("multistep", lrs(lambda o: S.MultiStepLR(o, milestones=[2, 5], gamma=0.5), 7))
check("cosine restarts", lrs(lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.1), 10))
check("one cycle", lrs(lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=10, pct_start=0.3, cycle_momentum=False), 10))

q = torch.nn.Parameter(torch.zeros(1))
opt = torch.optim.SGD([q], lr=1.0)
plateau = S.ReduceLROnPlateau(opt, factor=0.5, patience=1, threshold=0.01, cooldown=1, min_lr=0.1)
seen = []
for metric in [1.0, 0.995, 0.99, 0.98, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]:
    plateau.step(metric)
    seen.append(opt.param_groups[0]["lr"])
check("plateau", seen)

if failures:
    sys.exit(f"{len(failures)} trajectory(ies) differ from tests/optim/test_pytorch_extras.cpp: {', '.join(failures)}")
