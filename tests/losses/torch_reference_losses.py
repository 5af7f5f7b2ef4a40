"""Prints PyTorch's values for the inputs of tests/losses/test_robust_losses.cpp, in float64.

The numbers pasted into that test came from this script (PyTorch 1.13, Debian's python3-torch):
    /usr/bin/python3 tests/losses/torch_reference_losses.py
It runs as the ctest torch_reference_losses: each value must equal, to 1e-13, the one the C++
test holds (EXPECTED below), so a number pasted wrongly fails here. Without torch it skips.
"""
import sys

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    print("skipped: no torch")
    sys.exit(0)

EXPECTED = {
    "l1": 1.0833333333333333,
    "huber delta=1": 0.6145833333333334,
    "huber delta=0.5": 0.4166666666666667,
    "smooth_l1 beta=1": 0.6145833333333334,
    "smooth_l1 beta=0.5": 0.8333333333333334,
    "multi_margin p=1": 0.7916666666666667,
    "multi_margin p=2 margin=0.5": 1.1770833333333333,
    "multi_margin weight": 1.0208333333333335,
    "bce weight": 1.2182300158636874,
    "bce weight pos_weight": 1.534281338650425,
    "margin_ranking margin=0.5": 0.5,
}
failures = []


def check(name, value):
    """Prints a value and compares it with the one the C++ test holds."""
    expected = EXPECTED[name]
    ok = abs(value - expected) <= 1e-13 * max(1.0, abs(expected))
    sys.stdout.write(f"{name} {value!r}{'' if ok else f'  MISMATCH: the C++ test holds {expected!r}'}\n")
    if not ok:
        failures.append(name)


torch.set_printoptions(precision=17)
d = torch.float64
x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], dtype=d)
y = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=d)
cls = torch.tensor([0, 1])
check("l1", F.l1_loss(x, y).item())
check("huber delta=1", F.huber_loss(x, y, delta=1.0).item())
check("huber delta=0.5", F.huber_loss(x, y, delta=0.5).item())
check("smooth_l1 beta=1", F.smooth_l1_loss(x, y, beta=1.0).item())
check("smooth_l1 beta=0.5", F.smooth_l1_loss(x, y, beta=0.5).item())
check("multi_margin p=1", F.multi_margin_loss(x, cls).item())
check("multi_margin p=2 margin=0.5", F.multi_margin_loss(x, cls, p=2, margin=0.5).item())
w = torch.tensor([2.0, 0.5, 1.0], dtype=d)
check("multi_margin weight", F.multi_margin_loss(x, cls, weight=w).item())
check("bce weight", F.binary_cross_entropy_with_logits(x, y, weight=w).item())
pw = torch.tensor([3.0, 1.0, 0.25], dtype=d)
check("bce weight pos_weight", F.binary_cross_entropy_with_logits(x, y, weight=w, pos_weight=pw).item())
x1 = torch.tensor([0.5, -1.0, 2.0], dtype=d)
x2 = torch.tensor([1.5, 0.25, -0.75], dtype=d)
s = torch.tensor([1.0, -1.0, 1.0], dtype=d)
check("margin_ranking margin=0.5", F.margin_ranking_loss(x1, x2, s, margin=0.5).item())

if failures:
    sys.exit(f"{len(failures)} value(s) differ from tests/losses/test_robust_losses.cpp: {', '.join(failures)}")
