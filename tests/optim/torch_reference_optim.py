"""Prints PyTorch's trajectories for tests/optim/test_pytorch_extras.cpp, in float64.

The numbers pasted into that test came from this script (PyTorch 1.13, Debian's python3-torch):
    /usr/bin/python3 tests/optim/torch_reference_optim.py
"""
import torch

torch.set_default_dtype(torch.float64)

# Fixed gradients, one row per step: the second moment of entry 0 peaks at step 1, so AMSGrad's
# max differs from Adam's v from step 2 on.
GRADS = [[10.0, -2.0, 0.5], [0.1, -2.0, 0.4], [0.2, 1.0, -0.3], [-0.1, 0.5, 0.2], [0.3, -0.2, 0.1]]


def adam_amsgrad():
    p = torch.nn.Parameter(torch.tensor([1.0, -1.0, 0.5]))
    opt = torch.optim.Adam([p], lr=0.1, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.1, amsgrad=True)
    for g in GRADS:
        p.grad = torch.tensor(g)
        opt.step()
    print("adam amsgrad", [f"{v:.17g}" for v in p.tolist()])


def sgd_groups():
    w = torch.nn.Parameter(torch.tensor([1.0, -1.0, 0.5]))
    b = torch.nn.Parameter(torch.tensor([0.25, -0.5]))
    opt = torch.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.5, "weight_decay": 0.0}],
                          lr=0.1, momentum=0.9, weight_decay=0.01)
    for g in GRADS:
        w.grad = torch.tensor(g)
        b.grad = torch.tensor(g[:2])
        opt.step()
    print("sgd groups w", [f"{v:.17g}" for v in w.tolist()])
    print("sgd groups b", [f"{v:.17g}" for v in b.tolist()])


def lrs(make, steps):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=1.0)
    sched = make(opt)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


def schedules():
    S = torch.optim.lr_scheduler
    print("multistep", lrs(lambda o: S.MultiStepLR(o, milestones=[2, 5], gamma=0.5), 7))
    print("cosine restarts", [f"{v:.17g}" for v in lrs(lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.1), 10)])
    print("one cycle", [f"{v:.17g}" for v in lrs(lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=10, pct_start=0.3,
                                                                     cycle_momentum=False), 10)])


def plateau():
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=1.0)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=1, threshold=0.01, cooldown=1,
                                                       min_lr=0.1)
    metrics = [1.0, 0.995, 0.99, 0.98, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]
    out = []
    for m in metrics:
        sched.step(m)
        out.append(opt.param_groups[0]["lr"])
    print("plateau", out)


adam_amsgrad()
sgd_groups()
schedules()
plateau()
