// Mean squared error, and its probability-space forms used to compare against cross-entropy:
// MSE between softmax(logits) and one-hot rows, and between sigmoid(logits) and n-hot rows.
// All three are built from ops, so their gradients carry the softmax's or sigmoid's derivative.
#pragma once

#include "reduction.hpp"

namespace tapegrad {

/// MSE's reduction follows PyTorch: mean over ALL m x n entries. batch_mean (sum over a row's
/// entries, mean over rows) is n times that: for mse_softmax it is the Brier score.
struct MseOptions {
    /// mean (default): over all m x n entries; sum; batch_mean: sum / rows; none: (m,n).
    MseOptions& reduction(Reduction r) { reduction_ = r; return *this; }
    Reduction reduction() const { return reduction_; }

private:
    Reduction reduction_ = Reduction::mean;
};

/// L = mean over entries of (pred - target)^2.     pred, target: (m,n)
/// dL/dpred = 2 (pred - target) / (m n)
template <class T>
Var<T> mse(Var<T> pred, Var<T> target, const MseOptions& options = {});

/// mse(softmax(logits), target): target rows are distributions (one-hot or soft).
/// dL/dz_k = (2 / (m C)) sum_c (p_c - t_c) p_c (delta_ck - p_k): when the softmax saturates
/// (some p_c near 1), every p_c (delta_ck - p_k) is near 0, and so is the gradient, right or wrong.
template <class T>
Var<T> mse_softmax(Var<T> logits, Var<T> target, const MseOptions& options = {});

/// mse(sigmoid(logits), target): target entries in [0, 1] (n-hot).
/// dL/dx = (2 / (m n)) (s - y) s (1 - s): the factor s (1 - s) vanishes when s nears 0 or 1,
/// so a confidently wrong output learns almost nothing (cross-entropy's gradient is just s - y).
template <class T>
Var<T> mse_sigmoid(Var<T> logits, Var<T> target, const MseOptions& options = {});

}  // namespace tapegrad
