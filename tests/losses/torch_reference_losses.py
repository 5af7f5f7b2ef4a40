"""Prints PyTorch's values for the inputs of tests/losses/test_robust_losses.cpp, in float64.

The numbers pasted into that test came from this script (PyTorch 1.13, Debian's python3-torch):
    /usr/bin/python3 tests/losses/torch_reference_losses.py
"""
import torch
import torch.nn.functional as F

torch.set_printoptions(precision=17)
d = torch.float64
x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], dtype=d)
y = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=d)
cls = torch.tensor([0, 1])
print("l1", F.l1_loss(x, y).item())
print("huber delta=1", F.huber_loss(x, y, delta=1.0).item())
print("huber delta=0.5", F.huber_loss(x, y, delta=0.5).item())
print("smooth_l1 beta=1", F.smooth_l1_loss(x, y, beta=1.0).item())
print("smooth_l1 beta=0.5", F.smooth_l1_loss(x, y, beta=0.5).item())
print("multi_margin p=1", F.multi_margin_loss(x, cls).item())
print("multi_margin p=2 margin=0.5", F.multi_margin_loss(x, cls, p=2, margin=0.5).item())
w = torch.tensor([2.0, 0.5, 1.0], dtype=d)
print("multi_margin weight", F.multi_margin_loss(x, cls, weight=w).item())
print("bce weight", F.binary_cross_entropy_with_logits(x, y, weight=w).item())
pw = torch.tensor([3.0, 1.0, 0.25], dtype=d)
print("bce weight pos_weight", F.binary_cross_entropy_with_logits(x, y, weight=w, pos_weight=pw).item())
x1 = torch.tensor([0.5, -1.0, 2.0], dtype=d)
x2 = torch.tensor([1.5, 0.25, -0.75], dtype=d)
s = torch.tensor([1.0, -1.0, 1.0], dtype=d)
print("margin_ranking margin=0.5", F.margin_ranking_loss(x1, x2, s, margin=0.5).item())
